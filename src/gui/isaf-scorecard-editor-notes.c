/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-scorecard-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-gui-util.h"
#include "isaf-scorecard-editor-private.h"
#include "isaf-validate.h"

/* The Notes tab: for each indicator scored, the strengths and weaknesses the meeting named
 * and the actions it suggests, one per line as they are written on the flip chart. A
 * finished scorecard has at least one suggested action for each; the indicators still without
 * one say so. */

#define TAB ISAF_SCORECARD_TAB_NOTES

static const char * const kind_titles[ISAF_N_NOTE_KINDS] = {
  N_("Strengths"), N_("Weaknesses"), N_("Suggested actions"),
};

static void
show_missing (IsafScorecardEditor    *self,
              IsafScorecardIndicator *indicator,
              GtkWidget              *pill)
{
  gtk_widget_set_visible (pill, indicator->notes[ISAF_NOTE_SUGGESTION]->len == 0);
}

/* The lines of @buffer, each a note; empty lines are no note. */
static void
on_notes_changed_cb (GtkTextBuffer       *buffer,
                     IsafScorecardEditor *self)
{
  IsafScorecardIndicator *indicator = g_object_get_data (G_OBJECT (buffer), "isaf-indicator");
  IsafNoteKind kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (buffer), "isaf-kind"));
  GtkWidget *view = g_object_get_data (G_OBJECT (buffer), "isaf-view");
  GtkWidget *pill = g_object_get_data (G_OBJECT (buffer), "isaf-pill");
  const IsafColumn *column = isaf_scorecard_editor_column ("scorecard_note", "text");
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      IsafValue value = { ISAF_VALUE_TEXT };
      g_autoptr(GError) error = NULL;

      value.text = g_strstrip (g_strdup (lines[i]));
      if (value.text[0] == '\0')
        {
          isaf_value_clear (&value);
          continue;
        }
      if (!isaf_validate_value (column, self->commune_code, &value, &error))
        {
          isaf_value_clear (&value);
          isaf_scorecard_editor_set_invalid (self, TAB, view, error->message);
          return;
        }
      g_ptr_array_add (notes, g_steal_pointer (&value.text));
    }
  isaf_scorecard_editor_set_invalid (self, TAB, view, NULL);

  g_ptr_array_set_size (indicator->notes[kind], 0);
  g_ptr_array_extend_and_steal (indicator->notes[kind], g_steal_pointer (&notes));
  if (kind == ISAF_NOTE_SUGGESTION)
    show_missing (self, indicator, pill);
  isaf_scorecard_editor_changed (self);
}

static GtkWidget *
create_notes_view (IsafScorecardEditor    *self,
                   IsafScorecardIndicator *indicator,
                   IsafNoteKind            kind,
                   GtkWidget              *pill)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title = isaf_scorecard_editor_create_header (_(kind_titles[kind]));
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *view = gtk_text_view_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  g_autofree char *text = NULL;
  /* Translators: what a screen reader says for a notes field: the kind of note, then the
   * indicator. */
  g_autofree char *label = g_strdup_printf (_("%1$s, one per line: %2$s"), _(kind_titles[kind]),
                                            isaf_scorecard_editor_indicator_name (indicator));

  g_ptr_array_add (indicator->notes[kind], NULL);
  text = g_strjoinv ("\n", (char **) indicator->notes[kind]->pdata);
  g_ptr_array_remove_index (indicator->notes[kind], indicator->notes[kind]->len - 1);
  gtk_text_buffer_set_text (buffer, text, -1);

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 8);
  gtk_widget_set_size_request (view, -1, 52);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_frame_set_child (GTK_FRAME (frame), view);

  g_object_set_data (G_OBJECT (buffer), "isaf-indicator", indicator);
  g_object_set_data (G_OBJECT (buffer), "isaf-kind", GUINT_TO_POINTER (kind));
  g_object_set_data (G_OBJECT (buffer), "isaf-view", view);
  g_object_set_data (G_OBJECT (buffer), "isaf-pill", pill);
  g_signal_connect (buffer, "changed", G_CALLBACK (on_notes_changed_cb), self);

  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), frame);
  if (kind == ISAF_NOTE_SUGGESTION)
    g_hash_table_insert (self->notes.suggestion_views, indicator, view);
  return box;
}

