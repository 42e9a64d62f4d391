/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "isaf-demo.h"
#include "isaf-error.h"
#include "isaf-jaap.h"
#include "isaf-test-helpers.h"

/* The JAAP on real databases of Banteay Neang (010201): a year's plan read back in the
 * template's order, numbered, with each action's status history; one action saved per user
 * action, its status changes kept; every rule refused with its own message and nothing
 * written; moving an action among its siblings; and the demo's plans against SQL. */

#define YEAR 2025

static gint64
query (IsafTestFixture *fixture,
       const char      *sql)
{
  return isaf_test_run_query_int (fixture->database, sql);
}

static IsafUuid
add_unit (IsafTestFixture *fixture,
          const char      *code,
          const char      *name)
{
  g_autoptr(IsafRecord) unit = isaf_record_new ("service_unit");

  isaf_record_set_text (unit, "kind", "health_centre");
  isaf_record_set_text (unit, "code", code);
  isaf_record_set_text (unit, "name_km", name);
  isaf_test_save (fixture->store, unit, NULL);
  return *isaf_record_get_id (unit);
}

static IsafRecord *
new_action (const char     *group,
            const IsafUuid *parent,
            const char     *activity)
{
  IsafRecord *action = isaf_record_new ("jaap_action");

  isaf_record_set_text (action, "action_group", group);
  if (parent)
    isaf_record_set_reference (action, "parent_id", parent);
  isaf_record_set_text (action, "activity", activity);
  isaf_record_set_text (action, "status", "not_started");
  return action;
}

static void
save (IsafTestFixture *fixture,
      int              year,
      IsafRecord      *action,
      const char      *changed_on,
      const char      *note)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (isaf_jaap_action_save (fixture->store, year, action, changed_on, note,
                                        &error));
  g_assert_no_error (error);
  g_assert_true (isaf_record_is_stored (action));
}

static IsafUuid
add_action (IsafTestFixture *fixture,
            int              year,
            const char      *group,
            const IsafUuid  *parent,
            const char      *activity)
{
  g_autoptr(IsafRecord) action = new_action (group, parent, activity);

  save (fixture, year, action, NULL, NULL);
  return *isaf_record_get_id (action);
}

static IsafRecord *
read_action (IsafTestFixture *fixture,
             const IsafUuid  *id)
{
  g_autoptr(GError) error = NULL;
  IsafRecord *action = isaf_store_get (fixture->store, "jaap_action", id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (action);
  return action;
}

/* Refused with @code of @domain, and nothing at all written. */
static void
save_refused (IsafTestFixture *fixture,
              int              year,
              IsafRecord      *action,
              GQuark           domain,
              int              code)
{
  g_autoptr(GHashTable) before = isaf_test_dump_file (fixture->path);
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GError) error = NULL;
  gboolean was_stored = isaf_record_is_stored (action);

  g_assert_false (isaf_jaap_action_save (fixture->store, year, action, NULL, NULL, &error));
  g_assert_error (error, domain, code);
  g_assert_true (isaf_record_is_stored (action) == was_stored);
  g_test_message ("Refused: %s", error->message);
  after = isaf_test_dump_file (fixture->path);
  isaf_test_assert_dumps_equal (before, after);
}

static IsafJaap *
load (IsafTestFixture *fixture,
      int              year)
{
  g_autoptr(GError) error = NULL;
  IsafJaap *jaap = isaf_jaap_load (fixture->store, year, &error);

  g_assert_no_error (error);
  g_assert_nonnull (jaap);
  return jaap;
}

/* The paths of the plan's entries, "ka:1 ka:1.1 kha:1", to compare orders at a glance. */
static char *
dup_outline (IsafJaap *jaap)
{
  GString *outline = g_string_new (NULL);

  for (guint i = 0; i < jaap->entries->len; i++)
    {
      IsafJaapEntry *entry = g_ptr_array_index (jaap->entries, i);

      g_string_append_printf (outline, "%s%s:%s=%s", i ? " " : "",
                              isaf_record_get_text (entry->action, "action_group"), entry->path,
                              isaf_record_get_text (entry->action, "activity"));
    }
  return g_string_free (outline, FALSE);
}

