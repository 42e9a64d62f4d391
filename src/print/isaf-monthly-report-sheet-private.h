/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isaf-monthly-report-sheet.h"
#include "isaf-sheet-layout.h"

G_BEGIN_DECLS

/* What the two files of the monthly report sheet share: the document (the header, the
 * figures, the decisions and the signature, isaf-monthly-report-sheet.c) and the table of the
 * plan's actions as the meeting found them (isaf-monthly-report-sheet-table.c). */

typedef enum {
  /* The letter of a group and its heading, across the table. */
  ISAF_MONTHLY_ROW_GROUP,
  ISAF_MONTHLY_ROW_ENTRY,
  /* A group without actions says so. */
  ISAF_MONTHLY_ROW_EMPTY,
} IsafMonthlyRowKind;

typedef struct {
  const IsafMonthlyReportMeeting *meeting;
  IsafMonthlyRowKind kind;
  /* "ka" or "kha". */
  const char *group;
  /* ISAF_MONTHLY_ROW_ENTRY's index in the plan's entries, and in the meeting's statuses. */
  guint index;
} IsafMonthlyRow;

/* The table's heading row, on every page. */
double  isaf_monthly_report_sheet_column_headings  (IsafSheet     *sheet,
                                                    double         x,
                                                    double         y,
                                                    double         width);
/* An IsafSheetBlockFunc: one row of the table, @data an IsafMonthlyRow. */
double  isaf_monthly_report_sheet_row              (IsafSheet     *sheet,
                                                    gconstpointer  data,
                                                    double         x,
                                                    double         y,
                                                    double         width);

G_END_DECLS
