/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isaf-period-report.h"

G_BEGIN_DECLS

/* Shared by isaf-period-report*.c; everything here runs on the database thread.
 *
 * Statements name the period by parameters, bound from the report for every statement:
 * :start and :end (P, YYYY-MM-DD), :today, :year, and :half (1 or 2, or 0 for a year). */

/* Runs @sql, which returns one row of @n_fields integers, into *@fields[0] … */
gboolean isaf_period_report_read_integers      (IsafDatabase      *database,
                                                const char        *sql,
                                                IsafPeriodReport  *report,
                                                gint64     * const *fields,
                                                guint              n_fields,
                                                GError           **error);
/* @sql prepared (once per connection) with the period's values bound, or NULL. */
sqlite3_stmt *isaf_period_report_prepare       (IsafDatabase      *database,
                                                const char        *sql,
                                                IsafPeriodReport  *report,
                                                GError           **error);

gboolean isaf_period_report_read_actions       (IsafDatabase      *database,
                                                IsafPeriodReport  *report,
                                                GError           **error);
gboolean isaf_period_report_read_meetings      (IsafDatabase      *database,
                                                IsafPeriodReport  *report,
                                                GError           **error);
gboolean isaf_period_report_read_participation (IsafDatabase      *database,
                                                IsafPeriodReport  *report,
                                                GError           **error);
gboolean isaf_period_report_read_cafs          (IsafDatabase      *database,
                                                IsafPeriodReport  *report,
                                                GError           **error);
gboolean isaf_period_report_read_budget        (IsafDatabase      *database,
                                                IsafPeriodReport  *report,
                                                GError           **error);
gboolean isaf_period_report_read_coverage      (IsafDatabase      *database,
                                                IsafPeriodReport  *report,
                                                GError           **error);

G_END_DECLS
