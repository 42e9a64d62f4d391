/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-database"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "isaf-error.h"
#include "isaf-schema.h"
#include "isaf-test-helpers.h"

/* Bad files: each is refused with its own error code and a sentence for the user, and is
 * left exactly as it was, byte for byte, with nothing added next to it. */

typedef struct {
  char *path;
  char *dir;
  gboolean exists;
  char *contents;
  gsize length;
  GDateTime *modified;
  GStrv listing;
} Snapshot;

static void
snapshot_clear (Snapshot *snapshot)
{
  g_clear_pointer (&snapshot->path, g_free);
  g_clear_pointer (&snapshot->dir, g_free);
  g_clear_pointer (&snapshot->contents, g_free);
  g_clear_pointer (&snapshot->modified, g_date_time_unref);
  g_clear_pointer (&snapshot->listing, g_strfreev);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Snapshot, snapshot_clear)

static GDateTime *
modification_time (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                            G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                            G_FILE_QUERY_INFO_NONE, NULL, &error);
  g_assert_no_error (error);
  return g_file_info_get_modification_date_time (info);
}

/* @path and the listing of @dir (which holds it, or would). */
static void
snapshot_take (Snapshot   *snapshot,
               const char *dir,
               const char *path)
{
  g_autoptr(GError) error = NULL;

  snapshot->path = g_strdup (path);
  snapshot->dir = g_strdup (dir);
  snapshot->exists = g_file_test (path, G_FILE_TEST_IS_REGULAR);
  if (snapshot->exists)
    {
      g_file_get_contents (path, &snapshot->contents, &snapshot->length, &error);
      g_assert_no_error (error);
      snapshot->modified = modification_time (path);
    }
  snapshot->listing = isaf_test_list_dir (dir);
}

/* The file itself, byte for byte and modification time. */
static void
snapshot_assert_file_unchanged (const Snapshot *snapshot)
{
  g_assert_cmpint (g_file_test (snapshot->path, G_FILE_TEST_IS_REGULAR), ==, snapshot->exists);

  if (snapshot->exists)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *contents = NULL;
      g_autoptr(GDateTime) modified = NULL;
      gsize length;

      g_file_get_contents (snapshot->path, &contents, &length, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (contents, length, snapshot->contents, snapshot->length);
      modified = modification_time (snapshot->path);
      g_assert_true (g_date_time_equal (modified, snapshot->modified));
    }
}

/* The file, and nothing added to or removed from its folder. */
static void
snapshot_assert_unchanged (const Snapshot *snapshot)
{
  g_auto(GStrv) listing = isaf_test_list_dir (snapshot->dir);

  g_assert_cmpstrv (listing, snapshot->listing);
  snapshot_assert_file_unchanged (snapshot);
}

static void
assert_open_fails (const char            *path,
                   IsafDatabaseOpenFlags  flags,
                   IsafDatabaseError      code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafDatabase) database = isaf_database_open (path, flags, &error);

  g_assert_null (database);
  g_assert_error (error, ISAF_DATABASE_ERROR, (int) code);
  g_assert_nonnull (error->message);
  g_assert_cmpuint (strlen (error->message), >, 10);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_test_message ("refused: %s", error->message);
}

/* Opens with every flag that lets the file be opened, or created, and expects @code. */
static void
assert_refused_unchanged (IsafTestFixture   *fixture,
                          const char        *path,
                          IsafDatabaseError  code)
{
  static const IsafDatabaseOpenFlags flags[] = {
    ISAF_DATABASE_OPEN_EXISTING,
    ISAF_DATABASE_OPEN_CREATE,
  };
  g_auto(Snapshot) snapshot = { NULL, };

  snapshot_take (&snapshot, fixture->dir, path);
  g_assert_true (snapshot.exists);

  for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
    {
      assert_open_fails (path, flags[i], code);
      snapshot_assert_unchanged (&snapshot);
    }
}

