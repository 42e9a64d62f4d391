/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libintl.h>
#include <locale.h>
#include <string.h>

#include "isaf-database.h"
#include "isaf-jaap.h"
#include "isaf-jaap-csv.h"
#include "isaf-jaap-sheet.h"
#include "isaf-report-sheet.h"
#include "isaf-pdf-writer.h"
#include "isaf-print-error.h"
#include "isaf-print-test-helpers.h"
#include "isaf-sheet-layout.h"
#include "isaf-store.h"

/* The JAAP and the CIP list on paper and as CSV, from real databases: the demo's plan, and a
 * 60-action plan saved one action at a time. Valid A4 landscape PDF files whose text lies
 * inside the margins and inside its column, never over other text; the header row on every
 * page, no row split between pages and no page ended early; totals of the actions without
 * sub-actions; a row taller than a page refused by name. The CSV reads back as the plan, with
 * its byte order mark and formulas disarmed. */

#define YEAR 2025
/* Positions are written to 1/100 pt. */
#define SLACK 0.01

#define PLAN_TITLE "Joint Accountability Action Plan %d"
#define CIP_TITLE "Actions for the commune investment programme %d"

static IsafPrintTestDemo demo;

/* The headings of the plan's columns, in their order. */
static const char * const plan_headings[] = {
  "ល.រ", "សកម្មភាពអាទិភាពដែលបានព្រមព្រៀងគ្នា", "អ្នកស្នើ", "ឆ្លើយតបគោលដៅ ឬបញ្ហា", "ទីតាំង",
  "លទ្ធផល (បរិមាណ ឯកតា)", "ចាប់ផ្ដើម", "បញ្ចប់", "អ្នកទទួលផលសរុប", "ក្នុងនោះស្រី",
  "តម្លៃប៉ាន់ស្មាន (រៀល)", "អ្នកដឹកនាំអនុវត្ត/សហការ",
};

/* Stores --------------------------------------------------------------------------------------- */

typedef struct {
  IsafDatabase *database;
  IsafStore *store;
} Store;

static void
store_clear (Store *store)
{
  g_clear_object (&store->store);
  if (store->database)
    isaf_database_close (store->database);
  g_clear_object (&store->database);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Store, store_clear)

static void
store_open (Store                 *store,
            const char            *path,
            IsafDatabaseOpenFlags  flags)
{
  g_autoptr(GError) error = NULL;

  store->database = isaf_database_open (path, flags, &error);
  g_assert_no_error (error);
  store->store = isaf_store_new (store->database);
}

/* A new database of Banteay Neang in the test's folder. */
static void
store_create (Store              *store,
              IsafPrintTestFiles *files)
{
  g_autofree char *path = isaf_print_test_path (files, "plan.sqlite");
  g_autoptr(GError) error = NULL;

  store_open (store, path, ISAF_DATABASE_OPEN_CREATE_NEW);
  g_assert_true (isaf_store_create_commune (store->store, "010201", &error));
  g_assert_no_error (error);
}

static IsafJaap *
load (Store *store,
      int    year)
{
  g_autoptr(GError) error = NULL;
  IsafJaap *jaap = isaf_jaap_load (store->store, year, &error);

  g_assert_no_error (error);
  g_assert_nonnull (jaap);
  return jaap;
}

static IsafJaap *
load_demo (void)
{
  g_auto(Store) store = { 0 };
  IsafJaap *jaap;

  store_open (&store, demo.path, ISAF_DATABASE_OPEN_READ_ONLY);
  jaap = load (&store, demo.year);
  g_assert_cmpuint (jaap->entries->len, >, 0);
  return jaap;
}

static IsafRecord *
save_action (Store          *store,
             const char     *group,
             const IsafUuid *parent,
             const char     *activity,
             gint64          cost)
{
  IsafRecord *action = isaf_record_new ("jaap_action");
  g_autoptr(GError) error = NULL;

  isaf_record_set_text (action, "action_group", group);
  if (parent)
    isaf_record_set_reference (action, "parent_id", parent);
  isaf_record_set_text (action, "activity", activity);
  isaf_record_set_text (action, "status", "not_started");
  isaf_record_set_text (action, "proposer", "ក្រុមប្រឹក្សាឃុំ");
  isaf_record_set_text (action, "target_issue", "ពេលរង់ចាំយូរ និងខ្វះទឹកស្អាតនៅមណ្ឌលសុខភាព");
  isaf_record_set_text (action, "location", "ភូមិបន្ទាយនាង");
  isaf_record_set_real (action, "quantity", 1 + cost % 7);
  isaf_record_set_text (action, "quantity_unit", "កន្លែង");
  isaf_record_set_text (action, "start_on", "2025-02-01");
  isaf_record_set_text (action, "end_on", "2025-11-30");
  isaf_record_set_integer (action, "beneficiaries_total", 120 + cost % 3000);
  isaf_record_set_integer (action, "beneficiaries_female", 60 + cost % 1500);
  isaf_record_set_integer (action, "estimated_cost_riel", cost);
  isaf_record_set_text (action, "implementer", "មេឃុំ/ស្មៀនឃុំ/ប្រធានមណ្ឌលសុខភាព");
  isaf_record_set_text (action, "fund_source", "commune_fund");
  g_assert_true (isaf_jaap_action_save (store->store, YEAR, action, NULL, NULL, &error));
  g_assert_no_error (error);
  return action;
}

/* The blocks of a sheet ------------------------------------------------------------------------ */

typedef enum {
  BLOCK_GROUP,
  BLOCK_ENTRY,
  BLOCK_EMPTY,
  BLOCK_TOTAL,
  BLOCK_GRAND_TOTAL,
  BLOCK_SIGNATURES,
} BlockKind;

typedef struct {
  BlockKind kind;
  const IsafJaapEntry *entry;
  /* A total's amount. */
  gint64 total;
} Block;

