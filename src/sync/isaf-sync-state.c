/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-sync"

#include "config.h"

#include <string.h>

#include "isaf-sync-state.h"
#include "isaf-sync-values.h"

typedef struct {
  gint64 fallback_hlc;
  GPtrArray *rows;
} StateJob;

static char *
clock_key (const void *id,
           const char *field)
{
  char text[ISAF_UUID_STRING_LENGTH + 1];

  isaf_uuid_to_buffer (id, text);
  return g_strconcat (text, "/", field, NULL);
}

/* The clock of each "id/field" of @table: a waiting local edit's, else the confirmed one. */
static gboolean
load_clocks (IsafDatabase    *database,
             const IsafTable *table,
             GHashTable      *clocks,
             GError         **error)
{
  static const char * const queries[] = {
    "SELECT id, field, hlc FROM sync_field_clock WHERE tbl = ?1",
    /* Read second, in order: the newest waiting edit's clock wins. */
    "SELECT id, field, hlc FROM sync_outbox WHERE tbl = ?1 ORDER BY seq",
  };

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      sqlite3_stmt *stmt = isaf_database_prepare (database, queries[q], error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, table->name, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 hlc = sqlite3_column_int64 (stmt, 2);

          if (sqlite3_column_bytes (stmt, 0) != 16)
            continue;
          g_hash_table_insert (clocks,
                               clock_key (sqlite3_column_blob (stmt, 0),
                                          (const char *) sqlite3_column_text (stmt, 1)),
                               g_memdup2 (&hlc, sizeof hlc));
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          isaf_database_set_error (database, rc, error);
          return FALSE;
        }
    }
  return TRUE;
}

static void
add_field (IsafWireRow  *row,
           const char   *name,
           IsafValue    *value,
           GHashTable   *clocks,
           gint64        fallback_hlc)
{
  g_autofree char *key = clock_key (&row->id, name);
  const gint64 *clock = g_hash_table_lookup (clocks, key);

  isaf_wire_row_add_field (row, name, value)->hlc = clock ? *clock : fallback_hlc;
  isaf_value_clear (value);
}

static gboolean
collect_table (IsafDatabase    *database,
               const IsafTable *table,
               StateJob        *job,
               GError         **error)
{
  g_autoptr(GHashTable) clocks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GString) sql = g_string_new ("SELECT id, deleted");
  sqlite3_stmt *stmt;
  int rc;

  if (!load_clocks (database, table, clocks, error))
    return FALSE;
  for (guint i = 0; i < table->n_columns; i++)
    g_string_append_printf (sql, ", %s", table->columns[i].name);
  g_string_append_printf (sql, " FROM %s ORDER BY id", table->name);
  stmt = isaf_database_prepare (database, sql->str, error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      IsafUuid id;
      IsafWireRow *row;
      IsafValue value;

      if (sqlite3_column_bytes (stmt, 0) != 16)
        continue;
      memcpy (id.bytes, sqlite3_column_blob (stmt, 0), 16);
      row = isaf_wire_row_new (table, &id);
      for (guint i = 0; i < table->n_columns; i++)
        {
          isaf_sync_value_read (stmt, 2 + i, &table->columns[i], &value);
          /* A field never set has nothing to send; the others travel with their clocks. */
          if (value.type != ISAF_VALUE_NULL)
            add_field (row, table->columns[i].name, &value, clocks, job->fallback_hlc);
        }
      isaf_sync_value_read (stmt, 1, NULL, &value);
      add_field (row, ISAF_WIRE_DELETED_FIELD, &value, clocks, job->fallback_hlc);
      g_ptr_array_add (job->rows, row);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      isaf_database_set_error (database, rc, error);
      return FALSE;
    }
  return TRUE;
}

/**
 * isaf_sync_state_collect:
 *
 * isaf_sync_state_rows() inside a job already running on the database's thread: appends the
 * rows to @rows.
 */
gboolean
isaf_sync_state_collect (IsafDatabase  *database,
                         gint64         fallback_hlc,
                         GPtrArray     *rows,
                         GError       **error)
{
  StateJob job = { fallback_hlc, rows };

  for (guint t = 0; t < isaf_schema_n_tables (); t++)
    if (!collect_table (database, isaf_schema_table_at (t), &job, error))
      return FALSE;
  return TRUE;
}

static gboolean
collect_job (IsafDatabase *database,
             gpointer      data,
             GError      **error)
{
  StateJob *job = data;

  return isaf_sync_state_collect (database, job->fallback_hlc, job->rows, error);
}

/**
 * isaf_sync_state_rows:
 * @database: a commune's database
 * @fallback_hlc: the clock of fields that have none
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type IsafWireRow): every row, tables parents first
 */
GPtrArray *
isaf_sync_state_rows (IsafDatabase  *database,
                      gint64         fallback_hlc,
                      GError       **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) isaf_wire_row_free);
  StateJob job = { fallback_hlc, rows };

  if (!isaf_database_run (database, ISAF_DATABASE_READ, collect_job, &job, error))
    return NULL;
  return g_steal_pointer (&rows);
}

/**
 * isaf_sync_state_batches:
 *
 * Returns: (transfer full) (element-type IsafWirePush): the pushes, numbered in order
 */
GPtrArray *
isaf_sync_state_batches (GPtrArray      *rows,
                         const IsafUuid *device_id,
                         gint64          first_batch_seq,
                         guint           max_fields)
{
  GPtrArray *pushes = g_ptr_array_new_with_free_func ((GDestroyNotify) isaf_wire_push_free);
  IsafWirePush *push = NULL;
  guint n_fields = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      IsafWireRow *row = g_steal_pointer (&rows->pdata[i]);

      if (push == NULL || n_fields + row->fields->len > max_fields
          || push->rows->len >= ISAF_WIRE_MAX_ROWS)
        {
          push = isaf_wire_push_new ();
          push->proto = ISAF_WIRE_PROTO;
          push->schema = ISAF_SCHEMA_VERSION;
          push->app = g_strdup (PACKAGE_VERSION);
          push->device_id = *device_id;
          push->batch_seq = first_batch_seq + pushes->len;
          g_ptr_array_add (pushes, push);
          n_fields = 0;
        }
      g_ptr_array_add (push->rows, row);
      n_fields += row->fields->len;
    }
  g_ptr_array_set_size (rows, 0);
  return pushes;
}
