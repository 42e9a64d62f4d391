/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A relay on a loopback port between laptops and the server that counts what crosses the
 * sockets: HTTP/1.1 messages, and their bytes split into heads and bodies. Bodies are counted
 * as sent, that is compressed and with any chunk framing. Each byte is counted before it is
 * passed on, unchanged, so a client that has its answer has been counted in full. The relay
 * runs on threads of its own. */

typedef struct {
  guint requests;
  guint responses;
  guint64 request_head_bytes;
  guint64 request_body_bytes;
  guint64 response_head_bytes;
  guint64 response_body_bytes;
  /* The answers' bodies as the deployment's nginx would send them (nginx-isaf-server.conf:
   * gzip level 5 for JSON of 1024 bytes or more that is not compressed yet): the same bytes,
   * compressed here only to be counted. */
  guint64 response_body_bytes_through_nginx;
} BenchHttpCounts;

typedef struct _BenchHttpCounter BenchHttpCounter;

/* Listens on 127.0.0.1, on a free port, and relays to 127.0.0.1:@upstream_port. */
BenchHttpCounter *bench_http_counter_new         (guint16           upstream_port);
/* Waits for the connections still open to close. */
void              bench_http_counter_free        (BenchHttpCounter *self);
/* "http://127.0.0.1:PORT", the address laptops enrol with to be counted. */
char             *bench_http_counter_dup_url     (BenchHttpCounter *self);
/* The counts since the last call (or the start), which start again from zero. */
void              bench_http_counter_take_counts (BenchHttpCounter *self,
                                                  BenchHttpCounts  *counts);

guint64           bench_http_counts_total        (const BenchHttpCounts *counts);
guint64           bench_http_counts_bodies       (const BenchHttpCounts *counts);
guint64           bench_http_counts_bodies_through_nginx (const BenchHttpCounts *counts);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BenchHttpCounter, bench_http_counter_free)

G_END_DECLS
