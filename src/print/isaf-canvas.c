/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-print"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "isaf-canvas.h"
#include "isaf-print-error.h"

/* The Pango settings that make vector output exact (reference/toolchain.md §4): one point is one
 * unit, glyph positions are not rounded to whole points, and nothing is hinted. */

#define ZERO_WIDTH_SPACE "\u200B"

typedef struct
{
  PangoContext *context;
  GArray *text_boxes;
  guint n_pages;
  double page_width;
  double page_height;
} IsafCanvasPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (IsafCanvas, isaf_canvas, G_TYPE_OBJECT)

static void
text_box_clear (gpointer data)
{
  IsafTextBox *box = data;

  g_clear_pointer (&box->text, g_free);
}

static PangoContext *
create_context (void)
{
  PangoFontMap *font_map = pango_cairo_font_map_get_default ();
  PangoContext *context = pango_font_map_create_context (font_map);
  cairo_font_options_t *options = cairo_font_options_create ();

  pango_cairo_context_set_resolution (context, 72.0);
  pango_context_set_round_glyph_positions (context, FALSE);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  pango_context_set_language (context, pango_language_from_string ("km"));
  pango_context_set_base_dir (context, PANGO_DIRECTION_LTR);
  return context;
}

static void
isaf_canvas_finalize (GObject *object)
{
  IsafCanvasPrivate *priv = isaf_canvas_get_instance_private (ISAF_CANVAS (object));

  g_clear_object (&priv->context);
  g_clear_pointer (&priv->text_boxes, g_array_unref);

  G_OBJECT_CLASS (isaf_canvas_parent_class)->finalize (object);
}

static void
isaf_canvas_class_init (IsafCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = isaf_canvas_finalize;
}

static void
isaf_canvas_init (IsafCanvas *self)
{
  IsafCanvasPrivate *priv = isaf_canvas_get_instance_private (self);

  priv->context = create_context ();
  priv->text_boxes = g_array_new (FALSE, TRUE, sizeof (IsafTextBox));
  g_array_set_clear_func (priv->text_boxes, text_box_clear);
}

PangoContext *
isaf_canvas_get_pango_context (IsafCanvas *self)
{
  IsafCanvasPrivate *priv = isaf_canvas_get_instance_private (self);

  g_return_val_if_fail (ISAF_IS_CANVAS (self), NULL);

  return priv->context;
}

/* A layout in the canvas's context, wrapping at words and, for a word longer than the line,
 * inside it: text never runs past the width it is given. */
PangoLayout *
isaf_canvas_create_layout (IsafCanvas *self)
{
  IsafCanvasPrivate *priv = isaf_canvas_get_instance_private (self);
  PangoLayout *layout;

  g_return_val_if_fail (ISAF_IS_CANVAS (self), NULL);

  layout = pango_layout_new (priv->context);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  return layout;
}

gboolean
isaf_canvas_begin_page (IsafCanvas *self,
                        double      width,
                        double      height,
                        GError    **error)
{
  IsafCanvasPrivate *priv = isaf_canvas_get_instance_private (self);

  g_return_val_if_fail (ISAF_IS_CANVAS (self), FALSE);
  g_return_val_if_fail (width > 0 && height > 0, FALSE);

  if (!ISAF_CANVAS_GET_CLASS (self)->begin_page (self, width, height, error))
    return FALSE;
  priv->n_pages++;
  priv->page_width = width;
  priv->page_height = height;
  return TRUE;
}

guint
isaf_canvas_get_n_pages (IsafCanvas *self)
{
  IsafCanvasPrivate *priv = isaf_canvas_get_instance_private (self);

  g_return_val_if_fail (ISAF_IS_CANVAS (self), 0);

  return priv->n_pages;
}

double
isaf_canvas_get_page_width (IsafCanvas *self)
{
  IsafCanvasPrivate *priv = isaf_canvas_get_instance_private (self);

  g_return_val_if_fail (ISAF_IS_CANVAS (self), 0);

  return priv->page_width;
}

double
isaf_canvas_get_page_height (IsafCanvas *self)
{
  IsafCanvasPrivate *priv = isaf_canvas_get_instance_private (self);

  g_return_val_if_fail (ISAF_IS_CANVAS (self), 0);

  return priv->page_height;
}