static void
write_file (const char *path,
            const char *contents,
            gssize      length)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

/* A real ISAF Commune database with a commune and a record, closed. */
static void
create_isaf_database (IsafTestFixture *fixture)
{
  g_autoptr(IsafRecord) caf = isaf_record_new ("caf");

  isaf_test_fixture_create_store (fixture);
  isaf_record_set_text (caf, "name_km", "សុខ");
  isaf_record_set_text (caf, "sex", "f");
  isaf_test_save (fixture->store, caf, NULL);
  isaf_test_fixture_close (fixture);
}

static void
test_open_parent_is_file (IsafTestFixture *fixture,
                          gconstpointer    data)
{
  g_autofree char *file = g_build_filename (fixture->dir, "file.txt", NULL);
  g_autofree char *path = g_build_filename (file, "db.sqlite", NULL);
  g_auto(Snapshot) snapshot = { NULL, };

  write_file (file, "not a folder\n", -1);
  snapshot_take (&snapshot, fixture->dir, file);

  assert_open_fails (path, ISAF_DATABASE_OPEN_CREATE, ISAF_DATABASE_ERROR_CANNOT_OPEN);
  snapshot_assert_unchanged (&snapshot);
  assert_open_fails (path, ISAF_DATABASE_OPEN_CREATE_NEW, ISAF_DATABASE_ERROR_CANNOT_OPEN);
  snapshot_assert_unchanged (&snapshot);
}

static void
test_open_missing_directory (IsafTestFixture *fixture,
                             gconstpointer    data)
{
  g_autofree char *missing = g_build_filename (fixture->dir, "missing", NULL);
  g_autofree char *path = g_build_filename (missing, "db.sqlite", NULL);
  g_auto(Snapshot) snapshot = { NULL, };

  snapshot_take (&snapshot, fixture->dir, path);
  g_assert_false (snapshot.exists);

  assert_open_fails (path, ISAF_DATABASE_OPEN_CREATE, ISAF_DATABASE_ERROR_CANNOT_OPEN);
  snapshot_assert_unchanged (&snapshot);
  assert_open_fails (path, ISAF_DATABASE_OPEN_CREATE_NEW, ISAF_DATABASE_ERROR_CANNOT_OPEN);
  snapshot_assert_unchanged (&snapshot);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
}

static void
test_open_directory (IsafTestFixture *fixture,
                     gconstpointer    data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "folder.sqlite", NULL);
  g_auto(GStrv) listing = NULL;

  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  listing = isaf_test_list_dir (fixture->dir);
  assert_open_fails (path, ISAF_DATABASE_OPEN_EXISTING, ISAF_DATABASE_ERROR_CANNOT_OPEN);
  assert_open_fails (path, ISAF_DATABASE_OPEN_CREATE, ISAF_DATABASE_ERROR_CANNOT_OPEN);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_DIR));
  {
    g_auto(GStrv) after = isaf_test_list_dir (fixture->dir);

    g_assert_cmpstrv (after, listing);
  }
}

static void
test_open_text_file (IsafTestFixture *fixture,
                     gconstpointer    data)
{
  g_autofree char *short_path = g_build_filename (fixture->dir, "short.txt", NULL);

  write_file (fixture->path,
              "Minutes of the interface meeting, Banteay Neang, 2 April 2026.\n"
              "Present: the commune chief, the clerk, four CAFs and 63 citizens.\n", -1);
  assert_refused_unchanged (fixture, fixture->path, ISAF_DATABASE_ERROR_NOT_A_DATABASE);

  /* Shorter than a database header; and one that only starts like SQLite. */
  write_file (short_path, "SQLite format 3", -1);
  assert_refused_unchanged (fixture, short_path, ISAF_DATABASE_ERROR_NOT_A_DATABASE);
}

