/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-dump"

#include "config.h"

#include <string.h>

#include "isaf-dump.h"
#include "isaf-dump-format.h"
#include "isaf-uuid.h"

void
isaf_dump_append_json_string (GString    *out,
                              const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      guchar c = *p;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, c);
        }
    }
  g_string_append_c (out, '"');
}

void
isaf_dump_append_value (GString         *out,
                        const IsafValue *value)
{
  char buffer[MAX (G_ASCII_DTOSTR_BUF_SIZE, ISAF_UUID_STRING_LENGTH + 1)];

  switch (value->type)
    {
    case ISAF_VALUE_INTEGER:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, value->integer);
      break;
    case ISAF_VALUE_REAL:
      g_string_append (out, g_ascii_dtostr (buffer, sizeof buffer, value->real));
      break;
    case ISAF_VALUE_TEXT:
      isaf_dump_append_json_string (out, value->text);
      break;
    case ISAF_VALUE_ID:
      isaf_uuid_to_buffer (&value->id, buffer);
      isaf_dump_append_json_string (out, buffer);
      break;
    case ISAF_VALUE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
isaf_dump_column_names (const IsafTable *table)
{
  GPtrArray *names = g_ptr_array_new ();

  g_ptr_array_add (names, (gpointer) "id");
  g_ptr_array_add (names, (gpointer) "commune_id");
  g_ptr_array_add (names, (gpointer) "deleted");
  for (guint i = 0; i < table->n_columns; i++)
    g_ptr_array_add (names, (gpointer) table->columns[i].name);
  g_ptr_array_sort (names, compare_names);
  return names;
}

GPtrArray *
isaf_dump_table_names (void)
{
  GPtrArray *names = g_ptr_array_new ();

  for (guint i = 0; i < isaf_schema_n_tables (); i++)
    g_ptr_array_add (names, (gpointer) isaf_schema_table_at (i)->name);
  g_ptr_array_sort (names, compare_names);
  return names;
}

void
isaf_dump_append_header (GString    *out,
                         const char *commune_id)
{
  g_string_append (out, "{\"commune_id\":");
  if (commune_id)
    isaf_dump_append_json_string (out, commune_id);
  else
    g_string_append (out, "null");
  g_string_append_printf (out, ",\"format\":\"isaf-commune-dump\",\"format_version\":%d,"
                               "\"tables\":{", ISAF_DUMP_FORMAT_VERSION);
}

void
isaf_dump_append_footer (GString *out)
{
  g_string_append (out, "\n}}\n");
}
