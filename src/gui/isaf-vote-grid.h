/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isaf-format.h"
#include "isaf-scorecard.h"

G_BEGIN_DECLS

#define ISAF_TYPE_VOTE_GRID (isaf_vote_grid_get_type ())

G_DECLARE_FINAL_TYPE (IsafVoteGrid, isaf_vote_grid, ISAF, VOTE_GRID, GtkWidget)

GtkWidget     *isaf_vote_grid_new           (void);

/* Shows @scorecard's participants against its selected indicators and edits their scores in
 * place. Call it again after participants or indicators were added, removed, selected or
 * unselected elsewhere. */
void           isaf_vote_grid_set_scorecard (IsafVoteGrid  *self,
                                             IsafScorecard *scorecard);
IsafScorecard *isaf_vote_grid_get_scorecard (IsafVoteGrid  *self);

void           isaf_vote_grid_set_digits    (IsafVoteGrid  *self,
                                             IsafDigits     digits);
IsafDigits     isaf_vote_grid_get_digits    (IsafVoteGrid  *self);

/* The cell that typing goes into, as indexes into IsafScorecard.participants and
 * IsafScorecard.indicators; FALSE when there is none (no voter, or no selected indicator). */
gboolean       isaf_vote_grid_get_cursor    (IsafVoteGrid  *self,
                                             guint         *participant,
                                             guint         *indicator);
/* FALSE, leaving the cursor where it is, for an anonymous participant (who does not vote)
 * or an indicator not selected for scoring. */
gboolean       isaf_vote_grid_set_cursor    (IsafVoteGrid  *self,
                                             guint          participant,
                                             guint          indicator);

G_END_DECLS
