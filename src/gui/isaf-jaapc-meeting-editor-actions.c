/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-jaapc-meeting-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "isaf-choice.h"
#include "isaf-format.h"
#include "isaf-gui-util.h"
#include "isaf-jaapc-meeting-editor-private.h"
#include "isaf-jaap-badges.h"
#include "isaf-validate.h"

/* The progress of each action of the year's plan, as the committee goes through the plan: an
 * expander row per action, in the plan's order with its number and indented by depth, showing
 * its status and whether it is overdue, that opens on the status reached, a short note and
 * the cost spent so far. An action is reviewed at the meeting (and gets a jaap_progress row)
 * once any of these is changed, or when the switch says so; a status other than the action's
 * becomes its status when the meeting is saved. */

/* Pixels per level of nesting. */
#define INDENT_PER_DEPTH 18
#define KHMER_RIEL_SIGN "\u17DB"

void
isaf_jaapc_meeting_action_free (ActionField *field)
{
  if (field->reviewed_switch != NULL)
    g_signal_handlers_disconnect_by_data (field->reviewed_switch, field);
  if (field->status_row != NULL)
    g_signal_handlers_disconnect_by_data (field->status_row, field);
  if (field->note_row != NULL)
    g_signal_handlers_disconnect_by_data (field->note_row, field);
  if (field->cost_row != NULL)
    g_signal_handlers_disconnect_by_data (field->cost_row, field);
  g_clear_object (&field->original);
  g_free (field->note_error);
  g_free (field->cost_error);
  g_free (field);
}

static const IsafColumn *
progress_column (const char *name)
{
  return isaf_schema_find_column (isaf_schema_find_table ("jaap_progress"), name);
}

static gboolean
is_reviewed (ActionField *field)
{
  return gtk_switch_get_active (GTK_SWITCH (field->reviewed_switch));
}

static IsafJaapStatus
get_chosen_status (ActionField *field)
{
  return adw_combo_row_get_selected (ADW_COMBO_ROW (field->status_row));
}

static void
show_field_message (GtkWidget  *row,
                    GtkWidget  *message_row,
                    GtkLabel   *message,
                    const char *text)
{
  if (text != NULL)
    isaf_gui_set_wrapping_text (message, text);
  gtk_widget_set_visible (message_row, text != NULL);
  if (text != NULL)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID,
                               text != NULL ? GTK_ACCESSIBLE_INVALID_TRUE
                                            : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

/* The typed cost, in Khmer or Western digits, with or without the Riel sign; the core says
 * whether it is an acceptable cost. */
static void
check_cost (ActionField *field)
{
  const IsafColumn *column = progress_column ("cost_spent_riel");
  g_autofree char *typed = g_strdup (gtk_editable_get_text (GTK_EDITABLE (field->cost_row)));
  g_autoptr(GError) error = NULL;
  IsafValue value = { ISAF_VALUE_INTEGER };
  char *sign = strstr (typed, KHMER_RIEL_SIGN);

  if (sign != NULL)
    *sign = '\0';
  g_strstrip (typed);
  g_clear_pointer (&field->cost_error, g_free);

  if (typed[0] != '\0' && !isaf_parse_integer (typed, &value.integer))
    field->cost_error = g_strdup_printf (_("%s must be a whole number, written with digits "
                                           "only."),
                                         _(column->label));
  else if (typed[0] != '\0' && !isaf_validate_value (column, NULL, &value, &error))
    field->cost_error = g_strdup (error->message);
  field->has_cost = typed[0] != '\0' && field->cost_error == NULL;
  field->cost = field->has_cost ? value.integer : 0;
  show_field_message (field->cost_row, field->cost_message_row, field->cost_message,
                      field->cost_error);
}

static void
check_note (ActionField *field)
{
  IsafValue value = { ISAF_VALUE_TEXT };
  g_autoptr(GError) error = NULL;

  value.text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (field->note_row)));
  g_clear_pointer (&field->note_error, g_free);
  if (!isaf_validate_value (progress_column ("note"), NULL, &value, &error))
    field->note_error = g_strdup (error->message);
  isaf_value_clear (&value);
  show_field_message (field->note_row, field->note_message_row, field->note_message,
                      field->note_error);
}

