/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-i4c"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "isaf-i4c-private.h"
#include "isaf-khmer.h"
#include "isaf-validate.h"

/* The I4C sheet of one service unit for one year: what its poster shows (the performance
 * indicators of the unit's kind against their national standards, opening hours, services,
 * official fees, staff, budget) with last year's sheet beside it. The sheet keeps the rows
 * as they were read and the rows as edited; saving writes only the difference, in one
 * transaction, so that a field nobody touched is never written (and never synced) again.
 *
 * Rows that two laptops may both create have ids made from what defines them, the same keys
 * as everywhere else: the cycle "<commune code>/<year>", the set "<unit id>/<year>", a value
 * "<set id>/<indicator code>", a staff row "<set id>/<category>". A missing value is a NULL
 * (or no row at all), never 0. */

G_DEFINE_FINAL_TYPE (IsafI4c, isaf_i4c, G_TYPE_OBJECT)

G_DEFINE_QUARK (isaf-i4c-error-quark, isaf_i4c_error)

/* The columns of a set that a clerk fills in (the rest say what the set is about). */
const char * const isaf_i4c_set_text_columns[] = { "opening_hours", "services_offered" };
const char * const isaf_i4c_set_riel_columns[] = { "budget_received_riel", "budget_spent_riel" };

/* Records -------------------------------------------------------------------------------- */

IsafRecord *
isaf_i4c_copy_record (IsafRecord *record)
{
  const IsafTable *table = isaf_record_get_table (record);
  IsafRecord *copy = isaf_record_new_with_id (table->name, isaf_record_get_id (record));

  for (guint i = 0; i < table->n_columns; i++)
    isaf_value_copy (isaf_record_value_at (record, i), isaf_record_value_at (copy, i));
  if (isaf_record_is_stored (record))
    isaf_record_mark_stored (copy, isaf_record_get_deleted (record));
  return copy;
}

IsafRecord *
isaf_i4c_find_by_id (GPtrArray      *records,
                     const IsafUuid *id,
                     guint          *index)
{
  for (guint i = 0; i < records->len; i++)
    if (isaf_uuid_equal (isaf_record_get_id (g_ptr_array_index (records, i)), id))
      {
        if (index != NULL)
          *index = i;
        return g_ptr_array_index (records, i);
      }
  return NULL;
}

char *
isaf_i4c_key_of (const IsafUuid *id,
                 const char     *suffix)
{
  char buffer[ISAF_UUID_STRING_LENGTH + 1];

  isaf_uuid_to_buffer (id, buffer);
  return g_strconcat (buffer, "/", suffix, NULL);
}

/* A staff row's id follows from its set and its category as the store keeps it. */
static void
staff_id (const IsafUuid *set_id,
          const char     *category,
          IsafUuid       *out)
{
  g_autofree char *normalized = isaf_khmer_normalize (category);
  g_autofree char *key = isaf_i4c_key_of (set_id, normalized);

  isaf_uuid_v5_for_table (out, "i4c_staff", key);
}

const IsafUuid *
isaf_i4c_get_set_id (IsafI4c *self)
{
  return isaf_record_get_id (self->set);
}

/* GObject -------------------------------------------------------------------------------- */

static void
isaf_i4c_finalize (GObject *object)
{
  IsafI4c *self = ISAF_I4C (object);

  g_clear_object (&self->unit);
  g_clear_object (&self->cycle);
  g_clear_object (&self->saved_set);
  g_clear_object (&self->set);
  g_clear_object (&self->last_set);
  g_clear_pointer (&self->indicators, g_ptr_array_unref);
  g_clear_pointer (&self->saved_values, g_ptr_array_unref);
  g_clear_pointer (&self->values, g_ptr_array_unref);
  g_clear_pointer (&self->last_values, g_array_unref);
  g_clear_pointer (&self->saved_fees, g_ptr_array_unref);
  g_clear_pointer (&self->fees, g_ptr_array_unref);
  g_clear_pointer (&self->saved_staff, g_ptr_array_unref);
  g_clear_pointer (&self->staff, g_ptr_array_unref);
  g_clear_pointer (&self->last_fees, g_ptr_array_unref);
  g_clear_pointer (&self->last_staff, g_ptr_array_unref);

  G_OBJECT_CLASS (isaf_i4c_parent_class)->finalize (object);
}

