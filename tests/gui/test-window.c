/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "isaf-application.h"
#include "isaf-database.h"
#include "isaf-demo.h"
#include "isaf-error.h"
#include "isaf-format.h"
#include "isaf-gazetteer.h"
#include "isaf-gui-test-helpers.h"
#include "isaf-overview.h"
#include "isaf-overview-page.h"
#include "isaf-setup-assistant.h"
#include "isaf-store.h"
#include "isaf-test-helpers.h"
#include "isaf-window.h"

#define COMMUNE_CODE "010201"
#define TIMEOUT_SECONDS 20

/* Registered once, as the real application is: its style sheet and actions are in place. */
static IsafApplication *application;

typedef struct {
  char *dir;
  char *path;
  GSettings *settings;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = isaf_gui_test_make_dir ("isaf-gui-XXXXXX");
  fixture->path = g_build_filename (fixture->dir, "commune.sqlite", NULL);
  fixture->settings = g_settings_new (APP_ID);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  /* The window's daily backup leaves a backups/ folder beside the database. */
  isaf_gui_test_remove_dir (fixture->dir);

  g_assert_finalize_object (fixture->settings);
  g_free (fixture->path);
}

static guint
count_villages (void)
{
  g_autoptr(GPtrArray) villages = isaf_gazetteer_children (isaf_gazetteer_get_default (),
                                                           COMMUNE_CODE);

  return villages->len;
}

/* A commune with an empty 2025 cycle and a 2026 cycle that has reached one village, one
 * service unit and one ongoing action. Blocking is fine here. */
static void
create_database (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafDatabase) database = isaf_database_open (path, ISAF_DATABASE_OPEN_CREATE_NEW,
                                                         &error);
  g_autoptr(IsafStore) store = NULL;
  g_autoptr(GPtrArray) villages = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  IsafRecord *old_cycle = isaf_record_new ("cycle");
  IsafRecord *cycle = isaf_record_new ("cycle");
  IsafRecord *unit = isaf_record_new ("service_unit");
  IsafRecord *meeting = isaf_record_new ("dissemination_meeting");
  IsafRecord *action = isaf_record_new ("jaap_action");

  g_assert_no_error (error);
  store = isaf_store_new (database);
  g_assert_true (isaf_store_create_commune (store, COMMUNE_CODE, &error));
  g_assert_no_error (error);
  villages = isaf_store_list (store, "village", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (villages->len, ==, count_villages ());

  isaf_record_set_integer (old_cycle, "year", 2025);
  isaf_record_set_integer (cycle, "year", 2026);
  isaf_record_set_text (unit, "kind", "health_centre");
  isaf_record_set_text (unit, "code", "HC-010201");
  isaf_record_set_text (unit, "name_km", "មណ្ឌលសុខភាពបន្ទាយនាង");
  isaf_record_set_reference (meeting, "cycle_id", isaf_record_get_id (cycle));
  isaf_record_set_reference (meeting, "village_id",
                             isaf_record_get_id (g_ptr_array_index (villages, 0)));
  isaf_record_set_text (meeting, "held_on", "2026-03-12");
  isaf_record_set_reference (action, "cycle_id", isaf_record_get_id (cycle));
  isaf_record_set_text (action, "action_group", "ka");
  isaf_record_set_text (action, "activity", "ជួសជុលផ្លូវទៅមណ្ឌលសុខភាព");
  isaf_record_set_text (action, "status", "ongoing");

  g_ptr_array_add (records, old_cycle);
  g_ptr_array_add (records, cycle);
  g_ptr_array_add (records, unit);
  g_ptr_array_add (records, meeting);
  g_ptr_array_add (records, action);
  g_assert_true (isaf_store_save (store, records, &error));
  g_assert_no_error (error);

  isaf_database_close (database);
}

/* Widgets ----------------------------------------------------------------------------- */

static GtkLabel *
find_label_with_class (gpointer    root,
                       const char *css_class)
{
  g_autoptr(GPtrArray) labels = isaf_gui_test_find_widgets (root, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_has_css_class (g_ptr_array_index (labels, i), css_class))
      return g_ptr_array_index (labels, i);
  g_assert_not_reached ();
}

/* Main loop --------------------------------------------------------------------------- */

