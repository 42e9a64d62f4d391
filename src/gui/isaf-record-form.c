/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-record-form"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-choice.h"
#include "isaf-error.h"
#include "isaf-format.h"
#include "isaf-khmer.h"
#include "isaf-record-form.h"
#include "isaf-validate.h"

/* The fields of one record as libadwaita rows, checked as the user types. Every value goes
 * through the core's isaf_validate_value(), and the whole record through
 * isaf_validate_record(), so that what the form accepts is exactly what the store will: the
 * core's sentence is shown under the field it is about. The record the form was loaded with
 * is never changed; isaf_record_form_build() makes the record to save. */
struct _IsafRecordForm
{
  GObject parent_instance;

  IsafContext *context;
  char *commune_code;
  IsafRecord *record;
  GPtrArray *fields;
  /* Column name → Options, for references. */
  GHashTable *options;
  /* A rule across fields that fails, and the field it is shown under. */
  char *record_error;
  gpointer record_error_field;
  gboolean valid;
  gboolean changed;
  gboolean loading;
};

G_DEFINE_FINAL_TYPE (IsafRecordForm, isaf_record_form, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_VALID,
  PROP_CHANGED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef enum {
  WIDGET_ENTRY,
  WIDGET_COMBO,
  WIDGET_SWITCH,
} WidgetKind;

typedef struct {
  GArray *ids;
  GPtrArray *labels;
} Options;

typedef struct {
  IsafRecordForm *form;
  const IsafColumn *column;
  guint index;
  WidgetKind kind;
  /* Weak: the rows belong to their group. */
  GtkWidget *row;
  /* What the form listens to: the row, or the switch in it. */
  GtkWidget *control;
  GtkWidget *required_label;
  GtkWidget *message_row;
  GtkWidget *message;
  Options *options;
  char *warning;
  /* The value the widget holds, normalised by the core when it is valid. */
  IsafValue value;
  /* The core's sentence when the value is not valid. */
  char *error;
  gboolean empty;
  gboolean touched;
} Field;

static void
options_free (gpointer data)
{
  Options *options = data;

  g_array_unref (options->ids);
  g_ptr_array_unref (options->labels);
  g_free (options);
}

static void
field_free (gpointer data)
{
  Field *field = data;

  if (field->control != NULL)
    {
      g_signal_handlers_disconnect_by_data (field->control, field);
      g_object_remove_weak_pointer (G_OBJECT (field->control), (gpointer *) &field->control);
    }
  g_clear_weak_pointer (&field->row);
  g_clear_weak_pointer (&field->message_row);
  g_clear_weak_pointer (&field->message);
  g_clear_weak_pointer (&field->required_label);
  isaf_value_clear (&field->value);
  g_free (field->error);
  g_free (field->warning);
  g_free (field);
}

/* Values -------------------------------------------------------------------------------- */

/* The record to save: the loaded one with what the user changed, as changes, so that an
 * update writes (and syncs) only those fields. */
static IsafRecord *
build_record (IsafRecordForm *self)
{
  const IsafTable *table = isaf_record_get_table (self->record);
  IsafRecord *record = isaf_record_new_with_id (table->name, isaf_record_get_id (self->record));

  for (guint i = 0; i < table->n_columns; i++)
    isaf_value_copy (isaf_record_value_at (self->record, i), isaf_record_value_at (record, i));
  if (isaf_record_is_stored (self->record))
    isaf_record_mark_stored (record, isaf_record_get_deleted (self->record));

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      if (!isaf_value_equal (&field->value, isaf_record_value_at (self->record, field->index)))
        isaf_record_set_value (record, field->column->name, &field->value);
    }
  return record;
}

/* Widgets ------------------------------------------------------------------------------- */

static gboolean
is_number_column (const IsafColumn *column)
{
  return column->kind == ISAF_COLUMN_INTEGER || column->kind == ISAF_COLUMN_COUNT
         || column->kind == ISAF_COLUMN_RIEL || column->kind == ISAF_COLUMN_SCORE;
}

