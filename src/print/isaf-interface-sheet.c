/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-print"

#include "config.h"

#include <math.h>

#include "isaf-interface-sheet.h"
#include "isaf-sheet-layout.h"
#include "isaf-vote-counts.h"

/* The sheet the interface meeting works from (DOMAIN.md, step 6): for each unit, each
 * indicator's citizens' median and provider's median as a pair of bars on the 1–5 scale, a
 * line between their ends that shows the gap, and the gap said in words. A large gap is red
 * and named as such: the colours are dark against light, so that they part on a printer in
 * grey too, and nothing is said by colour alone. */

#define SIZE_UNIT 11.0
/* The figures beside the bars. */
#define VALUE_WIDTH 22.0
/* One step of the scale: the two sides chose different answers. */
#define LARGE_GAP 1.0

typedef struct {
  const IsafInterfaceReport *report;
  const IsafInterfaceReportMeeting *meeting;
} Sheet;

typedef struct {
  const IsafInterfaceReportUnit *unit;
  const IsafInterfaceComparison *comparison;
  guint number;
} Row;

static const IsafColor citizen_color = { 0.12, 0.31, 0.55 };
static const IsafColor provider_color = { 0.98, 0.78, 0.42 };
static const IsafColor large_gap_color = { 0.75, 0.1, 0.1 };
static const IsafColor small_gap_color = { 0.36, 0.38, 0.42 };

/* The three columns of the table: indicator, bars, gap. */
static void
columns (double  width,
         double *name_w,
         double *chart_w,
         double *gap_w)
{
  *name_w = width * 0.36;
  *chart_w = width * 0.38;
  *gap_w = width - *name_w - *chart_w;
}

static gboolean
is_large (double gap)
{
  return fabs (gap) >= LARGE_GAP - 1e-9;
}

/* The header ----------------------------------------------------------------------------- */

static double
title_band (IsafSheet   *sheet,
            const Sheet *s,
            double       x,
            double       y,
            double       width)
{
  g_autofree char *year = isaf_sheet_format_year (sheet, s->report->year);
  g_autofree char *title_km = g_strconcat ("ការប្រៀបធៀបពិន្ទុ នៅកិច្ចប្រជុំផ្សារភ្ជាប់ ឆ្នាំ", year,
                                           NULL);
  g_autofree char *title_en = g_strdup_printf ("Interface meeting: scores compared, %d",
                                               s->report->year);

  return isaf_sheet_title_band (sheet, title_km, title_en, NULL, NULL, s->report->commune_code, x,
                                y, width);
}

static char *
attendance_text (IsafSheet                  *sheet,
                 const IsafInterfaceMeeting *meeting)
{
  static const char * const words[ISAF_N_INTERFACE_ATTENDANCE] = {
    "ប្រជាពលរដ្ឋស្រី", "ប្រជាពលរដ្ឋប្រុស", "អ្នកផ្ដល់សេវា", "ក្រុមប្រឹក្សា", "អ្នកសម្របសម្រួល",
    "ផ្សេងៗ",
  };
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < ISAF_N_INTERFACE_ATTENDANCE; i++)
    {
      g_autofree char *count = meeting->attendance[i] == ISAF_ATTENDANCE_NOT_COUNTED
                                 ? g_strdup ("\u2014")
                                 : isaf_format_integer (meeting->attendance[i], sheet->digits);

      g_string_append_printf (text, "%s%s %s", i > 0 ? " · " : "", words[i], count);
    }
  return g_string_free (text, FALSE);
}

static char *
units_text (const IsafInterfaceReportMeeting *meeting)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < meeting->units->len; i++)
    {
      const IsafInterfaceReportUnit *unit = g_ptr_array_index (meeting->units, i);

      g_string_append_printf (text, "%s%s", i > 0 ? ", " : "",
                              unit->name_km ? unit->name_km : unit->code ? unit->code : "");
    }
  return g_string_free (text, FALSE);
}

static double
details (IsafSheet   *sheet,
         const Sheet *s,
         double       x,
         double       y,
         double       width)
{
  IsafRecord *record = s->meeting->meeting->record;
  g_autofree char *date = isaf_sheet_format_date (sheet, isaf_record_get_text (record, "held_on"));
  g_autofree char *attendance = attendance_text (sheet, s->meeting->meeting);
  g_autofree char *units = units_text (s->meeting);
  const IsafSheetDetail details[] = {
    { "កាលបរិច្ឆេទ", "Date", date },
    { "ទីកន្លែង", "Place", isaf_record_get_text (record, "place") },
    { "សេវា", "Services", units },
    { "អ្នកចូលរួម", "Attendance", attendance },
  };

  return isaf_sheet_put_details (sheet, details, G_N_ELEMENTS (details), 3, x, y, width);
}

