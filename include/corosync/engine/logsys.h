/*
 * corosync-rs: engine/logsys.h
 *
 * Logging facade used by the daemon and by service engine plugins
 * (implemented by liblogsys).  Typical plugin use:
 *
 *     LOGSYS_DECLARE_SUBSYS ("MYSVC");
 *     ...
 *     log_printf (LOGSYS_LEVEL_NOTICE, "joined %d groups", n);
 *
 * A record identifier (rec_ident) packs three fields into an unsigned int:
 *     bits 0..2   priority (syslog level)
 *     bits 3..9   subsystem id
 *     bits 10..   record kind (LOGSYS_RECID_*)
 */

#ifndef LOGSYS_H_DEFINED
#define LOGSYS_H_DEFINED

#include <stdarg.h>
#include <stdlib.h>
#include <syslog.h>
#include <pthread.h>
#include <limits.h>

#ifdef __cplusplus
extern "C" {
#endif

/* output targets and process model; may be ORed (FORK/THREADED: system only) */
#define LOGSYS_MODE_OUTPUT_FILE (1<<0)
#define LOGSYS_MODE_OUTPUT_STDERR (1<<1)
#define LOGSYS_MODE_OUTPUT_SYSLOG (1<<2)
#define LOGSYS_MODE_FORK (1<<3)
#define LOGSYS_MODE_THREADED (1<<4)

/* priorities: the syslog levels */
#define LOGSYS_LEVEL_EMERG LOG_EMERG
#define LOGSYS_LEVEL_ALERT LOG_ALERT
#define LOGSYS_LEVEL_CRIT LOG_CRIT
#define LOGSYS_LEVEL_ERROR LOG_ERR
#define LOGSYS_LEVEL_WARNING LOG_WARNING
#define LOGSYS_LEVEL_NOTICE LOG_NOTICE
#define LOGSYS_LEVEL_INFO LOG_INFO
#define LOGSYS_LEVEL_DEBUG LOG_DEBUG

/*
 * Record kinds (exactly one per record).  Only LOGSYS_RECID_LOG records
 * reach the log outputs; the others go to the flight recorder only.
 */
#define LOGSYS_RECID_MAX ((UINT_MAX) >> LOGSYS_SUBSYSID_END)

#define LOGSYS_RECID_LOG (LOGSYS_RECID_MAX - 1)
#define LOGSYS_RECID_ENTER (LOGSYS_RECID_MAX - 2)
#define LOGSYS_RECID_LEAVE (LOGSYS_RECID_MAX - 3)
#define LOGSYS_RECID_TRACE1 (LOGSYS_RECID_MAX - 4)
#define LOGSYS_RECID_TRACE2 (LOGSYS_RECID_MAX - 5)
#define LOGSYS_RECID_TRACE3 (LOGSYS_RECID_MAX - 6)
#define LOGSYS_RECID_TRACE4 (LOGSYS_RECID_MAX - 7)
#define LOGSYS_RECID_TRACE5 (LOGSYS_RECID_MAX - 8)
#define LOGSYS_RECID_TRACE6 (LOGSYS_RECID_MAX - 9)
#define LOGSYS_RECID_TRACE7 (LOGSYS_RECID_MAX - 10)
#define LOGSYS_RECID_TRACE8 (LOGSYS_RECID_MAX - 11)

/* debug settings */
#define LOGSYS_DEBUG_OFF 0
#define LOGSYS_DEBUG_ON 1
#define LOGSYS_DEBUG_TRACE 2

/* limits on subsystems */
#define LOGSYS_MAX_SUBSYS_COUNT 64
#define LOGSYS_MAX_SUBSYS_NAMELEN 64

/* rec_ident field boundaries and masks */
#define LOGSYS_LEVEL_END (3)
#define LOGSYS_SUBSYSID_END (LOGSYS_LEVEL_END + 7)

#define LOGSYS_RECID_LEVEL_MASK (LOG_PRIMASK)
#define LOGSYS_RECID_SUBSYSID_MASK ((2 << (LOGSYS_SUBSYSID_END - 1)) - \
    (LOG_PRIMASK + 1))
