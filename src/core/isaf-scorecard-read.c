/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-scorecard"

#include "config.h"

#include <string.h>

#include "isaf-scorecard-private.h"

/* Reading every scorecard of a cycle year, complete: each of the eight tables is read once
 * for the whole year (joined to the cycle by its year), not once per scorecard, so a year of
 * a commune of 33 villages (some 40 scorecards, 1,500 participants, 8,000 votes) reads in a
 * few milliseconds. Rows are then put in place through hash tables of ids.
 *
 * Which way participants and votes were recorded is not a column: it is read from the rows.
 * Participants were counted on a tally sheet when the scorecard has tally rows and no
 * participant rows; votes were counted by hand when it has vote-tally rows and no vote rows.
 * A scorecard with neither reads as recorded one by one, as isaf_scorecard_new() makes it. */

/* A scorecard read, and which kinds of rows it has: they tell how it was recorded. */
typedef struct {
  IsafScorecard *scorecard;
  gboolean has_tally_sheet;
  gboolean has_votes;
  gboolean has_vote_tally;
} Found;

/* Where a participant or an indicator read belongs. */
typedef struct {
  Found *found;
  IsafScorecardIndicator *indicator;
  /* Of a participant, in IsafScorecard.participants. */
  guint index;
} Place;

typedef struct {
  IsafDatabase *database;
  int year;
  GPtrArray *scorecards;
  /* IsafUuid of a row → Found (scorecards) or Place (participants, indicators). */
  GHashTable *scorecards_by_id;
  GHashTable *participants_by_id;
  GHashTable *indicators_by_id;
} Reading;

/* The joins that keep the rows of one table (as t) that belong to the year's live scorecards
 * (s); the year is ?1. */
#define OF_YEAR_SCORECARD \
  " JOIN scorecard s ON s.id = t.scorecard_id" \
  " JOIN cycle c ON c.id = s.cycle_id" \
  " WHERE c.year = ?1 AND c.deleted = 0 AND s.deleted = 0 AND t.deleted = 0"

/* The same for rows of an indicator (i) of those scorecards. */
#define OF_YEAR_INDICATOR \
  " JOIN scorecard_indicator i ON i.id = t.scorecard_indicator_id" \
  " JOIN scorecard s ON s.id = i.scorecard_id" \
  " JOIN cycle c ON c.id = s.cycle_id" \
  " WHERE c.year = ?1 AND c.deleted = 0 AND s.deleted = 0 AND i.deleted = 0 AND t.deleted = 0"

static const char scorecards_from[] =
  "FROM scorecard t"
  " JOIN cycle c ON c.id = t.cycle_id"
  " LEFT JOIN service_unit u ON u.id = t.service_unit_id"
  " LEFT JOIN village v ON v.id = t.village_id"
  " WHERE c.year = ?1 AND c.deleted = 0 AND t.deleted = 0"
  " ORDER BY t.held_on, u.code, v.code, t.id";

static const char participants_from[] =
  "FROM scorecard_participant t" OF_YEAR_SCORECARD " ORDER BY t.position, t.id";

static const char indicators_from[] =
  "FROM scorecard_indicator t" OF_YEAR_SCORECARD " ORDER BY t.position, t.id";

static const char facilitators_sql[] =
  "SELECT t.scorecard_id, t.caf_id FROM scorecard_facilitator t" OF_YEAR_SCORECARD
  " ORDER BY t.id";

static const char tally_sheet_sql[] =
  "SELECT t.scorecard_id, t.category, t.count FROM scorecard_participant_tally t"
  OF_YEAR_SCORECARD;

/* The year's votes are found through the indicator index alone, then read in the order of
 * their keys: a vote's key is a hash, so read indicator by indicator they would be spread over
 * the whole table, and each page of it read many times over. */
