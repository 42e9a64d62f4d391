/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-print"

#include "config.h"

#include <math.h>

#include "isaf-jaap-sheet-private.h"
#include "isaf-report-sheet.h"

/* The table of the JAAP and of the CIP list: fixed columns in the template's order, ruled like
 * the paper form. Each cell wraps inside its column (the shares below give every column room
 * for its longest word and figure); an action is indented by its depth and numbered among its
 * siblings, as the template numbers it; an action with sub-actions is set in bold. Column
 * headings are the template's words, Khmer with English under them on bilingual sheets. */

#define SIZE_CELL 8.0
#define SIZE_HEADING 7.5
/* How far each level of sub-actions is indented. */
#define INDENT 6.0
#define RULE_WIDTH 0.5

#define EN_DASH "\u2013"

/* English on the blue of the heading row. */
static const IsafColor pale = { 0.86, 0.91, 0.97 };

static const IsafJaapColumnSpec plan_columns[] = {
  { ISAF_JAAP_COLUMN_NUMBER, "ល.រ", "No.", 0.04 },
  { ISAF_JAAP_COLUMN_ACTIVITY, "សកម្មភាពអាទិភាពដែលបានព្រមព្រៀងគ្នា", "Agreed priority activity",
    0.19 },
  { ISAF_JAAP_COLUMN_PROPOSER, "អ្នកស្នើ", "Proposer", 0.075 },
  { ISAF_JAAP_COLUMN_TARGET, "ឆ្លើយតបគោលដៅ ឬបញ្ហា", "Target or issue it answers", 0.115 },
  { ISAF_JAAP_COLUMN_LOCATION, "ទីតាំង", "Location", 0.08 },
  { ISAF_JAAP_COLUMN_QUANTITY, "លទ្ធផល (បរិមាណ ឯកតា)", "Result (quantity, unit)", 0.07 },
  { ISAF_JAAP_COLUMN_START, "ចាប់ផ្ដើម", "Start", 0.06 },
  { ISAF_JAAP_COLUMN_END, "បញ្ចប់", "End", 0.06 },
  { ISAF_JAAP_COLUMN_BENEFICIARIES, "អ្នកទទួលផលសរុប", "Beneficiaries", 0.06 },
  { ISAF_JAAP_COLUMN_FEMALE, "ក្នុងនោះស្រី", "Of whom female", 0.05 },
  { ISAF_JAAP_COLUMN_COST, "តម្លៃប៉ាន់ស្មាន (រៀល)", "Estimated cost (Riel)", 0.095 },
  { ISAF_JAAP_COLUMN_IMPLEMENTER, "អ្នកដឹកនាំអនុវត្ត/សហការ", "Implementer / collaborators",
    0.105 },
};

static const IsafJaapColumnSpec cip_columns[] = {
  { ISAF_JAAP_COLUMN_NUMBER, "ល.រ", "No.", 0.04 },
  { ISAF_JAAP_COLUMN_ACTIVITY, "សកម្មភាព", "Activity", 0.24 },
  { ISAF_JAAP_COLUMN_LOCATION, "ទីតាំង", "Location", 0.1 },
  { ISAF_JAAP_COLUMN_QUANTITY, "បរិមាណ ឯកតា", "Quantity, unit", 0.08 },
  { ISAF_JAAP_COLUMN_BENEFICIARIES_BOTH, "អ្នកទទួលផល សរុប/ស្រី", "Beneficiaries total / female",
    0.09 },
  { ISAF_JAAP_COLUMN_COST, "តម្លៃប៉ាន់ស្មាន (រៀល)", "Estimated cost (Riel)", 0.1 },
  { ISAF_JAAP_COLUMN_FUND_SOURCE, "ប្រភពថវិកា", "Source of funds", 0.11 },
  { ISAF_JAAP_COLUMN_PERIOD, "រយៈពេលអនុវត្ត", "Start " EN_DASH " end", 0.11 },
  { ISAF_JAAP_COLUMN_PROPOSER, "អ្នកស្នើ", "Proposer", 0.13 },
};

