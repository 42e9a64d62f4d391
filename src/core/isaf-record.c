/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-record"

#include "config.h"

#include "isaf-record.h"

/* One row of a synced table, as the store reads and writes it. The record knows which fields
 * were set since it was read, so an update writes (and captures) only those. Values are
 * checked by the store's validation, not here: a record may hold bad input on its way to
 * being refused with a clear message. */
struct _IsafRecord
{
  GObject parent_instance;

  const IsafTable *table;
  IsafUuid id;
  IsafValue *values;
  guint64 changed;
  gboolean stored;
  gboolean deleted;
};

G_DEFINE_FINAL_TYPE (IsafRecord, isaf_record, G_TYPE_OBJECT)

G_STATIC_ASSERT (sizeof (guint64) * 8 >= 64);

void
isaf_value_clear (IsafValue *value)
{
  if (value->type == ISAF_VALUE_TEXT)
    g_free (value->text);
  value->type = ISAF_VALUE_NULL;
}

void
isaf_value_copy (const IsafValue *src,
                 IsafValue       *dest)
{
  isaf_value_clear (dest);
  *dest = *src;
  if (src->type == ISAF_VALUE_TEXT)
    dest->text = g_strdup (src->text);
}

gboolean
isaf_value_equal (const IsafValue *a,
                  const IsafValue *b)
{
  if (a->type != b->type)
    return FALSE;

  switch (a->type)
    {
    case ISAF_VALUE_NULL:
      return TRUE;
    case ISAF_VALUE_INTEGER:
      return a->integer == b->integer;
    case ISAF_VALUE_REAL:
      return a->real == b->real;
    case ISAF_VALUE_TEXT:
      return g_strcmp0 (a->text, b->text) == 0;
    case ISAF_VALUE_ID:
      return isaf_uuid_equal (&a->id, &b->id);
    default:
      g_assert_not_reached ();
    }
}

static void
isaf_record_finalize (GObject *object)
{
  IsafRecord *self = (IsafRecord *)object;

  for (guint i = 0; i < self->table->n_columns; i++)
    isaf_value_clear (&self->values[i]);
  g_free (self->values);

  G_OBJECT_CLASS (isaf_record_parent_class)->finalize (object);
}

static void
isaf_record_class_init (IsafRecordClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = isaf_record_finalize;
}

static void
isaf_record_init (IsafRecord *self)
{
}

IsafRecord *
isaf_record_new_with_id (const char     *table,
                         const IsafUuid *id)
{
  const IsafTable *spec = isaf_schema_find_table (table);
  IsafRecord *self;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (spec->n_columns <= 64, NULL);

  self = g_object_new (ISAF_TYPE_RECORD, NULL);
  self->table = spec;
  self->id = *id;
  self->values = g_new0 (IsafValue, spec->n_columns);
  return self;
}

IsafRecord *
isaf_record_new (const char *table)
{
  IsafUuid id;

  isaf_uuid_v7 (&id);
  return isaf_record_new_with_id (table, &id);
}

/* A row defined by a natural key (one vote, one monthly status): every device computes the
 * same id, so the same fact entered twice merges instead of duplicating. */
IsafRecord *
isaf_record_new_keyed (const char *table,
                       const char *natural_key)
{
  IsafUuid id;

  isaf_uuid_v5_for_table (&id, table, natural_key);
  return isaf_record_new_with_id (table, &id);
}

const IsafTable *
isaf_record_get_table (IsafRecord *self)
{
  return self->table;
}

const char *
isaf_record_get_table_name (IsafRecord *self)
{
  return self->table->name;
}

const IsafUuid *
isaf_record_get_id (IsafRecord *self)
{
  return &self->id;
}

char *
isaf_record_dup_id_string (IsafRecord *self)
{
  return isaf_uuid_to_string (&self->id);
}

gboolean
isaf_record_get_deleted (IsafRecord *self)
{
  return self->deleted;
}

gboolean
isaf_record_is_stored (IsafRecord *self)
{
  return self->stored;
}

void
isaf_record_mark_stored (IsafRecord *self,
                         gboolean    deleted)
{
  self->stored = TRUE;
  self->deleted = deleted;
  self->changed = 0;
}

static IsafValue *
lookup (IsafRecord *self,
        const char *column,
        guint      *index_out)
{
  int index = isaf_schema_column_index (self->table, column);

  if (index < 0)
    {
      g_critical ("Table %s has no column %s", self->table->name, column);
      return NULL;
    }
  if (index_out)
    *index_out = index;
  return &self->values[index];
}

