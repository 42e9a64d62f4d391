/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isaf-interface-meeting.h"

G_BEGIN_DECLS

/* Shared by isaf-interface-meeting.c (the meeting in memory, and the jobs that save and list
 * it), isaf-interface-meeting-rules.c (the rules a save checks),
 * isaf-interface-meeting-write.c (writing it), isaf-interface-meeting-read.c (reading a
 * year), isaf-interface-jaap.c (draft JAAP actions) and isaf-interface-compare.c. */

/* The category stored as @category ("citizen_women" …), or -1. */
int                   isaf_interface_attendance_from_category (const char *category);

/* Every rule of the meeting, its own fields and those that span rows, on the database thread
 * inside the transaction that writes it. The meeting's cycle_id is set already. */
gboolean              isaf_interface_meeting_check_rules  (IsafDatabase   *database,
                                                           IsafInterfaceMeeting *meeting,
                                                           const char     *commune_code,
                                                           GError        **error);

/* The jobs' work, on the database thread. */
gboolean              isaf_interface_meeting_write        (IsafDatabase   *database,
                                                           IsafInterfaceMeeting *meeting,
                                                           GError        **error);
GPtrArray            *isaf_interface_meeting_read_year    (IsafDatabase   *database,
                                                           int             year,
                                                           GError        **error);

G_END_DECLS
