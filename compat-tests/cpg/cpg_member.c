/*
 * One member of a group spread over several hosts. Joins, waits until the
 * group has the expected number of members, multicasts its messages, and
 * runs until it has delivered every message of every member; then writes
 * a summary line (count and a hash of the delivery order) to the output
 * file. Members on all hosts must write the same line.
 *
 *   cpg_member -o FILE [-g group] [-n members] [-m messages] [-t timeout]
 *              [-e events-file]
 *
 * With -e, every callback is also written to the events file (one line
 * each, with a monotonic timestamp), for the failure-detection checks.
 * With -m 0 the member only joins and reports membership changes until
 * killed or until the timeout.
 */
#include "check.h"
#include <stdint.h>
#include <signal.h>
#include <sys/uio.h>

#define MAX_SENDERS 64

struct msg_head {
	uint32_t nodeid;
	uint32_t pid;
	uint32_t seq;
	uint32_t len;
	uint32_t sum;
};

static int expected_members = 3;
static int messages_each = 100;
static int member_count;
static int recording;
static long delivered;
static uint64_t order_hash = 1469598103934665603ULL;
static struct { uint32_t nodeid, pid, next; } senders[MAX_SENDERS];
static int nsenders;
static FILE *events;
static unsigned int my_nodeid;

static void mix(uint64_t v)
{
	int i;
	for (i = 0; i < 8; i++) {
		order_hash ^= (v >> (8 * i)) & 0xff;
		order_hash *= 1099511628211ULL;
	}
}

static size_t size_for(uint32_t seq)
{
	static const size_t sizes[] = { 16, 200, 1400, 3000, 20000 };
	return sizes[seq % (sizeof(sizes) / sizeof(sizes[0]))];
}

static unsigned char byte_for(uint32_t pid, uint32_t seq, size_t i)
{
	return (unsigned char)(pid * 17 + seq * 5 + i * 11);
}

static void deliver(cpg_handle_t h, const struct cpg_name *g, uint32_t nodeid,
	uint32_t pid, void *msg, size_t len)
{
	struct msg_head hd;
	const unsigned char *p = msg;
	uint32_t sum = 0;
	size_t i;
	int s;

	(void)h; (void)g;
	CHECK(len >= sizeof(hd));
	memcpy(&hd, msg, sizeof(hd));
	CHECK_EQ(hd.nodeid, nodeid);
	CHECK_EQ(hd.pid, pid);
	CHECK_EQ(hd.len, len - sizeof(hd));
	for (i = 0; i < hd.len; i++) {
		CHECK_EQ(p[sizeof(hd) + i], byte_for(pid, hd.seq, i));
		sum += p[sizeof(hd) + i];
	}
	CHECK_EQ(sum, hd.sum);
	for (s = 0; s < nsenders; s++)
		if (senders[s].nodeid == nodeid && senders[s].pid == pid)
			break;
	if (s == nsenders) {
		CHECK(nsenders < MAX_SENDERS);
		senders[s].nodeid = nodeid;
		senders[s].pid = pid;
		senders[s].next = hd.seq;
		nsenders++;
	}
	/* per-sender FIFO, no loss, no duplicate */
	CHECK_EQ(hd.seq, senders[s].next);
	senders[s].next++;
	if (!recording || delivered >= (long)expected_members * messages_each)
		return;
	delivered++;
	mix(((uint64_t)nodeid << 40) ^ ((uint64_t)pid << 20) ^ hd.seq);
}

static void confchg(cpg_handle_t h, const struct cpg_name *g,
	const struct cpg_address *m, size_t mn,
	const struct cpg_address *l, size_t ln,
	const struct cpg_address *j, size_t jn)
{
	size_t i;
	(void)h; (void)g; (void)m;
	member_count = mn;
	if (events) {
		for (i = 0; i < ln; i++)
			fprintf(events, "%.3f left %u %u %u\n", now_s(), l[i].nodeid, l[i].pid, l[i].reason);
		for (i = 0; i < jn; i++)
			fprintf(events, "%.3f joined %u %u %u\n", now_s(), j[i].nodeid, j[i].pid, j[i].reason);
		fprintf(events, "%.3f members %zu\n", now_s(), mn);
		fflush(events);
	}
	if (!recording && (int)mn >= expected_members) {
		recording = 1;
		return;
	}
	if (recording && delivered < (long)expected_members * messages_each)
		mix(0xC0FFEE0000000000ULL ^ ((uint64_t)mn << 32) ^ ln ^ (jn << 16));
}

