/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-i4c-page"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-choice.h"
#include "isaf-i4c-page-private.h"
#include "isaf-khmer.h"
#include "isaf-poster-actions.h"

/* The I4C sheet of one service unit for the year the window shows: each indicator of the
 * unit's kind with its national standard, last year's value and this year's (typed; empty
 * means not known and shows as a dash, never as 0), the service standards, the official
 * fees, the staff and the budget. Nothing is written until Save, which saves the whole sheet
 * in one transaction; the core (IsafI4c) keeps the sheet and decides what is valid, this page
 * shows its sentences under the fields they are about. */

G_DEFINE_FINAL_TYPE (IsafI4cPage, isaf_i4c_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void load_sheet (IsafI4cPage *self);

/* The tables this page shows: a change in one of them elsewhere reads the sheet again. */
static const char * const sheet_tables[] = {
  "cycle", "i4c_set", "i4c_value", "i4c_fee", "i4c_staff", "ref_indicator", NULL
};

static void
value_row_free (gpointer data)
{
  ValueRow *row = data;

  g_free (row->error);
  g_free (row);
}

/* Text ----------------------------------------------------------------------------------- */

char *
isaf_i4c_page_dup_year (IsafI4cPage *self,
                        int          year)
{
  g_autofree char *ascii = g_strdup_printf ("%d", year);

  return isaf_context_format_digits (self->context, ascii);
}

void
isaf_i4c_page_set_segmented_label (GtkLabel   *label,
                                   const char *text)
{
  g_autofree char *segmented = isaf_khmer_segment (text);

  gtk_label_set_label (label, segmented ? segmented : "");
}

void
isaf_i4c_page_set_group_description (AdwPreferencesGroup *group,
                                     const char          *text)
{
  g_autofree char *segmented = isaf_khmer_segment (text);
  g_autofree char *escaped = g_markup_escape_text (segmented, -1);

  adw_preferences_group_set_description (group, escaped);
}

void
isaf_i4c_page_set_row_title (AdwPreferencesRow *row,
                             const char        *title)
{
  g_autofree char *segmented = isaf_khmer_segment (title);

  adw_preferences_row_set_use_markup (row, FALSE);
  adw_preferences_row_set_title (row, segmented ? segmented : "");
}

void
isaf_i4c_page_show_message (IsafI4cPage *self,
                            const char  *message)
{
  if (message != NULL)
    isaf_i4c_page_set_segmented_label (self->message_label, message);
  gtk_widget_set_visible (self->message_group, message != NULL);
}

/* Service units -------------------------------------------------------------------------- */

static guint
kind_order (IsafRecord *unit)
{
  const IsafColumn *kind = isaf_schema_find_column (isaf_schema_find_table ("service_unit"),
                                                    "kind");
  const char *value = isaf_record_get_text (unit, "kind");

  for (guint i = 0; value != NULL && kind->choices[i] != NULL; i++)
    if (g_str_equal (kind->choices[i], value))
      return i;
  return G_MAXUINT;
}

/* The commune office first, then health, then the schools, each by code. */
static int
compare_units (gconstpointer a,
               gconstpointer b)
{
  IsafRecord *unit_a = *(IsafRecord **) a;
  IsafRecord *unit_b = *(IsafRecord **) b;
  guint order_a = kind_order (unit_a);
  guint order_b = kind_order (unit_b);

  if (order_a != order_b)
    return order_a < order_b ? -1 : 1;
  return g_strcmp0 (isaf_record_get_text (unit_a, "code"), isaf_record_get_text (unit_b, "code"));
}

static void
on_unit_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *details = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (details), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (details), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (details, "dim-label");
  gtk_widget_add_css_class (details, "caption");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), details);
  gtk_list_item_set_child (item, box);
}

