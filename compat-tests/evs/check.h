/* Small helpers shared by the EVS compatibility tests. */
#ifndef COMPAT_EVS_CHECK_H
#define COMPAT_EVS_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <poll.h>
#include <corosync/corotypes.h>
#include <corosync/evs.h>

#include "../common/check.h"

static inline struct evs_group group_of(const char *s)
{
	struct evs_group g;
	memset(&g, 0, sizeof(g));
	memcpy(g.key, s, strlen(s) < sizeof(g.key) ? strlen(s) : sizeof(g.key));
	return g;
}

/* One round: waits up to 100 ms for callbacks on the handles in hs and
 * dispatches them. Gives up after ~600 rounds (a hung test fails). */
static inline void pump(evs_handle_t *hs, int n)
{
	static int rounds;
	struct pollfd p[8];
	int i;
	CHECK(rounds++ < 600);
	for (i = 0; i < n; i++) {
		int fd;
		CHECK_EQ(evs_fd_get(hs[i], &fd), CS_OK);
		p[i].fd = fd;
		p[i].events = POLLIN;
		p[i].revents = 0;
	}
	poll(p, n, 100);
	for (i = 0; i < n; i++)
		CHECK_EQ(evs_dispatch(hs[i], CS_DISPATCH_ALL), CS_OK);
}

/* evs_mcast_* answer TRY_AGAIN while totem's queue is full. */
#define RETRY(call) ({ cs_error_t _e; int _n = 0; \
	while ((_e = (call)) == CS_ERR_TRY_AGAIN) { CHECK(_n++ < 100000); usleep(1000); } _e; })

#endif
