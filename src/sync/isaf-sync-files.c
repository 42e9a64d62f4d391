/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-sync"

#include "config.h"

#include <json-glib/json-glib.h>
#include <stdio.h>

#include "isaf-attachment.h"
#include "isaf-sync-files.h"

/* Uploads: the laptop asks the server how much of a file it holds (a Content-Range of
 * "bytes *" over the file's size, with no body) and sends the rest part by part; the server
 * answers 202 with what it holds after each part, and 200 or 201 once it has checked and kept
 * the whole file. Nothing about an upload is stored on the laptop: the server's count is the
 * truth, so a part whose answer was lost is simply sent again.
 *
 * Downloads: each part is a GET with Range, kept on the laptop as it arrives, so a download
 * cut by a power cut or a dropped link goes on from its last part. */

static char *
blob_path (const char *sha256)
{
  return g_strconcat ("/v1/blobs/", sha256, NULL);
}

/* The bytes the server holds of an upload, from a 202 answer's body; -1 if it names none. */
static gint64
received_in (const IsafSyncAnswer *answer)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *object;
  gsize size = 0;
  const char *data = answer->body ? g_bytes_get_data (answer->body, &size) : NULL;

  if (data == NULL || !json_parser_load_from_data (parser, data, size, NULL))
    return -1;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return -1;
  object = json_node_get_object (root);
  if (!json_object_has_member (object, "received")
      || json_node_get_value_type (json_object_get_member (object, "received")) != G_TYPE_INT64)
    return -1;
  return json_object_get_int_member (object, "received");
}

static gboolean
set_bad_answer (GError     **error,
                const char  *detail,
                const char  *sha256)
{
  g_autoptr(GError) cause = g_error_new (ISAF_SYNC_CLIENT_ERROR, ISAF_SYNC_CLIENT_ERROR_FAILED,
                                         "%s (%s)", detail, sha256);

  isaf_sync_set_bad_answer_error (error, "/v1/blobs", cause);
  return FALSE;
}

static gboolean
upload_file (IsafSyncRun  *run,
             const char   *sha256,
             GBytes       *content,
             GError      **error)
{
  g_autofree char *path = blob_path (sha256);
  gsize total = g_bytes_get_size (content);
  g_autoptr(GBytes) question = g_bytes_new_static ("", 0);
  g_autofree char *range = g_strdup_printf ("bytes */%" G_GSIZE_FORMAT, total);
  g_autoptr(GBytes) part = NULL;
  gint64 last_received = -1;

  for (;;)
    {
      g_auto(IsafSyncAnswer) answer = { 0 };
      gint64 received;
      gsize length;

      if (g_cancellable_set_error_if_cancelled (run->cancellable, error)
          || !isaf_sync_run_send (run,
                                  &(IsafSyncRequest) { .method = "PUT", .path = path,
                                                       .body = part ? part : question,
                                                       .content_type = "application/octet-stream",
                                                       .range_header = "Content-Range",
                                                       .range = range },
                                  &answer, error))
        return FALSE;
      if (answer.status == 200 || answer.status == 201)
        return TRUE;
      if (answer.status != 202)
        {
          isaf_sync_run_set_answer_error (run, "/v1/blobs", &answer, error);
          return FALSE;
        }
      received = received_in (&answer);
      /* A part the server took moves its count on; one that does not would be sent forever. */
      if (received < 0 || (gsize) received >= total || (part != NULL && received <= last_received))
        return set_bad_answer (error, "the answer to an upload does not say how much is held",
                               sha256);
      last_received = received;

      length = MIN (total - received, ISAF_WIRE_BLOB_PART_BYTES);
      g_clear_pointer (&part, g_bytes_unref);
      part = g_bytes_new_from_bytes (content, received, length);
      g_free (range);
      range = g_strdup_printf ("bytes %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT "/%" G_GSIZE_FORMAT,
                               received, received + (gint64) length - 1, total);
    }
}

