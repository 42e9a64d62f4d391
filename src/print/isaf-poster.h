/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "isaf-canvas.h"
#include "isaf-poster-data.h"

G_BEGIN_DECLS

/* Portrait ISO sizes. */
typedef enum {
  ISAF_POSTER_SIZE_A4,
  ISAF_POSTER_SIZE_A3,
  ISAF_POSTER_SIZE_A2,
} IsafPosterSize;

typedef enum {
  ISAF_POSTER_LANGUAGE_KHMER,
  /* Khmer, with English under it. */
  ISAF_POSTER_LANGUAGE_BOTH,
} IsafPosterLanguage;

gboolean  isaf_poster_size_parse          (const char           *text,
                                           IsafPosterSize       *size);
void      isaf_poster_size_get_page       (IsafPosterSize        size,
                                           double               *width,
                                           double               *height);
void      isaf_poster_size_get_printable  (IsafPosterSize        size,
                                           double               *x,
                                           double               *y,
                                           double               *width,
                                           double               *height);
gboolean  isaf_poster_language_parse      (const char           *text,
                                           IsafPosterLanguage   *language);

gboolean  isaf_poster_draw                (IsafCanvas           *canvas,
                                           const IsafPosterData *data,
                                           IsafPosterSize        size,
                                           IsafPosterLanguage    language,
                                           GError              **error);
GBytes   *isaf_poster_render_pdf          (GPtrArray            *posters,
                                           IsafPosterSize        size,
                                           IsafPosterLanguage    language,
                                           GError              **error);
void      isaf_poster_render_pdf_async    (GPtrArray            *posters,
                                           IsafPosterSize        size,
                                           IsafPosterLanguage    language,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
GBytes   *isaf_poster_render_pdf_finish   (GAsyncResult         *result,
                                           GError              **error);

G_END_DECLS
