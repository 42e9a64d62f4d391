/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ISAF_TYPE_ROW_TEXT (isaf_row_text_get_type ())

G_DECLARE_FINAL_TYPE (IsafRowText, isaf_row_text, ISAF, ROW_TEXT, GtkWidget)

GtkWidget *isaf_row_text_new (const char *title,
                              const char *subtitle);

G_END_DECLS
