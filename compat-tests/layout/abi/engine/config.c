/*
 * ABI pin for <corosync/engine/config.h> (x86_64 / LP64).
 *
 * Every number below was measured from corosync 1.4.10 as installed; a
 * failing assert means our header no longer matches it.  Regenerate only
 * from a fresh measurement (gen/gen_abi.py), never by editing numbers
 * to fit.
 */
#include <stddef.h>
#include <corosync/engine/objdb.h>
#include <corosync/engine/config.h>
#include "abi_check.h"

/* struct config_iface_ver0 */
SIZE(struct config_iface_ver0, 24);
ALIGN(struct config_iface_ver0, 8);
OFFSET(struct config_iface_ver0, config_readconfig, 0);
MSIZE(struct config_iface_ver0, config_readconfig, 8);
MTYPE(struct config_iface_ver0, config_readconfig, int (*)(struct objdb_iface_ver0 *, const char **));
OFFSET(struct config_iface_ver0, config_writeconfig, 8);
MSIZE(struct config_iface_ver0, config_writeconfig, 8);
MTYPE(struct config_iface_ver0, config_writeconfig, int (*)(struct objdb_iface_ver0 *, const char **));
OFFSET(struct config_iface_ver0, config_reloadconfig, 16);
MSIZE(struct config_iface_ver0, config_reloadconfig, 8);
MTYPE(struct config_iface_ver0, config_reloadconfig, int (*)(struct objdb_iface_ver0 *, int, const char **));

/* macros */
#ifndef CONFIG_H_DEFINED
#error "CONFIG_H_DEFINED is not defined"
#endif
