/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "isaf-fault-proxy.h"
#include "isaf-hlc.h"
#include "isaf-store.h"
#include "isaf-test-clocks.h"
#include "isaf-test-helpers.h"
#include "isaf-test-laptop.h"
#include "isaf-test-server.h"
#include "isaf-uuid.h"

/* Laptops whose clocks are wrong, syncing with the real server (which, with PostgreSQL, keeps
 * the real time). Each laptop is a real process: `isafctl` enrols and syncs it, and this
 * program, started again as a helper (HELPER_ARGUMENT), makes its edits through the core API.
 * A laptop with a wrong clock runs under libfaketime (LD_PRELOAD), whose setting is a file of
 * the laptop's that the test may rewrite while the process runs; this program reads the
 * databases read-only, so nothing here stamps a clock with the real time.
 *   /sync/clock/year-ahead: a laptop a year ahead edits before it ever learnt the server's
 *     time and after; the server clamps those clocks (protocol 4.3), the laptop adopts the
 *     clamped ones, and a normal laptop's later edits of the same fields win.
 *   /sync/clock/twenty-years-behind: once the laptop has synced, its edits carry clocks that
 *     follow the server's time (the offset measured at hello), not its own.
 *   /sync/clock/jumps-back: the clock jumps backwards while a push of several batches waits
 *     for an answer (and the run then fails), and again between push and pull; the laptop's
 *     clocks never go backwards, the next run completes, and the laptop follows the server's
 *     time as the pulled pages give it, after the jump.
 * In each, every copy ends with the same data and the same clocks, and `isafctl sync` tells
 * the clerk that the computer's clock is wrong (only on the laptops where it is). */

#define COMMUNE "010201"
#define HELPER_ARGUMENT "--laptop-helper"
/* libfaketime's "d" and "y": 86,400 seconds and 365 days */
#define DAY_MS (G_GINT64_CONSTANT (86400) * 1000)
#define YEAR_MS (365 * DAY_MS)
/* How far a clock may be from the time expected: process starts, round trips, a loaded
 * machine. Far below any skew tested, and below the server's clamp (10 minutes). */
#define SLACK_MS (2 * 60 * 1000)
/* A pause after which the clocks a laptop received are well behind the real time: half of it
 * is far more than the error of an offset measured over the loopback (half a round trip). */
#define PAUSE_MS 3000
/* New facilitators for a push of several batches (about 500 fields each) */
#define N_BULK 400
#define BULK_PER_SAVE 20
/* How long the proxy holds an answer while the test turns the laptop's clock back */
#define HOLD_MS 1000
#define WAIT_SECONDS 60
/* Part of the sentence of isaf_sync_client_describe_clock (), in the C locale of the tests */
#define CLOCK_WARNING "date or time is wrong"

typedef struct {
  char *name;
  char *path;
  /* libfaketime's FAKETIME_TIMESTAMP_FILE; NULL for a laptop with the real clock */
  char *clock_path;
  char *out_path;
  char *err_path;
} Laptop;

typedef struct {
  IsafTestServer *server;
  IsafFaultProxy *proxy;
  char *dir;
  char *libfaketime;
  char *self_path;
  /* The laptop with the right clock, and the one with the wrong clock */
  Laptop normal;
  Laptop skewed;
} Fixture;

/* The helper: clock-dependent edits in a process of the laptop's ----------------------- */

/* HELPER_ARGUMENT DB COMMAND ARGUMENTS, where COMMAND is one of
 *   create-commune             the commune's own row
 *   new-caf NAME               a facilitator; prints its id
 *   new-cafs N                 N facilitators, BULK_PER_SAVE per transaction
 *   set-text TABLE ID FIELD V  one field of one row, in a transaction of its own */
