/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

/* libpq, the way isaf-server uses it: every value bound as a text parameter (never formatted
 * into SQL), every failure turned into a GError of ISAF_SERVER_ERROR whose message is for the
 * log; libpq's own text never reaches a client. */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

PGconn   *isaf_pg_connect   (const char  *conninfo,
                             GError     **error);
/* Runs @sql with @n_params text parameters (NULL for SQL NULL); NULL and @error set unless the
 * command succeeded. */
PGresult *isaf_pg_query     (PGconn      *conn,
                             const char  *sql,
                             int          n_params,
                             const char * const *params,
                             GError     **error);
gboolean  isaf_pg_exec      (PGconn      *conn,
                             const char  *sql,
                             int          n_params,
                             const char * const *params,
                             GError     **error);
/* BEGIN, and SET LOCAL app.commune_id (row-level security) when @commune_id is not NULL. */
gboolean  isaf_pg_begin     (PGconn      *conn,
                             const char  *commune_id,
                             GError     **error);
gboolean  isaf_pg_commit    (PGconn      *conn,
                             GError     **error);
/* Ends a transaction that failed; never fails itself (a broken connection is reset later). */
void      isaf_pg_rollback  (PGconn      *conn);
/* Sets a transaction-local setting (app.*) that row-level security policies read. */
gboolean  isaf_pg_set_local (PGconn      *conn,
                             const char  *name,
                             const char  *value,
                             GError     **error);
/* The SQLSTATE of the last failure that @error came from, or NULL. */
const char *isaf_pg_error_sqlstate (const GError *error);

G_END_DECLS
