/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _IsafDatabase IsafDatabase;
typedef struct _IsafRecord IsafRecord;
typedef struct _IsafStore IsafStore;

/* The stages of the annual ISAF cycle, in the order they are practised (DOMAIN.md). */
typedef enum {
  ISAF_STAGE_PLANNING,
  ISAF_STAGE_I4C,
  ISAF_STAGE_DISSEMINATION,
  ISAF_STAGE_SCORECARD,
  ISAF_STAGE_SELF_ASSESSMENT,
  ISAF_STAGE_INTERFACE,
  ISAF_STAGE_JAAP,
  ISAF_STAGE_MONITORING,
} IsafStage;

#define ISAF_N_STAGES (ISAF_STAGE_MONITORING + 1)

/* The years a cycle can have (cycle.year). */
#define ISAF_CYCLE_MIN_YEAR 2000
#define ISAF_CYCLE_MAX_YEAR 2200

typedef enum {
  ISAF_STAGE_STATUS_NOT_STARTED,
  ISAF_STAGE_STATUS_IN_PROGRESS,
  ISAF_STAGE_STATUS_DONE,
} IsafStageStatus;

typedef enum {
  ISAF_DATABASE_READ,
  ISAF_DATABASE_WRITE,
  /* A write whose changes are not captured into the outbox: the sync apply path. */
  ISAF_DATABASE_WRITE_UNCAPTURED,
  /* Outside any transaction, for work that manages the file itself: backup and restore. */
  ISAF_DATABASE_MAINTENANCE,
} IsafDatabaseMode;

G_END_DECLS
