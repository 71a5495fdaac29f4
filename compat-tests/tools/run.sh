#!/bin/sh
# Administration tools, the flight recorder and the man pages:
#
#   fplay     the flight data our executive writes (SIGUSR2, SIGABRT,
#             SIGSEGV, runtime.blackbox when confdb is served) replayed by
#             our corosync-fplay: a whole replay holding the records we
#             know the executive logs (golden/fplay-executive.expected);
#             generated sample dumps (wrapped, cut short, empty, headless,
#             missing) replayed: output as in golden/fplay-sample-*
#   keygen    authkey of 128 bytes, mode 0400, owner root, messages as in
#             golden/keygen*.out (each run in a private mount namespace
#             with a tmpfs over the key directory)
#   cpgtool   our corosync-cpgtool against an executive with known groups,
#             for every option set: output as in golden/cpgtool.out (pids
#             written PID)
#   man       every man page formats without a warning, for the terminal
#             and as HTML (groff -Thtml, as make html does), and every
#             reference to a page of this project names a page in man/
#
# Two modes. When the original installation is in $ORIGINAL (default
# /work/orig/inst) every output is also compared with the original tool's
# (and the original executive's dumps and groups are used too); without it
# (CI) the golden files alone are the reference. UPDATE_GOLDEN=1 (needs
# $ORIGINAL) rewrites the golden files from the original tools' outputs.
#
# Needs root (namespaces). Prints what differs and exits non-zero.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
ORIGINAL=${ORIGINAL:-/work/orig/inst}
GOLDEN=$ROOT/compat-tests/tools/golden
UPDATE_GOLDEN=${UPDATE_GOLDEN:-}
OUT=${OUT:-$(mktemp -d)}
mkdir -p "$OUT"
HAVE_ORIGINAL=0
if [ -x "$ORIGINAL/sbin/corosync" ] && [ -x "$ORIGINAL/sbin/corosync-fplay" ] &&
	[ -x "$ORIGINAL/sbin/corosync-keygen" ] && [ -x "$ORIGINAL/sbin/corosync-cpgtool" ]; then
	HAVE_ORIGINAL=1
	echo "mode: compared with the original tools in $ORIGINAL and with the golden files"
else
	echo "mode: compared with the golden files only (no original installation in $ORIGINAL)"
	if [ -n "$UPDATE_GOLDEN" ]; then
		echo "UPDATE_GOLDEN needs the original installation" >&2
		exit 2
	fi
fi
export ROOT ORIGINAL OUT HAVE_ORIGINAL
failures=0
fail() { echo "FAILED: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

# golden_write NAME FILE: FILE (an original tool's output) becomes the
# golden file NAME (gzip-compressed when NAME ends in .gz)
golden_write() {
	case $1 in
	*.gz) gzip -9n <"$2" >"$GOLDEN/$1" ;;
	*) cp "$2" "$GOLDEN/$1" ;;
	esac
	echo "golden file $1 written"
}
# golden_check NAME FILE: FILE (our output) is the golden file NAME
golden_check() {
	if [ ! -f "$GOLDEN/$1" ]; then
		echo "no golden file $GOLDEN/$1"
		return 1
	fi
	case $1 in
	*.gz) gzip -dc <"$GOLDEN/$1" >"$OUT/golden.${1%.gz}" ;;
	*) cp "$GOLDEN/$1" "$OUT/golden.$1" ;;
	esac
	if ! cmp -s "$OUT/golden.${1%.gz}" "$2"; then
		echo "--- differences from golden/$1 (< golden, > ours):"
		diff "$OUT/golden.${1%.gz}" "$2" | head -20
		return 1
	fi
}

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
if [ "$HAVE_ORIGINAL" = 1 ]; then
	mount --bind "$COROSYNC_RUN_DIR" "$ORIG_FDATA_DIR" || exit 1
	"$ORIGINAL/sbin/corosync-fplay" >"$OUT/$tag.orig" 2>"$OUT/$tag.orig.err"; echo "rc=$?" >>"$OUT/$tag.orig"
	cat "$OUT/$tag.orig.err" >>"$OUT/$tag.orig"
	umount "$ORIG_FDATA_DIR"
fi
stat -c %s "$COROSYNC_RUN_DIR/fdata" >"$OUT/$tag.size"
EOF
export ORIG_FDATA_DIR

