#!/bin/bash
# corosync-notifyd on 3 test hosts: our daemon runs with -f -o on host 1
# (events are copied to its standard error); hosts come and go and a
# client connects and leaves, and every expected line must appear:
#   <host>[<nodeid>] ip:<addr> joined|left
#   <host>[<nodeid>] <client>:<SVC>:<pid>:<fd> is now connected to corosync
#   <host>[<nodeid>] ... is now disconnected from corosync
#   <host>[<nodeid>] is now quorate / has lost quorum
# With ORIGINAL=<prefix of the original install> the original daemon runs
# beside ours (on our executive) and must print the same membership and
# quorum lines, and the same lines for the test client.
#
# Also checks the option handling: -s/-d (not built in), -o without -f,
# no notifier, -h.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../cluster/lib.sh"
N=$CL_ROOT/build/sbin/corosync-notifyd
work=$(mktemp -d)
cluster_init "$work"
pids=
trap 'for p in $pids; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; cluster_down; rm -rf "$work"' EXIT
rc=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; rc=1; }

echo "--- options"
# (these exit before any connection; the message is on stderr with -o only)
out=$("$N" -f -o -s 2>&1); r=$?
[ $r -eq 1 ] && echo "$out" | grep -q "Not compiled with SNMP support enabled, exiting." \
	&& ok "-s: not built in" || bad "-s: rc=$r '$out'"
out=$("$N" -f -o -d 2>&1); r=$?
[ $r -eq 1 ] && echo "$out" | grep -q "Not compiled with DBus support enabled, exiting." \
	&& ok "-d: not built in" || bad "-d: rc=$r '$out'"
out=$("$N" -f -o -m 10.0.0.9 2>&1); r=$?
[ $r -eq 1 ] && echo "$out" | grep -q "Not compiled with SNMP support" \
	&& ok "-m implies -s" || bad "-m: rc=$r '$out'"
out=$("$N" -o 2>&1); r=$?
[ $r -eq 1 ] && echo "$out" | grep -q "configured to print to stdout and run in the background, exiting" \
	&& ok "-o needs -f" || bad "-o: rc=$r '$out'"
"$N" -f >/dev/null 2>&1; r=$?
[ $r -eq 1 ] && ok "no notifier: exit 1" || bad "no notifier: rc=$r"
out=$("$N" -h 2>&1); r=$?
[ $r -eq 1 ] && echo "$out" | grep -q "^        -m     : SNMP Manager IP address" \
	&& ok "-h: usage" || bad "-h: rc=$r"

EXTRA_CONF='quorum {
	provider: corosync_votequorum
	expected_votes: 3
}'
cluster_up 3 udp off
printf '10.77.0.%s\tnfyhost%s\n' 1 1 2 2 3 3 >"$work/hosts"
for i in 1 2; do host_start $i; done
for i in 1 2; do host_wait_ipc $i || bad "host $i: no IPC"; done
# both hosts in one ring before any notifyd starts, so that every daemon
# under test sees the same events from then on
k=0
while [ "$(host_exec 1 "$CL_ROOT/build/sbin/corosync-objctl" runtime.totem.pg.mrp.srp 2>/dev/null |
	grep -c 'status=joined')" -lt 2 ] && [ $k -lt 100 ]; do
	sleep 0.1; k=$((k + 1))
done

# start NAME BINARY LIBS: a notifyd on host 1 writing to $work/NAME
start_notifyd() {
	: >"$work/$1"
	# a private /etc/hosts names the test hosts (the daemon looks up the
	# name of a node's address)
	ip netns exec "$(cl_ns 1)" unshare --mount sh -c \
		'mount --bind "$1" /etc/hosts && exec env LD_LIBRARY_PATH="$2" "$3" -f -o' \
		notifyd "$work/hosts" "$3" "$2" >"$work/$1" 2>&1 &
	pids="$pids $!"
	# ready once it reports its own quorum connection
	k=0
	while ! grep -q "is now connected to corosync" "$work/$1" && [ $k -lt 100 ]; do
		sleep 0.1; k=$((k + 1))
	done
	grep -q "is now connected to corosync" "$work/$1" || bad "$1: not started: $(cat "$work/$1")"
}

