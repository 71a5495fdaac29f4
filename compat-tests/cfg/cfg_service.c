/*
 * Unloading and loading an engine at run time through libcfg
 * (corosync_cfg_service_unload / _load), seen by an evs client and in
 * the runtime.services tree (through libconfdb):
 *
 *   - unload corosync_evs: a connected evs client loses its connection,
 *     new evs clients are refused, runtime.services.evs disappears;
 *   - unloading it again, or an unknown engine, still answers CS_OK and
 *     changes nothing;
 *   - load corosync_evs: clients are served again, the engine works
 *     (a message to our own group comes back) and runtime.services.evs
 *     is back;
 *   - loading an unknown engine answers CS_OK and changes nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/uio.h>
#include <corosync/corotypes.h>
#include <corosync/cfg.h>
#include <corosync/evs.h>
#include <corosync/confdb.h>

#include "../common/check.h"

static int delivered;

static void deliver(hdb_handle_t h, unsigned int nodeid, const void *msg, size_t len)
{
	(void)h; (void)nodeid;
	if (len == 5 && memcmp(msg, "hello", 5) == 0)
		delivered++;
}

static void confchg(hdb_handle_t h, const unsigned int *m, size_t mn,
	const unsigned int *l, size_t ln, const unsigned int *j, size_t jn,
	const struct evs_ring_id *ring)
{
	(void)h; (void)m; (void)mn; (void)l; (void)ln; (void)j; (void)jn; (void)ring;
}

static evs_callbacks_t evs_cb = { .evs_deliver_fn = deliver, .evs_confchg_fn = confchg };

/* whether runtime.services.<name> exists */
static int runtime_service(const char *name)
{
	confdb_handle_t c;
	confdb_callbacks_t cb = { 0 };
	hdb_handle_t rt, svcs, obj;
	int found = 0;

	CHECK_EQ(confdb_initialize(&c, &cb), CS_OK);
	CHECK_EQ(confdb_object_find_start(c, OBJECT_PARENT_HANDLE), CS_OK);
	CHECK_EQ(confdb_object_find(c, OBJECT_PARENT_HANDLE, "runtime", 7, &rt), CS_OK);
	CHECK_EQ(confdb_object_find_start(c, rt), CS_OK);
	CHECK_EQ(confdb_object_find(c, rt, "services", 8, &svcs), CS_OK);
	CHECK_EQ(confdb_object_find_start(c, svcs), CS_OK);
	if (confdb_object_find(c, svcs, name, strlen(name), &obj) == CS_OK)
		found = 1;
	confdb_finalize(c);
	return found;
}

/* waits up to 3 s for evs_initialize to give `want` */
static void evs_init_gives(cs_error_t want)
{
	evs_handle_t e;
	cs_error_t got = CS_OK;
	int i;

	for (i = 0; i < 60; i++) {
		got = evs_initialize(&e, &evs_cb);
		if (got == CS_OK)
			evs_finalize(e);
		if (got == want)
			return;
		usleep(50000);
	}
	fprintf(stderr, "evs_initialize gave %d, expected %d\n", got, want);
	exit(1);
}

int main(void)
{
	corosync_cfg_handle_t h;
	evs_handle_t e;
	cs_error_t r;
	struct evs_group g = { .key = "cfg_service" };
	struct iovec iov = { .iov_base = "hello", .iov_len = 5 };
	int i;

	for (i = 0; i < 50; i++) {
		r = corosync_cfg_initialize(&h, NULL);
		if (r != CS_ERR_TRY_AGAIN)
			break;
		usleep(100000);
	}
	CHECK_EQ(r, CS_OK);

	CHECK_EQ(evs_initialize(&e, &evs_cb), CS_OK);
	CHECK(runtime_service("evs"));

	CHECK_EQ(corosync_cfg_service_unload(h, "corosync_evs", 0), CS_OK);
	evs_init_gives(CS_ERR_NOT_EXIST);
	/* the connected client was disconnected */
	for (i = 0; i < 60; i++) {
		r = evs_dispatch(e, CS_DISPATCH_ALL);
		if (r != CS_OK)
			break;
		usleep(50000);
	}
	CHECK(r != CS_OK);
	evs_finalize(e);
	CHECK(!runtime_service("evs"));
	CHECK(runtime_service("cpg"));

	/* again, an unknown engine, a wrong version: no effect */
	CHECK_EQ(corosync_cfg_service_unload(h, "corosync_evs", 0), CS_OK);
	CHECK_EQ(corosync_cfg_service_unload(h, "corosync_nothing", 0), CS_OK);
	CHECK_EQ(corosync_cfg_service_unload(h, "corosync_cpg", 7), CS_OK);
	CHECK(runtime_service("cpg"));

	CHECK_EQ(corosync_cfg_service_load(h, "corosync_evs", 0), CS_OK);
	evs_init_gives(CS_OK);
	CHECK(runtime_service("evs"));
	CHECK_EQ(evs_initialize(&e, &evs_cb), CS_OK);
	CHECK_EQ(evs_join(e, &g, 1), CS_OK);
	for (i = 0; i < 50; i++) {
		r = evs_mcast_joined(e, EVS_TYPE_AGREED, &iov, 1);
		if (r != CS_ERR_TRY_AGAIN)
			break;
		usleep(20000);
	}
	CHECK_EQ(r, CS_OK);
	for (i = 0; i < 100 && delivered == 0; i++) {
		CHECK_EQ(evs_dispatch(e, CS_DISPATCH_ALL), CS_OK);
		usleep(20000);
	}
	CHECK_EQ(delivered, 1);
	evs_finalize(e);

	/* a second load of a running engine and an unknown one: no effect */
	CHECK_EQ(corosync_cfg_service_load(h, "corosync_evs", 0), CS_OK);
	CHECK_EQ(corosync_cfg_service_load(h, "corosync_nothing", 0), CS_OK);
	CHECK(runtime_service("evs"));
	evs_init_gives(CS_OK);

	corosync_cfg_finalize(h);
	printf("cfg_service: unload and load of corosync_evs ok\n");
	return 0;
}
