/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdlib.h>

#include "isaf-database.h"
#include "isaf-demo.h"
#include "isaf-overview.h"

/* Opening a 10-year demo database and being ready to query (the checks of the file, the
 * pragmas, the worker thread and the first query), against a bare sqlite3 open and the same
 * query, in the same run. Target: under 50 ms. */

#define ROUNDS 21
#define TARGET_MS 50.0

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
time_store_open (const char *path)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autoptr(IsafDatabase) database = isaf_database_open (path, ISAF_DATABASE_OPEN_EXISTING, &error);
  double elapsed;

  if (database == NULL || isaf_overview_latest_year (database, &error) <= 0)
    g_error ("open: %s", error ? error->message : "no cycle");
  elapsed = (g_get_monotonic_time () - start) / 1000.0;
  isaf_database_close (database);
  return elapsed;
}

static double
time_bare_open (const char *path)
{
  gint64 start = g_get_monotonic_time ();
  sqlite3 *conn = NULL;
  sqlite3_stmt *stmt = NULL;
  double elapsed;

  if (sqlite3_open_v2 (path, &conn, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK
      || sqlite3_prepare_v2 (conn, "SELECT max (year) FROM cycle WHERE deleted = 0", -1, &stmt,
                             NULL) != SQLITE_OK
      || sqlite3_step (stmt) != SQLITE_ROW)
    g_error ("bare open: %s", sqlite3_errmsg (conn));
  elapsed = (g_get_monotonic_time () - start) / 1000.0;
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
  return elapsed;
}

int
main (void)
{
  g_autofree char *dir = g_dir_make_tmp ("isaf-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "demo.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  IsafDemoOptions options = { .commune_code = "010201", .years = 10, .seed = 1 };
  double store_times[ROUNDS], bare_times[ROUNDS], store_median, bare_median;
  GStatBuf info;

  {
    g_autoptr(IsafDatabase) database = isaf_database_open (path, ISAF_DATABASE_OPEN_CREATE_NEW, &error);

    if (database == NULL || !isaf_demo_generate (database, &options, &error))
      g_error ("demo: %s", error->message);
    isaf_database_close (database);
  }
  g_stat (path, &info);

  for (guint i = 0; i < ROUNDS; i++)
    {
      store_times[i] = time_store_open (path);
      bare_times[i] = time_bare_open (path);
    }
  qsort (store_times, ROUNDS, sizeof (double), compare_doubles);
  qsort (bare_times, ROUNDS, sizeof (double), compare_doubles);
  store_median = store_times[ROUNDS / 2];
  bare_median = bare_times[ROUNDS / 2];

  g_print ("open a 10-year demo database (%.1f MB) ready to query: %.2f ms (median of %d), "
           "target < %.0f ms\n", info.st_size / 1e6, store_median, ROUNDS, TARGET_MS);
  g_print ("bare sqlite3 open and the same query: %.2f ms\n", bare_median);
  g_print ("ratio against bare: %.1fx\n", store_median / bare_median);

  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d && (name = g_dir_read_name (d)))
      {
        g_autofree char *file = g_build_filename (dir, name, NULL);

        g_unlink (file);
      }
    g_rmdir (dir);
  }

  return store_median < TARGET_MS ? 0 : 1;
}
