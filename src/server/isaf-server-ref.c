/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-server"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "isaf-pg.h"
#include "isaf-server-error.h"
#include "isaf-server-ref.h"

/* A page of the reference stream: sets are small (a few kilobytes), a few per page. */
#define PAGE_SETS 20
#define SET_FIELDS 9

static const char * const service_kinds[] = {
  "commune_office", "health_centre", "health_post", "primary_school", NULL
};

static gboolean
is_number (const char *text)
{
  char *end = NULL;

  g_ascii_strtod (text, &end);
  return text[0] != '\0' && end != NULL && *end == '\0';
}

static gboolean
set_invalid (GError    **error,
             const char *path,
             guint       line,
             const char *why)
{
  g_set_error (error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_MALFORMED, "%s, line %u: %s", path,
               line, why);
  return FALSE;
}

/* The header's dataset and version, and every data line checked as the laptop will read it:
 * nine tab-separated fields, a known service, numbers where numbers go, Khmer names. */
static gboolean
check_file (const char  *path,
            const char  *text,
            char       **name,
            gint64      *version,
            GError     **error)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n_rows = 0;

  *version = 0;
  for (guint i = 0; lines[i]; i++)
    {
      const char *line = lines[i];
      g_auto(GStrv) fields = NULL;

      if (line[0] == '\0')
        continue;
      if (g_str_has_prefix (line, "# dataset:"))
        {
          g_free (*name);
          *name = g_strstrip (g_strdup (line + strlen ("# dataset:")));
          continue;
        }
      if (g_str_has_prefix (line, "# version:")
          && !g_ascii_string_to_signed (g_strstrip (lines[i] + strlen ("# version:")), 10, 1,
                                        G_MAXINT32, version, NULL))
        return set_invalid (error, path, i + 1, "the version must be a whole number above 0");
      if (line[0] == '#')
        continue;

      fields = g_strsplit (line, "\t", -1);
      if (g_strv_length (fields) != SET_FIELDS)
        return set_invalid (error, path, i + 1, "a row needs 9 fields separated by tabs");
      if (!g_strv_contains (service_kinds, fields[1]))
        return set_invalid (error, path, i + 1, "unknown service kind");
      if (!g_ascii_string_to_signed (fields[2], 10, 1, 1000, NULL, NULL))
        return set_invalid (error, path, i + 1, "the position must be a whole number");
      if (fields[3][0] == '\0' || fields[0][0] == '\0')
        return set_invalid (error, path, i + 1, "a row needs a code and a Khmer name");
      if (fields[6][0] != '\0' && !is_number (fields[6]))
        return set_invalid (error, path, i + 1, "the standard must be a number");
      if (!g_str_equal (fields[7], "0") && !g_str_equal (fields[7], "1"))
        return set_invalid (error, path, i + 1, "higher_is_better must be 0 or 1");
      n_rows++;
    }
  if (*name == NULL || (*name)[0] == '\0' || *version == 0)
    return set_invalid (error, path, 1, "the file needs “# dataset: NAME” and “# version: N”");
  if (n_rows == 0)
    return set_invalid (error, path, 1, "the file has no rows");
  return TRUE;
}

