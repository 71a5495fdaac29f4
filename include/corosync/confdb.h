/*
 * corosync-rs: confdb.h
 *
 * Configuration database client API (libconfdb): a tree of named objects
 * carrying key/value pairs, with change tracking.
 */

#ifndef COROSYNC_CONFDB_H_DEFINED
#define COROSYNC_CONFDB_H_DEFINED

#include <corosync/corotypes.h>
#include <corosync/hdb.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef uint64_t confdb_handle_t;

/* handle of the root object */
#define OBJECT_PARENT_HANDLE 0xFFFFFFFF00000000ULL

typedef enum {
    CONFDB_VALUETYPE_INT16,
    CONFDB_VALUETYPE_UINT16,
    CONFDB_VALUETYPE_INT32,
    CONFDB_VALUETYPE_UINT32,
    CONFDB_VALUETYPE_INT64,
    CONFDB_VALUETYPE_UINT64,
    CONFDB_VALUETYPE_FLOAT,
    CONFDB_VALUETYPE_DOUBLE,
    CONFDB_VALUETYPE_STRING,
    CONFDB_VALUETYPE_ANY,
} confdb_value_types_t;

typedef enum {
    CONFDB_TRACK_DEPTH_ONE,
    CONFDB_TRACK_DEPTH_RECURSIVE
} confdb_track_depth_t;

typedef enum {
    OBJECT_KEY_CREATED,
    OBJECT_KEY_REPLACED,
    OBJECT_KEY_DELETED,
} confdb_change_type_t;

typedef enum {
    CONFDB_RELOAD_NOTIFY_START,
    CONFDB_RELOAD_NOTIFY_END,
    CONFDB_RELOAD_NOTIFY_FAILED
} confdb_reload_type_t;

typedef void (*confdb_key_change_notify_fn_t) (
    confdb_handle_t handle,
    confdb_change_type_t change_type,
    hdb_handle_t parent_object_handle,
    hdb_handle_t object_handle,
    const void *object_name,
    size_t object_name_len,
    const void *key_name,
    size_t key_name_len,
    const void *key_value,
    size_t key_value_len);

typedef void (*confdb_object_create_notify_fn_t) (
    confdb_handle_t handle,
    hdb_handle_t parent_object_handle,
    hdb_handle_t object_handle,
    const void *name_pt,
    size_t name_len);

typedef void (*confdb_object_delete_notify_fn_t) (
    confdb_handle_t handle,
    hdb_handle_t parent_object_handle,
    const void *name_pt,
    size_t name_len);

typedef void (*confdb_reload_notify_fn_t) (
    confdb_handle_t handle,
    confdb_reload_type_t type);

typedef struct {
    confdb_object_create_notify_fn_t confdb_object_create_change_notify_fn;
    confdb_object_delete_notify_fn_t confdb_object_delete_change_notify_fn;
    confdb_key_change_notify_fn_t confdb_key_change_notify_fn;
    confdb_reload_notify_fn_t confdb_reload_notify_fn;
} confdb_callbacks_t;

/* session */

cs_error_t confdb_initialize (
    confdb_handle_t *handle,
    confdb_callbacks_t *callbacks);

cs_error_t confdb_finalize (
    confdb_handle_t handle);

/* save the live configuration; on failure error_text explains why */
cs_error_t confdb_write (
    confdb_handle_t handle,
    char *error_text,
    size_t errbuf_len);

cs_error_t confdb_reload (
    confdb_handle_t handle,
    int flush,
    char *error_text,
    size_t errbuf_len);

cs_error_t confdb_fd_get (
    confdb_handle_t handle,
    int *fd);

cs_error_t confdb_dispatch (
    confdb_handle_t handle,
    cs_dispatch_flags_t dispatch_types);

/* change tracking; flags is a confdb_track_depth_t */

cs_error_t confdb_track_changes (
    confdb_handle_t handle,
    hdb_handle_t object_handle,
    unsigned int flags);

cs_error_t confdb_stop_track_changes (
    confdb_handle_t handle);

/* objects */

cs_error_t confdb_object_create (
    confdb_handle_t handle,
    hdb_handle_t parent_object_handle,
    const void *object_name,
    size_t object_name_len,
    hdb_handle_t *object_handle);

cs_error_t confdb_object_destroy (
    confdb_handle_t handle,
    hdb_handle_t object_handle);

