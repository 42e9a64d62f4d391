/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-sync"

#include "config.h"

#include <sqlite3.h>

#include "isaf-sync-local.h"

/* The laptop's blob store as sync sees it (data/schema/0003-attachments.sql): files waiting to
 * go up, and files coming down in parts that survive a broken link or a power cut. */

void
isaf_sync_file_free (IsafSyncFile *file)
{
  g_free (file->sha256);
  g_free (file);
}

gboolean
isaf_sync_local_files_waiting (IsafDatabase  *database,
                               gboolean      *waiting,
                               GError       **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "SELECT EXISTS (SELECT 1 FROM blob_file "
                                              "WHERE uploaded = 0)",
                                              error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  *waiting = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      isaf_database_set_error (database, rc, error);
      return FALSE;
    }
  return TRUE;
}

typedef struct {
  const char *sql;
  GPtrArray *files;
} ListJob;

/* Rows of (sha256, size, received) into IsafSyncFiles. */
static gboolean
list_job (IsafDatabase *database,
          gpointer      data,
          GError      **error)
{
  ListJob *job = data;
  sqlite3_stmt *stmt = isaf_database_prepare (database, job->sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      IsafSyncFile *file = g_new0 (IsafSyncFile, 1);

      file->sha256 = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      file->size = sqlite3_column_int64 (stmt, 1);
      file->received = sqlite3_column_int64 (stmt, 2);
      g_ptr_array_add (job->files, file);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      isaf_database_set_error (database, rc, error);
      return FALSE;
    }
  return TRUE;
}

static GPtrArray *
list_files (IsafDatabase  *database,
            const char    *sql,
            GError       **error)
{
  ListJob job = { sql, g_ptr_array_new_with_free_func ((GDestroyNotify) isaf_sync_file_free) };

  if (!isaf_database_run (database, ISAF_DATABASE_READ, list_job, &job, error))
    {
      g_ptr_array_unref (job.files);
      return NULL;
    }
  return job.files;
}

GPtrArray *
isaf_sync_local_list_uploads (IsafDatabase  *database,
                              GError       **error)
{
  /* length () of a blob reads its size from the row's header, not its pages. */
  return list_files (database,
                     "SELECT sha256, length (content), 0 FROM blob_file WHERE uploaded = 0 "
                     "ORDER BY sha256",
                     error);
}

GPtrArray *
isaf_sync_local_list_downloads (IsafDatabase  *database,
                                GError       **error)
{
  return list_files (database,
                     "SELECT a.sha256, max (a.size), "
                     "       (SELECT coalesce (sum (length (p.content)), 0) FROM blob_part p "
                     "        WHERE p.sha256 = a.sha256) "
                     "FROM attachment a "
                     "WHERE a.deleted = 0 "
                     "  AND NOT EXISTS (SELECT 1 FROM blob_file f WHERE f.sha256 = a.sha256) "
                     "GROUP BY a.sha256 ORDER BY a.sha256",
                     error);
}

static gboolean
mark_uploaded_job (IsafDatabase *database,
                   gpointer      data,
                   GError      **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "UPDATE blob_file SET uploaded = 1 "
                                              "WHERE sha256 = ?1",
                                              error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, data, -1, SQLITE_STATIC);
  return isaf_database_step_done (database, stmt, error);
}

gboolean
isaf_sync_local_mark_uploaded (IsafDatabase  *database,
                               const char    *sha256,
                               GError       **error)
{
  return isaf_database_run (database, ISAF_DATABASE_WRITE_UNCAPTURED, mark_uploaded_job,
                            (gpointer) sha256, error);
}

typedef struct {
  const char *sha256;
  gint64 first;
  GBytes *part;
  gboolean intact;
} PartJob;

static gint64
received_bytes (IsafDatabase  *database,
                const char    *sha256,
                GError       **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "SELECT coalesce (sum (length (content)), 0) "
                                              "FROM blob_part WHERE sha256 = ?1",
                                              error);
  gint64 received;
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  received = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    isaf_database_set_error (database, rc, error);
  return received;
}

