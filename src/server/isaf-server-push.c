/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-server"

#include "config.h"

#include <string.h>

#include "isaf-dump-format.h"
#include "isaf-hlc.h"
#include "isaf-pg.h"
#include "isaf-server-error.h"
#include "isaf-server-push.h"
#include "isaf-server-values.h"
#include "isaf-validate.h"

/* The server side of a push (sync-protocol.md 3.7.2): receipt and batch order under the
 * device's row lock, the commune's sequence numbers under its stream row's lock, then each
 * row merged field by field: the greater (hlc, node) wins, concurrent edits of review fields
 * go to the conflict log, future clocks are clamped and the clamped clock returned. Rows
 * with invalid values are refused one by one with their reason; a row id that belongs to
 * another commune refuses the whole batch.
 *
 * The rows are processed one by one, in order, but the database is not asked row by row:
 * once the stream row is locked, no one else writes the commune until this transaction ends,
 * so the batch's rows are read (and locked) at the start, one query per table, the rows its
 * references name in one more query, and what the batch itself writes is followed in memory.
 * New rows are sent as one INSERT per run of rows of one table; a row that comes back in the
 * same batch is read again from the database, after the inserts before it are sent. */

/* Rows sent in one INSERT at most: PostgreSQL takes 65535 parameters. */
#define MAX_INSERT_PARAMS 30000

/* A row of one table. */
typedef struct {
  const IsafTable *table;
  IsafUuid id;
} RowKey;

/* A row as stored before the batch: deleted, clocks, then the table's columns. */
typedef struct {
  PGresult *result;
  int row;
} StoredRow;

typedef struct {
  PGconn *conn;
  const IsafServerIdentity *identity;
  gint64 node;
  gint64 next_seq;
  gint64 now_ms;
  gint64 clamp_ms;
  IsafWirePushAck *ack;
  /* Set when a row id belongs to another commune. */
  gboolean foreign_id;
  /* The batch's rows as stored before it: RowKey → StoredRow. */
  GHashTable *stored;
  /* The rows the batch's references name, as stored before it: RowKey → deleted + 1. */
  GHashTable *targets;
  /* The rows the batch wrote so far: RowKey → deleted + 1. */
  GHashTable *written;
  /* The PGresults the StoredRows point into. */
  GPtrArray *results;
  /* New rows of one table not sent yet: for each, the numbers of its parameters (id,
   * commune_id, seq, deleted, clocks, then the table's columns, 0 for a field the row does not
   * have), and the parameters. */
  const IsafTable *pending_table;
  GArray *pending_slots;
  GPtrArray *pending_params;
  guint n_pending;
} Push;

static GMutex clock_lock;
static IsafHlc *server_hlc;

gint64
isaf_server_clock_now (void)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&clock_lock);

  if (server_hlc == NULL)
    server_hlc = isaf_hlc_new (NULL, NULL);
  return isaf_hlc_now (server_hlc);
}

static char *
id_text (const IsafUuid *id)
{
  char buffer[ISAF_UUID_STRING_LENGTH + 1];

  isaf_uuid_to_buffer (id, buffer);
  return g_strdup (buffer);
}

static guint
row_key_hash (gconstpointer data)
{
  const RowKey *key = data;
  guint hash = g_direct_hash (key->table);

  for (guint i = 0; i < sizeof key->id.bytes; i++)
    hash = hash * 31 + key->id.bytes[i];
  return hash;
}

static gboolean
row_key_equal (gconstpointer a,
               gconstpointer b)
{
  const RowKey *x = a, *y = b;

  return x->table == y->table && isaf_uuid_equal (&x->id, &y->id);
}

static RowKey *
row_key_new (const IsafTable *table,
             const IsafUuid  *id)
{
  RowKey *key = g_new (RowKey, 1);

  key->table = table;
  key->id = *id;
  return key;
}

static char *
take_seq (Push *push)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, push->next_seq++);
}

static gboolean
clock_wins (gint64 hlc,
            gint64 node,
            const IsafServerClock *current)
{
  return current == NULL || hlc > current->hlc || (hlc == current->hlc && node > current->node);
}

static char *
value_json (const IsafValue *value)
{
  GString *json = g_string_new (NULL);

  isaf_dump_append_value (json, value);
  return g_string_free (json, FALSE);
}

