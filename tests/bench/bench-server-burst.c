/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-bench"

#include "config.h"

#include "bench-server-data.h"
#include "isaf-pg.h"
#include "isaf-sync-state.h"

/* The national burst (sync-protocol.md 5.4): every commune of the gazetteer (1,652) with two
 * laptops, each pushing a year of its commune's work, 64 requests in flight at a time, against
 * one isaf-server on this machine. Each laptop sends its batches in order, one at a time,
 * as the sync client does; as soon as one laptop is done, the next one starts.
 *
 * One demo year is made once and copied for each laptop with ids of its own (bench_copy_rows),
 * into its commune. The laptops are enrolled, and their batches compressed, before the clock
 * starts. Every request's latency is kept; any answer other than 200, or any row refused,
 * is an error. Target: no error, and 99 % of the requests answered within 500 ms.
 *
 * ISAF_BENCH_COMMUNES=N pushes the first N communes only, for a shorter run. */

#define DEFAULT_COMMUNES 1652
#define LAPTOPS_PER_COMMUNE 2
#define IN_FLIGHT 64
#define TARGET_P99_MS 500.0
#define TOKEN_SECONDS (24 * 3600)
/* A laptop tries a batch this many times before it gives up (here: its remaining batches). */
#define MAX_ATTEMPTS 3
/* A line of progress this often, so that a run cut short still tells how it went. */
#define PROGRESS_SECONDS 60

typedef struct {
  BenchDevice *device;
  /* Which of its commune's laptops it is */
  guint number;
  /* GBytes, gzip bodies in batch order; freed once sent */
  GPtrArray *bodies;
  guint n_fields;
  guint n_rows;
  guint next;
  /* Failed attempts at the batch next */
  guint attempts;
} Laptop;

typedef struct {
  BenchServer *server;
  SoupSession *session;
  GPtrArray *laptops;
  GMainLoop *loop;
  guint next_laptop;
  guint n_active;
  /* double, milliseconds, one per request answered: all, those that opened their connection,
   * those sent on a connection already open */
  GArray *latencies;
  GArray *connect_latencies;
  GArray *open_latencies;
  /* connection ids seen */
  GHashTable *connections;
  guint n_errors;
  guint n_transport_errors;
  guint n_unavailable;
  guint n_rejected_rows;
  guint n_unapplied_batches;
  gsize gzip_bytes;
  guint n_batches;
  gint64 started;
  /* Requests answered at the last line of progress */
  guint n_reported;
} Burst;

typedef struct {
  Burst *burst;
  Laptop *laptop;
  SoupMessage *message;
  gint64 sent;
} Request;

static void
laptop_free (Laptop *laptop)
{
  bench_device_free (laptop->device);
  g_clear_pointer (&laptop->bodies, g_ptr_array_unref);
  g_free (laptop);
}

static guint
n_communes_wanted (guint available)
{
  const char *text = g_getenv ("ISAF_BENCH_COMMUNES");
  guint64 n = DEFAULT_COMMUNES;

  if (text != NULL && !g_ascii_string_to_unsigned (text, 10, 1, DEFAULT_COMMUNES, &n, NULL))
    g_error ("ISAF_BENCH_COMMUNES must be a number from 1 to %d", DEFAULT_COMMUNES);
  if (n > available)
    g_error ("the gazetteer has %u communes, not %" G_GUINT64_FORMAT, available, n);
  return n;
}

/* A laptop's year: a copy of the demo for its commune and itself, as compressed batches. */
static void
make_batches (gpointer data,
              gpointer user_data)
{
  Laptop *laptop = data;
  GPtrArray *demo = user_data;
  g_autofree char *salt = g_strdup_printf ("burst/%s/%u/", laptop->device->commune_id,
                                           laptop->number);
  g_autoptr(GPtrArray) rows = bench_copy_rows (demo, laptop->device->commune_id, salt);
  g_autoptr(GPtrArray) pushes = NULL;

  laptop->n_rows = rows->len;
  laptop->n_fields = bench_count_fields (rows);
  pushes = isaf_sync_state_batches (rows, &laptop->device->device_id, 1, BENCH_BATCH_FIELDS);
  laptop->bodies = g_ptr_array_new_full (pushes->len, (GDestroyNotify) g_bytes_unref);
  for (guint i = 0; i < pushes->len; i++)
    g_ptr_array_add (laptop->bodies, bench_push_body (pushes->pdata[i]));
}

