/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-overview"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "isaf-error.h"
#include "isaf-overview.h"

/* The counts behind the cycle dashboard. Totals are computed here on read, never stored. */

typedef struct {
  int year;
  IsafOverview *overview;
} OverviewJob;

static void
overview_job_free (gpointer data)
{
  OverviewJob *job = data;

  g_clear_pointer (&job->overview, isaf_overview_free);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OverviewJob, overview_job_free)

/* An action is counted where the work is: headings that only group other actions (a
 * service unit's group in ខ) are not actions themselves. */
#define LEAF_ACTION \
  "AND NOT EXISTS (SELECT 1 FROM jaap_action s WHERE s.parent_id = a.id AND s.deleted = 0)"

/* Each query takes the year as ?1 and returns one integer. */
static const char * const count_queries[] = {
  [0] = "SELECT count(*) FROM village WHERE deleted = 0",
  [1] = "SELECT count(*) FROM service_unit WHERE deleted = 0",
  [2] = "SELECT count(*) FROM caf WHERE deleted = 0 AND left_on IS NULL",
};

static const char *stage_done_sql[ISAF_N_STAGES] = {
  [ISAF_STAGE_PLANNING] =
    "SELECT count(*) FROM awpb_line a JOIN cycle c ON c.id = a.cycle_id "
    "WHERE c.year = ?1 AND c.deleted = 0 AND a.deleted = 0",
  [ISAF_STAGE_I4C] =
    "SELECT count(DISTINCT s.service_unit_id) FROM i4c_set s JOIN cycle c ON c.id = s.cycle_id "
    "WHERE c.year = ?1 AND c.deleted = 0 AND s.deleted = 0",
  [ISAF_STAGE_DISSEMINATION] =
    "SELECT count(DISTINCT m.village_id) FROM dissemination_meeting m "
    "JOIN cycle c ON c.id = m.cycle_id WHERE c.year = ?1 AND c.deleted = 0 AND m.deleted = 0",
  [ISAF_STAGE_SCORECARD] =
    "SELECT count(DISTINCT s.service_unit_id) FROM scorecard s JOIN cycle c ON c.id = s.cycle_id "
    "WHERE c.year = ?1 AND c.deleted = 0 AND s.deleted = 0 AND s.kind = 'csc' "
    "AND s.status = 'done'",
  [ISAF_STAGE_SELF_ASSESSMENT] =
    "SELECT count(DISTINCT s.service_unit_id) FROM scorecard s JOIN cycle c ON c.id = s.cycle_id "
    "WHERE c.year = ?1 AND c.deleted = 0 AND s.deleted = 0 AND s.kind = 'ssa' "
    "AND s.status = 'done'",
  [ISAF_STAGE_INTERFACE] =
    "SELECT count(*) FROM interface_meeting m JOIN cycle c ON c.id = m.cycle_id "
    "WHERE c.year = ?1 AND c.deleted = 0 AND m.deleted = 0",
  [ISAF_STAGE_JAAP] =
    "SELECT count(*) FROM jaap_action a JOIN cycle c ON c.id = a.cycle_id "
    "WHERE c.year = ?1 AND c.deleted = 0 AND a.deleted = 0 " LEAF_ACTION,
  [ISAF_STAGE_MONITORING] =
    "SELECT count(*) FROM jaapc_meeting m JOIN cycle c ON c.id = m.cycle_id "
    "WHERE c.year = ?1 AND c.deleted = 0 AND m.deleted = 0",
};

static const char *women_cafs_sql =
  "SELECT count(*) FROM caf WHERE deleted = 0 AND left_on IS NULL AND sex = 'f'";
static const char *official_cafs_sql =
  "SELECT count(*) FROM caf WHERE deleted = 0 AND left_on IS NULL AND is_village_official = 1";
/* Past their end date (before today, ?2) and neither completed nor cancelled, in any year. */
static const char *overdue_actions_sql =
  "SELECT count(*) FROM jaap_action a JOIN cycle c ON c.id = a.cycle_id "
  "WHERE c.deleted = 0 AND a.deleted = 0 AND a.end_on < ?2 "
  "AND a.status IN ('not_started', 'ongoing') " LEAF_ACTION;

static const char *actions_by_status_sql =
  "SELECT a.status, count(*) FROM jaap_action a JOIN cycle c ON c.id = a.cycle_id "
  "WHERE c.year = ?1 AND c.deleted = 0 AND a.deleted = 0 " LEAF_ACTION " GROUP BY a.status";

