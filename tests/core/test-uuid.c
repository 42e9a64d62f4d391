/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-uuid"

#include "config.h"

#include <string.h>

#include "isaf-uuid.h"

#define N_SEQUENCE 100000

static void
assert_version_and_variant (const IsafUuid *uuid,
                            guint           version)
{
  g_assert_cmpuint (isaf_uuid_version (uuid), ==, version);
  g_assert_cmphex (uuid->bytes[6] >> 4, ==, version);
  /* RFC 9562 variant: the two top bits of byte 8 are 10. */
  g_assert_cmphex (uuid->bytes[8] & 0xc0, ==, 0x80);
}

static void
test_v7_sequence (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  IsafUuid previous, current;

  isaf_uuid_v7 (&previous);
  assert_version_and_variant (&previous, 7);
  g_hash_table_add (seen, isaf_uuid_to_string (&previous));

  for (guint i = 1; i < N_SEQUENCE; i++)
    {
      isaf_uuid_v7 (&current);
      assert_version_and_variant (&current, 7);

      /* Time-ordered: each id sorts after the one made before it, byte by byte, as a BLOB
       * primary key compares in SQLite. */
      if (isaf_uuid_compare (&previous, &current) >= 0)
        {
          g_autofree char *a = isaf_uuid_to_string (&previous);
          g_autofree char *b = isaf_uuid_to_string (&current);

          g_error ("id %u (%s) does not sort after id %u (%s)", i, b, i - 1, a);
        }
      g_assert_cmpint (memcmp (previous.bytes, current.bytes, 16), <, 0);
      g_assert_cmpint (isaf_uuid_v7_time (&previous), <=, isaf_uuid_v7_time (&current));

      g_assert_true (g_hash_table_add (seen, isaf_uuid_to_string (&current)));
      previous = current;
    }

  g_assert_cmpuint (g_hash_table_size (seen), ==, N_SEQUENCE);
}

static void
test_v7_time (void)
{
  gint64 before = g_get_real_time () / 1000;
  gint64 after, stamped;
  IsafUuid uuid;

  isaf_uuid_v7 (&uuid);
  after = g_get_real_time () / 1000;
  stamped = isaf_uuid_v7_time (&uuid);

  /* The generator may run a few milliseconds ahead after a burst of ids (it borrows the next
   * millisecond rather than break the order), never behind. */
  g_assert_cmpint (stamped, >=, before);
  g_assert_cmpint (stamped, <=, after + 5000);
}

static void
test_v7_at_deterministic (void)
{
  const gint64 ms = G_GINT64_CONSTANT (1767225600000); /* 2026-01-01T00:00:00Z */
  g_autoptr(GRand) rand_a = g_rand_new_with_seed (42);
  g_autoptr(GRand) rand_b = g_rand_new_with_seed (42);
  g_autoptr(GRand) rand_c = g_rand_new_with_seed (43);
  IsafUuid a, b, c;

  for (guint i = 0; i < 100; i++)
    {
      isaf_uuid_v7_at (&a, ms + i, rand_a);
      isaf_uuid_v7_at (&b, ms + i, rand_b);
      g_assert_true (isaf_uuid_equal (&a, &b));
      g_assert_cmpint (isaf_uuid_v7_time (&a), ==, ms + i);
      assert_version_and_variant (&a, 7);
    }

  /* Another seed gives other random bits for the same time. */
  isaf_uuid_v7_at (&a, ms, rand_a);
  isaf_uuid_v7_at (&c, ms, rand_c);
  g_assert_false (isaf_uuid_equal (&a, &c));
  g_assert_cmpint (isaf_uuid_v7_time (&c), ==, ms);
}

static void
assert_v5 (const char *namespace_text,
           const char *name,
           const char *expected)
{
  IsafUuid namespace_id, uuid;
  g_autofree char *text = NULL;

  g_assert_true (isaf_uuid_parse (namespace_text, &namespace_id));
  isaf_uuid_v5 (&uuid, &namespace_id, name, strlen (name));
  text = isaf_uuid_to_string (&uuid);
  g_assert_cmpstr (text, ==, expected);
  assert_version_and_variant (&uuid, 5);
}

/* Test vectors: RFC 9562, appendix A.4 (DNS namespace, "www.example.com"), and the example
 * of the UUID documentation of Python's standard library (DNS namespace, "python.org"). */
static void
test_v5_known_vectors (void)
{
  assert_v5 ("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.example.com",
             "2ed6657d-e927-568b-95e1-2665a8aea6a2");
  assert_v5 ("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "python.org",
             "886313e1-3b8a-5372-9b90-0c9aee199e5d");
}

