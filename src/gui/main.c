/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-commune"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "isaf-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(IsafApplication) app = NULL;
  const char *localedir = g_getenv ("ISAF_LOCALEDIR");

  setlocale (LC_ALL, "");
  /* ISAF_LOCALEDIR lets an uninstalled build find its own translations. */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && localedir[0] != '\0' ? localedir
                                                                              : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = isaf_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
