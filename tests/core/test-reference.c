/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

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
#undef ADD

  return g_test_run ();
}
