/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "isaf-database.h"
#include "isaf-format.h"
#include "isaf-monthly-report.h"
#include "isaf-monthly-report-sheet.h"
#include "isaf-pdf-writer.h"
#include "isaf-period-report.h"
#include "isaf-period-report-sheet.h"
#include "isaf-print-error.h"
#include "isaf-print-test-helpers.h"
#include "isaf-sheet-layout.h"

/* The monthly report of the JAAP Committee and the semi-annual and annual reports, made from
 * the demo database (commune 010201, two years from seed 7): valid A4 portrait PDF files whose
 * text lies inside the margins without overlapping, with the report's own figures in the rows
 * their labels name (Khmer digits on Khmer sheets), overdue actions said in words, a share
 * shown as a dash when there is nothing to share, and a row taller than a page refused by
 * name. Set ISAF_PRINT_TEST_KEEP to a folder to keep the PDF files and the PNG of their first
 * pages there, for a person to look at. */

#define EM_DASH "\u2014"
/* Positions are written to 1/100 pt; rows are compared by their tops, a few points apart. */
#define ROW_SLACK 3.0

static IsafPrintTestDemo demo;

static IsafDatabase *
open_demo (void)
{
  g_autoptr(GError) error = NULL;
  IsafDatabase *database = isaf_database_open (demo.path, ISAF_DATABASE_OPEN_READ_ONLY, &error);

  g_assert_no_error (error);
  return database;
}

