/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdlib.h>

#include "isaf-database.h"
#include "isaf-record.h"
#include "isaf-schema.h"
#include "isaf-store.h"

/* Writes through the store (validation, binding, change capture into the outbox) against
 * the same rows written with bare sqlite3 into the same tables without triggers, each in one
 * transaction, in the same run. Target: the store at no worse than 3x the bare time. */

#define N_ROWS 20000
#define ROUNDS 5
#define TARGET_RATIO 3.0

typedef struct {
  GPtrArray *records;
} WriteJob;

static gboolean
write_job (IsafDatabase *database,
           gpointer      data,
           GError      **error)
{
  WriteJob *job = data;

  for (guint i = 0; i < job->records->len; i++)
    if (!isaf_store_write_record (database, g_ptr_array_index (job->records, i), error))
      return FALSE;
  return TRUE;
}

/* Parents of the measured rows, written once before timing. */
static void
make_parents (IsafStore *store,
              IsafUuid  *cycle,
              IsafUuid  *indicators,
              IsafUuid  *participants,
              guint      n_indicators,
              guint      n_participants)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  IsafRecord *record;
  IsafUuid unit, scorecard;

  record = isaf_record_new ("cycle");
  isaf_record_set_integer (record, "year", 2026);
  *cycle = *isaf_record_get_id (record);
  g_ptr_array_add (records, record);

  record = isaf_record_new ("service_unit");
  isaf_record_set_text (record, "kind", "health_centre");
  isaf_record_set_text (record, "code", "HC-1");
  isaf_record_set_text (record, "name_km", "មណ្ឌលសុខភាពបន្ទាយនាង");
  unit = *isaf_record_get_id (record);
  g_ptr_array_add (records, record);

  record = isaf_record_new ("scorecard");
  isaf_record_set_reference (record, "cycle_id", cycle);
  isaf_record_set_text (record, "kind", "csc");
  isaf_record_set_reference (record, "service_unit_id", &unit);
  isaf_record_set_text (record, "held_on", "2026-04-10");
  isaf_record_set_text (record, "status", "draft");
  scorecard = *isaf_record_get_id (record);
  g_ptr_array_add (records, record);

  for (guint i = 0; i < n_indicators; i++)
    {
      record = isaf_record_new ("scorecard_indicator");
      isaf_record_set_reference (record, "scorecard_id", &scorecard);
      isaf_record_set_integer (record, "position", i + 1);
      isaf_record_set_text (record, "name_km", "ទឹកស្អាតប្រើប្រាស់");
      indicators[i] = *isaf_record_get_id (record);
      g_ptr_array_add (records, record);
    }
  for (guint i = 0; i < n_participants; i++)
    {
      record = isaf_record_new ("scorecard_participant");
      isaf_record_set_reference (record, "scorecard_id", &scorecard);
      isaf_record_set_integer (record, "position", i + 1);
      participants[i] = *isaf_record_get_id (record);
      g_ptr_array_add (records, record);
    }

  if (!isaf_store_save (store, records, &error))
    g_error ("parents: %s", error->message);
}

static GPtrArray *
make_votes (const IsafUuid *indicators,
            const IsafUuid *participants,
            guint           n_indicators,
            guint           round)
{
  GPtrArray *votes = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < N_ROWS; i++)
    {
      g_autofree char *key = g_strdup_printf ("%u/%u", round, i);
      IsafRecord *vote = isaf_record_new_keyed ("scorecard_vote", key);

      isaf_record_set_reference (vote, "scorecard_indicator_id", &indicators[i % n_indicators]);
      isaf_record_set_reference (vote, "participant_id", &participants[i / n_indicators]);
      isaf_record_set_integer (vote, "score", 1 + i % 5);
      g_ptr_array_add (votes, vote);
    }
  return votes;
}

static double
time_store (IsafDatabase *database,
            GPtrArray    *votes)
{
  WriteJob job = { votes };
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  if (!isaf_database_run (database, ISAF_DATABASE_WRITE, write_job, &job, &error))
    g_error ("store: %s", error->message);
  return (g_get_monotonic_time () - start) / 1e6;
}

