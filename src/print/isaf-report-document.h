/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "isaf-database.h"
#include "isaf-poster.h"

G_BEGIN_DECLS

/* Every report the commune hands on, made the same way for the window's Reports page and for
 * isafctl report: read from the database, then laid out as a PDF or written as a CSV. */
typedef enum {
  /* The year's scorecard result sheets. */
  ISAF_REPORT_SCORECARDS,
  /* The year's interface meeting comparison sheets. */
  ISAF_REPORT_INTERFACE,
  /* The year's JAAP in the official landscape form. */
  ISAF_REPORT_JAAP,
  /* Its group ក, for the commune investment programme. */
  ISAF_REPORT_CIP,
  /* The JAAP Committee's report of one month. */
  ISAF_REPORT_MONTHLY,
  /* The social accountability report of a half year, and of the year. */
  ISAF_REPORT_SEMIANNUAL,
  ISAF_REPORT_ANNUAL,
} IsafReportKind;

#define ISAF_N_REPORT_KINDS (ISAF_REPORT_ANNUAL + 1)

typedef struct {
  IsafReportKind kind;
  int year;
  /* The month of a monthly report; for a semi-annual one, any month of the half. */
  int month;
  /* Scorecards only: one service unit's code, or NULL for every unit. */
  const char *unit_code;
  gboolean csv;
  IsafPosterLanguage language;
} IsafReportRequest;

/* The name isafctl gives the report: "scorecard", "interface", "jaap", "cip", "monthly",
 * "semiannual", "annual". */
const char *isaf_report_kind_to_string          (IsafReportKind           kind);
/* The kind named @name, or -1. */
int         isaf_report_kind_from_string        (const char              *name);
/* The report's title, translated: "Monthly Report of the JAAP Committee". */
const char *isaf_report_kind_get_title          (IsafReportKind           kind);

/* The report as PDF or CSV. A report with nothing in it (no scorecard that year, no plan, no
 * committee meeting that month…) is refused with a message that says so: nothing is made. */
GBytes     *isaf_report_document_make           (IsafDatabase            *database,
                                                 const IsafReportRequest *request,
                                                 GError                 **error);
/* The file name to offer: "jaap-2025.pdf", "monthly-2025-09.csv". */
char       *isaf_report_document_dup_file_name  (const IsafReportRequest *request);
/* Whether its PDF is landscape (the JAAP and its CIP list). */
gboolean    isaf_report_document_is_landscape   (const IsafReportRequest *request);

G_END_DECLS
