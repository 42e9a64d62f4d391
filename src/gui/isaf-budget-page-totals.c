/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-budget-page"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-budget-page-private.h"
#include "isaf-choice.h"
#include "isaf-gui-util.h"

/* What the year's plan adds up to, as the core computed it on reading: the grand total under
 * the page's title, and two small tables, by category and by source of funds, each with what
 * was planned and what was spent, and their total. A sum spent above what was planned says
 * so in words. Categories and sources without any line are left out. */

enum {
  COLUMN_NAME,
  COLUMN_PLANNED,
  COLUMN_SPENT,
};

static GtkWidget *
attach_label (GtkGrid    *grid,
              const char *text,
              int         column,
              int         row)
{
  GtkWidget *label = gtk_label_new (NULL);

  isaf_gui_set_wrapping_text (GTK_LABEL (label), text);
  if (column == COLUMN_NAME)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_hexpand (label, TRUE);
    }
  else
    {
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_add_css_class (label, "numeric");
    }
  gtk_grid_attach (grid, label, column, row, 1, 1);
  return label;
}

static void
attach_amounts (IsafBudgetPage        *self,
                GtkGrid               *grid,
                const char            *name,
                const IsafAwpbAmounts *amounts,
                int                    row)
{
  g_autofree char *planned = isaf_budget_page_format_riel (self, amounts->planned);
  g_autofree char *spent = isaf_budget_page_format_spent (self, amounts);
  GtkWidget *spent_label;

  attach_label (grid, name, COLUMN_NAME, row);
  attach_label (grid, planned, COLUMN_PLANNED, row);
  spent_label = attach_label (grid, spent, COLUMN_SPENT, row);
  if (amounts->spent > amounts->planned)
    gtk_widget_add_css_class (spent_label, "warning");
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

/* @amounts[i] for each of @n_names, in that order, then the total. */
static void
fill_table (IsafBudgetPage        *self,
            GtkGrid               *grid,
            const char            *(*get_name) (guint index),
            const IsafAwpbAmounts *amounts,
            guint                  n_names)
{
  int row = 1;

  clear_grid (grid);
  gtk_widget_add_css_class (attach_label (grid, _("Planned"), COLUMN_PLANNED, 0), "dim-label");
  gtk_widget_add_css_class (attach_label (grid, _("Spent"), COLUMN_SPENT, 0), "dim-label");

  for (guint i = 0; i < n_names; i++)
    if (amounts[i].planned != 0 || amounts[i].spent != 0)
      attach_amounts (self, grid, isaf_choice_get_label (get_name (i)), &amounts[i], row++);

  attach_amounts (self, grid, _("Total"), &self->awpb->total, row);
  for (int column = COLUMN_NAME; column <= COLUMN_SPENT; column++)
    gtk_widget_add_css_class (gtk_grid_get_child_at (grid, column, row), "heading");
}

static const char *
get_category_name (guint index)
{
  return isaf_awpb_category_to_string (index);
}

static const char *
get_source_name (guint index)
{
  return isaf_fund_source_to_string (index);
}

void
isaf_budget_page_show_totals (IsafBudgetPage *self)
{
  g_autofree char *planned = NULL;
  g_autofree char *spent = NULL;
  g_autofree char *total = NULL;

  if (self->awpb == NULL || self->awpb->lines->len == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->total_label), FALSE);
      clear_grid (self->category_grid);
      clear_grid (self->source_grid);
      return;
    }

  planned = isaf_budget_page_format_riel (self, self->awpb->total.planned);
  spent = isaf_budget_page_format_spent (self, &self->awpb->total);
  /* Translators: the year's budget in all: what was planned and what was spent, in Riel. */
  total = g_strdup_printf (_("Planned %1$s · Spent %2$s"), planned, spent);
  isaf_gui_set_wrapping_text (self->total_label, total);
  gtk_widget_set_visible (GTK_WIDGET (self->total_label), TRUE);

  fill_table (self, self->category_grid, get_category_name, self->awpb->by_category,
              ISAF_N_AWPB_CATEGORIES);
  fill_table (self, self->source_grid, get_source_name, self->awpb->by_source,
              ISAF_N_FUND_SOURCES);
}
