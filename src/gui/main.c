/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-commune"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <malloc.h>

#include "isaf-application.h"

/* The language chosen in Preferences takes effect through LANGUAGE, which gettext reads the
 * first time it translates, so it is set before anything is translated. GSettings needs no
 * GTK; without the schema (an uninstalled build run by hand) the system decides. */
static void
apply_language_setting (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *language = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    return;

  settings = g_settings_new_full (schema, NULL, NULL);
  language = g_settings_get_string (settings, "language");
  if (g_str_equal (language, "km") || g_str_equal (language, "en"))
    g_setenv ("LANGUAGE", language, TRUE);
}

/* gettext ignores LANGUAGE in the C locale, which is what a system without the locale it
 * names (LANG=km_KH.UTF-8 not generated, say) or a bare session ends up in; C.UTF-8 is
 * always there and lets LANGUAGE work. */
static void
set_locale (void)
{
  const char *locale = setlocale (LC_ALL, "");

  if (locale == NULL)
    locale = setlocale (LC_ALL, NULL);
  if (g_strcmp0 (locale, "C") == 0 || g_strcmp0 (locale, "POSIX") == 0)
    setlocale (LC_ALL, "C.UTF-8");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(IsafApplication) app = NULL;
  const char *localedir = g_getenv ("ISAF_LOCALEDIR");

  /* One malloc arena for all threads: glibc otherwise gives each thread that allocates (the
   * database thread, GLib's workers) an arena of its own, megabytes that a modest laptop
   * feels; this application's threads rarely allocate at the same time. */
  mallopt (M_ARENA_MAX, 1);

  apply_language_setting ();
  set_locale ();
  /* ISAF_LOCALEDIR lets an uninstalled build find its own translations. */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && localedir[0] != '\0' ? localedir
                                                                              : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = isaf_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
