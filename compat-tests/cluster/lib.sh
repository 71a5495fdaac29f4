# Test hosts on one machine: each host is a network namespace with a veth
# into a bridge (itself in its own namespace), an address 10.77.0.<n>/24,
# and its own executive with its own configuration, run and state folders
# (a private mount namespace gives it its own /var/run).
#
# Source this file; needs root. Functions:
#   cluster_init WORKDIR              remember where files go
#   cluster_up N TRANSPORT [SECAUTH]  make N hosts (udp|udpu, on|off)
#   host_start I [EXECUTIVE]          start the executive of host I
#   host_kill I / host_stop I         SIGKILL / SIGTERM it
#   host_exec I CMD...                run a client on host I
#   host_isolate I / host_heal I      drop all traffic to/from host I (iptables)
#   host_loss I PERCENT               drop that share of host I's input
#   host_block_ring I R / host_unblock_ring I R
#                                     drop / pass host I's traffic on ring R
#   host_log I                        path of host I's executive log
#   cluster_down                      stop everything, remove the namespaces
#
# EXECUTIVE (default build/sbin/corosync) and EXECUTIVE_LIBS select the
# executive; per-host overrides: host_start I /path/to/corosync.
# CLIENT_LIBS (default build/lib) is where clients load libraries from.
# RRP=passive|active: a second ring on a second bridge (eth1, 10.78.0.<n>,
# multicast 239.78.0.1 port 5407) and that rrp_mode; RRP_AUTORECOVERY sets
# rrp_autorecovery_check_timeout (ms).
# EXTRA_CONF: text added to every host's corosync.conf.
# TOTEM_EXTRA: lines added inside its totem { } section.
# EXTRA_RUN_DIRS: more directories to make private per host (the lock-file
# folder of an executive built with another prefix).
# IPV6=1: hosts get fd77::<n>/64 and the ring runs over IPv6 (multicast
# group ff15::77); node ids are then set in the config, as IPv6 requires.
# bindnetaddr is then each host's own address (IPV6_NETWORK=1: the network
# fd77::, which only our executive matches).

CL_ROOT=$(cd "$(dirname "${BASH_SOURCE:-$0}")/../.." 2>/dev/null && pwd)
CL_PREFIX=${CL_PREFIX:-cs$$}
CL_HOSTS=0
CL_WORK=
: "${EXECUTIVE:=$CL_ROOT/build/sbin/corosync}"
: "${CLIENT_LIBS:=$CL_ROOT/build/lib}"
: "${TOKEN:=1000}"
: "${CONSENSUS:=}"

cluster_init() {
	CL_WORK=$1
	mkdir -p "$CL_WORK"
}

cl_ns() { echo "${CL_PREFIX}h$1"; }
cl_br() { echo "${CL_PREFIX}br"; }
host_addr() { if [ -n "${IPV6:-}" ]; then echo "fd77::$1"; else echo "10.77.0.$1"; fi; }
cl_iptables() { if [ -n "${IPV6:-}" ]; then echo ip6tables; else echo iptables; fi; }
host_addr1() { echo "10.78.0.$1"; }