static void send_next (Burst *burst, Laptop *laptop);

static void
start_next_laptop (Burst *burst)
{
  if (burst->next_laptop < burst->laptops->len)
    send_next (burst, burst->laptops->pdata[burst->next_laptop++]);
  else if (--burst->n_active == 0)
    g_main_loop_quit (burst->loop);
}

typedef enum {
  ANSWER_APPLIED,
  /* No answer (the connection failed) or 503: the laptop sends the batch again. */
  ANSWER_AGAIN,
  ANSWER_FAILED,
} Answer;

/* Whether the answer is a 200 with every row applied. */
static Answer
check_answer (Burst       *burst,
              SoupMessage *message,
              GBytes      *answer,
              GError      *error)
{
  g_autoptr(IsafWirePushAck) ack = NULL;
  g_autoptr(GError) decode_error = NULL;
  guint status = soup_message_get_status (message);

  if (answer == NULL)
    {
      burst->n_transport_errors++;
      g_printerr ("request failed: %s\n", error->message);
      return ANSWER_AGAIN;
    }
  if (status != 200)
    {
      g_printerr ("answered %u: %.*s\n", status, (int) MIN (g_bytes_get_size (answer), 200),
                  (const char *) g_bytes_get_data (answer, NULL));
      if (status == 503)
        {
          burst->n_unavailable++;
          return ANSWER_AGAIN;
        }
      return ANSWER_FAILED;
    }
  ack = isaf_wire_push_ack_decode (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer),
                                   &decode_error);
  if (ack == NULL)
    {
      g_printerr ("the answer cannot be read: %s\n", decode_error->message);
      return ANSWER_FAILED;
    }
  if (ack->rejects->len > 0)
    {
      const IsafWireReject *reject = &g_array_index (ack->rejects, IsafWireReject, 0);

      burst->n_rejected_rows += ack->rejects->len;
      g_printerr ("%u rows refused, the first (%s): %s\n", ack->rejects->len, reject->code,
                  reject->message);
      return ANSWER_FAILED;
    }
  return g_str_equal (ack->status, "applied") ? ANSWER_APPLIED : ANSWER_FAILED;
}

/* The laptop's batches from the failed one on are not applied. */
static void
give_up (Burst  *burst,
         Laptop *laptop)
{
  burst->n_unapplied_batches += laptop->bodies->len - laptop->next;
  laptop->next = laptop->bodies->len;
}

static void
on_answer_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Request *request = data;
  Burst *burst = request->burst;
  Laptop *laptop = request->laptop;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                               &error);
  double ms = (g_get_monotonic_time () - request->sent) / 1000.0;

  g_array_append_val (burst->latencies, ms);
  if (g_hash_table_add (burst->connections,
                        GSIZE_TO_POINTER (soup_message_get_connection_id (request->message))))
    g_array_append_val (burst->connect_latencies, ms);
  else
    g_array_append_val (burst->open_latencies, ms);
  switch (check_answer (burst, request->message, answer, error))
    {
    case ANSWER_APPLIED:
      laptop->next++;
      laptop->attempts = 0;
      break;
    case ANSWER_AGAIN:
      burst->n_errors++;
      if (++laptop->attempts < MAX_ATTEMPTS)
        break;
      give_up (burst, laptop);
      break;
    case ANSWER_FAILED:
    default:
      burst->n_errors++;
      give_up (burst, laptop);
      break;
    }
  g_object_unref (request->message);
  g_free (request);

  if (laptop->next < laptop->bodies->len)
    send_next (burst, laptop);
  else
    {
      g_clear_pointer (&laptop->bodies, g_ptr_array_unref);
      start_next_laptop (burst);
    }
}