/* The plan -------------------------------------------------------------------------------- */

static void
test_tree_and_numbers (IsafTestFixture *fixture,
                       gconstpointer    data)
{
  IsafUuid unit = add_unit (fixture, "01020101-HC", "មណ្ឌលសុខភាពបន្ទាយនាង");
  IsafUuid well = add_action (fixture, YEAR, "ka", NULL, "well");
  IsafUuid road = add_action (fixture, YEAR, "ka", NULL, "road");
  g_autoptr(IsafRecord) heading = new_action ("kha", NULL, "by the health centre");
  IsafUuid heading_id, hours, poster;
  g_autoptr(IsafJaap) jaap = NULL;
  g_autoptr(IsafJaap) other_year = NULL;
  g_autofree char *outline = NULL;
  g_autofree char *khmer_path = NULL;
  IsafJaapEntry *entry;

  isaf_record_set_reference (heading, "service_unit_id", &unit);
  save (fixture, YEAR, heading, NULL, NULL);
  heading_id = *isaf_record_get_id (heading);
  hours = add_action (fixture, YEAR, "kha", &heading_id, "hours");
  poster = add_action (fixture, YEAR, "kha", &hours, "poster");
  add_action (fixture, YEAR, "kha", &heading_id, "fees");
  add_action (fixture, YEAR, "ka", &well, "pump");
  add_action (fixture, YEAR - 1, "ka", NULL, "last year");

  /* New actions go to the end of their siblings, each group numbered on its own. */
  jaap = load (fixture, YEAR);
  outline = dup_outline (jaap);
  g_assert_cmpstr (outline, ==,
                   "ka:1=well ka:1.1=pump ka:2=road "
                   "kha:1=by the health centre kha:1.1=hours kha:1.1.1=poster kha:1.2=fees");
  g_assert_true (jaap->has_cycle);

  entry = isaf_jaap_find (jaap, &poster);
  g_assert_cmpuint (entry->depth, ==, 3);
  g_assert_cmpuint (entry->number, ==, 1);
  khmer_path = isaf_jaap_entry_format_path (entry, ISAF_DIGITS_KHMER);
  g_assert_cmpstr (khmer_path, ==, "១.១.១");
  entry = isaf_jaap_find (jaap, &heading_id);
  g_assert_cmpuint (entry->n_children, ==, 2);
  g_assert_cmpstr (entry->unit_name_km, ==, "មណ្ឌលសុខភាពបន្ទាយនាង");
  g_assert_cmpstr (entry->unit_code, ==, "01020101-HC");
  g_assert_cmpuint (isaf_jaap_find (jaap, &road)->number, ==, 2);

  /* Each year has its own plan. */
  other_year = load (fixture, YEAR - 1);
  g_assert_cmpuint (other_year->entries->len, ==, 1);
  g_assert_cmpstr (isaf_jaap_group_letter ("ka"), ==, "ក");
  g_assert_cmpstr (isaf_jaap_group_letter ("kha"), ==, "ខ");
  g_assert_null (isaf_jaap_group_letter ("kho"));
}

static void
test_empty_year (IsafTestFixture *fixture,
                 gconstpointer    data)
{
  g_autoptr(IsafJaap) jaap = load (fixture, YEAR);

  g_assert_cmpuint (jaap->entries->len, ==, 0);
  g_assert_false (jaap->has_cycle);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM cycle"), ==, 0);
}

/* Statuses and their history --------------------------------------------------------------- */

