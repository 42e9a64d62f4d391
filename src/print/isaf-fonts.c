/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-print"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <fontconfig/fontconfig.h>

#include "isaf-fonts.h"
#include "isaf-print-error.h"

/* Fonts are found through fontconfig, never by path. fontconfig always answers a match with
 * some font, so each answer is checked to be the family asked for: a poster set in a
 * substitute would come out in the wrong face, or with Khmer in boxes. */

typedef struct {
  const char *family;
  const char *package;
} FontSpec;

static const FontSpec font_specs[ISAF_N_FONT_ROLES] = {
  [ISAF_FONT_HEADING] = { "Khmer OS Muol Light", "fonts-khmeros" },
  [ISAF_FONT_BODY] = { "Khmer OS Battambang", "fonts-khmeros" },
  [ISAF_FONT_LATIN] = { "Noto Sans", "fonts-noto-core" },
};

struct _IsafFonts {
  char *files[ISAF_N_FONT_ROLES];
};

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcPattern, FcPatternDestroy)

static gboolean
has_family (FcPattern  *match,
            const char *family)
{
  FcChar8 *name;

  for (int i = 0; FcPatternGetString (match, FC_FAMILY, i, &name) == FcResultMatch; i++)
    if (g_ascii_strcasecmp ((const char *) name, family) == 0)
      return TRUE;
  return FALSE;
}

static char *
resolve (const FontSpec *spec,
         GError        **error)
{
  g_autoptr(FcPattern) pattern = FcPatternCreate ();
  g_autoptr(FcPattern) match = NULL;
  FcResult result = FcResultNoMatch;
  FcChar8 *file = NULL;
  FcChar8 *found = NULL;

  FcPatternAddString (pattern, FC_FAMILY, (const FcChar8 *) spec->family);
  FcConfigSubstitute (NULL, pattern, FcMatchPattern);
  FcDefaultSubstitute (pattern);
  match = FcFontMatch (NULL, pattern, &result);

  if (match != NULL && has_family (match, spec->family)
      && FcPatternGetString (match, FC_FILE, 0, &file) == FcResultMatch)
    return g_strdup ((const char *) file);

  if (match != NULL)
    FcPatternGetString (match, FC_FAMILY, 0, &found);
  g_message ("fontconfig resolves “%s” to “%s”", spec->family,
             found ? (const char *) found : "nothing");
  g_set_error (error, ISAF_PRINT_ERROR, ISAF_PRINT_ERROR_FONT_MISSING,
               /* Translators: the first %s is a font family, the second a Debian package. */
               _("The font “%s” is not installed, so posters cannot be made. Install the "
                 "Debian package %s and try again."),
               spec->family, spec->package);
  return NULL;
}

/**
 * isaf_fonts_load:
 * @error: return location for an %ISAF_PRINT_ERROR_FONT_MISSING error
 *
 * Resolves the poster fonts through fontconfig and checks that each is the family intended.
 *
 * Returns: (transfer full) (nullable): the fonts, or %NULL with @error set, naming the Debian
 *   package to install
 */
IsafFonts *
isaf_fonts_load (GError **error)
{
  g_autoptr(IsafFonts) fonts = g_new0 (IsafFonts, 1);

  if (!FcInit ())
    {
      g_set_error_literal (error, ISAF_PRINT_ERROR, ISAF_PRINT_ERROR_FONT_MISSING,
                           _("The font configuration of this computer could not be read, so "
                             "posters cannot be made. Reinstall the Debian package fontconfig."));
      return NULL;
    }

  for (guint i = 0; i < ISAF_N_FONT_ROLES; i++)
    {
      fonts->files[i] = resolve (&font_specs[i], error);
      if (fonts->files[i] == NULL)
        return NULL;
    }
  return g_steal_pointer (&fonts);
}

void
isaf_fonts_free (IsafFonts *fonts)
{
  if (fonts == NULL)
    return;
  for (guint i = 0; i < ISAF_N_FONT_ROLES; i++)
    g_free (fonts->files[i]);
  g_free (fonts);
}

/* The family Pango asks fontconfig for. */
const char *
isaf_font_role_get_family (IsafFontRole role)
{
  g_return_val_if_fail (role < ISAF_N_FONT_ROLES, NULL);

  return font_specs[role].family;
}

/* The file fontconfig resolved, for the PDF's invisible text layer. */
const char *
isaf_fonts_get_file (const IsafFonts *fonts,
                     IsafFontRole     role)
{
  g_return_val_if_fail (fonts != NULL, NULL);
  g_return_val_if_fail (role < ISAF_N_FONT_ROLES, NULL);

  return fonts->files[role];
}
