/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "isaf-context.h"
#include "isaf-database.h"
#include "isaf-demo.h"
#include "isaf-error.h"
#include "isaf-gui-test-helpers.h"
#include "isaf-interface-editor.h"
#include "isaf-interface-meeting.h"
#include "isaf-interface-page.h"
#include "isaf-score-comparison-chart.h"
#include "isaf-store.h"
#include "isaf-test-helpers.h"

/* The Interface meeting page on a real demo database of Banteay Neang, in a window the size
 * of what a 1024×768 screen leaves beside the main window's sidebar: the year's meeting with
 * the medians the core computes, drawn per unit and indicator; a meeting recorded through
 * the editor (priorities typed and made from suggestions with one click) whose selected
 * priorities become draft JAAP actions of group ខ; and a save the core refuses (a priority
 * for a unit the meeting did not cover) shown where it can be fixed, with nothing written. */

#define YEAR 2025
#define TIMEOUT_SECONDS 30
/* 1024 pixels less the window's 230-pixel sidebar; 768 less the header bar. */
#define PAGE_WIDTH 794
#define PAGE_HEIGHT 700
#define NEW_DATE "2025-06-20"
#define TYPED_PRIORITY "ជួសជុលបង្គន់អនាម័យនៅមណ្ឌលសុខភាព"

typedef struct {
  char *dir;
  char *path;
  IsafDatabase *database;
  IsafStore *store;
  GSettings *settings;
  IsafContext *context;
  GtkWindow *window;
  IsafInterfacePage *page;
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

/* The id and Khmer name of the demo's unit of @kind (the first, by code). */
static void
find_unit (Fixture    *fixture,
           const char *kind,
           IsafUuid   *id,
           char      **name)
{
  sqlite3 *conn = isaf_test_sqlite_open (fixture->path, SQLITE_OPEN_READONLY);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (conn, "SELECT id, name_km FROM service_unit "
                                             "WHERE kind = ?1 AND deleted = 0 ORDER BY code",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  memcpy (id->bytes, sqlite3_column_blob (stmt, 0), 16);
  *name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
}

static gboolean
find_new_meeting (Fixture  *fixture,
                  IsafUuid *id)
{
  sqlite3 *conn = isaf_test_sqlite_open (fixture->path, SQLITE_OPEN_READONLY);
  sqlite3_stmt *stmt = NULL;
  gboolean found;

  g_assert_cmpint (sqlite3_prepare_v2 (conn, "SELECT id FROM interface_meeting "
                                             "WHERE held_on = '" NEW_DATE "' AND deleted = 0",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    memcpy (id->bytes, sqlite3_column_blob (stmt, 0), 16);
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
  return found;
}

/* Fixture ------------------------------------------------------------------------------- */

static gboolean
page_is_ready (Fixture *fixture)
{
  return gtk_widget_get_mapped (GTK_WIDGET (fixture->page))
         && !isaf_interface_page_get_loading (fixture->page);
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

  fixture->dir = isaf_gui_test_make_dir ("isaf-interface-page-XXXXXX");
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
  fixture->toasts = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect_swapped (fixture->context, "data-changed", G_CALLBACK (on_data_changed_cb),
                            fixture);
  g_signal_connect_swapped (fixture->context, "toast", G_CALLBACK (on_toast_cb), fixture);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, PAGE_WIDTH, PAGE_HEIGHT);
  fixture->page = ISAF_INTERFACE_PAGE (isaf_interface_page_new (fixture->context));
  g_assert_true (isaf_interface_page_get_loading (fixture->page));
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

      g_assert_false (ISAF_IS_INTERFACE_EDITOR (toplevel));
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
  g_free (fixture->path);
  isaf_gui_test_remove_dir (fixture->dir);
}

/* Widgets ------------------------------------------------------------------------------- */

static GtkWidget *
get_page_child (Fixture    *fixture,
                const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->page),
                                                    ISAF_TYPE_INTERFACE_PAGE, name));
}

static guint
count_meetings_shown (Fixture *fixture)
{
  g_autoptr(GPtrArray) rows = isaf_gui_test_find_widgets (get_page_child (fixture,
                                                                          "meeting_list"),
                                                          ADW_TYPE_ACTION_ROW);

  return rows->len;
}

