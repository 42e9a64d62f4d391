/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "isaf-record.h"
#include "isaf-schema.h"
#include "isaf-uuid.h"

G_BEGIN_DECLS

/* The sync protocol's messages as JSON on the wire, shared by the laptop's sync client and
 * isaf-server: encoding, decoding and structural validation. src/sync/sync-protocol.md is the
 * description another team can implement against; this file and it must agree.
 *
 * Decoding is strict and bounded: it refuses, with an ISAF_WIRE_ERROR, anything that is not
 * exactly the message (unknown keys at any level, wrong JSON types, unknown tables or fields,
 * values of the wrong kind for their column, invalid UTF-8, nesting deeper than
 * ISAF_WIRE_MAX_DEPTH, more rows or fields than the limits), before any of it reaches the
 * database. Whether a well-formed value is acceptable (ranges, choices, dates, village codes)
 * is the store's validation (isaf-validate.h), answered per row, not here.
 *
 * Clocks (hlc, node, base) travel as decimal strings: JavaScript tools lose integers above
 * 2^53. Encoding writes raw UTF-8 (no \uXXXX escapes for non-ASCII). */

#define ISAF_WIRE_PROTO 1

/* Limits a decoder enforces on any message. */
#define ISAF_WIRE_MAX_DEPTH 16
#define ISAF_WIRE_MAX_ROWS 5000
#define ISAF_WIRE_MAX_FIELDS_PER_ROW 64
#define ISAF_WIRE_MAX_TEXT_BYTES 65536
/* Attachments (sync-protocol.md 3.9): the largest file a commune may attach, and the part
 * each upload or download request carries, small enough for a slow link to finish. */
#define ISAF_WIRE_MAX_BLOB_BYTES ISAF_SCHEMA_MAX_FILE_BYTES
#define ISAF_WIRE_BLOB_PART_BYTES (256 * 1024)

/* The name a row's tombstone travels under, like a column (0 or 1, an LWW field). */
#define ISAF_WIRE_DELETED_FIELD "deleted"

#define ISAF_WIRE_ERROR (isaf_wire_error_quark ())

typedef enum {
  ISAF_WIRE_ERROR_MALFORMED,     /* not JSON, not UTF-8, wrong shape or JSON type, unknown key */
  ISAF_WIRE_ERROR_TOO_LARGE,     /* deeper, longer or with more rows than the limits */
  ISAF_WIRE_ERROR_UNKNOWN_TABLE, /* a table that is not synced (isaf_schema_find_table) */
  ISAF_WIRE_ERROR_UNKNOWN_FIELD, /* a field that is not a column of its table, nor "deleted" */
  ISAF_WIRE_ERROR_BAD_VALUE,     /* a value of the wrong JSON kind for its column */
} IsafWireError;

GQuark isaf_wire_error_quark (void);

/* One field of a row: its value and clock. On a push, base is the clock the user edited from
 * (has_base FALSE when the field had none) and node is unused (the server knows the device's);
 * on a pull, node is the clock's node and there is no base. */
typedef struct {
  /* The column, or NULL for the tombstone ("deleted"). */
  const IsafColumn *column;
  /* The column's name from the schema description, or ISAF_WIRE_DELETED_FIELD: static. */
  const char *name;
  /* The JSON kinds by column kind: null always; a string for TEXT, PHONE, DATE, CHOICE and
   * VILLAGE_CODE (ISAF_VALUE_TEXT); an integer for INTEGER, COUNT, RIEL, SCORE, BOOLEAN and
   * the tombstone (ISAF_VALUE_INTEGER); a number for REAL (ISAF_VALUE_REAL, integers
   * accepted); a lowercase UUID string for REFERENCE (ISAF_VALUE_ID). */
  IsafValue value;
  gint64 hlc;
  gint64 node;
  gboolean has_base;
  gint64 base_hlc;
  gint64 base_node;
} IsafWireField;

typedef struct {
  const IsafTable *table;
  IsafUuid id;
  /* Push: the local transaction the changes came from (batches never split one). */
  gint64 txid;
  /* Pull: the row's position in the commune's stream. */
  gint64 seq;
  /* IsafWireField, in the order they were added or decoded; a name appears at most once. */
  GArray *fields;
} IsafWireRow;

IsafWireRow   *isaf_wire_row_new        (const IsafTable *table,
                                         const IsafUuid  *id);
void           isaf_wire_row_free       (IsafWireRow     *row);
/* Adds a field (copies @value); the name must be a column of the row's table or
 * ISAF_WIRE_DELETED_FIELD. Returns the new field, to set its clock and base. */
IsafWireField *isaf_wire_row_add_field  (IsafWireRow     *row,
                                         const char      *name,
                                         const IsafValue *value);
const IsafWireField *isaf_wire_row_find_field (const IsafWireRow *row,
                                               const char        *name);

/* POST /v1/sync/push: one frozen batch. */
typedef struct {
  int proto;
  int schema;
  char *app;
  IsafUuid device_id;
  gint64 batch_seq;
  /* The epoch the client last saw; NULL before its first pull. */
  char *epoch;
  /* IsafWireRow (owned) */
  GPtrArray *rows;
} IsafWirePush;