cl_write_config() {
	i=$1 transport=$2 secauth=$3
	d=$CL_WORK/host$i
	mkdir -p "$d/run"
	{
		echo "totem {"
		echo "	version: 2"
		echo "	secauth: $secauth"
		echo "	token: $TOKEN"
		[ -n "$CONSENSUS" ] && echo "	consensus: $CONSENSUS"
		echo "	transport: $transport"
		[ -n "${IPV6:-}" ] && echo "	nodeid: $i"
		[ -n "${RRP:-}" ] && echo "	rrp_mode: $RRP"
		[ -n "${RRP_AUTORECOVERY:-}" ] && echo "	rrp_autorecovery_check_timeout: $RRP_AUTORECOVERY"
		[ "$secauth" = on ] && echo "	keyfile: $CL_WORK/authkey"
		# more totem options, one per line (TOTEM_EXTRA, verbatim)
		[ -n "${TOTEM_EXTRA:-}" ] && printf '%s\n' "$TOTEM_EXTRA"
		echo "	interface {"
		echo "		ringnumber: 0"
		if [ -n "${IPV6:-}" ]; then
			# the host's own address: over IPv6 the original matches
			# bindnetaddr only exactly (ours also takes the network)
			if [ -n "${IPV6_NETWORK:-}" ]; then
				echo "		bindnetaddr: fd77::"
			else
				echo "		bindnetaddr: $(host_addr "$i")"
			fi
			echo "		mcastaddr: ff15::77"
		else
			echo "		bindnetaddr: 10.77.0.0"
			echo "		mcastaddr: 239.77.0.1"
		fi
		echo "		mcastport: 5405"
		echo "		ttl: 1"
		if [ "$transport" = udpu ]; then
			j=1
			while [ $j -le "$CL_HOSTS" ]; do
				echo "		member {"
				echo "			memberaddr: $(host_addr $j)"
				echo "		}"
				j=$((j + 1))
			done
		fi
		echo "	}"
		if [ -n "${RRP:-}" ]; then
			echo "	interface {"
			echo "		ringnumber: 1"
			echo "		bindnetaddr: 10.78.0.0"
			echo "		mcastaddr: 239.78.0.1"
			echo "		mcastport: 5407"
			echo "		ttl: 1"
			if [ "$transport" = udpu ]; then
				j=1
				while [ $j -le "$CL_HOSTS" ]; do
					echo "		member {"
					echo "			memberaddr: $(host_addr1 $j)"
					echo "		}"
					j=$((j + 1))
				done
			fi
			echo "	}"
		fi
		echo "}"
		# more sections, e.g. quorum { } (EXTRA_CONF, verbatim)
		[ -n "${EXTRA_CONF:-}" ] && printf '%s\n' "$EXTRA_CONF"
		echo "logging {"
		echo "	to_stderr: yes"
		echo "	timestamp: on"
		echo "	debug: ${CL_DEBUG:-off}"
		echo "}"
	} > "$d/corosync.conf"
}

cluster_up() {
	n=$1 transport=$2 secauth=${3:-off}
	CL_HOSTS=$n
	br=$(cl_br)
	ip netns add "$br"
	ip -n "$br" link add br0 type bridge
	ip -n "$br" link set br0 up
	# multicast through the bridge without IGMP snooping surprises
	echo 0 > /dev/null
	ip -n "$br" link set br0 type bridge mcast_snooping 0 2>/dev/null || true
	if [ -n "${RRP:-}" ]; then
		ip -n "$br" link add br1 type bridge
		ip -n "$br" link set br1 up
		ip -n "$br" link set br1 type bridge mcast_snooping 0 2>/dev/null || true
	fi
	if [ "$secauth" = on ]; then
		head -c 128 /dev/urandom > "$CL_WORK/authkey"
		chmod 0400 "$CL_WORK/authkey"
	fi
	i=1
	while [ $i -le "$n" ]; do
		ns=$(cl_ns $i)
		ip netns add "$ns"
		ip link add "${CL_PREFIX}v$i" type veth peer name "${CL_PREFIX}p$i"
		ip link set "${CL_PREFIX}v$i" netns "$ns"
		ip link set "${CL_PREFIX}p$i" netns "$br"
		ip -n "$br" link set "${CL_PREFIX}p$i" master br0 up
		ip -n "$ns" link set lo up
		ip -n "$ns" link set "${CL_PREFIX}v$i" name eth0
		if [ -n "${IPV6:-}" ]; then
			ip -n "$ns" -6 addr add "$(host_addr $i)/64" dev eth0 nodad
		else
			ip -n "$ns" addr add "$(host_addr $i)/24" dev eth0
		fi
		ip -n "$ns" link set eth0 up multicast on
		ip -n "$ns" route add 224.0.0.0/4 dev eth0 2>/dev/null || true
		ip -n "$ns" -6 route add ff00::/8 dev eth0 table local 2>/dev/null || true
		if [ -n "${RRP:-}" ]; then
			ip link add "${CL_PREFIX}w$i" type veth peer name "${CL_PREFIX}q$i"
			ip link set "${CL_PREFIX}w$i" netns "$ns"
			ip link set "${CL_PREFIX}q$i" netns "$br"
			ip -n "$br" link set "${CL_PREFIX}q$i" master br1 up
			ip -n "$ns" link set "${CL_PREFIX}w$i" name eth1
			ip -n "$ns" addr add "$(host_addr1 $i)/24" dev eth1
			ip -n "$ns" link set eth1 up multicast on
			ip -n "$ns" route add 239.78.0.0/16 dev eth1 2>/dev/null || true
		fi
		cl_write_config $i "$transport" "$secauth"
		i=$((i + 1))
	done
}

