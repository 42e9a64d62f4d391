/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "isaf-database.h"

G_BEGIN_DECLS

typedef struct {
  const char *commune_code;
  guint years;
  guint64 seed;
  /* The last complete cycle; 0 means last year. */
  int last_year;
} IsafDemoOptions;

#define ISAF_DEMO_DEFAULT_YEARS 3
#define ISAF_DEMO_MAX_YEARS 30

gboolean isaf_demo_generate (IsafDatabase          *database,
                             const IsafDemoOptions *options,
                             GError               **error);

G_END_DECLS
