/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-awpb"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "isaf-awpb.h"
#include "isaf-error.h"
#include "isaf-stage-rows.h"
#include "isaf-store-job.h"
#include "isaf-validate.h"

/* The annual workplan and budget for social accountability (DOMAIN.md, step 0): lines of a
 * category (JAAPC meetings, I4C printing, CAF support, CIP activities, other), an amount in
 * Riel, a source of funds and a quarter, with what was spent against each. The totals by
 * category, source and quarter are added up on reading. */

static const char * const category_names[ISAF_N_AWPB_CATEGORIES] = {
  "jaapc_meetings", "i4c_printing", "caf_support", "cip_activities", "other",
};

static const char * const source_names[ISAF_N_FUND_SOURCES] = {
  "commune_fund", "provider_budget", "line_department", "development_partner", "community",
};

static int
index_in (const char * const *names,
          guint               n_names,
          const char         *text)
{
  for (guint i = 0; i < n_names; i++)
    if (g_strcmp0 (names[i], text) == 0)
      return i;
  return -1;
}

const char *
isaf_awpb_category_to_string (IsafAwpbCategory category)
{
  g_return_val_if_fail (category < ISAF_N_AWPB_CATEGORIES, NULL);
  return category_names[category];
}

int
isaf_awpb_category_from_string (const char *text)
{
  return index_in (category_names, ISAF_N_AWPB_CATEGORIES, text);
}

const char *
isaf_fund_source_to_string (IsafFundSource source)
{
  g_return_val_if_fail (source < ISAF_N_FUND_SOURCES, NULL);
  return source_names[source];
}

int
isaf_fund_source_from_string (const char *text)
{
  return index_in (source_names, ISAF_N_FUND_SOURCES, text);
}

/* The plan --------------------------------------------------------------------------------- */

void
isaf_awpb_free (IsafAwpb *awpb)
{
  if (awpb == NULL)
    return;
  g_clear_pointer (&awpb->lines, g_ptr_array_unref);
  g_free (awpb);
}

static void
add_amounts (IsafAwpbAmounts *amounts,
             IsafRecord      *line)
{
  amounts->planned += isaf_record_get_integer (line, "amount_riel");
  if (!isaf_record_is_null (line, "spent_riel"))
    amounts->spent += isaf_record_get_integer (line, "spent_riel");
}

void
isaf_awpb_compute_totals (IsafAwpb *awpb)
{
  memset (awpb->by_category, 0, sizeof awpb->by_category);
  memset (awpb->by_source, 0, sizeof awpb->by_source);
  memset (awpb->by_quarter, 0, sizeof awpb->by_quarter);
  memset (&awpb->total, 0, sizeof awpb->total);

  for (guint i = 0; i < awpb->lines->len; i++)
    {
      IsafRecord *line = g_ptr_array_index (awpb->lines, i);
      int category = isaf_awpb_category_from_string (isaf_record_get_text (line, "category"));
      int source = isaf_fund_source_from_string (isaf_record_get_text (line, "fund_source"));

      if (category >= 0)
        add_amounts (&awpb->by_category[category], line);
      if (source >= 0)
        add_amounts (&awpb->by_source[source], line);
      if (!isaf_record_is_null (line, "quarter"))
        add_amounts (&awpb->by_quarter[CLAMP (isaf_record_get_integer (line, "quarter"), 1, 4) - 1],
                     line);
      add_amounts (&awpb->total, line);
    }
}

/* By quarter (lines for the whole year last), category, then id (the order they were made). */
static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  IsafRecord *left = *(IsafRecord **) a;
  IsafRecord *right = *(IsafRecord **) b;
  gint64 left_quarter = isaf_record_is_null (left, "quarter") ? 5 : isaf_record_get_integer (left, "quarter");
  gint64 right_quarter = isaf_record_is_null (right, "quarter") ? 5 : isaf_record_get_integer (right, "quarter");
  int left_category = isaf_awpb_category_from_string (isaf_record_get_text (left, "category"));
  int right_category = isaf_awpb_category_from_string (isaf_record_get_text (right, "category"));

  if (left_quarter != right_quarter)
    return left_quarter < right_quarter ? -1 : 1;
  if (left_category != right_category)
    return left_category < right_category ? -1 : 1;
  return isaf_uuid_compare (isaf_record_get_id (left), isaf_record_get_id (right));
}

IsafAwpb *
isaf_awpb_read_year (IsafDatabase *database,
                     int           year,
                     GError      **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "SELECT id FROM cycle WHERE year = ?1 "
                                              "AND deleted = 0 ORDER BY id",
                                              error);
  g_autoptr(IsafAwpb) awpb = g_new0 (IsafAwpb, 1);
  g_autoptr(GArray) cycles = g_array_new (FALSE, FALSE, sizeof (IsafUuid));
  int rc;

  if (stmt == NULL)
    return NULL;

  awpb->year = year;
  awpb->lines = g_ptr_array_new_with_free_func (g_object_unref);

  /* Two laptops may each have made the year's cycle before they synced: both count. */
  sqlite3_bind_int (stmt, 1, year);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      IsafUuid id;

      memcpy (id.bytes, sqlite3_column_blob (stmt, 0), 16);
      g_array_append_val (cycles, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      isaf_stage_set_sqlite_error (database, error);
      return NULL;
    }

  for (guint i = 0; i < cycles->len; i++)
    {
      g_autoptr(GPtrArray) lines = isaf_store_read_list (database, "awpb_line", "cycle_id",
                                                         &g_array_index (cycles, IsafUuid, i),
                                                         error);

      if (lines == NULL)
        return NULL;
      g_ptr_array_extend_and_steal (awpb->lines, g_steal_pointer (&lines));
    }
  g_ptr_array_sort (awpb->lines, compare_lines);
  isaf_awpb_compute_totals (awpb);
  return g_steal_pointer (&awpb);
}

