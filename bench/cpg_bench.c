/*
 * CPG throughput on one host, through libcpg: one process joins a group,
 * multicasts back to back (retrying on CS_ERR_TRY_AGAIN, pausing while
 * flow control is on) and dispatches its own deliveries in the same
 * thread, as corosync's cpgbench does. Prints delivered messages per
 * second and MB/s (10^6 bytes) for each message size.
 *
 *   cpg_bench [-t seconds-per-size] [size ...]     (default 5 s; 64 1024 8192 65536)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>
#include <sys/uio.h>
#include <corosync/corotypes.h>
#include <corosync/cpg.h>

static unsigned long long delivered;
static unsigned long long delivered_bytes;

static void deliver(cpg_handle_t h, const struct cpg_name *g, uint32_t nodeid,
	uint32_t pid, void *msg, size_t len)
{
	(void)h; (void)g; (void)nodeid; (void)pid; (void)msg;
	delivered++;
	delivered_bytes += len;
}

static void confchg(cpg_handle_t h, const struct cpg_name *g,
	const struct cpg_address *m, size_t mn, const struct cpg_address *l, size_t ln,
	const struct cpg_address *j, size_t jn)
{
	(void)h; (void)g; (void)m; (void)mn; (void)l; (void)ln; (void)j; (void)jn;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	cpg_handle_t h;
	cpg_callbacks_t cb = { .cpg_deliver_fn = deliver, .cpg_confchg_fn = confchg };
	struct cpg_name group;
	static char buf[1024 * 1024];
	size_t sizes[32] = { 64, 1024, 8192, 65536 };
	int nsizes = 4, i, opt;
	double seconds = 5;
	cs_error_t e;

	while ((opt = getopt(argc, argv, "t:")) != -1) {
		if (opt == 't')
			seconds = atof(optarg);
		else {
			fprintf(stderr, "usage: %s [-t seconds] [size ...]\n", argv[0]);
			return 2;
		}
	}
	if (optind < argc) {
		nsizes = 0;
		for (i = optind; i < argc && nsizes < 32; i++)
			sizes[nsizes++] = strtoul(argv[i], NULL, 10);
	}
	memset(buf, 'b', sizeof(buf));
	strcpy(group.value, "cpg_bench");
	group.length = strlen(group.value);

	do {
		e = cpg_initialize(&h, &cb);
		if (e == CS_ERR_TRY_AGAIN)
			usleep(100000);
	} while (e == CS_ERR_TRY_AGAIN);
	if (e != CS_OK) {
		fprintf(stderr, "cpg_initialize: %d\n", e);
		return 1;
	}
	while ((e = cpg_join(h, &group)) == CS_ERR_TRY_AGAIN)
		usleep(100000);
	if (e != CS_OK) {
		fprintf(stderr, "cpg_join: %d\n", e);
		return 1;
	}

	printf("%10s %14s %12s\n", "size", "msgs/s", "MB/s");
	for (i = 0; i < nsizes; i++) {
		struct iovec iov = { .iov_base = buf, .iov_len = sizes[i] };
		unsigned long long d0;
		double t0, t1;
		cpg_flow_control_state_t fc;

		/* drain what the previous size left in flight */
		t0 = now_s();
		while (now_s() - t0 < 0.2)
			cpg_dispatch(h, CS_DISPATCH_ALL);
		d0 = delivered;
		t0 = now_s();
		do {
			cpg_flow_control_state_get(h, &fc);
			if (fc == CPG_FLOW_CONTROL_DISABLED) {
				e = cpg_mcast_joined(h, CPG_TYPE_AGREED, &iov, 1);
				if (e != CS_OK && e != CS_ERR_TRY_AGAIN) {
					fprintf(stderr, "cpg_mcast_joined: %d\n", e);
					return 1;
				}
			}
			e = cpg_dispatch(h, CS_DISPATCH_ALL);
			if (e != CS_OK) {
				fprintf(stderr, "cpg_dispatch: %d\n", e);
				return 1;
			}
			t1 = now_s();
		} while (t1 - t0 < seconds);
		printf("%10zu %14.0f %12.2f\n", sizes[i], (delivered - d0) / (t1 - t0),
			(delivered - d0) * (double)sizes[i] / (t1 - t0) / 1e6);
		fflush(stdout);
	}
	cpg_finalize(h);
	return 0;
}
