/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-jaap"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "isaf-choice.h"
#include "isaf-jaap-private.h"
#include "isaf-store-job.h"

/* The Joint Accountability Action Plan (DOMAIN.md, step 7): the actions the interface meeting
 * agreed, in group ក (they need outside resources and go to the commune investment programme)
 * and group ខ (providers and the community do them, under a heading per service unit), each
 * with the columns of the official template and a status whose every change is kept. This
 * file holds the plan in memory and the jobs that load it and save or move an action;
 * isaf-jaap-read.c reads a year's plan, isaf-jaap-write.c checks the rules and writes. */

G_DEFINE_QUARK (isaf-jaap-error-quark, isaf_jaap_error)

static const char * const status_names[ISAF_N_JAAP_STATUSES] = {
  "not_started", "ongoing", "completed", "cancelled",
};

/* Statuses and groups ------------------------------------------------------------------- */

const char *
isaf_jaap_status_to_string (IsafJaapStatus status)
{
  g_return_val_if_fail (status < ISAF_N_JAAP_STATUSES, NULL);
  return status_names[status];
}

int
isaf_jaap_status_from_string (const char *text)
{
  for (guint i = 0; i < ISAF_N_JAAP_STATUSES; i++)
    if (g_strcmp0 (status_names[i], text) == 0)
      return i;
  return -1;
}

const char *
isaf_jaap_status_get_label (IsafJaapStatus status)
{
  g_return_val_if_fail (status < ISAF_N_JAAP_STATUSES, NULL);
  return isaf_choice_get_label (status_names[status]);
}

gboolean
isaf_jaap_status_is_open (IsafJaapStatus status)
{
  return status == ISAF_JAAP_STATUS_NOT_STARTED || status == ISAF_JAAP_STATUS_ONGOING;
}

const char *
isaf_jaap_group_letter (const char *action_group)
{
  if (g_strcmp0 (action_group, "ka") == 0)
    return "ក";
  if (g_strcmp0 (action_group, "kha") == 0)
    return "ខ";
  return NULL;
}

/* The headings of the official template, shortened. */
const char *
isaf_jaap_group_title (const char *action_group)
{
  if (g_strcmp0 (action_group, "ka") == 0)
    return _("Actions that need outside resources (for the commune investment programme)");
  if (g_strcmp0 (action_group, "kha") == 0)
    return _("Actions the service providers and the community do themselves");
  return NULL;
}

/* Entries -------------------------------------------------------------------------------- */

IsafJaapEntry *
isaf_jaap_entry_new (IsafRecord *action)
{
  IsafJaapEntry *entry = g_new0 (IsafJaapEntry, 1);

  entry->action = g_object_ref (action);
  entry->history = g_ptr_array_new_with_free_func (g_object_unref);
  return entry;
}

void
isaf_jaap_entry_free (IsafJaapEntry *entry)
{
  g_clear_object (&entry->action);
  g_free (entry->path);
  g_clear_pointer (&entry->history, g_ptr_array_unref);
  g_clear_object (&entry->last_progress);
  g_free (entry->last_progress_on);
  g_free (entry->unit_code);
  g_free (entry->unit_kind);
  g_free (entry->unit_name_km);
  g_free (entry->unit_name_en);
  g_free (entry->indicator_name_km);
  g_free (entry->indicator_name_en);
  g_free (entry);
}

IsafJaapStatus
isaf_jaap_entry_get_status (const IsafJaapEntry *entry)
{
  int status = isaf_jaap_status_from_string (isaf_record_get_text (entry->action, "status"));

  /* Validated on every write; a row from elsewhere that is not is treated as not started. */
  return status < 0 ? ISAF_JAAP_STATUS_NOT_STARTED : (IsafJaapStatus) status;
}

gboolean
isaf_jaap_entry_is_overdue (const IsafJaapEntry *entry,
                            const char          *today)
{
  const char *end_on = isaf_record_get_text (entry->action, "end_on");

  /* ISO dates sort as text. */
  return end_on != NULL && strcmp (end_on, today) < 0
         && isaf_jaap_status_is_open (isaf_jaap_entry_get_status (entry));
}

char *
isaf_jaap_entry_format_path (const IsafJaapEntry *entry,
                             IsafDigits           digits)
{
  return isaf_format_digits (entry->path, digits);
}

char *
isaf_jaap_dup_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/* The plan -------------------------------------------------------------------------------- */

void
isaf_jaap_free (IsafJaap *jaap)
{
  if (jaap == NULL)
    return;
  g_free (jaap->commune_code);
  g_clear_pointer (&jaap->entries, g_ptr_array_unref);
  g_free (jaap);
}

IsafJaapEntry *
isaf_jaap_find (IsafJaap       *jaap,
                const IsafUuid *action_id)
{
  for (guint i = 0; i < jaap->entries->len; i++)
    {
      IsafJaapEntry *entry = g_ptr_array_index (jaap->entries, i);

      if (isaf_uuid_equal (isaf_record_get_id (entry->action), action_id))
        return entry;
    }
  return NULL;
}

/* Jobs ------------------------------------------------------------------------------------- */

