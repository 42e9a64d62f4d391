/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "isaf-database.h"
#include "isaf-pdf-writer.h"
#include "isaf-poster.h"
#include "isaf-poster-data.h"
#include "isaf-print-error.h"
#include "isaf-print-test-helpers.h"

/* I4C posters: made from a realistic demo database and from made-up content, at every size
 * and in both languages; valid PDF files, of the size asked for, with all their text inside
 * the printable area, extractable in logical order, dashes for what is missing, and long
 * names and lists that still fit. */

#define EM_DASH "\u2014"

/* One demo database for the whole run. */
static IsafPrintTestDemo demo;
static const char *isafctl;

static GPtrArray *
load_demo (const char *unit_code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafDatabase) database = isaf_database_open (demo.path, ISAF_DATABASE_OPEN_EXISTING,
                                                         &error);
  GPtrArray *posters;

  g_assert_no_error (error);
  posters = isaf_poster_data_load (database, unit_code, demo.year, &error);
  g_assert_no_error (error);
  isaf_database_close (database);
  return posters;
}

static IsafPosterData *
find_kind (GPtrArray  *posters,
           const char *kind)
{
  for (guint i = 0; i < posters->len; i++)
    {
      IsafPosterData *data = g_ptr_array_index (posters, i);

      if (g_str_equal (data->kind, kind))
        return data;
    }
  g_assert_not_reached ();
}

/* Draws posters with a PDF writer, keeping it for its text boxes, and saves the file. */
static IsafPdfWriter *
draw_posters (GPtrArray          *posters,
              IsafPosterSize      size,
              IsafPosterLanguage  language,
              const char         *path)
{
  g_autoptr(GError) error = NULL;
  IsafPdfWriter *writer = isaf_print_test_new_writer ();

  for (guint i = 0; i < posters->len; i++)
    {
      g_assert_true (isaf_poster_draw (ISAF_CANVAS (writer), g_ptr_array_index (posters, i), size,
                                       language, &error));
      g_assert_no_error (error);
    }
  isaf_print_test_save (ISAF_CANVAS (writer), path);
  return writer;
}

static void
assert_inside_printable (IsafPdfWriter *writer,
                         IsafPosterSize size)
{
  double x, y, width, height;

  isaf_poster_size_get_printable (size, &x, &y, &width, &height);
  isaf_print_test_assert_inside (isaf_canvas_get_text_boxes (ISAF_CANVAS (writer)), x, y, width,
                                 height);
}

/* What a PDF reader finds agrees: every word lies inside the margins across, and its middle
 * inside them down (poppler makes a word as tall as the font's whole ascent and descent). */
static void
assert_words_inside (const char     *pdf,
                     IsafPosterSize  size)
{
  g_autoptr(GArray) words = NULL;
  double x, y, width, height;
  const double slack = 0.5;

  if (!isaf_print_test_need_tool ("pdftotext"))
    return;
  words = isaf_print_test_word_boxes (pdf);
  isaf_poster_size_get_printable (size, &x, &y, &width, &height);
  g_assert_cmpuint (words->len / 4, >, 100);
  for (guint i = 0; i < words->len; i += 4)
    {
      const double *box = &g_array_index (words, double, i);
      double middle = (box[1] + box[3]) / 2;

      g_assert_cmpfloat (box[0], >=, x - slack);
      g_assert_cmpfloat (box[2], <=, x + width + slack);
      g_assert_cmpfloat (middle, >=, y);
      g_assert_cmpfloat (middle, <=, y + height);
    }
}

