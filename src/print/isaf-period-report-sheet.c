/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-print"

#include "config.h"

#include "isaf-fonts.h"
#include "isaf-pdf-writer.h"
#include "isaf-period-report-sheet.h"
#include "isaf-report-sheet.h"

/* The semi-annual and annual reports on paper: the figures of IsafPeriodReport, which
 * isaf-period-report.h defines, section by section, each a heading kept with its table. The
 * figures are printed as the report holds them; nothing is computed here but shares. */

#define EN_DASH "\u2013"

typedef enum {
  TABLE_ACTIONS,
  TABLE_MEETINGS,
  TABLE_PARTICIPATION,
  TABLE_CAFS,
  TABLE_BUDGET_CATEGORIES,
  TABLE_BUDGET_SOURCES,
  TABLE_COVERAGE,
  N_TABLES,
} TableKind;

typedef struct {
  IsafReportBand band;
  const char *title_km;
  char *period_km;
  char *period_en;
  IsafReportTable *tables[N_TABLES];
} Document;

static const IsafSheetWords section_words[N_TABLES] = {
  [TABLE_ACTIONS] = { "សកម្មភាពក្នុងផែនការ JAAP", "Actions of the JAAP" },
  [TABLE_MEETINGS] = { "កិច្ចប្រជុំដែលបានធ្វើ", "Meetings held" },
  [TABLE_PARTICIPATION] = { "ការចូលរួម", "Participation" },
  [TABLE_CAFS] = { "អ្នកសម្របសម្រួលគណនេយ្យភាពសហគមន៍ (CAF)",
                   "Community Accountability Facilitators (CAFs)" },
  [TABLE_BUDGET_CATEGORIES] = { "ថវិកា (AWPB) តាមប្រភេទចំណាយ", "Budget (AWPB) by category" },
  [TABLE_BUDGET_SOURCES] = { "ថវិកា (AWPB) តាមប្រភពថវិកា", "Budget (AWPB) by source of funds" },
  [TABLE_COVERAGE] = { "ការគ្របដណ្ដប់ I4C", "I4C coverage" },
};

/* Youth and the other groups are among the people; the interface and committee meetings do
 * not record them (isaf-period-report.h), which a dash says rather than a made-up zero. */
static const IsafSheetWords participation_remark = {
  "យុវជន ជនមានពិការភាព ជនជាតិដើមភាគតិច និងអ្នកមានប័ណ្ណក្រីក្រ ត្រូវបានរាប់ក្នុងចំណោមអ្នកចូលរួម។ "
  "— ៖ មិនបានកត់ត្រាក្នុងកិច្ចប្រជុំប្រភេទនេះ។",
  "Youth, people with disability, ethnic minorities and ID-Poor are counted among the people. "
  "—: not recorded at these meetings.",
};

/* In the order of IsafPeriodSource. */
static const IsafSheetWords source_words[ISAF_PERIOD_N_SOURCES] = {
  [ISAF_PERIOD_SOURCE_DISSEMINATION] = { "ការផ្សព្វផ្សាយ I4C", "I4C dissemination" },
  [ISAF_PERIOD_SOURCE_SCORECARDS] = { "ប័ណ្ណដាក់ពិន្ទុ និងការវាយតម្លៃខ្លួនឯង",
                                      "Scorecards and self-assessments" },
  [ISAF_PERIOD_SOURCE_INTERFACE] = { "កិច្ចប្រជុំផ្សារភ្ជាប់", "Interface meetings" },
  [ISAF_PERIOD_SOURCE_JAAPC] = { "គណៈកម្មការ JAAP", "JAAP Committee" },
};

static const IsafReportColumn figure_columns[] = {
  { NULL, NULL, 0.7, TRUE },
  { NULL, NULL, 0.3, FALSE },
};

static const IsafReportColumn participation_columns[] = {
  { "ប្រភព", "Source", 0.23, TRUE },
  { "អ្នកចូលរួម", "People", 0.11, FALSE },
  { "ស្រី", "Women", 0.11, FALSE },
  { "ប្រុស", "Men", 0.11, FALSE },
  { "យុវជន", "Youth", 0.11, FALSE },
  { "ជនមានពិការភាព", "Disability", 0.11, FALSE },
  { "ជនជាតិដើមភាគតិច", "Ethnic minority", 0.11, FALSE },
  { "ប័ណ្ណក្រីក្រ", "ID-Poor", 0.11, FALSE },
};

