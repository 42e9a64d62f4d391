/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *isaf_khmer_segment   (const char *text);
char     *isaf_khmer_normalize (const char *text);
gboolean  isaf_khmer_equal     (const char *a,
                                const char *b);
gboolean  isaf_khmer_is_khmer  (gunichar    c);

G_END_DECLS