static void
isaf_i4c_class_init (IsafI4cClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = isaf_i4c_finalize;
}

static void
isaf_i4c_init (IsafI4c *self)
{
}

/* What the sheet is about ---------------------------------------------------------------- */

/**
 * isaf_i4c_get_unit:
 * @self: a sheet
 *
 * Returns: (transfer none): the service unit, as read with the sheet
 */
IsafRecord *
isaf_i4c_get_unit (IsafI4c *self)
{
  g_return_val_if_fail (ISAF_IS_I4C (self), NULL);

  return self->unit;
}

int
isaf_i4c_get_year (IsafI4c *self)
{
  g_return_val_if_fail (ISAF_IS_I4C (self), 0);

  return self->year;
}

/* Whether the unit had a set for the year when the sheet was read. */
gboolean
isaf_i4c_is_stored (IsafI4c *self)
{
  g_return_val_if_fail (ISAF_IS_I4C (self), FALSE);

  return isaf_record_is_stored (self->saved_set);
}

/* Whether saving would write anything. */
gboolean
isaf_i4c_get_changed (IsafI4c *self)
{
  g_autoptr(Plan) plan = NULL;

  g_return_val_if_fail (ISAF_IS_I4C (self), FALSE);

  plan = isaf_i4c_plan_new (self);
  return plan->writes->len > 0 || plan->deletes->len > 0;
}

static void
add_table (GPtrArray  *tables,
           IsafRecord *record)
{
  const char *table = isaf_record_get_table_name (record);

  if (!g_ptr_array_find_with_equal_func (tables, table, g_str_equal, NULL))
    g_ptr_array_add (tables, g_strdup (table));
}

/**
 * isaf_i4c_dup_changed_tables:
 * @self: a sheet
 *
 * Returns: (transfer full): the tables saving would write to, for announcing the change
 */
GStrv
isaf_i4c_dup_changed_tables (IsafI4c *self)
{
  g_autoptr(Plan) plan = NULL;
  GPtrArray *tables;

  g_return_val_if_fail (ISAF_IS_I4C (self), NULL);

  plan = isaf_i4c_plan_new (self);
  tables = g_ptr_array_new ();
  for (guint i = 0; i < plan->writes->len; i++)
    add_table (tables, g_ptr_array_index (plan->writes, i));
  for (guint i = 0; i < plan->deletes->len; i++)
    add_table (tables, g_ptr_array_index (plan->deletes, i));
  g_ptr_array_add (tables, NULL);
  return (GStrv) g_ptr_array_free (tables, FALSE);
}

/**
 * isaf_i4c_validate:
 * @self: a sheet
 * @error: return location for an error
 *
 * Checks every row saving would write as the store will, without writing anything.
 *
 * Returns: %TRUE when the store would accept them all
 */
gboolean
isaf_i4c_validate (IsafI4c  *self,
                   GError  **error)
{
  g_autoptr(Plan) plan = NULL;

  g_return_val_if_fail (ISAF_IS_I4C (self), FALSE);

  plan = isaf_i4c_plan_new (self);
  for (guint i = 0; i < plan->writes->len; i++)
    if (!isaf_validate_record (g_ptr_array_index (plan->writes, i), NULL, error))
      return FALSE;
  return TRUE;
}

/* Indicators ------------------------------------------------------------------------------ */

guint
isaf_i4c_get_n_indicators (IsafI4c *self)
{
  g_return_val_if_fail (ISAF_IS_I4C (self), 0);

  return self->indicators->len;
}

