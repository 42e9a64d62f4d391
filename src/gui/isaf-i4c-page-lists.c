/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-i4c-page"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-i4c-page-private.h"
#include "isaf-khmer.h"

/* The fees and the staff on the I4C page: a list of each, with the commands to edit and remove
 * a row, and the small window that edits one. */

/* Fees and staff ------------------------------------------------------------------------- */

/* A small window that edits one fee or one staff row of the sheet with the shared form;
 * Done puts it on the sheet (nothing is saved until the sheet is). */
typedef struct {
  IsafI4cPage *page;
  IsafI4c *sheet;
  IsafRecordForm *form;
  EditKind kind;
  GtkWidget *window;
  GtkWidget *done_button;
  GtkWidget *message_group;
  GtkLabel *message_label;
} RowEditor;

static void
row_editor_free (gpointer data)
{
  RowEditor *editor = data;

  g_signal_handlers_disconnect_by_data (editor->form, editor);
  g_clear_object (&editor->form);
  g_clear_object (&editor->sheet);
  g_clear_object (&editor->page);
  g_free (editor);
}

static void
on_row_editor_form_changed_cb (RowEditor *editor)
{
  gtk_widget_set_sensitive (editor->done_button,
                            isaf_record_form_get_valid (editor->form)
                            && isaf_record_form_get_changed (editor->form));
}

static void
on_row_editor_done_cb (RowEditor *editor)
{
  IsafI4cPage *self = editor->page;
  g_autoptr(IsafRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  if (!gtk_widget_get_sensitive (editor->done_button))
    return;
  record = isaf_record_form_build (editor->form);
  if (record == NULL)
    return;

  /* The sheet was read again meanwhile (a restore): the row belongs to one that is gone. */
  if (self->sheet != editor->sheet)
    {
      gtk_window_destroy (GTK_WINDOW (editor->window));
      return;
    }

  if (editor->kind == EDIT_FEE)
    {
      isaf_i4c_put_fee (self->sheet, record);
      isaf_i4c_page_show_fees (self);
    }
  else if (isaf_i4c_put_staff (self->sheet, record, &error))
    {
      isaf_i4c_page_show_staff (self);
    }
  else
    {
      isaf_i4c_page_set_segmented_label (editor->message_label, error->message);
      gtk_widget_set_visible (editor->message_group, TRUE);
      return;
    }

  isaf_i4c_page_update_actions (self);
  gtk_window_destroy (GTK_WINDOW (editor->window));
}

void
isaf_i4c_page_open_row_editor (IsafI4cPage *self,
                               EditKind     kind,
                               IsafRecord  *record,
                               gboolean     is_new)
{
  RowEditor *editor = g_new0 (RowEditor, 1);
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group = adw_preferences_group_new ();
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  const char *title;

  editor->page = g_object_ref (self);
  editor->sheet = g_object_ref (self->sheet);
  editor->kind = kind;
  editor->form = isaf_record_form_new (self->context, record);

  if (kind == EDIT_FEE)
    title = is_new ? _("New Fee") : _("Edit Fee");
  else
    title = is_new ? _("New Staff Category") : _("Edit Staff Category");

  editor->window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (editor->window), title);
  gtk_window_set_modal (GTK_WINDOW (editor->window), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (editor->window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (editor->window), 480, 400);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (editor->window), GTK_WINDOW (root));
  g_object_set_data_full (G_OBJECT (editor->window), "isaf-row-editor", editor,
                          row_editor_free);

  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (title, NULL));
  gtk_widget_set_tooltip_text (cancel, _("Close without changing the sheet (Esc)"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  editor->done_button = gtk_button_new_with_mnemonic (_("_Done"));
  gtk_widget_set_tooltip_text (editor->done_button,
                               _("Put this row on the sheet; it is saved with the sheet"));
  gtk_widget_add_css_class (editor->done_button, "suggested-action");
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), editor->done_button);
  g_signal_connect_swapped (editor->done_button, "clicked", G_CALLBACK (on_row_editor_done_cb),
                            editor);
  gtk_window_set_default_widget (GTK_WINDOW (editor->window), editor->done_button);

  editor->message_group = adw_preferences_group_new ();
  editor->message_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (editor->message_label, TRUE);
  gtk_label_set_wrap_mode (editor->message_label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (editor->message_label, 0.0);
  gtk_widget_add_css_class (GTK_WIDGET (editor->message_label), "error");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (editor->message_group),
                             GTK_WIDGET (editor->message_label));
  gtk_widget_set_visible (editor->message_group, FALSE);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page),
                            ADW_PREFERENCES_GROUP (editor->message_group));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  if (kind == EDIT_FEE)
    {
      isaf_record_form_add_field (editor->form, ADW_PREFERENCES_GROUP (group), "service_km",
                                  NULL);
      isaf_record_form_add_field (editor->form, ADW_PREFERENCES_GROUP (group), "service_en",
                                  NULL);
      isaf_record_form_add_field (editor->form, ADW_PREFERENCES_GROUP (group), "amount_riel",
                                  _("Fee in Riel"));
    }
  else
    {
      isaf_record_form_add_field (editor->form, ADW_PREFERENCES_GROUP (group), "category", NULL);
      isaf_record_form_add_field (editor->form, ADW_PREFERENCES_GROUP (group), "women", NULL);
      isaf_record_form_add_field (editor->form, ADW_PREFERENCES_GROUP (group), "men", NULL);
    }
  g_signal_connect_swapped (editor->form, "notify::valid",
                            G_CALLBACK (on_row_editor_form_changed_cb), editor);
  g_signal_connect_swapped (editor->form, "notify::changed",
                            G_CALLBACK (on_row_editor_form_changed_cb), editor);
  on_row_editor_form_changed_cb (editor);

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape,
                                                                                  0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (editor->window, shortcuts);

  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (content), header);
  gtk_box_append (GTK_BOX (content), page);
  adw_window_set_content (ADW_WINDOW (editor->window), content);
  gtk_window_present (GTK_WINDOW (editor->window));
  gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD);
}

