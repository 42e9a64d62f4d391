/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-wire"

#include "config.h"

#include <string.h>

#include "isaf-wire.h"

#define DEVICE "0193a4c2-7c1e-7a00-8000-00000000d001"
#define ACTION "0193a4c2-7c1e-7a00-8000-0000000a0001"
#define CAF "0193a4c2-7c1e-7a00-8000-0000000c0001"
#define VILLAGE "0193a4c2-7c1e-7a00-8000-0000000b0001"
#define CONFLICT "0193a4c2-7c1e-7a00-8000-0000000f0001"
#define SECRET "3q2+7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
/* "Repair the road" and a name, in Khmer: 3 bytes a character in UTF-8, 6 when escaped. */
#define KHMER_ACTIVITY "ជួសជុលផ្លូវ"
#define KHMER_NAME "សុខ ចាន់ថា"

typedef enum {
  PUSH,
  PUSH_ACK,
  PULL_PAGE,
  ENROLL_REQUEST,
  ENROLL_REPLY,
  TOKEN_REQUEST,
  TOKEN_REPLY,
  HELLO_REQUEST,
  HELLO_REPLY,
  ERROR_REPLY,
  REF_PAGE,
  N_MESSAGES,
} Message;

/* The tests write JSON with ' for ", which keeps it readable; no test needs a real '. */
static char *
json (const char *text)
{
  char *copy = g_strdup (text);

  g_strdelimit (copy, "'", '"');
  return copy;
}

static IsafUuid
uuid (const char *text)
{
  IsafUuid id;

  g_assert_true (isaf_uuid_parse (text, &id));
  return id;
}

static char *
bytes_to_string (GBytes *bytes)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  g_assert_null (memchr (data, '\0', length));
  return g_strndup (data, length);
}

static void
assert_bytes_json (GBytes     *bytes,
                   const char *expected)
{
  g_autofree char *text = bytes_to_string (bytes);
  g_autofree char *want = json (expected);

  g_assert_cmpstr (text, ==, want);
}

/* Decodes with any decoder, encodes again into *@encoded when it is not NULL, and frees what
 * it decoded. */
#define DECODE_NEW(Type, name)                                                             \
  G_STMT_START {                                                                           \
    g_autoptr(Type) decoded = isaf_wire_##name##_decode (data, length, error);             \
                                                                                           \
    if (decoded != NULL && encoded != NULL)                                                \
      *encoded = isaf_wire_##name##_encode (decoded);                                      \
    return decoded != NULL;                                                                \
  } G_STMT_END

