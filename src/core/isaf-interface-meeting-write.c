/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-interface"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "isaf-error.h"
#include "isaf-interface-meeting-private.h"
#include "isaf-stage-rows.h"

/* Writing an interface meeting on the database thread, inside the transaction of one save
 * (isaf-interface-meeting.c): the year's cycle is found, or made when the year has none;
 * every rule is checked (isaf-interface-meeting-rules.c) before anything is written; then
 * each table is brought in line with the meeting in memory, writing only what changed and
 * marking as deleted the rows it no longer holds. Link and attendance rows have natural keys
 * ("<meeting>/<unit>", "<meeting>/<category>"), as the demo's do, so that two laptops
 * recording the same fact make the same row. */

/* Rows ----------------------------------------------------------------------------------- */

static gboolean
has_priority (IsafInterfaceMeeting *meeting,
              const IsafUuid       *id)
{
  for (guint i = 0; i < meeting->priorities->len; i++)
    if (isaf_uuid_equal (isaf_record_get_id (g_ptr_array_index (meeting->priorities, i)), id))
      return TRUE;
  return FALSE;
}

/* The priorities of the meeting become exactly its list: the ones taken off are marked as
 * deleted (a JAAP action made from one keeps its link, to the tombstone). */
static gboolean
replace_priorities (IsafDatabase         *database,
                    IsafInterfaceMeeting *meeting,
                    GError              **error)
{
  g_autoptr(GPtrArray) rows = isaf_store_read_list (database, "interface_priority", "meeting_id",
                                                    isaf_record_get_id (meeting->record), error);

  if (rows == NULL)
    return FALSE;

  for (guint i = 0; i < rows->len; i++)
    {
      IsafRecord *row = g_ptr_array_index (rows, i);

      if (!has_priority (meeting, isaf_record_get_id (row))
          && !isaf_store_write_delete (database, isaf_record_get_table (row),
                                       isaf_record_get_id (row), NULL, error))
        return FALSE;
    }

  for (guint i = 0; i < meeting->priorities->len; i++)
    if (!isaf_store_write_record (database, g_ptr_array_index (meeting->priorities, i), error))
      return FALSE;
  return TRUE;
}

/* The meeting ---------------------------------------------------------------------------- */

/* Checks every rule, then writes the cycle (when the year has none), the meeting, its units,
 * attendance and priorities. Returning FALSE rolls the job's transaction back: nothing is left
 * half-saved. */
gboolean
isaf_interface_meeting_write (IsafDatabase         *database,
                              IsafInterfaceMeeting *meeting,
                              GError              **error)
{
  const char *commune_code = isaf_database_get_commune_code (database);
  const IsafUuid *meeting_id = isaf_record_get_id (meeting->record);
  const char *categories[ISAF_N_INTERFACE_ATTENDANCE];
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
  if (!isaf_interface_meeting_check_rules (database, meeting, commune_code, error))
    return FALSE;

  if (!cycle_exists && !isaf_stage_write_cycle (database, &cycle_id, meeting->year, error))
    return FALSE;

  for (IsafInterfaceAttendance i = 0; i < ISAF_N_INTERFACE_ATTENDANCE; i++)
    categories[i] = isaf_interface_attendance_get_category (i);
  return isaf_store_write_record (database, meeting->record, error)
         && isaf_stage_replace_links (database, "interface_meeting_unit", "meeting_id",
                                      meeting_id, "service_unit_id", meeting->units, error)
         && isaf_stage_replace_attendance (database, "interface_attendance", meeting_id,
                                           categories, meeting->attendance,
                                           ISAF_N_INTERFACE_ATTENDANCE, error)
         && replace_priorities (database, meeting, error);
}

