/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-server"

#include "config.h"

#include <string.h>

#include "isaf-pg.h"
#include "isaf-server-blobs.h"
#include "isaf-server-error.h"

static gboolean
is_sha256 (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}

gboolean
isaf_server_blob_check_address (const char  *sha256,
                                GError     **error)
{
  if (is_sha256 (sha256))
    return TRUE;
  g_set_error_literal (error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_MALFORMED,
                       "a file's address is its SHA-256 in 64 lowercase hexadecimal digits");
  return FALSE;
}

gboolean
isaf_server_blob_put (PGconn      *conn,
                      const char  *commune_id,
                      const char  *sha256,
                      GBytes      *content,
                      gboolean    *created,
                      GError     **error)
{
  g_autofree char *actual = NULL;
  g_autofree char *size = NULL;
  g_autoptr(PGresult) inserted = NULL;
  const char *values[] = { commune_id, sha256, NULL, NULL };
  int lengths[] = { 0, 0, 0, 0 };
  int formats[] = { 0, 0, 0, 1 };

  if (!isaf_server_blob_check_address (sha256, error))
    return FALSE;
  actual = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, content);
  if (!g_str_equal (actual, sha256))
    {
      g_set_error_literal (error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_MALFORMED,
                           "the file's content does not have the SHA-256 of its address");
      return FALSE;
    }
  size = g_strdup_printf ("%" G_GSIZE_FORMAT, g_bytes_get_size (content));
  values[2] = size;
  values[3] = g_bytes_get_data (content, NULL);
  lengths[3] = g_bytes_get_size (content);

  if (!isaf_pg_begin (conn, commune_id, error))
    return FALSE;
  /* The content travels as binary: no escaping of a file's bytes. */
  inserted = PQexecParams (conn,
                           "INSERT INTO blob (commune_id, sha256, size, content) "
                           "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1",
                           4, NULL, values, lengths, formats, 0);
  if (PQresultStatus (inserted) != PGRES_TUPLES_OK)
    {
      g_set_error (error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_DATABASE, "storing a file: %s",
                   PQresultErrorMessage (inserted));
      isaf_pg_rollback (conn);
      return FALSE;
    }
  if (!isaf_pg_commit (conn, error))
    {
      isaf_pg_rollback (conn);
      return FALSE;
    }
  *created = PQntuples (inserted) == 1;
  return TRUE;
}

static gboolean
set_bad_range (GError **error)
{
  g_set_error_literal (error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_RANGE,
                       "the range asked for is not within the file");
  return FALSE;
}

/* The bytes [*first, *last] of a file of @total bytes that @range asks for. */
static gboolean
parse_range (const char  *range,
             gint64       total,
             gint64      *first,
             gint64      *last,
             GError     **error)
{
  g_auto(GStrv) ends = NULL;
  gint64 a, b;

  *first = 0;
  *last = total - 1;
  if (range == NULL)
    return TRUE;
  if (!g_str_has_prefix (range, "bytes=") || strchr (range, ',') != NULL)
    return set_bad_range (error);
  ends = g_strsplit (range + strlen ("bytes="), "-", 2);
  if (g_strv_length (ends) != 2)
    return set_bad_range (error);
  if (ends[0][0] == '\0')
    {
      /* The last N bytes. */
      if (!g_ascii_string_to_signed (ends[1], 10, 1, G_MAXINT64, &b, NULL) || total == 0)
        return set_bad_range (error);
      *first = MAX (0, total - b);
      return TRUE;
    }
  if (!g_ascii_string_to_signed (ends[0], 10, 0, G_MAXINT64, &a, NULL) || a >= total)
    return set_bad_range (error);
  *first = a;
  if (ends[1][0] == '\0')
    return TRUE;
  if (!g_ascii_string_to_signed (ends[1], 10, a, G_MAXINT64, &b, NULL))
    return set_bad_range (error);
  *last = MIN (b, total - 1);
  return TRUE;
}

GBytes *
isaf_server_blob_get (PGconn      *conn,
                      const char  *commune_id,
                      const char  *sha256,
                      const char  *range,
                      gint64      *first,
                      gint64      *total,
                      GError     **error)
{
  g_autoptr(PGresult) found = NULL;
  g_autoptr(PGresult) part = NULL;
  g_autofree char *from = NULL;
  g_autofree char *count = NULL;
  const char *params[] = { sha256, NULL, NULL };
  int formats[] = { 0, 0, 0 };
  gint64 last;

  if (!isaf_server_blob_check_address (sha256, error))
    return NULL;
  if (!isaf_pg_exec (conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL, error))
    return NULL;
  if (!isaf_pg_set_local (conn, "app.commune_id", commune_id, error))
    goto failed;
  found = isaf_pg_query (conn, "SELECT size FROM blob WHERE sha256 = $1 LIMIT 1", 1, params,
                         error);
  if (found == NULL)
    goto failed;
  if (PQntuples (found) == 0)
    {
      g_set_error_literal (error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_NOT_FOUND,
                           "no such file");
      goto failed;
    }
  *total = g_ascii_strtoll (PQgetvalue (found, 0, 0), NULL, 10);
  if (!parse_range (range, *total, first, &last, error))
    goto failed;

  from = g_strdup_printf ("%" G_GINT64_FORMAT, *first + 1);
  count = g_strdup_printf ("%" G_GINT64_FORMAT, last - *first + 1);
  params[1] = from;
  params[2] = count;
  part = PQexecParams (conn,
                       "SELECT substring (content FROM $2::int FOR $3::int) FROM blob "
                       "WHERE sha256 = $1 LIMIT 1",
                       3, NULL, params, NULL, formats, 1);
  if (PQresultStatus (part) != PGRES_TUPLES_OK || PQntuples (part) != 1)
    {
      g_set_error (error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_DATABASE, "reading a file: %s",
                   PQresultErrorMessage (part));
      goto failed;
    }
  isaf_pg_rollback (conn);
  return g_bytes_new (PQgetvalue (part, 0, 0), PQgetlength (part, 0, 0));

failed:
  isaf_pg_rollback (conn);
  return NULL;
}
