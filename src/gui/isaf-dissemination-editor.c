/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-dissemination-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-choice.h"
#include "isaf-dissemination-editor.h"
#include "isaf-editor-frame.h"
#include "isaf-gui-util.h"
#include "isaf-dissemination.h"
#include "isaf-error.h"
#include "isaf-format.h"
#include "isaf-gazetteer.h"
#include "isaf-khmer.h"
#include "isaf-record-form.h"
#include "isaf-registry-view.h"
#include "isaf-store.h"
#include "isaf-validate.h"

/* The editor of one I4C dissemination meeting: its village, date, facilitators, the units it
 * covered and who attended. It saves through isaf_dissemination_save(), with the links and
 * the attendance, not as a list of records; the rules that span rows (parts of the attendance
 * within its total, a village of this commune, facilitators active on the day) are the
 * core's, whose sentence the editor shows when Save is pressed, keeping the window open. */

/* One attendance count: an entry row and the line under it for what is wrong with it. */
typedef struct {
  GtkWidget *row;
  GtkWidget *message_row;
  GtkLabel *message;
  GtkWidget *required;
  gint64 count;
  char *error;
  gboolean touched;
} CountField;

/* A check list of registry rows (facilitators, service units). */
typedef struct {
  GArray *ids;
  GPtrArray *checks;
} CheckList;

struct _IsafDisseminationEditor
{
  AdwWindow parent_instance;

  IsafEditorFrame frame;
  GtkLabel *total_label;
  GtkTextBuffer *notes;
  GtkWidget *notes_message_row;
  GtkLabel *notes_message;

  IsafContext *context;
  GCancellable *cancellable;
  int year;
  IsafRecordForm *form;
  /* The villages the form offers, in its order. */
  GPtrArray *villages;
  CheckList cafs;
  CheckList units;
  CountField counts[ISAF_N_ATTENDANCE];
  char *notes_error;
  /* The meeting being saved, until the core answers. */
  IsafDisseminationMeeting *saving;
  gboolean loading;
  gboolean dirty;
  gboolean can_save;
};

G_DEFINE_FINAL_TYPE (IsafDisseminationEditor, isaf_dissemination_editor, ADW_TYPE_WINDOW)

static void
update_can_save (IsafDisseminationEditor *self)
{
  gboolean can_save = self->saving == NULL && self->dirty && self->form != NULL
                      && isaf_record_form_get_valid (self->form) && self->notes_error == NULL;

  for (guint i = 0; i < ISAF_N_ATTENDANCE; i++)
    can_save = can_save && self->counts[i].error == NULL;

  self->can_save = can_save;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", can_save);
}

static void
set_dirty (IsafDisseminationEditor *self)
{
  if (self->loading)
    return;
  self->dirty = TRUE;
  update_can_save (self);
}

/* Attendance */

