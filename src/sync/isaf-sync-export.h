/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isaf-database.h"

G_BEGIN_DECLS

/* The changes this laptop made that the server has not acknowledged, saved to a file: what a
 * clerk hands to the district or province when sync cannot run (the laptop was revoked, was
 * never enrolled, or its sync keeps failing). Exporting never changes the database: the
 * outbox and the data stay, and sync goes on from them if it can run again.
 *
 * The file is one JSON document, deterministic for a database and an export time:
 *
 *   {"format":"isaf-unsynced-changes","version":1,"app":"0.1.0","schema":2,
 *    "commune_id":"010201","device_id":"…","server_url":"…",
 *    "exported_at":"2026-03-12T07:30:00Z","count":2,
 *   "in_flight":{"batch_seq":3,"first_seq":41,"last_seq":42,"sha256":"…","push":{…}},
 *   "changes":[
 *   {"seq":41,"txid":17,"table":"caf","id":"…","field":"phone","value":"012 345 678",
 *    "hlc":"…","edited_at":"2026-03-12T07:29:58.123Z","base_hlc":"…","base_node":"…",
 *    "node":"7","batch_seq":3},
 *   …
 *   ]}
 *
 * device_id, server_url and each change's node are left out when the laptop is not enrolled;
 * in_flight when no batch is being sent. The changes are the outbox entries in the order they
 * were made, one per line: the field's value as the protocol carries it (sync-protocol.md
 * 4.2), its clock (hlc, node) and the clock it was edited from (base_hlc, base_node, left out
 * for a new field). in_flight is the batch frozen for sending (sync-protocol.md 7.1), whose
 * push the server may or may not have received: its changes are among "changes", marked
 * with its batch_seq, and "push" is the exact message. */

#define ISAF_SYNC_EXPORT_FORMAT "isaf-unsynced-changes"
#define ISAF_SYNC_EXPORT_VERSION 1

#define ISAF_SYNC_EXPORT_ERROR (isaf_sync_export_error_quark ())

typedef enum {
  ISAF_SYNC_EXPORT_ERROR_NO_FOLDER,    /* the file's folder does not exist */
  ISAF_SYNC_EXPORT_ERROR_NOT_WRITABLE, /* the folder cannot be written to */
  ISAF_SYNC_EXPORT_ERROR_NO_SPACE,     /* the drive is full */
  ISAF_SYNC_EXPORT_ERROR_IS_FOLDER,    /* the path names a folder */
  ISAF_SYNC_EXPORT_ERROR_FAILED,       /* any other reason the file could not be written */
} IsafSyncExportError;

GQuark   isaf_sync_export_error_quark   (void);

/* Writes the export to @path, replacing a file there (the caller has asked the user, or
 * refuses an existing file itself). The changes are read in one read transaction on the
 * database's thread (blocking: call it from a worker thread, never the interface's), and
 * the file is written whole or not at all: a crash or power cut leaves the old file or the
 * new one, never half of one, and a failure leaves no file behind. With nothing waiting, a
 * valid file with a count of 0 is written. @n_changes (optional) is set to the count. */
gboolean isaf_sync_export_unsynced      (IsafDatabase  *database,
                                         const char    *path,
                                         gint64        *n_changes,
                                         GError       **error);

G_END_DECLS
