/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-print"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "isaf-monthly-report-sheet-private.h"
#include "isaf-report-sheet.h"

/* The monthly report of the JAAP Committee on paper, one sheet per meeting of the month: the
 * band with the commune and the month, the meeting and who came, then the table of the plan's
 * actions (isaf-monthly-report-sheet-table.c) with its column headings on every page, the
 * totals, the decisions and the chair's signature, which stay together with the last action
 * so that a page never holds them alone under the table's headings. */

#define SIZE_SIGNATURE 9.0
/* The room left to sign in. */
#define SIGNATURE_SPACE 40.0
/* How much of an activity an error quotes. */
#define NAME_CHARS 60

typedef struct {
  const IsafMonthlyReportMeeting *meeting;
  IsafReportBand band;
  char *period_km;
  char *period_en;
  char *printed_on;
  IsafReportTable *members;
  IsafReportTable *totals;
} Document;

/* A heading and the text under it, kept whole. */
typedef struct {
  IsafSheetWords heading;
  const char *text;
} TextSection;

static const IsafSheetWords title_words = {
  "របាយការណ៍ប្រចាំខែរបស់គណៈកម្មការ JAAP", "Monthly report of the JAAP Committee",
};
static const IsafSheetWords members_words = {
  "សមាជិកគណៈកម្មការដែលមានវត្តមាន", "Committee members present",
};
static const IsafSheetWords progress_words = {
  "វឌ្ឍនភាពនៃសកម្មភាពក្នុងផែនការ JAAP", "Progress of the JAAP’s actions",
};
static const IsafSheetWords totals_words = { "សរុប", "Totals" };
static const IsafSheetWords steps_remark = {
  "រាប់តែសកម្មភាពដែលគ្មានសកម្មភាពរង៖ សកម្មភាពដែលមានសកម្មភាពរង គឺជាចំណងជើងរបស់វា។",
  "Only actions without sub-actions are counted: an action with sub-actions is their heading.",
};

static const struct {
  const char *value;
  const char *km;
  const char *en;
} member_words[] = {
  { "chair", "ប្រធាន", "Chair" },
  { "deputy", "អនុប្រធាន", "Deputy chair" },
  { "secretary", "លេខាធិការ", "Secretary" },
  { "member", "សមាជិក", "Member" },
  { "f", "ស្រី", "Female" },
  { "m", "ប្រុស", "Male" },
};

static const IsafReportColumn member_columns[] = {
  { "ឈ្មោះ", "Name", 0.5, TRUE },
  { "តួនាទី", "Role", 0.3, TRUE },
  { "ភេទ", "Sex", 0.2, TRUE },
};

static const IsafReportColumn figure_columns[] = {
  { NULL, NULL, 0.7, TRUE },
  { NULL, NULL, 0.3, FALSE },
};

/* The words of a stored role or sex; the value itself when it has none. */
static void
take_member_cell (IsafReportTable *table,
                  const char      *value)
{
  for (guint i = 0; i < G_N_ELEMENTS (member_words); i++)
    if (g_strcmp0 (member_words[i].value, value) == 0)
      {
        isaf_report_table_take_cell (table, g_strdup (member_words[i].km), member_words[i].en);
        return;
      }
  isaf_report_table_take_cell (table, g_strdup (value), NULL);
}

static IsafReportTable *
members_table (const IsafMonthlyReportMeeting *meeting)
{
  IsafReportTable *table = isaf_report_table_new (member_columns, G_N_ELEMENTS (member_columns));

  for (guint i = 0; i < meeting->present->len; i++)
    {
      IsafRecord *member = g_ptr_array_index (meeting->present, i);

      isaf_report_table_add_row (table, isaf_record_get_text (member, "name_km"),
                                 isaf_record_get_text (member, "name_latin"), FALSE);
      take_member_cell (table, isaf_record_get_text (member, "role"));
      take_member_cell (table, isaf_record_get_text (member, "sex"));
    }
  return table;
}

static char *
format_count (IsafSheet *sheet,
              gint64     value)
{
  return isaf_format_integer (value, sheet->digits);
}

