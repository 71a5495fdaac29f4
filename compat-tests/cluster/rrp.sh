#!/bin/bash
# Redundant ring: 3 hosts, each with one interface on each of two bridges.
# The ring forms on both rings; group messages agree; then ring 1 of one
# host is cut (iptables): the fault must be detected and shown by
# `corosync-cfgtool -s`, messages must still agree over ring 0; after the
# cut is healed `corosync-cfgtool -r` re-enables the ring cluster-wide and
# no host reports a fault any more.
#
#   rrp.sh passive|active [TRANSPORT] [MESSAGES]
#
# Prints how long fault detection took (informational only).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
mode=$1 transport=${2:-udp} msgs=${3:-200}
export RRP=$mode
# no automatic recovery within the test: only `corosync-cfgtool -r` brings
# a faulty ring back
export RRP_AUTORECOVERY=3600000
. "$HERE/lib.sh"
n=3
work=$(mktemp -d)
cluster_init "$work"
trap 'cluster_down; rm -rf "$work"' EXIT
cluster_up "$n" "$transport" off
CFGTOOL=${CFGTOOL:-$CL_ROOT/build/sbin/corosync-cfgtool}
for i in $(seq 1 "$n"); do host_start "$i"; done
for i in $(seq 1 "$n"); do host_wait_ipc "$i" || { echo "host $i: no IPC"; cat "$(host_log "$i")"; exit 1; }; done

rc=0
status() { host_exec "$1" "$CFGTOOL" -s; }
failed() { echo "FAIL: $*"; rc=1; }

# both rings up and fault-free, with this host's addresses
for i in $(seq 1 "$n"); do
	s=$(status "$i")
	echo "$s" | grep -q "id	= $(host_addr "$i")$" || failed "host $i ring 0 address: $s"
	echo "$s" | grep -q "id	= $(host_addr1 "$i")$" || failed "host $i ring 1 address: $s"
	[ "$(echo "$s" | grep -c "status	= ring [01] active with no faults")" -eq 2 ] ||
		failed "host $i not fault-free at start: $s"
done
a=$(host_exec 1 "$CFGTOOL" -a 0)
[ "$a" = "$(host_addr 1) $(host_addr1 1)" ] || failed "host 1 addresses: '$a'"

agree() {
	pids=
	rm -f "$work"/out*
	for i in $(seq 1 "$n"); do
		host_exec "$i" "$CL_ROOT/build/tests/cpg_member" -n "$n" -m "$msgs" -t 60 -o "$work/out$i" &
		pids="$pids $!"
	done
	for p in $pids; do wait "$p" || true; done
	for i in $(seq 1 "$n"); do
		[ -s "$work/out$i" ] || { failed "$1: host $i member failed"; return; }
	done
	if [ "$(cat "$work"/out* | sort -u | wc -l)" -ne 1 ]; then
		failed "$1: members disagree"; cat "$work"/out*
	else
		echo "ok   $mode: $1: 3 hosts agree on $(cat "$work/out1")"
	fi
}
agree "both rings"

# cut ring 1 of host 2
host_block_ring 2 1
t0=$(date +%s.%N)
k=0
while [ $k -lt 300 ] && ! status 2 | grep -q "FAULTY"; do sleep 0.1; k=$((k + 1)); done
t1=$(date +%s.%N)
s=$(status 2)
# passive mode: "Marking ringid 1 interface A FAULTY"; active mode names
# the token's sequence number too: "Marking seqid N ringid 1 interface A FAULTY"
if echo "$s" | grep -qE "status	= Marking (seqid [0-9]+ )?ringid 1 interface $(host_addr1 2) FAULTY$"; then
	printf 'ok   %s: host 2 reports ring 1 faulty after %.1f s\n' "$mode" "$(echo "$t1 - $t0" | bc)"
else
	failed "host 2 does not report ring 1 faulty: $s"
fi
echo "$s" | grep -q "status	= ring 0 active with no faults" || failed "ring 0 of host 2 affected: $s"
for i in 1 3; do echo "--- host $i:"; status "$i" | grep "	status"; done
agree "ring 1 of host 2 cut"

# heal: still faulty (no automatic recovery); re-enable cluster-wide from
# host 1: no faults anywhere
host_unblock_ring 2 1
status 2 | grep -q "ringid 1 interface $(host_addr1 2) FAULTY" || failed "ring 1 of host 2 recovered without -r"
host_exec 1 "$CFGTOOL" -r | grep -q "Re-enabling all failed rings." || failed "cfgtool -r"
k=0
while [ $k -lt 100 ]; do
	bad=0
	for i in $(seq 1 "$n"); do status "$i" | grep -q FAULTY && bad=1; done
	[ $bad -eq 0 ] && break
	sleep 0.1; k=$((k + 1))
done
for i in $(seq 1 "$n"); do
	s=$(status "$i")
	[ "$(echo "$s" | grep -c "status	= ring [01] active with no faults")" -eq 2 ] ||
		failed "host $i still faulty after re-enable: $s"
done
[ $rc -eq 0 ] && echo "ok   $mode: re-enabled, no faults on any host"
agree "re-enabled"
if [ $rc -ne 0 ]; then
	for i in $(seq 1 "$n"); do echo "--- host $i"; tail -n 30 "$(host_log "$i")"; done
fi
exit $rc
