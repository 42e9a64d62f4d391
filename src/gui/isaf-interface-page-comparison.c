/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-interface-page"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-choice.h"
#include "isaf-gui-util.h"
#include "isaf-interface-page-private.h"
#include "isaf-score-comparison-chart.h"
#include "isaf-vote-counts.h"

/* What the chosen interface meeting compared and agreed, under the list of meetings: the
 * scale, then for each unit it covered a chart per indicator (the citizens' median beside the
 * providers', IsafScoreComparisonChart) with the gap said in words, in the colour of its size,
 * and then the meeting's priorities. */

static void
set_wrapping_label (GtkWidget  *label,
                    const char *text)
{
  isaf_gui_set_wrapping_text (GTK_LABEL (label), text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
}

static void
set_group_description (AdwPreferencesGroup *group,
                       const char          *text)
{
  g_autofree char *escaped = isaf_gui_dup_row_text (text);

  adw_preferences_group_set_description (group, escaped);
}

/* The scale ----------------------------------------------------------------------------- */

/* The five scores with the faces of the paper score card, so that the numbers on the bars
 * read as what citizens meant by them. */
void
isaf_interface_page_build_scale (IsafInterfacePage *self)
{
  GtkWidget *child;

  set_group_description (self->scale_group,
                         _("Each bar is a median: the middle score of the citizens’ community "
                           "scorecards, and of the providers’ self-assessment. The shaded "
                           "stretch between the ends of the two bars is the gap the meeting "
                           "discusses."));
  set_group_description (self->priorities_group,
                         _("What the meeting agreed to act on. The selected ones become draft "
                           "actions of the JAAP."));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->scale_box))) != NULL)
    gtk_flow_box_remove (self->scale_box, child);

  for (int score = ISAF_SCORE_MIN; score <= ISAF_SCORE_MAX; score++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
      GtkWidget *face = gtk_image_new_from_icon_name (isaf_score_get_face_icon (score));
      g_autofree char *ascii = g_strdup_printf ("%d", score);
      g_autofree char *digits = isaf_context_format_digits (self->context, ascii);
      GtkWidget *number = gtk_label_new (digits);
      GtkWidget *label = gtk_label_new (NULL);
      g_autofree char *accessible = g_strdup_printf ("%s: %s", digits,
                                                     isaf_score_get_label (score));

      gtk_image_set_pixel_size (GTK_IMAGE (face), 32);
      gtk_widget_add_css_class (number, "title-3");
      set_wrapping_label (label, isaf_score_get_label (score));
      gtk_label_set_xalign (GTK_LABEL (label), 0.5);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
      gtk_widget_add_css_class (label, "caption");
      gtk_box_append (GTK_BOX (box), face);
      gtk_box_append (GTK_BOX (box), number);
      gtk_box_append (GTK_BOX (box), label);
      gtk_widget_set_margin_top (box, 6);
      gtk_widget_set_margin_bottom (box, 6);
      gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      accessible, -1);
      gtk_flow_box_append (self->scale_box, box);
    }
}

/* The charts ---------------------------------------------------------------------------- */

static void
add_comparison_widget (IsafInterfacePage *self,
                       GtkWidget         *widget)
{
  gtk_box_append (self->units_box, widget);
  g_ptr_array_add (self->comparison_widgets, widget);
}