/* A sample of each mark with what it means. */
static double
legend (IsafSheet *sheet,
        double     x,
        double     y,
        double     width)
{
  double cell = width / 3, swatch = isaf_sheet_scaled (sheet, 18);
  double bar_h = isaf_sheet_scaled (sheet, 7);
  double size = isaf_sheet_scaled (sheet, ISAF_SHEET_SIZE_SMALL);
  double gap = isaf_sheet_scaled (sheet, 4);
  const char *km[] = {
    "មេដ្យានប្រជាពលរដ្ឋ", "មេដ្យានអ្នកផ្ដល់សេវា", "គម្លាតធំ៖ ១ ពិន្ទុ ឬលើសពីនេះ",
  };
  const char *en[] = { "Citizens’ median", "Provider’s median", "Large gap: 1 point or more" };
  const IsafColor *colors[] = { &citizen_color, &provider_color, &large_gap_color };
  double h = 0;

  for (guint i = 0; i < 3; i++)
    {
      double cx = x + i * cell;
      double text_h = isaf_print_pen_put_pair (&sheet->pen, size, km[i], en[i], cx + swatch + gap,
                                               y, cell - swatch - 2 * gap, PANGO_ALIGN_LEFT,
                                               &isaf_sheet_ink);
      double mid = y + MAX (text_h, bar_h) / 2;

      isaf_print_pen_fill (&sheet->pen, cx, mid - bar_h / 2, swatch, bar_h, 0,
                           i == 2 ? &isaf_sheet_white : colors[i]);
      if (sheet->pen.draw && i == 1)
        {
          isaf_canvas_rectangle (sheet->pen.canvas, cx, mid - bar_h / 2, swatch, bar_h);
          isaf_canvas_stroke (sheet->pen.canvas, &isaf_sheet_ink, 0.5);
        }
      if (sheet->pen.draw && i == 2)
        {
          isaf_canvas_move_to (sheet->pen.canvas, cx + 1, mid);
          isaf_canvas_line_to (sheet->pen.canvas, cx + swatch - 1, mid);
          isaf_canvas_stroke (sheet->pen.canvas, colors[i], isaf_sheet_scaled (sheet, 2.5));
        }
      h = MAX (h, MAX (text_h, bar_h));
    }
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
  return h + legend (sheet, x, y + h, width) + gap;
}

static double
page_header (IsafSheet     *sheet,
             gconstpointer  data,
             double         x,
             double         y,
             double         width)
{
  return isaf_print_pen_put_pair (&sheet->pen, isaf_sheet_scaled (sheet, ISAF_SHEET_SIZE_BODY),
                                  "ការប្រៀបធៀបពិន្ទុ នៅកិច្ចប្រជុំផ្សារភ្ជាប់ (ត)",
                                  "Interface meeting: scores compared (continued)", x, y, width,
                                  PANGO_ALIGN_LEFT,
                                  &isaf_sheet_blue) + isaf_sheet_scaled (sheet, 6);
}

/* The table -------------------------------------------------------------------------------- */

/* Where a score falls in the chart column: 0 at its left edge, 5 at its right. */
static double
scale_x (double x,
         double width,
         double score)
{
  return x + width * score / ISAF_SCORE_MAX;
}