static void
test_open_empty_file (IsafTestFixture *fixture,
                      gconstpointer    data)
{
  /* SQLite itself would take an empty file for an empty database and write to it. */
  write_file (fixture->path, "", 0);
  assert_refused_unchanged (fixture, fixture->path, ISAF_DATABASE_ERROR_NOT_A_DATABASE);
}

static void
create_other_database (const char *path,
                       gboolean    wal)
{
  sqlite3 *conn = isaf_test_sqlite_open (path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);

  if (wal)
    isaf_test_sqlite_exec (conn, "PRAGMA journal_mode = WAL");
  isaf_test_sqlite_exec (conn,
                         "CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT);"
                         "INSERT INTO note (text) VALUES ('shopping'), ('ideas');"
                         "PRAGMA user_version = 1;");
  sqlite3_close (conn);
}

static void
test_open_other_application (IsafTestFixture *fixture,
                             gconstpointer    data)
{
  g_autofree char *wal_path = g_build_filename (fixture->dir, "notes-wal.sqlite", NULL);

  create_other_database (fixture->path, FALSE);
  assert_refused_unchanged (fixture, fixture->path, ISAF_DATABASE_ERROR_NOT_ISAF);

  create_other_database (wal_path, TRUE);
  assert_refused_unchanged (fixture, wal_path, ISAF_DATABASE_ERROR_NOT_ISAF);
}

static void
test_open_corrupt (IsafTestFixture *fixture,
                   gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  create_isaf_database (fixture);

  /* Keep the 100-byte header and wreck the rest of page 1, where sqlite_schema starts. */
  g_file_get_contents (fixture->path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >=, 4096);
  for (gsize i = 100; i < 4096; i++)
    contents[i] = (char) (0xa5 ^ (i * 7));
  write_file (fixture->path, contents, length);

  assert_refused_unchanged (fixture, fixture->path, ISAF_DATABASE_ERROR_CORRUPT);
}

static void
test_open_truncated (IsafTestFixture *fixture,
                     gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  create_isaf_database (fixture);

  /* Cut inside the header: no longer recognisable as a database at all. */
  g_file_get_contents (fixture->path, &contents, &length, &error);
  g_assert_no_error (error);
  write_file (fixture->path, contents, 60);

  assert_refused_unchanged (fixture, fixture->path, ISAF_DATABASE_ERROR_NOT_A_DATABASE);
}

static void
test_open_too_new (IsafTestFixture *fixture,
                   gconstpointer    data)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", ISAF_SCHEMA_VERSION + 1);
  sqlite3 *conn;

  create_isaf_database (fixture);
  conn = isaf_test_sqlite_open (fixture->path, SQLITE_OPEN_READWRITE);
  isaf_test_sqlite_exec (conn, sql);
  sqlite3_close (conn);

  assert_refused_unchanged (fixture, fixture->path, ISAF_DATABASE_ERROR_TOO_NEW);
}

static void
test_open_exists (IsafTestFixture *fixture,
                  gconstpointer    data)
{
  g_autofree char *text = g_build_filename (fixture->dir, "notes.txt", NULL);
  g_auto(Snapshot) snapshot = { NULL, };
  g_auto(Snapshot) text_snapshot = { NULL, };

  create_isaf_database (fixture);
  snapshot_take (&snapshot, fixture->dir, fixture->path);
  assert_open_fails (fixture->path, ISAF_DATABASE_OPEN_CREATE_NEW, ISAF_DATABASE_ERROR_EXISTS);
  snapshot_assert_unchanged (&snapshot);

  write_file (text, "keep me", -1);
  snapshot_take (&text_snapshot, fixture->dir, text);
  assert_open_fails (text, ISAF_DATABASE_OPEN_CREATE_NEW, ISAF_DATABASE_ERROR_EXISTS);
  snapshot_assert_unchanged (&text_snapshot);
}