static int
helper_main (int    argc,
             char **argv)
{
  g_autoptr(IsafDatabase) database = NULL;
  g_autoptr(IsafStore) store = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  const char *command = argc >= 2 ? argv[1] : "";
  gboolean ok = FALSE;

  database = argc >= 2 ? isaf_database_open (argv[0], ISAF_DATABASE_OPEN_EXISTING, &error) : NULL;
  if (database == NULL)
    {
      g_printerr ("helper: %s\n", error ? error->message : "usage: DB COMMAND ARGUMENTS");
      return 2;
    }
  store = isaf_store_new (database);

  if (g_str_equal (command, "create-commune") && argc == 2)
    ok = isaf_store_create_commune (store, COMMUNE, &error);
  else if (g_str_equal (command, "new-caf") && argc == 3)
    {
      IsafRecord *caf = isaf_test_new_caf (argv[2]);
      g_autofree char *id = isaf_uuid_to_string (isaf_record_get_id (caf));

      g_ptr_array_add (records, caf);
      ok = isaf_store_save (store, records, &error);
      if (ok)
        g_print ("%s\n", id);
    }
  else if (g_str_equal (command, "new-cafs") && argc == 3)
    {
      guint n = (guint) g_ascii_strtoull (argv[2], NULL, 10);

      ok = TRUE;
      for (guint i = 0; ok && i < n; i++)
        {
          g_autofree char *name = g_strdup_printf ("អ្នកសម្របសម្រួល %u", i);

          g_ptr_array_add (records, isaf_test_new_caf (name));
          if (records->len == BULK_PER_SAVE || i + 1 == n)
            {
              ok = isaf_store_save (store, records, &error);
              g_ptr_array_set_size (records, 0);
            }
        }
    }
  else if (g_str_equal (command, "set-text") && argc == 6)
    {
      IsafUuid id;
      IsafRecord *record = NULL;

      if (isaf_uuid_parse (argv[3], &id))
        record = isaf_store_get (store, argv[2], &id, &error);
      if (record != NULL)
        {
          isaf_record_set_text (record, argv[4], argv[5]);
          g_ptr_array_add (records, record);
          ok = isaf_store_save (store, records, &error);
        }
      else if (error == NULL)
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no %s %s", argv[2], argv[3]);
    }
  else
    g_set_error (&error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "unknown command %s", command);

  isaf_database_close (database);
  if (!ok)
    {
      g_printerr ("helper %s: %s\n", command, error->message);
      return 1;
    }
  return 0;
}

/* Laptop processes ---------------------------------------------------------------------- */

/* Where Debian (and others) install libfaketime; the package is in data/debian-packages.txt. */
static char *
find_libfaketime (void)
{
  static const char * const candidates[] = {
    "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
    "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1",
    "/usr/lib/faketime/libfaketime.so.1",
    "/usr/lib64/faketime/libfaketime.so.1",
    "/usr/local/lib/faketime/libfaketime.so.1",
  };

  if (g_getenv ("ISAF_LIBFAKETIME") != NULL)
    return g_strdup (g_getenv ("ISAF_LIBFAKETIME"));
  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (g_file_test (candidates[i], G_FILE_TEST_EXISTS))
      return g_strdup (candidates[i]);
  g_error ("libfaketime.so.1 was not found: install the Debian package libfaketime, or name "
           "the library in ISAF_LIBFAKETIME");
  return NULL;
}

static void
laptop_init (Fixture    *fixture,
             Laptop     *laptop,
             const char *name,
             const char *fake_time)
{
  laptop->name = g_strdup (name);
  laptop->path = g_strdup_printf ("%s/%s.sqlite", fixture->dir, name);
  laptop->out_path = g_strdup_printf ("%s/%s.out", fixture->dir, name);
  laptop->err_path = g_strdup_printf ("%s/%s.err", fixture->dir, name);
  if (fake_time != NULL)
    {
      g_autoptr(GError) error = NULL;

      laptop->clock_path = g_strdup_printf ("%s/%s.faketime", fixture->dir, name);
      g_assert_true (g_file_set_contents (laptop->clock_path, fake_time, -1, &error));
      g_assert_no_error (error);
    }
}

/* Sets the laptop's clock, in libfaketime's terms ("+365d", "-20y"), for the processes
 * started from now on and for those running, at their next look at the time. */
static void
laptop_set_clock (Laptop     *laptop,
                  const char *fake_time)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (laptop->clock_path);
  g_assert_true (g_file_set_contents (laptop->clock_path, fake_time, -1, &error));
  g_assert_no_error (error);
}

static void
laptop_clear (Laptop *laptop)
{
  g_free (laptop->name);
  g_free (laptop->path);
  g_free (laptop->clock_path);
  g_free (laptop->out_path);
  g_free (laptop->err_path);
}

static GSubprocess *
laptop_spawn (Fixture            *fixture,
              Laptop             *laptop,
              const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_subprocess_launcher_unsetenv (launcher, "FAKETIME");
  if (laptop->clock_path != NULL)
    {
      g_subprocess_launcher_setenv (launcher, "LD_PRELOAD", fixture->libfaketime, TRUE);
      g_subprocess_launcher_setenv (launcher, "FAKETIME_TIMESTAMP_FILE", laptop->clock_path, TRUE);
      /* The file is read at each look at the time, so that a change applies at once. */
      g_subprocess_launcher_setenv (launcher, "FAKETIME_NO_CACHE", "1", TRUE);
      /* A wrong wall clock leaves the monotonic one alone: timeouts and tokens run on it. */
      g_subprocess_launcher_setenv (launcher, "FAKETIME_DONT_FAKE_MONOTONIC", "1", TRUE);
      g_subprocess_launcher_setenv (launcher, "NO_FAKE_STAT", "1", TRUE);
    }
  /* The launcher opens them without truncating: a longer earlier output would show through. */
  g_unlink (laptop->out_path);
  g_unlink (laptop->err_path);
  g_subprocess_launcher_set_stdout_file_path (launcher, laptop->out_path);
  g_subprocess_launcher_set_stderr_file_path (launcher, laptop->err_path);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  return process;
}

