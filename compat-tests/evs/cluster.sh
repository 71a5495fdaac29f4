#!/bin/bash
# EVS across N hosts: a member on every host joins one group, multicasts,
# and all members deliver every message once, in one order (the digests of
# the delivery order agree). Then host N's executive is killed and the
# members on the other hosts must see it leave the configuration.
#
#   cluster.sh N TRANSPORT SECAUTH [MESSAGES]
#
# MIX=<one letter per host>: o runs our executive, r the original one from
# $ORIGINAL (install prefix of corosync 1.4.10). CLIENT_LIBS selects the
# client libraries (default build/lib).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../cluster/lib.sh"
n=$1 transport=$2 secauth=$3 msgs=${4:-200}
work=$(mktemp -d)
cluster_init "$work"
trap 'cluster_down; rm -rf "$work"' EXIT
cluster_up "$n" "$transport" "$secauth"
for i in $(seq 1 "$n"); do
	kind=$(printf '%s' "${MIX:-}" | cut -c "$i")
	if [ "$kind" = r ]; then
		EXTRA_RUN_DIRS="$ORIGINAL/var/run" host_start "$i" "$ORIGINAL/sbin/corosync" "$ORIGINAL/lib"
	else
		host_start "$i"
	fi
done
for i in $(seq 1 "$n"); do host_wait_ipc "$i" || { echo "host $i: no IPC"; cat "$(host_log "$i")"; exit 1; }; done
pids=
for i in $(seq 1 "$n"); do
	w=-w; [ "$i" -eq "$n" ] && w=
	host_exec "$i" timeout 120 "$CL_ROOT/build/tests/evs_member" -n "$n" -m "$msgs" -o "$work/out$i" $w &
	pids="$pids $!"
done
# once every member is done with the data phase, host N fails
k=0
while [ $k -lt 1200 ]; do
	all=1
	for i in $(seq 1 "$n"); do [ -s "$work/out$i.me" ] || all=0; done
	[ $all -eq 1 ] && break
	sleep 0.1; k=$((k + 1))
done
host_kill "$n"
rc=0
for p in $pids; do wait "$p" || true; done
for i in $(seq 1 "$n"); do
	[ -s "$work/out$i" ] || { echo "host $i: evs member failed"; rc=1; }
done
if [ $rc -eq 0 ]; then
	if [ "$(cat "$work"/out? | sort -u | wc -l)" -ne 1 ]; then
		echo "evs members disagree:"; cat "$work"/out?; rc=1
	else
		printf 'evs: %s hosts%s, %s, secauth %s: all agree on %s' "$n" "${MIX:+ ($MIX)}" "$transport" "$secauth" "$(cat "$work/out1")"
	fi
	for i in $(seq 1 $((n - 1))); do
		if ! cmp -s "$work/out$i.left" "$work/out$n.me"; then
			echo; echo "host $i: did not see host $n ($(cat "$work/out$n.me")) leave: $(cat "$work/out$i.left" 2>/dev/null)"; rc=1
		fi
	done
	[ $rc -eq 0 ] && echo "; host $n's failure seen by all"
fi
if [ $rc -ne 0 ]; then
	for i in $(seq 1 "$n"); do echo "--- host $i"; tail -n 25 "$(host_log "$i")"; done
fi
exit $rc
