/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-khmer"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "isaf-khmer.h"

#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/utypes.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UBreakIterator, ubrk_close)

#define ZERO_WIDTH_SPACE      0x200B
#define ZERO_WIDTH_NON_JOINER 0x200C
#define ZERO_WIDTH_JOINER     0x200D
#define BYTE_ORDER_MARK       0xFEFF

#define KHMER_LETTER_RO       0x179A
#define KHMER_VOWEL_SIGN_AA   0x17B6
#define KHMER_VOWEL_SIGN_II   0x17B8
#define KHMER_VOWEL_SIGN_OE   0x17BE
#define KHMER_VOWEL_SIGN_E    0x17C1
#define KHMER_VOWEL_SIGN_OO   0x17C4
#define KHMER_SIGN_COENG      0x17D2

/* Character classes from the Unicode code chart for Khmer (U+1780–U+17FF). */
static inline gboolean
is_coeng_base (gunichar c)
{
  /* Consonants U+1780–U+17A2 and independent vowels U+17A3–U+17B3 can follow COENG. */
  return c >= 0x1780 && c <= 0x17B3;
}

static inline gboolean
is_dependent_vowel (gunichar c)
{
  return c >= 0x17B6 && c <= 0x17C5;
}

static inline gboolean
is_register_shifter (gunichar c)
{
  /* MUUSIKATOAN and TRIISAP */
  return c == 0x17C9 || c == 0x17CA;
}

static inline gboolean
is_vowel_final_sign (gunichar c)
{
  /* NIKAHIT, REAHMUK and YUUKALEAPINTU, which complete a vowel (ាំ, ុះ, េះ). */
  return c >= 0x17C6 && c <= 0x17C8;
}

static inline gboolean
is_zero_width (gunichar c)
{
  return c == ZERO_WIDTH_SPACE || c == ZERO_WIDTH_NON_JOINER ||
         c == ZERO_WIDTH_JOINER || c == BYTE_ORDER_MARK;
}

/* Letters and combining marks of the Khmer block: the characters a Khmer word is made of.
 * Digits, punctuation (។ ៕), the Riel sign and the lunar-date symbols are excluded, so no
 * break opportunity is added before ។ or between an amount and ៛. */
static gboolean
is_khmer_word_char (gunichar c)
{
  if (c < 0x1780 || c > 0x17FF)
    return FALSE;

  switch (g_unichar_type (c))
    {
    case G_UNICODE_OTHER_LETTER:
    case G_UNICODE_NON_SPACING_MARK:
    case G_UNICODE_SPACING_MARK:
      return TRUE;
    default:
      return FALSE;
    }
}

static gpointer
open_word_break_prototype (gpointer data)
{
  UErrorCode status = U_ZERO_ERROR;
  UBreakIterator *bi = ubrk_open (UBRK_WORD, "km", NULL, 0, &status);

  if (U_FAILURE (status))
    {
      g_warning ("Cannot open the ICU word break iterator for Khmer: %s; "
                 "Khmer text will not be segmented", u_errorName (status));
      return NULL;
    }

  return bi;
}

/* ICU loads the rules and the Khmer dictionary once; each call clones the opened
 * iterator, which is cheap and keeps segmentation thread-safe. */
static const UBreakIterator *
get_word_break_prototype (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, open_word_break_prototype, NULL);
}

/**
 * isaf_khmer_segment:
 * @text: (nullable): UTF-8 text
 *
 * Inserts U+200B ZERO WIDTH SPACE between the words of Khmer runs, as found by
 * ICU's dictionary-based word break iterator for "km", so that Pango can break
 * lines and full-text indexing can find words.
 *
 * A ZERO WIDTH SPACE is only added between two Khmer letters or marks, never at
 * the start or end, never next to white space or an existing U+200B, never before
 * Khmer punctuation; non-Khmer text is copied unchanged. The dictionary is applied
 * to the text with its existing U+200B removed, which makes the function
 * idempotent. Invalid UTF-8 is replaced with U+FFFD first.
 *
 * Returns: (transfer full) (nullable): a newly allocated string, or %NULL if @text
 *   is %NULL
 */
