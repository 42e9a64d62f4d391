/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isaf-awpb.h"
#include "isaf-jaap.h"
#include "isaf-sheet-layout.h"

G_BEGIN_DECLS

/* What the monthly report of the JAAP Committee and the semi-annual and annual reports share
 * (A4 portrait, isaf-sheet-layout.h): the band that opens them, the headings of their
 * sections, and tables of figures, each drawn whole as one block of a flow. */

/* The most columns a table has: a label and seven figures (participation). */
#define ISAF_REPORT_TABLE_MAX_COLUMNS 8

typedef struct {
  /* The heading, in Khmer and English; a table whose columns have none has no heading row. */
  const char *km;
  const char *en;
  /* Its share of the table's width. */
  double share;
  /* Words, set from the left; otherwise figures, set from the right. */
  gboolean is_text;
} IsafReportColumn;

typedef struct _IsafReportTable IsafReportTable;

/* What opens the first page of a report. */
typedef struct {
  const char *title_km;
  const char *title_en;
  /* The period the report covers: "កញ្ញា ២០២៥", "September 2025". */
  const char *period_km;
  const char *period_en;
  const char *commune_code;
  /* The day it is printed, YYYY-MM-DD. */
  const char *printed_on;
} IsafReportBand;

IsafReportTable       *isaf_report_table_new          (const IsafReportColumn *columns,
                                                       guint                   n_columns);
void                   isaf_report_table_free         (IsafReportTable        *table);
/* A new row, its label in the first column; a total is set in bold on a tint. */
void                   isaf_report_table_add_row      (IsafReportTable        *table,
                                                       const char             *label_km,
                                                       const char             *label_en,
                                                       gboolean                is_total);
/* Fills the next cell of the last row with @km (taken; NULL for a dash) and @en under it. */
void                   isaf_report_table_take_cell    (IsafReportTable        *table,
                                                       char                   *km,
                                                       const char             *en);
/* A row of a label and one figure (taken). */
void                   isaf_report_table_add_figure   (IsafReportTable        *table,
                                                       const char             *label_km,
                                                       const char             *label_en,
                                                       char                   *figure);
/* An IsafSheetBlockFunc: the whole table, @data an IsafReportTable, its columns ruled. */
double                 isaf_report_table_draw         (IsafSheet              *sheet,
                                                       gconstpointer           data,
                                                       double                  x,
                                                       double                  y,
                                                       double                  width);

/* An IsafSheetBlockFunc: the heading of a section, @data an IsafSheetWords. */
double                 isaf_report_section_heading    (IsafSheet              *sheet,
                                                       gconstpointer           data,
                                                       double                  x,
                                                       double                  y,
                                                       double                  width);
/* An IsafSheetBlockFunc: a remark in grey, @data an IsafSheetWords. */
double                 isaf_report_remark             (IsafSheet              *sheet,
                                                       gconstpointer           data,
                                                       double                  x,
                                                       double                  y,
                                                       double                  width);
/* The title band with the period in large type, and the day of printing under it. */
double                 isaf_report_band               (IsafSheet              *sheet,
                                                       const IsafReportBand   *band,
                                                       double                  x,
                                                       double                  y,
                                                       double                  width);

/* The words of a status of an action: "កំពុងអនុវត្ត", "Ongoing". */
const IsafSheetWords  *isaf_report_status_words       (IsafJaapStatus          status);
/* The words of each budget category and source of funds, indexed by IsafAwpbCategory and
 * IsafFundSource. */
const IsafSheetWords  *isaf_report_category_words     (void);
const IsafSheetWords  *isaf_report_fund_source_words  (void);
/* The heading of group @action_group ("ka", "kha") of the JAAP. */
const IsafSheetWords  *isaf_report_group_words        (const char             *action_group);
/* "២៥.០%" in the sheet's digits, with one decimal; "—" when @whole is 0. */
char                  *isaf_report_format_share       (IsafSheet              *sheet,
                                                       gint64                  part,
                                                       gint64                  whole);
/* "៥ / ៨ (៦២.៥%)": a part of a whole and its share. */
char                  *isaf_report_format_part        (IsafSheet              *sheet,
                                                       gint64                  part,
                                                       gint64                  whole);
/* "September 2025" for @month 9 of @year: the English under a Khmer month. */
char                  *isaf_report_format_month_en    (int                     year,
                                                       int                     month);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafReportTable, isaf_report_table_free)

G_END_DECLS
