/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

/* isafctl as a user runs it: a real process on real files. */

typedef struct {
  char *dir;
} Fixture;

static const char *isafctl;

static char *
path_in (Fixture    *fixture,
         const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

/* Runs isafctl with @args (NULL-terminated) and returns its exit status. */
static int
run (char      **out,
     char      **err,
     const char *first,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;
  va_list args;

  g_ptr_array_add (argv, (gpointer) isafctl);
  va_start (args, first);
  for (const char *arg = first; arg; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  /* Output nobody asked for is dropped: it must not mix with this test's TAP output. */
  g_spawn_sync (NULL, (char **) argv->pdata, NULL,
                (out ? 0 : G_SPAWN_STDOUT_TO_DEV_NULL) | (err ? 0 : G_SPAWN_STDERR_TO_DEV_NULL),
                NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
  return 0;
}

static void
make_demo (Fixture    *fixture,
           const char *name,
           const char *seed)
{
  g_autofree char *db = path_in (fixture, name);
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run (&out, &err, "--db", db, "demo", "--commune", "010201", "--years", "2",
                        "--seed", seed, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "បន្ទាយនាង"));
}

static char *
dump_of (Fixture    *fixture,
         const char *name)
{
  g_autofree char *db = path_in (fixture, name);
  g_autofree char *json = g_strconcat (db, ".json", NULL);
  g_autofree char *err = NULL;
  char *contents = NULL;

  g_assert_cmpint (run (NULL, &err, "--db", db, "dump", "--output", json, NULL), ==, 0);
  g_assert_true (g_file_get_contents (json, &contents, NULL, NULL));
  return contents;
}

static void
test_demo_same_seed_same_dump (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *first = NULL, *second = NULL, *other = NULL;

  make_demo (fixture, "a.sqlite", "42");
  make_demo (fixture, "b.sqlite", "42");
  make_demo (fixture, "c.sqlite", "43");

  first = dump_of (fixture, "a.sqlite");
  second = dump_of (fixture, "b.sqlite");
  other = dump_of (fixture, "c.sqlite");
  g_assert_cmpstr (first, ==, second);
  g_assert_cmpstr (first, !=, other);
  g_assert_true (g_str_has_prefix (first, "{\"commune_id\":\"010201\",\"format\":\"isaf-commune-dump\""));
}

static gint64
count_rows (const char *db,
            const char *sql)
{
  sqlite3 *conn;
  sqlite3_stmt *stmt;
  gint64 count;

  g_assert_cmpint (sqlite3_open_v2 (db, &conn, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (conn, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
  return count;
}

/* The content the issue asks of a demo commune. */
static void
test_demo_content (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *db = path_in (fixture, "demo.sqlite");
  g_autofree char *out = NULL, *err = NULL;

  make_demo (fixture, "demo.sqlite", "1");
  g_assert_cmpint (run (&out, &err, "--db", db, "check", NULL), ==, 0);

  /* Banteay Neang has 19 villages in the gazetteer. */
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM village"), ==, 19);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM service_unit WHERE kind = 'primary_school'"), ==, 6);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM service_unit WHERE kind = 'health_centre'"), ==, 1);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM service_unit WHERE kind = 'commune_office'"), ==, 1);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM caf"), ==, 4);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM caf WHERE sex = 'f'"), ==, 3);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM caf WHERE is_village_official = 1"), ==, 1);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM jaapc_member"), ==, 9);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM cycle"), ==, 2);
  /* A dissemination meeting in every village, every year. */
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM dissemination_meeting"), ==, 2 * 19);
  /* Commune-office scorecards per village, one per other unit. */
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM scorecard WHERE kind = 'csc'"), ==, 2 * (19 + 7));
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM scorecard WHERE kind = 'ssa'"), ==, 2 * 8);
  g_assert_cmpint (count_rows (db, "SELECT min (n) FROM (SELECT count(*) AS n FROM scorecard_participant p "
                                   "JOIN scorecard s ON s.id = p.scorecard_id WHERE s.kind = 'csc' "
                                   "GROUP BY s.id)"), >=, 15);
  g_assert_cmpint (count_rows (db, "SELECT max (n) FROM (SELECT count(*) AS n FROM scorecard_participant p "
                                   "JOIN scorecard s ON s.id = p.scorecard_id WHERE s.kind = 'csc' "
                                   "GROUP BY s.id)"), <=, 40);
  g_assert_cmpint (count_rows (db, "SELECT min (n) FROM (SELECT count(*) AS n FROM scorecard_indicator "
                                   "WHERE is_selected = 1 GROUP BY scorecard_id)"), >=, 5);
  g_assert_cmpint (count_rows (db, "SELECT max (n) FROM (SELECT count(*) AS n FROM scorecard_indicator "
                                   "WHERE is_selected = 1 GROUP BY scorecard_id)"), <=, 8);
  /* Anonymous participants do not vote. */
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM scorecard_vote v JOIN scorecard_participant p "
                                   "ON p.id = v.participant_id WHERE p.is_anonymous = 1"), ==, 0);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM interface_meeting"), ==, 2);
  /* 10–25 actions (not counting the service-unit headings of group ខ) in both groups. */
  g_assert_cmpint (count_rows (db, "SELECT min (n) FROM (SELECT count(*) AS n FROM jaap_action a "
                                   "WHERE NOT EXISTS (SELECT 1 FROM jaap_action c WHERE c.parent_id = a.id) "
                                   "GROUP BY cycle_id)"), >=, 10);
  g_assert_cmpint (count_rows (db, "SELECT max (n) FROM (SELECT count(*) AS n FROM jaap_action a "
                                   "WHERE NOT EXISTS (SELECT 1 FROM jaap_action c WHERE c.parent_id = a.id) "
                                   "GROUP BY cycle_id)"), <=, 25);
  g_assert_cmpint (count_rows (db, "SELECT count(DISTINCT action_group) FROM jaap_action"), ==, 2);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM jaapc_meeting"), ==, 2 * 12);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM awpb_line"), >, 0);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM i4c_value"), >, 0);
  /* Demo data is not captured for sync. */
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM sync_outbox"), ==, 0);
}

