/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "isaf-context.h"
#include "isaf-database.h"
#include "isaf-dissemination-page.h"
#include "isaf-dissemination.h"
#include "isaf-error.h"
#include "isaf-gazetteer.h"
#include "isaf-gui-test-helpers.h"
#include "isaf-registry-view.h"
#include "isaf-schema.h"
#include "isaf-store.h"
#include "isaf-test-helpers.h"

/* The Dissemination page on a real database of Banteay Neang (19 villages), in a window the
 * size of what a 1024×768 screen leaves beside the main window's sidebar: meetings recorded
 * through the editor show in the coverage and its summary; attendance that breaks the
 * core's rule across counts is refused with the core's sentence and nothing is saved. */

#define COMMUNE_CODE "010201"
#define YEAR 2026
#define N_VILLAGES 19
#define TIMEOUT_SECONDS 20
/* 1024 pixels less the window's 230-pixel sidebar; 768 less the header bar. */
#define PAGE_WIDTH 794
#define PAGE_HEIGHT 700
#define OU_THUM "01020101"
#define PHNUM "01020102"
#define CAF_A "ស្រី ពៅ"
#define CAF_B "សុខ លីដា"
#define CAF_LEFT "គឹម ស្រីមុំ"

typedef struct {
  IsafUuid cafs[3];
  IsafUuid units[3];
} Registry;

typedef struct {
  char *dir;
  IsafDatabase *database;
  IsafStore *store;
  GSettings *settings;
  IsafContext *context;
  GtkWindow *window;
  IsafDisseminationPage *page;
  Registry registry;
  GPtrArray *changed_tables;
  GPtrArray *toasts;
} Fixture;

typedef void (*FillFunc) (Fixture *fixture);

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

/* Data ---------------------------------------------------------------------------------- */

static void
add_caf (Fixture    *fixture,
         const char *name_km,
         const char *name_latin,
         const char *left_on,
         IsafUuid   *out)
{
  g_autoptr(IsafRecord) caf = isaf_record_new ("caf");

  isaf_record_set_text (caf, "name_km", name_km);
  isaf_record_set_text (caf, "name_latin", name_latin);
  isaf_record_set_text (caf, "sex", "f");
  isaf_record_set_text (caf, "selected_on", "2025-01-20");
  if (left_on != NULL)
    isaf_record_set_text (caf, "left_on", left_on);
  *out = *isaf_record_get_id (caf);
  isaf_test_save (fixture->store, caf, NULL);
}

static void
add_unit (Fixture    *fixture,
          const char *kind,
          const char *code,
          const char *name_km,
          const char *name_en,
          IsafUuid   *out)
{
  g_autoptr(IsafRecord) unit = isaf_record_new ("service_unit");

  isaf_record_set_text (unit, "kind", kind);
  isaf_record_set_text (unit, "code", code);
  isaf_record_set_text (unit, "name_km", name_km);
  isaf_record_set_text (unit, "name_en", name_en);
  *out = *isaf_record_get_id (unit);
  isaf_test_save (fixture->store, unit, NULL);
}

static void
fill_registry (Fixture *fixture)
{
  Registry *registry = &fixture->registry;

  add_caf (fixture, CAF_A, "Srey Pov", NULL, &registry->cafs[0]);
  add_caf (fixture, CAF_B, "Sok Lida", NULL, &registry->cafs[1]);
  add_caf (fixture, CAF_LEFT, "Kim Sreymom", "2025-11-30", &registry->cafs[2]);
  add_unit (fixture, "commune_office", "CO-010201", "សាលាឃុំបន្ទាយនាង",
            "Banteay Neang Commune Office", &registry->units[0]);
  add_unit (fixture, "health_centre", "HC-0102", "មណ្ឌលសុខភាពបន្ទាយនាង",
            "Banteay Neang Health Centre", &registry->units[1]);
  add_unit (fixture, "primary_school", "PS-0102-1", "សាលាបឋមសិក្សាបន្ទាយនាង",
            "Banteay Neang Primary School", &registry->units[2]);
}