fplay_case() { # executive-kind mode
	tag=fplay-$1-$2
	kind=$1
	if [ "$1" = orig ]; then
		set -- "$@" EXECUTIVE="$ORIGINAL/sbin/corosync" EXECUTIVE_LIBS="$ORIGINAL/lib"
	fi
	mode=$2
	shift 2
	env TZ=UTC "$@" compat-tests/in-netns compat-tests/conf/udp-loopback.conf \
		sh "$OUT/fplay-inner.sh" "$mode" "$tag" || { fail "$tag: no dump"; return; }
	same=
	if [ "$HAVE_ORIGINAL" = 1 ]; then
		if ! cmp -s "$OUT/$tag.ours" "$OUT/$tag.orig"; then
			fail "$tag: our corosync-fplay and the original differ"
			diff "$OUT/$tag.orig" "$OUT/$tag.ours" | head -20
			return
		fi
		same=", same output from both replay tools"
	fi
	# a whole, consistent replay: header, records numbered from 1 with a
	# time each, footer with the count
	n=$(grep -c '^rec=\[' "$OUT/$tag.ours")
	if ! head -1 "$OUT/$tag.ours" | grep -q '^Starting replay: head \[[0-9]*\] tail \[0\]$' ||
		! grep -q "^Finishing replay: records found \[$n\]$" "$OUT/$tag.ours" ||
		! grep -q "^rc=0$" "$OUT/$tag.ours" ||
		[ "$(wc -l <"$OUT/$tag.ours")" -ne $((n + 3)) ] ||
		grep '^rec=' "$OUT/$tag.ours" |
		grep -qvE '^rec=\[[0-9]+\] time=\[[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\] ' ||
		! grep '^rec=' "$OUT/$tag.ours" | awk 'index($0, "rec=[" NR "] ") != 1 { exit 1 }' ||
		! grep -q "Log Message=Corosync Cluster Engine ('1.4.10'): started and ready to provide service.$" "$OUT/$tag.ours"; then
		fail "$tag: replay incomplete or malformed"
		head -3 "$OUT/$tag.ours"; tail -3 "$OUT/$tag.ours"
		return
	fi
	# our executive: the records we know it logs are all there (debug is
	# off in this configuration, yet the recorder keeps debug records)
	if [ "$kind" = ours ]; then
		sed -E 's/^rec=\[[0-9]+\] time=\[[^]]*\] //' "$OUT/$tag.ours" >"$OUT/$tag.messages"
		missing=$(grep -v '^#' "$GOLDEN/fplay-executive.expected" | grep -vFx -f "$OUT/$tag.messages")
		if [ -n "$missing" ]; then
			fail "$tag: records missing from the replay:"
			echo "$missing"
			return
		fi
	fi
	# ring of 1048576 words plus magic, size, head and tail
	if [ "$(cat "$OUT/$tag.size")" != 4194320 ]; then
		fail "$tag: dump size $(cat "$OUT/$tag.size")"
		return
	fi
	ok "$tag ($n records, expected structure and records$same)"
}

fplay_case ours usr2
fplay_case ours ABRT
fplay_case ours SEGV
# corosync-blackbox: runtime.blackbox through confdb, with the original
# executive, and with ours when this build serves confdb (has objctl)
if [ "$HAVE_ORIGINAL" = 1 ]; then
	fplay_case orig usr2
	fplay_case orig objctl
	if ! grep -q "^Finishing replay" "$OUT/fplay-orig-objctl.blackbox"; then
		fail "corosync-blackbox printed no replay"
	fi
else
	echo "skipped: dumps of the original executive (no original installation)"
fi
if [ -x build/sbin/corosync-objctl ]; then
	fplay_case ours objctl
	if ! grep -q "^Finishing replay" "$OUT/fplay-ours-objctl.blackbox"; then
		fail "corosync-blackbox against our executive printed no replay"
	fi
else
	echo "skipped: corosync-blackbox against our executive (no corosync-objctl in build/sbin)"
fi

# dumps made here (the same bytes on every run): wrapped several times,
# cut short, empty, headless, missing
rm -rf "$OUT/samples"
cargo build --release -q -p corosync-tools --example fdata_samples || fail "build fdata_samples"
target/release/examples/fdata_samples "$OUT/samples" || fail "fdata_samples"
(cd "$OUT/samples" && sha256sum */fdata) >"$OUT/samples.sha256"
if [ -n "$UPDATE_GOLDEN" ]; then
	golden_write fplay-samples.sha256 "$OUT/samples.sha256"
fi
if ! cmp -s "$GOLDEN/fplay-samples.sha256" "$OUT/samples.sha256"; then
	fail "the generated sample dumps changed (flight recorder encoding or fdata_samples): their replays cannot match the golden ones"
	diff "$GOLDEN/fplay-samples.sha256" "$OUT/samples.sha256"