/* Presents @window, waits for it to load, then for one frame drawn with what it loaded. */
static void
present_and_wait (IsafWindow *window)
{
  gtk_window_present (GTK_WINDOW (window));
  ISAF_GUI_TEST_WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window))
                          && !isaf_window_get_loading (window), TIMEOUT_SECONDS);
  isaf_gui_test_wait_for_frame (GTK_WIDGET (window));
}

/* Closing runs the window's close handler (it saves its size), then it must be freed. */
static void
close_window (IsafWindow *window)
{
  g_object_ref (window);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static GtkStack *
get_stack (IsafWindow *window)
{
  return GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), ISAF_TYPE_WINDOW,
                                                   "stack"));
}

static IsafOverviewPage *
get_overview_page (IsafWindow *window)
{
  return isaf_gui_test_find_widget (window, ISAF_TYPE_OVERVIEW_PAGE);
}

static const char *
get_visible_page (IsafWindow *window)
{
  return gtk_stack_get_visible_child_name (get_stack (window));
}

/* Tests ------------------------------------------------------------------------------- */

/* The Khmer run (LANGUAGE=km) also uses Khmer digits, as a Khmer office would. */
static IsafDigits
get_test_digits (void)
{
  return isaf_gui_test_is_khmer_run () ? ISAF_DIGITS_KHMER : ISAF_DIGITS_WESTERN;
}

/* What the window must show for the database of create_database(). */
static void
assert_overview (IsafWindow *window,
                 IsafDigits  digits)
{
  IsafGazetteer *gazetteer = isaf_gazetteer_get_default ();
  const IsafGazetteerEntry *commune = isaf_gazetteer_lookup (gazetteer, COMMUNE_CODE);
  g_autofree char *expected_title = g_strconcat (commune->unit_km, commune->name_km, NULL);
  g_autofree char *expected_year = isaf_format_digits ("2026", digits);
  IsafStageSummary dissemination = { ISAF_STAGE_DISSEMINATION, ISAF_STAGE_STATUS_IN_PROGRESS,
                                     1, count_villages () };
  g_autofree char *count = isaf_stage_summary_describe (&dissemination);
  g_autofree char *next = isaf_stage_summary_next_step (&dissemination);
  g_autofree char *described = g_strconcat (count, "\n", next, NULL);
  g_autofree char *expected_subtitle = isaf_format_digits (described, digits);
  g_autofree char *villages = isaf_format_integer (count_villages (), digits);
  g_autofree char *one = isaf_format_integer (1, digits);
  g_autofree char *zero = isaf_format_integer (0, digits);
  const char *expected_numbers[] = { villages, one, zero, zero, one, zero };
  g_autoptr(GPtrArray) title_labels = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  AdwWindowTitle *window_title;
  gboolean title_shown = FALSE;
  guint n_numbers = 0;

  g_assert_cmpstr (commune->name_km, ==, "បន្ទាយនាង");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_cmpstr (get_visible_page (window), ==, "main");

  /* The header shows the commune's Khmer name with its unit, in a label on screen, then
   * its district and province and the year of the latest cycle (2026, not 2025). */
  window_title = isaf_gui_test_find_widget (window, ADW_TYPE_WINDOW_TITLE);
  g_assert_cmpstr (adw_window_title_get_title (window_title), ==, expected_title);
  g_assert_nonnull (strstr (adw_window_title_get_subtitle (window_title), "ស្រុកមង្គលបូរី"));
  g_assert_nonnull (strstr (adw_window_title_get_subtitle (window_title), "ខេត្តបន្ទាយមានជ័យ"));
  g_assert_nonnull (strstr (adw_window_title_get_subtitle (window_title), expected_year));
  title_labels = isaf_gui_test_find_widgets (window_title, GTK_TYPE_LABEL);
  for (guint i = 0; i < title_labels->len; i++)
    {
      GtkLabel *label = g_ptr_array_index (title_labels, i);

      if (gtk_widget_get_mapped (GTK_WIDGET (label))
          && g_str_equal (gtk_label_get_label (label), expected_title))
        title_shown = TRUE;
    }
  g_assert_true (title_shown);

  /* The eight stages, in the order of the cycle. */
  rows = isaf_gui_test_find_widgets (get_overview_page (window), ADW_TYPE_ACTION_ROW);
  g_assert_cmpuint (rows->len, ==, ISAF_N_STAGES);
  for (guint i = 0; i < rows->len; i++)
    {
      AdwPreferencesRow *row = g_ptr_array_index (rows, i);

      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (row)));
      g_assert_cmpstr (adw_preferences_row_get_title (row), ==, isaf_stage_get_title (i));
    }

  {
    AdwActionRow *row = g_ptr_array_index (rows, ISAF_STAGE_DISSEMINATION);
    g_autofree char *subtitle = isaf_gui_test_strip_zwsp (adw_action_row_get_subtitle (row));
    GtkLabel *status = find_label_with_class (row, "isaf-status");

    g_assert_cmpstr (subtitle, ==, expected_subtitle);
    if (g_getenv ("LANGUAGE") == NULL && digits == ISAF_DIGITS_WESTERN)
      {
        g_autofree char *english = g_strdup_printf ("1 of %u villages reached\n"
                                                    "Record the I4C meetings in %u more villages.",
                                                    count_villages (), count_villages () - 1);

        g_assert_cmpstr (subtitle, ==, english);
      }
    g_assert_cmpstr (gtk_label_get_label (status), ==,
                     isaf_stage_status_get_label (ISAF_STAGE_STATUS_IN_PROGRESS));
    g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (status), "in-progress"));
  }

  /* Villages, service units, active CAFs, then actions completed, ongoing, not started. */
  labels = isaf_gui_test_find_widgets (get_overview_page (window), GTK_TYPE_LABEL);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);

      if (!gtk_widget_has_css_class (label, "numeric"))
        continue;
      g_assert_cmpuint (n_numbers, <, G_N_ELEMENTS (expected_numbers));
      g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==,
                       expected_numbers[n_numbers]);
      n_numbers++;
    }
  g_assert_cmpuint (n_numbers, ==, G_N_ELEMENTS (expected_numbers));
}

