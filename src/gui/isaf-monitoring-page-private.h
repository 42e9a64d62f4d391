/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isaf-jaap.h"
#include "isaf-monitoring-page.h"

G_BEGIN_DECLS

/* Shared by isaf-monitoring-page.c (the page: loading the year, the committee's meetings, the
 * commands) and isaf-monitoring-page-actions.c (the plan's actions with their status, last
 * progress and whether they are overdue, and the count of those overdue at the top). */

struct _IsafMonitoringPage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkStack *stack;
  AdwStatusPage *no_year_page;
  GtkWidget *overdue_box;
  GtkImage *overdue_icon;
  GtkLabel *overdue_label;
  AdwPreferencesGroup *meetings_group;
  GtkListBox *meeting_list;
  GtkBox *actions_box;
  AdwPreferencesGroup *actions_group;

  IsafContext *context;
  GCancellable *cancellable;
  int year;
  /* What the page shows, from the last load that completed: the committee's register
   * (jaapc_member IsafRecord), the year's meetings (IsafJaapcMeeting, by date) and plan. */
  GPtrArray *members;
  GPtrArray *meetings;
  IsafJaap *jaap;
  guint n_overdue;
  /* The groups of actions made for the plan shown (one per group ក, ខ), to take out. */
  GPtrArray *action_groups;
  /* The load under way: its number, and what has come back so far. */
  guint generation;
  guint n_pending;
  GPtrArray *loaded_members;
  GPtrArray *loaded_meetings;
  IsafJaap *loaded_jaap;
  gboolean load_failed;
  guint reload_id;
};

/* isaf-monitoring-page-actions.c */
void isaf_monitoring_page_show_actions  (IsafMonitoringPage *self);
void isaf_monitoring_page_clear_actions (IsafMonitoringPage *self);

G_END_DECLS
