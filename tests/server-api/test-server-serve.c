/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sys/wait.h>

#include "isaf-hlc.h"
#include "isaf-pg.h"
#include "isaf-test-pg.h"
#include "isaf-wire.h"

/* The isaf-server command as an administrator runs it: migrate, enroll-code, publish-ref,
 * revoke-device, new-epoch, and serve from a configuration file, stopped by SIGTERM while a
 * push is in flight: the push commits and is answered before the server goes. */

#define COMMUNE "010201"

typedef struct {
  IsafTestPg *pg;
  char *dir;
  char *config;
  char *api;
  char *owner;
} Fixture;

static char *
run (int                 expected_status,
     const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = -1;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               &err, &status, &error));
  g_assert_no_error (error);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != expected_status)
    g_error ("%s %s: status %d, expected %d: %s%s", argv[0], argv[1], WEXITSTATUS (status),
             expected_status, out, err);
  return out;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *secret_path = NULL;
  g_autofree char *config = NULL;
  g_autofree char *migrated = NULL;
  guint8 secret[32];

  fixture->pg = isaf_test_pg_start (&error);
  g_assert_no_error (error);
  fixture->dir = g_dir_make_tmp ("isaf-serve-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->api = isaf_test_pg_conninfo (fixture->pg, "isaf_api", "isaf");
  fixture->owner = isaf_test_pg_conninfo (fixture->pg, "isaf_owner", "isaf");

  for (guint i = 0; i < sizeof secret; i++)
    secret[i] = g_random_int_range (0, 256);
  secret_path = g_build_filename (fixture->dir, "token-secret", NULL);
  g_assert_true (g_file_set_contents (secret_path, (const char *) secret, sizeof secret, &error));
  config = g_strdup_printf ("[server]\nlisten=127.0.0.1:0\npg=%s\nowner_pg=%s\n"
                            "token_secret_file=%s\n[limits]\nrequest_timeout_seconds=60\n",
                            fixture->api, fixture->owner, secret_path);
  fixture->config = g_build_filename (fixture->dir, "isaf-server.conf", NULL);
  g_assert_true (g_file_set_contents (fixture->config, config, -1, &error));
  g_assert_no_error (error);

  migrated = run (0, (const char *[]) { g_getenv ("ISAF_SERVER"), "--config", fixture->config,
                                        "migrate", NULL });
  g_assert_nonnull (strstr (migrated, "version 1"));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->config);
  g_free (fixture->api);
  g_free (fixture->owner);
  isaf_test_pg_stop (fixture->pg);
}

static void
test_administration (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *server = g_getenv ("ISAF_SERVER");
  g_autofree char *set = g_build_filename (fixture->dir, "set.tsv", NULL);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;

  /* migrate runs again without harm. */
  g_free (run (0, (const char *[]) { server, "--config", fixture->config, "migrate", NULL }));
  /* Wrong usage: 2; a failure: 1 with a sentence. */
  g_free (run (2, (const char *[]) { server, "--config", fixture->config, NULL }));
  g_free (run (2, (const char *[]) { server, "--config", fixture->config, "enroll-code", NULL }));
  g_free (run (1, (const char *[]) { server, "--config", fixture->config, "enroll-code",
                                     "--commune", "999999", NULL }));
  g_free (run (1, (const char *[]) { server, "--config", fixture->config, "revoke-device",
                                     "not-a-uuid", NULL }));
  g_free (run (1, (const char *[]) { server, "--config", "/nonexistent.conf", "migrate", NULL }));

  g_assert_true (g_file_set_contents (set, "# dataset: i4c-indicators\n# version: 2\n"
                                           "hc_anc4\thealth_centre\t1\tផ្ទៃពោះ\tANC\t%\t80\t1\tpregnancy\n",
                                      -1, &error));
  out = run (0, (const char *[]) { server, "--config", fixture->config, "publish-ref", set, NULL });
  g_assert_nonnull (strstr (out, "version 2"));
  g_free (run (1, (const char *[]) { server, "--config", fixture->config, "new-epoch",
                                     "--commune", COMMUNE, NULL }));
  g_free (run (0, (const char *[]) { server, "--config", fixture->config, "enroll-code",
                                     "--commune", COMMUNE, NULL }));
  g_free (run (0, (const char *[]) { server, "--config", fixture->config, "new-epoch",
                                     "--commune", COMMUNE, NULL }));
}

