/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-server"

#include "config.h"

#include <string.h>

#include "isaf-pg.h"
#include "isaf-server-error.h"
#include "isaf-server-pull.h"
#include "isaf-server-values.h"
#include "isaf-wire.h"

/* A pull page (sync-protocol.md 3.8): the rows of every table and the conflict log entries
 * whose seq lies after the cursor, in seq order, in one repeatable-read snapshot. Every writer
 * to a commune takes its sequence numbers under the stream row's lock and keeps it until it
 * commits, so all seq up to the stream's next_seq - 1 are committed: the page never skips a
 * row that commits later with a smaller seq. The commune comes from the token alone; the
 * cursor only says where in the caller's own stream to go on. */

#define CURSOR_VERSION "c1"

typedef struct {
  gint64 seq;
  /* The table, or NULL for a conflict log entry. */
  const IsafTable *table;
  PGresult *result;
  int row;
} Entry;

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const Entry *x = a, *y = b;

  return (x->seq > y->seq) - (x->seq < y->seq);
}

static char *
encode_cursor (const char *epoch,
               gint64      after)
{
  g_autofree char *text = g_strdup_printf (CURSOR_VERSION " %s %" G_GINT64_FORMAT, epoch, after);
  char *encoded = g_base64_encode ((const guchar *) text, strlen (text));

  g_strdelimit (encoded, "+", '-');
  g_strdelimit (encoded, "/", '_');
  return encoded;
}

/* The position after which to go on, or 0 for a missing, foreign-epoch or damaged cursor. */
static gint64
decode_cursor (const char *cursor,
               const char *epoch)
{
  g_autofree char *copy = NULL;
  g_autofree guchar *text = NULL;
  g_autofree char *terminated = NULL;
  g_auto(GStrv) parts = NULL;
  gsize length = 0;
  gint64 after;

  if (cursor == NULL || cursor[0] == '\0' || strlen (cursor) > 256)
    return 0;
  copy = g_strdup (cursor);
  g_strdelimit (copy, "-", '+');
  g_strdelimit (copy, "_", '/');
  text = g_base64_decode (copy, &length);
  terminated = g_strndup ((const char *) text, length);
  parts = g_strsplit (terminated, " ", -1);
  if (g_strv_length (parts) != 3 || !g_str_equal (parts[0], CURSOR_VERSION)
      || !g_str_equal (parts[1], epoch)
      || !g_ascii_string_to_signed (parts[2], 10, 0, G_MAXINT64, &after, NULL))
    return 0;
  return after;
}

static PGresult *
query_table (PGconn             *conn,
             const IsafTable    *table,
             const char * const *params,
             GError            **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT id, seq, deleted, clocks::text");

  for (guint i = 0; i < table->n_columns; i++)
    g_string_append_printf (sql, ", %s", table->columns[i].name);
  g_string_append_printf (sql, " FROM %s WHERE commune_id = $1 AND seq > $2 AND seq <= $3 "
                               "ORDER BY seq LIMIT $4",
                          table->name);
  return isaf_pg_query (conn, sql->str, 4, params, error);
}

static PGresult *
query_conflicts (PGconn             *conn,
                 const char * const *params,
                 GError            **error)
{
  return isaf_pg_query (conn,
                        "SELECT id, seq, tbl, row_id, field, winning_value::text, winning_hlc, "
                        "winning_node, losing_value::text, losing_hlc, losing_node, reason, "
                        "to_char (logged_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
                        "FROM conflict_log WHERE commune_id = $1 AND seq > $2 AND seq <= $3 "
                        "ORDER BY seq LIMIT $4",
                        4, params, error);
}

/* The page's place in the stream: the seq of the next @limit + 1 entries and where each
 * is (the table's index, or the number of tables for the conflict log), in one query over
 * every table's stream index. Each table gives at most the page's number of entries, read in
 * order from its index: without that limit inside, PostgreSQL read and sorted the whole rest
 * of the stream for every page, and a first sync grew with the square of the commune. */
