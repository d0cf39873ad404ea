/* carry_chunks.c: the chunks of a W3C file counted on several threads,
 * each byte read from the kernel once. A thread reads its chunk whole into
 * its own buffer (input_range_hold), searches it for its directive lines
 * (input_span_marked: exactly the lines the line reader gives, with its
 * "\r" and truncation rules) into the chunk's own carry (parse.h), and
 * publishes it. Published carries are chained in file order as they come
 * (parse_carry_chain), so chunk k's entry, the state one pass would have at
 * its first line, is ready once chunks 0..k-1 are published; the thread
 * waits for that, then counts the lines from the same memory
 * (input_span_next). Threads take chunks in file order and publish before
 * they wait, so a wait is only ever for chunks a running thread has
 * already taken, and is short: searching a few MiB for '#'. No deadlock:
 * the lowest unpublished chunk's thread never waits before publishing it.
 * A chunk too long to hold (a cut merged away inside a very long line) is
 * searched with input_range_marked, then read again as a stream. Memory:
 * one buffer a thread (about CARRY_BLOCK), one fixed-size carry a chunk.
 * Apart from pipeline.c, which hands out the chunks and merges results. */
#include <pthread.h>
#include <stdlib.h>
#include "carry_chunks.h"
#include "statusmon/parse.h"
#include "statusmon/xalloc.h"

struct carry_chunks {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct parse_carry **own;   /* chunk k's directives; once chained,
	                               what chunks 0..k leave */
	bool *published;
	int n, chained;             /* own[0..chained-1] are chained */
};

struct carry_chunks *carry_chunks_new(int n)
{
	struct carry_chunks *cc = xcalloc(1, sizeof *cc);
	int k;

	pthread_mutex_init(&cc->mu, NULL);
	pthread_cond_init(&cc->cv, NULL);
	cc->n = n;
	cc->own = xcalloc((size_t)n, sizeof *cc->own);
	cc->published = xcalloc((size_t)n, sizeof *cc->published);
	for (k = 0; k < n; k++)
		cc->own[k] = parse_carry_new();
	return cc;
}

void carry_chunks_free(struct carry_chunks *cc)
{
	int k;

	if (!cc)
		return;
	for (k = 0; k < cc->n; k++)
		parse_carry_free(cc->own[k]);
	free(cc->own);
	free(cc->published);
	pthread_mutex_destroy(&cc->mu);
	pthread_cond_destroy(&cc->cv);
	free(cc);
}

/* Chunk k's own carry (filled) published; chained with those before it
 * as far as they all are. */
static void carry_chunks_publish(struct carry_chunks *cc, int k)
{
	pthread_mutex_lock(&cc->mu);
	cc->published[k] = true;
	while (cc->chained < cc->n && cc->published[cc->chained]) {
		if (cc->chained > 0)
			parse_carry_chain(cc->own[cc->chained], cc->own[cc->chained - 1]);
		cc->chained++;
	}
	pthread_cond_broadcast(&cc->cv);
	pthread_mutex_unlock(&cc->mu);
}

void carry_chunks_skip(struct carry_chunks *cc, int k)
{
	carry_chunks_publish(cc, k);
}

/* Chunk k's entry once every earlier chunk is published: NULL for chunk 0
 * (the start of the file), else own[k - 1], chained and no longer written. */
static const struct parse_carry *carry_chunks_entry(struct carry_chunks *cc, int k)
{
	pthread_mutex_lock(&cc->mu);
	while (cc->chained < k)
		pthread_cond_wait(&cc->cv, &cc->mu);
	pthread_mutex_unlock(&cc->mu);
	return k > 0 ? cc->own[k - 1] : NULL;
}

static void carry_chunks_line(void *ctx, const char *line, size_t n)
{
	parse_carry_line(ctx, line, n);
}

/* Publishes chunk k, waits for its entry, and resumes w's parser there. */
static void carry_chunks_resume(struct carry_chunks *cc, int k, struct worker *w)
{
	const struct parse_carry *entry;

	carry_chunks_publish(cc, k);
	entry = carry_chunks_entry(cc, k);
	if (w->parser)
		parser_resume(w->parser, entry);
}

/* A chunk too long to hold: searched, then read again line by line. */
static int carry_chunks_stream(struct carry_chunks *cc, int k, struct input *in,
                               off_t start, off_t end, struct worker *w,
                               uint64_t *lines, struct error *err)
{
	struct input_line line;
	int r = input_range_marked(input_name(in), start, end, '#', carry_chunks_line,
	                           cc->own[k], err);

	carry_chunks_resume(cc, k, w);
	if (r < 0)
		return -1;
	while ((r = input_next_line(in, &line, err)) == 1)
		worker_line(w, &line);
	*lines = input_lines(in);
	return r;
}

int carry_chunks_count(struct carry_chunks *cc, int k, struct input *in, off_t start,
                       off_t end, struct worker *w, struct input_span *sp,
                       uint64_t *lines, struct error *err)
{
	struct input_span_cursor cur;
	struct input_line line;
	int r = input_range_hold(in, end - start, CARRY_HOLD_MAX, sp, err);

	if (r == 0)
		return carry_chunks_stream(cc, k, in, start, end, w, lines, err);
	input_span_marked(sp, '#', carry_chunks_line, cc->own[k]);
	carry_chunks_resume(cc, k, w);
	input_span_begin(&cur, sp);
	while (input_span_next(&cur, &line))
		worker_line(w, &line);
	*lines = cur.number - 1;
	return r < 0 ? -1 : 0;
}
