/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-server"

#include "config.h"

#include <string.h>
#include <sys/random.h>

#include "isaf-error.h"
#include "isaf-pg.h"
#include "isaf-server-devices.h"
#include "isaf-server-error.h"
#include "isaf-validate.h"

/* Codes are typed by a clerk from a message: no 0/O or 1/I to confuse. 32 symbols, 10 of
 * them: 50 bits, against at most a few guesses a second through the proxy's rate limit for
 * 72 hours. */
static const char code_alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

#define SECRET_BYTES 32
#define TOKEN_PREFIX "v1."

static void
random_bytes (guint8 *buffer,
              gsize   length)
{
  gsize done = 0;

  while (done < length)
    {
      ssize_t got = getrandom (buffer + done, length - done, 0);

      if (got > 0)
        done += got;
    }
}

char *
isaf_server_new_epoch (void)
{
  guint8 bytes[16];
  GString *hex = g_string_sized_new (32);

  random_bytes (bytes, sizeof bytes);
  for (guint i = 0; i < sizeof bytes; i++)
    g_string_append_printf (hex, "%02x", bytes[i]);
  return g_string_free (hex, FALSE);
}

static char *
sha256_hex (const guint8 *data,
            gsize         length)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, length);
}

/* The code as the clerk may type it: any case, with spaces or dashes. */
static char *
normalize_code (const char *code)
{
  GString *normal = g_string_new (NULL);

  for (const char *p = code; *p; p++)
    if (*p != ' ' && *p != '-')
      g_string_append_c (normal, g_ascii_toupper (*p));
  return g_string_free (normal, FALSE);
}

/* The device secret's hash, or NULL if it is not 32 bytes of base64. */
static char *
hash_secret (const char *secret)
{
  g_autofree guint8 *bytes = NULL;
  gsize length = 0;

  if (secret == NULL || strlen (secret) != 44)
    return NULL;
  bytes = g_base64_decode (secret, &length);
  if (length != SECRET_BYTES)
    return NULL;
  return sha256_hex (bytes, length);
}

/**
 * isaf_server_enroll_code_new:
 * @conn: a connection (as the owner or the API role)
 * @commune_id: the commune's 6-digit NCDD code
 * @error: return location for an error
 *
 * Makes a single-use enrolment code for @commune_id, valid for 72 hours; the commune's stream
 * is created with its first code.
 *
 * Returns: (transfer full) (nullable): the code, ISAF_SERVER_CODE_LENGTH characters
 */
char *
isaf_server_enroll_code_new (PGconn      *conn,
                             const char  *commune_id,
                             GError     **error)
{
  char code[ISAF_SERVER_CODE_LENGTH + 1];
  guint8 random[ISAF_SERVER_CODE_LENGTH];
  g_autofree char *epoch = isaf_server_new_epoch ();
  g_autofree char *hash = NULL;
  g_autofree char *hours = g_strdup_printf ("%d", ISAF_SERVER_CODE_LIFETIME_HOURS);
  const char *stream_params[] = { commune_id, epoch };
  const char *code_params[3];

  if (!isaf_validate_commune_code (commune_id, error))
    return NULL;

  random_bytes (random, sizeof random);
  for (guint i = 0; i < ISAF_SERVER_CODE_LENGTH; i++)
    code[i] = code_alphabet[random[i] % (sizeof code_alphabet - 1)];
  code[ISAF_SERVER_CODE_LENGTH] = '\0';
  hash = sha256_hex ((const guint8 *) code, ISAF_SERVER_CODE_LENGTH);
  code_params[0] = hash;
  code_params[1] = commune_id;
  code_params[2] = hours;

  if (!isaf_pg_begin (conn, commune_id, error))
    return NULL;
  if (!isaf_pg_exec (conn,
                     "INSERT INTO commune_stream (commune_id, epoch) VALUES ($1, $2) "
                     "ON CONFLICT DO NOTHING",
                     2, stream_params, error)
      || !isaf_pg_exec (conn,
                        "INSERT INTO enrollment (code_hash, commune_id, expires_at) "
                        "VALUES (decode ($1, 'hex'), $2, now () + make_interval (hours => $3::int))",
                        3, code_params, error)
      || !isaf_pg_exec (conn,
                        "INSERT INTO audit_log (commune_id, event) VALUES ($1, 'enrollment_code')",
                        1, &commune_id, error)
      || !isaf_pg_commit (conn, error))
    {
      isaf_pg_rollback (conn);
      return NULL;
    }
  return g_strdup (code);
}