/* Its status before this meeting, when it should end, and what the meeting records. */
static void
update_subtitle (ActionField *field)
{
  IsafJaapcMeetingEditor *self = field->editor;
  const char *end_on = isaf_record_get_text (field->entry->action, "end_on");
  IsafJaapStatus status = isaf_jaap_entry_get_status (field->entry);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *escaped = NULL;

  /* Translators: an action's status before the meeting being recorded. */
  g_string_append_printf (text, _("Now: %s"), isaf_jaap_status_get_label (status));
  if (end_on != NULL)
    {
      g_autofree char *date = isaf_gui_format_date (self->context, end_on);

      g_string_append (text, " · ");
      /* Translators: when an action of the plan is due to end. */
      g_string_append_printf (text, _("Ends %s"), date);
    }
  if (is_reviewed (field))
    {
      g_string_append (text, "\n");
      /* Translators: the status the meeting being recorded gives an action. */
      g_string_append_printf (text, _("This meeting: %s"),
                              isaf_jaap_status_get_label (get_chosen_status (field)));
      if (field->has_cost)
        {
          g_autofree char *cost = isaf_format_riel (field->cost,
                                                    isaf_context_get_digits (self->context));

          g_string_append (text, " · ");
          /* Translators: the cost an action has spent so far, in Riel. */
          g_string_append_printf (text, _("%s spent"), cost);
        }
    }
  escaped = isaf_gui_dup_row_text (text->str);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (field->row), escaped);
  gtk_widget_set_visible (field->reviewed_badge, is_reviewed (field));
}

/* Whatever the user changes about an action means the committee reviewed it. */
static void
on_progress_changed_cb (ActionField *field)
{
  if (field->syncing)
    return;
  check_cost (field);
  check_note (field);
  field->syncing = TRUE;
  gtk_switch_set_active (GTK_SWITCH (field->reviewed_switch), TRUE);
  field->syncing = FALSE;
  update_subtitle (field);
  isaf_jaapc_meeting_editor_set_dirty (field->editor);
  isaf_jaapc_meeting_editor_update_can_save (field->editor);
}

static void
on_reviewed_changed_cb (ActionField *field)
{
  if (field->syncing)
    return;
  update_subtitle (field);
  isaf_jaapc_meeting_editor_set_dirty (field->editor);
  isaf_jaapc_meeting_editor_update_can_save (field->editor);
}

static GtkWidget *
create_reviewed_badge (void)
{
  GtkWidget *badge = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *icon = gtk_image_new_from_icon_name ("object-select-symbolic");
  GtkWidget *label = gtk_label_new (_("Reviewed"));

  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (badge, "success");
  gtk_box_append (GTK_BOX (badge), icon);
  gtk_box_append (GTK_BOX (badge), label);
  return badge;
}

static GtkWidget *
create_status_row (ActionField *field)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) items = gtk_string_list_new (NULL);

  for (IsafJaapStatus i = 0; i < ISAF_N_JAAP_STATUSES; i++)
    gtk_string_list_append (items, isaf_jaap_status_get_label (i));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (items));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 _(progress_column ("status")->label));
  return row;
}

static GtkWidget *
create_entry_row (const char *title,
                  gboolean    digits)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), TRUE);
  if (digits)
    {
      adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_DIGITS);
      gtk_editable_set_alignment (GTK_EDITABLE (row), 1.0);
    }
  return row;
}

/* Filled in from what this meeting recorded, else from the action as it stands. */
static void
fill_fields (ActionField *field)
{
  IsafJaapcMeetingEditor *self = field->editor;
  IsafRecord *original = field->original;
  int status = original ? isaf_jaap_status_from_string (isaf_record_get_text (original, "status"))
                        : -1;

  field->syncing = TRUE;
  adw_combo_row_set_selected (ADW_COMBO_ROW (field->status_row),
                              status >= 0 ? (guint) status
                                          : isaf_jaap_entry_get_status (field->entry));
  if (original != NULL && isaf_record_get_text (original, "note") != NULL)
    gtk_editable_set_text (GTK_EDITABLE (field->note_row),
                           isaf_record_get_text (original, "note"));
  if (original != NULL && !isaf_record_is_null (original, "cost_spent_riel"))
    {
      gint64 spent = isaf_record_get_integer (original, "cost_spent_riel");
      g_autofree char *cost = isaf_context_format_integer (self->context, spent);

      gtk_editable_set_text (GTK_EDITABLE (field->cost_row), cost);
    }
  gtk_switch_set_active (GTK_SWITCH (field->reviewed_switch), original != NULL);
  field->syncing = FALSE;
  check_cost (field);
  check_note (field);
}

