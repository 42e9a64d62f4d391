/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "isaf-hlc.h"
#include "isaf-pg.h"
#include "isaf-server-devices.h"
#include "isaf-server-ref.h"
#include "isaf-server-schema.h"
#include "isaf-test-server.h"

/* The streams a laptop follows besides its pushes: the commune's, read while other writers
 * commit; the national reference sets; files by content address; and a new epoch after a
 * restore. */

#define COMMUNE "010201"
#define OTHER_COMMUNE "010202"

typedef struct {
  IsafTestServer *server;
  IsafTestDevice *laptop;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->server = isaf_test_server_start ();
  fixture->laptop = isaf_test_server_enroll (fixture->server, COMMUNE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  isaf_test_device_free (fixture->laptop);
  isaf_test_server_stop (fixture->server);
}

static IsafWireRow *
new_village (const IsafUuid *id,
             const char     *code)
{
  IsafWireRow *row = isaf_wire_row_new (isaf_schema_find_table ("village"), id);
  IsafValue value = { ISAF_VALUE_TEXT, .text = (char *) code };

  isaf_wire_row_add_field (row, "code", &value)->hlc = ISAF_HLC_MAKE (g_get_real_time () / 1000 - 1000, 0);
  return row;
}

typedef struct {
  IsafTestServer *server;
  IsafTestDevice *device;
  IsafWirePush *push;
  guint status;
} PushThread;

static gpointer
push_thread (gpointer data)
{
  PushThread *push = data;

  push->status = isaf_test_server_push (push->server, push->device, push->push, NULL);
  return NULL;
}

static gboolean
has_row (GPtrArray      *rows,
         const IsafUuid *id)
{
  for (guint i = 0; i < rows->len; i++)
    if (isaf_uuid_equal (&((IsafWireRow *) rows->pdata[i])->id, id))
      return TRUE;
  return FALSE;
}

/* A writer holds the commune's sequence (as every writer does until it commits); a second
 * writer waits behind it; a reader pulling meanwhile gets only what is committed, and its
 * next pull from the same cursor gets both writers' rows: nothing is skipped. */
static void
test_cursor_misses_nothing (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(PGconn) writer = isaf_test_server_connect_api (fixture->server);
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafWirePush) first_push = isaf_test_push_new (fixture->laptop, 1);
  g_autoptr(IsafWirePush) second_push = isaf_test_push_new (fixture->laptop, 2);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(IsafWirePullPage) page = NULL;
  g_autoptr(IsafWirePullPage) next = NULL;
  g_autoptr(PGresult) reserved = NULL;
  g_autofree char *path = NULL;
  g_autofree char *escaped = NULL;
  char held_id[ISAF_UUID_STRING_LENGTH + 1];
  IsafUuid before, held, waiting;
  PushThread second = { fixture->server, fixture->laptop, NULL, 0 };
  GThread *thread;

  isaf_uuid_v7 (&before);
  isaf_uuid_v7 (&held);
  isaf_uuid_v7 (&waiting);
  g_ptr_array_add (first_push->rows, new_village (&before, "01020101"));
  g_assert_cmpuint (isaf_test_server_push (fixture->server, fixture->laptop, first_push, NULL),
                    ==, 200);

  /* Writer 1: takes the next sequence number and writes a row with it, uncommitted. */
  isaf_uuid_to_buffer (&held, held_id);
  g_assert_true (isaf_pg_begin (writer, COMMUNE, &error));
  reserved = isaf_pg_query (writer,
                            "UPDATE commune_stream SET next_seq = next_seq + 1 "
                            "RETURNING next_seq - 1", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (isaf_pg_exec (writer,
                               "INSERT INTO village (id, commune_id, seq, clocks, code) "
                               "VALUES ($1, $2, $3, '{\"code\":[1,1]}', '01020102')",
                               3, (const char *[]) { held_id, COMMUNE,
                                                     PQgetvalue (reserved, 0, 0) }, &error));
  g_assert_no_error (error);

  /* Writer 2: a real push, which waits for writer 1's lock. */
  g_ptr_array_add (second_push->rows, new_village (&waiting, "01020103"));
  second.push = second_push;
  thread = g_thread_new ("second-writer", push_thread, &second);
  g_usleep (300 * 1000);

  /* The reader in between: what was committed, nothing more, nothing skipped later. */
  g_assert_cmpuint (isaf_test_server_request (fixture->server, "GET", "/v1/sync/pull",
                                              fixture->laptop->token, NULL, FALSE, &answer),
                    ==, 200);
  page = isaf_wire_pull_page_decode (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer),
                                     &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->rows->len, ==, 1);
  g_assert_true (isaf_uuid_equal (&((IsafWireRow *) page->rows->pdata[0])->id, &before));

  g_assert_true (isaf_pg_commit (writer, &error));
  g_thread_join (thread);
  g_assert_cmpuint (second.status, ==, 200);

  escaped = g_uri_escape_string (page->next_cursor, NULL, FALSE);
  path = g_strdup_printf ("/v1/sync/pull?cursor=%s", escaped);
  g_clear_pointer (&answer, g_bytes_unref);
  g_assert_cmpuint (isaf_test_server_request (fixture->server, "GET", path,
                                              fixture->laptop->token, NULL, FALSE, &answer),
                    ==, 200);
  next = isaf_wire_pull_page_decode (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer),
                                     &error);
  g_assert_no_error (error);
  g_assert_cmpuint (next->rows->len, ==, 2);
  g_assert_true (has_row (next->rows, &held));
  g_assert_true (has_row (next->rows, &waiting));
}

