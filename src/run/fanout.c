/* fanout.c: parallel counting of a stream that cannot be split by offset
 * (stdin, gzip, zstd). This thread only reads (decompresses) and hands over
 * spans of whole lines (input_next_span: no per-line work, no copy); worker
 * threads, each with its own stats, split and parse them, and so does the
 * reader whenever the queue is full (decompression and parsing then share
 * the cores, whichever is the slower); the stats are merged at the end. The lines already read to settle the format go first,
 * copied into a block of lines. Blocks (and the span buffers they carry)
 * are recycled through a free list and the queue is bounded, so memory
 * stays flat whatever the input's length. Workers are started before
 * anything is read: with none to be had the caller counts inline, so the
 * reader can never wait on a queue nobody drains. */
#include <stdlib.h>
#include <string.h>
#include "fanout.h"
#include "statusmon/run_thread.h"
#include "statusmon/xalloc.h"

#define BLOCK_BYTES (1u << 20)
#define BLOCK_LINES 8192
#define QUEUE_DEPTH 4
#define MAX_WORKERS 64

struct block {
	bool is_span;                /* span, else lines copied into buf */
	struct input_span span;
	char *buf;
	size_t len, cap;
	struct input_line *lines;
	size_t n;
	struct block *next;
};

struct queue {
	pthread_mutex_t lock;
	pthread_cond_t ready, room;
	struct block *head, *tail, *free;
	size_t depth;
	bool done;
};

/* Aligned to a cache line (and so padded to whole lines): the per-line
 * tallies of one worker never share a line with another's fields. */
struct fan_worker {
	_Alignas(64) struct queue *q;
	struct worker w;
	struct stats *stats;
	struct run_thread thread;
};

static struct block *block_get(struct queue *q)
{
	struct block *b;

	pthread_mutex_lock(&q->lock);
	while (q->depth >= QUEUE_DEPTH)
		pthread_cond_wait(&q->room, &q->lock);
	b = q->free;
	if (b)
		q->free = b->next;
	q->depth++;
	pthread_mutex_unlock(&q->lock);
	if (!b)
		b = xcalloc(1, sizeof *b);
	b->len = b->n = 0;
	b->is_span = false;
	b->next = NULL;
	return b;
}

static void block_push(struct queue *q, struct block *b)
{
	pthread_mutex_lock(&q->lock);
	if (q->tail)
		q->tail->next = b;
	else
		q->head = b;
	q->tail = b;
	pthread_cond_signal(&q->ready);
	pthread_mutex_unlock(&q->lock);
}

/* Next full block, or NULL when the reader is done and the queue empty. */
static struct block *block_pop(struct queue *q)
{
	struct block *b;

	pthread_mutex_lock(&q->lock);
	while (!q->head && !q->done)
		pthread_cond_wait(&q->ready, &q->lock);
	b = q->head;
	if (b) {
		q->head = b->next;
		if (!q->head)
			q->tail = NULL;
	}
	pthread_mutex_unlock(&q->lock);
	return b;
}

static void block_release(struct queue *q, struct block *b)
{
	pthread_mutex_lock(&q->lock);
	b->next = q->free;
	q->free = b;
	q->depth--;
	pthread_cond_signal(&q->room);
	pthread_mutex_unlock(&q->lock);
}

/* Copies a line into b (growing b's buffer only for an unusually long
 * line); false if b is full and must be pushed first. */
static bool block_add(struct block *b, const struct input_line *line)
{
	if (b->n == BLOCK_LINES || (b->n > 0 && b->len + line->n > BLOCK_BYTES))
		return false;
	if (!b->lines)
		b->lines = xcalloc(BLOCK_LINES, sizeof *b->lines);
	if (!b->buf || b->len + line->n > b->cap) {   /* never NULL + 0 */
		size_t cap = b->len + line->n > BLOCK_BYTES ? b->len + line->n : BLOCK_BYTES;

		b->buf = xrealloc(b->buf, cap);
		b->cap = cap;
	}
	memcpy(b->buf + b->len, line->p, line->n);
	b->lines[b->n] = *line;
	b->lines[b->n].p = NULL;
	b->lines[b->n++].n = line->n;
	b->len += line->n;
	return true;
}

/* Splits and counts one block on fw's worker. */
static void block_count(struct fan_worker *fw, struct block *b)
{
	struct input_span_cursor c;
	struct input_line line;
	size_t i, off;

	if (b->is_span) {
		input_span_begin(&c, &b->span);
		while (input_span_next(&c, &line))
			worker_line(&fw->w, &line);
		return;
	}
	for (i = 0, off = 0; i < b->n; off += b->lines[i].n, i++) {
		b->lines[i].p = b->buf + off;
		worker_line(&fw->w, &b->lines[i]);
	}
}

static void *fan_worker_main(void *arg)
{
	struct fan_worker *fw = arg;
	struct block *b;

	while ((b = block_pop(fw->q))) {
		block_count(fw, b);
		block_release(fw->q, b);
	}
	return NULL;
}

