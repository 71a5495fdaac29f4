/*
 * Several processes in one group: every member must deliver every message
 * exactly once, unchanged, in one total order that is the same for all,
 * with each sender's messages in the order it sent them.
 *
 *   cpg_group [-n members] [-m messages] [-k]
 *
 * With -k an extra member sends without pause and is killed with SIGKILL
 * mid-stream: the others must see it leave with CPG_REASON_PROCDOWN and
 * must still agree on everything they delivered.
 */
#include "check.h"
#include <signal.h>
#include <stdint.h>
#include <sys/uio.h>
#include <sys/wait.h>

#define GROUP "compat_group"
#define MAX_PROCS 16

struct msg_head {
	uint32_t pid;
	uint32_t seq;
	uint32_t len;
	uint32_t sum;
};

static int members_expected;
static int messages_each;
static pid_t victim_pid;

static int member_count;
static long want_from_survivors;
static int with_victim_flag;

static int all_members;
static int recording;
static int procdown_seen;
static long delivered_total;
static long from_survivors;
static uint64_t order_hash = 1469598103934665603ULL;
static uint32_t next_seq[MAX_PROCS + 1];
static uint32_t seen_pids[MAX_PROCS + 1];
static int seen_n;

/* Everything up to this point is compared between members; callbacks
 * after it (others leaving once they are done) are not. */
static int finished(void)
{
	return want_from_survivors > 0 && from_survivors >= want_from_survivors &&
		(!with_victim_flag || procdown_seen);
}

static FILE *trace;

static void mix(uint64_t v)
{
	if (trace)
		fprintf(trace, "%016llx\n", (unsigned long long)v);
	int i;
	for (i = 0; i < 8; i++) {
		order_hash ^= (v >> (8 * i)) & 0xff;
		order_hash *= 1099511628211ULL;
	}
}

static size_t size_for(uint32_t seq)
{
	static const size_t sizes[] = { 1, 64, 700, 1500, 9000, 65536, 200000 };
	return sizes[seq % (sizeof(sizes) / sizeof(sizes[0]))];
}

static unsigned char byte_for(uint32_t pid, uint32_t seq, size_t i)
{
	return (unsigned char)(pid * 31 + seq * 7 + i * 13);
}

static int sender_slot(uint32_t pid)
{
	int i;
	for (i = 0; i < seen_n; i++)
		if (seen_pids[i] == pid)
			return i;
	CHECK(seen_n < MAX_PROCS + 1);
	seen_pids[seen_n] = pid;
	return seen_n++;
}

static void deliver(cpg_handle_t h, const struct cpg_name *g, uint32_t nodeid,
	uint32_t pid, void *msg, size_t len)
{
	struct msg_head hd;
	const unsigned char *p = msg;
	uint32_t sum = 0;
	size_t i;
	int slot;

	(void)h; (void)g; (void)nodeid;
	CHECK(len >= sizeof(hd));
	memcpy(&hd, msg, sizeof(hd));
	CHECK_EQ(hd.pid, pid);
	CHECK_EQ(hd.len, len - sizeof(hd));
	for (i = 0; i < hd.len; i++) {
		CHECK_EQ(p[sizeof(hd) + i], byte_for(hd.pid, hd.seq, i));
		sum += p[sizeof(hd) + i];
	}
	CHECK_EQ(sum, hd.sum);
	slot = sender_slot(pid);
	/* FIFO per sender, no loss, no duplicate (a sender that started
	 * before we joined may begin anywhere) */
	if (next_seq[slot] == 0 && (pid_t)pid == victim_pid)
		next_seq[slot] = hd.seq;
	CHECK_EQ(hd.seq, next_seq[slot]);
	next_seq[slot]++;
	if (!recording || finished())
		return;
	delivered_total++;
	if ((pid_t)pid != victim_pid)
		from_survivors++;
	mix(((uint64_t)pid << 32) | hd.seq);
}

static void confchg(cpg_handle_t h, const struct cpg_name *g,
	const struct cpg_address *m, size_t mn,
	const struct cpg_address *l, size_t ln,
	const struct cpg_address *j, size_t jn)
{
	size_t i;
	(void)h; (void)g; (void)m;
	member_count = mn;
	/* everybody compares what happened once the group was complete */
	if (!recording && all_members && (int)mn >= all_members) {
		recording = 1;
		return;
	}
	if (!recording || finished())
		return;
	for (i = 0; i < ln; i++) {
		mix(0xC0FFEE00ULL ^ ((uint64_t)l[i].pid << 8) ^ l[i].reason);
		if ((pid_t)l[i].pid == victim_pid) {
			CHECK_EQ(l[i].reason, CPG_REASON_PROCDOWN);
			procdown_seen = 1;
		}
	}
	for (i = 0; i < jn; i++)
		CHECK(j[i].reason == CPG_REASON_JOIN);
}