/**
 * isaf_i4c_get_indicator:
 * @self: a sheet
 * @index: which indicator, in poster order
 *
 * Returns: (transfer none): the indicator, from the newest national reference set for the
 *   unit's kind
 */
const IsafIndicator *
isaf_i4c_get_indicator (IsafI4c *self,
                        guint    index)
{
  g_return_val_if_fail (ISAF_IS_I4C (self), NULL);
  g_return_val_if_fail (index < self->indicators->len, NULL);

  return g_ptr_array_index (self->indicators, index);
}

/**
 * isaf_i4c_get_value:
 * @self: a sheet
 * @index: which indicator
 * @value: (out) (optional): this year's value, as edited
 *
 * Returns: %TRUE when there is a value, %FALSE when it is missing
 */
gboolean
isaf_i4c_get_value (IsafI4c *self,
                    guint    index,
                    double  *value)
{
  IsafRecord *row;

  g_return_val_if_fail (ISAF_IS_I4C (self), FALSE);
  g_return_val_if_fail (index < self->values->len, FALSE);

  row = g_ptr_array_index (self->values, index);
  if (isaf_record_is_null (row, "value"))
    return FALSE;
  if (value != NULL)
    *value = isaf_record_get_real (row, "value");
  return TRUE;
}

/**
 * isaf_i4c_get_last_value:
 * @self: a sheet
 * @index: which indicator
 * @value: (out) (optional): last year's value
 *
 * Returns: %TRUE when last year had a value, %FALSE when it is missing
 */
gboolean
isaf_i4c_get_last_value (IsafI4c *self,
                         guint    index,
                         double  *value)
{
  const LastValue *last;

  g_return_val_if_fail (ISAF_IS_I4C (self), FALSE);
  g_return_val_if_fail (index < self->last_values->len, FALSE);

  last = &g_array_index (self->last_values, LastValue, index);
  if (last->known && value != NULL)
    *value = last->value;
  return last->known;
}

void
isaf_i4c_set_value (IsafI4c *self,
                    guint    index,
                    double   value)
{
  g_return_if_fail (ISAF_IS_I4C (self));
  g_return_if_fail (index < self->values->len);

  isaf_record_set_real (g_ptr_array_index (self->values, index), "value", value);
}

/* Makes the value missing: saved as NULL, never as 0. */
void
isaf_i4c_clear_value (IsafI4c *self,
                      guint    index)
{
  g_return_if_fail (ISAF_IS_I4C (self));
  g_return_if_fail (index < self->values->len);

  isaf_record_set_null (g_ptr_array_index (self->values, index), "value");
}

/* The set -------------------------------------------------------------------------------- */

/**
 * isaf_i4c_get_set:
 * @self: a sheet
 *
 * The set as edited: opening hours, services offered and the budget are its columns; change
 * them with isaf_record_set_text(), isaf_record_set_integer() and isaf_record_set_null().
 *
 * Returns: (transfer none): the set to edit
 */
IsafRecord *
isaf_i4c_get_set (IsafI4c *self)
{
  g_return_val_if_fail (ISAF_IS_I4C (self), NULL);

  return self->set;
}

/**
 * isaf_i4c_get_saved_set:
 * @self: a sheet
 *
 * Returns: (transfer none): the set as read (not stored when the unit had none that year);
 *   do not change it
 */
IsafRecord *
isaf_i4c_get_saved_set (IsafI4c *self)
{
  g_return_val_if_fail (ISAF_IS_I4C (self), NULL);

  return self->saved_set;
}

/**
 * isaf_i4c_get_last_set:
 * @self: a sheet
 *
 * Returns: (transfer none) (nullable): last year's set, or %NULL when the unit had none
 */
IsafRecord *
isaf_i4c_get_last_set (IsafI4c *self)
{
  g_return_val_if_fail (ISAF_IS_I4C (self), NULL);

  return self->last_set;
}

