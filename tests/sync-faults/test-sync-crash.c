/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "isaf-fault-proxy.h"
#include "isaf-pg.h"
#include "isaf-store.h"
#include "isaf-sync-local.h"
#include "isaf-test-helpers.h"
#include "isaf-test-laptop.h"
#include "isaf-test-seed.h"
#include "isaf-test-server.h"

/* Crashes, all real: laptops are SQLite files synced by the `isafctl sync` program, killed
 * with SIGKILL and started again; the server is the `isaf-server` program on the test's
 * PostgreSQL, killed with SIGKILL in the middle of a push and started again on the same port,
 * or restored from an older pg_dump and given a new epoch, as the README's restore procedure
 * says. After each kill the laptop's file passes `isafctl check`; once the crashes are over,
 * runs to completion must bring everything together (sync-protocol.md, the invariants):
 *   no loss         every facilitator registered on a laptop is on the server, with the
 *                   last phone number given to it and its deletion, if any;
 *   no duplication  each of them once, one receipt per batch number, numbered without gaps,
 *                   no conflict logged where no two laptops edited the same field;
 *   convergence     the dumps of the laptops equal the server's byte for byte;
 *   progress        after a kill, the server has applied exactly the batches before the one
 *                   the laptop keeps in flight, or that one too, never more, never fewer;
 *                   in the end nothing waits, is in flight, staged or refused.
 * /sync/crash/client-push     isafctl killed while a push is in flight, and at random moments
 * /sync/crash/client-apply    isafctl killed while it applies a large pull, and at random
 *                             moments of the pull
 * /sync/crash/server-push     isaf-server killed inside a push's transaction, and at random
 *                             moments of a long push
 * /sync/crash/server-restore  isaf-server restored from an older backup, with a new epoch
 * The random moments are drawn from a seed the test prints; ISAF_CRASH_SEED=N replays it
 * (the moments, not the machine's timing). */

#define COMMUNE "010201"
/* Facilitators per save: one local transaction, which a batch never splits. */
#define ROWS_PER_SAVE 20
/* How long the proxy holds a push's answer: longer than the test waits before its kill. */
#define HOLD_MS 10000
/* Longest wait for something that must happen (a process, a lock, a batch) */
#define WAIT_SECONDS 60
#define POLL_MS 2

typedef struct {
  char *name;
  char *path;
  char *device_id;
  /* Open only between laptop_open() and laptop_close(): never while isafctl runs on it. */
  IsafDatabase *database;
  IsafStore *store;
} Laptop;

typedef struct {
  IsafTestServer *server;
  /* Between the laptops and the server's API in a thread: /sync/crash/client-* */
  IsafFaultProxy *proxy;
  /* The isaf-server program: /sync/crash/server-* */
  char *config;
  GSubprocess *program;
  guint16 program_port;
  guint program_starts;
  char *dir;
  guint32 seed;
  GRand *rand;
  Laptop a;
  Laptop b;
  Laptop c;
  /* The facilitators the laptops registered: name → "phone\tdeleted", what the server must
   * hold in the end. */
  GHashTable *model;
} Fixture;

typedef enum {
  THROUGH_PROXY,
  THROUGH_PROGRAM,
} Setup;

/* Processes ----------------------------------------------------------------------------- */

/* Children go with the test when it fails, not stay behind holding a port. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static GSubprocess *
spawn (GSubprocessFlags    flags,
       const char         *stderr_path,
       const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  if (stderr_path != NULL)
    g_subprocess_launcher_set_stderr_file_path (launcher, stderr_path);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  return process;
}

/* Waits for @process to end; its output in @output if not NULL. */
static void
finish (GSubprocess  *process,
        char        **output)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  if (output != NULL)
    *output = g_steal_pointer (&out);
}

/* SIGKILL, then waits: TRUE when the signal ended it, FALSE when it had ended on its own. */
static gboolean
kill_process (GSubprocess *process)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (process, SIGKILL);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  return g_subprocess_get_if_signaled (process)
         && g_subprocess_get_term_sig (process) == SIGKILL;
}

static void
sleep_ms (guint milliseconds)
{
  g_usleep ((gulong) milliseconds * 1000);
}

static gboolean
has_ended (GSubprocess *process)
{
  return g_subprocess_get_identifier (process) == NULL;
}

/* isafctl ------------------------------------------------------------------------------- */

static GSubprocess *
isafctl_spawnv (Laptop             *laptop,
                const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  /* isafctl must never share the file with the test's own connection. */
  g_assert_null (laptop->database);
  g_ptr_array_add (argv, (gpointer) g_getenv ("ISAFCTL"));
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, laptop->path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  return spawn (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, NULL,
                (const char * const *) argv->pdata);
}

static GSubprocess *
isafctl_spawn_sync (Laptop *laptop)
{
  return isafctl_spawnv (laptop, (const char *[]) { "sync", NULL });
}

/* Runs isafctl to its end; fails the test, with its output, unless it succeeds. */
static void
isafctl_run (Laptop             *laptop,
             const char * const *args)
{
  g_autoptr(GSubprocess) process = isafctl_spawnv (laptop, args);
  g_autofree char *output = NULL;

  finish (process, &output);
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    g_error ("isafctl %s on %s failed: %s", args[0], laptop->name, output);
}

/* A complete `isafctl sync`; how long it took, in milliseconds. */
static guint
sync_clean (Laptop *laptop)
{
  gint64 start = g_get_monotonic_time ();

  isafctl_run (laptop, (const char *[]) { "sync", NULL });
  return (g_get_monotonic_time () - start) / 1000;
}

/* The file must be sound after whatever happened to the process writing it. */
static void
assert_sound (Laptop *laptop)
{
  isafctl_run (laptop, (const char *[]) { "check", NULL });
}

/* Laptops ------------------------------------------------------------------------------- */

static void
laptop_open (Laptop *laptop)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (laptop->database);
  laptop->database = isaf_database_open (laptop->path, ISAF_DATABASE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  laptop->store = isaf_store_new (laptop->database);
}

static void
laptop_close (Laptop *laptop)
{
  if (laptop->database == NULL)
    return;
  g_clear_object (&laptop->store);
  isaf_database_close (laptop->database);
  g_clear_object (&laptop->database);
}

