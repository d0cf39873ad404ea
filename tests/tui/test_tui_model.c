/* test_tui_model.c: the TUI's model and keys without a terminal. A stub
 * live.h (below) hands out real snapshots from a struct stats the test
 * fills, so sorting, selection, drill-down, window/sort cycling and the
 * path filter prompt are checked on the data the screen would draw. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "statusmon/registry.h"
#include "statusmon/stats.h"
#include "tui_impl.h"

/* ---- stub live.h over a test-owned struct stats ---- */

struct live {
	struct stats *st;
	unsigned last_window;
	int resets;
	char filter[256];
};

void live_get_info(struct live *lv, struct live_info *info)
{
	memset(info, 0, sizeof(*info));
	info->sources = "test.log";
	info->format_name = "combined";
	snprintf(info->path_filter, sizeof(info->path_filter), "%s", lv->filter);
}

struct snapshot *live_snapshot(struct live *lv, const struct snapshot_options *opt)
{
	lv->last_window = opt->window_seconds;
	return stats_snapshot(lv->st, opt);
}

int live_notify_fd(struct live *lv)
{
	(void)lv;
	return -1;
}

void live_ack(struct live *lv)
{
	(void)lv;
}

void live_reset(struct live *lv)
{
	lv->resets++;
	stats_reset(lv->st);
}

int live_set_path_filter(struct live *lv, const char *regex, struct error *err)
{
	if (strchr(regex, '(') && !strchr(regex, ')')) {
		error_set(err, "--path: missing )");
		return -1;
	}
	snprintf(lv->filter, sizeof(lv->filter), "%s", regex);
	return 0;
}

/* ---- fixtures ---- */

struct fixture {
	struct registry *reg;
	struct live lv;
	struct tui t;
};

static void add_lines(struct fixture *f, int n, const char *status, const char *path)
{
	static const char line[] = "192.0.2.1 - - [-] \"GET / HTTP/1.1\" 200 1";
	struct record rec;
	int i;

	memset(&rec, 0, sizeof(rec));
	rec.field[FIELD_STATUS] = (struct sv){ status, strlen(status) };
	rec.field[FIELD_PATH] = (struct sv){ path, strlen(path) };
	rec.field[FIELD_CLIENT] = (struct sv){ "192.0.2.1", 9 };
	for (i = 0; i < n; i++)
		stats_add(f->lv.st, &rec,
		          registry_lookup(f->reg, status_code_parse(status, strlen(status))),
		          line, sizeof(line) - 1);
}

static int setup(void **state)
{
	static struct fixture f;
	struct stats_config cfg;

	memset(&f, 0, sizeof(f));
	f.reg = registry_new_builtin();
	memset(&cfg, 0, sizeof(cfg));
	cfg.registry = f.reg;
	cfg.top_n = 10;
	cfg.recent_seconds = 900;
	cfg.recent_lines = 10;
	f.lv.st = stats_new(&cfg);
	assert_non_null(f.lv.st);
	stats_set_clock(f.lv.st, 1700000000);
	f.t.lv = &f.lv;
	f.t.top_n = 10;
	add_lines(&f, 30, "200", "/");
	add_lines(&f, 5, "404", "/missing");
	add_lines(&f, 3, "499", "/api/slow");
	add_lines(&f, 1, "-", "/dash");
	tui_model_refresh(&f.t, true);
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	tui_model_free(&f->t);
	stats_free(f->lv.st);
	registry_free(f->reg);
	return 0;
}

static int key(struct tui *t, wint_t ch)
{
	return tui_key(t, OK, ch);
}

static int code_at(const struct tui *t, size_t row)
{
	assert_true(row < tui_model_rows(t));
	return t->order[row]->code;
}

/* ---- tests ---- */

static void test_rows_sorted_by_count(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(tui_model_rows(&f->t), 4);
	assert_int_equal(code_at(&f->t, 0), 200);
	assert_int_equal(code_at(&f->t, 1), 404);
	assert_int_equal(code_at(&f->t, 2), 499);
	assert_int_equal(code_at(&f->t, 3), -1);
	assert_int_equal(f->t.order[3]->info->kind, KIND_INVALID);
}

static void test_sort_cycle_keeps_selection(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(key(&f->t, 'j'), ACT_REDRAW);
	assert_int_equal(key(&f->t, 'j'), ACT_REDRAW);
	assert_int_equal(tui_model_selected(&f->t)->code, 499);
	assert_int_equal(key(&f->t, 's'), ACT_REDRAW);       /* by code */
	assert_int_equal(f->t.sort, SORT_CODE);
	assert_int_equal(code_at(&f->t, 0), -1);
	assert_int_equal(code_at(&f->t, 1), 200);
	assert_int_equal(tui_model_selected(&f->t)->code, 499);
	assert_int_equal(f->t.sel, 3);
	key(&f->t, 's');                                      /* by rate */
	key(&f->t, 's');                                      /* back to count */
	assert_int_equal(f->t.sort, SORT_COUNT);
	assert_int_equal(tui_model_selected(&f->t)->code, 499);
}

static void test_selection_follows_code_across_snapshots(void **state)
{
	struct fixture *f = *state;

	key(&f->t, 'j');
	key(&f->t, 'j');
	assert_int_equal(tui_model_selected(&f->t)->code, 499);
	add_lines(f, 50, "499", "/api/slow");     /* 499 becomes the busiest */
	tui_model_refresh(&f->t, true);
	assert_int_equal(code_at(&f->t, 0), 499);
	assert_int_equal(f->t.sel, 0);
	assert_int_equal(tui_model_selected(&f->t)->count, 53);
}

