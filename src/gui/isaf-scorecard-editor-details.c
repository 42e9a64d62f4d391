/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-scorecard-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-choice.h"
#include "isaf-dissemination.h"
#include "isaf-gui-util.h"
#include "isaf-scorecard-editor-private.h"

/* The Details tab: which unit the scorecard is of (and, for the commune office's community
 * scorecards, in which village it was held), when and where, who led it, and whether it is
 * finished. The fields of the scorecard row are an IsafRecordForm, checked by the core as
 * they are typed; the facilitators beside the lead are a check list of the CAFs. */

static char *
dup_unit_label (IsafRecord *unit)
{
  const char *kind = isaf_record_get_text (unit, "kind");

  return g_strdup_printf ("%s (%s)", isaf_record_get_text (unit, "name_km"),
                          kind != NULL ? isaf_choice_get_label (kind) : "");
}

IsafRecord *
isaf_scorecard_editor_get_unit (IsafScorecardEditor *self)
{
  IsafScorecardDetails *details = &self->details;
  const IsafUuid *id;
  guint selected;

  if (details->unit_row == NULL)
    return NULL;
  selected = adw_combo_row_get_selected (ADW_COMBO_ROW (details->unit_row));
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return NULL;

  id = &g_array_index (details->unit_ids, IsafUuid, selected - 1);
  for (guint i = 0; i < self->units->len; i++)
    {
      IsafRecord *unit = g_ptr_array_index (self->units, i);

      if (isaf_uuid_equal (isaf_record_get_id (unit), id))
        return unit;
    }
  return NULL;
}

static void
show_village (IsafScorecardEditor *self)
{
  gboolean per_village = isaf_scorecard_editor_is_per_village (self);

  gtk_widget_set_visible (self->details.village_row, per_village);
  if (!per_village)
    gtk_widget_set_visible (self->details.village_message_row, FALSE);
}

static void
on_unit_selected_cb (IsafScorecardEditor *self)
{
  show_village (self);
  isaf_scorecard_editor_unit_changed (self);
}

static void
on_reopen_clicked_cb (IsafScorecardEditor *self)
{
  g_free (self->status);
  self->status = g_strdup ("draft");
  isaf_scorecard_editor_show_status (self);
  isaf_scorecard_editor_changed (self);
}

void
isaf_scorecard_editor_show_status (IsafScorecardEditor *self)
{
  AdwActionRow *row = ADW_ACTION_ROW (self->details.status_row);
  gboolean done = g_strcmp0 (self->status, "done") == 0;
  g_autofree char *subtitle = NULL;
  GtkWidget *child;

  /* The row's suffixes are made again for the status shown. */
  while ((child = g_object_get_data (G_OBJECT (row), "isaf-suffix")) != NULL)
    {
      adw_action_row_remove (row, child);
      g_object_set_data (G_OBJECT (row), "isaf-suffix", NULL);
    }

  subtitle = isaf_gui_dup_row_text (done ? _("Finished: every indicator scored has a suggested "
                                             "action.")
                                         : _("Not finished yet. Mark it as done once every "
                                             "indicator scored has a suggested action."));
  adw_action_row_set_subtitle (row, subtitle);

  if (done)
    {
      GtkWidget *reopen = gtk_button_new_with_mnemonic (_("_Reopen as Draft"));

      gtk_widget_set_valign (reopen, GTK_ALIGN_CENTER);
      g_signal_connect_object (reopen, "clicked", G_CALLBACK (on_reopen_clicked_cb), self,
                               G_CONNECT_SWAPPED);
      adw_action_row_add_suffix (row, reopen);
      g_object_set_data (G_OBJECT (row), "isaf-suffix", reopen);
    }
}

