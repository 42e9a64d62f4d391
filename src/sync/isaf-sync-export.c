/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "isaf-schema.h"
#include "isaf-sync-export.h"
#include "isaf-sync-local-private.h"
#include "isaf-sync-values.h"
#include "isaf-wire-private.h"

/* The export is written with the wire's writer, so that values, clocks and ids are spelled
 * exactly as the protocol spells them (sync-protocol.md 3), and the same database gives the
 * same bytes. The whole text is built inside one read transaction, so that the header, the
 * frozen batch and the changes all describe one moment; the file is written once it has ended. */

G_DEFINE_QUARK (isaf-sync-export-error-quark, isaf_sync_export_error)

typedef struct {
  const char *exported_at;
  GString *text;
  gint64 n_changes;
} ExportJob;

/* The batch being sent: the outbox entries from first_seq to last_seq. */
typedef struct {
  gint64 batch_seq;
  gint64 first_seq;
  gint64 last_seq;
} InFlight;

/* A member on a line of its own, for a person reading the file. */
static void
append_key_on_new_line (GString    *out,
                        const char *key)
{
  g_string_append (out, ",\n");
  isaf_wire_append_string (out, key);
  g_string_append_c (out, ':');
}

static void
append_blob_uuid (GString      *out,
                  sqlite3_stmt *stmt,
                  int           index)
{
  IsafUuid id;

  if (sqlite3_column_bytes (stmt, index) != 16)
    {
      g_string_append (out, "null");
      return;
    }
  memcpy (id.bytes, sqlite3_column_blob (stmt, index), 16);
  isaf_wire_append_uuid (out, &id);
}

/* When a change was made, from its clock's 48 bits of milliseconds, for a person reading the
 * file; nothing for a clock given to data from before capture (no time in it). */
static void
append_edited_at (GString *out,
                  gint64   hlc)
{
  gint64 ms = hlc >> 16;
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *seconds = NULL;

  if (ms <= 0)
    return;
  time = g_date_time_new_from_unix_utc (ms / 1000);
  if (time == NULL)
    return;
  seconds = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");
  isaf_wire_append_key (out, "edited_at");
  g_string_append_printf (out, "\"%s.%03dZ\"", seconds, (int) (ms % 1000));
}

/* The column of an outbox entry's field, NULL for the tombstone and for what this version does
 * not know: those values are written as they are stored. */
static const IsafColumn *
find_field_column (const char *table_name,
                   const char *field)
{
  const IsafTable *table = table_name != NULL ? isaf_schema_find_table (table_name) : NULL;

  return table != NULL && field != NULL ? isaf_schema_find_column (table, field) : NULL;
}

/* One outbox entry (seq, txid, tbl, id, field, value, hlc, base_hlc, base_node). */
static void
append_change (GString        *out,
               sqlite3_stmt   *stmt,
               gint64          node,
               const InFlight *in_flight)
{
  const char *table = (const char *) sqlite3_column_text (stmt, 2);
  const char *field = (const char *) sqlite3_column_text (stmt, 4);
  gint64 seq = sqlite3_column_int64 (stmt, 0);
  gint64 hlc = sqlite3_column_int64 (stmt, 6);
  IsafValue value;

  g_string_append_c (out, '{');
  isaf_wire_append_key (out, "seq");
  isaf_wire_append_int64 (out, seq);
  isaf_wire_append_key (out, "txid");
  isaf_wire_append_int64 (out, sqlite3_column_int64 (stmt, 1));
  isaf_wire_append_key (out, "table");
  isaf_wire_append_string (out, table != NULL ? table : "");
  isaf_wire_append_key (out, "id");
  append_blob_uuid (out, stmt, 3);
  isaf_wire_append_key (out, "field");
  isaf_wire_append_string (out, field != NULL ? field : "");
  isaf_wire_append_key (out, "value");
  isaf_sync_value_read (stmt, 5, find_field_column (table, field), &value);
  isaf_wire_append_value (out, &value);
  isaf_value_clear (&value);
  isaf_wire_append_key (out, "hlc");
  isaf_wire_append_clock (out, hlc);
  append_edited_at (out, hlc);
  if (sqlite3_column_type (stmt, 7) != SQLITE_NULL)
    {
      isaf_wire_append_key (out, "base_hlc");
      isaf_wire_append_clock (out, sqlite3_column_int64 (stmt, 7));
      isaf_wire_append_key (out, "base_node");
      isaf_wire_append_clock (out, sqlite3_column_int64 (stmt, 8));
    }
  /* The server gives a change the node of the device that pushes it. */
  if (node != 0)
    {
      isaf_wire_append_key (out, "node");
      isaf_wire_append_clock (out, node);
    }
  if (in_flight->batch_seq != 0 && seq >= in_flight->first_seq && seq <= in_flight->last_seq)
    {
      isaf_wire_append_key (out, "batch_seq");
      isaf_wire_append_int64 (out, in_flight->batch_seq);
    }
  g_string_append_c (out, '}');
}

