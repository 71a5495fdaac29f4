#!/bin/sh
# libsam scenarios (compat-tests/sam/sam_test.c): expected exit status of
# the watchdog and the lines its instances logged.
#
#   run.sh BINARY
set -u
bin=$1
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
rc=0
scenario() {
	mode=$1 want_rc=$2 want=$3
	rm -f "$d/log"
	timeout 60 "$bin" "$mode" "$d/log"
	got_rc=$?
	got=$(cat "$d/log" 2>/dev/null | tr '\n' '|')
	if [ "$got_rc" -ne "$want_rc" ] || [ "$got" != "$want" ]; then
		echo "FAIL sam $mode: exit $got_rc (want $want_rc), log '$got' (want '$want')"
		rc=1
	else
		echo "ok   sam $mode: exit $got_rc, $got"
	fi
}
scenario api 0 "api ok|"
scenario restart 42 "instance 1|instance 2|"
scenario hc 0 "instance 1|instance stops reporting 1|instance warned 0|instance 2|"
scenario callback 0 "instance 1|callback 1|callback 2|callback 3|callback 4|instance warned 0|"
scenario quit 7 "instance 1|"
exit $rc
