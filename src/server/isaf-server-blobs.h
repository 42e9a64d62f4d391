/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libpq-fe.h>

G_BEGIN_DECLS

/* Content-addressed files (sync-protocol.md 3.9): a commune's own, and national ones every
 * commune may read. The address is the content's SHA-256, checked on upload; a commune never
 * reads another commune's file, even knowing its hash. */

/* Whether @sha256 is a file's address: 64 lowercase hexadecimal digits (400 otherwise). */
gboolean isaf_server_blob_check_address (const char  *sha256,
                                         GError     **error);

gboolean isaf_server_blob_put (PGconn      *conn,
                               const char  *commune_id,
                               const char  *sha256,
                               GBytes      *content,
                               gboolean    *created,
                               GError     **error);

/* The file, or the part @range asks for ("bytes=FIRST-LAST", "bytes=FIRST-" or "bytes=-N";
 * NULL for all of it): @first and @total say which part of how much. */
GBytes  *isaf_server_blob_get (PGconn      *conn,
                               const char  *commune_id,
                               const char  *sha256,
                               const char  *range,
                               gint64      *first,
                               gint64      *total,
                               GError     **error);

G_END_DECLS
