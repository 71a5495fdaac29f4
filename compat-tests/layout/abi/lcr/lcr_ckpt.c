/*
 * ABI pin for <corosync/lcr/lcr_ckpt.h> (x86_64 / LP64).
 *
 * Every number below was measured from corosync 1.4.10 as installed; a
 * failing assert means our header no longer matches it.  Regenerate only
 * from a fresh measurement (gen/gen_abi.py), never by editing numbers
 * to fit.
 */
#include <stddef.h>
#include <stddef.h>
#include <corosync/lcr/lcr_ckpt.h>
#include "abi_check.h"

/* macros */
#ifndef LCR_CKPT_H_DEFINED
#error "LCR_CKPT_H_DEFINED is not defined"
#endif
