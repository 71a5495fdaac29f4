/*
 * ABI pin for <corosync/mar_gen.h> (x86_64 / LP64).
 *
 * Every number below was measured from corosync 1.4.10 as installed; a
 * failing assert means our header no longer matches it.  Regenerate only
 * from a fresh measurement (gen/gen_abi.py), never by editing numbers
 * to fit.
 */
#include <stddef.h>
#include <corosync/corotypes.h>
#include <corosync/coroipc_types.h>
#include <corosync/mar_gen.h>
#include "abi_check.h"

/* typedef mar_int8_t */
SIZE(mar_int8_t, 1);
ALIGN(mar_int8_t, 1);
TYPE(mar_int8_t, int8_t);

/* typedef mar_int16_t */
SIZE(mar_int16_t, 2);
ALIGN(mar_int16_t, 2);
TYPE(mar_int16_t, int16_t);

/* typedef mar_int32_t */
SIZE(mar_int32_t, 4);
ALIGN(mar_int32_t, 4);
TYPE(mar_int32_t, int32_t);

/* typedef mar_int64_t */
SIZE(mar_int64_t, 8);
ALIGN(mar_int64_t, 8);
TYPE(mar_int64_t, int64_t);

/* typedef mar_uint8_t */
SIZE(mar_uint8_t, 1);
ALIGN(mar_uint8_t, 1);
TYPE(mar_uint8_t, uint8_t);

/* typedef mar_uint16_t */
SIZE(mar_uint16_t, 2);
ALIGN(mar_uint16_t, 2);
TYPE(mar_uint16_t, uint16_t);

/* typedef mar_uint32_t */
SIZE(mar_uint32_t, 4);
ALIGN(mar_uint32_t, 4);
TYPE(mar_uint32_t, uint32_t);

/* typedef mar_uint64_t */
SIZE(mar_uint64_t, 8);
ALIGN(mar_uint64_t, 8);
TYPE(mar_uint64_t, uint64_t);

/* mar_name_t */
SIZE(mar_name_t, 264);
ALIGN(mar_name_t, 8);
OFFSET(mar_name_t, length, 0);
MSIZE(mar_name_t, length, 2);
MTYPE(mar_name_t, length, mar_uint16_t);
OFFSET(mar_name_t, value, 8);
MSIZE(mar_name_t, value, 256);
MTYPE(mar_name_t, value, mar_uint8_t[256]);

/* enum for mar_bool_t */
VALUE(MAR_FALSE, 0);
VALUE(MAR_TRUE, 1);

/* typedef mar_bool_t */
SIZE(mar_bool_t, 4);
ALIGN(mar_bool_t, 4);

/* typedef mar_time_t */
SIZE(mar_time_t, 8);
ALIGN(mar_time_t, 8);
TYPE(mar_time_t, mar_uint64_t);

/* typedef mar_invocation_t */
SIZE(mar_invocation_t, 8);
ALIGN(mar_invocation_t, 8);
TYPE(mar_invocation_t, mar_uint64_t);

/* typedef mar_size_t */
SIZE(mar_size_t, 8);
ALIGN(mar_size_t, 8);
TYPE(mar_size_t, mar_uint64_t);

/* macros */
#ifndef MAR_GEN_H_DEFINED
#error "MAR_GEN_H_DEFINED is not defined"
#endif
VALUE(MAR_TIME_END, 9223372036854775807L);
TYPE_OF(MAR_TIME_END, long);
VALUE(MAR_TIME_BEGIN, 0ULL);
TYPE_OF(MAR_TIME_BEGIN, unsigned long long);
VALUE(MAR_TIME_UNKNOWN, 9223372036854775808ULL);
TYPE_OF(MAR_TIME_UNKNOWN, unsigned long long);
VALUE(MAR_TIME_ONE_MICROSECOND, 1000ULL);
TYPE_OF(MAR_TIME_ONE_MICROSECOND, unsigned long long);
VALUE(MAR_TIME_ONE_MILLISECOND, 1000000ULL);
TYPE_OF(MAR_TIME_ONE_MILLISECOND, unsigned long long);
VALUE(MAR_TIME_ONE_SECOND, 1000000000ULL);
TYPE_OF(MAR_TIME_ONE_SECOND, unsigned long long);
VALUE(MAR_TIME_ONE_MINUTE, 60000000000ULL);
TYPE_OF(MAR_TIME_ONE_MINUTE, unsigned long long);
VALUE(MAR_TIME_ONE_HOUR, 3600000000000ULL);
TYPE_OF(MAR_TIME_ONE_HOUR, unsigned long long);
VALUE(MAR_TIME_ONE_DAY, 86400000000000ULL);
TYPE_OF(MAR_TIME_ONE_DAY, unsigned long long);
VALUE(MAR_TIME_MAX, 9223372036854775807L);
TYPE_OF(MAR_TIME_MAX, long);
VALUE(MAR_TRACK_CURRENT, 1);
TYPE_OF(MAR_TRACK_CURRENT, int);
VALUE(MAR_TRACK_CHANGES, 2);
TYPE_OF(MAR_TRACK_CHANGES, int);
VALUE(MAR_TRACK_CHANGES_ONLY, 4);
TYPE_OF(MAR_TRACK_CHANGES_ONLY, int);