static const char votes_sql[] =
  "SELECT t.scorecard_indicator_id, t.participant_id, t.score FROM scorecard_vote t"
  " WHERE t.deleted = 0 AND t.id IN ("
  "  SELECT v.id FROM scorecard_vote v"
  "  JOIN scorecard_indicator i ON i.id = v.scorecard_indicator_id"
  "  JOIN scorecard s ON s.id = i.scorecard_id"
  "  JOIN cycle c ON c.id = s.cycle_id"
  "  WHERE c.year = ?1 AND c.deleted = 0 AND s.deleted = 0 AND i.deleted = 0)";

static const char vote_tally_sql[] =
  "SELECT t.scorecard_indicator_id, t.score, t.count FROM scorecard_vote_tally t"
  OF_YEAR_INDICATOR;

static const char notes_sql[] =
  "SELECT t.scorecard_indicator_id, t.kind, t.text FROM scorecard_note t" OF_YEAR_INDICATOR
  " ORDER BY t.position, t.id";

/* Rows ----------------------------------------------------------------------------------- */

/* "SELECT t.id, t.deleted, t.<each column of @table, in the schema's order> @from", so that
 * each row becomes a record. */
static char *
select_rows_sql (const IsafTable *table,
                 const char      *from)
{
  g_autoptr(GString) sql = g_string_new ("SELECT t.id, t.deleted");

  for (guint i = 0; i < table->n_columns; i++)
    g_string_append_printf (sql, ", t.%s", table->columns[i].name);
  g_string_append_printf (sql, " %s", from);
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

static IsafRecord *
record_from_row (const IsafTable *table,
                 sqlite3_stmt    *stmt)
{
  IsafRecord *record;
  IsafUuid id;

  memcpy (id.bytes, sqlite3_column_blob (stmt, 0), 16);
  record = isaf_record_new_with_id (table->name, &id);
  for (guint i = 0; i < table->n_columns; i++)
    {
      IsafValue *value = isaf_record_value_at (record, i);
      int column = i + 2;

      switch (sqlite3_column_type (stmt, column))
        {
        case SQLITE_INTEGER:
          value->type = ISAF_VALUE_INTEGER;
          value->integer = sqlite3_column_int64 (stmt, column);
          break;
        case SQLITE_FLOAT:
          value->type = ISAF_VALUE_REAL;
          value->real = sqlite3_column_double (stmt, column);
          break;
        case SQLITE_TEXT:
          value->type = ISAF_VALUE_TEXT;
          value->text = g_strdup ((const char *) sqlite3_column_text (stmt, column));
          break;
        case SQLITE_BLOB:
          if (sqlite3_column_bytes (stmt, column) == 16)
            {
              value->type = ISAF_VALUE_ID;
              memcpy (value->id.bytes, sqlite3_column_blob (stmt, column), 16);
            }
          break;
        default:
          break;
        }
    }
  isaf_record_mark_stored (record, FALSE);
  return record;
}

static const IsafUuid *
column_id (sqlite3_stmt *stmt,
           int           column)
{
  if (sqlite3_column_bytes (stmt, column) != 16)
    return NULL;
  return sqlite3_column_blob (stmt, column);
}

/* A handler for each row of one query. */
typedef void (*RowFunc) (Reading      *reading,
                         sqlite3_stmt *stmt);

static gboolean
for_each_row (Reading     *reading,
              const char  *sql,
              RowFunc      func,
              GError     **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (reading->database, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int (stmt, 1, reading->year);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    func (reading, stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      isaf_database_set_error (reading->database, rc, error);
      return FALSE;
    }
  return TRUE;
}

static Found *
find_scorecard (Reading        *reading,
                const IsafUuid *id)
{
  return id ? g_hash_table_lookup (reading->scorecards_by_id, id) : NULL;
}

static Place *
find_place (GHashTable     *places,
            const IsafUuid *id)
{
  return id ? g_hash_table_lookup (places, id) : NULL;
}

/* Tables --------------------------------------------------------------------------------- */

static void
add_scorecard (Reading      *reading,
               sqlite3_stmt *stmt)
{
  g_autoptr(IsafRecord) record = record_from_row (isaf_schema_find_table ("scorecard"), stmt);
  IsafScorecard *scorecard = isaf_scorecard_new (reading->year, NULL);
  Found *found = g_new0 (Found, 1);

  g_set_object (&scorecard->record, record);
  found->scorecard = scorecard;
  g_ptr_array_add (reading->scorecards, scorecard);
  g_hash_table_insert (reading->scorecards_by_id, (gpointer) isaf_record_get_id (record), found);
}

static void
add_participant (Reading      *reading,
                 sqlite3_stmt *stmt)
{
  IsafRecord *record = record_from_row (isaf_schema_find_table ("scorecard_participant"), stmt);
  Found *found = find_scorecard (reading, isaf_record_get_reference (record, "scorecard_id"));
  Place *place;

  if (found == NULL)
    {
      g_object_unref (record);
      return;
    }

  place = g_new0 (Place, 1);
  place->found = found;
  place->index = found->scorecard->participants->len;
  g_ptr_array_add (found->scorecard->participants, record);
  g_hash_table_insert (reading->participants_by_id, (gpointer) isaf_record_get_id (record), place);
}

/* After the participants: each indicator's grid has a place for every one of them. */
static void
add_indicator (Reading      *reading,
               sqlite3_stmt *stmt)
{
  g_autoptr(IsafRecord) record = record_from_row (isaf_schema_find_table ("scorecard_indicator"),
                                                  stmt);
  Found *found = find_scorecard (reading, isaf_record_get_reference (record, "scorecard_id"));
  Place *place;

  if (found == NULL)
    return;

  place = g_new0 (Place, 1);
  place->found = found;
  place->indicator = isaf_scorecard_append_indicator (found->scorecard, record);
  g_hash_table_insert (reading->indicators_by_id, (gpointer) isaf_record_get_id (record), place);
}

static void
add_facilitator (Reading      *reading,
                 sqlite3_stmt *stmt)
{
  Found *found = find_scorecard (reading, column_id (stmt, 0));
  const IsafUuid *caf_id = column_id (stmt, 1);
  GArray *facilitators;

  if (found == NULL || caf_id == NULL)
    return;

  facilitators = found->scorecard->facilitators;
  for (guint i = 0; i < facilitators->len; i++)
    if (isaf_uuid_equal (&g_array_index (facilitators, IsafUuid, i), caf_id))
      return;
  g_array_append_val (facilitators, *caf_id);
}

static void
add_tally_sheet_count (Reading      *reading,
                       sqlite3_stmt *stmt)
{
  Found *found = find_scorecard (reading, column_id (stmt, 0));
  const char *category = (const char *) sqlite3_column_text (stmt, 1);

  if (found == NULL)
    return;

  found->has_tally_sheet = TRUE;
  for (IsafAttendance i = 0; i < ISAF_N_ATTENDANCE; i++)
    if (g_strcmp0 (isaf_attendance_get_category (i), category) == 0
        && found->scorecard->participant_counts[i] == ISAF_ATTENDANCE_NOT_COUNTED)
      found->scorecard->participant_counts[i] = sqlite3_column_int64 (stmt, 2);
}

static void
add_vote (Reading      *reading,
          sqlite3_stmt *stmt)
{
  Place *indicator = find_place (reading->indicators_by_id, column_id (stmt, 0));
  Place *participant = find_place (reading->participants_by_id, column_id (stmt, 1));
  int score = sqlite3_column_int (stmt, 2);

  /* A vote of a participant no longer on the scorecard is no vote. */
  if (indicator == NULL || participant == NULL || participant->found != indicator->found
      || score < ISAF_SCORE_MIN || score > ISAF_SCORE_MAX)
    return;

  g_array_index (indicator->indicator->scores, guint8, participant->index) = score;
  indicator->found->has_votes = TRUE;
}

static void
add_vote_count (Reading      *reading,
                sqlite3_stmt *stmt)
{
  Place *indicator = find_place (reading->indicators_by_id, column_id (stmt, 0));
  int score = sqlite3_column_int (stmt, 1);

  if (indicator == NULL || score < ISAF_SCORE_MIN || score > ISAF_SCORE_MAX)
    return;

  indicator->indicator->tally.counts[score - ISAF_SCORE_MIN] += sqlite3_column_int64 (stmt, 2);
  indicator->found->has_vote_tally = TRUE;
}

static void
add_note (Reading      *reading,
          sqlite3_stmt *stmt)
{
  Place *indicator = find_place (reading->indicators_by_id, column_id (stmt, 0));
  int kind = isaf_note_kind_from_name ((const char *) sqlite3_column_text (stmt, 1));

  if (indicator == NULL || kind < 0)
    return;

  g_ptr_array_add (indicator->indicator->notes[kind],
                   g_strdup ((const char *) sqlite3_column_text (stmt, 2)));
}

static gboolean
read_records (Reading     *reading,
              const char  *table,
              const char  *from,
              RowFunc      func,
              GError     **error)
{
  g_autofree char *sql = select_rows_sql (isaf_schema_find_table (table), from);

  return for_each_row (reading, sql, func, error);
}

static void
settle_ways_of_recording (Reading *reading)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, reading->scorecards_by_id);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Found *found = value;
      IsafScorecard *scorecard = found->scorecard;

      scorecard->participants_one_by_one = scorecard->participants->len > 0
                                           || !found->has_tally_sheet;
      scorecard->votes_one_by_one = scorecard->participants_one_by_one
                                    && (found->has_votes || !found->has_vote_tally);
    }
}

