/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "isaf-dump.h"
#include "isaf-schema.h"
#include "isaf-test-helpers.h"

static char *
dump_to_string (IsafDatabase *database)
{
  g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (isaf_dump_write (database, output, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (output, "", 1, NULL, NULL, NULL));
  g_output_stream_close (output, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (output));
}

static void
test_structure (IsafTestFixture *fixture,
                gconstpointer    data)
{
  g_autoptr(IsafRecord) caf = isaf_record_new ("caf");
  g_autoptr(IsafRecord) line = isaf_record_new ("awpb_line");
  g_autoptr(IsafRecord) cycle = isaf_record_new ("cycle");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonObject *root, *tables;
  JsonArray *cafs;
  JsonObject *row;
  g_autoptr(GList) members = NULL;
  const char *previous = "";

  isaf_record_set_text (caf, "name_km", "សុខ \"ស្រីពៅ\"\\");
  isaf_record_set_text (caf, "sex", "f");
  isaf_record_set_integer (cycle, "year", 2026);
  isaf_record_set_text (cycle, "notes", "ជួរទី១\nជួរទី២");
  isaf_record_set_reference (line, "cycle_id", isaf_record_get_id (cycle));
  isaf_record_set_text (line, "category", "other");
  isaf_record_set_text (line, "description", "ក្រដាស");
  isaf_record_set_integer (line, "amount_riel", 250000);
  isaf_record_set_text (line, "fund_source", "commune_fund");
  isaf_test_save (fixture->store, caf, cycle, line, NULL);
  g_assert_true (isaf_store_delete (fixture->store, "caf", isaf_record_get_id (caf), NULL, &error));

  text = dump_to_string (fixture->database);
  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);

  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "commune_id"), ==, "010201");
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "isaf-commune-dump");
  tables = json_object_get_object_member (root, "tables");

  /* Every synced table is there, in sorted order; nothing else is. */
  g_assert_cmpuint (json_object_get_size (tables), ==, isaf_schema_n_tables ());
  members = json_object_get_members (tables);
  for (GList *l = members; l; l = l->next)
    {
      g_assert_nonnull (isaf_schema_find_table (l->data));
      g_assert_cmpint (strcmp (previous, l->data), <, 0);
      previous = l->data;
    }

  /* Tombstones are part of the content; every column is written, null included. */
  cafs = json_object_get_array_member (tables, "caf");
  g_assert_cmpuint (json_array_get_length (cafs), ==, 1);
  row = json_array_get_object_element (cafs, 0);
  g_assert_cmpint (json_object_get_int_member (row, "deleted"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (row, "name_km"), ==, "សុខ \"ស្រីពៅ\"\\");
  g_assert_true (json_object_get_null_member (row, "phone"));
  g_assert_cmpuint (json_object_get_size (row), ==, 3 + isaf_schema_find_table ("caf")->n_columns);

  /* Line breaks escaped, references as UUID strings, integers as numbers. */
  g_assert_nonnull (strstr (text, "\"notes\":\"ជួរទី១\\nជួរទី២\""));
  row = json_array_get_object_element (json_object_get_array_member (tables, "awpb_line"), 0);
  g_assert_cmpint (json_object_get_int_member (row, "amount_riel"), ==, 250000);
  g_assert_cmpuint (strlen (json_object_get_string_member (row, "cycle_id")), ==, 36);
}

static void
test_same_content_same_bytes (IsafTestFixture *fixture,
                              gconstpointer    data)
{
  g_autofree char *first = NULL, *second = NULL;
  IsafUuid id;
  g_autoptr(IsafRecord) a = NULL;
  g_autoptr(IsafRecord) b = NULL;

  /* The same rows saved in a different order give the same dump. */
  isaf_uuid_v5_for_table (&id, "cycle", "2024");
  a = isaf_record_new_with_id ("cycle", &id);
  isaf_record_set_integer (a, "year", 2024);
  isaf_uuid_v5_for_table (&id, "cycle", "2025");
  b = isaf_record_new_with_id ("cycle", &id);
  isaf_record_set_integer (b, "year", 2025);
  isaf_test_save (fixture->store, a, b, NULL);
  first = dump_to_string (fixture->database);

  isaf_test_fixture_close (fixture);
  isaf_test_remove_tree (fixture->dir);
  g_assert_cmpint (g_mkdir (fixture->dir, 0700), ==, 0);
  isaf_test_fixture_create_store (fixture);

  g_clear_object (&a);
  g_clear_object (&b);
  isaf_uuid_v5_for_table (&id, "cycle", "2025");
  b = isaf_record_new_with_id ("cycle", &id);
  isaf_record_set_integer (b, "year", 2025);
  isaf_uuid_v5_for_table (&id, "cycle", "2024");
  a = isaf_record_new_with_id ("cycle", &id);
  isaf_record_set_integer (a, "year", 2024);
  isaf_test_save (fixture->store, b, NULL);
  isaf_test_save (fixture->store, a, NULL);
  second = dump_to_string (fixture->database);

  g_assert_cmpstr (first, ==, second);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/dump/structure", IsafTestFixture, NULL, isaf_test_fixture_setup_store,
              test_structure, isaf_test_fixture_teardown);
  g_test_add ("/dump/same-content-same-bytes", IsafTestFixture, NULL,
              isaf_test_fixture_setup_store, test_same_content_same_bytes,
              isaf_test_fixture_teardown);

  return g_test_run ();
}
