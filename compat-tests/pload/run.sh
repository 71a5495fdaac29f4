#!/bin/sh
# pload on one host: a start request makes the executive multicast COUNT
# messages of 300 bytes and log the rate once it delivered them all.
#
#   run.sh CONFIG PLOAD_RUN_BINARY [COUNT]
# (EXECUTIVE / CLIENT_LIBS as for compat-tests/in-netns)
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
conf=$1 bin=$2 count=${3:-20000}
LOG=$(mktemp "${TMPDIR:-/tmp}/pload-log.XXXXXX")
export LOG bin count SETTLE="${SETTLE:-0}"
"$ROOT/compat-tests/in-netns" "$conf" sh -c '
	sleep "${SETTLE:-0}"
	"$bin" "$count" 300 > "$LOG.client" 2>&1 &
	p=$!
	i=0
	while [ $i -lt 600 ] && ! grep -q "Writes 300 bytes per write" "$LOG"; do
		kill -0 $p 2>/dev/null || break
		sleep 0.1; i=$((i + 1))
	done
	kill $p 2>/dev/null; wait $p 2>/dev/null
	grep -q "^Init result 1$" "$LOG.client" || { echo "client: $(cat "$LOG.client")"; exit 1; }
	line=$(grep "Writes 300 bytes per write" "$LOG") || { echo "no pload result logged"; exit 1; }
	echo "$line" | grep -q "\[PLOAD *\] *$count Writes 300 bytes per write .* seconds runtime, .* TP/S, .* MB/S\.$" \
		|| { echo "unexpected line: $line"; exit 1; }
	echo "ok   pload: ${line#*] }"
'
rc=$?
rm -f "$LOG" "$LOG.client"
exit $rc
