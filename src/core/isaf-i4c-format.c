/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-i4c"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "isaf-error.h"
#include "isaf-i4c.h"
#include "isaf-validate.h"

/* Values as typed and shown -------------------------------------------------------------- */

static int
digit_value (gunichar c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 0x17E0 && c <= 0x17E9)
    return c - 0x17E0;
  return -1;
}

/* A decimal number as typed: Western or Khmer digits, thousands grouped by ',' or not, and
 * '.' before the decimals. */
static gboolean
parse_decimal (const char *text,
               double     *value)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  g_autoptr(GString) ascii = g_string_new (NULL);
  g_autofree char *whole = NULL;
  const char *start = trimmed;
  const char *dot;
  gboolean negative = *start == '-';
  gint64 integer = 0;

  if (negative)
    start++;
  dot = strchr (start, '.');
  whole = dot ? g_strndup (start, dot - start) : g_strdup (start);
  if (whole[0] == '\0')
    {
      /* ".5" is a number, "" and "-" are not. */
      if (dot == NULL)
        return FALSE;
    }
  else if (whole[0] == '-' || !isaf_parse_integer (whole, &integer))
    {
      return FALSE;
    }

  g_string_append_printf (ascii, "%" G_GINT64_FORMAT, integer);
  if (dot != NULL)
    {
      if (dot[1] == '\0')
        return FALSE;
      g_string_append_c (ascii, '.');
      for (const char *p = dot + 1; *p != '\0'; p = g_utf8_next_char (p))
        {
          int digit = digit_value (g_utf8_get_char (p));

          if (digit < 0)
            return FALSE;
          g_string_append_c (ascii, '0' + digit);
        }
    }

  *value = g_ascii_strtod (ascii->str, NULL);
  if (negative)
    *value = -*value;
  return TRUE;
}

/**
 * isaf_i4c_parse_value:
 * @text: (nullable): a value as typed
 * @missing: (out): whether @text says the value is not known (it is empty)
 * @value: (out): the value, when there is one
 * @error: return location for an error
 *
 * Reads an indicator's value as a clerk types it: empty for a missing value, else a number
 * with Western or Khmer digits ("82", "៨២", "12.5", "1,250"), checked as the store checks
 * it (not negative).
 *
 * Returns: %TRUE when @text is empty or a value the store accepts; %FALSE with @error set to
 *   a sentence that says what to type
 */
gboolean
isaf_i4c_parse_value (const char  *text,
                      gboolean    *missing,
                      double      *value,
                      GError     **error)
{
  const IsafColumn *column = isaf_schema_find_column (isaf_schema_find_table ("i4c_value"),
                                                      "value");
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));
  IsafValue checked = { ISAF_VALUE_REAL };

  g_return_val_if_fail (missing != NULL && value != NULL, FALSE);

  *missing = trimmed[0] == '\0';
  if (*missing)
    return TRUE;

  if (!parse_decimal (trimmed, &checked.real))
    {
      g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_WRONG_TYPE,
                   _("%s must be a number, such as 82 or 12.5. Leave it empty when it is not "
                     "known."),
                   _(column->label));
      return FALSE;
    }
  if (!isaf_validate_value (column, NULL, &checked, error))
    return FALSE;

  *value = checked.real;
  return TRUE;
}

/**
 * isaf_i4c_format_value:
 * @value: (nullable): a value, or %NULL when it is missing
 * @digits: the digit system
 *
 * Formats a value with at most two decimals and its thousands grouped: "82", "12.5",
 * "1,250"; a missing value is ISAF_I4C_MISSING, never 0.
 *
 * Returns: (transfer full): the text to show
 */
