/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-poster"

#include "config.h"

#include "isaf-fonts.h"
#include "isaf-pdf-writer.h"
#include "isaf-poster.h"

/* Posters as one PDF document, one poster a page: on the calling thread, or on a worker
 * thread for the interface (a commune's posters take a few hundred milliseconds). */

/**
 * isaf_poster_render_pdf:
 * @posters: (element-type IsafPosterData): the posters' content, one page each
 * @size: the page size
 * @language: Khmer only, or Khmer with English
 * @error: return location for an %ISAF_PRINT_ERROR
 *
 * Returns: (transfer full) (nullable): a PDF document with one poster a page
 */
GBytes *
isaf_poster_render_pdf (GPtrArray          *posters,
                        IsafPosterSize      size,
                        IsafPosterLanguage  language,
                        GError            **error)
{
  g_autoptr(IsafFonts) fonts = isaf_fonts_load (error);
  g_autoptr(IsafPdfWriter) writer = NULL;
  g_autofree char *title = NULL;

  if (fonts == NULL)
    return NULL;
  writer = isaf_pdf_writer_new (fonts, error);
  if (writer == NULL)
    return NULL;

  if (posters->len > 0)
    {
      const IsafPosterData *first = g_ptr_array_index (posters, 0);

      title = posters->len == 1
                ? g_strdup_printf ("I4C %d: %s", first->year, first->name_km ? first->name_km : "")
                : g_strdup_printf ("I4C %d", first->year);
      isaf_pdf_writer_set_title (writer, title);
    }
  for (guint i = 0; i < posters->len; i++)
    if (!isaf_poster_draw (ISAF_CANVAS (writer), g_ptr_array_index (posters, i), size, language,
                           error))
      return NULL;
  return isaf_canvas_finish (ISAF_CANVAS (writer), error);
}

typedef struct {
  GPtrArray *posters;
  IsafPosterSize size;
  IsafPosterLanguage language;
} RenderJob;

static void
render_job_free (gpointer data)
{
  RenderJob *job = data;

  g_ptr_array_unref (job->posters);
  g_free (job);
}

static void
render_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  RenderJob *job = data;
  GError *error = NULL;
  GBytes *pdf = isaf_poster_render_pdf (job->posters, job->size, job->language, &error);

  if (pdf == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pdf, (GDestroyNotify) g_bytes_unref);
}

/**
 * isaf_poster_render_pdf_async:
 * @posters: (element-type IsafPosterData): the posters' content, one page each; kept, and not
 *   to be changed, until the callback runs
 * @size: the page size
 * @language: Khmer only, or Khmer with English
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the PDF when it is made
 * @user_data: data for @callback
 *
 * Makes the PDF of isaf_poster_render_pdf() on a worker thread: a commune's posters take a
 * few hundred milliseconds.
 */
void
isaf_poster_render_pdf_async (GPtrArray           *posters,
                              IsafPosterSize       size,
                              IsafPosterLanguage   language,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  RenderJob *job = g_new0 (RenderJob, 1);

  job->posters = g_ptr_array_ref (posters);
  job->size = size;
  job->language = language;
  g_task_set_source_tag (task, isaf_poster_render_pdf_async);
  g_task_set_task_data (task, job, render_job_free);
  g_task_run_in_thread (task, render_thread);
}

GBytes *
isaf_poster_render_pdf_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
