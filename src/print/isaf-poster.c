/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-print"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "isaf-format.h"
#include "isaf-pictogram.h"
#include "isaf-poster.h"
#include "isaf-print-error.h"
#include "isaf-print-pen.h"

/* The layout of an I4C poster: the official header, a band with the unit, its place and the
 * year, then the indicators, the opening hours and services beside the staff and the budget,
 * the official fees, and the citizens' rights with whom to contact.
 *
 * Sizes are given for A3, the size posters are read at from two metres, and scale with the
 * page width. Every section is laid out by a function that measures it and, when the poster
 * is drawn, also draws it. When the sections do not fit, their type shrinks step by step,
 * section by section (fit_sections()), until they do; nothing is ever cut or drawn off the
 * page.
 *
 * The poster's own words are Khmer, with English under them on bilingual posters, whatever the
 * language of the interface: they are content, not interface, and are not translated. */

#define A3_WIDTH 841.89
/* About 10.6 mm on A3 and 7.5 mm on A4: inside what office printers can reach. */
#define MARGIN 30.0
#define MIN_FACTOR 0.4
#define MAX_FACTOR 1.3
#define SHRINK_STEP 0.92

#define EM_DASH "\u2014"

/* Type sizes on A3, in points: body text of 16 pt reads from two metres, and a full Khmer
 * poster of a health centre keeps it above 14 pt. English under Khmer is smaller: Latin
 * letters look larger at the same size. */
#define SIZE_MOTTO 20
#define SIZE_MOTTO_SECOND 16
#define SIZE_TITLE 20
#define SIZE_NAME 30
#define SIZE_SECTION 20
#define SIZE_SUBHEADING 17
#define SIZE_BODY 16
#define SIZE_DETAIL 13
#define SIZE_VALUE 26
#define ENGLISH_RATIO 0.78

typedef struct {
  IsafPrintPen pen;
  const IsafPosterData *data;
  IsafDigits digits;
  /* Page width against A3. */
  double scale;
} Poster;

typedef double (*SectionFunc) (Poster *p,
                               double  x,
                               double  y,
                               double  width,
                               double  f);

typedef enum {
  STATUS_NO_DATA,
  STATUS_NO_STANDARD,
  STATUS_MET,
  STATUS_NEARLY,
  STATUS_NOT_MET,
} Status;

static const struct {
  const char *name;
  double width;
  double height;
} page_sizes[] = {
  [ISAF_POSTER_SIZE_A4] = { "A4", 595.28, 841.89 },
  [ISAF_POSTER_SIZE_A3] = { "A3", 841.89, 1190.55 },
  [ISAF_POSTER_SIZE_A2] = { "A2", 1190.55, 1683.78 },
};

static const IsafColor text_color = { 0.1, 0.1, 0.12 };
static const IsafColor grey = { 0.36, 0.38, 0.42 };
static const IsafColor white = { 1, 1, 1 };
static const IsafColor pale_white = { 0.86, 0.91, 0.97 };
static const IsafColor blue = { 0.12, 0.31, 0.55 };
static const IsafColor row_tint = { 0.93, 0.95, 0.98 };
static const IsafColor picto_tint = { 0.84, 0.9, 0.97 };
static const IsafColor rights_tint = { 1.0, 0.96, 0.85 };
static const IsafColor red = { 0.78, 0.16, 0.16 };
static const IsafColor amber = { 0.98, 0.66, 0.15 };
static const IsafColor green = { 0.18, 0.49, 0.2 };
static const IsafColor lamp_off = { 0.55, 0.58, 0.6 };
static const IsafColor housing = { 0.22, 0.28, 0.31 };

/* Text ------------------------------------------------------------------------------------ */

/* Two layouts on one line, their baselines level, when they fit in @width together; one
 * under the other otherwise. Returns the height taken. */
static double
put_side_by_side (Poster          *p,
                  PangoLayout     *first,
                  PangoLayout     *second,
                  double           x,
                  double           y,
                  double           width,
                  const IsafColor *first_color,
                  const IsafColor *second_color)
{
  double first_offset, second_offset;
  double first_h = isaf_print_layout_height (first, &first_offset);
  double second_h = isaf_print_layout_height (second, &second_offset);
  /* Half an em of the second between them. */
  double first_w = isaf_print_layout_width (first) + isaf_print_layout_size (second) / 2;
  double first_ascent, second_ascent, ascent, first_y, second_y;

  if (first_w + isaf_print_layout_width (second) > width
      || pango_layout_get_line_count (first) > 1 || pango_layout_get_line_count (second) > 1)
    {
      double h = isaf_print_pen_put_layout (&p->pen, first, x, y, first_color);

      return h + isaf_print_pen_put_layout (&p->pen, second, x, y + h, second_color);
    }

  first_ascent = first_offset + (double) pango_layout_get_baseline (first) / PANGO_SCALE;
  second_ascent = second_offset + (double) pango_layout_get_baseline (second) / PANGO_SCALE;
  ascent = MAX (first_ascent, second_ascent);
  first_y = y + ascent - first_ascent;
  second_y = y + ascent - second_ascent;
  isaf_print_pen_put_layout (&p->pen, first, x, first_y, first_color);
  isaf_print_pen_put_layout (&p->pen, second, x + first_w, second_y, second_color);
  return MAX (first_y + first_h, second_y + second_h) - y;
}

static const char *
or_dash (const char *text)
{
  return isaf_print_is_blank (text) ? EM_DASH : text;
}

/* Numbers and words ----------------------------------------------------------------------- */

static char *
format_number (double     value,
               IsafDigits digits)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (fabs (value - round (value)) < 0.05 && fabs (value) < 1e15)
    return isaf_format_integer ((gint64) round (value), digits);
  return isaf_format_digits (g_ascii_formatd (buffer, sizeof buffer, "%.1f", value), digits);
}

static char *
format_year (int        year,
             IsafDigits digits)
{
  g_autofree char *ascii = g_strdup_printf ("%d", year);

  return isaf_format_digits (ascii, digits);
}

