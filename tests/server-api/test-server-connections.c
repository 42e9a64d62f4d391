/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-test"

#include "config.h"

#include <stdlib.h>

#include "isaf-test-server.h"

/* The workers' PostgreSQL connections (isaf-server-http.c): one kept per worker thread and
 * made again when it broke. A connection cut under the server, as a PostgreSQL restart cuts
 * them all, costs no laptop a failed request; and a server started after another one in the
 * same process never answers on the first one's connections. */

#define N_REQUESTS 24

static guint
count_answered (IsafTestServer *server)
{
  guint n_ok = 0;

  for (guint i = 0; i < N_REQUESTS; i++)
    {
      g_autoptr(GBytes) answer = NULL;

      if (isaf_test_server_request (server, "GET", "/v1/health", NULL, NULL, FALSE, &answer)
          == 200)
        n_ok++;
    }
  return n_ok;
}

static void
test_cut_connections (void)
{
  g_autoptr(IsafTestServer) server = isaf_test_server_start ();
  g_autofree char *n_cut = NULL;
  g_autofree char *n_after = NULL;

  /* Every request needs the database: the workers open their connections. */
  g_assert_cmpuint (count_answered (server), ==, N_REQUESTS);

  /* What a restart of PostgreSQL does to the server's connections. */
  n_cut = isaf_test_server_query_value (server,
                                        "SELECT count (pg_terminate_backend (pid)) "
                                        "FROM pg_stat_activity WHERE usename = 'isaf_api'");
  g_assert_cmpint (atoi (n_cut), >, 0);
  /* The backends exit, and close their sockets, a moment after they are told to. */
  for (guint waited = 0; ; waited++)
    {
      g_autofree char *n_left = isaf_test_server_query_value (server,
                                                              "SELECT count (*) "
                                                              "FROM pg_stat_activity "
                                                              "WHERE usename = 'isaf_api'");

      if (atoi (n_left) == 0)
        break;
      g_assert_cmpuint (waited, <, 500);
      g_usleep (10000);
    }

  g_assert_cmpuint (count_answered (server), ==, N_REQUESTS);
  n_after = isaf_test_server_query_value (server,
                                          "SELECT count (*) FROM pg_stat_activity "
                                          "WHERE usename = 'isaf_api'");
  g_assert_cmpint (atoi (n_after), >, 0);
}

static void
test_next_server (void)
{
  IsafTestServer *first = isaf_test_server_start ();
  g_autoptr(IsafTestServer) second = NULL;
  g_autofree char *first_socket = NULL;
  g_autofree char *seen = NULL;

  g_assert_cmpuint (count_answered (first), ==, N_REQUESTS);
  first_socket = g_strdup (isaf_test_pg_get_socket_dir (isaf_test_server_get_pg (first)));
  isaf_test_server_stop (first);

  /* GLib hands the first pool's idle threads to the second: their connections must not. */
  second = isaf_test_server_start ();
  g_assert_cmpstr (isaf_test_pg_get_socket_dir (isaf_test_server_get_pg (second)), !=,
                   first_socket);
  g_assert_cmpuint (count_answered (second), ==, N_REQUESTS);
  seen = isaf_test_server_query_value (second,
                                       "SELECT count (*) FROM pg_stat_activity "
                                       "WHERE usename = 'isaf_api'");
  g_assert_cmpint (atoi (seen), >, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/connections/cut", test_cut_connections);
  g_test_add_func ("/server/connections/next-server", test_next_server);

  return g_test_run ();
}