#define DECODE_FILL(Type, name)                                                            \
  G_STMT_START {                                                                           \
    Type decoded;                                                                          \
                                                                                           \
    if (!isaf_wire_##name##_decode (data, length, &decoded, error))                        \
      return FALSE;                                                                        \
    if (encoded != NULL)                                                                   \
      *encoded = isaf_wire_##name##_encode (&decoded);                                     \
    isaf_wire_##name##_clear (&decoded);                                                   \
    return TRUE;                                                                           \
  } G_STMT_END

static gboolean
decode_encode (Message      message,
               const char  *data,
               gsize        length,
               GBytes     **encoded,
               GError     **error)
{
  switch (message)
    {
    case PUSH:
      DECODE_NEW (IsafWirePush, push);
    case PUSH_ACK:
      DECODE_NEW (IsafWirePushAck, push_ack);
    case PULL_PAGE:
      DECODE_NEW (IsafWirePullPage, pull_page);
    case ENROLL_REQUEST:
      DECODE_FILL (IsafWireEnrollRequest, enroll_request);
    case ENROLL_REPLY:
      DECODE_FILL (IsafWireEnrollReply, enroll_reply);
    case TOKEN_REQUEST:
      DECODE_FILL (IsafWireTokenRequest, token_request);
    case TOKEN_REPLY:
      DECODE_FILL (IsafWireTokenReply, token_reply);
    case HELLO_REQUEST:
      DECODE_FILL (IsafWireHelloRequest, hello_request);
    case HELLO_REPLY:
      DECODE_FILL (IsafWireHelloReply, hello_reply);
    case ERROR_REPLY:
      DECODE_FILL (IsafWireErrorReply, error_reply);
    case REF_PAGE:
      DECODE_NEW (IsafWireRefPage, ref_page);
    case N_MESSAGES:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
decode (Message     message,
        const char *data,
        gsize       length,
        GError    **error)
{
  return decode_encode (message, data, length, NULL, error);
}

/* @code is an IsafWireError, as an int like GError's. */
static void
assert_refused (Message     message,
                const char *data,
                gsize       length,
                int         code,
                const char *where)
{
  g_autoptr(GError) error = NULL;

  if (decode (message, data, length, &error))
    g_error ("accepted, expected error %d at \"%s\": %.*s", code, where, (int) MIN (length, 300),
             data);
  g_assert_error (error, ISAF_WIRE_ERROR, code);
  if (where != NULL && !g_str_has_prefix (error->message, where))
    g_error ("error \"%s\" does not start with \"%s\"", error->message, where);
}

static void
assert_refused_json (Message     message,
                     const char *text,
                     int         code,
                     const char *where)
{
  g_autofree char *data = json (text);

  assert_refused (message, data, strlen (data), code, where);
}

/* Round trips */

static void
assert_values_equal (const IsafValue *a,
                     const IsafValue *b)
{
  g_assert_cmpint (a->type, ==, b->type);
  g_assert_true (isaf_value_equal (a, b));
}

static void
assert_rows_equal (const IsafWireRow *a,
                   const IsafWireRow *b)
{
  g_assert_true (a->table == b->table);
  g_assert_true (isaf_uuid_equal (&a->id, &b->id));
  g_assert_cmpint (a->txid, ==, b->txid);
  g_assert_cmpint (a->seq, ==, b->seq);
  g_assert_cmpuint (a->fields->len, ==, b->fields->len);

  for (guint i = 0; i < a->fields->len; i++)
    {
      const IsafWireField *fa = &g_array_index (a->fields, IsafWireField, i);
      const IsafWireField *fb = &g_array_index (b->fields, IsafWireField, i);

      g_assert_true (fa->column == fb->column);
      /* Both static: the schema's name, or ISAF_WIRE_DELETED_FIELD. */
      g_assert_true (fa->name == fb->name);
      assert_values_equal (&fa->value, &fb->value);
      g_assert_cmpint (fa->hlc, ==, fb->hlc);
      g_assert_cmpint (fa->node, ==, fb->node);
      g_assert_cmpint (fa->has_base, ==, fb->has_base);
      g_assert_cmpint (fa->base_hlc, ==, fb->base_hlc);
      g_assert_cmpint (fa->base_node, ==, fb->base_node);
    }
}

static IsafWireField *
add_field (IsafWireRow     *row,
           const char      *name,
           const IsafValue *value,
           gint64           hlc)
{
  IsafWireField *field = isaf_wire_row_add_field (row, name, value);

  g_assert_nonnull (field);
  field->hlc = hlc;
  return field;
}

static IsafValue
text_value (const char *text)
{
  return (IsafValue) { .type = ISAF_VALUE_TEXT, .text = (char *) text };
}

static IsafValue
integer_value (gint64 integer)
{
  return (IsafValue) { .type = ISAF_VALUE_INTEGER, .integer = integer };
}

static IsafValue
real_value (double real)
{
  return (IsafValue) { .type = ISAF_VALUE_REAL, .real = real };
}

static IsafValue
id_value (const char *text)
{
  return (IsafValue) { .type = ISAF_VALUE_ID, .id = uuid (text) };
}

/* A push with a value of every column kind, null, the tombstone, and fields with and
 * without a base clock. */
static IsafWirePush *
make_push (void)
{
  IsafWirePush *push = isaf_wire_push_new ();
  const IsafValue null_value = { ISAF_VALUE_NULL };
  IsafUuid id;
  IsafWireRow *row;
  IsafWireField *field;
  IsafValue value;

  push->proto = 1;
  push->schema = 2;
  push->app = g_strdup ("0.1.0");
  push->device_id = uuid (DEVICE);
  push->batch_seq = 42;
  push->epoch = g_strdup ("e5b1");

  id = uuid (ACTION);
  row = isaf_wire_row_new (isaf_schema_find_table ("jaap_action"), &id);
  row->txid = 881;
  value = text_value ("completed");
  field = add_field (row, "status", &value, G_GINT64_CONSTANT (113547673600000003));
  field->has_base = TRUE;
  field->base_hlc = G_GINT64_CONSTANT (113540000000000001);
  field->base_node = 77;
  value = text_value (KHMER_ACTIVITY);
  add_field (row, "activity", &value, G_GINT64_CONSTANT (113547673600000003));
  value = real_value (2.5);
  add_field (row, "quantity", &value, G_GINT64_CONSTANT (113547673600000003));
  value = integer_value (1500000);
  add_field (row, "estimated_cost_riel", &value, G_GINT64_CONSTANT (113547673600000003));
  value = text_value ("2026-03-01");
  add_field (row, "start_on", &value, G_GINT64_CONSTANT (113547673600000003));
  value = integer_value (240);
  add_field (row, "beneficiaries_total", &value, G_GINT64_CONSTANT (113547673600000003));
  g_ptr_array_add (push->rows, row);

  id = uuid (CAF);
  row = isaf_wire_row_new (isaf_schema_find_table ("caf"), &id);
  row->txid = 882;
  value = text_value (KHMER_NAME);
  add_field (row, "name_km", &value, 4);
  value = integer_value (1984);
  add_field (row, "birth_year", &value, 4);
  value = id_value (VILLAGE);
  add_field (row, "village_id", &value, 4);
  field = add_field (row, "phone", &null_value, 4);
  field->has_base = TRUE;
  field->base_hlc = G_MININT64;
  field->base_node = G_MAXINT64;
  value = integer_value (1);
  add_field (row, "is_village_official", &value, G_MAXINT64);
  g_ptr_array_add (push->rows, row);

  id = uuid (VILLAGE);
  row = isaf_wire_row_new (isaf_schema_find_table ("village"), &id);
  row->txid = 883;
  value = text_value ("01020304");
  add_field (row, "code", &value, 5);
  value = integer_value (1);
  add_field (row, ISAF_WIRE_DELETED_FIELD, &value, 5);
  g_ptr_array_add (push->rows, row);

  id = uuid (CONFLICT);
  row = isaf_wire_row_new (isaf_schema_find_table ("scorecard_vote"), &id);
  value = integer_value (5);
  add_field (row, "score", &value, 0);
  g_ptr_array_add (push->rows, row);

  return push;
}

static IsafWirePush *
decode_push_bytes (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  IsafWirePush *push = isaf_wire_push_decode (data, length, &error);

  g_assert_no_error (error);
  return push;
}

static void
test_push_round_trip (void)
{
  g_autoptr(IsafWirePush) push = make_push ();
  g_autoptr(IsafWirePush) decoded = NULL;
  g_autoptr(GBytes) bytes = isaf_wire_push_encode (push);
  g_autoptr(GBytes) again = isaf_wire_push_encode (push);
  g_autoptr(GBytes) re_encoded = NULL;

  g_assert_true (g_bytes_equal (bytes, again));

  decoded = decode_push_bytes (bytes);
  g_assert_cmpint (decoded->proto, ==, push->proto);
  g_assert_cmpint (decoded->schema, ==, push->schema);
  g_assert_cmpstr (decoded->app, ==, push->app);
  g_assert_true (isaf_uuid_equal (&decoded->device_id, &push->device_id));
  g_assert_cmpint (decoded->batch_seq, ==, push->batch_seq);
  g_assert_cmpstr (decoded->epoch, ==, push->epoch);
  g_assert_cmpuint (decoded->rows->len, ==, push->rows->len);
  for (guint i = 0; i < push->rows->len; i++)
    assert_rows_equal (g_ptr_array_index (push->rows, i), g_ptr_array_index (decoded->rows, i));

  re_encoded = isaf_wire_push_encode (decoded);
  g_assert_true (g_bytes_equal (bytes, re_encoded));
}

static void
test_push_bytes (void)
{
  g_autoptr(IsafWirePush) push = isaf_wire_push_new ();
  g_autoptr(IsafWirePush) decoded = NULL;
  g_autoptr(GBytes) bytes = NULL;
  IsafUuid id = uuid (ACTION);
  IsafWireRow *row = isaf_wire_row_new (isaf_schema_find_table ("jaap_action"), &id);
  IsafValue value = text_value ("completed");
  IsafWireField *field;

  push->schema = 2;
  push->app = g_strdup ("0.1.0");
  push->device_id = uuid (DEVICE);
  push->batch_seq = 1;
  row->txid = 881;
  field = add_field (row, "status", &value, G_GINT64_CONSTANT (113547673600000003));
  field->has_base = TRUE;
  field->base_hlc = G_GINT64_CONSTANT (113540000000000001);
  field->base_node = 77;
  g_ptr_array_add (push->rows, row);

  /* No epoch before the first pull: the key is left out, never null. */
  bytes = isaf_wire_push_encode (push);
  assert_bytes_json (bytes, "{'proto':1,'schema':2,'app':'0.1.0','device_id':'" DEVICE "',"
                            "'batch_seq':1,'rows':[{'t':'jaap_action','id':'" ACTION "',"
                            "'txid':881,'f':{'status':{'v':'completed',"
                            "'h':'113547673600000003','b':'113540000000000001','bn':'77'}}}]}");
  decoded = decode_push_bytes (bytes);
  g_assert_null (decoded->epoch);
  /* The server knows the device's node: a pushed field carries none. */
  g_assert_cmpint (g_array_index (((IsafWireRow *) decoded->rows->pdata[0])->fields,
                                  IsafWireField, 0).node, ==, 0);
}

static void
test_push_khmer (void)
{
  g_autoptr(IsafWirePush) push = make_push ();
  g_autoptr(GBytes) bytes = isaf_wire_push_encode (push);
  g_autofree char *text = bytes_to_string (bytes);
  guint spaces = 0;

  /* Raw UTF-8, as the strings were given; "\u" would mean escapes (6 bytes a character). */
  g_assert_nonnull (strstr (text, "\"" KHMER_ACTIVITY "\""));
  g_assert_nonnull (strstr (text, "\"" KHMER_NAME "\""));
  g_assert_null (strstr (text, "\\u"));
  /* Compact: the only space is the one inside the name, and there is no line break. */
  for (const char *p = text; *p != '\0'; p++)
    spaces += *p == ' ';
  g_assert_cmpuint (spaces, ==, 1);
  g_assert_null (strchr (text, '\n'));
}

static void
test_push_empty (void)
{
  g_autoptr(IsafWirePush) push = isaf_wire_push_new ();
  g_autoptr(IsafWirePush) decoded = NULL;
  g_autoptr(GBytes) bytes = NULL;

  push->app = g_strdup ("");
  push->batch_seq = G_MAXINT64;
  push->epoch = g_strdup ("");
  bytes = isaf_wire_push_encode (push);
  decoded = decode_push_bytes (bytes);
  g_assert_cmpstr (decoded->app, ==, "");
  g_assert_cmpstr (decoded->epoch, ==, "");
  g_assert_cmpint (decoded->batch_seq, ==, G_MAXINT64);
  g_assert_cmpuint (decoded->rows->len, ==, 0);
}

static void
test_push_reals (void)
{
  const double reals[] = { 0.1, 1.0 / 3.0, -2.5, 3.0, 1e300, -1e-300, 4.9e-324, 123456789.125,
                           9007199254740993.0, -0.0 };

  for (guint i = 0; i < G_N_ELEMENTS (reals); i++)
    {
      g_autoptr(IsafWirePush) push = isaf_wire_push_new ();
      g_autoptr(IsafWirePush) decoded = NULL;
      g_autoptr(GBytes) bytes = NULL;
      IsafUuid id = uuid (ACTION);
      IsafWireRow *row = isaf_wire_row_new (isaf_schema_find_table ("i4c_value"), &id);
      IsafValue value = real_value (reals[i]);
      const IsafWireField *field;

      push->app = g_strdup ("0.1.0");
      push->batch_seq = 1;
      add_field (row, "value", &value, 1);
      g_ptr_array_add (push->rows, row);
      bytes = isaf_wire_push_encode (push);
      decoded = decode_push_bytes (bytes);
      field = isaf_wire_row_find_field (g_ptr_array_index (decoded->rows, 0), "value");
      g_assert_cmpint (field->value.type, ==, ISAF_VALUE_REAL);
      g_assert_cmpfloat (field->value.real, ==, reals[i]);
    }

  /* Shortest text that reads back the same; a whole real without a fraction. */
  {
    g_autoptr(IsafWirePush) push = isaf_wire_push_new ();
    g_autoptr(GBytes) bytes = NULL;
    g_autofree char *text = NULL;
    IsafUuid id = uuid (ACTION);
    IsafWireRow *row = isaf_wire_row_new (isaf_schema_find_table ("i4c_value"), &id);
    IsafValue value = real_value (0.1);

    push->app = g_strdup ("0.1.0");
    push->batch_seq = 1;
    add_field (row, "value", &value, 1);
    g_ptr_array_add (push->rows, row);
    bytes = isaf_wire_push_encode (push);
    text = bytes_to_string (bytes);
    g_assert_nonnull (strstr (text, "{\"v\":0.1,"));
  }
}

static void
test_row_add_field (void)
{
  IsafUuid id = uuid (ACTION);
  g_autoptr(IsafWireRow) row = isaf_wire_row_new (isaf_schema_find_table ("jaap_action"), &id);
  IsafValue value = integer_value (3);
  const IsafWireField *field;

  /* A whole real from an untyped column becomes a real. */
  field = isaf_wire_row_add_field (row, "quantity", &value);
  g_assert_cmpint (field->value.type, ==, ISAF_VALUE_REAL);
  g_assert_cmpfloat (field->value.real, ==, 3.0);
  g_assert_true (field->column == isaf_schema_find_column (row->table, "quantity"));

  value = integer_value (1);
  field = isaf_wire_row_add_field (row, ISAF_WIRE_DELETED_FIELD, &value);
  g_assert_null (field->column);
  g_assert_cmpstr (field->name, ==, ISAF_WIRE_DELETED_FIELD);
  g_assert_true (isaf_wire_row_find_field (row, "deleted") == field);
  g_assert_null (isaf_wire_row_find_field (row, "status"));
}

/* Not a column, of the wrong kind, twice, a tombstone that is not 0 or 1: programming
 * errors, refused before they reach the wire. */
static void
test_row_add_field_refused (void)
{
  IsafUuid id = uuid (ACTION);
  g_autoptr(IsafWireRow) row = isaf_wire_row_new (isaf_schema_find_table ("jaap_action"), &id);
  IsafValue text = text_value ("x");
  IsafValue two = integer_value (2);
  static const struct {
    const char *name;
    const char *condition;
  } refused[] = {
    { "commune_id", "*wire_name != NULL*" },
    { "position", "*isaf_wire_value_fits*" },
    { "activity", "*isaf_wire_row_find_field*" },
  };

  g_assert_nonnull (isaf_wire_row_add_field (row, "activity", &text));
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_test_expect_message ("isaf-wire", G_LOG_LEVEL_CRITICAL, refused[i].condition);
      g_assert_null (isaf_wire_row_add_field (row, refused[i].name, &text));
      g_test_assert_expected_messages ();
    }
  g_test_expect_message ("isaf-wire", G_LOG_LEVEL_CRITICAL, "*isaf_wire_value_fits*");
  g_assert_null (isaf_wire_row_add_field (row, ISAF_WIRE_DELETED_FIELD, &two));
  g_test_assert_expected_messages ();
  g_assert_cmpuint (row->fields->len, ==, 1);
}

static void
test_push_ack_round_trip (void)
{
  g_autoptr(IsafWirePushAck) ack = isaf_wire_push_ack_new ();
  g_autoptr(IsafWirePushAck) decoded = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;

  ack->batch_seq = 42;
  ack->status = g_strdup ("applied");
  ack->server_time_ms = G_GINT64_CONSTANT (1732600000000);
  isaf_wire_push_ack_add_reject (ack, 3, "amount_riel", "validation",
                                 "ចំនួនទឹកប្រាក់ must be 0 or more\n\"quoted\"");
  isaf_wire_push_ack_add_reject (ack, 4, NULL, "read_only", "");
  isaf_wire_push_ack_add_clock (ack, 5, "status", G_GINT64_CONSTANT (113547690000000000));

  bytes = isaf_wire_push_ack_encode (ack);
  assert_bytes_json (bytes, "{'batch_seq':42,'status':'applied','server_time_ms':1732600000000,"
                            "'rejects':[{'row':3,'field':'amount_riel','code':'validation',"
                            "'message':'ចំនួនទឹកប្រាក់ must be 0 or more\\n\\'quoted\\''},"
                            "{'row':4,'code':'read_only','message':''}],"
                            "'clocks':[{'row':5,'field':'status','h':'113547690000000000'}]}");

  decoded = isaf_wire_push_ack_decode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                       &error);
  g_assert_no_error (error);
  g_assert_cmpint (decoded->batch_seq, ==, 42);
  g_assert_cmpstr (decoded->status, ==, "applied");
  g_assert_cmpint (decoded->server_time_ms, ==, ack->server_time_ms);
  g_assert_cmpuint (decoded->rejects->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      IsafWireReject *a = &g_array_index (ack->rejects, IsafWireReject, i);
      IsafWireReject *b = &g_array_index (decoded->rejects, IsafWireReject, i);

      g_assert_cmpuint (a->row, ==, b->row);
      g_assert_cmpstr (a->field, ==, b->field);
      g_assert_cmpstr (a->code, ==, b->code);
      g_assert_cmpstr (a->message, ==, b->message);
    }
  g_assert_cmpuint (decoded->clocks->len, ==, 1);
  g_assert_cmpuint (g_array_index (decoded->clocks, IsafWireClock, 0).row, ==, 5);
  g_assert_cmpstr (g_array_index (decoded->clocks, IsafWireClock, 0).field, ==, "status");
  g_assert_cmpint (g_array_index (decoded->clocks, IsafWireClock, 0).hlc, ==,
                   G_GINT64_CONSTANT (113547690000000000));

  again = isaf_wire_push_ack_encode (decoded);
  g_assert_true (g_bytes_equal (bytes, again));
}

static IsafWirePullPage *
make_page (void)
{
  IsafWirePullPage *page = isaf_wire_pull_page_new ();
  IsafWireConflict conflict = { { { 0 } } };
  IsafUuid id = uuid (ACTION);
  IsafWireRow *row;
  IsafWireField *field;
  IsafValue value;

  page->epoch = g_strdup ("e5b1");
  page->next_cursor = g_strdup ("ZTViMToxNDAxMDQ2");
  page->has_more = TRUE;
  page->upto = 1401046;
  page->server_time_ms = G_GINT64_CONSTANT (1732600000000);

  row = isaf_wire_row_new (isaf_schema_find_table ("jaap_action"), &id);
  row->seq = 1401045;
  value = text_value ("completed");
  field = add_field (row, "status", &value, G_GINT64_CONSTANT (113547673600000003));
  field->node = 77;
  value = text_value (KHMER_ACTIVITY);
  field = add_field (row, "activity", &value, 2);
  field->node = -1;
  value = integer_value (0);
  field = add_field (row, ISAF_WIRE_DELETED_FIELD, &value, 1);
  field->node = 77;
  g_ptr_array_add (page->rows, row);

  conflict.id = uuid (CONFLICT);
  conflict.seq = 1401046;
  conflict.table = isaf_schema_find_table ("jaap_action");
  conflict.row_id = uuid (ACTION);
  conflict.field = "status";
  conflict.winning_value.type = ISAF_VALUE_TEXT;
  conflict.winning_value.text = g_strdup ("completed");
  conflict.winning_hlc = G_GINT64_CONSTANT (113547673600000003);
  conflict.winning_node = 77;
  conflict.losing_value.type = ISAF_VALUE_NULL;
  conflict.losing_hlc = G_GINT64_CONSTANT (113547673500000000);
  conflict.losing_node = 78;
  conflict.reason = g_strdup ("concurrent_edit");
  conflict.logged_at = g_strdup ("2026-11-27T01:02:03Z");
  g_array_append_val (page->conflicts, conflict);

  memset (&conflict, 0, sizeof conflict);
  conflict.id = uuid (VILLAGE);
  conflict.seq = 1401040;
  conflict.table = isaf_schema_find_table ("caf");
  conflict.row_id = uuid (CAF);
  conflict.field = ISAF_WIRE_DELETED_FIELD;
  conflict.winning_value.type = ISAF_VALUE_INTEGER;
  conflict.winning_value.integer = 1;
  conflict.losing_value.type = ISAF_VALUE_INTEGER;
  conflict.losing_value.integer = 0;
  conflict.reason = g_strdup ("edited_deleted_row");
  conflict.logged_at = g_strdup ("2024-02-29T23:59:59Z");
  g_array_append_val (page->conflicts, conflict);

  return page;
}

static void
test_pull_page_round_trip (void)
{
  g_autoptr(IsafWirePullPage) page = make_page ();
  g_autoptr(IsafWirePullPage) decoded = NULL;
  g_autoptr(GBytes) bytes = isaf_wire_pull_page_encode (page);
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = bytes_to_string (bytes);

  g_assert_true (g_str_has_prefix (text, "{\"epoch\":\"e5b1\",\"rows\":[{\"t\":\"jaap_action\","
                                         "\"id\":\"" ACTION "\",\"seq\":1401045,\"f\":{\"status\":"
                                         "{\"v\":\"completed\",\"h\":\"113547673600000003\","
                                         "\"n\":\"77\"},"));
  g_assert_true (g_str_has_suffix (text, "\"next_cursor\":\"ZTViMToxNDAxMDQ2\",\"has_more\":true,"
                                         "\"upto\":1401046,\"server_time_ms\":1732600000000}"));
  g_assert_nonnull (strstr (text, KHMER_ACTIVITY));

  decoded = isaf_wire_pull_page_decode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                        &error);
  g_assert_no_error (error);
  g_assert_cmpstr (decoded->epoch, ==, page->epoch);
  g_assert_cmpstr (decoded->next_cursor, ==, page->next_cursor);
  g_assert_cmpint (decoded->has_more, ==, page->has_more);
  g_assert_cmpint (decoded->upto, ==, page->upto);
  g_assert_cmpint (decoded->server_time_ms, ==, page->server_time_ms);
  g_assert_cmpuint (decoded->rows->len, ==, 1);
  assert_rows_equal (g_ptr_array_index (page->rows, 0), g_ptr_array_index (decoded->rows, 0));

  g_assert_cmpuint (decoded->conflicts->len, ==, page->conflicts->len);
  for (guint i = 0; i < page->conflicts->len; i++)
    {
      IsafWireConflict *a = &g_array_index (page->conflicts, IsafWireConflict, i);
      IsafWireConflict *b = &g_array_index (decoded->conflicts, IsafWireConflict, i);

      g_assert_true (isaf_uuid_equal (&a->id, &b->id));
      g_assert_cmpint (a->seq, ==, b->seq);
      g_assert_true (a->table == b->table);
      g_assert_true (isaf_uuid_equal (&a->row_id, &b->row_id));
      g_assert_cmpstr (a->field, ==, b->field);
      assert_values_equal (&a->winning_value, &b->winning_value);
      g_assert_cmpint (a->winning_hlc, ==, b->winning_hlc);
      g_assert_cmpint (a->winning_node, ==, b->winning_node);
      assert_values_equal (&a->losing_value, &b->losing_value);
      g_assert_cmpint (a->losing_hlc, ==, b->losing_hlc);
      g_assert_cmpint (a->losing_node, ==, b->losing_node);
      g_assert_cmpstr (a->reason, ==, b->reason);
      g_assert_cmpstr (a->logged_at, ==, b->logged_at);
    }

  again = isaf_wire_pull_page_encode (decoded);
  g_assert_true (g_bytes_equal (bytes, again));
}