static const char *
activity_of (const IsafJaap *jaap,
             guint           i)
{
  const IsafJaapEntry *entry = g_ptr_array_index (jaap->entries, i);

  return isaf_record_get_text (entry->action, "activity");
}

static gboolean
in_group (const IsafJaapEntry *entry,
          const char          *group)
{
  return g_strcmp0 (isaf_record_get_text (entry->action, "action_group"), group) == 0;
}

/* The blocks the sheet's header documents, worked out from the plan; totals of the actions
 * without sub-actions. */
static GArray *
expected_blocks (const IsafJaap    *jaap,
                 IsafJaapSheetKind  kind)
{
  static const char * const groups[] = { "ka", "kha" };
  GArray *blocks = g_array_new (FALSE, TRUE, sizeof (Block));
  gint64 grand_total = 0;

  for (guint g = 0; g < (kind == ISAF_JAAP_SHEET_CIP ? 1 : 2); g++)
    {
      Block heading = { BLOCK_GROUP }, total = { BLOCK_TOTAL }, empty = { BLOCK_EMPTY };
      guint n = 0;

      g_array_append_val (blocks, heading);
      for (guint i = 0; i < jaap->entries->len; i++)
        {
          const IsafJaapEntry *entry = g_ptr_array_index (jaap->entries, i);
          Block block = { BLOCK_ENTRY, entry };

          if (!in_group (entry, groups[g]))
            continue;
          if (entry->n_children == 0)
            total.total += isaf_record_get_integer (entry->action, "estimated_cost_riel");
          g_array_append_val (blocks, block);
          n++;
        }
      if (n == 0)
        g_array_append_val (blocks, empty);
      g_array_append_val (blocks, total);
      grand_total += total.total;
    }
  if (kind == ISAF_JAAP_SHEET_PLAN)
    {
      Block total = { BLOCK_GRAND_TOTAL, NULL, grand_total }, signatures = { BLOCK_SIGNATURES };

      g_array_append_val (blocks, total);
      g_array_append_val (blocks, signatures);
    }
  return blocks;
}

/* Whether a block has to be on the page of the block after it: a heading with its first row,
 * an action with its first sub-action, the last action with the totals and the signatures. */
static gboolean
keeps_with_next (GArray *blocks,
                 guint   i)
{
  const Block *block = &g_array_index (blocks, Block, i);
  const Block *next = i + 1 < blocks->len ? &g_array_index (blocks, Block, i + 1) : NULL;

  return next != NULL
         && (block->kind == BLOCK_GROUP
             || (block->kind == BLOCK_ENTRY && block->entry->n_children > 0)
             || next->kind == BLOCK_TOTAL || next->kind == BLOCK_GRAND_TOTAL
             || next->kind == BLOCK_SIGNATURES);
}

/* Drawing and checking ------------------------------------------------------------------------- */

static IsafPdfWriter *
draw_to (const IsafJaap     *jaap,
         IsafJaapSheetKind   kind,
         IsafPosterLanguage  language,
         GArray             *placements,
         const char         *path)
{
  g_autoptr(GError) error = NULL;
  IsafPdfWriter *writer = isaf_print_test_new_writer ();

  g_assert_true (isaf_jaap_sheet_draw (ISAF_CANVAS (writer), jaap, kind, language, placements,
                                       &error));
  g_assert_no_error (error);
  isaf_print_test_save (ISAF_CANVAS (writer), path);
  return writer;
}

static void
landscape_sheet (IsafSheet  *sheet,
                 IsafCanvas *canvas)
{
  isaf_sheet_init (sheet, canvas, ISAF_POSTER_LANGUAGE_KHMER);
  isaf_sheet_set_landscape (sheet);
}

/* qpdf finds the file sound, pdfinfo finds @n_pages A4 landscape pages, poppler draws the
 * first one with ink on it. */
static void
assert_valid_pdf (const char *pdf,
                  guint       n_pages)
{
  double width, height;
  int pages;
  cairo_surface_t *page;
  int page_width, page_height, stride;
  const guint8 *data;
  guint inked = 0;

  if (!isaf_print_test_need_tool ("qpdf") || !isaf_print_test_need_tool ("pdfinfo")
      || !isaf_print_test_need_tool ("pdftoppm"))
    return;
  isaf_print_test_assert_qpdf (pdf);
  isaf_print_test_page_size (pdf, &width, &height, &pages);
  g_assert_cmpfloat_with_epsilon (width, 841.89, 0.01);
  g_assert_cmpfloat_with_epsilon (height, 595.28, 0.01);
  g_assert_cmpint (pages, ==, n_pages);
  page = isaf_print_test_render_page (pdf, 30);
  page_width = cairo_image_surface_get_width (page);
  page_height = cairo_image_surface_get_height (page);
  g_assert_cmpint (abs (page_width - (int) (841.89 * 30 / 72)), <=, 1);
  g_assert_cmpint (page_width, >, page_height);
  cairo_surface_flush (page);
  data = cairo_image_surface_get_data (page);
  stride = cairo_image_surface_get_stride (page);
  for (int y = 0; y < page_height; y++)
    for (int x = 0; x < page_width; x++)
      inked += (*(const guint32 *) (data + y * stride + 4 * x) & 0xffffff) != 0xffffff;
  g_assert_cmpuint (inked, >, 0.05 * page_width * page_height);
  cairo_surface_destroy (page);
}

/* Every block of text inside the landscape margins, and none over another. */
static void
assert_laid_out (IsafPdfWriter *writer)
{
  IsafSheet sheet;

  landscape_sheet (&sheet, ISAF_CANVAS (writer));
  isaf_print_test_assert_inside (isaf_canvas_get_text_boxes (ISAF_CANVAS (writer)), sheet.left,
                                 sheet.top, sheet.width, sheet.bottom - sheet.top);
  isaf_print_test_assert_no_overlap (writer);
}

