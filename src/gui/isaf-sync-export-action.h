/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isaf-context.h"

G_BEGIN_DECLS

/* What the Sync page's "Export Unsynced Changes…" does: asks where to save (a file chooser
 * offering a dated name), writes the changes the server has not received there (see
 * isaf-sync-export.h), then says how many in a toast, or why it could not. */
void     isaf_sync_export_action_run         (GtkWindow            *parent,
                                              IsafContext          *context);

/* The work alone, without the dialog, on a worker thread. */
void     isaf_sync_export_action_save_async  (IsafContext          *context,
                                              GFile                *destination,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean isaf_sync_export_action_save_finish (IsafContext          *context,
                                              GAsyncResult         *result,
                                              gint64               *n_changes,
                                              GError              **error);

G_END_DECLS
