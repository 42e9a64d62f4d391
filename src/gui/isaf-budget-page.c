/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-budget-page"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-budget-page-private.h"
#include "isaf-choice.h"
#include "isaf-dissemination.h"
#include "isaf-format.h"
#include "isaf-gui-util.h"
#include "isaf-record-editor.h"
#include "isaf-record-form.h"
#include "isaf-store.h"
#include "isaf-undo-toast.h"

/* Stage 0 of the cycle, planning: the commune's annual workplan and budget for social
 * accountability (the AWPB) of the year shown. Its lines are grouped by quarter, lines for
 * the whole year last, each with its category, source of funds, the amount planned and what
 * was spent; the totals by category and by source, and the grand total, follow
 * (isaf-budget-page-totals.c). A line is added or edited in an IsafRecordEditor that saves
 * through isaf_awpb_line_save_async(), and deleted with an Undo toast. */

#define GUIDES_RESOURCE "/kh/gov/ncdd/IsafCommune/isaf-stage-guides.ui"
#define N_QUARTERS 4

G_DEFINE_FINAL_TYPE (IsafBudgetPage, isaf_budget_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_loading (IsafBudgetPage *self,
             gboolean        loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Shared with the totals ------------------------------------------------------------------- */

char *
isaf_budget_page_format_riel (IsafBudgetPage *self,
                              gint64          amount)
{
  return isaf_format_riel (amount, isaf_context_get_digits (self->context));
}

char *
isaf_budget_page_format_spent (IsafBudgetPage        *self,
                               const IsafAwpbAmounts *amounts)
{
  g_autofree char *spent = isaf_budget_page_format_riel (self, amounts->spent);

  if (amounts->spent <= amounts->planned)
    return g_steal_pointer (&spent);
  /* Translators: an amount spent that is more than what was planned, in Riel. */
  return g_strdup_printf (_("%s, over budget"), spent);
}

/* The lines ---------------------------------------------------------------------------------- */

static void open_editor (IsafBudgetPage *self,
                         IsafRecord     *line);
static void delete_line (IsafBudgetPage *self,
                         IsafRecord     *line);

static IsafRecord *
find_line (IsafBudgetPage *self,
           const IsafUuid *id)
{
  for (guint i = 0; id != NULL && self->awpb != NULL && i < self->awpb->lines->len; i++)
    {
      IsafRecord *line = g_ptr_array_index (self->awpb->lines, i);

      if (isaf_uuid_equal (isaf_record_get_id (line), id))
        return line;
    }
  return NULL;
}

static void
on_edit_clicked_cb (GtkButton      *button,
                    IsafBudgetPage *self)
{
  IsafRecord *line = find_line (self, g_object_get_data (G_OBJECT (button), "line-id"));

  if (line != NULL)
    open_editor (self, line);
}

static void
on_delete_clicked_cb (GtkButton      *button,
                      IsafBudgetPage *self)
{
  IsafRecord *line = find_line (self, g_object_get_data (G_OBJECT (button), "line-id"));

  if (line != NULL)
    delete_line (self, line);
}

static void
on_line_activated_cb (AdwActionRow   *row,
                      IsafBudgetPage *self)
{
  IsafRecord *line = find_line (self, g_object_get_data (G_OBJECT (row), "line-id"));

  if (line != NULL)
    open_editor (self, line);
}

static GtkWidget *
create_line_button (IsafBudgetPage *self,
                    IsafRecord     *line,
                    const char     *icon_name,
                    const char     *label,
                    GCallback       callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data_full (G_OBJECT (button), "line-id",
                          g_memdup2 (isaf_record_get_id (line), sizeof (IsafUuid)), g_free);
  g_signal_connect_object (button, "clicked", callback, self, 0);
  return button;
}

/* The amount planned, and under it what was spent. */
static GtkWidget *
create_amounts (IsafBudgetPage *self,
                IsafRecord     *line)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  IsafAwpbAmounts amounts = { isaf_record_get_integer (line, "amount_riel"), 0 };
  g_autofree char *planned = isaf_budget_page_format_riel (self, amounts.planned);
  GtkWidget *planned_label = gtk_label_new (planned);
  GtkWidget *spent_label;
  g_autofree char *spent = NULL;

  if (isaf_record_is_null (line, "spent_riel"))
    {
      spent = g_strdup (_("Nothing spent yet"));
    }
  else
    {
      g_autofree char *amount = NULL;

      amounts.spent = isaf_record_get_integer (line, "spent_riel");
      amount = isaf_budget_page_format_spent (self, &amounts);
      /* Translators: under a budget line's amount: what was spent of it. */
      spent = g_strdup_printf (_("Spent %s"), amount);
    }
  spent_label = gtk_label_new (spent);

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (planned_label), 1);
  gtk_label_set_xalign (GTK_LABEL (spent_label), 1);
  gtk_widget_add_css_class (planned_label, "numeric");
  gtk_widget_add_css_class (planned_label, "heading");
  gtk_widget_add_css_class (spent_label, "numeric");
  gtk_widget_add_css_class (spent_label, "caption");
  if (amounts.spent > amounts.planned)
    gtk_widget_add_css_class (spent_label, "warning");
  else
    gtk_widget_add_css_class (spent_label, "dim-label");
  gtk_box_append (GTK_BOX (box), planned_label);
  gtk_box_append (GTK_BOX (box), spent_label);
  return box;
}

