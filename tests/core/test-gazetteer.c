/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-gazetteer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "isaf-gazetteer.h"

/* The expected values below were read from the YAML files in ../shared/data/gazetteer/. */

static void
assert_entry (const IsafGazetteerEntry *entry,
              const char               *code,
              const char               *name_km,
              const char               *name_latin,
              const char               *unit_km,
              const char               *unit_en,
              IsafGazetteerLevel        level)
{
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->code, ==, code);
  g_assert_cmpstr (entry->name_km, ==, name_km);
  g_assert_cmpstr (entry->name_latin, ==, name_latin);
  g_assert_cmpstr (entry->unit_km, ==, unit_km);
  g_assert_cmpstr (entry->unit_en, ==, unit_en);
  g_assert_cmpint (entry->level, ==, level);
}

static void
assert_codes (GPtrArray   *entries,
              const char  *first_code,
              ...)
{
  va_list args;
  guint i = 0;

  va_start (args, first_code);
  for (const char *code = first_code; code != NULL; code = va_arg (args, const char *), i++)
    {
      g_assert_cmpuint (i, <, entries->len);
      g_assert_cmpstr (((const IsafGazetteerEntry *) entries->pdata[i])->code, ==, code);
    }
  va_end (args);

  g_assert_cmpuint (entries->len, ==, i);
}

static void
test_counts (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafGazetteer) gazetteer = isaf_gazetteer_load (&error);

  g_assert_no_error (error);
  g_assert_cmpuint (isaf_gazetteer_count (gazetteer, ISAF_GAZETTEER_PROVINCE), ==, 25);
  g_assert_cmpuint (isaf_gazetteer_count (gazetteer, ISAF_GAZETTEER_DISTRICT), ==, 210);
  g_assert_cmpuint (isaf_gazetteer_count (gazetteer, ISAF_GAZETTEER_COMMUNE), ==, 1652);
  g_assert_cmpuint (isaf_gazetteer_count (gazetteer, ISAF_GAZETTEER_VILLAGE), ==, 14578);
}

static void
test_lookup_parents (void)
{
  IsafGazetteer *gazetteer = isaf_gazetteer_get_default ();
  const IsafGazetteerEntry *commune = isaf_gazetteer_lookup (gazetteer, "010201");
  const IsafGazetteerEntry *district;
  const IsafGazetteerEntry *province;

  assert_entry (commune, "010201", "បន្ទាយនាង", "Banteay Neang", "ឃុំ", "Commune",
                ISAF_GAZETTEER_COMMUNE);

  district = isaf_gazetteer_get_parent (gazetteer, commune);
  assert_entry (district, "0102", "មង្គលបូរី", "Mongkol Borey", "ស្រុក", "District",
                ISAF_GAZETTEER_DISTRICT);

  province = isaf_gazetteer_get_parent (gazetteer, district);
  assert_entry (province, "01", "បន្ទាយមានជ័យ", "Banteay Meanchey", "ខេត្ត", "Province",
                ISAF_GAZETTEER_PROVINCE);

  g_assert_null (isaf_gazetteer_get_parent (gazetteer, province));

  /* The lookup hands back the same entries the parent chain does. */
  g_assert_true (isaf_gazetteer_lookup (gazetteer, "0102") == district);
  g_assert_true (isaf_gazetteer_lookup (gazetteer, "01") == province);

  assert_entry (isaf_gazetteer_lookup (gazetteer, "01020119"), "01020119", "គោកក្ដួច",
                "Kouk Kduoch", "ភូមិ", "Village", ISAF_GAZETTEER_VILLAGE);
  assert_entry (isaf_gazetteer_lookup (gazetteer, "12"), "12", "ភ្នំពេញ", "Phnom Penh",
                "រាជធានី", "Capital", ISAF_GAZETTEER_PROVINCE);
  /* pumi says "Section" and "Quarter"; convert.py keeps the Cambodian terms. */
  assert_entry (isaf_gazetteer_lookup (gazetteer, "1201"), "1201", "ចំការមន", "Chamkar Mon",
                "ខណ្ឌ", "Khan", ISAF_GAZETTEER_DISTRICT);
  assert_entry (isaf_gazetteer_lookup (gazetteer, "120301"), "120301", "អូរឫស្សីទី ១",
                "Ou Ruessei Ti Muoy", "សង្កាត់", "Sangkat", ISAF_GAZETTEER_COMMUNE);
  assert_entry (isaf_gazetteer_lookup (gazetteer, "25"), "25", "ត្បូងឃ្មុំ", "Tboung Khmum",
                "ខេត្ត", "Province", ISAF_GAZETTEER_PROVINCE);
}

