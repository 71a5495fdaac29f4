/*
 * ABI pin for <corosync/engine/coroapi.h> (x86_64 / LP64).
 *
 * Every number below was measured from corosync 1.4.10 as installed; a
 * failing assert means our header no longer matches it.  Regenerate only
 * from a fresh measurement (gen/gen_abi.py), never by editing numbers
 * to fit.
 */
#include <stddef.h>
#include <netinet/in.h>
#include <sys/uio.h>
#include <corosync/engine/coroapi.h>
#include "abi_check.h"

/* mar_message_source_t */
SIZE(mar_message_source_t, 16);
ALIGN(mar_message_source_t, 8);
OFFSET(mar_message_source_t, nodeid, 0);
MSIZE(mar_message_source_t, nodeid, 4);
MTYPE(mar_message_source_t, nodeid, uint32_t);
OFFSET(mar_message_source_t, conn, 8);
MSIZE(mar_message_source_t, conn, 8);
MTYPE(mar_message_source_t, conn, void *);

/* typedef corosync_timer_handle_t */
SIZE(corosync_timer_handle_t, 8);
ALIGN(corosync_timer_handle_t, 8);
TYPE(corosync_timer_handle_t, void *);

/* struct corosync_tpg_group */
SIZE(struct corosync_tpg_group, 16);
ALIGN(struct corosync_tpg_group, 8);
OFFSET(struct corosync_tpg_group, group, 0);
MSIZE(struct corosync_tpg_group, group, 8);
MTYPE(struct corosync_tpg_group, group, const void *);
OFFSET(struct corosync_tpg_group, group_len, 8);
MSIZE(struct corosync_tpg_group, group_len, 8);
MTYPE(struct corosync_tpg_group, group_len, size_t);

/* struct totem_ip_address */
SIZE(struct totem_ip_address, 22);
ALIGN(struct totem_ip_address, 1);
OFFSET(struct totem_ip_address, nodeid, 0);
MSIZE(struct totem_ip_address, nodeid, 4);
MTYPE(struct totem_ip_address, nodeid, unsigned int);
OFFSET(struct totem_ip_address, family, 4);
MSIZE(struct totem_ip_address, family, 2);
MTYPE(struct totem_ip_address, family, short unsigned int);
OFFSET(struct totem_ip_address, addr, 6);
MSIZE(struct totem_ip_address, addr, 16);
MTYPE(struct totem_ip_address, addr, unsigned char[16]);

/* struct memb_ring_id */
SIZE(struct memb_ring_id, 30);
ALIGN(struct memb_ring_id, 1);
OFFSET(struct memb_ring_id, rep, 0);
MSIZE(struct memb_ring_id, rep, 22);
MTYPE(struct memb_ring_id, rep, struct totem_ip_address);
OFFSET(struct memb_ring_id, seq, 22);
MSIZE(struct memb_ring_id, seq, 8);
MTYPE(struct memb_ring_id, seq, long long unsigned int);

/* enum totem_configuration_type */
SIZE(enum totem_configuration_type, 4);
VALUE(TOTEM_CONFIGURATION_REGULAR, 0);
VALUE(TOTEM_CONFIGURATION_TRANSITIONAL, 1);

/* enum totem_callback_token_type */
SIZE(enum totem_callback_token_type, 4);
VALUE(TOTEM_CALLBACK_TOKEN_RECEIVED, 1);
VALUE(TOTEM_CALLBACK_TOKEN_SENT, 2);

/* enum cs_lib_flow_control */
SIZE(enum cs_lib_flow_control, 4);
VALUE(CS_LIB_FLOW_CONTROL_REQUIRED, 1);
VALUE(CS_LIB_FLOW_CONTROL_NOT_REQUIRED, 2);

/* enum cs_lib_allow_inquorate */
SIZE(enum cs_lib_allow_inquorate, 4);
VALUE(CS_LIB_DISALLOW_INQUORATE, 0);
VALUE(CS_LIB_ALLOW_INQUORATE, 1);

/* enum cs_flow_control_state */
SIZE(enum cs_flow_control_state, 4);
VALUE(CS_FLOW_CONTROL_STATE_DISABLED, 0);
VALUE(CS_FLOW_CONTROL_STATE_ENABLED, 1);

/* enum cs_sync_mode */
SIZE(enum cs_sync_mode, 4);
VALUE(CS_SYNC_V1, 0);
VALUE(CS_SYNC_V2, 1);
VALUE(CS_SYNC_V1_APIV2, 2);

/* enum for cs_fatal_error_t */
VALUE(COROSYNC_FATAL_ERROR_EXIT, -1);
VALUE(COROSYNC_LIBAIS_SOCKET, -6);
VALUE(COROSYNC_LIBAIS_BIND, -7);
VALUE(COROSYNC_READKEY, -8);
VALUE(COROSYNC_INVALID_CONFIG, -9);
VALUE(COROSYNC_DYNAMICLOAD, -12);
VALUE(COROSYNC_OUT_OF_MEMORY, -15);
VALUE(COROSYNC_FATAL_ERR, -16);

/* typedef cs_fatal_error_t */
SIZE(cs_fatal_error_t, 4);
ALIGN(cs_fatal_error_t, 4);

/* struct object_valid */
SIZE(struct object_valid, 16);
ALIGN(struct object_valid, 8);
OFFSET(struct object_valid, object_name, 0);
MSIZE(struct object_valid, object_name, 8);
MTYPE(struct object_valid, object_name, char *);
OFFSET(struct object_valid, object_len, 8);
MSIZE(struct object_valid, object_len, 8);
MTYPE(struct object_valid, object_len, size_t);