static const struct {
  const char *unit;
  const char *km;
} unit_words[] = {
  { "days", "ថ្ងៃ" },
  { "pupils", "នាក់" },
  { "books", "ក្បាល" },
  { "meetings", "ដង" },
};

/* A figure with its unit: "85%", "៣ ថ្ងៃ", "3 days". */
static char *
format_quantity (double      value,
                 const char *unit,
                 IsafDigits  digits,
                 gboolean    english)
{
  g_autofree char *number = format_number (value, digits);

  if (isaf_print_is_blank (unit))
    return g_steal_pointer (&number);
  if (g_str_equal (unit, "%"))
    return g_strconcat (number, "%", NULL);
  for (guint i = 0; !english && i < G_N_ELEMENTS (unit_words); i++)
    if (g_str_equal (unit, unit_words[i].unit))
      return g_strconcat (number, " ", unit_words[i].km, NULL);
  return g_strconcat (number, " ", unit, NULL);
}

static Status
indicator_status (const IsafPosterIndicator *indicator)
{
  double margin;

  if (!indicator->has_value)
    return STATUS_NO_DATA;
  if (!indicator->has_standard)
    return STATUS_NO_STANDARD;
  if (indicator->higher_is_better ? indicator->value >= indicator->standard
                                  : indicator->value <= indicator->standard)
    return STATUS_MET;
  /* Within a tenth of the standard (at least one unit) counts as nearly met. */
  margin = MAX (fabs (indicator->standard) * 0.1, 1.0);
  if (fabs (indicator->value - indicator->standard) <= margin)
    return STATUS_NEARLY;
  return STATUS_NOT_MET;
}

static const char *
status_word (Status   status,
             gboolean english)
{
  switch (status)
    {
    case STATUS_MET:
      return english ? "Met" : "សម្រេច";
    case STATUS_NEARLY:
      return english ? "Nearly met" : "ជិតសម្រេច";
    case STATUS_NOT_MET:
      return english ? "Not met" : "មិនទាន់សម្រេច";
    case STATUS_NO_STANDARD:
      return english ? "No standard" : "គ្មានស្តង់ដារ";
    case STATUS_NO_DATA:
    default:
      return english ? "No data" : "គ្មានទិន្នន័យ";
    }
}

static gboolean
is_sangkat (const IsafPosterData *data)
{
  return g_strcmp0 (data->commune.unit_km, "សង្កាត់") == 0;
}

/* Shapes ---------------------------------------------------------------------------------- */

/* A traffic light: red, amber and green lamps in a housing, the lit one marked with a cross,
 * a bar or a tick for readers who do not tell the colours apart. */
static void
draw_traffic_light (Poster *p,
                    double  cx,
                    double  y,
                    double  r,
                    Status  status)
{
  static const IsafColor *lamps[] = { &red, &amber, &green };
  int lit = status == STATUS_NOT_MET ? 0
            : status == STATUS_NEARLY ? 1
            : status == STATUS_MET    ? 2
                                      : -1;
  double step = 2.5 * r;
  double width = 2 * step + 2 * r + 0.9 * r;

  isaf_print_pen_fill (&p->pen, cx - width / 2, y, width, 2.9 * r, 1.45 * r, &housing);
  for (int i = 0; i < 3; i++)
    {
      double lx = cx + (i - 1) * step, ly = y + 1.45 * r;

      isaf_canvas_circle (p->pen.canvas, lx, ly, r);
      isaf_canvas_fill (p->pen.canvas, i == lit ? lamps[i] : &lamp_off);
      if (i != lit)
        continue;
      if (i == 0)
        {
          isaf_canvas_move_to (p->pen.canvas, lx - 0.45 * r, ly - 0.45 * r);
          isaf_canvas_line_to (p->pen.canvas, lx + 0.45 * r, ly + 0.45 * r);
          isaf_canvas_move_to (p->pen.canvas, lx + 0.45 * r, ly - 0.45 * r);
          isaf_canvas_line_to (p->pen.canvas, lx - 0.45 * r, ly + 0.45 * r);
        }
      else if (i == 1)
        {
          isaf_canvas_move_to (p->pen.canvas, lx - 0.5 * r, ly);
          isaf_canvas_line_to (p->pen.canvas, lx + 0.5 * r, ly);
        }
      else
        {
          isaf_canvas_move_to (p->pen.canvas, lx - 0.5 * r, ly);
          isaf_canvas_line_to (p->pen.canvas, lx - 0.12 * r, ly + 0.4 * r);
          isaf_canvas_line_to (p->pen.canvas, lx + 0.5 * r, ly - 0.4 * r);
        }
      isaf_canvas_stroke (p->pen.canvas, &white, 0.28 * r);
    }
}

/* Draws a section in a filled box: measured first, so that the box is behind the text. */
static double
boxed (Poster          *p,
       SectionFunc      content,
       double           x,
       double           y,
       double           width,
       double           f,
       double           pad,
       const IsafColor *color)
{
  gboolean draw = p->pen.draw;
  double height;

  p->pen.draw = FALSE;
  height = content (p, x + pad, y + pad, width - 2 * pad, f) + 2 * pad;
  p->pen.draw = draw;
  if (draw)
    {
      isaf_print_pen_fill (&p->pen, x, y, width, height, 10 * p->scale, color);
      content (p, x + pad, y + pad, width - 2 * pad, f);
    }
  return height;
}

/* A heading in Muol Light, with its English under it on bilingual posters. */
static double
heading (Poster     *p,
         double      x,
         double      y,
         double      width,
         double      size,
         const char *km,
         const char *en)
{
  g_autoptr(PangoLayout) khmer = isaf_print_pen_layout (&p->pen, ISAF_PRINT_FACE_HEADING, size, km,
                                                        width, PANGO_ALIGN_LEFT);
  g_autoptr(PangoLayout) english = NULL;

  if (!p->pen.both)
    return isaf_print_pen_put_layout (&p->pen, khmer, x, y, &blue);
  english = isaf_print_pen_layout (&p->pen, ISAF_PRINT_FACE_LATIN_BOLD, size * 0.68, en, width,
                                   PANGO_ALIGN_LEFT);
  return put_side_by_side (p, khmer, english, x, y, width, &blue, &blue);
}

