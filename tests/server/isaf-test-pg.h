/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A private, throwaway PostgreSQL server for the server tests: its own cluster in its own
 * temporary directory, reachable only through a Unix socket in that directory, with trust
 * authentication. Nothing is mocked: the tests talk to the real server with libpq.
 *
 * Once started, the cluster holds the roles isaf_owner (owner of the database "isaf") and
 * isaf_api (neither superuser nor BYPASSRLS), as the national server's deployment does.
 * Several clusters may run at once, in one process or in parallel test programs.
 *
 * The programs come from `pg_config --bindir`, else the newest /usr/lib/postgresql/N/bin, or
 * from $ISAF_TEST_PG_BINDIR when set. The bootstrap superuser is postgres when the tests run as
 * root (the cluster then runs as postgres, through runuser), else the current user.
 *
 * Call isaf_test_pg_start() from the thread that stops the cluster (the test's main thread):
 * on Linux the server is tied to the starting thread, so that a test that crashes or is killed
 * does not leave it running. */

#define ISAF_TEST_PG_ERROR (isaf_test_pg_error_quark ())

typedef enum {
  ISAF_TEST_PG_ERROR_NOT_INSTALLED,
  ISAF_TEST_PG_ERROR_FAILED,
} IsafTestPgError;

typedef struct _IsafTestPg IsafTestPg;

GQuark      isaf_test_pg_error_quark        (void);

IsafTestPg *isaf_test_pg_start              (GError    **error);
const char *isaf_test_pg_get_socket_dir     (IsafTestPg *pg);
char       *isaf_test_pg_conninfo           (IsafTestPg *pg,
                                             const char *role,
                                             const char *dbname);
char       *isaf_test_pg_superuser_conninfo (IsafTestPg *pg);
gboolean    isaf_test_pg_exec               (IsafTestPg *pg,
                                             const char *sql,
                                             GError    **error);
void        isaf_test_pg_stop               (IsafTestPg *pg);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafTestPg, isaf_test_pg_stop)

G_END_DECLS
