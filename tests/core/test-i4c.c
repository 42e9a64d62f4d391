/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "isaf-demo.h"
#include "isaf-error.h"
#include "isaf-i4c.h"
#include "isaf-test-helpers.h"

/* The demo commune with two complete years; the sheets edited here are the last one's and
 * the year after, which has nothing yet. */
#define LAST_YEAR 2025
#define NEW_YEAR 2026
#define DEMO_SEED 11

static void
fixture_set_up (IsafTestFixture *fixture,
                gconstpointer    data)
{
  IsafDemoOptions options = { .commune_code = ISAF_TEST_COMMUNE, .years = 2, .seed = DEMO_SEED,
                              .last_year = LAST_YEAR };
  g_autoptr(GError) error = NULL;

  isaf_test_fixture_setup_dir (fixture, data);
  fixture->database = isaf_database_open (fixture->path, ISAF_DATABASE_OPEN_CREATE_NEW, &error);
  g_assert_no_error (error);
  g_assert_true (isaf_demo_generate (fixture->database, &options, &error));
  g_assert_no_error (error);
  fixture->store = isaf_store_new (fixture->database);
}

/* Data ----------------------------------------------------------------------------------- */

static void
find_unit (IsafTestFixture *fixture,
           const char      *kind,
           IsafUuid        *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) units = isaf_store_list (fixture->store, "service_unit", NULL, NULL,
                                                &error);

  g_assert_no_error (error);
  for (guint i = 0; i < units->len; i++)
    if (g_strcmp0 (isaf_record_get_text (g_ptr_array_index (units, i), "kind"), kind) == 0)
      {
        *id = *isaf_record_get_id (g_ptr_array_index (units, i));
        return;
      }
  g_assert_not_reached ();
}

static IsafI4c *
load (IsafTestFixture *fixture,
      const IsafUuid  *unit,
      int              year)
{
  g_autoptr(GError) error = NULL;
  IsafI4c *sheet = isaf_i4c_load (fixture->database, unit, year, &error);

  g_assert_no_error (error);
  g_assert_true (ISAF_IS_I4C (sheet));
  return sheet;
}

static guint
find_indicator (IsafI4c    *sheet,
                const char *code)
{
  for (guint i = 0; i < isaf_i4c_get_n_indicators (sheet); i++)
    if (g_str_equal (isaf_i4c_get_indicator (sheet, i)->code, code))
      return i;
  g_assert_not_reached ();
}

static gint64
count (IsafTestFixture *fixture,
       const char      *sql)
{
  return isaf_test_run_query_int (fixture->database, sql);
}

/* How many rows @sql finds for the id bound to ?1. */
static gint64
count_for (IsafTestFixture *fixture,
           const char      *sql,
           const IsafUuid  *id)
{
  g_autofree char *hex = NULL;
  g_autofree char *bound = NULL;
  g_auto(GStrv) parts = NULL;
  GString *literal = g_string_new ("X'");

  for (guint i = 0; i < 16; i++)
    g_string_append_printf (literal, "%02X", id->bytes[i]);
  g_string_append_c (literal, '\'');
  hex = g_string_free (literal, FALSE);
  parts = g_strsplit (sql, "?1", -1);
  bound = g_strjoinv (hex, parts);
  return count (fixture, bound);
}

static void
keyed_id (const char     *table,
          const IsafUuid *parent,
          const char     *suffix,
          IsafUuid       *out)
{
  g_autofree char *parent_text = parent ? isaf_uuid_to_string (parent) : NULL;
  g_autofree char *key = parent ? g_strconcat (parent_text, "/", suffix, NULL)
                                : g_strdup (suffix);

  isaf_uuid_v5_for_table (out, table, key);
}

static void
save (IsafTestFixture *fixture,
      IsafI4c         *sheet)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (isaf_i4c_save (sheet, fixture->database, &error));
  g_assert_no_error (error);
}

/* Tests ---------------------------------------------------------------------------------- */

/* A value stored as NULL and a value with no row at all are both missing, this year and
 * last year; the rest of the demo year is all there. */
