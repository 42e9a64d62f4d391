/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-interface"

#include "config.h"

#include <string.h>

#include "isaf-interface-report.h"

/* The interface meetings of a year as the comparison sheets show them: each meeting, and for
 * each unit it covered, that unit's citizens' and provider's medians side by side
 * (isaf_interface_compare()), with the unit's code and names. */

#define UNIT_SQL "SELECT code, kind, name_km, name_en FROM service_unit WHERE id = ?1"

IsafInterfaceReport *
isaf_interface_report_new (int         year,
                           const char *commune_code)
{
  IsafInterfaceReport *report = g_new0 (IsafInterfaceReport, 1);

  report->year = year;
  report->commune_code = g_strdup (commune_code);
  report->meetings =
    g_ptr_array_new_with_free_func ((GDestroyNotify) isaf_interface_report_meeting_free);
  return report;
}

void
isaf_interface_report_free (IsafInterfaceReport *report)
{
  if (report == NULL)
    return;
  g_free (report->commune_code);
  g_ptr_array_unref (report->meetings);
  g_free (report);
}

IsafInterfaceReportMeeting *
isaf_interface_report_meeting_new (IsafInterfaceMeeting *meeting)
{
  IsafInterfaceReportMeeting *entry = g_new0 (IsafInterfaceReportMeeting, 1);

  entry->meeting = isaf_interface_meeting_ref (meeting);
  entry->units = g_ptr_array_new_with_free_func ((GDestroyNotify) isaf_interface_report_unit_free);
  return entry;
}

void
isaf_interface_report_meeting_free (IsafInterfaceReportMeeting *meeting)
{
  if (meeting == NULL)
    return;
  isaf_interface_meeting_unref (meeting->meeting);
  g_ptr_array_unref (meeting->units);
  g_free (meeting);
}

IsafInterfaceReportUnit *
isaf_interface_report_unit_new (const IsafUuid *id)
{
  IsafInterfaceReportUnit *unit = g_new0 (IsafInterfaceReportUnit, 1);

  unit->id = *id;
  unit->comparisons =
    g_ptr_array_new_with_free_func ((GDestroyNotify) isaf_interface_comparison_free);
  return unit;
}

void
isaf_interface_report_unit_free (IsafInterfaceReportUnit *unit)
{
  if (unit == NULL)
    return;
  g_free (unit->code);
  g_free (unit->kind);
  g_free (unit->name_km);
  g_free (unit->name_en);
  g_ptr_array_unref (unit->comparisons);
  g_free (unit);
}

/* Fills in the code and names of every unit of every meeting, on the database thread. */
static gboolean
name_units_job (IsafDatabase *database,
                gpointer      data,
                GError      **error)
{
  IsafInterfaceReport *report = data;
  sqlite3_stmt *stmt = isaf_database_prepare (database, UNIT_SQL, error);

  if (stmt == NULL)
    return FALSE;

  for (guint m = 0; m < report->meetings->len; m++)
    {
      IsafInterfaceReportMeeting *meeting = g_ptr_array_index (report->meetings, m);

      for (guint u = 0; u < meeting->units->len; u++)
        {
          IsafInterfaceReportUnit *unit = g_ptr_array_index (meeting->units, u);
          int rc;

          sqlite3_bind_blob (stmt, 1, unit->id.bytes, 16, SQLITE_STATIC);
          rc = sqlite3_step (stmt);
          if (rc == SQLITE_ROW)
            {
              unit->code = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
              unit->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
              unit->name_km = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
              unit->name_en = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
            }
          sqlite3_reset (stmt);
          if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            {
              isaf_database_set_error (database, rc, error);
              return FALSE;
            }
        }
    }
  return TRUE;
}

/* The meeting's units, each with its own indicators from @comparisons. */
static IsafInterfaceReportMeeting *
group_by_unit (IsafInterfaceMeeting *meeting,
               GPtrArray            *comparisons)
{
  IsafInterfaceReportMeeting *entry = isaf_interface_report_meeting_new (meeting);

  for (guint u = 0; u < meeting->units->len; u++)
    {
      const IsafUuid *id = &g_array_index (meeting->units, IsafUuid, u);
      IsafInterfaceReportUnit *unit;
      gboolean repeated = FALSE;

      for (guint v = 0; v < entry->units->len && !repeated; v++)
        repeated = isaf_uuid_equal (&((IsafInterfaceReportUnit *) entry->units->pdata[v])->id, id);
      if (repeated)
        continue;

      unit = isaf_interface_report_unit_new (id);
      for (guint i = 0; i < comparisons->len; i++)
        {
          IsafInterfaceComparison *comparison = g_ptr_array_index (comparisons, i);

          if (comparison != NULL && isaf_uuid_equal (&comparison->unit_id, id))
            g_ptr_array_add (unit->comparisons, g_steal_pointer (&comparisons->pdata[i]));
        }
      g_ptr_array_add (entry->units, unit);
    }
  return entry;
}

/**
 * isaf_interface_report_load:
 * @database: an open database (not on its thread)
 * @year: a cycle year
 * @error: return location for an %ISAF_DATABASE_ERROR
 *
 * Returns: (transfer full) (nullable): the interface meetings of @year, none when it has none
 */
IsafInterfaceReport *
isaf_interface_report_load (IsafDatabase  *database,
                            int            year,
                            GError       **error)
{
  g_autoptr(IsafStore) store = NULL;
  g_autoptr(GPtrArray) meetings = NULL;
  g_autoptr(IsafInterfaceReport) report = NULL;
  g_autofree char *commune_code = NULL;

  g_return_val_if_fail (ISAF_IS_DATABASE (database), NULL);

  store = isaf_store_new (database);
  meetings = isaf_interface_meeting_list (store, year, error);
  if (meetings == NULL)
    return NULL;

  commune_code = isaf_database_dup_commune_code (database);
  report = isaf_interface_report_new (year, commune_code);
  for (guint m = 0; m < meetings->len; m++)
    {
      IsafInterfaceMeeting *meeting = g_ptr_array_index (meetings, m);
      g_autoptr(GPtrArray) comparisons = isaf_interface_compare (database, year, meeting->units,
                                                                 error);

      if (comparisons == NULL)
        return NULL;
      /* Stolen one by one into their units; the array frees what no unit took. */
      g_ptr_array_add (report->meetings, group_by_unit (meeting, comparisons));
    }

  if (!isaf_database_run (database, ISAF_DATABASE_READ, name_units_job, report, error))
    return NULL;
  return g_steal_pointer (&report);
}
