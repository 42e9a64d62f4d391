/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "isaf-database.h"
#include "isaf-format.h"
#include "isaf-record.h"
#include "isaf-store.h"

G_BEGIN_DECLS

#define ISAF_JAAP_ERROR (isaf_jaap_error_quark ())

/* The rules of the JAAP that span rows, each refused with its own message. Single fields (an
 * end before the start, female beneficiaries above the total, a negative cost) are
 * ISAF_VALIDATION_ERROR. */
typedef enum {
  /* A sub-action would sit deeper than ISAF_JAAP_MAX_DEPTH. */
  ISAF_JAAP_ERROR_TOO_DEEP,
  /* The parent is not a live action of the same year's plan, or the action would sit under
   * itself. */
  ISAF_JAAP_ERROR_NO_PARENT,
  /* A sub-action in another group (ក, ខ) than its parent. */
  ISAF_JAAP_ERROR_OTHER_GROUP,
  /* The service unit or indicator it names is not (any more) in the commune's records. */
  ISAF_JAAP_ERROR_NO_UNIT,
  /* The action is not (any more) in the plan. */
  ISAF_JAAP_ERROR_NO_ACTION,
  /* Progress recorded at a JAAPC meeting for an action of another year's plan. */
  ISAF_JAAP_ERROR_OTHER_YEAR,
  /* Someone recorded present at a JAAPC meeting who was not a member of the committee on the
   * day. */
  ISAF_JAAP_ERROR_NOT_MEMBER,
  /* A monthly report asked for a month in which the committee did not meet. */
  ISAF_JAAP_ERROR_NO_MEETING,
} IsafJaapError;

/* Rows of the official template nest three deep: in group ខ, the service unit's heading, its
 * actions, and their steps. */
#define ISAF_JAAP_MAX_DEPTH 3

typedef enum {
  ISAF_JAAP_STATUS_NOT_STARTED,
  ISAF_JAAP_STATUS_ONGOING,
  ISAF_JAAP_STATUS_COMPLETED,
  ISAF_JAAP_STATUS_CANCELLED,
} IsafJaapStatus;

#define ISAF_N_JAAP_STATUSES (ISAF_JAAP_STATUS_CANCELLED + 1)

/* One action of the plan as the editor, the sheets and the projector show it. */
typedef struct {
  /* The jaap_action row. */
  IsafRecord *action;
  /* 1 for an action directly under its group, up to ISAF_JAAP_MAX_DEPTH. */
  guint depth;
  /* Its number among its siblings, as the template's "No." column shows it: 1, 2, … */
  guint number;
  /* The numbers from the top down, "2.1.3": how the plan refers to it unambiguously. */
  char *path;
  guint n_children;
  /* Its status changes, oldest first (jaap_status_change rows). */
  GPtrArray *history;
  /* The progress recorded at the latest JAAPC meeting that reviewed it, or NULL. */
  IsafRecord *last_progress;
  /* The date of that meeting, or NULL. */
  char *last_progress_on;
  /* Names of the service unit and indicator it names, or NULL. */
  char *unit_code;
  char *unit_kind;
  char *unit_name_km;
  char *unit_name_en;
  char *indicator_name_km;
  char *indicator_name_en;
} IsafJaapEntry;

/* The Joint Accountability Action Plan of one cycle year. */
typedef struct {
  int year;
  /* The commune's 6-digit code, for its name in the gazetteer. */
  char *commune_code;
  /* The live cycle of the year, when it has one. */
  gboolean has_cycle;
  IsafUuid cycle_id;
  /* IsafJaapEntry in the template's order: group ក, then ខ; within a group by position, each
   * action followed by its sub-actions. */
  GPtrArray *entries;
} IsafJaap;

GQuark          isaf_jaap_error_quark          (void);

const char     *isaf_jaap_status_to_string     (IsafJaapStatus  status);
/* The status stored as @text, or -1. */
int             isaf_jaap_status_from_string   (const char     *text);
/* "Not started", "Ongoing", "Completed", "Cancelled", translated. */
const char     *isaf_jaap_status_get_label     (IsafJaapStatus  status);
/* Not started or ongoing: the action still has work to do. */
gboolean        isaf_jaap_status_is_open       (IsafJaapStatus  status);

/* "ក" or "ខ" for the stored group "ka" or "kha"; NULL for anything else. */
const char     *isaf_jaap_group_letter         (const char     *action_group);
/* The group's heading in the template, translated. */
const char     *isaf_jaap_group_title          (const char     *action_group);

IsafJaapStatus  isaf_jaap_entry_get_status     (const IsafJaapEntry *entry);
/* Past its end date on @today (an ISO date) and not completed or cancelled. */
gboolean        isaf_jaap_entry_is_overdue     (const IsafJaapEntry *entry,
                                                const char     *today);
/* The entry's path in @digits, "២.១". */
char           *isaf_jaap_entry_format_path    (const IsafJaapEntry *entry,
                                                IsafDigits      digits);

void            isaf_jaap_free                 (IsafJaap       *jaap);
/* The entry of @action_id, or NULL. */
IsafJaapEntry  *isaf_jaap_find                 (IsafJaap       *jaap,
                                                const IsafUuid *action_id);
/* Today's date as the rules and flags compare it: the local date, ISO. */
char           *isaf_jaap_dup_today            (void);

/* The plan of @year, on the database thread. A year without a plan gives no entries. */
IsafJaap       *isaf_jaap_read_year            (IsafDatabase   *database,
                                                int             year,
                                                GError        **error);
/* The same, as one job of the store. */
IsafJaap       *isaf_jaap_load                 (IsafStore      *store,
                                                int             year,
                                                GError        **error);
void            isaf_jaap_load_async           (IsafStore      *store,
                                                int             year,
                                                GCancellable   *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer        user_data);
IsafJaap       *isaf_jaap_load_finish          (IsafStore      *store,
                                                GAsyncResult   *result,
                                                GError        **error);

/* One user action: the action @action of @year's plan, in one transaction after every rule is
 * checked, or nothing. The year's cycle is made when it has none. A new action without a
 * position goes to the end of its siblings. When its status differs from the stored one (or
 * a new action starts other than not started), a status change dated @changed_on (NULL:
 * today) with @status_note (nullable) is added to its history. */
gboolean        isaf_jaap_action_save          (IsafStore      *store,
                                                int             year,
                                                IsafRecord     *action,
                                                const char     *changed_on,
                                                const char     *status_note,
                                                GError        **error);
void            isaf_jaap_action_save_async    (IsafStore      *store,
                                                int             year,
                                                IsafRecord     *action,
                                                const char     *status_note,
                                                GCancellable   *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer        user_data);
gboolean        isaf_jaap_action_save_finish   (IsafStore      *store,
                                                GAsyncResult   *result,
                                                GError        **error);

/* One user action: the action @action_id swaps places with its previous (@offset -1) or next
 * (+1) sibling. Nothing happens at either end. */
gboolean        isaf_jaap_action_move          (IsafStore      *store,
                                                const IsafUuid *action_id,
                                                int             offset,
                                                GError        **error);
void            isaf_jaap_action_move_async    (IsafStore      *store,
                                                const IsafUuid *action_id,
                                                int             offset,
                                                GCancellable   *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer        user_data);
gboolean        isaf_jaap_action_move_finish   (IsafStore      *store,
                                                GAsyncResult   *result,
                                                GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafJaap, isaf_jaap_free)

G_END_DECLS
