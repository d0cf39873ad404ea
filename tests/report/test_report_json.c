/* test_report_json.c: the JSON report parsed back by python3 (strict
 * json.loads, see check_json.py) and checked field by field against the
 * snapshot it was written from: the fixture, an empty run, a cut top list
 * and snapshots full of random bytes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "snapshot_fixture.h"

static const char *const class_names[] = { "1xx", "2xx", "3xx", "4xx", "5xx", "invalid" };
static const char *const kind_names[] = { "registered", "vendor", "unassigned", "invalid" };

struct spec {
	FILE *f;
	char path[64];
	unsigned checks;
};

static void spec_open(struct spec *sp)
{
	int fd;

	memset(sp, 0, sizeof *sp);
	strcpy(sp->path, "/tmp/sm-spec.XXXXXX");
	fd = mkstemp(sp->path);
	assert_true(fd >= 0);
	sp->f = fdopen(fd, "w");
	assert_non_null(sp->f);
}

/* One check: PATH (printf-style) must hold EXPECTED (check_json.py). */
static void spec(struct spec *sp, const char *expected, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void spec(struct spec *sp, const char *expected, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(sp->f, fmt, ap);
	va_end(ap);
	fprintf(sp->f, "\t%s\n", expected);
	sp->checks++;
}

static void spec_u64(struct spec *sp, uint64_t v, const char *path)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%" PRIu64, v);
	spec(sp, buf, "%s", path);
}

