/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-server-data.h"
#include "isaf-demo.h"
#include "isaf-gazetteer.h"
#include "isaf-hlc.h"
#include "isaf-server-devices.h"
#include "isaf-server-http.h"
#include "isaf-sync-state.h"

struct _BenchServer
{
  IsafTestServer *test_server;
  GBytes *token_secret;
  GThread *thread;
  GMainContext *context;
  GMainLoop *loop;
  IsafServerHttp *http;
  char *uri;
  GMutex lock;
  GCond ready;
};

/* The leading bytes of a uuid v7 that hold its time in milliseconds (RFC 9562, 5.7). */
#define V7_TIME_BYTES 6

/* The namespace of the copies' ids. */
static const IsafUuid copy_namespace = { {
  0x6b, 0x1e, 0x2c, 0x4a, 0x93, 0x0d, 0x4f, 0x51, 0x8a, 0x37, 0x5e, 0x02, 0xc4, 0x71, 0x9b, 0x20
} };

/* The server's loop, as isaf-server serve and the harness run it. */
static gpointer
serve_thread (gpointer data)
{
  BenchServer *server = data;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (server->context);
  server->http = isaf_server_http_new (isaf_test_server_get_config (server->test_server),
                                       server->token_secret);
  if (!isaf_server_http_listen (server->http, "127.0.0.1:0", &error))
    g_error ("isaf-server cannot listen: %s", error->message);

  g_mutex_lock (&server->lock);
  server->uri = g_strdup_printf ("http://127.0.0.1:%u", isaf_server_http_get_port (server->http));
  g_cond_signal (&server->ready);
  g_mutex_unlock (&server->lock);

  g_main_loop_run (server->loop);
  isaf_server_http_stop (server->http);
  while (isaf_server_http_get_n_in_flight (server->http) > 0)
    g_main_context_iteration (server->context, TRUE);
  g_clear_object (&server->http);
  g_main_context_pop_thread_default (server->context);
  return NULL;
}

