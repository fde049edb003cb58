#include "main_window.h"

#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QTableWidget>
#include <QVBoxLayout>

#include "runtime/devices.h"

namespace strata::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(tr("Strata"));
  resize(1100, 640);

  auto* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("&Open Project..."), QKeySequence::Open, this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Project"), {}, tr("Strata projects (*.strata)"));
    if (!path.isEmpty()) open_project(path);
  });
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
  auto* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&About Strata"), this, [this] {
    QMessageBox::about(this, tr("About Strata"),
                       tr("<b>Strata</b> 0.1.0<br>Design neural networks as graphs, train them on any GPU through "
                          "Vulkan or on the CPU, compare and export the runs."));
  });

  auto* central = new QWidget(this);
  auto* layout = new QVBoxLayout(central);
  auto* title = new QLabel(tr("<h2>Strata</h2><p>The node editor opens here once it is built. "
                              "These are the devices Strata can train on:</p>"),
                           central);
  title->setWordWrap(true);
  layout->addWidget(title);
  devices_ = new QTableWidget(central);
  layout->addWidget(devices_, 1);
  setCentralWidget(central);
  fill_devices();
}

void MainWindow::fill_devices() {
  const DeviceList list = list_devices();
  const QStringList headers{tr("Spec"), tr("Name"), tr("Type"), tr("Backend"), tr("Driver"), tr("Memory"), tr("Subgroup")};
  devices_->setColumnCount(headers.size());
  devices_->setHorizontalHeaderLabels(headers);
  devices_->setRowCount(int(list.devices.size()));
  devices_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  devices_->verticalHeader()->hide();
  for (int r = 0; r < int(list.devices.size()); ++r) {
    const auto& d = list.devices[size_t(r)];
    const QStringList cells{QString::fromStdString(d.spec()),        QString::fromStdString(d.name),
                            QString::fromStdString(d.type),          QString::fromStdString(d.backend_name()),
                            QString::fromStdString(d.driver),        tr("%1 MiB").arg(d.memory_bytes >> 20),
                            d.subgroup_size ? QString::number(d.subgroup_size) : QStringLiteral("-")};
    for (int c = 0; c < cells.size(); ++c) devices_->setItem(r, c, new QTableWidgetItem(cells[c]));
  }
  devices_->resizeColumnsToContents();
  devices_->horizontalHeader()->setStretchLastSection(true);
  statusBar()->showMessage(tr("Default device: %1").arg(QString::fromStdString(select_device("").name)));
  if (!list.vulkan_problem.empty())
    statusBar()->showMessage(tr("Vulkan unavailable: %1").arg(QString::fromStdString(list.vulkan_problem)));
}

void MainWindow::open_project(const QString& path) {
  QMessageBox::information(this, tr("Open Project"),
                           tr("Opening projects (%1) comes with the project-file support.").arg(path));
}

}  // namespace strata::ui
