/*
 * ABI pin for <corosync/totem/totem.h> (x86_64 / LP64).
 *
 * Every number below was measured from corosync 1.4.10 as installed; a
 * failing assert means our header no longer matches it.  Regenerate only
 * from a fresh measurement (gen/gen_abi.py), never by editing numbers
 * to fit.
 */
#include <stddef.h>
#include <corosync/totem/totem.h>
#include "abi_check.h"

/* struct totem_interface */
SIZE(struct totem_interface, 8524);
ALIGN(struct totem_interface, 4);
OFFSET(struct totem_interface, bindnet, 0);
MSIZE(struct totem_interface, bindnet, 22);
MTYPE(struct totem_interface, bindnet, struct totem_ip_address);
OFFSET(struct totem_interface, boundto, 22);
MSIZE(struct totem_interface, boundto, 22);
MTYPE(struct totem_interface, boundto, struct totem_ip_address);
OFFSET(struct totem_interface, mcast_addr, 44);
MSIZE(struct totem_interface, mcast_addr, 22);
MTYPE(struct totem_interface, mcast_addr, struct totem_ip_address);
OFFSET(struct totem_interface, ip_port, 66);
MSIZE(struct totem_interface, ip_port, 2);
MTYPE(struct totem_interface, ip_port, uint16_t);
OFFSET(struct totem_interface, ttl, 68);
MSIZE(struct totem_interface, ttl, 2);
MTYPE(struct totem_interface, ttl, uint16_t);
OFFSET(struct totem_interface, member_count, 72);
MSIZE(struct totem_interface, member_count, 4);
MTYPE(struct totem_interface, member_count, int);
OFFSET(struct totem_interface, member_list, 76);
MSIZE(struct totem_interface, member_list, 8448);
MTYPE(struct totem_interface, member_list, struct totem_ip_address[384]);

/* struct totem_logging_configuration */
SIZE(struct totem_logging_configuration, 32);
ALIGN(struct totem_logging_configuration, 8);
OFFSET(struct totem_logging_configuration, log_printf, 0);
MSIZE(struct totem_logging_configuration, log_printf, 8);
MTYPE(struct totem_logging_configuration, log_printf, void (*)(unsigned int, const char *, const char *, int, const char *, ...));
OFFSET(struct totem_logging_configuration, log_level_security, 8);
MSIZE(struct totem_logging_configuration, log_level_security, 4);
MTYPE(struct totem_logging_configuration, log_level_security, int);
OFFSET(struct totem_logging_configuration, log_level_error, 12);
MSIZE(struct totem_logging_configuration, log_level_error, 4);
MTYPE(struct totem_logging_configuration, log_level_error, int);
OFFSET(struct totem_logging_configuration, log_level_warning, 16);
MSIZE(struct totem_logging_configuration, log_level_warning, 4);
MTYPE(struct totem_logging_configuration, log_level_warning, int);
OFFSET(struct totem_logging_configuration, log_level_notice, 20);
MSIZE(struct totem_logging_configuration, log_level_notice, 4);
MTYPE(struct totem_logging_configuration, log_level_notice, int);
OFFSET(struct totem_logging_configuration, log_level_debug, 24);
MSIZE(struct totem_logging_configuration, log_level_debug, 4);
MTYPE(struct totem_logging_configuration, log_level_debug, int);
OFFSET(struct totem_logging_configuration, log_subsys_id, 28);
MSIZE(struct totem_logging_configuration, log_subsys_id, 4);
MTYPE(struct totem_logging_configuration, log_subsys_id, int);

/* anonymous enum */
VALUE(TOTEM_PRIVATE_KEY_LEN, 128);

/* anonymous enum */
VALUE(TOTEM_RRP_MODE_BYTES, 64);

/* enum for totem_transport_t */
VALUE(TOTEM_TRANSPORT_UDP, 0);
VALUE(TOTEM_TRANSPORT_UDPU, 1);
VALUE(TOTEM_TRANSPORT_RDMA, 2);

