/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-print"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "isaf-fonts.h"
#include "isaf-pdf-writer.h"
#include "isaf-print-error.h"
#include "isaf-sheet-layout.h"

/* Blocks flowed onto A4 pages: each block stays whole on one page, a heading stays with the
 * block under it (a run of kept blocks with the block that ends the run), every page has its
 * header and a footer with its number, and the type shrinks a little when that saves a page
 * on a sheet that nearly fits on one (never on a fixed-size flow, an official form). The
 * sheets of a report, one document each, go into one PDF file. */

#define SIZE_FOOTER 7.0
/* A sheet that nearly fits on one page is shrunk onto it, down to this factor; below it the
 * type gets too small to read and a second page is better. */
#define ONE_PAGE_FACTOR 0.8
/* A block taller than a page shrinks down to this before it is refused. */
#define MIN_FACTOR 0.55
#define SHRINK_STEP 0.94

static char *
footer_text (IsafSheet           *sheet,
             const IsafSheetFlow *flow)
{
  g_autofree char *page = isaf_format_integer (sheet->page + 1, sheet->digits);
  g_autofree char *n_pages = isaf_format_integer (sheet->n_pages, sheet->digits);

  if (sheet->pen.both)
    return g_strdup_printf ("%s · ទំព័រ %s/%s · Page %u of %u", flow->footer ? flow->footer : "",
                            page, n_pages, sheet->page + 1, sheet->n_pages);
  return g_strdup_printf ("%s · ទំព័រ %s/%s", flow->footer ? flow->footer : "", page, n_pages);
}

/* The footer, its rule and its gap above: the room it keeps at the bottom of every page. */
static double
footer (IsafSheet           *sheet,
        const IsafSheetFlow *flow,
        gboolean             draw)
{
  g_autofree char *text = footer_text (sheet, flow);
  g_autoptr(PangoLayout) layout = isaf_print_pen_layout (&sheet->pen, ISAF_PRINT_FACE_BODY,
                                                         SIZE_FOOTER, text, sheet->width,
                                                         PANGO_ALIGN_RIGHT);
  double height = isaf_print_layout_height (layout, NULL);
  gboolean was = sheet->pen.draw;

  sheet->pen.draw = draw;
  isaf_print_pen_fill (&sheet->pen, sheet->left, sheet->bottom - height - 3, sheet->width, 0.6, 0,
                       &isaf_sheet_rule);
  isaf_print_pen_put_layout (&sheet->pen, layout, sheet->left, sheet->bottom - height,
                             &isaf_sheet_grey);
  sheet->pen.draw = was;
  return height + 8;
}

static double
measure (IsafSheet          *sheet,
         IsafSheetBlockFunc  func,
         gconstpointer       data)
{
  sheet->pen.draw = FALSE;
  return func (sheet, data, sheet->left, 0, sheet->width);
}

/* The height of @blocks[i] and of the blocks it is kept with: the run of keep_with_next
 * blocks from it and the block that ends the run. */
static double
measure_kept (IsafSheet *sheet,
              GArray    *blocks,
              guint      i,
              double     height)
{
  double needed = height;

  for (guint j = i; j + 1 < blocks->len && g_array_index (blocks, IsafSheetBlock, j).keep_with_next;
       j++)
    {
      const IsafSheetBlock *next = &g_array_index (blocks, IsafSheetBlock, j + 1);

      needed += measure (sheet, next->func, next->data);
    }
  return needed;
}

/* Where pages start (an index into @blocks each) at the sheet's factor; FALSE, with the
 * block in @too_tall, when a block is taller than a page. */
static gboolean
paginate (IsafSheet           *sheet,
          const IsafSheetFlow *flow,
          GArray              *blocks,
          GArray              *breaks,
          guint               *too_tall)
{
  double limit = sheet->bottom - footer (sheet, flow, FALSE);
  double y = sheet->top + measure (sheet, flow->first_header, flow->header_data);
  double next_top = sheet->top + measure (sheet, flow->page_header, flow->header_data);
  guint on_page = 0;
  guint start = 0;

  g_array_set_size (breaks, 0);
  g_array_append_val (breaks, start);
  for (guint i = 0; i < blocks->len; i++)
    {
      const IsafSheetBlock *block = &g_array_index (blocks, IsafSheetBlock, i);
      double height = measure (sheet, block->func, block->data);
      double needed = measure_kept (sheet, blocks, i, height);

      if (y + needed > limit && on_page > 0)
        {
          g_array_append_val (breaks, i);
          y = next_top;
          on_page = 0;
        }
      if (y + height > limit)
        {
          *too_tall = i;
          return FALSE;
        }
      y += height;
      on_page++;
    }
  return TRUE;
}

/* A fixed-size flow's page breaks, or the error that names the block taller than a page. */
static gboolean
paginate_fixed (IsafSheet           *sheet,
                const IsafSheetFlow *flow,
                GArray              *blocks,
                GArray              *breaks,
                GError             **error)
{
  guint too_tall = 0;
  const char *name;

  sheet->factor = 1.0;
  if (paginate (sheet, flow, blocks, breaks, &too_tall))
    return TRUE;
  name = g_array_index (blocks, IsafSheetBlock, too_tall).name;
  g_set_error (error, ISAF_PRINT_ERROR, ISAF_PRINT_ERROR_DOES_NOT_FIT,
               /* Translators: %s names a row of a sheet, such as an action of the JAAP. */
               _("“%s” does not fit on one page, even on a page of its own. Shorten its text."),
               name ? name : flow->name ? flow->name : "");
  return FALSE;
}

