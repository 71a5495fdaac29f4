/*
 * corosync-rs: coroipc_types.h
 *
 * Headers that prefix every request and response on the client IPC
 * channel.  Every field sits on an 8 byte boundary so that 32 and 64 bit
 * peers agree on the layout.
 *
 * Note: cs_error_t must already be declared (include corotypes.h first);
 * this header does not pull it in by itself.
 */

#ifndef COROIPC_TYPES_H_DEFINED
#define COROIPC_TYPES_H_DEFINED

typedef struct {
    int size __attribute__((aligned(8)));   /* whole message, in bytes */
    int id __attribute__((aligned(8)));     /* service specific request id */
} coroipc_request_header_t __attribute__((aligned(8)));

typedef struct {
    int size __attribute__((aligned(8)));
    int id __attribute__((aligned(8)));
    cs_error_t error __attribute__((aligned(8)));
} coroipc_response_header_t __attribute__((aligned(8)));

#endif /* COROIPC_TYPES_H_DEFINED */