static gboolean
log_conflict (Push                  *push,
              const IsafWireRow     *row,
              const char            *field,
              const IsafValue       *winning_value,
              gint64                 winning_hlc,
              gint64                 winning_node,
              const IsafValue       *losing_value,
              gint64                 losing_hlc,
              gint64                 losing_node,
              const char            *reason,
              GError               **error)
{
  IsafUuid id;
  g_autofree char *id_param = NULL;
  g_autofree char *seq = take_seq (push);
  g_autofree char *row_id = id_text (&row->id);
  g_autofree char *winning = value_json (winning_value);
  g_autofree char *losing = value_json (losing_value);
  g_autofree char *winning_hlc_text = g_strdup_printf ("%" G_GINT64_FORMAT, winning_hlc);
  g_autofree char *winning_node_text = g_strdup_printf ("%" G_GINT64_FORMAT, winning_node);
  g_autofree char *losing_hlc_text = g_strdup_printf ("%" G_GINT64_FORMAT, losing_hlc);
  g_autofree char *losing_node_text = g_strdup_printf ("%" G_GINT64_FORMAT, losing_node);
  const char *params[13];

  isaf_uuid_v7 (&id);
  id_param = id_text (&id);
  params[0] = id_param;
  params[1] = push->identity->commune_id;
  params[2] = seq;
  params[3] = row->table->name;
  params[4] = row_id;
  params[5] = field;
  params[6] = winning;
  params[7] = winning_hlc_text;
  params[8] = winning_node_text;
  params[9] = losing;
  params[10] = losing_hlc_text;
  params[11] = losing_node_text;
  params[12] = reason;
  return isaf_pg_exec (push->conn,
                       "INSERT INTO conflict_log (id, commune_id, seq, tbl, row_id, field, "
                       "winning_value, winning_hlc, winning_node, losing_value, losing_hlc, "
                       "losing_node, reason) "
                       "VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10::jsonb, $11, $12, "
                       "$13)",
                       13, params, error);
}

static gboolean
audit (Push       *push,
       const char *event,
       const char *detail_json,
       GError    **error)
{
  g_autofree char *device = id_text (&push->identity->device_id);
  const char *params[] = { push->identity->commune_id, device, event, detail_json };

  return isaf_pg_exec (push->conn,
                       "INSERT INTO audit_log (commune_id, device_id, event, detail) "
                       "VALUES ($1, $2, $3, $4::jsonb)",
                       4, params, error);
}

/* The SELECT list of a stored row: deleted, clocks, then the table's columns. */
static void
append_stored_columns (GString         *sql,
                       const IsafTable *table)
{
  g_string_append (sql, "SELECT deleted, clocks::text");
  for (guint i = 0; i < table->n_columns; i++)
    g_string_append_printf (sql, ", %s", table->columns[i].name);
}

/* The field's values as they are now: deleted, clocks, then the table's columns. */
static PGresult *
load_row (Push              *push,
          const IsafWireRow *row,
          GError           **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *id = id_text (&row->id);
  const char *params[] = { id };

  append_stored_columns (sql, row->table);
  g_string_append_printf (sql, " FROM %s WHERE id = $1 FOR UPDATE", row->table->name);
  return isaf_pg_query (push->conn, sql->str, 1, params, error);
}

/* A uuid[] parameter of @ids (IsafUuid). */
static char *
id_array (GArray *ids)
{
  GString *array = g_string_sized_new (2 + ids->len * (ISAF_UUID_STRING_LENGTH + 1));
  char buffer[ISAF_UUID_STRING_LENGTH + 1];

  g_string_append_c (array, '{');
  for (guint i = 0; i < ids->len; i++)
    {
      isaf_uuid_to_buffer (&g_array_index (ids, IsafUuid, i), buffer);
      if (i > 0)
        g_string_append_c (array, ',');
      g_string_append (array, buffer);
    }
  g_string_append_c (array, '}');
  return g_string_free (array, FALSE);
}

static void
add_id (GHashTable      *ids_by_table,
        const IsafTable *table,
        const IsafUuid  *id)
{
  GArray *ids = g_hash_table_lookup (ids_by_table, table);

  if (ids == NULL)
    {
      ids = g_array_new (FALSE, FALSE, sizeof (IsafUuid));
      g_hash_table_insert (ids_by_table, (gpointer) table, ids);
    }
  g_array_append_vals (ids, id, 1);
}

/* The table's place in the schema description. */
static guint
table_index (const IsafTable *table)
{
  for (guint t = 0; t < isaf_schema_n_tables (); t++)
    if (isaf_schema_table_at (t) == table)
      return t;
  g_assert_not_reached ();
}

static gboolean
stored_deleted (const StoredRow *stored)
{
  return g_str_equal (PQgetvalue (stored->result, stored->row, 0), "1");
}

/* The batch's rows as stored, locked, one query per table, and the rows its references name,
 * in one query. Visible rows are this commune's only (row-level security). */