static void
test_window_overview (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *screenshot = g_getenv ("ISAF_SCREENSHOT");
  IsafDigits digits = get_test_digits ();
  IsafWindow *window;

  create_database (fixture->path);
  g_settings_set_boolean (fixture->settings, "khmer-digits", digits == ISAF_DIGITS_KHMER);

  window = isaf_window_new (GTK_APPLICATION (application), fixture->settings);
  isaf_window_open (window, fixture->path, FALSE);
  g_assert_true (isaf_window_get_loading (window));
  present_and_wait (window);
  assert_overview (window, digits);

  if (screenshot != NULL && screenshot[0] != '\0')
    isaf_gui_test_save_screenshot (GTK_WIDGET (window), screenshot);

  close_window (window);
  g_assert_cmpint (g_settings_get_int (fixture->settings, "window-width"), ==, 1024);
  g_assert_cmpint (g_settings_get_int (fixture->settings, "window-height"), ==, 700);
  g_settings_reset (fixture->settings, "khmer-digits");
}

/* The window on a real demo database: its commune, its latest cycle, every stage done, and
 * today's automatic backup made beside it. */
static void
test_window_demo_database (Fixture       *fixture,
                           gconstpointer  data)
{
  IsafDemoOptions options = { .commune_code = COMMUNE_CODE, .years = 2, .seed = 11,
                              .last_year = 2025 };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "isaf-commune-%Y-%m-%d.sqlite");
  g_autofree char *backup = g_build_filename (fixture->dir, "backups", today, NULL);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  AdwWindowTitle *window_title;
  IsafWindow *window;

  {
    g_autoptr(IsafDatabase) database = isaf_database_open (fixture->path,
                                                           ISAF_DATABASE_OPEN_CREATE_NEW, &error);

    g_assert_no_error (error);
    g_assert_true (isaf_demo_generate (database, &options, &error));
    g_assert_no_error (error);
    isaf_database_close (database);
  }

  window = isaf_window_new (GTK_APPLICATION (application), fixture->settings);
  isaf_window_open (window, fixture->path, FALSE);
  present_and_wait (window);

  window_title = isaf_gui_test_find_widget (window, ADW_TYPE_WINDOW_TITLE);
  g_assert_cmpstr (adw_window_title_get_title (window_title), ==, "ឃុំបន្ទាយនាង");
  g_assert_nonnull (strstr (adw_window_title_get_subtitle (window_title), "2025"));

  rows = isaf_gui_test_find_widgets (get_overview_page (window), ADW_TYPE_ACTION_ROW);
  g_assert_cmpuint (rows->len, ==, ISAF_N_STAGES);
  for (guint i = 0; i < rows->len; i++)
    {
      GtkLabel *status = find_label_with_class (g_ptr_array_index (rows, i), "isaf-status");

      g_assert_cmpstr (gtk_label_get_label (status), ==,
                       isaf_stage_status_get_label (ISAF_STAGE_STATUS_DONE));
    }
  if (g_getenv ("LANGUAGE") == NULL)
    {
      AdwActionRow *row = g_ptr_array_index (rows, ISAF_STAGE_DISSEMINATION);
      g_autofree char *subtitle = isaf_gui_test_strip_zwsp (adw_action_row_get_subtitle (row));
      g_autofree char *expected = g_strdup_printf ("%u of %u villages reached",
                                                   count_villages (), count_villages ());

      g_assert_cmpstr (subtitle, ==, expected);
    }

  /* The backup starts a few seconds after loading, on the database thread. */
  for (guint i = 0; i < 1500 && !g_file_test (backup, G_FILE_TEST_EXISTS); i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  g_assert_true (g_file_test (backup, G_FILE_TEST_EXISTS));

  close_window (window);
}

