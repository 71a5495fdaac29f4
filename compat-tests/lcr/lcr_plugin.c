/*
 * A component for the loader test, built twice: as aa_test.lcrso
 * (interfaces "lcr_test" v0 and "lcr_test_other" v2) and, with -DOTHER,
 * as zz_other.lcrso (interface "lcr_test_b" v1).
 */
#include <stddef.h>
#include <corosync/lcr/lcr_comp.h>

struct test_iface {
	int magic;
	const char *(*who)(void);
	int *loads;
};

static int loads;

static const char *who(void)
{
#ifdef OTHER
	return "zz_other";
#else
	return "aa_test";
#endif
}

static struct test_iface table = { 0x1c5, who, &loads };

static int ctor(void *context)
{
	if (context)
		*(int *)context += 1;
	return 0;
}

static void dtor(void *context)
{
	if (context)
		*(int *)context += 100;
}

#ifdef OTHER
static struct lcr_iface ifaces[1] = {
	{ .name = "lcr_test_b", .version = 1, .constructor = ctor, .destructor = dtor },
};
#else
static struct lcr_iface ifaces[2] = {
	{ .name = "lcr_test", .version = 0, .constructor = ctor, .destructor = dtor },
	{ .name = "lcr_test_other", .version = 2 },
};
#endif

static struct lcr_comp comp = { ifaces, sizeof(ifaces) / sizeof(ifaces[0]) };

__attribute__((constructor)) static void register_me(void)
{
	size_t i;

	loads++;
	for (i = 0; i < comp.iface_count; i++)
		lcr_interfaces_set(&ifaces[i], &table);
	lcr_component_register(&comp);
}
