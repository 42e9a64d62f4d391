/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-print"

#include "config.h"

#include <math.h>

#include "isaf-report-sheet.h"

/* The parts the report sheets are built of. Their words are Khmer, with English under them on
 * bilingual sheets, whatever the language of the interface: a report is a document of the
 * commune that goes up to the district, like the scorecard sheets. A table is one block, so
 * that it is never split between pages and its columns line up from its heading to its total. */

#define SIZE_SECTION 10.5
#define RULE_WIDTH 0.5

#define EM_DASH "\u2014"

typedef struct {
  char *km[ISAF_REPORT_TABLE_MAX_COLUMNS];
  char *en[ISAF_REPORT_TABLE_MAX_COLUMNS];
  guint n_cells;
  gboolean is_total;
} Row;

struct _IsafReportTable
{
  IsafReportColumn columns[ISAF_REPORT_TABLE_MAX_COLUMNS];
  guint n_columns;
  gboolean has_headings;
  GArray *rows;
};

/* English on the blue of a heading row: the pen's grey would vanish into it. */
static const IsafColor pale = { 0.86, 0.91, 0.97 };

static const IsafSheetWords status_words[ISAF_N_JAAP_STATUSES] = {
  [ISAF_JAAP_STATUS_NOT_STARTED] = { "មិនទាន់ចាប់ផ្ដើម", "Not started" },
  [ISAF_JAAP_STATUS_ONGOING] = { "កំពុងអនុវត្ត", "Ongoing" },
  [ISAF_JAAP_STATUS_COMPLETED] = { "បានបញ្ចប់", "Completed" },
  [ISAF_JAAP_STATUS_CANCELLED] = { "បានលុបចោល", "Cancelled" },
};

/* The printed words of the stored choices, in the order of IsafAwpbCategory and
 * IsafFundSource: the English is the interface's for the value (isaf-choice.c). */
static const IsafSheetWords category_words[ISAF_N_AWPB_CATEGORIES] = {
  [ISAF_AWPB_JAAPC_MEETINGS] = { "កិច្ចប្រជុំគណៈកម្មការ JAAP", "JAAP Committee meetings" },
  [ISAF_AWPB_I4C_PRINTING] = { "ការបោះពុម្ពផ្ទាំងព័ត៌មាន I4C", "Printing I4C posters" },
  [ISAF_AWPB_CAF_SUPPORT] = { "ការគាំទ្រ CAF", "Support to CAFs" },
  [ISAF_AWPB_CIP_ACTIVITIES] = { "សកម្មភាពកម្មវិធីវិនិយោគឃុំ (CIP)", "CIP activities" },
  [ISAF_AWPB_OTHER] = { "ផ្សេងៗ", "Other" },
};

static const IsafSheetWords fund_words[ISAF_N_FUND_SOURCES] = {
  [ISAF_FUND_COMMUNE_FUND] = { "មូលនិធិឃុំ (សេវាសង្គម)", "Commune fund (social services)" },
  [ISAF_FUND_PROVIDER_BUDGET] = { "ថវិកាអ្នកផ្ដល់សេវា", "Provider’s budget" },
  [ISAF_FUND_LINE_DEPARTMENT] = { "មន្ទីរជំនាញ", "Line department" },
  [ISAF_FUND_DEVELOPMENT_PARTNER] = { "អង្គការ ឬដៃគូអភិវឌ្ឍន៍",
                                             "NGO or development partner" },
  [ISAF_FUND_COMMUNITY] = { "សហគមន៍", "Community" },
};

/* The headings of the template's two groups. */
static const IsafSheetWords ka_words = {
  "សកម្មភាពដែលត្រូវការធនធានពីខាងក្រៅ (សម្រាប់កម្មវិធីវិនិយោគឃុំ)",
  "Actions that need outside resources (for the commune investment programme)",
};
static const IsafSheetWords kha_words = {
  "សកម្មភាពដែលអ្នកផ្ដល់សេវា និងសហគមន៍អនុវត្តដោយខ្លួនឯង",
  "Actions the service providers and the community do themselves",
};

static const char * const months_en[] = {
  "January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December",
};

/* Tables ------------------------------------------------------------------------------------ */

static void
row_clear (gpointer data)
{
  Row *row = data;

  for (guint i = 0; i < row->n_cells; i++)
    {
      g_free (row->km[i]);
      g_free (row->en[i]);
    }
}

