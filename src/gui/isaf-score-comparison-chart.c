/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-score-comparison-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "isaf-i4c.h"
#include "isaf-score-comparison-chart.h"
#include "isaf-vote-counts.h"

/* One indicator as the interface meeting sees it (DOMAIN.md, step 6): the citizens' median
 * and the providers' own as two horizontal bars on the 1–5 scale, one above the other, and
 * the gap between their ends shaded. Drawn to be read on a wall from the back of a commune
 * hall: large numbers at the end of each bar, the side named beside it, and the two sides
 * told apart by colour (blue and orange of the Okabe–Ito palette, which people with the
 * common colour blindnesses still tell apart) and by pattern (the providers' bar is
 * hatched). A side nobody scored shows "No result" in an empty outline, never a zero bar. */

/* Blue and orange for the two sides, vermilion for the gap (Okabe & Ito, "Color Universal
 * Design", 2008). */
static const GdkRGBA citizen_colour = { 0.0, 0.447, 0.698, 1.0 };
static const GdkRGBA provider_colour = { 0.902, 0.624, 0.0, 1.0 };
static const GdkRGBA gap_colour = { 0.835, 0.369, 0.0, 1.0 };

/* Pixels. */
#define MIN_BAR_HEIGHT 30
#define BAR_SPACING 8
#define PADDING 4
#define TEXT_GAP 10
#define TICK_GAP 4
#define HATCH_SPACING 8
#define MIN_TRACK_WIDTH 160

/* How far apart the medians are before the gap is called medium or large. Medians come in
 * halves, so these are "half a point" and "a point or more"; they only choose a colour, the
 * sentence always says the number. */
#define MEDIUM_GAP 0.5
#define LARGE_GAP 1.0

typedef enum {
  SIDE_CITIZENS,
  SIDE_PROVIDERS,
  N_SIDES
} Side;

struct _IsafScoreComparisonChart
{
  GtkDrawingArea parent_instance;

  gboolean has_median[N_SIDES];
  double median[N_SIDES];
  IsafDigits digits;
};

G_DEFINE_FINAL_TYPE (IsafScoreComparisonChart, isaf_score_comparison_chart,
                     GTK_TYPE_DRAWING_AREA)

/* Where things go at a given width: shared by measuring and drawing. */
typedef struct {
  int label_width;
  int value_width;
  int row_height;
  int tick_height;
} Metrics;

static const char *
get_side_name (Side side)
{
  /* Translators: beside the bars of the interface meeting's chart; keep them short. */
  return side == SIDE_CITIZENS ? _("Citizens") : _("Providers");
}

static PangoLayout *
create_layout (IsafScoreComparisonChart *self,
               const char               *text,
               double                    scale,
               gboolean                  bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoAttrList *attributes = pango_attr_list_new ();

  pango_attr_list_insert (attributes, pango_attr_scale_new (scale));
  if (bold)
    pango_attr_list_insert (attributes, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_layout_set_attributes (layout, attributes);
  pango_attr_list_unref (attributes);
  return layout;
}

static void
get_text_size (IsafScoreComparisonChart *self,
               const char               *text,
               double                    scale,
               gboolean                  bold,
               int                      *width,
               int                      *height)
{
  g_autoptr(PangoLayout) layout = create_layout (self, text, scale, bold);

  pango_layout_get_pixel_size (layout, width, height);
}

static char *
dup_value_text (IsafScoreComparisonChart *self,
                Side                      side)
{
  return isaf_i4c_format_value (&self->median[side], self->digits);
}

static void
get_metrics (IsafScoreComparisonChart *self,
             Metrics                  *metrics)
{
  g_autofree char *widest = isaf_format_digits ("4.5", self->digits);
  int width, height;

  metrics->label_width = 0;
  metrics->row_height = MIN_BAR_HEIGHT;
  for (Side side = 0; side < N_SIDES; side++)
    {
      get_text_size (self, get_side_name (side), PANGO_SCALE_LARGE, TRUE, &width, &height);
      metrics->label_width = MAX (metrics->label_width, width);
      metrics->row_height = MAX (metrics->row_height, height);
    }
  metrics->label_width += TEXT_GAP;

  get_text_size (self, widest, PANGO_SCALE_LARGE, TRUE, &width, &height);
  metrics->value_width = width + TEXT_GAP;
  metrics->row_height = MAX (metrics->row_height, height);

  get_text_size (self, widest, PANGO_SCALE_SMALL, FALSE, &width, &height);
  metrics->tick_height = height;
}

static void
get_foreground (GtkWidget *widget,
                GdkRGBA   *colour)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (widget, colour);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), colour);
