/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-print"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <hpdf.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "isaf-glyph-cache.h"
#include "isaf-pdf-writer.h"
#include "isaf-print-error.h"

/* The PDF document of posters, written by libharu (DESIGN.md). libharu maps characters to
 * glyphs without shaping, which mangles Khmer, so it never draws text: Pango lays the text out
 * and HarfBuzz shapes it, cairo turns each glyph into its outline (isaf-glyph-cache.c), and
 * the outlines are replayed here as libharu path operators, each placed where Pango put the
 * glyph. Shapes are built as cairo paths too, so that a colour can be set before libharu's
 * path starts. Under the outlines an invisible libharu text layer, in logical order, lets
 * readers search and copy the text; its font is not embedded, as no glyph of it is ever
 * painted (PDF/A makes the same exception for invisible text).
 *
 * Glyphs wait, and are written together, sorted by glyph, when something is about to be drawn
 * where they are, or the page ends: the copies of a glyph then follow one another and the
 * page's compression stores each outline about once, where glyphs in reading order repeat
 * too far apart for it to see. The result on the page is the same as in drawing order.
 *
 * Page coordinates are rounded to 1/100 pt (3.5 µm): finer digits only make the file larger. */

#define COORDINATE_STEP 100.0

struct _IsafPdfWriter
{
  IsafCanvas parent_instance;

  HPDF_Doc pdf;
  HPDF_Page page;
  HPDF_Font text_font;
  double page_height;
  /* Paths are built here, by Pango for text and by the canvas for shapes. */
  cairo_surface_t *recording;
  cairo_t *cr;
  /* The fill colour set on the page, to skip setting it again. */
  IsafColor fill_color;
  gboolean has_fill_color;
  /* Glyphs not written yet (PendingGlyph), and the boxes their layouts' ink covers (Box). */
  GArray *pending;
  GArray *pending_boxes;
  /* The first error libharu reported. */
  HPDF_STATUS error_no;
};

typedef struct {
  const IsafGlyphOutline *outline;
  /* The font matrix, and the glyph's origin on the page (y down). */
  double xx, yx, xy, yy;
  double x, y;
  IsafColor color;
  guint order;
} PendingGlyph;

typedef struct {
  double x1, y1, x2, y2;
} Box;

G_DEFINE_FINAL_TYPE (IsafPdfWriter, isaf_pdf_writer, ISAF_TYPE_CANVAS)

static void flush_glyphs            (IsafPdfWriter *self);
static void flush_glyphs_under_path (IsafPdfWriter *self,
                                     double         line_width);

static void
on_hpdf_error_cb (HPDF_STATUS error_no,
                  HPDF_STATUS detail_no,
                  void       *user_data)
{
  IsafPdfWriter *self = user_data;

  g_warning ("libharu error 0x%04X (detail %u)", (guint) error_no, (guint) detail_no);
  if (self->error_no == HPDF_OK)
    self->error_no = error_no;
}

static gboolean
check_error (IsafPdfWriter *self,
             GError       **error)
{
  if (self->error_no == HPDF_OK)
    return TRUE;
  g_set_error (error, ISAF_PRINT_ERROR, ISAF_PRINT_ERROR_PDF,
               /* Translators: %04X is libharu's error code, for a bug report. */
               _("The PDF document could not be made (libharu error %04X). Please report this "
                 "problem."),
               (guint) self->error_no);
  return FALSE;
}

static inline HPDF_REAL
to_x (double x)
{
  return (HPDF_REAL) (round (x * COORDINATE_STEP) / COORDINATE_STEP);
}

static inline HPDF_REAL
to_y (IsafPdfWriter *self,
      double         y)
{
  return to_x (self->page_height - y);
}