static void
test_demo_refuses_existing_file (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *db = path_in (fixture, "taken.sqlite");
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (db, "my precious notes", -1, NULL));
  g_assert_cmpint (run (&out, &err, "--db", db, "demo", "--commune", "010201", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "already exists"));
  g_assert_true (g_file_get_contents (db, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "my precious notes");
}

static void
test_demo_unknown_commune (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *db = path_in (fixture, "nowhere.sqlite");
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run (&out, &err, "--db", db, "demo", "--commune", "999999", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "999999"));
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));

  g_assert_cmpint (run (&out, &err, "--db", db, "demo", NULL), ==, 2);
  g_assert_cmpint (run (&out, &err, "--db", db, "no-such-command", NULL), ==, 2);
}

static void
test_check_rejects_bad_files (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *text = path_in (fixture, "notes.txt");
  g_autofree char *missing = path_in (fixture, "missing.sqlite");
  g_autofree char *out = NULL, *err = NULL;

  g_assert_true (g_file_set_contents (text, "not a database", -1, NULL));
  g_assert_cmpint (run (&out, &err, "--db", text, "check", NULL), ==, 1);
  g_assert_cmpint (run (&out, &err, "--db", missing, "check", NULL), ==, 1);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
}

/* The capture triggers call these; a bare connection edits without capture. */
static const char * const capture_functions[] = {
  "sync_capturing", "sync_hlc_next", "sync_hlc_last", "sync_txid",
};

static void
not_capturing (sqlite3_context *context,
               int              argc,
               sqlite3_value  **argv)
{
  sqlite3_result_int (context, 0);
}

