/* escape.h: the only way log-derived bytes reach an output. Every log string
 * is untrusted: it may hold control bytes, terminal escape sequences, C1
 * controls, NUL and invalid UTF-8. One escaper per output kind. */
#ifndef STATUSMON_ESCAPE_H
#define STATUSMON_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* True for the invisible characters every escaper shows: the bidi
 * controls U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069, the
 * zero-width characters U+200B-U+200D, U+2060-U+2064, U+FEFF, and the
 * line/paragraph separators U+2028-U+2029. */
bool escape_invisible(long cp);

/* Terminal / plain text: bytes 0x00-0x1F, 0x7F, backslash, the C1 controls
 * U+0080-U+009F (as UTF-8 C2 80..C2 9F) and every byte of an invalid UTF-8
 * sequence become visible escapes (\x1b, \\, \xc2\x9b); invisible
 * characters (escape_invisible) become <U+202E>, and the '<' of a literal
 * "<U+" becomes \x3c so the form stays reversible; valid printable UTF-8
 * passes through. Writes at most cap-1 bytes plus a NUL into dst,
 * never splitting an escape or a UTF-8 character; returns the length
 * written. With cap == 0 nothing is written and the full length is
 * returned. */
size_t escape_terminal(char *dst, size_t cap, const char *src, size_t n);

/* A value quoted in a message (a file name, an option value): escaped as
 * escape_terminal, and when it does not fit in cap, cut and ended with
 * "..." so the reader sees it was cut. Returns dst. The one helper every
 * message uses for this. */
const char *escape_shown(char *dst, size_t cap, const char *src);

/* Same escaping, streamed to f. */
void escape_terminal_write(FILE *f, const char *src, size_t n);

/* A message already built (an error naming a file or an option value, which
 * may hold escapes made earlier): controls, C1 and invalid UTF-8 escaped as
 * above, backslashes left as they are. main prints every message with it. */
void escape_message_write(FILE *f, const char *msg);

/* A complete JSON string literal, quotes included, always valid UTF-8:
 * invalid bytes become U+FFFD, controls and invisible characters \uXXXX
 * (C1 too: \u009b, \u202e), " and \ escaped. */
void escape_json_write(FILE *f, const char *src, size_t n);

/* One RFC 4180 CSV field: quoted when it holds , " CR LF or leading/trailing
 * space, quotes doubled. Control bytes, invalid UTF-8 and invisible
 * characters are first escaped as in escape_terminal, so a CSV printed to a
 * terminal is safe too. A field starting with = + - @ TAB or CR gets a
 * leading ' so no spreadsheet runs it as a formula (OWASP CSV injection). */
void escape_csv_write(FILE *f, const char *src, size_t n);

/* HTML text or a quoted attribute value: & < > " ' become entities; each
 * maximal invalid UTF-8 subpart becomes one U+FFFD; control bytes, C1
 * controls, invisible characters, backslashes and a literal "<U+" are made
 * visible as in escape_terminal (\x1b, \xc2\x9b, &lt;U+202E&gt;, \\), so
 * nothing a log holds can open an element, close an attribute, reorder
 * the text around it or hide in the page. */
void escape_html_write(FILE *f, const char *src, size_t n);

#endif
