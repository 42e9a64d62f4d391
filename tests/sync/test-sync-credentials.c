/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-credentials"

#include "config.h"

#include <glib/gstdio.h>

#include <string.h>
#include <sys/stat.h>

#include "isaf-sync-credentials.h"
#include "isaf-test-helpers.h"

/* The device secret's file, on a real disk in a temporary directory, where there is no keyring
 * (the test environment has no session bus; test-sync-credentials-keyring.c has one): created
 * 0600 whatever the umask, read back, refused when missing, damaged or open to other users, and
 * removed. */

static char *
secret_path (IsafTestFixture *fixture)
{
  return isaf_sync_credentials_get_path (fixture->path);
}

static guint
file_mode (const char *path)
{
  GStatBuf info;

  g_assert_cmpint (g_stat (path, &info), ==, 0);
  return info.st_mode & 07777;
}

static void
test_new_secret (void)
{
  g_autofree char *first = isaf_sync_credentials_new_secret ();
  g_autofree char *second = isaf_sync_credentials_new_secret ();
  g_autofree guchar *bytes = NULL;
  g_autofree char *again = NULL;
  gsize length = 0;

  /* 32 bytes in padded base64, in the one spelling the wire accepts. */
  g_assert_cmpuint (strlen (first), ==, 44);
  g_assert_true (g_str_has_suffix (first, "="));
  bytes = g_base64_decode (first, &length);
  g_assert_cmpuint (length, ==, 32);
  again = g_base64_encode (bytes, length);
  g_assert_cmpstr (again, ==, first);

  g_assert_cmpstr (first, !=, second);
}

static void
test_path (IsafTestFixture *fixture,
           gconstpointer    data)
{
  g_autofree char *path = secret_path (fixture);
  g_autofree char *expected = g_strconcat (fixture->path, ".device-secret", NULL);

  g_assert_cmpstr (path, ==, expected);
}

static void
test_store_mode (IsafTestFixture *fixture,
                 gconstpointer    data)
{
  g_autofree char *secret = isaf_sync_credentials_new_secret ();
  g_autofree char *replacement = isaf_sync_credentials_new_secret ();
  g_autofree char *path = secret_path (fixture);
  g_autofree char *loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  mode_t saved_umask;

  /* The most permissive umask must not open the file to anyone else. */
  saved_umask = umask (0);
  g_assert_true (isaf_sync_credentials_store (fixture->path, secret, &error));
  umask (saved_umask);
  g_assert_no_error (error);
  g_assert_cmphex (file_mode (path), ==, 0600);

  loaded = isaf_sync_credentials_load (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded, ==, secret);
  g_clear_pointer (&loaded, g_free);

  /* Replacing keeps the mode, and leaves no temporary file behind. */
  saved_umask = umask (0);
  g_assert_true (isaf_sync_credentials_store (fixture->path, replacement, &error));
  umask (saved_umask);
  g_assert_no_error (error);
  g_assert_cmphex (file_mode (path), ==, 0600);
  loaded = isaf_sync_credentials_load (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded, ==, replacement);

  names = isaf_test_list_dir (fixture->dir);
  g_assert_cmpuint (g_strv_length (names), ==, 1);
  g_assert_cmpstr (names[0], ==, "isaf.sqlite.device-secret");
}

static void
test_readable_by_others (IsafTestFixture *fixture,
                         gconstpointer    data)
{
  const guint modes[] = { 0644, 0640, 0604, 0620, 0602, 0660 };
  g_autofree char *secret = isaf_sync_credentials_new_secret ();
  g_autofree char *path = secret_path (fixture);
  g_autofree char *loaded = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (isaf_sync_credentials_store (fixture->path, secret, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_assert_cmpint (g_chmod (path, modes[i]), ==, 0);
      loaded = isaf_sync_credentials_load (fixture->path, &error);
      g_assert_error (error, ISAF_SYNC_CREDENTIALS_ERROR, ISAF_SYNC_CREDENTIALS_ERROR_INSECURE);
      g_assert_null (loaded);
      g_assert_nonnull (strstr (error->message, path));
      g_clear_error (&error);
    }

  /* Made private again, it is accepted. */
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  loaded = isaf_sync_credentials_load (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded, ==, secret);
}

static void
test_missing (IsafTestFixture *fixture,
              gconstpointer    data)
{
  g_autofree char *path = secret_path (fixture);
  g_autofree char *loaded = NULL;
  g_autoptr(GError) error = NULL;

  loaded = isaf_sync_credentials_load (fixture->path, &error);
  g_assert_error (error, ISAF_SYNC_CREDENTIALS_ERROR, ISAF_SYNC_CREDENTIALS_ERROR_MISSING);
  g_assert_null (loaded);
  /* The message names the file and says what to do. */
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "Enrol"));
}

