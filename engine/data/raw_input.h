#pragma once
// Samples to predict on, read from a user's files in the raw form a run's
// preprocessing takes (data/preprocessing.h), so `strata predict` (and the
// editor) see exactly what training saw after Preprocessing::apply:
//   image     a PNG or JPEG file, a folder of them (searched recursively, in
//             name order), or a .npy of pixels from 0 to 255 (any integer or
//             float dtype) shaped [n, channels, height, width], [n, height,
//             width, channels] (channels last) or, for one channel,
//             [n, height, width]. Files are decoded and resized as in training.
//   features  a .npy [n, features], or CSV rows: with a header the run's
//             feature columns are picked by name (other columns, such as the
//             label, are ignored); without one (every field a number) the
//             rows hold the features in the run's order.
//   tokens    a CSV with the run's text column, or any other file with one
//             text per line (blank lines skipped); a .npy holds token ids.
// An input with no samples is an error.
#include <string>
#include <vector>

#include "data/preprocessing.h"

namespace strata {

struct RawSamples {
  int64_t count = 0;
  std::vector<float> values;       // count samples of the preprocessing's sample shape
  std::vector<std::string> names;  // per sample, where it came from (image files); empty otherwise
};

// Throws strata::Error naming the file (and line or column) for anything that
// does not fit the run's input.
RawSamples read_raw_samples(const std::string& path, const Preprocessing& p);

// Samples already preprocessed (`predict --preprocessed`): a .npy, batch
// first, with numel(sample_shape) values per sample.
RawSamples read_preprocessed_samples(const std::string& path, const Shape& sample_shape);

}  // namespace strata
