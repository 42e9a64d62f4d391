/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-document-actions"

#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>
#include <gtk/gtkunixprint.h>

#include "isaf-document-actions.h"

/* Preview, Print and Save of a document the window makes (the I4C poster, the reports). Each
 * is a short conversation with the user (the file, or the printer) around work that never
 * blocks the main loop: the document is made by its render function, files are written by
 * GIO's asynchronous calls or a GTask thread. GTK 4.8 has no print preview for a finished
 * PDF, so Preview opens it in the default viewer. */

#define CACHE_FOLDER "kh.gov.ncdd.IsafCommune"

/* One conversation; the window it started from may close meanwhile. */
typedef struct {
  IsafDocumentAction action;
  GtkWindow *parent;
  IsafContext *context;
  char *file_name;
  char *media_type;
  char *title;
  char *paper_name;
  gboolean landscape;
  char *saved_message;
  char *printed_message;
  IsafDocumentRenderFunc render;
  IsafDocumentRenderFinish finish;
  gpointer data;
  GDestroyNotify data_free;
  GtkFileChooserNative *chooser;
  GFile *destination;
  /* The copy in the cache folder, for the viewer and the printer. */
  char *path;
} Flow;

static Flow *
flow_new (IsafDocumentAction      action,
          GtkWindow              *parent,
          IsafContext            *context,
          const IsafDocumentInfo *info)
{
  Flow *flow = g_new0 (Flow, 1);

  flow->action = action;
  g_set_weak_pointer (&flow->parent, parent);
  flow->context = g_object_ref (context);
  flow->file_name = g_strdup (info->file_name);
  flow->media_type = g_strdup (info->media_type);
  flow->title = g_strdup (info->title);
  flow->paper_name = g_strdup (info->paper_name);
  flow->landscape = info->landscape;
  flow->saved_message = g_strdup (info->saved_message);
  flow->printed_message = g_strdup (info->printed_message);
  return flow;
}

static void
flow_free (gpointer data)
{
  Flow *flow = data;

  if (flow->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (flow->chooser, flow);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (flow->chooser));
      g_clear_object (&flow->chooser);
    }
  if (flow->data_free != NULL)
    flow->data_free (flow->data);
  g_clear_weak_pointer (&flow->parent);
  g_clear_object (&flow->context);
  g_clear_object (&flow->destination);
  g_free (flow->file_name);
  g_free (flow->media_type);
  g_free (flow->title);
  g_free (flow->paper_name);
  g_free (flow->saved_message);
  g_free (flow->printed_message);
  g_free (flow->path);
  g_free (flow);
}

static void
flow_report (Flow         *flow,
             const GError *error)
{
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    isaf_context_report_error (flow->context, error);
}

static void
flow_toast (Flow       *flow,
            const char *title)
{
  isaf_context_add_toast (flow->context, adw_toast_new (title));
}

/* Writing files ----------------------------------------------------------------------------- */

static void
on_file_replaced_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
isaf_document_write_file_async (GFile               *destination,
                                GBytes              *bytes,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (G_IS_FILE (destination));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, isaf_document_write_file_async);
  g_file_replace_contents_bytes_async (destination, bytes, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION, cancellable,
                                       on_file_replaced_cb, task);
}

gboolean
isaf_document_write_file_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* A copy in the user's cache folder, for the viewer and the printer. */
static void
write_cache_thread (GTask        *task,
                    gpointer      source,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  Flow *flow = g_task_get_task_data (task);
  GBytes *bytes = g_object_get_data (G_OBJECT (task), "bytes");
  g_autofree char *folder = g_path_get_dirname (flow->path);
  gsize length;
  const char *contents = g_bytes_get_data (bytes, &length);
  GError *error = NULL;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               _("Could not make the folder %s: %s"), folder,
                               g_strerror (saved_errno));
      return;
    }
  if (!g_file_set_contents (flow->path, contents, (gssize) length, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Printing and the viewer ------------------------------------------------------------------- */

static void
on_print_job_sent_cb (GtkPrintJob  *job,
                      gpointer      user_data,
                      const GError *error)
{
  Flow *flow = user_data;

  if (error != NULL)
    flow_report (flow, error);
  else
    flow_toast (flow, flow->printed_message);
}

static void
on_print_response_cb (GtkPrintUnixDialog *dialog,
                      int                 response,
                      Flow               *flow)
{
  GtkPrinter *printer;
  g_autoptr(GtkPrintSettings) settings = NULL;
  g_autoptr(GtkPrintJob) job = NULL;
  g_autoptr(GError) error = NULL;

  if (response != GTK_RESPONSE_OK)
    goto out;

  printer = gtk_print_unix_dialog_get_selected_printer (dialog);
  if (printer == NULL || !gtk_printer_accepts_pdf (printer))
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s",
                   _("The chosen printer cannot print PDF files; save the document as a PDF "
                     "and print it from another program"));
      flow_report (flow, error);
      goto out;
    }

  settings = gtk_print_unix_dialog_get_settings (dialog);
  job = gtk_print_job_new (flow->title, printer, settings,
                           gtk_print_unix_dialog_get_page_setup (dialog));
  if (!gtk_print_job_set_source_file (job, flow->path, &error))
    {
      flow_report (flow, error);
      goto out;
    }
  gtk_print_job_send (job, on_print_job_sent_cb, flow, flow_free);
  gtk_window_destroy (GTK_WINDOW (dialog));
  return;

out:
  gtk_window_destroy (GTK_WINDOW (dialog));
  flow_free (flow);
}

