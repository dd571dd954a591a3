#ifndef CLIBFUZZER_SHIM_H
#define CLIBFUZZER_SHIM_H

#include <stddef.h>
#include <stdint.h>

// libFuzzer's driver without its `main` (libclang_rt.fuzzer_no_main, linked by `make fuzz`):
// each fuzz target is an ordinary executable whose `@main` hands its argv and test function here.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*testOneInput)(const uint8_t *data, size_t size));

#endif
