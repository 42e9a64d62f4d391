/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-validate"

#include "config.h"

#include <string.h>

#include "isaf-error.h"
#include "isaf-gazetteer.h"
#include "isaf-test-helpers.h"
#include "isaf-validate.h"

/* Each rule is checked twice: by isaf_validate_record() itself, and through the store, which
 * must refuse the record with the same error and leave every table exactly as it was. */

static void
assert_message (const GError *error)
{
  g_assert_nonnull (error);
  g_assert_nonnull (error->message);
  g_assert_cmpuint (strlen (error->message), >, 10);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
assert_refused (IsafTestFixture     *fixture,
                IsafRecord          *record,
                IsafValidationError  code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) store_error = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new ();
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;

  g_assert_false (isaf_validate_record (record, ISAF_TEST_COMMUNE, &error));
  g_assert_error (error, ISAF_VALIDATION_ERROR, (int) code);
  assert_message (error);
  g_test_message ("refused: %s", error->message);

  before = isaf_test_dump_file (fixture->path);
  g_ptr_array_add (records, record);
  g_assert_false (isaf_store_save (fixture->store, records, &store_error));
  g_assert_error (store_error, ISAF_VALIDATION_ERROR, (int) code);
  g_assert_cmpstr (store_error->message, ==, error->message);
  g_assert_false (isaf_record_is_stored (record));
  after = isaf_test_dump_file (fixture->path);
  isaf_test_assert_dumps_equal (before, after);
}

/* Saves @record and reads it back from the database. */
static IsafRecord *
save_and_reload (IsafTestFixture *fixture,
                 IsafRecord      *record)
{
  g_autoptr(GError) error = NULL;
  IsafRecord *reloaded;

  isaf_validate_record (record, ISAF_TEST_COMMUNE, &error);
  g_assert_no_error (error);
  isaf_test_save (fixture->store, record, NULL);
  g_assert_true (isaf_record_is_stored (record));

  reloaded = isaf_store_get (fixture->store, isaf_record_get_table_name (record),
                             isaf_record_get_id (record), &error);
  g_assert_no_error (error);
  g_assert_nonnull (reloaded);
  return reloaded;
}

static IsafRecord *
new_caf (const char *name)
{
  IsafRecord *caf = isaf_record_new ("caf");

  isaf_record_set_text (caf, "name_km", name);
  isaf_record_set_text (caf, "sex", "f");
  return caf;
}

static IsafRecord *
save_cycle (IsafTestFixture *fixture)
{
  IsafRecord *cycle = isaf_record_new ("cycle");

  isaf_record_set_integer (cycle, "year", 2026);
  isaf_test_save (fixture->store, cycle, NULL);
  return cycle;
}

static IsafRecord *
new_action (IsafRecord *cycle)
{
  IsafRecord *action = isaf_record_new ("jaap_action");

  isaf_record_set_reference (action, "cycle_id", isaf_record_get_id (cycle));
  isaf_record_set_text (action, "action_group", "kha");
  isaf_record_set_text (action, "activity", "វគ្គបណ្តុះបណ្តាលអនាម័យ");
  isaf_record_set_text (action, "status", "not_started");
  return action;
}

/* Required fields --------------------------------------------------------------------- */

static void
test_required_missing (IsafTestFixture *fixture,
                       gconstpointer    data)
{
  g_autoptr(IsafRecord) caf = isaf_record_new ("caf");
  g_autoptr(IsafRecord) cycle = isaf_record_new ("cycle");

  isaf_record_set_text (caf, "sex", "m");
  assert_refused (fixture, caf, ISAF_VALIDATION_ERROR_REQUIRED);

  /* Set, then cleared again. */
  isaf_record_set_integer (cycle, "year", 2026);
  isaf_record_set_null (cycle, "year");
  assert_refused (fixture, cycle, ISAF_VALIDATION_ERROR_REQUIRED);
}

static void
test_required_whitespace (IsafTestFixture *fixture,
                          gconstpointer    data)
{
  static const char * const blanks[] = {
    "",
    " ",
    "   \t\n  ",
    "\xc2\xa0",                  /* no-break space */
    "\xe2\x80\x8b \xe2\x80\x8b", /* zero-width spaces around a space */
  };

  for (guint i = 0; i < G_N_ELEMENTS (blanks); i++)
    {
      g_autoptr(IsafRecord) caf = new_caf (blanks[i]);

      assert_refused (fixture, caf, ISAF_VALIDATION_ERROR_REQUIRED);
    }
}

