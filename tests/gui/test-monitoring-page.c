/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "isaf-context.h"
#include "isaf-database.h"
#include "isaf-demo.h"
#include "isaf-error.h"
#include "isaf-gui-test-helpers.h"
#include "isaf-gui-util.h"
#include "isaf-jaap.h"
#include "isaf-jaapc-meeting-editor.h"
#include "isaf-jaapc-meeting.h"
#include "isaf-monitoring-page.h"
#include "isaf-store.h"
#include "isaf-test-helpers.h"

/* The Monitoring page on a real demo database of Banteay Neang, in a window of 1366×768:
 * exactly the year's JAAP Committee meetings, newest first; the plan's actions with the
 * overdue ones counted and marked as SQL finds them; a meeting recorded through the editor
 * (two members ticked, one action completed with its cost) that lands as the rows SQL then
 * finds, the action's status and its dated history included; the newest meeting edited in
 * place; and two saves that write nothing: a member who had left the committee (refused by
 * the core with its sentence) and a negative cost (refused as typed, with the core's
 * sentence). */

#define YEAR 2025
#define TIMEOUT_SECONDS 30
#define WINDOW_WIDTH 1366
#define WINDOW_HEIGHT 768
/* 1024 pixels less the window's 230-pixel sidebar. */
#define NARROW_WIDTH 794
/* After the demo's last meeting of the year's plan (the 25th of June of the next year). */
#define NEW_DATE "2026-07-10"
#define LEFT_ON "2026-03-01"
#define COST 450000
#define NOTE "បានសាងសង់រួចរាល់"
#define DECISIONS "បន្តតាមដានការជួសជុលនៅខែក្រោយ"

#define YEAR_MEETINGS "SELECT count(*) FROM jaapc_meeting m JOIN cycle c ON c.id = m.cycle_id " \
                      "WHERE c.year = 2025 AND c.deleted = 0 AND m.deleted = 0"

typedef struct {
  char *dir;
  char *path;
  IsafDatabase *database;
  IsafStore *store;
  GSettings *settings;
  IsafContext *context;
  GtkWindow *window;
  IsafMonitoringPage *page;
  GPtrArray *changed_tables;
} Fixture;

/* What a refused save must leave as it was. */
typedef struct {
  gint64 meetings;
  gint64 attendance;
  gint64 progress;
  gint64 status_changes;
  gint64 actions_completed;
} Counts;

static void
on_data_changed_cb (Fixture    *fixture,
                    const char *table)
{
  g_ptr_array_add (fixture->changed_tables, g_strdup (table));
}

static gboolean
table_changed (Fixture    *fixture,
               const char *table)
{
  for (guint i = 0; i < fixture->changed_tables->len; i++)
    if (g_str_equal (g_ptr_array_index (fixture->changed_tables, i), table))
      return TRUE;
  return FALSE;
}

static gint64
count_rows (Fixture    *fixture,
            const char *sql)
{
  return isaf_test_run_query_int (fixture->database, sql);
}

static void
read_counts (Fixture *fixture,
             Counts  *counts)
{
  counts->meetings = count_rows (fixture, "SELECT count(*) FROM jaapc_meeting");
  counts->attendance = count_rows (fixture, "SELECT count(*) FROM jaapc_attendance");
  counts->progress = count_rows (fixture, "SELECT count(*) FROM jaap_progress");
  counts->status_changes = count_rows (fixture, "SELECT count(*) FROM jaap_status_change");
  counts->actions_completed = count_rows (fixture, "SELECT count(*) FROM jaap_action "
                                                   "WHERE status = 'completed'");
}

static void
assert_counts_equal (const Counts *before,
                     const Counts *after)
{
  g_assert_cmpint (after->meetings, ==, before->meetings);
  g_assert_cmpint (after->attendance, ==, before->attendance);
  g_assert_cmpint (after->progress, ==, before->progress);
  g_assert_cmpint (after->status_changes, ==, before->status_changes);
  g_assert_cmpint (after->actions_completed, ==, before->actions_completed);
}

/* Fixture ------------------------------------------------------------------------------- */