/* Typed Khmer digits are read as Western ones (the stored form). */
static char *
dup_western_digits (const char *text)
{
  GString *result = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x17E0 && c <= 0x17E9)
        g_string_append_c (result, '0' + (c - 0x17E0));
      else
        g_string_append_unichar (result, c);
    }
  return g_strstrip (g_string_free (result, FALSE));
}

/* Reads what the widget holds into @value; FALSE (with @error set) when it is not even of
 * the column's kind, such as letters in a number. */
static gboolean
read_widget (Field     *field,
             IsafValue *value,
             GError   **error)
{
  const IsafColumn *column = field->column;

  value->type = ISAF_VALUE_NULL;
  field->empty = TRUE;

  switch (field->kind)
    {
    case WIDGET_ENTRY:
      {
        const char *text = gtk_editable_get_text (GTK_EDITABLE (field->row));
        g_autofree char *western = dup_western_digits (text);

        if (western[0] == '\0')
          return TRUE;
        field->empty = FALSE;

        if (is_number_column (column))
          {
            if (!isaf_parse_integer (western, &value->integer))
              {
                g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_WRONG_TYPE,
                             _("%s must be a whole number, written with digits only."),
                             _(column->label));
                return FALSE;
              }
            value->type = ISAF_VALUE_INTEGER;
          }
        else if (column->kind == ISAF_COLUMN_REAL)
          {
            char *end = NULL;

            value->real = g_ascii_strtod (western, &end);
            if (end == NULL || *end != '\0')
              {
                g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_WRONG_TYPE,
                             _("%s must be a number, written with digits only."),
                             _(column->label));
                return FALSE;
              }
            value->type = ISAF_VALUE_REAL;
          }
        else
          {
            value->type = ISAF_VALUE_TEXT;
            value->text = column->kind == ISAF_COLUMN_DATE ? g_steal_pointer (&western)
                                                           : g_strdup (text);
          }
      }
      return TRUE;

    case WIDGET_COMBO:
      {
        guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (field->row));

        if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
          return TRUE;
        field->empty = FALSE;
        if (column->kind == ISAF_COLUMN_CHOICE)
          {
            value->type = ISAF_VALUE_TEXT;
            value->text = g_strdup (column->choices[selected - 1]);
          }
        else
          {
            value->type = ISAF_VALUE_ID;
            value->id = g_array_index (field->options->ids, IsafUuid, selected - 1);
          }
      }
      return TRUE;

    case WIDGET_SWITCH:
      field->empty = FALSE;
      value->type = ISAF_VALUE_INTEGER;
      value->integer = gtk_switch_get_active (GTK_SWITCH (field->control));
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