/* Text ------------------------------------------------------------------------------------ */

static void
test_text_too_long (IsafTestFixture *fixture,
                    gconstpointer    data)
{
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(IsafRecord) too_long = NULL;
  g_autoptr(IsafRecord) longest = NULL;
  g_autoptr(IsafRecord) reloaded = NULL;

  /* Characters, not bytes: each Khmer letter takes three bytes in UTF-8. */
  for (guint i = 0; i < 120; i++)
    g_string_append (name, "ក");
  longest = new_caf (name->str);
  g_string_append (name, "ក");
  too_long = new_caf (name->str);

  assert_refused (fixture, too_long, ISAF_VALIDATION_ERROR_TOO_LONG);

  reloaded = save_and_reload (fixture, longest);
  g_assert_cmpint (g_utf8_strlen (isaf_record_get_text (reloaded, "name_km"), -1), ==, 120);
}

static void
test_text_invalid_utf8 (IsafTestFixture *fixture,
                        gconstpointer    data)
{
  g_autoptr(IsafRecord) caf = new_caf ("សុខ\xff\xfe");
  g_autoptr(IsafRecord) dated = new_caf ("សុខ");

  assert_refused (fixture, caf, ISAF_VALIDATION_ERROR_INVALID_TEXT);

  isaf_record_set_text (dated, "selected_on", "2026-01-0\xc3");
  assert_refused (fixture, dated, ISAF_VALIDATION_ERROR_INVALID_TEXT);
}

/* Numbers ------------------------------------------------------------------------------- */

typedef struct {
  IsafRecord *cycle;
  IsafRecord *unit;
  IsafRecord *scorecard;
  IsafRecord *indicator;
  IsafRecord *participant;
} Scorecard;

static void
scorecard_clear (Scorecard *card)
{
  g_clear_object (&card->cycle);
  g_clear_object (&card->unit);
  g_clear_object (&card->scorecard);
  g_clear_object (&card->indicator);
  g_clear_object (&card->participant);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Scorecard, scorecard_clear)

static void
scorecard_init (IsafTestFixture *fixture,
                Scorecard       *card)
{
  card->cycle = save_cycle (fixture);

  card->unit = isaf_record_new ("service_unit");
  isaf_record_set_text (card->unit, "kind", "health_centre");
  isaf_record_set_text (card->unit, "code", "HC-0102");
  isaf_record_set_text (card->unit, "name_km", "មណ្ឌលសុខភាពបន្ទាយនាង");

  card->scorecard = isaf_record_new ("scorecard");
  isaf_record_set_reference (card->scorecard, "cycle_id", isaf_record_get_id (card->cycle));
  isaf_record_set_text (card->scorecard, "kind", "csc");
  isaf_record_set_reference (card->scorecard, "service_unit_id", isaf_record_get_id (card->unit));
  isaf_record_set_text (card->scorecard, "held_on", "2026-04-02");
  isaf_record_set_text (card->scorecard, "status", "draft");

  card->indicator = isaf_record_new ("scorecard_indicator");
  isaf_record_set_reference (card->indicator, "scorecard_id", isaf_record_get_id (card->scorecard));
  isaf_record_set_integer (card->indicator, "position", 1);
  isaf_record_set_text (card->indicator, "name_km", "អ្នកផ្តល់សេវាស្វាគមន៍ល្អ");

  card->participant = isaf_record_new ("scorecard_participant");
  isaf_record_set_reference (card->participant, "scorecard_id",
                             isaf_record_get_id (card->scorecard));
  isaf_record_set_integer (card->participant, "position", 1);

  isaf_test_save (fixture->store, card->unit, card->scorecard, card->indicator, card->participant,
                  NULL);
}

static IsafRecord *
new_vote (Scorecard *card,
          gint64     score)
{
  g_autofree char *indicator = isaf_record_dup_id_string (card->indicator);
  g_autofree char *participant = isaf_record_dup_id_string (card->participant);
  g_autofree char *key = g_strconcat (indicator, "/", participant, NULL);
  IsafRecord *vote = isaf_record_new_keyed ("scorecard_vote", key);

  isaf_record_set_reference (vote, "scorecard_indicator_id", isaf_record_get_id (card->indicator));
  isaf_record_set_reference (vote, "participant_id", isaf_record_get_id (card->participant));
  isaf_record_set_integer (vote, "score", score);
  return vote;
}

