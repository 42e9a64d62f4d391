/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-dissemination"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "isaf-dissemination.h"
#include "isaf-error.h"
#include "isaf-gazetteer.h"
#include "isaf-stage-rows.h"
#include "isaf-store-job.h"
#include "isaf-validate.h"

const char * const isaf_dissemination_tables[4] = {
  "dissemination_meeting", "dissemination_facilitator", "dissemination_unit",
  "dissemination_attendance",
};

/* The I4C dissemination meetings (DOMAIN.md, step 3): CAFs explain the posters in each
 * village. A meeting is a dissemination_meeting row with its link rows (the facilitators who
 * led it, the service units it covered) and one attendance row per category counted. The
 * link and attendance rows have natural keys ("<meeting>/<caf>", "<meeting>/<category>"), as
 * the demo's do, so that two laptops recording the same fact make the same row. Saving checks
 * the rules that span rows here, on the database thread, inside the transaction that writes:
 * a village of this commune, a date already past, parts of the attendance within its total,
 * facilitators active on the day. */

static const char * const categories[ISAF_N_ATTENDANCE] = {
  "women", "men", "youth", "disability", "ethnic_minority", "id_poor",
};

static const char * const category_labels[ISAF_N_ATTENDANCE] = {
  N_("Women"), N_("Men"), N_("Youth"), N_("People with disabilities"), N_("Ethnic minority"),
  N_("ID-Poor"),
};

/* Attendance ----------------------------------------------------------------------------- */

/* The category as stored in dissemination_attendance.category: "women" … */
const char *
isaf_attendance_get_category (IsafAttendance attendance)
{
  g_return_val_if_fail (attendance < ISAF_N_ATTENDANCE, NULL);

  return categories[attendance];
}

const char *
isaf_attendance_get_label (IsafAttendance attendance)
{
  g_return_val_if_fail (attendance < ISAF_N_ATTENDANCE, NULL);

  return _(category_labels[attendance]);
}

static int
find_category (const char *category)
{
  for (guint i = 0; i < ISAF_N_ATTENDANCE; i++)
    if (g_strcmp0 (categories[i], category) == 0)
      return i;
  return -1;
}

/**
 * isaf_attendance_check_count:
 * @attendance: a category
 * @count: how many attended, or %ISAF_ATTENDANCE_NOT_COUNTED
 * @error: the rule it breaks
 *
 * The rule for one count on its own: women and men must be counted (they make the total),
 * and no count is negative. The rules between counts are checked when saving.
 */
gboolean
isaf_attendance_check_count (IsafAttendance   attendance,
                             gint64           count,
                             GError         **error)
{
  g_return_val_if_fail (attendance < ISAF_N_ATTENDANCE, FALSE);

  if (count == ISAF_ATTENDANCE_NOT_COUNTED)
    {
      if (attendance == ISAF_ATTENDANCE_WOMEN)
        g_set_error_literal (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_REQUIRED,
                             _("Enter how many women attended, 0 if none."));
      else if (attendance == ISAF_ATTENDANCE_MEN)
        g_set_error_literal (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_REQUIRED,
                             _("Enter how many men attended, 0 if none."));
      else
        return TRUE;
      return FALSE;
    }

  if (count < 0)
    {
      g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_NEGATIVE,
                   _("%s cannot be negative. Enter 0 or more."),
                   isaf_attendance_get_label (attendance));
      return FALSE;
    }

  if (count > G_MAXINT32)
    {
      g_autofree char *high = g_strdup_printf ("%d", G_MAXINT32);

      g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_OUT_OF_RANGE,
                   _("%s must be between %s and %s."),
                   isaf_attendance_get_label (attendance), "0", high);
      return FALSE;
    }

  return TRUE;
}

/* Meetings ------------------------------------------------------------------------------- */

/**
 * isaf_dissemination_meeting_new:
 * @year: the cycle year
 * @record: (nullable): a dissemination_meeting record, or %NULL for a new one
 *
 * Returns: (transfer full): a meeting with no facilitators, no units and nothing counted
 */
