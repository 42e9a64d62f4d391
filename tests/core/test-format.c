/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>

#include "isaf-format.h"

static void
check_integer (gint64      value,
               IsafDigits  digits,
               const char *expected)
{
  g_autofree char *out = isaf_format_integer (value, digits);

  g_assert_cmpstr (out, ==, expected);
}

static void
test_integer_western (void)
{
  check_integer (0, ISAF_DIGITS_WESTERN, "0");
  check_integer (7, ISAF_DIGITS_WESTERN, "7");
  check_integer (999, ISAF_DIGITS_WESTERN, "999");
  check_integer (1000, ISAF_DIGITS_WESTERN, "1,000");
  check_integer (-999, ISAF_DIGITS_WESTERN, "-999");
  check_integer (-1000, ISAF_DIGITS_WESTERN, "-1,000");
  check_integer (100000, ISAF_DIGITS_WESTERN, "100,000");
  check_integer (1250000, ISAF_DIGITS_WESTERN, "1,250,000");
  check_integer (-1234567, ISAF_DIGITS_WESTERN, "-1,234,567");
  check_integer (G_MAXINT64, ISAF_DIGITS_WESTERN, "9,223,372,036,854,775,807");
  check_integer (G_MININT64, ISAF_DIGITS_WESTERN, "-9,223,372,036,854,775,808");
}

static void
test_integer_khmer (void)
{
  check_integer (0, ISAF_DIGITS_KHMER, "០");
  check_integer (999, ISAF_DIGITS_KHMER, "៩៩៩");
  check_integer (1000, ISAF_DIGITS_KHMER, "១,០០០");
  check_integer (1250000, ISAF_DIGITS_KHMER, "១,២៥០,០០០");
  check_integer (-1234567, ISAF_DIGITS_KHMER, "-១,២៣៤,៥៦៧");
  check_integer (G_MAXINT64, ISAF_DIGITS_KHMER, "៩,២២៣,៣៧២,០៣៦,៨៥៤,៧៧៥,៨០៧");
}

static void
test_riel (void)
{
  g_autofree char *western = isaf_format_riel (1250000, ISAF_DIGITS_WESTERN);
  g_autofree char *khmer = isaf_format_riel (1250000, ISAF_DIGITS_KHMER);
  g_autofree char *zero = isaf_format_riel (0, ISAF_DIGITS_KHMER);
  g_autofree char *negative = isaf_format_riel (-500, ISAF_DIGITS_WESTERN);

  g_assert_cmpstr (western, ==, "1,250,000៛");
  g_assert_cmpstr (khmer, ==, "១,២៥០,០០០៛");
  g_assert_cmpstr (khmer, ==, "\u17E1,\u17E2\u17E5\u17E0,\u17E0\u17E0\u17E0\u17DB");
  g_assert_cmpstr (zero, ==, "០៛");
  g_assert_cmpstr (negative, ==, "-500៛");
}

static void
test_digits (void)
{
  g_autofree char *khmer = isaf_format_digits ("0123456789", ISAF_DIGITS_KHMER);
  g_autofree char *western = isaf_format_digits ("0123456789", ISAF_DIGITS_WESTERN);
  g_autofree char *mixed = isaf_format_digits ("ភូមិ 12, No. 3b", ISAF_DIGITS_KHMER);
  g_autofree char *empty = isaf_format_digits ("", ISAF_DIGITS_KHMER);
  g_autofree char *names = isaf_format_digits ("I4C 2026, M1–M4, 3 CAF", ISAF_DIGITS_KHMER);

  g_assert_cmpstr (khmer, ==, "០១២៣៤៥៦៧៨៩");
  /* Digits inside Latin names stay as they are. */
  g_assert_cmpstr (names, ==, "I4C ២០២៦, M1–M4, ៣ CAF");
  g_assert_cmpstr (western, ==, "0123456789");
  g_assert_cmpstr (mixed, ==, "ភូមិ ១២, No. 3b");
  g_assert_cmpstr (empty, ==, "");
  g_assert_null (isaf_format_digits (NULL, ISAF_DIGITS_KHMER));
}

