/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-fault-proxy"

#include "config.h"

#include <gio/gio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "isaf-fault-proxy.h"

/* The listening socket lives on the proxy's own thread and main context; each client
 * connection is served on a thread of its own with blocking I/O, one request after the other
 * (keep-alive), each forwarded on a fresh connection to the server. Bytes pass through
 * unchanged: the proxy parses heads only to find where a message ends (libsoup's server
 * answers with Content-Length; chunked and close-delimited answers are read too). Shutting
 * down cancels every blocking read and wakes every held answer. A server that does not answer
 * a forwarded request is a failure of the test (a warning, fatal under g_test_init ()). */

#define MAX_HEAD_BYTES (64 * 1024)
/* The server answers in far less; a hang fails the test instead of blocking it forever. */
#define UPSTREAM_TIMEOUT_SECONDS 120
#define DEFAULT_DELAY_MS 5000

struct _IsafFaultProxy
{
  guint16 upstream_port;
  guint16 port;

  GThread *thread;
  GMainContext *context;
  GMainLoop *loop;
  GSocketService *service;
  /* Cancelled at shutdown: every blocking read and write of the workers takes it. */
  GCancellable *cancellable;

  /* Everything below, under the lock. */
  GMutex lock;
  GCond changed;
  gboolean started;
  gboolean stopping;
  guint n_connections;
  GPtrArray *rules;
  GRand *rand;
  guint delay_ms;
  IsafFaultCounts counts;
};

typedef struct {
  IsafFaultRule rule;
  char *path_prefix;
  guint taken;
} Rule;

/* Bytes read from a stream and not yet consumed. */
typedef struct {
  GInputStream *stream;
  GByteArray *buffer;
} Reader;

typedef struct {
  GBytes *raw;
  char *method;
  char *target;
  gboolean close;
} Request;

typedef struct {
  GBytes *raw;
  guint status;
  gboolean close;
} Response;

static void
rule_free (Rule *rule)
{
  g_free (rule->path_prefix);
  g_free (rule);
}

static void
request_free (Request *request)
{
  g_bytes_unref (request->raw);
  g_free (request->method);
  g_free (request->target);
  g_free (request);
}

static void
response_free (Response *response)
{
  g_bytes_unref (response->raw);
  g_free (response);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Response, response_free)

static void
reader_init (Reader       *reader,
             GInputStream *stream)
{
  reader->stream = stream;
  reader->buffer = g_byte_array_new ();
}

static void
reader_clear (Reader *reader)
{
  g_clear_pointer (&reader->buffer, g_byte_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reader, reader_clear)

/* Reads what the peer sent next; 0 at the end of the stream. */
static gssize
reader_fill (Reader        *reader,
             GCancellable  *cancellable,
             GError       **error)
{
  guint8 chunk[16384];
  gssize n = g_input_stream_read (reader->stream, chunk, sizeof chunk, cancellable, error);

  if (n > 0)
    g_byte_array_append (reader->buffer, chunk, n);
  return n;
}

static gboolean
reader_fill_more (Reader        *reader,
                  GCancellable  *cancellable,
                  GError       **error)
{
  gssize n = reader_fill (reader, cancellable, error);

  if (n == 0)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                         "the peer closed the connection in the middle of a message");
  return n > 0;
}

/* Moves @n bytes from the front of the buffer to @out. */
static void
reader_take (Reader     *reader,
             gsize       n,
             GByteArray *out)
{
  g_byte_array_append (out, reader->buffer->data, n);
  g_byte_array_remove_range (reader->buffer, 0, n);
}

static gssize
find (const GByteArray *buffer,
      gsize             from,
      const char       *needle)
{
  gsize length = strlen (needle);

  for (gsize i = from; i + length <= buffer->len; i++)
    if (memcmp (buffer->data + i, needle, length) == 0)
      return i;
  return -1;
}

/* The length of the message head at the front of the buffer, blank line included, reading
 * as needed; -1 on error. @idle is set when the peer closed before sending anything. */
