/* fuzz_registry.c: the registry CSV loaders (--registry FILE and
 * --vendor-codes FILE) on arbitrary file contents. The first byte chooses
 * what the rest is loaded as: an IANA file, a vendor file, or both in turn
 * (as statusmon does with both options). The file is a real temporary file,
 * since the loaders take a path. Checked: no crash or leak, a failure has a
 * message, and after a successful load the table still holds: every code
 * 0..999 has an entry of its own code whose class and kind agree with the
 * code (invalid outside 100-599, vendor only with vendor rows) and whose
 * strings are all readable. */
#include <fcntl.h>
#include <unistd.h>
#include "fuzz_util.h"
#include "statusmon/registry.h"

static char tmp_path[64];

static void tmp_remove(void)
{
	unlink(tmp_path);
}

static void tmp_write(const uint8_t *data, size_t size)
{
	int fd;

	if (!tmp_path[0]) {
		const char *dir = getenv("TMPDIR");

		snprintf(tmp_path, sizeof tmp_path, "%s/sm-fuzz-registry.XXXXXX",
		         dir && strlen(dir) < 32 ? dir : "/tmp");
		fd = mkstemp(tmp_path);
		FUZZ_CHECK(fd >= 0, "mkstemp %s", tmp_path);
		close(fd);
		atexit(tmp_remove);
	}
	fd = open(tmp_path, O_WRONLY | O_TRUNC);
	FUZZ_CHECK(fd >= 0, "open %s", tmp_path);
	FUZZ_CHECK(size == 0 || write(fd, data, size) == (ssize_t)size, "write %s", tmp_path);
	close(fd);
}

static size_t touch(const char *s)
{
	FUZZ_CHECK(s != NULL, "%s", "NULL string in a registry entry");
	return strlen(s);
}

static void check_table(const struct registry *reg)
{
	volatile size_t sum = 0;
	int code;

	for (code = 0; code <= STATUS_CODE_MAX; code++) {
		const struct status_info *e = registry_lookup(reg, code);
		bool valid = code >= 100 && code <= 599;
		size_t v;

		FUZZ_CHECK(e->code == code, "entry %d holds code %d", code, e->code);
		FUZZ_CHECK(valid ? e->cls == (enum status_class)(code / 100 - 1)
		                 : e->cls == CLASS_INVALID, "code %d: class %d", code, e->cls);
		FUZZ_CHECK(valid ? e->kind != KIND_INVALID : e->kind == KIND_INVALID,
		           "code %d: kind %d", code, e->kind);
		FUZZ_CHECK(e->kind != KIND_VENDOR || e->n_vendors > 0,
		           "code %d: vendor kind without vendors", code);
		sum += touch(e->reason) + touch(e->reference);
		for (v = 0; v < e->n_vendors; v++)
			sum += touch(e->vendors[v].vendor) + touch(e->vendors[v].reason) +
			       touch(e->vendors[v].source);
	}
	sum += touch(registry_source(reg)) + touch(registry_updated(reg));
	(void)sum;
}

static void load(struct registry *reg, bool iana)
{
	struct error err;
	int rc;

	err.msg[0] = '\0';
	rc = iana ? registry_load_iana(reg, tmp_path, &err)
	          : registry_load_vendors(reg, tmp_path, &err);
	if (rc < 0)
		FUZZ_CHECK(err.msg[0] != '\0', "%s", "a failed load must explain itself");
	else
		FUZZ_CHECK(rc == 0, "rc %d", rc);
	check_table(reg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct registry *reg;
	unsigned mode;

	if (size < 1)
		return 0;
	mode = data[0] % 3;
	tmp_write(data + 1, size - 1);
	reg = registry_new_builtin();
	if (mode != 1)
		load(reg, true);
	if (mode != 0)
		load(reg, false);
	registry_free(reg);
	return 0;
}
