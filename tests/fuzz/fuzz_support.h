#pragma once
// What every fuzz target shares. A reader may refuse its input only with
// strata::Error (whose message names the file and the field); any other
// exception escaping a reader is a finding, like a crash, so it aborts.
#include <cstdio>
#include <cstdlib>

#include "core/error.h"
#include "fuzz_readers.h"

#define STRATA_FUZZ_TARGET(reader)                                                                       \
  extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {                              \
    try {                                                                                                \
      strata::fuzz::reader(data, size);                                                                  \
    } catch (const strata::Error&) {                                                                     \
    } catch (const std::exception& e) {                                                                  \
      std::fprintf(stderr, "a reader threw something other than strata::Error: %s\n", e.what());         \
      std::abort();                                                                                      \
    }                                                                                                    \
    return 0;                                                                                            \
  }