static void
add_indicator_group (IsafScorecardEditor    *self,
                     IsafScorecardIndicator *indicator)
{
  g_autofree char *number = isaf_context_format_integer (self->context,
                                                         isaf_record_get_integer (indicator->record,
                                                                                  "position"));
  g_autofree char *title = g_strdup_printf ("%s. %s", number,
                                            isaf_scorecard_editor_indicator_name (indicator));
  AdwPreferencesGroup *group = isaf_scorecard_editor_add_group (self->notes.page, title, NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 9);
  GtkWidget *pill = gtk_label_new (_("No suggested action yet"));

  gtk_widget_add_css_class (pill, "isaf-status");
  gtk_widget_add_css_class (pill, "not-started");
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  adw_preferences_group_set_header_suffix (group, pill);
  show_missing (self, indicator, pill);

  for (IsafNoteKind kind = 0; kind < ISAF_N_NOTE_KINDS; kind++)
    gtk_box_append (GTK_BOX (box), create_notes_view (self, indicator, kind, pill));
  adw_preferences_group_add (group, box);
  g_ptr_array_add (self->notes.groups, group);
}

void
isaf_scorecard_editor_refresh_notes (IsafScorecardEditor *self)
{
  IsafScorecardNotes *notes = &self->notes;
  guint n_selected = 0;

  if (!notes->stale)
    return;
  notes->stale = FALSE;

  for (guint i = 0; i < notes->groups->len; i++)
    adw_preferences_page_remove (notes->page, g_ptr_array_index (notes->groups, i));
  g_ptr_array_set_size (notes->groups, 0);
  g_hash_table_remove_all (notes->suggestion_views);

  for (guint i = 0; i < self->scorecard->indicators->len; i++)
    {
      IsafScorecardIndicator *indicator = g_ptr_array_index (self->scorecard->indicators, i);

      if (!isaf_record_get_boolean (indicator->record, "is_selected"))
        continue;
      add_indicator_group (self, indicator);
      n_selected++;
    }

  if (n_selected == 0)
    {
      AdwPreferencesGroup *group = isaf_scorecard_editor_add_group (notes->page, NULL, NULL);

      adw_preferences_group_add (group, isaf_scorecard_editor_create_wrapping_label (
                                   _("Select the indicators the meeting scored on the "
                                     "Indicators tab.")));
      g_ptr_array_add (notes->groups, group);
    }
}

void
isaf_scorecard_editor_focus_suggestion (IsafScorecardEditor *self)
{
  isaf_scorecard_editor_refresh_notes (self);
  for (guint i = 0; i < self->scorecard->indicators->len; i++)
    {
      IsafScorecardIndicator *indicator = g_ptr_array_index (self->scorecard->indicators, i);
      GtkWidget *view = g_hash_table_lookup (self->notes.suggestion_views, indicator);

      if (view != NULL && indicator->notes[ISAF_NOTE_SUGGESTION]->len == 0)
        {
          gtk_widget_grab_focus (view);
          return;
        }
    }
}

void
isaf_scorecard_editor_build_notes (IsafScorecardEditor *self,
                                   AdwPreferencesPage  *page)
{
  IsafScorecardNotes *notes = &self->notes;
  AdwPreferencesGroup *intro = isaf_scorecard_editor_add_group (
    page, NULL,
    _("For each indicator scored, write one strength, weakness or suggested action per line. "
      "A finished scorecard has at least one suggested action for each."));

  isaf_scorecard_editor_add_tab_message (self, TAB, intro);
  notes->page = page;
  notes->groups = g_ptr_array_new ();
  notes->suggestion_views = g_hash_table_new (g_direct_hash, g_direct_equal);
  notes->stale = TRUE;
}

void
isaf_scorecard_editor_clear_notes (IsafScorecardEditor *self)
{
  g_clear_pointer (&self->notes.suggestion_views, g_hash_table_unref);
}