static void
on_unit_bind_cb (IsafI4cPage              *self,
                 GtkListItem              *item,
                 GtkSignalListItemFactory *factory)
{
  IsafRecord *unit = gtk_list_item_get_item (item);
  GtkWidget *name = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  GtkWidget *details = gtk_widget_get_next_sibling (name);
  const char *kind = isaf_record_get_text (unit, "kind");
  const char *name_en = isaf_record_get_text (unit, "name_en");
  g_autoptr(GString) text = g_string_new (kind ? isaf_choice_get_label (kind) : NULL);

  g_string_append_printf (text, " · %s", isaf_record_get_text (unit, "code"));
  if (name_en != NULL)
    g_string_append_printf (text, " · %s", name_en);
  isaf_i4c_page_set_segmented_label (GTK_LABEL (name), isaf_record_get_text (unit, "name_km"));
  gtk_label_set_label (GTK_LABEL (details), text->str);
}

static IsafRecord *
get_selected_unit (IsafI4cPage *self)
{
  return gtk_drop_down_get_selected_item (self->unit_dropdown);
}

static void
select_unit_in_list (IsafI4cPage    *self,
                     const IsafUuid *id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->units));
  guint selected = n > 0 ? 0 : GTK_INVALID_LIST_POSITION;

  for (guint i = 0; id != NULL && i < n; i++)
    {
      g_autoptr(IsafRecord) unit = g_list_model_get_item (G_LIST_MODEL (self->units), i);

      if (isaf_uuid_equal (isaf_record_get_id (unit), id))
        selected = i;
    }

  self->ignore_selection = TRUE;
  gtk_drop_down_set_selected (self->unit_dropdown, selected);
  self->ignore_selection = FALSE;
}

/* Loading -------------------------------------------------------------------------------- */

typedef struct {
  IsafI4cPage *self;
  guint generation;
} LoadData;

