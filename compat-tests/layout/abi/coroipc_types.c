/*
 * ABI pin for <corosync/coroipc_types.h> (x86_64 / LP64).
 *
 * Every number below was measured from corosync 1.4.10 as installed; a
 * failing assert means our header no longer matches it.  Regenerate only
 * from a fresh measurement (gen/gen_abi.py), never by editing numbers
 * to fit.
 */
#include <stddef.h>
#include <corosync/corotypes.h>
#include <corosync/coroipc_types.h>
#include "abi_check.h"

/* coroipc_request_header_t */
SIZE(coroipc_request_header_t, 16);
ALIGN(coroipc_request_header_t, 8);
OFFSET(coroipc_request_header_t, size, 0);
MSIZE(coroipc_request_header_t, size, 4);
MTYPE(coroipc_request_header_t, size, int);
OFFSET(coroipc_request_header_t, id, 8);
MSIZE(coroipc_request_header_t, id, 4);
MTYPE(coroipc_request_header_t, id, int);

/* coroipc_response_header_t */
SIZE(coroipc_response_header_t, 24);
ALIGN(coroipc_response_header_t, 8);
OFFSET(coroipc_response_header_t, size, 0);
MSIZE(coroipc_response_header_t, size, 4);
MTYPE(coroipc_response_header_t, size, int);
OFFSET(coroipc_response_header_t, id, 8);
MSIZE(coroipc_response_header_t, id, 4);
MTYPE(coroipc_response_header_t, id, int);
OFFSET(coroipc_response_header_t, error, 16);
MSIZE(coroipc_response_header_t, error, 4);
MTYPE(coroipc_response_header_t, error, cs_error_t);

/* macros */
#ifndef COROIPC_TYPES_H_DEFINED
#error "COROIPC_TYPES_H_DEFINED is not defined"
#endif