static sqlite3 *
open_bare (const char *path,
           const char *store_path)
{
  sqlite3 *conn;
  sqlite3_stmt *stmt;
  g_autoptr(GBytes) schema = isaf_schema_migration_sql (1, NULL);
  const char *setup =
    "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";

  if (sqlite3_open (path, &conn) != SQLITE_OK
      || sqlite3_exec (conn, setup, NULL, NULL, NULL) != SQLITE_OK
      || sqlite3_exec (conn, g_bytes_get_data (schema, NULL), NULL, NULL, NULL) != SQLITE_OK)
    g_error ("bare: %s", sqlite3_errmsg (conn));

  /* The same parent rows, copied from the store's file, so that foreign keys cost alike. */
  if (sqlite3_prepare_v2 (conn, "ATTACH ? AS store", -1, &stmt, NULL) != SQLITE_OK)
    g_error ("bare attach: %s", sqlite3_errmsg (conn));
  sqlite3_bind_text (stmt, 1, store_path, -1, SQLITE_STATIC);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (sqlite3_exec (conn,
                    "BEGIN;"
                    "INSERT INTO main.cycle SELECT * FROM store.cycle;"
                    "INSERT INTO main.service_unit SELECT * FROM store.service_unit;"
                    "INSERT INTO main.scorecard SELECT * FROM store.scorecard;"
                    "INSERT INTO main.scorecard_indicator SELECT * FROM store.scorecard_indicator;"
                    "INSERT INTO main.scorecard_participant SELECT * FROM store.scorecard_participant;"
                    "COMMIT; DETACH store;",
                    NULL, NULL, NULL) != SQLITE_OK)
    g_error ("bare parents: %s", sqlite3_errmsg (conn));
  return conn;
}

static double
time_bare (sqlite3   *conn,
           GPtrArray *votes)
{
  sqlite3_stmt *stmt;
  gint64 start = g_get_monotonic_time ();

  sqlite3_exec (conn, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  sqlite3_prepare_v2 (conn, "INSERT INTO scorecard_vote (id, commune_id, deleted, "
                            "scorecard_indicator_id, participant_id, score) "
                            "VALUES (?, '010201', 0, ?, ?, ?)",
                      -1, &stmt, NULL);
  for (guint i = 0; i < votes->len; i++)
    {
      IsafRecord *vote = g_ptr_array_index (votes, i);

      sqlite3_bind_blob (stmt, 1, isaf_record_get_id (vote)->bytes, 16, SQLITE_STATIC);
      sqlite3_bind_blob (stmt, 2, isaf_record_get_reference (vote, "scorecard_indicator_id")->bytes,
                         16, SQLITE_STATIC);
      sqlite3_bind_blob (stmt, 3, isaf_record_get_reference (vote, "participant_id")->bytes,
                         16, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, isaf_record_get_integer (vote, "score"));
      if (sqlite3_step (stmt) != SQLITE_DONE)
        g_error ("bare insert: %s", sqlite3_errmsg (conn));
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  if (sqlite3_exec (conn, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    g_error ("bare commit: %s", sqlite3_errmsg (conn));
  return (g_get_monotonic_time () - start) / 1e6;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

int
main (void)
{
  g_autofree char *dir = g_dir_make_tmp ("isaf-bench-XXXXXX", NULL);
  g_autofree char *store_path = g_build_filename (dir, "store.sqlite", NULL);
  g_autofree char *bare_path = g_build_filename (dir, "bare.sqlite", NULL);
  g_autoptr(IsafDatabase) database = NULL;
  g_autoptr(IsafStore) store = NULL;
  g_autoptr(GError) error = NULL;
  enum { N_INDICATORS = 10, N_PARTICIPANTS = N_ROWS / N_INDICATORS };
  IsafUuid cycle, indicators[N_INDICATORS], participants[N_PARTICIPANTS];
  double store_times[ROUNDS], bare_times[ROUNDS], store_median, bare_median, ratio;
  sqlite3 *bare;

  database = isaf_database_open (store_path, ISAF_DATABASE_OPEN_CREATE_NEW, &error);
  store = database ? isaf_store_new (database) : NULL;
  if (store == NULL || !isaf_store_create_commune (store, "010201", &error))
    g_error ("setup: %s", error->message);
  make_parents (store, &cycle, indicators, participants, N_INDICATORS, N_PARTICIPANTS);
  bare = open_bare (bare_path, store_path);

  /* Alternate the two so that neither gets a warmer disk cache. */
  for (guint round = 0; round < ROUNDS; round++)
    {
      g_autoptr(GPtrArray) votes = make_votes (indicators, participants, N_INDICATORS, round);

      store_times[round] = time_store (database, votes);
      bare_times[round] = time_bare (bare, votes);
    }

  qsort (store_times, ROUNDS, sizeof (double), compare_doubles);
  qsort (bare_times, ROUNDS, sizeof (double), compare_doubles);
  store_median = store_times[ROUNDS / 2];
  bare_median = bare_times[ROUNDS / 2];
  ratio = store_median / bare_median;

  g_print ("store writes (validation + change capture): %.0f rows/s (%d rows in one transaction, median of %d)\n",
           N_ROWS / store_median, N_ROWS, ROUNDS);
  g_print ("bare sqlite3 writes: %.0f rows/s\n", N_ROWS / bare_median);
  g_print ("ratio store/bare time: %.2fx (target <= %.1fx)\n", ratio, TARGET_RATIO);

  sqlite3_close (bare);
  isaf_database_close (database);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d && (name = g_dir_read_name (d)))
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_unlink (path);
      }
    g_rmdir (dir);
  }

  return ratio <= TARGET_RATIO ? 0 : 1;
}
