/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-uuid"

#include "config.h"

#include <string.h>

#include "isaf-uuid.h"

/* The root namespace of every deterministic id in ISAF Commune; per-table namespaces are
 * derived from it by name, so two laptops compute the same id for the same natural key. */
static const IsafUuid root_namespace = { {
  0x6b, 0x68, 0x2e, 0x67, 0x6f, 0x76, 0x4e, 0x9c,
  0x8a, 0x1f, 0x49, 0x53, 0x41, 0x46, 0x2d, 0x31,
} };

static GMutex v7_lock;
static gint64 v7_last_ms;
static guint v7_counter;

static void
set_version_and_variant (IsafUuid *uuid,
                         guint     version)
{
  uuid->bytes[6] = (uuid->bytes[6] & 0x0f) | (version << 4);
  uuid->bytes[8] = (uuid->bytes[8] & 0x3f) | 0x80;
}

static void
fill_v7 (IsafUuid *out,
         gint64    unix_ms,
         guint     counter,
         GRand    *rand)
{
  for (guint i = 0; i < 6; i++)
    out->bytes[i] = (unix_ms >> (8 * (5 - i))) & 0xff;

  /* rand_a holds a 12-bit counter so that ids made in one millisecond still sort in the
   * order they were made (RFC 9562, section 6.2, method 1). */
  out->bytes[6] = (counter >> 8) & 0x0f;
  out->bytes[7] = counter & 0xff;

  for (guint i = 8; i < 16; i += 4)
    {
      guint32 r = rand ? g_rand_int (rand) : g_random_int ();
      memcpy (&out->bytes[i], &r, 4);
    }

  set_version_and_variant (out, 7);
}

void
isaf_uuid_v7 (IsafUuid *out)
{
  gint64 now_ms = g_get_real_time () / 1000;
  guint counter;

  g_mutex_lock (&v7_lock);
  if (now_ms > v7_last_ms)
    {
      v7_last_ms = now_ms;
      /* Start low in the counter range so that a burst has room before it overflows. */
      v7_counter = g_random_int_range (0, 0x200);
    }
  else if (++v7_counter > 0xfff)
    {
      /* The wall clock went backwards or 4,096 ids were made in one millisecond: borrow
       * the next millisecond rather than break the order. */
      v7_last_ms++;
      v7_counter = 0;
    }
  now_ms = v7_last_ms;
  counter = v7_counter;
  g_mutex_unlock (&v7_lock);

  fill_v7 (out, now_ms, counter, NULL);
}

void
isaf_uuid_v7_at (IsafUuid *out,
                 gint64    unix_ms,
                 GRand    *rand)
{
  g_return_if_fail (rand != NULL);

  fill_v7 (out, unix_ms, g_rand_int_range (rand, 0, 0x1000), rand);
}

void
isaf_uuid_v5 (IsafUuid       *out,
              const IsafUuid *namespace_id,
              const void     *name,
              gsize           name_length)
{
  g_autoptr(GChecksum) sha1 = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize digest_length = sizeof digest;

  g_checksum_update (sha1, namespace_id->bytes, 16);
  g_checksum_update (sha1, name, name_length);
  g_checksum_get_digest (sha1, digest, &digest_length);

  memcpy (out->bytes, digest, 16);
  set_version_and_variant (out, 5);
}

void
isaf_uuid_v5_for_table (IsafUuid   *out,
                        const char *table,
                        const char *natural_key)
{
  IsafUuid table_namespace;

  isaf_uuid_v5 (&table_namespace, &root_namespace, table, strlen (table));
  isaf_uuid_v5 (out, &table_namespace, natural_key, strlen (natural_key));
}

gint64
isaf_uuid_v7_time (const IsafUuid *uuid)
{
  gint64 ms = 0;

  for (guint i = 0; i < 6; i++)
    ms = (ms << 8) | uuid->bytes[i];

  return ms;
}

guint
isaf_uuid_version (const IsafUuid *uuid)
{
  return uuid->bytes[6] >> 4;
}

void
isaf_uuid_to_buffer (const IsafUuid *uuid,
                     char            buffer[ISAF_UUID_STRING_LENGTH + 1])
{
  static const char hex[] = "0123456789abcdef";
  char *p = buffer;

  for (guint i = 0; i < 16; i++)
    {
      if (i == 4 || i == 6 || i == 8 || i == 10)
        *p++ = '-';
      *p++ = hex[uuid->bytes[i] >> 4];
      *p++ = hex[uuid->bytes[i] & 0x0f];
    }
  *p = '\0';
}

char *
isaf_uuid_to_string (const IsafUuid *uuid)
{
  char buffer[ISAF_UUID_STRING_LENGTH + 1];

  isaf_uuid_to_buffer (uuid, buffer);
  return g_strdup (buffer);
}

gboolean
isaf_uuid_parse (const char *text,
                 IsafUuid   *out)
{
  guint byte = 0;

  if (text == NULL || strlen (text) != ISAF_UUID_STRING_LENGTH)
    return FALSE;

  for (guint i = 0; i < ISAF_UUID_STRING_LENGTH; )
    {
      int high, low;

      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (text[i] != '-')
            return FALSE;
          i++;
          continue;
        }

      high = g_ascii_xdigit_value (text[i]);
      low = g_ascii_xdigit_value (text[i + 1]);
      if (high < 0 || low < 0)
        return FALSE;
      out->bytes[byte++] = (high << 4) | low;
      i += 2;
    }

  return TRUE;
}

gboolean
isaf_uuid_equal (const IsafUuid *a,
                 const IsafUuid *b)
{
  return memcmp (a->bytes, b->bytes, 16) == 0;
}

int
isaf_uuid_compare (const IsafUuid *a,
                   const IsafUuid *b)
{
  return memcmp (a->bytes, b->bytes, 16);
}
