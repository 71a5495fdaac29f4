/* Small helpers shared by the CPG compatibility tests. */
#ifndef COMPAT_CHECK_H
#define COMPAT_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <poll.h>
#include <time.h>
#include <corosync/corotypes.h>
#include <corosync/cpg.h>

#include "../common/check.h"

static inline void set_name(struct cpg_name *n, const char *s)
{
	memset(n, 0, sizeof(*n));
	n->length = strlen(s);
	memcpy(n->value, s, n->length);
}

static inline double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Retries a call while it answers CS_ERR_TRY_AGAIN (the executive is
 * synchronising or totem is full), for at most 10 seconds. */
#define RETRY(expr) ({ \
	cs_error_t _e; double _t0 = now_s(); \
	while ((_e = (expr)) == CS_ERR_TRY_AGAIN && now_s() - _t0 < 10) \
		usleep(1000); \
	_e; })

/* Dispatches until cond holds or the timeout (seconds) expires. */
#define DISPATCH_UNTIL(h, cond, timeout) do { \
	double _t0 = now_s(); int _fd; \
	CHECK_EQ(cpg_fd_get((h), &_fd), CS_OK); \
	while (!(cond)) { \
		struct pollfd _p = { .fd = _fd, .events = POLLIN }; \
		if (now_s() - _t0 > (timeout)) { \
			fprintf(stderr, "%s:%d: timed out waiting for %s\n", __FILE__, __LINE__, #cond); \
			exit(1); \
		} \
		if (poll(&_p, 1, 100) > 0) \
			CHECK_EQ(cpg_dispatch((h), CS_DISPATCH_ALL), CS_OK); \
	} \
} while (0)

#endif
