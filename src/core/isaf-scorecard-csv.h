/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "isaf-interface-report.h"
#include "isaf-scorecard-report.h"

G_BEGIN_DECLS

/* Results as CSV for spreadsheets, written as every export is (isaf-csv.h: UTF-8 with a byte
 * order mark, RFC 4180, names guarded against being read as formulas), with a header row of
 * English column names: they are data, not interface, and are never translated. Numbers use
 * a dot; a result nobody voted on is an empty field, never 0. */

/* One row per scorecard and selected indicator: year, unit_code, unit_name_km, unit_name_en,
 * village_code, kind, held_on, status, indicator_position, indicator_code (empty for
 * citizens' own), indicator_name_km, indicator_name_en, voters, votes_1 … votes_5, median
 * (one decimal), average (two decimals). */
char *isaf_scorecard_csv_format (const IsafScorecardReport *report);

/* One row per interface meeting, unit and indicator: year, held_on, unit_code, unit_name_km,
 * unit_name_en, indicator_code, indicator_name_km, indicator_name_en, citizen_median,
 * provider_median, gap (the provider's median minus the citizens', one decimal). */
char *isaf_interface_csv_format (const IsafInterfaceReport *report);

G_END_DECLS
