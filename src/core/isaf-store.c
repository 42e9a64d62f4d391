/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "isaf-error.h"
#include "isaf-gazetteer.h"
#include "isaf-store.h"
#include "isaf-validate.h"

/* Reads and writes records of the synced tables. Every write is validated first, then bound
 * (never formatted) into SQL whose text is built from the compiled-in schema description for
 * the set of fields being written, prepared once and cached by the database. */

struct _IsafStore
{
  GObject parent_instance;

  IsafDatabase *database;
};

G_DEFINE_FINAL_TYPE (IsafStore, isaf_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DATABASE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bind_value (sqlite3_stmt    *stmt,
            int              position,
            const IsafValue *value)
{
  switch (value->type)
    {
    case ISAF_VALUE_NULL:
      sqlite3_bind_null (stmt, position);
      break;
    case ISAF_VALUE_INTEGER:
      sqlite3_bind_int64 (stmt, position, value->integer);
      break;
    case ISAF_VALUE_REAL:
      sqlite3_bind_double (stmt, position, value->real);
      break;
    case ISAF_VALUE_TEXT:
      sqlite3_bind_text (stmt, position, value->text, -1, SQLITE_STATIC);
      break;
    case ISAF_VALUE_ID:
      sqlite3_bind_blob (stmt, position, value->id.bytes, 16, SQLITE_STATIC);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
read_value (sqlite3_stmt     *stmt,
            int               position,
            const IsafColumn *column,
            IsafValue        *value)
{
  isaf_value_clear (value);

  switch (sqlite3_column_type (stmt, position))
    {
    case SQLITE_NULL:
      break;
    case SQLITE_INTEGER:
      if (column->kind == ISAF_COLUMN_REAL)
        {
          value->type = ISAF_VALUE_REAL;
          value->real = sqlite3_column_double (stmt, position);
        }
      else
        {
          value->type = ISAF_VALUE_INTEGER;
          value->integer = sqlite3_column_int64 (stmt, position);
        }
      break;
    case SQLITE_FLOAT:
      value->type = ISAF_VALUE_REAL;
      value->real = sqlite3_column_double (stmt, position);
      break;
    case SQLITE_TEXT:
      value->type = ISAF_VALUE_TEXT;
      value->text = g_strdup ((const char *) sqlite3_column_text (stmt, position));
      break;
    case SQLITE_BLOB:
      if (sqlite3_column_bytes (stmt, position) == 16)
        {
          value->type = ISAF_VALUE_ID;
          memcpy (value->id.bytes, sqlite3_column_blob (stmt, position), 16);
        }
      break;
    default:
      break;
    }
}

static char *
insert_sql (const IsafTable *table,
            guint64          mask)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GString) values = g_string_new ("?, ?, 0");
  g_autoptr(GString) update = g_string_new ("deleted = excluded.deleted");

  g_string_append_printf (sql, "INSERT INTO %s (id, commune_id, deleted", table->name);
  for (guint i = 0; i < table->n_columns; i++)
    if ((mask >> i) & 1)
      {
        g_string_append_printf (sql, ", %s", table->columns[i].name);
        g_string_append (values, ", ?");
        g_string_append_printf (update, ", %s = excluded.%s",
                                table->columns[i].name, table->columns[i].name);
      }

  /* A row with a natural key (a vote, a monthly status) may already be there: entering the
   * same fact again updates it rather than failing. */
  g_string_append_printf (sql, ") VALUES (%s) ON CONFLICT (id) DO UPDATE SET %s",
                          values->str, update->str);
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

static char *
update_sql (const IsafTable *table,
            guint64          mask)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  gboolean first = TRUE;

  g_string_append_printf (sql, "UPDATE %s SET ", table->name);
  for (guint i = 0; i < table->n_columns; i++)
    if ((mask >> i) & 1)
      {
        g_string_append_printf (sql, "%s%s = ?", first ? "" : ", ", table->columns[i].name);
        first = FALSE;
      }
  g_string_append (sql, " WHERE id = ?");
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

static gboolean
require_commune (IsafDatabase *database,
                 GError      **error)
{
  if (isaf_database_get_commune_code (database) != NULL)
    return TRUE;

  g_set_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_NO_COMMUNE,
               _("This database has no commune yet. Choose the commune first."));
  return FALSE;
}

gboolean
isaf_store_write_record (IsafDatabase *database,
                         IsafRecord   *record,
                         GError      **error)
{
  const IsafTable *table = isaf_record_get_table (record);
  const char *commune = isaf_database_get_commune_code (database);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  guint64 mask = 0;
  int position = 1;

  if (!require_commune (database, error) || !isaf_validate_record (record, commune, error))
    return FALSE;

  if (isaf_record_is_stored (record))
    {
      mask = isaf_record_get_changed_mask (record);
      if (mask == 0)
        return TRUE;
      sql = update_sql (table, mask);
    }
  else
    {
      for (guint i = 0; i < table->n_columns; i++)
        if (isaf_record_value_at (record, i)->type != ISAF_VALUE_NULL)
          mask |= G_GUINT64_CONSTANT (1) << i;
      sql = insert_sql (table, mask);
    }

  stmt = isaf_database_prepare (database, sql, error);
  if (stmt == NULL)
    return FALSE;

  if (!isaf_record_is_stored (record))
    {
      sqlite3_bind_blob (stmt, position++, isaf_record_get_id (record)->bytes, 16, SQLITE_STATIC);
      sqlite3_bind_text (stmt, position++, commune, -1, SQLITE_STATIC);
    }
  for (guint i = 0; i < table->n_columns; i++)
    if ((mask >> i) & 1)
      bind_value (stmt, position++, isaf_record_value_at (record, i));
  if (isaf_record_is_stored (record))
    sqlite3_bind_blob (stmt, position++, isaf_record_get_id (record)->bytes, 16, SQLITE_STATIC);

  if (!isaf_database_step_done (database, stmt, error))
    return FALSE;

  if (isaf_record_is_stored (record)
      && sqlite3_changes (isaf_database_get_connection (database)) == 0)
    {
      g_set_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_NOT_FOUND_ROW,
                   _("The record you changed no longer exists, so nothing was saved."));
      return FALSE;
    }

  return TRUE;
}

