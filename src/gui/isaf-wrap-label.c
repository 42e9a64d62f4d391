/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-wrap-label"

#include "config.h"

#include "isaf-khmer.h"
#include "isaf-wrap-label.h"

/* Text wrapped to the width it is given, laid out once for each width: the title and the
 * subtitle of rows of which a page shows dozens.
 *
 * A wrapping GtkLabel (GTK 4.8) lays its text out afresh each time it is measured again: at no
 * width for its narrowest, unwrapped for its natural width, at each width for its height, and,
 * asked its width for a height, some twenty times by bisection. The window measures new rows
 * twice before their first frame (on X11 it works out the toplevel's size once before the
 * frame and once in it), and shaping Khmer is slow.
 *
 * This keeps the sizes it has worked out while its font stays the same; its narrowest width
 * comes from the font, and its width does not depend on a height. Its node is a "label", so
 * the theme styles it as one (in a row, "row label.subtitle" makes a subtitle small and dim).
 * It selects nothing and has no mnemonic: it is for reading. */

/* The narrowest it goes, in average characters: a short word. */
#define MIN_CHARS 8
/* How many heights it keeps: the window and the row ask for a few widths each frame. */
#define N_HEIGHTS 4

typedef struct {
  int width;
  int height;
} Height;

struct _IsafWrapLabel
{
  GtkWidget parent_instance;

  char *text;
  /* The text with its word breaks marked (isaf_khmer_segment), for the width last asked. */
  PangoLayout *layout;
  /* The serial of the widget's Pango context the sizes below are for: a new font, a new
   * serial. */
  guint context_serial;
  /* Unwrapped, -1 until laid out. */
  int natural_width;
  int natural_height;
  Height heights[N_HEIGHTS];
  guint n_heights;
  guint next_height;
};

G_DEFINE_FINAL_TYPE (IsafWrapLabel, isaf_wrap_label, GTK_TYPE_WIDGET)

/* The font's average character width, in pixels. Pango works it out by shaping a sample
 * text, so it is kept for each font, for every label. */
static int
get_char_width (PangoContext *context)
{
  static GHashTable *widths;
  const PangoFontDescription *font = pango_context_get_font_description (context);
  gpointer width;

  if (widths == NULL)
    widths = g_hash_table_new_full ((GHashFunc) pango_font_description_hash,
                                    (GEqualFunc) pango_font_description_equal,
                                    (GDestroyNotify) pango_font_description_free, NULL);
  if (!g_hash_table_lookup_extended (widths, font, NULL, &width))
    {
      PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);

      width = GINT_TO_POINTER (PANGO_PIXELS_CEIL (
        pango_font_metrics_get_approximate_char_width (metrics)));
      pango_font_metrics_unref (metrics);
      g_hash_table_insert (widths, pango_font_description_copy (font), width);
    }
  return GPOINTER_TO_INT (width);
}

/* The layout, with what was worked out forgotten if the font changed since. */
static PangoLayout *
ensure_layout (IsafWrapLabel *self)
{
  guint serial;

  if (self->layout == NULL)
    {
      g_autofree char *segmented = isaf_khmer_segment (self->text);

      self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), segmented);
      pango_layout_set_wrap (self->layout, PANGO_WRAP_WORD_CHAR);
      self->context_serial = pango_context_get_serial (pango_layout_get_context (self->layout));
      return self->layout;
    }

  serial = pango_context_get_serial (pango_layout_get_context (self->layout));
  if (serial != self->context_serial)
    {
      pango_layout_context_changed (self->layout);
      self->context_serial = serial;
      self->natural_width = self->natural_height = -1;
      self->n_heights = 0;
    }
  return self->layout;
}

static void
set_layout_width (IsafWrapLabel *self,
                  int            width)
{
  pango_layout_set_width (ensure_layout (self), width < 0 ? -1 : width * PANGO_SCALE);
}

static void
ensure_natural_size (IsafWrapLabel *self)
{
  ensure_layout (self);
  if (self->natural_width >= 0)
    return;
  set_layout_width (self, -1);
  pango_layout_get_pixel_size (self->layout, &self->natural_width, &self->natural_height);
}

static int
get_height_for_width (IsafWrapLabel *self,
                      int            width)
{
  Height *height;

  ensure_natural_size (self);
  if (width < 0 || width >= self->natural_width)
    return self->natural_height;

  for (guint i = 0; i < self->n_heights; i++)
    if (self->heights[i].width == width)
      return self->heights[i].height;

  height = &self->heights[self->next_height];
  self->next_height = (self->next_height + 1) % N_HEIGHTS;
  self->n_heights = MIN (self->n_heights + 1, N_HEIGHTS);
  height->width = width;
  set_layout_width (self, width);
  pango_layout_get_pixel_size (self->layout, NULL, &height->height);
  return height->height;
}

/* GtkWidget ------------------------------------------------------------------------------ */

static GtkSizeRequestMode
isaf_wrap_label_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
isaf_wrap_label_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  IsafWrapLabel *self = ISAF_WRAP_LABEL (widget);

  ensure_natural_size (self);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* Wrapped text takes the width it is given, whatever the height. */
      *natural = self->natural_width;
      *minimum = MIN (MIN_CHARS * get_char_width (pango_layout_get_context (self->layout)),
                      self->natural_width);
    }
  else
    {
      *minimum = *natural = get_height_for_width (self, for_size);
    }
}

static void
isaf_wrap_label_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  IsafWrapLabel *self = ISAF_WRAP_LABEL (widget);

  ensure_natural_size (self);
  set_layout_width (self, width < self->natural_width ? width : -1);
}

static void
isaf_wrap_label_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  IsafWrapLabel *self = ISAF_WRAP_LABEL (widget);

  gtk_snapshot_render_layout (snapshot, gtk_widget_get_style_context (widget), 0, 0,
                              ensure_layout (self));
}

static void
isaf_wrap_label_finalize (GObject *object)
{
  IsafWrapLabel *self = ISAF_WRAP_LABEL (object);

  g_clear_object (&self->layout);
  g_free (self->text);

  G_OBJECT_CLASS (isaf_wrap_label_parent_class)->finalize (object);
}

static void
isaf_wrap_label_class_init (IsafWrapLabelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = isaf_wrap_label_finalize;
  widget_class->get_request_mode = isaf_wrap_label_get_request_mode;
  widget_class->measure = isaf_wrap_label_measure;
  widget_class->size_allocate = isaf_wrap_label_size_allocate;
  widget_class->snapshot = isaf_wrap_label_snapshot;
  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
isaf_wrap_label_init (IsafWrapLabel *self)
{
  self->natural_width = self->natural_height = -1;
}

/* Public API ----------------------------------------------------------------------------- */

/**
 * isaf_wrap_label_new:
 * @text: what it says
 *
 * Returns: (transfer floating): the label
 */
GtkWidget *
isaf_wrap_label_new (const char *text)
{
  IsafWrapLabel *self;

  g_return_val_if_fail (text != NULL, NULL);

  self = g_object_new (ISAF_TYPE_WRAP_LABEL, NULL);
  self->text = g_strdup (text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);
  return GTK_WIDGET (self);
}
