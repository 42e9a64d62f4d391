/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* The outline of one glyph, in thousandths of its font's em, y down as in cairo: a sequence of
 * an operator followed by its coordinates. */
typedef enum {
  ISAF_OUTLINE_MOVE_TO,  /* x y */
  ISAF_OUTLINE_LINE_TO,  /* x y */
  ISAF_OUTLINE_CURVE_TO, /* x1 y1 x2 y2 x3 y3 */
  ISAF_OUTLINE_CLOSE,
} IsafOutlineOp;

#define ISAF_OUTLINE_UNITS_PER_EM 1000.0

typedef struct {
  guint n_values;
  gint32 values[];
} IsafGlyphOutline;

const IsafGlyphOutline *isaf_glyph_cache_lookup (cairo_font_face_t *face,
                                                 unsigned long      glyph);

G_END_DECLS
