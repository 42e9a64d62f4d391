/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "isaf-attachment.h"
#include "isaf-fault-proxy.h"
#include "isaf-pg.h"
#include "isaf-server-devices.h"
#include "isaf-test-helpers.h"
#include "isaf-test-laptop.h"
#include "isaf-test-server.h"

/* Attached files between two laptops of one commune and the real server, through the fault
 * proxy (sync-protocol.md 3.9): a file goes up before the row naming it, comes down to the
 * other laptop checked against its hash, and an upload or a download cut half-way goes on
 * from where it stopped instead of from the start. */

#define COMMUNE "010201"
/* Three parts of ISAF_WIRE_BLOB_PART_BYTES, the last one short */
#define FILE_BYTES (700 * 1024)
#define TIMEOUT_SECONDS 10

typedef struct {
  IsafTestServer *server;
  IsafFaultProxy *proxy;
  char *dir;
  IsafTestLaptop a;
  IsafTestLaptop b;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  fixture->server = isaf_test_server_start ();
  fixture->proxy = isaf_fault_proxy_new (isaf_test_server_get_port (fixture->server));
  fixture->dir = g_dir_make_tmp ("isaf-files-XXXXXX", &error);
  g_assert_no_error (error);
  url = isaf_fault_proxy_dup_url (fixture->proxy);
  isaf_test_laptop_open (&fixture->a, fixture->server, url, fixture->dir, "laptop-a.sqlite",
                         COMMUNE);
  isaf_test_laptop_open (&fixture->b, fixture->server, url, fixture->dir, "laptop-b.sqlite",
                         COMMUNE);
  /* Short, so that a held answer fails a run quickly */
  isaf_sync_client_set_timeout (fixture->a.client, TIMEOUT_SECONDS);
  isaf_sync_client_set_timeout (fixture->b.client, TIMEOUT_SECONDS);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  isaf_test_laptop_close (&fixture->a);
  isaf_test_laptop_close (&fixture->b);
  isaf_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  isaf_fault_proxy_free (fixture->proxy);
  isaf_test_server_stop (fixture->server);
}

/* A scanned attendance sheet: a PDF header, then bytes that do not compress. */
static GBytes *
scanned_sheet (void)
{
  guint8 *data = g_malloc (FILE_BYTES);
  g_autoptr(GRand) rand = g_rand_new_with_seed (FILE_BYTES);

  for (gsize i = 0; i < FILE_BYTES; i++)
    data[i] = g_rand_int_range (rand, 0, 256);
  memcpy (data, "%PDF-1.7\n", 9);
  return g_bytes_new_take (data, FILE_BYTES);
}

/* A run that must go to the end; its report. */
static IsafSyncReport
sync_clean (IsafTestLaptop *laptop)
{
  g_autoptr(GError) error = NULL;
  IsafSyncReport report = { 0 };

  isaf_sync_client_run (laptop->client, &report, NULL, &error);
  g_assert_no_error (error);
  return report;
}

/* A run that the proxy's faults must make fail as unreachable; its report. */
static IsafSyncReport
sync_cut (IsafTestLaptop *laptop)
{
  g_autoptr(GError) error = NULL;
  IsafSyncReport report = { 0 };

  g_assert_false (isaf_sync_client_run (laptop->client, &report, NULL, &error));
  g_assert_error (error, ISAF_SYNC_CLIENT_ERROR, ISAF_SYNC_CLIENT_ERROR_UNREACHABLE);
  return report;
}

/* A on its own sets the commune and its cycle up, B receives them; A attaches @content to the
 * dissemination stage, offline. Returns the attachment. */
static IsafRecord *
attach_on_a (Fixture *fixture,
             GBytes  *content)
{
  g_autoptr(IsafRecord) cycle = isaf_record_new ("cycle");
  g_autoptr(IsafRecord) stage = isaf_record_new ("cycle_stage");
  g_autoptr(GError) error = NULL;
  IsafRecord *attachment;

  g_assert_true (isaf_store_create_commune (fixture->a.store, COMMUNE, &error));
  g_assert_no_error (error);
  isaf_record_set_integer (cycle, "year", 2026);
  isaf_record_set_reference (stage, "cycle_id", isaf_record_get_id (cycle));
  isaf_record_set_text (stage, "stage", "dissemination");
  isaf_record_set_text (stage, "status", "done");
  isaf_test_save (fixture->a.store, cycle, stage, NULL);
  sync_clean (&fixture->a);
  sync_clean (&fixture->b);

  attachment = isaf_attachment_add (fixture->a.store, isaf_record_get_id (stage),
                                    "បញ្ជីវត្តមាន.pdf", content, "ប្រជុំផ្សព្វផ្សាយ ភូមិគោកពោធិ៍",
                                    &error);
  g_assert_no_error (error);
  return attachment;
}