static void
show_count_message (CountField *field)
{
  const char *entered = gtk_editable_get_text (GTK_EDITABLE (field->row));
  g_autofree char *typed = g_strstrip (g_strdup (entered));
  /* An empty count the user has not reached yet is not an error to shout about: it says
   * "Required" quietly, and Save waits. */
  const char *text = field->error != NULL && (field->touched || typed[0] != '\0')
                     ? field->error : NULL;

  if (text != NULL)
    isaf_gui_set_wrapping_text (field->message, text);
  gtk_widget_set_visible (field->message_row, text != NULL);
  if (text != NULL)
    gtk_widget_add_css_class (field->row, "error");
  else
    gtk_widget_remove_css_class (field->row, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (field->row), GTK_ACCESSIBLE_STATE_INVALID,
                               text != NULL ? GTK_ACCESSIBLE_INVALID_TRUE
                                            : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
  if (field->required != NULL)
    gtk_widget_set_visible (field->required, field->error != NULL && text == NULL);
}

static void
update_total (IsafDisseminationEditor *self)
{
  gint64 total = 0;
  g_autofree char *text = NULL;

  for (IsafAttendance i = ISAF_ATTENDANCE_WOMEN; i <= ISAF_ATTENDANCE_MEN; i++)
    if (self->counts[i].error == NULL && self->counts[i].count > 0)
      total += self->counts[i].count;
  text = isaf_context_format_integer (self->context, total);
  gtk_label_set_label (self->total_label, text);
}

/* Each count on its own, as the core checks it; the rules between counts wait for Save. */
static void
check_count (IsafDisseminationEditor *self,
             IsafAttendance           attendance)
{
  CountField *field = &self->counts[attendance];
  const char *text = gtk_editable_get_text (GTK_EDITABLE (field->row));
  g_autoptr(GError) error = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  gint64 count = ISAF_ATTENDANCE_NOT_COUNTED;

  g_clear_pointer (&field->error, g_free);
  if (stripped[0] != '\0' && !isaf_parse_integer (stripped, &count))
    {
      field->count = ISAF_ATTENDANCE_NOT_COUNTED;
      field->error = g_strdup_printf (_("%s must be a whole number, written with digits only."),
                                      isaf_attendance_get_label (attendance));
    }
  else
    {
      field->count = count;
      if (!isaf_attendance_check_count (attendance, count, &error))
        field->error = g_strdup (error->message);
    }
  show_count_message (field);
}

static void
on_count_changed_cb (GtkEditable             *editable,
                     IsafDisseminationEditor *self)
{
  for (IsafAttendance i = 0; i < ISAF_N_ATTENDANCE; i++)
    if (self->counts[i].row == GTK_WIDGET (editable))
      {
        if (!self->loading)
          self->counts[i].touched = TRUE;
        check_count (self, i);
      }
  update_total (self);
  set_dirty (self);
  update_can_save (self);
}

static void
add_count_field (IsafDisseminationEditor *self,
                 AdwPreferencesGroup     *group,
                 IsafAttendance           attendance,
                 gint64                   count)
{
  CountField *field = &self->counts[attendance];
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 isaf_attendance_get_label (attendance));
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_DIGITS);
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), TRUE);
  if (attendance == ISAF_ATTENDANCE_WOMEN || attendance == ISAF_ATTENDANCE_MEN)
    {
      field->required = gtk_label_new (_("Required"));
      gtk_widget_add_css_class (field->required, "dim-label");
      gtk_widget_add_css_class (field->required, "caption");
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), field->required);
    }
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
  check_count (self, attendance);
  g_signal_connect (row, "changed", G_CALLBACK (on_count_changed_cb), self);
}

/* Notes */

static char *
dup_notes (IsafDisseminationEditor *self)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (self->notes, &start, &end);
  return gtk_text_buffer_get_text (self->notes, &start, &end, FALSE);
}

static void
on_notes_changed_cb (IsafDisseminationEditor *self)
{
  const IsafTable *table = isaf_schema_find_table ("dissemination_meeting");
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
  set_dirty (self);
  update_can_save (self);
}

/* Check lists */

static void
check_list_init (CheckList *list)
{
  list->ids = g_array_new (FALSE, FALSE, sizeof (IsafUuid));
  list->checks = g_ptr_array_new ();
}

static void
check_list_clear (CheckList *list)
{
  g_clear_pointer (&list->ids, g_array_unref);
  g_clear_pointer (&list->checks, g_ptr_array_unref);
}

static void
check_list_add (IsafDisseminationEditor *self,
                CheckList               *list,
                AdwPreferencesGroup     *group,
                const IsafUuid          *id,
                const char              *title,
                const char              *subtitle,
                gboolean                 active)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  g_autofree char *escaped_title = isaf_gui_dup_row_text (title);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_title);
  if (subtitle != NULL && subtitle[0] != '\0')
    {
      g_autofree char *escaped = isaf_gui_dup_row_text (subtitle);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
    }
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), active);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  g_signal_connect_swapped (check, "toggled", G_CALLBACK (set_dirty), self);
  adw_preferences_group_add (group, row);

  g_array_append_val (list->ids, *id);
  g_ptr_array_add (list->checks, check);
}

static void
check_list_add_empty (AdwPreferencesGroup *group,
                      const char          *text)
{
  GtkWidget *label = gtk_label_new (NULL);

  isaf_gui_set_wrapping_text (GTK_LABEL (label), text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "dim-label");
  adw_preferences_group_add (group, label);
}

static void
check_list_collect (CheckList *list,
                    GArray    *ids)
{
  for (guint i = 0; i < list->checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (list->checks, i)))
      g_array_append_val (ids, g_array_index (list->ids, IsafUuid, i));
}

