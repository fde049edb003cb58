#include "browser/fork_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <filesystem>

#include "browser/runs_snapshot.h"

namespace strata::ui {

std::vector<int> recorded_epochs(const std::string& run_dir) {
  std::vector<int> out;
  std::error_code ec;
  static const QRegularExpression name(QStringLiteral("^epoch-(\\d+)\\.ck$"));
  for (const auto& f : std::filesystem::directory_iterator(run_dir, ec)) {
    const auto m = name.match(QString::fromStdString(f.path().filename().string()));
    if (m.hasMatch()) out.push_back(m.captured(1).toInt());
  }
  std::sort(out.begin(), out.end());
  return out;
}

ForkDialog::ForkDialog(const RunRow& run, QWidget* parent) : QDialog(parent), run_id_(run.record.id), original_(run.params) {
  setWindowTitle(tr("Fork run %1").arg(run.id));
  auto* form = new QFormLayout;
  epoch_ = new QComboBox;
  epoch_->setObjectName(QStringLiteral("fork_epoch"));
  for (int e : recorded_epochs(run.record.run_dir))
    epoch_->addItem(e == 0 ? tr("before training (epoch 0)") : tr("after epoch %1").arg(e), e);
  epoch_->setCurrentIndex(epoch_->count() - 1);
  form->addRow(tr("Start from"), epoch_);
  table_ = new QTableWidget(int(original_.size()), 2);
  table_->setObjectName(QStringLiteral("fork_settings"));
  table_->setHorizontalHeaderLabels({tr("Setting"), tr("Value")});
  table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->verticalHeader()->hide();
  int row = 0;
  for (const auto& [k, v] : original_) {
    auto* key = new QTableWidgetItem(QString::fromStdString(k));
    key->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    table_->setItem(row, 0, key);
    table_->setItem(row, 1, new QTableWidgetItem(QString::fromStdString(v)));
    ++row;
  }
  changes_ = new QLabel;
  changes_->setObjectName(QStringLiteral("fork_changes"));
  changes_->setWordWrap(true);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
  QPushButton* go = buttons->addButton(tr("Fork and run"), QDialogButtonBox::AcceptRole);
  go->setEnabled(epoch_->count() > 0);
  if (epoch_->count() == 0) changes_->setText(tr("This run kept no epoch checkpoints: there is nothing to fork from."));
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(table_, &QTableWidget::itemChanged, this, [this] { update_changes(); });
  auto* lay = new QVBoxLayout(this);
  lay->addLayout(form);
  lay->addWidget(new QLabel(tr("Training settings of the fork (edit a value to change it):")));
  lay->addWidget(table_, 1);
  lay->addWidget(changes_);
  lay->addWidget(buttons);
  resize(520, 480);
  if (epoch_->count() > 0) update_changes();
}

QStringList ForkDialog::changes() const {
  QStringList out;
  for (int r = 0; r < table_->rowCount(); ++r) {
    const std::string k = table_->item(r, 0)->text().toStdString();
    const QString now = table_->item(r, 1)->text().trimmed();
    const QString was = QString::fromStdString(original_.at(k));
    if (now != was) out << QStringLiteral("%1: %2 \u2192 %3").arg(QString::fromStdString(k), was, now);
  }
  return out;
}

void ForkDialog::update_changes() {
  const QStringList c = changes();
  changes_->setText(c.isEmpty() ? tr("The fork changes nothing: it continues with the same settings (a new branch).")
                                : tr("The fork changes: %1").arg(c.join(QStringLiteral("; "))));
}

RunRequest ForkDialog::request() const {
  RunRequest r;
  r.mode = RunRequest::Mode::Fork;
  r.run = run_id_;
  r.fork_epoch = epoch_->currentData().toInt();
  for (int row = 0; row < table_->rowCount(); ++row) {
    const std::string k = table_->item(row, 0)->text().toStdString();
    const std::string now = table_->item(row, 1)->text().trimmed().toStdString();
    if (now != original_.at(k)) r.sets.push_back(k + "=" + now);  // as `strata fork --set` takes it
  }
  return r;
}

}  // namespace strata::ui
