/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "isaf-demo.h"
#include "isaf-error.h"
#include "isaf-interface-meeting.h"
#include "isaf-test-helpers.h"

/* The interface meeting on a real database of Banteay Neang (010201): the comparison of the
 * year's scorecards, read from rows written here through the store as a scorecard editor
 * would write them; one save of the meeting with its units, attendance and priorities in one
 * transaction, refusing, with nothing written, what breaks a rule; and the selected
 * priorities turned into draft JAAP actions once. */

#define YEAR 2025
#define OU_THUM "01020101"
#define PHNUM "01020102"
#define TRANG "01020105"

/* The scorecards' indicators, by their standard code or, for citizens' own, their name. */
#define WELCOME "CO-1"
#define FEES "CO-3"
#define HOURS "CO-4"
#define WAITING "CO-5"
#define STREET_LIGHTS "ភ្លើងបំភ្លឺផ្លូវ"
#define MIDWIFE "HC-1"

#define EXPLAIN_FEES "ពន្យល់តម្លៃសេវាឱ្យបានច្បាស់"
#define POST_HOURS "បិទផ្សាយម៉ោងធ្វើការ"
#define TRAIN_STAFF "បណ្ដុះបណ្ដាលបុគ្គលិកអំពីការស្វាគមន៍"

typedef struct {
  IsafUuid cycle;
  IsafUuid office;
  IsafUuid health_centre;
  IsafUuid school;
  /* The community scorecards' rows: the commune office's in Ou Thum and in Phnum, and the
   * health centre's. */
  IsafUuid welcome_ou_thum;
  IsafUuid welcome_phnum;
  IsafUuid lights_ou_thum;
  IsafUuid waiting_ou_thum;
  IsafUuid midwife;
  /* A selected indicator of the year before. */
  IsafUuid welcome_last_year;
} Commune;

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
add_cycle (IsafTestFixture *fixture,
           int              year,
           IsafUuid        *out)
{
  g_autoptr(IsafRecord) cycle = isaf_record_new ("cycle");

  isaf_record_set_integer (cycle, "year", year);
  *out = *isaf_record_get_id (cycle);
  isaf_test_save (fixture->store, cycle, NULL);
}

static IsafUuid
add_scorecard (IsafTestFixture *fixture,
               const IsafUuid  *cycle,
               const char      *kind,
               const IsafUuid  *unit,
               const char      *village_code,
               const char      *held_on)
{
  g_autoptr(IsafRecord) scorecard = isaf_record_new ("scorecard");

  isaf_record_set_reference (scorecard, "cycle_id", cycle);
  isaf_record_set_text (scorecard, "kind", kind);
  isaf_record_set_reference (scorecard, "service_unit_id", unit);
  if (village_code != NULL)
    {
      IsafUuid village;

      isaf_test_village_id (village_code, &village);
      isaf_record_set_reference (scorecard, "village_id", &village);
    }
  isaf_record_set_text (scorecard, "held_on", held_on);
  isaf_record_set_text (scorecard, "status", "done");
  isaf_test_save (fixture->store, scorecard, NULL);
  return *isaf_record_get_id (scorecard);
}

/* A standard indicator when @code is set, else a citizens' own named @name. */
static IsafUuid
add_indicator (IsafTestFixture *fixture,
               const IsafUuid  *scorecard,
               int              position,
               const char      *code,
               const char      *name,
               gboolean         selected)
{
  g_autoptr(IsafRecord) indicator = isaf_record_new ("scorecard_indicator");

  isaf_record_set_reference (indicator, "scorecard_id", scorecard);
  isaf_record_set_integer (indicator, "position", position);
  if (code != NULL)
    isaf_record_set_text (indicator, "indicator_code", code);
  isaf_record_set_text (indicator, "name_km", name);
  isaf_record_set_boolean (indicator, "is_selected", selected);
  isaf_test_save (fixture->store, indicator, NULL);
  return *isaf_record_get_id (indicator);
}

/* Participants 1… of a scorecard; those in @anonymous (ended by 0) gave no name. */
static GArray *
add_participants (IsafTestFixture *fixture,
                  const IsafUuid  *scorecard,
                  guint            n,
                  guint            anonymous)
{
  GArray *participants = g_array_new (FALSE, FALSE, sizeof (IsafUuid));

  for (guint i = 1; i <= n; i++)
    {
      g_autoptr(IsafRecord) participant = isaf_record_new ("scorecard_participant");

      isaf_record_set_reference (participant, "scorecard_id", scorecard);
      isaf_record_set_integer (participant, "position", i);
      isaf_record_set_text (participant, "sex", i % 2 ? "f" : "m");
      isaf_record_set_boolean (participant, "is_anonymous", i == anonymous);
      isaf_test_save (fixture->store, participant, NULL);
      g_array_append_val (participants, *isaf_record_get_id (participant));
    }
  return participants;
}

/* One vote per participant in order, ended by 0; as the demo keys them. */
static void
add_votes (IsafTestFixture *fixture,
           const IsafUuid  *indicator,
           GArray          *participants,
           const int       *scores)
{
  for (guint i = 0; scores[i] != 0; i++)
    {
      const IsafUuid *participant = &g_array_index (participants, IsafUuid, i);
      g_autofree char *indicator_text = isaf_uuid_to_string (indicator);
      g_autofree char *participant_text = isaf_uuid_to_string (participant);
      g_autofree char *key = g_strconcat (indicator_text, "/", participant_text, NULL);
      g_autoptr(IsafRecord) vote = isaf_record_new_keyed ("scorecard_vote", key);

      isaf_record_set_reference (vote, "scorecard_indicator_id", indicator);
      isaf_record_set_reference (vote, "participant_id", participant);
      isaf_record_set_integer (vote, "score", scores[i]);
      isaf_test_save (fixture->store, vote, NULL);
    }
}

static void
add_tally (IsafTestFixture *fixture,
           const IsafUuid  *indicator,
           int              score,
           int              count)
{
  g_autoptr(IsafRecord) tally = isaf_record_new ("scorecard_vote_tally");

  isaf_record_set_reference (tally, "scorecard_indicator_id", indicator);
  isaf_record_set_integer (tally, "score", score);
  isaf_record_set_integer (tally, "count", count);
  isaf_test_save (fixture->store, tally, NULL);
}

static void
add_note (IsafTestFixture *fixture,
          const IsafUuid  *indicator,
          const char      *kind,
          int              position,
          const char      *text)
{
  g_autoptr(IsafRecord) note = isaf_record_new ("scorecard_note");

  isaf_record_set_reference (note, "scorecard_indicator_id", indicator);
  isaf_record_set_text (note, "kind", kind);
  isaf_record_set_integer (note, "position", position);
  isaf_record_set_text (note, "text", text);
  isaf_test_save (fixture->store, note, NULL);
}

#define SCORES(...) ((const int[]) { __VA_ARGS__, 0 })

/* The commune office was scored by citizens in Ou Thum and in Phnum and by itself; the health
 * centre once each way; the school not at all. Every median below can be worked out by hand
 * from the votes here. */
