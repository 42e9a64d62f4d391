/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "isaf-hlc.h"
#include "isaf-pg.h"
#include "isaf-server-devices.h"
#include "isaf-test-server.h"

/* Bad input to a real isaf-server: whatever a laptop, a proxy or an attacker sends, the answer
 * is a 4xx with an error reply that has a machine code and a sentence, never a 5xx, a crash or
 * a hang, and nothing of it is kept: afterwards the laptop's first batch is still batch 1. */

#define COMMUNE "010201"
/* How long a raw request waits for its answer before the test calls it a hang. */
#define RAW_TIMEOUT_SECONDS 5
/* How long a refused zip bomb may take. */
#define BOMB_MAX_SECONDS 3

typedef struct {
  IsafTestServer *server;
  IsafTestDevice *laptop;
  /* For requests the harness does not make: other headers, other encodings, raw bytes. */
  SoupSession *session;
  guint16 port;
  char *next_seq;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->server = isaf_test_server_start ();
  fixture->laptop = isaf_test_server_enroll (fixture->server, COMMUNE);
  fixture->port = isaf_test_server_get_port (fixture->server);
  fixture->session = soup_session_new_with_options ("timeout", 60, NULL);
  fixture->next_seq = isaf_test_server_query_value (fixture->server,
                                                    "SELECT next_seq FROM commune_stream");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->session);
  g_free (fixture->next_seq);
  isaf_test_device_free (fixture->laptop);
  isaf_test_server_stop (fixture->server);
}

/* Requests ---------------------------------------------------------------------------------- */

static GBytes *
text_bytes (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static GBytes *
gzip_bytes (GBytes *data)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1);
  g_autoptr(GInputStream) raw = g_memory_input_stream_new_from_bytes (data);
  g_autoptr(GInputStream) stream = g_converter_input_stream_new (raw, G_CONVERTER (compressor));
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_output_stream_splice (out, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE
                                       | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

/* @size zero bytes gzip-compressed a block at a time: the bomb is made without ever holding
 * what it unpacks to. */
static GBytes *
gzip_zeros (gsize size)
{
  static const guint8 zeros[65536];
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  guint8 buffer[65536];
  gsize remaining = size;
  GConverterResult result;

  do
    {
      gsize chunk = MIN (remaining, sizeof zeros);
      gsize n_read = 0, n_written = 0;

      result = g_converter_convert (G_CONVERTER (compressor), zeros, chunk, buffer, sizeof buffer,
                                    chunk == remaining ? G_CONVERTER_INPUT_AT_END
                                                       : G_CONVERTER_NO_FLAGS,
                                    &n_read, &n_written, &error);
      g_assert_no_error (error);
      g_byte_array_append (out, buffer, n_written);
      remaining -= n_read;
    }
  while (result != G_CONVERTER_FINISHED);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* A request with headers of the caller's choice (name, value, …, NULL) and @body sent as it
 * is: the status, and the answer in @answer. */
static guint
send_with_headers (Fixture     *fixture,
                   const char  *method,
                   const char  *path,
                   GBytes      *body,
                   GBytes     **answer,
                   ...)
{
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u%s", fixture->port, path);
  g_autoptr(SoupMessage) message = soup_message_new (method, uri);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);
  g_autoptr(GBytes) received = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  va_list args;

  g_assert_nonnull (message);
  va_start (args, answer);
  while ((name = va_arg (args, const char *)) != NULL)
    soup_message_headers_replace (headers, name, va_arg (args, const char *));
  va_end (args);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (message, "application/json", body);

  received = soup_session_send_and_read (fixture->session, message, NULL, &error);
  g_assert_no_error (error);
  if (answer != NULL)
    *answer = g_steal_pointer (&received);
  return soup_message_get_status (message);
}

/* For what an HTTP client library will not send (a length it then does not send, a chunked
 * body): @head and @body written as they are on a new connection, and everything the server
 * sends back until it closes the connection. A server that does not answer within
 * RAW_TIMEOUT_SECONDS hangs: that fails the test, or gives 0 and @hang when it is not NULL. */
static guint
send_raw (Fixture     *fixture,
          const char  *head,
          GBytes      *body,
          GBytes     **answer,
          GError     **hang)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GByteArray) received = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  GOutputStream *out;
  GInputStream *in;
  guint8 buffer[4096];
  const char *text;
  const char *end;
  guint status = 0;

  g_socket_client_set_timeout (client, RAW_TIMEOUT_SECONDS);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", fixture->port, NULL,
                                                &error);
  g_assert_no_error (error);
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, &error);
  g_assert_no_error (error);
  if (body != NULL)
    {
      g_output_stream_write_all (out, g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                 NULL, NULL, &error);
      g_assert_no_error (error);
    }

  for (;;)
    {
      gssize n = g_input_stream_read (in, buffer, sizeof buffer, NULL, &error);

      if (n < 0 && hang != NULL)
        {
          g_propagate_error (hang, g_steal_pointer (&error));
          return 0;
        }
      if (n < 0)
        g_error ("no whole answer within %d s to “%.40s…”: %s", RAW_TIMEOUT_SECONDS, head,
                 error->message);
      if (n == 0)
        break;
      g_byte_array_append (received, buffer, n);
    }

  g_byte_array_append (received, (const guint8 *) "", 1);
  text = (const char *) received->data;
  if (sscanf (text, "HTTP/1.%*d %u", &status) != 1)
    g_error ("not an HTTP answer: %.80s", text);
  end = strstr (text, "\r\n\r\n");
  g_assert_nonnull (end);
  end += 4;
  if (answer != NULL)
    *answer = g_bytes_new (end, strlen (end));
  return status;
}

static guint
get (Fixture     *fixture,
     const char  *path,
     const char  *token,
     GBytes     **answer)
{
  return isaf_test_server_request (fixture->server, "GET", path, token, NULL, FALSE, answer);
}

static guint
post (Fixture     *fixture,
      const char  *path,
      const char  *token,
      GBytes      *body,
      gboolean     gzip,
      GBytes     **answer)
{
  return isaf_test_server_request (fixture->server, "POST", path, token, body, gzip, answer);
}

/* Checks ------------------------------------------------------------------------------------ */

/* The answer to @what is a refusal with @status and an error reply whose code is @code and
 * whose message is a sentence. The answer is read through its address,
 * after the request that fills it, and then freed. */
static void
check_refusal (const char  *what,
               guint        status,
               GBytes     **answer,
               guint        expected_status,
               const char  *code)
{
  IsafWireErrorReply reply = { 0 };
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const char *data = *answer ? g_bytes_get_data (*answer, &length) : "";

  if (status != expected_status)
    g_error ("%s: answered %u, not %u: %.*s", what, status, expected_status,
             (int) MIN (length, 300), data);
  if (!isaf_wire_error_reply_decode (data, length, &reply, &error))
    g_error ("%s: the %u answer is not an error reply (%s): “%.*s”", what, status,
             error->message, (int) MIN (length, 300), data);
  if (g_strcmp0 (reply.code, code) != 0)
    g_error ("%s: answered code %s, not %s (%s)", what, reply.code, code, reply.message);
  g_assert_cmpuint (strlen (reply.message), >, 0);
  isaf_wire_error_reply_clear (&reply);
  g_clear_pointer (answer, g_bytes_unref);
}

static void
check_server_answers (Fixture *fixture)
{
  g_autoptr(GBytes) answer = NULL;

  g_assert_cmpuint (get (fixture, "/v1/health", NULL, &answer), ==, 200);
}

static gint64
recent_clock (void)
{
  return ISAF_HLC_MAKE (g_get_real_time () / 1000 - 60000, 0);
}

/* A facilitator with its required fields, as a laptop pushes it. */
static IsafWireRow *
new_caf (const IsafUuid *id,
         const char     *name)
{
  IsafWireRow *row = isaf_wire_row_new (isaf_schema_find_table ("caf"), id);
  IsafValue text = { ISAF_VALUE_TEXT, .text = (char *) name };
  IsafValue sex = { ISAF_VALUE_TEXT, .text = (char *) "f" };
  gint64 hlc = recent_clock ();

  isaf_wire_row_add_field (row, "name_km", &text)->hlc = hlc;
  isaf_wire_row_add_field (row, "sex", &sex)->hlc = hlc;
  return row;
}

