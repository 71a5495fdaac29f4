/*
 * Hostile IPC clients. Each scenario speaks the coroipc protocol directly
 * (the abstract socket "\0corosync.ipc" padded to the whole sockaddr_un,
 * the 16432-byte setup request, four shared-memory files with the glibc
 * process-shared semaphores inside the control buffer) and misbehaves.
 * After each one the executive must still be running and must still
 * serve a well-behaved client: a libcpg initialize/join/mcast/dispatch
 * round trip in a fresh process.
 *
 *   hostile [-v] [-x NAME]... [NAME...]      run scenarios (default: all)
 *   hostile -l                               list scenarios
 *
 * Each scenario runs in its own child process with a time limit. The
 * result of each is one of
 *   PASS   the executive survived and answered as expected
 *   FAIL   it survived but answered wrongly (or a well-behaved client
 *          could not be served afterwards)
 *   DEAD   the executive process is gone after the scenario
 * Scenarios after a DEAD are not run. Exit status: 0 when all selected
 * scenarios passed, 1 otherwise, 2 when no executive answers at all.
 *
 * Environment:
 *   HOSTILE_PASSWD_DECOY=F  F is a private copy of /etc/passwd that the
 *                           runner bind-mounted over /etc/passwd for the
 *                           executive and this program; then /etc/passwd
 *                           itself is named in setup requests (after
 *                           checking it is F). Otherwise a decoy file in
 *                           /tmp is named instead.
 *   HOSTILE_FLOOD_MB        data multicast at a client that never reads
 *                           (default 256)
 *   HOSTILE_RSS_LIMIT_MB    allowed growth of the executive meanwhile
 *                           (default 128)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <semaphore.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <corosync/corotypes.h>
#include <corosync/cpg.h>

/* ---- protocol constants (protocol-map section 1) ------------------------ */

#define SETUP_SIZE 16432
#define SETUP_PATH(i) (16 + (i) * 4096)
#define SETUP_SIZES 16400
#define CONTROL_SIZE 8192
#define DEFAULT_SIZE (8192 * 128)

/* semaphore slots in the control buffer, by logical role */
#define SEM_REQUEST_OR_FLUSH_OR_EXIT 16
#define SEM_DISPATCH 48
#define SEM_REQUEST 80
#define SEM_RESPONSE 112
#define CTL_READ 0
#define CTL_WRITE 4
#define CTL_FLOW_CONTROL 8
#define CTL_IPC_CLOSED 144

#define ZC_ALLOC_HEADER ((int32_t)0xFFFFFFFF)
#define ZC_FREE_HEADER ((int32_t)0xFFFFFFFE)
#define ZC_EXECUTE_HEADER ((int32_t)0xFFFFFFFD)

#define SERVICE_CPG 8
#define CPG_REQ_JOIN 0
#define CPG_REQ_LOCAL_GET 4
#define CPG_RES_LOCAL_GET 7

enum { F_CONTROL, F_REQUEST, F_RESPONSE, F_DISPATCH };
static const char *const file_tmpl[4] = {
	"control_buffer", "request_buffer", "response_buffer", "dispatch_buffer",
};

static int verbose;
static pid_t executive_pid;

/* ---- small helpers ------------------------------------------------------ */

static char why_buf[512];

/* Records why a scenario failed; returns 1 (failure) for `return fail(...)`. */
static int fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why_buf, sizeof(why_buf), fmt, ap);
	va_end(ap);
	return 1;
}