static void
test_month_names (void)
{
  const char *expected[] = {
    "មករា", "កុម្ភៈ", "មីនា", "មេសា", "ឧសភា", "មិថុនា",
    "កក្កដា", "សីហា", "កញ្ញា", "តុលា", "វិច្ឆិកា", "ធ្នូ",
  };

  for (int month = 1; month <= 12; month++)
    g_assert_cmpstr (isaf_format_month_name_km (month), ==, expected[month - 1]);

  g_assert_null (isaf_format_month_name_km (0));
  g_assert_null (isaf_format_month_name_km (13));
  g_assert_null (isaf_format_month_name_km (-1));
}

static void
check_date (int         year,
            int         month,
            int         day,
            IsafDigits  digits,
            gboolean    khmer_words,
            const char *expected)
{
  g_autofree char *out = isaf_format_date (year, month, day, digits, khmer_words);

  g_assert_cmpstr (out, ==, expected);
}

static void
test_date (void)
{
  check_date (2026, 11, 26, ISAF_DIGITS_KHMER, TRUE, "២៦ វិច្ឆិកា ២០២៦");
  check_date (2026, 11, 26, ISAF_DIGITS_WESTERN, FALSE, "26 November 2026");
  check_date (2026, 11, 26, ISAF_DIGITS_WESTERN, TRUE, "26 វិច្ឆិកា 2026");
  check_date (2026, 1, 5, ISAF_DIGITS_KHMER, TRUE, "៥ មករា ២០២៦");
  check_date (2026, 1, 5, ISAF_DIGITS_WESTERN, FALSE, "5 January 2026");
  check_date (2024, 2, 29, ISAF_DIGITS_WESTERN, FALSE, "29 February 2024");
  check_date (2025, 5, 1, ISAF_DIGITS_WESTERN, FALSE, "1 May 2025");
  check_date (2025, 12, 31, ISAF_DIGITS_KHMER, TRUE, "៣១ ធ្នូ ២០២៥");

  /* Dates that do not exist give NULL. */
  check_date (2026, 2, 29, ISAF_DIGITS_WESTERN, FALSE, NULL);
  check_date (2026, 13, 1, ISAF_DIGITS_WESTERN, FALSE, NULL);
  check_date (2026, 0, 1, ISAF_DIGITS_WESTERN, FALSE, NULL);
  check_date (2026, 4, 31, ISAF_DIGITS_KHMER, TRUE, NULL);
  check_date (0, 1, 1, ISAF_DIGITS_WESTERN, FALSE, NULL);
}

static void
test_parse_iso_date_valid (void)
{
  int year = 0, month = 0, day = 0;

  g_assert_true (isaf_parse_iso_date ("2026-11-26", &year, &month, &day));
  g_assert_cmpint (year, ==, 2026);
  g_assert_cmpint (month, ==, 11);
  g_assert_cmpint (day, ==, 26);

  g_assert_true (isaf_parse_iso_date ("2024-02-29", &year, &month, &day));
  g_assert_cmpint (year, ==, 2024);
  g_assert_cmpint (month, ==, 2);
  g_assert_cmpint (day, ==, 29);

  g_assert_true (isaf_parse_iso_date ("2000-02-29", NULL, NULL, NULL));
  g_assert_true (isaf_parse_iso_date ("1900-01-01", NULL, NULL, NULL));
  g_assert_true (isaf_parse_iso_date ("2200-12-31", NULL, NULL, NULL));
}

static void
test_parse_iso_date_invalid (void)
{
  const char *invalid[] = {
    "", "2026-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00",
    "2026-1-5", "2026-01-5", "26-01-05", "02026-01-05", "2026/01/05", "2026-01-05 ",
    " 2026-01-05", "2026-01-05T00:00", "20260105", "1899-12-31", "2201-01-01",
    "２０２６-01-05", "២០២៦-០១-០៥", "2026-+1-05", "2026-01-0x",
  };
  int year = -1, month = -1, day = -1;

  for (gsize i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      if (isaf_parse_iso_date (invalid[i], &year, &month, &day))
        g_error ("\"%s\" was accepted as a date", invalid[i]);
    }

  g_assert_false (isaf_parse_iso_date (NULL, &year, &month, &day));
  /* Outputs are untouched on failure. */
  g_assert_cmpint (year, ==, -1);
  g_assert_cmpint (month, ==, -1);
  g_assert_cmpint (day, ==, -1);
}

