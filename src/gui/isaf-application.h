/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ISAF_TYPE_APPLICATION (isaf_application_get_type ())

G_DECLARE_FINAL_TYPE (IsafApplication, isaf_application, ISAF, APPLICATION, AdwApplication)

IsafApplication *isaf_application_new (void);

G_END_DECLS
