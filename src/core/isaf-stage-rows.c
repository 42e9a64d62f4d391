/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-stage"

#include "config.h"

#include <string.h>

#include "isaf-dissemination.h"
#include "isaf-error.h"
#include "isaf-stage-rows.h"

/* What the modules of the cycle's stages each needed when saving a meeting or a scorecard:
 * reading a row that must still be live, natural keys, the year's cycle and the link and
 * attendance rows of a meeting. Messages stay with the callers: each says what to fix in its
 * own stage. */

/* Ids and keys --------------------------------------------------------------------------- */

char *
isaf_stage_key_of (const IsafUuid *id,
                   const char     *suffix)
{
  char buffer[ISAF_UUID_STRING_LENGTH + 1];

  isaf_uuid_to_buffer (id, buffer);
  return g_strconcat (buffer, "/", suffix, NULL);
}

gboolean
isaf_stage_contains_id (GArray         *ids,
                        const IsafUuid *id)
{
  for (guint i = 0; i < ids->len; i++)
    if (isaf_uuid_equal (&g_array_index (ids, IsafUuid, i), id))
      return TRUE;
  return FALSE;
}

void
isaf_stage_set_reference_if_changed (IsafRecord     *record,
                                     const char     *column,
                                     const IsafUuid *id)
{
  const IsafUuid *current = isaf_record_get_reference (record, column);

  if (current == NULL || !isaf_uuid_equal (current, id))
    isaf_record_set_reference (record, column, id);
}

/* SQLite --------------------------------------------------------------------------------- */

void
isaf_stage_set_sqlite_error (IsafDatabase *database,
                             GError      **error)
{
  isaf_database_set_error (database,
                           sqlite3_extended_errcode (isaf_database_get_connection (database)),
                           error);
}

int
isaf_stage_step_one (IsafDatabase *database,
                     sqlite3_stmt *stmt,
                     GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return rc;
  isaf_stage_set_sqlite_error (database, error);
  sqlite3_reset (stmt);
  return 0;
}

int
isaf_stage_step_id (IsafDatabase *database,
                    sqlite3_stmt *stmt,
                    IsafUuid     *out,
                    GError      **error)
{
  int rc = isaf_stage_step_one (database, stmt, error);

  if (rc == SQLITE_ROW)
    memcpy (out->bytes, sqlite3_column_blob (stmt, 0), 16);
  sqlite3_reset (stmt);
  return rc;
}

/* Live rows ------------------------------------------------------------------------------ */

gboolean
isaf_stage_read_live_row (IsafDatabase   *database,
                          const char     *table,
                          const IsafUuid *id,
                          IsafRecord    **row,
                          GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(IsafRecord) found = isaf_store_read_record (database, table, id, &local_error);

  *row = NULL;
  if (found == NULL && !g_error_matches (local_error, ISAF_DATABASE_ERROR,
                                         ISAF_DATABASE_ERROR_NOT_FOUND_ROW))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (found != NULL && !isaf_record_get_deleted (found))
    *row = g_steal_pointer (&found);
  return TRUE;
}

IsafRecord *
isaf_stage_require_live_row (IsafDatabase   *database,
                             const char     *table,
                             const IsafUuid *id,
                             GQuark          domain,
                             int             code,
                             const char     *missing,
                             GError        **error)
{
  IsafRecord *row;

  if (!isaf_stage_read_live_row (database, table, id, &row, error))
    return NULL;
  if (row == NULL)
    g_set_error_literal (error, domain, code, missing);
  return row;
}

/* The year's cycle ----------------------------------------------------------------------- */

gboolean
isaf_stage_find_cycle (IsafDatabase   *database,
                       const char     *commune_code,
                       int             year,
                       const IsafUuid *current,
                       IsafUuid       *out,
                       gboolean       *exists,
                       GError        **error)
{
  sqlite3_stmt *stmt;
  IsafUuid keyed;
  int rc;

  isaf_dissemination_cycle_id (commune_code, year, &keyed);
  *exists = TRUE;

  stmt = isaf_database_prepare (database,
                                "SELECT id FROM cycle WHERE year = ?1 AND deleted = 0 "
                                "ORDER BY id = ?2 DESC, id = ?3 DESC, id LIMIT 1",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, year);
  /* Cached statements keep their bindings: each one is set every time. */
  if (current != NULL)
    sqlite3_bind_blob (stmt, 2, current->bytes, 16, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 2);
  sqlite3_bind_blob (stmt, 3, keyed.bytes, 16, SQLITE_STATIC);
  rc = isaf_stage_step_id (database, stmt, out, error);
  if (rc == 0)
    return FALSE;

  if (rc == SQLITE_DONE)
    {
      *out = keyed;
      *exists = FALSE;
    }
  return TRUE;
}

