/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-vote-grid"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-vote-grid-private.h"

/* One cell of the vote grid and the participant's title at the start of its row: what each
 * shows, in the chosen digits, and the sentence a screen reader says for it; and a cell
 * taking the cursor when it takes focus. */

/* The sign beside an anonymous participant's number. */
#define ANONYMOUS_ICON "action-unavailable-symbolic"

/* Which cell a cell widget is: its index in cells, plus one, so that 0 is no cell. */
static GQuark
cell_index_quark (void)
{
  return g_quark_from_static_string ("isaf-vote-grid-cell-index");
}

/* The participant's number on the paper sheet, which stays when somebody is removed. */
static char *
dup_participant_number (IsafVoteGrid *self,
                        guint         row)
{
  IsafRecord *participant = g_ptr_array_index (self->scorecard->participants, row);

  return isaf_format_integer (isaf_record_get_integer (participant, "position"), self->digits);
}

/* What a screen reader says for a cell: "Participant 3, Waiting time: 4, Satisfied". */
static char *
dup_cell_description (IsafVoteGrid *self,
                      guint         row,
                      guint         column)
{
  g_autofree char *number = dup_participant_number (self, row);
  const char *indicator = isaf_vote_grid_get_column_name (self, column);
  guint8 score = isaf_vote_grid_get_score (self, row, column);
  g_autofree char *digit = NULL;

  if (!isaf_vote_grid_row_can_vote (self, row))
    /* Translators: a cell of the vote grid, for a screen reader: participant number,
     * indicator. */
    return g_strdup_printf (_("Participant %s, %s: anonymous, does not vote"), number,
                            indicator);
  if (score == ISAF_NO_SCORE)
    /* Translators: a cell of the vote grid, for a screen reader: participant number,
     * indicator. */
    return g_strdup_printf (_("Participant %s, %s: no score"), number, indicator);
  digit = isaf_format_integer (score, self->digits);
  /* Translators: a cell of the vote grid, for a screen reader: participant number, indicator,
   * score, what the score means ("Participant 3, Waiting time: 4, Satisfied"). */
  return g_strdup_printf (_("Participant %s, %s: %s, %s"), number, indicator, digit,
                          isaf_score_get_label (score));
}

static void
show_row_header (IsafVoteGrid *self,
                 guint         row)
{
  GtkWidget *header = g_ptr_array_index (self->row_headers, row);
  g_autofree char *number = dup_participant_number (self, row);
  g_autofree char *description = NULL;

  gtk_label_set_label (GTK_LABEL (gtk_widget_get_first_child (header)), number);
  if (isaf_vote_grid_row_can_vote (self, row))
    description = g_strdup_printf (_("Participant %s"), number);
  else
    description = g_strdup_printf (_("Participant %s, anonymous: does not vote"), number);
  gtk_accessible_update_property (GTK_ACCESSIBLE (header), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  description, -1);
}

/* Focus put on a cell by a click or by assistive technology moves the cursor there too. */
static void
on_cell_has_focus_cb (GtkWidget    *widget,
                      GParamSpec   *pspec,
                      IsafVoteGrid *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (widget), cell_index_quark ()));
  guint columns;

  if (self->cells == NULL || index == 0 || !gtk_widget_has_focus (widget))
    return;
  index--;
  columns = isaf_vote_grid_count_columns (self);
  isaf_vote_grid_move_cursor (self, index / columns, index % columns, FALSE);
}

static void
on_body_pressed_cb (GtkGestureClick *gesture,
                    int              n_press,
                    double           x,
                    double           y,
                    IsafVoteGrid    *self)
{
  GtkWidget *viewport = GTK_WIDGET (self->body_viewport);
  GtkWidget *picked = gtk_widget_pick (viewport, x, y, GTK_PICK_INSENSITIVE);

  for (; picked != NULL && picked != viewport; picked = gtk_widget_get_parent (picked))
    if (g_object_get_qdata (G_OBJECT (picked), cell_index_quark ()) != NULL)
      break;
  if (picked == NULL || picked == viewport)
    return;
  /* An anonymous participant's cells take no focus: they take no votes. */
  if (!gtk_widget_grab_focus (picked))
    gtk_widget_error_bell (GTK_WIDGET (self));
}

/* The indicator's Khmer name, or its English one where the Khmer is missing. */
const char *
isaf_vote_grid_get_column_name (IsafVoteGrid *self,
                                guint         column)
{
  IsafScorecardIndicator *indicator = isaf_vote_grid_get_column_indicator (self, column);
  const char *name_km = isaf_record_get_text (indicator->record, "name_km");
  const char *name_en = isaf_record_get_text (indicator->record, "name_en");

  if (name_km != NULL && name_km[0] != '\0')
    return name_km;
  return name_en != NULL ? name_en : "";
}

