/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-wire"

#include "config.h"

#include <string.h>

#include "isaf-wire-private.h"

/* A page of the commune's stream (src/sync/sync-protocol.md, "Pull"): rows with every field's
 * value and clock, and the conflict log entries of the same range. */

static const char * const conflict_reasons[] = {
  "concurrent_edit", "edited_deleted_row", "deleted_parent", NULL
};

void
isaf_wire_conflict_clear (IsafWireConflict *conflict)
{
  isaf_value_clear (&conflict->winning_value);
  isaf_value_clear (&conflict->losing_value);
  g_free (conflict->reason);
  g_free (conflict->logged_at);
  memset (conflict, 0, sizeof *conflict);
}

IsafWirePullPage *
isaf_wire_pull_page_new (void)
{
  IsafWirePullPage *page = g_new0 (IsafWirePullPage, 1);

  page->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) isaf_wire_row_free);
  page->conflicts = g_array_new (FALSE, TRUE, sizeof (IsafWireConflict));
  g_array_set_clear_func (page->conflicts, (GDestroyNotify) isaf_wire_conflict_clear);

  return page;
}

void
isaf_wire_pull_page_free (IsafWirePullPage *page)
{
  if (page == NULL)
    return;

  g_free (page->epoch);
  g_ptr_array_unref (page->rows);
  g_array_unref (page->conflicts);
  g_free (page->next_cursor);
  g_free (page);
}

static gboolean
conflict_is_complete (const IsafWireConflict *conflict)
{
  const IsafColumn *column = NULL;

  return conflict->table != NULL && conflict->field != NULL
         && isaf_wire_resolve_field (conflict->table, conflict->field, &column) != NULL
         && isaf_wire_value_fits (column, &conflict->winning_value)
         && isaf_wire_value_fits (column, &conflict->losing_value)
         && conflict->reason != NULL && g_strv_contains (conflict_reasons, conflict->reason)
         && conflict->logged_at != NULL && isaf_wire_is_utc_second (conflict->logged_at);
}

static void
append_conflict (GString                *out,
                 const IsafWireConflict *conflict)
{
  g_string_append (out, "{\"id\":");
  isaf_wire_append_uuid (out, &conflict->id);
  g_string_append (out, ",\"seq\":");
  isaf_wire_append_int64 (out, conflict->seq);
  g_string_append (out, ",\"t\":");
  isaf_wire_append_string (out, conflict->table->name);
  g_string_append (out, ",\"row_id\":");
  isaf_wire_append_uuid (out, &conflict->row_id);
  g_string_append (out, ",\"field\":");
  isaf_wire_append_string (out, conflict->field);
  g_string_append (out, ",\"winner\":");
  isaf_wire_append_clocked (out, &conflict->winning_value, conflict->winning_hlc,
                            conflict->winning_node);
  g_string_append (out, ",\"loser\":");
  isaf_wire_append_clocked (out, &conflict->losing_value, conflict->losing_hlc,
                            conflict->losing_node);
  g_string_append (out, ",\"reason\":");
  isaf_wire_append_string (out, conflict->reason);
  g_string_append (out, ",\"logged_at\":");
  isaf_wire_append_string (out, conflict->logged_at);
  g_string_append_c (out, '}');
}

