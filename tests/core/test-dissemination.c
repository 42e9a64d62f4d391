/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "isaf-dissemination.h"
#include "isaf-error.h"
#include "isaf-gazetteer.h"
#include "isaf-overview.h"
#include "isaf-test-helpers.h"

/* I4C dissemination meetings on a real database of Banteay Neang (010201): one save writes
 * the meeting, its links, its attendance and if need be the year's cycle in one transaction,
 * and refuses, saving nothing, what breaks a rule across rows. */

#define YEAR 2026
#define BANTEAY_NEANG_VILLAGES 19
/* Villages of Banteay Neang, and one of Bat Trang (010202), the next commune. */
#define OU_THUM "01020101"
#define PHNUM "01020102"
#define TRANG "01020105"
#define KHTUM_REAY_LECH "01020201"

typedef struct {
  IsafUuid active[3];
  IsafUuid left;
  IsafUuid units[2];
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
  add_caf (fixture, "ចាន់ ដារ៉ា", "2025-01-20", "2026-12-31", &registry->active[2]);
  add_caf (fixture, "គឹម ស្រីមុំ", "2024-01-15", "2025-11-30", &registry->left);
  add_unit (fixture, "health_centre", "HC-0102", "មណ្ឌលសុខភាពបន្ទាយនាង", &registry->units[0]);
  add_unit (fixture, "primary_school", "PS-0102-1", "សាលាបឋមសិក្សាបន្ទាយនាង",
            &registry->units[1]);
}

/* A meeting that breaks no rule: two facilitators, both units, 35 people of whom 8 young. */
static IsafDisseminationMeeting *
new_meeting (Registry   *registry,
             const char *village_code,
             const char *held_on)
{
  IsafDisseminationMeeting *meeting = isaf_dissemination_meeting_new (YEAR, NULL);

  meeting->village_code = g_strdup (village_code);
  isaf_record_set_text (meeting->record, "held_on", held_on);
  isaf_record_set_text (meeting->record, "place", "វត្តបន្ទាយនាង");
  isaf_record_set_text (meeting->record, "notes", "ប្រជាពលរដ្ឋសួរអំពីតម្លៃសេវា");
  g_array_append_vals (meeting->facilitators, registry->active, 2);
  g_array_append_vals (meeting->units, registry->units, 2);
  meeting->attendance[ISAF_ATTENDANCE_WOMEN] = 20;
  meeting->attendance[ISAF_ATTENDANCE_MEN] = 15;
  meeting->attendance[ISAF_ATTENDANCE_YOUTH] = 8;
  meeting->attendance[ISAF_ATTENDANCE_DISABILITY] = 2;
  meeting->attendance[ISAF_ATTENDANCE_ID_POOR] = 5;
  return meeting;
}

static gint64
query (IsafTestFixture *fixture,
       const char      *sql)
{
  return isaf_test_run_query_int (fixture->database, sql);
}

