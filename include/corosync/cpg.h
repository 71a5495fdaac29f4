/*
 * corosync-rs: cpg.h
 *
 * Closed Process Group client API (libcpg): named groups of processes
 * with totally ordered multicast and membership change notification.
 */

#ifndef COROSYNC_CPG_H_DEFINED
#define COROSYNC_CPG_H_DEFINED

#include <netinet/in.h>
#include <corosync/corotypes.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef uint64_t cpg_handle_t;

typedef uint64_t cpg_iteration_handle_t;

/* delivery guarantee; every value is delivered as agreed order */
typedef enum {
    CPG_TYPE_UNORDERED,
    CPG_TYPE_FIFO,
    CPG_TYPE_AGREED,
    CPG_TYPE_SAFE
} cpg_guarantee_t;

typedef enum {
    CPG_FLOW_CONTROL_DISABLED,  /* sending is fine */
    CPG_FLOW_CONTROL_ENABLED    /* back off until it clears */
} cpg_flow_control_state_t;

/* why a member appears in a left or joined list */
typedef enum {
    CPG_REASON_JOIN     = 1,
    CPG_REASON_LEAVE    = 2,
    CPG_REASON_NODEDOWN = 3,
    CPG_REASON_NODEUP   = 4,
    CPG_REASON_PROCDOWN = 5
} cpg_reason_t;

typedef enum {
    CPG_ITERATION_NAME_ONLY = 1,
    CPG_ITERATION_ONE_GROUP = 2,
    CPG_ITERATION_ALL       = 3,
} cpg_iteration_type_t;

typedef enum {
    CPG_MODEL_V1 = 1,
} cpg_model_t;

struct cpg_address {
    uint32_t nodeid;
    uint32_t pid;
    uint32_t reason;    /* cpg_reason_t */
};

#define CPG_MAX_NAME_LENGTH 128

/* group name: `length' bytes of `value' are significant */
struct cpg_name {
    uint32_t length;
    char value[CPG_MAX_NAME_LENGTH];
};

#define CPG_MEMBERS_MAX 128

struct cpg_iteration_description_t {
    struct cpg_name group;
    uint32_t nodeid;
    uint32_t pid;
};

struct cpg_ring_id {
    uint32_t nodeid;
    uint64_t seq;
};

/* msg is writable so receivers may convert byte order in place */
typedef void (*cpg_deliver_fn_t) (
    cpg_handle_t handle,
    const struct cpg_name *group_name,
    uint32_t nodeid,
    uint32_t pid,
    void *msg,
    size_t msg_len);

typedef void (*cpg_confchg_fn_t) (
    cpg_handle_t handle,
    const struct cpg_name *group_name,
    const struct cpg_address *member_list, size_t member_list_entries,
    const struct cpg_address *left_list, size_t left_list_entries,
    const struct cpg_address *joined_list, size_t joined_list_entries);

typedef void (*cpg_totem_confchg_fn_t) (
    cpg_handle_t handle,
    struct cpg_ring_id ring_id,
    uint32_t member_list_entries,
    const uint32_t *member_list);

typedef struct {
    cpg_deliver_fn_t cpg_deliver_fn;
    cpg_confchg_fn_t cpg_confchg_fn;
} cpg_callbacks_t;

/* common prefix of every model's data block */
typedef struct {
    cpg_model_t model;
} cpg_model_data_t;

/* cpg_model_v1_data_t.flags: also report the current totem membership */
#define CPG_MODEL_V1_DELIVER_INITIAL_TOTEM_CONF 0x01

typedef struct {
    cpg_model_t model;
    cpg_deliver_fn_t cpg_deliver_fn;
    cpg_confchg_fn_t cpg_confchg_fn;
    cpg_totem_confchg_fn_t cpg_totem_confchg_fn;
    unsigned int flags;
} cpg_model_v1_data_t;

/* connect to the cpg service */
cs_error_t cpg_initialize (
    cpg_handle_t *handle,
    cpg_callbacks_t *callbacks);

/* connect, choosing a callback model (model_data points at e.g. cpg_model_v1_data_t) */
cs_error_t cpg_model_initialize (
    cpg_handle_t *handle,
    cpg_model_t model,
    cpg_model_data_t *model_data,
    void *context);

cs_error_t cpg_finalize (
    cpg_handle_t handle);

/* descriptor to poll for readability before calling cpg_dispatch */
cs_error_t cpg_fd_get (
    cpg_handle_t handle,
    int *fd);

cs_error_t cpg_context_get (
    cpg_handle_t handle,
    void **context);

cs_error_t cpg_context_set (
    cpg_handle_t handle,
    void *context);

/* run callbacks for pending messages and membership changes */
cs_error_t cpg_dispatch (
    cpg_handle_t handle,
    cs_dispatch_flags_t dispatch_types);

cs_error_t cpg_join (
    cpg_handle_t handle,
    const struct cpg_name *group);

cs_error_t cpg_leave (
    cpg_handle_t handle,
    const struct cpg_name *group);

/* multicast the gathered iovec to the group joined on this handle */
cs_error_t cpg_mcast_joined (
    cpg_handle_t handle,
    cpg_guarantee_t guarantee,
    const struct iovec *iovec,
    unsigned int iov_len);

/* member_list_entries: capacity on input, count on output */
cs_error_t cpg_membership_get (
    cpg_handle_t handle,
    struct cpg_name *groupName,
    struct cpg_address *member_list,
    int *member_list_entries);

cs_error_t cpg_local_get (
    cpg_handle_t handle,
    unsigned int *local_nodeid);

cs_error_t cpg_flow_control_state_get (
    cpg_handle_t handle,
    cpg_flow_control_state_t *flow_control_enabled);

/* zero copy: buffers live in memory shared with the daemon */
cs_error_t cpg_zcb_alloc (
    cpg_handle_t handle,
    size_t size,
    void **buffer);

cs_error_t cpg_zcb_free (
    cpg_handle_t handle,
    void *buffer);

cs_error_t cpg_zcb_mcast_joined (
    cpg_handle_t handle,
    cpg_guarantee_t guarantee,
    void *msg,
    size_t msg_len);

/* walk the groups (and their members) known cluster wide */
cs_error_t cpg_iteration_initialize (
    cpg_handle_t handle,
    cpg_iteration_type_t iteration_type,
    const struct cpg_name *group,
    cpg_iteration_handle_t *cpg_iteration_handle);

cs_error_t cpg_iteration_next (
    cpg_iteration_handle_t handle,
    struct cpg_iteration_description_t *description);

cs_error_t cpg_iteration_finalize (
    cpg_iteration_handle_t handle);

#ifdef __cplusplus
}
#endif

#endif /* COROSYNC_CPG_H_DEFINED */
