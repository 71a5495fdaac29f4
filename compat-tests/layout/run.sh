#!/bin/sh
# Header ABI checks for include/corosync.
#
#   sh compat-tests/layout/run.sh            run every check (from anywhere)
#   sh compat-tests/layout/run.sh --regen [DIR]
#        rewrite the golden prototype and macro lists (into DIR, default:
#        next to this script) from the headers under $LAYOUT_INCLUDE
#        (default: include/ of this repository)
#
# Checks, for every header listed in headers.list:
#   abi       abi/<header>.c compiles: sizeof/offsetof/alignment/member type
#             asserts, enum constant and numeric macro values
#   c, c++    the header compiles on its own (after its listed prerequisites)
#             with gcc -std=gnu99 -Wall -Wextra -Werror and g++ -Wall -Werror
#   protos    function prototypes (gcc -aux-info, parameter names removed)
#             equal prototypes/<header>.txt
#   macros    macro definitions (gcc -E -dD) equal macros/<header>.txt
# plus: every include set in combos.list compiles as one unit (C and C++),
# and semantics.c (behaviour of the inline functions and macros) is built
# and run as C and as C++.
#
# Needs only a POSIX shell, gcc, g++ and the usual text tools.

set -u

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
INC=${LAYOUT_INCLUDE:-$ROOT/include}
CC=${CC:-gcc}
CXX=${CXX:-g++}
CFLAGS_STRICT="-std=gnu99 -Wall -Wextra -Werror"
CXXFLAGS_STRICT="-Wall -Werror"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/layout.XXXXXX") || exit 2
trap 'rm -rf "$WORK"' EXIT INT TERM

pass=0
fail=0

ok () {
    pass=$((pass + 1))
}

bad () {
    fail=$((fail + 1))
    echo "FAIL: $*"
}

# headers.list without comments and blank lines
entries () {
    sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$HERE/headers.list"
}

header_of () {
    echo "$1" | sed -e 's/:.*//' -e 's/[[:space:]]//g'
}

prereqs_of () {
    case "$1" in
    *:*) echo "$1" | sed -e 's/^[^:]*://' ;;
    *) ;;
    esac
}

# cpg.h -> cpg, engine/coroapi.h -> engine/coroapi
stem_of () {
    echo "$1" | sed -e 's/\.h$//'
}

# write a translation unit including the prerequisites, then the header
make_tu () {
    _hdr=$1
    _pre=$2
    _out=$3
    : > "$_out"
    for _p in $_pre; do
        echo "#include <$_p>" >> "$_out"
    done
    echo "#include <corosync/$_hdr>" >> "$_out"
}

# prototypes declared or defined by one header, one per line:
#   <NC|NF|OC|OF> <declaration>
# For definitions gcc also prints the parameter names; they are removed.
extract_protos () {
    _hdr=$1
    _tu=$2
    _out=$3
    if ! $CC -std=gnu99 -I"$INC" -c -o "$WORK/aux.o" -aux-info "$WORK/aux.txt" \
            -x c "$_tu" 2> "$WORK/aux.err"; then
        cat "$WORK/aux.err"
        return 1
    fi
    awk -v suffix="/corosync/$_hdr" '
    function rtrim(s) { sub(/[ \t]+$/, "", s); return s }
    {
        if (substr($0, 1, 3) != "/* ") next
        close_at = index($0, " */ ")
        if (close_at == 0) next
        loc = substr($0, 4, close_at - 4)
        rest = substr($0, close_at + 4)
        n = split(loc, part, ":")
        if (n < 3) next
        tag = part[n]
        path = part[1]
        for (i = 2; i <= n - 2; i++) path = path ":" part[i]
        ls = length(suffix)
        if (length(path) < ls || substr(path, length(path) - ls + 1) != suffix) next
        kr = index(rest, "; /* (")
        if (kr > 0) {
            names = substr(rest, kr + 6)
            names = substr(names, 1, index(names, ")") - 1)
            proto = substr(rest, 1, kr)
            open_at = index(proto, " (")
            head = substr(proto, 1, open_at + 1)
            params = substr(proto, open_at + 2)
            sub(/\);$/, "", params)
            np = split(params, p, ", ")
            nn = split(names, nm, ", ")
            out = ""
            for (i = 1; i <= np; i++) {
                q = p[i]
                if (i <= nn) {
                    ln = length(nm[i])
                    if (length(q) > ln && substr(q, length(q) - ln + 1) == nm[i])
                        q = rtrim(substr(q, 1, length(q) - ln))
                }
                out = out (i > 1 ? ", " : "") q
            }
            proto = head out ");"
        } else {
            proto = rest
        }
        print tag " " rtrim(proto)
    }' "$WORK/aux.txt" > "$_out"
}

