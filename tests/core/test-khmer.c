/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <string.h>

#include "isaf-khmer.h"

#define ZWSP "\u200B"

/* Word boundaries are those of the ICU 72 Khmer dictionary (Debian 12). */
static void
test_segment_words (void)
{
  g_autofree char *out = isaf_khmer_segment ("ផែនការសកម្មភាពគណនេយ្យភាពរួម");

  g_assert_cmpstr (out, ==, "ផែនការ" ZWSP "សកម្មភាព" ZWSP "គណនេយ្យ" ZWSP "ភាព" ZWSP "រួម");
}

static void
test_segment_mixed (void)
{
  struct {
    const char *in;
    const char *out;
  } cases[] = {
    /* Latin words and spaces are kept; digits stay attached as ICU keeps them. */
    { "ISAF ផែនការសកម្មភាព JAAP 2026",
      "ISAF ផែនការ" ZWSP "សកម្មភាព JAAP 2026" },
    { "នៅឃុំស្វាយរៀង ថ្ងៃទី២៦ ឆ្នាំ២០២៦",
      "នៅ" ZWSP "ឃុំ" ZWSP "ស្វាយរៀង ថ្ងៃទី២៦ ឆ្នាំ២០២៦" },
    /* No break opportunity before the khan or between an amount and the Riel sign. */
    { "ក្រុមប្រឹក្សាឃុំ។", "ក្រុមប្រឹក្សា" ZWSP "ឃុំ។" },
    { "ប្រាក់១,២៥០,០០០៛", "ប្រាក់១,២៥០,០០០៛" },
    { "ឃុំ(ABC)ភូមិ", "ឃុំ(ABC)ភូមិ" },
    { "Commune council, 2026", "Commune council, 2026" },
    /* A character outside the BMP takes two UTF-16 units; boundaries still line up. */
    { "\U0001F4C5ផែនការសកម្មភាព", "\U0001F4C5ផែនការ" ZWSP "សកម្មភាព" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = isaf_khmer_segment (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static void
test_segment_idempotent (void)
{
  const char *inputs[] = {
    "ផែនការសកម្មភាពគណនេយ្យភាពរួម",
    "ប្រជាពលរដ្ឋចូលរួមក្នុងការបោះឆ្នោត",
    "ISAF ផែនការសកម្មភាព JAAP 2026",
    /* An existing ZWSP where the dictionary sees none is kept, and not doubled. */
    "ផែន" ZWSP "ការសកម្មភាព",
    "ផែនការ" ZWSP ZWSP "សកម្មភាព",
    " ផែនការ សកម្មភាព ",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autofree char *once = isaf_khmer_segment (inputs[i]);
      g_autofree char *twice = isaf_khmer_segment (once);

      g_assert_cmpstr (twice, ==, once);
    }
}

static void
test_segment_existing_separators (void)
{
  g_autofree char *zwsp = isaf_khmer_segment ("ផែនការ" ZWSP "សកម្មភាព");
  g_autofree char *space = isaf_khmer_segment ("ផែនការ សកម្មភាព");
  g_autofree char *user = isaf_khmer_segment ("ផែន" ZWSP "ការសកម្មភាព");

  g_assert_cmpstr (zwsp, ==, "ផែនការ" ZWSP "សកម្មភាព");
  g_assert_cmpstr (space, ==, "ផែនការ សកម្មភាព");
  g_assert_cmpstr (user, ==, "ផែន" ZWSP "ការ" ZWSP "សកម្មភាព");
}

static void
test_segment_edge (void)
{
  g_autofree char *empty = isaf_khmer_segment ("");
  g_autofree char *only_zwsp = isaf_khmer_segment (ZWSP);
  g_autofree char *invalid = isaf_khmer_segment ("ផែនការ\xff" "សកម្មភាព");
  g_autofree char *word = isaf_khmer_segment ("ខ្មែរ");

  g_assert_null (isaf_khmer_segment (NULL));
  g_assert_cmpstr (empty, ==, "");
  g_assert_cmpstr (only_zwsp, ==, ZWSP);
  g_assert_cmpstr (word, ==, "ខ្មែរ");

  g_assert_true (g_utf8_validate (invalid, -1, NULL));
  g_assert_nonnull (strstr (invalid, "\uFFFD"));
  g_assert_true (g_str_has_prefix (invalid, "ផែនការ"));
  g_assert_true (g_str_has_suffix (invalid, "សកម្មភាព"));
}

static void
test_normalize_nfc (void)
{
  g_autofree char *decomposed = isaf_khmer_normalize ("Re\u0301union");
  g_autofree char *composed = isaf_khmer_normalize ("R\u00E9union");

  g_assert_cmpstr (decomposed, ==, "R\u00E9union");
  g_assert_cmpstr (composed, ==, "R\u00E9union");
}

static void
test_normalize_zero_width (void)
{
  g_autofree char *out = isaf_khmer_normalize ("\uFEFF" "ផែនការ" ZWSP "សកម្មភាព\u200C\u200D");

  g_assert_cmpstr (out, ==, "ផែនការសកម្មភាព");
  g_assert_true (isaf_khmer_equal ("ផែនការ" ZWSP "សកម្មភាព" ZWSP "គណនេយ្យ" ZWSP "ភាព" ZWSP "រួម",
                                   "ផែនការសកម្មភាពគណនេយ្យភាពរួម"));
}

static void
test_normalize_whitespace (void)
{
  g_autofree char *out = isaf_khmer_normalize ("  \tឃុំ \u00A0 ស្វាយ\n\nរៀង  ");
  g_autofree char *spaces_only = isaf_khmer_normalize (" \t\n" ZWSP " ");

  g_assert_cmpstr (out, ==, "ឃុំ ស្វាយ រៀង");
  g_assert_cmpstr (spaces_only, ==, "");
}

/* Each pair renders alike; the first of each is the standard encoding. */
static void
test_normalize_vowels (void)
{
  const char *pairs[][2] = {
    /* លោក: U+17C4 rather than U+17C1 U+17B6, in either order */
    { "\u179B\u17C4\u1780", "\u179B\u17C1\u17B6\u1780" },
    { "\u179B\u17C4\u1780", "\u179B\u17B6\u17C1\u1780" },
    /* បើ: U+17BE rather than U+17C1 U+17B8, in either order */
    { "\u1794\u17BE", "\u1794\u17C1\u17B8" },
    { "\u1794\u17BE", "\u1794\u17B8\u17C1" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      g_autofree char *standard = isaf_khmer_normalize (pairs[i][0]);
      g_autofree char *variant = isaf_khmer_normalize (pairs[i][1]);

      g_assert_cmpstr (standard, ==, pairs[i][0]);
      g_assert_cmpstr (variant, ==, pairs[i][0]);
      g_assert_true (isaf_khmer_equal (pairs[i][0], pairs[i][1]));
    }
}

static void
test_normalize_coeng_ro (void)
{
  /* ស្ត្រី: COENG TA before COENG RO */
  const char *standard = "\u179F\u17D2\u178F\u17D2\u179A\u17B8";
  const char *variant = "\u179F\u17D2\u179A\u17D2\u178F\u17B8";
  g_autofree char *out = isaf_khmer_normalize (variant);

  g_assert_cmpstr (out, ==, standard);
  g_assert_true (isaf_khmer_equal (standard, variant));
}

static void
test_normalize_subscript_first (void)
{
  const char *pairs[][2] = {
    /* ខ្មែរ: the subscript before the vowel, not ខែ្មរ */
    { "\u1781\u17D2\u1798\u17C2\u179A", "\u1781\u17C2\u17D2\u1798\u179A" },
    /* ម្យ៉ាង: the subscript before the register shifter, not ម៉្យាង */
    { "\u1798\u17D2\u1799\u17C9\u17B6\u1784", "\u1798\u17C9\u17D2\u1799\u17B6\u1784" },
    /* ស្រី with the vowel typed before COENG RO */
    { "\u179F\u17D2\u179A\u17B8", "\u179F\u17B8\u17D2\u179A" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      g_autofree char *variant = isaf_khmer_normalize (pairs[i][1]);

      g_assert_cmpstr (variant, ==, pairs[i][0]);
      g_assert_true (isaf_khmer_equal (pairs[i][0], pairs[i][1]));
    }
}

static void
test_normalize_vowel_signs (void)
{
  const char *pairs[][2] = {
    /* កុំ: U+17BB before NIKAHIT */
    { "\u1780\u17BB\u17C6", "\u1780\u17C6\u17BB" },
    /* ចាំ: U+17B6 before NIKAHIT */
    { "\u1785\u17B6\u17C6", "\u1785\u17C6\u17B6" },
    /* ដោះ: U+17C4 before REAHMUK, and composed from U+17C1 U+17B6 */
    { "\u178A\u17C4\u17C7", "\u178A\u17C1\u17C7\u17B6" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      g_autofree char *variant = isaf_khmer_normalize (pairs[i][1]);

      g_assert_cmpstr (variant, ==, pairs[i][0]);
    }
}

static void
test_normalize_combined (void)
{
  /* A whole name typed with several variants at once, spaced and segmented. */
  const char *standard = "ស្ត្រី ខ្មែរ លោក";
  const char *variant = " \u179F\u17D2\u179A\u17B8\u17D2\u178F  \u1781\u17C2\u17D2\u1798" ZWSP
                        "\u179A\t\u179B\u17C1\u17B6\u1780 ";
  g_autofree char *out = isaf_khmer_normalize (variant);
  g_autofree char *again = isaf_khmer_normalize (out);

  g_assert_cmpstr (out, ==, standard);
  g_assert_cmpstr (again, ==, out);
}

static void
test_normalize_idempotent (void)
{
  const char *inputs[] = {
    "ផែនការ" ZWSP "សកម្មភាព  គណនេយ្យភាព",
    "\u179F\u17D2\u179A\u17B8\u17D2\u178F",
    "\u178A\u17C6\u17C1\u17B6",
    /* U+17DD has combining class 230: the subscript is not moved after it. */
    "\u1799\u17DD\u17C1\u17D2\u1798",
    "e\u0301\u17B6\u17D2\u1780",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autofree char *once = isaf_khmer_normalize (inputs[i]);
      g_autofree char *twice = isaf_khmer_normalize (once);
      g_autofree char *nfc = g_utf8_normalize (once, -1, G_NORMALIZE_NFC);

      g_assert_cmpstr (twice, ==, once);
      g_assert_cmpstr (nfc, ==, once);
    }
}

static void
test_normalize_distinct (void)
{
  /* Different words stay different. */
  g_assert_false (isaf_khmer_equal ("លោក", "លាក"));
  g_assert_false (isaf_khmer_equal ("ខ្មែរ", "ខែ"));
  g_assert_false (isaf_khmer_equal ("ស្ត្រី", "ស្រី"));
  g_assert_false (isaf_khmer_equal ("ឃុំ ស្វាយ", "ឃុំស្វាយ"));
  /* COENG DA and COENG TA look alike but spell different words: not folded. */
  g_assert_false (isaf_khmer_equal ("\u1780\u178E\u17D2\u178A\u17B6\u179B",
                                    "\u1780\u178E\u17D2\u178F\u17B6\u179B"));
  /* Two COENG RO are left alone rather than swapped forever. */
  g_assert_true (isaf_khmer_equal ("\u1780\u17D2\u179A\u17D2\u179A", "\u1780\u17D2\u179A\u17D2\u179A"));
}

static void
test_normalize_edge (void)
{
  g_autofree char *empty = isaf_khmer_normalize ("");
  g_autofree char *invalid = isaf_khmer_normalize ("ឃុំ\xc3(");
  g_autofree char *latin = isaf_khmer_normalize ("Svay Rieng");

  g_assert_null (isaf_khmer_normalize (NULL));
  g_assert_cmpstr (empty, ==, "");
  g_assert_cmpstr (invalid, ==, "ឃុំ\uFFFD(");
  g_assert_cmpstr (latin, ==, "Svay Rieng");
}

static void
test_equal (void)
{
  g_assert_true (isaf_khmer_equal (NULL, NULL));
  g_assert_false (isaf_khmer_equal ("ឃុំ", NULL));
  g_assert_false (isaf_khmer_equal (NULL, ""));
  g_assert_true (isaf_khmer_equal ("", " " ZWSP));
  g_assert_true (isaf_khmer_equal (" ឃុំ  ស្វាយ ", "ឃុំ ស្វាយ"));
  /* Comparison is exact otherwise: case is not folded. */
  g_assert_false (isaf_khmer_equal ("Svay", "svay"));
}

static void
test_is_khmer (void)
{
  g_assert_true (isaf_khmer_is_khmer (0x1780));
  g_assert_true (isaf_khmer_is_khmer (0x17D2));
  g_assert_true (isaf_khmer_is_khmer (0x17E0));
  g_assert_true (isaf_khmer_is_khmer (0x17FF));
  g_assert_true (isaf_khmer_is_khmer (0x19E0));
  g_assert_true (isaf_khmer_is_khmer (0x19FF));
  g_assert_false (isaf_khmer_is_khmer (0x177F));
  g_assert_false (isaf_khmer_is_khmer (0x1800));
  g_assert_false (isaf_khmer_is_khmer (0x19DF));
  g_assert_false (isaf_khmer_is_khmer (0x1A00));
  g_assert_false (isaf_khmer_is_khmer ('A'));
  g_assert_false (isaf_khmer_is_khmer (0x200B));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/khmer/segment/words", test_segment_words);
  g_test_add_func ("/khmer/segment/mixed", test_segment_mixed);
  g_test_add_func ("/khmer/segment/idempotent", test_segment_idempotent);
  g_test_add_func ("/khmer/segment/existing-separators", test_segment_existing_separators);
  g_test_add_func ("/khmer/segment/edge", test_segment_edge);
  g_test_add_func ("/khmer/normalize/nfc", test_normalize_nfc);
  g_test_add_func ("/khmer/normalize/zero-width", test_normalize_zero_width);
  g_test_add_func ("/khmer/normalize/whitespace", test_normalize_whitespace);
  g_test_add_func ("/khmer/normalize/vowels", test_normalize_vowels);
  g_test_add_func ("/khmer/normalize/coeng-ro", test_normalize_coeng_ro);
  g_test_add_func ("/khmer/normalize/subscript-first", test_normalize_subscript_first);
  g_test_add_func ("/khmer/normalize/vowel-signs", test_normalize_vowel_signs);
  g_test_add_func ("/khmer/normalize/combined", test_normalize_combined);
  g_test_add_func ("/khmer/normalize/idempotent", test_normalize_idempotent);
  g_test_add_func ("/khmer/normalize/distinct", test_normalize_distinct);
  g_test_add_func ("/khmer/normalize/edge", test_normalize_edge);
  g_test_add_func ("/khmer/equal", test_equal);
  g_test_add_func ("/khmer/is-khmer", test_is_khmer);

  return g_test_run ();
}
