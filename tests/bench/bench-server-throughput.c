/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-bench"

#include "config.h"

#include "bench-server-data.h"
#include "isaf-pg.h"
#include "isaf-server-values.h"
#include "isaf-sync-state.h"

/* Push and pull throughput of isaf-server through its HTTP API, in field changes per second,
 * for one demo commune of two years, as a laptop sends it (gzip bodies of 500-field batches,
 * one request at a time), against PostgreSQL itself in the same run: the same rows upserted
 * with libpq (one multi-row INSERT … ON CONFLICT (id) DO UPDATE per table in each batch, one
 * transaction per batch) into plain copies of the tables in a schema of their own, without
 * row-level security or merging, and read back 500 at a time (SELECT … ORDER BY seq LIMIT
 * 500 over each table). Each round pushes a fresh copy of the commune (new ids) into another
 * commune; the figures are medians, the ratios the median of the rounds' ratios. Target (the
 * issue): push at least 0.3 times PostgreSQL's rate. The pull has no ratio target;
 * sync-protocol.md 5.4 asks for 20,000 rows/s. */

#define YEARS 2
#define ROUNDS 7
#define TARGET_PUSH_RATIO 0.3
#define TARGET_PULL_ROWS 20000.0
#define PAGE_ROWS 500
#define REFERENCE_SCHEMA "bench_ref"

typedef struct {
  double push_s;
  double pull_s;
  double ref_push_s;
  double ref_pull_s;
  guint rows;
  guint fields;
  guint batches;
  guint pages;
  gsize gzip_bytes;
} Round;

/* Plain copies of the commune tables: the same columns, primary key and stream index, no
 * row-level security. */
static void
create_reference_tables (PGconn *owner)
{
  g_autoptr(GString) sql = g_string_new ("CREATE SCHEMA " REFERENCE_SCHEMA ";\n");

  for (guint t = 0; t < isaf_schema_n_tables (); t++)
    g_string_append_printf (sql, "CREATE TABLE " REFERENCE_SCHEMA ".%s (LIKE public.%s "
                                 "INCLUDING ALL);\n",
                            isaf_schema_table_at (t)->name, isaf_schema_table_at (t)->name);
  {
    g_autoptr(PGresult) result = PQexec (owner, sql->str);

    if (PQresultStatus (result) != PGRES_COMMAND_OK)
      g_error ("reference tables: %s", PQresultErrorMessage (result));
  }
}

/* Each batch (@bodies, compressed) as a laptop sends it, one request after the other; the
 * seconds spent in requests. */
static double
push_through_server (BenchServer *server,
                     SoupSession *session,
                     BenchDevice *device,
                     GPtrArray   *bodies)
{
  double seconds = 0;

  for (guint i = 0; i < bodies->len; i++)
    {
      g_autoptr(SoupMessage) message = bench_message_new (server, "POST", "/v1/sync/push",
                                                         device, bodies->pdata[i]);
      g_autoptr(GBytes) answer = NULL;
      g_autoptr(IsafWirePushAck) ack = NULL;
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();

      answer = soup_session_send_and_read (session, message, NULL, &error);
      seconds += (g_get_monotonic_time () - start) / 1e6;
      if (answer == NULL)
        g_error ("batch %u: %s", i + 1, error->message);
      if (soup_message_get_status (message) != 200)
        g_error ("batch %u answered %u: %.*s", i + 1, soup_message_get_status (message),
                 (int) g_bytes_get_size (answer), (const char *) g_bytes_get_data (answer, NULL));
      ack = isaf_wire_push_ack_decode (g_bytes_get_data (answer, NULL),
                                       g_bytes_get_size (answer), &error);
      if (ack == NULL)
        g_error ("batch %u: %s", i + 1, error->message);
      if (ack->rejects->len > 0)
        g_error ("batch %u: row %u refused: %s", i + 1,
                 g_array_index (ack->rejects, IsafWireReject, 0).row,
                 g_array_index (ack->rejects, IsafWireReject, 0).message);
    }
  return seconds;
}

