/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-jaapc"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "isaf-error.h"
#include "isaf-jaap-private.h"
#include "isaf-jaapc-meeting-private.h"
#include "isaf-stage-rows.h"
#include "isaf-validate.h"

/* Writing a JAAP Committee meeting on the database thread, inside the transaction of one save
 * (isaf-jaapc-meeting.c). Every rule is checked before anything is written: the meeting was
 * held (not in the future); everyone recorded present was a member of the committee on the
 * day; each progress is valid and belongs to an action of the plan the meeting follows. Then
 * the meeting, its attendance and its progress rows are written, and each progress that
 * changes its action's status becomes the action's status, dated the day of the meeting. */

/* Rules -------------------------------------------------------------------------------------- */

static gboolean
check_date (const char *held_on,
            GError    **error)
{
  g_autofree char *today = isaf_jaap_dup_today ();

  /* Validated already: required, and an ISO date, which sorts as text. */
  if (strcmp (held_on, today) > 0)
    {
      g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_IN_FUTURE,
                   _("The date of the committee meeting, %s, is in the future. Record the "
                     "meeting once it has been held."),
                   held_on);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_members (IsafDatabase     *database,
               IsafJaapcMeeting *meeting,
               const char       *held_on,
               GError          **error)
{
  for (guint i = 0; i < meeting->members->len; i++)
    {
      g_autoptr(IsafRecord) member = NULL;

      if (!isaf_stage_read_live_row (database, "jaapc_member",
                                     &g_array_index (meeting->members, IsafUuid, i), &member,
                                     error))
        return FALSE;
      if (member == NULL)
        {
          g_set_error_literal (error, ISAF_JAAP_ERROR, ISAF_JAAP_ERROR_NOT_MEMBER,
                               _("Someone recorded present is not in the JAAP Committee’s "
                                 "register. Add them to the register on the Commune page "
                                 "first, or remove them from those present."));
          return FALSE;
        }
      if (!isaf_jaapc_member_was_member_on (member, held_on))
        {
          g_set_error (error, ISAF_JAAP_ERROR, ISAF_JAAP_ERROR_NOT_MEMBER,
                       _("%s was not a member of the JAAP Committee on %s. Remove them from "
                         "those present, or correct the dates of their membership on the "
                         "Commune page."),
                       isaf_record_get_text (member, "name_km"), held_on);
          return FALSE;
        }
    }
  return TRUE;
}

/* The year of the plan @action belongs to, or 0 when its cycle is gone. */
static gboolean
read_action_year (IsafDatabase *database,
                  IsafRecord   *action,
                  int          *year,
                  GError      **error)
{
  g_autoptr(IsafRecord) cycle = NULL;

  if (!isaf_stage_read_live_row (database, "cycle",
                                 isaf_record_get_reference (action, "cycle_id"), &cycle, error))
    return FALSE;
  *year = cycle ? (int) isaf_record_get_integer (cycle, "year") : 0;
  return TRUE;
}

static gboolean
check_progress (IsafDatabase     *database,
                IsafJaapcMeeting *meeting,
                const char       *commune_code,
                GError          **error)
{
  for (guint i = 0; i < meeting->progress->len; i++)
    {
      IsafRecord *progress = g_ptr_array_index (meeting->progress, i);
      g_autoptr(IsafRecord) action = NULL;
      int year;

      isaf_stage_set_reference_if_changed (progress, "meeting_id",
                                           isaf_record_get_id (meeting->record));
      if (!isaf_validate_record (progress, commune_code, error))
        return FALSE;

      action = isaf_stage_require_live_row (database, "jaap_action",
                                            isaf_record_get_reference (progress, "action_id"),
                                            ISAF_JAAP_ERROR, ISAF_JAAP_ERROR_NO_ACTION,
                                            _("Progress was recorded for an action that is no "
                                              "longer in the plan. Remove it from the "
                                              "meeting."),
                                            error);
      if (action == NULL || !read_action_year (database, action, &year, error))
        return FALSE;
      if (year != meeting->year)
        {
          g_set_error (error, ISAF_JAAP_ERROR, ISAF_JAAP_ERROR_OTHER_YEAR,
                       _("“%s” is in the plan of %d, and this meeting follows the plan of %d. "
                         "Record its progress at a meeting that follows the plan of %d."),
                       isaf_record_get_text (action, "activity"), year, meeting->year, year);
          return FALSE;
        }
    }
  return TRUE;
}

/* Writing ------------------------------------------------------------------------------------ */

static gboolean
has_progress_row (IsafJaapcMeeting *meeting,
                  const IsafUuid   *id)
{
  for (guint i = 0; i < meeting->progress->len; i++)
    if (isaf_uuid_equal (isaf_record_get_id (g_ptr_array_index (meeting->progress, i)), id))
      return TRUE;
  return FALSE;
}

static gboolean
replace_progress (IsafDatabase     *database,
                  IsafJaapcMeeting *meeting,
                  GError          **error)
{
  g_autoptr(GPtrArray) rows = isaf_store_read_list (database, "jaap_progress", "meeting_id",
                                                    isaf_record_get_id (meeting->record), error);

  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      IsafRecord *row = g_ptr_array_index (rows, i);

      if (!has_progress_row (meeting, isaf_record_get_id (row))
          && !isaf_store_write_delete (database, isaf_record_get_table (row),
                                       isaf_record_get_id (row), NULL, error))
        return FALSE;
    }
  for (guint i = 0; i < meeting->progress->len; i++)
    if (!isaf_store_write_record (database, g_ptr_array_index (meeting->progress, i), error))
      return FALSE;
  return TRUE;
}

