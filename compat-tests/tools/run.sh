#!/bin/sh
# Administration tools against the original's:
#
#   fplay     the flight data our executive writes (SIGUSR2, SIGABRT,
#             SIGSEGV, runtime.blackbox when confdb is served) replayed by
#             our corosync-fplay and by the original one: same output; the
#             original executive's dump replayed by both: same output
#   keygen    authkey of 128 bytes, mode 0400, owner root, same messages as
#             the original tool (each run in a private mount namespace with
#             a tmpfs over the key directory)
#   cpgtool   our corosync-cpgtool and the original one against the same
#             executive with known groups (ours and the original
#             executive): same output and status for every option set
#   man       every man page formats without a warning, for the terminal
#             and as HTML (groff -Thtml, as make html does), and every
#             reference to a page of this project names a page in man/
#
# Needs root (namespaces) and the original installation in $ORIGINAL
# (default /work/orig/inst). Prints what differs and exits non-zero.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
ORIGINAL=${ORIGINAL:-/work/orig/inst}
OUT=${OUT:-$(mktemp -d)}
mkdir -p "$OUT"
export ROOT ORIGINAL OUT
failures=0
fail() { echo "FAILED: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

# original fplay reads LOCALSTATEDIR/lib/corosync/fdata of its build; show
# it the executive's run directory there
ORIG_FDATA_DIR=$ORIGINAL/var/lib/corosync

# ---------------------------------------------------------------- fplay
cat >"$OUT/fplay-inner.sh" <<'EOF'
set -u
pid=$EXECUTIVE_PID
mode=$1 tag=$2
rm -f "$COROSYNC_RUN_DIR/fdata"
case $mode in
usr2)
	kill -USR2 "$pid"
	i=0
	while [ ! -s "$COROSYNC_RUN_DIR/fdata" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	sleep 0.3 ;;
objctl)
	# our script and replay tool; corosync-objctl from this build when it
	# has one, else the original's
	objctl_dir=$ROOT/build/sbin libs=$ROOT/build/lib
	if [ ! -x "$objctl_dir/corosync-objctl" ]; then
		objctl_dir=$ORIGINAL/sbin libs=$ORIGINAL/lib
	fi
	PATH=$ROOT/build/bin:$ROOT/build/sbin:$objctl_dir:$PATH LD_LIBRARY_PATH=$libs \
		corosync-blackbox >"$OUT/$tag.blackbox" 2>&1 || { cat "$OUT/$tag.blackbox"; exit 3; }
	;;
SEGV|ABRT)
	kill -"$mode" "$pid"
	i=0
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	kill -0 "$pid" 2>/dev/null && { echo "executive survived SIG$mode"; exit 1; } ;;
esac
[ -s "$COROSYNC_RUN_DIR/fdata" ] || { echo "no fdata written ($mode)"; exit 1; }
"$ROOT/build/sbin/corosync-fplay" >"$OUT/$tag.ours" 2>"$OUT/$tag.ours.err"; echo "rc=$?" >>"$OUT/$tag.ours"
cat "$OUT/$tag.ours.err" >>"$OUT/$tag.ours"
mount --bind "$COROSYNC_RUN_DIR" "$ORIG_FDATA_DIR" || exit 1
"$ORIGINAL/sbin/corosync-fplay" >"$OUT/$tag.orig" 2>"$OUT/$tag.orig.err"; echo "rc=$?" >>"$OUT/$tag.orig"
cat "$OUT/$tag.orig.err" >>"$OUT/$tag.orig"
umount "$ORIG_FDATA_DIR"
stat -c %s "$COROSYNC_RUN_DIR/fdata" >"$OUT/$tag.size"
EOF
export ORIG_FDATA_DIR

