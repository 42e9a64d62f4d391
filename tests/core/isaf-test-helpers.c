/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-test"

#include "config.h"

#include <glib/gstdio.h>

#include "isaf-test-helpers.h"

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

void
isaf_test_remove_tree (const char *path)
{
  GDir *dir;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_unlink (path);
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          isaf_test_remove_tree (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

/* The names in @dir, sorted, so that a test can tell that nothing was added or removed. */
GStrv
isaf_test_list_dir (const char *dir_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GDir *dir = g_dir_open (dir_path, 0, &error);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_dir_close (dir);

  g_ptr_array_sort (names, compare_lines);
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

void
isaf_test_fixture_setup_dir (IsafTestFixture *fixture,
                             gconstpointer    data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("isaf-test-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "isaf.sqlite", NULL);
}

/* A new database at the fixture's path, set up for the test commune. */
void
isaf_test_fixture_create_store (IsafTestFixture *fixture)
{
  g_autoptr(GError) error = NULL;

  fixture->database = isaf_database_open (fixture->path, ISAF_DATABASE_OPEN_CREATE_NEW, &error);
  g_assert_no_error (error);
  fixture->store = isaf_store_new (fixture->database);

  isaf_store_create_commune (fixture->store, ISAF_TEST_COMMUNE, &error);
  g_assert_no_error (error);
}

void
isaf_test_fixture_setup_store (IsafTestFixture *fixture,
                               gconstpointer    data)
{
  isaf_test_fixture_setup_dir (fixture, data);
  isaf_test_fixture_create_store (fixture);
}

void
isaf_test_fixture_close (IsafTestFixture *fixture)
{
  g_clear_object (&fixture->store);
  if (fixture->database)
    isaf_database_close (fixture->database);
  g_clear_object (&fixture->database);
}

void
isaf_test_fixture_reopen (IsafTestFixture *fixture)
{
  g_autoptr(GError) error = NULL;

  isaf_test_fixture_close (fixture);
  fixture->database = isaf_database_open (fixture->path, ISAF_DATABASE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  fixture->store = isaf_store_new (fixture->database);
}

void
isaf_test_fixture_teardown (IsafTestFixture *fixture,
                            gconstpointer    data)
{
  isaf_test_fixture_close (fixture);
  isaf_test_remove_tree (fixture->dir);
  g_assert_false (g_file_test (fixture->dir, G_FILE_TEST_EXISTS));
  g_clear_pointer (&fixture->path, g_free);
  g_clear_pointer (&fixture->dir, g_free);
}

sqlite3 *
isaf_test_sqlite_open (const char *path,
                       int         flags)
{
  sqlite3 *conn = NULL;
  int rc = sqlite3_open_v2 (path, &conn, flags, NULL);

  if (rc != SQLITE_OK)
    g_error ("Cannot open %s: %s", path, sqlite3_errstr (rc));
  sqlite3_extended_result_codes (conn, 1);
  return conn;
}

void
isaf_test_sqlite_exec (sqlite3    *conn,
                       const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (conn, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("'%s' failed: %s", sql, message);
}

static sqlite3_stmt *
prepare_one_row (sqlite3    *conn,
                 const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (conn, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("Cannot prepare '%s': %s", sql, sqlite3_errmsg (conn));
  if (sqlite3_step (stmt) != SQLITE_ROW)
    g_error ("'%s' returned no row: %s", sql, sqlite3_errmsg (conn));
  return stmt;
}

gint64
isaf_test_sqlite_int (sqlite3    *conn,
                      const char *sql)
{
  sqlite3_stmt *stmt = prepare_one_row (conn, sql);
  gint64 value = sqlite3_column_int64 (stmt, 0);

  sqlite3_finalize (stmt);
  return value;
}

char *
isaf_test_sqlite_text (sqlite3    *conn,
                       const char *sql)
{
  sqlite3_stmt *stmt = prepare_one_row (conn, sql);
  char *value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));

  sqlite3_finalize (stmt);
  return value;
}

gboolean
isaf_test_sqlite_has_table (sqlite3    *conn,
                            const char *name)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found;

  g_assert_cmpint (sqlite3_prepare_v2 (conn,
                                       "SELECT 1 FROM sqlite_schema WHERE type = 'table' "
                                       "AND name = ?",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return found;
}

/* Every row of @table with the storage class of every value, one line per row, sorted:
 * two dumps are equal exactly when the tables hold the same values. */
char *
isaf_test_dump_table (sqlite3    *conn,
                      const char *table)
{
  /* The names come from sqlite_schema or the schema description, never from input. */
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", table);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) dump = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (conn, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("Cannot read %s: %s", table, sqlite3_errmsg (conn));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GString *line = g_string_new (NULL);

      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          if (i > 0)
            g_string_append_c (line, '|');
          switch (sqlite3_column_type (stmt, i))
            {
            case SQLITE_NULL:
              g_string_append (line, "N");
              break;
            case SQLITE_INTEGER:
              g_string_append_printf (line, "I:%" G_GINT64_FORMAT,
                                      (gint64) sqlite3_column_int64 (stmt, i));
              break;
            case SQLITE_FLOAT:
              g_string_append_printf (line, "R:%.17g", sqlite3_column_double (stmt, i));
              break;
            case SQLITE_TEXT:
              g_string_append_printf (line, "T:%s", sqlite3_column_text (stmt, i));
              break;
            default:
              {
                const guint8 *bytes = sqlite3_column_blob (stmt, i);

                g_string_append (line, "B:");
                for (int j = 0; j < sqlite3_column_bytes (stmt, i); j++)
                  g_string_append_printf (line, "%02x", bytes[j]);
              }
              break;
            }
        }
      g_ptr_array_add (lines, g_string_free (line, FALSE));
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  g_ptr_array_sort (lines, compare_lines);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (dump, "%s\n", (const char *) lines->pdata[i]);
  return g_string_free (g_steal_pointer (&dump), FALSE);
}

/* Table name → dump, for every table of the file (sqlite_sequence included). */
GHashTable *
isaf_test_dump_tables (sqlite3 *conn)
{
  GHashTable *dumps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (conn,
                                       "SELECT name FROM sqlite_schema WHERE type = 'table' "
                                       "ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);

      g_hash_table_insert (dumps, g_strdup (name), isaf_test_dump_table (conn, name));
    }
  sqlite3_finalize (stmt);
  return dumps;
}

GHashTable *
isaf_test_dump_file (const char *path)
{
  sqlite3 *conn = isaf_test_sqlite_open (path, SQLITE_OPEN_READONLY);
  GHashTable *dumps = isaf_test_dump_tables (conn);

  sqlite3_close (conn);
  return dumps;
}

void
isaf_test_assert_dumps_equal (GHashTable *before,
                              GHashTable *after)
{
  GHashTableIter iter;
  gpointer name, dump;

  g_assert_cmpuint (g_hash_table_size (before), ==, g_hash_table_size (after));
  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &name, &dump))
    {
      g_test_message ("comparing table %s", (const char *) name);
      g_assert_true (g_hash_table_contains (after, name));
      g_assert_cmpstr (dump, ==, g_hash_table_lookup (after, name));
    }
}

typedef struct {
  const char *sql;
  const IsafUuid *id;
  int rc;
} SqlJob;

static gboolean
run_sql_func (IsafDatabase *database,
              gpointer      data,
              GError      **error)
{
  SqlJob *job = data;
  sqlite3 *conn = isaf_database_get_connection (database);

  if (job->id == NULL)
    job->rc = sqlite3_exec (conn, job->sql, NULL, NULL, NULL);
  else
    {
      sqlite3_stmt *stmt = NULL;

      job->rc = sqlite3_prepare_v2 (conn, job->sql, -1, &stmt, NULL);
      if (job->rc == SQLITE_OK)
        {
          sqlite3_bind_blob (stmt, 1, job->id->bytes, 16, SQLITE_STATIC);
          job->rc = sqlite3_step (stmt);
          if (job->rc == SQLITE_DONE || job->rc == SQLITE_ROW)
            job->rc = SQLITE_OK;
        }
      sqlite3_finalize (stmt);
    }

  if (job->rc != SQLITE_OK)
    {
      job->rc = sqlite3_extended_errcode (conn);
      g_test_message ("'%s': %s", job->sql, sqlite3_errmsg (conn));
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", sqlite3_errmsg (conn));
      return FALSE;
    }
  return TRUE;
}

int
isaf_test_run_sql (IsafDatabase     *database,
                   IsafDatabaseMode  mode,
                   const char       *sql,
                   const IsafUuid   *id)
{
  g_autoptr(GError) error = NULL;
  SqlJob job = { sql, id, -1 };
  gboolean ok = isaf_database_run (database, mode, run_sql_func, &job, &error);

  /* A failed statement fails the job, and so rolls the whole transaction back. */
  g_assert_true (ok == (job.rc == SQLITE_OK));
  if (!ok)
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  return job.rc;
}

typedef struct {
  const char *sql;
  gint64 value;
} QueryJob;

static gboolean
query_int_func (IsafDatabase *database,
                gpointer      data,
                GError      **error)
{
  QueryJob *job = data;
  sqlite3_stmt *stmt = prepare_one_row (isaf_database_get_connection (database), job->sql);

  job->value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return TRUE;
}

/* A query on the database's own connection: for per-connection settings. */
gint64
isaf_test_run_query_int (IsafDatabase *database,
                         const char   *sql)
{
  g_autoptr(GError) error = NULL;
  QueryJob job = { sql, 0 };

  isaf_database_run (database, ISAF_DATABASE_READ, query_int_func, &job, &error);
  g_assert_no_error (error);
  return job.value;
}

void
isaf_test_save (IsafStore  *store,
                IsafRecord *first,
                ...)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, first);
  for (IsafRecord *record = first; record != NULL; record = va_arg (args, IsafRecord *))
    g_ptr_array_add (records, record);
  va_end (args);

  isaf_store_save (store, records, &error);
  g_assert_no_error (error);
}

void
isaf_test_village_id (const char *code,
                      IsafUuid   *out)
{
  isaf_uuid_v5_for_table (out, "village", code);
}