static void
fill_commune (IsafTestFixture *fixture,
              Commune         *commune)
{
  IsafUuid last_year, ou_thum, phnum, trang, office_ssa, centre_csc, centre_ssa, id;
  g_autoptr(GArray) ou_thum_people = NULL;
  g_autoptr(GArray) phnum_people = NULL;
  g_autoptr(GArray) trang_people = NULL;
  g_autoptr(GArray) staff = NULL;
  g_autoptr(GArray) last_year_people = NULL;
  g_autoptr(GArray) centre_people = NULL;
  g_autoptr(GArray) centre_staff = NULL;

  add_unit (fixture, "commune_office", "CO-010201", "សាលាឃុំបន្ទាយនាង", &commune->office);
  add_unit (fixture, "health_centre", "HC-0102", "មណ្ឌលសុខភាពបន្ទាយនាង", &commune->health_centre);
  add_unit (fixture, "primary_school", "PS-0102-1", "សាលាបឋមសិក្សាបន្ទាយនាង", &commune->school);
  add_cycle (fixture, YEAR, &commune->cycle);
  add_cycle (fixture, YEAR - 1, &last_year);

  /* Ou Thum: four named voters and an anonymous fifth, whose votes do not count. */
  ou_thum = add_scorecard (fixture, &commune->cycle, "csc", &commune->office, OU_THUM,
                           "2025-04-02");
  ou_thum_people = add_participants (fixture, &ou_thum, 5, 5);
  commune->welcome_ou_thum = add_indicator (fixture, &ou_thum, 1, WELCOME, "ការស្វាគមន៍",
                                            TRUE);
  add_votes (fixture, &commune->welcome_ou_thum, ou_thum_people, SCORES (1, 2, 2, 5, 5));
  commune->lights_ou_thum = add_indicator (fixture, &ou_thum, 2, NULL, STREET_LIGHTS, TRUE);
  /* Counted by hand as well as typed: the tally is what counts. */
  add_votes (fixture, &commune->lights_ou_thum, ou_thum_people, SCORES (5, 5, 5, 5));
  add_tally (fixture, &commune->lights_ou_thum, 1, 2);
  add_tally (fixture, &commune->lights_ou_thum, 2, 1);
  /* Raised but not selected: its votes are not scores of the meeting. */
  id = add_indicator (fixture, &ou_thum, 3, FEES, "តម្លៃសេវា", FALSE);
  add_votes (fixture, &id, ou_thum_people, SCORES (5, 5, 5, 5));
  commune->waiting_ou_thum = add_indicator (fixture, &ou_thum, 5, WAITING, "ពេលរង់ចាំ", TRUE);
  add_note (fixture, &commune->welcome_ou_thum, "suggestion", 1, EXPLAIN_FEES);
  add_note (fixture, &commune->welcome_ou_thum, "weakness", 1, "បុគ្គលិកមិនរួសរាយ");

  /* Phnum: three voters. */
  phnum = add_scorecard (fixture, &commune->cycle, "csc", &commune->office, PHNUM,
                         "2025-04-09");
  phnum_people = add_participants (fixture, &phnum, 3, 0);
  commune->welcome_phnum = add_indicator (fixture, &phnum, 1, WELCOME, "ការស្វាគមន៍", TRUE);
  add_votes (fixture, &commune->welcome_phnum, phnum_people, SCORES (3, 4, 4));
  id = add_indicator (fixture, &phnum, 2, NULL, STREET_LIGHTS, TRUE);
  add_votes (fixture, &id, phnum_people, SCORES (3, 4, 4));
  add_note (fixture, &commune->welcome_phnum, "suggestion", 1, POST_HOURS);
  add_note (fixture, &commune->welcome_phnum, "suggestion", 2, EXPLAIN_FEES);

  /* Trang's scorecard was deleted; last year's belongs to another cycle. */
  trang = add_scorecard (fixture, &commune->cycle, "csc", &commune->office, TRANG,
                         "2025-04-16");
  trang_people = add_participants (fixture, &trang, 3, 0);
  id = add_indicator (fixture, &trang, 1, WELCOME, "ការស្វាគមន៍", TRUE);
  add_votes (fixture, &id, trang_people, SCORES (5, 5, 5));
  g_assert_true (isaf_store_delete (fixture->store, "scorecard", &trang, NULL, NULL));
  id = add_scorecard (fixture, &last_year, "csc", &commune->office, OU_THUM, "2024-04-02");
  last_year_people = add_participants (fixture, &id, 3, 0);
  commune->welcome_last_year = add_indicator (fixture, &id, 1, WELCOME, "ការស្វាគមន៍", TRUE);
  add_votes (fixture, &commune->welcome_last_year, last_year_people, SCORES (5, 5, 5));

  /* The office's self-assessment: the welcome, and the opening hours that only it scored. */
  office_ssa = add_scorecard (fixture, &commune->cycle, "ssa", &commune->office, NULL,
                              "2025-05-06");
  staff = add_participants (fixture, &office_ssa, 3, 0);
  id = add_indicator (fixture, &office_ssa, 1, WELCOME, "ការស្វាគមន៍", TRUE);
  add_votes (fixture, &id, staff, SCORES (4, 4, 5));
  add_note (fixture, &id, "suggestion", 1, POST_HOURS);
  add_note (fixture, &id, "suggestion", 2, TRAIN_STAFF);
  id = add_indicator (fixture, &office_ssa, 4, HOURS, "ម៉ោងបើកការិយាល័យ", TRUE);
  add_votes (fixture, &id, staff, SCORES (3, 5));

  /* The health centre: two citizens, one provider. */
  centre_csc = add_scorecard (fixture, &commune->cycle, "csc", &commune->health_centre, NULL,
                              "2025-04-20");
  centre_people = add_participants (fixture, &centre_csc, 2, 0);
  commune->midwife = add_indicator (fixture, &centre_csc, 1, MIDWIFE, "ឆ្មបប្រចាំការ", TRUE);
  add_votes (fixture, &commune->midwife, centre_people, SCORES (2, 3));
  centre_ssa = add_scorecard (fixture, &commune->cycle, "ssa", &commune->health_centre, NULL,
                              "2025-05-07");
  centre_staff = add_participants (fixture, &centre_ssa, 1, 0);
  id = add_indicator (fixture, &centre_ssa, 1, MIDWIFE, "ឆ្មបប្រចាំការ", TRUE);
  add_votes (fixture, &id, centre_staff, SCORES (5));
}

static GArray *
units_of (const IsafUuid *first,
          ...)
{
  GArray *units = g_array_new (FALSE, FALSE, sizeof (IsafUuid));
  va_list args;

  va_start (args, first);
  for (const IsafUuid *unit = first; unit != NULL; unit = va_arg (args, const IsafUuid *))
    g_array_append_val (units, *unit);
  va_end (args);
  return units;
}

static void
assert_median (gboolean has,
               double   median,
               double   expected)
{
  g_assert_true (has);
  g_assert_cmpfloat (median, ==, expected);
}

static void
assert_suggestions (IsafInterfaceComparison *comparison,
                    const char              *first,
                    ...)
{
  va_list args;
  guint n = 0;

  va_start (args, first);
  for (const char *text = first; text != NULL; text = va_arg (args, const char *))
    {
      g_assert_cmpuint (n, <, comparison->suggestions->len);
      g_assert_cmpstr (g_ptr_array_index (comparison->suggestions, n), ==, text);
      n++;
    }
  va_end (args);
  g_assert_cmpuint (comparison->suggestions->len, ==, n);
}