static void
test_v5_for_table (void)
{
  IsafUuid a, b, other_table, other_key;

  isaf_uuid_v5_for_table (&a, "scorecard_vote", "indicator-1/participant-7");
  isaf_uuid_v5_for_table (&b, "scorecard_vote", "indicator-1/participant-7");
  isaf_uuid_v5_for_table (&other_table, "jaap_progress", "indicator-1/participant-7");
  isaf_uuid_v5_for_table (&other_key, "scorecard_vote", "indicator-1/participant-8");

  /* Two laptops compute the same id for the same fact... */
  g_assert_true (isaf_uuid_equal (&a, &b));
  assert_version_and_variant (&a, 5);
  assert_version_and_variant (&other_table, 5);
  /* ...and the namespace of each table keeps equal keys of different tables apart. */
  g_assert_false (isaf_uuid_equal (&a, &other_table));
  g_assert_false (isaf_uuid_equal (&a, &other_key));
}

static void
test_string_round_trip (void)
{
  IsafUuid uuid, parsed, upper_parsed;
  char buffer[ISAF_UUID_STRING_LENGTH + 1];
  g_autofree char *text = NULL;
  g_autofree char *upper = NULL;
  g_autofree char *expected_text = NULL;

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *round = NULL;

      isaf_uuid_v7 (&uuid);
      round = isaf_uuid_to_string (&uuid);
      g_assert_cmpuint (strlen (round), ==, ISAF_UUID_STRING_LENGTH);
      g_assert_true (isaf_uuid_parse (round, &parsed));
      g_assert_true (isaf_uuid_equal (&uuid, &parsed));
      g_assert_cmpint (isaf_uuid_compare (&uuid, &parsed), ==, 0);
    }

  memcpy (uuid.bytes,
          "\x01\x23\x45\x67\x89\xab\xcd\xef\xfe\xdc\xba\x98\x76\x54\x32\x10", 16);
  text = isaf_uuid_to_string (&uuid);
  g_assert_cmpstr (text, ==, "01234567-89ab-cdef-fedc-ba9876543210");
  isaf_uuid_to_buffer (&uuid, buffer);
  g_assert_cmpstr (buffer, ==, text);

  /* Upper case is read; lower case is written. */
  upper = g_ascii_strup (text, -1);
  g_assert_true (isaf_uuid_parse (upper, &upper_parsed));
  g_assert_true (isaf_uuid_equal (&uuid, &upper_parsed));
  expected_text = isaf_uuid_to_string (&upper_parsed);
  g_assert_cmpstr (expected_text, ==, text);
}

static void
test_string_malformed (void)
{
  static const char * const malformed[] = {
    "",
    "0",
    "01234567-89ab-cdef-fedc-ba987654321",      /* one digit short */
    "01234567-89ab-cdef-fedc-ba98765432100",    /* one digit too many */
    "0123456789abcdeffedcba9876543210",         /* no dashes */
    "01234567089ab-cdef-fedc-ba9876543210",     /* digit where a dash goes */
    "0123456-789ab-cdef-fedc-ba9876543210",     /* dash one place early */
    "01234567-89ab-cdef-fedc-ba987654321g",     /* not a hex digit */
    "01234567-89ab-cdef-fedc-ba98765432 0",     /* space */
    " 1234567-89ab-cdef-fedc-ba9876543210",
    "{1234567-89ab-cdef-fedc-ba987654321}",
    "0x234567-89ab-cdef-fedc-ba9876543210",
    "01234567-89ab-cdef-fedc--a9876543210",
    "01234567+89ab-cdef-fedc-ba9876543210",
    "urn:uuid:01234567-89ab-cdef-fedc-ba98765432",
    "01234567-89ab-cdef-fedc-ba98765432\xc3\xa9", /* é: right length in bytes */
  };
  IsafUuid out;

  g_assert_false (isaf_uuid_parse (NULL, &out));
  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_test_message ("parsing '%s'", malformed[i]);
      g_assert_false (isaf_uuid_parse (malformed[i], &out));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/uuid/v7/unique-and-ordered", test_v7_sequence);
  g_test_add_func ("/uuid/v7/time", test_v7_time);
  g_test_add_func ("/uuid/v7/at-deterministic", test_v7_at_deterministic);
  g_test_add_func ("/uuid/v5/known-vectors", test_v5_known_vectors);
  g_test_add_func ("/uuid/v5/per-table", test_v5_for_table);
  g_test_add_func ("/uuid/string/round-trip", test_string_round_trip);
  g_test_add_func ("/uuid/string/malformed", test_string_malformed);

  return g_test_run ();
}
