/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "isaf-database.h"
#include "isaf-record.h"

G_BEGIN_DECLS

#define ISAF_TYPE_STORE (isaf_store_get_type ())

G_DECLARE_FINAL_TYPE (IsafStore, isaf_store, ISAF, STORE, GObject)

IsafStore    *isaf_store_new             (IsafDatabase   *database);
IsafDatabase *isaf_store_get_database    (IsafStore      *self);

/* One user action: every record saved, or none. */
gboolean      isaf_store_save            (IsafStore      *self,
                                          GPtrArray      *records,
                                          GError        **error);
void          isaf_store_save_async      (IsafStore      *self,
                                          GPtrArray      *records,
                                          GCancellable   *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer        user_data);
gboolean      isaf_store_save_finish     (IsafStore      *self,
                                          GAsyncResult   *result,
                                          GError        **error);

/* The rows one delete marked as deleted, so that it can be undone exactly. */
typedef struct _IsafDeletion IsafDeletion;

void          isaf_deletion_free         (IsafDeletion   *deletion);
guint         isaf_deletion_get_n_rows   (IsafDeletion   *deletion);

/* Marks a row and everything that belongs to it as deleted (tombstones that sync);
 * @deletion, when not NULL, receives what was deleted, for isaf_store_undo_delete(). */
gboolean      isaf_store_delete          (IsafStore      *self,
                                          const char     *table,
                                          const IsafUuid *id,
                                          IsafDeletion  **deletion,
                                          GError        **error);
void          isaf_store_delete_async    (IsafStore      *self,
                                          const char     *table,
                                          const IsafUuid *id,
                                          GCancellable   *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer        user_data);
gboolean      isaf_store_delete_finish   (IsafStore      *self,
                                          GAsyncResult   *result,
                                          IsafDeletion  **deletion,
                                          GError        **error);
gboolean      isaf_store_undo_delete     (IsafStore      *self,
                                          IsafDeletion   *deletion,
                                          GError        **error);
void          isaf_store_undo_delete_async (IsafStore    *self,
                                          IsafDeletion   *deletion,
                                          GCancellable   *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer        user_data);
gboolean      isaf_store_undo_delete_finish (IsafStore   *self,
                                          GAsyncResult   *result,
                                          GError        **error);

IsafRecord   *isaf_store_get             (IsafStore      *self,
                                          const char     *table,
                                          const IsafUuid *id,
                                          GError        **error);
GPtrArray    *isaf_store_list            (IsafStore      *self,
                                          const char     *table,
                                          const char     *parent_column,
                                          const IsafUuid *parent_id,
                                          GError        **error);
void          isaf_store_list_async      (IsafStore      *self,
                                          const char     *table,
                                          const char     *parent_column,
                                          const IsafUuid *parent_id,
                                          GCancellable   *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer        user_data);
GPtrArray    *isaf_store_list_finish     (IsafStore      *self,
                                          GAsyncResult   *result,
                                          GError        **error);

/* Sets up a new database for one commune of the gazetteer, with its villages. */
gboolean      isaf_store_create_commune  (IsafStore      *self,
                                          const char     *commune_code,
                                          GError        **error);

/* The same operations for code already running on the database thread. */
gboolean      isaf_store_write_record    (IsafDatabase   *database,
                                          IsafRecord     *record,
                                          GError        **error);
gboolean      isaf_store_write_delete    (IsafDatabase   *database,
                                          const IsafTable *table,
                                          const IsafUuid *id,
                                          IsafDeletion   *deletion,
                                          GError        **error);
gboolean      isaf_store_write_undo_delete (IsafDatabase *database,
                                          IsafDeletion   *deletion,
                                          GError        **error);
IsafRecord   *isaf_store_read_record     (IsafDatabase   *database,
                                          const char     *table,
                                          const IsafUuid *id,
                                          GError        **error);
GPtrArray    *isaf_store_read_list       (IsafDatabase   *database,
                                          const char     *table,
                                          const char     *parent_column,
                                          const IsafUuid *parent_id,
                                          GError        **error);
gboolean      isaf_store_write_commune   (IsafDatabase   *database,
                                          const char     *commune_code,
                                          GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafDeletion, isaf_deletion_free)

G_END_DECLS
