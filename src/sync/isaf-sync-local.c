/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "isaf-sync-local-private.h"
#include "isaf-sync-state.h"
#include "isaf-sync-values.h"

/* The device and the push side of the laptop's sync state. The state lives in sync_state
 * (device, epoch, position, batch numbering), the one batch being sent in sync_inflight: it is
 * frozen before it is sent, so that a retry after a lost answer, a crash or a power cut sends
 * the same bytes under the same number and the server answers it from its receipt. Outbox
 * entries leave only with the acknowledgement that the server committed them. */

G_DEFINE_QUARK (isaf-sync-error-quark, isaf_sync_error)

void
isaf_sync_device_clear (IsafSyncDevice *device)
{
  g_clear_pointer (&device->server_url, g_free);
  g_clear_pointer (&device->commune_id, g_free);
}

char *
isaf_sync_local_state_text (IsafDatabase *database,
                            const char   *key)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "SELECT value FROM sync_state WHERE key = ?", NULL);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) == SQLITE_TEXT)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

gboolean
isaf_sync_local_set_state_text (IsafDatabase  *database,
                                const char    *key,
                                const char    *value,
                                GError       **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "INSERT INTO sync_state (key, value) VALUES (?, ?) "
                                              "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                              error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (value != NULL)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 2);
  return isaf_database_step_done (database, stmt, error);
}

static gboolean
read_device (IsafDatabase   *database,
             IsafSyncDevice *device,
             GError        **error)
{
  g_autofree char *device_id = isaf_sync_local_state_text (database, "device_id");

  memset (device, 0, sizeof *device);
  if (device_id == NULL || !isaf_uuid_parse (device_id, &device->device_id))
    {
      g_set_error_literal (error, ISAF_SYNC_ERROR, ISAF_SYNC_ERROR_NOT_ENROLLED,
                           _("This computer is not enrolled with the national server yet. Enrol "
                             "it with the code the province or district gave you."));
      return FALSE;
    }
  device->server_url = isaf_sync_local_state_text (database, "server_url");
  device->node_id = isaf_database_get_state_int (database, "node_id", 0);
  device->commune_id = g_strdup (isaf_database_get_commune_code (database));
  return TRUE;
}

static gboolean
get_device_job (IsafDatabase *database,
                gpointer      data,
                GError      **error)
{
  return read_device (database, data, error);
}

gboolean
isaf_sync_local_get_device (IsafDatabase    *database,
                            IsafSyncDevice  *device,
                            GError         **error)
{
  return isaf_database_run (database, ISAF_DATABASE_READ, get_device_job, device, error);
}

static gboolean
set_device_job (IsafDatabase *database,
                gpointer      data,
                GError      **error)
{
  const IsafSyncDevice *device = data;
  const char *commune = isaf_database_get_commune_code (database);
  char device_id[ISAF_UUID_STRING_LENGTH + 1];

  if (commune != NULL && g_strcmp0 (commune, device->commune_id) != 0)
    {
      g_set_error (error, ISAF_SYNC_ERROR, ISAF_SYNC_ERROR_OTHER_COMMUNE,
                   _("This enrolment code is for commune %s, but this database holds commune "
                     "%s. Ask for a code for commune %s."),
                   device->commune_id, commune, commune);
      return FALSE;
    }
  isaf_uuid_to_buffer (&device->device_id, device_id);
  return (commune != NULL || isaf_database_set_commune_code (database, device->commune_id, error))
         && isaf_sync_local_set_state_text (database, "server_url", device->server_url, error)
         && isaf_sync_local_set_state_text (database, "device_id", device_id, error)
         && isaf_database_set_state_int (database, "node_id", device->node_id, error)
         && isaf_database_set_state_int (database, "next_batch_seq", 1, error);
}

gboolean
isaf_sync_local_set_device (IsafDatabase          *database,
                            const IsafSyncDevice  *device,
                            GError               **error)
{
  return isaf_database_run (database, ISAF_DATABASE_WRITE_UNCAPTURED, set_device_job,
                            (gpointer) device, error);
}

