/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "isaf-demo.h"
#include "isaf-dump.h"
#include "isaf-hlc.h"
#include "isaf-pg.h"
#include "isaf-server-dump.h"
#include "isaf-sync-state.h"
#include "isaf-test-server.h"

/* A laptop's whole commune pushed to a real server: the server's dump of the commune and the
 * laptop's are the same bytes, through the library calls and through the two commands. */

#define COMMUNE "010201"
#define BATCH_FIELDS 500

typedef struct {
  IsafTestServer *server;
  char *dir;
  char *path;
  IsafDatabase *database;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  IsafDemoOptions options = { .commune_code = COMMUNE, .years = 1, .seed = 3 };
  g_autoptr(GError) error = NULL;

  fixture->server = isaf_test_server_start ();
  fixture->dir = g_dir_make_tmp ("isaf-replica-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "commune.sqlite", NULL);
  fixture->database = isaf_database_open (fixture->path, ISAF_DATABASE_OPEN_CREATE_NEW, &error);
  g_assert_no_error (error);
  g_assert_true (isaf_demo_generate (fixture->database, &options, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (fixture->path, "-shm", NULL);

  isaf_database_close (fixture->database);
  g_object_unref (fixture->database);
  g_remove (fixture->path);
  g_remove (wal);
  g_remove (shm);
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
  isaf_test_server_stop (fixture->server);
}

static void
push_everything (Fixture        *fixture,
                 IsafTestDevice *laptop)
{
  g_autoptr(GError) error = NULL;
  gint64 clock = ISAF_HLC_MAKE (g_get_real_time () / 1000 - 60000, 0);
  g_autoptr(GPtrArray) rows = isaf_sync_state_rows (fixture->database, clock, &error);
  g_autoptr(GPtrArray) pushes = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, >, 100);
  pushes = isaf_sync_state_batches (rows, &laptop->device_id, 1, BATCH_FIELDS);
  for (guint i = 0; i < pushes->len; i++)
    {
      g_autoptr(GBytes) answer = NULL;
      g_autoptr(IsafWirePushAck) ack = NULL;
      guint status = isaf_test_server_push (fixture->server, laptop, pushes->pdata[i], &answer);

      if (status != 200)
        g_error ("batch %u answered %u: %.*s", i + 1, status, (int) g_bytes_get_size (answer),
                 (const char *) g_bytes_get_data (answer, NULL));
      ack = isaf_wire_push_ack_decode (g_bytes_get_data (answer, NULL),
                                       g_bytes_get_size (answer), &error);
      g_assert_no_error (error);
      for (guint r = 0; r < ack->rejects->len; r++)
        {
          const IsafWireReject *reject = &g_array_index (ack->rejects, IsafWireReject, r);

          g_error ("batch %u row %u refused (%s): %s", i + 1, reject->row, reject->code,
                   reject->message);
        }
    }
}

static void
test_server_dump_equals_laptop (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(IsafTestDevice) laptop = isaf_test_server_enroll (fixture->server, COMMUNE);
  g_autoptr(GBytes) from_laptop = NULL;
  g_autoptr(GBytes) from_server = NULL;

  push_everything (fixture, laptop);
  from_laptop = isaf_test_laptop_dump (fixture->database);
  from_server = isaf_test_server_dump_commune (fixture->server, COMMUNE);
  isaf_test_assert_same_bytes (from_laptop, from_server, "the laptop's and the server's dumps");
}

static char *
run_command (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = -1;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s %s failed: %s", argv[0], argv[1], err);
  return out;
}

/* The commands: isaf-server enroll-code prints the code alone on its last line, and
 * isaf-server dump --commune writes what isafctl dump writes. */
static void
test_commands (Fixture       *fixture,
               gconstpointer  data)
{
  const char *server = g_getenv ("ISAF_SERVER");
  const char *isafctl = g_getenv ("ISAFCTL");
  const char *conninfo = isaf_test_server_get_config (fixture->server)->pg;
  g_autoptr(IsafTestDevice) laptop = isaf_test_server_enroll (fixture->server, COMMUNE);
  g_autofree char *code_output = NULL;
  g_autofree char *server_out = NULL;
  g_autofree char *laptop_out = NULL;
  g_auto(GStrv) lines = NULL;
  guint n;

  g_assert_nonnull (server);
  g_assert_nonnull (isafctl);
  code_output = run_command ((const char *[]) { server, "--pg", conninfo, "enroll-code",
                                                "--commune", "010202", NULL });
  lines = g_strsplit (g_strstrip (code_output), "\n", -1);
  n = g_strv_length (lines);
  g_assert_cmpuint (strlen (lines[n - 1]), ==, 10);

  push_everything (fixture, laptop);
  /* The laptop's file is read by another process: let go of it first. */
  isaf_database_close (fixture->database);
  server_out = run_command ((const char *[]) { server, "--pg", conninfo, "dump", "--commune",
                                               COMMUNE, NULL });
  laptop_out = run_command ((const char *[]) { isafctl, "--db", fixture->path, "dump", NULL });
  {
    g_autoptr(GBytes) a = g_bytes_new_static (laptop_out, strlen (laptop_out));
    g_autoptr(GBytes) b = g_bytes_new_static (server_out, strlen (server_out));

    isaf_test_assert_same_bytes (a, b, "isafctl dump and isaf-server dump");
  }
  fixture->database = isaf_database_open (fixture->path, ISAF_DATABASE_OPEN_EXISTING, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/replica/dump-equals-laptop", Fixture, NULL, fixture_set_up,
              test_server_dump_equals_laptop, fixture_tear_down);
  g_test_add ("/server/replica/commands", Fixture, NULL, fixture_set_up, test_commands,
              fixture_tear_down);

  return g_test_run ();
}