static GBytes *
good_push (Fixture *fixture,
           gint64   batch_seq)
{
  g_autoptr(IsafWirePush) push = isaf_test_push_new (fixture->laptop, batch_seq);
  IsafUuid id;

  isaf_uuid_v7 (&id);
  g_ptr_array_add (push->rows, new_caf (&id, "សុខា"));
  return isaf_wire_push_encode (push);
}

static GBytes *
good_hello (void)
{
  IsafWireHelloRequest hello = { ISAF_WIRE_PROTO, ISAF_SCHEMA_VERSION, (char *) PACKAGE_VERSION };

  return isaf_wire_hello_request_encode (&hello);
}

static GBytes *
good_token_request (IsafTestDevice *device)
{
  IsafWireTokenRequest request = { device->device_id, device->secret };

  return isaf_wire_token_request_encode (&request);
}

static char *
random_secret (void)
{
  guint8 bytes[32];

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = g_random_int_range (0, 256);
  return g_base64_encode (bytes, sizeof bytes);
}

static GBytes *
enroll_request (const char *code,
                const char *secret)
{
  IsafWireEnrollRequest request = { (char *) code, (char *) secret, (char *) "laptop" };

  return isaf_wire_enroll_request_encode (&request);
}

/* @template with its placeholders filled in: @SCHEMA@, the schema version; @DEVICE@ and
 * @SECRET@, the fixture laptop's; @ID@, a new row id; @H@, a recent clock. */
static GBytes *
expand (Fixture    *fixture,
        const char *template)
{
  GString *text = g_string_new (template);
  char device[ISAF_UUID_STRING_LENGTH + 1];
  char row[ISAF_UUID_STRING_LENGTH + 1];
  g_autofree char *schema = g_strdup_printf ("%d", ISAF_SCHEMA_VERSION);
  g_autofree char *clock = g_strdup_printf ("%" G_GINT64_FORMAT, recent_clock ());
  IsafUuid id;

  isaf_uuid_to_buffer (&fixture->laptop->device_id, device);
  isaf_uuid_v7 (&id);
  isaf_uuid_to_buffer (&id, row);
  g_string_replace (text, "@SCHEMA@", schema, 0);
  g_string_replace (text, "@DEVICE@", device, 0);
  g_string_replace (text, "@SECRET@", fixture->laptop->secret, 0);
  g_string_replace (text, "@ID@", row, 0);
  g_string_replace (text, "@H@", clock, 0);
  return g_string_free_to_bytes (text);
}

/* Nothing that was refused was kept: no receipt, no row in any synced table, no conflict, no
 * sequence number taken, no batch counted, no event but enrolment and revocation. Then the
 * laptop's first batch is still batch 1, it applies, and the server still answers. */
static void
check_nothing_kept_then_push (Fixture *fixture)
{
  g_autoptr(GString) rows_sql = g_string_new ("SELECT 0");
  g_autofree char *receipts = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *conflicts = NULL;
  g_autofree char *counted = NULL;
  g_autofree char *next_seq = NULL;
  g_autofree char *events = NULL;
  g_autoptr(GBytes) body = good_push (fixture, 1);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(IsafWirePushAck) ack = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  for (guint i = 0; i < isaf_schema_n_tables (); i++)
    g_string_append_printf (rows_sql, " + (SELECT count(*) FROM %s)",
                            isaf_schema_table_at (i)->name);
  receipts = isaf_test_server_query_value (fixture->server, "SELECT count(*) FROM push_receipt");
  g_assert_cmpstr (receipts, ==, "0");
  rows = isaf_test_server_query_value (fixture->server, rows_sql->str);
  g_assert_cmpstr (rows, ==, "0");
  conflicts = isaf_test_server_query_value (fixture->server, "SELECT count(*) FROM conflict_log");
  g_assert_cmpstr (conflicts, ==, "0");
  counted = isaf_test_server_query_value (fixture->server,
                                          "SELECT count(*) FROM device WHERE last_batch_seq <> 0");
  g_assert_cmpstr (counted, ==, "0");
  next_seq = isaf_test_server_query_value (fixture->server, "SELECT next_seq FROM commune_stream");
  g_assert_cmpstr (next_seq, ==, fixture->next_seq);
  events = isaf_test_server_query_value (fixture->server,
                                         "SELECT count(*) FROM audit_log WHERE event NOT IN "
                                         "('enrollment_code', 'enrolled', 'revoked')");
  g_assert_cmpstr (events, ==, "0");

  status = post (fixture, "/v1/sync/push", fixture->laptop->token, body, TRUE, &answer);
  if (status != 200)
    g_error ("the first batch after the refusals answered %u: %.*s", status,
             (int) g_bytes_get_size (answer), (const char *) g_bytes_get_data (answer, NULL));
  ack = isaf_wire_push_ack_decode (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer),
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpint (ack->batch_seq, ==, 1);
  g_assert_cmpstr (ack->status, ==, "applied");
  g_assert_cmpuint (ack->rejects->len, ==, 0);
  g_free (receipts);
  receipts = isaf_test_server_query_value (fixture->server, "SELECT count(*) FROM push_receipt");
  g_assert_cmpstr (receipts, ==, "1");
  check_server_answers (fixture);
}

/* Malformed JSON ---------------------------------------------------------------------------- */

/* Each endpoint's valid body, broken in the ways a cut connection, a bug or a fuzzer breaks
 * it, plain and gzip-compressed. */
static void
test_malformed_json (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *code = isaf_test_server_new_code (fixture->server, COMMUNE);
  g_autofree char *secret = random_secret ();
  g_autoptr(GBytes) enroll = enroll_request (code, secret);
  g_autoptr(GBytes) token = good_token_request (fixture->laptop);
  g_autoptr(GBytes) hello = good_hello ();
  g_autoptr(GBytes) push = good_push (fixture, 1);
  g_autofree char *used = NULL;
  struct {
    const char *path;
    const char *token;
    GBytes *valid;
  } endpoints[] = {
    { "/v1/enroll", NULL, enroll },
    { "/v1/auth/token", NULL, token },
    { "/v1/sync/hello", fixture->laptop->token, hello },
    { "/v1/sync/push", fixture->laptop->token, push },
  };

  for (guint e = 0; e < G_N_ELEMENTS (endpoints); e++)
    {
      gsize length;
      const char *valid = g_bytes_get_data (endpoints[e].valid, &length);
      g_autofree char *whole = g_strndup (valid, length);
      g_autofree char *without_brace = g_strndup (valid, length - 1);
      g_autofree char *half = g_strndup (valid, length / 2);
      g_autofree char *garbage = g_strconcat (whole, " x", NULL);
      g_autofree char *brace = g_strconcat (whole, "}", NULL);
      g_autofree char *twice = g_strconcat (whole, whole, NULL);
      g_autofree char *in_array = g_strconcat ("[", whole, "]", NULL);
      g_autofree char *commented = g_strconcat ("/* c */", whole, NULL);
      g_autofree char *trailing_comma = g_strconcat (without_brace, ",}", NULL);
      g_autofree char *single_quotes = g_strdelimit (g_strdup (whole), "\"", '\'');
      const char *bodies[] = {
        "", "   \r\n", "{", "}", "{\"", "[", "null", "true", "42", "\"text\"", "[{}]", "{}",
        "{\"code\":}", "{'code':'x'}", "{\"a\":1,}", "\xef\xbb\xbf{}",
        half, without_brace, garbage, brace, twice, in_array, commented, trailing_comma,
        single_quotes,
      };

      for (guint b = 0; b < G_N_ELEMENTS (bodies); b++)
        for (int gzip = 0; gzip <= 1; gzip++)
          {
            g_autoptr(GBytes) body = text_bytes (bodies[b]);
            g_autoptr(GBytes) answer = NULL;
            g_autofree char *what = g_strdup_printf ("%s%s with “%.60s”", endpoints[e].path,
                                                     gzip ? " (gzip)" : "", bodies[b]);
            guint status = post (fixture, endpoints[e].path, endpoints[e].token, body, gzip,
                                 &answer);

            check_refusal (what, status, &answer, 400, "malformed");
          }

      /* No body at all. */
      {
        g_autoptr(GBytes) answer = NULL;
        g_autofree char *what = g_strdup_printf ("%s without a body", endpoints[e].path);
        guint status = post (fixture, endpoints[e].path, endpoints[e].token, NULL, FALSE, &answer);

        check_refusal (what, status, &answer, 400, "malformed");
      }
    }

  /* The code was not spent: it still enrols, once. */
  used = isaf_test_server_query_value (fixture->server,
                                       "SELECT count(*) FROM enrollment WHERE used_at IS NOT NULL");
  g_assert_cmpstr (used, ==, "1");
  g_assert_cmpuint (post (fixture, "/v1/enroll", NULL, enroll, FALSE, NULL), ==, 200);
  check_nothing_kept_then_push (fixture);
}