/* One table with more rows than a page: every row comes, page after page. */
static void
test_pages_of_one_table (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(IsafWirePush) push = isaf_test_push_new (fixture->laptop, 1);
  g_autoptr(GPtrArray) rows = NULL;
  const guint n = 130;

  /* isaf_test_server_pull_all() pulls 50 rows a page. */
  for (guint i = 0; i < n; i++)
    {
      IsafUuid id;

      isaf_uuid_v7 (&id);
      g_ptr_array_add (push->rows, new_village (&id, "01020101"));
    }
  g_assert_cmpuint (isaf_test_server_push (fixture->server, fixture->laptop, push, NULL), ==, 200);
  rows = isaf_test_server_pull_all (fixture->server, fixture->laptop, NULL);
  g_assert_cmpuint (rows->len, ==, n);
}

/* GET @path as a laptop's libsoup would send it, with or without Accept-Encoding: gzip, and
 * the body as it came over the socket (no decoder in between). */
static GBytes *
get_raw (Fixture     *fixture,
         const char  *path,
         gboolean     accept_gzip,
         char       **encoding)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u%s",
                                          isaf_test_server_get_port (fixture->server), path);
  g_autofree char *authorization = g_strconcat ("Bearer ", fixture->laptop->token, NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("GET", uri);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);
  g_autoptr(GError) error = NULL;
  GBytes *body;

  soup_session_remove_feature_by_type (session, SOUP_TYPE_CONTENT_DECODER);
  soup_message_headers_replace (headers, "Authorization", authorization);
  soup_message_headers_replace (headers, "X-Sync-Proto", "1");
  if (accept_gzip)
    soup_message_headers_replace (headers, "Accept-Encoding", "gzip");
  body = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);
  *encoding = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                      "Content-Encoding"));
  return body;
}

static GBytes *
gunzip (GBytes *compressed)
{
  g_autoptr(GZlibDecompressor) decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  g_autoptr(GInputStream) raw = g_memory_input_stream_new_from_bytes (compressed);
  g_autoptr(GInputStream) stream = g_converter_input_stream_new (raw, G_CONVERTER (decompressor));
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_output_stream_splice (out, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE
                                       | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static GBytes *
without_server_time (GBytes *page)
{
  gsize length;
  const char *data = g_bytes_get_data (page, &length);
  const char *time = g_strrstr_len (data, length, ",\"server_time_ms\":");

  g_assert_nonnull (time);
  return g_bytes_new (data, time - data);
}

/* A page of the stream goes gzip-compressed to a client that takes it, the same page as
 * without; a client that does not take it, and a short answer, get plain JSON. */
static void
test_gzip_answers (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(IsafWirePush) push = isaf_test_push_new (fixture->laptop, 1);
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GBytes) compressed = NULL;
  g_autoptr(GBytes) unpacked = NULL;
  g_autoptr(GBytes) short_answer = NULL;
  g_autofree char *plain_encoding = NULL;
  g_autofree char *compressed_encoding = NULL;
  g_autofree char *short_encoding = NULL;

  for (guint i = 0; i < 100; i++)
    {
      IsafUuid id;

      isaf_uuid_v7 (&id);
      g_ptr_array_add (push->rows, new_village (&id, "01020101"));
    }
  g_assert_cmpuint (isaf_test_server_push (fixture->server, fixture->laptop, push, NULL), ==, 200);

  plain = get_raw (fixture, "/v1/sync/pull?limit=100", FALSE, &plain_encoding);
  compressed = get_raw (fixture, "/v1/sync/pull?limit=100", TRUE, &compressed_encoding);
  g_assert_null (plain_encoding);
  g_assert_cmpstr (compressed_encoding, ==, "gzip");
  unpacked = gunzip (compressed);
  /* The same page but for the time it was answered, which closes it. */
  {
    g_autoptr(GBytes) plain_page = without_server_time (plain);
    g_autoptr(GBytes) unpacked_page = without_server_time (unpacked);

    isaf_test_assert_same_bytes (plain_page, unpacked_page, "the page, unpacked");
  }
  g_assert_cmpuint (g_bytes_get_size (compressed) * 4, <, g_bytes_get_size (plain));

  /* Shorter than is worth packing. */
  short_answer = get_raw (fixture, "/v1/health", TRUE, &short_encoding);
  g_assert_null (short_encoding);
  g_assert_cmpuint (g_bytes_get_size (short_answer), <, 1024);
}

static char *
write_set (const char *dir,
           const char *name,
           int         version,
           const char *extra_row)
{
  g_autofree char *text = g_strdup_printf ("# dataset: %s\n# version: %d\n"
                                           "hc_anc4\thealth_centre\t1\tស្ត្រីមានផ្ទៃពោះ\tANC\t%%\t80\t1\tpregnancy\n"
                                           "%s",
                                           name, version, extra_row ? extra_row : "");
  char *path = g_build_filename (dir, "set.tsv", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
  return path;
}

static void
test_reference_stream (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("isaf-ref-XXXXXX", NULL);
  g_autofree char *owner_info = isaf_test_pg_conninfo (isaf_test_server_get_pg (fixture->server),
                                                       "isaf_owner", "isaf");
  g_autoptr(PGconn) owner = isaf_pg_connect (owner_info, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *path = NULL;
  JsonObject *root;
  JsonArray *sets;
  gint64 version = 0;

  path = write_set (dir, "i4c-indicators", 2, NULL);
  g_assert_true (isaf_server_ref_publish (owner, path, &version, &error));
  g_assert_no_error (error);
  g_assert_cmpint (version, ==, 2);
  /* Again, the same bytes: nothing new. */
  g_assert_true (isaf_server_ref_publish (owner, path, &version, &error));
  g_assert_no_error (error);

  /* Other content under the same version, and an older version: refused. */
  g_free (path);
  path = write_set (dir, "i4c-indicators", 2, "hc_new\thealth_centre\t2\tថ្មី\tNew\t%\t1\t1\tstaff\n");
  g_assert_false (isaf_server_ref_publish (owner, path, &version, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_free (path);
  path = write_set (dir, "i4c-indicators", 1, NULL);
  g_assert_false (isaf_server_ref_publish (owner, path, &version, &error));
  g_clear_error (&error);
  /* A damaged row. */
  g_free (path);
  path = write_set (dir, "i4c-indicators", 3, "broken row\n");
  g_assert_false (isaf_server_ref_publish (owner, path, &version, &error));
  g_clear_error (&error);

  g_assert_cmpuint (isaf_test_server_request (fixture->server, "GET", "/v1/sync/ref",
                                              fixture->laptop->token, NULL, FALSE, &answer), ==, 200);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL),
                                             g_bytes_get_size (answer), &error));
  root = json_node_get_object (json_parser_get_root (parser));
  sets = json_object_get_array_member (root, "sets");
  g_assert_cmpuint (json_array_get_length (sets), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (sets, 0), "name"),
                   ==, "i4c-indicators");
  g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (sets, 0),
                                                           "body"), "ស្ត្រីមានផ្ទៃពោះ"));
  g_assert_false (json_object_get_boolean_member (root, "has_more"));

  g_unlink (path);
  g_rmdir (dir);
}

