/* fail_on.c: --fail-on rules (SUBJECT OP NUMBER[%]) for alerting from cron.
 * Parsing gives an error value naming the option; evaluation reads only a
 * snapshot. Apart from the writers because it decides the exit status, not
 * what the report says.
 *
 * Subjects: a 3-digit code ("499"), a class ("5xx"), a kind ("vendor",
 * "unassigned", "invalid", "registered"), "malformed", "filtered"; case is
 * ignored. A percentage is of the counted lines, except malformed (of the
 * non-directive lines: a W3C log's #Fields lines are its format, not damage,
 * and never count) and filtered (of the parsed lines). Blanks around the parts are
 * allowed. Numbers are parsed by hand so no locale changes their point.
 *
 * Latency rules "pNN(SUBJECT) OP DURATION" (p99(5xx)>2s, p50(200)>300ms)
 * compare the quantile of the request durations of a code or class (the
 * histogram's estimate, within LATENCY_REL_ERROR), in seconds; "pNNup"
 * (p99up(5xx)>1s) compares the upstream time's quantile instead. */
#include <ctype.h>
#include <string.h>
#include <strings.h>
#include "statusmon/escape.h"
#include "report_impl.h"

enum { SUBJ_CODE, SUBJ_CLASS, SUBJ_KIND, SUBJ_MALFORMED, SUBJ_FILTERED };
enum { OP_GT, OP_GE, OP_LT, OP_LE, OP_EQ, OP_NE };

#define SUBJECT_MAX 16
#define NUMBER_DIGITS_MAX 15   /* exact in a double */

static const struct { const char *text; int op; } ops[] = {
	{ ">=", OP_GE }, { "<=", OP_LE }, { "==", OP_EQ }, { "!=", OP_NE },
	{ ">", OP_GT }, { "<", OP_LT },
};

static const char *skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* The subject word, lower-cased into buf; NULL if empty or too long. */
static const char *parse_word(const char *s, char buf[SUBJECT_MAX])
{
	size_t n = 0;

	while (isalnum((unsigned char)*s) || *s == '_') {
		if (n + 1 >= SUBJECT_MAX)
			return NULL;
		buf[n++] = (char)tolower((unsigned char)*s++);
	}
	buf[n] = '\0';
	return n > 0 ? s : NULL;
}

static const char *parse_op(const char *s, int *op)
{
	size_t i, len;

	for (i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		len = strlen(ops[i].text);
		if (strncmp(s, ops[i].text, len) == 0) {
			*op = ops[i].op;
			return s + len;
		}
	}
	return NULL;
}

/* DIGITS[.DIGITS], at most NUMBER_DIGITS_MAX digits in all. */
static const char *parse_number(const char *s, double *value)
{
	double v = 0.0, scale = 1.0;
	size_t digits = 0;

	while (isdigit((unsigned char)*s) && digits++ < NUMBER_DIGITS_MAX)
		v = v * 10.0 + (*s++ - '0');
	if (digits == 0 || isdigit((unsigned char)*s))
		return NULL;
	if (*s == '.') {
		s++;
		if (!isdigit((unsigned char)*s))
			return NULL;
		while (isdigit((unsigned char)*s) && digits++ < NUMBER_DIGITS_MAX) {
			scale /= 10.0;
			v += (*s++ - '0') * scale;
		}
		if (isdigit((unsigned char)*s))
			return NULL;
	}
	*value = v;
	return s;
}

