/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

/* A file uploaded part by part (sync-protocol.md 5.3), so that a 20 MiB photo goes up a slow
 * link in requests of ISAF_WIRE_BLOB_PART_BYTES and resumes after a break. */

/* Where an upload stands after a part or a status question. */
typedef enum {
  ISAF_SERVER_BLOB_PARTIAL,        /* 202: parts are missing */
  ISAF_SERVER_BLOB_COMPLETED,      /* 201: this part completed the file, now stored */
  ISAF_SERVER_BLOB_ALREADY_STORED, /* 200: the file was there before */
} IsafServerBlobProgress;

/* Takes the part @content_range names ("bytes FIRST-LAST/TOTAL", @content of LAST-FIRST+1
 * bytes) if it is the next one, in one transaction; a range of "*" instead of FIRST-LAST,
 * with an empty @content, only asks. @received is the bytes of the file the server now has. */
gboolean isaf_server_blob_put_part (PGconn                 *conn,
                                    const char             *commune_id,
                                    const char             *sha256,
                                    const char             *content_range,
                                    GBytes                 *content,
                                    IsafServerBlobProgress *progress,
                                    gint64                 *received,
                                    GError                **error);

G_END_DECLS
