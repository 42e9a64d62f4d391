/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-pg-harness"

#include "config.h"

#include <string.h>

#include <libpq-fe.h>

#include "isaf-test-pg.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

typedef struct {
  IsafTestPg *pg;
  char *dir;
} Fixture;

static void
fixture_setup (Fixture      *fixture,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  fixture->pg = isaf_test_pg_start (&error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->pg);
  fixture->dir = g_strdup (isaf_test_pg_get_socket_dir (fixture->pg));
}

static void
fixture_teardown (Fixture      *fixture,
                  gconstpointer data)
{
  g_clear_pointer (&fixture->pg, isaf_test_pg_stop);
  g_assert_false (g_file_test (fixture->dir, G_FILE_TEST_EXISTS));
  g_clear_pointer (&fixture->dir, g_free);
}

static PGconn *
connect_as (IsafTestPg *pg,
            const char *role,
            const char *dbname)
{
  g_autofree char *conninfo = isaf_test_pg_conninfo (pg, role, dbname);
  PGconn *conn = PQconnectdb (conninfo);

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("Cannot connect with “%s”: %s", conninfo, PQerrorMessage (conn));
  return conn;
}

static void
exec_ok (PGconn     *conn,
         const char *sql)
{
  g_autoptr(PGresult) result = PQexec (conn, sql);

  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("“%s” failed: %s", sql, PQresultErrorMessage (result));
}

/* The one value that @sql returns, as text; NULL for SQL NULL. */
static char *
query_value (PGconn     *conn,
             const char *sql)
{
  g_autoptr(PGresult) result = PQexec (conn, sql);

  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("“%s” failed: %s", sql, PQresultErrorMessage (result));
  g_assert_cmpint (PQntuples (result), ==, 1);
  g_assert_cmpint (PQnfields (result), ==, 1);
  if (PQgetisnull (result, 0, 0))
    return NULL;
  return g_strdup (PQgetvalue (result, 0, 0));
}

static void
assert_value (PGconn     *conn,
              const char *sql,
              const char *expected)
{
  g_autofree char *value = query_value (conn, sql);

  g_assert_cmpstr (value, ==, expected);
}

static void
test_roles (Fixture      *fixture,
            gconstpointer data)
{
  g_autoptr(PGconn) api = connect_as (fixture->pg, "isaf_api", "isaf");
  g_autoptr(PGconn) owner = connect_as (fixture->pg, "isaf_owner", "isaf");
  g_autofree char *conninfo = isaf_test_pg_superuser_conninfo (fixture->pg);
  g_autoptr(PGconn) super = PQconnectdb (conninfo);

  assert_value (api, "SELECT current_user", "isaf_api");
  assert_value (api, "SELECT current_database()", "isaf");
  assert_value (api, "SELECT rolsuper FROM pg_roles WHERE rolname = 'isaf_api'", "f");
  assert_value (api, "SELECT rolbypassrls FROM pg_roles WHERE rolname = 'isaf_api'", "f");
  assert_value (api, "SELECT rolcanlogin FROM pg_roles WHERE rolname = 'isaf_api'", "t");

  assert_value (owner, "SELECT current_user", "isaf_owner");
  assert_value (owner, "SELECT rolsuper FROM pg_roles WHERE rolname = 'isaf_owner'", "f");
  assert_value (owner, "SELECT pg_get_userbyid (datdba) FROM pg_database "
                       "WHERE datname = 'isaf'", "isaf_owner");
  assert_value (owner, "SELECT pg_encoding_to_char (encoding) FROM pg_database "
                       "WHERE datname = 'isaf'", "UTF8");

  g_assert_cmpint (PQstatus (super), ==, CONNECTION_OK);
  assert_value (super, "SELECT current_database()", "isaf");
  assert_value (super, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user", "t");
}

static void
test_owner_table (Fixture      *fixture,
                  gconstpointer data)
{
  g_autoptr(PGconn) owner = connect_as (fixture->pg, "isaf_owner", "isaf");
  g_autoptr(PGconn) api = connect_as (fixture->pg, "isaf_api", "isaf");
  g_autoptr(PGresult) refused = NULL;

  exec_ok (owner, "CREATE TABLE scorecard (id integer PRIMARY KEY, commune text NOT NULL)");
  exec_ok (owner, "INSERT INTO scorecard VALUES (1, '010201')");

  assert_value (api, "SELECT to_regclass ('public.scorecard') IS NOT NULL", "t");
  assert_value (api, "SELECT tableowner FROM pg_tables WHERE tablename = 'scorecard'",
                "isaf_owner");
  assert_value (owner, "SELECT commune FROM scorecard WHERE id = 1", "010201");

  /* PostgreSQL 15 no longer lets every role create in public: the API role owns nothing. */
  refused = PQexec (api, "CREATE TABLE intruder (id integer)");
  g_assert_cmpint (PQresultStatus (refused), ==, PGRES_FATAL_ERROR);
  g_assert_cmpstr (PQresultErrorField (refused, PG_DIAG_SQLSTATE), ==, "42501");
}

static void
test_socket_only (Fixture      *fixture,
                  gconstpointer data)
{
  g_autoptr(PGconn) api = connect_as (fixture->pg, "isaf_api", "isaf");
  g_autofree char *conninfo = isaf_test_pg_superuser_conninfo (fixture->pg);
  g_autoptr(PGconn) super = PQconnectdb (conninfo);
  g_autofree char *port = NULL;
  g_autofree char *socket_name = NULL;
  g_autofree char *socket_path = NULL;

  assert_value (api, "SHOW listen_addresses", "");
  g_assert_cmpint (PQstatus (super), ==, CONNECTION_OK);
  assert_value (super, "SHOW unix_socket_directories", fixture->dir);
  /* NULL over a Unix socket. */
  assert_value (api, "SELECT inet_server_addr () IS NULL", "t");
  assert_value (api, "SHOW fsync", "off");

  port = query_value (api, "SHOW port");
  socket_name = g_strdup_printf (".s.PGSQL.%s", port);
  socket_path = g_build_filename (fixture->dir, socket_name, NULL);
  g_assert_true (g_file_test (socket_path, G_FILE_TEST_EXISTS));
}

static void
test_exec (Fixture      *fixture,
           gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) api = NULL;

  g_assert_true (isaf_test_pg_exec (fixture->pg,
                                    "CREATE TABLE village (code text PRIMARY KEY);"
                                    "INSERT INTO village VALUES ('01020101'), ('01020102');"
                                    "GRANT SELECT ON village TO isaf_api",
                                    &error));
  g_assert_no_error (error);

  api = connect_as (fixture->pg, "isaf_api", "isaf");
  assert_value (api, "SELECT count(*) FROM village", "2");

  g_assert_false (isaf_test_pg_exec (fixture->pg, "SELEC 1", &error));
  g_assert_error (error, ISAF_TEST_PG_ERROR, ISAF_TEST_PG_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "syntax error"));
}

