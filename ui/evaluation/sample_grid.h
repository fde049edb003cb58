#pragma once
// Samples of a dataset as a grid: pictures for images, rows of values
// otherwise, each with a caption (true and predicted class, confidence).
#include <QListWidget>
#include <vector>

#include "data/dataset.h"

namespace strata::ui {

class SampleGrid : public QListWidget {
  Q_OBJECT
 public:
  explicit SampleGrid(QWidget* parent = nullptr);
  // Shows `indices` of `data` with their captions (same length); at most `limit` of them.
  void show_samples(const Dataset& data, const std::vector<int64_t>& indices, const QStringList& captions, int limit = 200);
  // The sample index of an item.
  static int64_t sample_of(const QListWidgetItem* item);

 signals:
  void sample_activated(qint64 index);
};

}  // namespace strata::ui
