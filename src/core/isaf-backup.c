/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-backup"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "isaf-backup.h"
#include "isaf-error.h"
#include "isaf-schema.h"

/* Backups are whole, consistent copies made with VACUUM INTO while the application keeps
 * working; a copy is written under a temporary name and renamed only when complete, so a
 * power cut never leaves a half backup that looks whole. A restore checks the file first and
 * keeps the current database as a backup before replacing anything. */

#define DAILY_PREFIX "isaf-commune-"
#define DAILY_SUFFIX ".sqlite"

static void
add_problem (GPtrArray  *problems,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
add_problem (GPtrArray  *problems,
             const char *format,
             ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (problems, g_strdup_vprintf (format, args));
  va_end (args);
}

/* The checks behind `isafctl check` and restore, on a connection of its own: appends a
 * translated sentence to @problems for each fault found. */
static void
check_connection (sqlite3    *conn,
                  const char *path,
                  GPtrArray  *problems)
{
  sqlite3_stmt *stmt = NULL;
  gint64 application_id = -1, version = -1;

  if (sqlite3_prepare_v2 (conn, "PRAGMA application_id", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    application_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  if (sqlite3_prepare_v2 (conn, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  if (application_id < 0 || version < 0)
    {
      add_problem (problems, _("“%s” cannot be read as a database: it is damaged or not a "
                               "database."), path);
      return;
    }
  if (application_id != ISAF_APPLICATION_ID)
    {
      add_problem (problems, _("“%s” is not an ISAF Commune database."), path);
      return;
    }
  if (version > ISAF_SCHEMA_VERSION)
    add_problem (problems, _("“%s” comes from a newer version of ISAF Commune (database "
                             "version %d)."), path, (int) version);

  if (sqlite3_prepare_v2 (conn, "PRAGMA integrity_check", -1, &stmt, NULL) == SQLITE_OK)
    {
      int rc;

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *line = (const char *) sqlite3_column_text (stmt, 0);

          if (g_strcmp0 (line, "ok") != 0)
            add_problem (problems, _("Damaged: %s"), line);
        }
      /* A check that stops part-way (the file is too damaged to read) is a fault too. */
      if (rc != SQLITE_DONE)
        add_problem (problems, _("Damaged: %s"), sqlite3_errmsg (conn));
    }
  else
    add_problem (problems, _("The integrity check could not run: %s"), sqlite3_errmsg (conn));
  sqlite3_finalize (stmt);

  if (sqlite3_prepare_v2 (conn, "PRAGMA foreign_key_check", -1, &stmt, NULL) == SQLITE_OK)
    {
      while (sqlite3_step (stmt) == SQLITE_ROW)
        add_problem (problems, _("A row of table %s refers to a missing row of table %s."),
                     sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 2));
    }
  else
    add_problem (problems, _("The link check could not run: %s"), sqlite3_errmsg (conn));
  sqlite3_finalize (stmt);
}

static gboolean
has_sqlite_header (const char *path)
{
  char header[16] = { 0 };
  FILE *file = g_fopen (path, "rb");
  gboolean ok;

  if (file == NULL)
    return FALSE;
  ok = fread (header, 1, sizeof header, file) == sizeof header
       && memcmp (header, "SQLite format 3", 16) == 0;
  fclose (file);
  return ok;
}

/* Checks a database file without changing it (not even its journal mode). @problems gets
 * one translated sentence per fault found; the result is TRUE when the file is sound. An
 * error is set only when the file cannot be examined at all. */
gboolean
isaf_backup_check_file (const char  *path,
                        GPtrArray  **problems,
                        GError     **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *uri = NULL;
  sqlite3 *conn = NULL;
  int rc;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_NOT_FOUND,
                   _("There is no database file at “%s”. Check the file name."), path);
      return FALSE;
    }

  if (!has_sqlite_header (path))
    add_problem (found, _("“%s” is not a database file."), path);
  else
    {
      rc = sqlite3_open_v2 (path, &conn, SQLITE_OPEN_READONLY, NULL);
      if (rc != SQLITE_OK)
        add_problem (found, _("“%s” cannot be opened: %s"), path, sqlite3_errstr (rc));
      else
        check_connection (conn, path, found);
      sqlite3_close_v2 (conn);
    }

  if (problems)
    *problems = g_ptr_array_ref (found);
  return found->len == 0;
}

typedef struct {
  const char *destination;
  const char *source;
  char *kept_copy;
  const char *folder;
  GDate today;
  guint keep;
  char *made;
} BackupJob;

static gboolean
vacuum_into (IsafDatabase *database,
             const char   *destination,
             GError      **error)
{
  g_autofree char *partial = g_strconcat (destination, ".partial", NULL);
  sqlite3_stmt *stmt = isaf_database_prepare (database, "VACUUM INTO ?", error);

  if (stmt == NULL)
    return FALSE;

  g_unlink (partial);
  sqlite3_bind_text (stmt, 1, partial, -1, SQLITE_STATIC);
  if (!isaf_database_step_done (database, stmt, error))
    {
      g_unlink (partial);
      g_prefix_error (error, _("The backup “%s” could not be written. "), destination);
      return FALSE;
    }

  if (g_rename (partial, destination) != 0)
    {
      int saved_errno = errno;

      g_unlink (partial);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("The backup “%s” could not be written: %s."), destination,
                   g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

static gboolean
create_job (IsafDatabase *database,
            gpointer      data,
            GError      **error)
{
  BackupJob *job = data;

  return vacuum_into (database, job->destination, error);
}

/* Writes a complete copy of the database to @destination, which must not exist yet. */
gboolean
isaf_backup_create (IsafDatabase  *database,
                    const char    *destination,
                    GError       **error)
{
  BackupJob job = { .destination = destination };

  if (g_file_test (destination, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_EXISTS,
                   _("“%s” already exists and was not changed. Choose a new file name for "
                     "the backup."),
                   destination);
      return FALSE;
    }

  return isaf_database_run (database, ISAF_DATABASE_MAINTENANCE, create_job, &job, error);
}

char *
isaf_backup_default_folder (IsafDatabase *database)
{
  g_autofree char *dir = g_path_get_dirname (isaf_database_get_path (database));

  return g_build_filename (dir, "backups", NULL);
}

static char *
timestamped_copy_path (IsafDatabase *database)
{
  g_autofree char *folder = isaf_backup_default_folder (database);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d-%H%M%S");
  g_autofree char *name = g_strdup_printf ("isaf-commune-before-restore-%s.sqlite", stamp);

  g_mkdir_with_parents (folder, 0700);
  return g_build_filename (folder, name, NULL);
}

static char *
read_commune (sqlite3 *conn)
{
  sqlite3_stmt *stmt = NULL;
  char *code = NULL;

  if (sqlite3_prepare_v2 (conn, "SELECT value FROM sync_state WHERE key = 'commune_id'",
                          -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    code = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return code;
}

static gboolean
restore_job (IsafDatabase *database,
             gpointer      data,
             GError      **error)
{
  BackupJob *job = data;
  sqlite3 *source = NULL;
  sqlite3_backup *backup;
  g_autofree char *source_commune = NULL;
  const char *current = isaf_database_get_commune_code (database);
  int rc;

  rc = sqlite3_open_v2 (job->source, &source, SQLITE_OPEN_READONLY, NULL);
  if (rc != SQLITE_OK)
    {
      sqlite3_close_v2 (source);
      g_set_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_CANNOT_OPEN,
                   _("The backup “%s” cannot be opened."), job->source);
      return FALSE;
    }

  source_commune = read_commune (source);
  if (current && g_strcmp0 (source_commune, current) != 0)
    {
      sqlite3_close_v2 (source);
      g_set_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_NOT_ISAF,
                   _("The backup “%s” belongs to another commune (%s), so it was not "
                     "restored. Choose a backup of this commune."),
                   job->source, source_commune ? source_commune : "—");
      return FALSE;
    }

  job->kept_copy = timestamped_copy_path (database);
  if (!vacuum_into (database, job->kept_copy, error))
    {
      sqlite3_close_v2 (source);
      return FALSE;
    }

  /* The online backup API copies the file into the open connection in one step: readers
   * see either the old or the new database, never a mix. */
  backup = sqlite3_backup_init (isaf_database_get_connection (database), "main", source, "main");
  if (backup == NULL)
    {
      isaf_database_set_error (database,
                               sqlite3_extended_errcode (isaf_database_get_connection (database)),
                               error);
      sqlite3_close_v2 (source);
      return FALSE;
    }
  rc = sqlite3_backup_step (backup, -1);
  sqlite3_backup_finish (backup);
  sqlite3_close_v2 (source);

  if (rc != SQLITE_DONE)
    {
      isaf_database_set_error (database, rc, error);
      return FALSE;
    }

  return isaf_database_reload (database, error);
}

/* Replaces the database's content with the backup at @source, after checking it and after
 * keeping the current content as a backup (its path is returned in @kept_copy). */
gboolean
isaf_backup_restore (IsafDatabase  *database,
                     const char    *source,
                     char         **kept_copy,
                     GError       **error)
{
  g_autoptr(GPtrArray) problems = NULL;
  BackupJob job = { .source = source };
  gboolean ok;

  if (!isaf_backup_check_file (source, &problems, error))
    {
      if (error && *error == NULL)
        g_set_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_CORRUPT,
                     _("The backup “%s” failed its check, so nothing was replaced: %s"),
                     source, (const char *) problems->pdata[0]);
      return FALSE;
    }

  ok = isaf_database_run (database, ISAF_DATABASE_MAINTENANCE, restore_job, &job, error);
  if (kept_copy)
    *kept_copy = g_steal_pointer (&job.kept_copy);
  g_free (job.kept_copy);
  return ok;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Keeps the @keep newest daily backups; other files in the folder are never touched. */
static void
prune_daily (const char *folder,
             guint       keep)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)))
    if (g_str_has_prefix (name, DAILY_PREFIX) && g_str_has_suffix (name, DAILY_SUFFIX)
        && strlen (name) == strlen (DAILY_PREFIX "YYYY-MM-DD" DAILY_SUFFIX))
      g_ptr_array_add (names, g_strdup (name));

  g_ptr_array_sort (names, compare_strings);
  for (guint i = 0; i + keep < names->len; i++)
    {
      g_autofree char *path = g_build_filename (folder, names->pdata[i], NULL);

      g_unlink (path);
    }
}

