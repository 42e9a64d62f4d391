/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "isaf-database.h"

G_BEGIN_DECLS

/* One indicator of a national reference set (read-only on the laptop). */
typedef struct {
  char *code;
  char *service_kind;
  char *name_km;
  char *name_en;
  char *unit;
  double standard;
  gboolean has_standard;
  gboolean higher_is_better;
} IsafIndicator;

void       isaf_indicator_free              (IsafIndicator *indicator);
gboolean   isaf_reference_install_bundled   (IsafDatabase  *database,
                                             GError       **error);
gboolean   isaf_reference_write_bundled     (IsafDatabase  *database,
                                             GError       **error);
GPtrArray *isaf_reference_read_indicators   (IsafDatabase  *database,
                                             const char    *purpose,
                                             const char    *service_kind,
                                             GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafIndicator, isaf_indicator_free)

G_END_DECLS
