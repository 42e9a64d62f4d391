/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "bench-cpu-time.h"
#include "bench-http-counter.h"
#include "bench-server-data.h"
#include "bench-sync-month.h"
#include "isaf-dump-format.h"
#include "isaf-pg.h"
#include "isaf-server-devices.h"
#include "isaf-store.h"
#include "isaf-sync-client.h"
#include "isaf-sync-local.h"
#include "isaf-sync-state.h"
#include "isaf-sync-values.h"

/* Offline sync as a commune's laptops live it (issue 6): the real client code
 * (isaf-sync-client.c, isaf-sync-local*.c) against the real server (the harness's PostgreSQL
 * and isaf-server's HTTP API) over loopback HTTP.
 *
 * First sync. A 10-year demo commune is on the server, pushed through its API as a laptop
 * pushes its whole state. A brand-new laptop file enrols and runs one full sync: token, hello,
 * every pull page, apply. The time is the median of RUNS runs, each on a fresh file, straight
 * to the server. The reference, measured in the same runs: the same rows written into a fresh
 * SQLite file with the laptop's schema and pragmas by plain INSERTs in one transaction, the
 * cost of just writing the data. Bytes are counted on two more first syncs through a relay
 * (bench-http-counter.h) that sees every byte cross the sockets; those laptops must then dump
 * the same bytes as the server.
 *
 * Incremental. On the first of those two laptops, one month of work (bench-sync-month.h); it
 * syncs (its push, and the pull that follows it), then the second laptop syncs and receives the
 * month. Time, requests and bytes of each, and bytes per field change, against the raw
 * canonical JSON of the same field changes (table, id, field and value, no clocks). All three
 * copies must then dump the same bytes.
 *
 * Targets (issue 6): the first sync under 5 s on loopback; under 60 bytes on the wire per field
 * change on average, counted as request and response bodies as sent, over the whole exchange:
 * the editing laptop's sync and the other laptop's. Laptops gzip what they send, and
 * isaf-server its longer answers; the relay also counts what the answers would be through the
 * deployment's nginx (which compresses what is not yet compressed), to show that both ways
 * cost the same. The verdicts are on what was sent. */

#define YEARS 10
#define RUNS 5
#define MONTH_SEED 6
#define TARGET_FIRST_SYNC_S 5.0
#define TARGET_BYTES_PER_CHANGE 60.0

typedef struct {
  char *dir;
  char *path;
  IsafDatabase *database;
  IsafStore *store;
  IsafSyncClient *client;
  double enrol_s;
} Laptop;

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

