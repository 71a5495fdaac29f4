/*
 * libcfg against a running executive on a one-host test ring:
 * local node id, ring status, node addresses, argument and handle errors,
 * and the negotiated shutdown with a tracking client (refusal, a second
 * request while one runs, the timeout, and finally consent, after which
 * the executive must exit).
 *
 *   cfg_api [-t]     -t: the configuration sets cfg { shutdown_timeout: 1 }
 *                    and the timeout path is exercised too
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <pthread.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <corosync/corotypes.h>
#include <corosync/cfg.h>

#include "../common/check.h"

/* the tracker's state, shared with its dispatch thread */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int questions;		/* shutdown callbacks seen */
static int answer = -1;		/* -1: stay silent, else the reply to give */
static corosync_cfg_handle_t tracker;
static corosync_cfg_shutdown_flags_t last_flags;

static void shutdown_cb(corosync_cfg_handle_t h, corosync_cfg_shutdown_flags_t flags)
{
	int a;
	CHECK(h == tracker);
	pthread_mutex_lock(&mu);
	questions++;
	last_flags = flags;
	a = answer;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
	if (a >= 0)
		CHECK_EQ(corosync_cfg_replyto_shutdown(h, a), CS_OK);
}

static void *dispatcher(void *arg)
{
	(void)arg;
	/* returns when the executive goes away */
	corosync_cfg_dispatch(tracker, CS_DISPATCH_BLOCKING);
	return NULL;
}

static void wait_questions(int n)
{
	pthread_mutex_lock(&mu);
	while (questions < n)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
}

struct req { corosync_cfg_handle_t h; int flags; cs_error_t result; };

static void *requester(void *arg)
{
	struct req *r = arg;
	r->result = corosync_cfg_try_shutdown(r->h, r->flags);
	return NULL;
}