static void
test_session_round_trip (void)
{
  g_autoptr(GError) error = NULL;

  {
    IsafWireEnrollRequest request = { g_strdup ("K7QF2M9XPA"), g_strdup (SECRET),
                                      g_strdup ("កុំព្យូទ័រ ឃុំ") };
    IsafWireEnrollRequest out;
    g_autoptr(GBytes) bytes = isaf_wire_enroll_request_encode (&request);
    g_autoptr(GBytes) again = NULL;

    assert_bytes_json (bytes, "{'code':'K7QF2M9XPA','secret':'" SECRET "',"
                              "'description':'កុំព្យូទ័រ ឃុំ'}");
    g_assert_true (isaf_wire_enroll_request_decode (g_bytes_get_data (bytes, NULL),
                                                    g_bytes_get_size (bytes), &out, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (out.code, ==, request.code);
    g_assert_cmpstr (out.secret, ==, request.secret);
    g_assert_cmpstr (out.description, ==, request.description);
    again = isaf_wire_enroll_request_encode (&out);
    g_assert_true (g_bytes_equal (bytes, again));
    isaf_wire_enroll_request_clear (&out);

    /* Without a description the key is left out. */
    g_clear_pointer (&request.description, g_free);
    g_clear_pointer (&again, g_bytes_unref);
    again = isaf_wire_enroll_request_encode (&request);
    assert_bytes_json (again, "{'code':'K7QF2M9XPA','secret':'" SECRET "'}");
    g_assert_true (isaf_wire_enroll_request_decode (g_bytes_get_data (again, NULL),
                                                    g_bytes_get_size (again), &out, &error));
    g_assert_null (out.description);
    isaf_wire_enroll_request_clear (&out);
    isaf_wire_enroll_request_clear (&request);
    g_assert_null (request.code);
  }

  {
    IsafWireEnrollReply reply = { uuid (DEVICE), G_MAXINT64, g_strdup ("010203") };
    IsafWireEnrollReply out;
    g_autoptr(GBytes) bytes = isaf_wire_enroll_reply_encode (&reply);

    assert_bytes_json (bytes, "{'device_id':'" DEVICE "','node_id':'9223372036854775807',"
                              "'commune_id':'010203'}");
    g_assert_true (isaf_wire_enroll_reply_decode (g_bytes_get_data (bytes, NULL),
                                                  g_bytes_get_size (bytes), &out, &error));
    g_assert_true (isaf_uuid_equal (&out.device_id, &reply.device_id));
    g_assert_cmpint (out.node_id, ==, G_MAXINT64);
    g_assert_cmpstr (out.commune_id, ==, "010203");
    isaf_wire_enroll_reply_clear (&out);
    isaf_wire_enroll_reply_clear (&reply);
  }

  {
    IsafWireTokenRequest request = { uuid (DEVICE), g_strdup (SECRET) };
    IsafWireTokenRequest out;
    g_autoptr(GBytes) bytes = isaf_wire_token_request_encode (&request);

    assert_bytes_json (bytes, "{'device_id':'" DEVICE "','secret':'" SECRET "'}");
    g_assert_true (isaf_wire_token_request_decode (g_bytes_get_data (bytes, NULL),
                                                   g_bytes_get_size (bytes), &out, &error));
    g_assert_true (isaf_uuid_equal (&out.device_id, &request.device_id));
    g_assert_cmpstr (out.secret, ==, SECRET);
    isaf_wire_token_request_clear (&out);
    isaf_wire_token_request_clear (&request);
  }

  {
    IsafWireTokenReply reply = { g_strdup ("opaque.token"), 3600 };
    IsafWireTokenReply out;
    g_autoptr(GBytes) bytes = isaf_wire_token_reply_encode (&reply);

    assert_bytes_json (bytes, "{'token':'opaque.token','expires_in':3600}");
    g_assert_true (isaf_wire_token_reply_decode (g_bytes_get_data (bytes, NULL),
                                                 g_bytes_get_size (bytes), &out, &error));
    g_assert_cmpstr (out.token, ==, "opaque.token");
    g_assert_cmpint (out.expires_in_seconds, ==, 3600);
    isaf_wire_token_reply_clear (&out);
    isaf_wire_token_reply_clear (&reply);
  }

  {
    IsafWireHelloRequest request = { 1, 2, g_strdup ("0.1.0") };
    IsafWireHelloRequest out;
    g_autoptr(GBytes) bytes = isaf_wire_hello_request_encode (&request);

    assert_bytes_json (bytes, "{'proto':1,'schema':2,'app':'0.1.0'}");
    g_assert_true (isaf_wire_hello_request_decode (g_bytes_get_data (bytes, NULL),
                                                   g_bytes_get_size (bytes), &out, &error));
    g_assert_cmpint (out.proto, ==, 1);
    g_assert_cmpint (out.schema, ==, 2);
    g_assert_cmpstr (out.app, ==, "0.1.0");
    isaf_wire_hello_request_clear (&out);
    isaf_wire_hello_request_clear (&request);
  }

  {
    IsafWireHelloReply reply = { G_GINT64_CONSTANT (1732600000000), 1, 1, 1, 2, g_strdup ("e5b1"),
                                 g_strdup ("010203"), g_strdup ("revoked"), 41 };
    IsafWireHelloReply out;
    g_autoptr(GBytes) bytes = isaf_wire_hello_reply_encode (&reply);
    g_autoptr(GBytes) again = NULL;

    assert_bytes_json (bytes, "{'server_time_ms':1732600000000,'proto_min':1,'proto_max':1,"
                              "'schema_min':1,'schema_max':2,'epoch':'e5b1',"
                              "'commune_id':'010203','device_status':'revoked',"
                              "'last_batch_seq':41}");
    g_assert_true (isaf_wire_hello_reply_decode (g_bytes_get_data (bytes, NULL),
                                                 g_bytes_get_size (bytes), &out, &error));
    g_assert_cmpint (out.server_time_ms, ==, reply.server_time_ms);
    g_assert_cmpint (out.proto_min, ==, 1);
    g_assert_cmpint (out.proto_max, ==, 1);
    g_assert_cmpint (out.schema_min, ==, 1);
    g_assert_cmpint (out.schema_max, ==, 2);
    g_assert_cmpstr (out.epoch, ==, "e5b1");
    g_assert_cmpstr (out.commune_id, ==, "010203");
    g_assert_cmpstr (out.device_status, ==, "revoked");
    g_assert_cmpint (out.last_batch_seq, ==, 41);
    again = isaf_wire_hello_reply_encode (&out);
    g_assert_true (g_bytes_equal (bytes, again));
    isaf_wire_hello_reply_clear (&out);
    isaf_wire_hello_reply_clear (&reply);
  }

  {
    IsafWireErrorReply reply = { g_strdup ("batch_gap"), g_strdup ("Batch 42 was expected"), 42 };
    IsafWireErrorReply out;
    g_autoptr(GBytes) bytes = isaf_wire_error_reply_encode (&reply);
    g_autoptr(GBytes) plain = NULL;

    assert_bytes_json (bytes, "{'code':'batch_gap','message':'Batch 42 was expected',"
                              "'expected_batch_seq':42}");
    g_assert_true (isaf_wire_error_reply_decode (g_bytes_get_data (bytes, NULL),
                                                 g_bytes_get_size (bytes), &out, &error));
    g_assert_cmpstr (out.code, ==, "batch_gap");
    g_assert_cmpstr (out.message, ==, reply.message);
    g_assert_cmpint (out.expected_batch_seq, ==, 42);
    isaf_wire_error_reply_clear (&out);

    reply.expected_batch_seq = 0;
    plain = isaf_wire_error_reply_encode (&reply);
    assert_bytes_json (plain, "{'code':'batch_gap','message':'Batch 42 was expected'}");
    g_assert_true (isaf_wire_error_reply_decode (g_bytes_get_data (plain, NULL),
                                                 g_bytes_get_size (plain), &out, &error));
    g_assert_cmpint (out.expected_batch_seq, ==, 0);
    isaf_wire_error_reply_clear (&out);
    isaf_wire_error_reply_clear (&reply);
  }
}

/* A page of the national reference stream: the body travels as it is, Khmer, tabs and line
 * breaks included, with its SHA-256. */
#define SHA256_OF_ABC "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

static void
test_ref_page_round_trip (void)
{
  const char *body = "# dataset: i4c-indicators\n# version: 2\n"
                     "hc_anc4\thealth_centre\t1\tស្ត្រីមានផ្ទៃពោះ\tANC\t%\t80\t1\tpregnancy\n";
  g_autoptr(IsafWireRefPage) page = isaf_wire_ref_page_new ();
  g_autoptr(IsafWireRefPage) out = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;
  const IsafWireRefSet *set;

  page->next_cursor = g_strdup ("7");
  isaf_wire_ref_page_add_set (page, "scorecard-indicators", 1, 3, "2026-11-26T08:00:00Z", "abc");
  bytes = isaf_wire_ref_page_encode (page);
  assert_bytes_json (bytes, "{'sets':[{'name':'scorecard-indicators','version':1,'seq':'3',"
                            "'sha256':'" SHA256_OF_ABC "','published_at':'2026-11-26T08:00:00Z',"
                            "'body':'abc'}],'next_cursor':'7','has_more':false}");

  isaf_wire_ref_page_add_set (page, "i4c-indicators", 2, 7, "2027-01-15T02:03:04Z", body);
  page->has_more = TRUE;
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = isaf_wire_ref_page_encode (page);
  out = isaf_wire_ref_page_decode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpuint (out->sets->len, ==, 2);
  g_assert_cmpstr (out->next_cursor, ==, "7");
  g_assert_true (out->has_more);
  set = &g_array_index (out->sets, IsafWireRefSet, 1);
  g_assert_cmpstr (set->name, ==, "i4c-indicators");
  g_assert_cmpint (set->version, ==, 2);
  g_assert_cmpint (set->seq, ==, 7);
  g_assert_cmpstr (set->published_at, ==, "2027-01-15T02:03:04Z");
  g_assert_cmpstr (set->body, ==, body);
  again = isaf_wire_ref_page_encode (out);
  g_assert_true (g_bytes_equal (bytes, again));
}

/* The seed corpus of the fuzz target holds one valid message of each kind (the examples of
 * src/sync/sync-protocol.md) and a few broken ones. */
static void
test_corpus (void)
{
  static const struct {
    const char *file;
    Message message;
  } valid[] = {
    { "push.json", PUSH },
    { "push-ack.json", PUSH_ACK },
    { "pull-page.json", PULL_PAGE },
    { "enroll-request.json", ENROLL_REQUEST },
    { "enroll-reply.json", ENROLL_REPLY },
    { "token-request.json", TOKEN_REQUEST },
    { "token-reply.json", TOKEN_REPLY },
    { "hello-request.json", HELLO_REQUEST },
    { "hello-reply.json", HELLO_REPLY },
    { "error-reply.json", ERROR_REPLY },
  };
  static const char * const broken[] = {
    "broken-deep.json", "broken-duplicate.json", "broken-truncated.json", "broken-utf8.json",
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "sync", "corpus",
                                                     valid[i].file, NULL);
      g_autofree char *data = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (path, &data, &length, NULL));
      for (Message m = 0; m < N_MESSAGES; m++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GBytes) encoded = NULL;
          gboolean ok = decode_encode (m, data, length, &encoded, &error);

          if (m != valid[i].message)
            {
              g_assert_false (ok);
              continue;
            }
          /* The files are written as the encoder writes: the same bytes come back. */
          g_assert_no_error (error);
          g_assert_cmpmem (g_bytes_get_data (encoded, NULL), g_bytes_get_size (encoded),
                           data, length);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "sync", "corpus",
                                                     broken[i], NULL);
      g_autofree char *data = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (path, &data, &length, NULL));
      for (Message m = 0; m < N_MESSAGES; m++)
        g_assert_false (decode (m, data, length, NULL));
    }
}

