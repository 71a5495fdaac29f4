/*
 * Behaviour of the header-only parts of the corosync 1.4.10 API: the
 * static inline functions and the function-like macros.  Built and run by
 * run.sh both as C (gnu99) and as C++.  Every expectation here also holds
 * for the 1.4.10 headers.
 */

#include <stdio.h>
#include <stdint.h>
#include <errno.h>
#include <string.h>

#include <corosync/corotypes.h>
#include <corosync/coroipc_types.h>
#include <corosync/hdb.h>
#include <corosync/list.h>
#include <corosync/swab.h>
#include <corosync/mar_gen.h>
#include <netinet/in.h>
#include <sys/uio.h>
#include <corosync/totem/totemip.h>
#include <corosync/engine/coroapi.h>
#include <corosync/engine/logsys.h>
#include <corosync/lcr/lcr_comp.h>

static int failures;

#define EXPECT(cond)                                                    \
    do {                                                                \
        if (!(cond)) {                                                  \
            printf ("%s:%d: expectation failed: %s\n",                  \
                    __FILE__, __LINE__, #cond);                         \
            failures++;                                                 \
        }                                                               \
    } while (0)

/* ------------------------------------------------------------------ hdb */

static int destructor_calls;
static void *destructor_last;

static void count_destructor (void *instance)
{
    destructor_calls++;
    destructor_last = instance;
}

DECLARE_HDB_DATABASE (test_db, count_destructor);

struct payload {
    int a;
    char b[60];
};

static void test_hdb (void)
{
    hdb_handle_t h1, h2, h3, seen;
    void *p1 = NULL, *p2 = NULL, *p;
    struct payload *pl;
    int i, count;

    /* lazily initialised static database */
    EXPECT (test_db.first_run == 1);
    EXPECT (hdb_handle_create (&test_db, (int)sizeof (struct payload), &h1) == 0);
    EXPECT (test_db.first_run == 0);
    EXPECT (test_db.handle_count == 1);
    EXPECT (hdb_base_convert (h1) == 0);
    EXPECT ((h1 >> 32) != 0 && (h1 >> 32) != 0xffffffffULL);

    EXPECT (hdb_handle_get (&test_db, h1, &p1) == 0);
    pl = (struct payload *)p1;
    EXPECT (pl != NULL);
    for (i = 0; i < 60; i++) {
        EXPECT (pl->b[i] == 0);     /* instance is zeroed */
    }
    EXPECT (pl->a == 0);
    EXPECT (hdb_handle_refcount_get (&test_db, h1) == 2);
    EXPECT (hdb_handle_put (&test_db, h1) == 0);
    EXPECT (hdb_handle_refcount_get (&test_db, h1) == 1);

    /* a wrong check value is refused, the wildcard is accepted */
    p = &p;
    errno = 0;
    EXPECT (hdb_handle_get (&test_db, h1 ^ (1ULL << 40), &p) == -1);
    EXPECT (errno == EBADF);
    EXPECT (p == NULL);
    EXPECT (hdb_handle_get (&test_db, hdb_nocheck_convert (0), &p) == 0);
    EXPECT (p == p1);
    EXPECT (hdb_handle_put (&test_db, hdb_nocheck_convert (0)) == 0);
    EXPECT (hdb_nocheck_convert (7) == 0xffffffff00000007ULL);

    /* out of range slot */
    errno = 0;
    EXPECT (hdb_handle_get (&test_db, 5, &p) == -1 && errno == EBADF);
    errno = 0;
    EXPECT (hdb_handle_put (&test_db, 5) == -1 && errno == EBADF);
    errno = 0;
    EXPECT (hdb_handle_refcount_get (&test_db, 5) == -1 && errno == EBADF);
    errno = 0;
    EXPECT (hdb_handle_destroy (&test_db, 5) == -1 && errno == EBADF);

    EXPECT (hdb_handle_create (&test_db, 16, &h2) == 0);
    EXPECT (hdb_base_convert (h2) == 1);
    EXPECT (hdb_handle_get (&test_db, h2, &p2) == 0);

    /* destroy with an extra reference held: pending removal */
    EXPECT (hdb_handle_destroy (&test_db, h2) == 0);
    EXPECT (destructor_calls == 0);
    EXPECT (test_db.handles[1].state == HDB_HANDLE_STATE_PENDINGREMOVAL);
    errno = 0;
    EXPECT (hdb_handle_get (&test_db, h2, &p) == -1 && errno == EBADF);
    EXPECT (hdb_handle_get_always (&test_db, h2, &p) == 0 && p == p2);
    EXPECT (hdb_handle_refcount_get (&test_db, h2) == 2);
    EXPECT (hdb_handle_put (&test_db, h2) == 0);
    EXPECT (hdb_handle_put (&test_db, h2) == 0);
    EXPECT (destructor_calls == 1 && destructor_last == p2);
    EXPECT (test_db.handles[1].state == HDB_HANDLE_STATE_EMPTY);
    EXPECT (test_db.handles[1].instance == NULL);
    EXPECT (test_db.handles[1].check == 0);
    errno = 0;
    EXPECT (hdb_handle_get_always (&test_db, h2, &p) == -1 && errno == EBADF);

    /* the freed slot is reused before the table grows */
    EXPECT (hdb_handle_create (&test_db, 8, &h3) == 0);
    EXPECT (hdb_base_convert (h3) == 1);
    EXPECT (test_db.handle_count == 2);

    /* iteration visits active slots and takes a reference on each */
    hdb_iterator_reset (&test_db);
    EXPECT (test_db.iterator == 0);
    count = 0;
    while (hdb_iterator_next (&test_db, &p, &seen) == 0) {
        EXPECT (seen == h1 || seen == h3);
        EXPECT (hdb_handle_refcount_get (&test_db, seen) == 2);
        hdb_handle_put (&test_db, seen);
        count++;
    }
    EXPECT (count == 2);
    EXPECT (test_db.iterator == 2);

    EXPECT (hdb_handle_destroy (&test_db, h1) == 0);
    EXPECT (destructor_calls == 2 && destructor_last == p1);
    EXPECT (hdb_handle_destroy (&test_db, h3) == 0);
    EXPECT (destructor_calls == 3);
}

static void test_hdb_explicit (void)
{
    struct hdb_handle_database db;
    hdb_handle_t h;
    void *p;

    memset (&db, 0xa5, sizeof (db));
    hdb_create (&db);
    EXPECT (db.handle_count == 0 && db.handles == NULL && db.iterator == 0);
    EXPECT (db.destructor == NULL && db.first_run == 0);
    EXPECT (hdb_handle_create (&db, 4, &h) == 0);
    EXPECT (hdb_handle_get (&db, h, &p) == 0);
    EXPECT (hdb_handle_put (&db, h) == 0);
    EXPECT (hdb_handle_destroy (&db, h) == 0);
    hdb_destroy (&db);
    EXPECT (db.handle_count == 0 && db.handles == NULL);

    EXPECT (strcmp (HDB_D_FORMAT, "%lu") == 0);
    EXPECT (strcmp (HDB_X_FORMAT, "%lx") == 0);
}

/* ----------------------------------------------------------------- list */

struct item {
    int value;
    struct list_head link;
};

static DECLARE_LIST_INIT (static_list);

static void collect (struct list_head *head, int *out, int *n)
{
    struct list_head *pos;

    *n = 0;
    for (pos = head->next; pos != head; pos = pos->next) {
        out[(*n)++] = list_entry (pos, struct item, link)->value;
    }
}

static void test_list (void)
{
    struct list_head a, b;
    struct item it[6];
    int vals[8], n, i;

    EXPECT (static_list.next == &static_list && static_list.prev == &static_list);
    EXPECT (list_empty (&static_list));

    list_init (&a);
    list_init (&b);
    EXPECT (list_empty (&a));
    for (i = 0; i < 6; i++) {
        it[i].value = i;
    }
    list_add (&it[0].link, &a);         /* 0 */
    list_add (&it[1].link, &a);         /* 1 0 */
    list_add_tail (&it[2].link, &a);    /* 1 0 2 */
    EXPECT (!list_empty (&a));
    collect (&a, vals, &n);
    EXPECT (n == 3 && vals[0] == 1 && vals[1] == 0 && vals[2] == 2);
    EXPECT (a.prev == &it[2].link);

    list_del (&it[0].link);             /* 1 2 */
    collect (&a, vals, &n);
    EXPECT (n == 2 && vals[0] == 1 && vals[1] == 2);
#ifndef DEBUG
    /* outside DEBUG builds the removed element keeps its pointers */
    EXPECT (it[0].link.next == &it[2].link && it[0].link.prev == &it[1].link);
#endif

    list_add_tail (&it[3].link, &b);
    list_add_tail (&it[4].link, &b);    /* b: 3 4 */
    list_splice (&b, &a);               /* a: 3 4 1 2 */
    collect (&a, vals, &n);
    EXPECT (n == 4 && vals[0] == 3 && vals[1] == 4 && vals[2] == 1 && vals[3] == 2);
    EXPECT (a.next == &it[3].link && it[3].link.prev == &a);
    EXPECT (it[4].link.next == &it[1].link && it[1].link.prev == &it[4].link);

    EXPECT (list_entry (&it[5].link, struct item, link) == &it[5]);
}

/* ----------------------------------------------------------------- swab */

static void test_swab (void)
{
    uint16_t s = 0x1234;
    uint32_t w = 0x12345678U;
    uint64_t q = 0x0102030405060708ULL;
    uint32_t wide32 = 0x12345678U;
    uint64_t wide64 = 0x1122334455667788ULL;
    int calls = 0;

    EXPECT (swab16 (s) == 0x3412);
    EXPECT (swab32 (w) == 0x78563412U);
    EXPECT (swab64 (q) == 0x0807060504030201ULL);
    EXPECT (sizeof (swab16 (s)) == 2);
    EXPECT (sizeof (swab32 (w)) == 4);
    EXPECT (sizeof (swab64 (q)) == 8);
    /* the argument is converted to the width first */
    EXPECT (swab16 (wide32) == 0x7856);
    EXPECT (swab32 (wide64) == 0x88776655U);
    /* and evaluated once */
    EXPECT (swab32 ((calls++, w)) == 0x78563412U && calls == 1);
}

/* -------------------------------------------------------------- mar_gen */

static void test_mar_gen (void)
{
    mar_int8_t i8 = -2;
    mar_uint8_t u8 = 0xab;
    mar_int16_t i16 = 0x0102;
    mar_uint16_t u16 = 0xa1b2;
    mar_int32_t i32 = 0x01020304;
    mar_uint32_t u32 = 0xa1b2c3d4U;
    mar_int64_t i64 = 0x0102030405060708LL;
    mar_uint64_t u64 = 0xa1b2c3d4e5f60718ULL;
    mar_time_t t = 1;
    mar_invocation_t inv = 2;
    mar_size_t sz = 3;
    mar_name_t n1, n2;
    cs_name_t cn;
    coroipc_request_header_t req;

    swab_mar_int8_t (&i8);
    swab_mar_uint8_t (&u8);
    swab_mar_int16_t (&i16);
    swab_mar_uint16_t (&u16);
    swab_mar_int32_t (&i32);
    swab_mar_uint32_t (&u32);
    swab_mar_int64_t (&i64);
    swab_mar_uint64_t (&u64);
    swab_mar_time_t (&t);
    swab_mar_invocation_t (&inv);
    swab_mar_size_t (&sz);
    EXPECT (i8 == -2 && u8 == 0xab);
    EXPECT (i16 == 0x0201 && u16 == 0xb2a1);
    EXPECT (i32 == 0x04030201 && u32 == 0xd4c3b2a1U);
    EXPECT (i64 == 0x0807060504030201LL && u64 == 0x1807f6e5d4c3b2a1ULL);
    EXPECT (t == 0x0100000000000000ULL && inv == 0x0200000000000000ULL);
    EXPECT (sz == 0x0300000000000000ULL);

    memset (&n1, 0, sizeof (n1));
    memset (&n2, 0, sizeof (n2));
    memcpy (n1.value, "alpha", 5);
    memcpy (n2.value, "alphabet", 8);
    n1.length = 5;
    n2.length = 5;
    EXPECT (mar_name_match (&n1, &n2));
    n2.length = 8;
    EXPECT (!mar_name_match (&n1, &n2));
    EXPECT (strcmp (get_mar_name_t (&n1), "alpha") == 0);
    EXPECT ((const void *)get_mar_name_t (&n1) == (const void *)n1.value);

    swab_mar_name_t (&n1);
    EXPECT (n1.length == 0x0500);
    swab_mar_name_t (&n1);

    memset (&cn, 0x55, sizeof (cn));
    marshall_from_mar_name_t (&cn, &n2);
    EXPECT (cn.length == 8 && memcmp (cn.value, n2.value, CS_MAX_NAME_LENGTH) == 0);
    memset (&n1, 0x55, sizeof (n1));
    marshall_to_mar_name_t (&n1, &cn);
    EXPECT (n1.length == 8 && memcmp (n1.value, cn.value, CS_MAX_NAME_LENGTH) == 0);

    req.size = 0x00000100;
    req.id = 0x01000000;
    swab_coroipc_request_header_t (&req);
    EXPECT (req.size == 0x00010000 && req.id == 1);

    EXPECT (MAR_TIME_MAX == CS_TIME_END);
    EXPECT (MAR_TIME_ONE_DAY == 24 * MAR_TIME_ONE_HOUR);
}

/* -------------------------------------------------------------- coroapi */

static int fatal_calls;
static cs_fatal_error_t fatal_err;
static const char *fatal_file;
static unsigned int fatal_line;

/* stands in for the daemon's fatal_error; returns, unlike the real one */
static void fake_fatal_error (cs_fatal_error_t err, const char *file, unsigned int line)
{
    fatal_calls++;
    fatal_err = err;
    fatal_file = file;
    fatal_line = line;
}

struct fake_api {
    void (*fatal_error) (cs_fatal_error_t err, const char *file, unsigned int line);
};

static void test_coroapi (void)
{
    mar_message_source_t src;
    struct fake_api fake;
    struct fake_api *api = &fake;
    unsigned int line;

    src.nodeid = 0x01020304;
    src.conn = &src;
    swab_mar_message_source_t (&src);
    EXPECT (src.conn == NULL);
    EXPECT (src.nodeid == 0x01020304);   /* left unswapped, as in 1.4.10 */

    EXPECT (SERVICE_ID_MAKE (8, 3) == 0x80003);
    EXPECT (SERVICE_ID_MAKE (1U, 2U) == 0x10002U);
    EXPECT (sizeof (SERVICE_ID_MAKE (1ULL, 2)) == sizeof (unsigned long long));
    EXPECT (MILLI_2_NANO_SECONDS * 1000 == 1000000000ULL);

    fake.fatal_error = fake_fatal_error;
    line = __LINE__; corosync_fatal_error (COROSYNC_INVALID_CONFIG);
    EXPECT (fatal_calls == 1 && fatal_err == COROSYNC_INVALID_CONFIG);
    EXPECT (fatal_line == line && strcmp (fatal_file, __FILE__) == 0);
}

/* --------------------------------------------------------------- logsys */

/* recording stand-ins for the liblogsys entry points used by the macros */
static int setup_calls, format_calls, rec_init_calls, wthread_calls, subsys_calls;
static unsigned int last_rec_ident;
static const char *last_function;
static const char *last_file;
static int last_line;
static const char *last_format;
static int last_int_arg;
static int rec_calls;
static int rec_pairs;
void *logsys_rec_end;

int _logsys_system_setup (const char *mainsystem, unsigned int mode,
    unsigned int debug, const char *logfile, int logfile_priority,
    int syslog_facility, int syslog_priority)
{
    (void)debug;
    (void)logfile_priority;
    (void)syslog_facility;
    (void)syslog_priority;
    if (strcmp (mainsystem, "semantics") == 0 && mode == LOGSYS_MODE_OUTPUT_STDERR &&
        logfile == NULL) {
        setup_calls++;
    }
    return (0);
}

int logsys_format_set (const char *format)
{
    if (format == NULL) {
        format_calls++;
    }
    return (0);
}

int _logsys_rec_init (unsigned int size)
{
    if (size == 4096) {
        rec_init_calls++;
    }
    return (0);
}

int _logsys_wthread_create (void)
{
    wthread_calls++;
    return (0);
}

int _logsys_subsys_create (const char *subsys)
{
    subsys_calls++;
    return (strcmp (subsys, "SEMTEST") == 0 ? 9 : -1);
}

void _logsys_log_printf (unsigned int rec_ident, const char *function_name,
    const char *file_name, int file_line, const char *format, ...)
{
    va_list ap;

    last_rec_ident = rec_ident;
    last_function = function_name;
    last_file = file_name;
    last_line = file_line;
    last_format = format;
    last_int_arg = 0;
    va_start (ap, format);
    if (strcmp (format, "value %d") == 0) {
        last_int_arg = va_arg (ap, int);
    } else if (strcmp (format, "op %d: %s (%d)\n") == 0) {
        (void)va_arg (ap, int);
        (void)va_arg (ap, const char *);
        last_int_arg = va_arg (ap, int);
    }
    va_end (ap);
}

void _logsys_log_rec (unsigned int rec_ident, const char *function_name,
    const char *file_name, int file_line, ...)
{
    va_list ap;
    const void *item;

    rec_calls++;
    last_rec_ident = rec_ident;
    last_function = function_name;
    last_file = file_name;
    last_line = file_line;
    rec_pairs = 0;
    va_start (ap, file_line);
    for (;;) {
        item = va_arg (ap, const void *);
        if (item == LOGSYS_REC_END) {
            break;
        }
        (void)va_arg (ap, size_t);
        rec_pairs++;
    }
    va_end (ap);
}

LOGSYS_DECLARE_SYSTEM ("semantics", LOGSYS_MODE_OUTPUT_STDERR, LOGSYS_DEBUG_OFF,
    NULL, LOGSYS_LEVEL_INFO, LOG_DAEMON, LOGSYS_LEVEL_INFO, NULL, 4096);

LOGSYS_DECLARE_SUBSYS ("SEMTEST");

static void test_logsys (void)
{
    unsigned int r;
    int line;
    int payload = 42;

    /* constructors ran before main */
    EXPECT (setup_calls == 1 && format_calls == 1 && rec_init_calls == 1);
    EXPECT (wthread_calls == 1 && subsys_calls == 1);
    EXPECT (logsys_subsys_id == 9);

    r = LOGSYS_ENCODE_RECID (LOGSYS_LEVEL_WARNING, 17, LOGSYS_RECID_LOG);
    EXPECT (LOGSYS_DECODE_LEVEL (r) == LOGSYS_LEVEL_WARNING);
    EXPECT (LOGSYS_DECODE_SUBSYSID (r) == 17);
    EXPECT (LOGSYS_DECODE_RECID (r) == LOGSYS_RECID_LOG);
    EXPECT (r == ((LOGSYS_RECID_LOG << 10) | (17 << 3) | 4));
    EXPECT (LOGSYS_RECID_LEVEL_MASK == 7);
    EXPECT (LOGSYS_RECID_SUBSYSID_MASK == 0x3f8);
    EXPECT (LOGSYS_RECID_RECID_MASK == 0xfffffc00U);

    line = __LINE__; log_printf (LOGSYS_LEVEL_NOTICE, "value %d", 7);
    EXPECT (last_rec_ident == LOGSYS_ENCODE_RECID (LOGSYS_LEVEL_NOTICE, 9, LOGSYS_RECID_LOG));
    EXPECT (strcmp (last_function, "test_logsys") == 0);
    EXPECT (strcmp (last_file, __FILE__) == 0 && last_line == line);
    EXPECT (strcmp (last_format, "value %d") == 0 && last_int_arg == 7);

    log_printf (LOGSYS_LEVEL_DEBUG, "no arguments");
    EXPECT (strcmp (last_format, "no arguments") == 0);

    TRACE3 ("value %d", 3);
    EXPECT (last_rec_ident == LOGSYS_ENCODE_RECID (LOGSYS_LEVEL_DEBUG, 9, LOGSYS_RECID_TRACE3));
    EXPECT (last_int_arg == 3);
    TRACE8 ("plain");
    EXPECT (LOGSYS_DECODE_RECID (last_rec_ident) == LOGSYS_RECID_TRACE8);
    TRACE (1234, "plain");
    EXPECT (LOGSYS_DECODE_RECID (last_rec_ident) == 1234);

    ENTER ();
    EXPECT (rec_calls == 1 && rec_pairs == 0);
    EXPECT (last_rec_ident == LOGSYS_ENCODE_RECID (LOGSYS_LEVEL_DEBUG, 9, LOGSYS_RECID_ENTER));
    LEAVE ();
    EXPECT (rec_calls == 2 && LOGSYS_DECODE_RECID (last_rec_ident) == LOGSYS_RECID_LEAVE);
    log_rec (LOGSYS_ENCODE_RECID (LOGSYS_LEVEL_INFO, 9, 77), &payload, sizeof (payload));
    EXPECT (rec_calls == 3 && rec_pairs == 1);
    EXPECT (LOGSYS_DECODE_RECID (last_rec_ident) == 77);

    LOGSYS_PERROR (ENOENT, LOGSYS_LEVEL_ERROR, "op %d", 5);
    EXPECT (strcmp (last_format, "op %d: %s (%d)\n") == 0);
    EXPECT (last_int_arg == ENOENT);
    EXPECT (LOGSYS_DECODE_LEVEL (last_rec_ident) == LOGSYS_LEVEL_ERROR);
}

/* ------------------------------------------------------- totemip / lcr */

static void test_misc (void)
{
    struct totem_ip_address addr;
    struct lcr_iface iface;
    static int table[3];

    addr.family = AF_INET6;
    EXPECT (!totemip_zero_check (&addr));
    totemip_zero_set (&addr);
    EXPECT (addr.family == 0 && totemip_zero_check (&addr));

    iface.interfaces = NULL;
    lcr_interfaces_set (&iface, table);
    EXPECT ((void *)iface.interfaces == (void *)table);
}

int main (void)
{
    test_hdb ();
    test_hdb_explicit ();
    test_list ();
    test_swab ();
    test_mar_gen ();
    test_coroapi ();
    test_logsys ();
    test_misc ();

    if (failures != 0) {
        printf ("semantics: %d expectation(s) failed\n", failures);
        return 1;
    }
    return 0;
}
