/*
 * corosync-rs: hdb.h
 *
 * Handle database: maps opaque 64 bit handles onto reference counted heap
 * instances.  Header only; everything here is static inline.
 *
 * Handle encoding: the upper 32 bits hold a random check value, the lower
 * 32 bits the slot index.  A check value of 0xffffffff matches any slot
 * (see hdb_nocheck_convert).
 */

#ifndef HDB_H_DEFINED
#define HDB_H_DEFINED

/* callers of this header have historically relied on GNU extensions */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <errno.h>
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <stdint.h>
#include <inttypes.h>

typedef uint64_t hdb_handle_t;

/* printf conversions for hdb_handle_t (decimal / hex) */
#define HDB_D_FORMAT "%" PRIu64
#define HDB_X_FORMAT "%" PRIx64

enum HDB_HANDLE_STATE {
    HDB_HANDLE_STATE_EMPTY,
    HDB_HANDLE_STATE_PENDINGREMOVAL,
    HDB_HANDLE_STATE_ACTIVE
};

/* one slot of the table */
struct hdb_handle {
    int state;          /* enum HDB_HANDLE_STATE */
    void *instance;
    int check;
    int ref_count;
};

struct hdb_handle_database {
    unsigned int handle_count;      /* slots allocated in handles[] */
    struct hdb_handle *handles;
    unsigned int iterator;          /* cursor for hdb_iterator_next */
    void (*destructor) (void *);    /* run on an instance before it is freed */
    pthread_mutex_t lock;
    unsigned int first_run;         /* 1: lock not yet initialised */
};

static inline void hdb_database_lock (pthread_mutex_t *mutex)
{
    pthread_mutex_lock (mutex);
}

static inline void hdb_database_unlock (pthread_mutex_t *mutex)
{
    pthread_mutex_unlock (mutex);
}

static inline void hdb_database_lock_init (pthread_mutex_t *mutex)
{
    pthread_mutex_init (mutex, NULL);
}

static inline void hdb_database_lock_destroy (pthread_mutex_t *mutex)
{
    pthread_mutex_destroy (mutex);
}

/*
 * Defines a file-scope database.  Its mutex is set up lazily by the first
 * operation on it (first_run), so no explicit hdb_create() is needed.
 */
#define DECLARE_HDB_DATABASE(database_name, destructor_function) \
    static struct hdb_handle_database database_name = {         \
        .handle_count = 0,                                       \
        .handles = NULL,                                         \
        .iterator = 0,                                           \
        .destructor = destructor_function,                       \
        .first_run = 1                                           \
    };

/*
 * Every operation below first sets up the mutex if the database was
 * declared with DECLARE_HDB_DATABASE and has not been used yet.
 *
 * A handle is accepted when its slot index is inside the table and its
 * check value either equals the slot's or is the wildcard 0xffffffff.
 */

static inline void hdb_create (
    struct hdb_handle_database *handle_database)
{
    memset (handle_database, 0, sizeof (*handle_database));
    hdb_database_lock_init (&handle_database->lock);
}

static inline void hdb_destroy (
    struct hdb_handle_database *handle_database)
{
    free (handle_database->handles);
    hdb_database_lock_destroy (&handle_database->lock);
    memset (handle_database, 0, sizeof (*handle_database));
}

/*
 * Allocates a zeroed instance of instance_size bytes with a reference count
 * of one.  Returns 0, or -1 with errno = ENOMEM.
 */
