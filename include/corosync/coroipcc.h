/*
 * corosync-rs: coroipcc.h
 *
 * Client side of the shared memory IPC transport (libcoroipcc).  Used by
 * the service client libraries, and directly by a few applications.
 */

#ifndef COROIPCC_H_DEFINED
#define COROIPCC_H_DEFINED

#include <pthread.h>
#include <sys/poll.h>
#include <sys/socket.h>
#include <corosync/corotypes.h>
#include <corosync/hdb.h>

#ifdef __cplusplus
extern "C" {
#endif

/* open a connection to `service'; the three sizes size the shared rings */
extern cs_error_t
coroipcc_service_connect (
    const char *socket_name,
    unsigned int service,
    size_t request_size,
    size_t response_size,
    size_t dispatch_size,
    hdb_handle_t *handle);

extern cs_error_t
coroipcc_service_disconnect (
    hdb_handle_t handle);

extern cs_error_t
coroipcc_fd_get (
    hdb_handle_t handle,
    int *fd);

/* borrow the next dispatch message (NULL *buf if none); return it with _put */
extern cs_error_t
coroipcc_dispatch_get (
    hdb_handle_t handle,
    void **buf,
    int timeout);

extern cs_error_t
coroipcc_dispatch_put (
    hdb_handle_t handle);

extern cs_error_t
coroipcc_dispatch_flow_control_get (
    hdb_handle_t handle,
    unsigned int *flow_control_state);

/* send a request and copy the reply into res_msg (at most res_len bytes) */
extern cs_error_t
coroipcc_msg_send_reply_receive (
    hdb_handle_t handle,
    const struct iovec *iov,
    unsigned int iov_len,
    void *res_msg,
    size_t res_len);

/* as above, but the reply is left in the shared buffer until _in_buf_put */
extern cs_error_t
coroipcc_msg_send_reply_receive_in_buf_get (
    hdb_handle_t handle,
    const struct iovec *iov,
    unsigned int iov_len,
    void **res_msg);

extern cs_error_t
coroipcc_msg_send_reply_receive_in_buf_put (
    hdb_handle_t handle);

/* zero copy request buffers */
extern cs_error_t
coroipcc_zcb_alloc (
    hdb_handle_t handle,
    void **buffer,
    size_t size,
    size_t header_size);

extern cs_error_t
coroipcc_zcb_free (
    hdb_handle_t handle,
    void *buffer);

extern cs_error_t
coroipcc_zcb_msg_send_reply_receive (
    hdb_handle_t handle,
    void *msg,
    void *res_msg,
    size_t res_len);

#ifdef __cplusplus
}
#endif

#endif /* COROIPCC_H_DEFINED */