/* Invalid UTF-8 and forbidden escapes ------------------------------------------------------- */

#define PUSH_HEAD(batch_seq) \
  "{\"proto\":1,\"schema\":@SCHEMA@,\"app\":\"test\",\"device_id\":\"@DEVICE@\"," \
  "\"batch_seq\":" batch_seq ","
#define PUSH(batch_seq, rows) PUSH_HEAD (batch_seq) "\"rows\":" rows "}"
#define ROW(table, fields) "{\"t\":\"" table "\",\"id\":\"@ID@\",\"txid\":1,\"f\":{" fields "}}"
#define FIELD(name, value) "\"" name "\":{\"v\":" value ",\"h\":\"@H@\"}"
/* A new facilitator named @name_km (JSON text), with more fields after its required ones. */
#define CAF_NAMED(name_km, more) \
  PUSH ("1", "[" ROW ("caf", FIELD ("name_km", name_km) "," FIELD ("sex", "\"f\"") more) "]")
#define CAF(more) CAF_NAMED ("\"ក\"", more)

static void
check_push_refused (Fixture    *fixture,
                    const char *template,
                    guint       expected_status,
                    const char *code)
{
  for (int gzip = 0; gzip <= 1; gzip++)
    {
      g_autoptr(GBytes) body = expand (fixture, template);
      g_autoptr(GBytes) answer = NULL;
      g_autofree char *what = g_strdup_printf ("push%s of %s", gzip ? " (gzip)" : "", template);
      guint status = post (fixture, "/v1/sync/push", fixture->laptop->token, body, gzip,
                           &answer);

      check_refusal (what, status, &answer, expected_status, code);
    }
}

