/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-server"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "isaf-pg.h"
#include "isaf-server-error.h"
#include "isaf-server-resources.h"
#include "isaf-server-schema.h"

/* isaf-server migrate: the national tables (data/server/), then one typed table per synced
 * table of the schema description, so the server's tables always match the laptops'. Every
 * statement is idempotent (IF NOT EXISTS, policies dropped and made again), so migrate on an
 * older database adds what is new: a column added to the description becomes a column here.
 * The whole migration is one transaction, serialised by an advisory lock, so two copies run
 * at once cannot interleave and a failure changes nothing.
 *
 * Identifiers are formatted into the statements: table and column names come only from the
 * compiled-in description, and the API role's name from the administrator, escaped by libpq. */

#define MIGRATION_LOCK "4915414601"

/* The national tables (data/server/) that hold one commune's rows, under commune_scope. The
 * blob table has a policy of its own there. */
static const char * const national_commune_tables[] = {
  "commune_stream", "device", "enrollment", "push_receipt", "conflict_log", "audit_log",
  "blob_part",
};

const char *
isaf_server_schema_column_type (const IsafColumn *column)
{
  switch (column->kind)
    {
    case ISAF_COLUMN_INTEGER:
    case ISAF_COLUMN_COUNT:
    case ISAF_COLUMN_RIEL:
    case ISAF_COLUMN_SCORE:
      return "bigint";
    case ISAF_COLUMN_BOOLEAN:
      return "smallint";
    case ISAF_COLUMN_REAL:
      return "double precision";
    case ISAF_COLUMN_REFERENCE:
      return "uuid";
    case ISAF_COLUMN_TEXT:
    case ISAF_COLUMN_DATE:
    case ISAF_COLUMN_CHOICE:
    case ISAF_COLUMN_VILLAGE_CODE:
    case ISAF_COLUMN_PHONE:
    default:
      return "text";
    }
}

/* Row-level security on a table with a commune_id: a request sees and writes only the rows of
 * the commune its token names (app.commune_id); with no commune set, nothing. */
static void
append_commune_scope (GString    *sql,
                      const char *name)
{
  g_string_append_printf (sql,
                          "ALTER TABLE %s ENABLE ROW LEVEL SECURITY;\n"
                          "ALTER TABLE %s FORCE ROW LEVEL SECURITY;\n"
                          "DROP POLICY IF EXISTS commune_scope ON %s;\n"
                          "CREATE POLICY commune_scope ON %s\n"
                          "  USING (commune_id = current_setting ('app.commune_id', true))\n"
                          "  WITH CHECK (commune_id = current_setting ('app.commune_id', true));\n",
                          name, name, name, name);
}

/* The commune data tables: id, commune, position in the commune's stream, tombstone, the
 * clock of each field (field → [hlc, node]) and the fields. No column is NOT NULL beyond
 * those: fields merge one by one, and required fields are checked when a row is created. */
static void
append_data_table (GString         *sql,
                   const IsafTable *table,
                   const char      *api_role)
{
  const char *name = table->name;

  g_string_append_printf (sql,
                          "CREATE TABLE IF NOT EXISTS %s (\n"
                          "  id uuid PRIMARY KEY,\n"
                          "  commune_id text NOT NULL,\n"
                          "  seq bigint NOT NULL,\n"
                          "  deleted smallint NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),\n"
                          "  clocks jsonb NOT NULL DEFAULT '{}'\n"
                          ");\n",
                          name);
  for (guint i = 0; i < table->n_columns; i++)
    g_string_append_printf (sql, "ALTER TABLE %s ADD COLUMN IF NOT EXISTS %s %s;\n", name,
                            table->columns[i].name,
                            isaf_server_schema_column_type (&table->columns[i]));
  g_string_append_printf (sql, "CREATE INDEX IF NOT EXISTS %s_stream ON %s (commune_id, seq);\n",
                          name, name);
  append_commune_scope (sql, name);
  g_string_append_printf (sql, "GRANT SELECT, INSERT, UPDATE ON %s TO %s;\n", name, api_role);
}

/* What the API may do with the national tables: never DELETE anything but the parts of an
 * uploaded file, which are scaffolding, not data: once joined into the file (or found not to
 * have its hash) they are dropped, else every attachment would be kept twice. Never write the
 * reference data (publish-ref runs as the owner). */
