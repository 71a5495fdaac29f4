/*
 * ABI pin for <corosync/engine/objdb.h> (x86_64 / LP64).
 *
 * Every number below was measured from corosync 1.4.10 as installed; a
 * failing assert means our header no longer matches it.  Regenerate only
 * from a fresh measurement (gen/gen_abi.py), never by editing numbers
 * to fit.
 */
#include <stddef.h>
#include <corosync/engine/objdb.h>
#include "abi_check.h"

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

/* typedef object_reload_notify_fn_t */
SIZE(object_reload_notify_fn_t, 8);
ALIGN(object_reload_notify_fn_t, 8);
TYPE(object_reload_notify_fn_t, void (*)(objdb_reload_notify_type_t, int, void *));

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

/* struct objdb_iface_ver0 */
SIZE(struct objdb_iface_ver0, 248);
ALIGN(struct objdb_iface_ver0, 8);
OFFSET(struct objdb_iface_ver0, objdb_init, 0);
MSIZE(struct objdb_iface_ver0, objdb_init, 8);
MTYPE(struct objdb_iface_ver0, objdb_init, int (*)(void));
OFFSET(struct objdb_iface_ver0, object_create, 8);
MSIZE(struct objdb_iface_ver0, object_create, 8);
MTYPE(struct objdb_iface_ver0, object_create, int (*)(hdb_handle_t, hdb_handle_t *, const void *, size_t));
OFFSET(struct objdb_iface_ver0, object_priv_set, 16);
MSIZE(struct objdb_iface_ver0, object_priv_set, 8);
MTYPE(struct objdb_iface_ver0, object_priv_set, int (*)(hdb_handle_t, void *));
OFFSET(struct objdb_iface_ver0, object_key_create, 24);
MSIZE(struct objdb_iface_ver0, object_key_create, 8);
MTYPE(struct objdb_iface_ver0, object_key_create, int (*)(hdb_handle_t, const void *, size_t, const void *, size_t));
OFFSET(struct objdb_iface_ver0, object_destroy, 32);
MSIZE(struct objdb_iface_ver0, object_destroy, 8);
MTYPE(struct objdb_iface_ver0, object_destroy, int (*)(hdb_handle_t));
OFFSET(struct objdb_iface_ver0, object_valid_set, 40);
MSIZE(struct objdb_iface_ver0, object_valid_set, 8);
MTYPE(struct objdb_iface_ver0, object_valid_set, int (*)(hdb_handle_t, struct object_valid *, size_t));
OFFSET(struct objdb_iface_ver0, object_key_valid_set, 48);
MSIZE(struct objdb_iface_ver0, object_key_valid_set, 8);
MTYPE(struct objdb_iface_ver0, object_key_valid_set, int (*)(hdb_handle_t, struct object_key_valid *, size_t));
OFFSET(struct objdb_iface_ver0, object_find_create, 56);
MSIZE(struct objdb_iface_ver0, object_find_create, 8);
MTYPE(struct objdb_iface_ver0, object_find_create, int (*)(hdb_handle_t, const void *, size_t, hdb_handle_t *));
OFFSET(struct objdb_iface_ver0, object_find_next, 64);
MSIZE(struct objdb_iface_ver0, object_find_next, 8);
MTYPE(struct objdb_iface_ver0, object_find_next, int (*)(hdb_handle_t, hdb_handle_t *));
OFFSET(struct objdb_iface_ver0, object_find_destroy, 72);
MSIZE(struct objdb_iface_ver0, object_find_destroy, 8);
MTYPE(struct objdb_iface_ver0, object_find_destroy, int (*)(hdb_handle_t));
OFFSET(struct objdb_iface_ver0, object_key_get, 80);
MSIZE(struct objdb_iface_ver0, object_key_get, 8);
MTYPE(struct objdb_iface_ver0, object_key_get, int (*)(hdb_handle_t, const void *, size_t, void **, size_t *));
OFFSET(struct objdb_iface_ver0, object_priv_get, 88);
MSIZE(struct objdb_iface_ver0, object_priv_get, 8);
MTYPE(struct objdb_iface_ver0, object_priv_get, int (*)(hdb_handle_t, void **));
OFFSET(struct objdb_iface_ver0, object_key_replace, 96);
MSIZE(struct objdb_iface_ver0, object_key_replace, 8);
MTYPE(struct objdb_iface_ver0, object_key_replace, int (*)(hdb_handle_t, const void *, size_t, const void *, size_t));
OFFSET(struct objdb_iface_ver0, object_key_delete, 104);
MSIZE(struct objdb_iface_ver0, object_key_delete, 8);
MTYPE(struct objdb_iface_ver0, object_key_delete, int (*)(hdb_handle_t, const void *, size_t));
OFFSET(struct objdb_iface_ver0, object_iter_reset, 112);
MSIZE(struct objdb_iface_ver0, object_iter_reset, 8);
MTYPE(struct objdb_iface_ver0, object_iter_reset, int (*)(hdb_handle_t));
OFFSET(struct objdb_iface_ver0, object_iter, 120);
MSIZE(struct objdb_iface_ver0, object_iter, 8);
MTYPE(struct objdb_iface_ver0, object_iter, int (*)(hdb_handle_t, void **, size_t *, hdb_handle_t *));
OFFSET(struct objdb_iface_ver0, object_key_iter_reset, 128);
MSIZE(struct objdb_iface_ver0, object_key_iter_reset, 8);
MTYPE(struct objdb_iface_ver0, object_key_iter_reset, int (*)(hdb_handle_t));
OFFSET(struct objdb_iface_ver0, object_key_iter, 136);
MSIZE(struct objdb_iface_ver0, object_key_iter, 8);
MTYPE(struct objdb_iface_ver0, object_key_iter, int (*)(hdb_handle_t, void **, size_t *, void **, size_t *));
OFFSET(struct objdb_iface_ver0, object_parent_get, 144);
MSIZE(struct objdb_iface_ver0, object_parent_get, 8);
MTYPE(struct objdb_iface_ver0, object_parent_get, int (*)(hdb_handle_t, hdb_handle_t *));
OFFSET(struct objdb_iface_ver0, object_name_get, 152);
MSIZE(struct objdb_iface_ver0, object_name_get, 8);
MTYPE(struct objdb_iface_ver0, object_name_get, int (*)(hdb_handle_t, char *, size_t *));
OFFSET(struct objdb_iface_ver0, object_dump, 160);
MSIZE(struct objdb_iface_ver0, object_dump, 8);
MTYPE(struct objdb_iface_ver0, object_dump, int (*)(hdb_handle_t, FILE *));
OFFSET(struct objdb_iface_ver0, object_key_iter_from, 168);
MSIZE(struct objdb_iface_ver0, object_key_iter_from, 8);
MTYPE(struct objdb_iface_ver0, object_key_iter_from, int (*)(hdb_handle_t, hdb_handle_t, void **, size_t *, void **, size_t *));
OFFSET(struct objdb_iface_ver0, object_track_start, 176);
MSIZE(struct objdb_iface_ver0, object_track_start, 8);
MTYPE(struct objdb_iface_ver0, object_track_start, int (*)(hdb_handle_t, object_track_depth_t, object_key_change_notify_fn_t, object_create_notify_fn_t, object_destroy_notify_fn_t, object_reload_notify_fn_t, void *));
OFFSET(struct objdb_iface_ver0, object_track_stop, 184);
MSIZE(struct objdb_iface_ver0, object_track_stop, 8);
MTYPE(struct objdb_iface_ver0, object_track_stop, void (*)(object_key_change_notify_fn_t, object_create_notify_fn_t, object_destroy_notify_fn_t, object_reload_notify_fn_t, void *));
OFFSET(struct objdb_iface_ver0, object_write_config, 192);
MSIZE(struct objdb_iface_ver0, object_write_config, 8);
MTYPE(struct objdb_iface_ver0, object_write_config, int (*)(const char **));
OFFSET(struct objdb_iface_ver0, object_reload_config, 200);
MSIZE(struct objdb_iface_ver0, object_reload_config, 8);
MTYPE(struct objdb_iface_ver0, object_reload_config, int (*)(int, const char **));
OFFSET(struct objdb_iface_ver0, object_key_increment, 208);
MSIZE(struct objdb_iface_ver0, object_key_increment, 8);
MTYPE(struct objdb_iface_ver0, object_key_increment, int (*)(hdb_handle_t, const void *, size_t, unsigned int *));
OFFSET(struct objdb_iface_ver0, object_key_decrement, 216);
MSIZE(struct objdb_iface_ver0, object_key_decrement, 8);
MTYPE(struct objdb_iface_ver0, object_key_decrement, int (*)(hdb_handle_t, const void *, size_t, unsigned int *));
OFFSET(struct objdb_iface_ver0, object_key_create_typed, 224);
MSIZE(struct objdb_iface_ver0, object_key_create_typed, 8);
MTYPE(struct objdb_iface_ver0, object_key_create_typed, int (*)(hdb_handle_t, const char *, const void *, size_t, objdb_value_types_t));
OFFSET(struct objdb_iface_ver0, object_key_get_typed, 232);
MSIZE(struct objdb_iface_ver0, object_key_get_typed, 8);
MTYPE(struct objdb_iface_ver0, object_key_get_typed, int (*)(hdb_handle_t, const char *, void **, size_t *, objdb_value_types_t *));
OFFSET(struct objdb_iface_ver0, object_key_iter_typed, 240);
MSIZE(struct objdb_iface_ver0, object_key_iter_typed, 8);
MTYPE(struct objdb_iface_ver0, object_key_iter_typed, int (*)(hdb_handle_t, char **, void **, size_t *, objdb_value_types_t *));

/* macros */
#ifndef OBJDB_H_DEFINED
#error "OBJDB_H_DEFINED is not defined"
#endif
VALUE(OBJECT_PARENT_HANDLE, 18446744069414584320ULL);
TYPE_OF(OBJECT_PARENT_HANDLE, unsigned long long);
