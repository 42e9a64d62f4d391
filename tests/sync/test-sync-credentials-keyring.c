/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-credentials-keyring"

#include "config.h"

#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include <signal.h>
#include <string.h>

#include "isaf-sync-credentials.h"
#include "isaf-test-helpers.h"

/* The device secret in a real Secret Service: GNOME Keyring on a D-Bus session of the test's
 * own, started by with-secret-service.sh with its login keyring unlocked. The keyring is
 * looked at directly, through libsecret, under the schema laptops already enrolled have their
 * secrets in. */

static const SecretSchema device_secret_schema = {
  "kh.gov.ncdd.IsafCommune.DeviceSecret", SECRET_SCHEMA_NONE,
  {
    { "database", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

/* What is in the keyring for @database_path, without unlocking anything. */
static GList *
keyring_items (const char *database_path)
{
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  GList *items;

  g_hash_table_insert (attributes, (gpointer) "database", (gpointer) database_path);
  items = secret_service_search_sync (NULL, &device_secret_schema, attributes,
                                      SECRET_SEARCH_ALL | SECRET_SEARCH_LOAD_SECRETS, NULL,
                                      &error);
  g_assert_no_error (error);
  return items;
}

/* The one secret the keyring holds for @database_path, or NULL when it holds none. */
static char *
keyring_secret (const char *database_path)
{
  GList *items = keyring_items (database_path);
  SecretValue *value;
  char *secret = NULL;

  g_assert_cmpuint (g_list_length (items), <=, 1);
  if (items != NULL)
    {
      value = secret_item_get_secret (items->data);
      g_assert_nonnull (value);
      secret = g_strdup (secret_value_get_text (value));
      secret_value_unref (value);
    }
  g_list_free_full (items, g_object_unref);
  return secret;
}

static SecretCollection *
default_collection (void)
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GError) error = NULL;
  SecretCollection *collection;

  service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_assert_no_error (error);
  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                 SECRET_COLLECTION_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (collection);
  return collection;
}

static gboolean
secret_file_exists (const char *database_path)
{
  g_autofree char *path = isaf_sync_credentials_get_path (database_path);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* What a laptop enrolled before the keyring was used has, and what storing writes when the
 * keyring cannot take the secret. */
static void
write_secret_file (const char *database_path,
                   const char *secret,
                   int         mode)
{
  g_autofree char *path = isaf_sync_credentials_get_path (database_path);
  g_autofree char *content = g_strconcat (secret, "\n", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents_full (path, content, -1, G_FILE_SET_CONTENTS_CONSISTENT,
                                           mode, &error));
  g_assert_no_error (error);
}

static char *
load (const char *database_path)
{
  g_autoptr(GError) error = NULL;
  char *secret = isaf_sync_credentials_load (database_path, &error);

  g_assert_no_error (error);
  return secret;
}

static void
store (const char *database_path,
       const char *secret)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (isaf_sync_credentials_store (database_path, secret, &error));
  g_assert_no_error (error);
}

/* Loading gives @secret, which the keyring holds and no file does any more. */
static void
assert_secret_in_keyring (const char *database_path,
                          const char *secret)
{
  g_autofree char *loaded = load (database_path);
  g_autofree char *kept = keyring_secret (database_path);

  g_assert_cmpstr (loaded, ==, secret);
  g_assert_cmpstr (kept, ==, secret);
  g_assert_false (secret_file_exists (database_path));
}

static void
test_round_trip (IsafTestFixture *fixture,
                 gconstpointer    data)
{
  g_autofree char *secret = isaf_sync_credentials_new_secret ();
  g_autofree char *replacement = isaf_sync_credentials_new_secret ();
  g_autoptr(SecretCollection) collection = default_collection ();
  g_autofree char *loaded = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *label = NULL;
  g_auto(GStrv) names = NULL;
  GList *items;

  /* In the default collection, named after the database; nothing on the disk beside it. */
  store (fixture->path, secret);
  names = isaf_test_list_dir (fixture->dir);
  g_assert_cmpuint (g_strv_length (names), ==, 0);
  items = keyring_items (fixture->path);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  g_assert_true (g_str_has_prefix (g_dbus_proxy_get_object_path (items->data),
                                   g_dbus_proxy_get_object_path (G_DBUS_PROXY (collection))));
  label = secret_item_get_label (items->data);
  g_assert_nonnull (strstr (label, fixture->path));
  g_list_free_full (items, g_object_unref);
  kept = keyring_secret (fixture->path);
  g_assert_cmpstr (kept, ==, secret);
  loaded = load (fixture->path);
  g_assert_cmpstr (loaded, ==, secret);

  /* Enrolling again replaces it: still one item, still no file. */
  store (fixture->path, replacement);
  g_assert_false (secret_file_exists (fixture->path));
  assert_secret_in_keyring (fixture->path, replacement);
}

static void
test_second_database (IsafTestFixture *fixture,
                      gconstpointer    data)
{
  g_autofree char *other = g_build_filename (fixture->dir, "other.sqlite", NULL);
  g_autofree char *first = isaf_sync_credentials_new_secret ();
  g_autofree char *second = isaf_sync_credentials_new_secret ();
  g_autofree char *loaded_first = NULL;
  g_autofree char *loaded_second = NULL;
  g_autofree char *relative_loaded = NULL;
  g_autofree char *cwd = g_get_current_dir ();

  store (fixture->path, first);
  store (other, second);
  loaded_first = load (fixture->path);
  loaded_second = load (other);
  g_assert_cmpstr (loaded_first, ==, first);
  g_assert_cmpstr (loaded_second, ==, second);

  /* The database is known by its absolute path, however it was named. */
  g_assert_cmpint (g_chdir (fixture->dir), ==, 0);
  relative_loaded = load ("./other.sqlite");
  g_assert_cmpint (g_chdir (cwd), ==, 0);
  g_assert_cmpstr (relative_loaded, ==, second);
}

static void
test_file_from_before (IsafTestFixture *fixture,
                       gconstpointer    data)
{
  g_autofree char *secret = isaf_sync_credentials_new_secret ();
  g_autofree char *loaded = NULL;

  write_secret_file (fixture->path, secret, 0600);
  g_assert_null (keyring_secret (fixture->path));

  /* Read from the file, and moved into the keyring. */
  assert_secret_in_keyring (fixture->path, secret);

  /* From the keyring, the next time. */
  loaded = load (fixture->path);
  g_assert_cmpstr (loaded, ==, secret);
}

static void
test_file_open_to_others (IsafTestFixture *fixture,
                          gconstpointer    data)
{
  g_autofree char *secret = isaf_sync_credentials_new_secret ();
  g_autofree char *loaded = NULL;
  g_autoptr(GError) error = NULL;

  /* Refused as before, and not moved into the keyring either. */
  write_secret_file (fixture->path, secret, 0644);
  loaded = isaf_sync_credentials_load (fixture->path, &error);
  g_assert_error (error, ISAF_SYNC_CREDENTIALS_ERROR, ISAF_SYNC_CREDENTIALS_ERROR_INSECURE);
  g_assert_null (loaded);
  g_assert_null (keyring_secret (fixture->path));
  g_assert_true (secret_file_exists (fixture->path));
}

static void
test_file_newer_than_keyring (IsafTestFixture *fixture,
                              gconstpointer    data)
{
  g_autofree char *old = isaf_sync_credentials_new_secret ();
  g_autofree char *newer = isaf_sync_credentials_new_secret ();

  /* Enrolled with the keyring, then again while it could not be reached. */
  store (fixture->path, old);
  write_secret_file (fixture->path, newer, 0600);

  assert_secret_in_keyring (fixture->path, newer);
}

static void
test_damaged_in_keyring (IsafTestFixture *fixture,
                         gconstpointer    data)
{
  g_autofree char *loaded = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (secret_password_store_sync (&device_secret_schema, SECRET_COLLECTION_DEFAULT,
                                             "damaged", "not a secret", NULL, &error,
                                             "database", fixture->path, NULL));
  g_assert_no_error (error);

  loaded = isaf_sync_credentials_load (fixture->path, &error);
  g_assert_error (error, ISAF_SYNC_CREDENTIALS_ERROR, ISAF_SYNC_CREDENTIALS_ERROR_INVALID);
  g_assert_null (loaded);
  g_assert_nonnull (strstr (error->message, fixture->path));
  g_assert_nonnull (strstr (error->message, "Enrol"));
}

static void
test_remove (IsafTestFixture *fixture,
             gconstpointer    data)
{
  g_autofree char *secret = isaf_sync_credentials_new_secret ();
  g_autofree char *other_secret = isaf_sync_credentials_new_secret ();
  g_autofree char *loaded = NULL;
  g_autoptr(GError) error = NULL;

  /* A secret in both places. */
  store (fixture->path, secret);
  write_secret_file (fixture->path, other_secret, 0600);

  g_assert_true (isaf_sync_credentials_remove (fixture->path, &error));
  g_assert_no_error (error);
  g_assert_false (secret_file_exists (fixture->path));
  g_assert_null (keyring_secret (fixture->path));
  loaded = isaf_sync_credentials_load (fixture->path, &error);
  g_assert_error (error, ISAF_SYNC_CREDENTIALS_ERROR, ISAF_SYNC_CREDENTIALS_ERROR_MISSING);
  g_assert_null (loaded);
  g_clear_error (&error);

  /* Nothing left to remove is not an error. */
  g_assert_true (isaf_sync_credentials_remove (fixture->path, &error));
  g_assert_no_error (error);
}

/* The process that owns the Secret Service's name on the test's bus. */
static GPid
secret_service_pid (void)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  guint32 pid = 0;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "GetConnectionUnixProcessID",
                                       g_variant_new ("(s)", "org.freedesktop.secrets"),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                                       &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u)", &pid);
  g_assert_cmpuint (pid, >, 1);
  return (GPid) pid;
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

