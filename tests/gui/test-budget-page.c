/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "isaf-awpb.h"
#include "isaf-budget-page.h"
#include "isaf-choice.h"
#include "isaf-context.h"
#include "isaf-database.h"
#include "isaf-demo.h"
#include "isaf-error.h"
#include "isaf-format.h"
#include "isaf-gui-test-helpers.h"
#include "isaf-record-editor.h"
#include "isaf-store.h"
#include "isaf-test-helpers.h"

/* The Plan & budget page on a real demo database of Banteay Neang, in a window of 1366×768:
 * its lines by quarter and its totals by category and by source exactly as SQL adds them up;
 * a line added through the editor (saved by the core's isaf_awpb_line_save_async()) moving
 * those totals by its amount; a negative amount refused with the core's sentence and nothing
 * written; a line deleted and brought back by Undo; and a sum spent above what was planned
 * said in words. */

#define YEAR 2025
#define TIMEOUT_SECONDS 30
#define WINDOW_WIDTH 1366
#define WINDOW_HEIGHT 768
/* 1024 pixels less the window's 230-pixel sidebar. */
#define NARROW_WIDTH 794
#define NEW_DESCRIPTION "បោះពុម្ពផ្ទាំងព័ត៌មាន I4C បន្ថែម"
#define NEW_AMOUNT 250000
#define NEW_SPENT 100000
#define NEW_CATEGORY "i4c_printing"
#define NEW_SOURCE "line_department"

#define YEAR_LINES "FROM awpb_line l JOIN cycle c ON c.id = l.cycle_id " \
                   "WHERE c.year = 2025 AND c.deleted = 0 AND l.deleted = 0"

typedef struct {
  char *dir;
  IsafDatabase *database;
  IsafStore *store;
  GSettings *settings;
  IsafContext *context;
  GtkWindow *window;
  IsafBudgetPage *page;
  GPtrArray *changed_tables;
  GPtrArray *toasts;
} Fixture;

static void
on_data_changed_cb (Fixture    *fixture,
                    const char *table)
{
  g_ptr_array_add (fixture->changed_tables, g_strdup (table));
}

static void
on_toast_cb (Fixture  *fixture,
             AdwToast *toast)
{
  g_ptr_array_add (fixture->toasts, g_object_ref (toast));
}

static gint64
count_rows (Fixture    *fixture,
            const char *sql)
{
  return isaf_test_run_query_int (fixture->database, sql);
}

static gint64
count_lines (Fixture *fixture)
{
  return count_rows (fixture, "SELECT count(*) " YEAR_LINES);
}

/* Fixture ------------------------------------------------------------------------------- */

static gboolean
page_is_ready (Fixture *fixture)
{
  return gtk_widget_get_mapped (GTK_WIDGET (fixture->page))
         && !isaf_budget_page_get_loading (fixture->page);
}

static void
wait_until_ready (Fixture *fixture)
{
  isaf_gui_test_iterate_pending ();
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) page_is_ready, fixture, TIMEOUT_SECONDS);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  IsafDemoOptions options = { .commune_code = ISAF_TEST_COMMUNE, .years = 1, .seed = 3,
                              .last_year = YEAR };
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = isaf_gui_test_make_dir ("isaf-budget-page-XXXXXX");
  path = g_build_filename (fixture->dir, "commune.sqlite", NULL);
  fixture->database = isaf_database_open (path, ISAF_DATABASE_OPEN_CREATE_NEW, &error);
  g_assert_no_error (error);
  g_assert_true (isaf_demo_generate (fixture->database, &options, &error));
  g_assert_no_error (error);
  fixture->store = isaf_store_new (fixture->database);

  fixture->settings = g_settings_new (APP_ID);
  if (isaf_gui_test_is_khmer_run ())
    g_settings_set_boolean (fixture->settings, "khmer-digits", TRUE);
  fixture->context = isaf_context_new (fixture->database, fixture->settings);
  isaf_context_set_year (fixture->context, YEAR);
  fixture->changed_tables = g_ptr_array_new_with_free_func (g_free);
  fixture->toasts = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect_swapped (fixture->context, "data-changed", G_CALLBACK (on_data_changed_cb),
                            fixture);
  g_signal_connect_swapped (fixture->context, "toast", G_CALLBACK (on_toast_cb), fixture);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, WINDOW_WIDTH, WINDOW_HEIGHT);
  fixture->page = ISAF_BUDGET_PAGE (isaf_budget_page_new (fixture->context));
  g_assert_true (isaf_budget_page_get_loading (fixture->page));
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  gtk_window_present (fixture->window);
  wait_until_ready (fixture);
  isaf_gui_test_wait_for_frame (GTK_WIDGET (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  g_object_add_weak_pointer (G_OBJECT (fixture->page), (gpointer *) &fixture->page);
  gtk_window_destroy (fixture->window);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ISAF_IS_RECORD_EDITOR (toplevel))
        gtk_window_destroy (GTK_WINDOW (toplevel));
    }
  /* Let cancelled work report back to a page that is gone. */
  isaf_gui_test_iterate_for (100);
  g_assert_null (fixture->page);

  g_ptr_array_unref (fixture->toasts);
  g_signal_handlers_disconnect_by_data (fixture->context, fixture);
  g_assert_finalize_object (fixture->context);
  g_ptr_array_unref (fixture->changed_tables);
  g_settings_reset (fixture->settings, "khmer-digits");
  g_assert_finalize_object (fixture->settings);
  g_clear_object (&fixture->store);
  isaf_database_close (fixture->database);
  g_assert_finalize_object (fixture->database);
  isaf_gui_test_remove_dir (fixture->dir);
}

