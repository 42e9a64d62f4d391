/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-schema"

#include "config.h"

#include <glib/gstdio.h>

#include "isaf-error.h"
#include "isaf-schema.h"
#include "isaf-test-helpers.h"

/* Tables that versions after the first add: the sync client's (2), attachments (3). */
static const char * const later_tables[] = {
  "sync_inflight", "sync_conflict", "sync_reject", "sync_staging", "sync_quarantine",
  "attachment", "blob_file", "blob_part",
};

static const char * const reference_tables[] = {
  "ref_dataset", "ref_indicator", "ref_service_standard",
};

static void
open_new (IsafTestFixture *fixture)
{
  g_autoptr(GError) error = NULL;

  fixture->database = isaf_database_open (fixture->path, ISAF_DATABASE_OPEN_CREATE_NEW, &error);
  g_assert_no_error (error);
}

static void
test_create_pragmas (IsafTestFixture *fixture,
                     gconstpointer    data)
{
  g_autofree char *journal_mode = NULL;
  g_autofree char *outbox = NULL;
  sqlite3 *conn;

  open_new (fixture);

  conn = isaf_test_sqlite_open (fixture->path, SQLITE_OPEN_READONLY);
  g_assert_cmpint (isaf_test_sqlite_int (conn, "PRAGMA user_version"), ==, ISAF_SCHEMA_VERSION);
  g_assert_cmpint (isaf_test_sqlite_int (conn, "PRAGMA application_id"), ==, ISAF_APPLICATION_ID);
  journal_mode = isaf_test_sqlite_text (conn, "PRAGMA journal_mode");
  g_assert_cmpstr (journal_mode, ==, "wal");
  for (guint i = 0; i < G_N_ELEMENTS (later_tables); i++)
    g_assert_true (isaf_test_sqlite_has_table (conn, later_tables[i]));
  for (guint i = 0; i < G_N_ELEMENTS (reference_tables); i++)
    g_assert_true (isaf_test_sqlite_has_table (conn, reference_tables[i]));
  outbox = isaf_test_dump_table (conn, "sync_outbox");
  g_assert_cmpstr (outbox, ==, "");
  sqlite3_close (conn);

  /* Per-connection settings: asked on the database's own connection. */
  g_assert_cmpint (isaf_test_run_query_int (fixture->database, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (isaf_test_run_query_int (fixture->database, "PRAGMA synchronous"), ==, 2);
}

static const char *
declared_type (IsafColumnKind kind)
{
  switch (kind)
    {
    case ISAF_COLUMN_TEXT:
    case ISAF_COLUMN_DATE:
    case ISAF_COLUMN_CHOICE:
    case ISAF_COLUMN_VILLAGE_CODE:
    case ISAF_COLUMN_PHONE:
    case ISAF_COLUMN_FILE_HASH:
      return "TEXT";
    case ISAF_COLUMN_INTEGER:
    case ISAF_COLUMN_BOOLEAN:
    case ISAF_COLUMN_RIEL:
    case ISAF_COLUMN_COUNT:
    case ISAF_COLUMN_SCORE:
      return "INTEGER";
    case ISAF_COLUMN_REAL:
      return "REAL";
    case ISAF_COLUMN_REFERENCE:
      return "BLOB";
    default:
      g_assert_not_reached ();
    }
}

static void
assert_foreign_key (sqlite3          *conn,
                    const IsafTable  *table,
                    const IsafColumn *column)
{
  sqlite3_stmt *stmt = NULL;
  guint found = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (conn,
                                       "SELECT \"table\", \"to\" FROM pragma_foreign_key_list (?) "
                                       "WHERE \"from\" = ?",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, table->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, column->name, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, column->reference);
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, "id");
      found++;
    }
  sqlite3_finalize (stmt);

  if (column->kind == ISAF_COLUMN_REFERENCE)
    g_assert_cmpuint (found, ==, 1);
  else
    g_assert_cmpuint (found, ==, 0);
}

