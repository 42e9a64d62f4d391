/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "isaf-context.h"
#include "isaf-database.h"
#include "isaf-demo.h"
#include "isaf-format.h"
#include "isaf-gui-test-helpers.h"
#include "isaf-jaap-page.h"
#include "isaf-jaap.h"
#include "isaf-record-editor.h"
#include "isaf-store.h"
#include "isaf-test-helpers.h"

/* The JAAP page on a real demo database of Banteay Neang, in a window the size of what a
 * 1024×768 screen leaves beside the sidebar: the year's plan as the core reads it, in the
 * template's order with its overdue actions said in words; an action added and then edited
 * through the editor, its status change kept with the reason typed; a form the core would
 * refuse never saved; moving and deleting an action, and Undo. */

#define YEAR 2025
#define TIMEOUT_SECONDS 30
#define PAGE_WIDTH 794
#define PAGE_HEIGHT 700
#define NEW_ACTIVITY "ជួសជុលដំបូលសាលារៀន"
#define STATUS_NOTE "បានចាប់ផ្ដើមជួសជុល"

typedef struct {
  char *dir;
  char *path;
  IsafDatabase *database;
  IsafStore *store;
  GSettings *settings;
  IsafContext *context;
  GtkWindow *window;
  IsafJaapPage *page;
  GPtrArray *toasts;
} Fixture;

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

static gboolean
page_is_ready (Fixture *fixture)
{
  return gtk_widget_get_mapped (GTK_WIDGET (fixture->page))
         && !isaf_jaap_page_get_loading (fixture->page);
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
  IsafDemoOptions options = { .commune_code = ISAF_TEST_COMMUNE, .years = 1, .seed = 4,
                              .last_year = YEAR };
  g_autoptr(GError) error = NULL;

  fixture->dir = isaf_gui_test_make_dir ("isaf-jaap-page-XXXXXX");
  fixture->path = g_build_filename (fixture->dir, "commune.sqlite", NULL);
  fixture->database = isaf_database_open (fixture->path, ISAF_DATABASE_OPEN_CREATE_NEW, &error);
  g_assert_no_error (error);
  g_assert_true (isaf_demo_generate (fixture->database, &options, &error));
  g_assert_no_error (error);
  fixture->store = isaf_store_new (fixture->database);

  fixture->settings = g_settings_new (APP_ID);
  if (isaf_gui_test_is_khmer_run ())
    g_settings_set_boolean (fixture->settings, "khmer-digits", TRUE);
  fixture->context = isaf_context_new (fixture->database, fixture->settings);
  isaf_context_set_year (fixture->context, YEAR);
  fixture->toasts = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect_swapped (fixture->context, "toast", G_CALLBACK (on_toast_cb), fixture);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, PAGE_WIDTH, PAGE_HEIGHT);
  fixture->page = ISAF_JAAP_PAGE (isaf_jaap_page_new (fixture->context));
  g_assert_true (isaf_jaap_page_get_loading (fixture->page));
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  gtk_window_present (fixture->window);
  wait_until_ready (fixture);
  isaf_gui_test_wait_for_frame (GTK_WIDGET (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_object_add_weak_pointer (G_OBJECT (fixture->page), (gpointer *) &fixture->page);
  gtk_window_destroy (fixture->window);
  g_assert_null (isaf_gui_test_find_toplevel (ISAF_TYPE_RECORD_EDITOR));
  /* Let cancelled work report back to a page that is gone. */
  isaf_gui_test_iterate_for (100);
  g_assert_null (fixture->page);

  g_ptr_array_unref (fixture->toasts);
  g_signal_handlers_disconnect_by_data (fixture->context, fixture);
  g_assert_finalize_object (fixture->context);
  g_settings_reset (fixture->settings, "khmer-digits");
  g_assert_finalize_object (fixture->settings);
  g_clear_object (&fixture->store);
  isaf_database_close (fixture->database);
  g_assert_finalize_object (fixture->database);
  g_free (fixture->path);
  isaf_gui_test_remove_dir (fixture->dir);
}

/* Widgets ------------------------------------------------------------------------------- */

static GtkWidget *
get_page_child (Fixture    *fixture,
                const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->page),
                                                    ISAF_TYPE_JAAP_PAGE, name));
}

/* The rows of the plan, in order. */
static GPtrArray *
find_plan_rows (Fixture *fixture)
{
  GPtrArray *rows = g_ptr_array_new ();

  for (GtkWidget *row = gtk_widget_get_first_child (get_page_child (fixture, "plan_list"));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row))
      g_ptr_array_add (rows, row);
  return rows;
}

