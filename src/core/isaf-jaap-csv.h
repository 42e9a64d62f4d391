/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "isaf-jaap.h"

G_BEGIN_DECLS

/* The JAAP as CSV for spreadsheets: RFC 4180 (comma-separated, CRLF line ends, fields with a
 * comma, quote or line break in double quotes), UTF-8, one row per action in the plan's order,
 * under a header row of English column names that are data and never translated:
 *
 *   group (ka, kha), number (the path, "2.1"), depth, activity, proposer, target_issue,
 *   location, quantity, quantity_unit, start_on, end_on, beneficiaries_total,
 *   beneficiaries_female, estimated_cost_riel, implementer, service_unit_code, indicator (its
 *   Khmer name), fund_source, actual_cost_riel, status
 *
 * Values are raw: ISO dates, whole numbers in Western digits, a quantity with a dot, the
 * stored keys of choices; a value nobody entered is an empty field.
 *
 * Written as every export is (isaf-csv.h): with a byte order mark, so that spreadsheets on
 * Windows read the Khmer, and with typed text starting with =, +, - or @ guarded by an
 * apostrophe, so that it is never run as a formula. */
char *isaf_jaap_csv_format (const IsafJaap *jaap,
                            gboolean        cip_only);

G_END_DECLS
