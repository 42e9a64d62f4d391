/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isaf-record.h"

G_BEGIN_DECLS

#define ISAF_TYPE_REGISTRY_VIEW (isaf_registry_view_get_type ())

G_DECLARE_FINAL_TYPE (IsafRegistryView, isaf_registry_view, ISAF, REGISTRY_VIEW, AdwBin)

/* The text a column shows for @record (transfer full, nullable). */
typedef char    *(*IsafRegistryTextFunc)   (IsafRecord *record,
                                            gpointer    user_data);
/* A number to sort @record by, for columns whose text does not sort (numbers, years). */
typedef gint64   (*IsafRegistryKeyFunc)    (IsafRecord *record,
                                            gpointer    user_data);
/* Whether @record is shown when item @selected of the view's filter is chosen. */
typedef gboolean (*IsafRegistryFilterFunc) (IsafRecord *record,
                                            guint       selected,
                                            gpointer    user_data);

typedef enum {
  ISAF_REGISTRY_COLUMN_EXPAND = 1 << 0,
  /* Right-aligned, with digits of equal width. */
  ISAF_REGISTRY_COLUMN_NUMERIC = 1 << 1,
  /* Text that needs attention: shown with a warning sign, in the warning colour. */
  ISAF_REGISTRY_COLUMN_WARNING = 1 << 2,
} IsafRegistryColumnFlags;

typedef struct {
  /* Untranslated (N_): the view translates it. */
  const char *title;
  IsafRegistryTextFunc text;
  /* A second, dimmer line under the text, or NULL. */
  IsafRegistryTextFunc secondary;
  /* NULL: sorted by the text, in the order of the language. */
  IsafRegistryKeyFunc sort_key;
  IsafRegistryColumnFlags flags;
} IsafRegistryColumn;

const char *isaf_registry_view_get_table    (IsafRegistryView          *self);
void        isaf_registry_view_set_columns  (IsafRegistryView          *self,
                                             const IsafRegistryColumn  *columns,
                                             guint                      n_columns,
                                             gpointer                   user_data);
void        isaf_registry_view_set_filter   (IsafRegistryView          *self,
                                             const char * const        *labels,
                                             IsafRegistryFilterFunc     func);
void        isaf_registry_view_set_records  (IsafRegistryView          *self,
                                             GPtrArray                 *records);
void        isaf_registry_view_refresh      (IsafRegistryView          *self);
IsafRecord *isaf_registry_view_get_selected (IsafRegistryView          *self);
gboolean    isaf_registry_view_select       (IsafRegistryView          *self,
                                             const IsafUuid            *id);

G_END_DECLS
