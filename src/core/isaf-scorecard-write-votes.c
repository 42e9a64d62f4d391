/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-scorecard"

#include "config.h"

#include "isaf-scorecard-private.h"
#include "isaf-stage-rows.h"

/* Writing the votes of one indicator (typed one by one, or counted by hand) and its notes,
 * inside the transaction of a save (isaf-scorecard-write.c), each row written only when it
 * changed.
 *
 * Anonymous participants do not vote (DOMAIN.md, step 4): scores typed for them are not
 * saved, and a vote saved before someone was marked anonymous is deleted, so that every
 * scorecard_vote row is a vote that counts, whoever reads the table. */

/* Votes ---------------------------------------------------------------------------------- */

/* One row per score a participant who may vote gave, when votes are typed one by one. */
static gboolean
replace_votes (IsafDatabase           *database,
               IsafScorecard          *scorecard,
               IsafScorecardIndicator *indicator,
               GError                **error)
{
  const IsafUuid *indicator_id = isaf_record_get_id (indicator->record);
  g_autoptr(GPtrArray) rows = isaf_store_read_list (database, "scorecard_vote",
                                                    "scorecard_indicator_id", indicator_id,
                                                    error);
  g_autoptr(GHashTable) by_participant = isaf_scorecard_new_id_set ();
  GHashTableIter iter;
  gpointer row;

  if (rows == NULL)
    return FALSE;

  for (guint i = 0; i < rows->len; i++)
    {
      IsafRecord *vote = g_ptr_array_index (rows, i);
      const IsafUuid *participant_id = isaf_record_get_reference (vote, "participant_id");

      /* A participant votes once on an indicator. */
      if (participant_id == NULL || g_hash_table_contains (by_participant, participant_id))
        {
          if (!isaf_scorecard_delete_row (database, vote, error))
            return FALSE;
        }
      else
        g_hash_table_insert (by_participant, (gpointer) participant_id, vote);
    }

  for (guint i = 0; scorecard->votes_one_by_one && i < scorecard->participants->len; i++)
    {
      IsafRecord *participant = g_ptr_array_index (scorecard->participants, i);
      const IsafUuid *participant_id = isaf_record_get_id (participant);
      guint8 score = g_array_index (indicator->scores, guint8, i);
      IsafRecord *vote;

      if (score == ISAF_NO_SCORE || !isaf_scorecard_participant_votes (participant))
        continue;

      vote = g_hash_table_lookup (by_participant, participant_id);
      if (vote != NULL)
        {
          g_hash_table_remove (by_participant, participant_id);
          isaf_scorecard_set_integer_if_changed (vote, "score", score);
          if (!isaf_store_write_record (database, vote, error))
            return FALSE;
        }
      else
        {
          char participant_text[ISAF_UUID_STRING_LENGTH + 1];
          g_autofree char *key = NULL;
          g_autoptr(IsafRecord) added = NULL;

          isaf_uuid_to_buffer (participant_id, participant_text);
          key = isaf_stage_key_of (indicator_id, participant_text);
          added = isaf_record_new_keyed ("scorecard_vote", key);
          isaf_record_set_reference (added, "scorecard_indicator_id", indicator_id);
          isaf_record_set_reference (added, "participant_id", participant_id);
          isaf_record_set_integer (added, "score", score);
          if (!isaf_store_write_record (database, added, error))
            return FALSE;
        }
    }

  g_hash_table_iter_init (&iter, by_participant);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    if (!isaf_scorecard_delete_row (database, row, error))
      return FALSE;
  return TRUE;
}

