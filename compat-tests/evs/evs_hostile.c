/*
 * Malformed EVS requests straight over coroipc: counts and lengths that
 * overrun the message, unknown request ids. Each gets an error reply and
 * the executive keeps serving (a well-formed client works afterwards).
 */
#include "check.h"
#include <stdint.h>
#include <sys/uio.h>
#include <corosync/coroipcc.h>

struct head {			/* the library's 24-byte request header */
	int32_t size; int32_t pad0;
	int32_t id; int32_t pad1;
	int64_t unused;
};

struct reply {
	int32_t size; int32_t pad0;
	int32_t id; int32_t pad1;
	int32_t error; int32_t pad2;
	char rest[2048];
};

static cs_error_t send_raw(hdb_handle_t c, const void *msg, size_t len, struct reply *r)
{
	struct iovec iov = { (void *)msg, len };
	memset(r, 0, sizeof(*r));
	return coroipcc_msg_send_reply_receive(c, &iov, 1, r, sizeof(*r));
}

int main(void)
{
	hdb_handle_t c;
	struct reply r;
	unsigned char buf[256];
	struct head *h = (struct head *)buf;
	uint64_t *f = (uint64_t *)(buf + 24);
	evs_handle_t e;
	unsigned int local;
	size_t entries = 4;
	unsigned int list[4];
	int id;

	CHECK_EQ(coroipcc_service_connect("corosync.ipc", 0, 1 << 20, 1 << 20, 1 << 20, &c), CS_OK);

	/* join / leave claiming more groups than the message holds */
	for (id = 0; id <= 1; id++) {
		memset(buf, 0, sizeof(buf));
		h->size = 32 + 32;
		h->id = id;
		f[0] = 2;		/* two groups, one present */
		CHECK_EQ(send_raw(c, buf, 64, &r), CS_OK);
		CHECK(r.error != CS_OK);
		f[0] = UINT64_MAX;
		CHECK_EQ(send_raw(c, buf, 64, &r), CS_OK);
		CHECK(r.error != CS_OK);
	}
	/* join with a count just over the limit is refused as the original does */
	f[0] = 51;
	h->id = 0;
	CHECK_EQ(send_raw(c, buf, 64, &r), CS_OK);
	CHECK_EQ(r.error, CS_ERR_TOO_MANY_GROUPS);

	/* mcast_joined with a message length past the end */
	memset(buf, 0, sizeof(buf));
	h->size = 40 + 8;
	h->id = 2;
	f[1] = 1000000;
	CHECK_EQ(send_raw(c, buf, 48, &r), CS_OK);
	CHECK(r.error != CS_OK);
	f[1] = UINT64_MAX;
	CHECK_EQ(send_raw(c, buf, 48, &r), CS_OK);
	CHECK(r.error != CS_OK);

	/* mcast_groups with a group count and length past the end */
	memset(buf, 0, sizeof(buf));
	h->size = 48 + 32;
	h->id = 3;
	f[1] = 0;
	f[2] = 1ULL << 60;
	CHECK_EQ(send_raw(c, buf, 80, &r), CS_OK);
	CHECK(r.error != CS_OK);
	f[2] = 1;
	f[1] = 4096;
	CHECK_EQ(send_raw(c, buf, 80, &r), CS_OK);
	CHECK(r.error != CS_OK);

	/* shorter than the fixed part, and an unknown request */
	h->size = 24;
	h->id = 3;
	CHECK_EQ(send_raw(c, buf, 24, &r), CS_OK);
	CHECK(r.error != CS_OK);
	h->size = 24;
	h->id = 99;
	CHECK_EQ(send_raw(c, buf, 24, &r), CS_OK);
	CHECK(r.error != CS_OK);
	CHECK_EQ(coroipcc_service_disconnect(c), CS_OK);

	/* still serving */
	CHECK_EQ(evs_initialize(&e, NULL), CS_OK);
	CHECK_EQ(evs_membership_get(e, &local, list, &entries), CS_OK);
	CHECK_EQ(entries, 1);
	CHECK_EQ(evs_finalize(e), CS_OK);
	printf("evs_hostile: ok\n");
	return 0;
}
