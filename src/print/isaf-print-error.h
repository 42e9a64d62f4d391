/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ISAF_PRINT_ERROR (isaf_print_error_quark ())

typedef enum {
  /* A font the posters need does not resolve through fontconfig. */
  ISAF_PRINT_ERROR_FONT_MISSING,
  /* libharu could not build or write the document. */
  ISAF_PRINT_ERROR_PDF,
  /* The content does not fit on the page even at the smallest type allowed. */
  ISAF_PRINT_ERROR_DOES_NOT_FIT,
  ISAF_PRINT_ERROR_NO_UNIT,
  ISAF_PRINT_ERROR_NO_CYCLE,
  ISAF_PRINT_ERROR_NO_CONTENT,
} IsafPrintError;

GQuark isaf_print_error_quark (void);

G_END_DECLS
