/*
 * corosync-rs: votequorum.h
 *
 * Vote based quorum client API (libvotequorum).
 *
 * Prerequisites: this header does not include anything itself.  Include
 * <stdint.h> and <corosync/corotypes.h> (uint*_t, cs_error_t,
 * cs_dispatch_flags_t) before it.
 */

#ifndef COROSYNC_VOTEQUORUM_H_DEFINED
#define COROSYNC_VOTEQUORUM_H_DEFINED

#ifdef __cplusplus
extern "C" {
#endif

typedef uint64_t votequorum_handle_t;

#define VOTEQUORUM_MAX_QDISK_NAME_LEN 255

/* votequorum_info.flags */
#define VOTEQUORUM_INFO_FLAG_HASSTATE 1
#define VOTEQUORUM_INFO_FLAG_DISALLOWED 2
#define VOTEQUORUM_INFO_FLAG_TWONODE 4
#define VOTEQUORUM_INFO_FLAG_QUORATE 8

/* special node ids */
#define VOTEQUORUM_NODEID_US 0
#define VOTEQUORUM_NODEID_QDEVICE -1

/* votequorum_node_t.state */
#define NODESTATE_JOINING 1
#define NODESTATE_MEMBER 2
#define NODESTATE_DEAD 3
#define NODESTATE_LEAVING 4
#define NODESTATE_DISALLOWED 5

struct votequorum_info {
    unsigned int node_id;
    unsigned int node_votes;
    unsigned int node_expected_votes;
    unsigned int highest_expected;
    unsigned int total_votes;
    unsigned int quorum;
    unsigned int flags;
};

struct votequorum_qdisk_info {
    unsigned int votes;
    unsigned int state;
    char name[VOTEQUORUM_MAX_QDISK_NAME_LEN];
};

typedef struct {
    uint32_t nodeid;
    uint32_t state;
} votequorum_node_t;

typedef void (*votequorum_notification_fn_t) (
    votequorum_handle_t handle,
    uint64_t context,
    uint32_t quorate,
    uint32_t node_list_entries,
    votequorum_node_t node_list[]);

typedef void (*votequorum_expectedvotes_notification_fn_t) (
    votequorum_handle_t handle,
    uint64_t context,
    uint32_t expected_votes);

typedef struct {
    votequorum_notification_fn_t votequorum_notify_fn;
    votequorum_expectedvotes_notification_fn_t votequorum_expectedvotes_notify_fn;
} votequorum_callbacks_t;

cs_error_t votequorum_initialize (
    votequorum_handle_t *handle,
    votequorum_callbacks_t *callbacks);

cs_error_t votequorum_finalize (
    votequorum_handle_t handle);

cs_error_t votequorum_dispatch (
    votequorum_handle_t handle,
    cs_dispatch_flags_t dispatch_types);

/* descriptor to poll before calling votequorum_dispatch */
cs_error_t votequorum_fd_get (
    votequorum_handle_t handle,
    int *fd);

/* nodeid 0 (VOTEQUORUM_NODEID_US) means the local node */
cs_error_t votequorum_getinfo (
    votequorum_handle_t handle,
    unsigned int nodeid,
    struct votequorum_info *info);

cs_error_t votequorum_setexpected (
    votequorum_handle_t handle,
    unsigned int expected_votes);

cs_error_t votequorum_setvotes (
    votequorum_handle_t handle,
    unsigned int nodeid,
    unsigned int votes);

/* quorum disk: registered dead, counts once polled alive */
cs_error_t votequorum_qdisk_register (
    votequorum_handle_t handle,
    const char *name,
    unsigned int votes);

cs_error_t votequorum_qdisk_unregister (
    votequorum_handle_t handle);

cs_error_t votequorum_qdisk_poll (
    votequorum_handle_t handle,
    unsigned int state);

cs_error_t votequorum_qdisk_getinfo (
    votequorum_handle_t handle,
    struct votequorum_qdisk_info *info);

/* sets VOTEQUORUM_INFO_FLAG_HASSTATE for the local node */
cs_error_t votequorum_setstate (
    votequorum_handle_t handle);

/* flags: CS_TRACK_*; context is handed back in the callbacks */
cs_error_t votequorum_trackstart (
    votequorum_handle_t handle,
    uint64_t context,
    unsigned int flags);

cs_error_t votequorum_trackstop (
    votequorum_handle_t handle);

/* announce that this node is about to leave */
cs_error_t votequorum_leaving (
    votequorum_handle_t handle);

cs_error_t votequorum_context_get (
    votequorum_handle_t handle,
    void **context);

cs_error_t votequorum_context_set (
    votequorum_handle_t handle,
    void *context);

#ifdef __cplusplus
}
#endif

#endif /* COROSYNC_VOTEQUORUM_H_DEFINED */