static IsafDisseminationMeeting *
new_meeting (Fixture    *fixture,
             int         year,
             const char *village,
             const char *held_on)
{
  IsafDisseminationMeeting *meeting = isaf_dissemination_meeting_new (year, NULL);

  meeting->village_code = g_strdup (village);
  isaf_record_set_text (meeting->record, "held_on", held_on);
  g_array_append_vals (meeting->facilitators, fixture->registry.cafs, 2);
  g_array_append_vals (meeting->units, fixture->registry.units, 2);
  meeting->attendance[ISAF_ATTENDANCE_WOMEN] = 20;
  meeting->attendance[ISAF_ATTENDANCE_MEN] = 15;
  meeting->attendance[ISAF_ATTENDANCE_YOUTH] = 8;
  meeting->attendance[ISAF_ATTENDANCE_ID_POOR] = 4;
  return meeting;
}

static void
save_meeting (Fixture    *fixture,
              int         year,
              const char *village,
              const char *held_on)
{
  g_autoptr(IsafDisseminationMeeting) meeting = new_meeting (fixture, year, village, held_on);
  g_autoptr(GError) error = NULL;

  g_assert_true (isaf_dissemination_save (fixture->store, meeting, &error));
  g_assert_no_error (error);
}

static void
fill_one_meeting (Fixture *fixture)
{
  save_meeting (fixture, YEAR, OU_THUM, "2026-03-05");
}

/* Two villages this year, one the year before. */
static void
fill_two_years (Fixture *fixture)
{
  save_meeting (fixture, YEAR, OU_THUM, "2026-03-05");
  save_meeting (fixture, YEAR, OU_THUM, "2026-03-19");
  save_meeting (fixture, YEAR, PHNUM, "2026-03-12");
  save_meeting (fixture, YEAR - 1, PHNUM, "2025-03-12");
}

static const FillFunc one_meeting = fill_one_meeting;
static const FillFunc two_years = fill_two_years;

/* Fixture ------------------------------------------------------------------------------- */

static gboolean
page_is_ready (Fixture *fixture)
{
  return gtk_widget_get_mapped (GTK_WIDGET (fixture->page))
         && !isaf_dissemination_page_get_loading (fixture->page);
}

static void
wait_until_ready (Fixture *fixture)
{
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) page_is_ready, fixture, TIMEOUT_SECONDS);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const FillFunc *fill = data;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = isaf_gui_test_make_dir ("isaf-dissemination-page-XXXXXX");
  path = g_build_filename (fixture->dir, "commune.sqlite", NULL);
  fixture->database = isaf_database_open (path, ISAF_DATABASE_OPEN_CREATE_NEW, &error);
  g_assert_no_error (error);
  fixture->store = isaf_store_new (fixture->database);
  g_assert_true (isaf_store_create_commune (fixture->store, COMMUNE_CODE, &error));
  g_assert_no_error (error);
  fill_registry (fixture);
  if (fill != NULL)
    (*fill) (fixture);

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
  fixture->page = ISAF_DISSEMINATION_PAGE (isaf_dissemination_page_new (fixture->context));
  g_assert_true (isaf_dissemination_page_get_loading (fixture->page));
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  gtk_window_present (fixture->window);
  wait_until_ready (fixture);
  isaf_gui_test_wait_for_frame (GTK_WIDGET (fixture->window));
}

/* The editor's class is private to the page: it is known by its name. */
static gboolean
is_editor (gpointer object)
{
  return g_str_equal (G_OBJECT_TYPE_NAME (object), "IsafDisseminationEditor");
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

      g_assert_false (is_editor (toplevel));
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
                                                    ISAF_TYPE_DISSEMINATION_PAGE, name));
}

/* The summary the page should show, in the digits the user chose. */
static char *
dup_expected_summary (Fixture *fixture,
                      gulong   reached)
{
  g_autofree char *text = g_strdup_printf (_("%lu of %lu villages reached"), reached,
                                           (gulong) N_VILLAGES);

  return isaf_context_format_digits (fixture->context, text);
}

