/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-bench"

#include "config.h"

#include "bench-sync-month.h"
#include "isaf-demo-text.h"

/* The forms follow isaf-demo-cycle.c: the same tables, the same kinds of values, the same
 * natural keys for link and attendance rows. */

typedef struct {
  IsafStore *store;
  GRand *rand;
  GDateTime *now;
  IsafUuid cycle;
  guint saves;
} Month;

static GPtrArray *
list (Month          *month,
      const char     *table,
      const char     *parent_column,
      const IsafUuid *parent)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *records = isaf_store_list (month->store, table, parent_column, parent, &error);

  if (records == NULL)
    g_error ("listing %s: %s", table, error->message);
  return records;
}

/* One form: every record saved together, or none. Takes the records. */
static void
save_form (Month     *month,
           GPtrArray *records)
{
  g_autoptr(GPtrArray) owned = records;
  g_autoptr(GError) error = NULL;

  if (!isaf_store_save (month->store, owned, &error))
    g_error ("saving a %s form: %s", isaf_record_get_table_name (owned->pdata[0]),
             error->message);
  month->saves++;
}

static GPtrArray *
new_form (void)
{
  return g_ptr_array_new_with_free_func (g_object_unref);
}

static char *
date_in_month (Month *month,
               int    day)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_time_get_year (month->now),
                          g_date_time_get_month (month->now), CLAMP (day, 1, 28));
}

static int
draw (Month *month,
      int    low,
      int    high)
{
  return g_rand_int_range (month->rand, low, high + 1);
}

/* A row that only ties two others, keyed by both. */
static IsafRecord *
new_link (const char     *table,
          const char     *parent_column,
          const IsafUuid *parent,
          const char     *child_column,
          const IsafUuid *child)
{
  char parent_text[ISAF_UUID_STRING_LENGTH + 1], child_text[ISAF_UUID_STRING_LENGTH + 1];
  g_autofree char *key = NULL;
  IsafRecord *link;

  isaf_uuid_to_buffer (parent, parent_text);
  isaf_uuid_to_buffer (child, child_text);
  key = g_strconcat (parent_text, "/", child_text, NULL);
  link = isaf_record_new_keyed (table, key);
  isaf_record_set_reference (link, parent_column, parent);
  isaf_record_set_reference (link, child_column, child);
  return link;
}

static IsafRecord *
new_attendance (const char     *table,
                const IsafUuid *meeting,
                const char     *category,
                int             count)
{
  char meeting_text[ISAF_UUID_STRING_LENGTH + 1];
  g_autofree char *key = NULL;
  IsafRecord *row;

  isaf_uuid_to_buffer (meeting, meeting_text);
  key = g_strconcat (meeting_text, "/", category, NULL);
  row = isaf_record_new_keyed (table, key);
  isaf_record_set_reference (row, "meeting_id", meeting);
  isaf_record_set_text (row, "category", category);
  isaf_record_set_integer (row, "count", count);
  return row;
}

static void
find_latest_cycle (Month *month)
{
  g_autoptr(GPtrArray) cycles = list (month, "cycle", NULL, NULL);
  gint64 latest = 0;

  for (guint i = 0; i < cycles->len; i++)
    if (isaf_record_get_integer (cycles->pdata[i], "year") > latest)
      {
        latest = isaf_record_get_integer (cycles->pdata[i], "year");
        month->cycle = *isaf_record_get_id (cycles->pdata[i]);
      }
  if (latest == 0)
    g_error ("the laptop holds no cycle");
}

/* Late actions move on now and then; finished ones stay as they are. */
static const char *
next_status (Month      *month,
             const char *status)
{
  if (g_str_equal (status, "not_started") && draw (month, 0, 1) == 0)
    return "ongoing";
  if (g_str_equal (status, "ongoing") && draw (month, 0, 2) == 0)
    return "completed";
  return status;
}

/* The progress of one action, recorded at @meeting, with the status change if any. */
static void
record_progress (Month          *month,
                 const IsafUuid *meeting,
                 IsafRecord     *action)
{
  GPtrArray *form = new_form ();
  const char *before = isaf_record_get_text (action, "status");
  const char *status = next_status (month, before);
  gint64 cost = isaf_record_get_integer (action, "estimated_cost_riel");
  g_autofree char *today = date_in_month (month, 25);
  IsafRecord *progress = new_link ("jaap_progress", "meeting_id", meeting, "action_id",
                                   isaf_record_get_id (action));

  isaf_record_set_text (progress, "status", status);
  if (!g_str_equal (status, "not_started"))
    isaf_record_set_text (progress, "note",
                          isaf_demo_pick (month->rand, isaf_demo_progress_notes));
  isaf_record_set_integer (progress, "cost_spent_riel",
                           g_str_equal (status, "completed") ? cost
                                                             : cost * draw (month, 20, 90) / 100);
  g_ptr_array_add (form, progress);

  if (!g_str_equal (status, before))
    {
      IsafRecord *change = isaf_record_new ("jaap_status_change");

      isaf_record_set_reference (change, "action_id", isaf_record_get_id (action));
      isaf_record_set_text (change, "status", status);
      isaf_record_set_text (change, "changed_on", today);
      g_ptr_array_add (form, change);
      isaf_record_set_text (action, "status", status);
      if (g_str_equal (status, "completed"))
        isaf_record_set_integer (action, "actual_cost_riel", cost);
      g_ptr_array_add (form, g_object_ref (action));
    }
  save_form (month, form);
}

