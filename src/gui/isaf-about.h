/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The About window, filled from the application's AppStream metainfo (the translated one the
 * build compiles in), in the interface language. Modal and transient for @parent; as with
 * gtk_window_new(), GTK holds the window until it is destroyed. */
AdwAboutWindow *isaf_about_window_new             (GtkWindow       *parent);

/* Fills @about from @metainfo, the text of a metainfo file: name, summary, developer,
 * licence, homepage, and the newest release with its notes. Changes nothing on error. */
gboolean        isaf_about_window_load_metainfo   (AdwAboutWindow  *about,
                                                   GBytes          *metainfo,
                                                   GError         **error);

G_END_DECLS
