/*
 * The quorum state of this host as one line, for the multi-host tests:
 *
 *   quorate=Q members=M votes=V expected=E highest=H total=T quorum=N flags=F
 *
 *   vq_state                 print the line
 *   vq_state -w LINE         query until the line equals LINE (at most 30 s);
 *                            exit 1 with the last line if it never does
 *   vq_state -e N            set the expected votes
 *   vq_state -Q LINE         as -w with the quorum service alone (any
 *                            provider): "quorate=Q members=M"
 *   vq_state -n QUORATE      track changes; exit 0 once a quorum and a
 *                            votequorum notification report QUORATE
 *                            (prints "ready" once tracking)
 */
#include "../cpg/check.h"
#include <corosync/quorum.h>
#include <corosync/votequorum.h>

static uint32_t q_entries, q_quorate;
static int q_called;

static void q_notify(quorum_handle_t h, uint32_t quorate, uint64_t ring_seq,
	uint32_t n, uint32_t *list)
{
	(void)h; (void)ring_seq; (void)list;
	q_called++;
	q_quorate = quorate;
	q_entries = n;
}

static int v_called;
static uint32_t v_quorate;

static void v_notify(votequorum_handle_t h, uint64_t context, uint32_t quorate,
	uint32_t n, votequorum_node_t *list)
{
	(void)h; (void)n; (void)list;
	if (context == 7) {
		v_called++;
		v_quorate = quorate;
	}
}

static int state_line(char *buf, size_t len, int quorum_only)
{
	quorum_handle_t q;
	votequorum_handle_t v;
	quorum_callbacks_t qcb = { q_notify };
	struct votequorum_info info;
	int quorate;

	if (RETRY(quorum_initialize(&q, &qcb)) != CS_OK)
		return -1;
	q_called = 0;
	if (quorum_getquorate(q, &quorate) != CS_OK ||
	    quorum_trackstart(q, CS_TRACK_CURRENT) != CS_OK) {
		quorum_finalize(q);
		return -1;
	}
	while (q_called == 0)
		if (quorum_dispatch(q, CS_DISPATCH_ONE) != CS_OK)
			break;
	quorum_finalize(q);
	if (quorum_only) {
		snprintf(buf, len, "quorate=%d members=%u", quorate, q_entries);
		return 0;
	}
	if (RETRY(votequorum_initialize(&v, NULL)) != CS_OK)
		return -1;
	if (votequorum_getinfo(v, 0, &info) != CS_OK) {
		votequorum_finalize(v);
		return -1;
	}
	votequorum_finalize(v);
	snprintf(buf, len, "quorate=%d members=%u votes=%u expected=%u highest=%u total=%u quorum=%u flags=%u",
		quorate, q_entries, info.node_votes, info.node_expected_votes,
		info.highest_expected, info.total_votes, info.quorum, info.flags);
	return 0;
}

int main(int argc, char **argv)
{
	char line[256] = "";

	if (argc == 3 && (strcmp(argv[1], "-w") == 0 || strcmp(argv[1], "-Q") == 0)) {
		double t0 = now_s();
		int qo = argv[1][1] == 'Q';
		while (now_s() - t0 < 30) {
			if (state_line(line, sizeof(line), qo) == 0 && strcmp(line, argv[2]) == 0) {
				printf("%s\n", line);
				return 0;
			}
			usleep(100000);
		}
		fprintf(stderr, "wanted: %s\nlast:   %s\n", argv[2], line);
		return 1;
	}
	if (argc == 3 && strcmp(argv[1], "-e") == 0) {
		votequorum_handle_t v;
		CHECK_EQ(RETRY(votequorum_initialize(&v, NULL)), CS_OK);
		CHECK_EQ(votequorum_setexpected(v, atoi(argv[2])), CS_OK);
		votequorum_finalize(v);
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "-n") == 0) {
		quorum_handle_t q;
		votequorum_handle_t v;
		quorum_callbacks_t qcb = { q_notify };
		votequorum_callbacks_t vcb = { v_notify, NULL };
		uint32_t want = atoi(argv[2]);
		int qfd, vfd;
		double t0 = now_s();
		CHECK_EQ(RETRY(quorum_initialize(&q, &qcb)), CS_OK);
		CHECK_EQ(RETRY(votequorum_initialize(&v, &vcb)), CS_OK);
		CHECK_EQ(quorum_trackstart(q, CS_TRACK_CHANGES_ONLY), CS_OK);
		CHECK_EQ(votequorum_trackstart(v, 7, CS_TRACK_CHANGES_ONLY), CS_OK);
		CHECK_EQ(quorum_fd_get(q, &qfd), CS_OK);
		CHECK_EQ(votequorum_fd_get(v, &vfd), CS_OK);
		printf("ready\n");
		fflush(stdout);
		while (!(q_called && q_quorate == want && v_called && v_quorate == want)) {
			struct pollfd p[2] = { { .fd = qfd, .events = POLLIN }, { .fd = vfd, .events = POLLIN } };
			if (now_s() - t0 > 60) {
				fprintf(stderr, "no notification of quorate=%u\n", want);
				return 1;
			}
			if (poll(p, 2, 200) > 0) {
				CHECK_EQ(quorum_dispatch(q, CS_DISPATCH_ALL), CS_OK);
				CHECK_EQ(votequorum_dispatch(v, CS_DISPATCH_ALL), CS_OK);
			}
		}
		printf("notified quorate=%u\n", want);
		quorum_finalize(q);
		votequorum_finalize(v);
		return 0;
	}
	if (state_line(line, sizeof(line), 0) != 0) {
		fprintf(stderr, "no quorum state\n");
		return 1;
	}
	printf("%s\n", line);
	return 0;
}
