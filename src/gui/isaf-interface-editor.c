/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-interface-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-choice.h"
#include "isaf-dissemination.h"
#include "isaf-format.h"
#include "isaf-gui-util.h"
#include "isaf-interface-editor-private.h"
#include "isaf-store.h"
#include "isaf-validate.h"

/* The editor of one interface meeting (DOMAIN.md, step 6): its date and place, the service
 * units it covered (one or several), who came, by group, and the priorities it agreed on,
 * which the suggested actions of both sides' scorecards can start (the priorities are in
 * isaf-interface-editor-priorities.c). Single fields are checked as they are typed; the rules
 * that span rows (a priority for a unit the meeting covered, an indicator of that unit's
 * scorecards, a date not in the future) are the core's, whose sentence the editor shows when
 * Save is pressed, next to what to change where it can, keeping the window open. */

G_DEFINE_FINAL_TYPE (IsafInterfaceEditor, isaf_interface_editor, ADW_TYPE_WINDOW)

void
isaf_interface_editor_update_can_save (IsafInterfaceEditor *self)
{
  gboolean can_save = self->saving == NULL && self->dirty && self->form != NULL
                      && isaf_record_form_get_valid (self->form) && self->notes_error == NULL
                      && isaf_interface_editor_priorities_valid (self);

  for (guint i = 0; i < ISAF_N_INTERFACE_ATTENDANCE; i++)
    can_save = can_save && self->counts[i].error == NULL;

  self->can_save = can_save;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", can_save);
}

void
isaf_interface_editor_set_dirty (IsafInterfaceEditor *self)
{
  if (self->loading)
    return;
  self->dirty = TRUE;
  isaf_interface_editor_update_can_save (self);
}

/* Brings @widget into view; NULL: the top of the editor. */
void
isaf_interface_editor_scroll_to (IsafInterfaceEditor *self,
                                 GtkWidget           *widget)
{
  GtkScrolledWindow *scrolled = isaf_editor_frame_get_scrolled_window (&self->frame);
  GtkAdjustment *adjustment;
  GtkWidget *content;
  graphene_point_t point;

  if (scrolled == NULL)
    return;
  adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
  /* libadwaita 1.2 has no adw_preferences_page_scroll_to_top(). */
  if (widget == NULL)
    {
      gtk_adjustment_set_value (adjustment, 0);
      return;
    }
  /* Measured from the top of what scrolls, not of what is shown. */
  content = gtk_scrolled_window_get_child (scrolled);
  if (GTK_IS_VIEWPORT (content))
    content = gtk_viewport_get_child (GTK_VIEWPORT (content));
  if (gtk_widget_compute_point (widget, content, &GRAPHENE_POINT_INIT (0, 0), &point))
    gtk_adjustment_set_value (adjustment, MAX (point.y - 24, 0));
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

static AdwPreferencesGroup *
add_group (IsafInterfaceEditor *self,
           const char          *title,
           const char          *description)
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

/* Units covered ---------------------------------------------------------------------------- */

gboolean
isaf_interface_editor_unit_is_checked (IsafInterfaceEditor *self,
                                       const IsafUuid      *unit_id)
{
  for (guint i = 0; unit_id != NULL && i < self->units->len; i++)
    if (isaf_uuid_equal (isaf_record_get_id (g_ptr_array_index (self->units, i)), unit_id))
      return gtk_check_button_get_active (g_ptr_array_index (self->unit_checks, i));
  return FALSE;
}

static GArray *
dup_checked_units (IsafInterfaceEditor *self)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (IsafUuid));

  for (guint i = 0; i < self->units->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->unit_checks, i)))
      g_array_append_val (ids, *isaf_record_get_id (g_ptr_array_index (self->units, i)));
  return ids;
}

typedef struct {
  IsafInterfaceEditor *self;
  guint generation;
} CompareData;

static void
on_compared_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autofree CompareData *data = user_data;
  IsafInterfaceEditor *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) comparisons = isaf_interface_compare_finish (ISAF_STORE (source), result,
                                                                    &error);
  g_autoptr(GPtrArray) old = NULL;

  /* Cancelled: the editor is gone. An answer for units no longer checked: dropped. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || data->generation != self->compare_generation)
    return;

  if (comparisons == NULL)
    {
      g_message ("Reading the comparison failed: %s", error->message);
      comparisons = g_ptr_array_new_with_free_func ((GDestroyNotify) isaf_interface_comparison_free);
    }
  /* The suggestions point into the comparison: they go before it does. */
  old = g_steal_pointer (&self->comparisons);
  self->comparisons = g_steal_pointer (&comparisons);
  isaf_interface_editor_show_suggestions (self);
  isaf_interface_editor_update_indicators (self);
}