static char *
blob_path (const char *content)
{
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, content, -1);

  return g_strconcat ("/v1/blobs/", sha, NULL);
}

static void
test_blobs (Fixture       *fixture,
            gconstpointer  data)
{
  static const char content[] = "photo of the signed scorecard sheet";
  g_autoptr(IsafTestDevice) other = isaf_test_server_enroll (fixture->server, OTHER_COMMUNE);
  g_autoptr(GBytes) body = g_bytes_new_static (content, sizeof content - 1);
  g_autoptr(GBytes) answer = NULL;
  g_autofree char *path = blob_path (content);
  g_autofree char *wrong = blob_path ("something else");

  /* The address must be the content's hash. */
  g_assert_cmpuint (isaf_test_server_request (fixture->server, "PUT", wrong,
                                              fixture->laptop->token, body, FALSE, NULL), ==, 400);
  g_assert_cmpuint (isaf_test_server_request (fixture->server, "PUT", path,
                                              fixture->laptop->token, body, FALSE, NULL), ==, 201);
  /* Idempotent: the second upload finds it there. */
  g_assert_cmpuint (isaf_test_server_request (fixture->server, "PUT", path,
                                              fixture->laptop->token, body, TRUE, NULL), ==, 200);
  g_assert_cmpuint (isaf_test_server_request (fixture->server, "GET", path,
                                              fixture->laptop->token, NULL, FALSE, &answer), ==, 200);
  g_assert_true (g_bytes_equal (answer, body));

  /* Another commune, knowing the hash, gets nothing. */
  g_assert_cmpuint (isaf_test_server_request (fixture->server, "GET", path, other->token, NULL,
                                              FALSE, NULL), ==, 404);
  /* No token, no file. */
  g_assert_cmpuint (isaf_test_server_request (fixture->server, "GET", path, NULL, NULL, FALSE,
                                              NULL), ==, 401);
}

