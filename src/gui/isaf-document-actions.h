/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isaf-context.h"

G_BEGIN_DECLS

/* What the window does with a document it makes (a poster, a report): open it in the default
 * viewer, print it, or save it where the user chooses. */
typedef enum {
  ISAF_DOCUMENT_PREVIEW,
  ISAF_DOCUMENT_PRINT,
  ISAF_DOCUMENT_SAVE,
} IsafDocumentAction;

/* How a document is called and handled; the strings are copied. */
typedef struct {
  /* The name offered when saving, and of the copy the viewer and the printer get:
   * "jaap-2025.pdf". */
  const char *file_name;
  /* "application/pdf" or "text/csv". */
  const char *media_type;
  /* The title of the save dialog, and of the print job. */
  const char *title;
  /* The paper the print dialog starts with (GTK_PAPER_NAME_A4 …), and its orientation. */
  const char *paper_name;
  gboolean landscape;
  /* The toasts once it is saved, and once it has gone to the printer. */
  const char *saved_message;
  const char *printed_message;
} IsafDocumentInfo;

/* Makes the document's bytes without blocking the main loop; @data is the caller's. */
typedef void    (*IsafDocumentRenderFunc)   (IsafContext         *context,
                                             gpointer             data,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
typedef GBytes *(*IsafDocumentRenderFinish) (GAsyncResult        *result,
                                             GError             **error);

/* Makes the document with @render, then does @action with it: errors go to
 * isaf_context_report_error(), success to a toast. Takes @data, freed with @data_free. */
void isaf_document_actions_run (IsafDocumentAction        action,
                                GtkWindow                *parent,
                                IsafContext              *context,
                                const IsafDocumentInfo   *info,
                                IsafDocumentRenderFunc    render,
                                IsafDocumentRenderFinish  finish,
                                gpointer                  data,
                                GDestroyNotify            data_free);

/* Writes @bytes to @destination, replacing it, without blocking. */
void     isaf_document_write_file_async  (GFile               *destination,
                                          GBytes              *bytes,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean isaf_document_write_file_finish (GAsyncResult        *result,
                                          GError             **error);

G_END_DECLS
