/* bench/gen_tables.c: the PRNG seeding, alias-table construction and the
 * weighted tables statusmon-gen draws from (see gen_tables.h). The status
 * mix follows issue 5: mostly 200/304/301/302/404, some 206/403/5xx, nginx
 * 499 and 444, Cloudflare 520-527, a few unassigned and invalid. */
#include <math.h>
#include <stdlib.h>
#include "gen_tables.h"

const struct status_row gen_status_rows[] = {
	{ "200", 68000, 200, 48000 }, { "304", 9000, 0, 0 }, { "301", 2500, 150, 20 },
	{ "302", 3500, 150, 20 }, { "404", 5500, 150, 4000 }, { "206", 800, 65536, 1000000 },
	{ "403", 700, 150, 600 }, { "401", 500, 150, 600 }, { "201", 400, 20, 400 },
	{ "204", 600, 0, 0 }, { "400", 150, 150, 300 }, { "429", 150, 100, 100 },
	{ "500", 300, 150, 2000 }, { "502", 250, 150, 400 }, { "503", 200, 150, 400 },
	{ "504", 120, 150, 400 }, { "499", 600, 0, 0 }, { "444", 80, 0, 0 },
	{ "520", 20, 0, 0 }, { "521", 10, 0, 0 }, { "522", 30, 0, 0 }, { "523", 5, 0, 0 },
	{ "524", 15, 0, 0 }, { "525", 5, 0, 0 }, { "526", 5, 0, 0 }, { "527", 3, 0, 0 },
	{ "209", 2, 10, 100 }, { "299", 3, 10, 100 }, { "432", 2, 100, 100 },
	{ "474", 1, 100, 100 }, { "-", 3, 0, 0 }, { "000", 5, 0, 0 },
};
const unsigned gen_n_status_rows = sizeof gen_status_rows / sizeof gen_status_rows[0];

const struct agent_row gen_agent_rows[] = {
	{ "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36", 300 },
	{ "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3.1 Safari/605.1.15", 120 },
	{ "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0", 100 },
	{ "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3.1 Mobile/15E148 Safari/604.1", 140 },
	{ "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.6261.105 Mobile Safari/537.36", 80 },
	{ "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 Edg/122.0.2365.80", 60 },
	{ "curl/8.5.0", 40 }, { "Wget/1.21.4", 10 }, { "python-requests/2.31.0", 30 },
	{ "Go-http-client/1.1", 20 }, { "okhttp/4.12.0", 20 }, { "kube-probe/1.29", 30 },
	{ "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", 40 },
	{ "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", 25 },
	{ "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", 15 },
	{ "Mozilla/5.0 zgrab/0.x", 3 },
	{ "Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)", 2 },
	{ "sqlmap/1.8#stable (https://sqlmap.org)", 1 },
};
const unsigned gen_n_agent_rows = sizeof gen_agent_rows / sizeof gen_agent_rows[0];

const char *const gen_referers[16] = {
	"-", "-", "-", "-", "-", "-", "-", "-", "-",
	"https://www.example.com/", "https://www.example.com/", "https://www.google.com/",
	"https://www.google.com/", "https://duckduckgo.com/",
	"https://www.example.com/search?q=espresso+machine", "https://t.co/x4Hq2b",
};

const char *gen_method(unsigned percent)
{
	return percent < 88 ? "GET" : percent < 95 ? "POST" : percent < 98 ? "HEAD" :
	       percent < 99 ? "PUT" : "OPTIONS";
}

void rng_seed(struct rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++) {
		seed += 0x9e3779b97f4a7c15ULL;
		r->s[i] = mix64(seed);
	}
}

/* Vose's method: scale weights to mean 1, pair each small with a large. */
int alias_build(struct alias *a, const double *weights, uint32_t n)
{
	double sum = 0, *p = malloc(n * sizeof *p);
	uint32_t *small = malloc(n * sizeof *small), *large = malloc(n * sizeof *large);
	uint32_t ns = 0, nl = 0;

	a->n = n;
	a->slot = malloc(n * sizeof *a->slot);
	if (!p || !small || !large || !a->slot) {
		free(p), free(small), free(large), alias_free(a);
		return -1;
	}
	for (uint32_t i = 0; i < n; i++)
		sum += weights[i];
	for (uint32_t i = 0; i < n; i++) {
		p[i] = weights[i] * n / sum;
		if (p[i] < 1.0)
			small[ns++] = i;
		else
			large[nl++] = i;
	}
	while (ns && nl) {
		uint32_t s = small[--ns], l = large[nl - 1];

		a->slot[s].threshold = (uint32_t)(p[s] * 4294967295.0);
		a->slot[s].other = l;
		p[l] -= 1.0 - p[s];
		if (p[l] < 1.0) {
			nl--;
			small[ns++] = l;
		}
	}
	while (nl) {
		uint32_t l = large[--nl];
		a->slot[l].threshold = UINT32_MAX, a->slot[l].other = l;
	}
	while (ns) {          /* rounding leftovers */
		uint32_t s = small[--ns];
		a->slot[s].threshold = UINT32_MAX, a->slot[s].other = s;
	}
	free(p), free(small), free(large);
	return 0;
}

int alias_zipf(struct alias *a, uint32_t n, double exponent)
{
	double *w = malloc(n * sizeof *w);
	int rc;

	if (!w)
		return -1;
	for (uint32_t k = 0; k < n; k++)
		w[k] = 1.0 / pow(k + 1.0, exponent);
	rc = alias_build(a, w, n);
	free(w);
	return rc;
}

int alias_status(struct alias *a)
{
	double w[64];

	for (unsigned i = 0; i < gen_n_status_rows; i++)
		w[i] = gen_status_rows[i].weight;
	return alias_build(a, w, gen_n_status_rows);
}

int alias_agents(struct alias *a)
{
	double w[64];

	for (unsigned i = 0; i < gen_n_agent_rows; i++)
		w[i] = gen_agent_rows[i].weight;
	return alias_build(a, w, gen_n_agent_rows);
}

void alias_free(struct alias *a)
{
	free(a->slot);
	a->slot = NULL;
}