static guint
get_row_index (GtkWidget *widget)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), "isaf-index"));
}

static void
on_fee_edit_clicked_cb (GtkWidget   *button,
                        IsafI4cPage *self)
{
  guint index = get_row_index (button);

  if (self->sheet != NULL && index < isaf_i4c_get_n_fees (self->sheet))
    isaf_i4c_page_open_row_editor (self, EDIT_FEE, isaf_i4c_get_fee (self->sheet, index), FALSE);
}

static void
on_fee_remove_clicked_cb (GtkWidget   *button,
                          IsafI4cPage *self)
{
  guint index = get_row_index (button);

  if (self->sheet == NULL || index >= isaf_i4c_get_n_fees (self->sheet))
    return;
  isaf_i4c_remove_fee (self->sheet, index);
  isaf_i4c_page_show_fees (self);
  isaf_i4c_page_update_actions (self);
}

static void
on_staff_edit_clicked_cb (GtkWidget   *button,
                          IsafI4cPage *self)
{
  guint index = get_row_index (button);

  if (self->sheet != NULL && index < isaf_i4c_get_n_staff (self->sheet))
    isaf_i4c_page_open_row_editor (self, EDIT_STAFF, isaf_i4c_get_staff (self->sheet, index),
                                   FALSE);
}

static void
on_staff_remove_clicked_cb (GtkWidget   *button,
                            IsafI4cPage *self)
{
  guint index = get_row_index (button);

  if (self->sheet == NULL || index >= isaf_i4c_get_n_staff (self->sheet))
    return;
  isaf_i4c_remove_staff (self->sheet, index);
  isaf_i4c_page_show_staff (self);
  isaf_i4c_page_update_actions (self);
}

/* A row of a list with the commands to edit and remove it; activating the row edits it. */
static GtkWidget *
create_list_row (IsafI4cPage *self,
                 guint        index,
                 const char  *title,
                 const char  *subtitle,
                 const char  *amount,
                 const char  *edit_label,
                 const char  *remove_label,
                 GCallback    edit_cb,
                 GCallback    remove_cb)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *segmented = isaf_khmer_segment (subtitle);

  isaf_i4c_page_set_row_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), segmented ? segmented : "");
  if (amount != NULL)
    {
      GtkWidget *label = gtk_label_new (amount);

      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }

  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *button = i == 0 ? edit : remove;
      const char *label = i == 0 ? edit_label : remove_label;

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      label, -1);
      g_object_set_data (G_OBJECT (button), "isaf-index", GUINT_TO_POINTER (index));
      g_signal_connect (button, "clicked", i == 0 ? edit_cb : remove_cb, self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), edit);
  return row;
}

