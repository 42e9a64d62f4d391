/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-wire"

#include "config.h"

#include <string.h>

#include "isaf-wire-private.h"

/* A page of the national reference stream (src/sync/sync-protocol.md 5.2): a few versions of
 * reference sets of a few kilobytes each, read through json-glib's tree like the session
 * messages. A set whose file does not have the SHA-256 the page announces refuses the whole
 * page, so nothing of a damaged answer reaches the laptop's reference tables. */

#define SHA256_HEX_CHARS 64

static void
ref_set_clear (IsafWireRefSet *set)
{
  g_free (set->name);
  g_free (set->sha256);
  g_free (set->published_at);
  g_free (set->body);
  memset (set, 0, sizeof *set);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (IsafWireRefSet, ref_set_clear)

IsafWireRefPage *
isaf_wire_ref_page_new (void)
{
  IsafWireRefPage *page = g_new0 (IsafWireRefPage, 1);

  page->sets = g_array_new (FALSE, TRUE, sizeof (IsafWireRefSet));
  g_array_set_clear_func (page->sets, (GDestroyNotify) ref_set_clear);
  return page;
}

void
isaf_wire_ref_page_free (IsafWireRefPage *page)
{
  if (page == NULL)
    return;

  g_array_unref (page->sets);
  g_free (page->next_cursor);
  g_free (page);
}

static gboolean
is_sha256_hex (const char *text)
{
  if (strlen (text) != SHA256_HEX_CHARS)
    return FALSE;
  for (guint i = 0; i < SHA256_HEX_CHARS; i++)
    if (!g_ascii_isdigit (text[i]) && !(text[i] >= 'a' && text[i] <= 'f'))
      return FALSE;
  return TRUE;
}

static gboolean
is_valid_set (const IsafWireRefSet *set)
{
  return set->name != NULL && set->name[0] != '\0'
         && strlen (set->name) <= ISAF_WIRE_MAX_REF_NAME_BYTES
         && set->version >= 1 && set->version <= G_MAXINT32 && set->seq >= 1
         && set->sha256 != NULL && is_sha256_hex (set->sha256)
         && set->published_at != NULL && isaf_wire_is_utc_second (set->published_at)
         && set->body != NULL && strlen (set->body) <= ISAF_WIRE_MAX_TEXT_BYTES;
}

void
isaf_wire_ref_page_add_set (IsafWireRefPage *page,
                            const char      *name,
                            gint64           version,
                            gint64           seq,
                            const char      *published_at,
                            const char      *body)
{
  IsafWireRefSet set = { 0 };

  g_return_if_fail (page != NULL);
  g_return_if_fail (name != NULL && published_at != NULL && body != NULL);

  set.name = g_strdup (name);
  set.version = version;
  set.seq = seq;
  set.sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, body, -1);
  set.published_at = g_strdup (published_at);
  set.body = g_strdup (body);
  g_array_append_val (page->sets, set);
}

GBytes *
isaf_wire_ref_page_encode (const IsafWireRefPage *page)
{
  GString *out;

  g_return_val_if_fail (page != NULL && page->next_cursor != NULL, NULL);
  for (guint i = 0; i < page->sets->len; i++)
    g_return_val_if_fail (is_valid_set (&g_array_index (page->sets, IsafWireRefSet, i)), NULL);

  out = g_string_new ("{\"sets\":[");
  for (guint i = 0; i < page->sets->len; i++)
    {
      const IsafWireRefSet *set = &g_array_index (page->sets, IsafWireRefSet, i);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"name\":");
      isaf_wire_append_string (out, set->name);
      g_string_append (out, ",\"version\":");
      isaf_wire_append_int64 (out, set->version);
      g_string_append (out, ",\"seq\":");
      isaf_wire_append_clock (out, set->seq);
      g_string_append (out, ",\"sha256\":");
      isaf_wire_append_string (out, set->sha256);
      g_string_append (out, ",\"published_at\":");
      isaf_wire_append_string (out, set->published_at);
      g_string_append (out, ",\"body\":");
      isaf_wire_append_string (out, set->body);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "],\"next_cursor\":");
  isaf_wire_append_string (out, page->next_cursor);
  g_string_append (out, page->has_more ? ",\"has_more\":true}" : ",\"has_more\":false}");

  return g_string_free_to_bytes (out);
}

