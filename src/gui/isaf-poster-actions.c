/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-poster-actions"

#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>
#include <gtk/gtkunixprint.h>

#include "isaf-poster-actions.h"
#include "isaf-poster-data.h"

/* Preview, Print and Save of the I4C poster. Each is a short conversation with the user (the
 * paper size and language; the file or the printer) around work that never blocks the main
 * loop: the poster's content is read by isaf_poster_data_load_async(), the PDF made by
 * isaf_poster_render_pdf_async(), files written by GIO's asynchronous calls or a GTask
 * thread. GTK 4.8 has no print preview for a finished PDF, so Preview opens the PDF in the
 * default viewer. */

#define CACHE_FOLDER "kh.gov.ncdd.IsafCommune"

typedef enum {
  FLOW_PREVIEW,
  FLOW_PRINT,
  FLOW_SAVE,
} FlowKind;

/* One conversation; the window it started from may close meanwhile. */
typedef struct {
  FlowKind kind;
  GtkWindow *parent;
  IsafContext *context;
  char *unit_code;
  int year;
  IsafPosterSize size;
  IsafPosterLanguage language;
  GtkFileChooserNative *chooser;
  char *path;
} Flow;

static Flow *
flow_new (FlowKind     kind,
          GtkWindow   *parent,
          IsafContext *context,
          const char  *unit_code,
          int          year)
{
  Flow *flow = g_new0 (Flow, 1);

  flow->kind = kind;
  g_set_weak_pointer (&flow->parent, parent);
  flow->context = g_object_ref (context);
  flow->unit_code = g_strdup (unit_code);
  flow->year = year;
  flow->size = ISAF_POSTER_SIZE_A3;
  flow->language = ISAF_POSTER_LANGUAGE_BOTH;
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
  g_clear_weak_pointer (&flow->parent);
  g_clear_object (&flow->context);
  g_free (flow->unit_code);
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

/* i4c-<code>-<year>.pdf, or i4c-all-<year>.pdf for every unit. */
static char *
dup_file_name (const char *unit_code,
               int         year)
{
  return g_strdup_printf ("i4c-%s-%d.pdf", unit_code != NULL ? unit_code : "all", year);
}

/* The work -------------------------------------------------------------------------------- */

typedef struct {
  IsafPosterSize size;
  IsafPosterLanguage language;
  GPtrArray *posters;
  GBytes *pdf;
} Render;

static void
render_free (gpointer data)
{
  Render *render = data;

  g_clear_pointer (&render->posters, g_ptr_array_unref);
  g_clear_pointer (&render->pdf, g_bytes_unref);
  g_free (render);
}

static void
on_pdf_rendered_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GBytes *pdf = isaf_poster_render_pdf_finish (result, &error);

  if (pdf == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, pdf, (GDestroyNotify) g_bytes_unref);
}

static void
on_data_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Render *render = g_task_get_task_data (task);
  GCancellable *cancellable;
  g_autoptr(GError) error = NULL;

  render->posters = isaf_poster_data_load_finish (ISAF_DATABASE (source), result, &error);
  if (render->posters == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (render->posters->len == 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s",
                               _("There is no service unit to make a poster of"));
      return;
    }
  cancellable = g_task_get_cancellable (task);
  isaf_poster_render_pdf_async (render->posters, render->size, render->language, cancellable,
                                on_pdf_rendered_cb, g_steal_pointer (&task));
}

/**
 * isaf_poster_actions_render_async:
 * @context: the window's context
 * @unit_code: (nullable): a service unit's code, or %NULL for every unit
 * @year: the year of the poster
 *
 * Reads the poster's content and renders it as a PDF, one page a unit.
 */
void
isaf_poster_actions_render_async (IsafContext         *context,
                                  const char          *unit_code,
                                  int                  year,
                                  IsafPosterSize       size,
                                  IsafPosterLanguage   language,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Render *render;

  g_return_if_fail (ISAF_IS_CONTEXT (context));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, isaf_poster_actions_render_async);
  render = g_new0 (Render, 1);
  render->size = size;
  render->language = language;
  g_task_set_task_data (task, render, render_free);
  isaf_poster_data_load_async (isaf_context_get_database (context), unit_code, year,
                               cancellable, on_data_loaded_cb, g_steal_pointer (&task));
}

/**
 * isaf_poster_actions_render_finish:
 *
 * Returns: (transfer full): the PDF, or %NULL with @error set
 */
GBytes *
isaf_poster_actions_render_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

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

static void
on_save_rendered_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = isaf_poster_actions_render_finish (result, &error);
  GFile *destination;
  GCancellable *cancellable;

  if (pdf == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Read before the task is handed on: arguments are evaluated in any order. */
  destination = g_task_get_task_data (task);
  cancellable = g_task_get_cancellable (task);
  g_file_replace_contents_bytes_async (destination, pdf, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION, cancellable,
                                       on_file_replaced_cb, g_steal_pointer (&task));
}