/* `isafctl enroll` makes the laptop's file, which takes the commune from the server. */
static void
laptop_enroll (Fixture    *fixture,
               Laptop     *laptop,
               const char *name,
               const char *url)
{
  g_autofree char *code = isaf_test_server_new_code (fixture->server, COMMUNE);

  laptop->name = g_strdup (name);
  laptop->path = g_build_filename (fixture->dir, name, NULL);
  isafctl_run (laptop, (const char *[]) { "enroll", "--server", url, "--code", code,
                                          "--description", name, NULL });
  laptop_open (laptop);
  laptop->device_id = isaf_test_laptop_device_id (laptop->database);
  laptop_close (laptop);
}

static void
laptop_clear (Laptop *laptop)
{
  laptop_close (laptop);
  g_free (laptop->name);
  g_free (laptop->path);
  g_free (laptop->device_id);
}

/* One integer from a query on the laptop's open database. */
static gint64
laptop_int (Laptop     *laptop,
            const char *sql)
{
  return isaf_test_run_query_int (laptop->database, sql);
}

static char *
laptop_epoch (Laptop *laptop)
{
  g_autofree char *epoch = NULL;
  g_autofree char *cursor = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (isaf_sync_local_get_position (laptop->database, &epoch, &cursor, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&epoch);
}

/* Rows of every synced table the laptop holds. */
static gint64
laptop_rows (Laptop *laptop)
{
  gint64 rows = 0;

  for (guint t = 0; t < isaf_schema_n_tables (); t++)
    {
      /* Table names come from the schema description, never from data. */
      g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM %s",
                                              isaf_schema_table_at (t)->name);

      rows += laptop_int (laptop, sql);
    }
  return rows;
}

/* One integer read from the laptop's file by a connection of the test's own while isafctl
 * writes to it (WAL: the reader sees the last commit); -1 when the file is busy. */
