/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-i4c"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "isaf-error.h"
#include "isaf-i4c-private.h"
#include "isaf-store.h"

/* Reading an I4C sheet on the database thread, and saving it there: the rows as edited are
 * compared with the rows as read, and only the difference is written, in one transaction. */

/* Reading -------------------------------------------------------------------------------- */

static GPtrArray *
copy_records (GPtrArray *records)
{
  GPtrArray *copies = g_ptr_array_new_full (records->len, g_object_unref);

  for (guint i = 0; i < records->len; i++)
    g_ptr_array_add (copies, isaf_i4c_copy_record (g_ptr_array_index (records, i)));
  return copies;
}

static IsafRecord *
new_keyed_value (const IsafUuid *set_id,
                 const char     *code)
{
  g_autofree char *key = isaf_i4c_key_of (set_id, code);
  IsafRecord *value = isaf_record_new_keyed ("i4c_value", key);

  isaf_record_set_reference (value, "i4c_set_id", set_id);
  isaf_record_set_text (value, "indicator_code", code);
  return value;
}

static gboolean
step_id (IsafDatabase *database,
         sqlite3_stmt *stmt,
         gboolean     *found,
         IsafUuid     *id,
         GError      **error)
{
  int rc = sqlite3_step (stmt);

  *found = rc == SQLITE_ROW;
  if (*found)
    memcpy (id->bytes, sqlite3_column_blob (stmt, 0), 16);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      isaf_database_set_error (database, rc, error);
      return FALSE;
    }
  return TRUE;
}

/* The year's cycle: the one every laptop would make if there is one, else any. */
static IsafRecord *
read_cycle (IsafDatabase *database,
            int           year,
            GError      **error)
{
  const char *commune = isaf_database_get_commune_code (database);
  g_autofree char *key = g_strdup_printf ("%s/%d", commune ? commune : "", year);
  g_autoptr(IsafRecord) keyed = isaf_record_new_keyed ("cycle", key);
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "SELECT id FROM cycle WHERE year = ?1 "
                                              "AND deleted = 0 ORDER BY id = ?2 DESC, id LIMIT 1",
                                              error);
  gboolean found;
  IsafUuid id;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, year);
  sqlite3_bind_blob (stmt, 2, isaf_record_get_id (keyed)->bytes, 16, SQLITE_STATIC);
  if (!step_id (database, stmt, &found, &id, error))
    return NULL;
  if (found)
    return isaf_store_read_record (database, "cycle", &id, error);

  isaf_record_set_integer (keyed, "year", year);
  return g_steal_pointer (&keyed);
}

/* The unit's set for @year into @set, or NULL there when it has none. */
static gboolean
read_set (IsafDatabase   *database,
          const IsafUuid *unit_id,
          int             year,
          IsafRecord    **set,
          GError        **error)
{
  g_autofree char *year_text = g_strdup_printf ("%d", year);
  g_autofree char *key = isaf_i4c_key_of (unit_id, year_text);
  g_autoptr(IsafRecord) keyed = isaf_record_new_keyed ("i4c_set", key);
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "SELECT s.id FROM i4c_set s "
                                              "JOIN cycle c ON c.id = s.cycle_id "
                                              "WHERE s.service_unit_id = ?1 AND c.year = ?2 "
                                              "AND s.deleted = 0 AND c.deleted = 0 "
                                              "ORDER BY s.id = ?3 DESC, s.id LIMIT 1",
                                              error);
  gboolean found;
  IsafUuid id;

  *set = NULL;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, unit_id->bytes, 16, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, year);
  sqlite3_bind_blob (stmt, 3, isaf_record_get_id (keyed)->bytes, 16, SQLITE_STATIC);
  if (!step_id (database, stmt, &found, &id, error))
    return FALSE;
  if (!found)
    return TRUE;
  *set = isaf_store_read_record (database, "i4c_set", &id, error);
  return *set != NULL;
}

/* The newest reference set that has indicators for @kind, to record with a new set. */
static gboolean
read_reference_version (IsafDatabase *database,
                        const char   *kind,
                        char        **dataset,
                        gint64       *version,
                        GError      **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "SELECT dataset, version FROM ref_indicator "
                                              "WHERE purpose = 'i4c' AND service_kind = ?1 "
                                              "ORDER BY version DESC, dataset LIMIT 1",
                                              error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *dataset = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      *version = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      isaf_database_set_error (database, rc, error);
      return FALSE;
    }
  return TRUE;
}

