/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtk/gtkunixprint.h>
#include <string.h>

#include "isaf-context.h"
#include "isaf-database.h"
#include "isaf-demo.h"
#include "isaf-document-actions.h"
#include "isaf-gui-test-helpers.h"
#include "isaf-report-document.h"
#include "isaf-reports-page.h"
#include "isaf-store.h"
#include "isaf-test-helpers.h"

/* The Reports page on a real demo database: the JAAP printed through the real print dialog,
 * landscape, reaches the printer exactly as isafctl makes it; the committee's monthly report
 * opened as CSV is the one isafctl makes; the months offered are those the committee met in;
 * a year with nothing to report says so, and nothing goes to the printer. */

#define YEAR 2025
#define TIMEOUT_SECONDS 60

typedef struct {
  char *dir;
  char *path;
  IsafDatabase *database;
  IsafStore *store;
  GSettings *settings;
  IsafContext *context;
  GtkWindow *window;
  IsafReportsPage *page;
  GPtrArray *toasts;
} Fixture;

static void
on_toast_cb (Fixture  *fixture,
             AdwToast *toast)
{
  g_ptr_array_add (fixture->toasts, g_strdup (adw_toast_get_title (toast)));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  IsafDemoOptions options = { .commune_code = ISAF_TEST_COMMUNE, .years = 1, .seed = 6,
                              .last_year = YEAR };
  g_autoptr(GError) error = NULL;

  fixture->dir = isaf_gui_test_make_dir ("isaf-reports-page-XXXXXX");
  fixture->path = g_build_filename (fixture->dir, "commune.sqlite", NULL);
  fixture->database = isaf_database_open (fixture->path, ISAF_DATABASE_OPEN_CREATE_NEW, &error);
  g_assert_no_error (error);
  g_assert_true (isaf_demo_generate (fixture->database, &options, &error));
  g_assert_no_error (error);
  fixture->store = isaf_store_new (fixture->database);

  fixture->settings = g_settings_new (APP_ID);
  fixture->context = isaf_context_new (fixture->database, fixture->settings);
  isaf_context_set_year (fixture->context, YEAR);
  fixture->toasts = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect_swapped (fixture->context, "toast", G_CALLBACK (on_toast_cb), fixture);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 794, 700);
  fixture->page = ISAF_REPORTS_PAGE (isaf_reports_page_new (fixture->context));
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  gtk_window_present (fixture->window);
  isaf_gui_test_iterate_for (200);
  isaf_gui_test_wait_for_frame (GTK_WIDGET (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_object_add_weak_pointer (G_OBJECT (fixture->page), (gpointer *) &fixture->page);
  gtk_window_destroy (fixture->window);
  isaf_gui_test_iterate_for (100);
  g_assert_null (fixture->page);

  g_ptr_array_unref (fixture->toasts);
  g_signal_handlers_disconnect_by_data (fixture->context, fixture);
  g_assert_finalize_object (fixture->context);
  g_assert_finalize_object (fixture->settings);
  g_clear_object (&fixture->store);
  isaf_database_close (fixture->database);
  g_assert_finalize_object (fixture->database);
  g_free (fixture->path);
  isaf_gui_test_remove_dir (fixture->dir);
}

static AdwComboRow *
find_choice (Fixture    *fixture,
             const char *title)
{
  g_autoptr(GPtrArray) rows = isaf_gui_test_find_widgets (fixture->page, ADW_TYPE_COMBO_ROW);

  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), title))
      return g_ptr_array_index (rows, i);
  g_error ("No choice “%s”", title);
}

static gboolean
has_months (Fixture *fixture)
{
  AdwComboRow *months = find_choice (fixture, _("Month of the Committee Meeting"));
  GListModel *model = adw_combo_row_get_model (months);

  return model != NULL && g_list_model_get_n_items (model) == 12;
}

static gboolean
has_selected_printer (gpointer dialog)
{
  return gtk_print_unix_dialog_get_selected_printer (dialog) != NULL;
}

/* Prints the report of @kind through the real print dialog to GTK's "Print to File" printer,
 * writing @path. */
