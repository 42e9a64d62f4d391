/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "isaf-application.h"
#include "isaf-backup-actions.h"
#include "isaf-backup.h"
#include "isaf-context.h"
#include "isaf-database.h"
#include "isaf-error.h"
#include "isaf-gui-test-helpers.h"
#include "isaf-preferences-window.h"
#include "isaf-store.h"
#include "isaf-test-helpers.h"

#define TIMEOUT_SECONDS 20

/* Registered once, as the real application is: its resources and actions are in place. */
static IsafApplication *application;

typedef struct {
  char *dir;
  char *path;
  GSettings *settings;
  IsafDatabase *database;
  IsafContext *context;
  guint n_data_changed;
  char *changed_table;
  guint n_toasts;
} Fixture;

static void
on_data_changed_cb (IsafContext *context,
                    const char  *table,
                    Fixture     *fixture)
{
  fixture->n_data_changed++;
  g_free (fixture->changed_table);
  fixture->changed_table = g_strdup (table);
}

static void
on_toast_cb (IsafContext *context,
             AdwToast    *toast,
             Fixture     *fixture)
{
  fixture->n_toasts++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = isaf_gui_test_make_dir ("isaf-preferences-XXXXXX");
  fixture->path = g_build_filename (fixture->dir, "commune.sqlite", NULL);
  fixture->settings = g_settings_new (APP_ID);
}

static void
save_caf (IsafStore  *store,
          const char *name)
{
  g_autoptr(IsafRecord) caf = isaf_record_new ("caf");

  isaf_record_set_text (caf, "name_km", name);
  isaf_record_set_text (caf, "sex", "f");
  isaf_test_save (store, caf, NULL);
}

/* The commune's database with one CAF, left open behind a context as a window has it. */
static void
fixture_set_up_database (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture_set_up (fixture, data);
  fixture->database = isaf_database_open (fixture->path, ISAF_DATABASE_OPEN_CREATE_NEW, &error);
  g_assert_no_error (error);
  fixture->context = isaf_context_new (fixture->database, fixture->settings);
  g_assert_true (isaf_store_create_commune (isaf_context_get_store (fixture->context),
                                            ISAF_TEST_COMMUNE, &error));
  g_assert_no_error (error);
  save_caf (isaf_context_get_store (fixture->context), "សុខ ស្រីពៅ");

  g_signal_connect (fixture->context, "data-changed", G_CALLBACK (on_data_changed_cb), fixture);
  g_signal_connect (fixture->context, "toast", G_CALLBACK (on_toast_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->database != NULL)
    {
      isaf_database_close (fixture->database);
      g_assert_finalize_object (fixture->context);
      g_assert_finalize_object (fixture->database);
    }

  isaf_gui_test_remove_dir (fixture->dir);

  /* Change notifications still on their way hold the settings. */
  isaf_gui_test_iterate_pending ();
  g_assert_finalize_object (fixture->settings);
  g_free (fixture->changed_table);
  g_free (fixture->path);
}

/* Main loop --------------------------------------------------------------------------- */

/* Iterates the main loop until @condition holds, for at most TIMEOUT_SECONDS. */
#define WAIT_FOR(condition) ISAF_GUI_TEST_WAIT_FOR (condition, TIMEOUT_SECONDS)

typedef struct {
  GMainLoop *loop;
  GAsyncResult *result;
} Waiter;

static void
on_ready_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
  g_main_loop_quit (waiter->loop);
}

static gboolean
on_loop_timeout_cb (gpointer user_data)
{
  Waiter *waiter = user_data;

  g_main_loop_quit (waiter->loop);
  return G_SOURCE_REMOVE;
}

/* Runs a main loop until the operation started with on_ready_cb and @waiter ends. */
static GAsyncResult *
wait_for_result (Waiter *waiter)
{
  guint timeout_id = g_timeout_add_seconds (TIMEOUT_SECONDS, on_loop_timeout_cb, waiter);

  g_main_loop_run (waiter->loop);
  g_assert_nonnull (waiter->result);
  g_source_remove (timeout_id);
  g_main_loop_unref (waiter->loop);
  return waiter->result;
}