static void
assert_box_in_column (const IsafTextBox *box,
                      double             left,
                      double             right)
{
  double ink_left = box->ink_width > 0 ? box->ink_x : box->x;
  double ink_right = box->ink_width > 0 ? box->ink_x + box->ink_width : box->x + box->width;

  if (box->x < left - SLACK || ink_left < left - SLACK || box->x + box->width > right + SLACK
      || ink_right > right + SLACK)
    g_error ("“%s” on page %u spans %.2f–%.2f, outside its column %.2f–%.2f", box->text,
             box->page + 1, MIN (box->x, ink_left), MAX (box->x + box->width, ink_right), left,
             right);
}

/* The column a box starts in. */
static guint
column_at (const double *edges,
           guint         n_columns,
           double        x)
{
  guint column = 0;

  while (column + 1 < n_columns && edges[column + 1] <= x + SLACK)
    column++;
  return column;
}

/* Each cell's text inside its column: every box of every action's row, each total's amount
 * under the cost, and each column's heading on every page. Returns how many boxes it
 * checked. */
static guint
assert_in_columns (IsafPdfWriter     *writer,
                   IsafJaapSheetKind  kind,
                   GArray            *blocks,
                   GArray            *placements,
                   const char        *cost_heading)
{
  GArray *boxes = isaf_canvas_get_text_boxes (ISAF_CANVAS (writer));
  guint n_pages = isaf_canvas_get_n_pages (ISAF_CANVAS (writer));
  double edges[ISAF_JAAP_SHEET_MAX_COLUMNS + 1];
  IsafSheet sheet;
  guint n_columns, cost = 0, n_checked = 0;
  double figure_height = 0;

  landscape_sheet (&sheet, ISAF_CANVAS (writer));
  n_columns = isaf_jaap_sheet_column_edges (kind, sheet.width, edges);
  for (guint i = 0; i <= n_columns; i++)
    edges[i] += sheet.left;
  /* The cost column, found by its heading on the first page. */
  for (guint i = 0; i < boxes->len; i++)
    {
      const IsafTextBox *box = &g_array_index (boxes, IsafTextBox, i);

      if (box->page == 0 && g_str_equal (box->text, cost_heading))
        cost = column_at (edges, n_columns, box->x);
    }
  g_assert_cmpuint (cost, >, 0);

  for (guint p = 0; p < placements->len; p++)
    {
      const IsafSheetPlacement *placement = &g_array_index (placements, IsafSheetPlacement, p);
      const Block *block;
      g_autofree char *amount = NULL;
      g_autofree char *cost_text = NULL;

      if (placement->block >= blocks->len)
        continue;
      block = &g_array_index (blocks, Block, placement->block);
      if (block->kind == BLOCK_TOTAL || block->kind == BLOCK_GRAND_TOTAL)
        amount = isaf_format_riel (block->total, ISAF_DIGITS_KHMER);
      else if (block->kind != BLOCK_ENTRY)
        continue;
      else if (!isaf_record_is_null (block->entry->action, "estimated_cost_riel"))
        cost_text = isaf_format_riel (isaf_record_get_integer (block->entry->action,
                                                               "estimated_cost_riel"),
                                      ISAF_DIGITS_KHMER);
      for (guint i = 0; i < boxes->len; i++)
        {
          const IsafTextBox *box = &g_array_index (boxes, IsafTextBox, i);
          double middle = box->y + box->height / 2;
          guint column;

          if (box->page != placement->page || middle < placement->top
              || middle > placement->top + placement->height)
            continue;
          if (amount != NULL)
            {
              /* A total's words span the columns before the cost; its amount is under it. */
              if (!g_str_equal (box->text, amount))
                continue;
              column = cost;
            }
          else
            column = column_at (edges, n_columns, box->x);
          assert_box_in_column (box, edges[column], edges[column + 1]);
          n_checked++;
          /* Figures on one line: an amount broken at its commas is misread. */
          if (amount != NULL || g_strcmp0 (box->text, cost_text) == 0)
            {
              if (figure_height == 0)
                figure_height = box->height;
              g_assert_cmpfloat (box->height, <, 1.5 * figure_height);
              g_assert_cmpfloat (figure_height, <, 1.5 * box->height);
            }
        }
    }

  if (kind == ISAF_JAAP_SHEET_PLAN)
    for (guint c = 0; c < G_N_ELEMENTS (plan_headings); c++)
      {
        guint found = 0;

        for (guint i = 0; i < boxes->len; i++)
          {
            const IsafTextBox *box = &g_array_index (boxes, IsafTextBox, i);

            if (!g_str_equal (box->text, plan_headings[c]))
              continue;
            assert_box_in_column (box, edges[c], edges[c + 1]);
            g_assert_cmpuint (box->page, ==, found);
            found++;
          }
        /* The header row on every page. */
        g_assert_cmpuint (found, ==, n_pages);
      }
  return n_checked;
}

typedef struct {
  double header_bottom;
  double footer_top;
  guint first_block;
  guint last_block;
  double last_bottom;
} Page;

/* Where the flow put the blocks: every block once, in order, whole on one page between that
 * page's header and footer; a page ends only when the next block, with the blocks it keeps
 * with, does not fit under its last one. Returns the number of pages. */