/* A download that broke off goes on with Range. */
static void
test_blob_ranges (Fixture       *fixture,
                  gconstpointer  data)
{
  static const char content[] = "0123456789abcdefghij";
  g_autoptr(GBytes) body = g_bytes_new_static (content, sizeof content - 1);
  g_autofree char *path = blob_path (content);
  g_autofree char *uri = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  const char *ranges[][3] = {
    { "bytes=5-9", "56789", "bytes 5-9/20" },
    { "bytes=15-", "fghij", "bytes 15-19/20" },
    { "bytes=-3", "hij", "bytes 17-19/20" },
  };

  g_assert_cmpuint (isaf_test_server_request (fixture->server, "PUT", path,
                                              fixture->laptop->token, body, FALSE, NULL), ==, 201);
  for (guint i = 0; i <= G_N_ELEMENTS (ranges); i++)
    {
      g_autoptr(GBytes) answer = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *authorization = g_strconcat ("Bearer ", fixture->laptop->token, NULL);
      g_autoptr(SoupMessage) message = NULL;
      g_autofree char *full = g_strdup_printf ("http://127.0.0.1:%u%s",
                                               isaf_test_server_get_port (fixture->server), path);

      message = soup_message_new ("GET", full);
      soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                    authorization);
      soup_message_headers_replace (soup_message_get_request_headers (message), "Range",
                                    i < G_N_ELEMENTS (ranges) ? ranges[i][0] : "bytes=40-50");
      answer = soup_session_send_and_read (session, message, NULL, &error);
      g_assert_no_error (error);
      if (i == G_N_ELEMENTS (ranges))
        {
          g_assert_cmpuint (soup_message_get_status (message), ==, 416);
          continue;
        }
      g_assert_cmpuint (soup_message_get_status (message), ==, 206);
      g_assert_cmpmem (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), ranges[i][1],
                       strlen (ranges[i][1]));
      g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                     "Content-Range"), ==, ranges[i][2]);
    }
}

/* Uploads part by part (sync-protocol.md 5.3), as a laptop sends a photo over a slow link. */

#define PART_BYTES ISAF_WIRE_BLOB_PART_BYTES
/* Two whole parts and a shorter last one. */
#define FILE_BYTES (700 * 1024)

/* A file of @size bytes of its own: pseudo-random from @seed. */
static GBytes *
new_file (gsize   size,
          guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = g_rand_int_range (rand, 0, 256);
  return g_bytes_new_take (data, size);
}

static char *
file_path (GBytes *file)
{
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, file);

  return g_strconcat ("/v1/blobs/", sha, NULL);
}

/* A PUT with @content_range: the status, the answer's `received` in @received (-1 in an error
 * answer), and the answer in @answer if not NULL. A success says "stored" or "partial" as its
 * status does. */
static guint
put_with_range (IsafTestServer  *server,
                const char      *token,
                const char      *path,
                const char      *content_range,
                GBytes          *body,
                gint64          *received,
                GBytes         **answer)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u%s",
                                          isaf_test_server_get_port (server), path);
  g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("PUT", uri);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  guint status;

  soup_message_headers_replace (headers, "Authorization", authorization);
  soup_message_headers_replace (headers, "Content-Range", content_range);
  soup_message_set_request_body_from_bytes (message, "application/octet-stream", body);
  reply = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  status = soup_message_get_status (message);

  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL),
                                             g_bytes_get_size (reply), &error));
  root = json_node_get_object (json_parser_get_root (parser));
  *received = json_object_get_int_member_with_default (root, "received", -1);
  if (status == 200 || status == 201)
    g_assert_cmpstr (json_object_get_string_member (root, "status"), ==, "stored");
  else if (status == 202)
    g_assert_cmpstr (json_object_get_string_member (root, "status"), ==, "partial");
  if (answer != NULL)
    *answer = g_steal_pointer (&reply);
  return status;
}

/* Sends the bytes [@first, @first + @length) of @file as a part of it. */
static guint
put_part (IsafTestServer *server,
          const char     *token,
          GBytes         *file,
          gsize           first,
          gsize           length,
          gint64         *received)
{
  g_autoptr(GBytes) part = g_bytes_new_from_bytes (file, first, length);
  g_autofree char *path = file_path (file);
  g_autofree char *range = g_strdup_printf ("bytes %" G_GSIZE_FORMAT "-%" G_GSIZE_FORMAT
                                            "/%" G_GSIZE_FORMAT, first, first + length - 1,
                                            g_bytes_get_size (file));

  return put_with_range (server, token, path, range, part, received, NULL);
}

/* How much of @file the server has for @token's commune, asked without a part; asserts the
 * answer's status. */
static gint64
ask_received (IsafTestServer *server,
              const char     *token,
              GBytes         *file,
              guint           status)
{
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autofree char *path = file_path (file);
  g_autofree char *range = g_strdup_printf ("bytes */%" G_GSIZE_FORMAT, g_bytes_get_size (file));
  gint64 received;

  g_assert_cmpuint (put_with_range (server, token, path, range, empty, &received, NULL), ==,
                    status);
  return received;
}

/* The rows of blob_part of @commune_id, seen past row-level security. */
static gint64
count_parts (IsafTestServer *server,
             const char     *commune_id)
{
  return isaf_test_server_query_int (server,
                                     "SELECT count (*) FROM blob_part WHERE commune_id = $1",
                                     commune_id, NULL);
}

static char *
answer_member (GBytes     *answer,
               const char *name)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL),
                                             g_bytes_get_size (answer), &error));
  return g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                                  name));
}

