/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isaf-context.h"

G_BEGIN_DECLS

#define ISAF_TYPE_SYNC_INDICATOR (isaf_sync_indicator_get_type ())

G_DECLARE_FINAL_TYPE (IsafSyncIndicator, isaf_sync_indicator, ISAF, SYNC_INDICATOR, GtkButton)

GtkWidget  *isaf_sync_indicator_new            (IsafContext   *context);

/* Shared with the Sync page, so that both say the same thing the same way. */
const char *isaf_sync_indicator_get_icon_name  (IsafSyncState  state);
const char *isaf_sync_indicator_get_title      (IsafSyncState  state);
char       *isaf_sync_indicator_format_time    (IsafContext   *context,
                                                gint64         unix_seconds);
char       *isaf_sync_indicator_describe_retry (IsafContext   *context,
                                                gint64         next_run);

G_END_DECLS
