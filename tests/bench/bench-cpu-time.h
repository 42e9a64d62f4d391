/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Processor time spent so far, from /proc and getrusage, split by who spent it. A benchmark
 * that runs a laptop and the server in one process, with PostgreSQL as its child processes,
 * takes two samples and subtracts them; on a machine shared with other work the wall time
 * grows with the load, the processor time much less. Resolution: one clock tick (10 ms).
 * Threads that ended between the samples are counted only in @process; processes that ended
 * are counted once their parent has waited for them. */

typedef struct {
  /* The main thread: where the benchmark runs the sync client (HTTP, JSON) */
  double main_thread;
  /* The "isaf-database" threads: the laptops' SQLite work */
  double database_threads;
  /* This whole process, every thread, ended ones included */
  double process;
  /* The processes started by this one and their own children: the PostgreSQL cluster */
  double children;
} BenchCpuTime;

void bench_cpu_time_sample   (BenchCpuTime       *sample);
/* @after minus @before, field by field, into @elapsed */
void bench_cpu_time_subtract (const BenchCpuTime *after,
                              const BenchCpuTime *before,
                              BenchCpuTime       *elapsed);

G_END_DECLS
