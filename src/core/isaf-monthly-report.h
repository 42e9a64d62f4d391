/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "isaf-database.h"
#include "isaf-jaap.h"
#include "isaf-jaapc-meeting.h"

G_BEGIN_DECLS

/* The monthly report of the JAAP Committee (DOMAIN.md, step 8): each meeting the committee held
 * in one calendar month, who came, where every action of the plan it follows stood at that
 * meeting, and what it decided.
 *
 * - The month is the calendar month of the meetings' dates, whatever the year of the plan they
 *   follow (a plan agreed in June runs into the next year).
 * - An action's status at a meeting is the status the meeting recorded for it; an action the
 *   meeting did not review keeps the status it had on that day (its latest status change on
 *   or before it, else not started).
 * - Overdue at a meeting: past its end date on the day of the meeting, and still not started
 *   or ongoing there.
 * - Only the plan's steps count in the figures (an action with sub-actions is the heading of
 *   its steps), so that nothing is counted twice. */

typedef struct {
  IsafJaapcMeeting *meeting;
  /* The plan the meeting follows. */
  IsafJaap *jaap;
  /* The jaapc_member rows of those present, by role then name. */
  GPtrArray *present;
  /* For each entry of jaap, its status at the meeting (IsafJaapStatus, guint8) and whether it
   * was overdue then (gboolean as guint8). */
  GArray *statuses;
  GArray *overdue;
  /* Of the plan's steps: */
  guint by_status[ISAF_N_JAAP_STATUSES];
  guint n_steps;
  guint n_overdue;
  guint n_reviewed;
  guint n_women_present;
  gint64 estimated_riel;
  gint64 spent_riel;
} IsafMonthlyReportMeeting;

typedef struct {
  int year;
  int month;
  char *commune_code;
  /* IsafMonthlyReportMeeting, by date. */
  GPtrArray *meetings;
} IsafMonthlyReport;

void               isaf_monthly_report_free      (IsafMonthlyReport *report);

/* The report of @month (1–12) of @year. A month without a committee meeting, or a month or
 * year out of range, is refused with a message that says so. */
IsafMonthlyReport *isaf_monthly_report_load      (IsafDatabase      *database,
                                                  int                year,
                                                  int                month,
                                                  GError           **error);

/* UTF-8 CSV (RFC 4180, with a byte order mark for spreadsheets), one row per meeting and
 * action: held_on, group, number, depth, activity, status, overdue (0/1), reviewed (0/1),
 * note, cost_spent_riel, estimated_cost_riel, end_on. Machine keys in English; raw values. */
char              *isaf_monthly_report_csv_format (const IsafMonthlyReport *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafMonthlyReport, isaf_monthly_report_free)

G_END_DECLS