static void
write_widget (Field           *field,
              const IsafValue *value)
{
  IsafRecordForm *self = field->form;

  switch (field->kind)
    {
    case WIDGET_ENTRY:
      {
        g_autofree char *ascii = NULL;
        g_autofree char *shown = NULL;

        if (value->type == ISAF_VALUE_INTEGER)
          ascii = g_strdup_printf ("%" G_GINT64_FORMAT, value->integer);
        else if (value->type == ISAF_VALUE_REAL)
          ascii = g_strdup_printf ("%g", value->real);
        else if (value->type == ISAF_VALUE_TEXT)
          ascii = g_strdup (value->text);

        /* Phone numbers are shown as stored; numbers and dates in the chosen digits. */
        if (ascii != NULL && field->column->kind != ISAF_COLUMN_TEXT
            && field->column->kind != ISAF_COLUMN_PHONE)
          shown = isaf_context_format_digits (self->context, ascii);
        else
          shown = g_steal_pointer (&ascii);
        gtk_editable_set_text (GTK_EDITABLE (field->row), shown ? shown : "");
      }
      break;

    case WIDGET_COMBO:
      {
        guint selected = 0;

        if (value->type == ISAF_VALUE_TEXT && field->column->choices != NULL)
          {
            for (guint i = 0; field->column->choices[i] != NULL; i++)
              if (g_str_equal (field->column->choices[i], value->text))
                selected = i + 1;
          }
        else if (value->type == ISAF_VALUE_ID && field->options != NULL)
          {
            for (guint i = 0; i < field->options->ids->len; i++)
              if (isaf_uuid_equal (&g_array_index (field->options->ids, IsafUuid, i),
                                   &value->id))
                selected = i + 1;
          }
        adw_combo_row_set_selected (ADW_COMBO_ROW (field->row), selected);
      }
      break;

    case WIDGET_SWITCH:
      gtk_switch_set_active (GTK_SWITCH (field->control),
                             value->type == ISAF_VALUE_INTEGER && value->integer != 0);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
show_message (Field *field)
{
  IsafRecordForm *self = field->form;
  const char *text = NULL;
  gboolean is_error = TRUE;
  gboolean required_hint;

  if (field->row == NULL || field->message == NULL)
    return;

  /* An empty field the user has not reached yet is not an error to shout about: it says
   * "Required" quietly, and Save waits. */
  if (field->error != NULL && (field->touched || !field->empty))
    text = field->error;
  else if (field == self->record_error_field)
    text = self->record_error;
  else if (field->warning != NULL && field->value.type == ISAF_VALUE_INTEGER
           && field->value.integer != 0)
    {
      text = field->warning;
      is_error = FALSE;
    }

  if (text != NULL)
    {
      g_autofree char *segmented = isaf_khmer_segment (text);

      gtk_label_set_label (GTK_LABEL (field->message), segmented);
    }
  gtk_widget_set_visible (field->message_row, text != NULL);
  gtk_widget_remove_css_class (field->message, is_error ? "warning" : "error");
  gtk_widget_add_css_class (field->message, is_error ? "error" : "warning");

  if (text != NULL && is_error)
    gtk_widget_add_css_class (field->row, "error");
  else
    gtk_widget_remove_css_class (field->row, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (field->row), GTK_ACCESSIBLE_STATE_INVALID,
                               text != NULL && is_error ? GTK_ACCESSIBLE_INVALID_TRUE
                                                        : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);

  required_hint = (field->column->flags & ISAF_COLUMN_REQUIRED) && field->empty && text == NULL;
  if (field->required_label != NULL)
    gtk_widget_set_visible (field->required_label, required_hint);
}

static void
set_valid_and_changed (IsafRecordForm *self,
                       gboolean        valid,
                       gboolean        changed)
{
  if (self->valid != valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
  if (self->changed != changed)
    {
      self->changed = changed;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANGED]);
    }
}

static Field *
find_field (IsafRecordForm *self,
            const char     *column)
{
  if (column == NULL)
    return NULL;
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      if (g_str_equal (field->column->name, column))
        return field;
    }
  return NULL;
}

/* The rules across fields (an end before its start) are checked once every field is valid,
 * on the record that would be saved, and shown under the field that has to change. */
static void
check_record (IsafRecordForm *self)
{
  const IsafTable *table = isaf_record_get_table (self->record);
  g_autoptr(IsafRecord) record = build_record (self);
  g_autoptr(GError) error = NULL;
  Field *field = NULL;

  if (isaf_validate_record (record, self->commune_code, &error))
    return;

  if (g_error_matches (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_DATE_ORDER))
    field = find_field (self, table->end_column);
  else if (g_error_matches (error, ISAF_VALIDATION_ERROR,
                            ISAF_VALIDATION_ERROR_PART_EXCEEDS_TOTAL))
    field = find_field (self, table->part_column);
  if (field == NULL && self->fields->len > 0)
    field = g_ptr_array_index (self->fields, 0);

  self->record_error = g_strdup (error->message);
  self->record_error_field = field;
}

static void
update_form (IsafRecordForm *self)
{
  gboolean valid = TRUE;
  gboolean changed = FALSE;

  g_clear_pointer (&self->record_error, g_free);
  self->record_error_field = NULL;

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      if (field->error != NULL)
        {
          valid = FALSE;
          changed = TRUE;
        }
      else if (!isaf_value_equal (&field->value, isaf_record_value_at (self->record, field->index)))
        {
          changed = TRUE;
        }
    }

  if (valid)
    {
      check_record (self);
      valid = self->record_error == NULL;
    }

  for (guint i = 0; i < self->fields->len; i++)
    show_message (g_ptr_array_index (self->fields, i));

  set_valid_and_changed (self, valid, changed);
}

