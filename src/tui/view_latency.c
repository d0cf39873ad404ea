/* view_latency.c: a status's response time in the drill-down: p50, p90,
 * p99, max and n of its request durations (and the upstream's, when the
 * log has them), then the histogram folded into decades with each one's
 * share. Read from the snapshot's histograms (latency.h), all time. Its
 * own file so the drill-down only gains a call. Also the code list's p50
 * and p99 columns, read from the window's histograms (snapshot.h's
 * window_latency: the 15-second slices overlapping the window). */
#include <stdio.h>
#include <string.h>
#include "tui_impl.h"

#define DECADES 6     /* <1ms, 1-10ms, 10-100ms, 0.1-1s, 1-10s, >=10s */

static void summary_row(int y, struct rect r, const char *what, const struct latency *h)
{
	char q[4][24];

	latency_format(q[0], sizeof q[0], latency_quantile(h, 0.5));
	latency_format(q[1], sizeof q[1], latency_quantile(h, 0.9));
	latency_format(q[2], sizeof q[2], latency_quantile(h, 0.99));
	latency_format(q[3], sizeof q[3], (double)h->max_us);
	draw_textf(y, r.x + 1, r.w - 2, "%s time: p50 %s  p90 %s  p99 %s  max %s  n %llu"
	           "  absent %llu", what, q[0], q[1], q[2], q[3],
	           (unsigned long long)h->count, (unsigned long long)h->absent);
}

/* The buckets folded into decades of milliseconds; a bucket goes where its
 * lower bound falls (boundaries are within one bucket, 9%). */
static void histogram_row(int y, struct rect r, const struct latency *h)
{
	static const char *const names[DECADES] = {
		"<1ms", "1-10ms", "10-100ms", "0.1-1s", "1-10s", ">=10s",
	};
	uint64_t dec[DECADES] = { 0 };
	char buf[256];
	size_t len = 0;

	for (size_t i = 0; i < LATENCY_BUCKETS; i++) {
		double lo = latency_bucket_lower(i);
		int d = lo < 1e3 ? 0 : lo < 1e4 ? 1 : lo < 1e5 ? 2 : lo < 1e6 ? 3 : lo < 1e7 ? 4 : 5;

		dec[d] += h->bucket[i];
	}
	for (int d = 0; d < DECADES && len < sizeof buf; d++)
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s %.0f%%",
		                        d ? " | " : "histogram: ", names[d],
		                        h->count ? 100.0 * (double)dec[d] / (double)h->count : 0.0);
	draw_text(y, r.x + 1, buf, r.w - 2);
}

int view_latency_drill(const struct snapshot_status *s, struct rect r)
{
	const struct latency *req = s->latency[DUR_REQUEST];
	const struct latency *up = s->latency[DUR_UPSTREAM];
	int row = 0;

	if (req && req->count && row < r.h)
		summary_row(r.y + row++, r, "request", req);
	if (up && up->count && row < r.h)
		summary_row(r.y + row++, r, "upstream", up);
	if (req && req->count && row < r.h)
		histogram_row(r.y + row++, r, req);
	return row;
}

bool view_latency_columns(const struct tui *t)
{
	return t->snap && snapshot_has_latency(t->snap, DUR_REQUEST);
}

const struct latency *view_latency_of(const struct tui *t, const struct snapshot_status *s)
{
	if (!t->snap || t->snap->window_seconds == 0)
		return s->latency[DUR_REQUEST];
	return s->window_latency;
}

void view_latency_fmt(char *buf, size_t cap, const struct latency *h, double q)
{
	if (!h || !h->count)
		snprintf(buf, cap, "-");
	else
		latency_format(buf, cap, latency_quantile(h, q));
}

const char *view_latency_window(const struct tui *t)
{
	if (!t->snap || t->snap->window_seconds == 0)
		return "all";
	return tui_window_name(t->window_idx);
}