/* Waits for @process; its exit status, and what it wrote. */
static int
laptop_finish (Laptop       *laptop,
               GSubprocess  *process,
               char        **out,
               char        **err)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_subprocess_wait (process, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (laptop->out_path, out, NULL, NULL));
  g_assert_true (g_file_get_contents (laptop->err_path, err, NULL, NULL));
  g_test_message ("%s: %s%s", laptop->name, *out, *err);
  return g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
}

/* Runs @program @first @command and the NULL-terminated @args as the laptop; asserts it
 * succeeded. Its output, and its standard error in @err. */
static char *
laptop_run (Fixture    *fixture,
            Laptop     *laptop,
            char      **err,
            const char *program,
            const char *first,
            const char *command,
            va_list     args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *stderr_text = NULL;
  const char *argument;
  char *out = NULL;

  g_ptr_array_add (argv, (gpointer) program);
  g_ptr_array_add (argv, (gpointer) first);
  g_ptr_array_add (argv, laptop->path);
  g_ptr_array_add (argv, (gpointer) command);
  while ((argument = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) argument);
  g_ptr_array_add (argv, NULL);

  process = laptop_spawn (fixture, laptop, (const char * const *) argv->pdata);
  if (laptop_finish (laptop, process, &out, &stderr_text) != 0)
    g_error ("%s %s on %s failed: %s", program, command, laptop->name, stderr_text);
  if (err != NULL)
    *err = g_steal_pointer (&stderr_text);
  return out;
}

/* `isafctl --db DB COMMAND…` as the laptop; its output and standard error. */
static char *
laptop_isafctl (Fixture     *fixture,
                Laptop      *laptop,
                char       **err,
                const char  *command,
                ...)
{
  va_list args;
  char *out;

  va_start (args, command);
  out = laptop_run (fixture, laptop, err, g_getenv ("ISAFCTL"), "--db", command, args);
  va_end (args);
  return out;
}

/* An edit (see helper_main ()) in a process of the laptop's, under its clock; its output. */
static char *
laptop_edit (Fixture    *fixture,
             Laptop     *laptop,
             const char *command,
             ...)
{
  va_list args;
  char *out;

  va_start (args, command);
  out = laptop_run (fixture, laptop, NULL, fixture->self_path, HELPER_ARGUMENT, command, args);
  va_end (args);
  return g_strstrip (out);
}

static void
laptop_enroll (Fixture  *fixture,
               Laptop   *laptop,
               gboolean  through_proxy)
{
  g_autofree char *code = isaf_test_server_new_code (fixture->server, COMMUNE);
  g_autofree char *url = through_proxy
                         ? isaf_fault_proxy_dup_url (fixture->proxy)
                         : isaf_test_server_dup_url (fixture->server);

  g_free (laptop_isafctl (fixture, laptop, NULL, "enroll", "--server", url, "--code", code,
                          "--description", laptop->name, NULL));
}

/* A successful `isafctl sync`; what it told the clerk on standard error. */
static char *
laptop_sync (Fixture *fixture,
             Laptop  *laptop)
{
  g_autofree char *out = NULL;
  char *err = NULL;

  out = laptop_isafctl (fixture, laptop, &err, "sync", NULL);
  g_assert_nonnull (strstr (out, "Changes waiting to be sent: 0\n"));
  return err;
}

static GSubprocess *
laptop_spawn_sync (Fixture *fixture,
                   Laptop  *laptop)
{
  const char *argv[] = { g_getenv ("ISAFCTL"), "--db", laptop->path, "sync", NULL };

  return laptop_spawn (fixture, laptop, argv);
}

static void
laptop_set_caf (Fixture    *fixture,
                Laptop     *laptop,
                const char *id,
                const char *field,
                const char *value)
{
  g_free (laptop_edit (fixture, laptop, "set-text", "caf", id, field, value, NULL));
}

/* What a laptop holds, read without writing ------------------------------------------- */

static IsafDatabase *
laptop_open_read_only (Laptop *laptop)
{
  g_autoptr(GError) error = NULL;
  IsafDatabase *database = isaf_database_open (laptop->path, ISAF_DATABASE_OPEN_READ_ONLY,
                                               &error);

  g_assert_no_error (error);
  return database;
}

static void
laptop_close (IsafDatabase *database)
{
  isaf_database_close (database);
  g_object_unref (database);
}

/* One integer from @sql, with ?1 the caf @id and ?2 the @field when given; 0 for NULL. */
typedef struct {
  const char *sql;
  const char *id;
  const char *field;
  gint64 value;
} QueryJob;

