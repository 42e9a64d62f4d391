/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "isaf-dump.h"
#include "isaf-pg.h"
#include "isaf-server-dump.h"
#include "isaf-server-devices.h"
#include "isaf-server-http.h"
#include "isaf-server-schema.h"
#include "isaf-test-server.h"

struct _IsafTestServer
{
  IsafTestPg *pg;
  IsafServerConfig *config;
  GBytes *token_secret;
  GThread *thread;
  GMainContext *context;
  GMainLoop *loop;
  IsafServerHttp *http;
  guint16 port;
  GMutex lock;
  GCond ready;
  gboolean started;
  SoupSession *session;
};

static gpointer
serve_thread (gpointer data)
{
  IsafTestServer *server = data;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (server->context);
  server->http = isaf_server_http_new (server->config, server->token_secret);
  if (!isaf_server_http_listen (server->http, "127.0.0.1:0", &error))
    g_error ("isaf-server cannot listen: %s", error->message);

  g_mutex_lock (&server->lock);
  server->port = isaf_server_http_get_port (server->http);
  server->started = TRUE;
  g_cond_signal (&server->ready);
  g_mutex_unlock (&server->lock);

  g_main_loop_run (server->loop);
  isaf_server_http_stop (server->http);
  /* Requests still in flight end before the server goes. */
  while (isaf_server_http_get_n_in_flight (server->http) > 0)
    g_main_context_iteration (server->context, TRUE);
  g_clear_object (&server->http);
  g_main_context_pop_thread_default (server->context);
  return NULL;
}

