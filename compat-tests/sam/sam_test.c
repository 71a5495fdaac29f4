/*
 * libsam: the watchdog parent and its recovery policies. Each mode runs
 * in its own process tree; the child instances append lines to LOGFILE,
 * which the script compares with what must have happened.
 *
 *   sam_test MODE LOGFILE
 *
 * restart   RESTART policy: instance 1 kills itself with SIGKILL after
 *           sam_start; instance 2 stops checking and exits 42, so the
 *           watchdog exits 42 too.
 * hc        RESTART policy, 1 s interval: instance 1 sends a few health
 *           checks, then none; it gets SIGTERM (the warning), then SIGKILL,
 *           and instance 2 runs.
 * callback  QUIT policy, event driven: the callback reports healthy three
 *           times, then failure; the warning and the kill follow and the
 *           watchdog quits.
 * quit      QUIT policy: instance 1 exits 7 while checked; the watchdog
 *           exits 7 without a restart.
 * api       state machine errors (no fork involved).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <fcntl.h>
#include <unistd.h>
#include <corosync/corotypes.h>
#include <corosync/sam.h>

static const char *logfile;
static volatile sig_atomic_t warned;
static int cb_calls;

#define CHECK_EQ(a, b) do { long long _a = (long long)(a), _b = (long long)(b); \
	if (_a != _b) { fprintf(stderr, "%s:%d: %s == %lld, expected %lld\n", \
		__FILE__, __LINE__, #a, _a, _b); exit(99); } } while (0)

static void logline(const char *fmt, unsigned int v)
{
	char buf[128];
	int fd = open(logfile, O_WRONLY | O_APPEND | O_CREAT, 0644);
	int n = snprintf(buf, sizeof(buf), fmt, v);
	if (fd >= 0) {
		if (write(fd, buf, n) != n)
			exit(98);
		close(fd);
	}
}

static void on_term(int sig)
{
	(void)sig;
	warned = 1;
	logline("instance warned %u\n", 0);
}

static int hc_cb(void)
{
	cb_calls++;
	logline("callback %u\n", cb_calls);
	return cb_calls > 3;
}

int main(int argc, char **argv)
{
	unsigned int id = 0;
	const char *mode;

	if (argc != 3)
		return 2;
	mode = argv[1];
	logfile = argv[2];
	signal(SIGTERM, on_term);

	if (strcmp(mode, "api") == 0) {
		CHECK_EQ(sam_start(), CS_ERR_BAD_HANDLE);
		CHECK_EQ(sam_register(&id), CS_ERR_BAD_HANDLE);
		CHECK_EQ(sam_initialize(100, 7), CS_ERR_INVALID_PARAM);
		CHECK_EQ(sam_initialize(100, SAM_RECOVERY_POLICY_QUIT), CS_OK);
		CHECK_EQ(sam_initialize(100, SAM_RECOVERY_POLICY_QUIT), CS_ERR_BAD_HANDLE);
		CHECK_EQ(sam_hc_send(), CS_ERR_BAD_HANDLE);
		CHECK_EQ(sam_stop(), CS_ERR_BAD_HANDLE);
		CHECK_EQ(sam_hc_callback_register(hc_cb), CS_ERR_BAD_HANDLE);
		CHECK_EQ(sam_warn_signal_set(SIGUSR1), CS_OK);
		CHECK_EQ(sam_finalize(), CS_OK);
		CHECK_EQ(sam_finalize(), CS_ERR_BAD_HANDLE);
		CHECK_EQ(sam_warn_signal_set(SIGUSR1), CS_ERR_BAD_HANDLE);
		CHECK_EQ(sam_register(&id), CS_ERR_BAD_HANDLE);
		logline("api ok%.0u\n", 0);
		return 0;
	}

	if (strcmp(mode, "restart") == 0) {
		CHECK_EQ(sam_initialize(0, SAM_RECOVERY_POLICY_RESTART), CS_OK);
		CHECK_EQ(sam_register(&id), CS_OK);
		logline("instance %u\n", id);
		CHECK_EQ(sam_register(&id), CS_ERR_BAD_HANDLE);
		CHECK_EQ(sam_hc_send(), CS_ERR_BAD_HANDLE);
		CHECK_EQ(sam_start(), CS_OK);
		CHECK_EQ(sam_hc_send(), CS_OK);
		if (id == 1)
			raise(SIGKILL);
		CHECK_EQ(sam_stop(), CS_OK);
		CHECK_EQ(sam_finalize(), CS_OK);
		CHECK_EQ(sam_start(), CS_ERR_BAD_HANDLE);
		return 42;
	}

	if (strcmp(mode, "hc") == 0) {
		int i;
		CHECK_EQ(sam_initialize(1000, SAM_RECOVERY_POLICY_RESTART), CS_OK);
		CHECK_EQ(sam_register(&id), CS_OK);
		logline("instance %u\n", id);
		CHECK_EQ(sam_start(), CS_OK);
		if (id == 1) {
			for (i = 0; i < 5; i++) {
				usleep(50000);
				CHECK_EQ(sam_hc_send(), CS_OK);
			}
			logline("instance stops reporting %u\n", id);
			for (;;)
				pause();
		}
		CHECK_EQ(sam_stop(), CS_OK);
		return 0;
	}

	if (strcmp(mode, "callback") == 0) {
		CHECK_EQ(sam_initialize(1000, SAM_RECOVERY_POLICY_QUIT), CS_OK);
		CHECK_EQ(sam_register(&id), CS_OK);
		logline("instance %u\n", id);
		CHECK_EQ(sam_hc_callback_register(hc_cb), CS_OK);
		CHECK_EQ(sam_start(), CS_OK);
		for (;;)
			pause();
	}

	if (strcmp(mode, "quit") == 0) {
		CHECK_EQ(sam_initialize(0, SAM_RECOVERY_POLICY_QUIT), CS_OK);
		CHECK_EQ(sam_register(&id), CS_OK);
		logline("instance %u\n", id);
		CHECK_EQ(sam_start(), CS_OK);
		return 7;
	}
	return 2;
}