static GtkWindow *
find_editor (void)
{
  return isaf_gui_test_find_toplevel (ISAF_TYPE_INTERFACE_EDITOR);
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

/* The rows of @root titled @title, in tree order. */
static GPtrArray *
find_fields (gpointer    root,
             const char *title)
{
  g_autoptr(GPtrArray) rows = isaf_gui_test_find_widgets (root, ADW_TYPE_PREFERENCES_ROW);
  GPtrArray *found = g_ptr_array_new ();

  for (guint i = 0; i < rows->len; i++)
    {
      g_autofree char *row_title = isaf_gui_test_dup_row_title (g_ptr_array_index (rows, i));

      if (g_str_equal (row_title, title))
        g_ptr_array_add (found, g_ptr_array_index (rows, i));
    }
  return found;
}

static GtkWidget *
find_field (gpointer    root,
            const char *title)
{
  g_autoptr(GPtrArray) found = find_fields (root, title);

  if (found->len == 0)
    g_error ("No field “%s”", title);
  return g_ptr_array_index (found, 0);
}

static GtkCheckButton *
find_unit_check (GtkWindow  *editor,
                 const char *name)
{
  g_autoptr(GPtrArray) rows = find_fields (editor, name);

  for (guint i = 0; i < rows->len; i++)
    if (ADW_IS_ACTION_ROW (g_ptr_array_index (rows, i)))
      return isaf_gui_test_find_widget (g_ptr_array_index (rows, i), GTK_TYPE_CHECK_BUTTON);
  g_error ("No unit “%s”", name);
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

static void
type_text (GtkWidget  *field,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (field), text);
}

/* A number as the user types it: in Khmer digits in the Khmer run. */
static void
type_number (Fixture   *fixture,
             GtkWidget *field,
             gint64     value)
{
  g_autofree char *text = isaf_context_format_integer (fixture->context, value);

  type_text (field, text);
}

/* The priorities of the editor, in order. */
static GPtrArray *
find_priorities (GtkWindow *editor)
{
  return isaf_gui_test_find_widgets (editor, ADW_TYPE_EXPANDER_ROW);
}

static GtkWidget *
find_priority (GtkWindow *editor,
               guint      position)
{
  g_autoptr(GPtrArray) rows = find_priorities (editor);
  guint n = 0;

  /* Expander rows with a Priority field: the suggestions' are per unit. */
  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(GPtrArray) fields = find_fields (g_ptr_array_index (rows, i), _("Priority"));

      if (fields->len > 0 && n++ == position)
        return g_ptr_array_index (rows, i);
    }
  g_error ("No priority %u", position);
}

static GtkWidget *
find_add_priority (GtkWindow *editor)
{
  g_autoptr(GPtrArray) buttons = isaf_gui_test_find_widgets (editor, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *child = gtk_button_get_child (g_ptr_array_index (buttons, i));

      if (ADW_IS_BUTTON_CONTENT (child)
          && g_strcmp0 (adw_button_content_get_label (ADW_BUTTON_CONTENT (child)),
                        _("Add _Priority")) == 0)
        return g_ptr_array_index (buttons, i);
    }
  g_error ("No Add Priority button");
}

/* The buttons that make a suggested action a priority, in order. */
static GPtrArray *
find_suggestion_buttons (GtkWindow *editor)
{
  g_autoptr(GPtrArray) buttons = isaf_gui_test_find_widgets (editor, GTK_TYPE_BUTTON);
  GPtrArray *found = g_ptr_array_new ();

  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);

      if (g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (button)), "list-add-symbolic") == 0
          && gtk_widget_get_ancestor (button, ADW_TYPE_EXPANDER_ROW) != NULL)
        g_ptr_array_add (found, button);
    }
  return found;
}

static gboolean
suggestions_shown (GtkWindow *editor)
{
  g_autoptr(GPtrArray) buttons = find_suggestion_buttons (editor);

  return buttons->len >= 2;
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
  g_autofree char *file = g_strdup_printf ("interface-%s%s.png",
                                           isaf_gui_test_is_khmer_run () ? "km-" : "", name);

  isaf_gui_test_save_screenshot_in_dir (widget, file);
}

