/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "isaf-record.h"
#include "isaf-schema.h"

G_BEGIN_DECLS

/* The pieces of the canonical dump (README.md, "The canonical dump"), shared by isafctl dump
 * (a laptop's SQLite file) and isaf-server dump (a commune in PostgreSQL), so that the two
 * write the same bytes for the same content. */

/* The dump's opening, up to and including "tables":{ */
void       isaf_dump_append_header      (GString         *out,
                                         const char      *commune_id);
/* The closing of "tables" and of the dump. */
void       isaf_dump_append_footer      (GString         *out);
void       isaf_dump_append_json_string (GString         *out,
                                         const char      *text);
void       isaf_dump_append_value       (GString         *out,
                                         const IsafValue *value);
/* A table's column names in dump order (sorted): id, commune_id, deleted and its columns. The
 * array does not own the names. */
GPtrArray *isaf_dump_column_names       (const IsafTable *table);
/* The synced tables' names, sorted. */
GPtrArray *isaf_dump_table_names        (void);

G_END_DECLS