static gboolean
load_batch (Push               *push,
            const IsafWirePush *batch,
            GError            **error)
{
  g_autoptr(GHashTable) rows = g_hash_table_new_full (NULL, NULL, NULL,
                                                      (GDestroyNotify) g_array_unref);
  g_autoptr(GHashTable) targets = g_hash_table_new_full (NULL, NULL, NULL,
                                                         (GDestroyNotify) g_array_unref);
  g_autoptr(GHashTable) in_batch = g_hash_table_new_full (row_key_hash, row_key_equal, g_free,
                                                          NULL);
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < batch->rows->len; i++)
    {
      const IsafWireRow *row = batch->rows->pdata[i];

      add_id (rows, row->table, &row->id);
      g_hash_table_add (in_batch, row_key_new (row->table, &row->id));
    }

  g_hash_table_iter_init (&iter, rows);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const IsafTable *table = key;
      g_autoptr(GString) sql = g_string_new (NULL);
      g_autofree char *ids = id_array (value);
      PGresult *result;

      /* One primary-key probe per id. Asked as "id = ANY", the planner ANDs the key lookup
       * with the commune's stream index (commune_id, seq), which row-level security makes
       * usable, and so reads every row of the commune for each batch. A locking subquery is
       * never merged into the outer query, so each id keeps its own probe. */
      g_string_append (sql, "SELECT stored.* FROM unnest ($1::uuid[]) AS wanted (id), LATERAL (");
      append_stored_columns (sql, table);
      g_string_append_printf (sql, ", id FROM %s WHERE id = wanted.id FOR UPDATE) AS stored",
                              table->name);
      result = isaf_pg_query (push->conn, sql->str, 1, (const char *[]) { ids }, error);
      if (result == NULL)
        return FALSE;
      g_ptr_array_add (push->results, result);
      for (int r = 0; r < PQntuples (result); r++)
        {
          StoredRow *stored = g_new (StoredRow, 1);
          IsafUuid id;

          isaf_uuid_parse (PQgetvalue (result, r, 2 + table->n_columns), &id);
          stored->result = result;
          stored->row = r;
          g_hash_table_insert (push->stored, row_key_new (table, &id), stored);
        }
    }

  /* A reference to a row of the batch was answered by the query above. */
  for (guint i = 0; i < batch->rows->len; i++)
    {
      const IsafWireRow *row = batch->rows->pdata[i];

      for (guint f = 0; f < row->fields->len; f++)
        {
          const IsafWireField *field = &g_array_index (row->fields, IsafWireField, f);
          RowKey target;
          const StoredRow *stored;

          if (field->column == NULL || field->column->kind != ISAF_COLUMN_REFERENCE
              || field->value.type != ISAF_VALUE_ID)
            continue;
          target.table = isaf_schema_find_table (field->column->reference);
          target.id = field->value.id;
          if (target.table == NULL)
            {
              g_set_error (error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_CONFIG,
                           "%s references the unknown table %s", field->name,
                           field->column->reference);
              return FALSE;
            }
          if (!g_hash_table_contains (in_batch, &target))
            add_id (targets, target.table, &target.id);
          else if ((stored = g_hash_table_lookup (push->stored, &target)) != NULL)
            g_hash_table_replace (push->targets, row_key_new (target.table, &target.id),
                                  GINT_TO_POINTER (stored_deleted (stored) + 1));
        }
    }

  if (g_hash_table_size (targets) > 0)
    {
      g_autoptr(GString) sql = g_string_new (NULL);
      g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(PGresult) result = NULL;

      /* The referenced tables in one query: which table each row is from, its id, deleted. */
      g_hash_table_iter_init (&iter, targets);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          const IsafTable *table = key;

          g_ptr_array_add (params, id_array (value));
          /* A probe per id, as above; OFFSET 0 keeps the subquery from being merged. */
          g_string_append_printf (sql, "%sSELECT %u AS t, found.id, found.deleted "
                                       "FROM unnest ($%u::uuid[]) AS wanted (id), "
                                       "LATERAL (SELECT id, deleted FROM %s "
                                       "WHERE id = wanted.id OFFSET 0) AS found",
                                  params->len > 1 ? " UNION ALL " : "",
                                  table_index (table), params->len, table->name);
        }
      result = isaf_pg_query (push->conn, sql->str, params->len,
                              (const char * const *) params->pdata, error);
      if (result == NULL)
        return FALSE;
      for (int r = 0; r < PQntuples (result); r++)
        {
          guint t = g_ascii_strtoull (PQgetvalue (result, r, 0), NULL, 10);
          const IsafTable *table = isaf_schema_table_at (t);
          gboolean deleted = g_str_equal (PQgetvalue (result, r, 2), "1");
          IsafUuid id;

          isaf_uuid_parse (PQgetvalue (result, r, 1), &id);
          g_hash_table_replace (push->targets, row_key_new (table, &id),
                                GINT_TO_POINTER (deleted + 1));
        }
    }
  return TRUE;
}

/* Whether the row exists now, and its tombstone: what this batch wrote, else what was stored
 * before it. */
static gboolean
find_target (Push            *push,
             const IsafTable *table,
             const IsafUuid  *id,
             gboolean        *deleted)
{
  RowKey key = { table, *id };
  gpointer found = g_hash_table_lookup (push->written, &key);

  if (found == NULL)
    found = g_hash_table_lookup (push->targets, &key);
  if (found == NULL)
    return FALSE;
  *deleted = GPOINTER_TO_INT (found) - 1;
  return TRUE;
}

