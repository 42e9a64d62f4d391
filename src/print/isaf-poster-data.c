/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-print"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "isaf-error.h"
#include "isaf-gazetteer.h"
#include "isaf-poster-data.h"
#include "isaf-print-error.h"
#include "isaf-reference.h"
#include "isaf-uuid.h"

/* The content of I4C posters, read in one job on the database thread: the units, the year's
 * I4C set of each (and last year's values beside it), the national indicator definitions, the
 * commune's contacts, and the names of the places from the gazetteer. */

typedef struct {
  char *unit_code;
  int year;
  GPtrArray *posters;
} LoadJob;

static void
load_job_free (gpointer data)
{
  LoadJob *job = data;

  g_free (job->unit_code);
  g_clear_pointer (&job->posters, g_ptr_array_unref);
  g_free (job);
}

/* Units in a stable order: the commune office, health services, then schools, by code. */
#define UNITS_SQL \
  "SELECT id, kind, code, name_km, name_en, head_name, phone FROM service_unit " \
  "WHERE deleted = 0 AND (?1 IS NULL OR code = ?1) " \
  "ORDER BY CASE kind WHEN 'commune_office' THEN 0 WHEN 'health_centre' THEN 1 " \
  "WHEN 'health_post' THEN 2 ELSE 3 END, code"

#define CYCLE_SQL "SELECT 1 FROM cycle WHERE deleted = 0 AND year = ?1"

#define COMMUNE_SQL \
  "SELECT chief_name, chief_phone, clerk_name, clerk_phone FROM commune WHERE deleted = 0 " \
  "ORDER BY id LIMIT 1"

#define SET_SQL \
  "SELECT s.id, s.opening_hours, s.services_offered, s.budget_received_riel, " \
  "s.budget_spent_riel FROM i4c_set s JOIN cycle c ON c.id = s.cycle_id " \
  "WHERE s.deleted = 0 AND c.deleted = 0 AND c.year = ?1 AND s.service_unit_id = ?2 " \
  "ORDER BY s.id LIMIT 1"

#define VALUES_SQL \
  "SELECT v.indicator_code, v.value FROM i4c_value v JOIN i4c_set s ON s.id = v.i4c_set_id " \
  "JOIN cycle c ON c.id = s.cycle_id WHERE v.deleted = 0 AND s.deleted = 0 AND c.deleted = 0 " \
  "AND c.year = ?1 AND s.service_unit_id = ?2 AND v.value IS NOT NULL"

#define FEES_SQL \
  "SELECT service_km, service_en, amount_riel FROM i4c_fee WHERE deleted = 0 AND i4c_set_id = ?1 " \
  "ORDER BY position, service_km"

#define STAFF_SQL \
  "SELECT category, women, men FROM i4c_staff WHERE deleted = 0 AND i4c_set_id = ?1 " \
  "ORDER BY category"

#define PICTOGRAM_SQL \
  "SELECT pictogram FROM ref_indicator WHERE purpose = 'i4c' AND code = ?1 " \
  "ORDER BY version DESC LIMIT 1"

IsafPosterData *
isaf_poster_data_new (void)
{
  IsafPosterData *data = g_new0 (IsafPosterData, 1);

  data->indicators = g_ptr_array_new_with_free_func ((GDestroyNotify) isaf_poster_indicator_free);
  data->fees = g_ptr_array_new_with_free_func ((GDestroyNotify) isaf_poster_fee_free);
  data->staff = g_ptr_array_new_with_free_func ((GDestroyNotify) isaf_poster_staff_free);
  return data;
}

static void
place_clear (IsafPosterPlace *place)
{
  g_free (place->name_km);
  g_free (place->name_en);
  g_free (place->unit_km);
  g_free (place->unit_en);
}

void
isaf_poster_data_free (IsafPosterData *data)
{
  if (data == NULL)
    return;
  g_free (data->unit_code);
  g_free (data->kind);
  g_free (data->name_km);
  g_free (data->name_en);
  g_free (data->head_name);
  g_free (data->phone);
  place_clear (&data->commune);
  place_clear (&data->district);
  place_clear (&data->province);
  g_free (data->opening_hours);
  g_free (data->services_offered);
  g_free (data->chief_name);
  g_free (data->chief_phone);
  g_free (data->clerk_name);
  g_free (data->clerk_phone);
  g_ptr_array_unref (data->indicators);
  g_ptr_array_unref (data->fees);
  g_ptr_array_unref (data->staff);
  g_free (data);
}

IsafPosterIndicator *
isaf_poster_indicator_new (void)
{
  return g_new0 (IsafPosterIndicator, 1);
}

