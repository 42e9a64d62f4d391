/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-jaapc-meeting-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-choice.h"
#include "isaf-dissemination.h"
#include "isaf-gui-util.h"
#include "isaf-jaapc-meeting-editor-private.h"
#include "isaf-jaap-badges.h"
#include "isaf-store.h"
#include "isaf-validate.h"

/* The editor of one monthly meeting of the JAAP Committee (DOMAIN.md, step 8): its date and
 * place, which members of the committee were present, the progress of each action of the
 * year's plan (isaf-jaapc-meeting-editor-actions.c) and what the committee decided. Single
 * fields are checked as they are typed; the rules across rows (a date not in the future,
 * only members of the committee on the day, actions of the meeting's own plan) are the
 * core's: one Save is one isaf_jaapc_meeting_save_async(), and when the core refuses, its
 * sentence shows at the top and the window stays open, with nothing written. */

G_DEFINE_FINAL_TYPE (IsafJaapcMeetingEditor, isaf_jaapc_meeting_editor, ADW_TYPE_WINDOW)

/* What a meeting's save changes, for the pages that show them. */
static const char * const saved_tables[] = {
  "cycle", "jaapc_meeting", "jaapc_attendance", "jaap_progress", "jaap_action",
  "jaap_status_change",
};

void
isaf_jaapc_meeting_editor_update_can_save (IsafJaapcMeetingEditor *self)
{
  self->can_save = self->saving == NULL && self->dirty && self->form != NULL
                   && isaf_record_form_get_valid (self->form)
                   && self->decisions.error == NULL && self->notes.error == NULL
                   && isaf_jaapc_meeting_editor_actions_valid (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", self->can_save);
}

void
isaf_jaapc_meeting_editor_set_dirty (IsafJaapcMeetingEditor *self)
{
  if (self->loading)
    return;
  self->dirty = TRUE;
  isaf_jaapc_meeting_editor_update_can_save (self);
}

AdwPreferencesGroup *
isaf_jaapc_meeting_editor_add_group (IsafJaapcMeetingEditor *self,
                                     const char             *title,
                                     const char             *description)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  adw_preferences_group_set_title (group, title);
  if (description != NULL)
    {
      g_autofree char *escaped = isaf_gui_dup_row_text (description);

      adw_preferences_group_set_description (group, escaped);
    }
  adw_preferences_page_add (self->frame.page, group);
  return group;
}

/* Date and place --------------------------------------------------------------------------- */

static void update_members (IsafJaapcMeetingEditor *self);

static void
on_form_changed_cb (IsafJaapcMeetingEditor *self)
{
  update_members (self);
  isaf_jaapc_meeting_editor_set_dirty (self);
  isaf_jaapc_meeting_editor_update_can_save (self);
}

