/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-interface"

#include "config.h"

#include <string.h>

#include "isaf-interface-meeting-private.h"
#include "isaf-store-job.h"
#include "isaf-stage-rows.h"
#include "isaf-vote-counts.h"

/* What the interface meeting puts side by side (DOMAIN.md, step 6): for each indicator of a
 * unit, the citizens' median from the unit's community scorecards of the year and the
 * provider's from its self-assessment. Read straight from the scorecard tables: commune-office
 * scorecards are held in every village, so the same indicator comes from several scorecards
 * and its votes are pooled before the median. Standard indicators match by code, citizens'
 * own by their Khmer name. Only selected indicators were scored; votes of anonymous
 * participants do not count; an indicator whose votes were counted by hand has its tally
 * instead of votes one by one. */

/* The selected indicators of a unit's scorecards of the year (?1 unit, ?2 year): community
 * scorecards first, so that the citizens' row of an indicator is met before the provider's. */
static const char indicators_sql[] =
  "SELECT i.id, s.kind = 'ssa', i.indicator_code, i.name_km, i.name_en, i.position "
  "FROM scorecard_indicator i "
  "JOIN scorecard s ON s.id = i.scorecard_id "
  "JOIN cycle c ON c.id = s.cycle_id "
  "WHERE s.service_unit_id = ?1 AND c.year = ?2 AND c.deleted = 0 AND s.deleted = 0 "
  "AND i.deleted = 0 AND i.is_selected = 1 "
  "ORDER BY s.kind = 'ssa', s.held_on, s.id, i.position, i.id";

/* The votes that count on one indicator (?1), per score: its tally when it has one, else the
 * votes of participants who gave their name. */
static const char votes_sql[] =
  "SELECT score, sum (n) FROM ("
  "  SELECT score, count AS n FROM scorecard_vote_tally "
  "  WHERE scorecard_indicator_id = ?1 AND deleted = 0 "
  "  UNION ALL "
  "  SELECT v.score, 1 FROM scorecard_vote v "
  "  JOIN scorecard_participant p ON p.id = v.participant_id "
  "  WHERE v.scorecard_indicator_id = ?1 AND v.deleted = 0 AND p.deleted = 0 "
  "  AND p.is_anonymous = 0 "
  "  AND NOT EXISTS (SELECT 1 FROM scorecard_vote_tally t "
  "                  WHERE t.scorecard_indicator_id = ?1 AND t.deleted = 0)"
  ") GROUP BY score";

static const char suggestions_sql[] =
  "SELECT text FROM scorecard_note "
  "WHERE scorecard_indicator_id = ?1 AND kind = 'suggestion' AND deleted = 0 "
  "ORDER BY position, id";

/* One indicator of a unit while its rows are gathered. */
typedef struct {
  IsafInterfaceComparison *comparison;
  IsafVoteCounts citizen_votes;
  IsafVoteCounts provider_votes;
  gboolean has_citizen_row;
  /* The position of the first row met, and when it was met. */
  gint64 position;
  guint order;
} Match;

static void
match_free (gpointer data)
{
  Match *match = data;

  g_clear_pointer (&match->comparison, isaf_interface_comparison_free);
  g_free (match);
}

void
isaf_interface_comparison_free (IsafInterfaceComparison *comparison)
{
  if (comparison == NULL)
    return;
  g_free (comparison->indicator_code);
  g_free (comparison->name_km);
  g_free (comparison->name_en);
  g_clear_pointer (&comparison->suggestions, g_ptr_array_unref);
  g_free (comparison);
}

/**
 * isaf_interface_comparison_get_gap:
 * @comparison: an indicator as compared
 * @gap: (out): the provider's median minus the citizens'
 *
 * Returns: %TRUE when both sides have a median, so that there is a gap to talk about
 */
gboolean
isaf_interface_comparison_get_gap (const IsafInterfaceComparison *comparison,
                                   double                        *gap)
{
  g_return_val_if_fail (comparison != NULL, FALSE);

  if (!comparison->has_citizen_median || !comparison->has_provider_median)
    return FALSE;
  *gap = comparison->provider_median - comparison->citizen_median;
  return TRUE;
}

static gboolean
add_votes (IsafDatabase   *database,
           const IsafUuid *indicator_id,
           IsafVoteCounts *votes,
           GError        **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database, votes_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_blob (stmt, 1, indicator_id->bytes, 16, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int score = sqlite3_column_int (stmt, 0);

      /* The schema keeps scores within the scale; a row outside it is not a vote. */
      if (score >= ISAF_SCORE_MIN && score <= ISAF_SCORE_MAX)
        votes->counts[score - ISAF_SCORE_MIN] += sqlite3_column_int64 (stmt, 1);
    }
  if (rc != SQLITE_DONE)
    isaf_stage_set_sqlite_error (database, error);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE;
}

