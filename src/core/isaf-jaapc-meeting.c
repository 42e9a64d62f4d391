/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-jaapc"

#include "config.h"

#include <string.h>

#include "isaf-jaapc-meeting-private.h"
#include "isaf-stage-rows.h"
#include "isaf-store-job.h"

/* The JAAP Committee's monthly meeting (DOMAIN.md, step 8): who came, what each action of the
 * plan has reached, and what the committee decided. A meeting is a jaapc_meeting row with a
 * link row per member present and a jaap_progress row per action reviewed, keyed by meeting
 * and action so that two laptops recording the same fact make the same row. This file holds
 * the meeting in memory and its jobs; isaf-jaapc-meeting-write.c checks and writes,
 * isaf-jaapc-meeting-read.c reads a year's meetings. */

gboolean
isaf_jaapc_member_was_member_on (IsafRecord *member,
                                 const char *day)
{
  const char *joined_on = isaf_record_get_text (member, "joined_on");
  const char *left_on = isaf_record_get_text (member, "left_on");

  /* ISO dates sort as text. */
  return (joined_on == NULL || strcmp (joined_on, day) <= 0)
         && (left_on == NULL || strcmp (left_on, day) > 0);
}

/**
 * isaf_jaapc_meeting_new:
 * @year: the year of the plan the meeting follows
 * @record: (nullable): a jaapc_meeting record, or %NULL for a new one
 *
 * Returns: (transfer full): a meeting with nobody present and no progress
 */
IsafJaapcMeeting *
isaf_jaapc_meeting_new (int         year,
                        IsafRecord *record)
{
  IsafJaapcMeeting *meeting;

  g_return_val_if_fail (record == NULL
                        || g_str_equal (isaf_record_get_table_name (record), "jaapc_meeting"),
                        NULL);

  meeting = g_atomic_rc_box_new0 (IsafJaapcMeeting);
  meeting->year = year;
  meeting->record = record ? g_object_ref (record) : isaf_record_new ("jaapc_meeting");
  meeting->members = g_array_new (FALSE, FALSE, sizeof (IsafUuid));
  meeting->progress = g_ptr_array_new_with_free_func (g_object_unref);
  return meeting;
}

IsafJaapcMeeting *
isaf_jaapc_meeting_ref (IsafJaapcMeeting *meeting)
{
  return g_atomic_rc_box_acquire (meeting);
}

static void
meeting_clear (gpointer data)
{
  IsafJaapcMeeting *meeting = data;

  g_clear_object (&meeting->record);
  g_clear_pointer (&meeting->members, g_array_unref);
  g_clear_pointer (&meeting->progress, g_ptr_array_unref);
}

void
isaf_jaapc_meeting_unref (IsafJaapcMeeting *meeting)
{
  g_atomic_rc_box_release_full (meeting, meeting_clear);
}

IsafRecord *
isaf_jaapc_meeting_get_progress (IsafJaapcMeeting *meeting,
                                 const IsafUuid   *action_id)
{
  for (guint i = 0; i < meeting->progress->len; i++)
    {
      IsafRecord *progress = g_ptr_array_index (meeting->progress, i);
      const IsafUuid *id = isaf_record_get_reference (progress, "action_id");

      if (id && isaf_uuid_equal (id, action_id))
        return progress;
    }
  return NULL;
}

IsafRecord *
isaf_jaapc_meeting_set_progress (IsafJaapcMeeting *meeting,
                                 const IsafUuid   *action_id)
{
  IsafRecord *progress = isaf_jaapc_meeting_get_progress (meeting, action_id);
  const IsafUuid *meeting_id = isaf_record_get_id (meeting->record);
  char action_text[ISAF_UUID_STRING_LENGTH + 1];
  g_autofree char *key = NULL;

  if (progress != NULL)
    return progress;

  isaf_uuid_to_buffer (action_id, action_text);
  key = isaf_stage_key_of (meeting_id, action_text);
  progress = isaf_record_new_keyed ("jaap_progress", key);
  isaf_record_set_reference (progress, "meeting_id", meeting_id);
  isaf_record_set_reference (progress, "action_id", action_id);
  g_ptr_array_add (meeting->progress, progress);
  return progress;
}

