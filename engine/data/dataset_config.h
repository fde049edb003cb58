#pragma once
// The "dataset" section of a project: which reader, which files, how the data
// is split, normalised and augmented. Kinds:
//   fashion_mnist  {"dir": "/usr/share/datasets/fashion-mnist"}   (Debian's dataset-fashion-mnist)
//   idx            {"train_images", "train_labels", "test_images", "test_labels", "classes": 10, "class_names"}
//   cifar10        {"dir", "train_files": [data_batch_1.bin ...], "test_files": [test_batch.bin]}
//   csv            {"train", "test", "label", "task": "classification"|"regression", "features": [...],
//                   "standardize": true, "format": "csv"|"sklearn"}
//   image_folder   {"train", "test", "channels": 3, "size": [h, w]}
//   text_csv       {"train", "test", "text": "text", "label": "label", "tokens": "word"|"char",
//                   "vocab_size": 10000, "length": 64}
// Every kind also takes "test_split" (hold out a seeded fraction of the
// training data as the test set when there is no test file), "augment"
// (data/augment.h, image kinds) and "normalize" ({"mean": [...], "std": [...]},
// one value per channel of images or per feature, of the values as they would
// otherwise reach the model: pixels in [0, 1], standardised features). Every
// scaling is one Preprocessing (data/preprocessing.h), recorded with each run.
// image_folder without "size" takes the images' own size (the most common one
// when they differ, with a note). Relative paths are taken from the project
// file's folder.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "data/augment.h"
#include "data/dataset.h"
#include "data/preprocessing.h"

namespace strata {

struct DataLimits {
  int64_t train = 0, test = 0;  // 0: all samples
};

struct LoadedData {
  Dataset train;
  std::optional<Dataset> test;
  AugmentConfig augment;
  Preprocessing preprocessing;     // what turned the raw samples into these (data/preprocessing.h)
  std::vector<std::string> notes;  // what the user should know: a size chosen for them, an empty class folder
};

// Throws strata::Error naming `where` (e.g. "model.strata: dataset") and the
// field, file and place at fault.
LoadedData load_dataset(const nlohmann::json& config, const std::string& base_dir, const DataLimits& limits,
                        const std::string& where);

// The same section with every relative path made absolute against base_dir,
// so a copy of the project saved elsewhere (a run's folder) reads the same files.
nlohmann::json absolute_dataset_paths(const nlohmann::json& config, const std::string& base_dir);

}  // namespace strata
