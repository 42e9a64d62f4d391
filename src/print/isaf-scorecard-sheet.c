/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-print"

#include "config.h"

#include <math.h>
#include <string.h>

#include "isaf-scorecard-sheet.h"
#include "isaf-sheet-layout.h"

/* The result sheet of a community scorecard or a self-assessment (DOMAIN.md, steps 4–5): a
 * band with the unit, the details of the meeting, the scale with its faces, then a table with
 * one row per selected indicator: its name and results, a bar per score with the face it
 * stands for, and the notes. Rows flow onto a second page when they need one
 * (isaf_sheet_flow()); each row stays whole. */

#define SIZE_MEDIAN 12.0

typedef struct {
  const IsafScorecardReport *report;
  const IsafScorecardReportEntry *entry;
} Sheet;

typedef struct {
  const Sheet *sheet;
  IsafScorecardIndicator *indicator;
  guint number;
} Row;

static const IsafColor track = { 0.9, 0.91, 0.93 };

static gboolean
is_self_assessment (const Sheet *s)
{
  return g_strcmp0 (isaf_record_get_text (s->entry->scorecard->record, "kind"), "ssa") == 0;
}

static char *
count_text (IsafSheet *sheet,
            gint64     count)
{
  return count < 0 ? g_strdup ("\u2014") : isaf_format_integer (count, sheet->digits);
}

/* The three columns of the table. */
static void
columns (IsafSheet *sheet,
         double     width,
         double    *name_w,
         double    *chart_w,
         double    *notes_w)
{
  *name_w = width * 0.3;
  *chart_w = width * 0.3;
  *notes_w = width - *name_w - *chart_w;
}

/* The header ------------------------------------------------------------------------------ */

static double
title_band (IsafSheet   *sheet,
            const Sheet *s,
            double       x,
            double       y,
            double       width)
{
  gboolean ssa = is_self_assessment (s);
  const IsafScorecardReportEntry *entry = s->entry;
  g_autofree char *year = isaf_sheet_format_year (sheet, s->report->year);
  g_autofree char *title_km = g_strconcat (ssa ? "លទ្ធផលការវាយតម្លៃខ្លួនឯងរបស់អ្នកផ្ដល់សេវា ឆ្នាំ"
                                               : "លទ្ធផលប័ណ្ណដាក់ពិន្ទុសហគមន៍ ឆ្នាំ", year, NULL);
  g_autofree char *title_en = g_strdup_printf (ssa ? "Service provider self-assessment results %d"
                                                   : "Community scorecard results %d",
                                               s->report->year);

  return isaf_sheet_title_band (sheet, title_km, title_en,
                                entry->unit_name_km ? entry->unit_name_km : entry->unit_code,
                                entry->unit_name_en, s->report->commune_code, x, y, width);
}

/* Women, men and the groups, from the participants one by one or from the tally sheet. */
static void
count_participants (IsafScorecard *scorecard,
                    gint64         counts[ISAF_N_ATTENDANCE],
                    gint64        *anonymous)
{
  static const char * const flags[ISAF_N_ATTENDANCE] = {
    NULL, NULL, "is_youth", "has_disability", "is_ethnic_minority", "is_id_poor",
  };

  *anonymous = 0;
  if (!scorecard->participants_one_by_one)
    {
      memcpy (counts, scorecard->participant_counts, sizeof scorecard->participant_counts);
      return;
    }
  memset (counts, 0, sizeof (gint64) * ISAF_N_ATTENDANCE);
  for (guint i = 0; i < scorecard->participants->len; i++)
    {
      IsafRecord *participant = g_ptr_array_index (scorecard->participants, i);
      const char *sex = isaf_record_get_text (participant, "sex");

      counts[ISAF_ATTENDANCE_WOMEN] += g_strcmp0 (sex, "f") == 0;
      counts[ISAF_ATTENDANCE_MEN] += g_strcmp0 (sex, "m") == 0;
      for (guint f = ISAF_ATTENDANCE_YOUTH; f < ISAF_N_ATTENDANCE; f++)
        counts[f] += isaf_record_get_boolean (participant, flags[f]);
      *anonymous += isaf_record_get_boolean (participant, "is_anonymous");
    }
}