IsafDisseminationMeeting *
isaf_dissemination_meeting_new (int         year,
                                IsafRecord *record)
{
  IsafDisseminationMeeting *meeting;

  g_return_val_if_fail (record == NULL
                        || g_str_equal (isaf_record_get_table_name (record),
                                        "dissemination_meeting"), NULL);

  meeting = g_atomic_rc_box_new0 (IsafDisseminationMeeting);
  meeting->year = year;
  meeting->record = record ? g_object_ref (record) : isaf_record_new ("dissemination_meeting");
  meeting->facilitators = g_array_new (FALSE, FALSE, sizeof (IsafUuid));
  meeting->units = g_array_new (FALSE, FALSE, sizeof (IsafUuid));
  for (guint i = 0; i < ISAF_N_ATTENDANCE; i++)
    meeting->attendance[i] = ISAF_ATTENDANCE_NOT_COUNTED;
  return meeting;
}

IsafDisseminationMeeting *
isaf_dissemination_meeting_ref (IsafDisseminationMeeting *meeting)
{
  return g_atomic_rc_box_acquire (meeting);
}

static void
meeting_clear (gpointer data)
{
  IsafDisseminationMeeting *meeting = data;

  g_clear_object (&meeting->record);
  g_clear_pointer (&meeting->village_code, g_free);
  g_clear_pointer (&meeting->facilitators, g_array_unref);
  g_clear_pointer (&meeting->units, g_array_unref);
}

void
isaf_dissemination_meeting_unref (IsafDisseminationMeeting *meeting)
{
  g_atomic_rc_box_release_full (meeting, meeting_clear);
}

/* Women and men together; a category not counted adds nothing. */
gint64
isaf_dissemination_meeting_get_total (IsafDisseminationMeeting *meeting)
{
  return MAX (meeting->attendance[ISAF_ATTENDANCE_WOMEN], 0)
         + MAX (meeting->attendance[ISAF_ATTENDANCE_MEN], 0);
}

/**
 * isaf_dissemination_cycle_id:
 * @commune_code: the commune
 * @year: a cycle year
 * @out: (out): the id
 *
 * The id of the year's cycle row when it is created by a save here: a natural key, so that
 * two laptops that start the same year make the same row (as the demo does).
 */
void
isaf_dissemination_cycle_id (const char *commune_code,
                             int         year,
                             IsafUuid   *out)
{
  g_autofree char *key = g_strdup_printf ("%s/%d", commune_code, year);

  isaf_uuid_v5_for_table (out, "cycle", key);
}

/* Rules ---------------------------------------------------------------------------------- */

/* "ភូមិគោកពន្លៃ (Kouk Ponley)": how messages name a village. */
static char *
dup_village_name (const IsafGazetteerEntry *entry)
{
  if (entry->name_latin == NULL || entry->name_latin[0] == '\0')
    return g_strconcat (entry->unit_km, entry->name_km, NULL);
  return g_strdup_printf ("%s%s (%s)", entry->unit_km, entry->name_km, entry->name_latin);
}

