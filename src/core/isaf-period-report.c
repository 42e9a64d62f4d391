/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-period-report"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "isaf-error.h"
#include "isaf-period-report-private.h"
#include "isaf-stage-rows.h"

/* The semi-annual and annual report's figures, read in one job on the database thread so
 * that they all come from one snapshot of the store. The definitions are in the header;
 * the queries live next to their concern (isaf-period-report-actions.c for the JAAP,
 * isaf-period-report-activity.c for meetings, people, CAFs, budget and coverage). */

static const char * const source_keys[ISAF_PERIOD_N_SOURCES] = {
  "dissemination", "scorecards", "interface", "jaapc",
};

const char *
isaf_period_source_get_key (IsafPeriodSource source)
{
  g_return_val_if_fail (source < ISAF_PERIOD_N_SOURCES, NULL);

  return source_keys[source];
}

void
isaf_period_report_free (IsafPeriodReport *report)
{
  if (report == NULL)
    return;
  g_free (report->commune_code);
  g_free (report);
}

static void
bind_text (sqlite3_stmt *stmt,
           const char   *name,
           const char   *value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
}

static void
bind_int (sqlite3_stmt *stmt,
          const char   *name,
          int           value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    sqlite3_bind_int (stmt, index, value);
}

sqlite3_stmt *
isaf_period_report_prepare (IsafDatabase     *database,
                            const char       *sql,
                            IsafPeriodReport *report,
                            GError          **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database, sql, error);

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, ":start", report->start_on);
  bind_text (stmt, ":end", report->end_on);
  bind_text (stmt, ":today", report->today);
  bind_int (stmt, ":year", report->year);
  bind_int (stmt, ":half", report->half);
  return stmt;
}

gboolean
isaf_period_report_read_integers (IsafDatabase      *database,
                                  const char        *sql,
                                  IsafPeriodReport  *report,
                                  gint64     * const *fields,
                                  guint              n_fields,
                                  GError           **error)
{
  sqlite3_stmt *stmt = isaf_period_report_prepare (database, sql, report, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  g_assert (sqlite3_column_count (stmt) == (int) n_fields);
  rc = isaf_stage_step_one (database, stmt, error);
  if (rc == SQLITE_ROW)
    for (guint i = 0; i < n_fields; i++)
      *fields[i] = sqlite3_column_int64 (stmt, i);
  sqlite3_reset (stmt);
  return rc != 0;
}

static void
add_participation (IsafPeriodParticipation       *sum,
                   const IsafPeriodParticipation *part)
{
  sum->people += part->people;
  sum->women += part->women;
  sum->men += part->men;
  sum->youth += part->youth;
  sum->disability += part->disability;
  sum->ethnic_minority += part->ethnic_minority;
  sum->id_poor += part->id_poor;
}

/* What a load job fills in: a report with its period set. */
typedef struct {
  IsafPeriodReport *report;
} LoadJob;

static void
load_job_free (gpointer data)
{
  LoadJob *job = data;

  g_clear_pointer (&job->report, isaf_period_report_free);
  g_free (job);
}

static gboolean
load_job (IsafDatabase *database,
          gpointer      data,
          GError      **error)
{
  IsafPeriodReport *report = ((LoadJob *) data)->report;

  report->commune_code = g_strdup (isaf_database_get_commune_code (database));

  if (!isaf_period_report_read_actions (database, report, error)
      || !isaf_period_report_read_meetings (database, report, error)
      || !isaf_period_report_read_participation (database, report, error)
      || !isaf_period_report_read_cafs (database, report, error)
      || !isaf_period_report_read_budget (database, report, error)
      || !isaf_period_report_read_coverage (database, report, error))
    return FALSE;

  for (guint i = 0; i < ISAF_PERIOD_N_SOURCES; i++)
    add_participation (&report->participation_total, &report->participation[i]);
  report->jaapc_members_present = report->participation[ISAF_PERIOD_SOURCE_JAAPC].people;

  report->has_share = report->actions_total > 0;
  if (report->has_share)
    report->share_completed_or_ongoing =
      (double) (report->actions_completed + report->actions_ongoing) / report->actions_total;
  return TRUE;
}

/* A report with its period and nothing counted yet, or NULL when the period is not one. */
static IsafPeriodReport *
period_report_new (IsafPeriodKind   kind,
                   int              year,
                   int              month,
                   GError         **error)
{
  g_autoptr(IsafPeriodReport) report = g_new0 (IsafPeriodReport, 1);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  if (year < ISAF_CYCLE_MIN_YEAR || year > ISAF_CYCLE_MAX_YEAR)
    {
      g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_OUT_OF_RANGE,
                   _("The year %d is not between %d and %d. Check the year of the report."),
                   year, ISAF_CYCLE_MIN_YEAR, ISAF_CYCLE_MAX_YEAR);
      return NULL;
    }
  if (kind == ISAF_PERIOD_HALF_YEAR && (month < 1 || month > 12))
    {
      g_set_error_literal (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_OUT_OF_RANGE,
                           _("Give a month from 1 to 12 to choose the half year of the "
                             "report."));
      return NULL;
    }

  report->kind = kind;
  report->year = year;
  report->half = kind == ISAF_PERIOD_YEAR ? 0 : month <= 6 ? 1 : 2;
  g_snprintf (report->start_on, sizeof report->start_on, "%04d-%s", year,
              report->half == 2 ? "07-01" : "01-01");
  g_snprintf (report->end_on, sizeof report->end_on, "%04d-%s", year,
              report->half == 1 ? "06-30" : "12-31");
  g_strlcpy (report->today, today, sizeof report->today);
  return g_steal_pointer (&report);
}

/**
 * isaf_period_report_load:
 * @database: an open database (not on its thread)
 * @kind: a half year or a year
 * @year: the calendar year, 2000–2200
 * @month: for a half year, a month (1–12) of it; ignored for a year
 * @error: return location for an %ISAF_VALIDATION_ERROR or %ISAF_DATABASE_ERROR
 *
 * Returns: (transfer full) (nullable): the period's figures
 */
IsafPeriodReport *
isaf_period_report_load (IsafDatabase    *database,
                         IsafPeriodKind   kind,
                         int              year,
                         int              month,
                         GError         **error)
{
  g_autoptr(IsafPeriodReport) report = NULL;
  LoadJob job = { NULL };

  g_return_val_if_fail (ISAF_IS_DATABASE (database), NULL);

  report = period_report_new (kind, year, month, error);
  if (report == NULL)
    return NULL;
  job.report = report;
  if (!isaf_database_run (database, ISAF_DATABASE_READ, load_job, &job, error))
    return NULL;
  return g_steal_pointer (&report);
}

static void
on_load_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!isaf_database_run_finish (ISAF_DATABASE (source), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&job->report),
                           (GDestroyNotify) isaf_period_report_free);
}

void
isaf_period_report_load_async (IsafDatabase        *database,
                               IsafPeriodKind       kind,
                               int                  year,
                               int                  month,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  LoadJob *job;

  g_return_if_fail (ISAF_IS_DATABASE (database));

  task = g_task_new (database, cancellable, callback, user_data);
  g_task_set_source_tag (task, isaf_period_report_load_async);
  job = g_new0 (LoadJob, 1);
  g_task_set_task_data (task, job, load_job_free);
  job->report = period_report_new (kind, year, month, &error);
  if (job->report == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  isaf_database_run_async (database, ISAF_DATABASE_READ, load_job, job, NULL, cancellable,
                           on_load_done_cb, g_steal_pointer (&task));
}

IsafPeriodReport *
isaf_period_report_load_finish (IsafDatabase  *database,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, database), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
