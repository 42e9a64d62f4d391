/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "isaf-canvas.h"
#include "isaf-interface-report.h"
#include "isaf-poster.h"

G_BEGIN_DECLS

/* The comparison sheet of an interface meeting (A4 portrait): for each unit it covered and
 * each indicator, the citizens' median beside the provider's, and the gap between them in
 * bars and in words. Starts a new page, and takes more when the indicators need them. */
gboolean  isaf_interface_sheet_draw        (IsafCanvas                       *canvas,
                                            const IsafInterfaceReport        *report,
                                            const IsafInterfaceReportMeeting *meeting,
                                            IsafPosterLanguage                language,
                                            GError                          **error);
/* One PDF document with the sheet of every meeting of @report, in its order. */
GBytes   *isaf_interface_sheet_render_pdf  (const IsafInterfaceReport        *report,
                                            IsafPosterLanguage                language,
                                            GError                          **error);

G_END_DECLS
