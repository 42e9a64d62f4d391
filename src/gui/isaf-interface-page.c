/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-interface-page"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-gui-util.h"
#include "isaf-interface-draft.h"
#include "isaf-interface-editor.h"
#include "isaf-interface-page-private.h"
#include "isaf-store.h"

/* Stage 6 of the cycle, the interface meeting: for the year shown, the meetings where
 * citizens' representatives, providers and the council met (usually one, sometimes one per
 * service), and for the meeting chosen in the list what it compared (the citizens' median
 * beside the providers' for every indicator of the units it covered) and the priorities it
 * agreed on, which become draft actions of the JAAP on request. Meetings are recorded in
 * IsafInterfaceEditor; the comparison is drawn in isaf-interface-page-comparison.c. */

#define GUIDES_RESOURCE "/kh/gov/ncdd/IsafCommune/isaf-stage-guides.ui"

G_DEFINE_FINAL_TYPE (IsafInterfacePage, isaf_interface_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_loading (IsafInterfacePage *self)
{
  return self->n_pending > 0 || self->comparing;
}

/* Runs @change and says so when it started or ended the loading. */
#define CHANGING_LOADING(self, change) \
  G_STMT_START { \
    gboolean was_loading_ = is_loading (self); \
    change; \
    if (was_loading_ != is_loading (self)) \
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]); \
  } G_STMT_END

static void
update_actions (IsafInterfacePage *self)
{
  gboolean has_meeting = isaf_interface_page_get_chosen (self) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "interface.add",
                                 self->year > 0 && self->units != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "interface.edit", has_meeting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "interface.draft-jaap", has_meeting);
}

/* Shared with the comparison --------------------------------------------------------------- */

IsafInterfaceMeeting *
isaf_interface_page_get_chosen (IsafInterfacePage *self)
{
  for (guint i = 0; self->has_chosen && self->meetings != NULL && i < self->meetings->len; i++)
    {
      IsafInterfaceMeeting *meeting = g_ptr_array_index (self->meetings, i);

      if (isaf_uuid_equal (isaf_record_get_id (meeting->record), &self->chosen_id))
        return meeting;
    }
  return NULL;
}

const char *
isaf_interface_page_get_unit_name (IsafInterfacePage *self,
                                   const IsafUuid    *unit_id)
{
  for (guint i = 0; unit_id != NULL && self->units != NULL && i < self->units->len; i++)
    {
      IsafRecord *unit = g_ptr_array_index (self->units, i);

      if (isaf_uuid_equal (isaf_record_get_id (unit), unit_id))
        return isaf_record_get_text (unit, "name_km");
    }
  return NULL;
}

/* The meeting list ------------------------------------------------------------------------- */

static void open_editor (IsafInterfacePage    *self,
                         IsafInterfaceMeeting *meeting);

static gint64
get_attendance_total (IsafInterfaceMeeting *meeting,
                      gboolean             *counted)
{
  gint64 total = 0;

  *counted = FALSE;
  for (guint i = 0; i < ISAF_N_INTERFACE_ATTENDANCE; i++)
    if (meeting->attendance[i] != ISAF_ATTENDANCE_NOT_COUNTED)
      {
        total += meeting->attendance[i];
        *counted = TRUE;
      }
  return total;
}

static char *
describe_meeting (IsafInterfacePage    *self,
                  IsafInterfaceMeeting *meeting)
{
  g_autoptr(GString) units = g_string_new (NULL);
  g_autofree char *people = NULL;
  g_autofree char *priorities = NULL;
  g_autofree char *selected_text = NULL;
  g_autofree char *total_text = NULL;
  guint n_selected = 0;
  gboolean counted;
  gint64 total = get_attendance_total (meeting, &counted);

  for (guint i = 0; i < meeting->units->len; i++)
    {
      const char *name = isaf_interface_page_get_unit_name (self, &g_array_index (meeting->units,
                                                                                  IsafUuid, i));

      if (name != NULL)
        g_string_append_printf (units, "%s%s", units->len > 0 ? ", " : "", name);
    }

  if (counted)
    {
      g_autofree char *count = isaf_context_format_integer (self->context, total);

      people = g_strdup_printf (ngettext ("%s person", "%s people", total), count);
    }
  else
    {
      people = g_strdup (_("Attendance not counted"));
    }

  for (guint i = 0; i < meeting->priorities->len; i++)
    if (isaf_record_get_boolean (g_ptr_array_index (meeting->priorities, i), "is_selected"))
      n_selected++;
  selected_text = isaf_context_format_integer (self->context, n_selected);
  total_text = isaf_context_format_integer (self->context, meeting->priorities->len);
  /* Translators: how many of a meeting's priorities were selected: "3 of 5 priorities
   * selected". */
  priorities = g_strdup_printf (ngettext ("%1$s of %2$s priority selected",
                                          "%1$s of %2$s priorities selected",
                                          meeting->priorities->len),
                                selected_text, total_text);

  return g_strdup_printf ("%s\n%s · %s", units->str, people, priorities);
}

