/* fuzz.h: the entry point every harness defines (libFuzzer's), so that
 * the same harness runs under libFuzzer and under the corpus replay. */
#pragma once

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);
