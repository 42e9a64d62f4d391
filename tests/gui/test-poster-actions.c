/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtkunixprint.h>
#include <stdio.h>

#include "isaf-context.h"
#include "isaf-database.h"
#include "isaf-demo.h"
#include "isaf-gui-test-helpers.h"
#include "isaf-poster-actions.h"
#include "isaf-store.h"

#define COMMUNE_CODE "010201"
#define LAST_YEAR 2025
#define TIMEOUT_SECONDS 60

/* The poster's work without its dialogs, on a demo database in a temporary folder. */
typedef struct {
  char *dir;
  IsafDatabase *database;
  GSettings *settings;
  IsafContext *context;
  GAsyncResult *result;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  IsafDemoOptions options = { .commune_code = COMMUNE_CODE, .years = 1, .seed = 7,
                              .last_year = LAST_YEAR };
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = isaf_gui_test_make_dir ("isaf-poster-actions-XXXXXX");
  path = g_build_filename (fixture->dir, "commune.sqlite", NULL);
  fixture->database = isaf_database_open (path, ISAF_DATABASE_OPEN_CREATE_NEW, &error);
  g_assert_no_error (error);
  g_assert_true (isaf_demo_generate (fixture->database, &options, &error));
  g_assert_no_error (error);
  fixture->settings = g_settings_new (APP_ID);
  fixture->context = isaf_context_new (fixture->database, fixture->settings);
  isaf_context_set_year (fixture->context, LAST_YEAR);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->result);
  g_assert_finalize_object (fixture->context);
  g_assert_finalize_object (fixture->settings);
  isaf_database_close (fixture->database);
  g_assert_finalize_object (fixture->database);
  isaf_gui_test_remove_dir (fixture->dir);
}

static char *
dup_unit_code (Fixture    *fixture,
               const char *kind)
{
  g_autoptr(IsafStore) store = isaf_store_new (fixture->database);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) units = isaf_store_list (store, "service_unit", NULL, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < units->len; i++)
    if (g_strcmp0 (isaf_record_get_text (g_ptr_array_index (units, i), "kind"), kind) == 0)
      return g_strdup (isaf_record_get_text (g_ptr_array_index (units, i), "code"));
  g_assert_not_reached ();
}

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fixture *fixture = user_data;

  fixture->result = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return ((Fixture *) data)->result != NULL;
}

