/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-server"

#include "config.h"

#include <gio/gio.h>
#include <libsoup/soup.h>
#include <poll.h>
#include <string.h>

#include "isaf-pg.h"
#include "isaf-server-api.h"
#include "isaf-server-error.h"
#include "isaf-server-http.h"

/* The HTTP side of isaf-server: libsoup on the main loop takes requests, refuses what is too
 * big or too many before reading it, unpacks gzip bodies within a limit, and hands each request
 * to a pool of worker threads, each with its own PostgreSQL connection, so that no database
 * work ever holds up the loop. The answer comes back to the loop to be sent. */

/* Database connections, one per worker thread. */
#define N_WORKERS 8
/* JSON answers at least this long go gzip-compressed to a client that takes it, as nginx
 * does in front of the server (data/isaf-server/nginx-isaf-server.conf), so that a laptop
 * talking to isaf-server directly pays the same bytes: a page of a pull shrinks about
 * eightfold. Shorter answers, a push's acknowledgement, gain too little for the work. */
#define GZIP_MIN_BYTES 1024
/* Pull pages are repetitive JSON: a low level already takes most of the gain. */
#define GZIP_LEVEL 3

struct _IsafServerHttp
{
  GObject parent_instance;

  const IsafServerConfig *config;
  GBytes *token_secret;
  SoupServer *server;
  GThreadPool *workers;
  /* Where the server runs: answers go back to it. */
  GMainContext *context;
  guint n_in_flight;
  gboolean stopped;
  /* Tells this server's worker connections from those of a server stopped before it in the
   * same process: GLib hands idle pool threads on, with their thread-private data. */
  guint generation;
};

G_DEFINE_FINAL_TYPE (IsafServerHttp, isaf_server_http, G_TYPE_OBJECT)

typedef struct {
  IsafServerHttp *self;
  SoupServerMessage *message;
  IsafServerRequest *request;
  gint64 started;
  gboolean accepts_gzip;
  /* The answer's body was compressed by the worker. */
  gboolean gzipped;
} Job;

typedef struct {
  PGconn *conn;
  guint generation;
} WorkerConnection;

static void
worker_connection_free (WorkerConnection *worker)
{
  PQfinish (worker->conn);
  g_free (worker);
}

static GPrivate worker_connection = G_PRIVATE_INIT ((GDestroyNotify) worker_connection_free);
static guint last_generation;

static void
job_free (Job *job)
{
  g_object_unref (job->self);
  g_object_unref (job->message);
  isaf_server_request_free (job->request);
  g_free (job);
}

/* Between two requests PostgreSQL has nothing to say on a connection but goodbye (a restart,
 * an administrator ending the session): anything to read, or a closed socket, means it is
 * gone, which libpq would only learn when a request failed on it. */
static gboolean
is_idle_and_open (PGconn *conn)
{
  struct pollfd socket = { PQsocket (conn), POLLIN, 0 };

  return PQstatus (conn) == CONNECTION_OK && poll (&socket, 1, 0) == 0;
}

/* The worker's connection to this server's database, made again when it broke. @reused
 * says whether it served an earlier request. */
static PGconn *
worker_connect (IsafServerHttp  *self,
                gboolean        *reused,
                GError         **error)
{
  WorkerConnection *worker = g_private_get (&worker_connection);
  g_autofree char *timeout = NULL;
  PGconn *conn;

  *reused = worker != NULL && worker->generation == self->generation
            && is_idle_and_open (worker->conn);
  if (*reused)
    return worker->conn;

  conn = isaf_pg_connect (self->config->pg, error);
  if (conn == NULL)
    return NULL;
  /* A statement that runs past the request's time limit is cancelled by PostgreSQL. */
  timeout = g_strdup_printf ("%d", self->config->request_timeout_seconds * 1000);
  if (!isaf_pg_exec (conn, "SELECT set_config ('statement_timeout', $1, false)", 1,
                     (const char *[]) { timeout }, error))
    {
      PQfinish (conn);
      return NULL;
    }
  worker = g_new0 (WorkerConnection, 1);
  worker->conn = conn;
  worker->generation = self->generation;
  g_private_replace (&worker_connection, worker);
  return conn;
}

static void
log_request (Job *job)
{
  IsafServerRequest *request = job->request;
  g_autofree char *status = g_strdup_printf ("%u", request->status);
  g_autofree char *duration = g_strdup_printf ("%" G_GINT64_FORMAT,
                                               (g_get_monotonic_time () - job->started) / 1000);

  /* At MESSAGE level, not INFO, which GLib drops unless G_MESSAGES_DEBUG asks for it. The
   * fields are plain strings; MESSAGE, a format and its arguments, must come last. */
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                    "HTTP_METHOD", request->method,
                    "HTTP_PATH", request->path,
                    "HTTP_STATUS", status,
                    "DURATION_MS", duration,
                    "COMMUNE", request->commune_id ? request->commune_id : "",
                    "DEVICE", request->device_id ? request->device_id : "",
                    "ERROR_CODE", request->error_code ? request->error_code : "",
                    "MESSAGE", "%s %s %u", request->method, request->path, request->status);
}