static gint64
peek_int (Laptop     *laptop,
          const char *sql)
{
  sqlite3 *conn = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  if (sqlite3_open_v2 (laptop->path, &conn, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK
      && sqlite3_prepare_v2 (conn, sql, -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close_v2 (conn);
  return value;
}

/* Edits, and the model of what they made ------------------------------------------------ */

static void
model_set (Fixture    *fixture,
           const char *name,
           const char *phone,
           gboolean    deleted)
{
  g_hash_table_replace (fixture->model, g_strdup (name),
                        g_strdup_printf ("%s\t%d", phone ? phone : "", deleted ? 1 : 0));
}

static void
create_commune (Laptop *laptop)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (isaf_store_create_commune (laptop->store, COMMUNE, &error));
  g_assert_no_error (error);
}

/* @n new facilitators, "@prefix 0", "@prefix 1"..., ROWS_PER_SAVE to a save; the id of the
 * first in @first_id if not NULL. */
static void
register_cafs (Fixture    *fixture,
               Laptop     *laptop,
               const char *prefix,
               guint       n,
               IsafUuid   *first_id)
{
  for (guint i = 0; i < n; i += ROWS_PER_SAVE)
    {
      g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GError) error = NULL;

      for (guint j = i; j < MIN (n, i + ROWS_PER_SAVE); j++)
        {
          g_autofree char *name = g_strdup_printf ("%s %u", prefix, j);
          IsafRecord *caf = isaf_record_new ("caf");

          isaf_record_set_text (caf, "name_km", name);
          isaf_record_set_text (caf, "sex", j % 2 ? "m" : "f");
          g_ptr_array_add (records, caf);
          model_set (fixture, name, NULL, FALSE);
        }
      g_assert_true (isaf_store_save (laptop->store, records, &error));
      g_assert_no_error (error);
      if (i == 0 && first_id != NULL)
        *first_id = *isaf_record_get_id (records->pdata[0]);
    }
}

static void
set_phone (Fixture        *fixture,
           Laptop         *laptop,
           const IsafUuid *id,
           const char     *phone)
{
  g_autoptr(IsafRecord) caf = isaf_test_get_record (laptop->store, "caf", id);
  g_autoptr(GPtrArray) records = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  isaf_record_set_text (caf, "phone", phone);
  g_ptr_array_add (records, caf);
  g_assert_true (isaf_store_save (laptop->store, records, &error));
  g_assert_no_error (error);
  model_set (fixture, isaf_record_get_text (caf, "name_km"), phone, FALSE);
}

static void
delete_caf (Fixture        *fixture,
            Laptop         *laptop,
            const IsafUuid *id)
{
  g_autoptr(IsafRecord) caf = isaf_test_get_record (laptop->store, "caf", id);
  g_autoptr(IsafDeletion) deletion = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (isaf_store_delete (laptop->store, "caf", id, &deletion, &error));
  g_assert_no_error (error);
  model_set (fixture, isaf_record_get_text (caf, "name_km"),
             isaf_record_get_text (caf, "phone"), TRUE);
}

/* What the server holds ----------------------------------------------------------------- */

static gint64
server_last_batch_seq (Fixture *fixture,
                       Laptop  *laptop)
{
  return isaf_test_server_query_int (fixture->server,
                                     "SELECT last_batch_seq FROM device WHERE id = $1",
                                     laptop->device_id, NULL);
}

static char *
server_epoch (Fixture *fixture)
{
  g_autoptr(PGresult) result = isaf_test_server_query (fixture->server,
                                                       "SELECT epoch FROM commune_stream "
                                                       "WHERE commune_id = $1", COMMUNE, NULL);

  g_assert_cmpint (PQntuples (result), ==, 1);
  return g_strdup (PQgetvalue (result, 0, 0));
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static char *
join_sorted (GPtrArray *lines)
{
  GString *text = g_string_new (NULL);

  g_ptr_array_sort (lines, compare_lines);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (text, "%s\n", (const char *) lines->pdata[i]);
  return g_string_free (text, FALSE);
}

/* "name\tphone\tdeleted" of every facilitator on the server, one a line, sorted. */
static char *
server_cafs (Fixture *fixture)
{
  g_autoptr(PGresult) result = isaf_test_server_query (fixture->server,
                                                       "SELECT name_km, coalesce (phone, ''), "
                                                       "deleted FROM caf WHERE commune_id = $1",
                                                       COMMUNE, NULL);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  for (int r = 0; r < PQntuples (result); r++)
    g_ptr_array_add (lines, g_strdup_printf ("%s\t%s\t%s", PQgetvalue (result, r, 0),
                                             PQgetvalue (result, r, 1),
                                             PQgetvalue (result, r, 2)));
  return join_sorted (lines);
}

static char *
model_cafs (Fixture *fixture)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer name, value;

  g_hash_table_iter_init (&iter, fixture->model);
  while (g_hash_table_iter_next (&iter, &name, &value))
    g_ptr_array_add (lines, g_strdup_printf ("%s\t%s", (char *) name, (char *) value));
  return join_sorted (lines);
}

/* Fails the test with the first differing line of two texts of lines. */
static void
assert_same_lines (const char *expected,
                   const char *actual,
                   const char *what)
{
  g_auto(GStrv) want = NULL;
  g_auto(GStrv) have = NULL;
  guint i = 0;

  if (g_str_equal (expected, actual))
    return;
  want = g_strsplit (expected, "\n", -1);
  have = g_strsplit (actual, "\n", -1);
  while (want[i] != NULL && have[i] != NULL && g_str_equal (want[i], have[i]))
    i++;
  g_error ("%s differ at line %u (%u lines expected, %u found): expected “%s”, found “%s”",
           what, i + 1, g_strv_length (want), g_strv_length (have),
           want[i] ? want[i] : "(end)", have[i] ? have[i] : "(end)");
}

/* The invariants ------------------------------------------------------------------------ */

/* The batch the laptop keeps frozen in flight, 0 for none; the number of its next batch. */
static const char in_flight_sql[] = "SELECT coalesce (max (batch_seq), 0) FROM sync_inflight";
static const char next_batch_seq_sql[] = "SELECT coalesce (max (value), 1) FROM sync_state "
                                         "WHERE key = 'next_batch_seq'";

/* After a kill: the server applied the batches before the one the laptop keeps in flight,
 * perhaps that one too, and nothing else; the file is sound. How the kill landed, for the
 * log. */
static const char *
assert_progress (Fixture *fixture,
                 Laptop  *laptop)
{
  gint64 server_last = server_last_batch_seq (fixture, laptop);
  gint64 in_flight, next;
  const char *landed;

  assert_sound (laptop);
  laptop_open (laptop);
  in_flight = laptop_int (laptop, in_flight_sql);
  next = laptop_int (laptop, next_batch_seq_sql);
  laptop_close (laptop);

  if (in_flight == 0)
    {
      g_assert_cmpint (server_last, ==, next - 1);
      landed = "no batch in flight";
    }
  else if (server_last == in_flight)
    landed = "batch in flight, applied by the server";
  else
    {
      g_assert_cmpint (server_last, ==, in_flight - 1);
      landed = "batch in flight, not applied";
    }
  return landed;
}

/* No two laptops edited the same field: a conflict would be an edit applied twice, or one
 * that came back under another clock. */
static void
assert_no_conflict (Fixture *fixture)
{
  g_autoptr(PGresult) logged = isaf_test_server_query (fixture->server,
                                                       "SELECT tbl, field, reason, winning_value, "
                                                       "winning_hlc, winning_node, losing_value, "
                                                       "losing_hlc, losing_node FROM conflict_log "
                                                       "WHERE commune_id = $1",
                                                       COMMUNE, NULL);

  if (PQntuples (logged) > 0)
    g_error ("%d conflicts logged, the first on %s.%s (%s): %s at %s/%s won over %s at %s/%s",
             PQntuples (logged), PQgetvalue (logged, 0, 0), PQgetvalue (logged, 0, 1),
             PQgetvalue (logged, 0, 2), PQgetvalue (logged, 0, 3), PQgetvalue (logged, 0, 4),
             PQgetvalue (logged, 0, 5), PQgetvalue (logged, 0, 6), PQgetvalue (logged, 0, 7),
             PQgetvalue (logged, 0, 8));
}

/* After runs to completion: every laptop holds what the server holds, nothing waits, every
 * batch was received once, the facilitators are those the model holds, and no conflict was
 * logged. */
static void
assert_converged (Fixture *fixture)
{
  g_autoptr(GBytes) server = isaf_test_server_dump_commune (fixture->server, COMMUNE);
  g_autofree char *expected = model_cafs (fixture);
  g_autofree char *actual = server_cafs (fixture);
  g_autofree char *epoch = server_epoch (fixture);
  Laptop *laptops[] = { &fixture->a, &fixture->b, &fixture->c };

  assert_same_lines (expected, actual, "the facilitators registered and the server's");
  assert_no_conflict (fixture);

  for (guint i = 0; i < G_N_ELEMENTS (laptops); i++)
    {
      Laptop *laptop = laptops[i];
      g_autoptr(GBytes) dump = NULL;
      g_autofree char *what = NULL;
      g_autofree char *laptop_epoch_text = NULL;
      gint64 last;

      if (laptop->path == NULL)
        continue;
      laptop_open (laptop);
      dump = isaf_test_laptop_dump (laptop->database);
      what = g_strdup_printf ("the server's and %s's dumps", laptop->name);
      isaf_test_assert_same_bytes (server, dump, what);
      laptop_epoch_text = laptop_epoch (laptop);
      g_assert_cmpstr (laptop_epoch_text, ==, epoch);

      isaf_test_laptop_assert_nothing_waits (laptop->database);
      g_assert_cmpint (laptop_int (laptop, "SELECT count (*) FROM sync_conflict"), ==, 0);

      last = isaf_test_server_assert_receipts (fixture->server, laptop->device_id);
      g_assert_cmpint (laptop_int (laptop, next_batch_seq_sql), ==, last + 1);
      laptop_close (laptop);
    }
}

/* The isaf-server program --------------------------------------------------------------- */

/* Starts `isaf-server serve`, on the port it had before if it ran already: the laptops keep
 * its address. */
static void
program_start (Fixture *fixture)
{
  for (guint attempt = 0; attempt < 50; attempt++)
    {
      g_autofree char *log = g_strdup_printf ("%s/isaf-server-%u.log", fixture->dir,
                                              fixture->program_starts++);
      g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", fixture->program_port);
      const char *argv[] = { g_getenv ("ISAF_SERVER"), "--config", fixture->config,
                             "--listen", listen, "serve", NULL };
      g_autoptr(GDataInputStream) out = NULL;
      g_autofree char *line = NULL;
      guint port = 0;

      fixture->program = spawn (G_SUBPROCESS_FLAGS_STDOUT_PIPE, log, argv);
      out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fixture->program));
      /* Kept open: the server may write more. */
      g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (out), FALSE);
      line = g_data_input_stream_read_line (out, NULL, NULL, NULL);
      if (line != NULL && sscanf (line, "isaf-server listening on port %u", &port) == 1)
        {
          g_assert_true (fixture->program_port == 0 || port == fixture->program_port);
          fixture->program_port = port;
          return;
        }
      /* The port of a killed server may take a moment to be free again. */
      g_subprocess_wait (fixture->program, NULL, NULL);
      g_clear_object (&fixture->program);
      sleep_ms (100);
    }
  g_error ("isaf-server does not start again on port %u", fixture->program_port);
}

