/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "isaf-sync-scheduler.h"
#include "isaf-test-server.h"

/* When a laptop syncs by itself: at start, then every quarter of an hour while the server
 * answers, sooner and sooner again after failures (30 s, 60 s… up to 15 min), each run off the
 * main thread, with the state the window shows. Against a real server, and a port where
 * nothing listens. */

#define COMMUNE "010201"
#define TIMEOUT_SECONDS 60

typedef struct {
  IsafTestServer *server;
  char *dir;
  char *path;
  IsafDatabase *database;
  IsafSyncScheduler *scheduler;
  GAsyncResult *result;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->server = isaf_test_server_start ();
  fixture->dir = g_dir_make_tmp ("isaf-scheduler-XXXXXX", &error);
  fixture->path = g_build_filename (fixture->dir, "laptop.sqlite", NULL);
  fixture->database = isaf_database_open (fixture->path, ISAF_DATABASE_OPEN_CREATE_NEW, &error);
  g_assert_no_error (error);
  fixture->scheduler = isaf_sync_scheduler_new (fixture->database);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *secret = g_strconcat (fixture->path, ".device-secret", NULL);
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (fixture->path, "-shm", NULL);

  g_clear_object (&fixture->result);
  isaf_sync_scheduler_stop (fixture->scheduler);
  /* Work already on its way to a thread finishes (cancelled) and lets go of the scheduler;
   * a task may drop its last reference on its worker thread, after the main loop has gone
   * quiet, so this polls rather than waits. */
  for (guint waited_ms = 0; G_OBJECT (fixture->scheduler)->ref_count > 1; waited_ms++)
    {
      g_assert_cmpuint (waited_ms, <, TIMEOUT_SECONDS * 1000);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_finalize_object (fixture->scheduler);
  isaf_database_close (fixture->database);
  g_object_unref (fixture->database);
  g_unlink (fixture->path);
  g_unlink (secret);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
  isaf_test_server_stop (fixture->server);
}

static gboolean
timed_out_cb (gpointer data)
{
  g_error ("the scheduler did not get there in %d s", TIMEOUT_SECONDS);
  return G_SOURCE_REMOVE;
}

static void
wait_for_state (Fixture       *fixture,
                IsafSyncState  state)
{
  guint timeout = g_timeout_add_seconds (TIMEOUT_SECONDS, timed_out_cb, NULL);

  while (isaf_sync_scheduler_get_state (fixture->scheduler) != state)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
}

static void
on_enrolled_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Fixture *fixture = user_data;

  fixture->result = g_object_ref (result);
}

static void
enroll (Fixture    *fixture,
        const char *server_url)
{
  g_autofree char *code = isaf_test_server_new_code (fixture->server, COMMUNE);
  g_autoptr(GError) error = NULL;

  isaf_sync_scheduler_enroll_async (fixture->scheduler, server_url, code, "laptop", NULL,
                                    on_enrolled_cb, fixture);
  while (fixture->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (isaf_sync_scheduler_enroll_finish (fixture->scheduler, fixture->result, &error));
  g_assert_no_error (error);
  g_clear_object (&fixture->result);
}

static char *
server_url (Fixture *fixture)
{
  return g_strdup_printf ("http://127.0.0.1:%u", isaf_test_server_get_port (fixture->server));
}

static void
assert_next_run_within (Fixture *fixture,
                        gint64   low_seconds,
                        gint64   high_seconds)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 next = isaf_sync_scheduler_get_next_run (fixture->scheduler);

  g_assert_cmpint (next, >=, now + low_seconds - 1);
  g_assert_cmpint (next, <=, now + high_seconds + 1);
}

static void
test_not_enrolled (Fixture       *fixture,
                   gconstpointer  data)
{
  isaf_sync_scheduler_start (fixture->scheduler);
  /* Reading the database happens off the main thread: changed comes later. */
  while (isaf_sync_scheduler_get_state (fixture->scheduler) != ISAF_SYNC_STATE_NOT_ENROLLED)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (isaf_sync_scheduler_get_next_run (fixture->scheduler), ==, 0);
}

static void
test_syncs_and_plans_the_next (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *url = server_url (fixture);

  isaf_sync_scheduler_start (fixture->scheduler);
  enroll (fixture, url);
  wait_for_state (fixture, ISAF_SYNC_STATE_IDLE);
  g_assert_null (isaf_sync_scheduler_get_error (fixture->scheduler));
  g_assert_cmpint (isaf_sync_scheduler_get_status (fixture->scheduler)->last_sync, >, 0);
  /* A quarter of an hour, give or take a fifth. */
  assert_next_run_within (fixture, 12 * 60, 18 * 60);
}

static gboolean
point_at_nowhere_job (IsafDatabase *database,
                      gpointer      data,
                      GError      **error)
{
  return isaf_database_exec (database,
                             "UPDATE sync_state SET value = 'http://127.0.0.1:9' "
                             "WHERE key = 'server_url'", error);
}

static void
test_backs_off_when_unreachable (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *url = server_url (fixture);
  g_autoptr(GError) error = NULL;
  const GError *reason;

  enroll (fixture, url);
  /* Enrolling syncs at once, even before the automatic runs start. */
  wait_for_state (fixture, ISAF_SYNC_STATE_IDLE);
  /* The server moved away: port 9 (discard) has no listener here. */
  g_assert_true (isaf_database_run (fixture->database, ISAF_DATABASE_WRITE_UNCAPTURED,
                                    point_at_nowhere_job, NULL, &error));
  isaf_sync_scheduler_start (fixture->scheduler);
  wait_for_state (fixture, ISAF_SYNC_STATE_OFFLINE);
  reason = isaf_sync_scheduler_get_error (fixture->scheduler);
  g_assert_error (reason, ISAF_SYNC_CLIENT_ERROR, ISAF_SYNC_CLIENT_ERROR_UNREACHABLE);
  g_assert_cmpstr (reason->message, !=, "");
  assert_next_run_within (fixture, 15, 45);

  /* Sync Now fails again: the next try waits twice as long. */
  isaf_sync_scheduler_sync_now (fixture->scheduler);
  wait_for_state (fixture, ISAF_SYNC_STATE_SYNCING);
  wait_for_state (fixture, ISAF_SYNC_STATE_OFFLINE);
  assert_next_run_within (fixture, 30, 90);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sync/scheduler/not-enrolled", Fixture, NULL, fixture_set_up, test_not_enrolled,
              fixture_tear_down);
  g_test_add ("/sync/scheduler/syncs-and-plans", Fixture, NULL, fixture_set_up,
              test_syncs_and_plans_the_next, fixture_tear_down);
  g_test_add ("/sync/scheduler/backs-off", Fixture, NULL, fixture_set_up,
              test_backs_off_when_unreachable, fixture_tear_down);

  return g_test_run ();
}