static void
assert_live_columns (sqlite3         *conn,
                     const IsafTable *table)
{
  static const char * const sync_columns[] = { "id", "commune_id", "deleted" };
  sqlite3_stmt *stmt = NULL;
  guint n = 0;

  g_test_message ("table %s", table->name);
  g_assert_cmpint (sqlite3_prepare_v2 (conn,
                                       "SELECT name, type, \"notnull\", dflt_value "
                                       "FROM pragma_table_info (?) ORDER BY cid",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, table->name, -1, SQLITE_STATIC);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      const char *type = (const char *) sqlite3_column_text (stmt, 1);
      gboolean not_null = sqlite3_column_int (stmt, 2) != 0;
      gboolean has_default = sqlite3_column_type (stmt, 3) != SQLITE_NULL;

      if (n < G_N_ELEMENTS (sync_columns))
        {
          g_assert_cmpstr (name, ==, sync_columns[n]);
          g_assert_true (not_null);
        }
      else
        {
          const IsafColumn *column;

          g_assert_cmpuint (n - G_N_ELEMENTS (sync_columns), <, table->n_columns);
          column = &table->columns[n - G_N_ELEMENTS (sync_columns)];
          g_assert_cmpstr (name, ==, column->name);
          g_assert_cmpstr (type, ==, declared_type (column->kind));

          /* A column the database requires is one the store checks first, so the user gets
           * a sentence that names the field rather than a refused change. */
          if (not_null && !has_default)
            g_assert_true (column->flags & ISAF_COLUMN_REQUIRED);
          if (column->flags & ISAF_COLUMN_REQUIRED)
            g_assert_true (not_null);

          assert_foreign_key (conn, table, column);
        }
      n++;
    }
  sqlite3_finalize (stmt);

  g_assert_cmpuint (n, ==, G_N_ELEMENTS (sync_columns) + table->n_columns);
}