GBytes *
isaf_wire_pull_page_encode (const IsafWirePullPage *page)
{
  GString *out;

  g_return_val_if_fail (page != NULL, NULL);
  g_return_val_if_fail (page->epoch != NULL, NULL);
  g_return_val_if_fail (page->next_cursor != NULL, NULL);

  out = g_string_sized_new (256 + 256 * page->rows->len);
  g_string_append (out, "{\"epoch\":");
  isaf_wire_append_string (out, page->epoch);

  g_string_append (out, ",\"rows\":[");
  for (guint i = 0; i < page->rows->len; i++)
    {
      isaf_wire_append_separator (out);
      isaf_wire_append_row (out, g_ptr_array_index (page->rows, i), ISAF_WIRE_ROW_PULL);
    }

  g_string_append (out, "],\"conflicts\":[");
  for (guint i = 0; i < page->conflicts->len; i++)
    {
      const IsafWireConflict *conflict = &g_array_index (page->conflicts, IsafWireConflict, i);

      if (!conflict_is_complete (conflict))
        {
          g_critical ("Conflict %u of the page is incomplete or of the wrong kind", i);
          g_string_free (out, TRUE);
          return NULL;
        }
      isaf_wire_append_separator (out);
      append_conflict (out, conflict);
    }

  g_string_append (out, "],\"next_cursor\":");
  isaf_wire_append_string (out, page->next_cursor);
  g_string_append (out, page->has_more ? ",\"has_more\":true" : ",\"has_more\":false");
  g_string_append (out, ",\"upto\":");
  isaf_wire_append_int64 (out, page->upto);
  g_string_append (out, ",\"server_time_ms\":");
  isaf_wire_append_int64 (out, page->server_time_ms);
  g_string_append_c (out, '}');

  return g_string_free_to_bytes (out);
}

static gboolean
read_conflict (IsafWireText        *text,
               gsize                at,
               const IsafWirePath  *path,
               IsafWireConflict    *conflict,
               GError             **error)
{
  static const char * const keys[] = {
    "id", "seq", "t", "row_id", "field", "winner", "loser", "reason", "logged_at", NULL
  };
  IsafWirePath table_path = ISAF_WIRE_PATH_KEY (path, "t");
  IsafWirePath field_path = ISAF_WIRE_PATH_KEY (path, "field");
  IsafWirePath winner_path = ISAF_WIRE_PATH_KEY (path, "winner");
  IsafWirePath loser_path = ISAF_WIRE_PATH_KEY (path, "loser");
  IsafWirePath logged_at_path = ISAF_WIRE_PATH_KEY (path, "logged_at");
  const IsafColumn *column = NULL;
  g_autofree char *field = NULL;
  const char *table, *reason, *logged_at;
  IsafWireMembers members;

  /* Each string is used before the next is read: they share the reader's buffer. */
  if (!isaf_wire_members_read (&members, text, at, path, keys, NULL, error)
      || !isaf_wire_members_uuid (&members, "id", &conflict->id, error)
      || !isaf_wire_members_int64 (&members, "seq", 0, G_MAXINT64, &conflict->seq, error)
      || !isaf_wire_members_uuid (&members, "row_id", &conflict->row_id, error)
      || (reason = isaf_wire_members_choice (&members, "reason", conflict_reasons,
                                             error)) == NULL
      || !isaf_wire_members_dup_string (&members, "field", &field, error)
      || (table = isaf_wire_members_string (&members, "t", error)) == NULL)
    return FALSE;

  conflict->table = isaf_schema_find_table (table);
  if (conflict->table == NULL)
    {
      g_autofree char *quoted = isaf_wire_quote (table);

      isaf_wire_set_error (error, ISAF_WIRE_ERROR_UNKNOWN_TABLE, &table_path,
                           "%s is not a synced table", quoted);
      return FALSE;
    }
  conflict->field = isaf_wire_resolve_field (conflict->table, field, &column);
  if (conflict->field == NULL)
    {
      g_autofree char *quoted = isaf_wire_quote (field);

      isaf_wire_set_error (error, ISAF_WIRE_ERROR_UNKNOWN_FIELD, &field_path,
                           "%s is not a field of %s", quoted, conflict->table->name);
      return FALSE;
    }

  logged_at = isaf_wire_members_string (&members, "logged_at", error);
  if (logged_at == NULL)
    return FALSE;
  if (!isaf_wire_is_utc_second (logged_at))
    {
      isaf_wire_set_error (error, ISAF_WIRE_ERROR_MALFORMED, &logged_at_path,
                           "expected a UTC time to the second, as 2026-11-27T01:02:03Z");
      return FALSE;
    }
  conflict->logged_at = g_strdup (logged_at);

  if (!isaf_wire_read_clocked (text, isaf_wire_members_at (&members, "winner"), &winner_path,
                               column, &conflict->winning_value, &conflict->winning_hlc,
                               &conflict->winning_node, error)
      || !isaf_wire_read_clocked (text, isaf_wire_members_at (&members, "loser"), &loser_path,
                                  column, &conflict->losing_value, &conflict->losing_hlc,
                                  &conflict->losing_node, error))
    return FALSE;

  conflict->reason = g_strdup (reason);
  return TRUE;
}

