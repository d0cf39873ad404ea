/* listing.c: --list-formats as the process prints it. The catalog comes
 * from parse as data; names, descriptions and the directory come from
 * files on disk, so every one of them goes through the terminal escaper
 * here, in the only layer that prints. Apart from main.c to keep that file
 * about the process: options, jobs, signals, exit codes. */
#include <stdio.h>
#include <string.h>
#include "listing.h"
#include "statusmon/escape.h"

/* One --list-formats line: "  NAME  description" or why it does not load. */
static void list_format_entry(FILE *out, const struct format_entry *e)
{
	size_t n = escape_terminal(NULL, 0, e->name, strlen(e->name));

	fputs("  ", out);
	escape_terminal_write(out, e->name, strlen(e->name));
	fprintf(out, "%*s ", n < 16 ? (int)(16 - n) : 0, "");
	if (!e->loads) {
		fputs("(does not load: ", out);
		escape_terminal_write(out, e->problem, strlen(e->problem));
		fputs(")\n", out);
		return;
	}
	escape_terminal_write(out, e->description, strlen(e->description));
	fputs(e->shadows_builtin ? " [the built-in without fast path]\n" : "\n", out);
}

/* --list-formats: names, descriptions and the directory come from files on
 * disk, so every one of them goes through the terminal escaper. */
void list_formats(FILE *out, const char *patterns_dir)
{
	struct format_catalog cat;
	size_t i;

	format_catalog_load(&cat, patterns_dir);
	fputs("Built-in formats:\n", out);
	for (i = 0; i < cat.n && cat.entries[i].builtin; i++)
		list_format_entry(out, &cat.entries[i]);
	if (cat.dir_found) {
		fputs("Pattern files in ", out);
		escape_terminal_write(out, cat.dir, strlen(cat.dir));
		fputs(":\n", out);
	} else {
		fputs("Pattern files: none (no patterns directory; tried ", out);
		escape_terminal_write(out, cat.tried, strlen(cat.tried));
		fputs(")\n", out);
	}
	for (; i < cat.n; i++)
		list_format_entry(out, &cat.entries[i]);
	fputs("Also: --format FILE (a pattern file), an Apache LogFormat string\n"
	      "  ('%h %l %u %t \"%r\" %>s %b'), or an nginx log_format string\n"
	      "  ('$remote_addr - $remote_user [$time_local] \"$request\" $status ...').\n"
	      "auto (the default) picks the format that parses most of the first lines.\n", out);
	format_catalog_free(&cat);
}
