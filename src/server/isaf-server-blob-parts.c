/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-server"

#include "config.h"

#include <string.h>

#include "isaf-pg.h"
#include "isaf-server-blob-parts.h"
#include "isaf-server-blobs.h"
#include "isaf-server-error.h"
#include "isaf-wire.h"

/* The parts of a file are rows of blob_part, appended in order from byte 0: a part is taken
 * only when it starts where the received bytes end, so a part sent again (its answer lost)
 * or one past a gap changes nothing, and the client learns from `received` where to go on.
 * The last part joins them into the file, checked against its address, in the same
 * transaction. A transaction-level advisory lock on (commune, file) makes parts of one file
 * wait for each other: two copies of a part sent at once are stored once. */

typedef struct {
  /* -1 for a status question, which carries no part */
  gint64 first;
  gint64 last;
  gint64 total;
} PartRange;

static gboolean
set_malformed_range (GError **error)
{
  g_set_error_literal (error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_MALFORMED,
                       "Content-Range must be bytes FIRST-LAST/TOTAL, or bytes */TOTAL to ask "
                       "how much of the file was received");
  return FALSE;
}

static gboolean
parse_offset (const char *text,
              gint64     *offset)
{
  guint64 value;

  /* Unsigned: no sign, no space, no number past 2⁶³. */
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &value, NULL))
    return FALSE;
  *offset = (gint64) value;
  return TRUE;
}

static gboolean
parse_first_last (const char *text,
                  PartRange  *range)
{
  g_auto(GStrv) ends = NULL;

  if (g_str_equal (text, "*"))
    {
      range->first = range->last = -1;
      return TRUE;
    }
  ends = g_strsplit (text, "-", 2);
  return g_strv_length (ends) == 2
         && parse_offset (ends[0], &range->first)
         && parse_offset (ends[1], &range->last)
         && range->first <= range->last;
}

/* "bytes FIRST-LAST/TOTAL" with a body of LAST-FIRST+1 bytes, or a star for FIRST-LAST and
 * no body. */
static gboolean
parse_content_range (const char  *header,
                     gsize        length,
                     PartRange   *range,
                     GError     **error)
{
  g_auto(GStrv) halves = NULL;
  gint64 expected;

  if (!g_str_has_prefix (header, "bytes "))
    return set_malformed_range (error);
  halves = g_strsplit (header + strlen ("bytes "), "/", 2);
  if (g_strv_length (halves) != 2 || !parse_first_last (halves[0], range)
      || !parse_offset (halves[1], &range->total))
    return set_malformed_range (error);
  if (range->total < 1 || range->total > ISAF_WIRE_MAX_BLOB_BYTES)
    {
      g_set_error (error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_TOO_LARGE,
                   "a file has 1 to %d bytes", ISAF_WIRE_MAX_BLOB_BYTES);
      return FALSE;
    }
  if (range->last >= range->total)
    {
      g_set_error_literal (error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_MALFORMED,
                           "the part ends past the end of the file");
      return FALSE;
    }
  expected = range->first < 0 ? 0 : range->last - range->first + 1;
  if ((gint64) length != expected)
    {
      g_set_error (error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_MALFORMED,
                   "the body has %" G_GSIZE_FORMAT " bytes; its Content-Range says %"
                   G_GINT64_FORMAT, length, expected);
      return FALSE;
    }
  return TRUE;
}

/* The lock's two-key form has a key space of its own, apart from migrate's one-key lock;
 * two files whose hashes collide only wait for each other. */
static gboolean
lock_file (PGconn      *conn,
           const char  *commune_id,
           const char  *sha256,
           GError     **error)
{
  const char *params[] = { commune_id, sha256 };

  return isaf_pg_exec (conn, "SELECT pg_advisory_xact_lock (hashtext ($1), hashtext ($2))", 2,
                       params, error);
}

/* The commune's own copy of the file, or the national one; its size in @size. */
static gboolean
find_stored (PGconn      *conn,
             const char  *sha256,
             gboolean    *found,
             gint64      *size,
             GError     **error)
{
  const char *params[] = { sha256 };
  g_autoptr(PGresult) stored = isaf_pg_query (conn,
                                              "SELECT size FROM blob WHERE sha256 = $1 LIMIT 1",
                                              1, params, error);

  if (stored == NULL)
    return FALSE;
  *found = PQntuples (stored) == 1;
  *size = *found ? g_ascii_strtoll (PQgetvalue (stored, 0, 0), NULL, 10) : 0;
  return TRUE;
}

/* The bytes received so far, and the size of the file they belong to (0 when none). The
 * parts have no gap, so their lengths add up to where the next one starts. */
static gboolean
count_received (PGconn      *conn,
                const char  *sha256,
                gint64      *total,
                gint64      *received,
                GError     **error)
{
  const char *params[] = { sha256 };
  g_autoptr(PGresult) counted = isaf_pg_query (conn,
                                               "SELECT coalesce (max (total), 0), "
                                               "coalesce (sum (octet_length (content)), 0) "
                                               "FROM blob_part WHERE sha256 = $1",
                                               1, params, error);

  if (counted == NULL)
    return FALSE;
  *total = g_ascii_strtoll (PQgetvalue (counted, 0, 0), NULL, 10);
  *received = g_ascii_strtoll (PQgetvalue (counted, 0, 1), NULL, 10);
  return TRUE;
}

