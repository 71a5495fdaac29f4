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
. "$HERE/events.sh"
transport=${1:-udp} secauth=${2:-off}
work=$(mktemp -d)
cluster_init "$work"
trap 'kill $(jobs -p) 2>/dev/null; cluster_down; rm -rf "$work"' EXIT
cluster_up 3 "$transport" "$secauth"
EVENT_GROUP=ifdown
start_observed 3
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