/* A new laptop file enrolled with a code from the administrator, as isafctl enroll does. */
static Laptop *
laptop_new (PGconn     *api,
            const char *server_url)
{
  Laptop *laptop = g_new0 (Laptop, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = isaf_server_enroll_code_new (api, BENCH_DEMO_COMMUNE, &error);
  gint64 start;

  if (code == NULL)
    g_error ("enrolment code: %s", error->message);
  laptop->dir = g_dir_make_tmp ("isaf-bench-laptop-XXXXXX", &error);
  if (laptop->dir == NULL)
    g_error ("laptop directory: %s", error->message);
  laptop->path = g_build_filename (laptop->dir, "commune.sqlite", NULL);

  start = g_get_monotonic_time ();
  laptop->database = isaf_database_open (laptop->path, ISAF_DATABASE_OPEN_CREATE_NEW, &error);
  if (laptop->database == NULL)
    g_error ("laptop database: %s", error->message);
  laptop->client = isaf_sync_client_new (laptop->database);
  if (!isaf_sync_client_enroll (laptop->client, server_url, code, "bench laptop", &error))
    g_error ("enrolment: %s", error->message);
  laptop->enrol_s = (g_get_monotonic_time () - start) / 1e6;
  laptop->store = isaf_store_new (laptop->database);
  return laptop;
}

static void
laptop_free (Laptop *laptop)
{
  if (laptop == NULL)
    return;
  g_clear_object (&laptop->client);
  g_clear_object (&laptop->store);
  isaf_database_close (laptop->database);
  g_clear_object (&laptop->database);
  remove_tree (laptop->dir);
  g_free (laptop->dir);
  g_free (laptop->path);
  g_free (laptop);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Laptop, laptop_free)

/* One full sync; the seconds it took, and the processor time it took in @cpu if not NULL. */
static double
sync_laptop (Laptop         *laptop,
             IsafSyncReport *report,
             BenchCpuTime   *cpu)
{
  g_autoptr(GError) error = NULL;
  BenchCpuTime before, after;
  gint64 start;
  double seconds;

  bench_cpu_time_sample (&before);
  start = g_get_monotonic_time ();
  if (!isaf_sync_client_run (laptop->client, report, NULL, &error))
    g_error ("sync of %s: %s", laptop->path, error->message);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  bench_cpu_time_sample (&after);
  if (cpu != NULL)
    bench_cpu_time_subtract (&after, &before, cpu);
  if (report->rejects > 0)
    g_error ("sync of %s: the server refused %u changes", laptop->path, report->rejects);
  return seconds;
}

static gboolean
count_job (IsafDatabase *database,
           gpointer      data,
           GError      **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database, "SELECT count (*) FROM sync_field_clock",
                                              error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    *(gint64 *) data = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

/* The field values the laptop holds with a clock from the server: on a new laptop, every field
 * value it received and applied. */
static gint64
count_field_clocks (Laptop *laptop)
{
  g_autoptr(GError) error = NULL;
  gint64 n = 0;

  if (!isaf_database_run (laptop->database, ISAF_DATABASE_READ, count_job, &n, &error))
    g_error ("counting field clocks: %s", error->message);
  return n;
}

static gint64
changes_waiting (Laptop *laptop)
{
  g_autoptr(GError) error = NULL;
  IsafSyncStatus status = { 0 };

  if (!isaf_sync_local_get_status (laptop->database, &status, &error))
    g_error ("status: %s", error->message);
  return status.changes_waiting;
}

/* The field changes waiting in the outbox as canonical JSON: an array of
 * {"t":table,"id":id,"f":field,"v":value}, in the order they were made. */
static gboolean
outbox_json_job (IsafDatabase *database,
                 gpointer      data,
                 GError      **error)
{
  GString *json = data;
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "SELECT tbl, id, field, value FROM sync_outbox "
                                              "ORDER BY seq",
                                              error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  g_string_append_c (json, '[');
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *table_name = (const char *) sqlite3_column_text (stmt, 0);
      const char *field = (const char *) sqlite3_column_text (stmt, 2);
      const IsafTable *table = isaf_schema_find_table (table_name);
      IsafValue id = { ISAF_VALUE_ID }, value;

      memcpy (id.id.bytes, sqlite3_column_blob (stmt, 1), 16);
      isaf_sync_value_read (stmt, 3, isaf_schema_find_column (table, field), &value);
      g_string_append (json, json->len > 1 ? ",{\"t\":" : "{\"t\":");
      isaf_dump_append_json_string (json, table_name);
      g_string_append (json, ",\"id\":");
      isaf_dump_append_value (json, &id);
      g_string_append (json, ",\"f\":");
      isaf_dump_append_json_string (json, field);
      g_string_append (json, ",\"v\":");
      isaf_dump_append_value (json, &value);
      g_string_append_c (json, '}');
      isaf_value_clear (&value);
    }
  sqlite3_reset (stmt);
  g_string_append_c (json, ']');
  if (rc != SQLITE_DONE)
    {
      isaf_database_set_error (database, rc, error);
      return FALSE;
    }
  return TRUE;
}

static GBytes *
outbox_json (Laptop *laptop)
{
  g_autoptr(GError) error = NULL;
  GString *json = g_string_new (NULL);

  if (!isaf_database_run (laptop->database, ISAF_DATABASE_READ, outbox_json_job, json, &error))
    g_error ("reading the outbox: %s", error->message);
  return g_string_free_to_bytes (json);
}

static gsize
gzip_size (GBytes *bytes)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) stream = g_converter_output_stream_new (memory,
                                                                    G_CONVERTER (compressor));
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  if (!g_output_stream_write_all (stream, data, size, NULL, NULL, &error)
      || !g_output_stream_close (stream, NULL, &error))
    g_error ("gzip: %s", error->message);
  return g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (memory));
}

