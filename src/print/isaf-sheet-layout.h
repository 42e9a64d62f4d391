/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isaf-canvas.h"
#include "isaf-format.h"
#include "isaf-poster.h"
#include "isaf-print-pen.h"

G_BEGIN_DECLS

/* What the A4 report sheets (scorecard results, interface comparison, the JAAP) share: text
 * set with the posters' pen (isaf-print-pen.h), scores drawn as faces, and blocks flowed onto
 * pages. A sheet is laid out twice: measured (the pen's draw FALSE) to find where pages break,
 * then drawn. */

/* A4 portrait, in points: the sheets' paper unless isaf_sheet_set_landscape() turns it. */
#define ISAF_SHEET_PAGE_WIDTH 595.28
#define ISAF_SHEET_PAGE_HEIGHT 841.89

/* The type of the sheets' tables and the padding of their cells, before the sheet's factor. */
#define ISAF_SHEET_SIZE_BODY 9.0
#define ISAF_SHEET_SIZE_SMALL 7.5
#define ISAF_SHEET_PAD 4.0

typedef struct {
  /* Draws, or only measures; English under the Khmer when pen.both. */
  IsafPrintPen pen;
  IsafDigits digits;
  /* Type and spacing against their set size, below 1 while a sheet is fitted on one page. */
  double factor;
  guint page;
  guint n_pages;
  /* The printable area, in points from the top-left corner of the page. */
  double left;
  double top;
  double width;
  double bottom;
  double page_width;
  double page_height;
  /* When not NULL, isaf_sheet_flow() adds an IsafSheetPlacement for every header, block and
   * footer it draws: where a sheet's rows went, for checks. */
  GArray *placements;
} IsafSheet;

/* IsafSheetPlacement.block of a page's header and of its footer. */
#define ISAF_SHEET_PLACEMENT_HEADER G_MAXUINT
#define ISAF_SHEET_PLACEMENT_FOOTER (G_MAXUINT - 1)

/* Where isaf_sheet_flow() drew a block: its index in the blocks, or one of the two above; its
 * page from 0; its top and height in points. A footer's placement is the room it keeps at the
 * bottom of the page, the gap above it included. */
typedef struct {
  guint block;
  guint page;
  double top;
  double height;
} IsafSheetPlacement;

/* A block of a sheet: a heading, one row of a table. Returns its height; draws it only when
 * the sheet draws. */
typedef double (*IsafSheetBlockFunc) (IsafSheet     *sheet,
                                      gconstpointer  data,
                                      double         x,
                                      double         y,
                                      double         width);

typedef struct {
  IsafSheetBlockFunc func;
  gconstpointer data;
  /* Kept on one page with the block after it, as a heading is with its first row; a run of
   * such blocks stays together with the block that ends it. */
  gboolean keep_with_next;
  /* What the error of a fixed-size flow names when the block alone is taller than a page. */
  const char *name;
} IsafSheetBlock;

/* How one document of a sheet flows: a header on its first page, a shorter one on the pages
 * after, the blocks, and a footer line with the page number on every page. */
typedef struct {
  IsafSheetBlockFunc first_header;
  IsafSheetBlockFunc page_header;
  gconstpointer header_data;
  /* Before "page n of m" in the footer. */
  const char *footer;
  /* What the error says when a block does not fit on a page. */
  const char *name;
  /* The type keeps its set size, as on an official form: it never shrinks to save a page, and
   * a block taller than a page is refused with the block's own name. */
  gboolean fixed_size;
} IsafSheetFlow;

/* Words in Khmer and in English. */
typedef struct {
  const char *km;
  const char *en;
} IsafSheetWords;

/* A line of a sheet's details: its label in Khmer and English, and its value. */
typedef struct {
  /* NULL leaves the line out. */
  const char *km;
  const char *en;
  const char *value;
} IsafSheetDetail;

extern const IsafColor isaf_sheet_ink;
extern const IsafColor isaf_sheet_grey;
extern const IsafColor isaf_sheet_blue;
extern const IsafColor isaf_sheet_white;
extern const IsafColor isaf_sheet_tint;
extern const IsafColor isaf_sheet_rule;

void         isaf_sheet_init            (IsafSheet          *sheet,
                                         IsafCanvas         *canvas,
                                         IsafPosterLanguage  language);
