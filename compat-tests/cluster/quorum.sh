#!/bin/bash
# Votequorum across hosts: quorum gained and lost as hosts come and go,
# expected votes changed at run time, callbacks on the changes, and
# two_node mode on two hosts.
#
#   quorum.sh [TRANSPORT]
#
# MIX=<one letter per host> (o ours, r the original from $ORIGINAL) as in
# agree.sh: every host must report the same quorum state.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
transport=${1:-udp}
work=$(mktemp -d)
cluster_init "$work"
trap 'cluster_down; rm -rf "$work"' EXIT
V=$CL_ROOT/build/tests/vq_state
rc=0

start() {
	kind=$(printf '%s' "${MIX:-}" | cut -c "$1")
	if [ "$kind" = r ]; then
		EXTRA_RUN_DIRS="$ORIGINAL/var/run" host_start "$1" "$ORIGINAL/sbin/corosync" "$ORIGINAL/lib"
	else
		host_start "$1"
	fi
	host_wait_ipc "$1" || { echo "host $1: no IPC"; tail -n 20 "$(host_log "$1")"; rc=1; }
}

# expect "HOSTS" "STATE LINE"
expect() {
	for i in $1; do
		if host_exec "$i" "$V" -w "$2" >/dev/null; then
			echo "ok   host $i: $2"
		else
			echo "FAIL host $i: wanted $2"; rc=1
		fi
	done
}

# notifier HOST QUORATE: a client tracking changes until it is told QUORATE
notifier() {
	: >"$work/notify"
	host_exec "$1" "$V" -n "$2" >"$work/notify" 2>&1 &
	npid=$!
	k=0
	while ! grep -q ready "$work/notify" && [ $k -lt 100 ]; do sleep 0.1; k=$((k + 1)); done
}

notified() {
	if wait "$npid" && grep -q "notified quorate=$1" "$work/notify"; then
		echo "ok   callbacks: quorate=$1 notified"
	else
		echo "FAIL callbacks: quorate=$1 not notified"; cat "$work/notify"; rc=1
	fi
}

echo "--- 3 hosts, expected_votes 3 ($transport${MIX:+, $MIX})"
EXTRA_CONF='quorum {
	provider: corosync_votequorum
	expected_votes: 3
}'
cluster_up 3 "$transport" off
start 1
expect 1 "quorate=0 members=1 votes=1 expected=3 highest=3 total=1 quorum=2 flags=0"
notifier 1 1
start 2
expect "1 2" "quorate=1 members=2 votes=1 expected=3 highest=3 total=2 quorum=2 flags=8"
notified 1
start 3
expect "1 2 3" "quorate=1 members=3 votes=1 expected=3 highest=3 total=3 quorum=2 flags=8"
notifier 1 0
host_kill 3
host_kill 2
expect 1 "quorate=0 members=1 votes=1 expected=3 highest=3 total=1 quorum=2 flags=0"
notified 0
start 2
expect "1 2" "quorate=1 members=2 votes=1 expected=3 highest=3 total=2 quorum=2 flags=8"
host_exec 2 "$V" -e 2 || { echo "FAIL set expected votes"; rc=1; }
expect "1 2" "quorate=1 members=2 votes=1 expected=2 highest=2 total=2 quorum=2 flags=8"
cluster_down

echo "--- 2 hosts, two_node ($transport${MIX:+, $MIX})"
EXTRA_CONF='quorum {
	provider: corosync_votequorum
	expected_votes: 2
	two_node: 1
}'
cluster_up 2 "$transport" off
start 1
start 2
expect "1 2" "quorate=1 members=2 votes=1 expected=2 highest=2 total=2 quorum=1 flags=12"
host_kill 2
expect 1 "quorate=1 members=1 votes=1 expected=2 highest=2 total=1 quorum=1 flags=12"

cluster_down

echo "--- 3 hosts, YKD ($transport${MIX:+, $MIX})"
EXTRA_CONF='quorum {
	provider: corosync_quorum_ykd
}'
cluster_up 3 "$transport" off
start 1
expect_q() {
	for i in $1; do
		if host_exec "$i" "$V" -Q "$2" >/dev/null; then
			echo "ok   host $i: $2"
		else
			echo "FAIL host $i: wanted $2"; rc=1
		fi
	done
}
expect_q 1 "quorate=1 members=1"
start 2
start 3
expect_q "1 2 3" "quorate=1 members=3"
host_kill 3
host_kill 2
# one of the three members of the last primary component is not a majority
expect_q 1 "quorate=0 members=1"
start 2
expect_q "1 2" "quorate=1 members=2"

if [ $rc -ne 0 ]; then
	for i in 1 2 3; do [ -f "$(host_log "$i")" ] && { echo "--- host $i"; tail -n 25 "$(host_log "$i")"; }; done
fi
exit $rc