/**
 * isaf_poster_actions_save_file_async:
 * @destination: where to write the PDF (replaced when it exists)
 *
 * Renders the poster and writes it to @destination.
 */
void
isaf_poster_actions_save_file_async (IsafContext         *context,
                                     const char          *unit_code,
                                     int                  year,
                                     IsafPosterSize       size,
                                     IsafPosterLanguage   language,
                                     GFile               *destination,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ISAF_IS_CONTEXT (context));
  g_return_if_fail (G_IS_FILE (destination));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, isaf_poster_actions_save_file_async);
  g_task_set_task_data (task, g_object_ref (destination), g_object_unref);
  isaf_poster_actions_render_async (context, unit_code, year, size, language, cancellable,
                                    on_save_rendered_cb, g_steal_pointer (&task));
}

gboolean
isaf_poster_actions_save_file_finish (GAsyncResult  *result,
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
  GBytes *pdf = g_object_get_data (G_OBJECT (task), "pdf");
  g_autofree char *folder = g_build_filename (g_get_user_cache_dir (), CACHE_FOLDER, NULL);
  gsize length;
  const char *bytes = g_bytes_get_data (pdf, &length);
  GError *error = NULL;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               _("Could not make the folder %s: %s"), folder,
                               g_strerror (saved_errno));
      return;
    }
  if (!g_file_set_contents (flow->path, bytes, (gssize) length, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* The conversations ----------------------------------------------------------------------- */

static void
on_print_job_sent_cb (GtkPrintJob  *job,
                      gpointer      user_data,
                      const GError *error)
{
  Flow *flow = user_data;

  if (error != NULL)
    flow_report (flow, error);
  else
    flow_toast (flow, _("Poster sent to the printer"));
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
  g_autofree char *title = NULL;

  if (response != GTK_RESPONSE_OK)
    goto out;

  printer = gtk_print_unix_dialog_get_selected_printer (dialog);
  if (printer == NULL || !gtk_printer_accepts_pdf (printer))
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s",
                   _("The chosen printer cannot print PDF files; save the poster as a PDF "
                     "and print it from another program"));
      flow_report (flow, error);
      goto out;
    }

  settings = gtk_print_unix_dialog_get_settings (dialog);
  title = g_strdup_printf ("I4C %s %d", flow->unit_code != NULL ? flow->unit_code : "",
                           flow->year);
  job = gtk_print_job_new (title, printer, settings,
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
  GtkWidget *dialog = gtk_print_unix_dialog_new (_("Print Poster"), flow->parent);
  g_autoptr(GtkPageSetup) page_setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) paper = NULL;

  switch (flow->size)
    {
    case ISAF_POSTER_SIZE_A4:
      paper = gtk_paper_size_new (GTK_PAPER_NAME_A4);
      break;
    case ISAF_POSTER_SIZE_A3:
      paper = gtk_paper_size_new (GTK_PAPER_NAME_A3);
      break;
    case ISAF_POSTER_SIZE_A2:
    default:
      paper = gtk_paper_size_new ("iso_a2");
      break;
    }
  gtk_page_setup_set_paper_size (page_setup, paper);
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
  else if (flow->kind == FLOW_PRINT)
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

static void
on_flow_rendered_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Flow *flow = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = isaf_poster_actions_render_finish (result, &error);
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = NULL;

  if (pdf == NULL)
    {
      flow_report (flow, error);
      flow_free (flow);
      return;
    }
  name = dup_file_name (flow->unit_code, flow->year);
  flow->path = g_build_filename (g_get_user_cache_dir (), CACHE_FOLDER, name, NULL);
  /* The flow goes on to on_cache_written_cb(), which frees it. */
  task = g_task_new (NULL, NULL, on_cache_written_cb, flow);
  g_task_set_source_tag (task, on_flow_rendered_cb);
  g_task_set_task_data (task, flow, NULL);
  g_object_set_data_full (G_OBJECT (task), "pdf", g_bytes_ref (pdf),
                          (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, write_cache_thread);
}

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Flow *flow = user_data;
  g_autoptr(GError) error = NULL;

  if (!isaf_poster_actions_save_file_finish (result, &error))
    flow_report (flow, error);
  else
    flow_toast (flow, flow->unit_code != NULL ? _("Poster saved") : _("Posters saved"));
  flow_free (flow);
}

static void
on_chooser_response_cb (GtkNativeDialog *chooser,
                        int              response,
                        Flow            *flow)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file == NULL)
    {
      flow_free (flow);
      return;
    }
  isaf_poster_actions_save_file_async (flow->context, flow->unit_code, flow->year, flow->size,
                                       flow->language, file, NULL, on_saved_cb, flow);
}

