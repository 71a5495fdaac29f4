/*
 * corosync-rs: engine/config.h
 *
 * Interface of configuration reader components (e.g. the corosync.conf
 * parser): they fill and persist the object database.
 * Include corosync/engine/objdb.h first.
 */

#ifndef CONFIG_H_DEFINED
#define CONFIG_H_DEFINED

struct config_iface_ver0 {
    int (*config_readconfig) (struct objdb_iface_ver0 *objdb, const char **error_string);
    int (*config_writeconfig) (struct objdb_iface_ver0 *objdb, const char **error_string);
    int (*config_reloadconfig) (struct objdb_iface_ver0 *objdb, int flush, const char **error_string);
};

#endif /* CONFIG_H_DEFINED */