static guint
assert_paged (GArray *blocks,
              GArray *placements)
{
  g_autoptr(GArray) pages = g_array_new (FALSE, TRUE, sizeof (Page));
  guint next = 0;

  for (guint p = 0; p < placements->len; p++)
    {
      const IsafSheetPlacement *placement = &g_array_index (placements, IsafSheetPlacement, p);
      Page *page;

      if (placement->page >= pages->len)
        {
          g_assert_cmpuint (placement->page, ==, pages->len);
          g_assert_cmpuint (placement->block, ==, ISAF_SHEET_PLACEMENT_HEADER);
          g_array_set_size (pages, placement->page + 1);
          page = &g_array_index (pages, Page, placement->page);
          page->header_bottom = placement->top + placement->height;
          page->first_block = G_MAXUINT;
          continue;
        }
      page = &g_array_index (pages, Page, placement->page);
      g_assert_cmpuint (placement->block, !=, ISAF_SHEET_PLACEMENT_HEADER);
      if (placement->block == ISAF_SHEET_PLACEMENT_FOOTER)
        {
          page->footer_top = placement->top;
          g_assert_cmpfloat (page->last_bottom, <=, page->footer_top + SLACK);
          continue;
        }
      g_assert_cmpuint (placement->block, ==, next);
      g_assert_cmpfloat (placement->top, >=, page->header_bottom - SLACK);
      if (page->first_block == G_MAXUINT)
        page->first_block = next;
      page->last_block = next;
      page->last_bottom = placement->top + placement->height;
      next++;
    }
  g_assert_cmpuint (next, ==, blocks->len);

  for (guint p = 1; p < pages->len; p++)
    {
      const Page *before = &g_array_index (pages, Page, p - 1);
      const Page *page = &g_array_index (pages, Page, p);
      double needed = 0;

      g_assert_cmpuint (page->first_block, ==, before->last_block + 1);
      g_assert_false (keeps_with_next (blocks, before->last_block));
      for (guint b = page->first_block;; b++)
        {
          for (guint i = 0; i < placements->len; i++)
            if (g_array_index (placements, IsafSheetPlacement, i).block == b)
              needed += g_array_index (placements, IsafSheetPlacement, i).height;
          if (!keeps_with_next (blocks, b))
            break;
        }
      g_assert_cmpfloat (before->last_bottom + needed, >, before->footer_top);
    }
  return pages->len;
}

/* The text pdftotext finds on page @page (from 1). */
static char *
page_text (const char *pdf,
           guint       page)
{
  g_autofree char *number = g_strdup_printf ("%u", page);
  g_autofree char *out = NULL;

  g_assert_cmpint (isaf_print_test_run (&out, NULL, NULL, "pdftotext", "-enc", "UTF-8", "-f",
                                        number, "-l", number, pdf, "-", NULL), ==, 0);
  return isaf_print_test_squeeze (out);
}

/* The title in Khmer, with the year in the digits of the sheet's language. */
static char *
khmer_title (const char         *english,
             int                 year,
             IsafPosterLanguage  language)
{
  g_autofree char *title = NULL;

  if (g_str_equal (english, CIP_TITLE))
    title = g_strdup_printf ("បញ្ជីសកម្មភាពសម្រាប់កម្មវិធីវិនិយោគឃុំ ឆ្នាំ%d", year);
  else
    title = g_strdup_printf ("ផែនការសកម្មភាពរួមដើម្បីគណនេយ្យភាព ឆ្នាំ%d", year);
  return isaf_format_digits (title, language == ISAF_POSTER_LANGUAGE_KHMER ? ISAF_DIGITS_KHMER
                                                                           : ISAF_DIGITS_WESTERN);
}

/* The demo's plan ------------------------------------------------------------------------------ */

/* The demo's plan on landscape pages, checked to its columns, every action in it; its title,
 * group letters and header row (on every page) in the text a reader extracts. */
static void
test_demo_plan (IsafPrintTestFiles *files,
                gconstpointer       data)
{
  g_autoptr(IsafJaap) jaap = load_demo ();
  g_autoptr(GArray) blocks = expected_blocks (jaap, ISAF_JAAP_SHEET_PLAN);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  double seconds;

  /* The time a clerk waits for the plan's PDF, fonts and all. */
  g_test_timer_start ();
  bytes = isaf_jaap_sheet_render_pdf (jaap, ISAF_JAAP_SHEET_PLAN, ISAF_POSTER_LANGUAGE_KHMER,
                                      &error);
  seconds = g_test_timer_elapsed ();
  g_assert_no_error (error);
  g_test_message ("the demo's plan of %u actions as PDF: %.0f ms, %zu bytes", jaap->entries->len,
                  seconds * 1000, g_bytes_get_size (bytes));

  for (IsafPosterLanguage language = ISAF_POSTER_LANGUAGE_KHMER;
       language <= ISAF_POSTER_LANGUAGE_BOTH; language++)
    {
      g_autofree char *name = g_strdup_printf ("demo-%u.pdf", language);
      g_autofree char *pdf = isaf_print_test_path (files, name);
      g_autoptr(GArray) placements = g_array_new (FALSE, FALSE, sizeof (IsafSheetPlacement));
      g_autoptr(IsafPdfWriter) writer = draw_to (jaap, ISAF_JAAP_SHEET_PLAN, language, placements,
                                                 pdf);
      guint n_pages = isaf_canvas_get_n_pages (ISAF_CANVAS (writer));
      g_autofree char *text = NULL;
      g_autofree char *squeezed = NULL;
      g_autofree char *title = khmer_title (PLAN_TITLE, demo.year, language);
      g_autofree char *squeezed_title = isaf_print_test_squeeze (title);

      assert_laid_out (writer);
      g_assert_cmpuint (assert_in_columns (writer, ISAF_JAAP_SHEET_PLAN, blocks, placements,
                                           "តម្លៃប៉ាន់ស្មាន (រៀល)"), >, 5 * jaap->entries->len);
      g_assert_cmpuint (assert_paged (blocks, placements), ==, n_pages);
      assert_valid_pdf (pdf, n_pages);
      g_assert_nonnull (isaf_print_test_find_box (writer, "ព្រះរាជាណាចក្រកម្ពុជា"));
      g_assert_nonnull (isaf_print_test_find_box (writer, "ជាតិ សាសនា ព្រះមហាក្សត្រ"));
      g_assert_nonnull (isaf_print_test_find_box (writer, "ឃុំបន្ទាយនាង"));
      g_assert_nonnull (isaf_print_test_find_box (writer, "ប្រធានគណៈកម្មការ JAAP"));
      g_assert_nonnull (isaf_print_test_find_box (writer, "មេឃុំ"));
      /* Every action, each in one block of text (the demo may plan the same twice). */
      for (guint i = 0; i < jaap->entries->len; i++)
        {
          const char *activity = activity_of (jaap, i);
          guint n_same = 0;

          for (guint j = 0; j < jaap->entries->len; j++)
            n_same += g_str_equal (activity, activity_of (jaap, j));
          g_assert_cmpuint (isaf_print_test_count_boxes (writer, activity, TRUE), ==, n_same);
        }
      if (language == ISAF_POSTER_LANGUAGE_BOTH)
        {
          g_autofree char *english = g_strdup_printf (PLAN_TITLE, demo.year);

          g_assert_nonnull (isaf_print_test_find_box (writer, english));
          g_assert_nonnull (isaf_print_test_find_box (writer, "Agreed priority activity"));
        }
      else
        g_assert_null (isaf_print_test_find_box (writer, "Agreed priority activity"));

      if (!isaf_print_test_need_tool ("pdftotext"))
        continue;
      text = isaf_print_test_pdftotext (pdf);
      squeezed = isaf_print_test_squeeze (text);
      g_assert_nonnull (strstr (squeezed, squeezed_title));
      g_assert_nonnull (strstr (text, "ក\n"));
      g_assert_nonnull (strstr (text, "ខ\n"));
      for (guint p = 1; p <= n_pages; p++)
        {
          g_autofree char *on_page = page_text (pdf, p);

          g_assert_nonnull (strstr (on_page, "ល.រ"));
          g_assert_nonnull (strstr (on_page, "អ្នកដឹកនាំអនុវត្ត/សហការ"));
        }
    }
}