static int
compare_fees (gconstpointer a,
              gconstpointer b)
{
  IsafRecord *fee_a = *(IsafRecord **) a;
  IsafRecord *fee_b = *(IsafRecord **) b;
  gint64 position_a = isaf_record_get_integer (fee_a, "position");
  gint64 position_b = isaf_record_get_integer (fee_b, "position");

  if (position_a != position_b)
    return position_a < position_b ? -1 : 1;
  return isaf_uuid_compare (isaf_record_get_id (fee_a), isaf_record_get_id (fee_b));
}

static int
compare_staff (gconstpointer a,
               gconstpointer b)
{
  const char *category_a = isaf_record_get_text (*(IsafRecord **) a, "category");
  const char *category_b = isaf_record_get_text (*(IsafRecord **) b, "category");

  return g_utf8_collate (category_a ? category_a : "", category_b ? category_b : "");
}

/* The value rows of @set by indicator code; where two laptops made one each before keys
 * were shared, the keyed one wins. */
static GHashTable *
read_values (IsafDatabase *database,
             IsafRecord   *set,
             GError      **error)
{
  g_autoptr(GPtrArray) rows = isaf_store_read_list (database, "i4c_value", "i4c_set_id",
                                                    isaf_record_get_id (set), error);
  GHashTable *values;

  if (rows == NULL)
    return NULL;

  values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  for (guint i = 0; i < rows->len; i++)
    {
      IsafRecord *row = g_ptr_array_index (rows, i);
      const char *code = isaf_record_get_text (row, "indicator_code");
      g_autoptr(IsafRecord) keyed = NULL;

      if (code == NULL)
        continue;
      keyed = new_keyed_value (isaf_record_get_id (set), code);
      if (g_hash_table_contains (values, code)
          && !isaf_uuid_equal (isaf_record_get_id (row), isaf_record_get_id (keyed)))
        continue;
      g_hash_table_replace (values, g_strdup (code), g_object_ref (row));
    }
  return values;
}

static GPtrArray *
read_children (IsafDatabase *database,
               const char   *table,
               IsafRecord   *set,
               GCompareFunc  compare,
               GError      **error)
{
  GPtrArray *rows;

  if (set == NULL || !isaf_record_is_stored (set))
    return g_ptr_array_new_with_free_func (g_object_unref);

  rows = isaf_store_read_list (database, table, "i4c_set_id", isaf_record_get_id (set), error);
  if (rows != NULL)
    g_ptr_array_sort (rows, compare);
  return rows;
}

static IsafRecord *
new_set (IsafDatabase   *database,
         IsafRecord     *unit,
         IsafRecord     *cycle,
         int             year,
         GError        **error)
{
  g_autofree char *year_text = g_strdup_printf ("%d", year);
  g_autofree char *key = isaf_i4c_key_of (isaf_record_get_id (unit), year_text);
  g_autoptr(IsafRecord) set = isaf_record_new_keyed ("i4c_set", key);
  g_autofree char *dataset = NULL;
  gint64 version = 0;

  if (!read_reference_version (database, isaf_record_get_text (unit, "kind"), &dataset,
                               &version, error))
    return NULL;

  isaf_record_set_reference (set, "cycle_id", isaf_record_get_id (cycle));
  isaf_record_set_reference (set, "service_unit_id", isaf_record_get_id (unit));
  if (dataset != NULL)
    {
      isaf_record_set_text (set, "ref_dataset", dataset);
      isaf_record_set_integer (set, "ref_version", version);
    }
  return g_steal_pointer (&set);
}

/**
 * isaf_i4c_read:
 * @database: an open database, on its thread
 * @unit_id: a service unit of the commune
 * @year: the year of the cycle
 * @error: return location for an error
 *
 * Reads the unit's sheet for @year and last year's beside it.
 *
 * Returns: (transfer full) (nullable): the sheet, or %NULL with @error set
 */
