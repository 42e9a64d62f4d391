/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-server"

#include "config.h"

#include <string.h>

#include "isaf-error.h"
#include "isaf-pg.h"
#include "isaf-schema.h"
#include "isaf-server-api.h"
#include "isaf-server-blob-parts.h"
#include "isaf-server-blobs.h"
#include "isaf-server-devices.h"
#include "isaf-server-error.h"
#include "isaf-server-pull.h"
#include "isaf-server-push.h"
#include "isaf-server-ref.h"
#include "isaf-wire.h"

/* The endpoints of src/sync/sync-protocol.md. Every answer is JSON; every error answer is an
 * IsafWireErrorReply with a machine code and a sentence. The commune of a sync request comes
 * only from its token. */

void
isaf_server_request_free (IsafServerRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->method);
  g_free (request->path);
  g_clear_pointer (&request->query, g_hash_table_unref);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request->authorization);
  g_free (request->proto);
  g_free (request->range);
  g_free (request->part_range);
  g_clear_pointer (&request->response, g_bytes_unref);
  g_free (request->content_range);
  g_free (request->commune_id);
  g_free (request->device_id);
  g_free (request->error_code);
  g_free (request);
}

typedef struct {
  int code;
  guint status;
  const char *name;
} ErrorAnswer;

static const ErrorAnswer server_errors[] = {
  { ISAF_SERVER_ERROR_DATABASE, 503, "unavailable" },
  { ISAF_SERVER_ERROR_CONFIG, 500, "internal" },
  { ISAF_SERVER_ERROR_MALFORMED, 400, "malformed" },
  { ISAF_SERVER_ERROR_UNAUTHORIZED, 401, "unauthorized" },
  { ISAF_SERVER_ERROR_REVOKED, 403, "revoked" },
  { ISAF_SERVER_ERROR_FORBIDDEN, 403, "forbidden" },
  { ISAF_SERVER_ERROR_INVALID_CODE, 403, "invalid_code" },
  { ISAF_SERVER_ERROR_BATCH_GAP, 409, "batch_gap" },
  { ISAF_SERVER_ERROR_BATCH_REUSED, 409, "batch_reused" },
  { ISAF_SERVER_ERROR_TOO_LARGE, 413, "too_large" },
  { ISAF_SERVER_ERROR_UPGRADE_REQUIRED, 426, "upgrade_required" },
  { ISAF_SERVER_ERROR_NOT_FOUND, 404, "not_found" },
  { ISAF_SERVER_ERROR_OVERLOADED, 503, "overloaded" },
  { ISAF_SERVER_ERROR_RANGE, 416, "bad_range" },
};

void
isaf_server_api_set_error (IsafServerRequest *request,
                           const GError      *error,
                           gint64             expected_batch_seq)
{
  IsafWireErrorReply reply = { NULL, error->message, 0 };
  const char *name = "malformed";
  guint status = 400;

  if (error->domain == ISAF_SERVER_ERROR)
    {
      for (guint i = 0; i < G_N_ELEMENTS (server_errors); i++)
        if (server_errors[i].code == error->code)
          {
            status = server_errors[i].status;
            name = server_errors[i].name;
          }
      /* PostgreSQL's own words stay in the log. */
      if (error->code == ISAF_SERVER_ERROR_DATABASE || error->code == ISAF_SERVER_ERROR_CONFIG)
        {
          g_warning ("%s %s: %s", request->method, request->path, error->message);
          reply.message = "the server cannot answer now; try again later";
        }
    }
  else if (error->domain == ISAF_WIRE_ERROR && error->code == ISAF_WIRE_ERROR_TOO_LARGE)
    {
      status = 413;
      name = "too_large";
    }
  if (status == 409 && error->code == ISAF_SERVER_ERROR_BATCH_GAP)
    reply.expected_batch_seq = expected_batch_seq;
  reply.code = (char *) name;

  request->status = status;
  request->content_type = NULL;
  g_clear_pointer (&request->content_range, g_free);
  g_clear_pointer (&request->response, g_bytes_unref);
  request->response = isaf_wire_error_reply_encode (&reply);
  g_free (request->error_code);
  request->error_code = g_strdup (name);
}