/* Blocks of text never overlap: each one was given its own room. */
static void
test_demo_content (void)
{
  g_autoptr(GPtrArray) posters = load_demo (NULL);
  IsafPosterData *centre = find_kind (posters, "health_centre");
  IsafPosterData *office = find_kind (posters, "commune_office");
  guint with_last_year = 0;

  /* Every unit of the commune, the commune office first. */
  g_assert_cmpuint (posters->len, ==, 8);
  g_assert_cmpstr (((IsafPosterData *) g_ptr_array_index (posters, 0))->kind, ==,
                   "commune_office");
  g_assert_cmpstr (office->unit_code, ==, "CO-010201");

  g_assert_cmpstr (centre->unit_code, ==, "HC-010201");
  g_assert_cmpint (centre->year, ==, demo.year);
  g_assert_cmpstr (centre->commune.name_km, ==, "បន្ទាយនាង");
  g_assert_cmpstr (centre->commune.unit_km, ==, "ឃុំ");
  g_assert_cmpstr (centre->district.name_en, ==, "Mongkol Borey");
  g_assert_cmpstr (centre->province.name_km, ==, "បន្ទាយមានជ័យ");
  g_assert_nonnull (centre->opening_hours);
  g_assert_true (centre->has_budget_received);
  g_assert_cmpuint (centre->fees->len, ==, 8);
  g_assert_cmpuint (centre->staff->len, >, 0);
  g_assert_nonnull (centre->chief_name);

  /* The national indicator set for health centres, in poster order, with pictograms. */
  g_assert_cmpuint (centre->indicators->len, ==, 5);
  for (guint i = 0; i < centre->indicators->len; i++)
    {
      IsafPosterIndicator *indicator = g_ptr_array_index (centre->indicators, i);

      g_assert_nonnull (indicator->name_km);
      g_assert_nonnull (indicator->pictogram);
      g_assert_true (indicator->has_standard);
      with_last_year += indicator->has_last_year_value;
    }
  g_assert_cmpstr (((IsafPosterIndicator *) g_ptr_array_index (centre->indicators, 0))->code, ==,
                   "hc_anc4");
  g_assert_cmpuint (with_last_year, >, 0);
}

static void
test_demo_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafDatabase) database = isaf_database_open (demo.path, ISAF_DATABASE_OPEN_EXISTING,
                                                         &error);
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) no_cycle = NULL;

  g_assert_no_error (error);
  none = isaf_poster_data_load (database, "NO-SUCH-UNIT", demo.year, &error);
  g_assert_null (none);
  g_assert_error (error, ISAF_PRINT_ERROR, ISAF_PRINT_ERROR_NO_UNIT);
  g_assert_nonnull (strstr (error->message, "NO-SUCH-UNIT"));
  g_clear_error (&error);

  no_cycle = isaf_poster_data_load (database, NULL, 1999, &error);
  g_assert_null (no_cycle);
  g_assert_error (error, ISAF_PRINT_ERROR, ISAF_PRINT_ERROR_NO_CYCLE);
  isaf_database_close (database);
}

/* Every unit's poster, at every size, in both languages. */
static void
test_demo_posters (IsafPrintTestFiles *files,
                   gconstpointer       data)
{
  g_autoptr(GPtrArray) posters = load_demo (NULL);
  const struct {
    IsafPosterSize size;
    const char *name;
  } sizes[] = {
    { ISAF_POSTER_SIZE_A4, "A4" }, { ISAF_POSTER_SIZE_A3, "A3" }, { ISAF_POSTER_SIZE_A2, "A2" },
  };

  if (!isaf_print_test_need_tool ("qpdf") || !isaf_print_test_need_tool ("pdfinfo"))
    return;

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (IsafPosterLanguage language = ISAF_POSTER_LANGUAGE_KHMER;
         language <= ISAF_POSTER_LANGUAGE_BOTH; language++)
      {
        g_autofree char *name = g_strdup_printf ("%s-%u.pdf", sizes[s].name, language);
        g_autofree char *pdf = isaf_print_test_path (files, name);
        g_autoptr(IsafPdfWriter) writer = draw_posters (posters, sizes[s].size, language, pdf);
        double width, height, expected_width, expected_height;
        int n_pages;

        isaf_print_test_assert_qpdf (pdf);
        isaf_print_test_page_size (pdf, &width, &height, &n_pages);
        isaf_poster_size_get_page (sizes[s].size, &expected_width, &expected_height);
        g_assert_cmpint (n_pages, ==, posters->len);
        g_assert_cmpfloat_with_epsilon (width, expected_width, 0.01);
        g_assert_cmpfloat_with_epsilon (height, expected_height, 0.01);
        assert_inside_printable (writer, sizes[s].size);
        isaf_print_test_assert_no_overlap (writer);
        g_assert_cmpuint (isaf_canvas_get_n_pages (ISAF_CANVAS (writer)), ==, posters->len);
        assert_words_inside (pdf, sizes[s].size);
      }
}

/* What a reader extracts: the unit's Khmer name and the indicators' names, each in logical
 * order; on a Khmer poster also one after the other, in the order of the poster. */