/* What the checked units' scorecards say: the indicators to answer and the suggestions. */
static void
start_compare (IsafInterfaceEditor *self)
{
  g_autoptr(GArray) units = dup_checked_units (self);
  g_autoptr(GPtrArray) old = g_steal_pointer (&self->comparisons);
  CompareData *data;

  /* The suggestions point into the comparison: they go before it does. */
  self->compare_generation++;
  isaf_interface_editor_show_suggestions (self);

  data = g_new0 (CompareData, 1);
  data->self = self;
  data->generation = self->compare_generation;
  isaf_interface_compare_async (isaf_context_get_store (self->context), self->year, units,
                                self->cancellable, on_compared_cb, data);
}

static void
on_unit_toggled_cb (IsafInterfaceEditor *self)
{
  isaf_interface_editor_set_dirty (self);
  start_compare (self);
}

static void
build_units_group (IsafInterfaceEditor  *self,
                   IsafInterfaceMeeting *meeting)
{
  AdwPreferencesGroup *group = add_group (self, _("Service Units Compared"),
                                          _("The units whose scores the meeting compared: one "
                                            "service, or several."));

  for (guint i = 0; i < self->units->len; i++)
    {
      IsafRecord *unit = g_ptr_array_index (self->units, i);
      const IsafUuid *id = isaf_record_get_id (unit);
      const char *name = isaf_record_get_text (unit, "name_km");
      const char *kind = isaf_record_get_text (unit, "kind");
      const char *name_en = isaf_record_get_text (unit, "name_en");
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *title = isaf_gui_dup_row_text (name);
      g_autofree char *subtitle = NULL;

      if (kind != NULL && name_en != NULL)
        subtitle = g_strdup_printf ("%s · %s", isaf_choice_get_label (kind), name_en);
      else if (kind != NULL)
        subtitle = g_strdup (isaf_choice_get_label (kind));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      if (subtitle != NULL)
        {
          g_autofree char *escaped = isaf_gui_dup_row_text (subtitle);

          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
        }
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   meeting != NULL && isaf_gui_ids_contain (meeting->units, id));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      name, -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (on_unit_toggled_cb), self);
      adw_preferences_group_add (group, row);
      g_ptr_array_add (self->unit_checks, check);
    }

  if (self->units->len == 0)
    {
      GtkWidget *label = gtk_label_new (NULL);

      isaf_gui_set_wrapping_text (GTK_LABEL (label),
                                  _("No service unit is registered. Add them on the Commune "
                                    "page first."));
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_widget_add_css_class (label, "dim-label");
      adw_preferences_group_add (group, label);
    }
}

/* Attendance ----------------------------------------------------------------------------- */

static void
update_total (IsafInterfaceEditor *self)
{
  gint64 total = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < ISAF_N_INTERFACE_ATTENDANCE; i++)
    if (self->counts[i].error == NULL && self->counts[i].count > 0)
      total += self->counts[i].count;
  text = isaf_context_format_integer (self->context, total);
  gtk_label_set_label (self->total_label, text);
}

/* Each count on its own, with the core's words for what it refuses. */
static void
check_count (IsafInterfaceEditor     *self,
             IsafInterfaceAttendance  attendance)
{
  CountField *field = &self->counts[attendance];
  const char *label = isaf_interface_attendance_get_label (attendance);
  g_autofree char *typed = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (field->row))));
  gint64 count = ISAF_ATTENDANCE_NOT_COUNTED;

  g_clear_pointer (&field->error, g_free);
  if (typed[0] != '\0' && !isaf_parse_integer (typed, &count))
    {
      count = ISAF_ATTENDANCE_NOT_COUNTED;
      field->error = g_strdup_printf (_("%s must be a whole number, written with digits only."),
                                      label);
    }
  else if (typed[0] != '\0' && count < 0)
    {
      field->error = g_strdup_printf (_("%s cannot be negative. Enter 0 or more."), label);
    }
  else if (count > G_MAXINT32)
    {
      g_autofree char *high = isaf_context_format_integer (self->context, G_MAXINT32);
      g_autofree char *low = isaf_context_format_integer (self->context, 0);

      field->error = g_strdup_printf (_("%s must be between %s and %s."), label, low, high);
    }
  field->count = field->error == NULL ? count : ISAF_ATTENDANCE_NOT_COUNTED;
  show_field_message (field->row, field->message_row, field->message, field->error);
}