static void
test_create_columns (IsafTestFixture *fixture,
                     gconstpointer    data)
{
  sqlite3 *conn;
  sqlite3_stmt *stmt = NULL;

  open_new (fixture);
  conn = isaf_test_sqlite_open (fixture->path, SQLITE_OPEN_READONLY);

  g_assert_cmpuint (isaf_schema_n_tables (), >, 30);
  for (guint i = 0; i < isaf_schema_n_tables (); i++)
    {
      const IsafTable *table = isaf_schema_table_at (i);

      g_assert_nonnull (table);
      g_assert_true (isaf_schema_find_table (table->name) == table);
      assert_live_columns (conn, table);
    }

  /* And the other way round: every table with a commune_id is described, so none escapes
   * capture, validation or the dump. */
  g_assert_cmpint (sqlite3_prepare_v2 (conn,
                                       "SELECT m.name FROM sqlite_schema AS m "
                                       "JOIN pragma_table_info (m.name) AS c "
                                       "WHERE m.type = 'table' AND c.name = 'commune_id'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_assert_nonnull (isaf_schema_find_table ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);

  sqlite3_close (conn);
}

static gboolean
has_trigger (sqlite3    *conn,
             const char *name,
             const char *table)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found;

  g_assert_cmpint (sqlite3_prepare_v2 (conn,
                                       "SELECT 1 FROM sqlite_schema WHERE type = 'trigger' "
                                       "AND name = ? AND tbl_name = ?",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, table, -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return found;
}

static void
assert_triggers (const char *path)
{
  static const char * const events[] = { "INSERT", "UPDATE", "DELETE" };
  static const struct {
    const char *prefix;
    const char *suffix;
  } per_table[] = {
    { "capture_", "_insert" }, { "capture_", "_update" },
    { "guard_", "_delete" }, { "guard_", "_identity" },
  };
  sqlite3 *conn = isaf_test_sqlite_open (path, SQLITE_OPEN_READONLY);
  guint expected = 0;

  for (guint i = 0; i < isaf_schema_n_tables (); i++)
    {
      const char *table = isaf_schema_table_at (i)->name;

      for (guint j = 0; j < G_N_ELEMENTS (per_table); j++)
        {
          g_autofree char *name = g_strconcat (per_table[j].prefix, table,
                                               per_table[j].suffix, NULL);

          g_test_message ("trigger %s", name);
          g_assert_true (has_trigger (conn, name, table));
          expected++;
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (reference_tables); i++)
    for (guint j = 0; j < G_N_ELEMENTS (events); j++)
      {
        g_autofree char *name = g_strdup_printf ("guard_%s_%s", reference_tables[i], events[j]);

        g_assert_true (has_trigger (conn, name, reference_tables[i]));
        expected++;
      }

  /* Nothing stale left from an earlier version of the generated triggers. */
  g_assert_cmpint (isaf_test_sqlite_int (conn, "SELECT count (*) FROM sqlite_schema "
                                               "WHERE type = 'trigger'"), ==, expected);
  sqlite3_close (conn);
}

static void
test_create_triggers (IsafTestFixture *fixture,
                      gconstpointer    data)
{
  open_new (fixture);
  assert_triggers (fixture->path);
}

/* Migration --------------------------------------------------------------------------- */

static IsafRecord *
new_caf (const char *name,
         const char *sex)
{
  IsafRecord *caf = isaf_record_new ("caf");

  isaf_record_set_text (caf, "name_km", name);
  isaf_record_set_text (caf, "sex", sex);
  return caf;
}

static void
fill_v1 (IsafTestFixture *fixture)
{
  g_autoptr(IsafRecord) caf1 = new_caf ("សុខ ចាន់ថា", "f");
  g_autoptr(IsafRecord) caf2 = new_caf ("ម៉ៅ សុភ័ក្ត្រ", "m");
  g_autoptr(IsafRecord) caf3 = new_caf ("កែវ ស្រីនាង", "f");
  g_autoptr(IsafRecord) cycle = isaf_record_new ("cycle");
  g_autoptr(IsafRecord) stage = isaf_record_new ("cycle_stage");
  g_autoptr(IsafRecord) action = isaf_record_new ("jaap_action");
  g_autoptr(IsafRecord) sub_action = isaf_record_new ("jaap_action");
  g_autoptr(GError) error = NULL;
  IsafUuid village;

  isaf_test_village_id ("01020103", &village);
  isaf_record_set_reference (caf1, "village_id", &village);
  isaf_record_set_text (caf1, "phone", "012 345 678");
  isaf_record_set_text (caf1, "selected_on", "2024-02-01");
  isaf_record_set_integer (caf2, "birth_year", 1979);
  isaf_record_set_boolean (caf3, "is_village_official", TRUE);

  isaf_record_set_integer (cycle, "year", 2026);
  isaf_record_set_text (cycle, "notes", "ឆ្នាំទី១\nFirst line\nSecond line");
  isaf_record_set_reference (stage, "cycle_id", isaf_record_get_id (cycle));
  isaf_record_set_text (stage, "stage", "planning");
  isaf_record_set_text (stage, "status", "in_progress");
  isaf_record_set_text (stage, "planned_start", "2026-01-05");
  isaf_record_set_text (stage, "planned_end", "2026-02-27");

  isaf_record_set_reference (action, "cycle_id", isaf_record_get_id (cycle));
  isaf_record_set_text (action, "action_group", "ka");
  isaf_record_set_text (action, "activity", "ជួសជុលដំបូលសាលារៀន");
  isaf_record_set_real (action, "quantity", 2.5);
  isaf_record_set_integer (action, "estimated_cost_riel", 4000000);
  isaf_record_set_integer (action, "beneficiaries_total", 320);
  isaf_record_set_integer (action, "beneficiaries_female", 170);
  isaf_record_set_text (action, "status", "ongoing");
  isaf_record_set_reference (sub_action, "cycle_id", isaf_record_get_id (cycle));
  isaf_record_set_reference (sub_action, "parent_id", isaf_record_get_id (action));
  isaf_record_set_text (sub_action, "action_group", "ka");
  isaf_record_set_text (sub_action, "activity", "ទិញស័ង្កសី");
  isaf_record_set_text (sub_action, "status", "not_started");

  isaf_test_save (fixture->store, caf1, caf2, caf3, cycle, stage, action, sub_action, NULL);

  isaf_record_set_text (caf1, "name_latin", "Sok Chantha");
  isaf_test_save (fixture->store, caf1, NULL);
  isaf_store_delete (fixture->store, "caf", isaf_record_get_id (caf2), NULL, &error);
  g_assert_no_error (error);
}

static void
test_migrate_v1_to_current (IsafTestFixture *fixture,
                       gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GHashTable) backup = NULL;
  g_autofree char *backup_path = g_strdup_printf ("%s.before-v%d", fixture->path,
                                                  ISAF_SCHEMA_VERSION);
  g_autofree char *outbox_before = NULL;
  g_autofree char *integrity = NULL;
  GHashTableIter iter;
  gpointer name, dump;
  gint64 outbox_rows;
  sqlite3 *conn;

  fixture->database = isaf_database_open_at_version (fixture->path,
                                                     ISAF_DATABASE_OPEN_CREATE_NEW, 1, &error);
  g_assert_no_error (error);
  fixture->store = isaf_store_new (fixture->database);
  isaf_store_create_commune (fixture->store, ISAF_TEST_COMMUNE, &error);
  g_assert_no_error (error);
  fill_v1 (fixture);
  isaf_test_fixture_close (fixture);

  conn = isaf_test_sqlite_open (fixture->path, SQLITE_OPEN_READONLY);
  g_assert_cmpint (isaf_test_sqlite_int (conn, "PRAGMA user_version"), ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (later_tables); i++)
    g_assert_false (isaf_test_sqlite_has_table (conn, later_tables[i]));
  before = isaf_test_dump_tables (conn);
  outbox_rows = isaf_test_sqlite_int (conn, "SELECT count (*) FROM sync_outbox");
  g_assert_cmpint (outbox_rows, >, 20);
  g_assert_cmpint (isaf_test_sqlite_int (conn, "SELECT count (*) FROM caf"), ==, 3);
  g_assert_cmpint (isaf_test_sqlite_int (conn, "SELECT count (*) FROM jaap_action"), ==, 2);
  sqlite3_close (conn);
  outbox_before = g_strdup (g_hash_table_lookup (before, "sync_outbox"));
  g_assert_false (g_file_test (backup_path, G_FILE_TEST_EXISTS));

  /* Opening with this version upgrades the file. */
  isaf_test_fixture_reopen (fixture);
  isaf_test_fixture_close (fixture);

  conn = isaf_test_sqlite_open (fixture->path, SQLITE_OPEN_READONLY);
  g_assert_cmpint (isaf_test_sqlite_int (conn, "PRAGMA user_version"), ==, ISAF_SCHEMA_VERSION);
  g_assert_cmpint (isaf_test_sqlite_int (conn, "PRAGMA application_id"), ==, ISAF_APPLICATION_ID);
  for (guint i = 0; i < G_N_ELEMENTS (later_tables); i++)
    g_assert_true (isaf_test_sqlite_has_table (conn, later_tables[i]));
  after = isaf_test_dump_tables (conn);
  sqlite3_close (conn);

  /* Every row that was there is still there, value for value and type for type. */
  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &name, &dump))
    {
      g_test_message ("comparing table %s", (const char *) name);
      g_assert_cmpstr (dump, ==, g_hash_table_lookup (after, name));
    }
  g_assert_cmpstr (g_hash_table_lookup (after, "sync_outbox"), ==, outbox_before);
  g_assert_cmpuint (g_hash_table_size (after), ==,
                    g_hash_table_size (before) + G_N_ELEMENTS (later_tables));
  assert_triggers (fixture->path);

  /* The copy kept before upgrading is a sound version 1 database with the same rows. */
  g_assert_true (g_file_test (backup_path, G_FILE_TEST_IS_REGULAR));
  conn = isaf_test_sqlite_open (backup_path, SQLITE_OPEN_READONLY);
  integrity = isaf_test_sqlite_text (conn, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");
  g_assert_cmpint (isaf_test_sqlite_int (conn, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (isaf_test_sqlite_int (conn, "PRAGMA application_id"), ==, ISAF_APPLICATION_ID);
  for (guint i = 0; i < G_N_ELEMENTS (later_tables); i++)
    g_assert_false (isaf_test_sqlite_has_table (conn, later_tables[i]));
  backup = isaf_test_dump_tables (conn);
  sqlite3_close (conn);
  isaf_test_assert_dumps_equal (before, backup);

  /* The upgraded database keeps working: its commune, its clocks, its capture. */
  isaf_test_fixture_reopen (fixture);
  {
    g_autofree char *code = isaf_database_dup_commune_code (fixture->database);
    g_autoptr(IsafRecord) caf = new_caf ("ហេង សុផល", "m");

    g_assert_cmpstr (code, ==, ISAF_TEST_COMMUNE);
    isaf_test_save (fixture->store, caf, NULL);
  }
  isaf_test_fixture_close (fixture);

  conn = isaf_test_sqlite_open (fixture->path, SQLITE_OPEN_READONLY);
  g_assert_cmpint (isaf_test_sqlite_int (conn, "SELECT count (*) FROM sync_outbox"), ==,
                   outbox_rows + 4);
  g_assert_cmpint (isaf_test_sqlite_int (conn,
                                         "SELECT count (DISTINCT txid) FROM sync_outbox "
                                         "WHERE seq > (SELECT max (seq) - 4 FROM sync_outbox)"),
                   ==, 1);
  sqlite3_close (conn);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/schema/create/pragmas", IsafTestFixture, NULL,
              isaf_test_fixture_setup_dir, test_create_pragmas, isaf_test_fixture_teardown);
  g_test_add ("/schema/create/columns", IsafTestFixture, NULL,
              isaf_test_fixture_setup_dir, test_create_columns, isaf_test_fixture_teardown);
  g_test_add ("/schema/create/triggers", IsafTestFixture, NULL,
              isaf_test_fixture_setup_dir, test_create_triggers, isaf_test_fixture_teardown);
  g_test_add ("/schema/migrate/v1-to-current", IsafTestFixture, NULL,
              isaf_test_fixture_setup_dir, test_migrate_v1_to_current, isaf_test_fixture_teardown);

  return g_test_run ();
}