static void
test_extracted_text (IsafPrintTestFiles *files,
                     gconstpointer       data)
{
  g_autoptr(GPtrArray) posters = load_demo ("HC-010201");
  IsafPosterData *centre = g_ptr_array_index (posters, 0);

  if (!isaf_print_test_need_tool ("pdftotext"))
    return;

  for (IsafPosterLanguage language = ISAF_POSTER_LANGUAGE_KHMER;
       language <= ISAF_POSTER_LANGUAGE_BOTH; language++)
    {
      g_autofree char *file = g_strdup_printf ("centre-%u.pdf", language);
      g_autofree char *pdf = isaf_print_test_path (files, file);
      g_autoptr(IsafPdfWriter) writer = draw_posters (posters, ISAF_POSTER_SIZE_A3, language, pdf);
      g_autofree char *text = isaf_print_test_pdftotext (pdf);
      g_autofree char *squeezed = isaf_print_test_squeeze (text);
      g_autofree char *name = isaf_print_test_squeeze (centre->name_km);
      const char *from = strstr (squeezed, name);

      g_assert_nonnull (strstr (text, centre->name_km));
      g_assert_nonnull (strstr (text, "ព្រះរាជាណាចក្រកម្ពុជា"));
      g_assert_nonnull (from);
      for (guint i = 0; i < centre->indicators->len; i++)
        {
          IsafPosterIndicator *indicator = g_ptr_array_index (centre->indicators, i);
          g_autofree char *km = isaf_print_test_squeeze (indicator->name_km);
          g_autofree char *en = isaf_print_test_squeeze (indicator->name_en);
          const char *found = strstr (language == ISAF_POSTER_LANGUAGE_KHMER ? from : squeezed,
                                      km);

          if (found == NULL)
            g_error ("“%s” is not in the extracted text where expected", indicator->name_km);
          if (language == ISAF_POSTER_LANGUAGE_BOTH)
            g_assert_nonnull (strstr (squeezed, en));
          from = found + strlen (km);
        }
    }
}

static GPtrArray *
new_poster_list (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) isaf_poster_data_free);
}

static IsafPosterData *
made_up_poster (void)
{
  IsafPosterData *data = isaf_poster_data_new ();
  IsafPosterIndicator *indicator;

  data->unit_code = g_strdup ("HC-TEST");
  data->kind = g_strdup ("health_centre");
  data->name_km = g_strdup ("មណ្ឌលសុខភាពសាកល្បង");
  data->name_en = g_strdup ("Test Health Centre");
  data->commune.name_km = g_strdup ("បន្ទាយនាង");
  data->commune.unit_km = g_strdup ("ឃុំ");
  data->year = 2024;

  /* A value that is missing, though a zero is stored beside it: the poster shows a dash. */
  indicator = isaf_poster_indicator_new ();
  indicator->code = g_strdup ("hc_anc4");
  indicator->name_km = g_strdup ("ស្ត្រីមានផ្ទៃពោះពិនិត្យផ្ទៃពោះ ៤ ដង");
  indicator->name_en = g_strdup ("Pregnant women with four antenatal visits");
  indicator->unit = g_strdup ("%");
  indicator->pictogram = g_strdup ("pregnancy");
  indicator->standard = 80;
  indicator->has_standard = TRUE;
  indicator->higher_is_better = TRUE;
  g_ptr_array_add (data->indicators, indicator);

  /* A value that meets a lower-is-better standard, with a pictogram no one drew yet. */
  indicator = isaf_poster_indicator_new ();
  indicator->code = g_strdup ("hc_waiting");
  indicator->name_km = g_strdup ("ពេលរង់ចាំ");
  indicator->unit = g_strdup ("minutes");
  indicator->pictogram = g_strdup ("hourglass");
  indicator->value = 25;
  indicator->has_value = TRUE;
  indicator->standard = 30;
  indicator->has_standard = TRUE;
  g_ptr_array_add (data->indicators, indicator);

  g_ptr_array_add (data->fees, isaf_poster_fee_new ("ពិគ្រោះជំងឺ", "Consultation", 0));
  return data;
}

