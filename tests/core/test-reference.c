/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "isaf-error.h"
#include "isaf-reference.h"
#include "isaf-test-helpers.h"

/* The national reference data bundled with the application: an I4C indicator set for every
 * kind of service unit, with everything a poster needs, and the scorecard indicators. */

static const char * const service_kinds[] = {
  "commune_office", "health_centre", "health_post", "primary_school",
};

typedef struct {
  const char *purpose;
  const char *kind;
  GPtrArray *result;
} ReadJob;

static gboolean
read_job (IsafDatabase *database,
          gpointer      data,
          GError      **error)
{
  ReadJob *job = data;

  job->result = isaf_reference_read_indicators (database, job->purpose, job->kind, error);
  return job->result != NULL;
}

static GPtrArray *
read_indicators (IsafTestFixture *fixture,
                 const char      *purpose,
                 const char      *kind)
{
  ReadJob job = { purpose, kind, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (isaf_database_run (fixture->database, ISAF_DATABASE_READ, read_job, &job, &error));
  g_assert_no_error (error);
  return job.result;
}

static void
test_i4c_sets (IsafTestFixture *fixture,
               gconstpointer    data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (isaf_reference_install_bundled (fixture->database, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (service_kinds); i++)
    {
      g_autoptr(GPtrArray) indicators = read_indicators (fixture, "i4c", service_kinds[i]);

      g_assert_cmpuint (indicators->len, >=, 3);
      for (guint j = 0; j < indicators->len; j++)
        {
          IsafIndicator *indicator = g_ptr_array_index (indicators, j);

          g_assert_cmpstr (indicator->service_kind, ==, service_kinds[i]);
          g_assert_true (g_utf8_validate (indicator->name_km, -1, NULL));
          g_assert_cmpstr (indicator->name_km, !=, "");
          g_assert_nonnull (indicator->name_en);
          g_assert_nonnull (indicator->unit);
          g_assert_true (indicator->has_standard);
          g_assert_cmpfloat (indicator->standard, >=, 0);
        }
    }
}

static void
test_scorecard_sets (IsafTestFixture *fixture,
                     gconstpointer    data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (isaf_reference_install_bundled (fixture->database, &error));
  for (guint i = 0; i < G_N_ELEMENTS (service_kinds); i++)
    {
      g_autoptr(GPtrArray) indicators = read_indicators (fixture, "scorecard", service_kinds[i]);

      /* Health posts use the health centres' scorecard indicators, which the sample set
       * lists under health_centre only. */
      if (g_str_equal (service_kinds[i], "health_post"))
        g_assert_cmpuint (indicators->len, ==, 0);
      else
        g_assert_cmpuint (indicators->len, ==, 10);
    }
}

/* Installing twice adds nothing; a newer version from the national server wins. */
static void
test_versions (IsafTestFixture *fixture,
               gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) indicators = NULL;
  gint64 before;

  g_assert_true (isaf_reference_install_bundled (fixture->database, &error));
  before = isaf_test_run_query_int (fixture->database, "SELECT count(*) FROM ref_indicator");
  g_assert_true (isaf_reference_install_bundled (fixture->database, &error));
  g_assert_cmpint (isaf_test_run_query_int (fixture->database, "SELECT count(*) FROM ref_indicator"),
                   ==, before);

  isaf_test_run_sql (fixture->database, ISAF_DATABASE_WRITE_UNCAPTURED,
                     "INSERT INTO ref_dataset VALUES ('i4c-indicators', 2, '2027-01-15', 'national');"
                     "INSERT INTO ref_indicator (dataset, version, code, service_kind, purpose, "
                     "position, name_km, name_en, unit, standard, higher_is_better) VALUES "
                     "('i4c-indicators', 2, 'hc_new', 'health_centre', 'i4c', 1, 'សូចនាករថ្មី', "
                     "'A new indicator', '%', 75, 1)", NULL);

  indicators = read_indicators (fixture, "i4c", "health_centre");
  g_assert_cmpuint (indicators->len, ==, 1);
  g_assert_cmpstr (((IsafIndicator *) g_ptr_array_index (indicators, 0))->code, ==, "hc_new");
}

/* Sets as the national server publishes them: a header naming the set, then rows. */
#define HC_NEW_ROW "hc_new\thealth_centre\t1\tសូចនាករថ្មី\tA new indicator\t%\t75\t1\tstaff\n"
#define HC_MORE_ROW "hc_more\thealth_centre\t2\tសូចនាករបន្ថែម\tAnother one\t%\t\t0\t\n"

typedef struct {
  const char *name;
  gint64 version;
  const char *body;
  gboolean installed;
} InstallJob;

static gboolean
install_job (IsafDatabase *database,
             gpointer      data,
             GError      **error)
{
  InstallJob *job = data;
  g_autoptr(GBytes) body = g_bytes_new_static (job->body, strlen (job->body));

  job->installed = isaf_reference_install_set (database, job->name, job->version, "2027-01-15",
                                               body, error);
  return job->installed;
}

/* As the sync client installs a set: in an uncaptured write of its own. */
static gboolean
install (IsafTestFixture  *fixture,
         const char       *name,
         gint64            version,
         const char       *body,
         GError          **error)
{
  InstallJob job = { name, version, body, FALSE };
  gboolean ok = isaf_database_run (fixture->database, ISAF_DATABASE_WRITE_UNCAPTURED,
                                   install_job, &job, error);

  g_assert_cmpint (ok, ==, job.installed);
  return ok;
}

static gint64
count_version (IsafTestFixture *fixture,
               gint64           version)
{
  g_autofree char *sql = g_strdup_printf ("SELECT (SELECT count(*) FROM ref_dataset "
                                          "WHERE name = 'i4c-indicators' AND version = %d) "
                                          "+ (SELECT count(*) FROM ref_indicator "
                                          "WHERE dataset = 'i4c-indicators' AND version = %d)",
                                          (int) version, (int) version);

  return isaf_test_run_query_int (fixture->database, sql);
}

/* A version from the national server: installed whole, not captured, used from then on;
 * received again, nothing changes. */
static void
test_install_set (IsafTestFixture *fixture,
                  gconstpointer    data)
{
  const char *body = "# I4C indicators, national set\n# dataset: i4c-indicators\n"
                     "# version: 2\n" HC_NEW_ROW HC_MORE_ROW;
  g_autoptr(GPtrArray) indicators = NULL;
  g_autoptr(GPtrArray) schools = NULL;
  g_autoptr(GBytes) bundled = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *version_1 = NULL;
  IsafIndicator *second;
  gint64 outbox;
  gint64 rows_1;

  g_assert_true (isaf_reference_install_bundled (fixture->database, &error));
  outbox = isaf_test_run_query_int (fixture->database, "SELECT count(*) FROM sync_outbox");
  g_assert_true (install (fixture, "i4c-indicators", 2, body, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_version (fixture, 2), ==, 1 + 2);
  g_assert_cmpint (isaf_test_run_query_int (fixture->database,
                                            "SELECT count(*) FROM ref_dataset WHERE version = 2 "
                                            "AND published_on = '2027-01-15'"), ==, 1);
  g_assert_cmpint (isaf_test_run_query_int (fixture->database,
                                            "SELECT count(*) FROM sync_outbox"), ==, outbox);

  indicators = read_indicators (fixture, "i4c", "health_centre");
  g_assert_cmpuint (indicators->len, ==, 2);
  g_assert_cmpstr (((IsafIndicator *) indicators->pdata[0])->code, ==, "hc_new");
  second = indicators->pdata[1];
  g_assert_cmpstr (second->code, ==, "hc_more");
  g_assert_cmpstr (second->name_km, ==, "សូចនាករបន្ថែម");
  g_assert_false (second->has_standard);
  g_assert_false (second->higher_is_better);
  /* The newest version has no school indicators: none, not version 1's. */
  schools = read_indicators (fixture, "i4c", "primary_school");
  g_assert_cmpuint (schools->len, ==, 0);

  /* The same version again, even with other comment lines: nothing new. */
  g_assert_true (install (fixture, "i4c-indicators", 2,
                          "# dataset: i4c-indicators\n# version: 2\n# sent again\n"
                          HC_NEW_ROW HC_MORE_ROW, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_version (fixture, 2), ==, 1 + 2);

  /* The bundled set's version 1 published by the server too: the same rows, nothing new. */
  bundled = g_resources_lookup_data ("/kh/gov/ncdd/IsafCommune/reference/"
                                     "indicators-i4c-provisional.tsv", 0, &error);
  g_assert_no_error (error);
  version_1 = g_strconcat ("# dataset: i4c-indicators\n# version: 1\n",
                           (const char *) g_bytes_get_data (bundled, NULL), NULL);
  rows_1 = count_version (fixture, 1);
  g_assert_cmpint (rows_1, >, 1);
  g_assert_true (install (fixture, "i4c-indicators", 1, version_1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_version (fixture, 1), ==, rows_1);
}

/* What is refused, with nothing of the set written. */
static void
test_install_refused (IsafTestFixture *fixture,
                      gconstpointer    data)
{
  static const struct {
    const char *name;
    gint64 version;
    const char *body;
  } cases[] = {
    /* The header names another set or version, or none. */
    { "i4c-indicators", 3, "# dataset: scorecard-indicators\n# version: 3\n" HC_NEW_ROW },
    { "i4c-indicators", 3, "# dataset: i4c-indicators\n# version: 4\n" HC_NEW_ROW },
    { "i4c-indicators", 3, "# dataset: i4c-indicators\n# version: three\n" HC_NEW_ROW },
    { "i4c-indicators", 3, "# version: 3\n" HC_NEW_ROW },
    { "i4c-indicators", 3, "# dataset: i4c-indicators\n" HC_NEW_ROW },
    /* A malformed line after good ones. */
    { "i4c-indicators", 3, "# dataset: i4c-indicators\n# version: 3\n" HC_NEW_ROW
                           "hc_bad\thealth_centre\t2\n" },
    { "i4c-indicators", 3, "# dataset: i4c-indicators\n# version: 3\n" HC_NEW_ROW
                           "hc_bad\tmarket\t2\tផ្សារ\n" },
    { "i4c-indicators", 3, "# dataset: i4c-indicators\n# version: 3\n" HC_NEW_ROW
                           "hc_bad\thealth_centre\tsecond\tផ្សារ\n" },
    { "i4c-indicators", 3, "# dataset: i4c-indicators\n# version: 3\n" HC_NEW_ROW
                           "hc_bad\thealth_centre\t2\tផ្សារ\tMarket\t%\tmany\t1\t\n" },
    { "i4c-indicators", 3, "# dataset: i4c-indicators\n# version: 3\n" HC_NEW_ROW
                           "hc_bad\thealth_centre\t2\tផ្សារ\tMarket\t%\t5\tyes\t\n" },
    { "i4c-indicators", 3, "# dataset: i4c-indicators\n# version: 3\n" HC_NEW_ROW
                           "hc_bad\thealth_centre\t2\t\tMarket\n" },
    { "i4c-indicators", 3, "# dataset: i4c-indicators\n# version: 3\n" HC_NEW_ROW
                           HC_NEW_ROW },
    { "i4c-indicators", 3, "# dataset: i4c-indicators\n# version: 3\n" HC_NEW_ROW
                           "a\tb\tc\td\te\tf\tg\th\ti\tj\n" },
    { "i4c-indicators", 3, "# dataset: i4c-indicators\n# version: 3\n" },
    { "i4c-indicators", 3, "# dataset: i4c-indicators\n# version: 3\nhc_bad\thealth_centre"
                           "\t1\t\xff\n" },
    /* A set this version does not know. */
    { "market-indicators", 3, "# dataset: market-indicators\n# version: 3\n" HC_NEW_ROW },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *version_2 = g_strdup ("# dataset: i4c-indicators\n# version: 2\n" HC_NEW_ROW);
  gint64 rows_before;

  g_assert_true (isaf_reference_install_bundled (fixture->database, &error));
  g_assert_true (install (fixture, "i4c-indicators", 2, version_2, &error));
  rows_before = isaf_test_run_query_int (fixture->database, "SELECT count(*) FROM ref_indicator");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %u", i);
      g_assert_false (install (fixture, cases[i].name, cases[i].version, cases[i].body, &error));
      g_assert_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_FAILED);
      g_clear_error (&error);
      g_assert_cmpint (count_version (fixture, 3), ==, 0);
    }

  /* An installed version with other rows: a published version never changes. */
  g_assert_false (install (fixture, "i4c-indicators", 2,
                           "# dataset: i4c-indicators\n# version: 2\n" HC_MORE_ROW, &error));
  g_assert_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (install (fixture, "i4c-indicators", 2,
                           "# dataset: i4c-indicators\n# version: 2\n" HC_NEW_ROW HC_MORE_ROW,
                           &error));
  g_clear_error (&error);

  g_assert_cmpint (count_version (fixture, 3), ==, 0);
  g_assert_cmpint (isaf_test_run_query_int (fixture->database, "SELECT count(*) FROM ref_indicator"),
                   ==, rows_before);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, IsafTestFixture, NULL, isaf_test_fixture_setup_store, func, \
              isaf_test_fixture_teardown)
  ADD ("/reference/i4c-sets", test_i4c_sets);
  ADD ("/reference/scorecard-sets", test_scorecard_sets);
  ADD ("/reference/versions", test_versions);
  ADD ("/reference/install-set", test_install_set);
  ADD ("/reference/install-refused", test_install_refused);
#undef ADD

  return g_test_run ();
}
