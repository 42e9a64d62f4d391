/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "isaf-attachment.h"
#include "isaf-dump.h"
#include "isaf-fault-proxy.h"
#include "isaf-pg.h"
#include "isaf-server-dump.h"
#include "isaf-store.h"
#include "isaf-sync-client.h"
#include "isaf-sync-local.h"
#include "isaf-test-clocks.h"
#include "isaf-test-helpers.h"
#include "isaf-test-laptop.h"
#include "isaf-test-seed.h"
#include "isaf-test-server.h"

/* Two laptops of one commune sync with the real server through a proxy that breaks the
 * exchange (isaf-fault-proxy.h): connections dropped before or after the server handled a
 * request, answers cut in half, requests delivered twice (in a row or at once), answers held
 * past the client's timeout, 500, 503 and 429. A run through faults may fail, but only as
 * "unreachable", and then leaves the laptop's data as it was (unless only the reference data
 * failed, after the commune's pull was applied). Once the faults are gone, clean
 * runs (A, B, A) must bring everything together, as the sync design's invariants say:
 *   I1  nothing lost: every field version committed on a laptop is the one the laptops and
 *       the server hold, unless a later one (by clock) replaced it: a model of the merge
 *       rule, fed with every laptop's state after each edit, is the oracle;
 *   I2  nothing doubled: one receipt per batch the laptop counted acknowledged, batch numbers
 *       without gaps, the conflict log as long as the edits call for, rows as many as made;
 *   I3  convergence: the dumps of both laptops equal the server's byte for byte, and so do
 *       every field's clocks and the conflict logs;
 *   I5  no run, failed or not, takes a laptop's field back to an older clock; in the end the
 *       outbox is empty, no batch is in flight and nothing is staged or quarantined.
 * The server never answers 500 on its own, duplicates included.
 * /sync/faults/ runs each fault on each endpoint once, in a scripted scenario; /sync/random
 * runs seeded rounds of random edits, faults and syncs (one laptop, both at once, or one
 * while the clerk edits on it), at most RANDOM_ROUNDS or about RANDOM_SECONDS.
 * ISAF_FAULT_SEED=N replays seed N: the same edits, rules and syncs; where two threads run at
 * once, their timing may still differ from one run to the next. */

#define COMMUNE "010201"
/* New facilitators laptop A registers offline: more than a push batch (about 500 fields)
 * and more than a pull page (PULL_PAGE_ROWS) hold. */
#define N_BULK 520
#define PULL_PAGE_ROWS 500
#define BULK_PER_SAVE 20
/* Shortened for the faults that hold an answer; the proxy holds it longer. */
#define SHORT_TIMEOUT_SECONDS 3
#define DELAY_MS 5000
#define NORMAL_TIMEOUT_SECONDS 60
#define RANDOM_ROUNDS 20
#define RANDOM_SECONDS 60

typedef struct {
  char *name;
  char *path;
  IsafDatabase *database;
  IsafStore *store;
  IsafSyncClient *client;
  /* Batches the laptop's runs counted acknowledged, over every run */
  guint batches_pushed;
  /* The last delete, for an undo */
  IsafDeletion *deletion;
} Laptop;

/* One field version: its value as text (typed, see value_text ()) and its clock. */
typedef struct {
  char *value;
  gint64 hlc;
  gint64 node;
} Version;

typedef struct {
  IsafTestServer *server;
  IsafFaultProxy *proxy;
  char *dir;
  Laptop a;
  Laptop b;
  /* The merge rule's oracle: "table id field" → the Version with the greatest clock ever
   * committed on a laptop. */
  GHashTable *model;
} Fixture;

typedef struct {
  IsafFault fault;
  /* "push", "pull", "hello" or "token" */
  const char *endpoint;
} Case;

static void
version_free (Version *version)
{
  g_free (version->value);
  g_free (version);
}

static const char *
endpoint_path (const char *endpoint)
{
  if (g_str_equal (endpoint, "token"))
    return "/v1/auth/token";
  if (g_str_equal (endpoint, "push"))
    return "/v1/sync/push";
  if (g_str_equal (endpoint, "pull"))
    return "/v1/sync/pull";
  g_assert_cmpstr (endpoint, ==, "hello");
  return "/v1/sync/hello";
}

/* Laptops ------------------------------------------------------------------------------- */

static void
laptop_new_client (Laptop *laptop,
                   guint   timeout_seconds)
{
  g_clear_object (&laptop->client);
  laptop->client = isaf_sync_client_new (laptop->database);
  isaf_sync_client_set_timeout (laptop->client, timeout_seconds);
  /* Pages of PULL_PAGE_ROWS, so that a pull of N_BULK rows takes several. */
  isaf_sync_client_set_pull_limit (laptop->client, PULL_PAGE_ROWS);
}

static void
laptop_open (Fixture    *fixture,
             Laptop     *laptop,
             const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = isaf_fault_proxy_dup_url (fixture->proxy);

  laptop->name = g_strdup (name);
  laptop->path = g_build_filename (fixture->dir, name, NULL);
  laptop->database = isaf_database_open (laptop->path, ISAF_DATABASE_OPEN_CREATE_NEW, &error);
  g_assert_no_error (error);
  laptop->store = isaf_store_new (laptop->database);
  laptop_new_client (laptop, NORMAL_TIMEOUT_SECONDS);
  /* Through the proxy, which the laptop then keeps as its server */
  isaf_test_laptop_enroll (laptop->client, fixture->server, url, COMMUNE, name);
}

