#!/bin/bash
# N hosts form one ring; a group member on every host multicasts and all
# members deliver every message once, in one order.
#
#   agree.sh N TRANSPORT SECAUTH [MESSAGES]
#
# MIX=<one letter per host>: o runs our executive, r the original one
# from $ORIGINAL (a local build of corosync 1.4.10, prefix directory), to
# check that original and Rust hosts share one ring.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
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
if [ -n "${LOSS:-}" ]; then
	# every host drops this share of what it receives
	for i in $(seq 1 "$n"); do host_loss "$i" "$LOSS"; done
fi
t0=$(date +%s.%N)
pids=
for i in $(seq 1 "$n"); do
	host_exec "$i" "$CL_ROOT/build/tests/cpg_member" -n "$n" -m "$msgs" -t 60 -o "$work/out$i" &
	pids="$pids $!"
done
rc=0
for p in $pids; do wait "$p" || true; done
for i in $(seq 1 "$n"); do
	[ -s "$work/out$i" ] || { echo "host $i: member failed"; rc=1; }
done
if [ $rc -eq 0 ]; then
	if [ "$(cat "$work"/out* | sort -u | wc -l)" -ne 1 ]; then
		echo "members disagree:"; cat "$work"/out*; rc=1
	else
		printf '%s hosts%s%s, %s, secauth %s: all agree on %s (%.1f s)\n' "$n" "${MIX:+ ($MIX)}" "${LOSS:+, ${LOSS}% loss}" "$transport" "$secauth" \
			"$(cat "$work/out1")" "$(echo "$(date +%s.%N) - $t0" | bc)"
	fi
fi
if [ $rc -ne 0 ]; then
	for i in $(seq 1 "$n"); do echo "--- host $i"; tail -n 25 "$(host_log "$i")"; done
fi
exit $rc
