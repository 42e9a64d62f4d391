/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isaf-context.h"

G_BEGIN_DECLS

#define ISAF_TYPE_PRESENTATION_WINDOW (isaf_presentation_window_get_type ())

G_DECLARE_FINAL_TYPE (IsafPresentationWindow, isaf_presentation_window, ISAF,
                      PRESENTATION_WINDOW, AdwWindow)

GtkWidget              *isaf_presentation_window_new          (GtkWindow              *parent,
                                                               IsafContext            *context);
/* The presentation already open over @parent, or a new one, shown fullscreen. */
IsafPresentationWindow *isaf_presentation_window_present_for  (GtkWindow              *parent,
                                                               IsafContext            *context);

/* Whether the year is still being read or its slides made to fit the screen. */
gboolean                isaf_presentation_window_get_loading  (IsafPresentationWindow *self);
guint                   isaf_presentation_window_get_n_slides (IsafPresentationWindow *self);
guint                   isaf_presentation_window_get_current  (IsafPresentationWindow *self);
/* The slide at @index (from 0), to look at or to photograph. */
GtkWidget              *isaf_presentation_window_get_slide    (IsafPresentationWindow *self,
                                                               guint                   index);

G_END_DECLS
