/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include <string.h>

#include "isaf-schema.h"
#include "isaf-sync-client.h"
#include "isaf-sync-client-private.h"
#include "isaf-sync-credentials.h"
#include "isaf-sync-files.h"
#include "isaf-sync-local.h"
#include "isaf-sync-stager.h"
#include "isaf-wire.h"

/* One sync session as src/sync/sync-protocol.md describes it: token, hello, push until the outbox
 * is empty, pull until the stream is complete, apply, then the national reference data and the
 * attached files this laptop lacks (files going up before the rows naming them). The
 * local side (what to send, what was acknowledged, what to apply, the reference sets) is
 * isaf-sync-local.h; this file speaks HTTP and decides what an answer means. It changes local
 * data only after a successful answer, so a failure at any point leaves the database as it was
 * and the next run starts again from there. */

#define SESSION_TIMEOUT_SECONDS 60
/* Rows a pull page asks for, unless set: the server's most (ISAF_SERVER_PULL_MAX_LIMIT). Each page is
 * a request and a durable staging transaction; at 500 a page, their cost made the first sync
 * of a 10-year commune a quarter slower. A page of 2,000 rows is about 1 MB of JSON. */
#define PULL_LIMIT 2000
/* Beyond this the clerk is told to correct the clock (protocol 4.3); sync goes on. */
#define MAX_CLOCK_OFFSET_MS (5 * 60 * 1000)
/* A token is renewed this long before the server says it expires. */
#define TOKEN_MARGIN_SECONDS 60
#define DESCRIPTION_MAX_CHARS 120

struct _IsafSyncClient
{
  GObject parent_instance;

  IsafDatabase *database;
  SoupSession *session;
  /* Rows asked for in a pull page */
  guint pull_limit;

  /* One run or enrolment at a time; the fields below belong to it. */
  GMutex lock;
  /* The bearer token, kept in memory only, and when to stop using it (monotonic µs). */
  char *token;
  gint64 token_expires;
  /* The secret of an enrolment that got no answer: sent again with the same code, so that a
   * lost answer is asked for again instead of using the code up (protocol 6.1). */
  char *pending_url;
  char *pending_code;
  char *pending_secret;
};

G_DEFINE_FINAL_TYPE (IsafSyncClient, isaf_sync_client, G_TYPE_OBJECT)

void
isaf_sync_answer_clear (IsafSyncAnswer *answer)
{
  g_clear_pointer (&answer->body, g_bytes_unref);
  g_clear_pointer (&answer->content_range, g_free);
  memset (answer, 0, sizeof *answer);
}

void
isaf_sync_run_clear (IsafSyncRun *run)
{
  isaf_sync_device_clear (&run->device);
  if (run->secret != NULL)
    explicit_bzero (run->secret, strlen (run->secret));
  g_clear_pointer (&run->secret, g_free);
}

IsafDatabase *
isaf_sync_run_get_database (IsafSyncRun *run)
{
  return run->self->database;
}

G_DEFINE_QUARK (isaf-sync-client-error-quark, isaf_sync_client_error)

enum {
  PROP_0,
  PROP_DATABASE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];


static void
forget_secret (char **secret)
{
  if (*secret != NULL)
    explicit_bzero (*secret, strlen (*secret));
  g_clear_pointer (secret, g_free);
}

static void
forget_pending_enrolment (IsafSyncClient *self)
{
  g_clear_pointer (&self->pending_url, g_free);
  g_clear_pointer (&self->pending_code, g_free);
  forget_secret (&self->pending_secret);
}

static void
set_internal_error (GError     **error,
                    const char  *detail)
{
  g_info ("Sync stopped: %s", detail);
  g_set_error_literal (error, ISAF_SYNC_CLIENT_ERROR, ISAF_SYNC_CLIENT_ERROR_FAILED,
                       _("Sync stopped because of an internal error; nothing was lost. Contact "
                         "support if this happens again."));
}

void
isaf_sync_set_bad_answer_error (GError     **error,
                                const char  *endpoint,
                                GError      *decode_error)
{
  g_info ("The answer to %s cannot be used: %s", endpoint, decode_error->message);
  g_set_error_literal (error, ISAF_SYNC_CLIENT_ERROR, ISAF_SYNC_CLIENT_ERROR_FAILED,
                       _("The sync server’s answer could not be understood, so nothing was "
                         "changed. Contact support if this happens again."));
}

static void
set_blocked_error (GError     **error,
                   const char  *support_code)
{
  g_set_error (error, ISAF_SYNC_CLIENT_ERROR, ISAF_SYNC_CLIENT_ERROR_BLOCKED,
               _("Sync has stopped because the server’s record of this laptop does not match "
                 "this database (it may have been restored from an old copy, or copied to "
                 "another computer). Your data is safe on this laptop. Contact support and give "
                 "them this code: %s"),
               support_code);
}

static void
set_other_commune_error (GError     **error,
                         const char  *database_commune,
                         const char  *code_commune)
{
  g_set_error (error, ISAF_SYNC_CLIENT_ERROR, ISAF_SYNC_CLIENT_ERROR_REFUSED,
               _("This database belongs to commune %s, but the enrolment code is for commune %s, "
                 "so the laptop was not enrolled. Ask the administrator for a code for commune "
                 "%s."),
               database_commune, code_commune, database_commune);
}

