/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "isaf-canvas.h"
#include "isaf-jaap.h"
#include "isaf-poster.h"

G_BEGIN_DECLS

typedef enum {
  /* The Joint Accountability Action Plan as the official template prints it: both groups, every
   * column, a total per group and a grand total, and the signatures. */
  ISAF_JAAP_SHEET_PLAN,
  /* Group ក alone, the actions the commune investment programme takes up, with their source of
   * funds and their total. */
  ISAF_JAAP_SHEET_CIP,
} IsafJaapSheetKind;

/* The most columns a sheet's table has. */
#define ISAF_JAAP_SHEET_MAX_COLUMNS 12

/* The sheet of @jaap on A4 landscape pages of its own: the national header, the commune and
 * the title on the first page; the table, its header row on every page, each row whole on one
 * page in type that never shrinks; the footer "page n of m". A row taller than a page is
 * refused with ISAF_PRINT_ERROR_DOES_NOT_FIT naming its action. The blocks of the table, in the
 * order @placements (nullable, IsafSheetPlacement) numbers them: for each group, its heading
 * row, its actions in the plan's order (or one row saying it has none) and its total; then, on
 * the plan, the grand total and the signatures. */
gboolean  isaf_jaap_sheet_draw           (IsafCanvas          *canvas,
                                          const IsafJaap      *jaap,
                                          IsafJaapSheetKind    kind,
                                          IsafPosterLanguage   language,
                                          GArray              *placements,
                                          GError             **error);
/* The same as one PDF document. */
GBytes   *isaf_jaap_sheet_render_pdf     (const IsafJaap      *jaap,
                                          IsafJaapSheetKind    kind,
                                          IsafPosterLanguage   language,
                                          GError             **error);
/* Where the table's columns start, from the left margin, and where the last one ends, for a
 * table @width wide: returns the number of columns n, and fills n + 1 values of @edges (room
 * for ISAF_JAAP_SHEET_MAX_COLUMNS + 1). */
guint     isaf_jaap_sheet_column_edges   (IsafJaapSheetKind    kind,
                                          double               width,
                                          double              *edges);

G_END_DECLS