# wait_line FILE FIXED-STRING
wait_line() {
	k=0
	while ! grep -qF -- "$2" "$work/$1" && [ $k -lt 150 ]; do sleep 0.1; k=$((k + 1)); done
	if grep -qF -- "$2" "$work/$1"; then ok "$1: $2"; else bad "$1: no line '$2'"; fi
}

start_notifyd ours "$N" "$CLIENT_LIBS"
if [ -n "${ORIGINAL:-}" ]; then
	start_notifyd original "$ORIGINAL/sbin/corosync-notifyd" "$ORIGINAL/lib"
fi
daemons="ours${ORIGINAL:+ original}"

h=$(hostname)
# node ids from the addresses (no nodeid in the config): the address bytes
# read as a little-endian 32-bit number
nid() { echo $(( $1 * 16777216 + 77 * 256 + 10 )); }

echo "--- host 3 joins"
host_start 3
host_wait_ipc 3 || bad "host 3: no IPC"
for d in $daemons; do
	wait_line $d "nfyhost3[$(nid 3)] ip:10.77.0.3 joined"
	wait_line $d "$h[$(nid 1)] is now quorate"
done

echo "--- a client connects and leaves"
# (the executive names a connection after the client's command name, which
# the kernel cuts to 15 characters)
host_exec 1 "$CL_ROOT/build/sbin/corosync-cfgtool" -s >/dev/null 2>&1
client="corosync-cfgtoo:CFG:[0-9]+:[0-9]+"
for d in $daemons; do
	for state in "connected to" "disconnected from"; do
		k=0
		while ! grep -qE "$h\\[$(nid 1)\\] $client is now $state corosync" "$work/$d" && [ $k -lt 100 ]; do
			sleep 0.1; k=$((k + 1))
		done
		grep -qE "$h\\[$(nid 1)\\] $client is now $state corosync" "$work/$d" &&
			ok "$d: client is now $state corosync" || bad "$d: no client '$state' line"
	done
done

echo "--- host 3 killed, then host 2"
host_kill 3
for d in $daemons; do wait_line $d "nfyhost3[$(nid 3)] ip:10.77.0.3 left"; done
host_kill 2
for d in $daemons; do
	wait_line $d "nfyhost2[$(nid 2)] ip:10.77.0.2 left"
	wait_line $d "$h[$(nid 1)] has lost quorum"
done

# the line format: "corosync-notifyd[<pid>]: <message>"
bad_lines=$(grep -v -E '^corosync-notifyd\[[0-9]+\]: ' "$work/ours")
[ -z "$bad_lines" ] && ok "ours: every line has the syslog prefix" || bad "ours: stray output: $bad_lines"

if [ -n "${ORIGINAL:-}" ]; then
	# membership lines, quorum lines and the test client's lines, each in
	# order (events of different connections may interleave differently)
	sel() {
		sed -E 's/^corosync-notifyd\[[0-9]+\]: //' "$work/$1" | grep -aE "$2"
	}
	for what in " ip:" " is now quorate| has lost quorum" " $client "; do
		if diff <(sel ours "$what") <(sel original "$what") >"$work/diff"; then
			ok "same lines as the original notifyd for '$what' ($(sel ours "$what" | wc -l) lines)"
		else
			bad "differs from the original notifyd for '$what':"; cat "$work/diff"
		fi
	done
fi
if [ $rc -ne 0 ]; then
	for d in $daemons; do echo "== $d"; cat "$work/$d"; done
fi
echo "--- notifyd output (ours)"
sed -E 's/^/    /' "$work/ours"
exit $rc
