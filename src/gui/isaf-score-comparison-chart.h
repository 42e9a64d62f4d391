/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isaf-format.h"
#include "isaf-interface-meeting.h"

G_BEGIN_DECLS

#define ISAF_TYPE_SCORE_COMPARISON_CHART (isaf_score_comparison_chart_get_type ())

G_DECLARE_FINAL_TYPE (IsafScoreComparisonChart, isaf_score_comparison_chart, ISAF,
                      SCORE_COMPARISON_CHART, GtkDrawingArea)

/* How far apart the two sides are, for the colour of the gap and of its sentence. */
typedef enum {
  /* One side, or both, has no result: nothing to compare. */
  ISAF_SCORE_GAP_NONE,
  ISAF_SCORE_GAP_SMALL,
  ISAF_SCORE_GAP_MEDIUM,
  ISAF_SCORE_GAP_LARGE,
} IsafScoreGap;

GtkWidget    *isaf_score_comparison_chart_new             (void);
/* Shows the two medians of @comparison (copied: it need not outlive the chart). */
void          isaf_score_comparison_chart_set_comparison  (IsafScoreComparisonChart      *self,
                                                           const IsafInterfaceComparison *comparison);
void          isaf_score_comparison_chart_set_digits      (IsafScoreComparisonChart      *self,
                                                           IsafDigits                     digits);
/* The medians drawn: FALSE for a side without a result. */
gboolean      isaf_score_comparison_chart_get_citizen_median  (IsafScoreComparisonChart *self,
                                                               double                   *median);
gboolean      isaf_score_comparison_chart_get_provider_median (IsafScoreComparisonChart *self,
                                                               double                   *median);

/* The words beside the chart, shared with whoever explains it: a median as shown ("3.5", or
 * "No result" when nobody scored), and the gap as a sentence ("Providers score themselves
 * 1.5 higher"). */
char         *isaf_score_comparison_dup_median_text       (gboolean                       has_median,
                                                           double                         median,
                                                           IsafDigits                     digits);
IsafScoreGap  isaf_score_comparison_get_gap_size          (const IsafInterfaceComparison *comparison);
char         *isaf_score_comparison_dup_gap_text          (const IsafInterfaceComparison *comparison,
                                                           IsafDigits                     digits);

G_END_DECLS
