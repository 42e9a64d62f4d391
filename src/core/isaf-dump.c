/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-dump"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "isaf-dump.h"
#include "isaf-dump-format.h"
#include "isaf-error.h"
#include "isaf-schema.h"
#include "isaf-uuid.h"

/* The canonical JSON of a database's synced tables (the format is described in README.md):
 * the same content always gives the same bytes, so two replicas of a commune, a laptop and
 * the national server, can be compared with a byte comparison. Tables and keys are sorted by
 * name, rows by id; every column is written, NULL included; ids are UUID strings; reals use
 * the shortest text that reads back to the same number (isaf-dump-format.c). */

typedef struct {
  GOutputStream *output;
} DumpJob;

/* A column as the dump writes it: a 16-byte blob is an id, any other blob has no place in
 * the synced tables and is written as null. */
static void
append_column (GString      *out,
               sqlite3_stmt *stmt,
               int           column)
{
  IsafValue value = { ISAF_VALUE_NULL };

  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_INTEGER:
      value.type = ISAF_VALUE_INTEGER;
      value.integer = sqlite3_column_int64 (stmt, column);
      break;
    case SQLITE_FLOAT:
      value.type = ISAF_VALUE_REAL;
      value.real = sqlite3_column_double (stmt, column);
      break;
    case SQLITE_BLOB:
      if (sqlite3_column_bytes (stmt, column) == 16)
        {
          value.type = ISAF_VALUE_ID;
          memcpy (value.id.bytes, sqlite3_column_blob (stmt, column), 16);
        }
      break;
    case SQLITE_TEXT:
      value.type = ISAF_VALUE_TEXT;
      value.text = (char *) sqlite3_column_text (stmt, column);
      break;
    default:
      break;
    }
  isaf_dump_append_value (out, &value);
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
  g_autoptr(GPtrArray) names = isaf_dump_column_names (table);
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  sqlite3_stmt *stmt;
  gboolean first_row = TRUE;
  int rc;

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
          append_column (out, stmt, i);
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
  g_autoptr(GPtrArray) tables = isaf_dump_table_names ();
  g_autoptr(GString) out = g_string_new (NULL);

  isaf_dump_append_header (out, isaf_database_get_commune_code (database));

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

  isaf_dump_append_footer (out);
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
