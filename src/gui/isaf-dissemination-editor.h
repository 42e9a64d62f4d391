/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isaf-context.h"
#include "isaf-dissemination.h"

G_BEGIN_DECLS

#define ISAF_TYPE_DISSEMINATION_EDITOR (isaf_dissemination_editor_get_type ())

G_DECLARE_FINAL_TYPE (IsafDisseminationEditor, isaf_dissemination_editor, ISAF,
                      DISSEMINATION_EDITOR, AdwWindow)

IsafDisseminationEditor *isaf_dissemination_editor_new (IsafContext              *context,
                                                        GtkWidget                *parent,
                                                        int                       year,
                                                        GPtrArray                *villages,
                                                        GPtrArray                *cafs,
                                                        GPtrArray                *units,
                                                        IsafDisseminationMeeting *meeting,
                                                        const IsafUuid           *village_id);

G_END_DECLS
