/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ISAF_TYPE_PREFERENCES_WINDOW (isaf_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (IsafPreferencesWindow, isaf_preferences_window, ISAF, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

GtkWindow *isaf_preferences_window_new (GtkWindow  *parent,
                                        GSettings  *settings,
                                        const char *database_path);

G_END_DECLS