static gboolean
page_is_ready (Fixture *fixture)
{
  return gtk_widget_get_mapped (GTK_WIDGET (fixture->page))
         && !isaf_monitoring_page_get_loading (fixture->page);
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
  g_autoptr(GError) error = NULL;

  fixture->dir = isaf_gui_test_make_dir ("isaf-monitoring-page-XXXXXX");
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
  fixture->changed_tables = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect_swapped (fixture->context, "data-changed", G_CALLBACK (on_data_changed_cb),
                            fixture);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, WINDOW_WIDTH, WINDOW_HEIGHT);
  fixture->page = ISAF_MONITORING_PAGE (isaf_monitoring_page_new (fixture->context));
  g_assert_true (isaf_monitoring_page_get_loading (fixture->page));
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
  /* Editors left open go with their window. */
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      g_assert_false (ISAF_IS_JAAPC_MEETING_EDITOR (toplevel));
    }
  /* Let cancelled work report back to a page that is gone. */
  isaf_gui_test_iterate_for (100);
  g_assert_null (fixture->page);

  g_signal_handlers_disconnect_by_data (fixture->context, fixture);
  g_assert_finalize_object (fixture->context);
  g_ptr_array_unref (fixture->changed_tables);
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
                                                    ISAF_TYPE_MONITORING_PAGE, name));
}

static GPtrArray *
find_meeting_rows (Fixture *fixture)
{
  return isaf_gui_test_find_widgets (get_page_child (fixture, "meeting_list"),
                                     ADW_TYPE_ACTION_ROW);
}

static guint
count_meetings_shown (Fixture *fixture)
{
  g_autoptr(GPtrArray) rows = find_meeting_rows (fixture);

  return rows->len;
}

/* The labels under @root that read @text. */
static guint
count_labels (gpointer    root,
              const char *text)
{
  g_autoptr(GPtrArray) labels = isaf_gui_test_find_widgets (root, GTK_TYPE_LABEL);
  guint n = 0;

  for (guint i = 0; i < labels->len; i++)
    {
      g_autofree char *shown = isaf_gui_test_dup_label_text (g_ptr_array_index (labels, i));

      if (gtk_widget_get_visible (g_ptr_array_index (labels, i)) && g_str_equal (shown, text))
        n++;
    }
  return n;
}

static GtkWindow *
find_editor (void)
{
  return isaf_gui_test_find_toplevel (ISAF_TYPE_JAAPC_MEETING_EDITOR);
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

static gboolean
editor_message_shown (Fixture *fixture)
{
  GtkWindow *editor = find_editor ();

  return editor != NULL && gtk_widget_get_mapped (isaf_gui_test_find_editor_message (editor));
}

static GtkWidget *
get_save_button (GtkWindow *editor)
{
  return isaf_gui_test_find_button (editor, "editor.save");
}

/* A number as the user types it: in Khmer digits in the Khmer run. */
static void
type_number (Fixture   *fixture,
             GtkWidget *field,
             gint64     value)
{
  g_autofree char *text = isaf_context_format_integer (fixture->context, value);

  gtk_editable_set_text (GTK_EDITABLE (field), text);
}

/* The register as the core lists it, in the editor's order. */
static GPtrArray *
list_members (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *members = isaf_store_list (fixture->store, "jaapc_member", NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (members->len, >=, 3);
  return members;
}

static GtkWidget *
find_member_row (GtkWindow  *editor,
                 IsafRecord *member)
{
  g_autofree char *title = g_strdup_printf ("%s (%s)", isaf_record_get_text (member, "name_km"),
                                            isaf_record_get_text (member, "name_latin"));

  return isaf_gui_test_find_field (editor, title);
}

static GtkCheckButton *
find_member_check (GtkWindow  *editor,
                   IsafRecord *member)
{
  return isaf_gui_test_find_widget (find_member_row (editor, member), GTK_TYPE_CHECK_BUTTON);
}

/* The plan's actions in the editor, in the plan's order. */
static GPtrArray *
find_action_rows (GtkWindow *editor)
{
  return isaf_gui_test_find_widgets (editor, ADW_TYPE_EXPANDER_ROW);
}

static GtkWidget *
find_cost_field (GtkWidget *action_row)
{
  g_autofree char *title = g_strdup_printf (_("%s (Riel)"), _("Cost spent so far"));

  return isaf_gui_test_find_field (action_row, title);
}

/* Whether the committee reviewed the action: the switch of its first row. */
static GtkSwitch *
find_reviewed_switch (GtkWidget *action_row)
{
  return isaf_gui_test_find_widget (isaf_gui_test_find_field (action_row, _("Reviewed at this meeting")),
                                    GTK_TYPE_SWITCH);
}

static void
choose_status (GtkWidget      *action_row,
               IsafJaapStatus  status)
{
  GtkWidget *combo = isaf_gui_test_find_field (action_row, _("Status"));
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (combo));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_str_equal (gtk_string_object_get_string (item), isaf_jaap_status_get_label (status)))
        {
          adw_combo_row_set_selected (ADW_COMBO_ROW (combo), i);
          return;
        }
    }
  g_error ("No status “%s”", isaf_jaap_status_get_label (status));
}