/* Saving */

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  IsafDisseminationEditor *self = user_data;
  g_autoptr(IsafDisseminationMeeting) meeting = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *village = NULL;
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;

  if (!isaf_dissemination_save_finish (ISAF_STORE (source), result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  meeting = g_steal_pointer (&self->saving);
  if (error != NULL)
    {
      /* The core's sentence says what to change; the window stays open to change it. */
      g_message ("Saving the meeting failed: %s", error->message);
      isaf_editor_frame_show_message (&self->frame, self->context, error->message);
      update_can_save (self);
      return;
    }

  isaf_context_data_changed (self->context, "cycle");
  for (guint i = 0; i < G_N_ELEMENTS (isaf_dissemination_tables); i++)
    isaf_context_data_changed (self->context, isaf_dissemination_tables[i]);

  village = isaf_gui_dup_village_label (meeting->village_code);
  title = g_strdup_printf (_("Meeting in %s saved"), village);
  escaped = g_markup_escape_text (title, -1);
  isaf_context_add_toast (self->context, adw_toast_new (escaped));
  gtk_window_destroy (GTK_WINDOW (self));
}

static const char *
find_village_code (IsafDisseminationEditor *self,
                   const IsafUuid          *id)
{
  for (guint i = 0; id != NULL && i < self->villages->len; i++)
    {
      IsafRecord *village = g_ptr_array_index (self->villages, i);

      if (isaf_uuid_equal (isaf_record_get_id (village), id))
        return isaf_record_get_text (village, "code");
    }
  return NULL;
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  IsafDisseminationEditor *self = ISAF_DISSEMINATION_EDITOR (widget);
  g_autoptr(IsafRecord) record = NULL;
  g_autofree char *notes = NULL;
  IsafDisseminationMeeting *meeting;
  const char *old_notes;

  if (!self->can_save)
    return;
  record = isaf_record_form_build (self->form);
  g_return_if_fail (record != NULL);

  /* Notes are written as the core will store them (normalised), and only when changed. */
  notes = g_strstrip (dup_notes (self));
  old_notes = isaf_record_get_text (isaf_record_form_get_record (self->form), "notes");
  if (g_strcmp0 (notes[0] != '\0' ? notes : NULL, old_notes) != 0)
    {
      if (notes[0] != '\0')
        isaf_record_set_text (record, "notes", notes);
      else
        isaf_record_set_null (record, "notes");
    }

  meeting = isaf_dissemination_meeting_new (self->year, record);
  meeting->village_code = g_strdup (find_village_code (self,
                                                       isaf_record_get_reference (record,
                                                                                  "village_id")));
  check_list_collect (&self->cafs, meeting->facilitators);
  check_list_collect (&self->units, meeting->units);
  for (guint i = 0; i < ISAF_N_ATTENDANCE; i++)
    meeting->attendance[i] = self->counts[i].count;

  /* The core checks and normalises the meeting on its thread: it is not touched here until
   * it answers. */
  self->saving = meeting;
  isaf_editor_frame_show_message (&self->frame, self->context, NULL);
  update_can_save (self);
  isaf_dissemination_save_async (isaf_context_get_store (self->context), meeting,
                                 self->cancellable, on_saved_cb, self);
}

/* Building */

static AdwPreferencesGroup *
add_group (IsafDisseminationEditor *self,
           const char              *title,
           const char              *description)
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

static void
build_meeting_group (IsafDisseminationEditor  *self,
                     IsafRecord               *record)
{
  AdwPreferencesGroup *group = add_group (self, _("Meeting"), NULL);
  guint n = self->villages->len;
  g_autofree IsafUuid *ids = g_new0 (IsafUuid, MAX (n, 1));
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      IsafRecord *village = g_ptr_array_index (self->villages, i);

      ids[i] = *isaf_record_get_id (village);
      g_ptr_array_add (labels, isaf_gui_dup_village_label (isaf_record_get_text (village, "code")));
    }

  self->form = isaf_record_form_new (self->context, record);
  isaf_record_form_set_options (self->form, "village_id", ids,
                                (const char * const *) labels->pdata, n);
  isaf_record_form_add_field (self->form, group, "village_id", NULL);
  isaf_record_form_add_field (self->form, group, "held_on", _("Date of the meeting"));
  isaf_record_form_add_field (self->form, group, "place", NULL);
  g_signal_connect_object (self->form, "notify::valid", G_CALLBACK (update_can_save), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->form, "notify::changed", G_CALLBACK (set_dirty), self,
                           G_CONNECT_SWAPPED);
}