static IsafPeriodReport *
load_period (IsafPeriodKind kind,
             int            year,
             int            month)
{
  g_autoptr(IsafDatabase) database = open_demo ();
  g_autoptr(GError) error = NULL;
  IsafPeriodReport *report = isaf_period_report_load (database, kind, year, month, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static IsafDigits
digits_of (IsafPosterLanguage language)
{
  return language == ISAF_POSTER_LANGUAGE_KHMER ? ISAF_DIGITS_KHMER : ISAF_DIGITS_WESTERN;
}

/* Drawing ------------------------------------------------------------------------------------ */

typedef gboolean (*DrawFunc) (IsafCanvas        *canvas,
                              gconstpointer      report,
                              IsafPosterLanguage language,
                              GError           **error);

static gboolean
draw_monthly (IsafCanvas        *canvas,
              gconstpointer      item,
              IsafPosterLanguage language,
              GError           **error)
{
  const IsafMonthlyReport *report = item;

  return isaf_sheet_draw_each (canvas, (IsafSheetDrawFunc) isaf_monthly_report_sheet_draw,
                               report, report->meetings, language, error);
}

static gboolean
draw_period (IsafCanvas        *canvas,
             gconstpointer      item,
             IsafPosterLanguage language,
             GError           **error)
{
  return isaf_period_report_sheet_draw (canvas, item, language, error);
}

/* A copy of @pdf and of its first page as PNG in ISAF_PRINT_TEST_KEEP, when it is set. */
static void
keep_for_a_look (const char *pdf)
{
  const char *dir = g_getenv ("ISAF_PRINT_TEST_KEEP");
  g_autofree char *name = g_path_get_basename (pdf);
  g_autofree char *copy = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  if (dir == NULL || !isaf_print_test_need_tool ("pdftoppm"))
    return;
  copy = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_get_contents (pdf, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (copy, contents, length, NULL));
  prefix = g_strndup (copy, strlen (copy) - strlen (".pdf"));
  g_assert_cmpint (isaf_print_test_run (NULL, NULL, NULL, "pdftoppm", "-r", "110", "-png",
                                        "-singlefile", "-f", "1", "-l", "1", pdf, prefix, NULL),
                   ==, 0);
}

/* Draws with a PDF writer, kept for its text boxes, and saves the file. */
static IsafPdfWriter *
draw_to (DrawFunc            draw,
         gconstpointer       report,
         IsafPosterLanguage  language,
         const char         *path)
{
  g_autoptr(GError) error = NULL;
  IsafPdfWriter *writer = isaf_print_test_new_writer ();

  g_assert_true (draw (ISAF_CANVAS (writer), report, language, &error));
  g_assert_no_error (error);
  isaf_print_test_save (ISAF_CANVAS (writer), path);
  keep_for_a_look (path);
  return writer;
}

/* Checks ------------------------------------------------------------------------------------- */

/* qpdf finds the file sound, pdfinfo finds @n_pages A4 portrait pages. */
static void
assert_valid_pdf (const char *pdf,
                  guint       n_pages)
{
  double width, height;
  int pages;

  if (!isaf_print_test_need_tool ("qpdf") || !isaf_print_test_need_tool ("pdfinfo"))
    return;
  isaf_print_test_assert_qpdf (pdf);
  isaf_print_test_page_size (pdf, &width, &height, &pages);
  g_assert_cmpfloat_with_epsilon (width, 595.28, 0.01);
  g_assert_cmpfloat_with_epsilon (height, 841.89, 0.01);
  g_assert_cmpint (pages, ==, n_pages);
}

/* Every block of text inside the margins, and none over another. */
static void
assert_laid_out (IsafPdfWriter *writer)
{
  IsafSheet sheet;

  isaf_sheet_init (&sheet, ISAF_CANVAS (writer), ISAF_POSTER_LANGUAGE_KHMER);
  isaf_print_test_assert_inside (isaf_canvas_get_text_boxes (ISAF_CANVAS (writer)), sheet.left,
                                 sheet.top, sheet.width, sheet.bottom - sheet.top);
  isaf_print_test_assert_no_overlap (writer);
}

/* A block of text @label with a block @value to its right in the same row: the figure the
 * label names. */
static void
assert_row (IsafPdfWriter *writer,
            const char    *label,
            const char    *value)
{
  GArray *boxes = isaf_canvas_get_text_boxes (ISAF_CANVAS (writer));

  for (guint i = 0; i < boxes->len; i++)
    {
      const IsafTextBox *left = &g_array_index (boxes, IsafTextBox, i);

      if (!g_str_equal (left->text, label))
        continue;
      for (guint j = 0; j < boxes->len; j++)
        {
          const IsafTextBox *right = &g_array_index (boxes, IsafTextBox, j);

          if (right->page == left->page && g_str_equal (right->text, value)
              && right->x >= left->x + left->width - 0.01
              && right->y >= left->y - ROW_SLACK && right->y <= left->y + ROW_SLACK)
            return;
        }
    }
  g_error ("no row “%s” with “%s”", label, value);
}

static char *
format_count (gint64     value,
              IsafDigits digits)
{
  return isaf_format_integer (value, digits);
}

/* A share as the sheets print it, worked out here: one decimal, "%", or a dash. */
static char *
format_share (gboolean   known,
              double     share,
              IsafDigits digits)
{
  g_autofree char *ascii = NULL;

  if (!known)
    return g_strdup (EM_DASH);
  ascii = g_strdup_printf ("%.1f%%", 100 * share);
  return isaf_format_digits (ascii, digits);
}

static char *
format_part (gint64     part,
             gint64     whole,
             IsafDigits digits)
{
  g_autofree char *share = format_share (whole != 0, whole != 0 ? (double) part / whole : 0,
                                         digits);
  g_autofree char *ascii = g_strdup_printf ("%" G_GINT64_FORMAT " / %" G_GINT64_FORMAT, part,
                                            whole);
  g_autofree char *both = isaf_format_digits (ascii, digits);

  /* Thousands are grouped; the demo's parts stay below them. */
  g_assert_cmpint (whole, <, 1000);
  return g_strdup_printf ("%s (%s)", both, share);
}

/* The text a reader extracts holds @text, whatever its line breaks. */
static void
assert_extracted (const char *pdf,
                  const char *text)
{
  g_autofree char *extracted = NULL;
  g_autofree char *squeezed = NULL;
  g_autofree char *wanted = NULL;

  if (!isaf_print_test_need_tool ("pdftotext"))
    return;
  extracted = isaf_print_test_pdftotext (pdf);
  squeezed = isaf_print_test_squeeze (extracted);
  wanted = isaf_print_test_squeeze (text);
  if (strstr (squeezed, wanted) == NULL)
    g_error ("pdftotext does not find “%s” in %s", text, pdf);
}

/* The title pdfinfo reads in the document's metadata. */
static char *
pdf_title (const char *pdf)
{
  g_autofree char *info = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (isaf_print_test_run (&info, NULL, NULL, "pdfinfo", pdf, NULL), ==, 0);
  lines = g_strsplit (info, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (g_str_has_prefix (lines[i], "Title:"))
      return g_strstrip (g_strdup (lines[i] + strlen ("Title:")));
  return NULL;
}

/* The monthly report ------------------------------------------------------------------------- */

static guint
count_overdue (const IsafMonthlyReport *report)
{
  guint n = 0;

  for (guint m = 0; m < report->meetings->len; m++)
    {
      const IsafMonthlyReportMeeting *meeting = g_ptr_array_index (report->meetings, m);

      for (guint i = 0; i < meeting->overdue->len; i++)
        n += g_array_index (meeting->overdue, guint8, i);
    }
  return n;
}

/* The steps a meeting did not review; headings group them and are not counted. */
static guint
count_unreviewed_steps (const IsafMonthlyReport *report)
{
  guint n = 0;

  for (guint m = 0; m < report->meetings->len; m++)
    {
      const IsafMonthlyReportMeeting *meeting = g_ptr_array_index (report->meetings, m);

      for (guint i = 0; i < meeting->jaap->entries->len; i++)
        {
          const IsafJaapEntry *entry = g_ptr_array_index (meeting->jaap->entries, i);

          n += entry->n_children == 0
               && isaf_jaapc_meeting_get_progress (meeting->meeting,
                                                   isaf_record_get_id (entry->action)) == NULL;
        }
    }
  return n;
}

/* The month's sheets in both languages, with the meeting's figures where their labels are. */
static void
check_monthly (IsafPrintTestFiles      *files,
               const IsafMonthlyReport *report)
{
  const IsafMonthlyReportMeeting *meeting = g_ptr_array_index (report->meetings, 0);
  const char *decisions = isaf_record_get_text (meeting->meeting->record, "decisions");

  g_assert_cmpuint (meeting->n_steps, >, 0);
  g_assert_cmpuint (meeting->present->len, >, 0);
  for (IsafPosterLanguage language = ISAF_POSTER_LANGUAGE_KHMER;
       language <= ISAF_POSTER_LANGUAGE_BOTH; language++)
    {
      IsafDigits digits = digits_of (language);
      g_autofree char *name = g_strdup_printf ("monthly-%04d-%02d-%u.pdf", report->year,
                                               report->month, language);
      g_autofree char *pdf = isaf_print_test_path (files, name);
      g_autoptr(IsafPdfWriter) writer = draw_to (draw_monthly, report, language, pdf);
      guint n_pages = isaf_canvas_get_n_pages (ISAF_CANVAS (writer));
      g_autofree char *completed = format_count (meeting->by_status[ISAF_JAAP_STATUS_COMPLETED],
                                                 digits);
      g_autofree char *ongoing = format_count (meeting->by_status[ISAF_JAAP_STATUS_ONGOING],
                                               digits);
      g_autofree char *total = format_count (meeting->n_steps, digits);
      g_autofree char *overdue = format_count (meeting->n_overdue, digits);
      g_autofree char *spent = isaf_format_riel (meeting->spent_riel, digits);
      g_autofree char *estimated = isaf_format_riel (meeting->estimated_riel, digits);
      g_autofree char *reviewed = format_part (meeting->n_reviewed, meeting->n_steps, digits);
      g_autofree char *women = format_count (meeting->n_women_present, digits);
      g_autofree char *present = format_count (meeting->present->len, digits);
      g_autofree char *members = g_strdup_printf ("ស្រី %s នាក់ ក្នុងចំណោមសមាជិក %s នាក់"
                                                  "ដែលមានវត្តមាន", women, present);

      assert_laid_out (writer);
      assert_valid_pdf (pdf, n_pages);
      g_assert_cmpuint (n_pages, >=, report->meetings->len);
      assert_row (writer, "បានបញ្ចប់", completed);
      assert_row (writer, "កំពុងអនុវត្ត", ongoing);
      assert_row (writer, "សរុប", total);
      assert_row (writer, "ហួសកាលកំណត់ ហើយមិនទាន់បញ្ចប់", overdue);
      assert_row (writer, "បានពិនិត្យក្នុងកិច្ចប្រជុំនេះ", reviewed);
      assert_row (writer, "បានចំណាយរហូតមកដល់ពេលនេះ", spent);
      assert_row (writer, "តម្លៃប៉ាន់ស្មាន", estimated);
      g_assert_cmpuint (isaf_print_test_count_boxes (writer, members, TRUE), ==, 1);
      /* Every action of the plan, and each overdue one said to be so. */
      for (guint i = 0; i < meeting->jaap->entries->len; i++)
        {
          const IsafJaapEntry *entry = g_ptr_array_index (meeting->jaap->entries, i);
          const char *activity = isaf_record_get_text (entry->action, "activity");

          g_assert_cmpuint (isaf_print_test_count_boxes (writer, activity, TRUE), >=, 1);
        }
      g_assert_cmpuint (isaf_print_test_count_boxes (writer, "ហួសកាលកំណត់", TRUE), ==,
                        count_overdue (report));
      g_assert_cmpuint (isaf_print_test_count_boxes (writer, "មិនបានពិនិត្យក្នុងកិច្ចប្រជុំនេះ",
                                                     TRUE), ==, count_unreviewed_steps (report));
      if (language == ISAF_POSTER_LANGUAGE_BOTH)
        g_assert_cmpuint (isaf_print_test_count_boxes (writer, "Overdue", TRUE), ==,
                          count_overdue (report));
      g_assert_cmpuint (isaf_print_test_count_boxes (writer, decisions, TRUE), ==, 1);
      g_assert_cmpuint (isaf_print_test_count_boxes (writer, "ប្រធានគណៈកម្មការ JAAP", TRUE), ==,
                        report->meetings->len);
      assert_extracted (pdf, "របាយការណ៍ប្រចាំខែរបស់គណៈកម្មការ JAAP");
      assert_extracted (pdf, spent);
    }
}

/* A month with a meeting: its sheet, and the same as the PDF that isafctl and the window
 * write, with its title in the metadata. */
static void
test_monthly (IsafPrintTestFiles *files,
              gconstpointer       data)
{
  g_autoptr(IsafDatabase) database = open_demo ();
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafMonthlyReport) report = isaf_monthly_report_load (database, demo.year, 9, &error);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *pdf = isaf_print_test_path (files, "monthly.pdf");
  g_autofree char *title = g_strdup_printf ("Monthly report of the JAAP Committee, September %d",
                                            demo.year);
  g_autofree char *metadata = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (report->meetings->len, ==, 1);
  check_monthly (files, report);

  bytes = isaf_monthly_report_sheet_render_pdf (report, ISAF_POSTER_LANGUAGE_KHMER, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (pdf, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), NULL));
  if (!isaf_print_test_need_tool ("pdfinfo"))
    return;
  isaf_print_test_assert_qpdf (pdf);
  metadata = pdf_title (pdf);
  g_assert_cmpstr (metadata, ==, title);
}

/* The first month from the demo's last year on whose meeting found an action overdue: each
 * said so in words, in Khmer and in English. */
static void
test_monthly_overdue (IsafPrintTestFiles *files,
                      gconstpointer       data)
{
  g_autoptr(IsafDatabase) database = open_demo ();

  for (int month = 1; month <= 24; month++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(IsafMonthlyReport) report = isaf_monthly_report_load (database,
                                                                      demo.year + (month - 1) / 12,
                                                                      (month - 1) % 12 + 1,
                                                                      &error);

      if (report == NULL)
        {
          g_assert_error (error, ISAF_JAAP_ERROR, ISAF_JAAP_ERROR_NO_MEETING);
          continue;
        }
      if (count_overdue (report) == 0)
        continue;
      g_test_message ("%04d-%02d: %u overdue", report->year, report->month,
                      count_overdue (report));
      check_monthly (files, report);
      return;
    }
  g_assert_not_reached ();
}

/* A meeting that reviewed only some steps: each of the others says it was not reviewed. */
static void
test_monthly_partly_reviewed (IsafPrintTestFiles *files,
                              gconstpointer       data)
{
  g_autoptr(IsafDatabase) database = open_demo ();
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafMonthlyReport) report = isaf_monthly_report_load (database, demo.year, 9, &error);
  IsafMonthlyReportMeeting *meeting;
  guint n_steps = 0;

  g_assert_no_error (error);
  meeting = g_ptr_array_index (report->meetings, 0);
  for (guint i = 0; i < meeting->jaap->entries->len; i++)
    {
      const IsafJaapEntry *entry = g_ptr_array_index (meeting->jaap->entries, i);
      IsafRecord *progress = isaf_jaapc_meeting_get_progress (meeting->meeting,
                                                              isaf_record_get_id (entry->action));

      if (entry->n_children == 0 && n_steps++ % 2 == 0 && progress != NULL)
        g_ptr_array_remove (meeting->meeting->progress, progress);
    }
  g_assert_cmpuint (count_unreviewed_steps (report), ==, (n_steps + 1) / 2);
  check_monthly (files, report);
}