static inline int hdb_handle_create (
    struct hdb_handle_database *handle_database,
    int instance_size,
    hdb_handle_t *handle_id_out)
{
    struct hdb_handle_database *db = handle_database;
    unsigned int slot;
    unsigned int check = 0;
    void *instance;
    int tries;

    if (db->first_run == 1) {
        db->first_run = 0;
        hdb_database_lock_init (&db->lock);
    }
    hdb_database_lock (&db->lock);

    /* reuse the first free slot, else append one */
    for (slot = 0; slot < db->handle_count; slot++) {
        if (db->handles[slot].state == HDB_HANDLE_STATE_EMPTY) {
            break;
        }
    }
    if (slot == db->handle_count) {
        struct hdb_handle *grown;

        grown = (struct hdb_handle *)realloc (db->handles,
            sizeof (struct hdb_handle) * ((size_t)db->handle_count + 1));
        if (grown == NULL) {
            hdb_database_unlock (&db->lock);
            errno = ENOMEM;
            return (-1);
        }
        memset (&grown[slot], 0, sizeof (struct hdb_handle));
        db->handles = grown;
        db->handle_count += 1;
    }

    instance = malloc ((size_t)instance_size);
    if (instance == NULL) {
        hdb_database_unlock (&db->lock);
        errno = ENOMEM;
        return (-1);
    }
    memset (instance, 0, (size_t)instance_size);

    /* 0 and all-ones are reserved check values; retry a bounded number of times */
    for (tries = 0; tries < 200; tries++) {
        check = (unsigned int)random ();
        if (check != 0 && check != 0xffffffffU) {
            break;
        }
    }

    db->handles[slot].state = HDB_HANDLE_STATE_ACTIVE;
    db->handles[slot].instance = instance;
    db->handles[slot].ref_count = 1;
    db->handles[slot].check = (int)check;

    *handle_id_out = ((hdb_handle_t)check << 32) | (hdb_handle_t)slot;

    hdb_database_unlock (&db->lock);
    return (0);
}

/* Takes a reference on an active handle.  Returns 0 or -1 (errno EBADF). */
static inline int hdb_handle_get (
    struct hdb_handle_database *handle_database,
    hdb_handle_t handle_in,
    void **instance)
{
    struct hdb_handle_database *db = handle_database;
    unsigned int check = (unsigned int)(handle_in >> 32);
    unsigned int slot = (unsigned int)(handle_in & 0xffffffffULL);

    if (db->first_run == 1) {
        db->first_run = 0;
        hdb_database_lock_init (&db->lock);
    }
    hdb_database_lock (&db->lock);

    *instance = NULL;
    if (slot >= db->handle_count ||
        db->handles[slot].state != HDB_HANDLE_STATE_ACTIVE ||
        (check != 0xffffffffU &&
         check != (unsigned int)db->handles[slot].check)) {
        hdb_database_unlock (&db->lock);
        errno = EBADF;
        return (-1);
    }

    *instance = db->handles[slot].instance;
    db->handles[slot].ref_count += 1;

    hdb_database_unlock (&db->lock);
    return (0);
}

/* As hdb_handle_get, but also succeeds while removal is pending. */
static inline int hdb_handle_get_always (
    struct hdb_handle_database *handle_database,
    hdb_handle_t handle_in,
    void **instance)
{
    struct hdb_handle_database *db = handle_database;
    unsigned int check = (unsigned int)(handle_in >> 32);
    unsigned int slot = (unsigned int)(handle_in & 0xffffffffULL);

    if (db->first_run == 1) {
        db->first_run = 0;
        hdb_database_lock_init (&db->lock);
    }
    hdb_database_lock (&db->lock);

    *instance = NULL;
    if (slot >= db->handle_count ||
        db->handles[slot].state == HDB_HANDLE_STATE_EMPTY ||
        (check != 0xffffffffU &&
         check != (unsigned int)db->handles[slot].check)) {
        hdb_database_unlock (&db->lock);
        errno = EBADF;
        return (-1);
    }

    *instance = db->handles[slot].instance;
    db->handles[slot].ref_count += 1;

    hdb_database_unlock (&db->lock);
    return (0);
}

/*
 * Drops a reference.  When the count reaches zero the destructor (if any)
 * runs, the instance is freed and the slot becomes empty.
 */