static void
notify_loading (IsafI4cPage *self,
                gboolean     was_loading)
{
  if (was_loading != isaf_i4c_page_get_loading (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static gboolean
has_field_errors (IsafI4cPage *self)
{
  for (guint i = 0; i < self->value_rows->len; i++)
    if (((ValueRow *) g_ptr_array_index (self->value_rows, i))->error != NULL)
      return TRUE;
  return self->services_error != NULL
         || (self->set_form != NULL && !isaf_record_form_get_valid (self->set_form));
}

/* Whether the sheet on screen holds something the database does not. */
static gboolean
is_dirty (IsafI4cPage *self)
{
  if (self->sheet == NULL || self->saved)
    return FALSE;
  return isaf_i4c_get_changed (self->sheet) || has_field_errors (self);
}

static void
show_empty (IsafI4cPage *self,
            const char  *title,
            const char  *description)
{
  g_autofree char *segmented = isaf_khmer_segment (description);
  g_autofree char *escaped = g_markup_escape_text (segmented, -1);

  adw_status_page_set_title (self->empty_page, title);
  adw_status_page_set_description (self->empty_page, escaped);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
on_units_listed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autofree LoadData *data = user_data;
  IsafI4cPage *self = data->self;
  g_autoptr(GPtrArray) units = NULL;
  g_autoptr(GError) error = NULL;
  gboolean was_loading;

  units = isaf_store_list_finish (ISAF_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || data->generation != self->units_generation)
    return;

  was_loading = isaf_i4c_page_get_loading (self);
  self->loading_units = FALSE;
  if (units == NULL)
    {
      isaf_context_report_error (self->context, error);
      notify_loading (self, was_loading);
      return;
    }

  g_ptr_array_sort (units, compare_units);
  self->ignore_selection = TRUE;
  g_list_store_splice (self->units, 0, g_list_model_get_n_items (G_LIST_MODEL (self->units)),
                       units->pdata, units->len);
  self->ignore_selection = FALSE;
  select_unit_in_list (self, self->has_unit ? &self->unit_id : NULL);

  self->has_unit = get_selected_unit (self) != NULL;
  if (self->has_unit)
    self->unit_id = *isaf_record_get_id (get_selected_unit (self));

  if (!is_dirty (self))
    load_sheet (self);
  notify_loading (self, was_loading);
}

static void
load_units (IsafI4cPage *self)
{
  LoadData *data = g_new0 (LoadData, 1);
  gboolean was_loading = isaf_i4c_page_get_loading (self);

  data->self = self;
  data->generation = ++self->units_generation;
  self->loading_units = TRUE;
  notify_loading (self, was_loading);
  isaf_store_list_async (isaf_context_get_store (self->context), "service_unit", NULL, NULL,
                         self->cancellable, on_units_listed_cb, data);
}

static void
on_sheet_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autofree LoadData *data = user_data;
  IsafI4cPage *self = data->self;
  g_autoptr(IsafI4c) sheet = NULL;
  g_autoptr(GError) error = NULL;
  gboolean was_loading;

  sheet = isaf_i4c_load_finish (ISAF_DATABASE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || data->generation != self->sheet_generation)
    return;

  was_loading = isaf_i4c_page_get_loading (self);
  self->loading_sheet = FALSE;
  if (sheet == NULL)
    {
      g_clear_object (&self->sheet);
      show_empty (self, _("The Sheet Cannot Be Shown"), error->message);
      isaf_context_report_error (self->context, error);
    }
  else
    {
      isaf_i4c_page_show_sheet (self, sheet);
    }
  isaf_i4c_page_update_actions (self);
  notify_loading (self, was_loading);
}

static void
load_sheet (IsafI4cPage *self)
{
  int year = isaf_context_get_year (self->context);
  gboolean was_loading = isaf_i4c_page_get_loading (self);
  LoadData *data;

  self->sheet_generation++;
  if (!self->has_unit || year <= 0)
    {
      self->loading_sheet = FALSE;
      g_clear_object (&self->sheet);
      if (!self->has_unit)
        show_empty (self, _("No Service Units Yet"),
                    _("Add the commune office, the health centre or health post and the primary "
                      "schools on the Commune page; then enter their information for citizens "
                      "here."));
      else
        show_empty (self, _("No Cycle Year"), _("Choose the year of the cycle in the header."));
      isaf_i4c_page_update_actions (self);
      notify_loading (self, was_loading);
      return;
    }

  data = g_new0 (LoadData, 1);
  data->self = self;
  data->generation = self->sheet_generation;
  self->loading_sheet = TRUE;
  isaf_i4c_page_update_actions (self);
  notify_loading (self, was_loading);
  isaf_i4c_load_async (isaf_context_get_database (self->context), &self->unit_id, year,
                       self->cancellable, on_sheet_loaded_cb, data);
}

/* Commands ------------------------------------------------------------------------------- */

static gboolean
can_save (IsafI4cPage *self)
{
  return self->sheet != NULL && !self->loading_sheet && !self->saving && !self->saved
         && !has_field_errors (self) && isaf_i4c_get_changed (self->sheet)
         && isaf_i4c_validate (self->sheet, NULL);
}

void
isaf_i4c_page_update_actions (IsafI4cPage *self)
{
  gboolean ready = self->sheet != NULL && !self->loading_sheet && !self->saving && !self->saved;
  gboolean can_copy = ready && isaf_i4c_can_copy_from_last_year (self->sheet);
  gboolean poster_ready;
  const char *copy_tooltip;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "i4c.save", can_save (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "i4c.copy-last-year", can_copy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "i4c.add-fee", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "i4c.add-staff", ready);
  /* The poster shows what the database has: changes not saved yet must be saved first. */
  poster_ready = !self->loading_units && !self->loading_sheet && !self->saving && !is_dirty (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "i4c.poster-preview",
                                 poster_ready && self->sheet != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "i4c.poster-print",
                                 poster_ready && self->sheet != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "i4c.poster-save",
                                 poster_ready && self->sheet != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "i4c.poster-save-all",
                                 poster_ready
                                 && g_list_model_get_n_items (G_LIST_MODEL (self->units)) > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->unit_dropdown), !self->saving);

  if (self->sheet != NULL && !isaf_i4c_has_last_year (self->sheet))
    copy_tooltip = _("Last year has no sheet for this service unit");
  else if (can_copy)
    copy_tooltip = _("Fill what this year’s sheet lacks from last year’s; nothing is saved "
                     "until you save");
  else
    copy_tooltip = _("This year’s sheet already has everything last year’s had");
  gtk_widget_set_tooltip_text (self->copy_button, copy_tooltip);
}

typedef struct {
  IsafI4cPage *self;
  GStrv tables;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_strfreev (data->tables);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SaveData, save_data_free)

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SaveData) data = user_data;
  IsafI4cPage *self = data->self;
  g_autoptr(GError) error = NULL;

  if (!isaf_i4c_save_finish (ISAF_I4C (source), result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->saving = FALSE;
  if (error != NULL)
    {
      /* The core's sentence says what to change; the sheet stays as typed. */
      g_warning ("Saving the I4C sheet failed: %s", error->message);
      isaf_i4c_page_show_message (self, error->message);
      isaf_i4c_page_update_actions (self);
      return;
    }

  self->saved = TRUE;
  load_sheet (self);
  /* The set is announced even when only its rows changed: it is the sheet that changed. */
  if (!g_strv_contains ((const char * const *) data->tables, "i4c_set"))
    isaf_context_data_changed (self->context, "i4c_set");
  for (guint i = 0; data->tables[i] != NULL; i++)
    isaf_context_data_changed (self->context, data->tables[i]);
  isaf_context_add_toast (self->context, adw_toast_new (_("I4C sheet saved")));
}

static void
save_sheet (IsafI4cPage *self)
{
  SaveData *data = g_new0 (SaveData, 1);

  data->self = self;
  data->tables = isaf_i4c_dup_changed_tables (self->sheet);
  self->saving = TRUE;
  isaf_i4c_page_show_message (self, NULL);
  isaf_i4c_page_update_actions (self);
  isaf_i4c_save_async (self->sheet, isaf_context_get_database (self->context),
                       self->cancellable, on_saved_cb, data);
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  IsafI4cPage *self = ISAF_I4C_PAGE (widget);

  if (can_save (self))
    save_sheet (self);
}

static void
copy_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  IsafI4cPage *self = ISAF_I4C_PAGE (widget);
  g_autofree char *last_year = NULL;
  g_autofree char *title = NULL;

  if (self->sheet == NULL || !isaf_i4c_copy_from_last_year (self->sheet))
    return;

  isaf_i4c_page_refill_from_sheet (self);
  isaf_i4c_page_update_actions (self);
  last_year = isaf_i4c_page_dup_year (self, isaf_i4c_get_year (self->sheet) - 1);
  /* Translators: after copying last year's I4C sheet into this year's. */
  title = g_strdup_printf (_("Copied from %s: check every figure, then save"), last_year);
  isaf_context_add_toast (self->context, adw_toast_new (title));
}