static char *
participants_text (IsafSheet     *sheet,
                   IsafScorecard *scorecard,
                   const gint64   counts[ISAF_N_ATTENDANCE])
{
  gint64 total = scorecard->participants_one_by_one
                   ? (gint64) scorecard->participants->len
                   : MAX (counts[ISAF_ATTENDANCE_WOMEN], 0) + MAX (counts[ISAF_ATTENDANCE_MEN], 0);
  g_autofree char *all = count_text (sheet, total);
  g_autofree char *women = count_text (sheet, counts[ISAF_ATTENDANCE_WOMEN]);
  g_autofree char *men = count_text (sheet, counts[ISAF_ATTENDANCE_MEN]);

  return g_strdup_printf (sheet->pen.both ? "%s នាក់/people · ស្រី/F %s · ប្រុស/M %s"
                                      : "%s នាក់ · ស្រី %s · ប្រុស %s", all, women, men);
}

static char *
groups_text (IsafSheet    *sheet,
             const gint64  counts[ISAF_N_ATTENDANCE])
{
  g_autofree char *youth = count_text (sheet, counts[ISAF_ATTENDANCE_YOUTH]);
  g_autofree char *disability = count_text (sheet, counts[ISAF_ATTENDANCE_DISABILITY]);
  g_autofree char *minority = count_text (sheet, counts[ISAF_ATTENDANCE_ETHNIC_MINORITY]);
  g_autofree char *poor = count_text (sheet, counts[ISAF_ATTENDANCE_ID_POOR]);

  return g_strdup_printf (sheet->pen.both ? "យុវជន/Youth %s · ជនមានពិការភាព/Disability %s · "
                                        "ជនជាតិដើមភាគតិច/Ethnic minority %s · "
                                        "ប័ណ្ណក្រីក្រ/ID-Poor %s"
                                      : "យុវជន %s · ជនមានពិការភាព %s · ជនជាតិដើមភាគតិច %s · "
                                        "ប័ណ្ណក្រីក្រ %s",
                          youth, disability, minority, poor);
}

static char *
voters_text (IsafSheet     *sheet,
             IsafScorecard *scorecard,
             gint64         anonymous)
{
  g_autofree char *voters = count_text (sheet, isaf_scorecard_count_voters (scorecard));
  g_autofree char *left_out = count_text (sheet, anonymous);

  if (anonymous > 0 && sheet->pen.both)
    return g_strdup_printf ("%s នាក់ (អនាមិក %s នាក់ មិនដាក់ពិន្ទុ · %s anonymous did not vote)",
                            voters, left_out, left_out);
  if (anonymous > 0)
    return g_strdup_printf ("%s នាក់ (អនាមិក %s នាក់ មិនដាក់ពិន្ទុ)", voters, left_out);
  return g_strdup_printf ("%s នាក់", voters);
}

static const char *
status_text (IsafSheet *sheet,
             gboolean   done)
{
  if (sheet->pen.both)
    return done ? "បានបញ្ចប់ · Done" : "សេចក្ដីព្រាង មិនទាន់បញ្ចប់ · Draft, not finished";
  return done ? "បានបញ្ចប់" : "សេចក្ដីព្រាង មិនទាន់បញ្ចប់";
}

static char *
join_names (GPtrArray *names)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", (const char *) names->pdata[i]);
  return g_string_free (text, FALSE);
}

