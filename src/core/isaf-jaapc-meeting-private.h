/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isaf-jaapc-meeting.h"

G_BEGIN_DECLS

/* Shared by isaf-jaapc-meeting.c (the meeting in memory and its jobs),
 * isaf-jaapc-meeting-write.c (its rules and writing) and isaf-jaapc-meeting-read.c. On the
 * database thread. */

gboolean isaf_jaapc_meeting_write (IsafDatabase     *database,
                                   IsafJaapcMeeting *meeting,
                                   GError          **error);

G_END_DECLS
