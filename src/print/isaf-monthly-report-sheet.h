/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "isaf-canvas.h"
#include "isaf-monthly-report.h"
#include "isaf-poster.h"

G_BEGIN_DECLS

/* The monthly report of the JAAP Committee (DOMAIN.md, step 8) for one of its meetings, on A4
 * portrait pages of its own: the commune and the month; the meeting's date and place and the
 * members present; the actions of the plan it follows with their status at the meeting, those
 * overdue said in words and marked, the note and the cost spent against the estimate; the
 * totals by status; the decisions and the chair's signature. Type never shrinks; a row taller
 * than a page is refused with ISAF_PRINT_ERROR_DOES_NOT_FIT naming it. */
gboolean  isaf_monthly_report_sheet_draw        (IsafCanvas                     *canvas,
                                                 const IsafMonthlyReport        *report,
                                                 const IsafMonthlyReportMeeting *meeting,
                                                 IsafPosterLanguage              language,
                                                 GError                        **error);
/* One PDF document with the sheet of every meeting of @report, in its order. */
GBytes   *isaf_monthly_report_sheet_render_pdf  (const IsafMonthlyReport        *report,
                                                 IsafPosterLanguage              language,
                                                 GError                        **error);

G_END_DECLS
