/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-print"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <hpdf.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "isaf-glyph-cache.h"
#include "isaf-pdf-glyph.h"
#include "isaf-pdf-writer.h"
#include "isaf-print-error.h"

/* The PDF document of posters, written by libharu (DESIGN.md). libharu maps characters to
 * glyphs without shaping, which mangles Khmer, so it never draws text: Pango lays the text out
 * and HarfBuzz shapes it, cairo turns each glyph into its outline (isaf-glyph-cache.c), each
 * outline becomes a form XObject once per document (isaf-pdf-glyph.c), and the page draws the
 * form wherever Pango put the glyph, in drawing order. Shapes are built as cairo paths and
 * replayed as libharu path operators, so that a colour can be set before libharu's path
 * starts. Under the glyphs an invisible libharu text layer, in logical order, lets readers
 * search and copy the text; its font is not embedded, as no glyph of it is ever painted
 * (PDF/A makes the same exception for invisible text).
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
  IsafPdfGlyphForms *glyph_forms;
  /* The text layer font's advance of each character used, in thousandths of the em: libharu
   * looks every character up in the font's cmap from the start each time. */
  GHashTable *text_widths;
  /* The first error libharu reported. */
  HPDF_STATUS error_no;
};

G_DEFINE_FINAL_TYPE (IsafPdfWriter, isaf_pdf_writer, ISAF_TYPE_CANVAS)

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

/* The width @text would take in the text layer's font at @size. */
static double
text_layer_width (IsafPdfWriter *self,
                  const char    *text,
                  double         size)
{
  double width = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gpointer cached;

      if (!g_hash_table_lookup_extended (self->text_widths, GUINT_TO_POINTER (c), NULL, &cached))
        {
          cached = GINT_TO_POINTER (HPDF_Font_GetUnicodeWidth (self->text_font, c));
          g_hash_table_insert (self->text_widths, GUINT_TO_POINTER (c), cached);
        }
      width += GPOINTER_TO_INT (cached);
    }
  return width * size / 1000.0;
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
  double size = layout_font_size (layout);
  gboolean in_text = FALSE;

  do
    {
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      PangoRectangle logical;
      g_autofree char *line_text = isaf_canvas_strip_segmentation (text + line->start_index,
                                                                   line->length);
      double natural;

      g_strstrip (line_text);
      if (line_text[0] == '\0')
        continue;

      if (!in_text)
        {
          HPDF_Page_BeginText (self->page);
          HPDF_Page_SetTextRenderingMode (self->page, HPDF_INVISIBLE);
          HPDF_Page_SetFontAndSize (self->page, self->text_font, size);
          in_text = TRUE;
        }

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      natural = text_layer_width (self, line_text, size);
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

/* Draws the glyphs of one run where Pango placed them, as pango_cairo does: the first
 * placement scales the page to thousandths of the run font's em at the run's origin, and
 * each glyph is then reached by a whole-number move from the one before. */
static void
draw_run (IsafPdfWriter  *self,
          PangoLayoutRun *run,
          double          x,
          double          y)
{
  PangoCairoFont *pango_font = PANGO_CAIRO_FONT (run->item->analysis.font);
  cairo_scaled_font_t *font = pango_cairo_font_get_scaled_font (pango_font);
  cairo_font_face_t *face = cairo_scaled_font_get_font_face (font);
  double k = 1.0 / ISAF_OUTLINE_UNITS_PER_EM;
  cairo_matrix_t matrix, to_em;
  gint64 at_x = 0, at_y = 0;
  gboolean placed = FALSE;
  int advance = 0;

  cairo_scaled_font_get_font_matrix (font, &matrix);
  to_em = matrix;
  if (cairo_matrix_invert (&to_em) != CAIRO_STATUS_SUCCESS)
    return;

  for (int i = 0; i < run->glyphs->num_glyphs; i++)
    {
      const PangoGlyphInfo *info = &run->glyphs->glyphs[i];
      double dx = (double) (advance + info->geometry.x_offset) / PANGO_SCALE;
      double dy = (double) info->geometry.y_offset / PANGO_SCALE;
      const IsafGlyphOutline *outline;
      HPDF_XObject form;
      gint64 em_x, em_y;

      advance += info->geometry.width;
      if (info->glyph == PANGO_GLYPH_EMPTY)
        continue;
      outline = isaf_glyph_cache_lookup (face, info->glyph);
      if (outline->n_values == 0)
        continue;
      form = isaf_pdf_glyph_forms_get (self->glyph_forms, outline);
      if (form == NULL)
        continue;

      if (!placed)
        {
          HPDF_Page_GSave (self->page);
          HPDF_Page_Concat (self->page, matrix.xx * k, -matrix.yx * k, matrix.xy * k,
                            -matrix.yy * k, to_x (x), to_y (self, y));
          placed = TRUE;
        }
      cairo_matrix_transform_distance (&to_em, &dx, &dy);
      em_x = llround (dx / k);
      em_y = llround (dy / k);
      move_by (self, em_x - at_x, em_y - at_y);
      at_x = em_x;
      at_y = em_y;
      HPDF_Page_ExecuteXObject (self->page, form);
    }
  if (placed)
    HPDF_Page_GRestore (self->page);
}

static void
draw_glyphs (IsafPdfWriter   *self,
             PangoLayout     *layout,
             double           x,
             double           y,
             const IsafColor *color)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);

  set_fill_color (self, color);
  do
    {
      PangoLayoutRun *run = pango_layout_iter_get_run_readonly (iter);
      PangoRectangle logical;

      if (run == NULL)
        continue;
      pango_layout_iter_get_run_extents (iter, NULL, &logical);
      draw_run (self, run, x + (double) logical.x / PANGO_SCALE,
                y + (double) (pango_layout_iter_get_baseline (iter) - run->y_offset) / PANGO_SCALE);
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

  if (has_unknown_glyphs (layout))
    {
      set_fill_color (self, color);
      cairo_new_path (self->cr);
      cairo_move_to (self->cr, x, y);
      pango_cairo_layout_path (self->cr, layout);
      if (replay_path (self))
        HPDF_Page_Fill (self->page);
    }
  else
    draw_glyphs (self, layout, x, y, color);
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

  g_clear_pointer (&self->glyph_forms, isaf_pdf_glyph_forms_free);
  g_clear_pointer (&self->text_widths, g_hash_table_unref);
  g_clear_pointer (&self->pdf, HPDF_Free);
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
  self->text_widths = g_hash_table_new (NULL, NULL);
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
  self->glyph_forms = isaf_pdf_glyph_forms_new (self->pdf);
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
