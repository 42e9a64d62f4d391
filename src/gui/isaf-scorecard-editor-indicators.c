/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-scorecard-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-choice.h"
#include "isaf-gui-util.h"
#include "isaf-reference.h"
#include "isaf-scorecard-editor-private.h"
#include "isaf-validate.h"

/* The Indicators tab: the scorecard's indicators in the order they were raised, each with how
 * often it was raised and whether the meeting selected it for scoring; the standard ones of
 * the unit's kind from the national reference set, to add one by one or all at once; and the
 * citizens' own, typed in. */

#define TAB ISAF_SCORECARD_TAB_INDICATORS

enum {
  COLUMN_NUMBER,
  COLUMN_NAME,
  COLUMN_TIMES_RAISED,
  COLUMN_SELECTED,
  COLUMN_REMOVE,
};

static void show_standard (IsafScorecardEditor *self);

static const char *
column_label (const char *column)
{
  return _(isaf_scorecard_editor_column ("scorecard_indicator", column)->label);
}

static IsafScorecardIndicator *
get_indicator (gpointer widget)
{
  return g_object_get_data (G_OBJECT (widget), "isaf-indicator");
}

static int
find_index (IsafScorecardEditor    *self,
            IsafScorecardIndicator *indicator)
{
  guint index;

  if (!g_ptr_array_find (self->scorecard->indicators, indicator, &index))
    return -1;
  return index;
}

static gboolean
has_code (IsafScorecardEditor *self,
          const char          *code)
{
  for (guint i = 0; i < self->scorecard->indicators->len; i++)
    {
      IsafScorecardIndicator *indicator = g_ptr_array_index (self->scorecard->indicators, i);

      if (g_strcmp0 (isaf_record_get_text (indicator->record, "indicator_code"), code) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
show_empty (IsafScorecardEditor *self)
{
  gtk_widget_set_visible (self->indicators.empty_label, self->scorecard->indicators->len == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->indicators.grid),
                          self->scorecard->indicators->len > 0);
}

/* The table ------------------------------------------------------------------------------ */

static void
on_times_raised_changed_cb (GtkEditable         *entry,
                            IsafScorecardEditor *self)
{
  IsafScorecardIndicator *indicator = get_indicator (entry);
  gint64 times;

  if (!isaf_scorecard_editor_read_number (self, TAB, GTK_WIDGET (entry),
                                          isaf_scorecard_editor_column ("scorecard_indicator",
                                                                        "times_raised"),
                                          &times))
    return;
  isaf_record_set_integer (indicator->record, "times_raised", MAX (times, 0));
  isaf_scorecard_editor_changed (self);
}

static void
on_selected_toggled_cb (GtkCheckButton      *check,
                        IsafScorecardEditor *self)
{
  isaf_record_set_boolean (get_indicator (check)->record, "is_selected",
                           gtk_check_button_get_active (check));
  isaf_scorecard_editor_structure_changed (self);
}

static void
on_remove_clicked_cb (GtkButton           *button,
                      IsafScorecardEditor *self)
{
  int index = find_index (self, get_indicator (button));
  GtkWidget *next;

  g_return_if_fail (index >= 0);

  next = gtk_grid_get_child_at (self->indicators.grid, COLUMN_REMOVE, index + 2);
  if (next != NULL)
    gtk_widget_grab_focus (next);

  /* What is no longer on the scorecard is deleted when it is saved, with its votes and
   * notes. */
  gtk_grid_remove_row (self->indicators.grid, index + 1);
  g_ptr_array_remove_index (self->scorecard->indicators, index);
  show_empty (self);
  show_standard (self);
  isaf_scorecard_editor_structure_changed (self);
}

static void
label_indicator_widget (GtkWidget  *widget,
                        const char *name,
                        const char *what)
{
  /* Translators: what a screen reader says for a field of the indicators' table: the field,
   * then the indicator. */
  g_autofree char *label = g_strdup_printf (_("%1$s: %2$s"), what, name);

  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
add_indicator_row (IsafScorecardEditor    *self,
                   IsafScorecardIndicator *indicator)
{
  GtkGrid *grid = self->indicators.grid;
  int row = find_index (self, indicator) + 1;
  const char *name = isaf_scorecard_editor_indicator_name (indicator);
  const char *code = isaf_record_get_text (indicator->record, "indicator_code");
  g_autofree char *number = isaf_context_format_integer (self->context,
                                                         isaf_record_get_integer (indicator->record,
                                                                                  "position"));
  GtkWidget *number_label = gtk_label_new (number);
  GtkWidget *name_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name_label = isaf_scorecard_editor_create_wrapping_label (name);
  GtkWidget *source = gtk_label_new (code != NULL ? _("Standard") : _("Proposed at the meeting"));
  GtkWidget *times = isaf_scorecard_editor_create_number_entry (
    self, column_label ("times_raised"),
    isaf_record_get_integer (indicator->record, "times_raised"));
  GtkWidget *selected = gtk_check_button_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *remove_label = g_strdup_printf (_("Remove “%s”"), name);

  gtk_widget_add_css_class (number_label, "numeric");
  gtk_label_set_xalign (GTK_LABEL (number_label), 1.0);
  gtk_widget_set_valign (number_label, GTK_ALIGN_START);
  gtk_grid_attach (grid, number_label, COLUMN_NUMBER, row, 1, 1);

  gtk_widget_set_hexpand (name_box, TRUE);
  gtk_widget_add_css_class (source, "caption");
  gtk_widget_add_css_class (source, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (source), 0);
  gtk_box_append (GTK_BOX (name_box), name_label);
  gtk_box_append (GTK_BOX (name_box), source);
  gtk_grid_attach (grid, name_box, COLUMN_NAME, row, 1, 1);

  label_indicator_widget (times, name, column_label ("times_raised"));
  g_object_set_data (G_OBJECT (times), "isaf-indicator", indicator);
  g_signal_connect (times, "changed", G_CALLBACK (on_times_raised_changed_cb), self);
  gtk_grid_attach (grid, times, COLUMN_TIMES_RAISED, row, 1, 1);

  gtk_check_button_set_active (GTK_CHECK_BUTTON (selected),
                               isaf_record_get_boolean (indicator->record, "is_selected"));
  gtk_widget_set_halign (selected, GTK_ALIGN_CENTER);
  label_indicator_widget (selected, name, column_label ("is_selected"));
  g_object_set_data (G_OBJECT (selected), "isaf-indicator", indicator);
  g_signal_connect (selected, "toggled", G_CALLBACK (on_selected_toggled_cb), self);
  gtk_grid_attach (grid, selected, COLUMN_SELECTED, row, 1, 1);

  gtk_widget_set_tooltip_text (remove, remove_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  remove_label, -1);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (remove), "isaf-indicator", indicator);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_clicked_cb), self);
  gtk_grid_attach (grid, remove, COLUMN_REMOVE, row, 1, 1);
}