fplay_case() { # executive-kind mode
	tag=fplay-$1-$2
	if [ "$1" = orig ]; then
		set -- "$@" EXECUTIVE="$ORIGINAL/sbin/corosync" EXECUTIVE_LIBS="$ORIGINAL/lib"
	fi
	mode=$2
	shift 2
	env TZ=UTC "$@" compat-tests/in-netns compat-tests/conf/udp-loopback.conf \
		sh "$OUT/fplay-inner.sh" "$mode" "$tag" || { fail "$tag: no dump"; return; }
	if ! cmp -s "$OUT/$tag.ours" "$OUT/$tag.orig"; then
		fail "$tag: our corosync-fplay and the original differ"
		diff "$OUT/$tag.orig" "$OUT/$tag.ours" | head -20
		return
	fi
	# a whole, consistent replay: header, records, footer with the count
	n=$(grep -c '^rec=\[' "$OUT/$tag.ours")
	if ! head -1 "$OUT/$tag.ours" | grep -q '^Starting replay: head \[[0-9]*\] tail \[[0-9]*\]$' ||
		! grep -q "^Finishing replay: records found \[$n\]$" "$OUT/$tag.ours" ||
		! grep -q "^rc=0$" "$OUT/$tag.ours" ||
		! grep -q "Log Message=Corosync Cluster Engine ('1.4.10'): started and ready to provide service.$" "$OUT/$tag.ours"; then
		fail "$tag: replay incomplete"
		head -3 "$OUT/$tag.ours"; tail -3 "$OUT/$tag.ours"
		return
	fi
	# ring of 1048576 words plus magic, size, head and tail
	if [ "$(cat "$OUT/$tag.size")" != 4194320 ]; then
		fail "$tag: dump size $(cat "$OUT/$tag.size")"
		return
	fi
	ok "$tag ($n records, same output from both replay tools)"
}

fplay_case ours usr2
# debug is off in this configuration, yet the recorder keeps debug records
if ! grep -q "Log Message=Storing new sequence id for ring" "$OUT/fplay-ours-usr2.ours"; then
	fail "fplay-ours-usr2: debug-level record missing from the recorder"
fi
fplay_case ours ABRT
fplay_case ours SEGV
fplay_case orig usr2
# corosync-blackbox: runtime.blackbox through confdb, with the original
# executive, and with ours when this build serves confdb (has objctl)
fplay_case orig objctl
if ! grep -q "^Finishing replay" "$OUT/fplay-orig-objctl.blackbox"; then
	fail "corosync-blackbox printed no replay"
fi
if [ -x build/sbin/corosync-objctl ]; then
	fplay_case ours objctl
else
	echo "skipped: corosync-blackbox against our executive (no corosync-objctl in build/sbin)"
fi

# dumps made here: wrapped several times, cut short, missing
cargo build --release -q -p corosync-tools --example fdata_samples || fail "build fdata_samples"
target/release/examples/fdata_samples "$OUT/samples" || fail "fdata_samples"
for sample in wrapped truncated missing; do
	d=$OUT/samples/$sample
	# stdout and stderr apart: how they interleave depends on buffering
	COROSYNC_RUN_DIR=$d TZ=UTC build/sbin/corosync-fplay >"$OUT/sample-$sample.ours" 2>"$OUT/sample-$sample.ours.err"
	echo "rc=$?" >>"$OUT/sample-$sample.ours"
	cat "$OUT/sample-$sample.ours.err" >>"$OUT/sample-$sample.ours"
	TZ=UTC unshare --mount sh -c 'mount --bind "$1" "$2" && "$3" ' sample "$d" "$ORIG_FDATA_DIR" \
		"$ORIGINAL/sbin/corosync-fplay" >"$OUT/sample-$sample.orig" 2>"$OUT/sample-$sample.orig.err"
	echo "rc=$?" >>"$OUT/sample-$sample.orig"
	cat "$OUT/sample-$sample.orig.err" >>"$OUT/sample-$sample.orig"
	sed -i "s|$ORIG_FDATA_DIR|$d|" "$OUT/sample-$sample.orig"
	if ! cmp -s "$OUT/sample-$sample.orig" "$OUT/sample-$sample.ours"; then
		fail "fplay of the $sample sample differs from the original's"
		diff "$OUT/sample-$sample.orig" "$OUT/sample-$sample.ours" | head -10
	else
		ok "fplay of the $sample sample: $(grep -c '^rec=' "$OUT/sample-$sample.ours") records, same as the original"
	fi
done
if grep -q "tail \[0\]" "$OUT/sample-wrapped.ours" ||
	! grep -q "LEAVING function \[sample_function\]" "$OUT/sample-wrapped.ours" ||
	! grep -q "Tracing(8) Messsage=message" "$OUT/sample-wrapped.ours"; then
	fail "the wrapped sample does not exercise wrapping and every record kind"
fi

