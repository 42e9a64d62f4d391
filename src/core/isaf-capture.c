/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-capture"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "isaf-capture.h"
#include "isaf-error.h"
#include "isaf-schema.h"

/* Change capture (sync-protocol.md, 3.4): triggers on every synced table write one outbox
 * entry per changed field, stamped with the hybrid logical clock. The outbox entry also
 * carries the field's last synced clock (base) for conflict detection on the server.
 *
 * The trigger text is generated from the compiled-in schema description, so it always
 * matches the tables; identifiers come only from that description, never from input.
 * Deletes are tombstones (deleted = 1), captured like any other field; a real DELETE on a
 * synced table is refused.
 *
 * Two choices keep a save cheap (about twice a bare insert, tests/bench): while a local edit
 * waits in the outbox, its clock is the outbox entry's, so the triggers do not also write
 * sync_field_clock, which holds the clocks the server has confirmed (the sync engine writes
 * it when a push is acknowledged or a pull applied); and commune_id is not captured, because
 * the server takes the commune from the device's token, never from the data. */

/* Failing here means a damaged file or build: the detail goes to the log, the user gets a
 * sentence that says what to do. */
static void
set_capture_error (GError    **error,
                   const char *detail)
{
  g_warning ("Change capture: %s", detail);
  g_set_error_literal (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_FAILED,
                       _("The database could not be prepared to record changes. Restore it "
                         "from a backup, or reinstall ISAF Commune."));
}

static void
sql_capturing (sqlite3_context *context,
               int              argc,
               sqlite3_value  **argv)
{
  IsafCapture *capture = sqlite3_user_data (context);

  sqlite3_result_int (context, capture->capturing);
}

static void
sql_hlc_next (sqlite3_context *context,
              int              argc,
              sqlite3_value  **argv)
{
  IsafCapture *capture = sqlite3_user_data (context);

  sqlite3_result_int64 (context, isaf_hlc_now (capture->hlc));
}

static void
sql_hlc_last (sqlite3_context *context,
              int              argc,
              sqlite3_value  **argv)
{
  IsafCapture *capture = sqlite3_user_data (context);

  sqlite3_result_int64 (context, isaf_hlc_last (capture->hlc));
}

static void
sql_txid (sqlite3_context *context,
          int              argc,
          sqlite3_value  **argv)
{
  IsafCapture *capture = sqlite3_user_data (context);

  capture->used_txid = TRUE;
  sqlite3_result_int64 (context, capture->txid);
}