/* struct object_key_valid */
SIZE(struct object_key_valid, 24);
ALIGN(struct object_key_valid, 8);
OFFSET(struct object_key_valid, key_name, 0);
MSIZE(struct object_key_valid, key_name, 8);
MTYPE(struct object_key_valid, key_name, char *);
OFFSET(struct object_key_valid, key_len, 8);
MSIZE(struct object_key_valid, key_len, 8);
MTYPE(struct object_key_valid, key_len, size_t);
OFFSET(struct object_key_valid, validate_callback, 16);
MSIZE(struct object_key_valid, validate_callback, 8);
MTYPE(struct object_key_valid, validate_callback, int (*)(const void *, size_t, const void *, size_t));

/* enum for objdb_value_types_t */
VALUE(OBJDB_VALUETYPE_INT16, 0);
VALUE(OBJDB_VALUETYPE_UINT16, 1);
VALUE(OBJDB_VALUETYPE_INT32, 2);
VALUE(OBJDB_VALUETYPE_UINT32, 3);
VALUE(OBJDB_VALUETYPE_INT64, 4);
VALUE(OBJDB_VALUETYPE_UINT64, 5);
VALUE(OBJDB_VALUETYPE_FLOAT, 6);
VALUE(OBJDB_VALUETYPE_DOUBLE, 7);
VALUE(OBJDB_VALUETYPE_STRING, 8);
VALUE(OBJDB_VALUETYPE_ANY, 9);

/* typedef objdb_value_types_t */
SIZE(objdb_value_types_t, 4);
ALIGN(objdb_value_types_t, 4);

/* enum for object_track_depth_t */
VALUE(OBJECT_TRACK_DEPTH_ONE, 0);
VALUE(OBJECT_TRACK_DEPTH_RECURSIVE, 1);

/* typedef object_track_depth_t */
SIZE(object_track_depth_t, 4);
ALIGN(object_track_depth_t, 4);

/* enum for object_change_type_t */
VALUE(OBJECT_KEY_CREATED, 0);
VALUE(OBJECT_KEY_REPLACED, 1);
VALUE(OBJECT_KEY_DELETED, 2);

/* typedef object_change_type_t */
SIZE(object_change_type_t, 4);
ALIGN(object_change_type_t, 4);

/* enum for objdb_reload_notify_type_t */
VALUE(OBJDB_RELOAD_NOTIFY_START, 0);
VALUE(OBJDB_RELOAD_NOTIFY_END, 1);
VALUE(OBJDB_RELOAD_NOTIFY_FAILED, 2);

/* typedef objdb_reload_notify_type_t */
SIZE(objdb_reload_notify_type_t, 4);
ALIGN(objdb_reload_notify_type_t, 4);

/* typedef object_key_change_notify_fn_t */
SIZE(object_key_change_notify_fn_t, 8);
ALIGN(object_key_change_notify_fn_t, 8);
TYPE(object_key_change_notify_fn_t, void (*)(object_change_type_t, hdb_handle_t, hdb_handle_t, const void *, size_t, const void *, size_t, const void *, size_t, void *));

/* typedef object_create_notify_fn_t */
SIZE(object_create_notify_fn_t, 8);
ALIGN(object_create_notify_fn_t, 8);
TYPE(object_create_notify_fn_t, void (*)(hdb_handle_t, hdb_handle_t, const void *, size_t, void *));

/* typedef object_destroy_notify_fn_t */
SIZE(object_destroy_notify_fn_t, 8);
ALIGN(object_destroy_notify_fn_t, 8);
TYPE(object_destroy_notify_fn_t, void (*)(hdb_handle_t, const void *, size_t, void *));

/* typedef object_notify_callback_fn_t */
SIZE(object_notify_callback_fn_t, 8);
ALIGN(object_notify_callback_fn_t, 8);
TYPE(object_notify_callback_fn_t, void (*)(hdb_handle_t, const void *, size_t, const void *, size_t, object_change_type_t, const void *));

/* typedef object_reload_notify_fn_t */
SIZE(object_reload_notify_fn_t, 8);
ALIGN(object_reload_notify_fn_t, 8);
TYPE(object_reload_notify_fn_t, void (*)(objdb_reload_notify_type_t, int, void *));

/* typedef quorum_callback_fn_t */
SIZE(quorum_callback_fn_t, 8);
ALIGN(quorum_callback_fn_t, 8);
TYPE(quorum_callback_fn_t, void (*)(int, void *));

/* struct quorum_callin_functions */
SIZE(struct quorum_callin_functions, 24);
ALIGN(struct quorum_callin_functions, 8);
OFFSET(struct quorum_callin_functions, quorate, 0);
MSIZE(struct quorum_callin_functions, quorate, 8);
MTYPE(struct quorum_callin_functions, quorate, int (*)(void));
OFFSET(struct quorum_callin_functions, register_callback, 8);
MSIZE(struct quorum_callin_functions, register_callback, 8);
MTYPE(struct quorum_callin_functions, register_callback, int (*)(quorum_callback_fn_t, void *));
OFFSET(struct quorum_callin_functions, unregister_callback, 16);
MSIZE(struct quorum_callin_functions, unregister_callback, 8);
MTYPE(struct quorum_callin_functions, unregister_callback, int (*)(quorum_callback_fn_t, void *));

/* typedef sync_callback_fn_t */
SIZE(sync_callback_fn_t, 8);
ALIGN(sync_callback_fn_t, 8);
TYPE(sync_callback_fn_t, void (*)(const unsigned int *, size_t, int, struct memb_ring_id *));

