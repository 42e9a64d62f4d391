/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-wire"

#include "config.h"

#include <math.h>
#include <string.h>

#include "isaf-wire-private.h"

/* json-glib 1.6's parser is lenient (comments, single quotes, hexadecimal numbers, integers
 * that wrap around, infinite reals, raw control characters in strings) and recursive. This
 * scan runs first over the raw bytes and builds nothing: it accepts exactly RFC 8259 JSON
 * whose nesting stays within ISAF_WIRE_MAX_DEPTH, whose integers fit a gint64, whose reals are
 * finite and whose strings hold no NUL and no unpaired surrogate. The parser then only sees
 * input it reads the standard way, and never deep input that could exhaust the stack. */

typedef enum {
  EXPECT_VALUE,          /* at the start, after ':', after ',' in an array */
  EXPECT_VALUE_OR_CLOSE, /* after '[' */
  EXPECT_KEY,            /* after ',' in an object */
  EXPECT_KEY_OR_CLOSE,   /* after '{' */
  EXPECT_COLON,
  EXPECT_SEPARATOR,      /* after a value in an array or object: ',' or the close */
  EXPECT_END,            /* after the top-level value: white space only */
} ScanState;

typedef struct {
  const char *data;
  gsize length;
  gsize pos;
  ScanState state;
  guint depth;
  char open[ISAF_WIRE_MAX_DEPTH];
  /* For each open object: where it starts and how many keys it has had so far. */
  gsize starts[ISAF_WIRE_MAX_DEPTH];
  guint members[ISAF_WIRE_MAX_DEPTH];
  GArray *objects;
} Scanner;

/* Integers longer than this cannot fit a gint64 ("-9223372036854775808" is 20). */
#define MAX_INTEGER_CHARS 20

static gboolean
scan_fail (gsize          pos,
           IsafWireError  code,
           const char    *what,
           GError       **error)
{
  g_set_error (error, ISAF_WIRE_ERROR, code, "byte %" G_GSIZE_FORMAT ": %s", pos, what);
  return FALSE;
}

static gboolean
scan_unexpected (const Scanner  *scanner,
                 GError        **error)
{
  guchar c = scanner->data[scanner->pos];

  if (scanner->state == EXPECT_END)
    return scan_fail (scanner->pos, ISAF_WIRE_ERROR_MALFORMED,
                      "unexpected text after the end of the message", error);

  if (g_ascii_isgraph (c))
    g_set_error (error, ISAF_WIRE_ERROR, ISAF_WIRE_ERROR_MALFORMED,
                 "byte %" G_GSIZE_FORMAT ": unexpected character '%c'", scanner->pos, c);
  else
    g_set_error (error, ISAF_WIRE_ERROR, ISAF_WIRE_ERROR_MALFORMED,
                 "byte %" G_GSIZE_FORMAT ": unexpected byte 0x%02x", scanner->pos, c);
  return FALSE;
}

static gboolean
expects_value (const Scanner *scanner)
{
  return scanner->state == EXPECT_VALUE || scanner->state == EXPECT_VALUE_OR_CLOSE;
}

static void
after_value (Scanner *scanner)
{
  scanner->state = scanner->depth == 0 ? EXPECT_END : EXPECT_SEPARATOR;
}

static gboolean
read_hex4 (const Scanner *scanner,
           gsize          pos,
           guint         *out)
{
  guint value = 0;

  if (scanner->length - pos < 4)
    return FALSE;

  for (guint i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (scanner->data[pos + i]);

      if (digit < 0)
        return FALSE;
      value = (value << 4) | digit;
    }

  *out = value;
  return TRUE;
}