static const IsafReportColumn category_columns[] = {
  { "ប្រភេទចំណាយ", "Category", 0.42, TRUE },
  { "គ្រោងទុក (រៀល)", "Planned (Riel)", 0.2, FALSE },
  { "បានចំណាយ (រៀល)", "Spent (Riel)", 0.2, FALSE },
  { "ភាគរយចំណាយ", "Share spent", 0.18, FALSE },
};

static const IsafReportColumn source_columns[] = {
  { "ប្រភពថវិកា", "Source of funds", 0.42, TRUE },
  { "គ្រោងទុក (រៀល)", "Planned (Riel)", 0.2, FALSE },
  { "បានចំណាយ (រៀល)", "Spent (Riel)", 0.2, FALSE },
  { "ភាគរយចំណាយ", "Share spent", 0.18, FALSE },
};

static const char * const half_year_en[] = { "January" EN_DASH "June", "July" EN_DASH "December" };

/* The tables ------------------------------------------------------------------------------- */

static char *
format_count (IsafSheet *sheet,
              gint64     value)
{
  return isaf_format_integer (value, sheet->digits);
}

static IsafReportTable *
actions_table (IsafSheet              *sheet,
               const IsafPeriodReport *report)
{
  IsafReportTable *table = isaf_report_table_new (figure_columns, G_N_ELEMENTS (figure_columns));
  const gint64 by_status[ISAF_N_JAAP_STATUSES] = {
    [ISAF_JAAP_STATUS_NOT_STARTED] = report->actions_not_started,
    [ISAF_JAAP_STATUS_ONGOING] = report->actions_ongoing,
    [ISAF_JAAP_STATUS_COMPLETED] = report->actions_completed,
    [ISAF_JAAP_STATUS_CANCELLED] = report->actions_cancelled,
  };
  g_autofree char *share = isaf_sheet_format_number (sheet, report->has_share,
                                                     100 * report->share_completed_or_ongoing, 1);

  isaf_report_table_add_row (table, "សកម្មភាពសរុបក្នុងរយៈពេលនេះ", "Actions in the period", TRUE);
  isaf_report_table_take_cell (table, format_count (sheet, report->actions_total), NULL);
  for (IsafJaapStatus status = 0; status < ISAF_N_JAAP_STATUSES; status++)
    isaf_report_table_add_figure (table, isaf_report_status_words (status)->km,
                                  isaf_report_status_words (status)->en,
                                  format_count (sheet, by_status[status]));
  isaf_report_table_add_figure (table, "ភាគរយសកម្មភាពបានបញ្ចប់ ឬកំពុងអនុវត្ត",
                                "Share completed or ongoing",
                                report->has_share ? g_strconcat (share, "%", NULL)
                                                  : g_steal_pointer (&share));
  isaf_report_table_add_figure (table, "ហួសកាលកំណត់ ហើយមិនទាន់បញ្ចប់", "Overdue and still open",
                                format_count (sheet, report->actions_overdue));
  isaf_report_table_add_figure (table, "ក្រុម ក៖ ត្រូវការធនធានពីខាងក្រៅ",
                                "Group ក: outside resources",
                                format_count (sheet, report->actions_ka));
  isaf_report_table_add_figure (table, "ក្រុម ខ៖ អ្នកផ្ដល់សេវា និងសហគមន៍",
                                "Group ខ: providers and community",
                                format_count (sheet, report->actions_kha));
  isaf_report_table_add_figure (table, "តម្លៃប៉ាន់ស្មាន", "Estimated cost",
                                isaf_format_riel (report->estimated_cost_riel, sheet->digits));
  isaf_report_table_add_figure (table, "ចំណាយជាក់ស្ដែង", "Actual cost",
                                isaf_format_riel (report->actual_cost_riel, sheet->digits));
  return table;
}

