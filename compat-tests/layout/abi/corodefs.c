/*
 * ABI pin for <corosync/corodefs.h> (x86_64 / LP64).
 *
 * Every number below was measured from corosync 1.4.10 as installed; a
 * failing assert means our header no longer matches it.  Regenerate only
 * from a fresh measurement (gen/gen_abi.py), never by editing numbers
 * to fit.
 */
#include <stddef.h>
#include <corosync/corodefs.h>
#include "abi_check.h"

/* enum corosync_service_types */
SIZE(enum corosync_service_types, 4);
VALUE(EVS_SERVICE, 0);
VALUE(CLM_SERVICE, 1);
VALUE(AMF_SERVICE, 2);
VALUE(CKPT_SERVICE, 3);
VALUE(EVT_SERVICE, 4);
VALUE(LCK_SERVICE, 5);
VALUE(MSG_SERVICE, 6);
VALUE(CFG_SERVICE, 7);
VALUE(CPG_SERVICE, 8);
VALUE(CMAN_SERVICE, 9);
VALUE(PCMK_SERVICE, 10);
VALUE(CONFDB_SERVICE, 11);
VALUE(QUORUM_SERVICE, 12);
VALUE(PLOAD_SERVICE, 13);
VALUE(TMR_SERVICE, 14);
VALUE(VOTEQUORUM_SERVICE, 15);
VALUE(NTF_SERVICE, 16);
VALUE(AMF_V2_SERVICE, 17);

/* macros */
#ifndef CORODEFS_H_DEFINED
#error "CORODEFS_H_DEFINED is not defined"
#endif
STRING(COROSYNC_SOCKET_NAME, "corosync.ipc");
VALUE(PROCESSOR_COUNT_MAX, 384);
TYPE_OF(PROCESSOR_COUNT_MAX, int);
VALUE(TOTEMIP_ADDRLEN, 16UL);
TYPE_OF(TOTEMIP_ADDRLEN, unsigned long);
