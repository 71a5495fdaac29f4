/*
 * The calls of corosync/confdb.h against a running executive with the
 * return codes a corosync 1.4 client sees: objects, keys, typed keys,
 * iteration, increment/decrement, errors, reload and write, and change
 * tracking seen from a second process.
 *
 *   confdb_api        against the executive
 *   confdb_api -s     standalone (COROSYNC_DEFAULT_CONFIG_IFACE and
 *                     COROSYNC_MAIN_CONFIG_FILE set, no executive needed)
 *
 * Exits non-zero at the first difference.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <unistd.h>
#include <poll.h>
#include <sys/wait.h>
#include <corosync/corotypes.h>
#include <corosync/confdb.h>

#include "../common/check.h"

#define ROOT OBJECT_PARENT_HANDLE

static int sa_mode;

static hdb_handle_t find1(confdb_handle_t h, hdb_handle_t parent, const char *name)
{
	hdb_handle_t o = 0;
	CHECK_EQ(confdb_object_find_start(h, parent), CS_OK);
	CHECK_EQ(confdb_object_find(h, parent, name, strlen(name), &o), CS_OK);
	CHECK_EQ(confdb_object_find_destroy(h, parent), CS_OK);
	return o;
}

static void read_config(confdb_handle_t h)
{
	char buf[512];
	size_t len = 0;
	hdb_handle_t totem = find1(h, ROOT, "totem");
	CHECK_EQ(confdb_key_get(h, totem, "version", 7, buf, &len), CS_OK);
	/* the parser stores strings with their NUL */
	CHECK_EQ(len, 2);
	CHECK(strcmp(buf, "2") == 0);
	hdb_handle_t iface = find1(h, totem, "interface");
	hdb_handle_t parent = 0;
	CHECK_EQ(confdb_object_parent_get(h, iface, &parent), CS_OK);
	CHECK_EQ(parent, totem);
	CHECK_EQ(confdb_object_parent_get(h, totem, &parent), CS_OK);
	CHECK_EQ(parent, ROOT);
	size_t nlen = 0;
	CHECK_EQ(confdb_object_name_get(h, iface, buf, &nlen), CS_OK);
	CHECK_EQ(nlen, 9);
	CHECK(memcmp(buf, "interface", 9) == 0);
	confdb_value_types_t type;
	CHECK_EQ(confdb_key_get_typed(h, iface, "mcastport", buf, &len, &type), CS_OK);
	CHECK_EQ(type, CONFDB_VALUETYPE_STRING);
	CHECK(strcmp(buf, "5405") == 0);
}

