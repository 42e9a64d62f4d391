/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A hybrid logical clock: 48 bits of milliseconds since the Unix epoch and a 16-bit counter
 * in one 64-bit integer, so that clocks compare as plain integers. */
typedef struct _IsafHlc IsafHlc;

typedef gint64 (*IsafWallClockFunc) (gpointer user_data);

#define ISAF_HLC_MS(hlc)      ((gint64) ((guint64) (hlc) >> 16))
#define ISAF_HLC_COUNTER(hlc) ((guint) ((hlc) & 0xffff))
#define ISAF_HLC_MAKE(ms, counter) ((gint64) (((guint64) (ms) << 16) | ((counter) & 0xffff)))

IsafHlc *isaf_hlc_new              (IsafWallClockFunc  wall_clock,
                                    gpointer           user_data);
void     isaf_hlc_free             (IsafHlc           *self);
void     isaf_hlc_set_offset       (IsafHlc           *self,
                                    gint64             offset_ms);
gint64   isaf_hlc_now              (IsafHlc           *self);
gint64   isaf_hlc_receive          (IsafHlc           *self,
                                    gint64             remote);
gint64   isaf_hlc_last             (IsafHlc           *self);
void     isaf_hlc_observe          (IsafHlc           *self,
                                    gint64             seen);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafHlc, isaf_hlc_free)

G_END_DECLS