/* Widgets ------------------------------------------------------------------------------- */

static GtkWidget *
get_page_child (Fixture    *fixture,
                const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->page),
                                                    ISAF_TYPE_BUDGET_PAGE, name));
}

static guint
count_lines_shown (Fixture *fixture)
{
  g_autoptr(GPtrArray) rows = isaf_gui_test_find_widgets (get_page_child (fixture,
                                                                          "quarters_box"),
                                                          ADW_TYPE_ACTION_ROW);

  return rows->len;
}

static GtkWidget *
find_line_row (Fixture    *fixture,
               const char *description)
{
  g_autoptr(GPtrArray) rows = isaf_gui_test_find_widgets (get_page_child (fixture,
                                                                          "quarters_box"),
                                                          ADW_TYPE_ACTION_ROW);

  for (guint i = 0; i < rows->len; i++)
    {
      g_autofree char *title = isaf_gui_test_dup_row_title (g_ptr_array_index (rows, i));

      if (g_str_equal (title, description))
        return g_ptr_array_index (rows, i);
    }
  return NULL;
}

static char *
format_riel (Fixture *fixture,
             gint64   amount)
{
  return isaf_format_riel (amount, isaf_context_get_digits (fixture->context));
}

/* The table's row for @name: its planned and spent cells, as shown. */
static gboolean
find_total (GtkGrid    *grid,
            const char *name,
            char      **planned,
            char      **spent)
{
  for (int row = 1; gtk_grid_get_child_at (grid, 0, row) != NULL; row++)
    {
      g_autofree char *shown = isaf_gui_test_dup_label_text (gtk_grid_get_child_at (grid, 0, row));

      if (g_str_equal (shown, name))
        {
          *planned = isaf_gui_test_dup_label_text (gtk_grid_get_child_at (grid, 1, row));
          *spent = isaf_gui_test_dup_label_text (gtk_grid_get_child_at (grid, 2, row));
          return TRUE;
        }
    }
  return FALSE;
}

static guint
count_table_rows (GtkGrid *grid)
{
  guint n = 0;

  while (gtk_grid_get_child_at (grid, 1, n) != NULL)
    n++;
  return n;
}

/* Every row of the table of @column (category or fund_source) against SQL's sums, and the
 * total; the name of each row is the label of its stored choice. */
