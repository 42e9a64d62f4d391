/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isaf-context.h"

G_BEGIN_DECLS

#define ISAF_TYPE_REPORTS_PAGE (isaf_reports_page_get_type ())

G_DECLARE_FINAL_TYPE (IsafReportsPage, isaf_reports_page, ISAF, REPORTS_PAGE, AdwBin)

GtkWidget *isaf_reports_page_new (IsafContext *context);

G_END_DECLS