static gboolean
scan_string (Scanner  *scanner,
             GError  **error)
{
  const char *data = scanner->data;
  gsize start = scanner->pos;
  gsize pos = start + 1;

  while (pos < scanner->length)
    {
      guchar c = data[pos];
      guint unit, low;

      if (c == '"')
        {
          scanner->pos = pos + 1;
          return TRUE;
        }
      if (c < 0x20)
        return scan_fail (pos, ISAF_WIRE_ERROR_MALFORMED,
                          "control character in a string (it must be escaped)", error);
      if (c != '\\')
        {
          pos++;
          continue;
        }

      if (pos + 1 >= scanner->length)
        break;
      c = data[pos + 1];
      if (c != '\0' && strchr ("\"\\/bfnrt", c) != NULL)
        {
          pos += 2;
          continue;
        }
      if (c != 'u' || !read_hex4 (scanner, pos + 2, &unit))
        return scan_fail (pos, ISAF_WIRE_ERROR_MALFORMED,
                          "invalid escape in a string", error);

      /* A C string cannot hold NUL, and a lone surrogate is not a character: refusing both
       * keeps every decoded string valid UTF-8 of the length it appears to have. */
      if (unit == 0)
        return scan_fail (pos, ISAF_WIRE_ERROR_MALFORMED,
                          "\\u0000 in a string", error);
      if (unit >= 0xdc00 && unit <= 0xdfff)
        return scan_fail (pos, ISAF_WIRE_ERROR_MALFORMED,
                          "unpaired surrogate escape in a string", error);
      if (unit >= 0xd800 && unit <= 0xdbff)
        {
          if (scanner->length - pos < 12 || data[pos + 6] != '\\' || data[pos + 7] != 'u'
              || !read_hex4 (scanner, pos + 8, &low) || low < 0xdc00 || low > 0xdfff)
            return scan_fail (pos, ISAF_WIRE_ERROR_MALFORMED,
                              "unpaired surrogate escape in a string", error);
          pos += 12;
        }
      else
        {
          pos += 6;
        }
    }

  return scan_fail (start, ISAF_WIRE_ERROR_MALFORMED, "unterminated string", error);
}

static gsize
skip_digits (const Scanner *scanner,
             gsize          pos)
{
  while (pos < scanner->length && g_ascii_isdigit (scanner->data[pos]))
    pos++;
  return pos;
}

static gboolean
scan_number (Scanner  *scanner,
             GError  **error)
{
  const char *data = scanner->data;
  gsize start = scanner->pos;
  gsize pos = start;
  gboolean integer = TRUE;
  g_autofree char *text = NULL;

  if (data[pos] == '-')
    pos++;
  if (pos < scanner->length && data[pos] == '0')
    pos++;
  else if (pos < scanner->length && data[pos] >= '1' && data[pos] <= '9')
    pos = skip_digits (scanner, pos);
  else
    return scan_fail (start, ISAF_WIRE_ERROR_MALFORMED, "invalid number", error);

  if (pos < scanner->length && data[pos] == '.')
    {
      integer = FALSE;
      if (++pos >= scanner->length || !g_ascii_isdigit (data[pos]))
        return scan_fail (start, ISAF_WIRE_ERROR_MALFORMED, "invalid number", error);
      pos = skip_digits (scanner, pos);
    }
  if (pos < scanner->length && (data[pos] == 'e' || data[pos] == 'E'))
    {
      integer = FALSE;
      pos++;
      if (pos < scanner->length && (data[pos] == '+' || data[pos] == '-'))
        pos++;
      if (pos >= scanner->length || !g_ascii_isdigit (data[pos]))
        return scan_fail (start, ISAF_WIRE_ERROR_MALFORMED, "invalid number", error);
      pos = skip_digits (scanner, pos);
    }

  if (integer)
    {
      if (pos - start > MAX_INTEGER_CHARS)
        return scan_fail (start, ISAF_WIRE_ERROR_MALFORMED,
                          "integer out of the 64-bit range", error);
      text = g_strndup (data + start, pos - start);
      if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, NULL, NULL))
        return scan_fail (start, ISAF_WIRE_ERROR_MALFORMED,
                          "integer out of the 64-bit range", error);
    }
  else
    {
      text = g_strndup (data + start, pos - start);
      if (!isfinite (g_ascii_strtod (text, NULL)))
        return scan_fail (start, ISAF_WIRE_ERROR_MALFORMED,
                          "number out of the range of a double", error);
    }

  scanner->pos = pos;
  return TRUE;
}

static gboolean
scan_literal (Scanner  *scanner,
              GError  **error)
{
  static const char * const literals[] = { "true", "false", "null" };

  for (guint i = 0; i < G_N_ELEMENTS (literals); i++)
    {
      gsize length = strlen (literals[i]);

      if (scanner->length - scanner->pos >= length
          && memcmp (scanner->data + scanner->pos, literals[i], length) == 0)
        {
          scanner->pos += length;
          return TRUE;
        }
    }

  return scan_unexpected (scanner, error);
}

