/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "isaf-error.h"
#include "isaf-pg.h"
#include "isaf-reference.h"
#include "isaf-server-ref.h"
#include "isaf-sync-client.h"
#include "isaf-sync-local.h"
#include "isaf-test-server.h"

/* The national reference stream from publication to the laptop, all real: the owner publishes
 * a new version of a set with isaf-server's publish-ref function, a laptop with the bundled
 * sets syncs, and from then on reads the new version's indicators. A second sync installs
 * nothing; a body damaged at the server is refused and nothing of it is installed. */

#define COMMUNE "010201"

typedef struct {
  IsafTestServer *server;
  PGconn *owner;
  char *dir;
  char *path;
  IsafDatabase *database;
  IsafSyncClient *client;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *owner_info = NULL;
  g_autofree char *code = NULL;
  g_autofree char *url = NULL;

  fixture->server = isaf_test_server_start ();
  owner_info = isaf_test_pg_conninfo (isaf_test_server_get_pg (fixture->server), "isaf_owner",
                                      "isaf");
  fixture->owner = isaf_pg_connect (owner_info, &error);
  g_assert_no_error (error);
  fixture->dir = g_dir_make_tmp ("isaf-reference-XXXXXX", &error);
  g_assert_no_error (error);

  /* A laptop as the setup assistant leaves it: the bundled sets installed, then enrolled. */
  fixture->path = g_build_filename (fixture->dir, "laptop.sqlite", NULL);
  fixture->database = isaf_database_open (fixture->path, ISAF_DATABASE_OPEN_CREATE_NEW, &error);
  g_assert_no_error (error);
  g_assert_true (isaf_reference_install_bundled (fixture->database, &error));
  g_assert_no_error (error);
  fixture->client = isaf_sync_client_new (fixture->database);
  code = isaf_test_server_new_code (fixture->server, COMMUNE);
  url = g_strdup_printf ("http://127.0.0.1:%u", isaf_test_server_get_port (fixture->server));
  g_assert_true (isaf_sync_client_enroll (fixture->client, url, code, "laptop", &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  g_clear_object (&fixture->client);
  isaf_database_close (fixture->database);
  g_clear_object (&fixture->database);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
  PQfinish (fixture->owner);
  isaf_test_server_stop (fixture->server);
}

/* The file of a version of the I4C set: two health-centre indicators and one for schools, named
 * after the version so that each version's rows differ. */
static char *
i4c_set_text (int version)
{
  return g_strdup_printf ("# I4C indicators, national set\n"
                          "# dataset: i4c-indicators\n"
                          "# version: %d\n"
                          "hc_v%d_staff\thealth_centre\t1\tបុគ្គលិកសុខាភិបាល\tHealth staff\tpeople\t"
                          "6\t1\tstaff\n"
                          "hc_v%d_wait\thealth_centre\t2\tរយៈពេលរង់ចាំ\tWaiting time\tminutes\t"
                          "30\t0\tclock\n"
                          "ps_v%d_pupils\tprimary_school\t1\tសិស្សក្នុងមួយថ្នាក់\tPupils per class\t"
                          "pupils\t40\t0\tpupils\n",
                          version, version, version, version);
}

static void
publish_text (Fixture    *fixture,
              const char *text)
{
  g_autofree char *file = g_build_filename (fixture->dir, "set.tsv", NULL);
  g_autoptr(GError) error = NULL;
  gint64 version = 0;

  g_assert_true (g_file_set_contents (file, text, -1, &error));
  g_assert_no_error (error);
  g_assert_true (isaf_server_ref_publish (fixture->owner, file, &version, &error));
  g_assert_no_error (error);
  g_unlink (file);
}

static void
publish_i4c (Fixture *fixture,
             int      version)
{
  g_autofree char *text = i4c_set_text (version);

  publish_text (fixture, text);
}

static IsafSyncReport
sync_ok (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  IsafSyncReport report = { 0 };

  if (!isaf_sync_client_run (fixture->client, &report, NULL, &error))
    g_error ("sync failed: %s", error->message);
  return report;
}

typedef struct {
  const char *sql;
  gint64 value;
} CountJob;

static gboolean
count_job (IsafDatabase *database,
           gpointer      data,
           GError      **error)
{
  CountJob *job = data;
  sqlite3_stmt *stmt = isaf_database_prepare (database, job->sql, error);

  if (stmt == NULL)
    return FALSE;
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  job->value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

static gint64
laptop_count (Fixture    *fixture,
              const char *sql)
{
  g_autoptr(GError) error = NULL;
  CountJob job = { sql, 0 };

  g_assert_true (isaf_database_run (fixture->database, ISAF_DATABASE_READ, count_job, &job,
                                    &error));
  g_assert_no_error (error);
  return job.value;
}

static char *
laptop_ref_cursor (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  char *cursor = NULL;

  g_assert_true (isaf_sync_local_get_ref_cursor (fixture->database, &cursor, &error));
  g_assert_no_error (error);
  return cursor;
}

typedef struct {
  const char *purpose;
  const char *kind;
  GPtrArray *indicators;
} ReadJob;

static gboolean
read_job (IsafDatabase *database,
          gpointer      data,
          GError      **error)
{
  ReadJob *job = data;

  job->indicators = isaf_reference_read_indicators (database, job->purpose, job->kind, error);
  return job->indicators != NULL;
}

/* The codes of the indicators the laptop uses for @kind, in order, joined by spaces. */
static char *
read_i4c_codes (Fixture    *fixture,
                const char *kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) indicators = NULL;
  g_autoptr(GString) codes = g_string_new (NULL);
  ReadJob job = { "i4c", kind, NULL };

  g_assert_true (isaf_database_run (fixture->database, ISAF_DATABASE_READ, read_job, &job,
                                    &error));
  g_assert_no_error (error);
  indicators = job.indicators;
  for (guint i = 0; i < indicators->len; i++)
    g_string_append_printf (codes, "%s%s", i > 0 ? " " : "",
                            ((IsafIndicator *) indicators->pdata[i])->code);
  return g_string_free (g_steal_pointer (&codes), FALSE);
}

static void
test_new_version (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *seq = NULL;
  g_autofree char *published_on = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *again = NULL;
  g_autofree char *health = NULL;
  g_autofree char *schools = NULL;
  IsafSyncReport report;
  gint64 rows;

  /* Before: the bundled version 1. */
  health = read_i4c_codes (fixture, "health_centre");
  g_assert_cmpstr (health, !=, "");
  g_assert_null (strstr (health, "hc_v2"));
  g_clear_pointer (&health, g_free);

  publish_i4c (fixture, 2);
  report = sync_ok (fixture);
  g_assert_cmpuint (report.reference_sets_installed, ==, 1);

  published_on = isaf_test_server_query_value (fixture->server,
                                               "SELECT to_char (published_at AT TIME ZONE 'UTC', "
                                               "'YYYY-MM-DD') FROM ref_version "
                                               "WHERE name = 'i4c-indicators' AND version = 2");
  g_assert_cmpint (laptop_count (fixture, "SELECT count(*) FROM ref_dataset "
                                          "WHERE name = 'i4c-indicators' AND version = 2"),
                   ==, 1);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM ref_dataset WHERE version = 2 "
                                            "AND published_on = '%s'", published_on);

    g_assert_cmpint (laptop_count (fixture, sql), ==, 1);
  }
  g_assert_cmpint (laptop_count (fixture, "SELECT count(*) FROM ref_indicator "
                                          "WHERE dataset = 'i4c-indicators' AND version = 2 "
                                          "AND purpose = 'i4c'"),
                   ==, 3);
  /* Reference data is not the laptop's to send. */
  g_assert_cmpint (laptop_count (fixture, "SELECT count(*) FROM sync_outbox"), ==, 0);

  health = read_i4c_codes (fixture, "health_centre");
  g_assert_cmpstr (health, ==, "hc_v2_staff hc_v2_wait");
  schools = read_i4c_codes (fixture, "primary_school");
  g_assert_cmpstr (schools, ==, "ps_v2_pupils");
  g_clear_pointer (&schools, g_free);
  /* The newest version has no health-post indicators: none, not version 1's. */
  schools = read_i4c_codes (fixture, "health_post");
  g_assert_cmpstr (schools, ==, "");

  seq = isaf_test_server_query_value (fixture->server,
                                      "SELECT seq FROM ref_version "
                                      "WHERE name = 'i4c-indicators' AND version = 2");
  cursor = laptop_ref_cursor (fixture);
  g_assert_cmpstr (cursor, ==, seq);

  /* Again: nothing new, the position stays. */
  rows = laptop_count (fixture, "SELECT count(*) FROM ref_indicator");
  report = sync_ok (fixture);
  g_assert_cmpuint (report.reference_sets_installed, ==, 0);
  again = laptop_ref_cursor (fixture);
  g_assert_cmpstr (again, ==, cursor);
  g_assert_cmpint (laptop_count (fixture, "SELECT count(*) FROM ref_indicator"), ==, rows);
}