/* Empty: isaf_vote_grid_show_rows() gives it the participant's number. */
GtkWidget *
isaf_vote_grid_create_row_header (IsafVoteGrid *self,
                                  guint         row)
{
  GtkWidget *header = g_object_new (GTK_TYPE_BOX,
                                    "accessible-role", GTK_ACCESSIBLE_ROLE_ROW_HEADER,
                                    "spacing", 6,
                                    "height-request", CELL_HEIGHT,
                                    NULL);
  GtkWidget *number = gtk_label_new (NULL);

  gtk_widget_add_css_class (number, "numeric");
  gtk_widget_set_hexpand (number, TRUE);
  gtk_label_set_xalign (GTK_LABEL (number), 1.0);
  gtk_box_append (GTK_BOX (header), number);
  if (!isaf_vote_grid_row_can_vote (self, row))
    {
      GtkWidget *mark = gtk_image_new_from_icon_name (ANONYMOUS_ICON);

      /* The header's own label says it. */
      gtk_accessible_update_state (GTK_ACCESSIBLE (mark), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE,
                                   -1);
      gtk_box_append (GTK_BOX (header), mark);
      gtk_widget_set_tooltip_text (header, _("Anonymous participant: counted among those "
                                             "present, but does not vote, so this row "
                                             "takes no scores"));
    }
  gtk_widget_add_css_class (header, "isaf-vote-header");
  return header;
}

/* Fills in the cell's widgets, empty: isaf_vote_grid_show_cell() gives them the score. */
void
isaf_vote_grid_create_cell (IsafVoteGrid *self,
                            guint         row,
                            guint         column)
{
  Cell *cell = isaf_vote_grid_get_cell (self, row, column);
  GtkWidget *digit = gtk_label_new (NULL);
  GtkWidget *face = gtk_image_new ();

  cell->widget = g_object_new (GTK_TYPE_BOX,
                               "accessible-role", GTK_ACCESSIBLE_ROLE_GRID_CELL,
                               "spacing", 6,
                               "width-request", CELL_WIDTH,
                               "height-request", CELL_HEIGHT,
                               NULL);
  cell->digit = GTK_LABEL (digit);
  cell->face = GTK_IMAGE (face);

  gtk_widget_set_hexpand (digit, TRUE);
  gtk_label_set_xalign (cell->digit, 1.0);
  gtk_label_set_width_chars (cell->digit, 1);
  gtk_widget_add_css_class (digit, "numeric");
  /* The face repeats the digit for those who read faces better. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (face), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_widget_set_hexpand (face, TRUE);
  gtk_widget_set_halign (face, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (cell->widget), digit);
  gtk_box_append (GTK_BOX (cell->widget), face);

  gtk_widget_add_css_class (cell->widget, "isaf-vote-cell");
  /* Accessible indexes count from 1, and row 1 and column 1 are the titles. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (cell->widget),
                                  GTK_ACCESSIBLE_RELATION_ROW_INDEX, (int) row + 2,
                                  GTK_ACCESSIBLE_RELATION_COL_INDEX, (int) column + 2,
                                  -1);
  g_object_set_qdata (G_OBJECT (cell->widget), cell_index_quark (),
                      GUINT_TO_POINTER (row * isaf_vote_grid_count_columns (self) + column + 1));
  if (isaf_vote_grid_row_can_vote (self, row))
    {
      gtk_widget_set_focusable (cell->widget, TRUE);
      g_signal_connect (cell->widget, "notify::has-focus", G_CALLBACK (on_cell_has_focus_cb),
                        self);
    }
  else
    {
      gtk_widget_set_sensitive (cell->widget, FALSE);
    }
}

void
isaf_vote_grid_show_cell (IsafVoteGrid *self,
                          guint         row,
                          guint         column)
{
  Cell *cell = isaf_vote_grid_get_cell (self, row, column);
  guint8 score = isaf_vote_grid_get_score (self, row, column);
  g_autofree char *digit = NULL;
  g_autofree char *description = dup_cell_description (self, row, column);

  if (score >= ISAF_SCORE_MIN && score <= ISAF_SCORE_MAX)
    {
      digit = isaf_format_integer (score, self->digits);
      gtk_image_set_from_icon_name (cell->face, isaf_score_get_face_icon (score));
    }
  else
    {
      gtk_image_clear (cell->face);
    }
  gtk_label_set_label (cell->digit, digit != NULL ? digit : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (cell->widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  description, -1);
}

/* Every participant's title and cells, after a rebuild or with other digits. */
void
isaf_vote_grid_show_rows (IsafVoteGrid *self)
{
  for (guint row = 0; row < isaf_vote_grid_count_rows (self); row++)
    {
      show_row_header (self, row);
      for (guint column = 0; column < isaf_vote_grid_count_columns (self); column++)
        isaf_vote_grid_show_cell (self, row, column);
    }
}

/* A cell is a plain box, which GTK does not focus when clicked: the grid does, and rings the
 * bell on a cell that takes no votes. */
void
isaf_vote_grid_add_click_gesture (IsafVoteGrid *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  g_signal_connect (click, "pressed", G_CALLBACK (on_body_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->body_viewport), GTK_EVENT_CONTROLLER (click));
}
