/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-presentation-window"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-gui-util.h"
#include "isaf-presentation-window-private.h"
#include "isaf-schema.h"

/* The plan as the template's table, in the projector's large type: No., activity, service
 * unit, end date and status (a word beside a colour chip, and "Overdue" under it when the end
 * date has passed). Rows wrap and so differ in height, and the room depends on the screen:
 * the pages are cut by measuring, one row at a time, how tall the page has grown at the width
 * a slide has, and starting a new page at the first row that no longer fits. */

/* Each depth of the plan's tree shifts the activity this far right, in pixels. */
#define DEPTH_INDENT 28

enum {
  COLUMN_NUMBER,
  COLUMN_ACTIVITY,
  COLUMN_UNIT,
  COLUMN_END,
  COLUMN_STATUS,
};

/* Cells fill their row, so that the rules under them line up; their text stays at the top. */
static void
attach_cell (GtkGrid   *grid,
             GtkWidget *cell,
             int        column,
             int        row)
{
  gtk_widget_add_css_class (cell, "isaf-presentation-cell");
  gtk_widget_set_valign (cell, GTK_ALIGN_FILL);
  if (GTK_IS_LABEL (cell))
    gtk_label_set_yalign (GTK_LABEL (cell), 0);
  gtk_grid_attach (grid, cell, column, row, 1, 1);
}

static void
attach_column_title (GtkGrid    *grid,
                     int         column,
                     const char *title)
{
  GtkWidget *label = isaf_presentation_label_new (title, "isaf-presentation-column-title");

  gtk_widget_set_valign (label, GTK_ALIGN_FILL);
  gtk_label_set_yalign (GTK_LABEL (label), 1);
  gtk_grid_attach (grid, label, column, 0, 1, 1);
}

static GtkWidget *
create_page (IsafPresentationWindow *self,
             guint                   first_entry)
{
  GtkWidget *page = isaf_presentation_slide_new (_("The Plan"), "isaf-presentation-table");
  GtkWidget *grid = gtk_grid_new ();
  IsafRecord *action = ((IsafJaapEntry *) g_ptr_array_index (self->jaap->entries, 0))->action;
  const IsafTable *table = isaf_record_get_table (action);

  gtk_grid_set_column_spacing (GTK_GRID (grid), 16);
  /* Translators: the heading of the table's first column, the action's number in the plan. */
  attach_column_title (GTK_GRID (grid), COLUMN_NUMBER, _("No."));
  attach_column_title (GTK_GRID (grid), COLUMN_ACTIVITY, _("Activity"));
  attach_column_title (GTK_GRID (grid), COLUMN_UNIT,
                       _(isaf_schema_find_column (table, "service_unit_id")->label));
  attach_column_title (GTK_GRID (grid), COLUMN_END,
                       _(isaf_schema_find_column (table, "end_on")->label));
  attach_column_title (GTK_GRID (grid), COLUMN_STATUS,
                       _(isaf_schema_find_column (table, "status")->label));
  gtk_box_append (GTK_BOX (page), grid);

  g_object_set_data (G_OBJECT (page), "isaf-first-entry", GUINT_TO_POINTER (first_entry));
  isaf_presentation_window_add_slide (self, page);
  g_ptr_array_add (self->table_pages, page);
  return page;
}

static GtkGrid *
get_page_grid (GtkWidget *page)
{
  return GTK_GRID (gtk_widget_get_last_child (page));
}

/* The row of entry @index, as row @row of @page's table (the titles are row 0). */
static void
attach_row (IsafPresentationWindow *self,
            GtkWidget              *page,
            guint                   index,
            int                     row)
{
  IsafJaapEntry *entry = g_ptr_array_index (self->jaap->entries, index);
  GtkGrid *grid = get_page_grid (page);
  g_autofree char *number = isaf_presentation_window_format_number (self, entry);
  g_autofree char *end = isaf_gui_format_date (self->context,
                                               isaf_record_get_text (entry->action, "end_on"));
  const char *unit = entry->unit_name_km != NULL && entry->unit_name_km[0] != '\0'
                     ? entry->unit_name_km : entry->unit_name_en;
  GtkWidget *number_label = isaf_presentation_label_new (number, "isaf-presentation-number");
  GtkWidget *activity = isaf_presentation_label_new (isaf_record_get_text (entry->action,
                                                                           "activity"),
                                                     "isaf-presentation-activity");
  GtkWidget *unit_label = isaf_presentation_label_new (unit, "isaf-presentation-unit");
  GtkWidget *end_label = isaf_presentation_label_new (end, "isaf-presentation-end");
  GtkWidget *status = isaf_presentation_status_new (isaf_jaap_entry_get_status (entry),
                                                    isaf_jaap_entry_is_overdue (entry,
                                                                                self->today));

  gtk_label_set_wrap (GTK_LABEL (number_label), FALSE);
  gtk_widget_set_hexpand (activity, TRUE);
  gtk_widget_set_margin_start (activity, (entry->depth - 1) * DEPTH_INDENT);
  /* The activity is what the room reads: the unit and the date keep to narrow columns and
   * wrap, leaving it the width. */
  gtk_label_set_max_width_chars (GTK_LABEL (unit_label), 15);
  gtk_label_set_max_width_chars (GTK_LABEL (end_label), 11);

  attach_cell (grid, number_label, COLUMN_NUMBER, row);
  attach_cell (grid, activity, COLUMN_ACTIVITY, row);
  attach_cell (grid, unit_label, COLUMN_UNIT, row);
  attach_cell (grid, end_label, COLUMN_END, row);
  attach_cell (grid, status, COLUMN_STATUS, row);
}

/* Whether @page, as it is now, shows whole in @width × @height. */
static gboolean
page_fits (GtkWidget *page,
           int        width,
           int        height)
{
  int natural_height;

  gtk_widget_measure (page, GTK_ORIENTATION_VERTICAL, width, NULL, &natural_height, NULL, NULL);
  return natural_height <= height;
}

/* Cuts the plan into the pages a slide of @width × @height pixels holds, in place of the ones
 * cut before. A row too tall for a page of its own still gets one. */
void
isaf_presentation_window_build_table (IsafPresentationWindow *self,
                                      int                     width,
                                      int                     height)
{
  GtkWidget *page = NULL;
  int n_rows = 0;

  for (guint i = 0; i < self->table_pages->len; i++)
    isaf_presentation_window_remove_slide (self, g_ptr_array_index (self->table_pages, i));
  g_ptr_array_set_size (self->table_pages, 0);

  for (guint i = 0; i < self->jaap->entries->len; i++)
    {
      if (page == NULL)
        page = create_page (self, i);
      attach_row (self, page, i, n_rows + 1);
      if (n_rows > 0 && !page_fits (page, width, height))
        {
          gtk_grid_remove_row (get_page_grid (page), n_rows + 1);
          page = create_page (self, i);
          attach_row (self, page, i, 1);
          n_rows = 0;
        }
      n_rows++;
    }

  for (guint i = 0; i < self->table_pages->len; i++)
    {
      g_autofree char *number = isaf_context_format_integer (self->context, i + 1);
      g_autofree char *total = isaf_context_format_integer (self->context,
                                                            self->table_pages->len);
      /* Translators: the title of the table's slides: "The Plan, Page 2 of 5". */
      g_autofree char *title = g_strdup_printf (_("The Plan, Page %1$s of %2$s"), number, total);

      isaf_presentation_slide_set_title (g_ptr_array_index (self->table_pages, i), title);
    }
}