static void
test_parse_integer_valid (void)
{
  struct {
    const char *text;
    gint64 value;
  } cases[] = {
    { "0", 0 },
    { "42", 42 },
    { "-42", -42 },
    { "-0", 0 },
    { "1250000", 1250000 },
    { "1,250,000", 1250000 },
    { "១២៥០០០០", 1250000 },
    { "១,២៥០,០០០", 1250000 },
    { "-១,២៣៤,៥៦៧", -1234567 },
    { "999", 999 },
    { "1,000", 1000 },
    { "  1,000\t", 1000 },
    { "\u00A0៥០០ ", 500 },
    { "007", 7 },
    { "9223372036854775807", G_MAXINT64 },
    { "9,223,372,036,854,775,807", G_MAXINT64 },
    { "-9223372036854775808", G_MININT64 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 value = 0;

      if (!isaf_parse_integer (cases[i].text, &value))
        g_error ("\"%s\" was rejected", cases[i].text);
      g_assert_cmpint (value, ==, cases[i].value);
    }

  g_assert_true (isaf_parse_integer ("12", NULL));
}

static void
test_parse_integer_invalid (void)
{
  const char *invalid[] = {
    /* empty or signs only */
    "", "   ", "-", "+5", "--5", "- 5", "5-",
    /* junk */
    "12a", "abc", "1.5", "1 000", "0x10", "១២៛", "12\u200B3", ("\xff" "12"),
    /* bad grouping */
    ",", "1,", ",100", "1,00", "1,0000", "12,34,567", "1234,567", "1,,000", "1,000,00",
    /* overflow */
    "9223372036854775808", "-9223372036854775809", "99999999999999999999",
    "៩២២៣៣៧២០៣៦៨៥៤៧៧៥៨០៨",
  };
  gint64 value = 17;

  for (gsize i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      if (isaf_parse_integer (invalid[i], &value))
        g_error ("\"%s\" was accepted as %" G_GINT64_FORMAT, invalid[i], value);
    }

  g_assert_false (isaf_parse_integer (NULL, &value));
  g_assert_cmpint (value, ==, 17);
}

static void
test_round_trip (void)
{
  const gint64 values[] = { 0, 1, -1, 999, 1000, -1234567, 1250000, G_MAXINT64, G_MININT64 };

  for (gsize i = 0; i < G_N_ELEMENTS (values); i++)
    {
      for (IsafDigits digits = ISAF_DIGITS_WESTERN; digits <= ISAF_DIGITS_KHMER; digits++)
        {
          g_autofree char *text = isaf_format_integer (values[i], digits);
          gint64 parsed = 0;

          g_assert_true (isaf_parse_integer (text, &parsed));
          g_assert_cmpint (parsed, ==, values[i]);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format/integer/western", test_integer_western);
  g_test_add_func ("/format/integer/khmer", test_integer_khmer);
  g_test_add_func ("/format/riel", test_riel);
  g_test_add_func ("/format/digits", test_digits);
  g_test_add_func ("/format/month-names", test_month_names);
  g_test_add_func ("/format/date", test_date);
  g_test_add_func ("/format/parse-iso-date/valid", test_parse_iso_date_valid);
  g_test_add_func ("/format/parse-iso-date/invalid", test_parse_iso_date_invalid);
  g_test_add_func ("/format/parse-integer/valid", test_parse_integer_valid);
  g_test_add_func ("/format/parse-integer/invalid", test_parse_integer_invalid);
  g_test_add_func ("/format/parse-integer/round-trip", test_round_trip);

  return g_test_run ();
}