/* Every outbox entry, in the order the changes were made, one per line. */
static gboolean
append_changes (IsafDatabase    *database,
                GString         *out,
                gint64           node,
                const InFlight  *in_flight,
                gint64          *n_changes,
                GError         **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "SELECT seq, txid, tbl, id, field, value, hlc, "
                                              "base_hlc, base_node FROM sync_outbox ORDER BY seq",
                                              error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  *n_changes = 0;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_string_append (out, *n_changes == 0 ? "\n" : ",\n");
      append_change (out, stmt, node, in_flight);
      (*n_changes)++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      isaf_database_set_error (database, rc, error);
      return FALSE;
    }
  if (*n_changes > 0)
    g_string_append_c (out, '\n');
  return TRUE;
}

/* The frozen batch, as "in_flight" on its own line; nothing when no batch is being sent. Its
 * push goes in as it was stored, once the wire's strict decoder has accepted it as the
 * message it must be: a damaged one is left out rather than making the file unreadable. */
static gboolean
append_in_flight (IsafDatabase  *database,
                  GString       *out,
                  InFlight      *in_flight,
                  GError       **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "SELECT batch_seq, first_seq, last_seq, body, "
                                              "sha256 FROM sync_inflight",
                                              error);
  g_autoptr(IsafWirePush) push = NULL;
  g_autoptr(GError) push_error = NULL;
  const char *body;
  gsize length;
  int rc;

  if (stmt == NULL)
    return FALSE;
  memset (in_flight, 0, sizeof *in_flight);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        return TRUE;
      isaf_database_set_error (database, rc, error);
      return FALSE;
    }

  in_flight->batch_seq = sqlite3_column_int64 (stmt, 0);
  in_flight->first_seq = sqlite3_column_int64 (stmt, 1);
  in_flight->last_seq = sqlite3_column_int64 (stmt, 2);
  append_key_on_new_line (out, "in_flight");
  g_string_append_c (out, '{');
  isaf_wire_append_key (out, "batch_seq");
  isaf_wire_append_int64 (out, in_flight->batch_seq);
  isaf_wire_append_key (out, "first_seq");
  isaf_wire_append_int64 (out, in_flight->first_seq);
  isaf_wire_append_key (out, "last_seq");
  isaf_wire_append_int64 (out, in_flight->last_seq);
  isaf_wire_append_key (out, "sha256");
  isaf_wire_append_string (out, sqlite3_column_type (stmt, 4) != SQLITE_NULL
                                ? (const char *) sqlite3_column_text (stmt, 4) : "");

  body = sqlite3_column_blob (stmt, 3);
  length = sqlite3_column_bytes (stmt, 3);
  push = isaf_wire_push_decode (body, length, &push_error);
  if (push != NULL)
    {
      isaf_wire_append_key (out, "push");
      g_string_append_len (out, body, length);
    }
  else
    {
      g_warning ("The frozen batch %" G_GINT64_FORMAT " is not a valid push (%s); exported "
                 "without it", in_flight->batch_seq, push_error->message);
    }
  g_string_append_c (out, '}');
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
export_job (IsafDatabase *database,
            gpointer      data,
            GError      **error)
{
  ExportJob *job = data;
  const char *commune = isaf_database_get_commune_code (database);
  g_autofree char *device_text = isaf_sync_local_state_text (database, "device_id");
  g_autofree char *server_url = NULL;
  g_autoptr(GString) in_flight_text = g_string_new (NULL);
  g_autoptr(GString) changes = g_string_new (NULL);
  GString *out;
  IsafUuid device_id;
  gboolean enrolled;
  gint64 node = 0;
  InFlight in_flight;

  enrolled = device_text != NULL && isaf_uuid_parse (device_text, &device_id);
  if (enrolled)
    {
      server_url = isaf_sync_local_state_text (database, "server_url");
      node = isaf_database_get_state_int (database, "node_id", 0);
    }
  if (!append_in_flight (database, in_flight_text, &in_flight, error)
      || !append_changes (database, changes, node, &in_flight, &job->n_changes, error))
    return FALSE;

  out = g_string_new ("{");
  isaf_wire_append_key (out, "format");
  isaf_wire_append_string (out, ISAF_SYNC_EXPORT_FORMAT);
  isaf_wire_append_key (out, "version");
  isaf_wire_append_int64 (out, ISAF_SYNC_EXPORT_VERSION);
  isaf_wire_append_key (out, "app");
  isaf_wire_append_string (out, PACKAGE_VERSION);
  isaf_wire_append_key (out, "schema");
  isaf_wire_append_int64 (out, ISAF_SCHEMA_VERSION);
  if (commune != NULL)
    {
      isaf_wire_append_key (out, "commune_id");
      isaf_wire_append_string (out, commune);
    }
  if (enrolled)
    {
      isaf_wire_append_key (out, "device_id");
      isaf_wire_append_uuid (out, &device_id);
    }
  if (server_url != NULL)
    {
      isaf_wire_append_key (out, "server_url");
      isaf_wire_append_string (out, server_url);
    }
  isaf_wire_append_key (out, "exported_at");
  isaf_wire_append_string (out, job->exported_at);
  isaf_wire_append_key (out, "count");
  isaf_wire_append_int64 (out, job->n_changes);
  g_string_append_len (out, in_flight_text->str, in_flight_text->len);
  append_key_on_new_line (out, "changes");
  g_string_append_c (out, '[');

  /* The header goes in front of the changes rather than the changes after the header: an
   * outbox refilled by a new epoch holds every field of the commune, and is not copied. */
  g_string_prepend_len (changes, out->str, out->len);
  g_string_free (out, TRUE);
  g_string_append (changes, "]}\n");
  job->text = g_steal_pointer (&changes);
  return TRUE;
}

