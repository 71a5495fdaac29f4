/*
 * ABI pin for <corosync/cfg.h> (x86_64 / LP64).
 *
 * Every number below was measured from corosync 1.4.10 as installed; a
 * failing assert means our header no longer matches it.  Regenerate only
 * from a fresh measurement (gen/gen_abi.py), never by editing numbers
 * to fit.
 */
#include <stddef.h>
#include <corosync/cfg.h>
#include "abi_check.h"

/* typedef corosync_cfg_handle_t */
SIZE(corosync_cfg_handle_t, 8);
ALIGN(corosync_cfg_handle_t, 8);
TYPE(corosync_cfg_handle_t, uint64_t);

/* enum for corosync_cfg_administrative_target_t */
VALUE(COROSYNC_CFG_ADMINISTRATIVETARGET_SERVICEUNIT, 0);
VALUE(COROSYNC_CFG_ADMINISTRATIVETARGET_SERVICEGROUP, 1);
VALUE(COROSYNC_CFG_ADMINISTRATIVETARGET_COMPONENTSERVICEINSTANCE, 2);
VALUE(COROSYNC_CFG_ADMINISTRATIVETARGET_NODE, 3);

/* typedef corosync_cfg_administrative_target_t */
SIZE(corosync_cfg_administrative_target_t, 4);
ALIGN(corosync_cfg_administrative_target_t, 4);

/* enum for corosync_cfg_administrative_state_t */
VALUE(COROSYNC_CFG_ADMINISTRATIVESTATE_UNLOCKED, 0);
VALUE(COROSYNC_CFG_ADMINISTRATIVESTATE_LOCKED, 1);
VALUE(COROSYNC_CFG_ADMINISTRATIVESTATE_STOPPING, 2);

/* typedef corosync_cfg_administrative_state_t */
SIZE(corosync_cfg_administrative_state_t, 4);
ALIGN(corosync_cfg_administrative_state_t, 4);

/* enum for corosync_cfg_operational_state_t */
VALUE(COROSYNC_CFG_OPERATIONALSTATE_ENABLED, 1);
VALUE(COROSYNC_CFG_OPERATIONALSTATE_DISABLED, 2);

/* typedef corosync_cfg_operational_state_t */
SIZE(corosync_cfg_operational_state_t, 4);
ALIGN(corosync_cfg_operational_state_t, 4);

/* enum for corosync_cfg_readiness_state_t */
VALUE(COROSYNC_CFG_READINESSSTATE_OUTOFSERVICE, 1);
VALUE(COROSYNC_CFG_READINESSSTATE_INSERVICE, 2);
VALUE(COROSYNC_CFG_READINESSSTATE_STOPPING, 3);

/* typedef corosync_cfg_readiness_state_t */
SIZE(corosync_cfg_readiness_state_t, 4);
ALIGN(corosync_cfg_readiness_state_t, 4);

/* enum for corosync_cfg_presence_state_t */
VALUE(COROSYNC_CFG_PRESENCESTATE_UNINSTANTIATED, 1);
VALUE(COROSYNC_CFG_PRESENCESTATE_INSTANTIATING, 2);
VALUE(COROSYNC_CFG_PRESENCESTATE_INSTANTIATED, 3);
VALUE(COROSYNC_CFG_PRESENCESTATE_TERMINATING, 4);
VALUE(COROSYNC_CFG_PRESENCESTATE_RESTARTING, 5);
VALUE(COROSYNC_CFG_PRESENCESTATE_INSTANTIATION_FAILED, 6);
VALUE(COROSYNC_CFG_PRESENCESTATE_TERMINATION_FAILED, 7);

/* typedef corosync_cfg_presence_state_t */
SIZE(corosync_cfg_presence_state_t, 4);
ALIGN(corosync_cfg_presence_state_t, 4);

/* enum for corosync_cfg_state_type_t */
VALUE(COROSYNC_CFG_STATETYPE_OPERATIONAL, 0);
VALUE(COROSYNC_CFG_STATETYPE_ADMINISTRATIVE, 1);
VALUE(COROSYNC_CFG_STATETYPE_READINESS, 2);
VALUE(COROSYNC_CFG_STATETYPE_HA, 3);
VALUE(COROSYNC_CFG_STATETYPE_PRESENCE, 4);

/* typedef corosync_cfg_state_type_t */
SIZE(corosync_cfg_state_type_t, 4);
ALIGN(corosync_cfg_state_type_t, 4);

/* enum for corosync_cfg_shutdown_flags_t */
VALUE(COROSYNC_CFG_SHUTDOWN_FLAG_REQUEST, 0);
VALUE(COROSYNC_CFG_SHUTDOWN_FLAG_REGARDLESS, 1);
VALUE(COROSYNC_CFG_SHUTDOWN_FLAG_IMMEDIATE, 2);

