/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "isaf-types.h"

G_BEGIN_DECLS

#define ISAF_TYPE_DATABASE (isaf_database_get_type ())

G_DECLARE_FINAL_TYPE (IsafDatabase, isaf_database, ISAF, DATABASE, GObject)

typedef enum {
  ISAF_DATABASE_OPEN_EXISTING = 0,
  ISAF_DATABASE_OPEN_CREATE = 1 << 0,
  ISAF_DATABASE_OPEN_CREATE_NEW = 1 << 1,
  ISAF_DATABASE_OPEN_READ_ONLY = 1 << 2,
} IsafDatabaseOpenFlags;

/* A unit of work run on the database thread. For writes it runs inside one transaction that
 * commits when it returns TRUE and rolls back when it returns FALSE. */
typedef gboolean (*IsafDatabaseFunc) (IsafDatabase *self,
                                      gpointer      data,
                                      GError      **error);

char         *isaf_database_default_path     (const char             *configured);
IsafDatabase *isaf_database_open             (const char             *path,
                                              IsafDatabaseOpenFlags   flags,
                                              GError                **error);
IsafDatabase *isaf_database_open_at_version  (const char             *path,
                                              IsafDatabaseOpenFlags   flags,
                                              guint                   version,
                                              GError                **error);
void          isaf_database_open_async       (const char             *path,
                                              IsafDatabaseOpenFlags   flags,
                                              GCancellable           *cancellable,
                                              GAsyncReadyCallback     callback,
                                              gpointer                user_data);
IsafDatabase *isaf_database_open_finish      (GAsyncResult           *result,
                                              GError                **error);
void          isaf_database_close            (IsafDatabase           *self);

const char   *isaf_database_get_path         (IsafDatabase           *self);
char         *isaf_database_dup_commune_code (IsafDatabase           *self);

gboolean      isaf_database_run              (IsafDatabase           *self,
                                              IsafDatabaseMode        mode,
                                              IsafDatabaseFunc        func,
                                              gpointer                data,
                                              GError                **error);
void          isaf_database_run_async        (IsafDatabase           *self,
                                              IsafDatabaseMode        mode,
                                              IsafDatabaseFunc        func,
                                              gpointer                data,
                                              GDestroyNotify          data_destroy,
                                              GCancellable           *cancellable,
                                              GAsyncReadyCallback     callback,
                                              gpointer                user_data);
gboolean      isaf_database_run_finish       (IsafDatabase           *self,
                                              GAsyncResult           *result,
                                              GError                **error);

/* Only on the database thread, inside an IsafDatabaseFunc. */
sqlite3      *isaf_database_get_connection   (IsafDatabase           *self);
sqlite3_stmt *isaf_database_prepare          (IsafDatabase           *self,
                                              const char             *sql,
                                              GError                **error);
gboolean      isaf_database_exec             (IsafDatabase           *self,
                                              const char             *sql,
                                              GError                **error);
gboolean      isaf_database_step_done        (IsafDatabase           *self,
                                              sqlite3_stmt           *stmt,
                                              GError                **error);
void          isaf_database_set_error        (IsafDatabase           *self,
                                              int                     sqlite_code,
                                              GError                **error);
const char   *isaf_database_get_commune_code (IsafDatabase           *self);
gboolean      isaf_database_set_commune_code (IsafDatabase           *self,
                                              const char             *code,
                                              GError                **error);
gboolean      isaf_database_reload           (IsafDatabase           *self,
                                              GError                **error);
/* On the database thread: a clock another replica made; local clocks from now on are later. */
void          isaf_database_observe_clock    (IsafDatabase           *self,
                                              gint64                  hlc);
/* On the database thread: how far the server's clock is ahead of this computer's, measured at
 * the last sync; clocks stamped from now on use the corrected time (kept across restarts). */
gboolean      isaf_database_set_clock_offset (IsafDatabase           *self,
                                              gint64                  offset_ms,
                                              GError                **error);
gint64        isaf_database_get_state_int    (IsafDatabase           *self,
                                              const char             *key,
                                              gint64                  fallback);
gboolean      isaf_database_set_state_int    (IsafDatabase           *self,
                                              const char             *key,
                                              gint64                  value,
                                              GError                **error);

G_END_DECLS