/* Jobs ------------------------------------------------------------------------------------- */

/* Once the transaction has committed: the records are now rows, to be updated next time. */
static void
mark_stored (IsafJaapcMeeting *meeting)
{
  isaf_record_mark_stored (meeting->record, FALSE);
  for (guint i = 0; i < meeting->progress->len; i++)
    isaf_record_mark_stored (g_ptr_array_index (meeting->progress, i), FALSE);
}

typedef struct {
  int year;
  IsafJaapcMeeting *meeting;
  GPtrArray *meetings;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_clear_pointer (&job->meeting, isaf_jaapc_meeting_unref);
  g_clear_pointer (&job->meetings, g_ptr_array_unref);
  g_free (job);
}

static gboolean
save_job (IsafDatabase *database,
          gpointer      data,
          GError      **error)
{
  Job *job = data;

  return isaf_jaapc_meeting_write (database, job->meeting, error);
}

gboolean
isaf_jaapc_meeting_save (IsafStore         *store,
                         IsafJaapcMeeting  *meeting,
                         GError           **error)
{
  Job job = { .meeting = meeting };

  g_return_val_if_fail (ISAF_IS_STORE (store), FALSE);
  g_return_val_if_fail (meeting != NULL, FALSE);

  if (!isaf_database_run (isaf_store_get_database (store), ISAF_DATABASE_WRITE, save_job, &job,
                          error))
    return FALSE;
  mark_stored (meeting);
  return TRUE;
}

/**
 * isaf_jaapc_meeting_save_async:
 * @store: the store
 * @meeting: the meeting; the database thread checks and normalises it, so it may not be
 *   touched until @callback runs
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the caller's main context
 * @user_data: for @callback
 *
 * Saves @meeting as isaf_jaapc_meeting_save() does, without blocking.
 */
void
isaf_jaapc_meeting_save_async (IsafStore           *store,
                               IsafJaapcMeeting    *meeting,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Job *job;

  g_return_if_fail (meeting != NULL);

  job = g_new0 (Job, 1);
  job->meeting = isaf_jaapc_meeting_ref (meeting);
  isaf_store_job_run_async (store, ISAF_DATABASE_WRITE, save_job, job, job_free,
                            isaf_jaapc_meeting_save_async, cancellable, callback, user_data);
}

gboolean
isaf_jaapc_meeting_save_finish (IsafStore     *store,
                                GAsyncResult  *result,
                                GError       **error)
{
  Job *job = isaf_store_job_finish (store, result, isaf_jaapc_meeting_save_async, error);

  if (job == NULL)
    return FALSE;
  mark_stored (job->meeting);
  return TRUE;
}

static gboolean
list_job (IsafDatabase *database,
          gpointer      data,
          GError      **error)
{
  Job *job = data;

  job->meetings = isaf_jaapc_meeting_read_year (database, job->year, error);
  return job->meetings != NULL;
}

GPtrArray *
isaf_jaapc_meeting_list (IsafStore  *store,
                         int         year,
                         GError    **error)
{
  Job job = { .year = year };

  g_return_val_if_fail (ISAF_IS_STORE (store), NULL);

  if (!isaf_database_run (isaf_store_get_database (store), ISAF_DATABASE_READ, list_job, &job,
                          error))
    return NULL;
  return job.meetings;
}

void
isaf_jaapc_meeting_list_async (IsafStore           *store,
                               int                  year,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);

  job->year = year;
  isaf_store_job_run_async (store, ISAF_DATABASE_READ, list_job, job, job_free,
                            isaf_jaapc_meeting_list_async, cancellable, callback, user_data);
}

GPtrArray *
isaf_jaapc_meeting_list_finish (IsafStore     *store,
                                GAsyncResult  *result,
                                GError       **error)
{
  Job *job = isaf_store_job_finish (store, result, isaf_jaapc_meeting_list_async, error);

  return job ? g_steal_pointer (&job->meetings) : NULL;
}
