/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-scorecard-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-format.h"
#include "isaf-gui-util.h"
#include "isaf-scorecard-editor-private.h"

/* The Results tab: for each indicator scored, the median of its votes (the result the
 * interface meeting compares), the average beside it, and how the votes spread over the
 * five scores as a small bar chart in the colours of the faces, from red to green. An
 * indicator nobody voted on has no result, never a zero. Worked out from the scorecard as it
 * is now, each time the tab comes forward. */

#define CHART_WIDTH 150
#define CHART_HEIGHT 48
#define BAR_GAP 6

/* The bars' colours, from very dissatisfied (red) to very satisfied (green): GNOME's palette. */
static const GdkRGBA bar_colours[ISAF_N_SCORES] = {
  { 0.878, 0.106, 0.141, 1.0 },
  { 1.000, 0.471, 0.000, 1.0 },
  { 0.965, 0.827, 0.176, 1.0 },
  { 0.200, 0.820, 0.478, 1.0 },
  { 0.149, 0.635, 0.412, 1.0 },
};

typedef struct {
  IsafVoteCounts votes;
  IsafDigits digits;
} Chart;

static char *
format_score (IsafScorecardEditor *self,
              double               score)
{
  g_autofree char *ascii = g_strdup_printf ("%.1f", score);

  return isaf_context_format_digits (self->context, ascii);
}

static void
draw_chart (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        data)
{
  Chart *chart = data;
  gint64 most = 0;
  double bar_width = (width - BAR_GAP * (ISAF_N_SCORES - 1)) / (double) ISAF_N_SCORES;
  int label_height = 0;
  GdkRGBA foreground;

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &foreground);
  for (guint i = 0; i < ISAF_N_SCORES; i++)
    most = MAX (most, chart->votes.counts[i]);

  for (guint i = 0; i < ISAF_N_SCORES; i++)
    {
      g_autofree char *digit = isaf_format_integer (ISAF_SCORE_MIN + i, chart->digits);
      PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (area), digit);
      double x = i * (bar_width + BAR_GAP);
      int text_width, text_height;
      double bar_height;

      pango_layout_get_pixel_size (layout, &text_width, &text_height);
      label_height = MAX (label_height, text_height);

      /* The score under its bar. */
      gdk_cairo_set_source_rgba (cr, &foreground);
      cairo_move_to (cr, x + (bar_width - text_width) / 2, height - text_height);
      pango_cairo_show_layout (cr, layout);
      g_object_unref (layout);

      /* A faint baseline where nobody gave that score. */
      bar_height = most > 0 ? (height - text_height - 2) * (double) chart->votes.counts[i] / most
                            : 0;
      gdk_cairo_set_source_rgba (cr, &bar_colours[i]);
      cairo_rectangle (cr, x, height - text_height - 2 - MAX (bar_height, 1), bar_width,
                       MAX (bar_height, 1));
      cairo_fill (cr);
    }
}

