/* replay_main.c: a main() for the fuzz harnesses when the compiler has no
 * libFuzzer (gcc, or a plain build): runs LLVMFuzzerTestOneInput once on
 * each FILE, or on each regular file inside each DIRECTORY, so the seed
 * corpora and tests/fuzz/regressions/ replay as ordinary ctest tests in
 * the sanitizer and valgrind builds too. Exits non-zero if a path cannot
 * be read; a failing input aborts in the harness itself. */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, got;

	if (!f) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	do {
		if (len == cap) {
			uint8_t *p = realloc(buf, cap ? cap * 2 : 65536);

			if (!p)
				abort();
			buf = p;
			cap = cap ? cap * 2 : 65536;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
	} while (got > 0);
	fclose(f);
	/* an exact-size copy, so an overread is an ASan/valgrind error */
	uint8_t *exact = malloc(len ? len : 1);

	if (!exact)
		abort();
	if (len)
		memcpy(exact, buf, len);
	free(buf);
	LLVMFuzzerTestOneInput(exact, len);
	free(exact);
	return 0;
}

static int replay_dir(const char *path, size_t *count)
{
	DIR *d = opendir(path);
	struct dirent *e;
	char file[4096];
	struct stat st;
	int rc = 0;

	if (!d) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(file, sizeof file, "%s/%s", path, e->d_name);
		if (stat(file, &st) == 0 && S_ISREG(st.st_mode)) {
			rc |= replay_file(file);
			(*count)++;
		}
	}
	closedir(d);
	return rc;
}

int main(int argc, char **argv)
{
	struct stat st;
	size_t count = 0;
	int i, rc = 0;

	for (i = 1; i < argc; i++) {
		if (argv[i][0] == '-')
			continue;    /* libFuzzer flags (-runs=0 ...) are ignored */
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			rc |= replay_dir(argv[i], &count);
		} else {
			rc |= replay_file(argv[i]);
			count++;
		}
	}
	printf("%s: %zu inputs replayed\n", argv[0], count);
	return rc ? 1 : 0;
}
