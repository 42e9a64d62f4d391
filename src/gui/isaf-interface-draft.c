/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-interface-draft"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-gui-util.h"
#include "isaf-interface-draft.h"
#include "isaf-store.h"

/* "Draft JAAP Actions…" (DOMAIN.md, step 7): the priorities an interface meeting selected
 * become the first rows of the Joint Accountability Action Plan, all in one of its two
 * groups: ក, actions that need outside resources (they go on to the commune investment
 * programme), or ខ, actions the providers and the community take themselves. The dialog asks
 * which; the core makes the actions in one transaction, skipping priorities already in the
 * plan. The work is not tied to the page: once asked for, it finishes and reports even if
 * the page goes away. */

/* What the dialog asks about; it lives as long as the dialog. */
typedef struct {
  IsafContext *context;
  IsafUuid meeting_id;
  GtkCheckButton *outside;
  GtkCheckButton *community;
} Draft;

/* The work once asked for; it lives until the core answers. */
typedef struct {
  IsafContext *context;
} Job;

static void
draft_free (gpointer data)
{
  Draft *draft = data;

  g_clear_object (&draft->context);
  g_free (draft);
}

static void
job_free (Job *job)
{
  g_clear_object (&job->context);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static void
on_drafted_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Job) job = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;
  guint n_created = 0;

  if (!isaf_interface_make_jaap_actions_finish (ISAF_STORE (source), result, &n_created, &error))
    {
      isaf_context_report_error (job->context, error);
      return;
    }

  if (n_created > 0)
    {
      g_autofree char *count = isaf_context_format_integer (job->context, n_created);

      /* Translators: a toast once the interface meeting's priorities became JAAP actions. */
      title = g_strdup_printf (ngettext ("%s draft action added to the JAAP",
                                         "%s draft actions added to the JAAP", n_created),
                               count);
      isaf_context_data_changed (job->context, "jaap_action");
    }
  else
    {
      title = g_strdup (_("Every selected priority is in the JAAP already: no action was "
                          "added."));
    }
  escaped = g_markup_escape_text (title, -1);
  isaf_context_add_toast (job->context, adw_toast_new (escaped));
}

static void
on_response_cb (AdwMessageDialog *dialog,
                const char       *response,
                Draft            *draft)
{
  Job *job;

  if (!g_str_equal (response, "draft"))
    return;

  job = g_new0 (Job, 1);
  job->context = g_object_ref (draft->context);
  isaf_interface_make_jaap_actions_async (isaf_context_get_store (draft->context),
                                          &draft->meeting_id,
                                          gtk_check_button_get_active (draft->outside) ? "ka"
                                                                                       : "kha",
                                          NULL, on_drafted_cb, job);
}

static void
on_group_toggled_cb (AdwMessageDialog *dialog)
{
  Draft *draft = g_object_get_data (G_OBJECT (dialog), "isaf-draft");

  adw_message_dialog_set_response_enabled (dialog, "draft",
                                           gtk_check_button_get_active (draft->outside)
                                           || gtk_check_button_get_active (draft->community));
}

static GtkCheckButton *
add_group_row (AdwMessageDialog *dialog,
               GtkListBox       *list,
               GtkCheckButton   *group,
               const char       *title,
               const char       *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  g_autofree char *escaped_title = isaf_gui_dup_row_text (title);
  g_autofree char *escaped_subtitle = isaf_gui_dup_row_text (subtitle);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_title);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  g_signal_connect_object (check, "toggled", G_CALLBACK (on_group_toggled_cb), dialog,
                           G_CONNECT_SWAPPED);
  gtk_list_box_append (list, row);
  return GTK_CHECK_BUTTON (check);
}

void
isaf_interface_draft_present (IsafContext          *context,
                              GtkWidget            *parent,
                              IsafInterfaceMeeting *meeting)
{
  GtkRoot *root = gtk_widget_get_root (parent);
  Draft *draft;
  GtkWidget *list;
  AdwMessageDialog *dialog;
  g_autofree char *count = NULL;
  g_autofree char *body = NULL;
  guint n_selected = 0;

  g_return_if_fail (ISAF_IS_CONTEXT (context));
  g_return_if_fail (meeting != NULL);

  draft = g_new0 (Draft, 1);
  list = gtk_list_box_new ();

  for (guint i = 0; i < meeting->priorities->len; i++)
    if (isaf_record_get_boolean (g_ptr_array_index (meeting->priorities, i), "is_selected"))
      n_selected++;
  count = isaf_context_format_integer (context, n_selected);
  body = g_strdup_printf (ngettext ("%s priority of this meeting is selected. Each selected "
                                    "priority that is not in the JAAP yet becomes a draft "
                                    "action, not started, in the group you choose.",
                                    "%s priorities of this meeting are selected. Each selected "
                                    "priority that is not in the JAAP yet becomes a draft "
                                    "action, not started, in the group you choose.",
                                    n_selected),
                          count);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                             : NULL,
                                                       _("Draft JAAP Actions"), NULL));
  {
    g_autofree char *segmented = isaf_gui_dup_row_text (body);

    adw_message_dialog_set_body_use_markup (dialog, TRUE);
    adw_message_dialog_set_body (dialog, segmented);
  }

  draft->context = g_object_ref (context);
  draft->meeting_id = *isaf_record_get_id (meeting->record);
  g_object_set_data_full (G_OBJECT (dialog), "isaf-draft", draft, draft_free);

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  draft->outside = add_group_row (dialog, GTK_LIST_BOX (list), NULL,
                                  _("ក · Needs outside resources"),
                                  _("Goes into the commune investment programme and to the "
                                    "district integration workshop."));
  draft->community = add_group_row (dialog, GTK_LIST_BOX (list), draft->outside,
                                    _("ខ · Done by the providers and the community"),
                                    _("Actions the service providers and citizens take "
                                      "themselves, listed by service unit."));
  adw_message_dialog_set_extra_child (dialog, list);

  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "draft", _("_Draft Actions"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "draft", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "draft", FALSE);
  adw_message_dialog_set_default_response (dialog, "draft");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_response_cb), draft);
  gtk_window_present (GTK_WINDOW (dialog));
}
