/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "isaf-attachment.h"
#include "isaf-sync-local.h"
#include "isaf-test-helpers.h"
#include "isaf-test-laptop.h"
#include "isaf-uuid.h"

void
isaf_test_laptop_open (IsafTestLaptop *laptop,
                       IsafTestServer *server,
                       const char     *url,
                       const char     *dir,
                       const char     *name,
                       const char     *commune_id)
{
  g_autoptr(GError) error = NULL;

  laptop->path = g_build_filename (dir, name, NULL);
  laptop->database = isaf_database_open (laptop->path, ISAF_DATABASE_OPEN_CREATE_NEW, &error);
  g_assert_no_error (error);
  laptop->store = isaf_store_new (laptop->database);
  laptop->client = isaf_sync_client_new (laptop->database);
  isaf_test_laptop_enroll (laptop->client, server, url, commune_id, name);
}

void
isaf_test_laptop_close (IsafTestLaptop *laptop)
{
  g_clear_object (&laptop->client);
  g_clear_object (&laptop->store);
  isaf_database_close (laptop->database);
  g_clear_object (&laptop->database);
  g_clear_pointer (&laptop->path, g_free);
}

IsafRecord *
isaf_test_new_caf (const char *name_km)
{
  IsafRecord *caf = isaf_record_new ("caf");

  isaf_record_set_text (caf, "name_km", name_km);
  isaf_record_set_text (caf, "sex", "f");
  return caf;
}

IsafRecord *
isaf_test_get_record (IsafStore      *store,
                      const char     *table,
                      const IsafUuid *id)
{
  g_autoptr(GError) error = NULL;
  IsafRecord *record = isaf_store_get (store, table, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (record);
  return record;
}

void
isaf_test_laptop_enroll (IsafSyncClient *client,
                         IsafTestServer *server,
                         const char     *url,
                         const char     *commune_id,
                         const char     *description)
{
  g_autofree char *code = isaf_test_server_new_code (server, commune_id);
  g_autoptr(GError) error = NULL;

  g_assert_true (isaf_sync_client_enroll (client, url, code, description, &error));
  g_assert_no_error (error);
}

guint
isaf_test_laptop_sync (IsafSyncClient *client,
                       const char     *name)
{
  g_autoptr(GError) error = NULL;
  IsafSyncReport report = { 0 };

  if (!isaf_sync_client_run (client, &report, NULL, &error))
    g_error ("a sync of %s failed: %s", name, error->message);
  g_assert_cmpuint (report.rejects, ==, 0);
  return report.batches_pushed;
}

char *
isaf_test_laptop_device_id (IsafDatabase *database)
{
  IsafSyncDevice device = { 0 };
  g_autoptr(GError) error = NULL;
  char *id;

  g_assert_true (isaf_sync_local_get_device (database, &device, &error));
  g_assert_no_error (error);
  id = isaf_uuid_to_string (&device.device_id);
  isaf_sync_device_clear (&device);
  return id;
}

/* Every file a live attachment names is here, whole and matching its hash; none waits to go
 * up and no download is half done. */
static void
assert_files_complete (IsafDatabase *database)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) missing = isaf_sync_local_list_downloads (database, &error);
  g_autoptr(GPtrArray) waiting = isaf_sync_local_list_uploads (database, &error);
  g_autoptr(IsafStore) store = isaf_store_new (database);
  g_autoptr(GPtrArray) names = isaf_store_list (store, "attachment", NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (missing->len, ==, 0);
  g_assert_cmpuint (waiting->len, ==, 0);
  g_assert_cmpint (isaf_test_run_query_int (database, "SELECT count (*) FROM blob_part"), ==, 0);
  for (guint i = 0; i < names->len; i++)
    {
      const char *sha256 = isaf_record_get_text (names->pdata[i], "sha256");
      g_autoptr(GBytes) content = isaf_attachment_read_content (database, sha256, &error);
      g_autofree char *actual = NULL;

      g_assert_no_error (error);
      actual = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, content);
      g_assert_cmpstr (actual, ==, sha256);
    }
}

void
isaf_test_laptop_assert_nothing_waits (IsafDatabase *database)
{
  g_assert_cmpint (isaf_test_run_query_int (database, "SELECT count (*) FROM sync_outbox"),
                   ==, 0);
  g_assert_cmpint (isaf_test_run_query_int (database, "SELECT count (*) FROM sync_inflight"),
                   ==, 0);
  g_assert_cmpint (isaf_test_run_query_int (database, "SELECT count (*) FROM sync_staging"),
                   ==, 0);
  g_assert_cmpint (isaf_test_run_query_int (database, "SELECT count (*) FROM sync_quarantine"),
                   ==, 0);
  g_assert_cmpint (isaf_test_run_query_int (database, "SELECT count (*) FROM sync_reject"),
                   ==, 0);
  assert_files_complete (database);
}
