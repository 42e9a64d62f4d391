/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isaf-sync-local.h"

G_BEGIN_DECLS

/* Shared by isaf-sync-local.c, isaf-sync-local-apply.c and isaf-sync-export.c, on the
 * database's thread. */
char    *isaf_sync_local_state_text     (IsafDatabase  *database,
                                         const char    *key);
gboolean isaf_sync_local_set_state_text (IsafDatabase  *database,
                                         const char    *key,
                                         const char    *value,
                                         GError       **error);
/* The greater of the confirmed clock and a waiting local edit's: the clock a pulled field
 * must beat. */
gboolean isaf_sync_local_field_clock    (IsafDatabase   *database,
                                         const char     *table,
                                         const IsafUuid *id,
                                         const char     *field,
                                         gint64          own_node,
                                         gint64         *hlc,
                                         gint64         *node,
                                         GError        **error);
/* Raises the confirmed clock of a field to (hlc, node), never lowers it. */
gboolean isaf_sync_local_confirm_clock  (IsafDatabase   *database,
                                         const char     *table,
                                         const IsafUuid *id,
                                         const char     *field,
                                         gint64          hlc,
                                         gint64          node,
                                         GError        **error);

G_END_DECLS