static void
show_print_dialog (Flow *flow)
{
  GtkWidget *dialog = gtk_print_unix_dialog_new (flow->title, flow->parent);
  g_autoptr(GtkPageSetup) page_setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) paper = gtk_paper_size_new (flow->paper_name);

  gtk_page_setup_set_paper_size (page_setup, paper);
  gtk_page_setup_set_orientation (page_setup, flow->landscape ? GTK_PAGE_ORIENTATION_LANDSCAPE
                                                              : GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_print_unix_dialog_set_page_setup (GTK_PRINT_UNIX_DIALOG (dialog), page_setup);
  gtk_print_unix_dialog_set_manual_capabilities (GTK_PRINT_UNIX_DIALOG (dialog), 0);
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_print_response_cb), flow);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_viewer_launched_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Flow *flow = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    flow_report (flow, error);
  flow_free (flow);
}

static void
on_cache_written_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Flow *flow = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      flow_report (flow, error);
      flow_free (flow);
    }
  else if (flow->action == ISAF_DOCUMENT_PRINT)
    show_print_dialog (flow);
  else
    {
      g_autofree char *uri = g_filename_to_uri (flow->path, NULL, NULL);
      g_autoptr(GAppLaunchContext) launch_context = NULL;

      if (flow->parent != NULL)
        launch_context = G_APP_LAUNCH_CONTEXT (
          gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (flow->parent))));
      g_app_info_launch_default_for_uri_async (uri, launch_context, NULL,
                                               on_viewer_launched_cb, flow);
    }
}

/* The conversations ----------------------------------------------------------------------- */

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Flow *flow = user_data;
  g_autoptr(GError) error = NULL;

  if (!isaf_document_write_file_finish (result, &error))
    flow_report (flow, error);
  else
    flow_toast (flow, flow->saved_message);
  flow_free (flow);
}

static void
on_rendered_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Flow *flow = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = flow->finish (result, &error);
  g_autoptr(GTask) task = NULL;

  if (bytes == NULL)
    {
      flow_report (flow, error);
      flow_free (flow);
      return;
    }

  if (flow->action == ISAF_DOCUMENT_SAVE)
    {
      g_autofree char *uri = g_file_get_uri (flow->destination);

      g_debug ("Saving %s to %s", flow->file_name, uri);
      isaf_document_write_file_async (flow->destination, bytes, NULL, on_saved_cb, flow);
      return;
    }

  flow->path = g_build_filename (g_get_user_cache_dir (), CACHE_FOLDER, flow->file_name, NULL);
  /* The flow goes on to on_cache_written_cb(), which frees it. */
  task = g_task_new (NULL, NULL, on_cache_written_cb, flow);
  g_task_set_source_tag (task, on_rendered_cb);
  g_task_set_task_data (task, flow, NULL);
  g_object_set_data_full (G_OBJECT (task), "bytes", g_bytes_ref (bytes),
                          (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, write_cache_thread);
}

static void
render (Flow *flow)
{
  flow->render (flow->context, flow->data, NULL, on_rendered_cb, flow);
}

static void
on_chooser_response_cb (GtkNativeDialog *chooser,
                        int              response,
                        Flow            *flow)
{
  if (response == GTK_RESPONSE_ACCEPT)
    flow->destination = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (flow->destination == NULL)
    {
      flow_free (flow);
      return;
    }
  render (flow);
}

static void
choose_file (Flow *flow)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  gboolean pdf = g_str_equal (flow->media_type, "application/pdf");

  flow->chooser = gtk_file_chooser_native_new (flow->title, flow->parent,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (flow->chooser), TRUE);
  gtk_file_filter_set_name (filter, pdf ? _("PDF documents") : _("CSV tables"));
  gtk_file_filter_add_mime_type (filter, flow->media_type);
  gtk_file_filter_add_suffix (filter, pdf ? "pdf" : "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (flow->chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (flow->chooser), flow->file_name);
  g_signal_connect (flow->chooser, "response", G_CALLBACK (on_chooser_response_cb), flow);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (flow->chooser));
}

/**
 * isaf_document_actions_run:
 * @action: what to do with the document
 * @parent: (nullable): the window the dialogs belong to
 * @context: the window's context
 * @info: what the document is called
 * @render: makes the document
 * @finish: gives what @render made
 * @data: for @render
 * @data_free: (nullable): frees @data once the conversation is over
 *
 * Saving asks for the file first, then makes the document; Preview and Print make it first.
 */
void
isaf_document_actions_run (IsafDocumentAction        action,
                           GtkWindow                *parent,
                           IsafContext              *context,
                           const IsafDocumentInfo   *info,
                           IsafDocumentRenderFunc    render_func,
                           IsafDocumentRenderFinish  finish,
                           gpointer                  data,
                           GDestroyNotify            data_free)
{
  Flow *flow;

  g_return_if_fail (ISAF_IS_CONTEXT (context));
  g_return_if_fail (info != NULL && info->file_name != NULL && info->media_type != NULL);
  g_return_if_fail (render_func != NULL && finish != NULL);

  flow = flow_new (action, parent, context, info);
  flow->render = render_func;
  flow->finish = finish;
  flow->data = data;
  flow->data_free = data_free;
  if (action == ISAF_DOCUMENT_SAVE)
    choose_file (flow);
  else
    render (flow);
}
