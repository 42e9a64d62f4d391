/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isaf-jaap.h"
#include "isaf-presentation-window.h"

G_BEGIN_DECLS

/* Shared by isaf-presentation-window.c (the window: reading the year, moving through the
 * slides, the keys), isaf-presentation-window-slides.c (the opening slide, one slide per
 * action, and the pieces every slide is made of), isaf-presentation-window-table.c (the plan
 * as a table, cut into as many pages as the screen needs) and
 * isaf-presentation-window-summary.c (the scorecard comparisons and this month's progress). */

struct _IsafPresentationWindow
{
  AdwWindow parent_instance;

  /* Template widgets */
  GtkLabel *deck_label;
  GtkLabel *counter_label;
  GtkWidget *slide_area;
  GtkWidget *loading_slide;

  IsafContext *context;
  GCancellable *cancellable;
  int year;
  /* The day the slides are shown, ISO: what "overdue" is measured against. */
  char *today;

  /* What the slides show, once every read has come back: the plan, the year's JAAPC meetings
   * (IsafJaapcMeeting, by date), the service units (IsafRecord) and what the year's interface
   * meetings compared (IsafInterfaceComparison, by unit then indicator). */
  IsafJaap *jaap;
  GPtrArray *jaapc_meetings;
  GPtrArray *units;
  GPtrArray *comparisons;
  guint n_pending;
  GError *load_error;

  /* The slides, in the order shown: the opening slide, the table's pages, then the rest (the
   * actions, the comparisons, the summary). The table's pages are cut again, and the other
   * slides fitted again, whenever the room for a slide changes size. */
  GtkWidget *opening_slide;
  GPtrArray *table_pages;
  GPtrArray *later_slides;
  GPtrArray *slides;
  guint current;
  int paged_width;
  int paged_height;
  guint repage_id;
  /* Slides are being set in smaller type until each fits, a step a frame. */
  gboolean fitting;
  guint fit_id;
  gboolean loading;
};

/* isaf-presentation-window.c */
void        isaf_presentation_window_add_slide       (IsafPresentationWindow *self,
                                                      GtkWidget              *slide);
void        isaf_presentation_window_remove_slide    (IsafPresentationWindow *self,
                                                      GtkWidget              *slide);
char       *isaf_presentation_window_format_year     (IsafPresentationWindow *self);
const char *isaf_presentation_window_get_unit_name   (IsafPresentationWindow *self,
                                                      const IsafUuid         *unit_id);

/* isaf-presentation-window-slides.c */
GtkWidget  *isaf_presentation_slide_new              (const char             *title,
                                                      const char             *kind);
void        isaf_presentation_slide_set_title        (GtkWidget              *slide,
                                                      const char             *title);
const char *isaf_presentation_slide_get_title        (GtkWidget              *slide);
GtkWidget  *isaf_presentation_label_new              (const char             *text,
                                                      const char             *css_class);
GtkWidget  *isaf_presentation_status_new             (IsafJaapStatus          status,
                                                      gboolean                overdue);
char       *isaf_presentation_window_format_number   (IsafPresentationWindow *self,
                                                      const IsafJaapEntry    *entry);
GtkWidget  *isaf_presentation_window_build_opening   (IsafPresentationWindow *self);
GtkWidget  *isaf_presentation_window_build_message   (IsafPresentationWindow *self,
                                                      const char             *title,
                                                      const char             *text);
void        isaf_presentation_window_build_actions   (IsafPresentationWindow *self);

/* isaf-presentation-window-table.c */
void        isaf_presentation_window_build_table     (IsafPresentationWindow *self,
                                                      int                     width,
                                                      int                     height);

/* isaf-presentation-window-summary.c */
void        isaf_presentation_window_build_charts    (IsafPresentationWindow *self);
void        isaf_presentation_window_build_summary   (IsafPresentationWindow *self);

G_END_DECLS
