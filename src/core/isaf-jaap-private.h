/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isaf-jaap.h"

G_BEGIN_DECLS

/* Shared by isaf-jaap.c (the plan in memory and its jobs), isaf-jaap-read.c (reading a year's
 * plan), isaf-jaap-write.c (saving and moving an action) and isaf-jaapc-meeting*.c (the
 * committee's meetings, which change statuses). All on the database thread. */

IsafJaapEntry *isaf_jaap_entry_new            (IsafRecord     *action);
void           isaf_jaap_entry_free           (IsafJaapEntry  *entry);

/* The jaap_status_change rows of @action_id, oldest first. */
GPtrArray     *isaf_jaap_read_history         (IsafDatabase   *database,
                                               const IsafUuid *action_id,
                                               GError        **error);

gboolean       isaf_jaap_write_action         (IsafDatabase   *database,
                                               int             year,
                                               IsafRecord     *action,
                                               const char     *changed_on,
                                               const char     *status_note,
                                               GError        **error);
gboolean       isaf_jaap_write_move           (IsafDatabase   *database,
                                               const IsafUuid *action_id,
                                               int             offset,
                                               GError        **error);
/* Adds to the history of @action_id a change to @status on @changed_on (an ISO date). */
gboolean       isaf_jaap_write_status_change  (IsafDatabase   *database,
                                               const IsafUuid *action_id,
                                               const char     *status,
                                               const char     *changed_on,
                                               const char     *note,
                                               GError        **error);

G_END_DECLS
