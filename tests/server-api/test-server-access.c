/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "isaf-hlc.h"
#include "isaf-pg.h"
#include "isaf-server-devices.h"
#include "isaf-test-server.h"

/* Who may do what on a real isaf-server: enrolment codes used once, tokens, revocation, and
 * one commune never seeing or touching another's data, whatever it sends. */

#define COMMUNE_A "010201"
#define COMMUNE_B "010202"

typedef struct {
  IsafTestServer *server;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->server = isaf_test_server_start ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  isaf_test_server_stop (fixture->server);
}

static char *
error_code (GBytes *answer)
{
  IsafWireErrorReply reply = { 0 };
  g_autoptr(GError) error = NULL;
  char *code;

  g_assert_true (isaf_wire_error_reply_decode (g_bytes_get_data (answer, NULL),
                                               g_bytes_get_size (answer), &reply, &error));
  g_assert_no_error (error);
  code = g_steal_pointer (&reply.code);
  isaf_wire_error_reply_clear (&reply);
  return code;
}

static guint
post_enroll (Fixture    *fixture,
             const char *code,
             const char *secret,
             GBytes    **answer)
{
  IsafWireEnrollRequest request = { (char *) code, (char *) secret, NULL };
  g_autoptr(GBytes) body = isaf_wire_enroll_request_encode (&request);

  return isaf_test_server_request (fixture->server, "POST", "/v1/enroll", NULL, body, FALSE,
                                   answer);
}

static char *
random_secret (void)
{
  guint8 bytes[32];

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = g_random_int_range (0, 256);
  return g_base64_encode (bytes, sizeof bytes);
}

static void
test_enrolment_codes (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *code = isaf_test_server_new_code (fixture->server, COMMUNE_A);
  g_autofree char *expired = isaf_test_server_new_code (fixture->server, COMMUNE_A);
  g_autofree char *secret = random_secret ();
  g_autofree char *other_secret = random_secret ();
  g_autofree char *typed = NULL;
  g_autofree char *code_hash = NULL;
  g_autofree char *expire = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GBytes) refused = NULL;
  g_autofree char *refusal = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (strlen (code), ==, ISAF_SERVER_CODE_LENGTH);
  /* As a clerk may type it: lower case, in two groups. */
  typed = g_strdup_printf ("%.5s-%s", code, code + 5);
  for (char *p = typed; *p; p++)
    *p = g_ascii_tolower (*p);
  g_assert_cmpuint (post_enroll (fixture, typed, secret, &first), ==, 200);

  /* The same laptop asking again (its answer was lost) gets the same device. */
  g_assert_cmpuint (post_enroll (fixture, code, secret, &again), ==, 200);
  g_assert_true (g_bytes_equal (first, again));

  /* Anyone else with the used code is refused. */
  g_assert_cmpuint (post_enroll (fixture, code, other_secret, &refused), ==, 403);
  refusal = error_code (refused);
  g_assert_cmpstr (refusal, ==, "invalid_code");
  g_clear_pointer (&refused, g_bytes_unref);

  /* A code past its 72 hours, and a code never made. */
  code_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, expired, -1);
  expire = g_strdup_printf ("UPDATE enrollment SET expires_at = now () - interval '1 minute' "
                            "WHERE code_hash = decode ('%s', 'hex')", code_hash);
  g_assert_true (isaf_test_pg_exec (isaf_test_server_get_pg (fixture->server), expire, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (post_enroll (fixture, expired, other_secret, &refused), ==, 403);
  g_clear_pointer (&refused, g_bytes_unref);
  g_assert_cmpuint (post_enroll (fixture, "ABCDEFGHJK", other_secret, &refused), ==, 403);
  g_clear_pointer (&refused, g_bytes_unref);
  /* A secret that is not 32 bytes of base64 (which the encoder would not even write). */
  {
    g_autofree char *json = g_strdup_printf ("{\"code\":\"%s\",\"secret\":\"c2hvcnQ=\","
                                             "\"description\":null}", code);
    g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));

    g_clear_pointer (&refused, g_bytes_unref);
    g_assert_cmpuint (isaf_test_server_request (fixture->server, "POST", "/v1/enroll", NULL,
                                                body, FALSE, &refused), ==, 400);
  }
}

static guint
post_hello (Fixture    *fixture,
            const char *token,
            GBytes    **answer)
{
  IsafWireHelloRequest hello = { ISAF_WIRE_PROTO, ISAF_SCHEMA_VERSION, (char *) PACKAGE_VERSION };
  g_autoptr(GBytes) body = isaf_wire_hello_request_encode (&hello);

  return isaf_test_server_request (fixture->server, "POST", "/v1/sync/hello", token, body, TRUE,
                                   answer);
}