static void
test_two_clusters (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafTestPg) first = NULL;
  g_autoptr(IsafTestPg) second = NULL;
  g_autoptr(PGconn) first_conn = NULL;
  g_autoptr(PGconn) second_conn = NULL;
  g_autofree char *first_dir = NULL;
  g_autofree char *second_dir = NULL;
  g_autofree char *first_conninfo = NULL;
  g_autofree char *second_conninfo = NULL;

  first = isaf_test_pg_start (&error);
  g_assert_no_error (error);
  second = isaf_test_pg_start (&error);
  g_assert_no_error (error);

  first_dir = g_strdup (isaf_test_pg_get_socket_dir (first));
  second_dir = g_strdup (isaf_test_pg_get_socket_dir (second));
  g_assert_cmpstr (first_dir, !=, second_dir);

  g_assert_true (isaf_test_pg_exec (first, "CREATE TABLE only_first (n integer);"
                                    "INSERT INTO only_first VALUES (1)", &error));
  g_assert_no_error (error);
  g_assert_true (isaf_test_pg_exec (second, "CREATE TABLE only_second (n integer);"
                                    "INSERT INTO only_second VALUES (2), (3)", &error));
  g_assert_no_error (error);

  first_conninfo = isaf_test_pg_superuser_conninfo (first);
  second_conninfo = isaf_test_pg_superuser_conninfo (second);
  first_conn = PQconnectdb (first_conninfo);
  second_conn = PQconnectdb (second_conninfo);
  g_assert_cmpint (PQstatus (first_conn), ==, CONNECTION_OK);
  g_assert_cmpint (PQstatus (second_conn), ==, CONNECTION_OK);
  assert_value (first_conn, "SELECT to_regclass ('only_first') IS NOT NULL", "t");
  assert_value (first_conn, "SELECT to_regclass ('only_second') IS NULL", "t");
  assert_value (second_conn, "SELECT to_regclass ('only_second') IS NOT NULL", "t");
  assert_value (second_conn, "SELECT to_regclass ('only_first') IS NULL", "t");
  assert_value (first_conn, "SELECT sum (n) FROM only_first", "1");
  assert_value (second_conn, "SELECT sum (n) FROM only_second", "5");

  /* Stopping one leaves the other serving, even with a session still open on the first. */
  g_clear_pointer (&first, isaf_test_pg_stop);
  g_assert_false (g_file_test (first_dir, G_FILE_TEST_EXISTS));
  assert_value (second_conn, "SELECT sum (n) FROM only_second", "5");

  g_clear_pointer (&second, isaf_test_pg_stop);
  g_assert_false (g_file_test (second_dir, G_FILE_TEST_EXISTS));
}

static void
test_not_installed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafTestPg) pg = NULL;

  g_setenv ("ISAF_TEST_PG_BINDIR", "/nonexistent/postgresql/bin", TRUE);
  pg = isaf_test_pg_start (&error);
  g_unsetenv ("ISAF_TEST_PG_BINDIR");

  g_assert_null (pg);
  g_assert_error (error, ISAF_TEST_PG_ERROR, ISAF_TEST_PG_ERROR_NOT_INSTALLED);
  g_assert_nonnull (strstr (error->message, "Debian package postgresql"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/pg-harness/roles", Fixture, NULL, fixture_setup, test_roles, fixture_teardown);
  g_test_add ("/pg-harness/owner-table", Fixture, NULL,
              fixture_setup, test_owner_table, fixture_teardown);
  g_test_add ("/pg-harness/socket-only", Fixture, NULL,
              fixture_setup, test_socket_only, fixture_teardown);
  g_test_add ("/pg-harness/exec", Fixture, NULL, fixture_setup, test_exec, fixture_teardown);
  g_test_add_func ("/pg-harness/two-clusters", test_two_clusters);
  g_test_add_func ("/pg-harness/not-installed", test_not_installed);

  return g_test_run ();
}