/* Fees ----------------------------------------------------------------------------------- */

guint
isaf_i4c_get_n_fees (IsafI4c *self)
{
  g_return_val_if_fail (ISAF_IS_I4C (self), 0);

  return self->fees->len;
}

/**
 * isaf_i4c_get_fee:
 * @self: a sheet
 * @index: which fee, in poster order
 *
 * Returns: (transfer none): the fee as edited; change it with isaf_i4c_put_fee()
 */
IsafRecord *
isaf_i4c_get_fee (IsafI4c *self,
                  guint    index)
{
  g_return_val_if_fail (ISAF_IS_I4C (self), NULL);
  g_return_val_if_fail (index < self->fees->len, NULL);

  return g_ptr_array_index (self->fees, index);
}

/**
 * isaf_i4c_new_fee:
 * @self: a sheet
 *
 * Returns: (transfer full): a new fee of this sheet, last in order, not in the sheet until
 *   given to isaf_i4c_put_fee()
 */
IsafRecord *
isaf_i4c_new_fee (IsafI4c *self)
{
  IsafRecord *fee;

  g_return_val_if_fail (ISAF_IS_I4C (self), NULL);

  fee = isaf_record_new ("i4c_fee");
  isaf_record_set_reference (fee, "i4c_set_id", isaf_i4c_get_set_id (self));
  isaf_record_set_integer (fee, "position", self->fees->len + 1);
  return fee;
}

/**
 * isaf_i4c_put_fee:
 * @self: a sheet
 * @fee: a fee of this sheet, new (from isaf_i4c_new_fee()) or edited
 *
 * Replaces the fee with the same id, or adds @fee at the end.
 */
void
isaf_i4c_put_fee (IsafI4c    *self,
                  IsafRecord *fee)
{
  IsafRecord *copy;
  guint index;

  g_return_if_fail (ISAF_IS_I4C (self));
  g_return_if_fail (ISAF_IS_RECORD (fee));
  g_return_if_fail (g_str_equal (isaf_record_get_table_name (fee), "i4c_fee"));

  copy = isaf_i4c_copy_record (fee);
  isaf_record_set_reference (copy, "i4c_set_id", isaf_i4c_get_set_id (self));
  if (isaf_i4c_find_by_id (self->fees, isaf_record_get_id (fee), &index) != NULL)
    {
      g_object_unref (g_ptr_array_index (self->fees, index));
      g_ptr_array_index (self->fees, index) = copy;
    }
  else
    {
      g_ptr_array_add (self->fees, copy);
    }
}

/* Takes the fee off the sheet; saving deletes it if it was stored. */
void
isaf_i4c_remove_fee (IsafI4c *self,
                     guint    index)
{
  g_return_if_fail (ISAF_IS_I4C (self));
  g_return_if_fail (index < self->fees->len);

  g_ptr_array_remove_index (self->fees, index);
}

/* Staff ---------------------------------------------------------------------------------- */

guint
isaf_i4c_get_n_staff (IsafI4c *self)
{
  g_return_val_if_fail (ISAF_IS_I4C (self), 0);

  return self->staff->len;
}

/**
 * isaf_i4c_get_staff:
 * @self: a sheet
 * @index: which category
 *
 * Returns: (transfer none): the staff row as edited; change it with isaf_i4c_put_staff()
 */
IsafRecord *
isaf_i4c_get_staff (IsafI4c *self,
                    guint    index)
{
  g_return_val_if_fail (ISAF_IS_I4C (self), NULL);
  g_return_val_if_fail (index < self->staff->len, NULL);

  return g_ptr_array_index (self->staff, index);
}

/**
 * isaf_i4c_new_staff:
 * @self: a sheet
 *
 * Returns: (transfer full): a new staff row of this sheet, not in the sheet until given to
 *   isaf_i4c_put_staff()
 */