/* The village row of this commune that has @code. */
static gboolean
resolve_village (IsafDatabase *database,
                 const char   *commune_code,
                 const char   *code,
                 IsafUuid     *out,
                 GError      **error)
{
  const IsafGazetteerEntry *entry = NULL;
  g_autofree char *name = NULL;
  sqlite3_stmt *stmt;
  IsafUuid keyed;
  int rc;

  if (code == NULL || code[0] == '\0')
    {
      g_set_error_literal (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_REQUIRED,
                           _("Choose the village where the meeting was held."));
      return FALSE;
    }

  if (g_utf8_validate (code, -1, NULL))
    entry = isaf_gazetteer_lookup (isaf_gazetteer_get_default (), code);
  if (entry == NULL || entry->level != ISAF_GAZETTEER_VILLAGE)
    {
      g_autofree char *shown = g_utf8_make_valid (code, -1);

      g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_UNKNOWN_CODE,
                   _("“%s” is not a village code in the national gazetteer. Choose a village "
                     "from the list."), shown);
      return FALSE;
    }

  name = dup_village_name (entry);
  if (!g_str_has_prefix (code, commune_code))
    {
      g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_UNKNOWN_CODE,
                   _("The village %1$s, code %2$s, is in another commune. Choose one of this "
                     "commune’s villages from the list."),
                   name, code);
      return FALSE;
    }

  /* Villages are keyed by their code; the keyed row wins should another ever exist. */
  stmt = isaf_database_prepare (database,
                                "SELECT id FROM village WHERE code = ?1 AND deleted = 0 "
                                "ORDER BY id = ?2 DESC, id LIMIT 1",
                                error);
  if (stmt == NULL)
    return FALSE;
  isaf_uuid_v5_for_table (&keyed, "village", code);
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, keyed.bytes, 16, SQLITE_STATIC);
  rc = isaf_stage_step_id (database, stmt, out, error);
  if (rc == 0)
    return FALSE;

  if (rc == SQLITE_DONE)
    {
      g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_UNKNOWN_CODE,
                   _("The village %1$s, code %2$s, is not in this commune’s list of villages. "
                     "Choose a village from the list."),
                   name, code);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_date (IsafRecord *record,
            GError    **error)
{
  const char *held_on = isaf_record_get_text (record, "held_on");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  /* Validated already: required, and an ISO date, which sorts as text. */
  if (strcmp (held_on, today) > 0)
    {
      g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_IN_FUTURE,
                   _("The date of the meeting, %s, is in the future. Record a meeting once it "
                     "has been held."),
                   held_on);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_attendance (IsafDisseminationMeeting *meeting,
                  GError                  **error)
{
  gint64 total = isaf_dissemination_meeting_get_total (meeting);

  for (IsafAttendance i = 0; i < ISAF_N_ATTENDANCE; i++)
    if (!isaf_attendance_check_count (i, meeting->attendance[i], error))
      return FALSE;

  for (IsafAttendance i = ISAF_ATTENDANCE_YOUTH; i < ISAF_N_ATTENDANCE; i++)
    if (meeting->attendance[i] > total)
      {
        /* Numbers formatted first: a 64-bit format macro inside _() cannot be translated. */
        g_autofree char *part = g_strdup_printf ("%" G_GINT64_FORMAT, meeting->attendance[i]);
        g_autofree char *sum = g_strdup_printf ("%" G_GINT64_FORMAT, total);

        g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_PART_EXCEEDS_TOTAL,
                     _("%1$s (%2$s) cannot be more than the people who attended, women and "
                       "men together (%3$s). Check the counts."),
                     isaf_attendance_get_label (i), part, sum);
        return FALSE;
      }
  return TRUE;
}

