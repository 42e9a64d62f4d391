/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "isaf-hlc.h"
#include "isaf-test-server.h"

/* Push against a real isaf-server and PostgreSQL: batches applied once and in order, fields
 * merged by (hlc, node) whatever the order they arrive in, conflicts of review fields logged,
 * future clocks clamped. */

#define COMMUNE "010201"
#define VILLAGE "01020101"

typedef struct {
  IsafTestServer *server;
  IsafTestDevice *laptop_a;
  IsafTestDevice *laptop_b;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->server = isaf_test_server_start ();
  fixture->laptop_a = isaf_test_server_enroll (fixture->server, COMMUNE);
  fixture->laptop_b = isaf_test_server_enroll (fixture->server, COMMUNE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  isaf_test_device_free (fixture->laptop_a);
  isaf_test_device_free (fixture->laptop_b);
  isaf_test_server_stop (fixture->server);
}

static gint64
clock_at (gint64 ms)
{
  return ISAF_HLC_MAKE (ms, 0);
}

/* A clock a little in the past, so that it is never clamped. */
static gint64
recent_clock (int step)
{
  return clock_at (g_get_real_time () / 1000 - 60000 + step);
}

static void
add_text (IsafWireRow *row,
          const char  *name,
          const char  *text,
          gint64       hlc)
{
  IsafValue value = { ISAF_VALUE_TEXT, .text = (char *) text };

  isaf_wire_row_add_field (row, name, &value)->hlc = hlc;
}

static void
add_integer (IsafWireRow *row,
             const char  *name,
             gint64       number,
             gint64       hlc)
{
  IsafValue value = { ISAF_VALUE_INTEGER, .integer = number };

  isaf_wire_row_add_field (row, name, &value)->hlc = hlc;
}

/* A new facilitator (caf), every required field set. */
static IsafWireRow *
new_caf (const IsafUuid *id,
         const char     *name,
         const char     *phone,
         gint64          hlc)
{
  IsafWireRow *row = isaf_wire_row_new (isaf_schema_find_table ("caf"), id);

  add_text (row, "name_km", name, hlc);
  add_text (row, "sex", "f", hlc);
  if (phone != NULL)
    add_text (row, "phone", phone, hlc);
  add_integer (row, "is_village_official", 0, hlc);
  add_integer (row, ISAF_WIRE_DELETED_FIELD, 0, hlc);
  return row;
}

static IsafWirePushAck *
push_ok (Fixture        *fixture,
         IsafTestDevice *device,
         IsafWirePush   *push)
{
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  IsafWirePushAck *ack;
  gsize length;
  const char *data;
  guint status = isaf_test_server_push (fixture->server, device, push, &answer);

  data = g_bytes_get_data (answer, &length);
  if (status != 200)
    g_error ("push answered %u: %.*s", status, (int) length, data);
  ack = isaf_wire_push_ack_decode (data, length, &error);
  g_assert_no_error (error);
  return ack;
}

static char *
server_value (Fixture    *fixture,
              const char *sql)
{
  return isaf_test_server_query_value (fixture->server, sql);
}

static void
test_replay_gap_reuse (Fixture       *fixture,
                       gconstpointer  data)
{
  IsafUuid id;
  g_autoptr(IsafWirePush) first = isaf_test_push_new (fixture->laptop_a, 1);
  g_autoptr(IsafWirePush) gap = isaf_test_push_new (fixture->laptop_a, 3);
  g_autoptr(IsafWirePush) reused = isaf_test_push_new (fixture->laptop_a, 1);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GBytes) replayed = NULL;
  g_autoptr(GBytes) refused = NULL;
  g_autofree char *seq_before = NULL;
  g_autofree char *seq_after = NULL;
  g_autofree char *receipts = NULL;
  IsafWireErrorReply error_reply = { 0 };
  g_autoptr(GError) error = NULL;

  isaf_uuid_v7 (&id);
  g_ptr_array_add (first->rows, new_caf (&id, "សុខា", NULL, recent_clock (1)));
  g_assert_cmpuint (isaf_test_server_push (fixture->server, fixture->laptop_a, first, &answer),
                    ==, 200);
  seq_before = server_value (fixture, "SELECT next_seq FROM commune_stream");

  /* The same batch again (its answer was lost): the same answer, nothing applied again. */
  g_assert_cmpuint (isaf_test_server_push (fixture->server, fixture->laptop_a, first, &replayed),
                    ==, 200);
  g_assert_true (g_bytes_equal (answer, replayed));
  seq_after = server_value (fixture, "SELECT next_seq FROM commune_stream");
  g_assert_cmpstr (seq_before, ==, seq_after);
  receipts = server_value (fixture, "SELECT count(*) FROM push_receipt");
  g_assert_cmpstr (receipts, ==, "1");

  /* Batch 3 before batch 2: refused, saying which is expected. */
  g_ptr_array_add (gap->rows, new_caf (&id, "សុខា", NULL, recent_clock (2)));
  g_assert_cmpuint (isaf_test_server_push (fixture->server, fixture->laptop_a, gap, &refused),
                    ==, 409);
  g_assert_true (isaf_wire_error_reply_decode (g_bytes_get_data (refused, NULL),
                                               g_bytes_get_size (refused), &error_reply, &error));
  g_assert_cmpstr (error_reply.code, ==, "batch_gap");
  g_assert_cmpint (error_reply.expected_batch_seq, ==, 2);
  isaf_wire_error_reply_clear (&error_reply);
  g_clear_pointer (&refused, g_bytes_unref);

  /* Batch 1 again with other content: refused. */
  g_ptr_array_add (reused->rows, new_caf (&id, "ចាន់", NULL, recent_clock (3)));
  g_assert_cmpuint (isaf_test_server_push (fixture->server, fixture->laptop_a, reused, &refused),
                    ==, 409);
  g_assert_true (isaf_wire_error_reply_decode (g_bytes_get_data (refused, NULL),
                                               g_bytes_get_size (refused), &error_reply, &error));
  g_assert_cmpstr (error_reply.code, ==, "batch_reused");
  isaf_wire_error_reply_clear (&error_reply);
  g_free (seq_after);
  seq_after = server_value (fixture, "SELECT name_km FROM caf");
  g_assert_cmpstr (seq_after, ==, "សុខា");
}