fi
for sample in wrapped truncated empty headless missing; do
	d=$OUT/samples/$sample
	g=fplay-sample-$sample.out
	[ $sample = wrapped ] && g=$g.gz
	# stdout and stderr apart: how they interleave depends on buffering
	COROSYNC_RUN_DIR=$d TZ=UTC build/sbin/corosync-fplay >"$OUT/sample-$sample.ours" 2>"$OUT/sample-$sample.ours.err"
	echo "rc=$?" >>"$OUT/sample-$sample.ours"
	cat "$OUT/sample-$sample.ours.err" >>"$OUT/sample-$sample.ours"
	sed -i "s|$d|@SAMPLEDIR@|" "$OUT/sample-$sample.ours"
	same=
	if [ "$HAVE_ORIGINAL" = 1 ]; then
		TZ=UTC unshare --mount sh -c 'mount --bind "$1" "$2" && "$3" ' sample "$d" "$ORIG_FDATA_DIR" \
			"$ORIGINAL/sbin/corosync-fplay" >"$OUT/sample-$sample.orig" 2>"$OUT/sample-$sample.orig.err"
		echo "rc=$?" >>"$OUT/sample-$sample.orig"
		cat "$OUT/sample-$sample.orig.err" >>"$OUT/sample-$sample.orig"
		sed -i "s|$ORIG_FDATA_DIR|@SAMPLEDIR@|" "$OUT/sample-$sample.orig"
		[ -n "$UPDATE_GOLDEN" ] && golden_write "$g" "$OUT/sample-$sample.orig"
		if ! cmp -s "$OUT/sample-$sample.orig" "$OUT/sample-$sample.ours"; then
			fail "fplay of the $sample sample differs from the original's"
			diff "$OUT/sample-$sample.orig" "$OUT/sample-$sample.ours" | head -10
			continue
		fi
		same=", same as the original"
	fi
	if golden_check "$g" "$OUT/sample-$sample.ours"; then
		ok "fplay of the $sample sample: $(grep -c '^rec=' "$OUT/sample-$sample.ours") records, as golden/$g$same"
	else
		fail "fplay of the $sample sample differs from golden/$g"
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
if [ "$(cat "$OUT/keygen-ours.stat")" != "128 400 0 0" ]; then
	fail "keygen: authkey is $(cat "$OUT/keygen-ours.stat") (want 128 bytes, 0400, root:root)"
elif [ "$(cat "$OUT/keygen-ours.key")" = "$(printf '%0256d' 0)" ]; then
	fail "keygen: key is all zeroes"
else
	ok "keygen: authkey of 128 bytes, 0400, root:root"
fi
# not root: refused
setpriv --reuid=65534 --regid=65534 --clear-groups "$ROOT/build/sbin/corosync-keygen" \
	>"$OUT/keygen-user-ours.out" 2>&1
echo "rc=$?" >>"$OUT/keygen-user-ours.out"
if [ "$HAVE_ORIGINAL" = 1 ]; then
	keygen_run "$ORIGINAL/sbin/corosync-keygen" "$ORIGINAL/etc/corosync" keygen-orig
	sed "s|$ORIGINAL/etc/corosync|/etc/corosync|" "$OUT/keygen-orig.out" >"$OUT/keygen-orig.norm"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$ORIGINAL/sbin/corosync-keygen" \
		>"$OUT/keygen-user-orig.out" 2>&1
	echo "rc=$?" >>"$OUT/keygen-user-orig.out"
	if [ -n "$UPDATE_GOLDEN" ]; then
		golden_write keygen.out "$OUT/keygen-orig.norm"
		golden_write keygen-user.out "$OUT/keygen-user-orig.out"
	fi
	if [ "$(cat "$OUT/keygen-orig.stat")" != "$(cat "$OUT/keygen-ours.stat")" ]; then
		fail "keygen: authkey $(cat "$OUT/keygen-ours.stat"), the original's $(cat "$OUT/keygen-orig.stat")"
	fi
	if cmp -s "$OUT/keygen-orig.norm" "$OUT/keygen-ours.out" &&
		cmp -s "$OUT/keygen-user-orig.out" "$OUT/keygen-user-ours.out"; then
		ok "keygen: same messages as the original (as root and as a user)"
	else
		fail "keygen: messages differ from the original's"
		diff "$OUT/keygen-orig.norm" "$OUT/keygen-ours.out"
		diff "$OUT/keygen-user-orig.out" "$OUT/keygen-user-ours.out"
	fi
fi
if golden_check keygen.out "$OUT/keygen-ours.out" &&
	golden_check keygen-user.out "$OUT/keygen-user-ours.out"; then
	ok "keygen: messages as golden/keygen.out and golden/keygen-user.out"
