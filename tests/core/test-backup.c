/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "isaf-backup.h"
#include "isaf-error.h"
#include "isaf-test-helpers.h"

static void
save_caf (IsafStore  *store,
          const char *name)
{
  g_autoptr(IsafRecord) caf = isaf_record_new ("caf");

  isaf_record_set_text (caf, "name_km", name);
  isaf_record_set_text (caf, "sex", "f");
  isaf_test_save (store, caf, NULL);
}

static char *
in_dir (IsafTestFixture *fixture,
        const char      *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

static void
test_create (IsafTestFixture *fixture,
             gconstpointer    data)
{
  g_autofree char *copy = in_dir (fixture, "copy.sqlite");
  g_autofree char *nowhere = in_dir (fixture, "missing-folder/copy.sqlite");
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GHashTable) original = NULL, copied = NULL;
  g_autoptr(GError) error = NULL;

  save_caf (fixture->store, "សុខ ស្រីពៅ");

  g_assert_true (isaf_backup_create (fixture->database, copy, &error));
  g_assert_no_error (error);
  g_assert_true (isaf_backup_check_file (copy, &problems, &error));
  g_assert_cmpuint (problems->len, ==, 0);

  original = isaf_test_dump_file (fixture->path);
  copied = isaf_test_dump_file (copy);
  isaf_test_assert_dumps_equal (original, copied);

  /* Never over an existing file, and nothing half-written where the folder is missing. */
  g_assert_false (isaf_backup_create (fixture->database, copy, &error));
  g_assert_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (isaf_backup_create (fixture->database, nowhere, &error));
  g_assert_nonnull (error);
  g_assert_false (g_file_test (nowhere, G_FILE_TEST_EXISTS));
}

static guint
count_daily (const char *folder)
{
  g_auto(GStrv) names = isaf_test_list_dir (folder);
  guint n = 0;

  for (guint i = 0; names[i]; i++)
    if (g_str_has_prefix (names[i], "isaf-commune-2"))
      n++;
  return n;
}

