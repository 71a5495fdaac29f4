/*
 * Every call of corosync/cpg.h against a running executive, with the
 * return codes a corosync 1.4 client sees, including the error paths.
 * One process; exits non-zero at the first difference.
 */
#include "check.h"
#include <sys/uio.h>
#include <pthread.h>

static unsigned int my_nodeid;
static int confchg_count;
static struct cpg_address last_joined[8], last_left[8];
static size_t last_joined_n, last_left_n, last_member_n;
static int delivered;
static char delivered_msg[16][64];
static uint32_t delivered_nodeid, delivered_pid;
static int totem_confchg_count;
static uint64_t totem_ring_seq;
static uint32_t totem_members[16];
static uint32_t totem_member_n;
static int reenter_in_deliver;
static int finalize_in_callback;

static void deliver(cpg_handle_t h, const struct cpg_name *g, uint32_t nodeid,
	uint32_t pid, void *msg, size_t len)
{
	(void)g;
	if (delivered < 16) {
		memset(delivered_msg[delivered], 0, 64);
		memcpy(delivered_msg[delivered], msg, len < 63 ? len : 63);
	}
	delivered++;
	delivered_nodeid = nodeid;
	delivered_pid = pid;
	if (reenter_in_deliver) {
		unsigned int id = 0;
		CHECK_EQ(cpg_local_get(h, &id), CS_OK);
		CHECK_EQ(id, my_nodeid);
	}
	if (finalize_in_callback) {
		CHECK_EQ(cpg_finalize(h), CS_OK);
		finalize_in_callback = 0;
	}
}

static void confchg(cpg_handle_t h, const struct cpg_name *g,
	const struct cpg_address *m, size_t mn,
	const struct cpg_address *l, size_t ln,
	const struct cpg_address *j, size_t jn)
{
	(void)h; (void)g; (void)m;
	confchg_count++;
	last_member_n = mn;
	last_left_n = ln;
	last_joined_n = jn;
	memcpy(last_left, l, (ln < 8 ? ln : 8) * sizeof(*l));
	memcpy(last_joined, j, (jn < 8 ? jn : 8) * sizeof(*j));
}

static void totem_confchg(cpg_handle_t h, struct cpg_ring_id ring,
	uint32_t n, const uint32_t *members)
{
	(void)h;
	totem_confchg_count++;
	totem_ring_seq = ring.seq;
	totem_member_n = n;
	memcpy(totem_members, members, (n < 16 ? n : 16) * sizeof(uint32_t));
}

static void bad_handle_everywhere(cpg_handle_t bad)
{
	struct cpg_name g;
	struct cpg_address members[CPG_MEMBERS_MAX];
	int n;
	int fd;
	void *ctx;
	unsigned int id;
	cpg_flow_control_state_t fc;
	cpg_iteration_handle_t it;
	struct iovec iov = { .iov_base = "x", .iov_len = 1 };
	void *buf;

	set_name(&g, "g");
	CHECK_EQ(cpg_finalize(bad), CS_ERR_BAD_HANDLE);
	CHECK_EQ(cpg_fd_get(bad, &fd), CS_ERR_BAD_HANDLE);
	CHECK_EQ(cpg_context_get(bad, &ctx), CS_ERR_BAD_HANDLE);
	CHECK_EQ(cpg_context_set(bad, NULL), CS_ERR_BAD_HANDLE);
	CHECK_EQ(cpg_dispatch(bad, CS_DISPATCH_ALL), CS_ERR_BAD_HANDLE);
	CHECK_EQ(cpg_join(bad, &g), CS_ERR_BAD_HANDLE);
	CHECK_EQ(cpg_leave(bad, &g), CS_ERR_BAD_HANDLE);
	CHECK_EQ(cpg_mcast_joined(bad, CPG_TYPE_AGREED, &iov, 1), CS_ERR_BAD_HANDLE);
	CHECK_EQ(cpg_membership_get(bad, &g, members, &n), CS_ERR_BAD_HANDLE);
	CHECK_EQ(cpg_local_get(bad, &id), CS_ERR_BAD_HANDLE);
	CHECK_EQ(cpg_flow_control_state_get(bad, &fc), CS_ERR_BAD_HANDLE);
	CHECK_EQ(cpg_zcb_alloc(bad, 10, &buf), CS_ERR_BAD_HANDLE);
	CHECK_EQ(cpg_iteration_initialize(bad, CPG_ITERATION_ALL, NULL, &it), CS_ERR_BAD_HANDLE);
}

static void *blocking_dispatch(void *arg)
{
	cpg_handle_t h = *(cpg_handle_t *)arg;
	return (void *)(long)cpg_dispatch(h, CS_DISPATCH_BLOCKING);
}

