/*
 * corosync-rs: totem/coropoll.h
 *
 * The daemon's poll loop: file descriptor dispatch and millisecond timers
 * attached to a poll instance handle.
 */

#ifndef POLL_H_DEFINED
#define POLL_H_DEFINED

#include <corosync/hdb.h>
#include <pthread.h>
#include <stdlib.h>

#ifdef __cplusplus
extern "C" {
#endif

/* called when the process runs short of (or recovers) file descriptors */
typedef void (*poll_low_fds_event_fn) (int32_t not_enough, int32_t fds_available);

typedef void * poll_timer_handle;

hdb_handle_t poll_create (void);

int poll_destroy (hdb_handle_t hdb_handle);

/* events/revents are poll(2) bits */
int poll_dispatch_add (
    hdb_handle_t handle,
    int fd,
    int events,
    void *data,
    int (*dispatch_fn) (hdb_handle_t handle,
        int fd,
        int revents,
        void *data));

int poll_dispatch_modify (
    hdb_handle_t handle,
    int fd,
    int events,
    int (*dispatch_fn) (hdb_handle_t poll_handle,
        int fd,
        int revents,
        void *data));

int poll_dispatch_delete (
    hdb_handle_t handle,
    int fd);

int poll_low_fds_event_set (
    hdb_handle_t handle,
    poll_low_fds_event_fn fn);

int poll_timer_add (
    hdb_handle_t handle,
    int msec_in_future, void *data,
    void (*timer_fn) (void *data),
    poll_timer_handle *timer_handle_out);

int poll_timer_delete (
    hdb_handle_t handle,
    poll_timer_handle timer_handle);

/* runs until poll_stop */
int poll_run (
    hdb_handle_t handle);

int poll_stop (
    hdb_handle_t handle);

#ifdef __cplusplus
}
#endif

#endif /* POLL_H_DEFINED */