static void
laptop_close (Laptop *laptop)
{
  g_clear_pointer (&laptop->deletion, isaf_deletion_free);
  g_clear_object (&laptop->client);
  g_clear_object (&laptop->store);
  isaf_database_close (laptop->database);
  g_clear_object (&laptop->database);
  g_free (laptop->path);
  g_free (laptop->name);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->server = isaf_test_server_start ();
  fixture->proxy = isaf_fault_proxy_new (isaf_test_server_get_port (fixture->server));
  isaf_fault_proxy_set_delay (fixture->proxy, DELAY_MS);
  fixture->dir = g_dir_make_tmp ("isaf-faults-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->model = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) version_free);
  laptop_open (fixture, &fixture->a, "laptop-a.sqlite");
  laptop_open (fixture, &fixture->b, "laptop-b.sqlite");
  isaf_fault_proxy_reset_counts (fixture->proxy);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  laptop_close (&fixture->a);
  laptop_close (&fixture->b);
  g_hash_table_unref (fixture->model);
  isaf_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  isaf_fault_proxy_free (fixture->proxy);
  isaf_test_server_stop (fixture->server);
}

/* What a laptop holds, read on its database thread -------------------------------------- */

static char *
id_text (const void *bytes)
{
  IsafUuid id;
  char buffer[ISAF_UUID_STRING_LENGTH + 1];

  memcpy (id.bytes, bytes, sizeof id.bytes);
  isaf_uuid_to_buffer (&id, buffer);
  return g_strdup (buffer);
}

/* A column's value with its type, so that 1 and '1' differ. */
static char *
value_text (sqlite3_stmt *stmt,
            int           column)
{
  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_INTEGER:
      return g_strdup_printf ("i:%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, column));
    case SQLITE_FLOAT:
      return g_strdup_printf ("r:%.17g", sqlite3_column_double (stmt, column));
    case SQLITE_TEXT:
      return g_strdup_printf ("t:%s", (const char *) sqlite3_column_text (stmt, column));
    case SQLITE_BLOB:
      if (sqlite3_column_bytes (stmt, column) == 16)
        {
          g_autofree char *id = id_text (sqlite3_column_blob (stmt, column));

          return g_strdup_printf ("u:%s", id);
        }
      return g_strdup_printf ("b:%d bytes", sqlite3_column_bytes (stmt, column));
    default:
      return g_strdup ("null");
    }
}

/* "table id field" → "value@hlc/node" of every field of every row: the tombstone and the
 * columns, with the clock the laptop keeps for it ("@0/0" without one; empty fields without
 * a clock are left out). */
static gboolean
read_fields_job (IsafDatabase *database,
                 gpointer      data,
                 GError      **error)
{
  GHashTable *fields = data;
  g_autoptr(GHashTable) clocks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gint64 own_node = isaf_database_get_state_int (database, "node_id", 0);
  sqlite3_stmt *stmt;

  if (!isaf_test_laptop_read_clocks (database, clocks, error))
    return FALSE;

  /* A local edit not yet acknowledged has its outbox entry's clock, newer than a confirmed
   * one (isaf-capture.c). */
  stmt = isaf_database_prepare (database,
                                "SELECT tbl, id, field, max (hlc) FROM sync_outbox "
                                "GROUP BY tbl, id, field",
                                error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *id = id_text (sqlite3_column_blob (stmt, 1));
      g_autofree char *key = isaf_test_clock_key ((const char *) sqlite3_column_text (stmt, 0),
                                                  id, (const char *) sqlite3_column_text (stmt, 2));
      gint64 hlc = sqlite3_column_int64 (stmt, 3);
      const char *confirmed = g_hash_table_lookup (clocks, key);
      gint64 confirmed_hlc = confirmed ? g_ascii_strtoll (confirmed, NULL, 10) : 0;
      gint64 confirmed_node = confirmed ? g_ascii_strtoll (strchr (confirmed, '/') + 1, NULL, 10)
                                        : 0;

      /* A pulled clock applied over a waiting edit can be the greater. */
      if (hlc > confirmed_hlc || (hlc == confirmed_hlc && own_node > confirmed_node))
        g_hash_table_replace (clocks, g_steal_pointer (&key),
                              isaf_test_clock_value (hlc, own_node));
    }
  sqlite3_reset (stmt);

  for (guint t = 0; t < isaf_schema_n_tables (); t++)
    {
      const IsafTable *table = isaf_schema_table_at (t);
      g_autoptr(GString) sql = g_string_new ("SELECT id, deleted");

      for (guint c = 0; c < table->n_columns; c++)
        g_string_append_printf (sql, ", %s", table->columns[c].name);
      g_string_append_printf (sql, " FROM %s", table->name);
      stmt = isaf_database_prepare (database, sql->str, error);
      if (stmt == NULL)
        return FALSE;
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_autofree char *id = id_text (sqlite3_column_blob (stmt, 0));

          for (guint c = 0; c < table->n_columns + 1; c++)
            {
              const char *name = c == 0 ? "deleted" : table->columns[c - 1].name;
              g_autofree char *key = isaf_test_clock_key (table->name, id, name);
              g_autofree char *value = value_text (stmt, c + 1);
              const char *clock = g_hash_table_lookup (clocks, key);

              if (clock == NULL && g_str_equal (value, "null"))
                continue;
              g_hash_table_insert (fields, g_steal_pointer (&key),
                                   g_strdup_printf ("%s@%s", value, clock ? clock : "0/0"));
            }
        }
      sqlite3_reset (stmt);
    }
  return TRUE;
}

