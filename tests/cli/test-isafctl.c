/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

/* isafctl as a user runs it: a real process on real files. */

typedef struct {
  char *dir;
} Fixture;

static const char *isafctl;

static char *
path_in (Fixture    *fixture,
         const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

/* Runs isafctl with @args (NULL-terminated) and returns its exit status. */
static int
run (char      **out,
     char      **err,
     const char *first,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;
  va_list args;

  g_ptr_array_add (argv, (gpointer) isafctl);
  va_start (args, first);
  for (const char *arg = first; arg; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  /* Output nobody asked for is dropped: it must not mix with this test's TAP output. */
  g_spawn_sync (NULL, (char **) argv->pdata, NULL,
                (out ? 0 : G_SPAWN_STDOUT_TO_DEV_NULL) | (err ? 0 : G_SPAWN_STDERR_TO_DEV_NULL),
                NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
  return 0;
}

static void
make_demo (Fixture    *fixture,
           const char *name,
           const char *seed)
{
  g_autofree char *db = path_in (fixture, name);
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run (&out, &err, "--db", db, "demo", "--commune", "010201", "--years", "2",
                        "--seed", seed, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "បន្ទាយនាង"));
}

static char *
dump_of (Fixture    *fixture,
         const char *name)
{
  g_autofree char *db = path_in (fixture, name);
  g_autofree char *json = g_strconcat (db, ".json", NULL);
  g_autofree char *err = NULL;
  char *contents = NULL;

  g_assert_cmpint (run (NULL, &err, "--db", db, "dump", "--output", json, NULL), ==, 0);
  g_assert_true (g_file_get_contents (json, &contents, NULL, NULL));
  return contents;
}

static void
test_demo_same_seed_same_dump (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *first = NULL, *second = NULL, *other = NULL;

  make_demo (fixture, "a.sqlite", "42");
  make_demo (fixture, "b.sqlite", "42");
  make_demo (fixture, "c.sqlite", "43");

  first = dump_of (fixture, "a.sqlite");
  second = dump_of (fixture, "b.sqlite");
  other = dump_of (fixture, "c.sqlite");
  g_assert_cmpstr (first, ==, second);
  g_assert_cmpstr (first, !=, other);
  g_assert_true (g_str_has_prefix (first, "{\"commune_id\":\"010201\",\"format\":\"isaf-commune-dump\""));
}

static gint64
count_rows (const char *db,
            const char *sql)
{
  sqlite3 *conn;
  sqlite3_stmt *stmt;
  gint64 count;

  g_assert_cmpint (sqlite3_open_v2 (db, &conn, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (conn, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
  return count;
}

/* The content the issue asks of a demo commune. */
static void
test_demo_content (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *db = path_in (fixture, "demo.sqlite");
  g_autofree char *out = NULL, *err = NULL;

  make_demo (fixture, "demo.sqlite", "1");
  g_assert_cmpint (run (&out, &err, "--db", db, "check", NULL), ==, 0);

  /* Banteay Neang has 19 villages in the gazetteer. */
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM village"), ==, 19);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM service_unit WHERE kind = 'primary_school'"), ==, 6);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM service_unit WHERE kind = 'health_centre'"), ==, 1);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM service_unit WHERE kind = 'commune_office'"), ==, 1);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM caf"), ==, 4);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM caf WHERE sex = 'f'"), ==, 3);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM caf WHERE is_village_official = 1"), ==, 1);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM jaapc_member"), ==, 9);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM cycle"), ==, 2);
  /* A dissemination meeting in every village, every year. */
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM dissemination_meeting"), ==, 2 * 19);
  /* Commune-office scorecards per village, one per other unit. */
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM scorecard WHERE kind = 'csc'"), ==, 2 * (19 + 7));
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM scorecard WHERE kind = 'ssa'"), ==, 2 * 8);
  g_assert_cmpint (count_rows (db, "SELECT min (n) FROM (SELECT count(*) AS n FROM scorecard_participant p "
                                   "JOIN scorecard s ON s.id = p.scorecard_id WHERE s.kind = 'csc' "
                                   "GROUP BY s.id)"), >=, 15);
  g_assert_cmpint (count_rows (db, "SELECT max (n) FROM (SELECT count(*) AS n FROM scorecard_participant p "
                                   "JOIN scorecard s ON s.id = p.scorecard_id WHERE s.kind = 'csc' "
                                   "GROUP BY s.id)"), <=, 40);
  g_assert_cmpint (count_rows (db, "SELECT min (n) FROM (SELECT count(*) AS n FROM scorecard_indicator "
                                   "WHERE is_selected = 1 GROUP BY scorecard_id)"), >=, 5);
  g_assert_cmpint (count_rows (db, "SELECT max (n) FROM (SELECT count(*) AS n FROM scorecard_indicator "
                                   "WHERE is_selected = 1 GROUP BY scorecard_id)"), <=, 8);
  /* Anonymous participants do not vote. */
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM scorecard_vote v JOIN scorecard_participant p "
                                   "ON p.id = v.participant_id WHERE p.is_anonymous = 1"), ==, 0);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM interface_meeting"), ==, 2);
  /* 10–25 actions (not counting the service-unit headings of group ខ) in both groups. */
  g_assert_cmpint (count_rows (db, "SELECT min (n) FROM (SELECT count(*) AS n FROM jaap_action a "
                                   "WHERE NOT EXISTS (SELECT 1 FROM jaap_action c WHERE c.parent_id = a.id) "
                                   "GROUP BY cycle_id)"), >=, 10);
  g_assert_cmpint (count_rows (db, "SELECT max (n) FROM (SELECT count(*) AS n FROM jaap_action a "
                                   "WHERE NOT EXISTS (SELECT 1 FROM jaap_action c WHERE c.parent_id = a.id) "
                                   "GROUP BY cycle_id)"), <=, 25);
  g_assert_cmpint (count_rows (db, "SELECT count(DISTINCT action_group) FROM jaap_action"), ==, 2);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM jaapc_meeting"), ==, 2 * 12);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM awpb_line"), >, 0);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM i4c_value"), >, 0);
  /* Demo data is not captured for sync. */
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM sync_outbox"), ==, 0);
}

static void
test_demo_refuses_existing_file (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *db = path_in (fixture, "taken.sqlite");
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (db, "my precious notes", -1, NULL));
  g_assert_cmpint (run (&out, &err, "--db", db, "demo", "--commune", "010201", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "already exists"));
  g_assert_true (g_file_get_contents (db, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "my precious notes");
}