static gssize
reader_head (Reader        *reader,
             gboolean      *idle,
             GCancellable  *cancellable,
             GError       **error)
{
  gsize searched = 0;

  *idle = FALSE;
  for (;;)
    {
      gssize end = find (reader->buffer, searched, "\r\n\r\n");
      gssize n;

      if (end >= 0)
        return end + 4;
      searched = reader->buffer->len >= 3 ? reader->buffer->len - 3 : 0;
      if (reader->buffer->len > MAX_HEAD_BYTES)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "a message head is too long");
          return -1;
        }
      n = reader_fill (reader, cancellable, error);
      if (n < 0)
        return -1;
      if (n == 0)
        {
          *idle = reader->buffer->len == 0;
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                               "the peer closed the connection");
          return -1;
        }
    }
}

static gboolean
reader_exact (Reader        *reader,
              gsize          n,
              GByteArray    *out,
              GCancellable  *cancellable,
              GError       **error)
{
  while (reader->buffer->len < n)
    if (!reader_fill_more (reader, cancellable, error))
      return FALSE;
  reader_take (reader, n, out);
  return TRUE;
}

/* One line, CRLF included, into @out; its text without the CRLF in @line. */
static gboolean
reader_line (Reader        *reader,
             GByteArray    *out,
             char         **line,
             GCancellable  *cancellable,
             GError       **error)
{
  gssize end;

  while ((end = find (reader->buffer, 0, "\r\n")) < 0)
    {
      if (reader->buffer->len > MAX_HEAD_BYTES)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "a chunk line is too long");
          return FALSE;
        }
      if (!reader_fill_more (reader, cancellable, error))
        return FALSE;
    }
  *line = g_strndup ((const char *) reader->buffer->data, end);
  reader_take (reader, end + 2, out);
  return TRUE;
}

/* A chunked body, framing included, up to its last chunk and trailer. */
static gboolean
reader_chunked (Reader        *reader,
                GByteArray    *out,
                GCancellable  *cancellable,
                GError       **error)
{
  for (;;)
    {
      g_autofree char *line = NULL;
      char *end = NULL;
      guint64 size;

      if (!reader_line (reader, out, &line, cancellable, error))
        return FALSE;
      size = g_ascii_strtoull (line, &end, 16);
      if (end == line || (*end != '\0' && *end != ';' && *end != ' '))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "bad chunk size “%s”", line);
          return FALSE;
        }
      if (size == 0)
        break;
      if (!reader_exact (reader, size + 2, out, cancellable, error))
        return FALSE;
    }

  /* The trailer, up to its blank line */
  for (;;)
    {
      g_autofree char *line = NULL;

      if (!reader_line (reader, out, &line, cancellable, error))
        return FALSE;
      if (line[0] == '\0')
        return TRUE;
    }
}

static gboolean
reader_to_end (Reader        *reader,
               GByteArray    *out,
               GCancellable  *cancellable,
               GError       **error)
{
  gssize n;

  while ((n = reader_fill (reader, cancellable, error)) > 0)
    ;
  if (n < 0)
    return FALSE;
  reader_take (reader, reader->buffer->len, out);
  return TRUE;
}

static gboolean
wants_close (SoupMessageHeaders *headers,
             SoupHTTPVersion     version)
{
  if (version == SOUP_HTTP_1_0)
    return !soup_message_headers_header_contains (headers, "Connection", "keep-alive");
  return soup_message_headers_header_contains (headers, "Connection", "close");
}

/* The next request of a client, whole; NULL with @idle set when the client closed the
 * connection between requests. */
