#!/bin/sh
# corosync-objctl against a running executive (run inside compat-tests/in-netns):
# fixed output for reads, writes, object and key creation and deletion, and
# the same output as the corosync 1.4 tool when that is installed
# (ORIG_OBJCTL, ORIG_LIBS).
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OBJCTL=${OBJCTL:-$ROOT/build/sbin/corosync-objctl}
ORIG_OBJCTL=${ORIG_OBJCTL:-/work/orig/inst/sbin/corosync-objctl}
ORIG_LIBS=${ORIG_LIBS:-/work/orig/inst/lib}
fail=0
t=$(mktemp -d)
expect() { # name, expected text, command...
	name=$1 want=$2; shift 2
	"$@" > "$t/got" 2>&1
	if [ "$(cat "$t/got")" != "$want" ]; then
		echo "FAIL objctl $name"; echo "  expected:"; echo "$want" | sed 's/^/    /'
		echo "  got:"; sed 's/^/    /' "$t/got"; fail=1
	fi
}
# the lines are prefixed with the path's parent, as the 1.4 tool does
expect "read totem.interface" "totem.ringnumber=0
totem.bindnetaddr=127.0.0.1
totem.mcastport=5405
totem.member.memberaddr=127.0.0.1" "$OBJCTL" totem.interface
expect "read a key path prints nothing" "" "$OBJCTL" totem.version
expect "create" "" "$OBJCTL" -c objtest.a.b
expect "read empty object" "objtest.a.b" "$OBJCTL" objtest
expect "write new key" "" "$OBJCTL" -w 'objtest.a.greeting = "hello world"'
expect "write existing key" "" "$OBJCTL" -w objtest.a.greeting=bye
expect "new object with key" "" "$OBJCTL" -n objtest.a.b.k=v
expect "read tree" "objtest.a.greeting=bye
objtest.a.b
objtest.a.b.k=v" "$OBJCTL" objtest
expect "missing parent" "Can't find parent object of \"nowhere.x=1\"" "$OBJCTL" -w nowhere.x=1
expect "delete key" "" "$OBJCTL" -d objtest.a.greeting
expect "delete object" "" "$OBJCTL" -d objtest.a.b
expect "after deletes" "objtest.a.b.k=v" "$OBJCTL" objtest
expect "members" "runtime.totem.pg.mrp.srp.16777343.ip=r(0) ip(127.0.0.1) 
runtime.totem.pg.mrp.srp.16777343.join_count=1
runtime.totem.pg.mrp.srp.16777343.status=joined" "$OBJCTL" runtime.totem.pg.mrp.srp.members
printf 'objfile.sub.key1=one\n# comment\n  objfile.sub.key2 = two\n' > "$t/in"
expect "load file" "" "$OBJCTL" -p "$t/in"
expect "loaded" "objfile.sub.key1=one
objfile.sub.key2=two" "$OBJCTL" objfile
"$OBJCTL" -a > "$t/all"
grep -q '^runtime.connections.corosync-objctl:CONFDB:[0-9]*:[0-9]*.service_id=11$' "$t/all" \
	|| { echo "FAIL objctl: no connection object for itself"; fail=1; }
grep -q '^runtime.totem.pg.mrp.srp.orf_token_rx=' "$t/all" \
	|| { echo "FAIL objctl: no totem counters"; fail=1; }
if [ -x "$ORIG_OBJCTL" ]; then
	for args in "" "-a" "totem" "-b totem" "logging" "objtest" "runtime.totem.pg.mrp.srp.members" "nonexistent"; do
		# shellcheck disable=SC2086
		LD_LIBRARY_PATH=$ORIG_LIBS "$ORIG_OBJCTL" $args 2>&1 | grep -v '^runtime\.\(connections\|totem\.pg\.\(msg\|mrp\.srp\.[a-z_]*=\)\)' > "$t/orig"
		# shellcheck disable=SC2086
		"$OBJCTL" $args 2>&1 | grep -v '^runtime\.\(connections\|totem\.pg\.\(msg\|mrp\.srp\.[a-z_]*=\)\)' > "$t/ours"
		if ! cmp -s "$t/orig" "$t/ours"; then
			echo "FAIL objctl '$args' differs from the 1.4 tool:"; diff "$t/orig" "$t/ours" | head -20; fail=1
		fi
	done
else
	echo "skipped: no corosync 1.4 corosync-objctl to compare with"
fi
rm -rf "$t"
[ $fail -eq 0 ] && echo "ok   corosync-objctl"
exit $fail