static GHashTable *
laptop_fields (Laptop *laptop)
{
  g_autoptr(GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;

  g_assert_true (isaf_database_run (laptop->database, ISAF_DATABASE_READ, read_fields_job,
                                    fields, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&fields);
}

/* The conflict log entries the laptop pulled, sorted. */
static gboolean
read_conflicts_job (IsafDatabase *database,
                    gpointer      data,
                    GError      **error)
{
  GString *ids = data;
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "SELECT id FROM sync_conflict ORDER BY id", error);

  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *id = id_text (sqlite3_column_blob (stmt, 0));

      g_string_append_printf (ids, "%s\n", id);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static char *
laptop_conflicts (Laptop *laptop)
{
  GString *ids = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (isaf_database_run (laptop->database, ISAF_DATABASE_READ, read_conflicts_job,
                                    ids, &error));
  g_assert_no_error (error);
  return g_string_free (ids, FALSE);
}

/* What the server holds ----------------------------------------------------------------- */

static char *
server_conflicts (Fixture *fixture)
{
  g_autoptr(PGresult) result = isaf_test_server_query (fixture->server,
                                                       "SELECT id::text FROM conflict_log "
                                                       "WHERE commune_id = $1 ORDER BY id",
                                                       COMMUNE, NULL);
  GString *ids = g_string_new (NULL);

  for (int r = 0; r < PQntuples (result); r++)
    g_string_append_printf (ids, "%s\n", PQgetvalue (result, r, 0));
  return g_string_free (ids, FALSE);
}

/* The oracle ---------------------------------------------------------------------------- */

static gboolean
parse_field (const char *text,
             Version    *version)
{
  const char *at = strrchr (text, '@');
  const char *slash = at ? strchr (at, '/') : NULL;

  if (slash == NULL)
    return FALSE;
  version->value = g_strndup (text, at - text);
  version->hlc = g_ascii_strtoll (at + 1, NULL, 10);
  version->node = g_ascii_strtoll (slash + 1, NULL, 10);
  return TRUE;
}

/* Feeds the laptop's committed state to the model: per field, the greater clock wins. Two
 * different values under one clock would make the merge rule meaningless. */
static void
observe (Fixture *fixture,
         Laptop  *laptop)
{
  g_autoptr(GHashTable) fields = laptop_fields (laptop);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, fields);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Version seen = { 0 };
      Version *known = g_hash_table_lookup (fixture->model, key);

      g_assert_true (parse_field (value, &seen));
      if (known != NULL && known->hlc == seen.hlc && known->node == seen.node && seen.hlc != 0
          && !g_str_equal (known->value, seen.value))
        g_error ("%s: %s and %s under the same clock %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                 (char *) key, known->value, seen.value, seen.hlc, seen.node);
      if (known == NULL || seen.hlc > known->hlc
          || (seen.hlc == known->hlc && seen.node > known->node))
        g_hash_table_replace (fixture->model, g_strdup (key), g_memdup2 (&seen, sizeof seen));
      else
        g_free (seen.value);
    }
}

static GHashTable *
model_fields (Fixture *fixture)
{
  GHashTable *fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, fixture->model);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Version *version = value;

      g_hash_table_insert (fields, g_strdup (key),
                           g_strdup_printf ("%s@%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                                            version->value, version->hlc, version->node));
    }
  return fields;
}

/* Syncs --------------------------------------------------------------------------------- */

static void
sync_clean (Laptop *laptop)
{
  laptop->batches_pushed += isaf_test_laptop_sync (laptop->client, laptop->name);
}

/* I5 on one laptop: no field went back to an older clock, and one with the same clock kept
 * its value. */
static void
assert_no_regression (Laptop     *laptop,
                      GHashTable *before,
                      GHashTable *after)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *now = g_hash_table_lookup (after, key);
      Version old_version = { 0 }, new_version = { 0 };

      if (now == NULL)
        g_error ("%s lost %s (%s)", laptop->name, (char *) key, (char *) value);
      g_assert_true (parse_field (value, &old_version));
      g_assert_true (parse_field (now, &new_version));
      if (new_version.hlc < old_version.hlc
          || (new_version.hlc == old_version.hlc && new_version.node < old_version.node)
          || (new_version.hlc == old_version.hlc && new_version.node == old_version.node
              && !g_str_equal (new_version.value, old_version.value)))
        g_error ("%s went back on %s: %s, then %s", laptop->name, (char *) key, (char *) value,
                 now);
      g_free (old_version.value);
      g_free (new_version.value);
    }
}

/* A run through whatever faults are set. It may fail, only as unreachable (with the server's
 * Retry-After for 503 and 429), and then the laptop's data is as it was before, unless the
 * clerk was @editing meanwhile or the failure came after the pulled stream was applied (on
 * the reference data). Whether it fails or not, no field of the laptop goes back. */
static gboolean
sync_faulty (Fixture        *fixture,
             Laptop         *laptop,
             gboolean        editing,
             IsafSyncReport *report,
             GError        **error)
{
  g_autoptr(GBytes) before = isaf_test_laptop_dump (laptop->database);
  g_autoptr(GHashTable) fields_before = laptop_fields (laptop);
  g_autoptr(GHashTable) fields_after = NULL;
  g_autoptr(GBytes) after = NULL;
  IsafFaultCounts counts_before, counts;
  gboolean ok;

  isaf_fault_proxy_get_counts (fixture->proxy, &counts_before);
  ok = isaf_sync_client_run (laptop->client, report, NULL, error);
  laptop->batches_pushed += report->batches_pushed;
  isaf_fault_proxy_get_counts (fixture->proxy, &counts);
  fields_after = laptop_fields (laptop);
  assert_no_regression (laptop, fields_before, fields_after);
  if (ok)
    {
      g_assert_cmpuint (report->rejects, ==, 0);
      return TRUE;
    }

  g_test_message ("%s: %s", laptop->name, (*error)->message);
  if (!g_error_matches (*error, ISAF_SYNC_CLIENT_ERROR, ISAF_SYNC_CLIENT_ERROR_UNREACHABLE))
    g_error ("a sync of %s through faults failed other than as unreachable: %s (%s %d)",
             laptop->name, (*error)->message, g_quark_to_string ((*error)->domain),
             (*error)->code);
  /* The last answer decides the error: a proxy's own 503 or 429 carries Retry-After. */
  if (counts.by_fault[ISAF_FAULT_STATUS_503] + counts.by_fault[ISAF_FAULT_STATUS_429]
        > counts_before.by_fault[ISAF_FAULT_STATUS_503]
          + counts_before.by_fault[ISAF_FAULT_STATUS_429]
      && report->retry_after_seconds != 0)
    g_assert_cmpuint (report->retry_after_seconds, ==, 1);
  /* Once the pulled stream is applied only the reference data is left to fail. */
  if (!editing && !report->pull_applied)
    {
      after = isaf_test_laptop_dump (laptop->database);
      isaf_test_assert_same_bytes (before, after, "the laptop's dumps before and after a failed sync");
    }
  return FALSE;
}

