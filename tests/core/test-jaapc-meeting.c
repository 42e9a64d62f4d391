/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "isaf-demo.h"
#include "isaf-error.h"
#include "isaf-jaapc-meeting.h"
#include "isaf-test-helpers.h"

/* The JAAP Committee's monthly meetings on real databases of Banteay Neang (010201): who was
 * present, the progress of each action and what it does to the action's status and history;
 * every rule refused with its own message and nothing written; the demo's meetings against
 * SQL. */

#define YEAR 2025

typedef struct {
  IsafUuid chair;
  IsafUuid member;
  IsafUuid left_early;
  IsafUuid joined_late;
  IsafUuid well;
  IsafUuid poster;
  IsafUuid last_year;
} Committee;

static gint64
query (IsafTestFixture *fixture,
       const char      *sql)
{
  return isaf_test_run_query_int (fixture->database, sql);
}

static IsafUuid
add_member (IsafTestFixture *fixture,
            const char      *name,
            const char      *sex,
            const char      *joined_on,
            const char      *left_on)
{
  g_autoptr(IsafRecord) member = isaf_record_new ("jaapc_member");

  isaf_record_set_text (member, "name_km", name);
  isaf_record_set_text (member, "sex", sex);
  isaf_record_set_text (member, "role", "member");
  if (joined_on)
    isaf_record_set_text (member, "joined_on", joined_on);
  if (left_on)
    isaf_record_set_text (member, "left_on", left_on);
  isaf_test_save (fixture->store, member, NULL);
  return *isaf_record_get_id (member);
}

static IsafUuid
add_action (IsafTestFixture *fixture,
            int              year,
            const char      *activity)
{
  g_autoptr(IsafRecord) action = isaf_record_new ("jaap_action");
  g_autoptr(GError) error = NULL;

  isaf_record_set_text (action, "action_group", "kha");
  isaf_record_set_text (action, "activity", activity);
  isaf_record_set_text (action, "status", "not_started");
  g_assert_true (isaf_jaap_action_save (fixture->store, year, action, "2025-07-01", NULL, &error));
  g_assert_no_error (error);
  return *isaf_record_get_id (action);
}

static void
set_up_committee (IsafTestFixture *fixture,
                  Committee       *committee)
{
  committee->chair = add_member (fixture, "សុខ ចាន់ថា", "f", "2020-01-01", NULL);
  committee->member = add_member (fixture, "កែវ សុផល", "m", NULL, "2026-06-30");
  committee->left_early = add_member (fixture, "ម៉ៅ សារ៉ុន", "m", "2019-01-01", "2025-06-30");
  committee->joined_late = add_member (fixture, "ចាន់ ស្រីមុំ", "f", "2025-10-01", NULL);
  committee->well = add_action (fixture, YEAR, "ជីកអណ្ដូង");
  committee->poster = add_action (fixture, YEAR, "បិទផ្សាយតម្លៃសេវា");
  committee->last_year = add_action (fixture, YEAR - 1, "សកម្មភាពឆ្នាំមុន");
}

static IsafJaapcMeeting *
new_meeting (const char *held_on)
{
  IsafJaapcMeeting *meeting = isaf_jaapc_meeting_new (YEAR, NULL);

  isaf_record_set_text (meeting->record, "held_on", held_on);
  isaf_record_set_text (meeting->record, "place", "សាលាឃុំ");
  return meeting;
}

static void
set_progress (IsafJaapcMeeting *meeting,
              const IsafUuid   *action,
              const char       *status,
              const char       *note,
              gint64            spent)
{
  IsafRecord *progress = isaf_jaapc_meeting_set_progress (meeting, action);

  isaf_record_set_text (progress, "status", status);
  if (note)
    isaf_record_set_text (progress, "note", note);
  isaf_record_set_integer (progress, "cost_spent_riel", spent);
}

static void
save (IsafTestFixture  *fixture,
      IsafJaapcMeeting *meeting)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (isaf_jaapc_meeting_save (fixture->store, meeting, &error));
  g_assert_no_error (error);
}

