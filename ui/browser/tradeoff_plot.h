#pragma once
// Sony NNC's trade-off graph for every run of the log: one metric (its best
// value) against the model's parameters, its FLOPs, the time an epoch took,
// a numeric hyperparameter or another metric, each run a dot in its colour.
// "Pareto front only" keeps the runs no other run beats on both axes (less
// cost, better metric), joined by a line. Hover names the run; a click
// selects it in the table. Painted directly: a thousand dots cost nothing.
#include <QWidget>
#include <vector>

class QCheckBox;
class QComboBox;

namespace strata::ui {

struct RunRow;

class TradeoffCanvas;

class TradeoffPlot : public QWidget {
  Q_OBJECT
 public:
  explicit TradeoffPlot(QWidget* parent = nullptr);
  // All runs (the plot's population) and the ones selected in the table (ringed).
  void set_runs(const std::vector<const RunRow*>& runs, const QStringList& selected);
  QComboBox* x_box() const { return x_; }
  QComboBox* y_box() const { return y_; }
  QCheckBox* pareto_only() const { return pareto_; }
  // The runs drawn now (after the Pareto filter), for tests.
  QStringList shown_runs() const;

 signals:
  void run_clicked(const QString& run_id);

 private:
  void rebuild();
  QComboBox *x_, *y_;
  QCheckBox *pareto_, *log_x_;
  TradeoffCanvas* canvas_;
  std::vector<const RunRow*> runs_;
  QStringList selected_;
};

}  // namespace strata::ui