static void
add_fee_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  IsafI4cPage *self = ISAF_I4C_PAGE (widget);
  g_autoptr(IsafRecord) fee = NULL;

  if (self->sheet == NULL)
    return;
  fee = isaf_i4c_new_fee (self->sheet);
  isaf_i4c_page_open_row_editor (self, EDIT_FEE, fee, TRUE);
}

static void
add_staff_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  IsafI4cPage *self = ISAF_I4C_PAGE (widget);
  g_autoptr(IsafRecord) staff = NULL;

  if (self->sheet == NULL)
    return;
  staff = isaf_i4c_new_staff (self->sheet);
  isaf_i4c_page_open_row_editor (self, EDIT_STAFF, staff, TRUE);
}

/* Changing unit or year with changes not saved ------------------------------------------ */

/* What the page should show now: the unit in the list. */
static void
take_selected_unit (IsafI4cPage *self)
{
  IsafRecord *unit = get_selected_unit (self);

  self->has_unit = unit != NULL;
  if (unit != NULL)
    self->unit_id = *isaf_record_get_id (unit);
}

static void
on_changes_response_cb (IsafI4cPage      *self,
                        const char       *response,
                        AdwMessageDialog *dialog)
{
  self->asking = FALSE;

  if (g_str_equal (response, "save") && can_save (self))
    {
      take_selected_unit (self);
      /* The sheet knows its own unit and year; the next one loads once it is saved. */
      save_sheet (self);
    }
  else if (g_str_equal (response, "discard"))
    {
      g_clear_object (&self->sheet);
      take_selected_unit (self);
      load_sheet (self);
    }
  else if (self->sheet != NULL)
    {
      /* Keep editing: the list goes back to the sheet's unit. */
      select_unit_in_list (self, isaf_record_get_id (isaf_i4c_get_unit (self->sheet)));
    }
}

