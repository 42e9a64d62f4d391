/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-sync-export-action"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-sync-export-action.h"
#include "isaf-sync-export.h"

/* "Export Unsynced Changes…": a file chooser, then the core's export in a GTask thread (it
 * waits for the database's thread, which must never hold up the main loop), then a toast.
 * The export reads the database and changes nothing in it, so it runs to its end even when
 * the page that asked for it goes away: the toast still tells the clerk where the file is. */

typedef struct {
  IsafDatabase *database;
  char *path;
  gint64 n_changes;
} Job;

/* One conversation with the clerk; the window it started from may close meanwhile. */
typedef struct {
  GtkWindow *parent;
  IsafContext *context;
  GtkFileChooserNative *chooser;
  GFile *file;
} Flow;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_clear_object (&job->database);
  g_free (job->path);
  g_free (job);
}

static void
flow_free (Flow *flow)
{
  if (flow->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (flow->chooser, flow);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (flow->chooser));
      g_clear_object (&flow->chooser);
    }
  g_clear_weak_pointer (&flow->parent);
  g_clear_object (&flow->context);
  g_clear_object (&flow->file);
  g_free (flow);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Flow, flow_free)

/* isaf-unsynced-010201-2026-03-12-1430.json: the commune says whose changes they are when
 * the file reaches the district, the time tells two exports of one day apart. */
static char *
dup_default_name (IsafContext *context)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *commune = isaf_context_dup_commune_code (context);
  g_autofree char *when = g_date_time_format (now, "%Y-%m-%d-%H%M");

  if (commune == NULL)
    return g_strdup_printf ("isaf-unsynced-%s.json", when);
  return g_strdup_printf ("isaf-unsynced-%s-%s.json", commune, when);
}

/* The Documents folder, where a clerk looks for a file to copy to a USB drive; the home
 * folder where there is none. */
static void
set_start_folder (GtkFileChooser *chooser)
{
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  g_autoptr(GFile) folder = NULL;

  if (documents != NULL && g_file_test (documents, G_FILE_TEST_IS_DIR))
    folder = g_file_new_for_path (documents);
  else
    folder = g_file_new_for_path (g_get_home_dir ());
  gtk_file_chooser_set_current_folder (chooser, folder, NULL);
}

static void
add_json_filter (GtkFileChooser *chooser)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Unsynced changes (JSON)"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (isaf_sync_export_unsynced (job->database, job->path, &job->n_changes, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Flow) flow = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *count = NULL;
  g_autofree char *title = NULL;
  gint64 n_changes = 0;
  AdwToast *toast;

  if (!isaf_sync_export_action_save_finish (ISAF_CONTEXT (source), result, &n_changes, &error))
    {
      isaf_context_report_error (flow->context, error);
      return;
    }

  /* A toast is one line: the name says which file, the clerk chose its folder. */
  name = g_file_get_basename (flow->file);
  escaped = g_markup_escape_text (name, -1);
  count = isaf_context_format_integer (flow->context, n_changes);
  if (n_changes == 0)
    {
      title = g_strdup_printf (_("No changes were waiting to be sent; “%s” lists none"),
                               escaped);
    }
  else
    {
      /* Translators: the number of changes, then the file's name. */
      title = g_strdup_printf (ngettext ("%s unsynced change saved in “%s”",
                                         "%s unsynced changes saved in “%s”", n_changes),
                               count, escaped);
    }
  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, 10);
  isaf_context_add_toast (flow->context, toast);
}

static void
on_chooser_response_cb (GtkNativeDialog *chooser,
                        int              response,
                        gpointer         user_data)
{
  g_autoptr(Flow) flow = user_data;
  IsafContext *context = flow->context;
  GFile *file;

  if (response == GTK_RESPONSE_ACCEPT)
    flow->file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (flow->chooser));
  g_signal_handlers_disconnect_by_data (flow->chooser, flow);
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (flow->chooser));
  g_clear_object (&flow->chooser);
  file = flow->file;
  if (file == NULL)
    return;

  /* The flow goes to the callback; what the call needs is read out of it first. */
  isaf_sync_export_action_save_async (context, file, NULL, on_saved_cb, g_steal_pointer (&flow));
}

/**
 * isaf_sync_export_action_run:
 * @parent: (nullable): the window the file chooser belongs to
 * @context: the open database's context
 *
 * Asks where to save the unsynced changes (the Documents folder and a name with the commune
 * and the date are offered; the chooser asks before replacing a file), saves them there and
 * says how many in a toast, or gives the core's reason when it could not.
 */
void
isaf_sync_export_action_run (GtkWindow   *parent,
                             IsafContext *context)
{
  g_autofree char *name = NULL;
  Flow *flow;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (ISAF_IS_CONTEXT (context));

  flow = g_new0 (Flow, 1);
  g_set_weak_pointer (&flow->parent, parent);
  flow->context = g_object_ref (context);
  flow->chooser = gtk_file_chooser_native_new (_("Export Unsynced Changes"), parent,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (flow->chooser), TRUE);
  set_start_folder (GTK_FILE_CHOOSER (flow->chooser));
  add_json_filter (GTK_FILE_CHOOSER (flow->chooser));
  name = dup_default_name (context);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (flow->chooser), name);
  g_signal_connect (flow->chooser, "response", G_CALLBACK (on_chooser_response_cb), flow);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (flow->chooser));
}

/**
 * isaf_sync_export_action_save_async:
 * @context: the open database's context
 * @destination: a local file, replaced if it exists
 * @cancellable: (nullable): cancels the export if it has not started
 * @callback: called on the main loop when the file is written or refused
 * @user_data: for @callback
 *
 * Writes the changes the server has not acknowledged to @destination (see
 * isaf_sync_export_unsynced()), on a worker thread.
 */
void
isaf_sync_export_action_save_async (IsafContext         *context,
                                    GFile               *destination,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;
  Job *job;

  g_return_if_fail (ISAF_IS_CONTEXT (context));
  g_return_if_fail (G_IS_FILE (destination));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (context, cancellable, callback, user_data);
  g_task_set_source_tag (task, isaf_sync_export_action_save_async);

  /* A portal's files have a local path too; a network location has none. */
  path = g_file_get_path (destination);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (destination);

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("“%s” is not on this computer or on a connected drive. Choose "
                                 "a file there."), uri);
      return;
    }

  job = g_new0 (Job, 1);
  job->database = g_object_ref (isaf_context_get_database (context));
  job->path = g_steal_pointer (&path);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, export_thread);
}

/**
 * isaf_sync_export_action_save_finish:
 * @context: the open database's context
 * @result: the result given to the callback
 * @n_changes: (out) (optional): how many changes the file lists, on success
 * @error: why the file could not be written
 *
 * Returns: whether the file was written
 */
gboolean
isaf_sync_export_action_save_finish (IsafContext   *context,
                                     GAsyncResult  *result,
                                     gint64        *n_changes,
                                     GError       **error)
{
  Job *job;

  g_return_val_if_fail (g_task_is_valid (result, context), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == isaf_sync_export_action_save_async, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  job = g_task_get_task_data (G_TASK (result));
  if (n_changes != NULL)
    *n_changes = job->n_changes;
  return TRUE;
}