static Request *
read_request (Reader        *reader,
              gboolean      *idle,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autoptr(GByteArray) raw = g_byte_array_new ();
  g_autofree char *method = NULL;
  g_autofree char *target = NULL;
  SoupHTTPVersion version;
  gssize head_length = reader_head (reader, idle, cancellable, error);
  gboolean ok = TRUE;
  Request *request;
  guint status;

  if (head_length < 0)
    return NULL;
  status = soup_headers_parse_request ((const char *) reader->buffer->data, head_length, headers,
                                       &method, &target, &version);
  if (status != SOUP_STATUS_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "a request head does not parse "
                   "(%u)", status);
      return NULL;
    }
  reader_take (reader, head_length, raw);

  switch (soup_message_headers_get_encoding (headers))
    {
    case SOUP_ENCODING_CONTENT_LENGTH:
      ok = reader_exact (reader, soup_message_headers_get_content_length (headers), raw,
                         cancellable, error);
      break;
    case SOUP_ENCODING_CHUNKED:
      ok = reader_chunked (reader, raw, cancellable, error);
      break;
    default:
      break;
    }
  if (!ok)
    return NULL;

  request = g_new0 (Request, 1);
  request->raw = g_byte_array_free_to_bytes (g_steal_pointer (&raw));
  request->method = g_steal_pointer (&method);
  request->target = g_steal_pointer (&target);
  request->close = wants_close (headers, version);
  return request;
}

/* The server's whole answer to a request with @method. */
static Response *
read_response (Reader        *reader,
               const char    *method,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GByteArray) raw = g_byte_array_new ();
  g_autoptr(SoupMessageHeaders) headers = NULL;
  SoupHTTPVersion version;
  guint status;
  gboolean ok = TRUE;
  gboolean until_end = FALSE;
  Response *response;

  /* Informational answers (100 Continue) come before the real one and pass through. */
  do
    {
      gboolean idle;
      gssize head_length = reader_head (reader, &idle, cancellable, error);

      if (head_length < 0)
        return NULL;
      g_clear_pointer (&headers, soup_message_headers_unref);
      headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
      if (!soup_headers_parse_response ((const char *) reader->buffer->data, head_length,
                                        headers, &version, &status, NULL))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "an answer head does not parse");
          return NULL;
        }
      reader_take (reader, head_length, raw);
    }
  while (SOUP_STATUS_IS_INFORMATIONAL (status) && status != SOUP_STATUS_SWITCHING_PROTOCOLS);

  if (g_str_equal (method, "HEAD") || status == SOUP_STATUS_NO_CONTENT
      || status == SOUP_STATUS_NOT_MODIFIED)
    ;
  else
    switch (soup_message_headers_get_encoding (headers))
      {
      case SOUP_ENCODING_CONTENT_LENGTH:
        ok = reader_exact (reader, soup_message_headers_get_content_length (headers), raw,
                           cancellable, error);
        break;
      case SOUP_ENCODING_CHUNKED:
        ok = reader_chunked (reader, raw, cancellable, error);
        break;
      case SOUP_ENCODING_NONE:
        break;
      default:
        until_end = TRUE;
        ok = reader_to_end (reader, raw, cancellable, error);
        break;
      }
  if (!ok)
    return NULL;

  response = g_new0 (Response, 1);
  response->raw = g_byte_array_free_to_bytes (g_steal_pointer (&raw));
  response->status = status;
  response->close = until_end || wants_close (headers, version);
  return response;
}

/* An answer the proxy gives itself, with the error body of protocol 6.10. */
static GBytes *
canned_response (IsafFault fault)
{
  const char *status_line;
  const char *code;
  const char *retry_after = "";
  g_autofree char *body = NULL;
  char *text;

  switch (fault)
    {
    case ISAF_FAULT_STATUS_503:
      status_line = "503 Service Unavailable";
      code = "unavailable";
      retry_after = "Retry-After: 1\r\n";
      break;
    case ISAF_FAULT_STATUS_429:
      status_line = "429 Too Many Requests";
      code = "too_many_requests";
      retry_after = "Retry-After: 1\r\n";
      break;
    case ISAF_FAULT_STATUS_500:
    default:
      status_line = "500 Internal Server Error";
      code = "internal";
      break;
    }
  body = g_strdup_printf ("{\"code\":\"%s\",\"message\":\"injected by the test proxy\"}", code);
  text = g_strdup_printf ("HTTP/1.1 %s\r\n"
                          "Content-Type: application/json\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                          "Cache-Control: no-store\r\n"
                          "%s"
                          "\r\n"
                          "%s",
                          status_line, strlen (body), retry_after, body);
  return g_bytes_new_take (text, strlen (text));
}