/* Refused with @code of @domain, and nothing at all written. */
static void
save_refused (IsafTestFixture  *fixture,
              IsafJaapcMeeting *meeting,
              GQuark            domain,
              int               code)
{
  g_autoptr(GHashTable) before = isaf_test_dump_file (fixture->path);
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (isaf_jaapc_meeting_save (fixture->store, meeting, &error));
  g_assert_error (error, domain, code);
  g_test_message ("Refused: %s", error->message);
  after = isaf_test_dump_file (fixture->path);
  isaf_test_assert_dumps_equal (before, after);
}

static IsafRecord *
read_action (IsafTestFixture *fixture,
             const IsafUuid  *id)
{
  g_autoptr(GError) error = NULL;
  IsafRecord *action = isaf_store_get (fixture->store, "jaap_action", id, &error);

  g_assert_no_error (error);
  return action;
}

static GPtrArray *
list (IsafTestFixture *fixture,
      int              year)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *meetings = isaf_jaapc_meeting_list (fixture->store, year, &error);

  g_assert_no_error (error);
  g_assert_nonnull (meetings);
  return meetings;
}

static void
test_save_and_list (IsafTestFixture *fixture,
                    gconstpointer    data)
{
  Committee committee;
  g_autoptr(IsafJaapcMeeting) meeting = new_meeting ("2025-09-25");
  g_autoptr(GPtrArray) meetings = NULL;
  g_autoptr(IsafRecord) well = NULL;
  g_autoptr(IsafRecord) poster = NULL;
  g_autoptr(IsafJaap) jaap = NULL;
  g_autoptr(GError) error = NULL;
  IsafJaapcMeeting *listed;
  IsafRecord *change;

  set_up_committee (fixture, &committee);
  g_array_append_val (meeting->members, committee.chair);
  g_array_append_val (meeting->members, committee.member);
  isaf_record_set_text (meeting->record, "decisions", "ជំរុញការជីកអណ្ដូង");
  set_progress (meeting, &committee.well, "ongoing", "ជីកបាន ៥ ម៉ែត្រ", 1500000);
  set_progress (meeting, &committee.poster, "completed", NULL, 80000);
  save (fixture, meeting);

  /* The progress became the actions' statuses, dated the day of the meeting. */
  well = read_action (fixture, &committee.well);
  poster = read_action (fixture, &committee.poster);
  g_assert_cmpstr (isaf_record_get_text (well, "status"), ==, "ongoing");
  g_assert_true (isaf_record_is_null (well, "actual_cost_riel"));
  g_assert_cmpstr (isaf_record_get_text (poster, "status"), ==, "completed");
  /* Completed with no actual cost yet: what was spent is what it cost. */
  g_assert_cmpint (isaf_record_get_integer (poster, "actual_cost_riel"), ==, 80000);

  jaap = isaf_jaap_load (fixture->store, YEAR, &error);
  g_assert_no_error (error);
  change = g_ptr_array_index (isaf_jaap_find (jaap, &committee.well)->history, 0);
  g_assert_cmpstr (isaf_record_get_text (change, "changed_on"), ==, "2025-09-25");
  g_assert_cmpstr (isaf_record_get_text (change, "note"), ==, "ជីកបាន ៥ ម៉ែត្រ");
  g_assert_cmpstr (isaf_jaap_find (jaap, &committee.well)->last_progress_on, ==, "2025-09-25");

  meetings = list (fixture, YEAR);
  g_assert_cmpuint (meetings->len, ==, 1);
  listed = g_ptr_array_index (meetings, 0);
  g_assert_cmpuint (listed->members->len, ==, 2);
  g_assert_cmpuint (listed->progress->len, ==, 2);
  g_assert_cmpstr (isaf_record_get_text (listed->record, "decisions"), ==, "ជំរុញការជីកអណ្ដូង");
  g_assert_cmpint (isaf_record_get_integer (isaf_jaapc_meeting_get_progress (listed, &committee.well),
                                            "cost_spent_riel"), ==, 1500000);
  {
    g_autoptr(GPtrArray) last_year = list (fixture, YEAR - 1);

    g_assert_cmpuint (last_year->len, ==, 0);
  }

  /* Saved again with one member and one action fewer: those rows are deleted, and saving the
   * same status again adds nothing to the history. */
  g_array_remove_index (listed->members, 1);
  g_ptr_array_remove (listed->progress, isaf_jaapc_meeting_get_progress (listed, &committee.poster));
  save (fixture, listed);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM jaapc_attendance WHERE deleted = 0"), ==, 1);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM jaap_progress WHERE deleted = 0"), ==, 1);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM jaap_status_change"), ==, 2);
}

