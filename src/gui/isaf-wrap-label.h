/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ISAF_TYPE_WRAP_LABEL (isaf_wrap_label_get_type ())

G_DECLARE_FINAL_TYPE (IsafWrapLabel, isaf_wrap_label, ISAF, WRAP_LABEL, GtkWidget)

GtkWidget *isaf_wrap_label_new (const char *text);

G_END_DECLS