static void
program_kill (Fixture *fixture)
{
  g_assert_true (kill_process (fixture->program));
  g_clear_object (&fixture->program);
}

/* SIGTERM: what an administrator does before a restore. */
static void
program_stop (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (fixture->program, SIGTERM);
  g_assert_true (g_subprocess_wait_check (fixture->program, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&fixture->program);
}

static char *
program_url (Fixture *fixture)
{
  return g_strdup_printf ("http://127.0.0.1:%u", fixture->program_port);
}

/* `isaf-server COMMAND ARGS…` as an administrator runs it; asserts it succeeds. */
static void
program_command (Fixture            *fixture,
                 const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *output = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("ISAF_SERVER"));
  g_ptr_array_add (argv, (gpointer) "--config");
  g_ptr_array_add (argv, fixture->config);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  process = spawn (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, NULL,
                   (const char * const *) argv->pdata);
  finish (process, &output);
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    g_error ("isaf-server %s failed: %s", args[0], output);
}

/* Fixture ------------------------------------------------------------------------------- */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  Setup setup = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;

  fixture->seed = isaf_test_seed_from_env ("ISAF_CRASH_SEED");
  fixture->rand = g_rand_new_with_seed (fixture->seed);
  g_printerr ("# %s seed %u\n", g_test_get_path (), fixture->seed);

  fixture->server = isaf_test_server_start ();
  fixture->dir = g_dir_make_tmp ("isaf-crash-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->model = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (setup == THROUGH_PROXY)
    {
      fixture->proxy = isaf_fault_proxy_new (isaf_test_server_get_port (fixture->server));
      isaf_fault_proxy_set_seed (fixture->proxy, fixture->seed);
      isaf_fault_proxy_set_delay (fixture->proxy, HOLD_MS);
    }
  else
    {
      fixture->config = isaf_test_server_write_config (fixture->server, fixture->dir);
      program_start (fixture);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->program != NULL)
    program_stop (fixture);
  laptop_clear (&fixture->a);
  laptop_clear (&fixture->b);
  laptop_clear (&fixture->c);
  g_clear_pointer (&fixture->proxy, isaf_fault_proxy_free);
  isaf_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->config);
  g_hash_table_unref (fixture->model);
  g_rand_free (fixture->rand);
  isaf_test_server_stop (fixture->server);
}

static char *
fixture_url (Fixture *fixture)
{
  return fixture->proxy ? isaf_fault_proxy_dup_url (fixture->proxy) : program_url (fixture);
}

/* A sets the commune up with @n facilitators, the first in @first_id; A, then B receive
 * everything. How long A's run took per facilitator, to draw kills during a push of many. */
static double
set_up_commune (Fixture  *fixture,
                guint     n,
                IsafUuid *first_id)
{
  guint push_ms;

  laptop_open (&fixture->a);
  create_commune (&fixture->a);
  register_cafs (fixture, &fixture->a, "ស្នូល", n, first_id);
  laptop_close (&fixture->a);
  push_ms = sync_clean (&fixture->a);
  sync_clean (&fixture->b);
  g_test_message ("A pushed %u facilitators in %u ms", n, push_ms);
  return (double) push_ms / n;
}

/* The client killed mid-push ------------------------------------------------------------ */

#define PUSH_ROUNDS 6
/* Facilitators A registers offline in a round: more than one push batch */
#define PUSH_ROUND_MIN_CAFS 300
#define PUSH_ROUND_MAX_CAFS 700

/* Kills `isafctl sync` of A once the proxy holds the answer to a push the server applied,
 * the first of this run's new batches or the one after (@later): A's batch is in flight,
 * applied, and A never heard of it. FALSE if the run ended first. */
static gboolean
kill_during_held_push (Fixture  *fixture,
                       gboolean  later,
                       guint    *waited_ms)
{
  gint64 server_last = server_last_batch_seq (fixture, &fixture->a);
  gint64 held = server_last + 1 + (later ? 1 : 0);
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  g_autoptr(GSubprocess) process = NULL;
  IsafFaultCounts counts = { 0 };
  IsafFaultRule hold = { ISAF_FAULT_DELAY, "/v1/sync/push", 0, 1, 1.0 };
  gint64 in_flight;

  /* A run sends the batch a kill left in flight first, again, even if the server has it. */
  laptop_open (&fixture->a);
  in_flight = laptop_int (&fixture->a, in_flight_sql);
  laptop_close (&fixture->a);
  hold.skip = held - (in_flight != 0 ? in_flight : server_last + 1);
  isaf_fault_proxy_add_rule (fixture->proxy, &hold);
  isaf_fault_proxy_reset_counts (fixture->proxy);
  process = isafctl_spawn_sync (&fixture->a);
  while (!has_ended (process) && g_get_monotonic_time () < deadline
         && (counts.by_fault[ISAF_FAULT_DELAY] == 0
             || server_last_batch_seq (fixture, &fixture->a) < held))
    {
      sleep_ms (POLL_MS);
      isaf_fault_proxy_get_counts (fixture->proxy, &counts);
    }
  g_assert_cmpint (g_get_monotonic_time (), <, deadline);
  *waited_ms = g_rand_int_range (fixture->rand, 0, 300);
  sleep_ms (*waited_ms);
  isaf_fault_proxy_clear (fixture->proxy);
  return kill_process (process);
}