/* struct corosync_api_v1 */
SIZE(struct corosync_api_v1, 664);
ALIGN(struct corosync_api_v1, 8);
OFFSET(struct corosync_api_v1, object_create, 0);
MSIZE(struct corosync_api_v1, object_create, 8);
MTYPE(struct corosync_api_v1, object_create, int (*)(hdb_handle_t, hdb_handle_t *, const void *, size_t));
OFFSET(struct corosync_api_v1, object_priv_set, 8);
MSIZE(struct corosync_api_v1, object_priv_set, 8);
MTYPE(struct corosync_api_v1, object_priv_set, int (*)(hdb_handle_t, void *));
OFFSET(struct corosync_api_v1, object_key_create, 16);
MSIZE(struct corosync_api_v1, object_key_create, 8);
MTYPE(struct corosync_api_v1, object_key_create, int (*)(hdb_handle_t, const void *, size_t, const void *, size_t));
OFFSET(struct corosync_api_v1, object_destroy, 24);
MSIZE(struct corosync_api_v1, object_destroy, 8);
MTYPE(struct corosync_api_v1, object_destroy, int (*)(hdb_handle_t));
OFFSET(struct corosync_api_v1, object_valid_set, 32);
MSIZE(struct corosync_api_v1, object_valid_set, 8);
MTYPE(struct corosync_api_v1, object_valid_set, int (*)(hdb_handle_t, struct object_valid *, size_t));
OFFSET(struct corosync_api_v1, object_key_valid_set, 40);
MSIZE(struct corosync_api_v1, object_key_valid_set, 8);
MTYPE(struct corosync_api_v1, object_key_valid_set, int (*)(hdb_handle_t, struct object_key_valid *, size_t));
OFFSET(struct corosync_api_v1, object_find_create, 48);
MSIZE(struct corosync_api_v1, object_find_create, 8);
MTYPE(struct corosync_api_v1, object_find_create, int (*)(hdb_handle_t, const void *, size_t, hdb_handle_t *));
OFFSET(struct corosync_api_v1, object_find_next, 56);
MSIZE(struct corosync_api_v1, object_find_next, 8);
MTYPE(struct corosync_api_v1, object_find_next, int (*)(hdb_handle_t, hdb_handle_t *));
OFFSET(struct corosync_api_v1, object_find_destroy, 64);
MSIZE(struct corosync_api_v1, object_find_destroy, 8);
MTYPE(struct corosync_api_v1, object_find_destroy, int (*)(hdb_handle_t));
OFFSET(struct corosync_api_v1, object_key_get, 72);
MSIZE(struct corosync_api_v1, object_key_get, 8);
MTYPE(struct corosync_api_v1, object_key_get, int (*)(hdb_handle_t, const void *, size_t, void **, size_t *));
OFFSET(struct corosync_api_v1, object_priv_get, 80);
MSIZE(struct corosync_api_v1, object_priv_get, 8);
MTYPE(struct corosync_api_v1, object_priv_get, int (*)(hdb_handle_t, void **));
OFFSET(struct corosync_api_v1, object_key_replace, 88);
MSIZE(struct corosync_api_v1, object_key_replace, 8);
MTYPE(struct corosync_api_v1, object_key_replace, int (*)(hdb_handle_t, const void *, size_t, const void *, size_t));
OFFSET(struct corosync_api_v1, object_key_delete, 96);
MSIZE(struct corosync_api_v1, object_key_delete, 8);
MTYPE(struct corosync_api_v1, object_key_delete, int (*)(hdb_handle_t, const void *, size_t));
OFFSET(struct corosync_api_v1, object_iter_reset, 104);
MSIZE(struct corosync_api_v1, object_iter_reset, 8);
MTYPE(struct corosync_api_v1, object_iter_reset, int (*)(hdb_handle_t));
OFFSET(struct corosync_api_v1, object_iter, 112);
MSIZE(struct corosync_api_v1, object_iter, 8);
MTYPE(struct corosync_api_v1, object_iter, int (*)(hdb_handle_t, void **, size_t *, hdb_handle_t *));
OFFSET(struct corosync_api_v1, object_key_iter_reset, 120);
MSIZE(struct corosync_api_v1, object_key_iter_reset, 8);
MTYPE(struct corosync_api_v1, object_key_iter_reset, int (*)(hdb_handle_t));
OFFSET(struct corosync_api_v1, object_key_iter, 128);
MSIZE(struct corosync_api_v1, object_key_iter, 8);
MTYPE(struct corosync_api_v1, object_key_iter, int (*)(hdb_handle_t, void **, size_t *, void **, size_t *));
OFFSET(struct corosync_api_v1, object_parent_get, 136);
MSIZE(struct corosync_api_v1, object_parent_get, 8);
MTYPE(struct corosync_api_v1, object_parent_get, int (*)(hdb_handle_t, hdb_handle_t *));
OFFSET(struct corosync_api_v1, object_name_get, 144);
MSIZE(struct corosync_api_v1, object_name_get, 8);
MTYPE(struct corosync_api_v1, object_name_get, int (*)(hdb_handle_t, char *, size_t *));
OFFSET(struct corosync_api_v1, object_dump, 152);
MSIZE(struct corosync_api_v1, object_dump, 8);
MTYPE(struct corosync_api_v1, object_dump, int (*)(hdb_handle_t, FILE *));
OFFSET(struct corosync_api_v1, object_key_iter_from, 160);
MSIZE(struct corosync_api_v1, object_key_iter_from, 8);
MTYPE(struct corosync_api_v1, object_key_iter_from, int (*)(hdb_handle_t, hdb_handle_t, void **, size_t *, void **, size_t *));
OFFSET(struct corosync_api_v1, object_track_start, 168);
MSIZE(struct corosync_api_v1, object_track_start, 8);
MTYPE(struct corosync_api_v1, object_track_start, int (*)(hdb_handle_t, object_track_depth_t, object_key_change_notify_fn_t, object_create_notify_fn_t, object_destroy_notify_fn_t, object_reload_notify_fn_t, void *));
OFFSET(struct corosync_api_v1, object_track_stop, 176);
MSIZE(struct corosync_api_v1, object_track_stop, 8);
MTYPE(struct corosync_api_v1, object_track_stop, void (*)(object_key_change_notify_fn_t, object_create_notify_fn_t, object_destroy_notify_fn_t, object_reload_notify_fn_t, void *));
OFFSET(struct corosync_api_v1, object_write_config, 184);
MSIZE(struct corosync_api_v1, object_write_config, 8);
MTYPE(struct corosync_api_v1, object_write_config, int (*)(const char **));
OFFSET(struct corosync_api_v1, object_reload_config, 192);
MSIZE(struct corosync_api_v1, object_reload_config, 8);
MTYPE(struct corosync_api_v1, object_reload_config, int (*)(int, const char **));
OFFSET(struct corosync_api_v1, object_key_increment, 200);
MSIZE(struct corosync_api_v1, object_key_increment, 8);
MTYPE(struct corosync_api_v1, object_key_increment, int (*)(hdb_handle_t, const void *, size_t, unsigned int *));
OFFSET(struct corosync_api_v1, object_key_decrement, 208);
MSIZE(struct corosync_api_v1, object_key_decrement, 8);
MTYPE(struct corosync_api_v1, object_key_decrement, int (*)(hdb_handle_t, const void *, size_t, unsigned int *));
OFFSET(struct corosync_api_v1, timer_add_duration, 216);
MSIZE(struct corosync_api_v1, timer_add_duration, 8);
MTYPE(struct corosync_api_v1, timer_add_duration, int (*)(long long unsigned int, void *, void (*)(void *), corosync_timer_handle_t *));
OFFSET(struct corosync_api_v1, timer_add_absolute, 224);
MSIZE(struct corosync_api_v1, timer_add_absolute, 8);
MTYPE(struct corosync_api_v1, timer_add_absolute, int (*)(long long unsigned int, void *, void (*)(void *), corosync_timer_handle_t *));
OFFSET(struct corosync_api_v1, timer_delete, 232);
MSIZE(struct corosync_api_v1, timer_delete, 8);
MTYPE(struct corosync_api_v1, timer_delete, void (*)(corosync_timer_handle_t));
OFFSET(struct corosync_api_v1, timer_time_get, 240);
MSIZE(struct corosync_api_v1, timer_time_get, 8);
MTYPE(struct corosync_api_v1, timer_time_get, long long unsigned int (*)(void));
OFFSET(struct corosync_api_v1, timer_expire_time_get, 248);
MSIZE(struct corosync_api_v1, timer_expire_time_get, 8);
MTYPE(struct corosync_api_v1, timer_expire_time_get, long long unsigned int (*)(corosync_timer_handle_t));
OFFSET(struct corosync_api_v1, ipc_source_set, 256);
MSIZE(struct corosync_api_v1, ipc_source_set, 8);
MTYPE(struct corosync_api_v1, ipc_source_set, void (*)(mar_message_source_t *, void *));
OFFSET(struct corosync_api_v1, ipc_source_is_local, 264);
MSIZE(struct corosync_api_v1, ipc_source_is_local, 8);
MTYPE(struct corosync_api_v1, ipc_source_is_local, int (*)(const mar_message_source_t *));
OFFSET(struct corosync_api_v1, ipc_private_data_get, 272);
MSIZE(struct corosync_api_v1, ipc_private_data_get, 8);
MTYPE(struct corosync_api_v1, ipc_private_data_get, void *(*)(void *));
OFFSET(struct corosync_api_v1, ipc_response_send, 280);
MSIZE(struct corosync_api_v1, ipc_response_send, 8);
MTYPE(struct corosync_api_v1, ipc_response_send, int (*)(void *, const void *, size_t));
OFFSET(struct corosync_api_v1, ipc_response_iov_send, 288);
MSIZE(struct corosync_api_v1, ipc_response_iov_send, 8);
MTYPE(struct corosync_api_v1, ipc_response_iov_send, int (*)(void *, const struct iovec *, unsigned int));
OFFSET(struct corosync_api_v1, ipc_dispatch_send, 296);
MSIZE(struct corosync_api_v1, ipc_dispatch_send, 8);
MTYPE(struct corosync_api_v1, ipc_dispatch_send, int (*)(void *, const void *, size_t));
OFFSET(struct corosync_api_v1, ipc_dispatch_iov_send, 304);
MSIZE(struct corosync_api_v1, ipc_dispatch_iov_send, 8);
MTYPE(struct corosync_api_v1, ipc_dispatch_iov_send, int (*)(void *, const struct iovec *, unsigned int));
OFFSET(struct corosync_api_v1, ipc_refcnt_inc, 312);
MSIZE(struct corosync_api_v1, ipc_refcnt_inc, 8);
MTYPE(struct corosync_api_v1, ipc_refcnt_inc, void (*)(void *));
OFFSET(struct corosync_api_v1, ipc_refcnt_dec, 320);
MSIZE(struct corosync_api_v1, ipc_refcnt_dec, 8);
MTYPE(struct corosync_api_v1, ipc_refcnt_dec, void (*)(void *));
OFFSET(struct corosync_api_v1, totem_nodeid_get, 328);
MSIZE(struct corosync_api_v1, totem_nodeid_get, 8);
MTYPE(struct corosync_api_v1, totem_nodeid_get, unsigned int (*)(void));
OFFSET(struct corosync_api_v1, totem_family_get, 336);
MSIZE(struct corosync_api_v1, totem_family_get, 8);
MTYPE(struct corosync_api_v1, totem_family_get, int (*)(void));
OFFSET(struct corosync_api_v1, totem_ring_reenable, 344);
MSIZE(struct corosync_api_v1, totem_ring_reenable, 8);
MTYPE(struct corosync_api_v1, totem_ring_reenable, int (*)(void));
OFFSET(struct corosync_api_v1, totem_mcast, 352);
MSIZE(struct corosync_api_v1, totem_mcast, 8);
MTYPE(struct corosync_api_v1, totem_mcast, int (*)(const struct iovec *, unsigned int, unsigned int));
OFFSET(struct corosync_api_v1, totem_ifaces_get, 360);
MSIZE(struct corosync_api_v1, totem_ifaces_get, 8);
MTYPE(struct corosync_api_v1, totem_ifaces_get, int (*)(unsigned int, struct totem_ip_address *, char ***, unsigned int *));
OFFSET(struct corosync_api_v1, totem_ifaces_print, 368);
MSIZE(struct corosync_api_v1, totem_ifaces_print, 8);
MTYPE(struct corosync_api_v1, totem_ifaces_print, const char *(*)(unsigned int));
OFFSET(struct corosync_api_v1, totem_ip_print, 376);
MSIZE(struct corosync_api_v1, totem_ip_print, 8);
MTYPE(struct corosync_api_v1, totem_ip_print, const char *(*)(const struct totem_ip_address *));
OFFSET(struct corosync_api_v1, totem_crypto_set, 384);
MSIZE(struct corosync_api_v1, totem_crypto_set, 8);
MTYPE(struct corosync_api_v1, totem_crypto_set, int (*)(unsigned int));
OFFSET(struct corosync_api_v1, totem_callback_token_create, 392);
MSIZE(struct corosync_api_v1, totem_callback_token_create, 8);
MTYPE(struct corosync_api_v1, totem_callback_token_create, int (*)(void **, enum totem_callback_token_type, int, int (*)(enum totem_callback_token_type, const void *), const void *));
OFFSET(struct corosync_api_v1, tpg_init, 400);
MSIZE(struct corosync_api_v1, tpg_init, 8);
MTYPE(struct corosync_api_v1, tpg_init, int (*)(hdb_handle_t *, void (*)(unsigned int, const void *, unsigned int, int), void (*)(enum totem_configuration_type, const unsigned int *, size_t, const unsigned int *, size_t, const unsigned int *, size_t, const struct memb_ring_id *)));
OFFSET(struct corosync_api_v1, tpg_exit, 408);
MSIZE(struct corosync_api_v1, tpg_exit, 8);
MTYPE(struct corosync_api_v1, tpg_exit, int (*)(hdb_handle_t));
OFFSET(struct corosync_api_v1, tpg_join, 416);
MSIZE(struct corosync_api_v1, tpg_join, 8);
MTYPE(struct corosync_api_v1, tpg_join, int (*)(hdb_handle_t, const struct corosync_tpg_group *, size_t));
OFFSET(struct corosync_api_v1, tpg_leave, 424);
MSIZE(struct corosync_api_v1, tpg_leave, 8);
MTYPE(struct corosync_api_v1, tpg_leave, int (*)(hdb_handle_t, const struct corosync_tpg_group *, size_t));
OFFSET(struct corosync_api_v1, tpg_joined_mcast, 432);
MSIZE(struct corosync_api_v1, tpg_joined_mcast, 8);
MTYPE(struct corosync_api_v1, tpg_joined_mcast, int (*)(hdb_handle_t, const struct iovec *, unsigned int, int));
OFFSET(struct corosync_api_v1, tpg_joined_reserve, 440);
MSIZE(struct corosync_api_v1, tpg_joined_reserve, 8);
MTYPE(struct corosync_api_v1, tpg_joined_reserve, int (*)(hdb_handle_t, const struct iovec *, unsigned int));
OFFSET(struct corosync_api_v1, tpg_joined_release, 448);
MSIZE(struct corosync_api_v1, tpg_joined_release, 8);
MTYPE(struct corosync_api_v1, tpg_joined_release, int (*)(int));
OFFSET(struct corosync_api_v1, tpg_groups_mcast, 456);
MSIZE(struct corosync_api_v1, tpg_groups_mcast, 8);
MTYPE(struct corosync_api_v1, tpg_groups_mcast, int (*)(hdb_handle_t, int, const struct corosync_tpg_group *, size_t, const struct iovec *, unsigned int));
OFFSET(struct corosync_api_v1, tpg_groups_reserve, 464);
MSIZE(struct corosync_api_v1, tpg_groups_reserve, 8);
MTYPE(struct corosync_api_v1, tpg_groups_reserve, int (*)(hdb_handle_t, const struct corosync_tpg_group *, size_t, const struct iovec *, unsigned int));
OFFSET(struct corosync_api_v1, tpg_groups_release, 472);
MSIZE(struct corosync_api_v1, tpg_groups_release, 8);
MTYPE(struct corosync_api_v1, tpg_groups_release, int (*)(int));
OFFSET(struct corosync_api_v1, schedwrk_create, 480);
MSIZE(struct corosync_api_v1, schedwrk_create, 8);
MTYPE(struct corosync_api_v1, schedwrk_create, int (*)(hdb_handle_t *, int (*)(const void *), const void *));
OFFSET(struct corosync_api_v1, schedwrk_destroy, 488);
MSIZE(struct corosync_api_v1, schedwrk_destroy, 8);
MTYPE(struct corosync_api_v1, schedwrk_destroy, void (*)(hdb_handle_t));
OFFSET(struct corosync_api_v1, sync_request, 496);
MSIZE(struct corosync_api_v1, sync_request, 8);
MTYPE(struct corosync_api_v1, sync_request, int (*)(const char *));
OFFSET(struct corosync_api_v1, quorum_is_quorate, 504);
MSIZE(struct corosync_api_v1, quorum_is_quorate, 8);
MTYPE(struct corosync_api_v1, quorum_is_quorate, int (*)(void));
OFFSET(struct corosync_api_v1, quorum_register_callback, 512);
MSIZE(struct corosync_api_v1, quorum_register_callback, 8);
MTYPE(struct corosync_api_v1, quorum_register_callback, int (*)(quorum_callback_fn_t, void *));
OFFSET(struct corosync_api_v1, quorum_unregister_callback, 520);
MSIZE(struct corosync_api_v1, quorum_unregister_callback, 8);
MTYPE(struct corosync_api_v1, quorum_unregister_callback, int (*)(quorum_callback_fn_t, void *));
OFFSET(struct corosync_api_v1, quorum_initialize, 528);
MSIZE(struct corosync_api_v1, quorum_initialize, 8);
MTYPE(struct corosync_api_v1, quorum_initialize, int (*)(struct quorum_callin_functions *));
OFFSET(struct corosync_api_v1, plugin_interface_reference, 536);
MSIZE(struct corosync_api_v1, plugin_interface_reference, 8);
MTYPE(struct corosync_api_v1, plugin_interface_reference, int (*)(hdb_handle_t *, const char *, int, void **, void *));
OFFSET(struct corosync_api_v1, plugin_interface_release, 544);
MSIZE(struct corosync_api_v1, plugin_interface_release, 8);
MTYPE(struct corosync_api_v1, plugin_interface_release, int (*)(hdb_handle_t));
OFFSET(struct corosync_api_v1, service_link_and_init, 552);
MSIZE(struct corosync_api_v1, service_link_and_init, 8);
MTYPE(struct corosync_api_v1, service_link_and_init, unsigned int (*)(struct corosync_api_v1 *, const char *, unsigned int));
OFFSET(struct corosync_api_v1, service_unlink_and_exit, 560);
MSIZE(struct corosync_api_v1, service_unlink_and_exit, 8);
MTYPE(struct corosync_api_v1, service_unlink_and_exit, unsigned int (*)(struct corosync_api_v1 *, const char *, unsigned int));
OFFSET(struct corosync_api_v1, error_memory_failure, 568);
MSIZE(struct corosync_api_v1, error_memory_failure, 8);
struct layout_ref_struct_corosync_api_v1_error_memory_failure { void (*m)(void) __attribute__((noreturn)); };
MTYPE(struct corosync_api_v1, error_memory_failure, __typeof__(((struct layout_ref_struct_corosync_api_v1_error_memory_failure *)0)->m));
OFFSET(struct corosync_api_v1, fatal_error, 576);
MSIZE(struct corosync_api_v1, fatal_error, 8);
struct layout_ref_struct_corosync_api_v1_fatal_error { void (*m)(cs_fatal_error_t, const char *, unsigned int) __attribute__((noreturn)); };
MTYPE(struct corosync_api_v1, fatal_error, __typeof__(((struct layout_ref_struct_corosync_api_v1_fatal_error *)0)->m));
OFFSET(struct corosync_api_v1, shutdown_request, 584);
MSIZE(struct corosync_api_v1, shutdown_request, 8);
MTYPE(struct corosync_api_v1, shutdown_request, void (*)(void));
OFFSET(struct corosync_api_v1, state_dump, 592);
MSIZE(struct corosync_api_v1, state_dump, 8);
MTYPE(struct corosync_api_v1, state_dump, void (*)(void));
OFFSET(struct corosync_api_v1, poll_handle_get, 600);
MSIZE(struct corosync_api_v1, poll_handle_get, 8);
MTYPE(struct corosync_api_v1, poll_handle_get, hdb_handle_t (*)(void));
OFFSET(struct corosync_api_v1, object_key_create_typed, 608);
MSIZE(struct corosync_api_v1, object_key_create_typed, 8);
MTYPE(struct corosync_api_v1, object_key_create_typed, int (*)(hdb_handle_t, const char *, const void *, size_t, objdb_value_types_t));
OFFSET(struct corosync_api_v1, object_key_get_typed, 616);
MSIZE(struct corosync_api_v1, object_key_get_typed, 8);
MTYPE(struct corosync_api_v1, object_key_get_typed, int (*)(hdb_handle_t, const char *, void **, size_t *, objdb_value_types_t *));
OFFSET(struct corosync_api_v1, object_key_iter_typed, 624);
MSIZE(struct corosync_api_v1, object_key_iter_typed, 8);
MTYPE(struct corosync_api_v1, object_key_iter_typed, int (*)(hdb_handle_t, char **, void **, size_t *, objdb_value_types_t *));
OFFSET(struct corosync_api_v1, totem_get_stats, 632);
MSIZE(struct corosync_api_v1, totem_get_stats, 8);
MTYPE(struct corosync_api_v1, totem_get_stats, void *(*)(void));
OFFSET(struct corosync_api_v1, schedwrk_create_nolock, 640);
MSIZE(struct corosync_api_v1, schedwrk_create_nolock, 8);
MTYPE(struct corosync_api_v1, schedwrk_create_nolock, int (*)(hdb_handle_t *, int (*)(const void *), const void *));
OFFSET(struct corosync_api_v1, poll_dispatch_add, 648);
MSIZE(struct corosync_api_v1, poll_dispatch_add, 8);
MTYPE(struct corosync_api_v1, poll_dispatch_add, int (*)(hdb_handle_t, int, int, void *, int (*)(hdb_handle_t, int, int, void *)));
OFFSET(struct corosync_api_v1, poll_dispatch_delete, 656);
MSIZE(struct corosync_api_v1, poll_dispatch_delete, 8);
MTYPE(struct corosync_api_v1, poll_dispatch_delete, int (*)(hdb_handle_t, int));

