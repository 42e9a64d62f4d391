/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-wire"

#include "config.h"

#include <string.h>

#include "isaf-wire-private.h"

/* A row as a push sends it, {"t","id","txid","f":{name:{"v","h"[,"b","bn"]}}}, and as a pull
 * returns it, {"t","id","seq","f":{name:{"v","h","n"}}}: per-field values with their clocks,
 * the tombstone among them under ISAF_WIRE_DELETED_FIELD. */

static void
clear_field (gpointer data)
{
  IsafWireField *field = data;

  isaf_value_clear (&field->value);
}

IsafWireRow *
isaf_wire_row_new (const IsafTable *table,
                   const IsafUuid  *id)
{
  IsafWireRow *row;

  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  row = g_new0 (IsafWireRow, 1);
  row->table = table;
  row->id = *id;
  row->fields = g_array_new (FALSE, TRUE, sizeof (IsafWireField));
  g_array_set_clear_func (row->fields, clear_field);

  return row;
}

void
isaf_wire_row_free (IsafWireRow *row)
{
  if (row == NULL)
    return;

  g_array_unref (row->fields);
  g_free (row);
}

const IsafWireField *
isaf_wire_row_find_field (const IsafWireRow *row,
                          const char        *name)
{
  g_return_val_if_fail (row != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < row->fields->len; i++)
    {
      const IsafWireField *field = &g_array_index (row->fields, IsafWireField, i);

      if (g_str_equal (field->name, name))
        return field;
    }

  return NULL;
}