static void
choose_file (Flow *flow)
{
  g_autofree char *name = dup_file_name (flow->unit_code, flow->year);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  flow->chooser = gtk_file_chooser_native_new (flow->unit_code != NULL
                                                 ? _("Save Poster")
                                                 : _("Save All Posters of the Year"),
                                               flow->parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (flow->chooser), TRUE);
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (flow->chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (flow->chooser), name);
  g_signal_connect (flow->chooser, "response", G_CALLBACK (on_chooser_response_cb), flow);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (flow->chooser));
}

static void
on_options_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        Flow             *flow)
{
  AdwComboRow *size_row = g_object_get_data (G_OBJECT (dialog), "size-row");
  AdwComboRow *language_row = g_object_get_data (G_OBJECT (dialog), "language-row");

  if (!g_str_equal (response, "continue"))
    {
      flow_free (flow);
      return;
    }
  switch (adw_combo_row_get_selected (size_row))
    {
    case 0:
      flow->size = ISAF_POSTER_SIZE_A4;
      break;
    case 2:
      flow->size = ISAF_POSTER_SIZE_A2;
      break;
    default:
      flow->size = ISAF_POSTER_SIZE_A3;
      break;
    }
  flow->language = adw_combo_row_get_selected (language_row) == 0
                     ? ISAF_POSTER_LANGUAGE_KHMER : ISAF_POSTER_LANGUAGE_BOTH;

  if (flow->kind == FLOW_SAVE)
    choose_file (flow);
  else
    isaf_poster_actions_render_async (flow->context, flow->unit_code, flow->year, flow->size,
                                      flow->language, NULL, on_flow_rendered_cb, flow);
}

/* The paper size and the language, A3 and Khmer with English unless the user says. */
static void
ask_options (Flow *flow)
{
  const char *sizes[] = { "A4", "A3", "A2", NULL };
  const char *languages[] = { _("Khmer"), _("Khmer and English"), NULL };
  g_autoptr(GtkStringList) size_model = gtk_string_list_new (sizes);
  g_autoptr(GtkStringList) language_model = gtk_string_list_new (languages);
  GtkWidget *dialog;
  GtkWidget *list = gtk_list_box_new ();
  AdwComboRow *size_row = ADW_COMBO_ROW (adw_combo_row_new ());
  AdwComboRow *language_row = ADW_COMBO_ROW (adw_combo_row_new ());

  dialog = adw_message_dialog_new (flow->parent,
                                   flow->unit_code != NULL ? _("Poster")
                                                           : _("All Posters of the Year"),
                                   _("Choose the paper size and the language of the poster."));
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (size_row), _("Paper Size"));
  adw_combo_row_set_model (size_row, G_LIST_MODEL (size_model));
  adw_combo_row_set_selected (size_row, 1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (language_row), _("Language"));
  adw_combo_row_set_model (language_row, G_LIST_MODEL (language_model));
  adw_combo_row_set_selected (language_row, 1);
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (size_row));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (language_row));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  g_object_set_data (G_OBJECT (dialog), "size-row", size_row);
  g_object_set_data (G_OBJECT (dialog), "language-row", language_row);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "continue", _("C_ontinue"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "continue",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "continue");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_options_response_cb), flow);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * isaf_poster_actions_preview:
 *
 * Renders the poster and opens it in the default PDF viewer (GTK 4.8 has no print preview
 * of a finished PDF).
 */
void
isaf_poster_actions_preview (GtkWindow   *parent,
                             IsafContext *context,
                             const char  *unit_code,
                             int          year)
{
  g_return_if_fail (ISAF_IS_CONTEXT (context));

  ask_options (flow_new (FLOW_PREVIEW, parent, context, unit_code, year));
}

/**
 * isaf_poster_actions_print:
 *
 * Renders the poster, then sends it to the printer chosen in the print dialog.
 */
void
isaf_poster_actions_print (GtkWindow   *parent,
                           IsafContext *context,
                           const char  *unit_code,
                           int          year)
{
  g_return_if_fail (ISAF_IS_CONTEXT (context));

  ask_options (flow_new (FLOW_PRINT, parent, context, unit_code, year));
}

/**
 * isaf_poster_actions_save:
 *
 * Asks for a file (i4c-<code>-<year>.pdf, or i4c-all-<year>.pdf) and saves the poster there.
 */
void
isaf_poster_actions_save (GtkWindow   *parent,
                          IsafContext *context,
                          const char  *unit_code,
                          int          year)
{
  g_return_if_fail (ISAF_IS_CONTEXT (context));

  ask_options (flow_new (FLOW_SAVE, parent, context, unit_code, year));
}
