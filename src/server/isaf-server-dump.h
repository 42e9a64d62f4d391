/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

/* isaf-server dump --commune CODE: the commune's rows in the canonical JSON of isafctl dump
 * (README.md), from one snapshot, so that the server's copy and a laptop's compare with cmp. */
gboolean isaf_server_dump (PGconn        *conn,
                           const char    *commune_id,
                           GOutputStream *output,
                           GError       **error);

G_END_DECLS
