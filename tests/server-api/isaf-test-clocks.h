/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isaf-database.h"
#include "isaf-test-server.h"

G_BEGIN_DECLS

/* The field clocks of a laptop and of the server, as maps of "table id field" → "hlc/node",
 * so that the sync tests can tell that two copies of a commune agree clock by clock, beside
 * their dumps. */

char       *isaf_test_clock_key          (const char     *table,
                                          const char     *id,
                                          const char     *field);
char       *isaf_test_clock_value        (gint64          hlc,
                                          gint64          node);

/* Adds every clock the laptop keeps for a confirmed field version (sync_field_clock) to the
 * map @clocks: an IsafDatabaseFunc, for a test that reads more in the same job. */
gboolean    isaf_test_laptop_read_clocks (IsafDatabase   *database,
                                          gpointer        clocks,
                                          GError        **error);
GHashTable *isaf_test_laptop_clocks      (IsafDatabase   *database);
/* The clocks of every row of @commune_id on the server. */
GHashTable *isaf_test_server_clocks      (IsafTestServer *server,
                                          const char     *commune_id);

/* Fails the test, naming the first differences, unless two maps of text to text hold the
 * same keys with the same values. */
void        isaf_test_assert_same_map    (GHashTable     *expected,
                                          GHashTable     *actual,
                                          const char     *what);

G_END_DECLS