/* struct corosync_lib_handler */
SIZE(struct corosync_lib_handler, 16);
ALIGN(struct corosync_lib_handler, 8);
OFFSET(struct corosync_lib_handler, lib_handler_fn, 0);
MSIZE(struct corosync_lib_handler, lib_handler_fn, 8);
MTYPE(struct corosync_lib_handler, lib_handler_fn, void (*)(void *, const void *));
OFFSET(struct corosync_lib_handler, flow_control, 8);
MSIZE(struct corosync_lib_handler, flow_control, 4);
MTYPE(struct corosync_lib_handler, flow_control, enum cs_lib_flow_control);

/* struct corosync_exec_handler */
SIZE(struct corosync_exec_handler, 16);
ALIGN(struct corosync_exec_handler, 8);
OFFSET(struct corosync_exec_handler, exec_handler_fn, 0);
MSIZE(struct corosync_exec_handler, exec_handler_fn, 8);
MTYPE(struct corosync_exec_handler, exec_handler_fn, void (*)(const void *, unsigned int));
OFFSET(struct corosync_exec_handler, exec_endian_convert_fn, 8);
MSIZE(struct corosync_exec_handler, exec_endian_convert_fn, 8);
MTYPE(struct corosync_exec_handler, exec_endian_convert_fn, void (*)(void *));

