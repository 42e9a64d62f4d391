/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-backup-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-backup-actions.h"
#include "isaf-backup.h"
#include "isaf-error.h"
#include "isaf-khmer.h"

/* "Back up now" and "Restore from backup". Each is a short conversation with the user
 * followed by work that the core does on the database thread. The core's calls wait for
 * that thread, so they run in a GTask thread, never on the main loop. The work has its own
 * public _async/_finish pair so that tests can run it without the dialogs. */

/* An integrity check of a badly damaged file can list a hundred faults; a few say enough. */
#define MAX_PROBLEMS_SHOWN 8

typedef struct {
  IsafDatabase *database;
  char *path;
  char *kept_copy;
  GPtrArray *problems;
} Job;

/* One conversation with the user; the window it started from may close meanwhile. */
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
  g_free (job->kept_copy);
  g_clear_pointer (&job->problems, g_ptr_array_unref);
  g_free (job);
}

static Flow *
flow_new (GtkWindow   *parent,
          IsafContext *context)
{
  Flow *flow = g_new0 (Flow, 1);

  g_set_weak_pointer (&flow->parent, parent);
  flow->context = g_object_ref (context);
  return flow;
}

/* For the next step of the conversation, when this one's owner frees it. */
static Flow *
flow_copy (Flow *flow)
{
  Flow *copy = flow_new (flow->parent, flow->context);

  g_set_object (&copy->file, flow->file);
  return copy;
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

static void
free_flow_notify (gpointer  data,
                  GClosure *closure)
{
  flow_free (data);
}

/* The configured backup folder, or the one next to the database. */
static GFile *
dup_backup_folder (IsafContext *context)
{
  g_autofree char *configured = g_settings_get_string (isaf_context_get_settings (context),
                                                       "backup-folder");
  g_autofree char *fallback = NULL;

  if (configured[0] != '\0')
    return g_file_new_for_path (configured);
  fallback = isaf_backup_default_folder (isaf_context_get_database (context));
  return g_file_new_for_path (fallback);
}

/* The backup folder does not exist until the first daily backup; the database's own folder
 * always does. */
static void
set_start_folder (GtkFileChooser *chooser,
                  IsafContext    *context)
{
  g_autoptr(GFile) folder = dup_backup_folder (context);

  if (g_file_query_file_type (folder, G_FILE_QUERY_INFO_NONE, NULL) != G_FILE_TYPE_DIRECTORY)
    {
      const char *database = isaf_database_get_path (isaf_context_get_database (context));
      g_autoptr(GFile) file = g_file_new_for_path (database);

      g_clear_object (&folder);
      folder = g_file_get_parent (file);
    }
  if (folder != NULL)
    gtk_file_chooser_set_current_folder (chooser, folder, NULL);
}

static void
add_backup_filter (GtkFileChooser *chooser)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("ISAF Commune databases and backups"));
  gtk_file_filter_add_pattern (filter, "*.sqlite");
  gtk_file_chooser_add_filter (chooser, filter);
}

static GtkFileChooserNative *
new_chooser (Flow                 *flow,
             const char           *title,
             GtkFileChooserAction  action,
             const char           *accept_label)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (title, flow->parent, action,
                                                               accept_label, _("_Cancel"));

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  set_start_folder (GTK_FILE_CHOOSER (chooser), flow->context);
  add_backup_filter (GTK_FILE_CHOOSER (chooser));
  return chooser;
}

/* Takes the chosen file out of a closed chooser; NULL when the user cancelled. */
static GFile *
take_chosen_file (Flow *flow,
                  int   response)
{
  GFile *file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (flow->chooser));
  g_signal_handlers_disconnect_by_data (flow->chooser, flow);
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (flow->chooser));
  g_clear_object (&flow->chooser);
  return file;
}

/* Job and task ------------------------------------------------------------------------ */

