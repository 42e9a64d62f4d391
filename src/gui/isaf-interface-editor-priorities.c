/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-interface-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "isaf-format.h"
#include "isaf-gui-util.h"
#include "isaf-interface-editor-private.h"
#include "isaf-validate.h"

/* The priorities of an interface meeting in its editor: each one's text, the unit and
 * (optionally) the citizens' indicator it answers, the votes it got in the priority vote, and
 * whether it was selected for the JAAP, in an expander row that opens on those fields. Above
 * them, the actions both sides suggested in their scorecards for the units checked, each of
 * which becomes a priority with one click. */

static gboolean
is_nil (const IsafUuid *id)
{
  static const IsafUuid nil = { { 0 } };

  return memcmp (id, &nil, sizeof nil) == 0;
}

static const IsafColumn *
find_priority_column (const char *name)
{
  return isaf_schema_find_column (isaf_schema_find_table ("interface_priority"), name);
}

static IsafRecord *
find_unit (IsafInterfaceEditor *self,
           const IsafUuid      *unit_id,
           guint               *position)
{
  for (guint i = 0; i < self->units->len; i++)
    if (isaf_uuid_equal (isaf_record_get_id (g_ptr_array_index (self->units, i)), unit_id))
      {
        if (position != NULL)
          *position = i;
        return g_ptr_array_index (self->units, i);
      }
  return NULL;
}

static const char *
get_unit_name (IsafInterfaceEditor *self,
               const IsafUuid      *unit_id)
{
  IsafRecord *unit = unit_id != NULL ? find_unit (self, unit_id, NULL) : NULL;

  return unit != NULL ? isaf_record_get_text (unit, "name_km") : NULL;
}

static const char *
get_indicator_name (const IsafInterfaceComparison *comparison)
{
  return comparison->name_km ? comparison->name_km : comparison->name_en;
}

/* One priority --------------------------------------------------------------------------- */

static void update_suggestion_buttons (IsafInterfaceEditor *self);

static char *
dup_priority_text (Priority *priority)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (priority->text_row))));
}

/* The closed row says what the priority is: its text, its unit, its votes, and whether it
 * was selected. */
static void
update_summary (Priority *priority)
{
  IsafInterfaceEditor *self = priority->editor;
  g_autofree char *text = dup_priority_text (priority);
  g_autofree char *votes = isaf_context_format_integer (self->context, MAX (priority->votes, 0));
  g_autofree char *votes_text = g_strdup_printf (ngettext ("%s vote", "%s votes",
                                                           MAX (priority->votes, 0)),
                                                 votes);
  const char *unit = priority->has_unit ? get_unit_name (self, &priority->unit_id) : NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *escaped_title = NULL;
  g_autofree char *escaped_subtitle = NULL;
  gboolean selected = gtk_check_button_get_active (GTK_CHECK_BUTTON (priority->selected_check));

  subtitle = g_strdup_printf ("%s · %s%s%s", unit ? unit : _("The commune as a whole"),
                              votes_text, selected ? " · " : "", selected ? _("Selected") : "");
  escaped_title = isaf_gui_dup_row_text (text[0] != '\0' ? text : _("New priority"));
  escaped_subtitle = isaf_gui_dup_row_text (subtitle);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (priority->row), escaped_title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (priority->row), escaped_subtitle);
}

