/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "isaf-schema.h"
#include "isaf-types.h"
#include "isaf-uuid.h"

G_BEGIN_DECLS

typedef enum {
  ISAF_VALUE_NULL,
  ISAF_VALUE_INTEGER,
  ISAF_VALUE_REAL,
  ISAF_VALUE_TEXT,
  ISAF_VALUE_ID,
} IsafValueType;

typedef struct {
  IsafValueType type;
  union {
    gint64 integer;
    double real;
    char *text;
    IsafUuid id;
  };
} IsafValue;

#define ISAF_TYPE_RECORD (isaf_record_get_type ())

G_DECLARE_FINAL_TYPE (IsafRecord, isaf_record, ISAF, RECORD, GObject)

IsafRecord       *isaf_record_new           (const char       *table);
IsafRecord       *isaf_record_new_with_id   (const char       *table,
                                             const IsafUuid   *id);
IsafRecord       *isaf_record_new_keyed     (const char       *table,
                                             const char       *natural_key);
const IsafTable  *isaf_record_get_table     (IsafRecord       *self);
const char       *isaf_record_get_table_name (IsafRecord      *self);
const IsafUuid   *isaf_record_get_id        (IsafRecord       *self);
char             *isaf_record_dup_id_string (IsafRecord       *self);
gboolean          isaf_record_get_deleted   (IsafRecord       *self);
gboolean          isaf_record_is_stored     (IsafRecord       *self);

void              isaf_record_set_text      (IsafRecord       *self,
                                             const char       *column,
                                             const char       *text);
void              isaf_record_set_integer   (IsafRecord       *self,
                                             const char       *column,
                                             gint64            value);
void              isaf_record_set_real      (IsafRecord       *self,
                                             const char       *column,
                                             double            value);
void              isaf_record_set_boolean   (IsafRecord       *self,
                                             const char       *column,
                                             gboolean          value);
void              isaf_record_set_reference (IsafRecord       *self,
                                             const char       *column,
                                             const IsafUuid   *id);
void              isaf_record_set_null      (IsafRecord       *self,
                                             const char       *column);
void              isaf_record_set_value     (IsafRecord       *self,
                                             const char       *column,
                                             const IsafValue  *value);

const char       *isaf_record_get_text      (IsafRecord       *self,
                                             const char       *column);
gint64            isaf_record_get_integer   (IsafRecord       *self,
                                             const char       *column);
double            isaf_record_get_real      (IsafRecord       *self,
                                             const char       *column);
gboolean          isaf_record_get_boolean   (IsafRecord       *self,
                                             const char       *column);
const IsafUuid   *isaf_record_get_reference (IsafRecord       *self,
                                             const char       *column);
gboolean          isaf_record_is_null       (IsafRecord       *self,
                                             const char       *column);

/* For the store: direct access by column index. */
IsafValue        *isaf_record_value_at      (IsafRecord       *self,
                                             guint             index);
gboolean          isaf_record_is_changed_at (IsafRecord       *self,
                                             guint             index);
guint64           isaf_record_get_changed_mask (IsafRecord    *self);
void              isaf_record_mark_stored   (IsafRecord       *self,
                                             gboolean          deleted);

void              isaf_value_clear          (IsafValue        *value);
void              isaf_value_copy           (const IsafValue  *src,
                                             IsafValue        *dest);
gboolean          isaf_value_equal          (const IsafValue  *a,
                                             const IsafValue  *b);

G_END_DECLS
