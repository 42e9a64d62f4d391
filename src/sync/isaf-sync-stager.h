/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isaf-database.h"
#include "isaf-wire.h"

G_BEGIN_DECLS

/* Stages pulled pages (isaf_sync_local_stage_page()) on a thread of its own, in the order they
 * are given, while the puller fetches the next page: the network, the server and the
 * laptop's database then work at the same time instead of in turn. At most
 * ISAF_SYNC_STAGER_AHEAD pages wait, so a fast server cannot fill the laptop's memory. A page
 * is kept only when every page before it was: after a failure the rest are dropped, and the
 * next run pulls on from the last page staged, as it would after a power cut. */

#define ISAF_SYNC_STAGER_AHEAD 2

typedef struct _IsafSyncStager IsafSyncStager;

IsafSyncStager *isaf_sync_stager_new    (IsafDatabase      *database);
/* Takes @page; waits while ISAF_SYNC_STAGER_AHEAD pages are waiting. FALSE, with the error
 * that stopped staging, once a page could not be staged. */
gboolean        isaf_sync_stager_push   (IsafSyncStager    *stager,
                                         IsafWirePullPage  *page,
                                         GError           **error);
/* Waits until every page given is staged, and frees the stager; FALSE with the first
 * staging error. */
gboolean        isaf_sync_stager_finish (IsafSyncStager    *stager,
                                         GError           **error);

G_END_DECLS