static void
show_priority_message (GtkWidget  *row,
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

/* The text as the core checks it: required, and not too long. An empty new priority waits
 * quietly: Save stays off, and its row says "New priority". */
static void
check_text (Priority *priority,
            gboolean  typed)
{
  IsafValue value = { ISAF_VALUE_NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = dup_priority_text (priority);

  if (text[0] != '\0')
    {
      value.type = ISAF_VALUE_TEXT;
      value.text = g_steal_pointer (&text);
    }
  g_clear_pointer (&priority->text_error, g_free);
  if (!isaf_validate_value (find_priority_column ("text"), NULL, &value, &error))
    priority->text_error = g_strdup (error->message);
  isaf_value_clear (&value);
  show_priority_message (priority->text_row, priority->text_message_row, priority->text_message,
                         typed ? priority->text_error : NULL);
}

static void
check_votes (Priority *priority)
{
  IsafInterfaceEditor *self = priority->editor;
  g_autofree char *typed = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (priority->votes_row))));
  const char *label = _(find_priority_column ("votes")->label);
  IsafValue value = { ISAF_VALUE_INTEGER };
  g_autoptr(GError) error = NULL;
  gint64 votes = 0;

  g_clear_pointer (&priority->votes_error, g_free);
  if (typed[0] != '\0' && !isaf_parse_integer (typed, &votes))
    {
      priority->votes_error = g_strdup_printf (_("%s must be a whole number, written with "
                                                 "digits only."),
                                               label);
    }
  else if (votes < 0)
    {
      priority->votes_error = g_strdup_printf (_("%s cannot be negative. Enter 0 or more."),
                                               label);
    }
  else
    {
      value.integer = votes;
      if (!isaf_validate_value (find_priority_column ("votes"), NULL, &value, &error))
        priority->votes_error = g_strdup (error->message);
    }
  priority->votes = priority->votes_error == NULL ? votes : 0;
  show_priority_message (priority->votes_row, priority->votes_message_row,
                         priority->votes_message, priority->votes_error);
  isaf_interface_editor_update_can_save (self);
}

/* The indicators of the priority's unit that citizens scored, to choose the one it answers. */
static void
fill_indicator_choices (Priority *priority)
{
  IsafInterfaceEditor *self = priority->editor;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint selected = 0;

  g_array_set_size (priority->indicator_choices, 0);
  gtk_string_list_append (labels, _("No particular indicator"));
  for (guint i = 0; priority->has_unit && self->comparisons != NULL
                    && i < self->comparisons->len; i++)
    {
      const IsafInterfaceComparison *comparison = g_ptr_array_index (self->comparisons, i);

      if (!isaf_uuid_equal (&comparison->unit_id, &priority->unit_id)
          || is_nil (&comparison->indicator_id))
        continue;
      g_array_append_val (priority->indicator_choices, comparison->indicator_id);
      gtk_string_list_append (labels, get_indicator_name (comparison));
      if (priority->has_indicator
          && isaf_uuid_equal (&comparison->indicator_id, &priority->indicator_id))
        selected = priority->indicator_choices->len;
    }

  /* Kept as it was while it cannot be named: the comparison is being read, or the
   * indicator left the scorecards (the core then says so on Save). */
  if (priority->has_indicator && selected == 0)
    {
      g_array_append_val (priority->indicator_choices, priority->indicator_id);
      gtk_string_list_append (labels, self->comparisons == NULL
                                      ? _("Reading the indicators…")
                                      : _("An indicator no longer in this year’s scorecards"));
      selected = priority->indicator_choices->len;
    }

  priority->syncing = TRUE;
  adw_combo_row_set_model (ADW_COMBO_ROW (priority->indicator_row), G_LIST_MODEL (labels));
  adw_combo_row_set_selected (ADW_COMBO_ROW (priority->indicator_row), selected);
  priority->syncing = FALSE;
}

static void
on_text_changed_cb (Priority *priority)
{
  check_text (priority, TRUE);
  update_summary (priority);
  update_suggestion_buttons (priority->editor);
  isaf_interface_editor_set_dirty (priority->editor);
  isaf_interface_editor_update_can_save (priority->editor);
}

static void
on_votes_changed_cb (Priority *priority)
{
  check_votes (priority);
  update_summary (priority);
  isaf_interface_editor_set_dirty (priority->editor);
}

static void
on_selected_toggled_cb (Priority *priority)
{
  update_summary (priority);
  isaf_interface_editor_set_dirty (priority->editor);
}

