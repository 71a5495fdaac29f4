/*
 * ABI pin for <corosync/confdb.h> (x86_64 / LP64).
 *
 * Every number below was measured from corosync 1.4.10 as installed; a
 * failing assert means our header no longer matches it.  Regenerate only
 * from a fresh measurement (gen/gen_abi.py), never by editing numbers
 * to fit.
 */
#include <stddef.h>
#include <corosync/confdb.h>
#include "abi_check.h"

/* typedef confdb_handle_t */
SIZE(confdb_handle_t, 8);
ALIGN(confdb_handle_t, 8);
TYPE(confdb_handle_t, uint64_t);

/* enum for confdb_value_types_t */
VALUE(CONFDB_VALUETYPE_INT16, 0);
VALUE(CONFDB_VALUETYPE_UINT16, 1);
VALUE(CONFDB_VALUETYPE_INT32, 2);
VALUE(CONFDB_VALUETYPE_UINT32, 3);
VALUE(CONFDB_VALUETYPE_INT64, 4);
VALUE(CONFDB_VALUETYPE_UINT64, 5);
VALUE(CONFDB_VALUETYPE_FLOAT, 6);
VALUE(CONFDB_VALUETYPE_DOUBLE, 7);
VALUE(CONFDB_VALUETYPE_STRING, 8);
VALUE(CONFDB_VALUETYPE_ANY, 9);

/* typedef confdb_value_types_t */
SIZE(confdb_value_types_t, 4);
ALIGN(confdb_value_types_t, 4);

/* enum for confdb_track_depth_t */
VALUE(CONFDB_TRACK_DEPTH_ONE, 0);
VALUE(CONFDB_TRACK_DEPTH_RECURSIVE, 1);

/* typedef confdb_track_depth_t */
SIZE(confdb_track_depth_t, 4);
ALIGN(confdb_track_depth_t, 4);

/* enum for confdb_change_type_t */
VALUE(OBJECT_KEY_CREATED, 0);
VALUE(OBJECT_KEY_REPLACED, 1);
VALUE(OBJECT_KEY_DELETED, 2);

/* typedef confdb_change_type_t */
SIZE(confdb_change_type_t, 4);
ALIGN(confdb_change_type_t, 4);

/* enum for confdb_reload_type_t */
VALUE(CONFDB_RELOAD_NOTIFY_START, 0);
VALUE(CONFDB_RELOAD_NOTIFY_END, 1);
VALUE(CONFDB_RELOAD_NOTIFY_FAILED, 2);

/* typedef confdb_reload_type_t */
SIZE(confdb_reload_type_t, 4);
ALIGN(confdb_reload_type_t, 4);

/* typedef confdb_key_change_notify_fn_t */
SIZE(confdb_key_change_notify_fn_t, 8);
ALIGN(confdb_key_change_notify_fn_t, 8);
TYPE(confdb_key_change_notify_fn_t, void (*)(confdb_handle_t, confdb_change_type_t, hdb_handle_t, hdb_handle_t, const void *, size_t, const void *, size_t, const void *, size_t));

/* typedef confdb_object_create_notify_fn_t */
SIZE(confdb_object_create_notify_fn_t, 8);
ALIGN(confdb_object_create_notify_fn_t, 8);
TYPE(confdb_object_create_notify_fn_t, void (*)(confdb_handle_t, hdb_handle_t, hdb_handle_t, const void *, size_t));

/* typedef confdb_object_delete_notify_fn_t */
SIZE(confdb_object_delete_notify_fn_t, 8);
ALIGN(confdb_object_delete_notify_fn_t, 8);
TYPE(confdb_object_delete_notify_fn_t, void (*)(confdb_handle_t, hdb_handle_t, const void *, size_t));

/* typedef confdb_reload_notify_fn_t */
SIZE(confdb_reload_notify_fn_t, 8);
ALIGN(confdb_reload_notify_fn_t, 8);
TYPE(confdb_reload_notify_fn_t, void (*)(confdb_handle_t, confdb_reload_type_t));

/* confdb_callbacks_t */
SIZE(confdb_callbacks_t, 32);
ALIGN(confdb_callbacks_t, 8);
OFFSET(confdb_callbacks_t, confdb_object_create_change_notify_fn, 0);
MSIZE(confdb_callbacks_t, confdb_object_create_change_notify_fn, 8);
MTYPE(confdb_callbacks_t, confdb_object_create_change_notify_fn, confdb_object_create_notify_fn_t);
OFFSET(confdb_callbacks_t, confdb_object_delete_change_notify_fn, 8);
MSIZE(confdb_callbacks_t, confdb_object_delete_change_notify_fn, 8);
MTYPE(confdb_callbacks_t, confdb_object_delete_change_notify_fn, confdb_object_delete_notify_fn_t);
OFFSET(confdb_callbacks_t, confdb_key_change_notify_fn, 16);
MSIZE(confdb_callbacks_t, confdb_key_change_notify_fn, 8);
MTYPE(confdb_callbacks_t, confdb_key_change_notify_fn, confdb_key_change_notify_fn_t);
OFFSET(confdb_callbacks_t, confdb_reload_notify_fn, 24);
MSIZE(confdb_callbacks_t, confdb_reload_notify_fn, 8);
MTYPE(confdb_callbacks_t, confdb_reload_notify_fn, confdb_reload_notify_fn_t);

/* macros */
#ifndef COROSYNC_CONFDB_H_DEFINED
#error "COROSYNC_CONFDB_H_DEFINED is not defined"
#endif
VALUE(OBJECT_PARENT_HANDLE, 18446744069414584320ULL);
TYPE_OF(OBJECT_PARENT_HANDLE, unsigned long long);
