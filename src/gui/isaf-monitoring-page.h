/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isaf-context.h"

G_BEGIN_DECLS

#define ISAF_TYPE_MONITORING_PAGE (isaf_monitoring_page_get_type ())

G_DECLARE_FINAL_TYPE (IsafMonitoringPage, isaf_monitoring_page, ISAF, MONITORING_PAGE, AdwBin)

GtkWidget *isaf_monitoring_page_new          (IsafContext        *context);
/* Whether the year's meetings, plan or committee are still being read. */
gboolean   isaf_monitoring_page_get_loading  (IsafMonitoringPage *self);
/* How many actions of the plan shown are overdue today. */
guint      isaf_monitoring_page_get_n_overdue (IsafMonitoringPage *self);

G_END_DECLS