static gboolean
read_conflicts (IsafWireText           *text,
                const IsafWireMembers  *root,
                IsafWirePullPage       *page,
                GError                **error)
{
  IsafWirePath conflicts_path = ISAF_WIRE_PATH_KEY (NULL, "conflicts");
  IsafWireIter conflicts, iter;
  gsize at;

  if (!isaf_wire_text_enter_array (text, isaf_wire_members_at (root, "conflicts"),
                                   &conflicts_path, &conflicts, error))
    return FALSE;

  iter = conflicts;
  while (isaf_wire_text_next_element (text, &iter, &at))
    {
      IsafWirePath path = ISAF_WIRE_PATH_INDEX (&conflicts_path, page->conflicts->len);
      IsafWireConflict conflict = { { { 0 } } };

      if (page->conflicts->len == ISAF_WIRE_MAX_ENTRIES)
        return isaf_wire_text_too_many (text, &conflicts, &conflicts_path,
                                        ISAF_WIRE_MAX_ENTRIES, error);

      if (!read_conflict (text, at, &path, &conflict, error))
        {
          isaf_wire_conflict_clear (&conflict);
          return FALSE;
        }
      g_array_append_val (page->conflicts, conflict);
    }

  return TRUE;
}

IsafWirePullPage *
isaf_wire_pull_page_decode (const char  *data,
                            gsize        length,
                            GError     **error)
{
  static const char * const required[] = {
    "epoch", "rows", "conflicts", "next_cursor", "has_more", "upto", "server_time_ms", NULL
  };
  IsafWirePath rows_path = ISAF_WIRE_PATH_KEY (NULL, "rows");
  g_auto(IsafWireText) text = { NULL };
  g_autoptr(IsafWirePullPage) page = NULL;
  IsafWireMembers root;
  IsafWireIter rows, iter;
  gsize at;

  if (!isaf_wire_text_open (&text, data, length, error)
      || !isaf_wire_members_read (&root, &text, text.root, NULL, required, NULL, error))
    return NULL;

  page = isaf_wire_pull_page_new ();
  if (!isaf_wire_members_dup_string (&root, "epoch", &page->epoch, error)
      || !isaf_wire_members_dup_string (&root, "next_cursor", &page->next_cursor, error)
      || !isaf_wire_members_boolean (&root, "has_more", &page->has_more, error)
      || !isaf_wire_members_int64 (&root, "upto", 0, G_MAXINT64, &page->upto, error)
      || !isaf_wire_members_int64 (&root, "server_time_ms", 0, G_MAXINT64,
                                   &page->server_time_ms, error))
    return NULL;

  if (!isaf_wire_text_enter_array (&text, isaf_wire_members_at (&root, "rows"), &rows_path,
                                   &rows, error))
    return NULL;
  iter = rows;
  while (isaf_wire_text_next_element (&text, &iter, &at))
    {
      IsafWirePath path = ISAF_WIRE_PATH_INDEX (&rows_path, page->rows->len);
      IsafWireRow *row;

      if (page->rows->len == ISAF_WIRE_MAX_ROWS)
        {
          isaf_wire_text_too_many (&text, &rows, &rows_path, ISAF_WIRE_MAX_ROWS, error);
          return NULL;
        }
      row = isaf_wire_read_row (&text, at, &path, ISAF_WIRE_ROW_PULL, error);

      if (row == NULL)
        return NULL;
      g_ptr_array_add (page->rows, row);
    }

  if (!read_conflicts (&text, &root, page, error))
    return NULL;

  return g_steal_pointer (&page);
}
