/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-wire"

#include "config.h"

#include <string.h>

#include "isaf-wire-private.h"

/* One JSON value checked against what the message expects at its place, with the error
 * naming that place. The same checks serve both readers: the tree of the small messages
 * (isaf-wire-read.c) and the text of the large ones (isaf-wire-text.c), so a message is
 * refused with the same words whichever reads it. */

gboolean
isaf_wire_scalar_int64 (const IsafWireScalar  *scalar,
                        const IsafWirePath    *path,
                        gint64                 min,
                        gint64                 max,
                        gint64                *out,
                        GError               **error)
{
  if (scalar->kind != ISAF_WIRE_KIND_INTEGER)
    {
      isaf_wire_set_error (error, ISAF_WIRE_ERROR_MALFORMED, path, "expected an integer");
      return FALSE;
    }
  if (scalar->integer < min || scalar->integer > max)
    {
      if (max == G_MAXINT64)
        isaf_wire_set_error (error, ISAF_WIRE_ERROR_MALFORMED, path,
                             "expected an integer of at least %" G_GINT64_FORMAT, min);
      else
        isaf_wire_set_error (error, ISAF_WIRE_ERROR_MALFORMED, path,
                             "expected an integer from %" G_GINT64_FORMAT
                             " to %" G_GINT64_FORMAT, min, max);
      return FALSE;
    }

  *out = scalar->integer;
  return TRUE;
}

gboolean
isaf_wire_scalar_boolean (const IsafWireScalar  *scalar,
                          const IsafWirePath    *path,
                          gboolean              *out,
                          GError               **error)
{
  if (scalar->kind != ISAF_WIRE_KIND_BOOLEAN)
    {
      isaf_wire_set_error (error, ISAF_WIRE_ERROR_MALFORMED, path, "expected true or false");
      return FALSE;
    }

  *out = scalar->boolean;
  return TRUE;
}

/* Text within the wire's limit. Its UTF-8 was checked with the whole message; checked
 * again because every later step trusts it. */
static gboolean
check_text (const IsafWireScalar  *scalar,
            const IsafWirePath    *path,
            GError               **error)
{
  if (!g_utf8_validate_len (scalar->text, scalar->length, NULL))
    {
      isaf_wire_set_error (error, ISAF_WIRE_ERROR_MALFORMED, path, "not valid UTF-8");
      return FALSE;
    }
  if (scalar->length > ISAF_WIRE_MAX_TEXT_BYTES)
    {
      isaf_wire_set_error (error, ISAF_WIRE_ERROR_TOO_LARGE, path, "text longer than %d bytes",
                           ISAF_WIRE_MAX_TEXT_BYTES);
      return FALSE;
    }
  return TRUE;
}

const char *
isaf_wire_scalar_string (const IsafWireScalar  *scalar,
                         const IsafWirePath    *path,
                         GError               **error)
{
  if (scalar->kind != ISAF_WIRE_KIND_STRING)
    {
      isaf_wire_set_error (error, ISAF_WIRE_ERROR_MALFORMED, path, "expected a string");
      return NULL;
    }
  if (!check_text (scalar, path, error))
    return NULL;

  return scalar->text;
}

const char *
isaf_wire_scalar_choice (const IsafWireScalar  *scalar,
                         const IsafWirePath    *path,
                         const char * const    *choices,
                         GError               **error)
{
  const char *text = isaf_wire_scalar_string (scalar, path, error);
  g_autoptr(GString) expected = NULL;

  if (text == NULL)
    return NULL;

  for (guint i = 0; choices[i] != NULL; i++)
    if (g_str_equal (text, choices[i]))
      return choices[i];

  expected = g_string_new (NULL);
  for (guint i = 0; choices[i] != NULL; i++)
    g_string_append_printf (expected, "%s\"%s\"", i > 0 ? " or " : "", choices[i]);
  isaf_wire_set_error (error, ISAF_WIRE_ERROR_MALFORMED, path, "expected %s", expected->str);
  return NULL;
}