static void
test_demo_unknown_commune (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *db = path_in (fixture, "nowhere.sqlite");
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run (&out, &err, "--db", db, "demo", "--commune", "999999", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "999999"));
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));

  g_assert_cmpint (run (&out, &err, "--db", db, "demo", NULL), ==, 2);
  g_assert_cmpint (run (&out, &err, "--db", db, "no-such-command", NULL), ==, 2);
}

static void
test_check_rejects_bad_files (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *text = path_in (fixture, "notes.txt");
  g_autofree char *missing = path_in (fixture, "missing.sqlite");
  g_autofree char *out = NULL, *err = NULL;

  g_assert_true (g_file_set_contents (text, "not a database", -1, NULL));
  g_assert_cmpint (run (&out, &err, "--db", text, "check", NULL), ==, 1);
  g_assert_cmpint (run (&out, &err, "--db", missing, "check", NULL), ==, 1);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
}

/* The capture triggers call these; a bare connection edits without capture. */
static const char * const capture_functions[] = {
  "sync_capturing", "sync_hlc_next", "sync_hlc_last", "sync_txid",
};

static void
not_capturing (sqlite3_context *context,
               int              argc,
               sqlite3_value  **argv)
{
  sqlite3_result_int (context, 0);
}

typedef void (*SqlFunction) (sqlite3_context *context,
                             int              argc,
                             sqlite3_value  **argv);

/* Runs @sql on @db through a bare connection on which the capture triggers call @functions,
 * one for each of capture_functions. */
static void
edit_with (const char        *db,
           const char        *sql,
           const SqlFunction *functions)
{
  sqlite3 *conn;

  g_assert_cmpint (sqlite3_open (db, &conn), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (capture_functions); i++)
    g_assert_cmpint (sqlite3_create_function (conn, capture_functions[i], 0, SQLITE_UTF8, NULL,
                                              functions[i], NULL, NULL), ==, SQLITE_OK);
  if (sqlite3_exec (conn, sql, NULL, NULL, NULL) != SQLITE_OK)
    g_error ("%s", sqlite3_errmsg (conn));
  sqlite3_close (conn);
}

/* Runs @sql on @db with capture off, as a bare connection edits. */
static void
edit_uncaptured (const char *db,
                 const char *sql)
{
  const SqlFunction functions[] = { not_capturing, not_capturing, not_capturing, not_capturing };

  G_STATIC_ASSERT (G_N_ELEMENTS (functions) == G_N_ELEMENTS (capture_functions));
  edit_with (db, sql, functions);
}

static void
test_backup_and_restore (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *db = path_in (fixture, "demo.sqlite");
  g_autofree char *copy = path_in (fixture, "copy.sqlite");
  g_autofree char *broken = path_in (fixture, "broken.sqlite");
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *before = NULL, *after = NULL, *after_bad = NULL;
  g_autofree char *copy_bytes = NULL;
  gsize length;

  make_demo (fixture, "demo.sqlite", "5");
  before = dump_of (fixture, "demo.sqlite");

  g_assert_cmpint (run (&out, &err, "--db", db, "backup", "--output", copy, NULL), ==, 0);
  g_assert_cmpint (run (NULL, NULL, "--db", copy, "check", NULL), ==, 0);
  /* A backup never overwrites. */
  g_assert_cmpint (run (NULL, &err, "--db", db, "backup", "--output", copy, NULL), ==, 1);

  /* Change the database, then restore the copy: the change is gone, the rest is back. */
  edit_uncaptured (db, "UPDATE caf SET phone = '012 000 000'");
  g_assert_cmpstr (dump_of (fixture, "demo.sqlite"), !=, before);

  g_assert_cmpint (run (&out, &err, "--db", db, "restore", "--input", copy, NULL), ==, 0);
  after = dump_of (fixture, "demo.sqlite");
  g_assert_cmpstr (after, ==, before);

  /* A damaged backup is refused and the database stays as it was. */
  g_assert_true (g_file_get_contents (copy, &copy_bytes, &length, NULL));
  memset (copy_bytes + 4096, 0x5a, 4096);
  g_assert_true (g_file_set_contents (broken, copy_bytes, length, NULL));
  g_assert_cmpint (run (&out, &err, "--db", db, "restore", "--input", broken, NULL), ==, 1);
  after_bad = dump_of (fixture, "demo.sqlite");
  g_assert_cmpstr (after_bad, ==, before);
}

/* Capture as the application does it, by the database's own triggers, with clocks that go
 * forward and one transaction. */
static gint64 capture_clock;

static void
capturing (sqlite3_context *context,
           int              argc,
           sqlite3_value  **argv)
{
  sqlite3_result_int (context, 1);
}

static void
next_clock (sqlite3_context *context,
            int              argc,
            sqlite3_value  **argv)
{
  sqlite3_result_int64 (context, ++capture_clock);
}

static void
last_clock (sqlite3_context *context,
            int              argc,
            sqlite3_value  **argv)
{
  sqlite3_result_int64 (context, capture_clock);
}

static void
first_transaction (sqlite3_context *context,
                   int              argc,
                   sqlite3_value  **argv)
{
  sqlite3_result_int (context, 1);
}

static void
edit_captured (const char *db,
               const char *sql)
{
  const SqlFunction functions[] = { capturing, next_clock, last_clock, first_transaction };

  G_STATIC_ASSERT (G_N_ELEMENTS (functions) == G_N_ELEMENTS (capture_functions));
  capture_clock = (g_get_real_time () / 1000) << 16;
  edit_with (db, sql, functions);
}

static GBytes *
read_file (const char *path)
{
  char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_bytes_new_take (contents, length);
}

/* Exporting what waits to be sent: the count said, the file listing the outbox, the
 * database untouched, and no file replaced. */
