/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libpq-fe.h>

G_BEGIN_DECLS

/* National reference data (sync-protocol.md 3.9): versions of a data set, published once and
 * never edited, in a global stream of their own that every laptop pulls. */

/* isaf-server publish-ref FILE: a reference set file (the format of the files in data/reference/, with
 * "# dataset: NAME" and "# version: N" lines) checked line by line and published as a new
 * version. Publishing the same bytes again is a no-op; another content under a published
 * version, or a version not above the newest, is refused. */
gboolean isaf_server_ref_publish (PGconn      *conn,
                                  const char  *path,
                                  gint64      *version_out,
                                  GError     **error);

/* GET /v1/sync/ref?cursor=N: the versions published after N, as JSON
 * {"sets":[{"name","version","seq","sha256","published_at","body"}],"next_cursor","has_more"}. */
GBytes  *isaf_server_ref_pull    (PGconn      *conn,
                                  const char  *cursor,
                                  GError     **error);

G_END_DECLS