IsafReportTable *
isaf_report_table_new (const IsafReportColumn *columns,
                       guint                   n_columns)
{
  IsafReportTable *table;

  g_return_val_if_fail (n_columns > 0 && n_columns <= ISAF_REPORT_TABLE_MAX_COLUMNS, NULL);

  table = g_new0 (IsafReportTable, 1);
  for (guint i = 0; i < n_columns; i++)
    {
      table->columns[i] = columns[i];
      table->has_headings |= columns[i].km != NULL;
    }
  table->n_columns = n_columns;
  table->rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_array_set_clear_func (table->rows, row_clear);
  return table;
}

void
isaf_report_table_free (IsafReportTable *table)
{
  if (table == NULL)
    return;
  g_array_unref (table->rows);
  g_free (table);
}

void
isaf_report_table_add_row (IsafReportTable *table,
                           const char      *label_km,
                           const char      *label_en,
                           gboolean         is_total)
{
  Row row = { .is_total = is_total };

  g_array_append_val (table->rows, row);
  isaf_report_table_take_cell (table, g_strdup (label_km), label_en);
}

void
isaf_report_table_take_cell (IsafReportTable *table,
                             char            *km,
                             const char      *en)
{
  g_autofree char *taken = km;
  Row *row;

  g_return_if_fail (table->rows->len > 0);
  row = &g_array_index (table->rows, Row, table->rows->len - 1);
  g_return_if_fail (row->n_cells < table->n_columns);
  row->km[row->n_cells] = g_steal_pointer (&taken);
  row->en[row->n_cells] = g_strdup (en);
  row->n_cells++;
}

void
isaf_report_table_add_figure (IsafReportTable *table,
                              const char      *label_km,
                              const char      *label_en,
                              char            *figure)
{
  isaf_report_table_add_row (table, label_km, label_en, FALSE);
  isaf_report_table_take_cell (table, figure, NULL);
}

static void
column_edges (const IsafReportTable *table,
              double                 width,
              double                 edges[ISAF_REPORT_TABLE_MAX_COLUMNS + 1])
{
  edges[0] = 0;
  for (guint i = 0; i < table->n_columns; i++)
    edges[i + 1] = edges[i] + table->columns[i].share * width;
  /* The last edge exactly at the width, whatever the shares' rounding. */
  edges[table->n_columns] = width;
}

/* The column rules of a row and the rule under it. */
static void
rule_row (IsafSheet             *sheet,
          const IsafReportTable *table,
          const double          *edges,
          double                 x,
          double                 y,
          double                 height,
          const IsafColor       *color)
{
  IsafCanvas *canvas = sheet->pen.canvas;

  if (!sheet->pen.draw)
    return;
  for (guint i = 0; i <= table->n_columns; i++)
    {
      isaf_canvas_move_to (canvas, x + edges[i], y);
      isaf_canvas_line_to (canvas, x + edges[i], y + height);
    }
  isaf_canvas_move_to (canvas, x, y + height);
  isaf_canvas_line_to (canvas, x + edges[table->n_columns], y + height);
  isaf_canvas_stroke (canvas, color, RULE_WIDTH);
}

static void
embolden (PangoLayout *layout)
{
  PangoFontDescription *description =
    pango_font_description_copy (pango_layout_get_font_description (layout));

  pango_font_description_set_weight (description, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, description);
  pango_font_description_free (description);
}

static double
heading_row (IsafSheet             *sheet,
             const IsafReportTable *table,
             const double          *edges,
             double                 x,
             double                 y)
{
  double pad = isaf_sheet_scaled (sheet, ISAF_SHEET_PAD) / 2;
  double size = isaf_sheet_scaled (sheet, ISAF_SHEET_SIZE_SMALL), h = 0;
  gboolean draw = sheet->pen.draw;

  /* Measured first, so that the band is drawn behind its text. */
  for (int pass = draw ? 0 : 1; pass < 2; pass++)
    {
      double inner = 0;

      sheet->pen.draw = pass == 1 && draw;
      isaf_print_pen_fill (&sheet->pen, x, y, edges[table->n_columns], h, 0, &isaf_sheet_blue);
      for (guint i = 0; i < table->n_columns; i++)
        {
          const IsafReportColumn *column = &table->columns[i];
          PangoAlignment alignment = column->is_text ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT;
          double cell_x = x + edges[i] + pad, cell_w = edges[i + 1] - edges[i] - 2 * pad;
          double cell_h = isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_BODY, size,
                                                   column->km ? column->km : "", cell_x, y + pad,
                                                   cell_w, alignment, &isaf_sheet_white);

          if (sheet->pen.both && !isaf_print_is_blank (column->en))
            cell_h += isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_LATIN,
                                               size * sheet->pen.english_ratio, column->en,
                                               cell_x, y + pad + cell_h, cell_w, alignment,
                                               &pale);
          inner = fmax (inner, cell_h);
        }
      h = inner + 2 * pad;
    }
  sheet->pen.draw = draw;
  rule_row (sheet, table, edges, x, y, h, &isaf_sheet_white);
  return h;
}

