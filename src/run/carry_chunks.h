/* carry_chunks.h: counting the chunks of a stateful format (W3C, whose
 * "#Fields:" lines change how later lines parse) on several threads with
 * every byte read once. Private to the batch driver. */
#ifndef STATUSMON_CARRY_CHUNKS_H
#define STATUSMON_CARRY_CHUNKS_H

#include <sys/types.h>
#include "statusmon/error.h"
#include "statusmon/input.h"
#include "statusmon/worker.h"

/* A chunk's bytes are held in memory when it is at most CARRY_HOLD_MAX
 * long; the driver cuts a carry format's file into chunks of about
 * CARRY_BLOCK (a chunk runs longer only where a cut finds no line start
 * near it, inside a very long line). A longer chunk is read twice. */
#define CARRY_BLOCK ((off_t)1 << 20)
#define CARRY_HOLD_MAX ((size_t)12 << 20)
#define CARRY_CHUNKS_MAX 8192   /* carries kept: ~1 KiB each */

struct carry_chunks;

/* For n chunks, taken by the threads in file order (chunk k only once
 * every chunk before it was taken by a thread that is running). */
struct carry_chunks *carry_chunks_new(int n);
void carry_chunks_free(struct carry_chunks *cc);

/* Counts chunk k, [start, end) of the file in (moved to it), with w: its
 * bytes read once into sp (the thread's buffer), its directive lines
 * published, then, once every earlier chunk's are, its lines counted from
 * the state the chunks before it leave; *lines: how many it holds. 0, or -1 + err (naming the file)
 * on a read error (its whole lines before the error are still counted).
 * Chunk k's directives are published whatever happens, so no thread waits
 * for ever. */
int carry_chunks_count(struct carry_chunks *cc, int k, struct input *in, off_t start,
                       off_t end, struct worker *w, struct input_span *sp,
                       uint64_t *lines, struct error *err);
/* Chunk k could not be opened: published with no directives (the run
 * fails anyway), so the threads after it go on. */
void carry_chunks_skip(struct carry_chunks *cc, int k);

#endif
