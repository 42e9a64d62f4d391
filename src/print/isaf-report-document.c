/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-print"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "isaf-interface-report.h"
#include "isaf-interface-sheet.h"
#include "isaf-jaap-csv.h"
#include "isaf-jaap-sheet.h"
#include "isaf-monthly-report-sheet.h"
#include "isaf-monthly-report.h"
#include "isaf-period-report-csv.h"
#include "isaf-period-report-sheet.h"
#include "isaf-period-report.h"
#include "isaf-print-error.h"
#include "isaf-report-document.h"
#include "isaf-scorecard-csv.h"
#include "isaf-scorecard-report.h"
#include "isaf-scorecard-sheet.h"
#include "isaf-store.h"

/* One way to every report, so that the window and isafctl hand on the same documents: the
 * report's data is read (core), then laid out as a PDF (this library) or written as a CSV
 * (core). */

static const char * const kind_names[ISAF_N_REPORT_KINDS] = {
  "scorecard", "interface", "jaap", "cip", "monthly", "semiannual", "annual",
};

const char *
isaf_report_kind_to_string (IsafReportKind kind)
{
  g_return_val_if_fail (kind < ISAF_N_REPORT_KINDS, NULL);
  return kind_names[kind];
}

int
isaf_report_kind_from_string (const char *name)
{
  for (guint i = 0; i < ISAF_N_REPORT_KINDS; i++)
    if (g_strcmp0 (kind_names[i], name) == 0)
      return i;
  return -1;
}

const char *
isaf_report_kind_get_title (IsafReportKind kind)
{
  switch (kind)
    {
    case ISAF_REPORT_SCORECARDS:
      return _("Scorecard Results");
    case ISAF_REPORT_INTERFACE:
      return _("Interface Meeting Comparison");
    case ISAF_REPORT_JAAP:
      return _("Joint Accountability Action Plan");
    case ISAF_REPORT_CIP:
      return _("Actions for the Commune Investment Programme");
    case ISAF_REPORT_MONTHLY:
      return _("Monthly Report of the JAAP Committee");
    case ISAF_REPORT_SEMIANNUAL:
      return _("Semi-annual Social Accountability Report");
    case ISAF_REPORT_ANNUAL:
    default:
      return _("Annual Social Accountability Report");
    }
}

gboolean
isaf_report_document_is_landscape (const IsafReportRequest *request)
{
  return !request->csv && (request->kind == ISAF_REPORT_JAAP || request->kind == ISAF_REPORT_CIP);
}

char *
isaf_report_document_dup_file_name (const IsafReportRequest *request)
{
  const char *extension = request->csv ? "csv" : "pdf";
  const char *name = isaf_report_kind_to_string (request->kind);

  switch (request->kind)
    {
    case ISAF_REPORT_MONTHLY:
      return g_strdup_printf ("%s-%d-%02d.%s", name, request->year, request->month, extension);
    case ISAF_REPORT_SEMIANNUAL:
      return g_strdup_printf ("%s-%d-h%d.%s", name, request->year, request->month <= 6 ? 1 : 2,
                              extension);
    case ISAF_REPORT_SCORECARDS:
      if (request->unit_code != NULL)
        return g_strdup_printf ("%s-%s-%d.%s", name, request->unit_code, request->year,
                                extension);
      G_GNUC_FALLTHROUGH;
    case ISAF_REPORT_INTERFACE:
    case ISAF_REPORT_JAAP:
    case ISAF_REPORT_CIP:
    case ISAF_REPORT_ANNUAL:
    default:
      return g_strdup_printf ("%s-%d.%s", name, request->year, extension);
    }
}

static GBytes *
bytes_from_text (char *text)
{
  return g_bytes_new_take (text, strlen (text));
}

static gboolean
refuse_if_empty (gboolean    empty,
                 GError    **error,
                 const char *message)
{
  if (empty)
    g_set_error_literal (error, ISAF_PRINT_ERROR, ISAF_PRINT_ERROR_NO_CONTENT, message);
  return !empty;
}

static GBytes *
make_scorecards (IsafDatabase            *database,
                 const IsafReportRequest *request,
                 GError                 **error)
{
  g_autoptr(IsafScorecardReport) report = isaf_scorecard_report_load (database, request->year,
                                                                      request->unit_code, error);
  g_autofree char *message = NULL;

  if (report == NULL)
    return NULL;
  message = request->unit_code
              ? g_strdup_printf (_("There are no scorecards of %s for %d."), request->unit_code,
                                 request->year)
              : g_strdup_printf (_("There are no scorecards for %d."), request->year);
  if (!refuse_if_empty (report->entries->len == 0, error, message))
    return NULL;
  return request->csv ? bytes_from_text (isaf_scorecard_csv_format (report))
                      : isaf_scorecard_sheet_render_pdf (report, request->language, error);
}