static void
test_missing_values (IsafTestFixture *fixture,
                     gconstpointer    data)
{
  g_autoptr(IsafI4c) before = NULL;
  g_autoptr(IsafI4c) sheet = NULL;
  g_autoptr(IsafI4c) first = NULL;
  IsafUuid unit, set_id;
  guint anc4, delivery, immunisation;
  double value;
  g_autofree char *shown = NULL;

  find_unit (fixture, "health_centre", &unit);
  before = load (fixture, &unit, LAST_YEAR);
  g_assert_true (isaf_i4c_is_stored (before));
  g_assert_false (isaf_i4c_get_changed (before));
  g_assert_cmpint (isaf_i4c_get_year (before), ==, LAST_YEAR);
  g_assert_cmpuint (isaf_i4c_get_n_indicators (before), ==, 5);
  set_id = *isaf_record_get_id (isaf_i4c_get_set (before));

  anc4 = find_indicator (before, "hc_anc4");
  delivery = find_indicator (before, "hc_delivery");
  immunisation = find_indicator (before, "hc_immunisation");
  g_assert_cmpint (isaf_test_run_sql (fixture->database, ISAF_DATABASE_WRITE,
                                      "UPDATE i4c_value SET value = NULL WHERE i4c_set_id = ?1 "
                                      "AND indicator_code = 'hc_anc4'", &set_id), ==, SQLITE_OK);
  g_assert_cmpint (isaf_test_run_sql (fixture->database, ISAF_DATABASE_WRITE,
                                      "UPDATE i4c_value SET deleted = 1 WHERE i4c_set_id = ?1 "
                                      "AND indicator_code = 'hc_delivery'", &set_id),
                   ==, SQLITE_OK);
  g_assert_cmpint (isaf_test_run_sql (fixture->database, ISAF_DATABASE_WRITE,
                                      "UPDATE i4c_value SET value = 0 WHERE i4c_set_id = ?1 "
                                      "AND indicator_code = 'hc_immunisation'", &set_id),
                   ==, SQLITE_OK);

  sheet = load (fixture, &unit, LAST_YEAR);
  g_assert_false (isaf_i4c_get_value (sheet, anc4, &value));
  g_assert_false (isaf_i4c_get_value (sheet, delivery, &value));
  /* A real 0 is a value. */
  g_assert_true (isaf_i4c_get_value (sheet, immunisation, &value));
  g_assert_cmpfloat (value, ==, 0);
  shown = isaf_i4c_format_value (NULL, ISAF_DIGITS_WESTERN);
  g_assert_cmpstr (shown, ==, ISAF_I4C_MISSING);
  g_assert_cmpint (isaf_i4c_check_standard (isaf_i4c_get_indicator (sheet, anc4), NULL), ==,
                   ISAF_I4C_STANDARD_UNKNOWN);

  /* Last year (the demo's first) is beside it, the fees in poster order, the staff. */
  g_assert_true (isaf_i4c_has_last_year (sheet));
  first = load (fixture, &unit, LAST_YEAR - 1);
  for (guint i = 0; i < isaf_i4c_get_n_indicators (sheet); i++)
    {
      double first_value = -1;
      gboolean known = isaf_i4c_get_last_value (sheet, i, &value);

      g_assert_cmpint (known, ==, isaf_i4c_get_value (first, i, &first_value));
      if (known)
        g_assert_cmpfloat (value, ==, first_value);
    }
  g_assert_cmpuint (isaf_i4c_get_n_fees (sheet), ==, 8);
  for (guint i = 0; i < isaf_i4c_get_n_fees (sheet); i++)
    g_assert_cmpint (isaf_record_get_integer (isaf_i4c_get_fee (sheet, i), "position"), ==, i + 1);
  g_assert_cmpuint (isaf_i4c_get_n_staff (sheet), ==, 4);
  g_assert_false (isaf_record_is_null (isaf_i4c_get_set (sheet), "budget_received_riel"));
  g_assert_nonnull (isaf_record_get_text (isaf_i4c_get_set (sheet), "services_offered"));
  /* Services keep their lines. */
  g_assert_nonnull (strchr (isaf_record_get_text (isaf_i4c_get_set (sheet), "services_offered"),
                            '\n'));
  g_assert_false (isaf_i4c_get_changed (sheet));
}

/* A year with nothing yet: one save creates the cycle, the set, the values typed (and only
 * those: a missing value gets no row), a fee and a staff row, all with the ids every laptop
 * would make, in one transaction. Then a value cleared is stored as NULL, not 0; a removed
 * fee is deleted; a renamed category replaces its row. */
