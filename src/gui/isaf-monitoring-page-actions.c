/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-monitoring-page"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-choice.h"
#include "isaf-format.h"
#include "isaf-gui-util.h"
#include "isaf-monitoring-page-private.h"
#include "isaf-jaap-badges.h"

/* The plan as the committee follows it, under its meetings: every action of the year, in the
 * plan's order and numbered as the plan numbers it, with its status, the progress the
 * committee last recorded for it (when, what was said, the cost spent so far against the
 * estimate) and, in words and with an icon, whether it is overdue: past its end date with work
 * still to do. How many are overdue heads the page. */

/* Pixels per level of nesting. */
#define INDENT_PER_DEPTH 18

static char *
format_riel (IsafMonitoringPage *self,
             gint64              amount)
{
  return isaf_format_riel (amount, isaf_context_get_digits (self->context));
}

/* When it ends and what it should cost. */
static char *
describe_plan (IsafMonitoringPage  *self,
               const IsafJaapEntry *entry)
{
  const char *end_on = isaf_record_get_text (entry->action, "end_on");
  g_autoptr(GString) text = g_string_new (NULL);

  if (end_on != NULL)
    {
      g_autofree char *date = isaf_gui_format_date (self->context, end_on);

      /* Translators: when an action of the plan is due to end. */
      g_string_append_printf (text, _("Ends %s"), date);
    }
  if (!isaf_record_is_null (entry->action, "estimated_cost_riel"))
    {
      g_autofree char *cost = format_riel (self, isaf_record_get_integer (entry->action,
                                                                          "estimated_cost_riel"));

      if (text->len > 0)
        g_string_append (text, " · ");
      /* Translators: the cost an action of the plan is estimated at, in Riel. */
      g_string_append_printf (text, _("Estimated %s"), cost);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The progress last recorded: the meeting's date, its note, the cost spent so far. */
static char *
describe_progress (IsafMonitoringPage  *self,
                   const IsafJaapEntry *entry)
{
  IsafRecord *progress = entry->last_progress;
  g_autofree char *date = NULL;
  g_autoptr(GString) text = NULL;
  const char *note;

  if (progress == NULL)
    return g_strdup (_("No progress recorded yet"));

  date = isaf_gui_format_date (self->context, entry->last_progress_on);
  text = g_string_new (NULL);
  /* Translators: the date of the committee meeting that last recorded an action's progress. */
  g_string_append_printf (text, _("Last progress, %s"), date);
  note = isaf_record_get_text (progress, "note");
  if (note != NULL && note[0] != '\0')
    g_string_append_printf (text, ": %s", note);

  if (!isaf_record_is_null (progress, "cost_spent_riel"))
    {
      g_autofree char *spent = format_riel (self, isaf_record_get_integer (progress,
                                                                           "cost_spent_riel"));

      g_string_append (text, " · ");
      if (!isaf_record_is_null (entry->action, "estimated_cost_riel"))
        {
          gint64 cost = isaf_record_get_integer (entry->action, "estimated_cost_riel");
          g_autofree char *estimated = format_riel (self, cost);

          /* Translators: the cost an action has spent so far, then what it was estimated at. */
          g_string_append_printf (text, _("%1$s spent of %2$s estimated"), spent, estimated);
        }
      else
        {
          /* Translators: the cost an action has spent so far, in Riel. */
          g_string_append_printf (text, _("%s spent"), spent);
        }
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GtkWidget *
create_action_row (IsafMonitoringPage  *self,
                   const IsafJaapEntry *entry,
                   gboolean             overdue)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *path = isaf_jaap_entry_format_path (entry,
                                                       isaf_context_get_digits (self->context));
  GtkWidget *number = gtk_label_new (path);
  g_autofree char *title = isaf_gui_dup_row_text (isaf_record_get_text (entry->action,
                                                                        "activity"));
  g_autofree char *plan = describe_plan (self, entry);
  g_autofree char *progress = describe_progress (self, entry);
  g_autofree char *subtitle = plan[0] != '\0' ? g_strdup_printf ("%s\n%s", plan, progress)
                                              : g_strdup (progress);
  g_autofree char *escaped = isaf_gui_dup_row_text (subtitle);

  /* Sub-actions sit under their parent, as in the plan; the titles of a level line up. */
  gtk_widget_set_margin_start (number, (entry->depth - 1) * INDENT_PER_DEPTH);
  gtk_label_set_width_chars (GTK_LABEL (number), 2 * entry->depth);
  gtk_label_set_xalign (GTK_LABEL (number), 0);
  gtk_widget_set_valign (number, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (number, "numeric");
  gtk_widget_add_css_class (number, "heading");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), number);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

  if (overdue)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), isaf_jaap_overdue_badge_new ());
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             isaf_jaap_status_badge_new (isaf_jaap_entry_get_status (entry)));
  return row;
}