/* Text that is not UTF-8, anywhere in a message, and escapes that decode to no character. */
static void
test_invalid_utf8 (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char * const pushes[] = {
    /* Not UTF-8 at all, an overlong '/', a surrogate, a sequence cut short, a byte past
     * U+10FFFF. */
    CAF_NAMED ("\"\xff\xfe\"", ""),
    CAF_NAMED ("\"\xc0\xaf\"", ""),
    CAF_NAMED ("\"\xed\xa0\x80\"", ""),
    CAF_NAMED ("\"\xe1\x9e\"", ""),
    CAF_NAMED ("\"\xf4\x90\x80\x80\"", ""),
    /* In a key, in the table's name, in the app. */
    PUSH ("1", "[" ROW ("caf", FIELD ("name\xff", "\"ក\"")) "]"),
    PUSH ("1", "[" ROW ("caf\xff", FIELD ("name_km", "\"ក\"")) "]"),
    "{\"proto\":1,\"schema\":@SCHEMA@,\"app\":\"\x80\",\"device_id\":\"@DEVICE@\",\"batch_seq\":1,"
    "\"rows\":[]}",
    /* Escapes that are not characters: NUL, lone surrogates, a reversed pair. */
    CAF_NAMED ("\"a\\u0000b\"", ""),
    CAF_NAMED ("\"\\ud800\"", ""),
    CAF_NAMED ("\"\\udc00\"", ""),
    CAF_NAMED ("\"\\ude00\\ud83d\"", ""),
    CAF_NAMED ("\"\\u00zz\"", ""),
    /* A raw control character in a string. */
    CAF_NAMED ("\"a\x01\"", ""),
  };
  static const char * const others[][2] = {
    { "/v1/enroll", "{\"code\":\"ABCDEFGHJK\",\"secret\":\"@SECRET@\",\"description\":\"\xff\"}" },
    { "/v1/enroll", "{\"code\":\"\xc3\x28\",\"secret\":\"@SECRET@\"}" },
    { "/v1/auth/token", "{\"device_id\":\"@DEVICE@\",\"secret\":\"\xfe@SECRET@\"}" },
    { "/v1/sync/hello", "{\"proto\":1,\"schema\":@SCHEMA@,\"app\":\"\xed\xbf\xbf\"}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pushes); i++)
    check_push_refused (fixture, pushes[i], 400, "malformed");
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autoptr(GBytes) body = expand (fixture, others[i][1]);
      g_autoptr(GBytes) answer = NULL;
      guint status = post (fixture, others[i][0], fixture->laptop->token, body, FALSE, &answer);

      check_refusal (others[i][1], status, &answer, 400, "malformed");
    }
  check_nothing_kept_then_push (fixture);
}

/* Wrong JSON types, unknown keys, tables and fields ----------------------------------------- */

/* Well-formed JSON that is not the message: each case differs from a valid push (checked
 * first) by one fault. */
static void
test_wrong_types (Fixture       *fixture,
                  gconstpointer  data)
{
  /* What the cases below break: these decode. */
  static const char * const valid[] = {
    PUSH ("1", "[]"),
    CAF (""),
    CAF ("," FIELD ("birth_year", "1990") "," FIELD ("deleted", "0")),
    PUSH ("1", "[" ROW ("caf", "\"name_km\":{\"v\":\"ក\",\"h\":\"@H@\",\"b\":\"@H@\","
                               "\"bn\":\"1\"}") "]"),
  };
  static const char * const pushes[] = {
    /* The batch. */
    PUSH ("\"1\"", "[]"),
    PUSH ("1.0", "[]"),
    PUSH ("0", "[]"),
    PUSH ("-1", "[]"),
    PUSH ("true", "[]"),
    PUSH ("null", "[]"),
    PUSH ("9223372036854775808", "[]"),
    PUSH ("1e400", "[]"),
    PUSH ("1", "{}"),
    PUSH ("1", "null"),
    PUSH ("1", "\"[]\""),
    PUSH ("1", "[1]"),
    PUSH ("1", "[[]]"),
    PUSH ("1", "[null]"),
    PUSH ("1", "[]" ",\"extra\":true"),
    PUSH ("1", "[]" ",\"batch_seq\":1"),
    PUSH ("1", "[]" ",\"epoch\":5"),
    "{\"proto\":\"1\",\"schema\":@SCHEMA@,\"app\":\"t\",\"device_id\":\"@DEVICE@\",\"batch_seq\":1,"
    "\"rows\":[]}",
    "{\"proto\":1,\"schema\":[@SCHEMA@],\"app\":\"t\",\"device_id\":\"@DEVICE@\",\"batch_seq\":1,"
    "\"rows\":[]}",
    "{\"proto\":1,\"schema\":@SCHEMA@,\"app\":7,\"device_id\":\"@DEVICE@\",\"batch_seq\":1,"
    "\"rows\":[]}",
    "{\"proto\":1,\"schema\":@SCHEMA@,\"app\":\"t\",\"device_id\":\"not-a-uuid\",\"batch_seq\":1,"
    "\"rows\":[]}",
    "{\"proto\":1,\"schema\":@SCHEMA@,\"app\":\"t\",\"batch_seq\":1,\"rows\":[]}",
    /* A field value of the wrong kind for its column. */
    CAF_NAMED ("42", ""),
    CAF_NAMED ("[\"ក\"]", ""),
    CAF_NAMED ("{}", ""),
    CAF_NAMED ("true", ""),
    CAF ("," FIELD ("birth_year", "\"1990\"")),
    CAF ("," FIELD ("birth_year", "1990.5")),
    CAF ("," FIELD ("birth_year", "1e3")),
    CAF ("," FIELD ("birth_year", "false")),
    CAF ("," FIELD ("village_id", "\"not-a-uuid\"")),
    CAF ("," FIELD ("village_id", "\"0190A3B4-5C6D-7E8F-9A0B-1C2D3E4F5A6B\"")),
    CAF ("," FIELD ("village_id", "\"{0190a3b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b}\"")),
    CAF ("," FIELD ("village_id", "7")),
    CAF ("," FIELD ("deleted", "2")),
    CAF ("," FIELD ("deleted", "null")),
    CAF ("," FIELD ("deleted", "\"0\"")),
    /* The row and its fields' shape. */
    PUSH ("1", "[{\"t\":\"caf\",\"id\":\"@ID@\",\"txid\":1}]"),
    PUSH ("1", "[{\"t\":\"caf\",\"id\":\"@ID@\",\"txid\":\"1\",\"f\":{}}]"),
    PUSH ("1", "[{\"t\":\"caf\",\"id\":\"@ID@\",\"txid\":-1,\"f\":{}}]"),
    PUSH ("1", "[{\"t\":\"caf\",\"id\":\"nope\",\"txid\":1,\"f\":{}}]"),
    PUSH ("1", "[{\"t\":\"caf\",\"id\":\"@ID@\",\"txid\":1,\"f\":[]}]"),
    PUSH ("1", "[{\"t\":\"caf\",\"id\":\"@ID@\",\"txid\":1,\"f\":{},\"extra\":1}]"),
    PUSH ("1", "[{\"t\":\"caf\",\"id\":\"@ID@\",\"seq\":1,\"f\":{}}]"),
    PUSH ("1", "[{\"t\":5,\"id\":\"@ID@\",\"txid\":1,\"f\":{}}]"),
    PUSH ("1", "[" ROW ("caf", "\"name_km\":\"ក\"") "]"),
    PUSH ("1", "[" ROW ("caf", "\"name_km\":{\"v\":\"ក\"}") "]"),
    PUSH ("1", "[" ROW ("caf", "\"name_km\":{\"v\":\"ក\",\"h\":5}") "]"),
    PUSH ("1", "[" ROW ("caf", "\"name_km\":{\"v\":\"ក\",\"h\":\"0@H@\"}") "]"),
    PUSH ("1", "[" ROW ("caf", "\"name_km\":{\"v\":\"ក\",\"h\":\"@H@\",\"b\":\"@H@\"}") "]"),
    PUSH ("1", "[" ROW ("caf", "\"name_km\":{\"v\":\"ក\",\"h\":\"@H@\",\"x\":1}") "]"),
    PUSH ("1", "[" ROW ("caf", "\"name_km\":{\"v\":\"ក\",\"h\":\"@H@\",\"h\":\"@H@\"}") "]"),
    PUSH ("1", "[" ROW ("caf", FIELD ("name_km", "\"ក\"") "," FIELD ("name_km", "\"ខ\"")) "]"),
    /* Tables that are not synced: the laptop's own, the national reference data, none. */
    PUSH ("1", "[" ROW ("sync_outbox", FIELD ("name_km", "\"ក\"")) "]"),
    PUSH ("1", "[" ROW ("ref_indicator", FIELD ("name_km", "\"ក\"")) "]"),
    PUSH ("1", "[" ROW ("nope", FIELD ("name_km", "\"ក\"")) "]"),
    PUSH ("1", "[" ROW ("", FIELD ("name_km", "\"ក\"")) "]"),
    PUSH ("1", "[" ROW ("CAF", FIELD ("name_km", "\"ក\"")) "]"),
    PUSH ("1", "[" ROW ("push_receipt", FIELD ("batch_seq", "1")) "]"),
    PUSH ("1", "[" ROW ("caf; DROP TABLE caf", FIELD ("name_km", "\"ក\"")) "]"),
    /* Fields that are not columns, among them the server's own. */
    CAF ("," FIELD ("nope", "1")),
    CAF ("," FIELD ("commune_id", "\"010202\"")),
    CAF ("," FIELD ("seq", "1")),
    CAF ("," FIELD ("clocks", "\"{}\"")),
    CAF ("," FIELD ("id", "\"@ID@\"")),
    CAF ("," FIELD ("NAME_KM", "\"ក\"")),
    CAF ("," FIELD ("name_km = 'x', commune_id", "\"010202\"")),
  };
  static const char * const others[][2] = {
    { "/v1/sync/hello", "{\"proto\":\"1\",\"schema\":@SCHEMA@,\"app\":\"t\"}" },
    { "/v1/sync/hello", "{\"proto\":1,\"schema\":@SCHEMA@,\"app\":5}" },
    { "/v1/sync/hello", "{\"proto\":1,\"schema\":@SCHEMA@}" },
    { "/v1/sync/hello", "{\"proto\":1,\"schema\":@SCHEMA@,\"app\":\"t\",\"extra\":null}" },
    { "/v1/sync/hello", "{\"proto\":1.5,\"schema\":@SCHEMA@,\"app\":\"t\"}" },
    { "/v1/auth/token", "{\"device_id\":\"@DEVICE@\",\"secret\":5}" },
    { "/v1/auth/token", "{\"device_id\":7,\"secret\":\"@SECRET@\"}" },
    { "/v1/auth/token", "{\"device_id\":\"@DEVICE@\",\"secret\":\"@SECRET@\",\"extra\":1}" },
    { "/v1/auth/token", "{\"device_id\":\"@DEVICE@\"}" },
    { "/v1/enroll", "{\"code\":5,\"secret\":\"@SECRET@\"}" },
    { "/v1/enroll", "{\"code\":\"ABCDEFGHJK\",\"secret\":[\"@SECRET@\"]}" },
    { "/v1/enroll", "{\"code\":\"ABCDEFGHJK\",\"secret\":\"@SECRET@\",\"description\":5}" },
    { "/v1/enroll", "{\"code\":\"ABCDEFGHJK\",\"secret\":\"@SECRET@\",\"commune_id\":\"010202\"}" },
    { "/v1/enroll", "{\"code\":\"ABCDEFGHJK\"}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GBytes) body = expand (fixture, valid[i]);
      g_autoptr(IsafWirePush) push = NULL;
      g_autoptr(GError) error = NULL;

      push = isaf_wire_push_decode (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                    &error);
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (pushes); i++)
    check_push_refused (fixture, pushes[i], 400, "malformed");
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autoptr(GBytes) body = expand (fixture, others[i][1]);
      g_autoptr(GBytes) answer = NULL;
      guint status = post (fixture, others[i][0], fixture->laptop->token, body, FALSE, &answer);

      check_refusal (others[i][1], status, &answer, 400, "malformed");
    }

  /* Well-formed pushes refused for what they say, not how: another device's batch, a gap. */
  {
    g_autoptr(IsafTestDevice) other = isaf_test_server_enroll (fixture->server, COMMUNE);
    g_autoptr(IsafWirePush) foreign = isaf_test_push_new (other, 1);
    g_autoptr(GBytes) body = NULL;
    g_autoptr(GBytes) answer = NULL;
    IsafUuid id;

    isaf_uuid_v7 (&id);
    g_ptr_array_add (foreign->rows, new_caf (&id, "ក"));
    body = isaf_wire_push_encode (foreign);
    check_refusal ("a push for another device",
                   post (fixture, "/v1/sync/push", fixture->laptop->token, body, TRUE, &answer),
                   &answer, 403, "forbidden");
    g_clear_pointer (&body, g_bytes_unref);
    body = good_push (fixture, 2);
    check_refusal ("a push of batch 2 first",
                   post (fixture, "/v1/sync/push", fixture->laptop->token, body, TRUE, &answer),
                   &answer, 409, "batch_gap");
  }
  check_nothing_kept_then_push (fixture);
}

/* Sizes ------------------------------------------------------------------------------------- */

static char *
random_hex (gsize length)
{
  char *text = g_malloc (length + 1);

  for (gsize i = 0; i < length; i++)
    text[i] = "0123456789abcdef"[g_random_int_range (0, 16)];
  text[length] = '\0';
  return text;
}

/* A push whose app string makes it @size bytes or a little more. */
static GBytes *
push_of_size (Fixture *fixture,
              gsize    size,
              gboolean random)
{
  g_autofree char *filler = random ? random_hex (size) : g_strnfill (size, 'a');
  g_autofree char *template = g_strconcat ("{\"proto\":1,\"schema\":@SCHEMA@,\"app\":\"", filler,
                                           "\",\"device_id\":\"@DEVICE@\",\"batch_seq\":1,"
                                           "\"rows\":[]}", NULL);

  return expand (fixture, template);
}

/* The head of a push that says it has 1 GiB of body, of which nothing follows. */
static char *
unsent_body_head (Fixture  *fixture,
                  gboolean  expect_continue)
{
  return g_strdup_printf ("POST /v1/sync/push HTTP/1.1\r\n"
                          "Host: 127.0.0.1:%u\r\n"
                          "Authorization: Bearer %s\r\n"
                          "Content-Type: application/json\r\n"
                          "Content-Length: 1073741824\r\n"
                          "%s"
                          "Connection: close\r\n"
                          "\r\n", fixture->port, fixture->laptop->token,
                          expect_continue ? "Expect: 100-continue\r\n" : "");
}

/* Each limit of the body and of the message, with the body limits lowered for the test. */
static void
test_too_large (Fixture       *fixture,
                gconstpointer  data)
{
  IsafServerConfig *config = isaf_test_server_get_config (fixture->server);
  gint64 max_body = config->max_body_bytes;
  gint64 max_decompressed = config->max_decompressed_bytes;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) packed = NULL;
  g_autoptr(GString) rows = g_string_new ("[");
  g_autofree char *authorization = g_strconcat ("Bearer ", fixture->laptop->token, NULL);
  g_autofree char *head = NULL;
  g_autofree char *template = NULL;
  g_autofree char *long_text = NULL;

  /* Within the body limits, beyond the message's: more rows than a batch may have, a text
   * longer than a field may hold. */
  for (guint i = 0; i <= ISAF_WIRE_MAX_ROWS; i++)
    g_string_append (rows, i == 0 ? ROW ("caf", FIELD ("name_km", "\"ក\""))
                                  : "," ROW ("caf", FIELD ("name_km", "\"ក\"")));
  g_string_append (rows, "]");
  template = g_strconcat (PUSH_HEAD ("1") "\"rows\":", rows->str, "}", NULL);
  check_push_refused (fixture, template, 413, "too_large");
  g_free (template);
  long_text = g_strnfill (ISAF_WIRE_MAX_TEXT_BYTES + 1, 'a');
  template = g_strconcat (PUSH_HEAD ("1") "\"rows\":[{\"t\":\"caf\",\"id\":\"@ID@\",\"txid\":1,"
                          "\"f\":{\"name_km\":{\"v\":\"", long_text, "\",\"h\":\"@H@\"}}}]}", NULL);
  check_push_refused (fixture, template, 413, "too_large");

  /* The server reads its limits for each request. */
  config->max_body_bytes = 4096;
  config->max_decompressed_bytes = 16384;

  /* A length alone from a client that waits for leave to send the body: refused from the
   * length, before any of it is sent. */
  head = unsent_body_head (fixture, TRUE);
  check_refusal ("a 1 GiB length without its body", send_raw (fixture, head, NULL, &answer, NULL),
                 &answer, 413, "too_large");

  /* Sent with its length: refused from the length. */
  body = push_of_size (fixture, 5000, FALSE);
  check_refusal ("a 5000-byte body", post (fixture, "/v1/sync/push", fixture->laptop->token, body,
                                           FALSE, &answer),
                 &answer, 413, "too_large");
  check_refusal ("a 5000-byte enrolment", post (fixture, "/v1/enroll", NULL, body, FALSE, &answer),
                 &answer, 413, "too_large");

  /* Compressed and still larger than the limit (random text does not compress much). */
  g_clear_pointer (&body, g_bytes_unref);
  body = push_of_size (fixture, 12000, TRUE);
  packed = gzip_bytes (body);
  g_assert_cmpuint (g_bytes_get_size (packed), >, 4096);
  check_refusal ("a large gzip body",
                 send_with_headers (fixture, "POST", "/v1/sync/push", packed, &answer,
                                    "Authorization", authorization,
                                    "Content-Encoding", "gzip", NULL),
                 &answer, 413, "too_large");

  /* Small compressed, larger than the limit unpacked. */
  g_clear_pointer (&body, g_bytes_unref);
  body = push_of_size (fixture, 100000, FALSE);
  check_refusal ("a gzip body unpacking past the limit",
                 post (fixture, "/v1/sync/push", fixture->laptop->token, body, TRUE, &answer),
                 &answer, 413, "too_large");

  /* Chunked, without a length to refuse it by. */
  g_clear_pointer (&head, g_free);
  g_clear_pointer (&body, g_bytes_unref);
  body = push_of_size (fixture, 8000, FALSE);
  head = g_strdup_printf ("POST /v1/sync/push HTTP/1.1\r\n"
                          "Host: 127.0.0.1:%u\r\n"
                          "Authorization: Bearer %s\r\n"
                          "Content-Type: application/json\r\n"
                          "Transfer-Encoding: chunked\r\n"
                          "Connection: close\r\n"
                          "\r\n"
                          "%" G_GSIZE_MODIFIER "x\r\n", fixture->port, fixture->laptop->token,
                          g_bytes_get_size (body));
  {
    g_autoptr(GByteArray) bytes = g_byte_array_new ();
    g_autoptr(GBytes) whole = NULL;

    g_byte_array_append (bytes, g_bytes_get_data (body, NULL), g_bytes_get_size (body));
    g_byte_array_append (bytes, (const guint8 *) "\r\n0\r\n\r\n", 7);
    whole = g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
    check_refusal ("a chunked body past the limit", send_raw (fixture, head, whole, &answer, NULL),
                   &answer, 413, "too_large");
  }

  config->max_body_bytes = max_body;
  config->max_decompressed_bytes = max_decompressed;
  check_nothing_kept_then_push (fixture);
}