/* The unit's name, and the column headings with the scale's numbers over the bars. */
static double
unit_heading (IsafSheet     *sheet,
              gconstpointer  data,
              double         x,
              double         y,
              double         width)
{
  const IsafInterfaceReportUnit *unit = data;
  double name_w, chart_w, gap_w, pad = isaf_sheet_scaled (sheet, ISAF_SHEET_PAD);
  double size = isaf_sheet_scaled (sheet, ISAF_SHEET_SIZE_SMALL);
  double h = isaf_sheet_scaled (sheet, 6), heading_h = 0;
  gboolean draw = sheet->pen.draw;

  columns (width, &name_w, &chart_w, &gap_w);
  h += isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_HEADING,
                                isaf_sheet_scaled (sheet, SIZE_UNIT),
                                unit->name_km ? unit->name_km : unit->code, x, y + h, width,
                                PANGO_ALIGN_LEFT, &isaf_sheet_blue);
  if (sheet->pen.both && unit->name_en)
    h += isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_LATIN_BOLD,
                                  isaf_sheet_scaled (sheet, 8.5), unit->name_en, x, y + h, width,
                                  PANGO_ALIGN_LEFT, &isaf_sheet_blue);
  h += isaf_sheet_scaled (sheet, 3);

  for (int pass = draw ? 0 : 1; pass < 2; pass++)
    {
      double chart_x = x + name_w + pad;
      double scale_w = chart_w - 2 * pad - isaf_sheet_scaled (sheet, VALUE_WIDTH);

      sheet->pen.draw = pass == 1 && draw;
      if (sheet->pen.draw)
        isaf_print_pen_fill (&sheet->pen, x, y + h, width, heading_h, 0, &isaf_sheet_blue);
      heading_h = isaf_print_pen_put_pair (&sheet->pen, size, "សូចនាករ", "Indicator", x + pad,
                                           y + h + pad, name_w - 2 * pad, PANGO_ALIGN_LEFT,
                                           &isaf_sheet_white);
      heading_h = fmax (heading_h, isaf_print_pen_put_pair (&sheet->pen, size, "គម្លាត", "Gap",
                                                            x + name_w + chart_w + pad, y + h + pad,
                                                            gap_w - 2 * pad, PANGO_ALIGN_LEFT,
                                                            &isaf_sheet_white));
      /* Each number centred over its mark, in a cell of its own so that none overlap. */
      for (int score = ISAF_SCORE_MIN; score <= ISAF_SCORE_MAX; score++)
        {
          double cell = scale_w / ISAF_SCORE_MAX;
          g_autofree char *number = isaf_format_integer (score, sheet->digits);

          heading_h = fmax (heading_h,
                            isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_BODY, size,
                                                     number,
                                                     scale_x (chart_x, scale_w, score) - cell / 2,
                                                     y + h + pad, cell, PANGO_ALIGN_CENTER,
                                                     &isaf_sheet_white));
        }
      heading_h += 2 * pad;
    }
  sheet->pen.draw = draw;
  return h + heading_h;
}

/* The figure beside a bar, right-aligned in the column after the scale. */
static void
put_value (IsafSheet       *sheet,
           gboolean         known,
           double           value,
           double           x,
           double           mid,
           double           width,
           const IsafColor *color)
{
  double size = isaf_sheet_scaled (sheet, ISAF_SHEET_SIZE_SMALL);
  g_autofree char *figure = isaf_sheet_format_number (sheet, known, value, 1);
  g_autoptr(PangoLayout) layout = isaf_print_pen_layout (&sheet->pen, ISAF_PRINT_FACE_BODY, size,
                                                         figure, width, PANGO_ALIGN_RIGHT);

  isaf_print_pen_put_layout (&sheet->pen, layout, x,
                             mid - isaf_print_layout_height (layout, NULL) / 2, color);
}

/* The two bars with their figures, the scale's lines behind them, and the gap between their
 * ends. */
static double
pair_chart (IsafSheet                     *sheet,
            const IsafInterfaceComparison *comparison,
            double                         x,
            double                         y,
            double                         width,
            double                         height)
{
  double bar_h = isaf_sheet_scaled (sheet, 9), between = isaf_sheet_scaled (sheet, 5);
  double value_w = isaf_sheet_scaled (sheet, VALUE_WIDTH), scale_w = width - value_w;
  double chart_h = 2 * bar_h + between + isaf_sheet_scaled (sheet, 4);
  double top = y + (height - 2 * bar_h - between) / 2, gap;
  double citizen_mid = top + bar_h / 2, provider_mid = top + 1.5 * bar_h + between;

  if (!sheet->pen.draw)
    return chart_h;

  for (int score = ISAF_SCORE_MIN; score <= ISAF_SCORE_MAX; score++)
    isaf_print_pen_fill (&sheet->pen, scale_x (x, scale_w, score) - 0.25, y, 0.5, height, 0,
                         &isaf_sheet_rule);
  if (comparison->has_citizen_median)
    isaf_print_pen_fill (&sheet->pen, x, top, scale_x (0, scale_w, comparison->citizen_median),
                         bar_h, 0, &citizen_color);
  if (comparison->has_provider_median)
    {
      double bar_w = scale_x (0, scale_w, comparison->provider_median);

      isaf_print_pen_fill (&sheet->pen, x, top + bar_h + between, bar_w, bar_h, 0, &provider_color);
      isaf_canvas_rectangle (sheet->pen.canvas, x, top + bar_h + between, bar_w, bar_h);
      isaf_canvas_stroke (sheet->pen.canvas, &isaf_sheet_ink, 0.5);
    }
  put_value (sheet, comparison->has_citizen_median, comparison->citizen_median, x + scale_w,
             citizen_mid, value_w, &citizen_color);
  put_value (sheet, comparison->has_provider_median, comparison->provider_median, x + scale_w,
             provider_mid, value_w, &isaf_sheet_ink);

  /* A dimension line from one bar's end to the other's, in the space between the bars. */
  if (isaf_interface_comparison_get_gap (comparison, &gap) && fabs (gap) >= 0.05)
    {
      const IsafColor *color = is_large (gap) ? &large_gap_color : &small_gap_color;
      double from = scale_x (x, scale_w, comparison->citizen_median);
      double to = scale_x (x, scale_w, comparison->provider_median);
      double line = isaf_sheet_scaled (sheet, is_large (gap) ? 2.2 : 1.2);

      isaf_canvas_move_to (sheet->pen.canvas, from, top + bar_h + between / 2);
      isaf_canvas_line_to (sheet->pen.canvas, to, top + bar_h + between / 2);
      isaf_canvas_move_to (sheet->pen.canvas, from, top);
      isaf_canvas_line_to (sheet->pen.canvas, from, top + 2 * bar_h + between);
      isaf_canvas_move_to (sheet->pen.canvas, to, top);
      isaf_canvas_line_to (sheet->pen.canvas, to, top + 2 * bar_h + between);
      isaf_canvas_stroke (sheet->pen.canvas, color, line);
    }
  return chart_h;
}

