/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* The fuzz target (fuzz-wire.c), run by libFuzzer in a clang build and by fuzz-driver.c in
 * the normal test suite. */
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* How many inputs at least one decoder accepted, for the driver's summary. */
extern unsigned int fuzz_wire_accepted;
