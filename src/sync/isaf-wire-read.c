/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-wire"

#include "config.h"

#include <string.h>

#include "isaf-wire-private.h"

/* The strict reader: json-glib builds the tree of a message that isaf_wire_scan() accepted,
 * and the message decoders walk it through these functions, which refuse anything but the
 * expected keys and JSON types and name the place of the fault in the error. */

/* How much of a message's text an error quotes. */
#define QUOTE_MAX_CHARS 64

static void
append_path (GString            *out,
             const IsafWirePath *path)
{
  if (path == NULL)
    return;

  append_path (out, path->parent);
  if (path->key != NULL)
    {
      if (out->len > 0)
        g_string_append_c (out, '.');
      g_string_append (out, path->key);
    }
  else
    {
      g_string_append_printf (out, "[%u]", path->index);
    }
}

void
isaf_wire_set_error (GError             **error,
                     IsafWireError        code,
                     const IsafWirePath  *path,
                     const char          *format,
                     ...)
{
  g_autoptr(GString) message = NULL;
  va_list args;

  if (error == NULL)
    return;

  message = g_string_new (NULL);
  append_path (message, path);
  if (message->len == 0)
    g_string_append (message, "top level");
  g_string_append (message, ": ");
  va_start (args, format);
  g_string_append_vprintf (message, format, args);
  va_end (args);

  g_set_error_literal (error, ISAF_WIRE_ERROR, code, message->str);
}

char *
isaf_wire_quote (const char *text)
{
  const char *p = text;
  GString *out;

  if (!g_utf8_validate (text, -1, NULL))
    return g_strdup ("(text that is not UTF-8)");

  out = g_string_new ("\"");
  /* The errors go to logs and HTTP bodies: a key made of line breaks must not forge lines. */
  for (guint n = 0; *p != '\0' && n < QUOTE_MAX_CHARS; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || (c >= 0x7f && c < 0xa0))
        g_string_append_c (out, '?');
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  if (*p != '\0')
    g_string_append (out, "…");
  g_string_append_c (out, '"');

  return g_string_free (out, FALSE);
}

/* The first key that @text, one object's JSON, has twice at its top level: the error path,
 * so a second parse is fine. */
typedef struct {
  guint depth;
  GHashTable *seen;
  char *repeated;
} RepeatSearch;

static void
on_search_object_start_cb (JsonParser   *parser,
                           RepeatSearch *search)
{
  search->depth++;
}

static void
on_search_object_member_cb (JsonParser   *parser,
                            JsonObject   *object,
                            const char   *name,
                            RepeatSearch *search)
{
  if (search->depth == 1 && search->repeated == NULL
      && !g_hash_table_add (search->seen, g_strdup (name)))
    search->repeated = g_strdup (name);
}

static void
on_search_object_end_cb (JsonParser   *parser,
                         JsonObject   *object,
                         RepeatSearch *search)
{
  search->depth--;
}

static char *
find_repeated_key (const char *text,
                   gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  RepeatSearch search = { 0, seen, NULL };

  g_signal_connect (parser, "object-start", G_CALLBACK (on_search_object_start_cb), &search);
  g_signal_connect (parser, "object-member", G_CALLBACK (on_search_object_member_cb), &search);
  g_signal_connect (parser, "object-end", G_CALLBACK (on_search_object_end_cb), &search);
  json_parser_load_from_data (parser, text, length, NULL);

  return search.repeated != NULL ? search.repeated : g_strdup ("?");
}

/* json-glib replaces a repeated member, so the finished tree cannot show a duplicate. The
 * scan counted every object's keys; json-glib finishes objects in the same order, so an
 * object smaller than its count had a key twice. One signal per object, not per member,
 * keeps this cheap. */
static void
on_object_end_cb (JsonParser     *parser,
                  JsonObject     *object,
                  IsafWireReader *reader)
{
  const IsafWireScanObject *scanned;

  g_return_if_fail (reader->n_ended < reader->objects->len);

  scanned = &g_array_index (reader->objects, IsafWireScanObject, reader->n_ended++);
  if (json_object_get_size (object) == scanned->members)
    return;

  /* Held, so that an object json-glib drops (a repeated member's first value) cannot be
   * freed and its address taken by another object. */
  if (reader->duplicates == NULL)
    reader->duplicates = g_hash_table_new_full (NULL, NULL, (GDestroyNotify) json_object_unref,
                                                g_free);
  g_hash_table_insert (reader->duplicates, json_object_ref (object),
                       find_repeated_key (reader->data + scanned->start,
                                          scanned->end - scanned->start));
}

void
isaf_wire_reader_clear (IsafWireReader *reader)
{
  g_clear_pointer (&reader->duplicates, g_hash_table_unref);
  g_clear_pointer (&reader->objects, g_array_unref);
  g_clear_object (&reader->parser);
  reader->data = NULL;
}

