/*
 * One EVS member of a multi-host test. Joins group "agree", waits until
 * it has heard a READY from N nodes (answering each new node's READY so
 * late joiners learn about earlier ones), then multicasts M numbered
 * messages and receives the N*M data messages of all nodes. Checks that
 * each sender's messages arrive in sending order, that the ring has N
 * members, and writes a digest of the delivery order (the same on every
 * node when the order is agreed) to the output file.
 *
 * The local node id goes to OUTFILE.me. With -w, the member then waits
 * for the configuration change in which one node leaves and writes that
 * node's id to OUTFILE.left.
 *
 *   evs_member -n NODES -m MESSAGES -o OUTFILE [-w]
 */
#include "check.h"
#include <stdint.h>
#include <sys/uio.h>

#define MAXN 16

static unsigned int ready[MAXN];
static int nready;
static int need_ready_reply;
static unsigned int senders[MAXN];
static int next_seq[MAXN];
static int ndata;
static uint64_t digest = 1469598103934665603ULL;
static size_t last_members;
static unsigned int left_node;

static int sender_index(unsigned int nodeid)
{
	int i;
	for (i = 0; i < MAXN; i++) {
		if (senders[i] == nodeid)
			return i;
		if (senders[i] == 0) {
			senders[i] = nodeid;
			return i;
		}
	}
	CHECK(0);
	return -1;
}

static void mix(uint64_t v)
{
	int i;
	for (i = 0; i < 8; i++) {
		digest ^= (v >> (8 * i)) & 0xff;
		digest *= 1099511628211ULL;
	}
}

static void deliver(hdb_handle_t h, unsigned int nodeid, const void *m, size_t len)
{
	char buf[64];
	int seq, i, known = 0;
	(void)h;
	CHECK(len < sizeof(buf));
	memcpy(buf, m, len);
	buf[len] = 0;
	if (strcmp(buf, "READY") == 0) {
		for (i = 0; i < nready; i++)
			if (ready[i] == nodeid)
				known = 1;
		if (!known) {
			CHECK(nready < MAXN);
			ready[nready++] = nodeid;
			need_ready_reply = 1;
		}
	} else if (sscanf(buf, "D%d", &seq) == 1) {
		i = sender_index(nodeid);
		CHECK_EQ(seq, next_seq[i]);
		next_seq[i]++;
		mix(((uint64_t)nodeid << 32) | (uint32_t)seq);
		ndata++;
	} else {
		fprintf(stderr, "unexpected message '%s'\n", buf);
		exit(1);
	}
}

static void confchg(hdb_handle_t h, const unsigned int *members, size_t nm,
	const unsigned int *left, size_t nl, const unsigned int *joined, size_t nj,
	const struct evs_ring_id *ring)
{
	(void)h; (void)members; (void)joined; (void)nj; (void)ring;
	last_members = nm;
	if (nl == 1)
		left_node = left[0];
}

static evs_callbacks_t callbacks = { deliver, confchg };

static void send_text(evs_handle_t h, const char *text)
{
	struct iovec iov = { (void *)text, strlen(text) };
	CHECK_EQ(RETRY(evs_mcast_joined(h, EVS_TYPE_AGREED, &iov, 1)), CS_OK);
}

int main(int argc, char **argv)
{
	int n = 3, m = 100, opt, i, wait_leave = 0;
	char path[4096];
	const char *out = NULL;
	evs_handle_t h;
	struct evs_group g = group_of("agree");
	unsigned int local, list[MAXN];
	size_t entries = MAXN;
	char text[32];
	FILE *f;

	while ((opt = getopt(argc, argv, "n:m:o:w")) != -1) {
		switch (opt) {
		case 'n': n = atoi(optarg); break;
		case 'm': m = atoi(optarg); break;
		case 'o': out = optarg; break;
		case 'w': wait_leave = 1; break;
		default: return 2;
		}
	}
	CHECK(out != NULL && n > 0 && n <= MAXN);
	CHECK_EQ(evs_initialize(&h, &callbacks), CS_OK);
	CHECK_EQ(evs_join(h, &g, 1), CS_OK);
	send_text(h, "READY");
	while (nready < n) {
		pump(&h, 1);
		if (need_ready_reply) {
			need_ready_reply = 0;
			send_text(h, "READY");
		}
	}
	CHECK_EQ(evs_membership_get(h, &local, list, &entries), CS_OK);
	CHECK_EQ(entries, n);
	for (i = 0; i < m; i++) {
		snprintf(text, sizeof(text), "D%d", i);
		send_text(h, text);
		CHECK_EQ(evs_dispatch(h, CS_DISPATCH_ALL), CS_OK);
	}
	while (ndata < n * m)
		pump(&h, 1);
	CHECK_EQ(last_members, n);
	for (i = 0; i < n; i++)
		CHECK_EQ(next_seq[i], m);
	f = fopen(out, "w");
	CHECK(f != NULL);
	fprintf(f, "%d messages, order digest %016llx\n", ndata, (unsigned long long)digest);
	fclose(f);
	snprintf(path, sizeof(path), "%s.me", out);
	f = fopen(path, "w");
	CHECK(f != NULL);
	fprintf(f, "%x\n", local);
	fclose(f);
	if (wait_leave) {
		while (left_node == 0)
			pump(&h, 1);
		/* the transitional configuration names the node that left */
		CHECK_EQ(last_members, n - 1);
		entries = MAXN;
		CHECK_EQ(evs_membership_get(h, NULL, list, &entries), CS_OK);
		CHECK_EQ(entries, n - 1);
		snprintf(path, sizeof(path), "%s.left", out);
		f = fopen(path, "w");
		CHECK(f != NULL);
		fprintf(f, "%x\n", left_node);
		fclose(f);
	}
	CHECK_EQ(evs_finalize(h), CS_OK);
	return 0;
}