static void
respond (Job *job)
{
  IsafServerRequest *request = job->request;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (job->message);

  if (request->status == 503 || request->status == 429)
    {
      g_autofree char *after = g_strdup_printf ("%d", job->self->config->retry_after_seconds);

      soup_message_headers_replace (headers, "Retry-After", after);
    }
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  if (request->content_range != NULL)
    soup_message_headers_replace (headers, "Content-Range", request->content_range);
  if (request->content_type != NULL)
    soup_message_headers_replace (headers, "Accept-Ranges", "bytes");
  soup_message_headers_replace (headers, "Vary", "Accept-Encoding");
  if (job->gzipped)
    soup_message_headers_replace (headers, "Content-Encoding", "gzip");
  soup_server_message_set_status (job->message, request->status, NULL);
  if (request->response != NULL)
    {
      gsize length;
      const char *data = g_bytes_get_data (request->response, &length);

      soup_server_message_set_response (job->message,
                                        request->content_type ? request->content_type
                                                              : "application/json",
                                        SOUP_MEMORY_COPY, data, length);
    }
  log_request (job);
}

static gboolean
finish_on_loop (gpointer data)
{
  Job *job = data;

  respond (job);
  soup_server_message_unpause (job->message);
  job->self->n_in_flight--;
  job_free (job);
  return G_SOURCE_REMOVE;
}

/* Forgets an answer, before the request is handled again. */
static void
clear_answer (IsafServerRequest *request)
{
  request->status = 0;
  g_clear_pointer (&request->response, g_bytes_unref);
  request->content_type = NULL;
  g_clear_pointer (&request->content_range, g_free);
  g_clear_pointer (&request->commune_id, g_free);
  g_clear_pointer (&request->device_id, g_free);
  g_clear_pointer (&request->error_code, g_free);
}

static GBytes *
gzip_bytes (GBytes *bytes)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP,
                                                                 GZIP_LEVEL);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) stream = g_converter_output_stream_new (memory,
                                                                   G_CONVERTER (compressor));
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  if (!g_output_stream_write_all (stream, data, length, NULL, NULL, NULL)
      || !g_output_stream_close (stream, NULL, NULL))
    return NULL;
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

/* On the worker, not the loop that serves every connection. Files (blobs) go as they are,
 * so that a range of one means bytes of the file. */
static void
compress_answer (Job *job)
{
  IsafServerRequest *request = job->request;
  GBytes *compressed;

  if (!job->accepts_gzip || request->content_type != NULL || request->response == NULL
      || g_bytes_get_size (request->response) < GZIP_MIN_BYTES)
    return;
  compressed = gzip_bytes (request->response);
  if (compressed == NULL)
    return;
  g_bytes_unref (request->response);
  request->response = compressed;
  job->gzipped = TRUE;
}

static void
work (gpointer data,
      gpointer user_data)
{
  Job *job = data;
  g_autoptr(GError) error = NULL;
  gboolean reused;
  PGconn *conn = worker_connect (job->self, &reused, &error);

  if (conn == NULL)
    {
      isaf_server_api_set_error (job->request, error, 0);
      g_main_context_invoke (job->self->context, finish_on_loop, job);
      return;
    }

  isaf_server_api_handle (job->self->config, job->self->token_secret, conn, job->request);
  /* A kept connection cut while the request used it or just before: nothing the request did
   * can have committed on it, and each endpoint may be run again (a push by its receipt), so
   * it goes again on a new connection, once, rather than fail for the laptop. */
  if (reused && PQstatus (conn) == CONNECTION_BAD)
    {
      clear_answer (job->request);
      conn = worker_connect (job->self, &reused, &error);
      if (conn == NULL)
        isaf_server_api_set_error (job->request, error, 0);
      else
        isaf_server_api_handle (job->self->config, job->self->token_secret, conn,
                                job->request);
    }
  compress_answer (job);
  g_main_context_invoke (job->self->context, finish_on_loop, job);
}

