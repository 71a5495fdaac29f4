/*
 * ABI pin for <corosync/sam.h> (x86_64 / LP64).
 *
 * Every number below was measured from corosync 1.4.10 as installed; a
 * failing assert means our header no longer matches it.  Regenerate only
 * from a fresh measurement (gen/gen_abi.py), never by editing numbers
 * to fit.
 */
#include <stddef.h>
#include <corosync/sam.h>
#include "abi_check.h"

/* enum for sam_recovery_policy_t */
VALUE(SAM_RECOVERY_POLICY_QUIT, 1);
VALUE(SAM_RECOVERY_POLICY_RESTART, 2);

/* typedef sam_recovery_policy_t */
SIZE(sam_recovery_policy_t, 4);
ALIGN(sam_recovery_policy_t, 4);

/* typedef sam_hc_callback_t */
SIZE(sam_hc_callback_t, 8);
ALIGN(sam_hc_callback_t, 8);
TYPE(sam_hc_callback_t, int (*)(void));

/* macros */
#ifndef COROSYNC_SAM_H_DEFINED
#error "COROSYNC_SAM_H_DEFINED is not defined"
#endif
