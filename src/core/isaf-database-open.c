/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-database"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "isaf-database-private.h"
#include "isaf-error.h"
#include "isaf-schema.h"

/* Opening a database file: refusing, without writing a byte, any file this version must not
 * touch; setting up the connection; and bringing the schema up to date, one migration per
 * transaction, after keeping a copy of the file as it was. */

static const guint8 sqlite_magic[16] = "SQLite format 3";

static gboolean
check_file_header (IsafDatabase *self,
                   GError      **error)
{
  guint8 header[100];
  FILE *file;
  size_t n;

  if (g_file_test (self->path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_CANNOT_OPEN,
                   _("“%s” is a folder, not a database file. Choose a file."), self->path);
      return FALSE;
    }

  file = g_fopen (self->path, "rb");
  if (file == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_CANNOT_OPEN,
                   _("The database file “%s” cannot be read: %s."), self->path,
                   g_strerror (saved_errno));
      return FALSE;
    }
  n = fread (header, 1, sizeof header, file);
  fclose (file);

  if (n < sizeof header || memcmp (header, sqlite_magic, sizeof sqlite_magic) != 0)
    {
      g_set_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_NOT_A_DATABASE,
                   _("“%s” is not an ISAF Commune database (it is not a database file at all). "
                     "Choose another file; this one was not changed."),
                   self->path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
query_int (IsafDatabase *self,
           const char   *sql,
           gint64       *value,
           GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->conn, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *value = sqlite3_column_int64 (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  else
    rc = sqlite3_extended_errcode (self->conn);
  sqlite3_finalize (stmt);

  if (rc != SQLITE_OK)
    {
      isaf_database_set_error (self, rc, error);
      return FALSE;
    }
  return TRUE;
}

/* Refuses, without writing a byte, any file that this version must not touch. */
static gboolean
check_existing_database (IsafDatabase *self,
                         gint64       *version,
                         GError      **error)
{
  gint64 application_id = 0;
  gint64 n_objects = 0;

  if (!query_int (self, "PRAGMA application_id", &application_id, error)
      || !query_int (self, "PRAGMA user_version", version, error)
      || !query_int (self, "SELECT count(*) FROM sqlite_schema", &n_objects, error))
    return FALSE;

  if (application_id != ISAF_APPLICATION_ID)
    {
      g_set_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_NOT_ISAF,
                   _("“%s” is a database, but not an ISAF Commune database. Choose another "
                     "file; this one was not changed."),
                   self->path);
      return FALSE;
    }

  if (*version > ISAF_SCHEMA_VERSION)
    {
      g_set_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_TOO_NEW,
                   _("“%s” was saved by a newer version of ISAF Commune (database version "
                     "%d; this version reads up to %d). Update ISAF Commune to open it; the "
                     "file was not changed."),
                   self->path, (int) *version, ISAF_SCHEMA_VERSION);
      return FALSE;
    }

  return TRUE;
}

static gboolean
backup_before_migration (IsafDatabase *self,
                         gint64        from_version,
                         GError      **error)
{
  g_autofree char *backup_path = g_strdup_printf ("%s.before-v%d", self->path,
                                                  ISAF_SCHEMA_VERSION);
  sqlite3_stmt *stmt = NULL;
  int rc;

  /* An upgrade is the riskiest write a database gets: keep the file as it was. */
  g_unlink (backup_path);
  rc = sqlite3_prepare_v2 (self->conn, "VACUUM INTO ?", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, backup_path, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt) == SQLITE_DONE ? SQLITE_OK : sqlite3_extended_errcode (self->conn);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_OK)
    {
      isaf_database_set_error (self, rc, error);
      return FALSE;
    }
  g_info ("Kept version %d of the database as %s", (int) from_version, backup_path);
  return TRUE;
}

static gboolean
migrate_step (IsafDatabase *self,
              guint         version,
              GError      **error)
{
  g_autoptr(GBytes) sql = isaf_schema_migration_sql (version, error);
  g_autofree char *set_version = NULL;

  if (sql == NULL)
    return FALSE;

  set_version = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %u;",
                                 ISAF_APPLICATION_ID, version);

  if (!isaf_database_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!isaf_database_exec (self, g_bytes_get_data (sql, NULL), error)
      || !isaf_capture_install_triggers (self->conn, error)
      || !isaf_database_exec (self, set_version, error))
    {
      sqlite3_exec (self->conn, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }

  return isaf_database_exec (self, "COMMIT", error);
}

static gboolean
migrate (IsafDatabase *self,
         gint64        version,
         GError      **error)
{
  if (version >= self->target_version)
    return TRUE;

  if (version > 0 && !backup_before_migration (self, version, error))
    return FALSE;

  for (guint next = version + 1; next <= self->target_version; next++)
    if (!migrate_step (self, next, error))
      return FALSE;

  return TRUE;
}

static gboolean
configure_connection (IsafDatabase *self,
                      GError      **error)
{
  const char *pragmas =
    "PRAGMA foreign_keys = ON;"
    /* A committed edit must survive a power cut, which are common. */
    "PRAGMA synchronous = FULL;"
    "PRAGMA busy_timeout = 5000;"
    "PRAGMA temp_store = MEMORY;"
    /* 1 MiB of page cache (SQLite's default is 2): the operating system caches the file
     * too, and modest office laptops have little memory to spare. */
    "PRAGMA cache_size = -1024;";

  if (!(self->flags & ISAF_DATABASE_OPEN_READ_ONLY)
      && !isaf_database_exec (self, "PRAGMA journal_mode = WAL", error))
    return FALSE;

  return isaf_database_exec (self, pragmas, error)
         && isaf_capture_register_functions (self->conn, &self->capture, error);
}

