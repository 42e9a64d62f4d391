/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-server"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "isaf-dump-format.h"
#include "isaf-server-values.h"

void
isaf_server_value_from_pg (const IsafColumn *column,
                           const PGresult   *result,
                           int               row,
                           int               field,
                           IsafValue        *out)
{
  const char *text = PQgetvalue (result, row, field);

  memset (out, 0, sizeof *out);
  if (PQgetisnull (result, row, field))
    return;
  if (column == NULL)
    {
      out->type = ISAF_VALUE_INTEGER;
      out->integer = g_ascii_strtoll (text, NULL, 10);
      return;
    }
  switch (column->kind)
    {
    case ISAF_COLUMN_INTEGER:
    case ISAF_COLUMN_COUNT:
    case ISAF_COLUMN_RIEL:
    case ISAF_COLUMN_SCORE:
    case ISAF_COLUMN_BOOLEAN:
      out->type = ISAF_VALUE_INTEGER;
      out->integer = g_ascii_strtoll (text, NULL, 10);
      break;
    case ISAF_COLUMN_REAL:
      out->type = ISAF_VALUE_REAL;
      out->real = g_ascii_strtod (text, NULL);
      break;
    case ISAF_COLUMN_REFERENCE:
      if (isaf_uuid_parse (text, &out->id))
        out->type = ISAF_VALUE_ID;
      break;
    default:
      out->type = ISAF_VALUE_TEXT;
      out->text = g_strdup (text);
      break;
    }
}

char *
isaf_server_value_to_param (const IsafValue *value)
{
  char buffer[MAX (G_ASCII_DTOSTR_BUF_SIZE, ISAF_UUID_STRING_LENGTH + 1)];

  switch (value->type)
    {
    case ISAF_VALUE_INTEGER:
      return g_strdup_printf ("%" G_GINT64_FORMAT, value->integer);
    case ISAF_VALUE_REAL:
      return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, value->real));
    case ISAF_VALUE_TEXT:
      return g_strdup (value->text);
    case ISAF_VALUE_ID:
      isaf_uuid_to_buffer (&value->id, buffer);
      return g_strdup (buffer);
    case ISAF_VALUE_NULL:
    default:
      return NULL;
    }
}

gboolean
isaf_server_value_from_json (const IsafColumn *column,
                             const char       *json,
                             IsafValue        *out)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *node;
  GType type;

  memset (out, 0, sizeof *out);
  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL))
    return FALSE;
  node = json_parser_get_root (parser);
  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);

  if (column == NULL || column->kind == ISAF_COLUMN_INTEGER || column->kind == ISAF_COLUMN_COUNT
      || column->kind == ISAF_COLUMN_RIEL || column->kind == ISAF_COLUMN_SCORE
      || column->kind == ISAF_COLUMN_BOOLEAN)
    {
      if (type != G_TYPE_INT64)
        return FALSE;
      out->type = ISAF_VALUE_INTEGER;
      out->integer = json_node_get_int (node);
      return TRUE;
    }
  if (column->kind == ISAF_COLUMN_REAL)
    {
      if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
        return FALSE;
      out->type = ISAF_VALUE_REAL;
      out->real = json_node_get_double (node);
      return TRUE;
    }
  if (type != G_TYPE_STRING)
    return FALSE;
  if (column->kind == ISAF_COLUMN_REFERENCE)
    {
      out->type = ISAF_VALUE_ID;
      return isaf_uuid_parse (json_node_get_string (node), &out->id);
    }
  out->type = ISAF_VALUE_TEXT;
  out->text = g_strdup (json_node_get_string (node));
  return TRUE;
}

GHashTable *
isaf_server_clocks_parse (const char *json)
{
  GHashTable *clocks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return clocks;

  json_object_iter_init (&iter, json_node_get_object (json_parser_get_root (parser)));
  while (json_object_iter_next (&iter, &name, &member))
    {
      JsonArray *pair;
      IsafServerClock *clock;

      if (!JSON_NODE_HOLDS_ARRAY (member))
        continue;
      pair = json_node_get_array (member);
      if (json_array_get_length (pair) != 2)
        continue;
      clock = g_new (IsafServerClock, 1);
      clock->hlc = json_array_get_int_element (pair, 0);
      clock->node = json_array_get_int_element (pair, 1);
      g_hash_table_insert (clocks, g_strdup (name), clock);
    }
  return clocks;
}

char *
isaf_server_clocks_to_json (GHashTable *clocks)
{
  GString *json = g_string_new ("{");
  GHashTableIter iter;
  gpointer name, value;
  gboolean first = TRUE;

  g_hash_table_iter_init (&iter, clocks);
  while (g_hash_table_iter_next (&iter, &name, &value))
    {
      const IsafServerClock *clock = value;

      if (!first)
        g_string_append_c (json, ',');
      first = FALSE;
      /* Names come from the schema description: plain identifiers. */
      g_string_append_printf (json, "\"%s\":[%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT "]",
                              (const char *) name, clock->hlc, clock->node);
    }
  g_string_append_c (json, '}');
  return g_string_free (json, FALSE);
}