IsafRecord *
isaf_i4c_new_staff (IsafI4c *self)
{
  IsafRecord *staff;

  g_return_val_if_fail (ISAF_IS_I4C (self), NULL);

  staff = isaf_record_new ("i4c_staff");
  isaf_record_set_reference (staff, "i4c_set_id", isaf_i4c_get_set_id (self));
  return staff;
}

/**
 * isaf_i4c_put_staff:
 * @self: a sheet
 * @staff: a staff row of this sheet, new (from isaf_i4c_new_staff()) or edited
 * @error: return location for an error
 *
 * Replaces the row with the same id, or adds @staff. The row is checked as the store will,
 * and its id follows from its category, so a renamed category becomes a new row (the old
 * one is deleted when saving); a category the sheet already has is refused.
 *
 * Returns: %TRUE when the row is on the sheet
 */
gboolean
isaf_i4c_put_staff (IsafI4c     *self,
                    IsafRecord  *staff,
                    GError     **error)
{
  g_autoptr(IsafRecord) checked = NULL;
  const IsafTable *table;
  IsafRecord *row;
  IsafUuid id;
  guint index = G_MAXUINT;

  g_return_val_if_fail (ISAF_IS_I4C (self), FALSE);
  g_return_val_if_fail (ISAF_IS_RECORD (staff), FALSE);
  g_return_val_if_fail (g_str_equal (isaf_record_get_table_name (staff), "i4c_staff"), FALSE);

  checked = isaf_i4c_copy_record (staff);
  isaf_record_set_reference (checked, "i4c_set_id", isaf_i4c_get_set_id (self));
  if (!isaf_validate_record (checked, NULL, error))
    return FALSE;

  staff_id (isaf_i4c_get_set_id (self), isaf_record_get_text (checked, "category"), &id);
  isaf_i4c_find_by_id (self->staff, isaf_record_get_id (staff), &index);
  for (guint i = 0; i < self->staff->len; i++)
    if (i != index
        && isaf_uuid_equal (isaf_record_get_id (g_ptr_array_index (self->staff, i)), &id))
      {
        g_set_error (error, ISAF_I4C_ERROR, ISAF_I4C_ERROR_DUPLICATE_CATEGORY,
                     _("The staff list already has “%s”. Change the numbers in that row "
                       "instead."),
                     isaf_record_get_text (checked, "category"));
        return FALSE;
      }

  table = isaf_record_get_table (checked);
  row = isaf_record_new_with_id (table->name, &id);
  for (guint i = 0; i < table->n_columns; i++)
    isaf_value_copy (isaf_record_value_at (checked, i), isaf_record_value_at (row, i));

  if (index != G_MAXUINT)
    {
      g_object_unref (g_ptr_array_index (self->staff, index));
      g_ptr_array_index (self->staff, index) = row;
    }
  else
    {
      g_ptr_array_add (self->staff, row);
    }
  return TRUE;
}

/* Takes the row off the sheet; saving deletes it if it was stored. */
void
isaf_i4c_remove_staff (IsafI4c *self,
                       guint    index)
{
  g_return_if_fail (ISAF_IS_I4C (self));
  g_return_if_fail (index < self->staff->len);

  g_ptr_array_remove_index (self->staff, index);
}

/* Last year ------------------------------------------------------------------------------ */

gboolean
isaf_i4c_has_last_year (IsafI4c *self)
{
  g_return_val_if_fail (ISAF_IS_I4C (self), FALSE);

  return self->last_set != NULL;
}

/* Fills what this year lacks from last year's sheet; with @apply FALSE, only says whether
 * there is anything to fill. */
