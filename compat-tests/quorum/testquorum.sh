#!/bin/sh
# The testquorum provider on one host: quorum.quorate, written with
# corosync-objctl, decides the quorate state, which corosync-quorumtool
# shows. The expected output was recorded with the original executive.
# The quorate state must follow each write at once (the engine is told of
# the key change; nothing is polled).
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mktemp)
"$ROOT/compat-tests/in-netns" "$ROOT/compat-tests/conf/testquorum-loopback.conf" sh -c "
	sleep 0.2
	$ROOT/build/sbin/corosync-quorumtool -s
	$ROOT/build/sbin/corosync-objctl -w quorum.quorate=1; sleep 0.2
	$ROOT/build/sbin/corosync-quorumtool -s
	$ROOT/build/sbin/corosync-objctl -w quorum.quorate=0; sleep 0.2
	$ROOT/build/sbin/corosync-quorumtool -s
" 2>&1 | grep -v '^[[:space:]]*$' >"$out"
if diff -u "$ROOT/compat-tests/quorum/testquorum.expected" "$out"; then
	echo "ok   testquorum follows quorum.quorate"
	rc=0
else
	echo "FAIL testquorum output differs"
	rc=1
fi
rm -f "$out"
exit $rc