/* Every facilitator is a CAF of the register who was active on the day. */
static gboolean
check_facilitators (IsafDatabase             *database,
                    IsafDisseminationMeeting *meeting,
                    GError                  **error)
{
  const char *held_on = isaf_record_get_text (meeting->record, "held_on");

  if (meeting->facilitators->len == 0)
    {
      g_set_error_literal (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_REQUIRED,
                           _("Choose at least one facilitator (CAF) who led the meeting."));
      return FALSE;
    }

  for (guint i = 0; i < meeting->facilitators->len; i++)
    {
      const IsafUuid *id = &g_array_index (meeting->facilitators, IsafUuid, i);
      g_autoptr(IsafRecord) caf = NULL;
      const char *left_on, *selected_on, *name;

      caf = isaf_stage_require_live_row (database, "caf", id, ISAF_VALIDATION_ERROR,
                                         ISAF_VALIDATION_ERROR_INVALID_ID,
                                         _("A facilitator chosen for the meeting is no longer "
                                           "in the register of CAFs. Choose the facilitators "
                                           "again."),
                                         error);
      if (caf == NULL)
        return FALSE;

      name = isaf_record_get_text (caf, "name_km");
      left_on = isaf_record_get_text (caf, "left_on");
      selected_on = isaf_record_get_text (caf, "selected_on");
      if (left_on != NULL && strcmp (left_on, held_on) < 0)
        {
          g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_DATE_ORDER,
                       _("%1$s stopped being a facilitator on %2$s, before the meeting on %3$s. "
                         "Choose facilitators who were active on the day."),
                       name, left_on, held_on);
          return FALSE;
        }
      if (selected_on != NULL && strcmp (selected_on, held_on) > 0)
        {
          g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_DATE_ORDER,
                       _("%1$s was selected as a facilitator on %2$s, after the meeting on %3$s. "
                         "Check the dates."),
                       name, selected_on, held_on);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
check_units (IsafDatabase             *database,
             IsafDisseminationMeeting *meeting,
             GError                  **error)
{
  for (guint i = 0; i < meeting->units->len; i++)
    {
      g_autoptr(IsafRecord) unit = NULL;

      unit = isaf_stage_require_live_row (database, "service_unit",
                                          &g_array_index (meeting->units, IsafUuid, i),
                                          ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_INVALID_ID,
                                          _("A service unit chosen for the meeting is no longer "
                                            "in the register. Choose the units again."),
                                          error);
      if (unit == NULL)
        return FALSE;
    }
  return TRUE;
}

/* Writing -------------------------------------------------------------------------------- */

/**
 * isaf_dissemination_write:
 * @database: the database, on its thread, inside a write job
 * @meeting: the meeting to save
 * @error: the first rule it breaks
 *
 * Checks every rule, then writes the cycle (when the year has none), the meeting, its links
 * and its attendance. On failure the job's transaction must be rolled back (returning FALSE
 * from the job does that): nothing is left half-saved.
 */
gboolean
isaf_dissemination_write (IsafDatabase             *database,
                          IsafDisseminationMeeting *meeting,
                          GError                  **error)
{
  const char *commune_code = isaf_database_get_commune_code (database);
  const IsafUuid *meeting_id = isaf_record_get_id (meeting->record);
  IsafUuid village_id, cycle_id;
  gboolean cycle_exists;

  if (commune_code == NULL)
    {
      g_set_error_literal (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_NO_COMMUNE,
                           _("This database has no commune yet. Choose the commune first."));
      return FALSE;
    }

  if (!resolve_village (database, commune_code, meeting->village_code, &village_id, error)
      || !isaf_stage_find_cycle (database, commune_code, meeting->year,
                                 isaf_record_get_reference (meeting->record, "cycle_id"),
                                 &cycle_id, &cycle_exists, error))
    return FALSE;

  isaf_stage_set_reference_if_changed (meeting->record, "village_id", &village_id);
  isaf_stage_set_reference_if_changed (meeting->record, "cycle_id", &cycle_id);
  if (!isaf_validate_record (meeting->record, commune_code, error)
      || !check_date (meeting->record, error)
      || !check_attendance (meeting, error)
      || !check_facilitators (database, meeting, error)
      || !check_units (database, meeting, error))
    return FALSE;

  if (!cycle_exists && !isaf_stage_write_cycle (database, &cycle_id, meeting->year, error))
    return FALSE;

  return isaf_store_write_record (database, meeting->record, error)
         && isaf_stage_replace_links (database, "dissemination_facilitator", "meeting_id",
                                      meeting_id, "caf_id", meeting->facilitators, error)
         && isaf_stage_replace_links (database, "dissemination_unit", "meeting_id", meeting_id,
                                      "service_unit_id", meeting->units, error)
         && isaf_stage_replace_attendance (database, "dissemination_attendance", meeting_id,
                                           categories, meeting->attendance, ISAF_N_ATTENDANCE,
                                           error);
}

/* Reading -------------------------------------------------------------------------------- */

static char *
read_village_code (IsafDatabase   *database,
                   const IsafUuid *village_id,
                   GError        **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "SELECT code FROM village WHERE id = ?1", error);
  char *code = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_blob (stmt, 1, village_id->bytes, 16, SQLITE_STATIC);
  rc = isaf_stage_step_one (database, stmt, error);
  if (rc == SQLITE_ROW)
    code = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    code = g_strdup ("");
  return code;
}

