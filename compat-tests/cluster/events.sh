# Helpers for scripts that time membership events seen by cpg_member
# observers (each line of an events file starts with a monotonic time).
# Source after lib.sh.

mono() { python3 -c 'import time; print("%.3f" % time.monotonic())'; }
# seconds (with decimals) of the first event line matching a pattern,
# not earlier than a given time
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
nodeid() { # host -> nodeid (IPv4 bytes as a little-endian number)
	python3 -c "import ipaddress,sys; print(int.from_bytes(ipaddress.IPv4Address('$(host_addr $1)').packed, 'little'))"
}
ms() { echo "($2 - $1) * 1000 / 1" | bc; }
# A cpg_member observer on host I writing $CL_WORK/events.TAG, in CPG
# group $EVENT_GROUP.
observer() { # host tag
	host_exec "$1" "$CL_ROOT/build/tests/cpg_member" -m 0 -t 120 -g "$EVENT_GROUP" \
		-e "$CL_WORK/events.$2" &
}
fail() { echo "FAIL: $*"; for i in 1 2 3; do echo "--- host $i"; tail -n 30 "$(host_log $i)"; done; exit 1; }
# Starts hosts 1..N with an observer each (tags a1..aN) and waits until
# every observer sees N members.
start_observed() { # N
	for i in $(seq 1 "$1"); do host_start "$i"; done
	for i in $(seq 1 "$1"); do host_wait_ipc "$i" || fail "host $i has no IPC"; done
	for i in $(seq 1 "$1"); do observer "$i" "a$i"; done
	for i in $(seq 1 "$1"); do
		wait_event "$CL_WORK/events.a$i" "members $1" 20 >/dev/null || fail "host $i never saw $1 members"
	done
}