/* A client that sends its headers and then the body without waiting for leave. The answer
 * should come from the length alone, without waiting for the body; libsoup (3.2 to this day)
 * reads a request's body to its end before it sends any answer unless the client sent
 * "Expect: 100-continue", so the refusal comes only once the whole declared body is read. */
static void
test_too_large_unsent (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *head = unsent_body_head (fixture, FALSE);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) hang = NULL;
  guint status = send_raw (fixture, head, NULL, &answer, &hang);

  if (g_error_matches (hang, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_test_incomplete ("a body longer than the limit is refused only once it is all read, "
                       "unless the client sends Expect: 100-continue");
  else
    {
      g_assert_no_error (hang);
      check_refusal ("a 1 GiB length without its body, without Expect", status, &answer, 413,
                     "too_large");
    }
  check_nothing_kept_then_push (fixture);
}

/* 64 KiB that unpack to 64 MiB: refused at the limit while unpacking, quickly, from anyone. */
static void
test_zip_bomb (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GBytes) bomb = gzip_zeros (64 * 1024 * 1024);
  g_autofree char *authorization = g_strconcat ("Bearer ", fixture->laptop->token, NULL);
  g_autoptr(GBytes) hello = good_hello ();
  const char *paths[] = { "/v1/sync/push", "/v1/enroll" };

  g_assert_cmpuint (g_bytes_get_size (bomb), <, 1024 * 1024);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GBytes) answer = NULL;
      g_autofree char *what = g_strdup_printf ("64 MiB of zeros gzipped to %s", paths[i]);
      gint64 started = g_get_monotonic_time ();
      guint status = send_with_headers (fixture, "POST", paths[i], bomb, &answer,
                                        "Authorization", authorization,
                                        "Content-Encoding", "gzip", NULL);
      gint64 elapsed;

      elapsed = g_get_monotonic_time () - started;
      check_refusal (what, status, &answer, 413, "too_large");
      g_test_message ("%s (%" G_GSIZE_FORMAT " bytes) refused in %" G_GINT64_FORMAT " ms", what,
                      g_bytes_get_size (bomb), elapsed / 1000);
      g_assert_cmpint (elapsed, <, BOMB_MAX_SECONDS * G_USEC_PER_SEC);
    }

  g_assert_cmpuint (post (fixture, "/v1/sync/hello", fixture->laptop->token, hello, TRUE, NULL),
                    ==, 200);
  check_nothing_kept_then_push (fixture);
}

/* Nesting past 16 levels is refused from a scan of the raw bytes (a recursive parser would run
 * out of stack), whether the brackets close or not. */
