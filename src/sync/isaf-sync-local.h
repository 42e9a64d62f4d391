/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isaf-database.h"
#include "isaf-wire.h"

G_BEGIN_DECLS

/* The laptop's side of sync in its SQLite file (sync-protocol.md 3.7.3, 3.8.3): the device's
 * identity, frozen push batches and their acknowledgement, pulled pages staged and applied.
 * Every function is one transaction on the database's thread (blocking: call it from a worker
 * thread, never the interface's), so a power cut leaves either the state before or the state
 * after, never half. Applied writes are not captured: what came from the server does not go
 * back to it. */

#define ISAF_SYNC_ERROR (isaf_sync_error_quark ())

typedef enum {
  ISAF_SYNC_ERROR_NOT_ENROLLED,
  ISAF_SYNC_ERROR_OTHER_COMMUNE,
  ISAF_SYNC_ERROR_FAILED,
} IsafSyncError;

GQuark isaf_sync_error_quark (void);

/* Push batches hold at most this many field changes (and never split a local transaction). */
#define ISAF_SYNC_BATCH_FIELDS 500

typedef struct {
  char *server_url;
  IsafUuid device_id;
  gint64 node_id;
  char *commune_id;
} IsafSyncDevice;

void     isaf_sync_device_clear          (IsafSyncDevice  *device);

/* The enrolled device, or ISAF_SYNC_ERROR_NOT_ENROLLED. */
gboolean isaf_sync_local_get_device      (IsafDatabase    *database,
                                          IsafSyncDevice  *device,
                                          GError         **error);
/* Records the enrolment (after POST /v1/enroll succeeded). A database with no commune yet
 * becomes the device's commune's; one of another commune is refused with
 * ISAF_SYNC_ERROR_OTHER_COMMUNE. The capture's clocks use the device's node from now on. */
gboolean isaf_sync_local_set_device      (IsafDatabase          *database,
                                          const IsafSyncDevice  *device,
                                          GError               **error);

/* The batch to send: the frozen one if an earlier send got no answer (the same bytes, the same
 * batch_seq), else a new one frozen now from the outbox: the oldest changes, whole local
 * transactions, at most ISAF_SYNC_BATCH_FIELDS fields, the newest value per field with its
 * earliest base. NULL without error when there is nothing to send, or when attached files
 * must go up first (@files_waiting, which may be NULL). */
GBytes  *isaf_sync_local_next_batch      (IsafDatabase    *database,
                                          const char      *epoch,
                                          gint64          *batch_seq,
                                          gboolean        *files_waiting,
                                          GError         **error);
/* The server applied the frozen batch: its outbox entries go, the refused changes are kept for
 * the clerk in sync_reject, the clocks of the accepted ones become confirmed (clamped ones as
 * the server says). */
gboolean isaf_sync_local_acknowledge     (IsafDatabase          *database,
                                          const IsafWirePushAck *ack,
                                          GError               **error);

/* Where the pull goes on: the epoch and cursor of the last applied page (NULL, NULL at first). */
gboolean isaf_sync_local_get_position    (IsafDatabase    *database,
                                          char           **epoch,
                                          char           **cursor,
                                          GError         **error);
/* Keeps a pulled page until the pull is complete, with the cursor after it. */
gboolean isaf_sync_local_stage_page      (IsafDatabase            *database,
                                          const IsafWirePullPage  *page,
                                          GError                 **error);
/* Applies every staged page in one transaction, field by field where the pulled clock is
 * greater than the local one (an unsent local edit keeps its field), with the conflicts, and
 * moves the position to the last staged cursor. */
gboolean isaf_sync_local_apply_staged    (IsafDatabase    *database,
                                          GError         **error);

/* Where the pull of the national reference stream goes on: the next_cursor of the last
 * installed page (NULL at first). */
gboolean isaf_sync_local_get_ref_cursor  (IsafDatabase    *database,
                                          char           **cursor,
                                          GError         **error);
/* Installs the sets of a pulled reference page (isaf_reference_install_set) and moves the
 * reference cursor to the page's next_cursor, in one transaction: a set refused refuses the
 * page. Sets this version of the application does not know are passed over. @installed: how
 * many versions were new to this laptop. */
gboolean isaf_sync_local_install_ref_page (IsafDatabase           *database,
                                           const IsafWireRefPage  *page,
                                           guint                  *installed,
                                           GError                **error);

/* The server's epoch changed (a restore): every row is queued to be pushed again with its
 * clocks, batches are numbered on from the last one the server has (hello's
 * last_batch_seq), and the pull starts from the beginning under @epoch, the reference
 * stream's too. */
gboolean isaf_sync_local_restart_epoch   (IsafDatabase    *database,
                                          const char      *epoch,
                                          gint64           server_last_batch_seq,
                                          GError         **error);

