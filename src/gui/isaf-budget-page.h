/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isaf-context.h"

G_BEGIN_DECLS

#define ISAF_TYPE_BUDGET_PAGE (isaf_budget_page_get_type ())

G_DECLARE_FINAL_TYPE (IsafBudgetPage, isaf_budget_page, ISAF, BUDGET_PAGE, AdwBin)

GtkWidget *isaf_budget_page_new         (IsafContext    *context);
/* Whether the year's budget is still being read. */
gboolean   isaf_budget_page_get_loading (IsafBudgetPage *self);

G_END_DECLS