static void
test_export_unsynced (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *db = path_in (fixture, "demo.sqlite");
  g_autofree char *none = path_in (fixture, "none.json");
  g_autofree char *unsynced = path_in (fixture, "unsynced.json");
  g_autofree char *in_missing = path_in (fixture, "usb/unsynced.json");
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GBytes) db_before = NULL;
  g_autoptr(GBytes) db_after = NULL;
  g_autoptr(GBytes) export_before = NULL;
  g_autoptr(GBytes) export_after = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *changes;
  gint64 n_cafs;

  make_demo (fixture, "demo.sqlite", "7");

  /* Nothing waits in a demo: a valid file that says so. */
  g_assert_cmpint (run (&out, &err, "--db", db, "export-unsynced", "--output", none, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "No changes are waiting to be sent"));
  g_assert_true (json_parser_load_from_file (parser, none, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "isaf-unsynced-changes");
  g_assert_cmpint (json_object_get_int_member (root, "count"), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Every CAF's phone changed, captured by the database's triggers. */
  edit_captured (db, "UPDATE caf SET phone = '012 000 000'");
  n_cafs = count_rows (db, "SELECT count(*) FROM caf");
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM sync_outbox"), ==, n_cafs);

  db_before = read_file (db);
  g_assert_cmpint (run (&out, &err, "--db", db, "export-unsynced", "--output", unsynced, NULL),
                   ==, 0);
  expected = g_strdup_printf ("Wrote %" G_GINT64_FORMAT " unsynced changes to %s\n", n_cafs,
                              unsynced);
  g_assert_cmpstr (out, ==, expected);
  db_after = read_file (db);
  g_assert_true (g_bytes_equal (db_before, db_after));
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM sync_outbox"), ==, n_cafs);

  g_assert_true (json_parser_load_from_file (parser, unsynced, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "commune_id"), ==, "010201");
  g_assert_false (json_object_has_member (root, "device_id"));
  g_assert_cmpint (json_object_get_int_member (root, "count"), ==, n_cafs);
  changes = json_object_get_array_member (root, "changes");
  g_assert_cmpuint (json_array_get_length (changes), ==, n_cafs);
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);

      g_assert_cmpstr (json_object_get_string_member (change, "table"), ==, "caf");
      g_assert_cmpstr (json_object_get_string_member (change, "field"), ==, "phone");
      g_assert_cmpstr (json_object_get_string_member (change, "value"), ==, "012 000 000");
    }

  /* An earlier export is never replaced. */
  export_before = read_file (unsynced);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &err, "--db", db, "export-unsynced", "--output", unsynced, NULL),
                   ==, 1);
  g_assert_nonnull (strstr (err, "already exists"));
  export_after = read_file (unsynced);
  g_assert_true (g_bytes_equal (export_before, export_after));

  /* A folder that is not there, and no file named at all. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &err, "--db", db, "export-unsynced", "--output", in_missing, NULL),
                   ==, 1);
  g_assert_nonnull (strstr (err, "does not exist"));
  g_assert_false (g_file_test (in_missing, G_FILE_TEST_EXISTS));
  g_assert_cmpint (run (NULL, NULL, "--db", db, "export-unsynced", NULL), ==, 2);
}

/* Reports ------------------------------------------------------------------------------- */

/* RFC 4180 after the byte order mark every export starts with: records end with CRLF; a
 * field in double quotes may hold commas, line breaks and doubled quotes. Returns the
 * records, each a GStrv. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = text + 3;

  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF"));

  while (*p)
    {
      if (*p == '"')
        {
          for (p++; !(*p == '"' && p[1] != '"'); p++)
            {
              g_assert_true (*p != '\0');
              if (*p == '"')
                p++;
              g_string_append_c (field, *p);
            }
          p++;
        }
      else
        while (*p && *p != ',' && *p != '\r' && *p != '\n')
          g_string_append_c (field, *p++);

      g_ptr_array_add (fields, g_strdup (field->str));
      g_string_truncate (field, 0);
      if (*p == ',')
        p++;
      else
        {
          /* Every record ends with CRLF, the last one too. */
          g_assert_true (p[0] == '\r' && p[1] == '\n');
          p += 2;
          g_ptr_array_add (fields, NULL);
          g_ptr_array_add (records, g_ptr_array_steal (fields, NULL));
          fields = g_ptr_array_new_with_free_func (g_free);
        }
    }
  return records;
}

static char *
read_text (const char *path)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

/* The median of votes counted per score, by laying them out one by one. */
static char *
expected_median (const gint64 counts[5])
{
  g_autoptr(GArray) votes = g_array_new (FALSE, FALSE, sizeof (int));
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  double median;

  for (int score = 1; score <= 5; score++)
    for (gint64 i = 0; i < counts[score - 1]; i++)
      g_array_append_val (votes, score);
  if (votes->len == 0)
    return g_strdup ("");
  median = votes->len % 2 ? g_array_index (votes, int, votes->len / 2)
                          : (g_array_index (votes, int, votes->len / 2 - 1)
                             + g_array_index (votes, int, votes->len / 2)) / 2.0;
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.1f", median));
}

static char *
expected_average (const gint64 counts[5])
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  gint64 sum = 0, n = 0;

  for (int score = 1; score <= 5; score++)
    {
      sum += score * counts[score - 1];
      n += counts[score - 1];
    }
  if (n == 0)
    return g_strdup ("");
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.2f", (double) sum / n));
}

/* The votes stored, counted by SQL: a scorecard counted by hand has its tally; otherwise each
 * vote of a participant who gave a name counts. Voters are the women and men of a tally
 * sheet, or the participants who gave a name. In the order of the report. */
static const char expected_rows_sql[] =
  "WITH sheet AS ("
  "  SELECT s.*, c.year,"
  "    EXISTS (SELECT 1 FROM scorecard_vote_tally t JOIN scorecard_indicator i"
  "            ON i.id = t.scorecard_indicator_id"
  "            WHERE i.scorecard_id = s.id AND t.deleted = 0) AS by_hand,"
  "    NOT EXISTS (SELECT 1 FROM scorecard_participant p"
  "                WHERE p.scorecard_id = s.id AND p.deleted = 0)"
  "    AND EXISTS (SELECT 1 FROM scorecard_participant_tally t"
  "                WHERE t.scorecard_id = s.id AND t.deleted = 0) AS tallied"
  "  FROM scorecard s JOIN cycle c ON c.id = s.cycle_id"
  "  WHERE c.year = ?1 AND c.deleted = 0 AND s.deleted = 0) "
  "SELECT s.year, u.code, u.name_km, u.name_en, v.code, s.kind, s.held_on, s.status,"
  "  i.position, i.indicator_code, i.name_km, i.name_en,"
  "  CASE WHEN s.tallied THEN (SELECT coalesce (sum (count), 0) FROM scorecard_participant_tally"
  "       WHERE scorecard_id = s.id AND deleted = 0 AND category IN ('women', 'men'))"
  "  ELSE (SELECT count(*) FROM scorecard_participant WHERE scorecard_id = s.id AND deleted = 0"
  "        AND is_anonymous = 0) END,"
  "  k.score,"
  "  CASE WHEN s.by_hand THEN (SELECT coalesce (sum (count), 0) FROM scorecard_vote_tally"
  "       WHERE scorecard_indicator_id = i.id AND deleted = 0 AND score = k.score)"
  "  ELSE (SELECT count(*) FROM scorecard_vote sv JOIN scorecard_participant p"
  "        ON p.id = sv.participant_id WHERE sv.scorecard_indicator_id = i.id"
  "        AND sv.deleted = 0 AND p.deleted = 0 AND p.is_anonymous = 0 AND sv.score = k.score)"
  "  END "
  "FROM sheet s JOIN service_unit u ON u.id = s.service_unit_id"
  " LEFT JOIN village v ON v.id = s.village_id"
  " JOIN scorecard_indicator i ON i.scorecard_id = s.id AND i.deleted = 0 AND i.is_selected = 1"
  " JOIN (SELECT 1 AS score UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4"
  "       UNION ALL SELECT 5) k "
  "ORDER BY s.held_on, u.code, v.code, s.id, i.position, i.id, k.score";

