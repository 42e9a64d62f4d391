/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-print"

#include "config.h"

#include <math.h>

#include "isaf-pictogram.h"

/* Simple vector pictograms for the indicators, by the names in the reference data's pictogram
 * column, so that a reader who cannot read the name still sees what a row is about. Each is
 * drawn in a unit square on a disc; names this version does not know get a bar chart. */

typedef struct {
  IsafCanvas *canvas;
  double x;
  double y;
  double size;
  const IsafColor *ink;
  const IsafColor *background;
} Pen;

typedef void (*PictogramFunc) (const Pen *pen);

static inline double
px (const Pen *pen,
    double     u)
{
  return pen->x + u * pen->size;
}

static inline double
py (const Pen *pen,
    double     v)
{
  return pen->y + v * pen->size;
}

static void
circle (const Pen       *pen,
        double           u,
        double           v,
        double           r,
        const IsafColor *color)
{
  isaf_canvas_circle (pen->canvas, px (pen, u), py (pen, v), r * pen->size);
  isaf_canvas_fill (pen->canvas, color);
}

static void
rect (const Pen       *pen,
      double           u,
      double           v,
      double           w,
      double           h,
      double           r,
      const IsafColor *color)
{
  isaf_canvas_rounded_rectangle (pen->canvas, px (pen, u), py (pen, v), w * pen->size,
                                 h * pen->size, r * pen->size);
  isaf_canvas_fill (pen->canvas, color);
}

/* A closed polygon of n points given as u, v pairs. */
static void
polygon (const Pen       *pen,
         const double    *points,
         guint            n,
         const IsafColor *color)
{
  isaf_canvas_move_to (pen->canvas, px (pen, points[0]), py (pen, points[1]));
  for (guint i = 1; i < n; i++)
    isaf_canvas_line_to (pen->canvas, px (pen, points[2 * i]), py (pen, points[2 * i + 1]));
  isaf_canvas_close_path (pen->canvas);
  isaf_canvas_fill (pen->canvas, color);
}

static void
line (const Pen       *pen,
      double           u1,
      double           v1,
      double           u2,
      double           v2,
      double           width,
      const IsafColor *color)
{
  isaf_canvas_move_to (pen->canvas, px (pen, u1), py (pen, v1));
  isaf_canvas_line_to (pen->canvas, px (pen, u2), py (pen, v2));
  isaf_canvas_stroke (pen->canvas, color, width * pen->size);
}

/* A rectangle along the diagonal from bottom-left to top-right: from t1 to t2 along it, w wide. */
static void
diagonal_bar (const Pen       *pen,
              double           t1,
              double           t2,
              double           w,
              const IsafColor *color)
{
  double d = M_SQRT1_2;
  double a1 = 0.5 + (t1 - 0.5) * d, b1 = 0.5 - (t1 - 0.5) * d;
  double a2 = 0.5 + (t2 - 0.5) * d, b2 = 0.5 - (t2 - 0.5) * d;
  double nu = w / 2 * d, nv = w / 2 * d;
  double points[] = {
    a1 - nu, b1 - nv, a2 - nu, b2 - nv, a2 + nu, b2 + nv, a1 + nu, b1 + nv,
  };

  polygon (pen, points, 4, color);
}

static void
person (const Pen *pen,
        double     u,
        double     v,
        double     k)
{
  circle (pen, u, v, 0.1 * k, pen->ink);
  isaf_canvas_arc (pen->canvas, px (pen, u), py (pen, v + 0.42 * k), 0.24 * k * pen->size,
                   G_PI, 2 * G_PI);
  isaf_canvas_close_path (pen->canvas);
  isaf_canvas_fill (pen->canvas, pen->ink);
}

static void
draw_pregnancy (const Pen *pen)
{
  circle (pen, 0.46, 0.2, 0.09, pen->ink);
  rect (pen, 0.36, 0.31, 0.2, 0.34, 0.08, pen->ink);
  circle (pen, 0.56, 0.52, 0.13, pen->ink);
  rect (pen, 0.37, 0.6, 0.08, 0.24, 0.03, pen->ink);
  rect (pen, 0.48, 0.6, 0.08, 0.24, 0.03, pen->ink);
}