IsafTestServer *
isaf_test_server_start (void)
{
  IsafTestServer *server = g_new0 (IsafTestServer, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *owner = NULL;
  g_autoptr(PGconn) conn = NULL;
  guint8 secret[32];

  server->pg = isaf_test_pg_start (&error);
  g_assert_no_error (error);
  owner = isaf_test_pg_conninfo (server->pg, "isaf_owner", "isaf");
  conn = isaf_pg_connect (owner, &error);
  g_assert_no_error (error);
  g_assert_true (isaf_server_schema_migrate (conn, "isaf_api", NULL, &error));
  g_assert_no_error (error);

  server->config = isaf_server_config_new ();
  g_free (server->config->pg);
  server->config->pg = isaf_test_pg_conninfo (server->pg, "isaf_api", "isaf");
  for (guint i = 0; i < sizeof secret; i++)
    secret[i] = g_random_int_range (0, 256);
  server->token_secret = g_bytes_new (secret, sizeof secret);

  g_mutex_init (&server->lock);
  g_cond_init (&server->ready);
  server->context = g_main_context_new ();
  server->loop = g_main_loop_new (server->context, FALSE);
  server->thread = g_thread_new ("isaf-server", serve_thread, server);
  g_mutex_lock (&server->lock);
  while (!server->started)
    g_cond_wait (&server->ready, &server->lock);
  g_mutex_unlock (&server->lock);

  server->session = soup_session_new_with_options ("timeout", 60, NULL);
  return server;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
isaf_test_server_stop (IsafTestServer *server)
{
  if (server == NULL)
    return;
  g_clear_object (&server->session);
  g_main_context_invoke (server->context, quit_cb, server->loop);
  g_thread_join (server->thread);
  g_main_loop_unref (server->loop);
  g_main_context_unref (server->context);
  g_mutex_clear (&server->lock);
  g_cond_clear (&server->ready);
  isaf_server_config_free (server->config);
  g_bytes_unref (server->token_secret);
  isaf_test_pg_stop (server->pg);
  g_free (server);
}

IsafTestPg *
isaf_test_server_get_pg (IsafTestServer *server)
{
  return server->pg;
}

guint16
isaf_test_server_get_port (IsafTestServer *server)
{
  return server->port;
}

char *
isaf_test_server_dup_url (IsafTestServer *server)
{
  return g_strdup_printf ("http://127.0.0.1:%u", server->port);
}

IsafServerConfig *
isaf_test_server_get_config (IsafTestServer *server)
{
  return server->config;
}

PGconn *
isaf_test_server_connect_api (IsafTestServer *server)
{
  g_autoptr(GError) error = NULL;
  PGconn *conn = isaf_pg_connect (server->config->pg, &error);

  g_assert_no_error (error);
  return conn;
}

PGconn *
isaf_test_server_connect_superuser (IsafTestServer *server)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *conninfo = isaf_test_pg_superuser_conninfo (server->pg);
  PGconn *conn = isaf_pg_connect (conninfo, &error);

  g_assert_no_error (error);
  return conn;
}

static PGresult *
query_valist (IsafTestServer *server,
              const char     *sql,
              va_list         args)
{
  g_autoptr(PGconn) conn = isaf_test_server_connect_superuser (server);
  g_autoptr(GPtrArray) params = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *param;
  PGresult *result;

  while ((param = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (params, (gpointer) param);
  result = isaf_pg_query (conn, sql, params->len, (const char * const *) params->pdata, &error);
  g_assert_no_error (error);
  return result;
}

static char *
dup_only_value (PGresult *result)
{
  g_assert_cmpint (PQntuples (result), ==, 1);
  return PQgetisnull (result, 0, 0) ? NULL : g_strdup (PQgetvalue (result, 0, 0));
}

PGresult *
isaf_test_server_query (IsafTestServer *server,
                        const char     *sql,
                        ...)
{
  PGresult *result;
  va_list args;

  va_start (args, sql);
  result = query_valist (server, sql, args);
  va_end (args);
  return result;
}

char *
isaf_test_server_query_text (IsafTestServer *server,
                             const char     *sql,
                             ...)
{
  g_autoptr(PGresult) result = NULL;
  va_list args;

  va_start (args, sql);
  result = query_valist (server, sql, args);
  va_end (args);
  return dup_only_value (result);
}

gint64
isaf_test_server_query_int (IsafTestServer *server,
                            const char     *sql,
                            ...)
{
  g_autoptr(PGresult) result = NULL;
  g_autofree char *value = NULL;
  va_list args;

  va_start (args, sql);
  result = query_valist (server, sql, args);
  va_end (args);
  value = dup_only_value (result);
  g_assert_nonnull (value);
  return g_ascii_strtoll (value, NULL, 10);
}

char *
isaf_test_server_query_value (IsafTestServer *server,
                              const char     *sql)
{
  return isaf_test_server_query_text (server, sql, NULL);
}

gint64
isaf_test_server_assert_receipts (IsafTestServer *server,
                                  const char     *device_id)
{
  gint64 last_batch_seq = isaf_test_server_query_int (server, "SELECT last_batch_seq FROM device "
                                                              "WHERE id = $1", device_id, NULL);

  g_assert_cmpint (isaf_test_server_query_int (server, "SELECT count (*) FROM push_receipt "
                                                       "WHERE device_id = $1", device_id, NULL),
                   ==, last_batch_seq);
  g_assert_cmpint (isaf_test_server_query_int (server, "SELECT coalesce (max (batch_seq), 0) "
                                                       "FROM push_receipt WHERE device_id = $1",
                                               device_id, NULL),
                   ==, last_batch_seq);
  return last_batch_seq;
}

char *
isaf_test_server_write_config (IsafTestServer *server,
                               const char     *dir)
{
  g_autofree char *secret_path = g_build_filename (dir, "token-secret", NULL);
  g_autofree char *config = NULL;
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, "isaf-server.conf", NULL);
  guint8 secret[32];

  for (guint i = 0; i < sizeof secret; i++)
    secret[i] = g_random_int_range (0, 256);
  g_assert_true (g_file_set_contents (secret_path, (const char *) secret, sizeof secret, &error));
  g_assert_no_error (error);
  config = g_strdup_printf ("[server]\nlisten=127.0.0.1:0\npg=%s\ntoken_secret_file=%s\n",
                            server->config->pg, secret_path);
  g_assert_true (g_file_set_contents (path, config, -1, &error));
  g_assert_no_error (error);
  return path;
}

char *
isaf_test_server_new_code (IsafTestServer *server,
                           const char     *commune_id)
{
  g_autoptr(PGconn) conn = isaf_test_server_connect_api (server);
  g_autoptr(GError) error = NULL;
  char *code = isaf_server_enroll_code_new (conn, commune_id, &error);

  g_assert_no_error (error);
  return code;
}

guint
isaf_test_server_request (IsafTestServer *server,
                          const char     *method,
                          const char     *path,
                          const char     *token,
                          GBytes         *body,
                          gboolean        gzip,
                          GBytes        **response)
{
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u%s", server->port, path);
  g_autoptr(SoupMessage) message = soup_message_new (method, uri);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = NULL;

  g_assert_nonnull (message);
  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (headers, "Authorization", authorization);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) sent = NULL;

      if (gzip)
        {
          g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1);
          g_autoptr(GInputStream) raw = g_memory_input_stream_new_from_bytes (body);
          g_autoptr(GInputStream) stream = g_converter_input_stream_new (raw, G_CONVERTER (compressor));
          g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

          g_output_stream_splice (out, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE
                                               | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
          g_assert_no_error (error);
          sent = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
          soup_message_headers_replace (headers, "Content-Encoding", "gzip");
        }
      else
        sent = g_bytes_ref (body);
      soup_message_set_request_body_from_bytes (message, "application/json", sent);
    }

  answer = soup_session_send_and_read (server->session, message, NULL, &error);
  g_assert_no_error (error);
  if (response != NULL)
    *response = g_steal_pointer (&answer);
  return soup_message_get_status (message);
}