static void
test_save (IsafTestFixture *fixture,
           gconstpointer    data)
{
  g_autoptr(IsafI4c) sheet = NULL;
  g_autoptr(IsafI4c) saved = NULL;
  g_autoptr(IsafI4c) edited = NULL;
  g_autoptr(IsafRecord) fee = NULL;
  g_autoptr(IsafRecord) staff = NULL;
  g_autoptr(IsafRecord) renamed = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) tables = NULL;
  IsafUuid unit, cycle_id, set_id, value_id, staff_row, renamed_row;
  IsafRecord *set;
  guint anc4, stockout;
  double value;

  find_unit (fixture, "health_centre", &unit);
  sheet = load (fixture, &unit, NEW_YEAR);
  g_assert_false (isaf_i4c_is_stored (sheet));
  g_assert_false (isaf_i4c_get_changed (sheet));
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM cycle WHERE year = 2026"), ==, 0);
  for (guint i = 0; i < isaf_i4c_get_n_indicators (sheet); i++)
    g_assert_false (isaf_i4c_get_value (sheet, i, NULL));

  anc4 = find_indicator (sheet, "hc_anc4");
  stockout = find_indicator (sheet, "hc_stockout");
  isaf_i4c_set_value (sheet, anc4, 82.5);
  /* No day without medicines: 0 is a value, saved as 0. */
  isaf_i4c_set_value (sheet, stockout, 0);
  set = isaf_i4c_get_set (sheet);
  isaf_record_set_text (set, "opening_hours", "ម៉ោង ៧:០០ ដល់ ១៧:០០");
  isaf_record_set_text (set, "services_offered", "ពិនិត្យជំងឺទូទៅ\nចាក់វ៉ាក់សាំង");
  isaf_record_set_integer (set, "budget_received_riel", 45000000);
  fee = isaf_i4c_new_fee (sheet);
  isaf_record_set_text (fee, "service_km", "ពិនិត្យផ្ទៃពោះ");
  isaf_record_set_text (fee, "service_en", "Antenatal care");
  isaf_record_set_integer (fee, "amount_riel", 5000);
  isaf_i4c_put_fee (sheet, fee);
  staff = isaf_i4c_new_staff (sheet);
  isaf_record_set_text (staff, "category", "ឆ្មបមធ្យម");
  isaf_record_set_integer (staff, "women", 3);
  isaf_record_set_integer (staff, "men", 0);
  g_assert_true (isaf_i4c_put_staff (sheet, staff, &error));
  g_assert_no_error (error);
  g_assert_true (isaf_i4c_get_changed (sheet));
  g_assert_true (isaf_i4c_validate (sheet, &error));
  g_assert_no_error (error);

  tables = isaf_i4c_dup_changed_tables (sheet);
  g_assert_true (g_strv_contains ((const char * const *) tables, "cycle"));
  g_assert_true (g_strv_contains ((const char * const *) tables, "i4c_set"));
  g_assert_true (g_strv_contains ((const char * const *) tables, "i4c_value"));
  g_assert_true (g_strv_contains ((const char * const *) tables, "i4c_fee"));
  g_assert_true (g_strv_contains ((const char * const *) tables, "i4c_staff"));

  /* The demo was written without capture: the outbox holds only this save. */
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM sync_outbox"), ==, 0);
  save (fixture, sheet);
  g_assert_cmpint (count (fixture, "SELECT count(DISTINCT txid) FROM sync_outbox"), ==, 1);

  keyed_id ("cycle", NULL, ISAF_TEST_COMMUNE "/2026", &cycle_id);
  keyed_id ("i4c_set", &unit, "2026", &set_id);
  g_assert_cmpint (count_for (fixture, "SELECT count(*) FROM cycle WHERE id = ?1 "
                                       "AND year = 2026", &cycle_id), ==, 1);
  g_assert_cmpint (count_for (fixture, "SELECT count(*) FROM i4c_set WHERE id = ?1",
                              &set_id), ==, 1);
  g_assert_cmpint (count_for (fixture, "SELECT count(*) FROM i4c_value WHERE i4c_set_id = ?1",
                              &set_id), ==, 2);
  keyed_id ("i4c_value", &set_id, "hc_anc4", &value_id);
  g_assert_cmpint (count_for (fixture, "SELECT count(*) FROM i4c_value WHERE id = ?1 "
                                       "AND value = 82.5", &value_id), ==, 1);
  g_assert_cmpint (count_for (fixture, "SELECT count(*) FROM i4c_value WHERE i4c_set_id = ?1 "
                                       "AND indicator_code = 'hc_stockout' AND value = 0",
                              &set_id), ==, 1);
  g_assert_cmpint (count_for (fixture, "SELECT count(*) FROM i4c_fee WHERE i4c_set_id = ?1 "
                                       "AND position = 1 AND amount_riel = 5000", &set_id), ==, 1);
  keyed_id ("i4c_staff", &set_id, "ឆ្មបមធ្យម", &staff_row);
  g_assert_cmpint (count_for (fixture, "SELECT count(*) FROM i4c_staff WHERE id = ?1 "
                                       "AND women = 3 AND men = 0", &staff_row), ==, 1);

  /* Read back: the same sheet, nothing left to save. */
  saved = load (fixture, &unit, NEW_YEAR);
  g_assert_true (isaf_i4c_is_stored (saved));
  g_assert_false (isaf_i4c_get_changed (saved));
  g_assert_true (isaf_i4c_get_value (saved, anc4, &value));
  g_assert_cmpfloat (value, ==, 82.5);
  g_assert_false (isaf_i4c_get_value (saved, find_indicator (saved, "hc_delivery"), NULL));
  g_assert_cmpstr (isaf_record_get_text (isaf_i4c_get_set (saved), "services_offered"), ==,
                   "ពិនិត្យជំងឺទូទៅ\nចាក់វ៉ាក់សាំង");
  g_assert_true (isaf_record_is_null (isaf_i4c_get_set (saved), "budget_spent_riel"));

  /* Clearing stores NULL; removing deletes; renaming replaces. */
  isaf_i4c_clear_value (saved, anc4);
  isaf_i4c_remove_fee (saved, 0);
  renamed = g_object_ref (isaf_i4c_get_staff (saved, 0));
  isaf_record_set_text (renamed, "category", "ឆ្មបបឋម");
  g_assert_true (isaf_i4c_put_staff (saved, renamed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (isaf_i4c_get_n_staff (saved), ==, 1);
  save (fixture, saved);

  g_assert_cmpint (count_for (fixture, "SELECT count(*) FROM i4c_value WHERE id = ?1 "
                                       "AND value IS NULL AND deleted = 0", &value_id), ==, 1);
  g_assert_cmpint (count_for (fixture, "SELECT count(*) FROM i4c_fee WHERE i4c_set_id = ?1 "
                                       "AND deleted = 0", &set_id), ==, 0);
  g_assert_cmpint (count_for (fixture, "SELECT count(*) FROM i4c_fee WHERE i4c_set_id = ?1 "
                                       "AND deleted = 1", &set_id), ==, 1);
  g_assert_cmpint (count_for (fixture, "SELECT count(*) FROM i4c_staff WHERE id = ?1 "
                                       "AND deleted = 1", &staff_row), ==, 1);
  keyed_id ("i4c_staff", &set_id, "ឆ្មបបឋម", &renamed_row);
  g_assert_cmpint (count_for (fixture, "SELECT count(*) FROM i4c_staff WHERE id = ?1 "
                                       "AND deleted = 0 AND women = 3", &renamed_row), ==, 1);

  edited = load (fixture, &unit, NEW_YEAR);
  g_assert_false (isaf_i4c_get_value (edited, anc4, NULL));
  g_assert_cmpuint (isaf_i4c_get_n_fees (edited), ==, 0);
  g_assert_false (isaf_i4c_get_changed (edited));
}

/* A negative fee, a negative budget, or more spent than received: refused with the core's
 * sentence, and nothing at all is written, not even the other, valid changes. */
static void
test_refused (IsafTestFixture *fixture,
              gconstpointer    data)
{
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(IsafI4c) sheet = NULL;
  g_autoptr(IsafI4c) fresh = NULL;
  g_autoptr(IsafRecord) fee = NULL;
  g_autoptr(GError) error = NULL;
  IsafUuid unit;
  IsafRecord *set;
  gint64 received;

  find_unit (fixture, "health_centre", &unit);
  sheet = load (fixture, &unit, LAST_YEAR);
  isaf_i4c_set_value (sheet, 0, 99);
  fee = g_object_ref (isaf_i4c_get_fee (sheet, 1));
  isaf_record_set_integer (fee, "amount_riel", -1000);
  isaf_i4c_put_fee (sheet, fee);

  before = isaf_test_dump_file (fixture->path);
  g_assert_false (isaf_i4c_validate (sheet, &error));
  g_assert_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_NEGATIVE);
  g_clear_error (&error);
  g_assert_false (isaf_i4c_save (sheet, fixture->database, &error));
  g_assert_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_NEGATIVE);
  g_clear_error (&error);
  after = isaf_test_dump_file (fixture->path);
  isaf_test_assert_dumps_equal (before, after);
  g_clear_pointer (&after, g_hash_table_unref);

  /* The fee put right, the budget wrong. */
  isaf_record_set_integer (fee, "amount_riel", 1000);
  isaf_i4c_put_fee (sheet, fee);
  set = isaf_i4c_get_set (sheet);
  received = isaf_record_get_integer (set, "budget_received_riel");
  isaf_record_set_integer (set, "budget_received_riel", -1);
  g_assert_false (isaf_i4c_save (sheet, fixture->database, &error));
  g_assert_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_NEGATIVE);
  g_clear_error (&error);
  isaf_record_set_integer (set, "budget_received_riel", received);
  isaf_record_set_integer (set, "budget_spent_riel", received + 1);
  g_assert_false (isaf_i4c_save (sheet, fixture->database, &error));
  g_assert_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_PART_EXCEEDS_TOTAL);
  g_clear_error (&error);
  after = isaf_test_dump_file (fixture->path);
  isaf_test_assert_dumps_equal (before, after);
  g_clear_pointer (&after, g_hash_table_unref);

  /* A new year refused leaves no cycle behind. */
  fresh = load (fixture, &unit, NEW_YEAR);
  isaf_i4c_set_value (fresh, 0, 50);
  isaf_record_set_integer (isaf_i4c_get_set (fresh), "budget_spent_riel", -5);
  g_assert_false (isaf_i4c_save (fresh, fixture->database, &error));
  g_assert_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_NEGATIVE);
  after = isaf_test_dump_file (fixture->path);
  isaf_test_assert_dumps_equal (before, after);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM cycle WHERE year = 2026"), ==, 0);
}

