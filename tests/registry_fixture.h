/* registry_fixture.h: the built-in registry as a cmocka group fixture
 * (setup/teardown), for the tests that classify statuses, and the one
 * hash seed their stats share (stats that merge need the same seed). One
 * copy instead of one per test file. */
#ifndef STATUSMON_REGISTRY_FIXTURE_H
#define STATUSMON_REGISTRY_FIXTURE_H

#include "statusmon/registry.h"

#define TEST_HASH_SEED 0x243f6a8885a308d3ULL

static struct registry *reg;

static int setup(void **state)
{
	(void)state;
	reg = registry_new_builtin();
	return reg ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	registry_free(reg);
	return 0;
}

#endif