static gint64
server_attachments (Fixture *fixture)
{
  return isaf_test_server_query_int (fixture->server,
                                     "SELECT count (*) FROM attachment WHERE commune_id = $1",
                                     COMMUNE, NULL);
}

static void
assert_b_has (Fixture    *fixture,
              IsafRecord *attachment,
              GBytes     *content)
{
  const char *sha256 = isaf_record_get_text (attachment, "sha256");
  g_autoptr(IsafRecord) row = isaf_test_get_record (fixture->b.store, "attachment",
                                                    isaf_record_get_id (attachment));
  g_autoptr(GBytes) received = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (isaf_record_get_text (row, "sha256"), ==, sha256);
  received = isaf_attachment_read_content (fixture->b.database, sha256, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (received, content));
  g_assert_cmpint (isaf_test_run_query_int (fixture->b.database,
                                            "SELECT count (*) FROM blob_part"), ==, 0);
}

static void
assert_replicas_equal (Fixture *fixture)
{
  g_autoptr(GBytes) server = isaf_test_server_dump_commune (fixture->server, COMMUNE);
  g_autoptr(GBytes) a = isaf_test_laptop_dump (fixture->a.database);
  g_autoptr(GBytes) b = isaf_test_laptop_dump (fixture->b.database);

  isaf_test_assert_same_bytes (server, a, "the server's and laptop A's dumps");
  isaf_test_assert_same_bytes (server, b, "the server's and laptop B's dumps");
}

/* The file goes up with the row, comes down to B whole, and each side counts it once. */
static void
test_file_travels (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GBytes) sheet = scanned_sheet ();
  g_autoptr(IsafRecord) attachment = attach_on_a (fixture, sheet);
  IsafSyncReport report;

  report = sync_clean (&fixture->a);
  g_assert_cmpuint (report.files_uploaded, ==, 1);
  g_assert_cmpint (server_attachments (fixture), ==, 1);
  g_assert_cmpint (isaf_test_run_query_int (fixture->a.database,
                                            "SELECT count (*) FROM blob_file WHERE uploaded = 0"),
                   ==, 0);

  report = sync_clean (&fixture->b);
  g_assert_cmpuint (report.files_downloaded, ==, 1);
  g_assert_cmpuint (report.files_damaged, ==, 0);
  assert_b_has (fixture, attachment, sheet);

  /* Nothing more to move: no file goes up or down again. */
  report = sync_clean (&fixture->a);
  g_assert_cmpuint (report.files_uploaded + report.files_downloaded, ==, 0);
  report = sync_clean (&fixture->b);
  g_assert_cmpuint (report.files_uploaded + report.files_downloaded, ==, 0);
  assert_replicas_equal (fixture);
}

/* The link breaks after the first part went up: the row stays on A (the server has no row
 * naming a file it does not hold), and the next run sends only the parts the server lacks. */
static void
test_upload_resumes (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GBytes) sheet = scanned_sheet ();
  g_autoptr(IsafRecord) attachment = attach_on_a (fixture, sheet);
  /* The question and the first part pass; the second part never reaches the server. */
  IsafFaultRule rule = { ISAF_FAULT_DROP_BEFORE, "/v1/blobs/", 2, 0, 1.0 };
  IsafSyncReport report;

  isaf_fault_proxy_add_rule (fixture->proxy, &rule);
  report = sync_cut (&fixture->a);
  g_assert_cmpuint (report.files_uploaded, ==, 0);
  g_assert_cmpuint (report.batches_pushed, ==, 0);
  g_assert_cmpint (server_attachments (fixture), ==, 0);
  g_assert_cmpint (isaf_test_server_query_int (fixture->server,
                                               "SELECT coalesce (sum (length (content)), 0) "
                                               "FROM blob_part", NULL),
                   ==, ISAF_WIRE_BLOB_PART_BYTES);

  isaf_fault_proxy_clear (fixture->proxy);
  report = sync_clean (&fixture->a);
  g_assert_cmpuint (report.files_uploaded, ==, 1);
  /* Two parts went, not three. */
  g_test_message ("resumed upload sent %" G_GUINT64_FORMAT " bytes", report.bytes_sent);
  g_assert_cmpuint (report.bytes_sent, <, FILE_BYTES - ISAF_WIRE_BLOB_PART_BYTES / 2);
  g_assert_cmpuint (report.bytes_sent, >=, FILE_BYTES - ISAF_WIRE_BLOB_PART_BYTES);
  g_assert_cmpint (server_attachments (fixture), ==, 1);

  sync_clean (&fixture->b);
  assert_b_has (fixture, attachment, sheet);
  assert_replicas_equal (fixture);
}

/* The answer to B's second part is cut: the first part stays on B, across closing and
 * opening the laptop's database, and the next run fetches only the rest. */