/* The gap in figures and in words. */
static double
gap_column (IsafSheet                     *sheet,
            const IsafInterfaceComparison *comparison,
            double                         x,
            double                         y,
            double                         width)
{
  double gap = 0, h = 0;
  gboolean has_gap = isaf_interface_comparison_get_gap (comparison, &gap);
  gboolean large = has_gap && is_large (gap);
  g_autofree char *amount = isaf_sheet_format_number (sheet, has_gap, fabs (gap), 1);
  g_autofree char *gap_km = g_strconcat ("គម្លាត ", amount, large ? " · គម្លាតធំ" : "", NULL);
  g_autofree char *gap_en = g_strdup_printf (large ? "Gap %.1f: large" : "Gap %.1f", fabs (gap));
  const char *verdict_km, *verdict_en;

  if (!comparison->has_citizen_median)
    verdict_km = "គ្មានពិន្ទុប្រជាពលរដ្ឋ", verdict_en = "No citizens’ score";
  else if (!comparison->has_provider_median)
    verdict_km = "គ្មានពិន្ទុអ្នកផ្ដល់សេវា", verdict_en = "No provider’s score";
  else if (fabs (gap) < 0.05)
    verdict_km = "ពិន្ទុដូចគ្នា", verdict_en = "Same score";
  else if (gap > 0)
    verdict_km = "អ្នកផ្ដល់សេវាឲ្យពិន្ទុខ្ពស់ជាង", verdict_en = "Provider scored higher";
  else
    verdict_km = "ប្រជាពលរដ្ឋឲ្យពិន្ទុខ្ពស់ជាង", verdict_en = "Citizens scored higher";

  if (has_gap && fabs (gap) >= 0.05)
    h += isaf_print_pen_put_pair (&sheet->pen, isaf_sheet_scaled (sheet, ISAF_SHEET_SIZE_BODY),
                                  gap_km, gap_en, x, y, width, PANGO_ALIGN_LEFT,
                                  large ? &large_gap_color : &isaf_sheet_ink);
  h += isaf_print_pen_put_pair (&sheet->pen, isaf_sheet_scaled (sheet, ISAF_SHEET_SIZE_SMALL),
                                verdict_km, verdict_en, x, y + h, width, PANGO_ALIGN_LEFT,
                                &isaf_sheet_grey);
  return h;
}