static inline int hdb_handle_put (
    struct hdb_handle_database *handle_database,
    hdb_handle_t handle_in)
{
    struct hdb_handle_database *db = handle_database;
    unsigned int check = (unsigned int)(handle_in >> 32);
    unsigned int slot = (unsigned int)(handle_in & 0xffffffffULL);
    struct hdb_handle *entry;

    if (db->first_run == 1) {
        db->first_run = 0;
        hdb_database_lock_init (&db->lock);
    }
    hdb_database_lock (&db->lock);

    if (slot >= db->handle_count ||
        (check != 0xffffffffU &&
         check != (unsigned int)db->handles[slot].check)) {
        hdb_database_unlock (&db->lock);
        errno = EBADF;
        return (-1);
    }

    entry = &db->handles[slot];
    entry->ref_count -= 1;
    assert (entry->ref_count >= 0);

    if (entry->ref_count == 0) {
        if (db->destructor != NULL) {
            db->destructor (entry->instance);
        }
        free (entry->instance);
        memset (entry, 0, sizeof (*entry));
    }

    hdb_database_unlock (&db->lock);
    return (0);
}

/*
 * Marks the handle for removal (new hdb_handle_get calls fail) and drops
 * the creation reference.
 */
static inline int hdb_handle_destroy (
    struct hdb_handle_database *handle_database,
    hdb_handle_t handle_in)
{
    struct hdb_handle_database *db = handle_database;
    unsigned int check = (unsigned int)(handle_in >> 32);
    unsigned int slot = (unsigned int)(handle_in & 0xffffffffULL);

    if (db->first_run == 1) {
        db->first_run = 0;
        hdb_database_lock_init (&db->lock);
    }
    hdb_database_lock (&db->lock);

    if (slot >= db->handle_count ||
        (check != 0xffffffffU &&
         check != (unsigned int)db->handles[slot].check)) {
        hdb_database_unlock (&db->lock);
        errno = EBADF;
        return (-1);
    }
    db->handles[slot].state = HDB_HANDLE_STATE_PENDINGREMOVAL;
    hdb_database_unlock (&db->lock);

    return (hdb_handle_put (db, handle_in));
}

/* Current reference count, or -1 (errno EBADF). */
static inline int hdb_handle_refcount_get (
    struct hdb_handle_database *handle_database,
    hdb_handle_t handle_in)
{
    struct hdb_handle_database *db = handle_database;
    unsigned int check = (unsigned int)(handle_in >> 32);
    unsigned int slot = (unsigned int)(handle_in & 0xffffffffULL);
    int count;

    if (db->first_run == 1) {
        db->first_run = 0;
        hdb_database_lock_init (&db->lock);
    }
    hdb_database_lock (&db->lock);

    if (slot >= db->handle_count ||
        (check != 0xffffffffU &&
         check != (unsigned int)db->handles[slot].check)) {
        hdb_database_unlock (&db->lock);
        errno = EBADF;
        return (-1);
    }
    count = db->handles[slot].ref_count;

    hdb_database_unlock (&db->lock);
    return (count);
}

static inline void hdb_iterator_reset (
    struct hdb_handle_database *handle_database)
{
    handle_database->iterator = 0;
}

/*
 * Advances the iterator to the next active slot, taking a reference on it
 * (release with hdb_handle_put).  Returns 0, or -1 once the table is
 * exhausted.
 */
static inline int hdb_iterator_next (
    struct hdb_handle_database *handle_database,
    void **instance,
    hdb_handle_t *handle)
{
    struct hdb_handle_database *db = handle_database;
    int result = -1;

    while (db->iterator < db->handle_count) {
        unsigned int pos = db->iterator;

        *handle = ((hdb_handle_t)(unsigned int)db->handles[pos].check << 32) |
                  (hdb_handle_t)pos;
        result = hdb_handle_get (db, *handle, instance);
        db->iterator += 1;
        if (result == 0) {
            break;
        }
    }
    return (result);
}

/* slot index part of a handle */
static inline unsigned int hdb_base_convert (hdb_handle_t handle)
{
    return ((unsigned int)(handle & 0xffffffffULL));
}

/* builds a handle for slot `handle' that bypasses the check value */
static inline unsigned long long hdb_nocheck_convert (unsigned int handle)
{
    return ((0xffffffffULL << 32) | (unsigned long long)handle);
}

#endif /* HDB_H_DEFINED */