static IsafReportTable *
meetings_table (IsafSheet              *sheet,
                const IsafPeriodReport *report)
{
  IsafReportTable *table = isaf_report_table_new (figure_columns, G_N_ELEMENTS (figure_columns));

  isaf_report_table_add_figure (table, "កិច្ចប្រជុំគណៈកម្មការ JAAP", "JAAP Committee meetings",
                                format_count (sheet, report->jaapc_meetings));
  isaf_report_table_add_figure (table, "វត្តមានសមាជិកគណៈកម្មការ JAAP (សរុបគ្រប់កិច្ចប្រជុំ)",
                                "Committee members present (all meetings)",
                                format_count (sheet, report->jaapc_members_present));
  isaf_report_table_add_figure (table, "កិច្ចប្រជុំផ្សព្វផ្សាយ I4C", "I4C dissemination meetings",
                                format_count (sheet, report->dissemination_meetings));
  isaf_report_table_add_figure (table, "ប័ណ្ណដាក់ពិន្ទុសហគមន៍", "Community scorecards",
                                format_count (sheet, report->community_scorecards));
  isaf_report_table_add_figure (table, "ការវាយតម្លៃខ្លួនឯងរបស់អ្នកផ្ដល់សេវា",
                                "Service provider self-assessments",
                                format_count (sheet, report->self_assessments));
  isaf_report_table_add_figure (table, "កិច្ចប្រជុំផ្សារភ្ជាប់", "Interface meetings",
                                format_count (sheet, report->interface_meetings));
  return table;
}

static void
add_participation (IsafSheet                     *sheet,
                   IsafReportTable               *table,
                   const IsafSheetWords          *label,
                   const IsafPeriodParticipation *people,
                   gboolean                       has_groups,
                   gboolean                       is_total)
{
  const gint64 groups[] = { people->youth, people->disability, people->ethnic_minority,
                            people->id_poor };

  isaf_report_table_add_row (table, label->km, label->en, is_total);
  isaf_report_table_take_cell (table, format_count (sheet, people->people), NULL);
  isaf_report_table_take_cell (table, format_count (sheet, people->women), NULL);
  isaf_report_table_take_cell (table, format_count (sheet, people->men), NULL);
  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    isaf_report_table_take_cell (table, has_groups ? format_count (sheet, groups[i]) : NULL, NULL);
}

static IsafReportTable *
participation_table (IsafSheet              *sheet,
                     const IsafPeriodReport *report)
{
  static const IsafSheetWords total = { "សរុប", "Total" };
  IsafReportTable *table = isaf_report_table_new (participation_columns,
                                                  G_N_ELEMENTS (participation_columns));

  for (IsafPeriodSource source = 0; source < ISAF_PERIOD_N_SOURCES; source++)
    add_participation (sheet, table, &source_words[source], &report->participation[source],
                       source == ISAF_PERIOD_SOURCE_DISSEMINATION
                         || source == ISAF_PERIOD_SOURCE_SCORECARDS,
                       FALSE);
  add_participation (sheet, table, &total, &report->participation_total, TRUE, TRUE);
  return table;
}

static IsafReportTable *
cafs_table (IsafSheet              *sheet,
            const IsafPeriodReport *report)
{
  IsafReportTable *table = isaf_report_table_new (figure_columns, G_N_ELEMENTS (figure_columns));

  isaf_report_table_add_figure (table, "CAF សកម្មក្នុងរយៈពេលនេះ", "Active in the period",
                                format_count (sheet, report->cafs_active));
  isaf_report_table_add_figure (table, "ក្នុងនោះស្រី", "Of whom women",
                                isaf_report_format_part (sheet, report->cafs_women,
                                                         report->cafs_active));
  for (guint module = 0; module < ISAF_PERIOD_N_TRAINING_MODULES; module++)
    {
      g_autofree char *km = g_strdup_printf ("បានបណ្តុះបណ្តាលម៉ូឌុល M%u", module + 1);
      g_autofree char *en = g_strdup_printf ("Trained in module M%u", module + 1);

      isaf_report_table_add_figure (table, km, en,
                                    isaf_report_format_part (sheet, report->cafs_trained[module],
                                                             report->cafs_active));
    }
  isaf_report_table_add_figure (table, "ជាមន្ត្រីភូមិ ឬជំនួយការឃុំ (ហានិភ័យចំពោះអព្យាក្រឹតភាព)",
                                "Village officials or commune assistants (a risk to impartiality)",
                                isaf_report_format_part (sheet, report->cafs_village_officials,
                                                         report->cafs_active));
  return table;
}

static void
add_budget (IsafSheet              *sheet,
            IsafReportTable        *table,
            const IsafSheetWords   *label,
            const IsafPeriodBudget *budget,
            gboolean                is_total)
{
  isaf_report_table_add_row (table, label->km, label->en, is_total);
  isaf_report_table_take_cell (table, isaf_format_riel (budget->planned_riel, sheet->digits), NULL);
  isaf_report_table_take_cell (table, isaf_format_riel (budget->spent_riel, sheet->digits), NULL);
  isaf_report_table_take_cell (table, isaf_report_format_share (sheet, budget->spent_riel,
                                                                budget->planned_riel), NULL);
}

