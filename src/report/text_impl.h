/* text_impl.h: internals of the text report, split over text.c (summary
 * and tables), text_detail.c (flagged codes, top lists, timeline) and
 * text_fit.c (escaping to a number of columns, bars, wrapping, colors). */
#ifndef STATUSMON_TEXT_IMPL_H
#define STATUSMON_TEXT_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "statusmon/report.h"

#define TEXT_COLS 80                      /* every line fits this         */
#define TEXT_FIT_MAX (4 * TEXT_COLS + 8)  /* buffer for text_fit          */

/* SGR sequences, written only when ctx->color. */
#define SGR_BOLD    "1"
#define SGR_RED     "31"
#define SGR_YELLOW  "33"
#define SGR_MAGENTA "35"
#define SGR_DIM     "2"

/* Escapes src (escape_terminal) into dst (TEXT_FIT_MAX bytes) and cuts it
 * to at most cols display columns, never inside an escape or a character.
 * When cut, or when the source was already cut (truncated), the text ends
 * with "..." inside those columns. Returns the display width of dst. */
size_t text_fit(char *dst, const char *src, size_t n, size_t cols, bool truncated);

/* A status code for display into dst (TEXT_FIT_MAX bytes), at most cols
 * (>= 5) columns: "499", or the raw field of a non-numeric status escaped
 * and quoted ("\"-\""). Returns its width. */
size_t text_status_label(char *dst, const struct snapshot_status *st, size_t cols);

/* Display columns of terminal-safe UTF-8 text (wide CJK/emoji count 2). */
size_t text_width(const char *s);

/* Writes s, then spaces up to width columns (left aligned). */
void text_pad(FILE *f, const char *s, size_t width);

/* Two spaces and an ASCII bar of '#': part/whole of width columns,
 * rounded; nothing at all when that rounds to zero (no trailing blanks). */
void text_bar(FILE *f, uint64_t part, uint64_t whole, size_t width);

/* Writes terminal-safe words of s, wrapped to TEXT_COLS; the first line
 * continues at column col, the others start at column indent. Ends with
 * a newline. */
void text_wrap(FILE *f, const char *s, size_t col, size_t indent);

/* Decimal digits of v (at least 1). */
size_t text_digits(uint64_t v);

/* Starts SGR code (e.g. SGR_RED) / resets it; nothing unless ctx->color. */
void text_sgr(FILE *f, const struct report_context *ctx, const char *code);
void text_sgr_off(FILE *f, const struct report_context *ctx);

/* A blank line, then title in bold (when ctx->color). */
void text_heading(FILE *f, const struct report_context *ctx, const char *title);

/* "5m", "1h", "30s", "1d", or "90s" for odd widths. */
void text_duration(char *buf, size_t cap, long long seconds);

/* The sections after the tables (text_detail.c). */
void text_flagged_write(FILE *out, const struct report_context *ctx,
                        const struct snapshot *snap);
void text_top_write(FILE *out, const struct report_context *ctx,
                    const struct snapshot *snap);
void text_timeline_write(FILE *out, const struct report_context *ctx,
                         const struct snapshot *snap);

/* A merged report's hosts, notes and left-out reports (provenance.c). */
void text_merge_write(FILE *out, const struct report_context *ctx);

#endif