static void
test_missing_values (IsafPrintTestFiles *files,
                     gconstpointer       data)
{
  g_autoptr(GPtrArray) posters = new_poster_list ();
  g_autofree char *pdf = isaf_print_test_path (files, "missing.pdf");
  g_autoptr(IsafPdfWriter) writer = NULL;
  g_autofree char *text = NULL;

  g_ptr_array_add (posters, made_up_poster ());
  writer = draw_posters (posters, ISAF_POSTER_SIZE_A3, ISAF_POSTER_LANGUAGE_KHMER, pdf);

  /* The missing value, the missing opening hours, services, staff, budget received and spent,
   * last year's values, and the contacts' names and phones. */
  g_assert_nonnull (isaf_print_test_find_box (writer, EM_DASH));
  g_assert_cmpuint (isaf_print_test_count_boxes (writer, EM_DASH, FALSE), >=, 8);
  g_assert_nonnull (isaf_print_test_find_box (writer, "២៥ minutes"));
  g_assert_null (isaf_print_test_find_box (writer, "០%"));
  g_assert_nonnull (isaf_print_test_find_box (writer, "គ្មានទិន្នន័យ"));
  g_assert_nonnull (isaf_print_test_find_box (writer, "ឥតគិតថ្លៃ"));
  assert_inside_printable (writer, ISAF_POSTER_SIZE_A3);

  if (!isaf_print_test_need_tool ("pdftotext"))
    return;
  text = isaf_print_test_pdftotext (pdf);
  g_assert_nonnull (strstr (text, EM_DASH));
}

/* A 200-character name and a 40-line fee list still fit, on the smallest page too. */
static void
test_long_content (IsafPrintTestFiles *files,
                   gconstpointer       data)
{
  g_autoptr(GPtrArray) posters = load_demo ("HC-010201");
  IsafPosterData *centre = g_ptr_array_index (posters, 0);
  g_autoptr(GString) name = g_string_new (NULL);
  g_autofree char *squeezed_name = NULL;

  while (g_utf8_strlen (name->str, -1) < 200)
    g_string_append (name, "មណ្ឌលសុខភាពបង្អែកស្រុកមង្គលបូរី ");
  g_string_truncate (name, g_utf8_offset_to_pointer (name->str, 200) - name->str);
  g_assert_cmpint (g_utf8_strlen (name->str, -1), ==, 200);
  g_free (centre->name_km);
  centre->name_km = g_strdup (name->str);

  g_ptr_array_set_size (centre->fees, 0);
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *km = g_strdup_printf ("សេវាពិនិត្យ និងព្យាបាលជំងឺប្រភេទទី %u", i + 1);
      g_autofree char *en = g_strdup_printf ("Examination and treatment, type %u", i + 1);

      g_ptr_array_add (centre->fees, isaf_poster_fee_new (km, en, (i % 5) * 2500));
    }

  squeezed_name = isaf_print_test_squeeze (name->str);
  for (IsafPosterSize size = ISAF_POSTER_SIZE_A4; size <= ISAF_POSTER_SIZE_A2; size++)
    for (IsafPosterLanguage language = ISAF_POSTER_LANGUAGE_KHMER;
         language <= ISAF_POSTER_LANGUAGE_BOTH; language++)
      {
        g_autofree char *file = g_strdup_printf ("long-%u-%u.pdf", size, language);
        g_autofree char *pdf = isaf_print_test_path (files, file);
        g_autoptr(IsafPdfWriter) writer = draw_posters (posters, size, language, pdf);
        GArray *boxes = isaf_canvas_get_text_boxes (ISAF_CANVAS (writer));
        gboolean name_whole = FALSE;

        assert_inside_printable (writer, size);
        isaf_print_test_assert_no_overlap (writer);
        /* Nothing is cut: the whole name is one block, and every fee is there. */
        for (guint i = 0; i < boxes->len; i++)
          {
            const IsafTextBox *box = &g_array_index (boxes, IsafTextBox, i);
            g_autofree char *squeezed = isaf_print_test_squeeze (box->text);

            name_whole |= g_str_equal (squeezed, squeezed_name);
          }
        g_assert_true (name_whole);
        for (guint i = 0; i < 40; i++)
          {
            g_autofree char *km = g_strdup_printf ("សេវាពិនិត្យ និងព្យាបាលជំងឺប្រភេទទី %u", i + 1);

            g_assert_nonnull (isaf_print_test_find_box (writer, km));
          }
        if (size == ISAF_POSTER_SIZE_A3 && language == ISAF_POSTER_LANGUAGE_KHMER
            && isaf_print_test_need_tool ("qpdf"))
          isaf_print_test_assert_qpdf (pdf);
      }
}

