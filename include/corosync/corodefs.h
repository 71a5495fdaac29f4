/*
 * corosync-rs: corodefs.h
 *
 * Well known service numbers and a few protocol wide limits.
 */

#ifndef CORODEFS_H_DEFINED
#define CORODEFS_H_DEFINED

#include <netinet/in.h>

/* abstract socket name the client libraries connect to */
#define COROSYNC_SOCKET_NAME "corosync.ipc"

enum corosync_service_types {
    EVS_SERVICE        = 0,
    CLM_SERVICE        = 1,
    AMF_SERVICE        = 2,
    CKPT_SERVICE       = 3,
    EVT_SERVICE        = 4,
    LCK_SERVICE        = 5,
    MSG_SERVICE        = 6,
    CFG_SERVICE        = 7,
    CPG_SERVICE        = 8,
    CMAN_SERVICE       = 9,
    PCMK_SERVICE       = 10,
    CONFDB_SERVICE     = 11,
    QUORUM_SERVICE     = 12,
    PLOAD_SERVICE      = 13,
    TMR_SERVICE        = 14,
    VOTEQUORUM_SERVICE = 15,
    NTF_SERVICE        = 16,
    AMF_V2_SERVICE     = 17
};

#ifdef HAVE_SMALL_MEMORY_FOOTPRINT
#define PROCESSOR_COUNT_MAX 16
#else
#define PROCESSOR_COUNT_MAX 384
#endif

#define TOTEMIP_ADDRLEN (sizeof(struct in6_addr))

#endif /* CORODEFS_H_DEFINED */
