/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isaf-database.h"
#include "isaf-record.h"
#include "isaf-store.h"
#include "isaf-sync-client.h"
#include "isaf-test-server.h"

G_BEGIN_DECLS

/* A laptop of the sync tests, a real SQLite file of the commune: the records it is edited
 * with, its enrolment and its syncs through the core's sync client in the test's own process,
 * and what it holds, read back (see isaf-test-clocks.h for its clocks). */

/* A laptop's file, its store and its sync client. */
typedef struct {
  char *path;
  IsafDatabase *database;
  IsafStore *store;
  IsafSyncClient *client;
} IsafTestLaptop;

/* Creates the laptop's file @name in @dir and enrols it for @commune_id at @url (the
 * server's own address, or a proxy's in front of it). */
void        isaf_test_laptop_open                 (IsafTestLaptop *laptop,
                                                   IsafTestServer *server,
                                                   const char     *url,
                                                   const char     *dir,
                                                   const char     *name,
                                                   const char     *commune_id);
void        isaf_test_laptop_close                (IsafTestLaptop *laptop);

/* A facilitator, with the fields every one must have: @name_km, and "f" for her sex. */
IsafRecord *isaf_test_new_caf                     (const char     *name_km);
/* The row of @table with @id, which must be there (deleted or not). */
IsafRecord *isaf_test_get_record                  (IsafStore      *store,
                                                   const char     *table,
                                                   const IsafUuid *id);

/* Enrols @client's laptop for @commune_id as @description, with a new code, at @url: the
 * server's own address or a proxy's in front of it, which the laptop then keeps as its
 * server. Asserts it succeeds. */
void        isaf_test_laptop_enroll               (IsafSyncClient *client,
                                                   IsafTestServer *server,
                                                   const char     *url,
                                                   const char     *commune_id,
                                                   const char     *description);
/* A run of @client that must complete, with no change refused; the batches it pushed. @name
 * says which laptop failed. */
guint       isaf_test_laptop_sync                 (IsafSyncClient *client,
                                                   const char     *name);

/* The device id the laptop was enrolled under, as text. */
char       *isaf_test_laptop_device_id            (IsafDatabase   *database);
/* Nothing waits to be sent, is in flight, staged, quarantined or refused: what a laptop
 * holds once runs have gone to the end. */
void        isaf_test_laptop_assert_nothing_waits (IsafDatabase   *database);

G_END_DECLS
