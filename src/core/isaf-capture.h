/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "isaf-hlc.h"

G_BEGIN_DECLS

/* The state behind the SQL functions that the capture triggers call; owned by the database
 * worker thread, like the connection. */
typedef struct {
  IsafHlc *hlc;
  gboolean capturing;
  gint64 txid;
  gboolean used_txid;
  gint64 hlc_at_begin;
} IsafCapture;

gboolean isaf_capture_register_functions (sqlite3      *conn,
                                          IsafCapture  *capture,
                                          GError      **error);
gboolean isaf_capture_install_triggers   (sqlite3      *conn,
                                          GError      **error);

G_END_DECLS