/* Push ---------------------------------------------------------------------------------- */

typedef struct {
  const char *epoch;
  gint64 batch_seq;
  GBytes *body;
  gboolean files_waiting;
} BatchJob;

/* One field of the batch being built: the newest value, the earliest base. */
typedef struct {
  IsafWireRow *row;
  guint index;
} FieldSlot;

static GBytes *
read_inflight (IsafDatabase *database,
               gint64       *batch_seq,
               GError      **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "SELECT batch_seq, body FROM sync_inflight", error);
  GBytes *body = NULL;

  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *batch_seq = sqlite3_column_int64 (stmt, 0);
      body = g_bytes_new (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1));
    }
  sqlite3_reset (stmt);
  return body;
}

static void
add_change (IsafWirePush *push,
            GHashTable   *rows,
            GHashTable   *fields,
            sqlite3_stmt *stmt)
{
  const IsafTable *table = isaf_schema_find_table ((const char *) sqlite3_column_text (stmt, 2));
  const char *field = (const char *) sqlite3_column_text (stmt, 4);
  const IsafColumn *column;
  g_autofree char *row_key = NULL;
  g_autofree char *field_key = NULL;
  char id_text[ISAF_UUID_STRING_LENGTH + 1];
  IsafWireRow *row;
  IsafWireField *slot;
  IsafValue value;
  IsafUuid id;

  if (table == NULL || sqlite3_column_bytes (stmt, 3) != 16)
    return;
  column = isaf_schema_find_column (table, field);
  if (column == NULL && !g_str_equal (field, ISAF_WIRE_DELETED_FIELD))
    return;
  memcpy (id.bytes, sqlite3_column_blob (stmt, 3), 16);
  isaf_uuid_to_buffer (&id, id_text);
  row_key = g_strconcat (table->name, "/", id_text, NULL);
  field_key = g_strconcat (row_key, "/", field, NULL);

  row = g_hash_table_lookup (rows, row_key);
  if (row == NULL)
    {
      row = isaf_wire_row_new (table, &id);
      row->txid = sqlite3_column_int64 (stmt, 1);
      g_ptr_array_add (push->rows, row);
      g_hash_table_insert (rows, g_steal_pointer (&row_key), row);
    }

  isaf_sync_value_read (stmt, 5, column, &value);
  slot = (IsafWireField *) isaf_wire_row_find_field (row, column ? column->name : ISAF_WIRE_DELETED_FIELD);
  if (slot == NULL)
    {
      slot = isaf_wire_row_add_field (row, column ? column->name : ISAF_WIRE_DELETED_FIELD,
                                      &value);
      if (sqlite3_column_type (stmt, 7) != SQLITE_NULL)
        {
          slot->has_base = TRUE;
          slot->base_hlc = sqlite3_column_int64 (stmt, 7);
          slot->base_node = sqlite3_column_int64 (stmt, 8);
        }
    }
  else
    {
      /* A later change of the same field: its value, the first one's base. */
      isaf_value_clear (&slot->value);
      isaf_value_copy (&value, &slot->value);
    }
  slot->hlc = sqlite3_column_int64 (stmt, 6);
  isaf_value_clear (&value);
  g_hash_table_add (fields, g_steal_pointer (&field_key));
}

/* Builds a batch from the oldest outbox entries, whole transactions only. */
static IsafWirePush *
build_batch (IsafDatabase *database,
             gint64       *first_seq,
             gint64       *last_seq,
             GError      **error)
{
  g_autoptr(IsafWirePush) push = isaf_wire_push_new ();
  g_autoptr(GHashTable) rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "SELECT seq, txid, tbl, id, field, value, hlc, "
                                              "base_hlc, base_node FROM sync_outbox ORDER BY seq",
                                              error);
  gint64 txid = -1;
  int rc;

  if (stmt == NULL)
    return NULL;
  *first_seq = *last_seq = 0;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 seq = sqlite3_column_int64 (stmt, 0);
      gint64 this_txid = sqlite3_column_int64 (stmt, 1);

      /* A new transaction starts: stop if the batch is full. */
      if (this_txid != txid && (g_hash_table_size (fields) >= ISAF_SYNC_BATCH_FIELDS
                                || push->rows->len >= ISAF_WIRE_MAX_ROWS / 2))
        break;
      txid = this_txid;
      if (*first_seq == 0)
        *first_seq = seq;
      *last_seq = seq;
      add_change (push, rows, fields, stmt);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      isaf_database_set_error (database, rc, error);
      return NULL;
    }
  return g_steal_pointer (&push);
}

