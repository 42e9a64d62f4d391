/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-row-text"

#include "config.h"

#include "isaf-row-text.h"
#include "isaf-wrap-label.h"

/* A row's title and, below it, its subtitle, wrapped to the width the row gives them, spaced
 * as libadwaita spaces AdwActionRow's own and styled as those ("row label.subtitle" makes the
 * subtitle small and dim).
 *
 * Not a vertical GtkBox: a row's box asks each child its width for the row's height, when
 * measured and again when allocated, and a GtkBox of wrapping text answers by trying width
 * after width, doubling then halving, until its text fits the height, laying the text out at
 * each (GTK 4.8). Wrapped text takes the width it is given, whatever the height, so this
 * answers for its width alone. */

/* Pixels, as libadwaita's row title box. */
#define SPACING 3
#define MARGIN 6

struct _IsafRowText
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (IsafRowText, isaf_row_text, GTK_TYPE_WIDGET)

/* GtkWidget ------------------------------------------------------------------------------ */

static GtkSizeRequestMode
isaf_row_text_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
isaf_row_text_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  gboolean first = TRUE;

  /* The width alone: see above. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    for_size = -1;

  *minimum = *natural = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_minimum, child_natural;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, orientation, for_size, &child_minimum, &child_natural, NULL,
                          NULL);
      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        {
          *minimum = MAX (*minimum, child_minimum);
          *natural = MAX (*natural, child_natural);
        }
      else
        {
          *minimum += child_minimum + (first ? 0 : SPACING);
          *natural += child_natural + (first ? 0 : SPACING);
        }
      first = FALSE;
    }
}

static void
isaf_row_text_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  int y = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_height;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, NULL, &child_height, NULL,
                          NULL);
      gtk_widget_size_allocate (child, &(GtkAllocation) { 0, y, width, child_height }, -1);
      y += child_height + SPACING;
    }
}

static void
isaf_row_text_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (isaf_row_text_parent_class)->dispose (object);
}

static void
isaf_row_text_class_init (IsafRowTextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isaf_row_text_dispose;
  widget_class->get_request_mode = isaf_row_text_get_request_mode;
  widget_class->measure = isaf_row_text_measure;
  widget_class->size_allocate = isaf_row_text_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "box");
}

static void
isaf_row_text_init (IsafRowText *self)
{
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (GTK_WIDGET (self), MARGIN);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self), MARGIN);
}

/* Public API ----------------------------------------------------------------------------- */

static void
add_label (IsafRowText *self,
           const char  *text,
           const char  *style)
{
  GtkWidget *label = isaf_wrap_label_new (text);

  gtk_widget_add_css_class (label, style);
  gtk_widget_set_parent (label, GTK_WIDGET (self));
}

/**
 * isaf_row_text_new:
 * @title: the row's title
 * @subtitle: (nullable): the text below it
 *
 * Returns: (transfer floating): the two, for the start of an AdwActionRow
 */
GtkWidget *
isaf_row_text_new (const char *title,
                   const char *subtitle)
{
  IsafRowText *self;

  g_return_val_if_fail (title != NULL, NULL);

  self = g_object_new (ISAF_TYPE_ROW_TEXT, NULL);
  add_label (self, title, "title");
  if (subtitle != NULL)
    add_label (self, subtitle, "subtitle");
  return GTK_WIDGET (self);
}
