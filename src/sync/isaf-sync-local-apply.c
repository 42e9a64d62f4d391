/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-sync"

#include "config.h"

#include <string.h>

#include "isaf-dump-format.h"
#include "isaf-sync-local-private.h"
#include "isaf-sync-values.h"

/* The pull side of the laptop's sync (sync-protocol.md 3.8.3). Pages wait in sync_staging
 * until the pull is complete; then one transaction applies them and moves the position, so
 * the position never runs ahead of the data. A pulled field is written only when its clock
 * beats the local one (the confirmed clock, or an edit still waiting to be pushed), so the
 * same page applied twice, or an echo of this laptop's own push, changes nothing. The writes
 * are not captured. A row the database refuses (a constraint, a reference to a row this
 * laptop does not have) is set aside in sync_quarantine with its reason, never dropped
 * silently, and never blocks the rest. */

static gboolean
stage_field (IsafDatabase        *database,
             const IsafWireRow   *row,
             const IsafWireField *field,
             GError             **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "INSERT INTO sync_staging (tbl, id, field, value, "
                                              "hlc, node) VALUES (?, ?, ?, ?, ?, ?)",
                                              error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, row->table->name, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, row->id.bytes, 16, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, field->name, -1, SQLITE_STATIC);
  isaf_sync_value_bind (stmt, 4, &field->value);
  sqlite3_bind_int64 (stmt, 5, field->hlc);
  sqlite3_bind_int64 (stmt, 6, field->node);
  return isaf_database_step_done (database, stmt, error);
}

static gboolean
stage_conflict (IsafDatabase           *database,
                const IsafWireConflict *conflict,
                GError                **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "INSERT OR IGNORE INTO sync_conflict (id, tbl, "
                                              "row_id, field, winning_value, winning_hlc, "
                                              "winning_node, losing_value, losing_hlc, "
                                              "losing_node, reason, logged_at) "
                                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                              error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, conflict->id.bytes, 16, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, conflict->table->name, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, conflict->row_id.bytes, 16, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, conflict->field, -1, SQLITE_STATIC);
  isaf_sync_value_bind (stmt, 5, &conflict->winning_value);
  sqlite3_bind_int64 (stmt, 6, conflict->winning_hlc);
  sqlite3_bind_int64 (stmt, 7, conflict->winning_node);
  isaf_sync_value_bind (stmt, 8, &conflict->losing_value);
  sqlite3_bind_int64 (stmt, 9, conflict->losing_hlc);
  sqlite3_bind_int64 (stmt, 10, conflict->losing_node);
  sqlite3_bind_text (stmt, 11, conflict->reason, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 12, conflict->logged_at, -1, SQLITE_STATIC);
  return isaf_database_step_done (database, stmt, error);
}

static gboolean
stage_job (IsafDatabase *database,
           gpointer      data,
           GError      **error)
{
  const IsafWirePullPage *page = data;
  g_autofree char *staged_epoch = isaf_sync_local_state_text (database, "staged_epoch");

  /* Pages of an earlier epoch, from a pull cut off before a restore, are not applied. */
  if (staged_epoch != NULL && g_strcmp0 (staged_epoch, page->epoch) != 0
      && !isaf_database_exec (database, "DELETE FROM sync_staging", error))
    return FALSE;

  for (guint r = 0; r < page->rows->len; r++)
    {
      const IsafWireRow *row = page->rows->pdata[r];

      for (guint f = 0; f < row->fields->len; f++)
        if (!stage_field (database, row, &g_array_index (row->fields, IsafWireField, f), error))
          return FALSE;
    }
  /* Conflicts are a log, never undone: kept at once, and kept only once. */
  for (guint c = 0; c < page->conflicts->len; c++)
    if (!stage_conflict (database, &g_array_index (page->conflicts, IsafWireConflict, c), error))
      return FALSE;
  return isaf_sync_local_set_state_text (database, "staged_cursor", page->next_cursor, error)
         && isaf_sync_local_set_state_text (database, "staged_epoch", page->epoch, error);
}

