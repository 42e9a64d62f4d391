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
isaf_wire_read_clocked (IsafWireReader      *reader,
                        JsonNode            *json,
                        const IsafWirePath  *path,
                        const IsafColumn    *column,
                        IsafValue           *value,
                        gint64              *hlc,
                        gint64              *node,
                        GError             **error)
{
  static const char * const keys[] = { "v", "h", "n", NULL };
  IsafWirePath value_path = ISAF_WIRE_PATH_KEY (path, "v");
  JsonObject *object;

  object = isaf_wire_read_object (reader, json, path, keys, NULL, error);

  /* The value last: it is the only part that allocates. */
  return object != NULL
         && isaf_wire_read_clock (object, "h", path, hlc, error)
         && isaf_wire_read_clock (object, "n", path, node, error)
         && isaf_wire_read_value (column, json_object_get_member (object, "v"), &value_path,
                                  value, error);
}

static gboolean
read_pushed (IsafWireReader      *reader,
             JsonNode            *json,
             const IsafWirePath  *path,
             IsafWireField       *field,
             GError             **error)
{
  static const char * const keys[] = { "v", "h", NULL };
  static const char * const base_keys[] = { "b", "bn", NULL };
  IsafWirePath value_path = ISAF_WIRE_PATH_KEY (path, "v");
  JsonObject *object;

  object = isaf_wire_read_object (reader, json, path, keys, base_keys, error);
  if (object == NULL || !isaf_wire_read_clock (object, "h", path, &field->hlc, error))
    return FALSE;

  field->has_base = json_object_has_member (object, "b");
  if (field->has_base != json_object_has_member (object, "bn"))
    {
      isaf_wire_set_error (error, ISAF_WIRE_ERROR_MALFORMED, path,
                           "\"b\" and \"bn\" go together: both or neither");
      return FALSE;
    }
  if (field->has_base
      && (!isaf_wire_read_clock (object, "b", path, &field->base_hlc, error)
          || !isaf_wire_read_clock (object, "bn", path, &field->base_node, error)))
    return FALSE;

  return isaf_wire_read_value (field->column, json_object_get_member (object, "v"), &value_path,
                               &field->value, error);
}

static gboolean
read_fields (IsafWireReader      *reader,
             JsonNode            *json,
             const IsafWirePath  *path,
             IsafWireRowShape     shape,
             IsafWireRow         *row,
             GError             **error)
{
  g_autoptr(GList) names = NULL;
  JsonObject *object;

  object = isaf_wire_read_object (reader, json, path, NULL, NULL, error);
  if (object == NULL)
    return FALSE;
  if (json_object_get_size (object) > ISAF_WIRE_MAX_FIELDS_PER_ROW)
    {
      isaf_wire_set_error (error, ISAF_WIRE_ERROR_TOO_LARGE, path,
                           "%u fields, more than the limit of %d",
                           json_object_get_size (object), ISAF_WIRE_MAX_FIELDS_PER_ROW);
      return FALSE;
    }

  /* In the order of the message, so that encoding the row again gives the same bytes. */
  names = json_object_get_members (object);
  for (GList *l = names; l != NULL; l = l->next)
    {
      IsafWireField field = { NULL };
      JsonNode *member = json_object_get_member (object, l->data);
      IsafWirePath field_path;
      gboolean ok;

      field.name = isaf_wire_resolve_field (row->table, l->data, &field.column);
      if (field.name == NULL)
        {
          g_autofree char *quoted = isaf_wire_quote (l->data);

          isaf_wire_set_error (error, ISAF_WIRE_ERROR_UNKNOWN_FIELD, path,
                               "%s is not a field of %s", quoted, row->table->name);
          return FALSE;
        }

      field_path = (IsafWirePath) ISAF_WIRE_PATH_KEY (path, field.name);
      if (shape == ISAF_WIRE_ROW_PUSH)
        ok = read_pushed (reader, member, &field_path, &field, error);
      else
        ok = isaf_wire_read_clocked (reader, member, &field_path, field.column, &field.value,
                                     &field.hlc, &field.node, error);
      if (!ok)
        return FALSE;

      g_array_append_val (row->fields, field);
    }

  return TRUE;
}

IsafWireRow *
isaf_wire_read_row (IsafWireReader      *reader,
                    JsonNode            *node,
                    const IsafWirePath  *path,
                    IsafWireRowShape     shape,
                    GError             **error)
{
  static const char * const push_keys[] = { "t", "id", "txid", "f", NULL };
  static const char * const pull_keys[] = { "t", "id", "seq", "f", NULL };
  IsafWirePath table_path = ISAF_WIRE_PATH_KEY (path, "t");
  IsafWirePath fields_path = ISAF_WIRE_PATH_KEY (path, "f");
  g_autoptr(IsafWireRow) row = NULL;
  const IsafTable *table;
  const char *name;
  JsonObject *object;
  IsafUuid id;

  object = isaf_wire_read_object (reader, node, path,
                                  shape == ISAF_WIRE_ROW_PUSH ? push_keys : pull_keys, NULL,
                                  error);
  if (object == NULL)
    return NULL;

  name = isaf_wire_read_string (object, "t", path, error);
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

  if (!isaf_wire_read_uuid (object, "id", path, &id, error))
    return NULL;
  row = isaf_wire_row_new (table, &id);

  if (shape == ISAF_WIRE_ROW_PUSH
      ? !isaf_wire_read_int64 (object, "txid", path, 0, G_MAXINT64, &row->txid, error)
      : !isaf_wire_read_int64 (object, "seq", path, 0, G_MAXINT64, &row->seq, error))
    return NULL;

  if (!read_fields (reader, json_object_get_member (object, "f"), &fields_path, shape, row,
                    error))
    return NULL;

  return g_steal_pointer (&row);
}
