/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ISAF_GAZETTEER_RESOURCE_PATH "/kh/gov/ncdd/IsafCommune/gazetteer.tsv"

#define ISAF_GAZETTEER_ERROR (isaf_gazetteer_error_quark ())

typedef enum
{
  ISAF_GAZETTEER_ERROR_CORRUPT,
  ISAF_GAZETTEER_ERROR_UNKNOWN_CODE,
} IsafGazetteerError;

/* The level follows from the length of the NCDD code: 2, 4, 6 or 8 digits. */
typedef enum
{
  ISAF_GAZETTEER_PROVINCE,
  ISAF_GAZETTEER_DISTRICT,
  ISAF_GAZETTEER_COMMUNE,
  ISAF_GAZETTEER_VILLAGE,
} IsafGazetteerLevel;

/* Entries belong to the gazetteer that returned them and live as long as it does. name_latin
 * may be empty: the source has no romanised name for one village. */
typedef struct
{
  const char *code;
  const char *name_km;
  const char *name_latin;
  const char *unit_km;
  const char *unit_en;
  IsafGazetteerLevel level;
} IsafGazetteerEntry;

typedef struct _IsafGazetteer IsafGazetteer;

GQuark                    isaf_gazetteer_error_quark    (void);

IsafGazetteer            *isaf_gazetteer_load           (GError                   **error);
IsafGazetteer            *isaf_gazetteer_new_from_bytes (GBytes                    *bytes,
                                                         GError                   **error);
IsafGazetteer            *isaf_gazetteer_get_default    (void);
IsafGazetteer            *isaf_gazetteer_ref            (IsafGazetteer             *self);
void                      isaf_gazetteer_unref          (IsafGazetteer             *self);

guint                     isaf_gazetteer_count          (IsafGazetteer             *self,
                                                         IsafGazetteerLevel         level);
const IsafGazetteerEntry *isaf_gazetteer_lookup         (IsafGazetteer             *self,
                                                         const char                *code);
gboolean                  isaf_gazetteer_validate_code  (IsafGazetteer             *self,
                                                         const char                *code,
                                                         IsafGazetteerLevel         level,
                                                         GError                   **error);
const IsafGazetteerEntry *isaf_gazetteer_get_parent     (IsafGazetteer             *self,
                                                         const IsafGazetteerEntry  *entry);
GPtrArray                *isaf_gazetteer_children       (IsafGazetteer             *self,
                                                         const char                *parent_code);
GPtrArray                *isaf_gazetteer_search         (IsafGazetteer             *self,
                                                         IsafGazetteerLevel         level,
                                                         const char                *within_code,
                                                         const char                *prefix);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafGazetteer, isaf_gazetteer_unref)

G_END_DECLS
