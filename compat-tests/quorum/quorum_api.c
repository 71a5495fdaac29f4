/*
 * Every call of corosync/quorum.h and corosync/votequorum.h against a
 * running executive with the votequorum provider, with the return codes a
 * corosync 1.4 client sees. One process; exits non-zero at the first
 * difference. Runs unchanged against the original executive.
 *
 *   quorum_api            expects quorum { expected_votes: 1 }
 *   quorum_api -i         expects expected_votes: 3 (starts inquorate)
 *                         and becomes quorate when the expected votes are
 *                         lowered; CPG serves inquorate nodes too
 */
#include "../cpg/check.h"
#include <corosync/quorum.h>
#include <corosync/votequorum.h>

static int q_called;
static uint32_t q_quorate, q_entries;
static uint64_t q_ring;
static quorum_handle_t q_handle_seen;

static void q_notify(quorum_handle_t h, uint32_t quorate, uint64_t ring_seq,
	uint32_t n, uint32_t *list)
{
	(void)list;
	q_called++;
	q_handle_seen = h;
	q_quorate = quorate;
	q_ring = ring_seq;
	q_entries = n;
}

static int v_called, ev_called;
static uint64_t v_context, ev_context;
static uint32_t v_quorate, v_entries, ev_expected;
static votequorum_node_t v_nodes[16];

static void v_notify(votequorum_handle_t h, uint64_t context, uint32_t quorate,
	uint32_t n, votequorum_node_t *list)
{
	(void)h;
	v_called++;
	v_context = context;
	v_quorate = quorate;
	v_entries = n;
	memcpy(v_nodes, list, (n < 16 ? n : 16) * sizeof(*list));
}

static void ev_notify(votequorum_handle_t h, uint64_t context, uint32_t expected)
{
	(void)h;
	ev_called++;
	ev_context = context;
	ev_expected = expected;
}

#define Q_DISPATCH_UNTIL(h, cond) do { \
	double _t0 = now_s(); int _fd; \
	CHECK_EQ(quorum_fd_get((h), &_fd), CS_OK); \
	while (!(cond)) { \
		struct pollfd _p = { .fd = _fd, .events = POLLIN }; \
		CHECK(now_s() - _t0 < 10); \
		if (poll(&_p, 1, 100) > 0) \
			CHECK_EQ(quorum_dispatch((h), CS_DISPATCH_ALL), CS_OK); \
	} \
} while (0)

#define V_DISPATCH_UNTIL(h, cond) do { \
	double _t0 = now_s(); int _fd; \
	CHECK_EQ(votequorum_fd_get((h), &_fd), CS_OK); \
	while (!(cond)) { \
		struct pollfd _p = { .fd = _fd, .events = POLLIN }; \
		CHECK(now_s() - _t0 < 10); \
		if (poll(&_p, 1, 100) > 0) \
			CHECK_EQ(votequorum_dispatch((h), CS_DISPATCH_ALL), CS_OK); \
	} \
} while (0)

static void inquorate_test(void)
{
	quorum_handle_t q;
	votequorum_handle_t v;
	cpg_handle_t c;
	cpg_callbacks_t cb = { NULL, NULL };
	struct cpg_name g;
	struct votequorum_info info;
	quorum_callbacks_t qcb = { q_notify };
	int quorate = -1;

	CHECK_EQ(RETRY(quorum_initialize(&q, &qcb)), CS_OK);
	CHECK_EQ(quorum_getquorate(q, &quorate), CS_OK);
	CHECK_EQ(quorate, 0);
	CHECK_EQ(votequorum_initialize(&v, NULL), CS_OK);
	CHECK_EQ(votequorum_getinfo(v, 0, &info), CS_OK);
	CHECK_EQ(info.node_expected_votes, 3);
	CHECK_EQ(info.quorum, 2);
	CHECK_EQ(info.flags & VOTEQUORUM_INFO_FLAG_QUORATE, 0);

	/* CPG allows inquorate nodes (engines that do not, evs and pload,
	 * answer TRY_AGAIN) */
	CHECK_EQ(cpg_initialize(&c, &cb), CS_OK);
	set_name(&g, "quorum-test");
	CHECK_EQ(RETRY(cpg_join(c, &g)), CS_OK);
	CHECK_EQ(RETRY(cpg_leave(c, &g)), CS_OK);

	/* lowering the expected votes makes this node quorate */
	CHECK_EQ(quorum_trackstart(q, CS_TRACK_CHANGES_ONLY), CS_OK);
	CHECK_EQ(votequorum_setexpected(v, 1), CS_OK);
	Q_DISPATCH_UNTIL(q, q_called > 0 && q_quorate == 1);
	CHECK_EQ(quorum_getquorate(q, &quorate), CS_OK);
	CHECK_EQ(quorate, 1);
	CHECK_EQ(votequorum_getinfo(v, 0, &info), CS_OK);
	CHECK_EQ(info.node_expected_votes, 1);
	CHECK_EQ(info.quorum, 1);
	CHECK(info.flags & VOTEQUORUM_INFO_FLAG_QUORATE);
	CHECK_EQ(RETRY(cpg_join(c, &g)), CS_OK);
	CHECK_EQ(cpg_finalize(c), CS_OK);
	CHECK_EQ(votequorum_finalize(v), CS_OK);
	CHECK_EQ(quorum_finalize(q), CS_OK);
	printf("quorum_api -i: ok\n");
}

