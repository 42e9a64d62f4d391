/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-jaap"

#include "config.h"

#include <string.h>

#include "isaf-jaap-private.h"
#include "isaf-stage-rows.h"

/* Reading the plan of a cycle year on the database thread: its actions put in the template's
 * order, numbered, each with its status history, the progress the committee last recorded
 * and the names of the unit and indicator it names. Rows that sync joined from two laptops
 * may not form a clean tree (a sub-action whose parent was deleted elsewhere, or that sits in
 * the other group); such a row is shown at the top of its group rather than hidden. */

/* The tree ----------------------------------------------------------------------------------- */

typedef struct {
  /* IsafRecord, by group, then position, then id. */
  GPtrArray *actions;
  /* For each action, the index of its parent in @actions, or -1 at the top of its group. */
  int *parents;
  gboolean *placed;
  GPtrArray *entries;
} Tree;

static int
compare_actions (gconstpointer a,
                 gconstpointer b)
{
  IsafRecord *left = *(IsafRecord **) a;
  IsafRecord *right = *(IsafRecord **) b;
  int by_group = g_strcmp0 (isaf_record_get_text (left, "action_group"),
                            isaf_record_get_text (right, "action_group"));
  gint64 left_position = isaf_record_get_integer (left, "position");
  gint64 right_position = isaf_record_get_integer (right, "position");

  /* "ka" sorts before "kha", as ក comes before ខ. */
  if (by_group != 0)
    return by_group;
  if (left_position != right_position)
    return left_position < right_position ? -1 : 1;
  return isaf_uuid_compare (isaf_record_get_id (left), isaf_record_get_id (right));
}

static int
index_of (GPtrArray      *actions,
          const IsafUuid *id)
{
  for (guint i = 0; i < actions->len; i++)
    if (isaf_uuid_equal (isaf_record_get_id (g_ptr_array_index (actions, i)), id))
      return i;
  return -1;
}

static void
find_parents (Tree *tree)
{
  for (guint i = 0; i < tree->actions->len; i++)
    {
      IsafRecord *action = g_ptr_array_index (tree->actions, i);
      const IsafUuid *parent_id = isaf_record_get_reference (action, "parent_id");
      int parent = parent_id ? index_of (tree->actions, parent_id) : -1;

      if (parent >= 0
          && g_strcmp0 (isaf_record_get_text (g_ptr_array_index (tree->actions, parent),
                                              "action_group"),
                        isaf_record_get_text (action, "action_group")) != 0)
        parent = -1;
      tree->parents[i] = parent;
    }
}

/* Places the children of @parent (-1: the tops of @group) after it, depth first. */
static void
place_children (Tree          *tree,
                int            parent,
                const char    *group,
                IsafJaapEntry *parent_entry)
{
  guint number = 0;

  for (guint i = 0; i < tree->actions->len; i++)
    {
      IsafRecord *action = g_ptr_array_index (tree->actions, i);
      IsafJaapEntry *entry;

      if (tree->placed[i] || tree->parents[i] != parent
          || g_strcmp0 (isaf_record_get_text (action, "action_group"), group) != 0)
        continue;

      tree->placed[i] = TRUE;
      entry = isaf_jaap_entry_new (action);
      entry->number = ++number;
      entry->depth = parent_entry ? parent_entry->depth + 1 : 1;
      entry->path = parent_entry ? g_strdup_printf ("%s.%u", parent_entry->path, number)
                                 : g_strdup_printf ("%u", number);
      if (parent_entry)
        parent_entry->n_children++;
      g_ptr_array_add (tree->entries, entry);
      place_children (tree, i, group, entry);
    }
}

static void
place_group (Tree       *tree,
             const char *group)
{
  place_children (tree, -1, group, NULL);

  /* Rows whose parents point at each other in a loop are reachable from no top: each is put
   * at the top, once, so that none is lost. */
  for (guint i = 0; i < tree->actions->len; i++)
    if (!tree->placed[i]
        && g_strcmp0 (isaf_record_get_text (g_ptr_array_index (tree->actions, i), "action_group"),
                      group) == 0)
      {
        tree->parents[i] = -1;
        place_children (tree, -1, group, NULL);
      }
}

/* What each entry shows besides its row ----------------------------------------------------- */

GPtrArray *
isaf_jaap_read_history (IsafDatabase   *database,
                        const IsafUuid *action_id,
                        GError        **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "SELECT id FROM jaap_status_change "
                                              "WHERE action_id = ?1 AND deleted = 0 "
                                              "ORDER BY changed_on, id",
                                              error);
  g_autoptr(GPtrArray) history = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (IsafUuid));
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_blob (stmt, 1, action_id->bytes, 16, SQLITE_STATIC);
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
      IsafRecord *change = isaf_store_read_record (database, "jaap_status_change",
                                                   &g_array_index (ids, IsafUuid, i), error);

      if (change == NULL)
        return NULL;
      g_ptr_array_add (history, change);
    }
  return g_steal_pointer (&history);
}

