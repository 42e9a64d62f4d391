/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-bench"

#include "config.h"

#include <json-glib/json-glib.h>
#include <locale.h>

#include "bench-server-data.h"
#include "isaf-sync-state.h"

/* What the server spends reading a push before PostgreSQL sees it: one demo year as the
 * batches a laptop sends (BENCH_BATCH_FIELDS field changes each), decoded with the wire's
 * strict decoder, against json-glib building its tree of the same bytes and nothing else, in
 * the same run. The burst (bench-server-burst.c) runs this decoder thousands of times a minute
 * on the same cores as PostgreSQL. Target: no slower than json-glib's bare tree. */

#define ROUNDS 15
#define TARGET_RATIO 1.0

static double
time_strict_decode (GPtrArray *bodies)
{
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < bodies->len; i++)
    {
      g_autoptr(GError) error = NULL;
      gsize length;
      const char *data = g_bytes_get_data (bodies->pdata[i], &length);
      g_autoptr(IsafWirePush) push = isaf_wire_push_decode (data, length, &error);

      if (push == NULL)
        g_error ("batch %u: %s", i, error->message);
    }
  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
time_json_glib_tree (GPtrArray *bodies)
{
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < bodies->len; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      g_autoptr(GError) error = NULL;
      gsize length;
      const char *data = g_bytes_get_data (bodies->pdata[i], &length);

      if (!json_parser_load_from_data (parser, data, length, &error))
        g_error ("batch %u: %s", i, error->message);
    }
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (void)
{
  static const IsafUuid device_id = { { 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0x4d, 0xef,
                                        0x81, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef } };
  g_autoptr(GPtrArray) rows = bench_demo_rows (1);
  g_autoptr(GPtrArray) pushes = NULL;
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  double strict[ROUNDS], tree[ROUNDS];
  double strict_ms, tree_ms;
  guint n_rows = rows->len;
  guint n_fields = bench_count_fields (rows);
  gsize n_bytes = 0;

  setlocale (LC_ALL, "");
  /* The batches take the rows over. */
  pushes = isaf_sync_state_batches (rows, &device_id, 1, BENCH_BATCH_FIELDS);

  for (guint i = 0; i < pushes->len; i++)
    {
      GBytes *body = isaf_wire_push_encode (pushes->pdata[i]);

      n_bytes += g_bytes_get_size (body);
      g_ptr_array_add (bodies, body);
    }

  /* Alternated, so that both see the same state of the machine. */
  for (guint round = 0; round < ROUNDS; round++)
    {
      strict[round] = time_strict_decode (bodies);
      tree[round] = time_json_glib_tree (bodies);
    }
  strict_ms = bench_median (strict, ROUNDS);
  tree_ms = bench_median (tree, ROUNDS);

  g_print ("one demo year: %u batches, %u rows, %u field changes, %.1f MiB of JSON\n",
           bodies->len, n_rows, n_fields, n_bytes / 1048576.0);
  g_print ("strict push decoder: %.1f ms (%.0f field changes/s, %.0f MiB/s)\n", strict_ms,
           n_fields / (strict_ms / 1000), n_bytes / 1048576.0 / (strict_ms / 1000));
  g_print ("json-glib tree only: %.1f ms (%.0f field changes/s, %.0f MiB/s)\n", tree_ms,
           n_fields / (tree_ms / 1000), n_bytes / 1048576.0 / (tree_ms / 1000));
  g_print ("ratio: %.2f× json-glib's bare tree (target ≤ %.1f×): %s\n", strict_ms / tree_ms,
           TARGET_RATIO, strict_ms / tree_ms <= TARGET_RATIO ? "met" : "NOT MET");

  return 0;
}