/* The whole commune, page by page; the seconds spent in requests. */
static double
pull_through_server (BenchServer *server,
                     SoupSession *session,
                     BenchDevice *device,
                     guint       *n_rows,
                     guint       *n_fields,
                     guint       *n_pages)
{
  g_autofree char *cursor = g_strdup ("");
  gboolean more = TRUE;
  double seconds = 0;

  *n_rows = *n_fields = *n_pages = 0;
  while (more)
    {
      g_autofree char *escaped = g_uri_escape_string (cursor, NULL, FALSE);
      g_autofree char *path = g_strdup_printf ("/v1/sync/pull?limit=%d&cursor=%s", PAGE_ROWS,
                                               escaped);
      g_autoptr(SoupMessage) message = bench_message_new (server, "GET", path, device, NULL);
      g_autoptr(GBytes) answer = NULL;
      g_autoptr(IsafWirePullPage) page = NULL;
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();

      answer = soup_session_send_and_read (session, message, NULL, &error);
      seconds += (g_get_monotonic_time () - start) / 1e6;
      if (answer == NULL || soup_message_get_status (message) != 200)
        g_error ("pull page %u: %s", *n_pages + 1,
                 answer ? "not 200" : error->message);
      page = isaf_wire_pull_page_decode (g_bytes_get_data (answer, NULL),
                                         g_bytes_get_size (answer), &error);
      if (page == NULL)
        g_error ("pull page %u: %s", *n_pages + 1, error->message);
      if (page->conflicts->len > 0)
        g_error ("pull page %u: unexpected conflicts", *n_pages + 1);
      *n_rows += page->rows->len;
      *n_fields += bench_count_fields (page->rows);
      (*n_pages)++;
      g_free (cursor);
      cursor = g_strdup (page->next_cursor);
      more = page->has_more;
    }
  return seconds;
}

/* One multi-row upsert of @n rows of one table, starting at @rows[first]. */
static void
upsert_rows (PGconn      *conn,
             const char  *commune_id,
             GPtrArray   *rows,
             guint        first,
             guint        n,
             gint64      *next_seq)
{
  const IsafTable *table = ((IsafWireRow *) rows->pdata[first])->table;
  guint width = 5 + table->n_columns;
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PGresult) result = NULL;

  g_string_append_printf (sql, "INSERT INTO " REFERENCE_SCHEMA ".%s (id, commune_id, seq, "
                               "deleted, clocks", table->name);
  for (guint c = 0; c < table->n_columns; c++)
    g_string_append_printf (sql, ", %s", table->columns[c].name);
  g_string_append (sql, ") VALUES ");
  for (guint r = 0; r < n; r++)
    {
      const IsafWireRow *row = rows->pdata[first + r];
      g_autoptr(GHashTable) clocks = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
      g_autofree char **values = g_new0 (char *, table->n_columns);
      const char *deleted = "0";

      for (guint f = 0; f < row->fields->len; f++)
        {
          const IsafWireField *field = &g_array_index (row->fields, IsafWireField, f);
          IsafServerClock *clock = g_new (IsafServerClock, 1);

          clock->hlc = field->hlc;
          clock->node = 1;
          g_hash_table_insert (clocks, (gpointer) field->name, clock);
          if (field->column == NULL)
            deleted = field->value.integer ? "1" : "0";
          else
            values[isaf_schema_column_index (table, field->name)] =
              isaf_server_value_to_param (&field->value);
        }
      g_ptr_array_add (params, isaf_uuid_to_string (&row->id));
      g_ptr_array_add (params, g_strdup (commune_id));
      g_ptr_array_add (params, g_strdup_printf ("%" G_GINT64_FORMAT, (*next_seq)++));
      g_ptr_array_add (params, g_strdup (deleted));
      g_ptr_array_add (params, isaf_server_clocks_to_json (clocks));
      for (guint c = 0; c < table->n_columns; c++)
        g_ptr_array_add (params, values[c]);

      g_string_append (sql, r == 0 ? "(" : ", (");
      for (guint c = 0; c < width; c++)
        g_string_append_printf (sql, c == 0 ? "$%u" : ", $%u", r * width + c + 1);
      g_string_append_c (sql, ')');
    }
  g_string_append (sql, " ON CONFLICT (id) DO UPDATE SET seq = EXCLUDED.seq, "
                        "deleted = EXCLUDED.deleted, clocks = EXCLUDED.clocks");
  for (guint c = 0; c < table->n_columns; c++)
    g_string_append_printf (sql, ", %s = EXCLUDED.%s", table->columns[c].name,
                            table->columns[c].name);

  result = PQexecParams (conn, sql->str, params->len, NULL,
                         (const char * const *) params->pdata, NULL, NULL, 0);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("reference upsert: %s", PQresultErrorMessage (result));
}