/* Kills `isafctl sync` of A @after_ms after it started; FALSE if the run ended first. */
static gboolean
kill_after (Laptop *laptop,
            guint   after_ms)
{
  g_autoptr(GSubprocess) process = isafctl_spawn_sync (laptop);

  sleep_ms (after_ms);
  return kill_process (process);
}

/* A registers hundreds of facilitators and edits one, offline, in each round; its isafctl is
 * killed either while the proxy holds the answer to a push the server applied, or at a
 * random moment. Later rounds find a batch left in flight by the kill before, with new edits
 * behind it. Then runs to completion on A, B and A. */
static void
test_client_push (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *url = fixture_url (fixture);
  guint applied_unheard = 0;
  double ms_per_caf;
  IsafUuid edited;

  laptop_enroll (fixture, &fixture->a, "laptop-a.sqlite", url);
  laptop_enroll (fixture, &fixture->b, "laptop-b.sqlite", url);
  ms_per_caf = set_up_commune (fixture, PUSH_ROUND_MIN_CAFS, &edited);
  assert_converged (fixture);

  for (guint round = 0; round < PUSH_ROUNDS; round++)
    {
      guint n = g_rand_int_range (fixture->rand, PUSH_ROUND_MIN_CAFS, PUSH_ROUND_MAX_CAFS + 1);
      gboolean held = round % 2 == 0;
      gboolean later = g_rand_boolean (fixture->rand);
      /* Within about the time the run takes */
      guint after_ms = g_rand_int_range (fixture->rand, 0, ms_per_caf * n + 1);
      g_autofree char *prefix = g_strdup_printf ("ក %u", round);
      g_autofree char *phone = g_strdup_printf ("012 000 %03u", round);
      const char *landed;
      gboolean killed;

      laptop_open (&fixture->a);
      register_cafs (fixture, &fixture->a, prefix, n, NULL);
      set_phone (fixture, &fixture->a, &edited, phone);
      laptop_close (&fixture->a);

      if (held)
        killed = kill_during_held_push (fixture, later, &after_ms);
      else
        killed = kill_after (&fixture->a, after_ms);
      landed = killed ? assert_progress (fixture, &fixture->a) : "after the run ended";
      g_test_message ("round %u: %u new, %s kill %u ms after %s: %s", round, n,
                      held ? (later ? "second batch held," : "first batch held,") : "random",
                      after_ms, held ? "the hold" : "the start", landed);
      if (held)
        {
          g_assert_true (killed);
          g_assert_cmpstr (landed, ==, "batch in flight, applied by the server");
          applied_unheard++;
        }
    }
  g_assert_cmpuint (applied_unheard, >=, PUSH_ROUNDS / 2);

  sync_clean (&fixture->a);
  sync_clean (&fixture->b);
  sync_clean (&fixture->a);
  assert_converged (fixture);
}

/* The client killed mid-apply ----------------------------------------------------------- */

#define APPLY_CAFS 3000
#define APPLY_MORE_CAFS 1500
/* How late the proxy delivers each pull page while the pull is killed at random points */
#define PAGE_DELAY_MS 150

/* Rows staged by a pull, counted while isafctl runs; the facilitators applied */
static const char staged_rows_sql[] =
  "SELECT count (*) FROM (SELECT DISTINCT tbl, id FROM sync_staging)";
static const char cafs_sql[] = "SELECT count (*) FROM caf";

typedef struct {
  /* From start to end of a complete run, and from its last staged page to its end: the
   * apply, mostly */
  guint run_ms;
  guint apply_ms;
  /* Requests the run sent */
  guint requests;
} Timing;

/* A complete `isafctl sync` on a laptop that pulls @rows rows, timed. */
static void
sync_timed (Fixture *fixture,
            Laptop  *laptop,
            gint64   rows,
            Timing  *timing)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *output = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 staged = 0;
  IsafFaultCounts counts;

  isaf_fault_proxy_reset_counts (fixture->proxy);
  process = isafctl_spawn_sync (laptop);
  while (!has_ended (process) && peek_int (laptop, staged_rows_sql) < rows)
    sleep_ms (POLL_MS);
  staged = g_get_monotonic_time ();
  finish (process, &output);
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    g_error ("isafctl sync on %s failed: %s", laptop->name, output);
  timing->run_ms = (g_get_monotonic_time () - start) / 1000;
  timing->apply_ms = (g_get_monotonic_time () - staged) / 1000;
  isaf_fault_proxy_get_counts (fixture->proxy, &counts);
  timing->requests = counts.seen;
  g_test_message ("%s: a complete run in %u ms, %u ms after the last page, %u requests",
                  laptop->name, timing->run_ms, timing->apply_ms, timing->requests);
}

/* Kills `isafctl sync` of @laptop once its pull has staged all @rows, a random moment within
 * the first third of @apply_ms later, while it applies them: the apply's transaction goes as a
 * whole, the staged pages stay. */
static void
kill_during_apply (Fixture *fixture,
                   Laptop  *laptop,
                   gint64   rows,
                   guint    apply_ms)
{
  g_autoptr(GSubprocess) process = NULL;
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  guint after_ms = g_rand_int_range (fixture->rand, 0, MAX (apply_ms / 3, 1));
  gint64 cafs;

  laptop_open (laptop);
  cafs = laptop_int (laptop, cafs_sql);
  laptop_close (laptop);
  process = isafctl_spawn_sync (laptop);
  while (!has_ended (process) && g_get_monotonic_time () < deadline
         && peek_int (laptop, staged_rows_sql) < rows)
    sleep_ms (POLL_MS);
  sleep_ms (after_ms);
  g_assert_true (kill_process (process));
  g_test_message ("%s killed %u ms after its pull staged %" G_GINT64_FORMAT " rows",
                  laptop->name, after_ms, rows);

  assert_sound (laptop);
  laptop_open (laptop);
  g_assert_cmpint (laptop_int (laptop, staged_rows_sql), ==, rows);
  g_assert_cmpint (laptop_int (laptop, cafs_sql), ==, cafs);
  laptop_close (laptop);
}