static void
append_grants (GString    *sql,
               const char *api_role)
{
  static const char * const grants[] = {
    "SELECT, INSERT, UPDATE ON commune_stream",
    "SELECT, INSERT, UPDATE ON device",
    "SELECT, INSERT, UPDATE ON enrollment",
    "SELECT, INSERT, UPDATE ON push_receipt",
    "SELECT, INSERT ON conflict_log",
    "SELECT, INSERT ON audit_log",
    "USAGE ON SEQUENCE audit_log_id_seq",
    "USAGE ON SEQUENCE device_node_seq",
    "SELECT ON ref_stream",
    "SELECT ON ref_version",
    "SELECT, INSERT ON blob",
    "SELECT, INSERT, DELETE ON blob_part",
    "SELECT ON schema_version",
  };

  for (guint i = 0; i < G_N_ELEMENTS (grants); i++)
    g_string_append_printf (sql, "GRANT %s TO %s;\n", grants[i], api_role);
}

/* Looked up in the resource itself, not the global ones: a static library's resource is only
 * linked in when something names it. */
static GBytes *
load_national_sql (GError **error)
{
  return g_resource_lookup_data (isaf_server_get_resource (),
                                 "/kh/gov/ncdd/IsafServer/0001-national.sql",
                                 G_RESOURCE_LOOKUP_FLAGS_NONE, error);
}

/**
 * isaf_server_schema_migrate:
 * @owner: a connection as the role that owns (or will own) the tables
 * @api_role: the role isaf-server serve connects as; granted what the API needs
 * @version_out: (out) (optional): the schema version now in the database
 * @error: return location for an %ISAF_SERVER_ERROR
 *
 * Creates or upgrades the national schema, in one transaction.
 */
gboolean
isaf_server_schema_migrate (PGconn      *owner,
                            const char  *api_role,
                            int         *version_out,
                            GError     **error)
{
  g_autoptr(GBytes) national = load_national_sql (error);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *escaped_role = NULL;
  g_autoptr(PGresult) result = NULL;
  char *quoted;
  const char *lock[] = { MIGRATION_LOCK };
  g_autofree char *version = g_strdup_printf ("%d", ISAF_SERVER_SCHEMA_VERSION);
  const char *version_param[] = { version };

  if (national == NULL)
    return FALSE;
  quoted = PQescapeIdentifier (owner, api_role, strlen (api_role));
  if (quoted == NULL)
    {
      g_set_error (error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_CONFIG,
                   "the API role name “%s” cannot be used", api_role);
      return FALSE;
    }
  escaped_role = g_strdup (quoted);
  PQfreemem (quoted);

  g_string_append_len (sql, g_bytes_get_data (national, NULL), g_bytes_get_size (national));
  g_string_append (sql, "\nCREATE TABLE IF NOT EXISTS schema_version (\n"
                        "  version integer PRIMARY KEY,\n"
                        "  migrated_at timestamptz NOT NULL DEFAULT now()\n"
                        ");\n");
  for (guint i = 0; i < G_N_ELEMENTS (national_commune_tables); i++)
    append_commune_scope (sql, national_commune_tables[i]);
  for (guint i = 0; i < isaf_schema_n_tables (); i++)
    append_data_table (sql, isaf_schema_table_at (i), escaped_role);
  append_grants (sql, escaped_role);

  if (!isaf_pg_begin (owner, NULL, error))
    return FALSE;
  if (!isaf_pg_exec (owner, "SELECT pg_advisory_xact_lock ($1::bigint)", 1, lock, error))
    goto failed;
  /* Several statements at once need the simple protocol; none of them has a parameter. */
  result = PQexec (owner, sql->str);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    {
      g_set_error (error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_DATABASE, "migration failed: %s",
                   PQresultErrorMessage (result));
      goto failed;
    }
  if (!isaf_pg_exec (owner,
                     "INSERT INTO schema_version (version) VALUES ($1::integer) "
                     "ON CONFLICT DO NOTHING",
                     1, version_param, error)
      || !isaf_pg_commit (owner, error))
    goto failed;

  if (version_out != NULL)
    *version_out = ISAF_SERVER_SCHEMA_VERSION;
  return TRUE;

failed:
  isaf_pg_rollback (owner);
  return FALSE;
}