/* The server's clock minus this computer's, from hello: the laptop's clocks follow the
 * server's time from now on, even offline (sync-protocol.md 3.5). */
gboolean isaf_sync_local_set_clock_offset (IsafDatabase  *database,
                                           gint64         offset_ms,
                                           GError       **error);

/* What the clerk is shown. */
typedef struct {
  gint64 changes_waiting;
  gint64 conflicts_to_review;
  gint64 refused_changes;
  /* Unix seconds, 0 for never */
  gint64 last_sync;
} IsafSyncStatus;

gboolean isaf_sync_local_get_status      (IsafDatabase    *database,
                                          IsafSyncStatus  *status,
                                          GError         **error);
/* After a complete sync: the time, for the status. */
gboolean isaf_sync_local_mark_synced     (IsafDatabase    *database,
                                          GError         **error);

/* A value the server's merge replaced by a concurrent edit (or an edit of a row someone
 * deleted), from the commune's conflict log: the commune reviews it and may bring the losing
 * value back with an ordinary edit. @field is a column or "deleted"; values of columns this
 * version does not know are read as they are stored. */
typedef struct {
  IsafUuid id;
  char *table;
  IsafUuid row_id;
  char *field;
  IsafValue winning_value;
  gint64 winning_hlc;
  gint64 winning_node;
  IsafValue losing_value;
  gint64 losing_hlc;
  gint64 losing_node;
  /* "concurrent_edit", "edited_deleted_row", "deleted_parent" */
  char *reason;
  /* ISO 8601, the server's time */
  char *logged_at;
} IsafSyncConflict;

void       isaf_sync_conflict_free                (IsafSyncConflict  *conflict);

/* A change the server refused, with its reason. */
typedef struct {
  gint64 seq;
  char *table;
  IsafUuid row_id;
  char *field;
  IsafValue value;
  char *reason;
  /* ISO 8601 */
  char *rejected_at;
} IsafSyncReject;

void       isaf_sync_reject_free                  (IsafSyncReject    *reject);

/* The conflicts not reviewed yet, newest first (IsafSyncConflict, freed with the array). */
GPtrArray *isaf_sync_local_list_conflicts         (IsafDatabase      *database,
                                                   GError           **error);
/* The clerk has seen the conflict (and perhaps restored the other value): it leaves the list. */
gboolean   isaf_sync_local_mark_conflict_reviewed (IsafDatabase      *database,
                                                   const IsafUuid    *id,
                                                   GError           **error);
/* The refused changes not dismissed yet, newest first (IsafSyncReject, freed with the array). */
GPtrArray *isaf_sync_local_list_rejects           (IsafDatabase      *database,
                                                   GError           **error);
gboolean   isaf_sync_local_dismiss_reject         (IsafDatabase      *database,
                                                   gint64             seq,
                                                   GError           **error);

/* Attached files (protocol 3.9, isaf-attachment.h): what goes up before the rows naming them,
 * and what comes down after a pull brought rows naming files this laptop lacks. */
typedef struct {
  char *sha256;
  gint64 size;
  /* Of a download: the bytes its parts received so far hold */
  gint64 received;
} IsafSyncFile;

void       isaf_sync_file_free                (IsafSyncFile     *file);

/* On the database thread: whether a file of the blob store has not gone up yet. */
gboolean   isaf_sync_local_files_waiting      (IsafDatabase     *database,
                                               gboolean         *waiting,
                                               GError          **error);
/* The files the server does not hold yet (IsafSyncFile). */
GPtrArray *isaf_sync_local_list_uploads       (IsafDatabase     *database,
                                               GError          **error);
gboolean   isaf_sync_local_mark_uploaded      (IsafDatabase     *database,
                                               const char       *sha256,
                                               GError          **error);
/* The files live attachments name and this laptop lacks, with what came of each so far
 * (IsafSyncFile). */
GPtrArray *isaf_sync_local_list_downloads     (IsafDatabase     *database,
                                               GError          **error);
/* Keeps the part of a download that starts at @first, which must be where the parts so far
 * end. */
gboolean   isaf_sync_local_store_part         (IsafDatabase     *database,
                                               const char       *sha256,
                                               gint64            first,
                                               GBytes           *part,
                                               GError          **error);
/* Joins the parts of a complete download and checks them against the hash: the file is kept
 * when @intact, else the parts are dropped so that the next download starts over. */
gboolean   isaf_sync_local_keep_download      (IsafDatabase     *database,
                                               const char       *sha256,
                                               gboolean         *intact,
                                               GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafSyncFile, isaf_sync_file_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafSyncConflict, isaf_sync_conflict_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafSyncReject, isaf_sync_reject_free)

G_END_DECLS