/* Scrolls @widget's scrolled window so that @widget is near the top of what it shows. */
static void
scroll_to (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  graphene_rect_t bounds;

  /* Measured from the top of what scrolls, not of what is shown. */
  if (GTK_IS_VIEWPORT (content))
    content = gtk_viewport_get_child (GTK_VIEWPORT (content));
  isaf_gui_test_wait_for_frame (widget);
  g_assert_true (gtk_widget_compute_bounds (widget, content, &bounds));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)),
                            bounds.origin.y - 12);
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autofree char *file = g_strdup_printf ("monitoring-%s%s.png",
                                           isaf_gui_test_is_khmer_run () ? "km-" : "", name);

  isaf_gui_test_save_screenshot_in_dir (widget, file);
}

/* The year's plan as the core reads it. */
static IsafJaap *
load_plan (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  IsafJaap *jaap = isaf_jaap_load (fixture->store, YEAR, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (jaap->entries->len, >, 0);
  return jaap;
}

/* The first action of the plan with work still to do. */
static guint
find_open_action (IsafJaap *jaap)
{
  for (guint i = 0; i < jaap->entries->len; i++)
    if (isaf_jaap_status_is_open (isaf_jaap_entry_get_status (g_ptr_array_index (jaap->entries,
                                                                                 i))))
      return i;
  g_error ("No open action in the demo's plan");
}

static GtkWindow *
open_new_meeting (Fixture *fixture)
{
  GtkWindow *editor;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "monitoring.add", NULL));
  editor = wait_for_editor (fixture);
  g_assert_false (gtk_widget_is_sensitive (get_save_button (editor)));
  gtk_editable_set_text (GTK_EDITABLE (isaf_gui_test_find_field (editor, _("Date of the meeting"))), NEW_DATE);
  return editor;
}

/* Tests --------------------------------------------------------------------------------- */

/* Exactly the year's meetings, newest first; the overdue actions counted at the top and
 * marked on their rows as SQL finds them; a meeting opened from the list shows who came and
 * what it reviewed, with nothing to save until something changes. */