/* A section's heading with a rule under it. */
static double
section_heading (Poster     *p,
                 double      x,
                 double      y,
                 double      width,
                 double      f,
                 const char *km,
                 const char *en)
{
  double s = p->scale;
  double h = heading (p, x, y, width, SIZE_SECTION * s * f, km, en);

  isaf_print_pen_fill (&p->pen, x, y + h + 2 * s * f, width, 2.5 * s * f, 0, &blue);
  return h + 8 * s * f;
}

/* Sections ------------------------------------------------------------------------------- */

static double
official_header (Poster *p,
                 double  x,
                 double  y,
                 double  width,
                 double  f)
{
  double s = p->scale;
  double h = 0, cx = x + width / 2, rule = 70 * s;

  h += isaf_print_pen_put_text (&p->pen, ISAF_PRINT_FACE_HEADING, SIZE_MOTTO * s * f,
                                "ព្រះរាជាណាចក្រកម្ពុជា", x, y, width, PANGO_ALIGN_CENTER,
                                &text_color);
  h += isaf_print_pen_put_text (&p->pen, ISAF_PRINT_FACE_HEADING, SIZE_MOTTO_SECOND * s * f,
                                "ជាតិ សាសនា ព្រះមហាក្សត្រ", x, y + h, width, PANGO_ALIGN_CENTER,
                                &text_color);
  if (p->pen.both)
    h += isaf_print_pen_put_text (&p->pen, ISAF_PRINT_FACE_LATIN, SIZE_DETAIL * s * f,
                                  "Kingdom of Cambodia · Nation Religion King", x, y + h, width,
                                  PANGO_ALIGN_CENTER, &grey);

  /* The ornament under the motto: a rule with a diamond in its middle. */
  h += 6 * s;
  if (p->pen.draw)
    {
      isaf_print_pen_fill (&p->pen, cx - rule, y + h + 3.5 * s, 2 * rule, 1.5 * s, 0, &text_color);
      isaf_canvas_move_to (p->pen.canvas, cx, y + h);
      isaf_canvas_line_to (p->pen.canvas, cx + 8 * s, y + h + 4.25 * s);
      isaf_canvas_line_to (p->pen.canvas, cx, y + h + 8.5 * s);
      isaf_canvas_line_to (p->pen.canvas, cx - 8 * s, y + h + 4.25 * s);
      isaf_canvas_close_path (p->pen.canvas);
      isaf_canvas_fill (p->pen.canvas, &text_color);
    }
  return h + 8.5 * s;
}

static char *
place_line (const IsafPosterData *data,
            gboolean              english)
{
  const IsafPosterPlace *places[] = { &data->commune, &data->district, &data->province };
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      const IsafPosterPlace *place = places[i];

      if (english && !isaf_print_is_blank (place->name_en))
        g_ptr_array_add (parts, g_strjoin (" ", place->name_en, place->unit_en, NULL));
      else if (!english && !isaf_print_is_blank (place->name_km))
        g_ptr_array_add (parts, g_strconcat (place->unit_km ? place->unit_km : "",
                                             place->name_km, NULL));
    }
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (english ? ", " : " ", (char **) parts->pdata);
}

static double
title_content (Poster *p,
               double  x,
               double  y,
               double  width,
               double  f)
{
  const IsafPosterData *data = p->data;
  double s = p->scale;
  g_autofree char *year_km = format_year (data->year, ISAF_DIGITS_KHMER);
  g_autofree char *title_km = g_strconcat ("ព័ត៌មានសម្រាប់ប្រជាពលរដ្ឋ ឆ្នាំ", year_km, NULL);
  g_autofree char *place_km = place_line (data, FALSE);
  double h = 0;

  h += isaf_print_pen_put_text (&p->pen, ISAF_PRINT_FACE_HEADING, SIZE_TITLE * s * f, title_km, x,
                                y, width, PANGO_ALIGN_CENTER, &pale_white);
  if (p->pen.both)
    {
      g_autofree char *title_en = g_strdup_printf ("Information for citizens %d", data->year);

      h += isaf_print_pen_put_text (&p->pen, ISAF_PRINT_FACE_LATIN_BOLD,
                                    SIZE_TITLE * ENGLISH_RATIO * s * f, title_en, x, y + h, width,
                                    PANGO_ALIGN_CENTER, &pale_white);
    }
  h += 4 * s * f;
  h += isaf_print_pen_put_text (&p->pen, ISAF_PRINT_FACE_HEADING, SIZE_NAME * s * f,
                                or_dash (data->name_km), x, y + h, width, PANGO_ALIGN_CENTER,
                                &white);
  if (p->pen.both && !isaf_print_is_blank (data->name_en))
    h += isaf_print_pen_put_text (&p->pen, ISAF_PRINT_FACE_LATIN_BOLD, SIZE_NAME * 0.6 * s * f,
                                  data->name_en, x, y + h, width, PANGO_ALIGN_CENTER, &white);
  if (!isaf_print_is_blank (place_km))
    {
      h += 2 * s * f;
      h += isaf_print_pen_put_text (&p->pen, ISAF_PRINT_FACE_BODY, SIZE_BODY * s * f, place_km, x,
                                    y + h, width, PANGO_ALIGN_CENTER, &pale_white);
    }
  if (p->pen.both)
    {
      g_autofree char *place_en = place_line (data, TRUE);

      if (!isaf_print_is_blank (place_en))
        h += isaf_print_pen_put_text (&p->pen, ISAF_PRINT_FACE_LATIN,
                                      SIZE_BODY * ENGLISH_RATIO * s * f, place_en, x, y + h, width,
                                      PANGO_ALIGN_CENTER, &pale_white);
    }
  return h;
}

static double
title_band (Poster *p,
            double  x,
            double  y,
            double  width,
            double  f)
{
  return boxed (p, title_content, x, y, width, f, 12 * p->scale * f, &blue);
}

