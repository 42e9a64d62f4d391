/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-presentation-window"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-gui-util.h"
#include "isaf-interface-meeting.h"
#include "isaf-jaapc-meeting.h"
#include "isaf-presentation-window-private.h"
#include "isaf-schema.h"
#include "isaf-score-comparison-chart.h"

/* The slides after the actions: what the interface meeting compared (the citizens' median
 * beside the providers' for each indicator, drawn by IsafScoreComparisonChart in the
 * projector's large type across the whole width, two indicators of one unit to a slide), and
 * this month's progress, from the year's latest JAAP Committee meeting: how many actions it
 * found in each status, how many are overdue today, what was spent against what was
 * estimated, and what it decided. */

/* The comparisons --------------------------------------------------------------------------- */

#define CHARTS_PER_SLIDE 2

static GtkWidget *
create_comparison (IsafPresentationWindow        *self,
                   const IsafInterfaceComparison *comparison)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *chart = isaf_score_comparison_chart_new ();
  IsafDigits digits = isaf_context_get_digits (self->context);
  g_autofree char *gap_text = isaf_score_comparison_dup_gap_text (comparison, digits);
  const char *name = comparison->name_km != NULL ? comparison->name_km : comparison->name_en;
  GtkWidget *gap = isaf_presentation_label_new (gap_text, "isaf-presentation-gap");

  gtk_box_append (GTK_BOX (box), isaf_presentation_label_new (name, "isaf-presentation-lead"));
  if (comparison->name_km != NULL && comparison->name_en != NULL)
    gtk_box_append (GTK_BOX (box), isaf_presentation_label_new (comparison->name_en,
                                                                "isaf-presentation-note"));

  isaf_score_comparison_chart_set_digits (ISAF_SCORE_COMPARISON_CHART (chart), digits);
  isaf_score_comparison_chart_set_comparison (ISAF_SCORE_COMPARISON_CHART (chart), comparison);
  gtk_box_append (GTK_BOX (box), chart);

  /* The size of the gap in weight and colour as well as in words. */
  switch (isaf_score_comparison_get_gap_size (comparison))
    {
    case ISAF_SCORE_GAP_LARGE:
      gtk_widget_add_css_class (gap, "large");
      break;
    case ISAF_SCORE_GAP_MEDIUM:
      gtk_widget_add_css_class (gap, "medium");
      break;
    case ISAF_SCORE_GAP_SMALL:
    case ISAF_SCORE_GAP_NONE:
    default:
      break;
    }
  gtk_accessible_update_relation (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  gap, NULL, -1);
  gtk_box_append (GTK_BOX (box), gap);
  return box;
}

/* The comparisons in the core's order (by unit, then indicator), up to CHARTS_PER_SLIDE of
 * one unit on each slide, titled with the unit. */
void
isaf_presentation_window_build_charts (IsafPresentationWindow *self)
{
  guint i = 0;

  while (i < self->comparisons->len)
    {
      IsafInterfaceComparison *first = g_ptr_array_index (self->comparisons, i);
      const char *unit = isaf_presentation_window_get_unit_name (self, &first->unit_id);
      /* Translators: the title of a slide of charts; %s is the service unit. */
      g_autofree char *title = g_strdup_printf (_("Scores Compared: %s"), unit ? unit : "");
      GtkWidget *slide = isaf_presentation_slide_new (title, "isaf-presentation-charts");
      GtkWidget *charts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 28);
      guint n = 0;

      while (i < self->comparisons->len && n < CHARTS_PER_SLIDE)
        {
          IsafInterfaceComparison *comparison = g_ptr_array_index (self->comparisons, i);

          if (!isaf_uuid_equal (&comparison->unit_id, &first->unit_id))
            break;
          gtk_box_append (GTK_BOX (charts), create_comparison (self, comparison));
          n++;
          i++;
        }
      gtk_widget_set_margin_top (charts, 16);
      gtk_box_append (GTK_BOX (slide), charts);
      isaf_presentation_window_add_slide (self, slide);
      g_ptr_array_add (self->later_slides, slide);
    }
}