G_STATIC_ASSERT (G_N_ELEMENTS (plan_columns) <= ISAF_JAAP_SHEET_MAX_COLUMNS);
G_STATIC_ASSERT (G_N_ELEMENTS (cip_columns) <= ISAF_JAAP_SHEET_MAX_COLUMNS);

const IsafJaapColumnSpec *
isaf_jaap_sheet_get_columns (IsafJaapSheetKind  kind,
                             guint             *n_columns)
{
  if (kind == ISAF_JAAP_SHEET_CIP)
    {
      *n_columns = G_N_ELEMENTS (cip_columns);
      return cip_columns;
    }
  *n_columns = G_N_ELEMENTS (plan_columns);
  return plan_columns;
}

guint
isaf_jaap_sheet_column_edges (IsafJaapSheetKind  kind,
                              double             width,
                              double            *edges)
{
  guint n_columns;
  const IsafJaapColumnSpec *columns = isaf_jaap_sheet_get_columns (kind, &n_columns);

  edges[0] = 0;
  for (guint i = 0; i < n_columns; i++)
    edges[i + 1] = edges[i] + columns[i].share * width;
  /* The last edge exactly at the width, whatever the shares' rounding. */
  edges[n_columns] = width;
  return n_columns;
}

/* Where a column is, by its kind; -1 when the sheet has no such column. */
static int
column_index (const IsafJaapDocument *document,
              IsafJaapColumn          column)
{
  for (guint i = 0; i < document->n_columns; i++)
    if (document->columns[i].column == column)
      return i;
  return -1;
}

/* Headings ---------------------------------------------------------------------------------- */

/* Vertical rules at @n_cuts column edges, and a rule under the row. */
static void
rule_row (IsafSheet       *sheet,
          const double    *edges,
          const guint     *cuts,
          guint            n_cuts,
          double           x,
          double           y,
          double           height,
          const IsafColor *color)
{
  IsafCanvas *canvas = sheet->pen.canvas;
  guint last = cuts[n_cuts - 1];

  if (!sheet->pen.draw)
    return;
  for (guint i = 0; i < n_cuts; i++)
    {
      isaf_canvas_move_to (canvas, x + edges[cuts[i]], y);
      isaf_canvas_line_to (canvas, x + edges[cuts[i]], y + height);
    }
  isaf_canvas_move_to (canvas, x, y + height);
  isaf_canvas_line_to (canvas, x + edges[last], y + height);
  isaf_canvas_stroke (canvas, color, RULE_WIDTH);
}

/* Every column edge, for a row that fills every cell. */
static guint
all_cuts (guint n_columns,
          guint cuts[ISAF_JAAP_SHEET_MAX_COLUMNS + 1])
{
  for (guint i = 0; i <= n_columns; i++)
    cuts[i] = i;
  return n_columns + 1;
}

double
isaf_jaap_sheet_column_headings (IsafSheet              *sheet,
                                 const IsafJaapDocument *document,
                                 double                  x,
                                 double                  y,
                                 double                  width)
{
  double edges[ISAF_JAAP_SHEET_MAX_COLUMNS + 1];
  guint cuts[ISAF_JAAP_SHEET_MAX_COLUMNS + 1];
  double pad = isaf_sheet_scaled (sheet, ISAF_SHEET_PAD) / 2;
  double size = isaf_sheet_scaled (sheet, SIZE_HEADING), h = 0;
  gboolean draw = sheet->pen.draw;
  guint n = isaf_jaap_sheet_column_edges (document->kind, width, edges);

  /* Measured first, so that the band is drawn behind its text. */
  for (int pass = draw ? 0 : 1; pass < 2; pass++)
    {
      double inner = 0;

      sheet->pen.draw = pass == 1 && draw;
      isaf_print_pen_fill (&sheet->pen, x, y, width, h, 0, &isaf_sheet_blue);
      for (guint i = 0; i < n; i++)
        {
          double cell_x = x + edges[i] + pad, cell_w = edges[i + 1] - edges[i] - 2 * pad;
          double cell_h = isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_BODY, size,
                                                   document->columns[i].km, cell_x, y + pad,
                                                   cell_w, PANGO_ALIGN_CENTER, &isaf_sheet_white);

          /* Not the pen's grey English, which a blue band would swallow. */
          if (sheet->pen.both)
            cell_h += isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_LATIN,
                                               size * sheet->pen.english_ratio,
                                               document->columns[i].en, cell_x,
                                               y + pad + cell_h, cell_w, PANGO_ALIGN_CENTER,
                                               &pale);
          inner = fmax (inner, cell_h);
        }
      h = inner + 2 * pad;
    }
  rule_row (sheet, edges, cuts, all_cuts (n, cuts), x, y, h, &isaf_sheet_white);
  sheet->pen.draw = draw;
  return h;
}