static const IsafUuid no_indicator;

static void
test_compare (IsafTestFixture *fixture,
              gconstpointer    data)
{
  Commune commune;
  g_autoptr(GArray) units = NULL;
  g_autoptr(GPtrArray) comparisons = NULL;
  g_autoptr(GError) error = NULL;
  IsafInterfaceComparison *row;
  double gap = -100;

  fill_commune (fixture, &commune);
  units = units_of (&commune.health_centre, &commune.office, &commune.school, &commune.office,
                    NULL);
  comparisons = isaf_interface_compare (fixture->database, YEAR, units, &error);
  g_assert_no_error (error);

  /* The health centre first, as asked; the school, never scored, adds nothing; the office
   * asked twice counts once. */
  g_assert_cmpuint (comparisons->len, ==, 5);

  /* Health centre: 2 and 3, an even count, give 2.5; the midwife alone gave 5. */
  row = g_ptr_array_index (comparisons, 0);
  g_assert_true (isaf_uuid_equal (&row->unit_id, &commune.health_centre));
  g_assert_true (isaf_uuid_equal (&row->indicator_id, &commune.midwife));
  g_assert_cmpstr (row->indicator_code, ==, MIDWIFE);
  assert_median (row->has_citizen_median, row->citizen_median, 2.5);
  assert_median (row->has_provider_median, row->provider_median, 5);
  g_assert_true (isaf_interface_comparison_get_gap (row, &gap));
  g_assert_cmpfloat (gap, ==, 2.5);

  /* The welcome: Ou Thum's 1 2 2 5 (not the anonymous 5) pooled with Phnum's 3 4 4 make
   * seven votes whose middle one is 3; Trang's deleted scorecard and last year's add nothing.
   * The provider's 4 4 5 give 4: a gap of 1. Suggestions: citizens' first, each once. */
  row = g_ptr_array_index (comparisons, 1);
  g_assert_true (isaf_uuid_equal (&row->unit_id, &commune.office));
  g_assert_true (isaf_uuid_equal (&row->indicator_id, &commune.welcome_ou_thum));
  g_assert_cmpstr (row->indicator_code, ==, WELCOME);
  g_assert_cmpstr (row->name_km, ==, "ការស្វាគមន៍");
  assert_median (row->has_citizen_median, row->citizen_median, 3);
  assert_median (row->has_provider_median, row->provider_median, 4);
  g_assert_true (isaf_interface_comparison_get_gap (row, &gap));
  g_assert_cmpfloat (gap, ==, 1);
  assert_suggestions (row, EXPLAIN_FEES, POST_HOURS, TRAIN_STAFF, NULL);

  /* The citizens' own indicator matches by name across villages: Ou Thum's tally 1 1 2 (not
   * its typed 5s) with Phnum's 3 4 4, six votes, give (2 + 3) / 2. The provider did not
   * score it: no median, not a zero, and no gap. */
  row = g_ptr_array_index (comparisons, 2);
  g_assert_true (isaf_uuid_equal (&row->indicator_id, &commune.lights_ou_thum));
  g_assert_null (row->indicator_code);
  g_assert_cmpstr (row->name_km, ==, STREET_LIGHTS);
  assert_median (row->has_citizen_median, row->citizen_median, 2.5);
  g_assert_false (row->has_provider_median);
  g_assert_cmpfloat (row->provider_median, ==, 0);
  gap = -100;
  g_assert_false (isaf_interface_comparison_get_gap (row, &gap));
  g_assert_cmpfloat (gap, ==, -100);
  g_assert_cmpuint (row->suggestions->len, ==, 0);

  /* The opening hours, which only the provider scored (3 and 5), come at their position 4;
   * no community scorecard row names them. */
  row = g_ptr_array_index (comparisons, 3);
  g_assert_cmpstr (row->indicator_code, ==, HOURS);
  g_assert_true (isaf_uuid_equal (&row->indicator_id, &no_indicator));
  g_assert_false (row->has_citizen_median);
  assert_median (row->has_provider_median, row->provider_median, 4);
  g_assert_false (isaf_interface_comparison_get_gap (row, &gap));

  /* Waiting time was selected but nobody voted on it: no median on either side. The fees,
   * not selected, are not there at all. */
  row = g_ptr_array_index (comparisons, 4);
  g_assert_cmpstr (row->indicator_code, ==, WAITING);
  g_assert_true (isaf_uuid_equal (&row->indicator_id, &commune.waiting_ou_thum));
  g_assert_false (row->has_citizen_median);
  g_assert_false (row->has_provider_median);

  /* Last year's scorecard is the whole of that year's comparison. */
  g_clear_pointer (&comparisons, g_ptr_array_unref);
  comparisons = isaf_interface_compare (fixture->database, YEAR - 1, units, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (comparisons->len, ==, 1);
  row = g_ptr_array_index (comparisons, 0);
  g_assert_true (isaf_uuid_equal (&row->indicator_id, &commune.welcome_last_year));
  assert_median (row->has_citizen_median, row->citizen_median, 5);
  g_assert_false (row->has_provider_median);
}

/* Meetings ------------------------------------------------------------------------------- */

static IsafRecord *
new_priority (const IsafUuid *unit,
              const IsafUuid *indicator,
              const char     *text,
              gint64          votes,
              gboolean        selected)
{
  IsafRecord *priority = isaf_record_new ("interface_priority");

  if (unit != NULL)
    isaf_record_set_reference (priority, "service_unit_id", unit);
  if (indicator != NULL)
    isaf_record_set_reference (priority, "scorecard_indicator_id", indicator);
  isaf_record_set_text (priority, "text", text);
  isaf_record_set_integer (priority, "votes", votes);
  isaf_record_set_boolean (priority, "is_selected", selected);
  return priority;
}

/* A meeting that breaks no rule: the office and the health centre, four priorities of which
 * three are selected. */
static IsafInterfaceMeeting *
new_meeting (Commune    *commune,
             const char *held_on)
{
  IsafInterfaceMeeting *meeting = isaf_interface_meeting_new (YEAR, NULL);

  isaf_record_set_text (meeting->record, "held_on", held_on);
  isaf_record_set_text (meeting->record, "place", "សាលាឃុំបន្ទាយនាង");
  isaf_record_set_text (meeting->record, "notes", "អភិបាលស្រុកបានចូលរួម");
  g_array_append_val (meeting->units, commune->office);
  g_array_append_val (meeting->units, commune->health_centre);
  meeting->attendance[ISAF_INTERFACE_CITIZEN_WOMEN] = 24;
  meeting->attendance[ISAF_INTERFACE_CITIZEN_MEN] = 13;
  meeting->attendance[ISAF_INTERFACE_PROVIDER] = 7;
  meeting->attendance[ISAF_INTERFACE_COUNCIL] = 5;
  meeting->attendance[ISAF_INTERFACE_CAF] = 4;
  g_ptr_array_add (meeting->priorities,
                   new_priority (&commune->office, &commune->welcome_ou_thum, EXPLAIN_FEES, 31,
                                 TRUE));
  g_ptr_array_add (meeting->priorities,
                   new_priority (&commune->office, &commune->lights_ou_thum,
                                 "ដំឡើងភ្លើងបំភ្លឺផ្លូវទៅសាលាឃុំ", 12, TRUE));
  g_ptr_array_add (meeting->priorities,
                   new_priority (&commune->health_centre, NULL, "ឆ្មបប្រចាំការពេលយប់", 25, TRUE));
  g_ptr_array_add (meeting->priorities,
                   new_priority (&commune->office, NULL, POST_HOURS, 4, FALSE));
  return meeting;
}

static gint64
query (IsafTestFixture *fixture,
       const char      *sql)
{
  return isaf_test_run_query_int (fixture->database, sql);
}

/* The number @sql answers with @id bound to ?1, read on a connection of the test's own. */
static gint64
query_id (IsafTestFixture *fixture,
          const char      *sql,
          const IsafUuid  *id)
{
  sqlite3 *conn = isaf_test_sqlite_open (fixture->path, SQLITE_OPEN_READONLY);
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (conn, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_blob (stmt, 1, id->bytes, 16, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
  return value;
}

/* Everything a save or a draft could write: rows in the tables and the change log. */
static char *
dup_state (IsafTestFixture *fixture)
{
  static const char * const tables[] = {
    "cycle", "interface_meeting", "interface_meeting_unit", "interface_attendance",
    "interface_priority", "jaap_action", "sync_outbox",
  };
  GString *state = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", tables[i]);

      g_string_append_printf (state, "%s=%" G_GINT64_FORMAT " ", tables[i],
                              query (fixture, sql));
    }
  return g_string_free (state, FALSE);
}

static gint64
changes_since (IsafTestFixture *fixture,
               const char      *what,
               gint64           seq)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM sync_outbox WHERE seq > %"
                                          G_GINT64_FORMAT, what, seq);

  return query (fixture, sql);
}

