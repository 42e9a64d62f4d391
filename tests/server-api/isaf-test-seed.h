/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The seed of a test's random choices, so that a failed run can be replayed: the number in
 * the environment variable @variable when it is set, else a new one. The test's log says
 * which, and how to replay it. */
guint32 isaf_test_seed_from_env (const char *variable);

G_END_DECLS