/* typedef corosync_cfg_shutdown_flags_t */
SIZE(corosync_cfg_shutdown_flags_t, 4);
ALIGN(corosync_cfg_shutdown_flags_t, 4);

/* enum for corosync_cfg_shutdown_reply_flags_t */
VALUE(COROSYNC_CFG_SHUTDOWN_FLAG_NO, 0);
VALUE(COROSYNC_CFG_SHUTDOWN_FLAG_YES, 1);

/* typedef corosync_cfg_shutdown_reply_flags_t */
SIZE(corosync_cfg_shutdown_reply_flags_t, 4);
ALIGN(corosync_cfg_shutdown_reply_flags_t, 4);

/* corosync_cfg_state_notification_t */
SIZE(corosync_cfg_state_notification_t, 268);
ALIGN(corosync_cfg_state_notification_t, 4);
OFFSET(corosync_cfg_state_notification_t, name, 0);
MSIZE(corosync_cfg_state_notification_t, name, 258);
MTYPE(corosync_cfg_state_notification_t, name, cs_name_t);
OFFSET(corosync_cfg_state_notification_t, state_type, 260);
MSIZE(corosync_cfg_state_notification_t, state_type, 4);
MTYPE(corosync_cfg_state_notification_t, state_type, corosync_cfg_state_type_t);
OFFSET(corosync_cfg_state_notification_t, administrative_state, 264);
MSIZE(corosync_cfg_state_notification_t, administrative_state, 4);
MTYPE(corosync_cfg_state_notification_t, administrative_state, corosync_cfg_administrative_state_t);

/* corosync_cfg_state_notification_buffer_t */
SIZE(corosync_cfg_state_notification_buffer_t, 16);
ALIGN(corosync_cfg_state_notification_buffer_t, 8);
OFFSET(corosync_cfg_state_notification_buffer_t, number_of_items, 0);
MSIZE(corosync_cfg_state_notification_buffer_t, number_of_items, 4);
MTYPE(corosync_cfg_state_notification_buffer_t, number_of_items, uint32_t);
OFFSET(corosync_cfg_state_notification_buffer_t, notification, 8);
MSIZE(corosync_cfg_state_notification_buffer_t, notification, 8);
MTYPE(corosync_cfg_state_notification_buffer_t, notification, corosync_cfg_state_notification_t *);

/* typedef corosync_cfg_state_track_callback_t */
SIZE(corosync_cfg_state_track_callback_t, 8);
ALIGN(corosync_cfg_state_track_callback_t, 8);
TYPE(corosync_cfg_state_track_callback_t, void (*)(corosync_cfg_state_notification_buffer_t *, cs_error_t));

/* typedef corosync_cfg_shutdown_callback_t */
SIZE(corosync_cfg_shutdown_callback_t, 8);
ALIGN(corosync_cfg_shutdown_callback_t, 8);
TYPE(corosync_cfg_shutdown_callback_t, void (*)(corosync_cfg_handle_t, corosync_cfg_shutdown_flags_t));

/* corosync_cfg_callbacks_t */
SIZE(corosync_cfg_callbacks_t, 16);
ALIGN(corosync_cfg_callbacks_t, 8);
OFFSET(corosync_cfg_callbacks_t, corosync_cfg_state_track_callback, 0);
MSIZE(corosync_cfg_callbacks_t, corosync_cfg_state_track_callback, 8);
MTYPE(corosync_cfg_callbacks_t, corosync_cfg_state_track_callback, corosync_cfg_state_track_callback_t);
OFFSET(corosync_cfg_callbacks_t, corosync_cfg_shutdown_callback, 8);
MSIZE(corosync_cfg_callbacks_t, corosync_cfg_shutdown_callback, 8);
MTYPE(corosync_cfg_callbacks_t, corosync_cfg_shutdown_callback, corosync_cfg_shutdown_callback_t);

/* corosync_cfg_node_address_t */
SIZE(corosync_cfg_node_address_t, 32);
ALIGN(corosync_cfg_node_address_t, 4);
OFFSET(corosync_cfg_node_address_t, address_length, 0);
MSIZE(corosync_cfg_node_address_t, address_length, 4);
MTYPE(corosync_cfg_node_address_t, address_length, int);
OFFSET(corosync_cfg_node_address_t, address, 4);
MSIZE(corosync_cfg_node_address_t, address, 28);
MTYPE(corosync_cfg_node_address_t, address, char[28]);

/* macros */
#ifndef COROSYNC_CFG_H_DEFINED
#error "COROSYNC_CFG_H_DEFINED is not defined"
#endif