static void
set_written (Push              *push,
             const IsafWireRow *row,
             gboolean           deleted)
{
  g_hash_table_replace (push->written, row_key_new (row->table, &row->id),
                        GINT_TO_POINTER (deleted + 1));
}

static void
reject (Push       *push,
        guint       index,
        const char *field,
        const char *code,
        const char *message)
{
  isaf_wire_push_ack_add_reject (push->ack, index, field, code, message);
}

/* Values checked as the laptop's store checks them; text is normalised the same way. */
static gboolean
validate_values (Push        *push,
                 guint        index,
                 IsafWireRow *row)
{
  for (guint i = 0; i < row->fields->len; i++)
    {
      IsafWireField *field = &g_array_index (row->fields, IsafWireField, i);
      g_autoptr(GError) invalid = NULL;

      if (field->column == NULL)
        {
          if (field->value.type != ISAF_VALUE_INTEGER
              || (field->value.integer != 0 && field->value.integer != 1))
            {
              reject (push, index, field->name, "validation", "deleted must be 0 or 1");
              return FALSE;
            }
          continue;
        }
      if (!isaf_validate_value (field->column, push->identity->commune_id, &field->value,
                                &invalid))
        {
          reject (push, index, field->name, "validation", invalid->message);
          return FALSE;
        }
    }
  return TRUE;
}

/* References must name a row of this commune: another commune's row is as unknown as one
 * that does not exist. A row under a deleted parent is kept and logged. */
static void
check_references (Push              *push,
                  guint              index,
                  const IsafWireRow *row,
                  gboolean          *under_deleted_parent,
                  const char       **parent_field)
{
  *under_deleted_parent = FALSE;
  for (guint i = 0; i < row->fields->len; i++)
    {
      const IsafWireField *field = &g_array_index (row->fields, IsafWireField, i);
      gboolean deleted;

      if (field->column == NULL || field->column->kind != ISAF_COLUMN_REFERENCE
          || field->value.type != ISAF_VALUE_ID)
        continue;
      if (!find_target (push, isaf_schema_find_table (field->column->reference),
                        &field->value.id, &deleted))
        {
          g_autofree char *message = g_strdup_printf ("%s names no %s of this commune",
                                                      field->name, field->column->reference);

          reject (push, index, field->name, "unknown_reference", message);
          return;
        }
      if ((field->column->flags & ISAF_COLUMN_PARENT) && deleted)
        {
          *under_deleted_parent = TRUE;
          *parent_field = field->name;
        }
    }
}

/* A row names only a file the server holds, the commune's or a national one: the laptop
 * sends the file before the row (protocol 3.9), so that every laptop that pulls the row can
 * fetch its file. */
static gboolean
check_files (Push               *push,
             guint               index,
             const IsafWireRow  *row,
             GError            **error)
{
  for (guint i = 0; i < row->fields->len; i++)
    {
      const IsafWireField *field = &g_array_index (row->fields, IsafWireField, i);
      g_autoptr(PGresult) found = NULL;

      if (field->column == NULL || field->column->kind != ISAF_COLUMN_FILE_HASH
          || field->value.type != ISAF_VALUE_TEXT)
        continue;
      found = isaf_pg_query (push->conn, "SELECT 1 FROM blob WHERE sha256 = $1 LIMIT 1", 1,
                             (const char *[]) { field->value.text }, error);
      if (found == NULL)
        return FALSE;
      if (PQntuples (found) == 0)
        {
          g_autofree char *message = g_strdup_printf ("%s names no file this commune sent",
                                                      field->name);

          reject (push, index, field->name, "unknown_file", message);
          return TRUE;
        }
    }
  return TRUE;
}

static gint64
stamp (Push                *push,
       guint                index,
       const IsafWireField *field,
       GPtrArray           *clamped)
{
  gint64 hlc = field->hlc;

  if (ISAF_HLC_MS (hlc) > push->now_ms + push->clamp_ms)
    {
      hlc = isaf_server_clock_now ();
      isaf_wire_push_ack_add_clock (push->ack, index, field->name, hlc);
      g_ptr_array_add (clamped, (gpointer) field->name);
    }
  return hlc;
}

/* Sends the new rows not sent yet, in one INSERT that names the columns any of them has; a
 * row without one of those fields leaves it as an INSERT that does not name it would
 * (DEFAULT). A row whose id exists, yet that this commune cannot see, is another commune's. */
