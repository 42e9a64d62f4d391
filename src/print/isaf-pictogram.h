/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isaf-canvas.h"

G_BEGIN_DECLS

void     isaf_pictogram_draw  (IsafCanvas      *canvas,
                               const char      *name,
                               double           x,
                               double           y,
                               double           size,
                               const IsafColor *ink,
                               const IsafColor *background);
gboolean isaf_pictogram_known (const char      *name);

G_END_DECLS