static cs_error_t send_one(cpg_handle_t h, uint32_t seq, unsigned char *buf)
{
	struct msg_head hd;
	struct iovec iov[2];
	size_t len = size_for(seq), i;
	uint32_t sum = 0;

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

static cpg_handle_t join_group(void)
{
	cpg_handle_t h;
	cpg_callbacks_t cb = { .cpg_deliver_fn = deliver, .cpg_confchg_fn = confchg };
	struct cpg_name g;

	set_name(&g, GROUP);
	CHECK_EQ(RETRY(cpg_initialize(&h, &cb)), CS_OK);
	CHECK_EQ(RETRY(cpg_join(h, &g)), CS_OK);
	return h;
}

/* Sends without pause until killed. */
static void victim(int ready_fd)
{
	static unsigned char buf[200000];
	cpg_handle_t h = join_group();
	uint32_t seq = 0;
	int fd;
	char c = 'r';

	CHECK_EQ(cpg_fd_get(h, &fd), CS_OK);
	CHECK_EQ(write(ready_fd, &c, 1), 1);
	for (;;) {
		cs_error_t e = send_one(h, seq, buf);
		if (e == CS_OK)
			seq++;
		else
			CHECK_EQ(e, CS_ERR_TRY_AGAIN);
		cpg_dispatch(h, CS_DISPATCH_ALL);
	}
}

static void member(int result_fd, int with_victim)
{
	static unsigned char buf[200000];
	cpg_handle_t h = join_group();
	int total = members_expected + with_victim;
	if (getenv("CPG_GROUP_TRACE")) {
		char path[256];
		snprintf(path, sizeof(path), "%s.%d", getenv("CPG_GROUP_TRACE"), getpid());
		trace = fopen(path, "w");
	}
	all_members = total;
	long want = (long)members_expected * messages_each;
	want_from_survivors = want;
	with_victim_flag = with_victim;
	uint32_t seq = 0;
	char line[128];
	int n;

	DISPATCH_UNTIL(h, member_count >= total, 30);
	while (seq < (uint32_t)messages_each) {
		cs_error_t e = send_one(h, seq, buf);
		if (e == CS_OK)
			seq++;
		else
			CHECK_EQ(e, CS_ERR_TRY_AGAIN);
		CHECK_EQ(cpg_dispatch(h, CS_DISPATCH_ALL), CS_OK);
	}
	DISPATCH_UNTIL(h, from_survivors >= want && (!with_victim || procdown_seen), 120);
	CHECK_EQ(from_survivors, want);
	n = snprintf(line, sizeof(line), "%ld %016llx\n", delivered_total,
		(unsigned long long)order_hash);
	CHECK_EQ(write(result_fd, line, n), n);
	if (trace)
		fclose(trace);
	CHECK_EQ(cpg_finalize(h), CS_OK);
}

int main(int argc, char **argv)
{
	int opt, i, kill_one = 0, status, failed = 0;
	int pipes[MAX_PROCS][2];
	pid_t kids[MAX_PROCS];
	char results[MAX_PROCS][128];

	members_expected = 3;
	messages_each = 300;
	while ((opt = getopt(argc, argv, "n:m:k")) != -1) {
		switch (opt) {
		case 'n': members_expected = atoi(optarg); break;
		case 'm': messages_each = atoi(optarg); break;
		case 'k': kill_one = 1; break;
		default: fprintf(stderr, "usage: %s [-n members] [-m messages] [-k]\n", argv[0]); return 2;
		}
	}
	CHECK(members_expected >= 1 && members_expected <= MAX_PROCS);

	if (kill_one) {
		int rp[2];
		char c;
		CHECK_EQ(pipe(rp), 0);
		victim_pid = fork();
		CHECK(victim_pid >= 0);
		if (victim_pid == 0) {
			close(rp[0]);
			victim(rp[1]);
			_exit(0);
		}
		close(rp[1]);
		CHECK_EQ(read(rp[0], &c, 1), 1);
		close(rp[0]);
	}
	for (i = 0; i < members_expected; i++) {
		CHECK_EQ(pipe(pipes[i]), 0);
		kids[i] = fork();
		CHECK(kids[i] >= 0);
		if (kids[i] == 0) {
			close(pipes[i][0]);
			member(pipes[i][1], kill_one);
			_exit(0);
		}
		close(pipes[i][1]);
	}
	if (kill_one) {
		usleep(700000);
		CHECK_EQ(kill(victim_pid, SIGKILL), 0);
		waitpid(victim_pid, &status, 0);
	}
	for (i = 0; i < members_expected; i++) {
		ssize_t n = read(pipes[i][0], results[i], sizeof(results[i]) - 1);
		results[i][n > 0 ? n : 0] = 0;
		waitpid(kids[i], &status, 0);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || n <= 0) {
			fprintf(stderr, "member %d failed (status %d)\n", i, status);
			failed = 1;
		}
	}
	for (i = 1; i < members_expected && !failed; i++) {
		if (strcmp(results[i], results[0]) != 0) {
			fprintf(stderr, "members disagree:\n  %s  %s", results[0], results[i]);
			failed = 1;
		}
	}
	if (failed)
		return 1;
	printf("cpg_group: %d members agree on %s", members_expected, results[0]);
	return 0;
}