static GtkWidget *
create_line_row (IsafBudgetPage *self,
                 IsafRecord     *line)
{
  GtkWidget *row = adw_action_row_new ();
  const char *description = isaf_record_get_text (line, "description");
  const char *category = isaf_record_get_text (line, "category");
  const char *source = isaf_record_get_text (line, "fund_source");
  g_autofree char *title = isaf_gui_dup_row_text (description);
  g_autofree char *subtitle = g_strdup_printf ("%s · %s", isaf_choice_get_label (category),
                                               isaf_choice_get_label (source));
  g_autofree char *escaped = isaf_gui_dup_row_text (subtitle);
  /* Translators: the tooltips of a budget line's buttons: its description. */
  g_autofree char *edit_label = g_strdup_printf (_("Edit “%s”"), description);
  g_autofree char *delete_label = g_strdup_printf (_("Delete “%s”"), description);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), create_amounts (self, line));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             create_line_button (self, line, "document-edit-symbolic",
                                                 edit_label, G_CALLBACK (on_edit_clicked_cb)));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             create_line_button (self, line, "user-trash-symbolic",
                                                 delete_label,
                                                 G_CALLBACK (on_delete_clicked_cb)));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "line-id",
                          g_memdup2 (isaf_record_get_id (line), sizeof (IsafUuid)), g_free);
  g_signal_connect_object (row, "activated", G_CALLBACK (on_line_activated_cb), self, 0);
  return row;
}

/* 1 to 4, or 0 for the whole year. */
static int
get_quarter (IsafRecord *line)
{
  return isaf_record_is_null (line, "quarter") ? 0 : CLAMP (isaf_record_get_integer (line,
                                                                                     "quarter"),
                                                            1, N_QUARTERS);
}

static AdwPreferencesGroup *
add_quarter_group (IsafBudgetPage *self,
                   int             quarter)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  IsafAwpbAmounts amounts = { 0, 0 };
  g_autofree char *title = NULL;
  g_autofree char *planned = NULL;
  g_autofree char *spent = NULL;
  g_autofree char *description = NULL;
  g_autofree char *escaped = NULL;

  if (quarter > 0)
    {
      g_autofree char *number = isaf_context_format_integer (self->context, quarter);

      /* Translators: the title of a quarter's budget lines: "Quarter 2". */
      title = g_strdup_printf (_("Quarter %s"), number);
      amounts = self->awpb->by_quarter[quarter - 1];
    }
  else
    {
      title = g_strdup (_("Whole Year"));
      amounts.planned = self->awpb->total.planned;
      amounts.spent = self->awpb->total.spent;
      for (guint i = 0; i < N_QUARTERS; i++)
        {
          amounts.planned -= self->awpb->by_quarter[i].planned;
          amounts.spent -= self->awpb->by_quarter[i].spent;
        }
    }
  planned = isaf_budget_page_format_riel (self, amounts.planned);
  spent = isaf_budget_page_format_spent (self, &amounts);
  /* Translators: under a quarter's title: its lines' amounts planned and spent. */
  description = g_strdup_printf (_("Planned %1$s · Spent %2$s"), planned, spent);
  escaped = isaf_gui_dup_row_text (description);

  adw_preferences_group_set_title (group, title);
  adw_preferences_group_set_description (group, escaped);
  gtk_box_append (self->quarters_box, GTK_WIDGET (group));
  g_ptr_array_add (self->quarter_groups, group);
  return group;
}