static gboolean
next_batch_job (IsafDatabase *database,
                gpointer      data,
                GError      **error)
{
  BatchJob *job = data;
  g_autoptr(IsafWirePush) push = NULL;
  g_autofree char *sha256 = NULL;
  IsafSyncDevice device = { 0 };
  gint64 first_seq, last_seq;
  sqlite3_stmt *stmt;
  gboolean ok;

  job->body = read_inflight (database, &job->batch_seq, error);
  if (job->body != NULL)
    return TRUE;
  /* A row naming a file goes only once the server has the file (protocol 3.9): a file
   * attached since the caller's uploads holds the batch back until they run again. */
  if (!isaf_sync_local_files_waiting (database, &job->files_waiting, error))
    return FALSE;
  if (job->files_waiting)
    return TRUE;
  if (!read_device (database, &device, error))
    return FALSE;

  push = build_batch (database, &first_seq, &last_seq, error);
  if (push == NULL || push->rows->len == 0)
    {
      isaf_sync_device_clear (&device);
      /* Entries of tables this version does not know would stay forever: let them go. */
      return push != NULL && (last_seq == 0 || isaf_database_exec (database,
                                                                   "DELETE FROM sync_outbox", error));
    }
  push->proto = ISAF_WIRE_PROTO;
  push->schema = ISAF_SCHEMA_VERSION;
  push->app = g_strdup (PACKAGE_VERSION);
  push->device_id = device.device_id;
  push->batch_seq = isaf_database_get_state_int (database, "next_batch_seq", 1);
  push->epoch = g_strdup (job->epoch);
  isaf_sync_device_clear (&device);
  job->body = isaf_wire_push_encode (push);
  job->batch_seq = push->batch_seq;
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, job->body);

  stmt = isaf_database_prepare (database,
                                "INSERT INTO sync_inflight (batch_seq, first_seq, last_seq, body, "
                                "sha256) VALUES (?, ?, ?, ?, ?)",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, push->batch_seq);
  sqlite3_bind_int64 (stmt, 2, first_seq);
  sqlite3_bind_int64 (stmt, 3, last_seq);
  sqlite3_bind_blob (stmt, 4, g_bytes_get_data (job->body, NULL), g_bytes_get_size (job->body),
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, sha256, -1, SQLITE_STATIC);
  ok = isaf_database_step_done (database, stmt, error)
       && isaf_database_set_state_int (database, "next_batch_seq", push->batch_seq + 1, error);
  return ok;
}

GBytes *
isaf_sync_local_next_batch (IsafDatabase  *database,
                            const char    *epoch,
                            gint64        *batch_seq,
                            gboolean      *files_waiting,
                            GError       **error)
{
  BatchJob job = { epoch, 0, NULL, FALSE };

  if (!isaf_database_run (database, ISAF_DATABASE_WRITE_UNCAPTURED, next_batch_job, &job, error))
    {
      g_clear_pointer (&job.body, g_bytes_unref);
      return NULL;
    }
  *batch_seq = job.batch_seq;
  if (files_waiting != NULL)
    *files_waiting = job.files_waiting;
  return job.body;
}

