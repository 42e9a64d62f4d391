/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "isaf-database.h"
#include "isaf-record.h"
#include "isaf-store.h"

G_BEGIN_DECLS

/* Files kept with a stage of the cycle (a photo of a signed attendance sheet, a scanned plan).
 * The attachment row names the file by its SHA-256 and syncs like any row; the bytes live in
 * the laptop's blob store, go up to the server before the row does, and come down after a
 * pull brought a row naming a file this laptop does not have (sync-protocol.md 3.9). */

#define ISAF_ATTACHMENT_ERROR (isaf_attachment_error_quark ())

typedef enum {
  /* The row is here but its file has not come down from the server yet. */
  ISAF_ATTACHMENT_ERROR_NOT_DOWNLOADED,
} IsafAttachmentError;

GQuark      isaf_attachment_error_quark  (void);

/* Checks the file (not empty, at most ISAF_SCHEMA_MAX_FILE_BYTES, a JPEG, PNG or PDF by its
 * first bytes), then keeps its bytes and saves the attachment row in one transaction. */
IsafRecord *isaf_attachment_add          (IsafStore      *store,
                                          const IsafUuid *cycle_stage_id,
                                          const char     *file_name,
                                          GBytes         *content,
                                          const char     *caption,
                                          GError        **error);

/* The bytes of the file with this hash, checked against it when they were stored. */
GBytes     *isaf_attachment_read_content (IsafDatabase   *database,
                                          const char     *sha256,
                                          GError        **error);

/* The same, on the database thread. */
GBytes     *isaf_attachment_read_stored  (IsafDatabase   *database,
                                          const char     *sha256,
                                          GError        **error);

G_END_DECLS