/* Kills `isafctl sync` of @laptop at random points of its pull of @rows, whose pages come
 * PAGE_DELAY_MS late: once it has staged a random number of rows more than the runs before
 * left, a moment later, until a run stages the last page (then it is killed while it applies
 * them, or after). Each run goes on from the pages the runs before staged, which no kill
 * takes away. */
static void
kill_during_pull (Fixture *fixture,
                  Laptop  *laptop,
                  gint64   rows)
{
  gint64 staged = 0;
  gint64 cafs_before;

  laptop_open (laptop);
  cafs_before = laptop_int (laptop, cafs_sql);
  laptop_close (laptop);
  while (staged < rows)
    {
      gint64 target = g_rand_int_range (fixture->rand, staged + 1, rows + 1);
      guint after_ms = g_rand_int_range (fixture->rand, 0, PAGE_DELAY_MS);
      gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
      g_autoptr(GSubprocess) process = isafctl_spawn_sync (laptop);
      gint64 cafs;
      gboolean killed;

      while (!has_ended (process) && g_get_monotonic_time () < deadline
             && peek_int (laptop, staged_rows_sql) < target)
        sleep_ms (POLL_MS);
      sleep_ms (after_ms);
      killed = kill_process (process);

      assert_sound (laptop);
      laptop_open (laptop);
      staged = laptop_int (laptop, staged_rows_sql);
      cafs = laptop_int (laptop, cafs_sql);
      laptop_close (laptop);
      g_test_message ("%s %s %u ms after its pull staged %" G_GINT64_FORMAT " of %"
                      G_GINT64_FORMAT " rows: %" G_GINT64_FORMAT " staged, %" G_GINT64_FORMAT
                      " facilitators", laptop->name, killed ? "killed" : "ended before its kill",
                      after_ms, target, rows, staged, cafs);
      /* Staged pages go only with their apply. */
      if (staged == 0)
        {
          g_assert_cmpint (cafs, >, cafs_before);
          return;
        }
      g_assert_true (killed);
      g_assert_cmpint (staged, >=, target);
    }
}

/* A registers thousands of facilitators and pushes them; B pulls them in a timed run; C's
 * pull is killed once it staged everything, while it applies, and C's file must be sound,
 * with the pages still staged and nothing applied; the next run must not pull them again.
 * Then A registers more, and C's pull of them is killed at random points until it is all
 * staged; then C goes on to the end. */
static void
test_client_apply (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *url = fixture_url (fixture);
  IsafFaultRule slow_pages = { ISAF_FAULT_DELAY, "/v1/sync/pull", 0, 0, 1.0 };
  IsafFaultCounts counts;
  Timing full;
  gint64 rows;

  laptop_enroll (fixture, &fixture->a, "laptop-a.sqlite", url);
  laptop_enroll (fixture, &fixture->b, "laptop-b.sqlite", url);
  laptop_enroll (fixture, &fixture->c, "laptop-c.sqlite", url);

  laptop_open (&fixture->a);
  create_commune (&fixture->a);
  register_cafs (fixture, &fixture->a, "ស្នូល", APPLY_CAFS, NULL);
  rows = laptop_rows (&fixture->a);
  laptop_close (&fixture->a);
  sync_clean (&fixture->a);
  sync_timed (fixture, &fixture->b, rows, &full);

  kill_during_apply (fixture, &fixture->c, rows, full.apply_ms);
  /* The next run goes on after the staged pages: fewer requests than a whole pull. */
  isaf_fault_proxy_reset_counts (fixture->proxy);
  sync_clean (&fixture->c);
  isaf_fault_proxy_get_counts (fixture->proxy, &counts);
  g_assert_cmpuint (counts.seen, <, full.requests);
  assert_converged (fixture);

  laptop_open (&fixture->a);
  register_cafs (fixture, &fixture->a, "បន្ថែម", APPLY_MORE_CAFS, NULL);
  rows = laptop_rows (&fixture->a) - rows;
  laptop_close (&fixture->a);
  sync_clean (&fixture->a);
  isaf_fault_proxy_set_delay (fixture->proxy, PAGE_DELAY_MS);
  isaf_fault_proxy_add_rule (fixture->proxy, &slow_pages);
  kill_during_pull (fixture, &fixture->c, rows);
  isaf_fault_proxy_clear (fixture->proxy);

  sync_clean (&fixture->c);
  sync_clean (&fixture->b);
  assert_converged (fixture);
}

/* The server killed mid-batch ----------------------------------------------------------- */

#define SERVER_RANDOM_KILLS 3
#define SERVER_BLOCKED_CAFS 400

/* The process id of the API's backend that waits for a lock, once there is one. */
static char *
wait_for_lock_waiter (Fixture *fixture)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(PGresult) waiting = isaf_test_server_query (fixture->server,
                                                            "SELECT pid FROM pg_stat_activity "
                                                            "WHERE usename = $1 "
                                                            "AND wait_event_type = 'Lock'",
                                                            "isaf_api", NULL);

      if (PQntuples (waiting) == 1)
        return g_strdup (PQgetvalue (waiting, 0, 0));
      sleep_ms (10);
    }
  g_error ("no push waited for the facilitator's lock");
}

static void
wait_for_backend_end (Fixture    *fixture,
                      const char *pid)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;

  while (isaf_test_server_query_int (fixture->server, "SELECT count (*) FROM pg_stat_activity "
                                                     "WHERE pid = $1::int", pid, NULL) > 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      sleep_ms (10);
    }
}

/* A registers facilitators and edits one that B holds; a connection of the test locks that
 * facilitator's row, so the push of A's last batch waits inside its transaction, after its
 * receipt was written; then isaf-server is killed. When the lock goes, that transaction
 * must be gone, uncommitted; the server starts again on the same port and A's next run
 * sends the batch again. Then rounds where the server is killed at random moments of A's
 * long push, while B edits too. */
