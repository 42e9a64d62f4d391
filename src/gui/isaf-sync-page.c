/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-sync-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "isaf-choice.h"
#include "isaf-format.h"
#include "isaf-gui-util.h"
#include "isaf-khmer.h"
#include "isaf-schema.h"
#include "isaf-store.h"
#include "isaf-sync-client.h"
#include "isaf-sync-export-action.h"
#include "isaf-sync-indicator.h"
#include "isaf-sync-local.h"
#include "isaf-sync-page.h"

/* The Sync page: before the laptop is enrolled, the form that enrols it; after, what sync is
 * doing (the last successful sync, what waits, why it is blocked or offline, a wrong clock),
 * "Sync Now", and the two lists the commune acts on: values lost to concurrent edits, which
 * can be brought back by an ordinary edit (so that it syncs like any other), and changes the
 * server refused, with its reason. While changes wait, enrolled or not, they can be saved to a
 * file (isaf-sync-export-action.c). Reading and writing happen on worker threads: the
 * sync-local functions block on the database's thread. */

struct _IsafSyncPage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkStack *stack;
  GtkLabel *enrol_intro_label;
  AdwEntryRow *server_row;
  AdwEntryRow *code_row;
  AdwEntryRow *description_row;
  GtkLabel *enrol_error_label;
  GtkSpinner *enrol_spinner;
  AdwPreferencesGroup *enrol_export_group;
  AdwPreferencesGroup *notices_group;
  GtkWidget *problem_box;
  GtkImage *problem_icon;
  GtkLabel *problem_label;
  GtkWidget *clock_box;
  GtkLabel *clock_label;
  AdwActionRow *state_row;
  GtkStack *state_icon_stack;
  GtkImage *state_icon;
  GtkSpinner *state_spinner;
  AdwActionRow *last_sync_row;
  GtkLabel *waiting_label;
  GtkLabel *conflicts_label;
  GtkLabel *rejects_label;
  AdwPreferencesGroup *conflicts_group;
  AdwPreferencesGroup *rejects_group;
  AdwPreferencesGroup *export_group;

  IsafContext *context;
  IsafSyncScheduler *scheduler;
  GCancellable *cancellable;
  /* What the lists show, from the last load that completed (NULL before). */
  struct _Load *loaded;
  GPtrArray *rows;
  /* Loads and row actions under way; another load is due when one was asked for meanwhile. */
  guint n_pending;
  gboolean reload_due;
  gboolean enrolling;
};