static void
save (IsafTestFixture      *fixture,
      IsafInterfaceMeeting *meeting)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (isaf_interface_meeting_save (fixture->store, meeting, &error));
  g_assert_no_error (error);
}

/* Refused with @code of @domain, and nothing at all written. */
static char *
save_refused (IsafTestFixture      *fixture,
              IsafInterfaceMeeting *meeting,
              GQuark                domain,
              int                   code)
{
  g_autofree char *before = dup_state (fixture);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (isaf_interface_meeting_save (fixture->store, meeting, &error));
  g_assert_error (error, domain, code);
  g_assert_false (isaf_record_is_stored (meeting->record));
  for (guint i = 0; i < meeting->priorities->len; i++)
    g_assert_false (isaf_record_is_stored (g_ptr_array_index (meeting->priorities, i)));
  after = dup_state (fixture);
  g_assert_cmpstr (after, ==, before);
  g_test_message ("Refused: %s", error->message);
  return g_strdup (error->message);
}

static IsafInterfaceMeeting *
list_one (IsafTestFixture *fixture)
{
  g_autoptr(GPtrArray) meetings = NULL;
  g_autoptr(GError) error = NULL;

  meetings = isaf_interface_meeting_list (fixture->store, YEAR, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (meetings->len, ==, 1);
  return isaf_interface_meeting_ref (g_ptr_array_index (meetings, 0));
}

static IsafRecord *
find_priority (IsafInterfaceMeeting *meeting,
               const char           *text)
{
  for (guint i = 0; i < meeting->priorities->len; i++)
    if (g_strcmp0 (isaf_record_get_text (g_ptr_array_index (meeting->priorities, i), "text"),
                   text) == 0)
      return g_ptr_array_index (meeting->priorities, i);
  return NULL;
}

static void
test_save_and_list (IsafTestFixture *fixture,
                    gconstpointer    data)
{
  Commune commune;
  g_autoptr(IsafInterfaceMeeting) meeting = NULL;
  g_autoptr(IsafInterfaceMeeting) read = NULL;
  g_autoptr(IsafInterfaceMeeting) again = NULL;
  g_autoptr(GPtrArray) other_year = NULL;
  g_autoptr(GError) error = NULL;
  IsafRecord *priority;
  gint64 seq;

  fill_commune (fixture, &commune);
  seq = query (fixture, "SELECT max (seq) FROM sync_outbox");
  meeting = new_meeting (&commune, "2025-06-12");
  /* A priority that answers an indicator is for that indicator's unit. */
  g_ptr_array_add (meeting->priorities,
                   new_priority (NULL, &commune.midwife, "ផ្ដល់ទូរស័ព្ទឆ្មបប្រចាំការ", 9, FALSE));
  save (fixture, meeting);
  g_assert_true (isaf_record_is_stored (meeting->record));
  for (guint i = 0; i < meeting->priorities->len; i++)
    g_assert_true (isaf_record_is_stored (g_ptr_array_index (meeting->priorities, i)));

  /* The year's cycle, made before by the scorecards, is the one used. */
  g_assert_true (isaf_uuid_equal (isaf_record_get_reference (meeting->record, "cycle_id"),
                                  &commune.cycle));
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM cycle"), ==, 2);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM interface_meeting_unit"), ==, 2);
  /* Five categories counted, "other" not. */
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM interface_attendance"), ==, 5);
  g_assert_cmpint (query (fixture, "SELECT count FROM interface_attendance "
                                   "WHERE category = 'citizen_women'"), ==, 24);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM interface_priority"), ==, 5);
  g_assert_cmpint (query_id (fixture, "SELECT count(*) FROM interface_priority "
                                      "WHERE service_unit_id = ?1", &commune.health_centre),
                   ==, 2);
  /* One transaction over the four tables. */
  g_assert_cmpint (changes_since (fixture, "count (DISTINCT txid)", seq), ==, 1);
  g_assert_cmpint (changes_since (fixture, "count (DISTINCT tbl)", seq), ==, 4);

  /* Read back as saved. */
  read = list_one (fixture);
  g_assert_true (isaf_uuid_equal (isaf_record_get_id (read->record),
                                  isaf_record_get_id (meeting->record)));
  g_assert_cmpint (read->year, ==, YEAR);
  g_assert_cmpstr (isaf_record_get_text (read->record, "held_on"), ==, "2025-06-12");
  g_assert_cmpstr (isaf_record_get_text (read->record, "place"), ==, "សាលាឃុំបន្ទាយនាង");
  g_assert_cmpstr (isaf_record_get_text (read->record, "notes"), ==, "អភិបាលស្រុកបានចូលរួម");
  /* The units in the registry's order: the commune office before the health centre. */
  g_assert_cmpuint (read->units->len, ==, 2);
  g_assert_true (isaf_uuid_equal (&g_array_index (read->units, IsafUuid, 0), &commune.office));
  g_assert_true (isaf_uuid_equal (&g_array_index (read->units, IsafUuid, 1),
                                  &commune.health_centre));
  for (guint i = 0; i < ISAF_N_INTERFACE_ATTENDANCE; i++)
    g_assert_cmpint (read->attendance[i], ==, meeting->attendance[i]);
  g_assert_cmpint (read->attendance[ISAF_INTERFACE_OTHER], ==, ISAF_ATTENDANCE_NOT_COUNTED);
  g_assert_cmpuint (read->priorities->len, ==, 5);
  priority = find_priority (read, EXPLAIN_FEES);
  g_assert_nonnull (priority);
  g_assert_cmpint (isaf_record_get_integer (priority, "votes"), ==, 31);
  g_assert_true (isaf_record_get_boolean (priority, "is_selected"));
  g_assert_true (isaf_uuid_equal (isaf_record_get_reference (priority, "service_unit_id"),
                                  &commune.office));
  g_assert_true (isaf_uuid_equal (isaf_record_get_reference (priority,
                                                             "scorecard_indicator_id"),
                                  &commune.welcome_ou_thum));
  priority = find_priority (read, "ផ្ដល់ទូរស័ព្ទឆ្មបប្រចាំការ");
  g_assert_true (isaf_uuid_equal (isaf_record_get_reference (priority, "service_unit_id"),
                                  &commune.health_centre));
  other_year = isaf_interface_meeting_list (fixture->store, YEAR - 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (other_year->len, ==, 0);

  /* Edited: the health centre and its priorities taken off, the council no longer counted,
   * more men. Only that is written, in one transaction. */
  g_array_remove_index (read->units, 1);
  for (guint i = read->priorities->len; i-- > 0;)
    {
      const IsafUuid *unit = isaf_record_get_reference (g_ptr_array_index (read->priorities, i),
                                                        "service_unit_id");

      if (isaf_uuid_equal (unit, &commune.health_centre))
        g_ptr_array_remove_index (read->priorities, i);
    }
  read->attendance[ISAF_INTERFACE_COUNCIL] = ISAF_ATTENDANCE_NOT_COUNTED;
  read->attendance[ISAF_INTERFACE_CITIZEN_MEN] = 15;
  seq = query (fixture, "SELECT max (seq) FROM sync_outbox");
  save (fixture, read);

  g_assert_cmpint (query (fixture, "SELECT count(*) FROM interface_meeting_unit "
                                   "WHERE deleted = 0"), ==, 1);
  g_assert_cmpint (query_id (fixture, "SELECT deleted FROM interface_meeting_unit "
                                      "WHERE service_unit_id = ?1", &commune.health_centre),
                   ==, 1);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM interface_priority WHERE deleted = 1"),
                   ==, 2);
  g_assert_cmpint (query (fixture, "SELECT deleted FROM interface_attendance "
                                   "WHERE category = 'council'"), ==, 1);
  g_assert_cmpint (query (fixture, "SELECT count FROM interface_attendance "
                                   "WHERE category = 'citizen_men'"), ==, 15);
  g_assert_cmpint (changes_since (fixture, "count (DISTINCT txid)", seq), ==, 1);
  g_assert_cmpint (changes_since (fixture, "count(*)", seq), ==, 5);

  again = list_one (fixture);
  g_assert_cmpuint (again->units->len, ==, 1);
  g_assert_cmpuint (again->priorities->len, ==, 3);
  g_assert_cmpint (again->attendance[ISAF_INTERFACE_COUNCIL], ==, ISAF_ATTENDANCE_NOT_COUNTED);
  g_assert_cmpint (again->attendance[ISAF_INTERFACE_CITIZEN_MEN], ==, 15);

  /* Saved again unchanged: nothing to write. */
  seq = query (fixture, "SELECT max (seq) FROM sync_outbox");
  save (fixture, again);
  g_assert_cmpint (changes_since (fixture, "count(*)", seq), ==, 0);
}