static IsafValue *
prepare_set (IsafRecord *self,
             const char *column)
{
  guint index;
  IsafValue *value = lookup (self, column, &index);

  if (value == NULL)
    return NULL;
  isaf_value_clear (value);
  self->changed |= G_GUINT64_CONSTANT (1) << index;
  return value;
}

void
isaf_record_set_text (IsafRecord *self,
                      const char *column,
                      const char *text)
{
  IsafValue *value = prepare_set (self, column);

  if (value && text)
    {
      value->type = ISAF_VALUE_TEXT;
      value->text = g_strdup (text);
    }
}

void
isaf_record_set_integer (IsafRecord *self,
                         const char *column,
                         gint64      integer)
{
  IsafValue *value = prepare_set (self, column);

  if (value)
    {
      value->type = ISAF_VALUE_INTEGER;
      value->integer = integer;
    }
}

void
isaf_record_set_real (IsafRecord *self,
                      const char *column,
                      double      real)
{
  IsafValue *value = prepare_set (self, column);

  if (value)
    {
      value->type = ISAF_VALUE_REAL;
      value->real = real;
    }
}

void
isaf_record_set_boolean (IsafRecord *self,
                         const char *column,
                         gboolean    boolean)
{
  isaf_record_set_integer (self, column, boolean ? 1 : 0);
}

void
isaf_record_set_reference (IsafRecord     *self,
                           const char     *column,
                           const IsafUuid *id)
{
  IsafValue *value = prepare_set (self, column);

  if (value && id)
    {
      value->type = ISAF_VALUE_ID;
      value->id = *id;
    }
}

void
isaf_record_set_null (IsafRecord *self,
                      const char *column)
{
  prepare_set (self, column);
}

/* Sets @column to a copy of @value, of whatever type it holds. */
void
isaf_record_set_value (IsafRecord      *self,
                       const char      *column,
                       const IsafValue *value)
{
  switch (value->type)
    {
    case ISAF_VALUE_NULL:
      isaf_record_set_null (self, column);
      break;
    case ISAF_VALUE_INTEGER:
      isaf_record_set_integer (self, column, value->integer);
      break;
    case ISAF_VALUE_REAL:
      isaf_record_set_real (self, column, value->real);
      break;
    case ISAF_VALUE_TEXT:
      isaf_record_set_text (self, column, value->text);
      break;
    case ISAF_VALUE_ID:
      isaf_record_set_reference (self, column, &value->id);
      break;
    default:
      g_assert_not_reached ();
    }
}

const char *
isaf_record_get_text (IsafRecord *self,
                      const char *column)
{
  IsafValue *value = lookup (self, column, NULL);

  return value && value->type == ISAF_VALUE_TEXT ? value->text : NULL;
}

gint64
isaf_record_get_integer (IsafRecord *self,
                         const char *column)
{
  IsafValue *value = lookup (self, column, NULL);

  return value && value->type == ISAF_VALUE_INTEGER ? value->integer : 0;
}

double
isaf_record_get_real (IsafRecord *self,
                      const char *column)
{
  IsafValue *value = lookup (self, column, NULL);

  if (value && value->type == ISAF_VALUE_REAL)
    return value->real;
  if (value && value->type == ISAF_VALUE_INTEGER)
    return value->integer;
  return 0.0;
}

gboolean
isaf_record_get_boolean (IsafRecord *self,
                         const char *column)
{
  return isaf_record_get_integer (self, column) != 0;
}

const IsafUuid *
isaf_record_get_reference (IsafRecord *self,
                           const char *column)
{
  IsafValue *value = lookup (self, column, NULL);

  return value && value->type == ISAF_VALUE_ID ? &value->id : NULL;
}

gboolean
isaf_record_is_null (IsafRecord *self,
                     const char *column)
{
  IsafValue *value = lookup (self, column, NULL);

  return value == NULL || value->type == ISAF_VALUE_NULL;
}

IsafValue *
isaf_record_value_at (IsafRecord *self,
                      guint       index)
{
  g_return_val_if_fail (index < self->table->n_columns, NULL);

  return &self->values[index];
}

gboolean
isaf_record_is_changed_at (IsafRecord *self,
                           guint       index)
{
  return (self->changed >> index) & 1;
}

guint64
isaf_record_get_changed_mask (IsafRecord *self)
{
  return self->changed;
}
