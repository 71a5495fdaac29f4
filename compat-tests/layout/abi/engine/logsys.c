/*
 * ABI pin for <corosync/engine/logsys.h> (x86_64 / LP64).
 *
 * Every number below was measured from corosync 1.4.10 as installed; a
 * failing assert means our header no longer matches it.  Regenerate only
 * from a fresh measurement (gen/gen_abi.py), never by editing numbers
 * to fit.
 */
#include <stddef.h>
#include <corosync/engine/logsys.h>
#include "abi_check.h"

/* macros */
#ifndef LOGSYS_H_DEFINED
#error "LOGSYS_H_DEFINED is not defined"
#endif
VALUE(LOGSYS_MODE_OUTPUT_FILE, 1);
TYPE_OF(LOGSYS_MODE_OUTPUT_FILE, int);
VALUE(LOGSYS_MODE_OUTPUT_STDERR, 2);
TYPE_OF(LOGSYS_MODE_OUTPUT_STDERR, int);
VALUE(LOGSYS_MODE_OUTPUT_SYSLOG, 4);
TYPE_OF(LOGSYS_MODE_OUTPUT_SYSLOG, int);
VALUE(LOGSYS_MODE_FORK, 8);
TYPE_OF(LOGSYS_MODE_FORK, int);
VALUE(LOGSYS_MODE_THREADED, 16);
TYPE_OF(LOGSYS_MODE_THREADED, int);
VALUE(LOGSYS_LEVEL_EMERG, 0);
TYPE_OF(LOGSYS_LEVEL_EMERG, int);
VALUE(LOGSYS_LEVEL_ALERT, 1);
TYPE_OF(LOGSYS_LEVEL_ALERT, int);
VALUE(LOGSYS_LEVEL_CRIT, 2);
TYPE_OF(LOGSYS_LEVEL_CRIT, int);
VALUE(LOGSYS_LEVEL_ERROR, 3);
TYPE_OF(LOGSYS_LEVEL_ERROR, int);
VALUE(LOGSYS_LEVEL_WARNING, 4);
TYPE_OF(LOGSYS_LEVEL_WARNING, int);
VALUE(LOGSYS_LEVEL_NOTICE, 5);
TYPE_OF(LOGSYS_LEVEL_NOTICE, int);
VALUE(LOGSYS_LEVEL_INFO, 6);
TYPE_OF(LOGSYS_LEVEL_INFO, int);
VALUE(LOGSYS_LEVEL_DEBUG, 7);
TYPE_OF(LOGSYS_LEVEL_DEBUG, int);
VALUE(LOGSYS_RECID_MAX, 4194303U);
TYPE_OF(LOGSYS_RECID_MAX, unsigned int);
VALUE(LOGSYS_RECID_LOG, 4194302U);
TYPE_OF(LOGSYS_RECID_LOG, unsigned int);
VALUE(LOGSYS_RECID_ENTER, 4194301U);
TYPE_OF(LOGSYS_RECID_ENTER, unsigned int);
VALUE(LOGSYS_RECID_LEAVE, 4194300U);
TYPE_OF(LOGSYS_RECID_LEAVE, unsigned int);
VALUE(LOGSYS_RECID_TRACE1, 4194299U);
TYPE_OF(LOGSYS_RECID_TRACE1, unsigned int);
VALUE(LOGSYS_RECID_TRACE2, 4194298U);
TYPE_OF(LOGSYS_RECID_TRACE2, unsigned int);
VALUE(LOGSYS_RECID_TRACE3, 4194297U);
TYPE_OF(LOGSYS_RECID_TRACE3, unsigned int);
VALUE(LOGSYS_RECID_TRACE4, 4194296U);
TYPE_OF(LOGSYS_RECID_TRACE4, unsigned int);
VALUE(LOGSYS_RECID_TRACE5, 4194295U);
TYPE_OF(LOGSYS_RECID_TRACE5, unsigned int);
VALUE(LOGSYS_RECID_TRACE6, 4194294U);
TYPE_OF(LOGSYS_RECID_TRACE6, unsigned int);
VALUE(LOGSYS_RECID_TRACE7, 4194293U);
TYPE_OF(LOGSYS_RECID_TRACE7, unsigned int);
VALUE(LOGSYS_RECID_TRACE8, 4194292U);
TYPE_OF(LOGSYS_RECID_TRACE8, unsigned int);
VALUE(LOGSYS_DEBUG_OFF, 0);
TYPE_OF(LOGSYS_DEBUG_OFF, int);
VALUE(LOGSYS_DEBUG_ON, 1);
TYPE_OF(LOGSYS_DEBUG_ON, int);
VALUE(LOGSYS_DEBUG_TRACE, 2);
TYPE_OF(LOGSYS_DEBUG_TRACE, int);
VALUE(LOGSYS_MAX_SUBSYS_COUNT, 64);
TYPE_OF(LOGSYS_MAX_SUBSYS_COUNT, int);
VALUE(LOGSYS_MAX_SUBSYS_NAMELEN, 64);
TYPE_OF(LOGSYS_MAX_SUBSYS_NAMELEN, int);
VALUE(LOGSYS_LEVEL_END, 3);
TYPE_OF(LOGSYS_LEVEL_END, int);
VALUE(LOGSYS_SUBSYSID_END, 10);
TYPE_OF(LOGSYS_SUBSYSID_END, int);
VALUE(LOGSYS_RECID_LEVEL_MASK, 7);
TYPE_OF(LOGSYS_RECID_LEVEL_MASK, int);
VALUE(LOGSYS_RECID_SUBSYSID_MASK, 1016);
TYPE_OF(LOGSYS_RECID_SUBSYSID_MASK, int);
VALUE(LOGSYS_RECID_RECID_MASK, 4294966272U);
TYPE_OF(LOGSYS_RECID_RECID_MASK, unsigned int);
#ifndef LOGSYS_ENCODE_RECID
#error "LOGSYS_ENCODE_RECID is not defined"
#endif
#ifndef LOGSYS_DECODE_LEVEL
#error "LOGSYS_DECODE_LEVEL is not defined"
#endif
#ifndef LOGSYS_DECODE_SUBSYSID
#error "LOGSYS_DECODE_SUBSYSID is not defined"
#endif
#ifndef LOGSYS_DECODE_RECID
#error "LOGSYS_DECODE_RECID is not defined"
#endif
VALUE(LOGSYS_MAX_PERROR_MSG_LEN, 128);
TYPE_OF(LOGSYS_MAX_PERROR_MSG_LEN, int);
#ifndef LOGSYS_STRERROR_R
#error "LOGSYS_STRERROR_R is not defined"
#endif
#ifndef LOGSYS_PERROR
#error "LOGSYS_PERROR is not defined"
#endif
#ifndef LOGSYS_REC_END
#error "LOGSYS_REC_END is not defined"
#endif
#ifndef LOGSYS_DECLARE_SYSTEM
#error "LOGSYS_DECLARE_SYSTEM is not defined"
#endif
#ifndef LOGSYS_DECLARE_SUBSYS
#error "LOGSYS_DECLARE_SUBSYS is not defined"
#endif
#ifndef log_rec
#error "log_rec is not defined"
#endif
#ifndef log_printf
#error "log_printf is not defined"
#endif
#ifndef ENTER
#error "ENTER is not defined"
#endif
#ifndef LEAVE
#error "LEAVE is not defined"
#endif
#ifndef TRACE
#error "TRACE is not defined"
#endif
#ifndef TRACE1
#error "TRACE1 is not defined"
#endif
#ifndef TRACE2
#error "TRACE2 is not defined"
#endif
#ifndef TRACE3
#error "TRACE3 is not defined"
#endif
#ifndef TRACE4
#error "TRACE4 is not defined"
#endif
#ifndef TRACE5
#error "TRACE5 is not defined"
#endif
#ifndef TRACE6
#error "TRACE6 is not defined"
#endif
#ifndef TRACE7
#error "TRACE7 is not defined"
#endif
#ifndef TRACE8
#error "TRACE8 is not defined"
#endif