static void
test_open_not_found (IsafTestFixture *fixture,
                     gconstpointer    data)
{
  g_auto(Snapshot) snapshot = { NULL, };

  snapshot_take (&snapshot, fixture->dir, fixture->path);
  g_assert_false (snapshot.exists);
  assert_open_fails (fixture->path, ISAF_DATABASE_OPEN_EXISTING, ISAF_DATABASE_ERROR_NOT_FOUND);
  snapshot_assert_unchanged (&snapshot);
}

static void
test_reopen (IsafTestFixture *fixture,
             gconstpointer    data)
{
  g_autoptr(GPtrArray) cafs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  create_isaf_database (fixture);
  isaf_test_fixture_reopen (fixture);

  /* The commune code keeps its leading zero across a restart. */
  code = isaf_database_dup_commune_code (fixture->database);
  g_assert_cmpstr (code, ==, ISAF_TEST_COMMUNE);
  cafs = isaf_store_list (fixture->store, "caf", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cafs->len, ==, 1);
  g_assert_cmpstr (isaf_record_get_text (cafs->pdata[0], "name_km"), ==, "សុខ");

  /* And the store can still write. */
  isaf_record_set_text (cafs->pdata[0], "name_latin", "Sok");
  isaf_test_save (fixture->store, cafs->pdata[0], NULL);
}

static void
test_open_read_only (IsafTestFixture *fixture,
                     gconstpointer    data)
{
  g_autoptr(IsafDatabase) database = NULL;
  g_autoptr(IsafStore) store = NULL;
  g_autoptr(IsafRecord) caf = NULL;
  g_autoptr(GPtrArray) cafs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old_path = g_build_filename (fixture->dir, "old.sqlite", NULL);
  g_auto(Snapshot) snapshot = { NULL, };
  g_auto(Snapshot) old_snapshot = { NULL, };

  create_isaf_database (fixture);
  snapshot_take (&snapshot, fixture->dir, fixture->path);

  /* Read, never written: not even a migration or a clock. */
  database = isaf_database_open (fixture->path, ISAF_DATABASE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  store = isaf_store_new (database);
  cafs = isaf_store_list (store, "caf", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cafs->len, ==, 1);

  caf = g_object_ref (cafs->pdata[0]);
  isaf_record_set_text (caf, "name_latin", "Sok");
  g_assert_false (isaf_store_save (store, cafs, &error));
  g_assert_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_READ_ONLY);
  g_clear_error (&error);
  isaf_database_close (database);
  /* SQLite leaves the empty -wal and -shm files of a read-only WAL connection behind. */
  snapshot_assert_file_unchanged (&snapshot);

  /* A file of an older version cannot be read without being upgraded first. */
  g_clear_object (&store);
  g_clear_object (&database);
  database = isaf_database_open_at_version (old_path, ISAF_DATABASE_OPEN_CREATE_NEW, 1, &error);
  g_assert_no_error (error);
  isaf_database_close (database);
  g_clear_object (&database);
  snapshot_take (&old_snapshot, fixture->dir, old_path);
  assert_open_fails (old_path, ISAF_DATABASE_OPEN_READ_ONLY, ISAF_DATABASE_ERROR_READ_ONLY);
  snapshot_assert_file_unchanged (&old_snapshot);
}

/* Asynchronous use ---------------------------------------------------------------------- */

typedef struct {
  GMainLoop *loop;
  GThread *main_thread;
  guint pending;
  IsafDatabase *database;
  GError *open_error;
  GError *save_error;
  gboolean saved;
  GError *list_error;
  GPtrArray *listed;
  guint n_saved;
} AsyncState;

