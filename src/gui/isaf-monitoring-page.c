/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-monitoring-page"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-gui-util.h"
#include "isaf-jaapc-meeting-editor.h"
#include "isaf-jaapc-meeting.h"
#include "isaf-monitoring-page-private.h"
#include "isaf-jaap-badges.h"
#include "isaf-store.h"

/* Stage 8 of the cycle, monitoring: for the year shown, the monthly meetings of the JAAP
 * Committee (newest first, with who came and how many actions each reviewed), and below them
 * every action of the year's plan with its status, the progress last recorded and whether it
 * is overdue (isaf-monitoring-page-actions.c). Meetings are recorded in
 * IsafJaapcMeetingEditor. */

#define GUIDES_RESOURCE "/kh/gov/ncdd/IsafCommune/isaf-stage-guides.ui"
/* How much of a meeting's decisions its row shows, in characters. */
#define DECISIONS_SHOWN_CHARS 140

/* What a meeting's save changes, and so what the page reads again when another page or
 * another computer changes it. */
static const char * const monitoring_tables[] = {
  "cycle", "jaapc_member", "jaapc_meeting", "jaapc_attendance", "jaap_progress", "jaap_action",
  "jaap_status_change",
};

G_DEFINE_FINAL_TYPE (IsafMonitoringPage, isaf_monitoring_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Runs @change and says so when it started or ended the loading. */
#define CHANGING_LOADING(self, change) \
  G_STMT_START { \
    gboolean was_loading_ = (self)->n_pending > 0; \
    change; \
    if (was_loading_ != ((self)->n_pending > 0)) \
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]); \
  } G_STMT_END

static void
update_actions (IsafMonitoringPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "monitoring.add",
                                 self->year > 0 && self->jaap != NULL);
}

/* The meeting list ------------------------------------------------------------------------- */

static void open_editor (IsafMonitoringPage *self,
                         IsafJaapcMeeting   *meeting);

static IsafJaapcMeeting *
find_meeting (IsafMonitoringPage *self,
              const IsafUuid     *id)
{
  for (guint i = 0; id != NULL && self->meetings != NULL && i < self->meetings->len; i++)
    {
      IsafJaapcMeeting *meeting = g_ptr_array_index (self->meetings, i);

      if (isaf_uuid_equal (isaf_record_get_id (meeting->record), id))
        return meeting;
    }
  return NULL;
}

/* How many of the committee's members on the day were present. */
static char *
describe_attendance (IsafMonitoringPage *self,
                     IsafJaapcMeeting   *meeting)
{
  const char *held_on = isaf_record_get_text (meeting->record, "held_on");
  g_autofree char *present = NULL;
  g_autofree char *members = NULL;
  guint n_members = 0;

  for (guint i = 0; held_on != NULL && i < self->members->len; i++)
    if (isaf_jaapc_member_was_member_on (g_ptr_array_index (self->members, i), held_on))
      n_members++;

  present = isaf_context_format_integer (self->context, meeting->members->len);
  members = isaf_context_format_integer (self->context, n_members);
  /* Translators: who came to a committee meeting: "7 of 9 members present". */
  return g_strdup_printf (ngettext ("%1$s of %2$s member present",
                                    "%1$s of %2$s members present", n_members),
                          present, members);
}

static char *
describe_meeting (IsafMonitoringPage *self,
                  IsafJaapcMeeting   *meeting)
{
  const char *decisions = isaf_record_get_text (meeting->record, "decisions");
  g_autofree char *attendance = describe_attendance (self, meeting);
  g_autofree char *count = isaf_context_format_integer (self->context, meeting->progress->len);
  /* Translators: how many actions of the plan a committee meeting reviewed. */
  g_autofree char *reviewed = g_strdup_printf (ngettext ("%s action reviewed",
                                                         "%s actions reviewed",
                                                         meeting->progress->len),
                                               count);
  g_autofree char *shown = NULL;

  if (decisions == NULL || decisions[0] == '\0')
    return g_strdup_printf ("%s · %s", attendance, reviewed);

  /* The decisions' first lines, shortened: the editor shows them whole. */
  if (g_utf8_strlen (decisions, -1) > DECISIONS_SHOWN_CHARS)
    {
      g_autofree char *start = g_utf8_substring (decisions, 0, DECISIONS_SHOWN_CHARS);

      shown = g_strconcat (g_strchomp (start), "…", NULL);
    }
  else
    {
      shown = g_strdup (decisions);
    }
  g_strdelimit (shown, "\n", ' ');
  /* Translators: the start of what a committee meeting decided, under its attendance. */
  return g_strdup_printf (_("%1$s · %2$s\nDecisions: %3$s"), attendance, reviewed, shown);
}