static void
test_meetings_and_overdue (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *today = isaf_jaap_dup_today ();
  g_autofree char *overdue_sql = g_strdup_printf (
    "SELECT count(*) FROM jaap_action a JOIN cycle c ON c.id = a.cycle_id "
    "WHERE c.year = %d AND c.deleted = 0 AND a.deleted = 0 AND a.end_on < '%s' "
    "AND a.status IN ('not_started', 'ongoing')", YEAR, today);
  gint64 n_overdue = count_rows (fixture, overdue_sql);
  gint64 n_meetings = count_rows (fixture, YEAR_MEETINGS);
  g_autoptr(GPtrArray) rows = find_meeting_rows (fixture);
  g_autoptr(GPtrArray) action_rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) meetings = isaf_jaapc_meeting_list (fixture->store, YEAR, &error);
  g_autofree char *latest = NULL;
  g_autofree char *first_title = NULL;
  g_autofree char *overdue_text = NULL;
  g_autofree char *expected_overdue = NULL;
  g_autofree char *count = NULL;
  IsafJaapcMeeting *newest;
  GtkRequisition minimum;
  GtkWindow *editor;
  guint n_checked = 0, n_reviewed = 0;

  /* It fits beside the sidebar of a 1024×768 screen too. */
  gtk_widget_get_preferred_size (GTK_WIDGET (fixture->page), &minimum, NULL);
  g_assert_cmpint (minimum.width, <=, NARROW_WIDTH);

  g_assert_no_error (error);
  g_assert_cmpint (n_meetings, >, 0);
  g_assert_cmpuint (rows->len, ==, n_meetings);
  g_assert_cmpuint (meetings->len, ==, n_meetings);

  /* The newest first. */
  newest = g_ptr_array_index (meetings, meetings->len - 1);
  latest = isaf_gui_format_date (fixture->context,
                                 isaf_record_get_text (newest->record, "held_on"));
  first_title = isaf_gui_test_dup_row_title (g_ptr_array_index (rows, 0));
  g_assert_true (g_str_has_prefix (first_title, latest));

  /* Overdue, at the top and on every action row. */
  g_test_message ("%" G_GINT64_FORMAT " actions overdue on %s", n_overdue, today);
  g_assert_cmpint (n_overdue, >, 0);
  g_assert_cmpuint (isaf_monitoring_page_get_n_overdue (fixture->page), ==, n_overdue);
  count = isaf_context_format_integer (fixture->context, n_overdue);
  expected_overdue = g_strdup_printf (ngettext ("%s action overdue", "%s actions overdue",
                                                n_overdue), count);
  overdue_text = isaf_gui_test_dup_label_text (get_page_child (fixture, "overdue_label"));
  g_assert_cmpstr (overdue_text, ==, expected_overdue);
  g_assert_cmpuint (count_labels (get_page_child (fixture, "actions_box"), _("Overdue")), ==,
                    n_overdue);
  action_rows = isaf_gui_test_find_widgets (get_page_child (fixture, "actions_box"),
                                            ADW_TYPE_ACTION_ROW);
  g_assert_cmpint (action_rows->len, ==,
                   count_rows (fixture, "SELECT count(*) FROM jaap_action a "
                                        "JOIN cycle c ON c.id = a.cycle_id "
                                        "WHERE c.year = 2025 AND a.deleted = 0"));

  save_screenshot (GTK_WIDGET (fixture->window), "meetings");
  scroll_to (get_page_child (fixture, "actions_box"));
  save_screenshot (GTK_WIDGET (fixture->window), "actions");

  /* The newest meeting, opened from its row. */
  g_signal_emit_by_name (get_page_child (fixture, "meeting_list"), "row-activated",
                         g_ptr_array_index (rows, 0));
  editor = wait_for_editor (fixture);
  {
    g_autoptr(GPtrArray) members = list_members (fixture);
    g_autoptr(GPtrArray) editor_rows = find_action_rows (editor);

    for (guint i = 0; i < members->len; i++)
      if (gtk_check_button_get_active (find_member_check (editor, g_ptr_array_index (members,
                                                                                     i))))
        n_checked++;
    for (guint i = 0; i < editor_rows->len; i++)
      if (gtk_switch_get_active (find_reviewed_switch (g_ptr_array_index (editor_rows, i))))
        n_reviewed++;
  }
  g_assert_cmpuint (n_checked, ==, newest->members->len);
  g_assert_cmpuint (n_reviewed, ==, newest->progress->len);
  g_assert_cmpuint (count_labels (editor, _("Overdue")), ==, n_overdue);
  g_assert_false (gtk_widget_is_sensitive (get_save_button (editor)));
  gtk_window_close (editor);
  isaf_gui_test_iterate_pending ();
  g_assert_null (find_editor ());
}

static gboolean
decisions_saved (Fixture *fixture)
{
  return find_editor () == NULL && !isaf_monitoring_page_get_loading (fixture->page)
         && count_rows (fixture, "SELECT count(*) FROM jaapc_meeting "
                                 "WHERE decisions = '" DECISIONS "'") == 1;
}

/* The newest meeting edited: its decisions retyped and one action no longer reviewed. The
 * same meeting is updated (no new row), its other progress and attendance kept, and the
 * progress of that action deleted. */
