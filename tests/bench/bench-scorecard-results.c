/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdlib.h>

#include "isaf-database.h"
#include "isaf-demo.h"
#include "isaf-overview.h"
#include "isaf-scorecard.h"

/* The results of a year of scorecards (issue 7): every scorecard, indicator and vote of the
 * latest year of a 10-year demo of a 33-village commune, read through the store and every
 * indicator's median and average computed, against the least a database can do for the same
 * figures: one bare sqlite3 query counting the votes per indicator and score, in the same run.
 * Target: under 100 ms. */

#define ROUNDS 21
#define TARGET_MS 100.0
/* Kampong Cham's Kang Meas commune office area: 33 villages in the gazetteer. */
#define COMMUNE_WITH_33_VILLAGES "220403"

/* What the results page needs: per selected indicator, its median and average. */
typedef struct {
  guint n_scorecards;
  guint n_indicators;
  gint64 n_votes;
  /* Summed so that the compiler cannot drop the work. */
  double sum_of_medians;
} Results;

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
time_store_results (IsafStore *store,
                    int        year,
                    Results   *results)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GPtrArray) scorecards = isaf_scorecard_list (store, year, &error);
  double elapsed;

  if (scorecards == NULL)
    g_error ("list: %s", error->message);
  *results = (Results) { .n_scorecards = scorecards->len };
  for (guint s = 0; s < scorecards->len; s++)
    {
      IsafScorecard *scorecard = scorecards->pdata[s];

      for (guint i = 0; i < scorecard->indicators->len; i++)
        {
          IsafScorecardIndicator *indicator = scorecard->indicators->pdata[i];
          IsafVoteCounts votes;
          double median, average;

          if (!isaf_record_get_boolean (indicator->record, "is_selected"))
            continue;
          isaf_scorecard_indicator_get_votes (scorecard, indicator, &votes);
          results->n_indicators++;
          results->n_votes += isaf_vote_counts_get_total (&votes);
          if (isaf_vote_counts_get_median (&votes, &median)
              && isaf_vote_counts_get_average (&votes, &average))
            results->sum_of_medians += median;
        }
    }
  elapsed = (g_get_monotonic_time () - start) / 1000.0;
  return elapsed;
}

static double
time_bare_counts (const char *path,
                  int         year,
                  gint64     *n_votes)
{
  static const char sql[] =
    "SELECT v.scorecard_indicator_id, v.score, count (*) "
    "FROM scorecard_vote v "
    "JOIN scorecard_indicator i ON i.id = v.scorecard_indicator_id "
    "JOIN scorecard s ON s.id = i.scorecard_id "
    "JOIN cycle c ON c.id = s.cycle_id "
    "WHERE c.year = ? AND v.deleted = 0 AND i.deleted = 0 AND s.deleted = 0 "
    "GROUP BY v.scorecard_indicator_id, v.score";
  sqlite3 *conn = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 start;
  double elapsed;

  if (sqlite3_open_v2 (path, &conn, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    g_error ("bare open: %s", sqlite3_errmsg (conn));
  start = g_get_monotonic_time ();
  if (sqlite3_prepare_v2 (conn, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("bare query: %s", sqlite3_errmsg (conn));
  sqlite3_bind_int (stmt, 1, year);
  *n_votes = 0;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    *n_votes += sqlite3_column_int64 (stmt, 2);
  elapsed = (g_get_monotonic_time () - start) / 1000.0;
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
  return elapsed;
}

static void
remove_directory (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing && (name = g_dir_read_name (listing)))
    {
      g_autofree char *file = g_build_filename (dir, name, NULL);

      g_unlink (file);
    }
  g_rmdir (dir);
}

int
main (void)
{
  g_autofree char *dir = g_dir_make_tmp ("isaf-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "demo.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafDatabase) database = NULL;
  g_autoptr(IsafStore) store = NULL;
  IsafDemoOptions options = { .commune_code = COMMUNE_WITH_33_VILLAGES, .years = 10, .seed = 1 };
  double store_times[ROUNDS], bare_times[ROUNDS], store_median, bare_median;
  Results results = { 0 };
  gint64 bare_votes = 0;
  int year;

  database = isaf_database_open (path, ISAF_DATABASE_OPEN_CREATE_NEW, &error);
  if (database == NULL || !isaf_demo_generate (database, &options, &error))
    g_error ("demo: %s", error->message);
  year = isaf_overview_latest_year (database, &error);
  if (year <= 0)
    g_error ("no cycle: %s", error ? error->message : "none");
  store = isaf_store_new (database);

  for (guint i = 0; i < ROUNDS; i++)
    {
      store_times[i] = time_store_results (store, year, &results);
      bare_times[i] = time_bare_counts (path, year, &bare_votes);
    }
  if (results.n_votes != bare_votes)
    g_error ("the store counted %" G_GINT64_FORMAT " votes, SQL %" G_GINT64_FORMAT,
             results.n_votes, bare_votes);
  qsort (store_times, ROUNDS, sizeof (double), compare_doubles);
  qsort (bare_times, ROUNDS, sizeof (double), compare_doubles);
  store_median = store_times[ROUNDS / 2];
  bare_median = bare_times[ROUNDS / 2];

  g_print ("results of %d for a 33-village commune (%u scorecards, %u selected indicators, "
           "%" G_GINT64_FORMAT " votes): %.2f ms (median of %d), target < %.0f ms\n",
           year, results.n_scorecards, results.n_indicators, results.n_votes, store_median,
           ROUNDS, TARGET_MS);
  g_print ("bare sqlite3 count of the same votes per indicator and score: %.2f ms\n",
           bare_median);
  g_print ("ratio against bare: %.1fx\n", store_median / bare_median);

  g_clear_object (&store);
  isaf_database_close (database);
  remove_directory (dir);
  return store_median < TARGET_MS ? 0 : 1;
}