static void
async_state_clear (AsyncState *state)
{
  g_clear_pointer (&state->loop, g_main_loop_unref);
  if (state->database)
    isaf_database_close (state->database);
  g_clear_object (&state->database);
  g_clear_error (&state->open_error);
  g_clear_error (&state->save_error);
  g_clear_error (&state->list_error);
  g_clear_pointer (&state->listed, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AsyncState, async_state_clear)

static void
async_state_init (AsyncState *state)
{
  state->loop = g_main_loop_new (NULL, FALSE);
  state->main_thread = g_thread_self ();
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  g_error ("The asynchronous operations did not complete");
  return G_SOURCE_REMOVE;
}

static void
run_until_done (AsyncState *state)
{
  guint timeout = g_timeout_add_seconds (30, on_timeout_cb, NULL);

  if (state->pending > 0)
    g_main_loop_run (state->loop);
  g_assert_cmpuint (state->pending, ==, 0);
  g_source_remove (timeout);
}

static void
finish_one (AsyncState *state)
{
  /* Results come back on the thread that asked for them, through its main loop. */
  g_assert_true (g_thread_self () == state->main_thread);
  g_assert_cmpuint (state->pending, >, 0);
  if (--state->pending == 0)
    g_main_loop_quit (state->loop);
}

static void
on_open_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncState *state = user_data;

  finish_one (state);
  g_assert_null (source);
  state->database = isaf_database_open_finish (result, &state->open_error);
}

static void
on_save_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncState *state = user_data;
  GError *error = NULL;

  finish_one (state);
  g_assert_true (ISAF_IS_STORE (source));
  if (isaf_store_save_finish (ISAF_STORE (source), result, &error))
    state->n_saved++;
  else if (state->save_error == NULL)
    state->save_error = error;
  else
    g_error_free (error);
}

static void
on_list_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncState *state = user_data;

  finish_one (state);
  g_assert_null (state->listed);
  state->listed = isaf_store_list_finish (ISAF_STORE (source), result, &state->list_error);
}

static IsafRecord *
new_caf (const char *name)
{
  IsafRecord *caf = isaf_record_new ("caf");

  isaf_record_set_text (caf, "name_km", name);
  isaf_record_set_text (caf, "sex", "m");
  return caf;
}

static GPtrArray *
one_record (IsafRecord *record)
{
  GPtrArray *records = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (records, record);
  return records;
}

static void
test_async_open_save_list (IsafTestFixture *fixture,
                           gconstpointer    data)
{
  g_auto(AsyncState) state = { NULL, };
  g_autoptr(IsafStore) store = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  async_state_init (&state);

  state.pending = 1;
  isaf_database_open_async (fixture->path, ISAF_DATABASE_OPEN_CREATE_NEW, NULL, on_open_cb,
                            &state);
  /* Never called back before the caller's main loop runs. */
  g_assert_cmpuint (state.pending, ==, 1);
  run_until_done (&state);
  g_assert_no_error (state.open_error);
  g_assert_true (ISAF_IS_DATABASE (state.database));
  g_assert_true (g_file_test (fixture->path, G_FILE_TEST_IS_REGULAR));

  store = isaf_store_new (state.database);
  isaf_store_create_commune (store, ISAF_TEST_COMMUNE, &error);
  g_assert_no_error (error);

  g_ptr_array_add (records, new_caf ("សុខ"));
  g_ptr_array_add (records, new_caf ("ចាន់"));
  g_ptr_array_add (records, new_caf ("ដារ៉ា"));
  state.pending = 1;
  isaf_store_save_async (store, records, NULL, on_save_cb, &state);
  g_assert_cmpuint (state.pending, ==, 1);
  run_until_done (&state);
  g_assert_no_error (state.save_error);
  g_assert_cmpuint (state.n_saved, ==, 1);
  for (guint i = 0; i < records->len; i++)
    g_assert_true (isaf_record_is_stored (records->pdata[i]));

  state.pending = 1;
  isaf_store_list_async (store, "caf", NULL, NULL, NULL, on_list_cb, &state);
  run_until_done (&state);
  g_assert_no_error (state.list_error);
  g_assert_cmpuint (state.listed->len, ==, 3);
  for (guint i = 0; i < records->len; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < state.listed->len; j++)
        found |= isaf_uuid_equal (isaf_record_get_id (records->pdata[i]),
                                  isaf_record_get_id (state.listed->pdata[j]));
      g_assert_true (found);
    }
}