BenchServer *
bench_server_start (void)
{
  BenchServer *server = g_new0 (BenchServer, 1);
  guint8 secret[32];

  server->test_server = isaf_test_server_start ();
  for (guint i = 0; i < sizeof secret; i++)
    secret[i] = g_random_int_range (0, 256);
  server->token_secret = g_bytes_new (secret, sizeof secret);
  g_mutex_init (&server->lock);
  g_cond_init (&server->ready);
  server->context = g_main_context_new ();
  server->loop = g_main_loop_new (server->context, FALSE);
  server->thread = g_thread_new ("bench-isaf-server", serve_thread, server);
  g_mutex_lock (&server->lock);
  while (server->uri == NULL)
    g_cond_wait (&server->ready, &server->lock);
  g_mutex_unlock (&server->lock);
  return server;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
bench_server_stop (BenchServer *server)
{
  if (server == NULL)
    return;
  g_main_context_invoke (server->context, quit_cb, server->loop);
  g_thread_join (server->thread);
  g_main_loop_unref (server->loop);
  g_main_context_unref (server->context);
  g_mutex_clear (&server->lock);
  g_cond_clear (&server->ready);
  g_bytes_unref (server->token_secret);
  g_free (server->uri);
  isaf_test_server_stop (server->test_server);
  g_free (server);
}

IsafTestServer *
bench_server_get_test_server (BenchServer *server)
{
  return server->test_server;
}

IsafServerConfig *
bench_server_get_config (BenchServer *server)
{
  return isaf_test_server_get_config (server->test_server);
}

const char *
bench_server_get_uri (BenchServer *server)
{
  return server->uri;
}

void
bench_device_free (BenchDevice *device)
{
  if (device == NULL)
    return;
  g_free (device->authorization);
  g_free (device);
}

BenchDevice *
bench_server_enroll (BenchServer *server,
                     PGconn      *conn,
                     const char  *commune_id,
                     int          token_seconds)
{
  BenchDevice *device = g_new0 (BenchDevice, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = isaf_server_enroll_code_new (conn, commune_id, &error);
  g_autofree char *secret = NULL;
  IsafWireEnrollRequest enroll = { code, NULL, (char *) "bench laptop" };
  IsafWireEnrollReply reply = { 0 };
  IsafWireTokenRequest token_request = { 0 };
  IsafWireTokenReply token = { 0 };
  guint8 bytes[32];

  if (code == NULL)
    g_error ("enrolment code for %s: %s", commune_id, error->message);
  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = g_random_int_range (0, 256);
  secret = g_base64_encode (bytes, sizeof bytes);
  enroll.secret = secret;
  if (!isaf_server_enroll (conn, &enroll, &reply, &error))
    g_error ("enrolment for %s: %s", commune_id, error->message);
  device->device_id = reply.device_id;
  g_strlcpy (device->commune_id, reply.commune_id, sizeof device->commune_id);
  isaf_wire_enroll_reply_clear (&reply);

  token_request.device_id = device->device_id;
  token_request.secret = secret;
  if (!isaf_server_token_issue (conn, &token_request, server->token_secret, token_seconds,
                                &token, &error))
    g_error ("token for %s: %s", commune_id, error->message);
  device->authorization = g_strconcat ("Bearer ", token.token, NULL);
  isaf_wire_token_reply_clear (&token);
  return device;
}

static void
remove_database (const char *dir,
                 const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_remove (file);
    }
  g_rmdir (dir);
}

GPtrArray *
bench_demo_rows (guint years)
{
  g_autofree char *dir = g_dir_make_tmp ("isaf-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "demo.sqlite", NULL);
  IsafDemoOptions options = { .commune_code = BENCH_DEMO_COMMUNE, .years = years, .seed = 1 };
  g_autoptr(IsafDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  /* Demo data has no clocks of its own: a minute ago, as for data entered before capture. */
  gint64 clock = ISAF_HLC_MAKE (g_get_real_time () / 1000 - 60000, 0);
  GPtrArray *rows;

  database = isaf_database_open (path, ISAF_DATABASE_OPEN_CREATE_NEW, &error);
  if (database == NULL || !isaf_demo_generate (database, &options, &error))
    g_error ("demo: %s", error->message);
  rows = isaf_sync_state_rows (database, clock, &error);
  if (rows == NULL)
    g_error ("demo rows: %s", error->message);
  isaf_database_close (database);
  remove_database (dir, path);
  return rows;
}

static void
copy_id (const IsafUuid *old,
         const char     *salt,
         IsafUuid       *out)
{
  gsize salt_length = strlen (salt);
  g_autofree guint8 *name = g_malloc (salt_length + sizeof old->bytes);

  memcpy (name, salt, salt_length);
  memcpy (name + salt_length, old->bytes, sizeof old->bytes);
  isaf_uuid_v5 (out, &copy_namespace, name, salt_length + sizeof old->bytes);

  /* A laptop makes its ids as uuid v7 (isaf-record.c), ordered by the time they were made, so
   * the server's indexes take a commune's new rows near each other. A copy keeps that order:
   * the original's 48-bit time, the hash's bits for the rest. */
  if (isaf_uuid_version (old) == 7)
    {
      memcpy (out->bytes, old->bytes, V7_TIME_BYTES);
      out->bytes[6] = 0x70 | (out->bytes[6] & 0x0f);
    }
}

/* The village of @commune_id that stands for the demo's village @code: the same position in
 * the commune's list, wrapped round. */
static const char *
move_village (GPtrArray  *from,
              GPtrArray  *to,
              const char *code)
{
  for (guint i = 0; i < from->len; i++)
    if (g_str_equal (((const IsafGazetteerEntry *) from->pdata[i])->code, code))
      return ((const IsafGazetteerEntry *) to->pdata[i % to->len])->code;
  g_error ("the demo's village %s is not in the gazetteer", code);
}

GPtrArray *
bench_copy_rows (GPtrArray  *rows,
                 const char *commune_id,
                 const char *salt)
{
  IsafGazetteer *gazetteer = isaf_gazetteer_get_default ();
  g_autoptr(GPtrArray) from = isaf_gazetteer_children (gazetteer, BENCH_DEMO_COMMUNE);
  g_autoptr(GPtrArray) to = isaf_gazetteer_children (gazetteer, commune_id);
  GPtrArray *copies = g_ptr_array_new_full (rows->len, (GDestroyNotify) isaf_wire_row_free);

  if (to->len == 0)
    g_error ("commune %s has no villages", commune_id);
  for (guint r = 0; r < rows->len; r++)
    {
      const IsafWireRow *row = rows->pdata[r];
      IsafWireRow *copy;
      IsafUuid id;

      copy_id (&row->id, salt, &id);
      copy = isaf_wire_row_new (row->table, &id);
      copy->txid = row->txid;
      for (guint f = 0; f < row->fields->len; f++)
        {
          const IsafWireField *field = &g_array_index (row->fields, IsafWireField, f);
          IsafValue value = field->value;
          IsafWireField *added;

          if (field->column != NULL && field->column->kind == ISAF_COLUMN_REFERENCE
              && value.type == ISAF_VALUE_ID)
            copy_id (&field->value.id, salt, &value.id);
          else if (field->column != NULL && field->column->kind == ISAF_COLUMN_VILLAGE_CODE
                   && value.type == ISAF_VALUE_TEXT)
            value.text = (char *) move_village (from, to, field->value.text);
          added = isaf_wire_row_add_field (copy, field->name, &value);
          added->hlc = field->hlc;
          added->node = field->node;
          added->has_base = field->has_base;
          added->base_hlc = field->base_hlc;
          added->base_node = field->base_node;
        }
      g_ptr_array_add (copies, copy);
    }
  return copies;
}

GPtrArray *
bench_communes (void)
{
  IsafGazetteer *gazetteer = isaf_gazetteer_get_default ();
  g_autoptr(GPtrArray) provinces = isaf_gazetteer_children (gazetteer, NULL);
  GPtrArray *communes = g_ptr_array_new_with_free_func (g_free);

  for (guint p = 0; p < provinces->len; p++)
    {
      const IsafGazetteerEntry *province = provinces->pdata[p];
      g_autoptr(GPtrArray) districts = isaf_gazetteer_children (gazetteer, province->code);

      for (guint d = 0; d < districts->len; d++)
        {
          const IsafGazetteerEntry *district = districts->pdata[d];
          g_autoptr(GPtrArray) units = isaf_gazetteer_children (gazetteer, district->code);

          for (guint c = 0; c < units->len; c++)
            g_ptr_array_add (communes,
                             g_strdup (((const IsafGazetteerEntry *) units->pdata[c])->code));
        }
    }
  return communes;
}

guint
bench_count_fields (GPtrArray *rows)
{
  guint n = 0;

  for (guint i = 0; i < rows->len; i++)
    n += ((IsafWireRow *) rows->pdata[i])->fields->len;
  return n;
}

GBytes *
bench_push_body (IsafWirePush *push)
{
  g_autoptr(GBytes) json = isaf_wire_push_encode (push);
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1);
  g_autoptr(GInputStream) raw = g_memory_input_stream_new_from_bytes (json);
  g_autoptr(GInputStream) stream = g_converter_input_stream_new (raw, G_CONVERTER (compressor));
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  if (g_output_stream_splice (out, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE
                                           | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                              NULL, &error) < 0)
    g_error ("gzip: %s", error->message);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

SoupMessage *
bench_message_new (BenchServer *server,
                   const char  *method,
                   const char  *path,
                   BenchDevice *device,
                   GBytes      *gzip_body)
{
  g_autofree char *uri = g_strconcat (server->uri, path, NULL);
  SoupMessage *message = soup_message_new (method, uri);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);

  /* A push may be sent again (batch_seq and the receipts make it so): libsoup may then send it
   * on a connection kept open, as nginx does with its keepalive connections to isaf-server,
   * instead of opening one for each POST. */
  soup_message_add_flags (message, SOUP_MESSAGE_IDEMPOTENT);
  soup_message_headers_replace (headers, "Authorization", device->authorization);
  if (gzip_body != NULL)
    {
      soup_message_headers_replace (headers, "Content-Encoding", "gzip");
      soup_message_set_request_body_from_bytes (message, "application/json", gzip_body);
    }
  return message;
}

/* The server logs a line for every request ("POST /v1/sync/push 200"); the benchmarks count
 * the answers themselves. */
static GLogWriterOutput
drop_request_logs_cb (GLogLevelFlags   log_level,
                      const GLogField *fields,
                      gsize            n_fields,
                      gpointer         user_data)
{
  const char *domain = NULL, *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
      domain = fields[i].value;
    else if (g_str_equal (fields[i].key, "MESSAGE"))
      message = fields[i].value;
  if ((log_level & G_LOG_LEVEL_MESSAGE) && g_strcmp0 (domain, "isaf-server") == 0
      && message != NULL && strstr (message, " /v1/") != NULL)
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

void
bench_drop_request_logs (void)
{
  g_log_set_writer_func (drop_request_logs_cb, NULL, NULL);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

double
bench_median (double *values,
              guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return values[n / 2];
}

double
bench_percentile (double *values,
                  guint   n,
                  double  fraction)
{
  guint index;

  qsort (values, n, sizeof (double), compare_doubles);
  index = (guint) (fraction * n);
  return values[MIN (index, n - 1)];
}
