/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* isaf-server's settings: the configuration file (a GLib key file, documented in
 * data/isaf-server/isaf-server.conf), then the command line over it. */
typedef struct {
  char *listen;
  /* libpq conninfo of the API role, and of the owner for migrate; "" means libpq's
   * environment (PGHOST, PGUSER…). */
  char *pg;
  char *owner_pg;
  char *api_role;
  char *token_secret_file;
  gint64 max_body_bytes;
  gint64 max_decompressed_bytes;
  int request_timeout_seconds;
  int max_concurrent_requests;
  int retry_after_seconds;
  int token_lifetime_seconds;
  int clock_skew_clamp_seconds;
} IsafServerConfig;

IsafServerConfig *isaf_server_config_new  (void);
gboolean          isaf_server_config_load (IsafServerConfig *config,
                                           const char       *path,
                                           GError          **error);
void              isaf_server_config_free (IsafServerConfig *config);
/* The token secret from its file: at least 32 bytes, or an error that says how to make one. */
GBytes           *isaf_server_config_read_token_secret (const IsafServerConfig *config,
                                                        GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafServerConfig, isaf_server_config_free)

G_END_DECLS
