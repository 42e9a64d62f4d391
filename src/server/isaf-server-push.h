/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libpq-fe.h>

#include "isaf-server-devices.h"
#include "isaf-wire.h"

G_BEGIN_DECLS

/* The push of one frozen batch, in one PostgreSQL transaction (src/sync/sync-protocol.md). On
 * success, the answer to send: the stored one for a replay. A batch gap or a reused batch
 * number fails with ISAF_SERVER_ERROR_BATCH_GAP (and @expected_batch_seq set) or _REUSED; a
 * row id of another commune fails the whole batch with ISAF_SERVER_ERROR_FORBIDDEN, after
 * logging a security event. */
GBytes *isaf_server_push (PGconn                   *conn,
                          const IsafServerIdentity *identity,
                          IsafWirePush             *push,
                          GBytes                   *body,
                          int                       clock_skew_clamp_seconds,
                          gint64                   *expected_batch_seq,
                          GError                  **error);

/* The server's own clock, for clamped clocks and conflict log entries. */
gint64  isaf_server_clock_now (void);

G_END_DECLS