gboolean
isaf_sync_local_stage_page (IsafDatabase            *database,
                            const IsafWirePullPage  *page,
                            GError                 **error)
{
  return isaf_database_run (database, ISAF_DATABASE_WRITE_UNCAPTURED, stage_job, (gpointer) page,
                            error);
}

static char *
row_key (const char     *table,
         const IsafUuid *id)
{
  char text[ISAF_UUID_STRING_LENGTH + 1];

  isaf_uuid_to_buffer (id, text);
  return g_strconcat (table, "/", text, NULL);
}

/* The winning fields of one pulled row, gathered from the staging table. */
typedef struct {
  const IsafTable *table;
  IsafUuid id;
  GArray *fields;   /* IsafWireField, with the clock to record */
} PulledRow;

static void
pulled_row_free (PulledRow *row)
{
  for (guint i = 0; i < row->fields->len; i++)
    isaf_value_clear (&g_array_index (row->fields, IsafWireField, i).value);
  g_array_unref (row->fields);
  g_free (row);
}

static gboolean
row_exists (IsafDatabase *database,
            PulledRow    *row,
            gboolean     *exists,
            GError      **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM %s WHERE id = ?", row->table->name);
  sqlite3_stmt *stmt = isaf_database_prepare (database, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, row->id.bytes, 16, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      isaf_database_set_error (database, rc, error);
      return FALSE;
    }
  *exists = rc == SQLITE_ROW;
  return TRUE;
}

