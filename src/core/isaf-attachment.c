/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-attachment"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>
#include <string.h>

#include "isaf-attachment.h"
#include "isaf-error.h"
#include "isaf-schema.h"

G_DEFINE_QUARK (isaf-attachment-error-quark, isaf_attachment_error)

typedef struct {
  IsafRecord *record;
  GBytes *content;
} AddJob;

/* What the file is, by its first bytes (not its name, which a clerk may have changed); NULL
 * for anything but the photos and scans a commune keeps. */
static const char *
sniff_media_type (GBytes *content)
{
  static const struct {
    const char *media_type;
    const char *magic;
    gsize length;
  } known[] = {
    { "image/jpeg", "\xff\xd8\xff", 3 },
    { "image/png", "\x89PNG\r\n\x1a\n", 8 },
    { "application/pdf", "%PDF-", 5 },
  };
  gsize size;
  const guint8 *data = g_bytes_get_data (content, &size);

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (size >= known[i].length && memcmp (data, known[i].magic, known[i].length) == 0)
      return known[i].media_type;
  return NULL;
}

static gboolean
check_content (GBytes      *content,
               GError     **error)
{
  gsize size = g_bytes_get_size (content);

  if (size == 0)
    {
      g_set_error_literal (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_EMPTY_FILE,
                           _("The file is empty. Choose another file."));
      return FALSE;
    }
  if (size > ISAF_SCHEMA_MAX_FILE_BYTES)
    {
      g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_FILE_TOO_LARGE,
                   _("The file is larger than %d MB. Take the photo at a lower resolution or "
                     "scan fewer pages."), ISAF_SCHEMA_MAX_FILE_BYTES / (1024 * 1024));
      return FALSE;
    }
  if (sniff_media_type (content) == NULL)
    {
      g_set_error_literal (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_UNSUPPORTED_FILE,
                           _("Only photos (JPEG or PNG) and PDF files can be attached. Choose "
                             "another file."));
      return FALSE;
    }
  return TRUE;
}

/* Keeps the bytes under their hash; a file attached twice is kept once. */
static gboolean
store_content (IsafDatabase *database,
               const char   *sha256,
               GBytes       *content,
               GError      **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "INSERT INTO blob_file (sha256, content) "
                                              "VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                                              error);
  gsize size;
  const void *data = g_bytes_get_data (content, &size);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
  sqlite3_bind_blob64 (stmt, 2, data, size, SQLITE_STATIC);
  return isaf_database_step_done (database, stmt, error);
}

static gboolean
add_job (IsafDatabase *database,
         gpointer      data,
         GError      **error)
{
  AddJob *job = data;
  const IsafUuid *stage_id = isaf_record_get_reference (job->record, "cycle_stage_id");
  g_autoptr(IsafRecord) stage = NULL;
  g_autoptr(GError) local_error = NULL;

  /* The stage may have been deleted, here or by a pull, since the clerk chose it. */
  stage = isaf_store_read_record (database, "cycle_stage", stage_id, &local_error);
  if (stage == NULL || isaf_record_get_deleted (stage))
    {
      g_set_error_literal (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_INVALID_ID,
                           _("The stage to attach the file to no longer exists, so nothing was "
                             "saved."));
      return FALSE;
    }
  return store_content (database, isaf_record_get_text (job->record, "sha256"), job->content,
                        error)
         && isaf_store_write_record (database, job->record, error);
}

IsafRecord *
isaf_attachment_add (IsafStore      *store,
                     const IsafUuid *cycle_stage_id,
                     const char     *file_name,
                     GBytes         *content,
                     const char     *caption,
                     GError        **error)
{
  g_autoptr(IsafRecord) record = NULL;
  g_autofree char *sha256 = NULL;
  AddJob job;

  g_return_val_if_fail (ISAF_IS_STORE (store), NULL);
  g_return_val_if_fail (cycle_stage_id != NULL, NULL);
  g_return_val_if_fail (content != NULL, NULL);

  if (!check_content (content, error))
    return NULL;

  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, content);
  record = isaf_record_new ("attachment");
  isaf_record_set_reference (record, "cycle_stage_id", cycle_stage_id);
  isaf_record_set_text (record, "file_name", file_name);
  isaf_record_set_text (record, "media_type", sniff_media_type (content));
  isaf_record_set_integer (record, "size", g_bytes_get_size (content));
  isaf_record_set_text (record, "sha256", sha256);
  isaf_record_set_text (record, "caption", caption);

  job.record = record;
  job.content = content;
  if (!isaf_database_run (isaf_store_get_database (store), ISAF_DATABASE_WRITE, add_job, &job,
                          error))
    return NULL;
  isaf_record_mark_stored (record, FALSE);
  return g_steal_pointer (&record);
}

GBytes *
isaf_attachment_read_stored (IsafDatabase *database,
                             const char   *sha256,
                             GError      **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "SELECT content FROM blob_file WHERE sha256 = ?1",
                                              error);
  GBytes *content = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    content = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  else if (rc == SQLITE_DONE)
    g_set_error_literal (error, ISAF_ATTACHMENT_ERROR, ISAF_ATTACHMENT_ERROR_NOT_DOWNLOADED,
                         _("This file has not come from the sync server yet. It will after the "
                           "next sync."));
  else
    isaf_database_set_error (database, rc, error);
  sqlite3_reset (stmt);
  return content;
}

typedef struct {
  const char *sha256;
  GBytes *content;
} ReadJob;

static gboolean
read_job (IsafDatabase *database,
          gpointer      data,
          GError      **error)
{
  ReadJob *job = data;

  job->content = isaf_attachment_read_stored (database, job->sha256, error);
  return job->content != NULL;
}

GBytes *
isaf_attachment_read_content (IsafDatabase *database,
                              const char   *sha256,
                              GError      **error)
{
  ReadJob job = { sha256, NULL };

  if (!isaf_database_run (database, ISAF_DATABASE_READ, read_job, &job, error))
    return NULL;
  return job.content;
}
