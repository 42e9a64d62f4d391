/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "isaf-sync-local.h"
#include "isaf-test-helpers.h"
#include "isaf-test-laptop.h"
#include "isaf-uuid.h"

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
}
