#!/bin/sh
# Not part of make check: runs the original quorum test programs and the
# original corosync-quorumtool on one host against the original executive
# and against ours (with the original and with our client libraries), and
# compares their output.
#
#   sh compat-tests/quorum/orig-programs.sh [ORIGINAL_TREE]
#
# Two known differences that are not errors: `testvotequorum1 3 2` asks
# for getinfo right after setvotes, before the reconfigure multicast may
# have come back, so its "votequorum" line can show the old quorum on
# either executive (a race of the protocol); corosync-quorumtool needs the
# confdb and cfg engines, which must be in the executive under test.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ORIG=${1:-/work/orig/corosync-1.4.10}
INST=${ORIGINAL:-/work/orig/inst}
T=$ORIG/test
CONF=$ROOT/compat-tests/conf/votequorum-loopback.conf
out=$(mktemp -d)
run() {
	# timeout ends the programs that dispatch forever
	"$@" sh -c "
		sleep 1
		timeout 1 stdbuf -oL $T/testquorum; echo rc=\$?
		timeout 1 stdbuf -oL $T/testvotequorum1; echo rc=\$?
		timeout 1 stdbuf -oL $T/testvotequorum1 3 2; echo rc=\$?
		timeout 1 stdbuf -oL $T/testvotequorum1; echo rc=\$?
		$T/testvotequorum2 3 1; echo rc=\$?
		echo '=== corosync-quorumtool'
		$INST/sbin/corosync-quorumtool -s; echo rc=\$?
		$INST/sbin/corosync-quorumtool -l -i; echo rc=\$?
		$INST/sbin/corosync-quorumtool -v 1; echo rc=\$?
		$INST/sbin/corosync-quorumtool -e 9; echo rc=\$?
		$INST/sbin/corosync-quorumtool -s; echo rc=\$?
	" 2>&1 | sed 's/^\( *[0-9]*\): /N: /'
}
EXECUTIVE=$INST/sbin/corosync EXECUTIVE_LIBS=$INST/lib CLIENT_LIBS=$INST/lib \
	run "$ROOT/compat-tests/in-netns" "$CONF" >"$out/orig"
CLIENT_LIBS=$INST/lib run "$ROOT/compat-tests/in-netns" "$CONF" >"$out/ours-origlibs"
CLIENT_LIBS=$ROOT/build/lib:$INST/lib run "$ROOT/compat-tests/in-netns" "$CONF" >"$out/ours-ourlibs"
fail=0
for v in orig ours-origlibs ours-ourlibs; do
	sed '/^=== corosync-quorumtool/,$d' "$out/$v" >"$out/$v.programs"
	sed -n '/^=== corosync-quorumtool/,$p' "$out/$v" >"$out/$v.tool"
done
for v in ours-origlibs ours-ourlibs; do
	if [ -s "$out/orig.programs" ] && diff -u "$out/orig.programs" "$out/$v.programs"; then
		echo "ok   test programs: same output with $v ($(wc -l <"$out/orig.programs") lines)"
	else
		echo "FAIL test programs: output differs with $v"; fail=1
	fi
	# corosync-quorumtool also needs the confdb and cfg engines
	if diff -u "$out/orig.tool" "$out/$v.tool"; then
		echo "ok   corosync-quorumtool: same output with $v"
	else
		echo "FAIL corosync-quorumtool: output differs with $v"; fail=1
	fi
done
rm -rf "$out"
exit $fail
