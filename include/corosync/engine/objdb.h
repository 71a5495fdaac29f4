/*
 * corosync-rs: engine/objdb.h
 *
 * In-daemon object database interface (the backend of confdb), as seen by
 * service engines and configuration plugins.
 *
 * Note: shares several names with engine/coroapi.h and corosync/confdb.h
 * (OBJDB_VALUETYPE_*, OBJECT_KEY_*); do not combine it with confdb.h.
 */

#ifndef OBJDB_H_DEFINED
#define OBJDB_H_DEFINED

/* handle of the root object; coroapi.h tests this name to avoid redefinitions */
#define OBJECT_PARENT_HANDLE 0xFFFFFFFF00000000ULL

#include <stdio.h>
#include <corosync/hdb.h>

typedef enum {
    OBJDB_VALUETYPE_INT16,
    OBJDB_VALUETYPE_UINT16,
    OBJDB_VALUETYPE_INT32,
    OBJDB_VALUETYPE_UINT32,
    OBJDB_VALUETYPE_INT64,
    OBJDB_VALUETYPE_UINT64,
    OBJDB_VALUETYPE_FLOAT,
    OBJDB_VALUETYPE_DOUBLE,
    OBJDB_VALUETYPE_STRING,
    OBJDB_VALUETYPE_ANY,
} objdb_value_types_t;

typedef enum {
    OBJECT_TRACK_DEPTH_ONE,
    OBJECT_TRACK_DEPTH_RECURSIVE
} object_track_depth_t;

typedef enum {
    OBJECT_KEY_CREATED,
    OBJECT_KEY_REPLACED,
    OBJECT_KEY_DELETED
} object_change_type_t;

typedef enum {
    OBJDB_RELOAD_NOTIFY_START,
    OBJDB_RELOAD_NOTIFY_END,
    OBJDB_RELOAD_NOTIFY_FAILED
} objdb_reload_notify_type_t;

typedef void (*object_key_change_notify_fn_t) (
    object_change_type_t change_type,
    hdb_handle_t parent_object_handle,
    hdb_handle_t object_handle,
    const void *object_name_pt, size_t object_name_len,
    const void *key_name_pt, size_t key_len,
    const void *key_value_pt, size_t key_value_len,
    void *priv_data_pt);

typedef void (*object_create_notify_fn_t) (
    hdb_handle_t parent_object_handle,
    hdb_handle_t object_handle,
    const void *name_pt, size_t name_len,
    void *priv_data_pt);

typedef void (*object_destroy_notify_fn_t) (
    hdb_handle_t parent_object_handle,
    const void *name_pt, size_t name_len,
    void *priv_data_pt);

typedef void (*object_reload_notify_fn_t) (
    objdb_reload_notify_type_t type,
    int flush,
    void *priv_data_pt);

/* allowed child object names */
struct object_valid {
    char *object_name;
    size_t object_len;
};

/* allowed key names, with an optional value checker */
struct object_key_valid {
    char *key_name;
    size_t key_len;
    int (*validate_callback) (const void *key, size_t key_len,
                              const void *value, size_t value_len);
};

/* operations table exported by the objdb component (31 entries) */
struct objdb_iface_ver0 {
    int (*objdb_init) (void);

    int (*object_create) (
        hdb_handle_t parent_object_handle,
        hdb_handle_t *object_handle,
        const void *object_name,
        size_t object_name_len);

    int (*object_priv_set) (
        hdb_handle_t object_handle,
        void *priv);

    int (*object_key_create) (
        hdb_handle_t object_handle,
        const void *key_name,
        size_t key_len,
        const void *value,
        size_t value_len);

    int (*object_destroy) (
        hdb_handle_t object_handle);

    int (*object_valid_set) (
        hdb_handle_t object_handle,
        struct object_valid *object_valid_list,
        size_t object_valid_list_entries);

    int (*object_key_valid_set) (
        hdb_handle_t object_handle,
        struct object_key_valid *object_key_valid_list,
        size_t object_key_valid_list_entries);

    int (*object_find_create) (
        hdb_handle_t parent_object_handle,
        const void *object_name,
        size_t object_name_len,
        hdb_handle_t *object_find_handle);

    int (*object_find_next) (
        hdb_handle_t object_find_handle,
        hdb_handle_t *object_handle);

    int (*object_find_destroy) (
        hdb_handle_t object_find_handle);

    int (*object_key_get) (
        hdb_handle_t object_handle,
        const void *key_name,
        size_t key_len,
        void **value,
        size_t *value_len);

    int (*object_priv_get) (
        hdb_handle_t object_handle,
        void **priv);

    int (*object_key_replace) (
        hdb_handle_t object_handle,
        const void *key_name,
        size_t key_len,
        const void *new_value,
        size_t new_value_len);

    int (*object_key_delete) (
        hdb_handle_t object_handle,
        const void *key_name,
        size_t key_len);

    int (*object_iter_reset) (
        hdb_handle_t parent_object_handle);

    int (*object_iter) (
        hdb_handle_t parent_object_handle,
        void **object_name,
        size_t *name_len,
        hdb_handle_t *object_handle);

    int (*object_key_iter_reset) (
        hdb_handle_t object_handle);

    int (*object_key_iter) (
        hdb_handle_t parent_object_handle,
        void **key_name,
        size_t *key_len,
        void **value,
        size_t *value_len);

    int (*object_parent_get) (
        hdb_handle_t object_handle,
        hdb_handle_t *parent_handle);

    int (*object_name_get) (
        hdb_handle_t object_handle,
        char *object_name,
        size_t *object_name_len);

    int (*object_dump) (
        hdb_handle_t object_handle,
        FILE *file);

    int (*object_key_iter_from) (
        hdb_handle_t parent_object_handle,
        hdb_handle_t start_pos,
        void **key_name,
        size_t *key_len,
        void **value,
        size_t *value_len);

    int (*object_track_start) (
        hdb_handle_t object_handle,
        object_track_depth_t depth,
        object_key_change_notify_fn_t key_change_notify_fn,
        object_create_notify_fn_t object_create_notify_fn,
        object_destroy_notify_fn_t object_destroy_notify_fn,
        object_reload_notify_fn_t object_reload_notify_fn,
        void *priv_data_pt);

    void (*object_track_stop) (
        object_key_change_notify_fn_t key_change_notify_fn,
        object_create_notify_fn_t object_create_notify_fn,
        object_destroy_notify_fn_t object_destroy_notify_fn,
        object_reload_notify_fn_t object_reload_notify_fn,
        void *priv_data_pt);

    int (*object_write_config) (const char **error_string);

    int (*object_reload_config) (
        int flush,
        const char **error_string);

    int (*object_key_increment) (
        hdb_handle_t object_handle,
        const void *key_name,
        size_t key_len,
        unsigned int *value);

    int (*object_key_decrement) (
        hdb_handle_t object_handle,
        const void *key_name,
        size_t key_len,
        unsigned int *value);

    int (*object_key_create_typed) (
        hdb_handle_t object_handle,
        const char *key_name,
        const void *value,
        size_t value_len,
        objdb_value_types_t type);

    int (*object_key_get_typed) (
        hdb_handle_t object_handle,
        const char *key_name,
        void **value,
        size_t *value_len,
        objdb_value_types_t *type);

    int (*object_key_iter_typed) (
        hdb_handle_t parent_object_handle,
        char **key_name,
        void **value,
        size_t *value_len,
        objdb_value_types_t *type);
};

#endif /* OBJDB_H_DEFINED */
