/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <stdarg.h>
#include <string.h>

#include "isaf-demo.h"
#include "isaf-error.h"
#include "isaf-period-report.h"
#include "isaf-period-report-csv.h"
#include "isaf-test-helpers.h"

/* The semi-annual and annual report on real SQLite files: every figure of every half year and
 * year of a three-year demo equals the same figure counted here by queries of the test's own,
 * written differently (window functions over the status history, an upward walk of the
 * action tree, other predicates), on a second, raw connection; edits made on that connection
 * move the figures exactly as they should; bad periods are refused; the CSV reads back. */

#define DEMO_YEARS 3
#define DEMO_SEED 8
#define BANTEAY_NEANG_VILLAGES 19
#define DEMO_UNITS 8
#define DEMO_CAFS 4

typedef struct {
  IsafTestFixture base;
  /* The demo's cycles are the three years up to last_year. */
  int last_year;
  /* The test's own connection, on which edits are not captured for sync. */
  sqlite3 *raw;
} DemoFixture;

static int
current_year (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_get_year (now);
}

static char *
today_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/* The capture triggers call these; the raw connection edits without capture. */
static const char * const capture_functions[] = {
  "sync_capturing", "sync_hlc_next", "sync_hlc_last", "sync_txid",
};

static void
not_capturing (sqlite3_context *context,
               int              argc,
               sqlite3_value  **argv)
{
  sqlite3_result_int (context, 0);
}

static void
demo_fixture_setup (DemoFixture   *fixture,
                    gconstpointer  data)
{
  /* The demo's default: the cycles up to last year's, whose committee meets until June of
   * this year. */
  IsafDemoOptions options = { .commune_code = ISAF_TEST_COMMUNE, .years = DEMO_YEARS,
                              .seed = DEMO_SEED };
  g_autoptr(GError) error = NULL;

  isaf_test_fixture_setup_dir (&fixture->base, data);
  fixture->base.database = isaf_database_open (fixture->base.path,
                                               ISAF_DATABASE_OPEN_CREATE_NEW, &error);
  g_assert_no_error (error);
  g_assert_true (isaf_demo_generate (fixture->base.database, &options, &error));
  g_assert_no_error (error);
  fixture->last_year = current_year () - 1;

  fixture->raw = isaf_test_sqlite_open (fixture->base.path, SQLITE_OPEN_READWRITE);
  for (guint i = 0; i < G_N_ELEMENTS (capture_functions); i++)
    g_assert_cmpint (sqlite3_create_function (fixture->raw, capture_functions[i], 0,
                                              SQLITE_UTF8, NULL, not_capturing, NULL, NULL),
                     ==, SQLITE_OK);
}

static void
demo_fixture_teardown (DemoFixture   *fixture,
                       gconstpointer  data)
{
  sqlite3_close (fixture->raw);
  isaf_test_fixture_teardown (&fixture->base, data);
}

/* Queries of the test's own ---------------------------------------------------------------- */

static void
bind_text (sqlite3_stmt *stmt,
           const char   *name,
           const char   *text)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
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

/* @sql with the period of @period bound to :start, :end, :today, :year and :half, and @key
 * (nullable) to :key. */
static sqlite3_stmt *
prepare_in (sqlite3                *raw,
            const char             *sql,
            const IsafPeriodReport *period,
            const char             *key)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (raw, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (raw));
  bind_text (stmt, ":start", period->start_on);
  bind_text (stmt, ":end", period->end_on);
  bind_text (stmt, ":today", period->today);
  bind_text (stmt, ":key", key);
  bind_int (stmt, ":year", period->year);
  bind_int (stmt, ":half", period->half);
  return stmt;
}