static gboolean
flush_inserts (Push    *push,
               GError **error)
{
  const IsafTable *table = push->pending_table;
  guint width = 5 + (table ? table->n_columns : 0);
  const guint *slots = (const guint *) push->pending_slots->data;
  g_autofree gboolean *named = NULL;
  g_autoptr(GString) sql = NULL;
  g_autoptr(PGresult) inserted = NULL;
  guint n = push->n_pending;

  if (n == 0)
    return TRUE;
  named = g_new0 (gboolean, table->n_columns);
  for (guint r = 0; r < n; r++)
    for (guint c = 0; c < table->n_columns; c++)
      named[c] |= slots[r * width + 5 + c] != 0;

  sql = g_string_new (NULL);
  g_string_append_printf (sql, "INSERT INTO %s (id, commune_id, seq, deleted, clocks",
                          table->name);
  for (guint c = 0; c < table->n_columns; c++)
    if (named[c])
      g_string_append_printf (sql, ", %s", table->columns[c].name);
  g_string_append (sql, ") VALUES ");
  for (guint r = 0; r < n; r++)
    {
      const guint *row = slots + r * width;

      g_string_append_printf (sql, "%s($%u, $%u, $%u, $%u, $%u::jsonb", r > 0 ? ", " : "",
                              row[0], row[1], row[2], row[3], row[4]);
      for (guint c = 0; c < table->n_columns; c++)
        {
          if (!named[c])
            continue;
          if (row[5 + c] == 0)
            g_string_append (sql, ", DEFAULT");
          else
            g_string_append_printf (sql, ", $%u", row[5 + c]);
        }
      g_string_append_c (sql, ')');
    }
  g_string_append (sql, " ON CONFLICT (id) DO NOTHING RETURNING 1");

  inserted = isaf_pg_query (push->conn, sql->str, push->pending_params->len,
                            (const char * const *) push->pending_params->pdata, error);
  push->pending_table = NULL;
  push->n_pending = 0;
  g_array_set_size (push->pending_slots, 0);
  g_ptr_array_set_size (push->pending_params, 0);
  if (inserted == NULL)
    return FALSE;
  if ((guint) PQntuples (inserted) != n)
    push->foreign_id = TRUE;
  return TRUE;
}

static guint
add_param (Push *push,
           char *param)
{
  g_ptr_array_add (push->pending_params, param);
  return push->pending_params->len;
}

/* A new row, sent with the next rows of its table. */
static gboolean
insert_row (Push              *push,
            guint              index,
            const IsafWireRow *row,
            GPtrArray         *clamped,
            gboolean          *deleted_out,
            GError           **error)
{
  g_autoptr(GHashTable) clocks = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autofree const IsafWireField **by_column = NULL;
  guint width = 5 + row->table->n_columns;
  guint *slots;
  const char *deleted = "0";

  for (guint c = 0; c < row->table->n_columns; c++)
    {
      const IsafColumn *column = &row->table->columns[c];
      const IsafWireField *field = isaf_wire_row_find_field (row, column->name);

      if ((column->flags & ISAF_COLUMN_REQUIRED)
          && (field == NULL || field->value.type == ISAF_VALUE_NULL))
        {
          g_autofree char *message = g_strdup_printf ("a new %s needs %s", row->table->name,
                                                      column->name);

          reject (push, index, column->name, "validation", message);
          return TRUE;
        }
    }

  if (push->n_pending > 0
      && (push->pending_table != row->table
          || push->pending_params->len + width > MAX_INSERT_PARAMS)
      && !flush_inserts (push, error))
    return FALSE;

  by_column = g_new0 (const IsafWireField *, row->table->n_columns);
  for (guint i = 0; i < row->fields->len; i++)
    {
      const IsafWireField *field = &g_array_index (row->fields, IsafWireField, i);
      IsafServerClock *clock = g_new (IsafServerClock, 1);

      clock->hlc = stamp (push, index, field, clamped);
      clock->node = push->node;
      g_hash_table_insert (clocks, (gpointer) field->name, clock);
      if (field->column == NULL)
        deleted = field->value.integer ? "1" : "0";
      else
        by_column[isaf_schema_column_index (row->table, field->name)] = field;
    }

  push->pending_table = row->table;
  g_array_set_size (push->pending_slots, (push->n_pending + 1) * width);
  slots = &g_array_index (push->pending_slots, guint, push->n_pending * width);
  slots[0] = add_param (push, id_text (&row->id));
  slots[1] = add_param (push, g_strdup (push->identity->commune_id));
  slots[2] = add_param (push, take_seq (push));
  slots[3] = add_param (push, g_strdup (deleted));
  slots[4] = add_param (push, isaf_server_clocks_to_json (clocks));
  for (guint c = 0; c < row->table->n_columns; c++)
    slots[5 + c] = by_column[c] == NULL
                   ? 0 : add_param (push, isaf_server_value_to_param (&by_column[c]->value));
  push->n_pending++;
  *deleted_out = deleted[0] == '1';
  return TRUE;
}

