/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-jaap-page"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-gui-util.h"
#include "isaf-jaap-action-editor.h"
#include "isaf-jaap-page-private.h"
#include "isaf-store.h"
#include "isaf-undo-toast.h"

/* Stage 7 of the cycle, the Joint Accountability Action Plan: for the year shown, its
 * actions in the template's order (group ក, then ខ; each action followed by its sub-actions),
 * and the commands that keep it: add an action or a sub-action, edit it (all the template's
 * columns and its status, whose changes are kept), move it among its neighbours, delete it
 * with Undo. The rows are drawn in isaf-jaap-page-rows.c; the editor is
 * isaf-jaap-action-editor.c. */

#define GUIDES_RESOURCE "/kh/gov/ncdd/IsafCommune/isaf-stage-guides.ui"

G_DEFINE_FINAL_TYPE (IsafJaapPage, isaf_jaap_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The tables whose changes the plan shows: its own, and the names its rows show. */
static const char * const watched_tables[] = {
  "*", "cycle", "jaap_action", "jaap_status_change", "jaap_progress", "jaapc_meeting",
  "service_unit", "interface_priority",
};

static IsafJaapEntry *
get_chosen (IsafJaapPage *self)
{
  if (!self->has_chosen || self->jaap == NULL)
    return NULL;
  return isaf_jaap_find (self->jaap, &self->chosen_id);
}

static void
update_actions (IsafJaapPage *self)
{
  IsafJaapEntry *chosen = get_chosen (self);
  gboolean ready = self->year > 0 && self->jaap != NULL && self->units != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "jaap.add", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "jaap.add-sub",
                                 ready && chosen != NULL && chosen->depth < ISAF_JAAP_MAX_DEPTH);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "jaap.edit", ready && chosen != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "jaap.move", ready && chosen != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "jaap.delete", ready && chosen != NULL);
}

/* The list -------------------------------------------------------------------------------- */

static GtkListBoxRow *
find_row (IsafJaapPage   *self,
          const IsafUuid *id)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->plan_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      IsafUuid *row_id = GTK_IS_LIST_BOX_ROW (row) ? g_object_get_data (G_OBJECT (row),
                                                                        "action-id")
                                                   : NULL;

      if (row_id != NULL && isaf_uuid_equal (row_id, id))
        return GTK_LIST_BOX_ROW (row);
    }
  return NULL;
}

/* The plan again, with the same action chosen while it is still there. */
static void
show_plan (IsafJaapPage *self)
{
  g_autofree char *today = isaf_jaap_dup_today ();
  g_autofree char *summary = NULL;
  GtkWidget *child;
  GtkListBoxRow *chosen_row = NULL;
  gboolean empty = self->jaap == NULL || self->jaap->entries->len == 0;

  /* Emptying the list unselects its rows: that is not the user choosing nothing. */
  g_signal_handlers_block_matched (self->plan_list, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->plan_list))) != NULL)
    gtk_list_box_remove (self->plan_list, child);
  for (guint i = 0; !empty && i < self->jaap->entries->len; i++)
    gtk_list_box_append (self->plan_list,
                         isaf_jaap_page_create_row (self, g_ptr_array_index (self->jaap->entries, i),
                                                    today));
  if (self->has_chosen)
    chosen_row = find_row (self, &self->chosen_id);
  self->has_chosen = chosen_row != NULL;
  if (chosen_row != NULL)
    gtk_list_box_select_row (self->plan_list, chosen_row);
  g_signal_handlers_unblock_matched (self->plan_list, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                     self);

  gtk_widget_set_visible (GTK_WIDGET (self->plan_list), !empty);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), empty);
  summary = isaf_jaap_page_dup_summary (self, today);
  isaf_gui_set_wrapping_text (self->summary_label, summary);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), !empty);
  gtk_stack_set_visible_child_name (self->stack, self->year > 0 ? "plan" : "no-year");
  update_actions (self);
}