static char *
standard_text (const IsafPosterIndicator *indicator,
               IsafDigits                 digits,
               gboolean                   english)
{
  g_autofree char *standard = NULL;
  g_autofree char *last = NULL;
  GString *text = g_string_new (NULL);

  if (indicator->has_standard)
    {
      standard = format_quantity (indicator->standard, indicator->unit, digits, english);
      if (english)
        g_string_append_printf (text, "Standard: %s %s",
                                indicator->higher_is_better ? "at least" : "no more than",
                                standard);
      else
        g_string_append_printf (text, "ស្តង់ដារ៖ %s %s",
                                indicator->higher_is_better ? "យ៉ាងតិច" : "មិនលើស", standard);
    }
  last = indicator->has_last_year_value
           ? format_quantity (indicator->last_year_value, indicator->unit, digits, english)
           : g_strdup (EM_DASH);
  if (text->len > 0)
    g_string_append (text, english ? " · " : "   ");
  g_string_append_printf (text, english ? "Last year: %s" : "ឆ្នាំមុន៖ %s", last);
  return g_string_free (text, FALSE);
}

/* The indicator's name, and under it the standard and last year's value (in Khmer and
 * English side by side on bilingual posters when they fit). */
static double
indicator_text (Poster                    *p,
                const IsafPosterIndicator *indicator,
                double                     x,
                double                     y,
                double                     width,
                double                     f)
{
  double s = p->scale;
  g_autofree char *detail_km = standard_text (indicator, ISAF_DIGITS_KHMER, FALSE);
  g_autoptr(PangoLayout) khmer = isaf_print_pen_layout (&p->pen, ISAF_PRINT_FACE_BODY,
                                                        SIZE_DETAIL * s * f, detail_km, width,
                                                        PANGO_ALIGN_LEFT);
  double h = isaf_print_pen_put_pair (&p->pen, SIZE_BODY * s * f, indicator->name_km,
                                      indicator->name_en, x, y, width, PANGO_ALIGN_LEFT,
                                      &text_color);
  g_autofree char *detail_en = NULL;
  g_autoptr(PangoLayout) english = NULL;

  if (!p->pen.both)
    return h + isaf_print_pen_put_layout (&p->pen, khmer, x, y + h, &grey);

  detail_en = standard_text (indicator, ISAF_DIGITS_WESTERN, TRUE);
  english = isaf_print_pen_layout (&p->pen, ISAF_PRINT_FACE_LATIN,
                                   SIZE_DETAIL * ENGLISH_RATIO * s * f, detail_en, width,
                                   PANGO_ALIGN_LEFT);
  return h + put_side_by_side (p, khmer, english, x, y + h, width, &grey, &grey);
}

static char *
indicator_value (Poster                    *p,
                 const IsafPosterIndicator *indicator)
{
  if (!indicator->has_value)
    return g_strdup (EM_DASH);
  return format_quantity (indicator->value, indicator->unit, p->digits, p->pen.both);
}

/* A value on one line, unless it is wider than @width. */
static PangoLayout *
value_layout (Poster     *p,
              const char *value,
              double      width,
              double      f)
{
  IsafPrintFace face = p->pen.both ? ISAF_PRINT_FACE_LATIN_BOLD : ISAF_PRINT_FACE_BODY;
  double size = SIZE_VALUE * p->scale * f;
  PangoLayout *layout = isaf_print_pen_layout (&p->pen, face, size, value, -1, PANGO_ALIGN_RIGHT);

  if (width > 0 && isaf_print_layout_width (layout) > width)
    {
      g_object_unref (layout);
      layout = isaf_print_pen_layout (&p->pen, face, size, value, width, PANGO_ALIGN_RIGHT);
    }
  return layout;
}

/* A row: pictogram, name and standard, this year's value, and a traffic light. */
static double
indicator_row (Poster                    *p,
               const IsafPosterIndicator *indicator,
               double                     x,
               double                     y,
               double                     width,
               double                     value_w,
               double                     f,
               gboolean                   tinted)
{
  double s = p->scale;
  double pad = 6 * s * f, gap = 12 * s * f;
  double picto = 44 * s * f, light_w = 112 * s * f;
  double name_x = x + pad + picto + gap;
  double name_w = width - 2 * pad - picto - light_w - value_w - 3 * gap;
  double value_x = name_x + name_w + gap, light_x = value_x + value_w + gap;
  double lamp_r = 8 * s * f, light_h = 2.9 * lamp_r;
  Status status = indicator_status (indicator);
  g_autofree char *value = indicator_value (p, indicator);
  g_autoptr(PangoLayout) figure = value_layout (p, value, value_w, f);
  g_autoptr(PangoLayout) status_km = isaf_print_pen_layout (&p->pen, ISAF_PRINT_FACE_BODY,
                                                            SIZE_DETAIL * s * f,
                                                            status_word (status, FALSE), light_w,
                                                            PANGO_ALIGN_CENTER);
  g_autoptr(PangoLayout) status_en = NULL;
  double name_h, value_h, light_total, h;
  gboolean draw = p->pen.draw;

  if (p->pen.both)
    status_en = isaf_print_pen_layout (&p->pen, ISAF_PRINT_FACE_LATIN,
                                       SIZE_DETAIL * ENGLISH_RATIO * s * f,
                                       status_word (status, TRUE), light_w, PANGO_ALIGN_CENTER);
  /* The name column decides the row's height, so it is measured before anything is drawn. */
  p->pen.draw = FALSE;
  name_h = indicator_text (p, indicator, name_x, 0, name_w, f);
  p->pen.draw = draw;

  value_h = isaf_print_layout_height (figure, NULL);
  light_total = light_h + 3 * s * f + isaf_print_layout_height (status_km, NULL)
                + (status_en ? isaf_print_layout_height (status_en, NULL) : 0);
  h = MAX (MAX (picto, name_h), MAX (value_h, light_total)) + 2 * pad;
  if (!p->pen.draw)
    return h;

  if (tinted)
    isaf_print_pen_fill (&p->pen, x, y, width, h, 8 * s, &row_tint);
  isaf_pictogram_draw (p->pen.canvas, indicator->pictogram, x + pad, y + (h - picto) / 2, picto,
                       &blue, &picto_tint);
  indicator_text (p, indicator, name_x, y + (h - name_h) / 2, name_w, f);
  isaf_print_pen_put_layout (&p->pen, figure,
                             value_x + MAX (0, value_w - isaf_print_layout_width (figure)),
                             y + (h - value_h) / 2, indicator->has_value ? &text_color : &grey);
  {
    double ly = y + (h - light_total) / 2;

    draw_traffic_light (p, light_x + light_w / 2, ly, lamp_r, status);
    ly += light_h + 3 * s * f;
    ly += isaf_print_pen_put_layout (&p->pen, status_km, light_x, ly, &text_color);
    if (status_en)
      isaf_print_pen_put_layout (&p->pen, status_en, light_x, ly, &grey);
  }
  return h;
}