static IsafReportTable *
totals_table (IsafSheet                      *sheet,
              const IsafMonthlyReportMeeting *meeting)
{
  IsafReportTable *table = isaf_report_table_new (figure_columns, G_N_ELEMENTS (figure_columns));

  for (IsafJaapStatus status = 0; status < ISAF_N_JAAP_STATUSES; status++)
    isaf_report_table_add_figure (table, isaf_report_status_words (status)->km,
                                  isaf_report_status_words (status)->en,
                                  format_count (sheet, meeting->by_status[status]));
  isaf_report_table_add_row (table, "សរុប", "Total", TRUE);
  isaf_report_table_take_cell (table, format_count (sheet, meeting->n_steps), NULL);
  isaf_report_table_add_figure (table, "ហួសកាលកំណត់ ហើយមិនទាន់បញ្ចប់", "Overdue and still open",
                                format_count (sheet, meeting->n_overdue));
  isaf_report_table_add_figure (table, "បានពិនិត្យក្នុងកិច្ចប្រជុំនេះ", "Reviewed at this meeting",
                                isaf_report_format_part (sheet, meeting->n_reviewed,
                                                         meeting->n_steps));
  isaf_report_table_add_figure (table, "បានចំណាយរហូតមកដល់ពេលនេះ", "Spent so far",
                                isaf_format_riel (meeting->spent_riel, sheet->digits));
  isaf_report_table_add_figure (table, "តម្លៃប៉ាន់ស្មាន", "Estimated cost",
                                isaf_format_riel (meeting->estimated_riel, sheet->digits));
  isaf_report_table_add_figure (table, "ភាគរយនៃការចំណាយធៀបនឹងការប៉ាន់ស្មាន",
                                "Spent as a share of the estimate",
                                isaf_report_format_share (sheet, meeting->spent_riel,
                                                          meeting->estimated_riel));
  return table;
}

/* The header --------------------------------------------------------------------------------- */

/* How many women of those present. */
static double
members_line (IsafSheet                      *sheet,
              const IsafMonthlyReportMeeting *meeting,
              double                          x,
              double                          y,
              double                          width)
{
  g_autofree char *women = format_count (sheet, meeting->n_women_present);
  g_autofree char *all = format_count (sheet, meeting->present->len);
  g_autofree char *km = g_strdup_printf ("ស្រី %s នាក់ ក្នុងចំណោមសមាជិក %s នាក់ដែលមានវត្តមាន",
                                         women, all);
  g_autofree char *en = g_strdup_printf ("Women: %u of the %u members present",
                                         meeting->n_women_present, meeting->present->len);

  return isaf_print_pen_put_pair (&sheet->pen, isaf_sheet_scaled (sheet, ISAF_SHEET_SIZE_BODY),
                                  km, en, x, y, width, PANGO_ALIGN_LEFT, &isaf_sheet_ink)
         + isaf_sheet_scaled (sheet, 4);
}

static double
details (IsafSheet      *sheet,
         const Document *document,
         double          x,
         double          y,
         double          width)
{
  const IsafMonthlyReportMeeting *meeting = document->meeting;
  IsafRecord *record = meeting->meeting->record;
  g_autofree char *date = isaf_sheet_format_date (sheet, isaf_record_get_text (record, "held_on"));
  g_autofree char *year = isaf_sheet_format_year (sheet, meeting->jaap->year);
  g_autofree char *plan = g_strconcat ("ផែនការ JAAP ឆ្នាំ", year, NULL);
  const IsafSheetDetail details[] = {
    { "កាលបរិច្ឆេទ", "Date", date },
    { "ទីកន្លែង", "Place", isaf_record_get_text (record, "place") },
    { "ផែនការដែលតាមដាន", "Plan followed", plan },
  };

  return isaf_sheet_put_details (sheet, details, G_N_ELEMENTS (details), 2, x, y, width);
}

