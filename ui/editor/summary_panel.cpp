#include "editor/summary_panel.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "common/format.h"
#include "common/icons.h"
#include "common/theme.h"
#include "document/project_document.h"
#include "layers/registry.h"

namespace strata::ui {

SummaryPanel::SummaryPanel(ProjectDocument* doc, QWidget* parent) : QWidget(parent), doc_(doc) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 4);
  layout->setSpacing(4);
  table_ = new QTreeWidget(this);
  table_->setRootIsDecorated(false);
  table_->setAlternatingRowColors(true);
  table_->setUniformRowHeights(true);
  table_->setHeaderLabels({tr("Name"), tr("Type"), tr("Output"), tr("Parameters"), tr("FLOPs"), tr("Activations"),
                           tr("Forward"), tr("Backward")});
  table_->headerItem()->setToolTip(6, tr("Measured time per training step in a run's first epoch"));
  table_->headerItem()->setToolTip(7, tr("Measured time per training step in a run's first epoch"));
  table_->headerItem()->setToolTip(4, tr("Floating-point operations of the forward pass, per sample"));
  table_->headerItem()->setToolTip(5, tr("Memory of the values kept for the backward pass, at the project's batch size"));
  for (int c = 3; c < 8; ++c) table_->headerItem()->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
  table_->header()->setSectionResizeMode(QHeaderView::Interactive);
  table_->header()->setStretchLastSection(false);  // numbers stay beside their names, not at the far edge
  const int widths[] = {150, 170, 110, 100, 90, 100, 90, 90};
  for (int c = 0; c < 8; ++c) table_->setColumnWidth(c, widths[c]);
  totals_ = new QLabel(this);
  memory_ = new QLabel(this);
  memory_->setWordWrap(true);
  for (QLabel* l : {totals_, memory_}) l->setContentsMargins(6, 0, 6, 0);
  layout->addWidget(table_, 1);
  layout->addWidget(totals_);
  layout->addWidget(memory_);
  connect(doc_, &ProjectDocument::analyzed, this, &SummaryPanel::refill);
  connect(table_, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem* item) {
    emit node_chosen(item->data(0, Qt::UserRole).toString());
  });
  refill();
}

QString SummaryPanel::totals_text() const { return totals_->text(); }
QString SummaryPanel::memory_text() const { return memory_->text(); }

void SummaryPanel::set_device(const QString& name, uint64_t memory_bytes) {
  device_name_ = name;
  device_memory_ = memory_bytes;
  refill();
}

void SummaryPanel::set_measured(std::map<std::string, std::pair<double, double>> ms) {
  measured_ = std::move(ms);
  refill();
}

void SummaryPanel::refill() {
  const ModelReport& r = doc_->report();
  const int64_t batch = doc_->project().training.batch_size;
  table_->clear();
  for (const auto& rep : r.nodes) {
    auto* item = new QTreeWidgetItem(table_);
    item->setData(0, Qt::UserRole, QString::fromStdString(rep.id));
    item->setText(0, QString::fromStdString(rep.id));
    const LayerSpec* spec = find_layer(rep.type);
    if (spec) item->setIcon(1, category_icon(QString::fromStdString(spec->category)));
    item->setText(1, QString::fromStdString(rep.type));
    if (rep.ok) {
      item->setText(2, spec && spec->is_loss ? tr("loss") : shape_text(rep.shape.output));
      item->setText(3, count_text(rep.shape.parameters));
      item->setText(4, short_count_text(rep.shape.flops));
      item->setText(5, bytes_text(4.0 * double(rep.shape.activations) * double(batch)));
    } else {
      item->setText(2, QStringLiteral("\u2014"));
      item->setForeground(2, canvas_colors().error);
      item->setToolTip(2, QString::fromStdString(rep.message()));
    }
    if (const auto m = measured_.find(rep.id); m != measured_.end()) {
      item->setText(6, tr("%1 ms").arg(QLocale().toString(m->second.first, 'f', 2)));
      item->setText(7, tr("%1 ms").arg(QLocale().toString(m->second.second, 'f', 2)));
    }
    for (int c = 3; c < 8; ++c) item->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
  }
  totals_->setText(tr("<b>Total</b>: %1 parameters (%2), %3 FLOPs per sample")
                       .arg(count_text(r.parameters), bytes_text(4.0 * double(r.parameters + r.state)),
                            short_count_text(r.flops)));
  const QString step = bytes_text(double(r.training_bytes));
  memory_warning_ = device_memory_ > 0 && uint64_t(r.training_bytes) > device_memory_;
  // Whole sentences for each case: translations cannot join fragments.
  QString text;
  if (device_memory_ == 0)
    text = tr("A training step at batch %1 needs about <b>%2</b> (weights, gradients, optimizer state, activations).")
               .arg(batch)
               .arg(step);
  else if (memory_warning_)
    text = tr("A training step at batch %1 needs about <b>%2</b>, <span style='color:%3'><b>more than %4 has (%5)</b>: "
              "lower the batch size</span>.")
               .arg(batch)
               .arg(step, canvas_colors().error.name(), device_name_.toHtmlEscaped(), bytes_text(double(device_memory_)));
  else
    text = tr("A training step at batch %1 needs about <b>%2</b> (weights, gradients, optimizer state, activations); "
              "%3 has %4.")
               .arg(batch)
               .arg(step, device_name_.toHtmlEscaped(), bytes_text(double(device_memory_)));
  if (!r.ok()) text += QStringLiteral("<br>") + tr("Totals count only the nodes without errors.");
  memory_->setText(text);
}

}  // namespace strata::ui