static gboolean
back_up (Fixture     *fixture,
         const char  *path,
         GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;
  Waiter waiter = { g_main_loop_new (NULL, FALSE), NULL };

  isaf_backup_actions_back_up_file_async (fixture->context, file, NULL, on_ready_cb, &waiter);
  result = wait_for_result (&waiter);
  return isaf_backup_actions_back_up_file_finish (fixture->context, result, error);
}

static gboolean
restore (Fixture     *fixture,
         const char  *path,
         char       **kept_copy,
         GPtrArray  **problems,
         GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;
  Waiter waiter = { g_main_loop_new (NULL, FALSE), NULL };

  isaf_backup_actions_restore_file_async (fixture->context, file, NULL, on_ready_cb, &waiter);
  result = wait_for_result (&waiter);
  return isaf_backup_actions_restore_file_finish (fixture->context, result, kept_copy, problems,
                                                  error);
}

/* Widgets ----------------------------------------------------------------------------- */

/* Whether @root shows @text in a label on screen. */
static gboolean
has_label (gpointer    root,
           const char *text)
{
  g_autoptr(GPtrArray) labels = isaf_gui_test_find_widgets (root, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    {
      GtkLabel *label = g_ptr_array_index (labels, i);
      g_autofree char *shown = isaf_gui_test_strip_zwsp (gtk_label_get_text (label));

      if (g_str_equal (shown, text) && gtk_widget_get_mapped (GTK_WIDGET (label)))
        return TRUE;
    }
  return FALSE;
}

static gpointer
get_child (gpointer    window,
           const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (window),
                                                  ISAF_TYPE_PREFERENCES_WINDOW, name);

  g_assert_nonnull (child);
  return child;
}

static AdwMessageDialog *
find_message_dialog (const char *heading)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel)
          && gtk_widget_get_visible (GTK_WIDGET (toplevel))
          && g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (toplevel)),
                        heading) == 0)
        return ADW_MESSAGE_DIALOG (toplevel);
    }
  return NULL;
}

static gboolean
chooser_is_in (GtkFileChooser *chooser,
               const char     *path)
{
  g_autoptr(GFile) folder = gtk_file_chooser_get_current_folder (chooser);

  return folder != NULL && g_strcmp0 (g_file_peek_path (folder), path) == 0;
}

/* The chooser selects a file once it has loaded its folder. */
static gboolean
chooser_has_file (GtkFileChooser *chooser,
                  GFile          *file)
{
  g_autoptr(GFile) selected = gtk_file_chooser_get_file (chooser);

  return selected != NULL && g_file_equal (selected, file);
}

/* Presents @window and waits for a frame drawn with what it shows. */
static void
present_and_wait (GtkWindow *window)
{
  gtk_window_present (window);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)));
  isaf_gui_test_wait_for_frame (GTK_WIDGET (window));
}

/* Saves what @widget shows when the test run asks for screenshots (ISAF_SCREENSHOT_DIR), as
 * NAME.png, or NAME-km.png in the Khmer run. */
static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autofree char *file_name = g_strdup_printf ("%s%s.png", name,
                                                isaf_gui_test_is_khmer_run () ? "-km" : "");

  isaf_gui_test_save_screenshot_in_dir (widget, file_name);
}

/* Files ------------------------------------------------------------------------------- */

/* A copy of @source with 4 KiB of garbage written over its middle, as a failing USB stick
 * leaves a file: the header is intact, so it still looks like a database. */
static void
write_damaged_copy (const char *source,
                    const char *destination)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260312);
  gsize length;
  gsize start;

  g_assert_true (g_file_get_contents (source, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >=, 4 * 4096);
  start = length / 2;
  for (gsize i = start; i < start + 4096; i++)
    contents[i] = (char) g_rand_int_range (rand, 0, 256);
  g_assert_true (g_file_set_contents (destination, contents, length, &error));
  g_assert_no_error (error);
}

/* The copies a restore keeps of the data it replaces. */
static guint
count_kept_copies (Fixture *fixture)
{
  g_autofree char *folder = isaf_backup_default_folder (fixture->database);
  g_auto(GStrv) names = NULL;
  guint n = 0;

  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    return 0;
  names = isaf_test_list_dir (folder);
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_has_prefix (names[i], "isaf-commune-before-restore-"))
      n++;
  return n;
}

/* Preferences ------------------------------------------------------------------------- */