/* Compares every row of the CSV with what SQL counts in the same file. */
static void
assert_csv_agrees (const char *db,
                   int         year,
                   GPtrArray  *records)
{
  sqlite3 *conn;
  sqlite3_stmt *stmt;
  guint row = 1;
  int rc;

  g_assert_cmpint (sqlite3_open_v2 (db, &conn, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  if (sqlite3_prepare_v2 (conn, expected_rows_sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s", sqlite3_errmsg (conn));
  sqlite3_bind_int (stmt, 1, year);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      char **fields;
      gint64 counts[5];
      g_autofree char *median = NULL;
      g_autofree char *average = NULL;

      g_assert_cmpuint (row, <, records->len);
      fields = g_ptr_array_index (records, row);
      g_assert_cmpuint (g_strv_length (fields), ==, 20);
      /* The identifying columns, once per row (on the row's first score). */
      for (int c = 0; c < 13; c++)
        {
          const char *expected = (const char *) sqlite3_column_text (stmt, c);

          g_assert_cmpstr (fields[c], ==, expected ? expected : "");
        }
      for (int score = 1; score <= 5; score++)
        {
          g_autofree char *text = NULL;

          if (score > 1)
            g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
          g_assert_cmpint (sqlite3_column_int (stmt, 13), ==, score);
          counts[score - 1] = sqlite3_column_int64 (stmt, 14);
          text = g_strdup_printf ("%" G_GINT64_FORMAT, counts[score - 1]);
          g_assert_cmpstr (fields[12 + score], ==, text);
        }
      median = expected_median (counts);
      average = expected_average (counts);
      g_assert_cmpstr (fields[18], ==, median);
      g_assert_cmpstr (fields[19], ==, average);
      row++;
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  g_assert_cmpuint (row, ==, records->len);
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
}

/* Two scorecards' votes become a hand count, one of them with its participants on a tally
 * sheet as well; one indicator loses its votes; and one gets an English name a spreadsheet
 * would split. */
static void
vary_recording (const char *db)
{
  edit_uncaptured (db,
    "CREATE TEMP TABLE hand AS SELECT id FROM scorecard WHERE kind = 'csc' AND deleted = 0"
    "  ORDER BY held_on DESC, id LIMIT 2;"
    "CREATE TEMP TABLE sheet AS SELECT id FROM hand ORDER BY id LIMIT 1;"
    "INSERT INTO scorecard_vote_tally (id, commune_id, deleted, scorecard_indicator_id, score,"
    "  count)"
    "  SELECT randomblob (16), i.commune_id, 0, i.id, v.score, count(*) FROM scorecard_vote v"
    "  JOIN scorecard_participant p ON p.id = v.participant_id"
    "  JOIN scorecard_indicator i ON i.id = v.scorecard_indicator_id"
    "  WHERE i.scorecard_id IN (SELECT id FROM hand) AND v.deleted = 0 AND p.is_anonymous = 0"
    "  GROUP BY i.id, v.score;"
    "UPDATE scorecard_vote SET deleted = 1 WHERE scorecard_indicator_id IN"
    "  (SELECT id FROM scorecard_indicator WHERE scorecard_id IN (SELECT id FROM hand));"
    "INSERT INTO scorecard_participant_tally (id, commune_id, deleted, scorecard_id, category,"
    "  count)"
    "  SELECT randomblob (16), commune_id, 0, scorecard_id, 'women', sum (sex = 'f')"
    "  FROM scorecard_participant WHERE scorecard_id IN (SELECT id FROM sheet) AND deleted = 0"
    "  UNION ALL SELECT randomblob (16), commune_id, 0, scorecard_id, 'men', sum (sex = 'm')"
    "  FROM scorecard_participant WHERE scorecard_id IN (SELECT id FROM sheet) AND deleted = 0"
    "  UNION ALL SELECT randomblob (16), commune_id, 0, scorecard_id, 'youth', sum (is_youth)"
    "  FROM scorecard_participant WHERE scorecard_id IN (SELECT id FROM sheet) AND deleted = 0;"
    "UPDATE scorecard_participant SET deleted = 1 WHERE scorecard_id IN (SELECT id FROM sheet);"
    "UPDATE scorecard_vote SET deleted = 1 WHERE scorecard_indicator_id = (SELECT i.id"
    "  FROM scorecard_indicator i JOIN scorecard s ON s.id = i.scorecard_id"
    "  WHERE i.is_selected = 1 AND s.kind = 'csc' AND s.id NOT IN (SELECT id FROM hand)"
    "  AND s.held_on > strftime ('%Y', 'now') - 1 ORDER BY i.id LIMIT 1);"
    "UPDATE scorecard_indicator SET name_en = 'Water, \"clean\" and safe'"
    "  WHERE id = (SELECT id FROM scorecard_indicator WHERE is_selected = 1"
    "  AND scorecard_id IN (SELECT id FROM hand) ORDER BY id LIMIT 1);");
}

static const char scorecard_header[] =
  "year,unit_code,unit_name_km,unit_name_en,village_code,kind,held_on,status,"
  "indicator_position,indicator_code,indicator_name_km,indicator_name_en,voters,votes_1,"
  "votes_2,votes_3,votes_4,votes_5,median,average\r\n";

/* The scorecard CSV of the demo's last year agrees, row by row, with the votes stored. */
static void
test_report_scorecard_csv (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *db = path_in (fixture, "demo.sqlite");
  g_autofree char *csv = path_in (fixture, "results.csv");
  g_autofree char *unit_csv = path_in (fixture, "centre.csv");
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *year = NULL;
  g_autofree char *text = NULL;
  g_autofree char *unit_text = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) unit_records = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int last_year = g_date_time_get_year (now) - 1;
  guint n_quoted, n_unscored;

  make_demo (fixture, "demo.sqlite", "11");
  vary_recording (db);
  year = g_strdup_printf ("%d", last_year);

  g_assert_cmpint (run (&out, &err, "--db", db, "report", "scorecard", "--year", year, "--format",
                        "csv", "--output", csv, NULL), ==, 0);
  g_assert_nonnull (strstr (out, csv));
  text = read_text (csv);
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF"));
  g_assert_true (g_str_has_prefix (text + 3, scorecard_header));
  g_assert_nonnull (strstr (text, ",\"Water, \"\"clean\"\" and safe\","));
  records = parse_csv (text);
  g_assert_cmpuint (records->len, >, 34 * 5);
  assert_csv_agrees (db, last_year, records);
  n_quoted = 0;
  for (guint i = 1; i < records->len; i++)
    n_quoted += g_strv_contains ((const char * const *) g_ptr_array_index (records, i),
                                 "Water, \"clean\" and safe");
  g_assert_cmpuint (n_quoted, ==, 1);
  /* Nobody voted: no result, not a zero. */
  n_unscored = 0;
  for (guint i = 1; i < records->len; i++)
    {
      char **fields = g_ptr_array_index (records, i);

      if (fields[18][0] == '\0')
        {
          g_assert_cmpstr (fields[19], ==, "");
          g_assert_cmpstr (fields[17], ==, "0");
          n_unscored++;
        }
    }
  g_assert_cmpuint (n_unscored, ==, 1);
  g_assert_cmpint (count_rows (db, "SELECT count(DISTINCT i.scorecard_id) FROM "
                                   "scorecard_vote_tally t JOIN scorecard_indicator i "
                                   "ON i.id = t.scorecard_indicator_id"), ==, 2);
  g_assert_cmpint (count_rows (db, "SELECT count(DISTINCT scorecard_id) FROM "
                                   "scorecard_participant_tally"), ==, 1);

  /* One unit only. */
  g_assert_cmpint (run (NULL, NULL, "--db", db, "report", "scorecard", "--year", year, "--unit",
                        "HC-010201", "--format", "csv", "--output", unit_csv, NULL), ==, 0);
  unit_text = read_text (unit_csv);
  unit_records = parse_csv (unit_text);
  g_assert_cmpuint (unit_records->len, >, 1);
  for (guint i = 1; i < unit_records->len; i++)
    g_assert_cmpstr (((char **) g_ptr_array_index (unit_records, i))[1], ==, "HC-010201");
  g_assert_cmpuint (unit_records->len - 1, ==,
                    count_rows (db, "SELECT count(*) FROM scorecard_indicator i "
                                    "JOIN scorecard s ON s.id = i.scorecard_id "
                                    "JOIN service_unit u ON u.id = s.service_unit_id "
                                    "JOIN cycle c ON c.id = s.cycle_id "
                                    "WHERE u.code = 'HC-010201' AND i.is_selected = 1 "
                                    "AND c.year = strftime ('%Y', 'now') - 1"));
}

/* The citizens' median of the interface CSV pools every community scorecard of the unit in
 * the scorecard CSV; the provider's is its self-assessment's; the gap their difference. */
static void
test_report_interface_csv (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *db = path_in (fixture, "demo.sqlite");
  g_autofree char *results = path_in (fixture, "results.csv");
  g_autofree char *compared = path_in (fixture, "compared.csv");
  g_autofree char *out = NULL;
  g_autofree char *year = NULL;
  g_autofree char *results_text = NULL;
  g_autofree char *compared_text = NULL;
  g_autoptr(GPtrArray) result_rows = NULL;
  g_autoptr(GPtrArray) compared_rows = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  guint n_gaps = 0;

  make_demo (fixture, "demo.sqlite", "12");
  year = g_strdup_printf ("%d", g_date_time_get_year (now) - 1);
  g_assert_cmpint (run (NULL, NULL, "--db", db, "report", "scorecard", "--year", year,
                        "--format", "csv", "--output", results, NULL), ==, 0);
  g_assert_cmpint (run (&out, NULL, "--db", db, "report", "interface", "--year", year,
                        "--format", "csv", "--output", compared, NULL), ==, 0);
  g_assert_nonnull (strstr (out, compared));
  results_text = read_text (results);
  compared_text = read_text (compared);
  g_assert_true (g_str_has_prefix (compared_text + 3,
                                   "year,held_on,unit_code,unit_name_km,unit_name_en,"
                                   "indicator_code,indicator_name_km,indicator_name_en,"
                                   "citizen_median,provider_median,gap\r\n"));
  result_rows = parse_csv (results_text);
  compared_rows = parse_csv (compared_text);
  g_assert_cmpuint (compared_rows->len, >, 1);

  for (guint r = 1; r < compared_rows->len; r++)
    {
      char **row = g_ptr_array_index (compared_rows, r);
      gint64 citizens[5] = { 0 }, provider[5] = { 0 };
      g_autofree char *citizen_median = NULL;
      g_autofree char *provider_median = NULL;

      g_assert_cmpuint (g_strv_length (row), ==, 11);
      g_assert_cmpstr (row[0], ==, year);
      for (guint i = 1; i < result_rows->len; i++)
        {
          char **result = g_ptr_array_index (result_rows, i);
          gboolean same = row[5][0] != '\0' ? g_str_equal (result[9], row[5])
                                             : result[9][0] == '\0'
                                                 && g_str_equal (result[10], row[6]);

          if (!g_str_equal (result[1], row[2]) || !same)
            continue;
          for (int s = 0; s < 5; s++)
            (g_str_equal (result[5], "ssa") ? provider : citizens)[s]
              += g_ascii_strtoll (result[13 + s], NULL, 10);
        }
      citizen_median = expected_median (citizens);
      provider_median = expected_median (provider);
      g_assert_cmpstr (row[8], ==, citizen_median);
      g_assert_cmpstr (row[9], ==, provider_median);
      if (row[8][0] && row[9][0])
        {
          char buffer[G_ASCII_DTOSTR_BUF_SIZE];

          g_assert_cmpstr (row[10], ==,
                           g_ascii_formatd (buffer, sizeof buffer, "%.1f",
                                            g_ascii_strtod (row[9], NULL)
                                              - g_ascii_strtod (row[8], NULL)));
          n_gaps++;
        }
      else
        g_assert_cmpstr (row[10], ==, "");
    }
  g_assert_cmpuint (n_gaps, >, 0);
}

/* The PDFs are valid, one sheet a scorecard at least; every mistake is said and leaves no
 * file. */
static void
test_report_pdf_and_mistakes (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *db = path_in (fixture, "demo.sqlite");
  g_autofree char *pdf = path_in (fixture, "results.pdf");
  g_autofree char *interface_pdf = path_in (fixture, "interface.pdf");
  g_autofree char *nothing = path_in (fixture, "nothing.csv");
  g_autofree char *unwritable = path_in (fixture, "no-such-folder/results.csv");
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *year = NULL;
  g_autofree char *qpdf = g_find_program_in_path ("qpdf");
  g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");
  g_autofree char *bytes = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  make_demo (fixture, "demo.sqlite", "13");
  year = g_strdup_printf ("%d", g_date_time_get_year (now) - 1);

  g_assert_cmpint (run (NULL, NULL, "--db", db, "report", "scorecard", "--year", year, "--format",
                        "pdf", "--output", pdf, NULL), ==, 0);
  g_assert_cmpint (run (NULL, NULL, "--db", db, "report", "interface", "--year", year, "--format",
                        "pdf", "--lang", "both", "--output", interface_pdf, NULL), ==, 0);
  bytes = read_text (pdf);
  g_assert_true (g_str_has_prefix (bytes, "%PDF-"));
  if (qpdf != NULL)
    {
      const char *files[] = { pdf, interface_pdf };

      for (guint i = 0; i < G_N_ELEMENTS (files); i++)
        {
          g_autofree char *check = NULL;
          const char *argv[] = { qpdf, "--check", files[i], NULL };
          int status;

          g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                                       NULL, NULL, &check, NULL, &status, NULL));
          g_assert_true (g_spawn_check_wait_status (status, NULL));
          g_assert_nonnull (strstr (check, "No syntax or stream encoding errors found"));
        }
    }
  if (pdfinfo != NULL)
    {
      g_autofree char *info = NULL;
      const char *argv[] = { pdfinfo, pdf, NULL };
      const char *pages;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                                   NULL, &info, NULL, NULL, NULL));
      pages = strstr (info, "Pages:");
      g_assert_nonnull (pages);
      g_assert_cmpint (g_ascii_strtoll (pages + strlen ("Pages:"), NULL, 10), >=, 34);
      g_assert_nonnull (strstr (info, "595.28 x 841.89"));
    }

  /* Usage mistakes exit with 2, failures with 1, each with a sentence saying why. */
  g_assert_cmpint (run (NULL, &err, "--db", db, "report", "scorecard", "--format", "csv",
                        "--output", nothing, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--year"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &err, "--db", db, "report", "scorecard", "--year", year,
                        "--format", "xls", "--output", nothing, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "xls"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &err, "--db", db, "report", "scorecard", "--year", year,
                        "--output", nothing, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--format"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &err, "--db", db, "report", "scorecard", "--year", year,
                        "--format", "csv", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--output"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &err, "--db", db, "report", "interface", "--year", year,
                        "--format", "csv", "--unit", "HC-010201", "--output", nothing, NULL), ==,
                   2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &err, "--db", db, "report", "budget", "--year", year, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "budget"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &err, "--db", db, "report", "scorecard", "--year", year, "--unit",
                        "XX-404", "--format", "csv", "--output", nothing, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "XX-404"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &err, "--db", db, "report", "scorecard", "--year", "1999",
                        "--format", "csv", "--output", nothing, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "no scorecards for 1999"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &err, "--db", db, "report", "interface", "--year", "1999",
                        "--format", "pdf", "--output", nothing, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "1999"));
  g_clear_pointer (&err, g_free);
  g_assert_false (g_file_test (nothing, G_FILE_TEST_EXISTS));
  g_assert_cmpint (run (NULL, &err, "--db", db, "report", "scorecard", "--year", year,
                        "--format", "csv", "--output", unwritable, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "could not write"));
  g_assert_nonnull (strstr (err, unwritable));
  g_assert_false (g_file_test (unwritable, G_FILE_TEST_EXISTS));
}

