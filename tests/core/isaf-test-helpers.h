/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "isaf-database.h"
#include "isaf-record.h"
#include "isaf-store.h"

G_BEGIN_DECLS

/* The commune every store fixture is created for: Banteay Neang, Mongkol Borey. */
#define ISAF_TEST_COMMUNE "010201"

/* A fresh temporary directory per test, removed afterwards, and optionally a database in it
 * (real SQLite files on disk: nothing in these tests is mocked). */
typedef struct {
  char *dir;
  char *path;
  IsafDatabase *database;
  IsafStore *store;
} IsafTestFixture;

void        isaf_test_fixture_setup_dir   (IsafTestFixture *fixture,
                                           gconstpointer    data);
void        isaf_test_fixture_setup_store (IsafTestFixture *fixture,
                                           gconstpointer    data);
void        isaf_test_fixture_teardown    (IsafTestFixture *fixture,
                                           gconstpointer    data);
void        isaf_test_fixture_create_store (IsafTestFixture *fixture);
void        isaf_test_fixture_close       (IsafTestFixture *fixture);
void        isaf_test_fixture_reopen      (IsafTestFixture *fixture);

void        isaf_test_remove_tree         (const char      *path);
GStrv       isaf_test_list_dir            (const char      *dir);

/* Raw SQLite, on a second connection of the test's own. */
sqlite3    *isaf_test_sqlite_open         (const char      *path,
                                           int              flags);
void        isaf_test_sqlite_exec         (sqlite3         *conn,
                                           const char      *sql);
gint64      isaf_test_sqlite_int          (sqlite3         *conn,
                                           const char      *sql);
char       *isaf_test_sqlite_text         (sqlite3         *conn,
                                           const char      *sql);
gboolean    isaf_test_sqlite_has_table    (sqlite3         *conn,
                                           const char      *name);
char       *isaf_test_dump_table          (sqlite3         *conn,
                                           const char      *table);
GHashTable *isaf_test_dump_tables         (sqlite3         *conn);
GHashTable *isaf_test_dump_file           (const char      *path);
void        isaf_test_assert_dumps_equal  (GHashTable      *before,
                                           GHashTable      *after);

/* SQL run on the database's own connection and thread, inside a job of @mode. Returns the
 * extended SQLite result code; @id, when given, is bound to ?1. */
int         isaf_test_run_sql             (IsafDatabase    *database,
                                           IsafDatabaseMode mode,
                                           const char      *sql,
                                           const IsafUuid  *id);
gint64      isaf_test_run_query_int       (IsafDatabase    *database,
                                           const char      *sql);

void        isaf_test_save                (IsafStore       *store,
                                           IsafRecord      *first,
                                           ...) G_GNUC_NULL_TERMINATED;
void        isaf_test_village_id          (const char      *code,
                                           IsafUuid        *out);

G_END_DECLS