G_DEFINE_FINAL_TYPE (IsafSyncPage, isaf_sync_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void load (IsafSyncPage *self);

/* Names ----------------------------------------------------------------------------------- */

/* The tables a clerk knows, by what the clerk calls them. */
static const struct {
  const char *table;
  const char *label;
} table_labels[] = {
  { "commune", N_("Commune") },
  { "village", N_("Village") },
  { "service_unit", N_("Service unit") },
  { "caf", N_("Facilitator (CAF)") },
  { "caf_training", N_("Facilitator training") },
  { "jaapc_member", N_("JAAPC member") },
  { "cycle", N_("Cycle") },
  { "cycle_stage", N_("Stage of the cycle") },
  { "awpb_line", N_("Budget line") },
  { "i4c_set", N_("I4C information") },
  { "i4c_value", N_("I4C value") },
  { "i4c_fee", N_("I4C fee") },
  { "i4c_staff", N_("I4C staff") },
  { "dissemination_meeting", N_("Dissemination meeting") },
  { "dissemination_attendance", N_("Dissemination meeting attendance") },
  { "scorecard", N_("Scorecard") },
  { "scorecard_participant_tally", N_("Scorecard participants") },
  { "scorecard_indicator", N_("Scorecard indicator") },
  { "scorecard_vote", N_("Scorecard vote") },
  { "scorecard_vote_tally", N_("Scorecard votes") },
  { "scorecard_note", N_("Scorecard note") },
  { "interface_meeting", N_("Interface meeting") },
  { "interface_attendance", N_("Interface meeting attendance") },
  { "interface_priority", N_("Interface meeting priority") },
  { "jaap_action", N_("JAAP action") },
  { "jaap_status_change", N_("JAAP action status") },
  { "jaapc_meeting", N_("JAAPC meeting") },
  { "jaapc_attendance", N_("JAAPC meeting attendance") },
  { "jaap_progress", N_("JAAP action progress") },
};

static const char *
get_table_label (const char *table)
{
  for (guint i = 0; i < G_N_ELEMENTS (table_labels); i++)
    if (g_str_equal (table_labels[i].table, table))
      return _(table_labels[i].label);
  return table;
}

static const IsafColumn *
find_column (const char *table_name,
             const char *field)
{
  const IsafTable *table = isaf_schema_find_table (table_name);

  return table != NULL ? isaf_schema_find_column (table, field) : NULL;
}

static const char *
get_field_label (const char *table,
                 const char *field)
{
  const IsafColumn *column = find_column (table, field);

  if (column != NULL && column->label != NULL)
    return _(column->label);
  if (g_str_equal (field, "deleted"))
    return _("Deleted");
  return field;
}

/* What a record is called, for the clerk to know which one: its first naming column. */
static char *
dup_record_name (IsafStore      *store,
                 const char     *table_name,
                 const IsafUuid *id)
{
  static const char * const naming[] = {
    "name_km", "description", "activity", "title", "name_latin", "code",
  };
  const IsafTable *table = isaf_schema_find_table (table_name);
  g_autoptr(IsafRecord) record = NULL;

  if (table == NULL)
    return NULL;
  record = isaf_store_get (store, table_name, id, NULL);
  if (record == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (naming); i++)
    if (isaf_schema_find_column (table, naming[i]) != NULL
        && isaf_record_get_text (record, naming[i]) != NULL
        && isaf_record_get_text (record, naming[i])[0] != '\0')
      return g_strdup (isaf_record_get_text (record, naming[i]));
  return NULL;
}

static char *
format_value (IsafSyncPage    *self,
              const char      *table,
              const char      *field,
              const IsafValue *value)
{
  const IsafColumn *column = find_column (table, field);
  IsafColumnKind kind = column != NULL ? column->kind : ISAF_COLUMN_TEXT;

  switch (value->type)
    {
    case ISAF_VALUE_NULL:
      return g_strdup (_("(empty)"));
    case ISAF_VALUE_ID:
      return g_strdup (_("(a linked record)"));
    case ISAF_VALUE_REAL:
      {
        char buffer[G_ASCII_DTOSTR_BUF_SIZE];

        g_ascii_formatd (buffer, sizeof buffer, "%g", value->real);
        return isaf_context_format_digits (self->context, buffer);
      }
    case ISAF_VALUE_TEXT:
      if (kind == ISAF_COLUMN_CHOICE)
        return g_strdup (isaf_choice_get_label (value->text));
      if (kind == ISAF_COLUMN_DATE)
        return isaf_gui_format_date (self->context, value->text);
      return g_strdup (value->text);
    case ISAF_VALUE_INTEGER:
      if (g_str_equal (field, "deleted"))
        return g_strdup (value->integer != 0 ? _("Deleted") : _("Not deleted"));
      if (kind == ISAF_COLUMN_BOOLEAN)
        return g_strdup (value->integer != 0 ? _("Yes") : _("No"));
      if (kind == ISAF_COLUMN_RIEL)
        return isaf_format_riel (value->integer, isaf_context_get_digits (self->context));
      return isaf_context_format_integer (self->context, value->integer);
    default:
      g_return_val_if_reached (NULL);
    }
}

static const char *
describe_reason (const char *reason)
{
  if (g_strcmp0 (reason, "concurrent_edit") == 0)
    return _("Two computers changed this before they synced. The later change was kept.");
  if (g_strcmp0 (reason, "edited_deleted_row") == 0)
    return _("This record was changed on one computer after another computer had deleted it. "
             "It stays deleted.");
  if (g_strcmp0 (reason, "deleted_parent") == 0)
    return _("This record was added to a record that another computer had deleted. It was "
             "kept: check whether it is still needed.");
  return reason;
}

/* Who made a value and when, from its clock (48 bits of milliseconds, then a counter). */
static char *
describe_origin (IsafSyncPage *self,
                 gint64        hlc,
                 gint64        node,
                 gint64        own_node)
{
  gboolean here = own_node != 0 && node == own_node;
  g_autofree char *when = NULL;

  if (hlc <= 0)
    return g_strdup (here ? _("On this laptop") : _("On another computer"));
  when = isaf_sync_indicator_format_time (self->context, (hlc >> 16) / 1000);
  /* Translators: where and when a value was entered: "On this laptop, today, 14:05". */
  return g_strdup_printf (here ? _("On this laptop, %s") : _("On another computer, %s"), when);
}

/* Loading --------------------------------------------------------------------------------- */

typedef struct _Load {
  IsafDatabase *database;
  IsafStore *store;
  GPtrArray *conflicts;
  GPtrArray *conflict_names;
  GPtrArray *rejects;
  GPtrArray *reject_names;
  IsafSyncStatus status;
  gint64 own_node;
} Load;

static void
load_free (Load *load)
{
  g_clear_object (&load->database);
  g_clear_object (&load->store);
  g_clear_pointer (&load->conflicts, g_ptr_array_unref);
  g_clear_pointer (&load->conflict_names, g_ptr_array_unref);
  g_clear_pointer (&load->rejects, g_ptr_array_unref);
  g_clear_pointer (&load->reject_names, g_ptr_array_unref);
  g_free (load);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Load *load = task_data;
  IsafSyncDevice device;
  GError *error = NULL;

  load->conflicts = isaf_sync_local_list_conflicts (load->database, &error);
  load->rejects = load->conflicts ? isaf_sync_local_list_rejects (load->database, &error) : NULL;
  if (load->rejects == NULL
      || !isaf_sync_local_get_status (load->database, &load->status, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (isaf_sync_local_get_device (load->database, &device, NULL))
    {
      load->own_node = device.node_id;
      isaf_sync_device_clear (&device);
    }

  load->conflict_names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < load->conflicts->len; i++)
    {
      IsafSyncConflict *conflict = g_ptr_array_index (load->conflicts, i);

      g_ptr_array_add (load->conflict_names,
                       dup_record_name (load->store, conflict->table, &conflict->row_id));
    }
  load->reject_names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < load->rejects->len; i++)
    {
      IsafSyncReject *reject = g_ptr_array_index (load->rejects, i);

      g_ptr_array_add (load->reject_names,
                       dup_record_name (load->store, reject->table, &reject->row_id));
    }
  g_task_return_boolean (task, TRUE);
}

static void
set_pending (IsafSyncPage *self,
             int           change)
{
  gboolean was_loading = self->n_pending > 0;

  self->n_pending += change;
  if (was_loading != (self->n_pending > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* The state and the notices from the scheduler; the counts from the page's last read, which
 * came with its lists (the scheduler's until then). */
static void
show_state (IsafSyncPage *self)
{
  IsafSyncState state = isaf_sync_scheduler_get_state (self->scheduler);
  const GError *error = isaf_sync_scheduler_get_error (self->scheduler);
  const IsafSyncReport *report = isaf_sync_scheduler_get_report (self->scheduler);
  const IsafSyncStatus *status = self->loaded != NULL
                                 ? &self->loaded->status
                                 : isaf_sync_scheduler_get_status (self->scheduler);
  gboolean problem = error != NULL && (state == ISAF_SYNC_STATE_OFFLINE
                                       || state == ISAF_SYNC_STATE_ATTENTION);
  gboolean clock_wrong = report != NULL && report->clock_wrong;
  g_autofree char *retry = isaf_sync_indicator_describe_retry (
    self->context, isaf_sync_scheduler_get_next_run (self->scheduler));
  g_autofree char *title = isaf_gui_dup_row_text (isaf_sync_indicator_get_title (state));
  g_autofree char *subtitle = NULL;
  const char *explanation = "";

  gtk_stack_set_visible_child_name (self->stack,
                                    state == ISAF_SYNC_STATE_NOT_ENROLLED ? "enrol" : "status");

  switch (state)
    {
    case ISAF_SYNC_STATE_NOT_ENROLLED:
      /* The form is shown instead. */
      break;
    case ISAF_SYNC_STATE_SYNCING:
      explanation = _("Sending and receiving changes…");
      break;
    case ISAF_SYNC_STATE_IDLE:
      explanation = _("Changes are sent and received by themselves while the server can be "
                      "reached.");
      break;
    case ISAF_SYNC_STATE_OFFLINE:
      explanation = retry;
      break;
    case ISAF_SYNC_STATE_ATTENTION:
      explanation = _("Sync has stopped until the problem above is solved.");
      break;
    default:
      g_assert_not_reached ();
    }
  subtitle = isaf_gui_dup_row_text (explanation);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->state_row), title);
  adw_action_row_set_subtitle (self->state_row, subtitle);
  if (state == ISAF_SYNC_STATE_SYNCING)
    {
      gtk_spinner_start (self->state_spinner);
      gtk_stack_set_visible_child (self->state_icon_stack, GTK_WIDGET (self->state_spinner));
    }
  else
    {
      gtk_spinner_stop (self->state_spinner);
      gtk_image_set_from_icon_name (self->state_icon, isaf_sync_indicator_get_icon_name (state));
      gtk_stack_set_visible_child (self->state_icon_stack, GTK_WIDGET (self->state_icon));
    }

  /* Why sync is not working, in the scheduler's words. */
  gtk_widget_set_visible (self->problem_box, problem);
  if (problem)
    {
      gtk_image_set_from_icon_name (self->problem_icon,
                                    isaf_sync_indicator_get_icon_name (state));
      isaf_gui_set_wrapping_text (self->problem_label, error->message);
    }
  gtk_widget_set_visible (self->clock_box, clock_wrong);
  if (clock_wrong)
    {
      g_autofree char *sentence = isaf_sync_client_describe_clock (report);

      isaf_gui_set_wrapping_text (self->clock_label, sentence);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->notices_group), problem || clock_wrong);

  if (status != NULL)
    {
      g_autofree char *waiting = isaf_context_format_integer (self->context,
                                                              status->changes_waiting);
      g_autofree char *conflicts = isaf_context_format_integer (self->context,
                                                                status->conflicts_to_review);
      g_autofree char *rejects = isaf_context_format_integer (self->context,
                                                              status->refused_changes);
      g_autofree char *last = status->last_sync > 0
                              ? isaf_sync_indicator_format_time (self->context, status->last_sync)
                              : g_strdup (_("Never"));
      g_autofree char *last_text = isaf_gui_dup_row_text (last);

      adw_action_row_set_subtitle (self->last_sync_row, last_text);
      gtk_label_set_label (self->waiting_label, waiting);
      gtk_label_set_label (self->conflicts_label, conflicts);
      gtk_label_set_label (self->rejects_label, rejects);
    }
  /* Whatever the state: a laptop that cannot sync is the one that needs it most. */
  gtk_widget_set_visible (GTK_WIDGET (self->export_group),
                          status != NULL && status->changes_waiting > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->enrol_export_group),
                          status != NULL && status->changes_waiting > 0);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.sync-now",
                                 state != ISAF_SYNC_STATE_NOT_ENROLLED
                                 && state != ISAF_SYNC_STATE_SYNCING);
}