static gboolean
open_on_worker (IsafDatabase *self,
                gpointer      data,
                GError      **error)
{
  gboolean exists = g_file_test (self->path, G_FILE_TEST_EXISTS);
  gboolean read_only = (self->flags & ISAF_DATABASE_OPEN_READ_ONLY) != 0;
  gint64 version = 0;
  int rc;

  if (exists && (self->flags & ISAF_DATABASE_OPEN_CREATE_NEW))
    {
      g_set_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_EXISTS,
                   _("“%s” already exists and was not changed. Choose a new file name: an "
                     "existing file is never overwritten."),
                   self->path);
      return FALSE;
    }
  if (!exists && !(self->flags & (ISAF_DATABASE_OPEN_CREATE | ISAF_DATABASE_OPEN_CREATE_NEW)))
    {
      g_set_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_NOT_FOUND,
                   _("There is no database at “%s”. Check the file name."), self->path);
      return FALSE;
    }
  if (exists && !check_file_header (self, error))
    return FALSE;

  rc = sqlite3_open_v2 (self->path, &self->conn,
                        (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE)
                        | (exists ? 0 : SQLITE_OPEN_CREATE)
                        | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_debug ("sqlite3_open_v2 (%s): %s", self->path, sqlite3_errstr (rc));
      g_set_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_CANNOT_OPEN,
                   _("Cannot open or create the database “%s”. Check that the folder exists "
                     "and that you may write to it."),
                   self->path);
      return FALSE;
    }
  self->created_file = !exists;
  sqlite3_extended_result_codes (self->conn, 1);

  if (exists && !check_existing_database (self, &version, error))
    return FALSE;

  if (read_only && version < ISAF_SCHEMA_VERSION)
    {
      g_set_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_READ_ONLY,
                   _("“%s” needs to be upgraded before it can be read. Open it once in "
                     "ISAF Commune."),
                   self->path);
      return FALSE;
    }

  if (!configure_connection (self, error) || !migrate (self, version, error))
    return FALSE;

  isaf_database_load_state (self);
  return TRUE;
}

/* After the file's content was replaced (a restore): upgrade it if it is older, then take
 * its commune and clocks. */
gboolean
isaf_database_reload (IsafDatabase *self,
                      GError      **error)
{
  gint64 version = 0;

  g_assert (g_thread_self () == self->thread);

  if (!query_int (self, "PRAGMA user_version", &version, error) || !migrate (self, version, error))
    return FALSE;

  isaf_database_load_state (self);
  return TRUE;
}


/* A failed open leaves nothing behind: a file it created is removed, an existing one is
 * left exactly as it was. */
static void
discard_failed_open (IsafDatabase *self)
{
  gboolean created = self->created_file;
  g_autofree char *path = g_strdup (self->path);

  isaf_database_close (self);
  if (created)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
    }
}

/* Where the commune's database lives when no file is named: the ISAF_COMMUNE_DB environment
 * variable (tests, demonstrations), else @configured (the administrator's setting, may be
 * NULL or empty), else the user data directory. The file need not exist yet. */
char *
isaf_database_default_path (const char *configured)
{
  const char *from_environment = g_getenv ("ISAF_COMMUNE_DB");

  if (from_environment != NULL && from_environment[0] != '\0')
    return g_strdup (from_environment);
  if (configured != NULL && configured[0] != '\0')
    return g_strdup (configured);
  return g_build_filename (g_get_user_data_dir (), APP_ID, "isaf-commune.sqlite", NULL);
}

IsafDatabase *
isaf_database_open_at_version (const char            *path,
                               IsafDatabaseOpenFlags  flags,
                               guint                  version,
                               GError               **error)
{
  g_autoptr(IsafDatabase) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (version >= 1 && version <= ISAF_SCHEMA_VERSION, NULL);

  self = isaf_database_new_unopened (path, flags, version);
  if (!isaf_database_queue_and_wait (self, ISAF_DATABASE_OPEN_JOB, open_on_worker, NULL, error))
    {
      discard_failed_open (self);
      return NULL;
    }

  return g_steal_pointer (&self);
}

/* Opens (creating or upgrading as @flags allow) the database at @path, blocking until done.
 * For isafctl and tests; the interface uses isaf_database_open_async(). */
IsafDatabase *
isaf_database_open (const char            *path,
                    IsafDatabaseOpenFlags  flags,
                    GError               **error)
{
  return isaf_database_open_at_version (path, flags, ISAF_SCHEMA_VERSION, error);
}

static void
on_open_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  IsafDatabase *self = ISAF_DATABASE (source);
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!isaf_database_run_finish (self, result, &error))
    {
      discard_failed_open (self);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_object_ref (self), g_object_unref);
}

void
isaf_database_open_async (const char            *path,
                          IsafDatabaseOpenFlags  flags,
                          GCancellable          *cancellable,
                          GAsyncReadyCallback    callback,
                          gpointer               user_data)
{
  g_autoptr(IsafDatabase) self = NULL;
  GTask *task;

  g_return_if_fail (path != NULL);

  self = isaf_database_new_unopened (path, flags, ISAF_SCHEMA_VERSION);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, isaf_database_open_async);
  isaf_database_run_async (self, ISAF_DATABASE_OPEN_JOB, open_on_worker, NULL, NULL,
                           cancellable, on_open_done_cb, task);
}

IsafDatabase *
isaf_database_open_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