/* The invariants, after clean runs of both laptops. */
static void
assert_invariants (Fixture *fixture)
{
  g_autoptr(GBytes) server = isaf_test_server_dump_commune (fixture->server, COMMUNE);
  g_autoptr(GHashTable) clocks = isaf_test_server_clocks (fixture->server, COMMUNE);
  g_autoptr(GHashTable) model = model_fields (fixture);
  g_autoptr(GHashTable) fields_a = laptop_fields (&fixture->a);
  g_autofree char *conflicts = server_conflicts (fixture);
  Laptop *laptops[] = { &fixture->a, &fixture->b };

  /* I1, I2: what A holds is what the edits made, field by field, no more, no less. */
  isaf_test_assert_same_map (model, fields_a, "the model and laptop A's fields");

  for (guint i = 0; i < G_N_ELEMENTS (laptops); i++)
    {
      Laptop *laptop = laptops[i];
      g_autoptr(GBytes) dump = isaf_test_laptop_dump (laptop->database);
      g_autoptr(GHashTable) laptop_clock_map = isaf_test_laptop_clocks (laptop->database);
      g_autofree char *what = g_strdup_printf ("the server's and %s's", laptop->name);
      g_autofree char *device = isaf_test_laptop_device_id (laptop->database);
      g_autofree char *laptop_conflict_ids = laptop_conflicts (laptop);
      gint64 last_batch_seq;

      /* I3 */
      isaf_test_assert_same_bytes (server, dump, what);
      isaf_test_assert_same_map (clocks, laptop_clock_map, what);
      g_assert_cmpstr (conflicts, ==, laptop_conflict_ids);

      /* I5: nothing waits, nothing is in flight, nothing was refused. */
      isaf_test_laptop_assert_nothing_waits (laptop->database);

      /* I2: one receipt per batch, numbered without gaps, each acknowledged once. */
      last_batch_seq = isaf_test_server_assert_receipts (fixture->server, device);
      g_assert_cmpint (laptop->batches_pushed, ==, last_batch_seq);
      g_assert_cmpint (isaf_test_run_query_int (laptop->database,
                                                "SELECT value FROM sync_state "
                                                "WHERE key = 'next_batch_seq'"),
                       ==, last_batch_seq + 1);
    }
}

/* Edits --------------------------------------------------------------------------------- */

static IsafRecord *
new_training (const IsafUuid *caf_id,
              const char     *module)
{
  IsafRecord *training = isaf_record_new ("caf_training");

  isaf_record_set_reference (training, "caf_id", caf_id);
  isaf_record_set_text (training, "module", module);
  return training;
}

static void
save_all (Fixture   *fixture,
          Laptop    *laptop,
          GPtrArray *records)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (isaf_store_save (laptop->store, records, &error));
  g_assert_no_error (error);
  observe (fixture, laptop);
}

static void
save (Fixture    *fixture,
      Laptop     *laptop,
      IsafRecord *record)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new ();

  g_ptr_array_add (records, record);
  save_all (fixture, laptop, records);
}

static void
delete_row (Fixture        *fixture,
        Laptop         *laptop,
        const char     *table,
        const IsafUuid *id)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&laptop->deletion, isaf_deletion_free);
  g_assert_true (isaf_store_delete (laptop->store, table, id, &laptop->deletion, &error));
  g_assert_no_error (error);
  observe (fixture, laptop);
}

static void
create_commune (Fixture *fixture,
                Laptop  *laptop)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (isaf_store_create_commune (laptop->store, COMMUNE, &error));
  g_assert_no_error (error);
  observe (fixture, laptop);
}

/* A stage of this year's cycle, for files to be attached to. */
static void
create_stage (Fixture *fixture,
              Laptop  *laptop)
{
  g_autoptr(IsafRecord) cycle = isaf_record_new ("cycle");
  g_autoptr(IsafRecord) stage = isaf_record_new ("cycle_stage");
  g_autoptr(GPtrArray) records = g_ptr_array_new ();

  isaf_record_set_integer (cycle, "year", 2026);
  isaf_record_set_reference (stage, "cycle_id", isaf_record_get_id (cycle));
  isaf_record_set_text (stage, "stage", "dissemination");
  isaf_record_set_text (stage, "status", "in_progress");
  g_ptr_array_add (records, cycle);
  g_ptr_array_add (records, stage);
  save_all (fixture, laptop, records);
}

/* The scripted scenario ----------------------------------------------------------------- */

static gint64
server_count (Fixture    *fixture,
              const char *sql)
{
  return isaf_test_server_query_int (fixture->server, sql, COMMUNE, NULL);
}

/* Each fault once, on one endpoint: set up together, edit offline on both laptops (A more
 * than one push batch and one pull page), run the faulty sync, then clean ones. */
