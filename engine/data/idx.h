#pragma once
// IDX files (MNIST, Fashion-MNIST), plain or gzipped: unsigned-byte images
// and labels. Images stay raw pixels (0 to 255, as floats; the dataset's
// preprocessing scales them); each sample is [1, rows, cols].
#include <cstdint>
#include <string>

#include "data/dataset.h"

namespace strata {

// Reads an image file and its label file; at most `limit` samples (0: all).
// Throws strata::Error naming the file and the place for a truncated file,
// a wrong magic number, mismatched counts or a label out of range.
Dataset load_idx(const std::string& images, const std::string& labels, int64_t limit = 0, int64_t classes = 10);

}  // namespace strata
