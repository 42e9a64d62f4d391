/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isaf-context.h"

G_BEGIN_DECLS

#define ISAF_TYPE_DISSEMINATION_PAGE (isaf_dissemination_page_get_type ())

G_DECLARE_FINAL_TYPE (IsafDisseminationPage, isaf_dissemination_page, ISAF, DISSEMINATION_PAGE,
                      AdwBin)

GtkWidget *isaf_dissemination_page_new         (IsafContext           *context);
gboolean   isaf_dissemination_page_get_loading (IsafDisseminationPage *self);
void       isaf_dissemination_page_show        (IsafDisseminationPage *self,
                                                const char            *name);

G_END_DECLS
