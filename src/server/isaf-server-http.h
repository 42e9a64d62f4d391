/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "isaf-server-config.h"

G_BEGIN_DECLS

#define ISAF_TYPE_SERVER_HTTP (isaf_server_http_get_type ())

G_DECLARE_FINAL_TYPE (IsafServerHttp, isaf_server_http, ISAF, SERVER_HTTP, GObject)

IsafServerHttp *isaf_server_http_new      (const IsafServerConfig *config,
                                           GBytes                 *token_secret);
/* Listens on @host_port ("HOST:PORT"; port 0 picks a free one). */
gboolean        isaf_server_http_listen   (IsafServerHttp         *self,
                                           const char             *host_port,
                                           GError                **error);
guint16         isaf_server_http_get_port (IsafServerHttp         *self);
/* Stops taking requests; requests already taken finish. */
void            isaf_server_http_stop     (IsafServerHttp         *self);
/* Requests taken and not yet answered. */
guint           isaf_server_http_get_n_in_flight (IsafServerHttp  *self);

G_END_DECLS
