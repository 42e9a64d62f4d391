/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "isaf-canvas.h"
#include "isaf-period-report.h"
#include "isaf-poster.h"

G_BEGIN_DECLS

/* The semi-annual or the annual social accountability report (DOMAIN.md, step 8) on A4
 * portrait pages of its own, its kind in its title: the commune and the period; the JAAP's
 * actions by status, the share completed or ongoing, those overdue and their costs; the
 * meetings held; who took part, per source, with a total; the facilitators; the budget by
 * category and by source of funds; the I4C coverage. Type never shrinks; a section taller
 * than a page is refused with ISAF_PRINT_ERROR_DOES_NOT_FIT. */
gboolean  isaf_period_report_sheet_draw        (IsafCanvas              *canvas,
                                                const IsafPeriodReport  *report,
                                                IsafPosterLanguage       language,
                                                GError                 **error);
/* The same as one PDF document. */
GBytes   *isaf_period_report_sheet_render_pdf  (const IsafPeriodReport  *report,
                                                IsafPosterLanguage       language,
                                                GError                 **error);

G_END_DECLS
