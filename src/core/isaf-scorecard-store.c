/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-scorecard"

#include "config.h"

#include "isaf-scorecard-private.h"
#include "isaf-store-job.h"

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

  g_return_if_fail (scorecard != NULL);
  g_return_if_fail (isaf_scorecard_grid_in_step (scorecard));

  job = g_new0 (Job, 1);
  job->scorecard = isaf_scorecard_ref (scorecard);
  isaf_store_job_run_async (store, ISAF_DATABASE_WRITE, save_job, job, job_free,
                            isaf_scorecard_save_async, cancellable, callback, user_data);
}

gboolean
isaf_scorecard_save_finish (IsafStore     *store,
                            GAsyncResult  *result,
                            GError       **error)
{
  Job *job = isaf_store_job_finish (store, result, isaf_scorecard_save_async, error);

  if (job == NULL)
    return FALSE;
  mark_saved (job->scorecard);
  return TRUE;
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

void
isaf_scorecard_list_async (IsafStore           *store,
                           int                  year,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);

  job->year = year;
  isaf_store_job_run_async (store, ISAF_DATABASE_READ, list_job, job, job_free,
                            isaf_scorecard_list_async, cancellable, callback, user_data);
}

GPtrArray *
isaf_scorecard_list_finish (IsafStore     *store,
                            GAsyncResult  *result,
                            GError       **error)
{
  Job *job = isaf_store_job_finish (store, result, isaf_scorecard_list_async, error);

  return job ? g_steal_pointer (&job->scorecards) : NULL;
}
