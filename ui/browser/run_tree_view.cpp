#include "browser/run_tree_view.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLocale>
#include <QPainter>
#include <cmath>
#include <map>

#include "browser/run_colors.h"
#include "browser/runs_snapshot.h"
#include "browser/runs_table_model.h"

namespace strata::ui {

RunTreeView::RunTreeView(QWidget* parent) : QTreeWidget(parent) {
  setObjectName(QStringLiteral("run_tree"));
  setColumnCount(5);
  setHeaderLabels({tr("Run"), tr("Status"), tr("Starts from"), tr("Best validation"), tr("Started")});
  header()->setSectionResizeMode(QHeaderView::ResizeToContents);  // every column readable; the last takes the rest
  header()->setStretchLastSection(true);
  setRootIsDecorated(true);
  setUniformRowHeights(true);
  connect(this, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
    if (item) emit lineage_chosen(lineage(item->data(0, Qt::UserRole).toString()));
  });
}

QTreeWidgetItem* RunTreeView::item_of(const QString& run_id) const {
  QTreeWidgetItemIterator it(const_cast<RunTreeView*>(this));
  for (; *it; ++it)
    if ((*it)->data(0, Qt::UserRole).toString() == run_id) return *it;
  return nullptr;
}

QStringList RunTreeView::lineage(const QString& run_id) const {
  QStringList out;
  for (QString id = run_id; !id.isEmpty() && !out.contains(id);) {
    out.prepend(id);
    const auto it = parent_.find(id);
    id = it == parent_.end() ? QString() : it->second;
  }
  return out;
}

void RunTreeView::set_runs(const std::vector<RunRow>& runs) {
  const QString current = currentItem() ? currentItem()->data(0, Qt::UserRole).toString() : QString();
  const QSignalBlocker block(this);
  clear();
  parent_.clear();
  std::map<QString, QTreeWidgetItem*> items;
  // Oldest first, so a parent's item exists before its children's.
  for (const RunRow* r : oldest_first(runs)) {
    const QString parent = QString::fromStdString(r->record.parent);
    auto* item = new QTreeWidgetItem;
    item->setIcon(0, run_dot(run_color(r->id)));
    item->setText(0, QStringLiteral("%1  %2").arg(QString::fromStdString(r->record.name.empty() ? r->record.id : r->record.name), r->id));
    item->setData(0, Qt::UserRole, r->id);
    item->setText(1, RunsTableModel::status_text(r->record.status));
    item->setText(2, parent.isEmpty() ? tr("new") : tr("%1 after epoch %2").arg(parent).arg(r->record.fork_epoch));
    int epoch = 0;
    double best = r->best("val_accuracy", &epoch);
    QString what = QStringLiteral("val_accuracy");
    if (std::isnan(best)) best = r->best("val_loss", &epoch), what = QStringLiteral("val_loss");
    if (!std::isnan(best)) item->setText(3, QStringLiteral("%1 %2 @%3").arg(what, QLocale().toString(best, 'f', 4)).arg(epoch + 1));
    item->setText(4, QLocale().toString(QDateTime::fromMSecsSinceEpoch(qint64(r->record.started * 1000)), QLocale::ShortFormat));
    const auto p = items.find(parent);
    if (!parent.isEmpty()) parent_[r->id] = parent;
    if (p != items.end()) p->second->addChild(item);
    else insertTopLevelItem(0, item);  // newest families first
    items[r->id] = item;
  }
  expandAll();
  if (QTreeWidgetItem* again = item_of(current)) setCurrentItem(again);
}

}  // namespace strata::ui