static IsafReportTable *
budget_table (IsafSheet              *sheet,
              const IsafReportColumn *columns,
              guint                   n_columns,
              const IsafSheetWords   *words,
              const IsafPeriodBudget *budgets,
              guint                   n_budgets,
              const IsafPeriodBudget *total)
{
  static const IsafSheetWords total_words = { "សរុប", "Total" };
  IsafReportTable *table = isaf_report_table_new (columns, n_columns);

  for (guint i = 0; i < n_budgets; i++)
    add_budget (sheet, table, &words[i], &budgets[i], FALSE);
  add_budget (sheet, table, &total_words, total, TRUE);
  return table;
}

static IsafReportTable *
coverage_table (IsafSheet              *sheet,
                const IsafPeriodReport *report)
{
  IsafReportTable *table = isaf_report_table_new (figure_columns, G_N_ELEMENTS (figure_columns));

  isaf_report_table_add_figure (table, "អង្គភាពសេវាដែលមានផ្ទាំងព័ត៌មាន I4C ឆ្នាំនេះ",
                                "Service units with an I4C poster this year",
                                isaf_report_format_part (sheet, report->service_units_with_i4c,
                                                         report->service_units));
  isaf_report_table_add_figure (table, "ភូមិដែលបានធ្វើការផ្សព្វផ្សាយ I4C",
                                "Villages reached by I4C dissemination",
                                isaf_report_format_part (sheet, report->villages_reached,
                                                         report->villages));
  return table;
}

/* The document ----------------------------------------------------------------------------- */

