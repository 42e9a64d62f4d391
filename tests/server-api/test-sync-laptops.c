/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>

#include "isaf-dump.h"
#include "isaf-pg.h"
#include "isaf-server-dump.h"
#include "isaf-store.h"
#include "isaf-sync-client.h"
#include "isaf-sync-local.h"
#include "isaf-test-helpers.h"
#include "isaf-test-laptop.h"
#include "isaf-test-server.h"

/* Two laptops of one commune and the national server, all real: the laptops edit offline, in
 * ways that touch each other's work, then sync in one order or the other. Afterwards the two
 * laptops and the server hold the same data byte for byte (their dumps), and every concurrent
 * edit of a review field is in the conflict log everywhere. */

#define COMMUNE "010201"

typedef struct {
  IsafTestServer *server;
  char *dir;
  IsafTestLaptop a;
  IsafTestLaptop b;
} Fixture;

static void
sync_ok (IsafTestLaptop *laptop)
{
  isaf_test_laptop_sync (laptop->client, laptop->path);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  fixture->server = isaf_test_server_start ();
  fixture->dir = g_dir_make_tmp ("isaf-laptops-XXXXXX", &error);
  g_assert_no_error (error);
  url = isaf_test_server_dup_url (fixture->server);
  isaf_test_laptop_open (&fixture->a, fixture->server, url, fixture->dir, "laptop-a.sqlite",
                         COMMUNE);
  isaf_test_laptop_open (&fixture->b, fixture->server, url, fixture->dir, "laptop-b.sqlite",
                         COMMUNE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  isaf_test_laptop_close (&fixture->a);
  isaf_test_laptop_close (&fixture->b);
  isaf_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  isaf_test_server_stop (fixture->server);
}

static void
save (IsafTestLaptop *laptop,
      IsafRecord     *record)
{
  isaf_test_save (laptop->store, record, NULL);
}

static void
assert_converged (Fixture *fixture)
{
  g_autoptr(GBytes) a = isaf_test_laptop_dump (fixture->a.database);
  g_autoptr(GBytes) b = isaf_test_laptop_dump (fixture->b.database);
  g_autoptr(GBytes) server = isaf_test_server_dump_commune (fixture->server, COMMUNE);

  isaf_test_assert_same_bytes (server, a, "the server's and laptop A's dumps");
  isaf_test_assert_same_bytes (server, b, "the server's and laptop B's dumps");
}

static gint64
open_conflicts (IsafTestLaptop *laptop)
{
  IsafSyncStatus status = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (isaf_sync_local_get_status (laptop->database, &status, &error));
  g_assert_no_error (error);
  return status.conflicts_to_review;
}

/* The scenario of the issue, with the syncs in the order @a_first says. */
static void
run_offline_edits (Fixture  *fixture,
                   gboolean  a_first)
{
  g_autoptr(IsafRecord) kept = isaf_test_new_caf ("សុខា");
  g_autoptr(IsafRecord) doomed = isaf_test_new_caf ("ចាន់");
  g_autoptr(IsafRecord) trained = isaf_record_new ("caf_training");
  g_autoptr(IsafRecord) on_a = NULL;
  g_autoptr(IsafRecord) on_b = NULL;
  g_autoptr(IsafRecord) training_b = NULL;
  g_autoptr(IsafRecord) orphan = isaf_record_new ("caf_training");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) server = NULL;
  IsafTestLaptop *first = a_first ? &fixture->a : &fixture->b;
  IsafTestLaptop *second = a_first ? &fixture->b : &fixture->a;
  g_autofree char *conflicts = NULL;

  /* Laptop A sets the commune up and registers two facilitators; B receives them. */
  g_assert_true (isaf_store_create_commune (fixture->a.store, COMMUNE, &error));
  g_assert_no_error (error);
  isaf_record_set_text (kept, "phone", "012 345 678");
  save (&fixture->a, kept);
  save (&fixture->a, doomed);
  isaf_record_set_reference (trained, "caf_id", isaf_record_get_id (kept));
  isaf_record_set_text (trained, "module", "M1");
  save (&fixture->a, trained);
  sync_ok (&fixture->a);
  sync_ok (&fixture->b);
  assert_converged (fixture);

  /* Offline, both edit the same facilitator: different fields, and the same review field. */
  on_a = isaf_test_get_record (fixture->a.store, "caf", isaf_record_get_id (kept));
  isaf_record_set_text (on_a, "name_latin", "Sokha");
  isaf_record_set_text (on_a, "phone", "011 111 111");
  save (&fixture->a, on_a);
  on_b = isaf_test_get_record (fixture->b.store, "caf", isaf_record_get_id (kept));
  isaf_record_set_integer (on_b, "birth_year", 1990);
  isaf_record_set_text (on_b, "phone", "099 999 999");
  save (&fixture->b, on_b);

  /* A deletes the training B edits; A deletes the facilitator under whom B adds a training. */
  g_assert_true (isaf_store_delete (fixture->a.store, "caf_training",
                                    isaf_record_get_id (trained), NULL, &error));
  g_assert_no_error (error);
  training_b = isaf_test_get_record (fixture->b.store, "caf_training",
                                     isaf_record_get_id (trained));
  isaf_record_set_text (training_b, "trained_on", "2026-03-01");
  save (&fixture->b, training_b);
  g_assert_true (isaf_store_delete (fixture->a.store, "caf", isaf_record_get_id (doomed), NULL,
                                    &error));
  g_assert_no_error (error);
  isaf_record_set_reference (orphan, "caf_id", isaf_record_get_id (doomed));
  isaf_record_set_text (orphan, "module", "M2");
  save (&fixture->b, orphan);

  /* Sync in the order given, then once more each so both have seen everything. */
  sync_ok (first);
  sync_ok (second);
  sync_ok (first);
  assert_converged (fixture);

  /* The phone was a concurrent edit of a review field: logged, and known to both laptops. */
  conflicts = isaf_test_server_query_value (fixture->server,
                                            "SELECT count(*) FROM conflict_log "
                                            "WHERE field = 'phone' AND reason = 'concurrent_edit'");
  g_assert_cmpstr (conflicts, ==, "1");
  g_assert_cmpint (open_conflicts (&fixture->a), >=, 1);
  g_assert_cmpint (open_conflicts (&fixture->b), >=, 1);
}