/* Adds an indicator to the scorecard and the table; a new one is selected for scoring, as
 * most indicators on a scorecard are. */
static void
add_indicator (IsafScorecardEditor *self,
               const char          *code,
               const char          *name_km,
               const char          *name_en)
{
  IsafScorecardIndicator *indicator = isaf_scorecard_add_indicator (self->scorecard, code,
                                                                    name_km, name_en);

  isaf_record_set_integer (indicator->record, "times_raised", 1);
  isaf_record_set_boolean (indicator->record, "is_selected", TRUE);
  add_indicator_row (self, indicator);
  show_empty (self);
  isaf_scorecard_editor_structure_changed (self);
}

static void
build_table (IsafScorecardEditor *self,
             AdwPreferencesGroup *group)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *empty = isaf_scorecard_editor_create_wrapping_label (
    _("No indicator yet. Add the standard ones the meeting raised, and the citizens’ own, "
      "below."));
  const char *titles[] = {
    column_label ("position"), _("Indicator"), column_label ("times_raised"),
    column_label ("is_selected"),
  };

  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 9);
  gtk_widget_set_margin_start (grid, 12);
  gtk_widget_set_margin_end (grid, 12);
  gtk_widget_set_margin_top (grid, 12);
  gtk_widget_set_margin_bottom (grid, 12);
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      GtkWidget *header = isaf_scorecard_editor_create_header (titles[i]);

      if (i >= COLUMN_TIMES_RAISED)
        {
          gtk_label_set_max_width_chars (GTK_LABEL (header), 12);
          gtk_label_set_justify (GTK_LABEL (header), GTK_JUSTIFY_CENTER);
          gtk_label_set_xalign (GTK_LABEL (header), 0.5);
        }
      gtk_grid_attach (GTK_GRID (grid), header, i, 0, 1, 1);
    }
  gtk_widget_add_css_class (empty, "dim-label");
  gtk_widget_set_margin_start (empty, 12);
  gtk_widget_set_margin_end (empty, 12);
  gtk_widget_set_margin_top (empty, 12);
  gtk_widget_set_margin_bottom (empty, 12);
  gtk_widget_add_css_class (card, "card");
  gtk_box_append (GTK_BOX (card), grid);
  gtk_box_append (GTK_BOX (card), empty);
  adw_preferences_group_add (group, card);
  self->indicators.grid = GTK_GRID (grid);
  self->indicators.empty_label = empty;

  for (guint i = 0; i < self->scorecard->indicators->len; i++)
    add_indicator_row (self, g_ptr_array_index (self->scorecard->indicators, i));
  show_empty (self);
}

