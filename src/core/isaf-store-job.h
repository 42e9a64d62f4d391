/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "isaf-database.h"
#include "isaf-store.h"

G_BEGIN_DECLS

/* The asynchronous half of a module's store job, written once: @func runs on the database
 * thread with @data (in one transaction when @mode writes), then @callback runs on the
 * caller's main context. The task owns @data (freed with @data_free) until it is finalised,
 * so _finish can take the job's results out of it. Private to the core. */
void      isaf_store_job_run_async (IsafStore          *store,
                                    IsafDatabaseMode    mode,
                                    IsafDatabaseFunc    func,
                                    gpointer            data,
                                    GDestroyNotify      data_free,
                                    gpointer            source_tag,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data);
/* The job's @data once it has run, or NULL with @error set (also when it was cancelled). */
gpointer  isaf_store_job_finish    (IsafStore          *store,
                                    GAsyncResult       *result,
                                    gpointer            source_tag,
                                    GError            **error);

G_END_DECLS
