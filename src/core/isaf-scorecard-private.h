/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isaf-scorecard.h"

G_BEGIN_DECLS

/* Shared by isaf-scorecard.c (the scorecard in memory), isaf-scorecard-rules.c (the rules a
 * save checks), isaf-scorecard-write.c and isaf-scorecard-write-votes.c (writing it),
 * isaf-scorecard-read.c (reading a year) and isaf-scorecard-store.c (the jobs). */

/* Adds the indicator of @record (a new or a stored scorecard_indicator row) at the end, with
 * no votes and no notes. */
IsafScorecardIndicator *isaf_scorecard_append_indicator (IsafScorecard  *scorecard,
                                                         IsafRecord     *record);
/* Whether the votes of @participant count: anonymous participants may propose, not vote. */
gboolean                isaf_scorecard_participant_votes (IsafRecord    *participant);
/* The note kind stored as @name ("strength" …), or -1. */
int                     isaf_note_kind_from_name        (const char     *name);
/* For hash tables keyed by IsafUuid pointers. */
guint                   isaf_scorecard_uuid_hash        (gconstpointer   uuid);
gboolean                isaf_scorecard_uuid_equal       (gconstpointer   a,
                                                         gconstpointer   b);
GHashTable             *isaf_scorecard_new_id_set       (void);
/* Every indicator has one score per participant: the scorecard's own functions keep it so. */
gboolean                isaf_scorecard_grid_in_step     (IsafScorecard  *scorecard);

/* Every rule that spans rows, on the database thread, inside the transaction that writes. */
gboolean                isaf_scorecard_check_rules      (IsafDatabase   *database,
                                                         IsafScorecard  *scorecard,
                                                         GError        **error);

/* Writing, on the database thread. */
void                    isaf_scorecard_set_integer_if_changed (IsafRecord *record,
                                                         const char     *column,
                                                         gint64          value);
gboolean                isaf_scorecard_delete_row       (IsafDatabase   *database,
                                                         IsafRecord     *row,
                                                         GError        **error);
gboolean                isaf_scorecard_write_indicator  (IsafDatabase   *database,
                                                         IsafScorecard  *scorecard,
                                                         IsafScorecardIndicator *indicator,
                                                         GError        **error);

G_END_DECLS
