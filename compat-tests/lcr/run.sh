#!/bin/sh
# Builds the test components and runs lcr_api in their directory, against
# the libconfdb in LIBDIR (default build/lib).
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LIBDIR=${LIBDIR:-$ROOT/build/lib}
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
cc=${CC:-gcc}
$cc -O2 -Wall -Wextra -Werror -fPIC -shared -I"$ROOT/include" "$ROOT/compat-tests/lcr/lcr_plugin.c" \
	-Wl,-soname,aa_test.lcrso -o "$d/aa_test.lcrso"
$cc -O2 -Wall -Wextra -Werror -fPIC -shared -DOTHER -I"$ROOT/include" "$ROOT/compat-tests/lcr/lcr_plugin.c" \
	-Wl,-soname,zz_other.lcrso -o "$d/zz_other.lcrso"
echo "not a shared object" > "$d/mm_broken.lcrso"
cp "$d/zz_other.lcrso" "$d/other.so"
$cc -O2 -Wall -Wextra -Werror -I"$ROOT/include" "$ROOT/compat-tests/lcr/lcr_api.c" -o "$d/lcr_api" \
	-L"$LIBDIR" -Wl,-rpath-link,"$LIBDIR" -lconfdb
cd "$d"
LD_LIBRARY_PATH=$LIBDIR ./lcr_api