/* The year's meeting as the core lists it (the demo's has one). */
static IsafInterfaceMeeting *
list_one_meeting (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) meetings = isaf_interface_meeting_list (fixture->store, YEAR, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (meetings->len, ==, 1);
  return isaf_interface_meeting_ref (g_ptr_array_index (meetings, 0));
}

/* Tests --------------------------------------------------------------------------------- */

/* The demo's meeting, chosen at once, shows for every indicator of the units it covered the
 * medians the core computes, as bars and as words, with "No result" for a side nobody
 * scored. */
static void
test_comparison (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(IsafInterfaceMeeting) meeting = list_one_meeting (fixture);
  g_autoptr(GPtrArray) comparisons = NULL;
  g_autoptr(GPtrArray) charts = NULL;
  g_autoptr(GPtrArray) priority_rows = NULL;
  g_autoptr(GError) error = NULL;
  IsafDigits digits = isaf_context_get_digits (fixture->context);
  GtkRequisition minimum;
  guint n_both = 0, n_one_side = 0, n_gaps = 0, position = 0;

  /* It fits beside the sidebar of a 1024×768 screen. */
  gtk_widget_get_preferred_size (GTK_WIDGET (fixture->page), &minimum, NULL);
  g_assert_cmpint (minimum.width, <=, PAGE_WIDTH);

  g_assert_cmpuint (count_meetings_shown (fixture), ==, 1);
  g_assert_true (gtk_widget_get_visible (get_page_child (fixture, "comparison_box")));

  comparisons = isaf_interface_compare (fixture->database, YEAR, meeting->units, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (comparisons->len, >=, meeting->units->len * 5);

  /* Unit by unit in the meeting's order, then indicator by indicator in the core's. */
  charts = isaf_gui_test_find_widgets (fixture->page, ISAF_TYPE_SCORE_COMPARISON_CHART);
  g_assert_cmpuint (charts->len, ==, comparisons->len);
  for (guint u = 0; u < meeting->units->len; u++)
    for (guint i = 0; i < comparisons->len; i++)
      {
        IsafInterfaceComparison *comparison = g_ptr_array_index (comparisons, i);
        IsafScoreComparisonChart *chart;
        g_autofree char *gap = NULL;
        g_autofree char *expected_gap = NULL;
        double median = -1;

        if (!isaf_uuid_equal (&comparison->unit_id,
                              &g_array_index (meeting->units, IsafUuid, u)))
          continue;
        chart = g_ptr_array_index (charts, position++);

        g_assert_cmpint (isaf_score_comparison_chart_get_citizen_median (chart, &median), ==,
                         comparison->has_citizen_median);
        if (comparison->has_citizen_median)
          g_assert_cmpfloat (median, ==, comparison->citizen_median);
        g_assert_cmpint (isaf_score_comparison_chart_get_provider_median (chart, &median), ==,
                         comparison->has_provider_median);
        if (comparison->has_provider_median)
          g_assert_cmpfloat (median, ==, comparison->provider_median);

        /* The gap in words, under the chart. */
        gap = isaf_gui_test_dup_label_text (gtk_widget_get_next_sibling (GTK_WIDGET (chart)));
        expected_gap = isaf_score_comparison_dup_gap_text (comparison, digits);
        g_assert_cmpstr (gap, ==, expected_gap);
        if (comparison->has_citizen_median && comparison->has_provider_median)
          n_both++;
        else
          n_one_side++;
        if (isaf_score_comparison_get_gap_size (comparison) >= ISAF_SCORE_GAP_MEDIUM)
          n_gaps++;
      }
  g_assert_cmpuint (position, ==, charts->len);
  g_test_message ("%u indicators, %u scored by both sides, %u with a gap of half a point or "
                  "more", comparisons->len, n_both, n_gaps);
  g_assert_cmpuint (n_both, >, 0);
  /* The demo's citizens' own indicators were not scored by the providers: "No result". */
  g_assert_cmpuint (n_one_side, >, 0);

  /* A side nobody scored is "No result", never a zero. */
  {
    g_autofree char *none = isaf_score_comparison_dup_median_text (FALSE, 0, digits);
    g_autofree char *half = isaf_score_comparison_dup_median_text (TRUE, 3.5, digits);
    g_autofree char *expected_half = isaf_context_format_digits (fixture->context, "3.5");

    g_assert_cmpstr (none, ==, _("No result"));
    g_assert_cmpstr (half, ==, expected_half);
  }

  /* The meeting's priorities, with whether each was selected. */
  priority_rows = isaf_gui_test_find_widgets (get_page_child (fixture, "priorities_group"),
                                              ADW_TYPE_ACTION_ROW);
  g_assert_cmpuint (priority_rows->len, ==, meeting->priorities->len);

  save_screenshot (GTK_WIDGET (fixture->window), "meetings");
  scroll_to (gtk_widget_get_ancestor (g_ptr_array_index (charts, 0), ADW_TYPE_PREFERENCES_GROUP));
  save_screenshot (GTK_WIDGET (fixture->window), "comparison");
}

static gboolean
suggestions_ready (Fixture *fixture)
{
  GtkWindow *editor = find_editor ();

  return editor != NULL && suggestions_shown (editor);
}

static gboolean
new_meeting_listed (Fixture *fixture)
{
  return find_editor () == NULL && !isaf_interface_page_get_loading (fixture->page)
         && count_meetings_shown (fixture) == 2;
}

static gboolean
toast_after (Fixture *fixture)
{
  return fixture->toasts->len >= 2;
}

/* A meeting recorded through the editor with two priorities made from suggestions and one
 * typed, all three selected; then its selected priorities become three draft JAAP actions in
 * group ខ, linked to them. */
static void
test_add_and_draft (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *office_name = NULL, *health_name = NULL;
  g_autofree char *expected_toast = NULL;
  g_autofree char *count = NULL;
  g_autoptr(GPtrArray) suggestions = NULL;
  IsafUuid office, health, meeting_id;
  gint64 n_priorities_before = count_rows (fixture, "SELECT count(*) FROM interface_priority");
  gint64 n_actions_before = count_rows (fixture, "SELECT count(*) FROM jaap_action");
  AdwMessageDialog *dialog;
  GtkWidget *priority, *button = NULL;
  GtkWindow *editor;

  find_unit (fixture, "commune_office", &office, &office_name);
  find_unit (fixture, "health_centre", &health, &health_name);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "interface.add", NULL));
  editor = wait_for_editor (fixture);
  g_assert_false (gtk_widget_is_sensitive (get_save_button (editor)));

  type_text (find_field (editor, _("Date of the meeting")), NEW_DATE);
  gtk_check_button_set_active (find_unit_check (editor, office_name), TRUE);
  gtk_check_button_set_active (find_unit_check (editor, health_name), TRUE);
  type_number (fixture, find_field (editor, isaf_interface_attendance_get_label (ISAF_INTERFACE_CITIZEN_WOMEN)), 21);
  type_number (fixture, find_field (editor, isaf_interface_attendance_get_label (ISAF_INTERFACE_CITIZEN_MEN)), 14);
  type_number (fixture, find_field (editor, isaf_interface_attendance_get_label (ISAF_INTERFACE_PROVIDER)), 6);
  type_number (fixture, find_field (editor, isaf_interface_attendance_get_label (ISAF_INTERFACE_COUNCIL)), 4);
  g_assert_true (gtk_widget_is_sensitive (get_save_button (editor)));

  /* A count that is not a number is refused as it is typed. */
  {
    GtkWidget *caf = find_field (editor, isaf_interface_attendance_get_label (ISAF_INTERFACE_CAF));
    g_autofree char *message = NULL;

    type_text (caf, "three");
    message = isaf_gui_test_dup_field_message (caf);
    g_assert_nonnull (message);
    g_assert_nonnull (strstr (message, isaf_interface_attendance_get_label (ISAF_INTERFACE_CAF)));
    g_assert_false (gtk_widget_is_sensitive (get_save_button (editor)));
    type_number (fixture, caf, 3);
    g_assert_null (isaf_gui_test_dup_field_message (caf));
  }

  /* Two of the actions the scorecards suggested, with a click each. */
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) suggestions_ready, fixture, TIMEOUT_SECONDS);
  suggestions = find_suggestion_buttons (editor);
  g_signal_emit_by_name (g_ptr_array_index (suggestions, 0), "clicked");
  /* Once a priority, a suggestion is not offered twice. */
  g_assert_false (gtk_widget_is_sensitive (g_ptr_array_index (suggestions, 0)));
  g_signal_emit_by_name (g_ptr_array_index (suggestions, 1), "clicked");
  g_assert_cmpuint (find_priorities (editor)->len, >=, 2);

  /* An empty priority holds Save back until it is removed. */
  g_signal_emit_by_name (find_add_priority (editor), "clicked");
  g_assert_false (gtk_widget_is_sensitive (get_save_button (editor)));
  g_signal_emit_by_name (find_field (find_priority (editor, 2), _("Remove this priority")),
                         "activated");
  g_assert_true (gtk_widget_is_sensitive (get_save_button (editor)));

  /* And one typed, for the health centre. */
  g_signal_emit_by_name (find_add_priority (editor), "clicked");
  priority = find_priority (editor, 2);
  g_assert_false (gtk_widget_is_sensitive (get_save_button (editor)));
  type_text (find_field (priority, _("Priority")), TYPED_PRIORITY);
  isaf_gui_test_choose (find_field (priority, _("Service unit")), health_name);

  for (guint i = 0; i < 3; i++)
    {
      GtkWidget *row = find_priority (editor, i);
      GtkCheckButton *selected = isaf_gui_test_find_widget (row, GTK_TYPE_CHECK_BUTTON);

      gtk_check_button_set_active (selected, TRUE);
      type_number (fixture, find_field (row, _("Votes")), 20 - 3 * i);
    }
  g_assert_true (gtk_widget_is_sensitive (get_save_button (editor)));
  scroll_to (find_priority (editor, 0));
  save_screenshot (GTK_WIDGET (editor), "editor");

  gtk_widget_activate (get_save_button (editor));
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) new_meeting_listed, fixture, TIMEOUT_SECONDS);
  g_assert_true (table_changed (fixture, "interface_priority"));
  g_assert_true (find_new_meeting (fixture, &meeting_id));
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM interface_meeting"), ==, 2);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM interface_priority"), ==,
                   n_priorities_before + 3);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM interface_priority p "
                                        "JOIN interface_meeting m ON m.id = p.meeting_id "
                                        "WHERE m.held_on = '" NEW_DATE "' AND p.is_selected = 1"),
                   ==, 3);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM interface_meeting_unit l "
                                        "JOIN interface_meeting m ON m.id = l.meeting_id "
                                        "WHERE m.held_on = '" NEW_DATE "'"), ==, 2);
  g_assert_cmpint (count_rows (fixture, "SELECT sum (count) FROM interface_attendance a "
                                        "JOIN interface_meeting m ON m.id = a.meeting_id "
                                        "WHERE m.held_on = '" NEW_DATE "'"), ==, 48);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM interface_priority "
                                        "WHERE text = '" TYPED_PRIORITY "' AND votes = 14"),
                   ==, 1);

  /* Draft JAAP actions, group ខ. */
  g_assert_true (isaf_interface_page_choose_meeting (fixture->page, &meeting_id));
  wait_until_ready (fixture);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "interface.draft-jaap",
                                             NULL));
  isaf_gui_test_iterate_pending ();
  dialog = isaf_gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  isaf_gui_test_wait_for_frame (GTK_WIDGET (dialog));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "draft"));
  {
    g_autoptr(GPtrArray) checks = isaf_gui_test_find_widgets (dialog, GTK_TYPE_CHECK_BUTTON);
    g_autoptr(GPtrArray) buttons = NULL;

    g_assert_cmpuint (checks->len, ==, 2);
    gtk_check_button_set_active (g_ptr_array_index (checks, 1), TRUE);
    g_assert_true (adw_message_dialog_get_response_enabled (dialog, "draft"));
    save_screenshot (GTK_WIDGET (dialog), "draft");

    button = NULL;
    buttons = isaf_gui_test_find_widgets (dialog, GTK_TYPE_BUTTON);
    /* The dialog has a button per layout (side by side, or stacked): the one shown. */
    for (guint i = 0; i < buttons->len; i++)
      if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, i)),
                     _("_Draft Actions")) == 0
          && gtk_widget_get_mapped (g_ptr_array_index (buttons, i)))
        button = g_ptr_array_index (buttons, i);
    g_assert_nonnull (button);
    gtk_widget_activate (button);
  }
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) toast_after, fixture, TIMEOUT_SECONDS);

  count = isaf_context_format_integer (fixture->context, 3);
  expected_toast = g_strdup_printf (ngettext ("%s draft action added to the JAAP",
                                              "%s draft actions added to the JAAP", 3), count);
  g_assert_cmpstr (adw_toast_get_title (g_ptr_array_index (fixture->toasts, 1)), ==,
                   expected_toast);
  g_assert_true (table_changed (fixture, "jaap_action"));
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM jaap_action"), ==,
                   n_actions_before + 3);
  /* Each linked to its priority, its unit and indicator, with its text, not started, in ខ. */
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM jaap_action a "
                                        "JOIN interface_priority p ON p.id = a.priority_id "
                                        "JOIN interface_meeting m ON m.id = p.meeting_id "
                                        "WHERE m.held_on = '" NEW_DATE "' "
                                        "AND a.action_group = 'kha' "
                                        "AND a.status = 'not_started' "
                                        "AND a.activity = p.text "
                                        "AND a.service_unit_id IS p.service_unit_id "
                                        "AND a.scorecard_indicator_id IS p.scorecard_indicator_id "
                                        "AND a.cycle_id = m.cycle_id AND a.deleted = 0"),
                   ==, 3);
  /* The two made from suggestions answer an indicator. */
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM jaap_action a "
                                        "JOIN interface_priority p ON p.id = a.priority_id "
                                        "JOIN interface_meeting m ON m.id = p.meeting_id "
                                        "WHERE m.held_on = '" NEW_DATE "' "
                                        "AND a.scorecard_indicator_id IS NOT NULL"),
                   >=, 2);
}