static void
build_meeting_group (IsafJaapcMeetingEditor *self,
                     IsafRecord             *record)
{
  AdwPreferencesGroup *group = isaf_jaapc_meeting_editor_add_group (self, _("Meeting"), NULL);

  self->form = isaf_record_form_new (self->context, record);
  isaf_record_form_add_field (self->form, group, "held_on", _("Date of the meeting"));
  isaf_record_form_add_field (self->form, group, "place", NULL);
  g_signal_connect_object (self->form, "notify::valid", G_CALLBACK (on_form_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->form, "notify::changed", G_CALLBACK (on_form_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

/* Members present -------------------------------------------------------------------------- */

/* The date typed, once it is a valid one; NULL until then. */
static char *
dup_held_on (IsafJaapcMeetingEditor *self)
{
  g_autoptr(IsafRecord) record = self->form ? isaf_record_form_build (self->form) : NULL;

  return record ? g_strdup (isaf_record_get_text (record, "held_on")) : NULL;
}

/* Who they are on the committee, and when the date is known and they were not on it then,
 * why: the core refuses them on Save, but the clerk may still be fixing the date. */
static char *
describe_member (IsafJaapcMeetingEditor *self,
                 IsafRecord             *member,
                 const char             *held_on)
{
  const char *role = isaf_record_get_text (member, "role");
  const char *organisation = isaf_record_get_text (member, "organisation");
  const char *joined_on = isaf_record_get_text (member, "joined_on");
  const char *left_on = isaf_record_get_text (member, "left_on");
  g_autoptr(GString) text = g_string_new (role ? isaf_choice_get_label (role) : NULL);

  if (organisation != NULL)
    g_string_append_printf (text, "%s%s", text->len > 0 ? " · " : "", organisation);

  if (held_on != NULL && !isaf_jaapc_member_was_member_on (member, held_on))
    {
      gboolean left = left_on != NULL && g_strcmp0 (left_on, held_on) <= 0;
      g_autofree char *date = isaf_gui_format_date (self->context, left ? left_on : joined_on);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      if (left)
        /* Translators: why a member of the committee cannot be recorded present: the date
         * they left it. */
        g_string_append_printf (text, _("Not on the committee that day: left on %s"), date);
      else
        /* Translators: why a member of the committee cannot be recorded present: the date
         * they joined it. */
        g_string_append_printf (text, _("Not on the committee that day: joined on %s"), date);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Greys the members who were not on the committee on the date typed, and says why. */
static void
update_members (IsafJaapcMeetingEditor *self)
{
  g_autofree char *held_on = dup_held_on (self);

  for (guint i = 0; i < self->member_rows->len; i++)
    {
      IsafRecord *member = g_ptr_array_index (self->members, i);
      GtkWidget *row = g_ptr_array_index (self->member_rows, i);
      g_autofree char *subtitle = describe_member (self, member, held_on);
      g_autofree char *escaped = isaf_gui_dup_row_text (subtitle);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
      if (held_on != NULL && !isaf_jaapc_member_was_member_on (member, held_on))
        gtk_widget_add_css_class (row, "dim-label");
      else
        gtk_widget_remove_css_class (row, "dim-label");
    }
}

static GArray *
dup_checked_members (IsafJaapcMeetingEditor *self)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (IsafUuid));

  for (guint i = 0; i < self->member_checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->member_checks, i)))
      g_array_append_val (ids, *isaf_record_get_id (g_ptr_array_index (self->members, i)));
  return ids;
}

static void
build_members_group (IsafJaapcMeetingEditor *self)
{
  AdwPreferencesGroup *group = isaf_jaapc_meeting_editor_add_group (
    self, _("Members Present"), _("Tick the members of the committee who came."));

  for (guint i = 0; i < self->members->len; i++)
    {
      IsafRecord *member = g_ptr_array_index (self->members, i);
      const char *name = isaf_record_get_text (member, "name_km");
      const char *latin = isaf_record_get_text (member, "name_latin");
      g_autofree char *title = latin ? g_strdup_printf ("%s (%s)", name, latin)
                                     : g_strdup (name);
      g_autofree char *escaped = isaf_gui_dup_row_text (title);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   self->original != NULL
                                   && isaf_gui_ids_contain (self->original->members,
                                                            isaf_record_get_id (member)));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      name, -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_signal_connect_swapped (check, "toggled",
                                G_CALLBACK (isaf_jaapc_meeting_editor_set_dirty), self);
      adw_preferences_group_add (group, row);
      g_ptr_array_add (self->member_rows, row);
      g_ptr_array_add (self->member_checks, check);
    }

  if (self->members->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *escaped = isaf_gui_dup_row_text (
        _("The committee’s register is empty. Add its members on the Commune page first."));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
      gtk_widget_add_css_class (row, "dim-label");
      adw_preferences_group_add (group, row);
    }
  update_members (self);
}

/* Decisions and notes ---------------------------------------------------------------------- */

static char *
dup_text (TextField *field)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (field->buffer, &start, &end);
  return gtk_text_buffer_get_text (field->buffer, &start, &end, FALSE);
}