static gint64
count_in (sqlite3                *raw,
          const char             *sql,
          const IsafPeriodReport *period,
          const char             *key)
{
  sqlite3_stmt *stmt = prepare_in (raw, sql, period, key);
  gint64 value;

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* The first row's text, or NULL when there is no row. */
static char *
text_in (sqlite3                *raw,
         const char             *sql,
         const IsafPeriodReport *period,
         const char             *key)
{
  sqlite3_stmt *stmt = prepare_in (raw, sql, period, key);
  char *text = NULL;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

/* The counted actions with their status as of P's ends: the latest change by then ranked by a
 * window, the current status from today on; an action is dropped when anything above it in
 * the tree, walked upwards, is deleted or missing. */
#define COUNTED_ACTIONS \
  "WITH RECURSIVE chain (action_id, ancestor_id) AS (" \
  "  SELECT id, parent_id FROM jaap_action WHERE parent_id IS NOT NULL " \
  "  UNION ALL " \
  "  SELECT chain.action_id, up.parent_id FROM chain " \
  "  JOIN jaap_action up ON up.id = chain.ancestor_id WHERE up.parent_id IS NOT NULL), " \
  "orphan AS (" \
  "  SELECT chain.action_id FROM chain " \
  "  LEFT JOIN jaap_action anc ON anc.id = chain.ancestor_id " \
  "  LEFT JOIN cycle ac ON ac.id = anc.cycle_id " \
  "  WHERE anc.id IS NULL OR anc.deleted != 0 OR ac.id IS NULL OR ac.deleted != 0), " \
  "at_end AS (SELECT action_id, status FROM (" \
  "  SELECT action_id, status, row_number () OVER (PARTITION BY action_id " \
  "    ORDER BY changed_on DESC, id DESC) AS n " \
  "  FROM jaap_status_change WHERE deleted = 0 AND changed_on <= :end) WHERE n = 1), " \
  "at_start AS (SELECT action_id, status FROM (" \
  "  SELECT action_id, status, row_number () OVER (PARTITION BY action_id " \
  "    ORDER BY changed_on DESC, id DESC) AS n " \
  "  FROM jaap_status_change WHERE deleted = 0 AND changed_on <= :start) WHERE n = 1), " \
  "action AS (" \
  "  SELECT a.id, a.action_group, a.start_on, a.end_on, a.estimated_cost_riel, " \
  "    a.actual_cost_riel, a.status AS current_status, c.year AS cycle_year, " \
  "    iif (:end >= :today, a.status, ifnull (e.status, 'not_started')) AS end_status, " \
  "    iif (:start >= :today, a.status, ifnull (s.status, 'not_started')) AS start_status " \
  "  FROM jaap_action a JOIN cycle c ON c.id = a.cycle_id " \
  "  LEFT JOIN at_end e ON e.action_id = a.id LEFT JOIN at_start s ON s.action_id = a.id " \
  "  WHERE a.deleted = 0 AND c.deleted = 0 " \
  "  AND a.id NOT IN (SELECT action_id FROM orphan) " \
  "  AND a.id NOT IN (SELECT k.parent_id FROM jaap_action k JOIN cycle kc ON kc.id = k.cycle_id " \
  "                   WHERE k.deleted = 0 AND kc.deleted = 0 AND k.parent_id IS NOT NULL)), " \
  "counted AS (SELECT * FROM action " \
  "  WHERE (start_on <= :end AND (end_on >= :start " \
  "                               OR start_status IN ('not_started', 'ongoing'))) " \
  "  OR (start_on IS NULL AND cycle_year = :year)) "

#define LIVE_CYCLES "(SELECT id FROM cycle WHERE deleted = 0)"

/* @column of the live rows of @table of a live cycle held in P. */
#define HELD(column, table) \
  "(SELECT " column " FROM " table " WHERE deleted = 0 AND cycle_id IN " LIVE_CYCLES \
  " AND held_on >= :start AND held_on <= :end)"

#define SCORECARDS_HELD \
  "(SELECT id FROM scorecard WHERE deleted = 0 AND cycle_id IN " LIVE_CYCLES \
  " AND service_unit_id IN (SELECT id FROM service_unit WHERE deleted = 0) " \
  " AND held_on >= :start AND held_on <= :end)"

static const char * const statuses[] = { "not_started", "ongoing", "completed", "cancelled" };

static void
expect_actions (sqlite3          *raw,
                IsafPeriodReport *expected)
{
  gint64 *by_status[] = {
    &expected->actions_not_started, &expected->actions_ongoing,
    &expected->actions_completed, &expected->actions_cancelled,
  };

  expected->actions_total = count_in (raw, COUNTED_ACTIONS "SELECT count(*) FROM counted",
                                      expected, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    *by_status[i] = count_in (raw, COUNTED_ACTIONS
                              "SELECT count(*) FROM counted WHERE end_status = :key",
                              expected, statuses[i]);
  expected->actions_overdue =
    count_in (raw, COUNTED_ACTIONS "SELECT count(*) FROM counted "
              "WHERE end_status IN ('not_started', 'ongoing') "
              "AND end_on < :end AND end_on < :today", expected, NULL);
  expected->actions_ka = count_in (raw, COUNTED_ACTIONS "SELECT count(*) FROM counted "
                                   "WHERE action_group = :key", expected, "ka");
  expected->actions_kha = count_in (raw, COUNTED_ACTIONS "SELECT count(*) FROM counted "
                                    "WHERE action_group = :key", expected, "kha");
  expected->estimated_cost_riel =
    count_in (raw, COUNTED_ACTIONS "SELECT ifnull (sum (estimated_cost_riel), 0) FROM counted",
              expected, NULL);
  expected->actual_cost_riel =
    count_in (raw, COUNTED_ACTIONS "SELECT ifnull (sum (actual_cost_riel), 0) FROM counted",
              expected, NULL);
  expected->has_share = expected->actions_total > 0;
  if (expected->has_share)
    expected->share_completed_or_ongoing =
      (expected->actions_completed + expected->actions_ongoing) / (double) expected->actions_total;
}

static void
expect_meetings (sqlite3          *raw,
                 IsafPeriodReport *expected)
{
  expected->jaapc_meetings =
    count_in (raw, "SELECT count(*) FROM " HELD ("id", "jaapc_meeting"), expected, NULL);
  expected->dissemination_meetings =
    count_in (raw, "SELECT count(*) FROM " HELD ("id", "dissemination_meeting"), expected, NULL);
  expected->community_scorecards =
    count_in (raw, "SELECT count(*) FROM scorecard WHERE kind = :key AND id IN " SCORECARDS_HELD,
              expected, "csc");
  expected->self_assessments =
    count_in (raw, "SELECT count(*) FROM scorecard WHERE kind = :key AND id IN " SCORECARDS_HELD,
              expected, "ssa");
  expected->interface_meetings =
    count_in (raw, "SELECT count(*) FROM " HELD ("id", "interface_meeting"), expected, NULL);
}

/* The groups of IsafPeriodParticipation, by their category names. */
static const char * const groups[] = {
  "people", "women", "men", "youth", "disability", "ethnic_minority", "id_poor",
};

static gint64 *
group_field (IsafPeriodParticipation *part,
             guint                    group)
{
  gint64 *fields[] = {
    &part->people, &part->women, &part->men, &part->youth, &part->disability,
    &part->ethnic_minority, &part->id_poor,
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (fields) == G_N_ELEMENTS (groups));
  return fields[group];
}

/* Counts per category (dissemination attendance, scorecard tally sheets): women and men are
 * the people. */
static gint64
tally (sqlite3                *raw,
       const char             *sql,
       const IsafPeriodReport *period,
       guint                   group)
{
  if (group == 0)
    return count_in (raw, sql, period, "women") + count_in (raw, sql, period, "men");
  return count_in (raw, sql, period, groups[group]);
}

static void
expect_participation (sqlite3          *raw,
                      IsafPeriodReport *expected)
{
  IsafPeriodParticipation *dissemination =
    &expected->participation[ISAF_PERIOD_SOURCE_DISSEMINATION];
  IsafPeriodParticipation *scorecards = &expected->participation[ISAF_PERIOD_SOURCE_SCORECARDS];
  IsafPeriodParticipation *interface = &expected->participation[ISAF_PERIOD_SOURCE_INTERFACE];
  IsafPeriodParticipation *jaapc = &expected->participation[ISAF_PERIOD_SOURCE_JAAPC];

  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      *group_field (dissemination, g) =
        tally (raw, "SELECT ifnull (sum (count), 0) FROM dissemination_attendance "
               "WHERE deleted = 0 AND category = :key "
               "AND meeting_id IN " HELD ("id", "dissemination_meeting"), expected, g);
      *group_field (scorecards, g) =
        count_in (raw, "SELECT ifnull (sum (CASE :key WHEN 'people' THEN 1 "
                  "  WHEN 'women' THEN sex = 'f' WHEN 'men' THEN sex = 'm' "
                  "  WHEN 'youth' THEN is_youth WHEN 'disability' THEN has_disability "
                  "  WHEN 'ethnic_minority' THEN is_ethnic_minority "
                  "  WHEN 'id_poor' THEN is_id_poor END), 0) "
                  "FROM scorecard_participant WHERE deleted = 0 "
                  "AND scorecard_id IN " SCORECARDS_HELD, expected, groups[g])
        + tally (raw, "SELECT ifnull (sum (count), 0) FROM scorecard_participant_tally "
                 "WHERE deleted = 0 AND category = :key AND scorecard_id IN " SCORECARDS_HELD,
                 expected, g);
    }

  interface->people =
    count_in (raw, "SELECT ifnull (sum (count), 0) FROM interface_attendance "
              "WHERE deleted = 0 AND meeting_id IN " HELD ("id", "interface_meeting"),
              expected, NULL);
  interface->women =
    count_in (raw, "SELECT ifnull (sum (count), 0) FROM interface_attendance "
              "WHERE deleted = 0 AND category = :key "
              "AND meeting_id IN " HELD ("id", "interface_meeting"), expected, "citizen_women");
  interface->men =
    count_in (raw, "SELECT ifnull (sum (count), 0) FROM interface_attendance "
              "WHERE deleted = 0 AND category = :key "
              "AND meeting_id IN " HELD ("id", "interface_meeting"), expected, "citizen_men");

#define PRESENT \
  "SELECT count(*) FROM jaapc_attendance a JOIN jaapc_member p ON p.id = a.member_id " \
  "WHERE a.deleted = 0 AND p.deleted = 0 AND a.meeting_id IN " HELD ("id", "jaapc_meeting")
  jaapc->people = count_in (raw, PRESENT, expected, NULL);
  jaapc->women = count_in (raw, PRESENT " AND p.sex = :key", expected, "f");
  jaapc->men = count_in (raw, PRESENT " AND p.sex = :key", expected, "m");
#undef PRESENT
  expected->jaapc_members_present = jaapc->people;

  for (guint s = 0; s < ISAF_PERIOD_N_SOURCES; s++)
    for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
      *group_field (&expected->participation_total, g) +=
        *group_field (&expected->participation[s], g);
}

static void
expect_cafs (sqlite3          *raw,
             IsafPeriodReport *expected)
{
#define ACTIVE \
  "SELECT count(*) FROM caf c WHERE c.deleted = 0 AND ifnull (c.selected_on, '') <= :end " \
  "AND ifnull (c.left_on, '9999') > :start"
  expected->cafs_active = count_in (raw, ACTIVE, expected, NULL);
  expected->cafs_women = count_in (raw, ACTIVE " AND c.sex = :key", expected, "f");
  expected->cafs_village_officials = count_in (raw, ACTIVE " AND c.is_village_official = 1",
                                               expected, NULL);
  for (guint i = 0; i < ISAF_PERIOD_N_TRAINING_MODULES; i++)
    {
      g_autofree char *module = g_strdup_printf ("M%u", i + 1);

      expected->cafs_trained[i] =
        count_in (raw, ACTIVE " AND EXISTS (SELECT 1 FROM caf_training t "
                  "WHERE t.caf_id = c.id AND t.deleted = 0 AND t.module = :key "
                  "AND ifnull (t.trained_on, '') <= :end)", expected, module);
    }
#undef ACTIVE
}

static void
expect_budget (sqlite3          *raw,
               IsafPeriodReport *expected)
{
  /* :key is a category, a fund source (the two never share a name) or "all"; a half year's
   * quarters are those whose (quarter + 1) / 2 is the half. */
#define LINES(column) \
  "SELECT ifnull (sum (ifnull (" column ", 0)), 0) FROM awpb_line WHERE deleted = 0 " \
  "AND cycle_id IN (SELECT id FROM cycle WHERE deleted = 0 AND year = :year) " \
  "AND (:half = 0 OR (quarter + 1) / 2 = :half) AND :key IN (category, fund_source, 'all')"
  for (guint i = 0; i < ISAF_N_AWPB_CATEGORIES; i++)
    {
      const char *key = isaf_awpb_category_to_string (i);

      expected->budget_by_category[i].planned_riel = count_in (raw, LINES ("amount_riel"),
                                                               expected, key);
      expected->budget_by_category[i].spent_riel = count_in (raw, LINES ("spent_riel"),
                                                             expected, key);
    }
  for (guint i = 0; i < ISAF_N_FUND_SOURCES; i++)
    {
      const char *key = isaf_fund_source_to_string (i);

      expected->budget_by_source[i].planned_riel = count_in (raw, LINES ("amount_riel"),
                                                             expected, key);
      expected->budget_by_source[i].spent_riel = count_in (raw, LINES ("spent_riel"),
                                                           expected, key);
    }
  expected->budget_total.planned_riel = count_in (raw, LINES ("amount_riel"), expected, "all");
  expected->budget_total.spent_riel = count_in (raw, LINES ("spent_riel"), expected, "all");
#undef LINES
}

static void
expect_coverage (sqlite3          *raw,
                 IsafPeriodReport *expected)
{
  expected->service_units = count_in (raw, "SELECT count(*) FROM service_unit WHERE deleted = 0",
                                      expected, NULL);
  expected->service_units_with_i4c =
    count_in (raw, "SELECT count(*) FROM service_unit u WHERE u.deleted = 0 AND u.id IN "
              "(SELECT s.service_unit_id FROM i4c_set s JOIN cycle c ON c.id = s.cycle_id "
              " WHERE s.deleted = 0 AND c.deleted = 0 AND c.year = :year)", expected, NULL);
  expected->villages = count_in (raw, "SELECT count(*) FROM village WHERE deleted = 0",
                                 expected, NULL);
  expected->villages_reached =
    count_in (raw, "SELECT count(*) FROM village WHERE deleted = 0 AND id IN "
              HELD ("village_id", "dissemination_meeting"), expected, NULL);
}

/* Every figure of @report's period, counted by the test. */
static IsafPeriodReport *
expect_report (sqlite3                *raw,
               const IsafPeriodReport *report)
{
  IsafPeriodReport *expected = g_new0 (IsafPeriodReport, 1);

  expected->kind = report->kind;
  expected->year = report->year;
  expected->half = report->half;
  memcpy (expected->start_on, report->start_on, sizeof expected->start_on);
  memcpy (expected->end_on, report->end_on, sizeof expected->end_on);
  memcpy (expected->today, report->today, sizeof expected->today);
  expect_actions (raw, expected);
  expect_meetings (raw, expected);
  expect_participation (raw, expected);
  expect_cafs (raw, expected);
  expect_budget (raw, expected);
  expect_coverage (raw, expected);
  return expected;
}

#define ASSERT_SAME(field) g_assert_cmpint (report->field, ==, expected->field)

static void
assert_participation_equal (const IsafPeriodParticipation *report,
                            const IsafPeriodParticipation *expected)
{
  ASSERT_SAME (people);
  ASSERT_SAME (women);
  ASSERT_SAME (men);
  ASSERT_SAME (youth);
  ASSERT_SAME (disability);
  ASSERT_SAME (ethnic_minority);
  ASSERT_SAME (id_poor);
  /* Groups are among the people. */
  g_assert_cmpint (report->women + report->men, <=, report->people);
  g_assert_cmpint (report->youth, <=, report->people);
}

static void
assert_reports_equal (const IsafPeriodReport *report,
                      const IsafPeriodReport *expected)
{
  ASSERT_SAME (actions_total);
  ASSERT_SAME (actions_not_started);
  ASSERT_SAME (actions_ongoing);
  ASSERT_SAME (actions_completed);
  ASSERT_SAME (actions_cancelled);
  ASSERT_SAME (actions_overdue);
  ASSERT_SAME (actions_ka);
  ASSERT_SAME (actions_kha);
  ASSERT_SAME (estimated_cost_riel);
  ASSERT_SAME (actual_cost_riel);
  g_assert_cmpint (report->has_share, ==, expected->has_share);
  if (expected->has_share)
    g_assert_cmpfloat_with_epsilon (report->share_completed_or_ongoing,
                                    expected->share_completed_or_ongoing, 1e-12);

  ASSERT_SAME (jaapc_meetings);
  ASSERT_SAME (jaapc_members_present);
  ASSERT_SAME (dissemination_meetings);
  ASSERT_SAME (community_scorecards);
  ASSERT_SAME (self_assessments);
  ASSERT_SAME (interface_meetings);
  for (guint s = 0; s < ISAF_PERIOD_N_SOURCES; s++)
    assert_participation_equal (&report->participation[s], &expected->participation[s]);
  assert_participation_equal (&report->participation_total, &expected->participation_total);

  ASSERT_SAME (cafs_active);
  ASSERT_SAME (cafs_women);
  for (guint i = 0; i < ISAF_PERIOD_N_TRAINING_MODULES; i++)
    ASSERT_SAME (cafs_trained[i]);
  ASSERT_SAME (cafs_village_officials);

  for (guint i = 0; i < ISAF_N_AWPB_CATEGORIES; i++)
    {
      ASSERT_SAME (budget_by_category[i].planned_riel);
      ASSERT_SAME (budget_by_category[i].spent_riel);
    }
  for (guint i = 0; i < ISAF_N_FUND_SOURCES; i++)
    {
      ASSERT_SAME (budget_by_source[i].planned_riel);
      ASSERT_SAME (budget_by_source[i].spent_riel);
    }
  ASSERT_SAME (budget_total.planned_riel);
  ASSERT_SAME (budget_total.spent_riel);

  ASSERT_SAME (service_units);
  ASSERT_SAME (service_units_with_i4c);
  ASSERT_SAME (villages);
  ASSERT_SAME (villages_reached);
}

#undef ASSERT_SAME

static IsafPeriodReport *
load (IsafDatabase   *database,
      IsafPeriodKind  kind,
      int             year,
      int             month)
{
  g_autoptr(GError) error = NULL;
  IsafPeriodReport *report = isaf_period_report_load (database, kind, year, month, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

/* Loads the report and checks it against the test's own count of every figure. */
static IsafPeriodReport *
load_checked (DemoFixture    *fixture,
              IsafPeriodKind  kind,
              int             year,
              int             month)
{
  IsafPeriodReport *report = load (fixture->base.database, kind, year, month);
  g_autofree IsafPeriodReport *expected = expect_report (fixture->raw, report);

  assert_reports_equal (report, expected);
  return report;
}

/* The counted actions by their current status, for a period that ends today or later. */
static void
assert_current_statuses (DemoFixture            *fixture,
                         const IsafPeriodReport *report)
{
  const gint64 reported[] = {
    report->actions_not_started, report->actions_ongoing, report->actions_completed,
    report->actions_cancelled,
  };

  g_assert_cmpstr (report->end_on, >=, report->today);
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    g_assert_cmpint (reported[i], ==,
                     count_in (fixture->raw, COUNTED_ACTIONS "SELECT count(*) FROM jaap_action "
                               "WHERE status = :key AND id IN (SELECT id FROM counted)",
                               report, statuses[i]));
}

/* The demo's figures ----------------------------------------------------------------------- */

static void
assert_period (const IsafPeriodReport *report,
               int                     year,
               int                     half)
{
  g_autofree char *start = g_strdup_printf ("%d-%s", year, half == 2 ? "07-01" : "01-01");
  g_autofree char *end = g_strdup_printf ("%d-%s", year, half == 1 ? "06-30" : "12-31");

  g_assert_cmpint (report->year, ==, year);
  g_assert_cmpint (report->half, ==, half);
  g_assert_cmpint (report->kind, ==, half == 0 ? ISAF_PERIOD_YEAR : ISAF_PERIOD_HALF_YEAR);
  g_assert_cmpstr (report->start_on, ==, start);
  g_assert_cmpstr (report->end_on, ==, end);
  g_assert_cmpstr (report->commune_code, ==, ISAF_TEST_COMMUNE);
}

/* What the demo generator is known to write, so that the test's queries and the report
 * cannot be wrong together: each cycle year plans in January, disseminates in every village
 * in March, holds scorecards in April and May and the interface meeting in June, and its
 * committee meets monthly from July to the next June. */
static void
assert_demo_facts (DemoFixture            *fixture,
                   const IsafPeriodReport *report)
{
  int first_year = fixture->last_year - DEMO_YEARS + 1;
  gboolean cycle_year = report->year >= first_year && report->year <= fixture->last_year;
  gboolean after_cycle_year = report->year > first_year && report->year <= fixture->last_year + 1;
  gint64 meetings = 0;

  if (report->half != 2 && cycle_year)
    {
      g_assert_cmpint (report->dissemination_meetings, ==, BANTEAY_NEANG_VILLAGES);
      g_assert_cmpint (report->villages_reached, ==, BANTEAY_NEANG_VILLAGES);
      /* The commune office's scorecards in every village, one for each other unit. */
      g_assert_cmpint (report->community_scorecards, ==,
                       BANTEAY_NEANG_VILLAGES + DEMO_UNITS - 1);
      g_assert_cmpint (report->self_assessments, ==, DEMO_UNITS);
      g_assert_cmpint (report->interface_meetings, ==, 1);
      g_assert_cmpint (report->participation[ISAF_PERIOD_SOURCE_DISSEMINATION].women, >=,
                       12 * BANTEAY_NEANG_VILLAGES);
    }
  else
    {
      g_assert_cmpint (report->dissemination_meetings, ==, 0);
      g_assert_cmpint (report->villages_reached, ==, 0);
      g_assert_cmpint (report->interface_meetings, ==, 0);
    }

  if (report->half != 2 && after_cycle_year)
    meetings += 6;
  if (report->half != 1 && cycle_year)
    meetings += 6;
  g_assert_cmpint (report->jaapc_meetings, ==, meetings);
  g_assert_cmpint (report->villages, ==, BANTEAY_NEANG_VILLAGES);
  g_assert_cmpint (report->service_units, ==, DEMO_UNITS);
  g_assert_cmpint (report->service_units_with_i4c, ==, cycle_year ? DEMO_UNITS : 0);
  g_assert_cmpint (report->cafs_active, ==, DEMO_CAFS);
  g_assert_cmpint (report->cafs_women, ==, 3);
  g_assert_cmpint (report->cafs_village_officials, ==, 1);
  for (guint i = 0; i < ISAF_PERIOD_N_TRAINING_MODULES; i++)
    g_assert_cmpint (report->cafs_trained[i], ==, DEMO_CAFS);
  g_assert_cmpint (report->actions_ka + report->actions_kha, ==, report->actions_total);
  g_assert_cmpint (report->actions_not_started + report->actions_ongoing
                   + report->actions_completed + report->actions_cancelled,
                   ==, report->actions_total);
  if (cycle_year && report->half != 1)
    g_assert_cmpint (report->actions_total, >, 0);
  if (cycle_year)
    g_assert_cmpint (report->budget_total.planned_riel, >, 0);
}

static void
test_demo_figures (DemoFixture   *fixture,
                   gconstpointer  data)
{
  g_autofree char *today = today_text ();
  guint n_current = 0;

  for (int year = fixture->last_year - DEMO_YEARS; year <= fixture->last_year + 1; year++)
    {
      /* Any month picks its half. */
      static const struct { IsafPeriodKind kind; int month; int half; } periods[] = {
        { ISAF_PERIOD_HALF_YEAR, 1, 1 }, { ISAF_PERIOD_HALF_YEAR, 6, 1 },
        { ISAF_PERIOD_HALF_YEAR, 7, 2 }, { ISAF_PERIOD_HALF_YEAR, 12, 2 },
        { ISAF_PERIOD_YEAR, 0, 0 },
      };

      for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
        {
          g_autoptr(IsafPeriodReport) report = load_checked (fixture, periods[i].kind, year,
                                                             periods[i].month);

          assert_period (report, year, periods[i].half);
          g_assert_cmpstr (report->today, ==, today);
          assert_demo_facts (fixture, report);
          if (g_strcmp0 (report->end_on, report->today) >= 0)
            {
              assert_current_statuses (fixture, report);
              n_current++;
            }
        }
    }
  /* This year's report, at least, ends today or later. */
  g_assert_cmpuint (n_current, >, 0);
}

/* The year's parts add up: the halves' meetings make the year's, and the year's budget is
 * the halves' plus the lines without a quarter (none in the demo). */
static void
test_halves_make_the_year (DemoFixture   *fixture,
                           gconstpointer  data)
{
  for (int year = fixture->last_year - DEMO_YEARS + 1; year <= fixture->last_year; year++)
    {
      g_autoptr(IsafPeriodReport) first = load (fixture->base.database, ISAF_PERIOD_HALF_YEAR,
                                                year, 3);
      g_autoptr(IsafPeriodReport) second = load (fixture->base.database, ISAF_PERIOD_HALF_YEAR,
                                                 year, 9);
      g_autoptr(IsafPeriodReport) whole = load (fixture->base.database, ISAF_PERIOD_YEAR,
                                                year, 0);

      g_assert_cmpint (first->jaapc_meetings + second->jaapc_meetings, ==,
                       whole->jaapc_meetings);
      g_assert_cmpint (first->participation_total.people + second->participation_total.people,
                       ==, whole->participation_total.people);
      g_assert_cmpint (first->budget_total.planned_riel + second->budget_total.planned_riel,
                       ==, whole->budget_total.planned_riel);
      g_assert_cmpint (first->budget_total.spent_riel + second->budget_total.spent_riel,
                       ==, whole->budget_total.spent_riel);
      /* What runs in the second half runs in the year (the demo never reopens an action). */
      g_assert_cmpint (second->actions_total, <=, whole->actions_total);
      g_assert_cmpint (first->actions_total, <=, whole->actions_total);
    }
}

/* Edits on the raw connection ------------------------------------------------------------- */

/* Runs @sql on the raw connection with the texts that follow, up to NULL, bound to ?1, ?2 …;
 * it must change something. */
static void
edit (DemoFixture *fixture,
      const char  *sql,
      ...)
{
  sqlite3_stmt *stmt = NULL;
  const char *text;
  va_list args;
  int index = 1;

  if (sqlite3_prepare_v2 (fixture->raw, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (fixture->raw));
  va_start (args, sql);
  while ((text = va_arg (args, const char *)) != NULL)
    sqlite3_bind_text (stmt, index++, text, -1, SQLITE_TRANSIENT);
  va_end (args);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  g_assert_cmpint (sqlite3_changes (fixture->raw), >, 0);
  sqlite3_finalize (stmt);
}

/* A deleted JAAPC meeting takes its attendance with it; so does a deleted member, and a
 * deleted dissemination meeting its people and its village. */
static void
test_edit_meetings (DemoFixture   *fixture,
                    gconstpointer  data)
{
  g_autoptr(IsafPeriodReport) before = load_checked (fixture, ISAF_PERIOD_HALF_YEAR,
                                                     fixture->last_year, 9);
  g_autoptr(IsafPeriodReport) after = NULL;
  g_autoptr(IsafPeriodReport) first_half = load_checked (fixture, ISAF_PERIOD_HALF_YEAR,
                                                         fixture->last_year, 3);
  g_autoptr(IsafPeriodReport) first_half_after = NULL;
  g_autofree char *meeting = text_in (fixture->raw, "SELECT hex (id) FROM jaapc_meeting "
                                      "WHERE held_on BETWEEN :start AND :end "
                                      "ORDER BY held_on LIMIT 1", before, NULL);
  g_autofree char *member = text_in (fixture->raw, "SELECT hex (min (id)) FROM jaapc_member",
                                     before, NULL);
  g_autofree char *village_meeting = NULL;
  gint64 present, women, attended, attended_women;

  g_assert_nonnull (meeting);
  present = count_in (fixture->raw, "SELECT count(*) FROM jaapc_attendance "
                      "WHERE deleted = 0 AND hex (meeting_id) = :key", before, meeting);
  women = count_in (fixture->raw, "SELECT count(*) FROM jaapc_attendance a "
                    "JOIN jaapc_member p ON p.id = a.member_id "
                    "WHERE a.deleted = 0 AND p.sex = 'f' AND hex (a.meeting_id) = :key",
                    before, meeting);
  g_assert_cmpint (present, >, 0);

  /* Only the meeting is marked: its attendance rows stay live, and must not count. */
  edit (fixture, "UPDATE jaapc_meeting SET deleted = 1 WHERE hex (id) = ?1", meeting, NULL);
  after = load_checked (fixture, ISAF_PERIOD_HALF_YEAR, fixture->last_year, 9);
  g_assert_cmpint (after->jaapc_meetings, ==, before->jaapc_meetings - 1);
  g_assert_cmpint (after->jaapc_members_present, ==, before->jaapc_members_present - present);
  g_assert_cmpint (after->participation[ISAF_PERIOD_SOURCE_JAAPC].women, ==,
                   before->participation[ISAF_PERIOD_SOURCE_JAAPC].women - women);
  g_assert_cmpint (after->participation_total.people, ==,
                   before->participation_total.people - present);

  /* A committee member deleted as a mistake was at none of the meetings. */
  g_clear_pointer (&before, isaf_period_report_free);
  before = g_steal_pointer (&after);
  attended = count_in (fixture->raw, "SELECT count(*) FROM jaapc_attendance a "
                       "JOIN jaapc_meeting m ON m.id = a.meeting_id "
                       "WHERE a.deleted = 0 AND m.deleted = 0 "
                       "AND m.held_on BETWEEN :start AND :end AND hex (a.member_id) = :key",
                       before, member);
  attended_women = count_in (fixture->raw, "SELECT count(*) FROM jaapc_member "
                             "WHERE hex (id) = :key AND sex = 'f'", before, member) * attended;
  g_assert_cmpint (attended, >, 0);
  edit (fixture, "UPDATE jaapc_member SET deleted = 1 WHERE hex (id) = ?1", member, NULL);
  after = load_checked (fixture, ISAF_PERIOD_HALF_YEAR, fixture->last_year, 9);
  g_assert_cmpint (after->jaapc_meetings, ==, before->jaapc_meetings);
  g_assert_cmpint (after->jaapc_members_present, ==, before->jaapc_members_present - attended);
  g_assert_cmpint (after->participation[ISAF_PERIOD_SOURCE_JAAPC].women, ==,
                   before->participation[ISAF_PERIOD_SOURCE_JAAPC].women - attended_women);

  /* A dissemination meeting: one village fewer reached, its people gone. */
  village_meeting = text_in (fixture->raw, "SELECT hex (id) FROM dissemination_meeting "
                             "WHERE held_on BETWEEN :start AND :end ORDER BY held_on LIMIT 1",
                             first_half, NULL);
  women = count_in (fixture->raw, "SELECT count FROM dissemination_attendance "
                    "WHERE category = 'women' AND hex (meeting_id) = :key", first_half,
                    village_meeting);
  edit (fixture, "UPDATE dissemination_meeting SET deleted = 1 WHERE hex (id) = ?1",
        village_meeting, NULL);
  first_half_after = load_checked (fixture, ISAF_PERIOD_HALF_YEAR, fixture->last_year, 3);
  g_assert_cmpint (first_half_after->dissemination_meetings, ==,
                   first_half->dissemination_meetings - 1);
  g_assert_cmpint (first_half_after->villages_reached, ==, first_half->villages_reached - 1);
  g_assert_cmpint (first_half_after->participation[ISAF_PERIOD_SOURCE_DISSEMINATION].women,
                   ==, first_half->participation[ISAF_PERIOD_SOURCE_DISSEMINATION].women - women);
  g_assert_cmpint (first_half_after->villages, ==, BANTEAY_NEANG_VILLAGES);
  g_clear_pointer (&first_half, isaf_period_report_free);
  first_half = g_steal_pointer (&first_half_after);

  /* A village deleted from the registry: its meeting was still held, but no live village
   * was reached by it. */
  edit (fixture, "UPDATE village SET deleted = 1 WHERE id = (SELECT village_id "
                 "FROM dissemination_meeting WHERE deleted = 0 AND held_on BETWEEN ?1 AND ?2 "
                 "ORDER BY held_on LIMIT 1)", first_half->start_on, first_half->end_on, NULL);
  first_half_after = load_checked (fixture, ISAF_PERIOD_HALF_YEAR, fixture->last_year, 3);
  g_assert_cmpint (first_half_after->villages, ==, BANTEAY_NEANG_VILLAGES - 1);
  g_assert_cmpint (first_half_after->villages_reached, ==, first_half->villages_reached - 1);
  g_assert_cmpint (first_half_after->dissemination_meetings, ==,
                   first_half->dissemination_meetings);
  g_clear_pointer (&first_half, isaf_period_report_free);
  first_half = g_steal_pointer (&first_half_after);

  /* Others at the interface meeting are people, of no recorded sex. */
  edit (fixture, "INSERT INTO interface_attendance (id, commune_id, meeting_id, category, count) "
                 "SELECT randomblob (16), commune_id, id, 'other', 5 FROM interface_meeting "
                 "WHERE deleted = 0 AND held_on BETWEEN ?1 AND ?2", first_half->start_on,
        first_half->end_on, NULL);
  first_half_after = load_checked (fixture, ISAF_PERIOD_HALF_YEAR, fixture->last_year, 3);
  g_assert_cmpint (first_half_after->participation[ISAF_PERIOD_SOURCE_INTERFACE].people, ==,
                   first_half->participation[ISAF_PERIOD_SOURCE_INTERFACE].people + 5);
  g_assert_cmpint (first_half_after->participation[ISAF_PERIOD_SOURCE_INTERFACE].women, ==,
                   first_half->participation[ISAF_PERIOD_SOURCE_INTERFACE].women);
  g_assert_cmpint (first_half_after->participation[ISAF_PERIOD_SOURCE_INTERFACE].men, ==,
                   first_half->participation[ISAF_PERIOD_SOURCE_INTERFACE].men);
}

/* Scorecard tally sheets, a budget line without a quarter, a deleted cycle. */
static void
test_edit_tally_budget_cycle (DemoFixture   *fixture,
                              gconstpointer  data)
{
  int first_year = fixture->last_year - DEMO_YEARS + 1;
  g_autoptr(IsafPeriodReport) first_half = load_checked (fixture, ISAF_PERIOD_HALF_YEAR,
                                                         fixture->last_year, 4);
  g_autoptr(IsafPeriodReport) year = load_checked (fixture, ISAF_PERIOD_YEAR,
                                                   fixture->last_year, 0);
  g_autoptr(IsafPeriodReport) after = NULL;
  g_autofree char *scorecard = text_in (fixture->raw, "SELECT hex (id) FROM scorecard "
                                        "WHERE kind = 'csc' AND held_on BETWEEN :start AND :end "
                                        "ORDER BY held_on LIMIT 1", first_half, NULL);
  g_autofree char *last_year = g_strdup_printf ("%d", fixture->last_year);
  g_autofree char *first_cycle = g_strdup_printf ("%d", first_year);
  const IsafPeriodParticipation *was = &first_half->participation[ISAF_PERIOD_SOURCE_SCORECARDS];
  const IsafPeriodParticipation *is;

  /* A tally sheet beside the participants typed one by one: both count. */
#define ADD_TALLY \
  "INSERT INTO scorecard_participant_tally (id, commune_id, scorecard_id, category, count) " \
  "SELECT randomblob (16), commune_id, id, ?2, ?3 FROM scorecard WHERE hex (id) = ?1"
  edit (fixture, ADD_TALLY, scorecard, "women", "7", NULL);
  edit (fixture, ADD_TALLY, scorecard, "ethnic_minority", "2", NULL);
#undef ADD_TALLY
  after = load_checked (fixture, ISAF_PERIOD_HALF_YEAR, fixture->last_year, 4);
  is = &after->participation[ISAF_PERIOD_SOURCE_SCORECARDS];
  g_assert_cmpint (is->women, ==, was->women + 7);
  g_assert_cmpint (is->people, ==, was->people + 7);
  g_assert_cmpint (is->ethnic_minority, ==, was->ethnic_minority + 2);
  g_assert_cmpint (after->participation_total.women, ==,
                   first_half->participation_total.women + 7);
  g_clear_pointer (&after, isaf_period_report_free);

  /* A line without a quarter counts in the year only; one with no spending spends 0. */
  edit (fixture, "INSERT INTO awpb_line (id, commune_id, cycle_id, category, description, "
                 "amount_riel, fund_source) SELECT randomblob (16), commune_id, id, 'other', "
                 "'ផ្សេងៗ', 123456, 'community' FROM cycle WHERE year = ?1", last_year, NULL);
  after = load_checked (fixture, ISAF_PERIOD_YEAR, fixture->last_year, 0);
  g_assert_cmpint (after->budget_total.planned_riel, ==, year->budget_total.planned_riel + 123456);
  g_assert_cmpint (after->budget_total.spent_riel, ==, year->budget_total.spent_riel);
  g_assert_cmpint (after->budget_by_category[ISAF_AWPB_OTHER].planned_riel, ==,
                   year->budget_by_category[ISAF_AWPB_OTHER].planned_riel + 123456);
  g_assert_cmpint (after->budget_by_source[ISAF_FUND_COMMUNITY].planned_riel, ==,
                   year->budget_by_source[ISAF_FUND_COMMUNITY].planned_riel + 123456);
  g_clear_pointer (&after, isaf_period_report_free);
  after = load_checked (fixture, ISAF_PERIOD_HALF_YEAR, fixture->last_year, 4);
  g_assert_cmpint (after->budget_total.planned_riel, ==, first_half->budget_total.planned_riel);
  g_clear_pointer (&after, isaf_period_report_free);

  /* The first cycle deleted: nothing of it is left, though its rows are all still live. */
  edit (fixture, "UPDATE cycle SET deleted = 1 WHERE year = ?1", first_cycle, NULL);
  after = load_checked (fixture, ISAF_PERIOD_HALF_YEAR, first_year, 3);
  g_assert_cmpint (after->dissemination_meetings, ==, 0);
  g_assert_cmpint (after->community_scorecards, ==, 0);
  g_assert_cmpint (after->participation_total.people, ==, 0);
  g_assert_cmpint (after->budget_total.planned_riel, ==, 0);
  g_assert_cmpint (after->service_units_with_i4c, ==, 0);
  g_clear_pointer (&after, isaf_period_report_free);
  after = load_checked (fixture, ISAF_PERIOD_HALF_YEAR, first_year, 9);
  g_assert_cmpint (after->actions_total, ==, 0);
  g_assert_false (after->has_share);
  g_assert_cmpint (after->jaapc_meetings, ==, 0);
}

/* A status change of @action on @date, with the id @id (an SQL expression). */
#define ADD_CHANGE(id) \
  "INSERT INTO jaap_status_change (id, commune_id, action_id, status, changed_on) " \
  "SELECT " id ", commune_id, id, ?2, ?3 FROM jaap_action WHERE hex (id) = ?1"

/* The latest change by a date decides, the greatest id on the same day; the current status
 * decides from today on. */
static void
test_edit_statuses (DemoFixture   *fixture,
                    gconstpointer  data)
{
  int year = fixture->last_year - 1;
  g_autoptr(IsafPeriodReport) before = load_checked (fixture, ISAF_PERIOD_HALF_YEAR, year, 8);
  g_autoptr(IsafPeriodReport) after = NULL;
  g_autoptr(IsafPeriodReport) now = NULL;
  g_autoptr(IsafPeriodReport) now_after = NULL;
  g_autoptr(IsafPeriodReport) past = NULL;
  g_autoptr(IsafPeriodReport) past_after = NULL;
  g_autofree char *action = text_in (fixture->raw, COUNTED_ACTIONS "SELECT hex (id) FROM counted "
                                     "WHERE end_status = :key ORDER BY id LIMIT 1",
                                     before, "ongoing");
  g_autofree char *current = NULL;
  g_autofree char *heading = NULL;
  gint64 overdue, children;

  g_assert_nonnull (action);
  overdue = count_in (fixture->raw, "SELECT count(*) FROM jaap_action WHERE hex (id) = :key "
                      "AND end_on < :end AND end_on < :today", before, action);

  /* Completed on the last day of the half. */
  edit (fixture, ADD_CHANGE ("randomblob (16)"), action, "completed", before->end_on, NULL);
  after = load_checked (fixture, ISAF_PERIOD_HALF_YEAR, year, 8);
  g_assert_cmpint (after->actions_completed, ==, before->actions_completed + 1);
  g_assert_cmpint (after->actions_ongoing, ==, before->actions_ongoing - 1);
  g_assert_cmpint (after->actions_overdue, ==, before->actions_overdue - overdue);
  g_assert_cmpint (after->actions_total, ==, before->actions_total);
  g_clear_pointer (&after, isaf_period_report_free);

  /* Two more on the same day: the greatest id wins, whatever the order they came in. */
  edit (fixture, ADD_CHANGE ("x'ffffffffffffffffffffffffffffffff'"), action, "cancelled",
        before->end_on, NULL);
  edit (fixture, ADD_CHANGE ("x'00000000000000000000000000000001'"), action, "ongoing",
        before->end_on, NULL);
  after = load_checked (fixture, ISAF_PERIOD_HALF_YEAR, year, 8);
  g_assert_cmpint (after->actions_cancelled, ==, before->actions_cancelled + 1);
  g_assert_cmpint (after->actions_ongoing, ==, before->actions_ongoing - 1);
  g_assert_cmpint (after->actions_completed, ==, before->actions_completed);
  g_clear_pointer (&after, isaf_period_report_free);

  /* A deleted change no longer counts: back to completed. */
  edit (fixture, "UPDATE jaap_status_change SET deleted = 1 "
                 "WHERE id = x'ffffffffffffffffffffffffffffffff'", NULL);
  after = load_checked (fixture, ISAF_PERIOD_HALF_YEAR, year, 8);
  g_assert_cmpint (after->actions_completed, ==, before->actions_completed + 1);
  g_assert_cmpint (after->actions_cancelled, ==, before->actions_cancelled);
  g_clear_pointer (&after, isaf_period_report_free);

  /* The status column is what counts this year, and does not rewrite the past. */
  now = load_checked (fixture, ISAF_PERIOD_YEAR, current_year (), 0);
  past = load_checked (fixture, ISAF_PERIOD_HALF_YEAR, fixture->last_year, 9);
  current = text_in (fixture->raw, COUNTED_ACTIONS "SELECT hex (id) FROM counted "
                     "WHERE current_status = :key ORDER BY id LIMIT 1", now, "ongoing");
  g_assert_nonnull (current);
  edit (fixture, "UPDATE jaap_action SET status = 'completed' WHERE hex (id) = ?1", current,
        NULL);
  now_after = load_checked (fixture, ISAF_PERIOD_YEAR, current_year (), 0);
  g_assert_cmpint (now_after->actions_completed, ==, now->actions_completed + 1);
  g_assert_cmpint (now_after->actions_ongoing, ==, now->actions_ongoing - 1);
  assert_current_statuses (fixture, now_after);
  past_after = load_checked (fixture, ISAF_PERIOD_HALF_YEAR, fixture->last_year, 9);
  g_assert_cmpint (past_after->actions_completed, ==, past->actions_completed);
  g_assert_cmpint (past_after->actions_ongoing, ==, past->actions_ongoing);

  /* A deleted heading takes its actions with it, though only the heading was marked. */
  g_clear_pointer (&past, isaf_period_report_free);
  past = g_steal_pointer (&past_after);
  heading = text_in (fixture->raw, "SELECT hex (p.id) FROM jaap_action p "
                     "JOIN cycle c ON c.id = p.cycle_id WHERE c.year = :year "
                     "AND EXISTS (SELECT 1 FROM jaap_action k WHERE k.parent_id = p.id) "
                     "ORDER BY p.id LIMIT 1", past, NULL);
  g_assert_nonnull (heading);
  children = count_in (fixture->raw, COUNTED_ACTIONS "SELECT count(*) FROM counted "
                       "JOIN jaap_action a ON a.id = counted.id WHERE hex (a.parent_id) = :key",
                       past, heading);
  g_assert_cmpint (children, >, 0);
  edit (fixture, "UPDATE jaap_action SET deleted = 1 WHERE hex (id) = ?1", heading, NULL);
  past_after = load_checked (fixture, ISAF_PERIOD_HALF_YEAR, fixture->last_year, 9);
  g_assert_cmpint (past_after->actions_total, ==, past->actions_total - children);
}

#undef ADD_CHANGE

/* A CAF counts in a period it served some of, a training from its date on; an action that is
 * not due yet is not overdue, however soon the period ends. */
static void
test_edit_cafs_and_dates (DemoFixture   *fixture,
                          gconstpointer  data)
{
  g_autoptr(IsafPeriodReport) before = load_checked (fixture, ISAF_PERIOD_HALF_YEAR,
                                                     fixture->last_year, 9);
  g_autoptr(IsafPeriodReport) after = NULL;
  g_autoptr(IsafPeriodReport) future = NULL;
  g_autoptr(IsafPeriodReport) future_after = NULL;
  g_autofree char *caf = text_in (fixture->raw, "SELECT hex (min (id)) FROM caf", before, NULL);
  g_autofree char *day_after_start = g_strdup_printf ("%d-07-02", fixture->last_year);
  g_autofree char *day_after_end = g_strdup_printf ("%d-01-01", fixture->last_year + 1);
  g_autofree char *due = g_strdup_printf ("%d-06-30", fixture->last_year + 2);
  g_autofree char *cycle_year = g_strdup_printf ("%d", fixture->last_year);
  g_autofree char *action = NULL;

  /* Left on the first day of the half: not one of its CAFs, nor of its trained ones. */
  edit (fixture, "UPDATE caf SET left_on = ?2 WHERE hex (id) = ?1", caf, before->start_on, NULL);
  after = load_checked (fixture, ISAF_PERIOD_HALF_YEAR, fixture->last_year, 9);
  g_assert_cmpint (after->cafs_active, ==, before->cafs_active - 1);
  g_assert_cmpint (after->cafs_trained[0], ==, before->cafs_trained[0] - 1);
  g_clear_pointer (&after, isaf_period_report_free);

  /* Left a day later: it served in the half. */
  edit (fixture, "UPDATE caf SET left_on = ?2 WHERE hex (id) = ?1", caf, day_after_start, NULL);
  after = load_checked (fixture, ISAF_PERIOD_HALF_YEAR, fixture->last_year, 9);
  g_assert_cmpint (after->cafs_active, ==, before->cafs_active);
  g_clear_pointer (&after, isaf_period_report_free);

  /* Selected on the last day, it counts; the day after, it does not yet. */
  edit (fixture, "UPDATE caf SET left_on = NULL, selected_on = ?2 WHERE hex (id) = ?1", caf,
        before->end_on, NULL);
  after = load_checked (fixture, ISAF_PERIOD_HALF_YEAR, fixture->last_year, 9);
  g_assert_cmpint (after->cafs_active, ==, before->cafs_active);
  g_clear_pointer (&after, isaf_period_report_free);
  edit (fixture, "UPDATE caf SET selected_on = ?2 WHERE hex (id) = ?1", caf, day_after_end, NULL);
  after = load_checked (fixture, ISAF_PERIOD_HALF_YEAR, fixture->last_year, 9);
  g_assert_cmpint (after->cafs_active, ==, before->cafs_active - 1);
  g_clear_pointer (&after, isaf_period_report_free);
  edit (fixture, "UPDATE caf SET selected_on = NULL WHERE hex (id) = ?1", caf, NULL);

  /* Module M2 taken after the half: not yet trained in it; without a date: trained. */
  edit (fixture, "UPDATE caf_training SET trained_on = ?2 "
                 "WHERE hex (caf_id) = ?1 AND module = 'M2'", caf, day_after_end, NULL);
  after = load_checked (fixture, ISAF_PERIOD_HALF_YEAR, fixture->last_year, 9);
  g_assert_cmpint (after->cafs_active, ==, before->cafs_active);
  g_assert_cmpint (after->cafs_trained[0], ==, before->cafs_trained[0]);
  g_assert_cmpint (after->cafs_trained[1], ==, before->cafs_trained[1] - 1);
  g_clear_pointer (&after, isaf_period_report_free);
  edit (fixture, "UPDATE caf_training SET trained_on = NULL "
                 "WHERE hex (caf_id) = ?1 AND module = 'M2'", caf, NULL);
  after = load_checked (fixture, ISAF_PERIOD_HALF_YEAR, fixture->last_year, 9);
  g_assert_cmpint (after->cafs_trained[1], ==, before->cafs_trained[1]);

  /* Next year: an action done long ago is reopened and now due in June. It runs in that
   * year, open, and is not overdue before its date. */
  future = load_checked (fixture, ISAF_PERIOD_YEAR, fixture->last_year + 2, 0);
  action = text_in (fixture->raw, "SELECT hex (a.id) FROM jaap_action a "
                    "JOIN cycle c ON c.id = a.cycle_id WHERE c.year = :key "
                    "AND a.status = 'completed' ORDER BY a.id LIMIT 1", future, cycle_year);
  g_assert_nonnull (action);
  edit (fixture, "UPDATE jaap_action SET status = 'ongoing', end_on = ?2 WHERE hex (id) = ?1",
        action, due, NULL);
  future_after = load_checked (fixture, ISAF_PERIOD_YEAR, fixture->last_year + 2, 0);
  assert_current_statuses (fixture, future_after);
  g_assert_cmpint (future_after->actions_total, ==, future->actions_total + 1);
  g_assert_cmpint (future_after->actions_ongoing, ==, future->actions_ongoing + 1);
  g_assert_cmpint (future_after->actions_overdue, ==, future->actions_overdue);
  g_clear_pointer (&after, isaf_period_report_free);

  /* An action with no start date belongs to its cycle's year, and only to it. */
  g_clear_pointer (&future, isaf_period_report_free);
  g_clear_pointer (&future_after, isaf_period_report_free);
  g_clear_pointer (&before, isaf_period_report_free);
  future = load_checked (fixture, ISAF_PERIOD_YEAR, fixture->last_year + 2, 0);
  before = load_checked (fixture, ISAF_PERIOD_HALF_YEAR, fixture->last_year, 2);
  edit (fixture, "UPDATE jaap_action SET start_on = NULL, end_on = NULL WHERE hex (id) = ?1",
        action, NULL);
  future_after = load_checked (fixture, ISAF_PERIOD_YEAR, fixture->last_year + 2, 0);
  after = load_checked (fixture, ISAF_PERIOD_HALF_YEAR, fixture->last_year, 2);
  g_assert_cmpint (future_after->actions_total, ==, future->actions_total - 1);
  g_assert_cmpint (after->actions_total, ==, before->actions_total + 1);
  g_assert_cmpint (after->actions_overdue, ==, before->actions_overdue);
}

/* Bad periods and empty databases --------------------------------------------------------- */

static void
test_bad_periods (IsafTestFixture *fixture,
                  gconstpointer    data)
{
  /* Each refusal says what to fix: the month's range, or the year's. */
  static const struct { IsafPeriodKind kind; int year; int month; const char *says; } bad[] = {
    { ISAF_PERIOD_HALF_YEAR, 2025, 0, "1 to 12" },
    { ISAF_PERIOD_HALF_YEAR, 2025, 13, "1 to 12" },
    { ISAF_PERIOD_HALF_YEAR, 2025, -6, "1 to 12" },
    { ISAF_PERIOD_HALF_YEAR, 1999, 3, "2000 and 2200" },
    { ISAF_PERIOD_YEAR, 1999, 0, "2000 and 2200" },
    { ISAF_PERIOD_YEAR, 2201, 1, "2000 and 2200" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(IsafPeriodReport) report = isaf_period_report_load (fixture->database,
                                                                    bad[i].kind, bad[i].year,
                                                                    bad[i].month, &error);

      g_assert_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_OUT_OF_RANGE);
      g_assert_null (report);
      g_assert_nonnull (strstr (error->message, bad[i].says));
    }

  /* The ends of the range are years, and a year's report ignores the month. */
  {
    g_autoptr(IsafPeriodReport) first = load (fixture->database, ISAF_PERIOD_YEAR, 2000, 0);
    g_autoptr(IsafPeriodReport) last = load (fixture->database, ISAF_PERIOD_HALF_YEAR, 2200, 12);
    g_autoptr(IsafPeriodReport) any = load (fixture->database, ISAF_PERIOD_YEAR, 2025, 99);

    g_assert_cmpstr (first->start_on, ==, "2000-01-01");
    g_assert_cmpstr (first->end_on, ==, "2000-12-31");
    g_assert_cmpstr (last->start_on, ==, "2200-07-01");
    g_assert_cmpstr (last->end_on, ==, "2200-12-31");
    g_assert_cmpint (any->half, ==, 0);
  }
}

static void
assert_nothing (const IsafPeriodReport *report,
                gint64                  villages)
{
  IsafPeriodReport zero;

  memset (&zero, 0, sizeof zero);
  g_assert_false (report->has_share);
  g_assert_cmpfloat (report->share_completed_or_ongoing, ==, 0);
  g_assert_cmpint (report->actions_total, ==, 0);
  g_assert_cmpint (report->jaapc_meetings, ==, 0);
  g_assert_cmpint (report->participation_total.people, ==, 0);
  g_assert_cmpint (report->cafs_active, ==, 0);
  g_assert_cmpint (report->budget_total.planned_riel, ==, 0);
  g_assert_cmpint (report->service_units, ==, 0);
  g_assert_cmpint (report->villages, ==, villages);
  /* Every figure, not only those: the figures run from actions_total to the end. */
  g_assert_cmpmem (&report->actions_total,
                   G_STRUCT_OFFSET (IsafPeriodReport, villages)
                   - G_STRUCT_OFFSET (IsafPeriodReport, actions_total),
                   &zero.actions_total,
                   G_STRUCT_OFFSET (IsafPeriodReport, villages)
                   - G_STRUCT_OFFSET (IsafPeriodReport, actions_total));
  g_assert_cmpint (report->villages_reached, ==, 0);
}

/* A database without a commune, and a commune without any cycle: zeros, no share. */
static void
test_empty (IsafTestFixture *fixture,
            gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafDatabase) database = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "empty.sqlite", NULL);
  g_autoptr(IsafPeriodReport) report = NULL;
  g_autoptr(IsafPeriodReport) commune = NULL;
  g_autofree char *csv = NULL;

  database = isaf_database_open (path, ISAF_DATABASE_OPEN_CREATE_NEW, &error);
  g_assert_no_error (error);
  report = load (database, ISAF_PERIOD_HALF_YEAR, 2025, 7);
  g_assert_null (report->commune_code);
  assert_nothing (report, 0);
  isaf_database_close (database);

  /* The commune's villages are there from the start. */
  commune = load (fixture->database, ISAF_PERIOD_YEAR, 2025, 0);
  g_assert_cmpstr (commune->commune_code, ==, ISAF_TEST_COMMUNE);
  assert_nothing (commune, BANTEAY_NEANG_VILLAGES);

  /* No share is an empty field, never 0. */
  csv = isaf_period_report_csv_format (commune);
  g_assert_nonnull (strstr (csv, "\r\nactions,share_completed_or_ongoing,\r\n"));
  g_assert_nonnull (strstr (csv, "\r\nactions,total,0\r\n"));
}

/* CSV ------------------------------------------------------------------------------------- */

/* RFC 4180 after the byte order mark, read back: rows of fields, CRLF line ends, quoted
 * fields with doubled quotes. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  gboolean quoted = FALSE;

  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF"));
  for (const char *p = text + 3; *p; p++)
    {
      if (quoted)
        {
          if (*p == '"' && p[1] == '"')
            g_string_append_c (field, *p++);
          else if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, *p);
        }
      else if (*p == '"')
        {
          g_assert_cmpuint (field->len, ==, 0);
          quoted = TRUE;
        }
      else if (*p == ',')
        {
          g_ptr_array_add (row, g_strdup (field->str));
          g_string_truncate (field, 0);
        }
      else if (*p == '\r')
        {
          g_assert_cmpint (p[1], ==, '\n');
          p++;
          g_ptr_array_add (row, g_strdup (field->str));
          g_string_truncate (field, 0);
          g_ptr_array_add (rows, row);
          row = g_ptr_array_new_with_free_func (g_free);
        }
      else
        {
          g_assert_cmpint (*p, !=, '\n');
          g_string_append_c (field, *p);
        }
    }
  /* Every row ends with its line end. */
  g_assert_false (quoted);
  g_assert_cmpuint (row->len, ==, 0);
  g_assert_cmpuint (field->len, ==, 0);
  g_ptr_array_unref (row);
  g_string_free (field, TRUE);
  return rows;
}

/* The value of "section,item", which must be there once. */
static const char *
csv_value (GPtrArray  *rows,
           const char *section,
           const char *item)
{
  const char *value = NULL;

  for (guint i = 1; i < rows->len; i++)
    {
      GPtrArray *row = g_ptr_array_index (rows, i);

      if (g_str_equal (g_ptr_array_index (row, 0), section)
          && g_str_equal (g_ptr_array_index (row, 1), item))
        {
          g_assert_null (value);
          value = g_ptr_array_index (row, 2);
        }
    }
  g_assert_nonnull (value);
  return value;
}

static void
assert_csv_integer (GPtrArray  *rows,
                    const char *section,
                    const char *item,
                    gint64      expected)
{
  const char *value = csv_value (rows, section, item);
  gint64 parsed = 0;

  g_assert_true (g_ascii_string_to_signed (value, 10, 0, G_MAXINT64, &parsed, NULL));
  g_assert_cmpint (parsed, ==, expected);
}

/* A locale whose decimal separator is a comma, or NULL when none is installed. */
static char *
comma_locale (void)
{
  static const char * const candidates[] = {
    "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8", "ru_RU.UTF-8", "ru_RU.utf8",
    "es_ES.UTF-8", "es_ES.utf8", "it_IT.UTF-8", "it_IT.utf8", "nl_NL.UTF-8", "nl_NL.utf8",
    "pt_BR.UTF-8", "pt_BR.utf8",
  };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (setlocale (LC_NUMERIC, candidates[i]) != NULL
        && g_str_equal (localeconv ()->decimal_point, ","))
      return g_strdup (candidates[i]);
  return NULL;
}

static void
test_csv (DemoFixture   *fixture,
          gconstpointer  data)
{
  g_autoptr(IsafPeriodReport) report = load_checked (fixture, ISAF_PERIOD_YEAR,
                                                     fixture->last_year, 0);
  g_autofree char *csv = isaf_period_report_csv_format (report);
  g_autoptr(GPtrArray) rows = parse_csv (csv);
  char share[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *previous = g_strdup (setlocale (LC_NUMERIC, NULL));
  g_autofree char *comma = NULL;
  GPtrArray *header = g_ptr_array_index (rows, 0);

  g_ascii_formatd (share, sizeof share, "%.3f", report->share_completed_or_ongoing);
  g_assert_true (g_utf8_validate (csv, -1, NULL));
  g_assert_cmpuint (header->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (header, 0), ==, "section");
  g_assert_cmpstr (g_ptr_array_index (header, 1), ==, "item");
  g_assert_cmpstr (g_ptr_array_index (header, 2), ==, "value");
  for (guint i = 0; i < rows->len; i++)
    g_assert_cmpuint (((GPtrArray *) g_ptr_array_index (rows, i))->len, ==, 3);
  /* The period, 11 action, 6 meeting, 5 × 7 participation, 7 CAF, 20 budget, 4 I4C rows. */
  g_assert_cmpuint (rows->len, ==, 1 + 7 + 11 + 6 + 35 + 7 + 10 + 10 + 2 + 4);

  g_assert_cmpstr (csv_value (rows, "period", "kind"), ==, "year");
  g_assert_cmpstr (csv_value (rows, "period", "start_on"), ==, report->start_on);
  g_assert_cmpstr (csv_value (rows, "period", "commune_code"), ==, ISAF_TEST_COMMUNE);
  assert_csv_integer (rows, "actions", "completed", report->actions_completed);
  assert_csv_integer (rows, "actions", "overdue", report->actions_overdue);
  assert_csv_integer (rows, "actions", "estimated_cost_riel", report->estimated_cost_riel);
  assert_csv_integer (rows, "meetings", "jaapc_members_present", report->jaapc_members_present);
  assert_csv_integer (rows, "participation", "total.women", report->participation_total.women);
  assert_csv_integer (rows, "participation", "scorecards.id_poor",
                      report->participation[ISAF_PERIOD_SOURCE_SCORECARDS].id_poor);
  assert_csv_integer (rows, "cafs", "trained_m3", report->cafs_trained[2]);
  assert_csv_integer (rows, "budget_category", "caf_support.spent_riel",
                      report->budget_by_category[ISAF_AWPB_CAF_SUPPORT].spent_riel);
  assert_csv_integer (rows, "budget_fund_source", "commune_fund.planned_riel",
                      report->budget_by_source[ISAF_FUND_COMMUNE_FUND].planned_riel);
  assert_csv_integer (rows, "budget", "planned_riel", report->budget_total.planned_riel);
  assert_csv_integer (rows, "i4c", "villages_reached", report->villages_reached);
  g_assert_true (report->has_share);
  g_assert_cmpstr (csv_value (rows, "actions", "share_completed_or_ongoing"), ==, share);
  g_assert_nonnull (strchr (share, '.'));

  /* A value that needs quotes reads back whole. */
  {
    IsafPeriodReport odd = *report;
    g_autofree char *odd_csv = NULL;
    g_autoptr(GPtrArray) odd_rows = NULL;

    odd.commune_code = "01,\"02\"\r\n03";
    odd_csv = isaf_period_report_csv_format (&odd);
    odd_rows = parse_csv (odd_csv);
    g_assert_cmpstr (csv_value (odd_rows, "period", "commune_code"), ==, odd.commune_code);
    g_assert_cmpuint (odd_rows->len, ==, rows->len);
  }

  /* A dot whatever the locale. */
  comma = comma_locale ();
  if (comma == NULL)
    {
      setlocale (LC_NUMERIC, previous);
      g_test_skip ("No installed locale writes numbers with a decimal comma");
      return;
    }
  {
    g_autofree char *local = g_strdup_printf ("%.3f", report->share_completed_or_ongoing);
    g_autofree char *comma_csv = isaf_period_report_csv_format (report);
    g_autoptr(GPtrArray) comma_rows = parse_csv (comma_csv);

    setlocale (LC_NUMERIC, previous);
    g_test_message ("Decimal comma locale: %s", comma);
    g_assert_nonnull (strchr (local, ','));
    g_assert_cmpstr (csv_value (comma_rows, "actions", "share_completed_or_ongoing"), ==, share);
    g_assert_cmpstr (comma_csv, ==, csv);
  }
}

/* Async ----------------------------------------------------------------------------------- */

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  IsafPeriodReport **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = isaf_period_report_load_finish (ISAF_DATABASE (source), result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*out);
}

static void
on_refused_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_null (isaf_period_report_load_finish (ISAF_DATABASE (source), result, &error));
  g_assert_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_OUT_OF_RANGE);
  *done = TRUE;
}

