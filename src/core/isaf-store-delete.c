/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "isaf-error.h"
#include "isaf-store.h"

/* Deleting is marking as deleted: a tombstone is a field like any other, so it syncs, and
 * nothing is ever lost. A row takes with it the rows that belong to it (through columns
 * marked ISAF_COLUMN_PARENT), and the deletion remembers exactly which rows it marked, so
 * that undoing it brings back those and no others (not a child deleted earlier on its own). */

typedef struct {
  const IsafTable *table;
  IsafUuid id;
} DeletedRow;

struct _IsafDeletion
{
  GArray *rows;
};

static IsafDeletion *
isaf_deletion_new (void)
{
  IsafDeletion *deletion = g_new0 (IsafDeletion, 1);

  deletion->rows = g_array_new (FALSE, FALSE, sizeof (DeletedRow));
  return deletion;
}

void
isaf_deletion_free (IsafDeletion *deletion)
{
  if (deletion == NULL)
    return;
  g_array_unref (deletion->rows);
  g_free (deletion);
}

guint
isaf_deletion_get_n_rows (IsafDeletion *deletion)
{
  return deletion->rows->len;
}

static gboolean
tombstone_children (IsafDatabase    *database,
                    const IsafTable *parent,
                    const IsafUuid  *parent_id,
                    IsafDeletion    *deletion,
                    GError         **error)
{
  for (guint t = 0; t < isaf_schema_n_tables (); t++)
    {
      const IsafTable *child = isaf_schema_table_at (t);

      for (guint c = 0; c < child->n_columns; c++)
        {
          const IsafColumn *column = &child->columns[c];
          g_autofree char *sql = NULL;
          g_autoptr(GArray) ids = NULL;
          sqlite3_stmt *stmt;

          if (!(column->flags & ISAF_COLUMN_PARENT) || g_strcmp0 (column->reference, parent->name))
            continue;

          sql = g_strdup_printf ("SELECT id FROM %s WHERE %s = ? AND deleted = 0",
                                 child->name, column->name);
          stmt = isaf_database_prepare (database, sql, error);
          if (stmt == NULL)
            return FALSE;

          /* Collected first: the recursion reuses cached statements. */
          ids = g_array_new (FALSE, FALSE, sizeof (IsafUuid));
          sqlite3_bind_blob (stmt, 1, parent_id->bytes, 16, SQLITE_STATIC);
          while (sqlite3_step (stmt) == SQLITE_ROW)
            {
              IsafUuid id;

              memcpy (id.bytes, sqlite3_column_blob (stmt, 0), 16);
              g_array_append_val (ids, id);
            }
          sqlite3_reset (stmt);

          for (guint i = 0; i < ids->len; i++)
            if (!isaf_store_write_delete (database, child, &g_array_index (ids, IsafUuid, i),
                                          deletion, error))
              return FALSE;
        }
    }

  return TRUE;
}

/* On the database thread: marks the row and the rows that belong to it as deleted, adding
 * each to @deletion when it is not NULL. */
gboolean
isaf_store_write_delete (IsafDatabase    *database,
                         const IsafTable *table,
                         const IsafUuid  *id,
                         IsafDeletion    *deletion,
                         GError         **error)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE %s SET deleted = 1 WHERE id = ?", table->name);
  sqlite3_stmt *stmt = isaf_database_prepare (database, sql, error);
  DeletedRow row = { table, *id };

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, id->bytes, 16, SQLITE_STATIC);
  if (!isaf_database_step_done (database, stmt, error))
    return FALSE;

  if (sqlite3_changes (isaf_database_get_connection (database)) == 0)
    {
      g_set_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_NOT_FOUND_ROW,
                   _("The record you wanted to delete no longer exists."));
      return FALSE;
    }

  if (deletion)
    g_array_append_val (deletion->rows, row);
  return tombstone_children (database, table, id, deletion, error);
}