static void
assert_totals (Fixture    *fixture,
               const char *grid_name,
               const char *column)
{
  GtkGrid *grid = GTK_GRID (get_page_child (fixture, grid_name));
  g_autofree char *sql = g_strdup_printf ("SELECT l.%s, sum (l.amount_riel), "
                                          "sum (coalesce (l.spent_riel, 0)) " YEAR_LINES
                                          " GROUP BY l.%s", column, column);
  sqlite3 *conn = isaf_test_sqlite_open (isaf_database_get_path (fixture->database),
                                         SQLITE_OPEN_READONLY);
  sqlite3_stmt *stmt = NULL;
  guint n_groups = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (conn, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *value = (const char *) sqlite3_column_text (stmt, 0);
      g_autofree char *planned = NULL, *spent = NULL;
      g_autofree char *expected_planned = format_riel (fixture, sqlite3_column_int64 (stmt, 1));
      g_autofree char *expected_spent = format_riel (fixture, sqlite3_column_int64 (stmt, 2));

      g_assert_true (find_total (grid, isaf_choice_get_label (value), &planned, &spent));
      g_assert_cmpstr (planned, ==, expected_planned);
      g_assert_cmpstr (spent, ==, expected_spent);
      n_groups++;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (conn);

  /* The heading, a row per group with lines, the total. */
  g_assert_cmpuint (count_table_rows (grid), ==, n_groups + 2);
  {
    g_autofree char *planned = NULL, *spent = NULL;
    gint64 sum_planned = count_rows (fixture, "SELECT sum (l.amount_riel) " YEAR_LINES);
    gint64 sum_spent = count_rows (fixture, "SELECT sum (coalesce (l.spent_riel, 0)) "
                                            YEAR_LINES);
    g_autofree char *expected_planned = format_riel (fixture, sum_planned);
    g_autofree char *expected_spent = format_riel (fixture, sum_spent);

    g_assert_true (find_total (grid, _("Total"), &planned, &spent));
    g_assert_cmpstr (planned, ==, expected_planned);
    g_assert_cmpstr (spent, ==, expected_spent);
  }
}

static GtkWindow *
find_editor (void)
{
  return isaf_gui_test_find_toplevel (ISAF_TYPE_RECORD_EDITOR);
}

static gboolean
editor_is_open (Fixture *fixture)
{
  GtkWindow *editor = find_editor ();

  return editor != NULL && gtk_widget_get_mapped (GTK_WIDGET (editor));
}

static GtkWindow *
wait_for_editor (Fixture *fixture)
{
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) editor_is_open, fixture, TIMEOUT_SECONDS);
  isaf_gui_test_wait_for_frame (GTK_WIDGET (find_editor ()));
  return find_editor ();
}

static GtkWidget *
find_amount_field (GtkWindow  *editor,
                   const char *label)
{
  g_autofree char *title = g_strdup_printf (_("%s (Riel)"), label);

  return isaf_gui_test_find_field (editor, title);
}

static void
type_number (Fixture   *fixture,
             GtkWidget *field,
             gint64     value)
{
  g_autofree char *text = isaf_context_format_integer (fixture->context, value);

  gtk_editable_set_text (GTK_EDITABLE (field), text);
}

static GtkWidget *
get_save_button (GtkWindow *editor)
{
  return isaf_gui_test_find_button (editor, "editor.save");
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autofree char *file = g_strdup_printf ("budget-%s%s.png",
                                           isaf_gui_test_is_khmer_run () ? "km-" : "", name);

  isaf_gui_test_save_screenshot_in_dir (widget, file);
}

/* Scrolls the page so that @widget is near the top of what it shows. */
static void
scroll_to (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  graphene_rect_t bounds;

  if (GTK_IS_VIEWPORT (content))
    content = gtk_viewport_get_child (GTK_VIEWPORT (content));
  isaf_gui_test_wait_for_frame (widget);
  g_assert_true (gtk_widget_compute_bounds (widget, content, &bounds));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)),
                            bounds.origin.y - 12);
}

/* Fills the editor with the new line, its amount typed as @amount. */
static void
fill_new_line (Fixture   *fixture,
               GtkWindow *editor,
               gint64     amount)
{
  gtk_editable_set_text (GTK_EDITABLE (isaf_gui_test_find_field (editor, _("Description"))), NEW_DESCRIPTION);
  isaf_gui_test_choose (isaf_gui_test_find_field (editor, _("Category")), isaf_choice_get_label (NEW_CATEGORY));
  isaf_gui_test_choose (isaf_gui_test_find_field (editor, _("Source of funds")), isaf_choice_get_label (NEW_SOURCE));
  type_number (fixture, isaf_gui_test_find_field (editor, _("Quarter (1 to 4)")), 2);
  type_number (fixture, find_amount_field (editor, _("Amount planned")), amount);
  type_number (fixture, find_amount_field (editor, _("Amount spent")), NEW_SPENT);
}

/* Tests --------------------------------------------------------------------------------- */

