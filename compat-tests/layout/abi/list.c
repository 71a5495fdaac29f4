/*
 * ABI pin for <corosync/list.h> (x86_64 / LP64).
 *
 * Every number below was measured from corosync 1.4.10 as installed; a
 * failing assert means our header no longer matches it.  Regenerate only
 * from a fresh measurement (gen/gen_abi.py), never by editing numbers
 * to fit.
 */
#include <stddef.h>
#include <corosync/list.h>
#include "abi_check.h"

/* struct list_head */
SIZE(struct list_head, 16);
ALIGN(struct list_head, 8);
OFFSET(struct list_head, next, 0);
MSIZE(struct list_head, next, 8);
MTYPE(struct list_head, next, struct list_head *);
OFFSET(struct list_head, prev, 8);
MSIZE(struct list_head, prev, 8);
MTYPE(struct list_head, prev, struct list_head *);

/* macros */
#ifndef LIST_H_DEFINED
#error "LIST_H_DEFINED is not defined"
#endif
#ifndef DECLARE_LIST_INIT
#error "DECLARE_LIST_INIT is not defined"
#endif
#ifndef list_entry
#error "list_entry is not defined"
#endif