/* Merges the pushed fields into the stored row (row @stored_row of @stored). */
static gboolean
merge_row (Push              *push,
           guint              index,
           const IsafWireRow *row,
           PGresult          *stored,
           int                stored_row,
           GPtrArray         *clamped,
           gboolean          *deleted_out,
           GError           **error)
{
  g_autoptr(GHashTable) clocks = isaf_server_clocks_parse (PQgetvalue (stored, stored_row, 1));
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  gboolean was_deleted = g_str_equal (PQgetvalue (stored, stored_row, 0), "1");
  gboolean changed = FALSE, edited_while_deleted = FALSE;

  *deleted_out = was_deleted;
  g_ptr_array_add (params, id_text (&row->id));
  g_ptr_array_add (params, NULL); /* seq, once known to be needed */
  g_ptr_array_add (params, NULL); /* clocks */
  g_string_append_printf (sql, "UPDATE %s SET seq = $2, clocks = $3::jsonb", row->table->name);

  for (guint i = 0; i < row->fields->len; i++)
    {
      const IsafWireField *field = &g_array_index (row->fields, IsafWireField, i);
      IsafServerClock *current = g_hash_table_lookup (clocks, field->name);
      int stored_index = field->column ? 2 + isaf_schema_column_index (row->table, field->name) : 0;
      gint64 hlc = stamp (push, index, field, clamped);
      gboolean wins = clock_wins (hlc, push->node, current);
      /* A version a laptop sends again after an epoch change has its own clock as its base
       * (protocol 8.3): it is no new edit, and was logged if it ever was concurrent. */
      gboolean replayed = field->has_base && field->base_hlc == field->hlc;
      gboolean concurrent = current != NULL && current->node != push->node && !replayed
                            && !(field->has_base && field->base_hlc == current->hlc
                                 && field->base_node == current->node);
      gboolean review = field->column != NULL && (field->column->flags & ISAF_COLUMN_REVIEW);
      IsafValue old = { ISAF_VALUE_NULL };

      isaf_server_value_from_pg (field->column, stored, stored_row, stored_index, &old);
      if (concurrent && review && !isaf_value_equal (&old, &field->value))
        {
          gboolean logged = wins
            ? log_conflict (push, row, field->name, &field->value, hlc, push->node, &old,
                            current->hlc, current->node, "concurrent_edit", error)
            : log_conflict (push, row, field->name, &old, current->hlc, current->node,
                            &field->value, hlc, push->node, "concurrent_edit", error);

          if (!logged)
            {
              isaf_value_clear (&old);
              return FALSE;
            }
        }
      isaf_value_clear (&old);

      if (!wins)
        continue;
      changed = TRUE;
      if (current == NULL)
        {
          current = g_new (IsafServerClock, 1);
          g_hash_table_insert (clocks, g_strdup (field->name), current);
        }
      current->hlc = hlc;
      current->node = push->node;
      g_ptr_array_add (params, isaf_server_value_to_param (&field->value));
      g_string_append_printf (sql, ", %s = $%u", field->column ? field->name : "deleted",
                              params->len);
      if (field->column == NULL)
        *deleted_out = field->value.integer != 0;
      if (field->column != NULL && was_deleted)
        edited_while_deleted = TRUE;
    }

  if (!changed)
    return TRUE;
  if (edited_while_deleted)
    {
      IsafValue deleted = { ISAF_VALUE_INTEGER, .integer = 1 };
      const IsafServerClock *tombstone = g_hash_table_lookup (clocks, ISAF_WIRE_DELETED_FIELD);

      if (!log_conflict (push, row, ISAF_WIRE_DELETED_FIELD, &deleted,
                         tombstone ? tombstone->hlc : 0, tombstone ? tombstone->node : 0,
                         &deleted, 0, push->node, "edited_deleted_row", error))
        return FALSE;
    }
  params->pdata[1] = take_seq (push);
  params->pdata[2] = isaf_server_clocks_to_json (clocks);
  g_string_append (sql, " WHERE id = $1");
  return isaf_pg_exec (push->conn, sql->str, params->len, (const char * const *) params->pdata,
                       error);
}

static gboolean
process_row (Push        *push,
             guint        index,
             IsafWireRow *row,
             GError     **error)
{
  g_autoptr(PGresult) reloaded = NULL;
  g_autoptr(GPtrArray) clamped = g_ptr_array_new ();
  RowKey key = { row->table, row->id };
  const StoredRow *stored;
  StoredRow again;
  guint n_rejects = push->ack->rejects->len;
  gboolean under_deleted_parent;
  gboolean deleted = FALSE;
  const char *parent_field = NULL;
  gboolean ok;

  if (!validate_values (push, index, row))
    return TRUE;
  check_references (push, index, row, &under_deleted_parent, &parent_field);
  if (push->ack->rejects->len == n_rejects && !check_files (push, index, row, error))
    return FALSE;
  if (push->ack->rejects->len > n_rejects)
    return TRUE;

  /* A row the batch already wrote: as it is now. */
  if (g_hash_table_contains (push->written, &key))
    {
      if (!flush_inserts (push, error))
        return FALSE;
      reloaded = load_row (push, row, error);
      if (reloaded == NULL)
        return FALSE;
      again.result = reloaded;
      again.row = 0;
      stored = PQntuples (reloaded) > 0 ? &again : NULL;
    }
  else
    stored = g_hash_table_lookup (push->stored, &key);

  if (stored == NULL)
    {
      guint n_before = push->ack->rejects->len;

      ok = insert_row (push, index, row, clamped, &deleted, error);
      if (ok && push->ack->rejects->len == n_before)
        set_written (push, row, deleted);
      if (ok && under_deleted_parent && !push->foreign_id
          && push->ack->rejects->len == n_rejects)
        {
          const IsafWireField *parent = isaf_wire_row_find_field (row, parent_field);
          IsafValue none = { ISAF_VALUE_NULL };

          ok = log_conflict (push, row, parent_field, &parent->value, parent->hlc, push->node,
                             &none, 0, 0, "deleted_parent", error);
        }
    }
  else
    {
      ok = merge_row (push, index, row, stored->result, stored->row, clamped, &deleted, error);
      if (ok)
        set_written (push, row, deleted);
    }

  for (guint i = 0; ok && i < clamped->len; i++)
    {
      g_autofree char *id = id_text (&row->id);
      g_autofree char *detail = g_strdup_printf ("{\"table\":\"%s\",\"id\":\"%s\",\"field\":\"%s\"}",
                                                 row->table->name, id,
                                                 (const char *) clamped->pdata[i]);

      ok = audit (push, "clock_clamped", detail, error);
    }
  return ok;
}