IsafI4c *
isaf_i4c_read (IsafDatabase   *database,
               const IsafUuid *unit_id,
               int             year,
               GError        **error)
{
  g_autoptr(IsafI4c) self = g_object_new (ISAF_TYPE_I4C, NULL);
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(GHashTable) last_values = NULL;
  g_autoptr(GError) local_error = NULL;

  self->year = year;
  self->unit = isaf_store_read_record (database, "service_unit", unit_id, &local_error);
  if (self->unit == NULL || isaf_record_get_deleted (self->unit))
    {
      if (local_error != NULL
          && !g_error_matches (local_error, ISAF_DATABASE_ERROR,
                               ISAF_DATABASE_ERROR_NOT_FOUND_ROW))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_set_error_literal (error, ISAF_I4C_ERROR, ISAF_I4C_ERROR_NO_UNIT,
                           _("This service unit is no longer in the commune’s registry. "
                             "Choose another one."));
      return NULL;
    }

  self->indicators = isaf_reference_read_indicators (database, "i4c",
                                                     isaf_record_get_text (self->unit, "kind"),
                                                     error);
  if (self->indicators == NULL)
    return NULL;
  self->cycle = read_cycle (database, year, error);
  if (self->cycle == NULL)
    return NULL;

  if (!read_set (database, unit_id, year, &self->saved_set, error))
    return NULL;
  if (self->saved_set == NULL)
    self->saved_set = new_set (database, self->unit, self->cycle, year, error);
  if (self->saved_set == NULL)
    return NULL;
  self->set = isaf_i4c_copy_record (self->saved_set);

  if (!read_set (database, unit_id, year - 1, &self->last_set, error))
    return NULL;

  values = isaf_record_is_stored (self->saved_set)
           ? read_values (database, self->saved_set, error)
           : g_hash_table_new (g_str_hash, g_str_equal);
  if (values == NULL)
    return NULL;
  if (self->last_set != NULL)
    {
      last_values = read_values (database, self->last_set, error);
      if (last_values == NULL)
        return NULL;
    }

  self->saved_values = g_ptr_array_new_with_free_func (g_object_unref);
  self->values = g_ptr_array_new_with_free_func (g_object_unref);
  self->last_values = g_array_new (FALSE, TRUE, sizeof (LastValue));
  for (guint i = 0; i < self->indicators->len; i++)
    {
      const IsafIndicator *indicator = g_ptr_array_index (self->indicators, i);
      IsafRecord *row = g_hash_table_lookup (values, indicator->code);
      IsafRecord *last = last_values ? g_hash_table_lookup (last_values, indicator->code) : NULL;
      LastValue last_value = { last != NULL && !isaf_record_is_null (last, "value"),
                               last ? isaf_record_get_real (last, "value") : 0 };

      g_ptr_array_add (self->saved_values,
                       row ? g_object_ref (row) : new_keyed_value (isaf_i4c_get_set_id (self),
                                                                   indicator->code));
      g_ptr_array_add (self->values,
                       isaf_i4c_copy_record (g_ptr_array_index (self->saved_values, i)));
      g_array_append_val (self->last_values, last_value);
    }

  self->saved_fees = read_children (database, "i4c_fee", self->saved_set, compare_fees, error);
  if (self->saved_fees == NULL)
    return NULL;
  self->saved_staff = read_children (database, "i4c_staff", self->saved_set, compare_staff,
                                     error);
  if (self->saved_staff == NULL)
    return NULL;
  self->last_fees = read_children (database, "i4c_fee", self->last_set, compare_fees, error);
  if (self->last_fees == NULL)
    return NULL;
  self->last_staff = read_children (database, "i4c_staff", self->last_set, compare_staff, error);
  if (self->last_staff == NULL)
    return NULL;
  self->fees = copy_records (self->saved_fees);
  self->staff = copy_records (self->saved_staff);

  return g_steal_pointer (&self);
}

typedef struct {
  IsafUuid unit_id;
  int year;
  IsafI4c *sheet;
} LoadJob;

static void
load_job_free (gpointer data)
{
  LoadJob *job = data;

  g_clear_object (&job->sheet);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadJob, load_job_free)

static gboolean
load_job (IsafDatabase *database,
          gpointer      data,
          GError      **error)
{
  LoadJob *job = data;

  job->sheet = isaf_i4c_read (database, &job->unit_id, job->year, error);
  return job->sheet != NULL;
}

/**
 * isaf_i4c_load:
 * @database: an open database
 * @unit_id: a service unit of the commune
 * @year: the year of the cycle
 * @error: return location for an error
 *
 * Reads the I4C sheet of a unit for @year: its set (a new one, not saved yet, when the unit
 * has none that year), a value for every indicator of the unit's kind (missing where there
 * is no row or the row holds NULL), its fees in poster order, its staff, and last year's
 * sheet for comparison and copying.
 *
 * Returns: (transfer full) (nullable): the sheet, or %NULL with @error set
 */
IsafI4c *
isaf_i4c_load (IsafDatabase   *database,
               const IsafUuid *unit_id,
               int             year,
               GError        **error)
{
  g_autoptr(LoadJob) job = g_new0 (LoadJob, 1);

  g_return_val_if_fail (ISAF_IS_DATABASE (database), NULL);
  g_return_val_if_fail (unit_id != NULL, NULL);

  job->unit_id = *unit_id;
  job->year = year;
  if (!isaf_database_run (database, ISAF_DATABASE_READ, load_job, job, error))
    return NULL;
  return g_steal_pointer (&job->sheet);
}