static void
test_backup_and_restore (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *db = path_in (fixture, "demo.sqlite");
  g_autofree char *copy = path_in (fixture, "copy.sqlite");
  g_autofree char *broken = path_in (fixture, "broken.sqlite");
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *before = NULL, *after = NULL, *after_bad = NULL;
  g_autofree char *copy_bytes = NULL;
  gsize length;
  sqlite3 *conn;

  make_demo (fixture, "demo.sqlite", "5");
  before = dump_of (fixture, "demo.sqlite");

  g_assert_cmpint (run (&out, &err, "--db", db, "backup", "--output", copy, NULL), ==, 0);
  g_assert_cmpint (run (NULL, NULL, "--db", copy, "check", NULL), ==, 0);
  /* A backup never overwrites. */
  g_assert_cmpint (run (NULL, &err, "--db", db, "backup", "--output", copy, NULL), ==, 1);

  /* Change the database, then restore the copy: the change is gone, the rest is back. */
  g_assert_cmpint (sqlite3_open (db, &conn), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (capture_functions); i++)
    g_assert_cmpint (sqlite3_create_function (conn, capture_functions[i], 0, SQLITE_UTF8, NULL,
                                              not_capturing, NULL, NULL), ==, SQLITE_OK);
  if (sqlite3_exec (conn, "UPDATE caf SET phone = '012 000 000'", NULL, NULL, NULL) != SQLITE_OK)
    g_error ("%s", sqlite3_errmsg (conn));
  sqlite3_close (conn);
  g_assert_cmpstr (dump_of (fixture, "demo.sqlite"), !=, before);

  g_assert_cmpint (run (&out, &err, "--db", db, "restore", "--input", copy, NULL), ==, 0);
  after = dump_of (fixture, "demo.sqlite");
  g_assert_cmpstr (after, ==, before);

  /* A damaged backup is refused and the database stays as it was. */
  g_assert_true (g_file_get_contents (copy, &copy_bytes, &length, NULL));
  memset (copy_bytes + 4096, 0x5a, 4096);
  g_assert_true (g_file_set_contents (broken, copy_bytes, length, NULL));
  g_assert_cmpint (run (&out, &err, "--db", db, "restore", "--input", broken, NULL), ==, 1);
  after_bad = dump_of (fixture, "demo.sqlite");
  g_assert_cmpstr (after_bad, ==, before);
}

/* Capture as the application does it, by the database's own triggers, with clocks that go
 * forward and one transaction. */
static gint64 capture_clock;

static void
capturing (sqlite3_context *context,
           int              argc,
           sqlite3_value  **argv)
{
  sqlite3_result_int (context, 1);
}

static void
next_clock (sqlite3_context *context,
            int              argc,
            sqlite3_value  **argv)
{
  sqlite3_result_int64 (context, ++capture_clock);
}

static void
last_clock (sqlite3_context *context,
            int              argc,
            sqlite3_value  **argv)
{
  sqlite3_result_int64 (context, capture_clock);
}

static void
first_transaction (sqlite3_context *context,
                   int              argc,
                   sqlite3_value  **argv)
{
  sqlite3_result_int (context, 1);
}

static void
edit_captured (const char *db,
               const char *sql)
{
  void (*functions[]) (sqlite3_context *, int, sqlite3_value **) = {
    capturing, next_clock, last_clock, first_transaction,
  };
  sqlite3 *conn;

  capture_clock = (g_get_real_time () / 1000) << 16;
  g_assert_cmpint (sqlite3_open (db, &conn), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (capture_functions); i++)
    g_assert_cmpint (sqlite3_create_function (conn, capture_functions[i], 0, SQLITE_UTF8, NULL,
                                              functions[i], NULL, NULL), ==, SQLITE_OK);
  if (sqlite3_exec (conn, sql, NULL, NULL, NULL) != SQLITE_OK)
    g_error ("%s", sqlite3_errmsg (conn));
  sqlite3_close (conn);
}

static GBytes *
read_file (const char *path)
{
  char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_bytes_new_take (contents, length);
}

/* Exporting what waits to be sent: the count said, the file listing the outbox, the
 * database untouched, and no file replaced. */