static void
on_edit_clicked_cb (GtkButton          *button,
                    IsafMonitoringPage *self)
{
  IsafJaapcMeeting *meeting = find_meeting (self, g_object_get_data (G_OBJECT (button),
                                                                     "meeting-id"));

  if (meeting != NULL)
    open_editor (self, meeting);
}

static GtkWidget *
create_meeting_row (IsafMonitoringPage *self,
                    IsafJaapcMeeting   *meeting)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
  const char *place = isaf_record_get_text (meeting->record, "place");
  g_autofree char *date = isaf_gui_format_date (self->context,
                                                isaf_record_get_text (meeting->record, "held_on"));
  g_autofree char *title = place ? g_strdup_printf ("%s · %s", date, place) : g_strdup (date);
  g_autofree char *escaped_title = isaf_gui_dup_row_text (title);
  g_autofree char *subtitle = describe_meeting (self, meeting);
  g_autofree char *escaped_subtitle = isaf_gui_dup_row_text (subtitle);
  /* Translators: the tooltip of the edit button of a committee meeting: its date. */
  g_autofree char *edit_label = g_strdup_printf (_("Edit the meeting of %s"), date);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

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

static void
on_meeting_activated_cb (IsafMonitoringPage *self,
                         GtkListBoxRow      *row)
{
  IsafJaapcMeeting *meeting = find_meeting (self, g_object_get_data (G_OBJECT (row),
                                                                     "meeting-id"));

  if (meeting != NULL)
    open_editor (self, meeting);
}

/* Everything again, from what the last load read. */
static void
show_all (IsafMonitoringPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->meeting_list))) != NULL)
    gtk_list_box_remove (self->meeting_list, child);
  /* The newest first: the committee looks back from where it is. */
  for (guint i = self->meetings != NULL ? self->meetings->len : 0; i > 0; i--)
    gtk_list_box_append (self->meeting_list,
                         create_meeting_row (self, g_ptr_array_index (self->meetings, i - 1)));

  isaf_monitoring_page_show_actions (self);
  gtk_stack_set_visible_child_name (self->stack, self->year > 0 ? "monitoring" : "no-year");
  update_actions (self);
}

/* Loading the year ----------------------------------------------------------------------- */

typedef enum {
  LOAD_MEMBERS,
  LOAD_MEETINGS,
  LOAD_PLAN,
} Load;

typedef struct {
  IsafMonitoringPage *self;
  Load load;
  guint generation;
} LoadData;

static void
finish_load (IsafMonitoringPage *self)
{
  if (self->load_failed)
    {
      g_clear_pointer (&self->loaded_members, g_ptr_array_unref);
      g_clear_pointer (&self->loaded_meetings, g_ptr_array_unref);
      g_clear_pointer (&self->loaded_jaap, isaf_jaap_free);
      return;
    }

  g_clear_pointer (&self->members, g_ptr_array_unref);
  g_clear_pointer (&self->meetings, g_ptr_array_unref);
  g_clear_pointer (&self->jaap, isaf_jaap_free);
  self->members = g_steal_pointer (&self->loaded_members);
  self->meetings = g_steal_pointer (&self->loaded_meetings);
  self->jaap = g_steal_pointer (&self->loaded_jaap);
  show_all (self);
}

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autofree LoadData *data = user_data;
  IsafMonitoringPage *self = data->self;
  IsafStore *store = ISAF_STORE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(IsafJaap) jaap = NULL;
  gboolean read;

  if (data->load == LOAD_MEMBERS)
    read = (list = isaf_store_list_finish (store, result, &error)) != NULL;
  else if (data->load == LOAD_MEETINGS)
    read = (list = isaf_jaapc_meeting_list_finish (store, result, &error)) != NULL;
  else
    read = (jaap = isaf_jaap_load_finish (store, result, &error)) != NULL;

  /* Cancelled: the page is gone. An answer to a load that a newer one replaced: dropped. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || data->generation != self->generation)
    return;

  if (!read)
    {
      if (!self->load_failed)
        isaf_context_report_error (self->context, error);
      self->load_failed = TRUE;
    }
  else if (data->load == LOAD_MEMBERS)
    {
      self->loaded_members = g_steal_pointer (&list);
    }
  else if (data->load == LOAD_MEETINGS)
    {
      self->loaded_meetings = g_steal_pointer (&list);
    }
  else
    {
      self->loaded_jaap = g_steal_pointer (&jaap);
    }

  if (self->n_pending == 1)
    finish_load (self);
  CHANGING_LOADING (self, self->n_pending--);
}

static void
start_load (IsafMonitoringPage *self,
            Load                load)
{
  IsafStore *store = isaf_context_get_store (self->context);
  LoadData *data = g_new0 (LoadData, 1);

  data->self = self;
  data->load = load;
  data->generation = self->generation;
  if (load == LOAD_MEMBERS)
    isaf_store_list_async (store, "jaapc_member", NULL, NULL, self->cancellable, on_loaded_cb,
                           data);
  else if (load == LOAD_MEETINGS)
    isaf_jaapc_meeting_list_async (store, self->year, self->cancellable, on_loaded_cb, data);
  else
    isaf_jaap_load_async (store, self->year, self->cancellable, on_loaded_cb, data);
}

static void
load (IsafMonitoringPage *self)
{
  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_clear_pointer (&self->loaded_members, g_ptr_array_unref);
  g_clear_pointer (&self->loaded_meetings, g_ptr_array_unref);
  g_clear_pointer (&self->loaded_jaap, isaf_jaap_free);
  self->generation++;
  self->load_failed = FALSE;
  self->year = isaf_context_get_year (self->context);

  /* Without a year there is nothing to read but the committee. */
  if (self->year == 0)
    {
      self->loaded_meetings = g_ptr_array_new_with_free_func (
        (GDestroyNotify) isaf_jaapc_meeting_unref);
      CHANGING_LOADING (self, self->n_pending = 1);
      start_load (self, LOAD_MEMBERS);
      return;
    }

  CHANGING_LOADING (self, self->n_pending = 3);
  start_load (self, LOAD_MEMBERS);
  start_load (self, LOAD_MEETINGS);
  start_load (self, LOAD_PLAN);
}