static gboolean
write_bytes (GIOStream     *stream,
             GBytes        *bytes,
             gsize          length,
             GCancellable  *cancellable,
             GError       **error)
{
  return g_output_stream_write_all (g_io_stream_get_output_stream (stream),
                                    g_bytes_get_data (bytes, NULL), length, NULL, cancellable,
                                    error);
}

/* The fault for a request, from the first rule that takes it; counts it as seen. */
static IsafFault
choose_fault (IsafFaultProxy *self,
              const char     *target)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  IsafFault fault = ISAF_FAULT_NONE;

  self->counts.seen++;
  for (guint i = 0; i < self->rules->len; i++)
    {
      Rule *rule = self->rules->pdata[i];

      if (rule->rule.count > 0 && rule->taken >= rule->rule.count)
        continue;
      if (rule->path_prefix != NULL && !g_str_has_prefix (target, rule->path_prefix))
        continue;
      if (rule->rule.skip > 0)
        {
          rule->rule.skip--;
          continue;
        }
      if (rule->rule.probability < 1.0 && g_rand_double (self->rand) >= rule->rule.probability)
        continue;
      rule->taken++;
      fault = rule->rule.fault;
      self->counts.faulted++;
      self->counts.by_fault[fault]++;
      break;
    }
  return fault;
}

/* The request sent on a new connection to the server, and its answer. */
static Response *
forward (IsafFaultProxy  *self,
         Request         *request,
         GError         **error)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) upstream = NULL;
  g_auto(Reader) reader = { 0 };
  Response *response;

  g_socket_client_set_timeout (client, UPSTREAM_TIMEOUT_SECONDS);
  upstream = g_socket_client_connect_to_host (client, "127.0.0.1", self->upstream_port,
                                              self->cancellable, error);
  if (upstream == NULL
      || !write_bytes (G_IO_STREAM (upstream), request->raw, g_bytes_get_size (request->raw),
                       self->cancellable, error))
    return NULL;

  g_mutex_lock (&self->lock);
  self->counts.forwarded++;
  g_mutex_unlock (&self->lock);

  reader_init (&reader, g_io_stream_get_input_stream (G_IO_STREAM (upstream)));
  response = read_response (&reader, request->method, self->cancellable, error);
  g_io_stream_close (G_IO_STREAM (upstream), NULL, NULL);
  if (response != NULL && response->status >= 500)
    {
      g_mutex_lock (&self->lock);
      self->counts.server_errors++;
      g_mutex_unlock (&self->lock);
    }
  return response;
}

typedef struct {
  IsafFaultProxy *self;
  Request *request;
  Response *response;
  GError *error;
} Copy;

static gpointer
forward_copy_thread (gpointer data)
{
  Copy *copy = data;

  copy->response = forward (copy->self, copy->request, &copy->error);
  return NULL;
}

/* The request sent twice at once; the answer to the copy sent from another thread. */
static Response *
forward_twice_at_once (IsafFaultProxy  *self,
                       Request         *request,
                       GError         **error)
{
  Copy copy = { self, request, NULL, NULL };
  GThread *thread = g_thread_new ("isaf-fault-copy", forward_copy_thread, &copy);
  /* Its answer is dropped; a 5xx still shows in the counts. */
  g_autoptr(Response) dropped = forward (self, request, NULL);

  g_thread_join (thread);
  if (copy.error != NULL)
    g_propagate_error (error, copy.error);
  return copy.response;
}

/* Waits for the delay; FALSE when the proxy shuts down first. */
static gboolean
hold (IsafFaultProxy *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  gint64 end = g_get_monotonic_time () + (gint64) self->delay_ms * G_TIME_SPAN_MILLISECOND;

  while (!self->stopping && g_cond_wait_until (&self->changed, &self->lock, end))
    ;
  return !self->stopping;
}

/* Reads one request of a client and answers it, as the rules decide; FALSE when the
 * connection is to be closed (the client closed it, a fault closes it, or either side asked). */