static double
indicators_section (Poster *p,
                    double  x,
                    double  y,
                    double  width,
                    double  f)
{
  GPtrArray *indicators = p->data->indicators;
  double value_w = 60 * p->scale * f;
  double h = section_heading (p, x, y, width, f, "លទ្ធផលនៃការផ្ដល់សេវា",
                              "How the service performs");

  if (indicators->len == 0)
    return h + isaf_print_pen_put_text (&p->pen, ISAF_PRINT_FACE_BODY, SIZE_BODY * p->scale * f,
                                        EM_DASH, x, y + h, width, PANGO_ALIGN_LEFT, &text_color);
  /* The value column is as wide as the widest value, within reason. */
  for (guint i = 0; i < indicators->len; i++)
    {
      g_autofree char *value = indicator_value (p, g_ptr_array_index (indicators, i));
      g_autoptr(PangoLayout) layout = value_layout (p, value, -1, f);

      value_w = MAX (value_w, isaf_print_layout_width (layout));
    }
  value_w = MIN (value_w, width * 0.25);
  for (guint i = 0; i < indicators->len; i++)
    h += indicator_row (p, g_ptr_array_index (indicators, i), x, y + h, width, value_w, f,
                        i % 2 == 0);
  return h;
}

/* A line of two texts: the label wraps on the left, the figure keeps to the right. */
static double
label_figure_row (Poster          *p,
                  double           size,
                  const char      *label_km,
                  const char      *label_en,
                  const char      *figure,
                  double           x,
                  double           y,
                  double           width,
                  const IsafColor *tint)
{
  double s = p->scale;
  g_autoptr(PangoLayout) figure_layout = isaf_print_pen_layout (&p->pen, ISAF_PRINT_FACE_BODY,
                                                                size, figure, -1,
                                                                PANGO_ALIGN_LEFT);
  double figure_w = isaf_print_layout_width (figure_layout);
  double label_w, label_h, figure_h, h;
  gboolean draw = p->pen.draw;

  /* A figure keeps to one line unless it would take more than half the row. */
  if (figure_w > width * 0.55)
    {
      figure_w = width * 0.55;
      g_clear_object (&figure_layout);
      figure_layout = isaf_print_pen_layout (&p->pen, ISAF_PRINT_FACE_BODY, size, figure, figure_w,
                                             PANGO_ALIGN_RIGHT);
    }
  label_w = width - figure_w - 4 * s;
  figure_h = isaf_print_layout_height (figure_layout, NULL);
  p->pen.draw = FALSE;
  label_h = isaf_print_pen_put_pair (&p->pen, size, label_km, label_en, x, 0, label_w,
                                     PANGO_ALIGN_LEFT, &text_color);
  p->pen.draw = draw;
  h = MAX (label_h, figure_h);

  if (p->pen.draw)
    {
      if (tint)
        isaf_print_pen_fill (&p->pen, x, y, width, h, 4 * s, tint);
      isaf_print_pen_put_pair (&p->pen, size, label_km, label_en, x, y, label_w, PANGO_ALIGN_LEFT,
                               &text_color);
      isaf_print_pen_put_layout (&p->pen, figure_layout, x + width - figure_w, y, &text_color);
    }
  return h;
}

static double
hours_services_column (Poster *p,
                       double  x,
                       double  y,
                       double  width,
                       double  f)
{
  const IsafPosterData *data = p->data;
  double s = p->scale, size = SIZE_BODY * s * f;
  g_auto(GStrv) services = g_strsplit (data->services_offered ? data->services_offered : "",
                                       "\n", -1);
  guint n_shown = 0;
  double h = 0;

  h += heading (p, x, y, width, SIZE_SUBHEADING * s * f, "ម៉ោងធ្វើការ", "Opening hours");
  h += isaf_print_pen_put_text (&p->pen, ISAF_PRINT_FACE_BODY, size, or_dash (data->opening_hours),
                                x, y + h, width, PANGO_ALIGN_LEFT, &text_color);
  h += 8 * s * f;
  h += heading (p, x, y + h, width, SIZE_SUBHEADING * s * f, "សេវាដែលផ្ដល់ជូន",
                "Services offered");
  for (guint i = 0; services[i]; i++)
    {
      g_autofree char *item = NULL;

      if (isaf_print_is_blank (services[i]))
        continue;
      item = g_strconcat ("• ", g_strstrip (services[i]), NULL);
      h += isaf_print_pen_put_text (&p->pen, ISAF_PRINT_FACE_BODY, size, item, x, y + h, width,
                                    PANGO_ALIGN_LEFT, &text_color);
      n_shown++;
    }
  if (n_shown == 0)
    h += isaf_print_pen_put_text (&p->pen, ISAF_PRINT_FACE_BODY, size, EM_DASH, x, y + h, width,
                                  PANGO_ALIGN_LEFT, &text_color);
  return h;
}

