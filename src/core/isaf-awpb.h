/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "isaf-database.h"
#include "isaf-record.h"
#include "isaf-store.h"

G_BEGIN_DECLS

/* The categories of awpb_line.category, in the order the plan shows them. */
typedef enum {
  ISAF_AWPB_JAAPC_MEETINGS,
  ISAF_AWPB_I4C_PRINTING,
  ISAF_AWPB_CAF_SUPPORT,
  ISAF_AWPB_CIP_ACTIVITIES,
  ISAF_AWPB_OTHER,
} IsafAwpbCategory;

#define ISAF_N_AWPB_CATEGORIES (ISAF_AWPB_OTHER + 1)

/* The sources of funds of awpb_line.fund_source and jaap_action.fund_source. */
typedef enum {
  ISAF_FUND_COMMUNE_FUND,
  ISAF_FUND_PROVIDER_BUDGET,
  ISAF_FUND_LINE_DEPARTMENT,
  ISAF_FUND_DEVELOPMENT_PARTNER,
  ISAF_FUND_COMMUNITY,
} IsafFundSource;

#define ISAF_N_FUND_SOURCES (ISAF_FUND_COMMUNITY + 1)

/* Riel planned and spent. Lines without a figure spent count as 0 spent. */
typedef struct {
  gint64 planned;
  gint64 spent;
} IsafAwpbAmounts;

/* The annual workplan and budget for social accountability of one cycle year: its lines and
 * their totals, computed on reading, never stored. */
typedef struct {
  int year;
  /* The awpb_line rows, by quarter (lines for the whole year last), category, then id. */
  GPtrArray *lines;
  IsafAwpbAmounts by_category[ISAF_N_AWPB_CATEGORIES];
  IsafAwpbAmounts by_source[ISAF_N_FUND_SOURCES];
  IsafAwpbAmounts by_quarter[4];
  IsafAwpbAmounts total;
} IsafAwpb;

const char *isaf_awpb_category_to_string   (IsafAwpbCategory category);
/* The category stored as @text, or -1. */
int         isaf_awpb_category_from_string (const char      *text);
const char *isaf_fund_source_to_string     (IsafFundSource   source);
int         isaf_fund_source_from_string   (const char      *text);

void        isaf_awpb_free                 (IsafAwpb        *awpb);
/* Adds up @awpb's lines into its totals again, after a line changed in memory. */
void        isaf_awpb_compute_totals       (IsafAwpb        *awpb);

/* The plan of @year, on the database thread; a year without lines gives none. */
IsafAwpb   *isaf_awpb_read_year            (IsafDatabase    *database,
                                            int              year,
                                            GError         **error);
IsafAwpb   *isaf_awpb_load                 (IsafStore       *store,
                                            int              year,
                                            GError         **error);
void        isaf_awpb_load_async           (IsafStore       *store,
                                            int              year,
                                            GCancellable    *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer         user_data);
IsafAwpb   *isaf_awpb_load_finish          (IsafStore       *store,
                                            GAsyncResult    *result,
                                            GError         **error);

/* One user action: the line @line of @year's plan, in one transaction after it is validated
 * (a negative amount, more spent than planned, a quarter outside 1–4 and no description are
 * refused), or nothing. The year's cycle is made when it has none. */
gboolean    isaf_awpb_line_save            (IsafStore       *store,
                                            int              year,
                                            IsafRecord      *line,
                                            GError         **error);
void        isaf_awpb_line_save_async      (IsafStore       *store,
                                            int              year,
                                            IsafRecord      *line,
                                            GCancellable    *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer         user_data);
gboolean    isaf_awpb_line_save_finish     (IsafStore       *store,
                                            GAsyncResult    *result,
                                            GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafAwpb, isaf_awpb_free)

G_END_DECLS