static void
test_a_syncs_first (Fixture       *fixture,
                    gconstpointer  data)
{
  run_offline_edits (fixture, TRUE);
}

static void
test_b_syncs_first (Fixture       *fixture,
                    gconstpointer  data)
{
  run_offline_edits (fixture, FALSE);
}

/* Syncing again with nothing new changes nothing and sends nothing. */
static void
test_idle_sync (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(IsafRecord) caf = isaf_test_new_caf ("សុខា");
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  IsafSyncReport report = { 0 };

  g_assert_true (isaf_store_create_commune (fixture->a.store, COMMUNE, &error));
  save (&fixture->a, caf);
  sync_ok (&fixture->a);
  sync_ok (&fixture->b);
  before = isaf_test_laptop_dump (fixture->b.database);
  g_assert_true (isaf_sync_client_run (fixture->b.client, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.batches_pushed, ==, 0);
  after = isaf_test_laptop_dump (fixture->b.database);
  isaf_test_assert_same_bytes (before, after, "the dumps before and after an idle sync");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sync/laptops/a-first", Fixture, NULL, fixture_set_up, test_a_syncs_first,
              fixture_tear_down);
  g_test_add ("/sync/laptops/b-first", Fixture, NULL, fixture_set_up, test_b_syncs_first,
              fixture_tear_down);
  g_test_add ("/sync/laptops/idle", Fixture, NULL, fixture_set_up, test_idle_sync,
              fixture_tear_down);

  return g_test_run ();
}