static void
on_row_selected_cb (IsafJaapPage  *self,
                    GtkListBoxRow *row)
{
  IsafUuid *id = row != NULL ? g_object_get_data (G_OBJECT (row), "action-id") : NULL;

  self->has_chosen = id != NULL;
  if (id != NULL)
    self->chosen_id = *id;
  update_actions (self);
}

static void
on_row_activated_cb (IsafJaapPage  *self,
                     GtkListBoxRow *row)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "jaap.edit", NULL);
}

/* Loading the year ---------------------------------------------------------------------- */

typedef struct {
  IsafJaapPage *self;
  gboolean units;
  guint generation;
} LoadData;

static void
finish_load (IsafJaapPage *self)
{
  if (self->load_failed)
    {
      g_clear_pointer (&self->loaded_jaap, isaf_jaap_free);
      g_clear_pointer (&self->loaded_units, g_ptr_array_unref);
      return;
    }
  g_clear_pointer (&self->jaap, isaf_jaap_free);
  g_clear_pointer (&self->units, g_ptr_array_unref);
  self->jaap = g_steal_pointer (&self->loaded_jaap);
  self->units = g_steal_pointer (&self->loaded_units);
  show_plan (self);
}

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autofree LoadData *data = user_data;
  IsafJaapPage *self = data->self;
  IsafStore *store = ISAF_STORE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) units = NULL;
  IsafJaap *jaap = NULL;

  if (data->units)
    units = isaf_store_list_finish (store, result, &error);
  else
    jaap = isaf_jaap_load_finish (store, result, &error);

  /* Cancelled: the page is gone. An answer to a load that a newer one replaced: dropped. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || data->generation != self->generation)
    {
      isaf_jaap_free (jaap);
      return;
    }

  if (units == NULL && jaap == NULL)
    {
      if (!self->load_failed)
        isaf_context_report_error (self->context, error);
      self->load_failed = TRUE;
    }
  else if (data->units)
    {
      self->loaded_units = g_steal_pointer (&units);
    }
  else
    {
      self->loaded_jaap = jaap;
    }

  if (--self->n_pending == 0)
    {
      finish_load (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
    }
}

static void
start_load (IsafJaapPage *self,
            gboolean      units)
{
  IsafStore *store = isaf_context_get_store (self->context);
  LoadData *data = g_new0 (LoadData, 1);

  data->self = self;
  data->units = units;
  data->generation = self->generation;
  if (units)
    isaf_store_list_async (store, "service_unit", NULL, NULL, self->cancellable, on_loaded_cb,
                           data);
  else
    isaf_jaap_load_async (store, self->year, self->cancellable, on_loaded_cb, data);
}

static void
load (IsafJaapPage *self)
{
  gboolean was_loading = self->n_pending > 0;

  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_clear_pointer (&self->loaded_jaap, isaf_jaap_free);
  g_clear_pointer (&self->loaded_units, g_ptr_array_unref);
  self->generation++;
  self->load_failed = FALSE;
  self->year = isaf_context_get_year (self->context);
  self->n_pending = 2;
  start_load (self, TRUE);
  start_load (self, FALSE);
  if (!was_loading)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static gboolean
reload_cb (gpointer user_data)
{
  IsafJaapPage *self = user_data;

  self->reload_id = 0;
  load (self);
  return G_SOURCE_REMOVE;
}

/* A save announces several tables one after the other: they are read again once. */
static void
on_data_changed_cb (IsafJaapPage *self,
                    const char   *table)
{
  for (guint i = 0; i < G_N_ELEMENTS (watched_tables); i++)
    if (g_str_equal (table, watched_tables[i]) && self->reload_id == 0)
      self->reload_id = g_idle_add (reload_cb, self);
}

/* Commands ------------------------------------------------------------------------------- */

static void
announce_plan (IsafContext *context,
               const char  *table)
{
  isaf_context_data_changed (context, "jaap_action");
}

static void
open_editor (IsafJaapPage   *self,
             IsafRecord     *action,
             IsafJaapEntry  *entry)
{
  if (self->jaap == NULL || self->units == NULL)
    return;
  isaf_jaap_action_editor_present (self->context, GTK_WIDGET (self), self->year, self->jaap,
                                   self->units, action, entry);
}

