/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-server"

#include "config.h"

#include "isaf-dump-format.h"
#include "isaf-pg.h"
#include "isaf-server-dump.h"
#include "isaf-server-values.h"
#include "isaf-validate.h"

static gboolean
dump_table (PGconn          *conn,
            const IsafTable *table,
            GString         *out,
            GError         **error)
{
  g_autoptr(GPtrArray) names = isaf_dump_column_names (table);
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  g_autoptr(PGresult) rows = NULL;

  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (sql, "%s%s", i ? ", " : "", (const char *) names->pdata[i]);
  /* uuid sorts by its bytes, as SQLite sorts the laptop's blob ids. */
  g_string_append_printf (sql, " FROM %s ORDER BY id", table->name);
  rows = isaf_pg_query (conn, sql->str, 0, NULL, error);
  if (rows == NULL)
    return FALSE;

  isaf_dump_append_json_string (out, table->name);
  g_string_append (out, ":[");
  for (int r = 0; r < PQntuples (rows); r++)
    {
      g_string_append (out, r == 0 ? "\n{" : ",\n{");
      for (guint i = 0; i < names->len; i++)
        {
          const char *name = names->pdata[i];
          IsafValue value = { ISAF_VALUE_NULL };

          if (g_str_equal (name, "id"))
            {
              value.type = ISAF_VALUE_ID;
              isaf_uuid_parse (PQgetvalue (rows, r, i), &value.id);
            }
          else if (g_str_equal (name, "commune_id"))
            {
              value.type = ISAF_VALUE_TEXT;
              value.text = g_strdup (PQgetvalue (rows, r, i));
            }
          else
            isaf_server_value_from_pg (isaf_schema_find_column (table, name), rows, r, i, &value);
          g_string_append_printf (out, "%s\"%s\":", i ? "," : "", name);
          isaf_dump_append_value (out, &value);
          isaf_value_clear (&value);
        }
      g_string_append_c (out, '}');
    }
  g_string_append (out, PQntuples (rows) > 0 ? "\n]" : "]");
  return TRUE;
}

gboolean
isaf_server_dump (PGconn        *conn,
                  const char    *commune_id,
                  GOutputStream *output,
                  GError       **error)
{
  g_autoptr(GPtrArray) tables = isaf_dump_table_names ();
  g_autoptr(GString) out = g_string_new (NULL);

  if (!isaf_validate_commune_code (commune_id, error))
    return FALSE;
  if (!isaf_pg_exec (conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL, error))
    return FALSE;
  if (!isaf_pg_set_local (conn, "app.commune_id", commune_id, error))
    goto failed;

  isaf_dump_append_header (out, commune_id);
  for (guint i = 0; i < tables->len; i++)
    {
      g_string_append (out, i > 0 ? ",\n" : "\n");
      if (!dump_table (conn, isaf_schema_find_table (tables->pdata[i]), out, error))
        goto failed;
    }
  isaf_dump_append_footer (out);
  isaf_pg_rollback (conn);
  return g_output_stream_write_all (output, out->str, out->len, NULL, NULL, error);

failed:
  isaf_pg_rollback (conn);
  return FALSE;
}