static void
test_status_history (IsafTestFixture *fixture,
                     gconstpointer    data)
{
  g_autoptr(IsafRecord) action = new_action ("ka", NULL, "well");
  g_autoptr(IsafJaap) jaap = NULL;
  IsafJaapEntry *entry;
  IsafRecord *change;

  /* Made not started: nothing to remember yet. */
  save (fixture, YEAR, action, "2025-07-01", NULL);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM jaap_status_change"), ==, 0);

  /* Editing other fields leaves the history alone. */
  isaf_record_set_text (action, "location", "ភូមិអូរធំ");
  save (fixture, YEAR, action, "2025-07-02", NULL);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM jaap_status_change"), ==, 0);

  isaf_record_set_text (action, "status", "ongoing");
  save (fixture, YEAR, action, "2025-08-01", "ចាប់ផ្ដើមជីក");
  isaf_record_set_text (action, "status", "completed");
  isaf_record_set_integer (action, "actual_cost_riel", 4500000);
  save (fixture, YEAR, action, "2025-10-15", NULL);

  jaap = load (fixture, YEAR);
  entry = g_ptr_array_index (jaap->entries, 0);
  g_assert_cmpuint (entry->history->len, ==, 2);
  change = g_ptr_array_index (entry->history, 0);
  g_assert_cmpstr (isaf_record_get_text (change, "status"), ==, "ongoing");
  g_assert_cmpstr (isaf_record_get_text (change, "changed_on"), ==, "2025-08-01");
  g_assert_cmpstr (isaf_record_get_text (change, "note"), ==, "ចាប់ផ្ដើមជីក");
  change = g_ptr_array_index (entry->history, 1);
  g_assert_cmpstr (isaf_record_get_text (change, "status"), ==, "completed");
  g_assert_cmpstr (isaf_record_get_text (change, "changed_on"), ==, "2025-10-15");
  g_assert_true (isaf_record_is_null (change, "note"));
  g_assert_cmpint (isaf_jaap_entry_get_status (entry), ==, ISAF_JAAP_STATUS_COMPLETED);

  /* The history is rows like any other: they sync. */
  g_assert_cmpint (query (fixture, "SELECT count(DISTINCT id) FROM sync_outbox "
                                   "WHERE tbl = 'jaap_status_change'"), ==, 2);

  /* A new action that starts other than not started says so in its history. */
  {
    g_autoptr(IsafRecord) started = new_action ("kha", NULL, "already going");

    isaf_record_set_text (started, "status", "ongoing");
    save (fixture, YEAR, started, "2025-09-01", NULL);
    g_assert_cmpint (query (fixture, "SELECT count(*) FROM jaap_status_change"), ==, 3);
  }
}

static void
test_overdue (IsafTestFixture *fixture,
              gconstpointer    data)
{
  g_autoptr(IsafRecord) late = new_action ("ka", NULL, "late");
  g_autoptr(IsafRecord) done = new_action ("ka", NULL, "done");
  g_autoptr(IsafRecord) undated = new_action ("ka", NULL, "undated");
  g_autoptr(IsafJaap) jaap = NULL;

  isaf_record_set_text (late, "start_on", "2025-07-01");
  isaf_record_set_text (late, "end_on", "2025-09-30");
  isaf_record_set_text (late, "status", "ongoing");
  save (fixture, YEAR, late, NULL, NULL);
  isaf_record_set_text (done, "start_on", "2025-07-01");
  isaf_record_set_text (done, "end_on", "2025-09-30");
  isaf_record_set_text (done, "status", "completed");
  save (fixture, YEAR, done, NULL, NULL);
  save (fixture, YEAR, undated, NULL, NULL);

  jaap = load (fixture, YEAR);
  g_assert_true (isaf_jaap_entry_is_overdue (g_ptr_array_index (jaap->entries, 0), "2025-10-01"));
  /* On its last day it is not late yet. */
  g_assert_false (isaf_jaap_entry_is_overdue (g_ptr_array_index (jaap->entries, 0), "2025-09-30"));
  g_assert_false (isaf_jaap_entry_is_overdue (g_ptr_array_index (jaap->entries, 1), "2025-10-01"));
  g_assert_false (isaf_jaap_entry_is_overdue (g_ptr_array_index (jaap->entries, 2), "2030-01-01"));
}

/* Rules ------------------------------------------------------------------------------------ */