static void keys_and_objects(confdb_handle_t h, hdb_handle_t *out_test)
{
	hdb_handle_t test = 0, c1 = 0, c2 = 0, c3 = 0, o = 0;
	char buf[512], name[512];
	size_t len = 0, nlen = 0;
	confdb_value_types_t type;
	uint32_t u32;
	int64_t i64;
	double d;
	unsigned int v = 0;

	CHECK_EQ(confdb_object_create(h, ROOT, "confdbtest", 10, &test), CS_OK);
	*out_test = test;

	/* untyped key */
	CHECK_EQ(confdb_key_create(h, test, "k1", 2, "v1", 2), CS_OK);
	CHECK_EQ(confdb_key_get(h, test, "k1", 2, buf, &len), CS_OK);
	CHECK_EQ(len, 2);
	CHECK(memcmp(buf, "v1", 2) == 0);
	CHECK_EQ(confdb_key_get_typed(h, test, "k1", buf, &len, &type), CS_OK);
	CHECK_EQ(type, CONFDB_VALUETYPE_ANY);

	/* typed keys */
	u32 = 5;
	CHECK_EQ(confdb_key_create_typed(h, test, "counter", &u32, sizeof(u32), CONFDB_VALUETYPE_UINT32), CS_OK);
	i64 = -1234567890123LL;
	CHECK_EQ(confdb_key_create_typed(h, test, "big", &i64, sizeof(i64), CONFDB_VALUETYPE_INT64), CS_OK);
	d = 2.5;
	CHECK_EQ(confdb_key_create_typed(h, test, "ratio", &d, sizeof(d), CONFDB_VALUETYPE_DOUBLE), CS_OK);
	CHECK_EQ(confdb_key_create_typed(h, test, "str", "hello", 6, CONFDB_VALUETYPE_STRING), CS_OK);
	/* a numeric value of the wrong size is refused */
	CHECK_EQ(confdb_key_create_typed(h, test, "bad", &u32, 2, CONFDB_VALUETYPE_UINT32), CS_ERR_ACCESS);

	CHECK_EQ(confdb_key_get_typed(h, test, "counter", buf, &len, &type), CS_OK);
	CHECK_EQ(type, CONFDB_VALUETYPE_UINT32);
	CHECK_EQ(len, 4);
	memcpy(&u32, buf, 4);
	CHECK_EQ(u32, 5);
	CHECK_EQ(confdb_key_increment(h, test, "counter", 7, &v), CS_OK);
	CHECK_EQ(v, 6);
	CHECK_EQ(confdb_key_increment(h, test, "counter", 7, &v), CS_OK);
	CHECK_EQ(v, 7);
	CHECK_EQ(confdb_key_decrement(h, test, "counter", 7, &v), CS_OK);
	CHECK_EQ(v, 6);
	/* increment of a string is refused */
	CHECK_EQ(confdb_key_increment(h, test, "str", 3, &v), CS_ERR_ACCESS);

	void *p = NULL;
	CHECK_EQ(confdb_key_get_typed2(h, test, "big", &p, &len, &type), CS_OK);
	CHECK(p != NULL);
	CHECK_EQ(len, 8);
	CHECK_EQ(type, CONFDB_VALUETYPE_INT64);
	memcpy(&i64, p, 8);
	CHECK_EQ(i64, -1234567890123LL);
	free(p);

	/* replace keeps the type; delete */
	CHECK_EQ(confdb_key_replace(h, test, "k1", 2, "v1", 2, "replaced", 8), CS_OK);
	CHECK_EQ(confdb_key_get(h, test, "k1", 2, buf, &len), CS_OK);
	CHECK_EQ(len, 8);
	CHECK(memcmp(buf, "replaced", 8) == 0);
	CHECK_EQ(confdb_key_replace(h, test, "nokey", 5, "", 0, "x", 1), CS_ERR_ACCESS);
	CHECK_EQ(confdb_key_delete(h, test, "k1", 2, "", 0), CS_OK);
	CHECK_EQ(confdb_key_get(h, test, "k1", 2, buf, &len), CS_ERR_ACCESS);
	CHECK_EQ(confdb_key_delete(h, test, "k1", 2, "", 0), CS_ERR_ACCESS);

	/* values longer than a name: fixed-size replies say TOO_BIG, the
	 * typed2 calls carry them whole */
	char longv[300];
	memset(longv, 'L', sizeof(longv));
	CHECK_EQ(confdb_key_create_typed(h, test, "long", longv, sizeof(longv), CONFDB_VALUETYPE_ANY), CS_OK);
	p = NULL;
	CHECK_EQ(confdb_key_get_typed2(h, test, "long", &p, &len, &type), CS_OK);
	CHECK_EQ(len, 300);
	CHECK(memcmp(p, longv, 300) == 0);
	free(p);

	/* key iteration in creation order, typed */
	const char *names[] = { "counter", "big", "ratio", "str", "long" };
	const int types[] = { CONFDB_VALUETYPE_UINT32, CONFDB_VALUETYPE_INT64,
		CONFDB_VALUETYPE_DOUBLE, CONFDB_VALUETYPE_STRING, CONFDB_VALUETYPE_ANY };
	CHECK_EQ(confdb_key_iter_start(h, test), CS_OK);
	for (int i = 0; i < 5; i++) {
		p = NULL;
		CHECK_EQ(confdb_key_iter_typed2(h, test, name, &p, &len, &type), CS_OK);
		CHECK(strcmp(name, names[i]) == 0);
		CHECK_EQ(type, types[i]);
		if (i == 2) {
			memcpy(&d, p, 8);
			CHECK(d == 2.5);
		}
		free(p);
	}
	p = NULL;
	CHECK_EQ(confdb_key_iter_typed2(h, test, name, &p, &len, &type), CS_ERR_ACCESS);
	CHECK_EQ(confdb_key_iter_start(h, test), CS_OK);
	CHECK_EQ(confdb_key_iter(h, test, name, &nlen, buf, &len), CS_OK);
	CHECK_EQ(nlen, 7);
	CHECK(strcmp(name, "counter") == 0);
	CHECK_EQ(len, 4);
	CHECK_EQ(confdb_key_iter_typed(h, test, name, buf, &len, &type), CS_OK);
	CHECK(strcmp(name, "big") == 0);
	CHECK_EQ(type, CONFDB_VALUETYPE_INT64);

	/* children: iteration and find of duplicate names */
	CHECK_EQ(confdb_object_create(h, test, "c1", 2, &c1), CS_OK);
	CHECK_EQ(confdb_object_create(h, test, "c2", 2, &c2), CS_OK);
	CHECK_EQ(confdb_object_create(h, test, "c1", 2, &c3), CS_OK);
	CHECK(c1 != c3);
	CHECK_EQ(confdb_object_iter_start(h, test), CS_OK);
	hdb_handle_t seen[3];
	for (int i = 0; i < 3; i++) {
		CHECK_EQ(confdb_object_iter(h, test, &seen[i], name, &nlen), CS_OK);
		CHECK_EQ(nlen, 2);
		CHECK(memcmp(name, i == 1 ? "c2" : "c1", 2) == 0);
	}
	CHECK_EQ(seen[0], c1);
	CHECK_EQ(seen[1], c2);
	CHECK_EQ(seen[2], c3);
	CHECK_EQ(confdb_object_iter(h, test, &o, name, &nlen), CS_ERR_ACCESS);
	/* the executive dropped the finished iteration already (standalone
	 * keeps it until destroyed) */
	CHECK_EQ(confdb_object_iter_destroy(h, test), sa_mode ? CS_OK : CS_ERR_ACCESS);
	CHECK_EQ(confdb_object_iter_start(h, test), CS_OK);
	CHECK_EQ(confdb_object_iter(h, test, &o, name, &nlen), CS_OK);
	CHECK_EQ(o, c1);
	CHECK_EQ(confdb_object_iter_destroy(h, test), CS_OK);
	CHECK_EQ(confdb_object_iter_destroy(h, test), CS_ERR_LIBRARY);

	CHECK_EQ(confdb_object_find_start(h, test), CS_OK);
	CHECK_EQ(confdb_object_find(h, test, "c1", 2, &o), CS_OK);
	CHECK_EQ(o, c1);
	CHECK_EQ(confdb_object_find(h, test, "c1", 2, &o), CS_OK);
	CHECK_EQ(o, c3);
	CHECK_EQ(confdb_object_find(h, test, "c1", 2, &o), CS_ERR_ACCESS);
	CHECK_EQ(confdb_object_find_destroy(h, test), sa_mode ? CS_OK : CS_ERR_ACCESS);
	CHECK_EQ(confdb_object_find_start(h, test), CS_OK);
	CHECK_EQ(confdb_object_find(h, test, "c2", 2, &o), CS_OK);
	CHECK_EQ(o, c2);
	CHECK_EQ(confdb_object_find_destroy(h, test), CS_OK);

	/* a destroyed object takes its children with it */
	CHECK_EQ(confdb_object_destroy(h, c3), CS_OK);
	CHECK_EQ(confdb_object_name_get(h, c3, name, &nlen), CS_ERR_ACCESS);
	CHECK_EQ(confdb_object_destroy(h, c3), CS_ERR_ACCESS);

	/* errors */
	CHECK_EQ(confdb_object_find(h, c2, "x", 1, &o), CS_ERR_CONTEXT_NOT_FOUND);
	CHECK_EQ(confdb_object_iter(h, c2, &o, name, &nlen), CS_ERR_CONTEXT_NOT_FOUND);
	CHECK_EQ(confdb_key_iter(h, c2, name, &nlen, buf, &len), CS_ERR_CONTEXT_NOT_FOUND);
	CHECK_EQ(confdb_object_find_destroy(h, c2), CS_ERR_LIBRARY);
	CHECK_EQ(confdb_key_get(h, c2, "none", 4, buf, &len), CS_ERR_ACCESS);
	CHECK_EQ(confdb_object_create(h, 0x1234, "x", 1, &o), CS_ERR_ACCESS);
	CHECK_EQ(confdb_object_parent_get(h, 0x1234, &o), CS_ERR_ACCESS);
	CHECK_EQ(confdb_key_create(h, 0x1234, "k", 1, "v", 1), CS_ERR_ACCESS);
}

