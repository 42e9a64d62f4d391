/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isaf-context.h"
#include "isaf-interface-meeting.h"

G_BEGIN_DECLS

#define ISAF_TYPE_INTERFACE_EDITOR (isaf_interface_editor_get_type ())

G_DECLARE_FINAL_TYPE (IsafInterfaceEditor, isaf_interface_editor, ISAF, INTERFACE_EDITOR,
                      AdwWindow)

IsafInterfaceEditor *isaf_interface_editor_new (IsafContext          *context,
                                                GtkWidget            *parent,
                                                int                   year,
                                                GPtrArray            *units,
                                                IsafInterfaceMeeting *meeting);

G_END_DECLS