/* Everything a save could write: rows in the five tables and the change log. */
static char *
dup_state (IsafTestFixture *fixture)
{
  static const char * const tables[] = {
    "cycle", "dissemination_meeting", "dissemination_facilitator", "dissemination_unit",
    "dissemination_attendance", "sync_outbox",
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

static void
save (IsafTestFixture          *fixture,
      IsafDisseminationMeeting *meeting)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (isaf_dissemination_save (fixture->store, meeting, &error));
  g_assert_no_error (error);
}

/* Refused with @code, and nothing at all written. */
static char *
save_refused (IsafTestFixture          *fixture,
              IsafDisseminationMeeting *meeting,
              int                       code)
{
  g_autofree char *before = dup_state (fixture);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (isaf_dissemination_save (fixture->store, meeting, &error));
  g_assert_error (error, ISAF_VALIDATION_ERROR, code);
  g_assert_false (isaf_record_is_stored (meeting->record));
  after = dup_state (fixture);
  g_assert_cmpstr (after, ==, before);
  g_test_message ("Refused: %s", error->message);
  return g_strdup (error->message);
}

static void
test_save (IsafTestFixture *fixture,
           gconstpointer    data)
{
  Registry registry;
  g_autoptr(IsafDisseminationMeeting) meeting = NULL;
  g_autoptr(GPtrArray) meetings = NULL;
  g_autoptr(IsafOverview) overview = NULL;
  g_autoptr(GError) error = NULL;
  IsafDisseminationMeeting *read;
  IsafUuid cycle_id, village_id;
  gint64 last_seq;

  fill_registry (fixture, &registry);
  last_seq = query (fixture, "SELECT max (seq) FROM sync_outbox");
  meeting = new_meeting (&registry, OU_THUM, "2026-03-05");
  save (fixture, meeting);
  g_assert_true (isaf_record_is_stored (meeting->record));

  /* The year had no cycle: the save made it, with the key every laptop gives it. */
  isaf_dissemination_cycle_id (ISAF_TEST_COMMUNE, YEAR, &cycle_id);
  isaf_test_village_id (OU_THUM, &village_id);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM cycle WHERE year = 2026"), ==, 1);
  g_assert_true (isaf_uuid_equal (isaf_record_get_reference (meeting->record, "cycle_id"),
                                  &cycle_id));
  g_assert_true (isaf_uuid_equal (isaf_record_get_reference (meeting->record, "village_id"),
                                  &village_id));
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM dissemination_meeting"), ==, 1);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM dissemination_facilitator "
                                   "WHERE deleted = 0"), ==, 2);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM dissemination_unit WHERE deleted = 0"),
                   ==, 2);
  /* One row per category counted: ethnic minority was not. */
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM dissemination_attendance"), ==, 5);
  g_assert_cmpint (query (fixture, "SELECT count FROM dissemination_attendance "
                                   "WHERE category = 'youth'"), ==, 8);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM dissemination_attendance "
                                   "WHERE category = 'ethnic_minority'"), ==, 0);

  /* One transaction: every change it made carries the same transaction number. */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count (DISTINCT txid) FROM sync_outbox "
                                            "WHERE seq > %" G_GINT64_FORMAT, last_seq);
    g_autofree char *tables = g_strdup_printf ("SELECT count (DISTINCT tbl) FROM sync_outbox "
                                               "WHERE seq > %" G_GINT64_FORMAT, last_seq);

    g_assert_cmpint (query (fixture, sql), ==, 1);
    g_assert_cmpint (query (fixture, tables), ==, 5);
  }

  /* Read back as it was saved. */
  meetings = isaf_dissemination_list (fixture->store, YEAR, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (meetings->len, ==, 1);
  read = g_ptr_array_index (meetings, 0);
  g_assert_true (isaf_uuid_equal (isaf_record_get_id (read->record),
                                  isaf_record_get_id (meeting->record)));
  g_assert_cmpstr (read->village_code, ==, OU_THUM);
  g_assert_cmpstr (isaf_record_get_text (read->record, "held_on"), ==, "2026-03-05");
  g_assert_cmpstr (isaf_record_get_text (read->record, "notes"), ==,
                   "ប្រជាពលរដ្ឋសួរអំពីតម្លៃសេវា");
  g_assert_cmpuint (read->facilitators->len, ==, 2);
  g_assert_cmpuint (read->units->len, ==, 2);
  g_assert_cmpint (read->attendance[ISAF_ATTENDANCE_WOMEN], ==, 20);
  g_assert_cmpint (read->attendance[ISAF_ATTENDANCE_ETHNIC_MINORITY], ==,
                   ISAF_ATTENDANCE_NOT_COUNTED);
  g_assert_cmpint (isaf_dissemination_meeting_get_total (read), ==, 35);
  g_clear_pointer (&meetings, g_ptr_array_unref);
  meetings = isaf_dissemination_list (fixture->store, YEAR - 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (meetings->len, ==, 0);

  /* The Overview's I4C dissemination count follows. */
  overview = isaf_overview_load (fixture->database, YEAR, &error);
  g_assert_no_error (error);
  g_assert_cmpint (overview->stages[ISAF_STAGE_DISSEMINATION].done, ==, 1);
  g_assert_cmpint (overview->stages[ISAF_STAGE_DISSEMINATION].total, ==, BANTEAY_NEANG_VILLAGES);
}

/* A cycle of the year made elsewhere (with an id of its own) is the one used. */
static void
test_existing_cycle (IsafTestFixture *fixture,
                     gconstpointer    data)
{
  Registry registry;
  g_autoptr(IsafRecord) cycle = isaf_record_new ("cycle");
  g_autoptr(IsafDisseminationMeeting) meeting = NULL;

  fill_registry (fixture, &registry);
  isaf_record_set_integer (cycle, "year", YEAR);
  isaf_test_save (fixture->store, cycle, NULL);

  meeting = new_meeting (&registry, OU_THUM, "2026-03-05");
  save (fixture, meeting);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM cycle"), ==, 1);
  g_assert_true (isaf_uuid_equal (isaf_record_get_reference (meeting->record, "cycle_id"),
                                  isaf_record_get_id (cycle)));
}

/* Youth, disability, ethnic minority and ID-Poor are each counted among the women and men:
 * none may be more than their total. */
static void
test_part_exceeds_total (IsafTestFixture *fixture,
                         gconstpointer    data)
{
  Registry registry;

  fill_registry (fixture, &registry);

  for (IsafAttendance part = ISAF_ATTENDANCE_YOUTH; part < ISAF_N_ATTENDANCE; part++)
    {
      g_autoptr(IsafDisseminationMeeting) meeting = new_meeting (&registry, OU_THUM,
                                                                 "2026-03-05");
      g_autofree char *message = NULL;

      meeting->attendance[part] = 36;
      message = save_refused (fixture, meeting, ISAF_VALIDATION_ERROR_PART_EXCEEDS_TOTAL);
      g_assert_nonnull (strstr (message, isaf_attendance_get_label (part)));
      g_assert_nonnull (strstr (message, "36"));
      g_assert_nonnull (strstr (message, "35"));
    }

  /* Equal to the total is fine: every one of them was young. */
  {
    g_autoptr(IsafDisseminationMeeting) meeting = new_meeting (&registry, OU_THUM, "2026-03-05");

    meeting->attendance[ISAF_ATTENDANCE_YOUTH] = 35;
    save (fixture, meeting);
  }
}

static void
test_attendance_counts (IsafTestFixture *fixture,
                        gconstpointer    data)
{
  Registry registry;
  g_autoptr(GError) error = NULL;

  fill_registry (fixture, &registry);

  /* Women and men make the total: they must be counted; the others may not be. */
  for (IsafAttendance sex = ISAF_ATTENDANCE_WOMEN; sex <= ISAF_ATTENDANCE_MEN; sex++)
    {
      g_autoptr(IsafDisseminationMeeting) meeting = new_meeting (&registry, OU_THUM,
                                                                 "2026-03-05");
      g_autofree char *message = NULL;

      meeting->attendance[sex] = ISAF_ATTENDANCE_NOT_COUNTED;
      meeting->attendance[ISAF_ATTENDANCE_YOUTH] = 0;
      message = save_refused (fixture, meeting, ISAF_VALIDATION_ERROR_REQUIRED);
      g_assert_nonnull (strstr (message, sex == ISAF_ATTENDANCE_WOMEN ? "many women" : "many men"));
    }

  {
    g_autoptr(IsafDisseminationMeeting) meeting = new_meeting (&registry, OU_THUM, "2026-03-05");
    g_autofree char *message = NULL;

    meeting->attendance[ISAF_ATTENDANCE_DISABILITY] = -3;
    message = save_refused (fixture, meeting, ISAF_VALIDATION_ERROR_NEGATIVE);
    g_assert_nonnull (strstr (message, isaf_attendance_get_label (ISAF_ATTENDANCE_DISABILITY)));
  }

  g_assert_true (isaf_attendance_check_count (ISAF_ATTENDANCE_YOUTH, ISAF_ATTENDANCE_NOT_COUNTED,
                                              &error));
  g_assert_no_error (error);
  g_assert_false (isaf_attendance_check_count (ISAF_ATTENDANCE_WOMEN, -1, &error));
  g_assert_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_false (isaf_attendance_check_count (ISAF_ATTENDANCE_MEN, G_MAXINT64, &error));
  g_assert_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_OUT_OF_RANGE);
}

