/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-export"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "isaf-demo.h"
#include "isaf-pg.h"
#include "isaf-server-devices.h"
#include "isaf-store.h"
#include "isaf-sync-client.h"
#include "isaf-sync-export.h"
#include "isaf-sync-local.h"
#include "isaf-test-helpers.h"
#include "isaf-test-laptop.h"
#include "isaf-test-server.h"

/* Exporting the changes a laptop has not had acknowledged, on real SQLite files: after edits
 * made through the store, the file lists exactly the outbox, entry by entry, as read back
 * here with SQL of this test's own; the database is the same before and after, down to its
 * bytes; a frozen batch is in it; nothing waiting still gives a valid file; a folder that
 * cannot take the file gives the sentence for the clerk and leaves no file. Last, a laptop
 * enrolled with the real national server, then revoked there, cannot sync and still exports
 * everything it has, keeping its outbox and its data. */

#define OWN_NODE 7

typedef struct {
  char *dir;
  char *path;
  IsafDatabase *database;
  IsafStore *store;
} Fixture;

/* The batch a test froze, as sync_inflight holds it. */
typedef struct {
  gint64 batch_seq;
  gint64 first_seq;
  gint64 last_seq;
  GBytes *body;
  char *sha256;
} Frozen;

static void
frozen_clear (Frozen *frozen)
{
  g_clear_pointer (&frozen->body, g_bytes_unref);
  g_clear_pointer (&frozen->sha256, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Frozen, frozen_clear)

/* Fixture ------------------------------------------------------------------------------- */

static void
open_database (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  fixture->database = isaf_database_open (fixture->path, ISAF_DATABASE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  fixture->store = isaf_store_new (fixture->database);
}

/* A demo commune with a year of records: made without capture, so nothing waits yet. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  IsafDemoOptions options = { .commune_code = ISAF_TEST_COMMUNE, .years = 1, .seed = 3,
                              .last_year = 2025 };
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("isaf-sync-export-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "commune.sqlite", NULL);
  if (data != NULL)
    return;
  open_database (fixture);
  g_assert_true (isaf_demo_generate (fixture->database, &options, &error));
  g_assert_no_error (error);
  g_assert_cmpint (isaf_test_run_query_int (fixture->database,
                                            "SELECT count (*) FROM sync_outbox"), ==, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  if (fixture->database != NULL)
    isaf_database_close (fixture->database);
  g_clear_object (&fixture->database);
  isaf_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

/* Edits --------------------------------------------------------------------------------- */

static IsafRecord *
first_record (Fixture    *fixture,
              const char *table)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  records = isaf_store_list (fixture->store, table, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, >, 0);
  return g_object_ref (g_ptr_array_index (records, 0));
}

static void
delete_record (Fixture        *fixture,
               const char     *table,
               const IsafUuid *id)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (isaf_store_delete (fixture->store, table, id, NULL, &error));
  g_assert_no_error (error);
}

/* Edits of every kind of value, each a user action of its own: a new CAF, her training (a
 * reference), a phone number changed, a JAAP action's quantity (a real), cost (an integer)
 * and issue (a text with quotes and a line break) changed and its location emptied, and a
 * CAF deleted. @action_id is the JAAP action's. */
static void
make_edits (Fixture  *fixture,
            IsafUuid *action_id)
{
  g_autoptr(IsafRecord) caf = isaf_test_new_caf ("សុខ ស្រីពៅ");
  g_autoptr(IsafRecord) training = isaf_record_new ("caf_training");
  g_autoptr(IsafRecord) action = first_record (fixture, "jaap_action");
  g_autoptr(IsafRecord) old_caf = first_record (fixture, "caf");

  isaf_test_save (fixture->store, caf, NULL);
  isaf_record_set_reference (training, "caf_id", isaf_record_get_id (caf));
  isaf_record_set_text (training, "module", "M1");
  isaf_record_set_text (training, "trained_on", "2025-02-03");
  isaf_test_save (fixture->store, training, NULL);

  isaf_record_set_text (caf, "phone", "012 345 678");
  isaf_test_save (fixture->store, caf, NULL);

  isaf_record_set_real (action, "quantity", 2.5);
  isaf_record_set_integer (action, "estimated_cost_riel", 1250000);
  isaf_record_set_text (action, "target_issue", "ផ្លូវ \"ភូមិ ១\"\nជួសជុល");
  isaf_record_set_null (action, "location");
  isaf_test_save (fixture->store, action, NULL);
  *action_id = *isaf_record_get_id (action);

  delete_record (fixture, "caf", isaf_record_get_id (old_caf));
}