/* The JAAP ---------------------------------------------------------------------------------- */

static const char jaap_header[] =
  "group,number,depth,activity,proposer,target_issue,location,quantity,quantity_unit,start_on,"
  "end_on,beneficiaries_total,beneficiaries_female,estimated_cost_riel,implementer,"
  "service_unit_code,indicator,fund_source,actual_cost_riel,status\r\n";

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* A year's live actions as SQL reads them, "group|activity|cost|status" each, sorted. */
static GPtrArray *
stored_actions (const char *db,
                int         year,
                gboolean    cip_only)
{
  GPtrArray *actions = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *conn;
  sqlite3_stmt *stmt;

  g_assert_cmpint (sqlite3_open_v2 (db, &conn, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (conn,
                                       "SELECT a.action_group, a.activity,"
                                       "  coalesce (a.estimated_cost_riel, ''), a.status"
                                       " FROM jaap_action a JOIN cycle c ON c.id = a.cycle_id"
                                       " WHERE c.year = ?1 AND c.deleted = 0 AND a.deleted = 0"
                                       "  AND (?2 = 0 OR a.action_group = 'ka')",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int (stmt, 1, year);
  sqlite3_bind_int (stmt, 2, cip_only);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (actions, g_strdup_printf ("%s|%s|%s|%s", sqlite3_column_text (stmt, 0),
                                               sqlite3_column_text (stmt, 1),
                                               sqlite3_column_text (stmt, 2),
                                               sqlite3_column_text (stmt, 3)));
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
  g_ptr_array_sort (actions, compare_strings);
  return actions;
}

/* The CSV file: its byte order mark, its header, and the actions SQL finds, no other. */
static void
assert_jaap_csv (const char *csv_path,
                 const char *db,
                 int         year,
                 gboolean    cip_only)
{
  g_autofree char *text = read_text (csv_path);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) read = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) stored = stored_actions (db, year, cip_only);

  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF"));
  g_assert_true (g_str_has_prefix (text + 3, jaap_header));
  records = parse_csv (text);
  for (guint i = 1; i < records->len; i++)
    {
      char **fields = g_ptr_array_index (records, i);

      g_assert_cmpuint (g_strv_length (fields), ==, 20);
      g_assert_true (!cip_only || g_str_equal (fields[0], "ka"));
      g_ptr_array_add (read, g_strdup_printf ("%s|%s|%s|%s", fields[0], fields[3], fields[13],
                                              fields[19]));
    }
  g_ptr_array_sort (read, compare_strings);
  g_assert_cmpuint (read->len, ==, stored->len);
  g_assert_cmpuint (read->len, >, 0);
  for (guint i = 0; i < read->len; i++)
    g_assert_cmpstr (g_ptr_array_index (read, i), ==, g_ptr_array_index (stored, i));
}

/* A PDF file qpdf finds sound, on A4 landscape pages. */
static void
assert_landscape_pdf (const char *pdf)
{
  g_autofree char *bytes = read_text (pdf);
  g_autofree char *qpdf = g_find_program_in_path ("qpdf");
  g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");

  g_assert_true (g_str_has_prefix (bytes, "%PDF-"));
  if (qpdf != NULL)
    {
      g_autofree char *check = NULL;
      const char *argv[] = { qpdf, "--check", pdf, NULL };
      int status;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                                   NULL, &check, NULL, &status, NULL));
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_assert_nonnull (strstr (check, "No syntax or stream encoding errors found"));
    }
  if (pdfinfo != NULL)
    {
      g_autofree char *info = NULL;
      const char *argv[] = { pdfinfo, pdf, NULL };

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                                   NULL, &info, NULL, NULL, NULL));
      g_assert_nonnull (strstr (info, "841.89 x 595.28"));
    }
}

