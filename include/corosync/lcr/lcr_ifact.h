/*
 * corosync-rs: lcr/lcr_ifact.h
 *
 * Interface factory: look up and reference an interface published by a
 * loadable component.
 */

#ifndef LCR_IFACT_H_DEFINED
#define LCR_IFACT_H_DEFINED

#include <corosync/hdb.h>

#ifdef __cplusplus
extern "C" {
#endif

/* *interface receives the function table; context goes to its constructor */
int lcr_ifact_reference (
    hdb_handle_t *handle,
    const char *iface_name,
    int version,
    void **interface,
    void *context);

int lcr_ifact_release (
    hdb_handle_t handle);

#ifdef __cplusplus
}
#endif

#endif /* LCR_IFACT_H_DEFINED */