static void
test_async_open_error (IsafTestFixture *fixture,
                       gconstpointer    data)
{
  g_auto(AsyncState) state = { NULL, };
  g_auto(Snapshot) snapshot = { NULL, };

  async_state_init (&state);
  write_file (fixture->path, "not a database, but long enough to hold a header of one hundred "
                             "bytes, which a database file always has.", -1);
  snapshot_take (&snapshot, fixture->dir, fixture->path);

  state.pending = 1;
  isaf_database_open_async (fixture->path, ISAF_DATABASE_OPEN_EXISTING, NULL, on_open_cb, &state);
  run_until_done (&state);
  g_assert_null (state.database);
  g_assert_error (state.open_error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_NOT_A_DATABASE);
  snapshot_assert_unchanged (&snapshot);
}

/* A job that holds the database thread until the test lets it go, so that the jobs queued
 * behind it are known to be waiting. */
typedef struct {
  GMutex lock;
  GCond cond;
  gboolean started;
  gboolean released;
  gboolean done;
} Gate;

static gboolean
gate_func (IsafDatabase *database,
           gpointer      data,
           GError      **error)
{
  Gate *gate = data;

  g_mutex_lock (&gate->lock);
  gate->started = TRUE;
  g_cond_broadcast (&gate->cond);
  while (!gate->released)
    g_cond_wait (&gate->cond, &gate->lock);
  g_mutex_unlock (&gate->lock);
  return TRUE;
}

static void
on_gate_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AsyncState *state = user_data;
  g_autoptr(GError) error = NULL;

  finish_one (state);
  g_assert_true (isaf_database_run_finish (ISAF_DATABASE (source), result, &error));
  g_assert_no_error (error);
}

static void
gate_init (Gate *gate)
{
  g_mutex_init (&gate->lock);
  g_cond_init (&gate->cond);
}

static void
gate_clear (Gate *gate)
{
  g_mutex_clear (&gate->lock);
  g_cond_clear (&gate->cond);
}

static void
gate_close (Gate         *gate,
            IsafDatabase *database,
            AsyncState   *state)
{
  isaf_database_run_async (database, ISAF_DATABASE_READ, gate_func, gate, NULL, NULL,
                           on_gate_done_cb, state);
  state->pending++;

  g_mutex_lock (&gate->lock);
  while (!gate->started)
    g_cond_wait (&gate->cond, &gate->lock);
  g_mutex_unlock (&gate->lock);
}

static void
gate_open (Gate *gate)
{
  g_mutex_lock (&gate->lock);
  gate->released = TRUE;
  g_cond_broadcast (&gate->cond);
  g_mutex_unlock (&gate->lock);
}

