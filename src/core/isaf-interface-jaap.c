/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-interface"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "isaf-error.h"
#include "isaf-interface-meeting-private.h"
#include "isaf-stage-rows.h"

/* The first draft of the JAAP (DOMAIN.md, step 7): every priority the interface meeting
 * selected becomes an action of the meeting's cycle, not started, linked to the priority, its
 * unit and its indicator, at the end of the group the clerk chose (ក, actions that need
 * outside resources, or ខ, actions the providers and the community take themselves), most
 * votes first. A priority that has a live action already is left alone, so that drafting
 * twice drafts once; one whose action was deleted from the plan is drafted again. */

/* The selected priorities of the meeting that no live JAAP action was made from yet, most
 * votes first; @n_selected counts every selected one. */
static GArray *
read_priorities_without_action (IsafDatabase   *database,
                                const IsafUuid *meeting_id,
                                guint          *n_selected,
                                GError        **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "SELECT p.id, EXISTS (SELECT 1 FROM jaap_action a "
                                              "  WHERE a.priority_id = p.id AND a.deleted = 0) "
                                              "FROM interface_priority p "
                                              "WHERE p.meeting_id = ?1 AND p.deleted = 0 "
                                              "AND p.is_selected = 1 "
                                              "ORDER BY p.votes DESC, p.id",
                                              error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (IsafUuid));
  int rc;

  if (stmt == NULL)
    return NULL;

  *n_selected = 0;
  sqlite3_bind_blob (stmt, 1, meeting_id->bytes, 16, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      IsafUuid id;

      (*n_selected)++;
      if (sqlite3_column_int (stmt, 1))
        continue;
      memcpy (id.bytes, sqlite3_column_blob (stmt, 0), 16);
      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      isaf_stage_set_sqlite_error (database, error);
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&ids);
}

/* The position of the last top-level action of @group in the cycle, 0 when it has none. */
static gboolean
read_last_position (IsafDatabase   *database,
                    const IsafUuid *cycle_id,
                    const char     *group,
                    gint64         *position,
                    GError        **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "SELECT coalesce (max (position), 0) "
                                              "FROM jaap_action WHERE cycle_id = ?1 "
                                              "AND action_group = ?2 AND parent_id IS NULL "
                                              "AND deleted = 0",
                                              error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, cycle_id->bytes, 16, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, group, -1, SQLITE_STATIC);
  *position = 0;
  rc = isaf_stage_step_one (database, stmt, error);
  if (rc == SQLITE_ROW)
    *position = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return rc != 0;
}

/* A draft action made from @priority. Its key is the priority's, so that two laptops that
 * draft the plan from the same meeting make the same action, not two. */
static gboolean
write_action (IsafDatabase   *database,
              const IsafUuid *cycle_id,
              const char     *group,
              gint64          position,
              IsafRecord     *priority,
              GError        **error)
{
  g_autofree char *key = isaf_stage_key_of (isaf_record_get_id (priority), "jaap_action");
  g_autoptr(IsafRecord) action = isaf_record_new_keyed ("jaap_action", key);
  const IsafUuid *unit_id = isaf_record_get_reference (priority, "service_unit_id");
  const IsafUuid *indicator_id = isaf_record_get_reference (priority, "scorecard_indicator_id");

  isaf_record_set_reference (action, "cycle_id", cycle_id);
  isaf_record_set_text (action, "action_group", group);
  isaf_record_set_integer (action, "position", position);
  isaf_record_set_text (action, "activity", isaf_record_get_text (priority, "text"));
  if (unit_id != NULL)
    isaf_record_set_reference (action, "service_unit_id", unit_id);
  if (indicator_id != NULL)
    isaf_record_set_reference (action, "scorecard_indicator_id", indicator_id);
  isaf_record_set_reference (action, "priority_id", isaf_record_get_id (priority));
  isaf_record_set_text (action, "status", "not_started");
  return isaf_store_write_record (database, action, error);
}

