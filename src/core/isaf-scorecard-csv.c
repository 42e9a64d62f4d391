/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-scorecard"

#include "config.h"

#include "isaf-csv.h"
#include "isaf-scorecard-csv.h"

/* The CSV exports of the scorecard results and of the interface meetings' comparison, written
 * as every export is (isaf-csv.h). Each is built whole in memory: a commune's year is a few
 * hundred rows. */

static const char * const scorecard_columns[] = {
  "year", "unit_code", "unit_name_km", "unit_name_en", "village_code", "kind", "held_on",
  "status", "indicator_position", "indicator_code", "indicator_name_km", "indicator_name_en",
  "voters", "votes_1", "votes_2", "votes_3", "votes_4", "votes_5", "median", "average",
};

static const char * const interface_columns[] = {
  "year", "held_on", "unit_code", "unit_name_km", "unit_name_en", "indicator_code",
  "indicator_name_km", "indicator_name_en", "citizen_median", "provider_median", "gap",
};

static void
append_indicator_row (GString                        *csv,
                      const IsafScorecardReport      *report,
                      const IsafScorecardReportEntry *entry,
                      IsafScorecardIndicator         *indicator)
{
  IsafScorecard *scorecard = entry->scorecard;
  IsafRecord *record = indicator->record;
  IsafVoteCounts votes;
  double median = 0, average = 0;
  gboolean has_median, has_average;

  isaf_scorecard_indicator_get_votes (scorecard, indicator, &votes);
  has_median = isaf_vote_counts_get_median (&votes, &median);
  has_average = isaf_vote_counts_get_average (&votes, &average);

  isaf_csv_append_integer (csv, report->year);
  isaf_csv_append_value (csv, entry->unit_code);
  isaf_csv_append_text (csv, entry->unit_name_km);
  isaf_csv_append_text (csv, entry->unit_name_en);
  isaf_csv_append_value (csv, entry->village_code);
  isaf_csv_append_value (csv, isaf_record_get_text (scorecard->record, "kind"));
  isaf_csv_append_value (csv, isaf_record_get_text (scorecard->record, "held_on"));
  isaf_csv_append_value (csv, isaf_record_get_text (scorecard->record, "status"));
  isaf_csv_append_integer (csv, isaf_record_get_integer (record, "position"));
  isaf_csv_append_value (csv, isaf_record_get_text (record, "indicator_code"));
  isaf_csv_append_text (csv, isaf_record_get_text (record, "name_km"));
  isaf_csv_append_text (csv, isaf_record_get_text (record, "name_en"));
  isaf_csv_append_integer (csv, isaf_scorecard_count_voters (scorecard));
  for (guint i = 0; i < ISAF_N_SCORES; i++)
    isaf_csv_append_integer (csv, votes.counts[i]);
  isaf_csv_append_number (csv, has_median, "%.1f", median);
  isaf_csv_append_number (csv, has_average, "%.2f", average);
  isaf_csv_end_line (csv);
}

/**
 * isaf_scorecard_csv_format:
 * @report: the scorecards of a year
 *
 * Returns: (transfer full): the CSV text, its header row included
 */
char *
isaf_scorecard_csv_format (const IsafScorecardReport *report)
{
  GString *csv;

  g_return_val_if_fail (report != NULL, NULL);

  csv = isaf_csv_new ();
  isaf_csv_append_header (csv, scorecard_columns, G_N_ELEMENTS (scorecard_columns));
  for (guint e = 0; e < report->entries->len; e++)
    {
      const IsafScorecardReportEntry *entry = g_ptr_array_index (report->entries, e);
      GPtrArray *indicators = entry->scorecard->indicators;

      /* Only the selected indicators were scored. */
      for (guint i = 0; i < indicators->len; i++)
        {
          IsafScorecardIndicator *indicator = g_ptr_array_index (indicators, i);

          if (isaf_record_get_boolean (indicator->record, "is_selected"))
            append_indicator_row (csv, report, entry, indicator);
        }
    }
  return g_string_free (csv, FALSE);
}

static void
append_comparison_row (GString                       *csv,
                       const IsafInterfaceReport     *report,
                       const char                    *held_on,
                       const IsafInterfaceReportUnit *unit,
                       const IsafInterfaceComparison *comparison)
{
  double gap = 0;
  gboolean has_gap = isaf_interface_comparison_get_gap (comparison, &gap);

  isaf_csv_append_integer (csv, report->year);
  isaf_csv_append_value (csv, held_on);
  isaf_csv_append_value (csv, unit->code);
  isaf_csv_append_text (csv, unit->name_km);
  isaf_csv_append_text (csv, unit->name_en);
  isaf_csv_append_value (csv, comparison->indicator_code);
  isaf_csv_append_text (csv, comparison->name_km);
  isaf_csv_append_text (csv, comparison->name_en);
  isaf_csv_append_number (csv, comparison->has_citizen_median, "%.1f", comparison->citizen_median);
  isaf_csv_append_number (csv, comparison->has_provider_median, "%.1f", comparison->provider_median);
  isaf_csv_append_number (csv, has_gap, "%.1f", gap);
  isaf_csv_end_line (csv);
}

/**
 * isaf_interface_csv_format:
 * @report: the interface meetings of a year
 *
 * Returns: (transfer full): the CSV text, its header row included
 */
char *
isaf_interface_csv_format (const IsafInterfaceReport *report)
{
  GString *csv;

  g_return_val_if_fail (report != NULL, NULL);

  csv = isaf_csv_new ();
  isaf_csv_append_header (csv, interface_columns, G_N_ELEMENTS (interface_columns));
  for (guint m = 0; m < report->meetings->len; m++)
    {
      const IsafInterfaceReportMeeting *meeting = g_ptr_array_index (report->meetings, m);
      const char *held_on = isaf_record_get_text (meeting->meeting->record, "held_on");

      for (guint u = 0; u < meeting->units->len; u++)
        {
          const IsafInterfaceReportUnit *unit = g_ptr_array_index (meeting->units, u);

          for (guint i = 0; i < unit->comparisons->len; i++)
            append_comparison_row (csv, report, held_on, unit,
                                   g_ptr_array_index (unit->comparisons, i));
        }
    }
  return g_string_free (csv, FALSE);
}
