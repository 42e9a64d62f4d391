/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-print"

#include "config.h"

#include <math.h>

#include "isaf-monthly-report-sheet-private.h"
#include "isaf-report-sheet.h"

/* The plan's actions as one meeting of the JAAP Committee found them: group ក then ខ, each
 * action numbered by its path ("2.1") and indented by its depth, an action with sub-actions in
 * bold as their heading. Its status is the one at the meeting (isaf-monthly-report.h); an
 * overdue action is said to be so in words, beside a warning mark, so that neither colour nor a
 * printer in grey hides it; an action the meeting did not review says that too. A heading the
 * meeting did not review shows only its number and words: its steps carry the figures. */

#define SIZE_CELL 8.0
#define SIZE_HEADING 7.5
/* How far each level of sub-actions is indented. */
#define INDENT 6.0
#define RULE_WIDTH 0.5
/* The side of the warning mark. */
#define MARK_SIZE 7.5

#define EM_DASH "\u2014"

typedef enum {
  COLUMN_NUMBER,
  COLUMN_ACTIVITY,
  COLUMN_STATUS,
  COLUMN_NOTE,
  COLUMN_COST,
  N_COLUMNS,
} Column;

static const struct {
  const char *km;
  const char *en;
  double share;
} columns[N_COLUMNS] = {
  [COLUMN_NUMBER] = { "ល.រ", "No.", 0.08 },
  [COLUMN_ACTIVITY] = { "សកម្មភាព", "Activity", 0.31 },
  [COLUMN_STATUS] = { "ស្ថានភាពនៅកិច្ចប្រជុំ", "Status at the meeting", 0.18 },
  [COLUMN_NOTE] = { "កំណត់សម្គាល់", "Note", 0.22 },
  [COLUMN_COST] = { "បានចំណាយ / ប៉ាន់ស្មាន (រៀល)", "Spent / estimated (Riel)", 0.21 },
};

static const struct {
  const char *group;
  const char *letter;
  const char *km;
  const char *en;
} groups[] = {
  { "ka", "ក", "សកម្មភាពដែលត្រូវការធនធានពីខាងក្រៅ (សម្រាប់កម្មវិធីវិនិយោគឃុំ)",
    "Actions that need outside resources (for the commune investment programme)" },
  { "kha", "ខ", "សកម្មភាពដែលអ្នកផ្ដល់សេវា និងសហគមន៍អនុវត្តដោយខ្លួនឯង",
    "Actions the service providers and the community do themselves" },
};

/* Dark against the paper, so that a printer in grey keeps it apart from the ink too. */
static const IsafColor overdue_color = { 0.72, 0.1, 0.1 };
/* English on the blue of the heading row. */
static const IsafColor pale = { 0.86, 0.91, 0.97 };

static void
column_edges (double width,
              double edges[N_COLUMNS + 1])
{
  edges[0] = 0;
  for (guint i = 0; i < N_COLUMNS; i++)
    edges[i + 1] = edges[i] + columns[i].share * width;
  edges[N_COLUMNS] = width;
}

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

  if (!sheet->pen.draw)
    return;
  for (guint i = 0; i < n_cuts; i++)
    {
      isaf_canvas_move_to (canvas, x + edges[cuts[i]], y);
      isaf_canvas_line_to (canvas, x + edges[cuts[i]], y + height);
    }
  isaf_canvas_move_to (canvas, x, y + height);
  isaf_canvas_line_to (canvas, x + edges[N_COLUMNS], y + height);
  isaf_canvas_stroke (canvas, color, RULE_WIDTH);
}