static gboolean
is_loopback_host (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* The server's address without trailing slashes. HTTPS only (protocol 2), except on the
 * loopback, where tests and a local server run without a certificate. */
static char *
normalize_server_url (const char  *text,
                      GError     **error)
{
  g_autofree char *url = g_strstrip (g_strdup (text));
  g_autoptr(GUri) uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  const char *scheme = uri ? g_uri_get_scheme (uri) : NULL;
  const char *host = uri ? g_uri_get_host (uri) : NULL;
  gsize length;

  if (uri == NULL || host == NULL || host[0] == '\0' || g_uri_get_userinfo (uri) != NULL
      || g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL
      || !(g_str_equal (scheme, "https")
           || (g_str_equal (scheme, "http") && is_loopback_host (host))))
    {
      g_set_error (error, ISAF_SYNC_CLIENT_ERROR, ISAF_SYNC_CLIENT_ERROR_FAILED,
                   _("“%s” is not a sync server address. Type the address the administrator "
                     "gave you; it starts with https://."),
                   text);
      return NULL;
    }

  length = strlen (url);
  while (length > 0 && url[length - 1] == '/')
    url[--length] = '\0';
  return g_steal_pointer (&url);
}

/* Retry-After in seconds or as an HTTP date; 0 when absent or unreadable. */
static guint
parse_retry_after (const char *value)
{
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GDateTime) now = NULL;
  guint64 seconds;
  GTimeSpan wait;

  if (value == NULL)
    return 0;
  if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, &seconds, NULL))
    return (guint) seconds;
  date = soup_date_time_new_from_http_string (value);
  if (date == NULL)
    return 0;
  now = g_date_time_new_now_utc ();
  wait = g_date_time_difference (date, now) / G_TIME_SPAN_SECOND;
  return (guint) CLAMP (wait, 0, (GTimeSpan) G_MAXUINT);
}

static GBytes *
gzip_bytes (GBytes  *bytes,
            GError **error)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) stream = g_converter_output_stream_new (memory,
                                                                    G_CONVERTER (compressor));
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  if (!g_output_stream_write_all (stream, data, size, NULL, NULL, error)
      || !g_output_stream_close (stream, NULL, error))
    return NULL;
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

/* Sends one request to @base_url + @path; FALSE only when no HTTP answer came (the network,
 * TLS, a timeout, cancellation). @body is JSON, already gzip-compressed when @gzipped. */
static void
set_request_body (SoupMessage *message,
                  gpointer     user_data)
{
  const IsafSyncRequest *request = user_data;

  soup_message_set_request_body_from_bytes (message,
                                            request->content_type ? request->content_type
                                                                  : "application/json",
                                            request->body);
}

static gboolean
send_request (IsafSyncClient         *self,
              const char             *base_url,
              const char             *token,
              const IsafSyncRequest  *request,
              IsafSyncReport         *report,
              GCancellable           *cancellable,
              IsafSyncAnswer         *answer,
              GError                **error)
{
  g_autofree char *url = g_strconcat (base_url, request->path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (request->method, url);
  g_autoptr(GError) local_error = NULL;
  SoupMessageHeaders *headers;
  SoupMessageMetrics *metrics;
  gint64 sent_at;

  if (message == NULL)
    {
      g_set_error (error, ISAF_SYNC_CLIENT_ERROR, ISAF_SYNC_CLIENT_ERROR_FAILED,
                   _("“%s” is not a sync server address. Type the address the administrator "
                     "gave you; it starts with https://."),
                   base_url);
      return FALSE;
    }

  headers = soup_message_get_request_headers (message);
  soup_message_headers_replace (headers, "X-Sync-Proto", G_STRINGIFY (ISAF_WIRE_PROTO));
  soup_message_headers_replace (headers, "X-Schema-Version", G_STRINGIFY (ISAF_SCHEMA_VERSION));
  soup_message_headers_replace (headers, "X-App-Version", PACKAGE_VERSION);
  soup_message_headers_replace (headers, "Accept-Encoding", "gzip");
  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (headers, "Authorization", authorization);
    }
  if (request->body != NULL)
    {
      set_request_body (message, (gpointer) request);
      /* libsoup sends a request again on a new connection when the kept-alive one turns out
       * closed, but it reads a body set from bytes only once (an empty body would follow). */
      g_signal_connect (message, "restarted", G_CALLBACK (set_request_body), (gpointer) request);
      soup_message_headers_replace (headers, "Content-Encoding",
                                    request->gzipped ? "gzip" : "identity");
    }
  if (request->range_header != NULL)
    soup_message_headers_replace (headers, request->range_header, request->range);
  /* A sync server does not redirect; following one would turn a push into a GET. */
  /* Every request of the protocol may be sent again (a push is recognised by its batch number
   * and receipt), which lets libsoup reuse a kept-alive connection for it. */
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT | SOUP_MESSAGE_COLLECT_METRICS
                                   | SOUP_MESSAGE_IDEMPOTENT);

  memset (answer, 0, sizeof *answer);
  sent_at = g_get_monotonic_time ();
  answer->body = soup_session_send_and_read (self->session, message, cancellable, &local_error);
  g_signal_handlers_disconnect_by_data (message, (gpointer) request);
  answer->received_at = g_get_real_time ();
  answer->round_trip = g_get_monotonic_time () - sent_at;

  metrics = soup_message_get_metrics (message);
  if (metrics != NULL)
    {
      report->bytes_sent += soup_message_metrics_get_request_header_bytes_sent (metrics)
                            + soup_message_metrics_get_request_body_bytes_sent (metrics);
      report->bytes_received += soup_message_metrics_get_response_header_bytes_received (metrics)
                                + soup_message_metrics_get_response_body_bytes_received (metrics);
    }

  if (answer->body == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_info ("%s %s: %s", request->method, url, local_error->message);
      if (local_error->domain == G_TLS_ERROR)
        g_set_error (error, ISAF_SYNC_CLIENT_ERROR, ISAF_SYNC_CLIENT_ERROR_UNREACHABLE,
                     _("The connection to the sync server %s is not safe: its certificate could "
                       "not be checked. Check that this computer’s date and time are right; if "
                       "they are, tell support."),
                     base_url);
      else
        g_set_error (error, ISAF_SYNC_CLIENT_ERROR, ISAF_SYNC_CLIENT_ERROR_UNREACHABLE,
                     _("The sync server %s cannot be reached. Check the internet connection; "
                       "sync will try again later."),
                     base_url);
      return FALSE;
    }

  headers = soup_message_get_response_headers (message);
  answer->status = soup_message_get_status (message);
  answer->retry_after = parse_retry_after (soup_message_headers_get_one (headers, "Retry-After"));
  answer->content_range = g_strdup (soup_message_headers_get_one (headers, "Content-Range"));
  return TRUE;
}