static void
test_score_out_of_range (IsafTestFixture *fixture,
                         gconstpointer    data)
{
  static const gint64 scores[] = { 0, 6, -1, 100 };
  g_auto(Scorecard) card = { NULL, };

  scorecard_init (fixture, &card);
  for (guint i = 0; i < G_N_ELEMENTS (scores); i++)
    {
      g_autoptr(IsafRecord) vote = new_vote (&card, scores[i]);

      g_test_message ("score %" G_GINT64_FORMAT, scores[i]);
      assert_refused (fixture, vote, ISAF_VALIDATION_ERROR_SCORE_RANGE);
    }
}

static void
test_score_in_range (IsafTestFixture *fixture,
                     gconstpointer    data)
{
  g_auto(Scorecard) card = { NULL, };

  scorecard_init (fixture, &card);
  for (gint64 score = 1; score <= 5; score++)
    {
      g_autoptr(IsafRecord) vote = new_vote (&card, score);
      g_autoptr(IsafRecord) reloaded = save_and_reload (fixture, vote);

      g_assert_cmpint (isaf_record_get_integer (reloaded, "score"), ==, score);
    }

  /* One participant, one indicator: one row, whatever was voted last (a natural key). */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) votes = isaf_store_list (fixture->store, "scorecard_vote",
                                                  "scorecard_indicator_id",
                                                  isaf_record_get_id (card.indicator), &error);

    g_assert_no_error (error);
    g_assert_cmpuint (votes->len, ==, 1);
    g_assert_cmpint (isaf_record_get_integer (votes->pdata[0], "score"), ==, 5);
  }
}

static void
test_negative_count (IsafTestFixture *fixture,
                     gconstpointer    data)
{
  g_autoptr(IsafRecord) cycle = save_cycle (fixture);
  g_autoptr(IsafRecord) action = new_action (cycle);
  g_autoptr(IsafRecord) village = isaf_record_new ("village");
  g_autoptr(IsafRecord) reloaded = NULL;

  isaf_record_set_integer (action, "beneficiaries_total", -1);
  assert_refused (fixture, action, ISAF_VALIDATION_ERROR_NEGATIVE);

  isaf_record_set_text (village, "code", "01020105");
  isaf_record_set_integer (village, "households", -12);
  assert_refused (fixture, village, ISAF_VALIDATION_ERROR_NEGATIVE);

  isaf_record_set_integer (action, "beneficiaries_total", 0);
  reloaded = save_and_reload (fixture, action);
  g_assert_cmpint (isaf_record_get_integer (reloaded, "beneficiaries_total"), ==, 0);
  g_assert_false (isaf_record_is_null (reloaded, "beneficiaries_total"));
}

static void
test_negative_riel (IsafTestFixture *fixture,
                    gconstpointer    data)
{
  g_autoptr(IsafRecord) cycle = save_cycle (fixture);
  g_autoptr(IsafRecord) action = new_action (cycle);
  g_autoptr(IsafRecord) line = isaf_record_new ("awpb_line");

  isaf_record_set_integer (action, "estimated_cost_riel", -4000);
  assert_refused (fixture, action, ISAF_VALIDATION_ERROR_NEGATIVE);

  isaf_record_set_reference (line, "cycle_id", isaf_record_get_id (cycle));
  isaf_record_set_text (line, "category", "jaapc_meetings");
  isaf_record_set_text (line, "description", "អាហារសម្រន់ប្រជុំ");
  isaf_record_set_text (line, "fund_source", "commune_fund");
  isaf_record_set_integer (line, "amount_riel", -1);
  assert_refused (fixture, line, ISAF_VALIDATION_ERROR_NEGATIVE);
}

static void
test_integer_out_of_range (IsafTestFixture *fixture,
                           gconstpointer    data)
{
  g_autoptr(IsafRecord) caf = new_caf ("សុខ");
  g_autoptr(IsafRecord) cycle = isaf_record_new ("cycle");

  isaf_record_set_integer (caf, "birth_year", 1850);
  assert_refused (fixture, caf, ISAF_VALIDATION_ERROR_OUT_OF_RANGE);
  isaf_record_set_integer (cycle, "year", 2201);
  assert_refused (fixture, cycle, ISAF_VALIDATION_ERROR_OUT_OF_RANGE);
}

