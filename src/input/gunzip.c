/* gunzip.c: gzip streams inflated with ISA-L's streaming isal_inflate
 * (2.5x zlib here), which parses the gzip header and checks the CRC and
 * length trailer itself (crc_flag = ISAL_GZIP). ISA-L serves every gzip
 * case statusmon reads (the optional header fields, concatenated members,
 * damaged and cut streams; only reserved header flags are checked here),
 * so zlib is not used to read input at all; the tests
 * still compress with zlib, an independent implementation. Between members
 * zero padding is skipped as gzip(1) does; other bytes there end the data
 * with "trailing garbage after gzip data". Errors keep zlib's wording. */
#include <isa-l/igzip_lib.h>
#include <stdlib.h>
#include <string.h>
#include "input_impl.h"
#include "statusmon/xalloc.h"

#define GZ_HEAD 4          /* ID1 ID2 CM FLG */
#define GZ_FLG_RESERVED 0xe0

/* ISA-L's codes in the words zlib used for the same damage. */
static const char *gunzip_reason(int rc)
{
	switch (rc) {
	case ISAL_INVALID_BLOCK:
		return "invalid block type";
	case ISAL_INVALID_SYMBOL:
		return "invalid code";
	case ISAL_INVALID_LOOKBACK:
		return "invalid distance too far back";
	case ISAL_INVALID_WRAPPER:
		return "incorrect header check";
	case ISAL_UNSUPPORTED_METHOD:
		return "unknown compression method";
	case ISAL_INCORRECT_CHECKSUM:
		return "incorrect data check";
	default:
		return "unknown error";
	}
}

static void gunzip_member_start(struct input_source *s)
{
	struct inflate_state *st = s->isal;
	uint8_t *in = st->next_in;
	uint32_t n = st->avail_in;

	isal_inflate_reset(st);
	st->crc_flag = ISAL_GZIP;
	st->next_in = in;
	st->avail_in = n;
	s->gz_head = GZ_HEAD;
}

void gunzip_start(struct input_source *s)
{
	if (!s->zbuf)
		s->zbuf = xmalloc(SOURCE_ZBUF);
	/* zeroed: ISA-L's wide copies may read a few bytes of its own window
	 * before it wrote them (then overwrite them); valgrind then traced
	 * "uninitialised" bytes into our lines */
	if (!s->isal)
		s->isal = xcalloc(1, sizeof *s->isal);
	isal_inflate_init(s->isal);
	memcpy(s->zbuf, s->peek, s->npeek);
	s->isal->next_in = s->zbuf;
	s->isal->avail_in = (uint32_t)s->npeek;
	gunzip_member_start(s);
	s->npeek = 0;
	s->member_done = false;
}

/* After a member: skips zero padding; another member must start with 1f.
 * Anything else ends the data (1) with an error kept for later. */
static int gunzip_next_member(struct input_source *s)
{
	struct inflate_state *st = s->isal;

	while (st->avail_in > 0 && *st->next_in == 0) {
		st->next_in++;
		st->avail_in--;
	}
	if (st->avail_in == 0)
		return 0;
	if (*st->next_in != 0x1f) {
		source_ended(s, "trailing garbage after gzip data");
		st->avail_in = 0;
		return 1;
	}
	gunzip_member_start(s);
	s->member_done = false;
	return 0;
}

/* RFC 1952 reserves FLG's top three bits, and zlib and gzip(1) refuse a
 * member that sets one; ISA-L ignores them, so they are checked here, on
 * the bytes isal_inflate is about to take. A header cut between two reads
 * is taken whole by its first call (ISA-L keeps the part in its own
 * buffer), so none is seen twice: test_input_gzip.c cuts a pipe at every
 * byte of a second member's header. */
static bool gunzip_head_ok(struct input_source *s)
{
	struct inflate_state *st = s->isal;
	uint32_t i;

	for (i = 0; s->gz_head > 0 && i < st->avail_in; i++, s->gz_head--)
		if (GZ_HEAD - s->gz_head == 3 && (st->next_in[i] & GZ_FLG_RESERVED))
			return false;
	return true;
}

/* One isal_inflate call (also flushing output ISA-L holds back); 0, or -1
 * + err on damage. */
static int gunzip_step(struct input_source *s, struct error *err)
{
	int rc;

	if (!gunzip_head_ok(s)) {
		error_set(err, "corrupt gzip data (unknown header flags set)");
		return -1;
	}
	rc = isal_inflate(s->isal);

	if (rc < 0 || rc == ISAL_NEED_DICT) {
		error_set(err, "corrupt gzip data (%s)", gunzip_reason(rc));
		return -1;
	}
	if (s->isal->block_state == ISAL_BLOCK_FINISH)
		s->member_done = true;
	return 0;
}

/* More compressed bytes: 1, 0 at the end of the data (clean, or nothing
 * now in follow mode), -1 + err (a read error, or cut inside a member). */
static int gunzip_refill(struct input_source *s, struct error *err)
{
	ssize_t r = source_refill(s, "gzip", 0, err);

	if (r <= 0)
		return (int)r;
	s->isal->next_in = s->zbuf;
	s->isal->avail_in = (uint32_t)r;
	return 1;
}

ssize_t gunzip_read(struct input_source *s, char *dst, size_t cap, struct error *err)
{
	struct inflate_state *st = s->isal;
	size_t made;
	int r;

	if (cap > UINT32_MAX)
		cap = UINT32_MAX;
	st->next_out = (uint8_t *)dst;
	st->avail_out = (uint32_t)cap;
	for (;;) {
		if (s->member_done && st->avail_in > 0 && gunzip_next_member(s) > 0)
			return (ssize_t)(cap - st->avail_out);
		if (!s->member_done && gunzip_step(s, err) < 0)
			return source_fail(s, cap - st->avail_out, err);
		if ((made = cap - st->avail_out) > 0)
			return (ssize_t)made;
		if (st->avail_in > 0)
			continue;
		if ((r = gunzip_refill(s, err)) <= 0)
			return r;
	}
}

void gunzip_end(struct input_source *s)
{
	free(s->isal);
	s->isal = NULL;
}
