/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "isaf-pg.h"
#include "isaf-schema.h"
#include "isaf-test-clocks.h"
#include "isaf-uuid.h"

char *
isaf_test_clock_key (const char *table,
                     const char *id,
                     const char *field)
{
  return g_strdup_printf ("%s %s %s", table, id, field);
}

char *
isaf_test_clock_value (gint64 hlc,
                       gint64 node)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, hlc, node);
}

gboolean
isaf_test_laptop_read_clocks (IsafDatabase *database,
                              gpointer      clocks,
                              GError      **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "SELECT tbl, id, field, hlc, node "
                                              "FROM sync_field_clock",
                                              error);

  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      IsafUuid id;
      char id_text[ISAF_UUID_STRING_LENGTH + 1];

      memcpy (id.bytes, sqlite3_column_blob (stmt, 1), sizeof id.bytes);
      isaf_uuid_to_buffer (&id, id_text);
      g_hash_table_insert (clocks,
                           isaf_test_clock_key ((const char *) sqlite3_column_text (stmt, 0),
                                                id_text,
                                                (const char *) sqlite3_column_text (stmt, 2)),
                           isaf_test_clock_value (sqlite3_column_int64 (stmt, 3),
                                                  sqlite3_column_int64 (stmt, 4)));
    }
  sqlite3_reset (stmt);
  return TRUE;
}

GHashTable *
isaf_test_laptop_clocks (IsafDatabase *database)
{
  g_autoptr(GHashTable) clocks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;

  g_assert_true (isaf_database_run (database, ISAF_DATABASE_READ, isaf_test_laptop_read_clocks,
                                    clocks, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&clocks);
}

GHashTable *
isaf_test_server_clocks (IsafTestServer *server,
                         const char     *commune_id)
{
  g_autoptr(GHashTable) clocks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint t = 0; t < isaf_schema_n_tables (); t++)
    {
      const IsafTable *table = isaf_schema_table_at (t);
      /* Table names come from the schema description, never from data. */
      g_autofree char *sql = g_strdup_printf ("SELECT t.id::text, k.key, k.value ->> 0, "
                                              "k.value ->> 1 FROM %s t, jsonb_each (t.clocks) k "
                                              "WHERE t.commune_id = $1", table->name);
      g_autoptr(PGresult) result = isaf_test_server_query (server, sql, commune_id, NULL);

      for (int r = 0; r < PQntuples (result); r++)
        g_hash_table_insert (clocks,
                             isaf_test_clock_key (table->name, PQgetvalue (result, r, 0),
                                                  PQgetvalue (result, r, 1)),
                             g_strdup_printf ("%s/%s", PQgetvalue (result, r, 2),
                                              PQgetvalue (result, r, 3)));
    }
  return g_steal_pointer (&clocks);
}

void
isaf_test_assert_same_map (GHashTable *expected,
                           GHashTable *actual,
                           const char *what)
{
  g_autoptr(GString) differences = g_string_new (NULL);
  guint n = 0;
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *other = g_hash_table_lookup (actual, key);

      if (g_strcmp0 (value, other) != 0 && n++ < 10)
        g_string_append_printf (differences, "  %s: expected %s, found %s\n", (char *) key,
                                (char *) value, other ? other : "nothing");
    }
  g_hash_table_iter_init (&iter, actual);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (expected, key) && n++ < 10)
      g_string_append_printf (differences, "  %s: expected nothing, found %s\n", (char *) key,
                              (char *) value);
  if (n > 0)
    g_error ("%s: %u differences, the first:\n%s", what, n, differences->str);
}
