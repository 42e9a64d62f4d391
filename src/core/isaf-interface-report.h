/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "isaf-database.h"
#include "isaf-interface-meeting.h"

G_BEGIN_DECLS

/* One service unit an interface meeting covered, with its indicators as compared. */
typedef struct {
  IsafUuid id;
  char *code;
  char *kind;
  char *name_km;
  char *name_en;
  /* IsafInterfaceComparison, by indicator position. */
  GPtrArray *comparisons;
} IsafInterfaceReportUnit;

typedef struct {
  IsafInterfaceMeeting *meeting;
  /* IsafInterfaceReportUnit, in the order of the meeting's units. */
  GPtrArray *units;
} IsafInterfaceReportMeeting;

/* The interface meetings of one cycle year, for the comparison sheets and their CSV. */
typedef struct {
  int year;
  char *commune_code;
  /* IsafInterfaceReportMeeting, by date. */
  GPtrArray *meetings;
} IsafInterfaceReport;

IsafInterfaceReport        *isaf_interface_report_new          (int                  year,
                                                                const char          *commune_code);
void                        isaf_interface_report_free         (IsafInterfaceReport *report);
IsafInterfaceReportMeeting *isaf_interface_report_meeting_new  (IsafInterfaceMeeting *meeting);
void                        isaf_interface_report_meeting_free (IsafInterfaceReportMeeting *entry);
IsafInterfaceReportUnit    *isaf_interface_report_unit_new     (const IsafUuid      *id);
void                        isaf_interface_report_unit_free    (IsafInterfaceReportUnit *unit);

/* The interface meetings of @year with the comparison of each unit they covered. A year
 * without meetings gives a report without meetings. */
IsafInterfaceReport        *isaf_interface_report_load         (IsafDatabase        *database,
                                                                int                  year,
                                                                GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafInterfaceReport, isaf_interface_report_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafInterfaceReportMeeting, isaf_interface_report_meeting_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafInterfaceReportUnit, isaf_interface_report_unit_free)

G_END_DECLS