typedef struct {
  SoupSession *session;
  guint16 port;
} Client;

static guint
request (Client      *client,
         const char  *method,
         const char  *path,
         const char  *token,
         GBytes      *body,
         GBytes     **answer)
{
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u%s", client->port, path);
  g_autoptr(SoupMessage) message = soup_message_new (method, uri);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) received = NULL;

  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                    authorization);
    }
  if (body != NULL)
    soup_message_set_request_body_from_bytes (message, "application/json", body);
  received = soup_session_send_and_read (client->session, message, NULL, &error);
  g_assert_no_error (error);
  if (answer != NULL)
    *answer = g_steal_pointer (&received);
  return soup_message_get_status (message);
}

typedef struct {
  Client *client;
  const char *token;
  GBytes *body;
  guint status;
} InFlight;

static gpointer
push_thread (gpointer data)
{
  InFlight *push = data;
  Client client = { soup_session_new (), push->client->port };

  push->status = request (&client, "POST", "/v1/sync/push", push->token, push->body, NULL);
  g_object_unref (client.session);
  return NULL;
}

static gboolean
has_exited (GPid pid,
            int  timeout_ms)
{
  for (int waited = 0; waited < timeout_ms; waited += 20)
    {
      int status;

      if (waitpid (pid, &status, WNOHANG) == pid)
        {
          g_assert_true (WIFEXITED (status));
          g_assert_cmpint (WEXITSTATUS (status), ==, 0);
          return TRUE;
        }
      g_usleep (20 * 1000);
    }
  return FALSE;
}

