/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libpq-fe.h>

#include "isaf-record.h"
#include "isaf-schema.h"

G_BEGIN_DECLS

/* Field values between PostgreSQL's text form, IsafValue and JSON (a row's clocks, the
 * conflict log's values). @column is NULL for the tombstone, an integer 0 or 1. */

typedef struct {
  gint64 hlc;
  gint64 node;
} IsafServerClock;

void        isaf_server_value_from_pg     (const IsafColumn *column,
                                           const PGresult   *result,
                                           int               row,
                                           int               field,
                                           IsafValue        *out);
/* The value as a text parameter for libpq; NULL for SQL NULL. */
char       *isaf_server_value_to_param    (const IsafValue  *value);
/* The value of @column from JSON text ("null", a string, a number), as the conflict log keeps
 * it; FALSE if it does not fit the column. */
gboolean    isaf_server_value_from_json   (const IsafColumn *column,
                                           const char       *json,
                                           IsafValue        *out);
/* A row's clocks (jsonb text: {"field": [hlc, node]}) into name → IsafServerClock. */
GHashTable *isaf_server_clocks_parse      (const char       *json);
char       *isaf_server_clocks_to_json    (GHashTable       *clocks);

G_END_DECLS