static void
set_invalid_code (GError **error)
{
  g_set_error_literal (error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_INVALID_CODE,
                       "this enrolment code is unknown, expired or already used; ask for a "
                       "new code");
}

/* Within the enrolment's transaction: the device for a code already used. A replay by the
 * same laptop (same secret) gets its device again; anyone else is refused. */
static gboolean
reply_for_used_code (PGconn              *conn,
                     PGresult            *enrollment,
                     const char          *secret_hash,
                     IsafWireEnrollReply *reply,
                     GError             **error)
{
  const char *device_id = PQgetvalue (enrollment, 0, 2);
  const char *params[] = { device_id };
  g_autoptr(PGresult) device = NULL;

  if (g_strcmp0 (PQgetvalue (enrollment, 0, 3), secret_hash) != 0)
    {
      set_invalid_code (error);
      return FALSE;
    }
  if (!isaf_pg_set_local (conn, "app.commune_id", PQgetvalue (enrollment, 0, 0), error))
    return FALSE;
  device = isaf_pg_query (conn, "SELECT node_id FROM device WHERE id = $1", 1, params, error);
  if (device == NULL)
    return FALSE;
  if (PQntuples (device) != 1)
    {
      set_invalid_code (error);
      return FALSE;
    }
  isaf_uuid_parse (device_id, &reply->device_id);
  reply->node_id = g_ascii_strtoll (PQgetvalue (device, 0, 0), NULL, 10);
  reply->commune_id = g_strdup (PQgetvalue (enrollment, 0, 0));
  return TRUE;
}

static gboolean
create_device (PGconn                      *conn,
               PGresult                    *enrollment,
               const char                  *code_hash,
               const char                  *secret_hash,
               const IsafWireEnrollRequest *request,
               IsafWireEnrollReply         *reply,
               GError                     **error)
{
  const char *commune_id = PQgetvalue (enrollment, 0, 0);
  char device_text[ISAF_UUID_STRING_LENGTH + 1];
  g_autoptr(PGresult) node = NULL;
  const char *device_params[5];
  const char *use_params[3];

  isaf_uuid_v7 (&reply->device_id);
  isaf_uuid_to_buffer (&reply->device_id, device_text);
  if (!isaf_pg_set_local (conn, "app.commune_id", commune_id, error))
    return FALSE;
  node = isaf_pg_query (conn, "SELECT nextval ('device_node_seq')", 0, NULL, error);
  if (node == NULL)
    return FALSE;

  device_params[0] = device_text;
  device_params[1] = commune_id;
  device_params[2] = PQgetvalue (node, 0, 0);
  device_params[3] = secret_hash;
  device_params[4] = request->description;
  use_params[0] = code_hash;
  use_params[1] = device_text;
  use_params[2] = secret_hash;
  if (!isaf_pg_exec (conn,
                     "INSERT INTO device (id, commune_id, node_id, secret_hash, description) "
                     "VALUES ($1, $2, $3, decode ($4, 'hex'), $5)",
                     5, device_params, error)
      || !isaf_pg_exec (conn,
                        "UPDATE enrollment SET used_at = now (), device_id = $2, "
                        "secret_hash = decode ($3, 'hex') WHERE code_hash = decode ($1, 'hex')",
                        3, use_params, error)
      || !isaf_pg_exec (conn,
                        "INSERT INTO audit_log (commune_id, device_id, event) "
                        "VALUES ($2, $1, 'enrolled')",
                        2, device_params, error))
    return FALSE;

  reply->node_id = g_ascii_strtoll (PQgetvalue (node, 0, 0), NULL, 10);
  reply->commune_id = g_strdup (commune_id);
  return TRUE;
}

