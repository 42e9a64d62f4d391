/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "isaf-sync-client.h"
#include "isaf-sync-local.h"

G_BEGIN_DECLS

/* When the laptop syncs (sync-protocol.md 3.14): at start-up, when the network changes, every
 * 15 minutes (with jitter) while the server answers, and when the clerk asks; after a failure,
 * again after an exponential backoff with jitter (30 s up to 15 min), or after the server's
 * Retry-After. GNetworkMonitor is only a hint: the truth is whether a request succeeds. Each
 * run happens on a worker thread; the scheduler lives on the main thread, its signals and
 * properties change there, so the interface can bind to them. */

#define ISAF_TYPE_SYNC_SCHEDULER (isaf_sync_scheduler_get_type ())

G_DECLARE_FINAL_TYPE (IsafSyncScheduler, isaf_sync_scheduler, ISAF, SYNC_SCHEDULER, GObject)

typedef enum {
  ISAF_SYNC_STATE_NOT_ENROLLED,
  ISAF_SYNC_STATE_IDLE,        /* synced; nothing running */
  ISAF_SYNC_STATE_SYNCING,
  ISAF_SYNC_STATE_OFFLINE,     /* the server could not be reached; will retry */
  ISAF_SYNC_STATE_ATTENTION,   /* blocked until someone acts: revoked, update, support */
} IsafSyncState;

GType isaf_sync_state_get_type (void);
#define ISAF_TYPE_SYNC_STATE (isaf_sync_state_get_type ())

IsafSyncScheduler *isaf_sync_scheduler_new          (IsafDatabase      *database);
/* Starts the automatic runs (the first one at once if enrolled). */
void               isaf_sync_scheduler_start        (IsafSyncScheduler *self);
void               isaf_sync_scheduler_stop         (IsafSyncScheduler *self);
/* "Sync now": runs at once unless a run is going on (then once more right after it). */
void               isaf_sync_scheduler_sync_now     (IsafSyncScheduler *self);
/* Enrols on a worker thread, then starts syncing. */
void               isaf_sync_scheduler_enroll_async (IsafSyncScheduler  *self,
                                                     const char         *server_url,
                                                     const char         *code,
                                                     const char         *description,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
gboolean           isaf_sync_scheduler_enroll_finish (IsafSyncScheduler *self,
                                                      GAsyncResult      *result,
                                                      GError           **error);

/* Reads the counts again (after an edit, a reviewed conflict), then emits "changed". */
void               isaf_sync_scheduler_refresh      (IsafSyncScheduler *self);

IsafSyncState      isaf_sync_scheduler_get_state    (IsafSyncScheduler *self);
/* The last run's error (NULL after a success): its message is the sentence for the clerk. */
const GError      *isaf_sync_scheduler_get_error    (IsafSyncScheduler *self);
/* Changes waiting, conflicts, refused changes, last successful sync (updated after each run
 * and on "changed"). */
const IsafSyncStatus *isaf_sync_scheduler_get_status (IsafSyncScheduler *self);
/* The last run's report (the clock warning lives there). */
const IsafSyncReport *isaf_sync_scheduler_get_report (IsafSyncScheduler *self);
/* Unix seconds of the next automatic run, 0 if none is planned. */
gint64             isaf_sync_scheduler_get_next_run (IsafSyncScheduler *self);

/* Signals: "changed" () whenever state, error, status or report change. Properties: "state"
 * (IsafSyncState, read-only, notified). */

G_END_DECLS
