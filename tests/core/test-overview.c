/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "isaf-demo.h"
#include "isaf-overview.h"
#include "isaf-test-helpers.h"

#define DEMO_YEAR 2025
#define BANTEAY_NEANG_VILLAGES 19

static void
test_empty_year (IsafTestFixture *fixture,
                 gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafOverview) overview = isaf_overview_load (fixture->database, 2026, &error);

  g_assert_no_error (error);
  g_assert_cmpint (overview->n_villages, ==, BANTEAY_NEANG_VILLAGES);
  g_assert_cmpint (isaf_overview_latest_year (fixture->database, NULL), ==, 0);
  for (guint i = 0; i < ISAF_N_STAGES; i++)
    {
      g_autofree char *text = isaf_stage_summary_describe (&overview->stages[i]);

      g_assert_cmpint (overview->stages[i].done, ==, 0);
      g_assert_cmpint (overview->stages[i].status, ==, ISAF_STAGE_STATUS_NOT_STARTED);
      g_assert_nonnull (isaf_stage_get_title (i));
      g_assert_cmpstr (text, !=, "");
    }
}

static void
test_demo_year (IsafTestFixture *fixture,
                gconstpointer    data)
{
  IsafDemoOptions options = { .commune_code = ISAF_TEST_COMMUNE, .years = 1, .seed = 3,
                              .last_year = DEMO_YEAR };
  g_autoptr(IsafOverview) overview = NULL;
  g_autoptr(GError) error = NULL;
  gint64 leaves;

  /* The demo wants a database of its own. */
  isaf_test_fixture_close (fixture);
  isaf_test_remove_tree (fixture->path);
  fixture->database = isaf_database_open (fixture->path, ISAF_DATABASE_OPEN_CREATE_NEW, &error);
  g_assert_true (isaf_demo_generate (fixture->database, &options, &error));
  g_assert_no_error (error);

  overview = isaf_overview_load (fixture->database, DEMO_YEAR, &error);
  g_assert_no_error (error);
  g_assert_cmpint (isaf_overview_latest_year (fixture->database, NULL), ==, DEMO_YEAR);
  g_assert_cmpint (overview->n_service_units, ==, 8);
  g_assert_cmpint (overview->n_active_cafs, ==, 4);

  g_assert_cmpint (overview->stages[ISAF_STAGE_DISSEMINATION].done, ==, BANTEAY_NEANG_VILLAGES);
  g_assert_cmpint (overview->stages[ISAF_STAGE_DISSEMINATION].total, ==, BANTEAY_NEANG_VILLAGES);
  g_assert_cmpint (overview->stages[ISAF_STAGE_SCORECARD].done, ==, 8);
  g_assert_cmpint (overview->stages[ISAF_STAGE_SELF_ASSESSMENT].done, ==, 8);
  g_assert_cmpint (overview->stages[ISAF_STAGE_INTERFACE].done, ==, 1);
  g_assert_cmpint (overview->stages[ISAF_STAGE_MONITORING].done, ==, 12);
  for (guint i = 0; i < ISAF_N_STAGES; i++)
    g_assert_cmpint (overview->stages[i].status, ==, ISAF_STAGE_STATUS_DONE);

  /* Headings that only group actions are not counted as actions. */
  leaves = isaf_test_run_query_int (fixture->database,
                                    "SELECT count(*) FROM jaap_action a WHERE NOT EXISTS "
                                    "(SELECT 1 FROM jaap_action c WHERE c.parent_id = a.id)");
  g_assert_cmpint (overview->stages[ISAF_STAGE_JAAP].done, ==, leaves);
  g_assert_cmpint (overview->actions_not_started + overview->actions_ongoing
                   + overview->actions_completed + overview->actions_cancelled, ==, leaves);
}

static void
test_recorded_status_wins (IsafTestFixture *fixture,
                           gconstpointer    data)
{
  g_autoptr(IsafRecord) cycle = isaf_record_new ("cycle");
  g_autoptr(IsafRecord) stage = isaf_record_new ("cycle_stage");
  g_autoptr(IsafRecord) meeting = isaf_record_new ("interface_meeting");
  g_autoptr(IsafOverview) overview = NULL;
  g_autoptr(GError) error = NULL;

  isaf_record_set_integer (cycle, "year", 2026);
  isaf_record_set_reference (meeting, "cycle_id", isaf_record_get_id (cycle));
  isaf_record_set_text (meeting, "held_on", "2026-06-12");
  /* The meeting was held, but the clerk says the stage is still in progress. */
  isaf_record_set_reference (stage, "cycle_id", isaf_record_get_id (cycle));
  isaf_record_set_text (stage, "stage", "interface");
  isaf_record_set_text (stage, "status", "in_progress");
  isaf_test_save (fixture->store, cycle, meeting, stage, NULL);

  overview = isaf_overview_load (fixture->database, 2026, &error);
  g_assert_no_error (error);
  g_assert_cmpint (overview->stages[ISAF_STAGE_INTERFACE].done, ==, 1);
  g_assert_cmpint (overview->stages[ISAF_STAGE_INTERFACE].status, ==, ISAF_STAGE_STATUS_IN_PROGRESS);
}