/* A priority for a unit the meeting did not cover: Save shows the core's sentence at the top
 * and under the priority's unit, and nothing is written until it is fixed. */
static void
test_refused_save (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *office_name = NULL, *health_name = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *under_unit = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafInterfaceMeeting) equivalent = NULL;
  g_autoptr(IsafRecord) priority_record = NULL;
  gint64 n_meetings = count_rows (fixture, "SELECT count(*) FROM interface_meeting");
  gint64 n_priorities = count_rows (fixture, "SELECT count(*) FROM interface_priority");
  IsafUuid office, health;
  GtkWidget *priority, *unit_field;
  GtkWindow *editor;

  find_unit (fixture, "commune_office", &office, &office_name);
  find_unit (fixture, "health_centre", &health, &health_name);

  /* What the core says about the same meeting. */
  equivalent = isaf_interface_meeting_new (YEAR, NULL);
  isaf_record_set_text (equivalent->record, "held_on", NEW_DATE);
  g_array_append_val (equivalent->units, office);
  priority_record = isaf_record_new ("interface_priority");
  isaf_record_set_text (priority_record, "text", TYPED_PRIORITY);
  isaf_record_set_reference (priority_record, "service_unit_id", &health);
  g_ptr_array_add (equivalent->priorities, g_object_ref (priority_record));
  g_assert_false (isaf_interface_meeting_save (fixture->store, equivalent, &error));
  g_assert_error (error, ISAF_INTERFACE_ERROR, ISAF_INTERFACE_ERROR_UNIT_NOT_COVERED);
  expected = isaf_context_format_digits (fixture->context, error->message);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "interface.add", NULL));
  editor = wait_for_editor (fixture);
  type_text (find_field (editor, _("Date of the meeting")), NEW_DATE);
  gtk_check_button_set_active (find_unit_check (editor, office_name), TRUE);
  g_signal_emit_by_name (find_add_priority (editor), "clicked");
  priority = find_priority (editor, 0);
  type_text (find_field (priority, _("Priority")), TYPED_PRIORITY);
  unit_field = find_field (priority, _("Service unit"));
  isaf_gui_test_choose (unit_field, health_name);
  gtk_check_button_set_active (isaf_gui_test_find_widget (priority, GTK_TYPE_CHECK_BUTTON), TRUE);
  g_assert_true (gtk_widget_is_sensitive (get_save_button (editor)));

  gtk_widget_activate (get_save_button (editor));
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) editor_message_shown, fixture,
                            TIMEOUT_SECONDS);
  shown = isaf_gui_test_dup_label_text (isaf_gui_test_find_editor_message (editor));
  g_assert_cmpstr (shown, ==, expected);
  under_unit = isaf_gui_test_dup_field_message (unit_field);
  g_assert_cmpstr (under_unit, ==, expected);
  g_assert_true (editor_is_open (fixture));
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM interface_meeting"), ==,
                   n_meetings);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM interface_priority"), ==,
                   n_priorities);
  g_assert_false (table_changed (fixture, "interface_meeting"));
  save_screenshot (GTK_WIDGET (editor), "editor-refused");
  scroll_to (unit_field);
  save_screenshot (GTK_WIDGET (editor), "editor-refused-priority");

  /* Fixed by covering the unit too, it saves. */
  gtk_check_button_set_active (find_unit_check (editor, health_name), TRUE);
  gtk_widget_activate (get_save_button (editor));
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) new_meeting_listed, fixture, TIMEOUT_SECONDS);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM interface_priority"), ==,
                   n_priorities + 1);
}