# --------------------------------------------------------------- keygen
keygen_run() { # binary keydir tag
	unshare --mount sh -c '
		mount -t tmpfs tmpfs "$2" || exit 99
		"$1" >"$OUT/$3.out" 2>&1 </dev/null
		echo "rc=$?" >>"$OUT/$3.out"
		stat -c "%s %a %u %g" "$2/authkey" >"$OUT/$3.stat" 2>&1
		od -An -tx1 "$2/authkey" | tr -d " \n" >"$OUT/$3.key"
	' keygen "$1" "$2" "$3"
}
keygen_run "$ROOT/build/sbin/corosync-keygen" /etc/corosync keygen-ours
keygen_run "$ORIGINAL/sbin/corosync-keygen" "$ORIGINAL/etc/corosync" keygen-orig
sed "s|$ORIGINAL/etc/corosync|/etc/corosync|" "$OUT/keygen-orig.out" >"$OUT/keygen-orig.norm"
if [ "$(cat "$OUT/keygen-ours.stat")" != "128 400 0 0" ]; then
	fail "keygen: authkey is $(cat "$OUT/keygen-ours.stat") (want 128 bytes, 0400, root:root)"
elif ! cmp -s "$OUT/keygen-orig.norm" "$OUT/keygen-ours.out"; then
	fail "keygen: messages differ from the original's"
	diff "$OUT/keygen-orig.norm" "$OUT/keygen-ours.out"
elif [ "$(cat "$OUT/keygen-ours.key")" = "$(printf '%0256d' 0)" ]; then
	fail "keygen: key is all zeroes"
else
	ok "keygen (128 bytes, 0400, root:root, same messages)"
fi
# not root: refused with the original's words
for who in ours orig; do
	bin=$ROOT/build/sbin/corosync-keygen
	[ $who = orig ] && bin=$ORIGINAL/sbin/corosync-keygen
	setpriv --reuid=65534 --regid=65534 --clear-groups "$bin" >"$OUT/keygen-user-$who.out" 2>&1
	echo "rc=$?" >>"$OUT/keygen-user-$who.out"
done
if cmp -s "$OUT/keygen-user-orig.out" "$OUT/keygen-user-ours.out"; then
	ok "keygen as a user"
else
	fail "keygen as a user differs"
	diff "$OUT/keygen-user-orig.out" "$OUT/keygen-user-ours.out"
fi

# -------------------------------------------------------------- cpgtool
gcc -O2 -Wall -Wextra -Werror -Iinclude compat-tests/cpg/cpg_member.c -o "$OUT/cpg_member" \
	-Lbuild/lib -lcpg || fail "compile cpg_member"
cat >"$OUT/cpgtool-inner.sh" <<'EOF'
set -u
tag=$1
odd=$(printf 'odd\\name\001\302\251')
LD_LIBRARY_PATH=$ROOT/build/lib "$OUT/cpg_member" -o /dev/null -g tools_group -n 1 -m 0 -t 60 &
m1=$!
LD_LIBRARY_PATH=$ROOT/build/lib "$OUT/cpg_member" -o /dev/null -g tools_group -n 1 -m 0 -t 60 &
m2=$!
LD_LIBRARY_PATH=$ROOT/build/lib "$OUT/cpg_member" -o /dev/null -g "$odd" -n 1 -m 0 -t 60 &
m3=$!
# wait until the three joins are visible
i=0
while [ $i -lt 100 ]; do
	n=$(LD_LIBRARY_PATH=$ORIGINAL/lib "$ORIGINAL/sbin/corosync-cpgtool" -d , 2>/dev/null | grep -c ',')
	[ "$n" -ge 4 ] && break
	n=$("$ROOT/build/sbin/corosync-cpgtool" -d , 2>/dev/null | grep -c ',')
	[ "$n" -ge 4 ] && break
	sleep 0.1; i=$((i + 1))