/* Reading back -------------------------------------------------------------------------- */

static JsonObject *
parse_export (const char *path,
              JsonParser *parser)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_node_get_object (root);
}

static char *
dup_clock (sqlite3_stmt *stmt,
           int           index)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, index));
}

/* A value of the file against the outbox's column, by the storage class SQLite has for it. */
static void
assert_value_equal (JsonNode     *node,
                    sqlite3_stmt *stmt,
                    int           index)
{
  switch (sqlite3_column_type (stmt, index))
    {
    case SQLITE_NULL:
      g_assert_true (JSON_NODE_HOLDS_NULL (node));
      break;
    case SQLITE_INTEGER:
      if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
        g_assert_cmpfloat (json_node_get_double (node), ==, sqlite3_column_int64 (stmt, index));
      else
        g_assert_cmpint (json_node_get_int (node), ==, sqlite3_column_int64 (stmt, index));
      break;
    case SQLITE_FLOAT:
      g_assert_cmpfloat (json_node_get_double (node), ==, sqlite3_column_double (stmt, index));
      break;
    case SQLITE_TEXT:
      g_assert_cmpstr (json_node_get_string (node), ==,
                       (const char *) sqlite3_column_text (stmt, index));
      break;
    default:
      {
        g_autofree char *id = NULL;
        IsafUuid uuid;

        g_assert_cmpint (sqlite3_column_bytes (stmt, index), ==, 16);
        memcpy (uuid.bytes, sqlite3_column_blob (stmt, index), 16);
        id = isaf_uuid_to_string (&uuid);
        g_assert_cmpstr (json_node_get_string (node), ==, id);
      }
      break;
    }
}

/* Every change of the file is the outbox entry of its position, and there is no other:
 * what the test reads with its own connection and SQL. @node is the device's (0 when not
 * enrolled); @frozen the batch being sent, if any. Returns how many there are. */
static gint64
assert_export_is_outbox (Fixture      *fixture,
                         JsonObject   *root,
                         gint64        node,
                         const Frozen *frozen)
{
  sqlite3 *conn = isaf_test_sqlite_open (fixture->path, SQLITE_OPEN_READONLY);
  sqlite3_stmt *stmt = NULL;
  JsonArray *changes = json_object_get_array_member (root, "changes");
  guint i = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (conn,
                                       "SELECT seq, txid, tbl, id, field, value, hlc, "
                                       "base_hlc, base_node FROM sync_outbox ORDER BY seq",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *change;
      g_autofree char *hlc = dup_clock (stmt, 6);
      g_autofree char *node_text = g_strdup_printf ("%" G_GINT64_FORMAT, node);
      g_autofree char *id = NULL;
      gint64 seq = sqlite3_column_int64 (stmt, 0);
      IsafUuid uuid;

      g_assert_cmpuint (i, <, json_array_get_length (changes));
      change = json_array_get_object_element (changes, i++);
      g_assert_cmpint (json_object_get_int_member (change, "seq"), ==, seq);
      g_assert_cmpint (json_object_get_int_member (change, "txid"), ==,
                       sqlite3_column_int64 (stmt, 1));
      g_assert_cmpstr (json_object_get_string_member (change, "table"), ==,
                       (const char *) sqlite3_column_text (stmt, 2));
      memcpy (uuid.bytes, sqlite3_column_blob (stmt, 3), 16);
      id = isaf_uuid_to_string (&uuid);
      g_assert_cmpstr (json_object_get_string_member (change, "id"), ==, id);
      g_assert_cmpstr (json_object_get_string_member (change, "field"), ==,
                       (const char *) sqlite3_column_text (stmt, 4));
      assert_value_equal (json_object_get_member (change, "value"), stmt, 5);
      g_assert_cmpstr (json_object_get_string_member (change, "hlc"), ==, hlc);
      g_assert_true (json_object_has_member (change, "edited_at"));

      /* The base clock only where the field had one. */
      g_assert_cmpint (json_object_has_member (change, "base_hlc"), ==,
                       sqlite3_column_type (stmt, 7) != SQLITE_NULL);
      g_assert_cmpint (json_object_has_member (change, "base_node"), ==,
                       sqlite3_column_type (stmt, 8) != SQLITE_NULL);
      if (sqlite3_column_type (stmt, 7) != SQLITE_NULL)
        {
          g_autofree char *base_hlc = dup_clock (stmt, 7);
          g_autofree char *base_node = dup_clock (stmt, 8);

          g_assert_cmpstr (json_object_get_string_member (change, "base_hlc"), ==, base_hlc);
          g_assert_cmpstr (json_object_get_string_member (change, "base_node"), ==, base_node);
        }

      g_assert_cmpint (json_object_has_member (change, "node"), ==, node != 0);
      if (node != 0)
        g_assert_cmpstr (json_object_get_string_member (change, "node"), ==, node_text);

      if (frozen != NULL && seq >= frozen->first_seq && seq <= frozen->last_seq)
        g_assert_cmpint (json_object_get_int_member (change, "batch_seq"), ==,
                         frozen->batch_seq);
      else
        g_assert_false (json_object_has_member (change, "batch_seq"));
    }
  sqlite3_finalize (stmt);
  sqlite3_close (conn);

  g_assert_cmpuint (i, ==, json_array_get_length (changes));
  g_assert_cmpint (json_object_get_int_member (root, "count"), ==, i);
  return i;
}