static const char *
body_data (IsafServerRequest *request,
           gsize             *length)
{
  if (request->body == NULL)
    {
      *length = 0;
      return "";
    }
  return g_bytes_get_data (request->body, length);
}

static gboolean
authenticate (GBytes             *token_secret,
              IsafServerRequest  *request,
              IsafServerIdentity *identity,
              GError            **error)
{
  const char *token = NULL;
  char device[ISAF_UUID_STRING_LENGTH + 1];

  if (request->authorization != NULL && g_str_has_prefix (request->authorization, "Bearer "))
    token = request->authorization + strlen ("Bearer ");
  if (!isaf_server_token_verify (token, token_secret, identity, error))
    return FALSE;
  isaf_uuid_to_buffer (&identity->device_id, device);
  request->commune_id = g_strdup (identity->commune_id);
  request->device_id = g_strdup (device);
  return TRUE;
}

static gboolean
check_protocol (IsafServerRequest *request,
                int                proto,
                int                schema,
                GError           **error)
{
  if (proto != ISAF_WIRE_PROTO || schema != ISAF_SCHEMA_VERSION)
    {
      g_set_error (error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_UPGRADE_REQUIRED,
                   "this server speaks protocol %d with schema %d; update ISAF Commune",
                   ISAF_WIRE_PROTO, ISAF_SCHEMA_VERSION);
      return FALSE;
    }
  return TRUE;
}

static GBytes *
handle_enroll (PGconn            *conn,
               IsafServerRequest *request,
               GError           **error)
{
  IsafWireEnrollRequest enroll = { 0 };
  IsafWireEnrollReply reply = { 0 };
  gsize length;
  const char *data = body_data (request, &length);
  GBytes *answer = NULL;

  if (isaf_wire_enroll_request_decode (data, length, &enroll, error)
      && isaf_server_enroll (conn, &enroll, &reply, error))
    {
      answer = isaf_wire_enroll_reply_encode (&reply);
      request->commune_id = g_strdup (reply.commune_id);
    }
  isaf_wire_enroll_request_clear (&enroll);
  isaf_wire_enroll_reply_clear (&reply);
  return answer;
}

static GBytes *
handle_token (const IsafServerConfig *config,
              GBytes                 *token_secret,
              PGconn                 *conn,
              IsafServerRequest      *request,
              GError                **error)
{
  IsafWireTokenRequest token = { 0 };
  IsafWireTokenReply reply = { 0 };
  gsize length;
  const char *data = body_data (request, &length);
  GBytes *answer = NULL;

  if (isaf_wire_token_request_decode (data, length, &token, error)
      && isaf_server_token_issue (conn, &token, token_secret, config->token_lifetime_seconds,
                                  &reply, error))
    answer = isaf_wire_token_reply_encode (&reply);
  isaf_wire_token_request_clear (&token);
  isaf_wire_token_reply_clear (&reply);
  return answer;
}

static GBytes *
handle_hello (PGconn                   *conn,
              const IsafServerIdentity *identity,
              IsafServerRequest        *request,
              GError                  **error)
{
  IsafWireHelloRequest hello = { 0 };
  IsafWireHelloReply reply = { 0 };
  g_autoptr(PGresult) stream = NULL;
  gsize length;
  const char *data = body_data (request, &length);
  GBytes *answer = NULL;

  if (!isaf_wire_hello_request_decode (data, length, &hello, error))
    goto out;
  if (!isaf_pg_begin (conn, identity->commune_id, error))
    goto out;
  if (!isaf_server_device_check (conn, identity, FALSE, NULL, &reply.last_batch_seq, error)
      || (stream = isaf_pg_query (conn, "SELECT epoch FROM commune_stream", 0, NULL, error)) == NULL)
    {
      isaf_pg_rollback (conn);
      goto out;
    }
  isaf_pg_rollback (conn);

  reply.server_time_ms = g_get_real_time () / 1000;
  reply.proto_min = reply.proto_max = ISAF_WIRE_PROTO;
  reply.schema_min = reply.schema_max = ISAF_SCHEMA_VERSION;
  reply.epoch = g_strdup (PQntuples (stream) == 1 ? PQgetvalue (stream, 0, 0) : "");
  reply.commune_id = g_strdup (identity->commune_id);
  reply.device_status = g_strdup ("active");
  /* The answer says which versions are spoken even to a client too old to sync. */
  answer = isaf_wire_hello_reply_encode (&reply);

out:
  isaf_wire_hello_request_clear (&hello);
  isaf_wire_hello_reply_clear (&reply);
  return answer;
}