/* Turns an answer other than 200 into the error the interface acts on (protocol 9). */
static void
set_answer_error (const char            *endpoint,
                  const IsafSyncAnswer  *answer,
                  IsafSyncReport        *report,
                  GError               **error)
{
  IsafWireErrorReply reply = { 0 };
  g_autoptr(GError) decode_error = NULL;
  g_autofree char *support_code = NULL;
  const char *code = "";
  gsize size = 0;
  const char *data = answer->body ? g_bytes_get_data (answer->body, &size) : NULL;

  if (data != NULL && isaf_wire_error_reply_decode (data, size, &reply, &decode_error))
    code = reply.code;
  g_info ("%s answered %u %s: %s", endpoint, answer->status, code,
          reply.message ? reply.message : decode_error ? decode_error->message : "no body");

  if (g_str_equal (code, "batch_gap"))
    support_code = g_strdup_printf ("batch_gap/%" G_GINT64_FORMAT, reply.expected_batch_seq);
  else
    support_code = g_strdup_printf ("%s/%u", code[0] ? code : "http", answer->status);

  if (answer->status == 401)
    g_set_error_literal (error, ISAF_SYNC_CLIENT_ERROR, ISAF_SYNC_CLIENT_ERROR_NOT_ENROLLED,
                         _("The sync server no longer accepts this laptop’s credentials. Enrol "
                           "the laptop again with a new code from the administrator."));
  else if (answer->status == 403 && g_str_equal (code, "revoked"))
    g_set_error_literal (error, ISAF_SYNC_CLIENT_ERROR, ISAF_SYNC_CLIENT_ERROR_REVOKED,
                         _("This laptop was removed from sync; your data stays on it. To sync "
                           "again, ask the administrator for a new enrolment code."));
  else if (answer->status == 403
           && (g_str_equal (code, "invalid_code") || g_str_equal (code, "expired_code")))
    g_set_error_literal (error, ISAF_SYNC_CLIENT_ERROR, ISAF_SYNC_CLIENT_ERROR_REFUSED,
                         _("The enrolment code was not accepted: it is unknown, has expired or "
                           "was already used. Ask the administrator for a new code."));
  else if (answer->status == 409)
    set_blocked_error (error, support_code);
  else if (answer->status == 403 || answer->status == 400 || answer->status == 413)
    /* The server will never accept these bytes: sending them again cannot help. */
    g_set_error (error, ISAF_SYNC_CLIENT_ERROR, ISAF_SYNC_CLIENT_ERROR_BLOCKED,
                 _("The sync server refused what this laptop sent, so sync has stopped. Your "
                   "data is safe on this laptop. Contact support and give them this code: %s"),
                 support_code);
  else if (answer->status == 426)
    g_set_error_literal (error, ISAF_SYNC_CLIENT_ERROR, ISAF_SYNC_CLIENT_ERROR_UPGRADE,
                         _("The sync server needs a newer version of ISAF Commune. Install the "
                           "update; you can go on working in the meantime."));
  else if (answer->status == 429 || answer->status >= 500)
    {
      report->retry_after_seconds = answer->retry_after;
      if (answer->retry_after > 0)
        g_set_error (error, ISAF_SYNC_CLIENT_ERROR, ISAF_SYNC_CLIENT_ERROR_UNREACHABLE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "The sync server is busy. Sync will try again in %u second.",
                                  "The sync server is busy. Sync will try again in %u seconds.",
                                  answer->retry_after),
                     answer->retry_after);
      else
        g_set_error_literal (error, ISAF_SYNC_CLIENT_ERROR, ISAF_SYNC_CLIENT_ERROR_UNREACHABLE,
                             _("The sync server is busy or out of service. Sync will try again "
                               "later."));
    }
  else
    g_set_error (error, ISAF_SYNC_CLIENT_ERROR, ISAF_SYNC_CLIENT_ERROR_FAILED,
                 _("The sync server gave an unexpected answer (HTTP %u), so nothing was "
                   "changed. Contact support if this happens again."),
                 answer->status);

  isaf_wire_error_reply_clear (&reply);
}

