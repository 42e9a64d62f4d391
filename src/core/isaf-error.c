/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-error"

#include "config.h"

#include "isaf-error.h"

G_DEFINE_QUARK (isaf-database-error-quark, isaf_database_error)
G_DEFINE_QUARK (isaf-validation-error-quark, isaf_validation_error)
