/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* An HTTP/1.1 proxy on a loopback port between the laptops and the test server, which breaks
 * the exchange on purpose. It reads each request whole (head and Content-Length or chunked
 * body), sends it on a fresh connection to the server, reads the whole answer and returns it,
 * unless a fault applies. It runs on threads of its own; every function here may be called
 * from the test's thread while laptops sync through it. */

typedef enum {
  ISAF_FAULT_NONE,
  /* The client's connection is closed; the server never sees the request. */
  ISAF_FAULT_DROP_BEFORE,
  /* The server handles the request; the client's connection is closed without an answer. */
  ISAF_FAULT_DROP_AFTER,
  /* The server handles the request; the client gets the first half of the answer's bytes. */
  ISAF_FAULT_CUT_RESPONSE,
  /* The server gets the request twice in a row; the client gets the second answer. */
  ISAF_FAULT_DUPLICATE,
  /* The server gets the request twice at the same time, on two connections; the client gets
   * the answer of the second copy. */
  ISAF_FAULT_DUPLICATE_PARALLEL,
  /* The server handles the request; the answer is held back for the proxy's delay (longer
   * than the client waits, when the client's timeout is set shorter). */
  ISAF_FAULT_DELAY,
  /* The proxy answers itself, without forwarding: 500 internal, 503 unavailable or 429, the
   * last two with Retry-After: 1. */
  ISAF_FAULT_STATUS_500,
  ISAF_FAULT_STATUS_503,
  ISAF_FAULT_STATUS_429,
  ISAF_FAULT_N
} IsafFault;

/* Which requests a fault applies to. Rules are tried in the order they were added; the first
 * that takes a request decides its fault. */
typedef struct {
  IsafFault fault;
  /* The request target (path and query) starts with this; NULL for every request. */
  const char *path_prefix;
  /* Matching requests let through before the rule starts taking any. */
  guint skip;
  /* Requests the rule takes, then it is spent; 0 for no limit. */
  guint count;
  /* Each matching request is taken with this probability, drawn from the proxy's seeded
   * generator; 1 for every one. */
  double probability;
} IsafFaultRule;

typedef struct {
  /* Requests read whole from clients */
  guint seen;
  /* Requests sent to the server (a duplicated one counts twice) */
  guint forwarded;
  /* Answers of the server (not the proxy's own) with a status of 500 or more */
  guint server_errors;
  /* Requests a rule took, in all and by fault */
  guint faulted;
  guint by_fault[ISAF_FAULT_N];
} IsafFaultCounts;

typedef struct _IsafFaultProxy IsafFaultProxy;

/* Listens on 127.0.0.1, on a free port, and forwards to 127.0.0.1:@upstream_port. */
IsafFaultProxy *isaf_fault_proxy_new          (guint16                upstream_port);
void            isaf_fault_proxy_free         (IsafFaultProxy        *self);
guint16         isaf_fault_proxy_get_port     (IsafFaultProxy        *self);
/* http://127.0.0.1:port, for the laptops' enrolment */
char           *isaf_fault_proxy_dup_url      (IsafFaultProxy        *self);

/* Seeds the generator of the rules' probabilities. */
void            isaf_fault_proxy_set_seed     (IsafFaultProxy        *self,
                                               guint32                seed);
/* How long ISAF_FAULT_DELAY holds an answer (5 seconds unless set). */
void            isaf_fault_proxy_set_delay    (IsafFaultProxy        *self,
                                               guint                  milliseconds);

void            isaf_fault_proxy_add_rule     (IsafFaultProxy        *self,
                                               const IsafFaultRule   *rule);
/* @fault for the next @count requests whose target starts with @path_prefix (NULL: any). */
void            isaf_fault_proxy_add          (IsafFaultProxy        *self,
                                               IsafFault              fault,
                                               const char            *path_prefix,
                                               guint                  count);
/* Every rule goes; requests already taken keep their fault. */
void            isaf_fault_proxy_clear        (IsafFaultProxy        *self);

void            isaf_fault_proxy_get_counts   (IsafFaultProxy        *self,
                                               IsafFaultCounts       *counts);
void            isaf_fault_proxy_reset_counts (IsafFaultProxy        *self);

const char     *isaf_fault_to_string          (IsafFault              fault);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafFaultProxy, isaf_fault_proxy_free)

G_END_DECLS