static void test_select_clamps(void **state)
{
	struct fixture *f = *state;

	key(&f->t, 'G');
	assert_int_equal(f->t.sel, 3);
	key(&f->t, 'j');
	assert_int_equal(f->t.sel, 3);
	key(&f->t, 'g');
	key(&f->t, 'k');
	assert_int_equal(f->t.sel, 0);
}

static void test_drill_and_back(void **state)
{
	struct fixture *f = *state;
	const struct snapshot_status *s;

	key(&f->t, 'j');
	key(&f->t, 'j');
	assert_int_equal(key(&f->t, '\r'), ACT_REDRAW);
	assert_int_equal(f->t.view, VIEW_DRILL);
	s = tui_model_drilled(&f->t);
	assert_non_null(s);
	assert_int_equal(s->code, 499);
	assert_int_equal(s->n_paths, 1);
	assert_memory_equal(s->paths[0].key, "/api/slow", 9);
	assert_int_equal(s->paths[0].count, 3);
	assert_int_equal(s->n_recent, 3);
	/* a reset empties the stats: the drilled code is gone, not replaced */
	assert_int_equal(key(&f->t, 'r'), ACT_REFRESH | ACT_REDRAW);
	assert_int_equal(f->lv.resets, 1);
	add_lines(f, 2, "200", "/");
	tui_model_refresh(&f->t, true);
	assert_null(tui_model_drilled(&f->t));
	assert_int_equal(tui_key(&f->t, KEY_CODE_YES, KEY_LEFT), ACT_REDRAW);
	assert_int_equal(f->t.view, VIEW_MAIN);
	assert_int_equal(tui_model_selected(&f->t)->code, 200);
}

static void test_window_cycle(void **state)
{
	struct fixture *f = *state;
	static const unsigned want[] = { 60, 300, 900, 0 };
	int i;

	for (i = 0; i < 4; i++) {
		assert_int_equal(key(&f->t, 'w'), ACT_REFRESH | ACT_REDRAW);
		tui_model_refresh(&f->t, true);
		assert_int_equal(f->lv.last_window, want[i]);
	}
	assert_string_equal(tui_window_name(f->t.window_idx), "all");
}

static void test_pause_and_quit(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(key(&f->t, 'p'), ACT_REDRAW);
	assert_true(f->t.paused);
	assert_int_equal(key(&f->t, ' '), ACT_REFRESH | ACT_REDRAW);
	assert_false(f->t.paused);
	assert_int_equal(key(&f->t, '?'), ACT_REDRAW);
	assert_true(f->t.help);
	assert_int_equal(key(&f->t, 'x'), ACT_REDRAW);     /* any key closes */
	assert_false(f->t.help);
	assert_int_equal(key(&f->t, 'q'), ACT_QUIT);
}

static void type(struct tui *t, const wchar_t *s)
{
	for (; *s; s++)
		key(t, (wint_t)*s);
}

static void test_filter_prompt(void **state)
{
	struct fixture *f = *state;

	key(&f->t, '/');
	assert_true(f->t.prompt.active);
	type(&f->t, L"^/caf\u00e9");
	assert_string_equal(f->t.prompt.buf, "^/caf\xc3\xa9");
	tui_key(&f->t, KEY_CODE_YES, KEY_BACKSPACE);    /* drops both bytes of é */
	assert_string_equal(f->t.prompt.buf, "^/caf");
	key(&f->t, 0x1b);                                /* Esc cancels */
	assert_false(f->t.prompt.active);
	assert_string_equal(f->lv.filter, "");

	key(&f->t, '/');
	type(&f->t, L"a(b");
	assert_int_equal(key(&f->t, '\r'), ACT_REFRESH | ACT_REDRAW);
	assert_false(f->t.prompt.active);
	assert_non_null(strstr(f->t.message, "not changed"));
	assert_string_equal(f->lv.filter, "");

	key(&f->t, '/');
	type(&f->t, L"^/api");
	key(&f->t, '\r');
	assert_string_equal(f->lv.filter, "^/api");
	tui_model_refresh(&f->t, true);
	key(&f->t, '/');                                 /* opens on the current one */
	assert_string_equal(f->t.prompt.buf, "^/api");
	key(&f->t, 'u' & 0x1f);                          /* Ctrl-U clears */
	key(&f->t, '\r');
	assert_string_equal(f->lv.filter, "");
}

static void test_number_formats(void **state)
{
	char buf[32];

	(void)state;
	draw_fmt_count(buf, sizeof(buf), 9999999);
	assert_string_equal(buf, "9999999");
	draw_fmt_count(buf, sizeof(buf), 12345678);
	assert_string_equal(buf, "12.3M");
	draw_fmt_count(buf, sizeof(buf), UINT64_MAX);
	assert_string_equal(buf, "18.4E");
	draw_fmt_rate(buf, sizeof(buf), 1234.5);
	assert_string_equal(buf, "1.2k");
	draw_fmt_duration(buf, sizeof(buf), 90061);
	assert_string_equal(buf, "1d01:01:01");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rows_sorted_by_count, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sort_cycle_keeps_selection, setup, teardown),
		cmocka_unit_test_setup_teardown(test_selection_follows_code_across_snapshots, setup, teardown),
		cmocka_unit_test_setup_teardown(test_select_clamps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_drill_and_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_window_cycle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pause_and_quit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filter_prompt, setup, teardown),
		cmocka_unit_test(test_number_formats),
	};

	setlocale(LC_CTYPE, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
