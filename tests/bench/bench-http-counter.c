/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-bench"

#include "config.h"

#include <gio/gio.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>

#include "bench-http-counter.h"

/* Each connection from a client gets one to the server. Requests go through on the service's
 * thread for the connection, answers on a thread of their own, so either side may send at
 * any time. Each direction reads one message at a time: the head line by line, then the body
 * by its Content-Length or its chunks, or to the end of the connection for an answer that has
 * neither. */

#define COPY_BUFFER_BYTES 65536
/* nginx-isaf-server.conf: gzip_comp_level and gzip_min_length */
#define NGINX_GZIP_LEVEL 5
#define NGINX_GZIP_MIN_LENGTH 1024

struct _BenchHttpCounter
{
  guint16 upstream_port;
  guint16 port;
  GThread *thread;
  GMainContext *context;
  GMainLoop *loop;
  GSocketService *service;

  GMutex lock;
  GCond changed;
  gboolean ready;
  guint open_connections;
  BenchHttpCounts counts;
};

/* One direction of one connection. */
typedef struct {
  BenchHttpCounter *self;
  gboolean answers;
  GInputStream *from;
  GOutputStream *to;
  /* Whose sending side closes when @from ends */
  GSocket *to_socket;
  /* For the answer being passed on, if nginx would compress it */
  GConverter *nginx_gzip;
} Direction;

static void
count_message (Direction *direction,
               gsize      head_bytes)
{
  BenchHttpCounts *counts = &direction->self->counts;

  g_mutex_lock (&direction->self->lock);
  if (direction->answers)
    {
      counts->responses++;
      counts->response_head_bytes += head_bytes;
    }
  else
    {
      counts->requests++;
      counts->request_head_bytes += head_bytes;
    }
  g_mutex_unlock (&direction->self->lock);
}

/* How many bytes @compressor makes of @data; with @last, of the end of the stream too. */
static guint64
compressed_size (GConverter *compressor,
                 const char *data,
                 gsize       length,
                 gboolean    last)
{
  char buffer[COPY_BUFFER_BYTES];
  guint64 size = 0;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gsize read = 0, written = 0;
      GConverterResult result = g_converter_convert (compressor, data, length, buffer,
                                                     sizeof buffer,
                                                     last ? G_CONVERTER_INPUT_AT_END
                                                          : G_CONVERTER_NO_FLAGS,
                                                     &read, &written, &error);

      if (result == G_CONVERTER_ERROR)
        g_error ("counting gzip bytes: %s", error->message);
      size += written;
      data += read;
      length -= read;
      if (result == G_CONVERTER_FINISHED || (length == 0 && !last))
        return size;
    }
}

/* @bytes of a body, @last when they end it; @data is NULL for chunk framing, which nginx
 * would have too (its own chunks, about as long). Counted before they are passed on, the end
 * of the compressed stream included. */
static void
count_body (Direction  *direction,
            const char *data,
            gsize       bytes,
            gboolean    last)
{
  BenchHttpCounts *counts = &direction->self->counts;
  guint64 through_nginx = bytes;

  if (direction->nginx_gzip != NULL && data != NULL)
    {
      through_nginx = compressed_size (direction->nginx_gzip, data, bytes, last);
      if (last)
        g_clear_object (&direction->nginx_gzip);
    }
  g_mutex_lock (&direction->self->lock);
  if (direction->answers)
    {
      counts->response_body_bytes += bytes;
      counts->response_body_bytes_through_nginx += through_nginx;
    }
  else
    counts->request_body_bytes += bytes;
  g_mutex_unlock (&direction->self->lock);
}

/* The compressed stream's end, its last block and the gzip trailer, when the body's end was
 * not known as it was read. */
static void
finish_nginx_gzip (Direction *direction)
{
  guint64 tail;

  if (direction->nginx_gzip == NULL)
    return;
  tail = compressed_size (direction->nginx_gzip, NULL, 0, TRUE);
  g_clear_object (&direction->nginx_gzip);
  g_mutex_lock (&direction->self->lock);
  direction->self->counts.response_body_bytes_through_nginx += tail;
  g_mutex_unlock (&direction->self->lock);
}

/* A line with its CRLF, counted as body (chunk framing) and passed on. */
static char *
relay_body_line (Direction        *direction,
                 GDataInputStream *in)
{
  gsize length;
  char *line = g_data_input_stream_read_line (in, &length, NULL, NULL);

  if (line == NULL)
    return NULL;
  count_body (direction, NULL, length + 2, FALSE);
  if (!g_output_stream_write_all (direction->to, line, length, NULL, NULL, NULL)
      || !g_output_stream_write_all (direction->to, "\r\n", 2, NULL, NULL, NULL))
    g_clear_pointer (&line, g_free);
  return line;
}