static void
assert_file_served (IsafTestServer *server,
                    const char     *token,
                    GBytes         *file)
{
  g_autofree char *path = file_path (file);
  g_autoptr(GBytes) served = NULL;

  g_assert_cmpuint (isaf_test_server_request (server, "GET", path, token, NULL, FALSE, &served),
                    ==, 200);
  isaf_test_assert_same_bytes (file, served, "the file, as served");
}

static void
migrate_again (IsafTestServer *server)
{
  g_autofree char *owner_info = isaf_test_pg_conninfo (isaf_test_server_get_pg (server),
                                                       "isaf_owner", "isaf");
  g_autoptr(PGconn) owner = isaf_pg_connect (owner_info, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (isaf_server_schema_migrate (owner, "isaf_api", NULL, &error));
  g_assert_no_error (error);
}

/* Three parts: 202, 202, 201, each answer saying how much is there, a part sent again
 * answered as the first time; then the file is served whole and its parts are gone. */
static void
test_blob_parts (Fixture       *fixture,
                 gconstpointer  data)
{
  IsafTestServer *server = fixture->server;
  const char *token = fixture->laptop->token;
  g_autoptr(GBytes) file = new_file (FILE_BYTES, 1);
  const gsize last = FILE_BYTES - 2 * PART_BYTES;
  gint64 received;

  g_assert_cmpint (ask_received (server, token, file, 202), ==, 0);
  g_assert_cmpuint (put_part (server, token, file, 0, PART_BYTES, &received), ==, 202);
  g_assert_cmpint (received, ==, PART_BYTES);
  /* Its answer lost, the laptop sends it again: the same answer, stored once. */
  g_assert_cmpuint (put_part (server, token, file, 0, PART_BYTES, &received), ==, 202);
  g_assert_cmpint (received, ==, PART_BYTES);
  g_assert_cmpint (count_parts (server, COMMUNE), ==, 1);
  g_assert_cmpuint (put_part (server, token, file, PART_BYTES, PART_BYTES, &received), ==, 202);
  g_assert_cmpint (received, ==, 2 * PART_BYTES);
  g_assert_cmpint (ask_received (server, token, file, 202), ==, 2 * PART_BYTES);

  /* migrate on a database with an upload under way keeps it. */
  migrate_again (server);
  g_assert_cmpint (ask_received (server, token, file, 202), ==, 2 * PART_BYTES);

  g_assert_cmpuint (put_part (server, token, file, 2 * PART_BYTES, last, &received), ==, 201);
  g_assert_cmpint (received, ==, FILE_BYTES);
  g_assert_cmpint (count_parts (server, COMMUNE), ==, 0);
  g_assert_cmpint (ask_received (server, token, file, 200), ==, FILE_BYTES);
  /* The last part again, its answer lost: the file is there. */
  g_assert_cmpuint (put_part (server, token, file, 2 * PART_BYTES, last, &received), ==, 200);
  g_assert_cmpint (received, ==, FILE_BYTES);
  assert_file_served (server, token, file);
}

/* A part past the bytes received (one lost in between) is not stored. */
static void
test_blob_part_gap (Fixture       *fixture,
                    gconstpointer  data)
{
  IsafTestServer *server = fixture->server;
  const char *token = fixture->laptop->token;
  g_autoptr(GBytes) file = new_file (FILE_BYTES, 2);
  gint64 received;

  g_assert_cmpuint (put_part (server, token, file, PART_BYTES, PART_BYTES, &received), ==, 202);
  g_assert_cmpint (received, ==, 0);
  g_assert_cmpint (count_parts (server, COMMUNE), ==, 0);
  g_assert_cmpuint (put_part (server, token, file, 0, PART_BYTES, &received), ==, 202);
  g_assert_cmpint (received, ==, PART_BYTES);
  /* The last part, the second missing: not the end of the file. */
  g_assert_cmpuint (put_part (server, token, file, 2 * PART_BYTES, FILE_BYTES - 2 * PART_BYTES,
                              &received), ==, 202);
  g_assert_cmpint (received, ==, PART_BYTES);
  g_assert_cmpint (count_parts (server, COMMUNE), ==, 1);
}

/* Parts that make another file than their address: refused at the last part, and dropped. */
static void
test_blob_part_wrong_hash (Fixture       *fixture,
                           gconstpointer  data)
{
  IsafTestServer *server = fixture->server;
  const char *token = fixture->laptop->token;
  g_autoptr(GBytes) file = new_file (FILE_BYTES, 3);
  g_autoptr(GBytes) other = new_file (FILE_BYTES, 4);
  g_autofree char *path = file_path (file);
  g_autoptr(GBytes) answer = NULL;
  g_autofree char *message = NULL;
  gint64 received;

  for (gsize first = 0; first < FILE_BYTES; first += PART_BYTES)
    {
      gsize length = MIN (PART_BYTES, FILE_BYTES - first);
      g_autoptr(GBytes) part = g_bytes_new_from_bytes (other, first, length);
      g_autofree char *range = g_strdup_printf ("bytes %" G_GSIZE_FORMAT "-%" G_GSIZE_FORMAT
                                                "/%d", first, first + length - 1, FILE_BYTES);
      g_clear_pointer (&answer, g_bytes_unref);
      g_assert_cmpuint (put_with_range (server, token, path, range, part, &received, &answer),
                        ==, first + length < FILE_BYTES ? 202 : 400);
    }
  message = answer_member (answer, "message");
  g_assert_cmpstr (message, ==, "the file's content does not have the SHA-256 of its address");
  g_assert_cmpint (count_parts (server, COMMUNE), ==, 0);
  g_assert_cmpint (ask_received (server, token, file, 202), ==, 0);
  g_assert_cmpuint (isaf_test_server_request (server, "GET", path, token, NULL, FALSE, NULL), ==,
                    404);
}

/* A file the commune has, or a national one: a part of it is answered 200 and not kept. */
static void
test_blob_part_of_stored_file (Fixture       *fixture,
                               gconstpointer  data)
{
  IsafTestServer *server = fixture->server;
  const char *token = fixture->laptop->token;
  g_autoptr(GBytes) file = new_file (PART_BYTES + 10, 5);
  g_autoptr(GBytes) national = new_file (PART_BYTES + 20, 6);
  g_autofree char *path = file_path (file);
  g_autofree char *national_sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, national);
  g_autoptr(PGconn) superuser = isaf_test_server_connect_superuser (server);
  g_autofree char *national_size = g_strdup_printf ("%" G_GSIZE_FORMAT,
                                                    g_bytes_get_size (national));
  g_autoptr(PGresult) inserted = NULL;
  gint64 received;

  g_assert_cmpuint (isaf_test_server_request (server, "PUT", path, token, file, FALSE, NULL), ==,
                    201);
  g_assert_cmpuint (put_part (server, token, file, 0, PART_BYTES, &received), ==, 200);
  g_assert_cmpint (received, ==, PART_BYTES + 10);

  inserted = PQexecParams (superuser,
                           "INSERT INTO blob (commune_id, sha256, size, content) "
                           "VALUES ('national', $1, $2, $3)",
                           3, NULL,
                           (const char *[]) { national_sha, national_size,
                                              (const char *) g_bytes_get_data (national, NULL) },
                           (int[]) { 0, 0, PART_BYTES + 20 }, (int[]) { 0, 0, 1 }, 0);
  g_assert_cmpint (PQresultStatus (inserted), ==, PGRES_COMMAND_OK);
  g_assert_cmpuint (put_part (server, token, national, 0, PART_BYTES, &received), ==, 200);
  g_assert_cmpint (received, ==, PART_BYTES + 20);
  g_assert_cmpint (ask_received (server, token, national, 200), ==, PART_BYTES + 20);
  g_assert_cmpint (count_parts (server, COMMUNE), ==, 0);
}