char *
isaf_khmer_segment (const char *text)
{
  const UBreakIterator *prototype;
  g_autoptr (UBreakIterator) bi = NULL;
  g_autofree char *valid = NULL;
  g_autofree gunichar *chars = NULL;
  g_autofree guint *zwsp_before = NULL;
  g_autofree gunichar2 *utf16 = NULL;
  g_autofree gboolean *is_boundary = NULL;
  UErrorCode status = U_ZERO_ERROR;
  GString *out;
  glong max_chars;
  glong n_chars = 0;
  glong n_utf16 = 0;
  glong gap = 0;
  glong offset = 0;

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, -1);

  prototype = get_word_break_prototype ();
  if (prototype == NULL)
    return g_steal_pointer (&valid);

  /* Work on the characters without U+200B, remembering how many stood before each. */
  max_chars = g_utf8_strlen (valid, -1);
  chars = g_new (gunichar, max_chars + 1);
  zwsp_before = g_new0 (guint, max_chars + 1);
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == ZERO_WIDTH_SPACE)
        zwsp_before[n_chars]++;
      else
        chars[n_chars++] = c;
    }

  if (n_chars == 0)
    return g_steal_pointer (&valid);

  utf16 = g_ucs4_to_utf16 (chars, n_chars, NULL, &n_utf16, NULL);

  bi = ubrk_clone (prototype, &status);
  if (U_SUCCESS (status))
    ubrk_setText (bi, (const UChar *) utf16, (int32_t) n_utf16, &status);
  if (U_FAILURE (status))
    {
      g_warning ("Cannot segment Khmer text: %s", u_errorName (status));
      return g_steal_pointer (&valid);
    }

  /* Map UTF-16 boundaries to character gaps; ICU never breaks inside a surrogate pair. */
  is_boundary = g_new0 (gboolean, n_chars + 1);
  for (int32_t pos = ubrk_first (bi); pos != UBRK_DONE; pos = ubrk_next (bi))
    {
      for (; gap < n_chars && offset < pos; gap++)
        offset += chars[gap] > 0xFFFF ? 2 : 1;
      if (offset == pos)
        is_boundary[gap] = TRUE;
    }

  out = g_string_sized_new (strlen (valid) + 32);
  for (glong i = 0; i <= n_chars; i++)
    {
      for (guint k = 0; k < zwsp_before[i]; k++)
        g_string_append_unichar (out, ZERO_WIDTH_SPACE);

      if (is_boundary[i] && i > 0 && i < n_chars && zwsp_before[i] == 0 &&
          is_khmer_word_char (chars[i - 1]) && is_khmer_word_char (chars[i]))
        g_string_append_unichar (out, ZERO_WIDTH_SPACE);

      if (i < n_chars)
        g_string_append_unichar (out, chars[i]);
    }

  return g_string_free (out, FALSE);
}

/* Rewrites one spot of a Khmer cluster into its standard encoding; returns TRUE if
 * chars[i..] was changed. Each rule maps a sequence that renders like the standard
 * one, and is typed by mistake, to the standard one:
 *
 *  1. Split vowels typed as two vowels, in either order (the Unicode Standard,
 *     §16.4 Khmer, vowel sequences to avoid; SIL Khmer Character Specification §7.4.6):
 *       U+17C1 U+17B8 and U+17B8 U+17C1 → U+17BE  ើ
 *       U+17C1 U+17B6 and U+17B6 U+17C1 → U+17C4  ោ
 *  2. COENG RO after the other subscript: COENG RO COENG X → COENG X COENG RO
 *     (SIL §7.2, "Coeng Ro is not allowed to be placed before another subscript",
 *     §7.4.2: ស្ត្រី, not ស្រ្តី).
 *  3. A subscript before a dependent vowel or a register shifter:
 *     V COENG X → COENG X V and SHIFTER COENG X → COENG X SHIFTER
 *     (Unicode Standard §16.4 syllable order B {R|C} {S {R}}* {{Z} V} {O} {S} as read
 *     by SIL §7.2; SIL §7.4.1: ខ្មែរ, not ខែ្មរ; §7.4.3: ម្យ៉ាង, not ម៉្យាង).
 *  4. A vowel before NIKAHIT, REAHMUK or YUUKALEAPINTU: SIGN V → V SIGN
 *     (SIL §7.4.5: កុំ, not កំុ; ចាំ, not ចំា).
 *
 * Not folded: COENG DA and COENG TA (្ដ/្ត) look alike in many fonts but spell
 * different words (SIL §7.4.7), so they stay distinct. */
