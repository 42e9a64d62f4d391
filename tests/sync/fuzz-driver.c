/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-wire"

#include "config.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-wire.h"

/* Runs the fuzz target without libFuzzer, so that the normal (gcc) test suite exercises it:
 * every file of the seed corpus, then a fixed number of inputs made from them by seeded,
 * hence reproducible, mutations (bit flips, insertions of bytes and JSON tokens, deletions,
 * truncations, splices, repeats). Inputs that some decoder accepted join the pool that later
 * mutations start from, so the run reaches past the first syntax check.
 *
 * fuzz-wire [--count N] [--seed S] CORPUS_DIR
 *
 * For coverage-guided fuzzing build tests/sync/fuzz-wire-libfuzzer with clang (see
 * tests/sync/meson.build). */

#define DEFAULT_COUNT 20000
#define DEFAULT_SEED 20261127
#define MAX_POOL 512
#define MAX_INPUT_BYTES 16384

/* Pieces that matter to the decoders: each limit's edge, each kind of JSON value, names
 * that are known to the schema. */
static const char * const tokens[] = {
  "null", "true", "false", "0", "-0", "1", "-1", "1.5", "-0.0", "1e308", "1e999", "0.1",
  "9223372036854775807", "9223372036854775808", "-9223372036854775808",
  "-9223372036854775809", "\"\"", "\"0\"", "\"-0\"", "\"01\"", "\"9223372036854775808\"",
  "\"\\u0000\"", "\"\\ud800\"", "\"\\ud83d\\ude00\"", "\"\\u00e9\"", "\"ស\"", "[]", "{}",
  "[[[[[[[[[[[[[[[[[", "\"deleted\"", "\"caf\"", "\"status\"", "\"v\"", "\"h\"", "\"b\"",
  "\"bn\"", "\"n\"", "\"f\"", "\"t\"", "\"0193a4c2-7c1e-7a00-8000-0000000c0001\"",
  "\"0193A4C2-7C1E-7A00-8000-0000000C0001\"", "\"2026-02-31T01:02:03Z\"", ",", ":", "{", "}",
  "[", "]", "\"", "\\", "/*", "'",
};

typedef struct {
  GRand *rand;
  GPtrArray *pool; /* GBytes */
} Driver;

static guint
pick (Driver *driver,
      guint   n)
{
  return n == 0 ? 0 : g_rand_int_range (driver->rand, 0, n);
}

static void
insert_bytes (GByteArray   *array,
              guint         at,
              const guint8 *bytes,
              guint         length)
{
  guint tail = array->len - at;

  g_byte_array_set_size (array, array->len + length);
  memmove (array->data + at + length, array->data + at, tail);
  memcpy (array->data + at, bytes, length);
}

static void
mutate_once (Driver     *driver,
             GByteArray *input)
{
  guint length = input->len;
  guint at = pick (driver, length + 1);

  switch (pick (driver, 8))
    {
    case 0:
      if (length > 0)
        input->data[pick (driver, length)] ^= 1 << pick (driver, 8);
      break;
    case 1:
      {
        guint8 byte = g_rand_int_range (driver->rand, 0, 256);

        insert_bytes (input, at, &byte, 1);
      }
      break;
    case 2:
    case 3:
      {
        const char *token = tokens[pick (driver, G_N_ELEMENTS (tokens))];

        insert_bytes (input, at, (const guint8 *) token, strlen (token));
      }
      break;
    case 4:
      if (at < length)
        g_byte_array_remove_range (input, at, 1 + pick (driver, MIN (length - at, 16)));
      break;
    case 5:
      g_byte_array_set_size (input, at);
      break;
    case 6:
      {
        GBytes *other = g_ptr_array_index (driver->pool, pick (driver, driver->pool->len));
        gsize other_length;
        const guint8 *other_data = g_bytes_get_data (other, &other_length);
        guint from = pick (driver, other_length + 1);

        g_byte_array_set_size (input, at);
        g_byte_array_append (input, other_data + from, other_length - from);
      }
      break;
    default:
      if (at < length)
        {
          guint span = 1 + pick (driver, MIN (length - at, 64));
          g_autofree guint8 *copy = g_memdup2 (input->data + at, span);

          insert_bytes (input, pick (driver, input->len + 1), copy, span);
        }
      break;
    }

  if (input->len > MAX_INPUT_BYTES)
    g_byte_array_set_size (input, MAX_INPUT_BYTES);
}

static void
run (GBytes *input)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (input, &length);

  LLVMFuzzerTestOneInput (data, length);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
load_corpus (const char  *directory,
             GPtrArray   *pool,
             GError     **error)
{
  g_autoptr(GDir) dir = g_dir_open (directory, 0, error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return FALSE;

  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  /* Directory order varies between file systems; the run must not. */
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (directory, g_ptr_array_index (names, i), NULL);
      char *contents;
      gsize length;

      if (!g_file_get_contents (path, &contents, &length, error))
        return FALSE;
      g_ptr_array_add (pool, g_bytes_new_take (contents, length));
    }

  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("CORPUS_DIR");
  gint count = DEFAULT_COUNT;
  gint seed = DEFAULT_SEED;
  GOptionEntry entries[] = {
    { "count", 0, 0, G_OPTION_ARG_INT, &count, "Mutated inputs to run", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Seed of the mutations", "S" },
    { NULL }
  };
  Driver driver;
  guint seeds;
  gint64 start;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2)
    {
      g_printerr ("usage: fuzz-wire [--count N] [--seed S] CORPUS_DIR\n");
      return EXIT_FAILURE;
    }

  driver.rand = g_rand_new_with_seed (seed);
  driver.pool = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  if (!load_corpus (argv[1], driver.pool, &error) || driver.pool->len == 0)
    {
      g_printerr ("fuzz-wire: no seed corpus in %s: %s\n", argv[1],
                  error ? error->message : "empty");
      return EXIT_FAILURE;
    }
  seeds = driver.pool->len;

  start = g_get_monotonic_time ();
  for (guint i = 0; i < seeds; i++)
    run (g_ptr_array_index (driver.pool, i));

  for (gint i = 0; i < count; i++)
    {
      GBytes *base = g_ptr_array_index (driver.pool, pick (&driver, driver.pool->len));
      g_autoptr(GByteArray) input = g_byte_array_new ();
      g_autoptr(GBytes) bytes = NULL;
      guint before = fuzz_wire_accepted;
      guint mutations = 1 + pick (&driver, 4);
      gsize length;
      const guint8 *data = g_bytes_get_data (base, &length);

      g_byte_array_append (input, data, length);
      for (guint m = 0; m < mutations; m++)
        mutate_once (&driver, input);

      bytes = g_byte_array_free_to_bytes (g_steal_pointer (&input));
      run (bytes);
      if (fuzz_wire_accepted > before && driver.pool->len < MAX_POOL)
        g_ptr_array_add (driver.pool, g_bytes_ref (bytes));
    }

  g_print ("fuzz-wire: %u seeds and %d mutated inputs in %.2f s; %u inputs accepted by a "
           "decoder, %u in the final pool\n",
           seeds, count, (g_get_monotonic_time () - start) / 1e6, fuzz_wire_accepted,
           driver.pool->len);

  g_ptr_array_unref (driver.pool);
  g_rand_free (driver.rand);
  return EXIT_SUCCESS;
}
