/*
 * The component loader libconfdb exports (lcr_ifact_reference,
 * lcr_ifact_release, lcr_component_register, path_list, ...), run in a
 * directory holding two components and two files that are not:
 * interfaces are found by name and version, the first directory of the
 * search path is the current one, a component is loaded once, constructors
 * and destructors get the caller's context, unknown names and versions
 * are refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <corosync/hdb.h>
#include <corosync/lcr/lcr_ifact.h>

extern const char *path_list[128];
extern unsigned int path_list_entries;
extern void main_get_config_modules(void ***modules, int *num);

struct test_iface {
	int magic;
	const char *(*who)(void);
	int *loads;
};

#include "../common/check.h"

int main(void)
{
	hdb_handle_t h1, h2, h3;
	struct test_iface *t1 = NULL, *t2 = NULL, *t3 = NULL;
	void *p = NULL;
	int ctx1 = 0, ctx2 = 0, ctx3 = 0, num = -1;
	void **mods = NULL;
	char cwd[1024];

	CHECK(path_list_entries == 0);
	CHECK(lcr_ifact_reference(&h1, "lcr_test", 0, (void **)&t1, &ctx1) == 0);
	CHECK(t1 && t1->magic == 0x1c5 && strcmp(t1->who(), "aa_test") == 0);
	CHECK(ctx1 == 1);
	CHECK(path_list_entries >= 2);
	CHECK(getcwd(cwd, sizeof(cwd)) && strcmp(path_list[0], cwd) == 0);
	printf("search path: %s, %s, ... (%u entries)\n", path_list[0], path_list[1], path_list_entries);

	/* loaded once, found again */
	CHECK(lcr_ifact_reference(&h2, "lcr_test_other", 2, (void **)&t2, &ctx2) == 0);
	CHECK(t2 == t1 && *t1->loads == 1 && ctx2 == 0);

	/* the other file */
	CHECK(lcr_ifact_reference(&h3, "lcr_test_b", 1, (void **)&t3, &ctx3) == 0);
	CHECK(t3 && strcmp(t3->who(), "zz_other") == 0 && ctx3 == 1);
	CHECK(*t1->loads == 1);

	/* wrong version, unknown name */
	CHECK(lcr_ifact_reference(&h2, "lcr_test", 1, &p, NULL) == -1);
	CHECK(lcr_ifact_reference(&h2, "lcr_nothing", 0, &p, NULL) == -1);

	CHECK(lcr_ifact_release(h1) == 0 && ctx1 == 101);
	CHECK(lcr_ifact_release(h3) == 0 && ctx3 == 101);

	main_get_config_modules(&mods, &num);
	CHECK(num == 0);
	printf("lcr_api: ok\n");
	return 0;
}