gboolean
isaf_sync_local_field_clock (IsafDatabase   *database,
                             const char     *table,
                             const IsafUuid *id,
                             const char     *field,
                             gint64          own_node,
                             gint64         *hlc,
                             gint64         *node,
                             GError        **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "SELECT hlc, node FROM sync_field_clock "
                                              "WHERE tbl = ?1 AND id = ?2 AND field = ?3 "
                                              "UNION ALL "
                                              "SELECT max (hlc), ?4 FROM sync_outbox "
                                              "WHERE tbl = ?1 AND id = ?2 AND field = ?3 "
                                              "HAVING count (*) > 0",
                                              error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  *hlc = *node = 0;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, id->bytes, 16, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, field, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, own_node);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 h = sqlite3_column_int64 (stmt, 0), n = sqlite3_column_int64 (stmt, 1);

      if (h > *hlc || (h == *hlc && n > *node))
        {
          *hlc = h;
          *node = n;
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      isaf_database_set_error (database, rc, error);
      return FALSE;
    }
  return TRUE;
}

gboolean
isaf_sync_local_confirm_clock (IsafDatabase   *database,
                               const char     *table,
                               const IsafUuid *id,
                               const char     *field,
                               gint64          hlc,
                               gint64          node,
                               GError        **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "INSERT INTO sync_field_clock (tbl, id, field, hlc, "
                                              "node) VALUES (?, ?, ?, ?, ?) "
                                              "ON CONFLICT (tbl, id, field) DO UPDATE SET "
                                              "hlc = excluded.hlc, node = excluded.node "
                                              "WHERE (excluded.hlc, excluded.node) > (hlc, node)",
                                              error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, id->bytes, 16, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, field, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, hlc);
  sqlite3_bind_int64 (stmt, 5, node);
  return isaf_database_step_done (database, stmt, error);
}

static gboolean
record_reject (IsafDatabase        *database,
               const IsafWireRow   *row,
               const IsafWireField *field,
               const char          *reason,
               GError             **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *when = g_date_time_format_iso8601 (now);
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "INSERT INTO sync_reject (tbl, row_id, field, "
                                              "value, reason, rejected_at) "
                                              "VALUES (?, ?, ?, ?, ?, ?)",
                                              error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, row->table->name, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, row->id.bytes, 16, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, field->name, -1, SQLITE_STATIC);
  isaf_sync_value_bind (stmt, 4, &field->value);
  sqlite3_bind_text (stmt, 5, reason, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, when, -1, SQLITE_STATIC);
  return isaf_database_step_done (database, stmt, error);
}

static const IsafWireReject *
find_reject (const IsafWirePushAck *ack,
             guint                  row)
{
  for (guint i = 0; i < ack->rejects->len; i++)
    if (g_array_index (ack->rejects, IsafWireReject, i).row == row)
      return &g_array_index (ack->rejects, IsafWireReject, i);
  return NULL;
}

static gint64
returned_clock (const IsafWirePushAck *ack,
                guint                  row,
                const IsafWireField   *field)
{
  for (guint i = 0; i < ack->clocks->len; i++)
    {
      const IsafWireClock *clock = &g_array_index (ack->clocks, IsafWireClock, i);

      if (clock->row == row && g_strcmp0 (clock->field, field->name) == 0)
        return clock->hlc;
    }
  return field->hlc;
}

static gboolean
acknowledge_job (IsafDatabase *database,
                 gpointer      data,
                 GError      **error)
{
  const IsafWirePushAck *ack = data;
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "SELECT batch_seq, first_seq, last_seq, body "
                                              "FROM sync_inflight", error);
  g_autoptr(IsafWirePush) push = NULL;
  gint64 node = isaf_database_get_state_int (database, "node_id", 0);
  gint64 batch_seq = 0, first_seq = 0, last_seq = 0;

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      batch_seq = sqlite3_column_int64 (stmt, 0);
      first_seq = sqlite3_column_int64 (stmt, 1);
      last_seq = sqlite3_column_int64 (stmt, 2);
      push = isaf_wire_push_decode (sqlite3_column_blob (stmt, 3), sqlite3_column_bytes (stmt, 3),
                                    NULL);
    }
  sqlite3_reset (stmt);
  if (push == NULL || batch_seq != ack->batch_seq)
    {
      g_set_error (error, ISAF_SYNC_ERROR, ISAF_SYNC_ERROR_FAILED,
                   "the acknowledgement of batch %" G_GINT64_FORMAT " matches no batch sent",
                   ack->batch_seq);
      return FALSE;
    }

  for (guint r = 0; r < push->rows->len; r++)
    {
      const IsafWireRow *row = push->rows->pdata[r];
      const IsafWireReject *reject = find_reject (ack, r);

      for (guint f = 0; f < row->fields->len; f++)
        {
          const IsafWireField *field = &g_array_index (row->fields, IsafWireField, f);
          gboolean ok;

          if (reject != NULL)
            ok = record_reject (database, row, field, reject->message, error);
          else
            ok = isaf_sync_local_confirm_clock (database, row->table->name, &row->id,
                                                field->name, returned_clock (ack, r, field), node,
                                                error);
          if (!ok)
            return FALSE;
        }
    }

  stmt = isaf_database_prepare (database, "DELETE FROM sync_outbox WHERE seq BETWEEN ? AND ?",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, first_seq);
  sqlite3_bind_int64 (stmt, 2, last_seq);
  return isaf_database_step_done (database, stmt, error)
         && isaf_database_exec (database, "DELETE FROM sync_inflight", error);
}