/* More versions than a page holds, and a set this version of the application does not know:
 * every page is followed, the newest version is used, the unknown set is passed over. */
static void
test_pages (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *last_seq = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *health = NULL;
  IsafSyncReport report;

  for (int version = 2; version <= 24; version++)
    publish_i4c (fixture, version);
  publish_text (fixture, "# dataset: market-indicators\n# version: 1\n"
                         "mk_stalls\tcommune_office\t1\tតូបលក់\tStalls\tstalls\t\t1\t\n");

  report = sync_ok (fixture);
  g_assert_cmpuint (report.reference_sets_installed, ==, 23);
  g_assert_cmpint (laptop_count (fixture, "SELECT count(*) FROM ref_dataset "
                                          "WHERE name = 'i4c-indicators'"),
                   ==, 24);
  g_assert_cmpint (laptop_count (fixture, "SELECT count(*) FROM ref_dataset "
                                          "WHERE name = 'market-indicators'"),
                   ==, 0);
  health = read_i4c_codes (fixture, "health_centre");
  g_assert_cmpstr (health, ==, "hc_v24_staff hc_v24_wait");

  last_seq = isaf_test_server_query_value (fixture->server, "SELECT max (seq) FROM ref_version");
  cursor = laptop_ref_cursor (fixture);
  g_assert_cmpstr (cursor, ==, last_seq);
}

