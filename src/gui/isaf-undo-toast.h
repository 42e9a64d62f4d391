/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isaf-context.h"
#include "isaf-store.h"

G_BEGIN_DECLS

/* Tells the pages what a deletion, or its undoing, changed: @table is the one given to
 * isaf_undo_toast_new(). */
typedef void (*IsafAnnounceFunc) (IsafContext *context,
                                  const char  *table);

/* The toast that follows a deletion: @title (plain text) and an Undo button that brings back
 * what @deletion removed, then calls @announce. The toast keeps what Undo needs, so it works
 * after the page that deleted is gone. Takes @deletion. */
AdwToast *isaf_undo_toast_new (IsafContext      *context,
                               const char       *title,
                               IsafDeletion     *deletion,
                               IsafAnnounceFunc  announce,
                               const char       *table);

G_END_DECLS