/* A village is one of this commune's: another commune's is refused, naming it. */
static void
test_village_of_another_commune (IsafTestFixture *fixture,
                                 gconstpointer    data)
{
  Registry registry;
  const IsafGazetteerEntry *entry = isaf_gazetteer_lookup (isaf_gazetteer_get_default (),
                                                           KHTUM_REAY_LECH);
  g_autoptr(IsafDisseminationMeeting) other = NULL;
  g_autoptr(IsafDisseminationMeeting) unknown = NULL;
  g_autoptr(IsafDisseminationMeeting) none = NULL;
  g_autoptr(IsafDisseminationMeeting) deleted = NULL;
  g_autofree char *message = NULL;
  IsafUuid village_id;

  fill_registry (fixture, &registry);
  g_assert_nonnull (entry);

  other = new_meeting (&registry, KHTUM_REAY_LECH, "2026-03-05");
  message = save_refused (fixture, other, ISAF_VALIDATION_ERROR_UNKNOWN_CODE);
  g_assert_nonnull (strstr (message, KHTUM_REAY_LECH));
  g_assert_nonnull (strstr (message, entry->name_km));
  g_assert_nonnull (strstr (message, entry->name_latin));
  g_clear_pointer (&message, g_free);

  /* Even when the record already points to such a village: the code decides. */
  unknown = new_meeting (&registry, "99999999", "2026-03-05");
  isaf_test_village_id (OU_THUM, &village_id);
  isaf_record_set_reference (unknown->record, "village_id", &village_id);
  message = save_refused (fixture, unknown, ISAF_VALIDATION_ERROR_UNKNOWN_CODE);
  g_assert_nonnull (strstr (message, "99999999"));
  g_clear_pointer (&message, g_free);

  none = new_meeting (&registry, NULL, "2026-03-05");
  message = save_refused (fixture, none, ISAF_VALIDATION_ERROR_REQUIRED);
  g_clear_pointer (&message, g_free);

  /* A village of the commune no longer in its list (deleted here) is refused too. */
  isaf_test_village_id (TRANG, &village_id);
  g_assert_true (isaf_store_delete (fixture->store, "village", &village_id, NULL, NULL));
  deleted = new_meeting (&registry, TRANG, "2026-03-05");
  message = save_refused (fixture, deleted, ISAF_VALIDATION_ERROR_UNKNOWN_CODE);
  g_assert_nonnull (strstr (message, TRANG));
}