static ActionField *
create_action (IsafJaapcMeetingEditor *self,
               const IsafJaapEntry    *entry,
               const char             *today)
{
  ActionField *field = g_new0 (ActionField, 1);
  const IsafUuid *action_id = isaf_record_get_id (entry->action);
  IsafRecord *original = self->original
                         ? isaf_jaapc_meeting_get_progress (self->original, action_id) : NULL;
  g_autofree char *path = isaf_jaap_entry_format_path (entry,
                                                       isaf_context_get_digits (self->context));
  g_autofree char *title = isaf_gui_dup_row_text (isaf_record_get_text (entry->action,
                                                                        "activity"));
  GtkWidget *number = gtk_label_new (path);
  GtkWidget *reviewed_row = adw_action_row_new ();
  /* Translators: the title of a cost field, with its currency. */
  g_autofree char *cost_title = g_strdup_printf (_("%s (Riel)"),
                                                 _(progress_column ("cost_spent_riel")->label));

  field->editor = self;
  field->entry = entry;
  field->original = original ? g_object_ref (original) : NULL;
  field->row = adw_expander_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (field->row), title);

  /* Sub-actions sit under their parent, as in the plan; the titles of a level line up. */
  gtk_widget_set_margin_start (number, (entry->depth - 1) * INDENT_PER_DEPTH);
  gtk_label_set_width_chars (GTK_LABEL (number), 2 * entry->depth);
  gtk_label_set_xalign (GTK_LABEL (number), 0);
  gtk_widget_set_valign (number, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (number, "numeric");
  gtk_widget_add_css_class (number, "heading");
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (field->row), number);
  if (isaf_jaap_entry_is_overdue (entry, today))
    adw_expander_row_add_action (ADW_EXPANDER_ROW (field->row),
                                 isaf_jaap_overdue_badge_new ());
  field->reviewed_badge = create_reviewed_badge ();
  adw_expander_row_add_action (ADW_EXPANDER_ROW (field->row), field->reviewed_badge);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (reviewed_row),
                                 _("Reviewed at this meeting"));
  field->reviewed_switch = gtk_switch_new ();
  gtk_widget_set_valign (field->reviewed_switch, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (field->reviewed_switch),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reviewed at this meeting"),
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (reviewed_row), field->reviewed_switch);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (reviewed_row), field->reviewed_switch);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (field->row), reviewed_row);

  field->status_row = create_status_row (field);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (field->row), field->status_row);

  field->note_row = create_entry_row (_(progress_column ("note")->label), FALSE);
  field->note_message_row = isaf_gui_create_message_row (&field->note_message);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (field->note_row),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, field->note_message,
                                  NULL, -1);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (field->row), field->note_row);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (field->row), field->note_message_row);

  field->cost_row = create_entry_row (cost_title, TRUE);
  field->cost_message_row = isaf_gui_create_message_row (&field->cost_message);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (field->cost_row),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, field->cost_message,
                                  NULL, -1);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (field->row), field->cost_row);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (field->row), field->cost_message_row);

  fill_fields (field);
  update_subtitle (field);
  g_signal_connect_swapped (field->status_row, "notify::selected",
                            G_CALLBACK (on_progress_changed_cb), field);
  g_signal_connect_swapped (field->note_row, "changed", G_CALLBACK (on_progress_changed_cb),
                            field);
  g_signal_connect_swapped (field->cost_row, "changed", G_CALLBACK (on_progress_changed_cb),
                            field);
  g_signal_connect_swapped (field->reviewed_switch, "notify::active",
                            G_CALLBACK (on_reviewed_changed_cb), field);
  return field;
}

/* A group per group of the plan (ក, ខ), under its heading. */
static AdwPreferencesGroup *
add_action_group (IsafJaapcMeetingEditor *self,
                  const char             *action_group)
{
  /* The short label ("ក: needs outside resources"): a group's title does not wrap. */
  g_autofree char *escaped = isaf_gui_dup_row_text (isaf_choice_get_label (action_group));

  return isaf_jaapc_meeting_editor_add_group (self, escaped, NULL);
}

