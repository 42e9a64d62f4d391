/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-jaapc"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "isaf-csv.h"
#include "isaf-error.h"
#include "isaf-monthly-report.h"
#include "isaf-stage-rows.h"

/* The monthly report of the JAAP Committee, read in one job on the database thread: the
 * month's meetings, each with the plan it follows, who came, and each action's status at
 * that meeting (isaf-monthly-report.h says how it is decided). */

static void
meeting_free (gpointer data)
{
  IsafMonthlyReportMeeting *meeting = data;

  g_clear_pointer (&meeting->meeting, isaf_jaapc_meeting_unref);
  g_clear_pointer (&meeting->jaap, isaf_jaap_free);
  g_clear_pointer (&meeting->present, g_ptr_array_unref);
  g_clear_pointer (&meeting->statuses, g_array_unref);
  g_clear_pointer (&meeting->overdue, g_array_unref);
  g_free (meeting);
}

void
isaf_monthly_report_free (IsafMonthlyReport *report)
{
  if (report == NULL)
    return;
  g_free (report->commune_code);
  g_clear_pointer (&report->meetings, g_ptr_array_unref);
  g_free (report);
}

/* The status an action had on @day: its latest change on or before it. */
static IsafJaapStatus
status_on (IsafJaapEntry *entry,
           const char    *day)
{
  int status = ISAF_JAAP_STATUS_NOT_STARTED;

  for (guint i = 0; i < entry->history->len; i++)
    {
      IsafRecord *change = g_ptr_array_index (entry->history, i);

      if (strcmp (isaf_record_get_text (change, "changed_on"), day) > 0)
        break;
      status = isaf_jaap_status_from_string (isaf_record_get_text (change, "status"));
    }
  return status < 0 ? ISAF_JAAP_STATUS_NOT_STARTED : (IsafJaapStatus) status;
}

static void
compute_statuses (IsafMonthlyReportMeeting *report)
{
  IsafJaapcMeeting *meeting = report->meeting;
  const char *held_on = isaf_record_get_text (meeting->record, "held_on");

  report->statuses = g_array_new (FALSE, FALSE, sizeof (guint8));
  report->overdue = g_array_new (FALSE, FALSE, sizeof (guint8));
  for (guint i = 0; i < report->jaap->entries->len; i++)
    {
      IsafJaapEntry *entry = g_ptr_array_index (report->jaap->entries, i);
      IsafRecord *progress = isaf_jaapc_meeting_get_progress (meeting,
                                                              isaf_record_get_id (entry->action));
      int recorded = progress ? isaf_jaap_status_from_string (isaf_record_get_text (progress,
                                                                                    "status"))
                              : -1;
      guint8 status = recorded >= 0 ? (IsafJaapStatus) recorded : status_on (entry, held_on);
      const char *end_on = isaf_record_get_text (entry->action, "end_on");
      guint8 overdue = end_on != NULL && strcmp (end_on, held_on) < 0
                       && isaf_jaap_status_is_open (status);

      g_array_append_val (report->statuses, status);
      g_array_append_val (report->overdue, overdue);

      /* Headings group their steps: only the steps are counted. */
      if (entry->n_children > 0)
        continue;
      report->n_steps++;
      report->by_status[status]++;
      report->n_overdue += overdue;
      report->n_reviewed += progress != NULL;
      if (!isaf_record_is_null (entry->action, "estimated_cost_riel"))
        report->estimated_riel += isaf_record_get_integer (entry->action, "estimated_cost_riel");
      if (progress && !isaf_record_is_null (progress, "cost_spent_riel"))
        report->spent_riel += isaf_record_get_integer (progress, "cost_spent_riel");
    }
}

/* The committee's roles in the order the report lists them. */
static int
role_rank (IsafRecord *member)
{
  static const char * const roles[] = { "chair", "deputy", "secretary", "member" };
  const char *role = isaf_record_get_text (member, "role");

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (g_strcmp0 (roles[i], role) == 0)
      return i;
  return G_N_ELEMENTS (roles);
}

static int
compare_members (gconstpointer a,
                 gconstpointer b)
{
  IsafRecord *left = *(IsafRecord **) a;
  IsafRecord *right = *(IsafRecord **) b;
  int by_role = role_rank (left) - role_rank (right);

  return by_role != 0 ? by_role : g_strcmp0 (isaf_record_get_text (left, "name_km"),
                                             isaf_record_get_text (right, "name_km"));
}