/* Switching the digits redraws what is loaded, without loading it again. */
static void
test_window_khmer_digits (Fixture       *fixture,
                          gconstpointer  data)
{
  IsafWindow *window;

  create_database (fixture->path);
  window = isaf_window_new (GTK_APPLICATION (application), fixture->settings);
  isaf_window_open (window, fixture->path, FALSE);
  present_and_wait (window);
  assert_overview (window, ISAF_DIGITS_WESTERN);

  g_settings_set_boolean (fixture->settings, "khmer-digits", TRUE);
  isaf_gui_test_iterate_pending ();
  g_assert_false (isaf_window_get_loading (window));
  assert_overview (window, ISAF_DIGITS_KHMER);

  g_settings_reset (fixture->settings, "khmer-digits");
  isaf_gui_test_iterate_pending ();
  assert_overview (window, ISAF_DIGITS_WESTERN);

  close_window (window);
}

static void
test_window_not_a_database (Fixture       *fixture,
                            gconstpointer  data)
{
  const char *contents = "Minutes of the commune council meeting, not a database.\n";
  g_autofree char *path = g_build_filename (fixture->dir, "minutes.txt", NULL);
  g_autofree char *escaped = NULL;
  g_autofree char *description = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafDatabase) database = NULL;
  AdwStatusPage *page;
  IsafWindow *window;

  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  g_assert_no_error (error);

  /* The sentence the core gives for this file is the one the window must show. */
  database = isaf_database_open (path, ISAF_DATABASE_OPEN_EXISTING, &error);
  g_assert_null (database);
  g_assert_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_NOT_A_DATABASE);
  escaped = g_markup_escape_text (error->message, -1);

  window = isaf_window_new (GTK_APPLICATION (application), fixture->settings);
  isaf_window_open (window, path, FALSE);
  present_and_wait (window);

  g_assert_cmpstr (get_visible_page (window), ==, "error");
  page = ADW_STATUS_PAGE (gtk_stack_get_visible_child (get_stack (window)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));
  description = isaf_gui_test_strip_zwsp (adw_status_page_get_description (page));
  g_assert_cmpstr (description, ==, escaped);

  close_window (window);

  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, contents);
}

static void
test_window_missing_file (Fixture       *fixture,
                          gconstpointer  data)
{
  IsafWindow *window;

  /* The usual location, not set up yet: the set-up assistant, and nothing is created until
   * the clerk has chosen. */
  window = isaf_window_new (GTK_APPLICATION (application), fixture->settings);
  isaf_window_open (window, fixture->path, TRUE);
  present_and_wait (window);
  g_assert_cmpstr (get_visible_page (window), ==, "setup");
  g_assert_nonnull (isaf_gui_test_find_widget (window, ISAF_TYPE_SETUP_ASSISTANT));
  close_window (window);
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));

  /* A file the user named must exist. */
  window = isaf_window_new (GTK_APPLICATION (application), fixture->settings);
  isaf_window_open (window, fixture->path, FALSE);
  present_and_wait (window);
  g_assert_cmpstr (get_visible_page (window), ==, "error");
  close_window (window);
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
}

/* First run through the window: the assistant sets up the commune, then the window opens
 * the new database on its overview. */