int main(int argc, char **argv)
{
	quorum_handle_t q;
	votequorum_handle_t v;
	quorum_callbacks_t qcb = { q_notify };
	votequorum_callbacks_t vcb = { v_notify, ev_notify };
	struct votequorum_info info;
	struct votequorum_qdisk_info qinfo;
	const void *ctx = NULL;
	void *vctx = NULL;
	int quorate = -1, fd = -1;
	unsigned int me;
	char longname[300];

	if (argc > 1 && strcmp(argv[1], "-i") == 0) {
		inquorate_test();
		return 0;
	}

	/* ---- quorum.h ---- */
	CHECK_EQ(RETRY(quorum_initialize(&q, &qcb)), CS_OK);
	CHECK_EQ(quorum_fd_get(q, &fd), CS_OK);
	CHECK(fd >= 0);
	CHECK_EQ(quorum_context_get(q, &ctx), CS_OK);
	CHECK(ctx == NULL);
	CHECK_EQ(quorum_context_set(q, &q), CS_OK);
	CHECK_EQ(quorum_context_get(q, &ctx), CS_OK);
	CHECK(ctx == &q);
	CHECK_EQ(quorum_getquorate(q, &quorate), CS_OK);
	CHECK_EQ(quorate, 1);
	CHECK_EQ(quorum_dispatch(q, 7), CS_ERR_INVALID_PARAM);
	CHECK_EQ(quorum_dispatch(q, CS_DISPATCH_ALL), CS_OK);
	CHECK_EQ(q_called, 0);
	CHECK_EQ(quorum_trackstart(q, CS_TRACK_CURRENT), CS_OK);
	CHECK_EQ(quorum_dispatch(q, CS_DISPATCH_ONE), CS_OK);
	CHECK_EQ(q_called, 1);
	CHECK(q_handle_seen == q);
	CHECK_EQ(q_quorate, 1);
	CHECK_EQ(q_entries, 1);
	CHECK(q_ring > 0);
	/* trackstop answers OK with or without tracking */
	CHECK_EQ(quorum_trackstop(q), CS_OK);
	CHECK_EQ(quorum_trackstop(q), CS_OK);
	CHECK_EQ(quorum_finalize(q), CS_OK);
	CHECK_EQ(quorum_finalize(q), CS_ERR_BAD_HANDLE);
	CHECK_EQ(quorum_getquorate(q, &quorate), CS_ERR_BAD_HANDLE);

	/* ---- votequorum.h ---- */
	CHECK_EQ(RETRY(votequorum_initialize(&v, &vcb)), CS_OK);
	CHECK_EQ(votequorum_fd_get(v, &fd), CS_OK);
	CHECK_EQ(votequorum_context_set(v, &v), CS_OK);
	CHECK_EQ(votequorum_context_get(v, &vctx), CS_OK);
	CHECK(vctx == &v);
	CHECK_EQ(votequorum_dispatch(v, 0), CS_ERR_INVALID_PARAM);
	CHECK_EQ(votequorum_trackstop(v), CS_ERR_NOT_EXIST);
	CHECK_EQ(votequorum_trackstart(v, 42, CS_TRACK_CHANGES), CS_OK);
	V_DISPATCH_UNTIL(v, v_called > 0);
	CHECK_EQ(v_context, 42);
	CHECK_EQ(v_quorate, 1);
	CHECK_EQ(v_entries, 1);
	CHECK_EQ(v_nodes[0].state, NODESTATE_MEMBER);
	me = v_nodes[0].nodeid;

	CHECK_EQ(votequorum_getinfo(v, 0, &info), CS_OK);
	CHECK_EQ(info.node_id, me);
	CHECK_EQ(info.node_votes, 1);
	CHECK_EQ(info.node_expected_votes, 1);
	CHECK_EQ(info.highest_expected, 1);
	CHECK_EQ(info.total_votes, 1);
	CHECK_EQ(info.quorum, 1);
	CHECK_EQ(info.flags, VOTEQUORUM_INFO_FLAG_QUORATE);
	CHECK_EQ(votequorum_getinfo(v, me, &info), CS_OK);
	CHECK_EQ(info.node_id, me);
	CHECK_EQ(votequorum_getinfo(v, 12345, &info), CS_ERR_NOT_EXIST);

	/* votes: the expected votes follow the total, trackers hear of it */
	v_called = 0;
	CHECK_EQ(votequorum_setvotes(v, 0, 3), CS_OK);
	V_DISPATCH_UNTIL(v, ev_called > 0 && v_called > 0);
	CHECK_EQ(ev_context, 42);
	CHECK_EQ(ev_expected, 3);
	CHECK_EQ(votequorum_getinfo(v, 0, &info), CS_OK);
	CHECK_EQ(info.node_votes, 3);
	CHECK_EQ(info.node_expected_votes, 3);
	CHECK_EQ(info.total_votes, 3);
	CHECK_EQ(info.quorum, 2);
	CHECK_EQ(votequorum_setvotes(v, 999, 1), CS_ERR_NAME_NOT_FOUND);
	/* expected votes of 9 would need quorum 5 of 3 votes */
	CHECK_EQ(votequorum_setexpected(v, 9), CS_ERR_INVALID_PARAM);
	/* quorum 2 never decreases below half the highest expected votes */
	CHECK_EQ(votequorum_setvotes(v, me, 1), CS_ERR_INVALID_PARAM);

	/* quorum device */
	CHECK_EQ(votequorum_qdisk_getinfo(v, &qinfo), CS_ERR_NOT_EXIST);
	CHECK_EQ(votequorum_qdisk_poll(v, 1), CS_ERR_NOT_EXIST);
	CHECK_EQ(votequorum_qdisk_unregister(v), CS_ERR_NOT_EXIST);
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	CHECK_EQ(votequorum_qdisk_register(v, longname, 1), CS_ERR_INVALID_PARAM);
	CHECK_EQ(votequorum_qdisk_register(v, "testdisk", 2), CS_OK);
	CHECK_EQ(votequorum_qdisk_register(v, "testdisk", 2), CS_ERR_EXIST);
	CHECK_EQ(votequorum_qdisk_getinfo(v, &qinfo), CS_OK);
	CHECK_EQ(qinfo.votes, 2);
	CHECK_EQ(qinfo.state, 0);
	CHECK(strcmp(qinfo.name, "testdisk") == 0);
	v_called = 0;
	CHECK_EQ(votequorum_qdisk_poll(v, 1), CS_OK);
	V_DISPATCH_UNTIL(v, v_called > 0);
	/* the list holds the device twice: in the node list and at the end */
	CHECK_EQ(v_entries, 3);
	CHECK_EQ(v_nodes[2].nodeid, 0);
	CHECK_EQ(v_nodes[2].state, NODESTATE_MEMBER | 0x80);
	CHECK_EQ(votequorum_qdisk_getinfo(v, &qinfo), CS_OK);
	CHECK_EQ(qinfo.state, 1);
	CHECK_EQ(votequorum_getinfo(v, 0, &info), CS_OK);
	CHECK_EQ(info.total_votes, 3 + 2 + 2);
	CHECK_EQ(votequorum_getinfo(v, VOTEQUORUM_NODEID_QDEVICE, &info), CS_OK);
	CHECK_EQ(info.node_id, 0);
	CHECK_EQ(votequorum_qdisk_poll(v, 0), CS_OK);
	CHECK_EQ(votequorum_qdisk_getinfo(v, &qinfo), CS_OK);
	CHECK_EQ(qinfo.state, 0);
	CHECK_EQ(votequorum_qdisk_unregister(v), CS_OK);
	CHECK_EQ(votequorum_qdisk_getinfo(v, &qinfo), CS_ERR_NOT_EXIST);

	/* state and leaving */
	CHECK_EQ(votequorum_setstate(v), CS_OK);
	CHECK_EQ(votequorum_getinfo(v, 0, &info), CS_OK);
	CHECK(info.flags & VOTEQUORUM_INFO_FLAG_HASSTATE);
	CHECK_EQ(votequorum_leaving(v), CS_OK);

	CHECK_EQ(votequorum_trackstop(v), CS_OK);
	CHECK_EQ(votequorum_trackstop(v), CS_ERR_NOT_EXIST);
	CHECK_EQ(votequorum_finalize(v), CS_OK);
	CHECK_EQ(votequorum_finalize(v), CS_ERR_BAD_HANDLE);
	CHECK_EQ(votequorum_getinfo(v, 0, &info), CS_ERR_BAD_HANDLE);
	printf("quorum_api: ok\n");
	return 0;
}