static void
test_download_resumes (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GBytes) sheet = scanned_sheet ();
  g_autoptr(IsafRecord) attachment = attach_on_a (fixture, sheet);
  IsafFaultRule rule = { ISAF_FAULT_CUT_RESPONSE, "/v1/blobs/", 1, 0, 1.0 };
  g_autoptr(GError) error = NULL;
  IsafSyncReport report;

  sync_clean (&fixture->a);
  isaf_fault_proxy_add_rule (fixture->proxy, &rule);
  report = sync_cut (&fixture->b);
  g_assert_true (report.pull_applied);
  g_assert_cmpuint (report.files_downloaded, ==, 0);
  g_assert_cmpint (isaf_test_run_query_int (fixture->b.database,
                                            "SELECT sum (length (content)) FROM blob_part"),
                   ==, ISAF_WIRE_BLOB_PART_BYTES);

  /* As after a power cut: the laptop starts again from its file. */
  isaf_test_laptop_close (&fixture->b);
  fixture->b.path = g_build_filename (fixture->dir, "laptop-b.sqlite", NULL);
  fixture->b.database = isaf_database_open (fixture->b.path, 0, &error);
  g_assert_no_error (error);
  fixture->b.store = isaf_store_new (fixture->b.database);
  fixture->b.client = isaf_sync_client_new (fixture->b.database);

  isaf_fault_proxy_clear (fixture->proxy);
  report = sync_clean (&fixture->b);
  g_assert_cmpuint (report.files_downloaded, ==, 1);
  g_test_message ("resumed download received %" G_GUINT64_FORMAT " bytes",
                  report.bytes_received);
  g_assert_cmpuint (report.bytes_received, <, FILE_BYTES - ISAF_WIRE_BLOB_PART_BYTES / 2);
  assert_b_has (fixture, attachment, sheet);
  assert_replicas_equal (fixture);
}

/* A file the server hands out damaged (here: changed in its database behind its back) is not
 * kept: B counts it, holds no bytes of it, and says the file has not come yet. */
static void
test_damaged_file_refused (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GBytes) sheet = scanned_sheet ();
  g_autoptr(IsafRecord) attachment = attach_on_a (fixture, sheet);
  const char *sha256 = isaf_record_get_text (attachment, "sha256");
  g_autoptr(GBytes) content = NULL;
  g_autoptr(GError) error = NULL;
  IsafSyncReport report;

  sync_clean (&fixture->a);
  PQclear (isaf_test_server_query (fixture->server,
                                   "UPDATE blob SET content = overlay (content PLACING "
                                   "'\\x00'::bytea FROM 300000) WHERE sha256 = $1",
                                   sha256, NULL));

  report = sync_clean (&fixture->b);
  g_assert_cmpuint (report.files_damaged, ==, 1);
  g_assert_cmpuint (report.files_downloaded, ==, 0);
  content = isaf_attachment_read_content (fixture->b.database, sha256, &error);
  g_assert_null (content);
  g_assert_error (error, ISAF_ATTACHMENT_ERROR, ISAF_ATTACHMENT_ERROR_NOT_DOWNLOADED);
  g_assert_cmpint (isaf_test_run_query_int (fixture->b.database,
                                            "SELECT count (*) FROM blob_part"), ==, 0);
}

/* A server restored from a backup taken before the file went up has neither the row nor the
 * file: with the new epoch, A sends both again, the file first, and B gets it. */
static void
test_restored_server_gets_files_again (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autoptr(GBytes) sheet = scanned_sheet ();
  g_autoptr(IsafRecord) attachment = attach_on_a (fixture, sheet);
  g_autoptr(PGconn) conn = isaf_test_server_connect_api (fixture->server);
  g_autoptr(GError) error = NULL;
  IsafSyncReport report;

  sync_clean (&fixture->a);
  PQclear (isaf_test_server_query (fixture->server,
                                   "DELETE FROM attachment WHERE commune_id = $1", COMMUNE,
                                   NULL));
  PQclear (isaf_test_server_query (fixture->server, "DELETE FROM blob WHERE commune_id = $1",
                                   COMMUNE, NULL));
  g_assert_true (isaf_server_new_epoch_for (conn, COMMUNE, &error));
  g_assert_no_error (error);

  report = sync_clean (&fixture->a);
  g_assert_cmpuint (report.files_uploaded, ==, 1);
  g_assert_cmpint (server_attachments (fixture), ==, 1);
  report = sync_clean (&fixture->b);
  g_assert_cmpuint (report.files_downloaded, ==, 1);
  assert_b_has (fixture, attachment, sheet);
  assert_replicas_equal (fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/sync/files/travel", test_file_travels);
  ADD ("/sync/files/upload-resumes", test_upload_resumes);
  ADD ("/sync/files/download-resumes", test_download_resumes);
  ADD ("/sync/files/damaged-file-refused", test_damaged_file_refused);
  ADD ("/sync/files/restored-server", test_restored_server_gets_files_again);
#undef ADD

  return g_test_run ();
}
