/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-dump"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "isaf-dump.h"
#include "isaf-error.h"
#include "isaf-schema.h"
#include "isaf-uuid.h"

/* The canonical JSON of a database's synced tables (the format is described in README.md):
 * the same content always gives the same bytes, so two replicas of a commune, a laptop and
 * the national server, can be compared with a byte comparison. Tables and keys are sorted by
 * name, rows by id; every column is written, NULL included; ids are UUID strings; reals use
 * the shortest text that reads back to the same number. */

typedef struct {
  GOutputStream *output;
} DumpJob;

static void
append_json_string (GString    *out,
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

static void
append_value (GString      *out,
              sqlite3_stmt *stmt,
              int           column)
{
  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_NULL:
      g_string_append (out, "null");
      break;
    case SQLITE_INTEGER:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, column));
      break;
    case SQLITE_FLOAT:
      {
        char buffer[G_ASCII_DTOSTR_BUF_SIZE];

        g_string_append (out, g_ascii_dtostr (buffer, sizeof buffer,
                                              sqlite3_column_double (stmt, column)));
      }
      break;
    case SQLITE_BLOB:
      if (sqlite3_column_bytes (stmt, column) == 16)
        {
          char id[ISAF_UUID_STRING_LENGTH + 1];

          isaf_uuid_to_buffer (sqlite3_column_blob (stmt, column), id);
          append_json_string (out, id);
        }
      else
        g_string_append (out, "null");
      break;
    default:
      append_json_string (out, (const char *) sqlite3_column_text (stmt, column));
      break;
    }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
write_text (GOutputStream *output,
            GString       *text,
            GError       **error)
{
  gboolean ok = g_output_stream_write_all (output, text->str, text->len, NULL, NULL, error);

  g_string_truncate (text, 0);
  return ok;
}

static gboolean
dump_table (IsafDatabase    *database,
            const IsafTable *table,
            GString         *out,
            GOutputStream   *output,
            GError         **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  sqlite3_stmt *stmt;
  gboolean first_row = TRUE;
  int rc;

  g_ptr_array_add (names, (gpointer) "id");
  g_ptr_array_add (names, (gpointer) "commune_id");
  g_ptr_array_add (names, (gpointer) "deleted");
  for (guint i = 0; i < table->n_columns; i++)
    g_ptr_array_add (names, (gpointer) table->columns[i].name);
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (sql, "%s%s", i ? ", " : "", (const char *) names->pdata[i]);
  g_string_append_printf (sql, " FROM %s ORDER BY id", table->name);

  stmt = isaf_database_prepare (database, sql->str, error);
  if (stmt == NULL)
    return FALSE;

  g_string_append (out, "\"");
  g_string_append (out, table->name);
  g_string_append (out, "\":[");

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_string_append (out, first_row ? "\n{" : ",\n{");
      first_row = FALSE;
      for (guint i = 0; i < names->len; i++)
        {
          g_string_append_printf (out, "%s\"%s\":", i ? "," : "", (const char *) names->pdata[i]);
          append_value (out, stmt, i);
        }
      g_string_append_c (out, '}');

      if (out->len > 64 * 1024 && !write_text (output, out, error))
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      isaf_database_set_error (database, rc, error);
      return FALSE;
    }

  g_string_append (out, first_row ? "]" : "\n]");
  return TRUE;
}

static gboolean
dump_job (IsafDatabase *database,
          gpointer      data,
          GError      **error)
{
  DumpJob *job = data;
  g_autoptr(GPtrArray) tables = g_ptr_array_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  const char *commune = isaf_database_get_commune_code (database);

  for (guint i = 0; i < isaf_schema_n_tables (); i++)
    g_ptr_array_add (tables, (gpointer) isaf_schema_table_at (i)->name);
  g_ptr_array_sort (tables, compare_names);

  g_string_append (out, "{\"commune_id\":");
  if (commune)
    append_json_string (out, commune);
  else
    g_string_append (out, "null");
  g_string_append_printf (out, ",\"format\":\"isaf-commune-dump\",\"format_version\":%d,"
                               "\"tables\":{", ISAF_DUMP_FORMAT_VERSION);

  for (guint i = 0; i < tables->len; i++)
    {
      if (i > 0)
        g_string_append (out, ",\n");
      else
        g_string_append_c (out, '\n');
      if (!dump_table (database, isaf_schema_find_table (tables->pdata[i]), out, job->output,
                       error))
        return FALSE;
    }

  g_string_append (out, "\n}}\n");
  return write_text (job->output, out, error);
}

/* Writes the canonical JSON of every synced table to @output, from one consistent snapshot. */
gboolean
isaf_dump_write (IsafDatabase  *database,
                 GOutputStream *output,
                 GError       **error)
{
  DumpJob job = { output };

  g_return_val_if_fail (ISAF_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (output), FALSE);

  return isaf_database_run (database, ISAF_DATABASE_READ, dump_job, &job, error);
}
