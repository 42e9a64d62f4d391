/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-jaap-page"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-gui-util.h"
#include "isaf-jaap-action-editor.h"
#include "isaf-record-editor.h"

/* One action of the JAAP in the generic record editor: every column of the official template
 * in four groups, the action it belongs under, its unit, and its status with a line saying
 * why it changed, which goes into the status history shown underneath. Saving goes through
 * the JAAP's own save (isaf_jaap_action_save_async), which checks the plan's rules and keeps
 * the history. */

typedef struct {
  int year;
  /* The line that says why the status changed; owned by the editor's widgets. */
  GtkEditable *note;
} SaveData;

static void
save_data_free (gpointer data)
{
  SaveData *save = data;

  g_clear_weak_pointer (&save->note);
  g_free (save);
}

static void
save_action (IsafStore          *store,
             GPtrArray          *records,
             GCancellable       *cancellable,
             GAsyncReadyCallback callback,
             gpointer            callback_data,
             gpointer            user_data)
{
  SaveData *save = user_data;
  const char *note = save->note ? gtk_editable_get_text (save->note) : NULL;

  isaf_jaap_action_save_async (store, save->year, g_ptr_array_index (records, 0),
                               note && *note ? note : NULL, cancellable, callback,
                               callback_data);
}

/* Whether @entry is @action or one of its sub-actions: it cannot be the action's parent. */
static gboolean
is_within (IsafJaap       *jaap,
           IsafJaapEntry  *entry,
           const IsafUuid *action_id)
{
  for (IsafJaapEntry *up = entry; up != NULL;)
    {
      const IsafUuid *parent_id = isaf_record_get_reference (up->action, "parent_id");

      if (isaf_uuid_equal (isaf_record_get_id (up->action), action_id))
        return TRUE;
      up = parent_id ? isaf_jaap_find (jaap, parent_id) : NULL;
    }
  return FALSE;
}

/* The actions it may go under: not itself or its own sub-actions, and not at the last level.
 * Those of the other group are offered too; the core says why it refuses one. */
static void
set_parent_options (IsafRecordForm *form,
                    IsafJaap       *jaap,
                    IsafRecord     *action)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (IsafUuid));
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < jaap->entries->len; i++)
    {
      IsafJaapEntry *entry = g_ptr_array_index (jaap->entries, i);
      const char *group = isaf_record_get_text (entry->action, "action_group");

      if (entry->depth >= ISAF_JAAP_MAX_DEPTH
          || is_within (jaap, entry, isaf_record_get_id (action)))
        continue;
      g_array_append_val (ids, *isaf_record_get_id (entry->action));
      g_ptr_array_add (labels, g_strdup_printf ("%s %s %s", isaf_jaap_group_letter (group),
                                                entry->path,
                                                isaf_record_get_text (entry->action, "activity")));
    }
  isaf_record_form_set_options (form, "parent_id", (const IsafUuid *) ids->data,
                                (const char * const *) labels->pdata, ids->len);
}

static void
set_unit_options (IsafRecordForm *form,
                  GPtrArray      *units)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (IsafUuid));
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  for (guint i = 0; i < units->len; i++)
    {
      IsafRecord *unit = g_ptr_array_index (units, i);

      g_array_append_val (ids, *isaf_record_get_id (unit));
      g_ptr_array_add (labels, (gpointer) isaf_record_get_text (unit, "name_km"));
    }
  isaf_record_form_set_options (form, "service_unit_id", (const IsafUuid *) ids->data,
                                (const char * const *) labels->pdata, ids->len);
}

static void
add_fields (IsafRecordForm      *form,
            AdwPreferencesGroup *group,
            const char * const  *columns)
{
  for (guint i = 0; columns[i] != NULL; i++)
    isaf_record_form_add_field (form, group, columns[i],
                                /* The schema calls it the parent; the clerk places a step. */
                                g_str_equal (columns[i], "parent_id") ? _("Step of the action")
                                                                      : NULL);
}

