/*
 * corosync-rs: evs.h
 *
 * Extended Virtual Synchrony client API (libevs): lightweight named
 * groups on top of the totem ring.
 */

#ifndef COROSYNC_EVS_H_DEFINED
#define COROSYNC_EVS_H_DEFINED

#include <inttypes.h>
#include <netinet/in.h>
#include <corosync/corotypes.h>
#include <corosync/hdb.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef uint64_t evs_handle_t;

/* delivery guarantee; all values behave as agreed order */
typedef enum {
    EVS_TYPE_UNORDERED,
    EVS_TYPE_FIFO,
    EVS_TYPE_AGREED,
    EVS_TYPE_SAFE
} evs_guarantee_t;

#define TOTEMIP_ADDRLEN (sizeof(struct in6_addr))

/* a group is identified by a fixed 32 byte key */
struct evs_group {
    char key[32];
};

struct evs_ring_id {
    unsigned int nodeid;
    unsigned long long seq;
};

typedef void (*evs_deliver_fn_t) (
    hdb_handle_t handle,
    unsigned int nodeid,
    const void *msg,
    size_t msg_len);

typedef void (*evs_confchg_fn_t) (
    hdb_handle_t handle,
    const unsigned int *member_list, size_t member_list_entries,
    const unsigned int *left_list, size_t left_list_entries,
    const unsigned int *joined_list, size_t joined_list_entries,
    const struct evs_ring_id *ring_id);

typedef struct {
    evs_deliver_fn_t evs_deliver_fn;
    evs_confchg_fn_t evs_confchg_fn;
} evs_callbacks_t;

cs_error_t evs_initialize (
    evs_handle_t *handle,
    evs_callbacks_t *callbacks);

cs_error_t evs_finalize (
    evs_handle_t handle);

/* descriptor to poll before calling evs_dispatch */
cs_error_t evs_fd_get (
    evs_handle_t handle,
    int *fd);

cs_error_t evs_context_get (
    evs_handle_t handle,
    void **context);

cs_error_t evs_context_set (
    evs_handle_t handle,
    void *context);

cs_error_t evs_dispatch (
    evs_handle_t handle,
    cs_dispatch_flags_t dispatch_types);

cs_error_t evs_join (
    evs_handle_t handle,
    const struct evs_group *groups,
    size_t group_cnt);

cs_error_t evs_leave (
    evs_handle_t handle,
    const struct evs_group *groups,
    size_t group_cnt);

/* send to every group joined on this handle */
cs_error_t evs_mcast_joined (
    evs_handle_t handle,
    evs_guarantee_t guarantee,
    const struct iovec *iovec,
    unsigned int iov_len);

/* send to the listed groups, joined or not */
cs_error_t evs_mcast_groups (
    evs_handle_t handle,
    evs_guarantee_t guarantee,
    const struct evs_group *groups,
    size_t group_cnt,
    const struct iovec *iovec,
    unsigned int iov_len);

/* member_list_entries: capacity on input, count on output */
cs_error_t evs_membership_get (
    evs_handle_t handle,
    unsigned int *local_nodeid,
    unsigned int *member_list,
    size_t *member_list_entries);

#ifdef __cplusplus
}
#endif

#endif /* COROSYNC_EVS_H_DEFINED */