/* A meeting of a year without any cycle makes it, with the key every laptop gives it. */
static void
test_new_cycle (IsafTestFixture *fixture,
                gconstpointer    data)
{
  Commune commune;
  g_autoptr(IsafInterfaceMeeting) meeting = NULL;
  IsafUuid keyed;

  fill_commune (fixture, &commune);
  meeting = isaf_interface_meeting_new (2023, NULL);
  isaf_record_set_text (meeting->record, "held_on", "2023-06-20");
  g_array_append_val (meeting->units, commune.school);
  save (fixture, meeting);

  isaf_dissemination_cycle_id (ISAF_TEST_COMMUNE, 2023, &keyed);
  g_assert_true (isaf_uuid_equal (isaf_record_get_reference (meeting->record, "cycle_id"),
                                  &keyed));
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM cycle WHERE year = 2023"), ==, 1);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM interface_attendance"), ==, 0);
}

static void
test_refusals (IsafTestFixture *fixture,
               gconstpointer    data)
{
  Commune commune;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autofree char *tomorrow_text = g_date_time_format (tomorrow, "%Y-%m-%d");
  IsafUuid stranger;

  fill_commune (fixture, &commune);
  isaf_uuid_v7 (&stranger);

  {
    g_autoptr(IsafInterfaceMeeting) meeting = new_meeting (&commune, "2025-06-12");
    g_autofree char *message = NULL;

    g_array_set_size (meeting->units, 0);
    message = save_refused (fixture, meeting, ISAF_VALIDATION_ERROR,
                            ISAF_VALIDATION_ERROR_REQUIRED);
    g_assert_nonnull (strstr (message, "service unit"));
  }

  {
    g_autoptr(IsafInterfaceMeeting) meeting = new_meeting (&commune, "2025-06-12");
    g_autofree char *message = NULL;

    g_array_append_val (meeting->units, stranger);
    message = save_refused (fixture, meeting, ISAF_INTERFACE_ERROR,
                            ISAF_INTERFACE_ERROR_NO_UNIT);
  }

  {
    g_autoptr(IsafInterfaceMeeting) meeting = new_meeting (&commune, "2025-06-12");
    g_autofree char *message = NULL;

    meeting->attendance[ISAF_INTERFACE_PROVIDER] = -2;
    message = save_refused (fixture, meeting, ISAF_VALIDATION_ERROR,
                            ISAF_VALIDATION_ERROR_NEGATIVE);
    g_assert_nonnull (strstr (message,
                              isaf_interface_attendance_get_label (ISAF_INTERFACE_PROVIDER)));
  }

  /* A priority for the school, which the meeting did not cover, is named with the school. */
  {
    g_autoptr(IsafInterfaceMeeting) meeting = new_meeting (&commune, "2025-06-12");
    g_autofree char *message = NULL;

    g_ptr_array_add (meeting->priorities,
                     new_priority (&commune.school, NULL, "ជួសជុលបង្គន់សាលា", 8, TRUE));
    message = save_refused (fixture, meeting, ISAF_INTERFACE_ERROR,
                            ISAF_INTERFACE_ERROR_UNIT_NOT_COVERED);
    g_assert_nonnull (strstr (message, "ជួសជុលបង្គន់សាលា"));
    g_assert_nonnull (strstr (message, "សាលាបឋមសិក្សាបន្ទាយនាង"));
  }

  {
    g_autoptr(IsafInterfaceMeeting) meeting = new_meeting (&commune, "2025-06-12");
    g_autofree char *message = NULL;

    isaf_record_set_integer (g_ptr_array_index (meeting->priorities, 1), "votes", -1);
    message = save_refused (fixture, meeting, ISAF_VALIDATION_ERROR,
                            ISAF_VALIDATION_ERROR_NEGATIVE);
    g_assert_nonnull (strstr (message, "ដំឡើងភ្លើងបំភ្លឺផ្លូវទៅសាលាឃុំ"));
  }

  /* The indicator a priority answers is one of the year's scorecards, of its own unit. */
  {
    g_autoptr(IsafInterfaceMeeting) meeting = new_meeting (&commune, "2025-06-12");
    g_autofree char *message = NULL;

    isaf_record_set_reference (g_ptr_array_index (meeting->priorities, 0),
                               "scorecard_indicator_id", &commune.welcome_last_year);
    message = save_refused (fixture, meeting, ISAF_INTERFACE_ERROR,
                            ISAF_INTERFACE_ERROR_NO_UNIT);
    g_assert_nonnull (strstr (message, EXPLAIN_FEES));
  }

  {
    g_autoptr(IsafInterfaceMeeting) meeting = new_meeting (&commune, "2025-06-12");
    g_autofree char *message = NULL;

    isaf_record_set_reference (g_ptr_array_index (meeting->priorities, 2),
                               "scorecard_indicator_id", &commune.welcome_phnum);
    message = save_refused (fixture, meeting, ISAF_INTERFACE_ERROR,
                            ISAF_INTERFACE_ERROR_NO_UNIT);
  }

  /* A meeting not yet held, in a year with no cycle: not even the cycle is made. */
  {
    g_autoptr(IsafInterfaceMeeting) meeting = new_meeting (&commune, tomorrow_text);
    g_autofree char *message = NULL;

    meeting->year = g_date_time_get_year (tomorrow);
    g_ptr_array_set_size (meeting->priorities, 0);
    message = save_refused (fixture, meeting, ISAF_VALIDATION_ERROR,
                            ISAF_VALIDATION_ERROR_IN_FUTURE);
    g_assert_nonnull (strstr (message, tomorrow_text));
  }

  {
    g_autoptr(IsafInterfaceMeeting) meeting = new_meeting (&commune, "2025-02-30");
    g_autofree char *message = NULL;

    message = save_refused (fixture, meeting, ISAF_VALIDATION_ERROR,
                            ISAF_VALIDATION_ERROR_INVALID_DATE);
  }

  {
    g_autoptr(IsafInterfaceMeeting) meeting = new_meeting (&commune, "2025-06-12");
    g_autofree char *message = NULL;

    isaf_record_set_null (meeting->record, "held_on");
    message = save_refused (fixture, meeting, ISAF_VALIDATION_ERROR,
                            ISAF_VALIDATION_ERROR_REQUIRED);
  }

  /* A unit deleted from the registry since it was chosen. */
  {
    g_autoptr(IsafInterfaceMeeting) meeting = new_meeting (&commune, "2025-06-12");
    g_autofree char *message = NULL;

    g_array_append_val (meeting->units, commune.school);
    g_assert_true (isaf_store_delete (fixture->store, "service_unit", &commune.school, NULL,
                                      NULL));
    message = save_refused (fixture, meeting, ISAF_INTERFACE_ERROR,
                            ISAF_INTERFACE_ERROR_NO_UNIT);
  }

  /* The same meeting without the rule it broke is saved. */
  {
    g_autoptr(IsafInterfaceMeeting) meeting = new_meeting (&commune, "2025-06-12");

    save (fixture, meeting);
  }
}