/* Backups and restores work on local files only (a portal's files have a local path too). */
static Job *
job_new (IsafContext  *context,
         GFile        *file,
         GError      **error)
{
  Job *job;
  g_autofree char *path = g_file_get_path (file);

  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("“%s” is not on this computer or on a connected drive. Choose a file "
                     "there."), uri);
      return NULL;
    }

  job = g_new0 (Job, 1);
  job->database = g_object_ref (isaf_context_get_database (context));
  job->path = g_steal_pointer (&path);
  return job;
}

static void
back_up_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (isaf_backup_create (job->database, job->path, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
restore_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  /* The core checks the file before it touches anything. When that check is what refused
   * the file, the file is checked again for the full list of faults: a sound file is only
   * checked once. */
  if (isaf_backup_restore (job->database, job->path, &job->kept_copy, &error))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (g_error_matches (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_CORRUPT))
    isaf_backup_check_file (job->path, &job->problems, NULL);
  if (job->kept_copy != NULL)
    g_info ("The restore failed after keeping a copy in %s", job->kept_copy);
  g_task_return_error (task, error);
}

/* Runs on the main loop once the thread is done. */
static void
on_restore_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* Everything may have changed: every page reloads, whether or not the caller still
   * waits for the result. */
  isaf_context_data_changed (ISAF_CONTEXT (source), "*");
  g_task_return_boolean (task, TRUE);
}

/* Back up now ------------------------------------------------------------------------- */

static void
on_back_up_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Flow) flow = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (!isaf_backup_actions_back_up_file_finish (ISAF_CONTEXT (source), result, &error))
    {
      isaf_context_report_error (flow->context, error);
      return;
    }

  g_info ("Backup written to %s", g_file_peek_path (flow->file));
  /* A toast is one line: the name says which file, the user chose its folder. */
  name = g_file_get_basename (flow->file);
  escaped = g_markup_escape_text (name, -1);
  title = g_strdup_printf (_("Backup saved as “%s”"), escaped);
  toast = adw_toast_new (title);
  isaf_context_add_toast (flow->context, toast);
}

static void
on_back_up_chooser_response_cb (GtkNativeDialog *chooser,
                                int              response,
                                gpointer         user_data)
{
  g_autoptr(Flow) flow = user_data;
  IsafContext *context = flow->context;
  GFile *file;

  file = flow->file = take_chosen_file (flow, response);
  if (file == NULL)
    return;

  isaf_backup_actions_back_up_file_async (context, file, NULL, on_back_up_done_cb,
                                          g_steal_pointer (&flow));
}

/**
 * isaf_backup_actions_back_up_now:
 * @parent: (nullable): the window the dialogs belong to
 * @context: the open database's context
 *
 * Asks where to save a backup (the backup folder and a dated name are offered), writes it,
 * and says so in a toast, or shows the core's reason when it could not.
 */
void
isaf_backup_actions_back_up_now (GtkWindow   *parent,
                                 IsafContext *context)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  /* Not the daily backups' isaf-commune-YYYY-MM-DD.sqlite: today's usually exists already,
   * and the rotation would delete this copy among the old ones. */
  g_autofree char *name = g_date_time_format (now, "isaf-commune-%Y-%m-%d-%H%M.sqlite");
  Flow *flow;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (ISAF_IS_CONTEXT (context));

  flow = flow_new (parent, context);
  flow->chooser = new_chooser (flow, _("Back Up the Database"), GTK_FILE_CHOOSER_ACTION_SAVE,
                               _("_Save"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (flow->chooser), name);
  g_signal_connect (flow->chooser, "response", G_CALLBACK (on_back_up_chooser_response_cb),
                    flow);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (flow->chooser));
}

/* Restore ----------------------------------------------------------------------------- */

/* The faults found, one per line, for a dialog's extra child; NULL when there are none. */
static GtkWidget *
new_problems_label (GPtrArray *problems)
{
  g_autoptr(GString) text = NULL;
  g_autofree char *segmented = NULL;
  guint shown;
  GtkWidget *label;

  if (problems == NULL || problems->len == 0)
    return NULL;

  shown = MIN (problems->len, MAX_PROBLEMS_SHOWN);
  text = g_string_new (_("What the check found:"));
  for (guint i = 0; i < shown; i++)
    g_string_append_printf (text, "\n• %s", (const char *) problems->pdata[i]);
  if (problems->len > shown)
    {
      g_string_append (text, "\n• ");
      g_string_append_printf (text,
                              ngettext ("and %u more problem", "and %u more problems",
                                        problems->len - shown),
                              problems->len - shown);
    }

  segmented = isaf_khmer_segment (text->str);
  label = gtk_label_new (segmented);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (label, "caption");
  return label;
}