static void
check_field (Field *field)
{
  IsafRecordForm *self = field->form;
  g_autoptr(GError) error = NULL;
  IsafValue value = { ISAF_VALUE_NULL };

  g_clear_pointer (&field->error, g_free);
  isaf_value_clear (&field->value);
  if (field->control == NULL)
    return;

  if (!read_widget (field, &value, &error)
      || !isaf_validate_value (field->column, self->commune_code, &value, &error))
    {
      field->error = g_strdup (error->message);
      isaf_value_clear (&value);
      return;
    }
  field->value = value;
}

static void
on_field_changed_cb (Field *field)
{
  IsafRecordForm *self = field->form;

  if (self->loading)
    return;
  field->touched = TRUE;
  check_field (field);
  update_form (self);
}

static GtkWidget *
create_entry_row (Field *field)
{
  const IsafColumn *column = field->column;
  GtkWidget *row = adw_entry_row_new ();

  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), TRUE);
  if (column->kind == ISAF_COLUMN_PHONE)
    adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_PHONE);
  else if (is_number_column (column))
    adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_DIGITS);
  else if (g_str_equal (column->name, "email"))
    adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_EMAIL);

  if (column->kind == ISAF_COLUMN_DATE)
    {
      /* Translators: how to type a date in a date field; keep the order year, month, day. */
      GtkWidget *hint = gtk_label_new (C_("date format", "YYYY-MM-DD"));

      gtk_widget_add_css_class (hint, "dim-label");
      gtk_widget_add_css_class (hint, "caption");
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), hint);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      _("A date as year, month and day, for example "
                                        "2026-03-15."), -1);
    }

  field->control = row;
  g_signal_connect_swapped (row, "changed", G_CALLBACK (on_field_changed_cb), field);
  return row;
}

static GtkWidget *
create_combo_row (Field *field)
{
  const IsafColumn *column = field->column;
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) items = gtk_string_list_new (NULL);

  gtk_string_list_append (items, (column->flags & ISAF_COLUMN_REQUIRED) ? _("Choose…")
                                                                         : _("Not set"));
  if (column->kind == ISAF_COLUMN_CHOICE)
    {
      for (guint i = 0; column->choices[i] != NULL; i++)
        gtk_string_list_append (items, isaf_choice_get_label (column->choices[i]));
    }
  else if (field->options != NULL)
    {
      for (guint i = 0; i < field->options->labels->len; i++)
        gtk_string_list_append (items, g_ptr_array_index (field->options->labels, i));
    }
  else
    {
      g_critical ("No options for the reference %s", column->name);
    }

  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (items));
  field->control = row;
  g_signal_connect_swapped (row, "notify::selected", G_CALLBACK (on_field_changed_cb), field);
  return row;
}

static GtkWidget *
create_switch_row (Field *field)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  field->control = toggle;
  g_signal_connect_swapped (toggle, "notify::active", G_CALLBACK (on_field_changed_cb), field);
  return row;
}

/* GObject ------------------------------------------------------------------------------- */

