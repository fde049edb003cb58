#pragma once
// The graphs of two selected runs compared, the older as the baseline: nodes added and removed,
// parameters changed (with both values), links added and removed. "Show on
// the Canvas" opens the second run's graph in the editor with the added and
// changed nodes outlined.
#include <QWidget>
#include <vector>

#include "graph/graph_diff.h"

class QLabel;
class QPushButton;
class QTreeWidget;

namespace strata::ui {

struct RunRow;

class CompareGraphs : public QWidget {
  Q_OBJECT
 public:
  explicit CompareGraphs(QWidget* parent = nullptr);
  void set_runs(const std::vector<const RunRow*>& selected);
  QTreeWidget* tree() const { return tree_; }
  const GraphDiff& diff() const { return diff_; }

 signals:
  void show_on_canvas(const QString& first, const QString& second);

 private:
  QLabel* title_;
  QTreeWidget* tree_;
  QPushButton* show_;
  GraphDiff diff_;
  QString first_, second_;
};

// "units: 16 → 32" for the canvas and the list.
QString change_text(const GraphDiff::Change& c);

}  // namespace strata::ui