/* ---- tracking, seen from a second process ---- */

static int events;
static char log_buf[4096];
static hdb_handle_t cb_object, cb_parent;

static void key_change(confdb_handle_t h, confdb_change_type_t t,
	hdb_handle_t parent, hdb_handle_t object,
	const void *oname, size_t olen, const void *kname, size_t klen,
	const void *value, size_t vlen)
{
	(void)h;
	cb_parent = parent;
	cb_object = object;
	snprintf(log_buf + strlen(log_buf), sizeof(log_buf) - strlen(log_buf),
		"key %d %.*s.%.*s=%.*s;", (int)t, (int)olen, (const char *)oname,
		(int)klen, (const char *)kname, (int)vlen, (const char *)value);
	events++;
}

static void object_created(confdb_handle_t h, hdb_handle_t parent, hdb_handle_t object,
	const void *name, size_t len)
{
	(void)h; (void)parent; (void)object;
	snprintf(log_buf + strlen(log_buf), sizeof(log_buf) - strlen(log_buf),
		"create %.*s;", (int)len, (const char *)name);
	events++;
}

static void object_deleted(confdb_handle_t h, hdb_handle_t parent, const void *name, size_t len)
{
	(void)h; (void)parent;
	snprintf(log_buf + strlen(log_buf), sizeof(log_buf) - strlen(log_buf),
		"delete %.*s;", (int)len, (const char *)name);
	events++;
}

