/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "isaf-demo.h"
#include "isaf-error.h"
#include "isaf-scorecard.h"
#include "isaf-test-helpers.h"

/* Community scorecards on a real database of Banteay Neang (010201): one save writes the
 * scorecard and everything it holds in one transaction, refuses, saving nothing, what breaks
 * a rule, and a year reads back whole, with the same results whichever way the votes were
 * recorded. */

#define YEAR 2026
#define HELD_ON "2026-04-10"
/* A village of Banteay Neang, and one of Bat Trang (010202), the next commune. */
#define OU_THUM "01020101"
#define KHTUM_REAY_LECH "01020201"

typedef struct {
  IsafUuid active[2];
  /* Left on 2026-03-31, selected on 2026-05-01, and one whose last day is the meeting's. */
  IsafUuid left;
  IsafUuid later;
  IsafUuid last_day;
  IsafUuid office;
  IsafUuid health_centre;
} Registry;

static void
add_caf (IsafTestFixture *fixture,
         const char      *name,
         const char      *selected_on,
         const char      *left_on,
         IsafUuid        *out)
{
  g_autoptr(IsafRecord) caf = isaf_record_new ("caf");

  isaf_record_set_text (caf, "name_km", name);
  isaf_record_set_text (caf, "sex", "f");
  isaf_record_set_text (caf, "selected_on", selected_on);
  if (left_on != NULL)
    isaf_record_set_text (caf, "left_on", left_on);
  *out = *isaf_record_get_id (caf);
  isaf_test_save (fixture->store, caf, NULL);
}

static void
add_unit (IsafTestFixture *fixture,
          const char      *kind,
          const char      *code,
          const char      *name,
          IsafUuid        *out)
{
  g_autoptr(IsafRecord) unit = isaf_record_new ("service_unit");

  isaf_record_set_text (unit, "kind", kind);
  isaf_record_set_text (unit, "code", code);
  isaf_record_set_text (unit, "name_km", name);
  *out = *isaf_record_get_id (unit);
  isaf_test_save (fixture->store, unit, NULL);
}

static void
fill_registry (IsafTestFixture *fixture,
               Registry        *registry)
{
  add_caf (fixture, "ស្រី ពៅ", "2025-01-20", NULL, &registry->active[0]);
  add_caf (fixture, "សុខ លីដា", "2025-01-20", NULL, &registry->active[1]);
  add_caf (fixture, "គឹម ស្រីមុំ", "2024-01-15", "2026-03-31", &registry->left);
  add_caf (fixture, "ចាន់ ដារ៉ា", "2026-05-01", NULL, &registry->later);
  add_caf (fixture, "ម៉ៅ សុភា", "2024-01-15", HELD_ON, &registry->last_day);
  add_unit (fixture, "commune_office", "CO-0102", "សាលាឃុំបន្ទាយនាង", &registry->office);
  add_unit (fixture, "health_centre", "HC-0102", "មណ្ឌលសុខភាពបន្ទាយនាង", &registry->health_centre);
}

static void
add_note (IsafScorecardIndicator *indicator,
          IsafNoteKind            kind,
          const char             *text)
{
  g_ptr_array_add (indicator->notes[kind], g_strdup (text));
}

static void
set_scores (IsafScorecardIndicator *indicator,
            const guint8           *scores)
{
  memcpy (indicator->scores->data, scores, indicator->scores->len);
}

static const guint8 first_scores[] = { 5, 4, 4, 2, 3, 1 };
static const guint8 second_scores[] = { 3, 3, ISAF_NO_SCORE, 5, 4, 5 };

/* A community scorecard of the health centre that breaks no rule: six participants typed one
 * by one, the last anonymous; two selected indicators scored in the grid, one not selected. */
static IsafScorecard *
new_scorecard (Registry *registry)
{
  IsafScorecard *scorecard = isaf_scorecard_new (YEAR, "csc");
  IsafScorecardIndicator *indicator;

  isaf_record_set_reference (scorecard->record, "service_unit_id", &registry->health_centre);
  isaf_record_set_text (scorecard->record, "held_on", HELD_ON);
  isaf_record_set_text (scorecard->record, "place", "វត្តបន្ទាយនាង");
  isaf_record_set_reference (scorecard->record, "lead_caf_id", &registry->active[0]);
  isaf_record_set_text (scorecard->record, "status", "done");
  g_array_append_val (scorecard->facilitators, registry->active[1]);

  for (guint i = 0; i < 6; i++)
    {
      IsafRecord *participant = isaf_scorecard_add_participant (scorecard);

      isaf_record_set_text (participant, "sex", i % 3 ? "f" : "m");
      isaf_record_set_integer (participant, "age", 19 + i * 9);
      isaf_record_set_boolean (participant, "is_youth", i < 2);
      isaf_record_set_boolean (participant, "is_id_poor", i == 2);
      isaf_record_set_boolean (participant, "is_anonymous", i == 5);
    }

  indicator = isaf_scorecard_add_indicator (scorecard, "HC-01", "បុគ្គលិកស្វាគមន៍ញាតិអ្នកជំងឺ",
                                            "Staff welcome patients");
  isaf_record_set_boolean (indicator->record, "is_selected", TRUE);
  isaf_record_set_integer (indicator->record, "times_raised", 7);
  set_scores (indicator, first_scores);
  add_note (indicator, ISAF_NOTE_STRENGTH, "បុគ្គលិកគួរសម");
  add_note (indicator, ISAF_NOTE_WEAKNESS, "រង់ចាំយូរ");
  add_note (indicator, ISAF_NOTE_SUGGESTION, "បន្ថែមបុគ្គលិកពេលព្រឹក");
  add_note (indicator, ISAF_NOTE_SUGGESTION, "បិទផ្សាយម៉ោងធ្វើការ");

  indicator = isaf_scorecard_add_indicator (scorecard, "HC-02", "អនាម័យមណ្ឌលសុខភាព", NULL);
  isaf_record_set_boolean (indicator->record, "is_selected", TRUE);
  isaf_record_set_integer (indicator->record, "times_raised", 4);
  set_scores (indicator, second_scores);
  add_note (indicator, ISAF_NOTE_SUGGESTION, "សម្អាតបង្គន់រាល់ថ្ងៃ");

  indicator = isaf_scorecard_add_indicator (scorecard, NULL, "ទឹកស្អាត", NULL);
  isaf_record_set_integer (indicator->record, "times_raised", 1);
  return scorecard;
}