double
isaf_monthly_report_sheet_column_headings (IsafSheet *sheet,
                                           double     x,
                                           double     y,
                                           double     width)
{
  static const guint cuts[] = { 0, 1, 2, 3, 4, 5 };
  double edges[N_COLUMNS + 1];
  double pad = isaf_sheet_scaled (sheet, ISAF_SHEET_PAD) / 2;
  double size = isaf_sheet_scaled (sheet, SIZE_HEADING), h = 0;
  gboolean draw = sheet->pen.draw;

  G_STATIC_ASSERT (G_N_ELEMENTS (cuts) == N_COLUMNS + 1);

  column_edges (width, edges);
  /* Measured first, so that the band is drawn behind its text. */
  for (int pass = draw ? 0 : 1; pass < 2; pass++)
    {
      double inner = 0;

      sheet->pen.draw = pass == 1 && draw;
      isaf_print_pen_fill (&sheet->pen, x, y, width, h, 0, &isaf_sheet_blue);
      for (guint i = 0; i < N_COLUMNS; i++)
        {
          PangoAlignment alignment = i == COLUMN_COST ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;
          double cell_x = x + edges[i] + pad, cell_w = edges[i + 1] - edges[i] - 2 * pad;
          double cell_h = isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_BODY, size,
                                                   columns[i].km, cell_x, y + pad, cell_w,
                                                   alignment, &isaf_sheet_white);

          if (sheet->pen.both)
            cell_h += isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_LATIN,
                                               size * sheet->pen.english_ratio, columns[i].en,
                                               cell_x, y + pad + cell_h, cell_w, alignment,
                                               &pale);
          inner = fmax (inner, cell_h);
        }
      h = inner + 2 * pad;
    }
  sheet->pen.draw = draw;
  rule_row (sheet, edges, cuts, G_N_ELEMENTS (cuts), x, y, h, &isaf_sheet_white);
  return h;
}

/* Cells ------------------------------------------------------------------------------------- */

static double
put_cell (IsafSheet       *sheet,
          IsafPrintFace    face,
          gboolean         bold,
          const char      *text,
          double           x,
          double           y,
          double           width,
          PangoAlignment   alignment,
          const IsafColor *color)
{
  g_autoptr(PangoLayout) layout = NULL;

  if (isaf_print_is_blank (text))
    return 0;
  layout = isaf_print_pen_layout (&sheet->pen, face, isaf_sheet_scaled (sheet, SIZE_CELL), text,
                                  width, alignment);
  if (bold)
    {
      PangoFontDescription *description =
        pango_font_description_copy (pango_layout_get_font_description (layout));

      pango_font_description_set_weight (description, PANGO_WEIGHT_BOLD);
      pango_layout_set_font_description (layout, description);
      pango_font_description_free (description);
    }
  return isaf_print_pen_put_layout (&sheet->pen, layout, x, y, color);
}

/* English under a cell's Khmer, on bilingual sheets. */
static double
put_english (IsafSheet       *sheet,
             const char      *text,
             double           x,
             double           y,
             double           width,
             const IsafColor *color)
{
  if (!sheet->pen.both)
    return 0;
  return isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_LATIN,
                                  isaf_sheet_scaled (sheet, SIZE_CELL) * sheet->pen.english_ratio,
                                  text, x, y, width, PANGO_ALIGN_LEFT, color);
}

/* A warning sign: a triangle with an exclamation mark, centred on @mid. */
static void
draw_mark (IsafSheet *sheet,
           double     x,
           double     mid)
{
  IsafCanvas *canvas = sheet->pen.canvas;
  double side = isaf_sheet_scaled (sheet, MARK_SIZE), top = mid - side / 2;
  double stroke = side * 0.14;

  if (!sheet->pen.draw)
    return;
  isaf_canvas_move_to (canvas, x + side / 2, top);
  isaf_canvas_line_to (canvas, x + side, top + side);
  isaf_canvas_line_to (canvas, x, top + side);
  isaf_canvas_close_path (canvas);
  isaf_canvas_fill (canvas, &overdue_color);
  isaf_canvas_rectangle (canvas, x + side / 2 - stroke / 2, top + side * 0.32, stroke,
                         side * 0.36);
  isaf_canvas_fill (canvas, &isaf_sheet_white);
  isaf_canvas_circle (canvas, x + side / 2, top + side * 0.82, stroke * 0.6);
  isaf_canvas_fill (canvas, &isaf_sheet_white);
}