static void
isaf_record_form_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  IsafRecordForm *self = ISAF_RECORD_FORM (object);

  switch (prop_id)
    {
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;
    case PROP_CHANGED:
      g_value_set_boolean (value, self->changed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isaf_record_form_dispose (GObject *object)
{
  IsafRecordForm *self = ISAF_RECORD_FORM (object);

  /* The rows may outlive the form: they stop calling it. */
  g_ptr_array_set_size (self->fields, 0);
  g_clear_object (&self->context);
  g_clear_object (&self->record);

  G_OBJECT_CLASS (isaf_record_form_parent_class)->dispose (object);
}

static void
isaf_record_form_finalize (GObject *object)
{
  IsafRecordForm *self = ISAF_RECORD_FORM (object);

  g_ptr_array_unref (self->fields);
  g_hash_table_unref (self->options);
  g_free (self->commune_code);
  g_free (self->record_error);

  G_OBJECT_CLASS (isaf_record_form_parent_class)->finalize (object);
}

static void
isaf_record_form_class_init (IsafRecordFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = isaf_record_form_get_property;
  object_class->dispose = isaf_record_form_dispose;
  object_class->finalize = isaf_record_form_finalize;

  /**
   * IsafRecordForm:valid:
   *
   * Whether every field, and the record as a whole, would be accepted by the store.
   */
  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * IsafRecordForm:changed:
   *
   * Whether a field holds something other than the record it was loaded with.
   */
  properties[PROP_CHANGED] =
    g_param_spec_boolean ("changed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
isaf_record_form_init (IsafRecordForm *self)
{
  self->fields = g_ptr_array_new_with_free_func (field_free);
  self->options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, options_free);
  self->valid = TRUE;
}

/* Public API ---------------------------------------------------------------------------- */

/**
 * isaf_record_form_new:
 * @context: the window's context
 * @record: the row to edit: as read from the store, or a new record with what is already
 *   known about it (its parent, its kind)
 *
 * Returns: (transfer full): a form without fields; add them with
 *   isaf_record_form_add_field()
 */
IsafRecordForm *
isaf_record_form_new (IsafContext *context,
                      IsafRecord  *record)
{
  IsafRecordForm *self;

  g_return_val_if_fail (ISAF_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (ISAF_IS_RECORD (record), NULL);

  self = g_object_new (ISAF_TYPE_RECORD_FORM, NULL);
  self->context = g_object_ref (context);
  self->commune_code = isaf_context_dup_commune_code (context);
  self->record = g_object_ref (record);
  return self;
}

/**
 * isaf_record_form_get_record:
 * @self: a form
 *
 * Returns: (transfer none): the record the form was loaded with, unchanged
 */
IsafRecord *
isaf_record_form_get_record (IsafRecordForm *self)
{
  g_return_val_if_fail (ISAF_IS_RECORD_FORM (self), NULL);

  return self->record;
}

/**
 * isaf_record_form_load:
 * @self: a form
 * @record: a record of the same table
 *
 * Shows @record in the fields, as the user has not touched them yet (after a save, say).
 */
void
isaf_record_form_load (IsafRecordForm *self,
                       IsafRecord     *record)
{
  g_return_if_fail (ISAF_IS_RECORD_FORM (self));
  g_return_if_fail (isaf_record_get_table (record) == isaf_record_get_table (self->record));

  g_set_object (&self->record, record);

  self->loading = TRUE;
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      field->touched = FALSE;
      write_widget (field, isaf_record_value_at (record, field->index));
      check_field (field);
    }
  self->loading = FALSE;
  update_form (self);
}

/**
 * isaf_record_form_set_options:
 * @self: a form
 * @column: a reference column
 * @ids: (array length=n_options): the rows it may point to
 * @labels: (array length=n_options): what the user sees for each
 * @n_options: how many
 *
 * Sets what a reference may point to; call it before adding the field.
 */
void
isaf_record_form_set_options (IsafRecordForm     *self,
                              const char         *column,
                              const IsafUuid     *ids,
                              const char * const *labels,
                              guint               n_options)
{
  Options *options;

  g_return_if_fail (ISAF_IS_RECORD_FORM (self));
  g_return_if_fail (find_field (self, column) == NULL);

  options = g_new0 (Options, 1);
  options->ids = g_array_sized_new (FALSE, FALSE, sizeof (IsafUuid), n_options);
  g_array_append_vals (options->ids, ids, n_options);
  options->labels = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n_options; i++)
    g_ptr_array_add (options->labels, g_strdup (labels[i]));
  g_hash_table_replace (self->options, g_strdup (column), options);
}

/**
 * isaf_record_form_add_field:
 * @self: a form
 * @group: where the field goes
 * @column: the column it edits
 * @title: (nullable): what to call it, or %NULL for the column's own label
 *
 * Adds a row for @column to @group, with a line under it for what is wrong with it.
 *
 * Returns: (transfer none): the row
 */
GtkWidget *
isaf_record_form_add_field (IsafRecordForm      *self,
                            AdwPreferencesGroup *group,
                            const char          *column,
                            const char          *title)
{
  const IsafTable *table;
  Field *field;
  GtkWidget *row;
  GtkWidget *message_row;
  GtkWidget *message;
  int index;

  g_return_val_if_fail (ISAF_IS_RECORD_FORM (self), NULL);
  g_return_val_if_fail (ADW_IS_PREFERENCES_GROUP (group), NULL);

  table = isaf_record_get_table (self->record);
  index = isaf_schema_column_index (table, column);
  g_return_val_if_fail (index >= 0, NULL);

  field = g_new0 (Field, 1);
  field->form = self;
  field->column = &table->columns[index];
  field->index = index;
  field->options = g_hash_table_lookup (self->options, column);

  switch (field->column->kind)
    {
    case ISAF_COLUMN_CHOICE:
    case ISAF_COLUMN_REFERENCE:
      field->kind = WIDGET_COMBO;
      row = create_combo_row (field);
      break;
    case ISAF_COLUMN_BOOLEAN:
      field->kind = WIDGET_SWITCH;
      row = create_switch_row (field);
      break;
    default:
      field->kind = WIDGET_ENTRY;
      row = create_entry_row (field);
      break;
    }
  g_object_add_weak_pointer (G_OBJECT (field->control), (gpointer *) &field->control);
  g_set_weak_pointer (&field->row, row);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 title != NULL ? title : _(field->column->label));
  if (field->kind == WIDGET_SWITCH)
    gtk_accessible_update_property (GTK_ACCESSIBLE (field->control),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    title != NULL ? title : _(field->column->label), -1);

  /* Choices say "Choose…" themselves. */
  if (field->kind == WIDGET_ENTRY)
    {
      GtkWidget *required = gtk_label_new (_("Required"));

      gtk_widget_add_css_class (required, "dim-label");
      gtk_widget_add_css_class (required, "caption");
      gtk_widget_set_visible (required, FALSE);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), required);
      g_set_weak_pointer (&field->required_label, required);
    }

  /* The message gets a row of its own right under the field, inside the same list. */
  message_row = adw_preferences_row_new ();
  message = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (message), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (message), 0.0);
  gtk_widget_set_margin_start (message, 12);
  gtk_widget_set_margin_end (message, 12);
  gtk_widget_set_margin_top (message, 6);
  gtk_widget_set_margin_bottom (message, 6);
  gtk_widget_add_css_class (message, "caption");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (message_row), message);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (message_row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (message_row), FALSE);
  gtk_widget_set_focusable (message_row, FALSE);
  gtk_widget_set_visible (message_row, FALSE);
  gtk_widget_add_css_class (message_row, "isaf-field-message");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  message, NULL, -1);
  g_set_weak_pointer (&field->message_row, message_row);
  g_set_weak_pointer (&field->message, message);

  g_ptr_array_add (self->fields, field);
  adw_preferences_group_add (group, row);
  adw_preferences_group_add (group, message_row);

  self->loading = TRUE;
  write_widget (field, isaf_record_value_at (self->record, index));
  self->loading = FALSE;
  check_field (field);
  update_form (self);
  return row;
}