/* The meeting's details in two columns: when and where, then who. */
static double
details (IsafSheet   *sheet,
         const Sheet *s,
         double       x,
         double       y,
         double       width)
{
  IsafScorecard *scorecard = s->entry->scorecard;
  gint64 counts[ISAF_N_ATTENDANCE], anonymous;
  g_autofree char *village = isaf_sheet_village_name (s->entry->village_code);
  g_autofree char *date = isaf_sheet_format_date (sheet, isaf_record_get_text (scorecard->record,
                                                                               "held_on"));
  gboolean done = g_strcmp0 (isaf_record_get_text (scorecard->record, "status"), "done") == 0;
  g_autofree char *facilitators = join_names (s->entry->facilitators);
  g_autofree char *participants = NULL;
  g_autofree char *groups = NULL;
  g_autofree char *voters = NULL;

  count_participants (scorecard, counts, &anonymous);
  participants = participants_text (sheet, scorecard, counts);
  groups = groups_text (sheet, counts);
  voters = voters_text (sheet, scorecard, anonymous);
  {
    const IsafSheetDetail details[] = {
      { village ? "ភូមិ" : NULL, "Village", village },
      { "កាលបរិច្ឆេទ", "Date", date },
      { "ទីកន្លែង", "Place", isaf_record_get_text (scorecard->record, "place") },
      { "ស្ថានភាព", "Status", status_text (sheet, done) },
      { "អ្នកសម្របសម្រួល", "Facilitators", facilitators },
      { "អ្នកចូលរួម", "Participants", participants },
      { "ក្រុមគោលដៅ", "Groups", groups },
      { "អ្នកដាក់ពិន្ទុ", "Voters", voters },
    };

    return isaf_sheet_put_details (sheet, details, G_N_ELEMENTS (details), 4, x, y, width);
  }
}

/* The scale: each face with its words, as on the score card. */
static double
legend (IsafSheet *sheet,
        double     x,
        double     y,
        double     width)
{
  double cell = width / ISAF_N_SCORES, r = isaf_sheet_scaled (sheet, 6);
  double size = isaf_sheet_scaled (sheet, ISAF_SHEET_SIZE_SMALL), h = 0;

  for (int score = ISAF_SCORE_MIN; score <= ISAF_SCORE_MAX; score++)
    {
      double cx = x + (score - ISAF_SCORE_MIN) * cell;
      g_autofree char *number = isaf_format_integer (score, sheet->digits);
      g_autofree char *label = g_strconcat (number, " ", isaf_sheet_score_label (score, FALSE),
                                            NULL);
      double text_x = cx + 2 * r + isaf_sheet_scaled (sheet, 3);
      double text_h = isaf_print_pen_put_pair (&sheet->pen, size, label,
                                               isaf_sheet_score_label (score, TRUE), text_x, y,
                                               cell - (text_x - cx), PANGO_ALIGN_LEFT,
                                               &isaf_sheet_ink);

      isaf_sheet_draw_face (sheet, score, cx + r, y + MAX (text_h, 2 * r) / 2, r);
      h = MAX (h, MAX (text_h, 2 * r));
    }
  return h;
}

static double
column_headings (IsafSheet *sheet,
                 double     x,
                 double     y,
                 double     width)
{
  double name_w, chart_w, notes_w, pad = isaf_sheet_scaled (sheet, ISAF_SHEET_PAD);
  double size = isaf_sheet_scaled (sheet, ISAF_SHEET_SIZE_SMALL), h = 0;
  const char *km[] = { "សូចនាករ និងលទ្ធផល", "ការដាក់ពិន្ទុ", "ចំណុចខ្លាំង ចំណុចខ្សោយ និងសំណើ" };
  const char *en[] = { "Indicator and result", "Votes", "Strengths, weaknesses, suggestions" };
  double widths[3];
  gboolean draw = sheet->pen.draw;

  columns (sheet, width, &name_w, &chart_w, &notes_w);
  widths[0] = name_w, widths[1] = chart_w, widths[2] = notes_w;
  for (int pass = draw ? 0 : 1; pass < 2; pass++)
    {
      double cx = x;

      sheet->pen.draw = pass == 1 && draw;
      if (sheet->pen.draw)
        isaf_print_pen_fill (&sheet->pen, x, y, width, h, 0, &isaf_sheet_blue);
      for (guint i = 0; i < 3; i++)
        {
          h = fmax (h, isaf_print_pen_put_pair (&sheet->pen, size, km[i], en[i], cx + pad, y + pad,
                                                widths[i] - 2 * pad, PANGO_ALIGN_LEFT,
                                                &isaf_sheet_white) + 2 * pad);
          cx += widths[i];
        }
    }
  sheet->pen.draw = draw;
  return h;
}

