/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isaf-context.h"
#include "isaf-uuid.h"

G_BEGIN_DECLS

#define ISAF_TYPE_INTERFACE_PAGE (isaf_interface_page_get_type ())

G_DECLARE_FINAL_TYPE (IsafInterfacePage, isaf_interface_page, ISAF, INTERFACE_PAGE, AdwBin)

GtkWidget *isaf_interface_page_new            (IsafContext       *context);
/* Whether the year's meetings, or the chosen meeting's comparison, are still being read. */
gboolean   isaf_interface_page_get_loading    (IsafInterfacePage *self);
/* Shows the comparison of the meeting @meeting_id of the year; FALSE when it is not listed. */
gboolean   isaf_interface_page_choose_meeting (IsafInterfacePage *self,
                                               const IsafUuid    *meeting_id);

G_END_DECLS
