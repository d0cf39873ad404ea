/* parse.h: line -> record. A format says how lines look (a name such as
 * "combined", a pattern file, an Apache LogFormat or nginx log_format
 * string, W3C extended, JSON lines); a parser is one thread's state for
 * applying it (PCRE2 match data, time cache, W3C #Fields map). Parsing never
 * prints and never exits: it returns a result. */
#ifndef STATUSMON_PARSE_H
#define STATUSMON_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "statusmon/error.h"
#include "statusmon/record.h"

enum parse_result {
	PARSE_OK,         /* rec filled, status present (rec->truncated: the
	                     line was cut short after the status and size) */
	PARSE_MALFORMED,  /* no match                                       */
	PARSE_DIRECTIVE   /* a header/comment line the format defines (every
	                     W3C '#' line: "#Fields:", "#Software:"...): the
	                     format, not damage; neither parsed nor malformed */
};

struct format;
struct parser;

/* Resolves --format SPEC: a built-in name ("common", "combined",
 * "vhost_combined", "w3c", "jsonl", or any NAME.pattern in patterns_dir),
 * a path to a pattern file, an Apache LogFormat string (has '%'), or an
 * nginx log_format string (has '$'). patterns_dir may be NULL (the installed
 * one, then ./patterns). fast_path false forces the PCRE2 pattern even for
 * the CLF family. NULL + err on failure (unknown name, bad regex with its
 * offset, unsupported directive named). */
struct format *format_load(const char *spec, const char *patterns_dir,
                           bool fast_path, struct error *err);

/* --format=auto: tries every known format on the sample lines and returns
 * the one that parses most of them completely (W3C directives count for
 * W3C; lines cut short and then the more specific format break ties);
 * NULL + err when none parses any. */
struct format *format_detect(const char *const *lines, const size_t *lens,
                             size_t n_lines, const char *patterns_dir,
                             bool fast_path, struct error *err);

/* The same, for a run that detects the format of many inputs: the formats
 * it tries (built-ins and pattern files, compiled) loaded once, then each
 * input's lines scored against them. The candidates are only read, so
 * threads may share them; the format returned is the caller's own. Never
 * NULL (out of memory aborts). */
struct format_candidates;
struct format_candidates *format_candidates_load(const char *patterns_dir, bool fast_path);
struct format *format_detect_among(const struct format_candidates *fc,
                                   const char *const *lines, const size_t *lens,
                                   size_t n_lines, struct error *err);
void format_candidates_free(struct format_candidates *fc);

const char *format_name(const struct format *fmt);      /* "combined" */
bool format_is_fast_path(const struct format *fmt);
/* Whether lines may be parsed independently (false for W3C, whose #Fields
 * lines change how later lines parse): only then may lines be handed to
 * threads in any batches (a W3C file is split with carries, below). */
bool format_is_splittable(const struct format *fmt);
/* Whether a file in this format (W3C) may still be cut into ranges whose
 * parsers resume from a carry: each range's lines are first fed in order
 * to its own carry (parse_carry_line: only directive lines matter; a line
 * the reader truncated is left out, as the parser never sees it), the
 * carries are chained in file order (parse_carry_chain(c, prev): c becomes
 * what prev's lines then c's leave) and the parser of range k resumes from
 * the chain of ranges 0..k-1 (parser_resume), so every line parses as in one
 * pass. A carry has a fixed size, whatever the number of directives. */
bool format_has_carry(const struct format *fmt);
struct parse_carry;
struct parse_carry *parse_carry_new(void);
void parse_carry_free(struct parse_carry *c);
void parse_carry_line(struct parse_carry *c, const char *line, size_t n);
void parse_carry_chain(struct parse_carry *c, const struct parse_carry *prev);
void format_free(struct format *fmt);

/* --list-formats, as data for the process to print: the built-in formats,
 * then every pattern file of the patterns directory. A pattern file's
 * name, description and problem are text from disk: escape to print. */
struct format_entry {
	char name[64];
	char description[256];
	bool builtin;              /* compiled in (with the fast path where it has one) */
	bool shadows_builtin;      /* a pattern file named like a built-in */
	bool loads;                /* false: problem says why */
	char problem[256];
};
struct format_catalog {
	struct format_entry *entries;
	size_t n;
	char dir[4096];            /* the patterns directory searched */
	bool dir_found;            /* false: tried lists where it looked */
	char tried[512];
};
void format_catalog_load(struct format_catalog *cat, const char *patterns_dir);
void format_catalog_free(struct format_catalog *cat);

/* The directory searched for NAME.pattern when patterns_dir is NULL; buf
 * (size bytes) may receive it. */
const char *format_default_patterns_dir(char *buf, size_t size);

struct parser *parser_new(const struct format *fmt, struct error *err);
enum parse_result parser_parse(struct parser *p, const char *line, size_t n,
                               struct record *rec);
void parser_free(struct parser *p);
/* The parser continues as if it had just read the lines c summarizes (c
 * NULL: as at the start of a stream). Nothing for a stateless format. */
void parser_resume(struct parser *p, const struct parse_carry *c);

/* Time parsing shared by formats and filters. Each returns 0 and sets *out
 * (UTC seconds), or -1. */
int time_parse_clf(const char *s, size_t n, long long *out);   /* 10/Oct/2000:13:55:36 -0700 */
int time_parse_iso8601(const char *s, size_t n, long long *out); /* 2000-10-10T13:55:36Z, +hh:mm, fractions */

#endif