/* A string expected to be bytes decoded with U+FFFD replacement. */
static void spec_bytes(struct spec *sp, const char *s, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void spec_bytes(struct spec *sp, const char *s, size_t n, const char *fmt, ...)
{
	va_list ap;
	size_t i;

	va_start(ap, fmt);
	vfprintf(sp->f, fmt, ap);
	va_end(ap);
	fputs("\thex:", sp->f);
	for (i = 0; i < n; i++)
		fprintf(sp->f, "%02x", (unsigned char)s[i]);
	fputc('\n', sp->f);
	sp->checks++;
}

/* Writes the report, runs check_json.py on it with the spec, asserts OK. */
static void spec_check(struct spec *sp, const struct report_context *ctx,
                       const struct snapshot *snap)
{
	char doc[] = "/tmp/sm-json.XXXXXX", cmd[512], line[1024], want[32];
	int fd;
	FILE *f;

	assert_int_equal(fclose(sp->f), 0);
	fd = mkstemp(doc);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	report_json_write(f, ctx, snap);
	assert_int_equal(fclose(f), 0);
	snprintf(cmd, sizeof cmd, "python3 %s/tests/report/check_json.py %s %s 2>&1",
	         SM_SOURCE_DIR, doc, sp->path);
	fx_run(cmd, line, sizeof line);
	snprintf(want, sizeof want, "OK %u\n", sp->checks);
	if (strcmp(line, want) != 0) {
		fprintf(stderr, "check_json.py: %s(document kept in %s)\n", line, doc);
		unlink(sp->path);
		fail();
	}
	unlink(doc);
	unlink(sp->path);
}

static void spec_items(struct spec *sp, const struct report_context *ctx, size_t i,
                       const char *list, const char *field,
                       const struct snapshot_item *items, size_t n)
{
	size_t k, shown = ctx->top_n && n > ctx->top_n ? ctx->top_n : n;
	char path[96];

	snprintf(path, sizeof path, "statuses.%zu.%s.#", i, list);
	spec_u64(sp, shown, path);
	for (k = 0; k < shown; k++) {
		spec_bytes(sp, items[k].key, items[k].key_len, "statuses.%zu.%s.%zu.%s",
		           i, list, k, field);
		snprintf(path, sizeof path, "statuses.%zu.%s.%zu.count", i, list, k);
		spec_u64(sp, items[k].count, path);
		snprintf(path, sizeof path, "statuses.%zu.%s.%zu.error", i, list, k);
		spec_u64(sp, items[k].error, path);
		spec(sp, items[k].error ? "false" : "true", "statuses.%zu.%s.%zu.exact", i, list, k);
		spec(sp, items[k].key_truncated ? "true" : "false", "statuses.%zu.%s.%zu.truncated",
		     i, list, k);
	}
}

static void spec_status(struct spec *sp, const struct report_context *ctx,
                        const struct snapshot *snap, size_t i)
{
	const struct snapshot_status *st = &snap->statuses[i];
	const struct status_info *info = st->info;
	char buf[64], path[64];
	size_t v;

	snprintf(buf, sizeof buf, "%d", st->code);
	spec(sp, st->code >= 0 ? buf : "null", "statuses.%zu.code", i);
	if (info->kind == KIND_INVALID) {
		spec_bytes(sp, st->raw, st->raw_len, "statuses.%zu.raw", i);
		spec(sp, st->raw_truncated ? "true" : "false", "statuses.%zu.truncated", i);
	} else {
		spec(sp, "absent", "statuses.%zu.raw", i);
		spec(sp, "absent", "statuses.%zu.truncated", i);
	}
	snprintf(path, sizeof path, "statuses.%zu.count", i);
	spec_u64(sp, st->count, path);
	snprintf(buf, sizeof buf, "~%f", 100.0 * (double)st->count /
	         (double)(snap->parsed - snap->filtered));
	spec(sp, buf, "statuses.%zu.percent", i);
	snprintf(buf, sizeof buf, "\"%s\"", class_names[info->cls]);
	spec(sp, buf, "statuses.%zu.class", i);
	snprintf(buf, sizeof buf, "\"%s\"", kind_names[info->kind]);
	spec(sp, buf, "statuses.%zu.kind", i);
	spec_bytes(sp, info->reason, strlen(info->reason), "statuses.%zu.reason", i);
	spec_bytes(sp, info->reference, strlen(info->reference), "statuses.%zu.reference", i);
	snprintf(path, sizeof path, "statuses.%zu.vendors.#", i);
	spec_u64(sp, info->n_vendors, path);
	for (v = 0; v < info->n_vendors; v++) {
		spec_bytes(sp, info->vendors[v].vendor, strlen(info->vendors[v].vendor),
		           "statuses.%zu.vendors.%zu.vendor", i, v);
		spec_bytes(sp, info->vendors[v].reason, strlen(info->vendors[v].reason),
		           "statuses.%zu.vendors.%zu.reason", i, v);
	}
	spec_items(sp, ctx, i, "top_paths", "path", st->paths, st->n_paths);
	spec_items(sp, ctx, i, "top_clients", "client", st->clients, st->n_clients);
}

/* An input's own format and counts; null when the caller keeps none. */
static void spec_input_counts(struct spec *sp, const struct report_input *in, size_t i)
{
	const char *keys[] = { "parsed", "malformed", "directives", "filtered" };
	uint64_t vals[] = { in->parsed, in->malformed, in->directives, in->filtered };
	char path[64];
	size_t k;

	if (in->format)
		spec_bytes(sp, in->format, strlen(in->format), "inputs.%zu.format", i);
	else
		spec(sp, "null", "inputs.%zu.format", i);
	for (k = 0; k < 4; k++) {
		snprintf(path, sizeof path, "inputs.%zu.%s", i, keys[k]);
		if (in->format)
			spec_u64(sp, vals[k], path);
		else
			spec(sp, "null", "%s", path);
	}
}

/* Everything except times, which the callers state literally. */
static void spec_snapshot(struct spec *sp, const struct report_context *ctx,
                          const struct snapshot *snap)
{
	char path[64];
	size_t i;

	spec(sp, "2", "version");
	spec(sp, "null", "merge");
	spec(sp, "1", "hosts.#");
	spec_u64(sp, snap->lines, "hosts.0.lines");
	spec_u64(sp, snap->by_class[CLASS_5XX], "hosts.0.5xx");
	spec(sp, "\"statusmon 0.1.0\"", "generator");
	spec(sp, "\"built-in\"", "registry.source");
	spec(sp, "\"2022-06-08\"", "registry.updated");
	spec_bytes(sp, ctx->format_name, strlen(ctx->format_name), "format");
	spec_u64(sp, ctx->n_inputs, "inputs.#");
	for (i = 0; i < ctx->n_inputs; i++) {
		spec_bytes(sp, ctx->inputs[i].name, strlen(ctx->inputs[i].name),
		           "inputs.%zu.name", i);
		snprintf(path, sizeof path, "inputs.%zu.lines", i);
		spec_u64(sp, ctx->inputs[i].lines, path);
		snprintf(path, sizeof path, "inputs.%zu.bytes", i);
		spec_u64(sp, ctx->inputs[i].bytes, path);
		spec_input_counts(sp, &ctx->inputs[i], i);
		spec(sp, ctx->inputs[i].failed ? "true" : "false", "inputs.%zu.failed", i);
	}
	spec_u64(sp, snap->lines, "totals.lines");
	spec_u64(sp, snap->parsed, "totals.parsed");
	spec_u64(sp, snap->malformed, "totals.malformed");
	spec_u64(sp, snap->directives, "totals.directives");
	spec_u64(sp, snap->filtered, "totals.filtered");
	spec_u64(sp, snap->parsed - snap->filtered, "totals.counted");
	for (i = 0; i < CLASS_COUNT; i++) {
		snprintf(path, sizeof path, "classes.%s", class_names[i]);
		spec_u64(sp, snap->by_class[i], path);
	}
	for (i = 0; i < KIND_COUNT; i++) {
		snprintf(path, sizeof path, "kinds.%s", kind_names[i]);
		spec_u64(sp, snap->by_kind[i], path);
	}
	spec_u64(sp, snap->n_statuses, "statuses.#");
	for (i = 0; i < snap->n_statuses; i++)
		spec_status(sp, ctx, snap, i);
}

static void test_json_fixture(void **state)
{
	struct report_context ctx = fx_context();
	struct snapshot *snap = fx_snapshot();
	struct spec sp;
	char path[64];
	size_t i;
	int c;

	(void)state;
	spec_open(&sp);
	spec_snapshot(&sp, &ctx, snap);
	spec(&sp, "\"2015-05-17T10:05:03Z\"", "time_range.first");
	spec(&sp, "\"2015-05-17T11:04:58Z\"", "time_range.last");
	spec(&sp, "300", "timeline.bucket_seconds");
	spec(&sp, "12", "timeline.buckets.#");
	spec(&sp, "\"2015-05-17T10:00:00Z\"", "timeline.buckets.0.start");
	spec(&sp, "\"2015-05-17T10:55:00Z\"", "timeline.buckets.11.start");
	for (i = 0; i < snap->n_buckets; i++)
		for (c = 0; c < CLASS_COUNT; c++) {
			snprintf(path, sizeof path, "timeline.buckets.%zu.%s", i, class_names[c]);
			spec_u64(&sp, snap->buckets[i].by_class[c], path);
		}
	/* spot checks written out, so a wrong spec generator cannot hide */
	spec(&sp, "499", "statuses.3.code");
	spec(&sp, "\"vendor\"", "statuses.3.kind");
	spec(&sp, "\"Esri\"", "statuses.3.vendors.1.vendor");
	spec(&sp, "~3.00", "statuses.3.percent");
	spec(&sp, "null", "statuses.7.code");
	spec(&sp, "\"-\"", "statuses.7.raw");
	spec(&sp, "0", "statuses.8.code");
	spec(&sp, "\"000\"", "statuses.8.raw");
	spec(&sp, "\"\\u001b[31m\"", "statuses.9.raw");
	spec(&sp, "\"/\\u001b]0;pwned\\u0007\"", "statuses.1.top_paths.1.path");
	spec(&sp, "\"/caf\\ufffd/\\ufffd\\ufffd\\\"quoted\\\"\\\\back\"",
	     "statuses.1.top_paths.4.path");
	spec(&sp, "10001", "totals.counted");
	spec(&sp, "\"mixed\"", "format");
	spec(&sp, "48", "totals.malformed");
	spec(&sp, "2", "totals.directives");
	spec(&sp, "\"w3c\"", "inputs.1.format");
	spec(&sp, "38", "inputs.1.malformed");
	spec(&sp, "2", "inputs.1.directives");
	spec(&sp, "49", "inputs.0.filtered");
	spec(&sp, "\"none\"", "inputs.2.format");
	spec(&sp, "7", "statuses.1.top_paths.2.error");
	spec(&sp, "false", "statuses.1.top_paths.2.exact");
	spec(&sp, "true", "statuses.1.top_paths.0.exact");
	spec(&sp, "true", "statuses.1.top_paths.6.truncated");
	spec(&sp, "12", "statuses.1.top_clients.1.error");
	spec(&sp, "false", "statuses.7.truncated");
	spec_check(&sp, &ctx, snap);
	fx_free(snap);
}

/* Distinct garbage statuses longer than 15 bytes stay whole up to 64
 * bytes; a longer one is cut and says so; invisible characters come out as
 * \u escapes. */
static void test_json_long_raw_and_invisible(void **state)
{
	struct report_context ctx = fx_context();
	struct snapshot *snap = fx_snapshot();
	const char *a = "upstream_status=502,response_time=1.204";
	char cut[65], *out;
	struct spec sp;

	(void)state;
	memset(cut, 'x', 64);
	cut[64] = '\0';
	snap->statuses[7].raw_len = strlen(a);
	memcpy(snap->statuses[7].raw, a, strlen(a));
	snap->statuses[9].raw_len = 64;
	memcpy(snap->statuses[9].raw, cut, 64);
	snap->statuses[9].raw_truncated = true;
	fx_item(&snap->statuses[1].paths[0], "/invoice_\xe2\x80\xae" "fdp.exe", 19, 612, 0);
	spec_open(&sp);
	spec_snapshot(&sp, &ctx, snap);
	spec(&sp, "\"upstream_status=502,response_time=1.204\"", "statuses.7.raw");
	spec(&sp, "false", "statuses.7.truncated");
	spec(&sp, "true", "statuses.9.truncated");
	spec_check(&sp, &ctx, snap);
	out = fx_render(report_json_write, &ctx, snap, NULL);
	assert_non_null(strstr(out, "\"path\": \"/invoice_\\u202efdp.exe\""));
	assert_null(strstr(out, "\xe2\x80\xae"));
	free(out);
	fx_free(snap);
}

static void test_json_top_n_cut(void **state)
{
	struct report_context ctx = fx_context();
	struct snapshot *snap = fx_snapshot();
	struct spec sp;

	(void)state;
	ctx.top_n = 2;
	spec_open(&sp);
	spec_snapshot(&sp, &ctx, snap);
	spec(&sp, "2", "statuses.1.top_paths.#");
	spec_check(&sp, &ctx, snap);
	fx_free(snap);
}

static void test_json_empty(void **state)
{
	struct report_context ctx = fx_context();
	struct snapshot *snap = fx_empty();
	struct spec sp;
	char *out;

	(void)state;
	ctx.n_inputs = 1;
	spec_open(&sp);
	spec_snapshot(&sp, &ctx, snap);
	spec(&sp, "[]", "statuses");
	spec(&sp, "null", "time_range.first");
	spec(&sp, "null", "time_range.last");
	spec(&sp, "60", "timeline.bucket_seconds");
	spec(&sp, "[]", "timeline.buckets");
	spec(&sp, "0", "totals.counted");
	spec_check(&sp, &ctx, snap);
	out = fx_render(report_json_write, &ctx, snap, NULL);
	assert_null(strstr(out, "nan"));
	assert_null(strstr(out, "inf"));
	free(out);
	fx_free(snap);
}

static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void random_key(uint64_t *seed, char *buf, size_t cap, size_t *len)
{
	size_t i, n = rng_next(seed) % cap;

	for (i = 0; i < n; i++) {
		uint64_t r = rng_next(seed);
		/* half any byte, half UTF-8 lead/continuation and controls */
		buf[i] = (char)(r & 1 ? (r >> 8) : (0x80 + ((r >> 8) & 0x7f)));
		if (r % 7 == 0)
			buf[i] = (char)((r >> 16) & 0x1f);
	}
	*len = n;
}

/* Snapshots made of random bytes: every document is valid, every string
 * decodes to its bytes with U+FFFD for the invalid parts. */
static void test_json_random_bytes(void **state)
{
	uint64_t seed = 0x1234567887654321ULL;
	struct report_context ctx = fx_context();
	struct report_input inputs[2];
	char names[2][64], format[32];
	struct snapshot *snap;
	struct spec sp;
	size_t i, k, n;
	int round;

	(void)state;
	for (round = 0; round < 8; round++) {
		snap = fx_snapshot();
		for (i = 0; i < snap->n_statuses; i++) {
			struct snapshot_status *st = &snap->statuses[i];

			for (k = 0; k < st->n_paths; k++)
				random_key(&seed, st->paths[k].key, sizeof st->paths[k].key,
				           &st->paths[k].key_len);
			for (k = 0; k < st->n_clients; k++)
				random_key(&seed, st->clients[k].key, sizeof st->clients[k].key,
				           &st->clients[k].key_len);
			if (st->info->kind == KIND_INVALID)
				random_key(&seed, st->raw, sizeof st->raw, &st->raw_len);
		}
		for (i = 0; i < 2; i++) {
			random_key(&seed, names[i], sizeof names[i] - 1, &n);
			for (k = 0; k < n; k++)      /* names are C strings */
				names[i][k] = names[i][k] ? names[i][k] : 'x';
			names[i][n] = '\0';
			inputs[i] = (struct report_input){ .name = names[i], .lines = i,
			                                   .bytes = i * 100, .failed = i == 1,
			                                   .format = i ? format : NULL, .parsed = i };
		}
		ctx.inputs = inputs;
		ctx.n_inputs = 2;
		random_key(&seed, format, sizeof format - 1, &n);
		for (k = 0; k < n; k++)
			format[k] = format[k] ? format[k] : 'y';
		format[n] = '\0';
		ctx.format_name = format;
		spec_open(&sp);
		spec_snapshot(&sp, &ctx, snap);
		spec(&sp, "\"2015-05-17T10:05:03Z\"", "time_range.first");
		spec_check(&sp, &ctx, snap);
		fx_free(snap);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_fixture),
		cmocka_unit_test(test_json_long_raw_and_invisible),
		cmocka_unit_test(test_json_top_n_cut),
		cmocka_unit_test(test_json_empty),
		cmocka_unit_test(test_json_random_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