/* Row actions ------------------------------------------------------------------------------ */

typedef enum {
  ACTION_KEEP,
  ACTION_USE_OTHER,
  ACTION_DISMISS,
} ActionKind;

/* What a row's button does, copied from the row: the lists may be reloaded meanwhile. */
typedef struct {
  ActionKind kind;
  IsafDatabase *database;
  IsafStore *store;
  IsafUuid conflict_id;
  gint64 reject_seq;
  char *table;
  IsafUuid row_id;
  char *field;
  IsafValue value;
} Action;

static void
action_free (Action *action)
{
  g_clear_object (&action->database);
  g_clear_object (&action->store);
  g_free (action->table);
  g_free (action->field);
  isaf_value_clear (&action->value);
  g_free (action);
}

/* The other value comes back as the clerk's own edit: a new change with a new clock. */
static gboolean
use_other_value (Action  *action,
                 GError **error)
{
  g_autoptr(IsafRecord) record = isaf_store_get (action->store, action->table, &action->row_id,
                                                 error);
  g_autoptr(GPtrArray) records = NULL;

  if (record == NULL)
    return FALSE;
  if (isaf_record_get_deleted (record))
    {
      g_set_error_literal (error, ISAF_SYNC_ERROR, ISAF_SYNC_ERROR_FAILED,
                           _("This record has been deleted, so its other value cannot be "
                             "brought back."));
      return FALSE;
    }
  isaf_record_set_value (record, action->field, &action->value);
  records = g_ptr_array_new ();
  g_ptr_array_add (records, record);
  return isaf_store_save (action->store, records, error)
         && isaf_sync_local_mark_conflict_reviewed (action->database, &action->conflict_id,
                                                    error);
}

