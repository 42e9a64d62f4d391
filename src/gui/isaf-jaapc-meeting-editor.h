/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isaf-context.h"
#include "isaf-jaapc-meeting.h"

G_BEGIN_DECLS

#define ISAF_TYPE_JAAPC_MEETING_EDITOR (isaf_jaapc_meeting_editor_get_type ())

G_DECLARE_FINAL_TYPE (IsafJaapcMeetingEditor, isaf_jaapc_meeting_editor, ISAF,
                      JAAPC_MEETING_EDITOR, AdwWindow)

IsafJaapcMeetingEditor *isaf_jaapc_meeting_editor_new (IsafContext      *context,
                                                       GtkWidget        *parent,
                                                       int               year,
                                                       GPtrArray        *members,
                                                       GPtrArray        *entries,
                                                       IsafJaapcMeeting *meeting);

G_END_DECLS