static IsafScorecardIndicator *
indicator_at (IsafScorecard *scorecard,
              guint          index)
{
  return g_ptr_array_index (scorecard->indicators, index);
}

static IsafVoteCounts
votes_on (IsafScorecard *scorecard,
          guint          index)
{
  IsafVoteCounts votes;

  isaf_scorecard_indicator_get_votes (scorecard, indicator_at (scorecard, index), &votes);
  return votes;
}

static gint64
query (IsafTestFixture *fixture,
       const char      *sql)
{
  return isaf_test_run_query_int (fixture->database, sql);
}

static gint64
query_since (IsafTestFixture *fixture,
             gint64           last_seq,
             const char      *where)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM sync_outbox WHERE seq > %"
                                          G_GINT64_FORMAT " AND %s", last_seq, where);

  return query (fixture, sql);
}

static gint64
last_seq (IsafTestFixture *fixture)
{
  return query (fixture, "SELECT coalesce (max (seq), 0) FROM sync_outbox");
}

/* Whether the row with the natural key @key is in @table (live). */
static gboolean
has_keyed_row (IsafTestFixture *fixture,
               const char      *table,
               const char      *key)
{
  g_autofree char *hex = NULL;
  g_autofree char *sql = NULL;
  IsafUuid id;

  isaf_uuid_v5_for_table (&id, table, key);
  hex = g_malloc0 (33);
  for (guint i = 0; i < 16; i++)
    g_snprintf (hex + 2 * i, 3, "%02X", id.bytes[i]);
  sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE hex (id) = '%s' AND deleted = 0", table,
                         hex);
  return query (fixture, sql) == 1;
}

static char *
key_of (const IsafUuid *id,
        const IsafUuid *other,
        const char     *suffix)
{
  g_autofree char *first = isaf_uuid_to_string (id);
  g_autofree char *second = other ? isaf_uuid_to_string (other) : g_strdup (suffix);

  return g_strconcat (first, "/", second, NULL);
}

/* Everything a save could write: rows, tombstones and the change log. */
static char *
dup_state (IsafTestFixture *fixture)
{
  GString *state = g_string_new (NULL);

  g_string_append_printf (state, "cycle=%" G_GINT64_FORMAT " outbox=%" G_GINT64_FORMAT,
                          query (fixture, "SELECT count(*) FROM cycle"),
                          query (fixture, "SELECT count(*) FROM sync_outbox"));
  for (guint i = 0; i < G_N_ELEMENTS (isaf_scorecard_tables); i++)
    {
      g_autofree char *rows = g_strdup_printf ("SELECT count(*) FROM %s",
                                               isaf_scorecard_tables[i]);
      g_autofree char *deleted = g_strdup_printf ("SELECT count(*) FROM %s WHERE deleted = 1",
                                                  isaf_scorecard_tables[i]);

      g_string_append_printf (state, " %s=%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                              isaf_scorecard_tables[i], query (fixture, rows),
                              query (fixture, deleted));
    }
  return g_string_free (state, FALSE);
}

static void
save (IsafTestFixture *fixture,
      IsafScorecard   *scorecard)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (isaf_scorecard_save (fixture->store, scorecard, &error));
  g_assert_no_error (error);
  g_assert_true (isaf_record_is_stored (scorecard->record));
}

/* Refused with @code of @domain, and nothing at all written. */
static void
save_refused (IsafTestFixture *fixture,
              IsafScorecard   *scorecard,
              GQuark           domain,
              int              code)
{
  g_autofree char *before = dup_state (fixture);
  g_autofree char *after = NULL;
  gboolean was_stored = isaf_record_is_stored (scorecard->record);
  g_autoptr(GError) error = NULL;

  g_assert_false (isaf_scorecard_save (fixture->store, scorecard, &error));
  g_assert_error (error, domain, code);
  g_assert_true (isaf_record_is_stored (scorecard->record) == was_stored);
  after = dup_state (fixture);
  g_assert_cmpstr (after, ==, before);
  g_test_message ("Refused: %s", error->message);
}

static IsafScorecard *
read_one (IsafTestFixture *fixture,
          const IsafUuid  *id)
{
  g_autoptr(GPtrArray) scorecards = NULL;
  g_autoptr(GError) error = NULL;

  scorecards = isaf_scorecard_list (fixture->store, YEAR, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < scorecards->len; i++)
    {
      IsafScorecard *scorecard = g_ptr_array_index (scorecards, i);

      if (isaf_uuid_equal (isaf_record_get_id (scorecard->record), id))
        return isaf_scorecard_ref (scorecard);
    }
  g_assert_not_reached ();
}

static void
assert_votes_equal (IsafVoteCounts *a,
                    IsafVoteCounts *b)
{
  double median_a = 0, median_b = 0, average_a = 0, average_b = 0;

  g_assert_true (isaf_vote_counts_equal (a, b));
  g_assert_true (isaf_vote_counts_get_median (a, &median_a)
                 == isaf_vote_counts_get_median (b, &median_b));
  g_assert_cmpfloat (median_a, ==, median_b);
  g_assert_true (isaf_vote_counts_get_average (a, &average_a)
                 == isaf_vote_counts_get_average (b, &average_b));
  g_assert_cmpfloat (average_a, ==, average_b);
}

/* The scorecard in memory --------------------------------------------------------------- */

