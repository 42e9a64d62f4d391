/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-vote-grid"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-vote-grid-private.h"

/* The votes of a community scorecard as they are on the paper sheet: one row per participant,
 * one column per indicator selected for scoring, a score from 1 to 5 in each cell. It is made
 * for typing the sheet without the mouse: a digit fills the current cell and moves on along
 * the row, then to the next participant, so a row is typed as the digits read on paper. Every
 * cell is a focusable widget with the sentence a screen reader says for it, and the cursor is
 * keyboard focus itself, so assistive technologies follow it; the grid only decides where
 * focus goes next. The scorecard is edited in place: saving it is the owner's business.
 *
 * The column titles stay in view while the rows scroll: they are a grid of their own that
 * shares the rows' horizontal scrolling, with each column's width shared through a size
 * group. The layout is built in code because every cell is made from the scorecard.
 *
 * This file holds the widget itself: its properties and signal, focus, the cursor and the
 * scores it writes. The headers and cells are made in isaf-vote-grid-build.c, what a cell
 * shows and says in isaf-vote-grid-cell.c, and what each key does in isaf-vote-grid-keys.c. */

/* However small the grid is squeezed, this many rows stay in view. */
#define MIN_VISIBLE_ROWS 4

G_DEFINE_FINAL_TYPE (IsafVoteGrid, isaf_vote_grid, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DIGITS,
  PROP_CURSOR_PARTICIPANT,
  PROP_CURSOR_INDICATOR,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The cursor ---------------------------------------------------------------------------- */

/* The cursor's cell, and the titles of its row and column, stand out. */
static void
mark_cursor (IsafVoteGrid *self,
             gboolean      marked)
{
  void (*mark) (GtkWidget *, const char *) = marked ? gtk_widget_add_css_class
                                                    : gtk_widget_remove_css_class;
  Cell *cell;

  if (self->cursor_row < 0)
    return;
  cell = isaf_vote_grid_get_cell (self, self->cursor_row, self->cursor_column);
  mark (cell->widget, "current");
  mark (g_ptr_array_index (self->row_headers, self->cursor_row), "current");
  mark (g_ptr_array_index (self->column_headers, self->cursor_column), "current");
}

/* The next participant who votes from @row (not included) in @step's direction, or -1. */
int
isaf_vote_grid_find_voter (IsafVoteGrid *self,
                           int           row,
                           int           step)
{
  for (row += step; row >= 0 && row < (int) isaf_vote_grid_count_rows (self); row += step)
    if (isaf_vote_grid_row_can_vote (self, row))
      return row;
  return -1;
}

void
isaf_vote_grid_move_cursor (IsafVoteGrid *self,
                            int           row,
                            int           column,
                            gboolean      focus)
{
  gboolean row_moved = row != self->cursor_row;
  gboolean column_moved = column != self->cursor_column;
  Cell *cell;

  if (row_moved || column_moved)
    {
      mark_cursor (self, FALSE);
      self->cursor_row = row;
      self->cursor_column = column;
      mark_cursor (self, TRUE);
    }
  if (row < 0)
    return;
  cell = isaf_vote_grid_get_cell (self, row, column);
  if (focus && !gtk_widget_has_focus (cell->widget))
    gtk_widget_grab_focus (cell->widget);
  if (row_moved)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURSOR_PARTICIPANT]);
  if (column_moved)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURSOR_INDICATOR]);
}

/* Where the cursor goes after the grid is rebuilt: where it was, if that cell still takes
 * votes, else the first cell that does. */
void
isaf_vote_grid_place_cursor (IsafVoteGrid *self,
                             int           row,
                             int           column,
                             gboolean      focus)
{
  self->cursor_row = -1;
  self->cursor_column = -1;
  if (isaf_vote_grid_count_columns (self) == 0)
    row = -1;
  else if (row < 0 || row >= (int) isaf_vote_grid_count_rows (self)
           || !isaf_vote_grid_row_can_vote (self, row))
    row = isaf_vote_grid_find_voter (self, -1, 1);
  column = row >= 0 ? CLAMP (column, 0, (int) isaf_vote_grid_count_columns (self) - 1) : -1;
  isaf_vote_grid_move_cursor (self, row, column, focus);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURSOR_PARTICIPANT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURSOR_INDICATOR]);
}

/* Editing ------------------------------------------------------------------------------- */

void
isaf_vote_grid_set_score (IsafVoteGrid *self,
                          guint         row,
                          guint         column,
                          guint8        score)
{
  IsafScorecardIndicator *indicator = isaf_vote_grid_get_column_indicator (self, column);
  guint8 *slot = &g_array_index (indicator->scores, guint8, row);

  if (*slot == score)
    return;
  *slot = score;
  isaf_vote_grid_show_cell (self, row, column);
  g_signal_emit (self, signals[CHANGED], 0, row,
                 isaf_vote_grid_get_column_indicator_index (self, column));
}