static void
test_serve_and_stop_gracefully (Fixture       *fixture,
                                gconstpointer  data)
{
  const char *argv[] = { g_getenv ("ISAF_SERVER"), "--config", fixture->config, "serve", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOChannel) channel = NULL;
  g_autoptr(GIOChannel) log_channel = NULL;
  g_autofree char *line = NULL;
  g_autofree char *log = NULL;
  g_autofree char *code_output = NULL;
  g_autofree char *superuser = isaf_test_pg_superuser_conninfo (fixture->pg);
  g_autoptr(PGconn) blocker = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GBytes) body = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(IsafWirePush) push = isaf_wire_push_new ();
  IsafWireEnrollRequest enroll = { 0 };
  IsafWireEnrollReply device = { 0 };
  IsafWireTokenRequest token_request = { 0 };
  IsafWireTokenReply token = { 0 };
  Client client = { soup_session_new (), 0 };
  InFlight in_flight = { &client, NULL, NULL, 0 };
  guint8 secret[32];
  IsafUuid village;
  IsafValue code_value = { ISAF_VALUE_TEXT, .text = (char *) "01020101" };
  GThread *thread;
  GPid pid;
  int out_fd, err_fd;
  guint port = 0;

  code_output = run (0, (const char *[]) { argv[0], "--config", fixture->config, "enroll-code",
                                           "--commune", COMMUNE, NULL });
  lines = g_strsplit (g_strstrip (code_output), "\n", -1);

  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                           NULL, NULL, &pid, NULL, &out_fd, &err_fd, &error));
  g_assert_no_error (error);
  channel = g_io_channel_unix_new (out_fd);
  g_io_channel_set_close_on_unref (channel, TRUE);
  g_assert_cmpint (g_io_channel_read_line (channel, &line, NULL, NULL, &error), ==,
                   G_IO_STATUS_NORMAL);
  g_assert_cmpint (sscanf (line, "isaf-server listening on port %u", &port), ==, 1);
  client.port = port;
  g_assert_cmpuint (request (&client, "GET", "/v1/health", NULL, NULL, NULL), ==, 200);

  /* Enrol and get a token from the running server. */
  for (guint i = 0; i < sizeof secret; i++)
    secret[i] = g_random_int_range (0, 256);
  enroll.code = lines[g_strv_length (lines) - 1];
  enroll.secret = g_base64_encode (secret, sizeof secret);
  body = isaf_wire_enroll_request_encode (&enroll);
  g_assert_cmpuint (request (&client, "POST", "/v1/enroll", NULL, body, &answer), ==, 200);
  g_assert_true (isaf_wire_enroll_reply_decode (g_bytes_get_data (answer, NULL),
                                                g_bytes_get_size (answer), &device, &error));
  token_request.device_id = device.device_id;
  token_request.secret = enroll.secret;
  g_clear_pointer (&body, g_bytes_unref);
  g_clear_pointer (&answer, g_bytes_unref);
  body = isaf_wire_token_request_encode (&token_request);
  g_assert_cmpuint (request (&client, "POST", "/v1/auth/token", NULL, body, &answer), ==, 200);
  g_assert_true (isaf_wire_token_reply_decode (g_bytes_get_data (answer, NULL),
                                               g_bytes_get_size (answer), &token, &error));

  /* Hold the commune's stream, so the push waits inside its transaction. */
  blocker = isaf_pg_connect (superuser, &error);
  g_assert_no_error (error);
  g_assert_true (isaf_pg_exec (blocker, "BEGIN", 0, NULL, &error));
  g_assert_true (isaf_pg_exec (blocker, "SELECT * FROM commune_stream FOR UPDATE", 0, NULL,
                               &error));
  g_assert_no_error (error);

  push->proto = ISAF_WIRE_PROTO;
  push->schema = ISAF_SCHEMA_VERSION;
  push->app = g_strdup (PACKAGE_VERSION);
  push->device_id = device.device_id;
  push->batch_seq = 1;
  isaf_uuid_v7 (&village);
  g_ptr_array_add (push->rows, isaf_wire_row_new (isaf_schema_find_table ("village"), &village));
  isaf_wire_row_add_field (push->rows->pdata[0], "code", &code_value)->hlc =
    ISAF_HLC_MAKE (g_get_real_time () / 1000 - 1000, 0);
  in_flight.token = token.token;
  in_flight.body = isaf_wire_push_encode (push);
  thread = g_thread_new ("push", push_thread, &in_flight);
  g_usleep (300 * 1000);

  /* SIGTERM: the server waits for the push in flight. */
  kill (pid, SIGTERM);
  g_assert_false (has_exited (pid, 500));
  g_assert_true (isaf_pg_exec (blocker, "COMMIT", 0, NULL, &error));
  g_thread_join (thread);
  g_assert_cmpuint (in_flight.status, ==, 200);
  g_assert_true (has_exited (pid, 10000));

  /* One log line per request, and never a secret in them. */
  log_channel = g_io_channel_unix_new (err_fd);
  g_io_channel_set_close_on_unref (log_channel, TRUE);
  g_assert_cmpint (g_io_channel_read_to_end (log_channel, &log, NULL, &error), ==,
                   G_IO_STATUS_NORMAL);
  g_assert_nonnull (strstr (log, "POST /v1/sync/push 200"));
  g_assert_nonnull (strstr (log, "POST /v1/enroll 200"));
  g_assert_null (strstr (log, token.token));
  g_assert_null (strstr (log, enroll.code));
  g_assert_null (strstr (log, enroll.secret));

  {
    g_autoptr(PGresult) stored = isaf_pg_query (blocker, "SELECT count(*) FROM village", 0, NULL,
                                                &error);

    g_assert_no_error (error);
    g_assert_cmpstr (PQgetvalue (stored, 0, 0), ==, "1");
  }
  g_spawn_close_pid (pid);
  g_bytes_unref (in_flight.body);
  g_free (enroll.secret);
  isaf_wire_enroll_reply_clear (&device);
  isaf_wire_token_reply_clear (&token);
  g_object_unref (client.session);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/command/administration", Fixture, NULL, fixture_set_up,
              test_administration, fixture_tear_down);
  g_test_add ("/server/command/serve-and-stop", Fixture, NULL, fixture_set_up,
              test_serve_and_stop_gracefully, fixture_tear_down);

  return g_test_run ();
}
