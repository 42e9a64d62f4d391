/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isaf-sync-client-private.h"

G_BEGIN_DECLS

/* The attached files' part of a sync run (protocol 3.9), in parts of ISAF_WIRE_BLOB_PART_BYTES
 * that a slow link can finish, each resumed after a break where the server or the laptop says
 * it stopped. */

/* Sends every file the server does not hold yet: before the rows naming them are pushed. */
gboolean isaf_sync_files_upload   (IsafSyncRun  *run,
                                   GError      **error);

/* Fetches every file that live attachments name and this laptop lacks, checked against its
 * hash; a damaged or missing one is counted in the report and fetched again next run. */
gboolean isaf_sync_files_download (IsafSyncRun  *run,
                                   GError      **error);

G_END_DECLS