/* The first label of a row's text column: the activity. */
static char *
dup_row_activity (GtkWidget *row)
{
  g_autoptr(GPtrArray) labels = isaf_gui_test_find_widgets (row, GTK_TYPE_LABEL);

  /* The number comes first, then the activity. */
  return isaf_gui_test_dup_label_text (g_ptr_array_index (labels, 1));
}

static gboolean
row_says (GtkWidget  *row,
          const char *text)
{
  g_autoptr(GPtrArray) labels = isaf_gui_test_find_widgets (row, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    {
      g_autofree char *shown = isaf_gui_test_dup_label_text (g_ptr_array_index (labels, i));

      if (g_str_equal (shown, text))
        return TRUE;
    }
  return FALSE;
}

static GtkListBoxRow *
find_row (Fixture    *fixture,
          const char *activity)
{
  g_autoptr(GPtrArray) rows = find_plan_rows (fixture);

  for (guint i = 0; i < rows->len; i++)
    {
      g_autofree char *shown = dup_row_activity (g_ptr_array_index (rows, i));

      if (g_str_equal (shown, activity))
        return g_ptr_array_index (rows, i);
    }
  return NULL;
}

static GtkWindow *
find_editor (void)
{
  return isaf_gui_test_find_toplevel (ISAF_TYPE_RECORD_EDITOR);
}

static gboolean
editor_is_open (gpointer data)
{
  GtkWindow *editor = find_editor ();

  return editor != NULL && gtk_widget_get_mapped (GTK_WIDGET (editor));
}

static GtkWindow *
wait_for_editor (void)
{
  isaf_gui_test_wait_until (editor_is_open, NULL, TIMEOUT_SECONDS);
  isaf_gui_test_wait_for_frame (GTK_WIDGET (find_editor ()));
  return find_editor ();
}

static void
type_text (GtkWindow  *editor,
           const char *title,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (isaf_gui_test_find_field (editor, title)), text);
}

static void
type_number (Fixture    *fixture,
             GtkWindow  *editor,
             const char *title,
             gint64      value)
{
  g_autofree char *text = isaf_context_format_integer (fixture->context, value);

  type_text (editor, title, text);
}

static void
choose (GtkWindow  *editor,
        const char *title,
        const char *label)
{
  isaf_gui_test_choose (isaf_gui_test_find_field (editor, title), label);
}

static gboolean
can_save (GtkWindow *editor)
{
  return isaf_record_editor_get_can_save (ISAF_RECORD_EDITOR (editor));
}

static gboolean
editor_is_closed (Fixture *fixture)
{
  return find_editor () == NULL && !isaf_jaap_page_get_loading (fixture->page);
}

static void
save_and_wait (Fixture   *fixture,
               GtkWindow *editor)
{
  if (!can_save (editor))
    {
      g_autoptr(GPtrArray) labels = isaf_gui_test_find_widgets (editor, GTK_TYPE_LABEL);

      for (guint i = 0; i < labels->len; i++)
        if (gtk_widget_has_css_class (g_ptr_array_index (labels, i), "error")
            && gtk_widget_get_mapped (g_ptr_array_index (labels, i)))
          g_test_message ("Why Save is off: %s", gtk_label_get_label (g_ptr_array_index (labels, i)));
    }
  g_assert_true (can_save (editor));
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) editor_is_closed, fixture, TIMEOUT_SECONDS);
  wait_until_ready (fixture);
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autofree char *file = g_strdup_printf ("jaap-%s%s.png",
                                           isaf_gui_test_is_khmer_run () ? "km-" : "", name);

  isaf_gui_test_save_screenshot_in_dir (widget, file);
}

/* Tests --------------------------------------------------------------------------------- */