static void
test_birth_year_in_future (IsafTestFixture *fixture,
                           gconstpointer    data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(IsafRecord) caf = new_caf ("សុខ");
  g_autoptr(GError) error = NULL;

  isaf_record_set_integer (caf, "birth_year", g_date_time_get_year (now) + 1);
  assert_refused (fixture, caf, ISAF_VALIDATION_ERROR_IN_FUTURE);

  isaf_record_set_integer (caf, "birth_year", g_date_time_get_year (now) - 30);
  g_assert_true (isaf_validate_record (caf, ISAF_TEST_COMMUNE, &error));
  g_assert_no_error (error);
}

static void
test_wrong_type (IsafTestFixture *fixture,
                 gconstpointer    data)
{
  g_autoptr(IsafRecord) cycle = isaf_record_new ("cycle");
  g_autoptr(IsafRecord) caf = new_caf ("សុខ");

  isaf_record_set_text (cycle, "year", "2026");
  assert_refused (fixture, cycle, ISAF_VALIDATION_ERROR_WRONG_TYPE);
  isaf_record_set_integer (caf, "selected_on", 20260101);
  assert_refused (fixture, caf, ISAF_VALIDATION_ERROR_WRONG_TYPE);
}

/* Dates --------------------------------------------------------------------------------- */

static void
test_dates_order (IsafTestFixture *fixture,
                  gconstpointer    data)
{
  g_autoptr(IsafRecord) cycle = save_cycle (fixture);
  g_autoptr(IsafRecord) action = new_action (cycle);
  g_autoptr(IsafRecord) caf = new_caf ("សុខ");
  g_autoptr(IsafRecord) reloaded = NULL;

  isaf_record_set_text (action, "start_on", "2026-03-10");
  isaf_record_set_text (action, "end_on", "2026-03-09");
  assert_refused (fixture, action, ISAF_VALIDATION_ERROR_DATE_ORDER);

  isaf_record_set_text (caf, "selected_on", "2025-01-01");
  isaf_record_set_text (caf, "left_on", "2024-12-31");
  assert_refused (fixture, caf, ISAF_VALIDATION_ERROR_DATE_ORDER);

  /* Same day is fine. */
  isaf_record_set_text (action, "end_on", "2026-03-10");
  reloaded = save_and_reload (fixture, action);
  g_assert_cmpstr (isaf_record_get_text (reloaded, "end_on"), ==, "2026-03-10");
}

static void
test_dates_invalid (IsafTestFixture *fixture,
                    gconstpointer    data)
{
  static const char * const dates[] = {
    "2026-02-30", "26/11/2026", "2026-2-3", "2025-13-01", "2026-00-10", "2026-01-01T00:00",
    "tomorrow",
  };

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      g_autoptr(IsafRecord) caf = new_caf ("សុខ");

      g_test_message ("date %s", dates[i]);
      isaf_record_set_text (caf, "selected_on", dates[i]);
      assert_refused (fixture, caf, ISAF_VALIDATION_ERROR_INVALID_DATE);
    }
}

/* Codes --------------------------------------------------------------------------------- */

static void
test_village_unknown (IsafTestFixture *fixture,
                      gconstpointer    data)
{
  static const char * const codes[] = { "01020199", "010201", "0102010", "abcdefgh" };

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autoptr(IsafRecord) village = isaf_record_new ("village");
      const IsafGazetteerEntry *entry = isaf_gazetteer_lookup (isaf_gazetteer_get_default (),
                                                               codes[i]);

      g_assert_true (entry == NULL || entry->level != ISAF_GAZETTEER_VILLAGE);
      isaf_record_set_text (village, "code", codes[i]);
      assert_refused (fixture, village, ISAF_VALIDATION_ERROR_UNKNOWN_CODE);
    }
}

