/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libpq-fe.h>

#include "isaf-server-config.h"

G_BEGIN_DECLS

/* One API request as the HTTP layer hands it to a worker thread, and its answer. The body is
 * already limited and decompressed. */
typedef struct {
  char *method;
  char *path;
  /* The query string's parameters (name → value), or NULL */
  GHashTable *query;
  GBytes *body;
  char *authorization;
  char *proto;
  char *range;
  /* The Content-Range of a part of a file being uploaded (PUT /v1/blobs/), or NULL */
  char *part_range;

  guint status;
  GBytes *response;
  /* NULL for JSON */
  const char *content_type;
  char *content_range;
  /* What the log line says of the request: never a secret. */
  char *commune_id;
  char *device_id;
  char *error_code;
} IsafServerRequest;

void isaf_server_request_free (IsafServerRequest *request);

/* Answers @request, on a worker thread, with its own connection. */
void isaf_server_api_handle (const IsafServerConfig *config,
                             GBytes                 *token_secret,
                             PGconn                 *conn,
                             IsafServerRequest      *request);
/* The error answer for @error (status and body), also used by the HTTP layer. */
void isaf_server_api_set_error (IsafServerRequest *request,
                                const GError      *error,
                                gint64             expected_batch_seq);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafServerRequest, isaf_server_request_free)

G_END_DECLS