static void
build_facilitators_group (IsafDisseminationEditor  *self,
                          GPtrArray                *cafs,
                          IsafDisseminationMeeting *meeting)
{
  AdwPreferencesGroup *group = add_group (self, _("Facilitators"),
                                          _("The CAFs who led the meeting: at least one."));
  GArray *chosen = meeting ? meeting->facilitators : NULL;

  for (guint i = 0; i < cafs->len; i++)
    {
      IsafRecord *caf = g_ptr_array_index (cafs, i);
      const IsafUuid *id = isaf_record_get_id (caf);
      const char *left_on = isaf_record_get_text (caf, "left_on");
      const char *latin = isaf_record_get_text (caf, "name_latin");
      g_autofree char *subtitle = NULL;

      /* Those who left stay listed where they led this meeting. */
      if (left_on != NULL && !isaf_gui_ids_contain (chosen, id))
        continue;
      if (left_on != NULL)
        {
          g_autofree char *date = isaf_gui_format_date (self->context, left_on);
          /* Translators: the status of a facilitator who left, with the date. */
          g_autofree char *left = g_strdup_printf (_("Left on %s"), date);

          subtitle = latin ? g_strdup_printf ("%s · %s", latin, left) : g_steal_pointer (&left);
        }
      else
        {
          subtitle = g_strdup (latin);
        }
      check_list_add (self, &self->cafs, group, id, isaf_record_get_text (caf, "name_km"),
                      subtitle, isaf_gui_ids_contain (chosen, id));
    }

  if (self->cafs.checks->len == 0)
    check_list_add_empty (group, _("No facilitator is active. Add the CAFs on the Commune "
                                   "page first."));
}

static void
build_units_group (IsafDisseminationEditor  *self,
                   GPtrArray                *units,
                   IsafDisseminationMeeting *meeting)
{
  AdwPreferencesGroup *group = add_group (self, _("Service Units Covered"),
                                          _("The units whose posters were explained."));
  GArray *chosen = meeting ? meeting->units : NULL;

  for (guint i = 0; i < units->len; i++)
    {
      IsafRecord *unit = g_ptr_array_index (units, i);
      const char *kind = isaf_record_get_text (unit, "kind");
      const char *name_en = isaf_record_get_text (unit, "name_en");
      g_autofree char *subtitle = NULL;

      if (kind != NULL && name_en != NULL)
        subtitle = g_strdup_printf ("%s · %s", isaf_choice_get_label (kind), name_en);
      else if (kind != NULL)
        subtitle = g_strdup (isaf_choice_get_label (kind));
      check_list_add (self, &self->units, group, isaf_record_get_id (unit),
                      isaf_record_get_text (unit, "name_km"), subtitle,
                      isaf_gui_ids_contain (chosen, isaf_record_get_id (unit)));
    }

  if (self->units.checks->len == 0)
    check_list_add_empty (group, _("No service unit is registered. Add them on the Commune "
                                   "page first."));
}

static void
build_attendance_group (IsafDisseminationEditor  *self,
                        IsafDisseminationMeeting *meeting)
{
  AdwPreferencesGroup *group = add_group (self, _("Attendance"),
                                          _("Women and men make the total. Youth, people with "
                                            "disabilities, ethnic minority and ID-Poor are "
                                            "counted among them; leave a group empty if it was "
                                            "not counted."));
  GtkWidget *total_row = adw_action_row_new ();
  GtkWidget *total = gtk_label_new (NULL);

  for (IsafAttendance i = 0; i < ISAF_N_ATTENDANCE; i++)
    add_count_field (self, group, i,
                     meeting ? meeting->attendance[i] : ISAF_ATTENDANCE_NOT_COUNTED);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (total_row), _("Total"));
  gtk_widget_add_css_class (total, "numeric");
  gtk_widget_add_css_class (total, "heading");
  adw_action_row_add_suffix (ADW_ACTION_ROW (total_row), total);
  adw_preferences_group_add (group, total_row);
  self->total_label = GTK_LABEL (total);
  update_total (self);
}

static void
build_notes_group (IsafDisseminationEditor *self,
                   IsafRecord              *record)
{
  AdwPreferencesGroup *group = add_group (self, _("Notes"),
                                          _("What citizens asked or said, and anything to follow "
                                            "up."));
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *view = gtk_text_view_new ();
  GtkWidget *message_row;
  const char *notes = isaf_record_get_text (record, "notes");
  GtkWidget *list = gtk_list_box_new ();

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

/* GObject */

static gboolean
isaf_dissemination_editor_close_request (GtkWindow *window)
{
  IsafDisseminationEditor *self = ISAF_DISSEMINATION_EDITOR (window);

  /* A save under way finishes first: closing now would leave the lists unaware of it. */
  if (self->saving != NULL)
    return TRUE;
  return GTK_WINDOW_CLASS (isaf_dissemination_editor_parent_class)->close_request (window);
}

static void
isaf_dissemination_editor_map (GtkWidget *widget)
{
  IsafDisseminationEditor *self = ISAF_DISSEMINATION_EDITOR (widget);

  GTK_WIDGET_CLASS (isaf_dissemination_editor_parent_class)->map (widget);
  isaf_editor_frame_focus_first_field (&self->frame, GTK_WINDOW (self));
}

static void
isaf_dissemination_editor_dispose (GObject *object)
{
  IsafDisseminationEditor *self = ISAF_DISSEMINATION_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  if (self->notes != NULL)
    g_signal_handlers_disconnect_by_data (self->notes, self);
  for (guint i = 0; i < ISAF_N_ATTENDANCE; i++)
    if (self->counts[i].row != NULL)
      {
        g_signal_handlers_disconnect_by_data (self->counts[i].row, self);
        self->counts[i].row = NULL;
      }
  for (guint i = 0; self->cafs.checks != NULL && i < self->cafs.checks->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->cafs.checks, i), self);
  for (guint i = 0; self->units.checks != NULL && i < self->units.checks->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->units.checks, i), self);
  self->notes = NULL;
  g_clear_object (&self->form);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (isaf_dissemination_editor_parent_class)->dispose (object);
}