static void
test_preferences_window (Fixture       *fixture,
                         gconstpointer  data)
{
  /* A folder name that is not valid markup, as a clerk may well choose. */
  g_autofree char *folder = g_build_filename (fixture->dir, "Clerk's files & <backups>", NULL);
  g_autofree char *path = g_build_filename (folder, "commune.sqlite", NULL);
  g_autofree char *default_backups = g_build_filename (folder, "backups", NULL);
  g_autofree char *expected_default = g_strdup_printf (_("Next to the database: %s"),
                                                       default_backups);
  GtkWindow *window = isaf_preferences_window_new (NULL, fixture->settings, path);
  AdwComboRow *language_row = get_child (window, "language_row");
  GtkSwitch *digits_switch = get_child (window, "digits_switch");
  GtkWidget *reset_button = get_child (window, "reset_folder_button");
  GtkSpinButton *kept_spin = get_child (window, "backups_kept_spin");
  AdwActionRow *folder_row = get_child (window, "backup_folder_row");
  g_autoptr(GFile) chosen_folder = g_file_new_for_path (fixture->dir);
  GtkFileChooser *chooser;

  g_assert_true (ISAF_IS_PREFERENCES_WINDOW (window));
  gtk_window_set_default_size (window, 640, 640);
  present_and_wait (window);

  /* The database's location, on screen as it is. */
  g_assert_true (has_label (window, path));
  g_assert_true (has_label (window, expected_default));
  g_assert_false (gtk_widget_get_sensitive (reset_button));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (kept_spin), ==, ISAF_BACKUPS_KEPT);
  g_assert_cmpuint (adw_combo_row_get_selected (language_row), ==, 0);
  g_assert_false (gtk_switch_get_active (digits_switch));

  save_screenshot (GTK_WIDGET (window), "preferences");

  /* Digits apply at once: the switch writes the key (once it has slid across). */
  gtk_widget_activate (GTK_WIDGET (digits_switch));
  WAIT_FOR (gtk_switch_get_active (digits_switch));
  g_assert_true (g_settings_get_boolean (fixture->settings, "khmer-digits"));
  gtk_widget_activate (GTK_WIDGET (digits_switch));
  WAIT_FOR (!gtk_switch_get_active (digits_switch));
  g_assert_false (g_settings_get_boolean (fixture->settings, "khmer-digits"));

  /* The language is written for the next start, and read back. */
  adw_combo_row_set_selected (language_row, 1);
  g_assert_cmpint (g_settings_get_enum (fixture->settings, "language"), ==, 1);
  {
    g_autofree char *language = g_settings_get_string (fixture->settings, "language");

    g_assert_cmpstr (language, ==, "km");
  }
  adw_combo_row_set_selected (language_row, 2);
  {
    g_autofree char *language = g_settings_get_string (fixture->settings, "language");

    g_assert_cmpstr (language, ==, "en");
  }
  g_settings_set_string (fixture->settings, "language", "system");
  g_assert_cmpuint (adw_combo_row_get_selected (language_row), ==, 0);

  /* Activating the row (Enter on it) opens the folder chooser; the folder chosen is saved
   * and shown. A button shows itself pressed for a moment before it acts. */
  adw_action_row_activate (folder_row);
  WAIT_FOR ((chooser = isaf_gui_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG)) != NULL);
  g_assert_cmpint (gtk_file_chooser_get_action (chooser), ==,
                   GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);
  gtk_file_chooser_set_current_folder (chooser, chosen_folder, NULL);
  WAIT_FOR (chooser_is_in (chooser, fixture->dir));
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  WAIT_FOR (has_label (window, fixture->dir));
  {
    g_autofree char *backup_folder = g_settings_get_string (fixture->settings, "backup-folder");

    g_assert_cmpstr (backup_folder, ==, fixture->dir);
  }
  g_assert_true (gtk_widget_get_sensitive (reset_button));

  /* The reset button goes back to the usual folder. */
  gtk_widget_activate (reset_button);
  WAIT_FOR (has_label (window, expected_default));
  {
    g_autofree char *backup_folder = g_settings_get_string (fixture->settings, "backup-folder");

    g_assert_cmpstr (backup_folder, ==, "");
  }
  g_assert_false (gtk_widget_get_sensitive (reset_button));

  gtk_spin_button_set_value (kept_spin, 30);
  g_assert_cmpint (g_settings_get_int (fixture->settings, "backups-kept"), ==, 30);
  g_settings_reset (fixture->settings, "backups-kept");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (kept_spin), ==, ISAF_BACKUPS_KEPT);

  isaf_gui_test_destroy_window (window);
}

