/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-print"

#include "config.h"

#include <math.h>

#include "isaf-gazetteer.h"
#include "isaf-sheet-layout.h"
#include "isaf-vote-counts.h"

/* The report sheets are A4 portrait, read in the hand; the JAAP's wide table is A4 landscape,
 * like the official template. Their words are Khmer, with English under them on bilingual
 * sheets, whatever the language of the interface: a result sheet is a document of the
 * commune, not interface, like the posters. */

/* 10 mm: inside what office printers reach. */
#define MARGIN 28.35
#define ENGLISH_RATIO 0.84

#define EM_DASH "\u2014"

const IsafColor isaf_sheet_ink = { 0.1, 0.1, 0.12 };
const IsafColor isaf_sheet_grey = { 0.36, 0.38, 0.42 };
const IsafColor isaf_sheet_blue = { 0.12, 0.31, 0.55 };
const IsafColor isaf_sheet_white = { 1, 1, 1 };
const IsafColor isaf_sheet_tint = { 0.93, 0.95, 0.98 };
const IsafColor isaf_sheet_rule = { 0.75, 0.78, 0.82 };

/* From red to green, and from dark to light for a printer in grey (so are the faces'
 * mouths, which tell the scores apart in any case). */
static const IsafColor score_colors[ISAF_N_SCORES] = {
  { 0.75, 0.16, 0.14 },
  { 0.91, 0.45, 0.16 },
  { 0.96, 0.74, 0.2 },
  { 0.6, 0.79, 0.36 },
  { 0.72, 0.9, 0.62 },
};

static const struct {
  const char *km;
  const char *en;
} score_labels[ISAF_N_SCORES] = {
  { "មិនពេញចិត្តខ្លាំង", "Very dissatisfied" },
  { "មិនពេញចិត្ត", "Dissatisfied" },
  { "ទទួលយកបាន", "Acceptable" },
  { "ពេញចិត្ត", "Satisfied" },
  { "ពេញចិត្តខ្លាំង", "Very satisfied" },
};

void
isaf_sheet_init (IsafSheet          *sheet,
                 IsafCanvas         *canvas,
                 IsafPosterLanguage  language)
{
  *sheet = (IsafSheet) { 0 };
  isaf_print_pen_init (&sheet->pen, canvas, language, ENGLISH_RATIO);
  sheet->digits = sheet->pen.both ? ISAF_DIGITS_WESTERN : ISAF_DIGITS_KHMER;
  sheet->factor = 1.0;
  sheet->page_width = ISAF_SHEET_PAGE_WIDTH;
  sheet->page_height = ISAF_SHEET_PAGE_HEIGHT;
  sheet->left = MARGIN;
  sheet->top = MARGIN;
  sheet->width = sheet->page_width - 2 * MARGIN;
  sheet->bottom = sheet->page_height - MARGIN;
}

void
isaf_sheet_set_landscape (IsafSheet *sheet)
{
  sheet->page_width = ISAF_SHEET_PAGE_HEIGHT;
  sheet->page_height = ISAF_SHEET_PAGE_WIDTH;
  sheet->width = sheet->page_width - 2 * sheet->left;
  sheet->bottom = sheet->page_height - sheet->top;
}

double
isaf_sheet_scaled (IsafSheet *sheet,
                   double     points)
{
  return points * sheet->factor;
}

/* Text ------------------------------------------------------------------------------------ */

double
isaf_sheet_put_labelled (IsafSheet  *sheet,
                         double      size,
                         const char *label_km,
                         const char *label_en,
                         const char *value,
                         double      x,
                         double      y,
                         double      label_width,
                         double      width)
{
  double label_h = isaf_print_pen_put_pair (&sheet->pen, size, label_km, label_en, x, y,
                                            label_width, PANGO_ALIGN_LEFT, &isaf_sheet_blue);
  double value_h = isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_BODY, size,
                                            isaf_print_is_blank (value) ? EM_DASH : value,
                                            x + label_width, y, width - label_width,
                                            PANGO_ALIGN_LEFT, &isaf_sheet_ink);

  return MAX (label_h, value_h);
}

