/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-editor-frame"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-editor-frame.h"
#include "isaf-gui-util.h"

void
isaf_editor_frame_build (IsafEditorFrame *frame,
                         AdwWindow       *window)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *save = gtk_button_new_with_mnemonic (_("_Save"));
  AdwPreferencesGroup *message_group;
  GtkWidget *message = gtk_label_new (NULL);

  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  frame->window_title = ADW_WINDOW_TITLE (adw_window_title_new (NULL, NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (frame->window_title));

  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  gtk_widget_set_tooltip_text (cancel, _("Close without saving (Esc)"));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (save), "editor.save");
  gtk_widget_set_tooltip_text (save, _("Save once every field is filled in correctly (Ctrl+S)"));
  gtk_widget_add_css_class (save, "suggested-action");
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), save);
  frame->save_button = save;

  frame->page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (frame->page), TRUE);

  /* Where the core says what is wrong across fields. */
  message_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (message), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (message), 0.0);
  gtk_widget_add_css_class (message, "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (message), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Why the meeting was not saved"), -1);
  adw_preferences_group_add (message_group, message);
  gtk_widget_set_visible (GTK_WIDGET (message_group), FALSE);
  adw_preferences_page_add (frame->page, message_group);
  frame->message_group = GTK_WIDGET (message_group);
  frame->message_label = GTK_LABEL (message);

  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (frame->page));
  adw_window_set_content (window, box);
  gtk_window_set_default_widget (GTK_WINDOW (window), save);
}

static GtkScrolledWindow *
find_scrolled_window (GtkWidget *widget)
{
  if (GTK_IS_SCROLLED_WINDOW (widget))
    return GTK_SCROLLED_WINDOW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkScrolledWindow *found = find_scrolled_window (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkScrolledWindow *
isaf_editor_frame_get_scrolled_window (IsafEditorFrame *frame)
{
  return find_scrolled_window (GTK_WIDGET (frame->page));
}

void
isaf_editor_frame_show_message (IsafEditorFrame *frame,
                                IsafContext     *context,
                                const char      *message)
{
  g_autofree char *shown = message ? isaf_context_format_digits (context, message) : NULL;
  GtkScrolledWindow *scrolled = isaf_editor_frame_get_scrolled_window (frame);

  isaf_gui_set_wrapping_text (frame->message_label, shown);
  gtk_widget_set_visible (frame->message_group, message != NULL);
  if (message != NULL && scrolled != NULL)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scrolled), 0);
}

void
isaf_editor_frame_focus_first_field (IsafEditorFrame *frame,
                                     GtkWindow       *window)
{
  GtkWidget *focus = gtk_window_get_focus (window);

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (frame->page)))
    gtk_widget_child_focus (GTK_WIDGET (frame->page), GTK_DIR_TAB_FORWARD);
}
