/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "isaf-database.h"

G_BEGIN_DECLS

#define ISAF_BACKUPS_KEPT 14

gboolean  isaf_backup_check_file   (const char    *path,
                                    GPtrArray    **problems,
                                    GError       **error);
gboolean  isaf_backup_create       (IsafDatabase  *database,
                                    const char    *destination,
                                    GError       **error);
gboolean  isaf_backup_restore      (IsafDatabase  *database,
                                    const char    *source,
                                    char         **kept_copy,
                                    GError       **error);
char     *isaf_backup_default_folder (IsafDatabase *database);
gboolean  isaf_backup_daily        (IsafDatabase  *database,
                                    const char    *folder,
                                    GDate         *today,
                                    guint          keep,
                                    char         **made,
                                    GError       **error);
void      isaf_backup_daily_async  (IsafDatabase  *database,
                                    const char    *folder,
                                    guint          keep,
                                    GCancellable  *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer       user_data);
char     *isaf_backup_daily_finish (IsafDatabase  *database,
                                    GAsyncResult  *result,
                                    GError       **error);

G_END_DECLS
