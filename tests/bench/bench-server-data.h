/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libpq-fe.h>
#include <libsoup/soup.h>

#include "isaf-test-server.h"
#include "isaf-wire.h"

G_BEGIN_DECLS

/* What the server benchmarks share: the national server, the demo commune as push rows, copies
 * of it for other communes, and the figures.
 *
 * The server is the test harness's (isaf-test-server.h: a private PostgreSQL, migrated), with
 * isaf-server's HTTP API started again on a loopback port the benchmark knows, with a token
 * secret it holds: the harness keeps both to itself, and a benchmark needs them to send
 * bodies it compressed before the clock starts and to issue thousands of tokens directly. */

#define BENCH_DEMO_COMMUNE "010201"
#define BENCH_BATCH_FIELDS 500

typedef struct _BenchServer BenchServer;

typedef struct {
  IsafUuid device_id;
  char commune_id[7];
  char *authorization;
} BenchDevice;

BenchServer      *bench_server_start      (void);
void              bench_server_stop       (BenchServer *server);
IsafTestServer   *bench_server_get_test_server (BenchServer *server);
/* Read by the HTTP server at each request: changes take effect at once. */
IsafServerConfig *bench_server_get_config (BenchServer *server);
/* "http://127.0.0.1:PORT" */
const char       *bench_server_get_uri    (BenchServer *server);
/* Enrols a device for @commune_id and issues its token (valid for @token_seconds) through
 * isaf-server's own functions on @conn, a connection as the API role, as the enroll-code
 * command and the two endpoints do. */
BenchDevice      *bench_server_enroll     (BenchServer *server,
                                           PGconn      *conn,
                                           const char  *commune_id,
                                           int          token_seconds);
void              bench_device_free       (BenchDevice *device);

/* Every row of a demo commune (BENCH_DEMO_COMMUNE) of @years years, as a laptop re-pushes its
 * whole state (isaf_sync_state_rows), parents first. */
GPtrArray        *bench_demo_rows         (guint        years);
/* A copy of the demo rows for another commune: every id, and every reference with it, made
 * anew from a uuid v5 of @salt and the old id, so the copy's references stay within the copy
 * (a uuid v7 keeps its time and stays a v7); village codes moved to the villages of
 * @commune_id. */
GPtrArray        *bench_copy_rows         (GPtrArray   *rows,
                                           const char  *commune_id,
                                           const char  *salt);
/* The communes of the national gazetteer, in code order. */
GPtrArray        *bench_communes          (void);
guint             bench_count_fields      (GPtrArray   *rows);

/* A push's body as a laptop sends it: JSON, gzip-compressed. */
GBytes           *bench_push_body         (IsafWirePush *push);
/* A request to the server, ready to send. */
SoupMessage      *bench_message_new       (BenchServer *server,
                                           const char  *method,
                                           const char  *path,
                                           BenchDevice *device,
                                           GBytes      *gzip_body);

/* Leaves out the server's log line for each request (the benchmarks count the answers
 * themselves); other messages are written as usual. Call before anything logs. */
void              bench_drop_request_logs (void);

double            bench_median            (double      *values,
                                           guint        n);
/* The value below which @fraction of @values lie (sorts @values). */
double            bench_percentile        (double      *values,
                                           guint        n,
                                           double       fraction);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BenchServer, bench_server_stop)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BenchDevice, bench_device_free)

G_END_DECLS