static double
comparison_row (IsafSheet     *sheet,
                gconstpointer  data,
                double         x,
                double         y,
                double         width)
{
  const Row *row = data;
  const IsafInterfaceComparison *comparison = row->comparison;
  double name_w, chart_w, gap_w, pad = isaf_sheet_scaled (sheet, ISAF_SHEET_PAD), gap = 0;
  gboolean large = isaf_interface_comparison_get_gap (comparison, &gap) && is_large (gap);
  g_autofree char *number = isaf_format_integer (row->number, sheet->digits);
  g_autofree char *name = g_strconcat (number, ". ", comparison->name_km, NULL);
  double stripe = isaf_sheet_scaled (sheet, 3);
  gboolean draw = sheet->pen.draw;
  double h = 0;

  columns (width, &name_w, &chart_w, &gap_w);
  for (int pass = draw ? 0 : 1; pass < 2; pass++)
    {
      double inner;

      sheet->pen.draw = pass == 1 && draw;
      if (sheet->pen.draw && row->number % 2 == 0)
        isaf_print_pen_fill (&sheet->pen, x, y, width, h, 0, &isaf_sheet_tint);
      if (large)
        isaf_print_pen_fill (&sheet->pen, x, y, stripe, h, 0, &large_gap_color);
      inner = isaf_print_pen_put_pair (&sheet->pen, isaf_sheet_scaled (sheet, ISAF_SHEET_SIZE_BODY),
                                       name, comparison->name_en, x + stripe + pad, y + pad,
                                       name_w - stripe - 2 * pad, PANGO_ALIGN_LEFT,
                                       &isaf_sheet_ink);
      inner = fmax (inner, gap_column (sheet, comparison, x + name_w + chart_w + pad, y + pad,
                                       gap_w - 2 * pad));
      inner = fmax (inner, pair_chart (sheet, comparison, x + name_w + pad, y + pad,
                                       chart_w - 2 * pad, h - 2 * pad));
      h = inner + 2 * pad;
    }
  sheet->pen.draw = draw;
  return h;
}

/* The document -------------------------------------------------------------------------- */

gboolean
isaf_interface_sheet_draw (IsafCanvas                       *canvas,
                           const IsafInterfaceReport        *report,
                           const IsafInterfaceReportMeeting *meeting,
                           IsafPosterLanguage                language,
                           GError                          **error)
{
  Sheet s = { report, meeting };
  g_autoptr(GArray) blocks = g_array_new (FALSE, TRUE, sizeof (IsafSheetBlock));
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_autofree char *date = NULL;
  g_autofree char *footer = NULL;
  IsafSheetFlow flow = { first_header, page_header, &s, NULL, NULL };
  IsafSheet sheet;
  guint r = 0;

  g_return_val_if_fail (ISAF_IS_CANVAS (canvas), FALSE);
  g_return_val_if_fail (report != NULL && meeting != NULL, FALSE);

  isaf_sheet_init (&sheet, canvas, language);
  /* The rows first, so that the blocks can point into an array that no longer grows. */
  for (guint u = 0; u < meeting->units->len; u++)
    {
      const IsafInterfaceReportUnit *unit = g_ptr_array_index (meeting->units, u);

      for (guint i = 0; i < unit->comparisons->len; i++)
        {
          Row row = { unit, g_ptr_array_index (unit->comparisons, i), i + 1 };

          g_array_append_val (rows, row);
        }
    }
  for (guint u = 0; u < meeting->units->len; u++)
    {
      static const IsafSheetWords no_scores = {
        "គ្មានពិន្ទុសម្រាប់សេវានេះក្នុងឆ្នាំនេះទេ", "No scores for this service this year",
      };
      const IsafInterfaceReportUnit *unit = g_ptr_array_index (meeting->units, u);
      IsafSheetBlock heading = { unit_heading, unit, TRUE };
      IsafSheetBlock empty = { isaf_sheet_empty_row, &no_scores, FALSE };

      g_array_append_val (blocks, heading);
      if (unit->comparisons->len == 0)
        g_array_append_val (blocks, empty);
      for (guint i = 0; i < unit->comparisons->len; i++, r++)
        {
          IsafSheetBlock block = { comparison_row, &g_array_index (rows, Row, r), FALSE };

          g_array_append_val (blocks, block);
        }
    }

  date = isaf_sheet_format_date (&sheet, isaf_record_get_text (meeting->meeting->record,
                                                               "held_on"));
  footer = g_strconcat ("ការប្រៀបធៀបពិន្ទុ · ", date, NULL);
  flow.footer = footer;
  flow.name = footer;
  return isaf_sheet_flow (&sheet, &flow, blocks, error);
}

/**
 * isaf_interface_sheet_render_pdf:
 * @report: the interface meetings
 * @language: Khmer only, or Khmer with English
 * @error: return location for an %ISAF_PRINT_ERROR
 *
 * Returns: (transfer full) (nullable): the PDF document
 */
GBytes *
isaf_interface_sheet_render_pdf (const IsafInterfaceReport  *report,
                                 IsafPosterLanguage          language,
                                 GError                    **error)
{
  g_autofree char *title = NULL;

  g_return_val_if_fail (report != NULL, NULL);

  title = g_strdup_printf ("Interface meetings %d", report->year);
  return isaf_sheet_render_pdf (title, (IsafSheetDrawFunc) isaf_interface_sheet_draw, report,
                                report->meetings, language, error);
}