static void
test_refusals (IsafTestFixture *fixture,
               gconstpointer    data)
{
  IsafUuid unit = add_unit (fixture, "01020101-HC", "មណ្ឌលសុខភាព");
  IsafUuid top = add_action (fixture, YEAR, "kha", NULL, "top");
  IsafUuid middle = add_action (fixture, YEAR, "kha", &top, "middle");
  IsafUuid bottom = add_action (fixture, YEAR, "kha", &middle, "bottom");
  IsafUuid other_top = add_action (fixture, YEAR, "kha", NULL, "other top");
  IsafUuid other_child = add_action (fixture, YEAR, "kha", &other_top, "other child");
  IsafUuid ka_action = add_action (fixture, YEAR, "ka", NULL, "in ka");
  IsafUuid last_year = add_action (fixture, YEAR - 1, "kha", NULL, "last year");

  /* The action's own fields. */
  {
    g_autoptr(IsafRecord) action = new_action ("ka", NULL, "dates");

    isaf_record_set_text (action, "start_on", "2025-09-01");
    isaf_record_set_text (action, "end_on", "2025-08-31");
    save_refused (fixture, YEAR, action, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_DATE_ORDER);
  }
  {
    g_autoptr(IsafRecord) action = new_action ("ka", NULL, "beneficiaries");

    isaf_record_set_integer (action, "beneficiaries_total", 100);
    isaf_record_set_integer (action, "beneficiaries_female", 101);
    save_refused (fixture, YEAR, action, ISAF_VALIDATION_ERROR,
                  ISAF_VALIDATION_ERROR_PART_EXCEEDS_TOTAL);
  }
  {
    g_autoptr(IsafRecord) action = new_action ("ka", NULL, "estimated");

    isaf_record_set_integer (action, "estimated_cost_riel", -1);
    save_refused (fixture, YEAR, action, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_NEGATIVE);
  }
  {
    g_autoptr(IsafRecord) action = new_action ("ka", NULL, "actual");

    isaf_record_set_integer (action, "actual_cost_riel", -250000);
    save_refused (fixture, YEAR, action, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_NEGATIVE);
  }
  {
    g_autoptr(IsafRecord) action = new_action ("ka", NULL, "");

    save_refused (fixture, YEAR, action, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_REQUIRED);
  }

  /* The tree: a fourth level, directly or by moving a branch under another. */
  {
    g_autoptr(IsafRecord) action = new_action ("kha", &bottom, "fourth");

    save_refused (fixture, YEAR, action, ISAF_JAAP_ERROR, ISAF_JAAP_ERROR_TOO_DEEP);
  }
  {
    g_autoptr(IsafRecord) branch = read_action (fixture, &other_top);

    isaf_record_set_reference (branch, "parent_id", &middle);
    save_refused (fixture, YEAR, branch, ISAF_JAAP_ERROR, ISAF_JAAP_ERROR_TOO_DEEP);
  }
  {
    g_autoptr(IsafRecord) action = new_action ("ka", &top, "other group");

    save_refused (fixture, YEAR, action, ISAF_JAAP_ERROR, ISAF_JAAP_ERROR_OTHER_GROUP);
  }
  {
    g_autoptr(IsafRecord) action = new_action ("kha", &last_year, "other year");

    save_refused (fixture, YEAR, action, ISAF_JAAP_ERROR, ISAF_JAAP_ERROR_NO_PARENT);
  }
  {
    g_autoptr(IsafRecord) self = read_action (fixture, &top);

    isaf_record_set_reference (self, "parent_id", &top);
    save_refused (fixture, YEAR, self, ISAF_JAAP_ERROR, ISAF_JAAP_ERROR_NO_PARENT);
  }
  {
    /* Under its own sub-action: a loop, whatever the depth. */
    g_autoptr(IsafRecord) loop = read_action (fixture, &other_top);

    isaf_record_set_reference (loop, "parent_id", &other_child);
    save_refused (fixture, YEAR, loop, ISAF_JAAP_ERROR, ISAF_JAAP_ERROR_NO_PARENT);
  }
  {
    IsafUuid unknown;
    g_autoptr(IsafRecord) action = NULL;

    isaf_uuid_v7 (&unknown);
    action = new_action ("kha", &unknown, "unknown parent");
    save_refused (fixture, YEAR, action, ISAF_JAAP_ERROR, ISAF_JAAP_ERROR_NO_PARENT);
  }

  /* A unit deleted since. */
  {
    g_autoptr(IsafRecord) action = new_action ("kha", NULL, "unit");
    g_autoptr(GError) error = NULL;

    g_assert_true (isaf_store_delete (fixture->store, "service_unit", &unit, NULL, &error));
    g_assert_no_error (error);
    isaf_record_set_reference (action, "service_unit_id", &unit);
    save_refused (fixture, YEAR, action, ISAF_JAAP_ERROR, ISAF_JAAP_ERROR_NO_UNIT);
  }

  /* An action deleted elsewhere while it was open here. */
  {
    g_autoptr(IsafRecord) stale = read_action (fixture, &ka_action);
    g_autoptr(GError) error = NULL;

    g_assert_true (isaf_store_delete (fixture->store, "jaap_action", &ka_action, NULL, &error));
    g_assert_no_error (error);
    isaf_record_set_text (stale, "location", "ភូមិ");
    save_refused (fixture, YEAR, stale, ISAF_JAAP_ERROR, ISAF_JAAP_ERROR_NO_ACTION);
  }
}