static gboolean
request_token (IsafSyncRun  *run,
               GError      **error)
{
  IsafSyncClient *self = run->self;
  IsafWireTokenRequest request = { run->device.device_id, run->secret };
  IsafWireTokenReply reply = { 0 };
  g_autoptr(GBytes) body = isaf_wire_token_request_encode (&request);
  g_autoptr(GError) decode_error = NULL;
  g_auto(IsafSyncAnswer) answer = { 0 };
  const char *data;
  gsize size;

  if (!send_request (self, run->device.server_url, NULL,
                     &(IsafSyncRequest) { .method = "POST", .path = "/v1/auth/token",
                                          .body = body },
                     run->report, run->cancellable, &answer, error))
    return FALSE;
  if (answer.status != 200)
    {
      set_answer_error ("/v1/auth/token", &answer, run->report, error);
      return FALSE;
    }
  data = g_bytes_get_data (answer.body, &size);
  if (!isaf_wire_token_reply_decode (data, size, &reply, &decode_error))
    {
      isaf_sync_set_bad_answer_error (error, "/v1/auth/token", decode_error);
      return FALSE;
    }

  g_free (self->token);
  self->token = g_steal_pointer (&reply.token);
  self->token_expires = g_get_monotonic_time ()
                        + MAX (reply.expires_in_seconds - TOKEN_MARGIN_SECONDS, 0)
                          * G_TIME_SPAN_SECOND;
  isaf_wire_token_reply_clear (&reply);
  return TRUE;
}

gboolean
isaf_sync_run_send (IsafSyncRun            *run,
                    const IsafSyncRequest  *request,
                    IsafSyncAnswer         *answer,
                    GError                **error)
{
  IsafSyncClient *self = run->self;

  for (guint attempt = 0;; attempt++)
    {
      if ((self->token == NULL || g_get_monotonic_time () >= self->token_expires)
          && !request_token (run, error))
        return FALSE;
      if (!send_request (self, run->device.server_url, self->token, request, run->report,
                         run->cancellable, answer, error))
        return FALSE;
      if (answer->status != 401 || attempt > 0)
        return TRUE;
      g_clear_pointer (&self->token, g_free);
      isaf_sync_answer_clear (answer);
    }
}

void
isaf_sync_run_set_answer_error (IsafSyncRun           *run,
                                const char            *endpoint,
                                const IsafSyncAnswer  *answer,
                                GError               **error)
{
  set_answer_error (endpoint, answer, run->report, error);
}

static char *
format_local_time (gint64 unix_ms)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (unix_ms / 1000);

  return g_date_time_format (time, "%Y-%m-%d %H:%M");
}

/* The server's clock minus this computer's, taking @server_time_ms as the time of the middle
 * of the exchange. The middle is counted back from the answer on the monotonic clock, so that a
 * computer's clock changed during the exchange gives the offset to its new time. */
static gint64
clock_offset (const IsafSyncAnswer *answer,
              gint64                server_time_ms)
{
  return server_time_ms - (answer->received_at - answer->round_trip / 2) / 1000;
}

/* The laptop's clocks follow the server's time from now on (protocol 4.3). A wrong clock does
 * not stop sync, so its edits still order right; the clerk is told to correct the clock. */
static gboolean
follow_server_time (IsafSyncRun           *run,
                    const IsafSyncAnswer  *answer,
                    gint64                 server_time_ms,
                    GError               **error)
{
  run->report->clock_offset_ms = clock_offset (answer, server_time_ms);
  run->report->clock_wrong = ABS (run->report->clock_offset_ms) > MAX_CLOCK_OFFSET_MS;
  return isaf_sync_local_set_clock_offset (run->self->database, run->report->clock_offset_ms,
                                           error);
}

/* Everything the hello answer can stop a run for (protocol 6.6, 4.3). */
static gboolean
check_hello (IsafSyncRun               *run,
             const IsafWireHelloReply  *reply,
             const IsafSyncAnswer      *answer,
             GError                   **error)
{
  run->report->clock_offset_ms = clock_offset (answer, reply->server_time_ms);

  if (g_str_equal (reply->device_status, "revoked"))
    {
      g_set_error_literal (error, ISAF_SYNC_CLIENT_ERROR, ISAF_SYNC_CLIENT_ERROR_REVOKED,
                           _("This laptop was removed from sync; your data stays on it. To sync "
                             "again, ask the administrator for a new enrolment code."));
      return FALSE;
    }
  if (ISAF_WIRE_PROTO < reply->proto_min || ISAF_SCHEMA_VERSION < reply->schema_min)
    {
      g_set_error_literal (error, ISAF_SYNC_CLIENT_ERROR, ISAF_SYNC_CLIENT_ERROR_UPGRADE,
                           _("The sync server needs a newer version of ISAF Commune. Install the "
                             "update; you can go on working in the meantime."));
      return FALSE;
    }
  if (ISAF_WIRE_PROTO > reply->proto_max || ISAF_SCHEMA_VERSION > reply->schema_max)
    {
      g_info ("The server speaks protocol %d–%d and schema %d–%d", reply->proto_min,
              reply->proto_max, reply->schema_min, reply->schema_max);
      g_set_error_literal (error, ISAF_SYNC_CLIENT_ERROR, ISAF_SYNC_CLIENT_ERROR_BLOCKED,
                           _("The sync server is older than this version of ISAF Commune, so "
                             "they cannot sync yet. Go on working; tell support, so that the "
                             "server is updated."));
      return FALSE;
    }
  if (!g_str_equal (reply->commune_id, run->device.commune_id))
    {
      g_autofree char *support_code = g_strdup_printf ("commune/%s/%s", run->device.commune_id,
                                                       reply->commune_id);

      set_blocked_error (error, support_code);
      return FALSE;
    }
  return follow_server_time (run, answer, reply->server_time_ms, error);
}

/* POST /v1/sync/hello; the server's epoch for the commune, and the last batch it applied
 * from this laptop. */