static double
budget_bar (Poster *p,
            double  x,
            double  y,
            double  width,
            double  f)
{
  const IsafPosterData *data = p->data;
  double s = p->scale, bar_h = 12 * s * f, share, spent;
  g_autofree char *percent = NULL;
  g_autofree char *caption = NULL;
  double h;

  if (!data->has_budget_received || !data->has_budget_spent || data->budget_received_riel <= 0)
    return 0;
  spent = round (100.0 * data->budget_spent_riel / data->budget_received_riel);
  share = CLAMP (spent / 100, 0, 1);
  percent = format_number (spent, ISAF_DIGITS_KHMER);
  caption = p->pen.both ? g_strdup_printf ("ចំណាយបាន %s%% · %.0f%% spent", percent, spent)
                    : g_strdup_printf ("ចំណាយបាន %s%%", percent);
  h = 4 * s * f;
  isaf_print_pen_fill (&p->pen, x, y + h, width, bar_h, bar_h / 2, &row_tint);
  if (share > 0)
    isaf_print_pen_fill (&p->pen, x, y + h, MAX (width * share, bar_h), bar_h, bar_h / 2, &green);
  h += bar_h + 2 * s * f;
  h += isaf_print_pen_put_text (&p->pen, ISAF_PRINT_FACE_BODY, SIZE_DETAIL * s * f, caption, x,
                                y + h, width, PANGO_ALIGN_LEFT, &grey);
  return h;
}

static double
staff_column (Poster *p,
              double  x,
              double  y,
              double  width,
              double  f)
{
  const IsafPosterData *data = p->data;
  double s = p->scale, size = SIZE_BODY * s * f;
  gint64 women = 0, men = 0;
  double h = heading (p, x, y, width, SIZE_SUBHEADING * s * f, "បុគ្គលិក", "Staff");

  for (guint i = 0; i < data->staff->len; i++)
    {
      IsafPosterStaff *staff = g_ptr_array_index (data->staff, i);
      g_autofree char *w = isaf_format_integer (staff->women, p->digits);
      g_autofree char *m = isaf_format_integer (staff->men, p->digits);
      g_autofree char *counts = p->pen.both ? g_strdup_printf ("ស្រី/F %s · ប្រុស/M %s", w, m)
                                        : g_strdup_printf ("ស្រី %s · ប្រុស %s", w, m);

      h += label_figure_row (p, size, staff->category, NULL, counts, x, y + h, width,
                             i % 2 == 0 ? &row_tint : NULL);
      women += staff->women;
      men += staff->men;
    }
  if (data->staff->len == 0)
    return h + isaf_print_pen_put_text (&p->pen, ISAF_PRINT_FACE_BODY, size, EM_DASH, x, y + h,
                                        width, PANGO_ALIGN_LEFT, &text_color);

  {
    g_autofree char *total = isaf_format_integer (women + men, p->digits);
    g_autofree char *w = isaf_format_integer (women, p->digits);
    g_autofree char *figure = g_strdup_printf (p->pen.both ? "%s (ស្រី/F %s)" : "%s (ស្រី %s)",
                                               total, w);

    h += label_figure_row (p, size, "សរុប", "Total", figure, x, y + h, width, NULL);
  }
  return h;
}

/* A label with its amount under it in larger type. */
static double
amount_entry (Poster     *p,
              const char *label_km,
              const char *label_en,
              gboolean    has_amount,
              gint64      amount,
              double      x,
              double      y,
              double      width,
              double      f)
{
  double s = p->scale;
  IsafPrintFace face = p->pen.both ? ISAF_PRINT_FACE_LATIN_BOLD : ISAF_PRINT_FACE_BODY;
  g_autofree char *figure = has_amount ? isaf_format_riel (amount, p->digits) : g_strdup (EM_DASH);
  double h = isaf_print_pen_put_pair (&p->pen, SIZE_BODY * s * f, label_km, label_en, x, y, width,
                                      PANGO_ALIGN_LEFT, &text_color);

  return h + isaf_print_pen_put_text (&p->pen, face, SIZE_SUBHEADING * s * f, figure, x, y + h,
                                      width, PANGO_ALIGN_LEFT, has_amount ? &text_color : &grey);
}

static double
budget_column (Poster *p,
               double  x,
               double  y,
               double  width,
               double  f)
{
  const IsafPosterData *data = p->data;
  double s = p->scale;
  double h = heading (p, x, y, width, SIZE_SUBHEADING * s * f, "ថវិកា", "Budget");

  h += amount_entry (p, "ថវិកាទទួលបាន", "Received", data->has_budget_received,
                     data->budget_received_riel, x, y + h, width, f);
  h += amount_entry (p, "ថវិកាបានចំណាយ", "Spent", data->has_budget_spent,
                     data->budget_spent_riel, x, y + h, width, f);
  return h + budget_bar (p, x, y + h, width, f);
}

/* Three columns: the service the unit gives, who gives it, and with what money. */
static double
services_staff_section (Poster *p,
                        double  x,
                        double  y,
                        double  width,
                        double  f)
{
  double gap = 20 * p->scale;
  double column = (width - 2 * gap) / 3;
  double first = hours_services_column (p, x, y, column, f);
  double second = staff_column (p, x + column + gap, y, column, f);
  double third = budget_column (p, x + 2 * (column + gap), y, column, f);

  return MAX (first, MAX (second, third));
}

static char *
fee_text (const IsafPosterFee *fee,
          Poster              *p)
{
  if (fee->amount_riel == 0)
    return g_strdup (p->pen.both ? "ឥតគិតថ្លៃ · Free" : "ឥតគិតថ្លៃ");
  return isaf_format_riel (fee->amount_riel, p->digits);
}

static double
fees_section (Poster *p,
              double  x,
              double  y,
              double  width,
              double  f)
{
  GPtrArray *fees = p->data->fees;
  double s = p->scale, size = SIZE_BODY * s * f, gap = 24 * s;
  guint n_columns = fees->len > 4 ? 2 : 1;
  guint per_column = (fees->len + n_columns - 1) / n_columns;
  double column = (width - (n_columns - 1) * gap) / n_columns;
  double h = section_heading (p, x, y, width, f, "តម្លៃសេវាផ្លូវការ", "Official fees");
  double tallest = 0;

  if (fees->len == 0)
    return h + isaf_print_pen_put_text (&p->pen, ISAF_PRINT_FACE_BODY, size, EM_DASH, x, y + h,
                                        width, PANGO_ALIGN_LEFT, &text_color);

  for (guint c = 0; c < n_columns; c++)
    {
      double cx = x + c * (column + gap), ch = 0;

      for (guint i = c * per_column; i < MIN ((c + 1) * per_column, fees->len); i++)
        {
          IsafPosterFee *fee = g_ptr_array_index (fees, i);
          g_autofree char *amount = fee_text (fee, p);

          ch += label_figure_row (p, size, fee->service_km, fee->service_en, amount, cx,
                                  y + h + ch, column, (i - c * per_column) % 2 == 0 ? &row_tint
                                                                                   : NULL);
        }
      tallest = MAX (tallest, ch);
    }
  return h + tallest;
}

