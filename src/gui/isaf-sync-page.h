/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isaf-context.h"

G_BEGIN_DECLS

#define ISAF_TYPE_SYNC_PAGE (isaf_sync_page_get_type ())

G_DECLARE_FINAL_TYPE (IsafSyncPage, isaf_sync_page, ISAF, SYNC_PAGE, AdwBin)

GtkWidget *isaf_sync_page_new         (IsafContext  *context);
gboolean   isaf_sync_page_get_loading (IsafSyncPage *self);

G_END_DECLS
