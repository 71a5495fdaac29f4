#!/bin/bash
# Membership under failures, seen through CPG on 3 hosts:
#   1. kill -9 of host 3: hosts 1 and 2 report its member left with
#      CPG_REASON_NODEDOWN within token + consensus + a margin;
#   2. host 3 restarts: its new member is seen joining;
#   3. host 3 is cut off (all its packets dropped): both sides report the
#      others as NODEDOWN; healed, the rings merge and both sides report
#      NODEUP;
#   4. host 2 stops cleanly (SIGTERM): it disconnects its clients first, so
#      the others see its member leave with CPG_REASON_PROCDOWN at once.
# Prints the measured detection times.
#
#   failover.sh TRANSPORT SECAUTH
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
. "$HERE/events.sh"
transport=${1:-udp} secauth=${2:-off}
: "${MARGIN_MS:=600}"
work=$(mktemp -d)
cluster_init "$work"
trap 'kill $(jobs -p) 2>/dev/null; cluster_down; rm -rf "$work"' EXIT
cluster_up 3 "$transport" "$secauth"
token=$TOKEN
consensus=${CONSENSUS:-$((token * 12 / 10))}
limit_ms=$((token + consensus + MARGIN_MS))
EVENT_GROUP=failover
start_observed 3
n3=$(nodeid 3)

# 1. kill -9
t_kill=$(mono)
host_kill 3
for i in 1 2; do
	t=$(wait_event "$work/events.a$i" "left $n3 [0-9]+ 3\$" 20 "$t_kill") || fail "host $i did not report NODEDOWN of host 3"
	d=$(ms "$t_kill" "$t")
	echo "kill -9: host $i reported NODEDOWN after $d ms (token $token, consensus $consensus)"
	[ "$d" -le "$limit_ms" ] || fail "NODEDOWN after $d ms > $limit_ms ms"
done

# 2. restart
t_start=$(mono)
host_start 3
host_wait_ipc 3 || fail "host 3 has no IPC after restart"
observer 3 b3
for i in 1 2; do
	t=$(wait_event "$work/events.a$i" "joined $n3 [0-9]+ 1\$" 20 "$t_start") || fail "host $i did not see host 3's member join"
	echo "restart: host $i saw host 3's member join $(ms "$t_start" "$t") ms after the restart"
done
wait_event "$work/events.b3" "members 3" 20 >/dev/null || fail "host 3 did not see 3 members after restart"

# 3. partition and merge
t_cut=$(mono)
host_isolate 3
for i in 1 2; do
	t=$(wait_event "$work/events.a$i" "left $n3 [0-9]+ 3\$" 20 "$t_cut") || fail "host $i did not report NODEDOWN of the isolated host"
	echo "partition: host $i reported NODEDOWN of host 3 after $(ms "$t_cut" "$t") ms"
done
t=$(wait_event "$work/events.b3" "left $(nodeid 1) [0-9]+ 3\$" 20 "$t_cut") || fail "host 3 did not report NODEDOWN of host 1"
echo "partition: host 3 reported NODEDOWN of host 1 after $(ms "$t_cut" "$t") ms"
t_heal=$(mono)
host_heal 3
for i in 1 2; do
	t=$(wait_event "$work/events.a$i" "joined $n3 [0-9]+ 4\$" 30 "$t_heal") || fail "host $i did not report NODEUP after the merge"
	echo "merge: host $i reported NODEUP of host 3 after $(ms "$t_heal" "$t") ms"
done
wait_event "$work/events.b3" "joined $(nodeid 1) [0-9]+ 4\$" 30 "$t_heal" >/dev/null || fail "host 3 did not report NODEUP of host 1"

# 4. clean stop
n2=$(nodeid 2)
t_stop=$(mono)
host_stop 2
t=$(wait_event "$work/events.a1" "left $n2 [0-9]+ 5\$" 20 "$t_stop") || fail "host 1 did not report PROCDOWN of the stopped host's member"
d=$(ms "$t_stop" "$t")
echo "clean stop: host 1 reported PROCDOWN of host 2's member after $d ms"
[ "$d" -le "$limit_ms" ] || fail "clean stop noticed after $d ms"
echo "failover ($transport, secauth $secauth): ok"