gboolean
isaf_sync_local_acknowledge (IsafDatabase          *database,
                             const IsafWirePushAck *ack,
                             GError               **error)
{
  return isaf_database_run (database, ISAF_DATABASE_WRITE_UNCAPTURED, acknowledge_job,
                            (gpointer) ack, error);
}

/* Epoch, position, status ----------------------------------------------------------------- */

typedef struct {
  char *epoch;
  char *cursor;
} Position;

static gboolean
position_job (IsafDatabase *database,
              gpointer      data,
              GError      **error)
{
  Position *position = data;

  position->epoch = isaf_sync_local_state_text (database, "epoch");
  /* A pull cut off half way goes on after the pages it has staged. */
  position->cursor = isaf_sync_local_state_text (database, "staged_cursor");
  if (position->cursor == NULL)
    position->cursor = isaf_sync_local_state_text (database, "pull_cursor");
  return TRUE;
}

gboolean
isaf_sync_local_get_position (IsafDatabase  *database,
                              char         **epoch,
                              char         **cursor,
                              GError       **error)
{
  Position position = { NULL, NULL };

  if (!isaf_database_run (database, ISAF_DATABASE_READ, position_job, &position, error))
    return FALSE;
  *epoch = position.epoch;
  *cursor = position.cursor;
  return TRUE;
}

typedef struct {
  const char *epoch;
  gint64 server_last_batch_seq;
} Restart;

typedef struct {
  gboolean has_base;
  gint64 hlc;
  gint64 node;
} Base;

static char *
base_key (const char     *table,
          const IsafUuid *id,
          const char     *field)
{
  char text[ISAF_UUID_STRING_LENGTH + 1];

  isaf_uuid_to_buffer (id, text);
  return g_strconcat (table, "/", text, "/", field, NULL);
}

/* "table/id/field" → the base each field goes again with. A waiting edit keeps the base of
 * its first change (none for a new row). Any other field is a version the laptop holds,
 * replayed with its confirmed clock as its base: an edit's clock is always newer than its
 * base, so the server tells a replay (no new edit, never a conflict) from an edit. */
static gboolean
load_bases (IsafDatabase  *database,
            GHashTable    *bases,
            GError       **error)
{
  static const char * const queries[] = {
    "SELECT tbl, id, field, hlc, node FROM sync_field_clock",
    /* Read second, newest first: the first change of a waiting field has the last word. */
    "SELECT tbl, id, field, base_hlc, base_node FROM sync_outbox ORDER BY seq DESC",
  };

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      sqlite3_stmt *stmt = isaf_database_prepare (database, queries[q], error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          Base *base;
          IsafUuid id;

          if (sqlite3_column_bytes (stmt, 1) != 16)
            continue;
          memcpy (id.bytes, sqlite3_column_blob (stmt, 1), 16);
          base = g_new0 (Base, 1);
          base->has_base = sqlite3_column_type (stmt, 3) != SQLITE_NULL;
          base->hlc = sqlite3_column_int64 (stmt, 3);
          base->node = sqlite3_column_int64 (stmt, 4);
          g_hash_table_replace (bases,
                                base_key ((const char *) sqlite3_column_text (stmt, 0), &id,
                                          (const char *) sqlite3_column_text (stmt, 2)),
                                base);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          isaf_database_set_error (database, rc, error);
          return FALSE;
        }
    }
  return TRUE;
}

