/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "isaf-database.h"
#include "isaf-interface-report.h"
#include "isaf-interface-sheet.h"
#include "isaf-pdf-writer.h"
#include "isaf-print-error.h"
#include "isaf-print-test-helpers.h"
#include "isaf-scorecard-report.h"
#include "isaf-scorecard-sheet.h"
#include "isaf-sheet-layout.h"

/* The scorecard result sheets and the interface comparison sheets: made from a realistic demo
 * database and from made-up scorecards (60 participants and 10 indicators; a tally sheet;
 * none selected; notes too long for a page), in both languages; valid A4 PDF files whose text
 * lies inside the margins without overlapping, with the figures the votes give, and the
 * large gaps named in words and drawn in red. */

#define EM_DASH "\u2014"

/* One demo database for the whole run. */
static IsafPrintTestDemo demo;

static IsafDatabase *
open_demo (void)
{
  g_autoptr(GError) error = NULL;
  IsafDatabase *database = isaf_database_open (demo.path, ISAF_DATABASE_OPEN_READ_ONLY, &error);

  g_assert_no_error (error);
  return database;
}

/* Checks ----------------------------------------------------------------------------------- */

typedef gboolean (*DrawFunc) (IsafCanvas        *canvas,
                              gconstpointer      item,
                              IsafPosterLanguage language,
                              GError           **error);

static gboolean
draw_scorecard (IsafCanvas        *canvas,
                gconstpointer      item,
                IsafPosterLanguage language,
                GError           **error)
{
  const IsafScorecardReport *report = item;

  return isaf_sheet_draw_each (canvas, (IsafSheetDrawFunc) isaf_scorecard_sheet_draw, report,
                               report->entries, language, error);
}

static gboolean
draw_interface (IsafCanvas        *canvas,
                gconstpointer      item,
                IsafPosterLanguage language,
                GError           **error)
{
  const IsafInterfaceReport *report = item;

  return isaf_sheet_draw_each (canvas, (IsafSheetDrawFunc) isaf_interface_sheet_draw, report,
                               report->meetings, language, error);
}

/* Draws with a PDF writer, kept for its text boxes, and saves the file. */
static IsafPdfWriter *
draw_to (DrawFunc            draw,
         gconstpointer       item,
         IsafPosterLanguage  language,
         const char         *path)
{
  g_autoptr(GError) error = NULL;
  IsafPdfWriter *writer = isaf_print_test_new_writer ();

  g_assert_true (draw (ISAF_CANVAS (writer), item, language, &error));
  g_assert_no_error (error);
  isaf_print_test_save (ISAF_CANVAS (writer), path);
  return writer;
}

/* Every block of text inside the margins, and none over another. */
static void
assert_laid_out (IsafPdfWriter *writer)
{
  GArray *boxes = isaf_canvas_get_text_boxes (ISAF_CANVAS (writer));
  IsafSheet sheet;

  isaf_sheet_init (&sheet, ISAF_CANVAS (writer), ISAF_POSTER_LANGUAGE_KHMER);
  isaf_print_test_assert_inside (boxes, sheet.left, sheet.top, sheet.width,
                                 sheet.bottom - sheet.top);
  isaf_print_test_assert_no_overlap (writer);
}

/* Pixels that are plainly red, or that are not white. */
static guint
count_pixels (cairo_surface_t *page,
              gboolean         red_only)
{
  int width = cairo_image_surface_get_width (page);
  int height = cairo_image_surface_get_height (page);
  int stride = cairo_image_surface_get_stride (page);
  const guint8 *data;
  guint n = 0;

  cairo_surface_flush (page);
  data = cairo_image_surface_get_data (page);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 pixel = *(const guint32 *) (data + y * stride + 4 * x);
        int red = (pixel >> 16) & 0xff, green = (pixel >> 8) & 0xff, blue = pixel & 0xff;

        n += red_only ? red > 150 && green < 70 && blue < 70
                      : red < 235 || green < 235 || blue < 235;
      }
  return n;
}

static guint
count_red_pixels (const char *pdf)
{
  cairo_surface_t *page = isaf_print_test_render_page (pdf, 50);
  guint n = count_pixels (page, TRUE);

  cairo_surface_destroy (page);
  return n;
}