gboolean
isaf_wire_scalar_uuid (const IsafWireScalar  *scalar,
                       const IsafWirePath    *path,
                       IsafUuid              *out,
                       GError               **error)
{
  if (scalar->kind != ISAF_WIRE_KIND_STRING || !isaf_wire_is_lower_uuid (scalar->text, out))
    {
      isaf_wire_set_error (error, ISAF_WIRE_ERROR_MALFORMED, path,
                           "expected a UUID in lowercase text");
      return FALSE;
    }
  return TRUE;
}

gboolean
isaf_wire_scalar_clock (const IsafWireScalar  *scalar,
                        const IsafWirePath    *path,
                        gint64                *out,
                        GError               **error)
{
  if (scalar->kind != ISAF_WIRE_KIND_STRING || !isaf_wire_parse_clock (scalar->text, out))
    {
      isaf_wire_set_error (error, ISAF_WIRE_ERROR_MALFORMED, path,
                           "expected a clock: a 64-bit integer as a decimal string");
      return FALSE;
    }
  return TRUE;
}

static gboolean
wrong_kind (const IsafColumn    *column,
            const IsafWirePath  *path,
            GError             **error)
{
  const char *expected = NULL;

  if (column == NULL)
    {
      isaf_wire_set_error (error, ISAF_WIRE_ERROR_BAD_VALUE, path,
                           "expected 0 or 1 (the row's tombstone)");
      return FALSE;
    }

  switch (isaf_wire_value_type (column))
    {
    case ISAF_VALUE_TEXT:
      expected = "a string";
      break;
    case ISAF_VALUE_INTEGER:
      expected = "an integer";
      break;
    case ISAF_VALUE_REAL:
      expected = "a number";
      break;
    case ISAF_VALUE_ID:
      expected = "a UUID in lowercase text";
      break;
    case ISAF_VALUE_NULL:
    default:
      g_return_val_if_reached (FALSE);
    }

  isaf_wire_set_error (error, ISAF_WIRE_ERROR_BAD_VALUE, path, "expected %s or null", expected);
  return FALSE;
}

gboolean
isaf_wire_scalar_value (const IsafWireScalar  *scalar,
                        const IsafColumn      *column,
                        const IsafWirePath    *path,
                        IsafValue             *out,
                        GError               **error)
{
  IsafUuid id;

  if (scalar->kind == ISAF_WIRE_KIND_NULL)
    {
      if (column == NULL)
        return wrong_kind (column, path, error);
      out->type = ISAF_VALUE_NULL;
      return TRUE;
    }

  switch (isaf_wire_value_type (column))
    {
    case ISAF_VALUE_INTEGER:
      if (scalar->kind != ISAF_WIRE_KIND_INTEGER
          || (column == NULL && scalar->integer != 0 && scalar->integer != 1))
        return wrong_kind (column, path, error);
      out->type = ISAF_VALUE_INTEGER;
      out->integer = scalar->integer;
      return TRUE;

    case ISAF_VALUE_REAL:
      if (scalar->kind == ISAF_WIRE_KIND_INTEGER)
        out->real = scalar->integer;
      else if (scalar->kind == ISAF_WIRE_KIND_REAL)
        out->real = scalar->real;
      else
        return wrong_kind (column, path, error);
      out->type = ISAF_VALUE_REAL;
      return TRUE;

    case ISAF_VALUE_TEXT:
      if (scalar->kind != ISAF_WIRE_KIND_STRING)
        return wrong_kind (column, path, error);
      if (!check_text (scalar, path, error))
        return FALSE;
      out->type = ISAF_VALUE_TEXT;
      out->text = g_strndup (scalar->text, scalar->length);
      return TRUE;

    case ISAF_VALUE_ID:
      if (scalar->kind != ISAF_WIRE_KIND_STRING || !isaf_wire_is_lower_uuid (scalar->text, &id))
        return wrong_kind (column, path, error);
      out->type = ISAF_VALUE_ID;
      out->id = id;
      return TRUE;

    case ISAF_VALUE_NULL:
    default:
      g_return_val_if_reached (FALSE);
    }
}
