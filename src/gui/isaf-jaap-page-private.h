/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isaf-jaap.h"
#include "isaf-jaap-page.h"

G_BEGIN_DECLS

/* Shared by isaf-jaap-page.c (loading the year's plan, the commands) and
 * isaf-jaap-page-rows.c (how each action and the plan's totals are shown). */
struct _IsafJaapPage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkStack *stack;
  AdwPreferencesGroup *plan_group;
  GtkLabel *summary_label;
  GtkLabel *empty_label;
  GtkListBox *plan_list;

  IsafContext *context;
  GCancellable *cancellable;
  int year;
  IsafJaap *jaap;
  /* service_unit rows, for the editor's choice of unit. */
  GPtrArray *units;

  /* A load under way: its answers, kept until both have come. */
  IsafJaap *loaded_jaap;
  GPtrArray *loaded_units;
  guint n_pending;
  guint generation;
  gboolean load_failed;
  guint reload_id;

  gboolean has_chosen;
  IsafUuid chosen_id;
};

/* The row of one action: its number, activity, unit, dates, cost and status, indented by
 * depth, overdue actions flagged in words. */
GtkWidget *isaf_jaap_page_create_row   (IsafJaapPage  *self,
                                        IsafJaapEntry *entry,
                                        const char    *today);
/* The group's heading above its first row. */
void       isaf_jaap_page_update_header (GtkListBoxRow *row,
                                        GtkListBoxRow *before,
                                        gpointer       user_data);
/* "12 actions · 3 completed · 2 overdue · estimated 48,000,000៛". */
char      *isaf_jaap_page_dup_summary  (IsafJaapPage  *self,
                                        const char    *today);

G_END_DECLS