IsafWireField *
isaf_wire_row_add_field (IsafWireRow     *row,
                         const char      *name,
                         const IsafValue *value)
{
  IsafWireField field = { NULL };
  const IsafColumn *column = NULL;
  const char *wire_name;
  IsafValue real;

  g_return_val_if_fail (row != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (value != NULL, NULL);

  wire_name = isaf_wire_resolve_field (row->table, name, &column);
  g_return_val_if_fail (wire_name != NULL, NULL);
  g_return_val_if_fail (isaf_wire_row_find_field (row, wire_name) == NULL, NULL);
  g_return_val_if_fail (row->fields->len < ISAF_WIRE_MAX_FIELDS_PER_ROW, NULL);

  /* An untyped SQLite column (the outbox's value) can hand back a whole real as an integer;
   * a REAL column's number is decoded as a real, so it is kept as one from the start. */
  if (column != NULL && column->kind == ISAF_COLUMN_REAL && value->type == ISAF_VALUE_INTEGER)
    {
      real.type = ISAF_VALUE_REAL;
      real.real = value->integer;
      value = &real;
    }
  g_return_val_if_fail (isaf_wire_value_fits (column, value), NULL);

  field.column = column;
  field.name = wire_name;
  isaf_value_copy (value, &field.value);
  g_array_append_val (row->fields, field);

  return &g_array_index (row->fields, IsafWireField, row->fields->len - 1);
}

void
isaf_wire_append_clocked (GString         *out,
                          const IsafValue *value,
                          gint64           hlc,
                          gint64           node)
{
  g_string_append (out, "{\"v\":");
  isaf_wire_append_value (out, value);
  g_string_append (out, ",\"h\":");
  isaf_wire_append_clock (out, hlc);
  g_string_append (out, ",\"n\":");
  isaf_wire_append_clock (out, node);
  g_string_append_c (out, '}');
}

static void
append_pushed (GString             *out,
               const IsafWireField *field)
{
  g_string_append (out, "{\"v\":");
  isaf_wire_append_value (out, &field->value);
  g_string_append (out, ",\"h\":");
  isaf_wire_append_clock (out, field->hlc);
  if (field->has_base)
    {
      g_string_append (out, ",\"b\":");
      isaf_wire_append_clock (out, field->base_hlc);
      g_string_append (out, ",\"bn\":");
      isaf_wire_append_clock (out, field->base_node);
    }
  g_string_append_c (out, '}');
}

void
isaf_wire_append_row (GString            *out,
                      const IsafWireRow  *row,
                      IsafWireRowShape    shape)
{
  g_string_append (out, "{\"t\":");
  isaf_wire_append_string (out, row->table->name);
  g_string_append (out, ",\"id\":");
  isaf_wire_append_uuid (out, &row->id);
  if (shape == ISAF_WIRE_ROW_PUSH)
    {
      g_string_append (out, ",\"txid\":");
      isaf_wire_append_int64 (out, row->txid);
    }
  else
    {
      g_string_append (out, ",\"seq\":");
      isaf_wire_append_int64 (out, row->seq);
    }

  g_string_append (out, ",\"f\":{");
  for (guint i = 0; i < row->fields->len; i++)
    {
      const IsafWireField *field = &g_array_index (row->fields, IsafWireField, i);

      isaf_wire_append_key (out, field->name);
      if (shape == ISAF_WIRE_ROW_PUSH)
        append_pushed (out, field);
      else
        isaf_wire_append_clocked (out, &field->value, field->hlc, field->node);
    }
  g_string_append (out, "}}");
}

gboolean
isaf_wire_read_clocked (IsafWireText        *text,
                        gsize                at,
                        const IsafWirePath  *path,
                        const IsafColumn    *column,
                        IsafValue           *value,
                        gint64              *hlc,
                        gint64              *node,
                        GError             **error)
{
  static const char * const keys[] = { "v", "h", "n", NULL };
  IsafWireMembers members;

  /* The value last: it is the only part that allocates. */
  return isaf_wire_members_read (&members, text, at, path, keys, NULL, error)
         && isaf_wire_members_clock (&members, "h", hlc, error)
         && isaf_wire_members_clock (&members, "n", node, error)
         && isaf_wire_members_value (&members, "v", column, value, error);
}

static gboolean
read_pushed (IsafWireText        *text,
             gsize                at,
             const IsafWirePath  *path,
             IsafWireField       *field,
             GError             **error)
{
  static const char * const keys[] = { "v", "h", NULL };
  static const char * const base_keys[] = { "b", "bn", NULL };
  IsafWireMembers members;

  if (!isaf_wire_members_read (&members, text, at, path, keys, base_keys, error)
      || !isaf_wire_members_clock (&members, "h", &field->hlc, error))
    return FALSE;

  field->has_base = isaf_wire_members_has (&members, "b");
  if (field->has_base != isaf_wire_members_has (&members, "bn"))
    {
      isaf_wire_set_error (error, ISAF_WIRE_ERROR_MALFORMED, path,
                           "\"b\" and \"bn\" go together: both or neither");
      return FALSE;
    }
  if (field->has_base
      && (!isaf_wire_members_clock (&members, "b", &field->base_hlc, error)
          || !isaf_wire_members_clock (&members, "bn", &field->base_node, error)))
    return FALSE;

  return isaf_wire_members_value (&members, "v", field->column, &field->value, error);
}

/* The member @key of a row's "f", appended to @row. */
static gboolean
read_field (IsafWireText        *text,
            const char          *key,
            gsize                value_at,
            const IsafWirePath  *path,
            IsafWireRowShape     shape,
            IsafWireRow         *row,
            GError             **error)
{
  IsafWireField field = { NULL };
  IsafWirePath field_path;
  gboolean ok;

  /* The key is resolved to the schema's static name before the value is read, as reading
   * the value reads keys of its own. */
  field.name = isaf_wire_resolve_field (row->table, key, &field.column);
  if (field.name == NULL || isaf_wire_row_find_field (row, field.name) != NULL)
    {
      g_autofree char *quoted = isaf_wire_quote (key);

      if (field.name == NULL)
        isaf_wire_set_error (error, ISAF_WIRE_ERROR_UNKNOWN_FIELD, path,
                             "%s is not a field of %s", quoted, row->table->name);
      else
        isaf_wire_set_error (error, ISAF_WIRE_ERROR_MALFORMED, path, "key %s appears twice",
                             quoted);
      return FALSE;
    }

  field_path = (IsafWirePath) ISAF_WIRE_PATH_KEY (path, field.name);
  if (shape == ISAF_WIRE_ROW_PUSH)
    ok = read_pushed (text, value_at, &field_path, &field, error);
  else
    ok = isaf_wire_read_clocked (text, value_at, &field_path, field.column, &field.value,
                                 &field.hlc, &field.node, error);
  if (!ok)
    {
      isaf_value_clear (&field.value);
      return FALSE;
    }

  g_array_append_val (row->fields, field);
  return TRUE;
}

static gboolean
read_fields (IsafWireText        *text,
             gsize                at,
             const IsafWirePath  *path,
             IsafWireRowShape     shape,
             IsafWireRow         *row,
             GError             **error)
{
  IsafWireIter start, iter;
  const char *key;
  gsize value_at;
  guint n_fields;

  if (!isaf_wire_text_enter_object (text, at, path, &start, error))
    return FALSE;

  /* In the order of the message, so that encoding the row again gives the same bytes. */
  iter = start;
  while (isaf_wire_text_next_member (text, &iter, &key, &value_at))
    if (row->fields->len == ISAF_WIRE_MAX_FIELDS_PER_ROW
        || !read_field (text, key, value_at, path, shape, row, error))
      {
        /* Too many fields is the fault named, before any in one of them: counted only
         * now, so that a valid row is walked once. */
        n_fields = isaf_wire_text_count (text, &start);
        if (n_fields > ISAF_WIRE_MAX_FIELDS_PER_ROW)
          {
            g_clear_error (error);
            isaf_wire_set_error (error, ISAF_WIRE_ERROR_TOO_LARGE, path,
                                 "%u fields, more than the limit of %d", n_fields,
                                 ISAF_WIRE_MAX_FIELDS_PER_ROW);
          }
        return FALSE;
      }

  return TRUE;
}

IsafWireRow *
isaf_wire_read_row (IsafWireText        *text,
                    gsize                at,
                    const IsafWirePath  *path,
                    IsafWireRowShape     shape,
                    GError             **error)
{
  static const char * const push_keys[] = { "t", "id", "txid", "f", NULL };
  static const char * const pull_keys[] = { "t", "id", "seq", "f", NULL };
  IsafWirePath table_path = ISAF_WIRE_PATH_KEY (path, "t");
  IsafWirePath fields_path = ISAF_WIRE_PATH_KEY (path, "f");
  g_autoptr(IsafWireRow) row = NULL;
  IsafWireMembers members;
  const IsafTable *table;
  const char *name;
  IsafUuid id;

  if (!isaf_wire_members_read (&members, text, at, path,
                               shape == ISAF_WIRE_ROW_PUSH ? push_keys : pull_keys, NULL, error))
    return NULL;

  name = isaf_wire_members_string (&members, "t", error);
  if (name == NULL)
    return NULL;
  table = isaf_schema_find_table (name);
  if (table == NULL)
    {
      g_autofree char *quoted = isaf_wire_quote (name);

      isaf_wire_set_error (error, ISAF_WIRE_ERROR_UNKNOWN_TABLE, &table_path,
                           "%s is not a synced table", quoted);
      return NULL;
    }

  if (!isaf_wire_members_uuid (&members, "id", &id, error))
    return NULL;
  row = isaf_wire_row_new (table, &id);

  if (shape == ISAF_WIRE_ROW_PUSH
      ? !isaf_wire_members_int64 (&members, "txid", 0, G_MAXINT64, &row->txid, error)
      : !isaf_wire_members_int64 (&members, "seq", 0, G_MAXINT64, &row->seq, error))
    return NULL;

  if (!read_fields (text, isaf_wire_members_at (&members, "f"), &fields_path, shape, row,
                    error))
    return NULL;

  return g_steal_pointer (&row);
}
