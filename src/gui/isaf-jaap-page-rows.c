/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-jaap-page"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-format.h"
#include "isaf-gui-util.h"
#include "isaf-jaap-badges.h"
#include "isaf-jaap-page-private.h"

/* How the JAAP page shows its actions: one row each in the template's order, indented by
 * depth, with a heading before each group. A status is always a word (never a colour alone),
 * and an action past its end date that is not completed or cancelled says "Overdue". */

/* How far each level of the plan is indented, in pixels. */
#define INDENT_PER_LEVEL 24

static GtkWidget *
create_label (const char *text,
              const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  isaf_gui_set_wrapping_text (GTK_LABEL (label), text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static char *
format_riel (IsafJaapPage *self,
             gint64        amount)
{
  IsafDigits digits = isaf_context_get_digits (self->context);

  return isaf_format_riel (amount, digits);
}

/* "Health centre · 2025-08-01 – 2025-12-28 · 4,000,000៛": what is known of the action. */
static char *
describe_entry (IsafJaapPage  *self,
                IsafJaapEntry *entry)
{
  IsafRecord *action = entry->action;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const char *start = isaf_record_get_text (action, "start_on");
  const char *end = isaf_record_get_text (action, "end_on");

  if (entry->unit_name_km != NULL)
    g_ptr_array_add (parts, g_strdup (entry->unit_name_km));
  if (start != NULL || end != NULL)
    {
      g_autofree char *from = start ? isaf_gui_format_date (self->context, start) : g_strdup ("…");
      g_autofree char *to = end ? isaf_gui_format_date (self->context, end) : g_strdup ("…");

      g_ptr_array_add (parts, g_strdup_printf ("%s – %s", from, to));
    }
  if (!isaf_record_is_null (action, "estimated_cost_riel"))
    g_ptr_array_add (parts, format_riel (self, isaf_record_get_integer (action,
                                                                       "estimated_cost_riel")));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

static GtkWidget *
create_status (IsafJaapEntry *entry,
               gboolean       overdue)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_halign (box, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (box), isaf_jaap_status_badge_new (isaf_jaap_entry_get_status (entry)));
  if (overdue)
    gtk_box_append (GTK_BOX (box), isaf_jaap_overdue_badge_new ());
  return box;
}

GtkWidget *
isaf_jaap_page_create_row (IsafJaapPage  *self,
                           IsafJaapEntry *entry,
                           const char    *today)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *path = isaf_context_format_digits (self->context, entry->path);
  g_autofree char *details = describe_entry (self, entry);
  const char *activity = isaf_record_get_text (entry->action, "activity");
  const char *group = isaf_record_get_text (entry->action, "action_group");
  gboolean overdue = isaf_jaap_entry_is_overdue (entry, today);
  GtkWidget *number = gtk_label_new (path);
  GtkWidget *activity_label = create_label (activity, entry->n_children > 0 ? "heading" : NULL);
  g_autofree char *accessible = NULL;

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12 + INDENT_PER_LEVEL * (entry->depth - 1));
  gtk_widget_set_margin_end (box, 12);

  gtk_label_set_width_chars (GTK_LABEL (number), 6);
  gtk_label_set_xalign (GTK_LABEL (number), 0);
  gtk_widget_set_valign (number, GTK_ALIGN_START);
  gtk_widget_add_css_class (number, "numeric");
  gtk_box_append (GTK_BOX (box), number);

  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (text), activity_label);
  if (*details != '\0')
    gtk_box_append (GTK_BOX (text), create_label (details, "dim-label"));
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), create_status (entry, overdue));

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  /* Translators: how a screen reader reads one action of the plan: its group letter and
   * number, the activity, its status. */
  accessible = g_strdup_printf (_("%1$s %2$s, %3$s, %4$s%5$s"), isaf_jaap_group_letter (group),
                                path, activity,
                                isaf_jaap_status_get_label (isaf_jaap_entry_get_status (entry)),
                                overdue ? _(", overdue") : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  g_object_set_data_full (G_OBJECT (row), "action-id",
                          g_memdup2 (isaf_record_get_id (entry->action), sizeof (IsafUuid)),
                          g_free);
  g_object_set_data_full (G_OBJECT (row), "action-group", g_strdup (group), g_free);
  return row;
}

void
isaf_jaap_page_update_header (GtkListBoxRow *row,
                              GtkListBoxRow *before,
                              gpointer       user_data)
{
  const char *group = g_object_get_data (G_OBJECT (row), "action-group");
  const char *previous = before ? g_object_get_data (G_OBJECT (before), "action-group") : NULL;
  g_autofree char *title = NULL;
  GtkWidget *header;

  if (g_strcmp0 (group, previous) == 0)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  title = g_strdup_printf ("%s. %s", isaf_jaap_group_letter (group), isaf_jaap_group_title (group));
  header = create_label (title, "heading");
  gtk_widget_set_margin_top (header, 12);
  gtk_widget_set_margin_bottom (header, 6);
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_end (header, 12);
  gtk_list_box_row_set_header (row, header);
}

char *
isaf_jaap_page_dup_summary (IsafJaapPage *self,
                            const char   *today)
{
  guint n_actions = 0, n_completed = 0, n_overdue = 0;
  gint64 estimated = 0;
  g_autofree char *actions_text = NULL;
  g_autofree char *completed_text = NULL;
  g_autofree char *overdue_text = NULL;
  g_autofree char *estimated_text = NULL;

  /* Actions with sub-actions are headings of their steps: only the steps are counted, so
   * that nothing is counted twice. */
  for (guint i = 0; self->jaap != NULL && i < self->jaap->entries->len; i++)
    {
      IsafJaapEntry *entry = g_ptr_array_index (self->jaap->entries, i);

      if (entry->n_children > 0)
        continue;
      n_actions++;
      n_completed += isaf_jaap_entry_get_status (entry) == ISAF_JAAP_STATUS_COMPLETED;
      n_overdue += isaf_jaap_entry_is_overdue (entry, today);
      if (!isaf_record_is_null (entry->action, "estimated_cost_riel"))
        estimated += isaf_record_get_integer (entry->action, "estimated_cost_riel");
    }

  actions_text = isaf_context_format_integer (self->context, n_actions);
  completed_text = isaf_context_format_integer (self->context, n_completed);
  overdue_text = isaf_context_format_integer (self->context, n_overdue);
  estimated_text = format_riel (self, estimated);
  /* Translators: the plan in one line: "12 actions · 3 completed · 2 overdue · estimated
   * cost 48,000,000៛". */
  return g_strdup_printf (ngettext ("%1$s action · %2$s completed · %3$s overdue · estimated cost %4$s",
                                    "%1$s actions · %2$s completed · %3$s overdue · estimated cost %4$s",
                                    n_actions),
                          actions_text, completed_text, overdue_text, estimated_text);
}