/* A new action of the year's plan. Its cycle is the year's, or the one the save makes: the
 * form checks every required field, that one too. */
static IsafRecord *
new_action (IsafJaapPage *self,
            const char   *group)
{
  IsafRecord *action = isaf_record_new ("jaap_action");

  isaf_record_set_reference (action, "cycle_id", &self->jaap->cycle_id);
  isaf_record_set_text (action, "action_group", group);
  isaf_record_set_text (action, "status", "not_started");
  return action;
}

static void
add_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  IsafJaapPage *self = ISAF_JAAP_PAGE (widget);
  g_autoptr(IsafRecord) action = NULL;

  if (self->jaap == NULL)
    return;
  action = new_action (self, g_variant_get_string (parameter, NULL));
  open_editor (self, action, NULL);
}

static void
add_sub_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  IsafJaapPage *self = ISAF_JAAP_PAGE (widget);
  IsafJaapEntry *parent = get_chosen (self);
  g_autoptr(IsafRecord) action = NULL;
  const IsafUuid *unit;

  if (parent == NULL || parent->depth >= ISAF_JAAP_MAX_DEPTH)
    return;

  /* A step of an action is in its group and, most often, at its unit. */
  action = new_action (self, isaf_record_get_text (parent->action, "action_group"));
  isaf_record_set_reference (action, "parent_id", isaf_record_get_id (parent->action));
  unit = isaf_record_get_reference (parent->action, "service_unit_id");
  if (unit != NULL)
    isaf_record_set_reference (action, "service_unit_id", unit);
  open_editor (self, action, NULL);
}

static void
edit_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  IsafJaapPage *self = ISAF_JAAP_PAGE (widget);
  IsafJaapEntry *chosen = get_chosen (self);

  if (chosen != NULL)
    open_editor (self, chosen->action, chosen);
}

static void
on_moved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  IsafJaapPage *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!isaf_jaap_action_move_finish (ISAF_STORE (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        isaf_context_report_error (self->context, error);
      return;
    }
  isaf_context_data_changed (self->context, "jaap_action");
}

static void
move_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  IsafJaapPage *self = ISAF_JAAP_PAGE (widget);
  IsafJaapEntry *chosen = get_chosen (self);

  if (chosen != NULL)
    isaf_jaap_action_move_async (isaf_context_get_store (self->context),
                                 isaf_record_get_id (chosen->action),
                                 g_variant_get_int32 (parameter) < 0 ? -1 : 1,
                                 self->cancellable, on_moved_cb, self);
}

typedef struct {
  IsafJaapPage *self;
  char *title;
} DeleteData;

static void
on_deleted_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  DeleteData *data = user_data;
  IsafJaapPage *self = data->self;
  g_autoptr(GError) error = NULL;
  IsafDeletion *deletion = NULL;

  if (!isaf_store_delete_finish (ISAF_STORE (source), result, &deletion, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        isaf_context_report_error (self->context, error);
    }
  else
    {
      announce_plan (self->context, NULL);
      isaf_context_add_toast (self->context,
                              isaf_undo_toast_new (self->context, data->title, deletion,
                                                   announce_plan, NULL));
    }
  g_free (data->title);
  g_free (data);
}

static void
delete_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  IsafJaapPage *self = ISAF_JAAP_PAGE (widget);
  IsafJaapEntry *chosen = get_chosen (self);
  DeleteData *data;

  if (chosen == NULL)
    return;

  data = g_new0 (DeleteData, 1);
  data->self = self;
  /* Translators: the toast after an action of the plan was deleted; %s is its activity. */
  data->title = g_strdup_printf (_("Action “%s” deleted"),
                                 isaf_record_get_text (chosen->action, "activity"));
  self->has_chosen = FALSE;
  isaf_store_delete_async (isaf_context_get_store (self->context), "jaap_action",
                           isaf_record_get_id (chosen->action), self->cancellable, on_deleted_cb,
                           data);
}

/* GObject -------------------------------------------------------------------------------- */

