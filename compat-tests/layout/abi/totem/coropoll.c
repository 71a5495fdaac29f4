/*
 * ABI pin for <corosync/totem/coropoll.h> (x86_64 / LP64).
 *
 * Every number below was measured from corosync 1.4.10 as installed; a
 * failing assert means our header no longer matches it.  Regenerate only
 * from a fresh measurement (gen/gen_abi.py), never by editing numbers
 * to fit.
 */
#include <stddef.h>
#include <corosync/totem/coropoll.h>
#include "abi_check.h"

/* typedef poll_low_fds_event_fn */
SIZE(poll_low_fds_event_fn, 8);
ALIGN(poll_low_fds_event_fn, 8);
TYPE(poll_low_fds_event_fn, void (*)(int32_t, int32_t));

/* typedef poll_timer_handle */
SIZE(poll_timer_handle, 8);
ALIGN(poll_timer_handle, 8);
TYPE(poll_timer_handle, void *);

/* macros */
#ifndef POLL_H_DEFINED
#error "POLL_H_DEFINED is not defined"
#endif
