/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "isaf-database.h"

G_BEGIN_DECLS

/* The laptop's side of the sync protocol over HTTP (src/sync/sync-protocol.md): enrolment, and
 * one full cycle of token, hello, push and pull. Every call blocks on the network and on the
 * database: run it on a worker thread (or in isafctl), never on the interface's thread. The
 * local bookkeeping is isaf-sync-local.h; this file only talks to the server and decides. */

#define ISAF_TYPE_SYNC_CLIENT (isaf_sync_client_get_type ())

G_DECLARE_FINAL_TYPE (IsafSyncClient, isaf_sync_client, ISAF, SYNC_CLIENT, GObject)

#define ISAF_SYNC_CLIENT_ERROR (isaf_sync_client_error_quark ())

/* Each code is a reason the interface can show and act on; the message is a translated
 * sentence saying what happened and what to do. No error leaves local data changed by the
 * request that failed. */
typedef enum {
  ISAF_SYNC_CLIENT_ERROR_NOT_ENROLLED, /* no enrolment, or the server no longer knows the secret */
  ISAF_SYNC_CLIENT_ERROR_UNREACHABLE,  /* network, timeout, 429 or 5xx: try again later */
  ISAF_SYNC_CLIENT_ERROR_REVOKED,      /* the laptop was removed from sync */
  ISAF_SYNC_CLIENT_ERROR_BLOCKED,      /* automatic sync must stop until support looks at it */
  ISAF_SYNC_CLIENT_ERROR_UPGRADE,      /* the server needs a newer version of the application */
  ISAF_SYNC_CLIENT_ERROR_REFUSED,      /* enrolment refused: the code, or another commune */
  ISAF_SYNC_CLIENT_ERROR_FAILED,       /* anything else (an answer that breaks the protocol) */
} IsafSyncClientError;

GQuark isaf_sync_client_error_quark (void);

/* What one run did; filled as it goes, so it is meaningful after a failure too. */
typedef struct {
  guint batches_pushed;
  guint fields_pushed;
  /* Changes the server refused (kept locally for the clerk, not retried) */
  guint rejects;
  guint pages_pulled;
  guint rows_pulled;
  /* The whole pulled stream was applied: the commune's data is the server's as of this run,
   * even when the run then failed on the national reference data. */
  gboolean pull_applied;
  /* Versions of national reference sets new to this laptop */
  guint reference_sets_installed;
  /* Attached files sent up, and come down complete and checked */
  guint files_uploaded;
  guint files_downloaded;
  /* Files that came down but did not match their hash (dropped, fetched again next run), and
   * files the server does not hold (yet) */
  guint files_damaged;
  guint files_missing;
  /* On the wire: compressed bodies and headers */
  guint64 bytes_sent;
  guint64 bytes_received;
  /* The server's clock minus this computer's, allowing for half the round trip */
  gint64 clock_offset_ms;
  /* More than 5 minutes off: sync went on with the server's time, the clerk should correct
   * the computer's clock (isaf_sync_client_describe_clock ()). */
  gboolean clock_wrong;
  /* With ISAF_SYNC_CLIENT_ERROR_UNREACHABLE: the server's Retry-After, 0 when not given */
  guint retry_after_seconds;
} IsafSyncReport;

IsafSyncClient *isaf_sync_client_new          (IsafDatabase    *database);
IsafDatabase   *isaf_sync_client_get_database (IsafSyncClient  *self);
/* How long a request may wait on the network before the run gives up with
 * ISAF_SYNC_CLIENT_ERROR_UNREACHABLE, in seconds (60 unless set; tests shorten it). Waits for
 * a run in progress; connections kept open from earlier runs are closed, so that the next
 * request already waits no longer than this. */
void            isaf_sync_client_set_timeout  (IsafSyncClient  *self,
                                               guint            seconds);

/* How many rows a pull page asks for (the server's most unless set): tests make pages small
 * to go through many of them with little data. Waits for a run in progress. */
void            isaf_sync_client_set_pull_limit (IsafSyncClient  *self,
                                                 guint            rows);

/* Enrols the laptop with a code from the administrator: a new device secret is stored next to
 * the database and the device recorded in it. @server_url is the server's address (https, or
 * http on the loopback only), @description what the clerk calls the laptop (may be NULL). A
 * database without a commune becomes the code's commune's. */
gboolean        isaf_sync_client_enroll       (IsafSyncClient  *self,
                                               const char      *server_url,
                                               const char      *code,
                                               const char      *description,
                                               GError         **error);
/* One full cycle: token, hello (clock and epoch), push until the outbox is empty, pull until
 * the stream is complete, apply, then the national reference stream. @report may be NULL.
 * Errors of the local database pass through in their own domains (ISAF_DATABASE_ERROR,
 * ISAF_SYNC_ERROR), and so does a reference set the laptop refuses (ISAF_DATABASE_ERROR). */
gboolean        isaf_sync_client_run          (IsafSyncClient  *self,
                                               IsafSyncReport  *report,
                                               GCancellable    *cancellable,
                                               GError         **error);

/* The sentence telling the clerk the computer's clock is wrong, for a report with clock_wrong. */
char           *isaf_sync_client_describe_clock (const IsafSyncReport *report);

G_END_DECLS