static void
test_async_cancel_queued (IsafTestFixture *fixture,
                          gconstpointer    data)
{
  g_auto(AsyncState) state = { NULL, };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(IsafRecord) caf = new_caf ("សុខ");
  g_autoptr(GPtrArray) records = NULL;
  Gate gate = { 0, };

  async_state_init (&state);
  gate_init (&gate);
  isaf_test_fixture_create_store (fixture);

  gate_close (&gate, fixture->database, &state);

  records = one_record (g_object_ref (caf));
  isaf_store_save_async (fixture->store, records, cancellable, on_save_cb, &state);
  state.pending++;
  g_cancellable_cancel (cancellable);
  isaf_store_list_async (fixture->store, "caf", NULL, NULL, NULL, on_list_cb, &state);
  state.pending++;

  gate_open (&gate);
  run_until_done (&state);

  g_assert_error (state.save_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (state.n_saved, ==, 0);
  g_assert_false (isaf_record_is_stored (caf));

  /* The cancelled job never ran: the job queued after it sees no record. */
  g_assert_no_error (state.list_error);
  g_assert_cmpuint (state.listed->len, ==, 0);
  {
    sqlite3 *conn = isaf_test_sqlite_open (fixture->path, SQLITE_OPEN_READONLY);

    g_assert_cmpint (isaf_test_sqlite_int (conn, "SELECT count (*) FROM caf"), ==, 0);
    g_assert_cmpint (isaf_test_sqlite_int (conn, "SELECT count (*) FROM sync_outbox "
                                                 "WHERE tbl = 'caf'"), ==, 0);
    sqlite3_close (conn);
  }
  gate_clear (&gate);
}

static gpointer
open_gate_later (gpointer data)
{
  g_usleep (100 * 1000);
  gate_open (data);
  return NULL;
}

static void
test_async_close_completes_queued (IsafTestFixture *fixture,
                                   gconstpointer    data)
{
  g_auto(AsyncState) state = { NULL, };
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GThread) opener = NULL;
  Gate gate = { 0, };

  async_state_init (&state);
  gate_init (&gate);
  isaf_test_fixture_create_store (fixture);

  gate_close (&gate, fixture->database, &state);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GPtrArray) records = one_record (new_caf ("សុខ"));

      g_ptr_array_add (all, g_object_ref (records->pdata[0]));
      isaf_store_save_async (fixture->store, records, NULL, on_save_cb, &state);
      state.pending++;
    }
  isaf_store_list_async (fixture->store, "caf", NULL, NULL, NULL, on_list_cb, &state);
  state.pending++;

  /* Closing waits for every job already queued, then stops the thread. */
  opener = g_thread_new ("open-gate", open_gate_later, &gate);
  isaf_database_close (fixture->database);
  g_thread_join (g_steal_pointer (&opener));

  run_until_done (&state);
  g_assert_no_error (state.save_error);
  g_assert_cmpuint (state.n_saved, ==, 3);
  g_assert_no_error (state.list_error);
  g_assert_cmpuint (state.listed->len, ==, 3);
  for (guint i = 0; i < all->len; i++)
    g_assert_true (isaf_record_is_stored (all->pdata[i]));

  /* Closed means closed, for blocking and for queued calls. */
  g_assert_false (isaf_store_save (fixture->store, all, &error));
  g_assert_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_CLOSED);
  g_clear_error (&error);
  g_clear_pointer (&state.listed, g_ptr_array_unref);
  state.pending = 1;
  isaf_store_list_async (fixture->store, "caf", NULL, NULL, NULL, on_list_cb, &state);
  run_until_done (&state);
  g_assert_error (state.list_error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_CLOSED);

  /* Everything was committed to the file. */
  isaf_test_fixture_reopen (fixture);
  listed = isaf_store_list (fixture->store, "caf", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 3);
  gate_clear (&gate);
}

static void
add (const char *path,
     void      (*func) (IsafTestFixture *, gconstpointer))
{
  g_test_add (path, IsafTestFixture, NULL, isaf_test_fixture_setup_dir, func,
              isaf_test_fixture_teardown);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add ("/database/open/parent-is-file", test_open_parent_is_file);
  add ("/database/open/missing-directory", test_open_missing_directory);
  add ("/database/open/directory", test_open_directory);
  add ("/database/open/text-file", test_open_text_file);
  add ("/database/open/empty-file", test_open_empty_file);
  add ("/database/open/other-application", test_open_other_application);
  add ("/database/open/corrupt", test_open_corrupt);
  add ("/database/open/truncated", test_open_truncated);
  add ("/database/open/too-new", test_open_too_new);
  add ("/database/open/exists", test_open_exists);
  add ("/database/open/not-found", test_open_not_found);
  add ("/database/open/reopen", test_reopen);
  add ("/database/open/read-only", test_open_read_only);
  add ("/database/async/open-save-list", test_async_open_save_list);
  add ("/database/async/open-error", test_async_open_error);
  add ("/database/async/cancel-queued", test_async_cancel_queued);
  add ("/database/async/close-completes-queued", test_async_close_completes_queued);

  return g_test_run ();
}
