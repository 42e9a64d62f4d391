/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "isaf-database.h"
#include "isaf-dissemination.h"
#include "isaf-record.h"
#include "isaf-store.h"

G_BEGIN_DECLS

#define ISAF_INTERFACE_ERROR (isaf_interface_error_quark ())

typedef enum {
  /* A service unit or indicator of the meeting is not (any more) in the registry or in a
   * scorecard of the year. */
  ISAF_INTERFACE_ERROR_NO_UNIT,
  /* A priority names a unit the meeting did not cover. */
  ISAF_INTERFACE_ERROR_UNIT_NOT_COVERED,
  /* Draft JAAP actions asked for while no priority is selected. */
  ISAF_INTERFACE_ERROR_NOTHING_SELECTED,
} IsafInterfaceError;

/* Who came to the interface meeting, one count per category, in the order of
 * interface_attendance.category. */
typedef enum {
  ISAF_INTERFACE_CITIZEN_WOMEN,
  ISAF_INTERFACE_CITIZEN_MEN,
  ISAF_INTERFACE_PROVIDER,
  ISAF_INTERFACE_COUNCIL,
  ISAF_INTERFACE_CAF,
  ISAF_INTERFACE_OTHER,
} IsafInterfaceAttendance;

#define ISAF_N_INTERFACE_ATTENDANCE (ISAF_INTERFACE_OTHER + 1)

/* One interface meeting of a cycle year. */
typedef struct {
  int year;
  /* The interface_meeting row: held_on, place, notes. cycle_id is set when saving. */
  IsafRecord *record;
  /* IsafUuid of the service units it covered: one service or several. */
  GArray *units;
  /* A count per category, or ISAF_ATTENDANCE_NOT_COUNTED. */
  gint64 attendance[ISAF_N_INTERFACE_ATTENDANCE];
  /* The interface_priority rows: service_unit_id, scorecard_indicator_id (the citizens'
   * indicator it answers, or none), text, votes (the priority vote), is_selected. */
  GPtrArray *priorities;
} IsafInterfaceMeeting;

/* One indicator of one unit, as the meeting compares it: the citizens' median (the unit's
 * community scorecards of the year, every vote that counts pooled) beside the provider's own
 * (the unit's self-assessment), and what both sides suggested. Standard indicators match by
 * code, citizens' own by their Khmer name. */
typedef struct {
  IsafUuid unit_id;
  /* The scorecard_indicator row of the community scorecard (the first, for commune-office
   * scorecards held in several villages); all-zero when only the provider scored it. */
  IsafUuid indicator_id;
  char *indicator_code;
  char *name_km;
  char *name_en;
  gboolean has_citizen_median;
  double citizen_median;
  gboolean has_provider_median;
  double provider_median;
  /* Suggested actions, citizens' then providers' (char *), without repeats. */
  GPtrArray *suggestions;
} IsafInterfaceComparison;

GQuark                isaf_interface_error_quark          (void);

const char           *isaf_interface_attendance_get_category (IsafInterfaceAttendance attendance);
const char           *isaf_interface_attendance_get_label (IsafInterfaceAttendance attendance);

IsafInterfaceMeeting *isaf_interface_meeting_new          (int             year,
                                                           IsafRecord     *record);
IsafInterfaceMeeting *isaf_interface_meeting_ref          (IsafInterfaceMeeting *meeting);
void                  isaf_interface_meeting_unref        (IsafInterfaceMeeting *meeting);

/* The gap the meeting talks about: provider's median minus citizens', when both exist. */
gboolean              isaf_interface_comparison_get_gap   (const IsafInterfaceComparison *comparison,
                                                           double         *gap);
void                  isaf_interface_comparison_free      (IsafInterfaceComparison *comparison);

/* The comparison for the units of @units (IsafUuid) in cycle year @year, by unit then
 * indicator position. */
GPtrArray            *isaf_interface_compare              (IsafDatabase   *database,
                                                           int             year,
                                                           GArray         *units,
                                                           GError        **error);
void                  isaf_interface_compare_async        (IsafStore      *store,
                                                           int             year,
                                                           GArray         *units,
                                                           GCancellable   *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer        user_data);
GPtrArray            *isaf_interface_compare_finish       (IsafStore      *store,
                                                           GAsyncResult   *result,
                                                           GError        **error);

/* One user action: the meeting, its units, attendance and priorities, and the year's cycle
 * when it has none yet, in one transaction after every rule is checked, or nothing. */
gboolean              isaf_interface_meeting_save         (IsafStore      *store,
                                                           IsafInterfaceMeeting *meeting,
                                                           GError        **error);
void                  isaf_interface_meeting_save_async   (IsafStore      *store,
                                                           IsafInterfaceMeeting *meeting,
                                                           GCancellable   *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer        user_data);
gboolean              isaf_interface_meeting_save_finish  (IsafStore      *store,
                                                           GAsyncResult   *result,
                                                           GError        **error);

/* The interface meetings of a cycle year, by date, as IsafInterfaceMeeting. */
GPtrArray            *isaf_interface_meeting_list         (IsafStore      *store,
                                                           int             year,
                                                           GError        **error);
void                  isaf_interface_meeting_list_async   (IsafStore      *store,
                                                           int             year,
                                                           GCancellable   *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer        user_data);
GPtrArray            *isaf_interface_meeting_list_finish  (IsafStore      *store,
                                                           GAsyncResult   *result,
                                                           GError        **error);

/* One user action: every selected priority of the saved meeting @meeting_id that has no JAAP
 * action yet becomes a draft action (status not started) of the meeting's cycle in
 * @action_group ("ka" or "kha"), its activity the priority's text, linked to the priority,
 * its unit and its indicator, at the end of the group. All in one transaction; @n_created
 * (given by _finish for the asynchronous form) says how many. */
gboolean              isaf_interface_make_jaap_actions    (IsafStore      *store,
                                                           const IsafUuid *meeting_id,
                                                           const char     *action_group,
                                                           guint          *n_created,
                                                           GError        **error);
void                  isaf_interface_make_jaap_actions_async (IsafStore   *store,
                                                           const IsafUuid *meeting_id,
                                                           const char     *action_group,
                                                           GCancellable   *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer        user_data);
gboolean              isaf_interface_make_jaap_actions_finish (IsafStore  *store,
                                                           GAsyncResult   *result,
                                                           guint          *n_created,
                                                           GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafInterfaceMeeting, isaf_interface_meeting_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafInterfaceComparison, isaf_interface_comparison_free)

extern const char * const isaf_interface_meeting_tables[4];

G_END_DECLS
