/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-wire"

#include "config.h"

#include <string.h>

#include "isaf-wire-private.h"

/* The reader of the large messages (a push, a page of a pull): values are read where they
 * stand in the message's text, which isaf_wire_check_text() has accepted whole as strict
 * JSON. A push of 500 field changes is 2,500 JSON values; as a json-glib tree each one is
 * allocated, linked, hashed and freed again, and that was most of the server's own work on a
 * push. Here nothing is built but the decoded message.
 *
 * Finding an object's keys skips their values (isaf-wire-members.c), which are then read
 * where they are: some bytes are walked more than once, but a walk over bytes costs far less
 * than a tree. */

/* The scan's checks make these walks safe: every string closes, every bracket pairs up, and
 * the message is an object, so no number is the last byte of the text. */

static gsize
skip_space (const IsafWireText *text,
            gsize               pos)
{
  while (pos < text->length
         && (text->data[pos] == ' ' || text->data[pos] == '\t' || text->data[pos] == '\n'
             || text->data[pos] == '\r'))
    pos++;
  return pos;
}

/* Past the closing quote of the string starting at @pos: the first quote not escaped, that
 * is, not after an odd number of backslashes. */
static gsize
skip_string (const IsafWireText *text,
             gsize               pos)
{
  const char *end = text->data + text->length;
  const char *p = text->data + pos + 1;

  for (;;)
    {
      const char *quote = memchr (p, '"', end - p);
      gsize backslashes = 0;

      /* The opening quote stops this walk back. */
      while (quote[-1 - (gssize) backslashes] == '\\')
        backslashes++;
      if (backslashes % 2 == 0)
        return quote + 1 - text->data;
      p = quote + 1;
    }
}

/* Past the value starting at @pos (white space before it already skipped). */
static gsize
skip_value (const IsafWireText *text,
            gsize               pos)
{
  guint depth = 0;

  do
    {
      switch (text->data[pos])
        {
        case '"':
          pos = skip_string (text, pos);
          continue;
        case '{':
        case '[':
          depth++;
          break;
        case '}':
        case ']':
          depth--;
          break;
        default:
          /* A number, true, false or null, or punctuation inside an object or array */
          if (depth == 0)
            {
              while (pos < text->length && strchr (",}] \t\n\r", text->data[pos]) == NULL)
                pos++;
              return pos;
            }
          break;
        }
      pos++;
    }
  while (depth > 0);

  return pos;
}

static guint
hex_digit (char c)
{
  return g_ascii_isdigit (c) ? (guint) (c - '0') : (guint) (g_ascii_tolower (c) - 'a' + 10);
}

static gunichar
read_hex4 (const char *p)
{
  return hex_digit (p[0]) << 12 | hex_digit (p[1]) << 8 | hex_digit (p[2]) << 4
         | hex_digit (p[3]);
}

/* The string starting at @pos, unescaped into @out; returns the position past it. */
static gsize
read_string (const IsafWireText *text,
             gsize               pos,
             GString            *out)
{
  gsize start;

  g_string_truncate (out, 0);
  pos++;
  for (;;)
    {
      gunichar c;

      /* Runs without escapes, the usual case, in one copy. */
      start = pos;
      while (text->data[pos] != '"' && text->data[pos] != '\\')
        pos++;
      g_string_append_len (out, text->data + start, pos - start);
      if (text->data[pos] == '"')
        return pos + 1;

      pos++;
      switch (text->data[pos])
        {
        case 'b': g_string_append_c (out, '\b'); pos++; continue;
        case 'f': g_string_append_c (out, '\f'); pos++; continue;
        case 'n': g_string_append_c (out, '\n'); pos++; continue;
        case 'r': g_string_append_c (out, '\r'); pos++; continue;
        case 't': g_string_append_c (out, '\t'); pos++; continue;
        case 'u': break;
        default: g_string_append_c (out, text->data[pos]); pos++; continue;
        }

      /* \uXXXX, a high surrogate always followed by its low one (the scan saw to it) */
      c = read_hex4 (text->data + pos + 1);
      pos += 5;
      if (c >= 0xd800 && c < 0xdc00)
        {
          c = 0x10000 + ((c - 0xd800) << 10) + (read_hex4 (text->data + pos + 2) - 0xdc00);
          pos += 6;
        }
      g_string_append_unichar (out, c);
    }
}

gboolean
isaf_wire_text_open (IsafWireText  *text,
                     const char    *data,
                     gsize          length,
                     GError       **error)
{
  g_return_val_if_fail (text->key == NULL, FALSE);

  if (!isaf_wire_check_text (data, length, NULL, error))
    return FALSE;

  text->data = data;
  text->length = length;
  text->key = g_string_new (NULL);
  text->value = g_string_new (NULL);
  text->root = skip_space (text, 0);
  return TRUE;
}

void
isaf_wire_text_clear (IsafWireText *text)
{
  if (text->key != NULL)
    g_string_free (g_steal_pointer (&text->key), TRUE);
  if (text->value != NULL)
    g_string_free (g_steal_pointer (&text->value), TRUE);
}