static void
test_village_other_commune (IsafTestFixture *fixture,
                            gconstpointer    data)
{
  g_autoptr(IsafRecord) village = isaf_record_new ("village");
  g_autoptr(IsafRecord) own = isaf_record_new ("village");
  g_autoptr(GError) error = NULL;
  const IsafGazetteerEntry *entry;

  /* Khtum Reay Lech, a real village, but of Bat Trang (010202). */
  entry = isaf_gazetteer_lookup (isaf_gazetteer_get_default (), "01020201");
  g_assert_nonnull (entry);
  g_assert_cmpint (entry->level, ==, ISAF_GAZETTEER_VILLAGE);

  isaf_record_set_text (village, "code", "01020201");
  assert_refused (fixture, village, ISAF_VALIDATION_ERROR_UNKNOWN_CODE);

  isaf_record_set_text (own, "code", "01020105");
  g_assert_true (isaf_validate_record (own, ISAF_TEST_COMMUNE, &error));
  g_assert_no_error (error);
}

static void
test_commune_code (IsafTestFixture *fixture,
                   gconstpointer    data)
{
  static const char * const bad[] = { "999999", "0102", "01020101", "", "01020x", "0102011" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autofree char *code = NULL;

  g_assert_true (isaf_validate_commune_code ("010201", &error));
  g_assert_no_error (error);
  g_assert_true (isaf_validate_commune_code ("010202", &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("commune code '%s'", bad[i]);
      g_assert_false (isaf_validate_commune_code (bad[i], &error));
      g_assert_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_UNKNOWN_CODE);
      assert_message (error);
      g_clear_error (&error);
    }
  g_assert_false (isaf_validate_commune_code (NULL, &error));
  g_assert_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_UNKNOWN_CODE);
  g_clear_error (&error);

  /* Through the store: an unknown code, or another commune for a database that has one,
   * changes nothing. */
  before = isaf_test_dump_file (fixture->path);
  g_assert_false (isaf_store_create_commune (fixture->store, "999999", &error));
  g_assert_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_UNKNOWN_CODE);
  g_clear_error (&error);
  g_assert_false (isaf_store_create_commune (fixture->store, "010202", &error));
  g_assert_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_EXISTS);
  assert_message (error);
  after = isaf_test_dump_file (fixture->path);
  isaf_test_assert_dumps_equal (before, after);
  code = isaf_database_dup_commune_code (fixture->database);
  g_assert_cmpstr (code, ==, ISAF_TEST_COMMUNE);
}

static void
test_choice (IsafTestFixture *fixture,
             gconstpointer    data)
{
  static const char * const sexes[] = { "x", "F", "female", " f" };

  for (guint i = 0; i < G_N_ELEMENTS (sexes); i++)
    {
      g_autoptr(IsafRecord) caf = new_caf ("សុខ");

      isaf_record_set_text (caf, "sex", sexes[i]);
      assert_refused (fixture, caf, ISAF_VALIDATION_ERROR_INVALID_CHOICE);
    }
}

static void
test_part_exceeds_total (IsafTestFixture *fixture,
                         gconstpointer    data)
{
  g_autoptr(IsafRecord) cycle = save_cycle (fixture);
  g_autoptr(IsafRecord) action = new_action (cycle);
  g_autoptr(IsafRecord) line = isaf_record_new ("awpb_line");
  g_autoptr(IsafRecord) reloaded = NULL;

  isaf_record_set_integer (action, "beneficiaries_total", 10);
  isaf_record_set_integer (action, "beneficiaries_female", 11);
  assert_refused (fixture, action, ISAF_VALIDATION_ERROR_PART_EXCEEDS_TOTAL);

  isaf_record_set_reference (line, "cycle_id", isaf_record_get_id (cycle));
  isaf_record_set_text (line, "category", "other");
  isaf_record_set_text (line, "description", "ផ្សេងៗ");
  isaf_record_set_text (line, "fund_source", "community");
  isaf_record_set_integer (line, "amount_riel", 100000);
  isaf_record_set_integer (line, "spent_riel", 100001);
  assert_refused (fixture, line, ISAF_VALIDATION_ERROR_PART_EXCEEDS_TOTAL);

  isaf_record_set_integer (action, "beneficiaries_female", 10);
  reloaded = save_and_reload (fixture, action);
  g_assert_cmpint (isaf_record_get_integer (reloaded, "beneficiaries_female"), ==, 10);
}

static void
test_reference_not_an_id (IsafTestFixture *fixture,
                          gconstpointer    data)
{
  g_autoptr(IsafRecord) caf = new_caf ("សុខ");
  g_autoptr(IsafRecord) other = new_caf ("សុខ");

  isaf_record_set_text (caf, "village_id", "01020105");
  assert_refused (fixture, caf, ISAF_VALIDATION_ERROR_INVALID_ID);

  isaf_record_set_integer (other, "village_id", 42);
  assert_refused (fixture, other, ISAF_VALIDATION_ERROR_INVALID_ID);
}

