/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "isaf-database.h"
#include "isaf-jaap.h"
#include "isaf-record.h"
#include "isaf-store.h"

G_BEGIN_DECLS

/* One monthly meeting of the JAAP Committee, following the plan of one cycle year. */
typedef struct {
  /* The year of the plan it follows; its cycle_id is set when saving. */
  int year;
  /* The jaapc_meeting row: held_on, place, decisions, notes. */
  IsafRecord *record;
  /* IsafUuid of the jaapc_member rows present. */
  GArray *members;
  /* The jaap_progress rows, one per action reviewed: action_id, status, note,
   * cost_spent_riel. Keyed by meeting and action (isaf_jaapc_meeting_set_progress). */
  GPtrArray *progress;
} IsafJaapcMeeting;

/* Whether @member (a jaapc_member row) was on the committee on @day (an ISO date): joined by
 * then (or no date) and not left before. A meeting's save refuses anyone else present. */
gboolean          isaf_jaapc_member_was_member_on (IsafRecord       *member,
                                                   const char       *day);

IsafJaapcMeeting *isaf_jaapc_meeting_new          (int               year,
                                                   IsafRecord       *record);
IsafJaapcMeeting *isaf_jaapc_meeting_ref          (IsafJaapcMeeting *meeting);
void              isaf_jaapc_meeting_unref        (IsafJaapcMeeting *meeting);

/* The progress row of @action_id, made when the meeting has none yet. */
IsafRecord       *isaf_jaapc_meeting_set_progress (IsafJaapcMeeting *meeting,
                                                   const IsafUuid   *action_id);
/* The progress row of @action_id, or NULL. */
IsafRecord       *isaf_jaapc_meeting_get_progress (IsafJaapcMeeting *meeting,
                                                   const IsafUuid   *action_id);

/* One user action: the meeting, who was present and the progress of each action reviewed,
 * in one transaction after every rule is checked, or nothing. A progress whose status differs
 * from its action's becomes the action's status, with a status change dated the day of the
 * meeting, unless the action changed status later than that. */
gboolean          isaf_jaapc_meeting_save         (IsafStore        *store,
                                                   IsafJaapcMeeting *meeting,
                                                   GError          **error);
void              isaf_jaapc_meeting_save_async   (IsafStore        *store,
                                                   IsafJaapcMeeting *meeting,
                                                   GCancellable     *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer          user_data);
gboolean          isaf_jaapc_meeting_save_finish  (IsafStore        *store,
                                                   GAsyncResult     *result,
                                                   GError          **error);

/* The JAAPC meetings following the plan of @year, by date, on the database thread. */
GPtrArray        *isaf_jaapc_meeting_read_year    (IsafDatabase     *database,
                                                   int               year,
                                                   GError          **error);
/* The same, as one job of the store. */
GPtrArray        *isaf_jaapc_meeting_list         (IsafStore        *store,
                                                   int               year,
                                                   GError          **error);
void              isaf_jaapc_meeting_list_async   (IsafStore        *store,
                                                   int               year,
                                                   GCancellable     *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer          user_data);
GPtrArray        *isaf_jaapc_meeting_list_finish  (IsafStore        *store,
                                                   GAsyncResult     *result,
                                                   GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafJaapcMeeting, isaf_jaapc_meeting_unref)

G_END_DECLS