/* Copying fills only what this year lacks, keeps last year's missing values missing, and
 * saves nothing by itself. */
static void
test_copy_from_last_year (IsafTestFixture *fixture,
                          gconstpointer    data)
{
  g_autoptr(IsafI4c) last = NULL;
  g_autoptr(IsafI4c) sheet = NULL;
  g_autoptr(IsafI4c) saved = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  IsafUuid unit, last_set, new_set;
  guint anc4, delivery, staff_present;
  double value, last_value;

  find_unit (fixture, "health_centre", &unit);
  last = load (fixture, &unit, LAST_YEAR);
  last_set = *isaf_record_get_id (isaf_i4c_get_set (last));
  anc4 = find_indicator (last, "hc_anc4");
  delivery = find_indicator (last, "hc_delivery");
  staff_present = find_indicator (last, "hc_staff_present");
  g_assert_cmpint (isaf_test_run_sql (fixture->database, ISAF_DATABASE_WRITE,
                                      "UPDATE i4c_value SET value = NULL WHERE i4c_set_id = ?1 "
                                      "AND indicator_code = 'hc_delivery'", &last_set), ==,
                   SQLITE_OK);
  g_clear_object (&last);
  last = load (fixture, &unit, LAST_YEAR);

  sheet = load (fixture, &unit, NEW_YEAR);
  g_assert_true (isaf_i4c_has_last_year (sheet));
  g_assert_true (isaf_i4c_can_copy_from_last_year (sheet));
  /* Typed before copying: kept. */
  isaf_i4c_set_value (sheet, anc4, 12);

  before = isaf_test_dump_file (fixture->path);
  g_assert_true (isaf_i4c_copy_from_last_year (sheet));
  after = isaf_test_dump_file (fixture->path);
  isaf_test_assert_dumps_equal (before, after);
  g_assert_false (isaf_i4c_can_copy_from_last_year (sheet));
  g_assert_false (isaf_i4c_copy_from_last_year (sheet));

  g_assert_true (isaf_i4c_get_value (sheet, anc4, &value));
  g_assert_cmpfloat (value, ==, 12);
  g_assert_false (isaf_i4c_get_value (sheet, delivery, NULL));
  g_assert_false (isaf_i4c_get_last_value (sheet, delivery, NULL));
  for (guint i = 0; i < isaf_i4c_get_n_indicators (sheet); i++)
    if (i != anc4 && isaf_i4c_get_value (last, i, &last_value))
      {
        g_assert_true (isaf_i4c_get_value (sheet, i, &value));
        g_assert_cmpfloat (value, ==, last_value);
      }
  g_assert_true (isaf_i4c_get_value (sheet, staff_present, NULL)
                 == isaf_i4c_get_value (last, staff_present, NULL));

  for (guint i = 0; i < 2; i++)
    {
      const char *column = i == 0 ? "opening_hours" : "services_offered";

      g_assert_cmpstr (isaf_record_get_text (isaf_i4c_get_set (sheet), column), ==,
                       isaf_record_get_text (isaf_i4c_get_set (last), column));
    }
  g_assert_cmpint (isaf_record_get_integer (isaf_i4c_get_set (sheet), "budget_received_riel"), ==,
                   isaf_record_get_integer (isaf_i4c_get_set (last), "budget_received_riel"));
  g_assert_cmpint (isaf_record_get_integer (isaf_i4c_get_set (sheet), "budget_spent_riel"), ==,
                   isaf_record_get_integer (isaf_i4c_get_set (last), "budget_spent_riel"));

  g_assert_cmpuint (isaf_i4c_get_n_fees (sheet), ==, isaf_i4c_get_n_fees (last));
  for (guint i = 0; i < isaf_i4c_get_n_fees (sheet); i++)
    {
      IsafRecord *fee = isaf_i4c_get_fee (sheet, i);
      IsafRecord *last_fee = isaf_i4c_get_fee (last, i);

      g_assert_false (isaf_uuid_equal (isaf_record_get_id (fee), isaf_record_get_id (last_fee)));
      g_assert_cmpstr (isaf_record_get_text (fee, "service_km"), ==,
                       isaf_record_get_text (last_fee, "service_km"));
      g_assert_cmpstr (isaf_record_get_text (fee, "service_en"), ==,
                       isaf_record_get_text (last_fee, "service_en"));
      g_assert_cmpint (isaf_record_get_integer (fee, "amount_riel"), ==,
                       isaf_record_get_integer (last_fee, "amount_riel"));
    }
  g_assert_cmpuint (isaf_i4c_get_n_staff (sheet), ==, isaf_i4c_get_n_staff (last));

  save (fixture, sheet);
  keyed_id ("i4c_set", &unit, "2026", &new_set);
  g_assert_cmpint (count_for (fixture, "SELECT count(*) FROM i4c_fee WHERE i4c_set_id = ?1",
                              &new_set), ==, isaf_i4c_get_n_fees (last));
  g_assert_cmpint (count_for (fixture, "SELECT count(*) FROM i4c_staff WHERE i4c_set_id = ?1",
                              &new_set), ==, isaf_i4c_get_n_staff (last));
  /* The value missing last year got no row this year. */
  g_assert_cmpint (count_for (fixture, "SELECT count(*) FROM i4c_value WHERE i4c_set_id = ?1 "
                                       "AND indicator_code = 'hc_delivery'", &new_set), ==, 0);

  saved = load (fixture, &unit, NEW_YEAR);
  g_assert_false (isaf_i4c_get_changed (saved));
  g_assert_false (isaf_i4c_can_copy_from_last_year (saved));
  for (guint i = 0; i < isaf_i4c_get_n_staff (saved); i++)
    g_assert_cmpstr (isaf_record_get_text (isaf_i4c_get_staff (saved, i), "category"), ==,
                     isaf_record_get_text (isaf_i4c_get_staff (last, i), "category"));
}