static double
first_header (IsafSheet     *sheet,
              gconstpointer  data,
              double         x,
              double         y,
              double         width)
{
  static const IsafSheetWords nobody = {
    "គ្មានសមាជិកណាម្នាក់ត្រូវបានកត់ត្រាថាមានវត្តមានទេ", "Nobody was recorded as present",
  };
  const Document *document = data;
  double gap = isaf_sheet_scaled (sheet, 8), h = 0;

  h += isaf_report_band (sheet, &document->band, x, y, width) + gap;
  h += details (sheet, document, x, y + h, width);
  h += isaf_report_section_heading (sheet, &members_words, x, y + h, width);
  h += members_line (sheet, document->meeting, x, y + h, width);
  if (document->meeting->present->len > 0)
    h += isaf_report_table_draw (sheet, document->members, x, y + h, width);
  else
    h += isaf_sheet_empty_row (sheet, &nobody, x, y + h, width);
  h += isaf_report_section_heading (sheet, &progress_words, x, y + h, width);
  return h + isaf_monthly_report_sheet_column_headings (sheet, x, y + h, width);
}

static double
page_header (IsafSheet     *sheet,
             gconstpointer  data,
             double         x,
             double         y,
             double         width)
{
  const Document *document = data;
  IsafRecord *record = document->meeting->meeting->record;
  g_autofree char *date = isaf_sheet_format_date (sheet, isaf_record_get_text (record, "held_on"));
  g_autofree char *line_km = g_strconcat (title_words.km, " · ", date, " (ត)", NULL);
  g_autofree char *line_en = g_strconcat (title_words.en, " (continued)", NULL);
  double h = isaf_print_pen_put_pair (&sheet->pen, isaf_sheet_scaled (sheet, ISAF_SHEET_SIZE_BODY),
                                      line_km, line_en, x, y, width, PANGO_ALIGN_LEFT,
                                      &isaf_sheet_blue);

  h += isaf_sheet_scaled (sheet, 4);
  return h + isaf_monthly_report_sheet_column_headings (sheet, x, y + h, width);
}

/* After the table ---------------------------------------------------------------------------- */

static double
text_section (IsafSheet     *sheet,
              gconstpointer  data,
              double         x,
              double         y,
              double         width)
{
  const TextSection *section = data;
  double h = isaf_report_section_heading (sheet, &section->heading, x, y, width);

  return h + isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_BODY,
                                      isaf_sheet_scaled (sheet, ISAF_SHEET_SIZE_BODY),
                                      isaf_print_is_blank (section->text) ? "\u2014"
                                                                          : section->text,
                                      x, y + h, width, PANGO_ALIGN_LEFT, &isaf_sheet_ink);
}

static const char *
chair_name (const IsafMonthlyReportMeeting *meeting)
{
  for (guint i = 0; i < meeting->present->len; i++)
    {
      IsafRecord *member = g_ptr_array_index (meeting->present, i);

      if (g_strcmp0 (isaf_record_get_text (member, "role"), "chair") == 0)
        return isaf_record_get_text (member, "name_km");
    }
  return NULL;
}

/* An IsafSheetBlockFunc: on the right, the chair's title, room to sign, a line and the chair's
 * name when the chair was present. */
static double
signature (IsafSheet     *sheet,
           gconstpointer  data,
           double         x,
           double         y,
           double         width)
{
  const Document *document = data;
  const char *name = chair_name (document->meeting);
  double size = isaf_sheet_scaled (sheet, SIZE_SIGNATURE), side = width * 0.4;
  double left = x + width - side, h = isaf_sheet_scaled (sheet, 14);

  h += isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_HEADING, size,
                                "ប្រធានគណៈកម្មការ JAAP", left, y + h, side, PANGO_ALIGN_CENTER,
                                &isaf_sheet_ink);
  if (sheet->pen.both)
    h += isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_LATIN, size * 0.85,
                                  "Chair of the JAAP Committee", left, y + h, side,
                                  PANGO_ALIGN_CENTER, &isaf_sheet_grey);
  h += isaf_sheet_scaled (sheet, SIGNATURE_SPACE);
  isaf_print_pen_fill (&sheet->pen, left + side * 0.1, y + h, side * 0.8, 0.6, 0,
                       &isaf_sheet_ink);
  h += isaf_sheet_scaled (sheet, 3);
  h += isaf_print_pen_put_pair (&sheet->pen, isaf_sheet_scaled (sheet, ISAF_SHEET_SIZE_SMALL),
                                "ហត្ថលេខា និងឈ្មោះ", "Signature and name", left, y + h, side,
                                PANGO_ALIGN_CENTER, &isaf_sheet_grey);
  if (!isaf_print_is_blank (name))
    h += isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_BODY, size, name, left, y + h,
                                  side, PANGO_ALIGN_CENTER, &isaf_sheet_ink);
  return h;
}