/**
 * isaf_scorecard_read_year:
 * @database: the database, on its thread
 * @year: a cycle year
 * @error: what went wrong reading
 *
 * Returns: (transfer full) (element-type IsafScorecard): the scorecards of the cycle of
 *   @year, complete, by date then service unit code
 */
GPtrArray *
isaf_scorecard_read_year (IsafDatabase  *database,
                          int            year,
                          GError       **error)
{
  g_autoptr(GPtrArray) scorecards = g_ptr_array_new_with_free_func ((GDestroyNotify) isaf_scorecard_unref);
  g_autoptr(GHashTable) scorecards_by_id = g_hash_table_new_full (isaf_scorecard_uuid_hash,
                                                                  isaf_scorecard_uuid_equal,
                                                                  NULL, g_free);
  g_autoptr(GHashTable) participants_by_id = g_hash_table_new_full (isaf_scorecard_uuid_hash,
                                                                    isaf_scorecard_uuid_equal,
                                                                    NULL, g_free);
  g_autoptr(GHashTable) indicators_by_id = g_hash_table_new_full (isaf_scorecard_uuid_hash,
                                                                  isaf_scorecard_uuid_equal,
                                                                  NULL, g_free);
  Reading reading = {
    database, year, scorecards, scorecards_by_id, participants_by_id, indicators_by_id,
  };

  /* Parents before children: each row finds its place among those read before it. */
  if (!read_records (&reading, "scorecard", scorecards_from, add_scorecard, error)
      || !read_records (&reading, "scorecard_participant", participants_from, add_participant,
                        error)
      || !read_records (&reading, "scorecard_indicator", indicators_from, add_indicator, error)
      || !for_each_row (&reading, facilitators_sql, add_facilitator, error)
      || !for_each_row (&reading, tally_sheet_sql, add_tally_sheet_count, error)
      || !for_each_row (&reading, votes_sql, add_vote, error)
      || !for_each_row (&reading, vote_tally_sql, add_vote_count, error)
      || !for_each_row (&reading, notes_sql, add_note, error))
    return NULL;

  settle_ways_of_recording (&reading);
  return g_steal_pointer (&scorecards);
}
