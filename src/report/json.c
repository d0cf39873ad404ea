/* json.c: the JSON report, one document with stable keys (documented in
 * statusmon.1 and issue 3). Every string goes through escape_json_write, so
 * the document is valid UTF-8 JSON whatever the log held; numbers are
 * printed exactly (PRIu64) and percents without %f (no locale, never nan).
 * Missing values are null, never absent keys, except "raw" and
 * "truncated" (invalid statuses only). Raw statuses are kept whole up to
 * STATUS_RAW_MAX - 1 (64) bytes, "truncated": true when the logged field
 * was longer; top-K entries carry their Space-Saving error bound. */
#include <inttypes.h>
#include <string.h>
#include "statusmon/escape.h"
#include "report_impl.h"

static void json_str(FILE *out, const char *s)
{
	if (!s)
		fputs("null", out);
	else
		escape_json_write(out, s, strlen(s));
}

static void json_time(FILE *out, long long t)
{
	char buf[REPORT_TIME_MAX];

	if (report_time_iso(buf, t))
		fprintf(out, "\"%s\"", buf);
	else
		fputs("null", out);
}

static void json_head(FILE *out, const struct report_context *ctx, const struct snapshot *snap)
{
	fprintf(out, "{\n  \"version\": %d,\n  \"generator\": ", REPORT_SCHEMA_VERSION);
	json_str(out, ctx->generator ? ctx->generator : "statusmon");
	fputs(",\n  \"registry\": {\"source\": ", out);
	json_str(out, ctx->registry_source);
	fputs(", \"updated\": ", out);
	json_str(out, ctx->registry_updated);
	fputs("},\n  \"format\": ", out);
	json_str(out, ctx->format_name);
	fputs(",\n", out);
	report_json_provenance(out, ctx, snap);
}

/* ", "key": N", or null when the caller keeps no per-input counts. */
static void json_input_count(FILE *out, const struct report_input *in, const char *key,
                             uint64_t v)
{
	if (in->format)
		fprintf(out, ", \"%s\": %" PRIu64, key, v);
	else
		fprintf(out, ", \"%s\": null", key);
}

static void json_inputs(FILE *out, const struct report_context *ctx)
{
	const struct report_input *in;
	size_t i;

	fputs("  \"inputs\": [", out);
	for (i = 0; i < ctx->n_inputs; i++) {
		in = &ctx->inputs[i];
		fputs(i ? ",\n    {\"name\": " : "\n    {\"name\": ", out);
		json_str(out, in->name ? in->name : "-");
		fputs(", \"format\": ", out);
		json_str(out, in->format);
		fprintf(out, ",\n     \"lines\": %" PRIu64, in->lines);
		json_input_count(out, in, "parsed", in->parsed);
		json_input_count(out, in, "malformed", in->malformed);
		json_input_count(out, in, "directives", in->directives);
		json_input_count(out, in, "filtered", in->filtered);
		fprintf(out, ", \"bytes\": %" PRIu64 ", \"failed\": %s",
		        in->bytes, in->failed ? "true" : "false");
		report_json_input_provenance(out, ctx, in);
		fputc('}', out);
	}
	fputs(ctx->n_inputs ? "\n  ],\n" : "],\n", out);
}

static void json_counts(FILE *out, const struct snapshot *snap)
{
	int i;

	fprintf(out, "  \"totals\": {\"lines\": %" PRIu64 ", \"parsed\": %" PRIu64
	        ", \"malformed\": %" PRIu64 ", \"directives\": %" PRIu64
	        ", \"filtered\": %" PRIu64 ", \"counted\": %" PRIu64 ", \"truncated\": %" PRIu64 "},\n",
	        snap->lines, snap->parsed, snap->malformed, snap->directives,
	        snap->filtered, snapshot_counted(snap), snap->truncated);
	fputs("  \"classes\": {", out);
	for (i = 0; i < CLASS_COUNT; i++)
		fprintf(out, "%s\"%s\": %" PRIu64, i ? ", " : "",
		        status_class_name((enum status_class)i), snap->by_class[i]);
	fputs("},\n  \"kinds\": {", out);
	for (i = 0; i < KIND_COUNT; i++)
		fprintf(out, "%s\"%s\": %" PRIu64, i ? ", " : "",
		        status_kind_name((enum status_kind)i), snap->by_kind[i]);
	fputs("},\n", out);
}

static void json_vendors(FILE *out, const struct status_info *info)
{
	size_t i;

	fputs("\"vendors\": [", out);
	for (i = 0; info && i < info->n_vendors; i++) {
		fputs(i ? ", {\"vendor\": " : "{\"vendor\": ", out);
		json_str(out, info->vendors[i].vendor);
		fputs(", \"reason\": ", out);
		json_str(out, info->vendors[i].reason);
		fputc('}', out);
	}
	fputc(']', out);
}