/* qpdf finds the file sound, pdfinfo finds @n_pages A4 pages, and poppler draws them. */
static void
assert_valid_pdf (const char *pdf,
                  guint       n_pages)
{
  double width, height;
  int pages;
  cairo_surface_t *page;

  if (!isaf_print_test_need_tool ("qpdf") || !isaf_print_test_need_tool ("pdfinfo")
      || !isaf_print_test_need_tool ("pdftoppm"))
    return;
  isaf_print_test_assert_qpdf (pdf);
  isaf_print_test_page_size (pdf, &width, &height, &pages);
  g_assert_cmpfloat_with_epsilon (width, 595.28, 0.01);
  g_assert_cmpfloat_with_epsilon (height, 841.89, 0.01);
  g_assert_cmpint (pages, ==, n_pages);
  page = isaf_print_test_render_page (pdf, 30);
  g_assert_cmpint (abs (cairo_image_surface_get_width (page) - (int) (595.28 * 30 / 72)), <=, 1);
  g_assert_cmpuint (count_pixels (page, FALSE), >, 0.05 * cairo_image_surface_get_width (page)
                                                    * cairo_image_surface_get_height (page));
  cairo_surface_destroy (page);
}

/* Made-up scorecards ------------------------------------------------------------------------ */

static IsafScorecardReportEntry *
add_entry (IsafScorecardReport *report,
           IsafScorecard       *scorecard)
{
  IsafScorecardReportEntry *entry = isaf_scorecard_report_entry_new (scorecard);

  entry->unit_code = g_strdup ("HC-TEST");
  entry->unit_kind = g_strdup ("health_centre");
  entry->unit_name_km = g_strdup ("មណ្ឌលសុខភាពសាកល្បង");
  entry->unit_name_en = g_strdup ("Test Health Centre");
  g_ptr_array_add (entry->facilitators, g_strdup ("សុខ ចាន់ធា"));
  g_ptr_array_add (entry->facilitators, g_strdup ("ហេង សុភាព"));
  isaf_record_set_text (scorecard->record, "held_on", "2025-04-17");
  isaf_record_set_text (scorecard->record, "place", "វត្តបន្ទាយនាង");
  g_ptr_array_add (report->entries, entry);
  return entry;
}

static const char *indicator_names[] = {
  "បុគ្គលិកស្វាគមន៍អ្នកជំងឺដោយរួសរាយ", "ពេលរង់ចាំមិនយូរ", "មានទឹកស្អាតប្រើប្រាស់",
  "បង្គន់អនាម័យស្អាត", "តម្លៃសេវាបិទផ្សាយច្បាស់លាស់", "មានថ្នាំគ្រប់គ្រាន់",
  "បុគ្គលិកមកធ្វើការទៀងទាត់", "មានឆ្មបប្រចាំការពេលយប់", "ការពន្យល់ពីរបៀបប្រើថ្នាំ",
  "ការគោរពឯកជនភាពអ្នកជំងឺ", "មិនបានជ្រើសរើសទី១", "មិនបានជ្រើសរើសទី២",
};

/* 60 participants, two of them anonymous, and ten selected indicators of twelve. The first
 * indicator everybody who votes scores 5 (the anonymous give 1, which must not count); the
 * second is split evenly between 2 and 3. */