static void
draw_birth (const Pen *pen)
{
  circle (pen, 0.5, 0.3, 0.12, pen->ink);
  rect (pen, 0.34, 0.44, 0.32, 0.36, 0.15, pen->ink);
  line (pen, 0.4, 0.58, 0.6, 0.58, 0.04, pen->background);
}

static void
draw_vaccine (const Pen *pen)
{
  diagonal_bar (pen, 0.32, 0.66, 0.2, pen->ink);
  diagonal_bar (pen, 0.66, 0.74, 0.06, pen->ink);
  diagonal_bar (pen, 0.74, 0.8, 0.22, pen->ink);
  diagonal_bar (pen, 0.14, 0.32, 0.03, pen->ink);
  diagonal_bar (pen, 0.28, 0.32, 0.26, pen->ink);
}

static void
draw_medicine (const Pen *pen)
{
  rect (pen, 0.24, 0.3, 0.52, 0.48, 0.06, pen->ink);
  rect (pen, 0.3, 0.18, 0.4, 0.1, 0.02, pen->ink);
  rect (pen, 0.45, 0.38, 0.1, 0.32, 0, pen->background);
  rect (pen, 0.34, 0.49, 0.32, 0.1, 0, pen->background);
}

static void
draw_staff (const Pen *pen)
{
  person (pen, 0.5, 0.3, 1.3);
  rect (pen, 0.57, 0.62, 0.04, 0.13, 0, pen->background);
  rect (pen, 0.525, 0.665, 0.13, 0.04, 0, pen->background);
}

static void
draw_teacher (const Pen *pen)
{
  isaf_canvas_rectangle (pen->canvas, px (pen, 0.36), py (pen, 0.2), 0.44 * pen->size,
                         0.32 * pen->size);
  isaf_canvas_stroke (pen->canvas, pen->ink, 0.05 * pen->size);
  line (pen, 0.46, 0.32, 0.7, 0.32, 0.04, pen->ink);
  line (pen, 0.46, 0.42, 0.62, 0.42, 0.04, pen->ink);
  person (pen, 0.28, 0.42, 0.9);
}

static void
draw_dropout (const Pen *pen)
{
  double head[] = { 0.86, 0.52, 0.7, 0.38, 0.7, 0.66 };

  isaf_canvas_move_to (pen->canvas, px (pen, 0.5), py (pen, 0.24));
  isaf_canvas_line_to (pen->canvas, px (pen, 0.22), py (pen, 0.24));
  isaf_canvas_line_to (pen->canvas, px (pen, 0.22), py (pen, 0.8));
  isaf_canvas_line_to (pen->canvas, px (pen, 0.5), py (pen, 0.8));
  isaf_canvas_stroke (pen->canvas, pen->ink, 0.06 * pen->size);
  line (pen, 0.36, 0.52, 0.72, 0.52, 0.08, pen->ink);
  polygon (pen, head, 3, pen->ink);
}

static void
draw_repeat (const Pen *pen)
{
  double head[] = { 0.7, 0.16, 0.84, 0.36, 0.6, 0.38 };

  isaf_canvas_arc (pen->canvas, px (pen, 0.5), py (pen, 0.52), 0.26 * pen->size,
                   -G_PI / 3, 4 * G_PI / 3);
  isaf_canvas_stroke (pen->canvas, pen->ink, 0.08 * pen->size);
  polygon (pen, head, 3, pen->ink);
}

static void
draw_graduate (const Pen *pen)
{
  double board[] = { 0.5, 0.22, 0.9, 0.4, 0.5, 0.58, 0.1, 0.4 };
  double cap[] = { 0.28, 0.5, 0.72, 0.5, 0.72, 0.7, 0.5, 0.78, 0.28, 0.7 };

  polygon (pen, cap, 5, pen->ink);
  polygon (pen, board, 4, pen->ink);
  line (pen, 0.5, 0.4, 0.8, 0.46, 0.03, pen->background);
  line (pen, 0.8, 0.46, 0.8, 0.72, 0.04, pen->ink);
  circle (pen, 0.8, 0.74, 0.04, pen->ink);
}