static void json_items(FILE *out, const struct report_context *ctx, const char *key,
                       const char *field, const struct snapshot_item *items, size_t n)
{
	size_t i, len;

	n = report_top_count(ctx, n);
	fprintf(out, "\"%s\": [", key);
	for (i = 0; i < n; i++) {
		len = items[i].key_len < sizeof items[i].key ? items[i].key_len
		                                               : sizeof items[i].key;
		fprintf(out, "%s{\"%s\": ", i ? ",\n       " : "", field);
		escape_json_write(out, items[i].key, len);
		fprintf(out, ", \"truncated\": %s, \"count\": %" PRIu64 ", \"error\": %" PRIu64
		        ", \"exact\": %s}", items[i].key_truncated ? "true" : "false",
		        items[i].count, items[i].error, items[i].error == 0 ? "true" : "false");
	}
	fputc(']', out);
}

static void json_status(FILE *out, const struct report_context *ctx,
                        const struct snapshot_status *st, uint64_t counted)
{
	char pct[REPORT_PERCENT_MAX];
	size_t raw_len = st->raw_len < sizeof st->raw ? st->raw_len : sizeof st->raw;

	if (st->code >= 0 && st->code <= STATUS_CODE_MAX)
		fprintf(out, "    {\"code\": %d", st->code);
	else
		fputs("    {\"code\": null", out);
	if (report_status_kind(st) == KIND_INVALID) {
		fputs(", \"raw\": ", out);
		escape_json_write(out, st->raw, raw_len);
		fprintf(out, ", \"truncated\": %s", st->raw_truncated ? "true" : "false");
	}
	report_percent_str(pct, st->count, counted);
	fprintf(out, ", \"count\": %" PRIu64 ", \"percent\": %s, \"class\": \"%s\", \"kind\": \"%s\"",
	        st->count, pct, status_class_name(report_status_class(st)),
	        status_kind_name(report_status_kind(st)));
	fputs(",\n     \"reason\": ", out);
	json_str(out, report_status_reason(st));
	fputs(", \"reference\": ", out);
	json_str(out, st->info && st->info->reference ? st->info->reference : "");
	fputs(",\n     ", out);
	json_vendors(out, st->info);
	fputs(",\n     ", out);
	json_items(out, ctx, "top_paths", "path", st->paths, st->n_paths);
	fputs(",\n     ", out);
	json_items(out, ctx, "top_clients", "client", st->clients, st->n_clients);
	fputs(",\n     \"latency\": ", out);
	report_latency_json(out, st->latency);
	fputc('}', out);
}

static void json_statuses(FILE *out, const struct report_context *ctx,
                          const struct snapshot *snap)
{
	uint64_t counted = snapshot_counted(snap);
	size_t i;

	fputs("  \"statuses\": [", out);
	for (i = 0; i < snap->n_statuses; i++) {
		fputs(i ? ",\n" : "\n", out);
		json_status(out, ctx, &snap->statuses[i], counted);
	}
	fputs(snap->n_statuses ? "\n  ],\n" : "],\n", out);
}

static void json_time_range(FILE *out, const struct snapshot *snap)
{
	fputs("  \"time_range\": {\"first\": ", out);
	if (snap->has_time)
		json_time(out, snap->first);
	else
		fputs("null", out);
	fputs(", \"last\": ", out);
	if (snap->has_time)
		json_time(out, snap->last);
	else
		fputs("null", out);
	fputs("},\n", out);
}

static void json_timeline(FILE *out, const struct snapshot *snap)
{
	size_t i;
	int c;

	fprintf(out, "  \"timeline\": {\"bucket_seconds\": %lld, \"buckets\": [",
	        snap->bucket_seconds);
	for (i = 0; snap->buckets && i < snap->n_buckets; i++) {
		fputs(i ? ",\n    {\"start\": " : "\n    {\"start\": ", out);
		json_time(out, snap->buckets[i].start);
		for (c = 0; c < CLASS_COUNT; c++)
			fprintf(out, ", \"%s\": %" PRIu64, status_class_name((enum status_class)c),
			        snap->buckets[i].by_class[c]);
		fputc('}', out);
	}
	fputs(snap->n_buckets && snap->buckets ? "\n  ]}\n" : "]}\n", out);
}

void report_json_write(FILE *out, const struct report_context *ctx, const struct snapshot *snap)
{
	json_head(out, ctx, snap);
	json_inputs(out, ctx);
	json_counts(out, snap);
	json_statuses(out, ctx, snap);
	report_latency_json_classes(out, snap);
	json_time_range(out, snap);
	json_timeline(out, snap);
	fputs("}\n", out);
}