static gboolean
serve_request (IsafFaultProxy *self,
               GIOStream      *stream,
               Reader         *reader)
{
  g_autoptr(Request) request = NULL;
  g_autoptr(Response) response = NULL;
  g_autoptr(GError) error = NULL;
  gboolean idle;
  IsafFault fault;

  request = read_request (reader, &idle, self->cancellable, &error);
  if (request == NULL)
    {
      if (!idle && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("a request cannot be read: %s", error->message);
      return FALSE;
    }

  fault = choose_fault (self, request->target);
  if (fault != ISAF_FAULT_NONE)
    g_debug ("%s %s: %s", request->method, request->target, isaf_fault_to_string (fault));

  switch (fault)
    {
    case ISAF_FAULT_DROP_BEFORE:
      return FALSE;
    case ISAF_FAULT_STATUS_500:
    case ISAF_FAULT_STATUS_503:
    case ISAF_FAULT_STATUS_429:
      {
        g_autoptr(GBytes) canned = canned_response (fault);

        return write_bytes (stream, canned, g_bytes_get_size (canned), self->cancellable, NULL)
               && !request->close;
      }
    default:
      break;
    }

  if (fault == ISAF_FAULT_DUPLICATE_PARALLEL)
    response = forward_twice_at_once (self, request, &error);
  else
    response = forward (self, request, &error);
  if (response != NULL && fault == ISAF_FAULT_DUPLICATE)
    {
      g_clear_pointer (&response, response_free);
      response = forward (self, request, &error);
    }
  if (response == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("%s %s cannot be forwarded: %s", request->method, request->target,
                   error->message);
      return FALSE;
    }

  switch (fault)
    {
    case ISAF_FAULT_DROP_AFTER:
      return FALSE;
    case ISAF_FAULT_CUT_RESPONSE:
      write_bytes (stream, response->raw, g_bytes_get_size (response->raw) / 2,
                   self->cancellable, NULL);
      return FALSE;
    case ISAF_FAULT_DELAY:
      if (!hold (self))
        return FALSE;
      break;
    default:
      break;
    }

  /* After a delay the client has usually given up: the write fails, harmlessly. */
  return write_bytes (stream, response->raw, g_bytes_get_size (response->raw),
                      self->cancellable, NULL)
         && !request->close && !response->close;
}

typedef struct {
  IsafFaultProxy *self;
  GSocketConnection *connection;
} Connection;

static gpointer
connection_thread (gpointer data)
{
  Connection *connection = data;
  IsafFaultProxy *self = connection->self;
  GIOStream *stream = G_IO_STREAM (connection->connection);
  g_auto(Reader) reader = { 0 };

  reader_init (&reader, g_io_stream_get_input_stream (stream));
  while (serve_request (self, stream, &reader))
    ;
  g_io_stream_close (stream, NULL, NULL);
  g_object_unref (connection->connection);
  g_free (connection);

  /* The last touch of the proxy: it may be freed as soon as the lock is released. */
  g_mutex_lock (&self->lock);
  self->n_connections--;
  g_cond_broadcast (&self->changed);
  g_mutex_unlock (&self->lock);
  return NULL;
}

/* Each connection on a thread of its own, counted from here, so that shutting down can wait
 * for every one. */
static gboolean
on_incoming_cb (GSocketService    *service,
                GSocketConnection *socket_connection,
                GObject           *source_object,
                gpointer           user_data)
{
  IsafFaultProxy *self = user_data;
  Connection *connection = g_new0 (Connection, 1);

  connection->self = self;
  connection->connection = g_object_ref (socket_connection);
  g_mutex_lock (&self->lock);
  self->n_connections++;
  g_mutex_unlock (&self->lock);
  g_thread_unref (g_thread_new ("isaf-fault-conn", connection_thread, connection));
  return TRUE;
}

static gpointer
proxy_thread (gpointer data)
{
  IsafFaultProxy *self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_main_context_push_thread_default (self->context);
  /* Made here, so that it accepts on this thread's context. */
  self->service = g_socket_service_new ();
  g_signal_connect (self->service, "incoming", G_CALLBACK (on_incoming_cb), self);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), any_port,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL, &bound,
                                      &error))
    g_error ("the fault proxy cannot listen: %s", error->message);

  g_mutex_lock (&self->lock);
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  self->started = TRUE;
  g_cond_broadcast (&self->changed);
  g_mutex_unlock (&self->lock);

  g_main_loop_run (self->loop);

  g_socket_service_stop (self->service);
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));
  g_clear_object (&self->service);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

