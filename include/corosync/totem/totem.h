/*
 * corosync-rs: totem/totem.h
 *
 * Totem protocol configuration, limits and statistics structures.
 * No C++ linkage block, as in 1.4.10.
 */

#ifndef TOTEM_H_DEFINED
#define TOTEM_H_DEFINED
#include "totemip.h"
#include <corosync/hdb.h>

#ifdef HAVE_SMALL_MEMORY_FOOTPRINT
#define PROCESSOR_COUNT_MAX 16
#define MESSAGE_SIZE_MAX 1024*64
#define MESSAGE_QUEUE_MAX 512
#else
#define PROCESSOR_COUNT_MAX 384
#define MESSAGE_SIZE_MAX 1024*1024
/* needs a `totem_config' pointer in scope where it is used */
#define MESSAGE_QUEUE_MAX MESSAGE_SIZE_MAX / totem_config->net_mtu
#endif

#define FRAME_SIZE_MAX 10000
#define TRANSMITS_ALLOWED 16
#define SEND_THREADS_MAX 16
#define INTERFACE_MAX 2

/* consecutive gather rounds tolerated */
#define MAX_NO_CONT_GATHER 3

/* consecutive sendmsg failures tolerated */
#define MAX_NO_CONT_SENDMSG_FAILURES 30

struct totem_interface {
    struct totem_ip_address bindnet;
    struct totem_ip_address boundto;
    struct totem_ip_address mcast_addr;
    uint16_t ip_port;
    uint16_t ttl;
    int member_count;       /* used entries of member_list (udpu) */
    struct totem_ip_address member_list[PROCESSOR_COUNT_MAX];
};

struct totem_logging_configuration {
    void (*log_printf) (
        unsigned int rec_ident,
        const char *function_name,
        const char *file_name,
        int file_line,
        const char *format,
        ...) __attribute__((format(printf, 5, 6)));

    int log_level_security;
    int log_level_error;
    int log_level_warning;
    int log_level_notice;
    int log_level_debug;
    int log_subsys_id;
};

enum { TOTEM_PRIVATE_KEY_LEN = 128 };
enum { TOTEM_RRP_MODE_BYTES = 64 };

typedef enum {
    TOTEM_TRANSPORT_UDP = 0,
    TOTEM_TRANSPORT_UDPU = 1,
    TOTEM_TRANSPORT_RDMA = 2
} totem_transport_t;

/* tells engine/coroapi.h that struct memb_ring_id is already declared */
#define MEMB_RING_ID
struct memb_ring_id {
    struct totem_ip_address rep;    /* representative of the ring */
    unsigned long long seq;
} __attribute__((packed));

struct totem_config {
    int version;

    /* network */
    struct totem_interface *interfaces;
    unsigned int interface_count;
    unsigned int node_id;
    unsigned int clear_node_high_bit;

    /* authentication key */
    unsigned char private_key[TOTEM_PRIVATE_KEY_LEN];
    unsigned int private_key_len;

    /* timers (milliseconds) and protocol constants */
    unsigned int token_timeout;
    unsigned int token_retransmit_timeout;
    unsigned int token_hold_timeout;
    unsigned int token_retransmits_before_loss_const;
    unsigned int join_timeout;
    unsigned int send_join_timeout;
    unsigned int consensus_timeout;
    unsigned int merge_timeout;
    unsigned int downcheck_timeout;
    unsigned int fail_to_recv_const;
    unsigned int seqno_unchanged_const;

    /* redundant ring */
    unsigned int rrp_token_expired_timeout;
    unsigned int rrp_problem_count_timeout;
    unsigned int rrp_problem_count_threshold;
    unsigned int rrp_problem_count_mcast_threshold;
    unsigned int rrp_autorecovery_check_timeout;
    char rrp_mode[TOTEM_RRP_MODE_BYTES];

    struct totem_logging_configuration totem_logging_configuration;

    void (*log_rec) (
        int subsysid,
        const char *function_name,
        const char *file_name,
        int file_line,
        unsigned int rec_ident,
        ...);