static void
clear_lines (IsafBudgetPage *self)
{
  for (guint i = 0; i < self->quarter_groups->len; i++)
    gtk_box_remove (self->quarters_box, g_ptr_array_index (self->quarter_groups, i));
  g_ptr_array_set_size (self->quarter_groups, 0);
}

/* The lines come by quarter, the whole year's last (isaf_awpb_read_year()). */
static void
show_lines (IsafBudgetPage *self)
{
  AdwPreferencesGroup *group = NULL;
  int group_quarter = -1;
  guint n_lines = self->awpb ? self->awpb->lines->len : 0;

  clear_lines (self);
  for (guint i = 0; i < n_lines; i++)
    {
      IsafRecord *line = g_ptr_array_index (self->awpb->lines, i);
      int quarter = get_quarter (line);

      if (group == NULL || quarter != group_quarter)
        {
          group = add_quarter_group (self, quarter);
          group_quarter = quarter;
        }
      adw_preferences_group_add (group, create_line_row (self, line));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), n_lines == 0);
  gtk_widget_set_visible (self->totals_box, n_lines > 0);
}

static void
show_all (IsafBudgetPage *self)
{
  show_lines (self);
  isaf_budget_page_show_totals (self);
  gtk_stack_set_visible_child_name (self->stack, self->year > 0 ? "budget" : "no-year");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "budget.add", self->year > 0);
}

/* Loading the year ----------------------------------------------------------------------- */

typedef struct {
  IsafBudgetPage *self;
  guint generation;
} LoadData;

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autofree LoadData *data = user_data;
  IsafBudgetPage *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafAwpb) awpb = isaf_awpb_load_finish (ISAF_STORE (source), result, &error);

  /* Cancelled: the page is gone. An answer to a load that a newer one replaced: dropped. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || data->generation != self->generation)
    return;

  if (awpb == NULL)
    {
      isaf_context_report_error (self->context, error);
    }
  else
    {
      g_clear_pointer (&self->awpb, isaf_awpb_free);
      self->awpb = g_steal_pointer (&awpb);
      show_all (self);
    }
  set_loading (self, FALSE);
}

static void
load (IsafBudgetPage *self)
{
  LoadData *data;

  g_clear_handle_id (&self->reload_id, g_source_remove);
  self->generation++;
  self->year = isaf_context_get_year (self->context);

  if (self->year == 0)
    {
      g_clear_pointer (&self->awpb, isaf_awpb_free);
      show_all (self);
      set_loading (self, FALSE);
      return;
    }

  data = g_new0 (LoadData, 1);
  data->self = self;
  data->generation = self->generation;
  set_loading (self, TRUE);
  isaf_awpb_load_async (isaf_context_get_store (self->context), self->year, self->cancellable,
                        on_loaded_cb, data);
}

static gboolean
reload_cb (gpointer user_data)
{
  IsafBudgetPage *self = user_data;

  self->reload_id = 0;
  load (self);
  return G_SOURCE_REMOVE;
}

static void
on_data_changed_cb (IsafBudgetPage *self,
                    const char     *table)
{
  gboolean ours = g_str_equal (table, "*") || g_str_equal (table, "cycle")
                  || g_str_equal (table, "awpb_line");

  if (ours && self->reload_id == 0)
    self->reload_id = g_idle_add (reload_cb, self);
}

static void
on_digits_changed_cb (IsafBudgetPage *self)
{
  if (self->awpb != NULL)
    show_all (self);
}

/* Commands ------------------------------------------------------------------------------- */

static void
save_line (IsafStore          *store,
           GPtrArray          *records,
           GCancellable       *cancellable,
           GAsyncReadyCallback callback,
           gpointer            callback_data,
           gpointer            user_data)
{
  isaf_awpb_line_save_async (store, GPOINTER_TO_INT (user_data), g_ptr_array_index (records, 0),
                             cancellable, callback, callback_data);
}

static gboolean
finish_save_line (IsafStore     *store,
                  GAsyncResult  *result,
                  GError       **error)
{
  return isaf_awpb_line_save_finish (store, result, error);
}