/* Cells ------------------------------------------------------------------------------------- */

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
put_cell (IsafSheet      *sheet,
          IsafPrintFace   face,
          gboolean        bold,
          const char     *text,
          double          x,
          double          y,
          double          width,
          PangoAlignment  alignment)
{
  g_autoptr(PangoLayout) layout = NULL;

  if (isaf_print_is_blank (text))
    return 0;
  layout = isaf_print_pen_layout (&sheet->pen, face, isaf_sheet_scaled (sheet, SIZE_CELL), text,
                                  width, alignment);
  if (bold)
    embolden (layout);
  return isaf_print_pen_put_layout (&sheet->pen, layout, x, y, &isaf_sheet_ink);
}

static char *
format_count (IsafSheet      *sheet,
              IsafRecord     *action,
              const char     *column)
{
  if (isaf_record_is_null (action, column))
    return NULL;
  return isaf_format_integer (isaf_record_get_integer (action, column), sheet->digits);
}

/* A quantity as the form writes it, with its unit: "1,200 ម៉ែត", "2.5 គីឡូម៉ែត". */
static char *
format_quantity (IsafSheet  *sheet,
                 IsafRecord *action)
{
  const char *unit = isaf_record_get_text (action, "quantity_unit");
  g_autofree char *number = NULL;
  double quantity;

  if (isaf_record_is_null (action, "quantity"))
    return g_strdup (unit);
  quantity = isaf_record_get_real (action, "quantity");
  if (quantity == floor (quantity) && fabs (quantity) < 1e15)
    number = isaf_format_integer ((gint64) quantity, sheet->digits);
  else
    number = isaf_sheet_format_number (sheet, TRUE, quantity, 2);
  return isaf_print_is_blank (unit) ? g_steal_pointer (&number)
                                    : g_strconcat (number, " ", unit, NULL);
}

/* A date as the form writes it: the Khmer month and the year, "មករា ២០២៥". */
static char *
format_month (IsafSheet  *sheet,
              const char *iso_date)
{
  g_autofree char *year_text = NULL;
  int year, month, day;

  if (iso_date == NULL || !isaf_parse_iso_date (iso_date, &year, &month, &day))
    return g_strdup (iso_date);
  year_text = isaf_sheet_format_year (sheet, year);
  return g_strconcat (isaf_format_month_name_km (month), " ", year_text, NULL);
}

static char *
format_period (IsafSheet  *sheet,
               IsafRecord *action)
{
  g_autofree char *start = format_month (sheet, isaf_record_get_text (action, "start_on"));
  g_autofree char *end = format_month (sheet, isaf_record_get_text (action, "end_on"));

  if (start == NULL || end == NULL)
    return g_strdup (start ? start : end);
  return g_strconcat (start, " " EN_DASH " ", end, NULL);
}

static char *
format_beneficiaries (IsafSheet  *sheet,
                      IsafRecord *action)
{
  g_autofree char *total = format_count (sheet, action, "beneficiaries_total");
  g_autofree char *female = format_count (sheet, action, "beneficiaries_female");

  if (total == NULL && female == NULL)
    return NULL;
  return g_strconcat (total ? total : "", " / ", female ? female : "", NULL);
}