static AdwPreferencesGroup *
add_action_group (IsafMonitoringPage *self,
                  const char         *action_group)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  /* The short label ("ក: needs outside resources"): a group's title does not wrap. The
   * template's heading, which does, under it. */
  g_autofree char *escaped = isaf_gui_dup_row_text (isaf_choice_get_label (action_group));
  g_autofree char *heading = isaf_gui_dup_row_text (isaf_jaap_group_title (action_group));

  adw_preferences_group_set_title (group, escaped);
  adw_preferences_group_set_description (group, heading);
  gtk_box_append (self->actions_box, GTK_WIDGET (group));
  g_ptr_array_add (self->action_groups, group);
  return group;
}

static void
show_overdue_count (IsafMonitoringPage *self)
{
  g_autofree char *text = NULL;

  if (self->n_overdue > 0)
    {
      g_autofree char *count = isaf_context_format_integer (self->context, self->n_overdue);

      /* Translators: at the top of the Monitoring page: actions past their end date and not
       * completed or cancelled. */
      text = g_strdup_printf (ngettext ("%s action overdue", "%s actions overdue",
                                        self->n_overdue),
                              count);
      gtk_image_set_from_icon_name (self->overdue_icon, "alarm-symbolic");
      gtk_widget_add_css_class (self->overdue_box, "error");
    }
  else
    {
      text = g_strdup (_("No action is overdue"));
      gtk_image_set_from_icon_name (self->overdue_icon, "emblem-ok-symbolic");
      gtk_widget_remove_css_class (self->overdue_box, "error");
    }
  isaf_gui_set_wrapping_text (self->overdue_label, text);
}

void
isaf_monitoring_page_clear_actions (IsafMonitoringPage *self)
{
  for (guint i = 0; i < self->action_groups->len; i++)
    gtk_box_remove (self->actions_box, g_ptr_array_index (self->action_groups, i));
  g_ptr_array_set_size (self->action_groups, 0);
}

void
isaf_monitoring_page_show_actions (IsafMonitoringPage *self)
{
  GPtrArray *entries = self->jaap != NULL ? self->jaap->entries : NULL;
  g_autofree char *today = isaf_jaap_dup_today ();
  AdwPreferencesGroup *group = NULL;
  const char *group_shown = NULL;
  g_autofree char *description = NULL;

  isaf_monitoring_page_clear_actions (self);
  self->n_overdue = 0;

  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      IsafJaapEntry *entry = g_ptr_array_index (entries, i);
      const char *action_group = isaf_record_get_text (entry->action, "action_group");
      gboolean overdue = isaf_jaap_entry_is_overdue (entry, today);

      if (group == NULL || g_strcmp0 (action_group, group_shown) != 0)
        {
          group = add_action_group (self, action_group);
          group_shown = action_group;
        }
      adw_preferences_group_add (group, create_action_row (self, entry, overdue));
      if (overdue)
        self->n_overdue++;
    }

  description = isaf_gui_dup_row_text (
    entries != NULL && entries->len > 0
    ? _("Each action with its status and the progress the committee last recorded.")
    : _("The plan of this cycle has no actions yet. They are recorded on the JAAP page."));
  adw_preferences_group_set_description (self->actions_group, description);
  show_overdue_count (self);
  gtk_widget_set_visible (self->overdue_box, entries != NULL && entries->len > 0);
}
