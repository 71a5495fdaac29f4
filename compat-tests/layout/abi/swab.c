/*
 * ABI pin for <corosync/swab.h> (x86_64 / LP64).
 *
 * Every number below was measured from corosync 1.4.10 as installed; a
 * failing assert means our header no longer matches it.  Regenerate only
 * from a fresh measurement (gen/gen_abi.py), never by editing numbers
 * to fit.
 */
#include <stddef.h>
#include <corosync/swab.h>
#include "abi_check.h"

/* macros */
#ifndef swab16
#error "swab16 is not defined"
#endif
#ifndef swab32
#error "swab32 is not defined"
#endif
#ifndef swab64
#error "swab64 is not defined"
#endif