/* Resolves the subject word; false if unknown. */
static bool parse_subject(const char *w, struct fail_rule *rule)
{
	int k;

	if (strcmp(w, "malformed") == 0 || strcmp(w, "filtered") == 0) {
		rule->subject_type = w[0] == 'm' ? SUBJ_MALFORMED : SUBJ_FILTERED;
		rule->subject = 0;
		return true;
	}
	if ((k = status_kind_parse(w)) >= 0) {
		rule->subject_type = SUBJ_KIND;
		rule->subject = k;
		return true;
	}
	if ((k = status_class_parse(w)) >= 0) {
		rule->subject_type = SUBJ_CLASS;
		rule->subject = k;
		return true;
	}
	if (strlen(w) == 3 && isdigit((unsigned char)w[0]) && isdigit((unsigned char)w[1]) &&
	    isdigit((unsigned char)w[2])) {   /* NOLINT: strlen(w) is 3 */
		rule->subject_type = SUBJ_CODE;
		rule->subject = (w[0] - '0') * 100 + (w[1] - '0') * 10 + (w[2] - '0');
		return true;
	}
	return false;
}

/* Copies expr without surrounding blanks into rule->text (cut to fit). */
static void rule_text(struct fail_rule *rule, const char *expr)
{
	size_t n;

	expr = skip_blanks(expr);
	n = strlen(expr);
	while (n > 0 && (expr[n - 1] == ' ' || expr[n - 1] == '\t'))
		n--;
	if (n >= sizeof rule->text)
		n = sizeof rule->text - 1;
	memcpy(rule->text, expr, n);
	rule->text[n] = '\0';
}

/* "s", "ms", "us" or nothing (seconds) after a duration: the factor to
 * seconds, or NULL if another word follows. */
static const char *parse_unit(const char *s, double *factor)
{
	static const struct { const char *text; double factor; } units[] = {
		{ "ms", 1e-3 }, { "us", 1e-6 }, { "s", 1.0 },
	};

	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		size_t len = strlen(units[i].text);

		if (strncasecmp(s, units[i].text, len) == 0 && !isalnum((unsigned char)s[len])) {
			*factor = units[i].factor;
			return s + len;
		}
	}
	*factor = 1.0;
	return isalnum((unsigned char)*s) ? NULL : s;
}

/* "pNN(SUBJECT) OP DURATION" from just after the 'p'; NULL if malformed,
 * *subject_ok false when the subject is not a code or class. */
static const char *parse_quantile_rule(const char *s, struct fail_rule *rule,
                                       char word[SUBJECT_MAX], bool *subject_ok)
{
	double pct, factor;

	*subject_ok = true;
	s = parse_number(s, &pct);
	if (!s || pct <= 0 || pct > 100)
		return NULL;
	rule->quantile = pct / 100.0;
	rule->duration = DUR_REQUEST;
	if (strncasecmp(s, "up", 2) == 0) {
		rule->duration = DUR_UPSTREAM;
		s += 2;
	}
	if (*skip_blanks(s) != '(')
		return NULL;
	s = parse_word(skip_blanks(skip_blanks(s) + 1), word);
	if (!s || *(s = skip_blanks(s)) != ')')
		return NULL;
	*subject_ok = parse_subject(word, rule) &&
	              (rule->subject_type == SUBJ_CODE || rule->subject_type == SUBJ_CLASS);
	s = parse_op(skip_blanks(s + 1), &rule->op);
	if (s)
		s = parse_number(skip_blanks(s), &rule->value);
	if (s)
		s = parse_unit(s, &factor);
	if (!s)
		return NULL;
	rule->value *= factor;
	return skip_blanks(s);
}

static int quantile_rule_parse(const char *expr, const char *s, struct fail_rule *rule,
                               const char *shown, struct error *err)
{
	char word[SUBJECT_MAX] = "";
	bool subject_ok;

	s = parse_quantile_rule(s, rule, word, &subject_ok);
	if (!s || *s) {
		error_set(err, "--fail-on '%s': expected pNN(SUBJECT) OP DURATION such as "
		          "p99(5xx)>2s, p50(200)>300ms or (upstream time) p99up(5xx)>1s", shown);
		return -1;
	}
	if (!subject_ok) {
		error_set(err, "--fail-on '%s': a latency rule's subject is a code such as "
		          "200 or a class such as 5xx, not '%s'", shown, word);
		return -1;
	}
	rule_text(rule, expr);
	return 0;
}