static GBytes *
gunzip (GBytes  *compressed,
        gint64   limit,
        GError **error)
{
  g_autoptr(GZlibDecompressor) decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  g_autoptr(GInputStream) raw = g_memory_input_stream_new_from_bytes (compressed);
  g_autoptr(GInputStream) stream = g_converter_input_stream_new (raw, G_CONVERTER (decompressor));
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint8 buffer[16384];

  for (;;)
    {
      gssize n = g_input_stream_read (stream, buffer, sizeof buffer, NULL, error);

      if (n < 0)
        {
          g_prefix_error (error, "the gzip body cannot be read: ");
          if ((*error)->domain != ISAF_SERVER_ERROR)
            {
              g_autofree char *message = g_strdup ((*error)->message);

              g_clear_error (error);
              g_set_error_literal (error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_MALFORMED, message);
            }
          return NULL;
        }
      if (n == 0)
        break;
      /* Checked while unpacking: a small body may unpack to gigabytes. */
      if ((gint64) out->len + n > limit)
        {
          g_set_error (error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_TOO_LARGE,
                       "the body unpacks to more than %" G_GINT64_FORMAT " bytes", limit);
          return NULL;
        }
      g_byte_array_append (out, buffer, n);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static GHashTable *
copy_query (GHashTable *query)
{
  GHashTable *copy;
  GHashTableIter iter;
  gpointer key, value;

  if (query == NULL)
    return NULL;
  copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_iter_init (&iter, query);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy, g_strdup (key), g_strdup (value));
  return copy;
}

/* Answers at once, without a worker: refusals before any work. */
static void
refuse (IsafServerHttp    *self,
        SoupServerMessage *message,
        Job               *job,
        const GError      *error)
{
  isaf_server_api_set_error (job->request, error, 0);
  respond (job);
  job_free (job);
}

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *message,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  IsafServerHttp *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  const char *encoding = soup_message_headers_get_one (headers, "Content-Encoding");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  Job *job = g_new0 (Job, 1);

  job->self = g_object_ref (self);
  job->message = g_object_ref (message);
  job->started = g_get_monotonic_time ();
  job->request = g_new0 (IsafServerRequest, 1);
  job->request->method = g_strdup (soup_server_message_get_method (message));
  job->request->path = g_strdup (path);
  job->request->query = copy_query (query);
  job->request->authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  job->request->proto = g_strdup (soup_message_headers_get_one (headers, "X-Sync-Proto"));
  job->request->range = g_strdup (soup_message_headers_get_one (headers, "Range"));
  job->request->part_range = g_strdup (soup_message_headers_get_one (headers, "Content-Range"));
  job->accepts_gzip = soup_message_headers_header_contains (headers, "Accept-Encoding", "gzip");

  if (self->stopped || self->n_in_flight >= (guint) self->config->max_concurrent_requests)
    {
      g_set_error_literal (&error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_OVERLOADED,
                           "the server is busy; try again later");
      refuse (self, message, job, error);
      return;
    }

  body = soup_message_body_flatten (soup_server_message_get_request_body (message));
  if (g_bytes_get_size (body) > (gsize) self->config->max_body_bytes)
    {
      g_set_error (&error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_TOO_LARGE,
                   "the body is larger than %" G_GINT64_FORMAT " bytes",
                   self->config->max_body_bytes);
      refuse (self, message, job, error);
      return;
    }
  if (encoding != NULL && g_ascii_strcasecmp (encoding, "gzip") == 0)
    {
      job->request->body = gunzip (body, self->config->max_decompressed_bytes, &error);
      if (job->request->body == NULL)
        {
          refuse (self, message, job, error);
          return;
        }
    }
  else if (encoding != NULL && g_ascii_strcasecmp (encoding, "identity") != 0)
    {
      g_set_error (&error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_MALFORMED,
                   "Content-Encoding %s is not understood; send gzip", encoding);
      refuse (self, message, job, error);
      return;
    }
  else if (g_bytes_get_size (body) > (gsize) self->config->max_decompressed_bytes)
    {
      g_set_error (&error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_TOO_LARGE,
                   "the body is larger than %" G_GINT64_FORMAT " bytes",
                   self->config->max_decompressed_bytes);
      refuse (self, message, job, error);
      return;
    }
  else
    job->request->body = g_steal_pointer (&body);

  self->n_in_flight++;
  soup_server_message_pause (message);
  g_thread_pool_push (self->workers, job, NULL);
}

/* A body past the limit, refused with the error reply; libsoup then skips the handler. It
 * still reads the body to its end before it answers, unless the client sent "Expect:
 * 100-continue": what is left of the body is dropped as it comes, never kept. */
static void
refuse_too_large (IsafServerHttp    *self,
                  SoupServerMessage *message)
{
  g_autoptr(IsafServerRequest) request = g_new0 (IsafServerRequest, 1);
  g_autoptr(GError) error = NULL;
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  gsize length;
  const char *data;

  g_set_error (&error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_TOO_LARGE,
               "the body is larger than %" G_GINT64_FORMAT " bytes", self->config->max_body_bytes);
  isaf_server_api_set_error (request, error, 0);
  data = g_bytes_get_data (request->response, &length);
  soup_server_message_set_status (message, request->status, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY, data, length);
  soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                "Connection", "close");
  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_truncate (body);
}

