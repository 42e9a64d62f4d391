/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-scorecard"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "isaf-vote-counts.h"

static const char * const score_labels[ISAF_N_SCORES] = {
  N_("Very dissatisfied"), N_("Dissatisfied"), N_("Acceptable"), N_("Satisfied"),
  N_("Very satisfied"),
};

static const char * const face_icons[ISAF_N_SCORES] = {
  "face-angry-symbolic", "face-sad-symbolic", "face-plain-symbolic", "face-smile-symbolic",
  "face-laugh-symbolic",
};

static gboolean
is_score (int score)
{
  return score >= ISAF_SCORE_MIN && score <= ISAF_SCORE_MAX;
}

void
isaf_vote_counts_clear (IsafVoteCounts *votes)
{
  memset (votes, 0, sizeof *votes);
}

void
isaf_vote_counts_add (IsafVoteCounts *votes,
                      int             score)
{
  g_return_if_fail (is_score (score));

  votes->counts[score - ISAF_SCORE_MIN]++;
}

gint64
isaf_vote_counts_get_total (const IsafVoteCounts *votes)
{
  gint64 total = 0;

  for (guint i = 0; i < ISAF_N_SCORES; i++)
    total += votes->counts[i];
  return total;
}

/* The score of the vote at @index (from 0) when the votes are laid out from lowest to highest. */
static int
score_at (const IsafVoteCounts *votes,
          gint64                index)
{
  for (guint i = 0; i < ISAF_N_SCORES; i++)
    {
      if (index < votes->counts[i])
        return ISAF_SCORE_MIN + i;
      index -= votes->counts[i];
    }
  g_return_val_if_reached (ISAF_SCORE_MAX);
}

gboolean
isaf_vote_counts_get_median (const IsafVoteCounts *votes,
                             double               *median)
{
  gint64 total = isaf_vote_counts_get_total (votes);

  if (total <= 0)
    return FALSE;
  if (total % 2 == 1)
    *median = score_at (votes, total / 2);
  else
    *median = (score_at (votes, total / 2 - 1) + score_at (votes, total / 2)) / 2.0;
  return TRUE;
}

gboolean
isaf_vote_counts_get_average (const IsafVoteCounts *votes,
                              double               *average)
{
  gint64 total = isaf_vote_counts_get_total (votes);
  gint64 sum = 0;

  if (total <= 0)
    return FALSE;
  for (guint i = 0; i < ISAF_N_SCORES; i++)
    sum += votes->counts[i] * (gint64) (ISAF_SCORE_MIN + i);
  *average = (double) sum / total;
  return TRUE;
}

gboolean
isaf_vote_counts_equal (const IsafVoteCounts *a,
                        const IsafVoteCounts *b)
{
  return memcmp (a->counts, b->counts, sizeof a->counts) == 0;
}

const char *
isaf_score_get_label (int score)
{
  g_return_val_if_fail (is_score (score), NULL);

  return _(score_labels[score - ISAF_SCORE_MIN]);
}

const char *
isaf_score_get_face_icon (int score)
{
  g_return_val_if_fail (is_score (score), NULL);

  return face_icons[score - ISAF_SCORE_MIN];
}