/**
 * isaf_server_enroll:
 * @conn: a connection as the API role
 * @request: the laptop's code, secret and description
 * @reply: (out caller-allocates): the new device, its node id and commune
 * @error: return location for an %ISAF_SERVER_ERROR
 *
 * Spends a one-time code on a new device. Replaying the same request (a lost answer) gives the
 * same device back; any other use of a used, expired or unknown code is refused alike, so a
 * guess learns nothing.
 */
gboolean
isaf_server_enroll (PGconn                      *conn,
                    const IsafWireEnrollRequest *request,
                    IsafWireEnrollReply         *reply,
                    GError                     **error)
{
  g_autofree char *code = normalize_code (request->code);
  g_autofree char *code_hash = sha256_hex ((const guint8 *) code, strlen (code));
  g_autofree char *secret_hash = hash_secret (request->secret);
  g_autoptr(PGresult) enrollment = NULL;
  const char *params[] = { code_hash };
  gboolean ok;

  if (secret_hash == NULL)
    {
      g_set_error_literal (error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_MALFORMED,
                           "secret must be 32 random bytes in base64");
      return FALSE;
    }
  if (!isaf_pg_begin (conn, NULL, error))
    return FALSE;
  /* Row-level security shows this transaction the one enrolment whose code it knows. */
  if (!isaf_pg_set_local (conn, "app.code_hash", code_hash, error))
    goto failed;
  enrollment = isaf_pg_query (conn,
                              "SELECT commune_id, used_at IS NOT NULL, device_id, "
                              "encode (secret_hash, 'hex'), expires_at < now () "
                              "FROM enrollment WHERE code_hash = decode ($1, 'hex') FOR UPDATE",
                              1, params, error);
  if (enrollment == NULL)
    goto failed;
  if (PQntuples (enrollment) != 1)
    {
      set_invalid_code (error);
      goto failed;
    }

  if (g_str_equal (PQgetvalue (enrollment, 0, 1), "t"))
    ok = reply_for_used_code (conn, enrollment, secret_hash, reply, error);
  else if (g_str_equal (PQgetvalue (enrollment, 0, 4), "t"))
    {
      set_invalid_code (error);
      ok = FALSE;
    }
  else
    ok = create_device (conn, enrollment, code_hash, secret_hash, request, reply, error);
  if (!ok || !isaf_pg_commit (conn, error))
    goto failed;
  return TRUE;

failed:
  isaf_pg_rollback (conn);
  return FALSE;
}

static char *
base64url (const guint8 *data,
           gsize         length)
{
  char *text = g_base64_encode (data, length);

  g_strdelimit (text, "+", '-');
  g_strdelimit (text, "/", '_');
  g_strdelimit (text, "=", '\0');
  return text;
}

static char *
sign (GBytes     *secret,
      const char *payload)
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, g_bytes_get_data (secret, NULL),
                                      g_bytes_get_size (secret));
  guint8 digest[32];
  gsize length = sizeof digest;

  g_hmac_update (hmac, (const guchar *) payload, strlen (payload));
  g_hmac_get_digest (hmac, digest, &length);
  return base64url (digest, length);
}

static char *
make_token (GBytes                   *secret,
            const IsafServerIdentity *identity,
            gint64                    expires_at)
{
  char device[ISAF_UUID_STRING_LENGTH + 1];
  g_autofree char *payload = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *signature = NULL;

  isaf_uuid_to_buffer (&identity->device_id, device);
  payload = g_strdup_printf ("%s %s %" G_GINT64_FORMAT, device, identity->commune_id,
                             expires_at);
  encoded = base64url ((const guint8 *) payload, strlen (payload));
  signature = sign (secret, encoded);
  return g_strconcat (TOKEN_PREFIX, encoded, ".", signature, NULL);
}