static char *
say_hello (IsafSyncRun  *run,
           gint64       *last_batch_seq,
           GError      **error)
{
  IsafWireHelloRequest request = { ISAF_WIRE_PROTO, ISAF_SCHEMA_VERSION, (char *) PACKAGE_VERSION };
  IsafWireHelloReply reply = { 0 };
  g_autoptr(GBytes) body = isaf_wire_hello_request_encode (&request);
  g_autoptr(GError) decode_error = NULL;
  g_auto(IsafSyncAnswer) answer = { 0 };
  char *epoch = NULL;
  const char *data;
  gsize size;

  if (!isaf_sync_run_send (run,
                           &(IsafSyncRequest) { .method = "POST", .path = "/v1/sync/hello",
                                                .body = body },
                           &answer, error))
    return NULL;
  if (answer.status != 200)
    {
      set_answer_error ("/v1/sync/hello", &answer, run->report, error);
      return NULL;
    }
  data = g_bytes_get_data (answer.body, &size);
  if (!isaf_wire_hello_reply_decode (data, size, &reply, &decode_error))
    {
      isaf_sync_set_bad_answer_error (error, "/v1/sync/hello", decode_error);
      return NULL;
    }
  if (check_hello (run, &reply, &answer, error))
    {
      epoch = g_strdup (reply.epoch);
      *last_batch_seq = reply.last_batch_seq;
    }
  isaf_wire_hello_reply_clear (&reply);
  return epoch;
}

static guint
count_fields (GBytes *batch)
{
  g_autoptr(IsafWirePush) push = NULL;
  g_autoptr(GError) error = NULL;
  guint fields = 0;
  gsize size;
  const char *data = g_bytes_get_data (batch, &size);

  push = isaf_wire_push_decode (data, size, &error);
  if (push == NULL)
    {
      /* Only the report's count suffers; the server answers for the batch itself. */
      g_info ("A frozen batch does not decode: %s", error->message);
      return 0;
    }
  for (guint i = 0; i < push->rows->len; i++)
    fields += ((IsafWireRow *) push->rows->pdata[i])->fields->len;
  return fields;
}

/* Pushes batches until the outbox is empty (protocol 7.1): one in flight, each acknowledged
 * locally only after the server's 200. */
static gboolean
push_all (IsafSyncRun  *run,
          const char   *epoch,
          GError      **error)
{
  IsafDatabase *database = run->self->database;
  gint64 last_batch_seq = 0;

  for (;;)
    {
      g_autoptr(GBytes) batch = NULL;
      g_autoptr(GBytes) compressed = NULL;
      g_autoptr(IsafWirePushAck) ack = NULL;
      g_autoptr(GError) decode_error = NULL;
      g_auto(IsafSyncAnswer) answer = { 0 };
      gint64 batch_seq = 0;
      gboolean files_waiting = FALSE;
      const char *data;
      gsize size;

      if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
        return FALSE;

      /* Files go up before the rows naming them (protocol 3.9); one that is attached while
       * this runs holds the next batch back until it has gone up too. */
      if (!isaf_sync_files_upload (run, error))
        return FALSE;
      batch = isaf_sync_local_next_batch (database, epoch, &batch_seq, &files_waiting, error);
      if (batch == NULL && files_waiting)
        continue;
      if (batch == NULL)
        return error == NULL || *error == NULL;
      if (batch_seq <= last_batch_seq)
        {
          /* The batch acknowledged a moment ago came back: pushing on would never end. */
          g_autofree char *detail = g_strdup_printf ("batch %" G_GINT64_FORMAT " after batch %"
                                                     G_GINT64_FORMAT " was acknowledged",
                                                     batch_seq, last_batch_seq);

          set_internal_error (error, detail);
          return FALSE;
        }

      compressed = gzip_bytes (batch, error);
      if (compressed == NULL)
        return FALSE;
      if (!isaf_sync_run_send (run,
                               &(IsafSyncRequest) { .method = "POST", .path = "/v1/sync/push",
                                                    .body = compressed, .gzipped = TRUE },
                               &answer, error))
        return FALSE;
      if (answer.status != 200)
        {
          set_answer_error ("/v1/sync/push", &answer, run->report, error);
          return FALSE;
        }
      data = g_bytes_get_data (answer.body, &size);
      ack = isaf_wire_push_ack_decode (data, size, &decode_error);
      if (ack == NULL)
        {
          isaf_sync_set_bad_answer_error (error, "/v1/sync/push", decode_error);
          return FALSE;
        }
      if (ack->batch_seq != batch_seq)
        {
          g_autofree char *detail = g_strdup_printf ("the answer to batch %" G_GINT64_FORMAT
                                                     " is for batch %" G_GINT64_FORMAT,
                                                     batch_seq, ack->batch_seq);

          set_internal_error (error, detail);
          return FALSE;
        }
      if (!isaf_sync_local_acknowledge (database, ack, error))
        return FALSE;

      last_batch_seq = batch_seq;
      run->report->batches_pushed++;
      run->report->fields_pushed += count_fields (batch);
      run->report->rejects += ack->rejects->len;
    }
}

/* GET @endpoint from @cursor on (from the start when NULL), with @query (or NULL) after it:
 * a page of a stream, answered 200, in @answer. */
