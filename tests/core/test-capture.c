/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-capture"

#include "config.h"

#include <string.h>

#include "isaf-error.h"
#include "isaf-schema.h"
#include "isaf-test-helpers.h"

/* Change capture (sync-protocol.md, 3.4 and 3.6), observed from outside: the outbox as it is
 * on disk after each action, read on a connection of the test's own. */

typedef struct {
  gint64 seq;
  gint64 txid;
  char *tbl;
  IsafUuid id;
  char *field;
  char *value;
  gint64 hlc;
  gboolean has_base;
  gint64 base_hlc;
  gint64 base_node;
} Entry;

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_free (entry->tbl);
  g_free (entry->field);
  g_free (entry->value);
  g_free (entry);
}

/* A value with its storage class, as isaf_test_dump_table() writes it. */
static char *
typed_value (sqlite3_stmt *stmt,
             int           column)
{
  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_NULL:
      return g_strdup ("N");
    case SQLITE_INTEGER:
      return g_strdup_printf ("I:%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, column));
    case SQLITE_FLOAT:
      return g_strdup_printf ("R:%.17g", sqlite3_column_double (stmt, column));
    case SQLITE_TEXT:
      return g_strdup_printf ("T:%s", sqlite3_column_text (stmt, column));
    default:
      {
        GString *hex = g_string_new ("B:");
        const guint8 *bytes = sqlite3_column_blob (stmt, column);

        for (int i = 0; i < sqlite3_column_bytes (stmt, column); i++)
          g_string_append_printf (hex, "%02x", bytes[i]);
        return g_string_free (hex, FALSE);
      }
    }
}

static char *
typed_id (const IsafUuid *id)
{
  GString *hex = g_string_new ("B:");

  for (guint i = 0; i < 16; i++)
    g_string_append_printf (hex, "%02x", id->bytes[i]);
  return g_string_free (hex, FALSE);
}

static sqlite3 *
open_raw (IsafTestFixture *fixture)
{
  return isaf_test_sqlite_open (fixture->path, SQLITE_OPEN_READONLY);
}

static gint64
max_seq (IsafTestFixture *fixture)
{
  sqlite3 *conn = open_raw (fixture);
  gint64 seq = isaf_test_sqlite_int (conn, "SELECT coalesce (max (seq), 0) FROM sync_outbox");

  sqlite3_close (conn);
  return seq;
}

/* The outbox entries after @after_seq, in order. */
static GPtrArray *
entries_after (IsafTestFixture *fixture,
               gint64           after_seq)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func (entry_free);
  sqlite3 *conn = open_raw (fixture);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (conn,
                                       "SELECT seq, txid, tbl, id, field, value, hlc, base_hlc, "
                                       "base_node FROM sync_outbox WHERE seq > ? ORDER BY seq",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, after_seq);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Entry *entry = g_new0 (Entry, 1);

      entry->seq = sqlite3_column_int64 (stmt, 0);
      entry->txid = sqlite3_column_int64 (stmt, 1);
      entry->tbl = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      g_assert_cmpint (sqlite3_column_bytes (stmt, 3), ==, 16);
      memcpy (entry->id.bytes, sqlite3_column_blob (stmt, 3), 16);
      entry->field = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      entry->value = typed_value (stmt, 5);
      entry->hlc = sqlite3_column_int64 (stmt, 6);
      /* Both parts of the base clock are there, or neither. */
      g_assert_cmpint (sqlite3_column_type (stmt, 7) == SQLITE_NULL, ==,
                       sqlite3_column_type (stmt, 8) == SQLITE_NULL);
      entry->has_base = sqlite3_column_type (stmt, 7) != SQLITE_NULL;
      entry->base_hlc = sqlite3_column_int64 (stmt, 7);
      entry->base_node = sqlite3_column_int64 (stmt, 8);
      g_ptr_array_add (entries, entry);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
  return entries;
}

