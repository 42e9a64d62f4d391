/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "isaf-awpb.h"
#include "isaf-demo.h"
#include "isaf-error.h"
#include "isaf-test-helpers.h"

/* The annual workplan and budget for social accountability on real databases: lines saved one
 * per user action, refused with nothing written when a field is wrong, and the totals by
 * category, source and quarter added up as SQL adds them. */

#define YEAR 2025

static IsafRecord *
new_line (const char *category,
          const char *source,
          int         quarter,
          gint64      amount,
          gint64      spent)
{
  IsafRecord *line = isaf_record_new ("awpb_line");

  isaf_record_set_text (line, "category", category);
  isaf_record_set_text (line, "description", "ប្រជុំគណៈកម្មការ");
  isaf_record_set_text (line, "fund_source", source);
  if (quarter > 0)
    isaf_record_set_integer (line, "quarter", quarter);
  isaf_record_set_integer (line, "amount_riel", amount);
  if (spent >= 0)
    isaf_record_set_integer (line, "spent_riel", spent);
  return line;
}

static void
save (IsafTestFixture *fixture,
      IsafRecord      *line)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (isaf_awpb_line_save (fixture->store, YEAR, line, &error));
  g_assert_no_error (error);
}

static void
save_refused (IsafTestFixture *fixture,
              IsafRecord      *line,
              GQuark           domain,
              int              code)
{
  g_autoptr(GHashTable) before = isaf_test_dump_file (fixture->path);
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (isaf_awpb_line_save (fixture->store, YEAR, line, &error));
  g_assert_error (error, domain, code);
  g_test_message ("Refused: %s", error->message);
  after = isaf_test_dump_file (fixture->path);
  isaf_test_assert_dumps_equal (before, after);
}

static IsafAwpb *
load (IsafTestFixture *fixture,
      int              year)
{
  g_autoptr(GError) error = NULL;
  IsafAwpb *awpb = isaf_awpb_load (fixture->store, year, &error);

  g_assert_no_error (error);
  return awpb;
}

static void
test_lines_and_totals (IsafTestFixture *fixture,
                       gconstpointer    data)
{
  g_autoptr(IsafRecord) meetings = new_line ("jaapc_meetings", "commune_fund", 1, 600000, 450000);
  g_autoptr(IsafRecord) posters = new_line ("i4c_printing", "development_partner", 2, 1200000, -1);
  g_autoptr(IsafRecord) cafs = new_line ("caf_support", "commune_fund", 0, 900000, 800000);
  g_autoptr(IsafAwpb) awpb = NULL;
  g_autoptr(IsafAwpb) empty = NULL;

  save (fixture, cafs);
  save (fixture, posters);
  save (fixture, meetings);
  awpb = load (fixture, YEAR);

  /* By quarter, the lines for the whole year last. */
  g_assert_cmpuint (awpb->lines->len, ==, 3);
  g_assert_true (g_ptr_array_index (awpb->lines, 0) != NULL);
  g_assert_cmpstr (isaf_record_get_text (g_ptr_array_index (awpb->lines, 0), "category"), ==,
                   "jaapc_meetings");
  g_assert_cmpstr (isaf_record_get_text (g_ptr_array_index (awpb->lines, 2), "category"), ==,
                   "caf_support");

  g_assert_cmpint (awpb->total.planned, ==, 2700000);
  g_assert_cmpint (awpb->total.spent, ==, 1250000);
  g_assert_cmpint (awpb->by_source[ISAF_FUND_COMMUNE_FUND].planned, ==, 1500000);
  g_assert_cmpint (awpb->by_source[ISAF_FUND_COMMUNE_FUND].spent, ==, 1250000);
  g_assert_cmpint (awpb->by_source[ISAF_FUND_DEVELOPMENT_PARTNER].spent, ==, 0);
  g_assert_cmpint (awpb->by_category[ISAF_AWPB_I4C_PRINTING].planned, ==, 1200000);
  g_assert_cmpint (awpb->by_category[ISAF_AWPB_CIP_ACTIVITIES].planned, ==, 0);
  g_assert_cmpint (awpb->by_quarter[0].planned, ==, 600000);
  g_assert_cmpint (awpb->by_quarter[3].planned, ==, 0);

  /* Another year has its own plan. */
  empty = load (fixture, YEAR + 1);
  g_assert_cmpuint (empty->lines->len, ==, 0);
  g_assert_cmpint (empty->total.planned, ==, 0);

  /* An edit changes the totals. */
  isaf_record_set_integer (posters, "spent_riel", 1100000);
  save (fixture, posters);
  g_clear_pointer (&awpb, isaf_awpb_free);
  awpb = load (fixture, YEAR);
  g_assert_cmpint (awpb->total.spent, ==, 2350000);
  g_assert_cmpint (isaf_awpb_category_from_string ("cip_activities"), ==, ISAF_AWPB_CIP_ACTIVITIES);
  g_assert_cmpint (isaf_fund_source_from_string ("ngo"), ==, -1);
}

