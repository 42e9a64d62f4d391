/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "isaf-demo.h"
#include "isaf-error.h"
#include "isaf-monthly-report.h"
#include "isaf-test-helpers.h"

/* The JAAP Committee's monthly report on real databases: each month of the demo against SQL,
 * the status of an action the meeting did not review taken from its history, the months that
 * cannot be reported, and the CSV. */

#define YEAR 2025

static void
use_demo (IsafTestFixture *fixture)
{
  IsafDemoOptions options = { .commune_code = ISAF_TEST_COMMUNE, .years = 1, .seed = 21,
                              .last_year = YEAR };
  g_autoptr(GError) error = NULL;

  isaf_test_fixture_close (fixture);
  isaf_test_remove_tree (fixture->path);
  fixture->database = isaf_database_open (fixture->path, ISAF_DATABASE_OPEN_CREATE_NEW, &error);
  g_assert_no_error (error);
  g_assert_true (isaf_demo_generate (fixture->database, &options, &error));
  g_assert_no_error (error);
  fixture->store = isaf_store_new (fixture->database);
}

static IsafMonthlyReport *
load (IsafTestFixture *fixture,
      int              year,
      int              month)
{
  g_autoptr(GError) error = NULL;
  IsafMonthlyReport *report = isaf_monthly_report_load (fixture->database, year, month, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

/* A figure of the month's meeting, counted in SQL over its progress rows. */
static gint64
count_progress (sqlite3    *conn,
                const char *held_on,
                const char *what,
                const char *where)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM jaap_progress p "
                                          "JOIN jaapc_meeting m ON m.id = p.meeting_id "
                                          "JOIN jaap_action a ON a.id = p.action_id "
                                          "WHERE p.deleted = 0 AND m.deleted = 0 "
                                          "AND m.held_on = '%s' AND %s",
                                          what, held_on, where);

  return isaf_test_sqlite_int (conn, sql);
}

static void
test_demo_months (IsafTestFixture *fixture,
                  gconstpointer    data)
{
  sqlite3 *conn;

  use_demo (fixture);
  conn = isaf_test_sqlite_open (fixture->path, SQLITE_OPEN_READONLY);

  /* The demo's committee meets every month from July to the next June. */
  for (int i = 0; i < 12; i++)
    {
      int year = i < 6 ? YEAR : YEAR + 1;
      int month = i < 6 ? 7 + i : i - 5;
      g_autoptr(IsafMonthlyReport) report = load (fixture, year, month);
      IsafMonthlyReportMeeting *meeting;
      const char *held_on;
      g_autofree char *present_sql = NULL;

      g_assert_cmpuint (report->meetings->len, ==, 1);
      meeting = g_ptr_array_index (report->meetings, 0);
      held_on = isaf_record_get_text (meeting->meeting->record, "held_on");
      g_assert_cmpint (meeting->jaap->year, ==, YEAR);

      /* The demo reviews every step at every meeting. */
      g_assert_cmpuint (meeting->n_reviewed, ==, meeting->n_steps);
      g_assert_cmpint (meeting->n_reviewed, ==, count_progress (conn, held_on, "count(*)", "1"));
      for (guint s = 0; s < ISAF_N_JAAP_STATUSES; s++)
        {
          g_autofree char *where = g_strdup_printf ("p.status = '%s'",
                                                    isaf_jaap_status_to_string (s));

          g_assert_cmpint (meeting->by_status[s], ==,
                           count_progress (conn, held_on, "count(*)", where));
        }
      g_assert_cmpint (meeting->n_overdue, ==,
                       count_progress (conn, held_on, "count(*)",
                                       "a.end_on < m.held_on "
                                       "AND p.status IN ('not_started', 'ongoing')"));
      g_assert_cmpint (meeting->spent_riel, ==,
                       count_progress (conn, held_on, "coalesce (sum (p.cost_spent_riel), 0)",
                                       "1"));

      present_sql = g_strdup_printf ("SELECT count(*) FROM jaapc_attendance t "
                                     "JOIN jaapc_meeting m ON m.id = t.meeting_id "
                                     "WHERE t.deleted = 0 AND m.held_on = '%s'", held_on);
      g_assert_cmpint (meeting->present->len, ==, isaf_test_sqlite_int (conn, present_sql));
    }
  sqlite3_close (conn);
}

static void
test_refusals (IsafTestFixture *fixture,
               gconstpointer    data)
{
  g_autoptr(GError) error = NULL;

  use_demo (fixture);
  g_assert_null (isaf_monthly_report_load (fixture->database, YEAR, 3, &error));
  g_assert_error (error, ISAF_JAAP_ERROR, ISAF_JAAP_ERROR_NO_MEETING);
  g_test_message ("Refused: %s", error->message);
  g_clear_error (&error);
  g_assert_null (isaf_monthly_report_load (fixture->database, YEAR, 13, &error));
  g_assert_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  g_assert_null (isaf_monthly_report_load (fixture->database, YEAR, 0, &error));
  g_assert_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  g_assert_null (isaf_monthly_report_load (fixture->database, 1999, 7, &error));
  g_assert_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_OUT_OF_RANGE);
}