/* Whether the action's status changed after @day: then a meeting of that day, entered late,
 * does not overrule the newer status. */
static gboolean
changed_after (IsafDatabase   *database,
               const IsafUuid *action_id,
               const char     *day,
               gboolean       *later,
               GError        **error)
{
  g_autoptr(GPtrArray) history = isaf_jaap_read_history (database, action_id, error);
  IsafRecord *last;

  if (history == NULL)
    return FALSE;
  last = history->len ? g_ptr_array_index (history, history->len - 1) : NULL;
  *later = last && strcmp (isaf_record_get_text (last, "changed_on"), day) > 0;
  return TRUE;
}

/* The action takes the status the committee recorded; when it is completed and has no actual
 * cost yet, the cost spent so far becomes it. */
static gboolean
apply_progress (IsafDatabase *database,
                IsafRecord   *progress,
                const char   *held_on,
                GError      **error)
{
  const IsafUuid *action_id = isaf_record_get_reference (progress, "action_id");
  const char *status = isaf_record_get_text (progress, "status");
  g_autoptr(IsafRecord) action = isaf_store_read_record (database, "jaap_action", action_id,
                                                         error);
  gboolean later;

  if (action == NULL)
    return FALSE;
  if (g_strcmp0 (isaf_record_get_text (action, "status"), status) == 0)
    return TRUE;
  if (!changed_after (database, action_id, held_on, &later, error))
    return FALSE;
  if (later)
    return TRUE;

  isaf_record_set_text (action, "status", status);
  if (g_str_equal (status, "completed") && isaf_record_is_null (action, "actual_cost_riel")
      && !isaf_record_is_null (progress, "cost_spent_riel"))
    isaf_record_set_integer (action, "actual_cost_riel",
                             isaf_record_get_integer (progress, "cost_spent_riel"));
  return isaf_store_write_record (database, action, error)
         && isaf_jaap_write_status_change (database, action_id, status, held_on,
                                           isaf_record_get_text (progress, "note"), error);
}

/* Checks every rule, then writes the cycle (when the year has none), the meeting, who came,
 * the progress of each action and the statuses it changes. Returning FALSE rolls the job's
 * transaction back: nothing is left half-saved. */
gboolean
isaf_jaapc_meeting_write (IsafDatabase     *database,
                          IsafJaapcMeeting *meeting,
                          GError          **error)
{
  const char *commune_code = isaf_database_get_commune_code (database);
  const IsafUuid *meeting_id = isaf_record_get_id (meeting->record);
  const char *held_on;
  IsafUuid cycle_id;
  gboolean cycle_exists;

  if (commune_code == NULL)
    {
      g_set_error_literal (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_NO_COMMUNE,
                           _("This database has no commune yet. Choose the commune first."));
      return FALSE;
    }

  if (!isaf_stage_find_cycle (database, commune_code, meeting->year,
                              isaf_record_get_reference (meeting->record, "cycle_id"),
                              &cycle_id, &cycle_exists, error))
    return FALSE;
  isaf_stage_set_reference_if_changed (meeting->record, "cycle_id", &cycle_id);

  if (!isaf_validate_record (meeting->record, commune_code, error))
    return FALSE;
  held_on = isaf_record_get_text (meeting->record, "held_on");
  if (!check_date (held_on, error)
      || !check_members (database, meeting, held_on, error)
      || !check_progress (database, meeting, commune_code, error))
    return FALSE;

  if (!cycle_exists && !isaf_stage_write_cycle (database, &cycle_id, meeting->year, error))
    return FALSE;
  if (!isaf_store_write_record (database, meeting->record, error)
      || !isaf_stage_replace_links (database, "jaapc_attendance", "meeting_id", meeting_id,
                                    "member_id", meeting->members, error)
      || !replace_progress (database, meeting, error))
    return FALSE;

  for (guint i = 0; i < meeting->progress->len; i++)
    if (!apply_progress (database, g_ptr_array_index (meeting->progress, i), held_on, error))
      return FALSE;
  return TRUE;
}