/* The JAAP committee's meeting, then the progress of each action (not the group headings). */
static void
enter_monitoring (Month *month)
{
  g_autoptr(GPtrArray) members = list (month, "jaapc_member", NULL, NULL);
  g_autoptr(GPtrArray) actions = list (month, "jaap_action", "cycle_id", &month->cycle);
  g_autoptr(GPtrArray) places = list (month, "service_unit", NULL, NULL);
  GPtrArray *form = new_form ();
  IsafRecord *meeting = isaf_record_new ("jaapc_meeting");
  IsafUuid meeting_id = *isaf_record_get_id (meeting);
  g_autofree char *held_on = date_in_month (month, 25);

  isaf_record_set_reference (meeting, "cycle_id", &month->cycle);
  isaf_record_set_text (meeting, "held_on", held_on);
  isaf_record_set_text (meeting, "place", isaf_record_get_text (places->pdata[0], "name_km"));
  isaf_record_set_text (meeting, "decisions", isaf_demo_pick (month->rand, isaf_demo_decisions));
  g_ptr_array_add (form, meeting);
  for (guint m = 0; m < members->len; m++)
    if (draw (month, 0, 5) > 0)
      g_ptr_array_add (form, new_link ("jaapc_attendance", "meeting_id", &meeting_id,
                                       "member_id", isaf_record_get_id (members->pdata[m])));
  save_form (month, form);

  for (guint a = 0; a < actions->len; a++)
    {
      IsafRecord *action = actions->pdata[a];

      if (isaf_record_is_null (action, "parent_id")
          && g_str_equal (isaf_record_get_text (action, "action_group"), "kha"))
        continue;
      record_progress (month, &meeting_id, action);
    }
}

/* A meeting in each village, presented by two facilitators, about the commune office, the
 * health centre and the village's own school. */
static void
enter_dissemination (Month *month)
{
  g_autoptr(GPtrArray) villages = list (month, "village", NULL, NULL);
  g_autoptr(GPtrArray) cafs = list (month, "caf", NULL, NULL);
  g_autoptr(GPtrArray) units = list (month, "service_unit", NULL, NULL);

  for (guint v = 0; v < villages->len; v++)
    {
      const IsafUuid *village = isaf_record_get_id (villages->pdata[v]);
      GPtrArray *form = new_form ();
      IsafRecord *meeting = isaf_record_new ("dissemination_meeting");
      IsafUuid id = *isaf_record_get_id (meeting);
      g_autofree char *held_on = date_in_month (month, 1 + (v * 27) / villages->len);
      guint caf = draw (month, 0, cafs->len - 1);
      int women = draw (month, 12, 45), men = draw (month, 5, 30);

      isaf_record_set_reference (meeting, "cycle_id", &month->cycle);
      isaf_record_set_reference (meeting, "village_id", village);
      isaf_record_set_text (meeting, "held_on", held_on);
      isaf_record_set_text (meeting, "place", isaf_demo_pick (month->rand,
                                                              isaf_demo_meeting_places));
      g_ptr_array_add (form, meeting);
      for (guint f = 0; f < 2; f++)
        g_ptr_array_add (form, new_link ("dissemination_facilitator", "meeting_id", &id,
                                         "caf_id",
                                         isaf_record_get_id (cafs->pdata[(caf + f) % cafs->len])));
      for (guint u = 0; u < units->len; u++)
        {
          IsafRecord *unit = units->pdata[u];

          if (g_str_equal (isaf_record_get_text (unit, "kind"), "primary_school")
              && !isaf_uuid_equal (isaf_record_get_reference (unit, "village_id"), village))
            continue;
          g_ptr_array_add (form, new_link ("dissemination_unit", "meeting_id", &id,
                                           "service_unit_id", isaf_record_get_id (unit)));
        }
      g_ptr_array_add (form, new_attendance ("dissemination_attendance", &id, "women", women));
      g_ptr_array_add (form, new_attendance ("dissemination_attendance", &id, "men", men));
      g_ptr_array_add (form, new_attendance ("dissemination_attendance", &id, "youth",
                                             draw (month, 2, (women + men) / 3)));
      g_ptr_array_add (form, new_attendance ("dissemination_attendance", &id, "disability",
                                             draw (month, 0, 3)));
      g_ptr_array_add (form, new_attendance ("dissemination_attendance", &id, "id_poor",
                                             draw (month, 1, 8)));
      save_form (month, form);
    }
}

/* The month's spending on each budget line of the cycle, in one form. */
static void
enter_spending (Month *month)
{
  g_autoptr(GPtrArray) lines = list (month, "awpb_line", "cycle_id", &month->cycle);
  GPtrArray *form = new_form ();

  for (guint i = 0; i < lines->len; i++)
    {
      IsafRecord *line = lines->pdata[i];
      gint64 amount = isaf_record_get_integer (line, "amount_riel");
      gint64 spent = isaf_record_get_integer (line, "spent_riel");

      isaf_record_set_integer (line, "spent_riel",
                               MIN (amount, spent + amount * draw (month, 2, 10) / 100));
      g_ptr_array_add (form, g_object_ref (line));
    }
  if (form->len > 0)
    save_form (month, form);
  else
    g_ptr_array_unref (form);
}

guint
bench_sync_enter_month (IsafStore *store,
                        guint32    seed)
{
  Month month = { store, g_rand_new_with_seed (seed), g_date_time_new_now_local () };

  find_latest_cycle (&month);
  enter_monitoring (&month);
  enter_dissemination (&month);
  enter_spending (&month);
  g_rand_free (month.rand);
  g_date_time_unref (month.now);
  return month.saves;
}
