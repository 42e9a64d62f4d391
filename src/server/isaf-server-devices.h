/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libpq-fe.h>

#include "isaf-uuid.h"
#include "isaf-wire.h"

G_BEGIN_DECLS

/* Devices: one-time enrolment codes, enrolment, access tokens, revocation
 * (sync-protocol.md 3.12). A device's secret and an enrolment code are stored only as their
 * SHA-256; a token is signed with the server's secret (HMAC-SHA-256) and names its device,
 * commune and expiry, so any copy of the server can check it without a lookup, and every
 * request still checks the device row, in its own transaction, for revocation. */

#define ISAF_SERVER_CODE_LIFETIME_HOURS 72
#define ISAF_SERVER_CODE_LENGTH 10

typedef struct {
  IsafUuid device_id;
  char commune_id[7];
} IsafServerIdentity;

char    *isaf_server_enroll_code_new (PGconn                      *conn,
                                      const char                  *commune_id,
                                      GError                     **error);
gboolean isaf_server_enroll          (PGconn                      *conn,
                                      const IsafWireEnrollRequest *request,
                                      IsafWireEnrollReply         *reply,
                                      GError                     **error);
gboolean isaf_server_token_issue     (PGconn                      *conn,
                                      const IsafWireTokenRequest  *request,
                                      GBytes                      *signing_secret,
                                      int                          lifetime_seconds,
                                      IsafWireTokenReply          *reply,
                                      GError                     **error);
/* Checks the signature and expiry only; the caller then checks the device in its
 * transaction with isaf_server_device_check(). */
gboolean isaf_server_token_verify    (const char                  *token,
                                      GBytes                      *signing_secret,
                                      IsafServerIdentity          *identity,
                                      GError                     **error);
/* Inside a transaction scoped to the identity's commune: the device exists there and is
 * active; its node id and last applied batch in @node_id and @last_batch_seq (optional). */
gboolean isaf_server_device_check    (PGconn                      *conn,
                                      const IsafServerIdentity    *identity,
                                      gboolean                     for_update,
                                      gint64                      *node_id,
                                      gint64                      *last_batch_seq,
                                      GError                     **error);
gboolean isaf_server_device_revoke   (PGconn                      *conn,
                                      const char                  *device_id,
                                      GError                     **error);
/* After a restore of the server's database: a new epoch for the commune's stream, so that its
 * laptops push their whole state again and pull from the start (sync-protocol.md 3.8.4). */
gboolean isaf_server_new_epoch_for  (PGconn                      *conn,
                                     const char                  *commune_id,
                                     GError                     **error);
/* A fresh epoch for a commune's stream: 16 random bytes in hex. */
char    *isaf_server_new_epoch       (void);

G_END_DECLS