/* The row's winning fields written as one INSERT or UPDATE. */
static int
write_row (IsafDatabase *database,
           PulledRow    *row,
           const char   *commune,
           gboolean      exists)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3_stmt *stmt;
  int rc, n = 1;

  if (exists)
    {
      g_string_append_printf (sql, "UPDATE %s SET ", row->table->name);
      for (guint i = 0; i < row->fields->len; i++)
        g_string_append_printf (sql, "%s%s = ?", i ? ", " : "",
                                g_array_index (row->fields, IsafWireField, i).name);
      g_string_append (sql, " WHERE id = ?");
    }
  else
    {
      g_string_append_printf (sql, "INSERT INTO %s (id, commune_id", row->table->name);
      for (guint i = 0; i < row->fields->len; i++)
        g_string_append_printf (sql, ", %s", g_array_index (row->fields, IsafWireField, i).name);
      g_string_append (sql, ") VALUES (?, ?");
      for (guint i = 0; i < row->fields->len; i++)
        g_string_append (sql, ", ?");
      g_string_append_c (sql, ')');
    }

  stmt = isaf_database_prepare (database, sql->str, NULL);
  if (stmt == NULL)
    return sqlite3_extended_errcode (isaf_database_get_connection (database));
  if (!exists)
    {
      sqlite3_bind_blob (stmt, n++, row->id.bytes, 16, SQLITE_STATIC);
      sqlite3_bind_text (stmt, n++, commune, -1, SQLITE_STATIC);
    }
  for (guint i = 0; i < row->fields->len; i++)
    isaf_sync_value_bind (stmt, n++, &g_array_index (row->fields, IsafWireField, i).value);
  if (exists)
    sqlite3_bind_blob (stmt, n++, row->id.bytes, 16, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static gboolean
quarantine (IsafDatabase *database,
            PulledRow    *row,
            const char   *reason,
            GError      **error)
{
  g_autoptr(GString) body = g_string_new ("{");
  sqlite3_stmt *stmt;

  for (guint i = 0; i < row->fields->len; i++)
    {
      const IsafWireField *field = &g_array_index (row->fields, IsafWireField, i);

      g_string_append_printf (body, "%s\"%s\":", i ? "," : "", field->name);
      isaf_dump_append_value (body, &field->value);
    }
  g_string_append_c (body, '}');
  g_message ("A pulled %s row is set aside: %s", row->table->name, reason);
  stmt = isaf_database_prepare (database,
                                "INSERT INTO sync_quarantine (tbl, id, error, body) "
                                "VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, row->table->name, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, row->id.bytes, 16, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, reason, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, body->str, -1, SQLITE_STATIC);
  return isaf_database_step_done (database, stmt, error);
}

/* A statement run for every pulled row, such as the row's savepoint: prepared once and kept,
 * where isaf_database_exec () would parse it again each time. */
static gboolean
run_kept_statement (IsafDatabase  *database,
                    const char    *sql,
                    GError       **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database, sql, error);

  return stmt != NULL && isaf_database_step_done (database, stmt, error);
}

static gboolean
apply_row (IsafDatabase *database,
           PulledRow    *row,
           const char   *commune,
           GError      **error)
{
  gboolean exists;
  int rc;

  if (row->fields->len == 0)
    return TRUE;
  if (!row_exists (database, row, &exists, error))
    return FALSE;
  /* Each row in its own savepoint: one the database refuses leaves the others applied. */
  if (!run_kept_statement (database, "SAVEPOINT pulled_row", error))
    return FALSE;
  rc = write_row (database, row, commune, exists);
  if (rc != SQLITE_OK)
    {
      const char *reason = sqlite3_errstr (rc);

      return run_kept_statement (database, "ROLLBACK TO pulled_row", error)
             && run_kept_statement (database, "RELEASE pulled_row", error)
             && quarantine (database, row, reason, error);
    }
  for (guint i = 0; i < row->fields->len; i++)
    {
      const IsafWireField *field = &g_array_index (row->fields, IsafWireField, i);

      if (!isaf_sync_local_confirm_clock (database, row->table->name, &row->id, field->name,
                                          field->hlc, field->node, error))
        return FALSE;
    }
  return run_kept_statement (database, "RELEASE pulled_row", error);
}

/* The staged fields, row by row in the order they came, each kept only if it beats the local
 * clock (and any earlier staged state of the same field). */
static gboolean
gather_rows (IsafDatabase *database,
             GPtrArray    *rows,
             GError      **error)
{
  g_autoptr(GHashTable) by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 own_node = isaf_database_get_state_int (database, "node_id", 0);
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "SELECT tbl, id, field, value, hlc, node "
                                              "FROM sync_staging ORDER BY seq",
                                              error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const IsafTable *table = isaf_schema_find_table ((const char *) sqlite3_column_text (stmt, 0));
      const char *name = (const char *) sqlite3_column_text (stmt, 2);
      const IsafColumn *column = table ? isaf_schema_find_column (table, name) : NULL;
      gint64 hlc = sqlite3_column_int64 (stmt, 4), node = sqlite3_column_int64 (stmt, 5);
      gint64 local_hlc, local_node;
      g_autofree char *key = NULL;
      PulledRow *row;
      IsafWireField field = { 0 };
      guint i;

      if (table == NULL || sqlite3_column_bytes (stmt, 1) != 16
          || (column == NULL && !g_str_equal (name, ISAF_WIRE_DELETED_FIELD)))
        continue;
      key = row_key (table->name, sqlite3_column_blob (stmt, 1));
      row = g_hash_table_lookup (by_key, key);
      if (row == NULL)
        {
          row = g_new0 (PulledRow, 1);
          row->table = table;
          memcpy (row->id.bytes, sqlite3_column_blob (stmt, 1), 16);
          row->fields = g_array_new (FALSE, TRUE, sizeof (IsafWireField));
          g_ptr_array_add (rows, row);
          g_hash_table_insert (by_key, g_steal_pointer (&key), row);
        }

      isaf_database_observe_clock (database, hlc);
      if (!isaf_sync_local_field_clock (database, table->name, &row->id, name, own_node,
                                        &local_hlc, &local_node, error))
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
      if (!(hlc > local_hlc || (hlc == local_hlc && node > local_node)))
        continue;

      /* A later page's state of the same field replaces an earlier one's. */
      for (i = 0; i < row->fields->len; i++)
        if (g_str_equal (g_array_index (row->fields, IsafWireField, i).name, name))
          break;
      if (i < row->fields->len)
        {
          IsafWireField *earlier = &g_array_index (row->fields, IsafWireField, i);

          if (!(hlc > earlier->hlc || (hlc == earlier->hlc && node > earlier->node)))
            continue;
          isaf_value_clear (&earlier->value);
          isaf_sync_value_read (stmt, 3, column, &earlier->value);
          earlier->hlc = hlc;
          earlier->node = node;
          continue;
        }
      field.column = column;
      field.name = column ? column->name : ISAF_WIRE_DELETED_FIELD;
      isaf_sync_value_read (stmt, 3, column, &field.value);
      field.hlc = hlc;
      field.node = node;
      g_array_append_val (row->fields, field);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      isaf_database_set_error (database, rc, error);
      return FALSE;
    }
  return TRUE;
}

