/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-vote-grid"

#include "config.h"

#include "isaf-vote-grid-private.h"

/* What each key does in the vote grid. A digit in any script (1, ១, keypad 1) types a score and
 * moves on in reading order, so a row is typed as the digits read on paper; 0, Delete and
 * Backspace clear; the arrows, Home, End, Page Up, Page Down, Enter and Tab move. Moving up
 * and down skips anonymous participants, who take no votes. */

/* How many participants Page Up and Page Down move over. */
#define PAGE_ROWS 10

/* Up to @count voters away in @step's direction, stopping at the last one there is. */
static int
find_voter_at_most (IsafVoteGrid *self,
                    int           row,
                    int           step,
                    guint         count)
{
  for (guint i = 0; i < count; i++)
    {
      int next = isaf_vote_grid_find_voter (self, row, step);

      if (next < 0)
        break;
      row = next;
    }
  return row;
}

/* The cell after the cursor in reading order: along the row, then the next voter's first. */
static gboolean
find_next_cell (IsafVoteGrid *self,
                int          *row,
                int          *column)
{
  int next_row;

  if (self->cursor_column + 1 < (int) isaf_vote_grid_count_columns (self))
    {
      *row = self->cursor_row;
      *column = self->cursor_column + 1;
      return TRUE;
    }
  next_row = isaf_vote_grid_find_voter (self, self->cursor_row, 1);
  if (next_row < 0)
    return FALSE;
  *row = next_row;
  *column = 0;
  return TRUE;
}

/* The cell before the cursor in reading order: back along the row, then the previous voter's
 * last. */
static gboolean
find_previous_cell (IsafVoteGrid *self,
                    int          *row,
                    int          *column)
{
  int previous_row;

  if (self->cursor_column > 0)
    {
      *row = self->cursor_row;
      *column = self->cursor_column - 1;
      return TRUE;
    }
  previous_row = isaf_vote_grid_find_voter (self, self->cursor_row, -1);
  if (previous_row < 0)
    return FALSE;
  *row = previous_row;
  *column = isaf_vote_grid_count_columns (self) - 1;
  return TRUE;
}

/* The digit a key types, in any script (1, ១, keypad 1), or -1. */
static int
keyval_get_digit (guint keyval)
{
  gunichar character = gdk_keyval_to_unicode (keyval);

  return character != 0 ? g_unichar_digit_value (character) : -1;
}

/* A digit key fills the cursor's cell and moves on; at the very last cell the cursor stays. */
static void
type_digit (IsafVoteGrid *self,
            int           digit)
{
  int row, column;

  if (digit > ISAF_SCORE_MAX)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  /* 0 is "no score": typed where the paper is blank, it moves on like any score. */
  isaf_vote_grid_set_score (self, self->cursor_row, self->cursor_column,
                            digit >= ISAF_SCORE_MIN ? digit : ISAF_NO_SCORE);
  if (find_next_cell (self, &row, &column))
    isaf_vote_grid_move_cursor (self, row, column, TRUE);
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   IsafVoteGrid          *self)
{
  GdkModifierType modifiers = state & gtk_accelerator_get_default_mod_mask ();
  gboolean control = (modifiers & GDK_CONTROL_MASK) != 0;
  gboolean shift = (modifiers & GDK_SHIFT_MASK) != 0;
  int row = self->cursor_row;
  int column = self->cursor_column;
  int last_column = (int) isaf_vote_grid_count_columns (self) - 1;
  gboolean backwards;
  int digit;

  if (row < 0)
    return FALSE;
  /* Other shortcuts of the window (Alt+…, Ctrl+S) go on to it. */
  if ((modifiers & ~(GDK_CONTROL_MASK | GDK_SHIFT_MASK)) != 0)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      column = MAX (column - 1, 0);
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      column = MIN (column + 1, last_column);
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      row = find_voter_at_most (self, row, -1, 1);
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      row = find_voter_at_most (self, row, 1, 1);
      break;
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
      row = find_voter_at_most (self, row, -1, PAGE_ROWS);
      break;
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      row = find_voter_at_most (self, row, 1, PAGE_ROWS);
      break;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      if (control)
        row = isaf_vote_grid_find_voter (self, -1, 1);
      column = 0;
      break;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      if (control)
        row = isaf_vote_grid_find_voter (self, isaf_vote_grid_count_rows (self), -1);
      column = last_column;
      break;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      row = find_voter_at_most (self, row, shift ? -1 : 1, 1);
      break;
    case GDK_KEY_Tab:
    case GDK_KEY_KP_Tab:
    case GDK_KEY_ISO_Left_Tab:
      /* Ctrl+Tab, and Tab past either end, leave the grid as they would any widget. */
      if (control)
        return FALSE;
      backwards = shift || keyval == GDK_KEY_ISO_Left_Tab;
      if (backwards ? !find_previous_cell (self, &row, &column)
                    : !find_next_cell (self, &row, &column))
        return FALSE;
      break;
    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
    case GDK_KEY_BackSpace:
      if (control)
        return FALSE;
      isaf_vote_grid_set_score (self, row, column, ISAF_NO_SCORE);
      return TRUE;
    default:
      digit = keyval_get_digit (keyval);
      if (digit < 0 || control)
        return FALSE;
      type_digit (self, digit);
      return TRUE;
    }

  isaf_vote_grid_move_cursor (self, row, column, TRUE);
  return TRUE;
}

/* Keys are taken before the cells and the scrolled window see them, since the grid, not GTK's
 * focus chain, decides where each key leads. */
void
isaf_vote_grid_add_key_controller (IsafVoteGrid *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}