static IsafUuid
add_action (IsafTestFixture *fixture,
            const char      *activity,
            const char      *end_on)
{
  g_autoptr(IsafRecord) action = isaf_record_new ("jaap_action");
  g_autoptr(GError) error = NULL;

  isaf_record_set_text (action, "action_group", "kha");
  isaf_record_set_text (action, "activity", activity);
  isaf_record_set_text (action, "start_on", "2025-07-01");
  isaf_record_set_text (action, "end_on", end_on);
  isaf_record_set_integer (action, "estimated_cost_riel", 100000);
  isaf_record_set_text (action, "status", "not_started");
  g_assert_true (isaf_jaap_action_save (fixture->store, YEAR, action, "2025-07-01", NULL, &error));
  g_assert_no_error (error);
  return *isaf_record_get_id (action);
}

static void
test_unreviewed_and_csv (IsafTestFixture *fixture,
                         gconstpointer    data)
{
  IsafUuid reviewed = add_action (fixture, "=HYPERLINK(\"x\")", "2025-12-31");
  IsafUuid unreviewed = add_action (fixture, "ជួសជុលបង្គន់, សាលា", "2025-08-31");
  g_autoptr(IsafRecord) later = NULL;
  g_autoptr(IsafJaapcMeeting) meeting = isaf_jaapc_meeting_new (YEAR, NULL);
  g_autoptr(IsafMonthlyReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;
  IsafMonthlyReportMeeting *reported;
  IsafRecord *progress;

  /* The unreviewed action started in August; in October it was completed. */
  later = isaf_store_get (fixture->store, "jaap_action", &unreviewed, &error);
  g_assert_no_error (error);
  isaf_record_set_text (later, "status", "ongoing");
  g_assert_true (isaf_jaap_action_save (fixture->store, YEAR, later, "2025-08-10", NULL, &error));
  isaf_record_set_text (later, "status", "completed");
  g_assert_true (isaf_jaap_action_save (fixture->store, YEAR, later, "2025-10-10", NULL, &error));
  g_assert_no_error (error);

  isaf_record_set_text (meeting->record, "held_on", "2025-09-25");
  progress = isaf_jaapc_meeting_set_progress (meeting, &reviewed);
  isaf_record_set_text (progress, "status", "ongoing");
  isaf_record_set_text (progress, "note", "កំពុងធ្វើ");
  isaf_record_set_integer (progress, "cost_spent_riel", 40000);
  g_assert_true (isaf_jaapc_meeting_save (fixture->store, meeting, &error));
  g_assert_no_error (error);

  report = load (fixture, YEAR, 9);
  reported = g_ptr_array_index (report->meetings, 0);
  /* On 25 September the unreviewed action was ongoing, past its end: overdue. */
  g_assert_cmpuint (reported->n_steps, ==, 2);
  g_assert_cmpuint (reported->n_reviewed, ==, 1);
  g_assert_cmpuint (reported->by_status[ISAF_JAAP_STATUS_ONGOING], ==, 2);
  g_assert_cmpuint (reported->by_status[ISAF_JAAP_STATUS_COMPLETED], ==, 0);
  g_assert_cmpuint (reported->n_overdue, ==, 1);
  g_assert_cmpint (reported->spent_riel, ==, 40000);
  g_assert_cmpint (reported->estimated_riel, ==, 200000);

  csv = isaf_monthly_report_csv_format (report);
  g_assert_true (g_str_has_prefix (csv, "\xEF\xBB\xBF" "held_on,group,number,depth,activity,"));
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  /* A formula is written as text, a comma stays inside its quotes. */
  g_assert_cmpstr (lines[1], ==,
                   "2025-09-25,kha,1,1,\"'=HYPERLINK(\"\"x\"\")\",ongoing,0,1,កំពុងធ្វើ,40000,100000,2025-12-31");
  g_assert_cmpstr (lines[2], ==,
                   "2025-09-25,kha,2,1,\"ជួសជុលបង្គន់, សាលា\",ongoing,1,0,,,100000,2025-08-31");
  g_assert_cmpstr (lines[3], ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, IsafTestFixture, NULL, isaf_test_fixture_setup_store, func, \
              isaf_test_fixture_teardown)

  ADD ("/monthly-report/demo-months", test_demo_months);
  ADD ("/monthly-report/refusals", test_refusals);
  ADD ("/monthly-report/unreviewed-and-csv", test_unreviewed_and_csv);

#undef ADD

  return g_test_run ();
}