/* The frame ----------------------------------------------------------------------------- */

static GtkWidget *
create_scroller (GtkViewport   **viewport,
                 GtkPolicyType   horizontal,
                 GtkPolicyType   vertical)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();

  *viewport = GTK_VIEWPORT (gtk_viewport_new (NULL, NULL));
  /* Both grids get their natural width, so that their columns line up. */
  gtk_scrollable_set_hscroll_policy (GTK_SCROLLABLE (*viewport), GTK_SCROLL_NATURAL);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), horizontal, vertical);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (*viewport));
  return scroller;
}

/* GObject ------------------------------------------------------------------------------- */

/* Focus given to the grid goes to the cursor's cell. */
static gboolean
focus_cursor (IsafVoteGrid *self)
{
  Cell *cell;

  if (self->cursor_row < 0)
    return FALSE;
  cell = isaf_vote_grid_get_cell (self, self->cursor_row, self->cursor_column);
  return gtk_widget_grab_focus (cell->widget);
}

/* Focus coming from outside lands on the cursor; Tab and the arrows inside the grid are the
 * key handler's, so focus asked to move on from inside leaves the grid. */
static gboolean
isaf_vote_grid_focus (GtkWidget        *widget,
                      GtkDirectionType  direction)
{
  if (gtk_widget_get_focus_child (widget) != NULL)
    return FALSE;
  return focus_cursor (ISAF_VOTE_GRID (widget));
}

static gboolean
isaf_vote_grid_grab_focus (GtkWidget *widget)
{
  return focus_cursor (ISAF_VOTE_GRID (widget));
}