/* typedef totem_transport_t */
SIZE(totem_transport_t, 4);
ALIGN(totem_transport_t, 4);

/* struct memb_ring_id */
SIZE(struct memb_ring_id, 30);
ALIGN(struct memb_ring_id, 1);
OFFSET(struct memb_ring_id, rep, 0);
MSIZE(struct memb_ring_id, rep, 22);
MTYPE(struct memb_ring_id, rep, struct totem_ip_address);
OFFSET(struct memb_ring_id, seq, 22);
MSIZE(struct memb_ring_id, seq, 8);
MTYPE(struct memb_ring_id, seq, long long unsigned int);

/* anonymous enum */
VALUE(TOTEM_CRYPTO_SOBER, 0);
VALUE(TOTEM_CRYPTO_NSS, 1);

/* anonymous enum */
VALUE(TOTEM_CRYPTO_ACCEPT_OLD, 0);
VALUE(TOTEM_CRYPTO_ACCEPT_NEW, 1);

/* struct totem_config */
SIZE(struct totem_config, 416);
ALIGN(struct totem_config, 8);
OFFSET(struct totem_config, version, 0);
MSIZE(struct totem_config, version, 4);
MTYPE(struct totem_config, version, int);
OFFSET(struct totem_config, interfaces, 8);
MSIZE(struct totem_config, interfaces, 8);
MTYPE(struct totem_config, interfaces, struct totem_interface *);
OFFSET(struct totem_config, interface_count, 16);
MSIZE(struct totem_config, interface_count, 4);
MTYPE(struct totem_config, interface_count, unsigned int);
OFFSET(struct totem_config, node_id, 20);
MSIZE(struct totem_config, node_id, 4);
MTYPE(struct totem_config, node_id, unsigned int);
OFFSET(struct totem_config, clear_node_high_bit, 24);
MSIZE(struct totem_config, clear_node_high_bit, 4);
MTYPE(struct totem_config, clear_node_high_bit, unsigned int);
OFFSET(struct totem_config, private_key, 28);
MSIZE(struct totem_config, private_key, 128);
MTYPE(struct totem_config, private_key, unsigned char[128]);
OFFSET(struct totem_config, private_key_len, 156);
MSIZE(struct totem_config, private_key_len, 4);
MTYPE(struct totem_config, private_key_len, unsigned int);
OFFSET(struct totem_config, token_timeout, 160);
MSIZE(struct totem_config, token_timeout, 4);
MTYPE(struct totem_config, token_timeout, unsigned int);
OFFSET(struct totem_config, token_retransmit_timeout, 164);
MSIZE(struct totem_config, token_retransmit_timeout, 4);
MTYPE(struct totem_config, token_retransmit_timeout, unsigned int);
OFFSET(struct totem_config, token_hold_timeout, 168);
MSIZE(struct totem_config, token_hold_timeout, 4);
MTYPE(struct totem_config, token_hold_timeout, unsigned int);
OFFSET(struct totem_config, token_retransmits_before_loss_const, 172);
MSIZE(struct totem_config, token_retransmits_before_loss_const, 4);
MTYPE(struct totem_config, token_retransmits_before_loss_const, unsigned int);
OFFSET(struct totem_config, join_timeout, 176);
MSIZE(struct totem_config, join_timeout, 4);
MTYPE(struct totem_config, join_timeout, unsigned int);
OFFSET(struct totem_config, send_join_timeout, 180);
MSIZE(struct totem_config, send_join_timeout, 4);
MTYPE(struct totem_config, send_join_timeout, unsigned int);
OFFSET(struct totem_config, consensus_timeout, 184);
MSIZE(struct totem_config, consensus_timeout, 4);
MTYPE(struct totem_config, consensus_timeout, unsigned int);
OFFSET(struct totem_config, merge_timeout, 188);
MSIZE(struct totem_config, merge_timeout, 4);
MTYPE(struct totem_config, merge_timeout, unsigned int);
OFFSET(struct totem_config, downcheck_timeout, 192);
MSIZE(struct totem_config, downcheck_timeout, 4);
MTYPE(struct totem_config, downcheck_timeout, unsigned int);
OFFSET(struct totem_config, fail_to_recv_const, 196);
MSIZE(struct totem_config, fail_to_recv_const, 4);
MTYPE(struct totem_config, fail_to_recv_const, unsigned int);
OFFSET(struct totem_config, seqno_unchanged_const, 200);
MSIZE(struct totem_config, seqno_unchanged_const, 4);
MTYPE(struct totem_config, seqno_unchanged_const, unsigned int);
OFFSET(struct totem_config, rrp_token_expired_timeout, 204);
MSIZE(struct totem_config, rrp_token_expired_timeout, 4);
MTYPE(struct totem_config, rrp_token_expired_timeout, unsigned int);
OFFSET(struct totem_config, rrp_problem_count_timeout, 208);
MSIZE(struct totem_config, rrp_problem_count_timeout, 4);
MTYPE(struct totem_config, rrp_problem_count_timeout, unsigned int);
OFFSET(struct totem_config, rrp_problem_count_threshold, 212);
MSIZE(struct totem_config, rrp_problem_count_threshold, 4);
MTYPE(struct totem_config, rrp_problem_count_threshold, unsigned int);
OFFSET(struct totem_config, rrp_problem_count_mcast_threshold, 216);
MSIZE(struct totem_config, rrp_problem_count_mcast_threshold, 4);
MTYPE(struct totem_config, rrp_problem_count_mcast_threshold, unsigned int);
OFFSET(struct totem_config, rrp_autorecovery_check_timeout, 220);
MSIZE(struct totem_config, rrp_autorecovery_check_timeout, 4);
MTYPE(struct totem_config, rrp_autorecovery_check_timeout, unsigned int);
OFFSET(struct totem_config, rrp_mode, 224);
MSIZE(struct totem_config, rrp_mode, 64);
MTYPE(struct totem_config, rrp_mode, char[64]);
OFFSET(struct totem_config, totem_logging_configuration, 288);
MSIZE(struct totem_config, totem_logging_configuration, 32);
MTYPE(struct totem_config, totem_logging_configuration, struct totem_logging_configuration);
OFFSET(struct totem_config, log_rec, 320);
MSIZE(struct totem_config, log_rec, 8);
MTYPE(struct totem_config, log_rec, void (*)(int, const char *, const char *, int, unsigned int, ...));
OFFSET(struct totem_config, secauth, 328);
MSIZE(struct totem_config, secauth, 4);
MTYPE(struct totem_config, secauth, unsigned int);
OFFSET(struct totem_config, net_mtu, 332);
MSIZE(struct totem_config, net_mtu, 4);
MTYPE(struct totem_config, net_mtu, unsigned int);
OFFSET(struct totem_config, threads, 336);
MSIZE(struct totem_config, threads, 4);
MTYPE(struct totem_config, threads, unsigned int);
OFFSET(struct totem_config, heartbeat_failures_allowed, 340);
MSIZE(struct totem_config, heartbeat_failures_allowed, 4);
MTYPE(struct totem_config, heartbeat_failures_allowed, unsigned int);
OFFSET(struct totem_config, max_network_delay, 344);
MSIZE(struct totem_config, max_network_delay, 4);
MTYPE(struct totem_config, max_network_delay, unsigned int);
OFFSET(struct totem_config, window_size, 348);
MSIZE(struct totem_config, window_size, 4);
MTYPE(struct totem_config, window_size, unsigned int);
OFFSET(struct totem_config, max_messages, 352);
MSIZE(struct totem_config, max_messages, 4);
MTYPE(struct totem_config, max_messages, unsigned int);
OFFSET(struct totem_config, vsf_type, 360);
MSIZE(struct totem_config, vsf_type, 8);
MTYPE(struct totem_config, vsf_type, const char *);
OFFSET(struct totem_config, broadcast_use, 368);
MSIZE(struct totem_config, broadcast_use, 4);
MTYPE(struct totem_config, broadcast_use, unsigned int);
OFFSET(struct totem_config, crypto_type, 372);
MSIZE(struct totem_config, crypto_type, 4);
/* struct totem_config.crypto_type: anonymous type, not spelled */
OFFSET(struct totem_config, crypto_accept, 376);
MSIZE(struct totem_config, crypto_accept, 4);
/* struct totem_config.crypto_accept: anonymous type, not spelled */
OFFSET(struct totem_config, crypto_crypt_type, 380);
MSIZE(struct totem_config, crypto_crypt_type, 4);
MTYPE(struct totem_config, crypto_crypt_type, int);
OFFSET(struct totem_config, crypto_sign_type, 384);
MSIZE(struct totem_config, crypto_sign_type, 4);
MTYPE(struct totem_config, crypto_sign_type, int);
OFFSET(struct totem_config, transport_number, 388);
MSIZE(struct totem_config, transport_number, 4);
MTYPE(struct totem_config, transport_number, totem_transport_t);
OFFSET(struct totem_config, miss_count_const, 392);
MSIZE(struct totem_config, miss_count_const, 4);
MTYPE(struct totem_config, miss_count_const, unsigned int);
OFFSET(struct totem_config, totem_memb_ring_id_create_or_load, 400);
MSIZE(struct totem_config, totem_memb_ring_id_create_or_load, 8);
MTYPE(struct totem_config, totem_memb_ring_id_create_or_load, void (*)(struct memb_ring_id *, const struct totem_ip_address *));
OFFSET(struct totem_config, totem_memb_ring_id_store, 408);
MSIZE(struct totem_config, totem_memb_ring_id_store, 8);
MTYPE(struct totem_config, totem_memb_ring_id_store, void (*)(const struct memb_ring_id *, const struct totem_ip_address *));