void
isaf_jaapc_meeting_editor_build_actions (IsafJaapcMeetingEditor *self)
{
  AdwPreferencesGroup *group = isaf_jaapc_meeting_editor_add_group (
    self, _("Progress of the Actions"),
    _("Open each action the committee reviewed: the status it has reached, a short note and "
      "the cost spent so far."));
  g_autofree char *today = isaf_jaap_dup_today ();
  const char *group_shown = NULL;

  for (guint i = 0; i < self->entries->len; i++)
    {
      const IsafJaapEntry *entry = g_ptr_array_index (self->entries, i);
      const char *action_group = isaf_record_get_text (entry->action, "action_group");
      ActionField *field = create_action (self, entry, today);

      if (i == 0 || g_strcmp0 (action_group, group_shown) != 0)
        {
          group = add_action_group (self, action_group);
          group_shown = action_group;
        }
      g_ptr_array_add (self->actions, field);
      adw_preferences_group_add (group, field->row);
    }

  if (self->entries->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *escaped = isaf_gui_dup_row_text (
        _("The plan of this cycle has no actions yet. They are recorded on the JAAP page."));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
      gtk_widget_add_css_class (row, "dim-label");
      adw_preferences_group_add (group, row);
    }
}

gboolean
isaf_jaapc_meeting_editor_actions_valid (IsafJaapcMeetingEditor *self)
{
  for (guint i = 0; self->actions != NULL && i < self->actions->len; i++)
    {
      ActionField *field = g_ptr_array_index (self->actions, i);

      if (is_reviewed (field) && (field->cost_error != NULL || field->note_error != NULL))
        return FALSE;
    }
  return TRUE;
}

/* The progress row stored for this meeting, to change only what the user changed. */
static IsafRecord *
copy_stored (IsafRecord *record)
{
  const IsafTable *table = isaf_record_get_table (record);
  IsafRecord *copy = isaf_record_new_with_id (table->name, isaf_record_get_id (record));

  for (guint i = 0; i < table->n_columns; i++)
    isaf_value_copy (isaf_record_value_at (record, i), isaf_record_value_at (copy, i));
  isaf_record_mark_stored (copy, isaf_record_get_deleted (record));
  return copy;
}

static void
fill_progress (ActionField *field,
               IsafRecord  *progress)
{
  const char *status = isaf_jaap_status_to_string (get_chosen_status (field));
  g_autofree char *note = g_strdup (gtk_editable_get_text (GTK_EDITABLE (field->note_row)));
  gboolean stored = isaf_record_is_stored (progress);

  g_strstrip (note);
  if (!stored || g_strcmp0 (isaf_record_get_text (progress, "status"), status) != 0)
    isaf_record_set_text (progress, "status", status);

  if (g_strcmp0 (note[0] != '\0' ? note : NULL, isaf_record_get_text (progress, "note")) != 0)
    {
      if (note[0] != '\0')
        isaf_record_set_text (progress, "note", note);
      else
        isaf_record_set_null (progress, "note");
    }

  if (field->has_cost
      && (isaf_record_is_null (progress, "cost_spent_riel")
          || isaf_record_get_integer (progress, "cost_spent_riel") != field->cost))
    isaf_record_set_integer (progress, "cost_spent_riel", field->cost);
  else if (!field->has_cost && !isaf_record_is_null (progress, "cost_spent_riel"))
    isaf_record_set_null (progress, "cost_spent_riel");
}

/* A progress row for every action reviewed; those no longer reviewed are left out, and the
 * core deletes their rows. */
void
isaf_jaapc_meeting_editor_collect_progress (IsafJaapcMeetingEditor *self,
                                            IsafJaapcMeeting       *meeting)
{
  for (guint i = 0; i < self->actions->len; i++)
    {
      ActionField *field = g_ptr_array_index (self->actions, i);
      IsafRecord *progress;

      if (!is_reviewed (field))
        continue;
      if (field->original != NULL)
        {
          progress = copy_stored (field->original);
          g_ptr_array_add (meeting->progress, progress);
        }
      else
        {
          progress = isaf_jaapc_meeting_set_progress (meeting,
                                                      isaf_record_get_id (field->entry->action));
        }
      fill_progress (field, progress);
    }
}
