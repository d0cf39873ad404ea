/* error.c: filling struct error. Kept apart so every module can report
 * failures as values without depending on anything else. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "statusmon/error.h"

void error_set(struct error *err, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
}

void error_prefix(struct error *err, const char *fmt, ...)
{
	char old[ERROR_MSG_MAX];
	size_t n, m;
	va_list ap;

	if (!err)
		return;
	memcpy(old, err->msg, sizeof old);
	old[sizeof old - 1] = '\0';
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	n = strlen(err->msg);
	m = strlen(old);
	if (n + 2 + m >= sizeof err->msg)   /* cut the old message, keep the prefix */
		m = n + 2 < sizeof err->msg ? sizeof err->msg - n - 3 : 0;
	if (n + 2 < sizeof err->msg) {
		memcpy(err->msg + n, ": ", 2);
		memcpy(err->msg + n + 2, old, m);
		err->msg[n + 2 + m] = '\0';
	}
}
