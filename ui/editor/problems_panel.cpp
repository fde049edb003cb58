#include "editor/problems_panel.h"

#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "common/icons.h"
#include "common/theme.h"
#include "document/project_document.h"

namespace strata::ui {

ProblemsPanel::ProblemsPanel(ProjectDocument* doc, QWidget* parent) : QWidget(parent), doc_(doc) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  table_ = new QTreeWidget(this);
  table_->setRootIsDecorated(false);
  table_->setColumnCount(4);
  table_->setHeaderLabels({tr("Node"), tr("Field"), tr("Problem"), tr("Fix")});
  table_->setAlternatingRowColors(true);
  table_->setWordWrap(true);
  table_->header()->setStretchLastSection(true);
  table_->header()->setSectionResizeMode(2, QHeaderView::Stretch);
  table_->setColumnWidth(0, 150);
  table_->setColumnWidth(1, 100);
  empty_ = new QLabel(tr("No problems: the graph is ready to train."), this);
  empty_->setAlignment(Qt::AlignCenter);
  empty_->setEnabled(false);
  layout->addWidget(table_);
  layout->addWidget(empty_);
  connect(doc_, &ProjectDocument::analyzed, this, &ProblemsPanel::refill);
  connect(table_, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem* item) {
    const QString id = item->data(0, Qt::UserRole).toString();
    if (!id.isEmpty()) emit node_chosen(id);
  });
  connect(table_, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
    const QString id = item->data(0, Qt::UserRole).toString();
    if (!id.isEmpty()) emit node_chosen(id);
  });
  refill();
}

void ProblemsPanel::refill() {
  const ModelReport& r = doc_->report();
  table_->clear();
  int errors = 0, warnings = 0;
  const CanvasColors c = canvas_colors();
  for (const auto& p : r.problems) {
    const bool error = p.severity == Problem::Severity::Error;
    (error ? errors : warnings)++;
    auto* item = new QTreeWidgetItem(table_);
    item->setIcon(0, action_icon(error ? QStringLiteral("error") : QStringLiteral("warning")));
    item->setForeground(0, error ? c.error : c.warning);
    item->setText(0, p.node.empty() ? tr("(graph)") : QString::fromStdString(p.node));
    item->setData(0, Qt::UserRole, QString::fromStdString(p.node));
    item->setText(1, QString::fromStdString(p.field));
    item->setText(2, QString::fromStdString(p.message));
    item->setText(3, QString::fromStdString(p.hint));
    for (int col = 0; col < 4; ++col) item->setToolTip(col, item->text(2) + (p.hint.empty() ? QString() : QStringLiteral("\n") + item->text(3)));
  }
  table_->setVisible(!r.problems.empty());
  empty_->setVisible(r.problems.empty());
  emit counts_changed(errors, warnings);
}

}  // namespace strata::ui