/* The document ------------------------------------------------------------------------------ */

static void
document_clear (Document *document)
{
  g_free (document->period_km);
  g_free (document->period_en);
  g_free (document->printed_on);
  g_clear_pointer (&document->members, isaf_report_table_free);
  g_clear_pointer (&document->totals, isaf_report_table_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Document, document_clear)

static void
document_init (Document                       *document,
               IsafSheet                      *sheet,
               const IsafMonthlyReport        *report,
               const IsafMonthlyReportMeeting *meeting)
{
  g_autofree char *year = isaf_sheet_format_year (sheet, report->year);

  document->meeting = meeting;
  document->period_km = g_strconcat ("ខែ", isaf_format_month_name_km (report->month), " ឆ្នាំ",
                                     year, NULL);
  document->period_en = isaf_report_format_month_en (report->year, report->month);
  document->printed_on = isaf_jaap_dup_today ();
  document->band = (IsafReportBand) { title_words.km, title_words.en, document->period_km,
                                      document->period_en, report->commune_code,
                                      document->printed_on };
  document->members = members_table (meeting);
  document->totals = totals_table (sheet, meeting);
}

/* What an error names for an action: its number and the start of its activity. */
static char *
entry_name (IsafSheet           *sheet,
            const IsafJaapEntry *entry)
{
  g_autofree char *path = isaf_jaap_entry_format_path (entry, sheet->digits);
  const char *activity = isaf_record_get_text (entry->action, "activity");
  g_autofree char *start = NULL;

  if (activity == NULL || g_utf8_strlen (activity, -1) <= NAME_CHARS)
    return g_strdup_printf ("%s %s", path, activity ? activity : "");
  start = g_utf8_substring (activity, 0, NAME_CHARS);
  return g_strdup_printf ("%s %s…", path, start);
}

static void
add_block (GArray             *blocks,
           IsafSheetBlockFunc  func,
           gconstpointer       data,
           gboolean            keep_with_next,
           const char         *name)
{
  IsafSheetBlock block = { func, data, keep_with_next, name };

  g_array_append_val (blocks, block);
}

/* The rows of the table: per group, its heading, its actions in the plan's order or a line
 * saying it has none. */
static void
add_rows (const IsafMonthlyReportMeeting *meeting,
          IsafSheet                      *sheet,
          GArray                         *rows,
          GPtrArray                      *names)
{
  static const char * const groups[] = { "ka", "kha" };
  GPtrArray *entries = meeting->jaap->entries;

  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      IsafMonthlyRow heading = { meeting, ISAF_MONTHLY_ROW_GROUP, groups[g], 0 };
      guint n_actions = 0;

      g_array_append_val (rows, heading);
      g_ptr_array_add (names, NULL);
      for (guint i = 0; i < entries->len; i++)
        {
          const IsafJaapEntry *entry = g_ptr_array_index (entries, i);
          IsafMonthlyRow row = { meeting, ISAF_MONTHLY_ROW_ENTRY, groups[g], i };

          if (g_strcmp0 (isaf_record_get_text (entry->action, "action_group"), groups[g]) != 0)
            continue;
          g_array_append_val (rows, row);
          g_ptr_array_add (names, entry_name (sheet, entry));
          n_actions++;
        }
      if (n_actions == 0)
        {
          IsafMonthlyRow empty = { meeting, ISAF_MONTHLY_ROW_EMPTY, groups[g], 0 };

          g_array_append_val (rows, empty);
          g_ptr_array_add (names, NULL);
        }
    }
}

