/* live_proc.h: the process-level parts of the live screen that main.c
 * decides with: which log to follow when no FILE is given at a terminal,
 * the short usage when there is none, and whether another command of our
 * pipeline (ssh without -n) reads the terminal the keys come from. */
#ifndef STATUSMON_LIVE_PROC_H
#define STATUSMON_LIVE_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The logs looked for, in order, when no FILE is given and stdin is a
 * terminal. STATUSMON_DEFAULT_LOGS (a ':'-separated list) replaces it: a
 * test hook, so tests need not write to /var/log. */
#define LIVE_DEFAULT_LOGS "/var/log/nginx/access.log:/var/log/apache2/access.log:" \
                          "/var/log/httpd/access_log"

/* The first existing non-directory path of list (':'-separated) into out;
 * false when none exists (or none fits in cap). */
bool live_default_log(const char *list, char *out, size_t cap);

/* The short usage printed when no FILE was given, stdin is a terminal and
 * none of list exists. */
void live_default_usage(FILE *out, const char *list);

/* True, with a one-line explanation in msg, when stdin is a pipe and
 * another process of our process group (our pipeline) whose name says it
 * reads its input (ssh) has the terminal we read keys from as its stdin.
 * Best effort: false when /proc cannot tell. */
bool live_tty_shared(char *msg, size_t cap);

#endif