static IsafScorecard *
large_scorecard (void)
{
  IsafScorecard *scorecard = isaf_scorecard_new (2025, "csc");

  isaf_record_set_text (scorecard->record, "status", "done");
  for (guint p = 0; p < 60; p++)
    {
      IsafRecord *participant = isaf_scorecard_add_participant (scorecard);

      isaf_record_set_text (participant, "sex", p % 2 == 0 ? "f" : "m");
      isaf_record_set_boolean (participant, "is_youth", p % 6 == 0);
      isaf_record_set_boolean (participant, "has_disability", p % 20 == 0);
      isaf_record_set_boolean (participant, "is_ethnic_minority", FALSE);
      isaf_record_set_boolean (participant, "is_id_poor", p % 4 == 0);
      isaf_record_set_boolean (participant, "is_anonymous", p >= 58);
    }
  for (guint i = 0; i < G_N_ELEMENTS (indicator_names); i++)
    {
      g_autofree char *english = g_strdup_printf ("Indicator number %u", i + 1);
      IsafScorecardIndicator *indicator = isaf_scorecard_add_indicator (scorecard, NULL,
                                                                        indicator_names[i],
                                                                        english);

      isaf_record_set_boolean (indicator->record, "is_selected", i < 10);
      for (guint p = 0; p < 60; p++)
        {
          guint8 score = i == 0   ? (p >= 58 ? 1 : 5)
                         : i == 1 ? (p < 29 ? 2 : 3)
                                  : (p * 7 + i * 3) % 5 + 1;

          g_array_index (indicator->scores, guint8, p) = score;
        }
      g_ptr_array_add (indicator->notes[ISAF_NOTE_STRENGTH],
                       g_strdup ("បុគ្គលិកមានចំណេះដឹង និងយកចិត្តទុកដាក់ចំពោះអ្នកជំងឺ"));
      g_ptr_array_add (indicator->notes[ISAF_NOTE_WEAKNESS],
                       g_strdup ("ពេលខ្លះបុគ្គលិកមកយឺត ហើយអ្នកជំងឺត្រូវរង់ចាំយូរនៅពេលព្រឹក"));
      g_ptr_array_add (indicator->notes[ISAF_NOTE_SUGGESTION],
                       g_strdup ("រៀបចំតារាងវេនប្រចាំការ ហើយបិទផ្សាយនៅមុខមណ្ឌលសុខភាព"));
      if (i % 3 == 0)
        g_ptr_array_add (indicator->notes[ISAF_NOTE_SUGGESTION],
                         g_strdup ("ស្នើសុំក្រុមប្រឹក្សាឃុំជួយថវិកាសម្រាប់ជួសជុលអគារ និងទិញសម្ភារៈ"
                                   "បន្ថែមសម្រាប់បន្ទប់រង់ចាំ ដើម្បីឱ្យអ្នកជំងឺមានកន្លែងអង្គុយ"));
    }
  return scorecard;
}

/* A 60-participant, 10-indicator scorecard: on one A4 page, inside the margins, nothing over
 * anything, every selected indicator and nothing else, and the figures its votes give. */
static void
test_large_scorecard (IsafPrintTestFiles *files,
                      gconstpointer       data)
{
  g_autoptr(IsafScorecardReport) report = isaf_scorecard_report_new (2025, "010201");
  g_autoptr(IsafScorecard) scorecard = large_scorecard ();

  add_entry (report, scorecard);
  for (IsafPosterLanguage language = ISAF_POSTER_LANGUAGE_KHMER;
       language <= ISAF_POSTER_LANGUAGE_BOTH; language++)
    {
      g_autofree char *name = g_strdup_printf ("large-%u.pdf", language);
      g_autofree char *pdf = isaf_print_test_path (files, name);
      g_autoptr(IsafPdfWriter) writer = draw_to (draw_scorecard, report, language, pdf);
      gboolean khmer = language == ISAF_POSTER_LANGUAGE_KHMER;
      guint n_pages = isaf_canvas_get_n_pages (ISAF_CANVAS (writer));

      assert_laid_out (writer);
      /* One page in Khmer; English under every line may take a second. */
      g_assert_cmpuint (n_pages, <=, khmer ? 1 : 2);
      assert_valid_pdf (pdf, n_pages);
      for (guint i = 0; i < G_N_ELEMENTS (indicator_names); i++)
        {
          g_autofree char *ascii = g_strdup_printf ("%u", i + 1);
          g_autofree char *number = isaf_format_digits (ascii, khmer ? ISAF_DIGITS_KHMER
                                                                     : ISAF_DIGITS_WESTERN);
          g_autofree char *row = g_strdup_printf ("%s. %s", number, indicator_names[i]);

          g_assert_cmpuint (isaf_print_test_count_boxes (writer, row, TRUE), ==, i < 10 ? 1 : 0);
          g_assert_cmpuint (isaf_print_test_count_boxes (writer, indicator_names[i], FALSE), ==,
                            i < 10 ? 1 : 0);
        }
      /* English only on bilingual sheets. */
      g_assert_true ((isaf_print_test_find_box (writer, "Indicator number 1") != NULL) == !khmer);
      if (khmer)
        {
          /* The anonymous do not count: 58 votes of 5. */
          g_assert_cmpuint (isaf_print_test_count_boxes (writer, "មេដ្យាន ៥.០", TRUE), ==, 1);
          g_assert_cmpuint (isaf_print_test_count_boxes (writer, "មធ្យមភាគ ៥.០០", TRUE), ==, 1);
          g_assert_cmpuint (isaf_print_test_count_boxes (writer, "៥៨ (១០០%)", TRUE), ==, 1);
          g_assert_cmpuint (isaf_print_test_count_boxes (writer, "មេដ្យាន ២.៥", TRUE), ==, 1);
          g_assert_cmpuint (isaf_print_test_count_boxes (writer, "មធ្យមភាគ ២.៥០", TRUE), ==, 1);
          g_assert_cmpuint (isaf_print_test_count_boxes (writer, "៦០ នាក់ · ស្រី ៣០ · ប្រុស ៣០",
                                                         TRUE), ==, 1);
          g_assert_cmpuint (isaf_print_test_count_boxes (writer,
                                                         "៥៨ នាក់ (អនាមិក ២ នាក់ មិនដាក់ពិន្ទុ)",
                                                         TRUE), ==, 1);
          g_assert_cmpuint (isaf_print_test_count_boxes (writer, "យុវជន ១០ · ជនមានពិការភាព ៣ · "
                                                         "ជនជាតិដើមភាគតិច ០ · ប័ណ្ណក្រីក្រ ១៥",
                                                         TRUE), ==, 1);
          g_assert_cmpuint (isaf_print_test_count_boxes (writer, "សុខ ចាន់ធា, ហេង សុភាព", TRUE),
                            ==, 1);
          g_assert_cmpuint (isaf_print_test_count_boxes (writer, "១៧ មេសា ២០២៥", TRUE), ==, 1);
          /* Every suggestion of the ten rows, each whole in its own block. */
          g_assert_cmpuint (isaf_print_test_count_boxes (writer, "• ស្នើសុំក្រុមប្រឹក្សាឃុំ",
                                                         FALSE), ==, 4);
        }
      else
        {
          g_assert_nonnull (isaf_print_test_find_box (writer, "Median"));
          g_assert_cmpuint (isaf_print_test_count_boxes (writer,
                                                         "60 នាក់/people · ស្រី/F 30 · ប្រុស/M 30",
                                                         TRUE), ==, 1);
        }
    }
}

