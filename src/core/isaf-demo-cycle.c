/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-demo"

#include "config.h"

#include <string.h>

#include "isaf-demo-private.h"
#include "isaf-reference.h"
#include "isaf-stage-rows.h"
#include "isaf-store.h"

/* One complete year of the ISAF cycle for the demo commune, in the order it is practised:
 * plan and budget (January), I4C (February), dissemination in every village (March),
 * scorecards (April–May), self-assessments (May), the interface meeting and the JAAP (June),
 * then twelve monthly JAAP Committee meetings from July to the next June. */

typedef struct {
  IsafUuid id;
  IsafUuid unit;
  char *text;
} Priority;

typedef struct {
  IsafUuid id;
  int start_month;    /* months counted from January of the cycle's year */
  int end_month;
  int done_month;     /* when it is completed; 0 = not in this cycle */
  gboolean cancelled;
  gint64 cost;
} Action;

typedef struct {
  Demo *demo;
  int year;
  IsafUuid cycle;
  GArray *indicators;   /* IsafUuid of each unit's first scorecard's selected indicators */
  GArray *priorities;
  GArray *actions;
} Cycle;

static const char * const stage_names[] = {
  "planning", "i4c", "dissemination", "scorecard", "self_assessment", "interface", "jaap",
  "monitoring",
};

static DemoUnit *
unit_at (Cycle *cycle,
         guint  index)
{
  return &g_array_index (cycle->demo->units, DemoUnit, index);
}

/* Calendar month @n (1 = January of the cycle's year, 13 = January of the next). */
static char *
month_date (Cycle *cycle,
            int    n,
            int    day)
{
  return demo_date (cycle->year + (n - 1) / 12, (n - 1) % 12 + 1, day);
}

static IsafRecord *
cycle_record (Cycle      *cycle,
              const char *table,
              int         month,
              int         day)
{
  return demo_record (cycle->demo, table, cycle->year + (month - 1) / 12, (month - 1) % 12 + 1, day);
}