host_log() { echo "$CL_WORK/host$1/executive.log"; }

host_start() {
	i=$1
	exe=${2:-$EXECUTIVE}
	libs=${3:-${EXECUTIVE_LIBS:-}}
	d=$CL_WORK/host$i
	touch "$d/executive.log"
	wc -l < "$d/executive.log" > "$d/logstart"
	ip netns exec "$(cl_ns $i)" unshare --mount sh -c '
		mount -t tmpfs tmpfs /var/run
		# an executive built with another prefix keeps its lock there
		for d in ${EXTRA_RUN_DIRS:-}; do mount -t tmpfs tmpfs "$d"; done
		exec env COROSYNC_MAIN_CONFIG_FILE="$1" COROSYNC_RUN_DIR="$2" LD_LIBRARY_PATH="$3" "$4" -f -p
	' host "$d/corosync.conf" "$d/run" "$libs" "$exe" >> "$d/executive.log" 2>&1 &
	echo $! > "$d/pid"
}

host_pid() { cat "$CL_WORK/host$1/pid" 2>/dev/null; }

host_kill() {
	p=$(host_pid "$1")
	[ -n "$p" ] && kill -KILL "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	rm -f "$CL_WORK/host$1/pid"
}

host_stop() {
	p=$(host_pid "$1")
	[ -n "$p" ] || return 0
	kill -TERM "$p" 2>/dev/null
	k=0
	while kill -0 "$p" 2>/dev/null && [ $k -lt 100 ]; do sleep 0.1; k=$((k + 1)); done
	kill -KILL "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	rm -f "$CL_WORK/host$1/pid"
}

host_exec() {
	i=$1; shift
	ip netns exec "$(cl_ns $i)" env LD_LIBRARY_PATH="$CLIENT_LIBS" "$@"
}

# Waits until host I's executive serves clients: its IPC socket exists
# and it finished a synchronisation (the original accepts connections
# before its engines are loaded and answers CS_ERR_NOT_EXIST until then).
host_wait_ipc() {
	k=0
	log=$(host_log "$1")
	start=$(cat "$CL_WORK/host$1/logstart" 2>/dev/null || echo 0)
	while [ $k -lt 200 ]; do
		if ip netns exec "$(cl_ns $1)" grep -q "@corosync.ipc" /proc/net/unix 2>/dev/null &&
			tail -n +"$((start + 1))" "$log" | grep -q "Completed service synchronization"; then
			return 0
		fi
		sleep 0.1; k=$((k + 1))
	done
	return 1
}

host_isolate() {
	ns=$(cl_ns $1)
	ip netns exec "$ns" "$(cl_iptables)" -I INPUT -i eth0 -j DROP
	ip netns exec "$ns" "$(cl_iptables)" -I OUTPUT -o eth0 -j DROP
}

host_heal() {
	ns=$(cl_ns $1)
	ip netns exec "$ns" "$(cl_iptables)" -F INPUT
	ip netns exec "$ns" "$(cl_iptables)" -F OUTPUT
}

host_loss() {
	ns=$(cl_ns $1)
	ip netns exec "$ns" "$(cl_iptables)" -F INPUT
	ip netns exec "$ns" "$(cl_iptables)" -I INPUT -i eth0 -m statistic --mode random \
		--probability "$(echo "$2" | awk '{ printf "%.3f", $1 / 100 }')" -j DROP
}

host_block_ring() {
	ns=$(cl_ns $1)
	ip netns exec "$ns" iptables -I INPUT -i "eth$2" -j DROP
	ip netns exec "$ns" iptables -I OUTPUT -o "eth$2" -j DROP
}

host_unblock_ring() {
	ns=$(cl_ns $1)
	ip netns exec "$ns" iptables -D INPUT -i "eth$2" -j DROP
	ip netns exec "$ns" iptables -D OUTPUT -o "eth$2" -j DROP
}

cluster_down() {
	i=1
	while [ $i -le "$CL_HOSTS" ]; do
		host_stop $i
		ip netns del "$(cl_ns $i)" 2>/dev/null
		i=$((i + 1))
	done
	ip netns del "$(cl_br)" 2>/dev/null
	CL_HOSTS=0
}
