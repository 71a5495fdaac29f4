/*
 * ABI pin for <corosync/votequorum.h> (x86_64 / LP64).
 *
 * Every number below was measured from corosync 1.4.10 as installed; a
 * failing assert means our header no longer matches it.  Regenerate only
 * from a fresh measurement (gen/gen_abi.py), never by editing numbers
 * to fit.
 */
#include <stddef.h>
#include <stdint.h>
#include <corosync/corotypes.h>
#include <corosync/votequorum.h>
#include "abi_check.h"

/* typedef votequorum_handle_t */
SIZE(votequorum_handle_t, 8);
ALIGN(votequorum_handle_t, 8);
TYPE(votequorum_handle_t, uint64_t);

/* struct votequorum_info */
SIZE(struct votequorum_info, 28);
ALIGN(struct votequorum_info, 4);
OFFSET(struct votequorum_info, node_id, 0);
MSIZE(struct votequorum_info, node_id, 4);
MTYPE(struct votequorum_info, node_id, unsigned int);
OFFSET(struct votequorum_info, node_votes, 4);
MSIZE(struct votequorum_info, node_votes, 4);
MTYPE(struct votequorum_info, node_votes, unsigned int);
OFFSET(struct votequorum_info, node_expected_votes, 8);
MSIZE(struct votequorum_info, node_expected_votes, 4);
MTYPE(struct votequorum_info, node_expected_votes, unsigned int);
OFFSET(struct votequorum_info, highest_expected, 12);
MSIZE(struct votequorum_info, highest_expected, 4);
MTYPE(struct votequorum_info, highest_expected, unsigned int);
OFFSET(struct votequorum_info, total_votes, 16);
MSIZE(struct votequorum_info, total_votes, 4);
MTYPE(struct votequorum_info, total_votes, unsigned int);
OFFSET(struct votequorum_info, quorum, 20);
MSIZE(struct votequorum_info, quorum, 4);
MTYPE(struct votequorum_info, quorum, unsigned int);
OFFSET(struct votequorum_info, flags, 24);
MSIZE(struct votequorum_info, flags, 4);
MTYPE(struct votequorum_info, flags, unsigned int);

/* struct votequorum_qdisk_info */
SIZE(struct votequorum_qdisk_info, 264);
ALIGN(struct votequorum_qdisk_info, 4);
OFFSET(struct votequorum_qdisk_info, votes, 0);
MSIZE(struct votequorum_qdisk_info, votes, 4);
MTYPE(struct votequorum_qdisk_info, votes, unsigned int);
OFFSET(struct votequorum_qdisk_info, state, 4);
MSIZE(struct votequorum_qdisk_info, state, 4);
MTYPE(struct votequorum_qdisk_info, state, unsigned int);
OFFSET(struct votequorum_qdisk_info, name, 8);
MSIZE(struct votequorum_qdisk_info, name, 255);
MTYPE(struct votequorum_qdisk_info, name, char[255]);

/* votequorum_node_t */
SIZE(votequorum_node_t, 8);
ALIGN(votequorum_node_t, 4);
OFFSET(votequorum_node_t, nodeid, 0);
MSIZE(votequorum_node_t, nodeid, 4);
MTYPE(votequorum_node_t, nodeid, uint32_t);
OFFSET(votequorum_node_t, state, 4);
MSIZE(votequorum_node_t, state, 4);
MTYPE(votequorum_node_t, state, uint32_t);

/* typedef votequorum_notification_fn_t */
SIZE(votequorum_notification_fn_t, 8);
ALIGN(votequorum_notification_fn_t, 8);
TYPE(votequorum_notification_fn_t, void (*)(votequorum_handle_t, uint64_t, uint32_t, uint32_t, votequorum_node_t *));

/* typedef votequorum_expectedvotes_notification_fn_t */
SIZE(votequorum_expectedvotes_notification_fn_t, 8);
ALIGN(votequorum_expectedvotes_notification_fn_t, 8);
TYPE(votequorum_expectedvotes_notification_fn_t, void (*)(votequorum_handle_t, uint64_t, uint32_t));

/* votequorum_callbacks_t */
SIZE(votequorum_callbacks_t, 16);
ALIGN(votequorum_callbacks_t, 8);
OFFSET(votequorum_callbacks_t, votequorum_notify_fn, 0);
MSIZE(votequorum_callbacks_t, votequorum_notify_fn, 8);
MTYPE(votequorum_callbacks_t, votequorum_notify_fn, votequorum_notification_fn_t);
OFFSET(votequorum_callbacks_t, votequorum_expectedvotes_notify_fn, 8);
MSIZE(votequorum_callbacks_t, votequorum_expectedvotes_notify_fn, 8);
MTYPE(votequorum_callbacks_t, votequorum_expectedvotes_notify_fn, votequorum_expectedvotes_notification_fn_t);

/* macros */
#ifndef COROSYNC_VOTEQUORUM_H_DEFINED
#error "COROSYNC_VOTEQUORUM_H_DEFINED is not defined"
#endif
VALUE(VOTEQUORUM_MAX_QDISK_NAME_LEN, 255);
TYPE_OF(VOTEQUORUM_MAX_QDISK_NAME_LEN, int);
VALUE(VOTEQUORUM_INFO_FLAG_HASSTATE, 1);
TYPE_OF(VOTEQUORUM_INFO_FLAG_HASSTATE, int);
VALUE(VOTEQUORUM_INFO_FLAG_DISALLOWED, 2);
TYPE_OF(VOTEQUORUM_INFO_FLAG_DISALLOWED, int);
VALUE(VOTEQUORUM_INFO_FLAG_TWONODE, 4);
TYPE_OF(VOTEQUORUM_INFO_FLAG_TWONODE, int);
VALUE(VOTEQUORUM_INFO_FLAG_QUORATE, 8);
TYPE_OF(VOTEQUORUM_INFO_FLAG_QUORATE, int);
VALUE(VOTEQUORUM_NODEID_US, 0);
TYPE_OF(VOTEQUORUM_NODEID_US, int);
VALUE(VOTEQUORUM_NODEID_QDEVICE, (-1));
TYPE_OF(VOTEQUORUM_NODEID_QDEVICE, int);
VALUE(NODESTATE_JOINING, 1);
TYPE_OF(NODESTATE_JOINING, int);
VALUE(NODESTATE_MEMBER, 2);
TYPE_OF(NODESTATE_MEMBER, int);
VALUE(NODESTATE_DEAD, 3);
TYPE_OF(NODESTATE_DEAD, int);
VALUE(NODESTATE_LEAVING, 4);
TYPE_OF(NODESTATE_LEAVING, int);
VALUE(NODESTATE_DISALLOWED, 5);
TYPE_OF(NODESTATE_DISALLOWED, int);