else
	fail "keygen: messages differ from the golden ones"
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
# wait until the three joins are visible (to either tool; against an
# executive without a cfg service both give up, and the wait runs out)
i=0
while [ $i -lt 100 ]; do
	if [ "$HAVE_ORIGINAL" = 1 ]; then
		n=$(LD_LIBRARY_PATH=$ORIGINAL/lib "$ORIGINAL/sbin/corosync-cpgtool" -d , 2>/dev/null | grep -c ',')
		[ "$n" -ge 4 ] && break
	fi
	n=$("$ROOT/build/sbin/corosync-cpgtool" -d , 2>/dev/null | grep -c ',')
	[ "$n" -ge 4 ] && break
	grep -q "Service engine 'corosync_cfg' is not provided" "$LOG" && break
	sleep 0.1; i=$((i + 1))
done
k=0
for args in "" "-n" "-e" "-d ," "-d ;" "-n -d ;" "-ne" "-e -d:" "-h" "-x" "-d"; do
	k=$((k + 1))
	if [ "$HAVE_ORIGINAL" = 1 ]; then
		# shellcheck disable=SC2086
		LD_LIBRARY_PATH=$ORIGINAL/lib "$ORIGINAL/sbin/corosync-cpgtool" $args >"$OUT/$tag.$k.orig" 2>"$OUT/$tag.$k.orig.err"
		echo "rc=$?" >>"$OUT/$tag.$k.orig"
	fi
	# shellcheck disable=SC2086
	"$ROOT/build/sbin/corosync-cpgtool" $args >"$OUT/$tag.$k.ours" 2>"$OUT/$tag.$k.ours.err"
	echo "rc=$?" >>"$OUT/$tag.$k.ours"
	printf "%s\n" "$args" >"$OUT/$tag.$k.args"
done
echo $k >"$OUT/$tag.count"
kill $m1 $m2 $m3 2>/dev/null
wait
EOF
# cpgtool_collect TAG ours|orig: every option set's output, status and
# errors in one text, with the program path out of getopt's messages and
# the member pids written PID
cpgtool_collect() {
	k=1
	while [ $k -le "$(cat "$OUT/$1.count")" ]; do
		echo "=== corosync-cpgtool $(cat "$OUT/$1.$k.args")"
		cat "$OUT/$1.$k.$2"
		echo "--- stderr"
		sed -e "s|$ORIGINAL/sbin/||" -e "s|$ROOT/build/sbin/||" "$OUT/$1.$k.$2.err"
		k=$((k + 1))
	done | LC_ALL=C sed -E -e 's/^(\t\t) *[0-9]+\t/\1       PID\t/' \
		-e 's/([,;:])[0-9]+([,;:][0-9]+)$/\1PID\2/'
}
cpgtool_case() { # executive-kind
	tag=cpgtool-$1
	kind=$1
	if [ "$1" = orig ]; then
		set -- "$@" EXECUTIVE="$ORIGINAL/sbin/corosync" EXECUTIVE_LIBS="$ORIGINAL/lib"
	fi
	shift
	env "$@" LOG="$OUT/$tag.log" compat-tests/in-netns compat-tests/conf/udpu-loopback.conf \
		sh "$OUT/cpgtool-inner.sh" "$tag" || { fail "$tag: run"; return; }
	cpgtool_collect "$tag" ours >"$OUT/$tag.ours.all"
	same=
	if [ "$HAVE_ORIGINAL" = 1 ]; then
		cpgtool_collect "$tag" orig >"$OUT/$tag.orig.all"
		if ! cmp -s "$OUT/$tag.orig.all" "$OUT/$tag.ours.all"; then
			fail "$tag: our corosync-cpgtool and the original differ (< original, > ours)"
			diff "$OUT/$tag.orig.all" "$OUT/$tag.ours.all" | head -20
			return
		fi
		same=", same as the original tool"
	fi
	# the group listing needs the executive's cfg service (the tool
	# connects to it first); an executive without it gets the refusal
	golden=cpgtool.out
	if grep -q "Service engine 'corosync_cfg' is not provided" "$OUT/$tag.log"; then
		golden=cpgtool-nocfg.out
		echo "note: $tag: the executive has no cfg service; corosync-cpgtool is checked for its refusal (golden/$golden), the group listing against the original executive only"
	fi
	if [ -n "$UPDATE_GOLDEN" ]; then
		golden_write "$golden" "$OUT/$tag.orig.all"
	fi
	if golden_check "$golden" "$OUT/$tag.ours.all"; then
		ok "$tag: $(cat "$OUT/$tag.count") option sets, output and status as golden/$golden$same"
	else
		fail "$tag: output differs from golden/$golden"
	fi
}
if [ "$HAVE_ORIGINAL" = 1 ]; then
	cpgtool_case orig
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