static const char *stage_status_sql =
  "SELECT s.stage, s.status FROM cycle_stage s JOIN cycle c ON c.id = s.cycle_id "
  "WHERE c.year = ?1 AND c.deleted = 0 AND s.deleted = 0";

static const char * const stage_names[ISAF_N_STAGES] = {
  "planning", "i4c", "dissemination", "scorecard", "self_assessment", "interface", "jaap",
  "monitoring",
};

/* Monthly committee meetings: a complete year has twelve. */
#define MEETINGS_PER_YEAR 12

static gboolean
query_count (IsafDatabase *database,
             const char   *sql,
             int           year,
             gint64       *count,
             GError      **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int (stmt, 1, year);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      isaf_database_set_error (database,
                               sqlite3_extended_errcode (isaf_database_get_connection (database)),
                               error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  *count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

static IsafStageStatus
status_from_counts (gint64 done,
                    gint64 total)
{
  if (done == 0)
    return ISAF_STAGE_STATUS_NOT_STARTED;
  if (total > 0 && done >= total)
    return ISAF_STAGE_STATUS_DONE;
  return ISAF_STAGE_STATUS_IN_PROGRESS;
}

static gboolean
load_action_counts (IsafDatabase *database,
                    IsafOverview *overview,
                    GError      **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database, actions_by_status_sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, overview->year);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *status = (const char *) sqlite3_column_text (stmt, 0);
      gint64 count = sqlite3_column_int64 (stmt, 1);

      if (g_str_equal (status, "not_started"))
        overview->actions_not_started = count;
      else if (g_str_equal (status, "ongoing"))
        overview->actions_ongoing = count;
      else if (g_str_equal (status, "completed"))
        overview->actions_completed = count;
      else if (g_str_equal (status, "cancelled"))
        overview->actions_cancelled = count;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* A status the clerk set on the cycle overrides the one derived from the counts. */
static gboolean
apply_recorded_statuses (IsafDatabase *database,
                         IsafOverview *overview,
                         GError      **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database, stage_status_sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, overview->year);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *stage = (const char *) sqlite3_column_text (stmt, 0);
      const char *status = (const char *) sqlite3_column_text (stmt, 1);

      for (guint i = 0; i < ISAF_N_STAGES; i++)
        if (g_str_equal (stage, stage_names[i]))
          overview->stages[i].status =
            g_str_equal (status, "done") ? ISAF_STAGE_STATUS_DONE
            : g_str_equal (status, "in_progress") ? ISAF_STAGE_STATUS_IN_PROGRESS
            : ISAF_STAGE_STATUS_NOT_STARTED;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
count_overdue (IsafDatabase *database,
               IsafOverview *overview,
               GError      **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database, overdue_actions_sql, error);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, overview->year);
  sqlite3_bind_text (stmt, 2, today, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      isaf_database_set_error (database,
                               sqlite3_extended_errcode (isaf_database_get_connection (database)),
                               error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  overview->actions_overdue = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
load_job (IsafDatabase *database,
          gpointer      data,
          GError      **error)
{
  OverviewJob *job = data;
  IsafOverview *overview = g_new0 (IsafOverview, 1);

  job->overview = overview;
  overview->commune_code = g_strdup (isaf_database_get_commune_code (database));
  overview->year = job->year;

  if (!query_count (database, count_queries[0], job->year, &overview->n_villages, error)
      || !query_count (database, count_queries[1], job->year, &overview->n_service_units, error)
      || !query_count (database, count_queries[2], job->year, &overview->n_active_cafs, error)
      || !query_count (database, women_cafs_sql, job->year, &overview->n_women_cafs, error)
      || !query_count (database, official_cafs_sql, job->year, &overview->n_official_cafs, error)
      || !count_overdue (database, overview, error)
      || !load_action_counts (database, overview, error))
    return FALSE;

  for (guint i = 0; i < ISAF_N_STAGES; i++)
    {
      IsafStageSummary *summary = &overview->stages[i];

      summary->stage = i;
      if (!query_count (database, stage_done_sql[i], job->year, &summary->done, error))
        return FALSE;

      switch (summary->stage)
        {
        case ISAF_STAGE_I4C:
        case ISAF_STAGE_SCORECARD:
        case ISAF_STAGE_SELF_ASSESSMENT:
          summary->total = overview->n_service_units;
          break;
        case ISAF_STAGE_DISSEMINATION:
          summary->total = overview->n_villages;
          break;
        case ISAF_STAGE_JAAP:
          summary->total = 0;
          break;
        case ISAF_STAGE_MONITORING:
          summary->total = MEETINGS_PER_YEAR;
          break;
        case ISAF_STAGE_PLANNING:
        case ISAF_STAGE_INTERFACE:
        default:
          summary->total = 1;
          break;
        }
      summary->status = status_from_counts (summary->done, summary->total);
    }

  return apply_recorded_statuses (database, overview, error);
}

IsafOverview *
isaf_overview_load (IsafDatabase *database,
                    int           year,
                    GError      **error)
{
  g_autoptr(OverviewJob) job = g_new0 (OverviewJob, 1);

  job->year = year;
  if (!isaf_database_run (database, ISAF_DATABASE_READ, load_job, job, error))
    return NULL;
  return g_steal_pointer (&job->overview);
}

static void
on_load_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OverviewJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!isaf_database_run_finish (ISAF_DATABASE (source), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&job->overview),
                           (GDestroyNotify) isaf_overview_free);
}

void
isaf_overview_load_async (IsafDatabase        *database,
                          int                  year,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  OverviewJob *job = g_new0 (OverviewJob, 1);
  GTask *task = g_task_new (database, cancellable, callback, user_data);

  job->year = year;
  g_task_set_source_tag (task, isaf_overview_load_async);
  g_task_set_task_data (task, job, overview_job_free);
  isaf_database_run_async (database, ISAF_DATABASE_READ, load_job, job, NULL, cancellable,
                           on_load_done_cb, task);
}

IsafOverview *
isaf_overview_load_finish (IsafDatabase  *database,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, database), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
isaf_overview_free (IsafOverview *overview)
{
  if (overview == NULL)
    return;
  g_free (overview->commune_code);
  g_free (overview);
}

static gboolean
latest_year_job (IsafDatabase *database,
                 gpointer      data,
                 GError      **error)
{
  gint64 *year = data;

  return query_count (database, "SELECT coalesce (max (year), 0) FROM cycle WHERE deleted = 0",
                      0, year, error);
}

/* The most recent cycle's year, or 0 when the commune has none yet. */
int
isaf_overview_latest_year (IsafDatabase *database,
                           GError      **error)
{
  gint64 year = 0;

  if (!isaf_database_run (database, ISAF_DATABASE_READ, latest_year_job, &year, error))
    return -1;
  return year;
}

/* The stage's name in the database (cycle_stage.stage) and in the guides: "planning" … */
const char *
isaf_stage_get_name (IsafStage stage)
{
  g_return_val_if_fail (stage < ISAF_N_STAGES, NULL);

  return stage_names[stage];
}

const char *
isaf_stage_get_title (IsafStage stage)
{
  switch (stage)
    {
    case ISAF_STAGE_PLANNING:
      return _("Plan & budget");
    case ISAF_STAGE_I4C:
      return _("Information for citizens");
    case ISAF_STAGE_DISSEMINATION:
      return _("Dissemination");
    case ISAF_STAGE_SCORECARD:
      return _("Community scorecards");
    case ISAF_STAGE_SELF_ASSESSMENT:
      return _("Self-assessment");
    case ISAF_STAGE_INTERFACE:
      return _("Interface meeting");
    case ISAF_STAGE_JAAP:
      return _("Joint action plan");
    case ISAF_STAGE_MONITORING:
      return _("Monitoring");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
isaf_stage_status_get_label (IsafStageStatus status)
{
  switch (status)
    {
    case ISAF_STAGE_STATUS_NOT_STARTED:
      return _("Not started");
    case ISAF_STAGE_STATUS_IN_PROGRESS:
      return _("In progress");
    case ISAF_STAGE_STATUS_DONE:
      return _("Done");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* The count that matters for each stage, as a sentence for the dashboard. */
char *
isaf_stage_summary_describe (const IsafStageSummary *summary)
{
  gulong done = summary->done;
  gulong total = summary->total;

  switch (summary->stage)
    {
    case ISAF_STAGE_PLANNING:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu budget line",
                                           "%lu budget lines", done), done);
    case ISAF_STAGE_I4C:
      return g_strdup_printf (_("Posters for %lu of %lu service units"), done, total);
    case ISAF_STAGE_DISSEMINATION:
      return g_strdup_printf (_("%lu of %lu villages reached"), done, total);
    case ISAF_STAGE_SCORECARD:
      return g_strdup_printf (_("%lu of %lu service units scored by citizens"), done, total);
    case ISAF_STAGE_SELF_ASSESSMENT:
      return g_strdup_printf (_("%lu of %lu service units assessed themselves"), done, total);
    case ISAF_STAGE_INTERFACE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu meeting held",
                                           "%lu meetings held", done), done);
    case ISAF_STAGE_JAAP:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu action agreed",
                                           "%lu actions agreed", done), done);
    case ISAF_STAGE_MONITORING:
      return g_strdup_printf (_("%lu of %lu monthly committee meetings held"), done, total);
    default:
      g_return_val_if_reached (NULL);
    }
}

