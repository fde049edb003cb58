#pragma once
// The "dataset" section of a project: which reader, which files, and how the
// data is split. Kinds so far:
//   {"kind": "fashion_mnist", "dir": "/usr/share/datasets/fashion-mnist"}   (Debian's dataset-fashion-mnist)
//   {"kind": "idx", "train_images": F, "train_labels": F, "test_images": F, "test_labels": F,
//    "classes": 10, "class_names": [...]}
// Relative paths are taken from the project file's folder.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "data/dataset.h"

namespace strata {

struct DataLimits {
  int64_t train = 0, test = 0;  // 0: all samples
};

struct LoadedData {
  Dataset train;
  std::optional<Dataset> test;
};

// Throws strata::Error naming `where` (e.g. "model.strata: dataset") and the
// field or file at fault.
LoadedData load_dataset(const nlohmann::json& config, const std::string& base_dir, const DataLimits& limits,
                        const std::string& where);

}  // namespace strata