static char *
select_sql (const IsafTable *table,
            const char      *where)
{
  g_autoptr(GString) sql = g_string_new ("SELECT id, deleted");

  for (guint i = 0; i < table->n_columns; i++)
    g_string_append_printf (sql, ", %s", table->columns[i].name);
  g_string_append_printf (sql, " FROM %s WHERE %s ORDER BY id", table->name, where);
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

static IsafRecord *
record_from_row (const IsafTable *table,
                 sqlite3_stmt    *stmt)
{
  IsafUuid id;
  IsafRecord *record;

  memcpy (id.bytes, sqlite3_column_blob (stmt, 0), 16);
  record = isaf_record_new_with_id (table->name, &id);
  for (guint i = 0; i < table->n_columns; i++)
    read_value (stmt, i + 2, &table->columns[i], isaf_record_value_at (record, i));
  isaf_record_mark_stored (record, sqlite3_column_int (stmt, 1) != 0);
  return record;
}

IsafRecord *
isaf_store_read_record (IsafDatabase   *database,
                        const char     *table_name,
                        const IsafUuid *id,
                        GError        **error)
{
  const IsafTable *table = isaf_schema_find_table (table_name);
  g_autofree char *sql = select_sql (table, "id = ?");
  sqlite3_stmt *stmt = isaf_database_prepare (database, sql, error);
  IsafRecord *record = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_blob (stmt, 1, id->bytes, 16, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    record = record_from_row (table, stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_NOT_FOUND_ROW,
                 _("The record was not found. It may have been deleted."));
  else
    isaf_database_set_error (database, sqlite3_extended_errcode (isaf_database_get_connection (database)), error);
  sqlite3_reset (stmt);
  return record;
}

GPtrArray *
isaf_store_read_list (IsafDatabase   *database,
                      const char     *table_name,
                      const char     *parent_column,
                      const IsafUuid *parent_id,
                      GError        **error)
{
  const IsafTable *table = isaf_schema_find_table (table_name);
  g_autofree char *where = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (parent_column == NULL || isaf_schema_find_column (table, parent_column), NULL);

  where = parent_column ? g_strdup_printf ("deleted = 0 AND %s = ?", parent_column)
                        : g_strdup ("deleted = 0");
  sql = select_sql (table, where);
  stmt = isaf_database_prepare (database, sql, error);
  if (stmt == NULL)
    return NULL;

  if (parent_column)
    sqlite3_bind_blob (stmt, 1, parent_id->bytes, 16, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, record_from_row (table, stmt));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      isaf_database_set_error (database, rc, error);
      return NULL;
    }
  return g_steal_pointer (&records);
}

gboolean
isaf_store_write_commune (IsafDatabase *database,
                          const char   *commune_code,
                          GError      **error)
{
  IsafGazetteer *gazetteer = isaf_gazetteer_get_default ();
  g_autoptr(GPtrArray) villages = NULL;
  g_autoptr(IsafRecord) commune = NULL;

  if (!isaf_validate_commune_code (commune_code, error))
    return FALSE;

  if (isaf_database_get_commune_code (database) != NULL
      && g_strcmp0 (isaf_database_get_commune_code (database), commune_code) != 0)
    {
      g_set_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_EXISTS,
                   _("This database already belongs to another commune."));
      return FALSE;
    }

  if (!isaf_database_set_commune_code (database, commune_code, error))
    return FALSE;

  commune = isaf_record_new_keyed ("commune", commune_code);
  if (!isaf_store_write_record (database, commune, error))
    return FALSE;

  villages = isaf_gazetteer_children (gazetteer, commune_code);
  for (guint i = 0; i < villages->len; i++)
    {
      const IsafGazetteerEntry *entry = g_ptr_array_index (villages, i);
      g_autoptr(IsafRecord) village = isaf_record_new_keyed ("village", entry->code);

      isaf_record_set_text (village, "code", entry->code);
      if (!isaf_store_write_record (database, village, error))
        return FALSE;
    }

  return TRUE;
}