static gboolean
read_present (IsafDatabase             *database,
              IsafMonthlyReportMeeting *report,
              GError                  **error)
{
  GArray *members = report->meeting->members;

  report->present = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < members->len; i++)
    {
      g_autoptr(IsafRecord) member = NULL;

      /* A member deleted since, as a mistake, was never there. */
      if (!isaf_stage_read_live_row (database, "jaapc_member",
                                     &g_array_index (members, IsafUuid, i), &member, error))
        return FALSE;
      if (member == NULL)
        continue;
      report->n_women_present += g_strcmp0 (isaf_record_get_text (member, "sex"), "f") == 0;
      g_ptr_array_add (report->present, g_steal_pointer (&member));
    }
  g_ptr_array_sort (report->present, compare_members);
  return TRUE;
}

/* The meetings held in the month, with the year of the plan each follows. */
static gboolean
read_month (IsafDatabase *database,
            int           year,
            int           month,
            GArray       *ids,
            GArray       *years,
            GError      **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "SELECT m.id, c.year FROM jaapc_meeting m "
                                              "JOIN cycle c ON c.id = m.cycle_id "
                                              "WHERE m.deleted = 0 AND c.deleted = 0 "
                                              "AND m.held_on >= ?1 AND m.held_on < ?2 "
                                              "ORDER BY m.held_on, m.id",
                                              error);
  g_autofree char *first = g_strdup_printf ("%04d-%02d-01", year, month);
  g_autofree char *next = month == 12 ? g_strdup_printf ("%04d-01-01", year + 1)
                                      : g_strdup_printf ("%04d-%02d-01", year, month + 1);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, first, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, next, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      IsafUuid id;
      int plan_year = sqlite3_column_int (stmt, 1);

      memcpy (id.bytes, sqlite3_column_blob (stmt, 0), 16);
      g_array_append_val (ids, id);
      g_array_append_val (years, plan_year);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      isaf_stage_set_sqlite_error (database, error);
      return FALSE;
    }
  return TRUE;
}

static IsafJaapcMeeting *
find_meeting (GPtrArray      *meetings,
              const IsafUuid *id)
{
  for (guint i = 0; i < meetings->len; i++)
    {
      IsafJaapcMeeting *meeting = g_ptr_array_index (meetings, i);

      if (isaf_uuid_equal (isaf_record_get_id (meeting->record), id))
        return meeting;
    }
  return NULL;
}

static IsafMonthlyReportMeeting *
read_meeting (IsafDatabase   *database,
              const IsafUuid *id,
              int             plan_year,
              GError        **error)
{
  g_autoptr(GPtrArray) meetings = isaf_jaapc_meeting_read_year (database, plan_year, error);
  IsafMonthlyReportMeeting *report;
  IsafJaapcMeeting *meeting;

  if (meetings == NULL)
    return NULL;
  meeting = find_meeting (meetings, id);
  g_return_val_if_fail (meeting != NULL, NULL);

  report = g_new0 (IsafMonthlyReportMeeting, 1);
  report->meeting = isaf_jaapc_meeting_ref (meeting);
  report->jaap = isaf_jaap_read_year (database, plan_year, error);
  if (report->jaap == NULL || !read_present (database, report, error))
    {
      meeting_free (report);
      return NULL;
    }
  compute_statuses (report);
  return report;
}

typedef struct {
  int year;
  int month;
  IsafMonthlyReport *report;
} LoadJob;