/* In a child, so that the keyring is let go on again whatever happens here. */
static void
test_hung_child (void)
{
  const char *database_path = g_getenv ("ISAF_TEST_DATABASE");
  const char *secret = g_getenv ("ISAF_TEST_SECRET");
  g_autofree char *loaded = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  g_assert_nonnull (database_path);
  g_assert_nonnull (secret);
  g_assert_cmpint (kill (secret_service_pid (), SIGSTOP), ==, 0);

  /* Loading gives up after the timeout, and does not send the user to enrol again. */
  start = g_get_monotonic_time ();
  loaded = isaf_sync_credentials_load (database_path, &error);
  g_assert_error (error, ISAF_SYNC_CREDENTIALS_ERROR, ISAF_SYNC_CREDENTIALS_ERROR_FAILED);
  g_assert_null (loaded);
  g_assert_nonnull (strstr (error->message, "did not answer"));
  g_assert_cmpfloat (seconds_since (start), <, 20);
  g_print ("load gave up after %.1f s\n", seconds_since (start));
  g_clear_error (&error);

  /* Storing goes to the file instead. */
  start = g_get_monotonic_time ();
  store (database_path, secret);
  g_assert_cmpfloat (seconds_since (start), <, 20);
  g_print ("store fell back to the file after %.1f s\n", seconds_since (start));
  g_assert_true (secret_file_exists (database_path));
}

