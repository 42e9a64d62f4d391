/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-jaap-badges"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-jaap-badges.h"

/* What every page that lists the plan's actions (the JAAP, Monitoring, the JAAPC meeting
 * editor) shows next to each: its status and, when it is past its end date with work still to
 * do, that it is overdue. */

static const char *
get_status_class (IsafJaapStatus status)
{
  switch (status)
    {
    case ISAF_JAAP_STATUS_ONGOING:
      return "in-progress";
    case ISAF_JAAP_STATUS_COMPLETED:
      return "done";
    case ISAF_JAAP_STATUS_NOT_STARTED:
    case ISAF_JAAP_STATUS_CANCELLED:
    default:
      return "not-started";
    }
}

GtkWidget *
isaf_jaap_status_badge_new (IsafJaapStatus status)
{
  GtkWidget *badge = gtk_label_new (isaf_jaap_status_get_label (status));

  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (badge, "isaf-status");
  gtk_widget_add_css_class (badge, get_status_class (status));
  return badge;
}

GtkWidget *
isaf_jaap_overdue_badge_new (void)
{
  GtkWidget *badge = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *icon = gtk_image_new_from_icon_name ("alarm-symbolic");
  GtkWidget *label = gtk_label_new (_("Overdue"));

  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (badge, "error");
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (badge), icon);
  gtk_box_append (GTK_BOX (badge), label);
  return badge;
}
