/*
 * ABI pin for <corosync/hdb.h> (x86_64 / LP64).
 *
 * Every number below was measured from corosync 1.4.10 as installed; a
 * failing assert means our header no longer matches it.  Regenerate only
 * from a fresh measurement (gen/gen_abi.py), never by editing numbers
 * to fit.
 */
#include <stddef.h>
#include <corosync/hdb.h>
#include "abi_check.h"

/* typedef hdb_handle_t */
SIZE(hdb_handle_t, 8);
ALIGN(hdb_handle_t, 8);
TYPE(hdb_handle_t, uint64_t);

/* enum HDB_HANDLE_STATE */
SIZE(enum HDB_HANDLE_STATE, 4);
VALUE(HDB_HANDLE_STATE_EMPTY, 0);
VALUE(HDB_HANDLE_STATE_PENDINGREMOVAL, 1);
VALUE(HDB_HANDLE_STATE_ACTIVE, 2);

/* struct hdb_handle */
SIZE(struct hdb_handle, 24);
ALIGN(struct hdb_handle, 8);
OFFSET(struct hdb_handle, state, 0);
MSIZE(struct hdb_handle, state, 4);
MTYPE(struct hdb_handle, state, int);
OFFSET(struct hdb_handle, instance, 8);
MSIZE(struct hdb_handle, instance, 8);
MTYPE(struct hdb_handle, instance, void *);
OFFSET(struct hdb_handle, check, 16);
MSIZE(struct hdb_handle, check, 4);
MTYPE(struct hdb_handle, check, int);
OFFSET(struct hdb_handle, ref_count, 20);
MSIZE(struct hdb_handle, ref_count, 4);
MTYPE(struct hdb_handle, ref_count, int);

/* struct hdb_handle_database */
SIZE(struct hdb_handle_database, 80);
ALIGN(struct hdb_handle_database, 8);
OFFSET(struct hdb_handle_database, handle_count, 0);
MSIZE(struct hdb_handle_database, handle_count, 4);
MTYPE(struct hdb_handle_database, handle_count, unsigned int);
OFFSET(struct hdb_handle_database, handles, 8);
MSIZE(struct hdb_handle_database, handles, 8);
MTYPE(struct hdb_handle_database, handles, struct hdb_handle *);
OFFSET(struct hdb_handle_database, iterator, 16);
MSIZE(struct hdb_handle_database, iterator, 4);
MTYPE(struct hdb_handle_database, iterator, unsigned int);
OFFSET(struct hdb_handle_database, destructor, 24);
MSIZE(struct hdb_handle_database, destructor, 8);
MTYPE(struct hdb_handle_database, destructor, void (*)(void *));
OFFSET(struct hdb_handle_database, lock, 32);
MSIZE(struct hdb_handle_database, lock, 40);
MTYPE(struct hdb_handle_database, lock, pthread_mutex_t);
OFFSET(struct hdb_handle_database, first_run, 72);
MSIZE(struct hdb_handle_database, first_run, 4);
MTYPE(struct hdb_handle_database, first_run, unsigned int);

/* macros */
#ifndef HDB_H_DEFINED
#error "HDB_H_DEFINED is not defined"
#endif
#ifndef _GNU_SOURCE
#error "_GNU_SOURCE is not defined"
#endif
STRING(HDB_D_FORMAT, "%lu");
STRING(HDB_X_FORMAT, "%lx");
#ifndef DECLARE_HDB_DATABASE
#error "DECLARE_HDB_DATABASE is not defined"
#endif
