/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* isafctl report (scorecard|interface|jaap|cip): a year's sheets as PDF or CSV. */
int isafctl_report (const char  *db_path,
                    int          argc,
                    char       **argv);

G_END_DECLS
