/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-test-pg"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <glib/gstdio.h>
#include <libpq-fe.h>

#include "isaf-test-pg.h"

/* Every cluster lives in <tmp>/isaf-test-pg-XXXXXX: data/ (the cluster), the server's socket
 * (port 5432 in every cluster: the directories keep them apart), server.log, and owner.lock,
 * on which the owning process holds an flock for as long as the cluster is in use.
 *
 * Clean-up, from the normal path to the worst case:
 * - isaf_test_pg_stop(): pg_ctl stop -m fast, then the directory is removed;
 * - a test that returns or calls exit() without stopping: an atexit handler does the same;
 * - a test that aborts (a failed g_assert) or is killed, even with SIGKILL: on Linux the server
 *   was started with PR_SET_PDEATHSIG, so it shuts down as soon as the test's thread dies, but
 *   the directory (about 40 MB) stays in /tmp. The next test program to start a cluster removes
 *   such directories: their owner.lock is no longer held. Elsewhere than Linux, a killed test
 *   leaves its server running until someone stops it. */
#define DIR_TEMPLATE "isaf-test-pg-XXXXXX"
#define DIR_PREFIX "isaf-test-pg-"
#define LOCK_NAME "owner.lock"
#define READY_TIMEOUT_S 60
#define LOG_TAIL_LINES 20
/* The longest socket name postgres makes in the directory, and the limit of sun_path. */
#define SOCKET_NAME_MAX sizeof ("/.s.PGSQL.65535")
#define SUN_PATH_MAX 107

struct _IsafTestPg
{
  char *dir;
  char *data_dir;
  char *log_path;
  char *bindir;
  char *runuser;     /* runuser's path when the tests run as root, else NULL */
  char *superuser;   /* the bootstrap superuser: postgres as root, else the current user */
  GPid server_pid;   /* postgres, or runuser running it; 0 when not running */
  int lock_fd;
  gboolean started;  /* isaf_test_pg_start() succeeded */
};

G_DEFINE_QUARK (isaf-test-pg-error-quark, isaf_test_pg_error)

static GMutex running_lock;
static GPtrArray *running;   /* IsafTestPg, not owned: the clusters not yet stopped */

static void
remove_tree (const char *path)
{
  GStatBuf st;
  GDir *dir;
  const char *name;

  if (g_lstat (path, &st) != 0)
    return;
  if (!S_ISDIR (st.st_mode))
    {
      g_unlink (path);
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

static gboolean
has_server (const char *bindir)
{
  const char *programs[] = { "initdb", "postgres", "pg_ctl" };

  for (guint i = 0; i < G_N_ELEMENTS (programs); i++)
    {
      g_autofree char *path = g_build_filename (bindir, programs[i], NULL);

      if (!g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
        return FALSE;
    }
  return TRUE;
}

/* pg_config comes with libpq-dev and names the server's directory even when the server itself
 * is not installed, hence the check for the programs. */
static char *
find_bindir (GError **error)
{
  const char *override = g_getenv ("ISAF_TEST_PG_BINDIR");
  const char *pg_config_argv[] = { "pg_config", "--bindir", NULL };
  g_autofree char *output = NULL;
  g_autofree char *best = NULL;
  guint64 best_version = 0;
  int status;
  GDir *dir;
  const char *name;

  if (override != NULL)
    {
      if (has_server (override))
        return g_strdup (override);
      g_set_error (error, ISAF_TEST_PG_ERROR, ISAF_TEST_PG_ERROR_NOT_INSTALLED,
                   "No PostgreSQL server in ISAF_TEST_PG_BINDIR (%s): the server tests need "
                   "initdb, postgres and pg_ctl; install the Debian package postgresql",
                   override);
      return NULL;
    }

  if (g_spawn_sync (NULL, (char **) pg_config_argv, NULL,
                    G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                    &output, NULL, &status, NULL)
      && g_spawn_check_wait_status (status, NULL))
    {
      g_strstrip (output);
      if (has_server (output))
        return g_steal_pointer (&output);
    }

  dir = g_dir_open ("/usr/lib/postgresql", 0, NULL);
  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *bindir = g_build_filename ("/usr/lib/postgresql", name, "bin", NULL);
          guint64 version;

          if (g_ascii_string_to_unsigned (name, 10, 1, G_MAXUINT, &version, NULL)
              && version > best_version && has_server (bindir))
            {
              best_version = version;
              g_free (best);
              best = g_steal_pointer (&bindir);
            }
        }
      g_dir_close (dir);
    }
  if (best != NULL)
    return g_steal_pointer (&best);

  g_set_error_literal (error, ISAF_TEST_PG_ERROR, ISAF_TEST_PG_ERROR_NOT_INSTALLED,
                       "No PostgreSQL server found (no initdb in `pg_config --bindir` nor in "
                       "/usr/lib/postgresql/*/bin): the server tests run a real PostgreSQL 15; "
                       "install the Debian package postgresql (apt-get install postgresql)");
  return NULL;
}

/* The last lines of the server's log, for an error message. */
static char *
read_log_tail (const char *log_path)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint n, first;

  if (!g_file_get_contents (log_path, &contents, NULL, NULL))
    return g_strdup ("(no server log)");
  g_strchomp (contents);
  lines = g_strsplit (contents, "\n", -1);
  n = g_strv_length (lines);
  first = n > LOG_TAIL_LINES ? n - LOG_TAIL_LINES : 0;
  return g_strjoinv ("\n", lines + first);
}