gboolean
isaf_server_token_issue (PGconn                     *conn,
                         const IsafWireTokenRequest *request,
                         GBytes                     *signing_secret,
                         int                         lifetime_seconds,
                         IsafWireTokenReply         *reply,
                         GError                    **error)
{
  g_autofree char *secret_hash = hash_secret (request->secret);
  char device[ISAF_UUID_STRING_LENGTH + 1];
  const char *params[] = { device };
  g_autoptr(PGresult) row = NULL;
  IsafServerIdentity identity = { request->device_id, "" };

  isaf_uuid_to_buffer (&request->device_id, device);
  if (!isaf_pg_begin (conn, NULL, error))
    return FALSE;
  if (!isaf_pg_set_local (conn, "app.device_id", device, error))
    goto failed;
  row = isaf_pg_query (conn,
                       "SELECT commune_id, status, encode (secret_hash, 'hex') FROM device "
                       "WHERE id = $1",
                       1, params, error);
  if (row == NULL)
    goto failed;
  isaf_pg_rollback (conn);

  /* An unknown device and a wrong secret are answered alike. */
  if (PQntuples (row) != 1 || secret_hash == NULL
      || strcmp (PQgetvalue (row, 0, 2), secret_hash) != 0)
    {
      g_set_error_literal (error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_UNAUTHORIZED,
                           "unknown device or wrong secret");
      return FALSE;
    }
  if (!g_str_equal (PQgetvalue (row, 0, 1), "active"))
    {
      g_set_error_literal (error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_REVOKED,
                           "this device was revoked; enrol it again with a new code");
      return FALSE;
    }
  g_strlcpy (identity.commune_id, PQgetvalue (row, 0, 0), sizeof identity.commune_id);
  reply->token = make_token (signing_secret, &identity,
                             g_get_real_time () / G_USEC_PER_SEC + lifetime_seconds);
  reply->expires_in_seconds = lifetime_seconds;
  return TRUE;

failed:
  isaf_pg_rollback (conn);
  return FALSE;
}

static gboolean
set_unauthorized (GError    **error,
                  const char *why)
{
  g_set_error (error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_UNAUTHORIZED, "%s", why);
  return FALSE;
}

gboolean
isaf_server_token_verify (const char         *token,
                          GBytes             *signing_secret,
                          IsafServerIdentity *identity,
                          GError            **error)
{
  const char *dot;
  g_autofree char *encoded = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *padded = NULL;
  g_autofree guint8 *payload = NULL;
  g_autofree char *payload_text = NULL;
  g_auto(GStrv) parts = NULL;
  gsize length = 0;
  gint64 expires_at;
  guint difference = 0;

  if (token == NULL || !g_str_has_prefix (token, TOKEN_PREFIX))
    return set_unauthorized (error, "missing or malformed access token");
  token += strlen (TOKEN_PREFIX);
  dot = strchr (token, '.');
  if (dot == NULL || dot == token || strlen (token) > 512)
    return set_unauthorized (error, "missing or malformed access token");
  encoded = g_strndup (token, dot - token);
  expected = sign (signing_secret, encoded);
  /* Compared in constant time: the signature is a secret until it matches. */
  if (strlen (expected) != strlen (dot + 1))
    return set_unauthorized (error, "forged access token");
  for (gsize i = 0; expected[i]; i++)
    difference |= (guint8) expected[i] ^ (guint8) dot[1 + i];
  if (difference != 0)
    return set_unauthorized (error, "forged access token");

  padded = g_strdup_printf ("%s%s", encoded, &"=="[(2 - (strlen (encoded) + 2) % 4 % 3) % 3]);
  g_strdelimit (padded, "-", '+');
  g_strdelimit (padded, "_", '/');
  payload = g_base64_decode (padded, &length);
  payload_text = g_strndup ((const char *) payload, length);
  parts = g_strsplit (payload_text, " ", -1);
  if (g_strv_length (parts) != 3 || !isaf_uuid_parse (parts[0], &identity->device_id)
      || strlen (parts[1]) != 6
      || !g_ascii_string_to_signed (parts[2], 10, 0, G_MAXINT64, &expires_at, NULL))
    return set_unauthorized (error, "malformed access token");
  if (expires_at <= g_get_real_time () / G_USEC_PER_SEC)
    return set_unauthorized (error, "expired access token");
  g_strlcpy (identity->commune_id, parts[1], sizeof identity->commune_id);
  return TRUE;
}

