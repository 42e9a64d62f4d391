/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "isaf-database.h"
#include "isaf-record.h"
#include "isaf-store.h"

G_BEGIN_DECLS

/* Who attended an I4C dissemination meeting: one count per category, in the order of
 * dissemination_attendance.category. Women and men make the total; the others are counted
 * among them. */
typedef enum {
  ISAF_ATTENDANCE_WOMEN,
  ISAF_ATTENDANCE_MEN,
  ISAF_ATTENDANCE_YOUTH,
  ISAF_ATTENDANCE_DISABILITY,
  ISAF_ATTENDANCE_ETHNIC_MINORITY,
  ISAF_ATTENDANCE_ID_POOR,
} IsafAttendance;

#define ISAF_N_ATTENDANCE (ISAF_ATTENDANCE_ID_POOR + 1)

/* A category nobody counted at the meeting: no row is kept for it. */
#define ISAF_ATTENDANCE_NOT_COUNTED (-1)

/* One village meeting with everything recorded about it. */
typedef struct {
  /* The cycle the meeting belongs to, by its year: found, or created, when saving. */
  int year;
  /* The dissemination_meeting row: held_on, place, notes; new (isaf_record_new()) or as read
   * from the store and then changed. Its cycle_id and village_id are set when saving, from
   * @year and @village_code. */
  IsafRecord *record;
  /* The 8-digit NCDD code of the village where it was held. */
  char *village_code;
  /* IsafUuid of the caf rows who led it, and of the service_unit rows it covered. */
  GArray *facilitators;
  GArray *units;
  /* A count for each category, or ISAF_ATTENDANCE_NOT_COUNTED. */
  gint64 attendance[ISAF_N_ATTENDANCE];
} IsafDisseminationMeeting;

/* Every village of the commune and the meetings held in it in one cycle year. */
typedef struct {
  IsafUuid village_id;
  char *code;
  guint n_meetings;
  /* The latest meeting's date (YYYY-MM-DD), or NULL when the village was not reached. */
  char *last_held_on;
  /* Summed over the village's meetings; categories not counted add nothing. */
  gint64 attendance[ISAF_N_ATTENDANCE];
} IsafVillageCoverage;

typedef struct {
  int year;
  /* IsafVillageCoverage, by village code. */
  GPtrArray *villages;
  guint n_reached;
  guint n_meetings;
  gint64 attendance[ISAF_N_ATTENDANCE];
} IsafDisseminationCoverage;

const char               *isaf_attendance_get_category      (IsafAttendance  attendance);
const char               *isaf_attendance_get_label         (IsafAttendance  attendance);
gboolean                  isaf_attendance_check_count       (IsafAttendance  attendance,
                                                             gint64          count,
                                                             GError        **error);

IsafDisseminationMeeting *isaf_dissemination_meeting_new    (int             year,
                                                             IsafRecord     *record);
IsafDisseminationMeeting *isaf_dissemination_meeting_ref    (IsafDisseminationMeeting *meeting);
void                      isaf_dissemination_meeting_unref  (IsafDisseminationMeeting *meeting);
gint64                    isaf_dissemination_meeting_get_total (IsafDisseminationMeeting *meeting);

void                      isaf_dissemination_cycle_id       (const char     *commune_code,
                                                             int             year,
                                                             IsafUuid       *out);

/* One user action: the meeting, its facilitators, units and attendance, and the year's cycle
 * when it has none yet, all saved in one transaction after every rule is checked, or
 * nothing. */
gboolean                  isaf_dissemination_save           (IsafStore      *store,
                                                             IsafDisseminationMeeting *meeting,
                                                             GError        **error);
void                      isaf_dissemination_save_async     (IsafStore      *store,
                                                             IsafDisseminationMeeting *meeting,
                                                             GCancellable   *cancellable,
                                                             GAsyncReadyCallback callback,
                                                             gpointer        user_data);
gboolean                  isaf_dissemination_save_finish    (IsafStore      *store,
                                                             GAsyncResult   *result,
                                                             GError        **error);

/* The meetings of a cycle year, by date, as IsafDisseminationMeeting. */
GPtrArray                *isaf_dissemination_list           (IsafStore      *store,
                                                             int             year,
                                                             GError        **error);
void                      isaf_dissemination_list_async     (IsafStore      *store,
                                                             int             year,
                                                             GCancellable   *cancellable,
                                                             GAsyncReadyCallback callback,
                                                             gpointer        user_data);
GPtrArray                *isaf_dissemination_list_finish    (IsafStore      *store,
                                                             GAsyncResult   *result,
                                                             GError        **error);

IsafDisseminationCoverage *isaf_dissemination_coverage      (IsafStore      *store,
                                                             int             year,
                                                             GError        **error);
void                      isaf_dissemination_coverage_async (IsafStore      *store,
                                                             int             year,
                                                             GCancellable   *cancellable,
                                                             GAsyncReadyCallback callback,
                                                             gpointer        user_data);
IsafDisseminationCoverage *isaf_dissemination_coverage_finish (IsafStore    *store,
                                                             GAsyncResult   *result,
                                                             GError        **error);
void                      isaf_dissemination_coverage_free  (IsafDisseminationCoverage *coverage);

/* The same save for code already running on the database thread. */
gboolean                  isaf_dissemination_write          (IsafDatabase   *database,
                                                             IsafDisseminationMeeting *meeting,
                                                             GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafDisseminationMeeting, isaf_dissemination_meeting_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafDisseminationCoverage, isaf_dissemination_coverage_free)

/* The tables a meeting is saved in, for announcing a change. */
extern const char * const isaf_dissemination_tables[4];

G_END_DECLS