static void
on_unit_selected_cb (Priority *priority)
{
  IsafInterfaceEditor *self = priority->editor;
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (priority->unit_row));

  if (priority->syncing)
    return;
  priority->has_unit = selected > 0 && selected <= self->units->len;
  if (priority->has_unit)
    priority->unit_id = *isaf_record_get_id (g_ptr_array_index (self->units, selected - 1));
  /* An indicator belongs to one unit's scorecards. */
  priority->has_indicator = FALSE;
  show_priority_message (priority->unit_row, priority->unit_message_row, priority->unit_message,
                         NULL);
  fill_indicator_choices (priority);
  update_summary (priority);
  update_suggestion_buttons (self);
  isaf_interface_editor_set_dirty (self);
}

static void
on_indicator_selected_cb (Priority *priority)
{
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (priority->indicator_row));

  if (priority->syncing)
    return;
  priority->has_indicator = selected > 0 && selected <= priority->indicator_choices->len;
  if (priority->has_indicator)
    priority->indicator_id = g_array_index (priority->indicator_choices, IsafUuid, selected - 1);
  isaf_interface_editor_set_dirty (priority->editor);
}

static void
update_no_priority (IsafInterfaceEditor *self)
{
  gtk_widget_set_visible (self->no_priority_label, self->priorities->len == 0);
}

static void
on_remove_activated_cb (Priority *priority)
{
  IsafInterfaceEditor *self = priority->editor;
  g_autoptr(GtkWidget) row = g_object_ref (priority->row);

  /* The priority lets go of its fields while they are alive, then the row goes. */
  g_ptr_array_remove (self->priorities, priority);
  adw_preferences_group_remove (self->priorities_group, row);
  update_no_priority (self);
  update_suggestion_buttons (self);
  isaf_interface_editor_set_dirty (self);
  isaf_interface_editor_update_can_save (self);
}

void
isaf_interface_priority_free (Priority *priority)
{
  g_signal_handlers_disconnect_by_data (priority->selected_check, priority);
  g_signal_handlers_disconnect_by_data (priority->text_row, priority);
  g_signal_handlers_disconnect_by_data (priority->unit_row, priority);
  g_signal_handlers_disconnect_by_data (priority->indicator_row, priority);
  g_signal_handlers_disconnect_by_data (priority->votes_row, priority);
  g_clear_object (&priority->original);
  g_clear_pointer (&priority->indicator_choices, g_array_unref);
  g_free (priority->text_error);
  g_free (priority->votes_error);
  g_free (priority);
}

static GtkWidget *
add_message_row (Priority  *priority,
                 GtkWidget *field,
                 GtkLabel **message)
{
  GtkWidget *row = isaf_gui_create_message_row (message);

  gtk_accessible_update_relation (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  *message, NULL, -1);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (priority->row), row);
  return row;
}

static GtkWidget *
create_unit_row (IsafInterfaceEditor *self,
                 Priority            *priority)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint selected = 0;

  gtk_string_list_append (labels, _("The commune as a whole"));
  for (guint i = 0; i < self->units->len; i++)
    gtk_string_list_append (labels, isaf_record_get_text (g_ptr_array_index (self->units, i),
                                                          "name_km"));
  if (priority->has_unit && find_unit (self, &priority->unit_id, &selected))
    selected++;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Service unit"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  return row;
}