static void
on_text_changed_cb (GtkTextBuffer          *buffer,
                    IsafJaapcMeetingEditor *self)
{
  TextField *field = buffer == self->decisions.buffer ? &self->decisions : &self->notes;
  const IsafColumn *column = isaf_schema_find_column (isaf_schema_find_table ("jaapc_meeting"),
                                                      field->column);
  IsafValue value = { ISAF_VALUE_TEXT };
  g_autoptr(GError) error = NULL;

  value.text = dup_text (field);
  g_clear_pointer (&field->error, g_free);
  if (!isaf_validate_value (column, NULL, &value, &error))
    field->error = g_strdup (error->message);
  isaf_value_clear (&value);

  if (field->error != NULL)
    isaf_gui_set_wrapping_text (field->message, field->error);
  gtk_widget_set_visible (field->message_row, field->error != NULL);
  isaf_jaapc_meeting_editor_set_dirty (self);
  isaf_jaapc_meeting_editor_update_can_save (self);
}

static void
build_text_group (IsafJaapcMeetingEditor *self,
                  TextField              *field,
                  const char             *column,
                  const char             *title,
                  const char             *description,
                  IsafRecord             *record)
{
  AdwPreferencesGroup *group = isaf_jaapc_meeting_editor_add_group (self, title, description);
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *view = gtk_text_view_new ();
  GtkWidget *list = gtk_list_box_new ();
  const char *text = isaf_record_get_text (record, column);

  field->column = column;
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 10);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 10);
  gtk_widget_set_size_request (view, -1, 90);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  gtk_frame_set_child (GTK_FRAME (frame), view);
  adw_preferences_group_add (group, frame);

  field->buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  if (text != NULL)
    gtk_text_buffer_set_text (field->buffer, text, -1);
  g_signal_connect (field->buffer, "changed", G_CALLBACK (on_text_changed_cb), self);

  /* Its message, when the text is too long, in a list of its own under the frame. */
  field->message_row = isaf_gui_create_message_row (&field->message);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_list_box_append (GTK_LIST_BOX (list), field->message_row);
  gtk_widget_set_margin_top (list, 6);
  g_object_bind_property (field->message_row, "visible", list, "visible", G_BINDING_SYNC_CREATE);
  adw_preferences_group_add (group, list);
}

/* Written only when changed: an edit syncs the fields it changed, no more. */
static void
set_text_if_changed (IsafRecord *record,
                     IsafRecord *original,
                     TextField  *field)
{
  g_autofree char *text = g_strstrip (dup_text (field));
  const char *old = isaf_record_get_text (original, field->column);

  if (g_strcmp0 (text[0] != '\0' ? text : NULL, old) == 0)
    return;
  if (text[0] != '\0')
    isaf_record_set_text (record, field->column, text);
  else
    isaf_record_set_null (record, field->column);
}