int fail_rule_parse(const char *expr, struct fail_rule *rule, struct error *err)
{
	char word[SUBJECT_MAX], shown[256];
	const char *s;

	memset(rule, 0, sizeof *rule);
	escape_shown(shown, sizeof shown, expr ? expr : "");
	s = expr ? skip_blanks(expr) : NULL;
	if (s && (s[0] == 'p' || s[0] == 'P') && isdigit((unsigned char)s[1]))
		return quantile_rule_parse(expr, s + 1, rule, shown, err);
	s = s ? parse_word(s, word) : NULL;
	if (s)
		s = parse_op(skip_blanks(s), &rule->op);
	if (s)
		s = parse_number(skip_blanks(s), &rule->value);
	if (s) {
		s = skip_blanks(s);
		rule->percent = *s == '%';
		s = skip_blanks(s + rule->percent);
	}
	if (!s || *s) {
		error_set(err, "--fail-on '%s': expected SUBJECT OP NUMBER[%%] such as 5xx>1%%",
		          shown);
		return -1;
	}
	if (!parse_subject(word, rule)) {
		error_set(err, "--fail-on '%s': unknown subject '%s' (use a code such as 499, "
		          "a class such as 5xx, vendor, unassigned, invalid, registered, "
		          "malformed or filtered)", shown, word);
		return -1;
	}
	rule_text(rule, expr);
	return 0;
}

/* The subject's count, and the total its percentage is taken of. */
static uint64_t rule_count(const struct fail_rule *rule, const struct snapshot *snap,
                           uint64_t *whole)
{
	uint64_t n = 0;
	size_t i;

	*whole = snapshot_counted(snap);
	switch (rule->subject_type) {
	case SUBJ_MALFORMED:
		*whole = snap->parsed + snap->malformed;
		return snap->malformed;
	case SUBJ_FILTERED:
		*whole = snap->parsed;
		return snap->filtered;
	case SUBJ_CLASS:
		return rule->subject >= 0 && rule->subject < CLASS_COUNT ?
		       snap->by_class[rule->subject] : 0;
	case SUBJ_KIND:
		return rule->subject >= 0 && rule->subject < KIND_COUNT ?
		       snap->by_kind[rule->subject] : 0;
	default:
		for (i = 0; i < snap->n_statuses; i++)
			if (snap->statuses[i].code == rule->subject)
				n += snap->statuses[i].count;
		return n;
	}
}

/* The subject's durations of the rule's kind; NULL if it has none. */
static const struct latency *rule_latency(const struct fail_rule *rule,
                                          const struct snapshot *snap)
{
	if (rule->subject_type == SUBJ_CLASS)
		return rule->subject >= 0 && rule->subject < CLASS_COUNT ?
		       snap->class_latency[rule->subject][rule->duration] : NULL;
	for (size_t i = 0; i < snap->n_statuses; i++)
		if (snap->statuses[i].code == rule->subject)
			return snap->statuses[i].latency[rule->duration];
	return NULL;
}

bool fail_rule_eval(const struct fail_rule *rule, const struct snapshot *snap, double *measured)
{
	uint64_t whole, n;
	const struct latency *h = NULL;
	double m;

	if (rule->quantile > 0) {
		h = rule_latency(rule, snap);
		m = h && h->count ? latency_quantile(h, rule->quantile) / 1e6 : 0.0;
	} else {
		n = rule_count(rule, snap, &whole);
		m = rule->percent ? report_percent(n, whole) : (double)n;
	}
	if (measured)
		*measured = m;
	if (rule->quantile > 0 && (!h || !h->count))
		return false;
	switch (rule->op) {
	case OP_GT: return m > rule->value;
	case OP_GE: return m >= rule->value;
	case OP_LT: return m < rule->value;
	case OP_LE: return m <= rule->value;
	case OP_EQ: return m == rule->value;
	default:    return m != rule->value;
	}
}