static void
test_daily_rotation (IsafTestFixture *fixture,
                     gconstpointer    data)
{
  g_autofree char *folder = in_dir (fixture, "backups");
  g_autofree char *unrelated = g_build_filename (folder, "notes.txt", NULL);
  g_autofree char *oldest = g_build_filename (folder, "isaf-commune-2026-01-01.sqlite", NULL);
  g_autofree char *made = NULL;
  g_autoptr(GError) error = NULL;
  GDate today;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (unrelated, "keep me", -1, NULL));
  for (guint day = 1; day <= 20; day++)
    {
      g_autofree char *name = g_strdup_printf ("isaf-commune-2026-01-%02u.sqlite", day);
      g_autofree char *path = g_build_filename (folder, name, NULL);

      g_assert_true (g_file_set_contents (path, "old", -1, NULL));
    }

  g_date_set_dmy (&today, 26, G_DATE_NOVEMBER, 2026);
  g_assert_true (isaf_backup_daily (fixture->database, folder, &today, 14, &made, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (made, "isaf-commune-2026-11-26.sqlite"));
  g_assert_true (isaf_backup_check_file (made, NULL, NULL));

  /* The fourteen newest daily backups stay; other files are never touched. */
  g_assert_cmpuint (count_daily (folder), ==, 14);
  g_assert_false (g_file_test (oldest, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (unrelated, G_FILE_TEST_EXISTS));

  /* One a day: a second call the same day makes nothing. */
  g_clear_pointer (&made, g_free);
  g_assert_true (isaf_backup_daily (fixture->database, folder, &today, 14, &made, &error));
  g_assert_null (made);
  g_assert_cmpuint (count_daily (folder), ==, 14);
}

static void
test_restore (IsafTestFixture *fixture,
              gconstpointer    data)
{
  g_autofree char *copy = in_dir (fixture, "copy.sqlite");
  g_autofree char *kept = NULL;
  g_autoptr(GHashTable) at_backup = NULL, restored = NULL, kept_dump = NULL, changed = NULL;
  g_autoptr(GError) error = NULL;
  gint64 hlc_before;

  save_caf (fixture->store, "ចាន់ សុភា");
  g_assert_true (isaf_backup_create (fixture->database, copy, &error));
  at_backup = isaf_test_dump_file (copy);

  save_caf (fixture->store, "ហេង ដារា");
  changed = isaf_test_dump_file (fixture->path);
  hlc_before = isaf_test_run_query_int (fixture->database, "SELECT max (hlc) FROM sync_outbox");

  g_assert_true (isaf_backup_restore (fixture->database, copy, &kept, &error));
  g_assert_no_error (error);

  restored = isaf_test_dump_file (fixture->path);
  isaf_test_assert_dumps_equal (at_backup, restored);

  /* What was there before the restore is kept, not lost. */
  g_assert_nonnull (kept);
  kept_dump = isaf_test_dump_file (kept);
  isaf_test_assert_dumps_equal (changed, kept_dump);

  /* The clock never goes back, even to the backup's older clocks. */
  save_caf (fixture->store, "លី ម៉ាលី");
  g_assert_cmpint (isaf_test_run_query_int (fixture->database, "SELECT max (hlc) FROM sync_outbox"),
                   >, hlc_before);
}

static void
test_restore_refuses_bad_files (IsafTestFixture *fixture,
                                gconstpointer    data)
{
  g_autofree char *text = in_dir (fixture, "notes.sqlite");
  g_autofree char *other_path = in_dir (fixture, "other.sqlite");
  g_autoptr(GHashTable) before = NULL, after = NULL;
  g_autoptr(IsafDatabase) other = NULL;
  g_autoptr(IsafStore) other_store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;

  save_caf (fixture->store, "សុខ ស្រីពៅ");
  before = isaf_test_dump_file (fixture->path);

  g_assert_true (g_file_set_contents (text, "not a database", -1, NULL));
  g_assert_false (isaf_backup_restore (fixture->database, text, &kept, &error));
  g_assert_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_CORRUPT);
  g_assert_cmpstr (error->message, !=, "");
  g_clear_error (&error);

  /* Another commune's backup. */
  other = isaf_database_open (other_path, ISAF_DATABASE_OPEN_CREATE_NEW, &error);
  g_assert_no_error (error);
  other_store = isaf_store_new (other);
  g_assert_true (isaf_store_create_commune (other_store, "010202", &error));
  isaf_database_close (other);

  g_assert_false (isaf_backup_restore (fixture->database, other_path, &kept, &error));
  g_assert_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_NOT_ISAF);
  g_assert_nonnull (strstr (error->message, "010202"));

  after = isaf_test_dump_file (fixture->path);
  isaf_test_assert_dumps_equal (before, after);
}

static void
test_check_finds_broken_links (IsafTestFixture *fixture,
                               gconstpointer    data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *conn;

  isaf_test_fixture_close (fixture);
  g_assert_true (isaf_backup_check_file (fixture->path, &problems, &error));
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* A training row whose facilitator does not exist, written behind the store's back. */
  conn = isaf_test_sqlite_open (fixture->path, SQLITE_OPEN_READWRITE);
  isaf_test_sqlite_exec (conn, "DROP TRIGGER capture_caf_training_insert");
  isaf_test_sqlite_exec (conn, "INSERT INTO caf_training (id, commune_id, caf_id, module) "
                               "VALUES (randomblob (16), '010201', randomblob (16), 'M1')");
  sqlite3_close (conn);

  g_assert_false (isaf_backup_check_file (fixture->path, &problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (strstr (problems->pdata[0], "caf_training"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, IsafTestFixture, NULL, isaf_test_fixture_setup_store, func, \
              isaf_test_fixture_teardown)
  ADD ("/backup/create", test_create);
  ADD ("/backup/daily-rotation", test_daily_rotation);
  ADD ("/backup/restore", test_restore);
  ADD ("/backup/restore-refuses-bad-files", test_restore_refuses_bad_files);
  ADD ("/backup/check-finds-broken-links", test_check_finds_broken_links);
#undef ADD

  return g_test_run ();
}