static void
test_tokens_and_revocation (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(IsafTestDevice) laptop = isaf_test_server_enroll (fixture->server, COMMUNE_A);
  g_autoptr(PGconn) conn = isaf_test_server_connect_api (fixture->server);
  IsafWireTokenRequest request = { laptop->device_id, (char *) "" };
  g_autofree char *wrong_secret = random_secret ();
  g_autofree char *forged = NULL;
  g_autofree char *device = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autofree char *code = NULL;
  g_autoptr(GError) error = NULL;
  char device_text[ISAF_UUID_STRING_LENGTH + 1];

  g_assert_cmpuint (post_hello (fixture, laptop->token, NULL), ==, 200);

  /* A wrong secret, no token, a forged token. */
  request.secret = wrong_secret;
  body = isaf_wire_token_request_encode (&request);
  g_assert_cmpuint (isaf_test_server_request (fixture->server, "POST", "/v1/auth/token", NULL,
                                              body, FALSE, NULL), ==, 401);
  g_assert_cmpuint (post_hello (fixture, NULL, NULL), ==, 401);
  forged = g_strdup (laptop->token);
  forged[strlen (forged) - 2] = forged[strlen (forged) - 2] == 'A' ? 'B' : 'A';
  g_assert_cmpuint (isaf_test_server_request (fixture->server, "GET", "/v1/sync/pull", forged,
                                              NULL, FALSE, NULL), ==, 401);

  /* Revoked: every request refused, and no new token. */
  isaf_uuid_to_buffer (&laptop->device_id, device_text);
  g_assert_true (isaf_server_device_revoke (conn, device_text, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (post_hello (fixture, laptop->token, &answer), ==, 403);
  code = error_code (answer);
  g_assert_cmpstr (code, ==, "revoked");
  request.secret = laptop->secret;
  g_clear_pointer (&body, g_bytes_unref);
  body = isaf_wire_token_request_encode (&request);
  g_assert_cmpuint (isaf_test_server_request (fixture->server, "POST", "/v1/auth/token", NULL,
                                              body, FALSE, NULL), ==, 403);
}

static IsafWireRow *
new_caf (const IsafUuid *id,
         const char     *name)
{
  IsafWireRow *row = isaf_wire_row_new (isaf_schema_find_table ("caf"), id);
  gint64 hlc = ISAF_HLC_MAKE (g_get_real_time () / 1000 - 1000, 0);
  IsafValue text = { ISAF_VALUE_TEXT, .text = (char *) name };
  IsafValue sex = { ISAF_VALUE_TEXT, .text = (char *) "m" };

  isaf_wire_row_add_field (row, "name_km", &text)->hlc = hlc;
  isaf_wire_row_add_field (row, "sex", &sex)->hlc = hlc;
  return row;
}

/* Commune A's laptop, with its own token, sends commune B's row ids, references, cursors and
 * codes: it gets nothing of B's, changes nothing of B's, and the attempt is logged. */
static void
test_isolation (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(IsafTestDevice) laptop_a = isaf_test_server_enroll (fixture->server, COMMUNE_A);
  g_autoptr(IsafTestDevice) laptop_b = isaf_test_server_enroll (fixture->server, COMMUNE_B);
  g_autoptr(IsafWirePush) push_b = isaf_test_push_new (laptop_b, 1);
  g_autoptr(IsafWirePush) steal = isaf_test_push_new (laptop_a, 1);
  g_autoptr(IsafWirePush) point = isaf_test_push_new (laptop_a, 1);
  g_autoptr(IsafWirePush) as_b = isaf_test_push_new (laptop_b, 2);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GPtrArray) rows_a = NULL;
  g_autoptr(GPtrArray) rows_b = NULL;
  g_autoptr(IsafWirePushAck) ack = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *name_b = NULL;
  g_autofree char *events = NULL;
  g_autofree char *path = NULL;
  IsafUuid row_b, row_a;
  IsafWireRow *row;
  IsafValue reference = { ISAF_VALUE_ID };
  IsafWirePullPage *page;

  isaf_uuid_v7 (&row_b);
  g_ptr_array_add (push_b->rows, new_caf (&row_b, "ខ"));
  g_assert_cmpuint (isaf_test_server_push (fixture->server, laptop_b, push_b, NULL), ==, 200);

  /* Writing B's row with A's token: the whole batch is refused and logged. */
  isaf_uuid_v7 (&row_a);
  g_ptr_array_add (steal->rows, new_caf (&row_a, "ក"));
  g_ptr_array_add (steal->rows, new_caf (&row_b, "ចោរ"));
  g_assert_cmpuint (isaf_test_server_push (fixture->server, laptop_a, steal, &answer), ==, 403);
  code = error_code (answer);
  g_assert_cmpstr (code, ==, "forbidden");
  name_b = isaf_test_server_query_value (fixture->server, "SELECT name_km FROM caf");
  g_assert_cmpstr (name_b, ==, "ខ");
  events = isaf_test_server_query_value (fixture->server,
                                         "SELECT commune_id FROM audit_log "
                                         "WHERE event = 'security_foreign_id'");
  g_assert_cmpstr (events, ==, COMMUNE_A);

  /* Pointing at B's row from A's: as unknown as a row that does not exist. */
  row = isaf_wire_row_new (isaf_schema_find_table ("caf_training"), &row_a);
  reference.id = row_b;
  isaf_wire_row_add_field (row, "caf_id", &reference)->hlc = ISAF_HLC_MAKE (g_get_real_time () / 1000 - 500, 0);
  g_ptr_array_add (point->rows, row);
  g_clear_pointer (&answer, g_bytes_unref);
  g_assert_cmpuint (isaf_test_server_push (fixture->server, laptop_a, point, &answer), ==, 200);
  ack = isaf_wire_push_ack_decode (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer),
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ack->rejects->len, ==, 1);
  g_assert_cmpstr (g_array_index (ack->rejects, IsafWireReject, 0).code, ==, "unknown_reference");

  /* A's laptop pushing as B's device. */
  g_clear_pointer (&answer, g_bytes_unref);
  g_assert_cmpuint (isaf_test_server_push (fixture->server, laptop_a, as_b, &answer), ==, 403);

  /* Pulls: A sees none of B's rows, even with a cursor from B's stream. */
  rows_a = isaf_test_server_pull_all (fixture->server, laptop_a, NULL);
  for (guint i = 0; i < rows_a->len; i++)
    g_assert_false (isaf_uuid_equal (&((IsafWireRow *) rows_a->pdata[i])->id, &row_b));
  rows_b = isaf_test_server_pull_all (fixture->server, laptop_b, NULL);
  g_assert_cmpuint (rows_b->len, ==, 1);
  g_clear_pointer (&answer, g_bytes_unref);
  g_assert_cmpuint (isaf_test_server_request (fixture->server, "GET", "/v1/sync/pull",
                                              laptop_b->token, NULL, FALSE, &answer), ==, 200);
  page = isaf_wire_pull_page_decode (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer),
                                     &error);
  g_assert_no_error (error);
  {
    g_autofree char *escaped = g_uri_escape_string ("", NULL, FALSE);
    g_autofree char *b_cursor = g_uri_escape_string (page->next_cursor, NULL, FALSE);

    path = g_strdup_printf ("/v1/sync/pull?cursor=%s", b_cursor);
  }
  isaf_wire_pull_page_free (page);
  g_clear_pointer (&answer, g_bytes_unref);
  g_assert_cmpuint (isaf_test_server_request (fixture->server, "GET", path, laptop_a->token,
                                              NULL, FALSE, &answer), ==, 200);
  page = isaf_wire_pull_page_decode (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer),
                                     &error);
  g_assert_no_error (error);
  for (guint i = 0; i < page->rows->len; i++)
    g_assert_false (isaf_uuid_equal (&((IsafWireRow *) page->rows->pdata[i])->id, &row_b));
  isaf_wire_pull_page_free (page);
}