/* Editing a meeting replaces its facilitators, units and attendance: links no longer wanted
 * are marked as deleted, a link wanted again comes back as the same row. */
static void
test_edit_replaces_links (IsafTestFixture *fixture,
                          gconstpointer    data)
{
  Registry registry;
  g_autoptr(IsafDisseminationMeeting) meeting = NULL;
  g_autoptr(GPtrArray) meetings = NULL;
  g_autoptr(GError) error = NULL;
  IsafDisseminationMeeting *edited;
  gint64 last_seq;

  fill_registry (fixture, &registry);
  meeting = new_meeting (&registry, OU_THUM, "2026-03-05");
  save (fixture, meeting);

  meetings = isaf_dissemination_list (fixture->store, YEAR, &error);
  g_assert_no_error (error);
  edited = g_ptr_array_index (meetings, 0);
  g_assert_true (isaf_record_is_stored (edited->record));

  /* Facilitators 0 and 1 become 1 and 2; one unit only; youth no longer counted. */
  g_array_set_size (edited->facilitators, 0);
  g_array_append_vals (edited->facilitators, &registry.active[1], 2);
  g_array_set_size (edited->units, 0);
  g_array_append_val (edited->units, registry.units[1]);
  edited->attendance[ISAF_ATTENDANCE_MEN] = 18;
  edited->attendance[ISAF_ATTENDANCE_YOUTH] = ISAF_ATTENDANCE_NOT_COUNTED;
  edited->attendance[ISAF_ATTENDANCE_ETHNIC_MINORITY] = 4;
  isaf_record_set_text (edited->record, "place", "សាលាឃុំ");
  last_seq = query (fixture, "SELECT max (seq) FROM sync_outbox");
  save (fixture, edited);

  g_assert_cmpint (query (fixture, "SELECT count(*) FROM dissemination_meeting"), ==, 1);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM dissemination_facilitator "
                                   "WHERE deleted = 0"), ==, 2);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM dissemination_facilitator "
                                   "WHERE deleted = 1"), ==, 1);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM dissemination_unit WHERE deleted = 0"),
                   ==, 1);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM dissemination_unit WHERE deleted = 1"),
                   ==, 1);
  g_assert_cmpint (query (fixture, "SELECT deleted FROM dissemination_attendance "
                                   "WHERE category = 'youth'"), ==, 1);
  g_assert_cmpint (query (fixture, "SELECT count FROM dissemination_attendance "
                                   "WHERE category = 'men' AND deleted = 0"), ==, 18);
  g_assert_cmpint (query (fixture, "SELECT count FROM dissemination_attendance "
                                   "WHERE category = 'ethnic_minority' AND deleted = 0"), ==, 4);

  /* Only what changed was written, in one transaction: the place, the men, two links each
   * way, one unit, youth's tombstone and the new ethnic-minority row. */
  {
    g_autofree char *txids = g_strdup_printf ("SELECT count (DISTINCT txid) FROM sync_outbox "
                                              "WHERE seq > %" G_GINT64_FORMAT, last_seq);
    g_autofree char *meeting_fields = g_strdup_printf ("SELECT count(*) FROM sync_outbox "
                                                       "WHERE tbl = 'dissemination_meeting' "
                                                       "AND seq > %" G_GINT64_FORMAT, last_seq);

    g_assert_cmpint (query (fixture, txids), ==, 1);
    g_assert_cmpint (query (fixture, meeting_fields), ==, 1);
  }

  /* Back to the first facilitator: the same link row comes back, no second one. */
  g_clear_pointer (&meetings, g_ptr_array_unref);
  meetings = isaf_dissemination_list (fixture->store, YEAR, &error);
  g_assert_no_error (error);
  edited = g_ptr_array_index (meetings, 0);
  g_assert_cmpuint (edited->facilitators->len, ==, 2);
  g_assert_cmpint (edited->attendance[ISAF_ATTENDANCE_YOUTH], ==, ISAF_ATTENDANCE_NOT_COUNTED);
  g_assert_cmpstr (isaf_record_get_text (edited->record, "place"), ==, "សាលាឃុំ");
  g_array_set_size (edited->facilitators, 0);
  g_array_append_val (edited->facilitators, registry.active[0]);
  save (fixture, edited);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM dissemination_facilitator"), ==, 3);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM dissemination_facilitator "
                                   "WHERE deleted = 0"), ==, 1);

  /* Deleting the meeting takes its links and attendance with it. */
  g_assert_true (isaf_store_delete (fixture->store, "dissemination_meeting",
                                    isaf_record_get_id (edited->record), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM dissemination_attendance "
                                   "WHERE deleted = 0"), ==, 0);
  g_clear_pointer (&meetings, g_ptr_array_unref);
  meetings = isaf_dissemination_list (fixture->store, YEAR, &error);
  g_assert_cmpuint (meetings->len, ==, 0);
}

