/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-wire"

#include "config.h"

#include <math.h>
#include <string.h>

#include "isaf-wire-private.h"

/* Field values by column kind, ids and clocks: the parts of a message whose JSON kind the
 * schema decides (a value is read by isaf_wire_scalar_value()). Whether a value of the right
 * kind is acceptable (a range, a choice, a real date) is the store's validation, answered per
 * row; the wire checks only its kind. */

gboolean
isaf_wire_is_lower_uuid (const char *text,
                         IsafUuid   *out)
{
  char canonical[ISAF_UUID_STRING_LENGTH + 1];
  IsafUuid uuid;

  if (!isaf_uuid_parse (text, &uuid))
    return FALSE;

  /* isaf_uuid_parse() takes either case; the wire has one spelling for each id. */
  isaf_uuid_to_buffer (&uuid, canonical);
  if (strcmp (canonical, text) != 0)
    return FALSE;

  *out = uuid;
  return TRUE;
}

gboolean
isaf_wire_parse_clock (const char *text,
                       gint64     *out)
{
  const char *digits = text[0] == '-' ? text + 1 : text;
  gint64 value;

  /* One spelling for each clock: no sign but a minus, no leading zero, no "-0". */
  if (digits[0] == '\0' || (digits[0] == '0' && (digits[1] != '\0' || digits != text)))
    return FALSE;
  for (const char *p = digits; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &value, NULL))
    return FALSE;

  *out = value;
  return TRUE;
}

/* "2026-11-27T01:02:03Z" and nothing else: one spelling, so that logs sort as text. */
gboolean
isaf_wire_is_utc_second (const char *text)
{
  static const char pattern[] = "dddd-dd-ddTdd:dd:ddZ";
  g_autoptr(GDateTime) time = NULL;

  if (strlen (text) != sizeof pattern - 1)
    return FALSE;
  for (guint i = 0; pattern[i] != '\0'; i++)
    if (pattern[i] == 'd' ? !g_ascii_isdigit (text[i]) : text[i] != pattern[i])
      return FALSE;

  /* The pattern lets through a 31st of February; GDateTime does not. */
  time = g_date_time_new_from_iso8601 (text, NULL);
  return time != NULL;
}

const char *
isaf_wire_resolve_field (const IsafTable   *table,
                         const char        *name,
                         const IsafColumn **column)
{
  const IsafColumn *found;

  if (g_str_equal (name, ISAF_WIRE_DELETED_FIELD))
    {
      *column = NULL;
      return ISAF_WIRE_DELETED_FIELD;
    }

  found = isaf_schema_find_column (table, name);
  if (found == NULL)
    return NULL;

  *column = found;
  return found->name;
}

IsafValueType
isaf_wire_value_type (const IsafColumn *column)
{
  if (column == NULL)
    return ISAF_VALUE_INTEGER;

  switch (column->kind)
    {
    case ISAF_COLUMN_TEXT:
    case ISAF_COLUMN_PHONE:
    case ISAF_COLUMN_DATE:
    case ISAF_COLUMN_CHOICE:
    case ISAF_COLUMN_VILLAGE_CODE:
    case ISAF_COLUMN_FILE_HASH:
      return ISAF_VALUE_TEXT;
    case ISAF_COLUMN_INTEGER:
    case ISAF_COLUMN_COUNT:
    case ISAF_COLUMN_RIEL:
    case ISAF_COLUMN_SCORE:
    case ISAF_COLUMN_BOOLEAN:
      return ISAF_VALUE_INTEGER;
    case ISAF_COLUMN_REAL:
      return ISAF_VALUE_REAL;
    case ISAF_COLUMN_REFERENCE:
      return ISAF_VALUE_ID;
    }

  g_return_val_if_reached (ISAF_VALUE_NULL);
}

gboolean
isaf_wire_value_fits (const IsafColumn *column,
                      const IsafValue  *value)
{
  if (column == NULL)
    return value->type == ISAF_VALUE_INTEGER && (value->integer == 0 || value->integer == 1);
  if (value->type == ISAF_VALUE_NULL)
    return TRUE;
  if (value->type != isaf_wire_value_type (column))
    return FALSE;

  switch (value->type)
    {
    case ISAF_VALUE_TEXT:
      return value->text != NULL && strlen (value->text) <= ISAF_WIRE_MAX_TEXT_BYTES
             && g_utf8_validate (value->text, -1, NULL);
    case ISAF_VALUE_REAL:
      return isfinite (value->real);
    case ISAF_VALUE_NULL:
    case ISAF_VALUE_INTEGER:
    case ISAF_VALUE_ID:
    default:
      return TRUE;
    }
}

void
isaf_wire_append_value (GString         *out,
                        const IsafValue *value)
{
  switch (value->type)
    {
    case ISAF_VALUE_INTEGER:
      isaf_wire_append_int64 (out, value->integer);
      break;
    case ISAF_VALUE_REAL:
      isaf_wire_append_real (out, value->real);
      break;
    case ISAF_VALUE_TEXT:
      isaf_wire_append_string (out, value->text);
      break;
    case ISAF_VALUE_ID:
      isaf_wire_append_uuid (out, &value->id);
      break;
    case ISAF_VALUE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}
