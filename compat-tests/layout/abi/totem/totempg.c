/*
 * ABI pin for <corosync/totem/totempg.h> (x86_64 / LP64).
 *
 * Every number below was measured from corosync 1.4.10 as installed; a
 * failing assert means our header no longer matches it.  Regenerate only
 * from a fresh measurement (gen/gen_abi.py), never by editing numbers
 * to fit.
 */
#include <stddef.h>
#include <corosync/totem/totempg.h>
#include "abi_check.h"

/* struct totempg_group */
SIZE(struct totempg_group, 16);
ALIGN(struct totempg_group, 8);
OFFSET(struct totempg_group, group, 0);
MSIZE(struct totempg_group, group, 8);
MTYPE(struct totempg_group, group, const void *);
OFFSET(struct totempg_group, group_len, 8);
MSIZE(struct totempg_group, group_len, 8);
MTYPE(struct totempg_group, group_len, size_t);

/* macros */
#ifndef TOTEMPG_H_DEFINED
#error "TOTEMPG_H_DEFINED is not defined"
#endif
VALUE(TOTEMPG_AGREED, 0);
TYPE_OF(TOTEMPG_AGREED, int);
VALUE(TOTEMPG_SAFE, 1);
TYPE_OF(TOTEMPG_SAFE, int);