/* Facilitators are CAFs of the register who were active on the day. */
static void
test_facilitators (IsafTestFixture *fixture,
                   gconstpointer    data)
{
  Registry registry;
  IsafUuid stranger;
  g_autofree char *message = NULL;

  fill_registry (fixture, &registry);

  {
    g_autoptr(IsafDisseminationMeeting) meeting = new_meeting (&registry, OU_THUM, "2026-03-05");

    g_array_set_size (meeting->facilitators, 0);
    message = save_refused (fixture, meeting, ISAF_VALIDATION_ERROR_REQUIRED);
    g_clear_pointer (&message, g_free);
  }

  {
    g_autoptr(IsafDisseminationMeeting) meeting = new_meeting (&registry, OU_THUM, "2026-03-05");

    isaf_uuid_v7 (&stranger);
    g_array_append_val (meeting->facilitators, stranger);
    message = save_refused (fixture, meeting, ISAF_VALIDATION_ERROR_INVALID_ID);
    g_clear_pointer (&message, g_free);
  }

  /* She left in November 2025: not for a meeting in March 2026… */
  {
    g_autoptr(IsafDisseminationMeeting) meeting = new_meeting (&registry, OU_THUM, "2026-03-05");

    g_array_append_val (meeting->facilitators, registry.left);
    message = save_refused (fixture, meeting, ISAF_VALIDATION_ERROR_DATE_ORDER);
    g_assert_nonnull (strstr (message, "គឹម ស្រីមុំ"));
    g_assert_nonnull (strstr (message, "2025-11-30"));
    g_clear_pointer (&message, g_free);
  }

  /* … nor before she was selected … */
  {
    g_autoptr(IsafDisseminationMeeting) meeting = new_meeting (&registry, OU_THUM, "2024-12-05");

    meeting->year = 2024;
    message = save_refused (fixture, meeting, ISAF_VALIDATION_ERROR_DATE_ORDER);
    g_clear_pointer (&message, g_free);
  }

  /* … but for one she led before leaving, in the year's cycle it belongs to. */
  {
    g_autoptr(IsafDisseminationMeeting) meeting = new_meeting (&registry, PHNUM, "2025-03-05");

    meeting->year = 2025;
    g_array_append_val (meeting->facilitators, registry.left);
    save (fixture, meeting);
    g_assert_cmpint (query (fixture, "SELECT count(*) FROM cycle WHERE year = 2025"), ==, 1);
  }

  /* A deleted service unit is not one to cover. */
  {
    g_autoptr(IsafDisseminationMeeting) meeting = new_meeting (&registry, OU_THUM, "2026-03-05");

    g_assert_true (isaf_store_delete (fixture->store, "service_unit", &registry.units[1], NULL,
                                      NULL));
    message = save_refused (fixture, meeting, ISAF_VALIDATION_ERROR_INVALID_ID);
    g_clear_pointer (&message, g_free);
  }
}