static void
test_edit_meeting (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = find_meeting_rows (fixture);
  g_autoptr(GPtrArray) action_rows = NULL;
  g_autoptr(GPtrArray) views = NULL;
  g_autofree char *meeting_sql = NULL;
  gint64 n_meetings = count_rows (fixture, "SELECT count(*) FROM jaapc_meeting");
  gint64 n_attendance = count_rows (fixture, "SELECT count(*) FROM jaapc_attendance "
                                             "WHERE deleted = 0");
  gint64 n_progress = count_rows (fixture, "SELECT count(*) FROM jaap_progress "
                                           "WHERE deleted = 0");
  GtkWidget *unreviewed = NULL;
  GtkWindow *editor;

  g_signal_emit_by_name (get_page_child (fixture, "meeting_list"), "row-activated",
                         g_ptr_array_index (rows, 0));
  editor = wait_for_editor (fixture);
  views = isaf_gui_test_find_widgets (editor, GTK_TYPE_TEXT_VIEW);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (g_ptr_array_index (views, 0)), DECISIONS,
                            -1);
  action_rows = find_action_rows (editor);
  for (guint i = 0; i < action_rows->len && unreviewed == NULL; i++)
    if (gtk_switch_get_active (find_reviewed_switch (g_ptr_array_index (action_rows, i))))
      unreviewed = g_ptr_array_index (action_rows, i);
  g_assert_nonnull (unreviewed);
  gtk_switch_set_active (find_reviewed_switch (unreviewed), FALSE);
  g_assert_true (gtk_widget_is_sensitive (get_save_button (editor)));
  gtk_widget_activate (get_save_button (editor));
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) decisions_saved, fixture, TIMEOUT_SECONDS);

  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM jaapc_meeting"), ==, n_meetings);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM jaapc_attendance "
                                        "WHERE deleted = 0"), ==, n_attendance);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM jaap_progress WHERE deleted = 0"),
                   ==, n_progress - 1);
  g_assert_cmpuint (count_meetings_shown (fixture), ==, count_rows (fixture, YEAR_MEETINGS));
}

static gboolean
new_meeting_listed (Fixture *fixture)
{
  return find_editor () == NULL && !isaf_monitoring_page_get_loading (fixture->page)
         && count_meetings_shown (fixture) == count_rows (fixture, YEAR_MEETINGS)
         && table_changed (fixture, "jaap_progress");
}

/* A meeting with two members present and one action completed, its cost typed: the rows SQL
 * finds, the action completed, and its history dated the day of the meeting. */