static void
isaf_vote_grid_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  IsafVoteGrid *self = ISAF_VOTE_GRID (object);
  guint participant, indicator;
  gboolean has_cursor = isaf_vote_grid_get_cursor (self, &participant, &indicator);

  switch (prop_id)
    {
    case PROP_DIGITS:
      g_value_set_int (value, self->digits);
      break;
    case PROP_CURSOR_PARTICIPANT:
      g_value_set_int (value, has_cursor ? (int) participant : -1);
      break;
    case PROP_CURSOR_INDICATOR:
      g_value_set_int (value, has_cursor ? (int) indicator : -1);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isaf_vote_grid_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  IsafVoteGrid *self = ISAF_VOTE_GRID (object);

  switch (prop_id)
    {
    case PROP_DIGITS:
      isaf_vote_grid_set_digits (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isaf_vote_grid_dispose (GObject *object)
{
  IsafVoteGrid *self = ISAF_VOTE_GRID (object);

  /* The cells' focus callbacks must not look at a freed array while the grid goes. */
  g_clear_pointer (&self->cells, g_free);
  g_clear_pointer (&self->header_scroller, gtk_widget_unparent);
  g_clear_pointer (&self->body_scroller, gtk_widget_unparent);
  g_clear_pointer (&self->scorecard, isaf_scorecard_unref);

  G_OBJECT_CLASS (isaf_vote_grid_parent_class)->dispose (object);
}

static void
isaf_vote_grid_finalize (GObject *object)
{
  IsafVoteGrid *self = ISAF_VOTE_GRID (object);

  g_clear_pointer (&self->columns, g_array_unref);
  g_clear_pointer (&self->row_headers, g_ptr_array_unref);
  g_clear_pointer (&self->column_headers, g_ptr_array_unref);

  G_OBJECT_CLASS (isaf_vote_grid_parent_class)->finalize (object);
}

static void
isaf_vote_grid_class_init (IsafVoteGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = isaf_vote_grid_get_property;
  object_class->set_property = isaf_vote_grid_set_property;
  object_class->dispose = isaf_vote_grid_dispose;
  object_class->finalize = isaf_vote_grid_finalize;
  widget_class->focus = isaf_vote_grid_focus;
  widget_class->grab_focus = isaf_vote_grid_grab_focus;

  /**
   * IsafVoteGrid:digits:
   *
   * The digits scores and participant numbers are shown with (an #IsafDigits).
   */
  properties[PROP_DIGITS] =
    g_param_spec_int ("digits", NULL, NULL, ISAF_DIGITS_WESTERN, ISAF_DIGITS_KHMER,
                      ISAF_DIGITS_WESTERN,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * IsafVoteGrid:cursor-participant:
   *
   * The participant of the cell typing goes into, as an index into
   * IsafScorecard.participants, or -1.
   */
  properties[PROP_CURSOR_PARTICIPANT] =
    g_param_spec_int ("cursor-participant", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * IsafVoteGrid:cursor-indicator:
   *
   * The indicator of the cell typing goes into, as an index into IsafScorecard.indicators,
   * or -1.
   */
  properties[PROP_CURSOR_INDICATOR] =
    g_param_spec_int ("cursor-indicator", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * IsafVoteGrid::changed:
   * @participant: the index of the participant in IsafScorecard.participants
   * @indicator: the index of the indicator in IsafScorecard.indicators
   *
   * A score was typed or cleared: the scorecard has changed and is not saved.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "isaf-vote-grid");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GRID);
}

static void
isaf_vote_grid_init (IsafVoteGrid *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  self->columns = g_array_new (FALSE, FALSE, sizeof (guint));
  self->row_headers = g_ptr_array_new ();
  self->column_headers = g_ptr_array_new ();
  self->cursor_row = -1;
  self->cursor_column = -1;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);

  self->header_scroller = create_scroller (&self->header_viewport, GTK_POLICY_EXTERNAL,
                                           GTK_POLICY_NEVER);
  self->body_scroller = create_scroller (&self->body_viewport, GTK_POLICY_AUTOMATIC,
                                         GTK_POLICY_AUTOMATIC);
  /* The titles scroll sideways with the rows. */
  gtk_scrolled_window_set_hadjustment (
    GTK_SCROLLED_WINDOW (self->header_scroller),
    gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (self->body_scroller)));
  gtk_viewport_set_scroll_to_focus (self->body_viewport, TRUE);
  gtk_widget_set_vexpand (self->body_scroller, TRUE);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (self->body_scroller),
                                              MIN_VISIBLE_ROWS * CELL_HEIGHT);
  /* The grid takes the room it is given; its rows scroll within it. */
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_parent (self->header_scroller, GTK_WIDGET (self));
  gtk_widget_set_parent (self->body_scroller, GTK_WIDGET (self));

  isaf_vote_grid_add_key_controller (self);
  isaf_vote_grid_add_click_gesture (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Votes"), -1);
  isaf_vote_grid_rebuild (self);
}

/* Public API ---------------------------------------------------------------------------- */

GtkWidget *
isaf_vote_grid_new (void)
{
  return g_object_new (ISAF_TYPE_VOTE_GRID, NULL);
}

void
isaf_vote_grid_set_scorecard (IsafVoteGrid  *self,
                              IsafScorecard *scorecard)
{
  g_return_if_fail (ISAF_IS_VOTE_GRID (self));

  if (scorecard != self->scorecard)
    {
      g_clear_pointer (&self->scorecard, isaf_scorecard_unref);
      if (scorecard != NULL)
        self->scorecard = isaf_scorecard_ref (scorecard);
      self->cursor_row = -1;
      self->cursor_column = -1;
    }
  isaf_vote_grid_rebuild (self);
}

IsafScorecard *
isaf_vote_grid_get_scorecard (IsafVoteGrid *self)
{
  g_return_val_if_fail (ISAF_IS_VOTE_GRID (self), NULL);

  return self->scorecard;
}

void
isaf_vote_grid_set_digits (IsafVoteGrid *self,
                           IsafDigits    digits)
{
  g_return_if_fail (ISAF_IS_VOTE_GRID (self));

  if (digits == self->digits)
    return;
  self->digits = digits;
  isaf_vote_grid_show_rows (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIGITS]);
}

IsafDigits
isaf_vote_grid_get_digits (IsafVoteGrid *self)
{
  g_return_val_if_fail (ISAF_IS_VOTE_GRID (self), ISAF_DIGITS_WESTERN);

  return self->digits;
}

gboolean
isaf_vote_grid_get_cursor (IsafVoteGrid *self,
                           guint        *participant,
                           guint        *indicator)
{
  g_return_val_if_fail (ISAF_IS_VOTE_GRID (self), FALSE);

  if (self->cursor_row < 0)
    return FALSE;
  if (participant != NULL)
    *participant = self->cursor_row;
  if (indicator != NULL)
    *indicator = isaf_vote_grid_get_column_indicator_index (self, self->cursor_column);
  return TRUE;
}

gboolean
isaf_vote_grid_set_cursor (IsafVoteGrid *self,
                           guint         participant,
                           guint         indicator)
{
  gboolean has_focus;

  g_return_val_if_fail (ISAF_IS_VOTE_GRID (self), FALSE);

  if (participant >= isaf_vote_grid_count_rows (self)
      || !isaf_vote_grid_row_can_vote (self, participant))
    return FALSE;
  for (guint column = 0; column < isaf_vote_grid_count_columns (self); column++)
    if (isaf_vote_grid_get_column_indicator_index (self, column) == indicator)
      {
        /* Focus follows the cursor only if it is in the grid already. */
        has_focus = gtk_widget_get_focus_child (GTK_WIDGET (self)) != NULL;
        isaf_vote_grid_move_cursor (self, participant, column, has_focus);
        return TRUE;
      }
  return FALSE;
}
