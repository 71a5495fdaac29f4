#!/bin/sh
# liblogsys: compat-tests/logsys/logsys_api.c prints through the library
# and dumps its flight recorder, which corosync-fplay replays. Both outputs
# must equal the ones recorded with the original liblogsys (timestamps
# left out). LIBDIR (default build/lib) selects the library.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/compat-tests/logsys
LIBDIR=${LIBDIR:-$ROOT/build/lib}
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
gcc -O2 -Wall -Wextra -Werror -I"$ROOT/include" "$HERE/logsys_api.c" -o "$d/logsys_api" \
	-L"$LIBDIR" -Wl,-rpath-link,"$LIBDIR" -llogsys || exit 1
rc=0
LD_LIBRARY_PATH=$LIBDIR "$d/logsys_api" "$d/fdata" 2>"$d/stderr"
if diff -u "$HERE/stderr.expected" "$d/stderr"; then
	echo "ok   liblogsys: messages, filters, formats"
else
	echo "FAIL liblogsys: messages differ"; rc=1
fi
COROSYNC_RUN_DIR=$d "$ROOT/build/sbin/corosync-fplay" 2>&1 |
	sed 's/time=\[[^]]*\]//; /^Starting replay/d' >"$d/fplay"
if diff -u "$HERE/fplay.expected" "$d/fplay"; then
	echo "ok   liblogsys: flight recorder dump replayed by corosync-fplay"
else
	echo "FAIL liblogsys: flight recorder replay differs"; rc=1
fi
exit $rc