static double
status_cell (IsafSheet            *sheet,
             const IsafMonthlyRow *row,
             double                x,
             double                y,
             double                width)
{
  const IsafMonthlyReportMeeting *meeting = row->meeting;
  const IsafJaapEntry *entry = g_ptr_array_index (meeting->jaap->entries, row->index);
  IsafJaapStatus status = g_array_index (meeting->statuses, guint8, row->index);
  gboolean overdue = g_array_index (meeting->overdue, guint8, row->index);
  gboolean reviewed = isaf_jaapc_meeting_get_progress (meeting->meeting,
                                                       isaf_record_get_id (entry->action)) != NULL;
  gboolean heading_only = entry->n_children > 0 && !reviewed;
  const IsafSheetWords *words = isaf_report_status_words (status);
  double small = isaf_sheet_scaled (sheet, ISAF_SHEET_SIZE_SMALL), h = 0;

  if (!heading_only)
    {
      h += put_cell (sheet, ISAF_PRINT_FACE_BODY, FALSE, words->km, x, y, width,
                     PANGO_ALIGN_LEFT, &isaf_sheet_ink);
      h += put_english (sheet, words->en, x, y + h, width, &isaf_sheet_grey);
    }
  if (overdue)
    {
      double side = isaf_sheet_scaled (sheet, MARK_SIZE), gap = isaf_sheet_scaled (sheet, 3);
      double top = y + h + isaf_sheet_scaled (sheet, 2);
      double word_h = put_cell (sheet, ISAF_PRINT_FACE_BODY, TRUE, "ហួសកាលកំណត់", x + side + gap,
                                top, width - side - gap, PANGO_ALIGN_LEFT, &overdue_color);

      draw_mark (sheet, x, top + word_h / 2);
      h = top - y + word_h;
      h += put_english (sheet, "Overdue", x + side + gap, y + h, width - side - gap,
                        &overdue_color);
    }
  if (!reviewed && !heading_only)
    h += isaf_print_pen_put_pair (&sheet->pen, small, "មិនបានពិនិត្យក្នុងកិច្ចប្រជុំនេះ",
                                  "Not reviewed at this meeting", x, y + h, width,
                                  PANGO_ALIGN_LEFT, &isaf_sheet_grey);
  return h;
}

static char *
format_riel (IsafSheet  *sheet,
             IsafRecord *record,
             const char *column)
{
  if (record == NULL || isaf_record_is_null (record, column))
    return g_strdup (EM_DASH);
  return isaf_format_riel (isaf_record_get_integer (record, column), sheet->digits);
}

/* The cost spent by the meeting's count, and the estimate under it. */
static double
cost_cell (IsafSheet           *sheet,
           const IsafJaapEntry *entry,
           IsafRecord          *progress,
           double               x,
           double               y,
           double               width)
{
  g_autofree char *spent = NULL;
  g_autofree char *estimated = NULL;
  g_autofree char *of_estimate = NULL;
  double h;

  if (entry->n_children > 0 && progress == NULL)
    return 0;
  spent = format_riel (sheet, progress, "cost_spent_riel");
  estimated = format_riel (sheet, entry->action, "estimated_cost_riel");
  of_estimate = g_strconcat ("/ ", estimated, NULL);
  h = put_cell (sheet, ISAF_PRINT_FACE_FIGURES, FALSE, spent, x, y, width, PANGO_ALIGN_RIGHT,
                &isaf_sheet_ink);
  return h + put_cell (sheet, ISAF_PRINT_FACE_FIGURES, FALSE, of_estimate, x, y + h, width,
                       PANGO_ALIGN_RIGHT, &isaf_sheet_grey);
}

/* Rows -------------------------------------------------------------------------------------- */

static double
entry_cells (IsafSheet            *sheet,
             const IsafMonthlyRow *row,
             const double         *edges,
             double                x,
             double                y)
{
  const IsafJaapEntry *entry = g_ptr_array_index (row->meeting->jaap->entries, row->index);
  IsafRecord *progress = isaf_jaapc_meeting_get_progress (row->meeting->meeting,
                                                          isaf_record_get_id (entry->action));
  double pad = isaf_sheet_scaled (sheet, ISAF_SHEET_PAD) / 2;
  double indent = isaf_sheet_scaled (sheet, INDENT) * (MAX (entry->depth, 1) - 1);
  g_autofree char *path = isaf_jaap_entry_format_path (entry, sheet->digits);
  gboolean bold = entry->n_children > 0;
  double cell_x[N_COLUMNS], cell_w[N_COLUMNS], h = 0;

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      double shift = i == COLUMN_NUMBER || i == COLUMN_ACTIVITY ? indent : 0;

      cell_x[i] = x + edges[i] + pad + shift;
      cell_w[i] = edges[i + 1] - edges[i] - 2 * pad - shift;
    }
  h = fmax (h, put_cell (sheet, ISAF_PRINT_FACE_FIGURES, bold, path, cell_x[COLUMN_NUMBER],
                         y + pad, cell_w[COLUMN_NUMBER], PANGO_ALIGN_LEFT, &isaf_sheet_ink));
  h = fmax (h, put_cell (sheet, ISAF_PRINT_FACE_BODY, bold,
                         isaf_record_get_text (entry->action, "activity"),
                         cell_x[COLUMN_ACTIVITY], y + pad, cell_w[COLUMN_ACTIVITY],
                         PANGO_ALIGN_LEFT, &isaf_sheet_ink));
  h = fmax (h, status_cell (sheet, row, cell_x[COLUMN_STATUS], y + pad, cell_w[COLUMN_STATUS]));
  h = fmax (h, put_cell (sheet, ISAF_PRINT_FACE_BODY, FALSE,
                         progress ? isaf_record_get_text (progress, "note") : NULL,
                         cell_x[COLUMN_NOTE], y + pad, cell_w[COLUMN_NOTE], PANGO_ALIGN_LEFT,
                         &isaf_sheet_ink));
  h = fmax (h, cost_cell (sheet, entry, progress, cell_x[COLUMN_COST], y + pad,
                          cell_w[COLUMN_COST]));
  return h + 2 * pad;
}