static gboolean
write_jaap_actions (IsafDatabase   *database,
                    const IsafUuid *meeting_id,
                    const char     *group,
                    guint          *n_created,
                    GError        **error)
{
  g_autoptr(IsafRecord) meeting = NULL;
  g_autoptr(GArray) priorities = NULL;
  g_autoptr(GError) local_error = NULL;
  const IsafUuid *cycle_id;
  guint n_selected;
  gint64 position;

  meeting = isaf_store_read_record (database, "interface_meeting", meeting_id, &local_error);
  if (meeting == NULL && !g_error_matches (local_error, ISAF_DATABASE_ERROR,
                                           ISAF_DATABASE_ERROR_NOT_FOUND_ROW))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (meeting == NULL || isaf_record_get_deleted (meeting))
    {
      g_set_error_literal (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_NOT_FOUND_ROW,
                           _("The interface meeting is no longer recorded. It may have been "
                             "deleted."));
      return FALSE;
    }
  cycle_id = isaf_record_get_reference (meeting, "cycle_id");

  priorities = read_priorities_without_action (database, meeting_id, &n_selected, error);
  if (priorities == NULL)
    return FALSE;
  if (n_selected == 0)
    {
      g_set_error_literal (error, ISAF_INTERFACE_ERROR, ISAF_INTERFACE_ERROR_NOTHING_SELECTED,
                           _("No priority of this meeting is selected. Select the priorities "
                             "the meeting agreed on, then draft the JAAP actions again."));
      return FALSE;
    }

  if (!read_last_position (database, cycle_id, group, &position, error))
    return FALSE;

  for (guint i = 0; i < priorities->len; i++)
    {
      g_autoptr(IsafRecord) priority = isaf_store_read_record (database, "interface_priority",
                                                               &g_array_index (priorities,
                                                                               IsafUuid, i),
                                                               error);

      if (priority == NULL
          || !write_action (database, cycle_id, group, ++position, priority, error))
        return FALSE;
    }

  *n_created = priorities->len;
  return TRUE;
}

/* Jobs ----------------------------------------------------------------------------------- */

typedef struct {
  IsafUuid meeting_id;
  char *action_group;
  guint n_created;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->action_group);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static Job *
job_new (const IsafUuid *meeting_id,
         const char     *action_group)
{
  Job *job = g_new0 (Job, 1);

  job->meeting_id = *meeting_id;
  job->action_group = g_strdup (action_group);
  return job;
}

static gboolean
jaap_job (IsafDatabase *database,
          gpointer      data,
          GError      **error)
{
  Job *job = data;

  return write_jaap_actions (database, &job->meeting_id, job->action_group, &job->n_created,
                             error);
}

/* Checked before the job runs: a group that is neither ក nor ខ opens no transaction. */
static gboolean
check_action_group (const char  *action_group,
                    GError     **error)
{
  if (g_strcmp0 (action_group, "ka") != 0 && g_strcmp0 (action_group, "kha") != 0)
    {
      g_set_error_literal (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_INVALID_CHOICE,
                           _("Choose the group of the JAAP actions: ក, actions that need "
                             "outside resources, or ខ, actions the providers and the community "
                             "take themselves."));
      return FALSE;
    }
  return TRUE;
}

gboolean
isaf_interface_make_jaap_actions (IsafStore       *store,
                                  const IsafUuid  *meeting_id,
                                  const char      *action_group,
                                  guint           *n_created,
                                  GError         **error)
{
  g_autoptr(Job) job = NULL;

  g_return_val_if_fail (ISAF_IS_STORE (store), FALSE);
  g_return_val_if_fail (meeting_id != NULL, FALSE);

  if (n_created != NULL)
    *n_created = 0;

  if (!check_action_group (action_group, error))
    return FALSE;

  job = job_new (meeting_id, action_group);
  if (!isaf_database_run (isaf_store_get_database (store), ISAF_DATABASE_WRITE, jaap_job, job,
                          error))
    return FALSE;

  if (n_created != NULL)
    *n_created = job->n_created;
  return TRUE;
}

static void
on_jaap_done_cb (GObject      *source,
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

/**
 * isaf_interface_make_jaap_actions_async:
 * @store: the store
 * @meeting_id: a saved interface meeting
 * @action_group: "ka" or "kha"; copied
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the caller's main context
 * @user_data: for @callback
 *
 * Drafts the JAAP actions as isaf_interface_make_jaap_actions() does, without blocking.
 */
void
isaf_interface_make_jaap_actions_async (IsafStore           *store,
                                        const IsafUuid      *meeting_id,
                                        const char          *action_group,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  Job *job;

  g_return_if_fail (ISAF_IS_STORE (store));
  g_return_if_fail (meeting_id != NULL);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, isaf_interface_make_jaap_actions_async);
  if (!check_action_group (action_group, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  job = job_new (meeting_id, action_group);
  /* The task keeps the job alive; the database runs it and leaves it to the task. */
  g_task_set_task_data (task, job, job_free);
  isaf_database_run_async (isaf_store_get_database (store), ISAF_DATABASE_WRITE, jaap_job, job,
                           NULL, cancellable, on_jaap_done_cb, g_steal_pointer (&task));
}

/**
 * isaf_interface_make_jaap_actions_finish:
 * @store: the store
 * @result: the result given to the callback
 * @n_created: (out) (optional): how many actions were drafted; 0 on error
 * @error: why none were
 *
 * Returns: %TRUE when every action was drafted, %FALSE when none was
 */
gboolean
isaf_interface_make_jaap_actions_finish (IsafStore     *store,
                                         GAsyncResult  *result,
                                         guint         *n_created,
                                         GError       **error)
{
  Job *job;

  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);

  if (n_created != NULL)
    *n_created = 0;
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  job = g_task_get_task_data (G_TASK (result));
  if (n_created != NULL)
    *n_created = job->n_created;
  return TRUE;
}
