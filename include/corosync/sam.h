/*
 * corosync-rs: sam.h
 *
 * Simple Availability Manager (libsam): the library forks a watchdog
 * parent that restarts or stops the application when it fails or stops
 * reporting health within the configured interval.
 */

#ifndef COROSYNC_SAM_H_DEFINED
#define COROSYNC_SAM_H_DEFINED

#include <corosync/corotypes.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    SAM_RECOVERY_POLICY_QUIT = 1,
    SAM_RECOVERY_POLICY_RESTART = 2,
} sam_recovery_policy_t;

/* event driven health check: return 0 when healthy */
typedef int (*sam_hc_callback_t) (void);

/*
 * Must be called first.  time_interval is the health check period in
 * milliseconds (0: only detect exit).  Errors: CS_ERR_BAD_HANDLE when
 * already initialised, CS_ERR_INVALID_PARAM for an unknown policy.
 */
cs_error_t sam_initialize (
    int time_interval,
    sam_recovery_policy_t recovery_policy);

/* stop checking for good; no further sam_start is possible */
cs_error_t sam_finalize (void);

/* begin expecting sam_hc_send (or the callback) every interval */
cs_error_t sam_start (void);

/* suspend checking; may alternate with sam_start freely */
cs_error_t sam_stop (void);

/* signal sent before SIGKILL on failure (SIGTERM unless changed) */
cs_error_t sam_warn_signal_set (int warn_signal);

/*
 * Forks the watchdog; after a recovery restart execution resumes here in
 * the new child.  instance_id (may be NULL) receives the restart count,
 * starting at 1.  Call once, after sam_initialize.
 */
cs_error_t sam_register (
    unsigned int *instance_id);

/* report health (application driven mode) */
cs_error_t sam_hc_send (void);

/* switch to event driven checking (cb != NULL) or back (cb == NULL) */
cs_error_t sam_hc_callback_register (sam_hc_callback_t cb);

#ifdef __cplusplus
}
#endif

#endif /* COROSYNC_SAM_H_DEFINED */
