/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-period-report"

#include "config.h"

#include "isaf-period-report-private.h"
#include "isaf-stage-rows.h"

/* What happened in a period besides the JAAP: the meetings held, who took part in them, the
 * facilitators, the budget and the reach of the I4C. Each figure is one statement; the
 * header says what each one counts. */

/* The live meetings of @table (alias m) of a live cycle (alias c) held in P. */
#define HELD_IN_PERIOD(table) \
  "FROM " table " m JOIN cycle c ON c.id = m.cycle_id " \
  "WHERE m.deleted = 0 AND c.deleted = 0 AND m.held_on BETWEEN :start AND :end"

/* Scorecards also belong to their service unit. */
#define SCORECARDS_HELD_IN_PERIOD \
  "FROM scorecard m JOIN cycle c ON c.id = m.cycle_id " \
  "JOIN service_unit u ON u.id = m.service_unit_id " \
  "WHERE m.deleted = 0 AND c.deleted = 0 AND u.deleted = 0 " \
  "AND m.held_on BETWEEN :start AND :end"

static const char meetings_sql[] =
  "SELECT (SELECT count(*) " HELD_IN_PERIOD ("jaapc_meeting") "), "
  "  (SELECT count(*) " HELD_IN_PERIOD ("dissemination_meeting") "), "
  "  (SELECT count(*) " SCORECARDS_HELD_IN_PERIOD " AND m.kind = 'csc'), "
  "  (SELECT count(*) " SCORECARDS_HELD_IN_PERIOD " AND m.kind = 'ssa'), "
  "  (SELECT count(*) " HELD_IN_PERIOD ("interface_meeting") ")";

/* The columns of IsafPeriodParticipation, summed from rows of (category, count) as the
 * dissemination attendance and the scorecard tally sheets record them. */
#define SUM_OF(t, condition) \
  "coalesce (sum (" t ".count) FILTER (WHERE " t ".category " condition "), 0)"
#define CATEGORY_SUMS(t) \
  SUM_OF (t, "IN ('women', 'men')") ", " SUM_OF (t, "= 'women'") ", " \
  SUM_OF (t, "= 'men'") ", " SUM_OF (t, "= 'youth'") ", " SUM_OF (t, "= 'disability'") ", " \
  SUM_OF (t, "= 'ethnic_minority'") ", " SUM_OF (t, "= 'id_poor'")

static const char dissemination_people_sql[] =
  "SELECT " CATEGORY_SUMS ("a") " FROM dissemination_attendance a "
  "JOIN (SELECT m.id " HELD_IN_PERIOD ("dissemination_meeting") ") h ON h.id = a.meeting_id "
  "WHERE a.deleted = 0";

/* One row per participant recorded one by one, then the tally sheets' counts. */
static const char scorecard_people_sql[] =
  "WITH held (id) AS (SELECT m.id " SCORECARDS_HELD_IN_PERIOD "), "
  "person (people, women, men, youth, disability, ethnic_minority, id_poor) AS ("
  "  SELECT 1, p.sex = 'f', p.sex = 'm', p.is_youth, p.has_disability, "
  "    p.is_ethnic_minority, p.is_id_poor "
  "  FROM scorecard_participant p JOIN held h ON h.id = p.scorecard_id WHERE p.deleted = 0 "
  "  UNION ALL "
  "  SELECT " CATEGORY_SUMS ("t")
  "  FROM scorecard_participant_tally t JOIN held h ON h.id = t.scorecard_id "
  "  WHERE t.deleted = 0) "
  "SELECT coalesce (sum (people), 0), coalesce (sum (women), 0), coalesce (sum (men), 0), "
  "  coalesce (sum (youth), 0), coalesce (sum (disability), 0), "
  "  coalesce (sum (ethnic_minority), 0), coalesce (sum (id_poor), 0) FROM person";

/* Everybody at the interface meeting is one of the people; only citizens are counted by
 * sex, and nobody by group. */
