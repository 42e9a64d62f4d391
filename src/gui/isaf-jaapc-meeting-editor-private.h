/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isaf-editor-frame.h"
#include "isaf-jaapc-meeting-editor.h"
#include "isaf-record-form.h"

G_BEGIN_DECLS

/* Shared by isaf-jaapc-meeting-editor.c (the window, the meeting's date and place, who was
 * present, the decisions and notes, saving) and isaf-jaapc-meeting-editor-actions.c (the
 * progress of each action of the plan). */

/* One action of the plan, as an expander row that opens on what the committee recorded. */
typedef struct {
  IsafJaapcMeetingEditor *editor;
  /* One of IsafJaapcMeetingEditor.entries. */
  const IsafJaapEntry *entry;
  /* The progress this meeting recorded for it when it was last saved, or NULL. */
  IsafRecord *original;
  GtkWidget *row;
  GtkWidget *reviewed_badge;
  GtkWidget *reviewed_switch;
  GtkWidget *status_row;
  GtkWidget *note_row;
  GtkWidget *note_message_row;
  GtkLabel *note_message;
  GtkWidget *cost_row;
  GtkWidget *cost_message_row;
  GtkLabel *cost_message;
  char *note_error;
  char *cost_error;
  /* The cost typed, when it is a valid one. */
  gboolean has_cost;
  gint64 cost;
  /* Set while the fields are filled in, not by the user. */
  gboolean syncing;
} ActionField;

/* A long text of the meeting (its decisions, its notes) and what is wrong with it. */
typedef struct {
  const char *column;
  GtkTextBuffer *buffer;
  GtkWidget *message_row;
  GtkLabel *message;
  char *error;
} TextField;

struct _IsafJaapcMeetingEditor
{
  AdwWindow parent_instance;

  IsafEditorFrame frame;

  IsafContext *context;
  GCancellable *cancellable;
  int year;
  IsafRecordForm *form;
  /* The committee's register (jaapc_member IsafRecord), their rows and check buttons. */
  GPtrArray *members;
  GPtrArray *member_rows;
  GPtrArray *member_checks;
  /* The plan's actions (IsafJaapEntry), in its order, and an ActionField for each. */
  GPtrArray *entries;
  GPtrArray *actions;
  TextField decisions;
  TextField notes;
  /* The meeting as it was read, or NULL for a new one. */
  IsafJaapcMeeting *original;
  /* The meeting being saved, until the core answers. */
  IsafJaapcMeeting *saving;
  gboolean loading;
  gboolean dirty;
  gboolean can_save;
};

void      isaf_jaapc_meeting_editor_set_dirty        (IsafJaapcMeetingEditor *self);
void      isaf_jaapc_meeting_editor_update_can_save  (IsafJaapcMeetingEditor *self);
AdwPreferencesGroup *isaf_jaapc_meeting_editor_add_group (IsafJaapcMeetingEditor *self,
                                                          const char             *title,
                                                          const char             *description);

/* isaf-jaapc-meeting-editor-actions.c */
void      isaf_jaapc_meeting_editor_build_actions    (IsafJaapcMeetingEditor *self);
gboolean  isaf_jaapc_meeting_editor_actions_valid    (IsafJaapcMeetingEditor *self);
void      isaf_jaapc_meeting_editor_collect_progress (IsafJaapcMeetingEditor *self,
                                                      IsafJaapcMeeting       *meeting);
void      isaf_jaapc_meeting_action_free             (ActionField            *field);

G_END_DECLS