/* enum totem_configuration_type */
SIZE(enum totem_configuration_type, 4);
VALUE(TOTEM_CONFIGURATION_REGULAR, 0);
VALUE(TOTEM_CONFIGURATION_TRANSITIONAL, 1);

/* enum totem_callback_token_type */
SIZE(enum totem_callback_token_type, 4);
VALUE(TOTEM_CALLBACK_TOKEN_RECEIVED, 1);
VALUE(TOTEM_CALLBACK_TOKEN_SENT, 2);

/* enum totem_event_type */
SIZE(enum totem_event_type, 4);
VALUE(TOTEM_EVENT_DELIVERY_CONGESTED, 0);
VALUE(TOTEM_EVENT_NEW_MSG, 1);

/* totem_stats_header_t */
SIZE(totem_stats_header_t, 24);
ALIGN(totem_stats_header_t, 8);
OFFSET(totem_stats_header_t, handle, 0);
MSIZE(totem_stats_header_t, handle, 8);
MTYPE(totem_stats_header_t, handle, hdb_handle_t);
OFFSET(totem_stats_header_t, is_dirty, 8);
MSIZE(totem_stats_header_t, is_dirty, 4);
MTYPE(totem_stats_header_t, is_dirty, int);
OFFSET(totem_stats_header_t, last_updated, 16);
MSIZE(totem_stats_header_t, last_updated, 8);
MTYPE(totem_stats_header_t, last_updated, time_t);

