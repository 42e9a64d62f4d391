/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ISAF_TYPE_SETUP_ASSISTANT (isaf_setup_assistant_get_type ())

G_DECLARE_FINAL_TYPE (IsafSetupAssistant, isaf_setup_assistant, ISAF, SETUP_ASSISTANT, AdwBin)

GtkWidget  *isaf_setup_assistant_new               (const char         *database_path,
                                                    GSettings          *settings);
void        isaf_setup_assistant_select_commune    (IsafSetupAssistant *self,
                                                    const char         *code);
const char *isaf_setup_assistant_get_database_path (IsafSetupAssistant *self);
const char *isaf_setup_assistant_get_commune_code  (IsafSetupAssistant *self);
const char *isaf_setup_assistant_get_step          (IsafSetupAssistant *self);

G_END_DECLS