static gboolean
query_job (IsafDatabase *database,
           gpointer      data,
           GError      **error)
{
  QueryJob *job = data;
  sqlite3_stmt *stmt = isaf_database_prepare (database, job->sql, error);
  IsafUuid id;

  if (stmt == NULL)
    return FALSE;
  if (job->id != NULL)
    {
      g_assert_true (isaf_uuid_parse (job->id, &id));
      sqlite3_bind_blob (stmt, 1, id.bytes, sizeof id.bytes, SQLITE_TRANSIENT);
    }
  if (job->field != NULL)
    sqlite3_bind_text (stmt, 2, job->field, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  job->value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

static gint64
laptop_query (Laptop     *laptop,
              const char *sql,
              const char *id,
              const char *field)
{
  IsafDatabase *database = laptop_open_read_only (laptop);
  QueryJob job = { sql, id, field, 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (isaf_database_run (database, ISAF_DATABASE_READ, query_job, &job, &error));
  g_assert_no_error (error);
  laptop_close (database);
  return job.value;
}

static gint64
laptop_state (Laptop     *laptop,
              const char *key)
{
  return laptop_query (laptop, "SELECT value FROM sync_state WHERE key = ?2", NULL, key);
}

/* The clock of the laptop's last unsent edit of a facilitator's field */
static gint64
laptop_outbox_clock (Laptop     *laptop,
                     const char *id,
                     const char *field)
{
  return laptop_query (laptop, "SELECT max (hlc) FROM sync_outbox "
                               "WHERE tbl = 'caf' AND id = ?1 AND field = ?2", id, field);
}

static GHashTable *
laptop_clocks (Laptop *laptop)
{
  IsafDatabase *database = laptop_open_read_only (laptop);
  GHashTable *clocks = isaf_test_laptop_clocks (database);

  laptop_close (database);
  return clocks;
}

static GBytes *
laptop_dump (Laptop *laptop)
{
  IsafDatabase *database = laptop_open_read_only (laptop);
  GBytes *dump = isaf_test_laptop_dump (database);

  laptop_close (database);
  return dump;
}

static char *
laptop_device_id (Laptop *laptop)
{
  IsafDatabase *database = laptop_open_read_only (laptop);
  char *id = isaf_test_laptop_device_id (database);

  laptop_close (database);
  return id;
}

/* What the server holds ----------------------------------------------------------------- */

static char *
server_caf_value (Fixture    *fixture,
                  const char *id,
                  const char *field)
{
  return isaf_test_server_query_text (fixture->server,
                                      "SELECT to_jsonb (c) ->> $2::text FROM caf c "
                                      "WHERE id = $1::uuid", id, field, NULL);
}

static gint64
server_caf_clock (Fixture    *fixture,
                  const char *id,
                  const char *field)
{
  return isaf_test_server_query_int (fixture->server, "SELECT clocks -> $2::text ->> 0 FROM caf "
                                                      "WHERE id = $1::uuid", id, field, NULL);
}

/* The server's clamps of this laptop's clocks (protocol 4.3), from its audit log */
static gint64
server_clamps (Fixture *fixture,
               Laptop  *laptop)
{
  g_autofree char *device = laptop_device_id (laptop);

  return isaf_test_server_query_int (fixture->server, "SELECT count (*) FROM audit_log "
                                                      "WHERE event = 'clock_clamped' "
                                                      "AND device_id = $1::uuid", device, NULL);
}

/* Assertions ---------------------------------------------------------------------------- */

static gint64
real_now_ms (void)
{
  return g_get_real_time () / 1000;
}

/* @hlc's time is @expected_ms, give or take SLACK_MS. */
static void
assert_clock_near (const char *what,
                   gint64      hlc,
                   gint64      expected_ms)
{
  gint64 difference = ISAF_HLC_MS (hlc) - expected_ms;

  if (ABS (difference) > SLACK_MS)
    g_error ("%s: the clock %" G_GINT64_FORMAT " is %.1f days off the time expected",
             what, hlc, difference / (double) DAY_MS);
}

/* Every copy holds the same data with the same clocks; nothing waits or is refused. */
static void
assert_converged (Fixture *fixture)
{
  g_autoptr(GBytes) server = isaf_test_server_dump_commune (fixture->server, COMMUNE);
  g_autoptr(GHashTable) clocks = isaf_test_server_clocks (fixture->server, COMMUNE);
  Laptop *laptops[] = { &fixture->normal, &fixture->skewed };

  for (guint i = 0; i < G_N_ELEMENTS (laptops); i++)
    {
      g_autoptr(GBytes) dump = laptop_dump (laptops[i]);
      g_autoptr(GHashTable) laptop_clock_map = laptop_clocks (laptops[i]);
      g_autofree char *what = g_strdup_printf ("the server's and %s's", laptops[i]->name);

      isaf_test_assert_same_bytes (server, dump, what);
      isaf_test_assert_same_map (clocks, laptop_clock_map, what);
      g_assert_cmpint (laptop_query (laptops[i], "SELECT count (*) FROM sync_outbox", NULL,
                                     NULL), ==, 0);
      g_assert_cmpint (laptop_query (laptops[i], "SELECT count (*) FROM sync_inflight", NULL,
                                     NULL), ==, 0);
      g_assert_cmpint (laptop_query (laptops[i], "SELECT count (*) FROM sync_reject", NULL,
                                     NULL), ==, 0);
    }
}

static char *
format_date (gint64 unix_ms)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (unix_ms / 1000);

  return g_date_time_format (time, "%Y-%m-%d");
}

/* The clerk was told that the computer shows the wrong date, and what the date is: the
 * laptop's clock is @skew_ms off the real time, read between @since_ms and now. */
static void
assert_clock_warning (const char *err,
                      gint64      skew_ms,
                      gint64      since_ms)
{
  gint64 until_ms = real_now_ms ();
  g_autofree char *shown_since = format_date (since_ms + skew_ms);
  g_autofree char *shown_until = format_date (until_ms + skew_ms);
  g_autofree char *real_since = format_date (since_ms);
  g_autofree char *real_until = format_date (until_ms);

  if (strstr (err, CLOCK_WARNING) == NULL)
    g_error ("the clerk was not told about the wrong clock: %s", err);
  g_assert_true (strstr (err, shown_since) != NULL || strstr (err, shown_until) != NULL);
  g_assert_true (strstr (err, real_since) != NULL || strstr (err, real_until) != NULL);
}

/* The laptop stored the server's time offset: the opposite of its clock's @skew_ms. */
static void
assert_stored_offset (Laptop *laptop,
                      gint64  skew_ms)
{
  gint64 offset = laptop_state (laptop, "server_offset_ms");

  if (ABS (offset + skew_ms) > SLACK_MS)
    g_error ("%s stored an offset of %.2f days to the server's time; expected %.2f", laptop->name,
             offset / (double) DAY_MS, -skew_ms / (double) DAY_MS);
}

/* Fixture ------------------------------------------------------------------------------- */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *fake_time = data;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (g_getenv ("ISAFCTL"));
  fixture->libfaketime = find_libfaketime ();
  fixture->self_path = g_file_read_link ("/proc/self/exe", &error);
  g_assert_no_error (error);
  fixture->server = isaf_test_server_start ();
  fixture->proxy = isaf_fault_proxy_new (isaf_test_server_get_port (fixture->server));
  isaf_fault_proxy_set_delay (fixture->proxy, HOLD_MS);
  fixture->dir = g_dir_make_tmp ("isaf-clock-XXXXXX", &error);
  g_assert_no_error (error);
  laptop_init (fixture, &fixture->normal, "normal", NULL);
  laptop_init (fixture, &fixture->skewed, "skewed", fake_time);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  laptop_clear (&fixture->normal);
  laptop_clear (&fixture->skewed);
  isaf_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->libfaketime);
  g_free (fixture->self_path);
  isaf_fault_proxy_free (fixture->proxy);
  isaf_test_server_stop (fixture->server);
}

