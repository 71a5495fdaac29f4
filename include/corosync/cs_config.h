/*
 * corosync-rs: cs_config.h
 *
 * Installation paths baked in at build time.  The values follow the usual
 * distribution layout (prefix /usr, localstatedir /var).
 *
 * Like the generated original, this file carries no include guard; it only
 * holds two macro definitions, so including it twice is harmless.
 */

/* directory searched for loadable service components */
#define LCRSODIR "/usr/libexec/lcrso"

/* directory holding the daemon's local sockets */
#define SOCKETDIR "/var/run"