static void
test_add_meeting (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(IsafJaap) jaap = load_plan (fixture);
  g_autoptr(GPtrArray) members = list_members (fixture);
  guint index = find_open_action (jaap);
  IsafJaapEntry *entry = g_ptr_array_index (jaap->entries, index);
  g_autofree char *action_id = isaf_record_dup_id_string (entry->action);
  g_autofree char *sql = NULL;
  gint64 n_meetings = count_meetings_shown (fixture);
  g_autoptr(GPtrArray) action_rows = NULL;
  GtkWidget *action_row;
  GtkWindow *editor;

  editor = open_new_meeting (fixture);
  gtk_editable_set_text (GTK_EDITABLE (isaf_gui_test_find_field (editor, _("Place"))), "សាលាឃុំ");
  gtk_check_button_set_active (find_member_check (editor, g_ptr_array_index (members, 0)), TRUE);
  gtk_check_button_set_active (find_member_check (editor, g_ptr_array_index (members, 1)), TRUE);

  action_rows = find_action_rows (editor);
  g_assert_cmpuint (action_rows->len, ==, jaap->entries->len);
  action_row = g_ptr_array_index (action_rows, index);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (action_row), TRUE);
  choose_status (action_row, ISAF_JAAP_STATUS_COMPLETED);
  gtk_editable_set_text (GTK_EDITABLE (isaf_gui_test_find_field (action_row, _("Note"))), NOTE);
  type_number (fixture, find_cost_field (action_row), COST);
  g_assert_null (isaf_gui_test_dup_field_message (find_cost_field (action_row)));
  g_assert_true (gtk_switch_get_active (find_reviewed_switch (action_row)));
  g_assert_true (gtk_widget_is_sensitive (get_save_button (editor)));
  scroll_to (action_row);
  save_screenshot (GTK_WIDGET (editor), "editor");

  gtk_widget_activate (get_save_button (editor));
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) new_meeting_listed, fixture, TIMEOUT_SECONDS);
  g_assert_cmpuint (count_meetings_shown (fixture), ==, n_meetings + 1);

  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM jaapc_meeting "
                                        "WHERE held_on = '" NEW_DATE "' AND deleted = 0"), ==, 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM jaapc_attendance a "
                                        "JOIN jaapc_meeting m ON m.id = a.meeting_id "
                                        "WHERE m.held_on = '" NEW_DATE "' AND a.deleted = 0"),
                   ==, 2);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM jaap_progress p "
                                        "JOIN jaapc_meeting m ON m.id = p.meeting_id "
                                        "WHERE m.held_on = '" NEW_DATE "' AND p.deleted = 0"),
                   ==, 1);
  sql = g_strdup_printf ("SELECT count(*) FROM jaap_progress p "
                         "JOIN jaapc_meeting m ON m.id = p.meeting_id "
                         "WHERE m.held_on = '" NEW_DATE "' AND p.status = 'completed' "
                         "AND p.cost_spent_riel = %d AND p.note = '" NOTE "' "
                         "AND lower (hex (p.action_id)) = replace ('%s', '-', '')",
                         COST, action_id);
  g_assert_cmpint (count_rows (fixture, sql), ==, 1);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM jaap_action WHERE status = 'completed' "
                         "AND lower (hex (id)) = replace ('%s', '-', '')", action_id);
  g_assert_cmpint (count_rows (fixture, sql), ==, 1);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM jaap_status_change WHERE status = 'completed' "
                         "AND changed_on = '" NEW_DATE "' "
                         "AND lower (hex (action_id)) = replace ('%s', '-', '')", action_id);
  g_assert_cmpint (count_rows (fixture, sql), ==, 1);

  /* The page shows the action completed now, with the progress just recorded. */
  g_assert_true (table_changed (fixture, "jaap_action"));
  g_assert_cmpuint (isaf_monitoring_page_get_n_overdue (fixture->page), ==,
                    count_rows (fixture, "SELECT count(*) FROM jaap_action "
                                         "WHERE end_on < date ('now', 'localtime') "
                                         "AND status IN ('not_started', 'ongoing') "
                                         "AND deleted = 0"));
}

/* A member who left the committee before the meeting's date: greyed with why, and if ticked
 * anyway, Save shows the core's sentence and writes nothing. */
static void
test_not_a_member (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) members = list_members (fixture);
  IsafRecord *member = g_ptr_array_index (members, 2);
  g_autoptr(IsafJaapcMeeting) equivalent = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *left_date = NULL;
  g_autofree char *why = NULL;
  const char *subtitle;
  GtkWidget *row;
  GtkWindow *editor;
  Counts before, after;

  /* They left the committee on the Commune page. */
  isaf_record_set_text (member, "left_on", LEFT_ON);
  isaf_test_save (fixture->store, member, NULL);
  isaf_context_data_changed (fixture->context, "jaapc_member");
  wait_until_ready (fixture);
  read_counts (fixture, &before);

  /* What the core says about the same meeting. */
  equivalent = isaf_jaapc_meeting_new (YEAR, NULL);
  isaf_record_set_text (equivalent->record, "held_on", NEW_DATE);
  g_array_append_val (equivalent->members, *isaf_record_get_id (member));
  g_assert_false (isaf_jaapc_meeting_save (fixture->store, equivalent, &error));
  g_assert_error (error, ISAF_JAAP_ERROR, ISAF_JAAP_ERROR_NOT_MEMBER);
  expected = isaf_context_format_digits (fixture->context, error->message);

  editor = open_new_meeting (fixture);
  row = find_member_row (editor, member);
  g_assert_true (gtk_widget_has_css_class (row, "dim-label"));
  g_assert_false (gtk_widget_has_css_class (find_member_row (editor, g_ptr_array_index (members,
                                                                                         0)),
                                            "dim-label"));
  left_date = isaf_gui_format_date (fixture->context, LEFT_ON);
  why = g_strdup_printf (_("Not on the committee that day: left on %s"), left_date);
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  {
    g_autofree char *plain = isaf_gui_test_strip_zwsp (subtitle);

    g_assert_nonnull (strstr (plain, why));
  }

  gtk_check_button_set_active (find_member_check (editor, member), TRUE);
  g_assert_true (gtk_widget_is_sensitive (get_save_button (editor)));
  gtk_widget_activate (get_save_button (editor));
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) editor_message_shown, fixture,
                            TIMEOUT_SECONDS);
  shown = isaf_gui_test_dup_label_text (isaf_gui_test_find_editor_message (editor));
  g_assert_cmpstr (shown, ==, expected);
  g_assert_true (editor_is_open (fixture));
  isaf_gui_test_iterate_for (100);
  read_counts (fixture, &after);
  assert_counts_equal (&before, &after);
  g_assert_false (table_changed (fixture, "jaapc_meeting"));
  save_screenshot (GTK_WIDGET (editor), "editor-refused");
}