static gboolean
copy_last_year (IsafI4c  *self,
                gboolean  apply)
{
  gboolean copied = FALSE;

  if (self->last_set == NULL)
    return FALSE;

  for (guint i = 0; i < self->values->len; i++)
    {
      double last;

      if (!isaf_i4c_get_value (self, i, NULL) && isaf_i4c_get_last_value (self, i, &last))
        {
          copied = TRUE;
          if (apply)
            isaf_i4c_set_value (self, i, last);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (isaf_i4c_set_text_columns); i++)
    if (isaf_record_is_null (self->set, isaf_i4c_set_text_columns[i])
        && !isaf_record_is_null (self->last_set, isaf_i4c_set_text_columns[i]))
      {
        copied = TRUE;
        if (apply)
          isaf_record_set_text (self->set, isaf_i4c_set_text_columns[i],
                                isaf_record_get_text (self->last_set,
                                                      isaf_i4c_set_text_columns[i]));
      }

  for (guint i = 0; i < G_N_ELEMENTS (isaf_i4c_set_riel_columns); i++)
    if (isaf_record_is_null (self->set, isaf_i4c_set_riel_columns[i])
        && !isaf_record_is_null (self->last_set, isaf_i4c_set_riel_columns[i]))
      {
        copied = TRUE;
        if (apply)
          isaf_record_set_integer (self->set, isaf_i4c_set_riel_columns[i],
                                   isaf_record_get_integer (self->last_set,
                                                            isaf_i4c_set_riel_columns[i]));
      }

  if (self->fees->len == 0 && self->last_fees->len > 0)
    {
      copied = TRUE;
      for (guint i = 0; apply && i < self->last_fees->len; i++)
        {
          IsafRecord *last = g_ptr_array_index (self->last_fees, i);
          g_autoptr(IsafRecord) fee = isaf_i4c_new_fee (self);

          isaf_record_set_text (fee, "service_km", isaf_record_get_text (last, "service_km"));
          isaf_record_set_text (fee, "service_en", isaf_record_get_text (last, "service_en"));
          if (!isaf_record_is_null (last, "amount_riel"))
            isaf_record_set_integer (fee, "amount_riel",
                                     isaf_record_get_integer (last, "amount_riel"));
          isaf_i4c_put_fee (self, fee);
        }
    }

  if (self->staff->len == 0 && self->last_staff->len > 0)
    {
      copied = TRUE;
      for (guint i = 0; apply && i < self->last_staff->len; i++)
        {
          IsafRecord *last = g_ptr_array_index (self->last_staff, i);
          const char *category = isaf_record_get_text (last, "category");
          IsafRecord *row;
          IsafUuid id;

          if (category == NULL)
            continue;
          staff_id (isaf_i4c_get_set_id (self), category, &id);
          row = isaf_record_new_with_id ("i4c_staff", &id);
          isaf_record_set_reference (row, "i4c_set_id", isaf_i4c_get_set_id (self));
          isaf_record_set_text (row, "category", category);
          isaf_record_set_integer (row, "women", isaf_record_get_integer (last, "women"));
          isaf_record_set_integer (row, "men", isaf_record_get_integer (last, "men"));
          g_ptr_array_add (self->staff, row);
        }
    }

  return copied;
}

/* Whether last year's sheet has something this year's lacks. */
gboolean
isaf_i4c_can_copy_from_last_year (IsafI4c *self)
{
  g_return_val_if_fail (ISAF_IS_I4C (self), FALSE);

  return copy_last_year (self, FALSE);
}

/**
 * isaf_i4c_copy_from_last_year:
 * @self: a sheet
 *
 * Fills this year's sheet from last year's where this year has nothing yet: each missing
 * value that last year had, opening hours, services and budget when empty, the fees when
 * there are none, the staff when there are none. A value missing last year stays missing.
 * Nothing is saved until isaf_i4c_save().
 *
 * Returns: %TRUE when something was copied
 */
gboolean
isaf_i4c_copy_from_last_year (IsafI4c *self)
{
  g_return_val_if_fail (ISAF_IS_I4C (self), FALSE);

  return copy_last_year (self, TRUE);
}