/* Jobs ---------------------------------------------------------------------------------- */

typedef struct {
  GPtrArray *records;
  const IsafTable *table;
  IsafUuid id;
  char *parent_column;
  gboolean has_parent;
  IsafUuid parent_id;
  char *commune_code;
  GPtrArray *result;
  IsafRecord *record;
} StoreJob;

static void
store_job_free (gpointer data)
{
  StoreJob *job = data;

  g_clear_pointer (&job->records, g_ptr_array_unref);
  g_clear_pointer (&job->result, g_ptr_array_unref);
  g_clear_object (&job->record);
  g_free (job->parent_column);
  g_free (job->commune_code);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StoreJob, store_job_free)

static gboolean
save_job (IsafDatabase *database,
          gpointer      data,
          GError      **error)
{
  StoreJob *job = data;

  for (guint i = 0; i < job->records->len; i++)
    if (!isaf_store_write_record (database, g_ptr_array_index (job->records, i), error))
      return FALSE;

  return TRUE;
}

static void
mark_saved (GPtrArray *records)
{
  for (guint i = 0; i < records->len; i++)
    isaf_record_mark_stored (g_ptr_array_index (records, i), FALSE);
}

gboolean
isaf_store_save (IsafStore  *self,
                 GPtrArray  *records,
                 GError    **error)
{
  g_autoptr(StoreJob) job = g_new0 (StoreJob, 1);

  g_return_val_if_fail (ISAF_IS_STORE (self), FALSE);

  job->records = g_ptr_array_ref (records);
  if (!isaf_database_run (self->database, ISAF_DATABASE_WRITE, save_job, job, error))
    return FALSE;

  mark_saved (records);
  return TRUE;
}

