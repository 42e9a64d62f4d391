/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-scorecard"

#include "config.h"

#include "isaf-scorecard-private.h"

/* Saving and listing scorecards from the main thread: each a job on the database thread
 * (isaf-scorecard-write.c, isaf-scorecard-read.c), a save in one write transaction, with
 * blocking and asynchronous forms. */

/* Once the transaction committed: the rows the scorecard holds are as stored. */
static void
mark_saved (IsafScorecard *scorecard)
{
  isaf_record_mark_stored (scorecard->record, FALSE);
  for (guint i = 0; scorecard->participants_one_by_one && i < scorecard->participants->len; i++)
    isaf_record_mark_stored (g_ptr_array_index (scorecard->participants, i), FALSE);
  for (guint i = 0; i < scorecard->indicators->len; i++)
    isaf_record_mark_stored (((IsafScorecardIndicator *) g_ptr_array_index (scorecard->indicators,
                                                                             i))->record,
                             FALSE);
}

/* Jobs ----------------------------------------------------------------------------------- */

typedef struct {
  int year;
  IsafScorecard *scorecard;
  GPtrArray *scorecards;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_clear_pointer (&job->scorecard, isaf_scorecard_unref);
  g_clear_pointer (&job->scorecards, g_ptr_array_unref);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static gboolean
save_job (IsafDatabase *database,
          gpointer      data,
          GError      **error)
{
  Job *job = data;

  return isaf_scorecard_write (database, job->scorecard, error);
}

/**
 * isaf_scorecard_save:
 * @store: the store
 * @scorecard: the scorecard, its grid in step with its participants
 * @error: the first rule it breaks, or what went wrong writing
 *
 * Returns: %TRUE when everything was saved; on %FALSE nothing was
 */
gboolean
isaf_scorecard_save (IsafStore      *store,
                     IsafScorecard  *scorecard,
                     GError        **error)
{
  g_autoptr(Job) job = g_new0 (Job, 1);

  g_return_val_if_fail (ISAF_IS_STORE (store), FALSE);
  g_return_val_if_fail (scorecard != NULL, FALSE);
  g_return_val_if_fail (isaf_scorecard_grid_in_step (scorecard), FALSE);

  job->scorecard = isaf_scorecard_ref (scorecard);
  if (!isaf_database_run (isaf_store_get_database (store), ISAF_DATABASE_WRITE, save_job, job,
                          error))
    return FALSE;

  mark_saved (scorecard);
  return TRUE;
}

static void
on_save_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!isaf_database_run_finish (ISAF_DATABASE (source), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  mark_saved (job->scorecard);
  g_task_return_boolean (task, TRUE);
}

/**
 * isaf_scorecard_save_async:
 * @store: the store
 * @scorecard: the scorecard; the database thread checks it and points its rows at it, so it
 *   must not be touched until @callback runs
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the caller's main context
 * @user_data: for @callback
 *
 * Saves @scorecard as isaf_scorecard_save() does, without blocking.
 */
void
isaf_scorecard_save_async (IsafStore           *store,
                           IsafScorecard       *scorecard,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  Job *job;
  GTask *task;

  g_return_if_fail (ISAF_IS_STORE (store));
  g_return_if_fail (scorecard != NULL);
  g_return_if_fail (isaf_scorecard_grid_in_step (scorecard));

  job = g_new0 (Job, 1);
  job->scorecard = isaf_scorecard_ref (scorecard);
  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, isaf_scorecard_save_async);
  /* The task keeps the job alive; the database runs it and leaves it to the task. */
  g_task_set_task_data (task, job, job_free);
  isaf_database_run_async (isaf_store_get_database (store), ISAF_DATABASE_WRITE, save_job, job,
                           NULL, cancellable, on_save_done_cb, task);
}

gboolean
isaf_scorecard_save_finish (IsafStore     *store,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
list_job (IsafDatabase *database,
          gpointer      data,
          GError      **error)
{
  Job *job = data;

  job->scorecards = isaf_scorecard_read_year (database, job->year, error);
  return job->scorecards != NULL;
}

/**
 * isaf_scorecard_list:
 * @store: the store
 * @year: a cycle year
 * @error: what went wrong reading
 *
 * Returns: (transfer full) (element-type IsafScorecard): the scorecards of the cycle of
 *   @year, complete, by date then service unit
 */
GPtrArray *
isaf_scorecard_list (IsafStore  *store,
                     int         year,
                     GError    **error)
{
  g_autoptr(Job) job = g_new0 (Job, 1);

  g_return_val_if_fail (ISAF_IS_STORE (store), NULL);

  job->year = year;
  if (!isaf_database_run (isaf_store_get_database (store), ISAF_DATABASE_READ, list_job, job,
                          error))
    return NULL;
  return g_steal_pointer (&job->scorecards);
}

static void
on_list_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!isaf_database_run_finish (ISAF_DATABASE (source), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&job->scorecards),
                           (GDestroyNotify) g_ptr_array_unref);
}

void
isaf_scorecard_list_async (IsafStore           *store,
                           int                  year,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  Job *job;
  GTask *task;

  g_return_if_fail (ISAF_IS_STORE (store));

  job = g_new0 (Job, 1);
  job->year = year;
  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, isaf_scorecard_list_async);
  g_task_set_task_data (task, job, job_free);
  isaf_database_run_async (isaf_store_get_database (store), ISAF_DATABASE_READ, list_job, job,
                           NULL, cancellable, on_list_done_cb, task);
}

GPtrArray *
isaf_scorecard_list_finish (IsafStore     *store,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