static gboolean
daily_job (IsafDatabase *database,
           gpointer      data,
           GError      **error)
{
  BackupJob *job = data;
  char stamp[16];
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  sqlite3_stmt *stmt;
  gboolean sound = TRUE;

  g_date_strftime (stamp, sizeof stamp, "%Y-%m-%d", &job->today);
  name = g_strconcat (DAILY_PREFIX, stamp, DAILY_SUFFIX, NULL);
  path = g_build_filename (job->folder, name, NULL);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;

  if (g_mkdir_with_parents (job->folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("The backup folder “%s” cannot be created: %s."), job->folder,
                   g_strerror (saved_errno));
      return FALSE;
    }

  /* A damaged database must not push the last good copies out of the rotation. */
  stmt = isaf_database_prepare (database, "PRAGMA quick_check", error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") != 0)
      sound = FALSE;
  sqlite3_reset (stmt);
  if (!sound)
    {
      g_set_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_CORRUPT,
                   _("The database is damaged, so no daily backup was made. Restore it from "
                     "an earlier backup."));
      return FALSE;
    }

  if (!vacuum_into (database, path, error))
    return FALSE;

  prune_daily (job->folder, job->keep);
  job->made = g_steal_pointer (&path);
  return TRUE;
}

/* Makes today's backup in @folder unless there is one already, and keeps the @keep newest.
 * @made is set to the new file's path, or NULL when today's backup existed. */