static void
test_export_unsynced (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *db = path_in (fixture, "demo.sqlite");
  g_autofree char *none = path_in (fixture, "none.json");
  g_autofree char *unsynced = path_in (fixture, "unsynced.json");
  g_autofree char *in_missing = path_in (fixture, "usb/unsynced.json");
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GBytes) db_before = NULL;
  g_autoptr(GBytes) db_after = NULL;
  g_autoptr(GBytes) export_before = NULL;
  g_autoptr(GBytes) export_after = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *changes;
  gint64 n_cafs;

  make_demo (fixture, "demo.sqlite", "7");

  /* Nothing waits in a demo: a valid file that says so. */
  g_assert_cmpint (run (&out, &err, "--db", db, "export-unsynced", "--output", none, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "No changes are waiting to be sent"));
  g_assert_true (json_parser_load_from_file (parser, none, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "isaf-unsynced-changes");
  g_assert_cmpint (json_object_get_int_member (root, "count"), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Every CAF's phone changed, captured by the database's triggers. */
  edit_captured (db, "UPDATE caf SET phone = '012 000 000'");
  n_cafs = count_rows (db, "SELECT count(*) FROM caf");
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM sync_outbox"), ==, n_cafs);

  db_before = read_file (db);
  g_assert_cmpint (run (&out, &err, "--db", db, "export-unsynced", "--output", unsynced, NULL),
                   ==, 0);
  expected = g_strdup_printf ("Wrote %" G_GINT64_FORMAT " unsynced changes to %s\n", n_cafs,
                              unsynced);
  g_assert_cmpstr (out, ==, expected);
  db_after = read_file (db);
  g_assert_true (g_bytes_equal (db_before, db_after));
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM sync_outbox"), ==, n_cafs);

  g_assert_true (json_parser_load_from_file (parser, unsynced, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "commune_id"), ==, "010201");
  g_assert_false (json_object_has_member (root, "device_id"));
  g_assert_cmpint (json_object_get_int_member (root, "count"), ==, n_cafs);
  changes = json_object_get_array_member (root, "changes");
  g_assert_cmpuint (json_array_get_length (changes), ==, n_cafs);
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);

      g_assert_cmpstr (json_object_get_string_member (change, "table"), ==, "caf");
      g_assert_cmpstr (json_object_get_string_member (change, "field"), ==, "phone");
      g_assert_cmpstr (json_object_get_string_member (change, "value"), ==, "012 000 000");
    }

  /* An earlier export is never replaced. */
  export_before = read_file (unsynced);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &err, "--db", db, "export-unsynced", "--output", unsynced, NULL),
                   ==, 1);
  g_assert_nonnull (strstr (err, "already exists"));
  export_after = read_file (unsynced);
  g_assert_true (g_bytes_equal (export_before, export_after));

  /* A folder that is not there, and no file named at all. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &err, "--db", db, "export-unsynced", "--output", in_missing, NULL),
                   ==, 1);
  g_assert_nonnull (strstr (err, "does not exist"));
  g_assert_false (g_file_test (in_missing, G_FILE_TEST_EXISTS));
  g_assert_cmpint (run (NULL, NULL, "--db", db, "export-unsynced", NULL), ==, 2);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = g_dir_make_tmp ("isafctl-test-XXXXXX", NULL);
  g_assert_nonnull (fixture->dir);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  isafctl = g_getenv ("ISAFCTL");
  g_assert_nonnull (isafctl);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/isafctl/demo/same-seed-same-dump", test_demo_same_seed_same_dump);
  ADD ("/isafctl/demo/content", test_demo_content);
  ADD ("/isafctl/demo/refuses-existing-file", test_demo_refuses_existing_file);
  ADD ("/isafctl/demo/unknown-commune", test_demo_unknown_commune);
  ADD ("/isafctl/check/bad-files", test_check_rejects_bad_files);
  ADD ("/isafctl/backup-restore", test_backup_and_restore);
  ADD ("/isafctl/export-unsynced", test_export_unsynced);
#undef ADD

  return g_test_run ();
}