gboolean
isaf_store_write_undo_delete (IsafDatabase  *database,
                              IsafDeletion  *deletion,
                              GError       **error)
{
  for (guint i = 0; i < deletion->rows->len; i++)
    {
      DeletedRow *row = &g_array_index (deletion->rows, DeletedRow, i);
      g_autofree char *sql = g_strdup_printf ("UPDATE %s SET deleted = 0 WHERE id = ?",
                                              row->table->name);
      sqlite3_stmt *stmt = isaf_database_prepare (database, sql, error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_blob (stmt, 1, row->id.bytes, 16, SQLITE_STATIC);
      if (!isaf_database_step_done (database, stmt, error))
        return FALSE;
    }
  return TRUE;
}

typedef struct {
  const IsafTable *table;
  IsafUuid id;
  IsafDeletion *deletion;
} DeleteJob;

static void
delete_job_free (gpointer data)
{
  DeleteJob *job = data;

  g_clear_pointer (&job->deletion, isaf_deletion_free);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeleteJob, delete_job_free)

static DeleteJob *
delete_job_new (const char     *table,
                const IsafUuid *id)
{
  DeleteJob *job = g_new0 (DeleteJob, 1);

  job->table = isaf_schema_find_table (table);
  job->id = *id;
  job->deletion = isaf_deletion_new ();
  return job;
}

static gboolean
delete_job (IsafDatabase *database,
            gpointer      data,
            GError      **error)
{
  DeleteJob *job = data;

  return isaf_store_write_delete (database, job->table, &job->id, job->deletion, error);
}

gboolean
isaf_store_delete (IsafStore       *self,
                   const char      *table,
                   const IsafUuid  *id,
                   IsafDeletion   **deletion,
                   GError         **error)
{
  g_autoptr(DeleteJob) job = NULL;

  g_return_val_if_fail (ISAF_IS_STORE (self), FALSE);
  g_return_val_if_fail (isaf_schema_find_table (table) != NULL, FALSE);

  job = delete_job_new (table, id);
  if (!isaf_database_run (isaf_store_get_database (self), ISAF_DATABASE_WRITE, delete_job, job,
                          error))
    return FALSE;

  if (deletion)
    *deletion = g_steal_pointer (&job->deletion);
  return TRUE;
}

static void
on_delete_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeleteJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!isaf_database_run_finish (ISAF_DATABASE (source), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&job->deletion),
                           (GDestroyNotify) isaf_deletion_free);
}

void
isaf_store_delete_async (IsafStore           *self,
                         const char          *table,
                         const IsafUuid      *id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  DeleteJob *job;
  GTask *task;

  g_return_if_fail (ISAF_IS_STORE (self));
  g_return_if_fail (isaf_schema_find_table (table) != NULL);

  job = delete_job_new (table, id);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, isaf_store_delete_async);
  /* The task keeps the job alive; the database runs it and leaves it to the task. */
  g_task_set_task_data (task, job, delete_job_free);
  isaf_database_run_async (isaf_store_get_database (self), ISAF_DATABASE_WRITE, delete_job, job,
                           NULL, cancellable, on_delete_done_cb, task);
}

gboolean
isaf_store_delete_finish (IsafStore      *self,
                          GAsyncResult   *result,
                          IsafDeletion  **deletion,
                          GError        **error)
{
  g_autoptr(IsafDeletion) done = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  done = g_task_propagate_pointer (G_TASK (result), error);
  if (done == NULL)
    return FALSE;
  if (deletion)
    *deletion = g_steal_pointer (&done);
  return TRUE;
}

static gboolean
undo_job (IsafDatabase *database,
          gpointer      data,
          GError      **error)
{
  return isaf_store_write_undo_delete (database, data, error);
}

/* Brings back, in one transaction, every row @deletion marked as deleted. */
gboolean
isaf_store_undo_delete (IsafStore     *self,
                        IsafDeletion  *deletion,
                        GError       **error)
{
  g_return_val_if_fail (ISAF_IS_STORE (self), FALSE);
  g_return_val_if_fail (deletion != NULL, FALSE);

  return isaf_database_run (isaf_store_get_database (self), ISAF_DATABASE_WRITE, undo_job,
                            deletion, error);
}

static void
on_undo_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!isaf_database_run_finish (ISAF_DATABASE (source), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* @deletion must stay alive until the callback runs. */
void
isaf_store_undo_delete_async (IsafStore           *self,
                              IsafDeletion        *deletion,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (ISAF_IS_STORE (self));
  g_return_if_fail (deletion != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, isaf_store_undo_delete_async);
  isaf_database_run_async (isaf_store_get_database (self), ISAF_DATABASE_WRITE, undo_job,
                           deletion, NULL, cancellable, on_undo_done_cb, task);
}

gboolean
isaf_store_undo_delete_finish (IsafStore     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