/* JAAP ----------------------------------------------------------------------------------- */

static void
add_action (IsafTestFixture *fixture,
            const IsafUuid  *cycle,
            const char      *group,
            int              position)
{
  g_autoptr(IsafRecord) action = isaf_record_new ("jaap_action");

  isaf_record_set_reference (action, "cycle_id", cycle);
  isaf_record_set_text (action, "action_group", group);
  isaf_record_set_integer (action, "position", position);
  isaf_record_set_text (action, "activity", "សកម្មភាពមុន");
  isaf_record_set_text (action, "status", "ongoing");
  isaf_test_save (fixture->store, action, NULL);
}

static void
make_refused (IsafTestFixture *fixture,
              const IsafUuid  *meeting_id,
              const char      *group,
              GQuark           domain,
              int              code)
{
  g_autofree char *before = dup_state (fixture);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  guint n_created = 99;

  g_assert_false (isaf_interface_make_jaap_actions (fixture->store, meeting_id, group,
                                                    &n_created, &error));
  g_assert_error (error, domain, code);
  g_assert_cmpuint (n_created, ==, 0);
  after = dup_state (fixture);
  g_assert_cmpstr (after, ==, before);
  g_test_message ("Refused: %s", error->message);
}

/* The one live action drafted from @priority, with every link and field as drafted. */
static void
assert_action (IsafTestFixture *fixture,
               IsafRecord      *priority,
               const char      *group,
               int              position)
{
  const IsafUuid *priority_id = isaf_record_get_id (priority);
  g_autofree char *sql = NULL;

  g_assert_cmpint (query_id (fixture, "SELECT count(*) FROM jaap_action "
                                      "WHERE priority_id = ?1 AND deleted = 0", priority_id),
                   ==, 1);
  /* Of the meeting's cycle, for the priority's unit and indicator (or none), its text. */
  sql = g_strdup_printf ("SELECT count(*) FROM jaap_action a "
                         "JOIN interface_priority p ON p.id = a.priority_id "
                         "JOIN interface_meeting m ON m.id = p.meeting_id "
                         "WHERE a.priority_id = ?1 AND a.deleted = 0 "
                         "AND a.cycle_id = m.cycle_id AND a.action_group = '%s' "
                         "AND a.status = 'not_started' AND a.activity = p.text "
                         "AND a.service_unit_id = p.service_unit_id "
                         "AND a.scorecard_indicator_id IS p.scorecard_indicator_id "
                         "AND a.parent_id IS NULL AND a.position = %d",
                         group, position);
  g_assert_cmpint (query_id (fixture, sql, priority_id), ==, 1);
}

