/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-store"

#include "config.h"

#include "isaf-store-job.h"

static void
on_job_done_cb (GObject      *source,
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

void
isaf_store_job_run_async (IsafStore          *store,
                          IsafDatabaseMode    mode,
                          IsafDatabaseFunc    func,
                          gpointer            data,
                          GDestroyNotify      data_free,
                          gpointer            source_tag,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (ISAF_IS_STORE (store));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  /* The task keeps the job's data alive; the database only borrows it. */
  g_task_set_task_data (task, data, data_free);
  isaf_database_run_async (isaf_store_get_database (store), mode, func, data, NULL, cancellable,
                           on_job_done_cb, task);
}

gpointer
isaf_store_job_finish (IsafStore     *store,
                       GAsyncResult  *result,
                       gpointer       source_tag,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  return g_task_get_task_data (G_TASK (result));
}