static gboolean
summary_is (Fixture *fixture,
            gulong   reached)
{
  g_autofree char *expected = dup_expected_summary (fixture, reached);
  g_autofree char *shown = isaf_gui_test_dup_label_text (get_page_child (fixture, "summary_label"));

  return !isaf_dissemination_page_get_loading (fixture->page) && g_str_equal (shown, expected);
}

static void
wait_for_summary (Fixture *fixture,
                  gulong   reached)
{
  ISAF_GUI_TEST_WAIT_FOR (summary_is (fixture, reached), TIMEOUT_SECONDS);
}

/* The coverage row of a village, by its Khmer name. */
static AdwActionRow *
find_village_row (Fixture    *fixture,
                  const char *code)
{
  const IsafGazetteerEntry *entry = isaf_gazetteer_lookup (isaf_gazetteer_get_default (), code);
  g_autoptr(GPtrArray) rows = isaf_gui_test_find_widgets (get_page_child (fixture,
                                                                          "villages_group"),
                                                          ADW_TYPE_ACTION_ROW);

  for (guint i = 0; i < rows->len; i++)
    {
      g_autofree char *title = isaf_gui_test_dup_row_title (g_ptr_array_index (rows, i));

      if (g_str_equal (title, entry->name_km))
        return g_ptr_array_index (rows, i);
    }
  g_error ("No coverage row for %s", code);
}

/* The status the row's pill shows. */
static const char *
village_status (Fixture    *fixture,
                const char *code)
{
  g_autoptr(GPtrArray) labels = isaf_gui_test_find_widgets (find_village_row (fixture, code),
                                                            GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_has_css_class (g_ptr_array_index (labels, i), "isaf-status"))
      return gtk_label_get_label (g_ptr_array_index (labels, i));
  g_error ("No status for %s", code);
}

static IsafRegistryView *
get_meeting_view (Fixture *fixture)
{
  return ISAF_REGISTRY_VIEW (get_page_child (fixture, "meeting_view"));
}

static guint
count_meetings_shown (Fixture *fixture)
{
  GtkColumnView *column_view = isaf_gui_test_find_widget (get_meeting_view (fixture),
                                                          GTK_TYPE_COLUMN_VIEW);

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (column_view)));
}

static GtkWindow *
find_editor (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *editor = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (is_editor (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        {
          g_assert_null (editor);
          editor = GTK_WINDOW (toplevel);
        }
    }
  return editor;
}

static gboolean
editor_is_open (Fixture *fixture)
{
  GtkWindow *editor = find_editor ();

  return editor != NULL && gtk_widget_get_mapped (GTK_WIDGET (editor));
}

static gboolean
editor_is_closed (Fixture *fixture)
{
  return find_editor () == NULL;
}

static GtkWindow *
wait_for_editor (Fixture *fixture)
{
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) editor_is_open, fixture, TIMEOUT_SECONDS);
  isaf_gui_test_wait_for_frame (GTK_WIDGET (find_editor ()));
  return find_editor ();
}

static GtkWidget *
find_field (GtkWindow  *editor,
            const char *title)
{
  g_autoptr(GPtrArray) rows = isaf_gui_test_find_widgets (editor, ADW_TYPE_PREFERENCES_ROW);

  for (guint i = 0; i < rows->len; i++)
    {
      g_autofree char *row_title = isaf_gui_test_dup_row_title (g_ptr_array_index (rows, i));

      if (g_str_equal (row_title, title))
        return g_ptr_array_index (rows, i);
    }
  g_error ("No field “%s”", title);
}

static gboolean
has_field (GtkWindow  *editor,
           const char *title)
{
  g_autoptr(GPtrArray) rows = isaf_gui_test_find_widgets (editor, ADW_TYPE_PREFERENCES_ROW);

  for (guint i = 0; i < rows->len; i++)
    {
      g_autofree char *row_title = isaf_gui_test_dup_row_title (g_ptr_array_index (rows, i));

      if (g_str_equal (row_title, title))
        return TRUE;
    }
  return FALSE;
}

