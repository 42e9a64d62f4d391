/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "isaf-period-report.h"

G_BEGIN_DECLS

/* A period report as CSV for spreadsheets and for the district and province: UTF-8 with a
 * byte order mark, RFC 4180 (comma-separated, CRLF line ends, a field with a comma, quote or
 * line break in double quotes; see isaf-csv.h), a header row "section,item,value", then one
 * row per figure. The keys are English
 * data, never translated, and stay stable: new figures are added as new rows, existing rows
 * are never renamed or reordered.
 *
 * Values: counts and Riel as plain integers (whole Riel, no grouping); the share as a decimal
 * with three places and a dot whatever the locale, or an empty field when there is no share;
 * dates as YYYY-MM-DD.
 *
 * Rows, in this order (see isaf-period-report.h for what each figure counts):
 *   period: kind (half_year or year), year, half (1, 2, or 0 for a year), start_on, end_on,
 *     computed_on (the day "today" was), commune_code (empty without a commune)
 *   actions: total, not_started, ongoing, completed, cancelled, overdue, group_ka, group_kha,
 *     share_completed_or_ongoing, estimated_cost_riel, actual_cost_riel
 *   meetings: jaapc, jaapc_members_present, dissemination, community_scorecards,
 *     self_assessments, interface
 *   participation: <source>.<group> for each source (dissemination, scorecards, interface,
 *     jaapc, then total) and group (people, women, men, youth, disability, ethnic_minority,
 *     id_poor), e.g. "participation,total.women,412"
 *   cafs: active, women, trained_m1, trained_m2, trained_m3, trained_m4, village_officials
 *   budget_category: <category>.planned_riel and <category>.spent_riel for jaapc_meetings,
 *     i4c_printing, caf_support, cip_activities, other
 *   budget_fund_source: <source>.planned_riel and <source>.spent_riel for commune_fund,
 *     provider_budget, line_department, development_partner, community
 *   budget: planned_riel, spent_riel
 *   i4c: service_units, service_units_with_i4c, villages, villages_reached */
char *isaf_period_report_csv_format (const IsafPeriodReport *report);

G_END_DECLS