static void
test_group_change (IsafTestFixture *fixture,
                   gconstpointer    data)
{
  IsafUuid top = add_action (fixture, YEAR, "ka", NULL, "top");
  IsafUuid child = add_action (fixture, YEAR, "ka", &top, "child");
  IsafUuid grandchild = add_action (fixture, YEAR, "ka", &child, "grandchild");
  g_autoptr(IsafRecord) action = read_action (fixture, &top);
  g_autoptr(IsafJaap) jaap = NULL;
  g_autofree char *outline = NULL;

  /* The branch moves to ខ whole. */
  isaf_record_set_text (action, "action_group", "kha");
  save (fixture, YEAR, action, NULL, NULL);
  jaap = load (fixture, YEAR);
  outline = dup_outline (jaap);
  g_assert_cmpstr (outline, ==, "kha:1=top kha:1.1=child kha:1.1.1=grandchild");
  g_assert_cmpstr (isaf_record_get_text (isaf_jaap_find (jaap, &grandchild)->action,
                                         "action_group"), ==, "kha");
}

static void
test_move (IsafTestFixture *fixture,
           gconstpointer    data)
{
  IsafUuid first = add_action (fixture, YEAR, "ka", NULL, "first");
  IsafUuid second = add_action (fixture, YEAR, "ka", NULL, "second");
  IsafUuid third = add_action (fixture, YEAR, "ka", NULL, "third");
  IsafUuid sub = add_action (fixture, YEAR, "ka", &second, "sub");
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autofree char *outline = NULL;

  g_assert_true (isaf_jaap_action_move (fixture->store, &third, -1, &error));
  g_assert_no_error (error);
  g_assert_true (isaf_jaap_action_move (fixture->store, &first, 1, &error));
  g_assert_no_error (error);
  {
    g_autoptr(IsafJaap) jaap = load (fixture, YEAR);

    outline = dup_outline (jaap);
    /* The sub-action moves with its action. */
    g_assert_cmpstr (outline, ==, "ka:1=third ka:2=first ka:3=second ka:3.1=sub");
  }

  /* At either end nothing moves, and nothing is written. */
  before = isaf_test_dump_file (fixture->path);
  g_assert_true (isaf_jaap_action_move (fixture->store, &third, -1, &error));
  g_assert_true (isaf_jaap_action_move (fixture->store, &second, 1, &error));
  g_assert_true (isaf_jaap_action_move (fixture->store, &sub, 1, &error));
  g_assert_no_error (error);
  after = isaf_test_dump_file (fixture->path);
  isaf_test_assert_dumps_equal (before, after);

  /* A deleted action cannot move. */
  g_assert_true (isaf_store_delete (fixture->store, "jaap_action", &first, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (isaf_jaap_action_move (fixture->store, &first, 1, &error));
  g_assert_error (error, ISAF_JAAP_ERROR, ISAF_JAAP_ERROR_NO_ACTION);
}

static void
test_delete_branch (IsafTestFixture *fixture,
                    gconstpointer    data)
{
  IsafUuid top = add_action (fixture, YEAR, "ka", NULL, "top");
  IsafUuid child = add_action (fixture, YEAR, "ka", &top, "child");
  g_autoptr(IsafRecord) action = read_action (fixture, &child);
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafJaap) jaap = NULL;

  isaf_record_set_text (action, "status", "ongoing");
  save (fixture, YEAR, action, NULL, NULL);

  /* Deleting an action deletes its sub-actions and their history with it. */
  g_assert_true (isaf_store_delete (fixture->store, "jaap_action", &top, NULL, &error));
  g_assert_no_error (error);
  jaap = load (fixture, YEAR);
  g_assert_cmpuint (jaap->entries->len, ==, 0);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM jaap_status_change WHERE deleted = 0"),
                   ==, 0);
}