static void note(const char *fmt, ...)
{
	va_list ap;
	if (!verbose)
		return;
	va_start(ap, fmt);
	fprintf(stderr, "    ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void put32(unsigned char *b, size_t off, uint32_t v) { memcpy(b + off, &v, 4); }
static void put64(unsigned char *b, size_t off, uint64_t v) { memcpy(b + off, &v, 8); }
static uint32_t get32(const unsigned char *b, size_t off) { uint32_t v; memcpy(&v, b + off, 4); return v; }

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;
static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static long rss_kb(pid_t pid)
{
	char path[64], line[256];
	long kb = -1;
	FILE *f;
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmRSS: %ld", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

static int executive_running(void)
{
	return kill(executive_pid, 0) == 0 || errno == EPERM;
}

/* ---- the socket ---------------------------------------------------------- */

static int sock_connect(void)
{
	struct sockaddr_un sa;
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	/* abstract name: a leading NUL, the name, NULs to the end */
	memcpy(sa.sun_path + 1, "corosync.ipc", strlen("corosync.ipc"));
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int send_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	while (len > 0) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

#define NO_REPLY_CLOSED (-1)
#define NO_REPLY_TIMEOUT (-2)

/* The 8-byte setup reply: its error, NO_REPLY_CLOSED when the executive
 * closed the connection without one, NO_REPLY_TIMEOUT when it neither
 * answered nor closed within `timeout_ms`. */
static int recv_setup_reply(int fd, int timeout_ms)
{
	unsigned char b[8];
	size_t got = 0;
	double end = now_s() + timeout_ms / 1000.0;
	while (got < sizeof(b)) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int left = (int)((end - now_s()) * 1000);
		if (left <= 0 || poll(&p, 1, left) <= 0)
			return NO_REPLY_TIMEOUT;
		ssize_t n = recv(fd, b + got, sizeof(b) - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return NO_REPLY_CLOSED;
		got += n;
	}
	return (int)get32(b, 0);
}

/* ---- a raw connection ---------------------------------------------------- */

struct raw {
	int fd;
	char path[4][PATH_MAX];
	size_t size[4];
	unsigned char *map[4];
};

static sem_t *sem_at(struct raw *r, size_t off)
{
	return (sem_t *)(r->map[F_CONTROL] + off);
}

/* Creates a file as the client library does: mkstemp in /dev/shm, sized,
 * zero pages. */
static int make_shm_file(char *path, const char *name, size_t size)
{
	int fd;
	snprintf(path, PATH_MAX, "/dev/shm/%s-XXXXXX", name);
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	if (size > 0 && ftruncate(fd, size) != 0) {
		close(fd);
		unlink(path);
		return -1;
	}
	close(fd);
	return 0;
}

static void raw_init(struct raw *r)
{
	memset(r, 0, sizeof(*r));
	r->fd = -1;
}

/* Four files of the given sizes, mapped, semaphores initialised. */
static int raw_files(struct raw *r, size_t req, size_t res, size_t disp)
{
	size_t sizes[4] = { CONTROL_SIZE, req, res, disp };
	for (int i = 0; i < 4; i++) {
		r->size[i] = sizes[i];
		if (make_shm_file(r->path[i], file_tmpl[i], sizes[i]) != 0)
			return -1;
		if (sizes[i] == 0 || sizes[i] > (1UL << 30))
			continue;
		int fd = open(r->path[i], O_RDWR);
		if (fd < 0)
			return -1;
		void *m = mmap(NULL, sizes[i], PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		close(fd);
		if (m == MAP_FAILED)
			return -1;
		r->map[i] = m;
	}
	for (int s = 0; s < 4; s++)
		sem_init(sem_at(r, 16 + 32 * s), 1, 0);
	return 0;
}

static void setup_bytes(unsigned char *b, uint32_t service, char paths[4][PATH_MAX],
			const size_t sizes[4])
{
	memset(b, 0, SETUP_SIZE);
	put32(b, 0, service);
	for (int i = 0; i < 4; i++) {
		strncpy((char *)b + SETUP_PATH(i), paths[i], 4095);
		put64(b, SETUP_SIZES + 8 * i, sizes[i]);
	}
}

/* Sends a setup request for r's files (sizes as given, which may differ
 * from the files') and returns the reply's error or -1. */
static int raw_setup_sizes(struct raw *r, uint32_t service, const size_t sizes[4])
{
	unsigned char b[SETUP_SIZE];
	r->fd = sock_connect();
	if (r->fd < 0)
		return -1;
	setup_bytes(b, service, r->path, sizes);
	if (send_all(r->fd, b, sizeof(b)) != 0)
		return -1;
	return recv_setup_reply(r->fd, 15000);
}

static int raw_setup(struct raw *r, uint32_t service)
{
	return raw_setup_sizes(r, service, r->size);
}

/* A connection to `service` with 1 MiB buffers; CS_OK or the error. */
static int raw_open(struct raw *r, uint32_t service)
{
	raw_init(r);
	if (raw_files(r, DEFAULT_SIZE, DEFAULT_SIZE, DEFAULT_SIZE) != 0)
		return -1;
	return raw_setup(r, service);
}

static void raw_close(struct raw *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
	for (int i = 0; i < 4; i++) {
		if (r->map[i])
			munmap(r->map[i], r->size[i]);
		r->map[i] = NULL;
		if (r->path[i][0])
			unlink(r->path[i]);
	}
}

static void raw_post_request(struct raw *r)
{
	sem_post(sem_at(r, SEM_REQUEST));
	sem_post(sem_at(r, SEM_REQUEST_OR_FLUSH_OR_EXIT));
}

/* Waits for a response: 0, -1 on timeout, -2 when the executive closed
 * the connection. */
static int raw_wait_response(struct raw *r, int timeout_ms)
{
	double end = now_s() + timeout_ms / 1000.0;
	for (;;) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 200 * 1000 * 1000;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		if (sem_timedwait(sem_at(r, SEM_RESPONSE), &ts) == 0)
			return get32(r->map[F_CONTROL], CTL_IPC_CLOSED) ? -2 : 0;
		if (errno != ETIMEDOUT && errno != EINTR)
			return -2;
		struct pollfd p = { .fd = r->fd, .events = 0 };
		if (poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLERR | POLLNVAL)))
			return -2;
		if (now_s() > end)
			return -1;
	}
}

/* One request; copies the response header fields. */
struct reply {
	int size, id, error;
};

static int raw_request(struct raw *r, const void *msg, size_t len, struct reply *out,
		       int timeout_ms)
{
	memcpy(r->map[F_REQUEST], msg, len);
	raw_post_request(r);
	int w = raw_wait_response(r, timeout_ms);
	if (w == 0 && out) {
		out->size = (int)get32(r->map[F_RESPONSE], 0);
		out->id = (int)get32(r->map[F_RESPONSE], 8);
		out->error = (int)get32(r->map[F_RESPONSE], 16);
	}
	return w;
}

static const char *wait_text(int w)
{
	return w == -1 ? "no response (timeout)" : "connection closed";
}

static void header(unsigned char *b, int32_t size, int32_t id)
{
	put32(b, 0, (uint32_t)size);
	put32(b, 8, (uint32_t)id);
}

/* A CPG join request for group `name`. */
static void join_request(unsigned char b[168], const char *name, uint32_t pid)
{
	memset(b, 0, 168);
	header(b, 168, CPG_REQ_JOIN);
	put32(b, 16, strlen(name));
	memcpy(b + 24, name, strlen(name));
	put32(b, 152, pid);
}

/* Joins `name` on a raw CPG connection, retrying TRY_AGAIN. */
static int raw_join(struct raw *r, const char *name)
{
	unsigned char b[168];
	struct reply rep;
	double end = now_s() + 15;
	join_request(b, name, getpid());
	do {
		int w = raw_request(r, b, sizeof(b), &rep, 5000);
		if (w != 0)
			return fail("join: %s", wait_text(w));
		if (rep.error == CS_OK)
			return 0;
		usleep(10000);
	} while (rep.error == CS_ERR_TRY_AGAIN && now_s() < end);
	return fail("join answered %d", rep.error);
}

/* ---- a well-behaved client (libcpg) ------------------------------------ */

static int rt_done;
static uint32_t rt_pid;
static char rt_text[64];

static void rt_deliver(cpg_handle_t h, const struct cpg_name *g, uint32_t nodeid,
		       uint32_t pid, void *msg, size_t len)
{
	(void)h; (void)g; (void)nodeid;
	if (pid == rt_pid && len == strlen(rt_text) && memcmp(msg, rt_text, len) == 0)
		rt_done = 1;
}

/* In a child: initialize, join, mcast, dispatch until the message comes
 * back, finalize. The exit status says which step failed. */
static int round_trip_child(void)
{
	cpg_callbacks_t cb = { .cpg_deliver_fn = rt_deliver };
	cpg_handle_t h;
	struct cpg_name g;
	struct iovec iov;
	cs_error_t e;
	int fd;
	double t0;

	rt_pid = getpid();
	snprintf(rt_text, sizeof(rt_text), "hostile-check %d", (int)rt_pid);
	memset(&g, 0, sizeof(g));
	g.length = snprintf(g.value, sizeof(g.value), "hostile_check_%d", (int)rt_pid);

	t0 = now_s();
	while ((e = cpg_initialize(&h, &cb)) == CS_ERR_TRY_AGAIN && now_s() - t0 < 10)
		usleep(10000);
	if (e != CS_OK)
		return 10;
	while ((e = cpg_join(h, &g)) == CS_ERR_TRY_AGAIN && now_s() - t0 < 10)
		usleep(10000);
	if (e != CS_OK)
		return 11;
	iov.iov_base = rt_text;
	iov.iov_len = strlen(rt_text);
	while ((e = cpg_mcast_joined(h, CPG_TYPE_AGREED, &iov, 1)) == CS_ERR_TRY_AGAIN &&
	       now_s() - t0 < 10)
		usleep(10000);
	if (e != CS_OK)
		return 12;
	if (cpg_fd_get(h, &fd) != CS_OK)
		return 13;
	while (!rt_done && now_s() - t0 < 12) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		if (poll(&p, 1, 100) > 0 && cpg_dispatch(h, CS_DISPATCH_ALL) != CS_OK)
			return 14;
	}
	if (!rt_done)
		return 15;
	cpg_finalize(h);
	return 0;
}

static const char *round_trip_step(int code)
{
	switch (code) {
	case 10: return "cpg_initialize failed";
	case 11: return "cpg_join failed";
	case 12: return "cpg_mcast_joined failed";
	case 13: return "cpg_fd_get failed";
	case 14: return "cpg_dispatch failed";
	case 15: return "own message not delivered within 12 s";
	case 99: return "timed out (hung)";
	default: return "crashed";
	}
}

/* Runs fn in a child with a time limit; its exit status, 99 on timeout,
 * 98 when it died of a signal. */
static int run_child(int (*fn)(void), int seconds)
{
	pid_t c = fork();
	if (c == 0) {
		alarm(seconds);
		_exit(fn());
	}
	if (c < 0)
		return 97;
	int st;
	while (waitpid(c, &st, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st) && WTERMSIG(st) == SIGALRM)
		return 99;
	return 98;
}

/* The executive still serves a well-behaved client. */
static int well_behaved_client_served(char *why, size_t n)
{
	int code = run_child(round_trip_child, 20);
	if (code != 0) {
		snprintf(why, n, "a well-behaved libcpg client failed: %s", round_trip_step(code));
		return 0;
	}
	return 1;
}

/* ---- decoy files --------------------------------------------------------- */

struct decoy {
	char path[PATH_MAX];
	char content[256];
	int own; /* created by us (else the runner's /etc/passwd copy) */
};

static int decoy_make(struct decoy *d)
{
	memset(d, 0, sizeof(*d));
	snprintf(d->content, sizeof(d->content),
		 "root:x:0:0:root:/root:/bin/sh\nhostile:x:%d:%d::/:/bin/false\n", (int)getpid(),
		 (int)getpid());
	const char *copy = getenv("HOSTILE_PASSWD_DECOY");
	struct stat a, b;
	/* Only when /etc/passwd is really the private copy the runner
	 * bind-mounted (same inode), never the system's file. */
	if (copy && *copy && stat(copy, &a) == 0 && stat("/etc/passwd", &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino) {
		strcpy(d->path, "/etc/passwd");
		FILE *f = fopen(d->path, "w");
		if (!f)
			return -1;
		fputs(d->content, f);
		fclose(f);
		return 0;
	}
	snprintf(d->path, sizeof(d->path), "/tmp/hostile-passwd-XXXXXX");
	int fd = mkstemp(d->path);
	if (fd < 0)
		return -1;
	if (write(fd, d->content, strlen(d->content)) != (ssize_t)strlen(d->content)) {
		close(fd);
		return -1;
	}
	close(fd);
	d->own = 1;
	return 0;
}

/* 0 when the decoy still exists with its content. */
static int decoy_intact(struct decoy *d)
{
	char buf[512];
	struct stat st;
	int fd = open(d->path, O_RDONLY);
	if (fd < 0)
		return fail("%s was removed", d->path);
	ssize_t n = read(fd, buf, sizeof(buf));
	if (fstat(fd, &st) != 0)
		st.st_size = -1;
	close(fd);
	if (n != (ssize_t)strlen(d->content) || memcmp(buf, d->content, n) != 0)
		return fail("%s was modified (now %lld bytes)", d->path, (long long)st.st_size);
	return 0;
}

static void decoy_remove(struct decoy *d)
{
	if (d->own)
		unlink(d->path);
}

/* ---- scenarios ------------------------------------------------------------ */

static const char *reply_text(int err)
{
	static char b[32];
	if (err == NO_REPLY_CLOSED)
		return "no reply (connection closed)";
	if (err == NO_REPLY_TIMEOUT)
		return "no reply and no close within 15 s";
	snprintf(b, sizeof(b), "error %d", err);
	return b;
}

static int expect_refused(int err, const char *what)
{
	if (err == CS_OK)
		return fail("%s: setup accepted (CS_OK)", what);
	if (err == NO_REPLY_TIMEOUT)
		return fail("%s: %s (a client library would wait forever)", what, reply_text(err));
	note("%s: %s", what, err < 0 ? "connection closed without reply" : "refused");
	if (err > 0)
		note("error %d", err);
	return 0;
}

static int sc_connect_close(void)
{
	for (int i = 0; i < 50; i++) {
		int fd = sock_connect();
		if (fd < 0)
			return fail("connect failed on attempt %d", i);
		close(fd);
	}
	return 0;
}

static int sc_half_setup(void)
{
	struct raw r;
	unsigned char b[SETUP_SIZE];
	raw_init(&r);
	if (raw_files(&r, DEFAULT_SIZE, DEFAULT_SIZE, DEFAULT_SIZE) != 0)
		return fail("cannot create shm files");
	for (int cut = 1; cut < SETUP_SIZE; cut += 4111) {
		int fd = sock_connect();
		if (fd < 0)
			return fail("connect failed");
		setup_bytes(b, SERVICE_CPG, r.path, r.size);
		send_all(fd, b, cut);
		close(fd);
	}
	usleep(200000);
	/* nothing may have been opened (and so unlinked) */
	for (int i = 0; i < 4; i++)
		if (access(r.path[i], F_OK) != 0) {
			raw_close(&r);
			return fail("%s was consumed by an incomplete setup", r.path[i]);
		}
	raw_close(&r);
	return 0;
}

static int local_get_works(struct raw *r)
{
	unsigned char b[16];
	struct reply rep;
	memset(b, 0, sizeof(b));
	header(b, 16, CPG_REQ_LOCAL_GET);
	int w = raw_request(r, b, sizeof(b), &rep, 5000);
	if (w != 0)
		return fail("local_get: %s", wait_text(w));
	if (rep.error != CS_OK || rep.id != CPG_RES_LOCAL_GET || rep.size != 32)
		return fail("local_get answered size %d id %d error %d", rep.size, rep.id,
			    rep.error);
	return 0;
}

static int sc_slow_setup(void)
{
	struct raw r;
	unsigned char b[SETUP_SIZE];
	int rc;
	raw_init(&r);
	if (raw_files(&r, DEFAULT_SIZE, DEFAULT_SIZE, DEFAULT_SIZE) != 0)
		return fail("cannot create shm files");
	r.fd = sock_connect();
	if (r.fd < 0)
		return fail("connect failed");
	setup_bytes(b, SERVICE_CPG, r.path, r.size);
	/* 1, then 63-byte pieces with pauses: ~1.3 s for the whole request */
	send_all(r.fd, b, 1);
	usleep(100000);
	for (size_t off = 1; off < SETUP_SIZE; off += 63) {
		size_t n = SETUP_SIZE - off < 63 ? SETUP_SIZE - off : 63;
		if (send_all(r.fd, b + off, n) != 0) {
			raw_close(&r);
			return fail("executive closed the connection at byte %zu", off);
		}
		usleep(5000);
	}
	int err = recv_setup_reply(r.fd, 15000);
	if (err != CS_OK) {
		raw_close(&r);
		return fail("slow setup answered %d", err);
	}
	rc = local_get_works(&r);
	raw_close(&r);
	return rc;
}

/* A setup whose four paths all name `path`. */
static int setup_with_paths(const char *path, const char *what)
{
	struct raw r;
	size_t sizes[4] = { CONTROL_SIZE, 4096, 4096, 4096 };
	raw_init(&r);
	for (int i = 0; i < 4; i++)
		snprintf(r.path[i], PATH_MAX, "%s", path);
	int err = raw_setup_sizes(&r, SERVICE_CPG, sizes);
	close(r.fd);
	return expect_refused(err, what);
}

static int sc_setup_passwd(void)
{
	struct decoy d;
	if (decoy_make(&d) != 0)
		return fail("cannot make a decoy file");
	note("naming %s", d.path);
	int rc = setup_with_paths(d.path, "paths outside /dev/shm and /var/run");
	usleep(200000);
	rc |= decoy_intact(&d);
	decoy_remove(&d);
	return rc;
}

static int sc_setup_symlink(void)
{
	struct decoy d;
	struct raw r;
	char link[PATH_MAX];
	if (decoy_make(&d) != 0)
		return fail("cannot make a decoy file");
	raw_init(&r);
	if (raw_files(&r, DEFAULT_SIZE, DEFAULT_SIZE, DEFAULT_SIZE) != 0)
		return fail("cannot create shm files");
	/* the control file becomes a symlink to the decoy */
	snprintf(link, sizeof(link), "%s", r.path[F_CONTROL]);
	munmap(r.map[F_CONTROL], r.size[F_CONTROL]);
	r.map[F_CONTROL] = NULL;
	unlink(link);
	if (symlink(d.path, link) != 0)
		return fail("symlink: %s", strerror(errno));
	int err = raw_setup(&r, SERVICE_CPG);
	int rc = expect_refused(err, "control file is a symlink");
	usleep(200000);
	rc |= decoy_intact(&d);
	raw_close(&r);
	unlink(link);
	decoy_remove(&d);
	return rc;
}

static int sc_setup_foreign_owner(void)
{
	struct raw r;
	if (geteuid() != 0) {
		note("not root: cannot make a file owned by another user; skipped");
		return 0;
	}
	raw_init(&r);
	if (raw_files(&r, DEFAULT_SIZE, DEFAULT_SIZE, DEFAULT_SIZE) != 0)
		return fail("cannot create shm files");
	for (int i = 0; i < 4; i++)
		if (chown(r.path[i], 12345, 12345) != 0)
			return fail("chown: %s", strerror(errno));
	int err = raw_setup(&r, SERVICE_CPG);
	raw_close(&r);
	return expect_refused(err, "files owned by uid 12345");
}

static int sc_setup_nonexistent(void)
{
	char p[PATH_MAX];
	snprintf(p, sizeof(p), "/dev/shm/hostile-does-not-exist-%d", (int)getpid());
	return setup_with_paths(p, "nonexistent files");
}

static int sizes_refused(size_t req, size_t res, size_t disp, size_t ctl, const char *what)
{
	struct raw r;
	size_t sizes[4] = { ctl, req, res, disp };
	raw_init(&r);
	if (raw_files(&r, DEFAULT_SIZE, DEFAULT_SIZE, DEFAULT_SIZE) != 0)
		return fail("cannot create shm files");
	int err = raw_setup_sizes(&r, SERVICE_CPG, sizes);
	raw_close(&r);
	return expect_refused(err, what);
}

static int sc_setup_zero_sizes(void)
{
	return sizes_refused(0, 0, 0, CONTROL_SIZE, "zero buffer sizes") |
	       sizes_refused(DEFAULT_SIZE, DEFAULT_SIZE, DEFAULT_SIZE, 0, "zero control size");
}

static int sc_setup_huge_sizes(void)
{
	return sizes_refused((size_t)1 << 62, (size_t)1 << 62, (size_t)1 << 62, CONTROL_SIZE,
			     "buffer sizes of 2^62") |
	       sizes_refused(DEFAULT_SIZE, DEFAULT_SIZE, SIZE_MAX, CONTROL_SIZE,
			     "dispatch size SIZE_MAX");
}

static int sc_setup_unaligned_dispatch(void)
{
	struct raw r;
	size_t sizes[4] = { CONTROL_SIZE, DEFAULT_SIZE, DEFAULT_SIZE, DEFAULT_SIZE + 100 };
	raw_init(&r);
	if (raw_files(&r, DEFAULT_SIZE, DEFAULT_SIZE, DEFAULT_SIZE + 100) != 0)
		return fail("cannot create shm files");
	int err = raw_setup_sizes(&r, SERVICE_CPG, sizes);
	int rc = 0;
	if (err == NO_REPLY_TIMEOUT) {
		rc = fail("dispatch ring of 1 MiB + 100 bytes: %s", reply_text(err));
	} else if (err == CS_OK) {
		/* accepted: then it has to work */
		note("accepted a dispatch ring of 1 MiB + 100 bytes");
		rc = local_get_works(&r);
	} else {
		note("refused: %s", reply_text(err));
	}
	raw_close(&r);
	return rc;
}

static int service_not_exist(uint32_t service)
{
	struct raw r;
	int err = raw_open(&r, service);
	raw_close(&r);
	if (err != CS_ERR_NOT_EXIST)
		return fail("service %u: expected CS_ERR_NOT_EXIST (12), got %s", service,
			    reply_text(err));
	return 0;
}

static int sc_service_64(void) { return service_not_exist(64); }
static int sc_service_1000(void) { return service_not_exist(1000); }
static int sc_service_ffffffff(void) { return service_not_exist(0xffffffffu); }

static int sc_service_not_loaded(void)
{
	/* CLM (openais, not loaded) and cman (9: not loaded here) */
	return service_not_exist(1) | service_not_exist(9);
}

/* Sends a request whose header says (size, id) and expects the bare
 * 24-byte CS_ERR_INVALID_PARAM reply. */
static int expect_invalid(struct raw *r, int32_t size, int32_t id, const char *what)
{
	unsigned char b[64];
	struct reply rep;
	memset(b, 0, sizeof(b));
	header(b, size, id);
	int w = raw_request(r, b, sizeof(b), &rep, 5000);
	if (w != 0)
		return fail("%s: %s", what, wait_text(w));
	if (rep.size != 24 || rep.error != CS_ERR_INVALID_PARAM)
		return fail("%s: expected a 24-byte CS_ERR_INVALID_PARAM reply, got size %d id %d "
			    "error %d", what, rep.size, rep.id, rep.error);
	return 0;
}

static int with_cpg_conn(int (*fn)(struct raw *))
{
	struct raw r;
	int err = raw_open(&r, SERVICE_CPG);
	if (err != CS_OK) {
		raw_close(&r);
		return fail("setup of a valid CPG connection answered %s", reply_text(err));
	}
	int rc = fn(&r);
	raw_close(&r);
	return rc;
}

static int short_requests(struct raw *r)
{
	return expect_invalid(r, 8, CPG_REQ_LOCAL_GET, "size 8") ||
	       expect_invalid(r, 0, CPG_REQ_LOCAL_GET, "size 0") ||
	       expect_invalid(r, -1, CPG_REQ_LOCAL_GET, "size -1") ||
	       expect_invalid(r, 15, CPG_REQ_JOIN, "join of size 15") ||
	       local_get_works(r);
}

static int sc_request_short(void) { return with_cpg_conn(short_requests); }

static int oversize_requests(struct raw *r)
{
	return expect_invalid(r, DEFAULT_SIZE + 1, CPG_REQ_LOCAL_GET, "size = buffer + 1") ||
	       expect_invalid(r, INT_MAX, CPG_REQ_LOCAL_GET, "size INT_MAX") ||
	       local_get_works(r);
}

static int sc_request_oversize(void) { return with_cpg_conn(oversize_requests); }

static int bad_id_requests(struct raw *r)
{
	return expect_invalid(r, 16, -5, "id -5") ||
	       expect_invalid(r, 16, INT_MIN, "id INT_MIN") ||
	       expect_invalid(r, 16, 9, "id 9 (one past the last CPG function)") ||
	       expect_invalid(r, 16, 1000, "id 1000") ||
	       expect_invalid(r, 16, INT_MAX, "id INT_MAX") ||
	       local_get_works(r);
}

static int sc_request_bad_id(void) { return with_cpg_conn(bad_id_requests); }

static int zc_requests(struct raw *r)
{
	unsigned char b[152];
	struct reply rep;
	struct decoy d;
	int w;

	/* free of a token the executive never handed out */
	memset(b, 0, sizeof(b));
	header(b, 32, ZC_FREE_HEADER);
	put64(b, 16, 4096);
	put64(b, 24, 0x00007f00deadb000ULL);
	w = raw_request(r, b, 32, &rep, 5000);
	if (w != 0)
		return fail("zero-copy free of an unknown token: %s", wait_text(w));
	note("free of an unknown token answered error %d", rep.error);
	if (rep.error == CS_OK)
		return fail("zero-copy free of an unknown token answered CS_OK");

	/* execute of an unknown token */
	memset(b, 0, sizeof(b));
	header(b, 24, ZC_EXECUTE_HEADER);
	put64(b, 16, 0x00007f00deadb000ULL);
	w = raw_request(r, b, 24, &rep, 5000);
	if (w != 0)
		return fail("zero-copy execute of an unknown token: %s", wait_text(w));
	if (rep.error == CS_OK)
		return fail("zero-copy execute of an unknown token answered CS_OK");

	/* alloc naming a file outside /dev/shm */
	if (decoy_make(&d) != 0)
		return fail("cannot make a decoy file");
	memset(b, 0, sizeof(b));
	header(b, 152, ZC_ALLOC_HEADER);
	put64(b, 16, 4096);
	memcpy(b + 24, d.path, strnlen(d.path, 127));
	w = raw_request(r, b, 152, &rep, 5000);
	int rc = 0;
	if (w != 0)
		rc = fail("zero-copy alloc of %s: %s", d.path, wait_text(w));
	else if (rep.error == CS_OK)
		rc = fail("zero-copy alloc of %s answered CS_OK", d.path);
	rc = rc || decoy_intact(&d);
	decoy_remove(&d);
	return rc || local_get_works(r);
}

static int sc_zc_unknown(void) { return with_cpg_conn(zc_requests); }

static int garbage_requests(struct raw *r)
{
	struct reply rep;
	rng_state ^= (uint64_t)getpid() << 20;
	for (int i = 0; i < 300; i++) {
		unsigned char *req = r->map[F_REQUEST];
		size_t n = 16 + rnd() % 4096;
		for (size_t k = 0; k < n; k++)
			req[k] = (unsigned char)rnd();
		/* mostly small sizes and ids near the real ones */
		if (i % 3 == 0) {
			put32(req, 0, (uint32_t)(rnd() % 600));
			put32(req, 8, (uint32_t)(rnd() % 12) - 1);
		}
		raw_post_request(r);
		int w = raw_wait_response(r, 5000);
		if (w != 0)
			return fail("garbage request %d (size %d id %d): %s", i, (int)get32(req, 0),
				    (int)get32(req, 8), wait_text(w));
		rep.error = (int)get32(r->map[F_RESPONSE], 16);
		(void)rep;
	}
	return local_get_works(r);
}

static int sc_garbage_request(void) { return with_cpg_conn(garbage_requests); }

static int many_posts(struct raw *r)
{
	unsigned char b[16];
	/* wake-ups with nothing to do */
	for (int i = 0; i < 100000; i++)
		sem_post(sem_at(r, SEM_REQUEST_OR_FLUSH_OR_EXIT));
	/* requests posted without waiting for their responses */
	memset(b, 0, sizeof(b));
	header(b, 16, CPG_REQ_LOCAL_GET);
	memcpy(r->map[F_REQUEST], b, sizeof(b));
	for (int i = 0; i < 2000; i++)
		sem_post(sem_at(r, SEM_REQUEST));
	for (int i = 0; i < 2000; i++)
		sem_post(sem_at(r, SEM_REQUEST_OR_FLUSH_OR_EXIT));
	/* let the executive work through them, then drain the responses */
	double end = now_s() + 20;
	int drained = 0, quiet = 0;
	while (now_s() < end && quiet < 20) {
		if (sem_trywait(sem_at(r, SEM_RESPONSE)) == 0) {
			drained++;
			quiet = 0;
		} else {
			usleep(50000);
			quiet++;
		}
	}
	note("drained %d responses", drained);
	return local_get_works(r);
}

static int sc_many_posts(void) { return with_cpg_conn(many_posts); }

static int sc_close_pending(void)
{
	for (int i = 0; i < 20; i++) {
		struct raw r;
		unsigned char b[168];
		if (raw_open(&r, SERVICE_CPG) != CS_OK) {
			raw_close(&r);
			return fail("setup failed on round %d", i);
		}
		if (i % 2 == 0) {
			join_request(b, "hostile_pending", getpid());
			memcpy(r.map[F_REQUEST], b, sizeof(b));
		} else {
			/* a 512 KiB mcast: header 24, guarantee, msglen, data */
			memset(r.map[F_REQUEST], 'm', 40 + 512 * 1024);
			header(r.map[F_REQUEST], 40 + 512 * 1024, 2);
			put32(r.map[F_REQUEST], 16, 0);
			put32(r.map[F_REQUEST], 24, 0);
			put32(r.map[F_REQUEST], 32, 512 * 1024);
		}
		raw_post_request(&r);
		/* close at once, and unmap before the executive can answer */
		raw_close(&r);
	}
	return 0;
}

static int garbage_semaphores(struct raw *r)
{
	if (raw_join(r, "hostile_semaphores") != 0)
		return 1;
	/* overwrite the four semaphores and the flags */
	memset(r->map[F_CONTROL] + 8, 0xff, 152 - 8);
	usleep(100000);
	memset(r->map[F_CONTROL] + 16, 0x00, 128);
	put32(r->map[F_CONTROL], 16 + 0, 0x7fffffff); /* a huge count in slot A */
	usleep(100000);
	return 0;
}

static int sc_garbage_semaphores(void) { return with_cpg_conn(garbage_semaphores); }

/* glibc's process-shared sem_t on x86_64: a 64-bit word (count in the low
 * half, waiters in the high half), then the futex "private" flag (0 for
 * shared). Each variant corrupts one field of all four, then closes. */
static int garbage_sem_private(struct raw *r)
{
	if (raw_join(r, "hostile_sem_private") != 0)
		return 1;
	for (int k = 0; k < 4; k++)
		put32(r->map[F_CONTROL], 16 + 32 * k + 8, 0x12345678);
	usleep(100000);
	return 0;
}

static int sc_garbage_sem_private(void) { return with_cpg_conn(garbage_sem_private); }

static int garbage_sem_count(struct raw *r)
{
	if (raw_join(r, "hostile_sem_count") != 0)
		return 1;
	for (int k = 0; k < 4; k++)
		put64(r->map[F_CONTROL], 16 + 32 * k, 0xffffffffffffffffULL);
	usleep(100000);
	return 0;
}

static int sc_garbage_sem_count(void) { return with_cpg_conn(garbage_sem_count); }

/* Multicasts `count` messages of `len` bytes to `group` from a libcpg
 * client; exit status 0 when all were accepted. */
static const char *flood_group;
static long flood_bytes;
static int flood_len = 1024;

static void flood_deliver(cpg_handle_t h, const struct cpg_name *g, uint32_t nodeid,
			  uint32_t pid, void *msg, size_t len)
{
	(void)h; (void)g; (void)nodeid; (void)pid; (void)msg; (void)len;
}

static int flood_child(void)
{
	cpg_callbacks_t cb = { .cpg_deliver_fn = flood_deliver };
	cpg_handle_t h;
	struct cpg_name g;
	static char buf[65536];
	struct iovec iov = { .iov_base = buf, .iov_len = (size_t)flood_len };
	double t0 = now_s();
	long sent = 0;
	cs_error_t e;

	memset(buf, 'f', sizeof(buf));
	memset(&g, 0, sizeof(g));
	g.length = strlen(flood_group);
	memcpy(g.value, flood_group, g.length);
	while ((e = cpg_initialize(&h, &cb)) == CS_ERR_TRY_AGAIN && now_s() - t0 < 10)
		usleep(10000);
	if (e != CS_OK)
		return 10;
	while ((e = cpg_join(h, &g)) == CS_ERR_TRY_AGAIN && now_s() - t0 < 10)
		usleep(10000);
	if (e != CS_OK)
		return 11;
	while (sent < flood_bytes && now_s() - t0 < 30) {
		e = cpg_mcast_joined(h, CPG_TYPE_AGREED, &iov, 1);
		if (e == CS_OK)
			sent += flood_len;
		else if (e == CS_ERR_TRY_AGAIN)
			usleep(500);
		else
			return 12;
		/* keep our own dispatch ring drained */
		cpg_dispatch(h, CS_DISPATCH_ALL);
	}
	cpg_finalize(h);
	return 0;
}

static int garbage_indices(struct raw *r)
{
	if (raw_join(r, "hostile_indices") != 0)
		return 1;
	unsigned char *c = r->map[F_CONTROL];
	put32(c, CTL_READ, 0x7ffffff8);
	put32(c, CTL_WRITE, 0xfffffff0);
	put32(c, CTL_FLOW_CONTROL, 0xabcdef01);
	flood_group = "hostile_indices";
	flood_bytes = 2L * 1024 * 1024;
	flood_len = 4000;
	int code = run_child(flood_child, 40);
	if (code != 0)
		return fail("a member of the group could not send: %s", round_trip_step(code));
	/* and once more with the indices inverted */
	put32(c, CTL_READ, DEFAULT_SIZE - 8);
	put32(c, CTL_WRITE, 8);
	code = run_child(flood_child, 40);
	if (code != 0)
		return fail("a member of the group could not send: %s", round_trip_step(code));
	return 0;
}

static int sc_garbage_indices(void) { return with_cpg_conn(garbage_indices); }

static long env_long(const char *name, long dflt)
{
	const char *v = getenv(name);
	return v && *v ? atol(v) : dflt;
}

static int flood(struct raw *r)
{
	long limit_kb = env_long("HOSTILE_RSS_LIMIT_MB", 128) * 1024;
	if (raw_join(r, "hostile_flood") != 0)
		return 1;
	long before = rss_kb(executive_pid);
	flood_group = "hostile_flood";
	flood_bytes = env_long("HOSTILE_FLOOD_MB", 256) * 1024 * 1024;
	flood_len = 1024;
	double t0 = now_s();
	int code = run_child(flood_child, 60);
	double took = now_s() - t0;
	long after = rss_kb(executive_pid);
	note("flooded in %.1f s; executive RSS %ld kB -> %ld kB", took, before, after);
	if (code != 0)
		return fail("the flooding client failed: %s", round_trip_step(code));
	/* others are still served while the slow reader is connected */
	char why[256];
	if (!well_behaved_client_served(why, sizeof(why)))
		return fail("while a client does not read: %s", why);
	if (before > 0 && after > 0 && after - before > limit_kb)
		return fail("executive grew by %ld MB while a client did not read its dispatch "
			    "ring (limit %ld MB)", (after - before) / 1024, limit_kb / 1024);
	return 0;
}

static int sc_flood_nonreader(void) { return with_cpg_conn(flood); }

/* The client shrinks the files it shares after the executive mapped them:
 * any access by the executive beyond the new end raises SIGBUS there. */
static int sc_shrink_shm(void)
{
	struct raw r;
	int fds[4];
	raw_init(&r);
	if (raw_files(&r, DEFAULT_SIZE, DEFAULT_SIZE, DEFAULT_SIZE) != 0)
		return fail("cannot create shm files");
	for (int i = 0; i < 4; i++)
		fds[i] = open(r.path[i], O_RDWR);
	int err = raw_setup(&r, SERVICE_CPG);
	if (err != CS_OK) {
		raw_close(&r);
		return fail("setup answered %s", reply_text(err));
	}
	if (raw_join(&r, "hostile_shrink") != 0) {
		raw_close(&r);
		return 1;
	}
	/* a request waits in the request buffer, then everything but the
	 * control buffer shrinks to nothing */
	unsigned char b[16];
	memset(b, 0, sizeof(b));
	header(b, 16, CPG_REQ_LOCAL_GET);
	memcpy(r.map[F_REQUEST], b, sizeof(b));
	for (int i = 1; i < 4; i++) {
		munmap(r.map[i], r.size[i]);
		r.map[i] = NULL;
		if (ftruncate(fds[i], 0) != 0)
			return fail("ftruncate: %s", strerror(errno));
	}
	raw_post_request(&r);
	usleep(200000);
	/* traffic to the group makes the executive write the dispatch ring */
	flood_group = "hostile_shrink";
	flood_bytes = 64 * 1024;
	flood_len = 1000;
	run_child(flood_child, 30);
	/* and finally the control buffer too */
	munmap(r.map[F_CONTROL], r.size[F_CONTROL]);
	r.map[F_CONTROL] = NULL;
	if (ftruncate(fds[F_CONTROL], 0) != 0)
		return fail("ftruncate: %s", strerror(errno));
	usleep(200000);
	for (int i = 0; i < 4; i++)
		close(fds[i]);
	raw_close(&r);
	return 0;
}

static int churn_child(void)
{
	double end = now_s() + 8;
	while (now_s() < end) {
		struct raw r;
		raw_open(&r, SERVICE_CPG);
		raw_close(&r);
	}
	return 0;
}

/* Connections closing while others set up: a closed connection's
 * descriptor number is soon reused by a new one, and an executive that
 * forgets the old one by number may stop watching the new. */
static int sc_setup_during_churn(void)
{
	pid_t kids[3];
	int rc = 0;
	for (int k = 0; k < 3; k++) {
		kids[k] = fork();
		if (kids[k] == 0)
			_exit(churn_child());
	}
	double end = now_s() + 8;
	int n = 0;
	while (now_s() < end && rc == 0) {
		struct raw r;
		double t0 = now_s();
		int err = raw_open(&r, n % 2 ? SERVICE_CPG : 64);
		double took = now_s() - t0;
		raw_close(&r);
		if (err != (n % 2 ? CS_OK : CS_ERR_NOT_EXIST))
			rc = fail("setup %d answered %s after %.1f s", n, reply_text(err), took);
		else if (took > 3)
			rc = fail("setup %d took %.1f s", n, took);
		n++;
	}
	for (int k = 0; k < 3; k++) {
		kill(kids[k], SIGKILL);
		waitpid(kids[k], NULL, 0);
	}
	note("%d setups", n);
	return rc;
}

/* ---- the table and the runner ------------------------------------------- */

struct scenario {
	const char *name;
	int (*fn)(void);
	int seconds;
	const char *what;
};

static const struct scenario scenarios[] = {
	{ "connect-close", sc_connect_close, 30, "connect and close at once, 50 times" },
	{ "half-setup", sc_half_setup, 30, "send part of a setup request and close" },
	{ "slow-setup", sc_slow_setup, 60, "setup request in 63-byte pieces over ~1.5 s (must work)" },
	{ "setup-passwd", sc_setup_passwd, 30, "setup naming a file outside /dev/shm and /var/run" },
	{ "setup-symlink", sc_setup_symlink, 30, "setup naming a symlink in /dev/shm" },
	{ "setup-foreign-owner", sc_setup_foreign_owner, 30, "setup naming files owned by another user" },
	{ "setup-nonexistent", sc_setup_nonexistent, 30, "setup naming files that do not exist" },
	{ "setup-zero-sizes", sc_setup_zero_sizes, 30, "setup with zero buffer sizes" },
	{ "setup-huge-sizes", sc_setup_huge_sizes, 30, "setup with huge buffer sizes" },
	{ "setup-unaligned-dispatch", sc_setup_unaligned_dispatch, 30, "dispatch size not a page multiple" },
	{ "setup-during-churn", sc_setup_during_churn, 60, "setups answered promptly while other connections close" },
	{ "service-64", sc_service_64, 30, "setup for service id 64 (expect CS_ERR_NOT_EXIST)" },
	{ "service-1000", sc_service_1000, 30, "setup for service id 1000 (expect CS_ERR_NOT_EXIST)" },
	{ "service-ffffffff", sc_service_ffffffff, 30, "setup for service id 0xffffffff (expect CS_ERR_NOT_EXIST)" },
	{ "service-not-loaded", sc_service_not_loaded, 30, "setup for services 1 and 9, not loaded" },
	{ "request-short", sc_request_short, 30, "request sizes below the 16-byte header" },
	{ "request-oversize", sc_request_oversize, 30, "request sizes beyond the request buffer" },
	{ "request-bad-id", sc_request_bad_id, 30, "negative and out-of-range function ids" },
	{ "zc-unknown", sc_zc_unknown, 30, "zero-copy free/execute of unknown tokens, alloc of a foreign path" },
	{ "garbage-request", sc_garbage_request, 120, "300 requests of random bytes" },
	{ "many-posts", sc_many_posts, 60, "100000 wake-ups and 2000 unanswered requests" },
	{ "close-pending", sc_close_pending, 60, "close while a request is pending, 20 times" },
	{ "garbage-semaphores", sc_garbage_semaphores, 30, "overwrite the control buffer's semaphores, then close" },
	{ "garbage-sem-private", sc_garbage_sem_private, 30, "the semaphores' futex flag words overwritten, then close" },
	{ "garbage-sem-count", sc_garbage_sem_count, 30, "the semaphores' count/waiter words set to all ones, then close" },
	{ "shrink-shm", sc_shrink_shm, 60, "shrink the shared files to nothing after setup, then use them" },
	{ "garbage-indices", sc_garbage_indices, 120, "garbage dispatch ring indices, then traffic to the group" },
	{ "flood-nonreader", sc_flood_nonreader, 150, "a member never reads its dispatch ring while another floods the group" },
};
#define N_SCENARIOS (sizeof(scenarios) / sizeof(scenarios[0]))

static int run_scenario(const struct scenario *s, char *why, size_t n)
{
	int pipefd[2];
	if (pipe(pipefd) != 0)
		return snprintf(why, n, "pipe failed"), 1;
	pid_t c = fork();
	if (c == 0) {
		close(pipefd[0]);
		alarm(s->seconds);
		why_buf[0] = 0;
		int rc = s->fn();
		if (rc)
			(void)!write(pipefd[1], why_buf, strlen(why_buf));
		_exit(rc ? 1 : 0);
	}
	close(pipefd[1]);
	ssize_t got = read(pipefd[0], why, n - 1);
	why[got > 0 ? got : 0] = 0;
	close(pipefd[0]);
	int st;
	while (waitpid(c, &st, 0) < 0 && errno == EINTR)
		;
	if (WIFSIGNALED(st)) {
		if (WTERMSIG(st) == SIGALRM)
			snprintf(why, n, "scenario did not finish within %d s (executive stalled?)",
				 s->seconds);
		else
			snprintf(why, n, "scenario process died of signal %d", WTERMSIG(st));
		return 1;
	}
	return WEXITSTATUS(st) != 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: hostile [-v] [-x NAME]... [NAME...] | hostile -l\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *excluded[N_SCENARIOS + 1];
	int n_excluded = 0, listed = 0;
	const char *chosen[N_SCENARIOS * 2];
	int n_chosen = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-l") == 0) {
			listed = 1;
		} else if (strcmp(argv[i], "-v") == 0) {
			verbose = 1;
		} else if (strcmp(argv[i], "-x") == 0 && i + 1 < argc) {
			if (n_excluded < (int)N_SCENARIOS)
				excluded[n_excluded++] = argv[++i];
		} else if (argv[i][0] == '-') {
			usage();
		} else if (n_chosen < (int)(N_SCENARIOS * 2)) {
			chosen[n_chosen++] = argv[i];
		}
	}
	if (listed) {
		for (size_t i = 0; i < N_SCENARIOS; i++)
			printf("%-26s %s\n", scenarios[i].name, scenarios[i].what);
		return 0;
	}
	for (int i = 0; i < n_chosen; i++) {
		size_t k;
		for (k = 0; k < N_SCENARIOS; k++)
			if (strcmp(chosen[i], scenarios[k].name) == 0)
				break;
		if (k == N_SCENARIOS) {
			fprintf(stderr, "hostile: no scenario %s (see hostile -l)\n", chosen[i]);
			return 2;
		}
	}

	signal(SIGPIPE, SIG_IGN);
	int fd = sock_connect();
	if (fd < 0) {
		fprintf(stderr, "hostile: cannot connect to the executive (@corosync.ipc)\n");
		return 2;
	}
	struct ucred cred;
	socklen_t len = sizeof(cred);
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) {
		fprintf(stderr, "hostile: SO_PEERCRED: %s\n", strerror(errno));
		return 2;
	}
	close(fd);
	executive_pid = cred.pid;
	printf("hostile: executive pid %d, RSS %ld kB\n", (int)executive_pid, rss_kb(executive_pid));
	{
		char why[256];
		if (!well_behaved_client_served(why, sizeof(why))) {
			printf("hostile: before any scenario: %s\n", why);
			return 2;
		}
	}

	int passed = 0, failed = 0, dead = 0, not_run = 0;
	for (size_t i = 0; i < N_SCENARIOS; i++) {
		const struct scenario *s = &scenarios[i];
		int want = n_chosen == 0;
		for (int k = 0; k < n_chosen; k++)
			want |= strcmp(chosen[k], s->name) == 0;
		for (int k = 0; k < n_excluded; k++)
			if (strcmp(excluded[k], s->name) == 0)
				want = 0;
		if (!want)
			continue;
		if (dead) {
			printf("[SKIP] %-26s not run: the executive is gone\n", s->name);
			not_run++;
			continue;
		}
		char why[512] = "";
		double t0 = now_s();
		int bad = run_scenario(s, why, sizeof(why));
		usleep(300000);
		if (!executive_running()) {
			printf("[DEAD] %-26s the executive (pid %d) is gone%s%s\n", s->name,
			       (int)executive_pid, why[0] ? "; scenario: " : "", why);
			dead++;
			continue;
		}
		char served[256];
		if (!well_behaved_client_served(served, sizeof(served))) {
			printf("[FAIL] %-26s %s%s%s\n", s->name, served, why[0] ? "; scenario: " : "",
			       why);
			failed++;
			continue;
		}
		if (bad) {
			printf("[FAIL] %-26s %s (%.1f s)\n", s->name, why, now_s() - t0);
			failed++;
		} else {
			printf("[PASS] %-26s %s (%.1f s)\n", s->name, s->what, now_s() - t0);
			passed++;
		}
		fflush(stdout);
	}
	printf("hostile: %d passed, %d failed, %d killed the executive, %d not run; "
	       "executive RSS %ld kB\n",
	       passed, failed, dead, not_run, executive_running() ? rss_kb(executive_pid) : -1L);
	return failed || dead || not_run ? 1 : 0;
}