static void
append_conninfo_value (GString    *conninfo,
                       const char *keyword,
                       const char *value)
{
  if (conninfo->len > 0)
    g_string_append_c (conninfo, ' ');
  g_string_append_printf (conninfo, "%s=", keyword);
  if (*value != '\0' && strpbrk (value, " \t\n\r\f\v'\\") == NULL)
    {
      g_string_append (conninfo, value);
      return;
    }
  g_string_append_c (conninfo, '\'');
  for (const char *c = value; *c != '\0'; c++)
    {
      if (*c == '\'' || *c == '\\')
        g_string_append_c (conninfo, '\\');
      g_string_append_c (conninfo, *c);
    }
  g_string_append_c (conninfo, '\'');
}

/* @program from the server's bindir with its arguments, run as postgres through runuser when
 * the tests run as root: initdb, postgres and pg_ctl all refuse to run as root. */
G_GNUC_NULL_TERMINATED static GStrv
server_argv (IsafTestPg *pg,
             const char *program,
             ...)
{
  GPtrArray *argv = g_ptr_array_new ();
  const char *arg;
  va_list args;

  if (pg->runuser != NULL)
    {
      g_ptr_array_add (argv, g_strdup (pg->runuser));
      g_ptr_array_add (argv, g_strdup ("-u"));
      g_ptr_array_add (argv, g_strdup ("postgres"));
      g_ptr_array_add (argv, g_strdup ("--"));
    }
  g_ptr_array_add (argv, g_build_filename (pg->bindir, program, NULL));
  va_start (args, program);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);
  return (GStrv) g_ptr_array_free (argv, FALSE);
}

static gboolean
run_sync (IsafTestPg *pg,
          GStrv       argv,
          GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *program = g_path_get_basename (argv[pg->runuser != NULL ? 4 : 0]);
  int status;

  if (!g_spawn_sync (pg->dir, argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                     NULL, &output, &status, &local_error)
      || !g_spawn_check_wait_status (status, &local_error))
    {
      g_set_error (error, ISAF_TEST_PG_ERROR, ISAF_TEST_PG_ERROR_FAILED, "%s failed: %s\n%s",
                   program, local_error->message,
                   output != NULL ? g_strchomp (output) : "");
      return FALSE;
    }
  return TRUE;
}

