#pragma once
// The filter bar's query over the runs table. Free text: every word must
// occur in the run's id, name, experiment, project, status, device, tags or
// a "key=value" of its hyperparameters ("adam", "batch_size=64"). A word
// like "val_accuracy>0.8" or "learning_rate<=0.01" compares a numeric
// hyperparameter of that name, else that metric's best value. The status, experiment and tag choices
// narrow it further. Sorting uses the model's sort role (numbers as numbers,
// empty cells last).
#include <QSortFilterProxyModel>
#include <QString>
#include <vector>

namespace strata::ui {

class RunsTableModel;
struct RunRow;

class RunsFilterModel : public QSortFilterProxyModel {
  Q_OBJECT
 public:
  explicit RunsFilterModel(RunsTableModel* source, QObject* parent = nullptr);
  void set_text(const QString& text);
  void set_status(const QString& status);          // empty: any
  void set_experiment(const QString& experiment);  // empty: any
  void set_tag(const QString& tag);                // empty: any
  QString text() const { return text_; }
  // Words of the query this filter could not read (a comparison with no number).
  QStringList problems() const { return problems_; }
  bool accepts(const RunRow& row) const;

 protected:
  bool filterAcceptsRow(int source_row, const QModelIndex& source_parent) const override;
  bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

 private:
  struct Comparison {
    std::string key;
    QString op;
    double value;
  };
  RunsTableModel* runs_;
  QString text_, status_, experiment_, tag_;
  QStringList words_, problems_;
  std::vector<Comparison> comparisons_;
};

}  // namespace strata::ui
