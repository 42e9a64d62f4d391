/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isaf-interface-meeting.h"
#include "isaf-interface-page.h"

G_BEGIN_DECLS

/* Shared by isaf-interface-page.c (the page: loading the year's meetings, the list, the
 * commands) and isaf-interface-page-comparison.c (what the chosen meeting compared and
 * agreed: the charts per unit and indicator, and its priorities). */

struct _IsafInterfacePage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkStack *stack;
  AdwStatusPage *no_year_page;
  AdwPreferencesGroup *meetings_group;
  GtkListBox *meeting_list;
  GtkWidget *comparison_box;
  GtkLabel *comparison_title;
  GtkLabel *comparison_description;
  AdwPreferencesGroup *scale_group;
  GtkFlowBox *scale_box;
  GtkLabel *comparison_status;
  GtkBox *units_box;
  AdwPreferencesGroup *priorities_group;

  IsafContext *context;
  GCancellable *cancellable;
  int year;
  /* What the page shows, from the last load that completed: the registered service units
   * (IsafRecord) and the year's meetings (IsafInterfaceMeeting). */
  GPtrArray *units;
  GPtrArray *meetings;
  /* The meeting chosen in the list, kept by id across reloads. */
  IsafUuid chosen_id;
  gboolean has_chosen;
  /* The chosen meeting's comparison (IsafInterfaceComparison), NULL until it is read. */
  GPtrArray *comparisons;
  /* Widgets made for the chosen meeting, to take out when it changes. */
  GPtrArray *comparison_widgets;
  GPtrArray *priority_rows;
  /* The load under way: its number, and what has come back so far. */
  guint generation;
  guint n_pending;
  GPtrArray *loaded_units;
  GPtrArray *loaded_meetings;
  gboolean load_failed;
  guint reload_id;
  guint compare_generation;
  gboolean comparing;
  gboolean drafting;
};

IsafInterfaceMeeting *isaf_interface_page_get_chosen      (IsafInterfacePage *self);
const char           *isaf_interface_page_get_unit_name   (IsafInterfacePage *self,
                                                           const IsafUuid    *unit_id);

/* isaf-interface-page-comparison.c */
void                  isaf_interface_page_build_scale      (IsafInterfacePage *self);
void                  isaf_interface_page_show_comparison  (IsafInterfacePage *self);
void                  isaf_interface_page_clear_comparison (IsafInterfacePage *self);

G_END_DECLS