/* The text of an action's cell in Khmer, and (for a translated label) its English. */
static char *
entry_cell (IsafSheet           *sheet,
            const IsafJaapEntry *entry,
            IsafJaapColumn       column,
            const char         **english)
{
  IsafRecord *action = entry->action;
  int source;

  *english = NULL;
  switch (column)
    {
    case ISAF_JAAP_COLUMN_NUMBER:
      return isaf_format_integer (entry->number, sheet->digits);
    case ISAF_JAAP_COLUMN_ACTIVITY:
      return g_strdup (isaf_record_get_text (action, "activity"));
    case ISAF_JAAP_COLUMN_PROPOSER:
      return g_strdup (isaf_record_get_text (action, "proposer"));
    case ISAF_JAAP_COLUMN_TARGET:
      return g_strdup (isaf_record_get_text (action, "target_issue"));
    case ISAF_JAAP_COLUMN_LOCATION:
      return g_strdup (isaf_record_get_text (action, "location"));
    case ISAF_JAAP_COLUMN_QUANTITY:
      return format_quantity (sheet, action);
    case ISAF_JAAP_COLUMN_START:
      return format_month (sheet, isaf_record_get_text (action, "start_on"));
    case ISAF_JAAP_COLUMN_END:
      return format_month (sheet, isaf_record_get_text (action, "end_on"));
    case ISAF_JAAP_COLUMN_BENEFICIARIES:
      return format_count (sheet, action, "beneficiaries_total");
    case ISAF_JAAP_COLUMN_FEMALE:
      return format_count (sheet, action, "beneficiaries_female");
    case ISAF_JAAP_COLUMN_COST:
      return isaf_record_is_null (action, "estimated_cost_riel")
               ? NULL
               : isaf_format_riel (isaf_record_get_integer (action, "estimated_cost_riel"),
                                   sheet->digits);
    case ISAF_JAAP_COLUMN_IMPLEMENTER:
      return g_strdup (isaf_record_get_text (action, "implementer"));
    case ISAF_JAAP_COLUMN_BENEFICIARIES_BOTH:
      return format_beneficiaries (sheet, action);
    case ISAF_JAAP_COLUMN_FUND_SOURCE:
      source = isaf_fund_source_from_string (isaf_record_get_text (action, "fund_source"));
      if (source < 0)
        return NULL;
      *english = isaf_report_fund_source_words ()[source].en;
      return g_strdup (isaf_report_fund_source_words ()[source].km);
    case ISAF_JAAP_COLUMN_PERIOD:
      return format_period (sheet, action);
    default:
      g_return_val_if_reached (NULL);
    }
}

static gboolean
is_figure (IsafJaapColumn column)
{
  return column == ISAF_JAAP_COLUMN_BENEFICIARIES || column == ISAF_JAAP_COLUMN_FEMALE
         || column == ISAF_JAAP_COLUMN_COST || column == ISAF_JAAP_COLUMN_BENEFICIARIES_BOTH;
}

/* Rows -------------------------------------------------------------------------------------- */