double
isaf_sheet_title_band (IsafSheet  *sheet,
                       const char *title_km,
                       const char *title_en,
                       const char *name_km,
                       const char *name_en,
                       const char *commune_code,
                       double      x,
                       double      y,
                       double      width)
{
  g_autofree char *place_km = isaf_sheet_place_line (commune_code, FALSE);
  g_autofree char *place_en = sheet->pen.both ? isaf_sheet_place_line (commune_code, TRUE) : NULL;
  static const IsafColor pale = { 0.86, 0.91, 0.97 };
  const IsafColor *title_color = name_km ? &pale : &isaf_sheet_white;
  double pad = isaf_sheet_scaled (sheet, 8), inner = width - 2 * pad;
  double title = isaf_sheet_scaled (sheet, 12), name = isaf_sheet_scaled (sheet, 15);
  gboolean draw = sheet->pen.draw;
  double h = 0;

  /* Measured first, so that the band is drawn behind its text. */
  for (int pass = draw ? 0 : 1; pass < 2; pass++)
    {
      sheet->pen.draw = pass == 1 && draw;
      if (sheet->pen.draw)
        isaf_print_pen_fill (&sheet->pen, x, y, width, h, isaf_sheet_scaled (sheet, 6),
                             &isaf_sheet_blue);
      h = pad;
      h += isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_HEADING, title, title_km, x + pad,
                                    y + h, inner, PANGO_ALIGN_LEFT, title_color);
      if (sheet->pen.both)
        h += isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_LATIN_BOLD, title * 0.8,
                                      title_en, x + pad, y + h, inner, PANGO_ALIGN_LEFT,
                                      title_color);
      if (name_km)
        h += isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_HEADING, name, name_km, x + pad,
                                      y + h, inner, PANGO_ALIGN_LEFT, &isaf_sheet_white);
      if (sheet->pen.both && !isaf_print_is_blank (name_en))
        h += isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_LATIN_BOLD, name * 0.7, name_en,
                                      x + pad, y + h, inner, PANGO_ALIGN_LEFT, &isaf_sheet_white);
      h += isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_BODY, isaf_sheet_scaled (sheet, 9),
                                    place_km, x + pad, y + h, inner, PANGO_ALIGN_LEFT, &pale);
      if (!isaf_print_is_blank (place_en))
        h += isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_LATIN,
                                      isaf_sheet_scaled (sheet, 7.5), place_en, x + pad, y + h,
                                      inner, PANGO_ALIGN_LEFT, &pale);
      h += pad;
    }
  sheet->pen.draw = draw;
  return h;
}

double
isaf_sheet_put_details (IsafSheet             *sheet,
                        const IsafSheetDetail *details,
                        guint                  n_details,
                        guint                  n_left,
                        double                 x,
                        double                 y,
                        double                 width)
{
  double size = isaf_sheet_scaled (sheet, 9), label_w = isaf_sheet_scaled (sheet, 92);
  double gap = isaf_sheet_scaled (sheet, 12), column = (width - gap) / 2;
  double heights[2] = { 0, 0 };

  for (guint i = 0; i < n_details; i++)
    {
      guint side = i < n_left ? 0 : 1;

      if (details[i].km == NULL)
        continue;
      heights[side] += isaf_sheet_put_labelled (sheet, size, details[i].km, details[i].en,
                                                details[i].value, x + side * (column + gap),
                                                y + heights[side], label_w, column);
    }
  return MAX (heights[0], heights[1]);
}

double
isaf_sheet_empty_row (IsafSheet     *sheet,
                      gconstpointer  data,
                      double         x,
                      double         y,
                      double         width)
{
  const IsafSheetWords *why = data;
  double pad = isaf_sheet_scaled (sheet, ISAF_SHEET_PAD);

  return isaf_print_pen_put_pair (&sheet->pen, isaf_sheet_scaled (sheet, ISAF_SHEET_SIZE_BODY),
                                  why->km, why->en, x + pad, y + pad, width - 2 * pad,
                                  PANGO_ALIGN_LEFT, &isaf_sheet_grey) + 2 * pad;
}

/* Shapes ---------------------------------------------------------------------------------- */

const IsafColor *
isaf_sheet_score_color (int score)
{
  g_return_val_if_fail (score >= ISAF_SCORE_MIN && score <= ISAF_SCORE_MAX, &isaf_sheet_grey);

  return &score_colors[score - ISAF_SCORE_MIN];
}

const char *
isaf_sheet_score_label (int      score,
                        gboolean english)
{
  g_return_val_if_fail (score >= ISAF_SCORE_MIN && score <= ISAF_SCORE_MAX, NULL);

  return english ? score_labels[score - ISAF_SCORE_MIN].en
                 : score_labels[score - ISAF_SCORE_MIN].km;
}

