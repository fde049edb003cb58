#pragma once
// Every run of the log as a table row: status (with the run's colour), name,
// experiment, project, start, duration, device, tags, parent, the model's
// parameters and FLOPs, every hyperparameter and, for every metric, its last
// value and its best with the epoch it came at. Columns are named by a stable
// key ("param:learning_rate", "best:val_accuracy") so a saved view finds them
// again. A new snapshot updates rows in place (inserts, removals, changed
// cells), so the selection and the scroll position survive a refresh.
#include <QAbstractTableModel>
#include <QStringList>
#include <vector>

#include "browser/runs_snapshot.h"

namespace strata::ui {

class RunsTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Role { SortRole = Qt::UserRole + 1, RunIdRole };
  enum class Kind { Status, Name, Experiment, Project, Started, Duration, Device, Tags, Parent, Parameters, Flops, Param, Last, Best };
  struct Column {
    Kind kind;
    std::string key;  // the parameter or metric
    QString id() const;  // "status", "param:learning_rate", "best:val_accuracy"
  };

  explicit RunsTableModel(QObject* parent = nullptr);
  void set_snapshot(RunsSnapshot snapshot);
  const std::vector<RunRow>& rows() const { return rows_; }
  const RunRow& row_at(int row) const { return rows_[size_t(row)]; }
  const RunRow* find(const QString& run_id) const;
  int row_of(const QString& run_id) const;
  const std::vector<Column>& columns() const { return columns_; }
  int column_of(const QString& column_id) const;  // -1 when absent
  // The columns shown when the user has not chosen (a saved view replaces them).
  static bool shown_by_default(const Column& c);
  // A run's status as the table shows it (translated).
  static QString status_text(const std::string& status);
  // Tell the views that colours changed (a run recoloured).
  void colors_changed();

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 private:
  QVariant display(const RunRow& r, const Column& c) const;
  QVariant sort_value(const RunRow& r, const Column& c) const;
  static std::vector<Column> columns_for(const std::vector<RunRow>& rows);
  std::vector<RunRow> rows_;
  std::vector<Column> columns_;
};

}  // namespace strata::ui