/* @length bytes, or everything up to the end of the stream when @to_end; @ends_body when
 * they are the last of the body. */
static gboolean
relay_bytes (Direction    *direction,
             GInputStream *in,
             guint64       length,
             gboolean      to_end,
             gboolean      ends_body)
{
  g_autofree char *buffer = g_malloc (COPY_BUFFER_BYTES);

  while (to_end || length > 0)
    {
      gsize wanted = to_end ? COPY_BUFFER_BYTES : MIN (length, COPY_BUFFER_BYTES);
      gssize n = g_input_stream_read (in, buffer, wanted, NULL, NULL);

      if (n <= 0)
        return FALSE;
      if (!to_end)
        length -= n;
      count_body (direction, buffer, n, !to_end && length == 0 && ends_body);
      if (!g_output_stream_write_all (direction->to, buffer, n, NULL, NULL, NULL))
        return FALSE;
    }
  return TRUE;
}

static gboolean
relay_chunks (Direction        *direction,
              GDataInputStream *in)
{
  for (;;)
    {
      g_autofree char *size_line = relay_body_line (direction, in);
      guint64 size;

      if (size_line == NULL)
        return FALSE;
      size = g_ascii_strtoull (size_line, NULL, 16);
      if (size == 0)
        break;
      if (!relay_bytes (direction, G_INPUT_STREAM (in), size, FALSE, FALSE))
        return FALSE;
      g_free (relay_body_line (direction, in));
    }
  /* Trailers, up to the empty line that ends the message */
  finish_nginx_gzip (direction);
  for (;;)
    {
      g_autofree char *trailer = relay_body_line (direction, in);

      if (trailer == NULL)
        return FALSE;
      if (trailer[0] == '\0')
        return TRUE;
    }
}

/* One message; FALSE when the connection ended or failed. */
static gboolean
relay_message (Direction        *direction,
               GDataInputStream *in)
{
  g_autoptr(GString) head = g_string_new (NULL);
  gboolean chunked = FALSE, has_length = FALSE, no_body = FALSE, json = FALSE, encoded = FALSE;
  guint64 length = 0;
  gboolean more;

  for (guint n = 0;; n++)
    {
      gsize line_length;
      g_autofree char *line = g_data_input_stream_read_line (in, &line_length, NULL, NULL);

      if (line == NULL)
        return FALSE;
      g_string_append_len (head, line, line_length);
      g_string_append (head, "\r\n");
      if (n == 0 && direction->answers)
        {
          /* "HTTP/1.1 204 No Content": informational answers, 204 and 304 have no body. */
          int status = line_length > 12 ? atoi (line + 9) : 0;

          no_body = (status >= 100 && status < 200) || status == 204 || status == 304;
        }
      else if (line_length == 0)
        break;
      else if (g_ascii_strncasecmp (line, "Content-Length:", 15) == 0)
        {
          has_length = TRUE;
          length = g_ascii_strtoull (line + 15, NULL, 10);
        }
      else if (g_ascii_strncasecmp (line, "Transfer-Encoding:", 18) == 0)
        chunked = strstr (line + 18, "chunked") != NULL;
      else if (g_ascii_strncasecmp (line, "Content-Type:", 13) == 0)
        json = strstr (line + 13, "application/json") != NULL;
      else if (g_ascii_strncasecmp (line, "Content-Encoding:", 17) == 0)
        encoded = strstr (line + 17, "identity") == NULL;
    }

  count_message (direction, head->len);
  if (!g_output_stream_write_all (direction->to, head->str, head->len, NULL, NULL, NULL))
    return FALSE;

  if (no_body)
    return TRUE;
  if (direction->answers && json && !encoded && (!has_length || length >= NGINX_GZIP_MIN_LENGTH))
    direction->nginx_gzip = G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP,
                                                                NGINX_GZIP_LEVEL));
  if (chunked)
    more = relay_chunks (direction, in);
  else if (has_length)
    more = relay_bytes (direction, G_INPUT_STREAM (in), length, FALSE, TRUE);
  /* A request without either has no body; an answer runs to the end of the connection. */
  else if (!direction->answers)
    more = TRUE;
  else
    {
      relay_bytes (direction, G_INPUT_STREAM (in), 0, TRUE, TRUE);
      more = FALSE;
    }
  finish_nginx_gzip (direction);
  return more;
}

static gpointer
relay_direction (gpointer data)
{
  Direction *direction = data;
  g_autoptr(GDataInputStream) in = g_data_input_stream_new (direction->from);

  g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (in), FALSE);
  while (relay_message (direction, in))
    ;
  g_socket_shutdown (direction->to_socket, FALSE, TRUE, NULL);
  return NULL;
}

/* Heads and bodies are written separately: without this, Nagle's algorithm would hold a body
 * back until the head is acknowledged. */