/* The demo --------------------------------------------------------------------------------- */

/* The row's id as SQL writes a blob literal: x'…'. */
static char *
dup_hex_id (IsafRecord *record)
{
  g_autofree char *text = isaf_record_dup_id_string (record);
  g_auto(GStrv) parts = g_strsplit (text, "-", -1);

  return g_strjoinv ("", parts);
}

static void
use_demo (IsafTestFixture *fixture,
          guint            years)
{
  IsafDemoOptions options = { .commune_code = ISAF_TEST_COMMUNE, .years = years, .seed = 8,
                              .last_year = YEAR };
  g_autoptr(GError) error = NULL;

  /* The demo wants a database of its own. */
  isaf_test_fixture_close (fixture);
  isaf_test_remove_tree (fixture->path);
  fixture->database = isaf_database_open (fixture->path, ISAF_DATABASE_OPEN_CREATE_NEW, &error);
  g_assert_no_error (error);
  g_assert_true (isaf_demo_generate (fixture->database, &options, &error));
  g_assert_no_error (error);
  fixture->store = isaf_store_new (fixture->database);
}

static void
test_demo (IsafTestFixture *fixture,
           gconstpointer    data)
{
  sqlite3 *conn;

  use_demo (fixture, 3);
  conn = isaf_test_sqlite_open (fixture->path, SQLITE_OPEN_READONLY);

  for (int year = YEAR - 2; year <= YEAR; year++)
    {
      g_autoptr(IsafJaap) jaap = load (fixture, year);
      g_autofree char *count_sql = g_strdup_printf ("SELECT count(*) FROM jaap_action a "
                                                    "JOIN cycle c ON c.id = a.cycle_id "
                                                    "WHERE c.year = %d AND a.deleted = 0",
                                                    year);
      gboolean seen_kha = FALSE;

      g_assert_cmpint (jaap->entries->len, ==, isaf_test_sqlite_int (conn, count_sql));
      g_assert_cmpuint (jaap->entries->len, >, 3);

      for (guint i = 0; i < jaap->entries->len; i++)
        {
          IsafJaapEntry *entry = g_ptr_array_index (jaap->entries, i);
          const char *group = isaf_record_get_text (entry->action, "action_group");
          g_autofree char *id = dup_hex_id (entry->action);
          g_autofree char *history_sql = g_strdup_printf ("SELECT count(*) FROM jaap_status_change "
                                                          "WHERE deleted = 0 AND action_id = "
                                                          "x'%s'", id);
          g_autofree char *last_sql = g_strdup_printf ("SELECT (SELECT status FROM jaap_status_change "
                                                       "WHERE deleted = 0 AND action_id = "
                                                       "x'%s' "
                                                       "ORDER BY changed_on DESC, id DESC "
                                                       "LIMIT 1)", id);
          g_autofree char *progress_sql = g_strdup_printf ("SELECT max (m.held_on) "
                                                           "FROM jaap_progress p JOIN "
                                                           "jaapc_meeting m ON m.id = p.meeting_id "
                                                           "WHERE p.deleted = 0 AND m.deleted = 0 "
                                                           "AND p.action_id = x'%s'",
                                                           id);
          g_autofree char *last_status = NULL;
          g_autofree char *last_meeting = NULL;

          /* ក first, then ខ; parents before their children, one level at a time. */
          seen_kha = seen_kha || g_str_equal (group, "kha");
          g_assert_true (!seen_kha || g_str_equal (group, "kha"));
          g_assert_cmpuint (entry->depth, >=, 1);
          g_assert_cmpuint (entry->depth, <=, ISAF_JAAP_MAX_DEPTH);
          if (entry->depth > 1)
            {
              IsafJaapEntry *parent = isaf_jaap_find (jaap, isaf_record_get_reference (entry->action,
                                                                                       "parent_id"));

              g_assert_nonnull (parent);
              g_assert_cmpuint (parent->depth + 1, ==, entry->depth);
              g_assert_true (g_str_has_prefix (entry->path, parent->path));
            }

          /* The history is the action's, and its last change is the action's status. */
          g_assert_cmpint (entry->history->len, ==, isaf_test_sqlite_int (conn, history_sql));
          last_status = isaf_test_sqlite_text (conn, last_sql);
          if (last_status != NULL)
            g_assert_cmpstr (last_status, ==, isaf_record_get_text (entry->action, "status"));
          last_meeting = isaf_test_sqlite_text (conn, progress_sql);
          g_assert_cmpstr (entry->last_progress_on, ==, last_meeting);
        }
      g_assert_true (seen_kha);
    }
  sqlite3_close (conn);
}