static double
put_cell (IsafSheet              *sheet,
          const IsafReportColumn *column,
          gboolean                bold,
          const char             *km,
          const char             *en,
          double                  x,
          double                  y,
          double                  width)
{
  double size = isaf_sheet_scaled (sheet, ISAF_SHEET_SIZE_BODY);
  PangoAlignment alignment = column->is_text ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT;
  g_autoptr(PangoLayout) layout =
    isaf_print_pen_layout (&sheet->pen, column->is_text ? ISAF_PRINT_FACE_BODY
                                                        : ISAF_PRINT_FACE_FIGURES,
                           size, isaf_print_is_blank (km) ? EM_DASH : km, width, alignment);
  double h;

  if (bold)
    embolden (layout);
  h = isaf_print_pen_put_layout (&sheet->pen, layout, x, y, &isaf_sheet_ink);
  if (sheet->pen.both && !isaf_print_is_blank (en) && g_strcmp0 (en, km) != 0)
    h += isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_LATIN,
                                  size * sheet->pen.english_ratio, en, x, y + h, width, alignment,
                                  &isaf_sheet_grey);
  return h;
}

static double
body_row (IsafSheet             *sheet,
          const IsafReportTable *table,
          const Row             *row,
          const double          *edges,
          double                 x,
          double                 y)
{
  double pad = isaf_sheet_scaled (sheet, ISAF_SHEET_PAD) / 2;
  gboolean draw = sheet->pen.draw;
  double h = 0;

  /* Measured first, so that a total's tint is drawn behind it. */
  for (int pass = draw ? 0 : 1; pass < 2; pass++)
    {
      double inner = 0;

      sheet->pen.draw = pass == 1 && draw;
      if (row->is_total)
        isaf_print_pen_fill (&sheet->pen, x, y, edges[table->n_columns], h, 0, &isaf_sheet_tint);
      for (guint i = 0; i < table->n_columns; i++)
        inner = fmax (inner, put_cell (sheet, &table->columns[i], row->is_total,
                                       i < row->n_cells ? row->km[i] : NULL,
                                       i < row->n_cells ? row->en[i] : NULL,
                                       x + edges[i] + pad, y + pad,
                                       edges[i + 1] - edges[i] - 2 * pad));
      h = inner + 2 * pad;
    }
  sheet->pen.draw = draw;
  rule_row (sheet, table, edges, x, y, h, &isaf_sheet_rule);
  return h;
}

double
isaf_report_table_draw (IsafSheet     *sheet,
                        gconstpointer  data,
                        double         x,
                        double         y,
                        double         width)
{
  const IsafReportTable *table = data;
  double edges[ISAF_REPORT_TABLE_MAX_COLUMNS + 1];
  double h = 0;

  column_edges (table, width, edges);
  if (table->has_headings)
    h += heading_row (sheet, table, edges, x, y);
  else if (sheet->pen.draw)
    {
      /* The rule over the first row, which a heading row would have drawn. */
      isaf_canvas_move_to (sheet->pen.canvas, x, y);
      isaf_canvas_line_to (sheet->pen.canvas, x + width, y);
      isaf_canvas_stroke (sheet->pen.canvas, &isaf_sheet_rule, RULE_WIDTH);
    }
  for (guint i = 0; i < table->rows->len; i++)
    h += body_row (sheet, table, &g_array_index (table->rows, Row, i), edges, x, y + h);
  return h;
}

/* Headings and remarks ---------------------------------------------------------------------- */