static void
test_deep_nesting (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *arrays = g_strnfill (100000, '[');
  g_autoptr(GString) objects = g_string_new (NULL);
  g_autofree char *opening = g_strnfill (20, '[');
  g_autofree char *closing = g_strnfill (20, ']');
  g_autofree char *closed = NULL;
  g_autofree char *in_push = NULL;
  const char *bodies[4];

  for (guint i = 0; i < 100000; i++)
    g_string_append (objects, "{\"a\":");
  /* Deep, yet whole: every bracket closed. */
  closed = g_strconcat (opening, "1", closing, NULL);
  in_push = g_strconcat (PUSH_HEAD ("1") "\"rows\":[", closed, "]}", NULL);
  bodies[0] = arrays;
  bodies[1] = objects->str;
  bodies[2] = closed;
  bodies[3] = in_push;

  for (guint b = 0; b < G_N_ELEMENTS (bodies); b++)
    for (int gzip = 0; gzip <= 1; gzip++)
      {
        const char *paths[] = { "/v1/sync/push", "/v1/enroll", "/v1/sync/hello" };

        for (guint p = 0; p < G_N_ELEMENTS (paths); p++)
          {
            g_autoptr(GBytes) body = expand (fixture, bodies[b]);
            g_autoptr(GBytes) answer = NULL;
            g_autofree char *what = g_strdup_printf ("%s%s nested: %.30s…", paths[p],
                                                     gzip ? " (gzip)" : "", bodies[b]);
            guint status = post (fixture, paths[p], fixture->laptop->token, body, gzip, &answer);

            check_refusal (what, status, &answer, 413, "too_large");
          }
      }
  check_server_answers (fixture);
  check_nothing_kept_then_push (fixture);
}

/* Encodings --------------------------------------------------------------------------------- */

/* Only gzip and identity are understood, and a gzip body must be whole and intact. */
static void
test_content_encoding (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GBytes) hello = good_hello ();
  g_autoptr(GBytes) push = good_push (fixture, 1);
  g_autoptr(GBytes) packed = gzip_bytes (push);
  g_autofree char *authorization = g_strconcat ("Bearer ", fixture->laptop->token, NULL);
  gsize length;
  const guint8 *gzip = g_bytes_get_data (packed, &length);
  static const guint8 header_then_garbage[] = {
    0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 'n', 'o', 't', ' ', 'd', 'e',
    'f', 'l', 'a', 't', 'e', 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00,
  };
  g_autofree guint8 *bad_crc = g_memdup2 (gzip, length);
  g_autoptr(GBytes) garbage = g_bytes_new_static (header_then_garbage, sizeof header_then_garbage);
  g_autoptr(GBytes) wrong_crc = NULL;
  g_autoptr(GBytes) truncated = g_bytes_new_from_bytes (packed, 0, length / 2);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) not_gzip = g_bytes_ref (push);
  struct {
    const char *what;
    const char *encoding;
    GBytes *body;
  } cases[] = {
    { "br", "br", push },
    { "deflate", "deflate", push },
    { "compress", "compress", push },
    { "two encodings", "gzip, br", packed },
    { "x-gzip", "x-gzip", packed },
    { "an empty encoding name", "\t", push },
    { "gzip header then garbage", "gzip", garbage },
    { "gzip with a wrong checksum", "gzip", NULL },
    { "gzip cut in half", "gzip", truncated },
    { "gzip of nothing at all", "gzip", empty },
    { "plain JSON said to be gzip", "gzip", not_gzip },
  };

  /* The trailer's CRC-32 changed: the data unpacks, the check fails. */
  bad_crc[length - 8] ^= 0xff;
  wrong_crc = g_bytes_new (bad_crc, length);
  cases[7].body = wrong_crc;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) answer = NULL;
      guint status = send_with_headers (fixture, "POST", "/v1/sync/push", cases[i].body, &answer,
                                        "Authorization", authorization,
                                        "Content-Encoding", cases[i].encoding, NULL);

      check_refusal (cases[i].what, status, &answer, 400, "malformed");
    }

  /* What is understood is still understood. */
  g_assert_cmpuint (send_with_headers (fixture, "POST", "/v1/sync/hello", hello, NULL,
                                       "Authorization", authorization,
                                       "Content-Encoding", "identity", NULL), ==, 200);
  check_nothing_kept_then_push (fixture);
}

/* Enrolment codes --------------------------------------------------------------------------- */

/* A code works once, for 72 hours; any other code is refused alike. */
static void
test_enrolment_codes (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *code = isaf_test_server_new_code (fixture->server, COMMUNE);
  g_autofree char *expired = isaf_test_server_new_code (fixture->server, COMMUNE);
  g_autofree char *secret = random_secret ();
  g_autofree char *other_secret = random_secret ();
  g_autofree char *expired_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, expired, -1);
  g_autofree char *expire = g_strdup_printf ("UPDATE enrollment SET expires_at = now () - "
                                             "interval '1 second' WHERE code_hash = "
                                             "decode ('%s', 'hex')", expired_hash);
  g_autofree char *long_code = g_strnfill (300, 'A');
  g_autofree char *devices = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *wrong_shapes[] = {
    "", " ", "-", "x", "ABCDEFGHJ", "ABCDEFGHJKL", "ABCDE-FGHJK-LMNPQ", "0O1I0O1I0O",
    "ក្រុង",
    "' OR 1=1 --", "%", "\\", long_code,
  };

  /* Used once, then by a laptop with another secret. */
  body = enroll_request (code, secret);
  g_assert_cmpuint (post (fixture, "/v1/enroll", NULL, body, FALSE, NULL), ==, 200);
  g_clear_pointer (&body, g_bytes_unref);
  body = enroll_request (code, other_secret);
  check_refusal ("a used code", post (fixture, "/v1/enroll", NULL, body, FALSE, &answer), &answer,
                 403, "invalid_code");

  /* Past its expiry. */
  g_assert_true (isaf_test_pg_exec (isaf_test_server_get_pg (fixture->server), expire, &error));
  g_assert_no_error (error);
  g_clear_pointer (&body, g_bytes_unref);
  body = enroll_request (expired, other_secret);
  check_refusal ("an expired code", post (fixture, "/v1/enroll", NULL, body, FALSE, &answer),
                 &answer, 403, "invalid_code");

  /* Codes no one made, in every shape. */
  for (guint i = 0; i < G_N_ELEMENTS (wrong_shapes); i++)
    {
      g_autofree char *what = g_strdup_printf ("the code “%.20s”", wrong_shapes[i]);
      guint status;

      g_clear_pointer (&body, g_bytes_unref);
      body = enroll_request (wrong_shapes[i], other_secret);
      status = post (fixture, "/v1/enroll", NULL, body, FALSE, &answer);
      if (status == 400)
        check_refusal (what, status, &answer, 400, "malformed");
      else
        check_refusal (what, status, &answer, 403, "invalid_code");
    }

  /* One device from all of it: the fixture's laptop and the first use of the code. */
  devices = isaf_test_server_query_value (fixture->server, "SELECT count(*) FROM device");
  g_assert_cmpstr (devices, ==, "2");
  check_nothing_kept_then_push (fixture);
}

/* Revoked devices --------------------------------------------------------------------------- */

/* A revoked device's token is still well signed and unexpired: the device row says no. */
static void
test_revoked (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(IsafTestDevice) revoked = isaf_test_server_enroll (fixture->server, COMMUNE);
  g_autoptr(PGconn) conn = isaf_test_server_connect_api (fixture->server);
  g_autoptr(IsafWirePush) push = isaf_test_push_new (revoked, 1);
  g_autoptr(GBytes) hello = good_hello ();
  g_autoptr(GBytes) push_body = NULL;
  g_autoptr(GBytes) token_body = good_token_request (revoked);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  char device[ISAF_UUID_STRING_LENGTH + 1];
  IsafUuid id;

  isaf_uuid_v7 (&id);
  g_ptr_array_add (push->rows, new_caf (&id, "ដកហូត"));
  push_body = isaf_wire_push_encode (push);
  isaf_uuid_to_buffer (&revoked->device_id, device);
  g_assert_true (isaf_server_device_revoke (conn, device, &error));
  g_assert_no_error (error);

  check_refusal ("hello from a revoked device",
                 post (fixture, "/v1/sync/hello", revoked->token, hello, TRUE, &answer), &answer,
                 403, "revoked");
  check_refusal ("push from a revoked device",
                 post (fixture, "/v1/sync/push", revoked->token, push_body, TRUE, &answer),
                 &answer, 403, "revoked");
  check_refusal ("pull from a revoked device",
                 get (fixture, "/v1/sync/pull", revoked->token, &answer), &answer, 403, "revoked");
  check_refusal ("a new token for a revoked device",
                 post (fixture, "/v1/auth/token", NULL, token_body, FALSE, &answer), &answer, 403,
                 "revoked");
  check_nothing_kept_then_push (fixture);
}