/* Every row's every field back into the outbox, one local transaction per row so batches can
 * end between rows; what was waiting is in it, with its own clock and base. */
static gboolean
restart_job (IsafDatabase *database,
             gpointer      data,
             GError      **error)
{
  Restart *restart = data;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) isaf_wire_row_free);
  g_autoptr(GHashTable) bases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gint64 txid = isaf_database_get_state_int (database, "last_txid", 0);
  sqlite3_stmt *stmt;

  if (!isaf_sync_state_collect (database, 0, rows, error)
      || !load_bases (database, bases, error)
      || !isaf_database_exec (database, "DELETE FROM sync_outbox", error)
      || !isaf_database_exec (database, "DELETE FROM sync_inflight", error)
      || !isaf_database_exec (database, "DELETE FROM sync_staging", error)
      /* The restored server may have lost files too: each goes up again (those it kept are
       * answered at once). */
      || !isaf_database_exec (database, "UPDATE blob_file SET uploaded = 0", error))
    return FALSE;

  stmt = isaf_database_prepare (database,
                                "INSERT INTO sync_outbox (txid, tbl, id, field, value, hlc, "
                                "base_hlc, base_node) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                error);
  if (stmt == NULL)
    return FALSE;
  for (guint r = 0; r < rows->len; r++)
    {
      const IsafWireRow *row = rows->pdata[r];

      txid++;
      for (guint f = 0; f < row->fields->len; f++)
        {
          const IsafWireField *field = &g_array_index (row->fields, IsafWireField, f);
          g_autofree char *key = base_key (row->table->name, &row->id, field->name);
          const Base *base = g_hash_table_lookup (bases, key);

          /* A field never stamped (data from before capture) gets a clock now. */
          sqlite3_bind_int64 (stmt, 1, txid);
          sqlite3_bind_text (stmt, 2, row->table->name, -1, SQLITE_STATIC);
          sqlite3_bind_blob (stmt, 3, row->id.bytes, 16, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 4, field->name, -1, SQLITE_STATIC);
          isaf_sync_value_bind (stmt, 5, &field->value);
          sqlite3_bind_int64 (stmt, 6, field->hlc != 0 ? field->hlc : 1);
          if (base != NULL && base->has_base)
            {
              sqlite3_bind_int64 (stmt, 7, base->hlc);
              sqlite3_bind_int64 (stmt, 8, base->node);
            }
          else
            {
              sqlite3_bind_null (stmt, 7);
              sqlite3_bind_null (stmt, 8);
            }
          if (!isaf_database_step_done (database, stmt, error))
            return FALSE;
        }
    }
  return isaf_database_set_state_int (database, "last_txid", txid, error)
         && isaf_database_set_state_int (database, "next_batch_seq",
                                         restart->server_last_batch_seq + 1, error)
         && isaf_sync_local_set_state_text (database, "epoch", restart->epoch, error)
         && isaf_sync_local_set_state_text (database, "pull_cursor", NULL, error)
         && isaf_sync_local_set_state_text (database, "staged_cursor", NULL, error)
         /* A restored server numbers its reference stream on from its backup: pulled again
          * from the start, the versions this laptop has change nothing. */
         && isaf_sync_local_set_state_text (database, "ref_cursor", NULL, error);
}

gboolean
isaf_sync_local_restart_epoch (IsafDatabase  *database,
                               const char    *epoch,
                               gint64         server_last_batch_seq,
                               GError       **error)
{
  Restart restart = { epoch, server_last_batch_seq };

  return isaf_database_run (database, ISAF_DATABASE_WRITE_UNCAPTURED, restart_job, &restart,
                            error);
}