/* An action, or the decisions, too long for a page of their own: refused, named. */
static void
test_monthly_does_not_fit (void)
{
  g_autoptr(IsafDatabase) database = open_demo ();
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafMonthlyReport) report = isaf_monthly_report_load (database, demo.year, 9, &error);
  IsafMonthlyReportMeeting *meeting;
  IsafJaapEntry *entry;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *path = NULL;

  g_assert_no_error (error);
  meeting = g_ptr_array_index (report->meetings, 0);
  while (g_utf8_strlen (text->str, -1) < 30000)
    g_string_append (text, "ជួសជុលផ្លូវលំចូលមណ្ឌលសុខភាព ");

  isaf_record_set_text (meeting->meeting->record, "decisions", text->str);
  pdf = isaf_monthly_report_sheet_render_pdf (report, ISAF_POSTER_LANGUAGE_KHMER, &error);
  g_assert_null (pdf);
  g_assert_error (error, ISAF_PRINT_ERROR, ISAF_PRINT_ERROR_DOES_NOT_FIT);
  g_assert_nonnull (strstr (error->message, _("Decisions")));
  g_clear_error (&error);

  isaf_record_set_text (meeting->meeting->record, "decisions", "សម្រេចបន្តការងារ");
  entry = g_ptr_array_index (meeting->jaap->entries, meeting->jaap->entries->len - 1);
  isaf_record_set_text (entry->action, "activity", text->str);
  pdf = isaf_monthly_report_sheet_render_pdf (report, ISAF_POSTER_LANGUAGE_KHMER, &error);
  g_assert_null (pdf);
  g_assert_error (error, ISAF_PRINT_ERROR, ISAF_PRINT_ERROR_DOES_NOT_FIT);
  path = isaf_jaap_entry_format_path (entry, ISAF_DIGITS_KHMER);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "ជួសជុលផ្លូវលំចូលមណ្ឌលសុខភាព"));
}