static void
test_fault (Fixture       *fixture,
            gconstpointer  data)
{
  const Case *test_case = data;
  const char *path = endpoint_path (test_case->endpoint);
  gboolean is_get = g_str_equal (test_case->endpoint, "pull");
  gboolean is_push = g_str_equal (test_case->endpoint, "push");
  /* Faults under which the server handled the faulted request */
  gboolean reached_server = test_case->fault == ISAF_FAULT_DROP_AFTER
                            || test_case->fault == ISAF_FAULT_CUT_RESPONSE
                            || test_case->fault == ISAF_FAULT_DELAY
                            || test_case->fault == ISAF_FAULT_DUPLICATE
                            || test_case->fault == ISAF_FAULT_DUPLICATE_PARALLEL;
  g_autoptr(IsafRecord) kept = isaf_test_new_caf ("សុខា");
  g_autoptr(IsafRecord) doomed = isaf_test_new_caf ("ចាន់");
  g_autoptr(IsafRecord) trained = NULL;
  g_autoptr(IsafRecord) on_a = NULL;
  g_autoptr(IsafRecord) on_b = NULL;
  g_autoptr(IsafRecord) training_b = NULL;
  g_autoptr(IsafRecord) orphan = NULL;
  g_autoptr(GError) error = NULL;
  Laptop *faulty = &fixture->a;
  IsafSyncReport report = { 0 };
  IsafFaultRule rule = { test_case->fault, path, 0, 1, 1.0 };
  IsafFaultCounts counts;
  g_autofree char *device_a = isaf_test_laptop_device_id (fixture->a.database);
  gint64 last_before = 0;
  gboolean ok;

  /* Together: A sets the commune up with two facilitators and a training; B receives them. */
  create_commune (fixture, &fixture->a);
  isaf_record_set_text (kept, "phone", "012 345 678");
  save (fixture, &fixture->a, kept);
  save (fixture, &fixture->a, doomed);
  trained = new_training (isaf_record_get_id (doomed), "M1");
  save (fixture, &fixture->a, trained);
  sync_clean (&fixture->a);
  sync_clean (&fixture->b);
  assert_invariants (fixture);

  /* Offline, A registers many facilitators, edits one and deletes another (its training
   * goes with it)... */
  for (guint i = 0; i < N_BULK / BULK_PER_SAVE; i++)
    {
      g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint j = 0; j < BULK_PER_SAVE; j++)
        {
          g_autofree char *name = g_strdup_printf ("សមាជិក %u", i * BULK_PER_SAVE + j);
          IsafRecord *caf = isaf_test_new_caf (name);

          isaf_record_set_text (caf, "phone", "097 000 000");
          g_ptr_array_add (records, caf);
        }
      save_all (fixture, &fixture->a, records);
    }
  on_a = isaf_test_get_record (fixture->a.store, "caf", isaf_record_get_id (kept));
  isaf_record_set_text (on_a, "name_latin", "Sokha");
  isaf_record_set_text (on_a, "phone", "011 111 111");
  save (fixture, &fixture->a, on_a);
  delete_row (fixture, &fixture->a, "caf", isaf_record_get_id (doomed));

  /* ... while B edits the same facilitator (the phone concurrently), the deleted training,
   * and adds a training under the deleted facilitator and three facilitators of its own. */
  on_b = isaf_test_get_record (fixture->b.store, "caf", isaf_record_get_id (kept));
  isaf_record_set_integer (on_b, "birth_year", 1990);
  isaf_record_set_text (on_b, "phone", "099 999 999");
  save (fixture, &fixture->b, on_b);
  training_b = isaf_test_get_record (fixture->b.store, "caf_training",
                                     isaf_record_get_id (trained));
  isaf_record_set_text (training_b, "trained_on", "2026-03-01");
  save (fixture, &fixture->b, training_b);
  orphan = new_training (isaf_record_get_id (doomed), "M2");
  save (fixture, &fixture->b, orphan);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("ស្រី %u", i);
      g_autoptr(IsafRecord) caf = isaf_test_new_caf (name);

      save (fixture, &fixture->b, caf);
    }

  /* The laptops were switched off: new clients, which ask for a token first. */
  laptop_new_client (&fixture->a, NORMAL_TIMEOUT_SECONDS);
  laptop_new_client (&fixture->b, NORMAL_TIMEOUT_SECONDS);

  /* A fault on a push hits A's second batch; on a pull, B's second page, after A pushed
   * everything; elsewhere A's first request. */
  if (is_push)
    rule.skip = 1;
  else if (is_get)
    {
      sync_clean (&fixture->a);
      faulty = &fixture->b;
      rule.skip = 1;
    }
  if (test_case->fault == ISAF_FAULT_DELAY)
    laptop_new_client (faulty, SHORT_TIMEOUT_SECONDS);
  if (test_case->fault != ISAF_FAULT_NONE)
    isaf_fault_proxy_add_rule (fixture->proxy, &rule);
  last_before = isaf_test_server_query_int (fixture->server, "SELECT last_batch_seq FROM device "
                                                            "WHERE id = $1", device_a, NULL);

  isaf_fault_proxy_reset_counts (fixture->proxy);
  ok = sync_faulty (fixture, faulty, FALSE, &report, &error);
  isaf_fault_proxy_get_counts (fixture->proxy, &counts);
  g_test_message ("%s through %s on %s: %s; %u requests seen, %u forwarded, %u faulted, "
                  "%u batches pushed, %u pages pulled", faulty->name,
                  isaf_fault_to_string (test_case->fault), test_case->endpoint,
                  ok ? "succeeded" : "failed", counts.seen, counts.forwarded, counts.faulted,
                  report.batches_pushed, report.pages_pulled);

  if (test_case->fault != ISAF_FAULT_NONE)
    g_assert_cmpuint (counts.by_fault[test_case->fault], ==, 1);
  /* The server answers a request it already handled as it did the first time. */
  g_assert_cmpuint (counts.server_errors, ==, 0);
  if (test_case->fault == ISAF_FAULT_NONE || test_case->fault == ISAF_FAULT_DUPLICATE
      || test_case->fault == ISAF_FAULT_DUPLICATE_PARALLEL)
    g_assert_true (ok);
  else if (!is_get || !(test_case->fault == ISAF_FAULT_DROP_BEFORE
                        || test_case->fault == ISAF_FAULT_DROP_AFTER))
    /* Only a GET that found its kept-alive connection closed is sent again by libsoup. */
    g_assert_false (ok);
  if (test_case->fault == ISAF_FAULT_DUPLICATE
      || test_case->fault == ISAF_FAULT_DUPLICATE_PARALLEL)
    g_assert_cmpuint (counts.forwarded, ==, counts.seen + 1);

  if ((test_case->fault == ISAF_FAULT_STATUS_503 || test_case->fault == ISAF_FAULT_STATUS_429)
      && !ok)
    g_assert_cmpuint (report.retry_after_seconds, ==, 1);
  if (is_push && !ok)
    {
      gint64 in_flight = isaf_test_run_query_int (faulty->database,
                                                  "SELECT coalesce (max (batch_seq), 0) "
                                                  "FROM sync_inflight");
      gint64 server_last = isaf_test_server_query_int (fixture->server,
                                                       "SELECT last_batch_seq FROM device "
                                                       "WHERE id = $1", device_a, NULL);

      /* The run's second batch stays frozen, its changes in the outbox; the server applied
       * it or not, as the fault let it. */
      g_assert_cmpuint (report.batches_pushed, ==, 1);
      g_assert_cmpint (in_flight, ==, last_before + 2);
      g_assert_cmpint (server_last, ==, last_before + (reached_server ? 2 : 1));
      g_assert_cmpint (isaf_test_run_query_int (faulty->database,
                                                "SELECT count (*) FROM sync_outbox"), >, 0);
    }

  /* The faults go; the clients wait as long as usual again. */
  isaf_fault_proxy_clear (fixture->proxy);
  if (test_case->fault == ISAF_FAULT_DELAY)
    laptop_new_client (faulty, NORMAL_TIMEOUT_SECONDS);
  sync_clean (&fixture->a);
  sync_clean (&fixture->b);
  sync_clean (&fixture->a);
  assert_invariants (fixture);

  /* Every facilitator once; the trainings; each logged conflict once. */
  g_assert_cmpint (server_count (fixture, "SELECT count (*) FROM caf WHERE commune_id = $1"),
                   ==, 2 + N_BULK + 3);
  g_assert_cmpint (server_count (fixture, "SELECT count (*) FROM caf_training "
                                          "WHERE commune_id = $1"), ==, 2);
  g_assert_cmpint (server_count (fixture, "SELECT count (*) FROM caf "
                                          "WHERE commune_id = $1 AND deleted = 1"), ==, 1);
  g_assert_cmpint (server_count (fixture, "SELECT count (*) FROM conflict_log "
                                          "WHERE commune_id = $1 AND field = 'phone' "
                                          "AND reason = 'concurrent_edit'"), ==, 1);
  g_assert_cmpint (server_count (fixture, "SELECT count (*) FROM conflict_log "
                                          "WHERE commune_id = $1 "
                                          "AND reason = 'edited_deleted_row'"), ==, 1);
  g_assert_cmpint (server_count (fixture, "SELECT count (*) FROM conflict_log "
                                          "WHERE commune_id = $1 "
                                          "AND reason = 'deleted_parent'"), ==, 1);
}