static const Entry *
find_entry (GPtrArray      *entries,
            const IsafUuid *id,
            const char     *field)
{
  const Entry *found = NULL;

  for (guint i = 0; i < entries->len; i++)
    {
      const Entry *entry = entries->pdata[i];

      if (isaf_uuid_equal (&entry->id, id) && g_str_equal (entry->field, field))
        {
          g_assert_null (found);
          found = entry;
        }
    }
  return found;
}

/* Column → typed value of every non-null described column of a row, and 'deleted'. */
static GHashTable *
row_values (IsafTestFixture *fixture,
            const char      *table_name,
            const IsafUuid  *id)
{
  const IsafTable *table = isaf_schema_find_table (table_name);
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s WHERE id = ?", table->name);
  sqlite3 *conn = open_raw (fixture);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (conn, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_blob (stmt, 1, id->bytes, 16, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  for (int i = 0; i < sqlite3_column_count (stmt); i++)
    {
      const char *name = sqlite3_column_name (stmt, i);

      if (g_str_equal (name, "id") || g_str_equal (name, "commune_id"))
        continue;
      if (sqlite3_column_type (stmt, i) == SQLITE_NULL)
        continue;
      if (!g_str_equal (name, "deleted"))
        name = isaf_schema_find_column (table, name)->name;
      else
        name = "deleted";
      g_hash_table_insert (values, (gpointer) name, typed_value (stmt, i));
    }
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
  return values;
}

static IsafRecord *
new_caf (const char *name)
{
  IsafRecord *caf = isaf_record_new ("caf");

  isaf_record_set_text (caf, "name_km", name);
  isaf_record_set_text (caf, "sex", "f");
  return caf;
}

static IsafRecord *
reload (IsafTestFixture *fixture,
        IsafRecord      *record)
{
  g_autoptr(GError) error = NULL;
  IsafRecord *reloaded = isaf_store_get (fixture->store, isaf_record_get_table_name (record),
                                         isaf_record_get_id (record), &error);

  g_assert_no_error (error);
  return reloaded;
}

static void
assert_no_new_entries (IsafTestFixture *fixture,
                       gint64           seq)
{
  g_autoptr(GPtrArray) entries = entries_after (fixture, seq);

  g_assert_cmpuint (entries->len, ==, 0);
}

static void
test_insert (IsafTestFixture *fixture,
             gconstpointer    data)
{
  g_autoptr(IsafRecord) caf = new_caf ("សុខ ចាន់ថា");
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GHashTable) row = NULL;
  gint64 seq = max_seq (fixture);
  gint64 previous_txid, previous_hlc;
  const Entry *first;
  IsafUuid village;
  sqlite3 *conn;

  /* The commune itself and its villages were captured when it was created. */
  g_assert_cmpint (seq, >, 2 * 19);
  conn = open_raw (fixture);
  previous_txid = isaf_test_sqlite_int (conn, "SELECT max (txid) FROM sync_outbox");
  previous_hlc = isaf_test_sqlite_int (conn, "SELECT max (hlc) FROM sync_outbox");
  sqlite3_close (conn);

  isaf_test_village_id ("01020103", &village);
  isaf_record_set_text (caf, "name_latin", "Sok Chantha");
  isaf_record_set_integer (caf, "birth_year", 1985);
  isaf_record_set_text (caf, "phone", "012345678");
  isaf_record_set_reference (caf, "village_id", &village);
  isaf_record_set_text (caf, "selected_on", "2024-02-01");
  isaf_record_set_boolean (caf, "is_village_official", TRUE);
  isaf_test_save (fixture->store, caf, NULL);

  entries = entries_after (fixture, seq);
  row = row_values (fixture, "caf", isaf_record_get_id (caf));

  /* One entry per non-null field and 'deleted' (8 set + deleted; left_on stays NULL); never
   * id or commune_id, which are the identity of the row. */
  g_assert_cmpuint (entries->len, ==, 9);
  g_assert_cmpuint (g_hash_table_size (row), ==, 9);
  first = entries->pdata[0];
  g_assert_cmpint (first->txid, >, previous_txid);
  g_assert_cmpint (first->hlc, >, previous_hlc);

  for (guint i = 0; i < entries->len; i++)
    {
      const Entry *entry = entries->pdata[i];

      g_test_message ("%s = %s", entry->field, entry->value);
      g_assert_cmpstr (entry->tbl, ==, "caf");
      g_assert_true (isaf_uuid_equal (&entry->id, isaf_record_get_id (caf)));
      g_assert_cmpstr (entry->value, ==, g_hash_table_lookup (row, entry->field));
      g_assert_nonnull (find_entry (entries, &entry->id, entry->field));
      g_assert_cmpint (entry->hlc, ==, first->hlc);
      g_assert_cmpint (entry->txid, ==, first->txid);
      g_assert_false (entry->has_base);
    }

  g_assert_cmpstr (find_entry (entries, isaf_record_get_id (caf), "deleted")->value, ==, "I:0");
  g_assert_cmpstr (find_entry (entries, isaf_record_get_id (caf), "phone")->value, ==,
                   "T:012345678");
  g_assert_cmpstr (find_entry (entries, isaf_record_get_id (caf), "is_village_official")->value,
                   ==, "I:1");
  {
    g_autofree char *village_value = typed_id (&village);

    g_assert_cmpstr (find_entry (entries, isaf_record_get_id (caf), "village_id")->value, ==,
                     village_value);
  }
  g_assert_null (find_entry (entries, isaf_record_get_id (caf), "left_on"));
  g_assert_null (find_entry (entries, isaf_record_get_id (caf), "id"));
  g_assert_null (find_entry (entries, isaf_record_get_id (caf), "commune_id"));
}

static void
test_update (IsafTestFixture *fixture,
             gconstpointer    data)
{
  g_autoptr(IsafRecord) caf = new_caf ("សុខ");
  g_autoptr(IsafRecord) loaded = NULL;
  g_autoptr(GPtrArray) inserted = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  gint64 seq = max_seq (fixture);
  const Entry *entry;

  isaf_record_set_text (caf, "name_latin", "Sok");
  isaf_test_save (fixture->store, caf, NULL);
  inserted = entries_after (fixture, seq);
  seq = max_seq (fixture);

  loaded = reload (fixture, caf);
  isaf_record_set_text (loaded, "name_km", "សុខា");
  isaf_test_save (fixture->store, loaded, NULL);

  entries = entries_after (fixture, seq);
  g_assert_cmpuint (entries->len, ==, 1);
  entry = entries->pdata[0];
  g_assert_cmpstr (entry->tbl, ==, "caf");
  g_assert_true (isaf_uuid_equal (&entry->id, isaf_record_get_id (caf)));
  g_assert_cmpstr (entry->field, ==, "name_km");
  g_assert_cmpstr (entry->value, ==, "T:សុខា");
  g_assert_cmpint (entry->hlc, >, ((Entry *) inserted->pdata[0])->hlc);
  g_assert_cmpint (entry->txid, >, ((Entry *) inserted->pdata[0])->txid);
  g_assert_false (entry->has_base);

  /* Clearing a field is a change too: captured as NULL. */
  seq = max_seq (fixture);
  isaf_record_set_null (loaded, "name_latin");
  isaf_test_save (fixture->store, loaded, NULL);
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = entries_after (fixture, seq);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (((Entry *) entries->pdata[0])->field, ==, "name_latin");
  g_assert_cmpstr (((Entry *) entries->pdata[0])->value, ==, "N");
}

static void
test_update_same_value (IsafTestFixture *fixture,
                        gconstpointer    data)
{
  g_autoptr(IsafRecord) caf = new_caf ("សុខ");
  g_autoptr(IsafRecord) loaded = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  gint64 seq;

  isaf_record_set_integer (caf, "birth_year", 1990);
  isaf_test_save (fixture->store, caf, NULL);
  seq = max_seq (fixture);
  before = isaf_test_dump_file (fixture->path);

  loaded = reload (fixture, caf);
  isaf_record_set_text (loaded, "name_km", "សុខ");
  isaf_record_set_integer (loaded, "birth_year", 1990);
  isaf_test_save (fixture->store, loaded, NULL);
  assert_no_new_entries (fixture, seq);

  /* Saved again with nothing changed at all. */
  isaf_test_save (fixture->store, loaded, NULL);
  isaf_test_save (fixture->store, caf, NULL);
  assert_no_new_entries (fixture, seq);

  /* Nothing else moved either: no clock, no transaction number. */
  after = isaf_test_dump_file (fixture->path);
  isaf_test_assert_dumps_equal (before, after);
}

static void
test_delete (IsafTestFixture *fixture,
             gconstpointer    data)
{
  g_autoptr(IsafRecord) caf = new_caf ("សុខ");
  g_autoptr(IsafRecord) loaded = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;
  const Entry *entry;
  gint64 seq, insert_hlc;

  isaf_test_save (fixture->store, caf, NULL);
  seq = max_seq (fixture);
  {
    g_autoptr(GPtrArray) inserted = entries_after (fixture, seq - 1);

    insert_hlc = ((Entry *) inserted->pdata[0])->hlc;
  }

  isaf_store_delete (fixture->store, "caf", isaf_record_get_id (caf), NULL, &error);
  g_assert_no_error (error);

  entries = entries_after (fixture, seq);
  g_assert_cmpuint (entries->len, ==, 1);
  entry = entries->pdata[0];
  g_assert_cmpstr (entry->tbl, ==, "caf");
  g_assert_true (isaf_uuid_equal (&entry->id, isaf_record_get_id (caf)));
  g_assert_cmpstr (entry->field, ==, "deleted");
  g_assert_cmpstr (entry->value, ==, "I:1");
  g_assert_cmpint (entry->hlc, >, insert_hlc);

  /* A tombstone: the row is still there, marked, and no longer listed. */
  loaded = reload (fixture, caf);
  g_assert_true (isaf_record_get_deleted (loaded));
  g_assert_cmpstr (isaf_record_get_text (loaded, "name_km"), ==, "សុខ");
  listed = isaf_store_list (fixture->store, "caf", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 0);

  /* Deleting it again changes nothing. */
  seq = max_seq (fixture);
  isaf_store_delete (fixture->store, "caf", isaf_record_get_id (caf), NULL, &error);
  g_assert_no_error (error);
  assert_no_new_entries (fixture, seq);
}

static IsafRecord *
new_child (const char     *table,
           const char     *parent_column,
           const IsafUuid *parent_id)
{
  IsafRecord *child = isaf_record_new (table);

  isaf_record_set_reference (child, parent_column, parent_id);
  return child;
}

static IsafRecord *
new_stage (IsafRecord *cycle,
           const char *stage)
{
  IsafRecord *record = new_child ("cycle_stage", "cycle_id", isaf_record_get_id (cycle));

  isaf_record_set_text (record, "stage", stage);
  isaf_record_set_text (record, "status", "not_started");
  return record;
}

static IsafRecord *
new_action (IsafRecord *cycle,
            IsafRecord *parent)
{
  IsafRecord *action = new_child ("jaap_action", "cycle_id", isaf_record_get_id (cycle));

  if (parent)
    isaf_record_set_reference (action, "parent_id", isaf_record_get_id (parent));
  isaf_record_set_text (action, "action_group", "ka");
  isaf_record_set_text (action, "activity", "ជួសជុលផ្លូវ");
  isaf_record_set_text (action, "status", "ongoing");
  return action;
}

static gint64
deleted_flag (IsafTestFixture *fixture,
              IsafRecord      *record)
{
  g_autoptr(IsafRecord) loaded = reload (fixture, record);

  return isaf_record_get_deleted (loaded);
}

static void
test_delete_cascade (IsafTestFixture *fixture,
                     gconstpointer    data)
{
  g_autoptr(IsafRecord) cycle = isaf_record_new ("cycle");
  g_autoptr(IsafRecord) other_cycle = isaf_record_new ("cycle");
  g_autoptr(IsafRecord) planning = new_stage (cycle, "planning");
  g_autoptr(IsafRecord) i4c = new_stage (cycle, "i4c");
  g_autoptr(IsafRecord) other_stage = new_stage (other_cycle, "planning");
  g_autoptr(IsafRecord) line = new_child ("awpb_line", "cycle_id", isaf_record_get_id (cycle));
  g_autoptr(IsafRecord) action = new_action (cycle, NULL);
  g_autoptr(IsafRecord) sub_action = new_action (cycle, action);
  g_autoptr(IsafRecord) change = new_child ("jaap_status_change", "action_id",
                                            isaf_record_get_id (sub_action));
  g_autoptr(IsafRecord) caf = new_caf ("សុខ");
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(GError) error = NULL;
  IsafRecord *tombstoned[] = { cycle, planning, i4c, line, action, sub_action, change };
  gint64 seq;

  isaf_record_set_integer (cycle, "year", 2026);
  isaf_record_set_integer (other_cycle, "year", 2027);
  isaf_record_set_text (line, "category", "caf_support");
  isaf_record_set_text (line, "description", "ថ្លៃធ្វើដំណើរ CAF");
  isaf_record_set_integer (line, "amount_riel", 250000);
  isaf_record_set_text (line, "fund_source", "commune_fund");
  isaf_record_set_text (change, "status", "ongoing");
  isaf_record_set_text (change, "changed_on", "2026-05-04");
  isaf_test_save (fixture->store, cycle, other_cycle, planning, i4c, other_stage, line, action,
                  sub_action, change, caf, NULL);
  seq = max_seq (fixture);

  isaf_store_delete (fixture->store, "cycle", isaf_record_get_id (cycle), NULL, &error);
  g_assert_no_error (error);

  /* The cycle and everything that belongs to it, each with its own 'deleted' entry, in the
   * same transaction; nothing else. */
  entries = entries_after (fixture, seq);
  g_assert_cmpuint (entries->len, ==, G_N_ELEMENTS (tombstoned));
  for (guint i = 0; i < G_N_ELEMENTS (tombstoned); i++)
    {
      const Entry *entry = find_entry (entries, isaf_record_get_id (tombstoned[i]), "deleted");

      g_test_message ("tombstone of %s", isaf_record_get_table_name (tombstoned[i]));
      g_assert_nonnull (entry);
      g_assert_cmpstr (entry->tbl, ==, isaf_record_get_table_name (tombstoned[i]));
      g_assert_cmpstr (entry->value, ==, "I:1");
      g_assert_cmpint (entry->txid, ==, ((Entry *) entries->pdata[0])->txid);
      g_assert_true (deleted_flag (fixture, tombstoned[i]));
    }

  g_assert_false (deleted_flag (fixture, other_cycle));
  g_assert_false (deleted_flag (fixture, other_stage));
  g_assert_false (deleted_flag (fixture, caf));

  stages = isaf_store_list (fixture->store, "cycle_stage", "cycle_id",
                            isaf_record_get_id (cycle), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stages->len, ==, 0);
}

static void
test_raw_delete_refused (IsafTestFixture *fixture,
                         gconstpointer    data)
{
  g_autoptr(IsafRecord) caf = new_caf ("សុខ");
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  const IsafUuid *id = isaf_record_get_id (caf);

  isaf_test_save (fixture->store, caf, NULL);
  before = isaf_test_dump_file (fixture->path);

  g_assert_cmpint (isaf_test_run_sql (fixture->database, ISAF_DATABASE_WRITE,
                                      "DELETE FROM caf WHERE id = ?1", id),
                   ==, SQLITE_CONSTRAINT_TRIGGER);
  /* Not even the sync apply path deletes rows: deletes are tombstones everywhere. */
  g_assert_cmpint (isaf_test_run_sql (fixture->database, ISAF_DATABASE_WRITE_UNCAPTURED,
                                      "DELETE FROM caf WHERE id = ?1", id),
                   ==, SQLITE_CONSTRAINT_TRIGGER);
  g_assert_cmpint (isaf_test_run_sql (fixture->database, ISAF_DATABASE_WRITE,
                                      "DELETE FROM village", NULL),
                   ==, SQLITE_CONSTRAINT_TRIGGER);
  /* The identity of a synced row never changes. */
  g_assert_cmpint (isaf_test_run_sql (fixture->database, ISAF_DATABASE_WRITE,
                                      "UPDATE caf SET commune_id = '010202' WHERE id = ?1", id),
                   ==, SQLITE_CONSTRAINT_TRIGGER);
  g_assert_cmpint (isaf_test_run_sql (fixture->database, ISAF_DATABASE_WRITE,
                                      "UPDATE caf SET id = randomblob (16) WHERE id = ?1", id),
                   ==, SQLITE_CONSTRAINT_TRIGGER);

  after = isaf_test_dump_file (fixture->path);
  isaf_test_assert_dumps_equal (before, after);
}

static void
test_uncaptured (IsafTestFixture *fixture,
                 gconstpointer    data)
{
  g_autoptr(IsafRecord) caf = new_caf ("សុខ");
  g_autoptr(IsafRecord) pulled = NULL;
  g_autoptr(IsafRecord) changed = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *state_before = NULL;
  g_autofree char *state_after = NULL;
  IsafUuid pulled_id;
  gint64 seq;
  sqlite3 *conn;

  isaf_test_save (fixture->store, caf, NULL);
  seq = max_seq (fixture);
  conn = open_raw (fixture);
  state_before = isaf_test_dump_table (conn, "sync_state");
  sqlite3_close (conn);

  /* What the sync engine does when it applies pulled rows: raw writes, capture off. */
  isaf_uuid_v7 (&pulled_id);
  g_assert_cmpint (isaf_test_run_sql (fixture->database, ISAF_DATABASE_WRITE_UNCAPTURED,
                                      "INSERT INTO caf (id, commune_id, name_km, sex) "
                                      "VALUES (?1, '010201', 'ដារ៉ា', 'm')", &pulled_id),
                   ==, SQLITE_OK);
  g_assert_cmpint (isaf_test_run_sql (fixture->database, ISAF_DATABASE_WRITE_UNCAPTURED,
                                      "UPDATE caf SET name_latin = 'Sok', deleted = 1 "
                                      "WHERE id = ?1", isaf_record_get_id (caf)),
                   ==, SQLITE_OK);
  assert_no_new_entries (fixture, seq);

  conn = open_raw (fixture);
  state_after = isaf_test_dump_table (conn, "sync_state");
  sqlite3_close (conn);
  g_assert_cmpstr (state_after, ==, state_before);

  pulled = isaf_store_get (fixture->store, "caf", &pulled_id, NULL);
  g_assert_nonnull (pulled);
  g_assert_cmpstr (isaf_record_get_text (pulled, "name_km"), ==, "ដារ៉ា");
  changed = reload (fixture, caf);
  g_assert_cmpstr (isaf_record_get_text (changed, "name_latin"), ==, "Sok");
  g_assert_true (isaf_record_get_deleted (changed));

  /* Capture is back on for the next user action. */
  isaf_record_set_text (pulled, "name_latin", "Dara");
  isaf_test_save (fixture->store, pulled, NULL);
  entries = entries_after (fixture, seq);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (((Entry *) entries->pdata[0])->field, ==, "name_latin");
}

static void
test_reference_read_only (IsafTestFixture *fixture,
                          gconstpointer    data)
{
  static const char *insert_dataset =
    "INSERT INTO ref_dataset (name, version, published_on, source) "
    "VALUES ('i4c', 1, '2026-01-15', 'NCDD')";
  static const char *insert_indicator =
    "INSERT INTO ref_indicator (dataset, version, code, service_kind, purpose, position, name_km) "
    "VALUES ('i4c', 1, 'HC01', 'health_centre', 'i4c', 1, 'ម៉ោងបើក')";
  gint64 seq = max_seq (fixture);
  sqlite3 *conn;

  /* Read-only on the laptop: a local write is refused... */
  g_assert_cmpint (isaf_test_run_sql (fixture->database, ISAF_DATABASE_WRITE, insert_dataset, NULL),
                   ==, SQLITE_CONSTRAINT_TRIGGER);

  /* ...the reference stream, which writes with capture off, may. */
  g_assert_cmpint (isaf_test_run_sql (fixture->database, ISAF_DATABASE_WRITE_UNCAPTURED,
                                      insert_dataset, NULL), ==, SQLITE_OK);
  g_assert_cmpint (isaf_test_run_sql (fixture->database, ISAF_DATABASE_WRITE,
                                      insert_indicator, NULL), ==, SQLITE_CONSTRAINT_TRIGGER);
  g_assert_cmpint (isaf_test_run_sql (fixture->database, ISAF_DATABASE_WRITE_UNCAPTURED,
                                      insert_indicator, NULL), ==, SQLITE_OK);

  g_assert_cmpint (isaf_test_run_sql (fixture->database, ISAF_DATABASE_WRITE,
                                      "UPDATE ref_indicator SET name_km = 'x'", NULL),
                   ==, SQLITE_CONSTRAINT_TRIGGER);
  g_assert_cmpint (isaf_test_run_sql (fixture->database, ISAF_DATABASE_WRITE,
                                      "DELETE FROM ref_indicator", NULL),
                   ==, SQLITE_CONSTRAINT_TRIGGER);
  g_assert_cmpint (isaf_test_run_sql (fixture->database, ISAF_DATABASE_WRITE_UNCAPTURED,
                                      "UPDATE ref_indicator SET unit = 'hours'", NULL),
                   ==, SQLITE_OK);

  conn = open_raw (fixture);
  g_assert_cmpint (isaf_test_sqlite_int (conn, "SELECT count (*) FROM ref_indicator "
                                               "WHERE name_km = 'ម៉ោងបើក' AND unit = 'hours'"),
                   ==, 1);
  sqlite3_close (conn);
  assert_no_new_entries (fixture, seq);
}

static void
test_base_clock (IsafTestFixture *fixture,
                 gconstpointer    data)
{
  g_autoptr(IsafRecord) caf = new_caf ("សុខ");
  g_autoptr(IsafRecord) loaded = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  const IsafUuid *id = isaf_record_get_id (caf);
  const Entry *name_entry, *latin_entry;
  gint64 seq;

  isaf_test_save (fixture->store, caf, NULL);

  /* The clocks of the last synced values of two fields, as the sync apply path keeps them. */
  g_assert_cmpint (isaf_test_run_sql (fixture->database, ISAF_DATABASE_WRITE_UNCAPTURED,
                                      "INSERT INTO sync_field_clock (tbl, id, field, hlc, node) "
                                      "VALUES ('caf', ?1, 'name_km', 116000000000000007, 4242), "
                                      "('caf', ?1, 'deleted', 116000000000000099, 17)", id),
                   ==, SQLITE_OK);
  seq = max_seq (fixture);

  loaded = reload (fixture, caf);
  isaf_record_set_text (loaded, "name_km", "សុខា");
  isaf_record_set_text (loaded, "name_latin", "Sokha");
  isaf_test_save (fixture->store, loaded, NULL);

  entries = entries_after (fixture, seq);
  g_assert_cmpuint (entries->len, ==, 2);
  name_entry = find_entry (entries, id, "name_km");
  latin_entry = find_entry (entries, id, "name_latin");
  g_assert_nonnull (name_entry);
  g_assert_nonnull (latin_entry);

  /* The edit was made from that clock: the server uses it to detect concurrent edits. */
  g_assert_true (name_entry->has_base);
  g_assert_cmpint (name_entry->base_hlc, ==, G_GINT64_CONSTANT (116000000000000007));
  g_assert_cmpint (name_entry->base_node, ==, 4242);
  g_assert_false (latin_entry->has_base);
  g_assert_cmpint (name_entry->txid, ==, latin_entry->txid);

  /* Deletes carry the clock of the tombstone field like any other field. */
  g_clear_pointer (&entries, g_ptr_array_unref);
  seq = max_seq (fixture);
  isaf_store_delete (fixture->store, "caf", id, NULL, &error);
  g_assert_no_error (error);
  entries = entries_after (fixture, seq);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_true (((Entry *) entries->pdata[0])->has_base);
  g_assert_cmpint (((Entry *) entries->pdata[0])->base_hlc, ==,
                   G_GINT64_CONSTANT (116000000000000099));
  g_assert_cmpint (((Entry *) entries->pdata[0])->base_node, ==, 17);
}

/* Outbox values go to the server as they were written: text stays text (a phone number or a
 * village code keeps its leading zero), a real stays a real. */
static void
test_value_types (IsafTestFixture *fixture,
                  gconstpointer    data)
{
  g_autoptr(IsafRecord) cycle = isaf_record_new ("cycle");
  g_autoptr(IsafRecord) action = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *commune = NULL;
  gint64 seq;
  sqlite3 *conn;

  conn = open_raw (fixture);
  g_assert_cmpint (isaf_test_sqlite_int (conn, "SELECT count (*) FROM sync_outbox "
                                               "WHERE tbl = 'village' AND field = 'code'"),
                   ==, 19);
  g_assert_cmpint (isaf_test_sqlite_int (conn, "SELECT count (*) FROM sync_outbox AS o "
                                               "JOIN village AS v ON v.id = o.id "
                                               "WHERE o.field = 'code' AND o.value IS v.code "
                                               "AND typeof (o.value) = 'text'"),
                   ==, 19);
  commune = isaf_test_sqlite_text (conn, "SELECT typeof (value) || ':' || value FROM sync_state "
                                         "WHERE key = 'commune_id'");
  g_assert_cmpstr (commune, ==, "text:010201");
  sqlite3_close (conn);

  isaf_record_set_integer (cycle, "year", 2026);
  action = new_action (cycle, NULL);
  isaf_record_set_real (action, "quantity", 3.0);
  isaf_record_set_text (action, "quantity_unit", "០៣");
  seq = max_seq (fixture);
  isaf_test_save (fixture->store, cycle, action, NULL);

  entries = entries_after (fixture, seq);
  g_assert_cmpstr (find_entry (entries, isaf_record_get_id (action), "quantity")->value, ==,
                   "R:3");
  g_assert_cmpstr (find_entry (entries, isaf_record_get_id (action), "quantity_unit")->value, ==,
                   "T:០៣");
  g_assert_cmpstr (find_entry (entries, isaf_record_get_id (cycle), "year")->value, ==,
                   "I:2026");
}

static void
add (const char *path,
     void      (*func) (IsafTestFixture *, gconstpointer))
{
  g_test_add (path, IsafTestFixture, NULL, isaf_test_fixture_setup_store, func,
              isaf_test_fixture_teardown);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add ("/capture/insert", test_insert);
  add ("/capture/update", test_update);
  add ("/capture/update-same-value", test_update_same_value);
  add ("/capture/delete", test_delete);
  add ("/capture/delete-cascade", test_delete_cascade);
  add ("/capture/raw-delete-refused", test_raw_delete_refused);
  add ("/capture/uncaptured", test_uncaptured);
  add ("/capture/reference-read-only", test_reference_read_only);
  add ("/capture/base-clock", test_base_clock);
  add ("/capture/value-types", test_value_types);

  return g_test_run ();
}