/* Counted on a tally sheet and by hand: the sheet shows the counts, a dash for what nobody
 * counted, and the results of the tally. */
static void
test_tally_scorecard (IsafPrintTestFiles *files,
                      gconstpointer       data)
{
  g_autoptr(IsafScorecardReport) report = isaf_scorecard_report_new (2025, "010201");
  g_autoptr(IsafScorecard) scorecard = isaf_scorecard_new (2025, "ssa");
  g_autofree char *pdf = isaf_print_test_path (files, "tally.pdf");
  g_autoptr(IsafPdfWriter) writer = NULL;
  IsafScorecardIndicator *indicator;
  const gint64 tally[ISAF_N_SCORES] = { 1, 0, 4, 3, 1 };

  scorecard->participants_one_by_one = FALSE;
  scorecard->votes_one_by_one = FALSE;
  scorecard->participant_counts[ISAF_ATTENDANCE_WOMEN] = 5;
  scorecard->participant_counts[ISAF_ATTENDANCE_MEN] = 4;
  scorecard->participant_counts[ISAF_ATTENDANCE_YOUTH] = 2;
  indicator = isaf_scorecard_add_indicator (scorecard, "csc_hc_01", "ការស្វាគមន៍", NULL);
  isaf_record_set_boolean (indicator->record, "is_selected", TRUE);
  memcpy (indicator->tally.counts, tally, sizeof tally);
  add_entry (report, scorecard);

  writer = draw_to (draw_scorecard, report, ISAF_POSTER_LANGUAGE_KHMER, pdf);
  assert_laid_out (writer);
  assert_valid_pdf (pdf, 1);
  g_assert_cmpuint (isaf_print_test_count_boxes (writer, "៩ នាក់ · ស្រី ៥ · ប្រុស ៤", TRUE),
                    ==, 1);
  g_assert_cmpuint (isaf_print_test_count_boxes (writer, "យុវជន ២ · ជនមានពិការភាព " EM_DASH
                                                 " · ជនជាតិដើមភាគតិច " EM_DASH
                                                 " · ប័ណ្ណក្រីក្រ " EM_DASH, TRUE), ==, 1);
  g_assert_cmpuint (isaf_print_test_count_boxes (writer, "មេដ្យាន ៣.០", TRUE), ==, 1);
  g_assert_cmpuint (isaf_print_test_count_boxes (writer, "មធ្យមភាគ ៣.៣៣", TRUE), ==, 1);
  g_assert_cmpuint (isaf_print_test_count_boxes (writer, "៤ (៤៤%)", TRUE), ==, 1);
  /* A self-assessment, a draft, and notes nobody wrote. */
  g_assert_cmpuint (isaf_print_test_count_boxes (writer, "លទ្ធផលការវាយតម្លៃខ្លួនឯង"
                                                 "របស់អ្នកផ្ដល់សេវា ឆ្នាំ២០២៥", TRUE), ==, 1);
  g_assert_cmpuint (isaf_print_test_count_boxes (writer, "សេចក្ដីព្រាង មិនទាន់បញ្ចប់", TRUE),
                    ==, 1);
  g_assert_cmpuint (isaf_print_test_count_boxes (writer, EM_DASH, TRUE), ==, 3);
}