/* Citizens' own -------------------------------------------------------------------------- */

static gboolean
check_own_name (IsafScorecardEditor *self,
                IsafValue           *value)
{
  GtkWidget *row = self->indicators.own_row;
  g_autoptr(GError) error = NULL;

  value->type = ISAF_VALUE_TEXT;
  value->text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  if (value->text[0] == '\0')
    {
      isaf_scorecard_editor_set_invalid (self, TAB, row, NULL);
      return FALSE;
    }
  if (!isaf_validate_value (isaf_scorecard_editor_column ("scorecard_indicator", "name_km"),
                            self->commune_code, value, &error))
    {
      isaf_scorecard_editor_set_invalid (self, TAB, row, error->message);
      return FALSE;
    }
  isaf_scorecard_editor_set_invalid (self, TAB, row, NULL);
  return TRUE;
}

static void
on_own_changed_cb (IsafScorecardEditor *self)
{
  IsafValue value = { ISAF_VALUE_NULL };

  check_own_name (self, &value);
  isaf_value_clear (&value);
}

static void
on_own_apply_cb (IsafScorecardEditor *self)
{
  IsafValue value = { ISAF_VALUE_NULL };

  if (check_own_name (self, &value))
    {
      add_indicator (self, NULL, value.text, NULL);
      gtk_editable_set_text (GTK_EDITABLE (self->indicators.own_row), "");
    }
  isaf_value_clear (&value);
}

static void
build_own (IsafScorecardEditor *self,
           AdwPreferencesGroup *group)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Indicator in Khmer"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  g_signal_connect_swapped (row, "changed", G_CALLBACK (on_own_changed_cb), self);
  g_signal_connect_swapped (row, "apply", G_CALLBACK (on_own_apply_cb), self);
  g_signal_connect_swapped (row, "entry-activated", G_CALLBACK (on_own_apply_cb), self);
  adw_preferences_group_add (group, row);
  self->indicators.own_row = row;
}

/* The national set ----------------------------------------------------------------------- */

static void
on_add_standard_clicked_cb (GtkButton           *button,
                            IsafScorecardEditor *self)
{
  IsafIndicator *indicator = g_object_get_data (G_OBJECT (button), "isaf-reference");

  if (!has_code (self, indicator->code))
    add_indicator (self, indicator->code, indicator->name_km, indicator->name_en);
  show_standard (self);
}

static void
on_add_all_clicked_cb (IsafScorecardEditor *self)
{
  for (guint i = 0; self->indicators.reference != NULL && i < self->indicators.reference->len;
       i++)
    {
      IsafIndicator *indicator = g_ptr_array_index (self->indicators.reference, i);

      if (!has_code (self, indicator->code))
        add_indicator (self, indicator->code, indicator->name_km, indicator->name_en);
    }
  show_standard (self);
}

static void
set_standard_description (IsafScorecardEditor *self,
                          const char          *text)
{
  g_autofree char *escaped = isaf_gui_dup_row_text (text);

  adw_preferences_group_set_description (self->indicators.standard_group, escaped);
}

