/*
 * ABI pin for <corosync/evs.h> (x86_64 / LP64).
 *
 * Every number below was measured from corosync 1.4.10 as installed; a
 * failing assert means our header no longer matches it.  Regenerate only
 * from a fresh measurement (gen/gen_abi.py), never by editing numbers
 * to fit.
 */
#include <stddef.h>
#include <corosync/evs.h>
#include "abi_check.h"

/* typedef evs_handle_t */
SIZE(evs_handle_t, 8);
ALIGN(evs_handle_t, 8);
TYPE(evs_handle_t, uint64_t);

/* enum for evs_guarantee_t */
VALUE(EVS_TYPE_UNORDERED, 0);
VALUE(EVS_TYPE_FIFO, 1);
VALUE(EVS_TYPE_AGREED, 2);
VALUE(EVS_TYPE_SAFE, 3);

/* typedef evs_guarantee_t */
SIZE(evs_guarantee_t, 4);
ALIGN(evs_guarantee_t, 4);

/* struct evs_group */
SIZE(struct evs_group, 32);
ALIGN(struct evs_group, 1);
OFFSET(struct evs_group, key, 0);
MSIZE(struct evs_group, key, 32);
MTYPE(struct evs_group, key, char[32]);

/* struct evs_ring_id */
SIZE(struct evs_ring_id, 16);
ALIGN(struct evs_ring_id, 8);
OFFSET(struct evs_ring_id, nodeid, 0);
MSIZE(struct evs_ring_id, nodeid, 4);
MTYPE(struct evs_ring_id, nodeid, unsigned int);
OFFSET(struct evs_ring_id, seq, 8);
MSIZE(struct evs_ring_id, seq, 8);
MTYPE(struct evs_ring_id, seq, long long unsigned int);

/* typedef evs_deliver_fn_t */
SIZE(evs_deliver_fn_t, 8);
ALIGN(evs_deliver_fn_t, 8);
TYPE(evs_deliver_fn_t, void (*)(hdb_handle_t, unsigned int, const void *, size_t));

/* typedef evs_confchg_fn_t */
SIZE(evs_confchg_fn_t, 8);
ALIGN(evs_confchg_fn_t, 8);
TYPE(evs_confchg_fn_t, void (*)(hdb_handle_t, const unsigned int *, size_t, const unsigned int *, size_t, const unsigned int *, size_t, const struct evs_ring_id *));

/* evs_callbacks_t */
SIZE(evs_callbacks_t, 16);
ALIGN(evs_callbacks_t, 8);
OFFSET(evs_callbacks_t, evs_deliver_fn, 0);
MSIZE(evs_callbacks_t, evs_deliver_fn, 8);
MTYPE(evs_callbacks_t, evs_deliver_fn, evs_deliver_fn_t);
OFFSET(evs_callbacks_t, evs_confchg_fn, 8);
MSIZE(evs_callbacks_t, evs_confchg_fn, 8);
MTYPE(evs_callbacks_t, evs_confchg_fn, evs_confchg_fn_t);

/* macros */
#ifndef COROSYNC_EVS_H_DEFINED
#error "COROSYNC_EVS_H_DEFINED is not defined"
#endif
VALUE(TOTEMIP_ADDRLEN, 16UL);
TYPE_OF(TOTEMIP_ADDRLEN, unsigned long);