/* No indicator selected yet: a sheet that says so; no vote: a dash, never a zero median. */
static void
test_nothing_scored (IsafPrintTestFiles *files,
                     gconstpointer       data)
{
  g_autoptr(IsafScorecardReport) report = isaf_scorecard_report_new (2025, "010201");
  g_autoptr(IsafScorecard) none_selected = isaf_scorecard_new (2025, "csc");
  g_autoptr(IsafScorecard) no_votes = isaf_scorecard_new (2025, "csc");
  g_autofree char *pdf = isaf_print_test_path (files, "nothing.pdf");
  g_autoptr(IsafPdfWriter) writer = NULL;
  IsafScorecardIndicator *indicator;

  isaf_scorecard_add_indicator (none_selected, NULL, "បានលើកឡើងតែមិនបានជ្រើសរើស", NULL);
  add_entry (report, none_selected);
  isaf_scorecard_add_participant (no_votes);
  indicator = isaf_scorecard_add_indicator (no_votes, NULL, "គ្មានអ្នកដាក់ពិន្ទុ", NULL);
  isaf_record_set_boolean (indicator->record, "is_selected", TRUE);
  add_entry (report, no_votes);

  writer = draw_to (draw_scorecard, report, ISAF_POSTER_LANGUAGE_KHMER, pdf);
  assert_laid_out (writer);
  assert_valid_pdf (pdf, 2);
  g_assert_cmpuint (isaf_print_test_count_boxes (writer,
                                                 "មិនទាន់មានសូចនាករដែលបានជ្រើសរើសសម្រាប់ដាក់ពិន្ទុ",
                                                 TRUE), ==, 1);
  g_assert_cmpuint (isaf_print_test_count_boxes (writer, "បានលើកឡើងតែមិនបានជ្រើសរើស", FALSE),
                    ==, 0);
  g_assert_cmpuint (isaf_print_test_count_boxes (writer, "មេដ្យាន " EM_DASH, TRUE), ==, 1);
  g_assert_cmpuint (isaf_print_test_count_boxes (writer, "មធ្យមភាគ " EM_DASH, TRUE), ==, 1);
  g_assert_cmpuint (isaf_print_test_count_boxes (writer, "មេដ្យាន ០", FALSE), ==, 0);
}

/* Notes that cannot fit on a page even in the smallest type are refused, not cut. */
static void
test_does_not_fit (void)
{
  g_autoptr(IsafScorecardReport) report = isaf_scorecard_report_new (2025, "010201");
  g_autoptr(IsafScorecard) scorecard = isaf_scorecard_new (2025, "csc");
  IsafScorecardIndicator *indicator = isaf_scorecard_add_indicator (scorecard, NULL, "សូចនាករ",
                                                                    NULL);
  g_autoptr(GString) note = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;

  isaf_record_set_boolean (indicator->record, "is_selected", TRUE);
  while (g_utf8_strlen (note->str, -1) < 1900)
    g_string_append (note, "អ្នកជំងឺត្រូវរង់ចាំយូរ ");
  for (guint i = 0; i < 40; i++)
    g_ptr_array_add (indicator->notes[ISAF_NOTE_WEAKNESS], g_strdup (note->str));
  add_entry (report, scorecard);

  pdf = isaf_scorecard_sheet_render_pdf (report, ISAF_POSTER_LANGUAGE_KHMER, &error);
  g_assert_null (pdf);
  g_assert_error (error, ISAF_PRINT_ERROR, ISAF_PRINT_ERROR_DOES_NOT_FIT);
  g_assert_nonnull (strstr (error->message, "មណ្ឌលសុខភាពសាកល្បង"));
}

/* The demo's sheets ------------------------------------------------------------------------ */