/* The demo's CIP list: group ក alone, each action's source of funds, and its total. */
static void
test_demo_cip (IsafPrintTestFiles *files,
               gconstpointer       data)
{
  g_autoptr(IsafJaap) jaap = load_demo ();
  g_autoptr(GArray) blocks = expected_blocks (jaap, ISAF_JAAP_SHEET_CIP);
  g_autofree char *pdf = isaf_print_test_path (files, "cip.pdf");
  g_autoptr(GArray) placements = g_array_new (FALSE, FALSE, sizeof (IsafSheetPlacement));
  g_autoptr(IsafPdfWriter) writer = draw_to (jaap, ISAF_JAAP_SHEET_CIP, ISAF_POSTER_LANGUAGE_KHMER,
                                             placements, pdf);
  const Block *total = &g_array_index (blocks, Block, blocks->len - 1);
  g_autofree char *amount = isaf_format_riel (total->total, ISAF_DIGITS_KHMER);
  g_autofree char *title = khmer_title (CIP_TITLE, demo.year, ISAF_POSTER_LANGUAGE_KHMER);
  const char *fund = isaf_report_fund_source_words ()[ISAF_FUND_COMMUNE_FUND].km;
  guint n_ka = 0;

  for (guint i = 0; i < jaap->entries->len; i++)
    n_ka += in_group (g_ptr_array_index (jaap->entries, i), "ka");
  g_assert_cmpuint (n_ka, >, 0);
  g_assert_cmpuint (blocks->len, ==, n_ka + 2);
  g_assert_cmpuint (total->kind, ==, BLOCK_TOTAL);
  g_assert_cmpint (total->total, >, 0);

  assert_laid_out (writer);
  assert_in_columns (writer, ISAF_JAAP_SHEET_CIP, blocks, placements, "តម្លៃប៉ាន់ស្មាន (រៀល)");
  g_assert_cmpuint (assert_paged (blocks, placements), ==,
                    isaf_canvas_get_n_pages (ISAF_CANVAS (writer)));
  assert_valid_pdf (pdf, isaf_canvas_get_n_pages (ISAF_CANVAS (writer)));
  g_assert_nonnull (isaf_print_test_find_box (writer, title));
  g_assert_cmpuint (isaf_print_test_count_boxes (writer, amount, TRUE), ==, 1);
  /* The demo's group ក is paid from the commune fund. */
  g_assert_cmpuint (isaf_print_test_count_boxes (writer, fund, TRUE), ==, n_ka);
  for (guint i = 0; i < jaap->entries->len; i++)
    {
      const IsafJaapEntry *entry = g_ptr_array_index (jaap->entries, i);
      const char *activity = isaf_record_get_text (entry->action, "activity");

      g_assert_true ((isaf_print_test_find_box (writer, activity) != NULL)
                     == in_group (entry, "ka"));
    }
  /* No signatures on the list. */
  g_assert_null (isaf_print_test_find_box (writer, "មេឃុំ"));
}

/* Sixty actions -------------------------------------------------------------------------------- */

static const char * const works[] = {
  "ជួសជុលផ្លូវលំចូលភូមិដែលខូចខាតដោយទឹកជំនន់ក្នុងរដូវវស្សា",
  "សាងសង់អណ្ដូងទឹកស្អាតសម្រាប់ប្រជាពលរដ្ឋ និងសិស្សានុសិស្សនៅតាមសាលារៀន",
  "បណ្ដុះបណ្ដាលបុគ្គលិកអំពីការស្វាគមន៍អ្នកជំងឺដោយរួសរាយ",
  "រៀបចំតារាងវេនប្រចាំការ ហើយបិទផ្សាយនៅមុខមណ្ឌលសុខភាព",
  "ផ្សព្វផ្សាយតម្លៃសេវាសាធារណៈនៅតាមភូមិ និងនៅកន្លែងសាធារណៈ",
  "ទិញសៀវភៅ និងសម្ភារៈសិក្សាសម្រាប់សិស្សក្រីក្រ និងសិស្សមានពិការភាព",
};

/* An activity one to three sentences long. */
static char *
long_activity (guint n)
{
  GString *text = g_string_new (works[n % G_N_ELEMENTS (works)]);

  for (guint i = 1; i <= n % 3; i++)
    g_string_append_printf (text, " ព្រមទាំង%s", works[(n + i) % G_N_ELEMENTS (works)]);
  return g_string_free (text, FALSE);
}

/* 60 actions of depths 1 to 3 in both groups, every parent with a cost of its own that the
 * totals must leave out. */
