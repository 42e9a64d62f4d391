/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-scorecard"

#include "config.h"

#include <string.h>

#include "isaf-scorecard-csv.h"

/* The CSV exports of the scorecard results and of the interface meetings' comparison. Each is
 * built whole in memory: a commune's year is a few hundred rows. */

static const char * const scorecard_columns[] = {
  "year", "unit_code", "unit_name_km", "unit_name_en", "village_code", "kind", "held_on",
  "status", "indicator_position", "indicator_code", "indicator_name_km", "indicator_name_en",
  "voters", "votes_1", "votes_2", "votes_3", "votes_4", "votes_5", "median", "average",
};

static const char * const interface_columns[] = {
  "year", "held_on", "unit_code", "unit_name_km", "unit_name_en", "indicator_code",
  "indicator_name_km", "indicator_name_en", "citizen_median", "provider_median", "gap",
};

#define LINE_END "\r\n"

/* Appends one field, after a comma unless it starts the line (a line break in a field is
 * always inside quotes, so only a line end leaves '\n' last). NULL is an empty field. */
static void
append_field (GString    *csv,
              const char *text)
{
  if (csv->len > 0 && csv->str[csv->len - 1] != '\n')
    g_string_append_c (csv, ',');
  if (text == NULL)
    return;
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (csv, text);
      return;
    }
  g_string_append_c (csv, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }
  g_string_append_c (csv, '"');
}

static void
append_integer (GString *csv,
                gint64   value)
{
  char buffer[24];

  g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT, value);
  append_field (csv, buffer);
}

/* A number with @format ("%.1f" …) and a dot whatever the locale, or an empty field. */
static void
append_number (GString    *csv,
               gboolean    known,
               const char *format,
               double      value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  append_field (csv, known ? g_ascii_formatd (buffer, sizeof buffer, format, value) : NULL);
}

static void
end_line (GString *csv)
{
  g_string_append (csv, LINE_END);
}

static void
append_header (GString            *csv,
               const char * const *columns,
               guint               n_columns)
{
  for (guint i = 0; i < n_columns; i++)
    append_field (csv, columns[i]);
  end_line (csv);
}

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

  append_integer (csv, report->year);
  append_field (csv, entry->unit_code);
  append_field (csv, entry->unit_name_km);
  append_field (csv, entry->unit_name_en);
  append_field (csv, entry->village_code);
  append_field (csv, isaf_record_get_text (scorecard->record, "kind"));
  append_field (csv, isaf_record_get_text (scorecard->record, "held_on"));
  append_field (csv, isaf_record_get_text (scorecard->record, "status"));
  append_integer (csv, isaf_record_get_integer (record, "position"));
  append_field (csv, isaf_record_get_text (record, "indicator_code"));
  append_field (csv, isaf_record_get_text (record, "name_km"));
  append_field (csv, isaf_record_get_text (record, "name_en"));
  append_integer (csv, isaf_scorecard_count_voters (scorecard));
  for (guint i = 0; i < ISAF_N_SCORES; i++)
    append_integer (csv, votes.counts[i]);
  append_number (csv, has_median, "%.1f", median);
  append_number (csv, has_average, "%.2f", average);
  end_line (csv);
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
  GString *csv = g_string_new (NULL);

  g_return_val_if_fail (report != NULL, NULL);

  append_header (csv, scorecard_columns, G_N_ELEMENTS (scorecard_columns));
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

  append_integer (csv, report->year);
  append_field (csv, held_on);
  append_field (csv, unit->code);
  append_field (csv, unit->name_km);
  append_field (csv, unit->name_en);
  append_field (csv, comparison->indicator_code);
  append_field (csv, comparison->name_km);
  append_field (csv, comparison->name_en);
  append_number (csv, comparison->has_citizen_median, "%.1f", comparison->citizen_median);
  append_number (csv, comparison->has_provider_median, "%.1f", comparison->provider_median);
  append_number (csv, has_gap, "%.1f", gap);
  end_line (csv);
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
  GString *csv = g_string_new (NULL);

  g_return_val_if_fail (report != NULL, NULL);

  append_header (csv, interface_columns, G_N_ELEMENTS (interface_columns));
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