static void
test_window_first_run (Fixture       *fixture,
                       gconstpointer  data)
{
  gboolean timed_out = FALSE;
  IsafSetupAssistant *assistant;
  AdwWindowTitle *window_title;
  IsafWindow *window;
  guint timeout_id;

  window = isaf_window_new (GTK_APPLICATION (application), fixture->settings);
  isaf_window_open (window, fixture->path, TRUE);
  present_and_wait (window);
  assistant = isaf_gui_test_find_widget (window, ISAF_TYPE_SETUP_ASSISTANT);

  isaf_setup_assistant_select_commune (assistant, COMMUNE_CODE);
  timeout_id = g_timeout_add_seconds (TIMEOUT_SECONDS, isaf_gui_test_set_flag_cb, &timed_out);
  /* Next through the steps to Create, then Start once the commune is set up. */
  while (!g_str_equal (isaf_setup_assistant_get_step (assistant), "done") && !timed_out)
    {
      const char *step = isaf_setup_assistant_get_step (assistant);

      if (!g_str_equal (step, "creating"))
        g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "setup.next", NULL));
      g_assert_cmpstr (isaf_setup_assistant_get_step (assistant), !=, "error");
      g_main_context_iteration (NULL, g_str_equal (step, "creating"));
    }
  g_assert_false (timed_out);
  g_source_remove (timeout_id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "setup.next", NULL));

  present_and_wait (window);
  g_assert_cmpstr (get_visible_page (window), ==, "main");
  window_title = isaf_gui_test_find_widget (window, ADW_TYPE_WINDOW_TITLE);
  g_assert_cmpstr (adw_window_title_get_title (window_title), ==, "ឃុំបន្ទាយនាង");
  g_assert_true (g_file_test (fixture->path, G_FILE_TEST_IS_REGULAR));

  close_window (window);
}

static void
test_window_no_commune (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafDatabase) database = isaf_database_open (fixture->path,
                                                         ISAF_DATABASE_OPEN_CREATE_NEW, &error);
  IsafWindow *window;

  g_assert_no_error (error);
  isaf_database_close (database);

  window = isaf_window_new (GTK_APPLICATION (application), fixture->settings);
  isaf_window_open (window, fixture->path, FALSE);
  present_and_wait (window);
  g_assert_cmpstr (get_visible_page (window), ==, "empty");
  close_window (window);
}

/* A commune without any cycle yet still shows its numbers and the stages to come. */
static void
test_window_no_cycle (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafDatabase) database = isaf_database_open (fixture->path,
                                                         ISAF_DATABASE_OPEN_CREATE_NEW, &error);
  g_autoptr(IsafStore) store = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  AdwWindowTitle *window_title;
  IsafWindow *window;

  g_assert_no_error (error);
  store = isaf_store_new (database);
  g_assert_true (isaf_store_create_commune (store, COMMUNE_CODE, &error));
  g_assert_no_error (error);
  isaf_database_close (database);

  window = isaf_window_new (GTK_APPLICATION (application), fixture->settings);
  isaf_window_open (window, fixture->path, FALSE);
  present_and_wait (window);
  g_assert_cmpstr (get_visible_page (window), ==, "main");

  window_title = isaf_gui_test_find_widget (window, ADW_TYPE_WINDOW_TITLE);
  g_assert_cmpstr (adw_window_title_get_title (window_title), ==, "ឃុំបន្ទាយនាង");
  /* No cycle yet: the window shows this year's, for the clerk to start. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *this_year = g_strdup_printf ("%d", g_date_time_get_year (now));

    g_assert_nonnull (strstr (adw_window_title_get_subtitle (window_title), this_year));
  }

  rows = isaf_gui_test_find_widgets (get_overview_page (window), ADW_TYPE_ACTION_ROW);
  g_assert_cmpuint (rows->len, ==, ISAF_N_STAGES);
  for (guint i = 0; i < rows->len; i++)
    g_assert_cmpstr (gtk_label_get_label (find_label_with_class (g_ptr_array_index (rows, i),
                                                                 "isaf-status")),
                     ==, isaf_stage_status_get_label (ISAF_STAGE_STATUS_NOT_STARTED));

  close_window (window);
}

/* Closing a window while it is still opening its database must not crash or leak. */
static void
test_window_close_while_loading (Fixture       *fixture,
                                 gconstpointer  data)
{
  IsafWindow *window;

  create_database (fixture->path);
  window = isaf_window_new (GTK_APPLICATION (application), fixture->settings);
  isaf_window_open (window, fixture->path, FALSE);
  /* Only a realized window can be closed; no result can arrive before the loop runs. */
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (isaf_window_get_loading (window));
  close_window (window);

  /* Let the cancelled work report back to a window that is gone, and the database close. */
  isaf_gui_test_iterate_for (500);
}