/* Runs in the child between fork and exec: the server gets SIGTERM when the thread that started
 * it dies, however it dies. runuser passes SIGTERM on to postgres. */
static void
tie_to_parent (gpointer user_data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGTERM);
  if (getppid () != (pid_t) GPOINTER_TO_INT (user_data))
    _exit (1);
#endif
}

static gboolean
wait_for_child (GPid  pid,
                int  *status,
                int   options)
{
  pid_t r;

  do
    r = waitpid (pid, status, options);
  while (r < 0 && errno == EINTR);
  return r == pid || (r < 0 && errno == ECHILD);
}

static gboolean
start_server (IsafTestPg *pg,
              GError    **error)
{
  g_auto(GStrv) argv = NULL;
  g_autofree char *socket_option = g_strdup_printf ("unix_socket_directories=%s", pg->dir);
  int log_fd;
  gboolean spawned;

  /* No TCP listener at all: the socket in the cluster's own directory is the only way in.
   * fsync, synchronous commits and full-page writes are off for speed: the data is thrown
   * away when the test ends, and a machine crash loses nothing of value. */
  argv = server_argv (pg, "postgres",
                      "-D", pg->data_dir,
                      "-c", "listen_addresses=",
                      "-c", socket_option,
                      "-c", "fsync=off",
                      "-c", "synchronous_commit=off",
                      "-c", "full_page_writes=off",
                      NULL);

  log_fd = open (pg->log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, ISAF_TEST_PG_ERROR, ISAF_TEST_PG_ERROR_FAILED,
                   "Cannot create %s: %s", pg->log_path, g_strerror (saved_errno));
      return FALSE;
    }
  spawned = g_spawn_async_with_fds (pg->dir, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                    tie_to_parent, GINT_TO_POINTER ((int) getpid ()),
                                    &pg->server_pid, -1, log_fd, log_fd, error);
  close (log_fd);
  return spawned;
}

static gboolean
wait_until_ready (IsafTestPg *pg,
                  GError    **error)
{
  g_autofree char *conninfo = isaf_test_pg_conninfo (pg, pg->superuser, "postgres");
  gint64 deadline = g_get_monotonic_time () + READY_TIMEOUT_S * G_USEC_PER_SEC;
  int status;

  for (;;)
    {
      if (PQping (conninfo) == PQPING_OK)
        return TRUE;

      if (wait_for_child (pg->server_pid, &status, WNOHANG))
        {
          g_autoptr(GError) exit_error = NULL;
          g_autofree char *tail = read_log_tail (pg->log_path);

          pg->server_pid = 0;
          g_spawn_check_wait_status (status, &exit_error);
          g_set_error (error, ISAF_TEST_PG_ERROR, ISAF_TEST_PG_ERROR_FAILED,
                       "PostgreSQL stopped while starting (%s); server log:\n%s",
                       exit_error != NULL ? exit_error->message : "exited", tail);
          return FALSE;
        }

      if (g_get_monotonic_time () > deadline)
        {
          g_autofree char *tail = read_log_tail (pg->log_path);

          g_set_error (error, ISAF_TEST_PG_ERROR, ISAF_TEST_PG_ERROR_FAILED,
                       "PostgreSQL did not accept connections within %d s; server log:\n%s",
                       READY_TIMEOUT_S, tail);
          return FALSE;
        }

      g_usleep (20 * 1000);
    }
}

/* Each statement on its own, as CREATE DATABASE cannot run inside the implicit transaction of
 * a multi-statement string. */