static GtkWidget *
find_count_field (GtkWindow      *editor,
                  IsafAttendance  attendance)
{
  return find_field (editor, isaf_attendance_get_label (attendance));
}

static GtkCheckButton *
find_check (GtkWindow  *editor,
            const char *title)
{
  return isaf_gui_test_find_widget (find_field (editor, title), GTK_TYPE_CHECK_BUTTON);
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

/* Scrolls the editor so that @widget is near the top of what it shows. */
static void
scroll_to (GtkWindow *editor,
           GtkWidget *widget)
{
  g_autoptr(GPtrArray) all = isaf_gui_test_find_widgets (editor, GTK_TYPE_SCROLLED_WINDOW);
  GtkScrolledWindow *scrolled = NULL;
  GtkWidget *content;
  graphene_rect_t bounds;

  /* The page's, not the one in the village choice's popover. */
  for (guint i = 0; i < all->len; i++)
    if (ADW_IS_PREFERENCES_PAGE (gtk_widget_get_parent (g_ptr_array_index (all, i))))
      scrolled = g_ptr_array_index (all, i);
  g_assert_nonnull (scrolled);
  content = gtk_scrolled_window_get_child (scrolled);
  isaf_gui_test_wait_for_frame (GTK_WIDGET (editor));
  g_assert_true (gtk_widget_compute_bounds (widget, content, &bounds));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scrolled),
                            bounds.origin.y - 60);
}

static const char *
column_label (const char *table,
              const char *column)
{
  return _(isaf_schema_find_column (isaf_schema_find_table (table), column)->label);
}

static AdwComboRow *
find_village_field (GtkWindow *editor)
{
  return ADW_COMBO_ROW (find_field (editor, column_label ("dissemination_meeting", "village_id")));
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autofree char *file = g_strdup_printf ("dissemination-%s%s.png",
                                           isaf_gui_test_is_khmer_run () ? "km-" : "", name);

  isaf_gui_test_save_screenshot_in_dir (widget, file);
}

static void
show_tab (Fixture    *fixture,
          const char *name)
{
  isaf_dissemination_page_show (fixture->page, name);
  isaf_gui_test_wait_for_frame (GTK_WIDGET (fixture->window));
}

/* Fills the editor with a meeting in the village at @village_position of the choices (0 is
 * "Choose…"), led by the first facilitator, covering the first unit. */
static void
fill_editor (Fixture   *fixture,
             GtkWindow *editor,
             guint      village_position,
             gint64     women,
             gint64     men,
             gint64     youth)
{
  if (village_position > 0)
    adw_combo_row_set_selected (find_village_field (editor), village_position);
  type_text (find_field (editor, _("Date of the meeting")), "2026-03-05");
  gtk_check_button_set_active (find_check (editor, CAF_A), TRUE);
  gtk_check_button_set_active (find_check (editor, "សាលាឃុំបន្ទាយនាង"), TRUE);
  type_number (fixture, find_count_field (editor, ISAF_ATTENDANCE_WOMEN), women);
  type_number (fixture, find_count_field (editor, ISAF_ATTENDANCE_MEN), men);
  type_number (fixture, find_count_field (editor, ISAF_ATTENDANCE_YOUTH), youth);
}

/* Tests --------------------------------------------------------------------------------- */

static gboolean
one_meeting_saved (Fixture *fixture)
{
  return editor_is_closed (fixture) && summary_is (fixture, 1)
         && count_meetings_shown (fixture) == 1;
}

/* A meeting recorded through the editor: single fields are checked as they are typed, and
 * once saved the coverage, its summary and the list show it. */