static void
assert_header (JsonObject *root,
               const char *commune_id)
{
  g_autoptr(GDateTime) exported_at = NULL;

  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "isaf-unsynced-changes");
  g_assert_cmpint (json_object_get_int_member (root, "version"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (root, "app"), ==, PACKAGE_VERSION);
  g_assert_cmpint (json_object_get_int_member (root, "schema"), ==, ISAF_SCHEMA_VERSION);
  g_assert_cmpstr (json_object_get_string_member (root, "commune_id"), ==, commune_id);
  exported_at = g_date_time_new_from_iso8601 (json_object_get_string_member (root,
                                                                               "exported_at"),
                                              NULL);
  g_assert_nonnull (exported_at);
  g_assert_cmpint (ABS (g_date_time_to_unix (exported_at) - g_get_real_time () / G_USEC_PER_SEC),
                   <, 600);
}

/* The database, as the files on disk hold it and as its tables read. */
typedef struct {
  GBytes *main;
  GBytes *wal;
  GHashTable *tables;
} Snapshot;

static GBytes *
read_bytes (const char *path)
{
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return g_bytes_new (NULL, 0);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_bytes_new_take (contents, length);
}

static void
snapshot_take (Fixture  *fixture,
               Snapshot *snapshot)
{
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);

  snapshot->main = read_bytes (fixture->path);
  snapshot->wal = read_bytes (wal);
  snapshot->tables = isaf_test_dump_file (fixture->path);
}