static GtkWidget *
create_indicator_row (IsafInterfacePage             *self,
                      const IsafInterfaceComparison *comparison)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *chart = isaf_score_comparison_chart_new ();
  GtkWidget *gap = gtk_label_new (NULL);
  IsafDigits digits = isaf_context_get_digits (self->context);
  g_autofree char *gap_text = isaf_score_comparison_dup_gap_text (comparison, digits);
  const char *title = comparison->name_km ? comparison->name_km : comparison->name_en;

  set_wrapping_label (name, title);
  gtk_widget_add_css_class (name, "heading");
  gtk_box_append (GTK_BOX (box), name);

  /* The code, and the English name when the Khmer one is the title. */
  if (comparison->indicator_code != NULL)
    {
      GtkWidget *details = gtk_label_new (NULL);
      g_autofree char *text = comparison->name_en != NULL && comparison->name_km != NULL
                              ? g_strdup_printf ("%s · %s", comparison->indicator_code,
                                                 comparison->name_en)
                              : g_strdup (comparison->indicator_code);

      set_wrapping_label (details, text);
      gtk_widget_add_css_class (details, "dim-label");
      gtk_widget_add_css_class (details, "caption");
      gtk_box_append (GTK_BOX (box), details);
    }

  isaf_score_comparison_chart_set_digits (ISAF_SCORE_COMPARISON_CHART (chart), digits);
  isaf_score_comparison_chart_set_comparison (ISAF_SCORE_COMPARISON_CHART (chart), comparison);
  gtk_widget_set_margin_top (chart, 6);
  gtk_box_append (GTK_BOX (box), chart);

  /* The size of the gap in colour and in weight as well as in words. */
  set_wrapping_label (gap, gap_text);
  switch (isaf_score_comparison_get_gap_size (comparison))
    {
    case ISAF_SCORE_GAP_LARGE:
      gtk_widget_add_css_class (gap, "error");
      gtk_widget_add_css_class (gap, "heading");
      break;
    case ISAF_SCORE_GAP_MEDIUM:
      gtk_widget_add_css_class (gap, "warning");
      gtk_widget_add_css_class (gap, "heading");
      break;
    case ISAF_SCORE_GAP_SMALL:
    case ISAF_SCORE_GAP_NONE:
    default:
      gtk_widget_add_css_class (gap, "dim-label");
    }
  gtk_accessible_update_relation (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  gap, NULL, -1);
  gtk_box_append (GTK_BOX (box), gap);

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  return row;
}

static IsafRecord *
find_unit (IsafInterfacePage *self,
           const IsafUuid    *unit_id)
{
  for (guint i = 0; self->units != NULL && i < self->units->len; i++)
    if (isaf_uuid_equal (isaf_record_get_id (g_ptr_array_index (self->units, i)), unit_id))
      return g_ptr_array_index (self->units, i);
  return NULL;
}

static void
add_unit_group (IsafInterfacePage    *self,
                IsafInterfaceMeeting *meeting,
                const IsafUuid       *unit_id)
{
  IsafRecord *unit = find_unit (self, unit_id);
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *list = gtk_list_box_new ();
  const char *kind = unit ? isaf_record_get_text (unit, "kind") : NULL;
  const char *name_en = unit ? isaf_record_get_text (unit, "name_en") : NULL;
  g_autofree char *title = isaf_gui_dup_row_text (unit ? isaf_record_get_text (unit, "name_km")
                                                       : NULL);
  guint n_rows = 0;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (kind != NULL)
    {
      g_autofree char *description = name_en
                                     ? g_strdup_printf ("%s · %s", isaf_choice_get_label (kind),
                                                        name_en)
                                     : g_strdup (isaf_choice_get_label (kind));

      set_group_description (ADW_PREFERENCES_GROUP (group), description);
    }

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; i < self->comparisons->len; i++)
    {
      IsafInterfaceComparison *comparison = g_ptr_array_index (self->comparisons, i);

      if (!isaf_uuid_equal (&comparison->unit_id, unit_id))
        continue;
      gtk_list_box_append (GTK_LIST_BOX (list), create_indicator_row (self, comparison));
      n_rows++;
    }
  if (n_rows == 0)
    {
      GtkWidget *none = gtk_label_new (NULL);
      g_autofree char *year = g_strdup_printf ("%d", meeting->year);
      g_autofree char *shown_year = isaf_context_format_digits (self->context, year);
      g_autofree char *text = g_strdup_printf (_("Nobody scored this unit’s indicators in the "
                                                 "%s cycle: there is nothing to compare."),
                                               shown_year);

      set_wrapping_label (none, text);
      gtk_widget_add_css_class (none, "dim-label");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), none);
    }
  gtk_widget_set_visible (list, n_rows > 0);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
  add_comparison_widget (self, group);
}

/* The priorities ------------------------------------------------------------------------- */

static const char *
find_indicator_name (IsafInterfacePage *self,
                     const IsafUuid    *indicator_id)
{
  for (guint i = 0; indicator_id != NULL && self->comparisons != NULL
                    && i < self->comparisons->len; i++)
    {
      IsafInterfaceComparison *comparison = g_ptr_array_index (self->comparisons, i);

      if (isaf_uuid_equal (&comparison->indicator_id, indicator_id))
        return comparison->name_km ? comparison->name_km : comparison->name_en;
    }
  return NULL;
}

static void
add_priority_row (IsafInterfacePage *self,
                  GtkWidget         *row)
{
  adw_preferences_group_add (self->priorities_group, row);
  g_ptr_array_add (self->priority_rows, row);
}