static GBytes *
handle_push (const IsafServerConfig   *config,
             PGconn                   *conn,
             const IsafServerIdentity *identity,
             IsafServerRequest        *request,
             gint64                   *expected_batch_seq,
             GError                  **error)
{
  g_autoptr(IsafWirePush) push = NULL;
  gsize length;
  const char *data = body_data (request, &length);

  push = isaf_wire_push_decode (data, length, error);
  if (push == NULL || !check_protocol (request, push->proto, push->schema, error))
    return NULL;
  return isaf_server_push (conn, identity, push, request->body, config->clock_skew_clamp_seconds,
                           expected_batch_seq, error);
}

static GBytes *
handle_pull (PGconn                   *conn,
             const IsafServerIdentity *identity,
             IsafServerRequest        *request,
             GError                  **error)
{
  const char *cursor = request->query ? g_hash_table_lookup (request->query, "cursor") : NULL;
  const char *limit_text = request->query ? g_hash_table_lookup (request->query, "limit") : NULL;
  gint64 limit = ISAF_SERVER_PULL_DEFAULT_LIMIT;

  if (limit_text != NULL
      && !g_ascii_string_to_signed (limit_text, 10, 1, ISAF_SERVER_PULL_MAX_LIMIT, &limit, NULL))
    {
      g_set_error (error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_MALFORMED,
                   "limit must be a whole number from 1 to %d", ISAF_SERVER_PULL_MAX_LIMIT);
      return NULL;
    }
  return isaf_server_pull (conn, identity, cursor, (int) limit, error);
}

static GBytes *
handle_health (PGconn  *conn,
               GError **error)
{
  static const char healthy[] = "{\"status\":\"ok\"}";

  if (!isaf_pg_exec (conn, "SELECT 1", 0, NULL, error))
    return NULL;
  return g_bytes_new_static (healthy, sizeof healthy - 1);
}

static GBytes *
handle_ref (PGconn            *conn,
            IsafServerRequest *request,
            GError           **error)
{
  const char *cursor = request->query ? g_hash_table_lookup (request->query, "cursor") : NULL;

  return isaf_server_ref_pull (conn, cursor, error);
}

/* A part of a file (sync-protocol.md 5.3): the answer says how much of it the server has. */
static GBytes *
handle_blob_part (PGconn                   *conn,
                  const IsafServerIdentity *identity,
                  IsafServerRequest        *request,
                  GBytes                   *body,
                  GError                  **error)
{
  const char *sha256 = request->path + strlen ("/v1/blobs/");
  IsafServerBlobProgress progress;
  gint64 received = 0;
  g_autofree char *answer = NULL;
  gsize length;

  if (!isaf_server_blob_put_part (conn, identity->commune_id, sha256, request->part_range, body,
                                  &progress, &received, error))
    return NULL;
  switch (progress)
    {
    case ISAF_SERVER_BLOB_PARTIAL:
      request->status = 202;
      break;
    case ISAF_SERVER_BLOB_COMPLETED:
      request->status = 201;
      break;
    case ISAF_SERVER_BLOB_ALREADY_STORED:
    default:
      request->status = 200;
      break;
    }
  answer = g_strdup_printf ("{\"status\":\"%s\",\"received\":%" G_GINT64_FORMAT "}",
                            progress == ISAF_SERVER_BLOB_PARTIAL ? "partial" : "stored", received);
  length = strlen (answer);
  return g_bytes_new_take (g_steal_pointer (&answer), length);
}