static void
test_unknown_code (void)
{
  IsafGazetteer *gazetteer = isaf_gazetteer_get_default ();
  g_autoptr(GError) error = NULL;

  /* District 0102 has communes 01 to 13 only. */
  g_assert_null (isaf_gazetteer_lookup (gazetteer, "010299"));
  g_assert_null (isaf_gazetteer_lookup (gazetteer, "26"));
  g_assert_null (isaf_gazetteer_lookup (gazetteer, ""));
  g_assert_null (isaf_gazetteer_lookup (gazetteer, "0102011"));
  g_assert_null (isaf_gazetteer_lookup (gazetteer, "01020101001"));
  g_assert_null (isaf_gazetteer_lookup (gazetteer, "01O2"));

  g_assert_true (isaf_gazetteer_validate_code (gazetteer, "010201", ISAF_GAZETTEER_COMMUNE,
                                               &error));
  g_assert_no_error (error);

  g_assert_false (isaf_gazetteer_validate_code (gazetteer, "010299", ISAF_GAZETTEER_COMMUNE,
                                                &error));
  g_assert_error (error, ISAF_GAZETTEER_ERROR, ISAF_GAZETTEER_ERROR_UNKNOWN_CODE);
  g_assert_nonnull (strstr (error->message, "010299"));
  g_assert_nonnull (strstr (error->message, "6-digit"));
}

static void
test_wrong_level (void)
{
  IsafGazetteer *gazetteer = isaf_gazetteer_get_default ();
  const char *wrong[] = { "0102", "01020101", "01", "10201", "01-02-01", "", "\xff\xfe" };

  /* Each of these is a real unit or junk, but never a commune. */
  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (isaf_gazetteer_validate_code (gazetteer, wrong[i],
                                                    ISAF_GAZETTEER_COMMUNE, &error));
      g_assert_error (error, ISAF_GAZETTEER_ERROR, ISAF_GAZETTEER_ERROR_UNKNOWN_CODE);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_nonnull (strstr (error->message, "commune"));
    }

  g_assert_true (isaf_gazetteer_validate_code (gazetteer, "0102", ISAF_GAZETTEER_DISTRICT, NULL));
  g_assert_true (isaf_gazetteer_validate_code (gazetteer, "01020101", ISAF_GAZETTEER_VILLAGE,
                                               NULL));
  g_assert_false (isaf_gazetteer_validate_code (gazetteer, "010201", ISAF_GAZETTEER_VILLAGE,
                                                NULL));
}

static void
test_search_khmer (void)
{
  IsafGazetteer *gazetteer = isaf_gazetteer_get_default ();
  g_autoptr(GPtrArray) prefix = NULL;
  g_autoptr(GPtrArray) spaced = NULL;
  g_autoptr(GPtrArray) other = NULL;
  g_autoptr(GPtrArray) elsewhere = NULL;

  prefix = isaf_gazetteer_search (gazetteer, ISAF_GAZETTEER_COMMUNE, "0102", "បន្ទាយ");
  assert_codes (prefix, "010201", NULL);

  /* Spaces and zero-width spaces a Khmer keyboard user may type in between do not count. */
  spaced = isaf_gazetteer_search (gazetteer, ISAF_GAZETTEER_COMMUNE, "0102",
                                  "បន្ទាយ\u200b នា");
  assert_codes (spaced, "010201", NULL);

  other = isaf_gazetteer_search (gazetteer, ISAF_GAZETTEER_COMMUNE, "0102", "ភ្នំ");
  assert_codes (other, "010207", NULL);

  /* The source writes the suffix in quotes: ប្រសូត្រ "ក". */
  g_clear_pointer (&other, g_ptr_array_unref);
  other = isaf_gazetteer_search (gazetteer, ISAF_GAZETTEER_VILLAGE, "030104", "ប្រសូត្រក");
  assert_codes (other, "03010403", NULL);

  /* 87 villages across the country start with ភ្នំ; one of them is in commune 010201. */
  elsewhere = isaf_gazetteer_search (gazetteer, ISAF_GAZETTEER_VILLAGE, NULL, "ភ្នំ");
  g_assert_cmpuint (elsewhere->len, ==, 87);
  g_clear_pointer (&elsewhere, g_ptr_array_unref);
  elsewhere = isaf_gazetteer_search (gazetteer, ISAF_GAZETTEER_VILLAGE, "010201", "ភ្នំ");
  assert_codes (elsewhere, "01020102", NULL);
}

