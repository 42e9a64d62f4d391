/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isaf-database.h"
#include "isaf-format.h"
#include "isaf-store.h"
#include "isaf-sync-scheduler.h"

G_BEGIN_DECLS

#define ISAF_TYPE_CONTEXT (isaf_context_get_type ())

G_DECLARE_FINAL_TYPE (IsafContext, isaf_context, ISAF, CONTEXT, GObject)

IsafContext       *isaf_context_new                (IsafDatabase *database,
                                                    GSettings    *settings);
IsafDatabase      *isaf_context_get_database       (IsafContext  *self);
IsafStore         *isaf_context_get_store          (IsafContext  *self);
IsafSyncScheduler *isaf_context_get_sync_scheduler (IsafContext  *self);
GSettings         *isaf_context_get_settings       (IsafContext  *self);
char              *isaf_context_dup_commune_code   (IsafContext  *self);
int                isaf_context_get_year           (IsafContext  *self);
void               isaf_context_set_year           (IsafContext  *self,
                                                    int           year);
IsafDigits         isaf_context_get_digits         (IsafContext  *self);
char              *isaf_context_format_integer     (IsafContext  *self,
                                                    gint64        value);
char              *isaf_context_format_digits      (IsafContext  *self,
                                                    const char   *text);
void               isaf_context_data_changed       (IsafContext  *self,
                                                    const char   *table);
void               isaf_context_add_toast          (IsafContext  *self,
                                                    AdwToast     *toast);
void               isaf_context_report_error       (IsafContext  *self,
                                                    const GError *error);

G_END_DECLS