/* report jaap and report cip, as PDF and CSV, from the demo's plan of last year. */
static void
test_report_jaap (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *db = path_in (fixture, "demo.sqlite");
  g_autofree char *out = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int year = g_date_time_get_year (now) - 1;
  g_autofree char *year_text = g_strdup_printf ("%d", year);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) ka = NULL;
  g_autofree char *wrote_plan = NULL;
  g_autofree char *wrote_cip = NULL;
  g_autofree char *said_plan = NULL;
  g_autofree char *said_cip = NULL;

  make_demo (fixture, "demo.sqlite", "13");
  all = stored_actions (db, year, FALSE);
  ka = stored_actions (db, year, TRUE);
  g_assert_cmpuint (ka->len, >, 0);
  g_assert_cmpuint (all->len, >, ka->len);

  for (guint cip = 0; cip < 2; cip++)
    {
      g_autofree char *csv = path_in (fixture, cip ? "cip.csv" : "jaap.csv");
      g_autofree char *pdf = path_in (fixture, cip ? "cip.pdf" : "jaap.pdf");
      g_autofree char *both = path_in (fixture, cip ? "cip-both.pdf" : "jaap-both.pdf");
      const char *report = cip ? "cip" : "jaap";

      g_assert_cmpint (run (&out, NULL, "--db", db, "report", report, "--year", year_text,
                            "--format", "csv", "--output", csv, NULL), ==, 0);
      assert_jaap_csv (csv, db, year, cip);
      g_clear_pointer (&out, g_free);
      g_assert_cmpint (run (&out, NULL, "--db", db, "report", report, "--year", year_text,
                            "--format", "pdf", "--output", pdf, NULL), ==, 0);
      assert_landscape_pdf (pdf);
      g_clear_pointer (&out, g_free);
      g_assert_cmpint (run (&out, NULL, "--db", db, "report", report, "--year", year_text,
                            "--format", "pdf", "--lang", "both", "--output", both, NULL), ==, 0);
      assert_landscape_pdf (both);
      if (cip)
        wrote_cip = g_steal_pointer (&out);
      else
        wrote_plan = g_steal_pointer (&out);
    }
  /* Each says what it wrote. */
  g_assert_nonnull (strstr (wrote_plan, "Joint Accountability Action Plan"));
  g_assert_nonnull (strstr (wrote_cip, "Commune Investment Programme"));
}

