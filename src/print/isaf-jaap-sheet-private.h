/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isaf-jaap-sheet.h"
#include "isaf-sheet-layout.h"

G_BEGIN_DECLS

/* What the two files of the JAAP sheets share: the document (isaf-jaap-sheet.c: the header,
 * the signatures, the flow) and its table (isaf-jaap-sheet-table.c: columns, rows, totals). */

typedef enum {
  ISAF_JAAP_COLUMN_NUMBER,
  ISAF_JAAP_COLUMN_ACTIVITY,
  ISAF_JAAP_COLUMN_PROPOSER,
  ISAF_JAAP_COLUMN_TARGET,
  ISAF_JAAP_COLUMN_LOCATION,
  ISAF_JAAP_COLUMN_QUANTITY,
  ISAF_JAAP_COLUMN_START,
  ISAF_JAAP_COLUMN_END,
  ISAF_JAAP_COLUMN_BENEFICIARIES,
  ISAF_JAAP_COLUMN_FEMALE,
  ISAF_JAAP_COLUMN_COST,
  ISAF_JAAP_COLUMN_IMPLEMENTER,
  /* The CIP list's: total and female in one cell, the source of funds, start and end in one. */
  ISAF_JAAP_COLUMN_BENEFICIARIES_BOTH,
  ISAF_JAAP_COLUMN_FUND_SOURCE,
  ISAF_JAAP_COLUMN_PERIOD,
} IsafJaapColumn;

typedef struct {
  IsafJaapColumn column;
  /* The heading, in Khmer and English. */
  const char *km;
  const char *en;
  /* Its share of the table's width. */
  double share;
} IsafJaapColumnSpec;

typedef struct {
  const IsafJaap *jaap;
  IsafJaapSheetKind kind;
  const IsafJaapColumnSpec *columns;
  guint n_columns;
  char *title_km;
  char *title_en;
} IsafJaapDocument;

typedef enum {
  /* The letter of a group and its heading, across the table. */
  ISAF_JAAP_ROW_GROUP,
  ISAF_JAAP_ROW_ENTRY,
  /* A group without actions says so. */
  ISAF_JAAP_ROW_EMPTY,
  ISAF_JAAP_ROW_GROUP_TOTAL,
  ISAF_JAAP_ROW_GRAND_TOTAL,
} IsafJaapRowKind;

typedef struct {
  const IsafJaapDocument *document;
  IsafJaapRowKind kind;
  /* "ka" or "kha". */
  const char *group;
  /* ISAF_JAAP_ROW_ENTRY's action. */
  const IsafJaapEntry *entry;
  /* The totals' estimated cost. */
  gint64 total;
} IsafJaapRow;

const IsafJaapColumnSpec *isaf_jaap_sheet_get_columns      (IsafJaapSheetKind       kind,
                                                            guint                  *n_columns);
/* The table's heading row, on every page. */
double                    isaf_jaap_sheet_column_headings  (IsafSheet              *sheet,
                                                            const IsafJaapDocument *document,
                                                            double                  x,
                                                            double                  y,
                                                            double                  width);
/* An IsafSheetBlockFunc: one row of the table, @data an IsafJaapRow. */
double                    isaf_jaap_sheet_row              (IsafSheet              *sheet,
                                                            gconstpointer           data,
                                                            double                  x,
                                                            double                  y,
                                                            double                  width);
/* Whether @entry's estimated cost counts in the totals. */
gboolean                  isaf_jaap_sheet_counts_cost      (const IsafJaapEntry    *entry);

G_END_DECLS