/* A unit without a set the year before has nothing to copy. */
static void
test_no_last_year (IsafTestFixture *fixture,
                   gconstpointer    data)
{
  g_autoptr(IsafI4c) sheet = NULL;
  IsafUuid unit;

  find_unit (fixture, "primary_school", &unit);
  sheet = load (fixture, &unit, 2024);
  g_assert_true (isaf_i4c_is_stored (sheet));
  g_assert_false (isaf_i4c_has_last_year (sheet));
  g_assert_false (isaf_i4c_can_copy_from_last_year (sheet));
  g_assert_false (isaf_i4c_copy_from_last_year (sheet));
  for (guint i = 0; i < isaf_i4c_get_n_indicators (sheet); i++)
    g_assert_false (isaf_i4c_get_last_value (sheet, i, NULL));
  g_assert_cmpstr (isaf_i4c_get_indicator (sheet, 0)->service_kind, ==, "primary_school");
}

static void
test_duplicate_category (IsafTestFixture *fixture,
                         gconstpointer    data)
{
  g_autoptr(IsafI4c) sheet = NULL;
  g_autoptr(IsafRecord) staff = NULL;
  g_autoptr(IsafRecord) empty = NULL;
  g_autoptr(GError) error = NULL;
  IsafUuid unit;
  guint n;

  find_unit (fixture, "health_centre", &unit);
  sheet = load (fixture, &unit, LAST_YEAR);
  n = isaf_i4c_get_n_staff (sheet);
  staff = isaf_i4c_new_staff (sheet);
  isaf_record_set_text (staff, "category",
                        isaf_record_get_text (isaf_i4c_get_staff (sheet, 0), "category"));
  isaf_record_set_integer (staff, "women", 1);
  isaf_record_set_integer (staff, "men", 1);
  g_assert_false (isaf_i4c_put_staff (sheet, staff, &error));
  g_assert_error (error, ISAF_I4C_ERROR, ISAF_I4C_ERROR_DUPLICATE_CATEGORY);
  g_clear_error (&error);

  empty = isaf_i4c_new_staff (sheet);
  g_assert_false (isaf_i4c_put_staff (sheet, empty, &error));
  g_assert_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_REQUIRED);
  g_assert_cmpuint (isaf_i4c_get_n_staff (sheet), ==, n);
  g_assert_false (isaf_i4c_get_changed (sheet));
}