/* Whether every row @row refers to is here, or comes in this same pull: the foreign keys are
 * checked when the transaction commits, and one dangling reference would refuse it all. */
static gboolean
references_resolve (IsafDatabase *database,
                    PulledRow    *row,
                    GHashTable   *pulled,
                    gboolean     *resolve,
                    GError      **error)
{
  *resolve = TRUE;
  for (guint f = 0; f < row->fields->len && *resolve; f++)
    {
      const IsafWireField *field = &g_array_index (row->fields, IsafWireField, f);
      g_autofree char *key = NULL;
      g_autofree char *sql = NULL;
      sqlite3_stmt *target;

      if (field->column == NULL || field->column->kind != ISAF_COLUMN_REFERENCE
          || field->value.type != ISAF_VALUE_ID)
        continue;
      key = row_key (field->column->reference, &field->value.id);
      if (g_hash_table_contains (pulled, key))
        continue;
      sql = g_strdup_printf ("SELECT 1 FROM %s WHERE id = ?", field->column->reference);
      target = isaf_database_prepare (database, sql, error);
      if (target == NULL)
        return FALSE;
      sqlite3_bind_blob (target, 1, field->value.id.bytes, 16, SQLITE_STATIC);
      *resolve = sqlite3_step (target) == SQLITE_ROW;
      sqlite3_reset (target);
    }
  return TRUE;
}

static gboolean
apply_job (IsafDatabase *database,
           gpointer      data,
           GError      **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) pulled_row_free);
  g_autoptr(GHashTable) pulled = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *cursor = isaf_sync_local_state_text (database, "staged_cursor");
  g_autofree char *epoch = isaf_sync_local_state_text (database, "staged_epoch");
  const char *commune = isaf_database_get_commune_code (database);

  if (cursor == NULL)
    return TRUE;
  if (!gather_rows (database, rows, error))
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      PulledRow *row = rows->pdata[i];

      g_hash_table_add (pulled, row_key (row->table->name, &row->id));
    }
  for (guint i = 0; i < rows->len; i++)
    {
      PulledRow *row = rows->pdata[i];
      gboolean resolve;

      if (!references_resolve (database, row, pulled, &resolve, error))
        return FALSE;
      if (!(resolve ? apply_row (database, row, commune, error)
                    : quarantine (database, row, "a reference to a row this laptop does not have",
                                  error)))
        return FALSE;
    }
  return isaf_database_exec (database, "DELETE FROM sync_staging", error)
         && isaf_sync_local_set_state_text (database, "pull_cursor", cursor, error)
         && isaf_sync_local_set_state_text (database, "epoch", epoch, error)
         && isaf_sync_local_set_state_text (database, "staged_cursor", NULL, error);
}

gboolean
isaf_sync_local_apply_staged (IsafDatabase  *database,
                              GError       **error)
{
  return isaf_database_run (database, ISAF_DATABASE_WRITE_UNCAPTURED, apply_job, NULL, error);
}
