/*
 * A client notices that the executive went away: after the executive is
 * stopped (SIGTERM to $EXECUTIVE_PID), cpg_dispatch must return an error
 * instead of CS_OK, so that a daemon waiting on the descriptor does not
 * spin on it. Prints the error.
 *
 *   cpg_lost [-k]     -k: SIGKILL instead of SIGTERM
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <poll.h>
#include <corosync/corotypes.h>
#include <corosync/cpg.h>

static void deliver(cpg_handle_t h, const struct cpg_name *g, uint32_t n, uint32_t p, void *m, size_t l)
{
	(void)h; (void)g; (void)n; (void)p; (void)m; (void)l;
}

static void confchg(cpg_handle_t h, const struct cpg_name *g,
	const struct cpg_address *m, size_t mn, const struct cpg_address *l, size_t ln,
	const struct cpg_address *j, size_t jn)
{
	(void)h; (void)g; (void)m; (void)mn; (void)l; (void)ln; (void)j; (void)jn;
}

int main(int argc, char **argv)
{
	cpg_callbacks_t cb = { .cpg_deliver_fn = deliver, .cpg_confchg_fn = confchg };
	struct cpg_name group = { .length = 8, .value = "cpg_lost" };
	const char *pid = getenv("EXECUTIVE_PID");
	int sig = (argc > 1 && strcmp(argv[1], "-k") == 0) ? SIGKILL : SIGTERM;
	cpg_handle_t h;
	cs_error_t e;
	int fd, i;

	if (!pid) {
		fprintf(stderr, "EXECUTIVE_PID is not set\n");
		return 2;
	}
	for (i = 0; i < 50; i++) {
		e = cpg_initialize(&h, &cb);
		if (e != CS_ERR_TRY_AGAIN)
			break;
		usleep(100000);
	}
	if (e != CS_OK || cpg_join(h, &group) != CS_OK || cpg_fd_get(h, &fd) != CS_OK) {
		fprintf(stderr, "setup failed\n");
		return 1;
	}
	/* take the join's callbacks */
	for (i = 0; i < 10; i++) {
		cpg_dispatch(h, CS_DISPATCH_ALL);
		usleep(20000);
	}
	kill(atoi(pid), sig);
	for (i = 0; i < 200; i++) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		poll(&p, 1, 100);
		e = cpg_dispatch(h, CS_DISPATCH_ALL);
		if (e != CS_OK) {
			printf("cpg_dispatch after the executive went: error %d\n", e);
			return 0;
		}
	}
	fprintf(stderr, "cpg_dispatch kept returning CS_OK for 20 s after the executive went\n");
	return 1;
}