static double
first_header (IsafSheet     *sheet,
              gconstpointer  data,
              double         x,
              double         y,
              double         width)
{
  const Sheet *s = data;
  double gap = isaf_sheet_scaled (sheet, 8), h = 0;

  h += title_band (sheet, s, x, y, width) + gap;
  h += details (sheet, s, x, y + h, width) + gap;
  h += legend (sheet, x, y + h, width) + gap;
  return h + column_headings (sheet, x, y + h, width);
}

static double
page_header (IsafSheet     *sheet,
             gconstpointer  data,
             double         x,
             double         y,
             double         width)
{
  const Sheet *s = data;
  g_autofree char *line = g_strconcat (s->entry->unit_name_km ? s->entry->unit_name_km : "",
                                       " (ត)", NULL);
  double h = isaf_print_pen_put_pair (&sheet->pen, isaf_sheet_scaled (sheet, ISAF_SHEET_SIZE_BODY),
                                      line, sheet->pen.both ? "(continued)" : NULL, x, y, width,
                                      PANGO_ALIGN_LEFT, &isaf_sheet_blue);

  h += isaf_sheet_scaled (sheet, 4);
  return h + column_headings (sheet, x, y + h, width);
}

/* A row of the table -------------------------------------------------------------------- */

static double
result_column (IsafSheet             *sheet,
               const Row             *row,
               const IsafVoteCounts  *votes,
               double                 x,
               double                 y,
               double                 width)
{
  IsafRecord *record = row->indicator->record;
  double median = 0, average = 0, size = isaf_sheet_scaled (sheet, ISAF_SHEET_SIZE_BODY);
  gboolean has_median = isaf_vote_counts_get_median (votes, &median);
  gboolean has_average = isaf_vote_counts_get_average (votes, &average);
  g_autofree char *number = isaf_format_integer (row->number, sheet->digits);
  g_autofree char *name = g_strconcat (number, ". ", isaf_record_get_text (record, "name_km"),
                                       NULL);
  g_autofree char *median_text = isaf_sheet_format_number (sheet, has_median, median, 1);
  g_autofree char *average_text = isaf_sheet_format_number (sheet, has_average, average, 2);
  g_autofree char *median_line = g_strconcat ("មេដ្យាន ", median_text, NULL);
  g_autofree char *average_line = g_strconcat ("មធ្យមភាគ ", average_text, NULL);
  double h = 0;

  h += isaf_print_pen_put_pair (&sheet->pen, size, name, isaf_record_get_text (record, "name_en"),
                                x, y, width, PANGO_ALIGN_LEFT, &isaf_sheet_ink);
  h += isaf_sheet_scaled (sheet, 3);
  h += isaf_print_pen_put_pair (&sheet->pen, isaf_sheet_scaled (sheet, SIZE_MEDIAN), median_line,
                                sheet->pen.both ? "Median" : NULL, x, y + h, width,
                                PANGO_ALIGN_LEFT, has_median ? &isaf_sheet_blue : &isaf_sheet_grey);
  h += isaf_print_pen_put_pair (&sheet->pen, isaf_sheet_scaled (sheet, ISAF_SHEET_SIZE_SMALL),
                                average_line, sheet->pen.both ? "Average" : NULL, x, y + h, width,
                                PANGO_ALIGN_LEFT, &isaf_sheet_ink);
  return h;
}

