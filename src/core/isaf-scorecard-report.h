/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "isaf-database.h"
#include "isaf-scorecard.h"

G_BEGIN_DECLS

/* One scorecard as the reports show it: the scorecard with the names its rows point to. */
typedef struct {
  IsafScorecard *scorecard;
  char *unit_code;
  /* service_unit.kind: commune_office, health_centre, health_post, primary_school */
  char *unit_kind;
  char *unit_name_km;
  char *unit_name_en;
  /* The 8-digit code of the village it was held in (commune-office scorecards), or NULL. */
  char *village_code;
  /* The facilitators' names in Khmer, the lead first (char *). */
  GPtrArray *facilitators;
} IsafScorecardReportEntry;

/* The scorecards of one cycle year, for the result sheets and the CSV. */
typedef struct {
  int year;
  /* The commune's 6-digit code, for its name in the gazetteer. */
  char *commune_code;
  /* IsafScorecardReportEntry, by date, then unit code, then village code. */
  GPtrArray *entries;
} IsafScorecardReport;

IsafScorecardReport      *isaf_scorecard_report_new        (int                  year,
                                                            const char          *commune_code);
void                      isaf_scorecard_report_free       (IsafScorecardReport *report);
IsafScorecardReportEntry *isaf_scorecard_report_entry_new  (IsafScorecard       *scorecard);
void                      isaf_scorecard_report_entry_free (IsafScorecardReportEntry *entry);

/* The scorecards of @year, of every unit or of the unit @unit_code only (an unknown code is an
 * ISAF_SCORECARD_ERROR_NO_UNIT). A year without scorecards gives a report without entries. */
IsafScorecardReport      *isaf_scorecard_report_load       (IsafDatabase        *database,
                                                            int                  year,
                                                            const char          *unit_code,
                                                            GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafScorecardReport, isaf_scorecard_report_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafScorecardReportEntry, isaf_scorecard_report_entry_free)

G_END_DECLS