static void
on_save_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GPtrArray *records = g_task_get_task_data (task);
  GError *error = NULL;

  if (!isaf_database_run_finish (ISAF_DATABASE (source), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  mark_saved (records);
  g_task_return_boolean (task, TRUE);
}

void
isaf_store_save_async (IsafStore           *self,
                       GPtrArray           *records,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task;
  StoreJob *job;

  g_return_if_fail (ISAF_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, isaf_store_save_async);
  g_task_set_task_data (task, g_ptr_array_ref (records), (GDestroyNotify) g_ptr_array_unref);

  job = g_new0 (StoreJob, 1);
  job->records = g_ptr_array_ref (records);
  isaf_database_run_async (self->database, ISAF_DATABASE_WRITE, save_job, job, store_job_free,
                           cancellable, on_save_done_cb, task);
}

gboolean
isaf_store_save_finish (IsafStore     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static StoreJob *
row_job_new (const char     *table,
             const IsafUuid *id)
{
  StoreJob *job = g_new0 (StoreJob, 1);

  job->table = isaf_schema_find_table (table);
  job->id = *id;
  return job;
}

static gboolean
get_job (IsafDatabase *database,
         gpointer      data,
         GError      **error)
{
  StoreJob *job = data;

  job->record = isaf_store_read_record (database, job->table->name, &job->id, error);
  return job->record != NULL;
}

IsafRecord *
isaf_store_get (IsafStore      *self,
                const char     *table,
                const IsafUuid *id,
                GError        **error)
{
  g_autoptr(StoreJob) job = NULL;

  g_return_val_if_fail (ISAF_IS_STORE (self), NULL);
  g_return_val_if_fail (isaf_schema_find_table (table) != NULL, NULL);

  job = row_job_new (table, id);
  if (!isaf_database_run (self->database, ISAF_DATABASE_READ, get_job, job, error))
    return NULL;
  return g_steal_pointer (&job->record);
}

static gboolean
list_job (IsafDatabase *database,
          gpointer      data,
          GError      **error)
{
  StoreJob *job = data;

  job->result = isaf_store_read_list (database, job->table->name, job->parent_column,
                                      job->has_parent ? &job->parent_id : NULL, error);
  return job->result != NULL;
}

static StoreJob *
list_job_new (const char     *table,
              const char     *parent_column,
              const IsafUuid *parent_id)
{
  StoreJob *job = g_new0 (StoreJob, 1);

  job->table = isaf_schema_find_table (table);
  job->parent_column = g_strdup (parent_column);
  if (parent_id)
    {
      job->has_parent = TRUE;
      job->parent_id = *parent_id;
    }
  return job;
}

GPtrArray *
isaf_store_list (IsafStore      *self,
                 const char     *table,
                 const char     *parent_column,
                 const IsafUuid *parent_id,
                 GError        **error)
{
  g_autoptr(StoreJob) job = NULL;

  g_return_val_if_fail (ISAF_IS_STORE (self), NULL);
  g_return_val_if_fail (isaf_schema_find_table (table) != NULL, NULL);
  g_return_val_if_fail ((parent_column == NULL) == (parent_id == NULL), NULL);

  job = list_job_new (table, parent_column, parent_id);
  if (!isaf_database_run (self->database, ISAF_DATABASE_READ, list_job, job, error))
    return NULL;
  return g_steal_pointer (&job->result);
}

static void
on_list_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StoreJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!isaf_database_run_finish (ISAF_DATABASE (source), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&job->result),
                           (GDestroyNotify) g_ptr_array_unref);
}

void
isaf_store_list_async (IsafStore           *self,
                       const char          *table,
                       const char          *parent_column,
                       const IsafUuid      *parent_id,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task;
  StoreJob *job;

  g_return_if_fail (ISAF_IS_STORE (self));
  g_return_if_fail (isaf_schema_find_table (table) != NULL);

  job = list_job_new (table, parent_column, parent_id);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, isaf_store_list_async);
  /* The task keeps the job alive; the database runs it and leaves it to the task. */
  g_task_set_task_data (task, job, store_job_free);
  isaf_database_run_async (self->database, ISAF_DATABASE_READ, list_job, job, NULL,
                           cancellable, on_list_done_cb, task);
}

GPtrArray *
isaf_store_list_finish (IsafStore     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
create_commune_job (IsafDatabase *database,
                    gpointer      data,
                    GError      **error)
{
  StoreJob *job = data;

  return isaf_store_write_commune (database, job->commune_code, error);
}

gboolean
isaf_store_create_commune (IsafStore   *self,
                           const char  *commune_code,
                           GError     **error)
{
  g_autoptr(StoreJob) job = g_new0 (StoreJob, 1);

  g_return_val_if_fail (ISAF_IS_STORE (self), FALSE);

  job->commune_code = g_strdup (commune_code);
  return isaf_database_run (self->database, ISAF_DATABASE_WRITE, create_commune_job, job, error);
}

IsafDatabase *
isaf_store_get_database (IsafStore *self)
{
  return self->database;
}

static void
isaf_store_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  IsafStore *self = ISAF_STORE (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->database);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isaf_store_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  IsafStore *self = ISAF_STORE (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      self->database = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isaf_store_dispose (GObject *object)
{
  IsafStore *self = ISAF_STORE (object);

  g_clear_object (&self->database);

  G_OBJECT_CLASS (isaf_store_parent_class)->dispose (object);
}

static void
isaf_store_class_init (IsafStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = isaf_store_get_property;
  object_class->set_property = isaf_store_set_property;
  object_class->dispose = isaf_store_dispose;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL, ISAF_TYPE_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
isaf_store_init (IsafStore *self)
{
}

IsafStore *
isaf_store_new (IsafDatabase *database)
{
  g_return_val_if_fail (ISAF_IS_DATABASE (database), NULL);

  return g_object_new (ISAF_TYPE_STORE, "database", database, NULL);
}