/* app.preferences (Ctrl+,) shows the database the application opens. */
static void
test_application_preferences (Fixture       *fixture,
                              gconstpointer  data)
{
  g_auto(GStrv) accels = NULL;
  IsafPreferencesWindow *window;

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (application),
                                                  "app.preferences");
  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>comma"));

  g_settings_set_string (fixture->settings, "database-path", fixture->path);
  g_action_group_activate_action (G_ACTION_GROUP (application), "preferences", NULL);
  g_settings_reset (fixture->settings, "database-path");

  window = isaf_gui_test_find_toplevel (ISAF_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (window);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_true (has_label (window, fixture->path));
  isaf_gui_test_destroy_window (window);
}

/* GtkApplication finds the shortcuts window by its resource path and gives it to every
 * application window, with Ctrl+? to show it. */
static void
test_help_overlay (void)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (application));
  g_auto(GStrv) help_accels = NULL;
  g_auto(GStrv) backup_accels = NULL;
  GtkShortcutsWindow *overlay;

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "show-help-overlay"));
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);
  help_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (application),
                                                       "win.show-help-overlay");
  g_assert_true (g_strv_contains ((const char * const *) help_accels, "<Control>question"));
  backup_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (application),
                                                         "win.backup");
  g_assert_true (g_strv_contains ((const char * const *) backup_accels, "<Control>b"));

  gtk_window_present (GTK_WINDOW (window));
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-help-overlay", NULL);
  present_and_wait (GTK_WINDOW (overlay));
  save_screenshot (GTK_WIDGET (overlay), "shortcuts");
  gtk_widget_set_visible (GTK_WIDGET (overlay), FALSE);

  isaf_gui_test_destroy_window (window);
}

/* Back up now ------------------------------------------------------------------------- */

static void
test_back_up (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *destination = g_build_filename (fixture->dir, "copy.sqlite", NULL);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) direct_error = NULL;
  g_autoptr(GHashTable) original = NULL;
  g_autoptr(GHashTable) copied = NULL;

  g_assert_true (back_up (fixture, destination, &error));
  g_assert_no_error (error);
  g_assert_true (isaf_backup_check_file (destination, &problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);

  original = isaf_test_dump_file (fixture->path);
  copied = isaf_test_dump_file (destination);
  isaf_test_assert_dumps_equal (original, copied);

  /* Never over an existing file: the user sees the core's own sentence. */
  g_assert_false (back_up (fixture, destination, &error));
  g_assert_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_EXISTS);
  g_assert_false (isaf_backup_create (fixture->database, destination, &direct_error));
  g_assert_cmpstr (error->message, ==, direct_error->message);
  g_assert_cmpuint (fixture->n_data_changed, ==, 0);
}

/* The whole "Back up now" conversation, through the real file chooser. */
static void
test_back_up_now (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *parent = gtk_window_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = g_date_time_format (now, "isaf-commune-%Y-%m-%d-");
  g_autoptr(GFile) chosen = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *name = NULL;
  GtkFileChooser *chooser;

  present_and_wait (GTK_WINDOW (parent));
  isaf_backup_actions_back_up_now (GTK_WINDOW (parent), fixture->context);
  chooser = isaf_gui_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_assert_nonnull (chooser);

  /* The backup folder is made by the first daily backup; until then the chooser opens in
   * the database's folder. */
  WAIT_FOR (chooser_is_in (chooser, fixture->dir));

  /* A dated name that the daily rotation never takes for one of its own. */
  name = gtk_file_chooser_get_current_name (chooser);
  g_assert_true (g_str_has_prefix (name, day));
  g_assert_true (g_str_has_suffix (name, ".sqlite"));
  g_assert_cmpuint (strlen (name), ==, strlen ("isaf-commune-2026-03-12-1430.sqlite"));

  gtk_file_chooser_set_current_name (chooser, "by-hand.sqlite");
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);

  WAIT_FOR (fixture->n_toasts > 0);
  chosen = g_file_new_build_filename (fixture->dir, "by-hand.sqlite", NULL);
  g_assert_true (isaf_backup_check_file (g_file_peek_path (chosen), &problems, NULL));

  isaf_gui_test_destroy_window (parent);
}

