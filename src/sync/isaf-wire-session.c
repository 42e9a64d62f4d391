/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-wire"

#include "config.h"

#include <string.h>

#include "isaf-wire-private.h"

/* The small messages around a sync session (src/sync/sync-protocol.md): enrolment, the access
 * token, hello, and the error reply of every endpoint. Each decoder fills *out only when the
 * whole message is valid. */

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (IsafWireEnrollRequest, isaf_wire_enroll_request_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (IsafWireEnrollReply, isaf_wire_enroll_reply_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (IsafWireTokenRequest, isaf_wire_token_request_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (IsafWireTokenReply, isaf_wire_token_reply_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (IsafWireHelloRequest, isaf_wire_hello_request_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (IsafWireHelloReply, isaf_wire_hello_reply_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (IsafWireErrorReply, isaf_wire_error_reply_clear)

#define SECRET_CHARS 44
#define DESCRIPTION_MAX_CHARS 120

static const char * const device_statuses[] = { "active", "revoked", NULL };

static const char base64_alphabet[] =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* 32 bytes in standard, padded base64. They fill 42 characters and 4 of the 6 bits of the
 * 43rd; the last 2 bits are zero in the one spelling of the secret, the one the server
 * hashes. */
static gboolean
is_secret (const char *text)
{
  const char *last;

  if (strlen (text) != SECRET_CHARS || text[SECRET_CHARS - 1] != '=')
    return FALSE;
  for (guint i = 0; i < SECRET_CHARS - 1; i++)
    if (strchr (base64_alphabet, text[i]) == NULL)
      return FALSE;

  last = strchr (base64_alphabet, text[SECRET_CHARS - 2]);
  return ((last - base64_alphabet) & 0x3) == 0;
}

static gboolean
read_secret (JsonObject  *object,
             char       **out,
             GError     **error)
{
  IsafWirePath path = ISAF_WIRE_PATH_KEY (NULL, "secret");
  const char *secret = isaf_wire_read_string (object, "secret", NULL, error);

  if (secret == NULL)
    return FALSE;
  if (!is_secret (secret))
    {
      isaf_wire_set_error (error, ISAF_WIRE_ERROR_MALFORMED, &path,
                           "expected 32 bytes in padded base64 (44 characters)");
      return FALSE;
    }

  *out = g_strdup (secret);
  return TRUE;
}

/* Enrolment */

void
isaf_wire_enroll_request_clear (IsafWireEnrollRequest *request)
{
  g_free (request->code);
  g_free (request->secret);
  g_free (request->description);
  memset (request, 0, sizeof *request);
}

GBytes *
isaf_wire_enroll_request_encode (const IsafWireEnrollRequest *request)
{
  GString *out;

  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (request->code != NULL, NULL);
  g_return_val_if_fail (request->secret != NULL && is_secret (request->secret), NULL);
  g_return_val_if_fail (request->description == NULL
                        || g_utf8_strlen (request->description, -1) <= DESCRIPTION_MAX_CHARS,
                        NULL);

  out = g_string_new ("{\"code\":");
  isaf_wire_append_string (out, request->code);
  g_string_append (out, ",\"secret\":");
  isaf_wire_append_string (out, request->secret);
  if (request->description != NULL)
    {
      g_string_append (out, ",\"description\":");
      isaf_wire_append_string (out, request->description);
    }
  g_string_append_c (out, '}');

  return g_string_free_to_bytes (out);
}

gboolean
isaf_wire_enroll_request_decode (const char             *data,
                                 gsize                   length,
                                 IsafWireEnrollRequest  *out,
                                 GError                **error)
{
  static const char * const required[] = { "code", "secret", NULL };
  static const char * const optional[] = { "description", NULL };
  IsafWirePath description_path = ISAF_WIRE_PATH_KEY (NULL, "description");
  g_auto(IsafWireReader) reader = { NULL };
  g_auto(IsafWireEnrollRequest) request = { NULL };
  JsonObject *root;

  g_return_val_if_fail (out != NULL, FALSE);

  root = isaf_wire_reader_parse (&reader, data, length, required, optional, error);
  if (root == NULL
      || !isaf_wire_dup_string (root, "code", NULL, &request.code, error)
      || !read_secret (root, &request.secret, error))
    return FALSE;

  if (json_object_has_member (root, "description"))
    {
      if (!isaf_wire_dup_string (root, "description", NULL, &request.description, error))
        return FALSE;
      if (g_utf8_strlen (request.description, -1) > DESCRIPTION_MAX_CHARS)
        {
          isaf_wire_set_error (error, ISAF_WIRE_ERROR_TOO_LARGE, &description_path,
                               "longer than %d characters", DESCRIPTION_MAX_CHARS);
          return FALSE;
        }
    }

  *out = request;
  memset (&request, 0, sizeof request);
  return TRUE;
}

void
isaf_wire_enroll_reply_clear (IsafWireEnrollReply *reply)
{
  g_free (reply->commune_id);
  memset (reply, 0, sizeof *reply);
}

GBytes *
isaf_wire_enroll_reply_encode (const IsafWireEnrollReply *reply)
{
  GString *out;

  g_return_val_if_fail (reply != NULL, NULL);
  g_return_val_if_fail (reply->commune_id != NULL, NULL);

  out = g_string_new ("{\"device_id\":");
  isaf_wire_append_uuid (out, &reply->device_id);
  g_string_append (out, ",\"node_id\":");
  isaf_wire_append_clock (out, reply->node_id);
  g_string_append (out, ",\"commune_id\":");
  isaf_wire_append_string (out, reply->commune_id);
  g_string_append_c (out, '}');

  return g_string_free_to_bytes (out);
}

gboolean
isaf_wire_enroll_reply_decode (const char           *data,
                               gsize                 length,
                               IsafWireEnrollReply  *out,
                               GError              **error)
{
  static const char * const required[] = { "device_id", "node_id", "commune_id", NULL };
  g_auto(IsafWireReader) reader = { NULL };
  g_auto(IsafWireEnrollReply) reply = { { { 0 } } };
  JsonObject *root;

  g_return_val_if_fail (out != NULL, FALSE);

  root = isaf_wire_reader_parse (&reader, data, length, required, NULL, error);
  if (root == NULL
      || !isaf_wire_read_uuid (root, "device_id", NULL, &reply.device_id, error)
      || !isaf_wire_read_clock (root, "node_id", NULL, &reply.node_id, error)
      || !isaf_wire_dup_string (root, "commune_id", NULL, &reply.commune_id, error))
    return FALSE;

  *out = reply;
  memset (&reply, 0, sizeof reply);
  return TRUE;
}

/* Access token */

void
isaf_wire_token_request_clear (IsafWireTokenRequest *request)
{
  g_free (request->secret);
  memset (request, 0, sizeof *request);
}

GBytes *
isaf_wire_token_request_encode (const IsafWireTokenRequest *request)
{
  GString *out;

  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (request->secret != NULL && is_secret (request->secret), NULL);

  out = g_string_new ("{\"device_id\":");
  isaf_wire_append_uuid (out, &request->device_id);
  g_string_append (out, ",\"secret\":");
  isaf_wire_append_string (out, request->secret);
  g_string_append_c (out, '}');

  return g_string_free_to_bytes (out);
}

gboolean
isaf_wire_token_request_decode (const char            *data,
                                gsize                  length,
                                IsafWireTokenRequest  *out,
                                GError               **error)
{
  static const char * const required[] = { "device_id", "secret", NULL };
  g_auto(IsafWireReader) reader = { NULL };
  g_auto(IsafWireTokenRequest) request = { { { 0 } } };
  JsonObject *root;

  g_return_val_if_fail (out != NULL, FALSE);

  root = isaf_wire_reader_parse (&reader, data, length, required, NULL, error);
  if (root == NULL
      || !isaf_wire_read_uuid (root, "device_id", NULL, &request.device_id, error)
      || !read_secret (root, &request.secret, error))
    return FALSE;

  *out = request;
  memset (&request, 0, sizeof request);
  return TRUE;
}

void
isaf_wire_token_reply_clear (IsafWireTokenReply *reply)
{
  g_free (reply->token);
  memset (reply, 0, sizeof *reply);
}

GBytes *
isaf_wire_token_reply_encode (const IsafWireTokenReply *reply)
{
  GString *out;

  g_return_val_if_fail (reply != NULL, NULL);
  g_return_val_if_fail (reply->token != NULL, NULL);
  g_return_val_if_fail (reply->expires_in_seconds >= 0, NULL);

  out = g_string_new ("{\"token\":");
  isaf_wire_append_string (out, reply->token);
  g_string_append (out, ",\"expires_in\":");
  isaf_wire_append_int64 (out, reply->expires_in_seconds);
  g_string_append_c (out, '}');

  return g_string_free_to_bytes (out);
}

gboolean
isaf_wire_token_reply_decode (const char          *data,
                              gsize                length,
                              IsafWireTokenReply  *out,
                              GError             **error)
{
  static const char * const required[] = { "token", "expires_in", NULL };
  g_auto(IsafWireReader) reader = { NULL };
  g_auto(IsafWireTokenReply) reply = { NULL };
  JsonObject *root;

  g_return_val_if_fail (out != NULL, FALSE);

  root = isaf_wire_reader_parse (&reader, data, length, required, NULL, error);
  if (root == NULL
      || !isaf_wire_read_int64 (root, "expires_in", NULL, 0, G_MAXINT64,
                                &reply.expires_in_seconds, error)
      || !isaf_wire_dup_string (root, "token", NULL, &reply.token, error))
    return FALSE;

  *out = reply;
  memset (&reply, 0, sizeof reply);
  return TRUE;
}

/* Hello */

void
isaf_wire_hello_request_clear (IsafWireHelloRequest *request)
{
  g_free (request->app);
  memset (request, 0, sizeof *request);
}

GBytes *
isaf_wire_hello_request_encode (const IsafWireHelloRequest *request)
{
  GString *out;

  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (request->proto >= 1 && request->schema >= 1, NULL);
  g_return_val_if_fail (request->app != NULL, NULL);

  out = g_string_new ("{\"proto\":");
  isaf_wire_append_int64 (out, request->proto);
  g_string_append (out, ",\"schema\":");
  isaf_wire_append_int64 (out, request->schema);
  g_string_append (out, ",\"app\":");
  isaf_wire_append_string (out, request->app);
  g_string_append_c (out, '}');

  return g_string_free_to_bytes (out);
}

gboolean
isaf_wire_hello_request_decode (const char            *data,
                                gsize                  length,
                                IsafWireHelloRequest  *out,
                                GError               **error)
{
  static const char * const required[] = { "proto", "schema", "app", NULL };
  g_auto(IsafWireReader) reader = { NULL };
  g_auto(IsafWireHelloRequest) request = { 0 };
  JsonObject *root;

  g_return_val_if_fail (out != NULL, FALSE);

  root = isaf_wire_reader_parse (&reader, data, length, required, NULL, error);
  if (root == NULL
      || !isaf_wire_read_int (root, "proto", NULL, 1, G_MAXINT, &request.proto, error)
      || !isaf_wire_read_int (root, "schema", NULL, 1, G_MAXINT, &request.schema, error)
      || !isaf_wire_dup_string (root, "app", NULL, &request.app, error))
    return FALSE;

  *out = request;
  memset (&request, 0, sizeof request);
  return TRUE;
}

void
isaf_wire_hello_reply_clear (IsafWireHelloReply *reply)
{
  g_free (reply->epoch);
  g_free (reply->commune_id);
  g_free (reply->device_status);
  memset (reply, 0, sizeof *reply);
}

GBytes *
isaf_wire_hello_reply_encode (const IsafWireHelloReply *reply)
{
  GString *out;

  g_return_val_if_fail (reply != NULL, NULL);
  g_return_val_if_fail (reply->proto_min >= 1 && reply->proto_min <= reply->proto_max, NULL);
  g_return_val_if_fail (reply->schema_min >= 1 && reply->schema_min <= reply->schema_max, NULL);
  g_return_val_if_fail (reply->epoch != NULL && reply->commune_id != NULL, NULL);
  g_return_val_if_fail (reply->device_status != NULL
                        && g_strv_contains (device_statuses, reply->device_status), NULL);
  g_return_val_if_fail (reply->last_batch_seq >= 0, NULL);

  out = g_string_new ("{\"server_time_ms\":");
  isaf_wire_append_int64 (out, reply->server_time_ms);
  g_string_append (out, ",\"proto_min\":");
  isaf_wire_append_int64 (out, reply->proto_min);
  g_string_append (out, ",\"proto_max\":");
  isaf_wire_append_int64 (out, reply->proto_max);
  g_string_append (out, ",\"schema_min\":");
  isaf_wire_append_int64 (out, reply->schema_min);
  g_string_append (out, ",\"schema_max\":");
  isaf_wire_append_int64 (out, reply->schema_max);
  g_string_append (out, ",\"epoch\":");
  isaf_wire_append_string (out, reply->epoch);
  g_string_append (out, ",\"commune_id\":");
  isaf_wire_append_string (out, reply->commune_id);
  g_string_append (out, ",\"device_status\":");
  isaf_wire_append_string (out, reply->device_status);
  g_string_append (out, ",\"last_batch_seq\":");
  isaf_wire_append_int64 (out, reply->last_batch_seq);
  g_string_append_c (out, '}');

  return g_string_free_to_bytes (out);
}

static gboolean
read_range (JsonObject  *root,
            const char  *min_key,
            const char  *max_key,
            int         *min,
            int         *max,
            GError     **error)
{
  IsafWirePath path = ISAF_WIRE_PATH_KEY (NULL, min_key);

  if (!isaf_wire_read_int (root, min_key, NULL, 1, G_MAXINT, min, error)
      || !isaf_wire_read_int (root, max_key, NULL, 1, G_MAXINT, max, error))
    return FALSE;
  if (*min > *max)
    {
      isaf_wire_set_error (error, ISAF_WIRE_ERROR_MALFORMED, &path, "above %s", max_key);
      return FALSE;
    }

  return TRUE;
}

gboolean
isaf_wire_hello_reply_decode (const char          *data,
                              gsize                length,
                              IsafWireHelloReply  *out,
                              GError             **error)
{
  static const char * const required[] = {
    "server_time_ms", "proto_min", "proto_max", "schema_min", "schema_max", "epoch",
    "commune_id", "device_status", "last_batch_seq", NULL
  };
  g_auto(IsafWireReader) reader = { NULL };
  g_auto(IsafWireHelloReply) reply = { 0 };
  const char *device_status;
  JsonObject *root;

  g_return_val_if_fail (out != NULL, FALSE);

  root = isaf_wire_reader_parse (&reader, data, length, required, NULL, error);
  if (root == NULL
      || !isaf_wire_read_int64 (root, "server_time_ms", NULL, 0, G_MAXINT64,
                                &reply.server_time_ms, error)
      || !read_range (root, "proto_min", "proto_max", &reply.proto_min, &reply.proto_max, error)
      || !read_range (root, "schema_min", "schema_max", &reply.schema_min, &reply.schema_max,
                      error)
      || (device_status = isaf_wire_read_choice (root, "device_status", NULL, device_statuses,
                                                 error)) == NULL
      || !isaf_wire_read_int64 (root, "last_batch_seq", NULL, 0, G_MAXINT64,
                                &reply.last_batch_seq, error)
      || !isaf_wire_dup_string (root, "epoch", NULL, &reply.epoch, error)
      || !isaf_wire_dup_string (root, "commune_id", NULL, &reply.commune_id, error))
    return FALSE;

  reply.device_status = g_strdup (device_status);
  *out = reply;
  memset (&reply, 0, sizeof reply);
  return TRUE;
}

/* The error reply */

void
isaf_wire_error_reply_clear (IsafWireErrorReply *reply)
{
  g_free (reply->code);
  g_free (reply->message);
  memset (reply, 0, sizeof *reply);
}

GBytes *
isaf_wire_error_reply_encode (const IsafWireErrorReply *reply)
{
  GString *out;

  g_return_val_if_fail (reply != NULL, NULL);
  g_return_val_if_fail (reply->code != NULL && reply->message != NULL, NULL);
  g_return_val_if_fail (reply->expected_batch_seq >= 0, NULL);

  out = g_string_new ("{\"code\":");
  isaf_wire_append_string (out, reply->code);
  g_string_append (out, ",\"message\":");
  isaf_wire_append_string (out, reply->message);
  /* Only a batch gap has one: 0 stands for "none" and is not written. */
  if (reply->expected_batch_seq != 0)
    {
      g_string_append (out, ",\"expected_batch_seq\":");
      isaf_wire_append_int64 (out, reply->expected_batch_seq);
    }
  g_string_append_c (out, '}');

  return g_string_free_to_bytes (out);
}

gboolean
isaf_wire_error_reply_decode (const char          *data,
                              gsize                length,
                              IsafWireErrorReply  *out,
                              GError             **error)
{
  static const char * const required[] = { "code", "message", NULL };
  static const char * const optional[] = { "expected_batch_seq", NULL };
  g_auto(IsafWireReader) reader = { NULL };
  g_auto(IsafWireErrorReply) reply = { NULL };
  JsonObject *root;

  g_return_val_if_fail (out != NULL, FALSE);

  root = isaf_wire_reader_parse (&reader, data, length, required, optional, error);
  if (root == NULL
      || (json_object_has_member (root, "expected_batch_seq")
          && !isaf_wire_read_int64 (root, "expected_batch_seq", NULL, 1, G_MAXINT64,
                                    &reply.expected_batch_seq, error))
      || !isaf_wire_dup_string (root, "code", NULL, &reply.code, error)
      || !isaf_wire_dup_string (root, "message", NULL, &reply.message, error))
    return FALSE;

  *out = reply;
  memset (&reply, 0, sizeof reply);
  return TRUE;
}