static void
test_later_status_wins (IsafTestFixture *fixture,
                        gconstpointer    data)
{
  Committee committee;
  g_autoptr(IsafJaapcMeeting) late_entry = new_meeting ("2025-09-25");
  g_autoptr(IsafRecord) well = NULL;
  g_autoptr(IsafRecord) after = NULL;
  g_autoptr(GError) error = NULL;

  set_up_committee (fixture, &committee);
  well = read_action (fixture, &committee.well);
  isaf_record_set_text (well, "status", "completed");
  g_assert_true (isaf_jaap_action_save (fixture->store, YEAR, well, "2025-10-10", NULL, &error));
  g_assert_no_error (error);

  /* September's meeting, typed in after October's change, keeps its progress but does not
   * turn the action back. */
  set_progress (late_entry, &committee.well, "ongoing", NULL, 100);
  save (fixture, late_entry);
  after = read_action (fixture, &committee.well);
  g_assert_cmpstr (isaf_record_get_text (after, "status"), ==, "completed");
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM jaap_status_change"), ==, 1);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM jaap_progress"), ==, 1);
}

static void
test_refusals (IsafTestFixture *fixture,
               gconstpointer    data)
{
  Committee committee;

  set_up_committee (fixture, &committee);

  {
    g_autoptr(IsafJaapcMeeting) meeting = new_meeting ("2025-09-25");

    set_progress (meeting, &committee.well, "ongoing", NULL, 0);
    set_progress (meeting, &committee.last_year, "ongoing", NULL, 0);
    save_refused (fixture, meeting, ISAF_JAAP_ERROR, ISAF_JAAP_ERROR_OTHER_YEAR);
  }
  {
    g_autoptr(IsafJaapcMeeting) meeting = new_meeting ("2025-09-25");

    g_array_append_val (meeting->members, committee.chair);
    g_array_append_val (meeting->members, committee.left_early);
    save_refused (fixture, meeting, ISAF_JAAP_ERROR, ISAF_JAAP_ERROR_NOT_MEMBER);
  }
  {
    g_autoptr(IsafJaapcMeeting) meeting = new_meeting ("2025-09-25");

    g_array_append_val (meeting->members, committee.joined_late);
    save_refused (fixture, meeting, ISAF_JAAP_ERROR, ISAF_JAAP_ERROR_NOT_MEMBER);
  }
  {
    /* Someone who is a CAF, not a committee member: not in the register at all. */
    g_autoptr(IsafJaapcMeeting) meeting = new_meeting ("2025-09-25");
    g_autoptr(IsafRecord) caf = isaf_record_new ("caf");

    isaf_record_set_text (caf, "name_km", "ហេង សុខា");
    isaf_record_set_text (caf, "sex", "f");
    isaf_test_save (fixture->store, caf, NULL);
    g_array_append_val (meeting->members, *isaf_record_get_id (caf));
    save_refused (fixture, meeting, ISAF_JAAP_ERROR, ISAF_JAAP_ERROR_NOT_MEMBER);
  }
  {
    g_autoptr(IsafJaapcMeeting) meeting = new_meeting ("2025-09-25");

    set_progress (meeting, &committee.well, "ongoing", NULL, -1);
    save_refused (fixture, meeting, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_NEGATIVE);
  }
  {
    g_autoptr(IsafJaapcMeeting) meeting = new_meeting ("2099-01-25");

    save_refused (fixture, meeting, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_IN_FUTURE);
  }
  {
    g_autoptr(IsafJaapcMeeting) meeting = isaf_jaapc_meeting_new (YEAR, NULL);

    save_refused (fixture, meeting, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_REQUIRED);
  }
  {
    g_autoptr(IsafJaapcMeeting) meeting = new_meeting ("2025-09-25");
    g_autoptr(GError) error = NULL;

    g_assert_true (isaf_store_delete (fixture->store, "jaap_action", &committee.poster, NULL,
                                      &error));
    g_assert_no_error (error);
    set_progress (meeting, &committee.poster, "completed", NULL, 0);
    save_refused (fixture, meeting, ISAF_JAAP_ERROR, ISAF_JAAP_ERROR_NO_ACTION);
  }
}

