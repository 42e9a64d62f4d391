/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-format"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "isaf-format.h"

#include <string.h>

/* Locale data formats Khmer numbers and dates inconsistently, so the application
 * formats them itself: ',' groups thousands in both digit systems, the Riel sign
 * follows the amount, dates read day, month name, year. */

#define KHMER_DIGIT_ZERO 0x17E0
#define KHMER_DIGIT_NINE 0x17E9
#define KHMER_RIEL_SIGN  "\u17DB"

static const char * const month_names_km[] = {
  "មករា", "កុម្ភៈ", "មីនា", "មេសា", "ឧសភា", "មិថុនា",
  "កក្កដា", "សីហា", "កញ្ញា", "តុលា", "វិច្ឆិកា", "ធ្នូ",
};

static const char *
month_name_en (int month)
{
  switch (month)
    {
    case 1: return C_("month", "January");
    case 2: return C_("month", "February");
    case 3: return C_("month", "March");
    case 4: return C_("month", "April");
    case 5: return C_("month", "May");
    case 6: return C_("month", "June");
    case 7: return C_("month", "July");
    case 8: return C_("month", "August");
    case 9: return C_("month", "September");
    case 10: return C_("month", "October");
    case 11: return C_("month", "November");
    case 12: return C_("month", "December");
    default: return NULL;
    }
}

/**
 * isaf_format_digits:
 * @ascii: (nullable): UTF-8 text
 * @digits: the digit system
 *
 * Returns: (transfer full) (nullable): a copy of @ascii with 0–9 replaced by
 *   ០–៩ (U+17E0–U+17E9) for %ISAF_DIGITS_KHMER, except digits that touch a Latin letter
 *   (names such as I4C), or %NULL if @ascii is %NULL
 */