/* The same field edited on both laptops: the greater (hlc, node) wins whichever arrives first,
 * shown on two rows that receive the same edits in opposite orders. */
static void
test_same_field_any_order (Fixture       *fixture,
                           gconstpointer  data)
{
  IsafUuid first, second;
  gint64 base = recent_clock (0);
  gint64 seq_a = 1, seq_b = 1;
  const char *rows_sql = "SELECT string_agg (name_km, ',' ORDER BY name_km) FROM caf";
  g_autofree char *names = NULL;

  isaf_uuid_v7 (&first);
  isaf_uuid_v7 (&second);
  {
    g_autoptr(IsafWirePush) create = isaf_test_push_new (fixture->laptop_a, seq_a++);
    g_autoptr(IsafWirePushAck) ack = NULL;

    g_ptr_array_add (create->rows, new_caf (&first, "ដើម", NULL, base));
    g_ptr_array_add (create->rows, new_caf (&second, "ដើម", NULL, base));
    ack = push_ok (fixture, fixture->laptop_a, create);
    g_assert_cmpuint (ack->rejects->len, ==, 0);
  }

  /* Laptop A's edit has the later clock; B's the earlier one. */
  for (guint round = 0; round < 2; round++)
    {
      const IsafUuid *id = round == 0 ? &first : &second;
      g_autoptr(IsafWirePush) from_a = isaf_test_push_new (fixture->laptop_a, 0);
      g_autoptr(IsafWirePush) from_b = isaf_test_push_new (fixture->laptop_b, 0);
      IsafWireRow *row_a = isaf_wire_row_new (isaf_schema_find_table ("caf"), id);
      IsafWireRow *row_b = isaf_wire_row_new (isaf_schema_find_table ("caf"), id);
      g_autoptr(IsafWirePushAck) ack_a = NULL;
      g_autoptr(IsafWirePushAck) ack_b = NULL;

      add_text (row_a, "name_km", "ក", base + 20);
      add_text (row_b, "name_km", "ខ", base + 10);
      g_ptr_array_add (from_a->rows, row_a);
      g_ptr_array_add (from_b->rows, row_b);
      if (round == 0)
        {
          from_a->batch_seq = seq_a++;
          ack_a = push_ok (fixture, fixture->laptop_a, from_a);
          from_b->batch_seq = seq_b++;
          ack_b = push_ok (fixture, fixture->laptop_b, from_b);
        }
      else
        {
          from_b->batch_seq = seq_b++;
          ack_b = push_ok (fixture, fixture->laptop_b, from_b);
          from_a->batch_seq = seq_a++;
          ack_a = push_ok (fixture, fixture->laptop_a, from_a);
        }
    }
  names = server_value (fixture, rows_sql);
  g_assert_cmpstr (names, ==, "ក,ក");
}