static void
on_edit_clicked_cb (GtkButton         *button,
                    IsafInterfacePage *self)
{
  IsafUuid *id = g_object_get_data (G_OBJECT (button), "meeting-id");

  if (isaf_interface_page_choose_meeting (self, id))
    open_editor (self, isaf_interface_page_get_chosen (self));
}

static GtkWidget *
create_meeting_row (IsafInterfacePage    *self,
                    IsafInterfaceMeeting *meeting)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
  const char *place = isaf_record_get_text (meeting->record, "place");
  g_autofree char *date = isaf_gui_format_date (self->context,
                                                isaf_record_get_text (meeting->record, "held_on"));
  g_autofree char *title = NULL;
  g_autofree char *escaped_title = NULL;
  g_autofree char *subtitle = describe_meeting (self, meeting);
  g_autofree char *escaped_subtitle = isaf_gui_dup_row_text (subtitle);
  g_autofree char *edit_label = NULL;

  title = place != NULL ? g_strdup_printf ("%s · %s", date, place) : g_strdup (date);
  escaped_title = isaf_gui_dup_row_text (title);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  /* Translators: the tooltip of the edit button of a meeting: its date. */
  edit_label = g_strdup_printf (_("Edit the meeting of %s"), date);
  gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (edit, edit_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (edit), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  edit_label, -1);
  gtk_widget_add_css_class (edit, "flat");
  g_object_set_data_full (G_OBJECT (edit), "meeting-id",
                          g_memdup2 (isaf_record_get_id (meeting->record), sizeof (IsafUuid)),
                          g_free);
  g_signal_connect_object (edit, "clicked", G_CALLBACK (on_edit_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);

  g_object_set_data_full (G_OBJECT (row), "meeting-id",
                          g_memdup2 (isaf_record_get_id (meeting->record), sizeof (IsafUuid)),
                          g_free);
  return row;
}

static GtkListBoxRow *
find_meeting_row (IsafInterfacePage *self,
                  const IsafUuid    *id)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->meeting_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      IsafUuid *row_id = GTK_IS_LIST_BOX_ROW (row) ? g_object_get_data (G_OBJECT (row),
                                                                        "meeting-id")
                                                   : NULL;

      if (row_id != NULL && isaf_uuid_equal (row_id, id))
        return GTK_LIST_BOX_ROW (row);
    }
  return NULL;
}

static void
start_compare (IsafInterfacePage *self);

/* The list again, with the same meeting chosen when it is still there, else the latest. */
static void
show_meetings (IsafInterfacePage *self)
{
  GtkWidget *child;
  IsafInterfaceMeeting *chosen;

  /* Emptying the list unselects its rows: that is not the user choosing nothing. */
  g_signal_handlers_block_matched (self->meeting_list, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                   self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->meeting_list))) != NULL)
    gtk_list_box_remove (self->meeting_list, child);
  for (guint i = 0; self->meetings != NULL && i < self->meetings->len; i++)
    gtk_list_box_append (self->meeting_list,
                         create_meeting_row (self, g_ptr_array_index (self->meetings, i)));

  chosen = isaf_interface_page_get_chosen (self);
  if (chosen == NULL && self->meetings != NULL && self->meetings->len > 0)
    {
      chosen = g_ptr_array_index (self->meetings, self->meetings->len - 1);
      self->chosen_id = *isaf_record_get_id (chosen->record);
    }
  self->has_chosen = chosen != NULL;
  if (chosen != NULL)
    gtk_list_box_select_row (self->meeting_list,
                             find_meeting_row (self, isaf_record_get_id (chosen->record)));
  g_signal_handlers_unblock_matched (self->meeting_list, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                     self);

  gtk_stack_set_visible_child_name (self->stack, self->year > 0 ? "meetings" : "no-year");
  update_actions (self);
  start_compare (self);
}

static void
on_meeting_selected_cb (IsafInterfacePage *self,
                        GtkListBoxRow     *row)
{
  IsafUuid *id = row != NULL ? g_object_get_data (G_OBJECT (row), "meeting-id") : NULL;

  if (id == NULL || (self->has_chosen && isaf_uuid_equal (id, &self->chosen_id)))
    return;
  self->chosen_id = *id;
  self->has_chosen = TRUE;
  update_actions (self);
  start_compare (self);
}