/* The semi-annual and annual reports --------------------------------------------------------- */

/* @period_km is followed by the year in the sheet's digits. */
static void
check_period (IsafPrintTestFiles     *files,
              const IsafPeriodReport *report,
              const char             *title_km,
              const char             *period_km)
{
  for (IsafPosterLanguage language = ISAF_POSTER_LANGUAGE_KHMER;
       language <= ISAF_POSTER_LANGUAGE_BOTH; language++)
    {
      IsafDigits digits = digits_of (language);
      g_autofree char *name = g_strdup_printf ("period-%d-%d-%u.pdf", report->year, report->half,
                                               language);
      g_autofree char *pdf = isaf_print_test_path (files, name);
      g_autoptr(IsafPdfWriter) writer = draw_to (draw_period, report, language, pdf);
      g_autofree char *year = g_strdup_printf ("%d", report->year);
      g_autofree char *year_text = isaf_format_digits (year, digits);
      g_autofree char *period = g_strconcat (period_km, year_text, NULL);
      g_autofree char *completed = format_count (report->actions_completed, digits);
      g_autofree char *total = format_count (report->actions_total, digits);
      g_autofree char *overdue = format_count (report->actions_overdue, digits);
      g_autofree char *ka = format_count (report->actions_ka, digits);
      g_autofree char *share = format_share (report->has_share, report->share_completed_or_ongoing,
                                             digits);
      g_autofree char *estimated = isaf_format_riel (report->estimated_cost_riel, digits);
      g_autofree char *meetings = format_count (report->jaapc_meetings, digits);
      g_autofree char *people = format_count (report->participation_total.people, digits);
      g_autofree char *women = format_count (report->participation_total.women, digits);
      g_autofree char *planned = isaf_format_riel (report->budget_total.planned_riel, digits);
      g_autofree char *spent = isaf_format_riel (report->budget_total.spent_riel, digits);
      g_autofree char *active = format_count (report->cafs_active, digits);
      g_autofree char *units = format_part (report->service_units_with_i4c,
                                            report->service_units, digits);
      g_autofree char *villages = format_part (report->villages_reached, report->villages,
                                               digits);
      g_autofree char *date = NULL;
      g_autofree char *printed = NULL;
      int y, m, d;

      g_assert_true (isaf_parse_iso_date (report->today, &y, &m, &d));
      date = isaf_format_date (y, m, d, digits, TRUE);
      printed = g_strconcat ("កាលបរិច្ឆេទបោះពុម្ព ", date, NULL);

      assert_laid_out (writer);
      assert_valid_pdf (pdf, isaf_canvas_get_n_pages (ISAF_CANVAS (writer)));
      g_assert_cmpuint (isaf_print_test_count_boxes (writer, title_km, TRUE), ==, 1);
      g_assert_cmpuint (isaf_print_test_count_boxes (writer, period, TRUE), ==, 1);
      g_assert_cmpuint (isaf_print_test_count_boxes (writer, printed, TRUE), ==, 1);
      assert_row (writer, "សកម្មភាពសរុបក្នុងរយៈពេលនេះ", total);
      assert_row (writer, "បានបញ្ចប់", completed);
      assert_row (writer, "ភាគរយសកម្មភាពបានបញ្ចប់ ឬកំពុងអនុវត្ត", share);
      assert_row (writer, "ហួសកាលកំណត់ ហើយមិនទាន់បញ្ចប់", overdue);
      assert_row (writer, "ក្រុម ក៖ ត្រូវការធនធានពីខាងក្រៅ", ka);
      assert_row (writer, "តម្លៃប៉ាន់ស្មាន", estimated);
      assert_row (writer, "កិច្ចប្រជុំគណៈកម្មការ JAAP", meetings);
      assert_row (writer, "សរុប", people);
      assert_row (writer, "សរុប", women);
      assert_row (writer, "សរុប", planned);
      assert_row (writer, "សរុប", spent);
      assert_row (writer, "CAF សកម្មក្នុងរយៈពេលនេះ", active);
      assert_row (writer, "អង្គភាពសេវាដែលមានផ្ទាំងព័ត៌មាន I4C ឆ្នាំនេះ", units);
      assert_row (writer, "ភូមិដែលបានធ្វើការផ្សព្វផ្សាយ I4C", villages);
      assert_extracted (pdf, title_km);
      assert_extracted (pdf, share);
      g_assert_true ((isaf_print_test_find_box (writer, "Share completed or ongoing") != NULL)
                     == (language == ISAF_POSTER_LANGUAGE_BOTH));
    }
}