/* A negative cost: the core's sentence under the field as it is typed, Save held back, and
 * nothing written even when Save is asked for. */
static void
test_negative_cost (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(IsafJaap) jaap = load_plan (fixture);
  g_autoptr(GPtrArray) members = list_members (fixture);
  g_autoptr(IsafJaapcMeeting) equivalent = NULL;
  g_autoptr(GPtrArray) action_rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  IsafJaapEntry *entry = g_ptr_array_index (jaap->entries, 0);
  IsafRecord *progress;
  GtkWidget *action_row, *cost;
  GtkWindow *editor;
  Counts before, after;

  read_counts (fixture, &before);

  /* What the core says about the same progress. */
  equivalent = isaf_jaapc_meeting_new (YEAR, NULL);
  isaf_record_set_text (equivalent->record, "held_on", NEW_DATE);
  progress = isaf_jaapc_meeting_set_progress (equivalent, isaf_record_get_id (entry->action));
  isaf_record_set_text (progress, "status", "ongoing");
  isaf_record_set_integer (progress, "cost_spent_riel", -5);
  g_assert_false (isaf_jaapc_meeting_save (fixture->store, equivalent, &error));
  g_assert_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_NEGATIVE);

  editor = open_new_meeting (fixture);
  gtk_check_button_set_active (find_member_check (editor, g_ptr_array_index (members, 0)), TRUE);
  action_rows = find_action_rows (editor);
  action_row = g_ptr_array_index (action_rows, 0);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (action_row), TRUE);
  cost = find_cost_field (action_row);
  type_number (fixture, cost, -5);
  message = isaf_gui_test_dup_field_message (cost);
  g_assert_cmpstr (message, ==, error->message);
  g_assert_true (gtk_switch_get_active (find_reviewed_switch (action_row)));
  g_assert_false (gtk_widget_is_sensitive (get_save_button (editor)));
  scroll_to (action_row);
  save_screenshot (GTK_WIDGET (editor), "editor-negative-cost");

  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  isaf_gui_test_iterate_for (200);
  g_assert_true (editor_is_open (fixture));
  read_counts (fixture, &after);
  assert_counts_equal (&before, &after);
  g_assert_false (table_changed (fixture, "jaapc_meeting"));

  /* Fixed, it saves. */
  type_number (fixture, cost, 5000);
  g_assert_null (isaf_gui_test_dup_field_message (cost));
  g_assert_true (gtk_widget_is_sensitive (get_save_button (editor)));
}

int
main (int   argc,
      char *argv[])
{
  isaf_gui_test_init (&argc, &argv);
  adw_init ();
  /* Screenshots show rows as they settle, not halfway through an animation. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  /* The application's style sheet (its status pills), which AdwApplication would load. */
  {
    g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (provider, "/kh/gov/ncdd/IsafCommune/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (provider),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add ("/monitoring-page/meetings-and-overdue", Fixture, NULL, fixture_set_up,
              test_meetings_and_overdue, fixture_tear_down);
  g_test_add ("/monitoring-page/edit-meeting", Fixture, NULL, fixture_set_up, test_edit_meeting,
              fixture_tear_down);
  g_test_add ("/monitoring-page/add-meeting", Fixture, NULL, fixture_set_up, test_add_meeting,
              fixture_tear_down);
  g_test_add ("/monitoring-page/not-a-member", Fixture, NULL, fixture_set_up,
              test_not_a_member, fixture_tear_down);
  g_test_add ("/monitoring-page/negative-cost", Fixture, NULL, fixture_set_up,
              test_negative_cost, fixture_tear_down);

  return g_test_run ();
}