/* Content that cannot fit even in the smallest type is refused, not cut. */
static void
test_does_not_fit (void)
{
  g_autoptr(GPtrArray) posters = new_poster_list ();
  IsafPosterData *data = made_up_poster ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;

  for (guint i = 0; i < 600; i++)
    g_ptr_array_add (data->fees, isaf_poster_fee_new ("សេវាពិនិត្យ និងព្យាបាលជំងឺ", NULL, 1000));
  g_ptr_array_add (posters, data);
  pdf = isaf_poster_render_pdf (posters, ISAF_POSTER_SIZE_A4, ISAF_POSTER_LANGUAGE_KHMER, &error);
  g_assert_null (pdf);
  g_assert_error (error, ISAF_PRINT_ERROR, ISAF_PRINT_ERROR_DOES_NOT_FIT);
  g_assert_nonnull (strstr (error->message, "A4"));
}

static void
on_async_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

/* What the window uses: content read on the database thread, the PDF made on a worker. */
static void
test_async (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafDatabase) database = isaf_database_open (demo.path, ISAF_DATABASE_OPEN_EXISTING,
                                                         &error);
  g_autoptr(GAsyncResult) loaded = NULL;
  g_autoptr(GAsyncResult) rendered = NULL;
  g_autoptr(GPtrArray) posters = NULL;
  g_autoptr(GBytes) pdf = NULL;

  g_assert_no_error (error);
  isaf_poster_data_load_async (database, NULL, demo.year, NULL, on_async_done_cb, &loaded);
  posters = isaf_poster_data_load_finish (database, wait_for (&loaded), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (posters->len, ==, 8);

  isaf_poster_render_pdf_async (posters, ISAF_POSTER_SIZE_A4, ISAF_POSTER_LANGUAGE_KHMER, NULL,
                                on_async_done_cb, &rendered);
  pdf = isaf_poster_render_pdf_finish (wait_for (&rendered), &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (pdf, NULL), "%PDF-"));
  isaf_database_close (database);
}

static void
test_parse_options (void)
{
  IsafPosterSize size = ISAF_POSTER_SIZE_A3;
  IsafPosterLanguage language = ISAF_POSTER_LANGUAGE_KHMER;

  g_assert_true (isaf_poster_size_parse ("a4", &size));
  g_assert_cmpint (size, ==, ISAF_POSTER_SIZE_A4);
  g_assert_true (isaf_poster_size_parse ("A2", &size));
  g_assert_cmpint (size, ==, ISAF_POSTER_SIZE_A2);
  g_assert_false (isaf_poster_size_parse ("A5", &size));
  g_assert_false (isaf_poster_size_parse (NULL, &size));
  g_assert_true (isaf_poster_language_parse ("both", &language));
  g_assert_cmpint (language, ==, ISAF_POSTER_LANGUAGE_BOTH);
  g_assert_false (isaf_poster_language_parse ("en", &language));
}

