/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-period-report"

#include "config.h"

#include "isaf-period-report-private.h"

/* The JAAP actions of a period, counted as the header defines them, in one statement. */

/* Live actions of live cycles whose every ancestor is live: a heading that was deleted
 * takes its actions with it even where the tombstone did not reach them (a row synced in
 * later). */
#define LIVE_ACTIONS \
  "live_action (id, parent_id) AS (" \
  "  SELECT a.id, a.parent_id FROM jaap_action a JOIN cycle c ON c.id = a.cycle_id " \
  "  WHERE a.deleted = 0 AND c.deleted = 0 AND a.parent_id IS NULL " \
  "  UNION " \
  "  SELECT a.id, a.parent_id FROM jaap_action a JOIN cycle c ON c.id = a.cycle_id " \
  "  JOIN live_action p ON p.id = a.parent_id WHERE a.deleted = 0 AND c.deleted = 0)"

#define OPEN_STATUSES "('not_started', 'ongoing')"

/* The status of the action a as of @date (a parameter name): its current status from today
 * on, else the latest change recorded by then. */
#define STATUS_AS_OF(date) \
  "CASE WHEN " date " >= :today THEN a.status ELSE coalesce (" \
  "  (SELECT s.status FROM jaap_status_change s " \
  "   WHERE s.action_id = a.id AND s.deleted = 0 AND s.changed_on <= " date \
  "   ORDER BY s.changed_on DESC, s.id DESC LIMIT 1), 'not_started') END"

static const char actions_sql[] =
  "WITH RECURSIVE " LIVE_ACTIONS ", "
  "counted AS ("
  "  SELECT a.action_group, a.end_on, a.estimated_cost_riel, a.actual_cost_riel, "
  STATUS_AS_OF (":end") " AS status "
  "  FROM jaap_action a JOIN live_action l ON l.id = a.id JOIN cycle c ON c.id = a.cycle_id "
  "  WHERE NOT EXISTS (SELECT 1 FROM live_action k WHERE k.parent_id = a.id) "
  "  AND ((a.start_on <= :end AND (a.end_on >= :start "
  "                                OR " STATUS_AS_OF (":start") " IN " OPEN_STATUSES ")) "
  "       OR (a.start_on IS NULL AND c.year = :year))) "
  "SELECT count(*), "
  "  count(*) FILTER (WHERE status = 'not_started'), "
  "  count(*) FILTER (WHERE status = 'ongoing'), "
  "  count(*) FILTER (WHERE status = 'completed'), "
  "  count(*) FILTER (WHERE status = 'cancelled'), "
  "  count(*) FILTER (WHERE status IN " OPEN_STATUSES " AND end_on < min (:end, :today)), "
  "  count(*) FILTER (WHERE action_group = 'ka'), "
  "  count(*) FILTER (WHERE action_group = 'kha'), "
  "  coalesce (sum (estimated_cost_riel), 0), "
  "  coalesce (sum (actual_cost_riel), 0) "
  "FROM counted";

gboolean
isaf_period_report_read_actions (IsafDatabase     *database,
                                 IsafPeriodReport *report,
                                 GError          **error)
{
  gint64 * const fields[] = {
    &report->actions_total,
    &report->actions_not_started,
    &report->actions_ongoing,
    &report->actions_completed,
    &report->actions_cancelled,
    &report->actions_overdue,
    &report->actions_ka,
    &report->actions_kha,
    &report->estimated_cost_riel,
    &report->actual_cost_riel,
  };

  return isaf_period_report_read_integers (database, actions_sql, report, fields,
                                           G_N_ELEMENTS (fields), error);
}
