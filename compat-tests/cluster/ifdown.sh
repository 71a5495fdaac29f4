#!/bin/bash
# A host's network interface goes down and comes back (ip link set down /
# up inside its namespace), seen through CPG on 3 hosts: the others report
# its member gone (NODEDOWN), it keeps running on its own, and once the
# link is up again the ring merges and every host reports NODEUP. Then the
# same with the interface's address removed and added back.
#
#   ifdown.sh TRANSPORT SECAUTH
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
transport=${1:-udp} secauth=${2:-off}
work=$(mktemp -d)
cluster_init "$work"
trap 'kill $(jobs -p) 2>/dev/null; cluster_down; rm -rf "$work"' EXIT
cluster_up 3 "$transport" "$secauth"
mono() { python3 -c 'import time; print("%.3f" % time.monotonic())'; }
observer() { # host tag
	host_exec "$1" "$CL_ROOT/build/tests/cpg_member" -m 0 -t 120 -g ifdown -e "$work/events.$2" &
}
event_time() { # file pattern since
	awk -v pat="$2" -v since="$3" '$1 >= since && $0 ~ pat { print $1; exit }' "$1" 2>/dev/null
}
wait_event() { # file pattern timeout-seconds [since]
	k=0
	while [ $k -lt $(($3 * 10)) ]; do
		t=$(event_time "$1" "$2" "${4:-0}")
		[ -n "$t" ] && { echo "$t"; return 0; }
		sleep 0.1; k=$((k + 1))
	done
	return 1
}
nodeid() {
	python3 -c "import ipaddress,sys; print(int.from_bytes(ipaddress.IPv4Address('$(host_addr $1)').packed, 'little'))"
}
fail() { echo "FAIL: $*"; for i in 1 2 3; do echo "--- host $i"; tail -n 30 "$(host_log $i)"; done; exit 1; }
ms() { echo "($2 - $1) * 1000 / 1" | bc; }

for i in 1 2 3; do host_start $i; done
for i in 1 2 3; do host_wait_ipc $i || fail "host $i has no IPC"; done
for i in 1 2 3; do observer $i a$i; done
for i in 1 2 3; do wait_event "$work/events.a$i" "members 3" 20 >/dev/null || fail "host $i never saw 3 members"; done
n3=$(nodeid 3) n1=$(nodeid 1)
ns3=$(cl_ns 3)

round() { # label down-command up-command
	t_down=$(mono)
	eval "$2"
	for i in 1 2; do
		t=$(wait_event "$work/events.a$i" "left $n3 [0-9]+ 3\$" 20 "$t_down") \
			|| fail "$1: host $i did not report NODEDOWN of host 3"
		echo "$1: host $i reported NODEDOWN of host 3 after $(ms "$t_down" "$t") ms"
	done
	t=$(wait_event "$work/events.a3" "left $n1 [0-9]+ 3\$" 20 "$t_down") \
		|| fail "$1: host 3 did not report NODEDOWN of host 1"
	kill -0 "$(host_pid 3)" 2>/dev/null || fail "$1: host 3's executive died"
	t_up=$(mono)
	eval "$3"
	for i in 1 2; do
		t=$(wait_event "$work/events.a$i" "joined $n3 [0-9]+ 4\$" 30 "$t_up") \
			|| fail "$1: host $i did not report NODEUP of host 3"
		echo "$1: host $i reported NODEUP of host 3 after $(ms "$t_up" "$t") ms"
	done
	wait_event "$work/events.a3" "joined $n1 [0-9]+ 4\$" 30 "$t_up" >/dev/null \
		|| fail "$1: host 3 did not report NODEUP of host 1"
}
round "link down" "ip -n $ns3 link set dev eth0 down" "ip -n $ns3 link set dev eth0 up"
round "address removed" "ip -n $ns3 addr del $(host_addr 3)/24 dev eth0" \
	"ip -n $ns3 addr add $(host_addr 3)/24 dev eth0"
echo "ifdown ($transport, secauth $secauth): ok"