char *
isaf_format_digits (const char *ascii,
                    IsafDigits  digits)
{
  GString *out;

  if (ascii == NULL)
    return NULL;

  if (digits != ISAF_DIGITS_KHMER)
    return g_strdup (ascii);

  out = g_string_sized_new (strlen (ascii) * 3);
  for (const char *p = ascii; *p != '\0'; p++)
    {
      /* A digit inside a Latin name or code ("I4C", "M1") is part of the name, not a number. */
      gboolean in_word = (p > ascii && g_ascii_isalpha (p[-1])) || g_ascii_isalpha (p[1]);

      if (g_ascii_isdigit (*p) && !in_word)
        g_string_append_unichar (out, KHMER_DIGIT_ZERO + (gunichar) (*p - '0'));
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

/**
 * isaf_format_integer:
 * @value: any 64-bit integer
 * @digits: the digit system
 *
 * Formats @value with ',' between groups of three digits and a leading '-' when
 * negative: "1,250,000", "១,២៥០,០០០", "-1,234,567".
 *
 * Returns: (transfer full): a newly allocated string
 */
char *
isaf_format_integer (gint64     value,
                     IsafDigits digits)
{
  /* Longest: "-9,223,372,036,854,775,808" is 26 characters. */
  char buf[32];
  char *p = buf + sizeof buf - 1;
  guint64 magnitude;
  int n_digits = 0;

  /* Negating G_MININT64 overflows; go through its successor. */
  magnitude = value < 0 ? (guint64) (-(value + 1)) + 1 : (guint64) value;

  *p = '\0';
  do
    {
      if (n_digits > 0 && n_digits % 3 == 0)
        *--p = ',';
      *--p = (char) ('0' + magnitude % 10);
      magnitude /= 10;
      n_digits++;
    }
  while (magnitude > 0);

  if (value < 0)
    *--p = '-';

  return isaf_format_digits (p, digits);
}

/**
 * isaf_format_riel:
 * @amount: a whole number of riels
 * @digits: the digit system
 *
 * Formats @amount as isaf_format_integer() does, followed by the Riel sign ៛
 * (U+17DB) without a space: "1,250,000៛", "១,២៥០,០០០៛".
 *
 * Returns: (transfer full): a newly allocated string
 */
char *
isaf_format_riel (gint64     amount,
                  IsafDigits digits)
{
  g_autofree char *number = isaf_format_integer (amount, digits);

  return g_strconcat (number, KHMER_RIEL_SIGN, NULL);
}

/**
 * isaf_format_month_name_km:
 * @month: 1 for January to 12 for December
 *
 * Returns: (nullable): the Khmer name of the Gregorian month, or %NULL if @month
 *   is out of range
 */
const char *
isaf_format_month_name_km (int month)
{
  if (month < 1 || month > 12)
    return NULL;

  return month_names_km[month - 1];
}

static gboolean
date_exists (int year,
             int month,
             int day)
{
  /* Range checks first: GDate takes narrower unsigned types. */
  return year >= 1 && year <= G_MAXUINT16 && month >= 1 && month <= 12 &&
         day >= 1 && day <= 31 &&
         g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

/**
 * isaf_format_date:
 * @year: the year
 * @month: the month, 1 to 12
 * @day: the day of the month
 * @digits: the digit system for the day and year
 * @khmer_words: %TRUE for the Khmer month name, %FALSE for the (translated)
 *   English one
 *
 * Formats a date as day, month name, year: "២៦ វិច្ឆិកា ២០២៦" or
 * "26 November 2026". The year is not grouped.
 *
 * Returns: (transfer full) (nullable): a newly allocated string, or %NULL if the
 *   date does not exist
 */
char *
isaf_format_date (int        year,
                  int        month,
                  int        day,
                  IsafDigits digits,
                  gboolean   khmer_words)
{
  g_autofree char *ascii_day = NULL;
  g_autofree char *ascii_year = NULL;
  g_autofree char *day_text = NULL;
  g_autofree char *year_text = NULL;
  const char *month_name;

  if (!date_exists (year, month, day))
    return NULL;

  month_name = khmer_words ? isaf_format_month_name_km (month) : month_name_en (month);
  ascii_day = g_strdup_printf ("%d", day);
  ascii_year = g_strdup_printf ("%d", year);
  day_text = isaf_format_digits (ascii_day, digits);
  year_text = isaf_format_digits (ascii_year, digits);

  return g_strjoin (" ", day_text, month_name, year_text, NULL);
}

static gboolean
parse_fixed_digits (const char *text,
                    int         n,
                    int        *value)
{
  int result = 0;

  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      result = result * 10 + (text[i] - '0');
    }

  *value = result;
  return TRUE;
}

/**
 * isaf_parse_iso_date:
 * @text: (nullable): text to parse
 * @year: (out) (optional): the year
 * @month: (out) (optional): the month, 1 to 12
 * @day: (out) (optional): the day of the month
 *
 * Parses exactly "YYYY-MM-DD" (ASCII digits, zero-padded, nothing around it) for a
 * date that exists in the Gregorian calendar, with the year between 1900 and 2200.
 * The outputs are only set on success.
 *
 * Returns: %TRUE if @text is such a date
 */
gboolean
isaf_parse_iso_date (const char *text,
                     int        *year,
                     int        *month,
                     int        *day)
{
  int y, m, d;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;

  if (!parse_fixed_digits (text, 4, &y) ||
      !parse_fixed_digits (text + 5, 2, &m) ||
      !parse_fixed_digits (text + 8, 2, &d))
    return FALSE;

  if (y < 1900 || y > 2200 || !date_exists (y, m, d))
    return FALSE;

  if (year != NULL)
    *year = y;
  if (month != NULL)
    *month = m;
  if (day != NULL)
    *day = d;

  return TRUE;
}

/* Returns the value 0–9 of an ASCII or Khmer digit at @p, or -1. */
static int
digit_value (const char *p)
{
  gunichar c = g_utf8_get_char (p);

  if (c >= '0' && c <= '9')
    return (int) (c - '0');
  if (c >= KHMER_DIGIT_ZERO && c <= KHMER_DIGIT_NINE)
    return (int) (c - KHMER_DIGIT_ZERO);

  return -1;
}

/**
 * isaf_parse_integer:
 * @text: (nullable): text to parse
 * @value: (out) (optional): the parsed value
 *
 * Parses a whole number as typed by a user: Western (0–9) or Khmer (០–៩) digits,
 * an optional leading '-', optionally grouped by ',' into thousands (if any ','
 * is used, every group after the first has exactly three digits), with white
 * space allowed around it. @value is only set on success.
 *
 * Returns: %TRUE if @text is such a number within the range of #gint64
 */
gboolean
isaf_parse_integer (const char *text,
                    gint64     *value)
{
  const char *p;
  const char *end;
  gboolean negative = FALSE;
  gboolean grouped = FALSE;
  guint64 magnitude = 0;
  guint64 limit;
  int group_len = 0;
  int n_digits = 0;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return FALSE;

  p = text;
  while (*p != '\0' && g_unichar_isspace (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);

  end = p + strlen (p);
  while (end > p)
    {
      const char *prev = g_utf8_prev_char (end);

      if (!g_unichar_isspace (g_utf8_get_char (prev)))
        break;
      end = prev;
    }

  if (p < end && *p == '-')
    {
      negative = TRUE;
      p++;
    }

  limit = negative ? (guint64) G_MAXINT64 + 1 : (guint64) G_MAXINT64;

  for (; p < end; p = g_utf8_next_char (p))
    {
      int digit;

      if (*p == ',')
        {
          /* A separator needs 1–3 digits before it, exactly 3 after a previous one. */
          if (group_len == 0 || group_len > 3 || (grouped && group_len != 3))
            return FALSE;
          grouped = TRUE;
          group_len = 0;
          continue;
        }

      digit = digit_value (p);
      if (digit < 0)
        return FALSE;

      if (magnitude > (limit - (guint64) digit) / 10)
        return FALSE;
      magnitude = magnitude * 10 + (guint64) digit;
      group_len++;
      n_digits++;
    }

  if (n_digits == 0 || (grouped && group_len != 3))
    return FALSE;

  if (value != NULL)
    {
      if (negative)
        *value = magnitude == 0 ? 0 : -(gint64) (magnitude - 1) - 1;
      else
        *value = (gint64) magnitude;
    }

  return TRUE;
}