/* Replays the path built on the recording surface on the libharu page; FALSE if it is empty. */
static gboolean
replay_path (IsafPdfWriter *self)
{
  cairo_path_t *path = cairo_copy_path (self->cr);
  gboolean drawn = path->status == CAIRO_STATUS_SUCCESS && path->num_data > 0;

  for (int i = 0; drawn && i < path->num_data; i += path->data[i].header.length)
    {
      cairo_path_data_t *d = &path->data[i];

      switch (d->header.type)
        {
        case CAIRO_PATH_MOVE_TO:
          HPDF_Page_MoveTo (self->page, to_x (d[1].point.x), to_y (self, d[1].point.y));
          break;
        case CAIRO_PATH_LINE_TO:
          HPDF_Page_LineTo (self->page, to_x (d[1].point.x), to_y (self, d[1].point.y));
          break;
        case CAIRO_PATH_CURVE_TO:
          HPDF_Page_CurveTo (self->page,
                             to_x (d[1].point.x), to_y (self, d[1].point.y),
                             to_x (d[2].point.x), to_y (self, d[2].point.y),
                             to_x (d[3].point.x), to_y (self, d[3].point.y));
          break;
        case CAIRO_PATH_CLOSE_PATH:
          HPDF_Page_ClosePath (self->page);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  cairo_path_destroy (path);
  cairo_new_path (self->cr);
  return drawn;
}

static void
set_fill_color (IsafPdfWriter   *self,
                const IsafColor *color)
{
  if (self->has_fill_color && memcmp (&self->fill_color, color, sizeof *color) == 0)
    return;
  HPDF_Page_SetRGBFill (self->page, color->red, color->green, color->blue);
  self->fill_color = *color;
  self->has_fill_color = TRUE;
}

static gboolean
isaf_pdf_writer_begin_page (IsafCanvas *canvas,
                            double      width,
                            double      height,
                            GError    **error)
{
  IsafPdfWriter *self = ISAF_PDF_WRITER (canvas);

  flush_glyphs (self);
  self->page = HPDF_AddPage (self->pdf);
  if (self->page == NULL)
    return check_error (self, error);
  HPDF_Page_SetWidth (self->page, width);
  HPDF_Page_SetHeight (self->page, height);
  HPDF_Page_SetLineCap (self->page, HPDF_ROUND_END);
  HPDF_Page_SetLineJoin (self->page, HPDF_ROUND_JOIN);
  self->page_height = height;
  self->has_fill_color = FALSE;
  return check_error (self, error);
}

static void
isaf_pdf_writer_move_to (IsafCanvas *canvas,
                         double      x,
                         double      y)
{
  cairo_move_to (ISAF_PDF_WRITER (canvas)->cr, x, y);
}

static void
isaf_pdf_writer_line_to (IsafCanvas *canvas,
                         double      x,
                         double      y)
{
  cairo_line_to (ISAF_PDF_WRITER (canvas)->cr, x, y);
}

static void
isaf_pdf_writer_curve_to (IsafCanvas *canvas,
                          double      x1,
                          double      y1,
                          double      x2,
                          double      y2,
                          double      x3,
                          double      y3)
{
  cairo_curve_to (ISAF_PDF_WRITER (canvas)->cr, x1, y1, x2, y2, x3, y3);
}

static void
isaf_pdf_writer_close_path (IsafCanvas *canvas)
{
  cairo_close_path (ISAF_PDF_WRITER (canvas)->cr);
}

static void
isaf_pdf_writer_fill (IsafCanvas      *canvas,
                      const IsafColor *color)
{
  IsafPdfWriter *self = ISAF_PDF_WRITER (canvas);

  flush_glyphs_under_path (self, 0);
  set_fill_color (self, color);
  if (replay_path (self))
    HPDF_Page_Fill (self->page);
}

static void
isaf_pdf_writer_stroke (IsafCanvas      *canvas,
                        const IsafColor *color,
                        double           line_width)
{
  IsafPdfWriter *self = ISAF_PDF_WRITER (canvas);

  flush_glyphs_under_path (self, line_width);
  HPDF_Page_SetRGBStroke (self->page, color->red, color->green, color->blue);
  HPDF_Page_SetLineWidth (self->page, line_width);
  if (replay_path (self))
    HPDF_Page_Stroke (self->page);
}

static double
layout_font_size (PangoLayout *layout)
{
  const PangoFontDescription *description = pango_layout_get_font_description (layout);

  if (description == NULL)
    description = pango_context_get_font_description (pango_layout_get_context (layout));
  return (double) pango_font_description_get_size (description) / PANGO_SCALE;
}

/* One invisible line of text per laid-out line, at its baseline and stretched to its width,
 * so that extracted text is in logical order and where the reader sees it. */
static void
add_text_layer (IsafPdfWriter *self,
                PangoLayout   *layout,
                double         x,
                double         y)
{
  const char *text = pango_layout_get_text (layout);
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  gboolean in_text = FALSE;

  do
    {
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      PangoRectangle logical;
      g_autofree char *line_text = isaf_canvas_strip_segmentation (text + line->start_index,
                                                                   line->length);
      HPDF_REAL natural;

      g_strstrip (line_text);
      if (line_text[0] == '\0')
        continue;

      if (!in_text)
        {
          HPDF_Page_BeginText (self->page);
          HPDF_Page_SetTextRenderingMode (self->page, HPDF_INVISIBLE);
          HPDF_Page_SetFontAndSize (self->page, self->text_font, layout_font_size (layout));
          in_text = TRUE;
        }

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      natural = HPDF_Page_TextWidth (self->page, line_text);
      if (natural > 0)
        HPDF_Page_SetHorizontalScalling (self->page,
                                         CLAMP (100.0 * logical.width / PANGO_SCALE / natural,
                                                HPDF_MIN_HORIZONTALSCALING,
                                                HPDF_MAX_HORIZONTALSCALING));
      HPDF_Page_TextOut (self->page, to_x (x + (double) logical.x / PANGO_SCALE),
                         to_y (self, y + (double) pango_layout_iter_get_baseline (iter)
                                         / PANGO_SCALE),
                         line_text);
    }
  while (pango_layout_iter_next_line (iter));

  if (in_text)
    HPDF_Page_EndText (self->page);
  pango_layout_iter_free (iter);
}

/* Pango marks a character no font has with a hex box, which only pango_cairo knows how to
 * draw. */
static gboolean
has_unknown_glyphs (PangoLayout *layout)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  gboolean unknown = FALSE;

  do
    {
      PangoLayoutRun *run = pango_layout_iter_get_run_readonly (iter);

      for (int i = 0; run && !unknown && i < run->glyphs->num_glyphs; i++)
        unknown = (run->glyphs->glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG) != 0;
    }
  while (!unknown && pango_layout_iter_next_run (iter));
  pango_layout_iter_free (iter);
  return unknown;
}

/* Boxes that only touch (to within a rounding error) do not overlap. */
#define OVERLAP_EPSILON 0.01

static gboolean
overlaps_pending (IsafPdfWriter *self,
                  const Box     *box)
{
  for (guint i = 0; i < self->pending_boxes->len; i++)
    {
      const Box *other = &g_array_index (self->pending_boxes, Box, i);

      if (box->x1 + OVERLAP_EPSILON < other->x2 && box->x2 > other->x1 + OVERLAP_EPSILON
          && box->y1 + OVERLAP_EPSILON < other->y2 && box->y2 > other->y1 + OVERLAP_EPSILON)
        return TRUE;
    }
  return FALSE;
}

/* Before a shape is drawn: the glyphs it would cover go first. */
static void
flush_glyphs_under_path (IsafPdfWriter *self,
                         double         line_width)
{
  Box box;

  if (self->pending->len == 0)
    return;
  cairo_path_extents (self->cr, &box.x1, &box.y1, &box.x2, &box.y2);
  box.x1 -= line_width;
  box.y1 -= line_width;
  box.x2 += line_width;
  box.y2 += line_width;
  if (overlaps_pending (self, &box))
    flush_glyphs (self);
}

/* Outlines by their content, so that the order, and so the file, does not depend on where
 * they happen to be in memory. */
static int
compare_outlines (const IsafGlyphOutline *a,
                  const IsafGlyphOutline *b)
{
  if (a == b)
    return 0;
  if (a->n_values != b->n_values)
    return a->n_values < b->n_values ? -1 : 1;
  for (guint i = 0; i < a->n_values; i++)
    if (a->values[i] != b->values[i])
      return a->values[i] < b->values[i] ? -1 : 1;
  return 0;
}

/* The copies of one outline together, whatever their size or colour. */
static int
compare_pending (gconstpointer a,
                 gconstpointer b)
{
  const PendingGlyph *x = a, *y = b;
  const double mx[] = { x->xx, x->yx, x->xy, x->yy }, my[] = { y->xx, y->yx, y->xy, y->yy };
  int by_outline = compare_outlines (x->outline, y->outline);
  int by_color;

  if (by_outline != 0)
    return by_outline;
  for (guint i = 0; i < G_N_ELEMENTS (mx); i++)
    if (mx[i] != my[i])
      return mx[i] < my[i] ? -1 : 1;
  by_color = memcmp (&x->color, &y->color, sizeof x->color);
  if (by_color != 0)
    return by_color;
  return (x->order > y->order) - (x->order < y->order);
}

static gboolean
same_group (const PendingGlyph *a,
            const PendingGlyph *b)
{
  return compare_outlines (a->outline, b->outline) == 0 && a->xx == b->xx && a->yx == b->yx
         && a->xy == b->xy && a->yy == b->yy
         && memcmp (&a->color, &b->color, sizeof a->color) == 0;
}

/* libharu writes no number beyond ±32767; a longer move is made in steps. */
#define MAX_STEP 30000

static void
move_by (IsafPdfWriter *self,
         gint64         dx,
         gint64         dy)
{
  while (dx != 0 || dy != 0)
    {
      gint64 sx = CLAMP (dx, -MAX_STEP, MAX_STEP), sy = CLAMP (dy, -MAX_STEP, MAX_STEP);

      HPDF_Page_Concat (self->page, 1, 0, 0, 1, sx, sy);
      dx -= sx;
      dy -= sy;
    }
}

static void
replay_outline (IsafPdfWriter          *self,
                const IsafGlyphOutline *outline)
{
  const gint32 *v = outline->values, *end = outline->values + outline->n_values;

  while (v < end)
    {
      switch (*v++)
        {
        case ISAF_OUTLINE_MOVE_TO:
          HPDF_Page_MoveTo (self->page, v[0], v[1]);
          v += 2;
          break;
        case ISAF_OUTLINE_LINE_TO:
          HPDF_Page_LineTo (self->page, v[0], v[1]);
          v += 2;
          break;
        case ISAF_OUTLINE_CURVE_TO:
          HPDF_Page_CurveTo (self->page, v[0], v[1], v[2], v[3], v[4], v[5]);
          v += 6;
          break;
        case ISAF_OUTLINE_CLOSE:
        default:
          HPDF_Page_ClosePath (self->page);
          break;
        }
    }
  HPDF_Page_Fill (self->page);
}

/* Writes the waiting glyphs, copies of one outline at one size and colour as a group: the
 * first placed in the font's space (thousandths of the em, y down) at its origin, the others
 * by whole-number moves from the one before. */
static void
flush_glyphs (IsafPdfWriter *self)
{
  double k = 1.0 / ISAF_OUTLINE_UNITS_PER_EM;
  cairo_matrix_t to_em;
  gint64 at_x = 0, at_y = 0;
  double origin_x = 0, origin_y = 0;

  g_array_sort (self->pending, compare_pending);
  for (guint i = 0; i < self->pending->len; i++)
    {
      const PendingGlyph *glyph = &g_array_index (self->pending, PendingGlyph, i);
      gboolean first = i == 0 || !same_group (glyph - 1, glyph);

      if (first)
        {
          if (i > 0)
            HPDF_Page_GRestore (self->page);
          set_fill_color (self, &glyph->color);
          HPDF_Page_GSave (self->page);
          HPDF_Page_Concat (self->page, glyph->xx * k, -glyph->yx * k, glyph->xy * k,
                            -glyph->yy * k, to_x (glyph->x), to_y (self, glyph->y));
          cairo_matrix_init (&to_em, glyph->xx, glyph->yx, glyph->xy, glyph->yy, 0, 0);
          if (cairo_matrix_invert (&to_em) != CAIRO_STATUS_SUCCESS)
            cairo_matrix_init_identity (&to_em);
          origin_x = glyph->x;
          origin_y = glyph->y;
          at_x = at_y = 0;
        }
      else
        {
          double dx = glyph->x - origin_x, dy = glyph->y - origin_y;
          gint64 em_x, em_y;

          cairo_matrix_transform_distance (&to_em, &dx, &dy);
          em_x = llround (dx / k);
          em_y = llround (dy / k);
          move_by (self, em_x - at_x, em_y - at_y);
          at_x = em_x;
          at_y = em_y;
        }
      replay_outline (self, glyph->outline);
    }
  if (self->pending->len > 0)
    HPDF_Page_GRestore (self->page);
  g_array_set_size (self->pending, 0);
  g_array_set_size (self->pending_boxes, 0);
}

/* Queues the glyphs of one run where Pango placed them, as pango_cairo does when it draws. */
static void
queue_run (IsafPdfWriter   *self,
           PangoLayoutRun  *run,
           double           x,
           double           y,
           const IsafColor *color)
{
  PangoCairoFont *pango_font = PANGO_CAIRO_FONT (run->item->analysis.font);
  cairo_scaled_font_t *font = pango_cairo_font_get_scaled_font (pango_font);
  cairo_font_face_t *face = cairo_scaled_font_get_font_face (font);
  cairo_matrix_t matrix;
  int advance = 0;

  cairo_scaled_font_get_font_matrix (font, &matrix);
  for (int i = 0; i < run->glyphs->num_glyphs; i++)
    {
      const PangoGlyphInfo *info = &run->glyphs->glyphs[i];
      PendingGlyph glyph = {
        .xx = matrix.xx, .yx = matrix.yx, .xy = matrix.xy, .yy = matrix.yy,
        .x = x + (double) (advance + info->geometry.x_offset) / PANGO_SCALE,
        .y = y + (double) info->geometry.y_offset / PANGO_SCALE,
        .color = *color,
        .order = self->pending->len,
      };

      advance += info->geometry.width;
      if (info->glyph == PANGO_GLYPH_EMPTY)
        continue;
      glyph.outline = isaf_glyph_cache_lookup (face, info->glyph);
      if (glyph.outline->n_values > 0)
        g_array_append_val (self->pending, glyph);
    }
}

static void
queue_glyphs (IsafPdfWriter   *self,
              PangoLayout     *layout,
              double           x,
              double           y,
              const IsafColor *color)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);

  do
    {
      PangoLayoutRun *run = pango_layout_iter_get_run_readonly (iter);
      PangoRectangle logical;

      if (run == NULL)
        continue;
      pango_layout_iter_get_run_extents (iter, NULL, &logical);
      queue_run (self, run, x + (double) logical.x / PANGO_SCALE,
                 y + (double) (pango_layout_iter_get_baseline (iter) - run->y_offset) / PANGO_SCALE,
                 color);
    }
  while (pango_layout_iter_next_run (iter));
  pango_layout_iter_free (iter);
}

