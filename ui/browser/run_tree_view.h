#pragma once
// Forks drawn as a tree: each run under the run it was forked from, with the
// epoch it started from and its best validation figure. Choosing a run
// chooses its lineage (the run and every ancestor), whose curves the browser
// overlays: a fork's points continue its parent's exactly from that epoch.
#include <QTreeWidget>
#include <vector>

namespace strata::ui {

struct RunRow;

class RunTreeView : public QTreeWidget {
  Q_OBJECT
 public:
  explicit RunTreeView(QWidget* parent = nullptr);
  void set_runs(const std::vector<RunRow>& runs);
  QTreeWidgetItem* item_of(const QString& run_id) const;
  // The run and its ancestors, oldest first.
  QStringList lineage(const QString& run_id) const;

 signals:
  void lineage_chosen(const QStringList& runs);

 private:
  std::map<QString, QString> parent_;
};

}  // namespace strata::ui