/* totemnet_stats_t */
SIZE(totemnet_stats_t, 32);
ALIGN(totemnet_stats_t, 8);
OFFSET(totemnet_stats_t, hdr, 0);
MSIZE(totemnet_stats_t, hdr, 24);
MTYPE(totemnet_stats_t, hdr, totem_stats_header_t);
OFFSET(totemnet_stats_t, iface_changes, 24);
MSIZE(totemnet_stats_t, iface_changes, 4);
MTYPE(totemnet_stats_t, iface_changes, uint32_t);

/* totemrrp_stats_t */
SIZE(totemrrp_stats_t, 40);
ALIGN(totemrrp_stats_t, 8);
OFFSET(totemrrp_stats_t, hdr, 0);
MSIZE(totemrrp_stats_t, hdr, 24);
MTYPE(totemrrp_stats_t, hdr, totem_stats_header_t);
OFFSET(totemrrp_stats_t, net, 24);
MSIZE(totemrrp_stats_t, net, 8);
MTYPE(totemrrp_stats_t, net, totemnet_stats_t *);
OFFSET(totemrrp_stats_t, algo_name, 32);
MSIZE(totemrrp_stats_t, algo_name, 8);
MTYPE(totemrrp_stats_t, algo_name, char *);

/* totemsrp_token_stats_t */
SIZE(totemsrp_token_stats_t, 12);
ALIGN(totemsrp_token_stats_t, 4);
OFFSET(totemsrp_token_stats_t, rx, 0);
MSIZE(totemsrp_token_stats_t, rx, 4);
MTYPE(totemsrp_token_stats_t, rx, uint32_t);
OFFSET(totemsrp_token_stats_t, tx, 4);
MSIZE(totemsrp_token_stats_t, tx, 4);
MTYPE(totemsrp_token_stats_t, tx, uint32_t);
OFFSET(totemsrp_token_stats_t, backlog_calc, 8);
MSIZE(totemsrp_token_stats_t, backlog_calc, 4);
MTYPE(totemsrp_token_stats_t, backlog_calc, int);