static void
send_next (Burst  *burst,
           Laptop *laptop)
{
  Request *request = g_new0 (Request, 1);

  request->burst = burst;
  request->laptop = laptop;
  request->message = bench_message_new (burst->server, "POST", "/v1/sync/push", laptop->device,
                                        laptop->bodies->pdata[laptop->next]);
  request->sent = g_get_monotonic_time ();
  soup_session_send_and_read_async (burst->session, request->message, G_PRIORITY_DEFAULT, NULL,
                                    on_answer_cb, request);
}

/* Rows stored on the server in all, read as the superuser (past row-level security). */
static guint64
count_stored_rows (BenchServer *server)
{
  g_autoptr(GString) sql = g_string_new ("SELECT ");

  for (guint t = 0; t < isaf_schema_n_tables (); t++)
    g_string_append_printf (sql, "%s(SELECT count(*) FROM %s)", t > 0 ? " + " : "",
                            isaf_schema_table_at (t)->name);
  {
    g_autofree char *count = isaf_test_server_query_value (bench_server_get_test_server (server),
                                                           sql->str);

    return g_ascii_strtoull (count, NULL, 10);
  }
}

static gboolean
on_progress_cb (gpointer data)
{
  Burst *burst = data;
  guint n = burst->latencies->len - burst->n_reported;
  g_autofree double *last = g_memdup2 (&g_array_index (burst->latencies, double, burst->n_reported),
                                       n * sizeof (double));

  g_print ("after %.0f s: %u requests answered of %u batches, %.1f requests/s and p99 %.0f ms "
           "in the last %d s, %u errors\n",
           (g_get_monotonic_time () - burst->started) / 1e6, burst->latencies->len,
           burst->n_batches, (double) n / PROGRESS_SECONDS,
           n > 0 ? bench_percentile (last, n, 0.99) : 0.0, PROGRESS_SECONDS, burst->n_errors);
  burst->n_reported = burst->latencies->len;
  return G_SOURCE_CONTINUE;
}

static void
print_latencies (const char *what,
                 GArray     *latencies)
{
  double *values = (double *) latencies->data;
  guint n = latencies->len;

  if (n == 0)
    return;
  g_print ("%s (%u): p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms\n", what, n,
           bench_percentile (values, n, 0.50), bench_percentile (values, n, 0.95),
           bench_percentile (values, n, 0.99), bench_percentile (values, n, 1.0));
}