static void
test_search_latin (void)
{
  IsafGazetteer *gazetteer = isaf_gazetteer_get_default ();
  const char *banteay_neang[] = { "banteay", "BANTEAY NEANG", "Banteay-Neang", "banteayn" };
  g_autoptr(GPtrArray) joined = NULL;
  g_autoptr(GPtrArray) accent = NULL;
  g_autoptr(GPtrArray) nothing = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (banteay_neang); i++)
    {
      g_autoptr(GPtrArray) found = isaf_gazetteer_search (gazetteer, ISAF_GAZETTEER_COMMUNE,
                                                          "0102", banteay_neang[i]);

      assert_codes (found, "010201", NULL);
    }

  joined = isaf_gazetteer_search (gazetteer, ISAF_GAZETTEER_COMMUNE, "0102", "phnumt");
  assert_codes (joined, "010207", NULL);
  g_clear_pointer (&joined, g_ptr_array_unref);

  /* The source writes "Ph'av"; the apostrophe is easy to leave out. */
  joined = isaf_gazetteer_search (gazetteer, ISAF_GAZETTEER_COMMUNE, "0301", "phav");
  assert_codes (joined, "030106", NULL);

  /* The source spells the province "Kratié". */
  accent = isaf_gazetteer_search (gazetteer, ISAF_GAZETTEER_PROVINCE, NULL, "kratie");
  assert_codes (accent, "10", NULL);

  nothing = isaf_gazetteer_search (gazetteer, ISAF_GAZETTEER_COMMUNE, "0102", "zz");
  assert_codes (nothing, NULL);
}

static void
test_search_scope (void)
{
  IsafGazetteer *gazetteer = isaf_gazetteer_get_default ();
  g_autoptr(GPtrArray) all_communes = NULL;
  g_autoptr(GPtrArray) district = NULL;
  g_autoptr(GPtrArray) province = NULL;
  g_autoptr(GPtrArray) blank = NULL;
  g_autoptr(GPtrArray) not_above = NULL;

  all_communes = isaf_gazetteer_search (gazetteer, ISAF_GAZETTEER_COMMUNE, NULL, "");
  g_assert_cmpuint (all_communes->len, ==, 1652);

  district = isaf_gazetteer_search (gazetteer, ISAF_GAZETTEER_COMMUNE, "0102", NULL);
  g_assert_cmpuint (district->len, ==, 13);

  /* Two communes of Banteay Meanchey, in different districts, start with "Banteay". */
  province = isaf_gazetteer_search (gazetteer, ISAF_GAZETTEER_COMMUNE, "01", "Banteay");
  assert_codes (province, "010201", "010701", NULL);

  blank = isaf_gazetteer_search (gazetteer, ISAF_GAZETTEER_DISTRICT, "01", " - ");
  g_assert_cmpuint (blank->len, ==, 9);

  not_above = isaf_gazetteer_search (gazetteer, ISAF_GAZETTEER_DISTRICT, "010201", "");
  g_assert_cmpuint (not_above->len, ==, 0);
}

static void
test_children (void)
{
  IsafGazetteer *gazetteer = isaf_gazetteer_get_default ();
  g_autoptr(GPtrArray) villages = isaf_gazetteer_children (gazetteer, "010201");
  g_autoptr(GPtrArray) provinces = isaf_gazetteer_children (gazetteer, NULL);
  g_autoptr(GPtrArray) communes = isaf_gazetteer_children (gazetteer, "0102");
  g_autoptr(GPtrArray) none = isaf_gazetteer_children (gazetteer, "01020101");
  g_autoptr(GPtrArray) unknown = isaf_gazetteer_children (gazetteer, "99");

  assert_codes (villages, "01020101", "01020102", "01020103", "01020104", "01020105",
                "01020106", "01020107", "01020108", "01020109", "01020110", "01020111",
                "01020112", "01020113", "01020114", "01020115", "01020116", "01020117",
                "01020118", "01020119", NULL);
  assert_entry (villages->pdata[0], "01020101", "អូរធំ", "Ou Thum", "ភូមិ", "Village",
                ISAF_GAZETTEER_VILLAGE);

  g_assert_cmpuint (provinces->len, ==, 25);
  for (guint i = 0; i < provinces->len; i++)
    {
      g_autofree char *code = g_strdup_printf ("%02u", i + 1);

      g_assert_cmpstr (((const IsafGazetteerEntry *) provinces->pdata[i])->code, ==, code);
    }

  g_assert_cmpuint (communes->len, ==, 13);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (unknown->len, ==, 0);
}