/**
 * isaf_record_form_set_warning:
 * @self: a form
 * @column: a yes/no column with a field
 * @warning: what to tell the user while it is on
 *
 * Shows @warning under the field while it is switched on: not an error, something to weigh.
 */
void
isaf_record_form_set_warning (IsafRecordForm *self,
                              const char     *column,
                              const char     *warning)
{
  Field *field;

  g_return_if_fail (ISAF_IS_RECORD_FORM (self));
  field = find_field (self, column);
  g_return_if_fail (field != NULL && field->kind == WIDGET_SWITCH);

  g_free (field->warning);
  field->warning = g_strdup (warning);
  show_message (field);
}

gboolean
isaf_record_form_get_valid (IsafRecordForm *self)
{
  g_return_val_if_fail (ISAF_IS_RECORD_FORM (self), FALSE);

  return self->valid;
}

gboolean
isaf_record_form_get_changed (IsafRecordForm *self)
{
  g_return_val_if_fail (ISAF_IS_RECORD_FORM (self), FALSE);

  return self->changed;
}

/**
 * isaf_record_form_build:
 * @self: a valid form
 *
 * Returns: (transfer full) (nullable): the record to save, with the same id as the loaded
 *   one and the fields the user changed marked as changed; %NULL while the form is not valid
 */
IsafRecord *
isaf_record_form_build (IsafRecordForm *self)
{
  g_return_val_if_fail (ISAF_IS_RECORD_FORM (self), NULL);

  if (!self->valid)
    return NULL;
  return build_record (self);
}
