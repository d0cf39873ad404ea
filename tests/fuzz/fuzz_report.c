/* fuzz_report.c: hostile log content all the way to the three reports. The
 * input's first byte picks the options (--top 1..8, color, the format:
 * combined or JSON lines, whose unescaping puts any byte, NUL included,
 * into paths and statuses); its lines are parsed, counted (every 7th
 * parsed line as filtered) and snapshotted as statusmon does, then
 * written as JSON, text and CSV into memory. Checked, with the readers of
 * text_check.h: the JSON is one valid UTF-8 JSON document; the text report
 * holds no raw control byte but "\n" (and, with color, SGR sequences);
 * every CSV record is RFC 4180, each of the three tables (statuses,
 * totals, inputs; an empty record before each of the last two) with the
 * columns of its header, and no raw control byte; the snapshot keeps
 * lines = parsed + malformed + directives and parsed = filtered + counted. */
#include "fuzz_util.h"
#include "statusmon/registry.h"
#include "statusmon/report.h"
#include "statusmon/stats.h"
#include "text_check.h"

struct run {
	struct parser *parser;
	struct stats *stats;
	const struct registry *reg;
	size_t parsed;
};

static void count_line(const char *line, size_t n, void *arg)
{
	struct run *r = arg;
	struct record rec;
	const struct sv *st;

	enum parse_result pr = parser_parse(r->parser, line, n, &rec);

	if (pr != PARSE_OK) {
		stats_count_malformed(r->stats, pr == PARSE_DIRECTIVE);
		return;
	}
	if (++r->parsed % 7 == 0) {
		stats_count_filtered(r->stats, &rec);
		return;
	}
	st = &rec.field[FIELD_STATUS];
	stats_add(r->stats, &rec, registry_lookup(r->reg, status_code_parse(st->p, st->n)),
	          line, n);
}

typedef void (*report_fn)(FILE *, const struct report_context *, const struct snapshot *);

static char *report_run(report_fn fn, const struct report_context *ctx,
                        const struct snapshot *snap, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	FUZZ_CHECK(f != NULL, "%s", "open_memstream");
	fn(f, ctx, snap);
	FUZZ_CHECK(fclose(f) == 0, "%s", "fclose");
	return buf;
}

/* Removes SGR sequences (ESC [ digits and ; then m) in place. */
static size_t strip_sgr(char *s, size_t n)
{
	size_t i = 0, o = 0, k;

	while (i < n) {
		if (s[i] == '\x1b' && i + 1 < n && s[i + 1] == '[') {
			for (k = i + 2; k < n && ((s[k] >= '0' && s[k] <= '9') || s[k] == ';'); k++)
				;
			if (k < n && s[k] == 'm') {
				i = k + 1;
				continue;
			}
		}
		s[o++] = s[i++];
	}
	return o;
}

/* One CSV record of s[0..n) (a line without its CRLF): its field count,
 * or -1 if the quoting is not RFC 4180. */
static int csv_fields(const char *s, size_t n)
{
	size_t i = 0;
	int fields = 1;

	while (i <= n) {
		if (i < n && s[i] == '"') {
			for (i++; i < n; i++) {
				if (s[i] != '"')
					continue;
				if (i + 1 < n && s[i + 1] == '"')
					i++;
				else
					break;
			}
			if (i >= n)
				return -1;           /* unterminated */
			i++;
			if (i < n && s[i] != ',')
				return -1;           /* text after the closing quote */
		} else {
			while (i < n && s[i] != ',')
				if (s[i++] == '"')
					return -1;   /* a quote inside an unquoted field */
		}
		if (i >= n)
			break;
		i++;                         /* the comma */
		fields++;
	}
	return fields;
}

/* Tables separated by an empty record: statuses, totals, inputs, then the
 * response-time table when the log had durations; every record of a
 * table has its header's number of fields. */