/* struct corosync_service_engine_iface_ver0 */
SIZE(struct corosync_service_engine_iface_ver0, 8);
ALIGN(struct corosync_service_engine_iface_ver0, 8);
OFFSET(struct corosync_service_engine_iface_ver0, corosync_get_service_engine_ver0, 0);
MSIZE(struct corosync_service_engine_iface_ver0, corosync_get_service_engine_ver0, 8);
MTYPE(struct corosync_service_engine_iface_ver0, corosync_get_service_engine_ver0, struct corosync_service_engine *(*)(void));

/* struct corosync_service_engine */
SIZE(struct corosync_service_engine, 152);
ALIGN(struct corosync_service_engine, 8);
OFFSET(struct corosync_service_engine, name, 0);
MSIZE(struct corosync_service_engine, name, 8);
MTYPE(struct corosync_service_engine, name, const char *);
OFFSET(struct corosync_service_engine, id, 8);
MSIZE(struct corosync_service_engine, id, 2);
MTYPE(struct corosync_service_engine, id, short unsigned int);
OFFSET(struct corosync_service_engine, priority, 10);
MSIZE(struct corosync_service_engine, priority, 2);
MTYPE(struct corosync_service_engine, priority, short unsigned int);
OFFSET(struct corosync_service_engine, private_data_size, 12);
MSIZE(struct corosync_service_engine, private_data_size, 4);
MTYPE(struct corosync_service_engine, private_data_size, unsigned int);
OFFSET(struct corosync_service_engine, flow_control, 16);
MSIZE(struct corosync_service_engine, flow_control, 4);
MTYPE(struct corosync_service_engine, flow_control, enum cs_lib_flow_control);
OFFSET(struct corosync_service_engine, allow_inquorate, 20);
MSIZE(struct corosync_service_engine, allow_inquorate, 4);
MTYPE(struct corosync_service_engine, allow_inquorate, enum cs_lib_allow_inquorate);
OFFSET(struct corosync_service_engine, exec_init_fn, 24);
MSIZE(struct corosync_service_engine, exec_init_fn, 8);
MTYPE(struct corosync_service_engine, exec_init_fn, int (*)(struct corosync_api_v1 *));
OFFSET(struct corosync_service_engine, exec_exit_fn, 32);
MSIZE(struct corosync_service_engine, exec_exit_fn, 8);
MTYPE(struct corosync_service_engine, exec_exit_fn, int (*)(void));
OFFSET(struct corosync_service_engine, exec_dump_fn, 40);
MSIZE(struct corosync_service_engine, exec_dump_fn, 8);
MTYPE(struct corosync_service_engine, exec_dump_fn, void (*)(void));
OFFSET(struct corosync_service_engine, lib_init_fn, 48);
MSIZE(struct corosync_service_engine, lib_init_fn, 8);
MTYPE(struct corosync_service_engine, lib_init_fn, int (*)(void *));
OFFSET(struct corosync_service_engine, lib_exit_fn, 56);
MSIZE(struct corosync_service_engine, lib_exit_fn, 8);
MTYPE(struct corosync_service_engine, lib_exit_fn, int (*)(void *));
OFFSET(struct corosync_service_engine, lib_engine, 64);
MSIZE(struct corosync_service_engine, lib_engine, 8);
MTYPE(struct corosync_service_engine, lib_engine, struct corosync_lib_handler *);
OFFSET(struct corosync_service_engine, lib_engine_count, 72);
MSIZE(struct corosync_service_engine, lib_engine_count, 4);
MTYPE(struct corosync_service_engine, lib_engine_count, int);
OFFSET(struct corosync_service_engine, exec_engine, 80);
MSIZE(struct corosync_service_engine, exec_engine, 8);
MTYPE(struct corosync_service_engine, exec_engine, struct corosync_exec_handler *);
OFFSET(struct corosync_service_engine, exec_engine_count, 88);
MSIZE(struct corosync_service_engine, exec_engine_count, 4);
MTYPE(struct corosync_service_engine, exec_engine_count, int);
OFFSET(struct corosync_service_engine, config_init_fn, 96);
MSIZE(struct corosync_service_engine, config_init_fn, 8);
MTYPE(struct corosync_service_engine, config_init_fn, int (*)(struct corosync_api_v1 *));
OFFSET(struct corosync_service_engine, confchg_fn, 104);
MSIZE(struct corosync_service_engine, confchg_fn, 8);
MTYPE(struct corosync_service_engine, confchg_fn, void (*)(enum totem_configuration_type, const unsigned int *, size_t, const unsigned int *, size_t, const unsigned int *, size_t, const struct memb_ring_id *));
OFFSET(struct corosync_service_engine, sync_mode, 112);
MSIZE(struct corosync_service_engine, sync_mode, 4);
MTYPE(struct corosync_service_engine, sync_mode, enum cs_sync_mode);
OFFSET(struct corosync_service_engine, sync_init, 120);
MSIZE(struct corosync_service_engine, sync_init, 8);
MTYPE(struct corosync_service_engine, sync_init, sync_init_v1_fn_t);
OFFSET(struct corosync_service_engine, sync_process, 128);
MSIZE(struct corosync_service_engine, sync_process, 8);
MTYPE(struct corosync_service_engine, sync_process, int (*)(void));
OFFSET(struct corosync_service_engine, sync_activate, 136);
MSIZE(struct corosync_service_engine, sync_activate, 8);
MTYPE(struct corosync_service_engine, sync_activate, void (*)(void));
OFFSET(struct corosync_service_engine, sync_abort, 144);
MSIZE(struct corosync_service_engine, sync_abort, 8);
MTYPE(struct corosync_service_engine, sync_abort, void (*)(void));