    unsigned int secauth;
    unsigned int net_mtu;
    unsigned int threads;
    unsigned int heartbeat_failures_allowed;
    unsigned int max_network_delay;
    unsigned int window_size;
    unsigned int max_messages;
    const char *vsf_type;
    unsigned int broadcast_use;

    enum { TOTEM_CRYPTO_SOBER = 0, TOTEM_CRYPTO_NSS } crypto_type;
    enum { TOTEM_CRYPTO_ACCEPT_OLD = 0, TOTEM_CRYPTO_ACCEPT_NEW } crypto_accept;

    int crypto_crypt_type;
    int crypto_sign_type;

    totem_transport_t transport_number;

    unsigned int miss_count_const;

    void (*totem_memb_ring_id_create_or_load) (
        struct memb_ring_id *memb_ring_id,
        const struct totem_ip_address *addr);

    void (*totem_memb_ring_id_store) (
        const struct memb_ring_id *memb_ring_id,
        const struct totem_ip_address *addr);
};

/* tells engine/coroapi.h that the enum below is already declared */
#define TOTEM_CONFIGURATION_TYPE
enum totem_configuration_type {
    TOTEM_CONFIGURATION_REGULAR,
    TOTEM_CONFIGURATION_TRANSITIONAL
};

/* likewise */
#define TOTEM_CALLBACK_TOKEN_TYPE
enum totem_callback_token_type {
    TOTEM_CALLBACK_TOKEN_RECEIVED = 1,
    TOTEM_CALLBACK_TOKEN_SENT = 2
};

enum totem_event_type {
    TOTEM_EVENT_DELIVERY_CONGESTED,
    TOTEM_EVENT_NEW_MSG,
};

/* statistics, one block per protocol layer */

typedef struct {
    hdb_handle_t handle;
    int is_dirty;
    time_t last_updated;
} totem_stats_header_t;

typedef struct {
    totem_stats_header_t hdr;
    uint32_t iface_changes;
} totemnet_stats_t;

typedef struct {
    totem_stats_header_t hdr;
    totemnet_stats_t *net;
    char *algo_name;
} totemrrp_stats_t;

typedef struct {
    uint32_t rx;
    uint32_t tx;
    int backlog_calc;
} totemsrp_token_stats_t;

#define TOTEM_TOKEN_STATS_MAX 100

typedef struct {
    totem_stats_header_t hdr;
    totemrrp_stats_t *rrp;
    uint64_t orf_token_tx;
    uint64_t orf_token_rx;
    uint64_t memb_merge_detect_tx;
    uint64_t memb_merge_detect_rx;
    uint64_t memb_join_tx;
    uint64_t memb_join_rx;
    uint64_t mcast_tx;
    uint64_t mcast_retx;
    uint64_t mcast_rx;
    uint64_t memb_commit_token_tx;
    uint64_t memb_commit_token_rx;
    uint64_t token_hold_cancel_tx;
    uint64_t token_hold_cancel_rx;
    uint64_t operational_entered;
    uint64_t operational_token_lost;
    uint64_t gather_entered;
    uint64_t gather_token_lost;
    uint64_t commit_entered;
    uint64_t commit_token_lost;
    uint64_t recovery_entered;
    uint64_t recovery_token_lost;
    uint64_t consensus_timeouts;
    uint64_t rx_msg_dropped;
    uint32_t continuous_gather;
    uint32_t continuous_sendmsg_failures;

    int earliest_token;         /* ring buffer bounds within token[] */
    int latest_token;
    totemsrp_token_stats_t token[TOTEM_TOKEN_STATS_MAX];
} totemsrp_stats_t;

/* (1.4.10 repeats this marker here; the redefinition is identical) */
#define TOTEM_CONFIGURATION_TYPE

typedef struct {
    totem_stats_header_t hdr;
    totemsrp_stats_t *srp;
} totemmrp_stats_t;

typedef struct {
    totem_stats_header_t hdr;
    totemmrp_stats_t *mrp;
    uint32_t msg_reserved;
    uint32_t msg_queue_avail;
} totempg_stats_t;

#endif /* TOTEM_H_DEFINED */