static GtkWidget *
create_placeholder_row (const char *title,
                        const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *segmented = isaf_khmer_segment (subtitle);

  isaf_i4c_page_set_row_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), segmented);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (row, "dim-label");
  gtk_widget_set_focusable (row, FALSE);
  return row;
}

void
isaf_i4c_page_show_fees (IsafI4cPage *self)
{
  IsafDigits digits = isaf_context_get_digits (self->context);

  isaf_i4c_page_remove_widgets (self->fees_group, self->fee_widgets);
  for (guint i = 0; i < isaf_i4c_get_n_fees (self->sheet); i++)
    {
      IsafRecord *fee = isaf_i4c_get_fee (self->sheet, i);
      const char *service = isaf_record_get_text (fee, "service_km");
      g_autofree char *amount = isaf_record_is_null (fee, "amount_riel")
                                ? g_strdup (ISAF_I4C_MISSING)
                                : isaf_format_riel (isaf_record_get_integer (fee, "amount_riel"),
                                                    digits);
      /* Translators: what the buttons beside a fee do, with the service's name. */
      g_autofree char *edit = g_strdup_printf (_("Edit the fee for “%s”"), service);
      g_autofree char *remove = g_strdup_printf (_("Remove the fee for “%s”"), service);
      GtkWidget *row = create_list_row (self, i, service, isaf_record_get_text (fee, "service_en"),
                                        amount, edit, remove, G_CALLBACK (on_fee_edit_clicked_cb),
                                        G_CALLBACK (on_fee_remove_clicked_cb));

      g_ptr_array_add (self->fee_widgets, row);
      adw_preferences_group_add (self->fees_group, row);
    }

  if (self->fee_widgets->len == 0)
    {
      GtkWidget *row = create_placeholder_row (_("No fees on the list"),
                                               _("Add each service with its official fee, or "
                                                 "copy last year’s list."));

      g_ptr_array_add (self->fee_widgets, row);
      adw_preferences_group_add (self->fees_group, row);
    }
}

void
isaf_i4c_page_show_staff (IsafI4cPage *self)
{
  isaf_i4c_page_remove_widgets (self->staff_group, self->staff_widgets);
  for (guint i = 0; i < isaf_i4c_get_n_staff (self->sheet); i++)
    {
      IsafRecord *staff = isaf_i4c_get_staff (self->sheet, i);
      const char *category = isaf_record_get_text (staff, "category");
      gint64 women = isaf_record_get_integer (staff, "women");
      gint64 men = isaf_record_get_integer (staff, "men");
      g_autofree char *women_text = isaf_context_format_integer (self->context, women);
      g_autofree char *men_text = isaf_context_format_integer (self->context, men);
      g_autofree char *total_text = isaf_context_format_integer (self->context, women + men);
      /* Translators: the staff of one category: women, men, and both together. */
      g_autofree char *counts = g_strdup_printf (_("Women %1$s · men %2$s · %3$s in all"),
                                                 women_text, men_text, total_text);
      g_autofree char *edit = g_strdup_printf (_("Edit the numbers of “%s”"), category);
      g_autofree char *remove = g_strdup_printf (_("Remove “%s” from the staff list"),
                                                 category);
      GtkWidget *row = create_list_row (self, i, category, counts, NULL, edit, remove,
                                        G_CALLBACK (on_staff_edit_clicked_cb),
                                        G_CALLBACK (on_staff_remove_clicked_cb));

      g_ptr_array_add (self->staff_widgets, row);
      adw_preferences_group_add (self->staff_group, row);
    }

  if (self->staff_widgets->len == 0)
    {
      GtkWidget *row = create_placeholder_row (_("No staff on the list"),
                                               _("Add each category of staff (doctors, "
                                                 "midwives, teachers…) with its number of "
                                                 "women and men."));

      g_ptr_array_add (self->staff_widgets, row);
      adw_preferences_group_add (self->staff_group, row);
    }
}