/* The normal laptop sets the commune up with one facilitator, and syncs; its id. */
static char *
start_commune (Fixture *fixture)
{
  Laptop *normal = &fixture->normal;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *id = NULL;

  laptop_enroll (fixture, normal, FALSE);
  out = laptop_edit (fixture, normal, "create-commune", NULL);
  id = laptop_edit (fixture, normal, "new-caf", "សុខា", NULL);
  laptop_set_caf (fixture, normal, id, "phone", "012 345 678");
  err = laptop_sync (fixture, normal);
  /* A laptop whose clock is right gets no warning. */
  g_assert_null (strstr (err, CLOCK_WARNING));
  return g_steal_pointer (&id);
}

/* Tests --------------------------------------------------------------------------------- */

static void
test_year_ahead (Fixture       *fixture,
                 gconstpointer  data)
{
  Laptop *normal = &fixture->normal;
  Laptop *ahead = &fixture->skewed;
  g_autofree char *shared = start_commune (fixture);
  g_autofree char *own = NULL;
  g_autofree char *err = NULL;
  g_autofree char *value = NULL;
  gint64 since, before_sync, after_sync, clock;

  /* Before its first sync the laptop knows no better than its clock: its edits are stamped a
   * year ahead (else there would be nothing to test). */
  laptop_enroll (fixture, ahead, FALSE);
  own = laptop_edit (fixture, ahead, "new-caf", "ចាន់", NULL);
  laptop_set_caf (fixture, ahead, own, "phone", "011 111 111");
  assert_clock_near ("the first edit a year ahead", laptop_outbox_clock (ahead, own, "phone"),
                     real_now_ms () + YEAR_MS);

  before_sync = real_now_ms ();
  err = laptop_sync (fixture, ahead);
  after_sync = real_now_ms ();
  assert_clock_warning (err, YEAR_MS, before_sync);
  assert_stored_offset (ahead, YEAR_MS);

  /* The server clamped those clocks to its own time, and the laptop took them on. */
  g_assert_cmpint (server_clamps (fixture, ahead), >=, 1);
  clock = server_caf_clock (fixture, own, "phone");
  g_assert_cmpint (ISAF_HLC_MS (clock), >=, before_sync - SLACK_MS);
  g_assert_cmpint (ISAF_HLC_MS (clock), <=, after_sync + SLACK_MS);
  g_clear_pointer (&err, g_free);
  err = laptop_sync (fixture, normal);
  assert_converged (fixture);

  /* Now that it knows the offset, its clock still never goes back: later edits, of a field
   * the normal laptop made, still carry the clock of a year ahead, and are clamped again. */
  laptop_set_caf (fixture, ahead, shared, "name_latin", "Sokha");
  laptop_set_caf (fixture, ahead, shared, "phone", "011 222 222");
  assert_clock_near ("an edit after the first sync",
                     laptop_outbox_clock (ahead, shared, "phone"), real_now_ms () + YEAR_MS);
  since = real_now_ms ();
  g_clear_pointer (&err, g_free);
  err = laptop_sync (fixture, ahead);
  assert_clock_warning (err, YEAR_MS, since);
  assert_clock_near ("the clamped clock", server_caf_clock (fixture, shared, "phone"),
                     real_now_ms ());
  value = server_caf_value (fixture, shared, "phone");
  g_assert_cmpstr (value, ==, "011 222 222");
  g_clear_pointer (&value, g_free);
  g_clear_pointer (&err, g_free);
  err = laptop_sync (fixture, normal);
  assert_converged (fixture);

  /* The normal laptop, afterwards, edits the same fields: its edits win, on the server and,
   * once it syncs, on the laptop a year ahead. */
  laptop_set_caf (fixture, normal, shared, "name_latin", "Sokha Chan");
  laptop_set_caf (fixture, normal, shared, "phone", "099 999 999");
  laptop_set_caf (fixture, normal, own, "phone", "098 888 888");
  g_clear_pointer (&err, g_free);
  err = laptop_sync (fixture, normal);
  g_assert_null (strstr (err, CLOCK_WARNING));
  g_clear_pointer (&err, g_free);
  err = laptop_sync (fixture, ahead);

  value = server_caf_value (fixture, shared, "name_latin");
  g_assert_cmpstr (value, ==, "Sokha Chan");
  g_clear_pointer (&value, g_free);
  value = server_caf_value (fixture, shared, "phone");
  g_assert_cmpstr (value, ==, "099 999 999");
  g_clear_pointer (&value, g_free);
  value = server_caf_value (fixture, own, "phone");
  g_assert_cmpstr (value, ==, "098 888 888");
  assert_converged (fixture);
  /* The edits were one after another: no clock made them look concurrent. */
  g_assert_cmpint (isaf_test_server_query_int (fixture->server,
                                               "SELECT count (*) FROM conflict_log", NULL),
                   ==, 0);
  g_assert_cmpint (server_clamps (fixture, normal), ==, 0);
}