void
isaf_poster_indicator_free (IsafPosterIndicator *indicator)
{
  if (indicator == NULL)
    return;
  g_free (indicator->code);
  g_free (indicator->name_km);
  g_free (indicator->name_en);
  g_free (indicator->unit);
  g_free (indicator->pictogram);
  g_free (indicator);
}

IsafPosterFee *
isaf_poster_fee_new (const char *service_km,
                     const char *service_en,
                     gint64      amount_riel)
{
  IsafPosterFee *fee = g_new0 (IsafPosterFee, 1);

  fee->service_km = g_strdup (service_km);
  fee->service_en = g_strdup (service_en);
  fee->amount_riel = amount_riel;
  return fee;
}

void
isaf_poster_fee_free (IsafPosterFee *fee)
{
  if (fee == NULL)
    return;
  g_free (fee->service_km);
  g_free (fee->service_en);
  g_free (fee);
}

IsafPosterStaff *
isaf_poster_staff_new (const char *category,
                       gint64      women,
                       gint64      men)
{
  IsafPosterStaff *staff = g_new0 (IsafPosterStaff, 1);

  staff->category = g_strdup (category);
  staff->women = women;
  staff->men = men;
  return staff;
}

void
isaf_poster_staff_free (IsafPosterStaff *staff)
{
  if (staff == NULL)
    return;
  g_free (staff->category);
  g_free (staff);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* Ends a read loop: SQLITE_DONE is success, anything else an error. */
static gboolean
finish_rows (IsafDatabase *database,
             sqlite3_stmt *stmt,
             int           rc,
             GError      **error)
{
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  isaf_database_set_error (database, rc, error);
  return FALSE;
}

static void
place_set (IsafPosterPlace          *place,
           const IsafGazetteerEntry *entry)
{
  if (entry == NULL)
    return;
  place->name_km = g_strdup (entry->name_km);
  place->name_en = g_strdup (entry->name_latin);
  place->unit_km = g_strdup (entry->unit_km);
  place->unit_en = g_strdup (entry->unit_en);
}

/* The commune, its district and its province; the chief's and the clerk's names and phones. */
typedef struct {
  IsafPosterPlace places[3];
  char *contacts[4];
} CommuneInfo;

static gboolean
read_commune (IsafDatabase *database,
              CommuneInfo  *info,
              GError      **error)
{
  IsafGazetteer *gazetteer = isaf_gazetteer_get_default ();
  const char *code = isaf_database_get_commune_code (database);
  const IsafGazetteerEntry *entry = code ? isaf_gazetteer_lookup (gazetteer, code) : NULL;
  sqlite3_stmt *stmt;
  int rc;

  for (guint level = 0; level < 3 && entry != NULL; level++)
    {
      place_set (&info->places[level], entry);
      entry = isaf_gazetteer_get_parent (gazetteer, entry);
    }

  stmt = isaf_database_prepare (database, COMMUNE_SQL, error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      for (guint i = 0; i < G_N_ELEMENTS (info->contacts); i++)
        info->contacts[i] = column_text (stmt, i);
      rc = sqlite3_step (stmt);
    }
  return finish_rows (database, stmt, rc, error);
}

static void
commune_info_clear (CommuneInfo *info)
{
  for (guint i = 0; i < G_N_ELEMENTS (info->places); i++)
    place_clear (&info->places[i]);
  for (guint i = 0; i < G_N_ELEMENTS (info->contacts); i++)
    g_free (info->contacts[i]);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CommuneInfo, commune_info_clear)

static void
place_copy (IsafPosterPlace       *dest,
            const IsafPosterPlace *src)
{
  dest->name_km = g_strdup (src->name_km);
  dest->name_en = g_strdup (src->name_en);
  dest->unit_km = g_strdup (src->unit_km);
  dest->unit_en = g_strdup (src->unit_en);
}

/* The values recorded for one unit in one year, by indicator code. */
static GHashTable *
read_values (IsafDatabase   *database,
             const IsafUuid *unit_id,
             int             year,
             GError        **error)
{
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt = isaf_database_prepare (database, VALUES_SQL, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, year);
  sqlite3_bind_blob (stmt, 2, unit_id->bytes, sizeof unit_id->bytes, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      double value = sqlite3_column_double (stmt, 1);

      g_hash_table_insert (values, column_text (stmt, 0), g_memdup2 (&value, sizeof value));
    }
  if (!finish_rows (database, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&values);
}

static gboolean
read_indicators (IsafDatabase   *database,
                 IsafPosterData *data,
                 const IsafUuid *unit_id,
                 GError        **error)
{
  g_autoptr(GPtrArray) definitions = NULL;
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(GHashTable) last_year = NULL;

  definitions = isaf_reference_read_indicators (database, "i4c", data->kind, error);
  if (definitions == NULL)
    return FALSE;
  values = read_values (database, unit_id, data->year, error);
  if (values == NULL)
    return FALSE;
  last_year = read_values (database, unit_id, data->year - 1, error);
  if (last_year == NULL)
    return FALSE;

  for (guint i = 0; i < definitions->len; i++)
    {
      IsafIndicator *definition = g_ptr_array_index (definitions, i);
      IsafPosterIndicator *indicator = isaf_poster_indicator_new ();
      const double *value = g_hash_table_lookup (values, definition->code);
      const double *last = g_hash_table_lookup (last_year, definition->code);
      sqlite3_stmt *stmt;
      int rc;

      g_ptr_array_add (data->indicators, indicator);
      indicator->code = g_strdup (definition->code);
      indicator->name_km = g_strdup (definition->name_km);
      indicator->name_en = g_strdup (definition->name_en);
      indicator->unit = g_strdup (definition->unit);
      indicator->standard = definition->standard;
      indicator->has_standard = definition->has_standard;
      indicator->higher_is_better = definition->higher_is_better;
      indicator->has_value = value != NULL;
      indicator->value = value ? *value : 0;
      indicator->has_last_year_value = last != NULL;
      indicator->last_year_value = last ? *last : 0;

      stmt = isaf_database_prepare (database, PICTOGRAM_SQL, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, definition->code, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          indicator->pictogram = column_text (stmt, 0);
          rc = sqlite3_step (stmt);
        }
      if (!finish_rows (database, stmt, rc, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_set_rows (IsafDatabase   *database,
               IsafPosterData *data,
               const IsafUuid *set_id,
               GError        **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database, FEES_SQL, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, set_id->bytes, sizeof set_id->bytes, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (data->fees,
                     isaf_poster_fee_new ((const char *) sqlite3_column_text (stmt, 0),
                                          (const char *) sqlite3_column_text (stmt, 1),
                                          sqlite3_column_int64 (stmt, 2)));
  if (!finish_rows (database, stmt, rc, error))
    return FALSE;

  stmt = isaf_database_prepare (database, STAFF_SQL, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, set_id->bytes, sizeof set_id->bytes, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (data->staff,
                     isaf_poster_staff_new ((const char *) sqlite3_column_text (stmt, 0),
                                            sqlite3_column_int64 (stmt, 1),
                                            sqlite3_column_int64 (stmt, 2)));
  return finish_rows (database, stmt, rc, error);
}

static gboolean
read_set (IsafDatabase   *database,
          IsafPosterData *data,
          const IsafUuid *unit_id,
          GError        **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database, SET_SQL, error);
  IsafUuid set_id;
  gboolean found = FALSE;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, data->year);
  sqlite3_bind_blob (stmt, 2, unit_id->bytes, sizeof unit_id->bytes, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      found = sqlite3_column_bytes (stmt, 0) == sizeof set_id.bytes;
      if (found)
        memcpy (set_id.bytes, sqlite3_column_blob (stmt, 0), sizeof set_id.bytes);
      data->opening_hours = column_text (stmt, 1);
      data->services_offered = column_text (stmt, 2);
      data->has_budget_received = sqlite3_column_type (stmt, 3) != SQLITE_NULL;
      data->budget_received_riel = sqlite3_column_int64 (stmt, 3);
      data->has_budget_spent = sqlite3_column_type (stmt, 4) != SQLITE_NULL;
      data->budget_spent_riel = sqlite3_column_int64 (stmt, 4);
      rc = sqlite3_step (stmt);
    }
  if (!finish_rows (database, stmt, rc, error))
    return FALSE;
  return !found || read_set_rows (database, data, &set_id, error);
}

typedef struct {
  IsafUuid id;
  IsafPosterData *data;
} UnitRow;

static gboolean
read_units (IsafDatabase *database,
            LoadJob      *job,
            GArray       *units,
            GError      **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database, UNITS_SQL, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (job->unit_code)
    sqlite3_bind_text (stmt, 1, job->unit_code, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      UnitRow row = { 0 };

      if (sqlite3_column_bytes (stmt, 0) != sizeof row.id.bytes)
        continue;
      memcpy (row.id.bytes, sqlite3_column_blob (stmt, 0), sizeof row.id.bytes);
      row.data = isaf_poster_data_new ();
      row.data->kind = column_text (stmt, 1);
      row.data->unit_code = column_text (stmt, 2);
      row.data->name_km = column_text (stmt, 3);
      row.data->name_en = column_text (stmt, 4);
      row.data->head_name = column_text (stmt, 5);
      row.data->phone = column_text (stmt, 6);
      row.data->year = job->year;
      g_array_append_val (units, row);
    }
  return finish_rows (database, stmt, rc, error);
}

static gboolean
check_cycle (IsafDatabase *database,
             int           year,
             GError      **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database, CYCLE_SQL, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, year);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    {
      isaf_database_set_error (database, rc, error);
      return FALSE;
    }
  g_set_error (error, ISAF_PRINT_ERROR, ISAF_PRINT_ERROR_NO_CYCLE,
               _("There is no ISAF cycle for %d in this database. Choose another year."), year);
  return FALSE;
}

static void
unit_row_clear (gpointer data)
{
  UnitRow *row = data;

  g_clear_pointer (&row->data, isaf_poster_data_free);
}

static gboolean
load_job (IsafDatabase *database,
          gpointer      user_data,
          GError      **error)
{
  LoadJob *job = user_data;
  g_autoptr(GArray) units = g_array_new (FALSE, TRUE, sizeof (UnitRow));
  g_auto(CommuneInfo) info = { 0 };

  g_array_set_clear_func (units, unit_row_clear);
  if (!check_cycle (database, job->year, error) || !read_units (database, job, units, error))
    return FALSE;
  if (units->len == 0)
    {
      if (job->unit_code)
        g_set_error (error, ISAF_PRINT_ERROR, ISAF_PRINT_ERROR_NO_UNIT,
                     _("There is no service unit with the code “%s”."), job->unit_code);
      else
        g_set_error_literal (error, ISAF_PRINT_ERROR, ISAF_PRINT_ERROR_NO_UNIT,
                             _("This commune has no service units yet, so there is no poster "
                               "to print."));
      return FALSE;
    }
  if (!read_commune (database, &info, error))
    return FALSE;

  job->posters = g_ptr_array_new_with_free_func ((GDestroyNotify) isaf_poster_data_free);
  for (guint i = 0; i < units->len; i++)
    {
      UnitRow *row = &g_array_index (units, UnitRow, i);
      IsafPosterData *data = row->data;

      place_copy (&data->commune, &info.places[0]);
      place_copy (&data->district, &info.places[1]);
      place_copy (&data->province, &info.places[2]);
      data->chief_name = g_strdup (info.contacts[0]);
      data->chief_phone = g_strdup (info.contacts[1]);
      data->clerk_name = g_strdup (info.contacts[2]);
      data->clerk_phone = g_strdup (info.contacts[3]);
      if (!read_set (database, data, &row->id, error)
          || !read_indicators (database, data, &row->id, error))
        return FALSE;
      g_ptr_array_add (job->posters, g_steal_pointer (&row->data));
    }
  return TRUE;
}

static LoadJob *
load_job_new (const char *unit_code,
              int         year)
{
  LoadJob *job = g_new0 (LoadJob, 1);

  job->unit_code = g_strdup (unit_code);
  job->year = year;
  return job;
}

/**
 * isaf_poster_data_load:
 * @database: an open database
 * @unit_code: (nullable): a service unit's code, or %NULL for every unit of the commune
 * @year: the year of the ISAF cycle
 * @error: return location for an %ISAF_PRINT_ERROR or %ISAF_DATABASE_ERROR
 *
 * Reads the content of the posters of @year, one per unit. A unit without I4C information
 * for the year still gets its poster, with dashes for what is missing.
 *
 * Returns: (transfer full) (element-type IsafPosterData) (nullable): the posters' content
 */
GPtrArray *
isaf_poster_data_load (IsafDatabase *database,
                       const char   *unit_code,
                       int           year,
                       GError      **error)
{
  LoadJob *job = load_job_new (unit_code, year);
  GPtrArray *posters = NULL;

  if (isaf_database_run (database, ISAF_DATABASE_READ, load_job, job, error))
    posters = g_steal_pointer (&job->posters);
  load_job_free (job);
  return posters;
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
    g_task_return_pointer (task, g_steal_pointer (&job->posters),
                           (GDestroyNotify) g_ptr_array_unref);
}

void
isaf_poster_data_load_async (IsafDatabase        *database,
                             const char          *unit_code,
                             int                  year,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  LoadJob *job = load_job_new (unit_code, year);
  GTask *task = g_task_new (database, cancellable, callback, user_data);

  g_task_set_source_tag (task, isaf_poster_data_load_async);
  g_task_set_task_data (task, job, load_job_free);
  isaf_database_run_async (database, ISAF_DATABASE_READ, load_job, job, NULL, cancellable,
                           on_load_done_cb, task);
}

GPtrArray *
isaf_poster_data_load_finish (IsafDatabase  *database,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, database), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
