/*
 * ABI pin for <corosync/coroipcs.h> (x86_64 / LP64).
 *
 * Every number below was measured from corosync 1.4.10 as installed; a
 * failing assert means our header no longer matches it.  Regenerate only
 * from a fresh measurement (gen/gen_abi.py), never by editing numbers
 * to fit.
 */
#include <stddef.h>
#include <corosync/coroipcs.h>
#include "abi_check.h"

/* typedef coroipcs_init_fn_lvalue */
SIZE(coroipcs_init_fn_lvalue, 8);
ALIGN(coroipcs_init_fn_lvalue, 8);
TYPE(coroipcs_init_fn_lvalue, int (*)(void *));

/* typedef coroipcs_exit_fn_lvalue */
SIZE(coroipcs_exit_fn_lvalue, 8);
ALIGN(coroipcs_exit_fn_lvalue, 8);
TYPE(coroipcs_exit_fn_lvalue, int (*)(void *));

/* typedef coroipcs_handler_fn_lvalue */
SIZE(coroipcs_handler_fn_lvalue, 8);
ALIGN(coroipcs_handler_fn_lvalue, 8);
TYPE(coroipcs_handler_fn_lvalue, void (*)(void *, const void *));

/* struct coroipcs_init_state */
SIZE(struct coroipcs_init_state, 168);
ALIGN(struct coroipcs_init_state, 8);
OFFSET(struct coroipcs_init_state, socket_name, 0);
MSIZE(struct coroipcs_init_state, socket_name, 8);
MTYPE(struct coroipcs_init_state, socket_name, const char *);
OFFSET(struct coroipcs_init_state, sched_policy, 8);
MSIZE(struct coroipcs_init_state, sched_policy, 4);
MTYPE(struct coroipcs_init_state, sched_policy, int);
OFFSET(struct coroipcs_init_state, sched_param, 16);
MSIZE(struct coroipcs_init_state, sched_param, 8);
MTYPE(struct coroipcs_init_state, sched_param, const struct sched_param *);
OFFSET(struct coroipcs_init_state, malloc, 24);
MSIZE(struct coroipcs_init_state, malloc, 8);
MTYPE(struct coroipcs_init_state, malloc, void *(*)(size_t));
OFFSET(struct coroipcs_init_state, free, 32);
MSIZE(struct coroipcs_init_state, free, 8);
MTYPE(struct coroipcs_init_state, free, void (*)(void *));
OFFSET(struct coroipcs_init_state, log_printf, 40);
MSIZE(struct coroipcs_init_state, log_printf, 8);
MTYPE(struct coroipcs_init_state, log_printf, void (*)(const char *, ...));
OFFSET(struct coroipcs_init_state, service_available, 48);
MSIZE(struct coroipcs_init_state, service_available, 8);
MTYPE(struct coroipcs_init_state, service_available, int (*)(unsigned int));
OFFSET(struct coroipcs_init_state, private_data_size_get, 56);
MSIZE(struct coroipcs_init_state, private_data_size_get, 8);
MTYPE(struct coroipcs_init_state, private_data_size_get, int (*)(unsigned int));
OFFSET(struct coroipcs_init_state, security_valid, 64);
MSIZE(struct coroipcs_init_state, security_valid, 8);
MTYPE(struct coroipcs_init_state, security_valid, int (*)(int, int));
OFFSET(struct coroipcs_init_state, serialize_lock, 72);
MSIZE(struct coroipcs_init_state, serialize_lock, 8);
MTYPE(struct coroipcs_init_state, serialize_lock, void (*)(void));
OFFSET(struct coroipcs_init_state, serialize_unlock, 80);
MSIZE(struct coroipcs_init_state, serialize_unlock, 8);
MTYPE(struct coroipcs_init_state, serialize_unlock, void (*)(void));
OFFSET(struct coroipcs_init_state, sending_allowed, 88);
MSIZE(struct coroipcs_init_state, sending_allowed, 8);
MTYPE(struct coroipcs_init_state, sending_allowed, int (*)(unsigned int, unsigned int, const void *, void *));
OFFSET(struct coroipcs_init_state, sending_allowed_release, 96);
MSIZE(struct coroipcs_init_state, sending_allowed_release, 8);
MTYPE(struct coroipcs_init_state, sending_allowed_release, void (*)(void *));
OFFSET(struct coroipcs_init_state, poll_accept_add, 104);
MSIZE(struct coroipcs_init_state, poll_accept_add, 8);
MTYPE(struct coroipcs_init_state, poll_accept_add, void (*)(int));
OFFSET(struct coroipcs_init_state, poll_dispatch_add, 112);
MSIZE(struct coroipcs_init_state, poll_dispatch_add, 8);
MTYPE(struct coroipcs_init_state, poll_dispatch_add, void (*)(int, void *));
OFFSET(struct coroipcs_init_state, poll_dispatch_modify, 120);
MSIZE(struct coroipcs_init_state, poll_dispatch_modify, 8);
MTYPE(struct coroipcs_init_state, poll_dispatch_modify, void (*)(int, int));
OFFSET(struct coroipcs_init_state, poll_dispatch_destroy, 128);
MSIZE(struct coroipcs_init_state, poll_dispatch_destroy, 8);
MTYPE(struct coroipcs_init_state, poll_dispatch_destroy, void (*)(int, void *));
OFFSET(struct coroipcs_init_state, fatal_error, 136);
MSIZE(struct coroipcs_init_state, fatal_error, 8);
struct layout_ref_struct_coroipcs_init_state_fatal_error { void (*m)(const char *) __attribute__((noreturn)); };
MTYPE(struct coroipcs_init_state, fatal_error, __typeof__(((struct layout_ref_struct_coroipcs_init_state_fatal_error *)0)->m));
OFFSET(struct coroipcs_init_state, init_fn_get, 144);
MSIZE(struct coroipcs_init_state, init_fn_get, 8);
MTYPE(struct coroipcs_init_state, init_fn_get, coroipcs_init_fn_lvalue (*)(unsigned int));
OFFSET(struct coroipcs_init_state, exit_fn_get, 152);
MSIZE(struct coroipcs_init_state, exit_fn_get, 8);
MTYPE(struct coroipcs_init_state, exit_fn_get, coroipcs_exit_fn_lvalue (*)(unsigned int));
OFFSET(struct coroipcs_init_state, handler_fn_get, 160);
MSIZE(struct coroipcs_init_state, handler_fn_get, 8);
MTYPE(struct coroipcs_init_state, handler_fn_get, coroipcs_handler_fn_lvalue (*)(unsigned int, unsigned int));

