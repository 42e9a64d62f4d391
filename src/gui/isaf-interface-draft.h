/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isaf-context.h"
#include "isaf-interface-meeting.h"

G_BEGIN_DECLS

/* Asks for the group (ក or ខ) of the draft JAAP actions that @meeting's selected priorities
 * become, makes them, and says in a toast how many were made or why none could be. */
void isaf_interface_draft_present (IsafContext          *context,
                                   GtkWidget            *parent,
                                   IsafInterfaceMeeting *meeting);

G_END_DECLS