static void
set_server_body (Fixture    *fixture,
                 const char *body,
                 const char *sha256)
{
  g_autoptr(PGconn) conn = isaf_test_server_connect_superuser (fixture->server);
  g_autoptr(GError) error = NULL;

  g_assert_true (isaf_pg_exec (conn,
                               "UPDATE ref_version SET body = convert_to ($1, 'UTF8'), "
                               "sha256 = $2 WHERE name = 'i4c-indicators' AND version = 2",
                               2, (const char *[]) { body, sha256 }, &error));
  g_assert_no_error (error);
}

static void
assert_nothing_installed (Fixture *fixture)
{
  g_autofree char *cursor = laptop_ref_cursor (fixture);

  g_assert_null (cursor);
  g_assert_cmpint (laptop_count (fixture, "SELECT count(*) FROM ref_dataset WHERE version = 2"),
                   ==, 0);
  g_assert_cmpint (laptop_count (fixture, "SELECT count(*) FROM ref_indicator WHERE version = 2"),
                   ==, 0);
}

/* A body changed at the server after its hash was taken, then a malformed body with its own
 * hash: both refused, nothing of them installed, the position unmoved. Repaired, it installs. */
static void
test_damaged (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *text = i4c_set_text (2);
  g_autofree char *sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
  g_autofree char *changed = NULL;
  g_autofree char *malformed = NULL;
  g_autofree char *malformed_sha256 = NULL;
  g_autofree char *health = NULL;
  g_autoptr(GError) error = NULL;
  IsafSyncReport report = { 0 };

  publish_i4c (fixture, 2);

  changed = g_strconcat (text, "hc_v2_extra\thealth_centre\t3\tបន្ថែម\tExtra\t%\t50\t1\t\n",
                         NULL);
  set_server_body (fixture, changed, sha256);
  g_assert_false (isaf_sync_client_run (fixture->client, &report, NULL, &error));
  g_assert_error (error, ISAF_SYNC_CLIENT_ERROR, ISAF_SYNC_CLIENT_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_cmpuint (report.reference_sets_installed, ==, 0);
  assert_nothing_installed (fixture);

  malformed = g_strconcat (text, "hc_v2_broken\thealth_centre\tthird\n", NULL);
  malformed_sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, malformed, -1);
  set_server_body (fixture, malformed, malformed_sha256);
  g_assert_false (isaf_sync_client_run (fixture->client, &report, NULL, &error));
  g_assert_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_FAILED);
  g_clear_error (&error);
  assert_nothing_installed (fixture);

  set_server_body (fixture, text, sha256);
  report = sync_ok (fixture);
  g_assert_cmpuint (report.reference_sets_installed, ==, 1);
  health = read_i4c_codes (fixture, "health_centre");
  g_assert_cmpstr (health, ==, "hc_v2_staff hc_v2_wait");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sync/reference/new-version", Fixture, NULL, fixture_set_up, test_new_version,
              fixture_tear_down);
  g_test_add ("/sync/reference/pages", Fixture, NULL, fixture_set_up, test_pages,
              fixture_tear_down);
  g_test_add ("/sync/reference/damaged", Fixture, NULL, fixture_set_up, test_damaged,
              fixture_tear_down);

  return g_test_run ();
}