static void
test_model (void)
{
  g_autoptr(IsafScorecard) scorecard = isaf_scorecard_new (YEAR, "ssa");
  IsafScorecardIndicator *first, *second;
  IsafVoteCounts votes;
  double median = -1, average = -1;

  g_assert_cmpstr (isaf_note_kind_get_name (ISAF_NOTE_STRENGTH), ==, "strength");
  g_assert_cmpstr (isaf_note_kind_get_name (ISAF_NOTE_WEAKNESS), ==, "weakness");
  g_assert_cmpstr (isaf_note_kind_get_name (ISAF_NOTE_SUGGESTION), ==, "suggestion");
  g_assert_cmpstr (isaf_record_get_text (scorecard->record, "kind"), ==, "ssa");
  g_assert_cmpstr (isaf_record_get_text (scorecard->record, "status"), ==, "draft");

  /* Indicators added before and after participants have a score for each of them. */
  first = isaf_scorecard_add_indicator (scorecard, "PS-01", "គ្រូបង្រៀនទៀងទាត់", NULL);
  for (guint i = 0; i < 4; i++)
    isaf_scorecard_add_participant (scorecard);
  second = isaf_scorecard_add_indicator (scorecard, NULL, "បង្គន់សាលា", "School toilets");
  g_assert_cmpuint (first->scores->len, ==, 4);
  g_assert_cmpuint (second->scores->len, ==, 4);
  g_assert_cmpint (isaf_record_get_integer (second->record, "position"), ==, 2);
  g_assert_null (isaf_record_get_text (second->record, "indicator_code"));
  g_assert_cmpstr (isaf_record_get_text (first->record, "indicator_code"), ==, "PS-01");

  /* No vote is no result, never a zero. */
  isaf_scorecard_indicator_get_votes (scorecard, first, &votes);
  g_assert_cmpint (isaf_vote_counts_get_total (&votes), ==, 0);
  g_assert_false (isaf_vote_counts_get_median (&votes, &median));
  g_assert_cmpfloat (median, ==, -1);

  set_scores (first, (const guint8[]) { 1, 2, 4, 5 });
  set_scores (second, (const guint8[]) { 3, ISAF_NO_SCORE, 5, 5 });
  isaf_record_set_boolean (g_ptr_array_index (scorecard->participants, 3), "is_anonymous", TRUE);
  g_assert_cmpint (isaf_scorecard_count_voters (scorecard), ==, 3);

  /* The anonymous participant's 5 does not count. */
  isaf_scorecard_indicator_get_votes (scorecard, first, &votes);
  g_assert_cmpint (isaf_vote_counts_get_total (&votes), ==, 3);
  g_assert_true (isaf_vote_counts_get_median (&votes, &median));
  g_assert_cmpfloat (median, ==, 2);
  isaf_scorecard_indicator_get_votes (scorecard, second, &votes);
  g_assert_true (isaf_vote_counts_get_median (&votes, &median));
  g_assert_cmpfloat (median, ==, 4);
  g_assert_true (isaf_vote_counts_get_average (&votes, &average));
  g_assert_cmpfloat (average, ==, 4);

  /* Removing the second participant takes its scores with it, the others stay in place. */
  isaf_scorecard_remove_participant (scorecard, 1);
  g_assert_cmpuint (scorecard->participants->len, ==, 3);
  g_assert_cmpuint (first->scores->len, ==, 3);
  g_assert_cmpuint (second->scores->len, ==, 3);
  g_assert_cmpint (g_array_index (first->scores, guint8, 1), ==, 4);
  g_assert_cmpint (g_array_index (second->scores, guint8, 1), ==, 5);
  /* Numbers are those on the paper sheet: a new participant comes after the last. */
  g_assert_cmpint (isaf_record_get_integer (g_ptr_array_index (scorecard->participants, 1),
                                            "position"), ==, 3);
  g_assert_cmpint (isaf_record_get_integer (isaf_scorecard_add_participant (scorecard),
                                            "position"), ==, 5);
  g_assert_cmpint (g_array_index (first->scores, guint8, 3), ==, ISAF_NO_SCORE);

  /* On a tally sheet, women and men vote, whatever else was counted. */
  scorecard->participants_one_by_one = FALSE;
  scorecard->participant_counts[ISAF_ATTENDANCE_WOMEN] = 12;
  scorecard->participant_counts[ISAF_ATTENDANCE_YOUTH] = 5;
  g_assert_cmpint (isaf_scorecard_count_voters (scorecard), ==, 12);
  scorecard->participant_counts[ISAF_ATTENDANCE_MEN] = 9;
  g_assert_cmpint (isaf_scorecard_count_voters (scorecard), ==, 21);

  scorecard->votes_one_by_one = FALSE;
  isaf_vote_counts_add (&first->tally, 4);
  isaf_scorecard_indicator_get_votes (scorecard, first, &votes);
  g_assert_cmpint (isaf_vote_counts_get_total (&votes), ==, 1);
}

/* Saving and reading --------------------------------------------------------------------- */