/* The status changes so far, oldest first: "2025-08-01 · Ongoing · why". */
static void
add_history (IsafContext         *context,
             AdwPreferencesGroup *group,
             IsafJaapEntry       *entry)
{
  for (guint i = 0; entry != NULL && i < entry->history->len; i++)
    {
      IsafRecord *change = g_ptr_array_index (entry->history, i);
      int status = isaf_jaap_status_from_string (isaf_record_get_text (change, "status"));
      g_autofree char *date = isaf_gui_format_date (context,
                                                    isaf_record_get_text (change, "changed_on"));
      g_autofree char *title = g_strdup_printf ("%s · %s", date,
                                                status >= 0 ? isaf_jaap_status_get_label (status) : "");
      g_autofree char *escaped_title = isaf_gui_dup_row_text (title);
      const char *note = isaf_record_get_text (change, "note");
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_title);
      if (note != NULL)
        {
          g_autofree char *escaped_note = isaf_gui_dup_row_text (note);

          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_note);
          adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
        }
      adw_preferences_group_add (group, row);
    }
}

/**
 * isaf_jaap_action_editor_present:
 * @context: the window's context
 * @parent: a widget of the page that opens it
 * @year: the year of the plan
 * @jaap: the plan as the page shows it, for the choice of parent
 * @units: the service_unit rows, for the choice of unit
 * @action: the action to edit, or a new one with its group (and parent) set
 * @entry: (nullable): how the plan shows @action, for its history and indicator
 *
 * Opens the editor of @action; it destroys itself once saved or closed.
 */
void
isaf_jaap_action_editor_present (IsafContext   *context,
                                 GtkWidget     *parent,
                                 int            year,
                                 IsafJaap      *jaap,
                                 GPtrArray     *units,
                                 IsafRecord    *action,
                                 IsafJaapEntry *entry)
{
  static const char * const action_columns[] = {
    "action_group", "parent_id", "activity", "proposer", "target_issue", "service_unit_id",
    "location", NULL,
  };
  static const char * const result_columns[] = {
    "quantity", "quantity_unit", "start_on", "end_on", "beneficiaries_total",
    "beneficiaries_female", NULL,
  };
  static const char * const cost_columns[] = {
    "estimated_cost_riel", "fund_source", "actual_cost_riel", "implementer", NULL,
  };
  gboolean is_new = !isaf_record_is_stored (action);
  IsafRecordEditor *editor = isaf_record_editor_new (context, parent,
                                                     is_new ? _("New Action") : _("Edit Action"));
  g_autoptr(IsafRecordForm) form = isaf_record_form_new (context, action);
  AdwPreferencesGroup *group;
  GtkWidget *note;
  SaveData *save;

  set_parent_options (form, jaap, action);
  set_unit_options (form, units);

  group = isaf_record_editor_add_group (editor, _("The Action"),
                                        _("As agreed at the interface meeting. Group ក goes "
                                          "to the commune investment programme."));
  add_fields (form, group, action_columns);
  if (entry != NULL && entry->indicator_name_km != NULL)
    {
      g_autofree char *escaped = isaf_gui_dup_row_text (entry->indicator_name_km);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Answers the indicator"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      adw_preferences_group_add (group, row);
    }

  group = isaf_record_editor_add_group (editor, _("Result and Timing"), NULL);
  add_fields (form, group, result_columns);

  group = isaf_record_editor_add_group (editor, _("Cost and Funds"),
                                        _("Amounts in whole Riel."));
  add_fields (form, group, cost_columns);

  group = isaf_record_editor_add_group (editor, _("Status"),
                                        _("Every change of status is kept, with its date and "
                                          "the reason given here."));
  isaf_record_form_add_field (form, group, "status", NULL);
  note = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (note), _("Why the status changed"));
  adw_preferences_group_add (group, note);
  add_history (context, group, entry);

  isaf_record_editor_add_form (editor, form);
  save = g_new0 (SaveData, 1);
  save->year = year;
  g_set_weak_pointer (&save->note, GTK_EDITABLE (note));
  isaf_record_editor_set_save_func (editor, save_action, isaf_jaap_action_save_finish, save,
                                    save_data_free);
  gtk_window_present (GTK_WINDOW (editor));
}
