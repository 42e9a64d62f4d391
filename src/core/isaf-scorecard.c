/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-scorecard"

#include "config.h"

#include <string.h>

#include "isaf-scorecard-private.h"

/* A community scorecard or a self-assessment as the clerk edits it (DOMAIN.md, steps 4–5):
 * the scorecard row, its facilitators, its participants (one by one, or counted per
 * category), its indicators with their votes (typed per participant into a grid, or counted
 * per score) and notes. The grid is kept in step with the participants: every indicator has
 * one score per participant, in the same order. Saving and reading are in
 * isaf-scorecard-store.c and isaf-scorecard-read.c. */

G_DEFINE_QUARK (isaf-scorecard-error-quark, isaf_scorecard_error)

const char * const isaf_scorecard_tables[8] = {
  "scorecard", "scorecard_facilitator", "scorecard_participant", "scorecard_participant_tally",
  "scorecard_indicator", "scorecard_vote", "scorecard_vote_tally", "scorecard_note",
};

/* As stored in scorecard_note.kind. */
static const char * const note_kind_names[ISAF_N_NOTE_KINDS] = {
  "strength", "weakness", "suggestion",
};

const char *
isaf_note_kind_get_name (IsafNoteKind kind)
{
  g_return_val_if_fail (kind < ISAF_N_NOTE_KINDS, NULL);

  return note_kind_names[kind];
}

int
isaf_note_kind_from_name (const char *name)
{
  for (guint i = 0; i < ISAF_N_NOTE_KINDS; i++)
    if (g_strcmp0 (note_kind_names[i], name) == 0)
      return i;
  return -1;
}

/* The last four bytes: random in a UUIDv7 (the first ones are its time), hashed in a UUIDv5. */
guint
isaf_scorecard_uuid_hash (gconstpointer uuid)
{
  guint32 tail;

  memcpy (&tail, ((const IsafUuid *) uuid)->bytes + 12, sizeof tail);
  return tail;
}

gboolean
isaf_scorecard_uuid_equal (gconstpointer a,
                           gconstpointer b)
{
  return isaf_uuid_equal (a, b);
}

GHashTable *
isaf_scorecard_new_id_set (void)
{
  return g_hash_table_new (isaf_scorecard_uuid_hash, isaf_scorecard_uuid_equal);
}

gboolean
isaf_scorecard_participant_votes (IsafRecord *participant)
{
  return !isaf_record_get_boolean (participant, "is_anonymous");
}

/* Indicators ----------------------------------------------------------------------------- */

static void
indicator_free (gpointer data)
{
  IsafScorecardIndicator *indicator = data;

  g_clear_object (&indicator->record);
  g_clear_pointer (&indicator->scores, g_array_unref);
  for (guint i = 0; i < ISAF_N_NOTE_KINDS; i++)
    g_clear_pointer (&indicator->notes[i], g_ptr_array_unref);
  g_free (indicator);
}

IsafScorecardIndicator *
isaf_scorecard_append_indicator (IsafScorecard *scorecard,
                                 IsafRecord    *record)
{
  IsafScorecardIndicator *indicator = g_new0 (IsafScorecardIndicator, 1);

  indicator->record = g_object_ref (record);
  /* Zeroed: ISAF_NO_SCORE from every participant. */
  indicator->scores = g_array_sized_new (FALSE, TRUE, sizeof (guint8),
                                         scorecard->participants->len);
  g_array_set_size (indicator->scores, scorecard->participants->len);
  isaf_vote_counts_clear (&indicator->tally);
  for (guint i = 0; i < ISAF_N_NOTE_KINDS; i++)
    indicator->notes[i] = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (scorecard->indicators, indicator);
  return indicator;
}

/* After the last one: positions are the numbers on the paper sheet, never renumbered, so a
 * removed row leaves a gap rather than changing everybody else's number. */
static gint64
next_position (GPtrArray *records)
{
  gint64 last = 0;

  for (guint i = 0; i < records->len; i++)
    last = MAX (last, isaf_record_get_integer (g_ptr_array_index (records, i), "position"));
  return last + 1;
}

/* Scorecards ----------------------------------------------------------------------------- */

/**
 * isaf_scorecard_new:
 * @year: the cycle year
 * @kind: "csc" or "ssa"
 *
 * Returns: (transfer full): a draft scorecard with nobody and nothing on it yet, whose
 *   participants and votes are recorded one by one until told otherwise
 */
IsafScorecard *
isaf_scorecard_new (int         year,
                    const char *kind)
{
  IsafScorecard *scorecard = g_atomic_rc_box_new0 (IsafScorecard);

  scorecard->year = year;
  scorecard->record = isaf_record_new ("scorecard");
  isaf_record_set_text (scorecard->record, "kind", kind);
  isaf_record_set_text (scorecard->record, "status", "draft");
  scorecard->facilitators = g_array_new (FALSE, FALSE, sizeof (IsafUuid));
  scorecard->participants_one_by_one = TRUE;
  scorecard->participants = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < ISAF_N_ATTENDANCE; i++)
    scorecard->participant_counts[i] = ISAF_ATTENDANCE_NOT_COUNTED;
  scorecard->votes_one_by_one = TRUE;
  scorecard->indicators = g_ptr_array_new_with_free_func (indicator_free);
  return scorecard;
}

