/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-i4c-page"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-i4c-page-private.h"
#include "isaf-validate.h"

/* The parts of the I4C page that show the sheet and take what is typed into it: the
 * indicator table (this year's values beside last year's and the national standard), the
 * service standards and the budget. */

/* The indicator table -------------------------------------------------------------------- */

static char *
dup_value_text (IsafI4cPage  *self,
                const double *value)
{
  return isaf_i4c_format_value (value, isaf_context_get_digits (self->context));
}

void
isaf_i4c_page_remove_widgets (AdwPreferencesGroup *group,
                              GPtrArray           *widgets)
{
  for (guint i = 0; i < widgets->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (widgets, i));
  g_ptr_array_set_size (widgets, 0);
}

static GtkWidget *
add_column_label (IsafI4cPage *self,
                  GtkWidget   *row,
                  Column       column,
                  const char  *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_widget_add_css_class (label, "numeric");
  gtk_size_group_add_widget (self->size_groups[column], label);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return label;
}

/* What the table's columns are, above the first indicator. */
static GtkWidget *
create_header_row (IsafI4cPage *self)
{
  int year = isaf_i4c_get_year (self->sheet);
  g_autofree char *last_year = isaf_i4c_page_dup_year (self, year - 1);
  g_autofree char *this_year = isaf_i4c_page_dup_year (self, year);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *labels[N_COLUMNS];

  isaf_i4c_page_set_row_title (ADW_PREFERENCES_ROW (row), _("Indicator"));
  labels[COLUMN_STANDARD] = add_column_label (self, row, COLUMN_STANDARD, _("Standard"));
  labels[COLUMN_LAST_YEAR] = add_column_label (self, row, COLUMN_LAST_YEAR, last_year);
  labels[COLUMN_THIS_YEAR] = add_column_label (self, row, COLUMN_THIS_YEAR, this_year);
  labels[COLUMN_STATUS] = add_column_label (self, row, COLUMN_STATUS, NULL);
  for (guint i = 0; i < N_COLUMNS; i++)
    gtk_widget_add_css_class (labels[i], "caption-heading");
  gtk_widget_set_tooltip_text (labels[COLUMN_LAST_YEAR], _("Last year, as saved"));
  gtk_widget_set_tooltip_text (labels[COLUMN_THIS_YEAR], _("This year: type the figures"));
  gtk_widget_set_focusable (row, FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "dim-label");
  self->last_year_label = labels[COLUMN_LAST_YEAR];
  self->this_year_label = labels[COLUMN_THIS_YEAR];
  return row;
}

