/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-poster-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-document-actions.h"
#include "isaf-poster-actions.h"
#include "isaf-poster-data.h"

/* Preview, Print and Save of the I4C poster: the paper size and language are asked here, then
 * the document actions (isaf-document-actions.c) take the poster on to the viewer, the
 * printer or a file. The poster's content is read by isaf_poster_data_load_async() and the
 * PDF made by isaf_poster_render_pdf_async(), away from the main loop. */

/* One poster, as the options dialog leaves it. */
typedef struct {
  IsafDocumentAction action;
  GtkWindow *parent;
  IsafContext *context;
  char *unit_code;
  int year;
  IsafPosterSize size;
  IsafPosterLanguage language;
} Flow;

static Flow *
flow_new (IsafDocumentAction  action,
          GtkWindow          *parent,
          IsafContext        *context,
          const char         *unit_code,
          int                 year)
{
  Flow *flow = g_new0 (Flow, 1);

  flow->action = action;
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

  g_clear_weak_pointer (&flow->parent);
  g_clear_object (&flow->context);
  g_free (flow->unit_code);
  g_free (flow);
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
on_file_written_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!isaf_document_write_file_finish (result, &error))
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
  isaf_document_write_file_async (destination, pdf, cancellable, on_file_written_cb,
                                  g_steal_pointer (&task));
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

/* The conversations ----------------------------------------------------------------------- */

static void
render_poster (IsafContext         *context,
               gpointer             data,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  Flow *flow = data;

  isaf_poster_actions_render_async (context, flow->unit_code, flow->year, flow->size,
                                    flow->language, cancellable, callback, user_data);
}

/* i4c-<code>-<year>.pdf, or i4c-all-<year>.pdf for every unit. */
static char *
dup_file_name (const char *unit_code,
               int         year)
{
  return g_strdup_printf ("i4c-%s-%d.pdf", unit_code != NULL ? unit_code : "all", year);
}

static const char *
paper_name (IsafPosterSize size)
{
  switch (size)
    {
    case ISAF_POSTER_SIZE_A4:
      return GTK_PAPER_NAME_A4;
    case ISAF_POSTER_SIZE_A3:
      return GTK_PAPER_NAME_A3;
    case ISAF_POSTER_SIZE_A2:
    default:
      return "iso_a2";
    }
}

static void
run_document_action (Flow *flow)
{
  g_autofree char *file_name = dup_file_name (flow->unit_code, flow->year);
  const char *title;
  IsafDocumentInfo info;

  if (flow->action == ISAF_DOCUMENT_PRINT)
    title = _("Print Poster");
  else
    title = flow->unit_code != NULL ? _("Save Poster") : _("Save All Posters of the Year");
  info = (IsafDocumentInfo) {
    .file_name = file_name,
    .media_type = "application/pdf",
    .title = title,
    .paper_name = paper_name (flow->size),
    .saved_message = flow->unit_code != NULL ? _("Poster saved") : _("Posters saved"),
    .printed_message = _("Poster sent to the printer"),
  };
  isaf_document_actions_run (flow->action, flow->parent, flow->context, &info, render_poster,
                             isaf_poster_actions_render_finish, flow, flow_free);
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
  run_document_action (flow);
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

  ask_options (flow_new (ISAF_DOCUMENT_PREVIEW, parent, context, unit_code, year));
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

  ask_options (flow_new (ISAF_DOCUMENT_PRINT, parent, context, unit_code, year));
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

  ask_options (flow_new (ISAF_DOCUMENT_SAVE, parent, context, unit_code, year));
}