IsafWirePush *isaf_wire_push_new    (void);
void          isaf_wire_push_free   (IsafWirePush  *push);
/* Encodes to compact JSON; the same push always gives the same bytes. */
GBytes       *isaf_wire_push_encode (const IsafWirePush *push);
IsafWirePush *isaf_wire_push_decode (const char    *data,
                                     gsize          length,
                                     GError       **error);

/* A change the server refused: its row's index in the push, the field (NULL for the whole
 * row), a machine code ("validation", "read_only", "deleted_parent"...) and a sentence. */
typedef struct {
  guint row;
  char *field;
  char *code;
  char *message;
} IsafWireReject;

/* A clock the server changed (a future clock it clamped): the client adopts it. */
typedef struct {
  guint row;
  char *field;
  gint64 hlc;
} IsafWireClock;

/* The answer to a push; status is "applied" or "already_applied" (a replay whose stored
 * answer was pruned). */
typedef struct {
  gint64 batch_seq;
  char *status;
  gint64 server_time_ms;
  /* IsafWireReject and IsafWireClock, cleared by isaf_wire_push_ack_free */
  GArray *rejects;
  GArray *clocks;
} IsafWirePushAck;

IsafWirePushAck *isaf_wire_push_ack_new        (void);
void             isaf_wire_push_ack_free       (IsafWirePushAck *ack);
void             isaf_wire_push_ack_add_reject (IsafWirePushAck *ack,
                                                guint            row,
                                                const char      *field,
                                                const char      *code,
                                                const char      *message);
void             isaf_wire_push_ack_add_clock  (IsafWirePushAck *ack,
                                                guint            row,
                                                const char      *field,
                                                gint64           hlc);
GBytes          *isaf_wire_push_ack_encode     (const IsafWirePushAck *ack);
IsafWirePushAck *isaf_wire_push_ack_decode     (const char      *data,
                                                gsize            length,
                                                GError         **error);

/* An entry of the commune's conflict log: two concurrent edits of a review field (or an edit
 * of a deleted row, or a row added under a deleted parent), the value that won and the one
 * that lost, with their clocks. The values are of the field's column kind. */
typedef struct {
  IsafUuid id;
  gint64 seq;
  const IsafTable *table;
  IsafUuid row_id;
  /* A column name or ISAF_WIRE_DELETED_FIELD: static */
  const char *field;
  IsafValue winning_value;
  gint64 winning_hlc;
  gint64 winning_node;
  IsafValue losing_value;
  gint64 losing_hlc;
  gint64 losing_node;
  /* "concurrent_edit", "edited_deleted_row" or "deleted_parent" */
  char *reason;
  /* ISO 8601 UTC, to the second: "2026-11-27T01:02:03Z" */
  char *logged_at;
} IsafWireConflict;

void isaf_wire_conflict_clear (IsafWireConflict *conflict);

/* GET /v1/sync/pull?cursor=…&limit=…: one page of the commune's stream, ordered by seq. Rows
 * carry the state of every field with its clock; conflicts are the log entries of the page's
 * range. */
typedef struct {
  char *epoch;
  /* IsafWireRow (owned), with seq and every field's hlc and node */
  GPtrArray *rows;
  /* IsafWireConflict, cleared with the page */
  GArray *conflicts;
  /* Opaque to the client: sent back as-is for the next page. */
  char *next_cursor;
  gboolean has_more;
  /* The commune's last seq when the pull began: the checkpoint this session pulls to. */
  gint64 upto;
  gint64 server_time_ms;
} IsafWirePullPage;

IsafWirePullPage *isaf_wire_pull_page_new    (void);
void              isaf_wire_pull_page_free   (IsafWirePullPage *page);
GBytes           *isaf_wire_pull_page_encode (const IsafWirePullPage *page);
IsafWirePullPage *isaf_wire_pull_page_decode (const char       *data,
                                              gsize             length,
                                              GError          **error);

/* Sets in one page of the national reference stream, at most. */
#define ISAF_WIRE_MAX_REF_SETS 100
/* A reference set's name, in bytes: I4C sets record it (their ref_dataset column). */
#define ISAF_WIRE_MAX_REF_NAME_BYTES 64

/* One published version of a national reference set (an indicator list): its file in body,
 * in the format of data/reference/ with "# dataset:" and "# version:" lines. */
typedef struct {
  char *name;
  /* 1 to 2^31 - 1 */
  gint64 version;
  /* Its position in the national reference stream (a decimal string on the wire) */
  gint64 seq;
  /* The SHA-256 of body, 64 lowercase hexadecimal digits; the decoder checks it. */
  char *sha256;
  /* ISO 8601 UTC, to the second: "2026-11-27T01:02:03Z" */
  char *published_at;
  char *body;
} IsafWireRefSet;

/* GET /v1/sync/ref?cursor=…: the versions published after the cursor, in seq order (protocol
 * 5.2). One stream for the whole country, apart from the communes' streams. */