static void
set_batch_error (GError    **error,
                 int         code,
                 const char *message)
{
  g_set_error_literal (error, ISAF_SERVER_ERROR, code, message);
}

/* A batch number at or below the last applied: the stored answer for the same bytes. */
static GBytes *
answer_replay (Push                  *push,
               const IsafWirePush    *batch,
               const char            *body_hash,
               GError               **error)
{
  g_autofree char *device = id_text (&push->identity->device_id);
  g_autofree char *batch_seq = g_strdup_printf ("%" G_GINT64_FORMAT, batch->batch_seq);
  const char *params[] = { device, batch_seq };
  g_autoptr(PGresult) receipt = isaf_pg_query (push->conn,
                                               "SELECT encode (body_sha256, 'hex'), response "
                                               "FROM push_receipt "
                                               "WHERE device_id = $1 AND batch_seq = $2",
                                               2, params, error);
  g_autoptr(IsafWirePushAck) ack = NULL;

  if (receipt == NULL)
    return NULL;
  if (PQntuples (receipt) == 0)
    {
      ack = isaf_wire_push_ack_new ();
      ack->batch_seq = batch->batch_seq;
      ack->status = g_strdup ("already_applied");
      ack->server_time_ms = push->now_ms;
      return isaf_wire_push_ack_encode (ack);
    }
  if (!g_str_equal (PQgetvalue (receipt, 0, 0), body_hash))
    {
      set_batch_error (error, ISAF_SERVER_ERROR_BATCH_REUSED,
                       "this batch number was already used for a different batch");
      return NULL;
    }
  return g_bytes_new (PQgetvalue (receipt, 0, 1), PQgetlength (receipt, 0, 1));
}

/* The batch's receipt (its primary key makes a second copy impossible to commit) and the
 * commune's sequence numbers for it, taken under the stream row's lock, in one statement. */
static gboolean
receive_batch (Push               *push,
               const IsafWirePush *batch,
               const char         *device,
               const char         *batch_seq,
               const char         *body_hash,
               GError            **error)
{
  gint64 n = 1;
  g_autofree char *count = NULL;
  g_autoptr(PGresult) reserved = NULL;

  /* Enough for every row, every conflict a field may log and one more per row. */
  for (guint i = 0; i < batch->rows->len; i++)
    n += 2 + ((IsafWireRow *) batch->rows->pdata[i])->fields->len;
  count = g_strdup_printf ("%" G_GINT64_FORMAT, n);
  reserved = isaf_pg_query (push->conn,
                            "WITH receipt AS ("
                            "  INSERT INTO push_receipt (device_id, batch_seq, commune_id, "
                            "                            body_sha256) "
                            "  VALUES ($3, $4, $1, decode ($5, 'hex'))) "
                            "UPDATE commune_stream SET next_seq = next_seq + $2 "
                            "WHERE commune_id = $1 RETURNING next_seq - $2",
                            5, (const char *[]) { push->identity->commune_id, count, device,
                                                  batch_seq, body_hash }, error);
  if (reserved == NULL)
    return FALSE;
  if (PQntuples (reserved) != 1)
    {
      g_set_error_literal (error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_DATABASE,
                           "the commune has no stream");
      return FALSE;
    }
  push->next_seq = g_ascii_strtoll (PQgetvalue (reserved, 0, 0), NULL, 10);
  return TRUE;
}