/* Turns the sheet's paper to A4 landscape; its margins stay. */
void         isaf_sheet_set_landscape   (IsafSheet          *sheet);
/* A type size or a length of the sheet, scaled by its factor. */
double       isaf_sheet_scaled          (IsafSheet          *sheet,
                                         double              points);

/* A label in the sheet's blue in a column of @label_width, its value wrapping beside it. */
double       isaf_sheet_put_labelled    (IsafSheet          *sheet,
                                         double              size,
                                         const char         *label_km,
                                         const char         *label_en,
                                         const char         *value,
                                         double              x,
                                         double              y,
                                         double              label_width,
                                         double              width);

/* The band that opens a sheet: its title, what it is about (@name_km may be NULL), and the
 * commune with its district and province. */
double       isaf_sheet_title_band      (IsafSheet          *sheet,
                                         const char         *title_km,
                                         const char         *title_en,
                                         const char         *name_km,
                                         const char         *name_en,
                                         const char         *commune_code,
                                         double              x,
                                         double              y,
                                         double              width);
/* The details in two columns, the first @n_left on the left. */
double       isaf_sheet_put_details     (IsafSheet          *sheet,
                                         const IsafSheetDetail *details,
                                         guint               n_details,
                                         guint               n_left,
                                         double              x,
                                         double              y,
                                         double              width);

/* An IsafSheetBlockFunc: the one row of a table that has none, saying why in grey; @data is
 * the IsafSheetWords to say. */
double       isaf_sheet_empty_row       (IsafSheet          *sheet,
                                         gconstpointer       data,
                                         double              x,
                                         double              y,
                                         double              width);

/* The face of a score on the paper score card, a circle of @radius round cx, cy. */
void         isaf_sheet_draw_face       (IsafSheet          *sheet,
                                         int                 score,
                                         double              cx,
                                         double              cy,
                                         double              radius);
const IsafColor *isaf_sheet_score_color (int                 score);
/* The words of the scale as on the score card (DOMAIN.md step 4), in Khmer or English. */
const char  *isaf_sheet_score_label     (int                 score,
                                         gboolean            english);

/* A figure with @decimals places, in the sheet's digits; "—" when not @known. */
char        *isaf_sheet_format_number   (IsafSheet          *sheet,
                                         gboolean            known,
                                         double              value,
                                         guint               decimals);
/* A year without grouping: "២០២៥". */
char        *isaf_sheet_format_year     (IsafSheet          *sheet,
                                         int                 year);
/* "ឃុំ… ស្រុក… ខេត្ត…", or the same in Latin letters. */
char        *isaf_sheet_place_line      (const char         *commune_code,
                                         gboolean            english);
/* A village's Khmer name from the gazetteer, or its code when the gazetteer has no such
 * village; NULL for none. */
char        *isaf_sheet_village_name    (const char         *village_code);
/* An ISO date with the Khmer month in the sheet's digits: "១២ មិថុនា ២០២៥". */
char        *isaf_sheet_format_date     (IsafSheet          *sheet,
                                         const char         *iso_date);

/* Draws one item of a report (a scorecard, an interface meeting) as its sheet, on pages of
 * its own. */
typedef gboolean (*IsafSheetDrawFunc) (IsafCanvas          *canvas,
                                       gconstpointer        report,
                                       gconstpointer        item,
                                       IsafPosterLanguage   language,
                                       GError             **error);

/* Lays the blocks out on as many pages as they need, shrinking the type a little when that
 * puts them on one page; a block taller than a page shrinks the whole document until it fits,
 * or is refused with ISAF_PRINT_ERROR_DOES_NOT_FIT (at once in a fixed-size flow). */
gboolean     isaf_sheet_flow            (IsafSheet          *sheet,
                                         const IsafSheetFlow *flow,
                                         GArray             *blocks,
                                         GError            **error);
/* The sheet of every item of @items, in order, each drawn by @draw with @report. */
gboolean     isaf_sheet_draw_each       (IsafCanvas          *canvas,
                                         IsafSheetDrawFunc    draw,
                                         gconstpointer        report,
                                         GPtrArray           *items,
                                         IsafPosterLanguage   language,
                                         GError             **error);
/* One PDF document titled @title with the sheets of isaf_sheet_draw_each(). */
GBytes      *isaf_sheet_render_pdf      (const char          *title,
                                         IsafSheetDrawFunc    draw,
                                         gconstpointer        report,
                                         GPtrArray           *items,
                                         IsafPosterLanguage   language,
                                         GError             **error);

G_END_DECLS
