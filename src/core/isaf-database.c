/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-database"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "isaf-database-private.h"
#include "isaf-error.h"

/* One SQLite connection that lives on its own thread (as Epiphany's history service does):
 * callers queue jobs, each job runs in one transaction on that thread, and results come back
 * on the caller's main context. Nothing blocks the interface, and no two threads ever touch
 * the connection. */

typedef struct {
  IsafDatabaseMode mode;
  IsafDatabaseFunc func;
  gpointer data;
  GDestroyNotify data_destroy;
  GTask *task;

  /* For blocking callers (isafctl, tests): the worker signals here instead of a task. */
  GMutex *wait_lock;
  GCond *wait_cond;
  gboolean done;
  gboolean result;
  GError *error;
} Job;


G_DEFINE_FINAL_TYPE (IsafDatabase, isaf_database, G_TYPE_OBJECT)

static Job close_job;


static void
job_free (Job *job)
{
  if (job->data_destroy)
    job->data_destroy (job->data);
  g_clear_object (&job->task);
  g_free (job);
}

void
isaf_database_set_error (IsafDatabase *self,
                         int           sqlite_code,
                         GError      **error)
{
  const char *detail = self->conn ? sqlite3_errmsg (self->conn) : sqlite3_errstr (sqlite_code);

  g_debug ("SQLite error %d: %s", sqlite_code, detail);

  switch (sqlite_code & 0xff)
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_CORRUPT,
                   _("The database file “%s” is damaged. Restore it from a backup."),
                   self->path);
      break;
    case SQLITE_FULL:
      g_set_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_FULL,
                   _("The disk is full, so nothing was saved. Free some space and try again."));
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
      g_set_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_READ_ONLY,
                   _("The database file “%s” cannot be written, so nothing was saved. Check "
                     "that the disk is not read-only and that you may write to the file."),
                   self->path);
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_BUSY,
                   _("Another program is using the database, so nothing was saved. Close it "
                     "and try again."));
      break;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
      g_set_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_CANNOT_OPEN,
                   _("The database file “%s” could not be read or written. Check the disk "
                     "and try again."),
                   self->path);
      break;
    case SQLITE_CONSTRAINT:
      if (sqlite_code == SQLITE_CONSTRAINT_FOREIGNKEY)
        {
          g_set_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_MISSING_LINK,
                       _("The change refers to a record that does not exist any more, so "
                         "nothing was saved. Reload the page and try again."));
          break;
        }
      G_GNUC_FALLTHROUGH;
    default:
      g_warning ("Database error %d in %s: %s", sqlite_code, self->path, detail);
      g_set_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_FAILED,
                   _("The database refused the change, so nothing was saved (%s)."), detail);
      break;
    }
}

sqlite3 *
isaf_database_get_connection (IsafDatabase *self)
{
  g_assert (g_thread_self () == self->thread);

  return self->conn;
}

/* Statements are prepared once per connection and kept; a cached statement is reset and its
 * bindings cleared before it is handed out again. */
sqlite3_stmt *
isaf_database_prepare (IsafDatabase *self,
                       const char   *sql,
                       GError      **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_assert (g_thread_self () == self->thread);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      g_warning ("Could not prepare «%s»: %s", sql, sqlite3_errmsg (self->conn));
      isaf_database_set_error (self, rc, error);
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

gboolean
isaf_database_exec (IsafDatabase *self,
                    const char   *sql,
                    GError      **error)
{
  int rc = sqlite3_exec (self->conn, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      isaf_database_set_error (self, sqlite3_extended_errcode (self->conn), error);
      return FALSE;
    }
  return TRUE;
}

/* Steps a statement that returns no rows and resets it. */
gboolean
isaf_database_step_done (IsafDatabase *self,
                         sqlite3_stmt *stmt,
                         GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      isaf_database_set_error (self, sqlite3_extended_errcode (self->conn), error);
      return FALSE;
    }
  return TRUE;
}

gint64
isaf_database_get_state_int (IsafDatabase *self,
                             const char   *key,
                             gint64        fallback)
{
  sqlite3_stmt *stmt = isaf_database_prepare (self, "SELECT value FROM sync_state WHERE key = ?",
                                              NULL);
  gint64 value = fallback;

  if (stmt == NULL)
    return fallback;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) == SQLITE_INTEGER)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