/* Every table that holds a commune_id has row-level security enabled and forced, with a
 * policy; and the API's role cannot bypass it. */
static void
test_row_level_security_everywhere (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(PGconn) conn = isaf_test_server_connect_superuser (fixture->server);
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) tables = isaf_pg_query (conn,
    "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, "
    "       (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid) "
    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'commune_id' AND NOT a.attisdropped "
    "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname",
    0, NULL, &error);
  g_autofree char *bypass = NULL;

  g_assert_no_error (error);
  /* The 34 synced tables and the national ones. */
  g_assert_cmpint (PQntuples (tables), >=, (int) isaf_schema_n_tables () + 6);
  for (int i = 0; i < PQntuples (tables); i++)
    {
      const char *name = PQgetvalue (tables, i, 0);

      if (!g_str_equal (PQgetvalue (tables, i, 1), "t") || !g_str_equal (PQgetvalue (tables, i, 2), "t")
          || g_ascii_strtoll (PQgetvalue (tables, i, 3), NULL, 10) < 1)
        g_error ("table %s has a commune_id but no forced row-level security with a policy",
                 name);
    }
  bypass = isaf_test_server_query_value (fixture->server,
                                         "SELECT rolbypassrls OR rolsuper FROM pg_roles "
                                         "WHERE rolname = 'isaf_api'");
  g_assert_cmpstr (bypass, ==, "f");
}

/* Without app.commune_id, the API role sees nothing at all. */
static void
test_unset_scope_sees_nothing (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(IsafTestDevice) laptop = isaf_test_server_enroll (fixture->server, COMMUNE_A);
  g_autoptr(PGconn) conn = isaf_test_server_connect_api (fixture->server);
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) devices = isaf_pg_query (conn, "SELECT count(*) FROM device", 0, NULL,
                                               &error);

  g_assert_no_error (error);
  g_assert_cmpstr (PQgetvalue (devices, 0, 0), ==, "0");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/access/enrolment-codes", Fixture, NULL, fixture_set_up,
              test_enrolment_codes, fixture_tear_down);
  g_test_add ("/server/access/tokens-revocation", Fixture, NULL, fixture_set_up,
              test_tokens_and_revocation, fixture_tear_down);
  g_test_add ("/server/access/isolation", Fixture, NULL, fixture_set_up, test_isolation,
              fixture_tear_down);
  g_test_add ("/server/access/row-level-security", Fixture, NULL, fixture_set_up,
              test_row_level_security_everywhere, fixture_tear_down);
  g_test_add ("/server/access/unset-scope", Fixture, NULL, fixture_set_up,
              test_unset_scope_sees_nothing, fixture_tear_down);

  return g_test_run ();
}