static void
test_save_and_read (IsafTestFixture *fixture,
                    gconstpointer    data)
{
  Registry registry;
  g_autoptr(IsafScorecard) scorecard = NULL;
  g_autoptr(IsafScorecard) read = NULL;
  g_autoptr(GPtrArray) other_year = NULL;
  g_autoptr(GError) error = NULL;
  const IsafUuid *id;
  IsafUuid cycle_id;
  gint64 seq;

  fill_registry (fixture, &registry);
  scorecard = new_scorecard (&registry);
  id = isaf_record_get_id (scorecard->record);
  seq = last_seq (fixture);
  save (fixture, scorecard);

  /* The year had no cycle: the save made it, with the key dissemination gives it. */
  isaf_dissemination_cycle_id (ISAF_TEST_COMMUNE, YEAR, &cycle_id);
  g_assert_true (isaf_uuid_equal (isaf_record_get_reference (scorecard->record, "cycle_id"),
                                  &cycle_id));
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM cycle WHERE year = 2026"), ==, 1);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM scorecard_participant"), ==, 6);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM scorecard_indicator"), ==, 3);
  /* Nine votes that count: the anonymous participant's two are not saved. */
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM scorecard_vote"), ==, 9);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM scorecard_vote v "
                                   "JOIN scorecard_participant p ON p.id = v.participant_id "
                                   "WHERE p.is_anonymous = 1"), ==, 0);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM scorecard_note"), ==, 5);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM scorecard_vote_tally"), ==, 0);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM scorecard_participant_tally"), ==, 0);

  /* Natural keys, as the demo makes them. */
  {
    IsafScorecardIndicator *first = indicator_at (scorecard, 0);
    IsafRecord *participant = g_ptr_array_index (scorecard->participants, 0);
    g_autofree char *vote_key = key_of (isaf_record_get_id (first->record),
                                        isaf_record_get_id (participant), NULL);
    g_autofree char *link_key = key_of (id, &registry.active[1], NULL);

    g_assert_true (has_keyed_row (fixture, "scorecard_vote", vote_key));
    g_assert_true (has_keyed_row (fixture, "scorecard_facilitator", link_key));
  }

  /* One transaction, over the cycle and the six tables that have rows. */
  {
    g_autofree char *txids = g_strdup_printf ("SELECT count (DISTINCT txid) FROM sync_outbox "
                                              "WHERE seq > %" G_GINT64_FORMAT, seq);
    g_autofree char *tables = g_strdup_printf ("SELECT count (DISTINCT tbl) FROM sync_outbox "
                                               "WHERE seq > %" G_GINT64_FORMAT, seq);

    g_assert_cmpint (query (fixture, txids), ==, 1);
    g_assert_cmpint (query (fixture, tables), ==, 7);
  }

  /* Read back as it was saved. */
  read = read_one (fixture, id);
  g_assert_cmpint (read->year, ==, YEAR);
  g_assert_true (read->participants_one_by_one);
  g_assert_true (read->votes_one_by_one);
  g_assert_true (isaf_record_is_stored (read->record));
  for (guint c = 0; c < isaf_record_get_table (read->record)->n_columns; c++)
    g_assert_true (isaf_value_equal (isaf_record_value_at (read->record, c),
                                     isaf_record_value_at (scorecard->record, c)));
  g_assert_cmpuint (read->facilitators->len, ==, 1);
  g_assert_true (isaf_uuid_equal (&g_array_index (read->facilitators, IsafUuid, 0),
                                  &registry.active[1]));

  g_assert_cmpuint (read->participants->len, ==, 6);
  for (guint i = 0; i < read->participants->len; i++)
    {
      IsafRecord *before = g_ptr_array_index (scorecard->participants, i);
      IsafRecord *after = g_ptr_array_index (read->participants, i);

      g_assert_true (isaf_uuid_equal (isaf_record_get_id (before), isaf_record_get_id (after)));
      for (guint c = 0; c < isaf_record_get_table (after)->n_columns; c++)
        g_assert_true (isaf_value_equal (isaf_record_value_at (before, c),
                                         isaf_record_value_at (after, c)));
    }

  g_assert_cmpuint (read->indicators->len, ==, 3);
  for (guint i = 0; i < read->indicators->len; i++)
    {
      IsafScorecardIndicator *before = indicator_at (scorecard, i);
      IsafScorecardIndicator *after = indicator_at (read, i);
      IsafVoteCounts votes_before = votes_on (scorecard, i);
      IsafVoteCounts votes_after = votes_on (read, i);

      for (guint c = 0; c < isaf_record_get_table (after->record)->n_columns; c++)
        g_assert_true (isaf_value_equal (isaf_record_value_at (before->record, c),
                                         isaf_record_value_at (after->record, c)));
      /* Every score but the anonymous participant's, which was not saved. */
      g_assert_cmpuint (after->scores->len, ==, 6);
      g_assert_cmpmem (after->scores->data, 5, before->scores->data, 5);
      g_assert_cmpint (g_array_index (after->scores, guint8, 5), ==, ISAF_NO_SCORE);
      assert_votes_equal (&votes_before, &votes_after);
      for (IsafNoteKind kind = 0; kind < ISAF_N_NOTE_KINDS; kind++)
        {
          g_assert_cmpuint (after->notes[kind]->len, ==, before->notes[kind]->len);
          for (guint n = 0; n < after->notes[kind]->len; n++)
            g_assert_cmpstr (g_ptr_array_index (after->notes[kind], n), ==,
                             g_ptr_array_index (before->notes[kind], n));
        }
    }

  /* The first indicator's median is 4 (2 3 4 4 5), the second's 3.5 (3 3 4 5). */
  {
    IsafVoteCounts votes = votes_on (read, 0);
    double median = 0;

    g_assert_true (isaf_vote_counts_get_median (&votes, &median));
    g_assert_cmpfloat (median, ==, 4);
    votes = votes_on (read, 1);
    g_assert_true (isaf_vote_counts_get_median (&votes, &median));
    g_assert_cmpfloat (median, ==, 3.5);
    votes = votes_on (read, 2);
    g_assert_false (isaf_vote_counts_get_median (&votes, &median));
  }

  other_year = isaf_scorecard_list (fixture->store, YEAR - 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (other_year->len, ==, 0);

  /* Saving what was read, unchanged, writes nothing. */
  seq = last_seq (fixture);
  save (fixture, read);
  g_assert_cmpint (last_seq (fixture), ==, seq);
}

/* The same votes typed into the grid and counted by hand give the same results. */
static void
test_grid_and_tally_agree (IsafTestFixture *fixture,
                           gconstpointer    data)
{
  Registry registry;
  g_autoptr(IsafScorecard) grid = NULL;
  g_autoptr(IsafScorecard) tally = NULL;
  g_autoptr(IsafScorecard) grid_read = NULL;
  g_autoptr(IsafScorecard) tally_read = NULL;

  fill_registry (fixture, &registry);
  grid = new_scorecard (&registry);

  tally = new_scorecard (&registry);
  tally->participants_one_by_one = FALSE;
  tally->participant_counts[ISAF_ATTENDANCE_WOMEN] = 3;
  tally->participant_counts[ISAF_ATTENDANCE_MEN] = 2;
  tally->participant_counts[ISAF_ATTENDANCE_YOUTH] = 2;
  tally->votes_one_by_one = FALSE;
  for (guint i = 0; i < grid->indicators->len; i++)
    indicator_at (tally, i)->tally = votes_on (grid, i);
  isaf_record_set_text (tally->record, "held_on", "2026-04-11");

  for (guint i = 0; i < grid->indicators->len; i++)
    {
      IsafVoteCounts from_grid = votes_on (grid, i);
      IsafVoteCounts from_tally = votes_on (tally, i);

      assert_votes_equal (&from_grid, &from_tally);
    }

  save (fixture, grid);
  save (fixture, tally);
  /* The tally: one row per category counted, one per score given, by natural key. */
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM scorecard_participant_tally"), ==, 3);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM scorecard_vote_tally"), ==, 4 + 3);
  g_assert_cmpint (query (fixture, "SELECT sum (count) FROM scorecard_vote_tally"), ==, 9);
  {
    g_autofree char *sheet_key = key_of (isaf_record_get_id (tally->record), NULL, "women");
    g_autofree char *tally_key = key_of (isaf_record_get_id (indicator_at (tally, 0)->record),
                                         NULL, "4");

    g_assert_true (has_keyed_row (fixture, "scorecard_participant_tally", sheet_key));
    g_assert_true (has_keyed_row (fixture, "scorecard_vote_tally", tally_key));
  }

  grid_read = read_one (fixture, isaf_record_get_id (grid->record));
  tally_read = read_one (fixture, isaf_record_get_id (tally->record));
  g_assert_true (grid_read->votes_one_by_one);
  g_assert_false (tally_read->participants_one_by_one);
  g_assert_false (tally_read->votes_one_by_one);
  g_assert_cmpuint (tally_read->participants->len, ==, 0);
  g_assert_cmpint (tally_read->participant_counts[ISAF_ATTENDANCE_MEN], ==, 2);
  g_assert_cmpint (tally_read->participant_counts[ISAF_ATTENDANCE_DISABILITY], ==,
                   ISAF_ATTENDANCE_NOT_COUNTED);
  g_assert_cmpint (isaf_scorecard_count_voters (tally_read), ==, 5);
  for (guint i = 0; i < grid->indicators->len; i++)
    {
      IsafVoteCounts from_grid = votes_on (grid_read, i);
      IsafVoteCounts from_tally = votes_on (tally_read, i);

      assert_votes_equal (&from_grid, &from_tally);
    }
}