/* The application's own start, on the usual database (the setting here), which does not
 * exist yet. */
static void
test_application_activate (Fixture       *fixture,
                           gconstpointer  data)
{
  GList *windows;
  IsafWindow *window;

  g_settings_set_string (fixture->settings, "database-path", fixture->path);
  g_application_activate (G_APPLICATION (application));
  g_settings_reset (fixture->settings, "database-path");

  windows = gtk_application_get_windows (GTK_APPLICATION (application));
  g_assert_cmpuint (g_list_length (windows), ==, 1);
  window = ISAF_WINDOW (windows->data);
  present_and_wait (window);
  g_assert_cmpstr (get_visible_page (window), ==, "setup");
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));

  /* app.quit closes every window (each saves its state); nothing keeps this one alive. */
  g_object_ref (window);
  g_action_group_activate_action (G_ACTION_GROUP (application), "quit", NULL);
  g_assert_finalize_object (window);
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (application)));
}

static void
test_application_actions (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_auto(GStrv) quit_accels = NULL;
  AdwAboutWindow *about = NULL;

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (application), "quit"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (application), "about"));
  quit_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (application),
                                                       "app.quit");
  g_assert_true (g_strv_contains ((const char * const *) quit_accels, "<Control>q"));

  g_action_group_activate_action (G_ACTION_GROUP (application), "about", NULL);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_ABOUT_WINDOW (toplevel))
        about = ADW_ABOUT_WINDOW (toplevel);
    }
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_version (about), ==, PACKAGE_VERSION);
  g_assert_cmpint (adw_about_window_get_license_type (about), ==, GTK_LICENSE_GPL_3_0);
  g_assert_cmpstr (adw_about_window_get_developer_name (about), ==,
                   _("ISAF Commune developers"));

  isaf_gui_test_destroy_window (about);
}

/* Every page of the sidebar, opened the way a user does (win.show-page), drawn, and with
 * ISAF_SCREENSHOT_DIR set, saved as <dir>/<page>.png: the screenshots of each language. The
 * window must also fit a 1024×768 projector. */
static void
test_window_every_page (Fixture       *fixture,
                        gconstpointer  data)
{
  IsafDemoOptions options = { .commune_code = COMMUNE_CODE, .years = 2, .seed = 5,
                              .last_year = 2025 };
  const char *folder = g_getenv ("ISAF_SCREENSHOT_DIR");
  g_autoptr(GError) error = NULL;
  GtkListBox *sidebar;
  GtkStack *pages;
  IsafWindow *window;
  guint n_pages = 0;
  int minimum_width, minimum_height;

  {
    g_autoptr(IsafDatabase) database = isaf_database_open (fixture->path,
                                                           ISAF_DATABASE_OPEN_CREATE_NEW, &error);

    g_assert_no_error (error);
    g_assert_true (isaf_demo_generate (database, &options, &error));
    isaf_database_close (database);
  }
  if (folder != NULL)
    g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);

  g_settings_set_int (fixture->settings, "window-width", 1366);
  g_settings_set_int (fixture->settings, "window-height", 768);
  g_settings_set_boolean (fixture->settings, "khmer-digits",
                          get_test_digits () == ISAF_DIGITS_KHMER);
  window = isaf_window_new (GTK_APPLICATION (application), fixture->settings);
  isaf_window_open (window, fixture->path, FALSE);
  present_and_wait (window);

  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &minimum_width, NULL,
                      NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_VERTICAL, 1024, &minimum_height, NULL,
                      NULL, NULL);
  g_assert_cmpint (minimum_width, <=, 1024);
  g_assert_cmpint (minimum_height, <=, 768);

  sidebar = GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (window), ISAF_TYPE_WINDOW,
                                                         "sidebar"));
  pages = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), ISAF_TYPE_WINDOW,
                                                    "pages"));
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (sidebar)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      const char *name = gtk_widget_get_name (row);

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", name));
      g_assert_cmpstr (gtk_stack_get_visible_child_name (pages), ==, name);
      g_assert_true (gtk_list_box_row_is_selected (GTK_LIST_BOX_ROW (row)));
      present_and_wait (window);

      if (folder != NULL)
        {
          g_autofree char *file = g_strconcat (name, ".png", NULL);
          g_autofree char *path = g_build_filename (folder, file, NULL);

          isaf_gui_test_save_screenshot (GTK_WIDGET (window), path);
        }
      n_pages++;
    }

  /* Overview, the eight stages and reports at least. */
  g_assert_cmpuint (n_pages, >=, 1 + ISAF_N_STAGES + 1);

  /* Ctrl+Page Down and Up move through the pages. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "overview"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next-page", NULL));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (pages), !=, "overview");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.previous-page", NULL));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (pages), ==, "overview");

  close_window (window);
  g_settings_reset (fixture->settings, "khmer-digits");
}

/* Waits until the overview page has reloaded after a change. */
static void
wait_for_overview (IsafWindow *window)
{
  IsafOverviewPage *page = get_overview_page (window);

  isaf_gui_test_iterate_pending ();
  ISAF_GUI_TEST_WAIT_FOR (!isaf_overview_page_get_loading (page), TIMEOUT_SECONDS);
}