#endif
}

static void
set_colour (cairo_t       *cr,
            const GdkRGBA *colour,
            double         alpha)
{
  cairo_set_source_rgba (cr, colour->red, colour->green, colour->blue, colour->alpha * alpha);
}

static void
draw_layout_at (cairo_t     *cr,
                PangoLayout *layout,
                double       x,
                double       centre_y)
{
  int width, height;

  pango_layout_get_pixel_size (layout, &width, &height);
  cairo_move_to (cr, x, round (centre_y - height / 2.0));
  pango_cairo_show_layout (cr, layout);
}

/* Diagonal stripes over the providers' bar: a second difference from the citizens' bar that
 * needs no colour at all (a grey printout, a washed-out projector). */
static void
draw_hatching (cairo_t *cr,
               double   x,
               double   y,
               double   width,
               double   height)
{
  cairo_save (cr);
  cairo_rectangle (cr, x, y, width, height);
  cairo_clip (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.28);
  cairo_set_line_width (cr, 2);
  for (double start = x - height; start < x + width; start += HATCH_SPACING)
    {
      cairo_move_to (cr, start, y + height);
      cairo_line_to (cr, start + height, y);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_chart (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  IsafScoreComparisonChart *self = ISAF_SCORE_COMPARISON_CHART (area);
  Metrics metrics;
  GdkRGBA foreground;
  double track_x, track_width, bar_height, bottom;
  double row_y[N_SIDES];

  get_metrics (self, &metrics);
  get_foreground (GTK_WIDGET (self), &foreground);
  track_x = metrics.label_width;
  track_width = MAX (width - metrics.label_width - metrics.value_width, 1);
  bar_height = metrics.row_height;
  row_y[SIDE_CITIZENS] = PADDING;
  row_y[SIDE_PROVIDERS] = PADDING + metrics.row_height + BAR_SPACING;
  bottom = row_y[SIDE_PROVIDERS] + metrics.row_height;

#define SCORE_X(score) (track_x + track_width * (score) / ISAF_SCORE_MAX)

  /* The gap first, so that the bars lie over it: it shows as the stretch from the end of the
   * shorter bar to the end of the longer one. */
  if (self->has_median[SIDE_CITIZENS] && self->has_median[SIDE_PROVIDERS])
    {
      double low = MIN (self->median[SIDE_CITIZENS], self->median[SIDE_PROVIDERS]);
      double high = MAX (self->median[SIDE_CITIZENS], self->median[SIDE_PROVIDERS]);
      double gap = high - low;

      if (gap >= MEDIUM_GAP)
        {
          set_colour (cr, &gap_colour, gap >= LARGE_GAP ? 0.30 : 0.16);
          cairo_rectangle (cr, SCORE_X (low), row_y[SIDE_CITIZENS], SCORE_X (high) - SCORE_X (low),
                           bottom - row_y[SIDE_CITIZENS]);
          cairo_fill (cr);
        }
    }

  /* The scale: a faint line and a number at each score. */
  cairo_set_line_width (cr, 1);
  for (int score = ISAF_SCORE_MIN; score <= ISAF_SCORE_MAX; score++)
    {
      g_autofree char *ascii = g_strdup_printf ("%d", score);
      g_autofree char *number = isaf_format_digits (ascii, self->digits);
      g_autoptr(PangoLayout) layout = create_layout (self, number, PANGO_SCALE_SMALL, FALSE);
      double x = round (SCORE_X (score)) + 0.5;
      int number_width, number_height;

      set_colour (cr, &foreground, 0.18);
      cairo_move_to (cr, x, row_y[SIDE_CITIZENS]);
      cairo_line_to (cr, x, bottom);
      cairo_stroke (cr);

      pango_layout_get_pixel_size (layout, &number_width, &number_height);
      set_colour (cr, &foreground, 0.7);
      cairo_move_to (cr, round (x - number_width / 2.0), bottom + TICK_GAP);
      pango_cairo_show_layout (cr, layout);
    }
  set_colour (cr, &foreground, 0.35);
  cairo_move_to (cr, track_x + 0.5, row_y[SIDE_CITIZENS]);
  cairo_line_to (cr, track_x + 0.5, bottom);
  cairo_stroke (cr);

  for (Side side = 0; side < N_SIDES; side++)
    {
      const GdkRGBA *colour = side == SIDE_CITIZENS ? &citizen_colour : &provider_colour;
      g_autoptr(PangoLayout) name = create_layout (self, get_side_name (side), PANGO_SCALE_LARGE,
                                                   TRUE);
      double centre_y = row_y[side] + metrics.row_height / 2.0;

      set_colour (cr, &foreground, 1.0);
      draw_layout_at (cr, name, 0, centre_y);

      if (self->has_median[side])
        {
          g_autofree char *value = dup_value_text (self, side);
          g_autoptr(PangoLayout) value_layout = create_layout (self, value, PANGO_SCALE_LARGE,
                                                               TRUE);
          double end = SCORE_X (self->median[side]);

          set_colour (cr, colour, 1.0);
          cairo_rectangle (cr, track_x, row_y[side], end - track_x, bar_height);
          cairo_fill (cr);
          if (side == SIDE_PROVIDERS)
            draw_hatching (cr, track_x, row_y[side], end - track_x, bar_height);

          set_colour (cr, &foreground, 1.0);
          draw_layout_at (cr, value_layout, end + TEXT_GAP / 2.0, centre_y);
        }
      else
        {
          static const double dashes[] = { 6, 4 };
          g_autoptr(PangoLayout) missing = create_layout (self, _("No result"), 1.0, FALSE);

          set_colour (cr, &foreground, 0.45);
          cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
          cairo_rectangle (cr, track_x + 0.5, row_y[side] + 0.5, track_width - 1, bar_height - 1);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
          set_colour (cr, &foreground, 0.8);
          draw_layout_at (cr, missing, track_x + TEXT_GAP, centre_y);
        }
    }

#undef SCORE_X
}

/* What a screen reader says for the picture. */
static void
update_accessible_label (IsafScoreComparisonChart *self)
{
  g_autofree char *citizens = isaf_score_comparison_dup_median_text (self->has_median[SIDE_CITIZENS],
                                                                     self->median[SIDE_CITIZENS],
                                                                     self->digits);
  g_autofree char *providers = isaf_score_comparison_dup_median_text (self->has_median[SIDE_PROVIDERS],
                                                                      self->median[SIDE_PROVIDERS],
                                                                      self->digits);
  /* Translators: what a screen reader says for the chart: the two medians, or "No result". */
  g_autofree char *label = g_strdup_printf (_("Citizens: %1$s. Providers: %2$s."), citizens,
                                            providers);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

/* GtkWidget */

static void
isaf_score_comparison_chart_measure (GtkWidget      *widget,
                                     GtkOrientation  orientation,
                                     int             for_size,
                                     int            *minimum,
                                     int            *natural,
                                     int            *minimum_baseline,
                                     int            *natural_baseline)
{
  IsafScoreComparisonChart *self = ISAF_SCORE_COMPARISON_CHART (widget);
  Metrics metrics;

  get_metrics (self, &metrics);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = metrics.label_width + MIN_TRACK_WIDTH + metrics.value_width;
      *natural = *minimum * 2;
    }
  else
    {
      *minimum = *natural = PADDING + 2 * metrics.row_height + BAR_SPACING + TICK_GAP
                            + metrics.tick_height + PADDING;
    }
}

static void
isaf_score_comparison_chart_css_changed (GtkWidget         *widget,
                                         GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (isaf_score_comparison_chart_parent_class)->css_changed (widget, change);
  /* The font decides the sizes. */
  gtk_widget_queue_resize (widget);
}

static void
isaf_score_comparison_chart_class_init (IsafScoreComparisonChartClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->measure = isaf_score_comparison_chart_measure;
  widget_class->css_changed = isaf_score_comparison_chart_css_changed;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
isaf_score_comparison_chart_init (IsafScoreComparisonChart *self)
{
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self), draw_chart, NULL, NULL);
  update_accessible_label (self);
}

/* Public API --------------------------------------------------------------------------- */

GtkWidget *
isaf_score_comparison_chart_new (void)
{
  return g_object_new (ISAF_TYPE_SCORE_COMPARISON_CHART, NULL);
}

void
isaf_score_comparison_chart_set_comparison (IsafScoreComparisonChart      *self,
                                            const IsafInterfaceComparison *comparison)
{
  g_return_if_fail (ISAF_IS_SCORE_COMPARISON_CHART (self));
  g_return_if_fail (comparison != NULL);

  self->has_median[SIDE_CITIZENS] = comparison->has_citizen_median;
  self->median[SIDE_CITIZENS] = comparison->has_citizen_median ? comparison->citizen_median : 0;
  self->has_median[SIDE_PROVIDERS] = comparison->has_provider_median;
  self->median[SIDE_PROVIDERS] = comparison->has_provider_median ? comparison->provider_median
                                                                 : 0;
  update_accessible_label (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
isaf_score_comparison_chart_set_digits (IsafScoreComparisonChart *self,
                                        IsafDigits                digits)
{
  g_return_if_fail (ISAF_IS_SCORE_COMPARISON_CHART (self));

  self->digits = digits;
  update_accessible_label (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

gboolean
isaf_score_comparison_chart_get_citizen_median (IsafScoreComparisonChart *self,
                                                double                   *median)
{
  g_return_val_if_fail (ISAF_IS_SCORE_COMPARISON_CHART (self), FALSE);

  if (self->has_median[SIDE_CITIZENS] && median != NULL)
    *median = self->median[SIDE_CITIZENS];
  return self->has_median[SIDE_CITIZENS];
}

gboolean
isaf_score_comparison_chart_get_provider_median (IsafScoreComparisonChart *self,
                                                 double                   *median)
{
  g_return_val_if_fail (ISAF_IS_SCORE_COMPARISON_CHART (self), FALSE);

  if (self->has_median[SIDE_PROVIDERS] && median != NULL)
    *median = self->median[SIDE_PROVIDERS];
  return self->has_median[SIDE_PROVIDERS];
}

/**
 * isaf_score_comparison_dup_median_text:
 *
 * Returns: (transfer full): "3.5", "4", or "No result" when nobody scored: never a zero
 */
char *
isaf_score_comparison_dup_median_text (gboolean   has_median,
                                       double     median,
                                       IsafDigits digits)
{
  if (!has_median)
    return g_strdup (_("No result"));
  return isaf_i4c_format_value (&median, digits);
}

IsafScoreGap
isaf_score_comparison_get_gap_size (const IsafInterfaceComparison *comparison)
{
  double gap;

  g_return_val_if_fail (comparison != NULL, ISAF_SCORE_GAP_NONE);

  if (!isaf_interface_comparison_get_gap (comparison, &gap))
    return ISAF_SCORE_GAP_NONE;
  if (fabs (gap) >= LARGE_GAP)
    return ISAF_SCORE_GAP_LARGE;
  if (fabs (gap) >= MEDIUM_GAP)
    return ISAF_SCORE_GAP_MEDIUM;
  return ISAF_SCORE_GAP_SMALL;
}

/**
 * isaf_score_comparison_dup_gap_text:
 *
 * Returns: (transfer full): the gap as the meeting talks about it, from the providers' side
 */
char *
isaf_score_comparison_dup_gap_text (const IsafInterfaceComparison *comparison,
                                    IsafDigits                     digits)
{
  g_autofree char *amount = NULL;
  double gap;

  g_return_val_if_fail (comparison != NULL, NULL);

  if (!comparison->has_citizen_median && !comparison->has_provider_median)
    return g_strdup (_("Neither side has scored this indicator"));
  if (!comparison->has_citizen_median)
    return g_strdup (_("The citizens did not score this indicator: nothing to compare"));
  if (!comparison->has_provider_median)
    return g_strdup (_("The providers did not score this indicator: nothing to compare"));

  isaf_interface_comparison_get_gap (comparison, &gap);
  if (gap == 0)
    return g_strdup (_("Citizens and providers give the same score"));

  gap = fabs (gap);
  amount = isaf_i4c_format_value (&gap, digits);
  if (comparison->provider_median > comparison->citizen_median)
    /* Translators: %s is how many points higher, on the 1–5 scale: "1.5". */
    return g_strdup_printf (_("Providers score themselves %s higher"), amount);
  /* Translators: %s is how many points lower, on the 1–5 scale: "1.5". */
  return g_strdup_printf (_("Providers score themselves %s lower"), amount);
}