static void
test_damaged (IsafTestFixture *fixture,
              gconstpointer    data)
{
  const char *contents[] = {
    "",
    "not a secret\n",
    /* 43 characters, and 44 with a character outside base64 */
    "3q2+7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    "3q2+7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA*=",
    /* Not the canonical spelling: the unused low bits of the 43rd character are not zero */
    "3q2+7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB=",
  };
  g_autofree char *path = secret_path (fixture);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (contents); i++)
    {
      g_autofree char *loaded = NULL;

      g_assert_true (g_file_set_contents_full (path, contents[i], -1,
                                               G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error));
      g_assert_no_error (error);
      loaded = isaf_sync_credentials_load (fixture->path, &error);
      g_assert_error (error, ISAF_SYNC_CREDENTIALS_ERROR, ISAF_SYNC_CREDENTIALS_ERROR_INVALID);
      g_assert_null (loaded);
      g_clear_error (&error);
    }
}

static void
test_store_unwritable (IsafTestFixture *fixture,
                       gconstpointer    data)
{
  g_autofree char *secret = isaf_sync_credentials_new_secret ();
  g_autofree char *missing = g_build_filename (fixture->dir, "no-such-folder", "isaf.sqlite",
                                               NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (isaf_sync_credentials_store (missing, secret, &error));
  g_assert_error (error, ISAF_SYNC_CREDENTIALS_ERROR, ISAF_SYNC_CREDENTIALS_ERROR_FAILED);
}

static void
test_remove (IsafTestFixture *fixture,
             gconstpointer    data)
{
  g_autofree char *secret = isaf_sync_credentials_new_secret ();
  g_autofree char *path = secret_path (fixture);
  g_autofree char *loaded = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (isaf_sync_credentials_store (fixture->path, secret, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  g_assert_true (isaf_sync_credentials_remove (fixture->path, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  loaded = isaf_sync_credentials_load (fixture->path, &error);
  g_assert_error (error, ISAF_SYNC_CREDENTIALS_ERROR, ISAF_SYNC_CREDENTIALS_ERROR_MISSING);
  g_assert_null (loaded);
  g_clear_error (&error);

  /* Nothing left to remove is not an error. */
  g_assert_true (isaf_sync_credentials_remove (fixture->path, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/credentials/new-secret", test_new_secret);
  g_test_add ("/sync/credentials/path", IsafTestFixture, NULL,
              isaf_test_fixture_setup_dir, test_path, isaf_test_fixture_teardown);
  g_test_add ("/sync/credentials/store-mode", IsafTestFixture, NULL,
              isaf_test_fixture_setup_dir, test_store_mode, isaf_test_fixture_teardown);
  g_test_add ("/sync/credentials/readable-by-others", IsafTestFixture, NULL,
              isaf_test_fixture_setup_dir, test_readable_by_others, isaf_test_fixture_teardown);
  g_test_add ("/sync/credentials/missing", IsafTestFixture, NULL,
              isaf_test_fixture_setup_dir, test_missing, isaf_test_fixture_teardown);
  g_test_add ("/sync/credentials/damaged", IsafTestFixture, NULL,
              isaf_test_fixture_setup_dir, test_damaged, isaf_test_fixture_teardown);
  g_test_add ("/sync/credentials/store-unwritable", IsafTestFixture, NULL,
              isaf_test_fixture_setup_dir, test_store_unwritable, isaf_test_fixture_teardown);
  g_test_add ("/sync/credentials/remove", IsafTestFixture, NULL,
              isaf_test_fixture_setup_dir, test_remove, isaf_test_fixture_teardown);

  return g_test_run ();
}
