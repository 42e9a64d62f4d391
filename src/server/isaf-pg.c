/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-server"

#include "config.h"

#include "isaf-pg.h"
#include "isaf-server-error.h"

G_DEFINE_QUARK (isaf-server-error-quark, isaf_server_error)

/* The SQLSTATE travels with the error as qdata on nothing else: it is kept in a thread-local
 * slot next to the last error made here, which is all callers need (a unique violation to tell
 * from any other failure). */
static GPrivate last_sqlstate = G_PRIVATE_INIT (g_free);

static void
set_pg_error (GError        **error,
              PGconn         *conn,
              const PGresult *result,
              const char     *what)
{
  const char *state = result ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  const char *message = result ? PQresultErrorMessage (result) : PQerrorMessage (conn);
  g_autofree char *detail = g_strstrip (g_strdup (message ? message : ""));

  g_private_replace (&last_sqlstate, g_strdup (state));
  g_set_error (error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_DATABASE, "%s: %s%s%s%s", what,
               state ? "SQLSTATE " : "", state ? state : "", state ? " " : "", detail);
}

const char *
isaf_pg_error_sqlstate (const GError *error)
{
  if (error == NULL || !g_error_matches (error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_DATABASE))
    return NULL;
  return g_private_get (&last_sqlstate);
}

PGconn *
isaf_pg_connect (const char  *conninfo,
                 GError     **error)
{
  g_autoptr(PGconn) conn = PQconnectdb (conninfo ? conninfo : "");

  if (PQstatus (conn) != CONNECTION_OK)
    {
      set_pg_error (error, conn, NULL, "could not connect to PostgreSQL");
      return NULL;
    }
  return g_steal_pointer (&conn);
}

PGresult *
isaf_pg_query (PGconn              *conn,
               const char          *sql,
               int                  n_params,
               const char * const  *params,
               GError             **error)
{
  g_autoptr(PGresult) result = PQexecParams (conn, sql, n_params, NULL, params, NULL, NULL, 0);
  ExecStatusType status = PQresultStatus (result);

  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
    {
      set_pg_error (error, conn, result, "query failed");
      return NULL;
    }
  return g_steal_pointer (&result);
}

gboolean
isaf_pg_exec (PGconn              *conn,
              const char          *sql,
              int                  n_params,
              const char * const  *params,
              GError             **error)
{
  g_autoptr(PGresult) result = isaf_pg_query (conn, sql, n_params, params, error);

  return result != NULL;
}

gboolean
isaf_pg_set_local (PGconn      *conn,
                   const char  *name,
                   const char  *value,
                   GError     **error)
{
  const char *params[] = { name, value };

  return isaf_pg_exec (conn, "SELECT set_config($1, $2, true)", 2, params, error);
}

gboolean
isaf_pg_begin (PGconn      *conn,
               const char  *commune_id,
               GError     **error)
{
  if (!isaf_pg_exec (conn, "BEGIN", 0, NULL, error))
    return FALSE;
  if (commune_id != NULL && !isaf_pg_set_local (conn, "app.commune_id", commune_id, error))
    {
      isaf_pg_rollback (conn);
      return FALSE;
    }
  return TRUE;
}

gboolean
isaf_pg_commit (PGconn  *conn,
                GError **error)
{
  return isaf_pg_exec (conn, "COMMIT", 0, NULL, error);
}

void
isaf_pg_rollback (PGconn *conn)
{
  PQclear (PQexec (conn, "ROLLBACK"));
}