static void
log_security_event (PGconn                   *conn,
                    const IsafServerIdentity *identity,
                    const IsafWirePush       *batch)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *device = id_text (&identity->device_id);
  g_autofree char *detail = g_strdup_printf ("{\"batch_seq\":%" G_GINT64_FORMAT "}",
                                             batch->batch_seq);
  const char *params[] = { identity->commune_id, device, detail };

  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                    "ISAF_EVENT", "security_foreign_id",
                    "COMMUNE", identity->commune_id,
                    "DEVICE", device,
                    "MESSAGE", "security: device %s of commune %s pushed a row id of another "
                    "commune", device, identity->commune_id);
  if (!isaf_pg_begin (conn, identity->commune_id, &error)
      || !isaf_pg_exec (conn,
                        "INSERT INTO audit_log (commune_id, device_id, event, detail) "
                        "VALUES ($1, $2, 'security_foreign_id', $3::jsonb)",
                        3, params, &error)
      || !isaf_pg_commit (conn, &error))
    {
      g_warning ("security event not recorded: %s", error->message);
      isaf_pg_rollback (conn);
    }
}

GBytes *
isaf_server_push (PGconn                   *conn,
                  const IsafServerIdentity *identity,
                  IsafWirePush             *batch,
                  GBytes                   *body,
                  int                       clock_skew_clamp_seconds,
                  gint64                   *expected_batch_seq,
                  GError                  **error)
{
  g_autofree char *body_hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, body);
  g_autoptr(IsafWirePushAck) ack = isaf_wire_push_ack_new ();
  g_autoptr(GBytes) answer = NULL;
  g_autofree char *device = id_text (&identity->device_id);
  g_autofree char *batch_seq = g_strdup_printf ("%" G_GINT64_FORMAT, batch->batch_seq);
  g_autofree char *response = NULL;
  gint64 last_batch_seq = 0;
  g_autoptr(GHashTable) stored = g_hash_table_new_full (row_key_hash, row_key_equal, g_free,
                                                       g_free);
  g_autoptr(GHashTable) targets = g_hash_table_new_full (row_key_hash, row_key_equal, g_free,
                                                        NULL);
  g_autoptr(GHashTable) written = g_hash_table_new_full (row_key_hash, row_key_equal, g_free,
                                                        NULL);
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) PQclear);
  g_autoptr(GArray) pending_slots = g_array_new (FALSE, TRUE, sizeof (guint));
  g_autoptr(GPtrArray) pending_params = g_ptr_array_new_with_free_func (g_free);
  Push push = {
    .conn = conn, .identity = identity, .ack = ack,
    .now_ms = g_get_real_time () / 1000, .clamp_ms = clock_skew_clamp_seconds * (gint64) 1000,
    .stored = stored, .targets = targets, .written = written, .results = results,
    .pending_slots = pending_slots, .pending_params = pending_params,
  };

  if (!isaf_uuid_equal (&batch->device_id, &identity->device_id))
    {
      set_batch_error (error, ISAF_SERVER_ERROR_FORBIDDEN,
                       "device_id is not the device of the access token");
      return NULL;
    }
  if (!isaf_pg_begin (conn, identity->commune_id, error))
    return NULL;
  if (!isaf_server_device_check (conn, identity, TRUE, &push.node, &last_batch_seq, error))
    goto failed;

  if (batch->batch_seq <= last_batch_seq)
    {
      answer = answer_replay (&push, batch, body_hash, error);
      isaf_pg_rollback (conn);
      return g_steal_pointer (&answer);
    }
  if (batch->batch_seq > last_batch_seq + 1)
    {
      *expected_batch_seq = last_batch_seq + 1;
      set_batch_error (error, ISAF_SERVER_ERROR_BATCH_GAP,
                       "batch_seq skips ahead of the next batch expected");
      goto failed;
    }
  if (!receive_batch (&push, batch, device, batch_seq, body_hash, error)
      || !load_batch (&push, batch, error))
    goto failed;
  for (guint i = 0; i < batch->rows->len && !push.foreign_id; i++)
    if (!process_row (&push, i, batch->rows->pdata[i], error))
      goto failed;
  if (!push.foreign_id && !flush_inserts (&push, error))
    goto failed;
  if (push.foreign_id)
    {
      isaf_pg_rollback (conn);
      log_security_event (conn, identity, batch);
      set_batch_error (error, ISAF_SERVER_ERROR_FORBIDDEN,
                       "the batch names a row that this commune may not write");
      return NULL;
    }

  ack->batch_seq = batch->batch_seq;
  ack->status = g_strdup ("applied");
  ack->server_time_ms = g_get_real_time () / 1000;
  answer = isaf_wire_push_ack_encode (ack);
  response = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
  if (!isaf_pg_exec (conn,
                     "WITH receipt AS ("
                     "  UPDATE push_receipt SET response = $3 "
                     "  WHERE device_id = $1 AND batch_seq = $2) "
                     "UPDATE device SET last_batch_seq = $2, last_seen = now () WHERE id = $1",
                     3, (const char *[]) { device, batch_seq, response }, error)
      || !isaf_pg_commit (conn, error))
    goto failed;
  return g_steal_pointer (&answer);

failed:
  isaf_pg_rollback (conn);
  return NULL;
}