/* A link that breaks after one pull page, every time, on a pull of three pages: each run must
 * go on from the pages earlier runs staged (sync-protocol.md 8.2), so the pull completes in
 * three runs. Otherwise it never completes, and staging grows by a page every run. */
static void
test_pull_resumes (Fixture       *fixture,
                   gconstpointer  data)
{
  IsafFaultRule rule = { ISAF_FAULT_CUT_RESPONSE, "/v1/sync/pull", 1, 1, 1.0 };
  gboolean ok = FALSE;
  guint runs;

  create_commune (fixture, &fixture->a);
  sync_clean (&fixture->a);
  sync_clean (&fixture->b);
  for (guint i = 0; i < 2 * N_BULK / BULK_PER_SAVE + 1; i++)
    {
      g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint j = 0; j < BULK_PER_SAVE; j++)
        {
          g_autofree char *name = g_strdup_printf ("សមាជិក %u", i * BULK_PER_SAVE + j);

          g_ptr_array_add (records, isaf_test_new_caf (name));
        }
      save_all (fixture, &fixture->a, records);
    }
  sync_clean (&fixture->a);

  for (runs = 1; runs <= 5 && !ok; runs++)
    {
      g_autoptr(GError) error = NULL;
      IsafSyncReport report = { 0 };

      /* The second pull request of each run is cut. */
      isaf_fault_proxy_clear (fixture->proxy);
      isaf_fault_proxy_add_rule (fixture->proxy, &rule);
      ok = sync_faulty (fixture, &fixture->b, FALSE, &report, &error);
      g_test_message ("run %u: %s, %u pages pulled, %" G_GINT64_FORMAT " fields staged", runs,
                      ok ? "complete" : "cut", report.pages_pulled,
                      isaf_test_run_query_int (fixture->b.database,
                                               "SELECT count (*) FROM sync_staging"));
    }
  /* Each run goes on after the pages the one before staged. */
  g_assert_true (ok);
  g_assert_cmpuint (runs - 1, ==, 3);

  /* Whatever happened, a clean link brings everything together. */
  isaf_fault_proxy_clear (fixture->proxy);
  sync_clean (&fixture->b);
  sync_clean (&fixture->a);
  assert_invariants (fixture);
}

/* The national reference data comes last: when only its request fails, the commune's pulled
 * changes are applied already and stay (the run still fails, so it is tried again), and the
 * next run completes. */
static void
test_reference_fails_last (Fixture       *fixture,
                           gconstpointer  data)
{
  IsafFaultRule rule = { ISAF_FAULT_STATUS_503, "/v1/sync/ref", 0, 1, 1.0 };
  g_autoptr(IsafRecord) caf = isaf_test_new_caf ("សុភា");
  g_autoptr(IsafRecord) on_b = NULL;
  g_autoptr(GError) error = NULL;
  IsafSyncReport report = { 0 };

  create_commune (fixture, &fixture->a);
  sync_clean (&fixture->a);
  sync_clean (&fixture->b);
  save (fixture, &fixture->a, caf);
  sync_clean (&fixture->a);

  isaf_fault_proxy_add_rule (fixture->proxy, &rule);
  g_assert_false (sync_faulty (fixture, &fixture->b, FALSE, &report, &error));
  g_assert_error (error, ISAF_SYNC_CLIENT_ERROR, ISAF_SYNC_CLIENT_ERROR_UNREACHABLE);
  g_assert_true (report.pull_applied);
  on_b = isaf_test_get_record (fixture->b.store, "caf", isaf_record_get_id (caf));
  g_assert_cmpstr (isaf_record_get_text (on_b, "name_km"), ==, "សុភា");

  isaf_fault_proxy_clear (fixture->proxy);
  sync_clean (&fixture->b);
  sync_clean (&fixture->a);
  assert_invariants (fixture);
}

/* The random scenario ------------------------------------------------------------------- */

/* A facilitator or training the laptop shows (not deleted), at random; NULL if none. */
static IsafRecord *
pick (Laptop     *laptop,
      GRand      *rand,
      const char *table)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = isaf_store_list (laptop->store, table, NULL, NULL, &error);

  g_assert_no_error (error);
  if (records->len == 0)
    return NULL;
  return g_object_ref (records->pdata[g_rand_int_range (rand, 0, records->len)]);
}

/* A scanned sheet of up to three upload parts, attached to a stage of the cycle. */
static void
attach_file (Fixture *fixture,
             Laptop  *laptop,
             GRand   *rand)
{
  g_autoptr(IsafRecord) stage = pick (laptop, rand, "cycle_stage");
  gsize size = g_rand_int_range (rand, 1, 3 * ISAF_WIRE_BLOB_PART_BYTES);
  guint8 *data = g_malloc (size + 5);
  g_autoptr(GBytes) content = NULL;
  g_autoptr(IsafRecord) attachment = NULL;
  g_autoptr(GError) error = NULL;

  memcpy (data, "%PDF-", 5);
  for (gsize i = 5; i < size + 5; i++)
    data[i] = g_rand_int_range (rand, 0, 256);
  content = g_bytes_new_take (data, size + 5);
  attachment = isaf_attachment_add (laptop->store, isaf_record_get_id (stage), "sheet.pdf",
                                    content, NULL, &error);
  g_assert_no_error (error);
  observe (fixture, laptop);
}

