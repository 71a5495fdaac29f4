/*
 * corosync-rs: mar_gen.h
 *
 * Fixed size "marshalled" types used on the wire between nodes and on the
 * IPC channel, with in-place byte swapping helpers.
 *
 * Prerequisite: coroipc_request_header_t (corosync/coroipc_types.h) must be
 * declared before this header is included; it is not included from here.
 */

#ifndef MAR_GEN_H_DEFINED
#define MAR_GEN_H_DEFINED

#ifdef COROSYNC_SOLARIS
#  include <sys/types.h>
#else
#  include <stdint.h>
#endif
#include <string.h>

#include <corosync/corotypes.h>
#include <corosync/swab.h>

typedef int8_t   mar_int8_t;
typedef int16_t  mar_int16_t;
typedef int32_t  mar_int32_t;
typedef int64_t  mar_int64_t;

typedef uint8_t  mar_uint8_t;
typedef uint16_t mar_uint16_t;
typedef uint32_t mar_uint32_t;
typedef uint64_t mar_uint64_t;

/* single bytes have no byte order: these are no-ops */
static inline void swab_mar_int8_t (mar_int8_t *to_swab)
{
    (void)to_swab;
}

static inline void swab_mar_int16_t (mar_int16_t *to_swab)
{
    *to_swab = (mar_int16_t)swab16 (*to_swab);
}

static inline void swab_mar_int32_t (mar_int32_t *to_swab)
{
    *to_swab = (mar_int32_t)swab32 (*to_swab);
}

static inline void swab_mar_int64_t (mar_int64_t *to_swab)
{
    *to_swab = (mar_int64_t)swab64 (*to_swab);
}

static inline void swab_mar_uint8_t (mar_uint8_t *to_swab)
{
    (void)to_swab;
}

static inline void swab_mar_uint16_t (mar_uint16_t *to_swab)
{
    *to_swab = swab16 (*to_swab);
}

static inline void swab_mar_uint32_t (mar_uint32_t *to_swab)
{
    *to_swab = swab32 (*to_swab);
}

static inline void swab_mar_uint64_t (mar_uint64_t *to_swab)
{
    *to_swab = swab64 (*to_swab);
}

/* wire form of cs_name_t: both members 8 byte aligned (264 bytes) */
typedef struct {
    mar_uint16_t length __attribute__((aligned(8)));
    mar_uint8_t value[CS_MAX_NAME_LENGTH] __attribute__((aligned(8)));
} mar_name_t;

static inline const char *get_mar_name_t (const mar_name_t *name)
{
    return ((const char *)name->value);
}

/* equal lengths and equal contents within that length (strncmp rules) */
static inline int mar_name_match (const mar_name_t *name1, const mar_name_t *name2)
{
    if (name1->length != name2->length) {
        return (0);
    }
    return (strncmp ((const char *)name1->value, (const char *)name2->value,
                     name1->length) == 0);
}

static inline void swab_mar_name_t (mar_name_t *to_swab)
{
    swab_mar_uint16_t (&to_swab->length);
}

/* copies the length and the whole value buffer */
static inline void marshall_from_mar_name_t (
    cs_name_t *dest,
    const mar_name_t *src)
{
    dest->length = src->length;
    memcpy (dest->value, src->value, CS_MAX_NAME_LENGTH);
}

static inline void marshall_to_mar_name_t (
    mar_name_t *dest,
    const cs_name_t *src)
{
    dest->length = src->length;
    memcpy (dest->value, src->value, CS_MAX_NAME_LENGTH);
}

typedef enum {
    MAR_FALSE = 0,
    MAR_TRUE = 1
} mar_bool_t;

/* nanoseconds */
typedef mar_uint64_t mar_time_t;

static inline void swab_mar_time_t (mar_time_t *to_swab)
{
    swab_mar_uint64_t (to_swab);
}

#define MAR_TIME_END ((int64_t)0x7fffffffffffffffull)
#define MAR_TIME_BEGIN 0x0ULL
#define MAR_TIME_UNKNOWN 0x8000000000000000ULL

#define MAR_TIME_ONE_MICROSECOND 1000ULL
#define MAR_TIME_ONE_MILLISECOND 1000000ULL
#define MAR_TIME_ONE_SECOND 1000000000ULL
#define MAR_TIME_ONE_MINUTE 60000000000ULL
#define MAR_TIME_ONE_HOUR 3600000000000ULL
#define MAR_TIME_ONE_DAY 86400000000000ULL
#define MAR_TIME_MAX CS_TIME_END

#define MAR_TRACK_CURRENT 0x01
#define MAR_TRACK_CHANGES 0x02
#define MAR_TRACK_CHANGES_ONLY 0x04

typedef mar_uint64_t mar_invocation_t;

static inline void swab_mar_invocation_t (mar_invocation_t *to_swab)
{
    swab_mar_uint64_t (to_swab);
}

typedef mar_uint64_t mar_size_t;

static inline void swab_mar_size_t (mar_size_t *to_swab)
{
    swab_mar_uint64_t (to_swab);
}

static inline void swab_coroipc_request_header_t (coroipc_request_header_t *to_swab)
{
    swab_mar_int32_t (&to_swab->size);
    swab_mar_int32_t (&to_swab->id);
}

#endif /* MAR_GEN_H_DEFINED */
