/*
 * corosync-rs: totem/totempg.h
 *
 * Totem process groups: group multicast over the single ring protocol,
 * as used inside the daemon.
 */

#ifndef TOTEMPG_H_DEFINED
#define TOTEMPG_H_DEFINED

/* as in 1.4.10, the C linkage block also covers the included headers */
#ifdef __cplusplus
extern "C" {
#endif

#include <netinet/in.h>
#include "totem.h"
#include "coropoll.h"
#include <corosync/hdb.h>

struct totempg_group {
    const void *group;
    size_t group_len;
};

#define TOTEMPG_AGREED 0
#define TOTEMPG_SAFE 1

extern int totempg_initialize (
    hdb_handle_t poll_handle,
    struct totem_config *totem_config);

extern void totempg_finalize (void);

/* delete_flag: drop the callback after it has fired once */
extern int totempg_callback_token_create (void **handle_out,
    enum totem_callback_token_type type,
    int delete_flag,
    int (*callback_fn) (enum totem_callback_token_type type, const void *),
    const void *data);

extern void totempg_callback_token_destroy (void *handle);

extern int totempg_groups_initialize (
    hdb_handle_t *handle,

    void (*deliver_fn) (
        unsigned int nodeid,
        const void *msg,
        unsigned int msg_len,
        int endian_conversion_required),

    void (*confchg_fn) (
        enum totem_configuration_type configuration_type,
        const unsigned int *member_list, size_t member_list_entries,
        const unsigned int *left_list, size_t left_list_entries,
        const unsigned int *joined_list, size_t joined_list_entries,
        const struct memb_ring_id *ring_id));

extern int totempg_groups_finalize (
    hdb_handle_t handle);

extern int totempg_groups_join (
    hdb_handle_t handle,
    const struct totempg_group *groups,
    size_t group_cnt);

extern int totempg_groups_leave (
    hdb_handle_t handle,
    const struct totempg_group *groups,
    size_t group_cnt);

extern int totempg_groups_mcast_joined (
    hdb_handle_t handle,
    const struct iovec *iovec,
    unsigned int iov_len,
    int guarantee);

extern int totempg_groups_joined_reserve (
    hdb_handle_t handle,
    const struct iovec *iovec,
    unsigned int iov_len);

extern int totempg_groups_joined_release (
    int msg_count);

extern int totempg_groups_mcast_groups (
    hdb_handle_t handle,
    int guarantee,
    const struct totempg_group *groups,
    size_t groups_cnt,
    const struct iovec *iovec,
    unsigned int iov_len);

extern int totempg_groups_send_ok_groups (
    hdb_handle_t handle,
    const struct totempg_group *groups,
    size_t groups_cnt,
    const struct iovec *iovec,
    unsigned int iov_len);

extern int totempg_ifaces_get (
    unsigned int nodeid,
    struct totem_ip_address *interfaces,
    char ***status,
    unsigned int *iface_count);

extern void *totempg_get_stats (void);

void totempg_event_signal (enum totem_event_type type, int value);

extern const char *totempg_ifaces_print (unsigned int nodeid);

extern unsigned int totempg_my_nodeid_get (void);

extern int totempg_my_family_get (void);

extern int totempg_crypto_set (unsigned int type);

extern int totempg_ring_reenable (void);

extern void totempg_service_ready_register (
    void (*totem_service_ready) (void));

extern int totempg_member_add (
    const struct totem_ip_address *member,
    int ring_no);

extern int totempg_member_remove (
    const struct totem_ip_address *member,
    int ring_no);

extern void totempg_trans_ack (void);

#ifdef __cplusplus
}
#endif

#endif /* TOTEMPG_H_DEFINED */
