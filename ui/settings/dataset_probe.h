#pragma once
// What the dataset panel shows about a project's dataset, read by the
// engine's own loader (load_dataset) off the UI thread: the shapes, sizes and
// classes, the count of each class, the first samples for the preview, and
// the reader's message (naming the file and field) when it cannot be read.
#include <QImage>
#include <QString>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/shape.h"
#include "data/augment.h"
#include "graph/analysis.h"

namespace strata::ui {

struct DatasetProbe {
  QString error;  // empty when the dataset reads
  Shape sample_shape;
  LabelKind labels = LabelKind::ClassIndex;
  Shape label_shape;  // LabelKind::Values
  int64_t train_size = 0, test_size = 0, classes = 0;
  std::vector<std::string> class_names;
  std::vector<int64_t> train_counts, test_counts;  // per class
  std::vector<std::vector<float>> samples;         // the first training samples, as the model gets them
  std::vector<float> sample_labels;                // their labels (class index, or the first label value)
  std::vector<std::string> notes;
  bool ok() const { return error.isEmpty(); }
  bool images() const { return sample_shape.size() == 3 && (sample_shape[0] == 1 || sample_shape[0] == 3); }
  QString class_name(int64_t c) const;
};

// Reads the whole dataset (for the class counts) and keeps `preview` samples.
DatasetProbe probe_dataset(const nlohmann::json& config, const std::string& base_dir, int preview = 32);

// A sample of shape [channels, height, width] (1 or 3 channels) as a picture,
// its values stretched to the full grey or colour range.
QImage sample_image(const std::vector<float>& values, const Shape& shape);

// `count` augmented versions of one image sample, as training would draw them.
std::vector<QImage> augmented_images(const std::vector<float>& sample, const Shape& shape, const AugmentConfig& augment,
                                     int count);

}  // namespace strata::ui