static int
run_isafctl (char       **out,
             char       **err,
             char       **envp,
             const char  *db,
             const char  *first,
             ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  va_list list;

  g_strv_builder_add_many (builder, isafctl, "--db", db, "poster", NULL);
  va_start (list, first);
  for (const char *arg = first; arg; arg = va_arg (list, const char *))
    g_strv_builder_add (builder, arg);
  va_end (list);
  argv = g_strv_builder_end (builder);

  g_spawn_sync (NULL, argv, envp, (out ? 0 : G_SPAWN_STDOUT_TO_DEV_NULL)
                                    | (err ? 0 : G_SPAWN_STDERR_TO_DEV_NULL),
                NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
  return 0;
}

static void
test_isafctl (IsafPrintTestFiles *files,
              gconstpointer       data)
{
  g_autofree char *year = g_strdup_printf ("%d", demo.year);
  g_autofree char *one = isaf_print_test_path (files, "one.pdf");
  g_autofree char *again = isaf_print_test_path (files, "again.pdf");
  g_autofree char *all = isaf_print_test_path (files, "all.pdf");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  gsize first_length = 0, second_length = 0;
  double width, height;
  int n_pages;

  if (!isaf_print_test_need_tool ("pdfinfo"))
    return;

  g_assert_cmpint (run_isafctl (&out, NULL, NULL, demo.path, "--unit", "HC-010201", "--year",
                                year, "--output", one, NULL), ==, 0);
  g_assert_nonnull (strstr (out, one));
  /* The same poster from another process is the same file, byte for byte. */
  g_assert_cmpint (run_isafctl (NULL, NULL, NULL, demo.path, "--unit", "HC-010201", "--year",
                                year, "--output", again, NULL), ==, 0);
  g_file_get_contents (one, &first, &first_length, NULL);
  g_file_get_contents (again, &second, &second_length, NULL);
  g_assert_nonnull (first);
  g_assert_cmpmem (first, first_length, second, second_length);
  isaf_print_test_page_size (one, &width, &height, &n_pages);
  g_assert_cmpint (n_pages, ==, 1);
  g_assert_cmpfloat_with_epsilon (width, 841.89, 0.01);

  g_assert_cmpint (run_isafctl (NULL, NULL, NULL, demo.path, "--all", "--year", year, "--size",
                                "A4", "--lang", "both", "--output", all, NULL), ==, 0);
  isaf_print_test_page_size (all, &width, &height, &n_pages);
  g_assert_cmpint (n_pages, ==, 8);
  g_assert_cmpfloat_with_epsilon (height, 841.89, 0.01);

  /* Usage mistakes exit with 2, failures with 1 and a sentence saying why. */
  g_assert_cmpint (run_isafctl (NULL, NULL, NULL, demo.path, "--year", year, "--output", one,
                                NULL), ==, 2);
  g_assert_cmpint (run_isafctl (NULL, NULL, NULL, demo.path, "--unit", "HC-010201", "--all",
                                "--year", year, "--output", one, NULL), ==, 2);
  g_assert_cmpint (run_isafctl (NULL, NULL, NULL, demo.path, "--all", "--year", year, "--size",
                                "A5", "--output", one, NULL), ==, 2);
  g_assert_cmpint (run_isafctl (NULL, NULL, NULL, demo.path, "--all", "--year", year, "--lang",
                                "fr", "--output", one, NULL), ==, 2);
  g_assert_cmpint (run_isafctl (NULL, NULL, NULL, demo.path, "--all", "--output", one, NULL), ==,
                   2);
  g_assert_cmpint (run_isafctl (NULL, NULL, NULL, demo.path, "--all", "--year", year, NULL), ==, 2);
  g_assert_cmpint (run_isafctl (NULL, &err, NULL, demo.path, "--unit", "XX-1", "--year", year,
                                "--output", one, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "XX-1"));
}

/* Without the Khmer fonts, isafctl says which Debian package to install. */
static void
test_isafctl_missing_font (IsafPrintTestFiles *files,
                           gconstpointer       data)
{
  g_autofree char *year = g_strdup_printf ("%d", demo.year);
  g_autofree char *pdf = isaf_print_test_path (files, "none.pdf");
  g_autofree char *fonts = isaf_print_test_path (files, "fonts");
  g_autofree char *cache = isaf_print_test_path (files, "cache");
  g_autofree char *config = isaf_print_test_path (files, "fonts.conf");
  g_autofree char *text = g_strdup_printf ("<?xml version=\"1.0\"?>\n<fontconfig><dir>%s</dir>"
                                           "<cachedir>%s</cachedir></fontconfig>\n",
                                           fonts, cache);
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "FONTCONFIG_FILE", config, TRUE);
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (fonts, 0700), ==, 0);
  g_file_set_contents (config, text, -1, &error);
  g_assert_no_error (error);

  g_assert_cmpint (run_isafctl (NULL, &err, envp, demo.path, "--unit", "HC-010201", "--year",
                                year, "--output", pdf, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "fonts-khmeros"));
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  isafctl = g_getenv ("ISAFCTL");
  isaf_print_test_demo_make (&demo);

  g_test_add_func ("/print/poster/demo-content", test_demo_content);
  g_test_add_func ("/print/poster/demo-errors", test_demo_errors);
  isaf_print_test_add ("/print/poster/demo-posters", test_demo_posters);
  isaf_print_test_add ("/print/poster/extracted-text", test_extracted_text);
  isaf_print_test_add ("/print/poster/missing-values", test_missing_values);
  isaf_print_test_add ("/print/poster/long-content", test_long_content);
  g_test_add_func ("/print/poster/does-not-fit", test_does_not_fit);
  g_test_add_func ("/print/poster/async", test_async);
  g_test_add_func ("/print/poster/parse-options", test_parse_options);
  if (isafctl)
    {
      isaf_print_test_add ("/print/poster/isafctl", test_isafctl);
      isaf_print_test_add ("/print/poster/isafctl-missing-font", test_isafctl_missing_font);
    }

  status = g_test_run ();
  isaf_print_test_demo_clear (&demo);
  return status;
}