static void
build_meeting_group (IsafScorecardEditor *self,
                     AdwPreferencesPage  *page)
{
  IsafScorecardDetails *details = &self->details;
  AdwPreferencesGroup *group = isaf_scorecard_editor_add_group (page, _("Meeting"), NULL);
  guint n_units = self->units->len;
  guint n_villages = self->villages->len;
  g_autofree IsafUuid *village_ids = g_new0 (IsafUuid, MAX (n_villages, 1));
  g_autoptr(GPtrArray) unit_labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) village_labels = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n_units; i++)
    {
      IsafRecord *unit = g_ptr_array_index (self->units, i);

      g_array_append_val (details->unit_ids, *isaf_record_get_id (unit));
      g_ptr_array_add (unit_labels, dup_unit_label (unit));
    }
  for (guint i = 0; i < n_villages; i++)
    {
      IsafRecord *village = g_ptr_array_index (self->villages, i);

      village_ids[i] = *isaf_record_get_id (village);
      g_ptr_array_add (village_labels,
                       isaf_gui_dup_village_label (isaf_record_get_text (village, "code")));
    }

  isaf_record_form_set_options (details->form, "service_unit_id",
                                (const IsafUuid *) details->unit_ids->data,
                                (const char * const *) unit_labels->pdata, n_units);
  isaf_record_form_set_options (details->form, "village_id", village_ids,
                                (const char * const *) village_labels->pdata, n_villages);
  details->unit_row = isaf_record_form_add_field (details->form, group, "service_unit_id", NULL);
  details->village_row = isaf_record_form_add_field (details->form, group, "village_id",
                                                     _("Village where it was held"));
  details->village_message_row = gtk_widget_get_next_sibling (details->village_row);
  isaf_record_form_add_field (details->form, group, "held_on", _("Date of the meeting"));
  isaf_record_form_add_field (details->form, group, "place", NULL);

  g_signal_connect_object (details->unit_row, "notify::selected",
                           G_CALLBACK (on_unit_selected_cb), self, G_CONNECT_SWAPPED);
  show_village (self);
}

static void
build_facilitators_group (IsafScorecardEditor *self,
                          AdwPreferencesPage  *page)
{
  IsafScorecardDetails *details = &self->details;
  AdwPreferencesGroup *group = isaf_scorecard_editor_add_group (
    page, _("Facilitators"), _("The CAFs who led the meeting, as registered on the Commune page."));
  const IsafUuid *lead = isaf_record_get_reference (self->scorecard->record, "lead_caf_id");
  GArray *chosen = self->scorecard->facilitators;
  g_autoptr(GArray) lead_ids = g_array_new (FALSE, FALSE, sizeof (IsafUuid));
  g_autoptr(GPtrArray) lead_labels = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < self->cafs->len; i++)
    {
      IsafRecord *caf = g_ptr_array_index (self->cafs, i);
      const IsafUuid *id = isaf_record_get_id (caf);
      const char *name = isaf_record_get_text (caf, "name_km");
      const char *latin = isaf_record_get_text (caf, "name_latin");
      gboolean was_chosen = isaf_gui_ids_contain (chosen, id)
                            || (lead != NULL && isaf_uuid_equal (lead, id));

      /* Those who left stay offered where they led this meeting. */
      if (isaf_record_get_text (caf, "left_on") != NULL && !was_chosen)
        continue;
      g_array_append_val (lead_ids, *id);
      g_ptr_array_add (lead_labels, latin != NULL ? g_strdup_printf ("%s (%s)", name, latin)
                                                  : g_strdup (name));
    }

  isaf_record_form_set_options (details->form, "lead_caf_id", (const IsafUuid *) lead_ids->data,
                                (const char * const *) lead_labels->pdata, lead_ids->len);
  isaf_record_form_add_field (details->form, group, "lead_caf_id", NULL);

  for (guint i = 0; i < lead_ids->len; i++)
    {
      const IsafUuid *id = &g_array_index (lead_ids, IsafUuid, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *title = isaf_gui_dup_row_text (g_ptr_array_index (lead_labels, i));
      g_autofree char *label = g_strdup_printf (_("Also facilitated: %s"),
                                                (char *) g_ptr_array_index (lead_labels, i));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), isaf_gui_ids_contain (chosen, id));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      label, -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (isaf_scorecard_editor_changed),
                                self);
      adw_preferences_group_add (group, row);
      g_array_append_val (details->caf_ids, *id);
      g_ptr_array_add (details->caf_checks, check);
    }

  if (lead_ids->len == 0)
    adw_preferences_group_add (group, isaf_scorecard_editor_create_wrapping_label (
                                 _("No facilitator is active. Add the CAFs on the Commune page "
                                   "first.")));
}