void
isaf_canvas_move_to (IsafCanvas *self,
                     double      x,
                     double      y)
{
  ISAF_CANVAS_GET_CLASS (self)->move_to (self, x, y);
}

void
isaf_canvas_line_to (IsafCanvas *self,
                     double      x,
                     double      y)
{
  ISAF_CANVAS_GET_CLASS (self)->line_to (self, x, y);
}

void
isaf_canvas_curve_to (IsafCanvas *self,
                      double      x1,
                      double      y1,
                      double      x2,
                      double      y2,
                      double      x3,
                      double      y3)
{
  ISAF_CANVAS_GET_CLASS (self)->curve_to (self, x1, y1, x2, y2, x3, y3);
}

void
isaf_canvas_close_path (IsafCanvas *self)
{
  ISAF_CANVAS_GET_CLASS (self)->close_path (self);
}

void
isaf_canvas_rectangle (IsafCanvas *self,
                       double      x,
                       double      y,
                       double      width,
                       double      height)
{
  isaf_canvas_move_to (self, x, y);
  isaf_canvas_line_to (self, x + width, y);
  isaf_canvas_line_to (self, x + width, y + height);
  isaf_canvas_line_to (self, x, y + height);
  isaf_canvas_close_path (self);
}

/* Cubic Bézier pieces of at most a quarter turn; angles in radians, clockwise on the page
 * (y down), as in cairo. Continues the current path with a line to the arc's start when
 * @move is FALSE. */
static void
arc_segments (IsafCanvas *self,
              double      cx,
              double      cy,
              double      radius,
              double      angle1,
              double      angle2,
              gboolean    move)
{
  int n = MAX (1, (int) ceil (fabs (angle2 - angle1) / G_PI_2 - 1e-9));
  double step = (angle2 - angle1) / n;
  double k = 4.0 / 3.0 * tan (step / 4);
  double a = angle1;

  if (move)
    isaf_canvas_move_to (self, cx + radius * cos (a), cy + radius * sin (a));
  else
    isaf_canvas_line_to (self, cx + radius * cos (a), cy + radius * sin (a));

  for (int i = 0; i < n; i++, a += step)
    {
      double b = a + step;
      double x0 = cx + radius * cos (a), y0 = cy + radius * sin (a);
      double x3 = cx + radius * cos (b), y3 = cy + radius * sin (b);

      isaf_canvas_curve_to (self,
                            x0 - k * radius * sin (a), y0 + k * radius * cos (a),
                            x3 + k * radius * sin (b), y3 - k * radius * cos (b),
                            x3, y3);
    }
}

void
isaf_canvas_arc (IsafCanvas *self,
                 double      cx,
                 double      cy,
                 double      radius,
                 double      angle1,
                 double      angle2)
{
  arc_segments (self, cx, cy, radius, angle1, angle2, TRUE);
}

void
isaf_canvas_rounded_rectangle (IsafCanvas *self,
                               double      x,
                               double      y,
                               double      width,
                               double      height,
                               double      radius)
{
  radius = MIN (radius, MIN (width, height) / 2);
  if (radius <= 0)
    {
      isaf_canvas_rectangle (self, x, y, width, height);
      return;
    }
  arc_segments (self, x + width - radius, y + radius, radius, -G_PI_2, 0, TRUE);
  arc_segments (self, x + width - radius, y + height - radius, radius, 0, G_PI_2, FALSE);
  arc_segments (self, x + radius, y + height - radius, radius, G_PI_2, G_PI, FALSE);
  arc_segments (self, x + radius, y + radius, radius, G_PI, 3 * G_PI_2, FALSE);
  isaf_canvas_close_path (self);
}

void
isaf_canvas_circle (IsafCanvas *self,
                    double      cx,
                    double      cy,
                    double      radius)
{
  arc_segments (self, cx, cy, radius, 0, 2 * G_PI, TRUE);
  isaf_canvas_close_path (self);
}

void
isaf_canvas_fill (IsafCanvas      *self,
                  const IsafColor *color)
{
  ISAF_CANVAS_GET_CLASS (self)->fill (self, color);
}

void
isaf_canvas_stroke (IsafCanvas      *self,
                    const IsafColor *color,
                    double           line_width)
{
  ISAF_CANVAS_GET_CLASS (self)->stroke (self, color, line_width);
}

