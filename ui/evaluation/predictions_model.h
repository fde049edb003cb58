#pragma once
// The Evaluation tab's predictions browser as a table model over the run's
// predictions for one split and epoch: rows are computed when the view draws
// them and sorted by index, so a test set of 60 000 samples fills and sorts
// at once (a QTableWidget would make five items per sample).
#include <QAbstractTableModel>
#include <vector>

#include "run/run_inspection.h"

namespace strata::ui {

class PredictionsModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { Sample, True, Predicted, Score, Correct };
  explicit PredictionsModel(QObject* parent = nullptr);

  // `rows`: the samples to show, in order. `p` must outlive the model's use
  // of it (the view's cache keeps it); nullptr empties the table.
  void set(const SplitPredictions* p, std::vector<int64_t> rows);
  int64_t sample_at(int row) const { return row >= 0 && size_t(row) < rows_.size() ? rows_[size_t(row)] : -1; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
  void sort(int column, Qt::SortOrder order) override;

 private:
  bool classes() const;
  size_t outputs() const;  // values per sample
  QVariant value(int64_t sample, int column) const;  // what a column sorts by
  const SplitPredictions* p_ = nullptr;
  std::vector<int64_t> rows_;
};

}  // namespace strata::ui