static gboolean
add_suggestions (IsafDatabase   *database,
                 const IsafUuid *indicator_id,
                 GPtrArray      *suggestions,
                 GError        **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database, suggestions_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_blob (stmt, 1, indicator_id->bytes, 16, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 0);

      if (text != NULL && !g_ptr_array_find_with_equal_func (suggestions, text, g_str_equal,
                                                             NULL))
        g_ptr_array_add (suggestions, g_strdup (text));
    }
  if (rc != SQLITE_DONE)
    isaf_stage_set_sqlite_error (database, error);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE;
}

/* "code:…" for a standard indicator, "name:…" for citizens' own. */
static char *
dup_match_key (sqlite3_stmt *stmt)
{
  const char *code = (const char *) sqlite3_column_text (stmt, 2);
  const char *name_km = (const char *) sqlite3_column_text (stmt, 3);

  if (code != NULL && code[0] != '\0')
    return g_strconcat ("code:", code, NULL);
  return g_strconcat ("name:", name_km ? name_km : "", NULL);
}

static Match *
match_new (const IsafUuid *unit_id,
           sqlite3_stmt   *stmt,
           guint           order)
{
  Match *match = g_new0 (Match, 1);
  IsafInterfaceComparison *comparison = g_new0 (IsafInterfaceComparison, 1);
  const char *code = (const char *) sqlite3_column_text (stmt, 2);

  comparison->unit_id = *unit_id;
  comparison->indicator_code = code != NULL && code[0] != '\0' ? g_strdup (code) : NULL;
  comparison->name_km = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  comparison->name_en = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  comparison->suggestions = g_ptr_array_new_with_free_func (g_free);
  match->comparison = comparison;
  match->position = sqlite3_column_int64 (stmt, 5);
  match->order = order;
  isaf_vote_counts_clear (&match->citizen_votes);
  isaf_vote_counts_clear (&match->provider_votes);
  return match;
}

/* By position, and in the order met for equal positions: the citizens' indicators before the
 * provider's own. */
static int
compare_matches (gconstpointer a,
                 gconstpointer b)
{
  const Match *first = *(const Match * const *) a;
  const Match *second = *(const Match * const *) b;

  if (first->position != second->position)
    return first->position < second->position ? -1 : 1;
  return first->order < second->order ? -1 : first->order > second->order;
}

/* The indicator rows of one unit, each with its match, found or made: in @matches in the
 * order met. */
static gboolean
gather_unit (IsafDatabase   *database,
             int             year,
             const IsafUuid *unit_id,
             GPtrArray      *matches,
             GError        **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database, indicators_sql, error);
  g_autoptr(GHashTable) by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (IsafUuid));
  g_autoptr(GPtrArray) row_matches = g_ptr_array_new ();
  g_autoptr(GArray) row_is_provider = g_array_new (FALSE, FALSE, sizeof (gboolean));
  int rc;

  if (stmt == NULL)
    return FALSE;

  /* Collected first: reading the votes and notes uses other statements. */
  sqlite3_bind_blob (stmt, 1, unit_id->bytes, 16, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, year);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *key = dup_match_key (stmt);
      gboolean is_provider = sqlite3_column_int (stmt, 1) != 0;
      Match *match = g_hash_table_lookup (by_key, key);
      IsafUuid id;

      memcpy (id.bytes, sqlite3_column_blob (stmt, 0), 16);
      if (match == NULL)
        {
          match = match_new (unit_id, stmt, matches->len);
          g_ptr_array_add (matches, match);
          g_hash_table_insert (by_key, g_steal_pointer (&key), match);
        }
      /* The first community scorecard's row names the indicator. */
      if (!is_provider && !match->has_citizen_row)
        {
          match->comparison->indicator_id = id;
          match->has_citizen_row = TRUE;
        }
      if (match->comparison->name_en == NULL && sqlite3_column_text (stmt, 4) != NULL)
        match->comparison->name_en = g_strdup ((const char *) sqlite3_column_text (stmt, 4));

      g_array_append_val (rows, id);
      g_ptr_array_add (row_matches, match);
      g_array_append_val (row_is_provider, is_provider);
    }
  if (rc != SQLITE_DONE)
    {
      isaf_stage_set_sqlite_error (database, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);

  /* Rows come citizens' first: their suggestions lead. */
  for (guint i = 0; i < rows->len; i++)
    {
      const IsafUuid *id = &g_array_index (rows, IsafUuid, i);
      Match *match = g_ptr_array_index (row_matches, i);
      gboolean is_provider = g_array_index (row_is_provider, gboolean, i);

      if (!add_votes (database, id, is_provider ? &match->provider_votes : &match->citizen_votes,
                      error)
          || !add_suggestions (database, id, match->comparison->suggestions, error))
        return FALSE;
    }
  return TRUE;
}