static void
exec_or_die (PGconn     *conn,
             const char *sql)
{
  g_autoptr(PGresult) result = PQexec (conn, sql);

  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
}

static const IsafTable *
row_table (GPtrArray *rows,
           guint      index)
{
  return ((IsafWireRow *) rows->pdata[index])->table;
}

/* The same batches upserted by PostgreSQL alone, one transaction each. */
static double
push_reference (PGconn     *conn,
                const char *commune_id,
                GPtrArray  *pushes)
{
  gint64 start = g_get_monotonic_time ();
  gint64 next_seq = 1;

  for (guint b = 0; b < pushes->len; b++)
    {
      GPtrArray *rows = ((IsafWirePush *) pushes->pdata[b])->rows;
      guint first = 0;

      exec_or_die (conn, "BEGIN");
      for (guint i = 1; i <= rows->len; i++)
        if (i == rows->len || row_table (rows, i) != row_table (rows, first))
          {
            upsert_rows (conn, commune_id, rows, first, i - first, &next_seq);
            first = i;
          }
      exec_or_die (conn, "COMMIT");
    }
  return (g_get_monotonic_time () - start) / 1e6;
}

/* Every row of the commune read back by PostgreSQL alone, 500 at a time, table by table. */
static double
pull_reference (PGconn     *conn,
                const char *commune_id,
                guint      *n_rows)
{
  gint64 start = g_get_monotonic_time ();

  *n_rows = 0;
  for (guint t = 0; t < isaf_schema_n_tables (); t++)
    {
      const IsafTable *table = isaf_schema_table_at (t);
      g_autoptr(GString) sql = g_string_new ("SELECT id, seq, deleted, clocks::text");
      g_autofree char *after = g_strdup ("0");
      int n = PAGE_ROWS;

      for (guint c = 0; c < table->n_columns; c++)
        g_string_append_printf (sql, ", %s", table->columns[c].name);
      g_string_append_printf (sql, " FROM " REFERENCE_SCHEMA ".%s WHERE commune_id = $1 "
                                   "AND seq > $2 ORDER BY seq LIMIT %d", table->name, PAGE_ROWS);
      while (n == PAGE_ROWS)
        {
          const char *params[] = { commune_id, after };
          g_autoptr(PGresult) result = PQexecParams (conn, sql->str, 2, NULL, params, NULL,
                                                     NULL, 0);

          if (PQresultStatus (result) != PGRES_TUPLES_OK)
            g_error ("reference pull: %s", PQresultErrorMessage (result));
          n = PQntuples (result);
          *n_rows += n;
          if (n > 0)
            {
              g_free (after);
              after = g_strdup (PQgetvalue (result, n - 1, 1));
            }
        }
    }
  return (g_get_monotonic_time () - start) / 1e6;
}