#define LOGSYS_RECID_RECID_MASK (UINT_MAX - \
    (LOGSYS_RECID_SUBSYSID_MASK + LOG_PRIMASK))

#define LOGSYS_ENCODE_RECID(level, subsysid, recid) \
    (((recid) << LOGSYS_SUBSYSID_END) | ((subsysid) << LOGSYS_LEVEL_END) | (level))

#define LOGSYS_DECODE_LEVEL(rec_ident) \
    ((rec_ident) & LOGSYS_RECID_LEVEL_MASK)

#define LOGSYS_DECODE_SUBSYSID(rec_ident) \
    (((rec_ident) & LOGSYS_RECID_SUBSYSID_MASK) >> LOGSYS_LEVEL_END)

#define LOGSYS_DECODE_RECID(rec_ident) \
    (((rec_ident) & LOGSYS_RECID_RECID_MASK) >> LOGSYS_SUBSYSID_END)

#define LOGSYS_MAX_PERROR_MSG_LEN 128

/*
 * LOGSYS_STRERROR_R: point out_ptr at the text for err_num, using buffer
 * if needed.  COROSYNC_LINUX selects the GNU strerror_r (returns the text;
 * this variant ends in a semicolon of its own, as in 1.4.10), otherwise
 * the XSI one (returns 0 on success; "" is used on failure).
 */
#ifdef COROSYNC_LINUX
#define LOGSYS_STRERROR_R(out_ptr, err_num, buffer, sizeof_buffer) \
    out_ptr = strerror_r (err_num, buffer, sizeof_buffer);
#else
#define LOGSYS_STRERROR_R(out_ptr, err_num, buffer, sizeof_buffer) \
    do {                                                            \
        if (strerror_r (err_num, buffer, sizeof_buffer) == 0) {     \
            out_ptr = buffer;                                       \
        } else {                                                    \
            out_ptr = "";                                           \
        }                                                           \
    } while (0)
#endif

/* log_printf with ": <strerror text> (<err_num>)" appended to the message */
#define LOGSYS_PERROR(err_num, level, fmt, ...)                     \
    do {                                                            \
        char logsys_perror_buf_[LOGSYS_MAX_PERROR_MSG_LEN];         \
        const char *logsys_perror_text_;                            \
        LOGSYS_STRERROR_R (logsys_perror_text_, err_num,            \
            logsys_perror_buf_, sizeof (logsys_perror_buf_));       \
        log_printf (level, fmt ": %s (%d)\n", ##__VA_ARGS__,        \
            logsys_perror_text_, err_num);                          \
    } while (0)

#ifndef LOGSYS_UTILS_ONLY

/* internal entry points, reached through the macros below */

extern int _logsys_system_setup(
    const char *mainsystem,
    unsigned int mode,
    unsigned int debug,
    const char *logfile,
    int logfile_priority,
    int syslog_facility,
    int syslog_priority);

extern int _logsys_config_subsys_get (
    const char *subsys);

extern int _logsys_subsys_create (const char *subsys);

extern int _logsys_rec_init (unsigned int size);

extern void _logsys_log_vprintf (
    unsigned int rec_ident,
    const char *function_name,
    const char *file_name,
    int file_line,
    const char *format,
    va_list ap) __attribute__((format(printf, 5, 0)));

extern void _logsys_log_printf (
    unsigned int rec_ident,
    const char *function_name,
    const char *file_name,
    int file_line,
    const char *format,
    ...) __attribute__((format(printf, 5, 6)));

/* variadic part: (const void *data, size_t len) pairs ended by LOGSYS_REC_END */
extern void _logsys_log_rec (
    unsigned int rec_ident,
    const char *function_name,
    const char *file_name,
    int file_line,
    ...);

