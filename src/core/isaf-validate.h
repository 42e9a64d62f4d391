/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "isaf-record.h"
#include "isaf-schema.h"

G_BEGIN_DECLS

gboolean isaf_validate_value  (const IsafColumn *column,
                               const char       *commune_code,
                               IsafValue        *value,
                               GError          **error);
gboolean isaf_validate_record (IsafRecord       *record,
                               const char       *commune_code,
                               GError          **error);
gboolean isaf_validate_commune_code (const char *code,
                                     GError    **error);

G_END_DECLS