/* A bar per score, as long as its share of the votes, with the face and the count. */
static double
chart_column (IsafSheet            *sheet,
              const IsafVoteCounts *votes,
              double                x,
              double                y,
              double                width)
{
  gint64 total = isaf_vote_counts_get_total (votes);
  double r = isaf_sheet_scaled (sheet, 4.5);
  double size = isaf_sheet_scaled (sheet, ISAF_SHEET_SIZE_SMALL);
  double count_w = isaf_sheet_scaled (sheet, 44), gap = isaf_sheet_scaled (sheet, 3);
  double bar_x = x + 2 * r + gap, bar_w = width - (bar_x - x) - gap - count_w;
  double h = 0;

  for (int score = ISAF_SCORE_MIN; score <= ISAF_SCORE_MAX; score++)
    {
      gint64 count = votes->counts[score - ISAF_SCORE_MIN];
      double share = total > 0 ? (double) count / total : 0;
      g_autofree char *figure = isaf_format_integer (count, sheet->digits);
      g_autofree char *percent = isaf_format_integer ((gint64) (share * 100 + 0.5), sheet->digits);
      g_autofree char *text = g_strdup_printf ("%s (%s%%)", figure, percent);
      g_autoptr(PangoLayout) layout = isaf_print_pen_layout (&sheet->pen, ISAF_PRINT_FACE_FIGURES,
                                                             size, text, count_w,
                                                             PANGO_ALIGN_LEFT);
      double line = MAX (2 * r, isaf_print_layout_height (layout, NULL));
      double bar_h = r * 1.3, mid = y + h + line / 2;

      isaf_sheet_draw_face (sheet, score, x + r, mid, r);
      isaf_print_pen_fill (&sheet->pen, bar_x, mid - bar_h / 2, bar_w, bar_h, bar_h / 3, &track);
      if (count > 0)
        isaf_print_pen_fill (&sheet->pen, bar_x, mid - bar_h / 2, MAX (bar_w * share, bar_h / 2),
                             bar_h, bar_h / 3, isaf_sheet_score_color (score));
      isaf_print_pen_put_layout (&sheet->pen, layout, bar_x + bar_w + gap,
                                 mid - isaf_print_layout_height (layout, NULL) / 2,
                                 &isaf_sheet_ink);
      h += line + isaf_sheet_scaled (sheet, 1);
    }
  return h;
}

static double
notes_column (IsafSheet              *sheet,
              IsafScorecardIndicator *indicator,
              double                  x,
              double                  y,
              double                  width)
{
  static const struct {
    const char *km;
    const char *en;
  } labels[ISAF_N_NOTE_KINDS] = {
    [ISAF_NOTE_STRENGTH] = { "ចំណុចខ្លាំង", "Strengths" },
    [ISAF_NOTE_WEAKNESS] = { "ចំណុចខ្សោយ", "Weaknesses" },
    [ISAF_NOTE_SUGGESTION] = { "សំណើ", "Suggested actions" },
  };
  double size = isaf_sheet_scaled (sheet, ISAF_SHEET_SIZE_SMALL);
  double label_w = isaf_sheet_scaled (sheet, 44);
  double h = 0;

  /* Each kind's label in a narrow column of its own, its notes beside it, one a line. */
  for (guint kind = 0; kind < ISAF_N_NOTE_KINDS; kind++)
    {
      GPtrArray *notes = indicator->notes[kind];
      double label_h = isaf_print_pen_put_pair (&sheet->pen, size, labels[kind].km, labels[kind].en,
                                                x, y + h, label_w, PANGO_ALIGN_LEFT,
                                                &isaf_sheet_blue);
      double items_h = 0;

      for (guint i = 0; i < notes->len; i++)
        {
          g_autofree char *item = g_strconcat ("• ", (const char *) notes->pdata[i], NULL);

          items_h += isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_BODY, size, item,
                                              x + label_w, y + h + items_h, width - label_w,
                                              PANGO_ALIGN_LEFT, &isaf_sheet_ink);
        }
      if (notes->len == 0)
        items_h += isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_BODY, size, "\u2014",
                                            x + label_w, y + h, width - label_w, PANGO_ALIGN_LEFT,
                                            &isaf_sheet_grey);
      h += MAX (label_h, items_h);
    }
  return h;
}