static void
test_server_push (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *url = fixture_url (fixture);
  IsafTestPg *pg = isaf_test_server_get_pg (fixture->server);
  g_autofree char *superuser = isaf_test_pg_superuser_conninfo (pg);
  g_autofree char *edited_id = NULL;
  g_autofree char *waiter = NULL;
  g_autoptr(PGconn) blocker = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char buffer[ISAF_UUID_STRING_LENGTH + 1];
  gint64 last_before_kill, in_flight;
  IsafUuid edited;

  laptop_enroll (fixture, &fixture->a, "laptop-a.sqlite", url);
  laptop_enroll (fixture, &fixture->b, "laptop-b.sqlite", url);
  set_up_commune (fixture, 40, &edited);
  isaf_uuid_to_buffer (&edited, buffer);
  edited_id = g_strdup (buffer);

  laptop_open (&fixture->a);
  register_cafs (fixture, &fixture->a, "ក", SERVER_BLOCKED_CAFS, NULL);
  set_phone (fixture, &fixture->a, &edited, "012 345 678");
  laptop_close (&fixture->a);

  blocker = isaf_pg_connect (superuser, &error);
  g_assert_no_error (error);
  g_assert_true (isaf_pg_exec (blocker, "BEGIN", 0, NULL, &error));
  g_assert_true (isaf_pg_exec (blocker, "SELECT 1 FROM caf WHERE id = $1 FOR UPDATE", 1,
                               (const char *[]) { edited_id }, &error));
  g_assert_no_error (error);

  process = isafctl_spawn_sync (&fixture->a);
  waiter = wait_for_lock_waiter (fixture);
  last_before_kill = server_last_batch_seq (fixture, &fixture->a);
  g_assert_cmpint (last_before_kill, >, 0);
  program_kill (fixture);
  /* isafctl hears the connection go and fails; its batch stays in flight. */
  finish (process, NULL);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), !=, 0);
  g_assert_cmpstr (assert_progress (fixture, &fixture->a), ==, "batch in flight, not applied");
  laptop_open (&fixture->a);
  in_flight = laptop_int (&fixture->a, in_flight_sql);
  laptop_close (&fixture->a);
  g_assert_cmpint (in_flight, ==, last_before_kill + 1);

  /* The killed server's transaction ends with the lock, uncommitted: no receipt, no rows. */
  g_assert_true (isaf_pg_exec (blocker, "ROLLBACK", 0, NULL, &error));
  g_assert_no_error (error);
  wait_for_backend_end (fixture, waiter);
  g_assert_cmpint (server_last_batch_seq (fixture, &fixture->a), ==, last_before_kill);
  g_assert_cmpint (isaf_test_server_query_int (fixture->server,
                                               "SELECT coalesce (max (batch_seq), 0) "
                                               "FROM push_receipt WHERE device_id = $1",
                                               fixture->a.device_id, NULL),
                   ==, last_before_kill);
  g_assert_cmpint (isaf_test_server_query_int (fixture->server,
                                               "SELECT count (*) FROM caf "
                                               "WHERE id = $1::uuid AND phone IS NULL",
                                               edited_id, NULL),
                   ==, 1);

  program_start (fixture);
  sync_clean (&fixture->a);
  sync_clean (&fixture->b);
  assert_converged (fixture);

  for (guint round = 0; round < SERVER_RANDOM_KILLS; round++)
    {
      guint n = g_rand_int_range (fixture->rand, 500, 1000);
      guint batches = g_rand_int_range (fixture->rand, 0, 3);
      guint after_ms = g_rand_int_range (fixture->rand, 0, 50);
      gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
      gint64 last_before;
      g_autofree char *prefix_a = g_strdup_printf ("ខ %u", round);
      g_autofree char *prefix_b = g_strdup_printf ("គ %u", round);
      g_autofree char *phone = g_strdup_printf ("097 000 %03u", round);
      g_autoptr(GSubprocess) run = NULL;
      const char *landed;

      laptop_open (&fixture->a);
      register_cafs (fixture, &fixture->a, prefix_a, n, NULL);
      set_phone (fixture, &fixture->a, &edited, phone);
      laptop_close (&fixture->a);
      laptop_open (&fixture->b);
      register_cafs (fixture, &fixture->b, prefix_b, 30, NULL);
      laptop_close (&fixture->b);

      /* The kill comes when the server has committed a few of A's batches (of about 100
       * facilitators each), a moment later. */
      last_before = server_last_batch_seq (fixture, &fixture->a);
      run = isafctl_spawn_sync (&fixture->a);
      while (!has_ended (run) && g_get_monotonic_time () < deadline
             && server_last_batch_seq (fixture, &fixture->a) < last_before + batches)
        sleep_ms (POLL_MS);
      sleep_ms (after_ms);
      program_kill (fixture);
      finish (run, NULL);
      landed = assert_progress (fixture, &fixture->a);
      g_test_message ("round %u: %u new, server killed %u ms after A's batch %" G_GINT64_FORMAT
                      " was committed: A %s, %s", round, n, after_ms, last_before + batches,
                      g_subprocess_get_successful (run) ? "finished" : "failed", landed);
      g_assert_false (g_subprocess_get_successful (run));
      program_start (fixture);
      sync_clean (&fixture->b);
      sync_clean (&fixture->a);
    }
  sync_clean (&fixture->b);
  assert_converged (fixture);
}

/* The server restored from an older backup ---------------------------------------------- */