static void
test_date (IsafTestFixture *fixture,
           gconstpointer    data)
{
  Registry registry;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autofree char *tomorrow_text = g_date_time_format (tomorrow, "%Y-%m-%d");
  g_autofree char *today_text = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *message = NULL;

  fill_registry (fixture, &registry);

  {
    g_autoptr(IsafDisseminationMeeting) meeting = new_meeting (&registry, OU_THUM, tomorrow_text);

    meeting->year = g_date_time_get_year (tomorrow);
    message = save_refused (fixture, meeting, ISAF_VALIDATION_ERROR_IN_FUTURE);
    g_assert_nonnull (strstr (message, tomorrow_text));
    g_clear_pointer (&message, g_free);
  }

  {
    g_autoptr(IsafDisseminationMeeting) meeting = new_meeting (&registry, OU_THUM, "2026-03-05");

    isaf_record_set_null (meeting->record, "held_on");
    message = save_refused (fixture, meeting, ISAF_VALIDATION_ERROR_REQUIRED);
    g_clear_pointer (&message, g_free);
  }

  {
    g_autoptr(IsafDisseminationMeeting) meeting = new_meeting (&registry, OU_THUM, "2026-02-30");

    message = save_refused (fixture, meeting, ISAF_VALIDATION_ERROR_INVALID_DATE);
    g_clear_pointer (&message, g_free);
  }

  /* Today is not the future. */
  {
    g_autoptr(IsafDisseminationMeeting) meeting = new_meeting (&registry, OU_THUM, today_text);

    meeting->year = g_date_time_get_year (now);
    save (fixture, meeting);
  }
}