/* Anonymous participants may propose, but do not vote. */
static void
test_anonymous (IsafTestFixture *fixture,
                gconstpointer    data)
{
  Registry registry;
  g_autoptr(IsafScorecard) scorecard = NULL;
  g_autoptr(IsafScorecard) read = NULL;
  IsafVoteCounts votes;

  fill_registry (fixture, &registry);
  scorecard = new_scorecard (&registry);
  save (fixture, scorecard);
  g_assert_cmpint (isaf_scorecard_count_voters (scorecard), ==, 5);

  /* The first participant asks to stay anonymous after all: the votes given go. */
  read = read_one (fixture, isaf_record_get_id (scorecard->record));
  isaf_record_set_boolean (g_ptr_array_index (read->participants, 0), "is_anonymous", TRUE);
  g_assert_cmpint (isaf_scorecard_count_voters (read), ==, 4);
  votes = votes_on (read, 0);
  g_assert_cmpint (isaf_vote_counts_get_total (&votes), ==, 4);
  save (fixture, read);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM scorecard_vote WHERE deleted = 0"),
                   ==, 7);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM scorecard_vote WHERE deleted = 1"),
                   ==, 2);
  g_clear_pointer (&read, isaf_scorecard_unref);
  read = read_one (fixture, isaf_record_get_id (scorecard->record));
  votes = votes_on (read, 0);
  g_assert_cmpint (isaf_vote_counts_get_total (&votes), ==, 4);

  /* Counted by hand, the votes are checked against those who may vote: four now. */
  indicator_at (read, 0)->tally = votes_on (read, 0);
  read->votes_one_by_one = FALSE;
  isaf_vote_counts_add (&indicator_at (read, 0)->tally, 3);
  save_refused (fixture, read, ISAF_SCORECARD_ERROR, ISAF_SCORECARD_ERROR_TOO_MANY_VOTES);
  isaf_record_set_boolean (g_ptr_array_index (read->participants, 0), "is_anonymous", FALSE);
  save (fixture, read);
}

/* Refusals ------------------------------------------------------------------------------- */

static void
refuse (IsafTestFixture *fixture,
        Registry        *registry,
        void           (*breaks) (IsafScorecard *scorecard,
                                  Registry      *registry),
        GQuark           domain,
        int              code)
{
  g_autoptr(IsafScorecard) scorecard = new_scorecard (registry);

  breaks (scorecard, registry);
  save_refused (fixture, scorecard, domain, code);
}

static void
score_off_scale (IsafScorecard *scorecard,
                 Registry      *registry)
{
  g_array_index (indicator_at (scorecard, 1)->scores, guint8, 2) = 7;
}

static void
negative_vote_count (IsafScorecard *scorecard,
                     Registry      *registry)
{
  scorecard->votes_one_by_one = FALSE;
  indicator_at (scorecard, 0)->tally.counts[2] = -1;
}

static void
negative_participant_count (IsafScorecard *scorecard,
                            Registry      *registry)
{
  scorecard->participants_one_by_one = FALSE;
  scorecard->votes_one_by_one = FALSE;
  scorecard->participant_counts[ISAF_ATTENDANCE_WOMEN] = 10;
  scorecard->participant_counts[ISAF_ATTENDANCE_MEN] = -2;
}

static void
part_exceeds_total (IsafScorecard *scorecard,
                    Registry      *registry)
{
  scorecard->participants_one_by_one = FALSE;
  scorecard->votes_one_by_one = FALSE;
  scorecard->participant_counts[ISAF_ATTENDANCE_WOMEN] = 10;
  scorecard->participant_counts[ISAF_ATTENDANCE_MEN] = 8;
  scorecard->participant_counts[ISAF_ATTENDANCE_DISABILITY] = 19;
}

static void
too_many_votes (IsafScorecard *scorecard,
                Registry      *registry)
{
  scorecard->participants_one_by_one = FALSE;
  scorecard->votes_one_by_one = FALSE;
  scorecard->participant_counts[ISAF_ATTENDANCE_WOMEN] = 2;
  scorecard->participant_counts[ISAF_ATTENDANCE_MEN] = 2;
  indicator_at (scorecard, 1)->tally.counts[0] = 5;
}

static void
votes_on_unselected (IsafScorecard *scorecard,
                     Registry      *registry)
{
  g_array_index (indicator_at (scorecard, 2)->scores, guint8, 0) = 4;
}

static void
done_without_suggestion (IsafScorecard *scorecard,
                         Registry      *registry)
{
  g_ptr_array_set_size (indicator_at (scorecard, 1)->notes[ISAF_NOTE_SUGGESTION], 0);
}

static void
grid_without_participants (IsafScorecard *scorecard,
                           Registry      *registry)
{
  scorecard->participants_one_by_one = FALSE;
  scorecard->participant_counts[ISAF_ATTENDANCE_WOMEN] = 10;
  scorecard->participant_counts[ISAF_ATTENDANCE_MEN] = 8;
}

static void
unknown_unit (IsafScorecard *scorecard,
              Registry      *registry)
{
  IsafUuid stranger;

  isaf_uuid_v7 (&stranger);
  isaf_record_set_reference (scorecard->record, "service_unit_id", &stranger);
}

static void
office_without_village (IsafScorecard *scorecard,
                        Registry      *registry)
{
  isaf_record_set_reference (scorecard->record, "service_unit_id", &registry->office);
}

static void
village_of_another_commune (IsafScorecard *scorecard,
                            Registry      *registry)
{
  IsafUuid village_id;

  isaf_test_village_id (KHTUM_REAY_LECH, &village_id);
  isaf_record_set_reference (scorecard->record, "service_unit_id", &registry->office);
  isaf_record_set_reference (scorecard->record, "village_id", &village_id);
}

static void
health_centre_with_village (IsafScorecard *scorecard,
                            Registry      *registry)
{
  IsafUuid village_id;

  isaf_test_village_id (OU_THUM, &village_id);
  isaf_record_set_reference (scorecard->record, "village_id", &village_id);
}

static void
no_date (IsafScorecard *scorecard,
         Registry      *registry)
{
  isaf_record_set_null (scorecard->record, "held_on");
}

