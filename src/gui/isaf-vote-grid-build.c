/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-vote-grid"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-gui-util.h"
#include "isaf-vote-grid-private.h"

/* The vote grid made from its scorecard: the columns (the indicators selected for scoring),
 * the grid of column titles, and the grid of rows (a participant's title and cells), whose
 * columns line up through a size group per column. */

/* Indicator names wrap over at most this many lines, then end in an ellipsis (the whole name
 * is in the tooltip). */
#define HEADER_LINES 3
#define HEADER_WIDTH_CHARS 12

static void
choose_columns (IsafVoteGrid *self)
{
  g_array_set_size (self->columns, 0);
  for (guint i = 0; self->scorecard != NULL && i < self->scorecard->indicators->len; i++)
    {
      IsafScorecardIndicator *indicator = g_ptr_array_index (self->scorecard->indicators, i);

      if (!isaf_record_get_boolean (indicator->record, "is_selected"))
        continue;
      /* isaf_scorecard_add_participant() gives every indicator a score per participant. */
      if (indicator->scores->len != isaf_vote_grid_count_rows (self))
        {
          g_critical ("Indicator %u has %u scores for %u participants", i,
                      indicator->scores->len, isaf_vote_grid_count_rows (self));
          continue;
        }
      g_array_append_val (self->columns, i);
    }
}

/* The title above the participants' numbers. */
static GtkWidget *
create_corner (void)
{
  GtkWidget *corner = g_object_new (GTK_TYPE_LABEL,
                                    "accessible-role", GTK_ACCESSIBLE_ROLE_COLUMN_HEADER,
                                    "label", _("Participant"),
                                    "wrap", TRUE,
                                    "wrap-mode", PANGO_WRAP_WORD_CHAR,
                                    "valign", GTK_ALIGN_END,
                                    NULL);

  gtk_widget_add_css_class (corner, "isaf-vote-header");
  gtk_widget_add_css_class (corner, "caption-heading");
  return corner;
}

static GtkWidget *
create_column_header (IsafVoteGrid *self,
                      guint         column)
{
  IsafScorecardIndicator *indicator = isaf_vote_grid_get_column_indicator (self, column);
  const char *name = isaf_vote_grid_get_column_name (self, column);
  const char *name_en = isaf_record_get_text (indicator->record, "name_en");
  GtkWidget *header = g_object_new (GTK_TYPE_LABEL,
                                    "accessible-role", GTK_ACCESSIBLE_ROLE_COLUMN_HEADER,
                                    "wrap", TRUE,
                                    "wrap-mode", PANGO_WRAP_WORD_CHAR,
                                    "lines", HEADER_LINES,
                                    "ellipsize", PANGO_ELLIPSIZE_END,
                                    "max-width-chars", HEADER_WIDTH_CHARS,
                                    "justify", GTK_JUSTIFY_CENTER,
                                    "valign", GTK_ALIGN_END,
                                    NULL);

  isaf_gui_set_wrapping_text (GTK_LABEL (header), name);
  if (name_en != NULL && name_en[0] != '\0' && g_strcmp0 (name_en, name) != 0)
    {
      g_autofree char *tooltip = g_strdup_printf ("%s\n%s", name, name_en);

      gtk_widget_set_tooltip_text (header, tooltip);
    }
  else
    {
      gtk_widget_set_tooltip_text (header, name);
    }
  gtk_widget_add_css_class (header, "isaf-vote-header");
  gtk_widget_add_css_class (header, "caption-heading");
  return header;
}

/* The corner, then a title per column, each column's title in its own width group. */
static void
fill_header_grid (IsafVoteGrid *self,
                  GtkGrid      *grid,
                  GtkSizeGroup *row_header_width,
                  GPtrArray    *column_widths)
{
  GtkWidget *corner = create_corner ();

  gtk_grid_attach (grid, corner, 0, 0, 1, 1);
  gtk_size_group_add_widget (row_header_width, corner);
  for (guint i = 0; i < isaf_vote_grid_count_columns (self); i++)
    {
      GtkWidget *header = create_column_header (self, i);
      GtkSizeGroup *width = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);

      gtk_grid_attach (grid, header, i + 1, 0, 1, 1);
      gtk_size_group_add_widget (width, header);
      g_ptr_array_add (self->column_headers, header);
      g_ptr_array_add (column_widths, width);
    }
}

/* A row per participant: their title, then their cells, each in its column's width group. */
static void
fill_body_grid (IsafVoteGrid *self,
                GtkGrid      *grid,
                GtkSizeGroup *row_header_width,
                GPtrArray    *column_widths)
{
  self->cells = g_new0 (Cell, MAX (isaf_vote_grid_count_rows (self)
                                   * isaf_vote_grid_count_columns (self), 1));
  for (guint i = 0; i < isaf_vote_grid_count_rows (self); i++)
    {
      GtkWidget *header = isaf_vote_grid_create_row_header (self, i);

      gtk_grid_attach (grid, header, 0, i, 1, 1);
      gtk_size_group_add_widget (row_header_width, header);
      g_ptr_array_add (self->row_headers, header);
      for (guint j = 0; j < isaf_vote_grid_count_columns (self); j++)
        {
          GtkWidget *cell;

          isaf_vote_grid_create_cell (self, i, j);
          cell = isaf_vote_grid_get_cell (self, i, j)->widget;
          gtk_grid_attach (grid, cell, j + 1, i, 1, 1);
          gtk_size_group_add_widget (g_ptr_array_index (column_widths, j), cell);
        }
    }
}

/* Makes the headers and cells anew from the scorecard, keeping the cursor where it was if it
 * can, and keyboard focus in the grid if it was there. */
void
isaf_vote_grid_rebuild (IsafVoteGrid *self)
{
  GtkGrid *header_grid = GTK_GRID (gtk_grid_new ());
  GtkGrid *body_grid = GTK_GRID (gtk_grid_new ());
  g_autoptr(GtkSizeGroup) row_header_width = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  g_autoptr(GPtrArray) column_widths = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean had_focus = gtk_widget_get_focus_child (GTK_WIDGET (self)) != NULL;
  int row = self->cursor_row;
  int column = self->cursor_column;

  /* The old cells' widgets go with the old grids, below. */
  g_clear_pointer (&self->cells, g_free);
  g_ptr_array_set_size (self->row_headers, 0);
  g_ptr_array_set_size (self->column_headers, 0);
  choose_columns (self);

  fill_header_grid (self, header_grid, row_header_width, column_widths);
  fill_body_grid (self, body_grid, row_header_width, column_widths);
  isaf_vote_grid_show_rows (self);

  gtk_widget_set_halign (GTK_WIDGET (header_grid), GTK_ALIGN_START);
  gtk_widget_set_halign (GTK_WIDGET (body_grid), GTK_ALIGN_START);
  gtk_viewport_set_child (self->header_viewport, GTK_WIDGET (header_grid));
  gtk_viewport_set_child (self->body_viewport, GTK_WIDGET (body_grid));
  /* The titles are a row and a column of the grid too. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_RELATION_ROW_COUNT,
                                  (int) isaf_vote_grid_count_rows (self) + 1,
                                  GTK_ACCESSIBLE_RELATION_COL_COUNT,
                                  (int) isaf_vote_grid_count_columns (self) + 1,
                                  -1);
  isaf_vote_grid_place_cursor (self, row, column, had_focus);
}
