/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-interface"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "isaf-interface-meeting-private.h"
#include "isaf-store-job.h"

G_DEFINE_QUARK (isaf-interface-error-quark, isaf_interface_error)

const char * const isaf_interface_meeting_tables[4] = {
  "interface_meeting", "interface_meeting_unit", "interface_attendance", "interface_priority",
};

/* The interface meeting (DOMAIN.md, steps 6 and 7): citizens' representatives, providers and
 * the council compare the scores of the year's scorecards (isaf-interface-compare.c), agree on
 * priorities, and the selected ones become the first draft of the JAAP
 * (isaf-interface-jaap.c). A meeting is an interface_meeting row with its link rows (the
 * service units it covered), one attendance row per category counted and its priorities.
 * This file holds the meeting in memory and the jobs that save and list it: a save checks the
 * rules that span rows (isaf-interface-meeting-rules.c) and writes
 * (isaf-interface-meeting-write.c) on the database thread, in one transaction; a list reads
 * (isaf-interface-meeting-read.c). */

static const char * const categories[ISAF_N_INTERFACE_ATTENDANCE] = {
  "citizen_women", "citizen_men", "provider", "council", "caf", "other",
};

static const char * const category_labels[ISAF_N_INTERFACE_ATTENDANCE] = {
  N_("Women citizens"), N_("Men citizens"), N_("Service providers"), N_("Council members"),
  N_("Facilitators (CAFs)"), N_("Others"),
};

/* Attendance ----------------------------------------------------------------------------- */

/* The category as stored in interface_attendance.category: "citizen_women" … */
const char *
isaf_interface_attendance_get_category (IsafInterfaceAttendance attendance)
{
  g_return_val_if_fail (attendance < ISAF_N_INTERFACE_ATTENDANCE, NULL);

  return categories[attendance];
}

const char *
isaf_interface_attendance_get_label (IsafInterfaceAttendance attendance)
{
  g_return_val_if_fail (attendance < ISAF_N_INTERFACE_ATTENDANCE, NULL);

  return _(category_labels[attendance]);
}

int
isaf_interface_attendance_from_category (const char *category)
{
  for (guint i = 0; i < ISAF_N_INTERFACE_ATTENDANCE; i++)
    if (g_strcmp0 (categories[i], category) == 0)
      return i;
  return -1;
}

/* Meetings ------------------------------------------------------------------------------- */

/**
 * isaf_interface_meeting_new:
 * @year: the cycle year
 * @record: (nullable): an interface_meeting record, or %NULL for a new one
 *
 * Returns: (transfer full): a meeting with no units, nothing counted and no priorities
 */
IsafInterfaceMeeting *
isaf_interface_meeting_new (int         year,
                            IsafRecord *record)
{
  IsafInterfaceMeeting *meeting;

  g_return_val_if_fail (record == NULL
                        || g_str_equal (isaf_record_get_table_name (record),
                                        "interface_meeting"), NULL);

  meeting = g_atomic_rc_box_new0 (IsafInterfaceMeeting);
  meeting->year = year;
  meeting->record = record ? g_object_ref (record) : isaf_record_new ("interface_meeting");
  meeting->units = g_array_new (FALSE, FALSE, sizeof (IsafUuid));
  for (guint i = 0; i < ISAF_N_INTERFACE_ATTENDANCE; i++)
    meeting->attendance[i] = ISAF_ATTENDANCE_NOT_COUNTED;
  meeting->priorities = g_ptr_array_new_with_free_func (g_object_unref);
  return meeting;
}

IsafInterfaceMeeting *
isaf_interface_meeting_ref (IsafInterfaceMeeting *meeting)
{
  return g_atomic_rc_box_acquire (meeting);
}

static void
meeting_clear (gpointer data)
{
  IsafInterfaceMeeting *meeting = data;

  g_clear_object (&meeting->record);
  g_clear_pointer (&meeting->units, g_array_unref);
  g_clear_pointer (&meeting->priorities, g_ptr_array_unref);
}

void
isaf_interface_meeting_unref (IsafInterfaceMeeting *meeting)
{
  g_atomic_rc_box_release_full (meeting, meeting_clear);
}

/* Jobs ----------------------------------------------------------------------------------- */