static gboolean
votes_saved (Fixture *fixture)
{
  return find_editor () == NULL
         && count_rows (fixture, "SELECT count(*) FROM interface_priority WHERE votes = 99") == 1;
}

static gboolean
indicators_named (GtkWindow *editor)
{
  g_autoptr(GPtrArray) combos = find_fields (editor, _("Indicator it answers"));

  for (guint i = 0; i < combos->len; i++)
    {
      GListModel *model = adw_combo_row_get_model (g_ptr_array_index (combos, i));
      guint selected = adw_combo_row_get_selected (g_ptr_array_index (combos, i));
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, selected);

      if (g_str_equal (gtk_string_object_get_string (item), _("Reading the indicators…")))
        return FALSE;
    }
  return TRUE;
}

/* The demo's meeting opened from the page: nothing to save until something changes; a vote
 * changed updates that priority only, keeping every other row as it was. */
static void
test_edit (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(IsafInterfaceMeeting) meeting = list_one_meeting (fixture);
  gint64 n_priorities = count_rows (fixture, "SELECT count(*) FROM interface_priority");
  gint64 n_selected = count_rows (fixture, "SELECT count(*) FROM interface_priority "
                                           "WHERE is_selected = 1");
  gint64 n_with_indicator = count_rows (fixture, "SELECT count(*) FROM interface_priority "
                                                 "WHERE scorecard_indicator_id IS NOT NULL");
  GtkWindow *editor;
  GtkWidget *first;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "interface.edit", NULL));
  editor = wait_for_editor (fixture);
  g_assert_cmpuint (find_priorities (editor)->len, >=, meeting->priorities->len);
  g_assert_false (gtk_widget_is_sensitive (get_save_button (editor)));
  ISAF_GUI_TEST_WAIT_FOR (indicators_named (editor), TIMEOUT_SECONDS);
  g_assert_false (gtk_widget_is_sensitive (get_save_button (editor)));

  first = find_priority (editor, 0);
  type_number (fixture, find_field (first, _("Votes")), 99);
  g_assert_true (gtk_widget_is_sensitive (get_save_button (editor)));
  gtk_widget_activate (get_save_button (editor));
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) votes_saved, fixture, TIMEOUT_SECONDS);

  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM interface_priority"), ==,
                   n_priorities);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM interface_priority "
                                        "WHERE is_selected = 1"), ==, n_selected);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM interface_priority "
                                        "WHERE scorecard_indicator_id IS NOT NULL"), ==,
                   n_with_indicator);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM interface_meeting"), ==, 1);
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

  g_test_add ("/interface-page/comparison", Fixture, NULL, fixture_set_up, test_comparison,
              fixture_tear_down);
  g_test_add ("/interface-page/add-and-draft", Fixture, NULL, fixture_set_up,
              test_add_and_draft, fixture_tear_down);
  g_test_add ("/interface-page/edit", Fixture, NULL, fixture_set_up, test_edit,
              fixture_tear_down);
  g_test_add ("/interface-page/refused-save", Fixture, NULL, fixture_set_up, test_refused_save,
              fixture_tear_down);

  return g_test_run ();
}