static GtkPageOrientation
print_to_file (Fixture        *fixture,
               IsafReportKind  kind,
               const char     *path)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autoptr(GtkPrintSettings) settings = gtk_print_settings_new ();
  guint toasts = fixture->toasts->len;
  GtkPrintUnixDialog *dialog;
  GtkPageOrientation orientation;

  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "reports.run", "(iib)", kind,
                              ISAF_DOCUMENT_PRINT, FALSE);
  ISAF_GUI_TEST_WAIT_FOR (isaf_gui_test_find_toplevel (GTK_TYPE_PRINT_UNIX_DIALOG) != NULL,
                          TIMEOUT_SECONDS);
  dialog = isaf_gui_test_find_toplevel (GTK_TYPE_PRINT_UNIX_DIALOG);
  orientation = gtk_page_setup_get_orientation (gtk_print_unix_dialog_get_page_setup (dialog));

  /* GTK's file printer, by its name in GTK's translations; found asynchronously. */
  gtk_print_settings_set_printer (settings, g_dgettext ("gtk40", "Print to File"));
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_URI, uri);
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_FILE_FORMAT, "pdf");
  gtk_print_unix_dialog_set_settings (dialog, settings);
  isaf_gui_test_wait_until (has_selected_printer, dialog, TIMEOUT_SECONDS);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
  ISAF_GUI_TEST_WAIT_FOR (fixture->toasts->len > toasts, TIMEOUT_SECONDS);
  g_assert_cmpstr (g_ptr_array_index (fixture->toasts, fixture->toasts->len - 1), ==,
                   _("Report sent to the printer"));
  return orientation;
}

static void
assert_file_is_report (Fixture                 *fixture,
                       const char              *path,
                       const IsafReportRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) made = isaf_report_document_make (fixture->database, request, &error);
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, g_bytes_get_data (made, NULL), g_bytes_get_size (made));
}

/* The copy the viewer is given, in the cache folder. */
static char *
dup_cached_path (const IsafReportRequest *request)
{
  g_autofree char *name = isaf_report_document_dup_file_name (request);

  return g_build_filename (g_get_user_cache_dir (), "kh.gov.ncdd.IsafCommune", name, NULL);
}

static void
test_print_plan (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *printed = g_build_filename (fixture->dir, "printed.pdf", NULL);
  IsafReportRequest request = { ISAF_REPORT_JAAP, YEAR, 0, NULL, FALSE,
                                ISAF_POSTER_LANGUAGE_BOTH };

  /* The plan is landscape, and the printer gets it as isafctl makes it. */
  g_assert_cmpint (print_to_file (fixture, ISAF_REPORT_JAAP, printed), ==,
                   GTK_PAGE_ORIENTATION_LANDSCAPE);
  assert_file_is_report (fixture, printed, &request);
}

static void
test_open_monthly_csv (Fixture       *fixture,
                       gconstpointer  data)
{
  /* The latest month is offered first: the committee's June meeting of the next year. */
  IsafReportRequest request = { ISAF_REPORT_MONTHLY, YEAR + 1, 6, NULL, TRUE,
                                ISAF_POSTER_LANGUAGE_BOTH };
  g_autofree char *cached = dup_cached_path (&request);
  guint toasts = fixture->toasts->len;

  ISAF_GUI_TEST_WAIT_FOR (has_months (fixture), TIMEOUT_SECONDS);
  g_remove (cached);

  /* Open hands the viewer a copy; this machine has no viewer, which it says. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "reports.run", "(iib)",
                              ISAF_REPORT_MONTHLY, ISAF_DOCUMENT_PREVIEW, TRUE);
  ISAF_GUI_TEST_WAIT_FOR (fixture->toasts->len > toasts
                          || g_file_test (cached, G_FILE_TEST_EXISTS), TIMEOUT_SECONDS);
  ISAF_GUI_TEST_WAIT_FOR (g_file_test (cached, G_FILE_TEST_EXISTS), TIMEOUT_SECONDS);
  isaf_gui_test_iterate_for (500);
  assert_file_is_report (fixture, cached, &request);
}

static void
test_nothing_to_report (Fixture       *fixture,
                        gconstpointer  data)
{
  guint toasts = fixture->toasts->len;
  g_autofree char *expected = g_strdup_printf (_("There is no JAAP for %d yet."), YEAR + 3);

  /* A year the commune has not run yet: no plan. Said in a toast, and no print dialog. */
  isaf_context_set_year (fixture->context, YEAR + 3);
  isaf_gui_test_iterate_for (200);
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "reports.run", "(iib)",
                              ISAF_REPORT_CIP, ISAF_DOCUMENT_PRINT, FALSE);
  ISAF_GUI_TEST_WAIT_FOR (fixture->toasts->len > toasts, TIMEOUT_SECONDS);
  g_test_message ("Said: %s", (char *) g_ptr_array_index (fixture->toasts, toasts));
  g_assert_nonnull (strstr (g_ptr_array_index (fixture->toasts, toasts), expected));
  g_assert_null (isaf_gui_test_find_toplevel (GTK_TYPE_PRINT_UNIX_DIALOG));
}

int
main (int   argc,
      char *argv[])
{
  isaf_gui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/reports-page/print-plan", test_print_plan);
  ADD ("/reports-page/open-monthly-csv", test_open_monthly_csv);
  ADD ("/reports-page/nothing-to-report", test_nothing_to_report);

#undef ADD

  return g_test_run ();
}