/* A body without a length (chunked) is counted as it comes. */
static void
on_request_chunk_cb (SoupServerMessage *message,
                     GBytes            *chunk,
                     gpointer           user_data)
{
  IsafServerHttp *self = user_data;

  if (soup_server_message_get_status (message) == 0
      && soup_server_message_get_request_body (message)->length > self->config->max_body_bytes)
    refuse_too_large (self, message);
}

/* Before the body is read: one that says it is too large is refused from its length. */
static void
on_early_request_cb (SoupServer        *server,
                     SoupServerMessage *message,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  IsafServerHttp *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
      && soup_message_headers_get_content_length (headers) > self->config->max_body_bytes)
    refuse_too_large (self, message);
  else
    g_signal_connect (message, "got-chunk", G_CALLBACK (on_request_chunk_cb), self);
}

static void
isaf_server_http_finalize (GObject *object)
{
  IsafServerHttp *self = ISAF_SERVER_HTTP (object);

  if (self->workers != NULL)
    g_thread_pool_free (self->workers, FALSE, TRUE);
  g_clear_object (&self->server);
  g_clear_pointer (&self->token_secret, g_bytes_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  G_OBJECT_CLASS (isaf_server_http_parent_class)->finalize (object);
}

static void
isaf_server_http_class_init (IsafServerHttpClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = isaf_server_http_finalize;
}

static void
isaf_server_http_init (IsafServerHttp *self)
{
}

/**
 * isaf_server_http_new:
 * @config: the settings; must outlive the server
 * @token_secret: the key that signs access tokens
 *
 * The server runs on the thread-default main context of the caller, which must be the
 * context of the thread that calls isaf_server_http_listen() and runs the loop.
 *
 * Returns: (transfer full): a server, not listening yet
 */
IsafServerHttp *
isaf_server_http_new (const IsafServerConfig *config,
                      GBytes                 *token_secret)
{
  IsafServerHttp *self = g_object_new (ISAF_TYPE_SERVER_HTTP, NULL);

  self->config = config;
  self->context = g_main_context_ref_thread_default ();
  self->token_secret = g_bytes_ref (token_secret);
  self->server = soup_server_new ("server-header", "isaf-server", NULL);
  self->generation = g_atomic_int_add (&last_generation, 1) + 1;
  self->workers = g_thread_pool_new (work, self, N_WORKERS, FALSE, NULL);
  soup_server_add_early_handler (self->server, NULL, on_early_request_cb, self, NULL);
  soup_server_add_handler (self->server, NULL, on_request_cb, self, NULL);
  return self;
}

/* Many laptops come back at once after an outage: a deep listen queue keeps their
 * connections from being reset before the server accepts them (GLib's default is 10). */
#define LISTEN_BACKLOG 1024

gboolean
isaf_server_http_listen (IsafServerHttp  *self,
                         const char      *host_port,
                         GError         **error)
{
  g_autoptr(GSocketConnectable) address = NULL;
  g_autoptr(GSocketAddressEnumerator) addresses = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GSocket) listener = NULL;

  address = g_network_address_parse (host_port, 8470, error);
  if (address == NULL)
    return FALSE;
  addresses = g_socket_connectable_enumerate (address);
  socket_address = g_socket_address_enumerator_next (addresses, NULL, error);
  if (socket_address == NULL)
    return FALSE;
  listener = g_socket_new (g_socket_address_get_family (socket_address), G_SOCKET_TYPE_STREAM,
                           G_SOCKET_PROTOCOL_TCP, error);
  if (listener == NULL)
    return FALSE;
  g_socket_set_listen_backlog (listener, LISTEN_BACKLOG);
  return g_socket_bind (listener, socket_address, TRUE, error)
         && g_socket_listen (listener, error)
         && soup_server_listen_socket (self->server, listener, 0, error);
}

guint16
isaf_server_http_get_port (IsafServerHttp *self)
{
  g_autoslist(GUri) uris = soup_server_get_uris (self->server);

  return uris ? g_uri_get_port (uris->data) : 0;
}

/* Closes the listening sockets only: soup_server_disconnect() would also cut the connections
 * of requests still in flight, whose answers are then lost although their work committed.
 * Requests that still arrive on open connections are refused (503, Retry-After); the
 * connections go with the server. */
void
isaf_server_http_stop (IsafServerHttp *self)
{
  GSList *listeners = soup_server_get_listeners (self->server);

  self->stopped = TRUE;
  for (GSList *l = listeners; l != NULL; l = l->next)
    g_socket_close (l->data, NULL);
  g_slist_free (listeners);
}

guint
isaf_server_http_get_n_in_flight (IsafServerHttp *self)
{
  return self->n_in_flight;
}