/* Normalisation ----------------------------------------------------------------------- */

static char *
raw_text (IsafTestFixture *fixture,
          const char      *sql)
{
  sqlite3 *conn = isaf_test_sqlite_open (fixture->path, SQLITE_OPEN_READONLY);
  char *text = isaf_test_sqlite_text (conn, sql);

  sqlite3_close (conn);
  return text;
}

static void
test_khmer_normalised (IsafTestFixture *fixture,
                       gconstpointer    data)
{
  /* "ស" + E (U+17C1) + II (U+17B8) + "ន": renders like "ស" + OE (U+17BE) + "ន". */
  const char *typed = "\xe1\x9e\x9f\xe1\x9f\x81\xe1\x9e\xb8\xe1\x9e\x93";
  const char *stored = "\xe1\x9e\x9f\xe1\x9e\xbe\xe1\x9e\x93";
  g_autoptr(IsafRecord) caf = new_caf (typed);
  g_autoptr(IsafRecord) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *row = NULL;
  g_autofree char *outbox = NULL;

  g_assert_true (isaf_validate_record (caf, ISAF_TEST_COMMUNE, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (isaf_record_get_text (caf, "name_km"), ==, stored);

  reloaded = save_and_reload (fixture, caf);
  g_assert_cmpstr (isaf_record_get_text (reloaded, "name_km"), ==, stored);
  g_assert_null (g_utf8_strchr (isaf_record_get_text (reloaded, "name_km"), -1, 0x17C1));

  row = raw_text (fixture, "SELECT name_km FROM caf");
  g_assert_cmpstr (row, ==, stored);
  outbox = raw_text (fixture, "SELECT value FROM sync_outbox WHERE tbl = 'caf' "
                              "AND field = 'name_km'");
  g_assert_cmpstr (outbox, ==, stored);
}

static void
test_khmer_zero_width (IsafTestFixture *fixture,
                       gconstpointer    data)
{
  g_autoptr(IsafRecord) caf = new_caf ("  សុខ\xe2\x80\x8bសាន្ត\xe2\x80\x8b  ");
  g_autoptr(IsafRecord) reloaded = NULL;

  isaf_record_set_text (caf, "name_latin", "Sok\xe2\x80\x8b   San");
  reloaded = save_and_reload (fixture, caf);
  g_assert_cmpstr (isaf_record_get_text (reloaded, "name_km"), ==, "សុខសាន្ត");
  g_assert_cmpstr (isaf_record_get_text (reloaded, "name_latin"), ==, "Sok San");
}

static void
test_phone_khmer_digits (IsafTestFixture *fixture,
                         gconstpointer    data)
{
  static const struct {
    const char *typed;
    const char *stored;
  } phones[] = {
    { "០១២ ៣៤៥ ៦៧៨", "012 345 678" },
    { "+៨៥៥ (០)១២-៣៤៥-៦៧៨", "+855 (0)12-345-678" },
    { "០៩៧៧៦៥៤៣២១", "0977654321" },
    { "012 ៣៤៥ 678", "012 345 678" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (phones); i++)
    {
      g_autoptr(IsafRecord) caf = new_caf ("សុខ");
      g_autoptr(IsafRecord) reloaded = NULL;
      g_autofree char *id = NULL;
      g_autofree char *type = NULL;
      g_autofree char *sql = NULL;

      isaf_record_set_text (caf, "phone", phones[i].typed);
      reloaded = save_and_reload (fixture, caf);
      g_assert_cmpstr (isaf_record_get_text (reloaded, "phone"), ==, phones[i].stored);

      /* Kept as text everywhere, leading zero included: in the row and in the outbox. */
      id = isaf_record_dup_id_string (caf);
      sql = g_strdup_printf ("SELECT typeof (value) || ':' || value FROM sync_outbox "
                             "WHERE field = 'phone' AND hex (id) = upper (replace ('%s', '-', ''))",
                             id);
      type = raw_text (fixture, sql);
      g_assert_true (g_str_has_prefix (type, "text:"));
      g_assert_cmpstr (type + strlen ("text:"), ==, phones[i].stored);
    }
}

static void
test_phone_letters (IsafTestFixture *fixture,
                    gconstpointer    data)
{
  static const char * const phones[] = { "012 abc 678", "០១២-ABC", "012345678 ext. 2", "012/345" };

  for (guint i = 0; i < G_N_ELEMENTS (phones); i++)
    {
      g_autoptr(IsafRecord) caf = new_caf ("សុខ");

      isaf_record_set_text (caf, "phone", phones[i]);
      assert_refused (fixture, caf, ISAF_VALIDATION_ERROR_INVALID_TEXT);
    }
}

/* One user action, one transaction --------------------------------------------------- */

static gint64
outbox_rows (IsafTestFixture *fixture)
{
  sqlite3 *conn = isaf_test_sqlite_open (fixture->path, SQLITE_OPEN_READONLY);
  gint64 rows = isaf_test_sqlite_int (conn, "SELECT count (*) FROM sync_outbox");

  sqlite3_close (conn);
  return rows;
}

static void
test_store_atomic (IsafTestFixture *fixture,
                   gconstpointer    data)
{
  g_autoptr(IsafRecord) cycle = isaf_record_new ("cycle");
  g_autoptr(IsafRecord) first = new_caf ("សុខ");
  g_autoptr(IsafRecord) bad = new_caf ("ចាន់");
  g_autoptr(IsafRecord) fourth = new_caf ("ដារ៉ា");
  g_autoptr(IsafRecord) existing = new_caf ("វណ្ណា");
  g_autoptr(GPtrArray) records = g_ptr_array_new ();
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GError) error = NULL;
  gint64 rows_before;

  /* A stored record changed in the same action must not keep its change either. */
  isaf_test_save (fixture->store, existing, NULL);
  isaf_record_set_text (existing, "name_latin", "Vanna");

  isaf_record_set_integer (cycle, "year", 2026);
  isaf_record_set_text (bad, "sex", "x");
  g_ptr_array_add (records, cycle);
  g_ptr_array_add (records, existing);
  g_ptr_array_add (records, bad);
  g_ptr_array_add (records, first);
  g_ptr_array_add (records, fourth);

  rows_before = outbox_rows (fixture);
  before = isaf_test_dump_file (fixture->path);
  g_assert_false (isaf_store_save (fixture->store, records, &error));
  g_assert_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_INVALID_CHOICE);
  assert_message (error);
  after = isaf_test_dump_file (fixture->path);

  /* A multi-row action that fails half-way leaves the database exactly as before. */
  isaf_test_assert_dumps_equal (before, after);
  g_assert_cmpint (outbox_rows (fixture), ==, rows_before);
  for (guint i = 0; i < records->len; i++)
    g_assert_true (isaf_record_is_stored (records->pdata[i]) == (records->pdata[i] == existing));

  /* Corrected, the same action lands whole. */
  g_clear_error (&error);
  isaf_record_set_text (bad, "sex", "m");
  g_assert_true (isaf_store_save (fixture->store, records, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < records->len; i++)
    g_assert_true (isaf_record_is_stored (records->pdata[i]));
  /* The cycle: deleted and year; each new caf: deleted, name_km, sex and
   * is_village_official (0 by default); the change to the stored caf. */
  g_assert_cmpint (outbox_rows (fixture), ==, rows_before + 2 + 3 * 4 + 1);
}

static void
test_store_missing_link (IsafTestFixture *fixture,
                         gconstpointer    data)
{
  g_autoptr(IsafRecord) caf = new_caf ("សុខ");
  g_autoptr(IsafRecord) training = isaf_record_new ("caf_training");
  g_autoptr(IsafRecord) ok = isaf_record_new ("caf_training");
  g_autoptr(GPtrArray) records = g_ptr_array_new ();
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GError) error = NULL;
  IsafUuid nobody;

  /* Valid in every field, but the facilitator it points to was never saved. */
  isaf_uuid_v7 (&nobody);
  isaf_record_set_reference (training, "caf_id", &nobody);
  isaf_record_set_text (training, "module", "M1");
  g_assert_true (isaf_validate_record (training, ISAF_TEST_COMMUNE, &error));
  g_assert_no_error (error);

  g_ptr_array_add (records, caf);
  g_ptr_array_add (records, training);

  before = isaf_test_dump_file (fixture->path);
  g_assert_false (isaf_store_save (fixture->store, records, &error));
  /* Foreign keys are deferred, so this fails at COMMIT, after every row was written. */
  g_assert_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_MISSING_LINK);
  assert_message (error);
  after = isaf_test_dump_file (fixture->path);
  isaf_test_assert_dumps_equal (before, after);
  g_assert_false (isaf_record_is_stored (caf));
  g_assert_false (isaf_record_is_stored (training));

  /* The connection is still in a good state: a correct action goes through. */
  g_clear_error (&error);
  isaf_record_set_reference (ok, "caf_id", isaf_record_get_id (caf));
  isaf_record_set_text (ok, "module", "M2");
  isaf_test_save (fixture->store, caf, ok, NULL);
}

