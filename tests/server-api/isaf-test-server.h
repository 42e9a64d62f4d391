/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libpq-fe.h>
#include <libsoup/soup.h>

#include "isaf-database.h"
#include "isaf-server-config.h"
#include "isaf-test-pg.h"
#include "isaf-wire.h"

G_BEGIN_DECLS

/* The national server for the server tests, all real: a private PostgreSQL (isaf-test-pg.h),
 * migrated by isaf_server_schema_migrate() as the owner role, and isaf-server's HTTP API on a
 * free loopback port, in a thread of its own, connecting as the API role (no BYPASSRLS). Tests
 * talk to it over HTTP with libsoup, as a laptop does. */

typedef struct _IsafTestServer IsafTestServer;

typedef struct {
  IsafUuid device_id;
  gint64 node_id;
  char *commune_id;
  char *secret;
  char *token;
} IsafTestDevice;

IsafTestServer *isaf_test_server_start        (void);
void            isaf_test_server_stop         (IsafTestServer *server);
IsafTestPg     *isaf_test_server_get_pg       (IsafTestServer *server);
guint16         isaf_test_server_get_port     (IsafTestServer *server);
/* http://127.0.0.1:PORT, where laptops reach the server without a proxy between */
char           *isaf_test_server_dup_url      (IsafTestServer *server);
IsafServerConfig *isaf_test_server_get_config (IsafTestServer *server);
/* A connection as the API role, or as the superuser, for checks the API cannot make. */
PGconn         *isaf_test_server_connect_api  (IsafTestServer *server);
PGconn         *isaf_test_server_connect_superuser (IsafTestServer *server);
/* One value from a query run as the superuser; asserts it gives one row. */
char           *isaf_test_server_query_value  (IsafTestServer *server,
                                               const char     *sql);
/* A query run as the superuser, its parameters ($1, $2…) after @sql, then NULL; asserts it
 * succeeds. The _text and _int forms give its one value (NULL for SQL's NULL; an integer
 * must not be NULL), and assert it gives one row. */
PGresult       *isaf_test_server_query        (IsafTestServer *server,
                                               const char     *sql,
                                               ...) G_GNUC_NULL_TERMINATED;
char           *isaf_test_server_query_text   (IsafTestServer *server,
                                               const char     *sql,
                                               ...) G_GNUC_NULL_TERMINATED;
gint64          isaf_test_server_query_int    (IsafTestServer *server,
                                               const char     *sql,
                                               ...) G_GNUC_NULL_TERMINATED;
/* Each batch @device_id pushed was received once: as many receipts as its last batch number,
 * the last of them that one. Returns that number. */
gint64          isaf_test_server_assert_receipts (IsafTestServer *server,
                                                  const char     *device_id);

/* Writes a configuration file for the isaf-server program in @dir, for this server's
 * database: the API role's connection, listening on 127.0.0.1:0, and a token secret of its
 * own in the same folder. Returns its path, for tests that run the real program
 * (`isaf-server --config FILE serve`), stop it and start it again. */
char           *isaf_test_server_write_config (IsafTestServer *server,
                                               const char     *dir);

/* A new enrolment code for @commune_id, made as `isaf-server enroll-code` makes it. */
char           *isaf_test_server_new_code     (IsafTestServer *server,
                                               const char     *commune_id);
/* Enrols a laptop for @commune_id and gets its token; asserts each step succeeds. */
IsafTestDevice *isaf_test_server_enroll       (IsafTestServer *server,
                                               const char     *commune_id);
void            isaf_test_device_free         (IsafTestDevice *device);

/* An HTTP request; the status, and the answer's body in @response. @body is sent gzip-
 * compressed when @gzip. @token may be NULL. */
guint           isaf_test_server_request      (IsafTestServer *server,
                                               const char     *method,
                                               const char     *path,
                                               const char     *token,
                                               GBytes         *body,
                                               gboolean        gzip,
                                               GBytes        **response);
/* POSTs @push as @device (gzip), returns the status and the answer. */
guint           isaf_test_server_push         (IsafTestServer *server,
                                               IsafTestDevice *device,
                                               IsafWirePush   *push,
                                               GBytes        **response);
/* A push of one batch from @device, to fill with rows. */
IsafWirePush   *isaf_test_push_new            (IsafTestDevice *device,
                                               gint64          batch_seq);
/* Pulls every page of @device's commune from the start; the rows in stream order (later
 * states of a row after earlier ones), and the conflicts in @conflicts if not NULL. */
GPtrArray      *isaf_test_server_pull_all     (IsafTestServer *server,
                                               IsafTestDevice *device,
                                               GArray        **conflicts);

/* The canonical dumps (README.md), to compare replicas byte for byte. */
GBytes         *isaf_test_server_dump_commune (IsafTestServer *server,
                                               const char     *commune_id);
GBytes         *isaf_test_laptop_dump         (IsafDatabase   *database);
/* Fails the test, showing where, unless @expected and @actual are the same bytes. */
void            isaf_test_assert_same_bytes   (GBytes         *expected,
                                               GBytes         *actual,
                                               const char     *what);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafTestServer, isaf_test_server_stop)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafTestDevice, isaf_test_device_free)

G_END_DECLS
