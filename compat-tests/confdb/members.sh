#!/bin/bash
# runtime.totem.pg.mrp.srp.members on 3 hosts, read with corosync-objctl:
# every host lists all three nodes joined with their addresses; after host
# 3 stops, the others show it as left; when it comes back its join_count
# is 2. With ORIGINAL=<prefix of a corosync 1.4 install>, host 2 runs the
# original executive (and the tool reads it through our library).
#
#   members.sh [TRANSPORT]
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../cluster/lib.sh"
transport=${1:-udp}
work=$(mktemp -d)
cluster_init "$work"
trap 'cluster_down; rm -rf "$work"' EXIT
OBJCTL=$CL_ROOT/build/sbin/corosync-objctl
cluster_up 3 "$transport" off
fail() { echo "FAIL: $*"; for i in 1 2 3; do echo "--- host $i"; tail -n 20 "$(host_log $i)"; done; exit 1; }
nodeid() { python3 -c "import ipaddress; print(int.from_bytes(ipaddress.IPv4Address('$(host_addr $1)').packed, 'little'))"; }
members() { host_exec "$1" "$OBJCTL" runtime.totem.pg.mrp.srp.members 2>/dev/null; }
# waits (bounded) until host $1's member list contains line $2
wait_line() {
	k=0
	while [ $k -lt 300 ]; do
		members "$1" | grep -qxF "$2" && return 0
		sleep 0.1; k=$((k + 1))
	done
	members "$1"
	return 1
}
if [ -n "${ORIGINAL:-}" ]; then
	EXTRA_RUN_DIRS="$ORIGINAL/var/run" EXECUTIVE_LIBS=$ORIGINAL/lib host_start 2 "$ORIGINAL/sbin/corosync"
	host_start 1; host_start 3
else
	for i in 1 2 3; do host_start $i; done
fi
for i in 1 2 3; do host_wait_ipc $i || fail "host $i has no IPC"; done
P=runtime.totem.pg.mrp.srp
for i in 1 2 3; do
	for j in 1 2 3; do
		n=$(nodeid $j)
		wait_line $i "$P.$n.status=joined" || fail "host $i: node $j not joined"
		members $i | grep -qxF "$P.$n.ip=r(0) ip($(host_addr $j)) " || fail "host $i: ip of node $j"
	done
done
n3=$(nodeid 3)
host_stop 3
for i in 1 2; do wait_line $i "$P.$n3.status=left" || fail "host $i: node 3 not left"; done
host_start 3
host_wait_ipc 3 || fail "host 3 has no IPC after restart"
for i in 1 2; do wait_line $i "$P.$n3.join_count=2" || fail "host $i: node 3 join_count"; done
echo "ok   members on 3 hosts ($transport${ORIGINAL:+, host 2 original})"