static gboolean
read_set (IsafWireReader      *reader,
          JsonNode            *node,
          const IsafWirePath  *path,
          IsafWireRefSet      *set,
          GError             **error)
{
  static const char * const required[] = {
    "name", "version", "seq", "sha256", "published_at", "body", NULL
  };
  IsafWirePath name_path = ISAF_WIRE_PATH_KEY (path, "name");
  IsafWirePath seq_path = ISAF_WIRE_PATH_KEY (path, "seq");
  IsafWirePath sha256_path = ISAF_WIRE_PATH_KEY (path, "sha256");
  IsafWirePath published_at_path = ISAF_WIRE_PATH_KEY (path, "published_at");
  IsafWirePath body_path = ISAF_WIRE_PATH_KEY (path, "body");
  g_autofree char *body_sha256 = NULL;
  JsonObject *object;

  object = isaf_wire_read_object (reader, node, path, required, NULL, error);
  if (object == NULL
      || !isaf_wire_dup_string (object, "name", path, &set->name, error)
      || !isaf_wire_read_int64 (object, "version", path, 1, G_MAXINT32, &set->version, error)
      || !isaf_wire_read_clock (object, "seq", path, &set->seq, error)
      || !isaf_wire_dup_string (object, "sha256", path, &set->sha256, error)
      || !isaf_wire_dup_string (object, "published_at", path, &set->published_at, error)
      || !isaf_wire_dup_string (object, "body", path, &set->body, error))
    return FALSE;

  if (set->name[0] == '\0' || strlen (set->name) > ISAF_WIRE_MAX_REF_NAME_BYTES)
    {
      isaf_wire_set_error (error, ISAF_WIRE_ERROR_MALFORMED, &name_path,
                           "expected a name of 1 to %d bytes", ISAF_WIRE_MAX_REF_NAME_BYTES);
      return FALSE;
    }
  if (set->seq < 1)
    {
      isaf_wire_set_error (error, ISAF_WIRE_ERROR_MALFORMED, &seq_path,
                           "expected a position of at least 1");
      return FALSE;
    }
  if (!is_sha256_hex (set->sha256))
    {
      isaf_wire_set_error (error, ISAF_WIRE_ERROR_MALFORMED, &sha256_path,
                           "expected 64 lowercase hexadecimal digits");
      return FALSE;
    }
  if (!isaf_wire_is_utc_second (set->published_at))
    {
      isaf_wire_set_error (error, ISAF_WIRE_ERROR_MALFORMED, &published_at_path,
                           "expected a UTC time to the second, as 2026-11-27T01:02:03Z");
      return FALSE;
    }

  /* The file is checked here, before anything installs it: a body damaged on the way (or
   * at the server) is not the set that was published. */
  body_sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, set->body, -1);
  if (!g_str_equal (body_sha256, set->sha256))
    {
      isaf_wire_set_error (error, ISAF_WIRE_ERROR_MALFORMED, &body_path,
                           "its SHA-256 is not the one given in sha256");
      return FALSE;
    }

  return TRUE;
}

IsafWireRefPage *
isaf_wire_ref_page_decode (const char  *data,
                           gsize        length,
                           GError     **error)
{
  static const char * const required[] = { "sets", "next_cursor", "has_more", NULL };
  IsafWirePath sets_path = ISAF_WIRE_PATH_KEY (NULL, "sets");
  g_auto(IsafWireReader) reader = { NULL };
  g_autoptr(IsafWireRefPage) page = NULL;
  JsonObject *root;
  JsonArray *sets;

  root = isaf_wire_reader_parse (&reader, data, length, required, NULL, error);
  if (root == NULL)
    return NULL;

  page = isaf_wire_ref_page_new ();
  sets = isaf_wire_read_array (root, "sets", NULL, ISAF_WIRE_MAX_REF_SETS, error);
  if (sets == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (sets); i++)
    {
      IsafWirePath path = ISAF_WIRE_PATH_INDEX (&sets_path, i);
      IsafWirePath seq_path = ISAF_WIRE_PATH_KEY (&path, "seq");
      g_auto(IsafWireRefSet) set = { 0 };

      if (!read_set (&reader, json_array_get_element (sets, i), &path, &set, error))
        return NULL;
      /* In stream order: the client installs them in it. */
      if (i > 0 && set.seq <= g_array_index (page->sets, IsafWireRefSet, i - 1).seq)
        {
          isaf_wire_set_error (error, ISAF_WIRE_ERROR_MALFORMED, &seq_path,
                               "not after the previous set's");
          return NULL;
        }
      g_array_append_val (page->sets, set);
      memset (&set, 0, sizeof set);
    }

  if (!isaf_wire_dup_string (root, "next_cursor", NULL, &page->next_cursor, error)
      || !isaf_wire_read_boolean (root, "has_more", NULL, &page->has_more, error))
    return NULL;

  return g_steal_pointer (&page);
}