/* A priority row, open when it is new (to be filled in) and closed when it was recorded. */
static Priority *
add_priority (IsafInterfaceEditor *self,
              IsafRecord          *original,
              const char          *text,
              const IsafUuid      *unit_id,
              const IsafUuid      *indicator_id,
              gint64               votes,
              gboolean             selected)
{
  Priority *priority = g_new0 (Priority, 1);
  GtkWidget *remove = adw_action_row_new ();
  GtkWidget *remove_icon = gtk_image_new_from_icon_name ("user-trash-symbolic");

  priority->editor = self;
  priority->original = original ? g_object_ref (original) : NULL;
  priority->indicator_choices = g_array_new (FALSE, FALSE, sizeof (IsafUuid));
  priority->has_unit = unit_id != NULL;
  if (unit_id != NULL)
    priority->unit_id = *unit_id;
  priority->has_indicator = indicator_id != NULL;
  if (indicator_id != NULL)
    priority->indicator_id = *indicator_id;
  priority->votes = votes;

  priority->row = adw_expander_row_new ();
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (priority->row), original == NULL);

  priority->selected_check = gtk_check_button_new ();
  gtk_check_button_set_active (GTK_CHECK_BUTTON (priority->selected_check), selected);
  gtk_widget_set_valign (priority->selected_check, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (priority->selected_check,
                               _("Selected by the meeting for the JAAP"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (priority->selected_check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Selected by the meeting for the JAAP"), -1);
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (priority->row), priority->selected_check);

  priority->text_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (priority->text_row), _("Priority"));
  if (text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (priority->text_row), text);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (priority->row), priority->text_row);
  priority->text_message_row = add_message_row (priority, priority->text_row,
                                                &priority->text_message);

  priority->unit_row = create_unit_row (self, priority);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (priority->row), priority->unit_row);
  priority->unit_message_row = add_message_row (priority, priority->unit_row,
                                                &priority->unit_message);

  priority->indicator_row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (priority->indicator_row),
                                 _("Indicator it answers"));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (priority->row), priority->indicator_row);
  fill_indicator_choices (priority);

  priority->votes_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (priority->votes_row), _("Votes"));
  gtk_editable_set_alignment (GTK_EDITABLE (priority->votes_row), 1.0);
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (priority->votes_row), GTK_INPUT_PURPOSE_DIGITS);
  if (original != NULL)
    {
      g_autofree char *shown = isaf_context_format_integer (self->context, votes);

      gtk_editable_set_text (GTK_EDITABLE (priority->votes_row), shown);
    }
  adw_expander_row_add_row (ADW_EXPANDER_ROW (priority->row), priority->votes_row);
  priority->votes_message_row = add_message_row (priority, priority->votes_row,
                                                 &priority->votes_message);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (remove), _("Remove this priority"));
  adw_action_row_add_prefix (ADW_ACTION_ROW (remove), remove_icon);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (remove), TRUE);
  gtk_widget_add_css_class (remove, "error");
  g_signal_connect_swapped (remove, "activated", G_CALLBACK (on_remove_activated_cb), priority);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (priority->row), remove);

  check_text (priority, FALSE);
  check_votes (priority);
  update_summary (priority);
  g_signal_connect_swapped (priority->selected_check, "toggled",
                            G_CALLBACK (on_selected_toggled_cb), priority);
  g_signal_connect_swapped (priority->text_row, "changed", G_CALLBACK (on_text_changed_cb),
                            priority);
  g_signal_connect_swapped (priority->unit_row, "notify::selected",
                            G_CALLBACK (on_unit_selected_cb), priority);
  g_signal_connect_swapped (priority->indicator_row, "notify::selected",
                            G_CALLBACK (on_indicator_selected_cb), priority);
  g_signal_connect_swapped (priority->votes_row, "changed", G_CALLBACK (on_votes_changed_cb),
                            priority);

  adw_preferences_group_add (self->priorities_group, priority->row);
  g_ptr_array_add (self->priorities, priority);
  update_no_priority (self);
  return priority;
}

static void
on_add_priority_clicked_cb (IsafInterfaceEditor *self)
{
  Priority *priority = add_priority (self, NULL, NULL, NULL, NULL, 0, FALSE);

  isaf_interface_editor_set_dirty (self);
  isaf_interface_editor_update_can_save (self);
  isaf_interface_editor_scroll_to (self, priority->row);
  gtk_widget_grab_focus (priority->text_row);
}

/* Suggested actions ---------------------------------------------------------------------- */