static void
build_status_group (IsafScorecardEditor *self,
                    AdwPreferencesPage  *page)
{
  AdwPreferencesGroup *group = isaf_scorecard_editor_add_group (page, NULL, NULL);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Status"));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_preferences_group_add (group, row);
  self->details.status_row = row;
  isaf_scorecard_editor_show_status (self);
}

void
isaf_scorecard_editor_build_details (IsafScorecardEditor *self,
                                     AdwPreferencesPage  *page,
                                     const IsafUuid      *unit_id,
                                     const IsafUuid      *village_id)
{
  IsafScorecardDetails *details = &self->details;
  IsafRecord *record = self->scorecard->record;

  details->unit_ids = g_array_new (FALSE, FALSE, sizeof (IsafUuid));
  details->caf_ids = g_array_new (FALSE, FALSE, sizeof (IsafUuid));
  details->caf_checks = g_ptr_array_new ();

  if (!isaf_record_is_stored (record))
    {
      IsafUuid cycle_id;

      /* The cycle the core will find or create: the form checks the record as a whole. */
      isaf_dissemination_cycle_id (self->commune_code ? self->commune_code : "",
                                   self->scorecard->year, &cycle_id);
      isaf_record_set_reference (record, "cycle_id", &cycle_id);
      if (unit_id != NULL)
        isaf_record_set_reference (record, "service_unit_id", unit_id);
      if (village_id != NULL)
        isaf_record_set_reference (record, "village_id", village_id);
    }

  details->form = isaf_record_form_new (self->context, record);
  build_meeting_group (self, page);
  build_facilitators_group (self, page);
  build_status_group (self, page);
  g_signal_connect_object (details->form, "notify::valid",
                           G_CALLBACK (isaf_scorecard_editor_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (details->form, "notify::changed",
                           G_CALLBACK (isaf_scorecard_editor_changed), self, G_CONNECT_SWAPPED);
}

gboolean
isaf_scorecard_editor_details_valid (IsafScorecardEditor *self)
{
  return self->details.form != NULL && isaf_record_form_get_valid (self->details.form);
}

/**
 * isaf_scorecard_editor_build_record:
 * @self: the editor
 *
 * Puts the facilitators checked into the scorecard.
 *
 * Returns: (transfer full): the scorecard row to save, with what the user changed
 */
IsafRecord *
isaf_scorecard_editor_build_record (IsafScorecardEditor *self)
{
  IsafScorecardDetails *details = &self->details;
  IsafRecord *record = isaf_record_form_build (details->form);

  if (record == NULL)
    return NULL;

  /* A village chosen before the unit changed to one that is not held per village. */
  if (!isaf_scorecard_editor_is_per_village (self) && !isaf_record_is_null (record, "village_id"))
    isaf_record_set_null (record, "village_id");

  g_array_set_size (self->scorecard->facilitators, 0);
  for (guint i = 0; i < details->caf_checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (details->caf_checks, i)))
      g_array_append_val (self->scorecard->facilitators,
                          g_array_index (details->caf_ids, IsafUuid, i));
  return record;
}

void
isaf_scorecard_editor_clear_details (IsafScorecardEditor *self)
{
  IsafScorecardDetails *details = &self->details;

  for (guint i = 0; details->caf_checks != NULL && i < details->caf_checks->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (details->caf_checks, i), self);
  g_clear_pointer (&details->caf_checks, g_ptr_array_unref);
  g_clear_pointer (&details->caf_ids, g_array_unref);
  g_clear_pointer (&details->unit_ids, g_array_unref);
  g_clear_object (&details->form);
  details->unit_row = NULL;
}