static gboolean
run_sql (const char        *conninfo,
         const char * const *statements,
         GError           **error)
{
  PGconn *conn = PQconnectdb (conninfo);
  gboolean ok = TRUE;

  if (PQstatus (conn) != CONNECTION_OK)
    {
      g_set_error (error, ISAF_TEST_PG_ERROR, ISAF_TEST_PG_ERROR_FAILED,
                   "Cannot connect with “%s”: %s", conninfo, PQerrorMessage (conn));
      PQfinish (conn);
      return FALSE;
    }

  for (guint i = 0; ok && statements[i] != NULL; i++)
    {
      PGresult *result = PQexec (conn, statements[i]);
      ExecStatusType status = PQresultStatus (result);

      if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        {
          g_autofree char *message = g_strdup (PQresultErrorMessage (result));

          g_set_error (error, ISAF_TEST_PG_ERROR, ISAF_TEST_PG_ERROR_FAILED,
                       "“%s” failed: %s", statements[i], g_strchomp (message));
          ok = FALSE;
        }
      PQclear (result);
    }
  PQfinish (conn);
  return ok;
}

/* Stops the server if it runs: pg_ctl's fast mode ends the open sessions too. Failures are
 * returned in @message rather than raised, so that the caller still removes the directory. */
static void
stop_server (IsafTestPg *pg,
             char      **message)
{
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (pg->server_pid == 0)
    return;
  if (wait_for_child (pg->server_pid, &status, WNOHANG))
    {
      pg->server_pid = 0;
      *message = g_strdup ("the server had already stopped");
      return;
    }

  argv = server_argv (pg, "pg_ctl", "stop", "-D", pg->data_dir, "-m", "fast", "-w",
                      "-t", G_STRINGIFY (READY_TIMEOUT_S), NULL);
  if (!run_sync (pg, argv, &error))
    {
      /* postgres itself: SIGQUIT is an immediate shutdown. runuser: SIGTERM, passed on, and
       * SIGKILL two seconds later. */
      kill (pg->server_pid, pg->runuser != NULL ? SIGTERM : SIGQUIT);
      *message = g_strdup (error->message);
    }
  wait_for_child (pg->server_pid, &status, 0);
  pg->server_pid = 0;
}

static void
stop_all_at_exit (void)
{
  g_autoptr(GPtrArray) left = NULL;

  g_mutex_lock (&running_lock);
  left = g_ptr_array_copy (running, NULL, NULL);
  g_mutex_unlock (&running_lock);

  for (guint i = 0; i < left->len; i++)
    {
      IsafTestPg *pg = g_ptr_array_index (left, i);
      g_autofree char *message = NULL;

      g_printerr ("isaf-test-pg: stopping the cluster in %s, which the test did not stop\n",
                  pg->dir);
      stop_server (pg, &message);
      if (message != NULL)
        g_printerr ("isaf-test-pg: %s\n", message);
      remove_tree (pg->dir);
    }
}

/* Removes the directories of clusters whose owning process has died (see the top of the file).
 * A directory whose server still runs is left alone: nothing here signals a process found
 * through a pid file, which may by now belong to someone else. */
static void
remove_stale_clusters (const char *tmp_dir)
{
  GDir *dir = g_dir_open (tmp_dir, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *lock_path = NULL;
      g_autofree char *pid_path = NULL;
      g_autofree char *pid_file = NULL;
      gint64 pid = 0;
      int fd;

      if (!g_str_has_prefix (name, DIR_PREFIX))
        continue;
      path = g_build_filename (tmp_dir, name, NULL);
      lock_path = g_build_filename (path, LOCK_NAME, NULL);
      fd = open (lock_path, O_RDWR | O_CLOEXEC);
      if (fd < 0)
        continue;
      if (flock (fd, LOCK_EX | LOCK_NB) == 0)
        {
          pid_path = g_build_filename (path, "data", "postmaster.pid", NULL);
          if (g_file_get_contents (pid_path, &pid_file, NULL, NULL))
            pid = g_ascii_strtoll (pid_file, NULL, 10);
          if (pid > 0 && (kill ((pid_t) pid, 0) == 0 || errno == EPERM))
            g_message ("%s was left by a test that died, but its server (pid %" G_GINT64_FORMAT
                       ") still runs: left alone", path, pid);
          else
            remove_tree (path);
        }
      close (fd);
    }
  g_dir_close (dir);
}