/* Refusals */

static void
test_refuse_malformed (void)
{
  static const char * const texts[] = {
    "", "   ", "{", "}", "[", "{'code':'x','message':'y'", "{'code':'x','message':'y'} x",
    "{'code':'x','message':'y'}{}", "{'code':'x','message':'y',}", "{,'code':'x','message':'y'}",
    "{'code':'x' 'message':'y'}", "{'code' 'x','message':'y'}", "{'code':'x';'message':'y'}",
    "{code:'x','message':'y'}", "/* c */{'code':'x','message':'y'}", "{'code':'x','message':y}",
    "{'code':'x','message':'y','expected_batch_seq':01}",
    "{'code':'x','message':'y','expected_batch_seq':0x10}",
    "{'code':'x','message':'y','expected_batch_seq':+1}",
    "{'code':'x','message':'y','expected_batch_seq':1.}",
    "{'code':'x','message':'y','expected_batch_seq':.5}",
    "{'code':'x','message':'y','expected_batch_seq':1e}",
    "{'code':'x','message':'y','expected_batch_seq':-}",
    "{'code':'x','message':'y','expected_batch_seq':NaN}",
    "{'code':'x','message':'y','expected_batch_seq':Infinity}",
    "{'code':'x','message':'y','expected_batch_seq':tru}",
    "{'code':'x','message':'y','expected_batch_seq':True}",
    "{'code':'\\x','message':'y'}", "{'code':'\\u12','message':'y'}",
    "{'code':'\\u0000','message':'y'}", "{'code':'\\ud800','message':'y'}",
    "{'code':'\\udc00\\ud800','message':'y'}", "{'code':'\\ud800\\u0041','message':'y'}",
    "{'code':'x\ty','message':'y'}", "{'code':'x\ny','message':'y'}", "{'code':'x",
    /* Integers outside gint64 (json-glib would wrap them), reals outside a double. */
    "{'code':'x','message':'y','expected_batch_seq':9223372036854775808}",
    "{'code':'x','message':'y','expected_batch_seq':-9223372036854775809}",
    "{'code':'x','message':'y','expected_batch_seq':123456789012345678901234567890}",
    "{'code':'x','message':'y','expected_batch_seq':1e999}",
    "{'code':'x','message':'y','expected_batch_seq':-1e999}",
  };
  const char *largest;

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    assert_refused_json (ERROR_REPLY, texts[i], ISAF_WIRE_ERROR_MALFORMED, NULL);

  /* A single quote is not JSON either (written here without the test's ' for "). */
  assert_refused (ERROR_REPLY, "{'code':'x','message':'y'}", 26, ISAF_WIRE_ERROR_MALFORMED,
                  "byte 1: unexpected character '''");
  assert_refused_json (ERROR_REPLY, "{'code':'x','message':'y'} x", ISAF_WIRE_ERROR_MALFORMED,
                       "byte 27: unexpected text after the end");
  assert_refused_json (ERROR_REPLY, "  ", ISAF_WIRE_ERROR_MALFORMED, "the message is empty");
  assert_refused (ERROR_REPLY, NULL, 0, ISAF_WIRE_ERROR_MALFORMED, "the message is empty");
  /* The largest and smallest gint64 are fine. */
  largest = "{\"code\":\"x\",\"message\":\"y\",\"expected_batch_seq\":9223372036854775807}";
  g_assert_true (decode (ERROR_REPLY, largest, strlen (largest), NULL));
}