static void
isaf_pdf_writer_show_layout (IsafCanvas      *canvas,
                             PangoLayout     *layout,
                             double           x,
                             double           y,
                             const IsafColor *color)
{
  IsafPdfWriter *self = ISAF_PDF_WRITER (canvas);
  PangoRectangle ink;
  Box box;

  pango_layout_get_extents (layout, &ink, NULL);
  box.x1 = x + (double) ink.x / PANGO_SCALE;
  box.y1 = y + (double) ink.y / PANGO_SCALE;
  box.x2 = box.x1 + (double) ink.width / PANGO_SCALE;
  box.y2 = box.y1 + (double) ink.height / PANGO_SCALE;

  if (has_unknown_glyphs (layout))
    {
      flush_glyphs (self);
      set_fill_color (self, color);
      cairo_new_path (self->cr);
      cairo_move_to (self->cr, x, y);
      pango_cairo_layout_path (self->cr, layout);
      if (replay_path (self))
        HPDF_Page_Fill (self->page);
    }
  else
    {
      /* Text over text keeps its order too. */
      if (overlaps_pending (self, &box))
        flush_glyphs (self);
      g_array_append_val (self->pending_boxes, box);
      queue_glyphs (self, layout, x, y, color);
    }
  add_text_layer (self, layout, x, y);
}