double
isaf_report_section_heading (IsafSheet     *sheet,
                             gconstpointer  data,
                             double         x,
                             double         y,
                             double         width)
{
  const IsafSheetWords *words = data;
  double size = isaf_sheet_scaled (sheet, SIZE_SECTION);
  double h = isaf_sheet_scaled (sheet, 10);

  h += isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_HEADING, size, words->km, x, y + h,
                                width, PANGO_ALIGN_LEFT, &isaf_sheet_blue);
  if (sheet->pen.both && !isaf_print_is_blank (words->en))
    h += isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_LATIN_BOLD,
                                  size * sheet->pen.english_ratio, words->en, x, y + h, width,
                                  PANGO_ALIGN_LEFT, &isaf_sheet_blue);
  return h + isaf_sheet_scaled (sheet, 4);
}

double
isaf_report_remark (IsafSheet     *sheet,
                    gconstpointer  data,
                    double         x,
                    double         y,
                    double         width)
{
  const IsafSheetWords *words = data;
  double gap = isaf_sheet_scaled (sheet, 3);

  return gap + isaf_print_pen_put_pair (&sheet->pen, isaf_sheet_scaled (sheet,
                                                                        ISAF_SHEET_SIZE_SMALL),
                                        words->km, words->en, x, y + gap, width,
                                        PANGO_ALIGN_LEFT, &isaf_sheet_grey);
}

static char *
format_date_en (const char *iso_date)
{
  int year, month, day;

  if (iso_date == NULL || !isaf_parse_iso_date (iso_date, &year, &month, &day))
    return g_strdup (iso_date);
  return g_strdup_printf ("%d %s %d", day, months_en[month - 1], year);
}

double
isaf_report_band (IsafSheet            *sheet,
                  const IsafReportBand *band,
                  double                x,
                  double                y,
                  double                width)
{
  g_autofree char *date_km = isaf_sheet_format_date (sheet, band->printed_on);
  g_autofree char *date_en = format_date_en (band->printed_on);
  g_autofree char *printed_km = g_strconcat ("កាលបរិច្ឆេទបោះពុម្ព ", date_km, NULL);
  g_autofree char *printed_en = g_strconcat ("Printed on ", date_en, NULL);
  double h = isaf_sheet_title_band (sheet, band->title_km, band->title_en, band->period_km,
                                    band->period_en, band->commune_code, x, y, width);

  h += isaf_sheet_scaled (sheet, 4);
  return h + isaf_print_pen_put_pair (&sheet->pen, isaf_sheet_scaled (sheet,
                                                                      ISAF_SHEET_SIZE_SMALL),
                                      printed_km, printed_en, x, y + h, width, PANGO_ALIGN_RIGHT,
                                      &isaf_sheet_grey);
}

/* Words and figures ------------------------------------------------------------------------- */

const IsafSheetWords *
isaf_report_status_words (IsafJaapStatus status)
{
  g_return_val_if_fail (status < ISAF_N_JAAP_STATUSES, &status_words[0]);

  return &status_words[status];
}

char *
isaf_report_format_share (IsafSheet *sheet,
                          gint64     part,
                          gint64     whole)
{
  g_autofree char *figure = isaf_sheet_format_number (sheet, whole != 0,
                                                      whole != 0 ? 100.0 * part / whole : 0, 1);

  return whole != 0 ? g_strconcat (figure, "%", NULL) : g_steal_pointer (&figure);
}

char *
isaf_report_format_part (IsafSheet *sheet,
                         gint64     part,
                         gint64     whole)
{
  g_autofree char *part_text = isaf_format_integer (part, sheet->digits);
  g_autofree char *whole_text = isaf_format_integer (whole, sheet->digits);
  g_autofree char *share = isaf_report_format_share (sheet, part, whole);

  return g_strdup_printf ("%s / %s (%s)", part_text, whole_text, share);
}

char *
isaf_report_format_month_en (int year,
                             int month)
{
  g_return_val_if_fail (month >= 1 && month <= 12, NULL);

  return g_strdup_printf ("%s %d", months_en[month - 1], year);
}

const IsafSheetWords *
isaf_report_category_words (void)
{
  return category_words;
}

const IsafSheetWords *
isaf_report_fund_source_words (void)
{
  return fund_words;
}

const IsafSheetWords *
isaf_report_group_words (const char *action_group)
{
  return g_strcmp0 (action_group, "ka") == 0 ? &ka_words : &kha_words;
}