static gboolean
clock_offset_job (IsafDatabase *database,
                  gpointer      data,
                  GError      **error)
{
  return isaf_database_set_clock_offset (database, *(gint64 *) data, error);
}

gboolean
isaf_sync_local_set_clock_offset (IsafDatabase  *database,
                                  gint64         offset_ms,
                                  GError       **error)
{
  return isaf_database_run (database, ISAF_DATABASE_WRITE_UNCAPTURED, clock_offset_job,
                            &offset_ms, error);
}

static gint64
count (IsafDatabase *database,
       const char   *sql)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database, sql, NULL);
  gint64 n = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return n;
}

static gboolean
status_job (IsafDatabase *database,
            gpointer      data,
            GError      **error)
{
  IsafSyncStatus *status = data;

  status->changes_waiting = count (database, "SELECT count (*) FROM sync_outbox");
  status->conflicts_to_review = count (database,
                                       "SELECT count (*) FROM sync_conflict WHERE reviewed = 0");
  status->refused_changes = count (database,
                                   "SELECT count (*) FROM sync_reject WHERE dismissed = 0");
  status->last_sync = isaf_database_get_state_int (database, "last_sync", 0);
  return TRUE;
}

gboolean
isaf_sync_local_get_status (IsafDatabase    *database,
                            IsafSyncStatus  *status,
                            GError         **error)
{
  return isaf_database_run (database, ISAF_DATABASE_READ, status_job, status, error);
}

static gboolean
mark_synced_job (IsafDatabase *database,
                 gpointer      data,
                 GError      **error)
{
  return isaf_database_set_state_int (database, "last_sync",
                                      g_get_real_time () / G_USEC_PER_SEC, error);
}

gboolean
isaf_sync_local_mark_synced (IsafDatabase  *database,
                             GError       **error)
{
  return isaf_database_run (database, ISAF_DATABASE_WRITE_UNCAPTURED, mark_synced_job, NULL,
                            error);
}

/* Conflicts and refused changes, for the clerk ------------------------------------------- */

void
isaf_sync_conflict_free (IsafSyncConflict *conflict)
{
  if (conflict == NULL)
    return;
  g_free (conflict->table);
  g_free (conflict->field);
  isaf_value_clear (&conflict->winning_value);
  isaf_value_clear (&conflict->losing_value);
  g_free (conflict->reason);
  g_free (conflict->logged_at);
  g_free (conflict);
}

void
isaf_sync_reject_free (IsafSyncReject *reject)
{
  if (reject == NULL)
    return;
  g_free (reject->table);
  g_free (reject->field);
  isaf_value_clear (&reject->value);
  g_free (reject->reason);
  g_free (reject->rejected_at);
  g_free (reject);
}

static void
read_blob_id (sqlite3_stmt *stmt,
              int           index,
              IsafUuid     *id)
{
  memset (id, 0, sizeof *id);
  if (sqlite3_column_bytes (stmt, index) == 16)
    memcpy (id->bytes, sqlite3_column_blob (stmt, index), 16);
}

static char *
dup_column_text (sqlite3_stmt *stmt,
                 int           index)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, index));
}

/* The schema's column of a table and field, NULL for "deleted" or what this version does not
 * know: values are then read as they are stored. */
static const IsafColumn *
find_field_column (const char *table_name,
                   const char *field)
{
  const IsafTable *table = isaf_schema_find_table (table_name);

  return table != NULL ? isaf_schema_find_column (table, field) : NULL;
}