static gboolean
store_part_job (IsafDatabase *database,
                gpointer      data,
                GError      **error)
{
  PartJob *job = data;
  gint64 received = received_bytes (database, job->sha256, error);
  sqlite3_stmt *stmt;
  gsize size;
  const void *bytes = g_bytes_get_data (job->part, &size);

  if (received < 0)
    return FALSE;
  /* Parts join end to end: a part that does not start where the others end would make a
   * file whose hash can never match. */
  if (job->first != received)
    {
      g_set_error (error, ISAF_SYNC_ERROR, ISAF_SYNC_ERROR_FAILED,
                   "a part of %s starts at byte %" G_GINT64_FORMAT ", the parts so far end at "
                   "%" G_GINT64_FORMAT, job->sha256, job->first, received);
      return FALSE;
    }
  stmt = isaf_database_prepare (database,
                                "INSERT INTO blob_part (sha256, first, content) "
                                "VALUES (?1, ?2, ?3)",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, job->sha256, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, job->first);
  sqlite3_bind_blob64 (stmt, 3, bytes, size, SQLITE_STATIC);
  return isaf_database_step_done (database, stmt, error);
}

gboolean
isaf_sync_local_store_part (IsafDatabase  *database,
                            const char    *sha256,
                            gint64         first,
                            GBytes        *part,
                            GError       **error)
{
  PartJob job = { sha256, first, part, FALSE };

  return isaf_database_run (database, ISAF_DATABASE_WRITE_UNCAPTURED, store_part_job, &job,
                            error);
}

/* The parts in order, joined. */
static GBytes *
join_parts (IsafDatabase  *database,
            const char    *sha256,
            GError       **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "SELECT content FROM blob_part WHERE sha256 = ?1 "
                                              "ORDER BY first",
                                              error);
  g_autoptr(GByteArray) joined = g_byte_array_new ();
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_byte_array_append (joined, sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      isaf_database_set_error (database, rc, error);
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&joined));
}

static gboolean
keep_download_job (IsafDatabase *database,
                   gpointer      data,
                   GError      **error)
{
  PartJob *job = data;
  g_autoptr(GBytes) content = join_parts (database, job->sha256, error);
  g_autofree char *actual = NULL;
  sqlite3_stmt *stmt;
  gsize size;
  const void *bytes;

  if (content == NULL)
    return FALSE;
  actual = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, content);
  job->intact = g_str_equal (actual, job->sha256);
  if (job->intact)
    {
      /* Come from the server, so the server has it. */
      stmt = isaf_database_prepare (database,
                                    "INSERT INTO blob_file (sha256, uploaded, content) "
                                    "VALUES (?1, 1, ?2) ON CONFLICT DO NOTHING",
                                    error);
      if (stmt == NULL)
        return FALSE;
      bytes = g_bytes_get_data (content, &size);
      sqlite3_bind_text (stmt, 1, job->sha256, -1, SQLITE_STATIC);
      sqlite3_bind_blob64 (stmt, 2, bytes, size, SQLITE_STATIC);
      if (!isaf_database_step_done (database, stmt, error))
        return FALSE;
    }
  stmt = isaf_database_prepare (database, "DELETE FROM blob_part WHERE sha256 = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, job->sha256, -1, SQLITE_STATIC);
  return isaf_database_step_done (database, stmt, error);
}

gboolean
isaf_sync_local_keep_download (IsafDatabase  *database,
                               const char    *sha256,
                               gboolean      *intact,
                               GError       **error)
{
  PartJob job = { sha256, 0, NULL, FALSE };

  if (!isaf_database_run (database, ISAF_DATABASE_WRITE_UNCAPTURED, keep_download_job, &job,
                          error))
    return FALSE;
  *intact = job.intact;
  return TRUE;
}
