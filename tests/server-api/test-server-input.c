/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Written by the bad-input brief: placeholder so the build stays whole until it lands. */
#include "config.h"

#include "isaf-test-server.h"

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  return g_test_run ();
}
