/*
 * corosync-rs: engine/quorum.h
 *
 * Interface of quorum provider components.
 * Include corosync/engine/coroapi.h first: it declares struct memb_ring_id
 * and struct corosync_api_v1, and it skips its own quorum declarations
 * once this header's guard is defined.
 */

#ifndef QUORUM_H_DEFINED
#define QUORUM_H_DEFINED

typedef void (*quorum_set_quorate_fn_t) (const unsigned int *view_list,
                                         size_t view_list_entries,
                                         int quorate, struct memb_ring_id *);

struct quorum_services_api_ver1 {
    void (*init) (struct corosync_api_v1 *api, quorum_set_quorate_fn_t);
};

#endif /* QUORUM_H_DEFINED */