/* Checks the line, then writes the cycle (when the year has none) and the line. */
static gboolean
write_line (IsafDatabase *database,
            int           year,
            IsafRecord   *line,
            GError      **error)
{
  const char *commune_code = isaf_database_get_commune_code (database);
  g_autoptr(IsafRecord) stored = NULL;
  IsafUuid cycle_id;
  gboolean cycle_exists;

  if (commune_code == NULL)
    {
      g_set_error_literal (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_NO_COMMUNE,
                           _("This database has no commune yet. Choose the commune first."));
      return FALSE;
    }
  if (isaf_record_is_stored (line))
    {
      stored = isaf_stage_require_live_row (database, "awpb_line", isaf_record_get_id (line),
                                            ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_NOT_FOUND_ROW,
                                            _("This budget line has been deleted, perhaps on "
                                              "another computer. Add it again if it is still "
                                              "needed."),
                                            error);
      if (stored == NULL)
        return FALSE;
    }

  if (!isaf_stage_find_cycle (database, commune_code, year,
                              isaf_record_get_reference (line, "cycle_id"), &cycle_id,
                              &cycle_exists, error))
    return FALSE;
  isaf_stage_set_reference_if_changed (line, "cycle_id", &cycle_id);

  return isaf_validate_record (line, commune_code, error)
         && (cycle_exists || isaf_stage_write_cycle (database, &cycle_id, year, error))
         && isaf_store_write_record (database, line, error);
}

/* Jobs ------------------------------------------------------------------------------------- */

typedef struct {
  int year;
  IsafRecord *line;
  IsafAwpb *awpb;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_clear_object (&job->line);
  g_clear_pointer (&job->awpb, isaf_awpb_free);
  g_free (job);
}

static gboolean
load_job (IsafDatabase *database,
          gpointer      data,
          GError      **error)
{
  Job *job = data;

  job->awpb = isaf_awpb_read_year (database, job->year, error);
  return job->awpb != NULL;
}

IsafAwpb *
isaf_awpb_load (IsafStore  *store,
                int         year,
                GError    **error)
{
  Job job = { .year = year };

  g_return_val_if_fail (ISAF_IS_STORE (store), NULL);

  if (!isaf_database_run (isaf_store_get_database (store), ISAF_DATABASE_READ, load_job, &job,
                          error))
    return NULL;
  return job.awpb;
}

void
isaf_awpb_load_async (IsafStore           *store,
                      int                  year,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);

  job->year = year;
  isaf_store_job_run_async (store, ISAF_DATABASE_READ, load_job, job, job_free,
                            isaf_awpb_load_async, cancellable, callback, user_data);
}

IsafAwpb *
isaf_awpb_load_finish (IsafStore     *store,
                       GAsyncResult  *result,
                       GError       **error)
{
  Job *job = isaf_store_job_finish (store, result, isaf_awpb_load_async, error);

  return job ? g_steal_pointer (&job->awpb) : NULL;
}

static gboolean
save_job (IsafDatabase *database,
          gpointer      data,
          GError      **error)
{
  Job *job = data;

  return write_line (database, job->year, job->line, error);
}

static gboolean
is_line (IsafRecord *line)
{
  return ISAF_IS_RECORD (line) && g_str_equal (isaf_record_get_table_name (line), "awpb_line");
}

gboolean
isaf_awpb_line_save (IsafStore   *store,
                     int          year,
                     IsafRecord  *line,
                     GError     **error)
{
  Job job = { .year = year, .line = line };

  g_return_val_if_fail (ISAF_IS_STORE (store), FALSE);
  g_return_val_if_fail (is_line (line), FALSE);

  if (!isaf_database_run (isaf_store_get_database (store), ISAF_DATABASE_WRITE, save_job, &job,
                          error))
    return FALSE;
  isaf_record_mark_stored (line, FALSE);
  return TRUE;
}

void
isaf_awpb_line_save_async (IsafStore           *store,
                           int                  year,
                           IsafRecord          *line,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  Job *job;

  g_return_if_fail (is_line (line));

  job = g_new0 (Job, 1);
  job->year = year;
  job->line = g_object_ref (line);
  isaf_store_job_run_async (store, ISAF_DATABASE_WRITE, save_job, job, job_free,
                            isaf_awpb_line_save_async, cancellable, callback, user_data);
}

gboolean
isaf_awpb_line_save_finish (IsafStore     *store,
                            GAsyncResult  *result,
                            GError       **error)
{
  Job *job = isaf_store_job_finish (store, result, isaf_awpb_line_save_async, error);

  if (job == NULL)
    return FALSE;
  isaf_record_mark_stored (job->line, FALSE);
  return TRUE;
}