extern int _logsys_wthread_create (void);

/*
 * Subsystem id of the including translation unit; set by
 * LOGSYS_DECLARE_SUBSYS, otherwise LOGSYS_MAX_SUBSYS_COUNT (the main system).
 */
static int logsys_subsys_id __attribute__((unused)) = LOGSYS_MAX_SUBSYS_COUNT;

/* process life cycle */
extern void logsys_fork_completed (void);

extern void logsys_atexit (void);

extern void logsys_flush (void);

/* dump the flight recorder to a file */
extern int logsys_log_rec_store (const char *filename);

/* system wide output format */
extern int logsys_format_set (
    const char *format);

extern char *logsys_format_get (void);

/*
 * Per subsystem settings; a NULL subsys applies to all of them.  Changing
 * the defaults does not affect subsystems that already exist.
 */
extern int logsys_config_syslog_facility_set (
    const char *subsys,
    unsigned int facility);

extern int logsys_config_syslog_priority_set (
    const char *subsys,
    unsigned int priority);

extern int logsys_config_mode_set (
    const char *subsys,
    unsigned int mode);

extern unsigned int logsys_config_mode_get (
    const char *subsys);

/* a NULL file closes the current log file */
extern int logsys_config_file_set (
    const char *subsys,
    const char **error_string,
    const char *file);

extern int logsys_config_logfile_priority_set (
    const char *subsys,
    unsigned int priority);

/* LOGSYS_DEBUG_*: with debug on, priority filtering is bypassed */
extern int logsys_config_debug_set (
    const char *subsys,
    unsigned int value);

/* name <-> number conversion for syslog facilities and priorities */
extern int logsys_facility_id_get (
    const char *name);

extern const char *logsys_facility_name_get (
    unsigned int facility);

extern int logsys_priority_id_get (
    const char *name);

extern const char *logsys_priority_name_get (
    unsigned int priority);

extern int logsys_thread_priority_set (
    int policy,
    const struct sched_param *param,
    unsigned int after_log_ops_yield);

/* its address terminates _logsys_log_rec argument lists */
extern void *logsys_rec_end;

#define LOGSYS_REC_END (&logsys_rec_end)

/*
 * Defines a constructor that sets up the logging system before main();
 * on any failure it reports to stderr and syslog and exits with
 * EXIT_FAILURE.  Needs <stdio.h>.
 */
#define LOGSYS_DECLARE_SYSTEM(name, mode, debug, file, file_priority,      \
        syslog_facility, syslog_priority, format, fltsize)                \
__attribute__ ((constructor))                                              \
static void logsys_system_init (void)                                      \
{                                                                          \
    const char *logsys_failure_ = NULL;                                    \
                                                                           \
    if (_logsys_system_setup (name, mode, debug, file, file_priority,      \
            syslog_facility, syslog_priority) < 0) {                       \
        fprintf (stderr,                                                   \
            "Unable to setup logging system: %s.\n", name);                \
        syslog (LOG_ERR,                                                   \
            "Unable to setup logging system: %s.\n", name);                \
        exit (EXIT_FAILURE);                                               \
    }                                                                      \
    if (logsys_format_set (format) == -1) {                                \
        logsys_failure_ = "Unable to setup logging format.";               \
    } else if (_logsys_rec_init (fltsize) < 0) {                           \
        logsys_failure_ = "Unable to initialize log flight recorder. "     \
            "The most common cause of this error is "                      \
            "not enough space on /dev/shm.";                               \
    } else if (_logsys_wthread_create () < 0) {                            \
        logsys_failure_ = "Unable to initialize logging thread.";          \
    }                                                                      \
    if (logsys_failure_ != NULL) {                                         \
        fprintf (stderr, "%s\n", logsys_failure_);                         \
        syslog (LOG_ERR, "%s\n", logsys_failure_);                         \
        exit (EXIT_FAILURE);                                               \
    }                                                                      \
}

