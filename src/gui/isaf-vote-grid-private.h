/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isaf-vote-grid.h"

G_BEGIN_DECLS

/* Shared by isaf-vote-grid.c (the widget: its properties, signal, focus and cursor),
 * isaf-vote-grid-build.c (the headers and cells made from the scorecard),
 * isaf-vote-grid-cell.c (what a cell and a participant's title show and say to a screen
 * reader, and a cell taking the cursor with focus) and isaf-vote-grid-keys.c (what each key
 * does). */

/* The smallest cell: a digit and its face, with room to click. */
#define CELL_WIDTH 72
#define CELL_HEIGHT 36

typedef struct {
  GtkWidget *widget;
  GtkLabel *digit;
  GtkImage *face;
} Cell;

struct _IsafVoteGrid
{
  GtkWidget parent_instance;

  GtkWidget *header_scroller;
  GtkViewport *header_viewport;
  GtkWidget *body_scroller;
  GtkViewport *body_viewport;

  IsafScorecard *scorecard;
  IsafDigits digits;
  /* The indicators shown, as indexes into scorecard->indicators (guint): the selected ones. */
  GArray *columns;
  /* One per participant (GtkWidget). */
  GPtrArray *row_headers;
  /* One per column (GtkWidget). */
  GPtrArray *column_headers;
  /* Row by row: cells[row * columns->len + column]. */
  Cell *cells;
  /* The cell typing goes into, by row (participant) and column; -1 when there is none. */
  int cursor_row;
  int cursor_column;
};

/* The model: a row is a participant, a column an indicator selected for scoring. */

static inline guint
isaf_vote_grid_count_rows (IsafVoteGrid *self)
{
  return self->scorecard != NULL ? self->scorecard->participants->len : 0;
}

static inline guint
isaf_vote_grid_count_columns (IsafVoteGrid *self)
{
  return self->columns->len;
}

static inline guint
isaf_vote_grid_get_column_indicator_index (IsafVoteGrid *self,
                                           guint         column)
{
  return g_array_index (self->columns, guint, column);
}

static inline IsafScorecardIndicator *
isaf_vote_grid_get_column_indicator (IsafVoteGrid *self,
                                     guint         column)
{
  return g_ptr_array_index (self->scorecard->indicators,
                            isaf_vote_grid_get_column_indicator_index (self, column));
}

/* Anonymous participants are counted among those present but do not vote. */
static inline gboolean
isaf_vote_grid_row_can_vote (IsafVoteGrid *self,
                             guint         row)
{
  IsafRecord *participant = g_ptr_array_index (self->scorecard->participants, row);

  return !isaf_record_get_boolean (participant, "is_anonymous");
}

static inline guint8
isaf_vote_grid_get_score (IsafVoteGrid *self,
                          guint         row,
                          guint         column)
{
  return g_array_index (isaf_vote_grid_get_column_indicator (self, column)->scores, guint8, row);
}

static inline Cell *
isaf_vote_grid_get_cell (IsafVoteGrid *self,
                         guint         row,
                         guint         column)
{
  return &self->cells[row * isaf_vote_grid_count_columns (self) + column];
}

/* Defined in isaf-vote-grid.c. */
int         isaf_vote_grid_find_voter         (IsafVoteGrid *self,
                                               int           row,
                                               int           step);
void        isaf_vote_grid_move_cursor        (IsafVoteGrid *self,
                                               int           row,
                                               int           column,
                                               gboolean      focus);
void        isaf_vote_grid_place_cursor       (IsafVoteGrid *self,
                                               int           row,
                                               int           column,
                                               gboolean      focus);
void        isaf_vote_grid_set_score          (IsafVoteGrid *self,
                                               guint         row,
                                               guint         column,
                                               guint8        score);

/* Defined in isaf-vote-grid-build.c. */
void        isaf_vote_grid_rebuild            (IsafVoteGrid *self);

/* Defined in isaf-vote-grid-cell.c. */
const char *isaf_vote_grid_get_column_name    (IsafVoteGrid *self,
                                               guint         column);
GtkWidget  *isaf_vote_grid_create_row_header  (IsafVoteGrid *self,
                                               guint         row);
void        isaf_vote_grid_create_cell        (IsafVoteGrid *self,
                                               guint         row,
                                               guint         column);
void        isaf_vote_grid_show_cell          (IsafVoteGrid *self,
                                               guint         row,
                                               guint         column);
void        isaf_vote_grid_show_rows          (IsafVoteGrid *self);
void        isaf_vote_grid_add_click_gesture  (IsafVoteGrid *self);

/* Defined in isaf-vote-grid-keys.c. */
void        isaf_vote_grid_add_key_controller (IsafVoteGrid *self);

G_END_DECLS