/* The cells of an action; returns the height of the tallest. */
static double
entry_cells (IsafSheet         *sheet,
             const IsafJaapRow *row,
             const double      *edges,
             double             x,
             double             y)
{
  const IsafJaapDocument *document = row->document;
  const IsafJaapEntry *entry = row->entry;
  double pad = isaf_sheet_scaled (sheet, ISAF_SHEET_PAD) / 2;
  double indent = isaf_sheet_scaled (sheet, INDENT) * (MAX (entry->depth, 1) - 1);
  gboolean bold = entry->n_children > 0;
  double h = 0;

  for (guint i = 0; i < document->n_columns; i++)
    {
      IsafJaapColumn column = document->columns[i].column;
      gboolean indented = column == ISAF_JAAP_COLUMN_NUMBER || column == ISAF_JAAP_COLUMN_ACTIVITY;
      double cell_x = x + edges[i] + pad + (indented ? indent : 0);
      double cell_w = edges[i + 1] - edges[i] - 2 * pad - (indented ? indent : 0);
      const char *english;
      g_autofree char *text = entry_cell (sheet, entry, column, &english);
      double cell_h = put_cell (sheet, is_figure (column) ? ISAF_PRINT_FACE_FIGURES
                                                          : ISAF_PRINT_FACE_BODY,
                                bold, text, cell_x, y + pad, cell_w,
                                is_figure (column) ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);

      if (sheet->pen.both && english != NULL && g_strcmp0 (english, text) != 0)
        cell_h += isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_LATIN,
                                           isaf_sheet_scaled (sheet, SIZE_CELL)
                                             * sheet->pen.english_ratio,
                                           english, cell_x, y + pad + cell_h, cell_w,
                                           PANGO_ALIGN_LEFT, &isaf_sheet_grey);
      h = fmax (h, cell_h);
    }
  return h + 2 * pad;
}

/* A group's letter in the first column, its heading across the others. */
static double
group_cells (IsafSheet         *sheet,
             const IsafJaapRow *row,
             const double      *edges,
             double             x,
             double             y)
{
  const IsafJaapDocument *document = row->document;
  double pad = isaf_sheet_scaled (sheet, ISAF_SHEET_PAD) / 2;
  double size = isaf_sheet_scaled (sheet, ISAF_SHEET_SIZE_BODY);
  const IsafSheetWords *title = isaf_report_group_words (row->group);
  const char *english = title->en;
  const char *khmer = title->km;
  double letter_h, title_h;

  letter_h = isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_HEADING, size,
                                      isaf_jaap_group_letter (row->group), x + edges[0] + pad,
                                      y + pad, edges[1] - edges[0] - 2 * pad, PANGO_ALIGN_LEFT,
                                      &isaf_sheet_blue);
  title_h = isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_HEADING, size, khmer,
                                     x + edges[1] + pad, y + pad,
                                     edges[document->n_columns] - edges[1] - 2 * pad,
                                     PANGO_ALIGN_LEFT, &isaf_sheet_blue);
  if (sheet->pen.both && g_strcmp0 (english, khmer) != 0)
    title_h += isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_LATIN_BOLD,
                                        size * sheet->pen.english_ratio, english,
                                        x + edges[1] + pad, y + pad + title_h,
                                        edges[document->n_columns] - edges[1] - 2 * pad,
                                        PANGO_ALIGN_LEFT, &isaf_sheet_blue);
  return fmax (letter_h, title_h) + 2 * pad;
}

/* A group without actions: a line that says so, across the columns after the first. */
static double
empty_cells (IsafSheet         *sheet,
             const IsafJaapRow *row,
             const double      *edges,
             double             x,
             double             y)
{
  double pad = isaf_sheet_scaled (sheet, ISAF_SHEET_PAD) / 2;
  guint n = row->document->n_columns;

  return isaf_print_pen_put_pair (&sheet->pen, isaf_sheet_scaled (sheet, SIZE_CELL),
                                  "មិនមានសកម្មភាពក្នុងក្រុមនេះទេ", "No actions in this group",
                                  x + edges[1] + pad, y + pad, edges[n] - edges[1] - 2 * pad,
                                  PANGO_ALIGN_LEFT, &isaf_sheet_grey) + 2 * pad;
}