static GtkWidget *
create_priority_row (IsafInterfacePage *self,
                     IsafRecord        *priority)
{
  GtkWidget *row = adw_action_row_new ();
  gboolean selected = isaf_record_get_boolean (priority, "is_selected");
  GtkWidget *status = gtk_label_new (selected ? _("Selected") : _("Not selected"));
  const char *unit = isaf_interface_page_get_unit_name (
    self, isaf_record_get_reference (priority, "service_unit_id"));
  const char *indicator = find_indicator_name (
    self, isaf_record_get_reference (priority, "scorecard_indicator_id"));
  gint64 votes = isaf_record_get_integer (priority, "votes");
  g_autofree char *votes_count = isaf_context_format_integer (self->context, votes);
  g_autofree char *votes_text = g_strdup_printf (ngettext ("%s vote", "%s votes", votes),
                                                 votes_count);
  g_autoptr(GString) subtitle = g_string_new (unit ? unit : _("The commune as a whole"));
  g_autofree char *title = isaf_gui_dup_row_text (isaf_record_get_text (priority, "text"));
  g_autofree char *escaped = NULL;

  if (indicator != NULL)
    g_string_append_printf (subtitle, " · %s", indicator);
  g_string_append_printf (subtitle, " · %s", votes_text);
  escaped = isaf_gui_dup_row_text (subtitle->str);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_set_valign (status, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (status, "isaf-status");
  gtk_widget_add_css_class (status, selected ? "done" : "not-started");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), status);
  return row;
}

static void
show_priorities (IsafInterfacePage    *self,
                 IsafInterfaceMeeting *meeting)
{
  for (guint i = 0; i < meeting->priorities->len; i++)
    add_priority_row (self, create_priority_row (self, g_ptr_array_index (meeting->priorities, i)));

  if (meeting->priorities->len == 0)
    {
      GtkWidget *none = gtk_label_new (NULL);

      set_wrapping_label (none, _("No priority is recorded for this meeting yet. Edit the "
                                  "meeting to add the ones it agreed on."));
      gtk_widget_add_css_class (none, "dim-label");
      add_priority_row (self, none);
    }
}

/* The whole ------------------------------------------------------------------------------ */

void
isaf_interface_page_clear_comparison (IsafInterfacePage *self)
{
  for (guint i = 0; i < self->comparison_widgets->len; i++)
    gtk_box_remove (self->units_box, g_ptr_array_index (self->comparison_widgets, i));
  g_ptr_array_set_size (self->comparison_widgets, 0);

  for (guint i = 0; i < self->priority_rows->len; i++)
    adw_preferences_group_remove (self->priorities_group,
                                  g_ptr_array_index (self->priority_rows, i));
  g_ptr_array_set_size (self->priority_rows, 0);
}

/* The chosen meeting: its title at once, the charts once its comparison is read. */
void
isaf_interface_page_show_comparison (IsafInterfacePage *self)
{
  IsafInterfaceMeeting *meeting = isaf_interface_page_get_chosen (self);
  g_autofree char *date = NULL;
  g_autofree char *title = NULL;
  const char *status = NULL;

  isaf_interface_page_clear_comparison (self);
  if (meeting == NULL)
    return;

  date = isaf_gui_format_date (self->context, isaf_record_get_text (meeting->record, "held_on"));
  /* Translators: the heading above the charts: the date of the interface meeting. */
  title = g_strdup_printf (_("Citizens and Providers Compared, %s"), date);
  isaf_gui_set_wrapping_text (self->comparison_title, title);
  isaf_gui_set_wrapping_text (self->comparison_description,
                              _("For each indicator of the units the meeting covered, the "
                                "citizens’ median score beside the one the providers gave "
                                "themselves."));

  if (self->comparisons == NULL && self->comparing)
    status = _("Reading the scores…");
  else if (self->comparisons != NULL && self->comparisons->len == 0)
    status = _("None of the units the meeting covered has a community scorecard or a "
               "self-assessment in this cycle yet.");
  if (status != NULL)
    isaf_gui_set_wrapping_text (self->comparison_status, status);
  gtk_widget_set_visible (GTK_WIDGET (self->comparison_status), status != NULL);

  if (self->comparisons != NULL)
    for (guint i = 0; i < meeting->units->len; i++)
      add_unit_group (self, meeting, &g_array_index (meeting->units, IsafUuid, i));
  show_priorities (self, meeting);
}
