/*
 * ABI pin for <corosync/engine/quorum.h> (x86_64 / LP64).
 *
 * Every number below was measured from corosync 1.4.10 as installed; a
 * failing assert means our header no longer matches it.  Regenerate only
 * from a fresh measurement (gen/gen_abi.py), never by editing numbers
 * to fit.
 */
#include <stddef.h>
#include <netinet/in.h>
#include <sys/uio.h>
#include <corosync/engine/coroapi.h>
#include <corosync/engine/quorum.h>
#include "abi_check.h"

/* typedef quorum_set_quorate_fn_t */
SIZE(quorum_set_quorate_fn_t, 8);
ALIGN(quorum_set_quorate_fn_t, 8);
TYPE(quorum_set_quorate_fn_t, void (*)(const unsigned int *, size_t, int, struct memb_ring_id *));

/* struct quorum_services_api_ver1 */
SIZE(struct quorum_services_api_ver1, 8);
ALIGN(struct quorum_services_api_ver1, 8);
OFFSET(struct quorum_services_api_ver1, init, 0);
MSIZE(struct quorum_services_api_ver1, init, 8);
MTYPE(struct quorum_services_api_ver1, init, void (*)(struct corosync_api_v1 *, quorum_set_quorate_fn_t));

/* macros */
#ifndef QUORUM_H_DEFINED
#error "QUORUM_H_DEFINED is not defined"
#endif