static void
document_clear (Document *document)
{
  g_free (document->period_km);
  g_free (document->period_en);
  for (guint i = 0; i < N_TABLES; i++)
    g_clear_pointer (&document->tables[i], isaf_report_table_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Document, document_clear)

static const char *
title_en (const IsafPeriodReport *report)
{
  return report->kind == ISAF_PERIOD_YEAR ? "Annual social accountability report"
                                          : "Semi-annual social accountability report";
}

static void
document_init (Document               *document,
               IsafSheet              *sheet,
               const IsafPeriodReport *report)
{
  g_autofree char *year = isaf_sheet_format_year (sheet, report->year);
  int half = CLAMP (report->half, 1, 2);

  if (report->kind == ISAF_PERIOD_YEAR)
    {
      document->title_km = "របាយការណ៍ប្រចាំឆ្នាំស្ដីពីគណនេយ្យភាពសង្គម";
      document->period_km = g_strconcat ("ឆ្នាំ", year, NULL);
      document->period_en = g_strdup_printf ("%d", report->year);
    }
  else
    {
      document->title_km = "របាយការណ៍ប្រចាំឆមាសស្ដីពីគណនេយ្យភាពសង្គម";
      document->period_km = g_strconcat ("ខែ", isaf_format_month_name_km (half == 1 ? 1 : 7),
                                         EN_DASH "ខែ",
                                         isaf_format_month_name_km (half == 1 ? 6 : 12),
                                         " ឆ្នាំ", year, NULL);
      document->period_en = g_strdup_printf ("%s %d", half_year_en[half - 1], report->year);
    }
  document->band = (IsafReportBand) { document->title_km, title_en (report), document->period_km,
                                      document->period_en, report->commune_code,
                                      report->today };

  document->tables[TABLE_ACTIONS] = actions_table (sheet, report);
  document->tables[TABLE_MEETINGS] = meetings_table (sheet, report);
  document->tables[TABLE_PARTICIPATION] = participation_table (sheet, report);
  document->tables[TABLE_CAFS] = cafs_table (sheet, report);
  document->tables[TABLE_BUDGET_CATEGORIES] =
    budget_table (sheet, category_columns, G_N_ELEMENTS (category_columns), isaf_report_category_words (),
                  report->budget_by_category, ISAF_N_AWPB_CATEGORIES,
                  &report->budget_total);
  document->tables[TABLE_BUDGET_SOURCES] =
    budget_table (sheet, source_columns, G_N_ELEMENTS (source_columns), isaf_report_fund_source_words (),
                  report->budget_by_source, ISAF_N_FUND_SOURCES, &report->budget_total);
  document->tables[TABLE_COVERAGE] = coverage_table (sheet, report);
}

static double
first_header (IsafSheet     *sheet,
              gconstpointer  data,
              double         x,
              double         y,
              double         width)
{
  const Document *document = data;

  return isaf_report_band (sheet, &document->band, x, y, width);
}

static double
page_header (IsafSheet     *sheet,
             gconstpointer  data,
             double         x,
             double         y,
             double         width)
{
  const Document *document = data;
  g_autofree char *line_km = g_strconcat (document->title_km, " ", document->period_km, " (ត)",
                                          NULL);
  g_autofree char *line_en = g_strconcat (document->band.title_en, " ", document->period_en,
                                          " (continued)", NULL);

  return isaf_print_pen_put_pair (&sheet->pen, isaf_sheet_scaled (sheet, ISAF_SHEET_SIZE_BODY),
                                  line_km, line_en, x, y, width, PANGO_ALIGN_LEFT,
                                  &isaf_sheet_blue) + isaf_sheet_scaled (sheet, 4);
}

static void
add_block (GArray             *blocks,
           IsafSheetBlockFunc  func,
           gconstpointer       data,
           gboolean            keep_with_next)
{
  IsafSheetBlock block = { func, data, keep_with_next, NULL };

  g_array_append_val (blocks, block);
}

gboolean
isaf_period_report_sheet_draw (IsafCanvas              *canvas,
                               const IsafPeriodReport  *report,
                               IsafPosterLanguage       language,
                               GError                 **error)
{
  g_auto(Document) document = { 0 };
  g_autoptr(GArray) blocks = g_array_new (FALSE, TRUE, sizeof (IsafSheetBlock));
  g_autofree char *place = NULL;
  g_autofree char *footer = NULL;
  IsafSheetFlow flow = { first_header, page_header, &document, NULL, NULL, TRUE };
  IsafSheet sheet;

  g_return_val_if_fail (ISAF_IS_CANVAS (canvas), FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  isaf_sheet_init (&sheet, canvas, language);
  document_init (&document, &sheet, report);
  for (TableKind kind = 0; kind < N_TABLES; kind++)
    {
      add_block (blocks, isaf_report_section_heading, &section_words[kind], TRUE);
      add_block (blocks, isaf_report_table_draw, document.tables[kind],
                 kind == TABLE_PARTICIPATION);
      if (kind == TABLE_PARTICIPATION)
        add_block (blocks, isaf_report_remark, &participation_remark, FALSE);
    }

  place = isaf_sheet_place_line (report->commune_code, FALSE);
  footer = g_strdup_printf ("%s %s · %s", document.title_km, document.period_km, place);
  flow.footer = footer;
  flow.name = document.title_km;
  return isaf_sheet_flow (&sheet, &flow, blocks, error);
}

/**
 * isaf_period_report_sheet_render_pdf:
 * @report: the figures of a half year or a year
 * @language: Khmer only, or Khmer with English
 * @error: return location for an %ISAF_PRINT_ERROR
 *
 * Returns: (transfer full) (nullable): the PDF document
 */
GBytes *
isaf_period_report_sheet_render_pdf (const IsafPeriodReport  *report,
                                     IsafPosterLanguage       language,
                                     GError                 **error)
{
  g_autoptr(IsafFonts) fonts = NULL;
  g_autoptr(IsafPdfWriter) writer = NULL;
  g_autofree char *pdf_title = NULL;

  g_return_val_if_fail (report != NULL, NULL);

  fonts = isaf_fonts_load (error);
  if (fonts == NULL)
    return NULL;
  writer = isaf_pdf_writer_new (fonts, error);
  if (writer == NULL)
    return NULL;

  /* The document's title in its metadata is English, as the other sheets' are. */
  pdf_title = report->kind == ISAF_PERIOD_YEAR
                ? g_strdup_printf ("%s %d", title_en (report), report->year)
                : g_strdup_printf ("%s, %s %d", title_en (report),
                                   half_year_en[CLAMP (report->half, 1, 2) - 1], report->year);
  isaf_pdf_writer_set_title (writer, pdf_title);
  if (!isaf_period_report_sheet_draw (ISAF_CANVAS (writer), report, language, error))
    return NULL;
  return isaf_canvas_finish (ISAF_CANVAS (writer), error);
}