static gboolean
read_last_progress (IsafDatabase  *database,
                    IsafJaapEntry *entry,
                    GError       **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "SELECT p.id, m.held_on FROM jaap_progress p "
                                              "JOIN jaapc_meeting m ON m.id = p.meeting_id "
                                              "WHERE p.action_id = ?1 AND p.deleted = 0 "
                                              "AND m.deleted = 0 "
                                              "ORDER BY m.held_on DESC, m.id DESC LIMIT 1",
                                              error);
  IsafUuid progress_id;
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_blob (stmt, 1, isaf_record_get_id (entry->action)->bytes, 16, SQLITE_STATIC);
  rc = isaf_stage_step_one (database, stmt, error);
  if (rc == SQLITE_ROW)
    {
      memcpy (progress_id.bytes, sqlite3_column_blob (stmt, 0), 16);
      entry->last_progress_on = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return rc == SQLITE_DONE;

  entry->last_progress = isaf_store_read_record (database, "jaap_progress", &progress_id, error);
  return entry->last_progress != NULL;
}

static gboolean
read_names (IsafDatabase  *database,
            IsafJaapEntry *entry,
            GError       **error)
{
  const IsafUuid *unit_id = isaf_record_get_reference (entry->action, "service_unit_id");
  const IsafUuid *indicator_id = isaf_record_get_reference (entry->action,
                                                            "scorecard_indicator_id");
  g_autoptr(IsafRecord) unit = NULL;
  g_autoptr(IsafRecord) indicator = NULL;

  /* A name that is gone (deleted since) shows as none: the action keeps its own text. */
  if (unit_id && !isaf_stage_read_live_row (database, "service_unit", unit_id, &unit, error))
    return FALSE;
  if (indicator_id
      && !isaf_stage_read_live_row (database, "scorecard_indicator", indicator_id, &indicator,
                                    error))
    return FALSE;

  if (unit)
    {
      entry->unit_code = g_strdup (isaf_record_get_text (unit, "code"));
      entry->unit_kind = g_strdup (isaf_record_get_text (unit, "kind"));
      entry->unit_name_km = g_strdup (isaf_record_get_text (unit, "name_km"));
      entry->unit_name_en = g_strdup (isaf_record_get_text (unit, "name_en"));
    }
  if (indicator)
    {
      entry->indicator_name_km = g_strdup (isaf_record_get_text (indicator, "name_km"));
      entry->indicator_name_en = g_strdup (isaf_record_get_text (indicator, "name_en"));
    }
  return TRUE;
}

/* The plan -------------------------------------------------------------------------------- */

static GPtrArray *
read_actions (IsafDatabase *database,
              int           year,
              GError      **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "SELECT a.id FROM jaap_action a "
                                              "JOIN cycle c ON c.id = a.cycle_id "
                                              "WHERE c.year = ?1 AND c.deleted = 0 "
                                              "AND a.deleted = 0",
                                              error);
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (IsafUuid));
  int rc;

  if (stmt == NULL)
    return NULL;

  /* Collected first: reading each row uses another statement. */
  sqlite3_bind_int (stmt, 1, year);
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
      IsafRecord *action = isaf_store_read_record (database, "jaap_action",
                                                   &g_array_index (ids, IsafUuid, i), error);

      if (action == NULL)
        return NULL;
      g_ptr_array_add (actions, action);
    }
  g_ptr_array_sort (actions, compare_actions);
  return g_steal_pointer (&actions);
}

/**
 * isaf_jaap_read_year:
 * @database: the database, on its own thread
 * @year: the cycle year
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the plan of @year, or %NULL with @error set
 */
IsafJaap *
isaf_jaap_read_year (IsafDatabase *database,
                     int           year,
                     GError      **error)
{
  const char *commune_code = isaf_database_get_commune_code (database);
  g_autoptr(IsafJaap) jaap = g_new0 (IsafJaap, 1);
  g_autoptr(GPtrArray) actions = NULL;
  g_autofree int *parents = NULL;
  g_autofree gboolean *placed = NULL;
  Tree tree;

  jaap->year = year;
  jaap->commune_code = g_strdup (commune_code);
  jaap->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) isaf_jaap_entry_free);

  if (commune_code != NULL
      && !isaf_stage_find_cycle (database, commune_code, year, NULL, &jaap->cycle_id,
                                 &jaap->has_cycle, error))
    return NULL;

  actions = read_actions (database, year, error);
  if (actions == NULL)
    return NULL;

  parents = g_new (int, MAX (actions->len, 1));
  placed = g_new0 (gboolean, MAX (actions->len, 1));
  tree = (Tree) { actions, parents, placed, jaap->entries };
  find_parents (&tree);
  place_group (&tree, "ka");
  place_group (&tree, "kha");

  for (guint i = 0; i < jaap->entries->len; i++)
    {
      IsafJaapEntry *entry = g_ptr_array_index (jaap->entries, i);
      g_autoptr(GPtrArray) history = isaf_jaap_read_history (database,
                                                             isaf_record_get_id (entry->action),
                                                             error);

      if (history == NULL)
        return NULL;
      g_ptr_array_extend_and_steal (entry->history, g_steal_pointer (&history));
      if (!read_last_progress (database, entry, error) || !read_names (database, entry, error))
        return NULL;
    }
  return g_steal_pointer (&jaap);
}
