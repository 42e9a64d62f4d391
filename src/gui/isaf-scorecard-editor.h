/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isaf-context.h"
#include "isaf-scorecard.h"

G_BEGIN_DECLS

#define ISAF_TYPE_SCORECARD_EDITOR (isaf_scorecard_editor_get_type ())

G_DECLARE_FINAL_TYPE (IsafScorecardEditor, isaf_scorecard_editor, ISAF, SCORECARD_EDITOR,
                      AdwWindow)

IsafScorecardEditor *isaf_scorecard_editor_new      (IsafContext    *context,
                                                     GtkWidget      *parent,
                                                     const char     *kind,
                                                     int             year,
                                                     GPtrArray      *units,
                                                     GPtrArray      *villages,
                                                     GPtrArray      *cafs,
                                                     IsafScorecard  *scorecard,
                                                     const IsafUuid *unit_id,
                                                     const IsafUuid *village_id);
/* "details", "participants", "indicators", "votes", "notes" or "results". */
void                 isaf_scorecard_editor_show_tab (IsafScorecardEditor *self,
                                                     const char          *name);
const char          *isaf_scorecard_editor_get_tab  (IsafScorecardEditor *self);

G_END_DECLS
