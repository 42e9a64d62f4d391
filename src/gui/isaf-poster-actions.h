/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isaf-context.h"
#include "isaf-poster.h"

G_BEGIN_DECLS

/* The I4C poster from the window. Each asks the paper size and the language (A3, Khmer with
 * English, unless the user chooses otherwise), renders the PDF away from the main loop and
 * then shows, prints or saves it; errors go to isaf_context_report_error(), success to a
 * toast. @unit_code is one service unit's code, or %NULL for every unit of the year. */
void     isaf_poster_actions_preview           (GtkWindow            *parent,
                                                IsafContext          *context,
                                                const char           *unit_code,
                                                int                   year);
void     isaf_poster_actions_print             (GtkWindow            *parent,
                                                IsafContext          *context,
                                                const char           *unit_code,
                                                int                   year);
void     isaf_poster_actions_save              (GtkWindow            *parent,
                                                IsafContext          *context,
                                                const char           *unit_code,
                                                int                   year);

/* The work alone, without any dialog. */
void     isaf_poster_actions_render_async      (IsafContext          *context,
                                                const char           *unit_code,
                                                int                   year,
                                                IsafPosterSize        size,
                                                IsafPosterLanguage    language,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
GBytes  *isaf_poster_actions_render_finish     (GAsyncResult         *result,
                                                GError              **error);

void     isaf_poster_actions_save_file_async   (IsafContext          *context,
                                                const char           *unit_code,
                                                int                   year,
                                                IsafPosterSize        size,
                                                IsafPosterLanguage    language,
                                                GFile                *destination,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean isaf_poster_actions_save_file_finish  (GAsyncResult         *result,
                                                GError              **error);

G_END_DECLS