/* The comparison of the chosen meeting --------------------------------------------------- */

typedef struct {
  IsafInterfacePage *self;
  guint generation;
} CompareData;

static void
on_compared_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autofree CompareData *data = user_data;
  IsafInterfacePage *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) comparisons = isaf_interface_compare_finish (ISAF_STORE (source), result,
                                                                    &error);

  /* Cancelled: the page is gone. An answer for a meeting no longer chosen: dropped. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || data->generation != self->compare_generation)
    return;

  if (comparisons == NULL)
    isaf_context_report_error (self->context, error);
  g_clear_pointer (&self->comparisons, g_ptr_array_unref);
  self->comparisons = g_steal_pointer (&comparisons);
  CHANGING_LOADING (self, self->comparing = FALSE);
  isaf_interface_page_show_comparison (self);
}

static void
start_compare (IsafInterfacePage *self)
{
  IsafInterfaceMeeting *chosen = isaf_interface_page_get_chosen (self);
  CompareData *data;

  self->compare_generation++;
  g_clear_pointer (&self->comparisons, g_ptr_array_unref);
  isaf_interface_page_clear_comparison (self);
  gtk_widget_set_visible (self->comparison_box, chosen != NULL);
  if (chosen == NULL)
    {
      CHANGING_LOADING (self, self->comparing = FALSE);
      return;
    }

  CHANGING_LOADING (self, self->comparing = TRUE);
  isaf_interface_page_show_comparison (self);
  data = g_new0 (CompareData, 1);
  data->self = self;
  data->generation = self->compare_generation;
  isaf_interface_compare_async (isaf_context_get_store (self->context), chosen->year,
                                chosen->units, self->cancellable, on_compared_cb, data);
}

/* Loading the year ----------------------------------------------------------------------- */

typedef enum {
  LOAD_UNITS,
  LOAD_MEETINGS,
} Load;

typedef struct {
  IsafInterfacePage *self;
  Load load;
  guint generation;
} LoadData;

static void
finish_load (IsafInterfacePage *self)
{
  if (self->load_failed)
    {
      g_clear_pointer (&self->loaded_units, g_ptr_array_unref);
      g_clear_pointer (&self->loaded_meetings, g_ptr_array_unref);
      return;
    }

  g_clear_pointer (&self->units, g_ptr_array_unref);
  g_clear_pointer (&self->meetings, g_ptr_array_unref);
  self->units = g_steal_pointer (&self->loaded_units);
  self->meetings = g_steal_pointer (&self->loaded_meetings);
  show_meetings (self);
}

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autofree LoadData *data = user_data;
  IsafInterfacePage *self = data->self;
  IsafStore *store = ISAF_STORE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) value = NULL;

  if (data->load == LOAD_UNITS)
    value = isaf_store_list_finish (store, result, &error);
  else
    value = isaf_interface_meeting_list_finish (store, result, &error);

  /* Cancelled: the page is gone. An answer to a load that a newer one replaced: dropped. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || data->generation != self->generation)
    return;

  if (value == NULL)
    {
      if (!self->load_failed)
        isaf_context_report_error (self->context, error);
      self->load_failed = TRUE;
    }
  else if (data->load == LOAD_UNITS)
    {
      self->loaded_units = g_steal_pointer (&value);
    }
  else
    {
      self->loaded_meetings = g_steal_pointer (&value);
    }

  /* The comparison that follows keeps the page loading: no gap in between. */
  if (self->n_pending == 1)
    finish_load (self);
  CHANGING_LOADING (self, self->n_pending--);
}

static void
start_load (IsafInterfacePage *self,
            Load               load)
{
  IsafStore *store = isaf_context_get_store (self->context);
  LoadData *data = g_new0 (LoadData, 1);

  data->self = self;
  data->load = load;
  data->generation = self->generation;
  if (load == LOAD_UNITS)
    isaf_store_list_async (store, "service_unit", NULL, NULL, self->cancellable, on_loaded_cb,
                           data);
  else
    isaf_interface_meeting_list_async (store, self->year, self->cancellable, on_loaded_cb, data);
}

