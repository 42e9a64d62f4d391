/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libpq-fe.h>

#include "isaf-server-devices.h"

G_BEGIN_DECLS

#define ISAF_SERVER_PULL_DEFAULT_LIMIT 500
#define ISAF_SERVER_PULL_MAX_LIMIT 2000

/* One page of the commune's stream after @cursor (NULL or "" from the start), encoded as an
 * IsafWirePullPage. A cursor of another epoch starts again from the beginning, and the page
 * says the new epoch. */
GBytes *isaf_server_pull (PGconn                   *conn,
                          const IsafServerIdentity *identity,
                          const char               *cursor,
                          int                       limit,
                          GError                  **error);

G_END_DECLS
