/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-scorecard"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "isaf-scorecard-private.h"
#include "isaf-scorecard-report.h"

/* The scorecards of a year with what their rows point to (the unit's code and names, the
 * village's code, the facilitators' names), read in one job on the database thread so that
 * the sheets and the CSV of one export agree with each other. */

typedef struct {
  int year;
  char *unit_code;
  IsafScorecardReport *report;
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  g_free (job->unit_code);
  g_clear_pointer (&job->report, isaf_scorecard_report_free);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadJob, load_job_free)

/* Deleted rows too: a name is still the right name for a row that points to it. */
#define UNITS_SQL "SELECT id, code, kind, name_km, name_en FROM service_unit"
#define VILLAGES_SQL "SELECT id, code FROM village"
#define CAFS_SQL "SELECT id, name_km FROM caf"
#define UNIT_BY_CODE_SQL "SELECT id FROM service_unit WHERE deleted = 0 AND code = ?1"

/* A row's text columns, by its id. */
typedef struct {
  char *columns[4];
} Names;

static void
names_free (gpointer data)
{
  Names *names = data;

  for (guint i = 0; i < G_N_ELEMENTS (names->columns); i++)
    g_free (names->columns[i]);
  g_free (names);
}

IsafScorecardReport *
isaf_scorecard_report_new (int         year,
                           const char *commune_code)
{
  IsafScorecardReport *report = g_new0 (IsafScorecardReport, 1);

  report->year = year;
  report->commune_code = g_strdup (commune_code);
  report->entries =
    g_ptr_array_new_with_free_func ((GDestroyNotify) isaf_scorecard_report_entry_free);
  return report;
}

void
isaf_scorecard_report_free (IsafScorecardReport *report)
{
  if (report == NULL)
    return;
  g_free (report->commune_code);
  g_ptr_array_unref (report->entries);
  g_free (report);
}

IsafScorecardReportEntry *
isaf_scorecard_report_entry_new (IsafScorecard *scorecard)
{
  IsafScorecardReportEntry *entry = g_new0 (IsafScorecardReportEntry, 1);

  entry->scorecard = isaf_scorecard_ref (scorecard);
  entry->facilitators = g_ptr_array_new_with_free_func (g_free);
  return entry;
}

void
isaf_scorecard_report_entry_free (IsafScorecardReportEntry *entry)
{
  if (entry == NULL)
    return;
  isaf_scorecard_unref (entry->scorecard);
  g_free (entry->unit_code);
  g_free (entry->unit_kind);
  g_free (entry->unit_name_km);
  g_free (entry->unit_name_en);
  g_free (entry->village_code);
  g_ptr_array_unref (entry->facilitators);
  g_free (entry);
}

/* Every row of @sql (an id, then up to four text columns) into a table by id. */
static GHashTable *
read_names (IsafDatabase *database,
            const char   *sql,
            GError      **error)
{
  g_autoptr(GHashTable) table = g_hash_table_new_full (isaf_scorecard_uuid_hash,
                                                       isaf_scorecard_uuid_equal, g_free,
                                                       names_free);
  sqlite3_stmt *stmt = isaf_database_prepare (database, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Names *names = g_new0 (Names, 1);
      int n_columns = MIN (sqlite3_column_count (stmt) - 1, (int) G_N_ELEMENTS (names->columns));

      if (sqlite3_column_bytes (stmt, 0) != 16)
        {
          names_free (names);
          continue;
        }
      for (int i = 0; i < n_columns; i++)
        names->columns[i] = g_strdup ((const char *) sqlite3_column_text (stmt, i + 1));
      g_hash_table_insert (table, g_memdup2 (sqlite3_column_blob (stmt, 0), sizeof (IsafUuid)),
                           names);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      isaf_database_set_error (database, rc, error);
      return NULL;
    }
  return g_steal_pointer (&table);
}

static const char *
name_of (GHashTable     *table,
         const IsafUuid *id,
         guint           column)
{
  Names *names = id ? g_hash_table_lookup (table, id) : NULL;

  return names ? names->columns[column] : NULL;
}