/* The core makes the year's cycle along with its first line: the overview counts it. */
static void
on_line_saved_cb (IsafBudgetPage *self)
{
  isaf_context_data_changed (self->context, "cycle");
}

static void
open_editor (IsafBudgetPage *self,
             IsafRecord     *line)
{
  IsafRecordEditor *editor;
  AdwPreferencesGroup *group;
  g_autoptr(IsafRecordForm) form = NULL;
  g_autoptr(IsafRecord) record = NULL;
  g_autofree char *amount_title = NULL;
  g_autofree char *spent_title = NULL;

  if (self->year == 0)
    return;

  if (line != NULL)
    {
      record = g_object_ref (line);
    }
  else
    {
      g_autofree char *commune = isaf_context_dup_commune_code (self->context);
      IsafUuid cycle_id;

      /* The cycle the core will find or create: the form checks the record as a whole. */
      record = isaf_record_new ("awpb_line");
      isaf_dissemination_cycle_id (commune ? commune : "", self->year, &cycle_id);
      isaf_record_set_reference (record, "cycle_id", &cycle_id);
    }

  editor = isaf_record_editor_new (self->context, GTK_WIDGET (self),
                                   line ? _("Edit Budget Line") : _("New Budget Line"));
  group = isaf_record_editor_add_group (editor, NULL,
                                        _("Leave the quarter empty for a line that runs the "
                                          "whole year."));
  form = isaf_record_form_new (self->context, record);
  /* Translators: the titles of a budget line's amounts, with their currency. */
  amount_title = g_strdup_printf (_("%s (Riel)"), _("Amount planned"));
  spent_title = g_strdup_printf (_("%s (Riel)"), _("Amount spent"));
  isaf_record_form_add_field (form, group, "description", NULL);
  isaf_record_form_add_field (form, group, "category", NULL);
  isaf_record_form_add_field (form, group, "fund_source", NULL);
  isaf_record_form_add_field (form, group, "quarter", _("Quarter (1 to 4)"));
  isaf_record_form_add_field (form, group, "amount_riel", amount_title);
  isaf_record_form_add_field (form, group, "spent_riel", spent_title);
  isaf_record_editor_add_form (editor, form);
  isaf_record_editor_set_save_func (editor, save_line, finish_save_line,
                                    GINT_TO_POINTER (self->year), NULL);
  g_signal_connect_object (editor, "saved", G_CALLBACK (on_line_saved_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
announce_lines (IsafContext *context,
                const char  *table)
{
  isaf_context_data_changed (context, "awpb_line");
}

typedef struct {
  IsafBudgetPage *self;
  char *title;
} DeleteData;

static void
delete_data_free (DeleteData *data)
{
  g_free (data->title);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeleteData, delete_data_free)

static void
on_deleted_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DeleteData) data = user_data;
  IsafBudgetPage *self = data->self;
  g_autoptr(GError) error = NULL;
  IsafDeletion *deletion = NULL;

  if (!isaf_store_delete_finish (ISAF_STORE (source), result, &deletion, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        isaf_context_report_error (self->context, error);
      return;
    }

  announce_lines (self->context, NULL);
  isaf_context_add_toast (self->context,
                          isaf_undo_toast_new (self->context, data->title, deletion,
                                               announce_lines, NULL));
}

static void
delete_line (IsafBudgetPage *self,
             IsafRecord     *line)
{
  DeleteData *data = g_new0 (DeleteData, 1);

  data->self = self;
  /* Translators: a toast after deleting a budget line: its description. */
  data->title = g_strdup_printf (_("Budget line “%s” deleted"),
                                 isaf_record_get_text (line, "description"));
  isaf_store_delete_async (isaf_context_get_store (self->context), "awpb_line",
                           isaf_record_get_id (line), self->cancellable, on_deleted_cb, data);
}

static void
add_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  open_editor (ISAF_BUDGET_PAGE (widget), NULL);
}

/* GObject -------------------------------------------------------------------------------- */

/* The stage's guide, what the plan holds, above the lines. */
static void
show_guide (IsafBudgetPage *self)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (GUIDES_RESOURCE);
  GtkStringList *texts = GTK_STRING_LIST (gtk_builder_get_object (builder, "planning"));
  g_autofree char *escaped = NULL;

  g_return_if_fail (texts != NULL);
  escaped = isaf_gui_dup_row_text (gtk_string_list_get_string (texts, 0));
  adw_preferences_group_set_description (self->plan_group, escaped);
}

