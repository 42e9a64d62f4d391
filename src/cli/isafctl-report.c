/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isafctl"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

#include "isaf-database.h"
#include "isaf-error.h"
#include "isaf-jaap.h"
#include "isaf-poster.h"
#include "isaf-print-error.h"
#include "isaf-report-document.h"
#include "isafctl.h"
#include "isafctl-report.h"

/* isafctl report: the reports a commune hands on, as PDF or CSV, made by the same code as the
 * window's Reports page (isaf-report-document.c). Every report takes the same options, and
 * --month or --unit where it has them; a report with nothing in it, or one that cannot be
 * written, writes nothing and exits with a failure. */

typedef struct {
  int year;
  int month;
  char *unit;
  char *format;
  char *language;
  char *output_path;
  gboolean csv;
  IsafPosterLanguage poster_language;
} ReportOptions;

static void
report_options_clear (ReportOptions *options)
{
  g_free (options->unit);
  g_free (options->format);
  g_free (options->language);
  g_free (options->output_path);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ReportOptions, report_options_clear)

/* What `isafctl report KIND --help` says the report is. */
static const char *
get_summary (IsafReportKind kind)
{
  switch (kind)
    {
    case ISAF_REPORT_SCORECARDS:
      return _("Write the scorecard results of a year as PDF sheets or CSV.");
    case ISAF_REPORT_INTERFACE:
      return _("Write the citizens’ and providers’ scores compared at the interface meetings "
               "of a year, as PDF sheets or CSV.");
    case ISAF_REPORT_JAAP:
      return _("Write the Joint Accountability Action Plan of a year as the official PDF form "
               "or CSV.");
    case ISAF_REPORT_CIP:
      return _("Write the actions of a year’s JAAP that need outside resources (group ក), for "
               "the commune investment programme, as a PDF list or CSV.");
    case ISAF_REPORT_MONTHLY:
      return _("Write the JAAP Committee’s report of one month (--month) as PDF or CSV.");
    case ISAF_REPORT_SEMIANNUAL:
      return _("Write the social accountability report of a half year (--month 1–6 for "
               "January–June, 7–12 for July–December) as PDF or CSV.");
    case ISAF_REPORT_ANNUAL:
    default:
      return _("Write the social accountability report of a year as PDF or CSV.");
    }
}

static gboolean
parse_report_options (IsafReportKind   kind,
                      ReportOptions   *options,
                      int             *argc,
                      char          ***argv)
{
  gboolean with_month = kind == ISAF_REPORT_MONTHLY || kind == ISAF_REPORT_SEMIANNUAL;
  g_autofree char *command = g_strconcat ("report ", isaf_report_kind_to_string (kind), NULL);
  GOptionEntry entries[7] = {
    { "year", 0, 0, G_OPTION_ARG_INT, &options->year, N_("The year of the cycle"), N_("YEAR") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &options->format, N_("pdf for printable sheets, csv for a spreadsheet"), N_("FORMAT") },
    { "output", 0, 0, G_OPTION_ARG_FILENAME, &options->output_path, N_("The file to write"), N_("FILE") },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &options->language, N_("km for Khmer (the default), both for Khmer with English"), N_("LANGUAGE") },
  };
  GOptionEntry unit = { "unit", 0, 0, G_OPTION_ARG_STRING, &options->unit, N_("Only the scorecards of the service unit with this code"), N_("CODE") };
  GOptionEntry month = { "month", 0, 0, G_OPTION_ARG_INT, &options->month, N_("The month, 1 to 12"), N_("MONTH") };

  /* Each report lists only the options it has. */
  if (kind == ISAF_REPORT_SCORECARDS)
    entries[4] = unit;
  else if (with_month)
    entries[4] = month;
  if (!isafctl_parse_options (command, get_summary (kind), entries, argc, argv))
    return FALSE;
  if (options->year <= 0)
    {
      g_printerr (_("isafctl %s: --year YEAR is required\n"), command);
      return FALSE;
    }
  if (with_month && (options->month < 1 || options->month > 12))
    {
      g_printerr (_("isafctl %s: --month MONTH (1 to 12) is required\n"), command);
      return FALSE;
    }
  if (options->format == NULL)
    {
      g_printerr (_("isafctl %s: --format pdf or --format csv is required\n"), command);
      return FALSE;
    }
  options->csv = g_str_equal (options->format, "csv");
  if (!options->csv && !g_str_equal (options->format, "pdf"))
    {
      g_printerr (_("isafctl %s: unknown format “%s”; --format must be pdf or csv\n"), command,
                  options->format);
      return FALSE;
    }
  if (options->output_path == NULL)
    {
      g_printerr (_("isafctl %s: --output FILE is required\n"), command);
      return FALSE;
    }
  options->poster_language = ISAF_POSTER_LANGUAGE_KHMER;
  if (options->language && !isaf_poster_language_parse (options->language,
                                                        &options->poster_language))
    {
      g_printerr (_("isafctl %s: --lang must be km or both\n"), command);
      return FALSE;
    }
  return TRUE;
}