static void
action_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Action *action = task_data;
  GError *error = NULL;
  gboolean ok = FALSE;

  switch (action->kind)
    {
    case ACTION_KEEP:
      ok = isaf_sync_local_mark_conflict_reviewed (action->database, &action->conflict_id,
                                                   &error);
      break;
    case ACTION_USE_OTHER:
      ok = use_other_value (action, &error);
      break;
    case ACTION_DISMISS:
      ok = isaf_sync_local_dismiss_reject (action->database, action->reject_seq, &error);
      break;
    default:
      g_assert_not_reached ();
    }
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_action_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Action *action = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  IsafSyncPage *self;

  if (!g_task_propagate_boolean (G_TASK (result), &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = ISAF_SYNC_PAGE (user_data);
  set_pending (self, -1);

  if (error != NULL)
    {
      isaf_context_report_error (self->context, error);
    }
  else if (action->kind == ACTION_USE_OTHER)
    {
      AdwToast *toast = adw_toast_new (_("The other value is back. It will be sent with the "
                                         "next sync."));

      isaf_context_add_toast (self->context, toast);
      /* The pages showing the record reload. */
      isaf_context_data_changed (self->context, action->table);
    }
  /* The counts change for the header too. */
  isaf_sync_scheduler_refresh (self->scheduler);
  load (self);
}

static void
run_action (IsafSyncPage *self,
            Action       *action,
            GtkWidget    *row)
{
  g_autoptr(GTask) task = g_task_new (NULL, self->cancellable, on_action_done_cb, self);

  action->database = g_object_ref (isaf_context_get_database (self->context));
  action->store = g_object_ref (isaf_context_get_store (self->context));
  g_task_set_task_data (task, action, (GDestroyNotify) action_free);
  g_task_set_source_tag (task, run_action);
  /* One answer per row: its buttons wait for the outcome. */
  gtk_widget_set_sensitive (row, FALSE);
  set_pending (self, 1);
  g_task_run_in_thread (task, action_thread);
}

static void
on_conflict_button_clicked_cb (GtkButton    *button,
                               IsafSyncPage *self)
{
  IsafSyncConflict *conflict = g_object_get_data (G_OBJECT (button), "conflict");
  Action *action = g_new0 (Action, 1);

  action->kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "action"));
  action->conflict_id = conflict->id;
  action->table = g_strdup (conflict->table);
  action->row_id = conflict->row_id;
  action->field = g_strdup (conflict->field);
  isaf_value_copy (&conflict->losing_value, &action->value);
  run_action (self, action, g_object_get_data (G_OBJECT (button), "row"));
}

