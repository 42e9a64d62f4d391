/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isaf-i4c.h"

G_BEGIN_DECLS

/* Shared by isaf-i4c.c (the sheet and what it holds) and isaf-i4c-store.c (reading it on the
 * database thread, and saving it). */

struct _IsafI4c
{
  GObject parent_instance;

  IsafRecord *unit;
  int year;
  /* This year's cycle: as stored, or a new one to create with the set. */
  IsafRecord *cycle;
  /* As read (or, for a unit without a set this year, the new set, not stored), and as
   * edited. */
  IsafRecord *saved_set;
  IsafRecord *set;
  GPtrArray *indicators;
  /* Per indicator: the value row as read (a new one, not stored, when there was none) and as
   * edited. */
  GPtrArray *saved_values;
  GPtrArray *values;
  /* Stored rows as read, and the rows as edited, in order. */
  GPtrArray *saved_fees;
  GPtrArray *fees;
  GPtrArray *saved_staff;
  GPtrArray *staff;
  /* Last year's sheet; last_set is NULL when the unit had none. */
  IsafRecord *last_set;
  GArray *last_values;
  GPtrArray *last_fees;
  GPtrArray *last_staff;
};

typedef struct {
  gboolean known;
  double value;
} LastValue;

/* What a save writes, parents first, and the rows it deletes. */
typedef struct {
  GPtrArray *writes;
  GPtrArray *deletes;
} Plan;

/* Defined in isaf-i4c.c. */
extern const char * const isaf_i4c_set_text_columns[2];
extern const char * const isaf_i4c_set_riel_columns[2];

IsafRecord     *isaf_i4c_copy_record (IsafRecord     *record);
IsafRecord     *isaf_i4c_find_by_id  (GPtrArray      *records,
                                      const IsafUuid *id,
                                      guint          *index);
char           *isaf_i4c_key_of      (const IsafUuid *id,
                                      const char     *suffix);
const IsafUuid *isaf_i4c_get_set_id  (IsafI4c        *self);

/* Defined in isaf-i4c-store.c. */
Plan           *isaf_i4c_plan_new    (IsafI4c        *self);
void            isaf_i4c_plan_free   (gpointer        data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Plan, isaf_i4c_plan_free)

G_END_DECLS
