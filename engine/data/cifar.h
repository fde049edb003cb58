#pragma once
// CIFAR-10 binary batches: records of one label byte and 3 x 32 x 32 pixel
// bytes (red, green, blue planes). Samples are [3, 32, 32], raw pixels from
// 0 to 255 (the dataset's preprocessing scales them).
#include <string>
#include <vector>

#include "data/dataset.h"

namespace strata {

// Throws naming the file and record for a truncated file or a label above 9.
Dataset load_cifar10(const std::vector<std::string>& files, int64_t limit = 0);

}  // namespace strata