static void
on_count_changed_cb (GtkEditable         *editable,
                     IsafInterfaceEditor *self)
{
  for (IsafInterfaceAttendance i = 0; i < ISAF_N_INTERFACE_ATTENDANCE; i++)
    if (self->counts[i].row == GTK_WIDGET (editable))
      check_count (self, i);
  update_total (self);
  isaf_interface_editor_set_dirty (self);
  isaf_interface_editor_update_can_save (self);
}

static void
build_attendance_group (IsafInterfaceEditor  *self,
                        IsafInterfaceMeeting *meeting)
{
  AdwPreferencesGroup *group = add_group (self, _("Attendance"),
                                          _("How many came, by group. Leave a group empty if "
                                            "it was not counted."));
  GtkWidget *total_row = adw_action_row_new ();
  GtkWidget *total = gtk_label_new (NULL);

  for (IsafInterfaceAttendance i = 0; i < ISAF_N_INTERFACE_ATTENDANCE; i++)
    {
      CountField *field = &self->counts[i];
      GtkWidget *row = adw_entry_row_new ();
      gint64 count = meeting ? meeting->attendance[i] : ISAF_ATTENDANCE_NOT_COUNTED;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     isaf_interface_attendance_get_label (i));
      gtk_editable_set_alignment (GTK_EDITABLE (row), 1.0);
      adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_DIGITS);
      adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), TRUE);
      field->row = row;
      field->message_row = isaf_gui_create_message_row (&field->message);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                      field->message, NULL, -1);
      adw_preferences_group_add (group, row);
      adw_preferences_group_add (group, field->message_row);

      if (count != ISAF_ATTENDANCE_NOT_COUNTED)
        {
          g_autofree char *text = isaf_context_format_integer (self->context, count);

          gtk_editable_set_text (GTK_EDITABLE (row), text);
        }
      check_count (self, i);
      g_signal_connect (row, "changed", G_CALLBACK (on_count_changed_cb), self);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (total_row), _("Total"));
  gtk_widget_add_css_class (total, "numeric");
  gtk_widget_add_css_class (total, "heading");
  adw_action_row_add_suffix (ADW_ACTION_ROW (total_row), total);
  adw_preferences_group_add (group, total_row);
  self->total_label = GTK_LABEL (total);
  update_total (self);
}

/* Meeting and notes ---------------------------------------------------------------------- */

static void
build_meeting_group (IsafInterfaceEditor *self,
                     IsafRecord          *record)
{
  AdwPreferencesGroup *group = add_group (self, _("Meeting"), NULL);

  self->form = isaf_record_form_new (self->context, record);
  isaf_record_form_add_field (self->form, group, "held_on", _("Date of the meeting"));
  isaf_record_form_add_field (self->form, group, "place", NULL);
  g_signal_connect_object (self->form, "notify::valid",
                           G_CALLBACK (isaf_interface_editor_update_can_save), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->form, "notify::changed",
                           G_CALLBACK (isaf_interface_editor_set_dirty), self, G_CONNECT_SWAPPED);
}

static char *
dup_notes (IsafInterfaceEditor *self)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (self->notes, &start, &end);
  return gtk_text_buffer_get_text (self->notes, &start, &end, FALSE);
}

static void
on_notes_changed_cb (IsafInterfaceEditor *self)
{
  const IsafTable *table = isaf_schema_find_table ("interface_meeting");
  const IsafColumn *column = isaf_schema_find_column (table, "notes");
  IsafValue value = { ISAF_VALUE_TEXT };
  g_autoptr(GError) error = NULL;

  value.text = dup_notes (self);
  g_clear_pointer (&self->notes_error, g_free);
  if (!isaf_validate_value (column, NULL, &value, &error))
    self->notes_error = g_strdup (error->message);
  isaf_value_clear (&value);

  if (self->notes_error != NULL)
    isaf_gui_set_wrapping_text (self->notes_message, self->notes_error);
  gtk_widget_set_visible (self->notes_message_row, self->notes_error != NULL);
  isaf_interface_editor_set_dirty (self);
  isaf_interface_editor_update_can_save (self);
}

static void
build_notes_group (IsafInterfaceEditor *self,
                   IsafRecord          *record)
{
  AdwPreferencesGroup *group = add_group (self, _("Notes"),
                                          _("What was discussed about the gaps, and anything "
                                            "to follow up."));
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *view = gtk_text_view_new ();
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *message_row;
  const char *notes = isaf_record_get_text (record, "notes");

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 10);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 10);
  gtk_widget_set_size_request (view, -1, 90);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Notes"), -1);
  gtk_frame_set_child (GTK_FRAME (frame), view);
  adw_preferences_group_add (group, frame);

  self->notes = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  if (notes != NULL)
    gtk_text_buffer_set_text (self->notes, notes, -1);
  g_signal_connect_swapped (self->notes, "changed", G_CALLBACK (on_notes_changed_cb), self);

  /* Its message, when the notes are too long, in a list of its own under the frame. */
  message_row = isaf_gui_create_message_row (&self->notes_message);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_list_box_append (GTK_LIST_BOX (list), message_row);
  gtk_widget_set_margin_top (list, 6);
  g_object_bind_property (message_row, "visible", list, "visible", G_BINDING_SYNC_CREATE);
  adw_preferences_group_add (group, list);
  self->notes_message_row = message_row;
}