/* A suggestion already made into a priority of the same unit is not offered twice. */
static gboolean
has_priority (IsafInterfaceEditor *self,
              const char          *text,
              const IsafUuid      *unit_id)
{
  for (guint i = 0; i < self->priorities->len; i++)
    {
      Priority *priority = g_ptr_array_index (self->priorities, i);
      g_autofree char *typed = dup_priority_text (priority);

      if (priority->has_unit && isaf_uuid_equal (&priority->unit_id, unit_id)
          && g_strcmp0 (typed, text) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
update_suggestion_buttons (IsafInterfaceEditor *self)
{
  for (guint i = 0; i < self->suggestion_buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (self->suggestion_buttons, i);
      const IsafInterfaceComparison *comparison = g_object_get_data (G_OBJECT (button),
                                                                     "isaf-comparison");
      const char *text = g_object_get_data (G_OBJECT (button), "isaf-suggestion");

      gtk_widget_set_sensitive (button, !has_priority (self, text, &comparison->unit_id));
    }
}

static void
on_suggestion_add_clicked_cb (GtkButton           *button,
                              IsafInterfaceEditor *self)
{
  const IsafInterfaceComparison *comparison = g_object_get_data (G_OBJECT (button),
                                                                 "isaf-comparison");
  const char *text = g_object_get_data (G_OBJECT (button), "isaf-suggestion");
  Priority *priority;

  priority = add_priority (self, NULL, text, &comparison->unit_id,
                           is_nil (&comparison->indicator_id) ? NULL : &comparison->indicator_id,
                           0, FALSE);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (priority->row), FALSE);
  update_suggestion_buttons (self);
  isaf_interface_editor_set_dirty (self);
  isaf_interface_editor_update_can_save (self);
}

static GtkWidget *
create_suggestion_row (IsafInterfaceEditor           *self,
                       const IsafInterfaceComparison *comparison,
                       const char                    *suggestion)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_from_icon_name ("list-add-symbolic");
  g_autofree char *title = isaf_gui_dup_row_text (suggestion);
  g_autofree char *subtitle = isaf_gui_dup_row_text (get_indicator_name (comparison));
  /* Translators: the button beside a suggested action: the action's text. */
  g_autofree char *label = g_strdup_printf (_("Add “%s” as a priority"), suggestion);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data (G_OBJECT (button), "isaf-comparison", (gpointer) comparison);
  g_object_set_data (G_OBJECT (button), "isaf-suggestion", (gpointer) suggestion);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_suggestion_add_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  g_ptr_array_add (self->suggestion_buttons, button);
  return row;
}

/* Per unit checked, an expander row with what both sides suggested for its indicators. The
 * rows point into the comparison, which they never outlive. */
void
isaf_interface_editor_show_suggestions (IsafInterfaceEditor *self)
{
  for (guint i = 0; i < self->suggestion_rows->len; i++)
    adw_preferences_group_remove (self->suggestions_group,
                                  g_ptr_array_index (self->suggestion_rows, i));
  g_ptr_array_set_size (self->suggestion_rows, 0);
  g_ptr_array_set_size (self->suggestion_buttons, 0);

  for (guint u = 0; self->comparisons != NULL && u < self->units->len; u++)
    {
      const IsafUuid *unit_id = isaf_record_get_id (g_ptr_array_index (self->units, u));
      GtkWidget *expander = NULL;
      guint n_suggestions = 0;

      for (guint i = 0; i < self->comparisons->len; i++)
        {
          const IsafInterfaceComparison *comparison = g_ptr_array_index (self->comparisons, i);

          if (!isaf_uuid_equal (&comparison->unit_id, unit_id))
            continue;
          for (guint s = 0; comparison->suggestions != NULL && s < comparison->suggestions->len;
               s++)
            {
              GtkWidget *row = create_suggestion_row (self, comparison,
                                                      g_ptr_array_index (comparison->suggestions,
                                                                         s));

              if (expander == NULL)
                expander = adw_expander_row_new ();
              adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
              n_suggestions++;
            }
        }

      if (expander != NULL)
        {
          g_autofree char *title = isaf_gui_dup_row_text (get_unit_name (self, unit_id));
          g_autofree char *count = isaf_context_format_integer (self->context, n_suggestions);
          g_autofree char *subtitle = g_strdup_printf (ngettext ("%s suggested action",
                                                                 "%s suggested actions",
                                                                 n_suggestions),
                                                       count);

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
          adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
          adw_preferences_group_add (self->suggestions_group, expander);
          g_ptr_array_add (self->suggestion_rows, expander);
        }
    }

  if (self->comparisons == NULL)
    isaf_gui_set_wrapping_text (self->suggestions_status, _("Reading the scorecards…"));
  else if (self->suggestion_rows->len == 0)
    isaf_gui_set_wrapping_text (self->suggestions_status,
                                _("The scorecards of the units checked above have no suggested "
                                  "action this cycle."));
  gtk_widget_set_visible (GTK_WIDGET (self->suggestions_status),
                          self->suggestion_rows->len == 0);
  update_suggestion_buttons (self);
}

/* Shared with the editor ----------------------------------------------------------------- */

void
isaf_interface_editor_build_priorities (IsafInterfaceEditor  *self,
                                        IsafInterfaceMeeting *meeting)
{
  AdwPreferencesGroup *suggestions = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwPreferencesGroup *priorities = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  GtkWidget *add = gtk_button_new ();
  GtkWidget *content = adw_button_content_new ();
  GtkWidget *none = gtk_label_new (NULL);
  GtkWidget *status;
  g_autofree char *suggestions_text = isaf_gui_dup_row_text (
    _("What citizens and providers suggested in their scorecards, for the units checked above. "
      "Add one as a priority with a click."));
  g_autofree char *priorities_text = isaf_gui_dup_row_text (
    _("What the meeting agreed to act on, with the votes of the priority vote. Tick the ones "
      "the meeting selected for the JAAP."));

  adw_preferences_group_set_title (suggestions, _("Suggested Actions"));
  adw_preferences_group_set_description (suggestions, suggestions_text);
  status = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (status), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (status), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (status), 0);
  gtk_widget_add_css_class (status, "dim-label");
  adw_preferences_group_add (suggestions, status);
  adw_preferences_page_add (self->frame.page, suggestions);
  self->suggestions_group = suggestions;
  self->suggestions_status = GTK_LABEL (status);

  adw_preferences_group_set_title (priorities, _("Priorities"));
  adw_preferences_group_set_description (priorities, priorities_text);
  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "list-add-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _("Add _Priority"));
  adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (content), TRUE);
  gtk_button_set_child (GTK_BUTTON (add), content);
  gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (add, "flat");
  g_signal_connect_swapped (add, "clicked", G_CALLBACK (on_add_priority_clicked_cb), self);
  adw_preferences_group_set_header_suffix (priorities, add);
  isaf_gui_set_wrapping_text (GTK_LABEL (none), _("No priority yet."));
  gtk_label_set_xalign (GTK_LABEL (none), 0);
  gtk_widget_add_css_class (none, "dim-label");
  adw_preferences_group_add (priorities, none);
  self->no_priority_label = none;
  adw_preferences_page_add (self->frame.page, priorities);
  self->priorities_group = priorities;

  for (guint i = 0; meeting != NULL && i < meeting->priorities->len; i++)
    {
      IsafRecord *record = g_ptr_array_index (meeting->priorities, i);

      add_priority (self, record, isaf_record_get_text (record, "text"),
                    isaf_record_get_reference (record, "service_unit_id"),
                    isaf_record_get_reference (record, "scorecard_indicator_id"),
                    isaf_record_get_integer (record, "votes"),
                    isaf_record_get_boolean (record, "is_selected"));
    }
  update_no_priority (self);
}