typedef struct {
  /* IsafWireRefSet, cleared with the page */
  GArray *sets;
  /* Sent back as-is for the next page. */
  char *next_cursor;
  gboolean has_more;
} IsafWireRefPage;

IsafWireRefPage *isaf_wire_ref_page_new     (void);
void             isaf_wire_ref_page_free    (IsafWireRefPage *page);
/* Appends a set (copied), with the SHA-256 of @body. */
void             isaf_wire_ref_page_add_set (IsafWireRefPage *page,
                                             const char      *name,
                                             gint64           version,
                                             gint64           seq,
                                             const char      *published_at,
                                             const char      *body);
GBytes          *isaf_wire_ref_page_encode  (const IsafWireRefPage *page);
IsafWireRefPage *isaf_wire_ref_page_decode  (const char      *data,
                                             gsize            length,
                                             GError         **error);

/* POST /v1/enroll */
typedef struct {
  char *code;
  /* 32 random bytes, base64 (standard alphabet, padded): exactly 44 characters */
  char *secret;
  /* What the clerk calls the laptop, at most 120 characters; may be NULL */
  char *description;
} IsafWireEnrollRequest;

typedef struct {
  IsafUuid device_id;
  gint64 node_id;
  char *commune_id;
} IsafWireEnrollReply;

/* POST /v1/auth/token */
typedef struct {
  IsafUuid device_id;
  char *secret;
} IsafWireTokenRequest;

typedef struct {
  char *token;
  gint64 expires_in_seconds;
} IsafWireTokenReply;

/* POST /v1/sync/hello */
typedef struct {
  int proto;
  int schema;
  char *app;
} IsafWireHelloRequest;

typedef struct {
  gint64 server_time_ms;
  int proto_min;
  int proto_max;
  int schema_min;
  int schema_max;
  char *epoch;
  char *commune_id;
  /* "active" or "revoked" */
  char *device_status;
  /* The last batch_seq the server applied for this device (0 for none). */
  gint64 last_batch_seq;
} IsafWireHelloReply;

/* Any error answer (4xx, 5xx): a machine code ("malformed", "too_large", "unauthorized",
 * "revoked", "batch_gap", "batch_reused", "forbidden", "upgrade_required", "overloaded",
 * "expired_code", …), a sentence, and for a batch gap the batch_seq expected (0 otherwise). */
typedef struct {
  char *code;
  char *message;
  gint64 expected_batch_seq;
} IsafWireErrorReply;

/* Each pair: _encode to compact JSON, _decode strictly (as above), _clear frees the members
 * and leaves the struct zeroed. */
GBytes  *isaf_wire_enroll_request_encode (const IsafWireEnrollRequest *request);
gboolean isaf_wire_enroll_request_decode (const char *data, gsize length,
                                          IsafWireEnrollRequest *out, GError **error);
void     isaf_wire_enroll_request_clear  (IsafWireEnrollRequest *request);
GBytes  *isaf_wire_enroll_reply_encode   (const IsafWireEnrollReply *reply);
gboolean isaf_wire_enroll_reply_decode   (const char *data, gsize length,
                                          IsafWireEnrollReply *out, GError **error);
void     isaf_wire_enroll_reply_clear    (IsafWireEnrollReply *reply);
GBytes  *isaf_wire_token_request_encode  (const IsafWireTokenRequest *request);
gboolean isaf_wire_token_request_decode  (const char *data, gsize length,
                                          IsafWireTokenRequest *out, GError **error);
void     isaf_wire_token_request_clear   (IsafWireTokenRequest *request);
GBytes  *isaf_wire_token_reply_encode    (const IsafWireTokenReply *reply);
gboolean isaf_wire_token_reply_decode    (const char *data, gsize length,
                                          IsafWireTokenReply *out, GError **error);
void     isaf_wire_token_reply_clear     (IsafWireTokenReply *reply);
GBytes  *isaf_wire_hello_request_encode  (const IsafWireHelloRequest *request);
gboolean isaf_wire_hello_request_decode  (const char *data, gsize length,
                                          IsafWireHelloRequest *out, GError **error);
void     isaf_wire_hello_request_clear   (IsafWireHelloRequest *request);
GBytes  *isaf_wire_hello_reply_encode    (const IsafWireHelloReply *reply);
gboolean isaf_wire_hello_reply_decode    (const char *data, gsize length,
                                          IsafWireHelloReply *out, GError **error);
void     isaf_wire_hello_reply_clear     (IsafWireHelloReply *reply);
GBytes  *isaf_wire_error_reply_encode    (const IsafWireErrorReply *reply);
gboolean isaf_wire_error_reply_decode    (const char *data, gsize length,
                                          IsafWireErrorReply *out, GError **error);
void     isaf_wire_error_reply_clear     (IsafWireErrorReply *reply);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafWireRow, isaf_wire_row_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafWirePush, isaf_wire_push_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafWirePushAck, isaf_wire_push_ack_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafWirePullPage, isaf_wire_pull_page_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafWireRefPage, isaf_wire_ref_page_free)

G_END_DECLS