static void
participant_too_old (IsafScorecard *scorecard,
                     Registry      *registry)
{
  isaf_record_set_integer (g_ptr_array_index (scorecard->participants, 3), "age", 200);
}

/* Caught while writing, after the scorecard's own row went in: rolled back all the same. */
static void
blank_note (IsafScorecard *scorecard,
            Registry      *registry)
{
  add_note (indicator_at (scorecard, 1), ISAF_NOTE_WEAKNESS, "   ");
}

static void
test_refusals (IsafTestFixture *fixture,
               gconstpointer    data)
{
  Registry registry;
  g_autoptr(IsafScorecard) saved = NULL;
  g_autoptr(IsafScorecard) edited = NULL;

  fill_registry (fixture, &registry);

  refuse (fixture, &registry, score_off_scale, ISAF_VALIDATION_ERROR,
          ISAF_VALIDATION_ERROR_SCORE_RANGE);
  refuse (fixture, &registry, negative_vote_count, ISAF_VALIDATION_ERROR,
          ISAF_VALIDATION_ERROR_NEGATIVE);
  refuse (fixture, &registry, negative_participant_count, ISAF_VALIDATION_ERROR,
          ISAF_VALIDATION_ERROR_NEGATIVE);
  refuse (fixture, &registry, part_exceeds_total, ISAF_VALIDATION_ERROR,
          ISAF_VALIDATION_ERROR_PART_EXCEEDS_TOTAL);
  refuse (fixture, &registry, too_many_votes, ISAF_SCORECARD_ERROR,
          ISAF_SCORECARD_ERROR_TOO_MANY_VOTES);
  refuse (fixture, &registry, votes_on_unselected, ISAF_SCORECARD_ERROR,
          ISAF_SCORECARD_ERROR_NOT_SELECTED);
  refuse (fixture, &registry, done_without_suggestion, ISAF_SCORECARD_ERROR,
          ISAF_SCORECARD_ERROR_NO_SUGGESTION);
  refuse (fixture, &registry, grid_without_participants, ISAF_VALIDATION_ERROR,
          ISAF_VALIDATION_ERROR_INVALID_CHOICE);
  refuse (fixture, &registry, unknown_unit, ISAF_SCORECARD_ERROR, ISAF_SCORECARD_ERROR_NO_UNIT);
  refuse (fixture, &registry, office_without_village, ISAF_VALIDATION_ERROR,
          ISAF_VALIDATION_ERROR_REQUIRED);
  refuse (fixture, &registry, village_of_another_commune, ISAF_SCORECARD_ERROR,
          ISAF_SCORECARD_ERROR_NO_UNIT);
  refuse (fixture, &registry, health_centre_with_village, ISAF_VALIDATION_ERROR,
          ISAF_VALIDATION_ERROR_INVALID_CHOICE);
  refuse (fixture, &registry, no_date, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_REQUIRED);
  refuse (fixture, &registry, participant_too_old, ISAF_VALIDATION_ERROR,
          ISAF_VALIDATION_ERROR_OUT_OF_RANGE);
  refuse (fixture, &registry, blank_note, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_REQUIRED);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM scorecard"), ==, 0);

  /* A draft may leave suggestions for later. */
  {
    g_autoptr(IsafScorecard) draft = new_scorecard (&registry);

    done_without_suggestion (draft, &registry);
    isaf_record_set_text (draft->record, "status", "draft");
    save (fixture, draft);
  }

  /* A commune-office scorecard in one of the commune's villages is fine… */
  saved = new_scorecard (&registry);
  village_of_another_commune (saved, &registry);
  health_centre_with_village (saved, &registry);
  isaf_record_set_reference (saved->record, "service_unit_id", &registry.office);
  save (fixture, saved);

  /* … until the village or the unit leaves the registry. An edit refused leaves the saved
   * scorecard as it was, rows it would have deleted included. */
  edited = read_one (fixture, isaf_record_get_id (saved->record));
  isaf_scorecard_remove_participant (edited, 0);
  {
    IsafUuid village_id;

    isaf_test_village_id (OU_THUM, &village_id);
    g_assert_true (isaf_store_delete (fixture->store, "village", &village_id, NULL, NULL));
    save_refused (fixture, edited, ISAF_SCORECARD_ERROR, ISAF_SCORECARD_ERROR_NO_UNIT);
  }
}

/* Facilitators are CAFs of the register who were active on the day, the lead as the others. */
static void
test_facilitators (IsafTestFixture *fixture,
                   gconstpointer    data)
{
  Registry registry;
  IsafUuid deleted, stranger;

  fill_registry (fixture, &registry);
  add_caf (fixture, "ហេង សុខា", "2025-01-20", NULL, &deleted);
  g_assert_true (isaf_store_delete (fixture->store, "caf", &deleted, NULL, NULL));
  isaf_uuid_v7 (&stranger);

  for (guint lead = 0; lead < 2; lead++)
    {
      /* Left before the day, selected after it, deleted from the register, never in it. */
      IsafUuid inactive[] = { registry.left, registry.later, deleted, stranger };

      for (guint i = 0; i < G_N_ELEMENTS (inactive); i++)
        {
          g_autoptr(IsafScorecard) scorecard = new_scorecard (&registry);

          if (lead)
            isaf_record_set_reference (scorecard->record, "lead_caf_id", &inactive[i]);
          else
            g_array_append_val (scorecard->facilitators, inactive[i]);
          save_refused (fixture, scorecard, ISAF_SCORECARD_ERROR,
                        ISAF_SCORECARD_ERROR_FACILITATOR_NOT_ACTIVE);
        }
    }

  /* Her last day is the meeting's: she may lead it. */
  {
    g_autoptr(IsafScorecard) scorecard = new_scorecard (&registry);

    isaf_record_set_reference (scorecard->record, "lead_caf_id", &registry.last_day);
    save (fixture, scorecard);
  }
}

/* Editing ------------------------------------------------------------------------------- */