static void
draw_book (const Pen *pen)
{
  double left[] = { 0.14, 0.28, 0.47, 0.34, 0.47, 0.8, 0.14, 0.74 };
  double right[] = { 0.86, 0.28, 0.53, 0.34, 0.53, 0.8, 0.86, 0.74 };

  polygon (pen, left, 4, pen->ink);
  polygon (pen, right, 4, pen->ink);
}

static void
draw_certificate (const Pen *pen)
{
  double ribbon[] = { 0.6, 0.7, 0.76, 0.7, 0.8, 0.9, 0.68, 0.84, 0.56, 0.9 };

  rect (pen, 0.22, 0.14, 0.5, 0.64, 0.03, pen->ink);
  for (guint i = 0; i < 3; i++)
    line (pen, 0.3, 0.28 + 0.12 * i, 0.64, 0.28 + 0.12 * i, 0.04, pen->background);
  polygon (pen, ribbon, 5, pen->ink);
  circle (pen, 0.68, 0.68, 0.13, pen->background);
  circle (pen, 0.68, 0.68, 0.1, pen->ink);
}

static void
draw_clock (const Pen *pen)
{
  isaf_canvas_circle (pen->canvas, px (pen, 0.5), py (pen, 0.5), 0.3 * pen->size);
  isaf_canvas_stroke (pen->canvas, pen->ink, 0.07 * pen->size);
  line (pen, 0.5, 0.5, 0.5, 0.3, 0.06, pen->ink);
  line (pen, 0.5, 0.5, 0.64, 0.58, 0.06, pen->ink);
}

static void
draw_meeting (const Pen *pen)
{
  person (pen, 0.26, 0.3, 0.75);
  person (pen, 0.5, 0.24, 0.75);
  person (pen, 0.74, 0.3, 0.75);
  rect (pen, 0.16, 0.58, 0.68, 0.14, 0.07, pen->ink);
}

static void
draw_generic (const Pen *pen)
{
  rect (pen, 0.24, 0.5, 0.12, 0.28, 0.02, pen->ink);
  rect (pen, 0.44, 0.36, 0.12, 0.42, 0.02, pen->ink);
  rect (pen, 0.64, 0.22, 0.12, 0.56, 0.02, pen->ink);
}

static const struct {
  const char *name;
  PictogramFunc draw;
} pictograms[] = {
  { "pregnancy", draw_pregnancy },
  { "birth", draw_birth },
  { "vaccine", draw_vaccine },
  { "medicine", draw_medicine },
  { "staff", draw_staff },
  { "teacher", draw_teacher },
  { "dropout", draw_dropout },
  { "repeat", draw_repeat },
  { "graduate", draw_graduate },
  { "book", draw_book },
  { "certificate", draw_certificate },
  { "clock", draw_clock },
  { "meeting", draw_meeting },
};

static PictogramFunc
lookup (const char *name)
{
  for (guint i = 0; name && i < G_N_ELEMENTS (pictograms); i++)
    if (g_str_equal (pictograms[i].name, name))
      return pictograms[i].draw;
  return NULL;
}

gboolean
isaf_pictogram_known (const char *name)
{
  return lookup (name) != NULL;
}

/**
 * isaf_pictogram_draw:
 * @canvas: where to draw
 * @name: (nullable): a pictogram name from the reference data
 * @x: left edge of the square, in points
 * @y: top edge of the square, in points
 * @size: the side of the square, in points
 * @ink: the colour of the figure
 * @background: the colour of the disc behind it
 */
void
isaf_pictogram_draw (IsafCanvas      *canvas,
                     const char      *name,
                     double           x,
                     double           y,
                     double           size,
                     const IsafColor *ink,
                     const IsafColor *background)
{
  PictogramFunc draw = lookup (name);
  Pen pen = { canvas, x, y, size, ink, background };

  circle (&pen, 0.5, 0.5, 0.5, background);
  (draw ? draw : draw_generic) (&pen);
}