static gboolean
read_links (IsafDatabase   *database,
            const char     *table,
            const char     *column,
            const IsafUuid *meeting_id,
            GArray         *ids,
            GError        **error)
{
  g_autoptr(GPtrArray) links = isaf_store_read_list (database, table, "meeting_id", meeting_id,
                                                     error);

  if (links == NULL)
    return FALSE;
  for (guint i = 0; i < links->len; i++)
    {
      const IsafUuid *target = isaf_record_get_reference (g_ptr_array_index (links, i), column);

      if (target != NULL && !isaf_stage_contains_id (ids, target))
        g_array_append_val (ids, *target);
    }
  return TRUE;
}

static IsafDisseminationMeeting *
read_meeting (IsafDatabase   *database,
              int             year,
              const IsafUuid *id,
              GError        **error)
{
  g_autoptr(IsafRecord) record = isaf_store_read_record (database, "dissemination_meeting", id,
                                                         error);
  g_autoptr(IsafDisseminationMeeting) meeting = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  const IsafUuid *village_id;

  if (record == NULL)
    return NULL;

  meeting = isaf_dissemination_meeting_new (year, record);
  village_id = isaf_record_get_reference (record, "village_id");
  if (village_id != NULL)
    {
      meeting->village_code = read_village_code (database, village_id, error);
      if (meeting->village_code == NULL)
        return NULL;
    }

  if (!read_links (database, "dissemination_facilitator", "caf_id", id, meeting->facilitators,
                   error)
      || !read_links (database, "dissemination_unit", "service_unit_id", id, meeting->units,
                      error))
    return NULL;

  rows = isaf_store_read_list (database, "dissemination_attendance", "meeting_id", id, error);
  if (rows == NULL)
    return NULL;
  for (guint i = 0; i < rows->len; i++)
    {
      IsafRecord *row = g_ptr_array_index (rows, i);
      int category = find_category (isaf_record_get_text (row, "category"));

      if (category >= 0 && meeting->attendance[category] == ISAF_ATTENDANCE_NOT_COUNTED)
        meeting->attendance[category] = isaf_record_get_integer (row, "count");
    }

  return g_steal_pointer (&meeting);
}

static GPtrArray *
read_meetings (IsafDatabase *database,
               int           year,
               GError      **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "SELECT m.id FROM dissemination_meeting m "
                                              "JOIN cycle c ON c.id = m.cycle_id "
                                              "WHERE c.year = ?1 AND c.deleted = 0 "
                                              "AND m.deleted = 0 ORDER BY m.held_on, m.id",
                                              error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (IsafUuid));
  g_autoptr(GPtrArray) meetings = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;

  /* Collected first: reading each meeting uses other statements. */
  sqlite3_bind_int (stmt, 1, year);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      IsafUuid id;

      memcpy (id.bytes, sqlite3_column_blob (stmt, 0), 16);
      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      isaf_stage_set_sqlite_error (database, error);
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);

  meetings = g_ptr_array_new_with_free_func ((GDestroyNotify) isaf_dissemination_meeting_unref);
  for (guint i = 0; i < ids->len; i++)
    {
      IsafDisseminationMeeting *meeting = read_meeting (database, year,
                                                        &g_array_index (ids, IsafUuid, i), error);

      if (meeting == NULL)
        return NULL;
      g_ptr_array_add (meetings, meeting);
    }
  return g_steal_pointer (&meetings);
}

/* Each village with its meetings of the year (?1), the attendance summed per category in the
 * order of the categories. */