/* The factor the document is drawn at, and its page breaks. */
static gboolean
choose_factor (IsafSheet           *sheet,
               const IsafSheetFlow *flow,
               GArray              *blocks,
               GArray              *breaks,
               GError             **error)
{
  guint too_tall;

  if (flow->fixed_size)
    return paginate_fixed (sheet, flow, blocks, breaks, error);

  sheet->factor = 1.0;
  if (paginate (sheet, flow, blocks, breaks, &too_tall))
    {
      g_autoptr(GArray) shrunk = g_array_new (FALSE, FALSE, sizeof (guint));

      if (breaks->len == 1)
        return TRUE;
      for (double f = SHRINK_STEP; f >= ONE_PAGE_FACTOR - 1e-9; f *= SHRINK_STEP)
        {
          sheet->factor = f;
          if (paginate (sheet, flow, blocks, shrunk, &too_tall) && shrunk->len == 1)
            {
              g_array_set_size (breaks, 0);
              g_array_append_vals (breaks, shrunk->data, shrunk->len);
              return TRUE;
            }
        }
      sheet->factor = 1.0;
      return paginate (sheet, flow, blocks, breaks, &too_tall);
    }

  for (double f = SHRINK_STEP; f >= MIN_FACTOR - 1e-9; f *= SHRINK_STEP)
    {
      sheet->factor = f;
      if (paginate (sheet, flow, blocks, breaks, &too_tall))
        return TRUE;
    }
  g_set_error (error, ISAF_PRINT_ERROR, ISAF_PRINT_ERROR_DOES_NOT_FIT,
               /* Translators: %s names the sheet, such as a service unit. */
               _("Part of the sheet of “%s” does not fit on an A4 page even in the smallest "
                 "type. Shorten its longest notes."),
               flow->name ? flow->name : "");
  return FALSE;
}

static void
place (IsafSheet *sheet,
       guint      block,
       double     top,
       double     height)
{
  IsafSheetPlacement placement = { block, sheet->page, top, height };

  if (sheet->placements != NULL)
    g_array_append_val (sheet->placements, placement);
}

gboolean
isaf_sheet_flow (IsafSheet           *sheet,
                 const IsafSheetFlow *flow,
                 GArray              *blocks,
                 GError             **error)
{
  g_autoptr(GArray) breaks = g_array_new (FALSE, FALSE, sizeof (guint));

  if (!choose_factor (sheet, flow, blocks, breaks, error))
    return FALSE;

  sheet->n_pages = breaks->len;
  for (sheet->page = 0; sheet->page < sheet->n_pages; sheet->page++)
    {
      guint first = g_array_index (breaks, guint, sheet->page);
      guint end = sheet->page + 1 < breaks->len ? g_array_index (breaks, guint, sheet->page + 1)
                                                : blocks->len;
      IsafSheetBlockFunc header = sheet->page == 0 ? flow->first_header : flow->page_header;
      double y, reserved;

      if (!isaf_canvas_begin_page (sheet->pen.canvas, sheet->page_width, sheet->page_height,
                                   error))
        return FALSE;
      sheet->pen.draw = TRUE;
      y = sheet->top + header (sheet, flow->header_data, sheet->left, sheet->top, sheet->width);
      place (sheet, ISAF_SHEET_PLACEMENT_HEADER, sheet->top, y - sheet->top);
      for (guint i = first; i < end; i++)
        {
          const IsafSheetBlock *block = &g_array_index (blocks, IsafSheetBlock, i);
          double height;

          sheet->pen.draw = TRUE;
          height = block->func (sheet, block->data, sheet->left, y, sheet->width);
          place (sheet, i, y, height);
          y += height;
        }
      reserved = footer (sheet, flow, TRUE);
      place (sheet, ISAF_SHEET_PLACEMENT_FOOTER, sheet->bottom - reserved, reserved);
    }
  return TRUE;
}

gboolean
isaf_sheet_draw_each (IsafCanvas          *canvas,
                      IsafSheetDrawFunc    draw,
                      gconstpointer        report,
                      GPtrArray           *items,
                      IsafPosterLanguage   language,
                      GError             **error)
{
  for (guint i = 0; i < items->len; i++)
    if (!draw (canvas, report, g_ptr_array_index (items, i), language, error))
      return FALSE;
  return TRUE;
}

GBytes *
isaf_sheet_render_pdf (const char          *title,
                       IsafSheetDrawFunc    draw,
                       gconstpointer        report,
                       GPtrArray           *items,
                       IsafPosterLanguage   language,
                       GError             **error)
{
  g_autoptr(IsafFonts) fonts = isaf_fonts_load (error);
  g_autoptr(IsafPdfWriter) writer = NULL;

  if (fonts == NULL)
    return NULL;
  writer = isaf_pdf_writer_new (fonts, error);
  if (writer == NULL)
    return NULL;

  isaf_pdf_writer_set_title (writer, title);
  if (!isaf_sheet_draw_each (ISAF_CANVAS (writer), draw, report, items, language, error))
    return NULL;
  return isaf_canvas_finish (ISAF_CANVAS (writer), error);
}
