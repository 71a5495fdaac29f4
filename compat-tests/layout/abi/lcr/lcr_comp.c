/*
 * ABI pin for <corosync/lcr/lcr_comp.h> (x86_64 / LP64).
 *
 * Every number below was measured from corosync 1.4.10 as installed; a
 * failing assert means our header no longer matches it.  Regenerate only
 * from a fresh measurement (gen/gen_abi.py), never by editing numbers
 * to fit.
 */
#include <stddef.h>
#include <stddef.h>
#include <corosync/lcr/lcr_comp.h>
#include "abi_check.h"

/* struct lcr_iface */
SIZE(struct lcr_iface, 72);
ALIGN(struct lcr_iface, 8);
OFFSET(struct lcr_iface, name, 0);
MSIZE(struct lcr_iface, name, 8);
MTYPE(struct lcr_iface, name, const char *);
OFFSET(struct lcr_iface, version, 8);
MSIZE(struct lcr_iface, version, 4);
MTYPE(struct lcr_iface, version, int);
OFFSET(struct lcr_iface, versions_replace, 16);
MSIZE(struct lcr_iface, versions_replace, 8);
MTYPE(struct lcr_iface, versions_replace, int *);
OFFSET(struct lcr_iface, versions_replace_count, 24);
MSIZE(struct lcr_iface, versions_replace_count, 4);
MTYPE(struct lcr_iface, versions_replace_count, int);
OFFSET(struct lcr_iface, dependencies, 32);
MSIZE(struct lcr_iface, dependencies, 8);
MTYPE(struct lcr_iface, dependencies, char **);
OFFSET(struct lcr_iface, dependency_count, 40);
MSIZE(struct lcr_iface, dependency_count, 8);
MTYPE(struct lcr_iface, dependency_count, size_t);
OFFSET(struct lcr_iface, constructor, 48);
MSIZE(struct lcr_iface, constructor, 8);
MTYPE(struct lcr_iface, constructor, int (*)(void *));
OFFSET(struct lcr_iface, destructor, 56);
MSIZE(struct lcr_iface, destructor, 8);
MTYPE(struct lcr_iface, destructor, void (*)(void *));
OFFSET(struct lcr_iface, interfaces, 64);
MSIZE(struct lcr_iface, interfaces, 8);
MTYPE(struct lcr_iface, interfaces, void **);

/* struct lcr_comp */
SIZE(struct lcr_comp, 16);
ALIGN(struct lcr_comp, 8);
OFFSET(struct lcr_comp, ifaces, 0);
MSIZE(struct lcr_comp, ifaces, 8);
MTYPE(struct lcr_comp, ifaces, struct lcr_iface *);
OFFSET(struct lcr_comp, iface_count, 8);
MSIZE(struct lcr_comp, iface_count, 8);
MTYPE(struct lcr_comp, iface_count, size_t);

/* macros */
#ifndef LCR_COMP_H_DEFINED
#error "LCR_COMP_H_DEFINED is not defined"
#endif