/* Saving --------------------------------------------------------------------------------- */

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  IsafJaapcMeetingEditor *self = user_data;
  g_autoptr(IsafJaapcMeeting) meeting = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *date = NULL;
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;

  if (!isaf_jaapc_meeting_save_finish (ISAF_STORE (source), result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  meeting = g_steal_pointer (&self->saving);
  if (error != NULL)
    {
      /* The core's sentence says what to change; the window stays open to change it. */
      g_message ("Saving the committee meeting failed: %s", error->message);
      isaf_editor_frame_show_message (&self->frame, self->context, error->message);
      isaf_jaapc_meeting_editor_update_can_save (self);
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (saved_tables); i++)
    isaf_context_data_changed (self->context, saved_tables[i]);

  date = isaf_gui_format_date (self->context, isaf_record_get_text (meeting->record, "held_on"));
  /* Translators: a toast: the date of the committee meeting just saved. */
  title = g_strdup_printf (_("Committee meeting of %s saved"), date);
  escaped = g_markup_escape_text (title, -1);
  isaf_context_add_toast (self->context, adw_toast_new (escaped));
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  IsafJaapcMeetingEditor *self = ISAF_JAAPC_MEETING_EDITOR (widget);
  g_autoptr(IsafRecord) record = NULL;
  g_autoptr(GArray) members = NULL;
  IsafJaapcMeeting *meeting;

  if (!self->can_save)
    return;
  record = isaf_record_form_build (self->form);
  g_return_if_fail (record != NULL);
  set_text_if_changed (record, isaf_record_form_get_record (self->form), &self->decisions);
  set_text_if_changed (record, isaf_record_form_get_record (self->form), &self->notes);

  meeting = isaf_jaapc_meeting_new (self->year, record);
  members = dup_checked_members (self);
  g_array_append_vals (meeting->members, members->data, members->len);
  isaf_jaapc_meeting_editor_collect_progress (self, meeting);

  /* The core checks and normalises the meeting on its thread: it is not touched here until
   * it answers. */
  self->saving = meeting;
  isaf_editor_frame_show_message (&self->frame, self->context, NULL);
  isaf_jaapc_meeting_editor_update_can_save (self);
  isaf_jaapc_meeting_save_async (isaf_context_get_store (self->context), meeting,
                                 self->cancellable, on_saved_cb, self);
}

/* GObject -------------------------------------------------------------------------------- */

static gboolean
isaf_jaapc_meeting_editor_close_request (GtkWindow *window)
{
  IsafJaapcMeetingEditor *self = ISAF_JAAPC_MEETING_EDITOR (window);

  /* A save under way finishes first: closing now would leave the page unaware of it. */
  if (self->saving != NULL)
    return TRUE;
  return GTK_WINDOW_CLASS (isaf_jaapc_meeting_editor_parent_class)->close_request (window);
}

static void
isaf_jaapc_meeting_editor_map (GtkWidget *widget)
{
  IsafJaapcMeetingEditor *self = ISAF_JAAPC_MEETING_EDITOR (widget);

  GTK_WIDGET_CLASS (isaf_jaapc_meeting_editor_parent_class)->map (widget);
  isaf_editor_frame_focus_first_field (&self->frame, GTK_WINDOW (self));
}

static void
isaf_jaapc_meeting_editor_dispose (GObject *object)
{
  IsafJaapcMeetingEditor *self = ISAF_JAAPC_MEETING_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  if (self->decisions.buffer != NULL)
    g_signal_handlers_disconnect_by_data (self->decisions.buffer, self);
  if (self->notes.buffer != NULL)
    g_signal_handlers_disconnect_by_data (self->notes.buffer, self);
  self->decisions.buffer = NULL;
  self->notes.buffer = NULL;
  for (guint i = 0; self->member_checks != NULL && i < self->member_checks->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->member_checks, i), self);
  g_clear_pointer (&self->actions, g_ptr_array_unref);
  g_clear_object (&self->form);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (isaf_jaapc_meeting_editor_parent_class)->dispose (object);
}

static void
isaf_jaapc_meeting_editor_finalize (GObject *object)
{
  IsafJaapcMeetingEditor *self = ISAF_JAAPC_MEETING_EDITOR (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->saving, isaf_jaapc_meeting_unref);
  g_clear_pointer (&self->original, isaf_jaapc_meeting_unref);
  g_clear_pointer (&self->members, g_ptr_array_unref);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_ptr_array_unref (self->member_rows);
  g_ptr_array_unref (self->member_checks);
  g_free (self->decisions.error);
  g_free (self->notes.error);

  G_OBJECT_CLASS (isaf_jaapc_meeting_editor_parent_class)->finalize (object);
}

