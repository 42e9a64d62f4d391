/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isaf-editor-frame.h"
#include "isaf-interface-editor.h"
#include "isaf-record-form.h"

G_BEGIN_DECLS

/* Shared by isaf-interface-editor.c (the window, the meeting's date and place, the units it
 * covered, attendance, notes, saving) and isaf-interface-editor-priorities.c (the priorities
 * and the suggested actions they can be made from). */

/* One attendance count: an entry row and the line under it for what is wrong with it. */
typedef struct {
  GtkWidget *row;
  GtkWidget *message_row;
  GtkLabel *message;
  gint64 count;
  char *error;
} CountField;

/* One priority of the meeting, as an expander row that opens on its fields. */
typedef struct {
  IsafInterfaceEditor *editor;
  /* The stored interface_priority row, or NULL for a priority added here. */
  IsafRecord *original;
  GtkWidget *row;
  GtkWidget *selected_check;
  GtkWidget *text_row;
  GtkWidget *text_message_row;
  GtkLabel *text_message;
  GtkWidget *unit_row;
  GtkWidget *unit_message_row;
  GtkLabel *unit_message;
  GtkWidget *indicator_row;
  GtkWidget *votes_row;
  GtkWidget *votes_message_row;
  GtkLabel *votes_message;
  char *text_error;
  char *votes_error;
  gint64 votes;
  /* The unit (one of IsafInterfaceEditor.units) and the citizens' indicator it answers. */
  gboolean has_unit;
  IsafUuid unit_id;
  gboolean has_indicator;
  IsafUuid indicator_id;
  /* The indicators the combo offers after "No particular indicator", in its order. */
  GArray *indicator_choices;
  /* Set while the combos are filled in from the fields above, not by the user. */
  gboolean syncing;
} Priority;

struct _IsafInterfaceEditor
{
  AdwWindow parent_instance;

  IsafEditorFrame frame;
  GtkLabel *total_label;
  GtkTextBuffer *notes;
  GtkWidget *notes_message_row;
  GtkLabel *notes_message;
  AdwPreferencesGroup *suggestions_group;
  GtkLabel *suggestions_status;
  AdwPreferencesGroup *priorities_group;
  GtkWidget *no_priority_label;

  IsafContext *context;
  GCancellable *cancellable;
  int year;
  IsafRecordForm *form;
  /* The registered service units (IsafRecord), in the registry's order, and their checks. */
  GPtrArray *units;
  GPtrArray *unit_checks;
  CountField counts[ISAF_N_INTERFACE_ATTENDANCE];
  char *notes_error;
  /* Priority, in the order shown. */
  GPtrArray *priorities;
  /* The comparison of the units checked (IsafInterfaceComparison): the indicators priorities
   * can answer and the suggested actions; NULL while it is read. */
  GPtrArray *comparisons;
  guint compare_generation;
  /* An expander row per unit in the suggestions group, and the Add button of each
   * suggestion inside them. */
  GPtrArray *suggestion_rows;
  GPtrArray *suggestion_buttons;
  /* The meeting being saved, until the core answers. */
  IsafInterfaceMeeting *saving;
  gboolean loading;
  gboolean dirty;
  gboolean can_save;
};

void      isaf_interface_editor_set_dirty          (IsafInterfaceEditor *self);
void      isaf_interface_editor_update_can_save    (IsafInterfaceEditor *self);
gboolean  isaf_interface_editor_unit_is_checked    (IsafInterfaceEditor *self,
                                                    const IsafUuid      *unit_id);
void      isaf_interface_editor_scroll_to          (IsafInterfaceEditor *self,
                                                    GtkWidget           *widget);

/* isaf-interface-editor-priorities.c */
void      isaf_interface_editor_build_priorities   (IsafInterfaceEditor  *self,
                                                    IsafInterfaceMeeting *meeting);
void      isaf_interface_editor_show_suggestions   (IsafInterfaceEditor  *self);
void      isaf_interface_editor_update_indicators  (IsafInterfaceEditor  *self);
gboolean  isaf_interface_editor_priorities_valid   (IsafInterfaceEditor  *self);
void      isaf_interface_editor_collect_priorities (IsafInterfaceEditor  *self,
                                                    GPtrArray            *priorities);
/* Shows @message under the first priority whose unit the meeting does not cover. */
void      isaf_interface_editor_show_uncovered     (IsafInterfaceEditor  *self,
                                                    const char           *message);
void      isaf_interface_editor_clear_priority_messages (IsafInterfaceEditor *self);
void      isaf_interface_priority_free             (Priority             *priority);

G_END_DECLS
