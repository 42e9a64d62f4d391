/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-server"

#include "config.h"

#include <gio/gio.h>
#include <gio/gunixoutputstream.h>
#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>

#include "isaf-pg.h"
#include "isaf-server-config.h"
#include "isaf-server-devices.h"
#include "isaf-server-dump.h"
#include "isaf-server-http.h"
#include "isaf-server-ref.h"
#include "isaf-server-schema.h"

/* isaf-server [--config FILE] [--pg CONNINFO] [--listen HOST:PORT] COMMAND [ARGS]
 *
 * The national server's administration commands and the API itself (README.md, "Running the
 * national server"). Exit status: 0 success, 1 failure (the message says what to fix),
 * 2 wrong usage. */

#define EXIT_USAGE 2

static const char usage[] =
  "Commands:\n"
  "  migrate                    create or upgrade the PostgreSQL schema (as the owner role)\n"
  "  enroll-code --commune CODE make a one-time enrolment code, valid 72 hours\n"
  "  revoke-device ID           stop a device from syncing\n"
  "  publish-ref FILE           publish a new version of a national reference set (as the owner)\n"
  "  new-epoch --commune CODE   after a restore: the commune's laptops send everything again\n"
  "  dump --commune CODE        the commune's rows as canonical JSON\n"
  "  serve                      answer the sync API";

static int
fail (const GError *error)
{
  g_printerr ("isaf-server: %s\n", error->message);
  return EXIT_FAILURE;
}

static int
usage_error (const char *message)
{
  g_printerr ("isaf-server: %s\nTry “isaf-server --help”.\n", message);
  return EXIT_USAGE;
}

/* --commune CODE, the only option a command takes. */
static const char *
commune_argument (int    argc,
                  char **argv)
{
  if (argc == 3 && g_str_equal (argv[1], "--commune"))
    return argv[2];
  if (argc == 2 && g_str_has_prefix (argv[1], "--commune="))
    return argv[1] + strlen ("--commune=");
  return NULL;
}

static int
run_migrate (IsafServerConfig *config)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = isaf_pg_connect (config->owner_pg[0] ? config->owner_pg : config->pg,
                                            &error);
  int version = 0;

  if (conn == NULL || !isaf_server_schema_migrate (conn, config->api_role, &version, &error))
    return fail (error);
  g_print ("The national schema is at version %d.\n", version);
  return EXIT_SUCCESS;
}

static int
run_enroll_code (IsafServerConfig *config,
                 const char       *commune_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = isaf_pg_connect (config->pg, &error);
  g_autofree char *code = NULL;

  if (conn == NULL)
    return fail (error);
  code = isaf_server_enroll_code_new (conn, commune_id, &error);
  if (code == NULL)
    return fail (error);
  g_print ("Enrolment code for commune %s, single use, valid %d hours:\n%s\n", commune_id,
           ISAF_SERVER_CODE_LIFETIME_HOURS, code);
  return EXIT_SUCCESS;
}

static int
run_revoke (IsafServerConfig *config,
            const char       *device_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = isaf_pg_connect (config->pg, &error);

  if (conn == NULL || !isaf_server_device_revoke (conn, device_id, &error))
    return fail (error);
  g_print ("Device %s is revoked: its next request is refused.\n", device_id);
  return EXIT_SUCCESS;
}

static int
run_publish_ref (IsafServerConfig *config,
                 const char       *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = isaf_pg_connect (config->owner_pg[0] ? config->owner_pg : config->pg,
                                            &error);
  gint64 version = 0;

  if (conn == NULL || !isaf_server_ref_publish (conn, path, &version, &error))
    return fail (error);
  g_print ("Published %s as version %" G_GINT64_FORMAT ".\n", path, version);
  return EXIT_SUCCESS;
}

static int
run_new_epoch (IsafServerConfig *config,
               const char       *commune_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = isaf_pg_connect (config->pg, &error);

  if (conn == NULL || !isaf_server_new_epoch_for (conn, commune_id, &error))
    return fail (error);
  g_print ("Commune %s has a new epoch: its laptops will send their data again.\n", commune_id);
  return EXIT_SUCCESS;
}

