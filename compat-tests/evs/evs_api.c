/*
 * The EVS API on one host: the configuration sent on connect, membership,
 * join/leave and their errors, delivery only to the members of the
 * addressed groups, agreed order, context, fd and handle checks.
 */
#include "check.h"
#include <sys/uio.h>

#define MSGS 200

struct who {
	int confchgs;
	unsigned int members;
	int seq_joined;		/* next expected "J<n>" */
	int key1_only;		/* "K1" messages seen */
	int key2_only;		/* "K2" messages seen */
	int marker;		/* "M<n>" seen, n */
	unsigned int from;
};

static struct who who[2];
static evs_handle_t hs[2];

static struct who *who_of(hdb_handle_t h)
{
	void *ctx = NULL;
	CHECK_EQ(evs_context_get(h, &ctx), CS_OK);
	CHECK(ctx == &who[0] || ctx == &who[1]);
	return ctx;
}

static void deliver(hdb_handle_t h, unsigned int nodeid, const void *m, size_t len)
{
	struct who *w = who_of(h);
	char buf[64];
	int n;
	CHECK(len < sizeof(buf));
	memcpy(buf, m, len);
	buf[len] = 0;
	w->from = nodeid;
	if (sscanf(buf, "J%d", &n) == 1) {
		CHECK_EQ(n, w->seq_joined);
		CHECK_EQ(len, strlen(buf));
		w->seq_joined++;
	} else if (strcmp(buf, "K1") == 0) {
		w->key1_only++;
	} else if (strcmp(buf, "K2") == 0) {
		w->key2_only++;
	} else if (sscanf(buf, "M%d", &n) == 1) {
		w->marker = n;
	} else {
		fprintf(stderr, "unexpected message '%s'\n", buf);
		exit(1);
	}
}

static void confchg(hdb_handle_t h, const unsigned int *members, size_t nm,
	const unsigned int *left, size_t nl, const unsigned int *joined, size_t nj,
	const struct evs_ring_id *ring)
{
	struct who *w = who_of(h);
	(void)left; (void)nl; (void)joined; (void)nj;
	CHECK(ring == NULL);
	CHECK(nm >= 1);
	w->members = members[0];
	w->confchgs++;
}

static evs_callbacks_t callbacks = { deliver, confchg };

int main(void)
{
	struct evs_group k1 = group_of("key1"), k2 = group_of("key2"), k3 = group_of("key3");
	struct evs_group both[2], many[51];
	unsigned int local = 0, list[8];
	size_t entries;
	char text[32];
	struct iovec iov[2];
	int i;
	evs_handle_t dead;

	for (i = 0; i < 2; i++) {
		CHECK_EQ(evs_initialize(&hs[i], &callbacks), CS_OK);
		CHECK_EQ(evs_context_set(hs[i], &who[i]), CS_OK);
	}

	/* every new connection is told the current configuration */
	CHECK_EQ(evs_dispatch(hs[0], CS_DISPATCH_ONE), CS_OK);
	CHECK_EQ(who[0].confchgs, 1);
	while (who[1].confchgs == 0)
		pump(hs, 2);

	entries = 8;
	CHECK_EQ(evs_membership_get(hs[0], &local, list, &entries), CS_OK);
	CHECK_EQ(entries, 1);
	CHECK_EQ(list[0], local);
	CHECK_EQ(who[0].members, local);
	entries = 0;
	CHECK_EQ(evs_membership_get(hs[0], NULL, list, &entries), CS_OK);
	CHECK_EQ(entries, 0);

	/* join and leave */
	both[0] = k1;
	both[1] = k2;
	CHECK_EQ(evs_join(hs[0], both, 2), CS_OK);
	CHECK_EQ(evs_join(hs[1], &k2, 1), CS_OK);
	CHECK_EQ(evs_leave(hs[0], &k3, 1), CS_ERR_NOT_EXIST);
	for (i = 0; i < 51; i++) {
		snprintf(text, sizeof(text), "g%d", i);
		many[i] = group_of(text);
	}
	CHECK_EQ(evs_join(hs[1], many, 51), CS_ERR_TOO_MANY_GROUPS);
	CHECK_EQ(evs_join(hs[1], many, 50), CS_OK);
	CHECK_EQ(evs_leave(hs[1], many, 50), CS_OK);
	CHECK_EQ(evs_leave(hs[1], many, 1), CS_ERR_NOT_EXIST);

	/* mcast_joined from hs[0] reaches both (both are in key2), in order,
	 * the message gathered from two iovecs */
	for (i = 0; i < MSGS; i++) {
		snprintf(text, sizeof(text), "J%d", i);
		iov[0].iov_base = text;
		iov[0].iov_len = 1;
		iov[1].iov_base = text + 1;
		iov[1].iov_len = strlen(text) - 1;
		CHECK_EQ(RETRY(evs_mcast_joined(hs[0], EVS_TYPE_AGREED, iov, 2)), CS_OK);
	}
	/* mcast_groups from hs[1] to key1 only: hs[1] itself is not in key1 */
	iov[0].iov_base = "K1";
	iov[0].iov_len = 2;
	CHECK_EQ(RETRY(evs_mcast_groups(hs[1], EVS_TYPE_AGREED, &k1, 1, iov, 1)), CS_OK);
	iov[0].iov_base = "M1";
	CHECK_EQ(RETRY(evs_mcast_groups(hs[1], EVS_TYPE_AGREED, both, 2, iov, 1)), CS_OK);
	while (who[0].marker != 1 || who[1].marker != 1) {
		pump(hs, 2);
	}
	CHECK_EQ(who[0].seq_joined, MSGS);
	CHECK_EQ(who[1].seq_joined, MSGS);
	CHECK_EQ(who[0].key1_only, 1);
	CHECK_EQ(who[1].key1_only, 0);
	CHECK_EQ(who[0].from, local);

	/* after leaving key2, hs[0] no longer gets key2 messages */
	CHECK_EQ(evs_leave(hs[0], &k2, 1), CS_OK);
	iov[0].iov_base = "K2";
	CHECK_EQ(RETRY(evs_mcast_groups(hs[1], EVS_TYPE_AGREED, &k2, 1, iov, 1)), CS_OK);
	iov[0].iov_base = "M2";
	CHECK_EQ(RETRY(evs_mcast_groups(hs[1], EVS_TYPE_AGREED, both, 2, iov, 1)), CS_OK);
	while (who[0].marker != 2 || who[1].marker != 2) {
		pump(hs, 2);
	}
	CHECK_EQ(who[0].key2_only, 0);
	CHECK_EQ(who[1].key2_only, 1);

	/* handles */
	dead = hs[1];
	CHECK_EQ(evs_finalize(hs[1]), CS_OK);
	CHECK_EQ(evs_finalize(dead), CS_ERR_BAD_HANDLE);
	CHECK_EQ(evs_dispatch(dead, CS_DISPATCH_ALL), CS_ERR_BAD_HANDLE);
	CHECK_EQ(evs_join(dead, &k1, 1), CS_ERR_BAD_HANDLE);
	CHECK_EQ(evs_finalize(hs[0]), CS_OK);
	printf("evs_api: ok\n");
	return 0;
}