static void
test_plan (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafJaap) jaap = isaf_jaap_load (fixture->store, YEAR, &error);
  g_autoptr(GPtrArray) rows = find_plan_rows (fixture);
  g_autofree char *today = isaf_jaap_dup_today ();
  g_autofree char *summary = isaf_gui_test_dup_label_text (get_page_child (fixture, "summary_label"));
  g_autofree char *steps_text = NULL;
  g_autofree char *completed_text = NULL;
  g_autofree char *overdue_text = NULL;
  g_autofree char *estimated_text = NULL;
  g_autofree char *expected = NULL;
  guint n_steps = 0, n_overdue = 0, n_completed = 0;
  gint64 estimated = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, jaap->entries->len);
  g_assert_cmpint (rows->len, ==, count_rows (fixture, "SELECT count(*) FROM jaap_action "
                                                       "WHERE deleted = 0"));

  /* Row by row, the core's order, numbers and statuses; overdue in words. */
  for (guint i = 0; i < rows->len; i++)
    {
      IsafJaapEntry *entry = g_ptr_array_index (jaap->entries, i);
      GtkWidget *row = g_ptr_array_index (rows, i);
      g_autofree char *activity = dup_row_activity (row);
      g_autofree char *path = isaf_context_format_digits (fixture->context, entry->path);
      gboolean overdue = isaf_jaap_entry_is_overdue (entry, today);

      g_assert_cmpstr (activity, ==, isaf_record_get_text (entry->action, "activity"));
      g_assert_true (row_says (row, path));
      g_assert_true (row_says (row, isaf_jaap_status_get_label (isaf_jaap_entry_get_status (entry))));
      g_assert_true (row_says (row, _("Overdue")) == overdue);
      if (entry->n_children == 0)
        {
          n_steps++;
          n_overdue += overdue;
          n_completed += isaf_jaap_entry_get_status (entry) == ISAF_JAAP_STATUS_COMPLETED;
          estimated += isaf_record_get_integer (entry->action, "estimated_cost_riel");
        }
    }

  /* The summary counts the steps, not their headings. */
  steps_text = isaf_context_format_integer (fixture->context, n_steps);
  completed_text = isaf_context_format_integer (fixture->context, n_completed);
  overdue_text = isaf_context_format_integer (fixture->context, n_overdue);
  estimated_text = isaf_format_riel (estimated, isaf_context_get_digits (fixture->context));
  expected = g_strdup_printf (ngettext ("%1$s action · %2$s completed · %3$s overdue · estimated cost %4$s",
                                        "%1$s actions · %2$s completed · %3$s overdue · estimated cost %4$s",
                                        n_steps),
                              steps_text, completed_text, overdue_text, estimated_text);
  g_assert_cmpstr (summary, ==, expected);
  save_screenshot (GTK_WIDGET (fixture->window), "plan");
}

static void
test_add_and_edit (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWindow *editor;
  GtkListBoxRow *row;
  gint64 before = count_rows (fixture, "SELECT count(*) FROM jaap_action WHERE deleted = 0");

  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "jaap.add", "s", "ka");
  editor = wait_for_editor ();
  g_assert_false (can_save (editor));
  type_text (editor, _("Agreed priority activity"), NEW_ACTIVITY);
  type_text (editor, _("Start"), "2025-08-01");
  type_text (editor, _("End"), "2025-11-30");
  type_number (fixture, editor, _("Beneficiaries"), 420);
  type_number (fixture, editor, _("Female beneficiaries"), 230);
  type_number (fixture, editor, _("Estimated cost"), 3500000);
  choose (editor, _("Source of funds"), _("Commune fund (social services)"));
  save_screenshot (GTK_WIDGET (editor), "editor");
  save_and_wait (fixture, editor);

  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM jaap_action WHERE deleted = 0"),
                   ==, before + 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM jaap_action WHERE deleted = 0 "
                                        "AND action_group = 'ka' AND activity = '" NEW_ACTIVITY
                                        "' AND estimated_cost_riel = 3500000 "
                                        "AND beneficiaries_female = 230 "
                                        "AND fund_source = 'commune_fund' "
                                        "AND end_on = '2025-11-30'"), ==, 1);
  /* At the end of group ក, after the demo's actions. */
  g_assert_cmpint (count_rows (fixture, "SELECT position FROM jaap_action WHERE activity = '"
                                        NEW_ACTIVITY "'"), ==,
                   count_rows (fixture, "SELECT count(*) FROM jaap_action WHERE deleted = 0 "
                                        "AND action_group = 'ka' AND parent_id IS NULL"));

  /* Started: the status changes, with the reason typed, into the history. */
  row = find_row (fixture, NEW_ACTIVITY);
  g_assert_nonnull (row);
  gtk_list_box_select_row (GTK_LIST_BOX (get_page_child (fixture, "plan_list")), row);
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "jaap.edit", NULL);
  editor = wait_for_editor ();
  choose (editor, _("Status"), _("Ongoing"));
  type_text (editor, _("Why the status changed"), STATUS_NOTE);
  save_and_wait (fixture, editor);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM jaap_status_change c "
                                        "JOIN jaap_action a ON a.id = c.action_id "
                                        "WHERE a.activity = '" NEW_ACTIVITY "' "
                                        "AND c.status = 'ongoing' "
                                        "AND c.note = '" STATUS_NOTE "'"), ==, 1);
  row = find_row (fixture, NEW_ACTIVITY);
  g_assert_true (row_says (GTK_WIDGET (row), _("Ongoing")));

  /* A sub-action of it, in its group. */
  gtk_list_box_select_row (GTK_LIST_BOX (get_page_child (fixture, "plan_list")), row);
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "jaap.add-sub", NULL);
  editor = wait_for_editor ();
  type_text (editor, _("Agreed priority activity"), "ទិញស័ង្កសី");
  save_and_wait (fixture, editor);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM jaap_action c "
                                        "JOIN jaap_action p ON p.id = c.parent_id "
                                        "WHERE c.activity = 'ទិញស័ង្កសី' "
                                        "AND p.activity = '" NEW_ACTIVITY "' "
                                        "AND c.action_group = 'ka'"), ==, 1);
}

