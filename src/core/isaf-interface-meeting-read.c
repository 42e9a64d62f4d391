/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-interface"

#include "config.h"

#include <string.h>

#include "isaf-interface-meeting-private.h"
#include "isaf-stage-rows.h"

/* Reading the interface meetings of a cycle year on the database thread, each complete: its
 * row, the units it covered, its attendance and its priorities. */

/* The units the meeting covered, in the registry's order: by kind (the commune office, the
 * health centre, health posts, schools), then code. */
static gboolean
read_units (IsafDatabase   *database,
            const IsafUuid *meeting_id,
            GArray         *units,
            GError        **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "SELECT l.service_unit_id "
                                              "FROM interface_meeting_unit l "
                                              "JOIN service_unit u ON u.id = l.service_unit_id "
                                              "WHERE l.meeting_id = ?1 AND l.deleted = 0 "
                                              "ORDER BY u.kind, u.code, u.id",
                                              error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_blob (stmt, 1, meeting_id->bytes, 16, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      IsafUuid unit;

      memcpy (unit.bytes, sqlite3_column_blob (stmt, 0), 16);
      if (!isaf_stage_contains_id (units, &unit))
        g_array_append_val (units, unit);
    }
  if (rc != SQLITE_DONE)
    isaf_stage_set_sqlite_error (database, error);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE;
}

static IsafInterfaceMeeting *
read_meeting (IsafDatabase   *database,
              int             year,
              const IsafUuid *id,
              GError        **error)
{
  g_autoptr(IsafRecord) record = isaf_store_read_record (database, "interface_meeting", id,
                                                         error);
  g_autoptr(IsafInterfaceMeeting) meeting = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) priorities = NULL;

  if (record == NULL)
    return NULL;

  meeting = isaf_interface_meeting_new (year, record);

  if (!read_units (database, id, meeting->units, error))
    return NULL;

  rows = isaf_store_read_list (database, "interface_attendance", "meeting_id", id, error);
  if (rows == NULL)
    return NULL;
  for (guint i = 0; i < rows->len; i++)
    {
      IsafRecord *row = g_ptr_array_index (rows, i);
      const char *stored = isaf_record_get_text (row, "category");
      int category = isaf_interface_attendance_from_category (stored);

      if (category >= 0 && meeting->attendance[category] == ISAF_ATTENDANCE_NOT_COUNTED)
        meeting->attendance[category] = isaf_record_get_integer (row, "count");
    }

  /* In the order they were entered (their ids are time-ordered). */
  priorities = isaf_store_read_list (database, "interface_priority", "meeting_id", id, error);
  if (priorities == NULL)
    return NULL;
  for (guint i = 0; i < priorities->len; i++)
    g_ptr_array_add (meeting->priorities, g_object_ref (g_ptr_array_index (priorities, i)));

  return g_steal_pointer (&meeting);
}

/* The meetings of the cycle of @year, by date, as IsafInterfaceMeeting. */
GPtrArray *
isaf_interface_meeting_read_year (IsafDatabase *database,
                                  int           year,
                                  GError      **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "SELECT m.id FROM interface_meeting m "
                                              "JOIN cycle c ON c.id = m.cycle_id "
                                              "WHERE c.year = ?1 AND c.deleted = 0 "
                                              "AND m.deleted = 0 ORDER BY m.held_on, m.id",
                                              error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (IsafUuid));
  g_autoptr(GPtrArray) meetings = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;

  /* Collected first: reading each meeting uses other statements. */
  sqlite3_bind_int (stmt, 1, year);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      IsafUuid id;

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

  meetings = g_ptr_array_new_with_free_func ((GDestroyNotify) isaf_interface_meeting_unref);
  for (guint i = 0; i < ids->len; i++)
    {
      IsafInterfaceMeeting *meeting = read_meeting (database, year,
                                                    &g_array_index (ids, IsafUuid, i), error);

      if (meeting == NULL)
        return NULL;
      g_ptr_array_add (meetings, meeting);
    }
  return g_steal_pointer (&meetings);
}