static void
isaf_jaapc_meeting_editor_class_init (IsafJaapcMeetingEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = isaf_jaapc_meeting_editor_dispose;
  object_class->finalize = isaf_jaapc_meeting_editor_finalize;
  widget_class->map = isaf_jaapc_meeting_editor_map;
  window_class->close_request = isaf_jaapc_meeting_editor_close_request;

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
isaf_jaapc_meeting_editor_init (IsafJaapcMeetingEditor *self)
{
  self->cancellable = g_cancellable_new ();
  self->member_rows = g_ptr_array_new ();
  self->member_checks = g_ptr_array_new ();
  self->actions = g_ptr_array_new_with_free_func ((GDestroyNotify) isaf_jaapc_meeting_action_free);
  isaf_editor_frame_build (&self->frame, ADW_WINDOW (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", FALSE);
}

/**
 * isaf_jaapc_meeting_editor_new:
 * @context: the window's context
 * @parent: a widget of the window the editor belongs to
 * @year: the year of the plan the meeting follows
 * @members: the committee's register (jaapc_member IsafRecord)
 * @entries: the plan's actions (IsafJaapEntry), in its order
 * @meeting: (nullable): the meeting to edit, or %NULL for a new one
 *
 * Returns: (transfer none): the editor, a new window owned by GTK until it closes
 */
IsafJaapcMeetingEditor *
isaf_jaapc_meeting_editor_new (IsafContext      *context,
                               GtkWidget        *parent,
                               int               year,
                               GPtrArray        *members,
                               GPtrArray        *entries,
                               IsafJaapcMeeting *meeting)
{
  IsafJaapcMeetingEditor *self;
  g_autoptr(IsafRecord) record = NULL;
  g_autofree char *ascii_year = g_strdup_printf ("%d", year);
  g_autofree char *shown_year = NULL;
  g_autofree char *subtitle = NULL;
  const char *title;
  GtkRoot *root;

  g_return_val_if_fail (ISAF_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (members != NULL && entries != NULL, NULL);

  title = meeting ? _("Edit Committee Meeting") : _("New Committee Meeting");
  self = g_object_new (ISAF_TYPE_JAAPC_MEETING_EDITOR,
                       "title", title,
                       "modal", TRUE,
                       "destroy-with-parent", TRUE,
                       "default-width", 680,
                       "default-height", 700,
                       NULL);
  self->context = g_object_ref (context);
  self->year = year;
  self->members = g_ptr_array_ref (members);
  self->entries = g_ptr_array_ref (entries);
  self->original = meeting ? isaf_jaapc_meeting_ref (meeting) : NULL;

  shown_year = isaf_context_format_digits (context, ascii_year);
  /* Translators: under the editor's title: the cycle year whose plan the meeting follows. */
  subtitle = g_strdup_printf (_("Cycle %s"), shown_year);
  adw_window_title_set_title (self->frame.window_title, title);
  adw_window_title_set_subtitle (self->frame.window_title, subtitle);

  if (meeting != NULL)
    {
      record = g_object_ref (meeting->record);
    }
  else
    {
      g_autofree char *commune = isaf_context_dup_commune_code (context);
      IsafUuid cycle_id;

      /* The cycle the core will find or create: the form checks the record as a whole. */
      record = isaf_record_new ("jaapc_meeting");
      isaf_dissemination_cycle_id (commune ? commune : "", year, &cycle_id);
      isaf_record_set_reference (record, "cycle_id", &cycle_id);
    }

  self->loading = TRUE;
  build_meeting_group (self, record);
  build_members_group (self);
  isaf_jaapc_meeting_editor_build_actions (self);
  build_text_group (self, &self->decisions, "decisions", _("Decisions"),
                    _("What the committee decided, and who follows up."), record);
  build_text_group (self, &self->notes, "notes", _("Notes"), NULL, record);
  self->loading = FALSE;
  self->dirty = FALSE;
  isaf_jaapc_meeting_editor_update_can_save (self);

  root = gtk_widget_get_root (parent);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (root));
  return self;
}