static cs_error_t send_one(cpg_handle_t h, uint32_t seq, unsigned char *buf)
{
	struct msg_head hd;
	struct iovec iov[2];
	size_t len = size_for(seq), i;
	uint32_t sum = 0;

	hd.nodeid = my_nodeid;
	hd.pid = getpid();
	hd.seq = seq;
	hd.len = len;
	for (i = 0; i < len; i++) {
		buf[i] = byte_for(hd.pid, seq, i);
		sum += buf[i];
	}
	hd.sum = sum;
	iov[0].iov_base = &hd;
	iov[0].iov_len = sizeof(hd);
	iov[1].iov_base = buf;
	iov[1].iov_len = len;
	return cpg_mcast_joined(h, CPG_TYPE_AGREED, iov, 2);
}

int main(int argc, char **argv)
{
	static unsigned char buf[20000];
	cpg_handle_t h;
	cpg_callbacks_t cb = { .cpg_deliver_fn = deliver, .cpg_confchg_fn = confchg };
	struct cpg_name g;
	const char *out = NULL, *group = "cpg_member";
	double timeout = 60, t0;
	uint32_t seq = 0;
	int opt, fd;
	FILE *f;

	while ((opt = getopt(argc, argv, "o:g:n:m:t:e:")) != -1) {
		switch (opt) {
		case 'o': out = optarg; break;
		case 'g': group = optarg; break;
		case 'n': expected_members = atoi(optarg); break;
		case 'm': messages_each = atoi(optarg); break;
		case 't': timeout = atof(optarg); break;
		case 'e': events = fopen(optarg, "w"); CHECK(events != NULL); break;
		default:
			fprintf(stderr, "usage: %s -o file [-g group] [-n members] [-m messages] [-t timeout] [-e events]\n", argv[0]);
			return 2;
		}
	}
	CHECK(out != NULL || messages_each == 0);
	set_name(&g, group);
	CHECK_EQ(RETRY(cpg_initialize(&h, &cb)), CS_OK);
	CHECK_EQ(RETRY(cpg_local_get(h, &my_nodeid)), CS_OK);
	CHECK_EQ(RETRY(cpg_join(h, &g)), CS_OK);
	CHECK_EQ(cpg_fd_get(h, &fd), CS_OK);
	if (messages_each == 0) {
		/* observer: report membership changes until the timeout or
		 * until the executive goes away */
		t0 = now_s();
		while (now_s() - t0 < timeout) {
			struct pollfd p = { .fd = fd, .events = POLLIN };
			if (poll(&p, 1, 100) > 0 && cpg_dispatch(h, CS_DISPATCH_ALL) != CS_OK) {
				if (events)
					fprintf(events, "%.3f executive gone\n", now_s());
				return 0;
			}
		}
		return 0;
	}
	DISPATCH_UNTIL(h, member_count >= expected_members, timeout);
	t0 = now_s();
	while (seq < (uint32_t)messages_each) {
		cs_error_t e = send_one(h, seq, buf);
		if (e == CS_OK)
			seq++;
		else
			CHECK_EQ(e, CS_ERR_TRY_AGAIN);
		CHECK_EQ(cpg_dispatch(h, CS_DISPATCH_ALL), CS_OK);
		CHECK(now_s() - t0 < timeout);
	}
	DISPATCH_UNTIL(h, delivered >= (long)expected_members * messages_each, timeout);
	CHECK_EQ(delivered, (long)expected_members * messages_each);
	f = fopen(out, "w");
	CHECK(f != NULL);
	fprintf(f, "%ld %016llx\n", delivered, (unsigned long long)order_hash);
	fclose(f);
	CHECK_EQ(cpg_finalize(h), CS_OK);
	return 0;
}