/* Restore ----------------------------------------------------------------------------- */

/* The test: a damaged backup is refused and the current database is untouched. */
static void
test_restore_damaged (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *good = g_build_filename (fixture->dir, "good.sqlite", NULL);
  g_autofree char *damaged = g_build_filename (fixture->dir, "damaged.sqlite", NULL);
  g_autofree char *kept = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) check_problems = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (isaf_backup_create (fixture->database, good, &error));
  g_assert_no_error (error);
  write_damaged_copy (good, damaged);
  g_assert_false (isaf_backup_check_file (damaged, &check_problems, &error));
  g_assert_no_error (error);

  /* Later work that a wrong restore would lose. */
  save_caf (isaf_context_get_store (fixture->context), "ចាន់ សុភា");
  before = isaf_test_dump_file (fixture->path);

  g_assert_false (restore (fixture, damaged, &kept, &problems, &error));
  g_assert_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, damaged));
  g_assert_null (kept);
  g_assert_cmpuint (problems->len, ==, check_problems->len);
  g_assert_cmpuint (problems->len, >, 0);

  after = isaf_test_dump_file (fixture->path);
  isaf_test_assert_dumps_equal (before, after);
  g_assert_cmpuint (count_kept_copies (fixture), ==, 0);
  g_assert_cmpuint (fixture->n_data_changed, ==, 0);
}

/* The same, as a clerk does it: the file chooser, the confirmation, the refusal. */
static void
test_restore_damaged_dialogs (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *good = g_build_filename (fixture->dir, "good.sqlite", NULL);
  g_autofree char *usb = g_build_filename (fixture->dir, "usb", NULL);
  g_autofree char *damaged = g_build_filename (usb, "damaged.sqlite", NULL);
  g_autoptr(GFile) usb_folder = g_file_new_for_path (usb);
  g_autoptr(GFile) damaged_file = g_file_new_for_path (damaged);
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *parent = gtk_window_new ();
  AdwMessageDialog *confirm;
  AdwMessageDialog *refused = NULL;
  GtkFileChooser *chooser;

  g_assert_true (isaf_backup_create (fixture->database, good, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (usb, 0700), ==, 0);
  write_damaged_copy (good, damaged);
  save_caf (isaf_context_get_store (fixture->context), "ចាន់ សុភា");
  before = isaf_test_dump_file (fixture->path);

  gtk_window_set_default_size (GTK_WINDOW (parent), 1024, 700);
  present_and_wait (GTK_WINDOW (parent));
  isaf_backup_actions_restore (GTK_WINDOW (parent), fixture->context);
  chooser = isaf_gui_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_assert_nonnull (chooser);

  /* The clerk goes to the folder of the USB stick, where the only backup is selected.
   * (gtk_file_chooser_set_file() of GTK 4.8 opens the wrong folder.) */
  WAIT_FOR (chooser_is_in (chooser, fixture->dir));
  gtk_file_chooser_set_current_folder (chooser, usb_folder, NULL);
  WAIT_FOR (chooser_has_file (chooser, damaged_file));
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);

  /* Before anything happens, the clerk is told what a restore does. */
  WAIT_FOR ((confirm = find_message_dialog (_("Restore From This Backup?"))) != NULL);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm), "damaged.sqlite"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (confirm, "restore"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_default_response (confirm), ==, "cancel");
  present_and_wait (GTK_WINDOW (confirm));
  save_screenshot (GTK_WIDGET (confirm), "restore-confirm");
  adw_message_dialog_response (confirm, "restore");

  /* The core's reason, that nothing changed, and what the check found. */
  WAIT_FOR ((refused = find_message_dialog (_("The Backup Was Not Restored"))) != NULL);
  {
    g_autoptr(GPtrArray) problems = NULL;
    g_autofree char *body = isaf_gui_test_strip_zwsp (adw_message_dialog_get_body (refused));
    GtkWidget *extra = adw_message_dialog_get_extra_child (refused);
    g_autofree char *found = NULL;

    g_assert_false (isaf_backup_check_file (damaged, &problems, NULL));
    g_assert_nonnull (strstr (body, damaged));
    g_assert_nonnull (strstr (body, _("Nothing was changed: the current data is as it was.")));
    g_assert_true (GTK_IS_LABEL (extra));
    found = isaf_gui_test_strip_zwsp (gtk_label_get_text (GTK_LABEL (extra)));
    g_assert_nonnull (strstr (found, problems->pdata[0]));
  }
  present_and_wait (GTK_WINDOW (refused));
  save_screenshot (GTK_WIDGET (refused), "restore-refused");
  adw_message_dialog_response (refused, "close");

  after = isaf_test_dump_file (fixture->path);
  isaf_test_assert_dumps_equal (before, after);
  g_assert_cmpuint (count_kept_copies (fixture), ==, 0);
  g_assert_cmpuint (fixture->n_data_changed, ==, 0);

  isaf_gui_test_destroy_window (parent);
}

