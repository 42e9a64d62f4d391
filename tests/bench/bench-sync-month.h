/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isaf-store.h"

G_BEGIN_DECLS

/* One month of a commune's work on a laptop that holds a demo commune, entered as a clerk
 * enters it: one form at a time through the store, so that each save is one local transaction
 * captured for sync. It is the demo generator's busiest month: the JAAP committee's monthly
 * meeting with its attendance, the progress of every action of the latest cycle and the status
 * changes that follow, a dissemination meeting in every village with its facilitators, service
 * units and attendance, and the month's spending on each budget line. Drawn from @seed, dated
 * in the current month. Returns how many forms were saved. */
guint bench_sync_enter_month (IsafStore *store,
                              guint32    seed);

G_END_DECLS