static void
snapshot_clear (Snapshot *snapshot)
{
  g_clear_pointer (&snapshot->main, g_bytes_unref);
  g_clear_pointer (&snapshot->wal, g_bytes_unref);
  g_clear_pointer (&snapshot->tables, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Snapshot, snapshot_clear)

static void
assert_snapshots_equal (Snapshot *before,
                        Snapshot *after)
{
  isaf_test_assert_dumps_equal (before->tables, after->tables);
  g_assert_true (g_bytes_equal (before->main, after->main));
  g_assert_true (g_bytes_equal (before->wal, after->wal));
}

static void
export_ok (Fixture    *fixture,
           const char *path,
           gint64      expected)
{
  g_autoptr(GError) error = NULL;
  gint64 n_changes = -1;

  g_assert_true (isaf_sync_export_unsynced (fixture->database, path, &n_changes, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n_changes, ==, expected);
}

/* Exports to @path, which must list @expected changes, and asserts that exporting changed
 * nothing in the database, down to its files' bytes; the file as @parser read it, its header
 * checked. */
static JsonObject *
export_and_read (Fixture    *fixture,
                 const char *path,
                 gint64      expected,
                 JsonParser *parser)
{
  g_auto(Snapshot) before = { 0 };
  g_auto(Snapshot) after = { 0 };
  JsonObject *root;

  snapshot_take (fixture, &before);
  export_ok (fixture, path, expected);
  snapshot_take (fixture, &after);
  assert_snapshots_equal (&before, &after);
  root = parse_export (path, parser);
  assert_header (root, ISAF_TEST_COMMUNE);
  return root;
}

/* The text with the value of "exported_at" taken out: what two exports must share. */
static char *
dup_without_time (const char *text)
{
  g_autoptr(GRegex) regex = g_regex_new ("\"exported_at\":\"[^\"]*\"", 0, 0, NULL);

  return g_regex_replace_literal (regex, text, -1, 0, "\"exported_at\":\"\"", 0, NULL);
}

/* Frozen batches ------------------------------------------------------------------------ */

/* What enrolment leaves in the database, without a server: the device and its node. */
static void
enrol_without_server (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  IsafSyncDevice device = { 0 };

  device.server_url = g_strdup ("https://sync.example.org");
  device.node_id = OWN_NODE;
  device.commune_id = g_strdup (ISAF_TEST_COMMUNE);
  isaf_uuid_v7 (&device.device_id);
  g_assert_true (isaf_sync_local_set_device (fixture->database, &device, &error));
  g_assert_no_error (error);
  isaf_sync_device_clear (&device);
}

static void
read_frozen (Fixture *fixture,
             Frozen  *frozen)
{
  sqlite3 *conn = isaf_test_sqlite_open (fixture->path, SQLITE_OPEN_READONLY);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (conn,
                                       "SELECT batch_seq, first_seq, last_seq, body, sha256 "
                                       "FROM sync_inflight", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  frozen->batch_seq = sqlite3_column_int64 (stmt, 0);
  frozen->first_seq = sqlite3_column_int64 (stmt, 1);
  frozen->last_seq = sqlite3_column_int64 (stmt, 2);
  frozen->body = g_bytes_new (sqlite3_column_blob (stmt, 3), sqlite3_column_bytes (stmt, 3));
  frozen->sha256 = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
}

/* Tests --------------------------------------------------------------------------------- */

/* Not enrolled: every outbox entry, and nothing else; the database as it was, to its bytes;
 * the same database exported twice gives the same text. */
static void
test_outbox (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "unsynced.json", NULL);
  g_autofree char *again = g_build_filename (fixture->dir, "again.json", NULL);
  g_autofree char *text = NULL;
  g_autofree char *again_text = NULL;
  g_autofree char *text_untimed = NULL;
  g_autofree char *again_untimed = NULL;
  g_autofree char *action_text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(GStrv) lines = NULL;
  IsafUuid action_id;
  JsonObject *root;
  gint64 waiting;
  gboolean issue_found = FALSE;
  JsonArray *changes;

  make_edits (fixture, &action_id);
  waiting = isaf_test_run_query_int (fixture->database, "SELECT count (*) FROM sync_outbox");
  g_assert_cmpint (waiting, >, 10);

  root = export_and_read (fixture, path, waiting, parser);
  g_assert_false (json_object_has_member (root, "device_id"));
  g_assert_false (json_object_has_member (root, "server_url"));
  g_assert_false (json_object_has_member (root, "in_flight"));
  g_assert_cmpint (assert_export_is_outbox (fixture, root, 0, NULL), ==, waiting);

  /* The text as typed, quotes and line break included. */
  changes = json_object_get_array_member (root, "changes");
  action_text = isaf_uuid_to_string (&action_id);
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);

      if (g_str_equal (json_object_get_string_member (change, "id"), action_text)
          && g_str_equal (json_object_get_string_member (change, "field"), "target_issue"))
        {
          g_assert_cmpstr (json_object_get_string_member (change, "value"), ==,
                           "ផ្លូវ \"ភូមិ ១\"\nជួសជុល");
          issue_found = TRUE;
        }
    }
  g_assert_true (issue_found);

  /* One change a line, for a person reading it: the header, the list's start, the changes,
   * its end. */
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, waiting + 4);
  g_assert_cmpstr (lines[1], ==, "\"changes\":[");
  g_assert_true (g_str_has_prefix (lines[2], "{\"seq\":"));
  g_assert_cmpstr (lines[waiting + 2], ==, "]}");

  /* Deterministic: only the time of the export differs. */
  export_ok (fixture, again, waiting);
  g_assert_true (g_file_get_contents (again, &again_text, NULL, NULL));
  text_untimed = dup_without_time (text);
  again_untimed = dup_without_time (again_text);
  g_assert_cmpstr (text_untimed, !=, text);
  g_assert_cmpstr (text_untimed, ==, again_untimed);

  /* The outbox and the data stay: the changes still wait to be sent. */
  g_assert_cmpint (isaf_test_run_query_int (fixture->database,
                                            "SELECT count (*) FROM sync_outbox"), ==, waiting);
}