/* Different fields of one row edited on both laptops: both edits stay. */
static void
test_different_fields_both_survive (Fixture       *fixture,
                                    gconstpointer  data)
{
  IsafUuid id;
  gint64 base = recent_clock (0);
  g_autoptr(IsafWirePush) create = isaf_test_push_new (fixture->laptop_a, 1);
  g_autoptr(IsafWirePush) edit_a = isaf_test_push_new (fixture->laptop_a, 2);
  g_autoptr(IsafWirePush) edit_b = isaf_test_push_new (fixture->laptop_b, 1);
  IsafWireRow *row_a, *row_b;
  g_autoptr(IsafWirePushAck) ack1 = NULL;
  g_autoptr(IsafWirePushAck) ack2 = NULL;
  g_autoptr(IsafWirePushAck) ack3 = NULL;
  g_autofree char *values = NULL;

  isaf_uuid_v7 (&id);
  g_ptr_array_add (create->rows, new_caf (&id, "ដើម", NULL, base));
  ack1 = push_ok (fixture, fixture->laptop_a, create);

  row_a = isaf_wire_row_new (isaf_schema_find_table ("caf"), &id);
  add_text (row_a, "name_latin", "Sokha", base + 10);
  g_ptr_array_add (edit_a->rows, row_a);
  row_b = isaf_wire_row_new (isaf_schema_find_table ("caf"), &id);
  add_integer (row_b, "birth_year", 1990, base + 5);
  g_ptr_array_add (edit_b->rows, row_b);
  ack2 = push_ok (fixture, fixture->laptop_b, edit_b);
  ack3 = push_ok (fixture, fixture->laptop_a, edit_a);

  values = server_value (fixture, "SELECT name_latin || ' ' || birth_year FROM caf");
  g_assert_cmpstr (values, ==, "Sokha 1990");
}

/* A review field (a facilitator's phone) edited on both laptops from the same base: the later
 * clock wins, and the conflict log keeps both values and who made them. */
static void
test_review_field_conflict_logged (Fixture       *fixture,
                                   gconstpointer  data)
{
  IsafUuid id;
  gint64 base = recent_clock (0);
  g_autoptr(IsafWirePush) create = isaf_test_push_new (fixture->laptop_a, 1);
  g_autoptr(IsafWirePush) edit_a = isaf_test_push_new (fixture->laptop_a, 2);
  g_autoptr(IsafWirePush) edit_b = isaf_test_push_new (fixture->laptop_b, 1);
  g_autoptr(IsafWirePushAck) ack = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GArray) conflicts = NULL;
  IsafWireRow *row;
  IsafWireField *field;
  const IsafWireConflict *conflict;

  isaf_uuid_v7 (&id);
  g_ptr_array_add (create->rows, new_caf (&id, "ដើម", "012 345 678", base));
  ack = push_ok (fixture, fixture->laptop_a, create);
  g_clear_pointer (&ack, isaf_wire_push_ack_free);

  /* Both edited from the clock laptop A created the phone with. */
  row = isaf_wire_row_new (isaf_schema_find_table ("caf"), &id);
  add_text (row, "phone", "011 111 111", base + 10);
  field = &g_array_index (row->fields, IsafWireField, 0);
  field->has_base = TRUE;
  field->base_hlc = base;
  field->base_node = fixture->laptop_a->node_id;
  g_ptr_array_add (edit_a->rows, row);
  row = isaf_wire_row_new (isaf_schema_find_table ("caf"), &id);
  add_text (row, "phone", "099 999 999", base + 20);
  field = &g_array_index (row->fields, IsafWireField, 0);
  field->has_base = TRUE;
  field->base_hlc = base;
  field->base_node = fixture->laptop_a->node_id;
  g_ptr_array_add (edit_b->rows, row);

  ack = push_ok (fixture, fixture->laptop_a, edit_a);
  g_clear_pointer (&ack, isaf_wire_push_ack_free);
  ack = push_ok (fixture, fixture->laptop_b, edit_b);

  rows = isaf_test_server_pull_all (fixture->server, fixture->laptop_a, &conflicts);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = &g_array_index (conflicts, IsafWireConflict, 0);
  g_assert_cmpstr (conflict->reason, ==, "concurrent_edit");
  g_assert_cmpstr (conflict->field, ==, "phone");
  g_assert_true (isaf_uuid_equal (&conflict->row_id, &id));
  g_assert_cmpstr (conflict->winning_value.text, ==, "099 999 999");
  g_assert_cmpint (conflict->winning_node, ==, fixture->laptop_b->node_id);
  g_assert_cmpstr (conflict->losing_value.text, ==, "011 111 111");
  g_assert_cmpint (conflict->losing_node, ==, fixture->laptop_a->node_id);
  for (guint i = 0; i < conflicts->len; i++)
    isaf_wire_conflict_clear (&g_array_index (conflicts, IsafWireConflict, i));
}