static void
show_status (ValueRow *value_row)
{
  IsafI4cPage *self = value_row->page;
  const IsafIndicator *indicator = isaf_i4c_get_indicator (self->sheet, value_row->index);
  const char *icon = NULL;
  const char *description = NULL;
  double value;
  gboolean known = value_row->error == NULL
                   && isaf_i4c_get_value (self->sheet, value_row->index, &value);

  gtk_widget_remove_css_class (value_row->status_icon, "success");
  gtk_widget_remove_css_class (value_row->status_icon, "warning");
  switch (isaf_i4c_check_standard (indicator, known ? &value : NULL))
    {
    case ISAF_I4C_STANDARD_MET:
      icon = "emblem-ok-symbolic";
      description = _("Meets the national standard");
      gtk_widget_add_css_class (value_row->status_icon, "success");
      break;
    case ISAF_I4C_STANDARD_NOT_MET:
      icon = "dialog-warning-symbolic";
      description = _("Does not meet the national standard");
      gtk_widget_add_css_class (value_row->status_icon, "warning");
      break;
    case ISAF_I4C_STANDARD_UNKNOWN:
    default:
      break;
    }

  gtk_image_set_from_icon_name (GTK_IMAGE (value_row->status_icon), icon);
  gtk_widget_set_tooltip_text (value_row->status_icon, description);
  gtk_accessible_update_state (GTK_ACCESSIBLE (value_row->status_icon),
                               GTK_ACCESSIBLE_STATE_HIDDEN, description == NULL, -1);
  if (description != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (value_row->status_icon),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
}

static void
show_value_error (ValueRow *value_row)
{
  const char *error = value_row->error;

  if (error != NULL)
    isaf_i4c_page_set_segmented_label (GTK_LABEL (value_row->message_label), error);
  gtk_widget_set_visible (value_row->message_row, error != NULL);
  if (error != NULL)
    gtk_widget_add_css_class (value_row->entry, "error");
  else
    gtk_widget_remove_css_class (value_row->entry, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (value_row->entry), GTK_ACCESSIBLE_STATE_INVALID,
                               error != NULL ? GTK_ACCESSIBLE_INVALID_TRUE
                                             : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

static void
on_value_changed_cb (GtkEditable *entry,
                     ValueRow    *value_row)
{
  IsafI4cPage *self = value_row->page;
  g_autoptr(GError) error = NULL;
  gboolean missing;
  double value;

  if (self->filling || self->sheet == NULL)
    return;

  g_clear_pointer (&value_row->error, g_free);
  if (!isaf_i4c_parse_value (gtk_editable_get_text (entry), &missing, &value, &error))
    value_row->error = g_strdup (error->message);
  else if (missing)
    isaf_i4c_clear_value (self->sheet, value_row->index);
  else
    isaf_i4c_set_value (self->sheet, value_row->index, value);

  show_value_error (value_row);
  show_status (value_row);
  isaf_i4c_page_update_actions (self);
}

/* Shows the sheet's values: last year's, and this year's in the entries. */
void
isaf_i4c_page_fill_value_row (ValueRow *value_row)
{
  IsafI4cPage *self = value_row->page;
  const IsafIndicator *indicator = isaf_i4c_get_indicator (self->sheet, value_row->index);
  g_autofree char *standard = isaf_i4c_format_standard (indicator,
                                                        isaf_context_get_digits (self->context));
  g_autofree char *last_text = NULL;
  g_autofree char *last_description = NULL;
  g_autofree char *this_text = NULL;
  double last, value;
  gboolean has_last = isaf_i4c_get_last_value (self->sheet, value_row->index, &last);

  last_text = dup_value_text (self, has_last ? &last : NULL);
  gtk_label_set_label (GTK_LABEL (value_row->standard_label), standard);
  gtk_label_set_label (GTK_LABEL (value_row->last_label), last_text);
  /* Translators: read out for last year's value of an indicator. */
  last_description = g_strdup_printf (_("Last year: %s"),
                                      has_last ? last_text : _("not known"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (value_row->last_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, last_description, -1);

  if (isaf_i4c_get_value (self->sheet, value_row->index, &value))
    this_text = dup_value_text (self, &value);
  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (value_row->entry), this_text ? this_text : "");
  self->filling = FALSE;
  g_clear_pointer (&value_row->error, g_free);
  show_value_error (value_row);
  show_status (value_row);
}

static ValueRow *
create_value_row (IsafI4cPage *self,
                  guint        index)
{
  const IsafIndicator *indicator = isaf_i4c_get_indicator (self->sheet, index);
  ValueRow *value_row = g_new0 (ValueRow, 1);
  g_autofree char *year = isaf_i4c_page_dup_year (self, isaf_i4c_get_year (self->sheet));
  g_autofree char *entry_label = NULL;
  g_autofree char *subtitle = NULL;
  const char *measure = isaf_i4c_get_measure_label (indicator->unit);

  value_row->page = self;
  value_row->index = index;
  value_row->row = adw_action_row_new ();
  isaf_i4c_page_set_row_title (ADW_PREFERENCES_ROW (value_row->row), indicator->name_km);
  if (indicator->name_en != NULL && measure[0] != '\0')
    /* Translators: an indicator's English name, then its unit ("%", "days"). */
    subtitle = g_strdup_printf (_("%1$s (%2$s)"), indicator->name_en, measure);
  else
    subtitle = g_strdup (indicator->name_en);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (value_row->row), subtitle ? subtitle : "");

  value_row->standard_label = add_column_label (self, value_row->row, COLUMN_STANDARD, NULL);
  gtk_widget_set_tooltip_text (value_row->standard_label, _("The national standard"));
  value_row->last_label = add_column_label (self, value_row->row, COLUMN_LAST_YEAR, NULL);
  gtk_widget_add_css_class (value_row->last_label, "dim-label");

  value_row->entry = gtk_entry_new ();
  gtk_editable_set_width_chars (GTK_EDITABLE (value_row->entry), 6);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (value_row->entry), 8);
  gtk_editable_set_alignment (GTK_EDITABLE (value_row->entry), 1.0);
  gtk_entry_set_placeholder_text (GTK_ENTRY (value_row->entry), ISAF_I4C_MISSING);
  gtk_entry_set_input_purpose (GTK_ENTRY (value_row->entry), GTK_INPUT_PURPOSE_NUMBER);
  gtk_widget_set_valign (value_row->entry, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (value_row->entry, "numeric");
  /* Translators: the name a screen reader gives the field for an indicator's value. */
  entry_label = g_strdup_printf (_("%1$s, value for %2$s"), indicator->name_km, year);
  gtk_accessible_update_property (GTK_ACCESSIBLE (value_row->entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, entry_label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Leave it empty when the value is not known."), -1);
  gtk_widget_set_tooltip_text (value_row->entry,
                               _("Leave it empty when the value is not known: it shows as "
                                 "“—”, never as 0."));
  gtk_size_group_add_widget (self->size_groups[COLUMN_THIS_YEAR], value_row->entry);
  adw_action_row_add_suffix (ADW_ACTION_ROW (value_row->row), value_row->entry);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (value_row->row), value_row->entry);

  value_row->status_icon = gtk_image_new ();
  gtk_size_group_add_widget (self->size_groups[COLUMN_STATUS], value_row->status_icon);
  adw_action_row_add_suffix (ADW_ACTION_ROW (value_row->row), value_row->status_icon);

  /* The core's sentence gets a row of its own right under the indicator. */
  value_row->message_row = adw_preferences_row_new ();
  value_row->message_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (value_row->message_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value_row->message_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (value_row->message_label), 0.0);
  gtk_widget_set_margin_start (value_row->message_label, 12);
  gtk_widget_set_margin_end (value_row->message_label, 12);
  gtk_widget_set_margin_top (value_row->message_label, 6);
  gtk_widget_set_margin_bottom (value_row->message_label, 6);
  gtk_widget_add_css_class (value_row->message_label, "caption");
  gtk_widget_add_css_class (value_row->message_label, "error");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (value_row->message_row),
                              value_row->message_label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (value_row->message_row), FALSE);
  gtk_widget_set_focusable (value_row->message_row, FALSE);
  gtk_widget_set_visible (value_row->message_row, FALSE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (value_row->entry),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  value_row->message_label, NULL, -1);

  g_signal_connect (value_row->entry, "changed", G_CALLBACK (on_value_changed_cb), value_row);
  return value_row;
}

void
isaf_i4c_page_show_indicators_description (IsafI4cPage *self)
{
  g_autofree char *year = isaf_i4c_page_dup_year (self, isaf_i4c_get_year (self->sheet));
  /* Translators: the year of the figures typed on the I4C sheet. */
  g_autofree char *description = g_strdup_printf (_("The figures for %s, beside last year’s. "
                                                    "Leave a value empty when it is not "
                                                    "known: it shows as “—”, never as 0."),
                                                  year);

  isaf_i4c_page_set_group_description (self->indicators_group, description);
}

static void
show_indicators (IsafI4cPage *self)
{
  GtkWidget *header;

  for (guint i = 0; i < self->value_rows->len; i++)
    {
      ValueRow *value_row = g_ptr_array_index (self->value_rows, i);

      g_signal_handlers_disconnect_by_data (value_row->entry, value_row);
    }
  g_ptr_array_set_size (self->value_rows, 0);
  isaf_i4c_page_remove_widgets (self->indicators_group, self->indicator_widgets);

  isaf_i4c_page_show_indicators_description (self);

  if (isaf_i4c_get_n_indicators (self->sheet) == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      isaf_i4c_page_set_row_title (ADW_PREFERENCES_ROW (row),
                                   _("The national reference data has no indicators for "
                                     "this type of service unit yet."));
      gtk_widget_add_css_class (row, "dim-label");
      g_ptr_array_add (self->indicator_widgets, row);
      adw_preferences_group_add (self->indicators_group, row);
      return;
    }

  header = create_header_row (self);
  g_ptr_array_add (self->indicator_widgets, header);
  adw_preferences_group_add (self->indicators_group, header);
  for (guint i = 0; i < isaf_i4c_get_n_indicators (self->sheet); i++)
    {
      ValueRow *value_row = create_value_row (self, i);

      g_ptr_array_add (self->value_rows, value_row);
      g_ptr_array_add (self->indicator_widgets, value_row->row);
      g_ptr_array_add (self->indicator_widgets, value_row->message_row);
      adw_preferences_group_add (self->indicators_group, value_row->row);
      adw_preferences_group_add (self->indicators_group, value_row->message_row);
      isaf_i4c_page_fill_value_row (value_row);
    }
}

/* Service standards and budget ----------------------------------------------------------- */

/* What the form holds goes into the sheet's set, once it is valid. */
static void
take_set_form (IsafI4cPage *self)
{
  static const char * const columns[] = {
    "opening_hours", "budget_received_riel", "budget_spent_riel",
  };
  g_autoptr(IsafRecord) built = NULL;
  IsafRecord *set;

  if (self->sheet == NULL || !isaf_record_form_get_valid (self->set_form))
    return;

  built = isaf_record_form_build (self->set_form);
  set = isaf_i4c_get_set (self->sheet);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      int index = isaf_schema_column_index (isaf_record_get_table (built), columns[i]);

      isaf_record_set_value (set, columns[i], isaf_record_value_at (built, index));
    }
}

static void
on_set_form_changed_cb (IsafI4cPage *self)
{
  if (self->filling)
    return;
  take_set_form (self);
  isaf_i4c_page_update_actions (self);
}

/* Writes a column of the sheet's set into the form's row, as the form shows values. */
static void
fill_form_row (IsafI4cPage *self,
               GtkWidget   *row,
               const char  *column)
{
  IsafRecord *set = isaf_i4c_get_set (self->sheet);
  g_autofree char *text = NULL;

  if (isaf_record_is_null (set, column))
    text = g_strdup ("");
  else if (g_str_equal (column, "opening_hours"))
    text = g_strdup (isaf_record_get_text (set, column));
  else
    {
      g_autofree char *ascii = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                isaf_record_get_integer (set, column));

      text = isaf_context_format_digits (self->context, ascii);
    }
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

void
isaf_i4c_page_on_services_changed_cb (IsafI4cPage *self)
{
  const IsafColumn *column = isaf_schema_find_column (isaf_schema_find_table ("i4c_set"),
                                                      "services_offered");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->services_view);
  g_autoptr(GError) error = NULL;
  IsafValue value = { ISAF_VALUE_TEXT };
  GtkTextIter start, end;

  if (self->filling || self->sheet == NULL)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  value.text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_clear_pointer (&self->services_error, g_free);
  if (isaf_validate_value (column, NULL, &value, &error))
    isaf_record_set_value (isaf_i4c_get_set (self->sheet), column->name, &value);
  else
    self->services_error = g_strdup (error->message);
  isaf_value_clear (&value);

  if (self->services_error != NULL)
    isaf_i4c_page_set_segmented_label (self->services_message, self->services_error);
  gtk_widget_set_visible (GTK_WIDGET (self->services_message), self->services_error != NULL);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->services_view),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               self->services_error != NULL ? GTK_ACCESSIBLE_INVALID_TRUE
                                                            : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
  isaf_i4c_page_update_actions (self);
}

