/* error.h: errors as values. A failing function fills a struct error with a
 * one-line message (already naming file:line or option where it applies) and
 * returns a failure code; only main decides whether to print and exit. */
#ifndef STATUSMON_ERROR_H
#define STATUSMON_ERROR_H

#define ERROR_MSG_MAX 1024

struct error {
	char msg[ERROR_MSG_MAX];
};

/* Sets err->msg (printf-style). err may be NULL. Log-derived text must be
 * escaped by the caller (escape_terminal) before it is passed in. */
void error_set(struct error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Prepends "prefix: " to an existing message (e.g. a file name). */
void error_prefix(struct error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