static void reload(confdb_handle_t h, confdb_reload_type_t t)
{
	(void)h;
	snprintf(log_buf + strlen(log_buf), sizeof(log_buf) - strlen(log_buf),
		"reload %d;", (int)t);
	events++;
}

static confdb_callbacks_t callbacks = {
	.confdb_key_change_notify_fn = key_change,
	.confdb_object_create_change_notify_fn = object_created,
	.confdb_object_delete_change_notify_fn = object_deleted,
	.confdb_reload_notify_fn = reload,
};

/* waits for a byte from the other process (a generous guard, not a
 * measurement: a missing event must fail the test, not hang it) */
static void wait_byte(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char c;
	CHECK(poll(&p, 1, 60000) == 1);
	CHECK(read(fd, &c, 1) == 1);
}

static void dispatch_until(confdb_handle_t h, int want)
{
	int fd;
	CHECK_EQ(confdb_fd_get(h, &fd), CS_OK);
	while (events < want) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		CHECK(poll(&p, 1, 60000) == 1);
		CHECK_EQ(confdb_dispatch(h, CS_DISPATCH_ALL), CS_OK);
	}
}

static void tracker(int to_parent, int from_parent)
{
	confdb_handle_t h;
	CHECK_EQ(confdb_initialize(&h, &callbacks), CS_OK);
	hdb_handle_t test = find1(h, ROOT, "confdbtest");
	CHECK_EQ(confdb_track_changes(h, test, CONFDB_TRACK_DEPTH_RECURSIVE), CS_OK);
	CHECK_EQ(confdb_track_changes(h, ROOT, CONFDB_TRACK_DEPTH_ONE), CS_OK);
	CHECK(write(to_parent, "r", 1) == 1);

	dispatch_until(h, 6);
	const char *want = "key 0 confdbtest.watched=x;key 1 confdbtest.watched=yy;"
		"create sub;key 0 sub.inner=1;delete sub;key 2 confdbtest.watched=;";
	if (strcmp(log_buf, want) != 0) {
		fprintf(stderr, "tracker saw '%s'\nexpected   '%s'\n", log_buf, want);
		exit(1);
	}
	/* the callback names the changed object where the prototype says
	 * parent, and the tracked object's parent as the object (1.4) */
	CHECK_EQ(cb_parent, test);
	CHECK_EQ(cb_object, ROOT);
	CHECK(write(to_parent, "s", 1) == 1);

	log_buf[0] = 0;
	events = 0;
	dispatch_until(h, 2);
	CHECK(strcmp(log_buf, "reload 0;reload 1;") == 0);

	CHECK_EQ(confdb_stop_track_changes(h), CS_OK);
	CHECK(write(to_parent, "t", 1) == 1);
	wait_byte(from_parent);
	/* the change made after stop_track_changes: nothing arrives */
	log_buf[0] = 0;
	events = 0;
	CHECK_EQ(confdb_dispatch(h, CS_DISPATCH_ALL), CS_OK);
	CHECK_EQ(events, 0);
	CHECK_EQ(confdb_finalize(h), CS_OK);
	exit(0);
}

