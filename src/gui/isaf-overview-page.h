/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isaf-context.h"
#include "isaf-overview.h"

G_BEGIN_DECLS

#define ISAF_TYPE_OVERVIEW_PAGE (isaf_overview_page_get_type ())

G_DECLARE_FINAL_TYPE (IsafOverviewPage, isaf_overview_page, ISAF, OVERVIEW_PAGE, AdwBin)

GtkWidget          *isaf_overview_page_new          (IsafContext      *context);
const IsafOverview *isaf_overview_page_get_overview (IsafOverviewPage *self);
gboolean            isaf_overview_page_get_loading  (IsafOverviewPage *self);

G_END_DECLS