/* totemsrp_stats_t */
SIZE(totemsrp_stats_t, 1432);
ALIGN(totemsrp_stats_t, 8);
OFFSET(totemsrp_stats_t, hdr, 0);
MSIZE(totemsrp_stats_t, hdr, 24);
MTYPE(totemsrp_stats_t, hdr, totem_stats_header_t);
OFFSET(totemsrp_stats_t, rrp, 24);
MSIZE(totemsrp_stats_t, rrp, 8);
MTYPE(totemsrp_stats_t, rrp, totemrrp_stats_t *);
OFFSET(totemsrp_stats_t, orf_token_tx, 32);
MSIZE(totemsrp_stats_t, orf_token_tx, 8);
MTYPE(totemsrp_stats_t, orf_token_tx, uint64_t);
OFFSET(totemsrp_stats_t, orf_token_rx, 40);
MSIZE(totemsrp_stats_t, orf_token_rx, 8);
MTYPE(totemsrp_stats_t, orf_token_rx, uint64_t);
OFFSET(totemsrp_stats_t, memb_merge_detect_tx, 48);
MSIZE(totemsrp_stats_t, memb_merge_detect_tx, 8);
MTYPE(totemsrp_stats_t, memb_merge_detect_tx, uint64_t);
OFFSET(totemsrp_stats_t, memb_merge_detect_rx, 56);
MSIZE(totemsrp_stats_t, memb_merge_detect_rx, 8);
MTYPE(totemsrp_stats_t, memb_merge_detect_rx, uint64_t);
OFFSET(totemsrp_stats_t, memb_join_tx, 64);
MSIZE(totemsrp_stats_t, memb_join_tx, 8);
MTYPE(totemsrp_stats_t, memb_join_tx, uint64_t);
OFFSET(totemsrp_stats_t, memb_join_rx, 72);
MSIZE(totemsrp_stats_t, memb_join_rx, 8);
MTYPE(totemsrp_stats_t, memb_join_rx, uint64_t);
OFFSET(totemsrp_stats_t, mcast_tx, 80);
MSIZE(totemsrp_stats_t, mcast_tx, 8);
MTYPE(totemsrp_stats_t, mcast_tx, uint64_t);
OFFSET(totemsrp_stats_t, mcast_retx, 88);
MSIZE(totemsrp_stats_t, mcast_retx, 8);
MTYPE(totemsrp_stats_t, mcast_retx, uint64_t);
OFFSET(totemsrp_stats_t, mcast_rx, 96);
MSIZE(totemsrp_stats_t, mcast_rx, 8);
MTYPE(totemsrp_stats_t, mcast_rx, uint64_t);
OFFSET(totemsrp_stats_t, memb_commit_token_tx, 104);
MSIZE(totemsrp_stats_t, memb_commit_token_tx, 8);
MTYPE(totemsrp_stats_t, memb_commit_token_tx, uint64_t);
OFFSET(totemsrp_stats_t, memb_commit_token_rx, 112);
MSIZE(totemsrp_stats_t, memb_commit_token_rx, 8);
MTYPE(totemsrp_stats_t, memb_commit_token_rx, uint64_t);
OFFSET(totemsrp_stats_t, token_hold_cancel_tx, 120);
MSIZE(totemsrp_stats_t, token_hold_cancel_tx, 8);
MTYPE(totemsrp_stats_t, token_hold_cancel_tx, uint64_t);
OFFSET(totemsrp_stats_t, token_hold_cancel_rx, 128);
MSIZE(totemsrp_stats_t, token_hold_cancel_rx, 8);
MTYPE(totemsrp_stats_t, token_hold_cancel_rx, uint64_t);
OFFSET(totemsrp_stats_t, operational_entered, 136);
MSIZE(totemsrp_stats_t, operational_entered, 8);
MTYPE(totemsrp_stats_t, operational_entered, uint64_t);
OFFSET(totemsrp_stats_t, operational_token_lost, 144);
MSIZE(totemsrp_stats_t, operational_token_lost, 8);
MTYPE(totemsrp_stats_t, operational_token_lost, uint64_t);
OFFSET(totemsrp_stats_t, gather_entered, 152);
MSIZE(totemsrp_stats_t, gather_entered, 8);
MTYPE(totemsrp_stats_t, gather_entered, uint64_t);
OFFSET(totemsrp_stats_t, gather_token_lost, 160);
MSIZE(totemsrp_stats_t, gather_token_lost, 8);
MTYPE(totemsrp_stats_t, gather_token_lost, uint64_t);
OFFSET(totemsrp_stats_t, commit_entered, 168);
MSIZE(totemsrp_stats_t, commit_entered, 8);
MTYPE(totemsrp_stats_t, commit_entered, uint64_t);
OFFSET(totemsrp_stats_t, commit_token_lost, 176);
MSIZE(totemsrp_stats_t, commit_token_lost, 8);
MTYPE(totemsrp_stats_t, commit_token_lost, uint64_t);
OFFSET(totemsrp_stats_t, recovery_entered, 184);
MSIZE(totemsrp_stats_t, recovery_entered, 8);
MTYPE(totemsrp_stats_t, recovery_entered, uint64_t);
OFFSET(totemsrp_stats_t, recovery_token_lost, 192);
MSIZE(totemsrp_stats_t, recovery_token_lost, 8);
MTYPE(totemsrp_stats_t, recovery_token_lost, uint64_t);
OFFSET(totemsrp_stats_t, consensus_timeouts, 200);
MSIZE(totemsrp_stats_t, consensus_timeouts, 8);
MTYPE(totemsrp_stats_t, consensus_timeouts, uint64_t);
OFFSET(totemsrp_stats_t, rx_msg_dropped, 208);
MSIZE(totemsrp_stats_t, rx_msg_dropped, 8);
MTYPE(totemsrp_stats_t, rx_msg_dropped, uint64_t);
OFFSET(totemsrp_stats_t, continuous_gather, 216);
MSIZE(totemsrp_stats_t, continuous_gather, 4);
MTYPE(totemsrp_stats_t, continuous_gather, uint32_t);
OFFSET(totemsrp_stats_t, continuous_sendmsg_failures, 220);
MSIZE(totemsrp_stats_t, continuous_sendmsg_failures, 4);
MTYPE(totemsrp_stats_t, continuous_sendmsg_failures, uint32_t);
OFFSET(totemsrp_stats_t, earliest_token, 224);
MSIZE(totemsrp_stats_t, earliest_token, 4);
MTYPE(totemsrp_stats_t, earliest_token, int);
OFFSET(totemsrp_stats_t, latest_token, 228);
MSIZE(totemsrp_stats_t, latest_token, 4);
MTYPE(totemsrp_stats_t, latest_token, int);
OFFSET(totemsrp_stats_t, token, 232);
MSIZE(totemsrp_stats_t, token, 1200);
MTYPE(totemsrp_stats_t, token, totemsrp_token_stats_t[100]);