static gboolean
apply_khmer_rule (gunichar *chars,
                  gsize    *n_chars,
                  gsize     i)
{
  gsize left = *n_chars - i;
  gunichar a = chars[i];
  gunichar b = left > 1 ? chars[i + 1] : 0;
  gunichar composed = 0;

  if ((a == KHMER_VOWEL_SIGN_E && b == KHMER_VOWEL_SIGN_II) ||
      (a == KHMER_VOWEL_SIGN_II && b == KHMER_VOWEL_SIGN_E))
    composed = KHMER_VOWEL_SIGN_OE;
  else if ((a == KHMER_VOWEL_SIGN_E && b == KHMER_VOWEL_SIGN_AA) ||
           (a == KHMER_VOWEL_SIGN_AA && b == KHMER_VOWEL_SIGN_E))
    composed = KHMER_VOWEL_SIGN_OO;

  if (composed != 0)
    {
      chars[i] = composed;
      memmove (&chars[i + 1], &chars[i + 2], (left - 2) * sizeof (gunichar));
      *n_chars -= 1;
      return TRUE;
    }

  if (left >= 4 && a == KHMER_SIGN_COENG && b == KHMER_LETTER_RO &&
      chars[i + 2] == KHMER_SIGN_COENG && is_coeng_base (chars[i + 3]) &&
      chars[i + 3] != KHMER_LETTER_RO)
    {
      chars[i + 1] = chars[i + 3];
      chars[i + 3] = KHMER_LETTER_RO;
      return TRUE;
    }

  /* COENG has combining class 9: it must not land after a mark of a higher class
   * (U+17DD, U+0301, ...), or the result would no longer be in NFC. */
  if (left >= 3 && (is_dependent_vowel (a) || is_register_shifter (a)) &&
      b == KHMER_SIGN_COENG && is_coeng_base (chars[i + 2]) &&
      (i == 0 || g_unichar_combining_class (chars[i - 1]) <= 9))
    {
      chars[i] = KHMER_SIGN_COENG;
      chars[i + 1] = chars[i + 2];
      chars[i + 2] = a;
      return TRUE;
    }

  if (left >= 2 && is_vowel_final_sign (a) && is_dependent_vowel (b))
    {
      chars[i] = b;
      chars[i + 1] = a;
      return TRUE;
    }

  return FALSE;
}

static char *
reorder_khmer (const char *nfc)
{
  g_autofree gunichar *chars = NULL;
  glong n_read = 0;
  gsize n_chars;
  gboolean changed;

  chars = g_utf8_to_ucs4_fast (nfc, -1, &n_read);
  n_chars = (gsize) n_read;

  /* Every rule moves a subscript or vowel left or shortens the text, so this ends.
   * The rules keep the text in NFC, so normalising again changes nothing. */
  do
    {
      changed = FALSE;
      for (gsize i = 0; i < n_chars; i++)
        changed |= apply_khmer_rule (chars, &n_chars, i);
    }
  while (changed);

  return g_ucs4_to_utf8 (chars, (glong) n_chars, NULL, NULL, NULL);
}

/**
 * isaf_khmer_normalize:
 * @text: (nullable): UTF-8 text as typed
 *
 * Normalises text for storage and comparison: invalid UTF-8 is replaced with
 * U+FFFD; U+200B, U+200C, U+200D and U+FEFF are removed; runs of white space
 * become one ASCII space and the ends are trimmed; the result is in NFC; Khmer
 * clusters typed in an order that renders like the standard one are rewritten in
 * the standard order (see apply_khmer_rule() for the rules and their sources).
 *
 * Returns: (transfer full) (nullable): a newly allocated string, or %NULL if @text
 *   is %NULL
 */
char *
isaf_khmer_normalize (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *nfc = NULL;
  g_autoptr (GString) collapsed = NULL;
  gboolean pending_space = FALSE;

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, -1);
  collapsed = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_zero_width (c))
        continue;

      if (g_unichar_isspace (c))
        {
          pending_space = collapsed->len > 0;
          continue;
        }

      if (pending_space)
        g_string_append_c (collapsed, ' ');
      pending_space = FALSE;
      g_string_append_unichar (collapsed, c);
    }

  nfc = g_utf8_normalize (collapsed->str, (gssize) collapsed->len, G_NORMALIZE_NFC);

  return reorder_khmer (nfc);
}

/**
 * isaf_khmer_equal:
 * @a: (nullable): UTF-8 text
 * @b: (nullable): UTF-8 text
 *
 * Compares two strings after isaf_khmer_normalize(), so that names typed in
 * different but visually identical ways match. Two %NULL strings are equal.
 *
 * Returns: %TRUE if @a and @b normalise to the same string
 */
gboolean
isaf_khmer_equal (const char *a,
                  const char *b)
{
  g_autofree char *na = isaf_khmer_normalize (a);
  g_autofree char *nb = isaf_khmer_normalize (b);

  return g_strcmp0 (na, nb) == 0;
}

/**
 * isaf_khmer_is_khmer:
 * @c: a Unicode character
 *
 * Returns: %TRUE if @c is in the Khmer (U+1780–U+17FF) or Khmer Symbols
 *   (U+19E0–U+19FF) block
 */
gboolean
isaf_khmer_is_khmer (gunichar c)
{
  return (c >= 0x1780 && c <= 0x17FF) || (c >= 0x19E0 && c <= 0x19FF);
}
