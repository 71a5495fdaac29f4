#!/bin/sh
# corosync-cfgtool against a running one-host executive (run it through
# compat-tests/in-netns on udp-loopback.conf): the output of the queries
# must be exactly cfgtool.expected (taken from the original tool and
# executive); then the executive is stopped by -H (clean exit, status 0)
# or by -k of its own node id (fatal exit, status -1).
#
#   compat-tests/in-netns compat-tests/conf/udp-loopback.conf \
#       sh compat-tests/cfg/cfgtool.sh shutdown|kill
#
# CFGTOOL selects the tool (default build/sbin/corosync-cfgtool).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
T=${CFGTOOL:-$HERE/../../build/sbin/corosync-cfgtool}
how=${1:-shutdown}
rc=0
out=$(mktemp)
{ $T -s; $T -a 0; $T -a 5; $T -r; $T -l foo -v 2; $T -u bar; $T -c 1; $T -k 77; $T -h; $T; } > "$out"
if ! diff -u "$HERE/cfgtool.expected" "$out"; then
	echo "FAIL: corosync-cfgtool output differs"; rc=1
fi
rm -f "$out"
gone() {
	k=0
	while [ $k -lt 100 ] && grep -q "@corosync.ipc" /proc/net/unix; do sleep 0.1; k=$((k + 1)); done
	! grep -q "@corosync.ipc" /proc/net/unix
}
case $how in
shutdown)
	[ "$($T -H)" = "Shutting down corosync" ] || { echo "FAIL: -H output"; rc=1; }
	gone || { echo "FAIL: the executive is still running after -H"; rc=1; }
	grep -q "Node 16777343 was shut down by sysadmin" "$LOG" || { echo "FAIL: no shutdown line"; rc=1; }
	grep -q "exiting with status 0 " "$LOG" || { echo "FAIL: no clean exit"; rc=1; }
	;;
kill)
	[ "$($T -k 16777343)" = "Killing node 16777343" ] || { echo "FAIL: -k output"; rc=1; }
	gone || { echo "FAIL: the executive is still running after -k"; rc=1; }
	grep -q "Killed by node 16777343: Killed by corosync-cfgtool" "$LOG" || { echo "FAIL: no kill line"; rc=1; }
	grep -q "exiting with status -1 " "$LOG" || { echo "FAIL: no fatal exit"; rc=1; }
	;;
esac
# afterwards the tool cannot connect
[ "$($T -s | tail -n 1)" = "Could not initialize corosync configuration API error 6" ] ||
	{ echo "FAIL: tool output without an executive"; rc=1; }
[ $rc -eq 0 ] && echo "ok   corosync-cfgtool: queries, -$( [ "$how" = kill ] && echo k || echo H )"
exit $rc