static gboolean
scan_open (Scanner  *scanner,
           GError  **error)
{
  char c = scanner->data[scanner->pos];

  if (!expects_value (scanner))
    return scan_unexpected (scanner, error);

  if (scanner->depth == ISAF_WIRE_MAX_DEPTH)
    {
      g_set_error (error, ISAF_WIRE_ERROR, ISAF_WIRE_ERROR_TOO_LARGE,
                   "byte %" G_GSIZE_FORMAT ": nested deeper than %d levels",
                   scanner->pos, ISAF_WIRE_MAX_DEPTH);
      return FALSE;
    }

  scanner->starts[scanner->depth] = scanner->pos;
  scanner->members[scanner->depth] = 0;
  scanner->open[scanner->depth++] = c;
  scanner->state = c == '{' ? EXPECT_KEY_OR_CLOSE : EXPECT_VALUE_OR_CLOSE;
  scanner->pos++;
  return TRUE;
}

static gboolean
scan_close (Scanner  *scanner,
            GError  **error)
{
  char c = scanner->data[scanner->pos];
  char open = c == '}' ? '{' : '[';
  ScanState empty = c == '}' ? EXPECT_KEY_OR_CLOSE : EXPECT_VALUE_OR_CLOSE;

  if (scanner->depth == 0 || scanner->open[scanner->depth - 1] != open
      || (scanner->state != empty && scanner->state != EXPECT_SEPARATOR))
    return scan_unexpected (scanner, error);

  scanner->depth--;
  if (c == '}' && scanner->objects != NULL)
    {
      IsafWireScanObject object = {
        scanner->starts[scanner->depth], scanner->pos + 1, scanner->members[scanner->depth]
      };

      g_array_append_val (scanner->objects, object);
    }
  after_value (scanner);
  scanner->pos++;
  return TRUE;
}

static gboolean
scan_token (Scanner  *scanner,
            GError  **error)
{
  char c = scanner->data[scanner->pos];

  switch (c)
    {
    case ' ':
    case '\t':
    case '\n':
    case '\r':
      scanner->pos++;
      return TRUE;

    case '{':
    case '[':
      return scan_open (scanner, error);

    case '}':
    case ']':
      return scan_close (scanner, error);

    case ',':
      if (scanner->state != EXPECT_SEPARATOR)
        return scan_unexpected (scanner, error);
      scanner->state = scanner->open[scanner->depth - 1] == '{' ? EXPECT_KEY : EXPECT_VALUE;
      scanner->pos++;
      return TRUE;

    case ':':
      if (scanner->state != EXPECT_COLON)
        return scan_unexpected (scanner, error);
      scanner->state = EXPECT_VALUE;
      scanner->pos++;
      return TRUE;

    case '"':
      if (scanner->state == EXPECT_KEY || scanner->state == EXPECT_KEY_OR_CLOSE)
        {
          if (!scan_string (scanner, error))
            return FALSE;
          scanner->members[scanner->depth - 1]++;
          scanner->state = EXPECT_COLON;
          return TRUE;
        }
      if (!expects_value (scanner))
        return scan_unexpected (scanner, error);
      if (!scan_string (scanner, error))
        return FALSE;
      after_value (scanner);
      return TRUE;

    case 't':
    case 'f':
    case 'n':
      if (!expects_value (scanner))
        return scan_unexpected (scanner, error);
      if (!scan_literal (scanner, error))
        return FALSE;
      after_value (scanner);
      return TRUE;

    default:
      if (!expects_value (scanner) || (c != '-' && !g_ascii_isdigit (c)))
        return scan_unexpected (scanner, error);
      if (!scan_number (scanner, error))
        return FALSE;
      after_value (scanner);
      return TRUE;
    }
}

gboolean
isaf_wire_scan (const char  *data,
                gsize        length,
                GArray      *objects,
                GError     **error)
{
  Scanner scanner = { data, length, 0, EXPECT_VALUE, 0, { 0 }, { 0 }, { 0 }, objects };

  while (scanner.pos < length)
    if (!scan_token (&scanner, error))
      return FALSE;

  if (scanner.state == EXPECT_END)
    return TRUE;

  if (scanner.state == EXPECT_VALUE && scanner.depth == 0)
    g_set_error_literal (error, ISAF_WIRE_ERROR, ISAF_WIRE_ERROR_MALFORMED,
                         "the message is empty");
  else
    g_set_error (error, ISAF_WIRE_ERROR, ISAF_WIRE_ERROR_MALFORMED,
                 "byte %" G_GSIZE_FORMAT ": the message ends before its JSON does", length);
  return FALSE;
}