static void
test_twenty_years_behind (Fixture       *fixture,
                          gconstpointer  data)
{
  Laptop *normal = &fixture->normal;
  Laptop *behind = &fixture->skewed;
  gint64 skew = -20 * YEAR_MS;
  g_autofree char *shared = start_commune (fixture);
  g_autofree char *own = NULL;
  g_autofree char *err = NULL;
  g_autofree char *value = NULL;
  gint64 since, clock;

  laptop_enroll (fixture, behind, FALSE);
  own = laptop_edit (fixture, behind, "new-caf", "ចាន់", NULL);
  assert_clock_near ("an edit before the first sync",
                     laptop_outbox_clock (behind, own, "name_km"), real_now_ms () + skew);

  since = real_now_ms ();
  err = laptop_sync (fixture, behind);
  assert_clock_warning (err, skew, since);
  assert_stored_offset (behind, skew);
  g_clear_pointer (&err, g_free);
  err = laptop_sync (fixture, normal);
  assert_converged (fixture);

  /* From then on its edits follow the server's time, not only the clocks it received (which
   * a pause leaves behind), and so come after them. */
  g_usleep (PAUSE_MS * 1000);
  since = real_now_ms ();
  laptop_set_caf (fixture, behind, shared, "name_latin", "Sokha");
  clock = laptop_outbox_clock (behind, shared, "name_latin");
  g_assert_cmpint (ISAF_HLC_MS (clock), >=, since - PAUSE_MS / 2);
  assert_clock_near ("an edit after the first sync", clock, real_now_ms ());
  g_assert_cmpint (clock, >, server_caf_clock (fixture, shared, "phone"));
  since = real_now_ms ();
  g_clear_pointer (&err, g_free);
  err = laptop_sync (fixture, behind);
  assert_clock_warning (err, skew, since);
  g_assert_cmpint (server_caf_clock (fixture, shared, "name_latin"), ==, clock);
  value = server_caf_value (fixture, shared, "name_latin");
  g_assert_cmpstr (value, ==, "Sokha");
  g_clear_pointer (&value, g_free);
  g_clear_pointer (&err, g_free);
  err = laptop_sync (fixture, normal);
  assert_converged (fixture);

  /* The normal laptop edits both facilitators after it; then both sync again. */
  laptop_set_caf (fixture, normal, own, "name_latin", "Chan");
  laptop_set_caf (fixture, normal, shared, "name_latin", "Sokha Chan");
  g_clear_pointer (&err, g_free);
  err = laptop_sync (fixture, normal);
  g_assert_null (strstr (err, CLOCK_WARNING));
  g_clear_pointer (&err, g_free);
  err = laptop_sync (fixture, behind);

  value = server_caf_value (fixture, own, "name_latin");
  g_assert_cmpstr (value, ==, "Chan");
  g_clear_pointer (&value, g_free);
  value = server_caf_value (fixture, shared, "name_latin");
  g_assert_cmpstr (value, ==, "Sokha Chan");
  assert_converged (fixture);
  g_assert_cmpint (isaf_test_server_query_int (fixture->server,
                                               "SELECT count (*) FROM conflict_log", NULL),
                   ==, 0);
  g_assert_cmpint (server_clamps (fixture, behind), ==, 0);
}