static IsafRecord *
new_caf (const char *name,
         const char *sex,
         gboolean    official)
{
  IsafRecord *caf = isaf_record_new ("caf");

  isaf_record_set_text (caf, "name_km", name);
  isaf_record_set_text (caf, "sex", sex);
  isaf_record_set_boolean (caf, "is_village_official", official);
  return caf;
}

static IsafWarnings
load_warnings (IsafTestFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafOverview) overview = isaf_overview_load (fixture->database, 2026, &error);
  IsafWarnings warnings;

  g_assert_no_error (error);
  warnings = isaf_overview_get_warnings (overview);
  for (guint bit = 1; bit <= ISAF_WARNING_OVERDUE_ACTIONS; bit <<= 1)
    if (warnings & bit)
      {
        g_autofree char *text = isaf_overview_describe_warning (overview, bit);

        g_assert_cmpstr (text, !=, "");
      }
  return warnings;
}

/* Each warning shows for a database that triggers it, and not otherwise. */
static void
test_warnings (IsafTestFixture *fixture,
               gconstpointer    data)
{
  g_autoptr(IsafRecord) a = new_caf ("ចាន់ ដារា", "m", FALSE);
  g_autoptr(IsafRecord) b = new_caf ("ហេង សុខា", "m", FALSE);
  g_autoptr(IsafRecord) c = new_caf ("លី វិបុល", "m", FALSE);
  g_autoptr(IsafRecord) woman = new_caf ("សុខ ស្រីពៅ", "f", FALSE);
  g_autoptr(IsafRecord) cycle = isaf_record_new ("cycle");
  g_autoptr(IsafRecord) action = isaf_record_new ("jaap_action");
  g_autoptr(IsafRecord) reloaded = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (load_warnings (fixture), ==, ISAF_WARNING_FEW_CAFS);

  isaf_test_save (fixture->store, a, b, NULL);
  g_assert_cmpint (load_warnings (fixture), ==, ISAF_WARNING_FEW_CAFS | ISAF_WARNING_NO_WOMAN_CAF);

  isaf_test_save (fixture->store, c, NULL);
  g_assert_cmpint (load_warnings (fixture), ==, ISAF_WARNING_NO_WOMAN_CAF);

  isaf_record_set_boolean (woman, "is_village_official", TRUE);
  isaf_test_save (fixture->store, woman, NULL);
  g_assert_cmpint (load_warnings (fixture), ==, ISAF_WARNING_OFFICIAL_CAFS);

  /* A CAF who left counts for nothing. */
  isaf_record_set_text (woman, "selected_on", "2020-01-01");
  isaf_record_set_text (woman, "left_on", "2024-01-01");
  isaf_test_save (fixture->store, woman, NULL);
  g_assert_cmpint (load_warnings (fixture), ==, ISAF_WARNING_NO_WOMAN_CAF);
  isaf_record_set_null (woman, "left_on");
  isaf_record_set_boolean (woman, "is_village_official", FALSE);
  isaf_test_save (fixture->store, woman, NULL);
  g_assert_cmpint (load_warnings (fixture), ==, 0);

  isaf_record_set_integer (cycle, "year", 2024);
  isaf_record_set_reference (action, "cycle_id", isaf_record_get_id (cycle));
  isaf_record_set_text (action, "action_group", "kha");
  isaf_record_set_text (action, "activity", "សម្អាតបន្ទប់រង់ចាំ");
  isaf_record_set_text (action, "start_on", "2024-07-01");
  isaf_record_set_text (action, "end_on", "2024-09-30");
  isaf_record_set_text (action, "status", "ongoing");
  isaf_test_save (fixture->store, cycle, action, NULL);
  g_assert_cmpint (load_warnings (fixture), ==, ISAF_WARNING_OVERDUE_ACTIONS);

  reloaded = isaf_store_get (fixture->store, "jaap_action", isaf_record_get_id (action), &error);
  isaf_record_set_text (reloaded, "status", "completed");
  isaf_test_save (fixture->store, reloaded, NULL);
  g_assert_cmpint (load_warnings (fixture), ==, 0);
}

static void
test_next_steps (IsafTestFixture *fixture,
                 gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafOverview) overview = isaf_overview_load (fixture->database, 2026, &error);
  IsafStageSummary done = { ISAF_STAGE_MONITORING, ISAF_STAGE_STATUS_DONE, 12, 12 };

  for (guint i = 0; i < ISAF_N_STAGES; i++)
    {
      g_autofree char *step = isaf_stage_summary_next_step (&overview->stages[i]);

      g_assert_nonnull (step);
    }
  g_assert_null (isaf_stage_summary_next_step (&done));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, IsafTestFixture, NULL, isaf_test_fixture_setup_store, func, \
              isaf_test_fixture_teardown)
  ADD ("/overview/empty-year", test_empty_year);
  ADD ("/overview/demo-year", test_demo_year);
  ADD ("/overview/recorded-status-wins", test_recorded_status_wins);
  ADD ("/overview/warnings", test_warnings);
  ADD ("/overview/next-steps", test_next_steps);
#undef ADD

  return g_test_run ();
}