/* The year's lines, and the totals by category and by source as SQL adds them up. */
static void
test_totals (Fixture       *fixture,
             gconstpointer  data)
{
  GtkRequisition minimum;
  g_autofree char *total = NULL;
  g_autofree char *planned = NULL;
  g_autofree char *spent = NULL;
  g_autofree char *expected_total = NULL;

  gtk_widget_get_preferred_size (GTK_WIDGET (fixture->page), &minimum, NULL);
  g_assert_cmpint (minimum.width, <=, NARROW_WIDTH);

  g_assert_cmpint (count_lines (fixture), >, 0);
  g_assert_cmpuint (count_lines_shown (fixture), ==, count_lines (fixture));
  assert_totals (fixture, "category_grid", "category");
  assert_totals (fixture, "source_grid", "fund_source");

  planned = format_riel (fixture, count_rows (fixture, "SELECT sum (l.amount_riel) " YEAR_LINES));
  spent = format_riel (fixture, count_rows (fixture, "SELECT sum (coalesce (l.spent_riel, 0)) "
                                                     YEAR_LINES));
  expected_total = g_strdup_printf (_("Planned %1$s · Spent %2$s"), planned, spent);
  total = isaf_gui_test_dup_label_text (get_page_child (fixture, "total_label"));
  g_assert_cmpstr (total, ==, expected_total);

  save_screenshot (GTK_WIDGET (fixture->window), "lines");
  scroll_to (get_page_child (fixture, "totals_box"));
  save_screenshot (GTK_WIDGET (fixture->window), "totals");
}

/* A negative amount: the core's sentence under the field, Save held back, nothing written. */
static void
test_negative_amount (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(IsafRecord) line = isaf_record_new ("awpb_line");
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gint64 n_lines = count_lines (fixture);
  GtkWindow *editor;
  GtkWidget *amount;

  /* What the core says about such a line. */
  isaf_record_set_text (line, "category", NEW_CATEGORY);
  isaf_record_set_text (line, "description", NEW_DESCRIPTION);
  isaf_record_set_text (line, "fund_source", NEW_SOURCE);
  isaf_record_set_integer (line, "amount_riel", -5);
  g_assert_false (isaf_awpb_line_save (fixture->store, YEAR, line, &error));
  g_assert_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_NEGATIVE);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "budget.add", NULL));
  editor = wait_for_editor (fixture);
  fill_new_line (fixture, editor, -5);
  amount = find_amount_field (editor, _("Amount planned"));
  message = isaf_gui_test_dup_field_message (amount);
  g_assert_cmpstr (message, ==, error->message);
  g_assert_false (gtk_widget_is_sensitive (get_save_button (editor)));
  save_screenshot (GTK_WIDGET (editor), "editor-negative");

  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  isaf_gui_test_iterate_for (200);
  g_assert_true (editor_is_open (fixture));
  g_assert_cmpint (count_lines (fixture), ==, n_lines);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM awpb_line "
                                        "WHERE description = '" NEW_DESCRIPTION "'"), ==, 0);
}

static gboolean
new_line_listed (Fixture *fixture)
{
  return find_editor () == NULL && !isaf_budget_page_get_loading (fixture->page)
         && find_line_row (fixture, NEW_DESCRIPTION) != NULL;
}

/* A line added through the editor shows in its quarter, and the totals of its category and
 * source, and the grand total, move by its amount. */