/* For the callers' preconditions. */
static gboolean
is_meeting (IsafInterfaceMeeting *meeting)
{
  if (meeting == NULL || meeting->record == NULL || meeting->units == NULL
      || meeting->priorities == NULL)
    return FALSE;
  for (guint i = 0; i < meeting->priorities->len; i++)
    if (!g_str_equal (isaf_record_get_table_name (g_ptr_array_index (meeting->priorities, i)),
                      "interface_priority"))
      return FALSE;
  return TRUE;
}

/* Once the transaction has committed: the records are now rows, to be updated next time. */
static void
mark_stored (IsafInterfaceMeeting *meeting)
{
  isaf_record_mark_stored (meeting->record, FALSE);
  for (guint i = 0; i < meeting->priorities->len; i++)
    isaf_record_mark_stored (g_ptr_array_index (meeting->priorities, i), FALSE);
}

typedef struct {
  int year;
  IsafInterfaceMeeting *meeting;
  GPtrArray *meetings;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_clear_pointer (&job->meeting, isaf_interface_meeting_unref);
  g_clear_pointer (&job->meetings, g_ptr_array_unref);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static gboolean
save_job (IsafDatabase *database,
          gpointer      data,
          GError      **error)
{
  Job *job = data;

  return isaf_interface_meeting_write (database, job->meeting, error);
}

gboolean
isaf_interface_meeting_save (IsafStore             *store,
                             IsafInterfaceMeeting  *meeting,
                             GError               **error)
{
  g_autoptr(Job) job = g_new0 (Job, 1);

  g_return_val_if_fail (ISAF_IS_STORE (store), FALSE);
  g_return_val_if_fail (is_meeting (meeting), FALSE);

  job->meeting = isaf_interface_meeting_ref (meeting);
  if (!isaf_database_run (isaf_store_get_database (store), ISAF_DATABASE_WRITE, save_job, job,
                          error))
    return FALSE;

  mark_stored (meeting);
  return TRUE;
}

/**
 * isaf_interface_meeting_save_async:
 * @store: the store
 * @meeting: the meeting; the database thread checks and normalises it and its priorities, so
 *   none of them may be touched until @callback runs
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the caller's main context
 * @user_data: for @callback
 *
 * Saves @meeting as isaf_interface_meeting_save() does, without blocking.
 */
void
isaf_interface_meeting_save_async (IsafStore            *store,
                                   IsafInterfaceMeeting *meeting,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  Job *job;

  g_return_if_fail (is_meeting (meeting));

  job = g_new0 (Job, 1);
  job->meeting = isaf_interface_meeting_ref (meeting);
  isaf_store_job_run_async (store, ISAF_DATABASE_WRITE, save_job, job, job_free,
                            isaf_interface_meeting_save_async, cancellable, callback, user_data);
}

gboolean
isaf_interface_meeting_save_finish (IsafStore     *store,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  Job *job = isaf_store_job_finish (store, result, isaf_interface_meeting_save_async, error);

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

  job->meetings = isaf_interface_meeting_read_year (database, job->year, error);
  return job->meetings != NULL;
}

GPtrArray *
isaf_interface_meeting_list (IsafStore  *store,
                             int         year,
                             GError    **error)
{
  g_autoptr(Job) job = g_new0 (Job, 1);

  g_return_val_if_fail (ISAF_IS_STORE (store), NULL);

  job->year = year;
  if (!isaf_database_run (isaf_store_get_database (store), ISAF_DATABASE_READ, list_job, job,
                          error))
    return NULL;
  return g_steal_pointer (&job->meetings);
}

/**
 * isaf_interface_meeting_list_async:
 * @store: the store
 * @year: a cycle year
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the caller's main context
 * @user_data: for @callback
 *
 * Lists the meetings of @year as isaf_interface_meeting_list() does, without blocking.
 */
void
isaf_interface_meeting_list_async (IsafStore           *store,
                                   int                  year,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);

  job->year = year;
  isaf_store_job_run_async (store, ISAF_DATABASE_READ, list_job, job, job_free,
                            isaf_interface_meeting_list_async, cancellable, callback, user_data);
}

/**
 * isaf_interface_meeting_list_finish:
 * @store: the store
 * @result: the result given to the callback
 * @error: what went wrong reading
 *
 * Returns: (transfer full) (element-type IsafInterfaceMeeting): the meetings of the year, by
 *   date
 */
GPtrArray *
isaf_interface_meeting_list_finish (IsafStore     *store,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  Job *job = isaf_store_job_finish (store, result, isaf_interface_meeting_list_async, error);

  return job ? g_steal_pointer (&job->meetings) : NULL;
}