/* Tokens ------------------------------------------------------------------------------------ */

static char *
base64url_decode (const char *text)
{
  g_autoptr(GString) padded = g_string_new (text);
  g_autofree guchar *decoded = NULL;
  gsize length;

  while (padded->len % 4 != 0)
    g_string_append_c (padded, '=');
  g_strdelimit (padded->str, "-", '+');
  g_strdelimit (padded->str, "_", '/');
  decoded = g_base64_decode (padded->str, &length);
  return g_strndup ((const char *) decoded, length);
}

static char *
base64url_encode (const char *text)
{
  char *encoded = g_base64_encode ((const guchar *) text, strlen (text));

  g_strdelimit (encoded, "+", '-');
  g_strdelimit (encoded, "/", '_');
  g_strdelimit (encoded, "=", '\0');
  return encoded;
}

/* @token ("v1.payload.signature") with @payload put in, the signature kept. */
static char *
with_payload (const char *token,
              const char *payload)
{
  g_auto(GStrv) parts = g_strsplit (token, ".", 3);
  g_autofree char *encoded = base64url_encode (payload);

  g_assert_cmpuint (g_strv_length (parts), ==, 3);
  return g_strjoin (".", parts[0], encoded, parts[2], NULL);
}

/* Every sync endpoint refuses a missing, malformed, forged or expired token alike, before it
 * reads the body, and even where the endpoint does not exist. */
static void
test_tokens (Fixture       *fixture,
             gconstpointer  data)
{
  IsafServerConfig *config = isaf_test_server_get_config (fixture->server);
  int lifetime = config->token_lifetime_seconds;
  g_autoptr(IsafTestDevice) other = isaf_test_server_enroll (fixture->server, COMMUNE);
  const char *token = fixture->laptop->token;
  g_auto(GStrv) parts = g_strsplit (token, ".", 3);
  g_autofree char *payload = base64url_decode (parts[1]);
  g_auto(GStrv) fields = g_strsplit (payload, " ", 3);
  g_auto(GStrv) other_parts = g_strsplit (other->token, ".", 3);
  g_autofree char *later = g_strdup_printf ("%s %s %" G_GINT64_FORMAT, fields[0], fields[1],
                                            g_ascii_strtoll (fields[2], NULL, 10) + 86400 * 365);
  g_autofree char *elsewhere = g_strdup_printf ("%s 010202 %s", fields[0], fields[2]);
  g_autofree char *longer = with_payload (token, later);
  g_autofree char *moved = with_payload (token, elsewhere);
  g_autofree char *swapped = g_strjoin (".", parts[0], other_parts[1], parts[2], NULL);
  g_autofree char *resigned = g_strdup (token);
  g_autofree char *cut = g_strndup (token, strlen (token) - 1);
  g_autofree char *filler = g_strnfill (600, 'A');
  g_autofree char *huge = g_strconcat ("v1.", filler, ".", parts[2], NULL);
  g_autofree char *expired = NULL;
  g_autoptr(GBytes) token_body = good_token_request (fixture->laptop);
  g_autoptr(GBytes) token_answer = NULL;
  g_autoptr(GBytes) hello = good_hello ();
  g_autoptr(GBytes) push = good_push (fixture, 1);
  IsafWireTokenReply reply = { 0 };
  g_autoptr(GError) error = NULL;
  const char *tokens[] = {
    NULL, "", "garbage", "v1.", "v1..", "v1.abc", "v1..abc", "v2.abc.def", "v1.!!!.???",
    "Bearer", "v1.a.b.c", longer, moved, swapped, resigned, cut, huge, NULL,
  };
  struct {
    const char *method;
    const char *path;
    GBytes *body;
  } endpoints[] = {
    { "POST", "/v1/sync/hello", hello },
    { "POST", "/v1/sync/push", push },
    { "GET", "/v1/sync/pull", NULL },
    { "GET", "/v1/sync/pull?limit=1&cursor=abc", NULL },
    { "GET", "/v1/sync/ref", NULL },
    { "POST", "/v1/sync/nope", NULL },
  };

  /* The signature's middle changed. */
  resigned[strlen (resigned) - 10] = resigned[strlen (resigned) - 10] == 'A' ? 'B' : 'A';

  /* A token that expires as it is made, signed by the server itself. */
  config->token_lifetime_seconds = 0;
  g_assert_cmpuint (post (fixture, "/v1/auth/token", NULL, token_body, FALSE, &token_answer), ==,
                    200);
  config->token_lifetime_seconds = lifetime;
  g_assert_true (isaf_wire_token_reply_decode (g_bytes_get_data (token_answer, NULL),
                                               g_bytes_get_size (token_answer), &reply, &error));
  g_assert_no_error (error);
  expired = g_steal_pointer (&reply.token);
  isaf_wire_token_reply_clear (&reply);
  tokens[G_N_ELEMENTS (tokens) - 1] = expired;
  g_assert_cmpuint (g_strv_length (fields), ==, 3);

  for (guint e = 0; e < G_N_ELEMENTS (endpoints); e++)
    for (guint t = 0; t < G_N_ELEMENTS (tokens); t++)
      {
        g_autoptr(GBytes) answer = NULL;
        g_autofree char *what = g_strdup_printf ("%s %s with the token “%.40s”",
                                                 endpoints[e].method, endpoints[e].path,
                                                 tokens[t] ? tokens[t] : "(none)");
        guint status = isaf_test_server_request (fixture->server, endpoints[e].method,
                                                 endpoints[e].path, tokens[t], endpoints[e].body,
                                                 endpoints[e].body != NULL, &answer);

        check_refusal (what, status, &answer, 401, "unauthorized");
      }

  /* Other schemes, and the token where the scheme should be. */
  {
    g_autofree char *no_scheme = g_strdup (token);
    const char *authorizations[] = { "Basic dXNlcjpwYXNz", no_scheme, "Bearer", "Token abc" };

    for (guint i = 0; i < G_N_ELEMENTS (authorizations); i++)
      {
        g_autoptr(GBytes) answer = NULL;
        guint status = send_with_headers (fixture, "POST", "/v1/sync/hello", hello, &answer,
                                          "Authorization", authorizations[i], NULL);

        check_refusal (authorizations[i], status, &answer, 401, "unauthorized");
      }
  }

  /* The real token still works. */
  g_assert_cmpuint (post (fixture, "/v1/sync/hello", token, hello, TRUE, NULL), ==, 200);
  check_nothing_kept_then_push (fixture);
}

/* Versions ---------------------------------------------------------------------------------- */