static void
check_same_dump (Laptop     *laptop,
                 GBytes     *server_dump,
                 const char *what)
{
  g_autoptr(GBytes) dump = isaf_test_laptop_dump (laptop->database);

  isaf_test_assert_same_bytes (server_dump, dump, what);
}

/* The commune on the server: every batch pushed as a laptop sends it, one after the other. */
static double
load_server (BenchServer *server,
             BenchDevice *device,
             GPtrArray   *pushes)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 300, NULL);
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < pushes->len; i++)
    {
      g_autoptr(GBytes) body = bench_push_body (pushes->pdata[i]);
      g_autoptr(SoupMessage) message = bench_message_new (server, "POST", "/v1/sync/push",
                                                         device, body);
      g_autoptr(GBytes) answer = NULL;
      g_autoptr(IsafWirePushAck) ack = NULL;
      g_autoptr(GError) error = NULL;

      answer = soup_session_send_and_read (session, message, NULL, &error);
      if (answer == NULL)
        g_error ("loading batch %u: %s", i + 1, error->message);
      if (soup_message_get_status (message) != 200)
        g_error ("loading batch %u answered %u: %.*s", i + 1, soup_message_get_status (message),
                 (int) g_bytes_get_size (answer), (const char *) g_bytes_get_data (answer, NULL));
      ack = isaf_wire_push_ack_decode (g_bytes_get_data (answer, NULL),
                                       g_bytes_get_size (answer), &error);
      if (ack == NULL)
        g_error ("loading batch %u: %s", i + 1, error->message);
      if (ack->rejects->len > 0)
        g_error ("loading batch %u: row %u refused: %s", i + 1,
                 g_array_index (ack->rejects, IsafWireReject, 0).row,
                 g_array_index (ack->rejects, IsafWireReject, 0).message);
    }
  return (g_get_monotonic_time () - start) / 1e6;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