/* Saves @record as a page does: through the store, then tells the window what changed. */
static void
save_and_announce (IsafWindow *window,
                   IsafRecord *record)
{
  IsafContext *context = isaf_window_get_context (window);
  g_autoptr(GPtrArray) records = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (records, record);
  g_assert_true (isaf_store_save (isaf_context_get_store (context), records, &error));
  g_assert_no_error (error);
  isaf_context_data_changed (context, isaf_record_get_table_name (record));
  wait_for_overview (window);
}

/* The warnings the overview shows, as plain sentences. */
static GPtrArray *
shown_warnings (IsafWindow *window)
{
  g_autoptr(GPtrArray) boxes = isaf_gui_test_find_widgets (get_overview_page (window),
                                                           GTK_TYPE_BOX);
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < boxes->len; i++)
    {
      GtkWidget *box = g_ptr_array_index (boxes, i);
      g_autoptr(GPtrArray) labels = NULL;
      GtkLabel *label;

      if (!gtk_widget_has_css_class (box, "isaf-warning") || !gtk_widget_get_visible (box)
          || !gtk_widget_get_visible (gtk_widget_get_parent (box)))
        continue;
      labels = isaf_gui_test_find_widgets (box, GTK_TYPE_LABEL);
      label = g_ptr_array_index (labels, 0);
      g_ptr_array_add (texts, isaf_gui_test_strip_zwsp (gtk_label_get_label (label)));
    }
  return texts;
}

static void
assert_warnings (IsafWindow   *window,
                 IsafWarnings  expected)
{
  const IsafOverview *overview = isaf_overview_page_get_overview (get_overview_page (window));
  g_autoptr(GPtrArray) shown = shown_warnings (window);
  guint n = 0;

  g_assert_cmpint (isaf_overview_get_warnings (overview), ==, expected);
  for (IsafWarnings warning = ISAF_WARNING_FEW_CAFS; warning <= ISAF_WARNING_OVERDUE_ACTIONS;
       warning <<= 1)
    {
      g_autofree char *ascii = NULL;
      g_autofree char *text = NULL;

      if (!(expected & warning))
        continue;
      ascii = isaf_overview_describe_warning (overview, warning);
      text = isaf_format_digits (ascii, get_test_digits ());
      g_assert_cmpuint (n, <, shown->len);
      g_assert_cmpstr (g_ptr_array_index (shown, n), ==, text);
      n++;
    }
  g_assert_cmpuint (shown->len, ==, n);
}

static IsafRecord *
new_caf (const char *name,
         const char *sex,
         gboolean    official)
{
  IsafRecord *caf = isaf_record_new ("caf");

  isaf_record_set_text (caf, "name_km", name);
  isaf_record_set_text (caf, "sex", sex);
  isaf_record_set_boolean (caf, "is_village_official", official);
  return caf;
}

/* The overview shows each warning for data that triggers it, and not otherwise, and its
 * counts follow what other pages save (a new CAF counts at once). */
