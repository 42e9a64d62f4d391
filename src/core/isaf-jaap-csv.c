/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-jaap"

#include "config.h"

#include "isaf-csv.h"
#include "isaf-jaap-csv.h"

/* The CSV export of a year's JAAP, built whole in memory: a plan is a few dozen rows. */

static const char * const columns[] = {
  "group", "number", "depth", "activity", "proposer", "target_issue", "location", "quantity",
  "quantity_unit", "start_on", "end_on", "beneficiaries_total", "beneficiaries_female",
  "estimated_cost_riel", "implementer", "service_unit_code", "indicator", "fund_source",
  "actual_cost_riel", "status",
};

static void
append_column_integer (GString    *csv,
                       IsafRecord *action,
                       const char *column)
{
  if (isaf_record_is_null (action, column))
    isaf_csv_append_value (csv, NULL);
  else
    isaf_csv_append_integer (csv, isaf_record_get_integer (action, column));
}

/* A quantity as typed, with a dot whatever the locale. */
static void
append_column_real (GString    *csv,
                    IsafRecord *action,
                    const char *column)
{
  gboolean known = !isaf_record_is_null (action, column);

  isaf_csv_append_number (csv, known, "%.15g", known ? isaf_record_get_real (action, column) : 0);
}

static void
append_entry (GString             *csv,
              const IsafJaapEntry *entry)
{
  IsafRecord *action = entry->action;

  isaf_csv_append_value (csv, isaf_record_get_text (action, "action_group"));
  isaf_csv_append_value (csv, entry->path);
  isaf_csv_append_integer (csv, entry->depth);
  isaf_csv_append_text (csv, isaf_record_get_text (action, "activity"));
  isaf_csv_append_text (csv, isaf_record_get_text (action, "proposer"));
  isaf_csv_append_text (csv, isaf_record_get_text (action, "target_issue"));
  isaf_csv_append_text (csv, isaf_record_get_text (action, "location"));
  append_column_real (csv, action, "quantity");
  isaf_csv_append_text (csv, isaf_record_get_text (action, "quantity_unit"));
  isaf_csv_append_value (csv, isaf_record_get_text (action, "start_on"));
  isaf_csv_append_value (csv, isaf_record_get_text (action, "end_on"));
  append_column_integer (csv, action, "beneficiaries_total");
  append_column_integer (csv, action, "beneficiaries_female");
  append_column_integer (csv, action, "estimated_cost_riel");
  isaf_csv_append_text (csv, isaf_record_get_text (action, "implementer"));
  isaf_csv_append_text (csv, entry->unit_code);
  isaf_csv_append_text (csv, entry->indicator_name_km);
  isaf_csv_append_value (csv, isaf_record_get_text (action, "fund_source"));
  append_column_integer (csv, action, "actual_cost_riel");
  isaf_csv_append_value (csv, isaf_record_get_text (action, "status"));
  isaf_csv_end_line (csv);
}

/**
 * isaf_jaap_csv_format:
 * @jaap: the plan of a year
 * @cip_only: only the actions of group ក, for the commune investment programme
 *
 * Returns: (transfer full): the CSV text, its header row included
 */
char *
isaf_jaap_csv_format (const IsafJaap *jaap,
                      gboolean        cip_only)
{
  GString *csv;

  g_return_val_if_fail (jaap != NULL, NULL);

  csv = isaf_csv_new ();
  isaf_csv_append_header (csv, columns, G_N_ELEMENTS (columns));
  for (guint i = 0; i < jaap->entries->len; i++)
    {
      const IsafJaapEntry *entry = g_ptr_array_index (jaap->entries, i);

      if (cip_only && g_strcmp0 (isaf_record_get_text (entry->action, "action_group"), "ka") != 0)
        continue;
      append_entry (csv, entry);
    }
  return g_string_free (csv, FALSE);
}