static gboolean
drop_parts (PGconn      *conn,
            const char  *sha256,
            GError     **error)
{
  const char *params[] = { sha256 };

  return isaf_pg_exec (conn, "DELETE FROM blob_part WHERE sha256 = $1", 1, params, error);
}

/* One row per part: appending to a growing value would rewrite all of it each time. */
static gboolean
insert_part (PGconn           *conn,
             const char       *commune_id,
             const char       *sha256,
             const PartRange  *range,
             GBytes           *content,
             GError          **error)
{
  g_autofree char *total = g_strdup_printf ("%" G_GINT64_FORMAT, range->total);
  g_autofree char *first = g_strdup_printf ("%" G_GINT64_FORMAT, range->first);
  const char *values[] = { commune_id, sha256, total, first, g_bytes_get_data (content, NULL) };
  int lengths[] = { 0, 0, 0, 0, g_bytes_get_size (content) };
  int formats[] = { 0, 0, 0, 0, 1 };
  g_autoptr(PGresult) inserted = NULL;

  /* The content travels as binary: no escaping of a file's bytes. */
  inserted = PQexecParams (conn,
                           "INSERT INTO blob_part (commune_id, sha256, total, first, content) "
                           "VALUES ($1, $2, $3, $4, $5)",
                           5, NULL, values, lengths, formats, 0);
  if (PQresultStatus (inserted) != PGRES_COMMAND_OK)
    {
      g_set_error (error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_DATABASE, "storing a part: %s",
                   PQresultErrorMessage (inserted));
      return FALSE;
    }
  return TRUE;
}

/* Joins the parts in order into the file, if they have its hash, and drops them either way.
 * The join, its hash and the copy into blob are one statement, so the file's bytes never
 * leave PostgreSQL; the joined value is computed once (a CTE named twice is made once). */
static gboolean
join_parts (PGconn      *conn,
            const char  *commune_id,
            const char  *sha256,
            gboolean    *has_hash,
            GError     **error)
{
  const char *params[] = { commune_id, sha256 };
  g_autoptr(PGresult) joined = NULL;

  joined = isaf_pg_query (conn,
                          "WITH joined AS ("
                          "  SELECT string_agg (content, ''::bytea ORDER BY first) AS content "
                          "  FROM blob_part WHERE sha256 = $2), "
                          "checked AS ("
                          "  SELECT content, encode (sha256 (content), 'hex') = $2 AS has_hash "
                          "  FROM joined), "
                          "stored AS ("
                          "  INSERT INTO blob (commune_id, sha256, size, content) "
                          "  SELECT $1::text, $2, octet_length (content), content FROM checked "
                          "  WHERE has_hash ON CONFLICT DO NOTHING) "
                          "SELECT has_hash FROM checked",
                          2, params, error);
  if (joined == NULL)
    return FALSE;
  *has_hash = g_str_equal (PQgetvalue (joined, 0, 0), "t");
  return drop_parts (conn, sha256, error);
}

/* Inside the transaction, under the file's lock. @has_hash is FALSE when the parts were
 * complete but not the file of the address, and were dropped. */
static gboolean
take_part (PGconn                 *conn,
           const char             *commune_id,
           const char             *sha256,
           const PartRange        *range,
           GBytes                 *content,
           IsafServerBlobProgress *progress,
           gint64                 *received,
           gboolean               *has_hash,
           GError                **error)
{
  gboolean stored;
  gint64 total;

  if (!find_stored (conn, sha256, &stored, received, error))
    return FALSE;
  if (stored)
    {
      *progress = ISAF_SERVER_BLOB_ALREADY_STORED;
      /* Parts another device began before someone uploaded the file whole. */
      return drop_parts (conn, sha256, error);
    }
  if (!count_received (conn, sha256, &total, received, error))
    return FALSE;
  if (*received > 0 && total != range->total)
    {
      g_set_error (error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_MALFORMED,
                   "parts of this file were received with a size of %" G_GINT64_FORMAT
                   " bytes; a file's size is fixed by its hash", total);
      return FALSE;
    }
  if (range->first == *received)
    {
      if (!insert_part (conn, commune_id, sha256, range, content, error))
        return FALSE;
      *received += g_bytes_get_size (content);
    }
  *progress = ISAF_SERVER_BLOB_PARTIAL;
  if (*received < range->total)
    return TRUE;
  *progress = ISAF_SERVER_BLOB_COMPLETED;
  return join_parts (conn, commune_id, sha256, has_hash, error);
}

gboolean
isaf_server_blob_put_part (PGconn                 *conn,
                           const char             *commune_id,
                           const char             *sha256,
                           const char             *content_range,
                           GBytes                 *content,
                           IsafServerBlobProgress *progress,
                           gint64                 *received,
                           GError                **error)
{
  PartRange range;
  gboolean has_hash = TRUE;

  if (!isaf_server_blob_check_address (sha256, error)
      || !parse_content_range (content_range, g_bytes_get_size (content), &range, error))
    return FALSE;
  if (!isaf_pg_begin (conn, commune_id, error))
    return FALSE;
  if (!lock_file (conn, commune_id, sha256, error)
      || !take_part (conn, commune_id, sha256, &range, content, progress, received, &has_hash,
                     error)
      || !isaf_pg_commit (conn, error))
    {
      isaf_pg_rollback (conn);
      return FALSE;
    }
  if (!has_hash)
    {
      g_set_error_literal (error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_MALFORMED,
                           "the file's content does not have the SHA-256 of its address");
      return FALSE;
    }
  return TRUE;
}