/* Removes the U+200B that segmentation inserted, for the text a reader extracts. */
char *
isaf_canvas_strip_segmentation (const char *text,
                                gssize      length)
{
  GString *out;
  const char *end;

  if (length < 0)
    length = strlen (text);
  out = g_string_sized_new (length);
  end = text + length;
  for (const char *p = text; p < end;)
    {
      const char *zwsp = g_strstr_len (p, end - p, ZERO_WIDTH_SPACE);
      const char *stop = zwsp ? zwsp : end;

      g_string_append_len (out, p, stop - p);
      p = zwsp ? zwsp + strlen (ZERO_WIDTH_SPACE) : end;
    }
  return g_string_free (out, FALSE);
}

/**
 * isaf_canvas_draw_layout:
 * @self: the canvas
 * @layout: a layout made by isaf_canvas_create_layout()
 * @x: left edge of the layout's logical box, in points
 * @y: top edge of the layout's logical box, in points
 * @color: the colour of the text
 *
 * Draws @layout on the current page and records its box (see isaf_canvas_get_text_boxes()).
 */
void
isaf_canvas_draw_layout (IsafCanvas      *self,
                         PangoLayout     *layout,
                         double           x,
                         double           y,
                         const IsafColor *color)
{
  IsafCanvasPrivate *priv = isaf_canvas_get_instance_private (self);
  PangoRectangle ink, logical;
  IsafTextBox box = { 0 };

  g_return_if_fail (ISAF_IS_CANVAS (self));
  g_return_if_fail (priv->n_pages > 0);

  pango_layout_get_extents (layout, &ink, &logical);
  box.page = priv->n_pages - 1;
  box.x = x + (double) logical.x / PANGO_SCALE;
  box.y = y + (double) logical.y / PANGO_SCALE;
  box.width = (double) logical.width / PANGO_SCALE;
  box.height = (double) logical.height / PANGO_SCALE;
  box.ink_x = x + (double) ink.x / PANGO_SCALE;
  box.ink_y = y + (double) ink.y / PANGO_SCALE;
  box.ink_width = (double) ink.width / PANGO_SCALE;
  box.ink_height = (double) ink.height / PANGO_SCALE;
  box.text = isaf_canvas_strip_segmentation (pango_layout_get_text (layout), -1);
  g_array_append_val (priv->text_boxes, box);

  ISAF_CANVAS_GET_CLASS (self)->show_layout (self, layout, x, y, color);
}

/**
 * isaf_canvas_get_text_boxes:
 * @self: the canvas
 *
 * Returns: (transfer none) (element-type IsafTextBox): every block of text drawn so far, in
 *   the order drawn
 */
GArray *
isaf_canvas_get_text_boxes (IsafCanvas *self)
{
  IsafCanvasPrivate *priv = isaf_canvas_get_instance_private (self);

  g_return_val_if_fail (ISAF_IS_CANVAS (self), NULL);

  return priv->text_boxes;
}

/**
 * isaf_canvas_finish:
 * @self: the canvas
 * @error: return location for an %ISAF_PRINT_ERROR
 *
 * Ends the document. Nothing can be drawn afterwards.
 *
 * Returns: (transfer full) (nullable): the document's bytes
 */
GBytes *
isaf_canvas_finish (IsafCanvas *self,
                    GError    **error)
{
  IsafCanvasPrivate *priv = isaf_canvas_get_instance_private (self);

  g_return_val_if_fail (ISAF_IS_CANVAS (self), NULL);

  if (priv->n_pages == 0)
    {
      g_set_error_literal (error, ISAF_PRINT_ERROR, ISAF_PRINT_ERROR_NO_CONTENT,
                           _("There is nothing to print."));
      return NULL;
    }
  return ISAF_CANVAS_GET_CLASS (self)->finish (self, error);
}

gboolean
isaf_canvas_save (IsafCanvas *self,
                  const char *path,
                  GError    **error)
{
  g_autoptr(GBytes) bytes = isaf_canvas_finish (self, error);
  g_autoptr(GFile) file = NULL;

  if (bytes == NULL)
    return FALSE;
  file = g_file_new_for_path (path);
  return g_file_replace_contents (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                  NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, error);
}