gboolean
isaf_wire_check_text (const char  *data,
                      gsize        length,
                      GArray      *objects,
                      GError     **error)
{
  const char *end;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (length > G_MAXSSIZE)
    {
      isaf_wire_set_error (error, ISAF_WIRE_ERROR_TOO_LARGE, NULL, "the message is too long");
      return FALSE;
    }
  if (length > 0 && !g_utf8_validate_len (data, length, &end))
    {
      g_set_error (error, ISAF_WIRE_ERROR, ISAF_WIRE_ERROR_MALFORMED,
                   "byte %" G_GSIZE_FORMAT ": not valid UTF-8", (gsize) (end - data));
      return FALSE;
    }
  return isaf_wire_scan (data, length, objects, error);
}

JsonObject *
isaf_wire_reader_parse (IsafWireReader      *reader,
                        const char          *data,
                        gsize                length,
                        const char * const  *required,
                        const char * const  *optional,
                        GError             **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (reader->parser == NULL, NULL);

  reader->data = data;
  reader->objects = g_array_new (FALSE, FALSE, sizeof (IsafWireScanObject));
  if (!isaf_wire_check_text (data, length, reader->objects, error))
    return NULL;

  reader->parser = json_parser_new ();
  g_signal_connect (reader->parser, "object-end", G_CALLBACK (on_object_end_cb), reader);
  if (!json_parser_load_from_data (reader->parser, data, length, &local_error))
    {
      /* Not expected: the scan accepts only the standard JSON that json-glib reads. */
      isaf_wire_set_error (error, ISAF_WIRE_ERROR_MALFORMED, NULL, "not JSON: %s",
                           local_error->message);
      return NULL;
    }

  return isaf_wire_read_object (reader, json_parser_get_root (reader->parser), NULL,
                                required, optional, error);
}

static gboolean
check_keys (JsonObject          *object,
            const IsafWirePath  *path,
            const char * const  *required,
            const char * const  *optional,
            GError             **error)
{
  g_autoptr(GList) members = NULL;
  guint known = 0;

  for (guint i = 0; required[i] != NULL; i++, known++)
    if (!json_object_has_member (object, required[i]))
      {
        isaf_wire_set_error (error, ISAF_WIRE_ERROR_MALFORMED, path, "missing key \"%s\"",
                             required[i]);
        return FALSE;
      }
  for (guint i = 0; optional != NULL && optional[i] != NULL; i++)
    if (json_object_has_member (object, optional[i]))
      known++;

  if (json_object_get_size (object) == known)
    return TRUE;

  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (required, l->data)
        && (optional == NULL || !g_strv_contains (optional, l->data)))
      {
        g_autofree char *quoted = isaf_wire_quote (l->data);

        isaf_wire_set_error (error, ISAF_WIRE_ERROR_MALFORMED, path, "unknown key %s", quoted);
        return FALSE;
      }

  g_return_val_if_reached (FALSE);
}

JsonObject *
isaf_wire_read_object (IsafWireReader      *reader,
                       JsonNode            *node,
                       const IsafWirePath  *path,
                       const char * const  *required,
                       const char * const  *optional,
                       GError             **error)
{
  JsonObject *object;
  const char *repeated;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      isaf_wire_set_error (error, ISAF_WIRE_ERROR_MALFORMED, path, "expected an object");
      return NULL;
    }

  object = json_node_get_object (node);
  if (reader->duplicates != NULL
      && (repeated = g_hash_table_lookup (reader->duplicates, object)) != NULL)
    {
      g_autofree char *quoted = isaf_wire_quote (repeated);

      isaf_wire_set_error (error, ISAF_WIRE_ERROR_MALFORMED, path, "key %s appears twice",
                           quoted);
      return NULL;
    }

  if (required != NULL && !check_keys (object, path, required, optional, error))
    return NULL;

  return object;
}

/* A member the caller's key list requires: it is there unless the lists are wrong. */
static JsonNode *
get_member (JsonObject          *object,
            const IsafWirePath  *path,
            GError             **error)
{
  JsonNode *node = json_object_get_member (object, path->key);

  if (node == NULL)
    isaf_wire_set_error (error, ISAF_WIRE_ERROR_MALFORMED, path, "missing");
  return node;
}

/* What a leaf of the tree holds, for the checks of isaf-wire-scalar.c. */
static void
node_scalar (JsonNode       *node,
             IsafWireScalar *scalar)
{
  memset (scalar, 0, sizeof *scalar);
  if (JSON_NODE_HOLDS_OBJECT (node))
    scalar->kind = ISAF_WIRE_KIND_OBJECT;
  else if (JSON_NODE_HOLDS_ARRAY (node))
    scalar->kind = ISAF_WIRE_KIND_ARRAY;
  else if (JSON_NODE_HOLDS_NULL (node))
    scalar->kind = ISAF_WIRE_KIND_NULL;
  else
    switch (json_node_get_value_type (node))
      {
      case G_TYPE_STRING:
        scalar->kind = ISAF_WIRE_KIND_STRING;
        scalar->text = json_node_get_string (node);
        scalar->length = strlen (scalar->text);
        break;
      case G_TYPE_INT64:
        scalar->kind = ISAF_WIRE_KIND_INTEGER;
        scalar->integer = json_node_get_int (node);
        break;
      case G_TYPE_DOUBLE:
        scalar->kind = ISAF_WIRE_KIND_REAL;
        scalar->real = json_node_get_double (node);
        break;
      case G_TYPE_BOOLEAN:
      default:
        scalar->kind = ISAF_WIRE_KIND_BOOLEAN;
        scalar->boolean = json_node_get_boolean (node);
        break;
      }
}

