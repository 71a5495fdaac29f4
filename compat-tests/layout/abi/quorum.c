/*
 * ABI pin for <corosync/quorum.h> (x86_64 / LP64).
 *
 * Every number below was measured from corosync 1.4.10 as installed; a
 * failing assert means our header no longer matches it.  Regenerate only
 * from a fresh measurement (gen/gen_abi.py), never by editing numbers
 * to fit.
 */
#include <stddef.h>
#include <corosync/quorum.h>
#include "abi_check.h"

/* typedef quorum_handle_t */
SIZE(quorum_handle_t, 8);
ALIGN(quorum_handle_t, 8);
TYPE(quorum_handle_t, uint64_t);

/* quorum_node_t */
SIZE(quorum_node_t, 8);
ALIGN(quorum_node_t, 4);
OFFSET(quorum_node_t, nodeid, 0);
MSIZE(quorum_node_t, nodeid, 4);
MTYPE(quorum_node_t, nodeid, uint32_t);
OFFSET(quorum_node_t, state, 4);
MSIZE(quorum_node_t, state, 4);
MTYPE(quorum_node_t, state, uint32_t);

/* typedef quorum_notification_fn_t */
SIZE(quorum_notification_fn_t, 8);
ALIGN(quorum_notification_fn_t, 8);
TYPE(quorum_notification_fn_t, void (*)(quorum_handle_t, uint32_t, uint64_t, uint32_t, uint32_t *));

/* quorum_callbacks_t */
SIZE(quorum_callbacks_t, 8);
ALIGN(quorum_callbacks_t, 8);
OFFSET(quorum_callbacks_t, quorum_notify_fn, 0);
MSIZE(quorum_callbacks_t, quorum_notify_fn, 8);
MTYPE(quorum_callbacks_t, quorum_notify_fn, quorum_notification_fn_t);

/* macros */
#ifndef COROSYNC_QUORUM_H_DEFINED
#error "COROSYNC_QUORUM_H_DEFINED is not defined"
#endif
