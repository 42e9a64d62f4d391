/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-interface"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "isaf-error.h"
#include "isaf-interface-meeting-private.h"
#include "isaf-stage-rows.h"
#include "isaf-validate.h"

/* The rules of an interface meeting, checked on the database thread inside the transaction
 * that writes it (isaf-interface-meeting-write.c), after the meeting's cycle is found: the
 * meeting's own fields are valid and it was held, not in the future; it covered at least one
 * unit, each still in the registry; no count of attendance is negative or too large; every
 * priority is valid, its votes not negative, its unit one the meeting covered (or none, for
 * the commune as a whole) and its indicator, when it answers one, in a scorecard of the year
 * of that unit. Each message says what to fix, and which priority. */

/* How messages quote a priority: its text, cut short. */
#define PRIORITY_QUOTE_CHARS 60

/* A priority as messages quote it: long texts are cut, the reader recognises the start. */
static char *
dup_priority_quote (IsafRecord *priority)
{
  const char *text = isaf_record_get_text (priority, "text");
  g_autofree char *start = NULL;

  if (text == NULL)
    return g_strdup ("");
  if (g_utf8_strlen (text, -1) <= PRIORITY_QUOTE_CHARS)
    return g_strdup (text);
  start = g_utf8_substring (text, 0, PRIORITY_QUOTE_CHARS);
  return g_strconcat (start, "…", NULL);
}