/* struct coroipcs_init_state_v2 */
SIZE(struct coroipcs_init_state_v2, 224);
ALIGN(struct coroipcs_init_state_v2, 8);
OFFSET(struct coroipcs_init_state_v2, socket_name, 0);
MSIZE(struct coroipcs_init_state_v2, socket_name, 8);
MTYPE(struct coroipcs_init_state_v2, socket_name, const char *);
OFFSET(struct coroipcs_init_state_v2, sched_policy, 8);
MSIZE(struct coroipcs_init_state_v2, sched_policy, 4);
MTYPE(struct coroipcs_init_state_v2, sched_policy, int);
OFFSET(struct coroipcs_init_state_v2, sched_param, 16);
MSIZE(struct coroipcs_init_state_v2, sched_param, 8);
MTYPE(struct coroipcs_init_state_v2, sched_param, const struct sched_param *);
OFFSET(struct coroipcs_init_state_v2, malloc, 24);
MSIZE(struct coroipcs_init_state_v2, malloc, 8);
MTYPE(struct coroipcs_init_state_v2, malloc, void *(*)(size_t));
OFFSET(struct coroipcs_init_state_v2, free, 32);
MSIZE(struct coroipcs_init_state_v2, free, 8);
MTYPE(struct coroipcs_init_state_v2, free, void (*)(void *));
OFFSET(struct coroipcs_init_state_v2, old_log_printf, 40);
MSIZE(struct coroipcs_init_state_v2, old_log_printf, 8);
MTYPE(struct coroipcs_init_state_v2, old_log_printf, void (*)(const char *, ...));
OFFSET(struct coroipcs_init_state_v2, service_available, 48);
MSIZE(struct coroipcs_init_state_v2, service_available, 8);
MTYPE(struct coroipcs_init_state_v2, service_available, int (*)(unsigned int));
OFFSET(struct coroipcs_init_state_v2, private_data_size_get, 56);
MSIZE(struct coroipcs_init_state_v2, private_data_size_get, 8);
MTYPE(struct coroipcs_init_state_v2, private_data_size_get, int (*)(unsigned int));
OFFSET(struct coroipcs_init_state_v2, security_valid, 64);
MSIZE(struct coroipcs_init_state_v2, security_valid, 8);
MTYPE(struct coroipcs_init_state_v2, security_valid, int (*)(int, int));
OFFSET(struct coroipcs_init_state_v2, serialize_lock, 72);
MSIZE(struct coroipcs_init_state_v2, serialize_lock, 8);
MTYPE(struct coroipcs_init_state_v2, serialize_lock, void (*)(void));
OFFSET(struct coroipcs_init_state_v2, serialize_unlock, 80);
MSIZE(struct coroipcs_init_state_v2, serialize_unlock, 8);
MTYPE(struct coroipcs_init_state_v2, serialize_unlock, void (*)(void));
OFFSET(struct coroipcs_init_state_v2, sending_allowed, 88);
MSIZE(struct coroipcs_init_state_v2, sending_allowed, 8);
MTYPE(struct coroipcs_init_state_v2, sending_allowed, int (*)(unsigned int, unsigned int, const void *, void *));
OFFSET(struct coroipcs_init_state_v2, sending_allowed_release, 96);
MSIZE(struct coroipcs_init_state_v2, sending_allowed_release, 8);
MTYPE(struct coroipcs_init_state_v2, sending_allowed_release, void (*)(void *));
OFFSET(struct coroipcs_init_state_v2, poll_accept_add, 104);
MSIZE(struct coroipcs_init_state_v2, poll_accept_add, 8);
MTYPE(struct coroipcs_init_state_v2, poll_accept_add, void (*)(int));
OFFSET(struct coroipcs_init_state_v2, poll_dispatch_add, 112);
MSIZE(struct coroipcs_init_state_v2, poll_dispatch_add, 8);
MTYPE(struct coroipcs_init_state_v2, poll_dispatch_add, void (*)(int, void *));
OFFSET(struct coroipcs_init_state_v2, poll_dispatch_modify, 120);
MSIZE(struct coroipcs_init_state_v2, poll_dispatch_modify, 8);
MTYPE(struct coroipcs_init_state_v2, poll_dispatch_modify, void (*)(int, int));
OFFSET(struct coroipcs_init_state_v2, poll_dispatch_destroy, 128);
MSIZE(struct coroipcs_init_state_v2, poll_dispatch_destroy, 8);
MTYPE(struct coroipcs_init_state_v2, poll_dispatch_destroy, void (*)(int, void *));
OFFSET(struct coroipcs_init_state_v2, fatal_error, 136);
MSIZE(struct coroipcs_init_state_v2, fatal_error, 8);
struct layout_ref_struct_coroipcs_init_state_v2_fatal_error { void (*m)(const char *) __attribute__((noreturn)); };
MTYPE(struct coroipcs_init_state_v2, fatal_error, __typeof__(((struct layout_ref_struct_coroipcs_init_state_v2_fatal_error *)0)->m));
OFFSET(struct coroipcs_init_state_v2, init_fn_get, 144);
MSIZE(struct coroipcs_init_state_v2, init_fn_get, 8);
MTYPE(struct coroipcs_init_state_v2, init_fn_get, coroipcs_init_fn_lvalue (*)(unsigned int));
OFFSET(struct coroipcs_init_state_v2, exit_fn_get, 152);
MSIZE(struct coroipcs_init_state_v2, exit_fn_get, 8);
MTYPE(struct coroipcs_init_state_v2, exit_fn_get, coroipcs_exit_fn_lvalue (*)(unsigned int));
OFFSET(struct coroipcs_init_state_v2, handler_fn_get, 160);
MSIZE(struct coroipcs_init_state_v2, handler_fn_get, 8);
MTYPE(struct coroipcs_init_state_v2, handler_fn_get, coroipcs_handler_fn_lvalue (*)(unsigned int, unsigned int));
OFFSET(struct coroipcs_init_state_v2, stats_create_connection, 168);
MSIZE(struct coroipcs_init_state_v2, stats_create_connection, 8);
MTYPE(struct coroipcs_init_state_v2, stats_create_connection, hdb_handle_t (*)(const char *, pid_t, int));
OFFSET(struct coroipcs_init_state_v2, stats_destroy_connection, 176);
MSIZE(struct coroipcs_init_state_v2, stats_destroy_connection, 8);
MTYPE(struct coroipcs_init_state_v2, stats_destroy_connection, void (*)(hdb_handle_t));
OFFSET(struct coroipcs_init_state_v2, stats_update_value, 184);
MSIZE(struct coroipcs_init_state_v2, stats_update_value, 8);
MTYPE(struct coroipcs_init_state_v2, stats_update_value, void (*)(hdb_handle_t, const char *, const void *, size_t));
OFFSET(struct coroipcs_init_state_v2, stats_increment_value, 192);
MSIZE(struct coroipcs_init_state_v2, stats_increment_value, 8);
MTYPE(struct coroipcs_init_state_v2, stats_increment_value, void (*)(hdb_handle_t, const char *));
OFFSET(struct coroipcs_init_state_v2, log_printf, 200);
MSIZE(struct coroipcs_init_state_v2, log_printf, 8);
MTYPE(struct coroipcs_init_state_v2, log_printf, void (*)(unsigned int, const char *, const char *, int, const char *, ...));
OFFSET(struct coroipcs_init_state_v2, log_subsys_id, 208);
MSIZE(struct coroipcs_init_state_v2, log_subsys_id, 4);
MTYPE(struct coroipcs_init_state_v2, log_subsys_id, int);
OFFSET(struct coroipcs_init_state_v2, stats_decrement_value, 216);
MSIZE(struct coroipcs_init_state_v2, stats_decrement_value, 8);
MTYPE(struct coroipcs_init_state_v2, stats_decrement_value, void (*)(hdb_handle_t, const char *));

/* macros */
#ifndef COROIPCS_H_DEFINED
#error "COROIPCS_H_DEFINED is not defined"
#endif