static gboolean
reload_cb (gpointer user_data)
{
  IsafMonitoringPage *self = user_data;

  self->reload_id = 0;
  load (self);
  return G_SOURCE_REMOVE;
}

/* A save announces several tables one after the other: they are read again once. */
static void
on_data_changed_cb (IsafMonitoringPage *self,
                    const char         *table)
{
  gboolean ours = g_str_equal (table, "*");

  for (guint i = 0; i < G_N_ELEMENTS (monitoring_tables); i++)
    ours = ours || g_str_equal (table, monitoring_tables[i]);

  if (ours && self->reload_id == 0)
    self->reload_id = g_idle_add (reload_cb, self);
}

static void
on_digits_changed_cb (IsafMonitoringPage *self)
{
  if (self->members != NULL)
    show_all (self);
}

/* Commands ------------------------------------------------------------------------------- */

static void
open_editor (IsafMonitoringPage *self,
             IsafJaapcMeeting   *meeting)
{
  IsafJaapcMeetingEditor *editor;

  if (self->year == 0 || self->jaap == NULL || self->members == NULL)
    return;
  editor = isaf_jaapc_meeting_editor_new (self->context, GTK_WIDGET (self),
                                          meeting ? meeting->year : self->year, self->members,
                                          self->jaap->entries, meeting);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
add_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  open_editor (ISAF_MONITORING_PAGE (widget), NULL);
}

/* GObject -------------------------------------------------------------------------------- */

/* The stage's guide, what the committee does each month, above the meetings. */
static void
show_guide (IsafMonitoringPage *self)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (GUIDES_RESOURCE);
  GtkStringList *texts = GTK_STRING_LIST (gtk_builder_get_object (builder, "monitoring"));
  g_autofree char *escaped = NULL;

  g_return_if_fail (texts != NULL);
  escaped = isaf_gui_dup_row_text (gtk_string_list_get_string (texts, 0));
  adw_preferences_group_set_description (self->meetings_group, escaped);
}