static const struct {
  const char *km;
  const char *en;
} rights[] = {
  { "ដឹងអំពីសេវា ស្តង់ដារ និងតម្លៃសេវា", "Know the services, their standards and their fees" },
  { "បង់តែតម្លៃសេវាផ្លូវការដែលបិទផ្សាយនៅទីនេះប៉ុណ្ណោះ", "Pay only the official fees posted here" },
  { "ទទួលបានសេវាដោយស្មើភាព និងដោយការគោរព", "Be served equally and with respect" },
  { "ចូលរួមវាយតម្លៃសេវា និងផ្ដល់យោបល់ដោយគ្មានការភ័យខ្លាច",
    "Take part in rating the service and give your views without fear" },
};

static double
rights_column (Poster *p,
               double  x,
               double  y,
               double  width,
               double  f)
{
  double s = p->scale;
  double h = heading (p, x, y, width, SIZE_SUBHEADING * s * f, "សិទ្ធិរបស់ប្រជាពលរដ្ឋ",
                     "Your rights");

  for (guint i = 0; i < G_N_ELEMENTS (rights); i++)
    {
      g_autofree char *km = g_strconcat ("• ", rights[i].km, NULL);

      h += isaf_print_pen_put_pair (&p->pen, SIZE_BODY * s * f, km, rights[i].en, x, y + h, width,
                                    PANGO_ALIGN_LEFT, &text_color);
    }
  return h;
}

static const char *
head_role (const IsafPosterData *data,
           gboolean              english)
{
  if (g_strcmp0 (data->kind, "health_centre") == 0)
    return english ? "Head of the health centre" : "ប្រធានមណ្ឌលសុខភាព";
  if (g_strcmp0 (data->kind, "health_post") == 0)
    return english ? "Head of the health post" : "ប្រធានប៉ុស្តិ៍សុខភាព";
  if (g_strcmp0 (data->kind, "primary_school") == 0)
    return english ? "School director" : "នាយកសាលា";
  return NULL;
}

/* One person a line: role, name and phone, the role in English under it when bilingual. */
static double
contact_entry (Poster     *p,
               const char *role_km,
               const char *role_en,
               const char *name,
               const char *phone,
               double      x,
               double      y,
               double      width,
               double      f)
{
  g_autofree char *number = isaf_format_digits (or_dash (phone), p->digits);
  g_autofree char *line = g_strconcat (role_km, "៖ ", or_dash (name), "   ទូរស័ព្ទ ", number,
                                       NULL);

  return isaf_print_pen_put_pair (&p->pen, SIZE_BODY * p->scale * f, line, role_en, x, y, width,
                                  PANGO_ALIGN_LEFT, &text_color);
}

static double
contact_column (Poster *p,
                double  x,
                double  y,
                double  width,
                double  f)
{
  const IsafPosterData *data = p->data;
  double s = p->scale;
  gboolean sangkat = is_sangkat (data);
  const char *role = head_role (data, FALSE);
  double h = heading (p, x, y, width, SIZE_SUBHEADING * s * f, "ទំនាក់ទំនង", "Whom to contact");

  h += isaf_print_pen_put_pair (&p->pen, SIZE_BODY * s * f, "បើមានសំណួរ ឬបណ្ដឹង សូមទាក់ទង៖",
                                "Questions or complaints? Contact:", x, y + h, width,
                                PANGO_ALIGN_LEFT, &text_color);
  if (role)
    h += contact_entry (p, role, head_role (data, TRUE), data->head_name, data->phone, x, y + h,
                        width, f);
  h += contact_entry (p, sangkat ? "ចៅសង្កាត់" : "មេឃុំ",
                      sangkat ? "Sangkat chief" : "Commune chief", data->chief_name,
                      data->chief_phone, x, y + h, width, f);
  h += contact_entry (p, sangkat ? "ស្មៀនសង្កាត់" : "ស្មៀនឃុំ",
                      sangkat ? "Sangkat clerk" : "Commune clerk", data->clerk_name,
                      data->clerk_phone, x, y + h, width, f);
  return h;
}

static double
rights_contact_content (Poster *p,
                        double  x,
                        double  y,
                        double  width,
                        double  f)
{
  double gap = 24 * p->scale;
  double column = (width - gap) / 2;
  double left = rights_column (p, x, y, column, f);
  double right = contact_column (p, x + column + gap, y, column, f);

  return MAX (left, right);
}

static double
rights_contact_section (Poster *p,
                        double  x,
                        double  y,
                        double  width,
                        double  f)
{
  return boxed (p, rights_contact_content, x, y, width, f, 12 * p->scale * f, &rights_tint);
}

/* The page ---------------------------------------------------------------------------------- */

static const struct {
  SectionFunc func;
  /* How readily the section gives up type size when the poster is too full. */
  double give;
} sections[] = {
  { title_band, 1.0 },
  { indicators_section, 0.75 },
  { services_staff_section, 1.0 },
  { fees_section, 1.0 },
  { rights_contact_section, 1.1 },
};

#define N_SECTIONS G_N_ELEMENTS (sections)

static double
measure (Poster *p,
         guint   i,
         double  width,
         double  f)
{
  p->pen.draw = FALSE;
  return sections[i].func (p, 0, 0, width, f);
}

/* Grows every section's type together, step by step, while the poster still fits: a unit
 * with little to say gets larger type. */
