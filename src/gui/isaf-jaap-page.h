/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isaf-context.h"

G_BEGIN_DECLS

#define ISAF_TYPE_JAAP_PAGE (isaf_jaap_page_get_type ())

G_DECLARE_FINAL_TYPE (IsafJaapPage, isaf_jaap_page, ISAF, JAAP_PAGE, AdwBin)

GtkWidget *isaf_jaap_page_new         (IsafContext  *context);
/* Whether the year's plan is being read. */
gboolean   isaf_jaap_page_get_loading (IsafJaapPage *self);

G_END_DECLS
