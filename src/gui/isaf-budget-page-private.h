/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isaf-awpb.h"
#include "isaf-budget-page.h"

G_BEGIN_DECLS

/* Shared by isaf-budget-page.c (the page: loading the year's plan, its lines by quarter, the
 * commands) and isaf-budget-page-totals.c (the grand total and the totals by category and by
 * source of funds). */

struct _IsafBudgetPage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkStack *stack;
  AdwStatusPage *no_year_page;
  AdwPreferencesGroup *plan_group;
  GtkLabel *total_label;
  GtkBox *quarters_box;
  GtkLabel *empty_label;
  GtkWidget *totals_box;
  GtkGrid *category_grid;
  GtkGrid *source_grid;

  IsafContext *context;
  GCancellable *cancellable;
  int year;
  /* The plan shown, from the last load that completed. */
  IsafAwpb *awpb;
  /* The groups made for its quarters, to take out. */
  GPtrArray *quarter_groups;
  /* The load under way: its number. */
  guint generation;
  gboolean loading;
  guint reload_id;
};

char *isaf_budget_page_format_riel  (IsafBudgetPage        *self,
                                     gint64                 amount);
/* "1,200,000៛", or with the words that say it is more than @planned. */
char *isaf_budget_page_format_spent (IsafBudgetPage        *self,
                                     const IsafAwpbAmounts *amounts);

/* isaf-budget-page-totals.c */
void  isaf_budget_page_show_totals  (IsafBudgetPage        *self);

G_END_DECLS