/* convert.py cleans names: NFC, no invisible characters, single spaces, nothing around them. */
static void
test_cleaned_names (void)
{
  IsafGazetteer *gazetteer = isaf_gazetteer_get_default ();
  guint empty_latin = 0;

  for (IsafGazetteerLevel level = ISAF_GAZETTEER_PROVINCE; level <= ISAF_GAZETTEER_VILLAGE;
       level++)
    {
      g_autoptr(GPtrArray) entries = isaf_gazetteer_search (gazetteer, level, NULL, NULL);

      for (guint i = 0; i < entries->len; i++)
        {
          const IsafGazetteerEntry *entry = entries->pdata[i];
          const char *names[] = { entry->name_km, entry->name_latin };

          g_assert_nonnull (level == ISAF_GAZETTEER_PROVINCE
                            ? entry : isaf_gazetteer_get_parent (gazetteer, entry));
          empty_latin += *entry->name_latin == '\0';
          for (guint j = 0; j < G_N_ELEMENTS (names); j++)
            {
              g_autofree char *nfc = g_utf8_normalize (names[j], -1, G_NORMALIZE_DEFAULT_COMPOSE);

              g_assert_cmpstr (nfc, ==, names[j]);
              g_assert_null (strstr (names[j], "  "));
              g_assert_null (strstr (names[j], "\u200b"));
              g_assert_false (g_str_has_prefix (names[j], " "));
              g_assert_false (g_str_has_suffix (names[j], " "));
            }
        }
    }

  /* Village ប៉ៃឡាំ has a single space as its Latin name in the source. */
  g_assert_cmpuint (empty_latin, ==, 1);
  assert_entry (isaf_gazetteer_lookup (gazetteer, "02010508"), "02010508", "ប៉ៃឡាំ", "",
                "ភូមិ", "Village", ISAF_GAZETTEER_VILLAGE);
  /* Source: "ស្ពឺ  ក" with two spaces. */
  assert_entry (isaf_gazetteer_lookup (gazetteer, "140107"), "140107", "ស្ពឺ ក", "Spueu Ka",
                "ឃុំ", "Commune", ISAF_GAZETTEER_COMMUNE);
}

static gpointer
get_default_thread (gpointer data)
{
  return isaf_gazetteer_get_default ();
}

static void
test_default_threads (void)
{
  GThread *threads[4];
  IsafGazetteer *first = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("get-default", get_default_thread, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      IsafGazetteer *gazetteer = g_thread_join (threads[i]);

      g_assert_nonnull (gazetteer);
      if (first == NULL)
        first = gazetteer;
      g_assert_true (gazetteer == first);
    }

  g_assert_true (isaf_gazetteer_get_default () == first);
}

static void
test_ref_unref (void)
{
  g_autoptr(GError) error = NULL;
  IsafGazetteer *gazetteer = isaf_gazetteer_load (&error);

  g_assert_no_error (error);
  g_assert_true (isaf_gazetteer_ref (gazetteer) == gazetteer);
  isaf_gazetteer_unref (gazetteer);
  g_assert_nonnull (isaf_gazetteer_lookup (gazetteer, "01"));
  isaf_gazetteer_unref (gazetteer);
}

static void
test_small_file (void)
{
  const char text[] =
    "# a comment\n"
    "01\tក\tKa\tខេត្ត\tProvince\n"
    "0101\tខ\tKha\tស្រុក\tDistrict\n"
    "010101\tគ\tKo\tឃុំ\tCommune\n"
    "01010101\tឃ\t\tភូមិ\tVillage";
  g_autoptr(GBytes) bytes = g_bytes_new (text, sizeof text - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafGazetteer) gazetteer = isaf_gazetteer_new_from_bytes (bytes, &error);

  g_assert_no_error (error);
  /* The instance keeps its own copy, so the bytes may go away (valgrind would tell). */
  g_clear_pointer (&bytes, g_bytes_unref);

  g_assert_cmpuint (isaf_gazetteer_count (gazetteer, ISAF_GAZETTEER_PROVINCE), ==, 1);
  g_assert_cmpuint (isaf_gazetteer_count (gazetteer, ISAF_GAZETTEER_VILLAGE), ==, 1);
  assert_entry (isaf_gazetteer_lookup (gazetteer, "01010101"), "01010101", "ឃ", "", "ភូមិ",
                "Village", ISAF_GAZETTEER_VILLAGE);
}

