/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-jaap"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "isaf-error.h"
#include "isaf-jaap-private.h"
#include "isaf-stage-rows.h"
#include "isaf-validate.h"

/* Saving and moving one action of the plan on the database thread, inside the transaction of
 * one user action (isaf-jaap.c). The year's cycle is found, or made; the action's own fields
 * are validated (an end before the start, female beneficiaries above the total and negative
 * costs are refused there); then the rules that span rows: its parent is a live action of the
 * same plan and group, the tree stays at most ISAF_JAAP_MAX_DEPTH deep (its own sub-actions
 * counted), and the unit and indicator it names still exist. A change of status adds a row to
 * its history. */

/* How deep the recursive queries look: past any tree the rules allow, short of a loop. */
#define TREE_SEARCH_LIMIT 16

/* The tree ---------------------------------------------------------------------------------- */

/* How many levels the action @id and the actions above it take: 1 for an action at the top.
 * *@loops is TRUE when @id's parents lead back to @self (which is then placed under its own
 * sub-action). */
static gboolean
read_depth (IsafDatabase   *database,
            const IsafUuid *id,
            const IsafUuid *self,
            guint          *depth,
            gboolean       *loops,
            GError        **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "WITH RECURSIVE up (id, level) AS ("
                                              "  SELECT ?1, 1"
                                              "  UNION ALL"
                                              "  SELECT a.parent_id, up.level + 1"
                                              "  FROM jaap_action a JOIN up ON a.id = up.id"
                                              "  WHERE a.parent_id IS NOT NULL AND a.deleted = 0"
                                              "  AND up.level < ?3) "
                                              "SELECT max (level), sum (id = ?2) FROM up",
                                              error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_blob (stmt, 1, id->bytes, 16, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, self->bytes, 16, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, TREE_SEARCH_LIMIT);
  rc = isaf_stage_step_one (database, stmt, error);
  if (rc == SQLITE_ROW)
    {
      *depth = sqlite3_column_int (stmt, 0);
      *loops = sqlite3_column_int (stmt, 1) > 0;
    }
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW;
}

/* How many levels the live sub-actions of @id add below it: 0 when it has none. */
static gboolean
read_height (IsafDatabase   *database,
             const IsafUuid *id,
             guint          *height,
             GError        **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "WITH RECURSIVE down (id, level) AS ("
                                              "  SELECT ?1, 0"
                                              "  UNION ALL"
                                              "  SELECT a.id, down.level + 1"
                                              "  FROM jaap_action a JOIN down ON a.parent_id = down.id"
                                              "  WHERE a.deleted = 0 AND down.level < ?2) "
                                              "SELECT max (level) FROM down",
                                              error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_blob (stmt, 1, id->bytes, 16, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, TREE_SEARCH_LIMIT);
  rc = isaf_stage_step_one (database, stmt, error);
  if (rc == SQLITE_ROW)
    *height = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW;
}