/* A clock an hour ahead of the server's is replaced by the server's, and the answer says so. */
static void
test_future_clock_clamped (Fixture       *fixture,
                           gconstpointer  data)
{
  IsafUuid id;
  gint64 future = clock_at (g_get_real_time () / 1000 + 3600 * 1000);
  g_autoptr(IsafWirePush) push = isaf_test_push_new (fixture->laptop_a, 1);
  g_autoptr(IsafWirePushAck) ack = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *audited = NULL;
  const IsafWireClock *clock;

  isaf_uuid_v7 (&id);
  g_ptr_array_add (push->rows, new_caf (&id, "អនាគត", NULL, future));
  ack = push_ok (fixture, fixture->laptop_a, push);
  /* Every field of the row had the future clock. */
  g_assert_cmpuint (ack->clocks->len, ==, 4);
  clock = &g_array_index (ack->clocks, IsafWireClock, 0);
  g_assert_cmpuint (clock->row, ==, 0);
  g_assert_cmpint (clock->hlc, <, future);
  g_assert_cmpint (ISAF_HLC_MS (clock->hlc), <=, g_get_real_time () / 1000 + 1000);
  stored = server_value (fixture, "SELECT clocks->'name_km'->>0 FROM caf");
  g_assert_cmpint (g_ascii_strtoll (stored, NULL, 10), <, future);
  audited = server_value (fixture, "SELECT count(*) FROM audit_log WHERE event = 'clock_clamped'");
  g_assert_cmpstr (audited, ==, "4");
}

/* Rows with invalid values are refused one by one with their reason; the others apply. */
static void
test_invalid_rows_rejected (Fixture       *fixture,
                            gconstpointer  data)
{
  IsafUuid good, bad_score_row, bad_ref;
  gint64 now = recent_clock (0);
  g_autoptr(IsafWirePush) push = isaf_test_push_new (fixture->laptop_a, 1);
  g_autoptr(IsafWirePushAck) ack = NULL;
  IsafWireRow *row;
  IsafUuid nowhere;
  IsafValue reference = { ISAF_VALUE_ID };
  g_autofree char *count = NULL;

  isaf_uuid_v7 (&good);
  isaf_uuid_v7 (&bad_score_row);
  isaf_uuid_v7 (&bad_ref);
  isaf_uuid_v7 (&nowhere);
  g_ptr_array_add (push->rows, new_caf (&good, "ល្អ", NULL, now));
  row = new_caf (&bad_score_row, "ខុស", NULL, now);
  add_integer (row, "birth_year", 1800, now);
  g_ptr_array_add (push->rows, row);
  row = new_caf (&bad_ref, "គ្មានភូមិ", NULL, now);
  reference.id = nowhere;
  isaf_wire_row_add_field (row, "village_id", &reference)->hlc = now;
  g_ptr_array_add (push->rows, row);

  ack = push_ok (fixture, fixture->laptop_a, push);
  g_assert_cmpuint (ack->rejects->len, ==, 2);
  g_assert_cmpuint (g_array_index (ack->rejects, IsafWireReject, 0).row, ==, 1);
  g_assert_cmpstr (g_array_index (ack->rejects, IsafWireReject, 0).code, ==, "validation");
  g_assert_cmpstr (g_array_index (ack->rejects, IsafWireReject, 0).field, ==, "birth_year");
  g_assert_cmpuint (g_array_index (ack->rejects, IsafWireReject, 1).row, ==, 2);
  g_assert_cmpstr (g_array_index (ack->rejects, IsafWireReject, 1).code, ==, "unknown_reference");
  count = server_value (fixture, "SELECT count(*) FROM caf");
  g_assert_cmpstr (count, ==, "1");
}

static void
add_reference (IsafWireRow    *row,
               const char     *name,
               const IsafUuid *id,
               gint64          hlc)
{
  IsafValue value = { ISAF_VALUE_ID, .id = *id };

  isaf_wire_row_add_field (row, name, &value)->hlc = hlc;
}