/* The national set of the unit's kind, each marked when it is on the scorecard already. */
static void
show_standard (IsafScorecardEditor *self)
{
  IsafScorecardIndicators *indicators = &self->indicators;
  IsafRecord *unit = isaf_scorecard_editor_get_unit (self);
  guint n_left = 0;

  for (guint i = 0; i < indicators->standard_rows->len; i++)
    adw_preferences_group_remove (indicators->standard_group,
                                  g_ptr_array_index (indicators->standard_rows, i));
  g_ptr_array_set_size (indicators->standard_rows, 0);

  if (unit == NULL)
    {
      set_standard_description (self, _("Choose the service unit on the Details tab to see "
                                        "its standard indicators."));
      gtk_widget_set_sensitive (indicators->add_all_button, FALSE);
      return;
    }
  if (indicators->reference == NULL)
    {
      set_standard_description (self, _("Reading the national set…"));
      gtk_widget_set_sensitive (indicators->add_all_button, FALSE);
      return;
    }
  if (indicators->reference->len == 0)
    {
      set_standard_description (self, _("The national set has no standard indicators for "
                                        "this kind of unit yet. Add the citizens’ own."));
      gtk_widget_set_sensitive (indicators->add_all_button, FALSE);
      return;
    }

  {
    g_autofree char *text = g_strdup_printf (_("From the national reference set (%s)."),
                                             isaf_choice_get_label (indicators->reference_kind));

    set_standard_description (self, text);
  }

  for (guint i = 0; i < indicators->reference->len; i++)
    {
      IsafIndicator *indicator = g_ptr_array_index (indicators->reference, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = isaf_gui_dup_row_text (indicator->name_km);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      if (indicator->name_en != NULL)
        {
          g_autofree char *subtitle = isaf_gui_dup_row_text (indicator->name_en);

          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
        }

      if (has_code (self, indicator->code))
        {
          GtkWidget *added = gtk_label_new (_("On the scorecard"));

          gtk_widget_add_css_class (added, "dim-label");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), added);
        }
      else
        {
          GtkWidget *add = gtk_button_new_with_label (_("Add"));
          g_autofree char *label = g_strdup_printf (_("Add “%s”"), indicator->name_km);

          gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
          gtk_accessible_update_property (GTK_ACCESSIBLE (add), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          label, -1);
          g_object_set_data (G_OBJECT (add), "isaf-reference", indicator);
          g_signal_connect (add, "clicked", G_CALLBACK (on_add_standard_clicked_cb), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), add);
          n_left++;
        }
      adw_preferences_group_add (indicators->standard_group, row);
      g_ptr_array_add (indicators->standard_rows, row);
    }
  gtk_widget_set_sensitive (indicators->add_all_button, n_left > 0);
}

typedef struct {
  IsafScorecardEditor *self;
  char *kind;
  GPtrArray *indicators;
} ReferenceJob;

static void
reference_job_free (ReferenceJob *job)
{
  g_free (job->kind);
  g_clear_pointer (&job->indicators, g_ptr_array_unref);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReferenceJob, reference_job_free)

/* The bundled set lists no health posts: they use the health centres' indicators. */
static gboolean
read_reference_job (IsafDatabase *database,
                    gpointer      data,
                    GError      **error)
{
  ReferenceJob *job = data;

  job->indicators = isaf_reference_read_indicators (database, "scorecard", job->kind, error);
  if (job->indicators != NULL && job->indicators->len == 0
      && g_str_equal (job->kind, "health_post"))
    {
      g_clear_pointer (&job->indicators, g_ptr_array_unref);
      job->indicators = isaf_reference_read_indicators (database, "scorecard", "health_centre",
                                                        error);
    }
  return job->indicators != NULL;
}