/* The live sub-actions of @id, at every level below it. */
static GArray *
read_descendants (IsafDatabase   *database,
                  const IsafUuid *id,
                  GError        **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "WITH RECURSIVE down (id, level) AS ("
                                              "  SELECT ?1, 0"
                                              "  UNION ALL"
                                              "  SELECT a.id, down.level + 1"
                                              "  FROM jaap_action a JOIN down ON a.parent_id = down.id"
                                              "  WHERE a.deleted = 0 AND down.level < ?2) "
                                              "SELECT DISTINCT id FROM down WHERE level > 0",
                                              error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (IsafUuid));
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_blob (stmt, 1, id->bytes, 16, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, TREE_SEARCH_LIMIT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      IsafUuid child;

      memcpy (child.bytes, sqlite3_column_blob (stmt, 0), 16);
      g_array_append_val (ids, child);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      isaf_stage_set_sqlite_error (database, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

/* Rules ------------------------------------------------------------------------------------ */

static gboolean
check_parent (IsafDatabase *database,
              IsafRecord   *action,
              GError      **error)
{
  const IsafUuid *parent_id = isaf_record_get_reference (action, "parent_id");
  const IsafUuid *id = isaf_record_get_id (action);
  g_autoptr(IsafRecord) parent = NULL;
  guint parent_depth = 0, height = 0;
  gboolean loops = FALSE;
  const char *under_itself = _("An action cannot go under itself or one of its own "
                               "sub-actions. Choose an action outside it.");

  if (parent_id == NULL)
    return TRUE;

  if (isaf_uuid_equal (parent_id, id))
    {
      g_set_error_literal (error, ISAF_JAAP_ERROR, ISAF_JAAP_ERROR_NO_PARENT, under_itself);
      return FALSE;
    }
  if (!isaf_stage_read_live_row (database, "jaap_action", parent_id, &parent, error))
    return FALSE;
  if (parent == NULL
      || !isaf_uuid_equal (isaf_record_get_reference (parent, "cycle_id"),
                           isaf_record_get_reference (action, "cycle_id")))
    {
      g_set_error_literal (error, ISAF_JAAP_ERROR, ISAF_JAAP_ERROR_NO_PARENT,
                           _("The action this one belongs under is not in this year’s plan "
                             "any more. Choose another, or put the action at the top of its "
                             "group."));
      return FALSE;
    }
  if (g_strcmp0 (isaf_record_get_text (parent, "action_group"),
                 isaf_record_get_text (action, "action_group")) != 0)
    {
      const char *letter = isaf_jaap_group_letter (isaf_record_get_text (parent, "action_group"));

      g_set_error (error, ISAF_JAAP_ERROR, ISAF_JAAP_ERROR_OTHER_GROUP,
                   _("A sub-action must be in the same group as the action it belongs under, "
                     "group %s. Put it in group %s, or choose another action."),
                   letter, letter);
      return FALSE;
    }

  if (!read_depth (database, parent_id, id, &parent_depth, &loops, error)
      || !read_height (database, id, &height, error))
    return FALSE;
  if (loops)
    {
      g_set_error_literal (error, ISAF_JAAP_ERROR, ISAF_JAAP_ERROR_NO_PARENT, under_itself);
      return FALSE;
    }
  if (parent_depth + 1 + height > ISAF_JAAP_MAX_DEPTH)
    {
      g_set_error (error, ISAF_JAAP_ERROR, ISAF_JAAP_ERROR_TOO_DEEP,
                   _("The plan has at most %d levels: an action, its sub-actions and "
                     "theirs. Put this action one level higher."),
                   ISAF_JAAP_MAX_DEPTH);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_reference (IsafDatabase *database,
                 IsafRecord   *action,
                 const char   *column,
                 const char   *table,
                 const char   *missing,
                 GError      **error)
{
  const IsafUuid *id = isaf_record_get_reference (action, column);
  g_autoptr(IsafRecord) row = NULL;

  if (id == NULL)
    return TRUE;
  if (!isaf_stage_read_live_row (database, table, id, &row, error))
    return FALSE;
  if (row == NULL)
    {
      g_set_error_literal (error, ISAF_JAAP_ERROR, ISAF_JAAP_ERROR_NO_UNIT, missing);
      return FALSE;
    }
  return TRUE;
}

/* Writing ------------------------------------------------------------------------------------ */

gboolean
isaf_jaap_write_status_change (IsafDatabase   *database,
                               const IsafUuid *action_id,
                               const char     *status,
                               const char     *changed_on,
                               const char     *note,
                               GError        **error)
{
  g_autoptr(IsafRecord) change = isaf_record_new ("jaap_status_change");

  isaf_record_set_reference (change, "action_id", action_id);
  isaf_record_set_text (change, "status", status);
  isaf_record_set_text (change, "changed_on", changed_on);
  if (note != NULL && *note != '\0')
    isaf_record_set_text (change, "note", note);
  return isaf_store_write_record (database, change, error);
}

/* The position after the last of the action's siblings. */
static gboolean
read_next_position (IsafDatabase *database,
                    IsafRecord   *action,
                    gint64       *position,
                    GError      **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "SELECT coalesce (max (position), 0) + 1 "
                                              "FROM jaap_action WHERE cycle_id = ?1 "
                                              "AND action_group = ?2 AND parent_id IS ?3 "
                                              "AND deleted = 0",
                                              error);
  const IsafUuid *parent_id = isaf_record_get_reference (action, "parent_id");
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_blob (stmt, 1, isaf_record_get_reference (action, "cycle_id")->bytes, 16,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, isaf_record_get_text (action, "action_group"), -1, SQLITE_STATIC);
  if (parent_id)
    sqlite3_bind_blob (stmt, 3, parent_id->bytes, 16, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 3);
  rc = isaf_stage_step_one (database, stmt, error);
  if (rc == SQLITE_ROW)
    *position = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW;
}

/* Sub-actions follow their action into its new group. */
static gboolean
move_descendants_to_group (IsafDatabase   *database,
                           const IsafUuid *id,
                           const char     *group,
                           GError        **error)
{
  g_autoptr(GArray) descendants = read_descendants (database, id, error);

  if (descendants == NULL)
    return FALSE;
  for (guint i = 0; i < descendants->len; i++)
    {
      g_autoptr(IsafRecord) child = isaf_store_read_record (database, "jaap_action",
                                                            &g_array_index (descendants,
                                                                            IsafUuid, i),
                                                            error);

      if (child == NULL)
        return FALSE;
      isaf_record_set_text (child, "action_group", group);
      if (!isaf_store_write_record (database, child, error))
        return FALSE;
    }
  return TRUE;
}

/* Checks every rule, then writes the cycle (when the year has none), the action and, when its
 * status changed, its history. Returning FALSE rolls the job's transaction back. */
gboolean
isaf_jaap_write_action (IsafDatabase *database,
                        int           year,
                        IsafRecord   *action,
                        const char   *changed_on,
                        const char   *status_note,
                        GError      **error)
{
  const char *commune_code = isaf_database_get_commune_code (database);
  const IsafUuid *id = isaf_record_get_id (action);
  g_autoptr(IsafRecord) stored = NULL;
  const char *stored_status, *stored_group;
  IsafUuid cycle_id;
  gboolean cycle_exists;

  if (commune_code == NULL)
    {
      g_set_error_literal (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_NO_COMMUNE,
                           _("This database has no commune yet. Choose the commune first."));
      return FALSE;
    }

  if (!isaf_stage_read_live_row (database, "jaap_action", id, &stored, error))
    return FALSE;
  if (stored == NULL && isaf_record_is_stored (action))
    {
      g_set_error_literal (error, ISAF_JAAP_ERROR, ISAF_JAAP_ERROR_NO_ACTION,
                           _("This action has been deleted, perhaps on another computer. "
                             "Close it and add it again if it is still needed."));
      return FALSE;
    }

  if (!isaf_stage_find_cycle (database, commune_code, year,
                              isaf_record_get_reference (action, "cycle_id"), &cycle_id,
                              &cycle_exists, error))
    return FALSE;
  isaf_stage_set_reference_if_changed (action, "cycle_id", &cycle_id);

  if (!isaf_validate_record (action, commune_code, error)
      || !check_parent (database, action, error)
      || !check_reference (database, action, "service_unit_id", "service_unit",
                           _("The service unit of this action is no longer in the commune’s "
                             "records. Choose another unit."), error)
      || !check_reference (database, action, "scorecard_indicator_id", "scorecard_indicator",
                           _("The indicator this action answers is no longer in a scorecard. "
                             "Choose another indicator, or none."), error))
    return FALSE;

  if (stored == NULL && isaf_record_get_integer (action, "position") == 0)
    {
      gint64 position;

      if (!read_next_position (database, action, &position, error))
        return FALSE;
      isaf_record_set_integer (action, "position", position);
    }

  if (!cycle_exists && !isaf_stage_write_cycle (database, &cycle_id, year, error))
    return FALSE;

  stored_status = stored ? isaf_record_get_text (stored, "status") : "not_started";
  stored_group = stored ? isaf_record_get_text (stored, "action_group") : NULL;
  return isaf_store_write_record (database, action, error)
         && (g_strcmp0 (stored_status, isaf_record_get_text (action, "status")) == 0
             || isaf_jaap_write_status_change (database, id,
                                               isaf_record_get_text (action, "status"),
                                               changed_on, status_note, error))
         && (stored_group == NULL
             || g_strcmp0 (stored_group, isaf_record_get_text (action, "action_group")) == 0
             || move_descendants_to_group (database, id,
                                           isaf_record_get_text (action, "action_group"),
                                           error));
}

/* Moving -------------------------------------------------------------------------------------- */

/* The live siblings of @action (itself included) by position, then id. */
static GPtrArray *
read_siblings (IsafDatabase *database,
               IsafRecord   *action,
               GError      **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "SELECT id FROM jaap_action WHERE cycle_id = ?1 "
                                              "AND action_group = ?2 AND parent_id IS ?3 "
                                              "AND deleted = 0 ORDER BY position, id",
                                              error);
  const IsafUuid *parent_id = isaf_record_get_reference (action, "parent_id");
  g_autoptr(GPtrArray) siblings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (IsafUuid));
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_blob (stmt, 1, isaf_record_get_reference (action, "cycle_id")->bytes, 16,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, isaf_record_get_text (action, "action_group"), -1, SQLITE_STATIC);
  if (parent_id)
    sqlite3_bind_blob (stmt, 3, parent_id->bytes, 16, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 3);
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

  for (guint i = 0; i < ids->len; i++)
    {
      IsafRecord *sibling = isaf_store_read_record (database, "jaap_action",
                                                    &g_array_index (ids, IsafUuid, i), error);

      if (sibling == NULL)
        return NULL;
      g_ptr_array_add (siblings, sibling);
    }
  return g_steal_pointer (&siblings);
}

/* Swaps the action with its neighbour, then numbers the siblings 1, 2, … in their order, so
 * that positions two laptops gave twice become distinct. Only changed rows are written. */
gboolean
isaf_jaap_write_move (IsafDatabase   *database,
                      const IsafUuid *action_id,
                      int             offset,
                      GError        **error)
{
  g_autoptr(IsafRecord) action = isaf_stage_require_live_row (database, "jaap_action", action_id,
                                                              ISAF_JAAP_ERROR,
                                                              ISAF_JAAP_ERROR_NO_ACTION,
                                                              _("This action has been deleted, "
                                                                "perhaps on another computer."),
                                                              error);
  g_autoptr(GPtrArray) siblings = NULL;
  guint index = 0;

  if (action == NULL)
    return FALSE;
  siblings = read_siblings (database, action, error);
  if (siblings == NULL)
    return FALSE;

  while (index < siblings->len
         && !isaf_uuid_equal (isaf_record_get_id (g_ptr_array_index (siblings, index)), action_id))
    index++;
  if (index >= siblings->len || (offset < 0 && index == 0)
      || (offset > 0 && index + 1 == siblings->len))
    return TRUE;

  g_ptr_array_insert (siblings, index + offset, g_ptr_array_steal_index (siblings, index));
  for (guint i = 0; i < siblings->len; i++)
    {
      IsafRecord *sibling = g_ptr_array_index (siblings, i);

      if (isaf_record_get_integer (sibling, "position") == i + 1)
        continue;
      isaf_record_set_integer (sibling, "position", i + 1);
      if (!isaf_store_write_record (database, sibling, error))
        return FALSE;
    }
  return TRUE;
}