static GtkWidget *
new_refusal_dialog (GtkWindow    *parent,
                    const GError *error,
                    GPtrArray    *problems)
{
  g_autofree char *body = g_strconcat (error->message, "\n\n",
                                       _("Nothing was changed: the current data is as it was."),
                                       NULL);
  g_autofree char *segmented = isaf_khmer_segment (body);
  GtkWidget *dialog = adw_message_dialog_new (parent, _("The Backup Was Not Restored"),
                                              segmented);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), new_problems_label (problems));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  return dialog;
}

static void
on_restore_file_done_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(Flow) flow = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *kept_copy = NULL;
  g_autofree char *name = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (!isaf_backup_actions_restore_file_finish (ISAF_CONTEXT (source), result, &kept_copy,
                                                &problems, &error))
    {
      g_message ("Restore from %s refused: %s", g_file_peek_path (flow->file), error->message);
      if (flow->parent == NULL)
        isaf_context_report_error (flow->context, error);
      else
        gtk_window_present (GTK_WINDOW (new_refusal_dialog (flow->parent, error, problems)));
      return;
    }

  g_info ("Restored from %s; the data before it was kept in %s",
          g_file_peek_path (flow->file), kept_copy);
  name = g_path_get_basename (kept_copy);
  escaped = g_markup_escape_text (name, -1);
  title = g_strdup_printf (_("Backup restored. The data before it was kept as “%s”"), escaped);
  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, 10);
  isaf_context_add_toast (flow->context, toast);
}

static void
on_restore_confirm_response_cb (AdwMessageDialog *dialog,
                                const char       *response,
                                gpointer          user_data)
{
  Flow *flow = user_data;

  if (g_str_equal (response, "restore"))
    isaf_backup_actions_restore_file_async (flow->context, flow->file, NULL,
                                            on_restore_file_done_cb, flow_copy (flow));
}

static void
on_restore_chooser_response_cb (GtkNativeDialog *chooser,
                                int              response,
                                gpointer         user_data)
{
  g_autoptr(Flow) flow = user_data;
  g_autofree char *name = NULL;
  g_autofree char *body = NULL;
  g_autofree char *segmented = NULL;
  GtkWidget *dialog;

  flow->file = take_chosen_file (flow, response);
  if (flow->file == NULL || flow->parent == NULL)
    return;

  name = g_file_get_basename (flow->file);
  body = g_strdup_printf (_("All the data in ISAF Commune will be replaced by the data in the "
                            "backup “%s”.\n\nThe file is checked first: if it is damaged, "
                            "nothing is replaced. The current data is kept as a copy in the "
                            "“backups” folder next to the database, so it is not lost."),
                          name);
  segmented = isaf_khmer_segment (body);
  dialog = adw_message_dialog_new (flow->parent, _("Restore From This Backup?"), segmented);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "restore", _("_Restore"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  /* The dialog owns the flow: it is freed with it, answered or not. */
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_restore_confirm_response_cb),
                         g_steal_pointer (&flow), free_flow_notify, G_CONNECT_DEFAULT);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * isaf_backup_actions_restore:
 * @parent: the window the dialogs belong to
 * @context: the open database's context
 *
 * Asks for a backup file, says what a restore does and asks to go on, then restores it.
 * A refused file is explained in a dialog and changes nothing; a restore that worked is
 * told in a toast naming the copy kept of the data before it.
 */