/* A group's letter in the first column, its heading across the others. */
static double
group_cells (IsafSheet            *sheet,
             const IsafMonthlyRow *row,
             const double         *edges,
             double                x,
             double                y)
{
  double pad = isaf_sheet_scaled (sheet, ISAF_SHEET_PAD) / 2;
  double size = isaf_sheet_scaled (sheet, ISAF_SHEET_SIZE_BODY);
  double title_w = edges[N_COLUMNS] - edges[1] - 2 * pad, letter_h = 0, title_h = 0;

  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    {
      if (g_strcmp0 (groups[i].group, row->group) != 0)
        continue;
      letter_h = isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_HEADING, size,
                                          groups[i].letter, x + edges[0] + pad, y + pad,
                                          edges[1] - edges[0] - 2 * pad, PANGO_ALIGN_LEFT,
                                          &isaf_sheet_blue);
      title_h = isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_HEADING, size,
                                         groups[i].km, x + edges[1] + pad, y + pad, title_w,
                                         PANGO_ALIGN_LEFT, &isaf_sheet_blue);
      if (sheet->pen.both)
        title_h += isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_LATIN_BOLD,
                                            size * sheet->pen.english_ratio, groups[i].en,
                                            x + edges[1] + pad, y + pad + title_h, title_w,
                                            PANGO_ALIGN_LEFT, &isaf_sheet_blue);
    }
  return fmax (letter_h, title_h) + 2 * pad;
}

static double
empty_cells (IsafSheet    *sheet,
             const double *edges,
             double        x,
             double        y)
{
  double pad = isaf_sheet_scaled (sheet, ISAF_SHEET_PAD) / 2;

  return isaf_print_pen_put_pair (&sheet->pen, isaf_sheet_scaled (sheet, SIZE_CELL),
                                  "មិនមានសកម្មភាពក្នុងក្រុមនេះទេ", "No actions in this group",
                                  x + edges[1] + pad, y + pad,
                                  edges[N_COLUMNS] - edges[1] - 2 * pad, PANGO_ALIGN_LEFT,
                                  &isaf_sheet_grey) + 2 * pad;
}

double
isaf_monthly_report_sheet_row (IsafSheet     *sheet,
                               gconstpointer  data,
                               double         x,
                               double         y,
                               double         width)
{
  static const guint every_cut[] = { 0, 1, 2, 3, 4, 5 };
  static const guint across_cuts[] = { 0, 1, N_COLUMNS };
  const IsafMonthlyRow *row = data;
  double edges[N_COLUMNS + 1];
  gboolean draw = sheet->pen.draw;
  double h = 0;

  column_edges (width, edges);
  /* Measured first, so that a group's tint is drawn behind it. */
  for (int pass = draw ? 0 : 1; pass < 2; pass++)
    {
      sheet->pen.draw = pass == 1 && draw;
      switch (row->kind)
        {
        case ISAF_MONTHLY_ROW_GROUP:
          isaf_print_pen_fill (&sheet->pen, x, y, width, h, 0, &isaf_sheet_tint);
          h = group_cells (sheet, row, edges, x, y);
          break;
        case ISAF_MONTHLY_ROW_EMPTY:
          h = empty_cells (sheet, edges, x, y);
          break;
        case ISAF_MONTHLY_ROW_ENTRY:
        default:
          h = entry_cells (sheet, row, edges, x, y);
          break;
        }
    }
  sheet->pen.draw = draw;
  if (row->kind == ISAF_MONTHLY_ROW_ENTRY)
    rule_row (sheet, edges, every_cut, G_N_ELEMENTS (every_cut), x, y, h, &isaf_sheet_rule);
  else
    rule_row (sheet, edges, across_cuts, G_N_ELEMENTS (across_cuts), x, y, h, &isaf_sheet_rule);
  return h;
}