void
isaf_test_device_free (IsafTestDevice *device)
{
  if (device == NULL)
    return;
  g_free (device->commune_id);
  g_free (device->secret);
  g_free (device->token);
  g_free (device);
}

IsafTestDevice *
isaf_test_server_enroll (IsafTestServer *server,
                         const char     *commune_id)
{
  IsafTestDevice *device = g_new0 (IsafTestDevice, 1);
  g_autofree char *code = isaf_test_server_new_code (server, commune_id);
  guint8 secret[32];
  IsafWireEnrollRequest enroll = { code, NULL, (char *) "test laptop" };
  IsafWireEnrollReply reply = { 0 };
  IsafWireTokenRequest token_request = { 0 };
  IsafWireTokenReply token = { 0 };
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data;

  for (guint i = 0; i < sizeof secret; i++)
    secret[i] = g_random_int_range (0, 256);
  device->secret = g_base64_encode (secret, sizeof secret);
  enroll.secret = device->secret;
  body = isaf_wire_enroll_request_encode (&enroll);
  g_assert_cmpuint (isaf_test_server_request (server, "POST", "/v1/enroll", NULL, body, FALSE,
                                              &answer), ==, 200);
  data = g_bytes_get_data (answer, &length);
  g_assert_true (isaf_wire_enroll_reply_decode (data, length, &reply, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (reply.commune_id, ==, commune_id);
  device->device_id = reply.device_id;
  device->node_id = reply.node_id;
  device->commune_id = g_strdup (reply.commune_id);
  isaf_wire_enroll_reply_clear (&reply);

  token_request.device_id = device->device_id;
  token_request.secret = device->secret;
  g_clear_pointer (&body, g_bytes_unref);
  g_clear_pointer (&answer, g_bytes_unref);
  body = isaf_wire_token_request_encode (&token_request);
  g_assert_cmpuint (isaf_test_server_request (server, "POST", "/v1/auth/token", NULL, body,
                                              FALSE, &answer), ==, 200);
  data = g_bytes_get_data (answer, &length);
  g_assert_true (isaf_wire_token_reply_decode (data, length, &token, &error));
  g_assert_no_error (error);
  device->token = g_steal_pointer (&token.token);
  isaf_wire_token_reply_clear (&token);
  return device;
}

IsafWirePush *
isaf_test_push_new (IsafTestDevice *device,
                    gint64          batch_seq)
{
  IsafWirePush *push = isaf_wire_push_new ();

  push->proto = ISAF_WIRE_PROTO;
  push->schema = ISAF_SCHEMA_VERSION;
  push->app = g_strdup (PACKAGE_VERSION);
  push->device_id = device->device_id;
  push->batch_seq = batch_seq;
  return push;
}

guint
isaf_test_server_push (IsafTestServer *server,
                       IsafTestDevice *device,
                       IsafWirePush   *push,
                       GBytes        **response)
{
  g_autoptr(GBytes) body = isaf_wire_push_encode (push);

  return isaf_test_server_request (server, "POST", "/v1/sync/push", device->token, body, TRUE,
                                   response);
}

GPtrArray *
isaf_test_server_pull_all (IsafTestServer *server,
                           IsafTestDevice *device,
                           GArray        **conflicts)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) isaf_wire_row_free);
  g_autofree char *cursor = g_strdup ("");
  gboolean more = TRUE;

  if (conflicts != NULL)
    *conflicts = g_array_new (FALSE, TRUE, sizeof (IsafWireConflict));
  while (more)
    {
      g_autofree char *escaped = g_uri_escape_string (cursor, NULL, FALSE);
      g_autofree char *path = g_strdup_printf ("/v1/sync/pull?limit=50&cursor=%s", escaped);
      g_autoptr(GBytes) answer = NULL;
      g_autoptr(IsafWirePullPage) page = NULL;
      g_autoptr(GError) error = NULL;
      gsize length;
      const char *data;

      g_assert_cmpuint (isaf_test_server_request (server, "GET", path, device->token, NULL,
                                                  FALSE, &answer), ==, 200);
      data = g_bytes_get_data (answer, &length);
      page = isaf_wire_pull_page_decode (data, length, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < page->rows->len; i++)
        g_ptr_array_add (rows, g_steal_pointer (&page->rows->pdata[i]));
      g_ptr_array_set_size (page->rows, 0);
      if (conflicts != NULL)
        {
          g_array_append_vals (*conflicts, page->conflicts->data, page->conflicts->len);
          /* The entries moved: the page must not clear them. */
          memset (page->conflicts->data, 0, page->conflicts->len * sizeof (IsafWireConflict));
          g_array_set_size (page->conflicts, 0);
        }
      g_free (cursor);
      cursor = g_strdup (page->next_cursor);
      more = page->has_more;
    }
  return rows;
}

GBytes *
isaf_test_server_dump_commune (IsafTestServer *server,
                               const char     *commune_id)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(PGconn) conn = isaf_test_server_connect_api (server);
  g_autoptr(GError) error = NULL;

  g_assert_true (isaf_server_dump (conn, commune_id, out, &error));
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

GBytes *
isaf_test_laptop_dump (IsafDatabase *database)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (isaf_dump_write (database, out, &error));
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

void
isaf_test_assert_same_bytes (GBytes     *expected,
                             GBytes     *actual,
                             const char *what)
{
  gsize a_length, b_length, i = 0;
  const char *a = g_bytes_get_data (expected, &a_length);
  const char *b = g_bytes_get_data (actual, &b_length);

  while (i < a_length && i < b_length && a[i] == b[i])
    i++;
  if (i < a_length || i < b_length)
    g_error ("%s differ at byte %" G_GSIZE_FORMAT ":\n%.200s\n----\n%.200s", what, i,
             a + MAX (i, 100) - 100, b + MAX (i, 100) - 100);
}
