/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "isaf-database.h"
#include "isaf-types.h"

G_BEGIN_DECLS

/* Where one stage of a year's cycle stands, counted from the store. */
typedef struct {
  IsafStage stage;
  IsafStageStatus status;
  /* What was done and what there is to do, e.g. 9 of 12 villages reached. */
  gint64 done;
  gint64 total;
} IsafStageSummary;

typedef struct {
  char *commune_code;
  int year;
  gint64 n_villages;
  gint64 n_service_units;
  gint64 n_active_cafs;
  gint64 actions_not_started;
  gint64 actions_ongoing;
  gint64 actions_completed;
  gint64 actions_cancelled;
  /* Facts behind the warnings a clerk should see. */
  gint64 n_women_cafs;
  gint64 n_official_cafs;
  gint64 actions_overdue;
  IsafStageSummary stages[ISAF_N_STAGES];
} IsafOverview;

/* What deserves a clerk's attention, in the order the dashboard lists it. */
typedef enum {
  ISAF_WARNING_FEW_CAFS = 1 << 0,
  ISAF_WARNING_OFFICIAL_CAFS = 1 << 1,
  ISAF_WARNING_NO_WOMAN_CAF = 1 << 2,
  ISAF_WARNING_OVERDUE_ACTIONS = 1 << 3,
} IsafWarnings;

/* The strategy asks for at least three active facilitators per commune. */
#define ISAF_MIN_ACTIVE_CAFS 3

IsafOverview *isaf_overview_load           (IsafDatabase        *database,
                                            int                  year,
                                            GError             **error);
void          isaf_overview_load_async     (IsafDatabase        *database,
                                            int                  year,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
IsafOverview *isaf_overview_load_finish    (IsafDatabase        *database,
                                            GAsyncResult        *result,
                                            GError             **error);
void          isaf_overview_free           (IsafOverview        *overview);
int           isaf_overview_latest_year    (IsafDatabase        *database,
                                            GError             **error);

IsafWarnings  isaf_overview_get_warnings   (const IsafOverview  *overview);
char         *isaf_overview_describe_warning (const IsafOverview *overview,
                                              IsafWarnings        warning);
char         *isaf_stage_summary_next_step (const IsafStageSummary *summary);
const char   *isaf_stage_get_title         (IsafStage            stage);
const char   *isaf_stage_get_name          (IsafStage            stage);
char         *isaf_stage_summary_describe  (const IsafStageSummary *summary);
const char   *isaf_stage_status_get_label  (IsafStageStatus      status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafOverview, isaf_overview_free)

G_END_DECLS