static void
test_add_meeting (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWindow *editor;
  GtkWidget *disability, *total;
  GtkRequisition minimum;
  g_autofree char *message = NULL;
  g_autofree char *expected_total = NULL;
  g_autoptr(GPtrArray) totals = NULL;

  /* It fits beside the sidebar of a 1024×768 screen. */
  gtk_widget_get_preferred_size (GTK_WIDGET (fixture->page), &minimum, NULL);
  g_assert_cmpint (minimum.width, <=, PAGE_WIDTH);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), ==, PAGE_WIDTH);

  g_assert_true (summary_is (fixture, 0));
  g_assert_cmpstr (village_status (fixture, OU_THUM), ==, _("Not reached"));
  save_screenshot (GTK_WIDGET (fixture->window), "coverage-empty");

  show_tab (fixture, "meetings");
  g_assert_cmpuint (count_meetings_shown (fixture), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (get_meeting_view (fixture)),
                                             "registry.add", NULL));
  editor = wait_for_editor (fixture);
  g_assert_false (gtk_widget_is_sensitive (get_save_button (editor)));

  /* Only active facilitators are offered. */
  g_assert_true (has_field (editor, CAF_A));
  g_assert_true (has_field (editor, CAF_B));
  g_assert_false (has_field (editor, CAF_LEFT));

  fill_editor (fixture, editor, 1, 20, 15, 8);
  g_assert_true (gtk_widget_is_sensitive (get_save_button (editor)));
  gtk_check_button_set_active (find_check (editor, CAF_B), TRUE);

  /* The total follows the women and men. */
  expected_total = isaf_context_format_integer (fixture->context, 35);
  totals = isaf_gui_test_find_widgets (find_field (editor, _("Total")), GTK_TYPE_LABEL);
  total = NULL;
  for (guint i = 0; i < totals->len; i++)
    if (g_strcmp0 (gtk_label_get_label (g_ptr_array_index (totals, i)), expected_total) == 0)
      total = g_ptr_array_index (totals, i);
  g_assert_nonnull (total);

  /* A count that is not a number is refused on the spot, naming the group. */
  disability = find_count_field (editor, ISAF_ATTENDANCE_DISABILITY);
  type_text (disability, "two");
  message = isaf_gui_test_dup_field_message (disability);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, isaf_attendance_get_label (ISAF_ATTENDANCE_DISABILITY)));
  g_assert_false (gtk_widget_is_sensitive (get_save_button (editor)));
  type_number (fixture, disability, 2);
  g_assert_null (isaf_gui_test_dup_field_message (disability));
  g_assert_true (gtk_widget_is_sensitive (get_save_button (editor)));
  save_screenshot (GTK_WIDGET (editor), "editor");
  scroll_to (editor, find_count_field (editor, ISAF_ATTENDANCE_WOMEN));
  save_screenshot (GTK_WIDGET (editor), "editor-attendance");

  gtk_widget_activate (get_save_button (editor));
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) one_meeting_saved, fixture, TIMEOUT_SECONDS);

  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM dissemination_meeting"), ==, 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM dissemination_facilitator"), ==, 2);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM dissemination_unit"), ==, 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM dissemination_attendance"), ==, 4);
  g_assert_cmpint (count_rows (fixture, "SELECT count FROM dissemination_attendance "
                                        "WHERE category = 'women'"), ==, 20);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM cycle WHERE year = 2026"), ==, 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM dissemination_meeting m "
                                        "JOIN village v ON v.id = m.village_id "
                                        "WHERE v.code = '" OU_THUM "'"), ==, 1);
  /* Announced, so that the Overview's count follows. */
  g_assert_true (table_changed (fixture, "dissemination_meeting"));
  g_assert_true (table_changed (fixture, "dissemination_attendance"));
  g_assert_cmpuint (fixture->toasts->len, ==, 1);

  g_assert_cmpstr (village_status (fixture, OU_THUM), ==, _("Reached"));
  g_assert_cmpstr (village_status (fixture, PHNUM), ==, _("Not reached"));
  save_screenshot (GTK_WIDGET (fixture->window), "meetings");
  show_tab (fixture, "coverage");
  save_screenshot (GTK_WIDGET (fixture->window), "coverage");
}

