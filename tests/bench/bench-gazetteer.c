/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-gazetteer"

#include "config.h"

#include <gio/gio.h>
#include <stdlib.h>
#include <string.h>

#include "isaf-gazetteer.h"

#define RUNS 20
#define TARGET_MS 20.0

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *samples,
        guint   n)
{
  qsort (samples, n, sizeof *samples, compare_doubles);
  return n % 2 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2;
}

static double
time_load (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafGazetteer) gazetteer = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 end;

  gazetteer = isaf_gazetteer_load (&error);
  end = g_get_monotonic_time ();
  if (gazetteer == NULL)
    g_error ("%s", error->message);

  return (end - start) / 1000.0;
}

/* The floor for any loader: fetch the same bytes and touch each of them once. */
static double
time_read (guint *lines)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 end;
  const char *p;
  const char *stop;
  gsize len;

  bytes = g_resources_lookup_data (ISAF_GAZETTEER_RESOURCE_PATH, G_RESOURCE_LOOKUP_FLAGS_NONE,
                                   &error);
  if (bytes == NULL)
    g_error ("%s", error->message);

  p = g_bytes_get_data (bytes, &len);
  stop = p + len;
  *lines = 0;
  while ((p = memchr (p, '\n', stop - p)) != NULL)
    {
      (*lines)++;
      p++;
    }
  end = g_get_monotonic_time ();

  return (end - start) / 1000.0;
}

/* Not part of the target: search folds the names of a level on first use, not at load. */
static void
time_village_search (double ms[2])
{
  g_autoptr(IsafGazetteer) gazetteer = isaf_gazetteer_load (NULL);

  for (guint i = 0; i < 2; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GPtrArray) found = isaf_gazetteer_search (gazetteer, ISAF_GAZETTEER_VILLAGE,
                                                          NULL, "phum");

      ms[i] = (g_get_monotonic_time () - start) / 1000.0;
    }
}

int
main (int   argc,
      char *argv[])
{
  double load[RUNS];
  double read[RUNS];
  double first_ms;
  double load_ms;
  double read_ms;
  double search_ms[2];
  guint lines = 0;

  /* The first round pays for page faults on the resource section and on fresh heap; it is
   * what an application sees at start-up, so it is shown, but kept out of the medians. */
  first_ms = time_load ();
  time_read (&lines);

  for (guint i = 0; i < RUNS; i++)
    {
      load[i] = time_load ();
      read[i] = time_read (&lines);
    }

  load_ms = median (load, RUNS);
  read_ms = median (read, RUNS);

  g_print ("gazetteer load: %.2f ms (median of %u), target < %.0f ms\n", load_ms, RUNS,
           TARGET_MS);
  g_print ("reading the bytes (%u lines): %.3f ms (median of %u)\n", lines, read_ms, RUNS);
  g_print ("ratio against reading the bytes: %.1fx\n", load_ms / MAX (read_ms, 0.001));
  g_print ("first load in this process: %.2f ms\n", first_ms);

  time_village_search (search_ms);
  g_print ("village search by Latin prefix: %.2f ms the first time (folds the names), "
           "%.2f ms after\n", search_ms[0], search_ms[1]);

  return load_ms > TARGET_MS ? EXIT_FAILURE : EXIT_SUCCESS;
}