/* Content-Range headers the server refuses, and what they leave: nothing. */
static void
test_blob_part_refusals (Fixture       *fixture,
                         gconstpointer  data)
{
  IsafTestServer *server = fixture->server;
  const char *token = fixture->laptop->token;
  g_autoptr(GBytes) file = new_file (FILE_BYTES, 7);
  g_autoptr(GBytes) ten = g_bytes_new_from_bytes (file, 0, 10);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autofree char *path = file_path (file);
  g_autofree char *too_large = g_strdup_printf ("bytes 0-9/%d", ISAF_WIRE_MAX_BLOB_BYTES + 1);
  g_autofree char *other_size = g_strdup_printf ("bytes %d-%d/%d", PART_BYTES, PART_BYTES + 9,
                                                 FILE_BYTES + 1);
  const struct {
    const char *range;
    GBytes *body;
    guint status;
    const char *code;
  } refused[] = {
    { too_large, ten, 413, "too_large" },
    { "bytes */0", empty, 413, "too_large" },
    { "bytes 0-9", ten, 400, "malformed" },
    { "bytes=0-9/100", ten, 400, "malformed" },
    { "bytes 0-9/ten", ten, 400, "malformed" },
    { "bytes 9-0/100", ten, 400, "malformed" },
    { "bytes -1-8/100", ten, 400, "malformed" },
    { "bytes 0-9/100", empty, 400, "malformed" },
    { "bytes 0-19/100", ten, 400, "malformed" },
    { "bytes */100", ten, 400, "malformed" },
    { "bytes 95-104/100", ten, 400, "malformed" },
    /* A file's size is fixed by its hash; the part of FILE_BYTES below is there. */
    { "bytes */100", empty, 400, "malformed" },
    { other_size, ten, 400, "malformed" },
  };
  gint64 received;

  g_assert_cmpuint (put_part (server, token, file, 0, PART_BYTES, &received), ==, 202);
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GBytes) answer = NULL;
      g_autofree char *code = NULL;

      g_test_message ("Content-Range: %s", refused[i].range);
      g_assert_cmpuint (put_with_range (server, token, path, refused[i].range, refused[i].body,
                                        &received, &answer), ==, refused[i].status);
      code = answer_member (answer, "code");
      g_assert_cmpstr (code, ==, refused[i].code);
    }
  g_assert_cmpuint (put_with_range (server, token, "/v1/blobs/not-a-hash", "bytes 0-9/100", ten,
                                    &received, NULL), ==, 400);
  g_assert_cmpint (ask_received (server, token, file, 202), ==, PART_BYTES);
  g_assert_cmpint (count_parts (server, COMMUNE), ==, 1);
}