static void
test_hung (IsafTestFixture *fixture,
           gconstpointer    data)
{
  g_autofree char *before = isaf_sync_credentials_new_secret ();
  g_autofree char *during = isaf_sync_credentials_new_secret ();
  GPid keyring = secret_service_pid ();

  store (fixture->path, before);

  g_setenv ("ISAF_TEST_DATABASE", fixture->path, TRUE);
  g_setenv ("ISAF_TEST_SECRET", during, TRUE);
  g_test_trap_subprocess ("/sync/credentials/keyring/hung/subprocess", 60 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("ISAF_TEST_DATABASE");
  g_unsetenv ("ISAF_TEST_SECRET");
  g_assert_cmpint (kill (keyring, SIGCONT), ==, 0);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*load gave up after*store fell back to the file after*");

  /* The next run reads the secret stored while the keyring hung, and moves it in there. */
  assert_secret_in_keyring (fixture->path, during);
}

/* Alone in its test run (with-secret-service.sh's keyring stays locked afterwards). */
static void
test_locked (IsafTestFixture *fixture,
             gconstpointer    data)
{
  g_autofree char *before = isaf_sync_credentials_new_secret ();
  g_autofree char *newer = isaf_sync_credentials_new_secret ();
  g_autoptr(SecretCollection) collection = default_collection ();
  g_autoptr(SecretService) service = NULL;
  g_autofree char *loaded = NULL;
  g_autoptr(GError) error = NULL;
  GList *collections = NULL;

  store (fixture->path, before);

  service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_assert_no_error (error);
  collections = g_list_append (collections, collection);
  g_assert_cmpint (secret_service_lock_sync (service, collections, NULL, NULL, &error), ==, 1);
  g_list_free (collections);
  g_assert_no_error (error);

  /* No screen for the unlock prompt: the secret is there but cannot be read, and the message
   * says to unlock the keyring, not to enrol again. */
  loaded = isaf_sync_credentials_load (fixture->path, &error);
  g_assert_error (error, ISAF_SYNC_CREDENTIALS_ERROR, ISAF_SYNC_CREDENTIALS_ERROR_FAILED);
  g_assert_null (loaded);
  g_assert_nonnull (strstr (error->message, "locked"));
  g_assert_nonnull (strstr (error->message, "Unlock the keyring"));
  g_clear_error (&error);

  /* Enrolling again while it is locked: the new secret goes to the 0600 file and is read from
   * there, although the keyring still holds the old one. */
  store (fixture->path, newer);
  g_assert_true (secret_file_exists (fixture->path));
  loaded = load (fixture->path);
  g_assert_cmpstr (loaded, ==, newer);
  g_assert_true (secret_file_exists (fixture->path));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sync/credentials/keyring/round-trip", IsafTestFixture, NULL,
              isaf_test_fixture_setup_dir, test_round_trip, isaf_test_fixture_teardown);
  g_test_add ("/sync/credentials/keyring/second-database", IsafTestFixture, NULL,
              isaf_test_fixture_setup_dir, test_second_database, isaf_test_fixture_teardown);
  g_test_add ("/sync/credentials/keyring/file-from-before", IsafTestFixture, NULL,
              isaf_test_fixture_setup_dir, test_file_from_before, isaf_test_fixture_teardown);
  g_test_add ("/sync/credentials/keyring/file-open-to-others", IsafTestFixture, NULL,
              isaf_test_fixture_setup_dir, test_file_open_to_others, isaf_test_fixture_teardown);
  g_test_add ("/sync/credentials/keyring/file-newer-than-keyring", IsafTestFixture, NULL,
              isaf_test_fixture_setup_dir, test_file_newer_than_keyring,
              isaf_test_fixture_teardown);
  g_test_add ("/sync/credentials/keyring/damaged", IsafTestFixture, NULL,
              isaf_test_fixture_setup_dir, test_damaged_in_keyring, isaf_test_fixture_teardown);
  g_test_add ("/sync/credentials/keyring/remove", IsafTestFixture, NULL,
              isaf_test_fixture_setup_dir, test_remove, isaf_test_fixture_teardown);
  g_test_add ("/sync/credentials/keyring/hung", IsafTestFixture, NULL,
              isaf_test_fixture_setup_dir, test_hung, isaf_test_fixture_teardown);
  g_test_add_func ("/sync/credentials/keyring/hung/subprocess", test_hung_child);
  g_test_add ("/sync/credentials/locked-keyring", IsafTestFixture, NULL,
              isaf_test_fixture_setup_dir, test_locked, isaf_test_fixture_teardown);

  return g_test_run ();
}