/* The stage's guide, what the plan is, above the list. */
static void
show_guide (IsafJaapPage *self)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (GUIDES_RESOURCE);
  GtkStringList *texts = GTK_STRING_LIST (gtk_builder_get_object (builder, "jaap"));
  g_autofree char *escaped = NULL;

  g_return_if_fail (texts != NULL);
  escaped = isaf_gui_dup_row_text (gtk_string_list_get_string (texts, 0));
  adw_preferences_group_set_description (self->plan_group, escaped);
}

static void
isaf_jaap_page_constructed (GObject *object)
{
  IsafJaapPage *self = ISAF_JAAP_PAGE (object);

  G_OBJECT_CLASS (isaf_jaap_page_parent_class)->constructed (object);

  g_signal_connect_object (self->context, "data-changed", G_CALLBACK (on_data_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::year", G_CALLBACK (load), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::digits", G_CALLBACK (show_plan), self,
                           G_CONNECT_SWAPPED);
  show_guide (self);
  load (self);
}

static void
isaf_jaap_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  IsafJaapPage *self = ISAF_JAAP_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, isaf_jaap_page_get_loading (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isaf_jaap_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  IsafJaapPage *self = ISAF_JAAP_PAGE (object);

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
isaf_jaap_page_dispose (GObject *object)
{
  IsafJaapPage *self = ISAF_JAAP_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  /* The stack is both the bin's child and a template child: the bin lets go of it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ISAF_TYPE_JAAP_PAGE);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (isaf_jaap_page_parent_class)->dispose (object);
}

static void
isaf_jaap_page_finalize (GObject *object)
{
  IsafJaapPage *self = ISAF_JAAP_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->jaap, isaf_jaap_free);
  g_clear_pointer (&self->units, g_ptr_array_unref);
  g_clear_pointer (&self->loaded_jaap, isaf_jaap_free);
  g_clear_pointer (&self->loaded_units, g_ptr_array_unref);

  G_OBJECT_CLASS (isaf_jaap_page_parent_class)->finalize (object);
}

static void
isaf_jaap_page_class_init (IsafJaapPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = isaf_jaap_page_constructed;
  object_class->get_property = isaf_jaap_page_get_property;
  object_class->set_property = isaf_jaap_page_set_property;
  object_class->dispose = isaf_jaap_page_dispose;
  object_class->finalize = isaf_jaap_page_finalize;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, ISAF_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * IsafJaapPage:loading:
   *
   * Whether the year's plan is being read.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kh/gov/ncdd/IsafCommune/isaf-jaap-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IsafJaapPage, stack);
  gtk_widget_class_bind_template_child (widget_class, IsafJaapPage, plan_group);
  gtk_widget_class_bind_template_child (widget_class, IsafJaapPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, IsafJaapPage, empty_label);
  gtk_widget_class_bind_template_child (widget_class, IsafJaapPage, plan_list);
  gtk_widget_class_bind_template_callback (widget_class, on_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "jaap.add", "s", add_activated);
  gtk_widget_class_install_action (widget_class, "jaap.add-sub", NULL, add_sub_activated);
  gtk_widget_class_install_action (widget_class, "jaap.edit", NULL, edit_activated);
  gtk_widget_class_install_action (widget_class, "jaap.move", "i", move_activated);
  gtk_widget_class_install_action (widget_class, "jaap.delete", NULL, delete_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "jaap.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "jaap.move", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "jaap.move", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "jaap.add",
                                       "s", "ka");
}

static void
isaf_jaap_page_init (IsafJaapPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  gtk_list_box_set_header_func (self->plan_list, isaf_jaap_page_update_header, NULL, NULL);
  update_actions (self);
}

GtkWidget *
isaf_jaap_page_new (IsafContext *context)
{
  g_return_val_if_fail (ISAF_IS_CONTEXT (context), NULL);

  return g_object_new (ISAF_TYPE_JAAP_PAGE, "context", context, NULL);
}

gboolean
isaf_jaap_page_get_loading (IsafJaapPage *self)
{
  g_return_val_if_fail (ISAF_IS_JAAP_PAGE (self), FALSE);

  return self->n_pending > 0;
}