static void
show_standards_and_budget (IsafI4cPage *self)
{
  IsafRecord *saved = isaf_i4c_get_saved_set (self->sheet);
  const char *services = isaf_record_get_text (isaf_i4c_get_set (self->sheet),
                                               "services_offered");

  if (self->set_form == NULL)
    {
      self->set_form = isaf_record_form_new (self->context, saved);
      self->opening_hours_row = isaf_record_form_add_field (self->set_form, self->standards_group,
                                                            "opening_hours", NULL);
      self->received_row = isaf_record_form_add_field (self->set_form, self->budget_group,
                                                       "budget_received_riel", NULL);
      self->spent_row = isaf_record_form_add_field (self->set_form, self->budget_group,
                                                    "budget_spent_riel", NULL);
      /* The form says when it becomes valid or changed; a value changed in between is seen
       * on the rows themselves, after the form has checked it. */
      g_signal_connect_object (self->set_form, "notify::valid",
                               G_CALLBACK (on_set_form_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->set_form, "notify::changed",
                               G_CALLBACK (on_set_form_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_swapped (self->opening_hours_row, "changed",
                                G_CALLBACK (on_set_form_changed_cb), self);
      g_signal_connect_swapped (self->received_row, "changed",
                                G_CALLBACK (on_set_form_changed_cb), self);
      g_signal_connect_swapped (self->spent_row, "changed",
                                G_CALLBACK (on_set_form_changed_cb), self);
    }
  else
    {
      self->filling = TRUE;
      isaf_record_form_load (self->set_form, saved);
      self->filling = FALSE;
    }

  self->filling = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->services_view),
                            services ? services : "", -1);
  self->filling = FALSE;
  g_clear_pointer (&self->services_error, g_free);
  gtk_widget_set_visible (GTK_WIDGET (self->services_message), FALSE);
}

/* The whole sheet ------------------------------------------------------------------------ */

void
isaf_i4c_page_show_sheet (IsafI4cPage *self,
                          IsafI4c     *sheet)
{
  g_set_object (&self->sheet, sheet);
  self->saved = FALSE;
  isaf_i4c_page_show_message (self, NULL);
  show_indicators (self);
  show_standards_and_budget (self);
  isaf_i4c_page_show_fees (self);
  isaf_i4c_page_show_staff (self);
  gtk_stack_set_visible_child_name (self->stack, "sheet");
  isaf_i4c_page_update_actions (self);
}

/* After copying: every widget shows what the sheet holds now. */
void
isaf_i4c_page_refill_from_sheet (IsafI4cPage *self)
{
  IsafRecord *set = isaf_i4c_get_set (self->sheet);
  const char *services = isaf_record_get_text (set, "services_offered");

  for (guint i = 0; i < self->value_rows->len; i++)
    {
      ValueRow *value_row = g_ptr_array_index (self->value_rows, i);
      gboolean missing;
      double typed, value;

      /* What the user typed stays as typed where copying left the value alone. */
      if (value_row->error == NULL
          && isaf_i4c_parse_value (gtk_editable_get_text (GTK_EDITABLE (value_row->entry)),
                                   &missing, &typed, NULL)
          && (isaf_i4c_get_value (self->sheet, i, &value) ? !missing && typed == value
                                                          : missing))
        continue;
      isaf_i4c_page_fill_value_row (value_row);
    }

  self->filling = TRUE;
  fill_form_row (self, self->opening_hours_row, "opening_hours");
  fill_form_row (self, self->received_row, "budget_received_riel");
  fill_form_row (self, self->spent_row, "budget_spent_riel");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->services_view),
                            services ? services : "", -1);
  self->filling = FALSE;
  g_clear_pointer (&self->services_error, g_free);
  gtk_widget_set_visible (GTK_WIDGET (self->services_message), FALSE);
  take_set_form (self);

  isaf_i4c_page_show_fees (self);
  isaf_i4c_page_show_staff (self);
}
