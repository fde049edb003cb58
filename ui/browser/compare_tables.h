#pragma once
// The selected runs side by side: their hyperparameters (with a "differences
// only" switch: the rows whose values are not all the same), and their final
// and best metrics, each run a column headed in its colour.
#include <QWidget>
#include <vector>

class QCheckBox;
class QTableWidget;

namespace strata::ui {

struct RunRow;

class CompareParams : public QWidget {
  Q_OBJECT
 public:
  explicit CompareParams(QWidget* parent = nullptr);
  void set_runs(const std::vector<const RunRow*>& runs);
  QTableWidget* table() const { return table_; }
  QCheckBox* differences_only() const { return diff_; }
  // The parameter keys shown now (rows), for tests.
  QStringList shown_keys() const;

 private:
  void rebuild();
  QCheckBox* diff_;
  QTableWidget* table_;
  std::vector<const RunRow*> runs_;
};

class CompareMetrics : public QWidget {
  Q_OBJECT
 public:
  explicit CompareMetrics(QWidget* parent = nullptr);
  void set_runs(const std::vector<const RunRow*>& runs);
  QTableWidget* table() const { return table_; }

 private:
  QTableWidget* table_;
};

// Column headers in the runs' colours, shared by both tables.
void set_run_columns(QTableWidget* table, const std::vector<const RunRow*>& runs);

}  // namespace strata::ui