gboolean
isaf_backup_daily (IsafDatabase  *database,
                   const char    *folder,
                   GDate         *today,
                   guint          keep,
                   char         **made,
                   GError       **error)
{
  BackupJob job = { .folder = folder, .today = *today, .keep = MAX (keep, 1) };
  gboolean ok = isaf_database_run (database, ISAF_DATABASE_MAINTENANCE, daily_job, &job, error);

  if (made)
    *made = g_steal_pointer (&job.made);
  g_free (job.made);
  return ok;
}

static void
backup_job_free (gpointer data)
{
  BackupJob *job = data;

  g_free ((char *) job->folder);
  g_free (job->made);
  g_free (job);
}

static void
on_daily_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BackupJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!isaf_database_run_finish (ISAF_DATABASE (source), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&job->made), g_free);
}

void
isaf_backup_daily_async (IsafDatabase        *database,
                         const char          *folder,
                         guint                keep,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  BackupJob *job = g_new0 (BackupJob, 1);
  GTask *task = g_task_new (database, cancellable, callback, user_data);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  job->folder = folder ? g_strdup (folder) : isaf_backup_default_folder (database);
  job->keep = MAX (keep, 1);
  g_date_set_dmy (&job->today, g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now), g_date_time_get_year (now));

  g_task_set_source_tag (task, isaf_backup_daily_async);
  g_task_set_task_data (task, job, backup_job_free);
  isaf_database_run_async (database, ISAF_DATABASE_MAINTENANCE, daily_job, job, NULL,
                           cancellable, on_daily_done_cb, task);
}

char *
isaf_backup_daily_finish (IsafDatabase  *database,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, database), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
