/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isaf-context.h"

G_BEGIN_DECLS

/* What win.backup and win.restore do: each asks the user (a file chooser; for a restore, a
 * confirmation), then runs the work below and reports through @context or a dialog. */
void     isaf_backup_actions_back_up_now          (GtkWindow            *parent,
                                                   IsafContext          *context);
void     isaf_backup_actions_restore              (GtkWindow            *parent,
                                                   IsafContext          *context);

/* The work alone, without any dialog. */
void     isaf_backup_actions_back_up_file_async   (IsafContext          *context,
                                                   GFile                *destination,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean isaf_backup_actions_back_up_file_finish  (IsafContext          *context,
                                                   GAsyncResult         *result,
                                                   GError              **error);

void     isaf_backup_actions_restore_file_async   (IsafContext          *context,
                                                   GFile                *source,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean isaf_backup_actions_restore_file_finish  (IsafContext          *context,
                                                   GAsyncResult         *result,
                                                   char                **kept_copy,
                                                   GPtrArray           **problems,
                                                   GError              **error);

G_END_DECLS