static void
save_sixty (Store *store)
{
  guint n = 0;

  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *activity = long_activity (n);
      g_autoptr(IsafRecord) top = save_action (store, "ka", NULL, activity,
                                               (i % 2 == 0 ? 7000000 : 1000000 + n * 250000));

      n++;
      for (guint j = 0; i % 2 == 0 && j < 3; j++)
        {
          g_autofree char *child_activity = long_activity (n);
          g_autoptr(IsafRecord) child = save_action (store, "ka", isaf_record_get_id (top),
                                                     child_activity,
                                                     j == 0 ? 7000000 : 1000000 + n * 250000);

          n++;
          for (guint k = 0; j == 0 && k < 2; k++)
            {
              g_autofree char *step = long_activity (n);
              g_autoptr(IsafRecord) grandchild = save_action (store, "ka",
                                                              isaf_record_get_id (child), step,
                                                              1000000 + n * 250000);

              n++;
            }
        }
    }
  for (guint u = 0; u < 4; u++)
    {
      g_autofree char *unit = g_strdup_printf ("អនុវត្តដោយសេវាទី%u និងសហគមន៍", u + 1);
      g_autoptr(IsafRecord) heading = save_action (store, "kha", NULL, unit, 7000000);

      n++;
      for (guint j = 0; j < 6; j++)
        {
          g_autofree char *activity = long_activity (n);
          guint n_steps = j == 0 || j == 3 ? 1 : u == 3 && j == 5 ? 3 : 0;
          g_autoptr(IsafRecord) action = save_action (store, "kha", isaf_record_get_id (heading),
                                                      activity,
                                                      n_steps ? 7000000 : 100000 + n * 50000);

          n++;
          for (guint k = 0; k < n_steps; k++)
            {
              g_autofree char *step = long_activity (n);
              g_autoptr(IsafRecord) sub = save_action (store, "kha", isaf_record_get_id (action),
                                                       step, 100000 + n * 50000);

              n++;
            }
        }
    }
  g_assert_cmpuint (n, ==, 60);
}

/* Sixty actions take several pages: the header row on each, no row split or ended early, the
 * numbers restarting per level, and totals of the actions without sub-actions only. */
static void
test_sixty_actions (IsafPrintTestFiles *files,
                    gconstpointer       data)
{
  g_auto(Store) store = { 0 };
  g_autoptr(IsafJaap) jaap = NULL;
  g_autoptr(GArray) blocks = NULL;
  g_autoptr(GArray) placements = g_array_new (FALSE, FALSE, sizeof (IsafSheetPlacement));
  g_autofree char *pdf = isaf_print_test_path (files, "sixty.pdf");
  g_autoptr(IsafPdfWriter) writer = NULL;
  guint depths[4] = { 0 }, n_pages;
  gint64 totals[2] = { 0, 0 }, naive_total = 0;
  g_autofree char *naive = NULL;
  guint g = 0;

  store_create (&store, files);
  save_sixty (&store);
  jaap = load (&store, YEAR);
  g_assert_cmpuint (jaap->entries->len, ==, 60);
  for (guint i = 0; i < jaap->entries->len; i++)
    {
      const IsafJaapEntry *entry = g_ptr_array_index (jaap->entries, i);

      depths[entry->depth]++;
      if (entry->n_children == 0)
        totals[in_group (entry, "ka") ? 0 : 1] += isaf_record_get_integer (entry->action,
                                                                         "estimated_cost_riel");
    }
  g_assert_cmpuint (depths[1], ==, 10);
  g_assert_cmpuint (depths[2], ==, 33);
  g_assert_cmpuint (depths[3], ==, 17);

  blocks = expected_blocks (jaap, ISAF_JAAP_SHEET_PLAN);
  /* Each group's heading and total, the grand total and the signatures. */
  g_assert_cmpuint (blocks->len, ==, 60 + 2 + 2 + 2);
  for (guint b = 0; b < blocks->len; b++)
    {
      const Block *block = &g_array_index (blocks, Block, b);

      if (block->kind == BLOCK_TOTAL)
        g_assert_cmpint (block->total, ==, totals[g++]);
      if (block->kind == BLOCK_GRAND_TOTAL)
        g_assert_cmpint (block->total, ==, totals[0] + totals[1]);
    }

  writer = draw_to (jaap, ISAF_JAAP_SHEET_PLAN, ISAF_POSTER_LANGUAGE_KHMER, placements, pdf);
  n_pages = assert_paged (blocks, placements);
  g_test_message ("60 actions on %u pages", n_pages);
  g_assert_cmpuint (n_pages, >=, 4);
  g_assert_cmpuint (n_pages, ==, isaf_canvas_get_n_pages (ISAF_CANVAS (writer)));
  assert_laid_out (writer);
  assert_in_columns (writer, ISAF_JAAP_SHEET_PLAN, blocks, placements, "តម្លៃប៉ាន់ស្មាន (រៀល)");
  assert_valid_pdf (pdf, n_pages);

  /* Each total once; the parents' own costs left out, or the plan's money would count twice. */
  for (guint i = 0; i < 3; i++)
    {
      gint64 total = i < 2 ? totals[i] : totals[0] + totals[1];
      g_autofree char *amount = isaf_format_riel (total, ISAF_DIGITS_KHMER);

      g_assert_cmpuint (isaf_print_test_count_boxes (writer, amount, TRUE), ==, 1);
    }
  for (guint i = 0; i < jaap->entries->len; i++)
    {
      const IsafJaapEntry *entry = g_ptr_array_index (jaap->entries, i);

      naive_total += isaf_record_get_integer (entry->action, "estimated_cost_riel");
    }
  naive = isaf_format_riel (naive_total, ISAF_DIGITS_KHMER);
  g_assert_cmpint (naive_total, ==, totals[0] + totals[1] + 19 * 7000000LL);
  g_assert_cmpuint (isaf_print_test_count_boxes (writer, naive, TRUE), ==, 0);

  /* The numbers restart per level: the last unit's first action is "1" again, its third step
   * "3"; paths tell them apart. */
  for (guint i = 0; i < jaap->entries->len; i++)
    {
      const IsafJaapEntry *entry = g_ptr_array_index (jaap->entries, i);

      if (g_str_equal (entry->path, "4.6.3"))
        g_assert_cmpuint (entry->number, ==, 3);
      if (g_str_equal (entry->path, "4.1"))
        g_assert_cmpuint (entry->number, ==, 1);
    }

  if (isaf_print_test_need_tool ("pdftotext"))
    for (guint p = 1; p <= n_pages; p++)
      {
        g_autofree char *on_page = page_text (pdf, p);

        g_assert_nonnull (strstr (on_page, "ល.រ"));
        g_assert_nonnull (strstr (on_page, "សកម្មភាពអាទិភាពដែលបានព្រមព្រៀងគ្នា"));
      }
}