static double
indicator_row (IsafSheet     *sheet,
               gconstpointer  data,
               double         x,
               double         y,
               double         width)
{
  const Row *row = data;
  double name_w, chart_w, notes_w, pad = isaf_sheet_scaled (sheet, ISAF_SHEET_PAD);
  IsafVoteCounts votes;
  gboolean draw = sheet->pen.draw;
  double h = 0;

  columns (sheet, width, &name_w, &chart_w, &notes_w);
  isaf_scorecard_indicator_get_votes (row->sheet->entry->scorecard, row->indicator, &votes);
  /* Measured first, so that the tint is drawn behind the row. */
  for (int pass = draw ? 0 : 1; pass < 2; pass++)
    {
      double inner;

      sheet->pen.draw = pass == 1 && draw;
      if (sheet->pen.draw && row->number % 2 == 0)
        isaf_print_pen_fill (&sheet->pen, x, y, width, h, 0, &isaf_sheet_tint);
      inner = result_column (sheet, row, &votes, x + pad, y + pad, name_w - 2 * pad);
      inner = fmax (inner, chart_column (sheet, &votes, x + name_w + pad, y + pad,
                                         chart_w - 2 * pad));
      inner = fmax (inner, notes_column (sheet, row->indicator, x + name_w + chart_w + pad, y + pad,
                                         notes_w - 2 * pad));
      h = inner + 2 * pad;
    }
  sheet->pen.draw = draw;
  return h;
}

/* The document -------------------------------------------------------------------------- */

gboolean
isaf_scorecard_sheet_draw (IsafCanvas                     *canvas,
                           const IsafScorecardReport      *report,
                           const IsafScorecardReportEntry *entry,
                           IsafPosterLanguage              language,
                           GError                        **error)
{
  Sheet s = { report, entry };
  GPtrArray *indicators = entry->scorecard->indicators;
  g_autoptr(GArray) blocks = g_array_new (FALSE, TRUE, sizeof (IsafSheetBlock));
  g_autofree Row *rows = g_new0 (Row, MAX (indicators->len, 1));
  IsafSheet sheet;
  g_autofree char *date = NULL;
  g_autofree char *footer = NULL;
  IsafSheetFlow flow = { first_header, page_header, &s, NULL, entry->unit_name_km };
  guint n_rows = 0;

  g_return_val_if_fail (ISAF_IS_CANVAS (canvas), FALSE);
  g_return_val_if_fail (report != NULL && entry != NULL, FALSE);

  isaf_sheet_init (&sheet, canvas, language);
  for (guint i = 0; i < indicators->len; i++)
    {
      IsafScorecardIndicator *indicator = g_ptr_array_index (indicators, i);
      IsafSheetBlock block = { indicator_row, &rows[n_rows], FALSE };

      if (!isaf_record_get_boolean (indicator->record, "is_selected"))
        continue;
      rows[n_rows] = (Row) { &s, indicator, n_rows + 1 };
      n_rows++;
      g_array_append_val (blocks, block);
    }
  if (n_rows == 0)
    {
      static const IsafSheetWords none = {
        "មិនទាន់មានសូចនាករដែលបានជ្រើសរើសសម្រាប់ដាក់ពិន្ទុ",
        "No indicator has been selected for scoring yet",
      };
      IsafSheetBlock block = { isaf_sheet_empty_row, &none, FALSE };

      g_array_append_val (blocks, block);
    }

  date = isaf_sheet_format_date (&sheet,
                                 isaf_record_get_text (entry->scorecard->record, "held_on"));
  footer = g_strdup_printf ("%s · %s", entry->unit_name_km ? entry->unit_name_km : "", date);
  flow.footer = footer;
  return isaf_sheet_flow (&sheet, &flow, blocks, error);
}

/**
 * isaf_scorecard_sheet_render_pdf:
 * @report: the scorecards
 * @language: Khmer only, or Khmer with English
 * @error: return location for an %ISAF_PRINT_ERROR
 *
 * Returns: (transfer full) (nullable): the PDF document
 */
GBytes *
isaf_scorecard_sheet_render_pdf (const IsafScorecardReport  *report,
                                 IsafPosterLanguage          language,
                                 GError                    **error)
{
  g_autofree char *title = NULL;

  g_return_val_if_fail (report != NULL, NULL);

  title = g_strdup_printf ("Scorecard results %d", report->year);
  return isaf_sheet_render_pdf (title, (IsafSheetDrawFunc) isaf_scorecard_sheet_draw, report,
                                report->entries, language, error);
}