/* Saving --------------------------------------------------------------------------------- */

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  IsafInterfaceEditor *self = user_data;
  g_autoptr(IsafInterfaceMeeting) meeting = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *date = NULL;
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;

  if (!isaf_interface_meeting_save_finish (ISAF_STORE (source), result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  meeting = g_steal_pointer (&self->saving);
  if (error != NULL)
    {
      /* The core's sentence says what to change; the window stays open to change it. */
      g_message ("Saving the interface meeting failed: %s", error->message);
      isaf_editor_frame_show_message (&self->frame, self->context, error->message);
      if (g_error_matches (error, ISAF_INTERFACE_ERROR, ISAF_INTERFACE_ERROR_UNIT_NOT_COVERED))
        isaf_interface_editor_show_uncovered (self, error->message);
      isaf_interface_editor_update_can_save (self);
      return;
    }

  isaf_context_data_changed (self->context, "cycle");
  for (guint i = 0; i < G_N_ELEMENTS (isaf_interface_meeting_tables); i++)
    isaf_context_data_changed (self->context, isaf_interface_meeting_tables[i]);

  date = isaf_gui_format_date (self->context, isaf_record_get_text (meeting->record, "held_on"));
  /* Translators: a toast: the date of the interface meeting just saved. */
  title = g_strdup_printf (_("Interface meeting of %s saved"), date);
  escaped = g_markup_escape_text (title, -1);
  isaf_context_add_toast (self->context, adw_toast_new (escaped));
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  IsafInterfaceEditor *self = ISAF_INTERFACE_EDITOR (widget);
  g_autoptr(IsafRecord) record = NULL;
  g_autoptr(GArray) units = NULL;
  g_autofree char *notes = NULL;
  IsafInterfaceMeeting *meeting;
  const char *old_notes;

  if (!self->can_save)
    return;
  record = isaf_record_form_build (self->form);
  g_return_if_fail (record != NULL);

  /* Notes are written only when changed. */
  notes = g_strstrip (dup_notes (self));
  old_notes = isaf_record_get_text (isaf_record_form_get_record (self->form), "notes");
  if (g_strcmp0 (notes[0] != '\0' ? notes : NULL, old_notes) != 0)
    {
      if (notes[0] != '\0')
        isaf_record_set_text (record, "notes", notes);
      else
        isaf_record_set_null (record, "notes");
    }

  meeting = isaf_interface_meeting_new (self->year, record);
  units = dup_checked_units (self);
  g_array_append_vals (meeting->units, units->data, units->len);
  for (guint i = 0; i < ISAF_N_INTERFACE_ATTENDANCE; i++)
    meeting->attendance[i] = self->counts[i].count;
  isaf_interface_editor_collect_priorities (self, meeting->priorities);

  /* The core checks and normalises the meeting on its thread: it is not touched here until
   * it answers. */
  self->saving = meeting;
  isaf_editor_frame_show_message (&self->frame, self->context, NULL);
  isaf_interface_editor_clear_priority_messages (self);
  isaf_interface_editor_update_can_save (self);
  isaf_interface_meeting_save_async (isaf_context_get_store (self->context), meeting,
                                     self->cancellable, on_saved_cb, self);
}

/* GObject -------------------------------------------------------------------------------- */

static gboolean
isaf_interface_editor_close_request (GtkWindow *window)
{
  IsafInterfaceEditor *self = ISAF_INTERFACE_EDITOR (window);

  /* A save under way finishes first: closing now would leave the page unaware of it. */
  if (self->saving != NULL)
    return TRUE;
  return GTK_WINDOW_CLASS (isaf_interface_editor_parent_class)->close_request (window);
}

static void
isaf_interface_editor_map (GtkWidget *widget)
{
  IsafInterfaceEditor *self = ISAF_INTERFACE_EDITOR (widget);

  GTK_WIDGET_CLASS (isaf_interface_editor_parent_class)->map (widget);
  isaf_editor_frame_focus_first_field (&self->frame, GTK_WINDOW (self));
}

static void
isaf_interface_editor_dispose (GObject *object)
{
  IsafInterfaceEditor *self = ISAF_INTERFACE_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  if (self->notes != NULL)
    g_signal_handlers_disconnect_by_data (self->notes, self);
  for (guint i = 0; i < ISAF_N_INTERFACE_ATTENDANCE; i++)
    if (self->counts[i].row != NULL)
      {
        g_signal_handlers_disconnect_by_data (self->counts[i].row, self);
        self->counts[i].row = NULL;
      }
  for (guint i = 0; self->unit_checks != NULL && i < self->unit_checks->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->unit_checks, i), self);
  g_clear_pointer (&self->priorities, g_ptr_array_unref);
  self->notes = NULL;
  g_clear_object (&self->form);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (isaf_interface_editor_parent_class)->dispose (object);
}