/* A batch frozen for sending, whose answer never came, with edits made after it: the batch
 * is in the file with its exact push, its changes marked; every change after it follows.
 * Once the server acknowledges it, its changes leave the export with the outbox. */
static void
test_in_flight (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "in-flight.json", NULL);
  g_autofree char *acknowledged = g_build_filename (fixture->dir, "acknowledged.json", NULL);
  g_autofree char *text = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *push_text = NULL;
  g_autofree char *device_id = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) ack_parser = json_parser_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(IsafWirePushAck) ack = isaf_wire_push_ack_new ();
  g_autoptr(IsafRecord) late = isaf_test_new_caf ("ចាន់ ធីតា");
  g_autoptr(GError) error = NULL;
  g_auto(Frozen) frozen = { 0 };
  IsafUuid action_id;
  JsonObject *root;
  JsonObject *in_flight;
  gint64 batch_seq = 0;
  gint64 waiting;

  enrol_without_server (fixture);
  make_edits (fixture, &action_id);
  body = isaf_sync_local_next_batch (fixture->database, NULL, &batch_seq, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (body);
  read_frozen (fixture, &frozen);
  g_assert_cmpint (frozen.batch_seq, ==, batch_seq);
  g_assert_true (g_bytes_equal (frozen.body, body));
  isaf_test_save (fixture->store, late, NULL);
  waiting = isaf_test_run_query_int (fixture->database, "SELECT count (*) FROM sync_outbox");
  g_assert_cmpint (waiting, >, frozen.last_seq - frozen.first_seq + 1);

  root = export_and_read (fixture, path, waiting, parser);
  device_id = isaf_test_laptop_device_id (fixture->database);
  g_assert_cmpstr (json_object_get_string_member (root, "device_id"), ==, device_id);
  g_assert_cmpstr (json_object_get_string_member (root, "server_url"), ==,
                   "https://sync.example.org");

  in_flight = json_object_get_object_member (root, "in_flight");
  g_assert_nonnull (in_flight);
  g_assert_cmpint (json_object_get_int_member (in_flight, "batch_seq"), ==, frozen.batch_seq);
  g_assert_cmpint (json_object_get_int_member (in_flight, "first_seq"), ==, frozen.first_seq);
  g_assert_cmpint (json_object_get_int_member (in_flight, "last_seq"), ==, frozen.last_seq);
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, frozen.body);
  g_assert_cmpstr (json_object_get_string_member (in_flight, "sha256"), ==, sha256);
  g_assert_cmpstr (frozen.sha256, ==, sha256);
  /* The push exactly as it would be sent again, byte for byte. */
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (in_flight, "push")));
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  push_text = g_strndup (g_bytes_get_data (frozen.body, NULL), g_bytes_get_size (frozen.body));
  g_assert_nonnull (strstr (text, push_text));
  g_assert_cmpint (assert_export_is_outbox (fixture, root, OWN_NODE, &frozen), ==, waiting);

  /* Acknowledged: what the server has leaves the file, the rest stays. */
  ack->batch_seq = frozen.batch_seq;
  ack->status = g_strdup ("applied");
  g_assert_true (isaf_sync_local_acknowledge (fixture->database, ack, &error));
  g_assert_no_error (error);
  export_ok (fixture, acknowledged, waiting - (frozen.last_seq - frozen.first_seq + 1));
  root = parse_export (acknowledged, ack_parser);
  g_assert_false (json_object_has_member (root, "in_flight"));
  assert_export_is_outbox (fixture, root, OWN_NODE, NULL);
}