/* Every scorecard of the demo's last year, one sheet each starting on its own page, the unit's
 * name in the text a reader extracts. */
static void
test_demo_scorecards (IsafPrintTestFiles *files,
                      gconstpointer       data)
{
  g_autoptr(IsafDatabase) database = open_demo ();
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafScorecardReport) report = isaf_scorecard_report_load (database, demo.year, NULL,
                                                                      &error);

  g_assert_no_error (error);
  g_assert_cmpuint (report->entries->len, ==, 19 + 7 + 8);
  for (IsafPosterLanguage language = ISAF_POSTER_LANGUAGE_KHMER;
       language <= ISAF_POSTER_LANGUAGE_BOTH; language++)
    {
      g_autofree char *name = g_strdup_printf ("demo-%u.pdf", language);
      g_autofree char *pdf = isaf_print_test_path (files, name);
      g_autoptr(IsafPdfWriter) writer = draw_to (draw_scorecard, report, language, pdf);
      GArray *boxes = isaf_canvas_get_text_boxes (ISAF_CANVAS (writer));
      guint n_pages = isaf_canvas_get_n_pages (ISAF_CANVAS (writer));
      guint last_page = G_MAXUINT, n_sheets = 0;
      g_autofree char *text = NULL;

      assert_laid_out (writer);
      assert_valid_pdf (pdf, n_pages);
      g_assert_cmpuint (n_pages, >=, report->entries->len);
      /* Each sheet's title band opens a page of its own. */
      for (guint i = 0; i < boxes->len; i++)
        {
          const IsafTextBox *box = &g_array_index (boxes, IsafTextBox, i);

          if (g_str_has_prefix (box->text, "លទ្ធផល"))
            {
              g_assert_cmpuint (box->page, !=, last_page);
              last_page = box->page;
              n_sheets++;
            }
        }
      g_assert_cmpuint (n_sheets, ==, report->entries->len);
      if (!isaf_print_test_need_tool ("pdftotext"))
        continue;
      text = isaf_print_test_pdftotext (pdf);
      for (guint i = 0; i < report->entries->len; i++)
        {
          const IsafScorecardReportEntry *entry = g_ptr_array_index (report->entries, i);

          g_assert_nonnull (strstr (text, entry->unit_name_km));
        }
      g_assert_nonnull (strstr (text, "មេដ្យាន"));
    }
}

/* The demo's interface meeting: every large gap named in words. */
static void
test_demo_interface (IsafPrintTestFiles *files,
                     gconstpointer       data)
{
  g_autoptr(IsafDatabase) database = open_demo ();
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafInterfaceReport) report = isaf_interface_report_load (database, demo.year, &error);
  g_autofree char *pdf = isaf_print_test_path (files, "interface.pdf");
  g_autoptr(IsafPdfWriter) writer = NULL;
  g_autoptr(IsafPdfWriter) both = NULL;
  g_autofree char *both_pdf = isaf_print_test_path (files, "interface-both.pdf");
  const IsafInterfaceReportMeeting *meeting;
  guint n_large = 0, n_rows = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (report->meetings->len, ==, 1);
  meeting = g_ptr_array_index (report->meetings, 0);
  g_assert_cmpuint (meeting->units->len, ==, 8);
  for (guint u = 0; u < meeting->units->len; u++)
    {
      const IsafInterfaceReportUnit *unit = g_ptr_array_index (meeting->units, u);

      g_assert_nonnull (unit->name_km);
      for (guint i = 0; i < unit->comparisons->len; i++)
        {
          double gap;

          n_rows++;
          if (isaf_interface_comparison_get_gap (g_ptr_array_index (unit->comparisons, i), &gap)
              && fabs (gap) >= 1.0)
            n_large++;
        }
    }
  g_assert_cmpuint (n_large, >, 0);

  writer = draw_to (draw_interface, report, ISAF_POSTER_LANGUAGE_KHMER, pdf);
  assert_laid_out (writer);
  assert_valid_pdf (pdf, isaf_canvas_get_n_pages (ISAF_CANVAS (writer)));
  g_assert_cmpuint (isaf_print_test_count_boxes (writer, " · គម្លាតធំ", FALSE), ==, n_large);
  for (guint u = 0; u < meeting->units->len; u++)
    {
      const IsafInterfaceReportUnit *unit = g_ptr_array_index (meeting->units, u);

      g_assert_nonnull (isaf_print_test_find_box (writer, unit->name_km));
    }

  both = draw_to (draw_interface, report, ISAF_POSTER_LANGUAGE_BOTH, both_pdf);
  assert_laid_out (both);
  g_assert_cmpuint (isaf_print_test_count_boxes (both, ": large", FALSE), ==, n_large);
  g_assert_cmpuint (isaf_print_test_count_boxes (both, "Provider scored higher", TRUE)
                    + isaf_print_test_count_boxes (both, "Citizens scored higher", TRUE)
                    + isaf_print_test_count_boxes (both, "Same score", TRUE)
                    + isaf_print_test_count_boxes (both, "No citizens’ score", TRUE)
                    + isaf_print_test_count_boxes (both, "No provider’s score", TRUE), ==, n_rows);
}

