/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "isaf-database.h"

G_BEGIN_DECLS

#define ISAF_DUMP_FORMAT_VERSION 1

gboolean isaf_dump_write (IsafDatabase  *database,
                          GOutputStream *output,
                          GError       **error);

G_END_DECLS