done
k=0
for args in "" "-n" "-e" "-d ," "-d ;" "-n -d ;" "-ne" "-e -d:" "-h" "-x" "-d"; do
	k=$((k + 1))
	# shellcheck disable=SC2086
	LD_LIBRARY_PATH=$ORIGINAL/lib "$ORIGINAL/sbin/corosync-cpgtool" $args >"$OUT/$tag.$k.orig" 2>"$OUT/$tag.$k.orig.err"
	echo "rc=$?" >>"$OUT/$tag.$k.orig"
	# shellcheck disable=SC2086
	"$ROOT/build/sbin/corosync-cpgtool" $args >"$OUT/$tag.$k.ours" 2>"$OUT/$tag.$k.ours.err"
	echo "rc=$?" >>"$OUT/$tag.$k.ours"
	echo "$args" >"$OUT/$tag.$k.args"
done
echo $k >"$OUT/$tag.count"
kill $m1 $m2 $m3 2>/dev/null
wait
EOF
cpgtool_case() { # executive-kind
	tag=cpgtool-$1
	if [ "$1" = orig ]; then
		set -- "$@" EXECUTIVE="$ORIGINAL/sbin/corosync" EXECUTIVE_LIBS="$ORIGINAL/lib"
	fi
	shift
	env "$@" compat-tests/in-netns compat-tests/conf/udpu-loopback.conf \
		sh "$OUT/cpgtool-inner.sh" "$tag" || { fail "$tag: run"; return; }
	bad=0
	k=1
	while [ $k -le "$(cat "$OUT/$tag.count")" ]; do
		# stderr texts carry the program path from getopt; compare them
		# with the paths taken out
		sed "s|$ORIGINAL/sbin/||" "$OUT/$tag.$k.orig.err" >"$OUT/$tag.$k.orig.errn"
		sed "s|$ROOT/build/sbin/||" "$OUT/$tag.$k.ours.err" >"$OUT/$tag.$k.ours.errn"
		if ! cmp -s "$OUT/$tag.$k.orig" "$OUT/$tag.$k.ours" ||
			! cmp -s "$OUT/$tag.$k.orig.errn" "$OUT/$tag.$k.ours.errn"; then
			fail "$tag: corosync-cpgtool $(cat "$OUT/$tag.$k.args") differs"
			diff "$OUT/$tag.$k.orig" "$OUT/$tag.$k.ours" | head -10
			diff "$OUT/$tag.$k.orig.errn" "$OUT/$tag.$k.ours.errn" | head -5
			bad=1
		fi
		k=$((k + 1))
	done
	[ $bad -eq 0 ] && ok "$tag: $(cat "$OUT/$tag.count") option sets, same output and status"
}
cpgtool_case orig
# the members must be there, under both the escaped and the raw name
if ! grep -q '^tools_group$' "$OUT/cpgtool-orig.2.ours" ||
	! grep -q '^odd\\\\name\\x01\\xFFFFFFC2\\xFFFFFFA9$' "$OUT/cpgtool-orig.2.ours" ||
	[ "$(grep -c '^tools_group,[0-9]*,[0-9]*$' "$OUT/cpgtool-orig.4.ours")" -ne 2 ]; then
	fail "cpgtool-orig: the known groups are not listed"
	cat "$OUT/cpgtool-orig.2.ours" "$OUT/cpgtool-orig.4.ours"
fi
cpgtool_case ours

# ------------------------------------------------------------------ man
for page in man/man*/*.[358]; do
	warn=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
	if [ -n "$warn" ]; then
		fail "man page $page: $warn"
	fi
done
ok "man pages: $(ls man/man*/*.[358] | wc -l) formatted"
for page in man/man*/*.[358]; do
	warn=$(groff -mandoc -Thtml -ww -z "$page" 2>&1)
	if [ -n "$warn" ]; then
		fail "man page $page as HTML: $warn"
	fi
done
ok "man pages: HTML rendering without warnings"
# ".BR name (N)" cross references to this project's pages must resolve
refs=$(sed -n 's/^\.[BIR]* *\([a-z_.\\-]*\) (\([0-9]\)).*/\1.\2/p' man/man*/*.[358] \
	| sed 's/\\-/-/g' | sort -u \
	| grep -E '^(confdb|cpg|evs|sam|votequorum|quorum|cfg|coroipc|logsys|corosync)[-_.]')
for r in $refs; do
	[ -f "man/man${r##*.}/$r" ] || fail "man pages refer to $r, which does not exist"
done
ok "man pages: $(echo "$refs" | wc -l) cross references resolve"

if [ $failures -ne 0 ]; then
	echo "$failures tools check(s) failed (files in $OUT)"
	exit 1
fi
echo "tools checks passed"
