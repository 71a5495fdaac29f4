#!/bin/sh
# `make install DESTDIR=D PREFIX=/usr` lays out exactly the files in
# expected.txt (type, path, link target); LIBDIR= moves the libraries.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/compat-tests/install
rc=0
listing() {
	(cd "$1" && find . -mindepth 1 | sort | while read -r p; do
		if [ -L "$p" ]; then echo "l ${p#.} -> $(readlink "$p")"
		elif [ -d "$p" ]; then echo "d ${p#.}"
		else echo "f ${p#.}"; fi
	done)
}
d=$(mktemp -d)
make -s -C "$ROOT" install DESTDIR="$d" PREFIX=/usr >/dev/null || { echo "make install failed"; exit 1; }
listing "$d" > "$d.list"
if ! diff -u "$HERE/expected.txt" "$d.list"; then
	echo "FAIL: installed files differ from compat-tests/install/expected.txt"; rc=1
else
	echo "ok   make install DESTDIR=... PREFIX=/usr: $(wc -l < "$d.list") entries"
fi
grep -q '^libdir=/usr/lib$' "$d/usr/lib/pkgconfig/libcpg.pc" || { echo "FAIL: libdir in libcpg.pc"; rc=1; }
rm -rf "$d" "$d.list"
d=$(mktemp -d)
make -s -C "$ROOT" install DESTDIR="$d" PREFIX=/usr LIBDIR=/usr/lib64 >/dev/null || { echo "make install LIBDIR failed"; exit 1; }
if [ -f "$d/usr/lib64/libcpg.so.4.1.0" ] && [ ! -e "$d/usr/lib/libcpg.so.4.1.0" ] \
	&& grep -q '^libdir=/usr/lib64$' "$d/usr/lib64/pkgconfig/libcpg.pc"; then
	echo "ok   LIBDIR=/usr/lib64 moves the libraries and pkg-config files"
else
	echo "FAIL: LIBDIR=/usr/lib64"; rc=1
fi
rm -rf "$d"
exit $rc
