/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-scorecard"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "isaf-error.h"
#include "isaf-scorecard-private.h"
#include "isaf-stage-rows.h"
#include "isaf-validate.h"

/* Writing a scorecard on the database thread, inside the transaction of one save
 * (isaf-scorecard-store.c). Every row is validated and every rule checked
 * (isaf-scorecard-rules.c) before anything is written; then each table is brought in line
 * with the scorecard in memory, writing only what changed and marking as deleted the rows it
 * no longer holds. The votes and notes of each indicator are written by
 * isaf-scorecard-write-votes.c.
 *
 * Rows that one fact defines have natural keys, as the demo's do, so that two laptops
 * recording the same fact make the same row: a facilitator "<scorecard>/<caf>", a count of the
 * tally sheet "<scorecard>/<category>", a vote "<indicator>/<participant>", a count of votes
 * "<indicator>/<score>". Participants, indicators and notes are rows of their own (UUIDv7). */

/* Rows ----------------------------------------------------------------------------------- */

void
isaf_scorecard_set_integer_if_changed (IsafRecord *record,
                                       const char *column,
                                       gint64      value)
{
  if (isaf_record_is_null (record, column) || isaf_record_get_integer (record, column) != value)
    isaf_record_set_integer (record, column, value);
}

/* Writes @record, a row the scorecard holds. A stored row that is no longer live (left out
 * of an earlier save, or deleted elsewhere) comes back whole rather than as the fields
 * changed since. */
static gboolean
write_row (IsafDatabase *database,
           IsafRecord   *record,
           GHashTable   *live,
           GError      **error)
{
  const IsafTable *table = isaf_record_get_table (record);
  g_autoptr(IsafRecord) revived = NULL;

  if (!isaf_record_is_stored (record) || g_hash_table_contains (live, isaf_record_get_id (record)))
    return isaf_store_write_record (database, record, error);

  revived = isaf_record_new_with_id (table->name, isaf_record_get_id (record));
  for (guint i = 0; i < table->n_columns; i++)
    isaf_value_copy (isaf_record_value_at (record, i), isaf_record_value_at (revived, i));
  return isaf_store_write_record (database, revived, error);
}

gboolean
isaf_scorecard_delete_row (IsafDatabase *database,
                           IsafRecord   *row,
                           GError      **error)
{
  return isaf_store_write_delete (database, isaf_record_get_table (row), isaf_record_get_id (row),
                                  NULL, error);
}

/* The rows of @table that belong to the scorecard become @wanted (IsafRecord): the others
 * are deleted, with what belongs to them (a participant's votes, an indicator's votes, counts
 * and notes), and the wanted ones written. */
static gboolean
replace_rows (IsafDatabase   *database,
              const char     *table,
              const IsafUuid *scorecard_id,
              GPtrArray      *wanted,
              GError        **error)
{
  g_autoptr(GPtrArray) rows = isaf_store_read_list (database, table, "scorecard_id",
                                                    scorecard_id, error);
  g_autoptr(GHashTable) wanted_ids = isaf_scorecard_new_id_set ();
  g_autoptr(GHashTable) live = isaf_scorecard_new_id_set ();

  if (rows == NULL)
    return FALSE;

  for (guint i = 0; i < wanted->len; i++)
    g_hash_table_add (wanted_ids, (gpointer) isaf_record_get_id (g_ptr_array_index (wanted, i)));

  for (guint i = 0; i < rows->len; i++)
    {
      IsafRecord *row = g_ptr_array_index (rows, i);

      if (g_hash_table_contains (wanted_ids, isaf_record_get_id (row)))
        g_hash_table_add (live, (gpointer) isaf_record_get_id (row));
      else if (!isaf_scorecard_delete_row (database, row, error))
        return FALSE;
    }

  for (guint i = 0; i < wanted->len; i++)
    if (!write_row (database, g_ptr_array_index (wanted, i), live, error))
      return FALSE;
  return TRUE;
}

static int
find_category (const char *category)
{
  for (IsafAttendance i = 0; i < ISAF_N_ATTENDANCE; i++)
    if (g_strcmp0 (isaf_attendance_get_category (i), category) == 0)
      return i;
  return -1;
}

/* One row per category counted on the tally sheet; none when participants are listed one by
 * one. */