static int
run_dump (IsafServerConfig *config,
          const char       *commune_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = isaf_pg_connect (config->pg, &error);
  g_autoptr(GOutputStream) output = g_unix_output_stream_new (STDOUT_FILENO, FALSE);

  if (conn == NULL || !isaf_server_dump (conn, commune_id, output, &error))
    return fail (error);
  return EXIT_SUCCESS;
}

typedef struct {
  GMainLoop *loop;
  IsafServerHttp *http;
  gboolean stopping;
} Serving;

static gboolean
check_drained_cb (gpointer data)
{
  Serving *serving = data;

  if (isaf_server_http_get_n_in_flight (serving->http) > 0)
    return G_SOURCE_CONTINUE;
  g_main_loop_quit (serving->loop);
  return G_SOURCE_REMOVE;
}

/* SIGTERM or SIGINT: take no new request, let those in flight commit and answer, then go. */
static gboolean
on_stop_signal_cb (gpointer data)
{
  Serving *serving = data;

  if (!serving->stopping)
    {
      serving->stopping = TRUE;
      g_message ("stopping: %u requests in flight", isaf_server_http_get_n_in_flight (serving->http));
      isaf_server_http_stop (serving->http);
      g_timeout_add (20, check_drained_cb, serving);
    }
  return G_SOURCE_CONTINUE;
}

static int
run_serve (IsafServerConfig *config)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) secret = isaf_server_config_read_token_secret (config, &error);
  g_autoptr(IsafServerHttp) http = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  Serving serving = { 0 };
  guint term, interrupt;

  if (secret == NULL)
    return fail (error);
  http = isaf_server_http_new (config, secret);
  if (!isaf_server_http_listen (http, config->listen, &error))
    return fail (error);
  loop = g_main_loop_new (NULL, FALSE);
  serving.loop = loop;
  serving.http = http;
  term = g_unix_signal_add (SIGTERM, on_stop_signal_cb, &serving);
  interrupt = g_unix_signal_add (SIGINT, on_stop_signal_cb, &serving);

  /* The port on its own line, for scripts and tests that asked for port 0. */
  g_print ("isaf-server listening on port %u\n", isaf_server_http_get_port (http));
  fflush (stdout);
  g_main_loop_run (loop);
  g_source_remove (term);
  g_source_remove (interrupt);
  g_message ("stopped");
  return EXIT_SUCCESS;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config_path = NULL;
  g_autofree char *pg = NULL;
  g_autofree char *listen = NULL;
  GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path, "Read the configuration FILE", "FILE" },
    { "pg", 0, 0, G_OPTION_ARG_STRING, &pg, "Connect to PostgreSQL with CONNINFO", "CONNINFO" },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, "Serve on HOST:PORT", "HOST:PORT" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("COMMAND [ARGS] — the ISAF national "
                                                            "sync server");
  g_autoptr(IsafServerConfig) config = isaf_server_config_new ();
  g_autoptr(GError) error = NULL;
  const char *command;
  const char *commune;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context, usage);
  /* Options after the command belong to it. */
  g_option_context_set_strict_posix (context, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (error->message);
  if (argc < 2)
    return usage_error ("no command given");

  if (config_path != NULL && !isaf_server_config_load (config, config_path, &error))
    return fail (error);
  if (pg != NULL)
    {
      g_free (config->pg);
      config->pg = g_strdup (pg);
    }
  if (listen != NULL)
    {
      g_free (config->listen);
      config->listen = g_strdup (listen);
    }

  command = argv[1];
  if (g_str_equal (command, "migrate") && argc == 2)
    return run_migrate (config);
  if (g_str_equal (command, "serve") && argc == 2)
    return run_serve (config);
  if (g_str_equal (command, "revoke-device") && argc == 3)
    return run_revoke (config, argv[2]);
  if (g_str_equal (command, "publish-ref") && argc == 3)
    return run_publish_ref (config, argv[2]);
  commune = commune_argument (argc - 1, argv + 1);
  if (g_str_equal (command, "enroll-code") && commune != NULL)
    return run_enroll_code (config, commune);
  if (g_str_equal (command, "dump") && commune != NULL)
    return run_dump (config, commune);
  if (g_str_equal (command, "new-epoch") && commune != NULL)
    return run_new_epoch (config, commune);
  return usage_error ("unknown command or wrong arguments");
}
