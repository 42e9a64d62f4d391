/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isaf-i4c.h"
#include "isaf-i4c-page.h"
#include "isaf-record-form.h"

G_BEGIN_DECLS

/* Shared by isaf-i4c-page.c (the page: its service units, loading, saving, commands),
 * isaf-i4c-page-sheet.c (the indicator table, the service standards and the budget) and
 * isaf-i4c-page-lists.c (the fees and the staff, and the small window that edits one). */

/* The columns of the indicator table, right of the names: their widths are shared. */
typedef enum {
  COLUMN_STANDARD,
  COLUMN_LAST_YEAR,
  COLUMN_THIS_YEAR,
  COLUMN_STATUS,
  N_COLUMNS
} Column;

/* One indicator's row and the line under it for what is wrong with its value. */
typedef struct {
  IsafI4cPage *page;
  guint index;
  GtkWidget *row;
  GtkWidget *standard_label;
  GtkWidget *last_label;
  GtkWidget *entry;
  GtkWidget *status_icon;
  GtkWidget *message_row;
  GtkWidget *message_label;
  /* The core's sentence while the typed value is refused. */
  char *error;
} ValueRow;

struct _IsafI4cPage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkStack *stack;
  AdwStatusPage *empty_page;
  GtkDropDown *unit_dropdown;
  GtkWidget *copy_button;
  GtkWidget *save_button;
  GtkWidget *message_group;
  GtkLabel *message_label;
  AdwPreferencesGroup *indicators_group;
  AdwPreferencesGroup *standards_group;
  GtkTextView *services_view;
  GtkLabel *services_message;
  AdwPreferencesGroup *fees_group;
  AdwPreferencesGroup *staff_group;
  AdwPreferencesGroup *budget_group;
  GListStore *units;

  IsafContext *context;
  GCancellable *cancellable;
  IsafI4c *sheet;
  /* The unit chosen, which the sheet is (or is being loaded) for. */
  IsafUuid unit_id;
  gboolean has_unit;
  /* Opening hours and the budget, as fields of the set. */
  IsafRecordForm *set_form;
  GtkWidget *opening_hours_row;
  GtkWidget *received_row;
  GtkWidget *spent_row;
  char *services_error;
  GPtrArray *value_rows;
  /* The years above the columns of values. */
  GtkWidget *last_year_label;
  GtkWidget *this_year_label;
  /* Rows made for the current sheet, to take out of their groups when it changes. */
  GPtrArray *indicator_widgets;
  GPtrArray *fee_widgets;
  GPtrArray *staff_widgets;
  GtkSizeGroup *size_groups[N_COLUMNS];
  guint units_generation;
  guint sheet_generation;
  gboolean loading_units;
  gboolean loading_sheet;
  gboolean saving;
  /* Widgets being filled from the sheet: their signals are not the user typing. */
  gboolean filling;
  /* Saved: the sheet on screen is what the database has until it is read again. */
  gboolean saved;
  gboolean ignore_selection;
  gboolean asking;
};

/* Which list of the sheet a row editor puts its row on. */
typedef enum {
  EDIT_FEE,
  EDIT_STAFF,
} EditKind;

/* Defined in isaf-i4c-page.c. */
char *isaf_i4c_page_dup_year                    (IsafI4cPage         *self,
                                                 int                  year);
void  isaf_i4c_page_set_segmented_label         (GtkLabel            *label,
                                                 const char          *text);
void  isaf_i4c_page_set_group_description       (AdwPreferencesGroup *group,
                                                 const char          *text);
void  isaf_i4c_page_set_row_title               (AdwPreferencesRow   *row,
                                                 const char          *title);
void  isaf_i4c_page_show_message                (IsafI4cPage         *self,
                                                 const char          *message);
void  isaf_i4c_page_update_actions              (IsafI4cPage         *self);

/* Defined in isaf-i4c-page-sheet.c. */
void  isaf_i4c_page_remove_widgets              (AdwPreferencesGroup *group,
                                                 GPtrArray           *widgets);
void  isaf_i4c_page_fill_value_row              (ValueRow            *value_row);
void  isaf_i4c_page_show_indicators_description (IsafI4cPage         *self);
void  isaf_i4c_page_on_services_changed_cb      (IsafI4cPage         *self);
void  isaf_i4c_page_show_sheet                  (IsafI4cPage         *self,
                                                 IsafI4c             *sheet);
void  isaf_i4c_page_refill_from_sheet           (IsafI4cPage         *self);

/* Defined in isaf-i4c-page-lists.c. */
void  isaf_i4c_page_show_fees                   (IsafI4cPage         *self);
void  isaf_i4c_page_show_staff                  (IsafI4cPage         *self);
void  isaf_i4c_page_open_row_editor             (IsafI4cPage         *self,
                                                 EditKind             kind,
                                                 IsafRecord          *record,
                                                 gboolean             is_new);

G_END_DECLS