static void
test_refuse_utf8 (void)
{
  static const char * const texts[] = {
    "{\"code\":\"\xff\",\"message\":\"y\"}",
    "{\"code\":\"\xc0\xaf\",\"message\":\"y\"}",                 /* overlong '/' */
    "{\"code\":\"\xed\xa0\x80\",\"message\":\"y\"}",             /* a surrogate in UTF-8 */
    "{\"code\":\"\xe1\x9e\",\"message\":\"y\"}",                 /* cut in the middle */
    "{\"code\":\"x\",\"message\":\"y\"}\xe1",
  };
  const char *surrogates;

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    for (Message m = 0; m < N_MESSAGES; m++)
      assert_refused (m, texts[i], strlen (texts[i]), ISAF_WIRE_ERROR_MALFORMED, "byte ");

  /* A NUL byte inside the given length, and outside a string. */
  assert_refused (ERROR_REPLY, "{\"code\":\"x\0\",\"message\":\"y\"}", 27,
                  ISAF_WIRE_ERROR_MALFORMED, "byte 10: not valid UTF-8");
  assert_refused (ERROR_REPLY, "{\"code\":\"x\",\"message\":\"y\"}\0", 27,
                  ISAF_WIRE_ERROR_MALFORMED, "byte 26: not valid UTF-8");
  /* Escapes of characters outside the BMP are fine when paired. */
  surrogates = "{\"code\":\"\\ud83d\\ude00\",\"message\":\"\\u00e9\"}";
  g_assert_true (decode (ERROR_REPLY, surrogates, strlen (surrogates), NULL));
}

/* Message skeletons for the refusal tables, in the tests' ' for " notation. */
#define PUSH_OF(rows) \
  "{'proto':1,'schema':2,'app':'a','device_id':'" DEVICE "','batch_seq':1,'rows':[" rows "]}"
#define PUSHED_CAF(fields) "{'t':'caf','id':'" CAF "','txid':1,'f':{" fields "}}"
#define PAGE_OF(rows, conflicts) \
  "{'epoch':'e','rows':[" rows "],'conflicts':[" conflicts "],'next_cursor':'c'," \
  "'has_more':false,'upto':0,'server_time_ms':0}"
#define PULLED_CAF(fields) "{'t':'caf','id':'" CAF "','seq':1,'f':{" fields "}}"
#define CONFLICT_OF(table, field, winner, reason, logged_at) \
  PAGE_OF ("", "{'id':'" CONFLICT "','seq':1,'t':'" table "','row_id':'" CAF "'," \
           "'field':'" field "','winner':{'v':" winner ",'h':'1','n':'1'}," \
           "'loser':{'v':'m','h':'1','n':'2'},'reason':'" reason "'," \
           "'logged_at':'" logged_at "'}")
#define LOGGED_AT "2026-11-27T01:02:03Z"
#define ACK_OF(rejects, clocks) \
  "{'batch_seq':1,'status':'applied','server_time_ms':0,'rejects':[" rejects "]," \
  "'clocks':[" clocks "]}"
#define REF_SET(version, seq, sha256, published_at, body) \
  "{'name':'i4c-indicators','version':" version ",'seq':" seq ",'sha256':'" sha256 "'," \
  "'published_at':'" published_at "','body':'" body "'}"
#define REF_ABC(seq) REF_SET ("2", seq, SHA256_OF_ABC, LOGGED_AT, "abc")
#define REF_PAGE_OF(sets) "{'sets':[" sets "],'next_cursor':'7','has_more':false}"
#define ENROLLED(node) "{'device_id':'" DEVICE "','node_id':" node ",'commune_id':'010203'}"
#define HELLO_REPLY_OF(proto_min, device_status) \
  "{'server_time_ms':0,'proto_min':" proto_min ",'proto_max':1,'schema_min':1," \
  "'schema_max':2,'epoch':'e','commune_id':'c','device_status':'" device_status "'," \
  "'last_batch_seq':0}"
#define TOKEN_FOR(device) "{'device_id':" device ",'secret':'" SECRET "'}"
#define ERROR_OF(members) "{'code':'x','message':'y'" members "}"