IsafScorecard *
isaf_scorecard_ref (IsafScorecard *scorecard)
{
  return g_atomic_rc_box_acquire (scorecard);
}

static void
scorecard_clear (gpointer data)
{
  IsafScorecard *scorecard = data;

  g_clear_object (&scorecard->record);
  g_clear_pointer (&scorecard->facilitators, g_array_unref);
  g_clear_pointer (&scorecard->participants, g_ptr_array_unref);
  g_clear_pointer (&scorecard->indicators, g_ptr_array_unref);
}

void
isaf_scorecard_unref (IsafScorecard *scorecard)
{
  g_atomic_rc_box_release_full (scorecard, scorecard_clear);
}

IsafRecord *
isaf_scorecard_add_participant (IsafScorecard *scorecard)
{
  const guint8 no_score = ISAF_NO_SCORE;
  IsafRecord *participant;

  g_return_val_if_fail (scorecard != NULL, NULL);

  participant = isaf_record_new ("scorecard_participant");
  isaf_record_set_integer (participant, "position", next_position (scorecard->participants));
  /* The scorecard owns it. */
  g_ptr_array_add (scorecard->participants, participant);
  for (guint i = 0; i < scorecard->indicators->len; i++)
    {
      IsafScorecardIndicator *indicator = g_ptr_array_index (scorecard->indicators, i);

      g_array_append_val (indicator->scores, no_score);
    }
  return participant;
}

void
isaf_scorecard_remove_participant (IsafScorecard *scorecard,
                                   guint          index)
{
  g_return_if_fail (scorecard != NULL);
  g_return_if_fail (index < scorecard->participants->len);

  g_ptr_array_remove_index (scorecard->participants, index);
  for (guint i = 0; i < scorecard->indicators->len; i++)
    {
      IsafScorecardIndicator *indicator = g_ptr_array_index (scorecard->indicators, i);

      g_array_remove_index (indicator->scores, index);
    }
}

IsafScorecardIndicator *
isaf_scorecard_add_indicator (IsafScorecard *scorecard,
                              const char    *code,
                              const char    *name_km,
                              const char    *name_en)
{
  g_autoptr(IsafRecord) record = NULL;
  g_autoptr(GPtrArray) records = NULL;

  g_return_val_if_fail (scorecard != NULL, NULL);

  records = g_ptr_array_sized_new (scorecard->indicators->len);
  for (guint i = 0; i < scorecard->indicators->len; i++)
    g_ptr_array_add (records,
                     ((IsafScorecardIndicator *) g_ptr_array_index (scorecard->indicators, i))->record);
  record = isaf_record_new ("scorecard_indicator");
  isaf_record_set_integer (record, "position", next_position (records));

  if (code != NULL)
    isaf_record_set_text (record, "indicator_code", code);
  isaf_record_set_text (record, "name_km", name_km);
  if (name_en != NULL)
    isaf_record_set_text (record, "name_en", name_en);
  isaf_record_set_integer (record, "times_raised", 0);
  isaf_record_set_boolean (record, "is_selected", FALSE);
  return isaf_scorecard_append_indicator (scorecard, record);
}

gboolean
isaf_scorecard_grid_in_step (IsafScorecard *scorecard)
{
  for (guint i = 0; i < scorecard->indicators->len; i++)
    {
      IsafScorecardIndicator *indicator = g_ptr_array_index (scorecard->indicators, i);

      if (indicator->scores->len != scorecard->participants->len)
        return FALSE;
    }
  return TRUE;
}

gint64
isaf_scorecard_count_voters (IsafScorecard *scorecard)
{
  gint64 voters = 0;

  g_return_val_if_fail (scorecard != NULL, 0);

  if (!scorecard->participants_one_by_one)
    return MAX (scorecard->participant_counts[ISAF_ATTENDANCE_WOMEN], 0)
           + MAX (scorecard->participant_counts[ISAF_ATTENDANCE_MEN], 0);

  for (guint i = 0; i < scorecard->participants->len; i++)
    if (isaf_scorecard_participant_votes (g_ptr_array_index (scorecard->participants, i)))
      voters++;
  return voters;
}

/**
 * isaf_scorecard_indicator_get_votes:
 * @scorecard: the scorecard
 * @indicator: one of its indicators
 * @votes: (out): how many gave each score
 *
 * The votes that count: the grid's scores of participants who are not anonymous, or the
 * tally counted by hand. Scores off the scale (which a save refuses) count for nothing.
 */
void
isaf_scorecard_indicator_get_votes (IsafScorecard          *scorecard,
                                    IsafScorecardIndicator *indicator,
                                    IsafVoteCounts         *votes)
{
  guint n;

  g_return_if_fail (scorecard != NULL);
  g_return_if_fail (indicator != NULL);

  if (!scorecard->votes_one_by_one)
    {
      *votes = indicator->tally;
      return;
    }

  isaf_vote_counts_clear (votes);
  n = MIN (indicator->scores->len, scorecard->participants->len);
  for (guint i = 0; i < n; i++)
    {
      guint8 score = g_array_index (indicator->scores, guint8, i);

      if (score >= ISAF_SCORE_MIN && score <= ISAF_SCORE_MAX
          && isaf_scorecard_participant_votes (g_ptr_array_index (scorecard->participants, i)))
        isaf_vote_counts_add (votes, score);
    }
}
