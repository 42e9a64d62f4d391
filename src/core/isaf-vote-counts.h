/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The scorecard scale (DOMAIN.md, step 4): 1 very dissatisfied … 5 very satisfied. */
#define ISAF_SCORE_MIN 1
#define ISAF_SCORE_MAX 5
#define ISAF_N_SCORES (ISAF_SCORE_MAX - ISAF_SCORE_MIN + 1)

/* The votes on one indicator: how many participants gave each score. Votes typed one by one
 * and votes counted by hand both come down to this, so both give the same results. */
typedef struct {
  /* counts[score - ISAF_SCORE_MIN] */
  gint64 counts[ISAF_N_SCORES];
} IsafVoteCounts;

void         isaf_vote_counts_clear        (IsafVoteCounts       *votes);
/* Adds one vote; @score must be within the scale. */
void         isaf_vote_counts_add          (IsafVoteCounts       *votes,
                                            int                   score);
gint64       isaf_vote_counts_get_total    (const IsafVoteCounts *votes);
/* The median: the middle vote, or the mean of the two middle votes for an even count. FALSE,
 * and @median untouched, when nobody voted: no vote is no result, never a zero. */
gboolean     isaf_vote_counts_get_median   (const IsafVoteCounts *votes,
                                            double               *median);
gboolean     isaf_vote_counts_get_average  (const IsafVoteCounts *votes,
                                            double               *average);
gboolean     isaf_vote_counts_equal        (const IsafVoteCounts *a,
                                            const IsafVoteCounts *b);

/* The label of a score in the user's language ("Very dissatisfied" …, in Khmer
 * មិនពេញចិត្តខ្លាំង …), and the name of the face icon that stands for it on the paper score
 * card, for people who read little (face-angry-symbolic … face-laugh-symbolic). */
const char  *isaf_score_get_label          (int                   score);
const char  *isaf_score_get_face_icon      (int                   score);

G_END_DECLS