/*
 * Defines a constructor that registers subsystem `subsys' and stores its
 * id in logsys_subsys_id; exits with -1 if that fails.  Needs <stdio.h>.
 */
#define LOGSYS_DECLARE_SUBSYS(subsys)                                      \
__attribute__ ((constructor))                                              \
static void logsys_subsys_init (void)                                      \
{                                                                          \
    logsys_subsys_id = _logsys_subsys_create ((subsys));                   \
    if (logsys_subsys_id == -1) {                                          \
        fprintf (stderr,                                                   \
            "Unable to create logging subsystem: %s.\n", subsys);          \
        exit (-1);                                                         \
    }                                                                      \
}

/* flight recorder record: (data, len) pairs follow rec_ident */
#define log_rec(rec_ident, ...)                                            \
    do {                                                                   \
        _logsys_log_rec (rec_ident, __FUNCTION__, __FILE__, __LINE__,      \
            ##__VA_ARGS__, LOGSYS_REC_END);                                \
    } while (0)

/* printf style message at `level' for this translation unit's subsystem */
#define log_printf(level, format, ...)                                     \
    do {                                                                   \
        _logsys_log_printf (                                               \
            LOGSYS_ENCODE_RECID (level, logsys_subsys_id, LOGSYS_RECID_LOG), \
            __FUNCTION__, __FILE__, __LINE__, format, ##__VA_ARGS__);      \
    } while (0)

/* function entry / exit markers in the flight recorder */
#define ENTER()                                                            \
    do {                                                                   \
        _logsys_log_rec (                                                  \
            LOGSYS_ENCODE_RECID (LOGSYS_LEVEL_DEBUG, logsys_subsys_id,     \
                LOGSYS_RECID_ENTER),                                       \
            __FUNCTION__, __FILE__, __LINE__, LOGSYS_REC_END);             \
    } while (0)

#define LEAVE()                                                            \
    do {                                                                   \
        _logsys_log_rec (                                                  \
            LOGSYS_ENCODE_RECID (LOGSYS_LEVEL_DEBUG, logsys_subsys_id,     \
                LOGSYS_RECID_LEAVE),                                       \
            __FUNCTION__, __FILE__, __LINE__, LOGSYS_REC_END);             \
    } while (0)

/* debug level message tagged with record kind `recid' */
#define TRACE(recid, format, ...)                                          \
    do {                                                                   \
        _logsys_log_printf (                                               \
            LOGSYS_ENCODE_RECID (LOGSYS_LEVEL_DEBUG, logsys_subsys_id, recid), \
            __FUNCTION__, __FILE__, __LINE__, format, ##__VA_ARGS__);      \
    } while (0)

#define TRACE1(format, ...) do { TRACE (LOGSYS_RECID_TRACE1, format, ##__VA_ARGS__); } while (0)
#define TRACE2(format, ...) do { TRACE (LOGSYS_RECID_TRACE2, format, ##__VA_ARGS__); } while (0)
#define TRACE3(format, ...) do { TRACE (LOGSYS_RECID_TRACE3, format, ##__VA_ARGS__); } while (0)
#define TRACE4(format, ...) do { TRACE (LOGSYS_RECID_TRACE4, format, ##__VA_ARGS__); } while (0)
#define TRACE5(format, ...) do { TRACE (LOGSYS_RECID_TRACE5, format, ##__VA_ARGS__); } while (0)
#define TRACE6(format, ...) do { TRACE (LOGSYS_RECID_TRACE6, format, ##__VA_ARGS__); } while (0)
#define TRACE7(format, ...) do { TRACE (LOGSYS_RECID_TRACE7, format, ##__VA_ARGS__); } while (0)
#define TRACE8(format, ...) do { TRACE (LOGSYS_RECID_TRACE8, format, ##__VA_ARGS__); } while (0)

#endif /* LOGSYS_UTILS_ONLY */

#ifdef __cplusplus
}
#endif

#endif /* LOGSYS_H_DEFINED */
