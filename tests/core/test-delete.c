/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "isaf-error.h"
#include "isaf-test-helpers.h"

/* A cycle with @n_lines budget lines; their ids in @lines. */
static void
make_cycle (IsafTestFixture *fixture,
            IsafUuid        *cycle_id,
            IsafUuid        *lines,
            guint            n_lines)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  IsafRecord *cycle = isaf_record_new ("cycle");

  isaf_record_set_integer (cycle, "year", 2026);
  *cycle_id = *isaf_record_get_id (cycle);
  g_ptr_array_add (records, cycle);

  for (guint i = 0; i < n_lines; i++)
    {
      IsafRecord *line = isaf_record_new ("awpb_line");

      isaf_record_set_reference (line, "cycle_id", cycle_id);
      isaf_record_set_text (line, "category", "other");
      isaf_record_set_text (line, "description", "ក្រដាស និងប៊ិច");
      isaf_record_set_integer (line, "amount_riel", 100000 * (i + 1));
      isaf_record_set_text (line, "fund_source", "commune_fund");
      lines[i] = *isaf_record_get_id (line);
      g_ptr_array_add (records, line);
    }

  g_assert_true (isaf_store_save (fixture->store, records, &error));
  g_assert_no_error (error);
}

static gint64
count_deleted (IsafTestFixture *fixture,
               const char      *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE deleted = 1", table);

  return isaf_test_run_query_int (fixture->database, sql);
}

static void
test_undo_restores_exactly_what_was_deleted (IsafTestFixture *fixture,
                                             gconstpointer    data)
{
  IsafUuid cycle, lines[3];
  g_autoptr(IsafDeletion) deletion = NULL;
  g_autoptr(GError) error = NULL;
  gint64 outbox_before;

  make_cycle (fixture, &cycle, lines, G_N_ELEMENTS (lines));

  /* One line deleted on its own first: undoing the cycle's deletion must not revive it. */
  g_assert_true (isaf_store_delete (fixture->store, "awpb_line", &lines[0], NULL, &error));
  g_assert_true (isaf_store_delete (fixture->store, "cycle", &cycle, &deletion, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (isaf_deletion_get_n_rows (deletion), ==, 1 + 2);
  g_assert_cmpint (count_deleted (fixture, "cycle"), ==, 1);
  g_assert_cmpint (count_deleted (fixture, "awpb_line"), ==, 3);

  outbox_before = isaf_test_run_query_int (fixture->database, "SELECT count(*) FROM sync_outbox");
  g_assert_true (isaf_store_undo_delete (fixture->store, deletion, &error));
  g_assert_no_error (error);

  g_assert_cmpint (count_deleted (fixture, "cycle"), ==, 0);
  g_assert_cmpint (count_deleted (fixture, "awpb_line"), ==, 1);
  g_assert_cmpint (isaf_test_run_query_int (fixture->database,
                                            "SELECT deleted FROM awpb_line ORDER BY id LIMIT 1"),
                   ==, 1);
  /* Undoing is an edit like any other: it syncs. */
  g_assert_cmpint (isaf_test_run_query_int (fixture->database, "SELECT count(*) FROM sync_outbox"),
                   ==, outbox_before + 3);
  g_assert_cmpint (isaf_test_run_query_int (fixture->database,
                                            "SELECT count(*) FROM sync_outbox WHERE field = 'deleted' "
                                            "AND value = 0 AND base_hlc IS NULL AND seq > (SELECT max (seq) - 3 FROM sync_outbox)"),
                   ==, 3);
}

static void
test_delete_missing_row (IsafTestFixture *fixture,
                         gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  IsafUuid nobody;

  isaf_uuid_v7 (&nobody);
  g_assert_false (isaf_store_delete (fixture->store, "caf", &nobody, NULL, &error));
  g_assert_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_NOT_FOUND_ROW);
}

typedef struct {
  GMainLoop *loop;
  IsafDeletion *deletion;
  gboolean undone;
} AsyncState;

static void
on_undone_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  AsyncState *state = user_data;
  g_autoptr(GError) error = NULL;

  state->undone = isaf_store_undo_delete_finish (ISAF_STORE (source), result, &error);
  g_assert_no_error (error);
  g_main_loop_quit (state->loop);
}

static void
on_deleted_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncState *state = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (isaf_store_delete_finish (ISAF_STORE (source), result, &state->deletion, &error));
  g_assert_no_error (error);
  isaf_store_undo_delete_async (ISAF_STORE (source), state->deletion, NULL, on_undone_cb, state);
}