static void
test_refuse_shape (void)
{
  static const struct {
    Message message;
    const char *json;
    IsafWireError code;
    const char *where;
  } cases[] = {
    /* Not an object at the top, or the wrong JSON type anywhere. */
    { ERROR_REPLY, "['code','message']", ISAF_WIRE_ERROR_MALFORMED,
      "top level: expected an object" },
    { ERROR_REPLY, "'x'", ISAF_WIRE_ERROR_MALFORMED, "top level: expected an object" },
    { ERROR_REPLY, "null", ISAF_WIRE_ERROR_MALFORMED, "top level: expected an object" },
    { ERROR_REPLY, "{'code':1,'message':'y'}", ISAF_WIRE_ERROR_MALFORMED,
      "code: expected a string" },
    { ERROR_REPLY, "{'code':null,'message':'y'}", ISAF_WIRE_ERROR_MALFORMED,
      "code: expected a string" },
    { ERROR_REPLY, "{'code':'x','message':['y']}", ISAF_WIRE_ERROR_MALFORMED,
      "message: expected a string" },
    { ERROR_REPLY, ERROR_OF (",'expected_batch_seq':'42'"), ISAF_WIRE_ERROR_MALFORMED,
      "expected_batch_seq: expected an integer" },
    { ERROR_REPLY, ERROR_OF (",'expected_batch_seq':42.0"), ISAF_WIRE_ERROR_MALFORMED,
      "expected_batch_seq: expected an integer" },
    { ERROR_REPLY, ERROR_OF (",'expected_batch_seq':null"), ISAF_WIRE_ERROR_MALFORMED,
      "expected_batch_seq: expected an integer" },
    { ERROR_REPLY, ERROR_OF (",'expected_batch_seq':0"), ISAF_WIRE_ERROR_MALFORMED,
      "expected_batch_seq: expected an integer of at least 1" },
    { HELLO_REQUEST, "{'proto':'1','schema':2,'app':'a'}", ISAF_WIRE_ERROR_MALFORMED,
      "proto: expected an integer" },
    { HELLO_REQUEST, "{'proto':true,'schema':2,'app':'a'}", ISAF_WIRE_ERROR_MALFORMED,
      "proto: expected an integer" },
    { HELLO_REQUEST, "{'proto':0,'schema':2,'app':'a'}", ISAF_WIRE_ERROR_MALFORMED,
      "proto: expected an integer from 1 to 2147483647" },
    { HELLO_REQUEST, "{'proto':2147483648,'schema':2,'app':'a'}", ISAF_WIRE_ERROR_MALFORMED,
      "proto: expected an integer from 1 to 2147483647" },
    { HELLO_REQUEST, "{'proto':1,'schema':2,'app':{}}", ISAF_WIRE_ERROR_MALFORMED,
      "app: expected a string" },
    { PULL_PAGE, "{'epoch':'e','rows':[],'conflicts':[],'next_cursor':'c','has_more':'false',"
                 "'upto':0,'server_time_ms':0}",
      ISAF_WIRE_ERROR_MALFORMED, "has_more: expected true or false" },
    { PULL_PAGE, "{'epoch':'e','rows':[],'conflicts':[],'next_cursor':'c','has_more':0,"
                 "'upto':0,'server_time_ms':0}",
      ISAF_WIRE_ERROR_MALFORMED, "has_more: expected true or false" },
    { PULL_PAGE, "{'epoch':'e','rows':{},'conflicts':[],'next_cursor':'c','has_more':false,"
                 "'upto':0,'server_time_ms':0}",
      ISAF_WIRE_ERROR_MALFORMED, "rows: expected an array" },
    { PULL_PAGE, "{'epoch':'e','rows':[],'conflicts':[],'next_cursor':null,'has_more':false,"
                 "'upto':0,'server_time_ms':0}",
      ISAF_WIRE_ERROR_MALFORMED, "next_cursor: expected a string" },
    { PULL_PAGE, "{'epoch':'e','rows':[],'conflicts':[],'next_cursor':'c','has_more':false,"
                 "'upto':-1,'server_time_ms':0}",
      ISAF_WIRE_ERROR_MALFORMED, "upto: expected an integer of at least 0" },
    { PULL_PAGE, PAGE_OF ("[]", ""), ISAF_WIRE_ERROR_MALFORMED, "rows[0]: expected an object" },
    { PULL_PAGE, PAGE_OF ("{'t':'caf','id':'" CAF "','seq':1,'f':[]}", ""),
      ISAF_WIRE_ERROR_MALFORMED, "rows[0].f: expected an object" },
    { PULL_PAGE, PAGE_OF (PULLED_CAF ("'sex':'f'"), ""), ISAF_WIRE_ERROR_MALFORMED,
      "rows[0].f.sex: expected an object" },
    { PULL_PAGE, PAGE_OF ("{'t':7,'id':'" CAF "','seq':1,'f':{}}", ""),
      ISAF_WIRE_ERROR_MALFORMED, "rows[0].t: expected a string" },

    /* Unknown and missing keys, at every level. */
    { ERROR_REPLY, ERROR_OF (",'detail':'z'"), ISAF_WIRE_ERROR_MALFORMED,
      "top level: unknown key \"detail\"" },
    { ERROR_REPLY, "{'code':'x'}", ISAF_WIRE_ERROR_MALFORMED,
      "top level: missing key \"message\"" },
    { ERROR_REPLY, "{}", ISAF_WIRE_ERROR_MALFORMED, "top level: missing key \"code\"" },
    { HELLO_REQUEST, "{'proto':1,'schema':2,'app':'a','App':'a'}", ISAF_WIRE_ERROR_MALFORMED,
      "top level: unknown key \"App\"" },
    /* A key quoted in an error cannot break the line of a log. */
    { HELLO_REQUEST, "{'proto':1,'schema':2,'app':'a','a\\npp':'a'}", ISAF_WIRE_ERROR_MALFORMED,
      "top level: unknown key \"a?pp\"" },
    { PUSH, PUSH_OF ("{'t':'caf','id':'" CAF "','txid':1,'seq':1,'f':{}}"),
      ISAF_WIRE_ERROR_MALFORMED, "rows[0]: unknown key \"seq\"" },
    { PUSH, PUSH_OF ("{'t':'caf','id':'" CAF "','f':{}}"), ISAF_WIRE_ERROR_MALFORMED,
      "rows[0]: missing key \"txid\"" },
    { PUSH, PUSH_OF (PUSHED_CAF ("'sex':{'v':'f','h':'1','n':'2'}")), ISAF_WIRE_ERROR_MALFORMED,
      "rows[0].f.sex: unknown key \"n\"" },
    { PUSH, PUSH_OF (PUSHED_CAF ("'sex':{'v':'f'}")), ISAF_WIRE_ERROR_MALFORMED,
      "rows[0].f.sex: missing key \"h\"" },
    { PUSH, PUSH_OF (PUSHED_CAF ("'sex':{'v':'f','h':'1','b':'1'}")), ISAF_WIRE_ERROR_MALFORMED,
      "rows[0].f.sex: \"b\" and \"bn\" go together" },
    { PULL_PAGE, PAGE_OF (PULLED_CAF ("'sex':{'v':'f','h':'1','n':'2','b':'1','bn':'1'}"), ""),
      ISAF_WIRE_ERROR_MALFORMED, "rows[0].f.sex: unknown key " },
    { PUSH_ACK, ACK_OF ("{'row':0,'code':'c','message':'m','msg':'m'}", ""),
      ISAF_WIRE_ERROR_MALFORMED, "rejects[0]: unknown key \"msg\"" },
    { PUSH_ACK, ACK_OF ("", "{'row':0,'field':'f'}"), ISAF_WIRE_ERROR_MALFORMED,
      "clocks[0]: missing key \"h\"" },

    /* Duplicate keys: json-glib would keep the last one silently. */
    { ERROR_REPLY, ERROR_OF (",'code':'z'"), ISAF_WIRE_ERROR_MALFORMED,
      "top level: key \"code\" appears twice" },
    { ERROR_REPLY, ERROR_OF (",'c\\u006fde':'z'"), ISAF_WIRE_ERROR_MALFORMED,
      "top level: key \"code\" appears twice" },
    { PULL_PAGE, PAGE_OF (PULLED_CAF ("'sex':{'v':'f','h':'1','n':'2'},"
                                      "'sex':{'v':'m','h':'3','n':'2'}"), ""),
      ISAF_WIRE_ERROR_MALFORMED, "rows[0].f: key \"sex\" appears twice" },
    { PUSH, PUSH_OF (PUSHED_CAF ("'sex':{'v':'f','h':'1','h':'2'}")), ISAF_WIRE_ERROR_MALFORMED,
      "rows[0].f.sex: key \"h\" appears twice" },
    /* The first value of a repeated key, dropped by json-glib, had a repeated key itself. */
    { ERROR_REPLY, ERROR_OF (",'x':{'y':1,'y':2},'z':{'w':1},'x':{}"), ISAF_WIRE_ERROR_MALFORMED,
      "top level: key \"x\" appears twice" },

    /* Unknown tables and fields. */
    { PUSH, PUSH_OF ("{'t':'sync_outbox','id':'" CAF "','txid':1,'f':{}}"),
      ISAF_WIRE_ERROR_UNKNOWN_TABLE, "rows[0].t: \"sync_outbox\" is not a synced table" },
    { PUSH, PUSH_OF ("{'t':'CAF','id':'" CAF "','txid':1,'f':{}}"),
      ISAF_WIRE_ERROR_UNKNOWN_TABLE, "rows[0].t: \"CAF\" is not a synced table" },
    { PULL_PAGE, PAGE_OF ("{'t':'','id':'" CAF "','seq':1,'f':{}}", ""),
      ISAF_WIRE_ERROR_UNKNOWN_TABLE, "rows[0].t: \"\" is not a synced table" },
    { PUSH, PUSH_OF (PUSHED_CAF ("'sex':{'v':'f','h':'1'},'salary':{'v':1,'h':'1'}")),
      ISAF_WIRE_ERROR_UNKNOWN_FIELD, "rows[0].f: \"salary\" is not a field of caf" },
    { PUSH, PUSH_OF (PUSHED_CAF ("'commune_id':{'v':'010203','h':'1'}")),
      ISAF_WIRE_ERROR_UNKNOWN_FIELD, "rows[0].f: \"commune_id\" is not a field of caf" },
    { PULL_PAGE, PAGE_OF (PULLED_CAF ("'id':{'v':null,'h':'1','n':'1'}"), ""),
      ISAF_WIRE_ERROR_UNKNOWN_FIELD, "rows[0].f: \"id\" is not a field of caf" },
    { PULL_PAGE, CONFLICT_OF ("nope", "sex", "'f'", "concurrent_edit", LOGGED_AT),
      ISAF_WIRE_ERROR_UNKNOWN_TABLE, "conflicts[0].t: \"nope\" is not a synced table" },
    { PULL_PAGE, CONFLICT_OF ("caf", "sexe", "'f'", "concurrent_edit", LOGGED_AT),
      ISAF_WIRE_ERROR_UNKNOWN_FIELD, "conflicts[0].field: \"sexe\" is not a field of caf" },
    { PULL_PAGE, CONFLICT_OF ("caf", "sex", "1", "concurrent_edit", LOGGED_AT),
      ISAF_WIRE_ERROR_BAD_VALUE, "conflicts[0].winner.v: expected a string or null" },

    /* Ids: lowercase UUID text only. */
    { TOKEN_REQUEST, TOKEN_FOR ("'0193A4C2-7C1E-7A00-8000-00000000D001'"),
      ISAF_WIRE_ERROR_MALFORMED, "device_id: expected a UUID in lowercase text" },
    { TOKEN_REQUEST, TOKEN_FOR ("'0193a4c27c1e7a00800000000000d001'"),
      ISAF_WIRE_ERROR_MALFORMED, "device_id: expected a UUID" },
    { TOKEN_REQUEST, TOKEN_FOR ("'{0193a4c2-7c1e-7a00-8000-00000000d001}'"),
      ISAF_WIRE_ERROR_MALFORMED, "device_id: expected a UUID" },
    { TOKEN_REQUEST, TOKEN_FOR ("'0193a4c2-7c1e-7a00-8000-00000000d00g'"),
      ISAF_WIRE_ERROR_MALFORMED, "device_id: expected a UUID" },
    { TOKEN_REQUEST, TOKEN_FOR ("12"), ISAF_WIRE_ERROR_MALFORMED, "device_id: expected a UUID" },
    { PUSH, PUSH_OF ("{'t':'caf','id':'0193a4c2','txid':1,'f':{}}"), ISAF_WIRE_ERROR_MALFORMED,
      "rows[0].id: expected a UUID" },

    /* Clocks: decimal strings in the gint64 range, one spelling each. */
    { ENROLL_REPLY, ENROLLED ("77"), ISAF_WIRE_ERROR_MALFORMED, "node_id: expected a clock" },
    { ENROLL_REPLY, ENROLLED ("''"), ISAF_WIRE_ERROR_MALFORMED, "node_id: expected a clock" },
    { ENROLL_REPLY, ENROLLED ("'+77'"), ISAF_WIRE_ERROR_MALFORMED, "node_id: expected a clock" },
    { ENROLL_REPLY, ENROLLED ("' 77'"), ISAF_WIRE_ERROR_MALFORMED, "node_id: expected a clock" },
    { ENROLL_REPLY, ENROLLED ("'77 '"), ISAF_WIRE_ERROR_MALFORMED, "node_id: expected a clock" },
    { ENROLL_REPLY, ENROLLED ("'077'"), ISAF_WIRE_ERROR_MALFORMED, "node_id: expected a clock" },
    { ENROLL_REPLY, ENROLLED ("'-0'"), ISAF_WIRE_ERROR_MALFORMED, "node_id: expected a clock" },
    { ENROLL_REPLY, ENROLLED ("'-'"), ISAF_WIRE_ERROR_MALFORMED, "node_id: expected a clock" },
    { ENROLL_REPLY, ENROLLED ("'0x4d'"), ISAF_WIRE_ERROR_MALFORMED, "node_id: expected a clock" },
    { ENROLL_REPLY, ENROLLED ("'7.7'"), ISAF_WIRE_ERROR_MALFORMED, "node_id: expected a clock" },
    { ENROLL_REPLY, ENROLLED ("'1e3'"), ISAF_WIRE_ERROR_MALFORMED, "node_id: expected a clock" },
    { ENROLL_REPLY, ENROLLED ("'9223372036854775808'"), ISAF_WIRE_ERROR_MALFORMED,
      "node_id: expected a clock" },
    { ENROLL_REPLY, ENROLLED ("'-9223372036854775809'"), ISAF_WIRE_ERROR_MALFORMED,
      "node_id: expected a clock" },
    { ENROLL_REPLY, ENROLLED ("'99999999999999999999999'"), ISAF_WIRE_ERROR_MALFORMED,
      "node_id: expected a clock" },
    { PUSH, PUSH_OF (PUSHED_CAF ("'sex':{'v':'f','h':113547673600000003}")),
      ISAF_WIRE_ERROR_MALFORMED, "rows[0].f.sex.h: expected a clock" },
    { PUSH, PUSH_OF (PUSHED_CAF ("'sex':{'v':'f','h':'1','b':'1','bn':'x'}")),
      ISAF_WIRE_ERROR_MALFORMED, "rows[0].f.sex.bn: expected a clock" },
    { PUSH_ACK, ACK_OF ("", "{'row':0,'field':'f','h':null}"), ISAF_WIRE_ERROR_MALFORMED,
      "clocks[0].h: expected a clock" },

    /* Values the header fixes. */
    { PUSH, "{'proto':1,'schema':2,'app':'a','device_id':'" DEVICE "','batch_seq':0,'rows':[]}",
      ISAF_WIRE_ERROR_MALFORMED, "batch_seq: expected an integer of at least 1" },
    { PUSH, "{'proto':1,'schema':2,'app':'a','device_id':'" DEVICE "','batch_seq':1,"
            "'epoch':null,'rows':[]}",
      ISAF_WIRE_ERROR_MALFORMED, "epoch: expected a string" },
    { PUSH, PUSH_OF ("{'t':'caf','id':'" CAF "','txid':-1,'f':{}}"), ISAF_WIRE_ERROR_MALFORMED,
      "rows[0].txid: expected an integer of at least 0" },
    { PUSH_ACK, "{'batch_seq':1,'status':'done','server_time_ms':0,'rejects':[],'clocks':[]}",
      ISAF_WIRE_ERROR_MALFORMED, "status: expected \"applied\" or \"already_applied\"" },
    { PUSH_ACK, ACK_OF ("{'row':5000,'code':'c','message':'m'}", ""), ISAF_WIRE_ERROR_MALFORMED,
      "rejects[0].row: expected an integer from 0 to 4999" },
    { PUSH_ACK, ACK_OF ("{'row':0,'field':null,'code':'c','message':'m'}", ""),
      ISAF_WIRE_ERROR_MALFORMED, "rejects[0].field: expected a string" },
    { HELLO_REPLY, HELLO_REPLY_OF ("2", "active"), ISAF_WIRE_ERROR_MALFORMED,
      "proto_min: above proto_max" },
    { HELLO_REPLY, HELLO_REPLY_OF ("1", "lost"), ISAF_WIRE_ERROR_MALFORMED,
      "device_status: expected \"active\" or \"revoked\"" },
    { ENROLL_REQUEST, "{'code':'K7QF2M9XPA','secret':'short'}", ISAF_WIRE_ERROR_MALFORMED,
      "secret: expected 32 bytes" },
    /* The unused low bits of the last character are not zero: another spelling. */
    { ENROLL_REQUEST, "{'code':'K7QF2M9XPA',"
                      "'secret':'3q2+7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB='}",
      ISAF_WIRE_ERROR_MALFORMED, "secret: expected 32 bytes" },
    { ENROLL_REQUEST, "{'code':'K7QF2M9XPA',"
                      "'secret':'3q2-7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='}",
      ISAF_WIRE_ERROR_MALFORMED, "secret: expected 32 bytes" },
    { ENROLL_REQUEST, "{'code':'K7QF2M9XPA','secret':'" SECRET "','description':null}",
      ISAF_WIRE_ERROR_MALFORMED, "description: expected a string" },
    { PULL_PAGE, CONFLICT_OF ("caf", "sex", "'f'", "concurrent_edit", "2026-02-30T01:02:03Z"),
      ISAF_WIRE_ERROR_MALFORMED, "conflicts[0].logged_at: expected a UTC time" },
    { PULL_PAGE, CONFLICT_OF ("caf", "sex", "'f'", "concurrent_edit", "2026-11-27T01:02:03+00:00"),
      ISAF_WIRE_ERROR_MALFORMED, "conflicts[0].logged_at: expected a UTC time" },
    { PULL_PAGE, CONFLICT_OF ("caf", "sex", "'f'", "other", LOGGED_AT),
      ISAF_WIRE_ERROR_MALFORMED, "conflicts[0].reason: expected \"concurrent_edit\" or " },

    /* Reference pages: a body that is not the one its SHA-256 names refuses the page. */
    { REF_PAGE, REF_PAGE_OF (REF_SET ("2", "'1'", SHA256_OF_ABC, LOGGED_AT, "abd")),
      ISAF_WIRE_ERROR_MALFORMED, "sets[0].body: its SHA-256 is not the one given in sha256" },
    { REF_PAGE, REF_PAGE_OF (REF_ABC ("'1'") "," REF_SET ("3", "'2'", SHA256_OF_ABC, LOGGED_AT,
                                                         "ABC")),
      ISAF_WIRE_ERROR_MALFORMED, "sets[1].body: its SHA-256 is not the one given" },
    { REF_PAGE, REF_PAGE_OF (REF_SET ("2", "'1'", "BA7816BF8F01CFEA414140DE5DAE2223"
                                                  "B00361A396177A9CB410FF61F20015AD",
                                      LOGGED_AT, "abc")),
      ISAF_WIRE_ERROR_MALFORMED, "sets[0].sha256: expected 64 lowercase hexadecimal digits" },
    { REF_PAGE, REF_PAGE_OF (REF_SET ("2", "'1'", "ba7816bf", LOGGED_AT, "abc")),
      ISAF_WIRE_ERROR_MALFORMED, "sets[0].sha256: expected 64 lowercase hexadecimal digits" },
    { REF_PAGE, REF_PAGE_OF (REF_SET ("'2'", "'1'", SHA256_OF_ABC, LOGGED_AT, "abc")),
      ISAF_WIRE_ERROR_MALFORMED, "sets[0].version: expected an integer" },
    { REF_PAGE, REF_PAGE_OF (REF_SET ("0", "'1'", SHA256_OF_ABC, LOGGED_AT, "abc")),
      ISAF_WIRE_ERROR_MALFORMED, "sets[0].version: expected an integer from 1 to 2147483647" },
    { REF_PAGE, REF_PAGE_OF (REF_ABC ("1")), ISAF_WIRE_ERROR_MALFORMED,
      "sets[0].seq: expected a clock" },
    { REF_PAGE, REF_PAGE_OF (REF_ABC ("'0'")), ISAF_WIRE_ERROR_MALFORMED,
      "sets[0].seq: expected a position of at least 1" },
    { REF_PAGE, REF_PAGE_OF (REF_ABC ("'2'") "," REF_ABC ("'2'")), ISAF_WIRE_ERROR_MALFORMED,
      "sets[1].seq: not after the previous set's" },
    { REF_PAGE, REF_PAGE_OF (REF_SET ("2", "'1'", SHA256_OF_ABC, "2026-11-27 01:02:03", "abc")),
      ISAF_WIRE_ERROR_MALFORMED, "sets[0].published_at: expected a UTC time" },
    { REF_PAGE, REF_PAGE_OF ("{'name':'','version':2,'seq':'1','sha256':'" SHA256_OF_ABC "',"
                             "'published_at':'" LOGGED_AT "','body':'abc'}"),
      ISAF_WIRE_ERROR_MALFORMED, "sets[0].name: expected a name of 1 to 64 bytes" },
    { REF_PAGE, REF_PAGE_OF ("{'name':'i4c-indicators','version':2,'seq':'1','sha256':'"
                             SHA256_OF_ABC "','published_at':'" LOGGED_AT "'}"),
      ISAF_WIRE_ERROR_MALFORMED, "sets[0]: missing key \"body\"" },
    { REF_PAGE, REF_PAGE_OF ("{'name':'i4c-indicators','version':2,'seq':'1','sha256':'"
                             SHA256_OF_ABC "','published_at':'" LOGGED_AT "','body':'abc',"
                             "'purpose':'i4c'}"),
      ISAF_WIRE_ERROR_MALFORMED, "sets[0]: unknown key \"purpose\"" },
    { REF_PAGE, "{'sets':{},'next_cursor':'7','has_more':false}", ISAF_WIRE_ERROR_MALFORMED,
      "sets: expected an array" },
    { REF_PAGE, "{'sets':[],'next_cursor':7,'has_more':false}", ISAF_WIRE_ERROR_MALFORMED,
      "next_cursor: expected a string" },
    { REF_PAGE, "{'sets':[],'next_cursor':'7'}", ISAF_WIRE_ERROR_MALFORMED,
      "top level: missing key \"has_more\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_refused_json (cases[i].message, cases[i].json, cases[i].code, cases[i].where);
}

/* One field of one pushed row, of each column kind, with values of each JSON kind. */
static void
test_refuse_value_kinds (void)
{
  static const struct {
    const char *table;
    const char *field;
    const char *value;
    gboolean accepted;
  } cases[] = {
    /* TEXT, PHONE, DATE, CHOICE and VILLAGE_CODE: a string or null. */
    { "caf", "name_km", "'ស'", TRUE },
    { "caf", "name_km", "''", TRUE },
    { "caf", "name_km", "null", TRUE },
    { "caf", "name_km", "1", FALSE },
    { "caf", "name_km", "true", FALSE },
    { "caf", "name_km", "['x']", FALSE },
    { "caf", "name_km", "{'v':'x'}", FALSE },
    { "caf", "phone", "'012 345 678'", TRUE },
    { "caf", "phone", "12345678", FALSE },
    { "caf", "selected_on", "'2026-01-31'", TRUE },
    { "caf", "selected_on", "20260131", FALSE },
    { "caf", "sex", "'f'", TRUE },
    /* Whether a choice exists is the store's validation, answered per row. */
    { "caf", "sex", "'x'", TRUE },
    { "caf", "sex", "false", FALSE },
    { "village", "code", "'01020304'", TRUE },
    { "village", "code", "1020304", FALSE },
    /* INTEGER, COUNT, RIEL, SCORE and BOOLEAN: an integer or null. */
    { "caf", "birth_year", "1984", TRUE },
    { "caf", "birth_year", "-1984", TRUE },
    { "caf", "birth_year", "'1984'", FALSE },
    { "caf", "birth_year", "1984.0", FALSE },
    { "caf", "birth_year", "1.984e3", FALSE },
    { "village", "households", "120", TRUE },
    { "village", "households", "'120'", FALSE },
    { "village", "households", "1.5", FALSE },
    { "awpb_line", "amount_riel", "9223372036854775807", TRUE },
    { "awpb_line", "amount_riel", "1500000.5", FALSE },
    { "awpb_line", "amount_riel", "'1500000'", FALSE },
    { "scorecard_vote", "score", "5", TRUE },
    { "scorecard_vote", "score", "'5'", FALSE },
    { "scorecard_vote", "score", "[5]", FALSE },
    { "caf", "is_village_official", "1", TRUE },
    { "caf", "is_village_official", "true", FALSE },
    { "caf", "is_village_official", "'1'", FALSE },
    /* REAL: any number or null. */
    { "i4c_value", "value", "2.5", TRUE },
    { "i4c_value", "value", "2", TRUE },
    { "i4c_value", "value", "-0.0", TRUE },
    { "i4c_value", "value", "1.5E-7", TRUE },
    { "i4c_value", "value", "null", TRUE },
    { "i4c_value", "value", "'2.5'", FALSE },
    { "i4c_value", "value", "true", FALSE },
    /* REFERENCE: a UUID in lowercase text or null. */
    { "caf", "village_id", "'" VILLAGE "'", TRUE },
    { "caf", "village_id", "null", TRUE },
    { "caf", "village_id", "'0193A4C2-7C1E-7A00-8000-0000000B0001'", FALSE },
    { "caf", "village_id", "'village 3'", FALSE },
    { "caf", "village_id", "''", FALSE },
    { "caf", "village_id", "3", FALSE },
    /* The tombstone: 0 or 1, never null. */
    { "caf", "deleted", "0", TRUE },
    { "caf", "deleted", "1", TRUE },
    { "caf", "deleted", "2", FALSE },
    { "caf", "deleted", "-1", FALSE },
    { "caf", "deleted", "null", FALSE },
    { "caf", "deleted", "true", FALSE },
    { "caf", "deleted", "'1'", FALSE },
    { "caf", "deleted", "1.0", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *push = g_strdup_printf (
        "{'proto':1,'schema':2,'app':'a','device_id':'" DEVICE "','batch_seq':1,'rows':["
        "{'t':'caf','id':'" CAF "','txid':1,'f':{}},"
        "{'t':'%s','id':'" ACTION "','txid':2,'f':{'%s':{'v':%s,'h':'1'}}}]}",
        cases[i].table, cases[i].field, cases[i].value);
      g_autofree char *page = g_strdup_printf (
        "{'epoch':'e','rows':[{'t':'%s','id':'" ACTION "','seq':2,'f':{'%s':{'v':%s,'h':'1',"
        "'n':'2'}}}],'conflicts':[],'next_cursor':'c','has_more':false,'upto':0,"
        "'server_time_ms':0}",
        cases[i].table, cases[i].field, cases[i].value);
      g_autofree char *where = g_strdup_printf ("rows[1].f.%s.v: expected ", cases[i].field);
      g_autofree char *page_where = g_strdup_printf ("rows[0].f.%s.v: expected ", cases[i].field);

      if (cases[i].accepted)
        {
          g_autofree char *data = json (push);
          g_autofree char *page_data = json (page);
          g_autoptr(GError) error = NULL;

          g_assert_true (decode (PUSH, data, strlen (data), &error));
          g_assert_no_error (error);
          g_assert_true (decode (PULL_PAGE, page_data, strlen (page_data), &error));
          g_assert_no_error (error);
        }
      else
        {
          assert_refused_json (PUSH, push, ISAF_WIRE_ERROR_BAD_VALUE, where);
          assert_refused_json (PULL_PAGE, page, ISAF_WIRE_ERROR_BAD_VALUE, page_where);
        }
    }
}

static char *
nested (const char *open,
        const char *close,
        guint       levels)
{
  GString *text = g_string_new ("{'code':'x','message':");

  for (guint i = 0; i < levels; i++)
    g_string_append (text, open);
  g_string_append (text, "1");
  for (guint i = 0; i < levels; i++)
    g_string_append (text, close);
  g_string_append_c (text, '}');

  return g_string_free (text, FALSE);
}

static void
test_refuse_deep (void)
{
  g_autofree char *brackets = g_strnfill (100000, '[');
  g_autofree char *braces = g_strnfill (100000, '{');
  g_autofree char *deepest = nested ("[", "]", ISAF_WIRE_MAX_DEPTH - 1);
  g_autofree char *too_deep = nested ("[", "]", ISAF_WIRE_MAX_DEPTH);
  g_autofree char *objects = nested ("{'a':", "}", ISAF_WIRE_MAX_DEPTH);
  gint64 start = g_get_monotonic_time ();

  /* Refused by the scan at the 17th level, before any parser recursion. */
  for (Message m = 0; m < N_MESSAGES; m++)
    {
      assert_refused (m, brackets, 100000, ISAF_WIRE_ERROR_TOO_LARGE,
                      "byte 16: nested deeper than 16 levels");
      assert_refused (m, braces, 100000, ISAF_WIRE_ERROR_MALFORMED, "byte 1: ");
    }
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);

  /* Sixteen levels (the top object and 15 arrays) pass the scan and fail the shape. */
  assert_refused_json (ERROR_REPLY, deepest, ISAF_WIRE_ERROR_MALFORMED,
                       "message: expected a string");
  assert_refused_json (ERROR_REPLY, too_deep, ISAF_WIRE_ERROR_TOO_LARGE, "byte ");
  assert_refused_json (ERROR_REPLY, objects, ISAF_WIRE_ERROR_TOO_LARGE, "byte ");
}

static GString *
push_head (void)
{
  return g_string_new ("{\"proto\":1,\"schema\":2,\"app\":\"a\",\"device_id\":\"" DEVICE "\","
                       "\"batch_seq\":1,\"rows\":[");
}

static void
test_refuse_too_many (void)
{
  g_autoptr(GString) rows = push_head ();
  g_autoptr(GString) fields = push_head ();
  g_autoptr(GString) sets = g_string_new (NULL);
  g_autoptr(IsafWirePush) push = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < ISAF_WIRE_MAX_ROWS; i++)
    g_string_append_printf (rows, "%s{\"t\":\"village\",\"id\":\"" CAF "\",\"txid\":%u,"
                                  "\"f\":{\"households\":{\"v\":%u,\"h\":\"%u\"}}}",
                            i > 0 ? "," : "", i, i, i + 1);
  g_string_append (rows, "]}");
  push = isaf_wire_push_decode (rows->str, rows->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (push->rows->len, ==, ISAF_WIRE_MAX_ROWS);

  g_string_truncate (rows, rows->len - 2);
  g_string_append (rows, ",{\"t\":\"village\",\"id\":\"" CAF "\",\"txid\":1,\"f\":{}}]}");
  assert_refused (PUSH, rows->str, rows->len, ISAF_WIRE_ERROR_TOO_LARGE,
                  "rows: 5001 entries, more than the limit of 5000");

  /* Names are counted before they are looked up. */
  g_string_append (fields, "{\"t\":\"caf\",\"id\":\"" CAF "\",\"txid\":1,\"f\":{");
  for (guint i = 0; i <= ISAF_WIRE_MAX_FIELDS_PER_ROW; i++)
    g_string_append_printf (fields, "%s\"f%u\":{\"v\":null,\"h\":\"1\"}", i > 0 ? "," : "", i);
  g_string_append (fields, "}}]}");
  assert_refused (PUSH, fields->str, fields->len, ISAF_WIRE_ERROR_TOO_LARGE,
                  "rows[0].f: 65 fields, more than the limit of 64");

  /* A reference page's sets are counted before any is read. */
  g_string_append (sets, "{\"sets\":[");
  for (guint i = 0; i <= ISAF_WIRE_MAX_REF_SETS; i++)
    g_string_append (sets, i > 0 ? ",{}" : "{}");
  g_string_append (sets, "],\"next_cursor\":\"7\",\"has_more\":false}");
  assert_refused (REF_PAGE, sets->str, sets->len, ISAF_WIRE_ERROR_TOO_LARGE,
                  "sets: 101 entries, more than the limit of 100");
}

/* A push of one facilitator whose name in Khmer is @name, the inside of a JSON string. */
static char *
push_with_name (const char *name)
{
  return g_strconcat ("{\"proto\":1,\"schema\":2,\"app\":\"a\",\"device_id\":\"" DEVICE "\","
                      "\"batch_seq\":1,\"rows\":[{\"t\":\"caf\",\"id\":\"" CAF "\","
                      "\"txid\":1,\"f\":{\"name_km\":{\"v\":\"", name, "\",\"h\":\"1\"}}}]}",
                      NULL);
}

static void
test_refuse_too_long (void)
{
  g_autofree char *longest = g_strnfill (ISAF_WIRE_MAX_TEXT_BYTES, 'a');
  g_autofree char *too_long = g_strnfill (ISAF_WIRE_MAX_TEXT_BYTES + 1, 'a');
  /* 21,846 Khmer characters are 65,538 bytes: the limit counts bytes. */
  g_autoptr(GString) khmer = g_string_new (NULL);
  g_autoptr(GString) description = g_string_new ("{\"code\":\"K7QF2M9XPA\",\"secret\":\""
                                                 SECRET "\",\"description\":\"");
  g_autofree char *ok = push_with_name (longest);
  g_autofree char *refused = push_with_name (too_long);
  g_autofree char *refused_khmer = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *app = NULL;
  g_autoptr(GString) escapes = g_string_new (NULL);

  g_assert_true (decode (PUSH, ok, strlen (ok), NULL));
  assert_refused (PUSH, refused, strlen (refused), ISAF_WIRE_ERROR_TOO_LARGE,
                  "rows[0].f.name_km.v: text longer than 65536 bytes");

  for (guint i = 0; i < 21846; i++)
    g_string_append (khmer, "ក");
  refused_khmer = push_with_name (khmer->str);
  assert_refused (PUSH, refused_khmer, strlen (refused_khmer), ISAF_WIRE_ERROR_TOO_LARGE,
                  "rows[0].f.name_km.v: text longer than 65536 bytes");

  /* The limit is on the decoded text: 21,846 escapes make 65,538 bytes as well. */
  for (guint i = 0; i < 21846; i++)
    g_string_append (escapes, "\\u1780");
  escaped = push_with_name (escapes->str);
  assert_refused (PUSH, escaped, strlen (escaped), ISAF_WIRE_ERROR_TOO_LARGE,
                  "rows[0].f.name_km.v: text longer than 65536 bytes");

  /* Every other string has the same limit. */
  app = g_strdup_printf ("{\"proto\":1,\"schema\":2,\"app\":\"%s\"}", too_long);
  assert_refused (HELLO_REQUEST, app, strlen (app), ISAF_WIRE_ERROR_TOO_LARGE,
                  "app: text longer than 65536 bytes");

  /* The description's limit is in characters: 120 Khmer ones (360 bytes) are fine. */
  for (guint i = 0; i < 120; i++)
    g_string_append (description, "ក");
  g_string_append (description, "\"}");
  g_assert_true (decode (ENROLL_REQUEST, description->str, description->len, NULL));
  g_string_insert (description, description->len - 2, "a");
  assert_refused (ENROLL_REQUEST, description->str, description->len,
                  ISAF_WIRE_ERROR_TOO_LARGE, "description: longer than 120 characters");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/wire/push/round-trip", test_push_round_trip);
  g_test_add_func ("/wire/push/bytes", test_push_bytes);
  g_test_add_func ("/wire/push/khmer", test_push_khmer);
  g_test_add_func ("/wire/push/empty", test_push_empty);
  g_test_add_func ("/wire/push/reals", test_push_reals);
  g_test_add_func ("/wire/row/add-field", test_row_add_field);
  g_test_add_func ("/wire/row/add-field-refused", test_row_add_field_refused);
  g_test_add_func ("/wire/push-ack/round-trip", test_push_ack_round_trip);
  g_test_add_func ("/wire/pull-page/round-trip", test_pull_page_round_trip);
  g_test_add_func ("/wire/session/round-trip", test_session_round_trip);
  g_test_add_func ("/wire/ref-page/round-trip", test_ref_page_round_trip);
  g_test_add_func ("/wire/corpus", test_corpus);
  g_test_add_func ("/wire/refuse/malformed", test_refuse_malformed);
  g_test_add_func ("/wire/refuse/utf8", test_refuse_utf8);
  g_test_add_func ("/wire/refuse/shape", test_refuse_shape);
  g_test_add_func ("/wire/refuse/value-kinds", test_refuse_value_kinds);
  g_test_add_func ("/wire/refuse/deep", test_refuse_deep);
  g_test_add_func ("/wire/refuse/too-many", test_refuse_too_many);
  g_test_add_func ("/wire/refuse/too-long", test_refuse_too_long);

  return g_test_run ();
}