static void
on_reference_read_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(ReferenceJob) job = user_data;
  IsafScorecardEditor *self = job->self;
  g_autoptr(GError) error = NULL;
  IsafRecord *unit;

  if (!isaf_database_run_finish (ISAF_DATABASE (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      isaf_context_report_error (self->context, error);
      return;
    }

  /* The unit changed again meanwhile: its own read follows. */
  unit = isaf_scorecard_editor_get_unit (self);
  if (unit == NULL || g_strcmp0 (isaf_record_get_text (unit, "kind"), job->kind) != 0)
    return;

  g_clear_pointer (&self->indicators.reference, g_ptr_array_unref);
  self->indicators.reference = g_steal_pointer (&job->indicators);
  show_standard (self);
}

void
isaf_scorecard_editor_unit_changed (IsafScorecardEditor *self)
{
  IsafScorecardIndicators *indicators = &self->indicators;
  IsafRecord *unit = isaf_scorecard_editor_get_unit (self);
  const char *kind = unit != NULL ? isaf_record_get_text (unit, "kind") : NULL;
  ReferenceJob *job;

  if (indicators->standard_group == NULL)
    return;
  if (kind != NULL && g_strcmp0 (kind, indicators->reference_kind) == 0)
    {
      show_standard (self);
      return;
    }

  g_clear_pointer (&indicators->reference, g_ptr_array_unref);
  g_free (indicators->reference_kind);
  indicators->reference_kind = g_strdup (kind);
  show_standard (self);
  if (kind == NULL)
    return;

  job = g_new0 (ReferenceJob, 1);
  job->self = self;
  job->kind = g_strdup (kind);
  isaf_database_run_async (isaf_context_get_database (self->context), ISAF_DATABASE_READ,
                           read_reference_job, job, NULL, self->cancellable,
                           on_reference_read_cb, job);
}

void
isaf_scorecard_editor_build_indicators (IsafScorecardEditor *self,
                                        AdwPreferencesPage  *page)
{
  IsafScorecardIndicators *indicators = &self->indicators;
  gboolean community = g_str_equal (self->kind, "csc");
  AdwPreferencesGroup *table_group = isaf_scorecard_editor_add_group (
    page, _("Indicators of This Scorecard"),
    community ? _("The issues the meeting raised, with how often each was raised. Select those "
                  "the participants then scored.")
              : _("The same indicators as the citizens’ scorecard, so that both can be set "
                  "side by side. Select those the staff scored."));
  AdwPreferencesGroup *message_group = isaf_scorecard_editor_add_group (page, NULL, NULL);
  AdwPreferencesGroup *own_group = isaf_scorecard_editor_add_group (
    page, community ? _("Citizens’ Own Indicators") : _("Other Indicators"),
    community ? _("An issue citizens raised that is not in the national set: type it as they "
                  "put it, then press Enter.")
              : _("An indicator the citizens raised that is not in the national set: type it "
                  "as on their scorecard, then press Enter."));
  GtkWidget *add_all = gtk_button_new_with_mnemonic (_("Add A_ll"));

  indicators->standard_group = isaf_scorecard_editor_add_group (page, _("Standard Indicators"),
                                                                NULL);
  indicators->standard_rows = g_ptr_array_new ();
  gtk_widget_set_valign (add_all, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (add_all, _("Add every standard indicator not on the scorecard "
                                          "yet"));
  g_signal_connect_swapped (add_all, "clicked", G_CALLBACK (on_add_all_clicked_cb), self);
  adw_preferences_group_set_header_suffix (indicators->standard_group, add_all);
  indicators->add_all_button = add_all;

  build_table (self, table_group);
  isaf_scorecard_editor_add_tab_message (self, TAB, message_group);
  build_own (self, own_group);
  isaf_scorecard_editor_unit_changed (self);
}

void
isaf_scorecard_editor_clear_indicators (IsafScorecardEditor *self)
{
  IsafScorecardIndicators *indicators = &self->indicators;

  if (indicators->grid != NULL)
    for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (indicators->grid));
         child != NULL; child = gtk_widget_get_next_sibling (child))
      g_signal_handlers_disconnect_by_data (child, self);
  if (indicators->own_row != NULL)
    g_signal_handlers_disconnect_by_data (indicators->own_row, self);
  indicators->grid = NULL;
  indicators->own_row = NULL;
  indicators->standard_group = NULL;
  g_clear_pointer (&indicators->standard_rows, g_ptr_array_unref);
  g_clear_pointer (&indicators->reference, g_ptr_array_unref);
  g_clear_pointer (&indicators->reference_kind, g_free);
}
