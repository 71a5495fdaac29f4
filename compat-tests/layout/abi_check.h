/*
 * Assertion helpers for the abi/ layout tests (C11 _Static_assert, GNU C).
 * Each macro states one fact about a type, member, constant or macro.
 */

#ifndef LAYOUT_ABI_CHECK_H
#define LAYOUT_ABI_CHECK_H

#include <stddef.h>

/* sizeof / _Alignof of a type */
#define SIZE(T, n) _Static_assert(sizeof(T) == (n), "sizeof(" #T ") != " #n)
#define ALIGN(T, n) _Static_assert(_Alignof(T) == (n), "_Alignof(" #T ") != " #n)

/* member offset, size and type */
#define OFFSET(T, m, n) \
    _Static_assert(offsetof(T, m) == (n), "offsetof(" #T ", " #m ") != " #n)
#define MSIZE(T, m, n) \
    _Static_assert(sizeof(((T *)0)->m) == (n), "sizeof(" #T "." #m ") != " #n)
#define MTYPE(T, m, ...) \
    _Static_assert(__builtin_types_compatible_p(__typeof__(((T *)0)->m), __VA_ARGS__), \
                   "type of " #T "." #m " is not " #__VA_ARGS__)

/* a typedef names (a type compatible with) the given type */
#define TYPE(T, ...) \
    _Static_assert(__builtin_types_compatible_p(T, __VA_ARGS__), #T " is not " #__VA_ARGS__)

/* an enumerator or macro has the given value / type */
#define VALUE(e, v) _Static_assert((e) == (v), #e " != " #v)
#define TYPE_OF(e, ...) \
    _Static_assert(__builtin_types_compatible_p(__typeof__(e), __VA_ARGS__), \
                   "type of " #e " is not " #__VA_ARGS__)

/* a string macro expands to exactly this literal */
#define STRING(m, s) \
    _Static_assert(sizeof(m) == sizeof(s) && __builtin_strcmp(m, s) == 0, #m " != " #s)

#endif
