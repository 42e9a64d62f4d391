/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "isaf-record.h"

G_BEGIN_DECLS

/* Field values between a laptop's SQLite columns (value BLOB columns included) and IsafValue,
 * as the wire carries them. @column is NULL for the tombstone. */
void isaf_sync_value_read (sqlite3_stmt     *stmt,
                           int               index,
                           const IsafColumn *column,
                           IsafValue        *value);
void isaf_sync_value_bind (sqlite3_stmt     *stmt,
                           int               index,
                           const IsafValue  *value);

G_END_DECLS