/* X-Sync-Proto is checked before anything else; a push's own versions once it is decoded. */
static void
test_protocol_versions (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *authorization = g_strconcat ("Bearer ", fixture->laptop->token, NULL);
  g_autoptr(GBytes) hello = good_hello ();
  g_autoptr(GBytes) enroll = enroll_request ("ABCDEFGHJK", fixture->laptop->secret);
  g_autofree char *next_schema = g_strdup_printf ("%d", ISAF_SCHEMA_VERSION + 1);
  g_autofree char *previous_schema = g_strdup_printf ("%d", ISAF_SCHEMA_VERSION - 1);
  const char *versions[] = { "2", "0", "-1", "abc", "1.0", "01", "1,2", "99999999999999999999" };
  struct {
    const char *method;
    const char *path;
    GBytes *body;
  } endpoints[] = {
    { "POST", "/v1/sync/hello", hello },
    { "GET", "/v1/sync/pull", NULL },
    { "POST", "/v1/enroll", enroll },
  };

  for (guint e = 0; e < G_N_ELEMENTS (endpoints); e++)
    for (guint v = 0; v < G_N_ELEMENTS (versions); v++)
      {
        g_autoptr(GBytes) answer = NULL;
        g_autofree char *what = g_strdup_printf ("%s with X-Sync-Proto: %s", endpoints[e].path,
                                                 versions[v]);
        guint status = send_with_headers (fixture, endpoints[e].method, endpoints[e].path,
                                          endpoints[e].body, &answer,
                                          "Authorization", authorization,
                                          "X-Sync-Proto", versions[v], NULL);

        check_refusal (what, status, &answer, 426, "upgrade_required");
      }
  g_assert_cmpuint (send_with_headers (fixture, "POST", "/v1/sync/hello", hello, NULL,
                                       "Authorization", authorization, "X-Sync-Proto", "1", NULL),
                    ==, 200);

  /* A push in another protocol or schema. */
  {
    g_autofree char *other_proto = g_strconcat ("{\"proto\":2,\"schema\":@SCHEMA@,\"app\":\"t\","
                                                "\"device_id\":\"@DEVICE@\",\"batch_seq\":1,"
                                                "\"rows\":[]}", NULL);
    g_autofree char *newer = g_strconcat ("{\"proto\":1,\"schema\":", next_schema, ",\"app\":\"t\","
                                          "\"device_id\":\"@DEVICE@\",\"batch_seq\":1,"
                                          "\"rows\":[]}", NULL);
    g_autofree char *older = g_strconcat ("{\"proto\":1,\"schema\":", previous_schema,
                                          ",\"app\":\"t\",\"device_id\":\"@DEVICE@\","
                                          "\"batch_seq\":1,\"rows\":[]}", NULL);

    check_push_refused (fixture, other_proto, 426, "upgrade_required");
    check_push_refused (fixture, newer, 426, "upgrade_required");
    if (ISAF_SCHEMA_VERSION > 1)
      check_push_refused (fixture, older, 426, "upgrade_required");
  }
  check_nothing_kept_then_push (fixture);
}

/* Endpoints --------------------------------------------------------------------------------- */

/* Other paths, other methods: 404 with an error reply, never the handler of a neighbour. */
static void
test_unknown_endpoints (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GBytes) hello = good_hello ();
  struct {
    const char *method;
    const char *path;
    gboolean token;
  } requests[] = {
    { "GET", "/", FALSE },
    { "GET", "/v1", FALSE },
    { "GET", "/v1/nope", FALSE },
    { "GET", "/v2/sync/pull", TRUE },
    { "GET", "/v1/health/", FALSE },
    { "POST", "/v1/health", FALSE },
    { "GET", "/v1/enroll", FALSE },
    { "PUT", "/v1/enroll", FALSE },
    { "DELETE", "/v1/enroll", FALSE },
    { "GET", "/v1/auth/token", FALSE },
    { "POST", "/v1/enroll/", FALSE },
    { "POST", "/V1/ENROLL", FALSE },
    { "GET", "/v1/sync/hello", TRUE },
    { "DELETE", "/v1/sync/push", TRUE },
    { "PUT", "/v1/sync/push", TRUE },
    { "POST", "/v1/sync/pull", TRUE },
    { "GET", "/v1/sync/nope", TRUE },
    { "GET", "/v1/sync/", TRUE },
    { "PATCH", "/v1/sync/hello", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      g_autoptr(GBytes) answer = NULL;
      g_autofree char *what = g_strdup_printf ("%s %s", requests[i].method, requests[i].path);
      guint status = isaf_test_server_request (fixture->server, requests[i].method,
                                               requests[i].path,
                                               requests[i].token ? fixture->laptop->token : NULL,
                                               hello, FALSE, &answer);

      check_refusal (what, status, &answer, 404, "not_found");
    }
  check_nothing_kept_then_push (fixture);
}

/* Pull parameters --------------------------------------------------------------------------- */

/* limit is checked; cursor is not trusted but never refused. */
static void
test_pull_parameters (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *limits[] = {
    "0", "-1", "abc", "999999", "", "2001", "1.5", "0x10", "%205", "5%20", "1e3", "+5",
    "9223372036854775808", "%FF",
  };
  g_autofree char *long_cursor = g_strnfill (300, 'A');
  g_autofree char *foreign_epoch = base64url_encode ("c1 00000000000000000000000000000000 0");
  g_autofree char *negative = base64url_encode ("c1 x -5");
  const char *cursors[] = {
    "garbage", "!!!!", "%FF%FE", "%00", "YzEg", "c1", long_cursor, foreign_epoch, negative,
    "", "%22%7D",
  };
  g_autoptr(GPtrArray) rows = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    {
      g_autofree char *path = g_strdup_printf ("/v1/sync/pull?limit=%s", limits[i]);
      g_autoptr(GBytes) answer = NULL;

      check_refusal (path, get (fixture, path, fixture->laptop->token, &answer), &answer, 400,
                     "malformed");
    }

  /* A cursor is only a position in the caller's own stream: a damaged one starts it again. */
  check_nothing_kept_then_push (fixture);
  rows = isaf_test_server_pull_all (fixture->server, fixture->laptop, NULL);
  g_assert_cmpuint (rows->len, ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (cursors); i++)
    {
      g_autofree char *path = g_strdup_printf ("/v1/sync/pull?limit=10&cursor=%s", cursors[i]);
      g_autoptr(GBytes) answer = NULL;
      g_autoptr(IsafWirePullPage) page = NULL;
      g_autoptr(GError) error = NULL;
      guint status = get (fixture, path, fixture->laptop->token, &answer);

      if (status != 200)
        g_error ("%s answered %u: %.*s", path, status, (int) g_bytes_get_size (answer),
                 (const char *) g_bytes_get_data (answer, NULL));
      page = isaf_wire_pull_page_decode (g_bytes_get_data (answer, NULL),
                                         g_bytes_get_size (answer), &error);
      g_assert_no_error (error);
      g_assert_cmpuint (page->rows->len, ==, 1);
      g_assert_true (isaf_uuid_equal (&((IsafWireRow *) page->rows->pdata[0])->id,
                                      &((IsafWireRow *) rows->pdata[0])->id));
    }
  check_server_answers (fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/input/malformed-json", Fixture, NULL, fixture_set_up,
              test_malformed_json, fixture_tear_down);
  g_test_add ("/server/input/invalid-utf8", Fixture, NULL, fixture_set_up, test_invalid_utf8,
              fixture_tear_down);
  g_test_add ("/server/input/wrong-types", Fixture, NULL, fixture_set_up, test_wrong_types,
              fixture_tear_down);
  g_test_add ("/server/input/too-large", Fixture, NULL, fixture_set_up, test_too_large,
              fixture_tear_down);
  g_test_add ("/server/input/too-large-unsent", Fixture, NULL, fixture_set_up,
              test_too_large_unsent, fixture_tear_down);
  g_test_add ("/server/input/zip-bomb", Fixture, NULL, fixture_set_up, test_zip_bomb,
              fixture_tear_down);
  g_test_add ("/server/input/deep-nesting", Fixture, NULL, fixture_set_up, test_deep_nesting,
              fixture_tear_down);
  g_test_add ("/server/input/content-encoding", Fixture, NULL, fixture_set_up,
              test_content_encoding, fixture_tear_down);
  g_test_add ("/server/input/enrolment-codes", Fixture, NULL, fixture_set_up,
              test_enrolment_codes, fixture_tear_down);
  g_test_add ("/server/input/revoked", Fixture, NULL, fixture_set_up, test_revoked,
              fixture_tear_down);
  g_test_add ("/server/input/tokens", Fixture, NULL, fixture_set_up, test_tokens,
              fixture_tear_down);
  g_test_add ("/server/input/protocol-versions", Fixture, NULL, fixture_set_up,
              test_protocol_versions, fixture_tear_down);
  g_test_add ("/server/input/unknown-endpoints", Fixture, NULL, fixture_set_up,
              test_unknown_endpoints, fixture_tear_down);
  g_test_add ("/server/input/pull-parameters", Fixture, NULL, fixture_set_up,
              test_pull_parameters, fixture_tear_down);

  return g_test_run ();
}
