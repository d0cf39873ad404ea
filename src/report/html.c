/* html.c: the HTML report's page: head (Content-Security-Policy, referrer
 * policy, the hashed inline style), the header and the order of the
 * sections, plus the small helpers every section shares. One
 * self-contained file: no script, no external request, readable with
 * JavaScript off; the same snapshot gives the same bytes (no clock, no
 * randomness: the only times shown are the log's).
 *
 * After the drill-down come the response times (when the log has
 * durations) and a merged report's hosts, then the malformed examples. */
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>
#include "statusmon/escape.h"
#include "html_impl.h"

void html_text(FILE *out, const char *s)
{
	if (s)
		escape_html_write(out, s, strlen(s));
}

void html_count(FILE *out, uint64_t n, const char *key_fmt, ...)
{
	char key[128], digits[32], grouped[48];
	size_t len, i, j = 0;
	va_list ap;

	va_start(ap, key_fmt);
	vsnprintf(key, sizeof key, key_fmt, ap);
	va_end(ap);
	len = (size_t)snprintf(digits, sizeof digits, "%" PRIu64, n);
	for (i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			grouped[j++] = ',';
		grouped[j++] = digits[i];
	}
	grouped[j] = '\0';
	fprintf(out, "<data value=\"%s\" data-k=\"%s\">%s</data>", digits, key, grouped);
}

void html_share(FILE *out, uint64_t part, uint64_t whole)
{
	char pct[REPORT_PERCENT_MAX];

	report_percent_str(pct, part, whole);
	fprintf(out, "%s%%", pct);
}

const char *html_class_css(enum status_class cls)
{
	static const char *const names[CLASS_COUNT] = { "c1", "c2", "c3", "c4", "c5", "ci" };

	return (unsigned)cls < CLASS_COUNT ? names[cls] : "ci";
}

void html_status_label(FILE *out, const struct snapshot_status *st)
{
	size_t n = st->raw_len < sizeof st->raw ? st->raw_len : sizeof st->raw;

	if (report_status_kind(st) != KIND_INVALID && st->code >= 0 && st->code <= 999) {
		fprintf(out, "%d", st->code);
		return;
	}
	fputs("<span class=\"k\">", out);
	if (st->raw_len > 0)
		escape_html_write(out, st->raw, n);
	else
		fputs("(empty)", out);
	fputs(st->raw_truncated ? "&hellip;</span>" : "</span>", out);
}

const char *html_marker(const struct snapshot_status *st)
{
	switch (report_status_kind(st)) {
	case KIND_VENDOR:     return " <span class=\"mark\" title=\"vendor\">V</span>";
	case KIND_UNASSIGNED: return " <span class=\"mark\" title=\"unassigned\">U</span>";
	case KIND_INVALID:    return " <span class=\"mark\" title=\"invalid\">!</span>";
	default:              return "";
	}
}

static void html_head(FILE *out, const struct snapshot *snap)
{
	unsigned char digest[32];
	char hash[48], first[REPORT_TIME_MAX], last[REPORT_TIME_MAX];

	html_sha256(html_style, strlen(html_style), digest);
	html_base64(digest, sizeof digest, hash);
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n", out);
	fprintf(out, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	        "style-src 'sha256-%s'; img-src data:; base-uri 'none'; form-action 'none'\">\n",
	        hash);
	fputs("<meta name=\"referrer\" content=\"no-referrer\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta name=\"generator\" content=\"statusmon\">\n<title>HTTP statuses", out);
	if (snap->has_time && report_time_iso(first, snap->first) &&
	    report_time_iso(last, snap->last))
		fprintf(out, " %.10s to %.10s", first, last);
	fprintf(out, " - statusmon</title>\n<style>%s</style>\n</head>\n", html_style);
}

static void html_header(FILE *out, const struct report_context *ctx, const struct snapshot *snap)
{
	char first[REPORT_TIME_MAX], last[REPORT_TIME_MAX];

	fputs("<header>\n<h1>HTTP statuses</h1>\n<p class=\"meta\">", out);
	if (snap->has_time) {
		report_time_iso(first, snap->first);
		report_time_iso(last, snap->last);
		fprintf(out, "Log time <b>%s</b> to <b>%s</b> (UTC). ", first, last);
	} else {
		fputs("The log held no times. ", out);
	}
	fputs("Format: ", out);
	html_text(out, ctx->format_name ? ctx->format_name : "unknown");
	fputs(".</p>\n<p class=\"meta\">", out);
	html_text(out, ctx->generator ? ctx->generator : "statusmon");
	fputs("; status registry: ", out);
	html_text(out, ctx->registry_source ? ctx->registry_source : "?");
	if (ctx->registry_updated) {
		fputs(", updated ", out);
		html_text(out, ctx->registry_updated);
	}
	fputs(".</p>\n</header>\n", out);
}

void report_html_write(FILE *out, const struct report_context *ctx, const struct snapshot *snap)
{
	html_head(out, snap);
	fputs("<body>\n<main>\n", out);
	html_header(out, ctx, snap);
	html_totals(out, ctx, snap);
	html_inputs(out, ctx);
	html_summary(out, snap);
	html_fail_on(out, ctx, snap);
	html_timeline(out, snap);
	html_codes(out, snap);
	html_drill(out, ctx, snap);
	html_latency(out, snap);
	html_hosts(out, ctx);
	html_examples(out, ctx);
	fputs("<footer>Every string from the logs is shown as text: control bytes as \\xHH, "
	      "invisible and bidirectional characters as &lt;U+XXXX&gt;, invalid UTF-8 as "
	      "\xef\xbf\xbd. Top paths and clients are Space-Saving estimates: "
	      "&plusmn;N is the most a count may be over.</footer>\n"
	      "</main>\n</body>\n</html>\n", out);
}