/* Made-up comparisons ------------------------------------------------------------------------ */

static IsafInterfaceComparison *
comparison_new (const char *name_km,
                double      citizen,
                double      provider)
{
  IsafInterfaceComparison *comparison = g_new0 (IsafInterfaceComparison, 1);

  comparison->name_km = g_strdup (name_km);
  comparison->suggestions = g_ptr_array_new_with_free_func (g_free);
  comparison->has_citizen_median = citizen > 0;
  comparison->citizen_median = citizen;
  comparison->has_provider_median = provider > 0;
  comparison->provider_median = provider;
  return comparison;
}

static IsafInterfaceReport *
made_up_interface (guint    n_rows,
                   gboolean with_large_gap)
{
  IsafInterfaceReport *report = isaf_interface_report_new (2025, "010201");
  g_autoptr(IsafInterfaceMeeting) meeting = isaf_interface_meeting_new (2025, NULL);
  IsafInterfaceReportMeeting *entry;
  IsafInterfaceReportUnit *unit;
  IsafUuid ids[2];

  isaf_uuid_v7 (&ids[0]);
  isaf_uuid_v7 (&ids[1]);
  isaf_record_set_text (meeting->record, "held_on", "2025-06-12");
  meeting->attendance[ISAF_INTERFACE_CITIZEN_WOMEN] = 14;
  meeting->attendance[ISAF_INTERFACE_CITIZEN_MEN] = 9;
  entry = isaf_interface_report_meeting_new (meeting);
  g_ptr_array_add (report->meetings, entry);

  unit = isaf_interface_report_unit_new (&ids[0]);
  unit->name_km = g_strdup ("មណ្ឌលសុខភាពសាកល្បង");
  if (with_large_gap)
    g_ptr_array_add (unit->comparisons, comparison_new ("ពេលរង់ចាំ", 2.0, 4.5));
  g_ptr_array_add (unit->comparisons, comparison_new ("ទឹកស្អាត", 4.0, 3.5));
  g_ptr_array_add (unit->comparisons, comparison_new ("ការស្វាគមន៍", 3.0, 3.0));
  g_ptr_array_add (unit->comparisons, comparison_new ("ថ្នាំ", 3.5, 0));
  for (guint i = 0; i < n_rows; i++)
    g_ptr_array_add (unit->comparisons, comparison_new ("បង្គន់អនាម័យស្អាត", 3.0, 3.5));
  g_ptr_array_add (entry->units, unit);

  unit = isaf_interface_report_unit_new (&ids[1]);
  unit->name_km = g_strdup ("សាលាបឋមសិក្សាសាកល្បង");
  g_ptr_array_add (entry->units, unit);
  return report;
}

/* Each gap said in words, a large one in red; a unit without scores says so; a unit's
 * heading never ends a page. */
