/*
 * ABI pin for <corosync/cs_config.h> (x86_64 / LP64).
 *
 * Every number below was measured from corosync 1.4.10 as installed; a
 * failing assert means our header no longer matches it.  Regenerate only
 * from a fresh measurement (gen/gen_abi.py), never by editing numbers
 * to fit.
 *
 * Not measured: LCRSODIR, SOCKETDIR.  These are configure-time install paths;
 * they are pinned to the distribution layout (prefix /usr,
 * libexecdir /usr/libexec, localstatedir /var).
 */
#include <stddef.h>
#include <corosync/cs_config.h>
#include "abi_check.h"

/* macros */
STRING(LCRSODIR, "/usr/libexec/lcrso");
STRING(SOCKETDIR, "/var/run");
