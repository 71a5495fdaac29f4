#!/bin/sh
# With no configuration file at all the executive runs a one-host cluster
# on loopback from its built-in default, says so in its log, and serves
# clients. Runs on a private test host whose /etc/corosync and
# /var/lib are empty.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export ROOT
exec unshare --net --mount sh -c '
	set -u
	ip link set lo up
	mount -t tmpfs tmpfs /var/run
	mount -t tmpfs tmpfs /var/lib
	mkdir -p /etc/corosync
	mount -t tmpfs tmpfs /etc/corosync
	unset COROSYNC_MAIN_CONFIG_FILE COROSYNC_RUN_DIR
	log=$(mktemp)
	"$ROOT/build/sbin/corosync" -f -p >"$log" 2>&1 &
	d=$!
	i=0
	while [ $i -lt 100 ] && ! grep -q "@corosync.ipc" /proc/net/unix; do sleep 0.1; i=$((i+1)); done
	LD_LIBRARY_PATH=$ROOT/build/lib "$ROOT/build/tests/cpg_api"
	rc=$?
	kill -TERM $d; wait $d
	if ! grep -q "built-in default configuration" "$log"; then
		echo "the log does not mention the built-in default"; rc=1
	fi
	if ! grep -q "Completed service synchronization" "$log"; then
		echo "no synchronisation completed"; rc=1
	fi
	[ -f /var/lib/corosync/ringid_127.0.0.1 ] || { echo "no ring id file"; rc=1; }
	[ $rc -eq 0 ] || cat "$log"
	exit $rc
'