char *
isaf_i4c_format_value (const double *value,
                       IsafDigits    digits)
{
  g_autofree char *fixed = NULL;
  g_autofree char *whole = NULL;
  g_autofree char *number = NULL;
  char *dot;
  char *end;

  if (value == NULL || !isfinite (*value))
    return g_strdup (ISAF_I4C_MISSING);

  fixed = g_strdup_printf ("%.2f", fabs (*value));
  dot = strchr (fixed, '.');
  *dot = '\0';
  whole = isaf_format_integer (g_ascii_strtoll (fixed, NULL, 10), digits);

  /* Trailing zeros of the decimals say nothing. */
  for (end = dot + strlen (dot + 1); end > dot && *end == '0'; end--)
    *end = '\0';
  if (dot[1] == '\0')
    {
      number = g_steal_pointer (&whole);
    }
  else
    {
      g_autofree char *decimals = isaf_format_digits (dot + 1, digits);

      number = g_strconcat (whole, ".", decimals, NULL);
    }

  if (*value < 0 && (g_ascii_strtoll (fixed, NULL, 10) != 0 || dot[1] != '\0'))
    return g_strconcat ("-", number, NULL);
  return g_steal_pointer (&number);
}

/**
 * isaf_i4c_get_measure_label:
 * @measure: the unit of an indicator in the reference data ("%", "days")
 *
 * Returns: what to call the unit in the user's language, or @measure itself when it is not
 *   one this version knows
 */
const char *
isaf_i4c_get_measure_label (const char *measure)
{
  static const struct {
    const char *measure;
    const char *label;
  } labels[] = {
    { "days", NC_("unit of measure", "days") },
    { "pupils", NC_("unit of measure", "pupils") },
    { "books", NC_("unit of measure", "books") },
    { "meetings", NC_("unit of measure", "meetings") },
  };

  if (measure == NULL)
    return "";
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].measure, measure))
      return g_dpgettext2 (GETTEXT_PACKAGE, "unit of measure", labels[i].label);
  return measure;
}

/**
 * isaf_i4c_format_standard:
 * @indicator: an indicator
 * @digits: the digit system
 *
 * Formats the national standard with its direction and unit: "≥ 80%", "≤ 3 days";
 * ISAF_I4C_MISSING when the indicator has none.
 *
 * Returns: (transfer full): the text to show
 */
char *
isaf_i4c_format_standard (const IsafIndicator *indicator,
                          IsafDigits           digits)
{
  g_autofree char *number = NULL;
  const char *measure;
  const char *sign;

  g_return_val_if_fail (indicator != NULL, NULL);

  if (!indicator->has_standard)
    return g_strdup (ISAF_I4C_MISSING);

  number = isaf_i4c_format_value (&indicator->standard, digits);
  measure = isaf_i4c_get_measure_label (indicator->unit);
  /* Nothing is below nothing: a standard of 0 where lower is better is just 0. */
  sign = indicator->higher_is_better ? "≥ " : indicator->standard > 0 ? "≤ " : "";
  if (g_strcmp0 (indicator->unit, "%") == 0 || measure[0] == '\0')
    return g_strconcat (sign, number, measure, NULL);
  return g_strconcat (sign, number, " ", measure, NULL);
}

/**
 * isaf_i4c_check_standard:
 * @indicator: an indicator
 * @value: (nullable): its value, or %NULL when it is missing
 *
 * Returns: whether @value meets the indicator's national standard, or
 *   %ISAF_I4C_STANDARD_UNKNOWN when there is no value or no standard
 */
IsafI4cStandard
isaf_i4c_check_standard (const IsafIndicator *indicator,
                         const double        *value)
{
  gboolean met;

  g_return_val_if_fail (indicator != NULL, ISAF_I4C_STANDARD_UNKNOWN);

  if (value == NULL || !indicator->has_standard)
    return ISAF_I4C_STANDARD_UNKNOWN;
  met = indicator->higher_is_better ? *value >= indicator->standard
                                    : *value <= indicator->standard;
  return met ? ISAF_I4C_STANDARD_MET : ISAF_I4C_STANDARD_NOT_MET;
}