static void
run_round (BenchServer *server,
           SoupSession *session,
           PGconn      *api,
           PGconn      *owner,
           GPtrArray   *demo,
           const char  *commune_id,
           guint        index,
           Round       *round)
{
  g_autofree char *salt = g_strdup_printf ("throughput/%u/", index);
  g_autoptr(BenchDevice) device = bench_server_enroll (server, api, commune_id, 3600);
  g_autoptr(GPtrArray) rows = bench_copy_rows (demo, commune_id, salt);
  g_autoptr(GPtrArray) pushes = NULL;
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  guint pulled_rows, pulled_fields, ref_rows;

  round->rows = rows->len;
  round->fields = bench_count_fields (rows);
  pushes = isaf_sync_state_batches (rows, &device->device_id, 1, BENCH_BATCH_FIELDS);
  round->batches = pushes->len;
  round->gzip_bytes = 0;
  for (guint i = 0; i < pushes->len; i++)
    {
      GBytes *body = bench_push_body (pushes->pdata[i]);

      round->gzip_bytes += g_bytes_get_size (body);
      g_ptr_array_add (bodies, body);
    }

  /* Taking turns at going first, so that neither always finds the caches warmer. */
  if (index % 2 == 0)
    {
      round->push_s = push_through_server (server, session, device, bodies);
      round->ref_push_s = push_reference (owner, commune_id, pushes);
    }
  else
    {
      round->ref_push_s = push_reference (owner, commune_id, pushes);
      round->push_s = push_through_server (server, session, device, bodies);
    }
  if (index % 2 == 0)
    {
      round->pull_s = pull_through_server (server, session, device, &pulled_rows, &pulled_fields,
                                           &round->pages);
      round->ref_pull_s = pull_reference (owner, commune_id, &ref_rows);
    }
  else
    {
      round->ref_pull_s = pull_reference (owner, commune_id, &ref_rows);
      round->pull_s = pull_through_server (server, session, device, &pulled_rows, &pulled_fields,
                                           &round->pages);
    }
  if (pulled_rows != round->rows || pulled_fields != round->fields || ref_rows != round->rows)
    g_error ("round %u: pushed %u rows (%u fields), pulled %u (%u fields), reference read %u",
             index + 1, round->rows, round->fields, pulled_rows, pulled_fields, ref_rows);
}