/* Another commune, knowing the hash of a file half uploaded, sees none of it, and its own
 * upload of the same file neither mixes with nor completes the first commune's. */
static void
test_blob_parts_of_another_commune (Fixture       *fixture,
                                    gconstpointer  data)
{
  IsafTestServer *server = fixture->server;
  const char *token = fixture->laptop->token;
  g_autoptr(IsafTestDevice) other = isaf_test_server_enroll (server, OTHER_COMMUNE);
  g_autoptr(GBytes) file = new_file (FILE_BYTES, 8);
  g_autofree char *path = file_path (file);
  gint64 received;

  g_assert_cmpuint (put_part (server, token, file, 0, PART_BYTES, &received), ==, 202);
  g_assert_cmpuint (put_part (server, token, file, PART_BYTES, PART_BYTES, &received), ==, 202);

  g_assert_cmpint (ask_received (server, other->token, file, 202), ==, 0);
  g_assert_cmpuint (isaf_test_server_request (server, "GET", path, other->token, NULL, FALSE,
                                              NULL), ==, 404);
  /* Where the first commune's upload stands is nothing to the other's. */
  g_assert_cmpuint (put_part (server, other->token, file, 2 * PART_BYTES,
                              FILE_BYTES - 2 * PART_BYTES, &received), ==, 202);
  g_assert_cmpint (received, ==, 0);
  g_assert_cmpint (count_parts (server, OTHER_COMMUNE), ==, 0);

  for (gsize first = 0; first < FILE_BYTES; first += PART_BYTES)
    g_assert_cmpuint (put_part (server, other->token, file, first,
                                MIN (PART_BYTES, FILE_BYTES - first), &received),
                      ==, first + PART_BYTES < FILE_BYTES ? 202 : 201);
  assert_file_served (server, other->token, file);
  g_assert_cmpint (ask_received (server, token, file, 202), ==, 2 * PART_BYTES);
  g_assert_cmpuint (isaf_test_server_request (server, "GET", path, token, NULL, FALSE, NULL), ==,
                    404);
}

typedef struct {
  IsafTestServer *server;
  const char *token;
  GBytes *file;
  gsize first;
  gsize length;
  guint status;
  gint64 received;
} PartThread;

static gpointer
part_thread (gpointer data)
{
  PartThread *part = data;

  part->status = put_part (part->server, part->token, part->file, part->first, part->length,
                           &part->received);
  return NULL;
}

#define N_COPIES 4

/* Each part sent several times at once, as a proxy that duplicates requests does: every copy
 * is answered, each part is stored once, and the file is made once. */
static void
test_blob_part_copies_at_once (Fixture       *fixture,
                               gconstpointer  data)
{
  IsafTestServer *server = fixture->server;
  g_autoptr(GBytes) file = new_file (FILE_BYTES, 9);

  for (gsize first = 0; first < FILE_BYTES; first += PART_BYTES)
    {
      PartThread copies[N_COPIES];
      GThread *threads[N_COPIES];
      gboolean last = first + PART_BYTES >= FILE_BYTES;
      guint n_created = 0;

      for (guint i = 0; i < N_COPIES; i++)
        {
          copies[i] = (PartThread) { server, fixture->laptop->token, file, first,
                                     MIN (PART_BYTES, FILE_BYTES - first), 0, 0 };
          threads[i] = g_thread_new ("part-copy", part_thread, &copies[i]);
        }
      for (guint i = 0; i < N_COPIES; i++)
        {
          g_thread_join (threads[i]);
          g_assert_cmpint (copies[i].received, ==, first + copies[i].length);
          /* The copies of the last part that wait behind the one that made the file find it. */
          if (last)
            g_assert_true (copies[i].status == 201 || copies[i].status == 200);
          else
            g_assert_cmpuint (copies[i].status, ==, 202);
          n_created += copies[i].status == 201;
        }
      g_assert_cmpuint (n_created, ==, last ? 1 : 0);
      g_assert_cmpint (count_parts (server, COMMUNE), ==, last ? 0 : first / PART_BYTES + 1);
    }
  g_assert_cmpint (isaf_test_server_query_int (server, "SELECT count (*) FROM blob", NULL), ==, 1);
  assert_file_served (server, fixture->laptop->token, file);
}

/* After a restore, a new epoch: hello says so, and a pull with a cursor of the old epoch starts
 * from the beginning. */