static GBytes *
handle_blob (PGconn                   *conn,
             const IsafServerIdentity *identity,
             IsafServerRequest        *request,
             GError                  **error)
{
  const char *sha256 = request->path + strlen ("/v1/blobs/");
  gint64 first = 0, total = 0;
  gboolean created = FALSE;
  GBytes *content;

  if (g_str_equal (request->method, "PUT"))
    {
      static const char stored[] = "{\"status\":\"stored\"}";
      g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
      GBytes *body = request->body ? request->body : empty;

      if (request->part_range != NULL)
        return handle_blob_part (conn, identity, request, body, error);
      if (!isaf_server_blob_put (conn, identity->commune_id, sha256, body, &created, error))
        return NULL;
      request->status = created ? 201 : 200;
      return g_bytes_new_static (stored, sizeof stored - 1);
    }
  if (!g_str_equal (request->method, "GET"))
    {
      g_set_error (error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_NOT_FOUND,
                   "no such endpoint: %s %s", request->method, request->path);
      return NULL;
    }
  content = isaf_server_blob_get (conn, identity->commune_id, sha256, request->range, &first,
                                  &total, error);
  if (content == NULL)
    return NULL;
  request->content_type = "application/octet-stream";
  if (request->range != NULL)
    {
      request->status = 206;
      request->content_range = g_strdup_printf ("bytes %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT
                                                "/%" G_GINT64_FORMAT, first,
                                                first + (gint64) g_bytes_get_size (content) - 1,
                                                total);
    }
  return content;
}

static gboolean
is (IsafServerRequest *request,
    const char        *method,
    const char        *path)
{
  return g_str_equal (request->method, method) && g_str_equal (request->path, path);
}

void
isaf_server_api_handle (const IsafServerConfig *config,
                        GBytes                 *token_secret,
                        PGconn                 *conn,
                        IsafServerRequest      *request)
{
  g_autoptr(GError) error = NULL;
  IsafServerIdentity identity;
  gint64 expected_batch_seq = 0;
  GBytes *answer = NULL;
  gboolean blob = g_str_has_prefix (request->path, "/v1/blobs/");
  gboolean sync = g_str_has_prefix (request->path, "/v1/sync/") || blob;

  if (request->proto != NULL && !g_str_equal (request->proto, G_STRINGIFY (ISAF_WIRE_PROTO)))
    check_protocol (request, -1, -1, &error);
  else if (sync && !authenticate (token_secret, request, &identity, &error))
    ;
  else if (is (request, "GET", "/v1/health"))
    answer = handle_health (conn, &error);
  else if (is (request, "POST", "/v1/enroll"))
    answer = handle_enroll (conn, request, &error);
  else if (is (request, "POST", "/v1/auth/token"))
    answer = handle_token (config, token_secret, conn, request, &error);
  else if (is (request, "POST", "/v1/sync/hello"))
    answer = handle_hello (conn, &identity, request, &error);
  else if (is (request, "POST", "/v1/sync/push"))
    answer = handle_push (config, conn, &identity, request, &expected_batch_seq, &error);
  else if (is (request, "GET", "/v1/sync/pull"))
    answer = handle_pull (conn, &identity, request, &error);
  else if (is (request, "GET", "/v1/sync/ref"))
    answer = handle_ref (conn, request, &error);
  else if (blob)
    answer = handle_blob (conn, &identity, request, &error);
  else
    g_set_error (&error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_NOT_FOUND,
                 "no such endpoint: %s %s", request->method, request->path);

  if (answer == NULL)
    {
      if (error == NULL)
        g_set_error_literal (&error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_DATABASE,
                             "the request failed without a reason");
      isaf_server_api_set_error (request, error, expected_batch_seq);
      return;
    }
  if (request->status == 0)
    request->status = 200;
  request->response = answer;
}