/* Re-saving brings every table in line and writes only what changed. */
static void
test_resave (IsafTestFixture *fixture,
             gconstpointer    data)
{
  Registry registry;
  g_autoptr(IsafScorecard) scorecard = NULL;
  g_autoptr(IsafScorecard) edited = NULL;
  g_autoptr(IsafScorecard) read = NULL;
  IsafScorecardIndicator *first;
  IsafVoteCounts votes;
  gint64 seq;

  fill_registry (fixture, &registry);
  scorecard = new_scorecard (&registry);
  save (fixture, scorecard);

  /* The second participant leaves the sheet (and with them a 4 and a 3), the first changes
   * a score, a weakness goes and a suggestion is reworded. */
  edited = read_one (fixture, isaf_record_get_id (scorecard->record));
  isaf_scorecard_remove_participant (edited, 1);
  g_array_index (indicator_at (edited, 1)->scores, guint8, 0) = 2;
  first = indicator_at (edited, 0);
  g_ptr_array_set_size (first->notes[ISAF_NOTE_WEAKNESS], 0);
  g_free (g_ptr_array_index (first->notes[ISAF_NOTE_SUGGESTION], 1));
  g_ptr_array_index (first->notes[ISAF_NOTE_SUGGESTION], 1) = g_strdup ("បិទផ្សាយតម្លៃសេវា");
  seq = last_seq (fixture);
  save (fixture, edited);

  g_assert_cmpint (query (fixture, "SELECT count(*) FROM scorecard_participant "
                                   "WHERE deleted = 1"), ==, 1);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM scorecard_vote WHERE deleted = 0"),
                   ==, 7);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM scorecard_vote v "
                                   "JOIN scorecard_participant p ON p.id = v.participant_id "
                                   "WHERE p.deleted = 1 AND v.deleted = 0"), ==, 0);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM scorecard_note WHERE deleted = 1"),
                   ==, 1);
  g_assert_cmpint (query_since (fixture, seq, "tbl = 'scorecard'"), ==, 0);
  g_assert_cmpint (query_since (fixture, seq, "tbl = 'scorecard_participant'"), ==, 1);
  g_assert_cmpint (query_since (fixture, seq, "tbl = 'scorecard_vote' AND field = 'score'"), ==,
                   1);
  g_assert_cmpint (query_since (fixture, seq, "tbl = 'scorecard_vote' AND field = 'deleted'"),
                   ==, 2);
  g_assert_cmpint (query_since (fixture, seq, "tbl = 'scorecard_note'"), ==, 2);
  g_assert_cmpint (query_since (fixture, seq, "tbl = 'scorecard_indicator'"), ==, 0);

  read = read_one (fixture, isaf_record_get_id (scorecard->record));
  g_assert_cmpuint (read->participants->len, ==, 5);
  g_assert_cmpuint (indicator_at (read, 0)->notes[ISAF_NOTE_WEAKNESS]->len, ==, 0);
  g_assert_cmpstr (g_ptr_array_index (indicator_at (read, 0)->notes[ISAF_NOTE_SUGGESTION], 1),
                   ==, "បិទផ្សាយតម្លៃសេវា");
  votes = votes_on (read, 1);
  g_assert_cmpint (votes.counts[1], ==, 1);
  g_assert_cmpint (isaf_vote_counts_get_total (&votes), ==, 3);

  /* Counted by hand instead: the votes become counts, with the same results. */
  g_clear_pointer (&edited, isaf_scorecard_unref);
  edited = isaf_scorecard_ref (read);
  g_clear_pointer (&read, isaf_scorecard_unref);
  edited->votes_one_by_one = FALSE;
  for (guint i = 0; i < edited->indicators->len; i++)
    {
      edited->votes_one_by_one = TRUE;
      votes = votes_on (edited, i);
      edited->votes_one_by_one = FALSE;
      indicator_at (edited, i)->tally = votes;
    }
  save (fixture, edited);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM scorecard_vote WHERE deleted = 0"),
                   ==, 0);
  read = read_one (fixture, isaf_record_get_id (scorecard->record));
  g_assert_false (read->votes_one_by_one);
  votes = votes_on (read, 1);
  g_assert_cmpint (isaf_vote_counts_get_total (&votes), ==, 3);
  g_clear_pointer (&read, isaf_scorecard_unref);

  /* Participants on a tally sheet, then listed again: the same rows come back. */
  edited->participants_one_by_one = FALSE;
  edited->participant_counts[ISAF_ATTENDANCE_WOMEN] = 3;
  edited->participant_counts[ISAF_ATTENDANCE_MEN] = 2;
  save (fixture, edited);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM scorecard_participant "
                                   "WHERE deleted = 0"), ==, 0);
  edited->participants_one_by_one = TRUE;
  edited->votes_one_by_one = TRUE;
  save (fixture, edited);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM scorecard_participant "
                                   "WHERE deleted = 0"), ==, 5);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM scorecard_participant"), ==, 6);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM scorecard_participant_tally "
                                   "WHERE deleted = 0"), ==, 0);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM scorecard_vote_tally "
                                   "WHERE deleted = 0"), ==, 0);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM scorecard_vote WHERE deleted = 0"),
                   ==, 7);
  read = read_one (fixture, isaf_record_get_id (scorecard->record));
  g_assert_true (read->participants_one_by_one);
  g_assert_true (read->votes_one_by_one);
  g_assert_cmpuint (read->participants->len, ==, 5);

  /* An indicator dropped takes its votes and notes with it. */
  g_ptr_array_remove_index (read->indicators, 0);
  save (fixture, read);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM scorecard_indicator WHERE deleted = 0"),
                   ==, 2);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM scorecard_vote WHERE deleted = 0"),
                   ==, 3);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM scorecard_note WHERE deleted = 0"),
                   ==, 1);
}

/* The demo database ---------------------------------------------------------------------- */

/* Reading each year of a demo database gives every scorecard it made, with the votes that a
 * count in SQL gives, and saving one back unchanged writes nothing. */
