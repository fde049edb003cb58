#pragma once
// An in-memory dataset: samples as float32 rows (batch-first), labels as
// class indices (stored as floats) or value rows. Readers for each file
// format fill one (data/idx.h, ...); data/dataset_config.h builds the
// train/validation/test sets a project's "dataset" section describes.
#include <cstdint>
#include <string>
#include <vector>

#include "core/shape.h"
#include "graph/analysis.h"

namespace strata {

struct Dataset;
// A short hex digest of a dataset's shapes, samples and labels (CRC-32 of
// each, combined), recorded with every run so runs on different data are told apart.
std::string dataset_fingerprint(const Dataset& d);

struct Dataset {
  std::string name;
  Shape sample_shape;                          // per sample
  LabelKind labels = LabelKind::ClassIndex;
  int64_t classes = 0;                         // ClassIndex
  Shape label_shape;                           // Values: per sample
  std::vector<std::string> class_names;
  std::vector<float> x;                        // [size, numel(sample_shape)]
  std::vector<float> y;                        // [size] or [size, numel(label_shape)]

  int64_t sample_size() const { return numel(sample_shape); }
  int64_t label_size() const { return labels == LabelKind::ClassIndex ? 1 : numel(label_shape); }
  int64_t size() const { return sample_size() ? int64_t(x.size()) / sample_size() : 0; }
  DataSpec spec() const { return {sample_shape, labels, classes, label_shape}; }

  // The first n samples (all when n <= 0 or n >= size).
  void truncate(int64_t n);
  // Reorders the samples by a permutation drawn from `seed`.
  void shuffle(uint64_t seed);
  // Splits off the last `fraction` of the samples (after a seeded shuffle) as a new dataset.
  Dataset split_off(double fraction, uint64_t seed);
};

}  // namespace strata
