/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-jaapc"

#include "config.h"

#include <string.h>

#include "isaf-jaapc-meeting-private.h"
#include "isaf-stage-rows.h"

/* Reading the JAAP Committee meetings that follow the plan of a cycle year, each complete: its
 * row, the members present and the progress of each action reviewed. */

/* Collects the ids a statement selects in its first column, then resets it. */
static GArray *
collect_ids (IsafDatabase *database,
             sqlite3_stmt *stmt,
             GError      **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (IsafUuid));
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      IsafUuid id;

      memcpy (id.bytes, sqlite3_column_blob (stmt, 0), 16);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      isaf_stage_set_sqlite_error (database, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

static IsafJaapcMeeting *
read_meeting (IsafDatabase   *database,
              int             year,
              const IsafUuid *id,
              GError        **error)
{
  sqlite3_stmt *members_stmt = isaf_database_prepare (database,
                                                      "SELECT member_id FROM jaapc_attendance "
                                                      "WHERE meeting_id = ?1 AND deleted = 0 "
                                                      "ORDER BY id",
                                                      error);
  g_autoptr(IsafRecord) record = NULL;
  g_autoptr(IsafJaapcMeeting) meeting = NULL;
  g_autoptr(GArray) members = NULL;
  g_autoptr(GPtrArray) progress = NULL;

  if (members_stmt == NULL)
    return NULL;
  record = isaf_store_read_record (database, "jaapc_meeting", id, error);
  if (record == NULL)
    return NULL;
  meeting = isaf_jaapc_meeting_new (year, record);

  sqlite3_bind_blob (members_stmt, 1, id->bytes, 16, SQLITE_STATIC);
  members = collect_ids (database, members_stmt, error);
  if (members == NULL)
    return NULL;
  for (guint i = 0; i < members->len; i++)
    if (!isaf_stage_contains_id (meeting->members, &g_array_index (members, IsafUuid, i)))
      g_array_append_val (meeting->members, g_array_index (members, IsafUuid, i));

  progress = isaf_store_read_list (database, "jaap_progress", "meeting_id", id, error);
  if (progress == NULL)
    return NULL;
  g_ptr_array_extend_and_steal (meeting->progress, g_steal_pointer (&progress));
  return g_steal_pointer (&meeting);
}

/* The meetings following the plan of @year, by date, as IsafJaapcMeeting. */
GPtrArray *
isaf_jaapc_meeting_read_year (IsafDatabase *database,
                              int           year,
                              GError      **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "SELECT m.id FROM jaapc_meeting m "
                                              "JOIN cycle c ON c.id = m.cycle_id "
                                              "WHERE c.year = ?1 AND c.deleted = 0 "
                                              "AND m.deleted = 0 ORDER BY m.held_on, m.id",
                                              error);
  g_autoptr(GPtrArray) meetings = g_ptr_array_new_with_free_func ((GDestroyNotify) isaf_jaapc_meeting_unref);
  g_autoptr(GArray) ids = NULL;

  if (stmt == NULL)
    return NULL;

  /* Collected first: reading each meeting uses other statements. */
  sqlite3_bind_int (stmt, 1, year);
  ids = collect_ids (database, stmt, error);
  if (ids == NULL)
    return NULL;
  for (guint i = 0; i < ids->len; i++)
    {
      IsafJaapcMeeting *meeting = read_meeting (database, year,
                                                &g_array_index (ids, IsafUuid, i), error);

      if (meeting == NULL)
        return NULL;
      g_ptr_array_add (meetings, meeting);
    }
  return g_steal_pointer (&meetings);
}