/* More young people than women and men together: the editor lets Save be pressed (each count
 * is fine on its own), shows the core's sentence, and saves nothing until it is fixed. */
static void
test_invalid_attendance (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(IsafDisseminationMeeting) equivalent = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *label = NULL;
  AdwActionRow *row;
  GtkWidget *record;
  GtkWindow *editor;

  /* What the core says about the same meeting. */
  equivalent = new_meeting (fixture, YEAR, PHNUM, "2026-03-05");
  equivalent->attendance[ISAF_ATTENDANCE_WOMEN] = 10;
  equivalent->attendance[ISAF_ATTENDANCE_MEN] = 5;
  equivalent->attendance[ISAF_ATTENDANCE_YOUTH] = 50;
  g_assert_false (isaf_dissemination_save (fixture->store, equivalent, &error));
  g_assert_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_PART_EXCEEDS_TOTAL);
  expected = isaf_context_format_digits (fixture->context, error->message);

  /* Recorded from the village's row in the coverage: the village is chosen already. */
  row = find_village_row (fixture, PHNUM);
  record = isaf_gui_test_find_widget (row, GTK_TYPE_BUTTON);
  label = g_strdup_printf (_("Record a meeting in %s"), "ភ្នំ (Phnum)");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (record), ==, label);
  gtk_widget_activate (record);
  editor = wait_for_editor (fixture);
  g_assert_cmpuint (adw_combo_row_get_selected (find_village_field (editor)), ==, 2);

  fill_editor (fixture, editor, 0, 10, 5, 50);
  g_assert_null (isaf_gui_test_dup_field_message (find_count_field (editor, ISAF_ATTENDANCE_YOUTH)));
  g_assert_true (gtk_widget_is_sensitive (get_save_button (editor)));
  gtk_widget_activate (get_save_button (editor));
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) editor_message_shown, fixture, TIMEOUT_SECONDS);

  shown = isaf_gui_test_dup_label_text (isaf_gui_test_find_editor_message (editor));
  g_assert_cmpstr (shown, ==, expected);
  g_assert_true (editor_is_open (fixture));
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM dissemination_meeting"), ==, 0);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM dissemination_attendance"), ==, 0);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM cycle"), ==, 0);
  g_assert_false (table_changed (fixture, "dissemination_meeting"));
  save_screenshot (GTK_WIDGET (editor), "editor-invalid");

  /* Fixed, it saves. */
  type_number (fixture, find_count_field (editor, ISAF_ATTENDANCE_YOUTH), 5);
  g_assert_true (gtk_widget_is_sensitive (get_save_button (editor)));
  gtk_widget_activate (get_save_button (editor));
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) one_meeting_saved, fixture, TIMEOUT_SECONDS);
  g_assert_cmpstr (village_status (fixture, PHNUM), ==, _("Reached"));
}

static gboolean
nothing_reached (Fixture *fixture)
{
  return summary_is (fixture, 0) && fixture->toasts->len == 2;
}

static gboolean
reached_again (Fixture *fixture)
{
  return summary_is (fixture, 1) && count_meetings_shown (fixture) == 1;
}

static gboolean
men_saved (Fixture *fixture)
{
  return editor_is_closed (fixture)
         && count_rows (fixture, "SELECT count FROM dissemination_attendance "
                                 "WHERE category = 'men'") == 18;
}

/* A meeting edited from the list keeps its id and replaces its links; deleting it takes the
 * village out of the coverage, and Undo brings it back. */