void
isaf_backup_actions_restore (GtkWindow   *parent,
                             IsafContext *context)
{
  Flow *flow;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (ISAF_IS_CONTEXT (context));

  flow = flow_new (parent, context);
  flow->chooser = new_chooser (flow, _("Restore From a Backup"), GTK_FILE_CHOOSER_ACTION_OPEN,
                               _("_Open"));
  g_signal_connect (flow->chooser, "response", G_CALLBACK (on_restore_chooser_response_cb),
                    flow);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (flow->chooser));
}

/* The work ---------------------------------------------------------------------------- */

/**
 * isaf_backup_actions_back_up_file_async:
 * @context: the open database's context
 * @destination: a local file that must not exist yet
 * @cancellable: (nullable): cancels the backup if it has not started
 * @callback: called on the main loop when the backup is written or refused
 * @user_data: for @callback
 *
 * Writes a complete copy of the database to @destination (see isaf_backup_create()).
 */
void
isaf_backup_actions_back_up_file_async (IsafContext         *context,
                                        GFile               *destination,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  Job *job;

  g_return_if_fail (ISAF_IS_CONTEXT (context));
  g_return_if_fail (G_IS_FILE (destination));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (context, cancellable, callback, user_data);
  g_task_set_source_tag (task, isaf_backup_actions_back_up_file_async);

  job = job_new (context, destination, &error);
  if (job == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, back_up_thread);
}

gboolean
isaf_backup_actions_back_up_file_finish (IsafContext   *context,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, context), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == isaf_backup_actions_back_up_file_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * isaf_backup_actions_restore_file_async:
 * @context: the open database's context
 * @source: a local backup file
 * @cancellable: (nullable): cancels the restore if it has not started; once it has, it
 *   runs to its end (the result is then %G_IO_ERROR_CANCELLED whatever happened, but the
 *   data-changed signal says when the data was replaced)
 * @callback: called on the main loop when the restore is done or refused
 * @user_data: for @callback
 *
 * Replaces the database's content with the backup at @source (see isaf_backup_restore()):
 * the file is checked first, and the current content is kept as a copy. On success,
 * before @callback runs, @context emits #IsafContext::data-changed with "*" (every table).
 */
void
isaf_backup_actions_restore_file_async (IsafContext         *context,
                                        GFile               *source,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) work = NULL;
  GError *error = NULL;
  Job *job;

  g_return_if_fail (ISAF_IS_CONTEXT (context));
  g_return_if_fail (G_IS_FILE (source));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (context, cancellable, callback, user_data);
  g_task_set_source_tag (task, isaf_backup_actions_restore_file_async);

  job = job_new (context, source, &error);
  if (job == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, job, job_free);

  /* The thread's own task always reports what happened, so that data-changed is emitted
   * even when @cancellable was cancelled during the restore. It shares @task's job. */
  work = g_task_new (context, cancellable, on_restore_done_cb, g_steal_pointer (&task));
  g_task_set_check_cancellable (work, FALSE);
  g_task_set_task_data (work, job, NULL);
  g_task_run_in_thread (work, restore_thread);
}

/**
 * isaf_backup_actions_restore_file_finish:
 * @context: the open database's context
 * @result: the result given to the callback
 * @kept_copy: (out) (optional): where the data before the restore was kept, on success
 * @problems: (out) (optional) (transfer full): the faults found in a backup refused by its
 *   check, one translated sentence each; empty otherwise
 * @error: the reason the restore was refused
 *
 * Returns: whether the database now holds the backup's content
 */
gboolean
isaf_backup_actions_restore_file_finish (IsafContext   *context,
                                         GAsyncResult  *result,
                                         char         **kept_copy,
                                         GPtrArray    **problems,
                                         GError       **error)
{
  Job *job;

  g_return_val_if_fail (g_task_is_valid (result, context), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == isaf_backup_actions_restore_file_async, FALSE);

  job = g_task_get_task_data (G_TASK (result));
  if (kept_copy != NULL)
    *kept_copy = NULL;
  if (problems != NULL)
    *problems = job != NULL && job->problems != NULL ? g_ptr_array_ref (job->problems)
                                                     : g_ptr_array_new_with_free_func (g_free);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (kept_copy != NULL)
    *kept_copy = g_strdup (job->kept_copy);
  return TRUE;
}
