/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *isaf_choice_get_label (const char *value);

G_END_DECLS