static void
isaf_budget_page_constructed (GObject *object)
{
  IsafBudgetPage *self = ISAF_BUDGET_PAGE (object);

  G_OBJECT_CLASS (isaf_budget_page_parent_class)->constructed (object);

  g_signal_connect_object (self->context, "data-changed", G_CALLBACK (on_data_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::year", G_CALLBACK (load), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::digits", G_CALLBACK (on_digits_changed_cb),
                           self, G_CONNECT_SWAPPED);
  load (self);
}

static void
isaf_budget_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  IsafBudgetPage *self = ISAF_BUDGET_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isaf_budget_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  IsafBudgetPage *self = ISAF_BUDGET_PAGE (object);

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
isaf_budget_page_dispose (GObject *object)
{
  IsafBudgetPage *self = ISAF_BUDGET_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  clear_lines (self);
  /* The stack is both the bin's child and a template child: the bin lets go of it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ISAF_TYPE_BUDGET_PAGE);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (isaf_budget_page_parent_class)->dispose (object);
}

static void
isaf_budget_page_finalize (GObject *object)
{
  IsafBudgetPage *self = ISAF_BUDGET_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->awpb, isaf_awpb_free);
  g_ptr_array_unref (self->quarter_groups);

  G_OBJECT_CLASS (isaf_budget_page_parent_class)->finalize (object);
}

static void
isaf_budget_page_class_init (IsafBudgetPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = isaf_budget_page_constructed;
  object_class->get_property = isaf_budget_page_get_property;
  object_class->set_property = isaf_budget_page_set_property;
  object_class->dispose = isaf_budget_page_dispose;
  object_class->finalize = isaf_budget_page_finalize;

  /**
   * IsafBudgetPage:context:
   *
   * The window's context: the store, the year shown, where to report.
   */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, ISAF_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * IsafBudgetPage:loading:
   *
   * Whether the year's budget is being read.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "budget.add", NULL, add_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "budget.add", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kh/gov/ncdd/IsafCommune/isaf-budget-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IsafBudgetPage, stack);
  gtk_widget_class_bind_template_child (widget_class, IsafBudgetPage, no_year_page);
  gtk_widget_class_bind_template_child (widget_class, IsafBudgetPage, plan_group);
  gtk_widget_class_bind_template_child (widget_class, IsafBudgetPage, total_label);
  gtk_widget_class_bind_template_child (widget_class, IsafBudgetPage, quarters_box);
  gtk_widget_class_bind_template_child (widget_class, IsafBudgetPage, empty_label);
  gtk_widget_class_bind_template_child (widget_class, IsafBudgetPage, totals_box);
  gtk_widget_class_bind_template_child (widget_class, IsafBudgetPage, category_grid);
  gtk_widget_class_bind_template_child (widget_class, IsafBudgetPage, source_grid);
}

static void
isaf_budget_page_init (IsafBudgetPage *self)
{
  g_autofree char *no_year = isaf_gui_dup_row_text (
    _("Choose the cycle year in the header to see its workplan and budget."));

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->quarter_groups = g_ptr_array_new ();

  adw_status_page_set_description (self->no_year_page, no_year);
  isaf_gui_set_wrapping_text (self->empty_label,
                              _("This cycle has no budget line yet. Add the year’s JAAP "
                                "Committee meetings, I4C printing, support to the CAFs and "
                                "CIP activities, each with its amount and source of funds."));
  show_guide (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "budget.add", FALSE);
}

/* Public API --------------------------------------------------------------------------- */

/**
 * isaf_budget_page_new:
 * @context: the window's context
 *
 * Returns: (transfer floating): the Plan & budget page for the context's year, reading it
 */
GtkWidget *
isaf_budget_page_new (IsafContext *context)
{
  g_return_val_if_fail (ISAF_IS_CONTEXT (context), NULL);

  return g_object_new (ISAF_TYPE_BUDGET_PAGE, "context", context, NULL);
}

gboolean
isaf_budget_page_get_loading (IsafBudgetPage *self)
{
  g_return_val_if_fail (ISAF_IS_BUDGET_PAGE (self), FALSE);

  return self->loading;
}
