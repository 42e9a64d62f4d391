/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "isaf-test-seed.h"

guint32
isaf_test_seed_from_env (const char *variable)
{
  const char *text = g_getenv (variable);
  guint64 seed = 0;

  if (text != NULL && text[0] != '\0')
    g_assert_true (g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &seed, NULL));
  else
    seed = g_random_int ();
  g_test_message ("seed %u: %s=%u replays this run", (guint32) seed, variable, (guint32) seed);
  return (guint32) seed;
}