static void
save_and_check (Fixture            *fixture,
                const char         *unit_code,
                IsafPosterSize      size,
                IsafPosterLanguage  language,
                const char         *name)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *output = NULL;
  g_autofree char *qpdf = NULL;
  gsize length = 0;
  int status = -1;
  const char *argv[] = { "qpdf", "--check", path, NULL };

  g_clear_object (&fixture->result);
  isaf_poster_actions_save_file_async (fixture->context, unit_code, LAST_YEAR, size, language,
                                       file, NULL, on_done_cb, fixture);
  isaf_gui_test_wait_until (has_result, fixture, TIMEOUT_SECONDS);
  g_assert_true (isaf_poster_actions_save_file_finish (fixture->result, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF"));

  qpdf = g_find_program_in_path ("qpdf");
  if (qpdf == NULL)
    {
      g_test_message ("qpdf is not installed: the PDF's structure is not checked");
      return;
    }
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &output, NULL, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("qpdf --check %s failed:\n%s", path, output);
}

static void
test_save_one (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *code = dup_unit_code (fixture, "health_centre");
  g_autofree char *name = g_strdup_printf ("i4c-%s-%d.pdf", code, LAST_YEAR);

  save_and_check (fixture, code, ISAF_POSTER_SIZE_A3, ISAF_POSTER_LANGUAGE_BOTH, name);
  save_and_check (fixture, code, ISAF_POSTER_SIZE_A4, ISAF_POSTER_LANGUAGE_KHMER, "a4-km.pdf");
}

static void
test_save_all (Fixture       *fixture,
               gconstpointer  data)
{
  save_and_check (fixture, NULL, ISAF_POSTER_SIZE_A3, ISAF_POSTER_LANGUAGE_BOTH,
                  "i4c-all-2025.pdf");
}

static void
test_unknown_unit (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "none.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  isaf_poster_actions_save_file_async (fixture->context, "no-such-unit", LAST_YEAR,
                                       ISAF_POSTER_SIZE_A3, ISAF_POSTER_LANGUAGE_BOTH, file,
                                       NULL, on_done_cb, fixture);
  isaf_gui_test_wait_until (has_result, fixture, TIMEOUT_SECONDS);
  g_assert_false (isaf_poster_actions_save_file_finish (fixture->result, &error));
  g_assert_nonnull (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
on_toast_cb (IsafContext *context,
             AdwToast    *toast,
             char       **title)
{
  g_free (*title);
  *title = g_strdup (adw_toast_get_title (toast));
}

static gboolean
has_selected_printer (gpointer dialog)
{
  return gtk_print_unix_dialog_get_selected_printer (dialog) != NULL;
}

/* Print, through the real dialogs, to GTK's "Print to File" printer: what reaches the printer
 * is the poster's PDF, of the chosen paper size. */
static void
test_print_to_file (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *code = dup_unit_code (fixture, "primary_school");
  g_autofree char *path = g_build_filename (fixture->dir, "printed.pdf", NULL);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autoptr(GtkPrintSettings) settings = gtk_print_settings_new ();
  g_autofree char *toast = NULL;
  g_autofree char *name = g_strdup_printf ("i4c-%s-%d.pdf", code, LAST_YEAR);
  g_autofree char *cached = g_build_filename (g_get_user_cache_dir (), "kh.gov.ncdd.IsafCommune",
                                              name, NULL);
  g_autofree char *contents = NULL;
  g_autofree char *made = NULL;
  const char *media_box;
  double box[4];
  gsize made_length;
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  AdwMessageDialog *options;
  GtkPrintUnixDialog *dialog;
  AdwComboRow *size_row;
  GtkPrinter *printer;
  gsize length;

  g_signal_connect (fixture->context, "toast", G_CALLBACK (on_toast_cb), &toast);
  gtk_window_present (window);
  isaf_poster_actions_print (window, fixture->context, code, LAST_YEAR);

  ISAF_GUI_TEST_WAIT_FOR (isaf_gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL,
                          TIMEOUT_SECONDS);
  options = isaf_gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  size_row = g_object_get_data (G_OBJECT (options), "size-row");
  adw_combo_row_set_selected (size_row, 0); /* A4 */
  adw_message_dialog_response (options, "continue");

  ISAF_GUI_TEST_WAIT_FOR (isaf_gui_test_find_toplevel (GTK_TYPE_PRINT_UNIX_DIALOG) != NULL,
                          TIMEOUT_SECONDS);
  dialog = isaf_gui_test_find_toplevel (GTK_TYPE_PRINT_UNIX_DIALOG);
  g_assert_cmpfloat_with_epsilon (
    gtk_page_setup_get_paper_width (gtk_print_unix_dialog_get_page_setup (dialog), GTK_UNIT_MM),
    210, 0.5);

  /* GTK's file printer, by its name in GTK's translations; found asynchronously, like
   * every printer. */
  gtk_print_settings_set_printer (settings, g_dgettext ("gtk40", "Print to File"));
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_URI, uri);
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_FILE_FORMAT, "pdf");
  gtk_print_unix_dialog_set_settings (dialog, settings);
  isaf_gui_test_wait_until (has_selected_printer, dialog, TIMEOUT_SECONDS);
  printer = gtk_print_unix_dialog_get_selected_printer (dialog);
  g_assert_true (gtk_printer_is_virtual (printer));
  g_assert_true (gtk_printer_accepts_pdf (printer));
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);

  ISAF_GUI_TEST_WAIT_FOR (toast != NULL, TIMEOUT_SECONDS);
  g_assert_cmpstr (toast, ==, _("Poster sent to the printer"));
  /* The printer got the poster's PDF as it was made, A4 portrait (595.28 × 841.89 pt). */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (g_file_get_contents (cached, &made, &made_length, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF"));
  g_assert_cmpmem (contents, length, made, made_length);
  media_box = g_strstr_len (contents, length, "/MediaBox [");
  g_assert_nonnull (media_box);
  g_assert_cmpint (sscanf (media_box, "/MediaBox [ %lf %lf %lf %lf ]", &box[0], &box[1], &box[2],
                           &box[3]), ==, 4);
  g_assert_cmpfloat_with_epsilon (box[2], 595.28, 0.1);
  g_assert_cmpfloat_with_epsilon (box[3], 841.89, 0.1);

  g_signal_handlers_disconnect_by_func (fixture->context, on_toast_cb, &toast);
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  isaf_gui_test_init (&argc, &argv);
  adw_init ();

  g_test_add ("/poster-actions/save-one", Fixture, NULL, fixture_set_up, test_save_one,
              fixture_tear_down);
  g_test_add ("/poster-actions/save-all", Fixture, NULL, fixture_set_up, test_save_all,
              fixture_tear_down);
  g_test_add ("/poster-actions/unknown-unit", Fixture, NULL, fixture_set_up,
              test_unknown_unit, fixture_tear_down);
  g_test_add ("/poster-actions/print-to-file", Fixture, NULL, fixture_set_up,
              test_print_to_file, fixture_tear_down);

  return g_test_run ();
}