/* A yes/no field cleared on a saved record means "no", not a database error. */
static void
test_cleared_yes_no (IsafTestFixture *fixture,
                     gconstpointer    data)
{
  g_autoptr(IsafRecord) caf = new_caf ("សុខ ស្រីពៅ");
  g_autoptr(IsafRecord) reloaded = NULL;
  g_autoptr(IsafRecord) again = NULL;
  g_autoptr(GError) error = NULL;

  isaf_record_set_boolean (caf, "is_village_official", TRUE);
  reloaded = save_and_reload (fixture, caf);
  g_assert_true (isaf_record_get_boolean (reloaded, "is_village_official"));

  isaf_record_set_null (reloaded, "is_village_official");
  again = save_and_reload (fixture, reloaded);
  g_assert_false (isaf_record_is_null (again, "is_village_official"));
  g_assert_false (isaf_record_get_boolean (again, "is_village_official"));
}

/* Long texts keep their line breaks; each line is normalised on its own. */
static void
test_multiline_notes (IsafTestFixture *fixture,
                      gconstpointer    data)
{
  g_autoptr(IsafRecord) cycle = isaf_record_new ("cycle");
  g_autoptr(IsafRecord) reloaded = NULL;

  isaf_record_set_integer (cycle, "year", 2026);
  isaf_record_set_text (cycle, "notes", "  ជួរទី១  \n\nជួរ\xe2\x80\x8bទី២\n\n");
  reloaded = save_and_reload (fixture, cycle);
  g_assert_cmpstr (isaf_record_get_text (reloaded, "notes"), ==, "ជួរទី១\n\nជួរទី២");
}