static GBytes *
make_interface (IsafDatabase            *database,
                const IsafReportRequest *request,
                GError                 **error)
{
  g_autoptr(IsafInterfaceReport) report = isaf_interface_report_load (database, request->year,
                                                                      error);
  g_autofree char *message = NULL;

  if (report == NULL)
    return NULL;
  message = g_strdup_printf (_("No interface meeting was recorded for %d."), request->year);
  if (!refuse_if_empty (report->meetings->len == 0, error, message))
    return NULL;
  return request->csv ? bytes_from_text (isaf_interface_csv_format (report))
                      : isaf_interface_sheet_render_pdf (report, request->language, error);
}

static GBytes *
make_jaap (IsafDatabase            *database,
           const IsafReportRequest *request,
           GError                 **error)
{
  g_autoptr(IsafStore) store = isaf_store_new (database);
  g_autoptr(IsafJaap) jaap = isaf_jaap_load (store, request->year, error);
  gboolean cip = request->kind == ISAF_REPORT_CIP;
  gboolean has_ka = FALSE;
  g_autofree char *no_plan = NULL;
  g_autofree char *no_ka = NULL;

  if (jaap == NULL)
    return NULL;
  for (guint i = 0; i < jaap->entries->len && !has_ka; i++)
    {
      IsafJaapEntry *entry = g_ptr_array_index (jaap->entries, i);

      has_ka = g_str_equal (isaf_record_get_text (entry->action, "action_group"), "ka");
    }
  no_plan = g_strdup_printf (_("There is no JAAP for %d yet."), request->year);
  no_ka = g_strdup_printf (_("The JAAP of %d has no action in group ក."), request->year);
  if (!refuse_if_empty (jaap->entries->len == 0, error, no_plan)
      || !refuse_if_empty (cip && !has_ka, error, no_ka))
    return NULL;
  return request->csv ? bytes_from_text (isaf_jaap_csv_format (jaap, cip))
                      : isaf_jaap_sheet_render_pdf (jaap, cip ? ISAF_JAAP_SHEET_CIP
                                                              : ISAF_JAAP_SHEET_PLAN,
                                                    request->language, error);
}

static GBytes *
make_monthly (IsafDatabase            *database,
              const IsafReportRequest *request,
              GError                 **error)
{
  g_autoptr(IsafMonthlyReport) report = isaf_monthly_report_load (database, request->year,
                                                                  request->month, error);

  if (report == NULL)
    return NULL;
  return request->csv ? bytes_from_text (isaf_monthly_report_csv_format (report))
                      : isaf_monthly_report_sheet_render_pdf (report, request->language, error);
}

static GBytes *
make_period (IsafDatabase            *database,
             const IsafReportRequest *request,
             GError                 **error)
{
  IsafPeriodKind kind = request->kind == ISAF_REPORT_ANNUAL ? ISAF_PERIOD_YEAR
                                                            : ISAF_PERIOD_HALF_YEAR;
  g_autoptr(IsafPeriodReport) report = isaf_period_report_load (database, kind, request->year,
                                                                request->month, error);

  if (report == NULL)
    return NULL;
  return request->csv ? bytes_from_text (isaf_period_report_csv_format (report))
                      : isaf_period_report_sheet_render_pdf (report, request->language, error);
}

GBytes *
isaf_report_document_make (IsafDatabase            *database,
                           const IsafReportRequest *request,
                           GError                 **error)
{
  g_return_val_if_fail (ISAF_IS_DATABASE (database), NULL);
  g_return_val_if_fail (request != NULL && request->kind < ISAF_N_REPORT_KINDS, NULL);

  switch (request->kind)
    {
    case ISAF_REPORT_SCORECARDS:
      return make_scorecards (database, request, error);
    case ISAF_REPORT_INTERFACE:
      return make_interface (database, request, error);
    case ISAF_REPORT_JAAP:
    case ISAF_REPORT_CIP:
      return make_jaap (database, request, error);
    case ISAF_REPORT_MONTHLY:
      return make_monthly (database, request, error);
    case ISAF_REPORT_SEMIANNUAL:
    case ISAF_REPORT_ANNUAL:
      return make_period (database, request, error);
    default:
      g_return_val_if_reached (NULL);
    }
}