/* One random edit, as a clerk would make it; its description in @log. */
static void
random_edit (Fixture *fixture,
             Laptop  *laptop,
             GRand   *rand,
             GString *log)
{
  guint kind = g_rand_int_range (rand, 0, 100);
  g_autoptr(GError) error = NULL;

  if (kind < 30)
    {
      /* Facilitators in one save; now and then enough for several batches */
      guint n = g_rand_int_range (rand, 0, 10) == 0 ? g_rand_int_range (rand, 50, 200) : 1;
      g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < n; i++)
        {
          g_autofree char *name = g_strdup_printf ("ឈ្មោះ %u", g_rand_int (rand));
          IsafRecord *caf = isaf_test_new_caf (name);

          if (g_rand_boolean (rand))
            isaf_record_set_text (caf, "sex", "m");
          g_ptr_array_add (records, caf);
        }
      save_all (fixture, laptop, records);
      g_string_append_printf (log, " new-caf*%u", n);
    }
  else if (kind < 60)
    {
      g_autoptr(IsafRecord) caf = pick (laptop, rand, "caf");
      g_autofree char *text = NULL;
      gint32 a, b, c;

      if (caf == NULL)
        return;
      /* Drawn one by one: the order of a call's arguments is the compiler's, not the seed's. */
      a = g_rand_int_range (rand, 0, 3);
      b = g_rand_int_range (rand, 10, 100);
      c = g_rand_int_range (rand, 0, 1000000);
      switch (a)
        {
        case 0:
          text = g_strdup_printf ("0%02d %03d %03d", b, c / 1000, c % 1000);
          isaf_record_set_text (caf, "phone", text);
          break;
        case 1:
          text = g_strdup_printf ("Name %d", c % 1000);
          isaf_record_set_text (caf, "name_latin", text);
          break;
        default:
          isaf_record_set_integer (caf, "birth_year", g_rand_int_range (rand, 1950, 2005));
          break;
        }
      save (fixture, laptop, caf);
      g_string_append (log, " edit-caf");
    }
  else if (kind < 75)
    {
      g_autoptr(IsafRecord) caf = pick (laptop, rand, "caf");
      static const char * const modules[] = { "M1", "M2", "M3", "M4" };
      g_autoptr(IsafRecord) training = NULL;

      if (caf == NULL)
        return;
      training = new_training (isaf_record_get_id (caf), modules[g_rand_int_range (rand, 0, 4)]);
      save (fixture, laptop, training);
      g_string_append (log, " new-training");
    }
  else if (kind < 82)
    {
      g_autoptr(IsafRecord) training = pick (laptop, rand, "caf_training");
      g_autofree char *date = NULL;
      gint32 month, day;

      if (training == NULL)
        return;
      month = g_rand_int_range (rand, 1, 13);
      day = g_rand_int_range (rand, 1, 29);
      date = g_strdup_printf ("2025-%02d-%02d", month, day);
      isaf_record_set_text (training, "trained_on", date);
      save (fixture, laptop, training);
      g_string_append (log, " edit-training");
    }
  else if (kind < 94)
    {
      const char *table = g_rand_boolean (rand) ? "caf" : "caf_training";
      g_autoptr(IsafRecord) record = pick (laptop, rand, table);

      if (record == NULL)
        return;
      delete_row (fixture, laptop, table, isaf_record_get_id (record));
      g_string_append_printf (log, " delete-%s", table);
    }
  else if (kind < 97)
    {
      attach_file (fixture, laptop, rand);
      g_string_append (log, " attach");
    }
  else if (laptop->deletion != NULL)
    {
      g_assert_true (isaf_store_undo_delete (laptop->store, laptop->deletion, &error));
      g_assert_no_error (error);
      g_clear_pointer (&laptop->deletion, isaf_deletion_free);
      observe (fixture, laptop);
      g_string_append (log, " undo-delete");
    }
}

/* Adds up to three rules, logged as fault@path, then +skip, *count or ~probability. */
static void
random_faults (Fixture *fixture,
               GRand   *rand,
               GString *log)
{
  static const char * const paths[] = {
    "/v1/sync/push", "/v1/sync/pull", "/v1/sync/hello", "/v1/auth/token", "/v1/blobs/", NULL
  };
  guint n = g_rand_int_range (rand, 0, 4);

  for (guint i = 0; i < n; i++)
    {
      IsafFaultRule rule = { 0 };

      rule.fault = g_rand_int_range (rand, ISAF_FAULT_NONE + 1, ISAF_FAULT_N);
      rule.path_prefix = paths[g_rand_int_range (rand, 0, G_N_ELEMENTS (paths))];
      rule.skip = g_rand_int_range (rand, 0, 3);
      /* A held answer costs the client's whole timeout: those come one at a time. */
      if (rule.fault == ISAF_FAULT_DELAY || g_rand_boolean (rand))
        {
          rule.count = rule.fault == ISAF_FAULT_DELAY ? 1 : g_rand_int_range (rand, 1, 4);
          rule.probability = 1;
        }
      else
        rule.probability = g_rand_double_range (rand, 0.1, 0.5);
      isaf_fault_proxy_add_rule (fixture->proxy, &rule);
      g_string_append_printf (log, " %s@%s", isaf_fault_to_string (rule.fault),
                              rule.path_prefix ? rule.path_prefix : "*");
      if (rule.skip > 0)
        g_string_append_printf (log, "+%u", rule.skip);
      if (rule.count > 0)
        g_string_append_printf (log, "*%u", rule.count);
      else
        g_string_append_printf (log, "~%.2f", rule.probability);
    }
}

typedef struct {
  Fixture *fixture;
  Laptop *laptop;
  gboolean editing;
  gboolean ok;
} SyncThread;

static gpointer
sync_thread (gpointer data)
{
  SyncThread *sync = data;
  g_autoptr(GError) error = NULL;
  IsafSyncReport report = { 0 };

  sync->ok = sync_faulty (sync->fixture, sync->laptop, sync->editing, &report, &error);
  return NULL;
}

