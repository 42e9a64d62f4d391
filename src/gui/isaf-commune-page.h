/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isaf-context.h"

G_BEGIN_DECLS

#define ISAF_TYPE_COMMUNE_PAGE (isaf_commune_page_get_type ())

G_DECLARE_FINAL_TYPE (IsafCommunePage, isaf_commune_page, ISAF, COMMUNE_PAGE, AdwBin)

GtkWidget *isaf_commune_page_new         (IsafContext     *context);
gboolean   isaf_commune_page_get_loading (IsafCommunePage *self);
void       isaf_commune_page_show        (IsafCommunePage *self,
                                          const char      *name);

G_END_DECLS