static gboolean
check_date (IsafRecord *record,
            GError    **error)
{
  const char *held_on = isaf_record_get_text (record, "held_on");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  /* Validated already: required, and an ISO date, which sorts as text. */
  if (strcmp (held_on, today) > 0)
    {
      g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_IN_FUTURE,
                   _("The date of the interface meeting, %s, is in the future. Record the "
                     "meeting once it has been held."),
                   held_on);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_attendance (IsafInterfaceMeeting *meeting,
                  GError              **error)
{
  for (IsafInterfaceAttendance i = 0; i < ISAF_N_INTERFACE_ATTENDANCE; i++)
    {
      gint64 count = meeting->attendance[i];

      if (count == ISAF_ATTENDANCE_NOT_COUNTED)
        continue;
      if (count < 0)
        {
          g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_NEGATIVE,
                       _("%s cannot be negative. Enter 0 or more."),
                       isaf_interface_attendance_get_label (i));
          return FALSE;
        }
      if (count > G_MAXINT32)
        {
          g_autofree char *high = g_strdup_printf ("%d", G_MAXINT32);

          g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_OUT_OF_RANGE,
                       _("%s must be between %s and %s."),
                       isaf_interface_attendance_get_label (i), "0", high);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
check_units (IsafDatabase         *database,
             IsafInterfaceMeeting *meeting,
             GError              **error)
{
  if (meeting->units->len == 0)
    {
      g_set_error_literal (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_REQUIRED,
                           _("Choose at least one service unit whose scores the meeting "
                             "discussed."));
      return FALSE;
    }

  for (guint i = 0; i < meeting->units->len; i++)
    {
      g_autoptr(IsafRecord) unit = NULL;

      unit = isaf_stage_require_live_row (database, "service_unit",
                                          &g_array_index (meeting->units, IsafUuid, i),
                                          ISAF_INTERFACE_ERROR, ISAF_INTERFACE_ERROR_NO_UNIT,
                                          _("A service unit chosen for the interface meeting is "
                                            "no longer in the register. Choose the units "
                                            "again."),
                                          error);
      if (unit == NULL)
        return FALSE;
    }
  return TRUE;
}

/* The indicator a priority answers is in a scorecard of the year, of the priority's unit; a
 * priority that names no unit is for the indicator's. */
static gboolean
check_priority_indicator (IsafDatabase         *database,
                          IsafInterfaceMeeting *meeting,
                          IsafRecord           *priority,
                          GError              **error)
{
  const IsafUuid *indicator_id = isaf_record_get_reference (priority, "scorecard_indicator_id");
  const IsafUuid *unit_id = isaf_record_get_reference (priority, "service_unit_id");
  sqlite3_stmt *stmt;
  IsafUuid scored_unit;
  int rc;

  if (indicator_id == NULL)
    return TRUE;

  stmt = isaf_database_prepare (database,
                                "SELECT s.service_unit_id FROM scorecard_indicator i "
                                "JOIN scorecard s ON s.id = i.scorecard_id "
                                "JOIN cycle c ON c.id = s.cycle_id "
                                "WHERE i.id = ?1 AND i.deleted = 0 AND s.deleted = 0 "
                                "AND c.deleted = 0 AND c.year = ?2",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, indicator_id->bytes, 16, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, meeting->year);
  rc = isaf_stage_step_id (database, stmt, &scored_unit, error);
  if (rc == 0)
    return FALSE;

  if (rc == SQLITE_DONE || (unit_id != NULL && !isaf_uuid_equal (unit_id, &scored_unit)))
    {
      g_autofree char *quote = dup_priority_quote (priority);

      g_set_error (error, ISAF_INTERFACE_ERROR, ISAF_INTERFACE_ERROR_NO_UNIT,
                   _("The indicator chosen for the priority “%1$s” is not in any %2$d "
                     "scorecard of its service unit. Choose the indicator again."),
                   quote, meeting->year);
      return FALSE;
    }

  if (unit_id == NULL)
    isaf_record_set_reference (priority, "service_unit_id", &scored_unit);
  return TRUE;
}

static gboolean
check_priority_unit (IsafDatabase         *database,
                     IsafInterfaceMeeting *meeting,
                     IsafRecord           *priority,
                     GError              **error)
{
  const IsafUuid *unit_id = isaf_record_get_reference (priority, "service_unit_id");
  g_autofree char *quote = NULL;
  g_autofree char *missing = NULL;
  g_autoptr(IsafRecord) unit = NULL;

  /* A priority for the commune as a whole names no unit. */
  if (unit_id == NULL || isaf_stage_contains_id (meeting->units, unit_id))
    return TRUE;

  quote = dup_priority_quote (priority);
  missing = g_strdup_printf (_("The service unit of the priority “%s” is no longer in the "
                               "register. Choose its unit again."),
                             quote);
  unit = isaf_stage_require_live_row (database, "service_unit", unit_id, ISAF_INTERFACE_ERROR,
                                      ISAF_INTERFACE_ERROR_NO_UNIT, missing, error);
  if (unit == NULL)
    return FALSE;

  g_set_error (error, ISAF_INTERFACE_ERROR, ISAF_INTERFACE_ERROR_UNIT_NOT_COVERED,
               _("The priority “%1$s” is for %2$s, which this meeting did not cover. Add the "
                 "unit to the meeting, or choose one of its units for the priority."),
               quote, isaf_record_get_text (unit, "name_km"));
  return FALSE;
}

static gboolean
check_priorities (IsafDatabase         *database,
                  IsafInterfaceMeeting *meeting,
                  const char           *commune_code,
                  GError              **error)
{
  const IsafUuid *meeting_id = isaf_record_get_id (meeting->record);

  for (guint i = 0; i < meeting->priorities->len; i++)
    {
      IsafRecord *priority = g_ptr_array_index (meeting->priorities, i);

      /* Before the generic check, so that the message says which priority. */
      if (isaf_record_get_integer (priority, "votes") < 0)
        {
          g_autofree char *quote = dup_priority_quote (priority);

          g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_NEGATIVE,
                       _("The votes for the priority “%s” cannot be negative. Enter 0 or "
                         "more."),
                       quote);
          return FALSE;
        }

      isaf_stage_set_reference_if_changed (priority, "meeting_id", meeting_id);
      if (!isaf_validate_record (priority, commune_code, error)
          || !check_priority_indicator (database, meeting, priority, error)
          || !check_priority_unit (database, meeting, priority, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
isaf_interface_meeting_check_rules (IsafDatabase         *database,
                                    IsafInterfaceMeeting *meeting,
                                    const char           *commune_code,
                                    GError              **error)
{
  return isaf_validate_record (meeting->record, commune_code, error)
         && check_date (meeting->record, error)
         && check_units (database, meeting, error)
         && check_attendance (meeting, error)
         && check_priorities (database, meeting, commune_code, error);
}