gboolean
isaf_capture_register_functions (sqlite3     *conn,
                                 IsafCapture *capture,
                                 GError     **error)
{
  static const struct {
    const char *name;
    void (*func) (sqlite3_context *, int, sqlite3_value **);
  } functions[] = {
    { "sync_capturing", sql_capturing },
    { "sync_hlc_next", sql_hlc_next },
    { "sync_hlc_last", sql_hlc_last },
    { "sync_txid", sql_txid },
  };

  for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
    {
      /* Not SQLITE_DETERMINISTIC: each call may return a new value. Not SQLITE_DIRECTONLY
       * either: the capture triggers are the callers, and SQLite refuses such functions
       * inside triggers ("unsafe use of sync_capturing()"). */
      int rc = sqlite3_create_function_v2 (conn, functions[i].name, 0,
                                           SQLITE_UTF8, capture,
                                           functions[i].func, NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        {
          set_capture_error (error, sqlite3_errmsg (conn));
          return FALSE;
        }
    }

  return TRUE;
}

/* All fields of a new row share one clock: the first statement ticks it, the insert reads it. */
static void
append_insert_trigger (GString         *sql,
                       const IsafTable *table)
{
  g_string_append_printf (sql,
                          "CREATE TRIGGER capture_%s_insert AFTER INSERT ON %s "
                          "WHEN sync_capturing () BEGIN\n"
                          "  SELECT sync_hlc_next ();\n"
                          "  INSERT INTO sync_outbox (txid, tbl, id, field, value, hlc)\n"
                          "  SELECT sync_txid (), '%s', NEW.id, f.field, f.value, sync_hlc_last ()\n"
                          "  FROM (SELECT 'deleted' AS field, NEW.deleted AS value",
                          table->name, table->name, table->name);

  for (guint i = 0; i < table->n_columns; i++)
    g_string_append_printf (sql, "\n        UNION ALL SELECT '%s', NEW.%s",
                            table->columns[i].name, table->columns[i].name);

  g_string_append (sql, ") AS f\n  WHERE f.value IS NOT NULL;\nEND;\n");
}

static void
append_update_trigger (GString         *sql,
                       const IsafTable *table)
{
  g_string_append_printf (sql,
                          "CREATE TRIGGER capture_%s_update AFTER UPDATE ON %s "
                          "WHEN sync_capturing () BEGIN\n"
                          "  INSERT INTO sync_outbox (txid, tbl, id, field, value, hlc, "
                          "base_hlc, base_node)\n"
                          "  SELECT sync_txid (), '%s', NEW.id, f.field, f.value, "
                          "sync_hlc_next (), c.hlc, c.node\n"
                          "  FROM (SELECT 'deleted' AS field, NEW.deleted AS value, "
                          "OLD.deleted IS NOT NEW.deleted AS changed",
                          table->name, table->name, table->name);

  for (guint i = 0; i < table->n_columns; i++)
    {
      const char *name = table->columns[i].name;

      g_string_append_printf (sql, "\n        UNION ALL SELECT '%s', NEW.%s, OLD.%s IS NOT NEW.%s",
                              name, name, name, name);
    }

  g_string_append_printf (sql,
                          ") AS f\n"
                          "  LEFT JOIN sync_field_clock AS c\n"
                          "    ON c.tbl = '%s' AND c.id = NEW.id AND c.field = f.field\n"
                          "  WHERE f.changed;\nEND;\n",
                          table->name);
}

static void
append_guards (GString         *sql,
               const IsafTable *table)
{
  g_string_append_printf (sql,
                          "CREATE TRIGGER guard_%s_delete BEFORE DELETE ON %s BEGIN\n"
                          "  SELECT RAISE (ABORT, 'rows of synced tables are deleted by "
                          "setting deleted = 1');\nEND;\n"
                          "CREATE TRIGGER guard_%s_identity BEFORE UPDATE OF id, commune_id ON %s\n"
                          "WHEN OLD.id IS NOT NEW.id OR OLD.commune_id IS NOT NEW.commune_id BEGIN\n"
                          "  SELECT RAISE (ABORT, 'the identity of a synced row never changes');\n"
                          "END;\n",
                          table->name, table->name, table->name, table->name);
}

/* National reference data is read-only on the laptop: only the sync apply path, which runs
 * with capture off, may write it. */
static void
append_reference_guards (GString *sql)
{
  static const char * const reference_tables[] = {
    "ref_dataset", "ref_indicator", "ref_service_standard",
  };
  static const char * const events[] = { "INSERT", "UPDATE", "DELETE" };

  for (guint i = 0; i < G_N_ELEMENTS (reference_tables); i++)
    for (guint j = 0; j < G_N_ELEMENTS (events); j++)
      g_string_append_printf (sql,
                              "CREATE TRIGGER guard_%s_%s BEFORE %s ON %s "
                              "WHEN sync_capturing () BEGIN\n"
                              "  SELECT RAISE (ABORT, 'national reference data is read-only');\n"
                              "END;\n",
                              reference_tables[i], events[j], events[j], reference_tables[i]);
}

static gboolean
drop_generated_triggers (sqlite3 *conn,
                         GError **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  char *message = NULL;

  if (sqlite3_prepare_v2 (conn,
                          "SELECT name FROM sqlite_schema WHERE type = 'trigger' "
                          "AND (name LIKE 'capture\\_%' ESCAPE '\\' "
                          "OR name LIKE 'guard\\_%' ESCAPE '\\')",
                          -1, &stmt, NULL) != SQLITE_OK)
    goto failed;

  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (sql, "DROP TRIGGER \"%s\";\n", sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  if (sqlite3_exec (conn, sql->str, NULL, NULL, &message) != SQLITE_OK)
    {
      set_capture_error (error, message);
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;

failed:
  set_capture_error (error, sqlite3_errmsg (conn));
  return FALSE;
}

static gboolean
table_exists (sqlite3    *conn,
              const char *name)
{
  sqlite3_stmt *stmt = NULL;
  gboolean exists;

  if (sqlite3_prepare_v2 (conn, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1",
                          -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  exists = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return exists;
}

/* Recreates every generated trigger; run inside each migration's transaction so that the
 * triggers always match the columns of the schema version being written. A table a later
 * version adds gets its triggers from the migration that creates it. */
gboolean
isaf_capture_install_triggers (sqlite3 *conn,
                               GError **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  char *message = NULL;

  if (!drop_generated_triggers (conn, error))
    return FALSE;

  for (guint i = 0; i < isaf_schema_n_tables (); i++)
    {
      const IsafTable *table = isaf_schema_table_at (i);

      if (!table_exists (conn, table->name))
        continue;
      append_insert_trigger (sql, table);
      append_update_trigger (sql, table);
      append_guards (sql, table);
    }
  append_reference_guards (sql);

  if (sqlite3_exec (conn, sql->str, NULL, NULL, &message) != SQLITE_OK)
    {
      set_capture_error (error, message);
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}