static void
test_async (DemoFixture   *fixture,
            gconstpointer  data)
{
  g_autoptr(IsafPeriodReport) report = NULL;
  g_autoptr(IsafPeriodReport) sync = load_checked (fixture, ISAF_PERIOD_HALF_YEAR,
                                                   fixture->last_year, 11);
  gboolean refused = FALSE;

  isaf_period_report_load_async (fixture->base.database, ISAF_PERIOD_HALF_YEAR,
                                 fixture->last_year, 11, NULL, on_loaded_cb, &report);
  while (report == NULL)
    g_main_context_iteration (NULL, TRUE);
  assert_period (report, fixture->last_year, 2);
  assert_reports_equal (report, sync);

  isaf_period_report_load_async (fixture->base.database, ISAF_PERIOD_HALF_YEAR,
                                 fixture->last_year, 0, NULL, on_refused_cb, &refused);
  while (!refused)
    g_main_context_iteration (NULL, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD_DEMO(path, func) \
  g_test_add (path, DemoFixture, NULL, demo_fixture_setup, func, demo_fixture_teardown)
#define ADD(path, func) \
  g_test_add (path, IsafTestFixture, NULL, isaf_test_fixture_setup_store, func, \
              isaf_test_fixture_teardown)

  ADD_DEMO ("/period-report/demo-figures", test_demo_figures);
  ADD_DEMO ("/period-report/halves-make-the-year", test_halves_make_the_year);
  ADD_DEMO ("/period-report/edit-meetings", test_edit_meetings);
  ADD_DEMO ("/period-report/edit-tally-budget-cycle", test_edit_tally_budget_cycle);
  ADD_DEMO ("/period-report/edit-statuses", test_edit_statuses);
  ADD_DEMO ("/period-report/edit-cafs-and-dates", test_edit_cafs_and_dates);
  ADD ("/period-report/bad-periods", test_bad_periods);
  ADD ("/period-report/empty", test_empty);
  ADD_DEMO ("/period-report/csv", test_csv);
  ADD_DEMO ("/period-report/async", test_async);

#undef ADD
#undef ADD_DEMO

  return g_test_run ();
}
