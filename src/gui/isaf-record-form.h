/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isaf-context.h"
#include "isaf-record.h"

G_BEGIN_DECLS

#define ISAF_TYPE_RECORD_FORM (isaf_record_form_get_type ())

G_DECLARE_FINAL_TYPE (IsafRecordForm, isaf_record_form, ISAF, RECORD_FORM, GObject)

IsafRecordForm *isaf_record_form_new         (IsafContext          *context,
                                              IsafRecord           *record);
IsafRecord     *isaf_record_form_get_record  (IsafRecordForm       *self);
void            isaf_record_form_load        (IsafRecordForm       *self,
                                              IsafRecord           *record);
void            isaf_record_form_set_options (IsafRecordForm       *self,
                                              const char           *column,
                                              const IsafUuid       *ids,
                                              const char * const   *labels,
                                              guint                 n_options);
GtkWidget      *isaf_record_form_add_field   (IsafRecordForm       *self,
                                              AdwPreferencesGroup  *group,
                                              const char           *column,
                                              const char           *title);
void            isaf_record_form_set_warning (IsafRecordForm       *self,
                                              const char           *column,
                                              const char           *warning);
gboolean        isaf_record_form_get_valid   (IsafRecordForm       *self);
gboolean        isaf_record_form_get_changed (IsafRecordForm       *self);
IsafRecord     *isaf_record_form_build       (IsafRecordForm       *self);

G_END_DECLS