static void
test_demo (IsafTestFixture *fixture,
           gconstpointer    data)
{
  IsafDemoOptions options = { .commune_code = ISAF_TEST_COMMUNE, .years = 2, .seed = 5,
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
      g_autoptr(GPtrArray) meetings = list (fixture, year);
      g_autofree char *meetings_sql = g_strdup_printf ("SELECT count(*) FROM jaapc_meeting m "
                                                       "JOIN cycle c ON c.id = m.cycle_id "
                                                       "WHERE c.year = %d AND m.deleted = 0",
                                                       year);
      g_autofree char *present_sql = g_strdup_printf ("SELECT count(*) FROM jaapc_attendance a "
                                                      "JOIN jaapc_meeting m ON m.id = a.meeting_id "
                                                      "JOIN cycle c ON c.id = m.cycle_id "
                                                      "WHERE c.year = %d AND a.deleted = 0",
                                                      year);
      g_autofree char *progress_sql = g_strdup_printf ("SELECT count(*) FROM jaap_progress p "
                                                       "JOIN jaapc_meeting m ON m.id = p.meeting_id "
                                                       "JOIN cycle c ON c.id = m.cycle_id "
                                                       "WHERE c.year = %d AND p.deleted = 0",
                                                       year);
      guint present = 0, progress = 0;

      g_assert_cmpint (meetings->len, ==, isaf_test_sqlite_int (conn, meetings_sql));
      g_assert_cmpuint (meetings->len, ==, 12);
      for (guint i = 0; i < meetings->len; i++)
        {
          IsafJaapcMeeting *meeting = g_ptr_array_index (meetings, i);

          present += meeting->members->len;
          progress += meeting->progress->len;
          if (i > 0)
            g_assert_cmpstr (isaf_record_get_text (((IsafJaapcMeeting *) g_ptr_array_index (meetings, i - 1))->record, "held_on"),
                             <, isaf_record_get_text (meeting->record, "held_on"));
        }
      g_assert_cmpint (present, ==, isaf_test_sqlite_int (conn, present_sql));
      g_assert_cmpint (progress, ==, isaf_test_sqlite_int (conn, progress_sql));
    }
  sqlite3_close (conn);
}

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  int *done = user_data;
  g_autoptr(GError) error = NULL;

  *done = isaf_jaapc_meeting_save_finish (ISAF_STORE (source), result, &error) ? 1 : -1;
  g_assert_no_error (error);
}

static void
on_listed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GPtrArray **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = isaf_jaapc_meeting_list_finish (ISAF_STORE (source), result, &error);
  g_assert_no_error (error);
}

static void
test_async (IsafTestFixture *fixture,
            gconstpointer    data)
{
  Committee committee;
  g_autoptr(IsafJaapcMeeting) meeting = new_meeting ("2025-08-25");
  g_autoptr(GPtrArray) meetings = NULL;
  int done = 0;

  set_up_committee (fixture, &committee);
  g_array_append_val (meeting->members, committee.chair);
  set_progress (meeting, &committee.poster, "ongoing", NULL, 0);
  isaf_jaapc_meeting_save_async (fixture->store, meeting, NULL, on_saved_cb, &done);
  while (done == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (done, ==, 1);
  g_assert_true (isaf_record_is_stored (meeting->record));

  isaf_jaapc_meeting_list_async (fixture->store, YEAR, NULL, on_listed_cb, &meetings);
  while (meetings == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (meetings->len, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, IsafTestFixture, NULL, isaf_test_fixture_setup_store, func, \
              isaf_test_fixture_teardown)

  ADD ("/jaapc-meeting/save-and-list", test_save_and_list);
  ADD ("/jaapc-meeting/later-status-wins", test_later_status_wins);
  ADD ("/jaapc-meeting/refusals", test_refusals);
  ADD ("/jaapc-meeting/demo", test_demo);
  ADD ("/jaapc-meeting/async", test_async);

#undef ADD

  return g_test_run ();
}