/* The interface's way: nothing blocks, the answer comes back on the main context. */
static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  IsafJaap **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = isaf_jaap_load_finish (ISAF_STORE (source), result, &error);
  g_assert_no_error (error);
}

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GError **out = user_data;

  if (!isaf_jaap_action_save_finish (ISAF_STORE (source), result, out))
    g_assert_nonnull (*out);
  else
    *out = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "saved");
}

static void
test_async (IsafTestFixture *fixture,
            gconstpointer    data)
{
  g_autoptr(IsafRecord) action = new_action ("ka", NULL, "async");
  g_autoptr(IsafRecord) bad = new_action ("ka", NULL, "bad");
  g_autoptr(GError) saved = NULL;
  g_autoptr(GError) refused = NULL;
  g_autoptr(IsafJaap) jaap = NULL;

  isaf_record_set_text (action, "status", "ongoing");
  isaf_jaap_action_save_async (fixture->store, YEAR, action, "note", NULL, on_saved_cb, &saved);
  while (saved == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (saved, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_true (isaf_record_is_stored (action));

  isaf_record_set_integer (bad, "estimated_cost_riel", -5);
  isaf_jaap_action_save_async (fixture->store, YEAR, bad, NULL, NULL, on_saved_cb, &refused);
  while (refused == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (refused, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_NEGATIVE);

  isaf_jaap_load_async (fixture->store, YEAR, NULL, on_loaded_cb, &jaap);
  while (jaap == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (jaap->entries->len, ==, 1);
  g_assert_cmpuint (((IsafJaapEntry *) g_ptr_array_index (jaap->entries, 0))->history->len, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, IsafTestFixture, NULL, isaf_test_fixture_setup_store, func, \
              isaf_test_fixture_teardown)

  ADD ("/jaap/tree-and-numbers", test_tree_and_numbers);
  ADD ("/jaap/empty-year", test_empty_year);
  ADD ("/jaap/status-history", test_status_history);
  ADD ("/jaap/overdue", test_overdue);
  ADD ("/jaap/refusals", test_refusals);
  ADD ("/jaap/group-change", test_group_change);
  ADD ("/jaap/move", test_move);
  ADD ("/jaap/delete-branch", test_delete_branch);
  ADD ("/jaap/demo", test_demo);
  ADD ("/jaap/async", test_async);

#undef ADD

  return g_test_run ();
}
