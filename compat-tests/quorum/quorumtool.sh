#!/bin/sh
# Our corosync-quorumtool against the original one: the same commands on
# a fresh one-host executive each, same output and exit statuses.
#
#   sh compat-tests/quorum/quorumtool.sh
#
# EXECUTIVE/EXECUTIVE_LIBS select the executive (as compat-tests/in-netns;
# corosync-quorumtool needs the confdb and cfg engines besides quorum);
# ORIGINAL (default /work/orig/inst) holds the original tool.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
INST=${ORIGINAL:-/work/orig/inst}
OURS=$ROOT/build/sbin/corosync-quorumtool
CONF=$ROOT/compat-tests/conf/votequorum-loopback.conf
out=$(mktemp -d)
script='
	sleep 1
	t=$TOOL
	$t; echo rc=$?
	$t -s; echo rc=$?
	$t -l; echo rc=$?
	$t -l -i -h; echo rc=$?
	$t -v 2; echo rc=$?
	$t -s; echo rc=$?
	$t -v 1 -n 0x7f; echo rc=$?
	$t -e 0; echo rc=$?
	$t -e 9; echo rc=$?
	$t -x -s; echo rc=$?
	$t -n; echo rc=$?
	$t -e 3 -s; echo rc=$?
	$t -s; echo rc=$?
	$t -l; echo rc=$?
'
for v in orig ours; do
	if [ $v = orig ]; then TOOL=$INST/sbin/corosync-quorumtool; else TOOL=$OURS; fi
	export TOOL
	CLIENT_LIBS=$INST/lib "$ROOT/compat-tests/in-netns" "$CONF" sh -c "$script" 2>&1 |
		sed "s|$TOOL|corosync-quorumtool|g" >"$out/$v"
done
if diff -u "$out/orig" "$out/ours"; then
	echo "ok   corosync-quorumtool: same output as the original ($(wc -l <"$out/orig") lines)"
	rc=0
else
	echo "FAIL corosync-quorumtool: output differs"
	rc=1
fi
rm -rf "$out"
exit $rc
