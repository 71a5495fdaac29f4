/*
 * corosync-rs: quorum.h
 *
 * Quorum client API (libquorum): is the cluster quorate, and which nodes
 * are in the current view.
 */

#ifndef COROSYNC_QUORUM_H_DEFINED
#define COROSYNC_QUORUM_H_DEFINED

#include <corosync/corotypes.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef uint64_t quorum_handle_t;

typedef struct {
    uint32_t nodeid;
    uint32_t state;
} quorum_node_t;

typedef void (*quorum_notification_fn_t) (
    quorum_handle_t handle,
    uint32_t quorate,
    uint64_t ring_seq,
    uint32_t view_list_entries,
    uint32_t *view_list);

typedef struct {
    quorum_notification_fn_t quorum_notify_fn;
} quorum_callbacks_t;

cs_error_t quorum_initialize (
    quorum_handle_t *handle,
    quorum_callbacks_t *callbacks);

cs_error_t quorum_finalize (
    quorum_handle_t handle);

/* descriptor to poll before calling quorum_dispatch */
cs_error_t quorum_fd_get (
    quorum_handle_t handle,
    int *fd);

cs_error_t quorum_dispatch (
    quorum_handle_t handle,
    cs_dispatch_flags_t dispatch_types);

cs_error_t quorum_getquorate (
    quorum_handle_t handle,
    int *quorate);

/* flags: CS_TRACK_* */
cs_error_t quorum_trackstart (
    quorum_handle_t handle,
    unsigned int flags);

cs_error_t quorum_trackstop (
    quorum_handle_t handle);

cs_error_t quorum_context_set (
    quorum_handle_t handle,
    const void *context);

cs_error_t quorum_context_get (
    quorum_handle_t handle,
    const void **context);

#ifdef __cplusplus
}
#endif

#endif /* COROSYNC_QUORUM_H_DEFINED */