static const char interface_people_sql[] =
  "SELECT coalesce (sum (a.count), 0), "
  "  coalesce (sum (a.count) FILTER (WHERE a.category = 'citizen_women'), 0), "
  "  coalesce (sum (a.count) FILTER (WHERE a.category = 'citizen_men'), 0), 0, 0, 0, 0 "
  "FROM interface_attendance a "
  "JOIN (SELECT m.id " HELD_IN_PERIOD ("interface_meeting") ") h ON h.id = a.meeting_id "
  "WHERE a.deleted = 0";

/* Attendance belongs to the member too: a member deleted as a mistake was never there. */
static const char jaapc_people_sql[] =
  "SELECT count(*), count(*) FILTER (WHERE p.sex = 'f'), count(*) FILTER (WHERE p.sex = 'm'), "
  "  0, 0, 0, 0 "
  "FROM jaapc_attendance a "
  "JOIN (SELECT m.id " HELD_IN_PERIOD ("jaapc_meeting") ") h ON h.id = a.meeting_id "
  "JOIN jaapc_member p ON p.id = a.member_id "
  "WHERE a.deleted = 0 AND p.deleted = 0";

static const char * const people_sql[ISAF_PERIOD_N_SOURCES] = {
  [ISAF_PERIOD_SOURCE_DISSEMINATION] = dissemination_people_sql,
  [ISAF_PERIOD_SOURCE_SCORECARDS] = scorecard_people_sql,
  [ISAF_PERIOD_SOURCE_INTERFACE] = interface_people_sql,
  [ISAF_PERIOD_SOURCE_JAAPC] = jaapc_people_sql,
};

#define TRAINED_IN(module) \
  "(SELECT count(DISTINCT t.caf_id) FROM caf_training t JOIN active a ON a.id = t.caf_id " \
  " WHERE t.deleted = 0 AND t.module = '" module "' " \
  " AND (t.trained_on IS NULL OR t.trained_on <= :end))"

static const char cafs_sql[] =
  "WITH active AS (SELECT id, sex, is_village_official FROM caf WHERE deleted = 0 "
  "  AND (selected_on IS NULL OR selected_on <= :end) "
  "  AND (left_on IS NULL OR left_on > :start)) "
  "SELECT (SELECT count(*) FROM active), "
  "  (SELECT count(*) FROM active WHERE sex = 'f'), "
  "  " TRAINED_IN ("M1") ", " TRAINED_IN ("M2") ", " TRAINED_IN ("M3") ", " TRAINED_IN ("M4") ", "
  "  (SELECT count(*) FROM active WHERE is_village_official = 1)";

/* A half year takes the lines of its two quarters; the year takes every line. */
static const char budget_sql[] =
  "SELECT l.category, l.fund_source, coalesce (sum (l.amount_riel), 0), "
  "  coalesce (sum (l.spent_riel), 0) "
  "FROM awpb_line l JOIN cycle c ON c.id = l.cycle_id "
  "WHERE l.deleted = 0 AND c.deleted = 0 AND c.year = :year "
  "  AND (:half = 0 OR l.quarter BETWEEN 2 * :half - 1 AND 2 * :half) "
  "GROUP BY l.category, l.fund_source";

static const char coverage_sql[] =
  "SELECT (SELECT count(*) FROM service_unit WHERE deleted = 0), "
  "  (SELECT count(DISTINCT s.service_unit_id) FROM i4c_set s "
  "   JOIN cycle c ON c.id = s.cycle_id JOIN service_unit u ON u.id = s.service_unit_id "
  "   WHERE s.deleted = 0 AND c.deleted = 0 AND u.deleted = 0 AND c.year = :year), "
  "  (SELECT count(*) FROM village WHERE deleted = 0), "
  "  (SELECT count(DISTINCT m.village_id) FROM dissemination_meeting m "
  "   JOIN cycle c ON c.id = m.cycle_id JOIN village v ON v.id = m.village_id "
  "   WHERE m.deleted = 0 AND c.deleted = 0 AND v.deleted = 0 "
  "   AND m.held_on BETWEEN :start AND :end)";