cs_error_t confdb_object_parent_get (
    confdb_handle_t handle,
    hdb_handle_t object_handle,
    hdb_handle_t *parent_object_handle);

cs_error_t confdb_object_name_get (
    confdb_handle_t handle,
    hdb_handle_t object_handle,
    char *object_name,
    size_t *object_name_len);

/* keys */

cs_error_t confdb_key_create (
    confdb_handle_t handle,
    hdb_handle_t parent_object_handle,
    const void *key_name,
    size_t key_name_len,
    const void *value,
    size_t value_len);

cs_error_t confdb_key_create_typed (
    confdb_handle_t handle,
    hdb_handle_t parent_object_handle,
    const char *key_name,
    const void *value,
    size_t value_len,
    confdb_value_types_t type);

cs_error_t confdb_key_delete (
    confdb_handle_t handle,
    hdb_handle_t parent_object_handle,
    const void *key_name,
    size_t key_name_len,
    const void *value,
    size_t value_len);

cs_error_t confdb_key_get (
    confdb_handle_t handle,
    hdb_handle_t parent_object_handle,
    const void *key_name,
    size_t key_name_len,
    void *value,
    size_t *value_len);

cs_error_t confdb_key_get_typed (
    confdb_handle_t handle,
    hdb_handle_t parent_object_handle,
    const char *key_name,
    void *value,
    size_t *value_len,
    confdb_value_types_t *type);

/* as confdb_key_get_typed, but *value is allocated by the library when NULL */
cs_error_t confdb_key_get_typed2 (
    confdb_handle_t handle,
    hdb_handle_t parent_object_handle,
    const char *key_name,
    void **value,
    size_t *value_len,
    confdb_value_types_t *type);

cs_error_t confdb_key_replace (
    confdb_handle_t handle,
    hdb_handle_t parent_object_handle,
    const void *key_name,
    size_t key_name_len,
    const void *old_value,
    size_t old_value_len,
    const void *new_value,
    size_t new_value_len);

cs_error_t confdb_key_increment (
    confdb_handle_t handle,
    hdb_handle_t parent_object_handle,
    const void *key_name,
    size_t key_name_len,
    unsigned int *value);

cs_error_t confdb_key_decrement (
    confdb_handle_t handle,
    hdb_handle_t parent_object_handle,
    const void *key_name,
    size_t key_name_len,
    unsigned int *value);

/*
 * Object lookup: "find" visits only children with a given name,
 * "iter" visits every child in turn.
 */

cs_error_t confdb_object_find_start (
    confdb_handle_t handle,
    hdb_handle_t parent_object_handle);

cs_error_t confdb_object_find (
    confdb_handle_t handle,
    hdb_handle_t parent_object_handle,
    const void *object_name,
    size_t object_name_len,
    hdb_handle_t *object_handle);

cs_error_t confdb_object_find_destroy (
    confdb_handle_t handle,
    hdb_handle_t parent_object_handle);

cs_error_t confdb_object_iter_start (
    confdb_handle_t handle,
    hdb_handle_t parent_object_handle);

cs_error_t confdb_object_iter (
    confdb_handle_t handle,
    hdb_handle_t parent_object_handle,
    hdb_handle_t *object_handle,
    void *object_name,
    size_t *object_name_len);

cs_error_t confdb_object_iter_destroy (
    confdb_handle_t handle,
    hdb_handle_t parent_object_handle);

/* key iteration */

cs_error_t confdb_key_iter_start (
    confdb_handle_t handle,
    hdb_handle_t object_handle);

cs_error_t confdb_key_iter (
    confdb_handle_t handle,
    hdb_handle_t parent_object_handle,
    void *key_name,
    size_t *key_name_len,
    void *value,
    size_t *value_len);

cs_error_t confdb_key_iter_typed (
    confdb_handle_t handle,
    hdb_handle_t parent_object_handle,
    char *key_name,
    void *value,
    size_t *value_len,
    confdb_value_types_t *type);

cs_error_t confdb_key_iter_typed2 (
    confdb_handle_t handle,
    hdb_handle_t parent_object_handle,
    char *key_name,
    void **value,
    size_t *value_len,
    confdb_value_types_t *type);

/* per-handle user pointer */

cs_error_t confdb_context_get (
    confdb_handle_t handle,
    const void **context);

cs_error_t confdb_context_set (
    confdb_handle_t handle,
    const void *context);

#ifdef __cplusplus
}
#endif

#endif /* COROSYNC_CONFDB_H_DEFINED */