int main(void)
{
	cpg_handle_t h, h2, h3;
	cpg_callbacks_t cb = { .cpg_deliver_fn = deliver, .cpg_confchg_fn = confchg };
	cpg_model_v1_data_t model = {
		.model = CPG_MODEL_V1,
		.cpg_deliver_fn = deliver,
		.cpg_confchg_fn = confchg,
		.cpg_totem_confchg_fn = totem_confchg,
		.flags = CPG_MODEL_V1_DELIVER_INITIAL_TOTEM_CONF,
	};
	struct cpg_name g, g2, longname;
	struct cpg_address members[CPG_MEMBERS_MAX];
	int n, fd, i, found;
	void *ctx;
	cpg_flow_control_state_t fc;
	cpg_iteration_handle_t it;
	struct cpg_iteration_description_t desc;
	struct iovec iov[2];
	void *zbuf;
	pthread_t th;
	void *thr_ret;
	cs_error_t e;
	uint32_t pid = getpid();

	set_name(&g, "compat_api");
	set_name(&g2, "compat_api_2");

	/* model checks happen before anything else */
	CHECK_EQ(cpg_model_initialize(&h, 2, (cpg_model_data_t *)&model, NULL), CS_ERR_INVALID_PARAM);
	model.flags = 0x2;
	CHECK_EQ(cpg_model_initialize(&h, CPG_MODEL_V1, (cpg_model_data_t *)&model, NULL), CS_ERR_INVALID_PARAM);
	model.flags = CPG_MODEL_V1_DELIVER_INITIAL_TOTEM_CONF;

	CHECK_EQ(cpg_initialize(&h, &cb), CS_OK);
	CHECK_EQ(cpg_fd_get(h, &fd), CS_OK);
	CHECK(fd >= 0);
	CHECK_EQ(cpg_context_get(h, &ctx), CS_OK);
	CHECK(ctx == NULL);
	CHECK_EQ(cpg_context_set(h, &g), CS_OK);
	CHECK_EQ(cpg_context_get(h, &ctx), CS_OK);
	CHECK(ctx == &g);
	CHECK_EQ(cpg_local_get(h, &my_nodeid), CS_OK);
	CHECK(my_nodeid != 0);

	/* errors before joining */
	memset(&longname, 'x', sizeof(longname));
	longname.length = CPG_MAX_NAME_LENGTH + 1;
	CHECK_EQ(cpg_join(h, &longname), CS_ERR_NAME_TOO_LONG);
	CHECK_EQ(cpg_leave(h, &longname), CS_ERR_NAME_TOO_LONG);
	CHECK_EQ(cpg_membership_get(h, &longname, members, &n), CS_ERR_NAME_TOO_LONG);
	CHECK_EQ(cpg_membership_get(h, &g, NULL, &n), CS_ERR_INVALID_PARAM);
	CHECK_EQ(cpg_membership_get(h, &g, members, NULL), CS_ERR_INVALID_PARAM);
	iov[0].iov_base = "hello"; iov[0].iov_len = 5;
	CHECK_EQ(RETRY(cpg_mcast_joined(h, CPG_TYPE_AGREED, iov, 1)), CS_ERR_NOT_EXIST);
	CHECK_EQ(RETRY(cpg_leave(h, &g)), CS_ERR_NOT_EXIST);

	/* join and see ourselves join */
	CHECK_EQ(RETRY(cpg_join(h, &g)), CS_OK);
	CHECK_EQ(RETRY(cpg_join(h, &g)), CS_ERR_EXIST);
	DISPATCH_UNTIL(h, confchg_count >= 1, 10);
	CHECK_EQ(last_joined_n, 1);
	CHECK_EQ(last_joined[0].nodeid, my_nodeid);
	CHECK_EQ(last_joined[0].pid, pid);
	CHECK_EQ(last_joined[0].reason, CPG_REASON_JOIN);
	CHECK_EQ(last_member_n, 1);

	CHECK_EQ(cpg_membership_get(h, &g, members, &n), CS_OK);
	CHECK_EQ(n, 1);
	CHECK_EQ(members[0].nodeid, my_nodeid);
	CHECK_EQ(members[0].pid, pid);

	/* multicast, with a message split over two iovecs */
	iov[0].iov_base = "mes"; iov[0].iov_len = 3;
	iov[1].iov_base = "sage-0"; iov[1].iov_len = 6;
	CHECK_EQ(RETRY(cpg_mcast_joined(h, CPG_TYPE_AGREED, iov, 2)), CS_OK);
	iov[1].iov_base = "sage-1";
	CHECK_EQ(RETRY(cpg_mcast_joined(h, CPG_TYPE_FIFO, iov, 2)), CS_OK);
	iov[1].iov_base = "sage-2";
	CHECK_EQ(RETRY(cpg_mcast_joined(h, CPG_TYPE_SAFE, iov, 2)), CS_OK);
	DISPATCH_UNTIL(h, delivered >= 3, 10);
	CHECK(strcmp(delivered_msg[0], "message-0") == 0);
	CHECK(strcmp(delivered_msg[1], "message-1") == 0);
	CHECK(strcmp(delivered_msg[2], "message-2") == 0);
	CHECK_EQ(delivered_nodeid, my_nodeid);
	CHECK_EQ(delivered_pid, pid);
	CHECK_EQ(cpg_flow_control_state_get(h, &fc), CS_OK);
	CHECK_EQ(fc, CPG_FLOW_CONTROL_DISABLED);

	/* a zero-length message */
	CHECK_EQ(RETRY(cpg_mcast_joined(h, CPG_TYPE_AGREED, iov, 0)), CS_OK);
	DISPATCH_UNTIL(h, delivered >= 4, 10);
	CHECK(delivered_msg[3][0] == 0);

	/* callbacks may call back into the library */
	reenter_in_deliver = 1;
	iov[0].iov_base = "re"; iov[0].iov_len = 2;
	CHECK_EQ(RETRY(cpg_mcast_joined(h, CPG_TYPE_AGREED, iov, 1)), CS_OK);
	DISPATCH_UNTIL(h, delivered >= 5, 10);
	reenter_in_deliver = 0;

	/* CS_DISPATCH_ONE blocks until one callback arrived */
	iov[0].iov_base = "one"; iov[0].iov_len = 3;
	CHECK_EQ(RETRY(cpg_mcast_joined(h, CPG_TYPE_AGREED, iov, 1)), CS_OK);
	CHECK_EQ(cpg_dispatch(h, CS_DISPATCH_ONE), CS_OK);
	CHECK_EQ(delivered, 6);
	CHECK(strcmp(delivered_msg[5], "one") == 0);
	/* nothing pending: CS_DISPATCH_ALL returns at once */
	CHECK_EQ(cpg_dispatch(h, CS_DISPATCH_ALL), CS_OK);
	CHECK_EQ(delivered, 6);

	/* zero-copy buffers */
	CHECK_EQ(cpg_zcb_alloc(h, 1000, &zbuf), CS_OK);
	CHECK(zbuf != NULL);
	memset(zbuf, 0, 1000);
	strcpy(zbuf, "zero-copy");
	CHECK_EQ(RETRY(cpg_zcb_mcast_joined(h, CPG_TYPE_AGREED, zbuf, 1000)), CS_OK);
	DISPATCH_UNTIL(h, delivered >= 7, 10);
	CHECK(strcmp(delivered_msg[6], "zero-copy") == 0);
	CHECK_EQ(cpg_zcb_free(h, zbuf), CS_OK);

	/* iteration */
	CHECK_EQ(cpg_iteration_initialize(h, CPG_ITERATION_ONE_GROUP, NULL, &it), CS_ERR_INVALID_PARAM);
	CHECK_EQ(cpg_iteration_initialize(h, CPG_ITERATION_ALL, &g, &it), CS_ERR_INVALID_PARAM);
	CHECK_EQ(cpg_iteration_initialize(h, 7, NULL, &it), CS_ERR_INVALID_PARAM);
	CHECK_EQ(cpg_iteration_initialize(h, CPG_ITERATION_ALL, NULL, NULL), CS_ERR_INVALID_PARAM);
	CHECK_EQ(cpg_iteration_initialize(h, CPG_ITERATION_ONE_GROUP, &longname, &it), CS_ERR_NAME_TOO_LONG);

	CHECK_EQ(cpg_iteration_initialize(h, CPG_ITERATION_ALL, NULL, &it), CS_OK);
	CHECK_EQ(cpg_iteration_next(it, NULL), CS_ERR_INVALID_PARAM);
	found = 0;
	while ((e = cpg_iteration_next(it, &desc)) == CS_OK) {
		if (desc.group.length == g.length && memcmp(desc.group.value, g.value, g.length) == 0) {
			CHECK_EQ(desc.pid, pid);
			CHECK_EQ(desc.nodeid, my_nodeid);
			found++;
		}
	}
	CHECK_EQ(e, CS_ERR_NO_SECTIONS);
	CHECK_EQ(found, 1);
	CHECK_EQ(cpg_iteration_finalize(it), CS_OK);
	CHECK_EQ(cpg_iteration_next(it, &desc), CS_ERR_BAD_HANDLE);
	CHECK_EQ(cpg_iteration_finalize(it), CS_ERR_BAD_HANDLE);

	CHECK_EQ(cpg_iteration_initialize(h, CPG_ITERATION_ONE_GROUP, &g, &it), CS_OK);
	CHECK_EQ(cpg_iteration_next(it, &desc), CS_OK);
	CHECK_EQ(desc.pid, pid);
	CHECK_EQ(cpg_iteration_next(it, &desc), CS_ERR_NO_SECTIONS);
	CHECK_EQ(cpg_iteration_finalize(it), CS_OK);

	CHECK_EQ(cpg_iteration_initialize(h, CPG_ITERATION_NAME_ONLY, NULL, &it), CS_OK);
	found = 0;
	while (cpg_iteration_next(it, &desc) == CS_OK) {
		CHECK_EQ(desc.pid, 0);
		CHECK_EQ(desc.nodeid, 0);
		if (desc.group.length == g.length && memcmp(desc.group.value, g.value, g.length) == 0)
			found++;
	}
	CHECK_EQ(found, 1);
	/* left open on purpose: finalize of the handle releases it */

	/* a second connection with model v1 and the initial totem confchg */
	CHECK_EQ(cpg_model_initialize(&h2, CPG_MODEL_V1, (cpg_model_data_t *)&model, &g2), CS_OK);
	CHECK_EQ(cpg_context_get(h2, &ctx), CS_OK);
	CHECK(ctx == &g2);
	confchg_count = 0;
	CHECK_EQ(RETRY(cpg_join(h2, &g2)), CS_OK);
	DISPATCH_UNTIL(h2, totem_confchg_count >= 1, 10);
	CHECK_EQ(confchg_count, 1);
	CHECK(totem_ring_seq > 0);
	found = 0;
	for (i = 0; i < (int)totem_member_n; i++)
		if (totem_members[i] == my_nodeid)
			found = 1;
	CHECK(found);
	/* the same process cannot join the same group twice */
	CHECK_EQ(RETRY(cpg_join(h, &g2)), CS_ERR_EXIST);

	/* leave */
	confchg_count = 0;
	CHECK_EQ(RETRY(cpg_leave(h, &g)), CS_OK);
	DISPATCH_UNTIL(h, confchg_count >= 1, 10);
	CHECK_EQ(last_left_n, 1);
	CHECK_EQ(last_left[0].pid, pid);
	CHECK_EQ(last_left[0].reason, CPG_REASON_LEAVE);
	CHECK_EQ(last_member_n, 0);
	CHECK_EQ(RETRY(cpg_leave(h, &g)), CS_ERR_NOT_EXIST);
	CHECK_EQ(cpg_membership_get(h, &g, members, &n), CS_OK);
	CHECK_EQ(n, 0);

	/* a blocking dispatch returns when another thread finalizes */
	CHECK_EQ(cpg_initialize(&h3, &cb), CS_OK);
	CHECK_EQ(pthread_create(&th, NULL, blocking_dispatch, &h3), 0);
	usleep(200000);
	CHECK_EQ(cpg_finalize(h3), CS_OK);
	CHECK_EQ(pthread_join(th, &thr_ret), 0);
	CHECK(thr_ret == (void *)(long)CS_OK || thr_ret == (void *)(long)CS_ERR_BAD_HANDLE ||
	      thr_ret == (void *)(long)CS_ERR_LIBRARY);

	/* finalize from inside a callback */
	finalize_in_callback = 1;
	iov[0].iov_base = "bye"; iov[0].iov_len = 3;
	CHECK_EQ(RETRY(cpg_mcast_joined(h2, CPG_TYPE_AGREED, iov, 1)), CS_OK);
	e = cpg_dispatch(h2, CS_DISPATCH_BLOCKING);
	CHECK(e == CS_OK || e == CS_ERR_BAD_HANDLE);
	CHECK_EQ(finalize_in_callback, 0);
	CHECK_EQ(cpg_fd_get(h2, &fd), CS_ERR_BAD_HANDLE);

	/* finalize */
	CHECK_EQ(cpg_finalize(h), CS_OK);
	CHECK_EQ(cpg_finalize(h), CS_ERR_BAD_HANDLE);
	bad_handle_everywhere(h);
	bad_handle_everywhere(0);
	bad_handle_everywhere(0x1234567800000000ULL);
	bad_handle_everywhere(~0ULL - 1);
	CHECK_EQ(cpg_iteration_next(it, &desc), CS_ERR_BAD_HANDLE);

	printf("cpg_api: ok\n");
	return 0;
}