static void
on_dismiss_clicked_cb (GtkButton    *button,
                       IsafSyncPage *self)
{
  IsafSyncReject *reject = g_object_get_data (G_OBJECT (button), "reject");
  Action *action = g_new0 (Action, 1);

  action->kind = ACTION_DISMISS;
  action->reject_seq = reject->seq;
  run_action (self, action, g_object_get_data (G_OBJECT (button), "row"));
}

/* Rows ------------------------------------------------------------------------------------- */

static GtkWidget *
create_wrapping_label (const char *text,
                       const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  isaf_gui_set_wrapping_text (GTK_LABEL (label), text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (label, TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* A row of the list: a heading (the field), what record it is, then the details and the
 * buttons, as a card-like row of the group's list. */
static GtkWidget *
create_item_row (const char  *table,
                 const char  *field,
                 const char  *record_name,
                 GtkWidget  **content)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  const char *field_label = get_field_label (table, field);
  const char *table_label = get_table_label (table);
  g_autofree char *where = record_name != NULL
                           /* Translators: a kind of record, then which one. */
                           ? g_strdup_printf (C_("record", "%s · %s"), table_label, record_name)
                           : g_strdup (table_label);
  /* Translators: a field, then the record it belongs to, read out by a screen reader. */
  g_autofree char *accessible = g_strdup_printf (C_("field of record", "%s, %s"), field_label,
                                                 where);

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_box_append (GTK_BOX (box), create_wrapping_label (field_label, "heading"));
  gtk_box_append (GTK_BOX (box), create_wrapping_label (where, "dim-label"));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), accessible);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  *content = box;
  return row;
}

/* A value with its caption (who and when) in a two-column grid. */
static void
attach_value (GtkGrid    *grid,
              int         line,
              const char *name,
              const char *value,
              const char *caption)
{
  GtkWidget *value_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name_label = create_wrapping_label (name, "dim-label");

  gtk_widget_set_hexpand (name_label, FALSE);
  gtk_widget_set_valign (name_label, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (value_box), create_wrapping_label (value, NULL));
  if (caption != NULL)
    gtk_box_append (GTK_BOX (value_box), create_wrapping_label (caption, "caption"));
  gtk_grid_attach (grid, name_label, 0, line, 1, 1);
  gtk_grid_attach (grid, value_box, 1, line, 1, 1);
}

static GtkWidget *
create_button (const char *label,
               const char *description,
               GtkWidget  *row)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_tooltip_text (button, description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description, -1);
  g_object_set_data (G_OBJECT (button), "row", row);
  return button;
}

static GtkWidget *
create_button_box (void)
{
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_widget_set_margin_top (buttons, 6);
  return buttons;
}

/* Whether the losing value can come back by an edit: a value of a column this version knows,
 * lost to a concurrent edit (a delete or a parent is not a value to restore). */
static gboolean
can_use_other (IsafSyncConflict *conflict)
{
  return g_strcmp0 (conflict->reason, "concurrent_edit") == 0
         && find_column (conflict->table, conflict->field) != NULL;
}

static GtkWidget *
create_conflict_row (IsafSyncPage     *self,
                     IsafSyncConflict *conflict,
                     const char       *record_name,
                     gint64            own_node)
{
  GtkWidget *content;
  GtkWidget *row = create_item_row (conflict->table, conflict->field, record_name, &content);
  GtkWidget *buttons = create_button_box ();
  GtkWidget *keep;

  if (can_use_other (conflict))
    {
      GtkWidget *grid = gtk_grid_new ();
      GtkWidget *use_other;
      g_autofree char *now = format_value (self, conflict->table, conflict->field,
                                           &conflict->winning_value);
      g_autofree char *other = format_value (self, conflict->table, conflict->field,
                                             &conflict->losing_value);
      g_autofree char *now_origin = describe_origin (self, conflict->winning_hlc,
                                                     conflict->winning_node, own_node);
      g_autofree char *other_origin = describe_origin (self, conflict->losing_hlc,
                                                       conflict->losing_node, own_node);

      gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
      gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
      gtk_widget_set_margin_top (grid, 6);
      /* Translators: in a conflict, the value the field has now. */
      attach_value (GTK_GRID (grid), 0, C_("conflict", "Now"), now, now_origin);
      /* Translators: in a conflict, the value that was replaced. */
      attach_value (GTK_GRID (grid), 1, C_("conflict", "Other value"), other, other_origin);
      gtk_box_append (GTK_BOX (content), grid);

      use_other = create_button (_("Use the Other Value"),
                                 _("Put the other value back, as an edit of this laptop"), row);
      g_object_set_data (G_OBJECT (use_other), "conflict", conflict);
      g_object_set_data (G_OBJECT (use_other), "action", GINT_TO_POINTER (ACTION_USE_OTHER));
      g_signal_connect_object (use_other, "clicked", G_CALLBACK (on_conflict_button_clicked_cb),
                               self, 0);
      gtk_box_append (GTK_BOX (buttons), use_other);
    }
  gtk_box_append (GTK_BOX (content),
                  create_wrapping_label (describe_reason (conflict->reason), "caption"));

  keep = create_button (_("Keep"), _("Keep the value it has now and take it off the list"), row);
  gtk_widget_add_css_class (keep, "suggested-action");
  g_object_set_data (G_OBJECT (keep), "conflict", conflict);
  g_object_set_data (G_OBJECT (keep), "action", GINT_TO_POINTER (ACTION_KEEP));
  g_signal_connect_object (keep, "clicked", G_CALLBACK (on_conflict_button_clicked_cb), self, 0);
  gtk_box_append (GTK_BOX (buttons), keep);
  gtk_box_append (GTK_BOX (content), buttons);
  return row;
}

