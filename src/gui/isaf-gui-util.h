/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isaf-context.h"
#include "isaf-gazetteer.h"
#include "isaf-uuid.h"

G_BEGIN_DECLS

guint                     isaf_gui_uuid_hash           (gconstpointer  key);
gboolean                  isaf_gui_uuid_equal          (gconstpointer  a,
                                                        gconstpointer  b);
gboolean                  isaf_gui_is_khmer_interface  (void);
char                     *isaf_gui_format_date         (IsafContext   *context,
                                                        const char    *iso);
const IsafGazetteerEntry *isaf_gui_lookup_village      (const char    *code);
char                     *isaf_gui_dup_village_label   (const char    *code);
void                      isaf_gui_set_wrapping_text   (GtkLabel      *label,
                                                        const char    *text);
char                     *isaf_gui_dup_row_text        (const char    *text);
GtkWidget                *isaf_gui_create_message_row  (GtkLabel     **label);
gboolean                  isaf_gui_ids_contain         (GArray        *ids,
                                                        const IsafUuid *id);

G_END_DECLS