void
isaf_wire_text_scalar (IsafWireText   *text,
                       gsize           at,
                       IsafWireScalar *scalar)
{
  const char *p = text->data + at;
  char *end;

  memset (scalar, 0, sizeof *scalar);
  switch (*p)
    {
    case '{':
      scalar->kind = ISAF_WIRE_KIND_OBJECT;
      return;
    case '[':
      scalar->kind = ISAF_WIRE_KIND_ARRAY;
      return;
    case '"':
      read_string (text, at, text->value);
      scalar->kind = ISAF_WIRE_KIND_STRING;
      scalar->text = text->value->str;
      scalar->length = text->value->len;
      return;
    case 't':
    case 'f':
      scalar->kind = ISAF_WIRE_KIND_BOOLEAN;
      scalar->boolean = *p == 't';
      return;
    case 'n':
      scalar->kind = ISAF_WIRE_KIND_NULL;
      return;
    default:
      break;
    }

  /* A number: whole unless it has a fraction or an exponent, as json-glib reads it. The
   * scan checked that whole ones fit a gint64 and that the others are finite. */
  scalar->kind = ISAF_WIRE_KIND_INTEGER;
  for (const char *q = p; g_ascii_isdigit (*q) || *q == '-' || *q == '+' || *q == '.'
                          || *q == 'e' || *q == 'E'; q++)
    if (*q == '.' || *q == 'e' || *q == 'E')
      scalar->kind = ISAF_WIRE_KIND_REAL;
  if (scalar->kind == ISAF_WIRE_KIND_INTEGER)
    scalar->integer = g_ascii_strtoll (p, &end, 10);
  else
    scalar->real = g_ascii_strtod (p, &end);
}

static gboolean
enter (IsafWireText        *text,
       gsize                at,
       char                 open,
       const IsafWirePath  *path,
       IsafWireIter        *iter,
       GError             **error)
{
  if (text->data[at] != open)
    {
      isaf_wire_set_error (error, ISAF_WIRE_ERROR_MALFORMED, path,
                           open == '{' ? "expected an object" : "expected an array");
      return FALSE;
    }

  iter->pos = at + 1;
  iter->first = TRUE;
  iter->object = open == '{';
  return TRUE;
}

/* Moves @iter to its next entry (past a comma), or past the closing bracket. */
static gboolean
next_entry (IsafWireText *text,
            IsafWireIter *iter)
{
  gsize pos = skip_space (text, iter->pos);

  if (text->data[pos] == '}' || text->data[pos] == ']')
    {
      iter->pos = pos + 1;
      return FALSE;
    }
  if (!iter->first)
    pos = skip_space (text, pos + 1);
  iter->first = FALSE;
  iter->pos = pos;
  return TRUE;
}

gboolean
isaf_wire_text_enter_object (IsafWireText        *text,
                             gsize                at,
                             const IsafWirePath  *path,
                             IsafWireIter        *iter,
                             GError             **error)
{
  return enter (text, at, '{', path, iter, error);
}

gboolean
isaf_wire_text_next_member (IsafWireText  *text,
                            IsafWireIter  *iter,
                            const char   **key,
                            gsize         *value_at)
{
  gsize pos;

  if (!next_entry (text, iter))
    return FALSE;

  pos = read_string (text, iter->pos, text->key);
  /* the colon */
  pos = skip_space (text, skip_space (text, pos) + 1);
  *key = text->key->str;
  *value_at = pos;
  iter->pos = skip_value (text, pos);
  return TRUE;
}

gboolean
isaf_wire_text_enter_array (IsafWireText        *text,
                            gsize                at,
                            const IsafWirePath  *path,
                            IsafWireIter        *iter,
                            GError             **error)
{
  return enter (text, at, '[', path, iter, error);
}

gboolean
isaf_wire_text_next_element (IsafWireText *text,
                             IsafWireIter *iter,
                             gsize        *at)
{
  if (!next_entry (text, iter))
    return FALSE;

  *at = iter->pos;
  iter->pos = skip_value (text, iter->pos);
  return TRUE;
}

guint
isaf_wire_text_count (IsafWireText       *text,
                      const IsafWireIter *start)
{
  IsafWireIter iter = *start;
  const char *key;
  guint n = 0;
  gsize at;

  while (iter.object ? isaf_wire_text_next_member (text, &iter, &key, &at)
                     : isaf_wire_text_next_element (text, &iter, &at))
    n++;
  return n;
}

gboolean
isaf_wire_text_too_many (IsafWireText        *text,
                         const IsafWireIter  *start,
                         const IsafWirePath  *path,
                         guint                max_length,
                         GError             **error)
{
  isaf_wire_set_error (error, ISAF_WIRE_ERROR_TOO_LARGE, path,
                       "%u entries, more than the limit of %u",
                       isaf_wire_text_count (text, start), max_length);
  return FALSE;
}