static void
on_load_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!isaf_database_run_finish (ISAF_DATABASE (source), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&job->sheet), g_object_unref);
}

void
isaf_i4c_load_async (IsafDatabase        *database,
                     const IsafUuid      *unit_id,
                     int                  year,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  LoadJob *job;
  GTask *task;

  g_return_if_fail (ISAF_IS_DATABASE (database));
  g_return_if_fail (unit_id != NULL);

  job = g_new0 (LoadJob, 1);
  job->unit_id = *unit_id;
  job->year = year;
  task = g_task_new (database, cancellable, callback, user_data);
  g_task_set_source_tag (task, isaf_i4c_load_async);
  g_task_set_task_data (task, job, load_job_free);
  isaf_database_run_async (database, ISAF_DATABASE_READ, load_job, job, NULL, cancellable,
                           on_load_done_cb, task);
}

IsafI4c *
isaf_i4c_load_finish (IsafDatabase  *database,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, database), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Saving --------------------------------------------------------------------------------- */

void
isaf_i4c_plan_free (gpointer data)
{
  Plan *plan = data;

  g_ptr_array_unref (plan->writes);
  g_ptr_array_unref (plan->deletes);
  g_free (plan);
}

/* The update that turns @saved (stored) into @edited: the fields that differ, marked as
 * changed; NULL when nothing does. */
static IsafRecord *
diff_record (IsafRecord *saved,
             IsafRecord *edited)
{
  const IsafTable *table = isaf_record_get_table (saved);
  g_autoptr(IsafRecord) update = isaf_i4c_copy_record (saved);

  for (guint i = 0; i < table->n_columns; i++)
    if (!isaf_value_equal (isaf_record_value_at (saved, i), isaf_record_value_at (edited, i)))
      isaf_record_set_value (update, table->columns[i].name, isaf_record_value_at (edited, i));

  return isaf_record_get_changed_mask (update) != 0 ? g_steal_pointer (&update) : NULL;
}

static gboolean
set_has_content (IsafRecord *set)
{
  for (guint i = 0; i < G_N_ELEMENTS (isaf_i4c_set_text_columns); i++)
    if (!isaf_record_is_null (set, isaf_i4c_set_text_columns[i]))
      return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (isaf_i4c_set_riel_columns); i++)
    if (!isaf_record_is_null (set, isaf_i4c_set_riel_columns[i]))
      return TRUE;
  return FALSE;
}

/* Rows edited in a list (fees, staff): new ones are written whole, stored ones as their
 * differences, and stored ones no longer in the list are deleted. */
static void
plan_list (Plan      *plan,
           GPtrArray *writes,
           GPtrArray *saved,
           GPtrArray *edited,
           gboolean   positions)
{
  for (guint i = 0; i < edited->len; i++)
    {
      g_autoptr(IsafRecord) row = isaf_i4c_copy_record (g_ptr_array_index (edited, i));
      IsafRecord *stored = isaf_i4c_find_by_id (saved, isaf_record_get_id (row), NULL);
      IsafRecord *write;

      if (positions)
        isaf_record_set_integer (row, "position", i + 1);
      write = stored ? diff_record (stored, row) : g_steal_pointer (&row);
      if (write != NULL)
        g_ptr_array_add (writes, write);
    }

  for (guint i = 0; i < saved->len; i++)
    {
      IsafRecord *stored = g_ptr_array_index (saved, i);

      if (isaf_i4c_find_by_id (edited, isaf_record_get_id (stored), NULL) == NULL)
        g_ptr_array_add (plan->deletes, g_object_ref (stored));
    }
}

Plan *
isaf_i4c_plan_new (IsafI4c *self)
{
  Plan *plan = g_new0 (Plan, 1);
  /* What belongs to the set, written after it. */
  g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func (g_object_unref);
  IsafRecord *set_write = NULL;

  plan->writes = g_ptr_array_new_with_free_func (g_object_unref);
  plan->deletes = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->values->len; i++)
    {
      IsafRecord *saved = g_ptr_array_index (self->saved_values, i);
      IsafRecord *edited = g_ptr_array_index (self->values, i);
      IsafRecord *write = NULL;

      /* A value still missing needs no row. */
      if (isaf_record_is_stored (saved))
        write = diff_record (saved, edited);
      else if (!isaf_record_is_null (edited, "value"))
        write = isaf_i4c_copy_record (edited);
      if (write != NULL)
        g_ptr_array_add (children, write);
    }
  plan_list (plan, children, self->saved_fees, self->fees, TRUE);
  plan_list (plan, children, self->saved_staff, self->staff, FALSE);

  if (isaf_record_is_stored (self->saved_set))
    set_write = diff_record (self->saved_set, self->set);
  else if (children->len > 0 || plan->deletes->len > 0 || set_has_content (self->set))
    {
      if (!isaf_record_is_stored (self->cycle))
        g_ptr_array_add (plan->writes, isaf_i4c_copy_record (self->cycle));
      set_write = isaf_i4c_copy_record (self->set);
    }

  if (set_write != NULL)
    g_ptr_array_add (plan->writes, set_write);
  g_ptr_array_extend_and_steal (plan->writes, g_steal_pointer (&children));
  return plan;
}