static char *
format_iso_time (IsafSyncPage *self,
                 const char   *iso)
{
  g_autoptr(GDateTime) when = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;

  if (when == NULL)
    return g_strdup (iso);
  return isaf_sync_indicator_format_time (self->context, g_date_time_to_unix (when));
}

static GtkWidget *
create_reject_row (IsafSyncPage   *self,
                   IsafSyncReject *reject,
                   const char     *record_name)
{
  GtkWidget *content;
  GtkWidget *row = create_item_row (reject->table, reject->field, record_name, &content);
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *buttons = create_button_box ();
  GtkWidget *dismiss;
  g_autofree char *value = format_value (self, reject->table, reject->field, &reject->value);
  g_autofree char *when = format_iso_time (self, reject->rejected_at);
  /* Translators: when the server refused a change: "Refused today, 14:05". */
  g_autofree char *caption = g_strdup_printf (_("Refused %s"), when);

  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_widget_set_margin_top (grid, 6);
  /* Translators: the value of a change the server refused. */
  attach_value (GTK_GRID (grid), 0, C_("refused change", "Value"), value, NULL);
  attach_value (GTK_GRID (grid), 1, _("Reason"), reject->reason, caption);
  gtk_box_append (GTK_BOX (content), grid);

  dismiss = create_button (_("Dismiss"), _("Take this message off the list"), row);
  g_object_set_data (G_OBJECT (dismiss), "reject", reject);
  g_signal_connect_object (dismiss, "clicked", G_CALLBACK (on_dismiss_clicked_cb), self, 0);
  gtk_box_append (GTK_BOX (buttons), dismiss);
  gtk_box_append (GTK_BOX (content), buttons);
  return row;
}

static void
show_lists (IsafSyncPage *self)
{
  Load *loaded = self->loaded;

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (
                                      row, ADW_TYPE_PREFERENCES_GROUP)), row);
    }
  g_ptr_array_set_size (self->rows, 0);
  if (loaded == NULL)
    return;

  for (guint i = 0; i < loaded->conflicts->len; i++)
    {
      GtkWidget *row = create_conflict_row (self, g_ptr_array_index (loaded->conflicts, i),
                                            g_ptr_array_index (loaded->conflict_names, i),
                                            loaded->own_node);

      adw_preferences_group_add (self->conflicts_group, row);
      g_ptr_array_add (self->rows, row);
    }
  for (guint i = 0; i < loaded->rejects->len; i++)
    {
      GtkWidget *row = create_reject_row (self, g_ptr_array_index (loaded->rejects, i),
                                          g_ptr_array_index (loaded->reject_names, i));

      adw_preferences_group_add (self->rejects_group, row);
      g_ptr_array_add (self->rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->conflicts_group), loaded->conflicts->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->rejects_group), loaded->rejects->len > 0);
}

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  IsafSyncPage *self;

  if (!g_task_propagate_boolean (G_TASK (result), &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = ISAF_SYNC_PAGE (user_data);

  if (error != NULL)
    {
      isaf_context_report_error (self->context, error);
    }
  else
    {
      Load *load = g_task_get_task_data (G_TASK (result));

      /* What was read moves to the page; the task frees what is left, nothing. */
      g_clear_pointer (&self->loaded, load_free);
      self->loaded = g_memdup2 (load, sizeof *load);
      memset (load, 0, sizeof *load);
      show_lists (self);
      show_state (self);
    }

  set_pending (self, -1);
  if (self->reload_due)
    load (self);
}

/* Reads the lists and counts again; a request while a read is running is served after it. */
static void
load (IsafSyncPage *self)
{
  g_autoptr(GTask) task = NULL;
  Load *data;

  if (self->n_pending > 0)
    {
      self->reload_due = TRUE;
      return;
    }
  self->reload_due = FALSE;

  data = g_new0 (Load, 1);
  data->database = g_object_ref (isaf_context_get_database (self->context));
  data->store = g_object_ref (isaf_context_get_store (self->context));
  task = g_task_new (NULL, self->cancellable, on_loaded_cb, self);
  g_task_set_task_data (task, data, (GDestroyNotify) load_free);
  g_task_set_source_tag (task, load);
  set_pending (self, 1);
  g_task_run_in_thread (task, load_thread);
}

/* Enrolment -------------------------------------------------------------------------------- */

static char *
dup_row_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
update_actions (IsafSyncPage *self)
{
  g_autofree char *server = dup_row_text (self->server_row);
  g_autofree char *code = dup_row_text (self->code_row);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.enrol",
                                 !self->enrolling && server[0] != '\0' && code[0] != '\0');
}