static void
test_async_delete_and_undo (IsafTestFixture *fixture,
                            gconstpointer    data)
{
  AsyncState state = { g_main_loop_new (NULL, FALSE) };
  IsafUuid cycle, lines[2];

  make_cycle (fixture, &cycle, lines, G_N_ELEMENTS (lines));
  isaf_store_delete_async (fixture->store, "cycle", &cycle, NULL, on_deleted_cb, &state);
  g_main_loop_run (state.loop);

  g_assert_true (state.undone);
  g_assert_cmpuint (isaf_deletion_get_n_rows (state.deletion), ==, 3);
  g_assert_cmpint (count_deleted (fixture, "cycle") + count_deleted (fixture, "awpb_line"), ==, 0);

  isaf_deletion_free (state.deletion);
  g_main_loop_unref (state.loop);
}

/* What a service unit recorded hangs off it: deleting the unit deletes its I4C set and its
 * scorecard with their rows, and undoing brings all of it back. */
static void
test_service_unit_cascade (IsafTestFixture *fixture,
                           gconstpointer    data)
{
  g_autoptr(IsafRecord) unit = isaf_record_new ("service_unit");
  g_autoptr(IsafRecord) cycle = isaf_record_new ("cycle");
  g_autoptr(IsafRecord) set = isaf_record_new ("i4c_set");
  g_autoptr(IsafRecord) value = isaf_record_new ("i4c_value");
  g_autoptr(IsafRecord) scorecard = isaf_record_new ("scorecard");
  g_autoptr(IsafRecord) indicator = isaf_record_new ("scorecard_indicator");
  g_autoptr(IsafRecord) participant = isaf_record_new ("scorecard_participant");
  g_autoptr(IsafRecord) vote = isaf_record_new ("scorecard_vote");
  g_autoptr(IsafDeletion) deletion = NULL;
  g_autoptr(GError) error = NULL;
  const char *tables[] = { "service_unit", "i4c_set", "i4c_value", "scorecard",
                           "scorecard_indicator", "scorecard_participant", "scorecard_vote" };

  isaf_record_set_text (unit, "kind", "health_centre");
  isaf_record_set_text (unit, "code", "HC-1");
  isaf_record_set_text (unit, "name_km", "មណ្ឌលសុខភាពបន្ទាយនាង");
  isaf_record_set_integer (cycle, "year", 2026);
  isaf_record_set_reference (set, "cycle_id", isaf_record_get_id (cycle));
  isaf_record_set_reference (set, "service_unit_id", isaf_record_get_id (unit));
  isaf_record_set_reference (value, "i4c_set_id", isaf_record_get_id (set));
  isaf_record_set_text (value, "indicator_code", "hc_anc4");
  isaf_record_set_real (value, "value", 72);
  isaf_record_set_reference (scorecard, "cycle_id", isaf_record_get_id (cycle));
  isaf_record_set_text (scorecard, "kind", "csc");
  isaf_record_set_reference (scorecard, "service_unit_id", isaf_record_get_id (unit));
  isaf_record_set_text (scorecard, "held_on", "2026-04-10");
  isaf_record_set_text (scorecard, "status", "draft");
  isaf_record_set_reference (indicator, "scorecard_id", isaf_record_get_id (scorecard));
  isaf_record_set_integer (indicator, "position", 1);
  isaf_record_set_text (indicator, "name_km", "ទឹកស្អាតប្រើប្រាស់");
  isaf_record_set_reference (participant, "scorecard_id", isaf_record_get_id (scorecard));
  isaf_record_set_integer (participant, "position", 1);
  isaf_record_set_reference (vote, "scorecard_indicator_id", isaf_record_get_id (indicator));
  isaf_record_set_reference (vote, "participant_id", isaf_record_get_id (participant));
  isaf_record_set_integer (vote, "score", 4);
  isaf_test_save (fixture->store, unit, cycle, set, value, scorecard, indicator, participant,
                  vote, NULL);

  g_assert_true (isaf_store_delete (fixture->store, "service_unit", isaf_record_get_id (unit),
                                    &deletion, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (isaf_deletion_get_n_rows (deletion), ==, G_N_ELEMENTS (tables));
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    g_assert_cmpint (count_deleted (fixture, tables[i]), ==, 1);
  /* The cycle does not belong to the unit. */
  g_assert_cmpint (count_deleted (fixture, "cycle"), ==, 0);

  g_assert_true (isaf_store_undo_delete (fixture->store, deletion, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    g_assert_cmpint (count_deleted (fixture, tables[i]), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, IsafTestFixture, NULL, isaf_test_fixture_setup_store, func, \
              isaf_test_fixture_teardown)
  ADD ("/delete/undo-restores-exactly-what-was-deleted", test_undo_restores_exactly_what_was_deleted);
  ADD ("/delete/missing-row", test_delete_missing_row);
  ADD ("/delete/service-unit-cascade", test_service_unit_cascade);
  ADD ("/delete/async-delete-and-undo", test_async_delete_and_undo);
#undef ADD

  return g_test_run ();
}