/* totemmrp_stats_t */
SIZE(totemmrp_stats_t, 32);
ALIGN(totemmrp_stats_t, 8);
OFFSET(totemmrp_stats_t, hdr, 0);
MSIZE(totemmrp_stats_t, hdr, 24);
MTYPE(totemmrp_stats_t, hdr, totem_stats_header_t);
OFFSET(totemmrp_stats_t, srp, 24);
MSIZE(totemmrp_stats_t, srp, 8);
MTYPE(totemmrp_stats_t, srp, totemsrp_stats_t *);

/* totempg_stats_t */
SIZE(totempg_stats_t, 40);
ALIGN(totempg_stats_t, 8);
OFFSET(totempg_stats_t, hdr, 0);
MSIZE(totempg_stats_t, hdr, 24);
MTYPE(totempg_stats_t, hdr, totem_stats_header_t);
OFFSET(totempg_stats_t, mrp, 24);
MSIZE(totempg_stats_t, mrp, 8);
MTYPE(totempg_stats_t, mrp, totemmrp_stats_t *);
OFFSET(totempg_stats_t, msg_reserved, 32);
MSIZE(totempg_stats_t, msg_reserved, 4);
MTYPE(totempg_stats_t, msg_reserved, uint32_t);
OFFSET(totempg_stats_t, msg_queue_avail, 36);
MSIZE(totempg_stats_t, msg_queue_avail, 4);
MTYPE(totempg_stats_t, msg_queue_avail, uint32_t);