static void
test_add_line (Fixture       *fixture,
               gconstpointer  data)
{
  GtkGrid *categories = GTK_GRID (get_page_child (fixture, "category_grid"));
  GtkGrid *sources = GTK_GRID (get_page_child (fixture, "source_grid"));
  g_autofree char *category_sql = g_strdup_printf ("SELECT coalesce (sum (l.amount_riel), 0) "
                                                   YEAR_LINES " AND l.category = '%s'",
                                                   NEW_CATEGORY);
  g_autofree char *source_sql = g_strdup_printf ("SELECT coalesce (sum (l.amount_riel), 0) "
                                                 YEAR_LINES " AND l.fund_source = '%s'",
                                                 NEW_SOURCE);
  gint64 category_before = count_rows (fixture, category_sql);
  gint64 source_before = count_rows (fixture, source_sql);
  gint64 total_before = count_rows (fixture, "SELECT sum (l.amount_riel) " YEAR_LINES);
  gint64 n_lines = count_lines (fixture);
  g_autofree char *planned = NULL, *spent = NULL;
  g_autofree char *expected = NULL;
  GtkWindow *editor;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "budget.add", NULL));
  editor = wait_for_editor (fixture);
  g_assert_false (gtk_widget_is_sensitive (get_save_button (editor)));
  fill_new_line (fixture, editor, NEW_AMOUNT);
  g_assert_true (gtk_widget_is_sensitive (get_save_button (editor)));
  save_screenshot (GTK_WIDGET (editor), "editor");
  gtk_widget_activate (get_save_button (editor));
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) new_line_listed, fixture, TIMEOUT_SECONDS);

  g_assert_cmpint (count_lines (fixture), ==, n_lines + 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) " YEAR_LINES
                                        " AND l.description = '" NEW_DESCRIPTION "'"
                                        " AND l.quarter = 2 AND l.spent_riel = 100000"
                                        " AND l.category = '" NEW_CATEGORY "'"
                                        " AND l.fund_source = '" NEW_SOURCE "'"), ==, 1);
  g_assert_cmpint (count_rows (fixture, category_sql), ==, category_before + NEW_AMOUNT);
  g_assert_cmpint (count_rows (fixture, source_sql), ==, source_before + NEW_AMOUNT);
  g_assert_cmpuint (count_lines_shown (fixture), ==, n_lines + 1);

  /* The tables show the new sums. */
  expected = format_riel (fixture, category_before + NEW_AMOUNT);
  g_assert_true (find_total (categories, isaf_choice_get_label (NEW_CATEGORY), &planned, &spent));
  g_assert_cmpstr (planned, ==, expected);
  g_clear_pointer (&planned, g_free);
  g_clear_pointer (&spent, g_free);
  g_clear_pointer (&expected, g_free);
  expected = format_riel (fixture, source_before + NEW_AMOUNT);
  g_assert_true (find_total (sources, isaf_choice_get_label (NEW_SOURCE), &planned, &spent));
  g_assert_cmpstr (planned, ==, expected);
  g_clear_pointer (&planned, g_free);
  g_clear_pointer (&spent, g_free);
  g_clear_pointer (&expected, g_free);
  expected = format_riel (fixture, total_before + NEW_AMOUNT);
  g_assert_true (find_total (sources, _("Total"), &planned, &spent));
  g_assert_cmpstr (planned, ==, expected);
  assert_totals (fixture, "category_grid", "category");
  assert_totals (fixture, "source_grid", "fund_source");
}

static gboolean
line_count_is (Fixture *fixture,
               guint    n)
{
  return !isaf_budget_page_get_loading (fixture->page) && count_lines_shown (fixture) == n;
}

static gboolean
one_line_fewer (Fixture *fixture)
{
  return line_count_is (fixture, count_lines (fixture)) && fixture->toasts->len > 0;
}

static gboolean
all_lines_back (Fixture *fixture)
{
  return line_count_is (fixture, count_lines (fixture))
         && count_rows (fixture, "SELECT count(*) FROM awpb_line WHERE deleted = 1") == 0;
}

/* Deleting a line takes it out of the list and of the totals; Undo brings it back. */
static void
test_delete_undo (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) buttons = NULL;
  gint64 n_lines = count_lines (fixture);
  GtkWidget *delete_button = NULL;
  AdwToast *toast;

  buttons = isaf_gui_test_find_widgets (get_page_child (fixture, "quarters_box"),
                                        GTK_TYPE_BUTTON);
  for (guint i = 0; i < buttons->len && delete_button == NULL; i++)
    if (g_strcmp0 (gtk_button_get_icon_name (g_ptr_array_index (buttons, i)),
                   "user-trash-symbolic") == 0)
      delete_button = g_ptr_array_index (buttons, i);
  g_assert_nonnull (delete_button);

  g_signal_emit_by_name (delete_button, "clicked");
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) one_line_fewer, fixture, TIMEOUT_SECONDS);
  g_assert_cmpint (count_lines (fixture), ==, n_lines - 1);
  g_assert_cmpuint (count_lines_shown (fixture), ==, n_lines - 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM awpb_line WHERE deleted = 1"), ==,
                   1);
  assert_totals (fixture, "category_grid", "category");
  assert_totals (fixture, "source_grid", "fund_source");

  toast = g_ptr_array_index (fixture->toasts, 0);
  g_signal_emit_by_name (toast, "button-clicked");
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) all_lines_back, fixture, TIMEOUT_SECONDS);
  g_assert_cmpint (count_lines (fixture), ==, n_lines);
  g_assert_cmpuint (count_lines_shown (fixture), ==, n_lines);
  assert_totals (fixture, "category_grid", "category");
  assert_totals (fixture, "source_grid", "fund_source");
}