/* @object's member @key as a scalar, with its path; FALSE (and the error) when it is missing. */
static gboolean
member_scalar (JsonObject          *object,
               IsafWirePath        *path,
               IsafWireScalar      *scalar,
               GError             **error)
{
  JsonNode *node = get_member (object, path, error);

  if (node == NULL)
    return FALSE;
  node_scalar (node, scalar);
  return TRUE;
}

JsonArray *
isaf_wire_read_array (JsonObject          *object,
                      const char          *key,
                      const IsafWirePath  *parent,
                      guint                max_length,
                      GError             **error)
{
  IsafWirePath path = ISAF_WIRE_PATH_KEY (parent, key);
  JsonNode *node = get_member (object, &path, error);
  JsonArray *array;

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      isaf_wire_set_error (error, ISAF_WIRE_ERROR_MALFORMED, &path, "expected an array");
      return NULL;
    }

  array = json_node_get_array (node);
  if (json_array_get_length (array) > max_length)
    {
      isaf_wire_set_error (error, ISAF_WIRE_ERROR_TOO_LARGE, &path,
                           "%u entries, more than the limit of %u",
                           json_array_get_length (array), max_length);
      return NULL;
    }

  return array;
}

gboolean
isaf_wire_read_int64 (JsonObject          *object,
                      const char          *key,
                      const IsafWirePath  *parent,
                      gint64               min,
                      gint64               max,
                      gint64              *out,
                      GError             **error)
{
  IsafWirePath path = ISAF_WIRE_PATH_KEY (parent, key);
  IsafWireScalar scalar;

  return member_scalar (object, &path, &scalar, error)
         && isaf_wire_scalar_int64 (&scalar, &path, min, max, out, error);
}

gboolean
isaf_wire_read_int (JsonObject          *object,
                    const char          *key,
                    const IsafWirePath  *parent,
                    int                  min,
                    int                  max,
                    int                 *out,
                    GError             **error)
{
  gint64 value;

  if (!isaf_wire_read_int64 (object, key, parent, min, max, &value, error))
    return FALSE;

  *out = value;
  return TRUE;
}

gboolean
isaf_wire_read_boolean (JsonObject          *object,
                        const char          *key,
                        const IsafWirePath  *parent,
                        gboolean            *out,
                        GError             **error)
{
  IsafWirePath path = ISAF_WIRE_PATH_KEY (parent, key);
  IsafWireScalar scalar;

  return member_scalar (object, &path, &scalar, error)
         && isaf_wire_scalar_boolean (&scalar, &path, out, error);
}

const char *
isaf_wire_read_string (JsonObject          *object,
                       const char          *key,
                       const IsafWirePath  *parent,
                       GError             **error)
{
  IsafWirePath path = ISAF_WIRE_PATH_KEY (parent, key);
  IsafWireScalar scalar;

  if (!member_scalar (object, &path, &scalar, error))
    return NULL;
  return isaf_wire_scalar_string (&scalar, &path, error);
}

gboolean
isaf_wire_dup_string (JsonObject          *object,
                      const char          *key,
                      const IsafWirePath  *parent,
                      char               **out,
                      GError             **error)
{
  const char *text = isaf_wire_read_string (object, key, parent, error);

  if (text == NULL)
    return FALSE;

  *out = g_strdup (text);
  return TRUE;
}

const char *
isaf_wire_read_choice (JsonObject          *object,
                       const char          *key,
                       const IsafWirePath  *parent,
                       const char * const  *choices,
                       GError             **error)
{
  IsafWirePath path = ISAF_WIRE_PATH_KEY (parent, key);
  IsafWireScalar scalar;

  if (!member_scalar (object, &path, &scalar, error))
    return NULL;
  return isaf_wire_scalar_choice (&scalar, &path, choices, error);
}

gboolean
isaf_wire_read_uuid (JsonObject          *object,
                     const char          *key,
                     const IsafWirePath  *parent,
                     IsafUuid            *out,
                     GError             **error)
{
  IsafWirePath path = ISAF_WIRE_PATH_KEY (parent, key);
  IsafWireScalar scalar;

  return member_scalar (object, &path, &scalar, error)
         && isaf_wire_scalar_uuid (&scalar, &path, out, error);
}

gboolean
isaf_wire_read_clock (JsonObject          *object,
                      const char          *key,
                      const IsafWirePath  *parent,
                      gint64              *out,
                      GError             **error)
{
  IsafWirePath path = ISAF_WIRE_PATH_KEY (parent, key);
  IsafWireScalar scalar;

  return member_scalar (object, &path, &scalar, error)
         && isaf_wire_scalar_clock (&scalar, &path, out, error);
}
