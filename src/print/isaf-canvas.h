/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <pango/pango.h>

G_BEGIN_DECLS

/* A colour, each channel 0–1. */
typedef struct {
  double red;
  double green;
  double blue;
} IsafColor;

/* A block of text the canvas drew, in points from the top-left corner of its page: the logical
 * box Pango laid it out in, and the ink box of its glyphs (subscripts and vowel signs reach
 * outside the logical box). text is without the U+200B of segmentation. */
typedef struct {
  guint page;
  double x, y, width, height;
  double ink_x, ink_y, ink_width, ink_height;
  char *text;
} IsafTextBox;

#define ISAF_TYPE_CANVAS (isaf_canvas_get_type ())

G_DECLARE_DERIVABLE_TYPE (IsafCanvas, isaf_canvas, ISAF, CANVAS, GObject)

/* Where posters are drawn: pages, filled and stroked paths, and text laid out by Pango in the
 * canvas's own Pango context. Coordinates are points from the top-left corner of the page, y
 * down. Subclasses write the document; IsafPdfWriter is the one posters are printed with. */
struct _IsafCanvasClass
{
  GObjectClass parent_class;

  gboolean (*begin_page)  (IsafCanvas      *self,
                           double           width,
                           double           height,
                           GError         **error);
  void     (*move_to)     (IsafCanvas      *self,
                           double           x,
                           double           y);
  void     (*line_to)     (IsafCanvas      *self,
                           double           x,
                           double           y);
  void     (*curve_to)    (IsafCanvas      *self,
                           double           x1,
                           double           y1,
                           double           x2,
                           double           y2,
                           double           x3,
                           double           y3);
  void     (*close_path)  (IsafCanvas      *self);
  void     (*fill)        (IsafCanvas      *self,
                           const IsafColor *color);
  void     (*stroke)      (IsafCanvas      *self,
                           const IsafColor *color,
                           double           line_width);
  /* Draws @layout with the top-left corner of its logical box at x, y. */
  void     (*show_layout) (IsafCanvas      *self,
                           PangoLayout     *layout,
                           double           x,
                           double           y,
                           const IsafColor *color);
  /* Ends the document and returns its bytes. */
  GBytes  *(*finish)      (IsafCanvas      *self,
                           GError         **error);
};

PangoContext *isaf_canvas_get_pango_context (IsafCanvas      *self);
PangoLayout  *isaf_canvas_create_layout     (IsafCanvas      *self);

gboolean      isaf_canvas_begin_page        (IsafCanvas      *self,
                                             double           width,
                                             double           height,
                                             GError         **error);
guint         isaf_canvas_get_n_pages       (IsafCanvas      *self);
double        isaf_canvas_get_page_width    (IsafCanvas      *self);
double        isaf_canvas_get_page_height   (IsafCanvas      *self);

void          isaf_canvas_move_to           (IsafCanvas      *self,
                                             double           x,
                                             double           y);
void          isaf_canvas_line_to           (IsafCanvas      *self,
                                             double           x,
                                             double           y);
void          isaf_canvas_curve_to          (IsafCanvas      *self,
                                             double           x1,
                                             double           y1,
                                             double           x2,
                                             double           y2,
                                             double           x3,
                                             double           y3);
void          isaf_canvas_close_path        (IsafCanvas      *self);
void          isaf_canvas_rectangle         (IsafCanvas      *self,
                                             double           x,
                                             double           y,
                                             double           width,
                                             double           height);
void          isaf_canvas_rounded_rectangle (IsafCanvas      *self,
                                             double           x,
                                             double           y,
                                             double           width,
                                             double           height,
                                             double           radius);
void          isaf_canvas_arc               (IsafCanvas      *self,
                                             double           cx,
                                             double           cy,
                                             double           radius,
                                             double           angle1,
                                             double           angle2);
void          isaf_canvas_circle            (IsafCanvas      *self,
                                             double           cx,
                                             double           cy,
                                             double           radius);
void          isaf_canvas_fill              (IsafCanvas      *self,
                                             const IsafColor *color);
void          isaf_canvas_stroke            (IsafCanvas      *self,
                                             const IsafColor *color,
                                             double           line_width);

void          isaf_canvas_draw_layout       (IsafCanvas      *self,
                                             PangoLayout     *layout,
                                             double           x,
                                             double           y,
                                             const IsafColor *color);
GArray       *isaf_canvas_get_text_boxes    (IsafCanvas      *self);

GBytes       *isaf_canvas_finish            (IsafCanvas      *self,
                                             GError         **error);
gboolean      isaf_canvas_save              (IsafCanvas      *self,
                                             const char      *path,
                                             GError         **error);

char         *isaf_canvas_strip_segmentation (const char     *text,
                                              gssize          length);

G_END_DECLS