/* A row taller than a page is refused, naming its action; nothing else is shrunk to fit. */
static void
test_row_too_tall (IsafPrintTestFiles *files,
                   gconstpointer       data)
{
  g_auto(Store) store = { 0 };
  g_autoptr(GString) activity = g_string_new ("ស្ថាបនាផ្លូវ");
  g_autoptr(IsafJaap) jaap = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(IsafRecord) first = NULL;
  g_autoptr(IsafRecord) second = NULL;
  g_autoptr(IsafRecord) tall = NULL;

  store_create (&store, files);
  while (g_utf8_strlen (activity->str, -1) < 1950)
    g_string_append (activity, " ជួសជុលផ្លូវលំចូលភូមិ");
  first = save_action (&store, "ka", NULL, "សាងសង់អណ្ដូងទឹកស្អាត", 1000000);
  second = save_action (&store, "kha", NULL, "អនុវត្តដោយមណ្ឌលសុខភាព", 0);
  tall = save_action (&store, "kha", isaf_record_get_id (second), activity->str, 500000);
  isaf_record_set_text (tall, "target_issue", activity->str);
  g_assert_true (isaf_jaap_action_save (store.store, YEAR, tall, NULL, NULL, &error));
  g_assert_no_error (error);
  jaap = load (&store, YEAR);

  pdf = isaf_jaap_sheet_render_pdf (jaap, ISAF_JAAP_SHEET_PLAN, ISAF_POSTER_LANGUAGE_KHMER,
                                    &error);
  g_assert_null (pdf);
  g_assert_error (error, ISAF_PRINT_ERROR, ISAF_PRINT_ERROR_DOES_NOT_FIT);
  g_test_message ("Refused: %s", error->message);
  /* Its number in the plan and the start of its activity. */
  g_assert_nonnull (strstr (error->message, "១.១ ស្ថាបនាផ្លូវ ជួសជុលផ្លូវលំចូលភូមិ"));
}

/* CSV ------------------------------------------------------------------------------------------ */

/* RFC 4180: records end with CRLF; a field in double quotes may hold commas, line breaks and
 * doubled quotes. Returns the records, each a GStrv. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = text;

  while (*p)
    {
      if (*p == '"')
        {
          for (p++; !(*p == '"' && p[1] != '"'); p++)
            {
              g_assert_true (*p != '\0');
              if (*p == '"')
                p++;
              g_string_append_c (field, *p);
            }
          p++;
        }
      else
        while (*p && *p != ',' && *p != '\r' && *p != '\n')
          g_string_append_c (field, *p++);

      g_ptr_array_add (fields, g_strdup (field->str));
      g_string_truncate (field, 0);
      if (*p == ',')
        p++;
      else
        {
          g_assert_true (p[0] == '\r' && p[1] == '\n');
          p += 2;
          g_ptr_array_add (fields, NULL);
          g_ptr_array_add (records, g_ptr_array_steal (fields, NULL));
          fields = g_ptr_array_new_with_free_func (g_free);
        }
    }
  return records;
}

static char *
integer_field (IsafRecord *action,
               const char *column)
{
  if (isaf_record_is_null (action, column))
    return g_strdup ("");
  return g_strdup_printf ("%" G_GINT64_FORMAT, isaf_record_get_integer (action, column));
}

/* What a text field should read: the apostrophe in front of what a spreadsheet would run. */
static char *
text_field (const char *text)
{
  if (text == NULL)
    return g_strdup ("");
  if (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@')
    return g_strconcat ("'", text, NULL);
  return g_strdup (text);
}

/* The CSV of @jaap read back: its byte order mark, its header, and one record per action of
 * the plan (or of group ក) with the stored values. */
static void
assert_csv_is_plan (const IsafJaap *jaap,
                    gboolean        cip_only)
{
  static const char header[] =
    "group,number,depth,activity,proposer,target_issue,location,quantity,quantity_unit,"
    "start_on,end_on,beneficiaries_total,beneficiaries_female,estimated_cost_riel,implementer,"
    "service_unit_code,indicator,fund_source,actual_cost_riel,status";
  g_autofree char *csv = isaf_jaap_csv_format (jaap, cip_only);
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *header_line = NULL;
  guint r = 1;

  g_assert_true (g_str_has_prefix (csv, "\xEF\xBB\xBF"));
  records = parse_csv (csv + strlen ("\xEF\xBB\xBF"));
  header_line = g_strjoinv (",", g_ptr_array_index (records, 0));
  g_assert_cmpstr (header_line, ==, header);

  for (guint i = 0; i < jaap->entries->len; i++)
    {
      const IsafJaapEntry *entry = g_ptr_array_index (jaap->entries, i);
      IsafRecord *action = entry->action;
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];
      GStrv row;
      g_autofree char *depth = g_strdup_printf ("%u", entry->depth);
      g_autofree char *activity = text_field (isaf_record_get_text (action, "activity"));
      g_autofree char *proposer = text_field (isaf_record_get_text (action, "proposer"));
      g_autofree char *target = text_field (isaf_record_get_text (action, "target_issue"));
      g_autofree char *location = text_field (isaf_record_get_text (action, "location"));
      g_autofree char *unit = text_field (isaf_record_get_text (action, "quantity_unit"));
      g_autofree char *implementer = text_field (isaf_record_get_text (action, "implementer"));
      g_autofree char *unit_code = text_field (entry->unit_code);
      g_autofree char *indicator = text_field (entry->indicator_name_km);
      g_autofree char *total = integer_field (action, "beneficiaries_total");
      g_autofree char *female = integer_field (action, "beneficiaries_female");
      g_autofree char *cost = integer_field (action, "estimated_cost_riel");
      g_autofree char *actual = integer_field (action, "actual_cost_riel");
      const char *quantity = isaf_record_is_null (action, "quantity")
                               ? ""
                               : g_ascii_dtostr (buffer, sizeof buffer,
                                                 isaf_record_get_real (action, "quantity"));

      if (cip_only && !in_group (entry, "ka"))
        continue;
      g_assert_cmpuint (r, <, records->len);
      row = g_ptr_array_index (records, r++);
      g_assert_cmpuint (g_strv_length (row), ==, 20);
      g_assert_cmpstr (row[0], ==, isaf_record_get_text (action, "action_group"));
      g_assert_cmpstr (row[1], ==, entry->path);
      g_assert_cmpstr (row[2], ==, depth);
      g_assert_cmpstr (row[3], ==, activity);
      g_assert_cmpstr (row[4], ==, proposer);
      g_assert_cmpstr (row[5], ==, target);
      g_assert_cmpstr (row[6], ==, location);
      g_assert_cmpstr (row[7], ==, quantity);
      g_assert_cmpstr (row[8], ==, unit);
      g_assert_cmpstr (row[9], ==, isaf_record_get_text (action, "start_on") ?: "");
      g_assert_cmpstr (row[10], ==, isaf_record_get_text (action, "end_on") ?: "");
      g_assert_cmpstr (row[11], ==, total);
      g_assert_cmpstr (row[12], ==, female);
      g_assert_cmpstr (row[13], ==, cost);
      g_assert_cmpstr (row[14], ==, implementer);
      g_assert_cmpstr (row[15], ==, unit_code);
      g_assert_cmpstr (row[16], ==, indicator);
      g_assert_cmpstr (row[17], ==, isaf_record_get_text (action, "fund_source") ?: "");
      g_assert_cmpstr (row[18], ==, actual);
      g_assert_cmpstr (row[19], ==, isaf_record_get_text (action, "status"));
    }
  g_assert_cmpuint (r, ==, records->len);
}

