/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isaf-context.h"

G_BEGIN_DECLS

#define ISAF_TYPE_I4C_PAGE (isaf_i4c_page_get_type ())

G_DECLARE_FINAL_TYPE (IsafI4cPage, isaf_i4c_page, ISAF, I4C_PAGE, AdwBin)

GtkWidget *isaf_i4c_page_new         (IsafContext    *context);
gboolean   isaf_i4c_page_get_loading (IsafI4cPage    *self);
gboolean   isaf_i4c_page_select_unit (IsafI4cPage    *self,
                                      const IsafUuid *unit_id);

G_END_DECLS