static void check_csv(const char *out, size_t len)
{
	static const char header[] = "code,count,percent,class,kind,reason,vendors\r\n";
	static const int columns[] = { 7, 6, 9 };   /* statuses, totals, inputs */
	size_t pos, end, table = 0;
	int want = columns[0], got;
	bool first = false;

	FUZZ_CHECK(text_first_unsafe(out, len, "\r\n") == len, "%s", "csv: raw control byte");
	FUZZ_CHECK(len >= sizeof header - 1 && memcmp(out, header, sizeof header - 1) == 0,
	           "%s", "csv: header");
	for (pos = 0; pos < len; pos = end + 2) {
		for (end = pos; end + 1 < len && !(out[end] == '\r' && out[end + 1] == '\n'); end++)
			;
		FUZZ_CHECK(end + 1 < len, "csv: a record without CRLF at %zu", pos);
		FUZZ_CHECK(!memchr(out + pos, '\r', end - pos) && !memchr(out + pos, '\n', end - pos),
		           "csv: a bare CR or LF at %zu", pos);
		if (end == pos) {
			FUZZ_CHECK(++table < 4, "csv: a fifth table at %zu", pos);
			want = table < 3 ? columns[table] : -1;
			first = true;
			continue;
		}
		got = csv_fields(out + pos, end - pos);
		if (first && want < 0)
			want = got;          /* the response-time table: its header */
		first = false;
		FUZZ_CHECK(got == want, "csv: record at %zu has %d fields", pos, got);
	}
	FUZZ_CHECK(table == 2 || table == 3, "csv: %zu empty records, expected 2 or 3", table);
}

static void check_reports(const struct report_context *ctx, const struct snapshot *snap)
{
	size_t len, at;
	char *out;

	out = report_run(report_json_write, ctx, snap, &len);
	FUZZ_CHECK(json_document_valid(out, len, &at), "json report: invalid at byte %zu of %zu",
	           at, len);
	FUZZ_CHECK(text_first_unsafe(out, len, "\n") == len, "%s", "json report: raw control");
	free(out);
	out = report_run(report_text_write, ctx, snap, &len);
	if (ctx->color)
		len = strip_sgr(out, len);
	at = text_first_unsafe(out, len, "\n");
	FUZZ_CHECK(at == len, "text report: raw control or invalid UTF-8 at byte %zu", at);
	free(out);
	out = report_run(report_csv_write, ctx, snap, &len);
	check_csv(out, len);
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct registry *reg;
	static struct format *formats[2];
	struct stats_config cfg = { .top_n = 10 };
	struct snapshot_options opt = { .top_n = 0 };
	struct report_input in[2] = { { .name = "in\x1b]0;x\a.log" },
	                              { .name = "=other\xe2\x80\xae.log", .format = "none" } };
	struct report_context ctx = { .generator = "statusmon fuzz", .n_inputs = 2, .inputs = in };
	struct run r = { .parsed = 0 };
	struct snapshot *snap;
	struct error err;
	bool jsonl;

	if (size < 1)
		return 0;
	if (!reg) {
		reg = registry_new_builtin();
		formats[0] = format_load("combined", FUZZ_PATTERNS_DIR, true, &err);
		formats[1] = format_load("jsonl", FUZZ_PATTERNS_DIR, true, &err);
		FUZZ_CHECK(formats[0] && formats[1], "format_load: %s", err.msg);
	}
	jsonl = data[0] & 0x40;
	cfg.registry = r.reg = reg;
	cfg.top_n = opt.top_n = ctx.top_n = 1 + (data[0] & 7);
	ctx.color = data[0] & 0x80;
	ctx.registry_source = registry_source(reg);
	ctx.registry_updated = registry_updated(reg);
	ctx.format_name = format_name(formats[jsonl]);
	r.parser = parser_new(formats[jsonl], &err);
	r.stats = stats_new(&cfg);
	FUZZ_CHECK(r.parser && r.stats, "%s", "parser_new / stats_new");
	fuzz_each_line(data + 1, size - 1, count_line, &r);
	snap = stats_snapshot(r.stats, &opt);
	FUZZ_CHECK(snap != NULL, "%s", "stats_snapshot");
	FUZZ_CHECK(snap->lines == snap->parsed + snap->malformed + snap->directives &&
	           snap->parsed == r.parsed &&
	           snap->parsed == snap->filtered + snapshot_counted(snap),
	           "invariant: lines %llu parsed %llu malformed %llu filtered %llu counted %llu",
	           (unsigned long long)snap->lines, (unsigned long long)snap->parsed,
	           (unsigned long long)snap->malformed, (unsigned long long)snap->filtered,
	           (unsigned long long)snapshot_counted(snap));
	in[0].lines = snap->lines;   /* the per-input rows, a warning when mostly malformed */
	in[0].format = ctx.format_name;
	in[0].parsed = snap->parsed;
	in[0].malformed = snap->malformed;
	in[0].directives = snap->directives;
	in[0].filtered = snap->filtered;
	in[1].parsed = 1;
	check_reports(&ctx, snap);
	snapshot_free(snap);
	stats_free(r.stats);
	parser_free(r.parser);
	return 0;
}