/* A year deleted (its cycle and everything in it), then entered again: the rows come back
 * with the same ids, holding only what was entered the second time. */
static void
test_entered_again (IsafTestFixture *fixture,
                    gconstpointer    data)
{
  g_autoptr(IsafI4c) sheet = NULL;
  g_autoptr(IsafI4c) again = NULL;
  g_autoptr(IsafI4c) shown = NULL;
  g_autoptr(GError) error = NULL;
  IsafUuid unit, cycle_id, set_id;
  double value;

  find_unit (fixture, "health_centre", &unit);
  sheet = load (fixture, &unit, NEW_YEAR);
  isaf_i4c_set_value (sheet, 0, 70);
  isaf_i4c_set_value (sheet, 1, 60);
  isaf_record_set_text (isaf_i4c_get_set (sheet), "opening_hours", "ម៉ោង ៨:០០");
  save (fixture, sheet);

  keyed_id ("cycle", NULL, ISAF_TEST_COMMUNE "/2026", &cycle_id);
  keyed_id ("i4c_set", &unit, "2026", &set_id);
  g_assert_true (isaf_store_delete (fixture->store, "cycle", &cycle_id, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_for (fixture, "SELECT count(*) FROM i4c_set WHERE id = ?1 "
                                       "AND deleted = 1", &set_id), ==, 1);

  again = load (fixture, &unit, NEW_YEAR);
  g_assert_false (isaf_i4c_is_stored (again));
  g_assert_false (isaf_i4c_get_value (again, 0, NULL));
  isaf_i4c_set_value (again, 1, 65);
  save (fixture, again);

  g_assert_cmpint (count_for (fixture, "SELECT count(*) FROM cycle WHERE id = ?1 "
                                       "AND deleted = 0", &cycle_id), ==, 1);
  g_assert_cmpint (count_for (fixture, "SELECT count(*) FROM i4c_set WHERE id = ?1 "
                                       "AND deleted = 0 AND opening_hours IS NULL", &set_id),
                   ==, 1);
  shown = load (fixture, &unit, NEW_YEAR);
  g_assert_true (isaf_i4c_is_stored (shown));
  g_assert_false (isaf_i4c_get_value (shown, 0, NULL));
  g_assert_true (isaf_i4c_get_value (shown, 1, &value));
  g_assert_cmpfloat (value, ==, 65);
  g_assert_null (isaf_record_get_text (isaf_i4c_get_set (shown), "opening_hours"));
}

static void
test_unknown_unit (IsafTestFixture *fixture,
                   gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafI4c) sheet = NULL;
  IsafUuid unit;

  isaf_uuid_v7 (&unit);
  sheet = isaf_i4c_load (fixture->database, &unit, LAST_YEAR, &error);
  g_assert_null (sheet);
  g_assert_error (error, ISAF_I4C_ERROR, ISAF_I4C_ERROR_NO_UNIT);
}