void
isaf_interface_editor_update_indicators (IsafInterfaceEditor *self)
{
  for (guint i = 0; i < self->priorities->len; i++)
    fill_indicator_choices (g_ptr_array_index (self->priorities, i));
}

gboolean
isaf_interface_editor_priorities_valid (IsafInterfaceEditor *self)
{
  for (guint i = 0; self->priorities != NULL && i < self->priorities->len; i++)
    {
      Priority *priority = g_ptr_array_index (self->priorities, i);

      if (priority->text_error != NULL || priority->votes_error != NULL)
        return FALSE;
    }
  return TRUE;
}

/* A stored row as it is, to change only what the user changed (the others stay out of the
 * update, and out of sync). */
static IsafRecord *
copy_record (IsafRecord *original)
{
  const IsafTable *table = isaf_record_get_table (original);
  IsafRecord *copy = isaf_record_new_with_id (table->name, isaf_record_get_id (original));

  for (guint i = 0; i < table->n_columns; i++)
    isaf_value_copy (isaf_record_value_at (original, i), isaf_record_value_at (copy, i));
  isaf_record_mark_stored (copy, isaf_record_get_deleted (original));
  return copy;
}

static void
set_reference_if_changed (IsafRecord     *record,
                          const char     *column,
                          gboolean        has_id,
                          const IsafUuid *id)
{
  const IsafUuid *current = isaf_record_get_reference (record, column);

  if (!has_id && current != NULL)
    isaf_record_set_null (record, column);
  else if (has_id && (current == NULL || !isaf_uuid_equal (current, id)))
    isaf_record_set_reference (record, column, id);
}

