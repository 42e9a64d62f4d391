/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-print"

#include "config.h"

#include "isaf-print-error.h"

G_DEFINE_QUARK (isaf-print-error-quark, isaf_print_error)