gboolean
isaf_database_set_state_int (IsafDatabase *self,
                             const char   *key,
                             gint64        value,
                             GError      **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (self,
                                              "INSERT INTO sync_state (key, value) VALUES (?, ?) "
                                              "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, value);
  return isaf_database_step_done (self, stmt, error);
}

void
isaf_database_observe_clock (IsafDatabase *self,
                             gint64        hlc)
{
  isaf_hlc_receive (self->capture.hlc, hlc);
}

gboolean
isaf_database_set_clock_offset (IsafDatabase  *self,
                                gint64         offset_ms,
                                GError       **error)
{
  isaf_hlc_set_offset (self->capture.hlc, offset_ms);
  return isaf_database_set_state_int (self, "server_offset_ms", offset_ms, error);
}

const char *
isaf_database_get_commune_code (IsafDatabase *self)
{
  return self->commune_code;
}

gboolean
isaf_database_set_commune_code (IsafDatabase *self,
                                const char   *code,
                                GError      **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (self,
                                              "INSERT INTO sync_state (key, value) "
                                              "VALUES ('commune_id', ?) ON CONFLICT (key) "
                                              "DO UPDATE SET value = excluded.value",
                                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_STATIC);
  if (!isaf_database_step_done (self, stmt, error))
    return FALSE;

  g_free (self->commune_code);
  self->commune_code = g_strdup (code);

  g_mutex_lock (&self->state_lock);
  g_free (self->commune_code_copy);
  self->commune_code_copy = g_strdup (code);
  g_mutex_unlock (&self->state_lock);
  return TRUE;
}

/* Takes the commune and the clocks from the file: at opening, and after a restore replaced
 * its content. The clock never goes backwards, even to a restored file's older maximum. */
void
isaf_database_load_state (IsafDatabase *self)
{
  sqlite3_stmt *stmt;
  char *code = NULL;

  isaf_hlc_observe (self->capture.hlc, isaf_database_get_state_int (self, "hlc_max", 0));
  isaf_hlc_set_offset (self->capture.hlc,
                       isaf_database_get_state_int (self, "server_offset_ms", 0));
  self->capture.txid = MAX (self->capture.txid,
                            isaf_database_get_state_int (self, "last_txid", 0));

  stmt = isaf_database_prepare (self, "SELECT value FROM sync_state WHERE key = 'commune_id'",
                                NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW
      && sqlite3_column_type (stmt, 0) == SQLITE_TEXT)
    code = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (stmt != NULL)
    sqlite3_reset (stmt);

  g_free (self->commune_code);
  self->commune_code = code;
  g_mutex_lock (&self->state_lock);
  g_free (self->commune_code_copy);
  self->commune_code_copy = g_strdup (code);
  g_mutex_unlock (&self->state_lock);
}

/* Persisting the clock's maximum inside the writing transaction means a restart with a wall
 * clock that went backwards still stamps increasing values. */
static gboolean
save_clock_state (IsafDatabase *self,
                  GError      **error)
{
  if (isaf_hlc_last (self->capture.hlc) != self->capture.hlc_at_begin
      && !isaf_database_set_state_int (self, "hlc_max", isaf_hlc_last (self->capture.hlc), error))
    return FALSE;

  if (self->capture.used_txid
      && !isaf_database_set_state_int (self, "last_txid", self->capture.txid, error))
    return FALSE;

  return TRUE;
}

static gboolean
run_job (IsafDatabase *self,
         Job          *job,
         GError      **error)
{
  gboolean ok;

  if (job->mode == ISAF_DATABASE_OPEN_JOB || job->mode == ISAF_DATABASE_MAINTENANCE)
    return job->func (self, job->data, error);

  if (job->mode == ISAF_DATABASE_READ)
    {
      if (!isaf_database_exec (self, "BEGIN", error))
        return FALSE;
      ok = job->func (self, job->data, error);
      /* A read transaction has nothing to keep; end it either way. */
      sqlite3_exec (self->conn, "COMMIT", NULL, NULL, NULL);
      return ok;
    }

  if (self->flags & ISAF_DATABASE_OPEN_READ_ONLY)
    {
      g_set_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_READ_ONLY,
                   _("The database was opened read-only, so nothing can be saved."));
      return FALSE;
    }

  if (!isaf_database_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  self->capture.capturing = job->mode == ISAF_DATABASE_WRITE;
  self->capture.txid++;
  self->capture.used_txid = FALSE;
  self->capture.hlc_at_begin = isaf_hlc_last (self->capture.hlc);

  ok = job->func (self, job->data, error) && save_clock_state (self, error);
  if (ok)
    ok = isaf_database_exec (self, "COMMIT", error);

  self->capture.capturing = TRUE;

  if (!ok)
    {
      /* One user action is one transaction: if any part failed, none of it stays. */
      sqlite3_exec (self->conn, "ROLLBACK", NULL, NULL, NULL);
      self->capture.txid--;
      return FALSE;
    }
  return TRUE;
}

static gboolean
unref_on_caller_thread (gpointer data)
{
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

static gpointer
worker_main (gpointer user_data)
{
  IsafDatabase *self = user_data;
  Job *job;

  while ((job = g_async_queue_pop (self->jobs)) != &close_job)
    {
      GError *error = NULL;
      gboolean ok = FALSE;
      GCancellable *cancellable = job->task ? g_task_get_cancellable (job->task) : NULL;

      if (!g_cancellable_set_error_if_cancelled (cancellable, &error))
        ok = run_job (self, job, &error);

      if (job->task)
        {
          GTask *task = g_steal_pointer (&job->task);

          if (ok)
            g_task_return_boolean (task, TRUE);
          else
            g_task_return_error (task, error);
          job_free (job);
          /* The task may hold the last reference to the database: drop it on the caller's
           * thread, never here, where disposing would wait for this very thread. */
          g_main_context_invoke_full (g_task_get_context (task), G_PRIORITY_DEFAULT,
                                      unref_on_caller_thread, task, NULL);
        }
      else
        {
          g_mutex_lock (job->wait_lock);
          job->result = ok;
          job->error = error;
          job->done = TRUE;
          g_cond_signal (job->wait_cond);
          g_mutex_unlock (job->wait_lock);
        }
    }

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->conn)
    {
      sqlite3_close_v2 (self->conn);
      self->conn = NULL;
    }
  return NULL;
}

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

static void
isaf_database_dispose (GObject *object)
{
  isaf_database_close (ISAF_DATABASE (object));

  G_OBJECT_CLASS (isaf_database_parent_class)->dispose (object);
}

static void
isaf_database_finalize (GObject *object)
{
  IsafDatabase *self = (IsafDatabase *)object;

  g_clear_pointer (&self->jobs, g_async_queue_unref);
  g_clear_pointer (&self->capture.hlc, isaf_hlc_free);
  g_free (self->path);
  g_free (self->commune_code);
  g_free (self->commune_code_copy);
  g_mutex_clear (&self->state_lock);

  G_OBJECT_CLASS (isaf_database_parent_class)->finalize (object);
}

static void
isaf_database_class_init (IsafDatabaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = isaf_database_dispose;
  object_class->finalize = isaf_database_finalize;
}

static void
isaf_database_init (IsafDatabase *self)
{
  g_mutex_init (&self->state_lock);
  self->jobs = g_async_queue_new ();
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
  self->capture.hlc = isaf_hlc_new (NULL, NULL);
  self->capture.capturing = TRUE;
}

/* Waits for all queued work, then stops the thread and closes the connection. */
void
isaf_database_close (IsafDatabase *self)
{
  g_return_if_fail (ISAF_IS_DATABASE (self));

  if (self->closed || self->thread == NULL)
    return;
  self->closed = TRUE;

  g_async_queue_push (self->jobs, &close_job);
  g_thread_join (self->thread);
  self->thread = NULL;
}

const char *
isaf_database_get_path (IsafDatabase *self)
{
  return self->path;
}

char *
isaf_database_dup_commune_code (IsafDatabase *self)
{
  char *code;

  g_mutex_lock (&self->state_lock);
  code = g_strdup (self->commune_code_copy);
  g_mutex_unlock (&self->state_lock);
  return code;
}

gboolean
isaf_database_queue_and_wait (IsafDatabase     *self,
                IsafDatabaseMode  mode,
                IsafDatabaseFunc  func,
                gpointer          data,
                GError          **error)
{
  GMutex lock;
  GCond cond;
  Job *job;
  gboolean result;

  if (self->closed)
    {
      g_set_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_CLOSED,
                   _("The database is closed."));
      return FALSE;
    }

  g_mutex_init (&lock);
  g_cond_init (&cond);

  job = g_new0 (Job, 1);
  job->mode = mode;
  job->func = func;
  job->data = data;
  job->wait_lock = &lock;
  job->wait_cond = &cond;

  g_mutex_lock (&lock);
  g_async_queue_push (self->jobs, job);
  while (!job->done)
    g_cond_wait (&cond, &lock);
  g_mutex_unlock (&lock);

  result = job->result;
  if (job->error)
    g_propagate_error (error, job->error);

  g_free (job);
  g_mutex_clear (&lock);
  g_cond_clear (&cond);
  return result;
}