gboolean
isaf_server_ref_publish (PGconn      *conn,
                         const char  *path,
                         gint64      *version_out,
                         GError     **error)
{
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *version_text = NULL;
  g_autoptr(PGresult) existing = NULL;
  g_autoptr(PGresult) seq = NULL;
  gsize length;
  gint64 version;

  if (!g_file_get_contents (path, &text, &length, error))
    return FALSE;
  if (!g_utf8_validate (text, length, NULL))
    return set_invalid (error, path, 1, "the file is not UTF-8 text");
  if (!check_file (path, text, &name, &version, error))
    return FALSE;
  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) text, length);
  version_text = g_strdup_printf ("%" G_GINT64_FORMAT, version);

  if (!isaf_pg_begin (conn, NULL, error))
    return FALSE;
  /* Publishers one at a time: the stream's order is the order of commits. */
  seq = isaf_pg_query (conn, "SELECT next_seq FROM ref_stream FOR UPDATE", 0, NULL, error);
  if (seq == NULL)
    goto failed;
  existing = isaf_pg_query (conn,
                            "SELECT version, sha256 FROM ref_version WHERE name = $1 "
                            "ORDER BY version DESC LIMIT 1",
                            1, (const char *[]) { name }, error);
  if (existing == NULL)
    goto failed;
  if (PQntuples (existing) == 1)
    {
      gint64 newest = g_ascii_strtoll (PQgetvalue (existing, 0, 0), NULL, 10);

      if (newest == version && g_str_equal (PQgetvalue (existing, 0, 1), sha256))
        {
          isaf_pg_rollback (conn);
          *version_out = version;
          return TRUE;
        }
      if (version <= newest)
        {
          g_set_error (error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_MALFORMED,
                       "%s version %" G_GINT64_FORMAT " is published already; a change needs "
                       "version %" G_GINT64_FORMAT, name, newest, newest + 1);
          goto failed;
        }
    }
  if (!isaf_pg_exec (conn,
                     "INSERT INTO ref_version (name, version, seq, sha256, body) "
                     "VALUES ($1, $2, $3, $4, convert_to ($5, 'UTF8'))",
                     5, (const char *[]) { name, version_text, PQgetvalue (seq, 0, 0), sha256,
                                           text },
                     error)
      || !isaf_pg_exec (conn, "UPDATE ref_stream SET next_seq = next_seq + 1", 0, NULL, error)
      || !isaf_pg_commit (conn, error))
    goto failed;
  *version_out = version;
  return TRUE;

failed:
  isaf_pg_rollback (conn);
  return FALSE;
}

GBytes *
isaf_server_ref_pull (PGconn      *conn,
                      const char  *cursor,
                      GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(PGresult) sets = NULL;
  g_autofree char *limit = g_strdup_printf ("%d", PAGE_SETS + 1);
  g_autofree char *next = NULL;
  gint64 after = 0;
  int n;
  char *json;
  gsize length;

  if (cursor != NULL && cursor[0] != '\0'
      && !g_ascii_string_to_signed (cursor, 10, 0, G_MAXINT64, &after, NULL))
    {
      g_set_error_literal (error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_MALFORMED,
                           "cursor must be the next_cursor of the previous page");
      return NULL;
    }
  next = g_strdup_printf ("%" G_GINT64_FORMAT, after);
  sets = isaf_pg_query (conn,
                        "SELECT name, version, seq, sha256, "
                        "to_char (published_at AT TIME ZONE 'UTC', "
                        "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), convert_from (body, 'UTF8') "
                        "FROM ref_version WHERE seq > $1 ORDER BY seq LIMIT $2",
                        2, (const char *[]) { next, limit }, error);
  if (sets == NULL)
    return NULL;

  n = MIN (PQntuples (sets), PAGE_SETS);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "sets");
  json_builder_begin_array (builder);
  for (int i = 0; i < n; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, PQgetvalue (sets, i, 0));
      json_builder_set_member_name (builder, "version");
      json_builder_add_int_value (builder, g_ascii_strtoll (PQgetvalue (sets, i, 1), NULL, 10));
      json_builder_set_member_name (builder, "seq");
      json_builder_add_string_value (builder, PQgetvalue (sets, i, 2));
      json_builder_set_member_name (builder, "sha256");
      json_builder_add_string_value (builder, PQgetvalue (sets, i, 3));
      json_builder_set_member_name (builder, "published_at");
      json_builder_add_string_value (builder, PQgetvalue (sets, i, 4));
      json_builder_set_member_name (builder, "body");
      json_builder_add_string_value (builder, PQgetvalue (sets, i, 5));
      json_builder_end_object (builder);
      g_free (next);
      next = g_strdup (PQgetvalue (sets, i, 2));
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "next_cursor");
  json_builder_add_string_value (builder, next);
  json_builder_set_member_name (builder, "has_more");
  json_builder_add_boolean_value (builder, PQntuples (sets) > PAGE_SETS);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, &length);
  return g_bytes_new_take (json, length);
}