static void
test_made_up_interface (IsafPrintTestFiles *files,
                        gconstpointer       data)
{
  g_autoptr(IsafInterfaceReport) report = made_up_interface (0, TRUE);
  g_autoptr(IsafInterfaceReport) calm = made_up_interface (0, FALSE);
  g_autoptr(IsafInterfaceReport) long_report = made_up_interface (40, TRUE);
  g_autofree char *pdf = isaf_print_test_path (files, "gaps.pdf");
  g_autofree char *calm_pdf = isaf_print_test_path (files, "calm.pdf");
  g_autofree char *long_pdf = isaf_print_test_path (files, "long.pdf");
  g_autoptr(IsafPdfWriter) writer = draw_to (draw_interface, report, ISAF_POSTER_LANGUAGE_KHMER,
                                             pdf);
  g_autoptr(IsafPdfWriter) calm_writer = draw_to (draw_interface, calm,
                                                  ISAF_POSTER_LANGUAGE_KHMER, calm_pdf);
  g_autoptr(IsafPdfWriter) long_writer = draw_to (draw_interface, long_report,
                                                  ISAF_POSTER_LANGUAGE_KHMER, long_pdf);
  GArray *boxes;
  const IsafTextBox *heading;

  assert_laid_out (writer);
  assert_valid_pdf (pdf, 1);
  g_assert_cmpuint (isaf_print_test_count_boxes (writer, "គម្លាត ២.៥ · គម្លាតធំ", TRUE), ==, 1);
  g_assert_cmpuint (isaf_print_test_count_boxes (writer, "អ្នកផ្ដល់សេវាឲ្យពិន្ទុខ្ពស់ជាង", TRUE),
                    ==, 1);
  g_assert_cmpuint (isaf_print_test_count_boxes (writer, "គម្លាត ០.៥", TRUE), ==, 1);
  g_assert_cmpuint (isaf_print_test_count_boxes (writer, "ប្រជាពលរដ្ឋឲ្យពិន្ទុខ្ពស់ជាង", TRUE),
                    ==, 1);
  g_assert_cmpuint (isaf_print_test_count_boxes (writer, "ពិន្ទុដូចគ្នា", TRUE), ==, 1);
  g_assert_cmpuint (isaf_print_test_count_boxes (writer, "គ្មានពិន្ទុអ្នកផ្ដល់សេវា", TRUE),
                    ==, 1);
  g_assert_cmpuint (isaf_print_test_count_boxes (writer,
                                                 "គ្មានពិន្ទុសម្រាប់សេវានេះក្នុងឆ្នាំនេះទេ",
                                                 TRUE), ==, 1);
  g_assert_cmpuint (isaf_print_test_count_boxes (writer, "ប្រជាពលរដ្ឋស្រី ១៤ · "
                                                 "ប្រជាពលរដ្ឋប្រុស ៩ · អ្នកផ្ដល់សេវា " EM_DASH,
                                                 FALSE), ==, 1);
  g_assert_cmpuint (isaf_print_test_count_boxes (calm_writer, "គម្លាតធំ", FALSE), ==, 1);

  /* The large gap is drawn in red too: far more red than the legend's sample alone. */
  if (isaf_print_test_need_tool ("pdftoppm"))
    {
      guint red = count_red_pixels (pdf), legend_only = count_red_pixels (calm_pdf);

      g_test_message ("red pixels: %u with a large gap, %u without", red, legend_only);
      g_assert_cmpuint (legend_only, >, 0);
      g_assert_cmpuint (red, >, 2 * legend_only);
    }

  /* 44 rows take more than a page; the second unit's heading has its row under it. */
  assert_laid_out (long_writer);
  g_assert_cmpuint (isaf_canvas_get_n_pages (ISAF_CANVAS (long_writer)), >=, 2);
  assert_valid_pdf (long_pdf, isaf_canvas_get_n_pages (ISAF_CANVAS (long_writer)));
  heading = isaf_print_test_find_box (long_writer, "សាលាបឋមសិក្សាសាកល្បង");
  g_assert_nonnull (heading);
  boxes = isaf_canvas_get_text_boxes (ISAF_CANVAS (long_writer));
  for (guint i = 0; i < boxes->len; i++)
    if (g_str_equal (g_array_index (boxes, IsafTextBox, i).text,
                     "គ្មានពិន្ទុសម្រាប់សេវានេះក្នុងឆ្នាំនេះទេ"))
      g_assert_cmpuint (g_array_index (boxes, IsafTextBox, i).page, ==, heading->page);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  isaf_print_test_demo_make (&demo);

  isaf_print_test_add ("/print/scorecard-sheet/large", test_large_scorecard);
  isaf_print_test_add ("/print/scorecard-sheet/tally", test_tally_scorecard);
  isaf_print_test_add ("/print/scorecard-sheet/nothing-scored", test_nothing_scored);
  g_test_add_func ("/print/scorecard-sheet/does-not-fit", test_does_not_fit);
  isaf_print_test_add ("/print/scorecard-sheet/demo", test_demo_scorecards);
  isaf_print_test_add ("/print/interface-sheet/demo", test_demo_interface);
  isaf_print_test_add ("/print/interface-sheet/made-up", test_made_up_interface);

  status = g_test_run ();
  isaf_print_test_demo_clear (&demo);
  return status;
}
