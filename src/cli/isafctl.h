/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the commands of isafctl share (isafctl.c): exit statuses, errors, options. */

enum {
  EXIT_OK = 0,
  EXIT_FAILED = 1,
  EXIT_USAGE = 2,
};

/* Prints @error's message and frees it; returns EXIT_FAILED. */
int       isafctl_fail           (GError         *error);
/* Parses a command's options into @entries; FALSE, after saying why, on a bad option or an
 * argument the command does not take. */
gboolean  isafctl_parse_options  (const char     *command,
                                  const char     *summary,
                                  GOptionEntry   *entries,
                                  int            *argc,
                                  char         ***argv);

G_END_DECLS