/* This month's progress ---------------------------------------------------------------------- */

/* Counted as the overview counts them: where the work is. A heading that only groups other
 * actions (a service unit's group in ខ) is not an action of its own. */
static gboolean
is_counted (IsafJaapEntry *entry)
{
  return entry != NULL && entry->n_children == 0;
}

static IsafJaapEntry *
find_progress_entry (IsafPresentationWindow *self,
                     IsafRecord             *progress)
{
  return isaf_jaap_find (self->jaap, isaf_record_get_reference (progress, "action_id"));
}

/* The year's latest JAAPC meeting, or NULL. */
static IsafJaapcMeeting *
find_latest_meeting (IsafPresentationWindow *self)
{
  IsafJaapcMeeting *latest = NULL;

  for (guint i = 0; i < self->jaapc_meetings->len; i++)
    {
      IsafJaapcMeeting *meeting = g_ptr_array_index (self->jaapc_meetings, i);

      if (latest == NULL
          || g_strcmp0 (isaf_record_get_text (meeting->record, "held_on"),
                        isaf_record_get_text (latest->record, "held_on")) >= 0)
        latest = meeting;
    }
  return latest;
}

static GtkWidget *
create_status_tile (IsafPresentationWindow *self,
                    IsafJaapStatus          status,
                    guint                   count)
{
  GtkWidget *tile = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  g_autofree char *number = isaf_context_format_integer (self->context, count);
  g_autofree char *spoken = g_strdup_printf ("%s %s", number, isaf_jaap_status_get_label (status));

  gtk_widget_add_css_class (tile, "isaf-presentation-tile");
  gtk_box_append (GTK_BOX (tile), isaf_presentation_label_new (number,
                                                               "isaf-presentation-figure"));
  gtk_box_append (GTK_BOX (tile), isaf_presentation_status_new (status, FALSE));
  gtk_accessible_update_property (GTK_ACCESSIBLE (tile), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken,
                                  -1);
  return tile;
}

static GtkWidget *
create_overdue_line (IsafPresentationWindow *self)
{
  guint n_overdue = 0;
  g_autofree char *count = NULL;
  g_autofree char *text = NULL;
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);

  for (guint i = 0; i < self->jaap->entries->len; i++)
    {
      IsafJaapEntry *entry = g_ptr_array_index (self->jaap->entries, i);

      if (is_counted (entry) && isaf_jaap_entry_is_overdue (entry, self->today))
        n_overdue++;
    }

  if (n_overdue == 0)
    {
      gtk_box_append (GTK_BOX (line), isaf_presentation_label_new (_("No action is overdue today"),
                                                                   NULL));
      return line;
    }

  count = isaf_context_format_integer (self->context, n_overdue);
  text = g_strdup_printf (ngettext ("%s action is overdue today: past its end date and not "
                                    "completed",
                                    "%s actions are overdue today: past their end date and not "
                                    "completed",
                                    n_overdue),
                          count);
  gtk_widget_add_css_class (line, "isaf-presentation-overdue");
  gtk_box_append (GTK_BOX (line), g_object_new (GTK_TYPE_IMAGE,
                                                "icon-name", "dialog-warning-symbolic",
                                                "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                                "valign", GTK_ALIGN_START,
                                                NULL));
  gtk_box_append (GTK_BOX (line), isaf_presentation_label_new (text, NULL));
  return line;
}

/* What the meeting found spent on the actions it reviewed, against what was estimated for
 * them, in words and as a bar. */
