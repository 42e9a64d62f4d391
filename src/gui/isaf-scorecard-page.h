/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isaf-context.h"

G_BEGIN_DECLS

#define ISAF_TYPE_SCORECARD_PAGE (isaf_scorecard_page_get_type ())

G_DECLARE_FINAL_TYPE (IsafScorecardPage, isaf_scorecard_page, ISAF, SCORECARD_PAGE, AdwBin)

GtkWidget  *isaf_scorecard_page_new         (IsafContext       *context,
                                             const char        *kind);
const char *isaf_scorecard_page_get_kind    (IsafScorecardPage *self);
gboolean    isaf_scorecard_page_get_loading (IsafScorecardPage *self);

G_END_DECLS
