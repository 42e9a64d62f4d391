/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-hlc"

#include "config.h"

#include "isaf-hlc.h"

/* Not thread-safe by design: each clock belongs to the database worker thread. */
struct _IsafHlc
{
  IsafWallClockFunc wall_clock;
  gpointer user_data;
  gint64 offset_ms;
  gint64 last;
};

static gint64
system_wall_clock (gpointer user_data)
{
  return g_get_real_time () / 1000;
}

IsafHlc *
isaf_hlc_new (IsafWallClockFunc wall_clock,
              gpointer          user_data)
{
  IsafHlc *self = g_new0 (IsafHlc, 1);

  self->wall_clock = wall_clock ? wall_clock : system_wall_clock;
  self->user_data = user_data;
  return self;
}

void
isaf_hlc_free (IsafHlc *self)
{
  g_free (self);
}

/* The offset to the server's time, estimated at each sync, so that a laptop whose clock is
 * wrong still stamps plausible times while offline. */
void
isaf_hlc_set_offset (IsafHlc *self,
                     gint64   offset_ms)
{
  self->offset_ms = offset_ms;
}

static gint64
physical_ms (IsafHlc *self)
{
  gint64 ms = self->wall_clock (self->user_data) + self->offset_ms;

  /* Clocks are compared as signed 64-bit integers (in C and in SQLite): from 2^47 ms on,
   * the top bit would be set and the value negative, sorting before every other clock. */
  return CLAMP (ms, 0, (G_GINT64_CONSTANT (1) << 47) - 1);
}

/* Advances the clock past @candidate_ms and the last value; the counter breaks ties within a
 * millisecond and, when it would overflow, the clock borrows the next millisecond. */
static gint64
advance (IsafHlc *self,
         gint64   candidate_ms)
{
  gint64 last_ms = ISAF_HLC_MS (self->last);
  guint counter = ISAF_HLC_COUNTER (self->last);

  if (candidate_ms > last_ms)
    self->last = ISAF_HLC_MAKE (candidate_ms, 0);
  else if (counter < 0xffff)
    self->last = ISAF_HLC_MAKE (last_ms, counter + 1);
  else
    self->last = ISAF_HLC_MAKE (last_ms + 1, 0);

  return self->last;
}

/* A local event: a field written on this device. */
gint64
isaf_hlc_now (IsafHlc *self)
{
  return advance (self, physical_ms (self));
}

/* A remote clock seen in pulled data: the next local event sorts after it. */
gint64
isaf_hlc_receive (IsafHlc *self,
                  gint64   remote)
{
  isaf_hlc_observe (self, remote);
  return advance (self, physical_ms (self));
}

gint64
isaf_hlc_last (IsafHlc *self)
{
  return self->last;
}

/* Raises the clock to at least @seen without producing an event: used at start-up with the
 * persisted maximum, so that a clock that went backwards cannot produce smaller values. */
void
isaf_hlc_observe (IsafHlc *self,
                  gint64   seen)
{
  if (seen > self->last)
    self->last = seen;
}