static gpointer
init_once (gpointer data)
{
  running = g_ptr_array_new ();
  atexit (stop_all_at_exit);
  remove_stale_clusters (g_get_tmp_dir ());
  return NULL;
}

/* The lock is taken on a file under another name and then renamed into place, so that no
 * other process ever finds an owner.lock that is not yet locked. */
static gboolean
take_ownership (IsafTestPg *pg,
                GError    **error)
{
  g_autofree char *new_path = g_build_filename (pg->dir, LOCK_NAME ".new", NULL);
  g_autofree char *path = g_build_filename (pg->dir, LOCK_NAME, NULL);
  int saved_errno;

  pg->lock_fd = open (new_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (pg->lock_fd >= 0 && flock (pg->lock_fd, LOCK_EX) == 0 && g_rename (new_path, path) == 0)
    return TRUE;

  saved_errno = errno;
  g_set_error (error, ISAF_TEST_PG_ERROR, ISAF_TEST_PG_ERROR_FAILED,
               "Cannot lock %s: %s", path, g_strerror (saved_errno));
  return FALSE;
}

/* initdb refuses to run as root: as root, the cluster belongs to the postgres user (the one
 * the Debian package creates) and every server program runs through runuser. */
static gboolean
set_up_users (IsafTestPg *pg,
              GError    **error)
{
  struct passwd *postgres;

  if (geteuid () != 0)
    {
      pg->superuser = g_strdup (g_get_user_name ());
      return TRUE;
    }

  pg->superuser = g_strdup ("postgres");
  pg->runuser = g_find_program_in_path ("runuser");
  if (pg->runuser == NULL && g_file_test ("/usr/sbin/runuser", G_FILE_TEST_IS_EXECUTABLE))
    pg->runuser = g_strdup ("/usr/sbin/runuser");
  if (pg->runuser == NULL)
    {
      g_set_error_literal (error, ISAF_TEST_PG_ERROR, ISAF_TEST_PG_ERROR_NOT_INSTALLED,
                           "The server tests run as root and need runuser to start PostgreSQL "
                           "as the postgres user: install the Debian package util-linux");
      return FALSE;
    }

  postgres = getpwnam ("postgres");
  if (postgres == NULL)
    {
      g_set_error_literal (error, ISAF_TEST_PG_ERROR, ISAF_TEST_PG_ERROR_NOT_INSTALLED,
                           "The server tests run as root and need the postgres user, which "
                           "does not exist: install the Debian package postgresql");
      return FALSE;
    }
  if (chown (pg->dir, postgres->pw_uid, postgres->pw_gid) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, ISAF_TEST_PG_ERROR, ISAF_TEST_PG_ERROR_FAILED,
                   "Cannot give %s to the postgres user: %s", pg->dir, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

IsafTestPg *
isaf_test_pg_start (GError **error)
{
  static GOnce once = G_ONCE_INIT;
  const char * const setup[] = {
    "CREATE ROLE isaf_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE",
    "CREATE ROLE isaf_api LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE",
    "CREATE DATABASE isaf OWNER isaf_owner",
    NULL,
  };
  g_autoptr(IsafTestPg) pg = NULL;
  g_autofree char *bindir = NULL;
  g_autofree char *postgres_conninfo = NULL;
  g_auto(GStrv) initdb_argv = NULL;
  char *dir;

  bindir = find_bindir (error);
  if (bindir == NULL)
    return NULL;

  g_once (&once, init_once, NULL);

  dir = g_dir_make_tmp (DIR_TEMPLATE, error);
  if (dir == NULL)
    return NULL;

  pg = g_new0 (IsafTestPg, 1);
  pg->lock_fd = -1;
  pg->dir = dir;
  pg->data_dir = g_build_filename (dir, "data", NULL);
  pg->log_path = g_build_filename (dir, "server.log", NULL);
  pg->bindir = g_steal_pointer (&bindir);

  g_mutex_lock (&running_lock);
  g_ptr_array_add (running, pg);
  g_mutex_unlock (&running_lock);

  if (strlen (pg->dir) + SOCKET_NAME_MAX - 1 > SUN_PATH_MAX)
    {
      g_set_error (error, ISAF_TEST_PG_ERROR, ISAF_TEST_PG_ERROR_FAILED,
                   "The socket path in %s would be too long for a Unix socket: set TMPDIR to a "
                   "shorter directory", pg->dir);
      return NULL;
    }

  if (!take_ownership (pg, error) || !set_up_users (pg, error))
    return NULL;

  initdb_argv = server_argv (pg, "initdb",
                             "-D", pg->data_dir,
                             "-U", pg->superuser,
                             "--auth-local=trust",
                             "--auth-host=reject",
                             "--encoding=UTF8",
                             "--locale=C.UTF-8",
                             "--no-sync",
                             "--no-instructions",
                             NULL);
  if (!run_sync (pg, initdb_argv, error)
      || !start_server (pg, error)
      || !wait_until_ready (pg, error))
    return NULL;

  postgres_conninfo = isaf_test_pg_conninfo (pg, pg->superuser, "postgres");
  if (!run_sql (postgres_conninfo, setup, error))
    return NULL;

  pg->started = TRUE;
  return g_steal_pointer (&pg);
}

const char *
isaf_test_pg_get_socket_dir (IsafTestPg *pg)
{
  g_return_val_if_fail (pg != NULL, NULL);

  return pg->dir;
}

/* libpq's keyword form: host=<dir> dbname=<dbname> user=<role>, values quoted when needed. */
char *
isaf_test_pg_conninfo (IsafTestPg *pg,
                       const char *role,
                       const char *dbname)
{
  GString *conninfo;

  g_return_val_if_fail (pg != NULL, NULL);
  g_return_val_if_fail (role != NULL, NULL);
  g_return_val_if_fail (dbname != NULL, NULL);

  conninfo = g_string_new (NULL);
  append_conninfo_value (conninfo, "host", pg->dir);
  append_conninfo_value (conninfo, "dbname", dbname);
  append_conninfo_value (conninfo, "user", role);
  return g_string_free (conninfo, FALSE);
}

char *
isaf_test_pg_superuser_conninfo (IsafTestPg *pg)
{
  g_return_val_if_fail (pg != NULL, NULL);

  return isaf_test_pg_conninfo (pg, pg->superuser, "isaf");
}

/* @sql, which may hold several statements, run in one implicit transaction on a connection of
 * its own: no session state carries over from one call to the next. */
gboolean
isaf_test_pg_exec (IsafTestPg *pg,
                   const char *sql,
                   GError    **error)
{
  g_autofree char *conninfo = NULL;
  const char *statements[] = { sql, NULL };

  g_return_val_if_fail (pg != NULL, FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  conninfo = isaf_test_pg_superuser_conninfo (pg);
  return run_sql (conninfo, statements, error);
}

void
isaf_test_pg_stop (IsafTestPg *pg)
{
  g_autofree char *message = NULL;
  gboolean started;

  if (pg == NULL)
    return;
  started = pg->started;

  g_mutex_lock (&running_lock);
  g_ptr_array_remove_fast (running, pg);
  g_mutex_unlock (&running_lock);

  stop_server (pg, &message);
  remove_tree (pg->dir);
  if (pg->lock_fd >= 0)
    close (pg->lock_fd);

  g_free (pg->dir);
  g_free (pg->data_dir);
  g_free (pg->log_path);
  g_free (pg->bindir);
  g_free (pg->runuser);
  g_free (pg->superuser);
  g_free (pg);

  /* Raised only now, as a warning aborts a test: the cluster is gone by this point. A start
   * that failed has already said why. */
  if (message != NULL && started)
    g_warning ("Stopping PostgreSQL: %s", message);
}
