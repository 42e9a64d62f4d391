/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isaf-database.h"
#include "isaf-demo-text.h"
#include "isaf-gazetteer.h"
#include "isaf-record.h"

G_BEGIN_DECLS

typedef struct {
  IsafUuid id;
  const char *kind;
  char *name_km;
  guint village;
} DemoUnit;

/* Everything one demo generation shares: the random source (the only one: the same seed
 * gives the same database) and the registries the cycles refer to. */
typedef struct {
  IsafDatabase *database;
  GRand *rand;
  const IsafGazetteerEntry *commune;
  GPtrArray *villages;
  GArray *village_ids;
  GArray *units;
  GArray *cafs;
  GArray *members;
} Demo;

IsafRecord *demo_record       (Demo       *demo,
                               const char *table,
                               int         year,
                               int         month,
                               int         day);
gboolean    demo_save         (Demo       *demo,
                               IsafRecord *record,
                               GError    **error);
char       *demo_date         (int         year,
                               int         month,
                               int         day);
int         demo_range        (Demo       *demo,
                               int         low,
                               int         high);
gboolean    demo_generate_cycle (Demo     *demo,
                                 int       year,
                                 GError  **error);

G_END_DECLS