static GPtrArray *
read_comparison (IsafDatabase *database,
                 int           year,
                 GArray       *units,
                 GError      **error)
{
  g_autoptr(GPtrArray) comparisons = NULL;

  comparisons = g_ptr_array_new_with_free_func ((GDestroyNotify) isaf_interface_comparison_free);
  for (guint u = 0; u < units->len; u++)
    {
      const IsafUuid *unit_id = &g_array_index (units, IsafUuid, u);
      g_autoptr(GPtrArray) matches = g_ptr_array_new_with_free_func (match_free);
      gboolean repeated = FALSE;

      for (guint v = 0; v < u && !repeated; v++)
        repeated = isaf_uuid_equal (&g_array_index (units, IsafUuid, v), unit_id);
      if (repeated)
        continue;

      if (!gather_unit (database, year, unit_id, matches, error))
        return NULL;

      g_ptr_array_sort (matches, compare_matches);
      for (guint i = 0; i < matches->len; i++)
        {
          Match *match = g_ptr_array_index (matches, i);
          IsafInterfaceComparison *comparison = g_steal_pointer (&match->comparison);

          comparison->has_citizen_median =
            isaf_vote_counts_get_median (&match->citizen_votes, &comparison->citizen_median);
          comparison->has_provider_median =
            isaf_vote_counts_get_median (&match->provider_votes, &comparison->provider_median);
          g_ptr_array_add (comparisons, comparison);
        }
    }
  return g_steal_pointer (&comparisons);
}

/* Jobs ----------------------------------------------------------------------------------- */

typedef struct {
  int year;
  GArray *units;
  GPtrArray *comparisons;
} CompareJob;

static void
compare_job_free (gpointer data)
{
  CompareJob *job = data;

  g_clear_pointer (&job->units, g_array_unref);
  g_clear_pointer (&job->comparisons, g_ptr_array_unref);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CompareJob, compare_job_free)

static gboolean
compare_job (IsafDatabase *database,
             gpointer      data,
             GError      **error)
{
  CompareJob *job = data;

  job->comparisons = read_comparison (database, job->year, job->units, error);
  return job->comparisons != NULL;
}

/* The units are copied: the caller may change its array while the database thread reads. */
static CompareJob *
compare_job_new (int     year,
                 GArray *units)
{
  CompareJob *job = g_new0 (CompareJob, 1);

  job->year = year;
  job->units = g_array_copy (units);
  return job;
}

/**
 * isaf_interface_compare:
 * @database: the database
 * @year: a cycle year
 * @units: (element-type IsafUuid): the service units the meeting covers
 * @error: what went wrong reading
 *
 * A unit without any scorecard of the year, or no longer in the registry, adds nothing.
 *
 * Returns: (transfer full) (element-type IsafInterfaceComparison): the indicators of each
 *   unit in the order of @units, each unit's by position
 */
GPtrArray *
isaf_interface_compare (IsafDatabase  *database,
                        int            year,
                        GArray        *units,
                        GError       **error)
{
  g_autoptr(CompareJob) job = NULL;

  g_return_val_if_fail (ISAF_IS_DATABASE (database), NULL);
  g_return_val_if_fail (units != NULL, NULL);

  job = compare_job_new (year, units);
  if (!isaf_database_run (database, ISAF_DATABASE_READ, compare_job, job, error))
    return NULL;
  return g_steal_pointer (&job->comparisons);
}

void
isaf_interface_compare_async (IsafStore           *store,
                              int                  year,
                              GArray              *units,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (units != NULL);

  isaf_store_job_run_async (store, ISAF_DATABASE_READ, compare_job,
                            compare_job_new (year, units), compare_job_free,
                            isaf_interface_compare_async, cancellable, callback, user_data);
}

GPtrArray *
isaf_interface_compare_finish (IsafStore     *store,
                               GAsyncResult  *result,
                               GError       **error)
{
  CompareJob *job = isaf_store_job_finish (store, result, isaf_interface_compare_async, error);

  return job ? g_steal_pointer (&job->comparisons) : NULL;
}