/* One random sync step: A, B, both at the same time, or one while the clerk edits on it. */
static void
random_sync (Fixture *fixture,
             GRand   *rand,
             GString *log,
             guint   *failed)
{
  Laptop *laptops[] = { &fixture->a, &fixture->b };
  SyncThread syncs[2] = {
    { fixture, &fixture->a, FALSE, FALSE },
    { fixture, &fixture->b, FALSE, FALSE },
  };
  GThread *thread;
  guint which = g_rand_int_range (rand, 0, 5);

  switch (which)
    {
    case 0:
    case 1:
      sync_thread (&syncs[which]);
      g_string_append_printf (log, " %c%s", 'A' + which, syncs[which].ok ? "" : "!");
      *failed += !syncs[which].ok;
      break;
    case 2:
      thread = g_thread_new ("sync-a", sync_thread, &syncs[0]);
      sync_thread (&syncs[1]);
      g_thread_join (thread);
      g_string_append_printf (log, " (A%s|B%s)", syncs[0].ok ? "" : "!",
                              syncs[1].ok ? "" : "!");
      *failed += !syncs[0].ok + !syncs[1].ok;
      break;
    default:
      {
        SyncThread *sync = &syncs[which - 3];
        guint n_edits = g_rand_int_range (rand, 1, 5);

        g_string_append_printf (log, " (%c+edits:", 'A' + which - 3);
        sync->editing = TRUE;
        thread = g_thread_new ("sync", sync_thread, sync);
        for (guint e = 0; e < n_edits; e++)
          random_edit (fixture, laptops[which - 3], rand, log);
        g_thread_join (thread);
        g_string_append_printf (log, ")%s", sync->ok ? "" : "!");
        *failed += !sync->ok;
      }
      break;
    }
}

/* Rounds of random edits on both laptops, random faults and syncs through them; after each,
 * clean syncs and the invariants. Both laptops set the commune up offline at first, so that
 * its rows, identified by natural keys, are made twice under the same ids. */
static void
test_random (Fixture       *fixture,
             gconstpointer  data)
{
  guint32 seed = isaf_test_seed_from_env ("ISAF_FAULT_SEED");
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GTimer) timer = g_timer_new ();
  Laptop *laptops[] = { &fixture->a, &fixture->b };
  guint n_rounds;

  g_printerr ("# sync-random seed %u\n", seed);
  isaf_fault_proxy_set_seed (fixture->proxy, seed);

  create_commune (fixture, &fixture->a);
  create_commune (fixture, &fixture->b);
  create_stage (fixture, &fixture->a);
  sync_clean (&fixture->a);
  sync_clean (&fixture->b);
  sync_clean (&fixture->a);
  assert_invariants (fixture);

  for (n_rounds = 0;
       n_rounds < RANDOM_ROUNDS && g_timer_elapsed (timer, NULL) < RANDOM_SECONDS;
       n_rounds++)
    {
      g_autoptr(GString) log = g_string_new (NULL);
      guint n_steps = g_rand_int_range (rand, 1, 4);
      guint failed = 0;
      IsafFaultCounts counts;

      for (guint l = 0; l < G_N_ELEMENTS (laptops); l++)
        laptop_new_client (laptops[l], SHORT_TIMEOUT_SECONDS);
      isaf_fault_proxy_reset_counts (fixture->proxy);

      /* Steps of edits, more faults and syncs: later edits find batches left in flight and
       * pulls left staged by the failures before them. */
      for (guint step = 0; step < n_steps; step++)
        {
          guint n_syncs = g_rand_int_range (rand, 1, 4);

          for (guint l = 0; l < G_N_ELEMENTS (laptops); l++)
            {
              guint n_edits = g_rand_int_range (rand, 0, 5);

              g_string_append_printf (log, "%s%c:", step + l > 0 ? "; " : "", 'A' + l);
              for (guint e = 0; e < n_edits; e++)
                random_edit (fixture, laptops[l], rand, log);
            }
          g_string_append (log, "; faults:");
          random_faults (fixture, rand, log);
          g_string_append (log, "; syncs:");
          for (guint s = 0; s < n_syncs; s++)
            random_sync (fixture, rand, log, &failed);
        }
      isaf_fault_proxy_get_counts (fixture->proxy, &counts);
      g_assert_cmpuint (counts.server_errors, ==, 0);
      g_test_message ("round %u: %s (%u faulted, %u failed)", n_rounds, log->str, counts.faulted,
                      failed);

      isaf_fault_proxy_clear (fixture->proxy);
      for (guint l = 0; l < G_N_ELEMENTS (laptops); l++)
        laptop_new_client (laptops[l], NORMAL_TIMEOUT_SECONDS);
      sync_clean (&fixture->a);
      sync_clean (&fixture->b);
      sync_clean (&fixture->a);
      assert_invariants (fixture);
    }
  g_test_message ("%u rounds in %.1f s, seed %u", n_rounds, g_timer_elapsed (timer, NULL), seed);
}

int
main (int   argc,
      char *argv[])
{
  static const char * const endpoints[] = { "push", "pull", "hello", "token" };
  static Case cases[G_N_ELEMENTS (endpoints) * ISAF_FAULT_N];
  static const Case control = { ISAF_FAULT_NONE, "push" };
  guint n = 0;

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sync/faults/none", Fixture, &control, fixture_set_up, test_fault,
              fixture_tear_down);
  for (guint e = 0; e < G_N_ELEMENTS (endpoints); e++)
    for (IsafFault fault = ISAF_FAULT_NONE + 1; fault < ISAF_FAULT_N; fault++)
      {
        g_autofree char *name = g_strdup_printf ("/sync/faults/%s-%s", endpoints[e],
                                                 isaf_fault_to_string (fault));

        cases[n].fault = fault;
        cases[n].endpoint = endpoints[e];
        g_test_add (name, Fixture, &cases[n], fixture_set_up, test_fault, fixture_tear_down);
        n++;
      }
  g_test_add ("/sync/faults/pull-resumes", Fixture, NULL, fixture_set_up, test_pull_resumes,
              fixture_tear_down);
  g_test_add ("/sync/faults/reference-fails-last", Fixture, NULL, fixture_set_up,
              test_reference_fails_last, fixture_tear_down);
  g_test_add ("/sync/random", Fixture, NULL, fixture_set_up, test_random, fixture_tear_down);

  return g_test_run ();
}
