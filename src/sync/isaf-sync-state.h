/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isaf-database.h"
#include "isaf-wire.h"

G_BEGIN_DECLS

/* A laptop's whole state as push rows (sync-protocol.md 3.8.4): every row of every synced
 * table, parents first, with every field that has a value and the tombstone, each with its
 * clock: the outbox entry's if a local edit waits, else the confirmed clock, else @fallback_hlc
 * (data entered before capture existed, such as a demo). This is what a laptop re-pushes when
 * the server's epoch changed, and what a new replica is filled from. */
GPtrArray *isaf_sync_state_rows (IsafDatabase  *database,
                                 gint64         fallback_hlc,
                                 GError       **error);

gboolean   isaf_sync_state_collect (IsafDatabase  *database,
                                    gint64         fallback_hlc,
                                    GPtrArray     *rows,
                                    GError       **error);

/* Splits @rows into pushes of at most @max_fields fields each, numbered from @first_batch_seq;
 * the rows are moved into the pushes. */
GPtrArray *isaf_sync_state_batches (GPtrArray      *rows,
                                    const IsafUuid *device_id,
                                    gint64          first_batch_seq,
                                    guint           max_fields);

G_END_DECLS