static void
test_edit_delete_undo (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(IsafRecord) shown = NULL;
  g_autofree char *women = NULL;
  IsafRegistryView *view = get_meeting_view (fixture);
  GtkColumnView *column_view;
  GtkWindow *editor;
  AdwToast *toast;

  g_assert_true (summary_is (fixture, 1));
  show_tab (fixture, "meetings");
  g_assert_cmpuint (count_meetings_shown (fixture), ==, 1);

  column_view = isaf_gui_test_find_widget (view, GTK_TYPE_COLUMN_VIEW);
  g_signal_emit_by_name (column_view, "activate", 0);
  editor = wait_for_editor (fixture);
  women = isaf_context_format_integer (fixture->context, 20);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_count_field (editor,
                                                                          ISAF_ATTENDANCE_WOMEN))),
                   ==, women);
  g_assert_true (gtk_check_button_get_active (find_check (editor, CAF_A)));
  g_assert_true (gtk_check_button_get_active (find_check (editor, CAF_B)));
  /* Nothing changed yet: nothing to save. */
  g_assert_false (gtk_widget_is_sensitive (get_save_button (editor)));

  type_number (fixture, find_count_field (editor, ISAF_ATTENDANCE_MEN), 18);
  gtk_check_button_set_active (find_check (editor, CAF_A), FALSE);
  gtk_widget_activate (get_save_button (editor));
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) men_saved, fixture, TIMEOUT_SECONDS);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM dissemination_meeting"), ==, 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM dissemination_facilitator "
                                        "WHERE deleted = 0"), ==, 1);

  /* Delete, then Undo. */
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) reached_again, fixture, TIMEOUT_SECONDS);
  shown = g_list_model_get_item (G_LIST_MODEL (gtk_column_view_get_model (column_view)), 0);
  g_assert_true (isaf_registry_view_select (view, isaf_record_get_id (shown)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "registry.delete", NULL));
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) nothing_reached, fixture, TIMEOUT_SECONDS);
  g_assert_cmpuint (count_meetings_shown (fixture), ==, 0);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM dissemination_attendance "
                                        "WHERE deleted = 0"), ==, 0);

  toast = g_ptr_array_index (fixture->toasts, 1);
  g_assert_nonnull (strstr (adw_toast_get_title (toast), "អូរធំ"));
  g_signal_emit_by_name (toast, "button-clicked");
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) reached_again, fixture, TIMEOUT_SECONDS);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM dissemination_attendance "
                                        "WHERE deleted = 0"), ==, 4);
}

/* The page follows the year chosen in the window's header. */
static void
test_year (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *groups = NULL;

  g_assert_true (summary_is (fixture, 2));
  g_assert_cmpstr (village_status (fixture, OU_THUM), ==, _("Reached"));
  groups = isaf_gui_test_dup_label_text (get_page_child (fixture, "groups_label"));
  g_assert_nonnull (strstr (groups, isaf_attendance_get_label (ISAF_ATTENDANCE_YOUTH)));
  save_screenshot (GTK_WIDGET (fixture->window), "coverage-two-villages");

  isaf_context_set_year (fixture->context, YEAR - 1);
  wait_for_summary (fixture, 1);
  g_assert_cmpstr (village_status (fixture, OU_THUM), ==, _("Not reached"));
  g_assert_cmpstr (village_status (fixture, PHNUM), ==, _("Reached"));
  show_tab (fixture, "meetings");
  g_assert_cmpuint (count_meetings_shown (fixture), ==, 1);

  /* No year yet: nothing to record into. */
  isaf_context_set_year (fixture->context, 0);
  wait_until_ready (fixture);
  g_assert_cmpuint (count_meetings_shown (fixture), ==, 0);
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (get_meeting_view (fixture)),
                                              "registry.add", NULL)
                  && editor_is_open (fixture));
  isaf_gui_test_iterate_pending ();
  g_assert_null (find_editor ());
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

  g_test_add ("/dissemination-page/add-meeting", Fixture, NULL, fixture_set_up,
              test_add_meeting, fixture_tear_down);
  g_test_add ("/dissemination-page/invalid-attendance", Fixture, NULL, fixture_set_up,
              test_invalid_attendance, fixture_tear_down);
  g_test_add ("/dissemination-page/edit-delete-undo", Fixture, &one_meeting, fixture_set_up,
              test_edit_delete_undo, fixture_tear_down);
  g_test_add ("/dissemination-page/year", Fixture, &two_years, fixture_set_up, test_year,
              fixture_tear_down);

  return g_test_run ();
}