int
main (void)
{
  g_autoptr(BenchServer) server = NULL;
  g_autoptr(GPtrArray) communes = bench_communes ();
  g_autoptr(GPtrArray) demo = NULL;
  g_autoptr(GPtrArray) laptops = g_ptr_array_new_with_free_func ((GDestroyNotify) laptop_free);
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) connect_latencies = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) open_latencies = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GHashTable) connections = g_hash_table_new (NULL, NULL);
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(PGconn) api = NULL;
  GThreadPool *makers;
  g_autofree char *load = NULL;
  guint n_communes = n_communes_wanted (communes->len);
  guint64 n_fields = 0, n_rows = 0, n_stored;
  guint n_batches = 0;
  guint progress;
  gint64 started = g_get_monotonic_time ();
  gint64 step;
  double enrol_s, make_s, burst_s, p99;
  Burst burst = { 0 };
  gboolean met;

  g_file_get_contents ("/proc/loadavg", &load, NULL, NULL);
  bench_drop_request_logs ();
  server = bench_server_start ();
  api = isaf_test_server_connect_api (bench_server_get_test_server (server));
  demo = bench_demo_rows (1);

  step = g_get_monotonic_time ();
  for (guint c = 0; c < n_communes; c++)
    for (guint d = 0; d < LAPTOPS_PER_COMMUNE; d++)
      {
        Laptop *laptop = g_new0 (Laptop, 1);

        laptop->device = bench_server_enroll (server, api, communes->pdata[c], TOKEN_SECONDS);
        laptop->number = d;
        g_ptr_array_add (laptops, laptop);
      }
  enrol_s = (g_get_monotonic_time () - step) / 1e6;

  step = g_get_monotonic_time ();
  makers = g_thread_pool_new (make_batches, demo, g_get_num_processors (), TRUE, NULL);
  for (guint i = 0; i < laptops->len; i++)
    g_thread_pool_push (makers, laptops->pdata[i], NULL);
  g_thread_pool_free (makers, FALSE, TRUE);
  for (guint i = 0; i < laptops->len; i++)
    {
      Laptop *laptop = laptops->pdata[i];

      n_batches += laptop->bodies->len;
      n_fields += laptop->n_fields;
      n_rows += laptop->n_rows;
      for (guint b = 0; b < laptop->bodies->len; b++)
        burst.gzip_bytes += g_bytes_get_size (laptop->bodies->pdata[b]);
    }
  make_s = (g_get_monotonic_time () - step) / 1e6;

  session = soup_session_new_with_options ("max-conns", IN_FLIGHT, "max-conns-per-host", IN_FLIGHT,
                                           "timeout", 300, NULL);
  burst.server = server;
  burst.session = session;
  burst.laptops = laptops;
  burst.loop = loop;
  burst.latencies = latencies;
  burst.connect_latencies = connect_latencies;
  burst.open_latencies = open_latencies;
  burst.connections = connections;

  g_print ("the burst: %u communes x %d laptops, one demo year each (%u rows, %u field changes), "
           "%d requests in flight; PostgreSQL runs with fsync=off and synchronous_commit=off "
           "(the test cluster), so the figures are optimistic; server limits: "
           "max_concurrent_requests=%d; load average before the run: %s",
           n_communes, LAPTOPS_PER_COMMUNE, ((Laptop *) laptops->pdata[0])->n_rows,
           ((Laptop *) laptops->pdata[0])->n_fields, IN_FLIGHT,
           bench_server_get_config (server)->max_concurrent_requests, load ? load : "?\n");
  g_print ("before the clock: %u laptops enrolled (code, enrolment, token, directly on the "
           "database) in %.1f s; batches copied and compressed in %.1f s\n",
           laptops->len, enrol_s, make_s);

  step = burst.started = g_get_monotonic_time ();
  burst.n_batches = n_batches;
  progress = g_timeout_add_seconds (PROGRESS_SECONDS, on_progress_cb, &burst);
  for (guint i = 0; i < IN_FLIGHT && burst.next_laptop < laptops->len; i++)
    {
      burst.n_active++;
      send_next (&burst, laptops->pdata[burst.next_laptop++]);
    }
  g_main_loop_run (loop);
  burst_s = (g_get_monotonic_time () - step) / 1e6;
  g_source_remove (progress);

  n_stored = count_stored_rows (server);
  p99 = bench_percentile ((double *) latencies->data, latencies->len, 0.99);

  g_print ("communes %u, laptops %u, batches %u (%.1f MiB gzip), rows %" G_GUINT64_FORMAT
           ", field changes %" G_GUINT64_FORMAT "\n",
           n_communes, laptops->len, n_batches, burst.gzip_bytes / 1048576.0, n_rows, n_fields);
  g_print ("burst: %.1f s, %.0f field changes/s, %.1f requests/s\n", burst_s,
           n_fields / burst_s, latencies->len / burst_s);
  print_latencies ("latency per request", latencies);
  g_print ("  (target p99 < %.0f ms)\n", TARGET_P99_MS);
  print_latencies ("  of which on a connection already open", open_latencies);
  print_latencies ("  of which opening their connection", connect_latencies);
  g_print ("errors: %u (no answer, the connection failed: %u; 503: %u; rows refused: %u; "
           "batches not applied after %d failed attempts or a refusal: %u); rows stored on the "
           "server: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT "\n",
           burst.n_errors, burst.n_transport_errors, burst.n_unavailable, burst.n_rejected_rows,
           MAX_ATTEMPTS, burst.n_unapplied_batches, n_stored, n_rows);
  g_print ("benchmark ran %.0f s\n", (g_get_monotonic_time () - started) / 1e6);

  met = burst.n_errors == 0 && n_stored == n_rows && p99 < TARGET_P99_MS;
  return met ? 0 : 1;
}