/* typedef sync_init_v1_fn_t */
SIZE(sync_init_v1_fn_t, 8);
ALIGN(sync_init_v1_fn_t, 8);
TYPE(sync_init_v1_fn_t, void (*)(const unsigned int *, size_t, const struct memb_ring_id *));

/* macros */
#ifndef COROAPI_H_DEFINED
#error "COROAPI_H_DEFINED is not defined"
#endif
VALUE(TOTEMIP_ADDRLEN, 16UL);
TYPE_OF(TOTEMIP_ADDRLEN, unsigned long);
VALUE(INTERFACE_MAX, 2);
TYPE_OF(INTERFACE_MAX, int);
VALUE(PROCESSOR_COUNT_MAX, 384);
TYPE_OF(PROCESSOR_COUNT_MAX, int);
VALUE(MESSAGE_SIZE_MAX, 1048576);
TYPE_OF(MESSAGE_SIZE_MAX, int);
#ifndef MESSAGE_QUEUE_MAX
#error "MESSAGE_QUEUE_MAX is not defined"
#endif
VALUE(TOTEM_AGREED, 0);
TYPE_OF(TOTEM_AGREED, int);
VALUE(TOTEM_SAFE, 1);
TYPE_OF(TOTEM_SAFE, int);
VALUE(MILLI_2_NANO_SECONDS, 1000000ULL);
TYPE_OF(MILLI_2_NANO_SECONDS, unsigned long long);
#ifndef corosync_lib_flow_control
#error "corosync_lib_flow_control is not defined"
#endif
VALUE(COROSYNC_LIB_FLOW_CONTROL_REQUIRED, 1);
TYPE_OF(COROSYNC_LIB_FLOW_CONTROL_REQUIRED, int);
VALUE(COROSYNC_LIB_FLOW_CONTROL_NOT_REQUIRED, 2);
TYPE_OF(COROSYNC_LIB_FLOW_CONTROL_NOT_REQUIRED, int);
#ifndef corosync_flow_control_state
#error "corosync_flow_control_state is not defined"
#endif
VALUE(CS_FLOW_CONTROL_STATE_DISABLED, 0);
TYPE_OF(CS_FLOW_CONTROL_STATE_DISABLED, int);
VALUE(CS_FLOW_CONTROL_STATE_ENABLED, 1);
TYPE_OF(CS_FLOW_CONTROL_STATE_ENABLED, int);
#ifndef corosync_fatal_error_t
#error "corosync_fatal_error_t is not defined"
#endif
VALUE(OBJECT_PARENT_HANDLE, 18446744069414584320ULL);
TYPE_OF(OBJECT_PARENT_HANDLE, unsigned long long);
#ifndef corosync_fatal_error
#error "corosync_fatal_error is not defined"
#endif
#ifndef SERVICE_ID_MAKE
#error "SERVICE_ID_MAKE is not defined"
#endif
VALUE(SERVICE_HANDLER_MAXIMUM_COUNT, 64);
TYPE_OF(SERVICE_HANDLER_MAXIMUM_COUNT, int);
