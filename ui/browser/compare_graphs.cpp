#include "browser/compare_graphs.h"

#include <QCoreApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>

#include "browser/runs_snapshot.h"

namespace strata::ui {

namespace {
QString value_text(const nlohmann::json& v) {
  if (v.is_null()) return QCoreApplication::translate("strata::ui::CompareGraphs", "default");
  return QString::fromStdString(v.is_string() ? v.get<std::string>() : v.dump());
}
}  // namespace

QString change_text(const GraphDiff::Change& c) {
  return QStringLiteral("%1: %2 \u2192 %3").arg(QString::fromStdString(c.key), value_text(c.before), value_text(c.after));
}

CompareGraphs::CompareGraphs(QWidget* parent) : QWidget(parent) {
  title_ = new QLabel;
  title_->setWordWrap(true);
  show_ = new QPushButton(tr("Show on the Canvas"));
  show_->setObjectName(QStringLiteral("show_graph_diff"));
  show_->setToolTip(tr("Open the second run's graph in the editor with what differs outlined"));
  tree_ = new QTreeWidget;
  tree_->setObjectName(QStringLiteral("graph_diff"));
  tree_->setColumnCount(2);
  tree_->setHeaderLabels({tr("Difference"), tr("Detail")});
  tree_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  auto* top = new QHBoxLayout;
  top->addWidget(title_, 1);
  top->addWidget(show_);
  auto* lay = new QVBoxLayout(this);
  lay->setContentsMargins(0, 4, 0, 0);
  lay->addLayout(top);
  lay->addWidget(tree_, 1);
  connect(show_, &QPushButton::clicked, this, [this] { emit show_on_canvas(first_, second_); });
  set_runs({});
}

void CompareGraphs::set_runs(const std::vector<const RunRow*>& selected) {
  // The older run is the baseline, whatever order they were selected in.
  const std::vector<const RunRow*> runs = oldest_first(selected);
  tree_->clear();
  diff_ = {};
  if (runs.size() < 2) {
    first_.clear(), second_.clear();
    title_->setText(tr("Select two runs to compare their graphs."));
    show_->setEnabled(false);
    return;
  }
  first_ = runs[0]->id, second_ = runs[1]->id;
  diff_ = diff_graphs(runs[0]->record.graph, runs[1]->record.graph);
  title_->setText(diff_.empty() ? tr("Runs %1 and %2 trained the same graph.").arg(first_, second_)
                                : tr("From run %1 to run %2:").arg(first_, second_));
  show_->setEnabled(!diff_.empty());
  auto group = [this](const QString& title, const std::vector<std::string>& items) {
    if (items.empty()) return;
    auto* g = new QTreeWidgetItem(tree_, {title.arg(items.size())});
    for (const auto& i : items) new QTreeWidgetItem(g, {QString::fromStdString(i)});
  };
  group(tr("Nodes added (%1)"), diff_.added);
  group(tr("Nodes removed (%1)"), diff_.removed);
  if (!diff_.changed.empty()) {
    auto* g = new QTreeWidgetItem(tree_, {tr("Parameters changed (%1)").arg(diff_.changed.size())});
    for (const auto& c : diff_.changed) new QTreeWidgetItem(g, {QString::fromStdString(c.node), change_text(c)});
  }
  group(tr("Links added (%1)"), diff_.links_added);
  group(tr("Links removed (%1)"), diff_.links_removed);
  tree_->expandAll();
}

}  // namespace strata::ui