static void
add (const char *path,
     void      (*func) (IsafTestFixture *, gconstpointer))
{
  g_test_add (path, IsafTestFixture, NULL, isaf_test_fixture_setup_store, func,
              isaf_test_fixture_teardown);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add ("/validate/required/missing", test_required_missing);
  add ("/validate/required/whitespace", test_required_whitespace);
  add ("/validate/text/too-long", test_text_too_long);
  add ("/validate/text/invalid-utf8", test_text_invalid_utf8);
  add ("/validate/score/out-of-range", test_score_out_of_range);
  add ("/validate/score/in-range", test_score_in_range);
  add ("/validate/negative/count", test_negative_count);
  add ("/validate/negative/riel", test_negative_riel);
  add ("/validate/integer/out-of-range", test_integer_out_of_range);
  add ("/validate/integer/birth-year-in-future", test_birth_year_in_future);
  add ("/validate/wrong-type", test_wrong_type);
  add ("/validate/dates/order", test_dates_order);
  add ("/validate/dates/invalid", test_dates_invalid);
  add ("/validate/village/unknown", test_village_unknown);
  add ("/validate/village/other-commune", test_village_other_commune);
  add ("/validate/commune-code", test_commune_code);
  add ("/validate/choice", test_choice);
  add ("/validate/part-exceeds-total", test_part_exceeds_total);
  add ("/validate/reference/not-an-id", test_reference_not_an_id);
  add ("/validate/khmer/normalised", test_khmer_normalised);
  add ("/validate/khmer/zero-width", test_khmer_zero_width);
  add ("/validate/phone/khmer-digits", test_phone_khmer_digits);
  add ("/validate/phone/letters", test_phone_letters);
  add ("/validate/cleared-yes-no", test_cleared_yes_no);
  add ("/validate/text/multiline", test_multiline_notes);
  add ("/validate/store/atomic", test_store_atomic);
  add ("/validate/store/missing-link", test_store_missing_link);

  return g_test_run ();
}