static gboolean
get_stream_page (IsafSyncRun     *run,
                 const char      *endpoint,
                 const char      *cursor,
                 const char      *query,
                 IsafSyncAnswer  *answer,
                 GError         **error)
{
  g_autoptr(GString) path = g_string_new (endpoint);
  const char *separator = "?";

  if (cursor != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (cursor, NULL, FALSE);

      g_string_append_printf (path, "?cursor=%s", escaped);
      separator = "&";
    }
  if (query != NULL)
    g_string_append_printf (path, "%s%s", separator, query);

  if (g_cancellable_set_error_if_cancelled (run->cancellable, error)
      || !isaf_sync_run_send (run, &(IsafSyncRequest) { .method = "GET", .path = path->str },
                              answer, error))
    return FALSE;
  if (answer->status != 200)
    {
      set_answer_error (endpoint, answer, run->report, error);
      return FALSE;
    }
  return TRUE;
}

/* Pulls pages from the local position until the stream is complete, staging each (protocol
 * 8.2). When a page names another epoch than @epoch, stops there and returns it in
 * @changed_epoch: nothing of that page is kept. */
static gboolean
pull_pages (IsafSyncRun     *run,
            const char      *epoch,
            char           **changed_epoch,
            IsafSyncStager  *stager,
            GError         **error)
{
  IsafDatabase *database = run->self->database;
  g_autofree char *limit = g_strdup_printf ("limit=%u", run->self->pull_limit);
  g_autofree char *local_epoch = NULL;
  g_autofree char *cursor = NULL;

  if (!isaf_sync_local_get_position (database, &local_epoch, &cursor, error))
    return FALSE;

  for (;;)
    {
      g_autoptr(IsafWirePullPage) page = NULL;
      g_autoptr(GError) decode_error = NULL;
      g_auto(IsafSyncAnswer) answer = { 0 };
      gboolean has_more;
      const char *data;
      gsize size;

      if (!get_stream_page (run, "/v1/sync/pull", cursor, limit, &answer, error))
        return FALSE;
      data = g_bytes_get_data (answer.body, &size);
      page = isaf_wire_pull_page_decode (data, size, &decode_error);
      if (page == NULL)
        {
          isaf_sync_set_bad_answer_error (error, "/v1/sync/pull", decode_error);
          return FALSE;
        }
      if (!g_str_equal (page->epoch, epoch))
        {
          *changed_epoch = g_strdup (page->epoch);
          return TRUE;
        }
      if (page->has_more && cursor != NULL && g_str_equal (page->next_cursor, cursor))
        {
          set_internal_error (error, "the pull does not advance: the same cursor came back");
          return FALSE;
        }
      /* Each page carries the server's time too: a clock changed since the hello is followed
       * before the pulled clocks are applied, and the clerk is told the time as it is now. */
      if (!follow_server_time (run, &answer, page->server_time_ms, error))
        return FALSE;

      run->report->pages_pulled++;
      run->report->rows_pulled += page->rows->len;
      has_more = page->has_more;
      g_free (cursor);
      cursor = g_strdup (page->next_cursor);
      if (!isaf_sync_stager_push (stager, g_steal_pointer (&page), error))
        return FALSE;
      if (!has_more)
        return TRUE;
    }
}

/* Every page of the commune's stream from the stored position, staged while the next one is
 * fetched, until has_more is false or the epoch changed. */
static gboolean
pull_all (IsafSyncRun  *run,
          const char   *epoch,
          char        **changed_epoch,
          GError      **error)
{
  IsafSyncStager *stager = isaf_sync_stager_new (run->self->database);
  gboolean pulled = pull_pages (run, epoch, changed_epoch, stager, error);

  /* Every page fetched is staged, or its staging failed, before the run goes on. */
  if (!isaf_sync_stager_finish (stager, pulled ? error : NULL))
    return FALSE;
  return pulled;
}

/* Pulls the national reference stream from the stored position until has_more is false,
 * each page's sets installed with the position after it (protocol 5.2). Reference data is
 * the same for every commune, so it is pulled after the commune's stream is applied. */
static gboolean
pull_reference (IsafSyncRun  *run,
                GError      **error)
{
  IsafDatabase *database = run->self->database;
  g_autofree char *cursor = NULL;

  if (!isaf_sync_local_get_ref_cursor (database, &cursor, error))
    return FALSE;

  for (;;)
    {
      g_autoptr(IsafWireRefPage) page = NULL;
      g_autoptr(GError) decode_error = NULL;
      g_auto(IsafSyncAnswer) answer = { 0 };
      guint installed = 0;
      const char *data;
      gsize size;

      if (!get_stream_page (run, "/v1/sync/ref", cursor, NULL, &answer, error))
        return FALSE;
      data = g_bytes_get_data (answer.body, &size);
      page = isaf_wire_ref_page_decode (data, size, &decode_error);
      if (page == NULL)
        {
          isaf_sync_set_bad_answer_error (error, "/v1/sync/ref", decode_error);
          return FALSE;
        }
      if (page->has_more && cursor != NULL && g_str_equal (page->next_cursor, cursor))
        {
          set_internal_error (error, "the reference pull does not advance: the same cursor "
                              "came back");
          return FALSE;
        }
      if (!isaf_sync_local_install_ref_page (database, page, &installed, error))
        return FALSE;

      run->report->reference_sets_installed += installed;
      if (!page->has_more)
        return TRUE;
      g_free (cursor);
      cursor = g_strdup (page->next_cursor);
    }
}

static void
isaf_sync_client_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  IsafSyncClient *self = ISAF_SYNC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->database);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isaf_sync_client_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  IsafSyncClient *self = ISAF_SYNC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      self->database = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isaf_sync_client_dispose (GObject *object)
{
  IsafSyncClient *self = ISAF_SYNC_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (isaf_sync_client_parent_class)->dispose (object);
}

static void
isaf_sync_client_finalize (GObject *object)
{
  IsafSyncClient *self = ISAF_SYNC_CLIENT (object);

  forget_secret (&self->token);
  forget_pending_enrolment (self);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (isaf_sync_client_parent_class)->finalize (object);
}