static PGresult *
query_stream (PGconn             *conn,
              const char * const *params,
              GError            **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT seq, t FROM (");

  for (guint t = 0; t <= isaf_schema_n_tables (); t++)
    g_string_append_printf (sql, "%s(SELECT seq, %u AS t FROM %s WHERE commune_id = $1 "
                                 "AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT $4)",
                            t > 0 ? " UNION ALL " : "", t,
                            t < isaf_schema_n_tables () ? isaf_schema_table_at (t)->name
                                                        : "conflict_log");
  g_string_append (sql, ") AS stream ORDER BY seq LIMIT $4");
  return isaf_pg_query (conn, sql->str, 4, params, error);
}

static IsafWireRow *
make_row (const Entry *entry)
{
  g_autoptr(GHashTable) clocks = isaf_server_clocks_parse (PQgetvalue (entry->result, entry->row, 3));
  IsafUuid id;
  IsafWireRow *row;

  isaf_uuid_parse (PQgetvalue (entry->result, entry->row, 0), &id);
  row = isaf_wire_row_new (entry->table, &id);
  row->seq = entry->seq;
  for (int i = -1; i < (int) entry->table->n_columns; i++)
    {
      const IsafColumn *column = i < 0 ? NULL : &entry->table->columns[i];
      const char *name = column ? column->name : ISAF_WIRE_DELETED_FIELD;
      const IsafServerClock *clock = g_hash_table_lookup (clocks, name);
      IsafValue value;
      IsafWireField *field;

      /* A field no device ever set has no clock, and nothing to send. */
      if (clock == NULL)
        continue;
      isaf_server_value_from_pg (column, entry->result, entry->row, column ? 4 + i : 2, &value);
      field = isaf_wire_row_add_field (row, name, &value);
      field->hlc = clock->hlc;
      field->node = clock->node;
      isaf_value_clear (&value);
    }
  return row;
}

static gboolean
add_conflict (IsafWirePullPage *page,
              const Entry      *entry)
{
  PGresult *r = entry->result;
  int i = entry->row;
  IsafWireConflict conflict = { 0 };
  const IsafColumn *column;

  conflict.table = isaf_schema_find_table (PQgetvalue (r, i, 2));
  if (conflict.table == NULL)
    return FALSE;
  column = isaf_schema_find_column (conflict.table, PQgetvalue (r, i, 4));
  conflict.field = column ? column->name : ISAF_WIRE_DELETED_FIELD;
  isaf_uuid_parse (PQgetvalue (r, i, 0), &conflict.id);
  isaf_uuid_parse (PQgetvalue (r, i, 3), &conflict.row_id);
  conflict.seq = entry->seq;
  if (!isaf_server_value_from_json (column, PQgetvalue (r, i, 5), &conflict.winning_value)
      || !isaf_server_value_from_json (column, PQgetvalue (r, i, 8), &conflict.losing_value))
    {
      isaf_wire_conflict_clear (&conflict);
      return FALSE;
    }
  conflict.winning_hlc = g_ascii_strtoll (PQgetvalue (r, i, 6), NULL, 10);
  conflict.winning_node = g_ascii_strtoll (PQgetvalue (r, i, 7), NULL, 10);
  conflict.losing_hlc = g_ascii_strtoll (PQgetvalue (r, i, 9), NULL, 10);
  conflict.losing_node = g_ascii_strtoll (PQgetvalue (r, i, 10), NULL, 10);
  conflict.reason = g_strdup (PQgetvalue (r, i, 11));
  conflict.logged_at = g_strdup (PQgetvalue (r, i, 12));
  g_array_append_val (page->conflicts, conflict);
  return TRUE;
}

GBytes *
isaf_server_pull (PGconn                   *conn,
                  const IsafServerIdentity *identity,
                  const char               *cursor,
                  int                       limit,
                  GError                  **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) PQclear);
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  g_autoptr(IsafWirePullPage) page = isaf_wire_pull_page_new ();
  g_autoptr(PGresult) stream = NULL;
  g_autofree char *after_text = NULL;
  g_autofree char *upto_text = NULL;
  g_autofree char *bound_text = NULL;
  g_autofree gboolean *in_page = g_new0 (gboolean, isaf_schema_n_tables () + 1);
  /* One more than the page: whether there are more. */
  g_autofree char *limit_text = g_strdup_printf ("%d", limit + 1);
  g_autoptr(PGresult) place = NULL;
  const char *params[4];
  gint64 after, upto, last;
  gboolean has_more;
  guint n;

  if (!isaf_pg_exec (conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL, error))
    return NULL;
  if (!isaf_pg_set_local (conn, "app.commune_id", identity->commune_id, error)
      || !isaf_server_device_check (conn, identity, FALSE, NULL, NULL, error))
    goto failed;
  stream = isaf_pg_query (conn, "SELECT next_seq - 1, epoch FROM commune_stream", 0, NULL, error);
  if (stream == NULL)
    goto failed;
  if (PQntuples (stream) != 1)
    {
      g_set_error_literal (error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_DATABASE,
                           "the commune has no stream");
      goto failed;
    }
  upto = g_ascii_strtoll (PQgetvalue (stream, 0, 0), NULL, 10);
  page->epoch = g_strdup (PQgetvalue (stream, 0, 1));
  after = MIN (decode_cursor (cursor, page->epoch), upto);

  after_text = g_strdup_printf ("%" G_GINT64_FORMAT, after);
  upto_text = g_strdup_printf ("%" G_GINT64_FORMAT, upto);
  params[0] = identity->commune_id;
  params[1] = after_text;
  params[2] = upto_text;
  params[3] = limit_text;

  place = query_stream (conn, params, error);
  if (place == NULL)
    goto failed;
  n = MIN ((guint) PQntuples (place), (guint) limit);
  has_more = (guint) PQntuples (place) > n;
  for (guint i = 0; i < n; i++)
    in_page[g_ascii_strtoull (PQgetvalue (place, i, 1), NULL, 10)] = TRUE;
  /* The tables in the page, up to its last entry. */
  if (n > 0)
    {
      bound_text = g_strdup (PQgetvalue (place, n - 1, 0));
      params[2] = bound_text;
    }

  for (guint t = 0; t <= isaf_schema_n_tables (); t++)
    {
      const IsafTable *table = t < isaf_schema_n_tables () ? isaf_schema_table_at (t) : NULL;
      PGresult *result;

      if (!in_page[t])
        continue;
      result = table ? query_table (conn, table, params, error)
                     : query_conflicts (conn, params, error);
      if (result == NULL)
        goto failed;
      g_ptr_array_add (results, result);
      for (int i = 0; i < PQntuples (result); i++)
        {
          Entry entry = { g_ascii_strtoll (PQgetvalue (result, i, 1), NULL, 10), table, result, i };

          g_array_append_val (entries, entry);
        }
    }
  isaf_pg_rollback (conn);

  /* Every seq is taken once in a commune, whatever the table: the entries read are the
   * page's @n. */
  g_array_sort (entries, compare_entries);
  n = MIN (entries->len, n);
  last = after;
  for (guint i = 0; i < n; i++)
    {
      const Entry *entry = &g_array_index (entries, Entry, i);

      if (entry->table != NULL)
        g_ptr_array_add (page->rows, make_row (entry));
      else if (!add_conflict (page, entry))
        g_warning ("conflict log entry %" G_GINT64_FORMAT " cannot be sent", entry->seq);
      last = entry->seq;
    }
  page->has_more = has_more;
  if (!page->has_more)
    last = upto;
  page->next_cursor = encode_cursor (page->epoch, last);
  page->upto = upto;
  page->server_time_ms = g_get_real_time () / 1000;
  return isaf_wire_pull_page_encode (page);

failed:
  isaf_pg_rollback (conn);
  return NULL;
}