/* The unit of @code, or FALSE with an error when the commune has none of that code. */
static gboolean
find_unit (IsafDatabase *database,
           const char   *code,
           IsafUuid     *unit_id,
           GError      **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database, UNIT_BY_CODE_SQL, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_bytes (stmt, 0) == 16)
    memcpy (unit_id->bytes, sqlite3_column_blob (stmt, 0), 16);
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    {
      isaf_database_set_error (database, rc, error);
      return FALSE;
    }
  g_set_error (error, ISAF_SCORECARD_ERROR, ISAF_SCORECARD_ERROR_NO_UNIT,
               _("There is no service unit with the code “%s”."), code);
  return FALSE;
}

static void
add_facilitator (GPtrArray  *names,
                 const char *name)
{
  if (name != NULL && !g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL))
    g_ptr_array_add (names, g_strdup (name));
}

static IsafScorecardReportEntry *
make_entry (IsafScorecard *scorecard,
            GHashTable    *units,
            GHashTable    *villages,
            GHashTable    *cafs)
{
  IsafScorecardReportEntry *entry = isaf_scorecard_report_entry_new (scorecard);
  IsafRecord *record = scorecard->record;
  const IsafUuid *unit_id = isaf_record_get_reference (record, "service_unit_id");

  entry->unit_code = g_strdup (name_of (units, unit_id, 0));
  entry->unit_kind = g_strdup (name_of (units, unit_id, 1));
  entry->unit_name_km = g_strdup (name_of (units, unit_id, 2));
  entry->unit_name_en = g_strdup (name_of (units, unit_id, 3));
  entry->village_code = g_strdup (name_of (villages,
                                           isaf_record_get_reference (record, "village_id"), 0));
  add_facilitator (entry->facilitators,
                   name_of (cafs, isaf_record_get_reference (record, "lead_caf_id"), 0));
  for (guint i = 0; i < scorecard->facilitators->len; i++)
    add_facilitator (entry->facilitators,
                     name_of (cafs, &g_array_index (scorecard->facilitators, IsafUuid, i), 0));
  return entry;
}

static gboolean
load_job (IsafDatabase *database,
          gpointer      data,
          GError      **error)
{
  LoadJob *job = data;
  g_autoptr(GPtrArray) scorecards = NULL;
  g_autoptr(GHashTable) units = NULL;
  g_autoptr(GHashTable) villages = NULL;
  g_autoptr(GHashTable) cafs = NULL;
  IsafUuid unit_id = { { 0 } };

  if (job->unit_code != NULL && !find_unit (database, job->unit_code, &unit_id, error))
    return FALSE;

  scorecards = isaf_scorecard_read_year (database, job->year, error);
  if (scorecards == NULL
      || (units = read_names (database, UNITS_SQL, error)) == NULL
      || (villages = read_names (database, VILLAGES_SQL, error)) == NULL
      || (cafs = read_names (database, CAFS_SQL, error)) == NULL)
    return FALSE;

  job->report = isaf_scorecard_report_new (job->year, isaf_database_get_commune_code (database));
  for (guint i = 0; i < scorecards->len; i++)
    {
      IsafScorecard *scorecard = g_ptr_array_index (scorecards, i);
      const IsafUuid *of_unit = isaf_record_get_reference (scorecard->record, "service_unit_id");

      if (job->unit_code != NULL && (of_unit == NULL || !isaf_uuid_equal (of_unit, &unit_id)))
        continue;
      g_ptr_array_add (job->report->entries, make_entry (scorecard, units, villages, cafs));
    }
  return TRUE;
}

/**
 * isaf_scorecard_report_load:
 * @database: an open database (not on its thread)
 * @year: a cycle year
 * @unit_code: (nullable): a service unit's code, or %NULL for every unit
 * @error: return location for an %ISAF_SCORECARD_ERROR or %ISAF_DATABASE_ERROR
 *
 * Returns: (transfer full) (nullable): the scorecards of @year, none when it has none
 */
IsafScorecardReport *
isaf_scorecard_report_load (IsafDatabase  *database,
                            int            year,
                            const char    *unit_code,
                            GError       **error)
{
  g_autoptr(LoadJob) job = g_new0 (LoadJob, 1);

  g_return_val_if_fail (ISAF_IS_DATABASE (database), NULL);

  job->year = year;
  job->unit_code = g_strdup (unit_code);
  if (!isaf_database_run (database, ISAF_DATABASE_READ, load_job, job, error))
    return NULL;
  return g_steal_pointer (&job->report);
}