/* A new row whose id is already there as a tombstone (the unit's sheet was deleted, then
 * entered again): the insert brings it back with the fields it sets; the fields it leaves
 * empty must not keep the deleted row's values. */
static gboolean
clear_revived_fields (IsafDatabase *database,
                      IsafRecord   *written,
                      IsafRecord   *tombstone,
                      GError      **error)
{
  const IsafTable *table = isaf_record_get_table (written);
  g_autoptr(IsafRecord) update = isaf_i4c_copy_record (tombstone);

  isaf_record_mark_stored (update, FALSE);
  for (guint i = 0; i < table->n_columns; i++)
    if (isaf_record_value_at (written, i)->type == ISAF_VALUE_NULL
        && isaf_record_value_at (tombstone, i)->type != ISAF_VALUE_NULL)
      isaf_record_set_null (update, table->columns[i].name);

  return isaf_store_write_record (database, update, error);
}

static gboolean
write_row (IsafDatabase *database,
           IsafRecord   *record,
           GError      **error)
{
  g_autoptr(IsafRecord) existing = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!isaf_record_is_stored (record))
    {
      existing = isaf_store_read_record (database, isaf_record_get_table_name (record),
                                         isaf_record_get_id (record), &local_error);
      if (existing == NULL
          && !g_error_matches (local_error, ISAF_DATABASE_ERROR,
                               ISAF_DATABASE_ERROR_NOT_FOUND_ROW))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  if (!isaf_store_write_record (database, record, error))
    return FALSE;
  if (existing != NULL && isaf_record_get_deleted (existing))
    return clear_revived_fields (database, record, existing, error);
  return TRUE;
}

static gboolean
save_job (IsafDatabase *database,
          gpointer      data,
          GError      **error)
{
  Plan *plan = data;

  for (guint i = 0; i < plan->writes->len; i++)
    if (!write_row (database, g_ptr_array_index (plan->writes, i), error))
      return FALSE;

  for (guint i = 0; i < plan->deletes->len; i++)
    {
      IsafRecord *row = g_ptr_array_index (plan->deletes, i);

      if (!isaf_store_write_delete (database, isaf_record_get_table (row),
                                    isaf_record_get_id (row), NULL, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * isaf_i4c_save:
 * @self: a sheet
 * @database: the database it was read from
 * @error: return location for an error
 *
 * Writes what was edited, in one transaction: the year's cycle and the set when they are
 * new, the fields that changed, values cleared as NULL, new and changed fees and staff rows,
 * and removed ones as deleted. Every row goes through the store's validation; when one is
 * refused, nothing is written and @error says what to fix. Read the sheet again afterwards.
 *
 * Returns: %TRUE when everything was saved
 */
gboolean
isaf_i4c_save (IsafI4c       *self,
               IsafDatabase  *database,
               GError       **error)
{
  g_autoptr(Plan) plan = NULL;

  g_return_val_if_fail (ISAF_IS_I4C (self), FALSE);
  g_return_val_if_fail (ISAF_IS_DATABASE (database), FALSE);

  plan = isaf_i4c_plan_new (self);
  return isaf_database_run (database, ISAF_DATABASE_WRITE, save_job, plan, error);
}

static void
on_save_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!isaf_database_run_finish (ISAF_DATABASE (source), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
isaf_i4c_save_async (IsafI4c             *self,
                     IsafDatabase        *database,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (ISAF_IS_I4C (self));
  g_return_if_fail (ISAF_IS_DATABASE (database));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, isaf_i4c_save_async);
  /* The rows to write are copies: editing the sheet meanwhile changes nothing on the way. */
  isaf_database_run_async (database, ISAF_DATABASE_WRITE, save_job, isaf_i4c_plan_new (self),
                           isaf_i4c_plan_free, cancellable, on_save_done_cb, task);
}

gboolean
isaf_i4c_save_finish (IsafI4c       *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