/* macros */
#ifndef TOTEM_H_DEFINED
#error "TOTEM_H_DEFINED is not defined"
#endif
VALUE(PROCESSOR_COUNT_MAX, 384);
TYPE_OF(PROCESSOR_COUNT_MAX, int);
VALUE(MESSAGE_SIZE_MAX, 1048576);
TYPE_OF(MESSAGE_SIZE_MAX, int);
#ifndef MESSAGE_QUEUE_MAX
#error "MESSAGE_QUEUE_MAX is not defined"
#endif
VALUE(FRAME_SIZE_MAX, 10000);
TYPE_OF(FRAME_SIZE_MAX, int);
VALUE(TRANSMITS_ALLOWED, 16);
TYPE_OF(TRANSMITS_ALLOWED, int);
VALUE(SEND_THREADS_MAX, 16);
TYPE_OF(SEND_THREADS_MAX, int);
VALUE(INTERFACE_MAX, 2);
TYPE_OF(INTERFACE_MAX, int);
VALUE(MAX_NO_CONT_GATHER, 3);
TYPE_OF(MAX_NO_CONT_GATHER, int);
VALUE(MAX_NO_CONT_SENDMSG_FAILURES, 30);
TYPE_OF(MAX_NO_CONT_SENDMSG_FAILURES, int);
#ifndef MEMB_RING_ID
#error "MEMB_RING_ID is not defined"
#endif
#ifndef TOTEM_CONFIGURATION_TYPE
#error "TOTEM_CONFIGURATION_TYPE is not defined"
#endif
#ifndef TOTEM_CALLBACK_TOKEN_TYPE
#error "TOTEM_CALLBACK_TOKEN_TYPE is not defined"
#endif
VALUE(TOTEM_TOKEN_STATS_MAX, 100);
TYPE_OF(TOTEM_TOKEN_STATS_MAX, int);
#ifndef TOTEM_CONFIGURATION_TYPE
#error "TOTEM_CONFIGURATION_TYPE is not defined"
#endif