static void
isaf_sync_client_class_init (IsafSyncClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = isaf_sync_client_get_property;
  object_class->set_property = isaf_sync_client_set_property;
  object_class->dispose = isaf_sync_client_dispose;
  object_class->finalize = isaf_sync_client_finalize;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL, ISAF_TYPE_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
isaf_sync_client_init (IsafSyncClient *self)
{
  g_mutex_init (&self->lock);
  self->pull_limit = PULL_LIMIT;

  /* Configured here, before any request: libsoup (3.2 and later) then lets any one thread
   * send with it, so a run may happen on whichever worker thread. */
  self->session = soup_session_new_with_options ("timeout", SESSION_TIMEOUT_SECONDS,
                                                 "user-agent", "isaf-commune/" PACKAGE_VERSION,
                                                 NULL);
  if (!soup_session_has_feature (self->session, SOUP_TYPE_CONTENT_DECODER))
    soup_session_add_feature_by_type (self->session, SOUP_TYPE_CONTENT_DECODER);
}

IsafSyncClient *
isaf_sync_client_new (IsafDatabase *database)
{
  g_return_val_if_fail (ISAF_IS_DATABASE (database), NULL);

  return g_object_new (ISAF_TYPE_SYNC_CLIENT, "database", database, NULL);
}

IsafDatabase *
isaf_sync_client_get_database (IsafSyncClient *self)
{
  g_return_val_if_fail (ISAF_IS_SYNC_CLIENT (self), NULL);

  return self->database;
}

void
isaf_sync_client_set_pull_limit (IsafSyncClient *self,
                                 guint           rows)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (ISAF_IS_SYNC_CLIENT (self));
  g_return_if_fail (rows > 0);

  locker = g_mutex_locker_new (&self->lock);
  self->pull_limit = rows;
}

void
isaf_sync_client_set_timeout (IsafSyncClient *self,
                              guint           seconds)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (ISAF_IS_SYNC_CLIENT (self));

  locker = g_mutex_locker_new (&self->lock);
  soup_session_set_timeout (self->session, seconds);
  /* libsoup applies the timeout to new connections only; no request is in flight here. */
  soup_session_abort (self->session);
}

gboolean
isaf_sync_client_enroll (IsafSyncClient  *self,
                         const char      *server_url,
                         const char      *code,
                         const char      *description,
                         GError         **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *typed_code = NULL;
  g_autofree char *database_commune = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) decode_error = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(IsafSyncAnswer) answer = { 0 };
  IsafSyncReport report = { 0 };
  IsafWireEnrollRequest request = { 0 };
  IsafWireEnrollReply reply = { 0 };
  IsafSyncDevice device = { 0 };
  gboolean enrolled;
  const char *data;
  gsize size;

  g_return_val_if_fail (ISAF_IS_SYNC_CLIENT (self), FALSE);
  g_return_val_if_fail (server_url != NULL, FALSE);
  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (description == NULL || g_utf8_validate (description, -1, NULL), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  base_url = normalize_server_url (server_url, error);
  if (base_url == NULL)
    return FALSE;
  typed_code = g_strstrip (g_strdup (code));
  if (typed_code[0] == '\0')
    {
      g_set_error_literal (error, ISAF_SYNC_CLIENT_ERROR, ISAF_SYNC_CLIENT_ERROR_REFUSED,
                           _("Type the enrolment code the administrator gave you."));
      return FALSE;
    }
  if (description != NULL && g_utf8_strlen (description, -1) > DESCRIPTION_MAX_CHARS)
    {
      g_set_error (error, ISAF_SYNC_CLIENT_ERROR, ISAF_SYNC_CLIENT_ERROR_FAILED,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The laptop’s description is too long: at most %d character.",
                                "The laptop’s description is too long: at most %d characters.",
                                DESCRIPTION_MAX_CHARS),
                   DESCRIPTION_MAX_CHARS);
      return FALSE;
    }

  locker = g_mutex_locker_new (&self->lock);

  if (self->pending_secret == NULL || !g_str_equal (self->pending_url, base_url)
      || !g_str_equal (self->pending_code, typed_code))
    {
      forget_pending_enrolment (self);
      self->pending_url = g_strdup (base_url);
      self->pending_code = g_strdup (typed_code);
      self->pending_secret = isaf_sync_credentials_new_secret ();
    }

  request.code = typed_code;
  request.secret = self->pending_secret;
  request.description = (char *) description;
  body = isaf_wire_enroll_request_encode (&request);
  if (!send_request (self, base_url, NULL,
                     &(IsafSyncRequest) { .method = "POST", .path = "/v1/enroll", .body = body },
                     &report, NULL, &answer, error))
    return FALSE;
  if (answer.status != 200)
    {
      set_answer_error ("/v1/enroll", &answer, &report, error);
      return FALSE;
    }
  data = g_bytes_get_data (answer.body, &size);
  if (!isaf_wire_enroll_reply_decode (data, size, &reply, &decode_error))
    {
      isaf_sync_set_bad_answer_error (error, "/v1/enroll", decode_error);
      return FALSE;
    }

  /* Checked before anything is written: the secret of an earlier enrolment stays valid. */
  database_commune = isaf_database_dup_commune_code (self->database);
  if (database_commune != NULL && !g_str_equal (database_commune, reply.commune_id))
    {
      set_other_commune_error (error, database_commune, reply.commune_id);
      isaf_wire_enroll_reply_clear (&reply);
      return FALSE;
    }

  /* The secret first: a device recorded without its secret could never sync. */
  if (!isaf_sync_credentials_store (isaf_database_get_path (self->database), self->pending_secret,
                                    error))
    {
      isaf_wire_enroll_reply_clear (&reply);
      return FALSE;
    }

  device.server_url = base_url;
  device.device_id = reply.device_id;
  device.node_id = reply.node_id;
  device.commune_id = reply.commune_id;
  enrolled = isaf_sync_local_set_device (self->database, &device, &local_error);
  if (!enrolled && g_error_matches (local_error, ISAF_SYNC_ERROR, ISAF_SYNC_ERROR_OTHER_COMMUNE))
    {
      g_clear_pointer (&database_commune, g_free);
      database_commune = isaf_database_dup_commune_code (self->database);
      set_other_commune_error (error, database_commune ? database_commune : "?",
                               reply.commune_id);
    }
  else if (!enrolled)
    g_propagate_error (error, g_steal_pointer (&local_error));
  isaf_wire_enroll_reply_clear (&reply);

  if (enrolled)
    {
      /* A token of an earlier enrolment names another device. */
      forget_secret (&self->token);
      forget_pending_enrolment (self);
    }
  return enrolled;
}

