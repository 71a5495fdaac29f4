#!/bin/sh
# ABI of the built libraries against the originals': file name, SONAME,
# version node and the exact list of exported symbols with their versions
# (symbols/<lib>.txt, taken from the original libraries).
#
#   sh compat-tests/abi/check.sh [LIBDIR]     (default: build/lib)
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
LIBDIR=${1:-$ROOT/build/lib}
fail=0
for golden in "$HERE"/symbols/*.txt; do
	lib=$(basename "$golden" .txt)
	soname=$(sed -n 's/^# soname //p' "$golden")
	file=$(sed -n 's/^# file //p' "$golden")
	if [ ! -f "$LIBDIR/$file" ]; then
		echo "FAIL $lib: $LIBDIR/$file missing"; fail=1; continue
	fi
	got_soname=$(readelf -d "$LIBDIR/$file" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
	if [ "$got_soname" != "$soname" ]; then
		echo "FAIL $lib: SONAME $got_soname, expected $soname"; fail=1
	fi
	for link in "$soname" "$lib.so"; do
		if [ "$(readlink "$LIBDIR/$link")" != "$file" ]; then
			echo "FAIL $lib: $link does not point to $file"; fail=1
		fi
	done
	got=$(nm -D --defined-only --with-symbol-versions "$LIBDIR/$file" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' | grep -v '^[A-Z_]*_[0-9.A-Z]*$' | sort)
	want=$(grep -v '^#' "$golden")
	if [ "$got" != "$want" ]; then
		echo "FAIL $lib: exported symbols differ (< expected, > built):"
		printf '%s\n' "$want" > /tmp/abi-want.$$; printf '%s\n' "$got" > /tmp/abi-got.$$
		diff /tmp/abi-want.$$ /tmp/abi-got.$$ | sed 's/^/    /'
		rm -f /tmp/abi-want.$$ /tmp/abi-got.$$
		fail=1
	else
		echo "ok   $lib: $soname, $(printf '%s\n' "$want" | wc -l) symbols"
	fi
	# every versioned symbol of the original must resolve in ours with the
	# same node (checked above); the node itself must be defined
	for node in $(printf '%s\n' "$want" | sed -n 's/.*@@//p' | sort -u); do
		if ! readelf -V "$LIBDIR/$file" | grep -q "Name: $node"; then
			echo "FAIL $lib: version node $node not defined"; fail=1
		fi
	done
done
exit $fail
