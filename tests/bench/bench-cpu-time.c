/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-bench"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bench-cpu-time.h"

typedef struct {
  char *comm;
  int ppid;
  double seconds;
  /* Of its children that ended and were waited for */
  double ended_children_seconds;
} Stat;

/* /proc/…/stat: "pid (comm) state ppid … utime stime cutime cstime …", where comm may hold
 * spaces and parentheses, so the fields after it are found from the last ')'. */
static gboolean
read_stat (const char *path,
           Stat       *stat)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) fields = NULL;
  char *open, *close;

  if (!g_file_get_contents (path, &contents, NULL, NULL)
      || (open = strchr (contents, '(')) == NULL || (close = strrchr (contents, ')')) == NULL
      || close[1] == '\0')
    return FALSE;
  fields = g_strsplit (close + 2, " ", -1);
  if (g_strv_length (fields) < 15)
    return FALSE;
  stat->comm = g_strndup (open + 1, close - open - 1);
  stat->ppid = atoi (fields[1]);
  stat->seconds = (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL))
                  / sysconf (_SC_CLK_TCK);
  stat->ended_children_seconds = (g_ascii_strtod (fields[13], NULL)
                                  + g_ascii_strtod (fields[14], NULL)) / sysconf (_SC_CLK_TCK);
  return TRUE;
}

static void
sample_threads (BenchCpuTime *sample)
{
  g_autoptr(GDir) tasks = g_dir_open ("/proc/self/task", 0, NULL);
  g_autofree char *self = g_strdup_printf ("%d", getpid ());
  const char *tid;

  while (tasks != NULL && (tid = g_dir_read_name (tasks)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc/self/task", tid, "stat", NULL);
      Stat stat = { 0 };

      if (!read_stat (path, &stat))
        continue;
      if (g_str_equal (tid, self))
        sample->main_thread += stat.seconds;
      else if (g_str_equal (stat.comm, "isaf-database"))
        sample->database_threads += stat.seconds;
      g_free (stat.comm);
    }
}

static gboolean
descends_from (GHashTable *parents,
               int         pid,
               int         ancestor)
{
  for (guint depth = 0; pid > 1 && depth < 64; depth++)
    {
      pid = GPOINTER_TO_INT (g_hash_table_lookup (parents, GINT_TO_POINTER (pid)));
      if (pid == ancestor)
        return TRUE;
    }
  return FALSE;
}

/* Every process below this one, with what its own ended children spent: PostgreSQL's
 * postmaster waits for each backend that ends, so a backend closed between two samples still
 * counts, in its parent's total. */
static void
sample_children (BenchCpuTime *sample)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  g_autoptr(GHashTable) parents = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) seconds = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  GHashTableIter iter;
  gpointer pid, spent;
  const char *name;

  while (proc != NULL && (name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc", name, "stat", NULL);
      Stat stat = { 0 };

      if (!g_ascii_isdigit (name[0]) || !read_stat (path, &stat))
        continue;
      stat.seconds += stat.ended_children_seconds;
      g_hash_table_insert (parents, GINT_TO_POINTER (atoi (name)), GINT_TO_POINTER (stat.ppid));
      g_hash_table_insert (seconds, GINT_TO_POINTER (atoi (name)),
                           g_memdup2 (&stat.seconds, sizeof stat.seconds));
      g_free (stat.comm);
    }

  g_hash_table_iter_init (&iter, seconds);
  while (g_hash_table_iter_next (&iter, &pid, &spent))
    if (descends_from (parents, GPOINTER_TO_INT (pid), getpid ()))
      sample->children += *(double *) spent;
}

void
bench_cpu_time_sample (BenchCpuTime *sample)
{
  struct rusage usage;

  memset (sample, 0, sizeof *sample);
  getrusage (RUSAGE_SELF, &usage);
  sample->process = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6
                    + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
  sample_threads (sample);
  sample_children (sample);
}

void
bench_cpu_time_subtract (const BenchCpuTime *after,
                         const BenchCpuTime *before,
                         BenchCpuTime       *elapsed)
{
  elapsed->main_thread = after->main_thread - before->main_thread;
  elapsed->database_threads = after->database_threads - before->database_threads;
  elapsed->process = after->process - before->process;
  elapsed->children = after->children - before->children;
}