static gboolean
list_conflicts_job (IsafDatabase *database,
                    gpointer      data,
                    GError      **error)
{
  GPtrArray *conflicts = data;
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "SELECT id, tbl, row_id, field, winning_value, "
                                              "winning_hlc, winning_node, losing_value, "
                                              "losing_hlc, losing_node, reason, logged_at "
                                              "FROM sync_conflict WHERE reviewed = 0 "
                                              "ORDER BY logged_at DESC, id DESC",
                                              error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      IsafSyncConflict *conflict = g_new0 (IsafSyncConflict, 1);
      const IsafColumn *column;

      read_blob_id (stmt, 0, &conflict->id);
      conflict->table = dup_column_text (stmt, 1);
      read_blob_id (stmt, 2, &conflict->row_id);
      conflict->field = dup_column_text (stmt, 3);
      column = find_field_column (conflict->table, conflict->field);
      isaf_sync_value_read (stmt, 4, column, &conflict->winning_value);
      conflict->winning_hlc = sqlite3_column_int64 (stmt, 5);
      conflict->winning_node = sqlite3_column_int64 (stmt, 6);
      isaf_sync_value_read (stmt, 7, column, &conflict->losing_value);
      conflict->losing_hlc = sqlite3_column_int64 (stmt, 8);
      conflict->losing_node = sqlite3_column_int64 (stmt, 9);
      conflict->reason = dup_column_text (stmt, 10);
      conflict->logged_at = dup_column_text (stmt, 11);
      g_ptr_array_add (conflicts, conflict);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      isaf_database_set_error (database, rc, error);
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
isaf_sync_local_list_conflicts (IsafDatabase  *database,
                                GError       **error)
{
  g_autoptr(GPtrArray) conflicts = NULL;

  conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) isaf_sync_conflict_free);
  if (!isaf_database_run (database, ISAF_DATABASE_READ, list_conflicts_job, conflicts, error))
    return NULL;
  return g_steal_pointer (&conflicts);
}

static gboolean
mark_conflict_reviewed_job (IsafDatabase *database,
                            gpointer      data,
                            GError      **error)
{
  const IsafUuid *id = data;
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "UPDATE sync_conflict SET reviewed = 1 WHERE id = ?",
                                              error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, id->bytes, 16, SQLITE_STATIC);
  return isaf_database_step_done (database, stmt, error);
}

gboolean
isaf_sync_local_mark_conflict_reviewed (IsafDatabase    *database,
                                        const IsafUuid  *id,
                                        GError         **error)
{
  return isaf_database_run (database, ISAF_DATABASE_WRITE_UNCAPTURED, mark_conflict_reviewed_job,
                            (gpointer) id, error);
}

static gboolean
list_rejects_job (IsafDatabase *database,
                  gpointer      data,
                  GError      **error)
{
  GPtrArray *rejects = data;
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "SELECT seq, tbl, row_id, field, value, reason, "
                                              "rejected_at FROM sync_reject WHERE dismissed = 0 "
                                              "ORDER BY seq DESC",
                                              error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      IsafSyncReject *reject = g_new0 (IsafSyncReject, 1);

      reject->seq = sqlite3_column_int64 (stmt, 0);
      reject->table = dup_column_text (stmt, 1);
      read_blob_id (stmt, 2, &reject->row_id);
      reject->field = dup_column_text (stmt, 3);
      isaf_sync_value_read (stmt, 4, find_field_column (reject->table, reject->field),
                            &reject->value);
      reject->reason = dup_column_text (stmt, 5);
      reject->rejected_at = dup_column_text (stmt, 6);
      g_ptr_array_add (rejects, reject);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      isaf_database_set_error (database, rc, error);
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
isaf_sync_local_list_rejects (IsafDatabase  *database,
                              GError       **error)
{
  g_autoptr(GPtrArray) rejects = NULL;

  rejects = g_ptr_array_new_with_free_func ((GDestroyNotify) isaf_sync_reject_free);
  if (!isaf_database_run (database, ISAF_DATABASE_READ, list_rejects_job, rejects, error))
    return NULL;
  return g_steal_pointer (&rejects);
}

static gboolean
dismiss_reject_job (IsafDatabase *database,
                    gpointer      data,
                    GError      **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "UPDATE sync_reject SET dismissed = 1 WHERE seq = ?",
                                              error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, *(gint64 *) data);
  return isaf_database_step_done (database, stmt, error);
}

gboolean
isaf_sync_local_dismiss_reject (IsafDatabase  *database,
                                gint64         seq,
                                GError       **error)
{
  return isaf_database_run (database, ISAF_DATABASE_WRITE_UNCAPTURED, dismiss_reject_job, &seq,
                            error);
}
