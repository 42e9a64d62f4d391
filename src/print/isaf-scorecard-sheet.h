/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "isaf-canvas.h"
#include "isaf-poster.h"
#include "isaf-scorecard-report.h"

G_BEGIN_DECLS

/* The result sheet of a scorecard (A4 portrait): who took part, and for each selected
 * indicator how people voted, the median and average, and the strengths, weaknesses and
 * suggested actions named. Starts a new page; takes a second one when the indicators need it. */
gboolean  isaf_scorecard_sheet_draw        (IsafCanvas                     *canvas,
                                            const IsafScorecardReport      *report,
                                            const IsafScorecardReportEntry *entry,
                                            IsafPosterLanguage              language,
                                            GError                        **error);
/* One PDF document with the sheet of every scorecard of @report, in its order. */
GBytes   *isaf_scorecard_sheet_render_pdf  (const IsafScorecardReport      *report,
                                            IsafPosterLanguage              language,
                                            GError                        **error);

G_END_DECLS