/* Runs `isafctl sync` on the laptop and, once the proxy holds the answer to the request it
 * was told to hold, turns the laptop's clock to @fake_time; the run's exit status. */
static int
sync_jumping (Fixture     *fixture,
              Laptop      *laptop,
              const char  *fake_time,
              char       **err)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *out = NULL;
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  IsafFaultCounts counts;

  isaf_fault_proxy_reset_counts (fixture->proxy);
  process = laptop_spawn_sync (fixture, laptop);
  for (;;)
    {
      isaf_fault_proxy_get_counts (fixture->proxy, &counts);
      if (counts.by_fault[ISAF_FAULT_DELAY] > 0)
        break;
      if (g_subprocess_get_identifier (process) == NULL || g_get_monotonic_time () > deadline)
        g_error ("the sync of %s ended before the proxy held an answer", laptop->name);
      g_usleep (2000);
    }
  laptop_set_clock (laptop, fake_time);
  /* The jump happened while the run waited for the held answer. */
  g_assert_nonnull (g_subprocess_get_identifier (process));
  return laptop_finish (laptop, process, &out, err);
}

/* No edit went back in time: in the order made, the outbox's clocks never decrease. */
static void
assert_outbox_in_order (Laptop *laptop)
{
  g_assert_cmpint (laptop_query (laptop, "SELECT count (*) FROM sync_outbox a, sync_outbox b "
                                         "WHERE b.seq > a.seq AND b.hlc < a.hlc", NULL, NULL),
                   ==, 0);
}