static void
load (IsafInterfacePage *self)
{
  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_clear_pointer (&self->loaded_units, g_ptr_array_unref);
  g_clear_pointer (&self->loaded_meetings, g_ptr_array_unref);
  self->generation++;
  self->load_failed = FALSE;
  self->year = isaf_context_get_year (self->context);

  /* Without a year there are no meetings to read, only the units. */
  if (self->year == 0)
    {
      self->loaded_meetings = g_ptr_array_new_with_free_func (
        (GDestroyNotify) isaf_interface_meeting_unref);
      CHANGING_LOADING (self, self->n_pending = 1);
      start_load (self, LOAD_UNITS);
      return;
    }

  CHANGING_LOADING (self, self->n_pending = 2);
  start_load (self, LOAD_UNITS);
  start_load (self, LOAD_MEETINGS);
}

static gboolean
reload_cb (gpointer user_data)
{
  IsafInterfacePage *self = user_data;

  self->reload_id = 0;
  load (self);
  return G_SOURCE_REMOVE;
}

/* A save announces several tables one after the other: they are read again once. The
 * comparison follows the scorecards, so their tables count too. */
static void
on_data_changed_cb (IsafInterfacePage *self,
                    const char        *table)
{
  gboolean ours = g_str_equal (table, "*") || g_str_equal (table, "cycle")
                  || g_str_equal (table, "service_unit") || g_str_has_prefix (table, "scorecard");

  for (guint i = 0; i < G_N_ELEMENTS (isaf_interface_meeting_tables); i++)
    ours = ours || g_str_equal (table, isaf_interface_meeting_tables[i]);

  if (ours && self->reload_id == 0)
    self->reload_id = g_idle_add (reload_cb, self);
}

static void
on_digits_changed_cb (IsafInterfacePage *self)
{
  isaf_interface_page_build_scale (self);
  show_meetings (self);
}

/* Commands ------------------------------------------------------------------------------- */

static void
open_editor (IsafInterfacePage    *self,
             IsafInterfaceMeeting *meeting)
{
  IsafInterfaceEditor *editor;

  if (self->year == 0 || self->units == NULL)
    return;
  editor = isaf_interface_editor_new (self->context, GTK_WIDGET (self),
                                      meeting ? meeting->year : self->year, self->units, meeting);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
add_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  open_editor (ISAF_INTERFACE_PAGE (widget), NULL);
}

static void
edit_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  IsafInterfacePage *self = ISAF_INTERFACE_PAGE (widget);
  IsafInterfaceMeeting *chosen = isaf_interface_page_get_chosen (self);

  if (chosen != NULL)
    open_editor (self, chosen);
}

static void
draft_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  IsafInterfacePage *self = ISAF_INTERFACE_PAGE (widget);
  IsafInterfaceMeeting *chosen = isaf_interface_page_get_chosen (self);

  if (chosen != NULL)
    isaf_interface_draft_present (self->context, widget, chosen);
}

/* GObject -------------------------------------------------------------------------------- */

/* The stage's guide, what happens at an interface meeting, above the list. */
static void
show_guide (IsafInterfacePage *self)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (GUIDES_RESOURCE);
  GtkStringList *texts = GTK_STRING_LIST (gtk_builder_get_object (builder, "interface"));
  g_autofree char *escaped = NULL;

  g_return_if_fail (texts != NULL);
  escaped = isaf_gui_dup_row_text (gtk_string_list_get_string (texts, 0));
  adw_preferences_group_set_description (self->meetings_group, escaped);
}

