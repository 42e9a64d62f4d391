/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-period-report"

#include "config.h"

#include "isaf-csv.h"
#include "isaf-period-report-csv.h"

/* The period report's figures as "section,item,value" rows, built whole in memory (about a
 * hundred rows). The order and the keys are documented in the header. */

static const char * const columns[] = { "section", "item", "value" };

/* One row; a NULL value is an empty field. */
static void
append_row (GString    *csv,
            const char *section,
            const char *item,
            const char *value)
{
  isaf_csv_append_value (csv, section);
  isaf_csv_append_value (csv, item);
  isaf_csv_append_value (csv, value);
  isaf_csv_end_line (csv);
}

static void
append_integer (GString    *csv,
                const char *section,
                const char *item,
                gint64      value)
{
  char buffer[24];

  g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT, value);
  append_row (csv, section, item, buffer);
}

/* "<prefix>.<name>" as the item. */
static void
append_keyed (GString    *csv,
              const char *section,
              const char *prefix,
              const char *name,
              gint64      value)
{
  g_autofree char *item = g_strconcat (prefix, ".", name, NULL);

  append_integer (csv, section, item, value);
}

static void
append_period (GString                *csv,
               const IsafPeriodReport *report)
{
  append_row (csv, "period", "kind", report->kind == ISAF_PERIOD_YEAR ? "year" : "half_year");
  append_integer (csv, "period", "year", report->year);
  append_integer (csv, "period", "half", report->half);
  append_row (csv, "period", "start_on", report->start_on);
  append_row (csv, "period", "end_on", report->end_on);
  append_row (csv, "period", "computed_on", report->today);
  append_row (csv, "period", "commune_code", report->commune_code);
}

static void
append_actions (GString                *csv,
                const IsafPeriodReport *report)
{
  char share[G_ASCII_DTOSTR_BUF_SIZE];

  append_integer (csv, "actions", "total", report->actions_total);
  append_integer (csv, "actions", "not_started", report->actions_not_started);
  append_integer (csv, "actions", "ongoing", report->actions_ongoing);
  append_integer (csv, "actions", "completed", report->actions_completed);
  append_integer (csv, "actions", "cancelled", report->actions_cancelled);
  append_integer (csv, "actions", "overdue", report->actions_overdue);
  append_integer (csv, "actions", "group_ka", report->actions_ka);
  append_integer (csv, "actions", "group_kha", report->actions_kha);
  append_row (csv, "actions", "share_completed_or_ongoing",
              report->has_share ? g_ascii_formatd (share, sizeof share, "%.3f",
                                                   report->share_completed_or_ongoing)
                                : NULL);
  append_integer (csv, "actions", "estimated_cost_riel", report->estimated_cost_riel);
  append_integer (csv, "actions", "actual_cost_riel", report->actual_cost_riel);
}

static void
append_meetings (GString                *csv,
                 const IsafPeriodReport *report)
{
  append_integer (csv, "meetings", "jaapc", report->jaapc_meetings);
  append_integer (csv, "meetings", "jaapc_members_present", report->jaapc_members_present);
  append_integer (csv, "meetings", "dissemination", report->dissemination_meetings);
  append_integer (csv, "meetings", "community_scorecards", report->community_scorecards);
  append_integer (csv, "meetings", "self_assessments", report->self_assessments);
  append_integer (csv, "meetings", "interface", report->interface_meetings);
}

static void
append_participation (GString                       *csv,
                      const char                    *source,
                      const IsafPeriodParticipation *part)
{
  append_keyed (csv, "participation", source, "people", part->people);
  append_keyed (csv, "participation", source, "women", part->women);
  append_keyed (csv, "participation", source, "men", part->men);
  append_keyed (csv, "participation", source, "youth", part->youth);
  append_keyed (csv, "participation", source, "disability", part->disability);
  append_keyed (csv, "participation", source, "ethnic_minority", part->ethnic_minority);
  append_keyed (csv, "participation", source, "id_poor", part->id_poor);
}

static void
append_cafs (GString                *csv,
             const IsafPeriodReport *report)
{
  append_integer (csv, "cafs", "active", report->cafs_active);
  append_integer (csv, "cafs", "women", report->cafs_women);
  for (guint i = 0; i < ISAF_PERIOD_N_TRAINING_MODULES; i++)
    {
      g_autofree char *item = g_strdup_printf ("trained_m%u", i + 1);

      append_integer (csv, "cafs", item, report->cafs_trained[i]);
    }
  append_integer (csv, "cafs", "village_officials", report->cafs_village_officials);
}

static void
append_budget (GString                *csv,
               const char             *section,
               const char             *key,
               const IsafPeriodBudget *budget)
{
  append_keyed (csv, section, key, "planned_riel", budget->planned_riel);
  append_keyed (csv, section, key, "spent_riel", budget->spent_riel);
}

static void
append_coverage (GString                *csv,
                 const IsafPeriodReport *report)
{
  append_integer (csv, "i4c", "service_units", report->service_units);
  append_integer (csv, "i4c", "service_units_with_i4c", report->service_units_with_i4c);
  append_integer (csv, "i4c", "villages", report->villages);
  append_integer (csv, "i4c", "villages_reached", report->villages_reached);
}

/**
 * isaf_period_report_csv_format:
 * @report: a period report
 *
 * Returns: (transfer full): the CSV text, its header row included
 */
char *
isaf_period_report_csv_format (const IsafPeriodReport *report)
{
  GString *csv;

  g_return_val_if_fail (report != NULL, NULL);

  csv = isaf_csv_new ();
  isaf_csv_append_header (csv, columns, G_N_ELEMENTS (columns));
  append_period (csv, report);
  append_actions (csv, report);
  append_meetings (csv, report);

  for (guint i = 0; i < ISAF_PERIOD_N_SOURCES; i++)
    append_participation (csv, isaf_period_source_get_key (i), &report->participation[i]);
  append_participation (csv, "total", &report->participation_total);

  append_cafs (csv, report);

  for (guint i = 0; i < ISAF_N_AWPB_CATEGORIES; i++)
    append_budget (csv, "budget_category", isaf_awpb_category_to_string (i),
                   &report->budget_by_category[i]);
  for (guint i = 0; i < ISAF_N_FUND_SOURCES; i++)
    append_budget (csv, "budget_fund_source", isaf_fund_source_to_string (i),
                   &report->budget_by_source[i]);
  append_integer (csv, "budget", "planned_riel", report->budget_total.planned_riel);
  append_integer (csv, "budget", "spent_riel", report->budget_total.spent_riel);

  append_coverage (csv, report);
  return g_string_free (csv, FALSE);
}