static void
test_refusals (IsafTestFixture *fixture,
               gconstpointer    data)
{
  g_autoptr(IsafRecord) negative = new_line ("other", "community", 1, -1, -1);
  g_autoptr(IsafRecord) negative_spent = new_line ("other", "community", 1, 10, -5);
  g_autoptr(IsafRecord) overspent = new_line ("other", "community", 1, 10, 11);
  g_autoptr(IsafRecord) quarter = new_line ("other", "community", 5, 10, -1);
  g_autoptr(IsafRecord) category = new_line ("travel", "community", 1, 10, -1);
  g_autoptr(IsafRecord) source = new_line ("other", "bank", 1, 10, -1);
  g_autoptr(IsafRecord) nameless = new_line ("other", "community", 1, 10, -1);
  g_autoptr(IsafRecord) gone = new_line ("other", "community", 1, 10, -1);
  g_autoptr(GError) error = NULL;

  isaf_record_set_integer (negative_spent, "spent_riel", -5);
  save_refused (fixture, negative, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_NEGATIVE);
  save_refused (fixture, negative_spent, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_NEGATIVE);
  save_refused (fixture, overspent, ISAF_VALIDATION_ERROR,
                ISAF_VALIDATION_ERROR_PART_EXCEEDS_TOTAL);
  save_refused (fixture, quarter, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_OUT_OF_RANGE);
  save_refused (fixture, category, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_INVALID_CHOICE);
  save_refused (fixture, source, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_INVALID_CHOICE);
  isaf_record_set_text (nameless, "description", "   ");
  save_refused (fixture, nameless, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_REQUIRED);

  /* Deleted on another laptop while open here. */
  save (fixture, gone);
  g_assert_true (isaf_store_delete (fixture->store, "awpb_line", isaf_record_get_id (gone), NULL,
                                    &error));
  g_assert_no_error (error);
  isaf_record_set_integer (gone, "amount_riel", 20);
  save_refused (fixture, gone, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_NOT_FOUND_ROW);
}

static void
test_demo (IsafTestFixture *fixture,
           gconstpointer    data)
{
  IsafDemoOptions options = { .commune_code = ISAF_TEST_COMMUNE, .years = 2, .seed = 11,
                              .last_year = YEAR };
  g_autoptr(GError) error = NULL;
  sqlite3 *conn;

  isaf_test_fixture_close (fixture);
  isaf_test_remove_tree (fixture->path);
  fixture->database = isaf_database_open (fixture->path, ISAF_DATABASE_OPEN_CREATE_NEW, &error);
  g_assert_no_error (error);
  g_assert_true (isaf_demo_generate (fixture->database, &options, &error));
  g_assert_no_error (error);
  fixture->store = isaf_store_new (fixture->database);
  conn = isaf_test_sqlite_open (fixture->path, SQLITE_OPEN_READONLY);

  for (int year = YEAR - 1; year <= YEAR; year++)
    {
      g_autoptr(IsafAwpb) awpb = load (fixture, year);

      for (guint c = 0; c < ISAF_N_AWPB_CATEGORIES; c++)
        {
          g_autofree char *sql = g_strdup_printf ("SELECT coalesce (sum (l.amount_riel), 0) "
                                                  "FROM awpb_line l JOIN cycle y ON y.id = l.cycle_id "
                                                  "WHERE y.year = %d AND l.deleted = 0 "
                                                  "AND l.category = '%s'",
                                                  year, isaf_awpb_category_to_string (c));

          g_assert_cmpint (awpb->by_category[c].planned, ==, isaf_test_sqlite_int (conn, sql));
        }
      for (guint s = 0; s < ISAF_N_FUND_SOURCES; s++)
        {
          g_autofree char *sql = g_strdup_printf ("SELECT coalesce (sum (l.spent_riel), 0) "
                                                  "FROM awpb_line l JOIN cycle y ON y.id = l.cycle_id "
                                                  "WHERE y.year = %d AND l.deleted = 0 "
                                                  "AND l.fund_source = '%s'",
                                                  year, isaf_fund_source_to_string (s));

          g_assert_cmpint (awpb->by_source[s].spent, ==, isaf_test_sqlite_int (conn, sql));
        }
      g_assert_cmpint (awpb->total.planned, >, 0);
    }
  sqlite3_close (conn);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, IsafTestFixture, NULL, isaf_test_fixture_setup_store, func, \
              isaf_test_fixture_teardown)

  ADD ("/awpb/lines-and-totals", test_lines_and_totals);
  ADD ("/awpb/refusals", test_refusals);
  ADD ("/awpb/demo", test_demo);

#undef ADD

  return g_test_run ();
}
