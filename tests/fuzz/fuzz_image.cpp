// libFuzzer target: see fuzz_readers.h for what it reads.
#include "fuzz_support.h"

STRATA_FUZZ_TARGET(read_image)