/* The id of the live action drafted from @priority. */
static IsafUuid
action_of (IsafTestFixture *fixture,
           IsafRecord      *priority)
{
  sqlite3 *conn = isaf_test_sqlite_open (fixture->path, SQLITE_OPEN_READONLY);
  sqlite3_stmt *stmt = NULL;
  IsafUuid id;

  g_assert_cmpint (sqlite3_prepare_v2 (conn, "SELECT id FROM jaap_action "
                                             "WHERE priority_id = ?1 AND deleted = 0",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_blob (stmt, 1, isaf_record_get_id (priority)->bytes, 16, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  memcpy (id.bytes, sqlite3_column_blob (stmt, 0), 16);
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
  return id;
}

static void
test_jaap_actions (IsafTestFixture *fixture,
                   gconstpointer    data)
{
  Commune commune;
  g_autoptr(IsafInterfaceMeeting) meeting = NULL;
  g_autoptr(IsafInterfaceMeeting) unselected = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const IsafUuid *meeting_id;
  IsafUuid last_year, stranger, deleted;
  guint n_created = 0;
  gint64 seq;

  fill_commune (fixture, &commune);
  /* The plan so far: group ក up to position 2 in this cycle; the other group and other
   * cycles do not count. */
  add_action (fixture, &commune.cycle, "ka", 1);
  add_action (fixture, &commune.cycle, "ka", 2);
  add_action (fixture, &commune.cycle, "kha", 9);
  add_cycle (fixture, YEAR - 2, &last_year);
  add_action (fixture, &last_year, "ka", 20);

  meeting = new_meeting (&commune, "2025-06-12");
  save (fixture, meeting);
  meeting_id = isaf_record_get_id (meeting->record);
  g_assert_true (isaf_uuid_equal (isaf_record_get_reference (meeting->record, "cycle_id"),
                                  &commune.cycle));

  seq = query (fixture, "SELECT max (seq) FROM sync_outbox");
  g_assert_true (isaf_interface_make_jaap_actions (fixture->store, meeting_id, "ka", &n_created,
                                                   &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_created, ==, 3);
  g_assert_cmpint (changes_since (fixture, "count (DISTINCT txid)", seq), ==, 1);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM jaap_action "
                                   "WHERE priority_id IS NOT NULL"), ==, 3);

  /* Most votes first, after the last of group ក: 31 votes, 25, 12. The unselected priority
   * has none. */
  assert_action (fixture, g_ptr_array_index (meeting->priorities, 0), "ka", 3);
  assert_action (fixture, g_ptr_array_index (meeting->priorities, 2), "ka", 4);
  assert_action (fixture, g_ptr_array_index (meeting->priorities, 1), "ka", 5);
  g_assert_cmpint (query_id (fixture, "SELECT count(*) FROM jaap_action WHERE priority_id = ?1",
                             isaf_record_get_id (g_ptr_array_index (meeting->priorities, 3))),
                   ==, 0);

  /* Twice is once. */
  before = dup_state (fixture);
  g_assert_true (isaf_interface_make_jaap_actions (fixture->store, meeting_id, "ka", &n_created,
                                                   &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_created, ==, 0);
  after = dup_state (fixture);
  g_assert_cmpstr (after, ==, before);

  /* An action deleted from the plan is drafted again, in the group asked, at its end. */
  deleted = action_of (fixture, g_ptr_array_index (meeting->priorities, 0));
  g_assert_true (isaf_store_delete (fixture->store, "jaap_action", &deleted, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (isaf_interface_make_jaap_actions (fixture->store, meeting_id, "kha", &n_created,
                                                   &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_created, ==, 1);
  assert_action (fixture, g_ptr_array_index (meeting->priorities, 0), "kha", 10);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM jaap_action "
                                   "WHERE priority_id IS NOT NULL AND deleted = 0"), ==, 3);

  /* Refusals: a group that is neither ក nor ខ, a meeting with nothing selected, a meeting
   * that is not recorded. */
  make_refused (fixture, meeting_id, "kho", ISAF_VALIDATION_ERROR,
                ISAF_VALIDATION_ERROR_INVALID_CHOICE);
  make_refused (fixture, meeting_id, NULL, ISAF_VALIDATION_ERROR,
                ISAF_VALIDATION_ERROR_INVALID_CHOICE);

  unselected = new_meeting (&commune, "2025-06-13");
  for (guint i = 0; i < unselected->priorities->len; i++)
    isaf_record_set_boolean (g_ptr_array_index (unselected->priorities, i), "is_selected",
                             FALSE);
  save (fixture, unselected);
  make_refused (fixture, isaf_record_get_id (unselected->record), "kha", ISAF_INTERFACE_ERROR,
                ISAF_INTERFACE_ERROR_NOTHING_SELECTED);

  isaf_uuid_v7 (&stranger);
  make_refused (fixture, &stranger, "ka", ISAF_DATABASE_ERROR,
                ISAF_DATABASE_ERROR_NOT_FOUND_ROW);
}

/* The demo --------------------------------------------------------------------------------- */

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The votes that count, for the demo: it has no tallies (the test checks). */
static const char demo_votes_sql[] =
  "SELECT v.score FROM scorecard_vote v "
  "JOIN scorecard_participant p ON p.id = v.participant_id "
  "JOIN scorecard_indicator i ON i.id = v.scorecard_indicator_id "
  "JOIN scorecard s ON s.id = i.scorecard_id "
  "JOIN cycle c ON c.id = s.cycle_id "
  "WHERE s.service_unit_id = ?1 AND i.indicator_code = ?2 AND c.year = ?3 "
  "AND s.kind = ?4 AND i.is_selected = 1 AND p.is_anonymous = 0 "
  "AND v.deleted = 0 AND s.deleted = 0";

/* The median of the votes on indicator @code of @unit's scorecards of @kind, computed here
 * from the list of them. */
static gboolean
median_by_sql (const char     *path,
               const IsafUuid *unit,
               const char     *code,
               const char     *kind,
               double         *median)
{
  sqlite3 *conn = isaf_test_sqlite_open (path, SQLITE_OPEN_READONLY);
  g_autoptr(GArray) scores = g_array_new (FALSE, FALSE, sizeof (double));
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (conn, demo_votes_sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_blob (stmt, 1, unit->bytes, 16, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, code, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, YEAR);
  sqlite3_bind_text (stmt, 4, kind, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      double score = sqlite3_column_int (stmt, 0);

      g_array_append_val (scores, score);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (conn);

  if (scores->len == 0)
    return FALSE;
  g_array_sort (scores, compare_doubles);
  if (scores->len % 2 == 1)
    *median = g_array_index (scores, double, scores->len / 2);
  else
    *median = (g_array_index (scores, double, scores->len / 2 - 1)
               + g_array_index (scores, double, scores->len / 2)) / 2;
  return TRUE;
}

static void
test_demo (IsafTestFixture *fixture,
           gconstpointer    data)
{
  IsafDemoOptions options = { .commune_code = ISAF_TEST_COMMUNE, .years = 1, .seed = 3,
                              .last_year = YEAR };
  g_autoptr(IsafInterfaceMeeting) meeting = NULL;
  g_autoptr(GPtrArray) comparisons = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  IsafInterfaceComparison *checked = NULL;
  IsafUuid office;
  guint n_created = 99;
  double median = -1;

  /* The demo wants a database of its own. */
  isaf_test_fixture_close (fixture);
  isaf_test_remove_tree (fixture->path);
  fixture->database = isaf_database_open (fixture->path, ISAF_DATABASE_OPEN_CREATE_NEW, &error);
  g_assert_no_error (error);
  g_assert_true (isaf_demo_generate (fixture->database, &options, &error));
  g_assert_no_error (error);
  fixture->store = isaf_store_new (fixture->database);

  /* The demo's meeting covered every unit, with one to three priorities each. */
  meeting = list_one (fixture);
  g_assert_cmpuint (meeting->units->len, ==,
                    query (fixture, "SELECT count(*) FROM service_unit WHERE deleted = 0"));
  g_assert_cmpint (meeting->attendance[ISAF_INTERFACE_CITIZEN_WOMEN], >=, 15);
  g_assert_cmpint (meeting->attendance[ISAF_INTERFACE_OTHER], ==, ISAF_ATTENDANCE_NOT_COUNTED);
  g_assert_cmpuint (meeting->priorities->len, >=, meeting->units->len);

  /* Every unit has at least five selected indicators. */
  comparisons = isaf_interface_compare (fixture->database, YEAR, meeting->units, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (comparisons->len, >=, meeting->units->len * 5);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM scorecard_vote_tally"), ==, 0);

  /* The commune office's scorecards were held in every village: its first standard indicator
   * that citizens scored, checked against the votes counted here in SQL. */
  {
    sqlite3 *conn = isaf_test_sqlite_open (fixture->path, SQLITE_OPEN_READONLY);
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (conn, "SELECT id FROM service_unit "
                                               "WHERE kind = 'commune_office'",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    memcpy (office.bytes, sqlite3_column_blob (stmt, 0), 16);
    sqlite3_finalize (stmt);
    sqlite3_close (conn);
  }
  for (guint i = 0; i < comparisons->len && checked == NULL; i++)
    {
      IsafInterfaceComparison *row = g_ptr_array_index (comparisons, i);

      if (isaf_uuid_equal (&row->unit_id, &office) && row->indicator_code != NULL
          && row->has_citizen_median)
        checked = row;
    }
  g_assert_nonnull (checked);
  g_test_message ("%s: citizens %g, provider %g", checked->indicator_code,
                  checked->citizen_median, checked->provider_median);
  g_assert_true (median_by_sql (fixture->path, &office, checked->indicator_code, "csc",
                                &median));
  g_assert_cmpfloat (checked->citizen_median, ==, median);
  g_assert_cmpint (median_by_sql (fixture->path, &office, checked->indicator_code, "ssa",
                                  &median),
                   ==, checked->has_provider_median);
  if (checked->has_provider_median)
    g_assert_cmpfloat (checked->provider_median, ==, median);
  g_assert_cmpuint (checked->suggestions->len, >=, 1);

  /* The demo's plan already has an action for each selected priority: none is added. */
  before = dup_state (fixture);
  g_assert_true (isaf_interface_make_jaap_actions (fixture->store,
                                                   isaf_record_get_id (meeting->record), "kha",
                                                   &n_created, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_created, ==, 0);
  after = dup_state (fixture);
  g_assert_cmpstr (after, ==, before);
}

/* The interface's way: nothing blocks, the answers come back on the main context. */
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
  Commune commune;
  g_autoptr(IsafInterfaceMeeting) meeting = NULL;
  g_autoptr(IsafInterfaceMeeting) bad = NULL;
  g_autoptr(GPtrArray) comparisons = NULL;
  g_autoptr(GPtrArray) meetings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GAsyncResult *result = NULL;
  IsafInterfaceMeeting *listed;
  guint n_created = 99;

  fill_commune (fixture, &commune);
  meeting = new_meeting (&commune, "2025-06-12");
  isaf_interface_meeting_save_async (fixture->store, meeting, NULL, on_async_cb, &result);
  g_assert_true (isaf_interface_meeting_save_finish (fixture->store, wait_for_result (&result),
                                                     &error));
  g_assert_no_error (error);
  g_assert_true (isaf_record_is_stored (meeting->record));
  g_assert_true (isaf_record_is_stored (g_ptr_array_index (meeting->priorities, 0)));
  g_clear_object (&result);

  bad = new_meeting (&commune, "2025-06-12");
  g_array_set_size (bad->units, 1);
  isaf_interface_meeting_save_async (fixture->store, bad, NULL, on_async_cb, &result);
  g_assert_false (isaf_interface_meeting_save_finish (fixture->store, wait_for_result (&result),
                                                      &error));
  g_assert_error (error, ISAF_INTERFACE_ERROR, ISAF_INTERFACE_ERROR_UNIT_NOT_COVERED);
  g_clear_error (&error);
  g_clear_object (&result);

  isaf_interface_compare_async (fixture->store, YEAR, meeting->units, NULL, on_async_cb,
                                &result);
  /* The caller's array may change at once: the comparison read its own copy. */
  g_array_set_size (meeting->units, 0);
  comparisons = isaf_interface_compare_finish (fixture->store, wait_for_result (&result),
                                               &error);
  g_assert_no_error (error);
  g_assert_cmpuint (comparisons->len, ==, 5);
  g_clear_object (&result);

  /* Listed as saved, the refused meeting not at all; the units as stored, not as the array
   * emptied above. */
  isaf_interface_meeting_list_async (fixture->store, YEAR, NULL, on_async_cb, &result);
  meetings = isaf_interface_meeting_list_finish (fixture->store, wait_for_result (&result),
                                                 &error);
  g_assert_no_error (error);
  g_assert_cmpuint (meetings->len, ==, 1);
  listed = g_ptr_array_index (meetings, 0);
  g_assert_true (isaf_uuid_equal (isaf_record_get_id (listed->record),
                                  isaf_record_get_id (meeting->record)));
  g_assert_cmpuint (listed->units->len, ==, 2);
  g_assert_cmpuint (listed->priorities->len, ==, 4);
  g_assert_cmpint (listed->attendance[ISAF_INTERFACE_CITIZEN_WOMEN], ==, 24);
  g_clear_object (&result);

  /* The three selected priorities become actions; asked again, none more. */
  isaf_interface_make_jaap_actions_async (fixture->store, isaf_record_get_id (meeting->record),
                                          "kha", NULL, on_async_cb, &result);
  g_assert_true (isaf_interface_make_jaap_actions_finish (fixture->store,
                                                          wait_for_result (&result), &n_created,
                                                          &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_created, ==, 3);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM jaap_action "
                                   "WHERE action_group = 'kha' AND priority_id IS NOT NULL"),
                   ==, 3);
  assert_action (fixture, g_ptr_array_index (meeting->priorities, 0), "kha", 1);
  g_clear_object (&result);

  before = dup_state (fixture);
  isaf_interface_make_jaap_actions_async (fixture->store, isaf_record_get_id (meeting->record),
                                          "kha", NULL, on_async_cb, &result);
  g_assert_true (isaf_interface_make_jaap_actions_finish (fixture->store,
                                                          wait_for_result (&result), &n_created,
                                                          &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_created, ==, 0);
  g_clear_object (&result);

  /* A group that is neither ក nor ខ is refused before anything runs. */
  n_created = 99;
  isaf_interface_make_jaap_actions_async (fixture->store, isaf_record_get_id (meeting->record),
                                          "kho", NULL, on_async_cb, &result);
  g_assert_false (isaf_interface_make_jaap_actions_finish (fixture->store,
                                                           wait_for_result (&result),
                                                           &n_created, &error));
  g_assert_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_INVALID_CHOICE);
  g_assert_cmpuint (n_created, ==, 0);
  g_clear_error (&error);
  g_clear_object (&result);
  after = dup_state (fixture);
  g_assert_cmpstr (after, ==, before);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, IsafTestFixture, NULL, isaf_test_fixture_setup_store, func, \
              isaf_test_fixture_teardown)

  ADD ("/interface-meeting/compare", test_compare);
  ADD ("/interface-meeting/save-and-list", test_save_and_list);
  ADD ("/interface-meeting/new-cycle", test_new_cycle);
  ADD ("/interface-meeting/refusals", test_refusals);
  ADD ("/interface-meeting/jaap-actions", test_jaap_actions);
  ADD ("/interface-meeting/demo", test_demo);
  ADD ("/interface-meeting/async", test_async);

#undef ADD

  return g_test_run ();
}