gboolean
isaf_sync_files_upload (IsafSyncRun  *run,
                        GError      **error)
{
  IsafDatabase *database = isaf_sync_run_get_database (run);
  g_autoptr(GPtrArray) files = isaf_sync_local_list_uploads (database, error);

  if (files == NULL)
    return FALSE;
  for (guint i = 0; i < files->len; i++)
    {
      const IsafSyncFile *file = files->pdata[i];
      g_autoptr(GBytes) content = isaf_attachment_read_content (database, file->sha256, error);

      if (content == NULL
          || !upload_file (run, file->sha256, content, error)
          || !isaf_sync_local_mark_uploaded (database, file->sha256, error))
        return FALSE;
      run->report->files_uploaded++;
    }
  return TRUE;
}

/* "bytes FIRST-LAST/TOTAL" */
static gboolean
parse_content_range (const char *text,
                     gint64     *first,
                     gint64     *last,
                     gint64     *total)
{
  char tail;

  return text != NULL
         && sscanf (text, "bytes %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "%c",
                    first, last, total, &tail) == 3
         && *first >= 0 && *first <= *last && *last < *total;
}

typedef enum {
  DOWNLOAD_KEPT,
  DOWNLOAD_DAMAGED,
  DOWNLOAD_MISSING,
} DownloadResult;

/* Fetches the rest of a file after the @received bytes kept so far, a part per request. */
static gboolean
download_file (IsafSyncRun     *run,
               const char      *sha256,
               gint64           received,
               DownloadResult  *result,
               GError         **error)
{
  IsafDatabase *database = isaf_sync_run_get_database (run);
  g_autofree char *path = blob_path (sha256);
  /* Until the server says, at least one more part. */
  gint64 total = received + 1;
  gboolean intact;

  while (received < total)
    {
      g_auto(IsafSyncAnswer) answer = { 0 };
      g_autofree char *range = g_strdup_printf ("bytes=%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT,
                                                received,
                                                received + ISAF_WIRE_BLOB_PART_BYTES - 1);
      gint64 first, last;

      if (g_cancellable_set_error_if_cancelled (run->cancellable, error)
          || !isaf_sync_run_send (run,
                                  &(IsafSyncRequest) { .method = "GET", .path = path,
                                                       .range_header = "Range",
                                                       .range = range },
                                  &answer, error))
        return FALSE;
      if (answer.status == 404)
        {
          *result = DOWNLOAD_MISSING;
          return TRUE;
        }
      if (answer.status != 206)
        {
          isaf_sync_run_set_answer_error (run, "/v1/blobs", &answer, error);
          return FALSE;
        }
      if (!parse_content_range (answer.content_range, &first, &last, &total)
          || first != received || total > ISAF_WIRE_MAX_BLOB_BYTES
          || (gint64) g_bytes_get_size (answer.body) != last - first + 1)
        return set_bad_answer (error, "another part than the one asked for came", sha256);
      if (!isaf_sync_local_store_part (database, sha256, first, answer.body, error))
        return FALSE;
      received = last + 1;
    }

  if (!isaf_sync_local_keep_download (database, sha256, &intact, error))
    return FALSE;
  *result = intact ? DOWNLOAD_KEPT : DOWNLOAD_DAMAGED;
  return TRUE;
}

gboolean
isaf_sync_files_download (IsafSyncRun  *run,
                          GError      **error)
{
  g_autoptr(GPtrArray) files = isaf_sync_local_list_downloads (isaf_sync_run_get_database (run),
                                                               error);

  if (files == NULL)
    return FALSE;
  for (guint i = 0; i < files->len; i++)
    {
      const IsafSyncFile *file = files->pdata[i];
      DownloadResult result;

      if (!download_file (run, file->sha256, file->received, &result, error))
        return FALSE;
      switch (result)
        {
        case DOWNLOAD_KEPT:
          run->report->files_downloaded++;
          break;
        case DOWNLOAD_DAMAGED:
          g_message ("The file %s came from the sync server damaged: dropped, it will be "
                     "fetched again", file->sha256);
          run->report->files_damaged++;
          break;
        case DOWNLOAD_MISSING:
          g_info ("The sync server does not hold the file %s (yet)", file->sha256);
          run->report->files_missing++;
          break;
        }
    }
  return TRUE;
}
