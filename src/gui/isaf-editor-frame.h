/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isaf-context.h"

G_BEGIN_DECLS

/* The frame of the meeting editors (dissemination, interface, JAAP Committee): a header bar
 * with Cancel (window.close) and Save (editor.save, the window's default), a preferences page
 * for the fields, and at its top a group, hidden until the core refuses a save, that says
 * why. */
typedef struct {
  AdwWindowTitle *window_title;
  GtkWidget *save_button;
  AdwPreferencesPage *page;
  GtkWidget *message_group;
  GtkLabel *message_label;
} IsafEditorFrame;

/* Builds the frame as @window's content; the widgets belong to @window. */
void               isaf_editor_frame_build               (IsafEditorFrame *frame,
                                                          AdwWindow       *window);
/* The page's own scrolled window: libadwaita 1.2 has no adw_preferences_page_scroll_to(). */
GtkScrolledWindow *isaf_editor_frame_get_scrolled_window (IsafEditorFrame *frame);
/* The core's sentence at the top of the page, in the digits the user chose, scrolled into
 * view; NULL hides it. */
void               isaf_editor_frame_show_message        (IsafEditorFrame *frame,
                                                          IsafContext     *context,
                                                          const char      *message);
/* For map(): the first field takes the focus, rather than the Cancel button, unless the
 * focus is in the page already. */
void               isaf_editor_frame_focus_first_field   (IsafEditorFrame *frame,
                                                          GtkWindow       *window);

G_END_DECLS