/* INSERT INTO table (id, commune_id, deleted, every column) VALUES (?, …) */
static sqlite3_stmt *
prepare_plain_insert (sqlite3         *conn,
                      const IsafTable *table)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_string_append_printf (sql, "INSERT INTO %s (id, commune_id, deleted", table->name);
  for (guint c = 0; c < table->n_columns; c++)
    g_string_append_printf (sql, ", %s", table->columns[c].name);
  g_string_append (sql, ") VALUES (?, ?, ?");
  for (guint c = 0; c < table->n_columns; c++)
    g_string_append (sql, ", ?");
  g_string_append_c (sql, ')');
  if (sqlite3_prepare_v2 (conn, sql->str, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("plain insert into %s: %s", table->name, sqlite3_errmsg (conn));
  return stmt;
}

static void
insert_plain_row (sqlite3           *conn,
                  GHashTable        *statements,
                  const IsafWireRow *row)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (statements, row->table);

  if (stmt == NULL)
    {
      stmt = prepare_plain_insert (conn, row->table);
      g_hash_table_insert (statements, (gpointer) row->table, stmt);
    }
  sqlite3_bind_blob (stmt, 1, row->id.bytes, 16, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, BENCH_DEMO_COMMUNE, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, 0);
  for (guint f = 0; f < row->fields->len; f++)
    {
      const IsafWireField *field = &g_array_index (row->fields, IsafWireField, f);

      if (field->column == NULL)
        isaf_sync_value_bind (stmt, 3, &field->value);
      else
        isaf_sync_value_bind (stmt, 4 + isaf_schema_column_index (row->table, field->name),
                              &field->value);
    }
  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_error ("plain insert into %s: %s", row->table->name, sqlite3_errmsg (conn));
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

/* The reference: every row of @pushes into a fresh file with the laptop's tables and pragmas
 * (isaf-database-open.c), in one transaction, committed; the seconds from BEGIN to COMMIT. */
static double
time_plain_inserts (GPtrArray *pushes)
{
  g_autofree char *dir = g_dir_make_tmp ("isaf-bench-plain-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "plain.sqlite", NULL);
  g_autoptr(GBytes) schema = isaf_schema_migration_sql (1, NULL);
  g_autoptr(GHashTable) statements = g_hash_table_new_full (NULL, NULL, NULL, finalize_statement);
  const char *pragmas = "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; "
                        "PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY; "
                        "PRAGMA cache_size = -1024;";
  sqlite3 *conn = NULL;
  gint64 start;
  double seconds;

  if (sqlite3_open (path, &conn) != SQLITE_OK
      || sqlite3_exec (conn, pragmas, NULL, NULL, NULL) != SQLITE_OK
      || sqlite3_exec (conn, g_bytes_get_data (schema, NULL), NULL, NULL, NULL) != SQLITE_OK)
    g_error ("plain file: %s", sqlite3_errmsg (conn));

  start = g_get_monotonic_time ();
  if (sqlite3_exec (conn, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    g_error ("plain begin: %s", sqlite3_errmsg (conn));
  for (guint p = 0; p < pushes->len; p++)
    {
      GPtrArray *rows = ((IsafWirePush *) pushes->pdata[p])->rows;

      for (guint r = 0; r < rows->len; r++)
        insert_plain_row (conn, statements, rows->pdata[r]);
    }
  if (sqlite3_exec (conn, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    g_error ("plain commit: %s", sqlite3_errmsg (conn));
  seconds = (g_get_monotonic_time () - start) / 1e6;

  g_hash_table_remove_all (statements);
  sqlite3_close (conn);
  remove_tree (dir);
  return seconds;
}

static guint16
port_of (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_port (uri) <= 0)
    g_error ("no port in %s", url);
  return g_uri_get_port (uri);
}

static const char *
verdict (gboolean met)
{
  return met ? "met" : "NOT met";
}

static void
print_counts (const char            *what,
              const BenchHttpCounts *counts)
{
  g_print ("  %s: %u requests; bodies %" G_GUINT64_FORMAT " bytes sent, %" G_GUINT64_FORMAT
           " received; heads %" G_GUINT64_FORMAT " sent, %" G_GUINT64_FORMAT " received\n",
           what, counts->requests, counts->request_body_bytes, counts->response_body_bytes,
           counts->request_head_bytes, counts->response_head_bytes);
}

/* What the two measures share. */
typedef struct {
  BenchServer *server;
  PGconn *api;
  BenchHttpCounter *relay;
  char *relay_url;
  /* The commune as the server received it, in batches */
  GPtrArray *pushes;
  guint n_rows;
  /* The server's canonical dump of the commune, and how long it took */
  GBytes *dump;
  double dump_s;
  /* The two laptops synced through the relay: A makes the month, B receives it */
  Laptop *a;
  Laptop *b;
} Bench;

/* Medians of the timed runs, by who spent the processor time. */
typedef struct {
  double laptop_main;
  double laptop_database;
  double server;
  double postgres;
  double together;
} RunCpu;

static void
median_cpu (const BenchCpuTime *runs,
            RunCpu             *medians)
{
  double laptop_main[RUNS], laptop_database[RUNS], server[RUNS], postgres[RUNS], together[RUNS];

  for (guint i = 0; i < RUNS; i++)
    {
      laptop_main[i] = runs[i].main_thread;
      laptop_database[i] = runs[i].database_threads;
      /* What is left of the process; a tick below zero when the three round differently */
      server[i] = MAX (0, runs[i].process - runs[i].main_thread - runs[i].database_threads);
      postgres[i] = runs[i].children;
      together[i] = runs[i].process + runs[i].children;
    }
  medians->laptop_main = bench_median (laptop_main, RUNS);
  medians->laptop_database = bench_median (laptop_database, RUNS);
  medians->server = bench_median (server, RUNS);
  medians->postgres = bench_median (postgres, RUNS);
  medians->together = bench_median (together, RUNS);
}

/* The timed runs, straight to the server, each on a new file, with the reference right before
 * or after each, by turns; then the two counted laptops. TRUE when the target is met. */
static gboolean
measure_first_sync (Bench *bench)
{
  double sync_s[RUNS], plain_s[RUNS], ratios[RUNS], enrol_s[RUNS];
  double sync_median, plain_median, bodies, bodies_through_nginx;
  BenchCpuTime cpu[RUNS];
  BenchHttpCounts enrolments, counts_a, counts_b;
  IsafSyncReport report = { 0 }, report_a = { 0 }, report_b = { 0 };
  gint64 fields_received;
  gsize dump_gzip = gzip_size (bench->dump);
  RunCpu medians;
  gboolean met;

  for (guint i = 0; i < RUNS; i++)
    {
      g_autoptr(Laptop) laptop = laptop_new (bench->api, bench_server_get_uri (bench->server));

      if (i % 2 == 1)
        plain_s[i] = time_plain_inserts (bench->pushes);
      sync_s[i] = sync_laptop (laptop, &report, &cpu[i]);
      if (i % 2 == 0)
        plain_s[i] = time_plain_inserts (bench->pushes);
      if (report.rows_pulled != bench->n_rows)
        g_error ("run %u pulled %u rows of %u", i + 1, report.rows_pulled, bench->n_rows);
      enrol_s[i] = laptop->enrol_s;
      ratios[i] = sync_s[i] / plain_s[i];
      g_print ("run %u: first sync %.2f s (%u pages, %u rows), plain INSERTs %.2f s, ratio "
               "%.1fx\n", i + 1, sync_s[i], report.pages_pulled, report.rows_pulled, plain_s[i],
               ratios[i]);
    }

  /* Counted from here: what the enrolments sent is left out. */
  bench->a = laptop_new (bench->api, bench->relay_url);
  bench->b = laptop_new (bench->api, bench->relay_url);
  bench_http_counter_take_counts (bench->relay, &enrolments);
  sync_laptop (bench->a, &report_a, NULL);
  bench_http_counter_take_counts (bench->relay, &counts_a);
  sync_laptop (bench->b, &report_b, NULL);
  bench_http_counter_take_counts (bench->relay, &counts_b);
  fields_received = count_field_clocks (bench->a);
  check_same_dump (bench->a, bench->dump, "the server's and laptop A's dumps after the first sync");
  check_same_dump (bench->b, bench->dump, "the server's and laptop B's dumps after the first sync");

  sync_median = bench_median (sync_s, RUNS);
  plain_median = bench_median (plain_s, RUNS);
  median_cpu (cpu, &medians);
  bodies = bench_http_counts_bodies (&counts_a);
  bodies_through_nginx = bench_http_counts_bodies_through_nginx (&counts_a);
  met = sync_median < TARGET_FIRST_SYNC_S;

  g_print ("\nFIRST SYNC of a new laptop, %d-year commune (token, hello, %u pull pages, apply), "
           "median of %d runs: %.2f s (target < %.0f s: %s)\n", YEARS, report_a.pages_pulled,
           RUNS, sync_median, TARGET_FIRST_SYNC_S, verdict (met));
  g_print ("  enrolment before it (new file, POST /v1/enroll): %.0f ms\n",
           bench_median (enrol_s, RUNS) * 1000);
  g_print ("  processor time of a run (medians): laptop main thread (HTTP, JSON decoding) "
           "%.2f s, laptop database thread (staging, apply) %.2f s, isaf-server threads %.2f s, "
           "PostgreSQL %.2f s; all together %.2f s, the wall time being %.1fx that (the 2 CPUs "
           "are shared with other work)\n", medians.laptop_main, medians.laptop_database,
           medians.server, medians.postgres, medians.together, sync_median / medians.together);
  g_print ("  reference, the same %u rows by plain INSERTs into a fresh SQLite file in one "
           "transaction (laptop schema and pragmas, no clocks): %.2f s\n", bench->n_rows,
           plain_median);
  g_print ("  ratio first sync / plain INSERTs: %.1fx (median of the runs' ratios; ratio of the "
           "medians %.1fx)\n", bench_median (ratios, RUNS), sync_median / plain_median);
  g_print ("  received %u rows, %" G_GINT64_FORMAT " field values; the laptop's dump equals the "
           "server's\n", report_a.rows_pulled, fields_received);
  print_counts ("on the wire (relay)", &counts_a);
  g_print ("  bodies as sent %.2f MiB: %.1f bytes per row, %.2f bytes per field value; with "
           "heads %.2f MiB (the client's own count %.2f MiB)\n", bodies / 1048576.0,
           bodies / report_a.rows_pulled, bodies / fields_received,
           bench_http_counts_total (&counts_a) / 1048576.0,
           (report_a.bytes_sent + report_a.bytes_received) / 1048576.0);
  g_print ("  the same answers through the deployment's nginx (counted in the relay) would be "
           "%.2f MiB, "
           "%.1f bytes per row, %.2f bytes per field value\n", bodies_through_nginx / 1048576.0,
           bodies_through_nginx / report_a.rows_pulled, bodies_through_nginx / fields_received);
  g_print ("  second counted laptop: %u requests, bodies %.2f MiB\n", counts_b.requests,
           bench_http_counts_bodies (&counts_b) / 1048576.0);
  g_print ("  reference, the server's canonical dump of the commune: %.2f MiB, %.2f MiB gzip, "
           "made in %.2f s; bodies on the wire / gzip dump: %.2fx (through nginx %.2fx)\n",
           g_bytes_get_size (bench->dump) / 1048576.0, dump_gzip / 1048576.0, bench->dump_s,
           bodies / dump_gzip, bodies_through_nginx / dump_gzip);
  return met;
}

static void
print_month_sync (const char            *what,
                  const IsafSyncReport  *report,
                  double                 seconds,
                  const BenchCpuTime    *cpu,
                  const BenchHttpCounts *counts)
{
  g_autofree char *wire = g_strdup_printf ("laptop %s on the wire", what);

  g_print ("  laptop %s (%u batches pushed; %u rows pulled in %u pages, applied): %.3f s; "
           "processor time: laptop %.2f s, server %.2f s, PostgreSQL %.2f s\n", what,
           report->batches_pushed, report->rows_pulled, report->pages_pulled, seconds,
           cpu->main_thread + cpu->database_threads,
           MAX (0, cpu->process - cpu->main_thread - cpu->database_threads), cpu->children);
  print_counts (wire, counts);
}

/* A month on laptop A, then A syncs, then B. TRUE when the target is met. */
static gboolean
measure_month (Bench *bench)
{
  g_autoptr(GBytes) month_json = NULL;
  g_autoptr(GBytes) dump = NULL;
  IsafSyncReport report_a = { 0 }, report_b = { 0 };
  BenchCpuTime cpu_a, cpu_b;
  BenchHttpCounts before, counts_a, counts_b;
  double entry_s, a_s, b_s, changes, bodies, all, through_nginx;
  gint64 start, waiting;
  guint forms;
  gboolean met;

  start = g_get_monotonic_time ();
  forms = bench_sync_enter_month (bench->a->store, MONTH_SEED);
  entry_s = (g_get_monotonic_time () - start) / 1e6;
  waiting = changes_waiting (bench->a);
  month_json = outbox_json (bench->a);

  bench_http_counter_take_counts (bench->relay, &before);
  a_s = sync_laptop (bench->a, &report_a, &cpu_a);
  bench_http_counter_take_counts (bench->relay, &counts_a);
  b_s = sync_laptop (bench->b, &report_b, &cpu_b);
  bench_http_counter_take_counts (bench->relay, &counts_b);
  dump = isaf_test_server_dump_commune (bench_server_get_test_server (bench->server),
                                        BENCH_DEMO_COMMUNE);
  check_same_dump (bench->a, dump, "the server's and laptop A's dumps after the month");
  check_same_dump (bench->b, dump, "the server's and laptop B's dumps after the month");
  if (report_a.fields_pushed == 0 || report_b.rows_pulled == 0)
    g_error ("the month did not travel: %u fields pushed, %u rows pulled",
             report_a.fields_pushed, report_b.rows_pulled);

  changes = report_a.fields_pushed;
  bodies = bench_http_counts_bodies (&counts_a) + bench_http_counts_bodies (&counts_b);
  all = bench_http_counts_total (&counts_a) + bench_http_counts_total (&counts_b);
  through_nginx = bench_http_counts_bodies_through_nginx (&counts_a)
                  + bench_http_counts_bodies_through_nginx (&counts_b);
  met = bodies / changes < TARGET_BYTES_PER_CHANGE;

  g_print ("\nINCREMENTAL SYNC of one month of edits: %u forms saved on laptop A in %.2f s, "
           "%" G_GINT64_FORMAT " outbox entries, %u field changes pushed\n", forms, entry_s,
           waiting, report_a.fields_pushed);
  print_month_sync ("A", &report_a, a_s, &cpu_a, &counts_a);
  print_month_sync ("B", &report_b, b_s, &cpu_b, &counts_b);
  g_print ("  both: %u requests, %.3f s, bodies %.0f bytes (%.0f with heads); all three copies "
           "dump the same bytes\n", counts_a.requests + counts_b.requests, a_s + b_s, bodies,
           all);
  g_print ("  per field change: %.1f bytes of bodies (target < %.0f: %s); %.1f with heads; "
           "laptop A %.1f, laptop B %.1f (bodies)\n", bodies / changes, TARGET_BYTES_PER_CHANGE,
           verdict (met), all / changes, bench_http_counts_bodies (&counts_a) / changes,
           bench_http_counts_bodies (&counts_b) / changes);
  g_print ("  through the deployment's nginx (the same answers at its gzip level): %.1f bytes "
           "of bodies per field change (laptop A %.1f, laptop B %.1f)\n", through_nginx / changes,
           bench_http_counts_bodies_through_nginx (&counts_a) / changes,
           bench_http_counts_bodies_through_nginx (&counts_b) / changes);
  g_print ("  reference, the canonical JSON of the same %" G_GINT64_FORMAT " field changes "
           "(table, id, field, value): %.1f bytes each raw, %.1f gzip; ratio bodies on the wire "
           "/ raw JSON: %.2fx (through nginx %.2fx)\n", waiting,
           (double) g_bytes_get_size (month_json) / waiting,
           (double) gzip_size (month_json) / waiting, bodies / g_bytes_get_size (month_json),
           through_nginx / g_bytes_get_size (month_json));
  return met;
}

int
main (void)
{
  g_autoptr(BenchDevice) loader = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *load = NULL;
  Bench bench = { NULL };
  guint n_fields;
  gint64 started = g_get_monotonic_time (), start;
  double load_s;
  gboolean first_met, month_met;

  g_file_get_contents ("/proc/loadavg", &load, NULL, NULL);
  bench_drop_request_logs ();
  bench.server = bench_server_start ();
  bench.api = isaf_test_server_connect_api (bench_server_get_test_server (bench.server));
  bench.relay = bench_http_counter_new (port_of (bench_server_get_uri (bench.server)));
  bench.relay_url = bench_http_counter_dup_url (bench.relay);

  /* The commune on the server, as one laptop pushed it. */
  rows = bench_demo_rows (YEARS);
  bench.n_rows = rows->len;
  n_fields = bench_count_fields (rows);
  loader = bench_server_enroll (bench.server, bench.api, BENCH_DEMO_COMMUNE, 3600);
  bench.pushes = isaf_sync_state_batches (rows, &loader->device_id, 1, BENCH_BATCH_FIELDS);
  load_s = load_server (bench.server, loader, bench.pushes);
  start = g_get_monotonic_time ();
  bench.dump = isaf_test_server_dump_commune (bench_server_get_test_server (bench.server),
                                              BENCH_DEMO_COMMUNE);
  bench.dump_s = (g_get_monotonic_time () - start) / 1e6;
  g_print ("a %d-year demo commune on the server: %u rows, %u field values, pushed in %u "
           "batches in %.1f s; load average before the run: %s", YEARS, bench.n_rows, n_fields,
           bench.pushes->len, load_s, load ? load : "?\n");

  first_met = measure_first_sync (&bench);
  month_met = measure_month (&bench);
  g_print ("benchmark ran %.0f s\n", (g_get_monotonic_time () - started) / 1e6);

  laptop_free (bench.a);
  laptop_free (bench.b);
  g_bytes_unref (bench.dump);
  g_ptr_array_unref (bench.pushes);
  bench_http_counter_free (bench.relay);
  g_free (bench.relay_url);
  PQfinish (bench.api);
  bench_server_stop (bench.server);
  return first_met && month_met ? 0 : 1;
}
