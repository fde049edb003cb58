#pragma once
// Every error and warning of the graph's analysis: the node, the field, the
// message and the fix where one is known. A click selects the node and
// centres it on the canvas.
#include <QWidget>

class QTreeWidget;
class QLabel;

namespace strata::ui {

class ProjectDocument;

class ProblemsPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ProblemsPanel(ProjectDocument* doc, QWidget* parent = nullptr);
  QTreeWidget* table() const { return table_; }

 signals:
  void node_chosen(const QString& id);
  void counts_changed(int errors, int warnings);

 private:
  void refill();
  ProjectDocument* doc_;
  QTreeWidget* table_;
  QLabel* empty_;
};

}  // namespace strata::ui