/* Asks what to do with the changes before another sheet replaces this one; @can_cancel is
 * FALSE when the change cannot be undone from here (the year, chosen in the header). */
static void
ask_about_changes (IsafI4cPage *self,
                   gboolean     can_cancel)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  const char *name = isaf_record_get_text (isaf_i4c_get_unit (self->sheet), "name_km");
  g_autofree char *year = isaf_i4c_page_dup_year (self, isaf_i4c_get_year (self->sheet));
  g_autofree char *body = NULL;
  g_autofree char *segmented = NULL;
  GtkWidget *dialog;

  if (self->asking)
    return;
  self->asking = TRUE;

  /* Translators: a service unit's name and a year, for a sheet with changes not saved. */
  body = g_strdup_printf (_("The I4C sheet of %1$s for %2$s has changes that are not saved."),
                          name, year);
  segmented = isaf_khmer_segment (body);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Save the Changes?"), segmented);
  if (can_cancel)
    adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Keep Editing"));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save", can_save (self));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog),
                                           can_save (self) ? "save" : "discard");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog),
                                         can_cancel ? "cancel" : "discard");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_changes_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_unit_selected_cb (IsafI4cPage *self)
{
  IsafRecord *unit = get_selected_unit (self);

  if (self->ignore_selection || unit == NULL
      || (self->has_unit && isaf_uuid_equal (isaf_record_get_id (unit), &self->unit_id)))
    return;

  if (is_dirty (self))
    {
      ask_about_changes (self, TRUE);
      return;
    }
  take_selected_unit (self);
  load_sheet (self);
}

/* Changes elsewhere ---------------------------------------------------------------------- */

static void
on_year_changed_cb (IsafI4cPage *self)
{
  if (is_dirty (self))
    ask_about_changes (self, FALSE);
  else
    load_sheet (self);
}

static void
on_digits_changed_cb (IsafI4cPage *self)
{
  if (self->sheet == NULL)
    return;

  /* The years and every number shown; what is being typed stays as typed. */
  isaf_i4c_page_show_indicators_description (self);
  if (self->value_rows->len > 0)
    {
      int year = isaf_i4c_get_year (self->sheet);
      g_autofree char *last_year = isaf_i4c_page_dup_year (self, year - 1);
      g_autofree char *this_year = isaf_i4c_page_dup_year (self, year);

      gtk_label_set_label (GTK_LABEL (self->last_year_label), last_year);
      gtk_label_set_label (GTK_LABEL (self->this_year_label), this_year);
    }
  for (guint i = 0; i < self->value_rows->len; i++)
    {
      ValueRow *value_row = g_ptr_array_index (self->value_rows, i);

      if (value_row->error == NULL)
        isaf_i4c_page_fill_value_row (value_row);
    }
  isaf_i4c_page_show_fees (self);
  isaf_i4c_page_show_staff (self);
}

static void
on_data_changed_cb (IsafI4cPage *self,
                    const char  *table)
{
  if (g_str_equal (table, "*"))
    {
      /* Everything was replaced (a restore): what was typed belongs to a database that is
       * gone. */
      g_clear_object (&self->sheet);
      load_units (self);
      return;
    }

  if (g_str_equal (table, "service_unit"))
    load_units (self);
  else if (g_strv_contains (sheet_tables, table) && !is_dirty (self) && !self->loading_sheet
           && !self->saving)
    load_sheet (self);
}

/* GObject -------------------------------------------------------------------------------- */