static gboolean
load_job (IsafDatabase *database,
          gpointer      data,
          GError      **error)
{
  LoadJob *job = data;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (IsafUuid));
  g_autoptr(GArray) years = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(IsafMonthlyReport) report = g_new0 (IsafMonthlyReport, 1);

  report->year = job->year;
  report->month = job->month;
  report->commune_code = g_strdup (isaf_database_get_commune_code (database));
  report->meetings = g_ptr_array_new_with_free_func (meeting_free);

  if (!read_month (database, job->year, job->month, ids, years, error))
    return FALSE;
  if (ids->len == 0)
    {
      g_set_error (error, ISAF_JAAP_ERROR, ISAF_JAAP_ERROR_NO_MEETING,
                   /* Translators: the month as year and month, 2025-09. */
                   _("The JAAP Committee has no meeting recorded in %04d-%02d. Record the "
                     "meeting on the Monitoring page, or choose another month."),
                   job->year, job->month);
      return FALSE;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      IsafMonthlyReportMeeting *meeting = read_meeting (database,
                                                        &g_array_index (ids, IsafUuid, i),
                                                        g_array_index (years, int, i), error);

      if (meeting == NULL)
        return FALSE;
      g_ptr_array_add (report->meetings, meeting);
    }
  job->report = g_steal_pointer (&report);
  return TRUE;
}

/**
 * isaf_monthly_report_load:
 * @database: the database
 * @year: the calendar year
 * @month: the calendar month, 1–12
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 */
IsafMonthlyReport *
isaf_monthly_report_load (IsafDatabase *database,
                          int           year,
                          int           month,
                          GError      **error)
{
  LoadJob job = { .year = year, .month = month };

  if (month < 1 || month > 12)
    {
      g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_OUT_OF_RANGE,
                   _("The month %d does not exist. Give a month from 1 to 12."), month);
      return NULL;
    }
  if (year < ISAF_CYCLE_MIN_YEAR || year > ISAF_CYCLE_MAX_YEAR)
    {
      g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_OUT_OF_RANGE,
                   _("The year %d is not between %d and %d. Check the year of the report."),
                   year, ISAF_CYCLE_MIN_YEAR, ISAF_CYCLE_MAX_YEAR);
      return NULL;
    }
  if (!isaf_database_run (database, ISAF_DATABASE_READ, load_job, &job, error))
    return NULL;
  return job.report;
}

/* CSV --------------------------------------------------------------------------------------- */

static const char * const csv_columns[] = {
  "held_on", "group", "number", "depth", "activity", "status", "overdue", "reviewed", "note",
  "cost_spent_riel", "estimated_cost_riel", "end_on",
};

static void
append_optional_integer (GString    *csv,
                         IsafRecord *record,
                         const char *column)
{
  if (record == NULL || isaf_record_is_null (record, column))
    isaf_csv_append_value (csv, NULL);
  else
    isaf_csv_append_integer (csv, isaf_record_get_integer (record, column));
}

char *
isaf_monthly_report_csv_format (const IsafMonthlyReport *report)
{
  GString *csv = isaf_csv_new ();

  isaf_csv_append_header (csv, csv_columns, G_N_ELEMENTS (csv_columns));
  for (guint m = 0; m < report->meetings->len; m++)
    {
      IsafMonthlyReportMeeting *meeting = g_ptr_array_index (report->meetings, m);
      const char *held_on = isaf_record_get_text (meeting->meeting->record, "held_on");

      for (guint i = 0; i < meeting->jaap->entries->len; i++)
        {
          IsafJaapEntry *entry = g_ptr_array_index (meeting->jaap->entries, i);
          IsafRecord *progress = isaf_jaapc_meeting_get_progress (meeting->meeting,
                                                                  isaf_record_get_id (entry->action));

          isaf_csv_append_value (csv, held_on);
          isaf_csv_append_value (csv, isaf_record_get_text (entry->action, "action_group"));
          isaf_csv_append_value (csv, entry->path);
          isaf_csv_append_integer (csv, entry->depth);
          isaf_csv_append_text (csv, isaf_record_get_text (entry->action, "activity"));
          isaf_csv_append_value (csv, isaf_jaap_status_to_string (g_array_index (meeting->statuses,
                                                                                 guint8, i)));
          isaf_csv_append_integer (csv, g_array_index (meeting->overdue, guint8, i));
          isaf_csv_append_integer (csv, progress != NULL);
          isaf_csv_append_text (csv, progress ? isaf_record_get_text (progress, "note") : NULL);
          append_optional_integer (csv, progress, "cost_spent_riel");
          append_optional_integer (csv, entry->action, "estimated_cost_riel");
          isaf_csv_append_value (csv, isaf_record_get_text (entry->action, "end_on"));
          isaf_csv_end_line (csv);
        }
    }
  return g_string_free (csv, FALSE);
}
