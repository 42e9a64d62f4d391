/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ISAF_TYPE_STAGE_PAGE (isaf_stage_page_get_type ())

G_DECLARE_FINAL_TYPE (IsafStagePage, isaf_stage_page, ISAF, STAGE_PAGE, AdwBin)

GtkWidget  *isaf_stage_page_new          (const char    *guide_id,
                                          const char    *title);
const char *isaf_stage_page_get_guide_id (IsafStagePage *self);

G_END_DECLS