/* Eyes, a mouth from a frown (1) to a wide smile (5), and frowning brows on the angry face. */
void
isaf_sheet_draw_face (IsafSheet *sheet,
                      int        score,
                      double     cx,
                      double     cy,
                      double     radius)
{
  IsafCanvas *canvas = sheet->pen.canvas;
  double smile = (score - 3) / 2.0;
  double line = radius * 0.13;
  double mouth_y = cy + radius * (0.38 - 0.12 * smile);
  double bend = radius * 0.5 * smile;

  if (!sheet->pen.draw)
    return;

  isaf_canvas_circle (canvas, cx, cy, radius);
  isaf_canvas_fill (canvas, isaf_sheet_score_color (score));
  isaf_canvas_circle (canvas, cx, cy, radius - line / 2);
  isaf_canvas_stroke (canvas, &isaf_sheet_ink, line);
  for (int side = -1; side <= 1; side += 2)
    {
      isaf_canvas_circle (canvas, cx + side * radius * 0.33, cy - radius * 0.2, radius * 0.12);
      isaf_canvas_fill (canvas, &isaf_sheet_ink);
    }
  if (score == ISAF_SCORE_MIN)
    {
      isaf_canvas_move_to (canvas, cx - radius * 0.55, cy - radius * 0.55);
      isaf_canvas_line_to (canvas, cx - radius * 0.15, cy - radius * 0.4);
      isaf_canvas_move_to (canvas, cx + radius * 0.55, cy - radius * 0.55);
      isaf_canvas_line_to (canvas, cx + radius * 0.15, cy - radius * 0.4);
      isaf_canvas_stroke (canvas, &isaf_sheet_ink, line);
    }
  /* A quadratic curve through its cubic form: control points two thirds of the way. */
  isaf_canvas_move_to (canvas, cx - radius * 0.45, mouth_y);
  isaf_canvas_curve_to (canvas, cx - radius * 0.15, mouth_y + bend * 4 / 3,
                        cx + radius * 0.15, mouth_y + bend * 4 / 3, cx + radius * 0.45, mouth_y);
  isaf_canvas_stroke (canvas, &isaf_sheet_ink, line);
}

/* Words and numbers ----------------------------------------------------------------------- */

char *
isaf_sheet_format_number (IsafSheet *sheet,
                          gboolean   known,
                          double     value,
                          guint      decimals)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];

  if (!known)
    return g_strdup (EM_DASH);
  g_snprintf (format, sizeof format, "%%.%uf", MIN (decimals, 6));
  return isaf_format_digits (g_ascii_formatd (buffer, sizeof buffer, format, value),
                             sheet->digits);
}

char *
isaf_sheet_format_year (IsafSheet *sheet,
                        int        year)
{
  g_autofree char *ascii = g_strdup_printf ("%d", year);

  return isaf_format_digits (ascii, sheet->digits);
}

char *
isaf_sheet_place_line (const char *commune_code,
                       gboolean    english)
{
  IsafGazetteer *gazetteer = isaf_gazetteer_get_default ();
  const IsafGazetteerEntry *entry = commune_code ? isaf_gazetteer_lookup (gazetteer, commune_code)
                                                 : NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  for (; entry != NULL; entry = isaf_gazetteer_get_parent (gazetteer, entry))
    {
      if (english && !isaf_print_is_blank (entry->name_latin))
        g_ptr_array_add (parts, g_strjoin (" ", entry->name_latin, entry->unit_en, NULL));
      else if (!english)
        g_ptr_array_add (parts, g_strconcat (entry->unit_km, entry->name_km, NULL));
    }
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (english ? ", " : " ", (char **) parts->pdata);
}

char *
isaf_sheet_village_name (const char *village_code)
{
  const IsafGazetteerEntry *entry;

  if (village_code == NULL)
    return NULL;
  entry = isaf_gazetteer_lookup (isaf_gazetteer_get_default (), village_code);
  if (entry == NULL)
    return g_strdup (village_code);
  return g_strconcat (entry->unit_km, entry->name_km, NULL);
}

char *
isaf_sheet_format_date (IsafSheet  *sheet,
                        const char *iso_date)
{
  int year, month, day;
  char *text = NULL;

  if (iso_date != NULL && isaf_parse_iso_date (iso_date, &year, &month, &day))
    text = isaf_format_date (year, month, day, sheet->digits, TRUE);
  return text ? text : g_strdup (iso_date ? iso_date : EM_DASH);
}