static void tracking(confdb_handle_t h, hdb_handle_t test)
{
	int up[2], down[2], status;
	hdb_handle_t sub;
	CHECK(pipe(up) == 0 && pipe(down) == 0);
	pid_t pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		close(up[0]);
		close(down[1]);
		tracker(up[1], down[0]);
	}
	close(up[1]);
	close(down[0]);
	wait_byte(up[0]);

	CHECK_EQ(confdb_key_create_typed(h, test, "watched", "x", 1, CONFDB_VALUETYPE_STRING), CS_OK);
	CHECK_EQ(confdb_key_replace(h, test, "watched", 7, "x", 1, "yy", 2), CS_OK);
	CHECK_EQ(confdb_object_create(h, test, "sub", 3, &sub), CS_OK);
	CHECK_EQ(confdb_key_create(h, sub, "inner", 5, "1", 1), CS_OK);
	CHECK_EQ(confdb_object_destroy(h, sub), CS_OK);
	CHECK_EQ(confdb_key_delete(h, test, "watched", 7, "", 0), CS_OK);
	wait_byte(up[0]);

	char err[256] = "";
	CHECK_EQ(confdb_reload(h, 0, err, sizeof(err)), CS_OK);
	wait_byte(up[0]);
	CHECK_EQ(confdb_key_create(h, test, "after", 5, "1", 1), CS_OK);
	/* a round trip after the change, so it was handled before the
	 * tracker looks */
	char buf[64];
	size_t len;
	CHECK_EQ(confdb_key_get(h, test, "after", 5, buf, &len), CS_OK);
	CHECK(write(down[1], "g", 1) == 1);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void standalone(void)
{
	confdb_handle_t h;
	hdb_handle_t test;
	int fd;
	CHECK_EQ(confdb_initialize(&h, &callbacks), CS_OK);
	read_config(h);
	keys_and_objects(h, &test);
	CHECK_EQ(confdb_track_changes(h, test, CONFDB_TRACK_DEPTH_ONE), CS_ERR_NOT_SUPPORTED);
	CHECK_EQ(confdb_stop_track_changes(h), CS_ERR_NOT_SUPPORTED);
	CHECK_EQ(confdb_dispatch(h, CS_DISPATCH_ALL), CS_ERR_NOT_SUPPORTED);
	(void)fd;
	CHECK_EQ(confdb_object_destroy(h, test), CS_OK);
	CHECK_EQ(confdb_finalize(h), CS_OK);
	CHECK_EQ(confdb_finalize(h), CS_ERR_BAD_HANDLE);
	printf("confdb_api standalone: ok\n");
}

int main(int argc, char **argv)
{
	confdb_handle_t h;
	hdb_handle_t test;
	const void *ctx = NULL;
	int fd = -1;
	char err[256];

	if (argc > 1 && strcmp(argv[1], "-s") == 0) {
		sa_mode = 1;
		standalone();
		return 0;
	}
	CHECK_EQ(confdb_initialize(&h, &callbacks), CS_OK);
	CHECK_EQ(confdb_fd_get(h, &fd), CS_OK);
	CHECK(fd >= 0);
	CHECK_EQ(confdb_context_set(h, &fd), CS_OK);
	CHECK_EQ(confdb_context_get(h, &ctx), CS_OK);
	CHECK(ctx == &fd);
	CHECK_EQ(confdb_fd_get(0x5555, &fd), CS_ERR_BAD_HANDLE);

	read_config(h);
	keys_and_objects(h, &test);
	tracking(h, test);

	CHECK_EQ(confdb_write(h, err, sizeof(err)), CS_OK);
	CHECK_EQ(confdb_object_destroy(h, test), CS_OK);
	CHECK_EQ(confdb_finalize(h), CS_OK);
	CHECK_EQ(confdb_finalize(h), CS_ERR_BAD_HANDLE);
	printf("confdb_api: ok\n");
	return 0;
}
