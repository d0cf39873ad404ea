/* prom_accept.c: which exposition format a scraper asked for. Reads an
 * HTTP Accept header (untrusted, any length) without allocating: each
 * media range with its q value; OpenMetrics 1.0 is served only when the
 * scraper prefers it strictly over text 0.0.4, as Prometheus does when
 * its scrape protocols put OpenMetrics first. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "statusmon/report.h"

/* [s, e) without blanks at either end. */
static void prom_trim(const char **s, const char **e)
{
	while (*s < *e && (**s == ' ' || **s == '\t'))
		(*s)++;
	while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t'))
		(*e)--;
}

static bool prom_token_is(const char *s, const char *e, const char *word)
{
	size_t n = strlen(word);

	return (size_t)(e - s) == n && strncasecmp(s, word, n) == 0;
}

/* q (0..1, default 1) and version ("" if none) of one media range's
 * parameters [p, e). */
static double prom_params(const char *p, const char *e, const char **ver, size_t *ver_len)
{
	double q = 1.0;

	*ver = "";
	*ver_len = 0;
	while (p < e) {
		const char *semi = memchr(p, ';', (size_t)(e - p)), *end = semi ? semi : e;
		const char *eq = memchr(p, '=', (size_t)(end - p)), *ks = p, *ke, *vs, *ve = end;

		p = semi ? semi + 1 : e;
		if (!eq)
			continue;
		ke = eq;
		vs = eq + 1;
		prom_trim(&ks, &ke);
		prom_trim(&vs, &ve);
		if (prom_token_is(ks, ke, "q")) {
			char num[16];
			size_t n = (size_t)(ve - vs) < sizeof num - 1 ? (size_t)(ve - vs) : sizeof num - 1;

			memcpy(num, vs, n);
			num[n] = '\0';
			q = strtod(num, NULL);
		} else if (prom_token_is(ks, ke, "version")) {
			*ver = vs;
			*ver_len = (size_t)(ve - vs);
		}
	}
	return q < 0 ? 0 : q > 1 ? 1 : q;
}

enum prom_format prom_format_accept(const char *accept)
{
	double q_om = 0, q_text = 0, q_any = 0;
	const char *p = accept ? accept : "", *end = p + strlen(p);

	while (p < end) {
		const char *comma = memchr(p, ',', (size_t)(end - p)), *e = comma ? comma : end;
		const char *semi = memchr(p, ';', (size_t)(e - p)), *ts = p, *te = semi ? semi : e;
		const char *ver;
		size_t ver_len;
		double q = prom_params(semi ? semi + 1 : e, e, &ver, &ver_len);

		p = comma ? comma + 1 : end;
		prom_trim(&ts, &te);
		if (prom_token_is(ts, te, "application/openmetrics-text") &&
		    (ver_len == 0 || prom_token_is(ver, ver + ver_len, "1.0.0")) && q > q_om)
			q_om = q;
		else if (prom_token_is(ts, te, "text/plain") && q > q_text)
			q_text = q;
		else if ((prom_token_is(ts, te, "*/*") || prom_token_is(ts, te, "text/*")) && q > q_any)
			q_any = q;
	}
	if (q_text < q_any)
		q_text = q_any;
	return q_om > 0 && q_om > q_text ? PROM_OPENMETRICS : PROM_TEXT;
}

const char *prom_content_type(enum prom_format fmt)
{
	return fmt == PROM_OPENMETRICS ? PROM_CONTENT_TYPE_OPENMETRICS : PROM_CONTENT_TYPE_TEXT;
}