static void
test_restore_good (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *good = g_build_filename (fixture->dir, "good.sqlite", NULL);
  g_autofree char *kept = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GHashTable) at_backup = NULL;
  g_autoptr(GHashTable) changed = NULL;
  g_autoptr(GHashTable) restored = NULL;
  g_autoptr(GHashTable) kept_dump = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (isaf_backup_create (fixture->database, good, &error));
  g_assert_no_error (error);
  at_backup = isaf_test_dump_file (good);
  save_caf (isaf_context_get_store (fixture->context), "ហេង ដារា");
  changed = isaf_test_dump_file (fixture->path);

  g_assert_true (restore (fixture, good, &kept, &problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);

  /* Every page was told to reload, before the caller heard of it. */
  g_assert_cmpuint (fixture->n_data_changed, ==, 1);
  g_assert_cmpstr (fixture->changed_table, ==, "*");

  restored = isaf_test_dump_file (fixture->path);
  isaf_test_assert_dumps_equal (at_backup, restored);

  g_assert_nonnull (kept);
  g_assert_true (g_file_test (kept, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (count_kept_copies (fixture), ==, 1);
  kept_dump = isaf_test_dump_file (kept);
  isaf_test_assert_dumps_equal (changed, kept_dump);
}

static void
test_restore_text_file (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *text = g_build_filename (fixture->dir, "minutes.sqlite", NULL);
  g_autofree char *kept = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (text, "Minutes of the commune council meeting.\n", -1,
                                      &error));
  before = isaf_test_dump_file (fixture->path);

  g_assert_false (restore (fixture, text, &kept, &problems, &error));
  g_assert_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_CORRUPT);
  g_assert_null (kept);
  g_assert_cmpuint (problems->len, ==, 1);

  after = isaf_test_dump_file (fixture->path);
  isaf_test_assert_dumps_equal (before, after);
  g_assert_cmpuint (count_kept_copies (fixture), ==, 0);
  g_assert_cmpuint (fixture->n_data_changed, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int result;

  g_unsetenv ("ISAF_COMMUNE_DB");
  isaf_gui_test_init (&argc, &argv);

  application = isaf_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (application), NULL, &error));
  g_assert_no_error (error);

  g_test_add ("/preferences/window", Fixture, NULL, fixture_set_up, test_preferences_window,
              fixture_tear_down);
  g_test_add ("/preferences/application-action", Fixture, NULL, fixture_set_up,
              test_application_preferences, fixture_tear_down);
  g_test_add_func ("/preferences/help-overlay", test_help_overlay);
  g_test_add ("/backup/create", Fixture, NULL, fixture_set_up_database, test_back_up,
              fixture_tear_down);
  g_test_add ("/backup/back-up-now", Fixture, NULL, fixture_set_up_database, test_back_up_now,
              fixture_tear_down);
  g_test_add ("/restore/damaged", Fixture, NULL, fixture_set_up_database, test_restore_damaged,
              fixture_tear_down);
  g_test_add ("/restore/damaged-dialogs", Fixture, NULL, fixture_set_up_database,
              test_restore_damaged_dialogs, fixture_tear_down);
  g_test_add ("/restore/good", Fixture, NULL, fixture_set_up_database, test_restore_good,
              fixture_tear_down);
  g_test_add ("/restore/text-file", Fixture, NULL, fixture_set_up_database,
              test_restore_text_file, fixture_tear_down);

  result = g_test_run ();
  g_object_unref (application);
  return result;
}