IsafWarnings
isaf_overview_get_warnings (const IsafOverview *overview)
{
  IsafWarnings warnings = 0;

  if (overview->n_active_cafs < ISAF_MIN_ACTIVE_CAFS)
    warnings |= ISAF_WARNING_FEW_CAFS;
  if (overview->n_official_cafs > 0)
    warnings |= ISAF_WARNING_OFFICIAL_CAFS;
  if (overview->n_active_cafs > 0 && overview->n_women_cafs == 0)
    warnings |= ISAF_WARNING_NO_WOMAN_CAF;
  if (overview->actions_overdue > 0)
    warnings |= ISAF_WARNING_OVERDUE_ACTIONS;
  return warnings;
}

/* One warning as a sentence that says what is wrong and what to do about it. */
char *
isaf_overview_describe_warning (const IsafOverview *overview,
                                IsafWarnings        warning)
{
  gulong cafs = overview->n_active_cafs;
  gulong officials = overview->n_official_cafs;
  gulong overdue = overview->actions_overdue;

  switch (warning)
    {
    case ISAF_WARNING_FEW_CAFS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Only %lu facilitator (CAF) is active: the commune "
                                           "needs at least %d. Select new CAFs.",
                                           "Only %lu facilitators (CAFs) are active: the commune "
                                           "needs at least %d. Select new CAFs.", cafs),
                              cafs, ISAF_MIN_ACTIVE_CAFS);
    case ISAF_WARNING_OFFICIAL_CAFS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%lu CAF is a village official or commune assistant, "
                                           "which threatens the impartiality of the meetings.",
                                           "%lu CAFs are village officials or commune assistants, "
                                           "which threatens the impartiality of the meetings.",
                                           officials),
                              officials);
    case ISAF_WARNING_NO_WOMAN_CAF:
      return g_strdup (_("No woman is among the active CAFs. Select at least one woman."));
    case ISAF_WARNING_OVERDUE_ACTIONS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%lu JAAP action is past its end date and not "
                                           "completed. Review it with the JAAP Committee.",
                                           "%lu JAAP actions are past their end date and not "
                                           "completed. Review them with the JAAP Committee.",
                                           overdue),
                              overdue);
    default:
      g_return_val_if_reached (NULL);
    }
}