/* The oldest queued block if the queue is full, else NULL (never waits). */
static struct block *block_steal_if_full(struct queue *q)
{
	struct block *b = NULL;

	pthread_mutex_lock(&q->lock);
	if (q->depth >= QUEUE_DEPTH && q->head) {
		b = q->head;
		q->head = b->next;
		if (!q->head)
			q->tail = NULL;
	}
	pthread_mutex_unlock(&q->lock);
	return b;
}

static struct block *feed(struct queue *q, struct block *b, const struct input_line *line)
{
	if (!block_add(b, line)) {
		block_push(q, b);
		b = block_get(q);
		block_add(b, line);
	}
	return b;
}

/* The rest of in, a span per block; 0 at its end or -1 + err. While the
 * workers are behind (the queue full) the reader counts the oldest block
 * itself on self instead of waiting, so decompression and parsing share
 * the cores whichever is slower. */
static int read_spans(struct queue *q, struct input *in, struct fan_worker *self,
                      struct error *err)
{
	struct block *b;
	int r;

	for (;;) {
		while (self && (b = block_steal_if_full(q))) {
			block_count(self, b);
			block_release(q, b);
		}
		b = block_get(q);
		r = input_next_span(in, &b->span, err);
		if (r != 1) {
			block_release(q, b);   /* its span buffer kept for queue_free */
			return r;
		}
		b->is_span = true;
		block_push(q, b);
	}
}

static void queue_free(struct queue *q)
{
	while (q->free) {
		struct block *b = q->free;

		q->free = b->next;
		free(b->buf);
		free(b->lines);
		input_span_free(&b->span);
		free(b);
	}
	pthread_cond_destroy(&q->ready);
	pthread_cond_destroy(&q->room);
	pthread_mutex_destroy(&q->lock);
}

static void queue_init(struct queue *q)
{
	memset(q, 0, sizeof *q);
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->ready, NULL);
	pthread_cond_init(&q->room, NULL);
}

static void queue_close(struct queue *q)
{
	pthread_mutex_lock(&q->lock);
	q->done = true;
	pthread_cond_broadcast(&q->ready);
	pthread_mutex_unlock(&q->lock);
}

/* A worker's stats and parser state; false (+ err) if they cannot be had. */
static bool fan_worker_init(struct fan_worker *f, struct queue *q, const struct run_config *cfg,
                            const struct format *fmt, size_t idx, struct error *err)
{
	f->q = q;
	f->stats = stats_new(&cfg->stats);
	if (worker_init(&f->w, cfg, fmt, f->stats, err) < 0) {
		stats_free(f->stats);
		return false;
	}
	f->w.input = idx;
	return true;
}

/* Adds f's counts to out and frees its state. */
static void fan_worker_finish(struct fan_worker *f, struct fanout_result *out)
{
	stats_merge(out->stats, f->stats);
	example_list_append(out->examples, &f->w, 0, f->w.n_examples, 0);
	worker_tally_add(&out->tally, &f->w.tally);
	worker_destroy(&f->w);
	stats_free(f->stats);
}

/* Starts up to n workers; how many run (their stats and workers ready). */
static int start_workers(struct fan_worker *fw, int n, struct queue *q,
                         const struct run_config *cfg, const struct format *fmt,
                         size_t idx, struct error *err)
{
	int k, started = 0;

	for (k = 0; k < n; k++) {
		struct fan_worker *f = &fw[started];

		if (!fan_worker_init(f, q, cfg, fmt, idx, err))
			break;
		if (!run_thread_start(&f->thread, fan_worker_main, f)) {
			worker_destroy(&f->w);
			stats_free(f->stats);
			break;
		}
		started++;
	}
	return started;
}

/* cfg->threads threads in all: the reader (which also counts when the
 * workers fall behind) and cfg->threads - 1 workers, at least one. */
int fanout_run(const struct run_config *cfg, const struct format *fmt, struct input *in,
               size_t idx, const struct settle *s, struct fanout_result *out,
               struct error *err)
{
	struct fan_worker fw[MAX_WORKERS], self;
	struct queue q;
	struct block *b;
	int k, n, r;
	bool helps;
	size_t i;

	n = cfg->threads - 1;   /* the reader is one of the threads */
	if (n < 1)
		n = 1;
	if (n > MAX_WORKERS)
		n = MAX_WORKERS;
	queue_init(&q);
	n = start_workers(fw, n, &q, cfg, fmt, idx, err);
	if (n == 0) {
		queue_free(&q);
		return 1;
	}
	helps = fan_worker_init(&self, &q, cfg, fmt, idx, err);
	b = block_get(&q);
	for (i = 0; i < s->n; i++)
		b = feed(&q, b, &s->lines[i]);
	block_push(&q, b);
	r = read_spans(&q, in, helps ? &self : NULL, err);
	queue_close(&q);
	for (k = 0; k < n; k++) {
		run_thread_join(&fw[k].thread);
		fan_worker_finish(&fw[k], out);
	}
	if (helps)
		fan_worker_finish(&self, out);
	queue_free(&q);
	return r;
}