static void
isaf_monitoring_page_constructed (GObject *object)
{
  IsafMonitoringPage *self = ISAF_MONITORING_PAGE (object);

  G_OBJECT_CLASS (isaf_monitoring_page_parent_class)->constructed (object);

  g_signal_connect_object (self->context, "data-changed", G_CALLBACK (on_data_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::year", G_CALLBACK (load), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::digits", G_CALLBACK (on_digits_changed_cb),
                           self, G_CONNECT_SWAPPED);
  load (self);
}

static void
isaf_monitoring_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  IsafMonitoringPage *self = ISAF_MONITORING_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->n_pending > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isaf_monitoring_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  IsafMonitoringPage *self = ISAF_MONITORING_PAGE (object);

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
isaf_monitoring_page_dispose (GObject *object)
{
  IsafMonitoringPage *self = ISAF_MONITORING_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  isaf_monitoring_page_clear_actions (self);
  /* The stack is both the bin's child and a template child: the bin lets go of it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ISAF_TYPE_MONITORING_PAGE);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (isaf_monitoring_page_parent_class)->dispose (object);
}

static void
isaf_monitoring_page_finalize (GObject *object)
{
  IsafMonitoringPage *self = ISAF_MONITORING_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->members, g_ptr_array_unref);
  g_clear_pointer (&self->meetings, g_ptr_array_unref);
  g_clear_pointer (&self->jaap, isaf_jaap_free);
  g_clear_pointer (&self->loaded_members, g_ptr_array_unref);
  g_clear_pointer (&self->loaded_meetings, g_ptr_array_unref);
  g_clear_pointer (&self->loaded_jaap, isaf_jaap_free);
  g_ptr_array_unref (self->action_groups);

  G_OBJECT_CLASS (isaf_monitoring_page_parent_class)->finalize (object);
}

static void
isaf_monitoring_page_class_init (IsafMonitoringPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = isaf_monitoring_page_constructed;
  object_class->get_property = isaf_monitoring_page_get_property;
  object_class->set_property = isaf_monitoring_page_set_property;
  object_class->dispose = isaf_monitoring_page_dispose;
  object_class->finalize = isaf_monitoring_page_finalize;

  /**
   * IsafMonitoringPage:context:
   *
   * The window's context: the store, the year shown, where to report.
   */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, ISAF_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * IsafMonitoringPage:loading:
   *
   * Whether the year's meetings, plan or committee are being read.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "monitoring.add", NULL, add_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "monitoring.add", NULL);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/kh/gov/ncdd/IsafCommune/isaf-monitoring-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IsafMonitoringPage, stack);
  gtk_widget_class_bind_template_child (widget_class, IsafMonitoringPage, no_year_page);
  gtk_widget_class_bind_template_child (widget_class, IsafMonitoringPage, overdue_box);
  gtk_widget_class_bind_template_child (widget_class, IsafMonitoringPage, overdue_icon);
  gtk_widget_class_bind_template_child (widget_class, IsafMonitoringPage, overdue_label);
  gtk_widget_class_bind_template_child (widget_class, IsafMonitoringPage, meetings_group);
  gtk_widget_class_bind_template_child (widget_class, IsafMonitoringPage, meeting_list);
  gtk_widget_class_bind_template_child (widget_class, IsafMonitoringPage, actions_box);
  gtk_widget_class_bind_template_child (widget_class, IsafMonitoringPage, actions_group);
  gtk_widget_class_bind_template_callback (widget_class, on_meeting_activated_cb);
}

static GtkWidget *
create_placeholder (const char *text)
{
  GtkWidget *placeholder = gtk_label_new (NULL);

  isaf_gui_set_wrapping_text (GTK_LABEL (placeholder), text);
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (placeholder), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (placeholder), 0);
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_widget_add_css_class (placeholder, "dim-label");
  return placeholder;
}

static void
isaf_monitoring_page_init (IsafMonitoringPage *self)
{
  g_autofree char *no_year = isaf_gui_dup_row_text (
    _("Choose the cycle year in the header to see its committee meetings."));

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->action_groups = g_ptr_array_new ();

  gtk_list_box_set_placeholder (self->meeting_list,
                                create_placeholder (_("No meeting of the JAAP Committee is "
                                                      "recorded for this cycle yet. Record "
                                                      "each monthly meeting once it has been "
                                                      "held.")));
  adw_status_page_set_description (self->no_year_page, no_year);
  show_guide (self);
  update_actions (self);
}

/* Public API --------------------------------------------------------------------------- */

/**
 * isaf_monitoring_page_new:
 * @context: the window's context
 *
 * Returns: (transfer floating): the Monitoring page for the context's year, reading it
 */
GtkWidget *
isaf_monitoring_page_new (IsafContext *context)
{
  g_return_val_if_fail (ISAF_IS_CONTEXT (context), NULL);

  return g_object_new (ISAF_TYPE_MONITORING_PAGE, "context", context, NULL);
}

gboolean
isaf_monitoring_page_get_loading (IsafMonitoringPage *self)
{
  g_return_val_if_fail (ISAF_IS_MONITORING_PAGE (self), FALSE);

  return self->n_pending > 0;
}

guint
isaf_monitoring_page_get_n_overdue (IsafMonitoringPage *self)
{
  g_return_val_if_fail (ISAF_IS_MONITORING_PAGE (self), 0);

  return self->n_overdue;
}
