/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isaf-canvas.h"
#include "isaf-poster.h"

G_BEGIN_DECLS

/* Text and boxes on the printed documents, the posters and the report sheets alike. Khmer is
 * segmented into words for line breaks and set by Pango in the poster fonts; text is placed by
 * its ink as well as its logical box, so that a tall stack of marks never touches what is
 * above or below it. Every part of a document is laid out twice by the same calls: measured
 * with the pen lifted, to find where it goes, then drawn. */

typedef enum {
  ISAF_PRINT_FACE_HEADING,
  ISAF_PRINT_FACE_BODY,
  /* The body face for figures alone, on lines set closer: digits carry no stacked marks. */
  ISAF_PRINT_FACE_FIGURES,
  ISAF_PRINT_FACE_LATIN,
  ISAF_PRINT_FACE_LATIN_BOLD,
} IsafPrintFace;

typedef struct {
  IsafCanvas *canvas;
  /* FALSE while only measuring. */
  gboolean draw;
  /* English under the Khmer, in type smaller by english_ratio: Latin letters look larger than
   * Khmer ones at the same size. */
  gboolean both;
  double english_ratio;
} IsafPrintPen;

void         isaf_print_pen_init        (IsafPrintPen        *pen,
                                         IsafCanvas          *canvas,
                                         IsafPosterLanguage   language,
                                         double               english_ratio);

/* @width 0 or less lays the text out on one line. */
PangoLayout *isaf_print_pen_layout      (IsafPrintPen        *pen,
                                         IsafPrintFace        face,
                                         double               size,
                                         const char          *text,
                                         double               width,
                                         PangoAlignment       alignment);
/* Draws (when the pen draws) a layout of isaf_print_pen_layout() in the column starting at
 * x, with its ink's top at y. Each isaf_print_pen_put_*() returns the height it takes. */
double       isaf_print_pen_put_layout  (IsafPrintPen        *pen,
                                         PangoLayout         *layout,
                                         double               x,
                                         double               y,
                                         const IsafColor     *color);
double       isaf_print_pen_put_text    (IsafPrintPen        *pen,
                                         IsafPrintFace        face,
                                         double               size,
                                         const char          *text,
                                         double               x,
                                         double               y,
                                         double               width,
                                         PangoAlignment       alignment,
                                         const IsafColor     *color);
/* Khmer (a dash when blank), and its English under it in grey when the pen writes both. */
double       isaf_print_pen_put_pair    (IsafPrintPen        *pen,
                                         double               size,
                                         const char          *km,
                                         const char          *en,
                                         double               x,
                                         double               y,
                                         double               width,
                                         PangoAlignment       alignment,
                                         const IsafColor     *color);
/* A box with rounded corners, filled when the pen draws; nothing when it has no area. */
void         isaf_print_pen_fill        (IsafPrintPen        *pen,
                                         double               x,
                                         double               y,
                                         double               width,
                                         double               height,
                                         double               radius,
                                         const IsafColor     *color);

/* The type size of a layout, in points. */
double       isaf_print_layout_size     (PangoLayout         *layout);
/* The height a layout takes, its ink included, and where its logical top sits below the top
 * of that height. */
double       isaf_print_layout_height   (PangoLayout         *layout,
                                         double              *offset);
/* The width a single line needs, its padding included. */
double       isaf_print_layout_width    (PangoLayout         *layout);

/* NULL, empty or only white space. */
gboolean     isaf_print_is_blank        (const char          *text);

G_END_DECLS