/* Whether the row of @description shows a label reading @text. */
static gboolean
line_says (Fixture    *fixture,
           const char *description,
           const char *text)
{
  GtkWidget *row = find_line_row (fixture, description);
  g_autoptr(GPtrArray) labels = row ? isaf_gui_test_find_widgets (row, GTK_TYPE_LABEL) : NULL;

  for (guint i = 0; labels != NULL && i < labels->len; i++)
    {
      g_autofree char *shown = isaf_gui_test_dup_label_text (g_ptr_array_index (labels, i));

      if (g_str_equal (shown, text))
        return TRUE;
    }
  return FALSE;
}

/* Edits merged from two computers can leave a line spent above its amount (one lowered the
 * amount, the other raised what was spent): the line and the totals say so in words. */
static void
test_over_budget (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafAwpb) awpb = isaf_awpb_load (fixture->store, YEAR, &error);
  g_autoptr(IsafRecord) line = NULL;
  const char *description;
  const char *category;
  IsafAwpbAmounts amounts;
  g_autofree char *spent = NULL;
  g_autofree char *over = NULL;
  g_autofree char *line_spent = NULL;
  g_autofree char *planned_cell = NULL, *spent_cell = NULL;

  g_assert_no_error (error);
  line = g_object_ref (g_ptr_array_index (awpb->lines, 0));
  description = isaf_record_get_text (line, "description");
  category = isaf_record_get_text (line, "category");
  spent = format_riel (fixture, isaf_record_get_integer (line, "amount_riel") + 100000);
  over = g_strdup_printf (_("%s, over budget"), spent);
  line_spent = g_strdup_printf (_("Spent %s"), over);
  g_assert_false (line_says (fixture, description, line_spent));

  g_assert_cmpint (isaf_test_run_sql (fixture->database, ISAF_DATABASE_WRITE,
                                      "UPDATE awpb_line SET spent_riel = amount_riel + 100000 "
                                      "WHERE id = ?1", isaf_record_get_id (line)),
                   ==, SQLITE_OK);
  isaf_context_data_changed (fixture->context, "awpb_line");
  ISAF_GUI_TEST_WAIT_FOR (line_says (fixture, description, line_spent), TIMEOUT_SECONDS);
  wait_until_ready (fixture);

  /* In its category's total, when the category as a whole is over, else as a plain sum. */
  g_clear_pointer (&awpb, isaf_awpb_free);
  awpb = isaf_awpb_load (fixture->store, YEAR, &error);
  g_assert_no_error (error);
  amounts = awpb->by_category[isaf_awpb_category_from_string (category)];
  g_assert_true (find_total (GTK_GRID (get_page_child (fixture, "category_grid")),
                             isaf_choice_get_label (category), &planned_cell, &spent_cell));
  {
    g_autofree char *sum = format_riel (fixture, amounts.spent);
    g_autofree char *expected = amounts.spent > amounts.planned
                                ? g_strdup_printf (_("%s, over budget"), sum)
                                : g_strdup (sum);

    g_test_message ("Category spent %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT,
                    amounts.spent, amounts.planned);
    g_assert_cmpstr (spent_cell, ==, expected);
  }
  save_screenshot (GTK_WIDGET (fixture->window), "over-budget");
}

int
main (int   argc,
      char *argv[])
{
  isaf_gui_test_init (&argc, &argv);
  adw_init ();
  /* Screenshots show rows as they settle, not halfway through an animation. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  {
    g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (provider, "/kh/gov/ncdd/IsafCommune/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (provider),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add ("/budget-page/totals", Fixture, NULL, fixture_set_up, test_totals,
              fixture_tear_down);
  g_test_add ("/budget-page/negative-amount", Fixture, NULL, fixture_set_up,
              test_negative_amount, fixture_tear_down);
  g_test_add ("/budget-page/add-line", Fixture, NULL, fixture_set_up, test_add_line,
              fixture_tear_down);
  g_test_add ("/budget-page/delete-undo", Fixture, NULL, fixture_set_up, test_delete_undo,
              fixture_tear_down);
  g_test_add ("/budget-page/over-budget", Fixture, NULL, fixture_set_up, test_over_budget,
              fixture_tear_down);

  return g_test_run ();
}