static void
set_no_delay (GSocketConnection *connection)
{
  g_socket_set_option (g_socket_connection_get_socket (connection), IPPROTO_TCP, TCP_NODELAY, 1,
                       NULL);
}

static gboolean
run_cb (GThreadedSocketService *service,
        GSocketConnection      *client,
        GObject                *source,
        gpointer                data)
{
  BenchHttpCounter *self = data;
  g_autoptr(GSocketClient) connector = g_socket_client_new ();
  g_autoptr(GSocketConnection) upstream = NULL;
  g_autoptr(GError) error = NULL;
  Direction requests, answers;
  GThread *thread;

  upstream = g_socket_client_connect_to_host (connector, "127.0.0.1", self->upstream_port, NULL,
                                              &error);
  if (upstream == NULL)
    {
      g_warning ("The counting relay cannot reach the server: %s", error->message);
      return TRUE;
    }
  set_no_delay (client);
  set_no_delay (upstream);

  g_mutex_lock (&self->lock);
  self->open_connections++;
  g_mutex_unlock (&self->lock);

  requests = (Direction) {
    self, FALSE, g_io_stream_get_input_stream (G_IO_STREAM (client)),
    g_io_stream_get_output_stream (G_IO_STREAM (upstream)),
    g_socket_connection_get_socket (upstream),
  };
  answers = (Direction) {
    self, TRUE, g_io_stream_get_input_stream (G_IO_STREAM (upstream)),
    g_io_stream_get_output_stream (G_IO_STREAM (client)),
    g_socket_connection_get_socket (client),
  };
  thread = g_thread_new ("bench-http-answers", relay_direction, &answers);
  relay_direction (&requests);
  /* The client has gone: nothing the server could still send would be read. */
  g_socket_shutdown (g_socket_connection_get_socket (upstream), TRUE, TRUE, NULL);
  g_thread_join (thread);
  g_io_stream_close (G_IO_STREAM (upstream), NULL, NULL);
  g_io_stream_close (G_IO_STREAM (client), NULL, NULL);

  g_mutex_lock (&self->lock);
  self->open_connections--;
  g_cond_broadcast (&self->changed);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

static gpointer
listen_thread (gpointer data)
{
  BenchHttpCounter *self = data;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (self->context);
  self->service = g_threaded_socket_service_new (16);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL, &bound,
                                      &error))
    g_error ("The counting relay cannot listen: %s", error->message);
  g_signal_connect (self->service, "run", G_CALLBACK (run_cb), self);
  g_socket_service_start (self->service);

  g_mutex_lock (&self->lock);
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  self->ready = TRUE;
  g_cond_broadcast (&self->changed);
  g_mutex_unlock (&self->lock);

  g_main_loop_run (self->loop);
  g_socket_service_stop (self->service);
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));
  g_clear_object (&self->service);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

BenchHttpCounter *
bench_http_counter_new (guint16 upstream_port)
{
  BenchHttpCounter *self = g_new0 (BenchHttpCounter, 1);

  self->upstream_port = upstream_port;
  g_mutex_init (&self->lock);
  g_cond_init (&self->changed);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("bench-http-counter", listen_thread, self);
  g_mutex_lock (&self->lock);
  while (!self->ready)
    g_cond_wait (&self->changed, &self->lock);
  g_mutex_unlock (&self->lock);
  return self;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
bench_http_counter_free (BenchHttpCounter *self)
{
  if (self == NULL)
    return;
  g_main_context_invoke (self->context, quit_cb, self->loop);
  g_thread_join (self->thread);
  g_mutex_lock (&self->lock);
  while (self->open_connections > 0)
    g_cond_wait (&self->changed, &self->lock);
  g_mutex_unlock (&self->lock);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->changed);
  g_free (self);
}

char *
bench_http_counter_dup_url (BenchHttpCounter *self)
{
  return g_strdup_printf ("http://127.0.0.1:%u", self->port);
}

void
bench_http_counter_take_counts (BenchHttpCounter *self,
                                BenchHttpCounts  *counts)
{
  g_mutex_lock (&self->lock);
  *counts = self->counts;
  memset (&self->counts, 0, sizeof self->counts);
  g_mutex_unlock (&self->lock);
}

guint64
bench_http_counts_bodies (const BenchHttpCounts *counts)
{
  return counts->request_body_bytes + counts->response_body_bytes;
}

guint64
bench_http_counts_bodies_through_nginx (const BenchHttpCounts *counts)
{
  return counts->request_body_bytes + counts->response_body_bytes_through_nginx;
}

guint64
bench_http_counts_total (const BenchHttpCounts *counts)
{
  return counts->request_head_bytes + counts->response_head_bytes
         + bench_http_counts_bodies (counts);
}