typedef struct {
  GMainLoop *loop;
  GAsyncResult *result;
} Wait;

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

/* The page's way: loading and saving on the database thread. */
static void
test_async (IsafTestFixture *fixture,
            gconstpointer    data)
{
  Wait wait = { g_main_loop_new (NULL, FALSE) };
  g_autoptr(IsafI4c) sheet = NULL;
  g_autoptr(GError) error = NULL;
  IsafUuid unit;

  find_unit (fixture, "commune_office", &unit);
  isaf_i4c_load_async (fixture->database, &unit, NEW_YEAR, NULL, on_done_cb, &wait);
  g_main_loop_run (wait.loop);
  sheet = isaf_i4c_load_finish (fixture->database, wait.result, &error);
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  g_assert_cmpuint (isaf_i4c_get_n_indicators (sheet), ==, 3);

  isaf_i4c_set_value (sheet, 0, 95);
  isaf_i4c_save_async (sheet, fixture->database, NULL, on_done_cb, &wait);
  g_main_loop_run (wait.loop);
  g_assert_true (isaf_i4c_save_finish (sheet, wait.result, &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM i4c_set s JOIN cycle c "
                                   "ON c.id = s.cycle_id WHERE c.year = 2026"), ==, 1);
  g_main_loop_unref (wait.loop);
}