static void
set_enrolling (IsafSyncPage *self,
               gboolean      enrolling)
{
  self->enrolling = enrolling;
  gtk_widget_set_visible (GTK_WIDGET (self->enrol_spinner), enrolling);
  gtk_spinner_set_spinning (self->enrol_spinner, enrolling);
  /* Read-only rather than insensitive: a focused entry made insensitive loses its focus-out. */
  gtk_editable_set_editable (GTK_EDITABLE (self->server_row), !enrolling);
  gtk_editable_set_editable (GTK_EDITABLE (self->code_row), !enrolling);
  gtk_editable_set_editable (GTK_EDITABLE (self->description_row), !enrolling);
  update_actions (self);
}

static void
on_enrolled_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  IsafSyncPage *self;

  if (!isaf_sync_scheduler_enroll_finish (ISAF_SYNC_SCHEDULER (source), result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = ISAF_SYNC_PAGE (user_data);
  set_enrolling (self, FALSE);

  if (error != NULL)
    {
      /* The sentence says what happened and what to do; it stays beside the form. */
      g_message ("Enrolment failed: %s", error->message);
      isaf_gui_set_wrapping_text (self->enrol_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->enrol_error_label), TRUE);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->code_row), "");
  isaf_context_add_toast (self->context,
                          adw_toast_new (_("This laptop is enrolled. It now syncs by itself.")));
}

static void
enrol_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  IsafSyncPage *self = ISAF_SYNC_PAGE (widget);
  g_autofree char *server = dup_row_text (self->server_row);
  g_autofree char *code = dup_row_text (self->code_row);
  g_autofree char *description = dup_row_text (self->description_row);

  gtk_widget_set_visible (GTK_WIDGET (self->enrol_error_label), FALSE);
  set_enrolling (self, TRUE);
  isaf_sync_scheduler_enroll_async (self->scheduler, server, code,
                                    description[0] != '\0' ? description : NULL,
                                    self->cancellable, on_enrolled_cb, self);
}

static void
on_entry_activated_cb (IsafSyncPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "sync.enrol", NULL);
}

static void
sync_now_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  IsafSyncPage *self = ISAF_SYNC_PAGE (widget);

  isaf_sync_scheduler_sync_now (self->scheduler);
}

static void
export_unsynced_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  IsafSyncPage *self = ISAF_SYNC_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  isaf_sync_export_action_run (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->context);
}

/* Signal callbacks ------------------------------------------------------------------------- */

/* A run may have pulled conflicts or sent what waited, an edit added to what waits: the lists
 * and counts are read again. */
static void
on_scheduler_changed_cb (IsafSyncPage *self)
{
  show_state (self);
  load (self);
}

static void
on_digits_changed_cb (IsafSyncPage *self)
{
  show_lists (self);
  show_state (self);
}

/* GObject ---------------------------------------------------------------------------------- */