static void
set_failed (IsafPdfWriter *self,
            GError       **error)
{
  if (check_error (self, error))
    g_set_error_literal (error, ISAF_PRINT_ERROR, ISAF_PRINT_ERROR_PDF,
                         _("The PDF document could not be made. Please report this problem."));
}

static GBytes *
isaf_pdf_writer_finish (IsafCanvas *canvas,
                        GError    **error)
{
  IsafPdfWriter *self = ISAF_PDF_WRITER (canvas);
  g_autoptr(GByteArray) bytes = NULL;
  HPDF_UINT32 size;

  flush_glyphs (self);
  if (!check_error (self, error))
    return NULL;
  if (HPDF_SaveToStream (self->pdf) != HPDF_OK)
    {
      set_failed (self, error);
      return NULL;
    }

  size = HPDF_GetStreamSize (self->pdf);
  bytes = g_byte_array_sized_new (size);
  g_byte_array_set_size (bytes, size);
  HPDF_ResetStream (self->pdf);
  if (HPDF_ReadFromStream (self->pdf, bytes->data, &size) != HPDF_OK || size != bytes->len)
    {
      set_failed (self, error);
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

static void
isaf_pdf_writer_finalize (GObject *object)
{
  IsafPdfWriter *self = ISAF_PDF_WRITER (object);

  g_clear_pointer (&self->pdf, HPDF_Free);
  g_clear_pointer (&self->pending, g_array_unref);
  g_clear_pointer (&self->pending_boxes, g_array_unref);
  g_clear_pointer (&self->cr, cairo_destroy);
  g_clear_pointer (&self->recording, cairo_surface_destroy);

  G_OBJECT_CLASS (isaf_pdf_writer_parent_class)->finalize (object);
}

static void
isaf_pdf_writer_class_init (IsafPdfWriterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  IsafCanvasClass *canvas_class = ISAF_CANVAS_CLASS (klass);

  object_class->finalize = isaf_pdf_writer_finalize;

  canvas_class->begin_page = isaf_pdf_writer_begin_page;
  canvas_class->move_to = isaf_pdf_writer_move_to;
  canvas_class->line_to = isaf_pdf_writer_line_to;
  canvas_class->curve_to = isaf_pdf_writer_curve_to;
  canvas_class->close_path = isaf_pdf_writer_close_path;
  canvas_class->fill = isaf_pdf_writer_fill;
  canvas_class->stroke = isaf_pdf_writer_stroke;
  canvas_class->show_layout = isaf_pdf_writer_show_layout;
  canvas_class->finish = isaf_pdf_writer_finish;
}

static void
isaf_pdf_writer_init (IsafPdfWriter *self)
{
  self->pending = g_array_new (FALSE, FALSE, sizeof (PendingGlyph));
  self->pending_boxes = g_array_new (FALSE, FALSE, sizeof (Box));
  self->recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  self->cr = cairo_create (self->recording);
}

/**
 * isaf_pdf_writer_new:
 * @fonts: the poster fonts; the body font's file carries the invisible text layer
 * @error: return location for an %ISAF_PRINT_ERROR
 *
 * Returns: (transfer full) (nullable): an empty compressed PDF document
 */
IsafPdfWriter *
isaf_pdf_writer_new (const IsafFonts *fonts,
                     GError         **error)
{
  g_autoptr(IsafPdfWriter) self = g_object_new (ISAF_TYPE_PDF_WRITER, NULL);
  const char *font_name;

  g_return_val_if_fail (fonts != NULL, NULL);

  self->pdf = HPDF_New (on_hpdf_error_cb, self);
  if (self->pdf == NULL)
    {
      g_set_error_literal (error, ISAF_PRINT_ERROR, ISAF_PRINT_ERROR_PDF,
                           _("The PDF document could not be made: out of memory."));
      return NULL;
    }
  HPDF_SetCompressionMode (self->pdf, HPDF_COMP_ALL);
  HPDF_UseUTFEncodings (self->pdf);
  HPDF_SetCurrentEncoder (self->pdf, "UTF-8");
  HPDF_SetInfoAttr (self->pdf, HPDF_INFO_CREATOR, "ISAF Commune");

  font_name = HPDF_LoadTTFontFromFile (self->pdf, isaf_fonts_get_file (fonts, ISAF_FONT_BODY),
                                       HPDF_FALSE);
  if (font_name != NULL)
    self->text_font = HPDF_GetFont (self->pdf, font_name, "UTF-8");
  if (self->text_font == NULL || self->error_no != HPDF_OK)
    {
      set_failed (self, error);
      return NULL;
    }
  return g_steal_pointer (&self);
}

void
isaf_pdf_writer_set_title (IsafPdfWriter *self,
                           const char    *title)
{
  g_return_if_fail (ISAF_IS_PDF_WRITER (self));

  HPDF_SetInfoAttr (self->pdf, HPDF_INFO_TITLE, title);
}
