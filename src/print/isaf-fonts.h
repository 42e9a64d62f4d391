/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The faces of the posters (DESIGN.md): official headings, Khmer body text, Latin text. */
typedef enum {
  ISAF_FONT_HEADING,
  ISAF_FONT_BODY,
  ISAF_FONT_LATIN,
} IsafFontRole;

#define ISAF_N_FONT_ROLES (ISAF_FONT_LATIN + 1)

/* The fonts as fontconfig resolved them, checked to be the intended families. */
typedef struct _IsafFonts IsafFonts;

const char *isaf_font_role_get_family (IsafFontRole      role);

IsafFonts  *isaf_fonts_load           (GError          **error);
void        isaf_fonts_free           (IsafFonts        *fonts);
const char *isaf_fonts_get_file       (const IsafFonts  *fonts,
                                       IsafFontRole      role);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafFonts, isaf_fonts_free)

G_END_DECLS