static const char coverage_sql[] =
  "SELECT v.id, v.code, count (m.id), max (m.held_on), "
  "coalesce (sum (a.women), 0), coalesce (sum (a.men), 0), coalesce (sum (a.youth), 0), "
  "coalesce (sum (a.disability), 0), coalesce (sum (a.ethnic_minority), 0), "
  "coalesce (sum (a.id_poor), 0) "
  "FROM village v "
  "LEFT JOIN (SELECT m.id, m.village_id, m.held_on FROM dissemination_meeting m "
  "           JOIN cycle c ON c.id = m.cycle_id "
  "           WHERE c.year = ?1 AND c.deleted = 0 AND m.deleted = 0) m "
  "  ON m.village_id = v.id "
  "LEFT JOIN (SELECT meeting_id, "
  "           sum (CASE category WHEN 'women' THEN count END) AS women, "
  "           sum (CASE category WHEN 'men' THEN count END) AS men, "
  "           sum (CASE category WHEN 'youth' THEN count END) AS youth, "
  "           sum (CASE category WHEN 'disability' THEN count END) AS disability, "
  "           sum (CASE category WHEN 'ethnic_minority' THEN count END) AS ethnic_minority, "
  "           sum (CASE category WHEN 'id_poor' THEN count END) AS id_poor "
  "           FROM dissemination_attendance WHERE deleted = 0 GROUP BY meeting_id) a "
  "  ON a.meeting_id = m.id "
  "WHERE v.deleted = 0 "
  "GROUP BY v.id ORDER BY v.code";

static void
village_coverage_free (gpointer data)
{
  IsafVillageCoverage *village = data;

  g_free (village->code);
  g_free (village->last_held_on);
  g_free (village);
}

void
isaf_dissemination_coverage_free (IsafDisseminationCoverage *coverage)
{
  if (coverage == NULL)
    return;
  g_ptr_array_unref (coverage->villages);
  g_free (coverage);
}

static IsafDisseminationCoverage *
read_coverage (IsafDatabase *database,
               int           year,
               GError      **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database, coverage_sql, error);
  g_autoptr(IsafDisseminationCoverage) coverage = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;

  coverage = g_new0 (IsafDisseminationCoverage, 1);
  coverage->year = year;
  coverage->villages = g_ptr_array_new_with_free_func (village_coverage_free);

  sqlite3_bind_int (stmt, 1, year);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      IsafVillageCoverage *village = g_new0 (IsafVillageCoverage, 1);

      memcpy (village->village_id.bytes, sqlite3_column_blob (stmt, 0), 16);
      village->code = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      village->n_meetings = sqlite3_column_int (stmt, 2);
      village->last_held_on = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      for (guint i = 0; i < ISAF_N_ATTENDANCE; i++)
        {
          village->attendance[i] = sqlite3_column_int64 (stmt, 4 + i);
          coverage->attendance[i] += village->attendance[i];
        }
      coverage->n_meetings += village->n_meetings;
      if (village->n_meetings > 0)
        coverage->n_reached++;
      g_ptr_array_add (coverage->villages, village);
    }
  if (rc != SQLITE_DONE)
    {
      isaf_stage_set_sqlite_error (database, error);
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&coverage);
}

/* Jobs ----------------------------------------------------------------------------------- */