/* A group's heading stays with its first row, an action with its first sub-action, and the
 * last row with what follows the table. */
static gboolean
keeps_with_next (const IsafMonthlyReportMeeting *meeting,
                 GArray                         *rows,
                 guint                           i)
{
  const IsafMonthlyRow *row = &g_array_index (rows, IsafMonthlyRow, i);

  if (i + 1 == rows->len || row->kind == ISAF_MONTHLY_ROW_GROUP)
    return TRUE;
  if (row->kind != ISAF_MONTHLY_ROW_ENTRY)
    return FALSE;
  return ((const IsafJaapEntry *) g_ptr_array_index (meeting->jaap->entries,
                                                     row->index))->n_children > 0;
}

gboolean
isaf_monthly_report_sheet_draw (IsafCanvas                     *canvas,
                                const IsafMonthlyReport        *report,
                                const IsafMonthlyReportMeeting *meeting,
                                IsafPosterLanguage              language,
                                GError                        **error)
{
  g_auto(Document) document = { 0 };
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (IsafMonthlyRow));
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) blocks = g_array_new (FALSE, TRUE, sizeof (IsafSheetBlock));
  g_autofree char *place = NULL;
  g_autofree char *footer = NULL;
  IsafSheetFlow flow = { first_header, page_header, &document, NULL, NULL, TRUE };
  IsafRecord *record;
  TextSection decisions = { { "សេចក្ដីសម្រេច", "Decisions" }, NULL };
  TextSection notes = { { "កំណត់សម្គាល់", "Notes" }, NULL };
  IsafSheet sheet;

  g_return_val_if_fail (ISAF_IS_CANVAS (canvas), FALSE);
  g_return_val_if_fail (report != NULL && meeting != NULL, FALSE);

  record = meeting->meeting->record;
  decisions.text = isaf_record_get_text (record, "decisions");
  notes.text = isaf_record_get_text (record, "notes");
  isaf_sheet_init (&sheet, canvas, language);
  document_init (&document, &sheet, report, meeting);

  /* The rows first, so that the blocks can point into an array that no longer grows. */
  add_rows (meeting, &sheet, rows, names);
  for (guint i = 0; i < rows->len; i++)
    add_block (blocks, isaf_monthly_report_sheet_row, &g_array_index (rows, IsafMonthlyRow, i),
               keeps_with_next (meeting, rows, i), g_ptr_array_index (names, i));
  add_block (blocks, isaf_report_section_heading, &totals_words, TRUE, NULL);
  add_block (blocks, isaf_report_table_draw, document.totals, TRUE, NULL);
  add_block (blocks, isaf_report_remark, &steps_remark, TRUE, NULL);
  add_block (blocks, text_section, &decisions, TRUE, _("Decisions"));
  if (!isaf_print_is_blank (notes.text))
    add_block (blocks, text_section, &notes, TRUE, _("Notes"));
  add_block (blocks, signature, &document, FALSE, NULL);

  place = isaf_sheet_place_line (report->commune_code, FALSE);
  footer = g_strdup_printf ("%s %s · %s", title_words.km, document.period_km, place);
  flow.footer = footer;
  flow.name = title_words.km;
  return isaf_sheet_flow (&sheet, &flow, blocks, error);
}

/**
 * isaf_monthly_report_sheet_render_pdf:
 * @report: the committee's meetings of a month
 * @language: Khmer only, or Khmer with English
 * @error: return location for an %ISAF_PRINT_ERROR
 *
 * Returns: (transfer full) (nullable): the PDF document
 */
GBytes *
isaf_monthly_report_sheet_render_pdf (const IsafMonthlyReport  *report,
                                      IsafPosterLanguage        language,
                                      GError                  **error)
{
  g_autofree char *month = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (report != NULL, NULL);

  /* The document's title in its metadata is English, as the other sheets' are. */
  month = isaf_report_format_month_en (report->year, report->month);
  title = g_strdup_printf ("%s, %s", title_words.en, month);
  return isaf_sheet_render_pdf (title, (IsafSheetDrawFunc) isaf_monthly_report_sheet_draw, report,
                                report->meetings, language, error);
}
