/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "isaf-database.h"
#include "isaf-format.h"
#include "isaf-record.h"
#include "isaf-reference.h"

G_BEGIN_DECLS

#define ISAF_I4C_ERROR (isaf_i4c_error_quark ())

typedef enum {
  /* Two staff rows of one sheet with the same category. */
  ISAF_I4C_ERROR_DUPLICATE_CATEGORY,
  /* The service unit is not in the commune's registry (any more). */
  ISAF_I4C_ERROR_NO_UNIT,
} IsafI4cError;

/* Whether a value meets its indicator's national standard. */
typedef enum {
  /* No value, or no standard to compare with. */
  ISAF_I4C_STANDARD_UNKNOWN,
  ISAF_I4C_STANDARD_MET,
  ISAF_I4C_STANDARD_NOT_MET,
} IsafI4cStandard;

/* Shown wherever a value is missing: never 0. */
#define ISAF_I4C_MISSING "—"

#define ISAF_TYPE_I4C (isaf_i4c_get_type ())

G_DECLARE_FINAL_TYPE (IsafI4c, isaf_i4c, ISAF, I4C, GObject)

GQuark               isaf_i4c_error_quark           (void);

/* Loading and saving */
IsafI4c             *isaf_i4c_load                  (IsafDatabase         *database,
                                                     const IsafUuid       *unit_id,
                                                     int                   year,
                                                     GError              **error);
void                 isaf_i4c_load_async            (IsafDatabase         *database,
                                                     const IsafUuid       *unit_id,
                                                     int                   year,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
IsafI4c             *isaf_i4c_load_finish           (IsafDatabase         *database,
                                                     GAsyncResult         *result,
                                                     GError              **error);
gboolean             isaf_i4c_save                  (IsafI4c              *self,
                                                     IsafDatabase         *database,
                                                     GError              **error);
void                 isaf_i4c_save_async            (IsafI4c              *self,
                                                     IsafDatabase         *database,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean             isaf_i4c_save_finish           (IsafI4c              *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* What the sheet is about */
IsafRecord          *isaf_i4c_get_unit              (IsafI4c              *self);
int                  isaf_i4c_get_year              (IsafI4c              *self);
gboolean             isaf_i4c_is_stored             (IsafI4c              *self);
gboolean             isaf_i4c_get_changed           (IsafI4c              *self);
GStrv                isaf_i4c_dup_changed_tables    (IsafI4c              *self);
gboolean             isaf_i4c_validate              (IsafI4c              *self,
                                                     GError              **error);

/* Indicators */
guint                isaf_i4c_get_n_indicators      (IsafI4c              *self);
const IsafIndicator *isaf_i4c_get_indicator         (IsafI4c              *self,
                                                     guint                 index);
gboolean             isaf_i4c_get_value             (IsafI4c              *self,
                                                     guint                 index,
                                                     double               *value);
gboolean             isaf_i4c_get_last_value        (IsafI4c              *self,
                                                     guint                 index,
                                                     double               *value);
void                 isaf_i4c_set_value             (IsafI4c              *self,
                                                     guint                 index,
                                                     double                value);
void                 isaf_i4c_clear_value           (IsafI4c              *self,
                                                     guint                 index);

/* Service standards and budget: columns of the set */
IsafRecord          *isaf_i4c_get_set               (IsafI4c              *self);
IsafRecord          *isaf_i4c_get_saved_set         (IsafI4c              *self);
IsafRecord          *isaf_i4c_get_last_set          (IsafI4c              *self);

/* Official fees, in poster order */
guint                isaf_i4c_get_n_fees            (IsafI4c              *self);
IsafRecord          *isaf_i4c_get_fee               (IsafI4c              *self,
                                                     guint                 index);
IsafRecord          *isaf_i4c_new_fee               (IsafI4c              *self);
void                 isaf_i4c_put_fee               (IsafI4c              *self,
                                                     IsafRecord           *fee);
void                 isaf_i4c_remove_fee            (IsafI4c              *self,
                                                     guint                 index);

/* Staff by category */
guint                isaf_i4c_get_n_staff           (IsafI4c              *self);
IsafRecord          *isaf_i4c_get_staff             (IsafI4c              *self,
                                                     guint                 index);
IsafRecord          *isaf_i4c_new_staff             (IsafI4c              *self);
gboolean             isaf_i4c_put_staff             (IsafI4c              *self,
                                                     IsafRecord           *staff,
                                                     GError              **error);
void                 isaf_i4c_remove_staff          (IsafI4c              *self,
                                                     guint                 index);

/* Last year's sheet */
gboolean             isaf_i4c_has_last_year         (IsafI4c              *self);
gboolean             isaf_i4c_can_copy_from_last_year (IsafI4c            *self);
gboolean             isaf_i4c_copy_from_last_year   (IsafI4c              *self);

/* Values as typed and shown */
gboolean             isaf_i4c_parse_value           (const char           *text,
                                                     gboolean             *missing,
                                                     double               *value,
                                                     GError              **error);
char                *isaf_i4c_format_value          (const double         *value,
                                                     IsafDigits            digits);
char                *isaf_i4c_format_standard       (const IsafIndicator  *indicator,
                                                     IsafDigits            digits);
const char          *isaf_i4c_get_measure_label     (const char           *measure);
IsafI4cStandard      isaf_i4c_check_standard        (const IsafIndicator  *indicator,
                                                     const double         *value);

/* The same for code already running on the database thread. */
IsafI4c             *isaf_i4c_read                  (IsafDatabase         *database,
                                                     const IsafUuid       *unit_id,
                                                     int                   year,
                                                     GError              **error);

G_END_DECLS
