/*
 * corosync-rs: swab.h
 *
 * Byte order reversal for 16, 32 and 64 bit quantities.  Each macro
 * evaluates its argument once, converts it to the unsigned type of that
 * width and yields the swapped value with that type.  The fixed width
 * types must be visible where the macros are used.
 *
 * No include guard: the file only defines macros, and redefining them
 * identically is allowed.
 */

#include <sys/types.h>

#define swab16(x) __extension__ ({                                      \
    uint16_t swab16_arg_ = (x);                                         \
    (uint16_t)__builtin_bswap16 (swab16_arg_);                          \
})

#define swab32(x) __extension__ ({                                      \
    uint32_t swab32_arg_ = (x);                                         \
    (uint32_t)__builtin_bswap32 (swab32_arg_);                          \
})

#define swab64(x) __extension__ ({                                      \
    uint64_t swab64_arg_ = (x);                                         \
    (uint64_t)__builtin_bswap64 (swab64_arg_);                          \
})