/* One row per score somebody gave, when votes are counted by hand. */
static gboolean
replace_vote_tally (IsafDatabase           *database,
                    IsafScorecard          *scorecard,
                    IsafScorecardIndicator *indicator,
                    GError                **error)
{
  const IsafUuid *indicator_id = isaf_record_get_id (indicator->record);
  g_autoptr(GPtrArray) rows = isaf_store_read_list (database, "scorecard_vote_tally",
                                                    "scorecard_indicator_id", indicator_id,
                                                    error);
  gboolean written[ISAF_N_SCORES] = { FALSE };

  if (rows == NULL)
    return FALSE;

  for (guint i = 0; i < rows->len; i++)
    {
      IsafRecord *row = g_ptr_array_index (rows, i);
      gint64 score = isaf_record_get_integer (row, "score");
      guint slot = score - ISAF_SCORE_MIN;

      if (scorecard->votes_one_by_one || score < ISAF_SCORE_MIN || score > ISAF_SCORE_MAX
          || written[slot] || indicator->tally.counts[slot] == 0)
        {
          if (!isaf_scorecard_delete_row (database, row, error))
            return FALSE;
          continue;
        }
      written[slot] = TRUE;
      isaf_scorecard_set_integer_if_changed (row, "count", indicator->tally.counts[slot]);
      if (!isaf_store_write_record (database, row, error))
        return FALSE;
    }

  for (guint slot = 0; !scorecard->votes_one_by_one && slot < ISAF_N_SCORES; slot++)
    {
      g_autofree char *score = NULL;
      g_autofree char *key = NULL;
      g_autoptr(IsafRecord) row = NULL;

      if (written[slot] || indicator->tally.counts[slot] == 0)
        continue;
      score = g_strdup_printf ("%u", ISAF_SCORE_MIN + slot);
      key = isaf_stage_key_of (indicator_id, score);
      row = isaf_record_new_keyed ("scorecard_vote_tally", key);
      isaf_record_set_reference (row, "scorecard_indicator_id", indicator_id);
      isaf_record_set_integer (row, "score", ISAF_SCORE_MIN + slot);
      isaf_record_set_integer (row, "count", indicator->tally.counts[slot]);
      if (!isaf_store_write_record (database, row, error))
        return FALSE;
    }
  return TRUE;
}

/* Notes ---------------------------------------------------------------------------------- */

static int
compare_note_order (gconstpointer a,
                    gconstpointer b)
{
  IsafRecord *note_a = *(IsafRecord **) a;
  IsafRecord *note_b = *(IsafRecord **) b;
  gint64 position_a = isaf_record_get_integer (note_a, "position");
  gint64 position_b = isaf_record_get_integer (note_b, "position");

  if (position_a != position_b)
    return position_a < position_b ? -1 : 1;
  return isaf_uuid_compare (isaf_record_get_id (note_a), isaf_record_get_id (note_b));
}

/* The notes of each kind, in order: the n-th note saved before takes the n-th text, so an
 * edit changes one field, and the rows left over are deleted. */
static gboolean
replace_notes (IsafDatabase           *database,
               IsafScorecardIndicator *indicator,
               GError                **error)
{
  const IsafUuid *indicator_id = isaf_record_get_id (indicator->record);
  g_autoptr(GPtrArray) rows = isaf_store_read_list (database, "scorecard_note",
                                                    "scorecard_indicator_id", indicator_id,
                                                    error);

  if (rows == NULL)
    return FALSE;
  g_ptr_array_sort (rows, compare_note_order);

  for (IsafNoteKind kind = 0; kind < ISAF_N_NOTE_KINDS; kind++)
    {
      GPtrArray *texts = indicator->notes[kind];
      guint n_reused = 0;

      for (guint i = 0; i < rows->len; i++)
        {
          IsafRecord *row = g_ptr_array_index (rows, i);

          if (isaf_note_kind_from_name (isaf_record_get_text (row, "kind")) != (int) kind)
            continue;
          if (n_reused == texts->len)
            {
              if (!isaf_scorecard_delete_row (database, row, error))
                return FALSE;
              continue;
            }
          if (g_strcmp0 (isaf_record_get_text (row, "text"),
                         g_ptr_array_index (texts, n_reused)) != 0)
            isaf_record_set_text (row, "text", g_ptr_array_index (texts, n_reused));
          isaf_scorecard_set_integer_if_changed (row, "position", n_reused + 1);
          if (!isaf_store_write_record (database, row, error))
            return FALSE;
          n_reused++;
        }

      for (guint i = n_reused; i < texts->len; i++)
        {
          g_autoptr(IsafRecord) row = isaf_record_new ("scorecard_note");

          isaf_record_set_reference (row, "scorecard_indicator_id", indicator_id);
          isaf_record_set_text (row, "kind", isaf_note_kind_get_name (kind));
          isaf_record_set_integer (row, "position", i + 1);
          isaf_record_set_text (row, "text", g_ptr_array_index (texts, i));
          if (!isaf_store_write_record (database, row, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* The indicator -------------------------------------------------------------------------- */

/* The votes, or their counts, and the notes of @indicator, as the scorecard holds them. */
gboolean
isaf_scorecard_write_indicator (IsafDatabase           *database,
                                IsafScorecard          *scorecard,
                                IsafScorecardIndicator *indicator,
                                GError                **error)
{
  return replace_votes (database, scorecard, indicator, error)
         && replace_vote_tally (database, scorecard, indicator, error)
         && replace_notes (database, indicator, error);
}