/* Both halves of the demo's last year. */
static void
test_semi_annual (IsafPrintTestFiles *files,
                  gconstpointer       data)
{
  static const char * const periods[] = { "ខែមករា–ខែមិថុនា ឆ្នាំ", "ខែកក្កដា–ខែធ្នូ ឆ្នាំ" };

  for (int half = 1; half <= 2; half++)
    {
      g_autoptr(IsafPeriodReport) report = load_period (ISAF_PERIOD_HALF_YEAR, demo.year,
                                                        half == 1 ? 3 : 9);

      g_assert_cmpint (report->half, ==, half);
      g_assert_cmpint (report->actions_total, >, 0);
      g_assert_true (report->has_share);
      check_period (files, report, "របាយការណ៍ប្រចាំឆមាសស្ដីពីគណនេយ្យភាពសង្គម",
                    periods[half - 1]);
    }
}

static void
test_annual (IsafPrintTestFiles *files,
             gconstpointer       data)
{
  g_autoptr(IsafPeriodReport) report = load_period (ISAF_PERIOD_YEAR, demo.year, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *pdf = isaf_print_test_path (files, "annual.pdf");
  g_autofree char *title = g_strdup_printf ("Annual social accountability report %d",
                                            demo.year);
  g_autofree char *metadata = NULL;

  g_assert_cmpint (report->actions_completed, >, 0);
  g_assert_cmpint (report->participation_total.people, >, 0);
  g_assert_cmpint (report->budget_total.planned_riel, >, 0);
  check_period (files, report, "របាយការណ៍ប្រចាំឆ្នាំស្ដីពីគណនេយ្យភាពសង្គម", "ឆ្នាំ");

  bytes = isaf_period_report_sheet_render_pdf (report, ISAF_POSTER_LANGUAGE_BOTH, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (pdf, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), NULL));
  if (!isaf_print_test_need_tool ("pdfinfo"))
    return;
  isaf_print_test_assert_qpdf (pdf);
  metadata = pdf_title (pdf);
  g_assert_cmpstr (metadata, ==, title);
}