int main(int argc, char **argv)
{
	int with_timeout = argc > 1 && strcmp(argv[1], "-t") == 0;
	corosync_cfg_handle_t h, h2, bad = 0x1234567;
	corosync_cfg_callbacks_t cb = { NULL, shutdown_cb };
	unsigned int nodeid = 0, count = 0, i;
	char **names, **status;
	corosync_cfg_node_address_t addrs[4];
	int n = -1, fd = -1;
	char longname[300];
	pthread_t t, tr;
	struct req r;

	/* an executive still forming its first ring answers TRY_AGAIN */
	for (i = 0; i < 50; i++) {
		cs_error_t e = corosync_cfg_initialize(&h, NULL);
		if (e != CS_ERR_TRY_AGAIN) {
			CHECK_EQ(e, CS_OK);
			break;
		}
		usleep(100000);
	}
	CHECK(i < 50);
	CHECK_EQ(corosync_cfg_fd_get(h, &fd), CS_OK);
	CHECK(fd >= 0);

	/* local node id: the ring-0 address 127.0.0.1 as a node id */
	CHECK_EQ(corosync_cfg_local_get(h, &nodeid), CS_OK);
	CHECK_EQ(nodeid, 0x0100007f);

	/* ring status: one ring, its address and no fault */
	CHECK_EQ(corosync_cfg_ring_status_get(h, &names, &status, &count), CS_OK);
	CHECK_EQ(count, 1);
	CHECK(strcmp(names[0], "127.0.0.1") == 0);
	CHECK(strcmp(status[0], "ring 0 active with no faults") == 0);
	for (i = 0; i < count; i++) {
		free(names[i]);
		free(status[i]);
	}
	free(names);
	free(status);
	CHECK_EQ(corosync_cfg_ring_reenable(h), CS_OK);

	/* addresses: node 0 is this node; an unknown node has none (the call
	 * succeeds, errno holds the reply's CS_ERR_NOT_EXIST) */
	memset(addrs, 0, sizeof(addrs));
	CHECK_EQ(corosync_cfg_get_node_addrs(h, 0, 4, &n, addrs), CS_OK);
	CHECK_EQ(n, 1);
	CHECK_EQ(addrs[0].address_length, sizeof(struct sockaddr_in));
	{
		struct sockaddr_in *sin = (struct sockaddr_in *)addrs[0].address;
		CHECK_EQ(sin->sin_family, AF_INET);
		CHECK_EQ(sin->sin_addr.s_addr, htonl(0x7f000001));
	}
	CHECK_EQ(corosync_cfg_get_node_addrs(h, nodeid, 4, &n, addrs), CS_OK);
	CHECK_EQ(n, 1);
	errno = 0;
	CHECK_EQ(corosync_cfg_get_node_addrs(h, 424242, 4, &n, addrs), CS_OK);
	CHECK_EQ(n, 0);
	CHECK_EQ(errno, CS_ERR_NOT_EXIST);

	/* errors */
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	CHECK_EQ(corosync_cfg_kill_node(h, 99, longname), CS_ERR_NAME_TOO_LONG);
	CHECK_EQ(corosync_cfg_kill_node(h, 424242, "nobody here"), CS_OK);
	CHECK_EQ(corosync_cfg_crypto_set(h, 1), CS_ERR_INVALID_PARAM);
	CHECK_EQ(corosync_cfg_local_get(bad, &nodeid), CS_ERR_BAD_HANDLE);
	CHECK_EQ(corosync_cfg_ring_reenable(bad), CS_ERR_BAD_HANDLE);
	CHECK_EQ(corosync_cfg_try_shutdown(bad, COROSYNC_CFG_SHUTDOWN_FLAG_REQUEST),
		CS_ERR_BAD_HANDLE);
	/* loading an engine the executive does not have still answers OK */
	CHECK_EQ(corosync_cfg_service_load(h, "no_such_engine", 0), CS_OK);

	/* a tracking client */
	CHECK_EQ(corosync_cfg_initialize(&tracker, &cb), CS_OK);
	CHECK_EQ(corosync_cfg_state_track(tracker, 0, NULL), CS_OK);
	CHECK_EQ(pthread_create(&t, NULL, dispatcher, NULL), 0);

	/* 1: the tracker refuses */
	pthread_mutex_lock(&mu);
	answer = COROSYNC_CFG_SHUTDOWN_FLAG_NO;
	pthread_mutex_unlock(&mu);
	CHECK_EQ(corosync_cfg_try_shutdown(h, COROSYNC_CFG_SHUTDOWN_FLAG_REQUEST), CS_ERR_BUSY);
	CHECK_EQ(questions, 1);
	CHECK_EQ(last_flags, COROSYNC_CFG_SHUTDOWN_FLAG_REQUEST);

	/* 2: a second request while one waits for answers */
	pthread_mutex_lock(&mu);
	answer = -1;
	pthread_mutex_unlock(&mu);
	r.h = h;
	r.flags = COROSYNC_CFG_SHUTDOWN_FLAG_REQUEST;
	CHECK_EQ(pthread_create(&tr, NULL, requester, &r), 0);
	wait_questions(2);
	CHECK_EQ(corosync_cfg_initialize(&h2, NULL), CS_OK);
	CHECK_EQ(corosync_cfg_try_shutdown(h2, COROSYNC_CFG_SHUTDOWN_FLAG_REQUEST), CS_ERR_EXIST);
	if (with_timeout) {
		/* 3: nobody answers: the timeout cancels it (the notice of the
		 * timeout goes only to trackers that once asked for a shutdown
		 * themselves, so this tracker hears nothing more) */
		pthread_join(tr, NULL);
		CHECK_EQ(r.result, CS_ERR_BUSY);
	} else {
		CHECK_EQ(corosync_cfg_replyto_shutdown(tracker, COROSYNC_CFG_SHUTDOWN_FLAG_NO), CS_OK);
		pthread_join(tr, NULL);
		CHECK_EQ(r.result, CS_ERR_BUSY);
	}
	CHECK_EQ(corosync_cfg_finalize(h2), CS_OK);
	CHECK_EQ(corosync_cfg_finalize(h2), CS_ERR_BAD_HANDLE);

	/* 4: consent: the executive shuts down */
	pthread_mutex_lock(&mu);
	answer = COROSYNC_CFG_SHUTDOWN_FLAG_YES;
	pthread_mutex_unlock(&mu);
	CHECK_EQ(corosync_cfg_try_shutdown(h, COROSYNC_CFG_SHUTDOWN_FLAG_REQUEST), CS_OK);
	/* the tracker's dispatch ends when the executive closes it */
	pthread_join(t, NULL);
	/* and nobody answers any more */
	for (i = 0; i < 100; i++) {
		if (corosync_cfg_initialize(&h2, NULL) != CS_OK)
			break;
		corosync_cfg_finalize(h2);
		usleep(100000);
	}
	CHECK(i < 100);
	corosync_cfg_finalize(h);
	corosync_cfg_finalize(tracker);
	printf("ok   cfg_api%s\n", with_timeout ? " -t" : "");
	return 0;
}