/* Nothing waits: a valid file all the same, with a count of 0. */
static void
test_nothing_waiting (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "none.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root = export_and_read (fixture, path, 0, parser);

  g_assert_cmpint (json_object_get_int_member (root, "count"), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "changes")), ==,
                    0);
}

static void
assert_export_refused (Fixture    *fixture,
                       const char *path,
                       int         code,
                       const char *named)
{
  g_autoptr(GError) error = NULL;
  gint64 n_changes = -1;

  g_assert_false (isaf_sync_export_unsynced (fixture->database, path, &n_changes, &error));
  g_assert_error (error, ISAF_SYNC_EXPORT_ERROR, code);
  g_assert_nonnull (strstr (error->message, named));
  g_assert_cmpint (n_changes, ==, -1);
}

/* A folder that cannot take the file: the clerk's sentence names it, and nothing is left
 * behind, not even GLib's temporary file. */
static void
test_unwritable (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (fixture->dir, "usb", NULL);
  g_autofree char *in_missing = g_build_filename (missing, "unsynced.json", NULL);
  g_autofree char *locked = g_build_filename (fixture->dir, "locked", NULL);
  g_autofree char *in_locked = g_build_filename (locked, "unsynced.json", NULL);
  g_autoptr(IsafRecord) caf = isaf_test_new_caf ("សុខ");
  g_auto(GStrv) names_before = NULL;
  g_auto(GStrv) names_after = NULL;
  g_auto(Snapshot) before = { 0 };
  g_auto(Snapshot) after = { 0 };

  isaf_test_save (fixture->store, caf, NULL);
  g_assert_cmpint (g_mkdir (locked, 0755), ==, 0);
  snapshot_take (fixture, &before);
  names_before = isaf_test_list_dir (fixture->dir);

  assert_export_refused (fixture, in_missing, ISAF_SYNC_EXPORT_ERROR_NO_FOLDER, missing);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  /* The name of a folder, not of a file. */
  assert_export_refused (fixture, locked, ISAF_SYNC_EXPORT_ERROR_IS_FOLDER, locked);
  g_assert_true (g_file_test (locked, G_FILE_TEST_IS_DIR));

  /* A folder this user may not write to (root may write anywhere). */
  if (geteuid () != 0)
    {
      g_auto(GStrv) in_locked_names = NULL;

      g_assert_cmpint (g_chmod (locked, 0555), ==, 0);
      assert_export_refused (fixture, in_locked, ISAF_SYNC_EXPORT_ERROR_NOT_WRITABLE, locked);
      in_locked_names = isaf_test_list_dir (locked);
      g_assert_cmpuint (g_strv_length (in_locked_names), ==, 0);
      g_assert_cmpint (g_chmod (locked, 0755), ==, 0);
    }
  else
    {
      g_test_message ("Running as root: a folder without write permission is still writable");
    }

  names_after = isaf_test_list_dir (fixture->dir);
  g_assert_cmpstrv (names_before, names_after);
  snapshot_take (fixture, &after);
  assert_snapshots_equal (&before, &after);
}

/* Revoked ------------------------------------------------------------------------------- */

static void
run_sync (IsafSyncClient  *client,
          GError         **error)
{
  IsafSyncReport report = { 0 };

  isaf_sync_client_run (client, &report, NULL, error);
}

/* The outbox as it is stored, to tell that it was kept. */
static char *
dump_outbox (Fixture *fixture)
{
  sqlite3 *conn = isaf_test_sqlite_open (fixture->path, SQLITE_OPEN_READONLY);
  char *dump = isaf_test_dump_table (conn, "sync_outbox");

  sqlite3_close (conn);
  return dump;
}

/* The issue's case: the laptop syncs, is revoked on the server, edits on, and its next sync
 * is refused. It keeps its outbox and its data, and the export lists every change. */