/* Every mistake is said, exits with 2 (usage) or 1 (failure), and leaves no file: no plan
 * that year, a plan with nothing for the CIP, options missing or wrong, a folder that is not
 * there. */
static void
test_report_jaap_mistakes (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *db = path_in (fixture, "demo.sqlite");
  g_autofree char *nothing = path_in (fixture, "nothing.pdf");
  g_autofree char *unwritable = path_in (fixture, "no-such-folder/jaap.pdf");
  g_autofree char *plan = path_in (fixture, "plan.csv");
  g_autofree char *plan_text = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *year = g_strdup_printf ("%d", g_date_time_get_year (now) - 1);

  make_demo (fixture, "demo.sqlite", "13");

  g_assert_cmpint (run (NULL, &err, "--db", db, "report", "jaap", "--year", "1999", "--format",
                        "pdf", "--output", nothing, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "1999"));
  g_assert_nonnull (strstr (err, "Nothing was written"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &err, "--db", db, "report", "cip", "--year", "1999", "--format",
                        "csv", "--output", nothing, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "1999"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &err, "--db", db, "report", "jaap", "--year", year, "--output",
                        nothing, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--format"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &err, "--db", db, "report", "cip", "--format", "pdf", "--output",
                        nothing, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--year"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &err, "--db", db, "report", "jaap", "--year", year, "--format",
                        "pdf", "--lang", "fr", "--output", nothing, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--lang"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &err, "--db", db, "report", "jaap", "--year", year, "--format",
                        "pdf", "--unit", "HC-010201", "--output", nothing, NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &err, "--db", db, "report", "jaap", "--year", year, "--format",
                        "pdf", "--output", unwritable, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "could not write"));
  g_assert_false (g_file_test (unwritable, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);

  /* The plan without group ក: the JAAP is still written, the CIP list refused. */
  edit_uncaptured (db, "UPDATE jaap_action SET deleted = 1 WHERE action_group = 'ka';");
  g_assert_cmpint (run (NULL, &err, "--db", db, "report", "cip", "--year", year, "--format",
                        "pdf", "--output", nothing, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "group ក"));
  g_clear_pointer (&err, g_free);
  g_assert_false (g_file_test (nothing, G_FILE_TEST_EXISTS));
  g_assert_cmpint (run (NULL, NULL, "--db", db, "report", "jaap", "--year", year, "--format",
                        "csv", "--output", plan, NULL), ==, 0);
  plan_text = read_text (plan);
  g_assert_nonnull (strstr (plan_text, "\r\nkha,"));
  g_assert_null (strstr (plan_text, "\r\nka,"));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = g_dir_make_tmp ("isafctl-test-XXXXXX", NULL);
  g_assert_nonnull (fixture->dir);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* The follow-up reports: the committee's month, a half year, the year. Their figures are the
 * core's (tested there); here, that each is written whole in the format asked, agrees with
 * the database on what it counts, and that mistakes write nothing. */
static void
test_report_follow_up (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *db = path_in (fixture, "demo.sqlite");
  g_autofree char *monthly_csv = path_in (fixture, "monthly.csv");
  g_autofree char *monthly_pdf = path_in (fixture, "monthly.pdf");
  g_autofree char *half_csv = path_in (fixture, "half.csv");
  g_autofree char *annual_csv = path_in (fixture, "annual.csv");
  g_autofree char *annual_pdf = path_in (fixture, "annual.pdf");
  g_autofree char *nothing = path_in (fixture, "nothing.csv");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int last_year = g_date_time_get_year (now) - 1;
  g_autofree char *year = g_strdup_printf ("%d", last_year);
  g_autofree char *text = NULL;
  g_autofree char *err = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GPtrArray) records = NULL;
  gint64 n_actions;

  make_demo (fixture, "demo.sqlite", "17");

  /* September of the last cycle: one row per action of the plan its meeting follows. */
  g_assert_cmpint (run (NULL, NULL, "--db", db, "report", "monthly", "--year", year, "--month",
                        "9", "--format", "csv", "--output", monthly_csv, NULL), ==, 0);
  text = read_text (monthly_csv);
  records = parse_csv (text);
  g_assert_cmpstr (((char **) g_ptr_array_index (records, 0))[0], ==, "held_on");
  sql = g_strdup_printf ("SELECT count(*) FROM jaap_action a JOIN cycle c ON c.id = a.cycle_id "
                         "WHERE c.year = %d AND a.deleted = 0", last_year);
  n_actions = count_rows (db, sql);
  g_assert_cmpint (records->len, ==, n_actions + 1);
  expected = g_strdup_printf ("%d-09-", last_year);
  for (guint i = 1; i < records->len; i++)
    g_assert_true (g_str_has_prefix (((char **) g_ptr_array_index (records, i))[0], expected));
  g_assert_cmpint (run (NULL, NULL, "--db", db, "report", "monthly", "--year", year, "--month",
                        "9", "--format", "pdf", "--lang", "both", "--output", monthly_pdf, NULL),
                   ==, 0);
  g_clear_pointer (&text, g_free);
  text = read_text (monthly_pdf);
  g_assert_true (g_str_has_prefix (text, "%PDF-"));

  /* The first half of the year and the year: the committee's meetings held in each. */
  g_assert_cmpint (run (NULL, NULL, "--db", db, "report", "semiannual", "--year", year,
                        "--month", "3", "--format", "csv", "--output", half_csv, NULL), ==, 0);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&sql, g_free);
  g_clear_pointer (&expected, g_free);
  text = read_text (half_csv);
  sql = g_strdup_printf ("SELECT count(*) FROM jaapc_meeting m JOIN cycle c ON c.id = m.cycle_id "
                         "WHERE m.deleted = 0 AND c.deleted = 0 "
                         "AND m.held_on BETWEEN '%d-01-01' AND '%d-06-30'", last_year, last_year);
  expected = g_strdup_printf ("\r\nmeetings,jaapc,%" G_GINT64_FORMAT "\r\n", count_rows (db, sql));
  g_assert_nonnull (strstr (text, "\r\nperiod,half,1\r\n"));
  g_assert_nonnull (strstr (text, expected));

  g_assert_cmpint (run (NULL, NULL, "--db", db, "report", "annual", "--year", year, "--format",
                        "csv", "--output", annual_csv, NULL), ==, 0);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&sql, g_free);
  g_clear_pointer (&expected, g_free);
  text = read_text (annual_csv);
  sql = g_strdup_printf ("SELECT count(*) FROM jaapc_meeting m JOIN cycle c ON c.id = m.cycle_id "
                         "WHERE m.deleted = 0 AND c.deleted = 0 "
                         "AND m.held_on BETWEEN '%d-01-01' AND '%d-12-31'", last_year, last_year);
  expected = g_strdup_printf ("\r\nmeetings,jaapc,%" G_GINT64_FORMAT "\r\n", count_rows (db, sql));
  g_assert_nonnull (strstr (text, "\r\nperiod,kind,year\r\n"));
  g_assert_nonnull (strstr (text, expected));
  g_assert_cmpint (run (NULL, NULL, "--db", db, "report", "annual", "--year", year, "--format",
                        "pdf", "--output", annual_pdf, NULL), ==, 0);
  g_clear_pointer (&text, g_free);
  text = read_text (annual_pdf);
  g_assert_true (g_str_has_prefix (text, "%PDF-"));

  /* A month without a meeting, and missing or impossible months, write nothing. */
  g_assert_cmpint (run (NULL, &err, "--db", db, "report", "monthly", "--year", "2020", "--month",
                        "3", "--format", "csv", "--output", nothing, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "2020-03"));
  g_assert_nonnull (strstr (err, "Nothing was written"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &err, "--db", db, "report", "monthly", "--year", year, "--format",
                        "csv", "--output", nothing, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--month"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &err, "--db", db, "report", "semiannual", "--year", year,
                        "--month", "13", "--format", "csv", "--output", nothing, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--month"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &err, "--db", db, "report", "annual", "--year", "1999", "--format",
                        "pdf", "--output", nothing, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "1999"));
  g_assert_false (g_file_test (nothing, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  isafctl = g_getenv ("ISAFCTL");
  g_assert_nonnull (isafctl);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/isafctl/demo/same-seed-same-dump", test_demo_same_seed_same_dump);
  ADD ("/isafctl/demo/content", test_demo_content);
  ADD ("/isafctl/demo/refuses-existing-file", test_demo_refuses_existing_file);
  ADD ("/isafctl/demo/unknown-commune", test_demo_unknown_commune);
  ADD ("/isafctl/check/bad-files", test_check_rejects_bad_files);
  ADD ("/isafctl/backup-restore", test_backup_and_restore);
  ADD ("/isafctl/export-unsynced", test_export_unsynced);
  ADD ("/isafctl/report/scorecard-csv", test_report_scorecard_csv);
  ADD ("/isafctl/report/interface-csv", test_report_interface_csv);
  ADD ("/isafctl/report/pdf-and-mistakes", test_report_pdf_and_mistakes);
  ADD ("/isafctl/report/jaap", test_report_jaap);
  ADD ("/isafctl/report/jaap-mistakes", test_report_jaap_mistakes);
  ADD ("/isafctl/report/follow-up", test_report_follow_up);
#undef ADD

  return g_test_run ();
}