static gboolean
replace_participant_tally (IsafDatabase  *database,
                           IsafScorecard *scorecard,
                           GError       **error)
{
  const IsafUuid *scorecard_id = isaf_record_get_id (scorecard->record);
  g_autoptr(GPtrArray) rows = isaf_store_read_list (database, "scorecard_participant_tally",
                                                    "scorecard_id", scorecard_id, error);
  gint64 wanted[ISAF_N_ATTENDANCE];
  gboolean written[ISAF_N_ATTENDANCE] = { FALSE };

  if (rows == NULL)
    return FALSE;

  for (guint i = 0; i < ISAF_N_ATTENDANCE; i++)
    wanted[i] = scorecard->participants_one_by_one ? ISAF_ATTENDANCE_NOT_COUNTED
                                                   : scorecard->participant_counts[i];

  for (guint i = 0; i < rows->len; i++)
    {
      IsafRecord *row = g_ptr_array_index (rows, i);
      int category = find_category (isaf_record_get_text (row, "category"));

      if (category < 0 || written[category] || wanted[category] == ISAF_ATTENDANCE_NOT_COUNTED)
        {
          if (!isaf_scorecard_delete_row (database, row, error))
            return FALSE;
          continue;
        }
      written[category] = TRUE;
      isaf_scorecard_set_integer_if_changed (row, "count", wanted[category]);
      if (!isaf_store_write_record (database, row, error))
        return FALSE;
    }

  for (IsafAttendance i = 0; i < ISAF_N_ATTENDANCE; i++)
    {
      g_autofree char *key = NULL;
      g_autoptr(IsafRecord) row = NULL;

      if (written[i] || wanted[i] == ISAF_ATTENDANCE_NOT_COUNTED)
        continue;
      key = isaf_stage_key_of (scorecard_id, isaf_attendance_get_category (i));
      row = isaf_record_new_keyed ("scorecard_participant_tally", key);
      isaf_record_set_reference (row, "scorecard_id", scorecard_id);
      isaf_record_set_text (row, "category", isaf_attendance_get_category (i));
      isaf_record_set_integer (row, "count", wanted[i]);
      if (!isaf_store_write_record (database, row, error))
        return FALSE;
    }
  return TRUE;
}

/* The scorecard -------------------------------------------------------------------------- */

/* The rows the scorecard holds, pointed at it and validated field by field. */
static gboolean
validate_rows (IsafScorecard *scorecard,
               const char    *commune_code,
               GPtrArray     *participants,
               GPtrArray     *indicators,
               GError       **error)
{
  const IsafUuid *scorecard_id = isaf_record_get_id (scorecard->record);

  if (!isaf_validate_record (scorecard->record, commune_code, error))
    return FALSE;

  if (scorecard->participants_one_by_one)
    g_ptr_array_extend (participants, scorecard->participants, NULL, NULL);
  for (guint i = 0; i < scorecard->indicators->len; i++)
    g_ptr_array_add (indicators,
                     ((IsafScorecardIndicator *) g_ptr_array_index (scorecard->indicators, i))->record);

  for (guint i = 0; i < participants->len; i++)
    {
      IsafRecord *participant = g_ptr_array_index (participants, i);

      isaf_stage_set_reference_if_changed (participant, "scorecard_id", scorecard_id);
      if (!isaf_validate_record (participant, commune_code, error))
        return FALSE;
    }
  for (guint i = 0; i < indicators->len; i++)
    {
      IsafRecord *indicator = g_ptr_array_index (indicators, i);

      isaf_stage_set_reference_if_changed (indicator, "scorecard_id", scorecard_id);
      if (!isaf_validate_record (indicator, commune_code, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * isaf_scorecard_write:
 * @database: the database, on its thread, inside a write job
 * @scorecard: the scorecard to save
 * @error: the first rule it breaks
 *
 * Checks every rule, then writes the cycle (when the year has none), the scorecard and
 * everything it holds. On failure the job's transaction must be rolled back (returning FALSE
 * from the job does that): nothing is left half-saved.
 */
gboolean
isaf_scorecard_write (IsafDatabase  *database,
                      IsafScorecard *scorecard,
                      GError       **error)
{
  const char *commune_code = isaf_database_get_commune_code (database);
  const IsafUuid *scorecard_id = isaf_record_get_id (scorecard->record);
  g_autoptr(GPtrArray) participants = g_ptr_array_new ();
  g_autoptr(GPtrArray) indicators = g_ptr_array_new ();
  IsafUuid cycle_id;
  gboolean cycle_exists;

  g_return_val_if_fail (isaf_scorecard_grid_in_step (scorecard), FALSE);

  if (commune_code == NULL)
    {
      g_set_error_literal (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_NO_COMMUNE,
                           _("This database has no commune yet. Choose the commune first."));
      return FALSE;
    }

  if (!isaf_stage_find_cycle (database, commune_code, scorecard->year,
                              isaf_record_get_reference (scorecard->record, "cycle_id"),
                              &cycle_id, &cycle_exists, error))
    return FALSE;
  isaf_stage_set_reference_if_changed (scorecard->record, "cycle_id", &cycle_id);
  if (!validate_rows (scorecard, commune_code, participants, indicators, error)
      || !isaf_scorecard_check_rules (database, scorecard, error))
    return FALSE;

  if ((!cycle_exists && !isaf_stage_write_cycle (database, &cycle_id, scorecard->year, error))
      || !isaf_store_write_record (database, scorecard->record, error)
      || !isaf_stage_replace_links (database, "scorecard_facilitator", "scorecard_id",
                                    scorecard_id, "caf_id", scorecard->facilitators, error)
      || !replace_rows (database, "scorecard_participant", scorecard_id, participants, error)
      || !replace_participant_tally (database, scorecard, error)
      || !replace_rows (database, "scorecard_indicator", scorecard_id, indicators, error))
    return FALSE;

  for (guint i = 0; i < scorecard->indicators->len; i++)
    {
      IsafScorecardIndicator *indicator = g_ptr_array_index (scorecard->indicators, i);

      if (!isaf_scorecard_write_indicator (database, scorecard, indicator, error))
        return FALSE;
    }
  return TRUE;
}