static void
isaf_sync_page_constructed (GObject *object)
{
  IsafSyncPage *self = ISAF_SYNC_PAGE (object);

  G_OBJECT_CLASS (isaf_sync_page_parent_class)->constructed (object);

  self->scheduler = g_object_ref (isaf_context_get_sync_scheduler (self->context));
  g_signal_connect_object (self->scheduler, "changed", G_CALLBACK (on_scheduler_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scheduler, "notify::state", G_CALLBACK (show_state), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::digits", G_CALLBACK (on_digits_changed_cb),
                           self, G_CONNECT_SWAPPED);
  show_state (self);
  load (self);
}

static void
isaf_sync_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  IsafSyncPage *self = ISAF_SYNC_PAGE (object);

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
isaf_sync_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  IsafSyncPage *self = ISAF_SYNC_PAGE (object);

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
isaf_sync_page_dispose (GObject *object)
{
  IsafSyncPage *self = ISAF_SYNC_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  /* The stack is both the bin's child and a template child: the bin lets go of it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ISAF_TYPE_SYNC_PAGE);
  g_ptr_array_set_size (self->rows, 0);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (isaf_sync_page_parent_class)->dispose (object);
}

static void
isaf_sync_page_finalize (GObject *object)
{
  IsafSyncPage *self = ISAF_SYNC_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->loaded, load_free);
  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (isaf_sync_page_parent_class)->finalize (object);
}

static void
isaf_sync_page_class_init (IsafSyncPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = isaf_sync_page_constructed;
  object_class->get_property = isaf_sync_page_get_property;
  object_class->set_property = isaf_sync_page_set_property;
  object_class->dispose = isaf_sync_page_dispose;
  object_class->finalize = isaf_sync_page_finalize;

  /**
   * IsafSyncPage:context:
   *
   * The window's context: the database, its store and its sync scheduler.
   */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, ISAF_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * IsafSyncPage:loading:
   *
   * Whether the lists are being read or a row's action is being carried out.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "sync.enrol", NULL, enrol_activated);
  gtk_widget_class_install_action (widget_class, "sync.sync-now", NULL, sync_now_activated);
  gtk_widget_class_install_action (widget_class, "sync.export-unsynced", NULL,
                                   export_unsynced_activated);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kh/gov/ncdd/IsafCommune/isaf-sync-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IsafSyncPage, stack);
  gtk_widget_class_bind_template_child (widget_class, IsafSyncPage, enrol_intro_label);
  gtk_widget_class_bind_template_child (widget_class, IsafSyncPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, IsafSyncPage, code_row);
  gtk_widget_class_bind_template_child (widget_class, IsafSyncPage, description_row);
  gtk_widget_class_bind_template_child (widget_class, IsafSyncPage, enrol_error_label);
  gtk_widget_class_bind_template_child (widget_class, IsafSyncPage, enrol_spinner);
  gtk_widget_class_bind_template_child (widget_class, IsafSyncPage, enrol_export_group);
  gtk_widget_class_bind_template_child (widget_class, IsafSyncPage, notices_group);
  gtk_widget_class_bind_template_child (widget_class, IsafSyncPage, problem_box);
  gtk_widget_class_bind_template_child (widget_class, IsafSyncPage, problem_icon);
  gtk_widget_class_bind_template_child (widget_class, IsafSyncPage, problem_label);
  gtk_widget_class_bind_template_child (widget_class, IsafSyncPage, clock_box);
  gtk_widget_class_bind_template_child (widget_class, IsafSyncPage, clock_label);
  gtk_widget_class_bind_template_child (widget_class, IsafSyncPage, state_row);
  gtk_widget_class_bind_template_child (widget_class, IsafSyncPage, state_icon_stack);
  gtk_widget_class_bind_template_child (widget_class, IsafSyncPage, state_icon);
  gtk_widget_class_bind_template_child (widget_class, IsafSyncPage, state_spinner);
  gtk_widget_class_bind_template_child (widget_class, IsafSyncPage, last_sync_row);
  gtk_widget_class_bind_template_child (widget_class, IsafSyncPage, waiting_label);
  gtk_widget_class_bind_template_child (widget_class, IsafSyncPage, conflicts_label);
  gtk_widget_class_bind_template_child (widget_class, IsafSyncPage, rejects_label);
  gtk_widget_class_bind_template_child (widget_class, IsafSyncPage, conflicts_group);
  gtk_widget_class_bind_template_child (widget_class, IsafSyncPage, rejects_group);
  gtk_widget_class_bind_template_child (widget_class, IsafSyncPage, export_group);
  gtk_widget_class_bind_template_callback (widget_class, update_actions);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated_cb);
}

static void
isaf_sync_page_init (IsafSyncPage *self)
{
  g_autofree char *conflicts = NULL;
  g_autofree char *rejects = NULL;
  g_autofree char *unsynced = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new ();

  /* Long sentences are set here, where Khmer gets its word breaks. */
  isaf_gui_set_wrapping_text (self->enrol_intro_label,
                              _("Enrolling connects this laptop to the national ISAF server, "
                                "which keeps a copy of the commune’s records and shares them "
                                "with the commune’s other computers. Type the server address "
                                "and the one-time enrolment code that the district or province "
                                "gave you."));
  conflicts = isaf_gui_dup_row_text (_("Two computers changed the same value before they "
                                       "synced. The later change was kept; you can put the "
                                       "other value back, or keep the value as it is."));
  rejects = isaf_gui_dup_row_text (_("The server did not accept these changes. They are still "
                                     "on this laptop: correct the record if needed, then "
                                     "dismiss the message."));
  adw_preferences_group_set_description (self->conflicts_group, conflicts);
  adw_preferences_group_set_description (self->rejects_group, rejects);
  unsynced = isaf_gui_dup_row_text (_("The changes waiting to be sent stay on this laptop. To "
                                      "keep a copy elsewhere, or to hand them to the district "
                                      "or province while sync is not working, save them to a "
                                      "file."));
  adw_preferences_group_set_description (self->export_group, unsynced);
  adw_preferences_group_set_description (self->enrol_export_group, unsynced);
  update_actions (self);
}

/* Public API ------------------------------------------------------------------------------- */

/**
 * isaf_sync_page_new:
 * @context: the window's context
 *
 * Returns: (transfer floating): the Sync page of the context's database, reading its lists
 */
GtkWidget *
isaf_sync_page_new (IsafContext *context)
{
  g_return_val_if_fail (ISAF_IS_CONTEXT (context), NULL);

  return g_object_new (ISAF_TYPE_SYNC_PAGE, "context", context, NULL);
}

gboolean
isaf_sync_page_get_loading (IsafSyncPage *self)
{
  g_return_val_if_fail (ISAF_IS_SYNC_PAGE (self), FALSE);

  return self->n_pending > 0;
}
