/* escape.h: the only way log-derived bytes reach an output. Every log string
 * is untrusted: it may hold control bytes, terminal escape sequences, C1
 * controls, NUL and invalid UTF-8. One escaper per output kind. */
#ifndef STATUSMON_ESCAPE_H
#define STATUSMON_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

/* Terminal / plain text: bytes 0x00-0x1F, 0x7F, backslash, the C1 controls
 * U+0080-U+009F (as UTF-8 C2 80..C2 9F) and every byte of an invalid UTF-8
 * sequence become visible escapes (\x1b, \\, \xc2\x9b); valid printable
 * UTF-8 passes through. Writes at most cap-1 bytes plus a NUL into dst,
 * never splitting an escape or a UTF-8 character; returns the length
 * written. With cap == 0 nothing is written and the full length is
 * returned. */
size_t escape_terminal(char *dst, size_t cap, const char *src, size_t n);

/* Same escaping, streamed to f. */
void escape_terminal_write(FILE *f, const char *src, size_t n);

/* A message already built (an error naming a file or an option value, which
 * may hold escapes made earlier): controls, C1 and invalid UTF-8 escaped as
 * above, backslashes left as they are. main prints every message with it. */
void escape_message_write(FILE *f, const char *msg);

/* A complete JSON string literal, quotes included, always valid UTF-8:
 * invalid bytes become U+FFFD, controls \uXXXX (C1 too), " and \ escaped. */
void escape_json_write(FILE *f, const char *src, size_t n);

/* One RFC 4180 CSV field: quoted when it holds , " CR LF or leading/trailing
 * space, quotes doubled. Control bytes and invalid UTF-8 are first escaped as
 * in escape_terminal, so a CSV printed to a terminal is safe too. */
void escape_csv_write(FILE *f, const char *src, size_t n);

#endif