/* pg_dump and pg_restore of the PostgreSQL the tests run, as isaf-test-pg.h finds it. */
static char *
pg_program (const char *name)
{
  const char *bindir = g_getenv ("ISAF_TEST_PG_BINDIR");
  g_autofree char *found = NULL;

  if (bindir == NULL || bindir[0] == '\0')
    {
      g_autofree char *out = NULL;

      if (g_spawn_command_line_sync ("pg_config --bindir", &out, NULL, NULL, NULL))
        found = g_strdup (g_strstrip (out));
      bindir = found;
    }
  if (bindir != NULL)
    {
      char *path = g_build_filename (bindir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
        return path;
      g_free (path);
    }
  return g_find_program_in_path (name);
}

static void
run_pg_program (const char * const *argv)
{
  g_autoptr(GSubprocess) process = spawn (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                          | G_SUBPROCESS_FLAGS_STDERR_MERGE, NULL, argv);
  g_autofree char *output = NULL;

  finish (process, &output);
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    g_error ("%s failed: %s", argv[0], output);
}

/* The whole database, as a nightly backup takes it while the server runs. */
static void
back_up (Fixture    *fixture,
         const char *path)
{
  g_autofree char *pg_dump = pg_program ("pg_dump");
  IsafTestPg *pg = isaf_test_server_get_pg (fixture->server);
  g_autofree char *conninfo = isaf_test_pg_superuser_conninfo (pg);
  g_autofree char *file = g_strconcat ("--file=", path, NULL);

  g_assert_nonnull (pg_dump);
  run_pg_program ((const char *[]) { pg_dump, "--format=custom", file, "--dbname", conninfo,
                                     NULL });
}

/* The database dropped and made again from the backup, with its owner and grants. */
static void
restore (Fixture    *fixture,
         const char *path)
{
  g_autofree char *pg_restore = pg_program ("pg_restore");
  IsafTestPg *pg = isaf_test_server_get_pg (fixture->server);
  g_autofree char *superuser = isaf_test_pg_superuser_conninfo (pg);
  g_autofree char *maintenance = g_strconcat (superuser, " dbname=postgres", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = isaf_pg_connect (maintenance, &error);
  g_autoptr(PGresult) dropped = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (pg_restore);
  dropped = PQexec (conn, "DROP DATABASE isaf WITH (FORCE)");
  if (PQresultStatus (dropped) != PGRES_COMMAND_OK)
    g_error ("DROP DATABASE: %s", PQerrorMessage (conn));
  run_pg_program ((const char *[]) { pg_restore, "--create", "--exit-on-error", "--dbname",
                                     maintenance, path, NULL });
}

/* A and B work together; the server is backed up; both go on editing and syncing (A more
 * than a batch and phones, one of them B's, B deletes a facilitator); A edits offline once
 * more. The server is stopped, restored from the backup, which has none of that, given a new
 * epoch, and started again. Runs to completion on A, B and A: everything the laptops hold is
 * on the server again, once, and everyone converges under the new epoch. What the laptops
 * send again is no new edit: neither A's phone over B's older one, which the backup brought
 * back, nor B's copy of a phone A has changed since, is logged as a conflict. */
static void
test_server_restore (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *url = fixture_url (fixture);
  g_autofree char *backup = g_build_filename (fixture->dir, "isaf.pgdump", NULL);
  g_autofree char *epoch_before = NULL;
  g_autofree char *epoch_after = NULL;
  g_autofree char *cafs_at_backup = NULL;
  g_autofree char *cafs_before_restore = NULL;
  g_autofree char *restored = NULL;
  IsafUuid first, on_b, doomed;
  gint64 last_a, last_b;

  laptop_enroll (fixture, &fixture->a, "laptop-a.sqlite", url);
  laptop_enroll (fixture, &fixture->b, "laptop-b.sqlite", url);
  set_up_commune (fixture, 60, &first);
  laptop_open (&fixture->b);
  register_cafs (fixture, &fixture->b, "ខ", 20, &on_b);
  set_phone (fixture, &fixture->b, &on_b, "012 200 000");
  register_cafs (fixture, &fixture->b, "គ", 1, &doomed);
  laptop_close (&fixture->b);
  sync_clean (&fixture->b);
  sync_clean (&fixture->a);
  assert_converged (fixture);

  back_up (fixture, backup);
  cafs_at_backup = server_cafs (fixture);
  epoch_before = server_epoch (fixture);

  /* After the backup: pushed, acknowledged and cleared from the outboxes. */
  laptop_open (&fixture->a);
  register_cafs (fixture, &fixture->a, "ក", 300, NULL);
  set_phone (fixture, &fixture->a, &first, "012 111 111");
  set_phone (fixture, &fixture->a, &on_b, "012 222 222");
  laptop_close (&fixture->a);
  laptop_open (&fixture->b);
  register_cafs (fixture, &fixture->b, "ឃ", 20, NULL);
  delete_caf (fixture, &fixture->b, &doomed);
  laptop_close (&fixture->b);
  sync_clean (&fixture->a);
  sync_clean (&fixture->b);
  sync_clean (&fixture->a);
  assert_converged (fixture);
  cafs_before_restore = server_cafs (fixture);
  last_a = server_last_batch_seq (fixture, &fixture->a);
  last_b = server_last_batch_seq (fixture, &fixture->b);

  /* Offline on A, waiting in its outbox */
  laptop_open (&fixture->a);
  register_cafs (fixture, &fixture->a, "ង", 5, NULL);
  set_phone (fixture, &fixture->a, &first, "012 333 333");
  laptop_close (&fixture->a);

  /* The restore procedure: stop, restore, new epoch, start. */
  program_stop (fixture);
  restore (fixture, backup);
  restored = server_cafs (fixture);
  assert_same_lines (cafs_at_backup, restored, "the facilitators at the backup and restored");
  g_assert_cmpstr (cafs_before_restore, !=, restored);
  g_assert_cmpint (server_last_batch_seq (fixture, &fixture->a), <, last_a);
  g_assert_cmpint (server_last_batch_seq (fixture, &fixture->b), <, last_b);
  program_command (fixture, (const char *[]) { "new-epoch", "--commune", COMMUNE, NULL });
  epoch_after = server_epoch (fixture);
  g_assert_cmpstr (epoch_after, !=, epoch_before);
  program_start (fixture);

  sync_clean (&fixture->a);
  sync_clean (&fixture->b);
  sync_clean (&fixture->a);
  assert_converged (fixture);
  g_test_message ("A's batches: %" G_GINT64_FORMAT " before the restore, %" G_GINT64_FORMAT
                  " after", last_a, server_last_batch_seq (fixture, &fixture->a));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sync/crash/client-push", Fixture, GINT_TO_POINTER (THROUGH_PROXY),
              fixture_set_up, test_client_push, fixture_tear_down);
  g_test_add ("/sync/crash/client-apply", Fixture, GINT_TO_POINTER (THROUGH_PROXY),
              fixture_set_up, test_client_apply, fixture_tear_down);
  g_test_add ("/sync/crash/server-push", Fixture, GINT_TO_POINTER (THROUGH_PROGRAM),
              fixture_set_up, test_server_push, fixture_tear_down);
  g_test_add ("/sync/crash/server-restore", Fixture, GINT_TO_POINTER (THROUGH_PROGRAM),
              fixture_set_up, test_server_restore, fixture_tear_down);

  return g_test_run ();
}
