/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "isaf-backup.h"
#include "isaf-demo.h"
#include "isaf-error.h"
#include "isaf-test-helpers.h"

/* Every seed must give a database that passes the store's own validation (the demo writes
 * through it) and the integrity checks: random draws reach corners that one seed misses. */
static void
test_many_seeds (IsafTestFixture *fixture,
                 gconstpointer    data)
{
  /* A rural commune, an urban Sangkat, and one with 33 villages, the most there is. */
  static const char * const communes[] = { "010201", "120801", "220403" };

  for (guint seed = 1; seed <= G_N_ELEMENTS (communes); seed++)
    {
      g_autofree char *name = g_strdup_printf ("demo-%u.sqlite", seed);
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      IsafDemoOptions options = { .commune_code = communes[seed - 1], .years = 10,
                                  .seed = seed * 7919, .last_year = 2025 };
      g_autoptr(IsafDatabase) database = NULL;
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(GError) error = NULL;

      database = isaf_database_open (path, ISAF_DATABASE_OPEN_CREATE_NEW, &error);
      g_assert_no_error (error);
      g_assert_true (isaf_demo_generate (database, &options, &error));
      g_assert_no_error (error);
      isaf_database_close (database);

      g_assert_true (isaf_backup_check_file (path, &problems, &error));
      g_assert_cmpuint (problems->len, ==, 0);
    }
}

static void
test_bad_options (IsafTestFixture *fixture,
                  gconstpointer    data)
{
  IsafDemoOptions options = { .commune_code = "999999", .years = 1, .seed = 1 };
  g_autoptr(GError) error = NULL;

  fixture->database = isaf_database_open (fixture->path, ISAF_DATABASE_OPEN_CREATE_NEW, &error);
  g_assert_no_error (error);

  /* Nothing is left half-made: the commune check fails the whole transaction. */
  g_assert_false (isaf_demo_generate (fixture->database, &options, &error));
  g_assert_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_UNKNOWN_CODE);
  g_clear_error (&error);
  g_assert_cmpint (isaf_test_run_query_int (fixture->database, "SELECT count(*) FROM commune"), ==, 0);

  options.commune_code = "010201";
  options.years = 0;
  g_assert_false (isaf_demo_generate (fixture->database, &options, &error));
  g_assert_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_OUT_OF_RANGE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/demo/many-seeds", IsafTestFixture, NULL, isaf_test_fixture_setup_dir,
              test_many_seeds, isaf_test_fixture_teardown);
  g_test_add ("/demo/bad-options", IsafTestFixture, NULL, isaf_test_fixture_setup_dir,
              test_bad_options, isaf_test_fixture_teardown);

  return g_test_run ();
}