gboolean
isaf_stage_write_cycle (IsafDatabase   *database,
                        const IsafUuid *id,
                        int             year,
                        GError        **error)
{
  g_autoptr(IsafRecord) cycle = isaf_record_new_with_id ("cycle", id);

  isaf_record_set_integer (cycle, "year", year);
  return isaf_store_write_record (database, cycle, error);
}

/* A meeting's rows ----------------------------------------------------------------------- */

gboolean
isaf_stage_replace_links (IsafDatabase   *database,
                          const char     *table,
                          const char     *parent_column,
                          const IsafUuid *parent_id,
                          const char     *column,
                          GArray         *wanted,
                          GError        **error)
{
  g_autoptr(GPtrArray) links = isaf_store_read_list (database, table, parent_column, parent_id,
                                                     error);
  g_autoptr(GArray) linked = g_array_new (FALSE, FALSE, sizeof (IsafUuid));

  if (links == NULL)
    return FALSE;

  for (guint i = 0; i < links->len; i++)
    {
      IsafRecord *link = g_ptr_array_index (links, i);
      const IsafUuid *target = isaf_record_get_reference (link, column);

      if (target != NULL && isaf_stage_contains_id (wanted, target)
          && !isaf_stage_contains_id (linked, target))
        g_array_append_val (linked, *target);
      else if (!isaf_store_write_delete (database, isaf_record_get_table (link),
                                         isaf_record_get_id (link), NULL, error))
        return FALSE;
    }

  for (guint i = 0; i < wanted->len; i++)
    {
      const IsafUuid *target = &g_array_index (wanted, IsafUuid, i);
      char target_text[ISAF_UUID_STRING_LENGTH + 1];
      g_autofree char *key = NULL;
      g_autoptr(IsafRecord) link = NULL;

      if (isaf_stage_contains_id (linked, target))
        continue;
      isaf_uuid_to_buffer (target, target_text);
      key = isaf_stage_key_of (parent_id, target_text);
      link = isaf_record_new_keyed (table, key);
      isaf_record_set_reference (link, parent_column, parent_id);
      isaf_record_set_reference (link, column, target);
      if (!isaf_store_write_record (database, link, error))
        return FALSE;
      g_array_append_val (linked, *target);
    }
  return TRUE;
}

static int
find_category (const char * const *categories,
               guint               n_categories,
               const char         *category)
{
  for (guint i = 0; i < n_categories; i++)
    if (g_strcmp0 (categories[i], category) == 0)
      return i;
  return -1;
}

gboolean
isaf_stage_replace_attendance (IsafDatabase       *database,
                               const char         *table,
                               const IsafUuid     *meeting_id,
                               const char * const *categories,
                               const gint64       *counts,
                               guint               n_categories,
                               GError            **error)
{
  g_autoptr(GPtrArray) rows = isaf_store_read_list (database, table, "meeting_id", meeting_id,
                                                    error);
  g_autofree gboolean *written = g_new0 (gboolean, n_categories);

  if (rows == NULL)
    return FALSE;

  for (guint i = 0; i < rows->len; i++)
    {
      IsafRecord *row = g_ptr_array_index (rows, i);
      int category = find_category (categories, n_categories,
                                    isaf_record_get_text (row, "category"));

      if (category < 0 || written[category] || counts[category] == ISAF_ATTENDANCE_NOT_COUNTED)
        {
          if (!isaf_store_write_delete (database, isaf_record_get_table (row),
                                        isaf_record_get_id (row), NULL, error))
            return FALSE;
          continue;
        }

      written[category] = TRUE;
      if (isaf_record_get_integer (row, "count") == counts[category])
        continue;
      isaf_record_set_integer (row, "count", counts[category]);
      if (!isaf_store_write_record (database, row, error))
        return FALSE;
    }

  for (guint i = 0; i < n_categories; i++)
    {
      g_autofree char *key = NULL;
      g_autoptr(IsafRecord) row = NULL;

      if (written[i] || counts[i] == ISAF_ATTENDANCE_NOT_COUNTED)
        continue;
      key = isaf_stage_key_of (meeting_id, categories[i]);
      row = isaf_record_new_keyed (table, key);
      isaf_record_set_reference (row, "meeting_id", meeting_id);
      isaf_record_set_text (row, "category", categories[i]);
      isaf_record_set_integer (row, "count", counts[i]);
      if (!isaf_store_write_record (database, row, error))
        return FALSE;
    }
  return TRUE;
}