/* An attachment of a new cycle's stage, naming @sha256 for a PDF of @size bytes. */
static void
add_attachment_rows (IsafWirePush   *push,
                     const IsafUuid *attachment_id,
                     const char     *sha256,
                     gsize           size,
                     gint64          hlc)
{
  IsafUuid cycle_id, stage_id;
  IsafWireRow *cycle, *stage, *attachment;

  isaf_uuid_v7 (&cycle_id);
  isaf_uuid_v7 (&stage_id);
  cycle = isaf_wire_row_new (isaf_schema_find_table ("cycle"), &cycle_id);
  add_integer (cycle, "year", 2026, hlc);
  add_integer (cycle, ISAF_WIRE_DELETED_FIELD, 0, hlc);
  stage = isaf_wire_row_new (isaf_schema_find_table ("cycle_stage"), &stage_id);
  add_reference (stage, "cycle_id", &cycle_id, hlc);
  add_text (stage, "stage", "dissemination", hlc);
  add_text (stage, "status", "done", hlc);
  add_integer (stage, ISAF_WIRE_DELETED_FIELD, 0, hlc);
  attachment = isaf_wire_row_new (isaf_schema_find_table ("attachment"), attachment_id);
  add_reference (attachment, "cycle_stage_id", &stage_id, hlc);
  add_text (attachment, "file_name", "sheet.pdf", hlc);
  add_text (attachment, "media_type", "application/pdf", hlc);
  add_integer (attachment, "size", size, hlc);
  add_text (attachment, "sha256", sha256, hlc);
  add_integer (attachment, ISAF_WIRE_DELETED_FIELD, 0, hlc);
  g_ptr_array_add (push->rows, cycle);
  g_ptr_array_add (push->rows, stage);
  g_ptr_array_add (push->rows, attachment);
}

/* A row naming a file the server does not hold is refused (the laptop sends the file
 * first), so no laptop pulls a row whose file it cannot fetch; once the file is there, the
 * same row goes in. */
static void
test_attachment_needs_its_file (Fixture       *fixture,
                                gconstpointer  data)
{
  static const char content[] = "%PDF-1.7 a signed attendance sheet";
  g_autoptr(GBytes) file = g_bytes_new_static (content, sizeof content - 1);
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, file);
  g_autofree char *path = g_strconcat ("/v1/blobs/", sha256, NULL);
  g_autoptr(IsafWirePush) first = isaf_test_push_new (fixture->laptop_a, 1);
  g_autoptr(IsafWirePush) second = isaf_test_push_new (fixture->laptop_a, 2);
  g_autoptr(IsafWirePushAck) refused = NULL;
  g_autoptr(IsafWirePushAck) accepted = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autofree char *count = NULL;
  IsafUuid attachment_id;
  const IsafWireReject *reject;

  isaf_uuid_v7 (&attachment_id);
  add_attachment_rows (first, &attachment_id, sha256, g_bytes_get_size (file),
                       recent_clock (0));
  refused = push_ok (fixture, fixture->laptop_a, first);
  g_assert_cmpuint (refused->rejects->len, ==, 1);
  reject = &g_array_index (refused->rejects, IsafWireReject, 0);
  g_assert_cmpuint (reject->row, ==, 2);
  g_assert_cmpstr (reject->field, ==, "sha256");
  g_assert_cmpstr (reject->code, ==, "unknown_file");
  count = server_value (fixture, "SELECT count(*) FROM attachment");
  g_assert_cmpstr (count, ==, "0");
  g_clear_pointer (&count, g_free);

  g_assert_cmpuint (isaf_test_server_request (fixture->server, "PUT", path,
                                              fixture->laptop_a->token, file, FALSE, &answer),
                    ==, 201);
  add_attachment_rows (second, &attachment_id, sha256, g_bytes_get_size (file),
                       recent_clock (1));
  accepted = push_ok (fixture, fixture->laptop_a, second);
  g_assert_cmpuint (accepted->rejects->len, ==, 0);
  count = server_value (fixture, "SELECT count(*) FROM attachment");
  g_assert_cmpstr (count, ==, "1");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/push/replay-gap-reuse", Fixture, NULL, fixture_set_up,
              test_replay_gap_reuse, fixture_tear_down);
  g_test_add ("/server/push/same-field-any-order", Fixture, NULL, fixture_set_up,
              test_same_field_any_order, fixture_tear_down);
  g_test_add ("/server/push/different-fields", Fixture, NULL, fixture_set_up,
              test_different_fields_both_survive, fixture_tear_down);
  g_test_add ("/server/push/review-conflict", Fixture, NULL, fixture_set_up,
              test_review_field_conflict_logged, fixture_tear_down);
  g_test_add ("/server/push/future-clock", Fixture, NULL, fixture_set_up,
              test_future_clock_clamped, fixture_tear_down);
  g_test_add ("/server/push/invalid-rows", Fixture, NULL, fixture_set_up,
              test_invalid_rows_rejected, fixture_tear_down);
  g_test_add ("/server/push/attachment-needs-its-file", Fixture, NULL, fixture_set_up,
              test_attachment_needs_its_file, fixture_tear_down);

  return g_test_run ();
}