typedef struct {
  int year;
  IsafDisseminationMeeting *meeting;
  GPtrArray *meetings;
  IsafDisseminationCoverage *coverage;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_clear_pointer (&job->meeting, isaf_dissemination_meeting_unref);
  g_clear_pointer (&job->meetings, g_ptr_array_unref);
  g_clear_pointer (&job->coverage, isaf_dissemination_coverage_free);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static gboolean
save_job (IsafDatabase *database,
          gpointer      data,
          GError      **error)
{
  Job *job = data;

  return isaf_dissemination_write (database, job->meeting, error);
}

gboolean
isaf_dissemination_save (IsafStore                *store,
                         IsafDisseminationMeeting *meeting,
                         GError                  **error)
{
  g_autoptr(Job) job = g_new0 (Job, 1);

  g_return_val_if_fail (ISAF_IS_STORE (store), FALSE);
  g_return_val_if_fail (meeting != NULL, FALSE);

  job->meeting = isaf_dissemination_meeting_ref (meeting);
  if (!isaf_database_run (isaf_store_get_database (store), ISAF_DATABASE_WRITE, save_job, job,
                          error))
    return FALSE;

  isaf_record_mark_stored (meeting->record, FALSE);
  return TRUE;
}

void
isaf_dissemination_save_async (IsafStore                *store,
                               IsafDisseminationMeeting *meeting,
                               GCancellable             *cancellable,
                               GAsyncReadyCallback       callback,
                               gpointer                  user_data)
{
  Job *job;

  g_return_if_fail (meeting != NULL);

  job = g_new0 (Job, 1);
  job->meeting = isaf_dissemination_meeting_ref (meeting);
  isaf_store_job_run_async (store, ISAF_DATABASE_WRITE, save_job, job, job_free,
                            isaf_dissemination_save_async, cancellable, callback, user_data);
}

gboolean
isaf_dissemination_save_finish (IsafStore     *store,
                                GAsyncResult  *result,
                                GError       **error)
{
  Job *job = isaf_store_job_finish (store, result, isaf_dissemination_save_async, error);

  if (job == NULL)
    return FALSE;
  isaf_record_mark_stored (job->meeting->record, FALSE);
  return TRUE;
}

static gboolean
list_job (IsafDatabase *database,
          gpointer      data,
          GError      **error)
{
  Job *job = data;

  job->meetings = read_meetings (database, job->year, error);
  return job->meetings != NULL;
}

GPtrArray *
isaf_dissemination_list (IsafStore  *store,
                         int         year,
                         GError    **error)
{
  g_autoptr(Job) job = g_new0 (Job, 1);

  g_return_val_if_fail (ISAF_IS_STORE (store), NULL);

  job->year = year;
  if (!isaf_database_run (isaf_store_get_database (store), ISAF_DATABASE_READ, list_job, job,
                          error))
    return NULL;
  return g_steal_pointer (&job->meetings);
}

void
isaf_dissemination_list_async (IsafStore           *store,
                               int                  year,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);

  job->year = year;
  isaf_store_job_run_async (store, ISAF_DATABASE_READ, list_job, job, job_free,
                            isaf_dissemination_list_async, cancellable, callback, user_data);
}

GPtrArray *
isaf_dissemination_list_finish (IsafStore     *store,
                                GAsyncResult  *result,
                                GError       **error)
{
  Job *job = isaf_store_job_finish (store, result, isaf_dissemination_list_async, error);

  return job ? g_steal_pointer (&job->meetings) : NULL;
}

static gboolean
coverage_job (IsafDatabase *database,
              gpointer      data,
              GError      **error)
{
  Job *job = data;

  job->coverage = read_coverage (database, job->year, error);
  return job->coverage != NULL;
}

/**
 * isaf_dissemination_coverage:
 * @store: the store
 * @year: a cycle year
 * @error: what went wrong reading
 *
 * Returns: (transfer full): every village of the commune with the meetings held there in
 *   the cycle of @year; a village without any was not reached
 */
IsafDisseminationCoverage *
isaf_dissemination_coverage (IsafStore  *store,
                             int         year,
                             GError    **error)
{
  g_autoptr(Job) job = g_new0 (Job, 1);

  g_return_val_if_fail (ISAF_IS_STORE (store), NULL);

  job->year = year;
  if (!isaf_database_run (isaf_store_get_database (store), ISAF_DATABASE_READ, coverage_job,
                          job, error))
    return NULL;
  return g_steal_pointer (&job->coverage);
}

void
isaf_dissemination_coverage_async (IsafStore           *store,
                                   int                  year,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);

  job->year = year;
  isaf_store_job_run_async (store, ISAF_DATABASE_READ, coverage_job, job, job_free,
                            isaf_dissemination_coverage_async, cancellable, callback, user_data);
}

IsafDisseminationCoverage *
isaf_dissemination_coverage_finish (IsafStore     *store,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  Job *job = isaf_store_job_finish (store, result, isaf_dissemination_coverage_async, error);

  return job ? g_steal_pointer (&job->coverage) : NULL;
}