/* Which villages were reached in a year, with how many meetings and people. */
static void
test_coverage (IsafTestFixture *fixture,
               gconstpointer    data)
{
  Registry registry;
  g_autoptr(IsafDisseminationCoverage) coverage = NULL;
  g_autoptr(IsafOverview) overview = NULL;
  g_autoptr(GError) error = NULL;
  static const struct {
    const char *village, *held_on;
    int year;
  } meetings[] = {
    { OU_THUM, "2026-03-05", YEAR },
    { OU_THUM, "2026-03-19", YEAR },
    { PHNUM, "2026-03-12", YEAR },
    { TRANG, "2025-03-12", YEAR - 1 },
  };

  fill_registry (fixture, &registry);
  for (guint i = 0; i < G_N_ELEMENTS (meetings); i++)
    {
      g_autoptr(IsafDisseminationMeeting) meeting = new_meeting (&registry, meetings[i].village,
                                                                 meetings[i].held_on);

      meeting->year = meetings[i].year;
      save (fixture, meeting);
    }

  coverage = isaf_dissemination_coverage (fixture->store, YEAR, &error);
  g_assert_no_error (error);
  g_assert_cmpint (coverage->year, ==, YEAR);
  g_assert_cmpuint (coverage->villages->len, ==, BANTEAY_NEANG_VILLAGES);
  g_assert_cmpuint (coverage->n_reached, ==, 2);
  g_assert_cmpuint (coverage->n_meetings, ==, 3);
  g_assert_cmpint (coverage->attendance[ISAF_ATTENDANCE_WOMEN], ==, 60);
  g_assert_cmpint (coverage->attendance[ISAF_ATTENDANCE_ETHNIC_MINORITY], ==, 0);

  for (guint i = 0; i < coverage->villages->len; i++)
    {
      IsafVillageCoverage *village = g_ptr_array_index (coverage->villages, i);
      IsafUuid village_id;

      isaf_test_village_id (village->code, &village_id);
      g_assert_true (isaf_uuid_equal (&village->village_id, &village_id));
      if (i > 0)
        {
          IsafVillageCoverage *previous = g_ptr_array_index (coverage->villages, i - 1);

          g_assert_cmpstr (previous->code, <, village->code);
        }

      if (g_str_equal (village->code, OU_THUM))
        {
          g_assert_cmpuint (village->n_meetings, ==, 2);
          g_assert_cmpstr (village->last_held_on, ==, "2026-03-19");
          g_assert_cmpint (village->attendance[ISAF_ATTENDANCE_WOMEN]
                           + village->attendance[ISAF_ATTENDANCE_MEN], ==, 70);
          g_assert_cmpint (village->attendance[ISAF_ATTENDANCE_YOUTH], ==, 16);
        }
      else if (g_str_equal (village->code, PHNUM))
        {
          g_assert_cmpuint (village->n_meetings, ==, 1);
          g_assert_cmpstr (village->last_held_on, ==, "2026-03-12");
        }
      else
        {
          /* Trang was reached, but in the year before. */
          g_assert_cmpuint (village->n_meetings, ==, 0);
          g_assert_null (village->last_held_on);
          g_assert_cmpint (village->attendance[ISAF_ATTENDANCE_WOMEN], ==, 0);
        }
    }

  /* The Overview counts the same villages. */
  overview = isaf_overview_load (fixture->database, YEAR, &error);
  g_assert_no_error (error);
  g_assert_cmpint (overview->stages[ISAF_STAGE_DISSEMINATION].done, ==, coverage->n_reached);

  g_clear_pointer (&coverage, isaf_dissemination_coverage_free);
  coverage = isaf_dissemination_coverage (fixture->store, YEAR - 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (coverage->n_reached, ==, 1);
  g_clear_pointer (&coverage, isaf_dissemination_coverage_free);
  coverage = isaf_dissemination_coverage (fixture->store, YEAR + 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (coverage->n_reached, ==, 0);
  g_assert_cmpuint (coverage->villages->len, ==, BANTEAY_NEANG_VILLAGES);
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
  Registry registry;
  g_autoptr(IsafDisseminationMeeting) meeting = NULL;
  g_autoptr(IsafDisseminationMeeting) bad = NULL;
  g_autoptr(IsafDisseminationCoverage) coverage = NULL;
  g_autoptr(GPtrArray) meetings = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  fill_registry (fixture, &registry);
  meeting = new_meeting (&registry, OU_THUM, "2026-03-05");
  isaf_dissemination_save_async (fixture->store, meeting, NULL, on_async_cb, &result);
  g_assert_true (isaf_dissemination_save_finish (fixture->store, wait_for_result (&result),
                                                 &error));
  g_assert_no_error (error);
  g_assert_true (isaf_record_is_stored (meeting->record));
  g_clear_object (&result);

  bad = new_meeting (&registry, KHTUM_REAY_LECH, "2026-03-06");
  isaf_dissemination_save_async (fixture->store, bad, NULL, on_async_cb, &result);
  g_assert_false (isaf_dissemination_save_finish (fixture->store, wait_for_result (&result),
                                                  &error));
  g_assert_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_UNKNOWN_CODE);
  g_clear_error (&error);
  g_clear_object (&result);

  isaf_dissemination_list_async (fixture->store, YEAR, NULL, on_async_cb, &result);
  meetings = isaf_dissemination_list_finish (fixture->store, wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (meetings->len, ==, 1);
  g_clear_object (&result);

  isaf_dissemination_coverage_async (fixture->store, YEAR, NULL, on_async_cb, &result);
  coverage = isaf_dissemination_coverage_finish (fixture->store, wait_for_result (&result),
                                                 &error);
  g_assert_no_error (error);
  g_assert_cmpuint (coverage->n_reached, ==, 1);
  g_clear_object (&result);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, IsafTestFixture, NULL, isaf_test_fixture_setup_store, func, \
              isaf_test_fixture_teardown)

  ADD ("/dissemination/save", test_save);
  ADD ("/dissemination/existing-cycle", test_existing_cycle);
  ADD ("/dissemination/part-exceeds-total", test_part_exceeds_total);
  ADD ("/dissemination/attendance-counts", test_attendance_counts);
  ADD ("/dissemination/village-of-another-commune", test_village_of_another_commune);
  ADD ("/dissemination/edit-replaces-links", test_edit_replaces_links);
  ADD ("/dissemination/facilitators", test_facilitators);
  ADD ("/dissemination/date", test_date);
  ADD ("/dissemination/coverage", test_coverage);
  ADD ("/dissemination/async", test_async);

#undef ADD

  return g_test_run ();
}