gboolean
isaf_period_report_read_meetings (IsafDatabase     *database,
                                  IsafPeriodReport *report,
                                  GError          **error)
{
  gint64 * const fields[] = {
    &report->jaapc_meetings,
    &report->dissemination_meetings,
    &report->community_scorecards,
    &report->self_assessments,
    &report->interface_meetings,
  };

  return isaf_period_report_read_integers (database, meetings_sql, report, fields,
                                           G_N_ELEMENTS (fields), error);
}

gboolean
isaf_period_report_read_participation (IsafDatabase     *database,
                                       IsafPeriodReport *report,
                                       GError          **error)
{
  for (guint i = 0; i < ISAF_PERIOD_N_SOURCES; i++)
    {
      IsafPeriodParticipation *part = &report->participation[i];
      gint64 * const fields[] = {
        &part->people, &part->women, &part->men, &part->youth, &part->disability,
        &part->ethnic_minority, &part->id_poor,
      };

      if (!isaf_period_report_read_integers (database, people_sql[i], report, fields,
                                             G_N_ELEMENTS (fields), error))
        return FALSE;
    }
  return TRUE;
}

gboolean
isaf_period_report_read_cafs (IsafDatabase     *database,
                              IsafPeriodReport *report,
                              GError          **error)
{
  gint64 * const fields[] = {
    &report->cafs_active,
    &report->cafs_women,
    &report->cafs_trained[0],
    &report->cafs_trained[1],
    &report->cafs_trained[2],
    &report->cafs_trained[3],
    &report->cafs_village_officials,
  };

  G_STATIC_ASSERT (ISAF_PERIOD_N_TRAINING_MODULES == 4);
  return isaf_period_report_read_integers (database, cafs_sql, report, fields,
                                           G_N_ELEMENTS (fields), error);
}

static int
category_of (const char *key)
{
  for (guint i = 0; i < ISAF_N_AWPB_CATEGORIES; i++)
    if (g_strcmp0 (key, isaf_awpb_category_to_string (i)) == 0)
      return i;
  return -1;
}

static int
fund_source_of (const char *key)
{
  for (guint i = 0; i < ISAF_N_FUND_SOURCES; i++)
    if (g_strcmp0 (key, isaf_fund_source_to_string (i)) == 0)
      return i;
  return -1;
}

static void
add_amounts (IsafPeriodBudget *budget,
             gint64            planned,
             gint64            spent)
{
  budget->planned_riel += planned;
  budget->spent_riel += spent;
}

gboolean
isaf_period_report_read_budget (IsafDatabase     *database,
                                IsafPeriodReport *report,
                                GError          **error)
{
  sqlite3_stmt *stmt = isaf_period_report_prepare (database, budget_sql, report, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  while ((rc = isaf_stage_step_one (database, stmt, error)) == SQLITE_ROW)
    {
      int category = category_of ((const char *) sqlite3_column_text (stmt, 0));
      int source = fund_source_of ((const char *) sqlite3_column_text (stmt, 1));
      gint64 planned = sqlite3_column_int64 (stmt, 2);
      gint64 spent = sqlite3_column_int64 (stmt, 3);

      /* The schema's CHECK constraints allow no other values; a damaged row is left out
       * rather than counted under the wrong heading. */
      if (category < 0 || source < 0)
        {
          g_warning ("AWPB line with unknown category or fund source left out of the report");
          continue;
        }
      add_amounts (&report->budget_by_category[category], planned, spent);
      add_amounts (&report->budget_by_source[source], planned, spent);
      add_amounts (&report->budget_total, planned, spent);
    }
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE;
}

gboolean
isaf_period_report_read_coverage (IsafDatabase     *database,
                                  IsafPeriodReport *report,
                                  GError          **error)
{
  gint64 * const fields[] = {
    &report->service_units,
    &report->service_units_with_i4c,
    &report->villages,
    &report->villages_reached,
  };

  return isaf_period_report_read_integers (database, coverage_sql, report, fields,
                                           G_N_ELEMENTS (fields), error);
}