/* A year before the commune's first cycle: zeros, and a dash for the share, never a made-up
 * 0%. */
static void
test_year_without_actions (IsafPrintTestFiles *files,
                           gconstpointer       data)
{
  g_autoptr(IsafPeriodReport) report = load_period (ISAF_PERIOD_YEAR, demo.year - 5, 0);

  g_assert_cmpint (report->actions_total, ==, 0);
  g_assert_false (report->has_share);
  check_period (files, report, "របាយការណ៍ប្រចាំឆ្នាំស្ដីពីគណនេយ្យភាពសង្គម", "ឆ្នាំ");
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("ISAF_LOCALEDIR");
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_test_init (&argc, &argv, NULL);
  isaf_print_test_demo_make (&demo);

  isaf_print_test_add ("/print/report-sheets/monthly", test_monthly);
  isaf_print_test_add ("/print/report-sheets/monthly-overdue", test_monthly_overdue);
  isaf_print_test_add ("/print/report-sheets/monthly-partly-reviewed",
                       test_monthly_partly_reviewed);
  g_test_add_func ("/print/report-sheets/monthly-does-not-fit", test_monthly_does_not_fit);
  isaf_print_test_add ("/print/report-sheets/semi-annual", test_semi_annual);
  isaf_print_test_add ("/print/report-sheets/annual", test_annual);
  isaf_print_test_add ("/print/report-sheets/year-without-actions", test_year_without_actions);

  status = g_test_run ();
  isaf_print_test_demo_clear (&demo);
  return status;
}