static void
test_revoked (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(IsafTestServer) server = isaf_test_server_start ();
  g_autofree char *url = isaf_test_server_dup_url (server);
  g_autofree char *path = g_build_filename (fixture->dir, "revoked.json", NULL);
  g_autofree char *device_text = NULL;
  g_autofree char *outbox_before = NULL;
  g_autofree char *outbox_after = NULL;
  g_autoptr(IsafSyncClient) client = NULL;
  g_autoptr(IsafRecord) kept = isaf_test_new_caf ("សុខា");
  g_autoptr(IsafRecord) doomed = isaf_test_new_caf ("ចាន់");
  g_autoptr(IsafRecord) after_revoke = isaf_test_new_caf ("ស្រីមុំ");
  g_autoptr(IsafRecord) read_back = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(GError) error = NULL;
  IsafSyncDevice device = { 0 };
  JsonObject *root;
  gint64 waiting;

  /* A new laptop, enrolled for the commune, whose first records reach the server. */
  open_database (fixture);
  client = isaf_sync_client_new (fixture->database);
  isaf_test_laptop_enroll (client, server, url, ISAF_TEST_COMMUNE, "laptop");
  isaf_test_save (fixture->store, kept, doomed, NULL);
  run_sync (client, &error);
  g_assert_no_error (error);
  g_assert_cmpint (isaf_test_run_query_int (fixture->database,
                                            "SELECT count (*) FROM sync_outbox"), ==, 0);

  /* Edits since the last sync: a change with its base clock, a delete, a new record. */
  isaf_record_set_text (kept, "phone", "097 111 2222");
  isaf_test_save (fixture->store, kept, NULL);
  delete_record (fixture, "caf", isaf_record_get_id (doomed));

  g_assert_true (isaf_sync_local_get_device (fixture->database, &device, &error));
  g_assert_no_error (error);
  device_text = isaf_uuid_to_string (&device.device_id);
  conn = isaf_test_server_connect_api (server);
  g_assert_true (isaf_server_device_revoke (conn, device_text, &error));
  g_assert_no_error (error);
  isaf_test_save (fixture->store, after_revoke, NULL);

  outbox_before = dump_outbox (fixture);
  run_sync (client, &error);
  g_assert_error (error, ISAF_SYNC_CLIENT_ERROR, ISAF_SYNC_CLIENT_ERROR_REVOKED);
  g_clear_error (&error);
  outbox_after = dump_outbox (fixture);
  g_assert_cmpstr (outbox_before, ==, outbox_after);
  waiting = isaf_test_run_query_int (fixture->database, "SELECT count (*) FROM sync_outbox");
  g_assert_cmpint (waiting, >, 2);
  g_assert_cmpint (isaf_test_run_query_int (fixture->database,
                                            "SELECT count (*) FROM sync_outbox "
                                            "WHERE base_hlc IS NOT NULL"), >, 0);

  root = export_and_read (fixture, path, waiting, parser);
  g_assert_cmpstr (json_object_get_string_member (root, "device_id"), ==, device_text);
  g_assert_cmpstr (json_object_get_string_member (root, "server_url"), ==, url);
  assert_export_is_outbox (fixture, root, device.node_id, NULL);
  isaf_sync_device_clear (&device);

  /* The data is all there, the edit after the revocation too. */
  read_back = isaf_test_get_record (fixture->store, "caf", isaf_record_get_id (after_revoke));
  g_assert_cmpstr (isaf_record_get_text (read_back, "name_km"), ==, "ស្រីមុំ");
  g_clear_object (&read_back);
  read_back = isaf_test_get_record (fixture->store, "caf", isaf_record_get_id (kept));
  g_assert_cmpstr (isaf_record_get_text (read_back, "phone"), ==, "097 111 2222");
  g_clear_object (&read_back);
  read_back = isaf_test_get_record (fixture->store, "caf", isaf_record_get_id (doomed));
  g_assert_true (isaf_record_get_deleted (read_back));
}

int
main (int   argc,
      char *argv[])
{
  static const gboolean empty = TRUE;

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sync/export/outbox", Fixture, NULL, fixture_set_up, test_outbox,
              fixture_tear_down);
  g_test_add ("/sync/export/in-flight", Fixture, NULL, fixture_set_up, test_in_flight,
              fixture_tear_down);
  g_test_add ("/sync/export/nothing-waiting", Fixture, NULL, fixture_set_up,
              test_nothing_waiting, fixture_tear_down);
  g_test_add ("/sync/export/unwritable", Fixture, NULL, fixture_set_up, test_unwritable,
              fixture_tear_down);
  g_test_add ("/sync/export/revoked", Fixture, &empty, fixture_set_up, test_revoked,
              fixture_tear_down);

  return g_test_run ();
}