static void
isaf_dissemination_editor_finalize (GObject *object)
{
  IsafDisseminationEditor *self = ISAF_DISSEMINATION_EDITOR (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->saving, isaf_dissemination_meeting_unref);
  g_clear_pointer (&self->villages, g_ptr_array_unref);
  check_list_clear (&self->cafs);
  check_list_clear (&self->units);
  for (guint i = 0; i < ISAF_N_ATTENDANCE; i++)
    g_free (self->counts[i].error);
  g_free (self->notes_error);

  G_OBJECT_CLASS (isaf_dissemination_editor_parent_class)->finalize (object);
}

static void
isaf_dissemination_editor_class_init (IsafDisseminationEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = isaf_dissemination_editor_dispose;
  object_class->finalize = isaf_dissemination_editor_finalize;
  widget_class->map = isaf_dissemination_editor_map;
  window_class->close_request = isaf_dissemination_editor_close_request;

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
isaf_dissemination_editor_init (IsafDisseminationEditor *self)
{
  self->cancellable = g_cancellable_new ();
  check_list_init (&self->cafs);
  check_list_init (&self->units);
  isaf_editor_frame_build (&self->frame, ADW_WINDOW (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", FALSE);
}

/* @meeting: the meeting to edit, or NULL for a new one (in @village_id when not NULL). */
IsafDisseminationEditor *
isaf_dissemination_editor_new (IsafContext              *context,
                               GtkWidget                *parent,
                               int                       year,
                               GPtrArray                *villages,
                               GPtrArray                *cafs,
                               GPtrArray                *units,
                               IsafDisseminationMeeting *meeting,
                               const IsafUuid           *village_id)
{
  IsafDisseminationEditor *self;
  g_autoptr(IsafRecord) record = NULL;
  g_autofree char *shown_year = NULL;
  g_autofree char *subtitle = NULL;
  const char *title;
  GtkRoot *root;

  title = meeting ? _("Edit Meeting") : _("New Meeting");
  self = g_object_new (ISAF_TYPE_DISSEMINATION_EDITOR,
                       "title", title,
                       "modal", TRUE,
                       "destroy-with-parent", TRUE,
                       "default-width", 560,
                       "default-height", 640,
                       NULL);
  self->context = g_object_ref (context);
  self->year = year;
  self->villages = g_ptr_array_ref (villages);

  {
    g_autofree char *ascii = g_strdup_printf ("%d", year);

    shown_year = isaf_context_format_digits (context, ascii);
    /* Translators: the subtitle of the meeting editor: the cycle year it belongs to. */
    subtitle = g_strdup_printf (_("Cycle %s"), shown_year);
  }
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
      record = isaf_record_new ("dissemination_meeting");
      isaf_dissemination_cycle_id (commune ? commune : "", year, &cycle_id);
      isaf_record_set_reference (record, "cycle_id", &cycle_id);
      if (village_id != NULL)
        isaf_record_set_reference (record, "village_id", village_id);
      /* A new record holds what is known as if loaded: the form compares with it. */
    }

  self->loading = TRUE;
  build_meeting_group (self, record);
  build_facilitators_group (self, cafs, meeting);
  build_units_group (self, units, meeting);
  build_attendance_group (self, meeting);
  build_notes_group (self, record);
  self->loading = FALSE;
  /* A village chosen from the coverage is the user's choice already. */
  self->dirty = meeting == NULL && village_id != NULL;
  update_can_save (self);

  root = gtk_widget_get_root (parent);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (root));
  return self;
}