static gboolean
generate_cycle_row (Cycle   *cycle,
                    GError **error)
{
  g_autofree char *key = g_strdup_printf ("%s/%d", cycle->demo->commune->code, cycle->year);
  IsafRecord *record = isaf_record_new_keyed ("cycle", key);

  cycle->cycle = *isaf_record_get_id (record);
  isaf_record_set_integer (record, "year", cycle->year);
  if (!demo_save (cycle->demo, record, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (stage_names); i++)
    {
      g_autofree char *stage_key = isaf_stage_key_of (&cycle->cycle, stage_names[i]);
      IsafRecord *stage = isaf_record_new_keyed ("cycle_stage", stage_key);
      int start = MIN (1 + (int) i, 7);
      int end = i + 1 == G_N_ELEMENTS (stage_names) ? 18 : start;
      g_autofree char *planned_start = month_date (cycle, start, 1);
      g_autofree char *planned_end = month_date (cycle, end, 28);

      isaf_record_set_reference (stage, "cycle_id", &cycle->cycle);
      isaf_record_set_text (stage, "stage", stage_names[i]);
      isaf_record_set_text (stage, "status", "done");
      isaf_record_set_text (stage, "planned_start", planned_start);
      isaf_record_set_text (stage, "planned_end", planned_end);
      isaf_record_set_text (stage, "done_on", planned_end);
      if (!demo_save (cycle->demo, stage, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
generate_budget (Cycle   *cycle,
                 GError **error)
{
  Demo *demo = cycle->demo;
  guint n_lines = demo_range (demo, 5, 8);
  guint n_pool = isaf_demo_pool_length (isaf_demo_awpb_descriptions);

  /* About 2–4 million Riel a year in all (DOMAIN.md). */
  for (guint i = 0; i < n_lines; i++)
    {
      guint pick = demo_range (demo, 0, n_pool - 1);
      IsafRecord *line = cycle_record (cycle, "awpb_line", 1, 10 + i);
      gint64 amount = demo_range (demo, 3, 7) * 100000;

      isaf_record_set_reference (line, "cycle_id", &cycle->cycle);
      isaf_record_set_text (line, "category", isaf_demo_awpb_categories[pick]);
      isaf_record_set_text (line, "description", isaf_demo_awpb_descriptions[pick]);
      isaf_record_set_integer (line, "quarter", demo_range (demo, 1, 4));
      isaf_record_set_integer (line, "amount_riel", amount);
      isaf_record_set_integer (line, "spent_riel", amount - demo_range (demo, 0, 3) * 50000);
      isaf_record_set_text (line, "fund_source",
                            demo_range (demo, 0, 4) ? "commune_fund" : "development_partner");
      if (!demo_save (demo, line, error))
        return FALSE;
    }
  return TRUE;
}

static const char *
opening_hours (const char *kind)
{
  if (g_str_equal (kind, "health_centre"))
    return "ថ្ងៃច័ន្ទ ដល់ ថ្ងៃសុក្រ ម៉ោង ៧:០០ ដល់ ១៧:០០ · សេវាសង្គ្រោះបន្ទាន់ ២៤ ម៉ោង";
  if (g_str_equal (kind, "primary_school"))
    return "ថ្ងៃច័ន្ទ ដល់ ថ្ងៃសៅរ៍ ម៉ោង ៧:០០ ដល់ ១១:០០ និង ១៣:០០ ដល់ ១៧:០០";
  return "ថ្ងៃច័ន្ទ ដល់ ថ្ងៃសុក្រ ម៉ោង ៧:៣០ ដល់ ១១:៣០ និង ១៤:០០ ដល់ ១៧:០០";
}

static const char *
services_offered (const char *kind)
{
  if (g_str_equal (kind, "health_centre"))
    return "ពិនិត្យជំងឺទូទៅ\nពិនិត្យផ្ទៃពោះ និងសម្រាលកូន\nចាក់វ៉ាក់សាំងកុមារ\nផែនការគ្រួសារ";
  if (g_str_equal (kind, "primary_school"))
    return "ថ្នាក់ទី១ ដល់ ថ្នាក់ទី៦\nបណ្ណាល័យ";
  return "ចុះសំបុត្រកំណើត អាពាហ៍ពិពាហ៍ និងមរណភាព\nបញ្ជាក់ឯកសារ\nផ្ដល់ព័ត៌មានអំពីផែនការឃុំ";
}

static gboolean
generate_i4c_details (Cycle          *cycle,
                      DemoUnit       *unit,
                      const IsafUuid *set_id,
                      GError        **error)
{
  Demo *demo = cycle->demo;
  gboolean health = g_str_equal (unit->kind, "health_centre");
  gboolean school = g_str_equal (unit->kind, "primary_school");
  const char * const *fees_km = health ? isaf_demo_fee_services_km : isaf_demo_school_fee_services_km;
  const char * const *fees_en = health ? isaf_demo_fee_services_en : isaf_demo_school_fee_services_en;
  const char * const *staff = health ? isaf_demo_staff_categories_health : isaf_demo_staff_categories_school;
  guint n_fees = MIN (isaf_demo_pool_length (fees_km), health ? 8u : 4u);

  if (!health && !school)
    return TRUE;

  for (guint i = 0; i < n_fees; i++)
    {
      IsafRecord *fee = cycle_record (cycle, "i4c_fee", 2, 5);
      /* Items marked free in their label cost nothing; health fees are a few thousand Riel. */
      gboolean free = strstr (fees_en[i], "free") != NULL || school;

      isaf_record_set_reference (fee, "i4c_set_id", set_id);
      isaf_record_set_integer (fee, "position", i + 1);
      isaf_record_set_text (fee, "service_km", fees_km[i]);
      isaf_record_set_text (fee, "service_en", fees_en[i]);
      isaf_record_set_integer (fee, "amount_riel", free ? 0 : demo_range (demo, 1, 20) * 1000);
      if (!demo_save (demo, fee, error))
        return FALSE;
    }

  for (guint i = 0; staff[i] && i < 4; i++)
    {
      g_autofree char *key = isaf_stage_key_of (set_id, staff[i]);
      IsafRecord *row = isaf_record_new_keyed ("i4c_staff", key);

      isaf_record_set_reference (row, "i4c_set_id", set_id);
      isaf_record_set_text (row, "category", staff[i]);
      isaf_record_set_integer (row, "women", demo_range (demo, 0, school ? 6 : 4));
      isaf_record_set_integer (row, "men", demo_range (demo, 0, school ? 5 : 3));
      if (!demo_save (demo, row, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
generate_i4c (Cycle   *cycle,
              GError **error)
{
  Demo *demo = cycle->demo;

  for (guint u = 0; u < demo->units->len; u++)
    {
      DemoUnit *unit = unit_at (cycle, u);
      g_autofree char *key = g_strdup_printf ("%d", cycle->year);
      g_autofree char *set_key = isaf_stage_key_of (&unit->id, key);
      IsafRecord *set = isaf_record_new_keyed ("i4c_set", set_key);
      IsafUuid set_id = *isaf_record_get_id (set);
      g_autoptr(GPtrArray) indicators = NULL;
      gint64 budget = demo_range (demo, 20, 120) * 1000000;
      g_autofree char *published = month_date (cycle, 2, 20);

      isaf_record_set_reference (set, "cycle_id", &cycle->cycle);
      isaf_record_set_reference (set, "service_unit_id", &unit->id);
      isaf_record_set_text (set, "ref_dataset", "i4c-indicators");
      isaf_record_set_integer (set, "ref_version", 1);
      isaf_record_set_text (set, "opening_hours", opening_hours (unit->kind));
      isaf_record_set_text (set, "services_offered", services_offered (unit->kind));
      isaf_record_set_integer (set, "budget_received_riel", budget);
      isaf_record_set_integer (set, "budget_spent_riel", budget - demo_range (demo, 0, 10) * 500000);
      isaf_record_set_text (set, "published_on", published);
      if (!demo_save (demo, set, error))
        return FALSE;

      indicators = isaf_reference_read_indicators (demo->database, "i4c", unit->kind, error);
      if (indicators == NULL)
        return FALSE;

      for (guint i = 0; i < indicators->len; i++)
        {
          IsafIndicator *indicator = g_ptr_array_index (indicators, i);
          g_autofree char *value_key = isaf_stage_key_of (&set_id, indicator->code);
          IsafRecord *value = isaf_record_new_keyed ("i4c_value", value_key);
          double standard = indicator->has_standard ? indicator->standard : 50;
          /* Around the standard, sometimes meeting it and sometimes not; one value in ten
           * is missing, as on real posters. */
          double spread = MAX (standard * 0.3, 2.0);
          double figure = standard + (g_rand_double (demo->rand) - 0.6) * spread;

          isaf_record_set_reference (value, "i4c_set_id", &set_id);
          isaf_record_set_text (value, "indicator_code", indicator->code);
          figure = MAX (figure, 0);
          if (g_str_equal (indicator->unit, "%"))
            figure = MIN (figure, 100);
          if (demo_range (demo, 0, 9) > 0)
            isaf_record_set_real (value, "value", (int) figure);
          if (!demo_save (demo, value, error))
            return FALSE;
        }

      if (!generate_i4c_details (cycle, unit, &set_id, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_attendance (Cycle          *cycle,
                const char     *table,
                const char     *parent_column,
                const IsafUuid *parent,
                const char     *category,
                int             count,
                GError        **error)
{
  g_autofree char *key = isaf_stage_key_of (parent, category);
  IsafRecord *row = isaf_record_new_keyed (table, key);

  isaf_record_set_reference (row, parent_column, parent);
  isaf_record_set_text (row, "category", category);
  isaf_record_set_integer (row, "count", count);
  return demo_save (cycle->demo, row, error);
}

static gboolean
add_link (Cycle          *cycle,
          const char     *table,
          const char     *parent_column,
          const IsafUuid *parent,
          const char     *child_column,
          const IsafUuid *child,
          GError        **error)
{
  char child_text[ISAF_UUID_STRING_LENGTH + 1];
  g_autofree char *key = NULL;
  IsafRecord *row;

  isaf_uuid_to_buffer (child, child_text);
  key = isaf_stage_key_of (parent, child_text);
  row = isaf_record_new_keyed (table, key);
  isaf_record_set_reference (row, parent_column, parent);
  isaf_record_set_reference (row, child_column, child);
  return demo_save (cycle->demo, row, error);
}

static gboolean
generate_dissemination (Cycle   *cycle,
                        GError **error)
{
  Demo *demo = cycle->demo;

  for (guint v = 0; v < demo->villages->len; v++)
    {
      int day = 1 + (v * 27) / MAX (demo->villages->len, 1);
      IsafRecord *meeting = cycle_record (cycle, "dissemination_meeting", 3, day);
      IsafUuid id = *isaf_record_get_id (meeting);
      g_autofree char *held_on = month_date (cycle, 3, day);
      int women = demo_range (demo, 12, 45), men = demo_range (demo, 5, 30);
      guint caf = demo_range (demo, 0, demo->cafs->len - 1);

      isaf_record_set_reference (meeting, "cycle_id", &cycle->cycle);
      isaf_record_set_reference (meeting, "village_id", &g_array_index (demo->village_ids, IsafUuid, v));
      isaf_record_set_text (meeting, "held_on", held_on);
      isaf_record_set_text (meeting, "place", isaf_demo_pick (demo->rand, isaf_demo_meeting_places));
      if (!demo_save (demo, meeting, error))
        return FALSE;

      if (!add_link (cycle, "dissemination_facilitator", "meeting_id", &id, "caf_id",
                     &g_array_index (demo->cafs, IsafUuid, caf), error)
          || !add_link (cycle, "dissemination_facilitator", "meeting_id", &id, "caf_id",
                        &g_array_index (demo->cafs, IsafUuid, (caf + 1) % demo->cafs->len), error))
        return FALSE;

      for (guint u = 0; u < demo->units->len; u++)
        {
          DemoUnit *unit = unit_at (cycle, u);

          /* The commune office and the health centre concern every village; a school only
           * its own. */
          if (g_str_equal (unit->kind, "primary_school") && unit->village != v)
            continue;
          if (!add_link (cycle, "dissemination_unit", "meeting_id", &id, "service_unit_id",
                         &unit->id, error))
            return FALSE;
        }

      if (!add_attendance (cycle, "dissemination_attendance", "meeting_id", &id, "women", women, error)
          || !add_attendance (cycle, "dissemination_attendance", "meeting_id", &id, "men", men, error)
          || !add_attendance (cycle, "dissemination_attendance", "meeting_id", &id, "youth",
                              demo_range (demo, 2, (women + men) / 3), error)
          || !add_attendance (cycle, "dissemination_attendance", "meeting_id", &id, "disability",
                              demo_range (demo, 0, 3), error)
          || !add_attendance (cycle, "dissemination_attendance", "meeting_id", &id, "id_poor",
                              demo_range (demo, 1, 8), error))
        return FALSE;
    }
  return TRUE;
}

/* Scorecards ---------------------------------------------------------------------------- */

typedef struct {
  IsafUuid id;
  double mean;
} ScoredIndicator;

static int
draw_score (Demo   *demo,
            double  mean)
{
  int score = (int) (mean + (g_rand_double (demo->rand) + g_rand_double (demo->rand) - 1.0) * 2.0 + 0.5);

  return CLAMP (score, 1, 5);
}

static gboolean
add_note (Cycle          *cycle,
          const IsafUuid *indicator,
          const char     *kind,
          int             position,
          const char     *text,
          GError        **error)
{
  IsafRecord *note = cycle_record (cycle, "scorecard_note", 5, 1);

  isaf_record_set_reference (note, "scorecard_indicator_id", indicator);
  isaf_record_set_text (note, "kind", kind);
  isaf_record_set_integer (note, "position", position);
  isaf_record_set_text (note, "text", text);
  return demo_save (cycle->demo, note, error);
}

/* The indicators of one scorecard: standard ones from the national set and citizens' own,
 * with how often each was raised; 5–8 of them are selected for scoring. */
static GArray *
generate_indicators (Cycle          *cycle,
                     const IsafUuid *scorecard,
                     DemoUnit       *unit,
                     gboolean        self_assessment,
                     GError        **error)
{
  Demo *demo = cycle->demo;
  const char *kind = g_str_equal (unit->kind, "health_post") ? "health_centre" : unit->kind;
  g_autoptr(GPtrArray) standard = isaf_reference_read_indicators (demo->database, "scorecard", kind, error);
  g_autoptr(GArray) selected = g_array_new (FALSE, FALSE, sizeof (ScoredIndicator));
  guint n_selected = demo_range (demo, 5, 8);
  guint n_citizen = self_assessment ? 0 : demo_range (demo, 1, 3);
  guint position = 0;

  if (standard == NULL)
    return NULL;

  for (guint i = 0; i < standard->len + n_citizen; i++)
    {
      IsafRecord *row = cycle_record (cycle, "scorecard_indicator", 4, 1);
      ScoredIndicator scored = { *isaf_record_get_id (row), 2.0 + g_rand_double (demo->rand) * 2.5 };
      gboolean is_standard = i < standard->len;
      guint still_needed = n_selected - MIN (selected->len, n_selected);
      guint left = standard->len + n_citizen - i;
      /* Citizens' own indicators are usually chosen; standard ones two times in three, but
       * never so few that fewer than five are left to score. */
      gboolean chosen = still_needed > 0
                        && (still_needed >= left || i >= standard->len || demo_range (demo, 0, 2) > 0);

      isaf_record_set_reference (row, "scorecard_id", scorecard);
      isaf_record_set_integer (row, "position", ++position);
      if (is_standard)
        {
          IsafIndicator *indicator = g_ptr_array_index (standard, i);

          isaf_record_set_text (row, "indicator_code", indicator->code);
          isaf_record_set_text (row, "name_km", indicator->name_km);
        }
      else
        isaf_record_set_text (row, "name_km",
                              isaf_demo_pick (demo->rand, isaf_demo_citizen_indicators));
      isaf_record_set_integer (row, "times_raised", demo_range (demo, 1, 12));
      isaf_record_set_boolean (row, "is_selected", chosen);
      if (!demo_save (demo, row, error))
        return NULL;

      if (!chosen)
        continue;
      g_array_append_val (selected, scored);

      if (!add_note (cycle, &scored.id, "strength", 1,
                     isaf_demo_pick (demo->rand, isaf_demo_strengths), error)
          || !add_note (cycle, &scored.id, "weakness", 1,
                        isaf_demo_pick (demo->rand, isaf_demo_weaknesses), error)
          || !add_note (cycle, &scored.id, "suggestion", 1,
                        isaf_demo_pick (demo->rand, isaf_demo_suggestions), error))
        return NULL;
    }

  return g_steal_pointer (&selected);
}

static gboolean
generate_votes (Cycle    *cycle,
                const IsafUuid *scorecard,
                GArray   *indicators,
                guint     n_participants,
                int       month,
                gboolean  provider,
                GError  **error)
{
  Demo *demo = cycle->demo;

  for (guint p = 0; p < n_participants; p++)
    {
      IsafRecord *participant = cycle_record (cycle, "scorecard_participant", month, 10);
      IsafUuid participant_id = *isaf_record_get_id (participant);
      int age = demo_range (demo, 16, 75);
      /* One in ten stays anonymous: they may propose indicators, but do not vote. */
      gboolean anonymous = !provider && demo_range (demo, 0, 9) == 0;

      isaf_record_set_reference (participant, "scorecard_id", scorecard);
      isaf_record_set_integer (participant, "position", p + 1);
      isaf_record_set_text (participant, "sex", demo_range (demo, 0, 99) < 62 ? "f" : "m");
      isaf_record_set_integer (participant, "age", age);
      isaf_record_set_boolean (participant, "is_youth", age <= 30);
      isaf_record_set_boolean (participant, "has_disability", demo_range (demo, 0, 19) == 0);
      isaf_record_set_boolean (participant, "is_ethnic_minority", demo_range (demo, 0, 29) == 0);
      isaf_record_set_boolean (participant, "is_id_poor", demo_range (demo, 0, 5) == 0);
      isaf_record_set_boolean (participant, "is_anonymous", anonymous);
      if (!demo_save (demo, participant, error))
        return FALSE;

      if (anonymous)
        continue;

      for (guint i = 0; i < indicators->len; i++)
        {
          ScoredIndicator *indicator = &g_array_index (indicators, ScoredIndicator, i);
          char participant_text[ISAF_UUID_STRING_LENGTH + 1];
          g_autofree char *key = NULL;
          IsafRecord *vote;

          /* Providers rate themselves a little higher than citizens do. */
          isaf_uuid_to_buffer (&participant_id, participant_text);
          key = isaf_stage_key_of (&indicator->id, participant_text);
          vote = isaf_record_new_keyed ("scorecard_vote", key);
          isaf_record_set_reference (vote, "scorecard_indicator_id", &indicator->id);
          isaf_record_set_reference (vote, "participant_id", &participant_id);
          isaf_record_set_integer (vote, "score",
                                   draw_score (demo, indicator->mean + (provider ? 0.8 : 0)));
          if (!demo_save (demo, vote, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
generate_scorecard (Cycle    *cycle,
                    DemoUnit *unit,
                    int       village,
                    gboolean  self_assessment,
                    int       day,
                    GError  **error)
{
  Demo *demo = cycle->demo;
  int month = self_assessment ? 5 : 4 + day / 29;
  IsafRecord *scorecard = cycle_record (cycle, "scorecard", month, day % 28 + 1);
  IsafUuid id = *isaf_record_get_id (scorecard);
  g_autofree char *held_on = month_date (cycle, month, day % 28 + 1);
  g_autoptr(GArray) indicators = NULL;
  guint caf = demo_range (demo, 0, demo->cafs->len - 1);

  isaf_record_set_reference (scorecard, "cycle_id", &cycle->cycle);
  isaf_record_set_text (scorecard, "kind", self_assessment ? "ssa" : "csc");
  isaf_record_set_reference (scorecard, "service_unit_id", &unit->id);
  if (village >= 0)
    isaf_record_set_reference (scorecard, "village_id",
                               &g_array_index (demo->village_ids, IsafUuid, village));
  isaf_record_set_text (scorecard, "held_on", held_on);
  isaf_record_set_text (scorecard, "place", self_assessment ? unit->name_km
                        : isaf_demo_pick (demo->rand, isaf_demo_meeting_places));
  isaf_record_set_reference (scorecard, "lead_caf_id", &g_array_index (demo->cafs, IsafUuid, caf));
  isaf_record_set_text (scorecard, "status", "done");
  if (!demo_save (demo, scorecard, error))
    return FALSE;

  if (!add_link (cycle, "scorecard_facilitator", "scorecard_id", &id, "caf_id",
                 &g_array_index (demo->cafs, IsafUuid, (caf + 1) % demo->cafs->len), error))
    return FALSE;

  indicators = generate_indicators (cycle, &id, unit, self_assessment, error);
  if (indicators == NULL)
    return FALSE;

  return generate_votes (cycle, &id, indicators,
                         self_assessment ? demo_range (demo, 3, 5) : demo_range (demo, 15, 40),
                         month, self_assessment, error);
}

static gboolean
generate_scorecards (Cycle   *cycle,
                     GError **error)
{
  Demo *demo = cycle->demo;
  int day = 0;

  for (guint u = 0; u < demo->units->len; u++)
    {
      DemoUnit *unit = unit_at (cycle, u);

      /* Commune-administration scorecards are run in every village. */
      if (g_str_equal (unit->kind, "commune_office"))
        {
          for (guint v = 0; v < demo->villages->len; v++)
            if (!generate_scorecard (cycle, unit, v, FALSE, day++ % 56, error))
              return FALSE;
        }
      else if (!generate_scorecard (cycle, unit, -1, FALSE, day++ % 56, error))
        return FALSE;

      if (!generate_scorecard (cycle, unit, -1, TRUE, u, error))
        return FALSE;
    }
  return TRUE;
}

/* Interface meeting and JAAP ------------------------------------------------------------- */

static gboolean
generate_interface (Cycle   *cycle,
                    GError **error)
{
  Demo *demo = cycle->demo;
  IsafRecord *meeting = cycle_record (cycle, "interface_meeting", 6, 12);
  IsafUuid id = *isaf_record_get_id (meeting);
  g_autofree char *held_on = month_date (cycle, 6, 12);

  isaf_record_set_reference (meeting, "cycle_id", &cycle->cycle);
  isaf_record_set_text (meeting, "held_on", held_on);
  isaf_record_set_text (meeting, "place", isaf_demo_pick (demo->rand, isaf_demo_meeting_places));
  if (!demo_save (demo, meeting, error))
    return FALSE;

  if (!add_attendance (cycle, "interface_attendance", "meeting_id", &id, "citizen_women",
                       demo_range (demo, 15, 40), error)
      || !add_attendance (cycle, "interface_attendance", "meeting_id", &id, "citizen_men",
                          demo_range (demo, 8, 25), error)
      || !add_attendance (cycle, "interface_attendance", "meeting_id", &id, "provider",
                          demo_range (demo, 6, 12), error)
      || !add_attendance (cycle, "interface_attendance", "meeting_id", &id, "council",
                          demo_range (demo, 4, 9), error)
      || !add_attendance (cycle, "interface_attendance", "meeting_id", &id, "caf",
                          demo->cafs->len, error))
    return FALSE;

  for (guint u = 0; u < demo->units->len; u++)
    {
      DemoUnit *unit = unit_at (cycle, u);
      guint n = demo_range (demo, 1, 3);

      if (!add_link (cycle, "interface_meeting_unit", "meeting_id", &id, "service_unit_id",
                     &unit->id, error))
        return FALSE;

      for (guint i = 0; i < n; i++)
        {
          IsafRecord *row = cycle_record (cycle, "interface_priority", 6, 12);
          Priority priority = { *isaf_record_get_id (row), unit->id,
                                g_strdup (isaf_demo_pick (demo->rand, isaf_demo_suggestions)) };

          isaf_record_set_reference (row, "meeting_id", &id);
          isaf_record_set_reference (row, "service_unit_id", &unit->id);
          isaf_record_set_text (row, "text", priority.text);
          isaf_record_set_integer (row, "votes", demo_range (demo, 3, 40));
          isaf_record_set_boolean (row, "is_selected", i == 0);
          if (i == 0)
            g_array_append_val (cycle->priorities, priority);
          else
            g_free (priority.text);
          if (!demo_save (demo, row, error))
            return FALSE;
        }
    }
  return TRUE;
}

static void
plan_action (Cycle  *cycle,
             Action *action)
{
  Demo *demo = cycle->demo;
  int outcome = demo_range (demo, 0, 19);

  int duration = demo_range (demo, 1, 8);
  int delay = demo_range (demo, -1, 1);

  action->start_month = demo_range (demo, 7, 10);
  action->end_month = MIN (action->start_month + duration, 18);
  /* Most actions are completed, some run late or are still going, a few are cancelled. */
  if (outcome < 13)
    action->done_month = MIN (action->end_month + delay, 18);
  action->cancelled = outcome == 19;
}

static gboolean
save_action (Cycle          *cycle,
             IsafRecord     *record,
             Action         *action,
             const char     *group,
             const IsafUuid *parent,
             int             position,
             const char     *activity,
             const char     *unit_word,
             const IsafUuid *service_unit,
             const char     *fund_source,
             GError        **error)
{
  Demo *demo = cycle->demo;
  g_autofree char *start = month_date (cycle, action->start_month, 1);
  g_autofree char *end = month_date (cycle, action->end_month, 28);
  int beneficiaries = demo_range (demo, 50, 3000);

  isaf_record_set_reference (record, "cycle_id", &cycle->cycle);
  if (parent)
    isaf_record_set_reference (record, "parent_id", parent);
  isaf_record_set_text (record, "action_group", group);
  isaf_record_set_integer (record, "position", position);
  isaf_record_set_text (record, "activity", activity);
  isaf_record_set_text (record, "proposer", isaf_demo_pick (demo->rand, isaf_demo_jaapc_organisations));
  isaf_record_set_text (record, "location", g_array_index (demo->units, DemoUnit, 0).name_km);
  isaf_record_set_real (record, "quantity", demo_range (demo, 1, 20));
  isaf_record_set_text (record, "quantity_unit", unit_word);
  isaf_record_set_text (record, "start_on", start);
  isaf_record_set_text (record, "end_on", end);
  isaf_record_set_integer (record, "beneficiaries_total", beneficiaries);
  isaf_record_set_integer (record, "beneficiaries_female", beneficiaries * demo_range (demo, 45, 60) / 100);
  isaf_record_set_integer (record, "estimated_cost_riel", action->cost);
  isaf_record_set_text (record, "implementer", isaf_demo_pick (demo->rand, isaf_demo_implementers));
  if (service_unit)
    isaf_record_set_reference (record, "service_unit_id", service_unit);
  isaf_record_set_text (record, "fund_source", fund_source);
  isaf_record_set_text (record, "status", "not_started");
  return demo_save (demo, record, error);
}

static const Priority *
priority_for_unit (Cycle          *cycle,
                   const IsafUuid *unit)
{
  for (guint i = 0; i < cycle->priorities->len; i++)
    if (isaf_uuid_equal (&g_array_index (cycle->priorities, Priority, i).unit, unit))
      return &g_array_index (cycle->priorities, Priority, i);
  return NULL;
}

static gboolean
generate_jaap (Cycle   *cycle,
               GError **error)
{
  Demo *demo = cycle->demo;
  guint n_ka = demo_range (demo, 3, 6);
  guint ka_pool = isaf_demo_pool_length (isaf_demo_jaap_activities_ka);
  guint kha_pool = isaf_demo_pool_length (isaf_demo_jaap_activities_kha);

  /* Group ក: needs outside resources, goes to the commune investment programme. */
  for (guint i = 0; i < n_ka; i++)
    {
      IsafRecord *record = cycle_record (cycle, "jaap_action", 6, 20);
      Action action = { *isaf_record_get_id (record) };
      guint pick = demo_range (demo, 0, ka_pool - 1);
      DemoUnit *unit = unit_at (cycle, demo_range (demo, 0, demo->units->len - 1));

      plan_action (cycle, &action);
      action.cost = demo_range (demo, 2, 60) * 1000000;
      g_array_append_val (cycle->actions, action);
      if (!save_action (cycle, record, &action, "ka", NULL, i + 1, isaf_demo_jaap_activities_ka[pick],
                        isaf_demo_jaap_units_ka[pick], &unit->id, "commune_fund", error))
        return FALSE;
    }

  /* Group ខ: done by each provider with the community, grouped under its service unit. */
  for (guint u = 0; u < demo->units->len; u++)
    {
      DemoUnit *unit = unit_at (cycle, u);
      const Priority *priority = priority_for_unit (cycle, &unit->id);
      IsafRecord *group = cycle_record (cycle, "jaap_action", 6, 20);
      IsafUuid group_id = *isaf_record_get_id (group);
      g_autofree char *heading = g_strconcat ("អនុវត្តដោយ", unit->name_km, NULL);
      guint n = demo_range (demo, 1, 2);

      isaf_record_set_reference (group, "cycle_id", &cycle->cycle);
      isaf_record_set_text (group, "action_group", "kha");
      isaf_record_set_integer (group, "position", u + 1);
      isaf_record_set_text (group, "activity", heading);
      isaf_record_set_reference (group, "service_unit_id", &unit->id);
      isaf_record_set_text (group, "status", "ongoing");
      if (!demo_save (demo, group, error))
        return FALSE;

      for (guint i = 0; i < n; i++)
        {
          IsafRecord *record = cycle_record (cycle, "jaap_action", 6, 21);
          Action action = { *isaf_record_get_id (record) };
          guint pick = demo_range (demo, 0, kha_pool - 1);
          const char *activity = i == 0 && priority ? priority->text : isaf_demo_jaap_activities_kha[pick];

          plan_action (cycle, &action);
          action.cost = demo_range (demo, 0, 10) * 50000;
          if (i == 0 && priority)
            isaf_record_set_reference (record, "priority_id", &priority->id);
          g_array_append_val (cycle->actions, action);
          if (!save_action (cycle, record, &action, "kha", &group_id, i + 1, activity,
                            isaf_demo_jaap_units_kha[pick], &unit->id,
                            g_str_equal (unit->kind, "commune_office") ? "commune_fund" : "provider_budget",
                            error))
            return FALSE;
        }
    }
  return TRUE;
}

/* Monitoring ---------------------------------------------------------------------------- */

static const char *
status_in_month (const Action *action,
                 int           month)
{
  if (action->cancelled && month >= action->start_month + 2)
    return "cancelled";
  if (action->done_month && month >= action->done_month)
    return "completed";
  if (month >= action->start_month)
    return "ongoing";
  return "not_started";
}

static gboolean
record_status_change (Cycle        *cycle,
                      const Action *action,
                      const char   *status,
                      int           month,
                      GError      **error)
{
  IsafRecord *change = cycle_record (cycle, "jaap_status_change", month, 15);
  g_autofree char *changed_on = month_date (cycle, month, 15);
  g_autoptr(IsafRecord) current = NULL;

  isaf_record_set_reference (change, "action_id", &action->id);
  isaf_record_set_text (change, "status", status);
  isaf_record_set_text (change, "changed_on", changed_on);
  if (!demo_save (cycle->demo, change, error))
    return FALSE;

  current = isaf_store_read_record (cycle->demo->database, "jaap_action", &action->id, error);
  if (current == NULL)
    return FALSE;
  isaf_record_set_text (current, "status", status);
  if (g_str_equal (status, "completed"))
    isaf_record_set_integer (current, "actual_cost_riel", action->cost);
  return isaf_store_write_record (cycle->demo->database, current, error);
}

static gboolean
generate_monitoring (Cycle   *cycle,
                     GError **error)
{
  Demo *demo = cycle->demo;

  for (int month = 7; month <= 18; month++)
    {
      IsafRecord *meeting = cycle_record (cycle, "jaapc_meeting", month, 25);
      IsafUuid id = *isaf_record_get_id (meeting);
      g_autofree char *held_on = month_date (cycle, month, 25);

      isaf_record_set_reference (meeting, "cycle_id", &cycle->cycle);
      isaf_record_set_text (meeting, "held_on", held_on);
      isaf_record_set_text (meeting, "place", g_array_index (demo->units, DemoUnit, 0).name_km);
      isaf_record_set_text (meeting, "decisions", isaf_demo_pick (demo->rand, isaf_demo_decisions));
      if (!demo_save (demo, meeting, error))
        return FALSE;

      for (guint m = 0; m < demo->members->len; m++)
        if (demo_range (demo, 0, 5) > 0
            && !add_link (cycle, "jaapc_attendance", "meeting_id", &id, "member_id",
                          &g_array_index (demo->members, IsafUuid, m), error))
          return FALSE;

      for (guint a = 0; a < cycle->actions->len; a++)
        {
          Action *action = &g_array_index (cycle->actions, Action, a);
          const char *status = status_in_month (action, month);
          const char *before = status_in_month (action, month - 1);
          char action_text[ISAF_UUID_STRING_LENGTH + 1];
          g_autofree char *key = NULL;
          IsafRecord *progress;
          int elapsed = CLAMP (month - action->start_month + 1, 0, 12);

          isaf_uuid_to_buffer (&action->id, action_text);
          key = isaf_stage_key_of (&id, action_text);
          progress = isaf_record_new_keyed ("jaap_progress", key);
          isaf_record_set_reference (progress, "meeting_id", &id);
          isaf_record_set_reference (progress, "action_id", &action->id);
          isaf_record_set_text (progress, "status", status);
          if (!g_str_equal (status, "not_started"))
            isaf_record_set_text (progress, "note",
                                  isaf_demo_pick (demo->rand, isaf_demo_progress_notes));
          isaf_record_set_integer (progress, "cost_spent_riel",
                                   g_str_equal (status, "completed") ? action->cost
                                   : action->cost * elapsed / 12);
          if (!demo_save (demo, progress, error))
            return FALSE;

          if (!g_str_equal (status, before)
              && !record_status_change (cycle, action, status, month, error))
            return FALSE;
        }
    }
  return TRUE;
}

static void
clear_priority (gpointer data)
{
  g_free (((Priority *) data)->text);
}

gboolean
demo_generate_cycle (Demo    *demo,
                     int      year,
                     GError **error)
{
  Cycle cycle = { .demo = demo, .year = year };
  gboolean ok;

  cycle.priorities = g_array_new (FALSE, FALSE, sizeof (Priority));
  g_array_set_clear_func (cycle.priorities, clear_priority);
  cycle.actions = g_array_new (FALSE, FALSE, sizeof (Action));

  ok = generate_cycle_row (&cycle, error)
       && generate_budget (&cycle, error)
       && generate_i4c (&cycle, error)
       && generate_dissemination (&cycle, error)
       && generate_scorecards (&cycle, error)
       && generate_interface (&cycle, error)
       && generate_jaap (&cycle, error)
       && generate_monitoring (&cycle, error);

  g_array_unref (cycle.priorities);
  g_array_unref (cycle.actions);
  return ok;
}