static void
test_parse_and_format (void)
{
  static const struct {
    const char *text;
    double value;
  } good[] = {
    { "82", 82 }, { " ៨២ ", 82 }, { "12.5", 12.5 }, { "១២.៥", 12.5 }, { "1,250", 1250 },
    { "0", 0 }, { ".5", 0.5 }, { "0.25", 0.25 },
  };
  static const char * const bad[] = { "abc", "1.2.3", "5.", "12a", "1,25", "--1", "-", "." };
  static const struct {
    double value;
    IsafDigits digits;
    const char *text;
  } shown[] = {
    { 82, ISAF_DIGITS_WESTERN, "82" }, { 12.5, ISAF_DIGITS_WESTERN, "12.5" },
    { 1250, ISAF_DIGITS_WESTERN, "1,250" }, { 0, ISAF_DIGITS_WESTERN, "0" },
    { 0.333333, ISAF_DIGITS_WESTERN, "0.33" }, { 82.5, ISAF_DIGITS_KHMER, "៨២.៥" },
    { 1250, ISAF_DIGITS_KHMER, "១,២៥០" },
  };
  IsafIndicator percent = { .code = (char *) "x", .unit = (char *) "%", .standard = 80,
                            .has_standard = TRUE, .higher_is_better = TRUE };
  IsafIndicator days = { .code = (char *) "y", .unit = (char *) "days", .standard = 0,
                         .has_standard = TRUE, .higher_is_better = FALSE };
  IsafIndicator rate = { .code = (char *) "z", .unit = (char *) "%", .standard = 3,
                         .has_standard = TRUE, .higher_is_better = FALSE };
  IsafIndicator none = { .code = (char *) "w", .unit = (char *) "%" };
  double value;
  gboolean missing;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (isaf_i4c_parse_value (good[i].text, &missing, &value, &error));
      g_assert_no_error (error);
      g_assert_false (missing);
      g_assert_cmpfloat (value, ==, good[i].value);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", bad[i]);
      g_assert_false (isaf_i4c_parse_value (bad[i], &missing, &value, &error));
      g_assert_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_WRONG_TYPE);
    }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (isaf_i4c_parse_value ("-3", &missing, &value, &error));
    g_assert_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_NEGATIVE);
    g_clear_error (&error);
    g_assert_true (isaf_i4c_parse_value ("  ", &missing, &value, &error));
    g_assert_true (missing);
    g_assert_true (isaf_i4c_parse_value (NULL, &missing, &value, &error));
    g_assert_true (missing);
    g_assert_no_error (error);
  }

  for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
    {
      g_autofree char *text = isaf_i4c_format_value (&shown[i].value, shown[i].digits);

      g_assert_cmpstr (text, ==, shown[i].text);
    }

  {
    g_autofree char *a = isaf_i4c_format_standard (&percent, ISAF_DIGITS_WESTERN);
    g_autofree char *b = isaf_i4c_format_standard (&days, ISAF_DIGITS_WESTERN);
    g_autofree char *c = isaf_i4c_format_standard (&rate, ISAF_DIGITS_KHMER);
    g_autofree char *d = isaf_i4c_format_standard (&none, ISAF_DIGITS_WESTERN);
    double met = 85, below = 79.5, zero = 0, high = 3.5;

    g_assert_cmpstr (a, ==, "≥ 80%");
    g_assert_cmpstr (b, ==, "0 days");
    g_assert_cmpstr (c, ==, "≤ ៣%");
    g_assert_cmpstr (d, ==, ISAF_I4C_MISSING);
    g_assert_cmpint (isaf_i4c_check_standard (&percent, &met), ==, ISAF_I4C_STANDARD_MET);
    g_assert_cmpint (isaf_i4c_check_standard (&percent, &below), ==, ISAF_I4C_STANDARD_NOT_MET);
    g_assert_cmpint (isaf_i4c_check_standard (&days, &zero), ==, ISAF_I4C_STANDARD_MET);
    g_assert_cmpint (isaf_i4c_check_standard (&rate, &high), ==, ISAF_I4C_STANDARD_NOT_MET);
    g_assert_cmpint (isaf_i4c_check_standard (&none, &met), ==, ISAF_I4C_STANDARD_UNKNOWN);
    g_assert_cmpint (isaf_i4c_check_standard (&percent, NULL), ==, ISAF_I4C_STANDARD_UNKNOWN);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/i4c/parse-and-format", test_parse_and_format);
  g_test_add ("/i4c/missing-values", IsafTestFixture, NULL, fixture_set_up,
              test_missing_values, isaf_test_fixture_teardown);
  g_test_add ("/i4c/save", IsafTestFixture, NULL, fixture_set_up, test_save,
              isaf_test_fixture_teardown);
  g_test_add ("/i4c/refused", IsafTestFixture, NULL, fixture_set_up, test_refused,
              isaf_test_fixture_teardown);
  g_test_add ("/i4c/copy-from-last-year", IsafTestFixture, NULL, fixture_set_up,
              test_copy_from_last_year, isaf_test_fixture_teardown);
  g_test_add ("/i4c/no-last-year", IsafTestFixture, NULL, fixture_set_up, test_no_last_year,
              isaf_test_fixture_teardown);
  g_test_add ("/i4c/duplicate-category", IsafTestFixture, NULL, fixture_set_up,
              test_duplicate_category, isaf_test_fixture_teardown);
  g_test_add ("/i4c/entered-again", IsafTestFixture, NULL, fixture_set_up, test_entered_again,
              isaf_test_fixture_teardown);
  g_test_add ("/i4c/unknown-unit", IsafTestFixture, NULL, fixture_set_up, test_unknown_unit,
              isaf_test_fixture_teardown);
  g_test_add ("/i4c/async", IsafTestFixture, NULL, fixture_set_up, test_async,
              isaf_test_fixture_teardown);

  return g_test_run ();
}