int
main (void)
{
  g_autoptr(BenchServer) server = NULL;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 300, NULL);
  g_autoptr(PGconn) api = NULL;
  g_autoptr(PGconn) owner = NULL;
  g_autoptr(GPtrArray) demo = NULL;
  g_autoptr(GPtrArray) communes = bench_communes ();
  g_autoptr(GError) error = NULL;
  g_autofree char *owner_conninfo = NULL;
  IsafTestPg *pg;
  double push[ROUNDS], pull[ROUNDS], ref_push[ROUNDS], ref_pull[ROUNDS];
  double push_ratios[ROUNDS], pull_ratios[ROUNDS];
  double push_rate, pull_rate, ref_push_rate, ref_pull_rate, push_ratio, pull_ratio;
  double pull_rows_rate;
  Round rounds[ROUNDS];
  gint64 started = g_get_monotonic_time ();
  gint64 demo_started;
  double demo_s;
  g_autofree char *load = NULL;
  gboolean met;

  g_file_get_contents ("/proc/loadavg", &load, NULL, NULL);
  bench_drop_request_logs ();
  server = bench_server_start ();
  api = isaf_test_server_connect_api (bench_server_get_test_server (server));
  pg = isaf_test_server_get_pg (bench_server_get_test_server (server));
  owner_conninfo = isaf_test_pg_conninfo (pg, "isaf_owner", "isaf");
  owner = isaf_pg_connect (owner_conninfo, &error);
  if (owner == NULL)
    g_error ("owner: %s", error->message);
  create_reference_tables (owner);

  demo_started = g_get_monotonic_time ();
  demo = bench_demo_rows (YEARS);
  demo_s = (g_get_monotonic_time () - demo_started) / 1e6;

  /* A commune of its own each round, away from the demo's. */
  for (guint i = 0; i < ROUNDS; i++)
    {
      run_round (server, session, api, owner, demo, communes->pdata[100 * (i + 1)], i,
                 &rounds[i]);
      push[i] = rounds[i].fields / rounds[i].push_s;
      ref_push[i] = rounds[i].fields / rounds[i].ref_push_s;
      pull[i] = rounds[i].fields / rounds[i].pull_s;
      ref_pull[i] = rounds[i].fields / rounds[i].ref_pull_s;
      push_ratios[i] = push[i] / ref_push[i];
      pull_ratios[i] = pull[i] / ref_pull[i];
      g_print ("round %u: push %.0f, reference %.0f (%.3fx); pull %.0f, reference %.0f (%.3fx) "
               "field changes/s\n", i + 1, push[i], ref_push[i], push_ratios[i], pull[i],
               ref_pull[i], pull_ratios[i]);
    }

  push_rate = bench_median (push, ROUNDS);
  ref_push_rate = bench_median (ref_push, ROUNDS);
  pull_rate = bench_median (pull, ROUNDS);
  ref_pull_rate = bench_median (ref_pull, ROUNDS);
  /* Each round's two figures were measured a moment apart: the median of the rounds' ratios
   * is less moved than the ratio of the medians by other work on the machine. */
  push_ratio = bench_median (push_ratios, ROUNDS);
  pull_ratio = bench_median (pull_ratios, ROUNDS);
  pull_rows_rate = pull_rate * rounds[0].rows / rounds[0].fields;

  g_print ("one demo commune of %d years: %u rows, %u field changes, %u batches of at most %d "
           "fields (%.1f KiB gzip in all), %u pull pages of %d rows; demo made in %.1f s\n",
           YEARS, rounds[0].rows, rounds[0].fields, rounds[0].batches, BENCH_BATCH_FIELDS,
           rounds[0].gzip_bytes / 1024.0, rounds[0].pages, PAGE_ROWS, demo_s);
  g_print ("PostgreSQL runs with fsync=off and synchronous_commit=off (the test cluster): the "
           "server and the reference share it, so the ratios are fair, but the absolute "
           "figures are optimistic; load average before the run: %s", load ? load : "?\n");
  g_print ("push through isaf-server (HTTP, gzip, one request at a time): %.0f field changes/s "
           "(median of %d)\n", push_rate, ROUNDS);
  g_print ("push reference, PostgreSQL batched upsert of the same rows: %.0f field changes/s\n",
           ref_push_rate);
  g_print ("push ratio server/reference: %.3fx, median of the rounds' ratios (target >= %.1fx; "
           "ratio of the medians %.3fx)\n", push_ratio, TARGET_PUSH_RATIO,
           push_rate / ref_push_rate);
  g_print ("pull through isaf-server (limit %d): %.0f field changes/s, %.0f rows/s "
           "(sync-protocol.md 5.4 target >= %.0f rows/s)\n",
           PAGE_ROWS, pull_rate, pull_rows_rate, TARGET_PULL_ROWS);
  g_print ("pull reference, PostgreSQL SELECT ... ORDER BY seq LIMIT %d per table: %.0f field "
           "changes/s\n", PAGE_ROWS, ref_pull_rate);
  g_print ("pull ratio server/reference: %.3fx, median of the rounds' ratios (ratio of the "
           "medians %.3fx)\n", pull_ratio, pull_rate / ref_pull_rate);
  g_print ("benchmark ran %.0f s\n", (g_get_monotonic_time () - started) / 1e6);

  met = push_ratio >= TARGET_PUSH_RATIO && pull_rows_rate >= TARGET_PULL_ROWS;
  return met ? 0 : 1;
}