/* Runs @func on the database thread and waits for it. For isafctl, tests and benchmarks,
 * never for the interface's main thread. */
gboolean
isaf_database_run (IsafDatabase     *self,
                   IsafDatabaseMode  mode,
                   IsafDatabaseFunc  func,
                   gpointer          data,
                   GError          **error)
{
  g_return_val_if_fail (ISAF_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (g_thread_self () != self->thread, FALSE);

  return isaf_database_queue_and_wait (self, mode, func, data, error);
}

void
isaf_database_run_async (IsafDatabase        *self,
                         IsafDatabaseMode     mode,
                         IsafDatabaseFunc     func,
                         gpointer             data,
                         GDestroyNotify       data_destroy,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  Job *job;

  g_return_if_fail (ISAF_IS_DATABASE (self));

  job = g_new0 (Job, 1);
  job->mode = mode;
  job->func = func;
  job->data = data;
  job->data_destroy = data_destroy;
  job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, isaf_database_run_async);

  if (self->closed)
    {
      g_task_return_new_error (job->task, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_CLOSED,
                               _("The database is closed."));
      job_free (job);
      return;
    }

  g_async_queue_push (self->jobs, job);
}

gboolean
isaf_database_run_finish (IsafDatabase  *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

IsafDatabase *
isaf_database_new_unopened (const char            *path,
                            IsafDatabaseOpenFlags  flags,
                            guint                  version)
{
  IsafDatabase *self = g_object_new (ISAF_TYPE_DATABASE, NULL);

  self->path = g_strdup (path);
  self->flags = flags;
  self->target_version = version;
  self->thread = g_thread_new ("isaf-database", worker_main, self);
  return self;
}