/* The next thing to do in a stage, or NULL when it is done. */
char *
isaf_stage_summary_next_step (const IsafStageSummary *summary)
{
  gulong left = summary->total > summary->done ? summary->total - summary->done : 0;

  if (summary->status == ISAF_STAGE_STATUS_DONE)
    return NULL;

  switch (summary->stage)
    {
    case ISAF_STAGE_PLANNING:
      return g_strdup (_("Plan the year’s social accountability budget with the council."));
    case ISAF_STAGE_I4C:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Enter the I4C data of %lu more service unit.",
                                           "Enter the I4C data of %lu more service units.", left),
                              left);
    case ISAF_STAGE_DISSEMINATION:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Record the I4C meeting in %lu more village.",
                                           "Record the I4C meetings in %lu more villages.", left),
                              left);
    case ISAF_STAGE_SCORECARD:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Hold the community scorecard for %lu more service unit.",
                                           "Hold the community scorecards for %lu more service units.",
                                           left),
                              left);
    case ISAF_STAGE_SELF_ASSESSMENT:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Record the self-assessment of %lu more service unit.",
                                           "Record the self-assessments of %lu more service units.",
                                           left),
                              left);
    case ISAF_STAGE_INTERFACE:
      return g_strdup (_("Hold the interface meeting of citizens and providers."));
    case ISAF_STAGE_JAAP:
      return g_strdup (_("Agree the joint action plan from the interface meeting’s priorities."));
    case ISAF_STAGE_MONITORING:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%lu monthly committee meeting is still to be held.",
                                           "%lu monthly committee meetings are still to be held.",
                                           left),
                              left);
    default:
      g_return_val_if_reached (NULL);
    }
}
