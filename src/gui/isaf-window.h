/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isaf-context.h"

G_BEGIN_DECLS

#define ISAF_TYPE_WINDOW (isaf_window_get_type ())

G_DECLARE_FINAL_TYPE (IsafWindow, isaf_window, ISAF, WINDOW, AdwApplicationWindow)

IsafWindow *isaf_window_new         (GtkApplication *application,
                                     GSettings      *settings);
void        isaf_window_open        (IsafWindow     *self,
                                     const char     *path,
                                     gboolean        missing_is_empty);
gboolean    isaf_window_get_loading (IsafWindow     *self);
IsafContext *isaf_window_get_context (IsafWindow    *self);

G_END_DECLS