static void
test_new_epoch (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(IsafWirePush) push = isaf_test_push_new (fixture->laptop, 1);
  g_autoptr(PGconn) conn = isaf_test_server_connect_api (fixture->server);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(IsafWirePullPage) page = NULL;
  g_autoptr(IsafWirePullPage) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  IsafUuid id;

  isaf_uuid_v7 (&id);
  g_ptr_array_add (push->rows, new_village (&id, "01020101"));
  g_assert_cmpuint (isaf_test_server_push (fixture->server, fixture->laptop, push, NULL), ==, 200);
  g_assert_cmpuint (isaf_test_server_request (fixture->server, "GET", "/v1/sync/pull",
                                              fixture->laptop->token, NULL, FALSE, &answer), ==, 200);
  page = isaf_wire_pull_page_decode (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer),
                                     &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->rows->len, ==, 1);

  g_assert_true (isaf_server_new_epoch_for (conn, COMMUNE, &error));
  g_assert_no_error (error);
  escaped = g_uri_escape_string (page->next_cursor, NULL, FALSE);
  path = g_strdup_printf ("/v1/sync/pull?cursor=%s", escaped);
  g_clear_pointer (&answer, g_bytes_unref);
  g_assert_cmpuint (isaf_test_server_request (fixture->server, "GET", path,
                                              fixture->laptop->token, NULL, FALSE, &answer), ==, 200);
  after = isaf_wire_pull_page_decode (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer),
                                      &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after->epoch, !=, page->epoch);
  g_assert_cmpuint (after->rows->len, ==, 1);
}

/* More requests at once than the server takes: the extra one is answered 503 with
 * Retry-After, at once, while the others go on. */
static void
test_overload (Fixture       *fixture,
               gconstpointer  data)
{
  IsafServerConfig *config = isaf_test_server_get_config (fixture->server);
  g_autoptr(PGconn) blocker = isaf_test_server_connect_superuser (fixture->server);
  g_autoptr(IsafWirePush) push = isaf_test_push_new (fixture->laptop, 1);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u/v1/health",
                                          isaf_test_server_get_port (fixture->server));
  PushThread first = { fixture->server, fixture->laptop, push, 0 };
  GThread *thread;
  IsafUuid id;

  config->max_concurrent_requests = 1;
  /* The first request waits on the commune's stream, held here. */
  g_assert_true (isaf_pg_exec (blocker, "BEGIN", 0, NULL, &error));
  g_assert_true (isaf_pg_exec (blocker, "SELECT * FROM commune_stream FOR UPDATE", 0, NULL,
                               &error));
  isaf_uuid_v7 (&id);
  g_ptr_array_add (push->rows, new_village (&id, "01020101"));
  thread = g_thread_new ("first", push_thread, &first);
  g_usleep (300 * 1000);

  message = soup_message_new ("GET", uri);
  answer = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 503);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                 "Retry-After"), ==, "30");

  g_assert_true (isaf_pg_exec (blocker, "COMMIT", 0, NULL, &error));
  g_thread_join (thread);
  g_assert_cmpuint (first.status, ==, 200);
  config->max_concurrent_requests = 64;
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/streams/cursor-misses-nothing", Fixture, NULL, fixture_set_up,
              test_cursor_misses_nothing, fixture_tear_down);
  g_test_add ("/server/streams/pages-of-one-table", Fixture, NULL, fixture_set_up,
              test_pages_of_one_table, fixture_tear_down);
  g_test_add ("/server/streams/gzip-answers", Fixture, NULL, fixture_set_up, test_gzip_answers,
              fixture_tear_down);
  g_test_add ("/server/streams/reference", Fixture, NULL, fixture_set_up,
              test_reference_stream, fixture_tear_down);
  g_test_add ("/server/streams/blobs", Fixture, NULL, fixture_set_up, test_blobs,
              fixture_tear_down);
  g_test_add ("/server/streams/blob-ranges", Fixture, NULL, fixture_set_up, test_blob_ranges,
              fixture_tear_down);
  g_test_add ("/server/streams/blob-parts", Fixture, NULL, fixture_set_up, test_blob_parts,
              fixture_tear_down);
  g_test_add ("/server/streams/blob-part-gap", Fixture, NULL, fixture_set_up,
              test_blob_part_gap, fixture_tear_down);
  g_test_add ("/server/streams/blob-part-wrong-hash", Fixture, NULL, fixture_set_up,
              test_blob_part_wrong_hash, fixture_tear_down);
  g_test_add ("/server/streams/blob-part-of-stored-file", Fixture, NULL, fixture_set_up,
              test_blob_part_of_stored_file, fixture_tear_down);
  g_test_add ("/server/streams/blob-part-refusals", Fixture, NULL, fixture_set_up,
              test_blob_part_refusals, fixture_tear_down);
  g_test_add ("/server/streams/blob-parts-of-another-commune", Fixture, NULL, fixture_set_up,
              test_blob_parts_of_another_commune, fixture_tear_down);
  g_test_add ("/server/streams/blob-part-copies-at-once", Fixture, NULL, fixture_set_up,
              test_blob_part_copies_at_once, fixture_tear_down);
  g_test_add ("/server/streams/new-epoch", Fixture, NULL, fixture_set_up, test_new_epoch,
              fixture_tear_down);
  g_test_add ("/server/limits/overload", Fixture, NULL, fixture_set_up, test_overload,
              fixture_tear_down);

  return g_test_run ();
}