static void
isaf_i4c_page_constructed (GObject *object)
{
  IsafI4cPage *self = ISAF_I4C_PAGE (object);

  G_OBJECT_CLASS (isaf_i4c_page_parent_class)->constructed (object);

  g_signal_connect_object (self->context, "notify::year", G_CALLBACK (on_year_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::digits", G_CALLBACK (on_digits_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "data-changed", G_CALLBACK (on_data_changed_cb), self,
                           G_CONNECT_SWAPPED);
  isaf_i4c_page_set_group_description (self->budget_group,
                                       _("In Riel, whole numbers. Leave a field empty when the "
                                         "amount is not known."));
  load_units (self);
}

static void
isaf_i4c_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  IsafI4cPage *self = ISAF_I4C_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, isaf_i4c_page_get_loading (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isaf_i4c_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  IsafI4cPage *self = ISAF_I4C_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isaf_i4c_page_dispose (GObject *object)
{
  IsafI4cPage *self = ISAF_I4C_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  for (guint i = 0; i < self->value_rows->len; i++)
    {
      ValueRow *value_row = g_ptr_array_index (self->value_rows, i);

      g_signal_handlers_disconnect_by_data (value_row->entry, value_row);
    }
  g_ptr_array_set_size (self->value_rows, 0);
  g_ptr_array_set_size (self->indicator_widgets, 0);
  g_ptr_array_set_size (self->fee_widgets, 0);
  g_ptr_array_set_size (self->staff_widgets, 0);
  /* The stack is both the bin's child and a template child: the bin lets go of it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ISAF_TYPE_I4C_PAGE);
  g_clear_object (&self->set_form);
  g_clear_object (&self->sheet);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (isaf_i4c_page_parent_class)->dispose (object);
}

static void
isaf_i4c_page_finalize (GObject *object)
{
  IsafI4cPage *self = ISAF_I4C_PAGE (object);

  g_clear_object (&self->cancellable);
  g_ptr_array_unref (self->value_rows);
  g_ptr_array_unref (self->indicator_widgets);
  g_ptr_array_unref (self->fee_widgets);
  g_ptr_array_unref (self->staff_widgets);
  for (guint i = 0; i < N_COLUMNS; i++)
    g_object_unref (self->size_groups[i]);
  g_free (self->services_error);

  G_OBJECT_CLASS (isaf_i4c_page_parent_class)->finalize (object);
}

/* The poster ---------------------------------------------------------------------------- */

typedef void (*PosterFunc) (GtkWindow   *parent,
                            IsafContext *context,
                            const char  *unit_code,
                            int          year);

static void
run_poster_action (IsafI4cPage *self,
                   PosterFunc   func,
                   gboolean     all_units)
{
  IsafRecord *unit = get_selected_unit (self);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (!all_units && unit == NULL)
    return;
  func (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->context,
        all_units ? NULL : isaf_record_get_text (unit, "code"),
        isaf_context_get_year (self->context));
}

static void
poster_preview_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  run_poster_action (ISAF_I4C_PAGE (widget), isaf_poster_actions_preview, FALSE);
}

static void
poster_print_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  run_poster_action (ISAF_I4C_PAGE (widget), isaf_poster_actions_print, FALSE);
}

static void
poster_save_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  run_poster_action (ISAF_I4C_PAGE (widget), isaf_poster_actions_save, FALSE);
}

static void
poster_save_all_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  run_poster_action (ISAF_I4C_PAGE (widget), isaf_poster_actions_save, TRUE);
}