static void
test_jumps_back (Fixture       *fixture,
                 gconstpointer  data)
{
  Laptop *normal = &fixture->normal;
  Laptop *jumping = &fixture->skewed;
  g_autofree char *shared = start_commune (fixture);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *device = NULL;
  g_autofree char *value = NULL;
  gint64 hlc_max, clock, since, last_sync, last_batch_seq;
  int status;

  /* Right at first: it syncs without a warning, then registers many facilitators. */
  laptop_enroll (fixture, jumping, TRUE);
  err = laptop_sync (fixture, jumping);
  g_assert_null (strstr (err, CLOCK_WARNING));
  out = laptop_edit (fixture, jumping, "new-cafs", G_STRINGIFY (N_BULK), NULL);
  hlc_max = laptop_state (jumping, "hlc_max");
  assert_clock_near ("the laptop's clock before the jumps", hlc_max, real_now_ms ());

  /* Two days back while the answer to the first batch is held; the next batches reach the
   * server, but their answers are lost: the run fails. */
  isaf_fault_proxy_add_rule (fixture->proxy, &(IsafFaultRule) { ISAF_FAULT_DROP_AFTER,
                                                                 "/v1/sync/push", 1, 0, 1.0 });
  isaf_fault_proxy_add (fixture->proxy, ISAF_FAULT_DELAY, "/v1/sync/push", 1);
  g_clear_pointer (&err, g_free);
  status = sync_jumping (fixture, jumping, "-2d", &err);
  g_assert_cmpint (status, !=, 0);
  g_assert_nonnull (strstr (err, "cannot be reached"));
  isaf_fault_proxy_clear (fixture->proxy);
  device = laptop_device_id (jumping);
  g_assert_cmpint (isaf_test_server_query_int (fixture->server,
                                               "SELECT last_batch_seq FROM device "
                                               "WHERE id = $1::uuid", device, NULL),
                   >=, 2);
  g_assert_cmpint (laptop_state (jumping, "hlc_max"), >=, hlc_max);

  /* An edit with the clock two days back, and the offset of before, still comes after
   * everything the laptop did. */
  laptop_set_caf (fixture, jumping, shared, "name_latin", "Sokha");
  clock = laptop_outbox_clock (jumping, shared, "name_latin");
  g_assert_cmpint (clock, >, hlc_max);
  assert_outbox_in_order (jumping);
  hlc_max = laptop_state (jumping, "hlc_max");

  /* The next run completes; one more day back between its push and its pull. */
  isaf_fault_proxy_add (fixture->proxy, ISAF_FAULT_DELAY, "/v1/sync/pull", 1);
  since = real_now_ms ();
  g_clear_pointer (&err, g_free);
  status = sync_jumping (fixture, jumping, "-3d", &err);
  if (status != 0)
    g_error ("the run after the jump failed: %s", err);
  isaf_fault_proxy_clear (fixture->proxy);
  /* The pulled page told it the server's time after the jump: it follows that, and tells the
   * clerk the date as it is, not as it was at the hello. */
  assert_clock_warning (err, -3 * DAY_MS, since);
  assert_stored_offset (jumping, -3 * DAY_MS);
  /* It saw the second jump before it finished: it recorded the end of the run then. */
  last_sync = laptop_state (jumping, "last_sync") * 1000;
  g_assert_cmpint (ABS (last_sync - (real_now_ms () - 3 * DAY_MS)), <=, SLACK_MS);
  g_assert_cmpint (laptop_state (jumping, "hlc_max"), >=, hlc_max);
  value = server_caf_value (fixture, shared, "name_latin");
  g_assert_cmpstr (value, ==, "Sokha");
  g_clear_pointer (&value, g_free);

  /* Its edits follow the server's time again, and still come after everything. */
  hlc_max = laptop_state (jumping, "hlc_max");
  laptop_set_caf (fixture, jumping, shared, "name_latin", "Sokha Chan");
  clock = laptop_outbox_clock (jumping, shared, "name_latin");
  g_assert_cmpint (clock, >, hlc_max);
  assert_clock_near ("an edit after the second jump", clock, real_now_ms ());
  since = real_now_ms ();
  g_clear_pointer (&err, g_free);
  err = laptop_sync (fixture, jumping);
  assert_clock_warning (err, -3 * DAY_MS, since);
  assert_stored_offset (jumping, -3 * DAY_MS);
  g_clear_pointer (&err, g_free);
  err = laptop_sync (fixture, normal);

  value = server_caf_value (fixture, shared, "name_latin");
  g_assert_cmpstr (value, ==, "Sokha Chan");
  assert_converged (fixture);
  /* Nothing lost, nothing doubled: every facilitator once, one receipt per batch. */
  g_assert_cmpint (isaf_test_server_query_int (fixture->server, "SELECT count (*) FROM caf", NULL),
                   ==, N_BULK + 1);
  last_batch_seq = isaf_test_server_query_int (fixture->server,
                                               "SELECT last_batch_seq FROM device "
                                               "WHERE id = $1::uuid", device, NULL);
  g_assert_cmpint (last_batch_seq, >=, 4);
  g_assert_cmpint (isaf_test_server_query_int (fixture->server,
                                               "SELECT count (*) FROM push_receipt "
                                               "WHERE device_id = $1::uuid", device, NULL),
                   ==, last_batch_seq);
  g_assert_cmpint (laptop_state (jumping, "next_batch_seq"), ==, last_batch_seq + 1);
}

int
main (int   argc,
      char *argv[])
{
  if (argc >= 2 && g_str_equal (argv[1], HELPER_ARGUMENT))
    return helper_main (argc - 2, argv + 2);

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sync/clock/year-ahead", Fixture, "+365d", fixture_set_up, test_year_ahead,
              fixture_tear_down);
  g_test_add ("/sync/clock/twenty-years-behind", Fixture, "-20y", fixture_set_up,
              test_twenty_years_behind, fixture_tear_down);
  g_test_add ("/sync/clock/jumps-back", Fixture, "+0", fixture_set_up, test_jumps_back,
              fixture_tear_down);

  return g_test_run ();
}