static void
isaf_interface_page_constructed (GObject *object)
{
  IsafInterfacePage *self = ISAF_INTERFACE_PAGE (object);

  G_OBJECT_CLASS (isaf_interface_page_parent_class)->constructed (object);

  g_signal_connect_object (self->context, "data-changed", G_CALLBACK (on_data_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::year", G_CALLBACK (load), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::digits", G_CALLBACK (on_digits_changed_cb),
                           self, G_CONNECT_SWAPPED);
  isaf_interface_page_build_scale (self);
  load (self);
}

static void
isaf_interface_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  IsafInterfacePage *self = ISAF_INTERFACE_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, is_loading (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isaf_interface_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  IsafInterfacePage *self = ISAF_INTERFACE_PAGE (object);

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
isaf_interface_page_dispose (GObject *object)
{
  IsafInterfacePage *self = ISAF_INTERFACE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_ptr_array_set_size (self->comparison_widgets, 0);
  g_ptr_array_set_size (self->priority_rows, 0);
  /* The stack is both the bin's child and a template child: the bin lets go of it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ISAF_TYPE_INTERFACE_PAGE);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (isaf_interface_page_parent_class)->dispose (object);
}

static void
isaf_interface_page_finalize (GObject *object)
{
  IsafInterfacePage *self = ISAF_INTERFACE_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->units, g_ptr_array_unref);
  g_clear_pointer (&self->meetings, g_ptr_array_unref);
  g_clear_pointer (&self->loaded_units, g_ptr_array_unref);
  g_clear_pointer (&self->loaded_meetings, g_ptr_array_unref);
  g_clear_pointer (&self->comparisons, g_ptr_array_unref);
  g_ptr_array_unref (self->comparison_widgets);
  g_ptr_array_unref (self->priority_rows);

  G_OBJECT_CLASS (isaf_interface_page_parent_class)->finalize (object);
}

static void
isaf_interface_page_class_init (IsafInterfacePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = isaf_interface_page_constructed;
  object_class->get_property = isaf_interface_page_get_property;
  object_class->set_property = isaf_interface_page_set_property;
  object_class->dispose = isaf_interface_page_dispose;
  object_class->finalize = isaf_interface_page_finalize;

  /**
   * IsafInterfacePage:context:
   *
   * The window's context: the store, the year shown, where to report.
   */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, ISAF_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * IsafInterfacePage:loading:
   *
   * Whether the year's meetings, or the chosen meeting's comparison, are being read.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "interface.add", NULL, add_activated);
  gtk_widget_class_install_action (widget_class, "interface.edit", NULL, edit_activated);
  gtk_widget_class_install_action (widget_class, "interface.draft-jaap", NULL, draft_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "interface.add", NULL);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/kh/gov/ncdd/IsafCommune/isaf-interface-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IsafInterfacePage, stack);
  gtk_widget_class_bind_template_child (widget_class, IsafInterfacePage, no_year_page);
  gtk_widget_class_bind_template_child (widget_class, IsafInterfacePage, meetings_group);
  gtk_widget_class_bind_template_child (widget_class, IsafInterfacePage, meeting_list);
  gtk_widget_class_bind_template_child (widget_class, IsafInterfacePage, comparison_box);
  gtk_widget_class_bind_template_child (widget_class, IsafInterfacePage, comparison_title);
  gtk_widget_class_bind_template_child (widget_class, IsafInterfacePage, comparison_description);
  gtk_widget_class_bind_template_child (widget_class, IsafInterfacePage, scale_group);
  gtk_widget_class_bind_template_child (widget_class, IsafInterfacePage, scale_box);
  gtk_widget_class_bind_template_child (widget_class, IsafInterfacePage, comparison_status);
  gtk_widget_class_bind_template_child (widget_class, IsafInterfacePage, units_box);
  gtk_widget_class_bind_template_child (widget_class, IsafInterfacePage, priorities_group);
  gtk_widget_class_bind_template_callback (widget_class, on_meeting_selected_cb);
}

static void
isaf_interface_page_init (IsafInterfacePage *self)
{
  GtkWidget *placeholder = gtk_label_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->comparison_widgets = g_ptr_array_new ();
  self->priority_rows = g_ptr_array_new ();

  isaf_gui_set_wrapping_text (GTK_LABEL (placeholder),
                              _("No interface meeting is recorded for this cycle yet. Record it "
                                "once citizens’ representatives, providers and the council "
                                "have met."));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (placeholder), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (placeholder), 0);
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_list_box_set_placeholder (self->meeting_list, placeholder);
  {
    g_autofree char *description = isaf_gui_dup_row_text (
      _("Choose the cycle year in the header to see its interface meetings."));

    adw_status_page_set_description (self->no_year_page, description);
  }
  show_guide (self);
  update_actions (self);
}

/* Public API --------------------------------------------------------------------------- */

/**
 * isaf_interface_page_new:
 * @context: the window's context
 *
 * Returns: (transfer floating): the Interface meeting page for the context's year, reading it
 */
GtkWidget *
isaf_interface_page_new (IsafContext *context)
{
  g_return_val_if_fail (ISAF_IS_CONTEXT (context), NULL);

  return g_object_new (ISAF_TYPE_INTERFACE_PAGE, "context", context, NULL);
}

gboolean
isaf_interface_page_get_loading (IsafInterfacePage *self)
{
  g_return_val_if_fail (ISAF_IS_INTERFACE_PAGE (self), FALSE);

  return is_loading (self);
}

gboolean
isaf_interface_page_choose_meeting (IsafInterfacePage *self,
                                    const IsafUuid    *meeting_id)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (ISAF_IS_INTERFACE_PAGE (self), FALSE);
  g_return_val_if_fail (meeting_id != NULL, FALSE);

  row = find_meeting_row (self, meeting_id);
  if (row == NULL)
    return FALSE;
  gtk_list_box_select_row (self->meeting_list, row);
  return TRUE;
}