/* Replaces @path whole, or leaves it as it was. */
static int
write_report (const char *path,
              GBytes     *bytes)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, &error))
    {
      g_printerr (_("isafctl: could not write “%s”: %s\n"), path, error->message);
      return EXIT_FAILED;
    }
  return EXIT_OK;
}

/* A report with nothing in it, as opposed to one that failed. */
static gboolean
is_empty_report (const GError *error)
{
  return g_error_matches (error, ISAF_PRINT_ERROR, ISAF_PRINT_ERROR_NO_CONTENT)
         || g_error_matches (error, ISAF_JAAP_ERROR, ISAF_JAAP_ERROR_NO_MEETING);
}

static int
run_report (const char     *db_path,
            IsafReportKind  kind,
            int             argc,
            char          **argv)
{
  g_auto(ReportOptions) options = { 0 };
  g_autoptr(IsafDatabase) database = NULL;
  g_autoptr(GBytes) bytes = NULL;
  IsafReportRequest request;
  GError *error = NULL;
  int status;

  if (!parse_report_options (kind, &options, &argc, &argv))
    return EXIT_USAGE;

  database = isaf_database_open (db_path, ISAF_DATABASE_OPEN_READ_ONLY, &error);
  if (database == NULL)
    return isafctl_fail (error);

  request = (IsafReportRequest) {
    .kind = kind,
    .year = options.year,
    .month = options.month,
    .unit_code = options.unit,
    .csv = options.csv,
    .language = options.poster_language,
  };
  bytes = isaf_report_document_make (database, &request, &error);
  if (bytes == NULL && is_empty_report (error))
    {
      /* Translators: %s says what the report lacks: "There are no scorecards for 2025." */
      g_printerr (_("isafctl: %s Nothing was written.\n"), error->message);
      g_error_free (error);
      return EXIT_FAILED;
    }
  if (bytes == NULL)
    return isafctl_fail (error);

  status = write_report (options.output_path, bytes);
  if (status == EXIT_OK)
    /* Translators: the report's title, and the file: "Wrote the Joint Accountability Action
     * Plan to jaap.pdf". */
    g_print (_("Wrote “%s” to %s\n"), isaf_report_kind_get_title (kind), options.output_path);
  return status;
}

int
isafctl_report (const char  *db_path,
                int          argc,
                char       **argv)
{
  int kind = argc >= 2 ? isaf_report_kind_from_string (argv[1]) : -1;

  if (kind >= 0)
    return run_report (db_path, kind, argc - 1, argv + 1);

  if (argc >= 2)
    g_printerr (_("isafctl report: unknown report “%s”\n"), argv[1]);
  g_printerr (_("Reports:\n"
                "  scorecard   the result sheets of a year’s scorecards\n"
                "  interface   the scores compared at a year’s interface meetings\n"
                "  jaap        the Joint Accountability Action Plan of a year\n"
                "  cip         the plan’s actions for the commune investment programme\n"
                "  monthly     the JAAP Committee’s report of a month\n"
                "  semiannual  the social accountability report of a half year\n"
                "  annual      the social accountability report of a year\n"));
  return EXIT_USAGE;
}