# #define / #undef lines issued while preprocessing the header itself
extract_macros () {
    _hdr=$1
    _tu=$2
    _out=$3
    if ! $CC -std=gnu99 -I"$INC" -E -dD -x c "$_tu" > "$WORK/pp.txt" 2> "$WORK/pp.err"; then
        cat "$WORK/pp.err"
        return 1
    fi
    awk -v suffix="/corosync/$_hdr" '
    /^# [0-9]+ "/ {
        f = $3
        gsub(/"/, "", f)
        ls = length(suffix)
        inside = (length(f) >= ls && substr(f, length(f) - ls + 1) == suffix)
        next
    }
    inside && (/^#define / || /^#undef /) { print }
    ' "$WORK/pp.txt" > "$_out"
}

if [ "${1:-}" = "--regen" ]; then
    DEST=${2:-$HERE}
    entries | while IFS= read -r line; do
        h=$(header_of "$line")
        s=$(stem_of "$h")
        make_tu "$h" "$(prereqs_of "$line")" "$WORK/tu.c"
        mkdir -p "$(dirname "$DEST/prototypes/$s")" "$(dirname "$DEST/macros/$s")"
        extract_protos "$h" "$WORK/tu.c" "$DEST/prototypes/$s.txt" || echo "error: $h"
        extract_macros "$h" "$WORK/tu.c" "$DEST/macros/$s.txt" || echo "error: $h"
    done
    echo "golden lists written to $DEST"
    exit 0
fi

entries > "$WORK/entries"
while IFS= read -r line; do
    h=$(header_of "$line")
    s=$(stem_of "$h")
    pre=$(prereqs_of "$line")
    make_tu "$h" "$pre" "$WORK/tu.c"
    cp "$WORK/tu.c" "$WORK/tu.cc"

    # (a) layout asserts
    if [ -f "$HERE/abi/$s.c" ]; then
        if $CC $CFLAGS_STRICT -I"$INC" -I"$HERE" -fsyntax-only "$HERE/abi/$s.c" 2> "$WORK/err"; then
            ok
        else
            bad "abi $h"; head -n 20 "$WORK/err"
        fi
    else
        bad "abi $h: missing abi/$s.c"
    fi

    # (b) standalone, C and C++
    if $CC $CFLAGS_STRICT -I"$INC" -fsyntax-only -x c "$WORK/tu.c" 2> "$WORK/err"; then
        ok
    else
        bad "c $h"; head -n 20 "$WORK/err"
    fi
    if $CXX $CXXFLAGS_STRICT -I"$INC" -fsyntax-only -x c++ "$WORK/tu.cc" 2> "$WORK/err"; then
        ok
    else
        bad "c++ $h"; head -n 20 "$WORK/err"
    fi

    # (c) prototypes
    if extract_protos "$h" "$WORK/tu.c" "$WORK/protos.txt" &&
       diff -u "$HERE/prototypes/$s.txt" "$WORK/protos.txt" > "$WORK/diff" 2>&1; then
        ok
    else
        bad "protos $h"; head -n 40 "$WORK/diff"
    fi

    # (d) macros
    if extract_macros "$h" "$WORK/tu.c" "$WORK/macros.txt" &&
       diff -u "$HERE/macros/$s.txt" "$WORK/macros.txt" > "$WORK/diff" 2>&1; then
        ok
    else
        bad "macros $h"; head -n 40 "$WORK/diff"
    fi
done < "$WORK/entries"

# headers used together, in C and C++
if [ -f "$HERE/combos.list" ]; then
    sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$HERE/combos.list" > "$WORK/combos"
    while IFS= read -r line; do
        name=$(echo "$line" | sed -e 's/:.*//')
        : > "$WORK/combo.c"
        for p in $(echo "$line" | sed -e 's/^[^:]*://'); do
            echo "#include <$p>" >> "$WORK/combo.c"
        done
        cp "$WORK/combo.c" "$WORK/combo.cc"
        if $CC $CFLAGS_STRICT -I"$INC" -fsyntax-only "$WORK/combo.c" 2> "$WORK/err"; then
            ok
        else
            bad "combo (C) $name"; head -n 20 "$WORK/err"
        fi
        if $CXX $CXXFLAGS_STRICT -I"$INC" -fsyntax-only "$WORK/combo.cc" 2> "$WORK/err"; then
            ok
        else
            bad "combo (C++) $name"; head -n 20 "$WORK/err"
        fi
    done < "$WORK/combos"
fi

# behaviour of inline code and function-like macros, as C and as C++
if [ -f "$HERE/semantics.c" ]; then
    if $CC $CFLAGS_STRICT -I"$INC" -o "$WORK/sem_c" "$HERE/semantics.c" -lpthread 2> "$WORK/err"; then
        if "$WORK/sem_c" > "$WORK/out" 2>&1; then ok; else bad "semantics (C) run"; cat "$WORK/out"; fi
    else
        bad "semantics (C) build"; head -n 20 "$WORK/err"
    fi
    if $CXX $CXXFLAGS_STRICT -I"$INC" -o "$WORK/sem_cxx" -x c++ "$HERE/semantics.c" -lpthread 2> "$WORK/err"; then
        if "$WORK/sem_cxx" > "$WORK/out" 2>&1; then ok; else bad "semantics (C++) run"; cat "$WORK/out"; fi
    else
        bad "semantics (C++) build"; head -n 20 "$WORK/err"
    fi
fi

echo "layout: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