static void
test_corrupt (void)
{
  const struct
  {
    const char *text;
    const char *line;
  } cases[] = {
    { "", NULL },
    { "# only a comment\n", NULL },
    { "01\tក\tKa\tខេត្ត\n", "line 1" },
    { "01\tក\tKa\tខេត្ត\tProvince\textra\n", "line 1" },
    { "1\tក\tKa\tខេត្ត\tProvince\n", "line 1" },
    { "0A\tក\tKa\tខេត្ត\tProvince\n", "line 1" },
    { "02\tក\tKa\tខេត្ត\tProvince\n01\tខ\tKha\tខេត្ត\tProvince\n", "line 2" },
    { "01\tក\tKa\tខេត្ត\tProvince\n01\tក\tKa\tខេត្ត\tProvince\n", "line 2" },
    { "#\n01\tក\tKa\tខេត្ត\tProvince\n0201\tខ\tKha\tស្រុក\tDistrict\n", "line 3" },
    { "01\t\tKa\tខេត្ត\tProvince\n", "line 1" },
    { "01\tក\tKa\tខេត្ត\tProvince\n0101\tខ\tK\xc3\tស្រុក\tDistrict\n", "line 2" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (cases[i].text, strlen (cases[i].text));
      g_autoptr(GError) error = NULL;
      g_autoptr(IsafGazetteer) gazetteer = isaf_gazetteer_new_from_bytes (bytes, &error);

      g_test_message ("case %u", i);
      g_assert_null (gazetteer);
      g_assert_error (error, ISAF_GAZETTEER_ERROR, ISAF_GAZETTEER_ERROR_CORRUPT);
      g_assert_nonnull (strstr (error->message, "convert.py"));
      if (cases[i].line != NULL)
        g_assert_nonnull (strstr (error->message, cases[i].line));
    }
}

/* The default gazetteer answers lookups from the compiled-in text before it builds its
 * index: every unit must come out exactly as the fully parsed gazetteer has it. Runs first,
 * before anything in this process makes the default build its index. */
static void
test_default_lookups_without_index (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafGazetteer) parsed = isaf_gazetteer_load (&error);
  IsafGazetteer *lazy = isaf_gazetteer_get_default ();
  static const char * const unknown[] = { "00", "99", "0199", "019999", "01020199", "", "0",
                                          "012", "abcdef", "0102010", "010201011" };

  g_assert_no_error (error);
  for (IsafGazetteerLevel level = ISAF_GAZETTEER_PROVINCE; level <= ISAF_GAZETTEER_VILLAGE; level++)
    {
      g_autoptr(GPtrArray) all = isaf_gazetteer_search (parsed, level, NULL, "");

      for (guint i = 0; i < all->len; i++)
        {
          const IsafGazetteerEntry *expected = g_ptr_array_index (all, i);
          const IsafGazetteerEntry *found = isaf_gazetteer_lookup (lazy, expected->code);
          const IsafGazetteerEntry *parent = NULL;

          g_assert_nonnull (found);
          g_assert_cmpstr (found->code, ==, expected->code);
          g_assert_cmpstr (found->name_km, ==, expected->name_km);
          g_assert_cmpstr (found->name_latin, ==, expected->name_latin);
          g_assert_cmpstr (found->unit_km, ==, expected->unit_km);
          g_assert_cmpstr (found->unit_en, ==, expected->unit_en);
          g_assert_cmpint (found->level, ==, expected->level);
          /* Looking it up again gives the same entry. */
          g_assert_true (isaf_gazetteer_lookup (lazy, expected->code) == found);

          if (level > ISAF_GAZETTEER_PROVINCE)
            {
              parent = isaf_gazetteer_get_parent (lazy, found);
              g_assert_nonnull (parent);
              g_assert_true (g_str_has_prefix (found->code, parent->code));
              g_assert_cmpint (parent->level, ==, level - 1);
            }
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    g_assert_null (isaf_gazetteer_lookup (lazy, unknown[i]));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gazetteer/default-lookups-without-index", test_default_lookups_without_index);
  g_test_add_func ("/gazetteer/counts", test_counts);
  g_test_add_func ("/gazetteer/lookup-parents", test_lookup_parents);
  g_test_add_func ("/gazetteer/unknown-code", test_unknown_code);
  g_test_add_func ("/gazetteer/wrong-level", test_wrong_level);
  g_test_add_func ("/gazetteer/search/khmer", test_search_khmer);
  g_test_add_func ("/gazetteer/search/latin", test_search_latin);
  g_test_add_func ("/gazetteer/search/scope", test_search_scope);
  g_test_add_func ("/gazetteer/children", test_children);
  g_test_add_func ("/gazetteer/cleaned-names", test_cleaned_names);
  g_test_add_func ("/gazetteer/default-threads", test_default_threads);
  g_test_add_func ("/gazetteer/ref-unref", test_ref_unref);
  g_test_add_func ("/gazetteer/small-file", test_small_file);
  g_test_add_func ("/gazetteer/corrupt", test_corrupt);

  return g_test_run ();
}
