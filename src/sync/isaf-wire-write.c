/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-wire"

#include "config.h"

#include <math.h>
#include <string.h>

#include "isaf-wire-private.h"

/* The writer behind every encoder: compact JSON with no white space, members in the order
 * the encoders write them, strings in raw UTF-8 with only what JSON requires escaped. The
 * same struct therefore always gives the same bytes, which a frozen batch relies on (its
 * SHA-256 identifies it when it is sent again). */

void
isaf_wire_append_string (GString    *out,
                         const char *text)
{
  const char *run = text;
  const char *p;

  g_string_append_c (out, '"');
  for (p = text; *p != '\0'; p++)
    {
      guchar c = *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;

      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          g_string_append_printf (out, "\\u%04x", c);
          break;
        }
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

void
isaf_wire_append_separator (GString *out)
{
  char last = out->len > 0 ? out->str[out->len - 1] : '\0';

  if (last != '\0' && last != '{' && last != '[')
    g_string_append_c (out, ',');
}

void
isaf_wire_append_key (GString    *out,
                      const char *key)
{
  isaf_wire_append_separator (out);
  isaf_wire_append_string (out, key);
  g_string_append_c (out, ':');
}

void
isaf_wire_append_int64 (GString *out,
                        gint64   value)
{
  g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
}

void
isaf_wire_append_real (GString *out,
                       double   value)
{
  static const char * const formats[] = { "%.15g", "%.16g", "%.17g" };
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char *exponent;

  if (!isfinite (value))
    {
      g_critical ("A real that is not finite cannot travel as JSON; written as null");
      g_string_append (out, "null");
      return;
    }

  /* A negative zero would be written "-0" and read back as the integer 0. */
  if (value == 0)
    {
      g_string_append_c (out, '0');
      return;
    }

  /* The shortest text that reads back to the same double; %.17g always does. */
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buffer, sizeof buffer, formats[i], value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }

  /* printf writes the exponent as "e+20" or "e-07"; JavaScript and most JSON writers as
   * "e+20" and "e-7". The same spelling keeps both sides' bytes alike. */
  exponent = strchr (buffer, 'e');
  if (exponent != NULL)
    {
      char *digits = exponent + 2;
      char *first = digits;

      while (*first == '0' && first[1] != '\0')
        first++;
      memmove (digits, first, strlen (first) + 1);
    }
  g_string_append (out, buffer);
}

void
isaf_wire_append_clock (GString *out,
                        gint64   clock)
{
  g_string_append_printf (out, "\"%" G_GINT64_FORMAT "\"", clock);
}

void
isaf_wire_append_uuid (GString        *out,
                       const IsafUuid *uuid)
{
  char buffer[ISAF_UUID_STRING_LENGTH + 1];

  isaf_uuid_to_buffer (uuid, buffer);
  g_string_append_c (out, '"');
  g_string_append (out, buffer);
  g_string_append_c (out, '"');
}