/* GLib's own message names the temporary file it made; the clerk needs the folder, and what
 * to do about it. */
static void
set_write_error (GError       **error,
                 const char    *path,
                 const GError  *file_error)
{
  g_autofree char *folder = g_path_get_dirname (path);

  switch (file_error->code)
    {
    case G_FILE_ERROR_NOENT:
    case G_FILE_ERROR_NOTDIR:
      g_set_error (error, ISAF_SYNC_EXPORT_ERROR, ISAF_SYNC_EXPORT_ERROR_NO_FOLDER,
                   _("The folder “%s” does not exist, so the unsynced changes were not saved. "
                     "Choose another folder."),
                   folder);
      break;
    case G_FILE_ERROR_ACCES:
    case G_FILE_ERROR_PERM:
    case G_FILE_ERROR_ROFS:
      g_set_error (error, ISAF_SYNC_EXPORT_ERROR, ISAF_SYNC_EXPORT_ERROR_NOT_WRITABLE,
                   _("The folder “%s” cannot be written to, so the unsynced changes were not "
                     "saved. Choose another folder, such as your Documents folder, or check "
                     "that the USB drive is not locked."),
                   folder);
      break;
    case G_FILE_ERROR_NOSPC:
      g_set_error (error, ISAF_SYNC_EXPORT_ERROR, ISAF_SYNC_EXPORT_ERROR_NO_SPACE,
                   _("There is not enough space in “%s” for the unsynced changes. Free some "
                     "space or choose another drive."),
                   folder);
      break;
    case G_FILE_ERROR_ISDIR:
      g_set_error (error, ISAF_SYNC_EXPORT_ERROR, ISAF_SYNC_EXPORT_ERROR_IS_FOLDER,
                   _("“%s” is a folder. Type a name for the file of unsynced changes."), path);
      break;
    default:
      g_set_error (error, ISAF_SYNC_EXPORT_ERROR, ISAF_SYNC_EXPORT_ERROR_FAILED,
                   _("The unsynced changes could not be saved in “%s” (%s). Choose another "
                     "folder or drive."),
                   path, file_error->message);
      break;
    }
}

/* Whole or not at all: GLib writes a temporary file beside @path, syncs it to the disk, then
 * renames it over @path, and removes it when anything fails. */
static gboolean
write_file (const char     *path,
            const GString  *text,
            GError        **error)
{
  g_autoptr(GError) file_error = NULL;

  if (g_file_set_contents_full (path, text->str, text->len,
                                G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                0666, &file_error))
    return TRUE;

  g_info ("The unsynced changes could not be written to %s: %s", path, file_error->message);
  set_write_error (error, path, file_error);
  return FALSE;
}

gboolean
isaf_sync_export_unsynced (IsafDatabase  *database,
                           const char    *path,
                           gint64        *n_changes,
                           GError       **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *exported_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  ExportJob job = { exported_at, NULL, 0 };
  gboolean written;

  g_return_val_if_fail (ISAF_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!isaf_database_run (database, ISAF_DATABASE_READ, export_job, &job, error))
    {
      if (job.text != NULL)
        g_string_free (job.text, TRUE);
      return FALSE;
    }

  written = write_file (path, job.text, error);
  g_string_free (job.text, TRUE);
  if (written)
    g_info ("%" G_GINT64_FORMAT " unsynced changes exported to %s", job.n_changes, path);
  if (written && n_changes != NULL)
    *n_changes = job.n_changes;
  return written;
}