static void
test_demo (IsafTestFixture *fixture,
           gconstpointer    data)
{
  IsafDemoOptions options = { .commune_code = "010201", .years = 2, .seed = 4242,
                              .last_year = 2025 };
  g_autoptr(GError) error = NULL;
  sqlite3 *conn;
  sqlite3_stmt *count_votes, *count_voters;

  fixture->database = isaf_database_open (fixture->path, ISAF_DATABASE_OPEN_CREATE_NEW, &error);
  g_assert_no_error (error);
  g_assert_true (isaf_demo_generate (fixture->database, &options, &error));
  g_assert_no_error (error);
  fixture->store = isaf_store_new (fixture->database);

  conn = isaf_test_sqlite_open (fixture->path, SQLITE_OPEN_READONLY);
  g_assert_cmpint (sqlite3_prepare_v2 (conn,
                                       "SELECT count(*) FROM scorecard_vote v "
                                       "JOIN scorecard_participant p ON p.id = v.participant_id "
                                       "WHERE v.scorecard_indicator_id = ?1 AND v.score = ?2 "
                                       "AND v.deleted = 0 AND p.deleted = 0 "
                                       "AND p.is_anonymous = 0",
                                       -1, &count_votes, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (conn,
                                       "SELECT count(*) FROM scorecard_participant "
                                       "WHERE scorecard_id = ?1 AND deleted = 0 "
                                       "AND is_anonymous = 0",
                                       -1, &count_voters, NULL), ==, SQLITE_OK);

  for (int year = 2024; year <= 2025; year++)
    {
      g_autoptr(GPtrArray) scorecards = isaf_scorecard_list (fixture->store, year, &error);
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM scorecard s "
                                              "JOIN cycle c ON c.id = s.cycle_id "
                                              "WHERE c.year = %d", year);
      g_autofree char *votes_sql = g_strdup_printf ("SELECT count(*) FROM scorecard_vote v "
                                                    "JOIN scorecard_indicator i "
                                                    "ON i.id = v.scorecard_indicator_id "
                                                    "JOIN scorecard s ON s.id = i.scorecard_id "
                                                    "JOIN cycle c ON c.id = s.cycle_id "
                                                    "WHERE c.year = %d", year);
      gint64 n_votes = 0;
      gint64 seq;

      g_assert_no_error (error);
      g_assert_cmpuint (scorecards->len, >, 0);
      g_assert_cmpint (scorecards->len, ==, query (fixture, sql));

      for (guint s = 0; s < scorecards->len; s++)
        {
          IsafScorecard *scorecard = g_ptr_array_index (scorecards, s);

          g_assert_true (scorecard->participants_one_by_one);
          g_assert_true (scorecard->votes_one_by_one);
          sqlite3_bind_blob (count_voters, 1, isaf_record_get_id (scorecard->record)->bytes, 16,
                             SQLITE_STATIC);
          g_assert_cmpint (sqlite3_step (count_voters), ==, SQLITE_ROW);
          g_assert_cmpint (isaf_scorecard_count_voters (scorecard), ==,
                           sqlite3_column_int64 (count_voters, 0));
          sqlite3_reset (count_voters);

          for (guint i = 0; i < scorecard->indicators->len; i++)
            {
              IsafVoteCounts votes = votes_on (scorecard, i);
              IsafScorecardIndicator *indicator = indicator_at (scorecard, i);

              for (int score = ISAF_SCORE_MIN; score <= ISAF_SCORE_MAX; score++)
                {
                  sqlite3_bind_blob (count_votes, 1, isaf_record_get_id (indicator->record)->bytes,
                                     16, SQLITE_STATIC);
                  sqlite3_bind_int (count_votes, 2, score);
                  g_assert_cmpint (sqlite3_step (count_votes), ==, SQLITE_ROW);
                  g_assert_cmpint (votes.counts[score - ISAF_SCORE_MIN], ==,
                                   sqlite3_column_int64 (count_votes, 0));
                  sqlite3_reset (count_votes);
                }
              n_votes += isaf_vote_counts_get_total (&votes);
              if (isaf_record_get_boolean (indicator->record, "is_selected"))
                g_assert_cmpuint (indicator->notes[ISAF_NOTE_SUGGESTION]->len, >, 0);
            }
        }
      g_assert_cmpint (n_votes, >, 0);
      g_assert_cmpint (n_votes, ==, query (fixture, votes_sql));

      /* The demo keeps every rule: its scorecards save back as they are, writing nothing. */
      seq = last_seq (fixture);
      save (fixture, g_ptr_array_index (scorecards, 0));
      save (fixture, g_ptr_array_index (scorecards, scorecards->len - 1));
      g_assert_cmpint (last_seq (fixture), ==, seq);
    }

  sqlite3_finalize (count_votes);
  sqlite3_finalize (count_voters);
  sqlite3_close (conn);
}

/* The interface's way ------------------------------------------------------------------- */

static void
on_async_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static void
test_async (IsafTestFixture *fixture,
            gconstpointer    data)
{
  Registry registry;
  g_autoptr(IsafScorecard) scorecard = NULL;
  g_autoptr(IsafScorecard) bad = NULL;
  g_autoptr(GPtrArray) scorecards = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  fill_registry (fixture, &registry);
  scorecard = new_scorecard (&registry);
  isaf_scorecard_save_async (fixture->store, scorecard, NULL, on_async_cb, &result);
  g_assert_true (isaf_scorecard_save_finish (fixture->store, wait_for_result (&result), &error));
  g_assert_no_error (error);
  g_assert_true (isaf_record_is_stored (scorecard->record));
  g_assert_true (isaf_record_is_stored (g_ptr_array_index (scorecard->participants, 0)));
  g_assert_true (isaf_record_is_stored (indicator_at (scorecard, 0)->record));
  g_clear_object (&result);

  bad = new_scorecard (&registry);
  unknown_unit (bad, &registry);
  isaf_scorecard_save_async (fixture->store, bad, NULL, on_async_cb, &result);
  g_assert_false (isaf_scorecard_save_finish (fixture->store, wait_for_result (&result), &error));
  g_assert_error (error, ISAF_SCORECARD_ERROR, ISAF_SCORECARD_ERROR_NO_UNIT);
  g_assert_false (isaf_record_is_stored (bad->record));
  g_clear_error (&error);
  g_clear_object (&result);

  isaf_scorecard_list_async (fixture->store, YEAR, NULL, on_async_cb, &result);
  scorecards = isaf_scorecard_list_finish (fixture->store, wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (scorecards->len, ==, 1);
  g_clear_object (&result);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, setup, func) \
  g_test_add (path, IsafTestFixture, NULL, setup, func, isaf_test_fixture_teardown)

  g_test_add_func ("/scorecard/model", test_model);
  ADD ("/scorecard/save-and-read", isaf_test_fixture_setup_store, test_save_and_read);
  ADD ("/scorecard/grid-and-tally-agree", isaf_test_fixture_setup_store,
       test_grid_and_tally_agree);
  ADD ("/scorecard/anonymous", isaf_test_fixture_setup_store, test_anonymous);
  ADD ("/scorecard/refusals", isaf_test_fixture_setup_store, test_refusals);
  ADD ("/scorecard/facilitators", isaf_test_fixture_setup_store, test_facilitators);
  ADD ("/scorecard/resave", isaf_test_fixture_setup_store, test_resave);
  ADD ("/scorecard/demo", isaf_test_fixture_setup_dir, test_demo);
  ADD ("/scorecard/async", isaf_test_fixture_setup_store, test_async);

#undef ADD

  return g_test_run ();
}