static void
test_window_warnings_and_counts (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(IsafRecord) a = new_caf ("ចាន់ ដារា", "m", FALSE);
  g_autoptr(IsafRecord) b = new_caf ("ហេង សុខា", "m", FALSE);
  g_autoptr(IsafRecord) c = new_caf ("លី វិបុល", "m", FALSE);
  g_autoptr(IsafRecord) woman = new_caf ("សុខ ស្រីពៅ", "f", TRUE);
  g_autoptr(IsafRecord) action = isaf_record_new ("jaap_action");
  g_autoptr(IsafRecord) cycle = NULL;
  g_autoptr(GPtrArray) cycles = NULL;
  g_autoptr(GError) error = NULL;
  IsafWindow *window;

  create_database (fixture->path);
  g_settings_set_boolean (fixture->settings, "khmer-digits",
                          get_test_digits () == ISAF_DIGITS_KHMER);
  window = isaf_window_new (GTK_APPLICATION (application), fixture->settings);
  isaf_window_open (window, fixture->path, FALSE);
  present_and_wait (window);

  assert_warnings (window, ISAF_WARNING_FEW_CAFS);

  save_and_announce (window, a);
  g_assert_cmpint (isaf_overview_page_get_overview (get_overview_page (window))->n_active_cafs, ==,
                   1);
  save_and_announce (window, b);
  assert_warnings (window, ISAF_WARNING_FEW_CAFS | ISAF_WARNING_NO_WOMAN_CAF);
  save_and_announce (window, c);
  assert_warnings (window, ISAF_WARNING_NO_WOMAN_CAF);
  save_and_announce (window, woman);
  assert_warnings (window, ISAF_WARNING_OFFICIAL_CAFS);
  isaf_record_set_boolean (woman, "is_village_official", FALSE);
  save_and_announce (window, woman);
  assert_warnings (window, 0);

  cycles = isaf_store_list (isaf_context_get_store (isaf_window_get_context (window)), "cycle",
                            NULL, NULL, &error);
  cycle = g_object_ref (g_ptr_array_index (cycles, 0));
  isaf_record_set_reference (action, "cycle_id", isaf_record_get_id (cycle));
  isaf_record_set_text (action, "action_group", "kha");
  isaf_record_set_text (action, "activity", "សម្អាតបន្ទប់រង់ចាំ");
  isaf_record_set_text (action, "start_on", "2024-07-01");
  isaf_record_set_text (action, "end_on", "2024-09-30");
  isaf_record_set_text (action, "status", "ongoing");
  save_and_announce (window, action);
  assert_warnings (window, ISAF_WARNING_OVERDUE_ACTIONS);
  isaf_record_set_text (action, "status", "completed");
  save_and_announce (window, action);
  assert_warnings (window, 0);

  close_window (window);
  g_settings_reset (fixture->settings, "khmer-digits");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int result;

  /* The usual database is chosen by the tests, never by the environment they run in. */
  g_unsetenv ("ISAF_COMMUNE_DB");
  isaf_gui_test_init (&argc, &argv);

  application = isaf_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (application), NULL, &error));
  g_assert_no_error (error);

  g_test_add ("/window/overview", Fixture, NULL, fixture_set_up, test_window_overview,
              fixture_tear_down);
  g_test_add ("/window/demo-database", Fixture, NULL, fixture_set_up, test_window_demo_database,
              fixture_tear_down);
  g_test_add ("/window/warnings-and-counts", Fixture, NULL, fixture_set_up,
              test_window_warnings_and_counts, fixture_tear_down);
  g_test_add ("/window/every-page", Fixture, NULL, fixture_set_up, test_window_every_page,
              fixture_tear_down);
  g_test_add ("/window/khmer-digits", Fixture, NULL, fixture_set_up, test_window_khmer_digits,
              fixture_tear_down);
  g_test_add ("/window/not-a-database", Fixture, NULL, fixture_set_up,
              test_window_not_a_database, fixture_tear_down);
  g_test_add ("/window/missing-file", Fixture, NULL, fixture_set_up, test_window_missing_file,
              fixture_tear_down);
  g_test_add ("/window/first-run", Fixture, NULL, fixture_set_up, test_window_first_run,
              fixture_tear_down);
  g_test_add ("/window/no-commune", Fixture, NULL, fixture_set_up, test_window_no_commune,
              fixture_tear_down);
  g_test_add ("/window/no-cycle", Fixture, NULL, fixture_set_up, test_window_no_cycle,
              fixture_tear_down);
  g_test_add ("/window/close-while-loading", Fixture, NULL, fixture_set_up,
              test_window_close_while_loading, fixture_tear_down);
  g_test_add ("/application/activate", Fixture, NULL, fixture_set_up,
              test_application_activate, fixture_tear_down);
  g_test_add_func ("/application/actions", test_application_actions);

  result = g_test_run ();
  g_object_unref (application);
  return result;
}
