#include "settings/device_panel.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include "common/format.h"
#include "common/icons.h"
#include "common/theme.h"
#include "document/project_document.h"

namespace strata::ui {

DevicePanel::DevicePanel(ProjectDocument* doc, QWidget* parent) : QWidget(parent), doc_(doc) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 4);
  table_ = new QTableWidget(this);
  table_->setObjectName(QStringLiteral("devices"));
  table_->setColumnCount(7);
  table_->setHorizontalHeaderLabels({tr("Device"), tr("Type"), tr("Backend"), tr("Driver"), tr("Memory"), tr("This model"), tr("Status")});
  table_->verticalHeader()->hide();
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->horizontalHeaderItem(5)->setToolTip(tr("Memory a training step needs at the project's batch size"));
  note_ = new QLabel(this);
  note_->setWordWrap(true);
  note_->setEnabled(false);
  note_->setContentsMargins(6, 0, 6, 0);
  layout->addWidget(table_, 1);
  layout->addWidget(note_);
  connect(table_, &QTableWidget::itemSelectionChanged, this, [this] {
    if (filling_) return;
    const int row = table_->currentRow();
    if (row >= 0 && size_t(row) < devices_.size()) emit device_chosen(QString::fromStdString(devices_[size_t(row)].spec()));
  });
  connect(doc_, &ProjectDocument::analyzed, this, &DevicePanel::refill);
}

void DevicePanel::set_devices(const std::vector<DeviceInfo>& devices, const QString& vulkan_problem) {
  devices_ = devices;
  vulkan_problem_ = vulkan_problem;
  refill();
}

void DevicePanel::set_chosen(const QString& spec, const QString& resolved) {
  chosen_ = spec, resolved_ = resolved;
  refill();
}

void DevicePanel::set_in_use(const QString& spec) {
  in_use_ = spec;
  refill();
}

void DevicePanel::refill() {
  filling_ = true;
  const ModelReport& r = doc_->report();
  const CanvasColors c = canvas_colors();
  table_->setRowCount(int(devices_.size()));
  int chosen_row = -1;
  for (size_t i = 0; i < devices_.size(); ++i) {
    const DeviceInfo& d = devices_[i];
    const QString spec = QString::fromStdString(d.spec());
    const bool fits = d.memory_bytes == 0 || uint64_t(r.training_bytes) <= d.memory_bytes;
    QStringList status;
    if (spec == in_use_) status << tr("training now");
    if (spec == chosen_ || (chosen_ == QLatin1String("auto") && spec == resolved_))
      status << (chosen_ == QLatin1String("auto") ? tr("chosen (best)") : tr("chosen")), chosen_row = int(i);
    const QStringList cells{QString::fromStdString(d.name) + QStringLiteral("  (") + spec + QLatin1Char(')'),
                            QString::fromStdString(d.type),
                            QString::fromStdString(d.backend_name()),
                            QString::fromStdString(d.driver),
                            d.memory_bytes ? bytes_text(double(d.memory_bytes)) : QStringLiteral("\u2014"),
                            r.ok() ? bytes_text(double(r.training_bytes)) + (fits ? QString() : tr(" (does not fit)")) : QStringLiteral("\u2014"),
                            status.join(QStringLiteral(", "))};
    for (int col = 0; col < cells.size(); ++col) {
      auto* item = new QTableWidgetItem(cells[col]);
      if (col == 0) item->setIcon(action_icon(QStringLiteral("device")));
      if (col == 5 && !fits) item->setForeground(c.error);
      if (col >= 4 && col <= 5) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
      table_->setItem(int(i), col, item);
    }
  }
  if (chosen_row >= 0) table_->selectRow(chosen_row);
  QString note = tr("The CPU backend uses the machine's memory, a Vulkan device its own. A training step that does not fit fails "
                    "when the model is compiled: lower the batch size.");
  if (!vulkan_problem_.isEmpty()) note = tr("Vulkan is unavailable: %1").arg(vulkan_problem_);
  note_->setText(note);
  filling_ = false;
}

}  // namespace strata::ui
