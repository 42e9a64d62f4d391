/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-print"

#include "config.h"

#include "isaf-fonts.h"
#include "isaf-khmer.h"
#include "isaf-print-pen.h"

/* Khmer fonts reserve room for the tallest stack of marks on every line (1.9 em for Khmer OS
 * Battambang); lines of ordinary text can sit closer. Blocks are spaced by their ink as well,
 * so a tall stack never touches the next block. */
#define KHMER_LINE_HEIGHT 0.82
#define FIGURES_LINE_HEIGHT 0.6

#define EM_DASH "\u2014"

static const IsafColor english_grey = { 0.36, 0.38, 0.42 };

void
isaf_print_pen_init (IsafPrintPen       *pen,
                     IsafCanvas         *canvas,
                     IsafPosterLanguage  language,
                     double              english_ratio)
{
  *pen = (IsafPrintPen) { 0 };
  pen->canvas = canvas;
  pen->both = language == ISAF_POSTER_LANGUAGE_BOTH;
  pen->english_ratio = english_ratio;
}

static const char *
face_family (IsafPrintFace face)
{
  switch (face)
    {
    case ISAF_PRINT_FACE_HEADING:
      return isaf_font_role_get_family (ISAF_FONT_HEADING);
    case ISAF_PRINT_FACE_BODY:
    case ISAF_PRINT_FACE_FIGURES:
      return isaf_font_role_get_family (ISAF_FONT_BODY);
    case ISAF_PRINT_FACE_LATIN:
    case ISAF_PRINT_FACE_LATIN_BOLD:
    default:
      return isaf_font_role_get_family (ISAF_FONT_LATIN);
    }
}

/* Glyphs reach a little outside their logical box; a tenth of an em on each side keeps their
 * ink inside the column they were given. */
static double
side_pad (double size)
{
  return size * 0.1;
}

PangoLayout *
isaf_print_pen_layout (IsafPrintPen   *pen,
                       IsafPrintFace   face,
                       double          size,
                       const char     *text,
                       double          width,
                       PangoAlignment  alignment)
{
  PangoLayout *layout = isaf_canvas_create_layout (pen->canvas);
  PangoFontDescription *description = pango_font_description_new ();
  g_autofree char *segmented = isaf_khmer_segment (text ? text : "");

  pango_font_description_set_family_static (description, face_family (face));
  pango_font_description_set_weight (description, face == ISAF_PRINT_FACE_LATIN_BOLD
                                                    ? PANGO_WEIGHT_BOLD
                                                    : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_absolute_size (description, size * PANGO_SCALE);
  pango_layout_set_font_description (layout, description);
  pango_font_description_free (description);
  /* At least a point wide: a width of 0 or less would not wrap the text at all. */
  if (width > 0)
    pango_layout_set_width (layout, (int) (MAX (width - 2 * side_pad (size), 1) * PANGO_SCALE));
  pango_layout_set_alignment (layout, alignment);
  pango_layout_set_text (layout, segmented, -1);
  if (face != ISAF_PRINT_FACE_LATIN && face != ISAF_PRINT_FACE_LATIN_BOLD)
    {
      PangoAttrList *attributes = pango_attr_list_new ();

      pango_attr_list_insert (attributes,
                              pango_attr_line_height_new (face == ISAF_PRINT_FACE_FIGURES
                                                            ? FIGURES_LINE_HEIGHT
                                                            : KHMER_LINE_HEIGHT));
      pango_layout_set_attributes (layout, attributes);
      pango_attr_list_unref (attributes);
    }
  return layout;
}

double
isaf_print_pen_put_layout (IsafPrintPen    *pen,
                           PangoLayout     *layout,
                           double           x,
                           double           y,
                           const IsafColor *color)
{
  double offset;
  double height = isaf_print_layout_height (layout, &offset);

  if (pen->draw)
    isaf_canvas_draw_layout (pen->canvas, layout, x + side_pad (isaf_print_layout_size (layout)),
                             y + offset, color);
  return height;
}

double
isaf_print_pen_put_text (IsafPrintPen    *pen,
                         IsafPrintFace    face,
                         double           size,
                         const char      *text,
                         double           x,
                         double           y,
                         double           width,
                         PangoAlignment   alignment,
                         const IsafColor *color)
{
  g_autoptr(PangoLayout) layout = isaf_print_pen_layout (pen, face, size, text, width, alignment);

  return isaf_print_pen_put_layout (pen, layout, x, y, color);
}

double
isaf_print_pen_put_pair (IsafPrintPen    *pen,
                         double           size,
                         const char      *km,
                         const char      *en,
                         double           x,
                         double           y,
                         double           width,
                         PangoAlignment   alignment,
                         const IsafColor *color)
{
  double h = isaf_print_pen_put_text (pen, ISAF_PRINT_FACE_BODY, size,
                                      isaf_print_is_blank (km) ? EM_DASH : km, x, y, width,
                                      alignment, color);

  if (pen->both && !isaf_print_is_blank (en))
    h += isaf_print_pen_put_text (pen, ISAF_PRINT_FACE_LATIN, size * pen->english_ratio, en, x,
                                  y + h, width, alignment, &english_grey);
  return h;
}

void
isaf_print_pen_fill (IsafPrintPen    *pen,
                     double           x,
                     double           y,
                     double           width,
                     double           height,
                     double           radius,
                     const IsafColor *color)
{
  if (!pen->draw || width <= 0 || height <= 0)
    return;
  isaf_canvas_rounded_rectangle (pen->canvas, x, y, width, height, radius);
  isaf_canvas_fill (pen->canvas, color);
}

double
isaf_print_layout_size (PangoLayout *layout)
{
  return (double) pango_font_description_get_size (pango_layout_get_font_description (layout))
         / PANGO_SCALE;
}

double
isaf_print_layout_height (PangoLayout *layout,
                          double      *offset)
{
  PangoRectangle ink, logical;
  double top, bottom;

  pango_layout_get_extents (layout, &ink, &logical);
  top = MIN (ink.height > 0 ? ink.y : logical.y, logical.y);
  bottom = MAX (ink.height > 0 ? ink.y + ink.height : 0, logical.y + logical.height);
  if (offset)
    *offset = (double) -top / PANGO_SCALE;
  return (double) (bottom - top) / PANGO_SCALE;
}

double
isaf_print_layout_width (PangoLayout *layout)
{
  PangoRectangle ink, logical;
  double left, right;

  pango_layout_get_extents (layout, &ink, &logical);
  left = MIN (ink.x, logical.x);
  right = MAX (ink.x + ink.width, logical.x + logical.width);
  return (double) (right - left) / PANGO_SCALE + 2 * side_pad (isaf_print_layout_size (layout));
}

gboolean
isaf_print_is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}
