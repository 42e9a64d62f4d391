/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isaf-sync-client.h"
#include "isaf-sync-local.h"

G_BEGIN_DECLS

/* What the parts of a sync run in files of their own (isaf-sync-blobs.c) share with the
 * client: the run, its requests and their answers. */

/* What a run works with. */
typedef struct {
  IsafSyncClient *self;
  IsafSyncReport *report;
  GCancellable *cancellable;
  IsafSyncDevice device;
  char *secret;
} IsafSyncRun;

/* One HTTP request of the protocol. */
typedef struct {
  const char *method;
  const char *path;
  /* NULL for none; JSON unless @content_type says otherwise */
  GBytes *body;
  const char *content_type;
  gboolean gzipped;
  /* For parts of files: "Range" or "Content-Range" and its value, or NULL */
  const char *range_header;
  const char *range;
} IsafSyncRequest;

/* One HTTP answer. */
typedef struct {
  guint status;
  /* Decoded (libsoup undoes gzip) */
  GBytes *body;
  guint retry_after;
  /* The part of a file a 206 answer carries, as its Content-Range header says, or NULL */
  char *content_range;
  /* For the clock offset: the real time when the answer came, and how long the exchange took
   * on the monotonic clock, which a change of the computer's clock does not move (µs) */
  gint64 received_at;
  gint64 round_trip;
} IsafSyncAnswer;

void            isaf_sync_run_clear            (IsafSyncRun           *run);
void            isaf_sync_answer_clear         (IsafSyncAnswer        *answer);

IsafDatabase   *isaf_sync_run_get_database     (IsafSyncRun           *run);

/* A request with the bearer token; on a 401, one new token and one more try (protocol 9).
 * FALSE only when no answer came. */
gboolean        isaf_sync_run_send             (IsafSyncRun           *run,
                                                const IsafSyncRequest *request,
                                                IsafSyncAnswer        *answer,
                                                GError               **error);

/* Turns an answer the caller does not expect into the error the interface acts on. */
void            isaf_sync_run_set_answer_error (IsafSyncRun           *run,
                                                const char            *endpoint,
                                                const IsafSyncAnswer  *answer,
                                                GError               **error);

/* An answer that breaks the protocol: nothing of it is used. */
void            isaf_sync_set_bad_answer_error (GError               **error,
                                                const char            *endpoint,
                                                GError                *decode_error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (IsafSyncRun, isaf_sync_run_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (IsafSyncAnswer, isaf_sync_answer_clear)

G_END_DECLS