static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GHashTable) before = isaf_test_dump_file (fixture->path);
  g_autoptr(GHashTable) after = NULL;
  GtkWindow *editor;

  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "jaap.add", "s", "kha");
  editor = wait_for_editor ();
  type_text (editor, _("Agreed priority activity"), NEW_ACTIVITY);
  type_text (editor, _("Start"), "2025-09-01");
  type_text (editor, _("End"), "2025-08-01");
  /* The core's rule, checked in the form: no Save while the end is before the start. */
  g_assert_false (can_save (editor));
  type_text (editor, _("End"), "2025-10-01");
  g_assert_true (can_save (editor));
  type_number (fixture, editor, _("Beneficiaries"), 10);
  type_number (fixture, editor, _("Female beneficiaries"), 11);
  g_assert_false (can_save (editor));
  type_number (fixture, editor, _("Female beneficiaries"), 5);
  type_text (editor, _("Estimated cost"), "-5");
  g_assert_false (can_save (editor));
  save_screenshot (GTK_WIDGET (editor), "refused");
  gtk_window_close (editor);
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) editor_is_closed, fixture, TIMEOUT_SECONDS);

  after = isaf_test_dump_file (fixture->path);
  isaf_test_assert_dumps_equal (before, after);
}

static gboolean
toast_shown (Fixture *fixture)
{
  return fixture->toasts->len > 0;
}

static void
test_move_and_delete (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = find_plan_rows (fixture);
  g_autofree char *first = dup_row_activity (g_ptr_array_index (rows, 0));
  g_autofree char *second = NULL;
  GtkListBox *list = GTK_LIST_BOX (get_page_child (fixture, "plan_list"));
  GtkListBoxRow *row;
  gint64 live = count_rows (fixture, "SELECT count(*) FROM jaap_action WHERE deleted = 0");
  guint n_rows = rows->len;

  /* The demo's group ក has no sub-actions: its second action is the first's neighbour. */
  second = dup_row_activity (g_ptr_array_index (rows, 1));
  gtk_list_box_select_row (list, g_ptr_array_index (rows, 1));
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "jaap.move", "i", -1);
  ISAF_GUI_TEST_WAIT_FOR (({ g_autoptr(GPtrArray) now = find_plan_rows (fixture);
                             g_autofree char *top = dup_row_activity (g_ptr_array_index (now, 0));
                             g_str_equal (top, second); }), TIMEOUT_SECONDS);
  wait_until_ready (fixture);

  /* Delete the one now first; Undo brings it back. */
  row = find_row (fixture, second);
  gtk_list_box_select_row (list, row);
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "jaap.delete", NULL);
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) toast_shown, fixture, TIMEOUT_SECONDS);
  wait_until_ready (fixture);
  ISAF_GUI_TEST_WAIT_FOR (find_row (fixture, second) == NULL, TIMEOUT_SECONDS);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM jaap_action WHERE deleted = 0"),
                   <, live);

  adw_toast_dismiss (g_ptr_array_index (fixture->toasts, 0));
  g_signal_emit_by_name (g_ptr_array_index (fixture->toasts, 0), "button-clicked");
  ISAF_GUI_TEST_WAIT_FOR (find_row (fixture, second) != NULL, TIMEOUT_SECONDS);
  wait_until_ready (fixture);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM jaap_action WHERE deleted = 0"),
                   ==, live);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = find_plan_rows (fixture);
  g_assert_cmpuint (rows->len, ==, n_rows);
  g_assert_nonnull (find_row (fixture, first));
}

int
main (int   argc,
      char *argv[])
{
  isaf_gui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/jaap-page/plan", test_plan);
  ADD ("/jaap-page/add-and-edit", test_add_and_edit);
  ADD ("/jaap-page/refused", test_refused);
  ADD ("/jaap-page/move-and-delete", test_move_and_delete);

#undef ADD

  return g_test_run ();
}