gboolean
isaf_sync_client_run (IsafSyncClient  *self,
                      IsafSyncReport  *report,
                      GCancellable    *cancellable,
                      GError         **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *changed_epoch = NULL;
  g_auto(IsafSyncRun) run = { 0 };
  IsafSyncReport unused;

  g_return_val_if_fail (ISAF_IS_SYNC_CLIENT (self), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (report == NULL)
    report = &unused;
  memset (report, 0, sizeof *report);

  locker = g_mutex_locker_new (&self->lock);
  run.self = self;
  run.report = report;
  run.cancellable = cancellable;

  if (!isaf_sync_local_get_device (self->database, &run.device, &local_error))
    {
      if (g_error_matches (local_error, ISAF_SYNC_ERROR, ISAF_SYNC_ERROR_NOT_ENROLLED))
        g_set_error_literal (error, ISAF_SYNC_CLIENT_ERROR, ISAF_SYNC_CLIENT_ERROR_NOT_ENROLLED,
                             _("This laptop is not enrolled for sync yet. Enrol it with a code "
                               "from the administrator."));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  run.secret = isaf_sync_credentials_load (isaf_database_get_path (self->database), &local_error);
  if (run.secret == NULL)
    {
      /* A missing, exposed or damaged secret all mean enrolling again; the message says why. */
      g_set_error_literal (error, ISAF_SYNC_CLIENT_ERROR,
                           local_error->code == ISAF_SYNC_CREDENTIALS_ERROR_FAILED
                             ? ISAF_SYNC_CLIENT_ERROR_FAILED
                             : ISAF_SYNC_CLIENT_ERROR_NOT_ENROLLED,
                           local_error->message);
      return FALSE;
    }

  /* A server restored from a backup may have lost what this laptop pushed: when its epoch
   * is not the one of the last pull, everything goes again and the pull starts over (protocol
   * 8.3). A restore while this runs shows up as another epoch in a page: then once more. */
  for (guint attempt = 0; attempt < 2; attempt++)
    {
      g_autofree char *epoch = NULL;
      g_autofree char *local_epoch = NULL;
      g_autofree char *local_cursor = NULL;
      gint64 server_last_batch_seq = 0;

      epoch = say_hello (&run, &server_last_batch_seq, error);
      if (epoch == NULL
          || !isaf_sync_local_get_position (self->database, &local_epoch, &local_cursor, error))
        return FALSE;
      if ((local_epoch != NULL && !g_str_equal (local_epoch, epoch)) || changed_epoch != NULL)
        {
          g_info ("The server's epoch is %s, this laptop's %s: pushing everything again", epoch,
                  local_epoch ? local_epoch : changed_epoch);
          if (!isaf_sync_local_restart_epoch (self->database, epoch, server_last_batch_seq,
                                              error))
            return FALSE;
          g_clear_pointer (&local_epoch, g_free);
          local_epoch = g_strdup (epoch);
        }
      g_clear_pointer (&changed_epoch, g_free);

      /* A push names the epoch of the last pull; there is none before the first. */
      if (!push_all (&run, local_epoch != NULL ? epoch : NULL, error)
          || !pull_all (&run, epoch, &changed_epoch, error))
        return FALSE;
      if (changed_epoch == NULL)
        {
          if (!isaf_sync_local_apply_staged (self->database, error))
            return FALSE;
          report->pull_applied = TRUE;
          return pull_reference (&run, error)
                 && isaf_sync_files_download (&run, error)
                 && isaf_sync_local_mark_synced (self->database, error);
        }
      g_info ("The epoch changed from %s to %s during the pull", epoch, changed_epoch);
    }

  g_set_error_literal (error, ISAF_SYNC_CLIENT_ERROR, ISAF_SYNC_CLIENT_ERROR_UNREACHABLE,
                       _("The sync server’s data changed while this laptop was syncing. Sync "
                         "will try again later."));
  return FALSE;
}

char *
isaf_sync_client_describe_clock (const IsafSyncReport *report)
{
  gint64 now_ms = g_get_real_time () / 1000;
  g_autofree char *shown = format_local_time (now_ms);
  g_autofree char *actual = format_local_time (now_ms + report->clock_offset_ms);

  return g_strdup_printf (_("This computer’s date or time is wrong: it shows %s, but it is %s. "
                            "Correct the date and time in the system settings."),
                          shown, actual);
}