typedef struct {
  int year;
  IsafRecord *action;
  IsafUuid action_id;
  int offset;
  char *changed_on;
  char *status_note;
  IsafJaap *jaap;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_clear_object (&job->action);
  g_free (job->changed_on);
  g_free (job->status_note);
  g_clear_pointer (&job->jaap, isaf_jaap_free);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static gboolean
load_job (IsafDatabase *database,
          gpointer      data,
          GError      **error)
{
  Job *job = data;

  job->jaap = isaf_jaap_read_year (database, job->year, error);
  return job->jaap != NULL;
}

IsafJaap *
isaf_jaap_load (IsafStore  *store,
                int         year,
                GError    **error)
{
  Job job = { .year = year };

  g_return_val_if_fail (ISAF_IS_STORE (store), NULL);

  if (!isaf_database_run (isaf_store_get_database (store), ISAF_DATABASE_READ, load_job, &job,
                          error))
    return NULL;
  return job.jaap;
}

void
isaf_jaap_load_async (IsafStore           *store,
                      int                  year,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);

  job->year = year;
  isaf_store_job_run_async (store, ISAF_DATABASE_READ, load_job, job, job_free,
                            isaf_jaap_load_async, cancellable, callback, user_data);
}

IsafJaap *
isaf_jaap_load_finish (IsafStore     *store,
                       GAsyncResult  *result,
                       GError       **error)
{
  Job *job = isaf_store_job_finish (store, result, isaf_jaap_load_async, error);

  return job ? g_steal_pointer (&job->jaap) : NULL;
}

static gboolean
save_job (IsafDatabase *database,
          gpointer      data,
          GError      **error)
{
  Job *job = data;

  return isaf_jaap_write_action (database, job->year, job->action, job->changed_on,
                                 job->status_note, error);
}

static gboolean
is_action (IsafRecord *action)
{
  return ISAF_IS_RECORD (action)
         && g_str_equal (isaf_record_get_table_name (action), "jaap_action");
}

gboolean
isaf_jaap_action_save (IsafStore   *store,
                       int          year,
                       IsafRecord  *action,
                       const char  *changed_on,
                       const char  *status_note,
                       GError     **error)
{
  g_autofree char *today = changed_on ? NULL : isaf_jaap_dup_today ();
  /* Borrowed for the job's run: nothing here is freed with it. */
  Job job = {
    .year = year,
    .action = action,
    .changed_on = (char *) (changed_on ? changed_on : today),
    .status_note = (char *) status_note,
  };

  g_return_val_if_fail (ISAF_IS_STORE (store), FALSE);
  g_return_val_if_fail (is_action (action), FALSE);

  if (!isaf_database_run (isaf_store_get_database (store), ISAF_DATABASE_WRITE, save_job, &job,
                          error))
    return FALSE;
  isaf_record_mark_stored (action, FALSE);
  return TRUE;
}

/**
 * isaf_jaap_action_save_async:
 * @store: the store
 * @year: the year of the plan
 * @action: the jaap_action record; the database thread checks and normalises it, so it may
 *   not be touched until @callback runs
 * @status_note: (nullable): why the status changed, for its history
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the caller's main context
 * @user_data: for @callback
 *
 * Saves @action as isaf_jaap_action_save() does, with a status change dated today.
 */
void
isaf_jaap_action_save_async (IsafStore           *store,
                             int                  year,
                             IsafRecord          *action,
                             const char          *status_note,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  Job *job;

  g_return_if_fail (is_action (action));

  job = g_new0 (Job, 1);
  job->year = year;
  job->action = g_object_ref (action);
  job->changed_on = isaf_jaap_dup_today ();
  job->status_note = g_strdup (status_note);
  isaf_store_job_run_async (store, ISAF_DATABASE_WRITE, save_job, job, job_free,
                            isaf_jaap_action_save_async, cancellable, callback, user_data);
}

gboolean
isaf_jaap_action_save_finish (IsafStore     *store,
                              GAsyncResult  *result,
                              GError       **error)
{
  Job *job = isaf_store_job_finish (store, result, isaf_jaap_action_save_async, error);

  if (job == NULL)
    return FALSE;
  isaf_record_mark_stored (job->action, FALSE);
  return TRUE;
}

static gboolean
move_job (IsafDatabase *database,
          gpointer      data,
          GError      **error)
{
  Job *job = data;

  return isaf_jaap_write_move (database, &job->action_id, job->offset, error);
}

gboolean
isaf_jaap_action_move (IsafStore      *store,
                       const IsafUuid *action_id,
                       int             offset,
                       GError        **error)
{
  Job job = { .action_id = *action_id, .offset = offset };

  g_return_val_if_fail (ISAF_IS_STORE (store), FALSE);
  g_return_val_if_fail (offset == -1 || offset == 1, FALSE);

  return isaf_database_run (isaf_store_get_database (store), ISAF_DATABASE_WRITE, move_job, &job,
                            error);
}

void
isaf_jaap_action_move_async (IsafStore           *store,
                             const IsafUuid      *action_id,
                             int                  offset,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  Job *job;

  g_return_if_fail (offset == -1 || offset == 1);

  job = g_new0 (Job, 1);
  job->action_id = *action_id;
  job->offset = offset;
  isaf_store_job_run_async (store, ISAF_DATABASE_WRITE, move_job, job, job_free,
                            isaf_jaap_action_move_async, cancellable, callback, user_data);
}

gboolean
isaf_jaap_action_move_finish (IsafStore     *store,
                              GAsyncResult  *result,
                              GError       **error)
{
  return isaf_store_job_finish (store, result, isaf_jaap_action_move_async, error) != NULL;
}
