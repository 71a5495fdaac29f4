/*
 * ABI pin for <corosync/totem/totemip.h> (x86_64 / LP64).
 *
 * Every number below was measured from corosync 1.4.10 as installed; a
 * failing assert means our header no longer matches it.  Regenerate only
 * from a fresh measurement (gen/gen_abi.py), never by editing numbers
 * to fit.
 */
#include <stddef.h>
#include <corosync/totem/totemip.h>
#include "abi_check.h"

/* struct totem_ip_address */
SIZE(struct totem_ip_address, 22);
ALIGN(struct totem_ip_address, 1);
OFFSET(struct totem_ip_address, nodeid, 0);
MSIZE(struct totem_ip_address, nodeid, 4);
MTYPE(struct totem_ip_address, nodeid, unsigned int);
OFFSET(struct totem_ip_address, family, 4);
MSIZE(struct totem_ip_address, family, 2);
MTYPE(struct totem_ip_address, family, short unsigned int);
OFFSET(struct totem_ip_address, addr, 6);
MSIZE(struct totem_ip_address, addr, 16);
MTYPE(struct totem_ip_address, addr, unsigned char[16]);

/* macros */
#ifndef TOTEMIP_H_DEFINED
#error "TOTEMIP_H_DEFINED is not defined"
#endif
#ifndef totemip_nosigpipe
#error "totemip_nosigpipe is not defined"
#endif
VALUE(TOTEMIP_ADDRLEN, 16UL);
TYPE_OF(TOTEMIP_ADDRLEN, unsigned long);
#ifndef TOTEM_IP_ADDRESS
#error "TOTEM_IP_ADDRESS is not defined"
#endif