/* What a screen reader says for the chart, and its tooltip: each score with its count. */
static char *
describe_chart (IsafScorecardEditor  *self,
                const IsafVoteCounts *votes)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (int score = ISAF_SCORE_MIN; score <= ISAF_SCORE_MAX; score++)
    {
      g_autofree char *digit = isaf_context_format_integer (self->context, score);
      g_autofree char *count = isaf_context_format_integer (self->context,
                                                            votes->counts[score - ISAF_SCORE_MIN]);

      /* Translators: one score of the votes chart: the score, its label, how many gave it. */
      g_string_append_printf (text, _("%1$s %2$s: %3$s"), digit, isaf_score_get_label (score),
                              count);
      if (score < ISAF_SCORE_MAX)
        g_string_append_c (text, '\n');
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GtkWidget *
create_chart (IsafScorecardEditor  *self,
              const IsafVoteCounts *votes)
{
  GtkWidget *area = gtk_drawing_area_new ();
  Chart *chart = g_new0 (Chart, 1);
  g_autofree char *description = describe_chart (self, votes);

  chart->votes = *votes;
  chart->digits = isaf_context_get_digits (self->context);
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), CHART_WIDTH);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), CHART_HEIGHT);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_chart, chart, g_free);
  gtk_widget_set_valign (area, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (area, description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (area), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("How the votes spread"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
  return area;
}

static GtkWidget *
create_result_row (IsafScorecardEditor    *self,
                   IsafScorecardIndicator *indicator)
{
  GtkWidget *row = adw_action_row_new ();
  IsafVoteCounts votes;
  double median, average;
  gint64 total;
  g_autofree char *number = isaf_context_format_integer (self->context,
                                                         isaf_record_get_integer (indicator->record,
                                                                                  "position"));
  g_autofree char *title = g_strdup_printf ("%s. %s", number,
                                            isaf_scorecard_editor_indicator_name (indicator));
  g_autofree char *escaped = isaf_gui_dup_row_text (title);

  isaf_scorecard_indicator_get_votes (self->scorecard, indicator, &votes);
  total = isaf_vote_counts_get_total (&votes);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
  adw_preferences_row_set_title_selectable (ADW_PREFERENCES_ROW (row), TRUE);

  if (isaf_vote_counts_get_median (&votes, &median)
      && isaf_vote_counts_get_average (&votes, &average))
    {
      /* The face of the score nearest the median, halves rounded up. */
      int nearest = (int) (median + 0.5);
      GtkWidget *face = gtk_image_new_from_icon_name (isaf_score_get_face_icon (nearest));
      GtkWidget *median_label = gtk_label_new (NULL);
      g_autofree char *median_text = format_score (self, median);
      g_autofree char *average_text = format_score (self, average);
      g_autofree char *total_text = isaf_context_format_integer (self->context, total);
      g_autofree char *votes_text = g_strdup_printf (ngettext ("%s vote", "%s votes", total),
                                                     total_text);
      /* Translators: under an indicator's result: its median, its average, how many voted. */
      g_autofree char *summary = g_strdup_printf (_("Median %1$s · average %2$s · %3$s"),
                                                  median_text, average_text, votes_text);
      g_autofree char *subtitle = isaf_gui_dup_row_text (summary);
      /* Translators: what a screen reader says for the median: its value and label. */
      g_autofree char *median_label_text = g_strdup_printf (_("Median %1$s: %2$s"), median_text,
                                                            isaf_score_get_label (nearest));

      gtk_image_set_icon_size (GTK_IMAGE (face), GTK_ICON_SIZE_LARGE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (face), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      isaf_score_get_label (nearest), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), face);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), create_chart (self, &votes));
      gtk_label_set_label (GTK_LABEL (median_label), median_text);
      gtk_widget_add_css_class (median_label, "title-2");
      gtk_widget_add_css_class (median_label, "numeric");
      gtk_label_set_width_chars (GTK_LABEL (median_label), 3);
      gtk_label_set_xalign (GTK_LABEL (median_label), 1.0);
      gtk_accessible_update_property (GTK_ACCESSIBLE (median_label),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, median_label_text, -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), median_label);
    }
  else
    {
      GtkWidget *none = gtk_label_new (_("No result"));
      g_autofree char *subtitle = isaf_gui_dup_row_text (_("Nobody voted on this indicator."));

      gtk_widget_add_css_class (none, "dim-label");
      gtk_widget_add_css_class (none, "heading");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), none);
    }
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  return row;
}

void
isaf_scorecard_editor_refresh_results (IsafScorecardEditor *self)
{
  IsafScorecardResults *results = &self->results;
  AdwPreferencesGroup *group;
  gint64 voters = isaf_scorecard_count_voters (self->scorecard);
  guint n_selected = 0;
  g_autofree char *voters_text = isaf_context_format_integer (self->context, voters);
  g_autofree char *summary = NULL;

  for (guint i = 0; i < results->groups->len; i++)
    adw_preferences_page_remove (results->page, g_ptr_array_index (results->groups, i));
  g_ptr_array_set_size (results->groups, 0);

  group = isaf_scorecard_editor_add_group (results->page, _("Result per Indicator"), NULL);
  g_ptr_array_add (results->groups, group);
  for (guint i = 0; i < self->scorecard->indicators->len; i++)
    {
      IsafScorecardIndicator *indicator = g_ptr_array_index (self->scorecard->indicators, i);

      if (!isaf_record_get_boolean (indicator->record, "is_selected"))
        continue;
      adw_preferences_group_add (group, create_result_row (self, indicator));
      n_selected++;
    }
  if (n_selected == 0)
    adw_preferences_group_add (group, isaf_scorecard_editor_create_wrapping_label (
                                 _("Select the indicators the meeting scored on the "
                                   "Indicators tab.")));

  /* Translators: above the results: how many participants may vote. */
  summary = g_strdup_printf (ngettext ("%s participant may vote. The median is the result: "
                                       "half the votes are at or below it.",
                                       "%s participants may vote. The median is the result: "
                                       "half the votes are at or below it.",
                                       voters),
                             voters_text);
  isaf_gui_set_wrapping_text (results->summary_label, summary);
}

void
isaf_scorecard_editor_build_results (IsafScorecardEditor *self,
                                     AdwPreferencesPage  *page)
{
  AdwPreferencesGroup *intro = isaf_scorecard_editor_add_group (page, NULL, NULL);
  GtkWidget *summary = isaf_scorecard_editor_create_wrapping_label (NULL);

  adw_preferences_group_add (intro, summary);
  self->results.page = page;
  self->results.summary_label = GTK_LABEL (summary);
  self->results.groups = g_ptr_array_new ();
}