static GtkWidget *
create_cost (IsafPresentationWindow *self,
             IsafJaapcMeeting       *meeting)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  IsafDigits digits = isaf_context_get_digits (self->context);
  gint64 spent = 0;
  gint64 estimated = 0;
  g_autofree char *spent_text = NULL;
  g_autofree char *estimated_text = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < meeting->progress->len; i++)
    {
      IsafRecord *progress = g_ptr_array_index (meeting->progress, i);
      IsafJaapEntry *entry = find_progress_entry (self, progress);

      if (!is_counted (entry))
        continue;
      spent += isaf_record_get_integer (progress, "cost_spent_riel");
      estimated += isaf_record_get_integer (entry->action, "estimated_cost_riel");
    }

  spent_text = isaf_format_riel (spent, digits);
  estimated_text = isaf_format_riel (estimated, digits);
  /* Translators: the cost line of this month's progress: "Spent so far: 12,000,000 ៛ of the
   * 40,000,000 ៛ estimated for the actions reviewed". */
  text = g_strdup_printf (_("Spent so far: %1$s of the %2$s estimated for the actions reviewed"),
                          spent_text, estimated_text);
  gtk_box_append (GTK_BOX (box), isaf_presentation_label_new (text, NULL));

  if (estimated > 0)
    {
      GtkWidget *bar = gtk_level_bar_new_for_interval (0, 1);

      gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), CLAMP ((double) spent / estimated, 0, 1));
      /* Spending past the estimate shows as a full bar; the words say how much. */
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                      -1);
      gtk_box_append (GTK_BOX (box), bar);
    }
  return box;
}

void
isaf_presentation_window_build_summary (IsafPresentationWindow *self)
{
  IsafJaapcMeeting *meeting = find_latest_meeting (self);
  GtkWidget *slide = isaf_presentation_slide_new (_("This Month’s Progress"),
                                                  "isaf-presentation-summary");
  GtkWidget *tiles;
  guint counts[ISAF_N_JAAP_STATUSES] = { 0 };
  g_autofree char *date = NULL;
  g_autofree char *source = NULL;
  const char *decisions;

  if (meeting == NULL)
    {
      g_autofree char *year = isaf_presentation_window_format_year (self);
      /* Translators: %s is the year of the cycle. */
      g_autofree char *text = g_strdup_printf (_("No JAAP Committee meeting is recorded for %s "
                                                 "yet: the progress of the actions shows here "
                                                 "once the first meeting is recorded."),
                                               year);

      gtk_box_append (GTK_BOX (slide), isaf_presentation_label_new (text, NULL));
      gtk_box_append (GTK_BOX (slide), create_overdue_line (self));
      isaf_presentation_window_add_slide (self, slide);
      g_ptr_array_add (self->later_slides, slide);
      return;
    }

  date = isaf_gui_format_date (self->context, isaf_record_get_text (meeting->record, "held_on"));
  /* Translators: under the title of this month's progress; %s is the date of the meeting. */
  source = g_strdup_printf (_("As recorded at the JAAP Committee meeting of %s"), date);
  gtk_box_append (GTK_BOX (slide), isaf_presentation_label_new (source, "isaf-presentation-lead"));

  for (guint i = 0; i < meeting->progress->len; i++)
    {
      IsafRecord *progress = g_ptr_array_index (meeting->progress, i);
      int status = isaf_jaap_status_from_string (isaf_record_get_text (progress, "status"));

      if (status >= 0 && is_counted (find_progress_entry (self, progress)))
        counts[status]++;
    }
  tiles = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  gtk_box_set_homogeneous (GTK_BOX (tiles), TRUE);
  for (IsafJaapStatus status = 0; status < ISAF_N_JAAP_STATUSES; status++)
    gtk_box_append (GTK_BOX (tiles), create_status_tile (self, status, counts[status]));
  gtk_box_append (GTK_BOX (slide), tiles);

  gtk_box_append (GTK_BOX (slide), create_overdue_line (self));
  gtk_box_append (GTK_BOX (slide), create_cost (self, meeting));

  decisions = isaf_record_get_text (meeting->record, "decisions");
  gtk_box_append (GTK_BOX (slide),
                  isaf_presentation_label_new (_(isaf_schema_find_column (
                                                   isaf_record_get_table (meeting->record),
                                                   "decisions")->label),
                                               "isaf-presentation-field"));
  gtk_box_append (GTK_BOX (slide),
                  isaf_presentation_label_new (decisions != NULL && decisions[0] != '\0'
                                               ? decisions : _("No decision recorded"),
                                               NULL));

  isaf_presentation_window_add_slide (self, slide);
  g_ptr_array_add (self->later_slides, slide);
}