gboolean
isaf_server_device_check (PGconn                   *conn,
                          const IsafServerIdentity *identity,
                          gboolean                  for_update,
                          gint64                   *node_id,
                          gint64                   *last_batch_seq,
                          GError                  **error)
{
  char device[ISAF_UUID_STRING_LENGTH + 1];
  const char *params[] = { device };
  g_autoptr(PGresult) row = NULL;

  isaf_uuid_to_buffer (&identity->device_id, device);
  row = isaf_pg_query (conn,
                       for_update
                         ? "SELECT status, node_id, last_batch_seq FROM device WHERE id = $1 "
                           "FOR UPDATE"
                         : "SELECT status, node_id, last_batch_seq FROM device WHERE id = $1",
                       1, params, error);
  if (row == NULL)
    return FALSE;
  /* Row-level security hides a device of another commune: the token no longer fits it. */
  if (PQntuples (row) != 1)
    return set_unauthorized (error, "unknown device");
  if (!g_str_equal (PQgetvalue (row, 0, 0), "active"))
    {
      g_set_error_literal (error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_REVOKED,
                           "this device was revoked; enrol it again with a new code");
      return FALSE;
    }
  if (node_id != NULL)
    *node_id = g_ascii_strtoll (PQgetvalue (row, 0, 1), NULL, 10);
  if (last_batch_seq != NULL)
    *last_batch_seq = g_ascii_strtoll (PQgetvalue (row, 0, 2), NULL, 10);
  return TRUE;
}

gboolean
isaf_server_device_revoke (PGconn      *conn,
                           const char  *device_id,
                           GError     **error)
{
  IsafUuid id;
  const char *params[] = { device_id };
  g_autoptr(PGresult) row = NULL;

  if (!isaf_uuid_parse (device_id, &id))
    {
      g_set_error (error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_MALFORMED,
                   "“%s” is not a device id (a UUID)", device_id);
      return FALSE;
    }
  if (!isaf_pg_begin (conn, NULL, error))
    return FALSE;
  if (!isaf_pg_set_local (conn, "app.device_id", device_id, error))
    goto failed;
  row = isaf_pg_query (conn, "SELECT commune_id FROM device WHERE id = $1", 1, params, error);
  if (row == NULL)
    goto failed;
  if (PQntuples (row) != 1)
    {
      g_set_error (error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_NOT_FOUND,
                   "no device %s is enrolled", device_id);
      goto failed;
    }
  if (!isaf_pg_set_local (conn, "app.commune_id", PQgetvalue (row, 0, 0), error)
      || !isaf_pg_exec (conn, "UPDATE device SET status = 'revoked' WHERE id = $1", 1, params,
                        error)
      || !isaf_pg_exec (conn,
                        "INSERT INTO audit_log (commune_id, device_id, event) "
                        "SELECT commune_id, id, 'revoked' FROM device WHERE id = $1",
                        1, params, error)
      || !isaf_pg_commit (conn, error))
    goto failed;
  return TRUE;

failed:
  isaf_pg_rollback (conn);
  return FALSE;
}

gboolean
isaf_server_new_epoch_for (PGconn      *conn,
                           const char  *commune_id,
                           GError     **error)
{
  g_autofree char *epoch = isaf_server_new_epoch ();
  g_autoptr(PGresult) updated = NULL;

  if (!isaf_validate_commune_code (commune_id, error))
    return FALSE;
  if (!isaf_pg_begin (conn, commune_id, error))
    return FALSE;
  updated = isaf_pg_query (conn,
                           "UPDATE commune_stream SET epoch = $2 WHERE commune_id = $1 "
                           "RETURNING 1",
                           2, (const char *[]) { commune_id, epoch }, error);
  if (updated == NULL)
    goto failed;
  if (PQntuples (updated) != 1)
    {
      g_set_error (error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_NOT_FOUND,
                   "commune %s has no data on this server", commune_id);
      goto failed;
    }
  if (!isaf_pg_exec (conn,
                     "INSERT INTO audit_log (commune_id, event) VALUES ($1, 'new_epoch')",
                     1, (const char *[]) { commune_id }, error)
      || !isaf_pg_commit (conn, error))
    goto failed;
  return TRUE;

failed:
  isaf_pg_rollback (conn);
  return FALSE;
}