IsafFaultProxy *
isaf_fault_proxy_new (guint16 upstream_port)
{
  IsafFaultProxy *self = g_new0 (IsafFaultProxy, 1);

  self->upstream_port = upstream_port;
  self->cancellable = g_cancellable_new ();
  self->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) rule_free);
  self->rand = g_rand_new_with_seed (0);
  self->delay_ms = DEFAULT_DELAY_MS;
  g_mutex_init (&self->lock);
  g_cond_init (&self->changed);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("isaf-fault-proxy", proxy_thread, self);

  g_mutex_lock (&self->lock);
  while (!self->started)
    g_cond_wait (&self->changed, &self->lock);
  g_mutex_unlock (&self->lock);
  return self;
}

void
isaf_fault_proxy_free (IsafFaultProxy *self)
{
  if (self == NULL)
    return;

  g_main_context_invoke (self->context, quit_cb, self->loop);
  g_thread_join (self->thread);

  /* No new connection now; the open ones end at their next blocking call or held answer. */
  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_broadcast (&self->changed);
  g_mutex_unlock (&self->lock);
  g_cancellable_cancel (self->cancellable);
  g_mutex_lock (&self->lock);
  while (self->n_connections > 0)
    g_cond_wait (&self->changed, &self->lock);
  g_mutex_unlock (&self->lock);

  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_object_unref (self->cancellable);
  g_ptr_array_unref (self->rules);
  g_rand_free (self->rand);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->changed);
  g_free (self);
}

guint16
isaf_fault_proxy_get_port (IsafFaultProxy *self)
{
  return self->port;
}

char *
isaf_fault_proxy_dup_url (IsafFaultProxy *self)
{
  return g_strdup_printf ("http://127.0.0.1:%u", self->port);
}

void
isaf_fault_proxy_set_seed (IsafFaultProxy *self,
                           guint32         seed)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  g_rand_set_seed (self->rand, seed);
}

void
isaf_fault_proxy_set_delay (IsafFaultProxy *self,
                            guint           milliseconds)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  self->delay_ms = milliseconds;
}

void
isaf_fault_proxy_add_rule (IsafFaultProxy      *self,
                           const IsafFaultRule *rule)
{
  g_autoptr(GMutexLocker) locker = NULL;
  Rule *copy;

  g_return_if_fail (rule->fault > ISAF_FAULT_NONE && rule->fault < ISAF_FAULT_N);
  g_return_if_fail (rule->probability > 0 && rule->probability <= 1);

  copy = g_new0 (Rule, 1);
  copy->rule = *rule;
  copy->path_prefix = g_strdup (rule->path_prefix);
  copy->rule.path_prefix = NULL;

  locker = g_mutex_locker_new (&self->lock);
  g_ptr_array_add (self->rules, copy);
}

void
isaf_fault_proxy_add (IsafFaultProxy *self,
                      IsafFault       fault,
                      const char     *path_prefix,
                      guint           count)
{
  IsafFaultRule rule = { fault, path_prefix, 0, count, 1.0 };

  isaf_fault_proxy_add_rule (self, &rule);
}

void
isaf_fault_proxy_clear (IsafFaultProxy *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  g_ptr_array_set_size (self->rules, 0);
}

void
isaf_fault_proxy_get_counts (IsafFaultProxy  *self,
                             IsafFaultCounts *counts)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  *counts = self->counts;
}

void
isaf_fault_proxy_reset_counts (IsafFaultProxy *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  memset (&self->counts, 0, sizeof self->counts);
}

const char *
isaf_fault_to_string (IsafFault fault)
{
  static const char * const names[] = {
    "none", "drop-before", "drop-after", "cut-response", "duplicate", "duplicate-parallel",
    "delay", "status-500", "status-503", "status-429",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == ISAF_FAULT_N);
  g_return_val_if_fail (fault < ISAF_FAULT_N, "?");
  return names[fault];
}