/* The demo's plan and its group ក read back from the CSV as isaf_jaap_load() gave them. */
static void
test_csv_demo (void)
{
  g_autoptr(IsafJaap) jaap = load_demo ();
  guint n_units = 0, n_indicators = 0;

  for (guint i = 0; i < jaap->entries->len; i++)
    {
      const IsafJaapEntry *entry = g_ptr_array_index (jaap->entries, i);

      n_units += entry->unit_code != NULL;
      n_indicators += entry->indicator_name_km != NULL;
    }
  /* The demo names units, so the CSV's unit column is not all empty. */
  g_assert_cmpuint (n_units, >, 0);
  assert_csv_is_plan (jaap, FALSE);
  assert_csv_is_plan (jaap, TRUE);
}

/* Text a spreadsheet would run as a formula gets an apostrophe; commas, quotes and line
 * breaks are quoted; a quantity with a fraction keeps its dot. */
static void
test_csv_guarded (IsafPrintTestFiles *files,
                  gconstpointer       data)
{
  g_auto(Store) store = { 0 };
  g_autoptr(IsafJaap) jaap = NULL;
  g_autoptr(IsafRecord) formula = NULL;
  g_autoptr(IsafRecord) plus = NULL;
  g_autoptr(IsafRecord) quoted = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;

  store_create (&store, files);
  formula = save_action (&store, "ka", NULL, "=HYPERLINK(\"http://example.org\",\"ចុច\")", 100);
  isaf_record_set_text (formula, "proposer", "@SUM(A1:A9)");
  isaf_record_set_text (formula, "location", "-ភូមិ");
  isaf_record_set_real (formula, "quantity", 2.5);
  g_assert_true (isaf_jaap_action_save (store.store, YEAR, formula, NULL, NULL, &error));
  g_assert_no_error (error);
  plus = save_action (&store, "ka", NULL, "+855 12 345 678", 200);
  quoted = save_action (&store, "kha", NULL, "ជួសជុល, \"ថ្មី\"\nហើយលាបថ្នាំ", 300);
  jaap = load (&store, YEAR);

  assert_csv_is_plan (jaap, FALSE);
  csv = isaf_jaap_csv_format (jaap, FALSE);
  g_assert_nonnull (strstr (csv, "\r\nka,1,1,"
                                 "\"'=HYPERLINK(\"\"http://example.org\"\",\"\"ចុច\"\")\","
                                 "'@SUM(A1:A9)"));
  g_assert_nonnull (strstr (csv, ",'-ភូមិ,2.5,"));
  g_assert_nonnull (strstr (csv, "\r\nka,2,1,'+855 12 345 678,"));
  g_assert_nonnull (strstr (csv, "\r\nkha,1,1,\"ជួសជុល, \"\"ថ្មី\"\"\nហើយលាបថ្នាំ\","));
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

  isaf_print_test_add ("/print/jaap-sheet/demo", test_demo_plan);
  isaf_print_test_add ("/print/jaap-sheet/cip", test_demo_cip);
  isaf_print_test_add ("/print/jaap-sheet/sixty-actions", test_sixty_actions);
  isaf_print_test_add ("/print/jaap-sheet/row-too-tall", test_row_too_tall);
  g_test_add_func ("/print/jaap-sheet/csv-demo", test_csv_demo);
  isaf_print_test_add ("/print/jaap-sheet/csv-guarded", test_csv_guarded);

  status = g_test_run ();
  isaf_print_test_demo_clear (&demo);
  return status;
}