/* The words of a total, across the columns before the cost, and the amount under the cost. */
static double
total_cells (IsafSheet         *sheet,
             const IsafJaapRow *row,
             const double      *edges,
             int                cost,
             double             x,
             double             y)
{
  double pad = isaf_sheet_scaled (sheet, ISAF_SHEET_PAD) / 2;
  g_autofree char *amount = isaf_format_riel (row->total, sheet->digits);
  g_autofree char *label_km = NULL;
  g_autofree char *label_en = NULL;
  double label_h, amount_h;

  if (row->document->kind == ISAF_JAAP_SHEET_CIP)
    {
      label_km = g_strdup ("សរុបតម្លៃប៉ាន់ស្មាន");
      label_en = g_strdup ("Total estimated cost");
    }
  else if (row->kind == ISAF_JAAP_ROW_GROUP_TOTAL)
    {
      label_km = g_strconcat ("សរុបក្រុម ", isaf_jaap_group_letter (row->group), NULL);
      label_en = g_strconcat ("Total of group ", isaf_jaap_group_letter (row->group), NULL);
    }
  else
    {
      label_km = g_strdup ("សរុបរួម");
      label_en = g_strdup ("Grand total");
    }

  label_h = isaf_print_pen_put_pair (&sheet->pen, isaf_sheet_scaled (sheet, SIZE_CELL), label_km,
                                     label_en, x + edges[0] + pad, y + pad,
                                     edges[cost] - edges[0] - 2 * pad, PANGO_ALIGN_RIGHT,
                                     &isaf_sheet_ink);
  amount_h = put_cell (sheet, ISAF_PRINT_FACE_FIGURES, TRUE, amount, x + edges[cost] + pad, y + pad,
                       edges[cost + 1] - edges[cost] - 2 * pad, PANGO_ALIGN_RIGHT);
  return fmax (label_h, amount_h) + 2 * pad;
}

gboolean
isaf_jaap_sheet_counts_cost (const IsafJaapEntry *entry)
{
  /* Only actions without sub-actions: a heading's cost is the sum of its parts, and counting
   * both would count the same money twice. */
  return entry->n_children == 0 && !isaf_record_is_null (entry->action, "estimated_cost_riel");
}

double
isaf_jaap_sheet_row (IsafSheet     *sheet,
                     gconstpointer  data,
                     double         x,
                     double         y,
                     double         width)
{
  const IsafJaapRow *row = data;
  guint n = row->document->n_columns;
  int cost = column_index (row->document, ISAF_JAAP_COLUMN_COST);
  double edges[ISAF_JAAP_SHEET_MAX_COLUMNS + 1];
  guint cuts[ISAF_JAAP_SHEET_MAX_COLUMNS + 1];
  guint n_cuts;
  gboolean draw = sheet->pen.draw;
  double h = 0;

  isaf_jaap_sheet_column_edges (row->document->kind, width, edges);
  /* Measured first, so that a tint is drawn behind the row. */
  for (int pass = draw ? 0 : 1; pass < 2; pass++)
    {
      sheet->pen.draw = pass == 1 && draw;
      switch (row->kind)
        {
        case ISAF_JAAP_ROW_GROUP:
          isaf_print_pen_fill (&sheet->pen, x, y, width, h, 0, &isaf_sheet_tint);
          h = group_cells (sheet, row, edges, x, y);
          n_cuts = 3, cuts[0] = 0, cuts[1] = 1, cuts[2] = n;
          break;
        case ISAF_JAAP_ROW_ENTRY:
          h = entry_cells (sheet, row, edges, x, y);
          n_cuts = all_cuts (n, cuts);
          break;
        case ISAF_JAAP_ROW_EMPTY:
          h = empty_cells (sheet, row, edges, x, y);
          n_cuts = 3, cuts[0] = 0, cuts[1] = 1, cuts[2] = n;
          break;
        case ISAF_JAAP_ROW_GROUP_TOTAL:
        case ISAF_JAAP_ROW_GRAND_TOTAL:
        default:
          isaf_print_pen_fill (&sheet->pen, x, y, width, h, 0, &isaf_sheet_tint);
          h = total_cells (sheet, row, edges, cost, x, y);
          n_cuts = 4, cuts[0] = 0, cuts[1] = cost, cuts[2] = cost + 1, cuts[3] = n;
          break;
        }
    }
  rule_row (sheet, edges, cuts, n_cuts, x, y, h, &isaf_sheet_rule);
  sheet->pen.draw = draw;
  return h;
}