static void
isaf_interface_editor_finalize (GObject *object)
{
  IsafInterfaceEditor *self = ISAF_INTERFACE_EDITOR (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->saving, isaf_interface_meeting_unref);
  g_clear_pointer (&self->units, g_ptr_array_unref);
  g_clear_pointer (&self->unit_checks, g_ptr_array_unref);
  g_clear_pointer (&self->comparisons, g_ptr_array_unref);
  g_clear_pointer (&self->suggestion_rows, g_ptr_array_unref);
  g_clear_pointer (&self->suggestion_buttons, g_ptr_array_unref);
  for (guint i = 0; i < ISAF_N_INTERFACE_ATTENDANCE; i++)
    g_free (self->counts[i].error);
  g_free (self->notes_error);

  G_OBJECT_CLASS (isaf_interface_editor_parent_class)->finalize (object);
}

static void
isaf_interface_editor_class_init (IsafInterfaceEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = isaf_interface_editor_dispose;
  object_class->finalize = isaf_interface_editor_finalize;
  widget_class->map = isaf_interface_editor_map;
  window_class->close_request = isaf_interface_editor_close_request;

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
isaf_interface_editor_init (IsafInterfaceEditor *self)
{
  self->cancellable = g_cancellable_new ();
  self->unit_checks = g_ptr_array_new ();
  self->priorities = g_ptr_array_new_with_free_func ((GDestroyNotify) isaf_interface_priority_free);
  self->suggestion_rows = g_ptr_array_new ();
  self->suggestion_buttons = g_ptr_array_new ();
  isaf_editor_frame_build (&self->frame, ADW_WINDOW (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", FALSE);
}

/**
 * isaf_interface_editor_new:
 * @context: the window's context
 * @parent: a widget of the window the editor belongs to
 * @year: the cycle year of the meeting
 * @units: the registered service units (IsafRecord)
 * @meeting: (nullable): the meeting to edit, or %NULL for a new one
 *
 * Returns: (transfer none): the editor, a new window owned by GTK until it closes
 */
IsafInterfaceEditor *
isaf_interface_editor_new (IsafContext          *context,
                           GtkWidget            *parent,
                           int                   year,
                           GPtrArray            *units,
                           IsafInterfaceMeeting *meeting)
{
  IsafInterfaceEditor *self;
  g_autoptr(IsafRecord) record = NULL;
  g_autofree char *ascii_year = g_strdup_printf ("%d", year);
  g_autofree char *shown_year = NULL;
  g_autofree char *subtitle = NULL;
  const char *title;
  GtkRoot *root;

  g_return_val_if_fail (ISAF_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (units != NULL, NULL);

  title = meeting ? _("Edit Interface Meeting") : _("New Interface Meeting");
  self = g_object_new (ISAF_TYPE_INTERFACE_EDITOR,
                       "title", title,
                       "modal", TRUE,
                       "destroy-with-parent", TRUE,
                       "default-width", 600,
                       "default-height", 680,
                       NULL);
  self->context = g_object_ref (context);
  self->year = year;
  self->units = g_ptr_array_ref (units);

  shown_year = isaf_context_format_digits (context, ascii_year);
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
      record = isaf_record_new ("interface_meeting");
      isaf_dissemination_cycle_id (commune ? commune : "", year, &cycle_id);
      isaf_record_set_reference (record, "cycle_id", &cycle_id);
    }

  self->loading = TRUE;
  build_meeting_group (self, record);
  build_units_group (self, meeting);
  build_attendance_group (self, meeting);
  isaf_interface_editor_build_priorities (self, meeting);
  build_notes_group (self, record);
  self->loading = FALSE;
  self->dirty = FALSE;
  isaf_interface_editor_update_can_save (self);
  start_compare (self);

  root = gtk_widget_get_root (parent);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (root));
  return self;
}