/* The priorities as interface_priority records, in the order shown. */
void
isaf_interface_editor_collect_priorities (IsafInterfaceEditor *self,
                                          GPtrArray           *priorities)
{
  for (guint i = 0; i < self->priorities->len; i++)
    {
      Priority *priority = g_ptr_array_index (self->priorities, i);
      IsafRecord *record = priority->original ? copy_record (priority->original)
                                              : isaf_record_new ("interface_priority");
      g_autofree char *text = dup_priority_text (priority);
      gboolean selected = gtk_check_button_get_active (GTK_CHECK_BUTTON (priority->selected_check));

      if (g_strcmp0 (isaf_record_get_text (record, "text"), text) != 0)
        isaf_record_set_text (record, "text", text);
      set_reference_if_changed (record, "service_unit_id", priority->has_unit,
                                &priority->unit_id);
      set_reference_if_changed (record, "scorecard_indicator_id", priority->has_indicator,
                                &priority->indicator_id);
      if (priority->original == NULL || isaf_record_get_integer (record, "votes") != priority->votes)
        isaf_record_set_integer (record, "votes", priority->votes);
      if (priority->original == NULL || isaf_record_get_boolean (record, "is_selected") != selected)
        isaf_record_set_boolean (record, "is_selected", selected);
      g_ptr_array_add (priorities, record);
    }
}

void
isaf_interface_editor_clear_priority_messages (IsafInterfaceEditor *self)
{
  for (guint i = 0; i < self->priorities->len; i++)
    {
      Priority *priority = g_ptr_array_index (self->priorities, i);

      show_priority_message (priority->unit_row, priority->unit_message_row,
                             priority->unit_message, NULL);
    }
}

void
isaf_interface_editor_show_uncovered (IsafInterfaceEditor *self,
                                      const char          *message)
{
  for (guint i = 0; i < self->priorities->len; i++)
    {
      Priority *priority = g_ptr_array_index (self->priorities, i);
      g_autofree char *shown = NULL;

      if (!priority->has_unit
          || isaf_interface_editor_unit_is_checked (self, &priority->unit_id))
        continue;
      shown = isaf_context_format_digits (self->context, message);
      show_priority_message (priority->unit_row, priority->unit_message_row,
                             priority->unit_message, shown);
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (priority->row), TRUE);
      return;
    }
}
