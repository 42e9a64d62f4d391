/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isaf-context.h"
#include "isaf-record-form.h"

G_BEGIN_DECLS

#define ISAF_TYPE_RECORD_EDITOR (isaf_record_editor_get_type ())

G_DECLARE_FINAL_TYPE (IsafRecordEditor, isaf_record_editor, ISAF, RECORD_EDITOR, AdwWindow)

IsafRecordEditor    *isaf_record_editor_new       (IsafContext       *context,
                                                   GtkWidget         *parent,
                                                   const char        *title);
AdwPreferencesGroup *isaf_record_editor_add_group (IsafRecordEditor  *self,
                                                   const char        *title,
                                                   const char        *description);
void                 isaf_record_editor_add_form  (IsafRecordEditor  *self,
                                                   IsafRecordForm    *form);
gboolean             isaf_record_editor_get_can_save (IsafRecordEditor *self);

/* How the editor saves, in place of isaf_store_save_async(): a module's own save, which
 * checks its rules and writes what goes with the records (the JAAP keeps a status history).
 * @records are those to save, in the order the forms were added. */
typedef void     (*IsafRecordEditorSaveFunc)   (IsafStore          *store,
                                                GPtrArray          *records,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            callback_data,
                                                gpointer            user_data);
typedef gboolean (*IsafRecordEditorFinishFunc) (IsafStore          *store,
                                                GAsyncResult       *result,
                                                GError            **error);

void                 isaf_record_editor_set_save_func (IsafRecordEditor          *self,
                                                       IsafRecordEditorSaveFunc   save,
                                                       IsafRecordEditorFinishFunc finish,
                                                       gpointer                   user_data,
                                                       GDestroyNotify             destroy);

G_END_DECLS