static void
grow_sections (Poster *p,
               double  width,
               double  available,
               double  factors[N_SECTIONS],
               double  heights[N_SECTIONS],
               double *total)
{
  for (double f = 1.0 / SHRINK_STEP; f <= MAX_FACTOR; f /= SHRINK_STEP)
    {
      double grown[N_SECTIONS], sum = 0;

      for (guint i = 0; i < N_SECTIONS; i++)
        {
          grown[i] = measure (p, i, width, f);
          sum += grown[i];
        }
      if (sum > available)
        return;
      for (guint i = 0; i < N_SECTIONS; i++)
        {
          factors[i] = f;
          heights[i] = grown[i];
        }
      *total = sum;
    }
}

/* Shrinks sections one step at a time until all fit in @available. The next to shrink is the
 * one whose type is largest, weighted by how much room it takes and how readily it gives: a
 * poster a little too full shrinks evenly, and a very long list shrinks most of all. */
static gboolean
fit_sections (Poster *p,
              double  width,
              double  available,
              double  factors[N_SECTIONS],
              double  heights[N_SECTIONS],
              double *total)
{
  *total = 0;
  for (guint i = 0; i < N_SECTIONS; i++)
    {
      factors[i] = 1.0;
      heights[i] = measure (p, i, width, 1.0);
      *total += heights[i];
    }
  if (*total <= available)
    grow_sections (p, width, available, factors, heights, total);

  while (*total > available)
    {
      int widest = -1;
      double best = 0;

      for (guint i = 0; i < N_SECTIONS; i++)
        {
          double score = factors[i] * sections[i].give * sqrt (heights[i]);

          if (factors[i] > MIN_FACTOR + 1e-6 && score > best)
            {
              widest = i;
              best = score;
            }
        }
      if (widest < 0)
        return FALSE;

      factors[widest] = MAX (factors[widest] * SHRINK_STEP, MIN_FACTOR);
      *total -= heights[widest];
      heights[widest] = measure (p, widest, width, factors[widest]);
      *total += heights[widest];
    }
  g_debug ("Poster sections in type of %.2f %.2f %.2f %.2f %.2f times their size, %.0f of "
           "%.0f pt high", factors[0], factors[1], factors[2], factors[3], factors[4], *total,
           available);
  return TRUE;
}

/**
 * isaf_poster_draw:
 * @canvas: where to draw; a new page is added
 * @data: the poster's content
 * @size: the page size
 * @language: Khmer only, or Khmer with English
 * @error: return location for an %ISAF_PRINT_ERROR
 *
 * Lays out one poster on a new page of @canvas, shrinking sections until everything fits.
 *
 * Returns: %TRUE if the poster was drawn
 */
gboolean
isaf_poster_draw (IsafCanvas           *canvas,
                  const IsafPosterData *data,
                  IsafPosterSize        size,
                  IsafPosterLanguage    language,
                  GError              **error)
{
  Poster p = { 0 };
  double factors[N_SECTIONS], heights[N_SECTIONS];
  double x, y, width, height, bottom, header, total, gap;

  g_return_val_if_fail (ISAF_IS_CANVAS (canvas), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (size < G_N_ELEMENTS (page_sizes), FALSE);

  isaf_print_pen_init (&p.pen, canvas, language, ENGLISH_RATIO);
  p.data = data;
  p.digits = p.pen.both ? ISAF_DIGITS_WESTERN : ISAF_DIGITS_KHMER;
  p.scale = page_sizes[size].width / A3_WIDTH;
  isaf_poster_size_get_printable (size, &x, &y, &width, &height);
  bottom = y + height;
  gap = 14 * p.scale;

  p.pen.draw = FALSE;
  header = official_header (&p, x, y, width, 1.0);
  if (!fit_sections (&p, width, bottom - y - header - N_SECTIONS * gap, factors, heights, &total))
    {
      g_set_error (error, ISAF_PRINT_ERROR, ISAF_PRINT_ERROR_DOES_NOT_FIT,
                   /* Translators: the first %s is a service unit's name, the second a paper
                    * size such as A4. */
                   _("The poster of “%s” does not fit on %s paper even in the smallest type. "
                     "Choose a larger paper size or shorten its lists."),
                   data->name_km ? data->name_km : "", page_sizes[size].name);
      return FALSE;
    }
  /* Room to spare goes between the sections, up to three times the gap. */
  gap += MIN ((bottom - y - header - N_SECTIONS * gap - total) / N_SECTIONS, 2 * gap);

  if (!isaf_canvas_begin_page (canvas, page_sizes[size].width, page_sizes[size].height, error))
    return FALSE;
  p.pen.draw = TRUE;
  y += official_header (&p, x, y, width, 1.0) + gap;
  for (guint i = 0; i < N_SECTIONS; i++)
    y += sections[i].func (&p, x, y, width, factors[i]) + gap;
  return TRUE;
}

gboolean
isaf_poster_size_parse (const char     *text,
                        IsafPosterSize *size)
{
  for (guint i = 0; text && i < G_N_ELEMENTS (page_sizes); i++)
    if (g_ascii_strcasecmp (text, page_sizes[i].name) == 0)
      {
        *size = i;
        return TRUE;
      }
  return FALSE;
}

/* The page in points, portrait. */
void
isaf_poster_size_get_page (IsafPosterSize  size,
                           double         *width,
                           double         *height)
{
  g_return_if_fail (size < G_N_ELEMENTS (page_sizes));

  *width = page_sizes[size].width;
  *height = page_sizes[size].height;
}

/* The area inside the margins, where every mark of a poster lies. */
void
isaf_poster_size_get_printable (IsafPosterSize  size,
                                double         *x,
                                double         *y,
                                double         *width,
                                double         *height)
{
  double margin;

  g_return_if_fail (size < G_N_ELEMENTS (page_sizes));

  margin = MARGIN * page_sizes[size].width / A3_WIDTH;
  *x = margin;
  *y = margin;
  *width = page_sizes[size].width - 2 * margin;
  *height = page_sizes[size].height - 2 * margin;
}

gboolean
isaf_poster_language_parse (const char         *text,
                            IsafPosterLanguage *language)
{
  if (g_strcmp0 (text, "km") == 0)
    *language = ISAF_POSTER_LANGUAGE_KHMER;
  else if (g_strcmp0 (text, "both") == 0)
    *language = ISAF_POSTER_LANGUAGE_BOTH;
  else
    return FALSE;
  return TRUE;
}