static void
isaf_i4c_page_class_init (IsafI4cPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = isaf_i4c_page_constructed;
  object_class->get_property = isaf_i4c_page_get_property;
  object_class->set_property = isaf_i4c_page_set_property;
  object_class->dispose = isaf_i4c_page_dispose;
  object_class->finalize = isaf_i4c_page_finalize;

  /**
   * IsafI4cPage:context:
   *
   * The window's context: the database, the year, where to report.
   */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, ISAF_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * IsafI4cPage:loading:
   *
   * Whether the service units or a sheet are still being read.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (ISAF_TYPE_RECORD);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kh/gov/ncdd/IsafCommune/isaf-i4c-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IsafI4cPage, stack);
  gtk_widget_class_bind_template_child (widget_class, IsafI4cPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, IsafI4cPage, unit_dropdown);
  gtk_widget_class_bind_template_child (widget_class, IsafI4cPage, copy_button);
  gtk_widget_class_bind_template_child (widget_class, IsafI4cPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, IsafI4cPage, message_group);
  gtk_widget_class_bind_template_child (widget_class, IsafI4cPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, IsafI4cPage, indicators_group);
  gtk_widget_class_bind_template_child (widget_class, IsafI4cPage, standards_group);
  gtk_widget_class_bind_template_child (widget_class, IsafI4cPage, services_view);
  gtk_widget_class_bind_template_child (widget_class, IsafI4cPage, services_message);
  gtk_widget_class_bind_template_child (widget_class, IsafI4cPage, fees_group);
  gtk_widget_class_bind_template_child (widget_class, IsafI4cPage, staff_group);
  gtk_widget_class_bind_template_child (widget_class, IsafI4cPage, budget_group);
  gtk_widget_class_bind_template_child (widget_class, IsafI4cPage, units);
  gtk_widget_class_bind_template_callback (widget_class, on_unit_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_unit_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_unit_selected_cb);

  gtk_widget_class_install_action (widget_class, "i4c.save", NULL, save_activated);
  gtk_widget_class_install_action (widget_class, "i4c.copy-last-year", NULL, copy_activated);
  gtk_widget_class_install_action (widget_class, "i4c.add-fee", NULL, add_fee_activated);
  gtk_widget_class_install_action (widget_class, "i4c.add-staff", NULL, add_staff_activated);
  gtk_widget_class_install_action (widget_class, "i4c.poster-preview", NULL,
                                   poster_preview_activated);
  gtk_widget_class_install_action (widget_class, "i4c.poster-print", NULL,
                                   poster_print_activated);
  gtk_widget_class_install_action (widget_class, "i4c.poster-save", NULL,
                                   poster_save_activated);
  gtk_widget_class_install_action (widget_class, "i4c.poster-save-all", NULL,
                                   poster_save_all_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "i4c.save",
                                       NULL);
}

static void
isaf_i4c_page_init (IsafI4cPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->value_rows = g_ptr_array_new_with_free_func (value_row_free);
  self->indicator_widgets = g_ptr_array_new ();
  self->fee_widgets = g_ptr_array_new ();
  self->staff_widgets = g_ptr_array_new ();
  for (guint i = 0; i < N_COLUMNS; i++)
    self->size_groups[i] = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->services_view), "changed",
                            G_CALLBACK (isaf_i4c_page_on_services_changed_cb), self);
  isaf_i4c_page_update_actions (self);
}

/* Public API ----------------------------------------------------------------------------- */

/**
 * isaf_i4c_page_new:
 * @context: the window's context
 *
 * Returns: (transfer floating): the I4C page, reading the commune's service units and the
 *   first one's sheet for the context's year
 */
GtkWidget *
isaf_i4c_page_new (IsafContext *context)
{
  g_return_val_if_fail (ISAF_IS_CONTEXT (context), NULL);

  return g_object_new (ISAF_TYPE_I4C_PAGE, "context", context, NULL);
}

gboolean
isaf_i4c_page_get_loading (IsafI4cPage *self)
{
  g_return_val_if_fail (ISAF_IS_I4C_PAGE (self), FALSE);

  return self->loading_units || self->loading_sheet;
}

/**
 * isaf_i4c_page_select_unit:
 * @self: the I4C page
 * @unit_id: a service unit of the commune
 *
 * Shows the sheet of @unit_id (asking first when the sheet shown has changes not saved).
 *
 * Returns: %TRUE when the unit is in the list
 */
gboolean
isaf_i4c_page_select_unit (IsafI4cPage    *self,
                           const IsafUuid *unit_id)
{
  guint n;

  g_return_val_if_fail (ISAF_IS_I4C_PAGE (self), FALSE);
  g_return_val_if_fail (unit_id != NULL, FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->units));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IsafRecord) unit = g_list_model_get_item (G_LIST_MODEL (self->units), i);

      if (isaf_uuid_equal (isaf_record_get_id (unit), unit_id))
        {
          gtk_drop_down_set_selected (self->unit_dropdown, i);
          return TRUE;
        }
    }
  return FALSE;
}
